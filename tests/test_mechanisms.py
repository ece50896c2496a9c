"""Mechanisms as pure functions, on cases whose answer is known."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim import negotiation
from sim.metrics import agreement_quality, wilson_interval
from sim.preferences import Preferences, best_utility, reservation_values, utilities
from sim.trust import (
    dialogue,
    move_trust,
    perception_error,
    stated_positions,
)

unit_floats = st.floats(0.0, 1.0, allow_nan=False)


def two_party_prefs(fee: float = 0.0) -> Preferences:
    return Preferences(
        ideals=np.array([[0.2, 0.8], [0.8, 0.2]]),
        weights=np.array([[0.5, 0.5], [0.25, 0.75]]),
        stake=np.array([1.0, 1.0]),
        autonomy=np.array([0.2, 0.6]),
        fit_weight=1.0,
        synergy=0.5,
        fee=fee,
    )


class TestPreferences:
    def test_ideal_package_at_best_integration_is_the_best_utility(self):
        prefs = two_party_prefs()
        own_best = np.array([[0.2, 0.8, 1.0], [0.8, 0.2, 0.0]])  # party 1 prefers g=0
        values = utilities(own_best, prefs)
        assert values[0, 0] == pytest.approx(best_utility(prefs)[0])
        assert values[1, 1] == pytest.approx(best_utility(prefs)[1])

    def test_utility_falls_linearly_with_weighted_distance(self):
        prefs = two_party_prefs()
        base = np.array([[0.2, 0.8, 0.0]])
        moved = np.array([[0.2 + 0.3, 0.8, 0.0]])  # issue 0 moved 0.3 at weight 0.5
        drop = utilities(base, prefs)[0, 0] - utilities(moved, prefs)[0, 0]
        assert drop == pytest.approx(1.0 * 0.5 * 0.3)

    def test_autonomy_cost_times_integration(self):
        prefs = two_party_prefs()
        at = lambda g: utilities(np.array([[0.2, 0.8, g]]), prefs)[0, 0]  # noqa: E731
        # joint value 0.5 per unit g, autonomy 0.2: net slope 0.3
        assert at(1.0) - at(0.0) == pytest.approx(0.5 - 0.2)

    def test_fee_lowers_joint_value(self):
        package = np.array([[0.5, 0.5, 0.5]])
        assert np.all(
            utilities(package, two_party_prefs(0.05)) < utilities(package, two_party_prefs())
        )

    def test_reservation_share_one_equals_the_best(self):
        prefs = two_party_prefs()
        np.testing.assert_allclose(reservation_values(prefs, 1.0), best_utility(prefs))

    @settings(max_examples=60, deadline=None)
    @given(
        packages=arrays(float, (7, 4), elements=unit_floats),
        ideals=arrays(float, (3, 3), elements=unit_floats),
        raw_weights=arrays(float, (3, 3), elements=st.floats(0.01, 1.0)),
        autonomy=arrays(float, 3, elements=st.floats(0.0, 1.0)),
    )
    def test_utilities_finite_and_never_above_best(self, packages, ideals, raw_weights, autonomy):
        prefs = Preferences(
            ideals, raw_weights / raw_weights.sum(1, keepdims=True), np.ones(3), autonomy, 1.0, 0.5
        )
        values = utilities(packages, prefs)
        assert np.isfinite(values).all()
        assert (values <= best_utility(prefs)[:, None] + 1e-12).all()


class TestTrust:
    @settings(max_examples=100, deadline=None)
    @given(
        trust=arrays(float, 5, elements=unit_floats),
        signal=st.floats(-5, 5, allow_nan=False),
        gain=unit_floats,
        loss=unit_floats,
    )
    def test_move_trust_stays_in_unit_interval(self, trust, signal, gain, loss):
        moved = move_trust(trust, signal, gain, loss)
        assert ((moved >= 0) & (moved <= 1)).all()

    def test_dialogue_raises_trust_and_lowers_perception_error(self):
        trust = np.full((3, 3), 0.4)
        familiarity = np.ones((3, 3))
        new_trust, new_familiarity = dialogue(trust, familiarity, 1.0, 0.12, 0.25, 0.15)
        off = ~np.eye(3, dtype=bool)
        assert (new_trust[off] > 0.4).all()
        np.testing.assert_allclose(new_trust[off], 0.4 + 0.12 * 0.6)
        np.testing.assert_allclose(new_familiarity, 0.85)

    def test_perception_error_shrinks_with_trust_and_openness(self):
        low = perception_error(np.array([0.1]), np.array([0.2]), np.array([1.0]), 0.35)[0]
        trusting = perception_error(np.array([0.9]), np.array([0.2]), np.array([1.0]), 0.35)[0]
        open_party = perception_error(np.array([0.1]), np.array([0.8]), np.array([1.0]), 0.35)[0]
        fully_open = perception_error(np.array([0.1]), np.array([1.0]), np.array([1.0]), 0.35)[0]
        assert trusting < low and open_party < low
        assert fully_open == 0.0

    def test_low_trust_overstates_and_full_trust_or_openness_does_not(self):
        ideals = np.array([[0.3, 0.7], [0.6, 0.5]])
        stated = stated_positions(ideals, np.array([0.0, 0.0]), np.array([0.0, 0.0]), 0.5)
        assert stated[0, 0] < 0.3 and stated[0, 1] > 0.7 and stated[1, 0] > 0.6
        assert stated[1, 1] == 0.5  # the midpoint cannot be overstated
        np.testing.assert_allclose(stated_positions(ideals, np.zeros(2), np.ones(2), 0.5), ideals)
        np.testing.assert_allclose(stated_positions(ideals, np.ones(2), np.zeros(2), 0.5), ideals)


class TestNegotiation:
    @settings(max_examples=100, deadline=None)
    @given(
        progress=unit_floats,
        start=st.floats(0.5, 2.0),
        gap=st.floats(0.0, 0.5),
        exponent=st.floats(0.05, 20),
    )
    def test_aspiration_between_reservation_and_start(self, progress, start, gap, exponent):
        reservation = start - gap
        value = negotiation.time_aspiration(
            progress, np.array([start]), np.array([reservation]), np.array([exponent])
        )[0]
        assert reservation - 1e-12 <= value <= start + 1e-12

    def test_aspiration_end_points_and_concession_styles(self):
        start, reservation = np.array([1.0] * 3), np.array([0.5] * 3)
        styles = np.array([0.2, 1.0, 5.0])  # Boulware, Linear, Conceder
        np.testing.assert_allclose(
            negotiation.time_aspiration(0.0, start, reservation, styles), 1.0
        )
        np.testing.assert_allclose(
            negotiation.time_aspiration(1.0, start, reservation, styles), 0.5
        )
        boulware, linear, conceder = negotiation.time_aspiration(0.5, start, reservation, styles)
        assert boulware > linear > conceder
        assert linear == pytest.approx(0.75)

    def test_never_accepts_at_or_below_reservation(self):
        value = np.array([0.5, 0.5, 0.6])
        accepted = negotiation.accepts(value, np.array([0.4, 0.5, 0.7]), np.array([0.5, 0.4, 0.5]))
        assert accepted.tolist() == [False, True, False]

    def test_proposer_takes_its_best_among_believed_acceptable(self):
        own = np.array([0.9, 0.8, 0.7, 0.95])
        others = np.array([[0.2, 0.6, 0.7, 0.3]])  # only candidates 1 and 2 reach 0.5
        choice = negotiation.choose_offer(own, 0.6, others, np.array([0.5]), np.array([1.0]))
        assert choice == 1

    def test_proposer_falls_back_to_closest_acceptable_it_can_live_with(self):
        own = np.array([0.9, 0.7, 0.5])
        others = np.array([[0.1, 0.3, 0.45]])  # none reaches 0.5; candidate 2 is below own asp.
        assert negotiation.choose_offer(own, 0.6, others, np.array([0.5]), np.array([1.0])) == 1

    def test_mediator_maximises_the_nash_product(self):
        gains = np.array([[0.5, 0.3, 0.9], [0.1, 0.3, 0.05]])  # products 0.05, 0.09, 0.045
        assert negotiation.choose_text(gains, np.ones(2), np.ones(2)) == 1
        # a holdout's larger bargaining weight moves the text toward it
        assert negotiation.choose_text(gains, np.array([1.0, 3.0]), np.ones(2)) == 1
        assert negotiation.choose_text(gains, np.array([3.0, 0.2]), np.ones(2)) == 2

    def test_weighted_median(self):
        values = np.array([[0.1, 0.9], [0.5, 0.2], [0.9, 0.4]])
        weights = np.array([[1.0, 1.0], [1.0, 1.0], [3.0, 1.0]])
        np.testing.assert_allclose(negotiation.weighted_median(values, weights), [0.9, 0.4])

    def test_stacked_alternating_offers_cycles_through_the_order(self):
        protocol = negotiation.StackedAlternatingOffers(order=[2, 0, 1])
        assert protocol.peek() == 2
        assert [protocol.next_proposer() for _ in range(4)] == [2, 0, 1, 2]
        assert protocol.agreed(np.array([True, True])) and not protocol.agreed(
            np.array([True, False])
        )


class TestMetrics:
    def test_wilson_interval_known_value(self):
        low, high = wilson_interval(37, 50)
        assert (round(low, 2), round(high, 2)) == (0.60, 0.84)

    def test_pareto_distance_zero_at_nash_and_positive_when_dominated(self):
        prefs = two_party_prefs()
        reservation = 0.5 * best_utility(prefs)
        nash_like = agreement_quality(prefs, reservation, np.array([0.5, 0.5, 0.5]))
        assert nash_like["zone_of_agreement"]
        dominated = np.array([0.5, 0.5, 0.5])
        worse = agreement_quality(prefs, reservation, np.array([0.0, 1.0, 0.0]))
        assert worse["distance_to_pareto"] > 0.0
        best_found = agreement_quality(prefs, reservation, dominated)
        assert best_found["distance_to_pareto"] <= worse["distance_to_pareto"]

    def test_no_zone_when_reservation_is_the_best(self):
        prefs = two_party_prefs()
        assert not agreement_quality(prefs, best_utility(prefs), None)["zone_of_agreement"]
