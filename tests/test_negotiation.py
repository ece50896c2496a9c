"""Negotiation (sim.negotiation): time-based concession, acceptance, the proposer's and the
mediator's choices, and a textbook two-party negotiation run through the whole model."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import sim
from sim import negotiation
from sim.metrics import agreement_quality, wilson_interval
from sim.preferences import Preferences, best_utility, utilities
from sim.runner import replicate
from sim.scenario import CONCESSION_STYLES

unit = st.floats(0.0, 1.0, allow_nan=False)
exponents = st.floats(0.05, 20.0)


def aspiration(progress, start=1.0, reservation=0.5, exponent=1.0) -> float:
    return float(
        negotiation.time_aspiration(
            progress, np.array([start]), np.array([reservation]), np.array([exponent])
        )[0]
    )


class TestTimeAspiration:
    @settings(max_examples=150, deadline=None)
    @given(start=st.floats(0.0, 3.0), gap=st.floats(0.0, 2.0), exponent=exponents)
    def test_start_at_progress_zero_and_reservation_at_one(self, start, gap, exponent):
        reservation = start - gap
        assert aspiration(0.0, start, reservation, exponent) == pytest.approx(start)
        assert aspiration(1.0, start, reservation, exponent) == pytest.approx(reservation)

    @settings(max_examples=200, deadline=None)
    @given(
        progress=st.floats(-2.0, 3.0, allow_nan=False),
        later=unit,
        start=st.floats(0.0, 3.0),
        gap=st.floats(0.0, 2.0),
        exponent=exponents,
    )
    def test_never_below_reservation_and_never_rising(self, progress, later, start, gap, exponent):
        reservation = start - gap
        now = aspiration(progress, start, reservation, exponent)
        assert reservation - 1e-12 <= now <= start + 1e-12
        clipped = min(max(progress, 0.0), 1.0)
        if later >= clipped:
            assert aspiration(later, start, reservation, exponent) <= now + 1e-12

    def test_boulware_above_linear_above_conceder_at_mid_time(self):
        styles = [CONCESSION_STYLES[name] for name in ("boulware", "linear", "conceder")]
        assert styles == [0.2, 1.0, 5.0]
        boulware, linear, conceder = (aspiration(0.5, exponent=e) for e in styles)
        assert boulware > linear > conceder
        assert linear == pytest.approx(0.75)
        assert boulware == pytest.approx(0.5 + 0.5 * (1 - 0.5**5))
        assert conceder == pytest.approx(0.5 + 0.5 * (1 - 0.5**0.2))

    @settings(max_examples=100, deadline=None)
    @given(progress=st.floats(0.01, 0.99), low=exponents, high=exponents)
    def test_tougher_exponent_demands_more_at_every_inner_time(self, progress, low, high):
        tough, soft = sorted((low, high))
        assert aspiration(progress, exponent=tough) >= aspiration(progress, exponent=soft) - 1e-12


class TestAccepts:
    def test_known_cases(self):
        value = np.array([0.5, 0.5, 0.6, 0.7])
        aspiration_now = np.array([0.4, 0.5, 0.7, 0.7])
        reservation = np.array([0.5, 0.4, 0.5, 0.6])
        assert negotiation.accepts(value, aspiration_now, reservation).tolist() == [
            False,  # meets its aspiration but only equals its BATNA
            True,
            False,  # above its BATNA but below its aspiration
            True,  # exactly its aspiration
        ]

    @settings(max_examples=200, deadline=None)
    @given(
        reservation=arrays(float, 5, elements=st.floats(-1, 2)),
        below=arrays(float, 5, elements=st.floats(0.0, 1.0)),
        aspiration_now=arrays(float, 5, elements=st.floats(-3, 3)),
    )
    def test_never_accepts_at_or_below_the_reservation(self, reservation, below, aspiration_now):
        value = reservation - below
        assert not negotiation.accepts(value, aspiration_now, reservation).any()


class TestChooseOffer:
    def test_best_for_proposer_among_believed_acceptable(self):
        own = np.array([0.9, 0.8, 0.7, 0.95, 0.75])
        others = np.array([[0.2, 0.6, 0.7, 0.3, 0.9], [0.9, 0.55, 0.9, 0.9, 0.9]])
        # believed acceptable to both (>= 0.5): candidates 1, 2, 4; best for the proposer: 1
        choice = negotiation.choose_offer(own, 0.6, others, np.array([0.5, 0.5]), np.ones(2))
        assert choice == 1

    def test_excludes_what_the_proposer_cannot_live_with(self):
        own = np.array([0.9, 0.5, 0.7])
        others = np.array([[0.1, 0.9, 0.6]])
        assert negotiation.choose_offer(own, 0.6, others, np.array([0.5]), np.ones(1)) == 2

    def test_falls_back_to_the_closest_to_acceptable_it_can_live_with(self):
        own = np.array([0.9, 0.7, 0.5])
        others = np.array([[0.1, 0.3, 0.45]])  # nobody reaches 0.5; candidate 2 below own 0.6
        assert negotiation.choose_offer(own, 0.6, others, np.array([0.5]), np.ones(1)) == 1

    def test_nothing_good_enough_for_itself_gives_its_own_best(self):
        own = np.array([0.3, 0.5, 0.4])
        others = np.array([[0.9, 0.9, 0.9]])
        assert negotiation.choose_offer(own, 0.8, others, np.array([0.1]), np.ones(1)) == 1

    @settings(max_examples=150, deadline=None)
    @given(
        own=arrays(float, 12, elements=unit),
        others=arrays(float, (3, 12), elements=unit),
        own_aspiration=unit,
        others_aspiration=arrays(float, 3, elements=unit),
    )
    def test_matches_brute_force(self, own, others, own_aspiration, others_aspiration):
        choice = negotiation.choose_offer(
            own, own_aspiration, others, others_aspiration, np.ones(3)
        )
        believed = (own >= own_aspiration) & (others >= others_aspiration[:, None]).all(axis=0)
        if believed.any():
            assert believed[choice]
            assert own[choice] == own[believed].max()


class TestChooseText:
    def test_nash_product_maximiser(self):
        gains = np.array([[0.5, 0.3, 0.9, 0.2], [0.1, 0.3, 0.05, 0.35]])
        # products 0.05, 0.09, 0.045, 0.07; the largest sum of gains (0.95) is not chosen
        assert negotiation.choose_text(gains, np.ones(2), np.ones(2)) == 1

    def test_bargaining_weight_favours_the_weighted_party(self):
        gains = np.array([[0.5, 0.3, 0.9], [0.1, 0.3, 0.05]])
        # weights (3, 0.2): 0.5^3*0.1^0.2=0.079, 0.3^3*0.3^0.2=0.021, 0.9^3*0.05^0.2=0.401
        assert negotiation.choose_text(gains, np.array([3.0, 0.2]), np.ones(2)) == 2

    def test_a_package_with_a_loser_is_never_chosen_when_all_can_gain(self):
        gains = np.array([[2.0, 0.1], [-0.01, 0.1]])
        assert negotiation.choose_text(gains, np.ones(2), np.ones(2)) == 1

    def test_without_a_gain_for_all_maximise_the_smallest_normalised_gain(self):
        gains = np.array([[-0.1, 0.4, -0.3], [-0.2, -0.05, 0.2]])
        # normalised by the ranges (1, 0.1), the smallest gains are
        # candidate 0: min(-0.1, -2.0) = -2.0; 1: min(0.4, -0.5) = -0.5; 2: min(-0.3, 2.0) = -0.3
        assert negotiation.choose_text(gains, np.ones(2), np.array([1.0, 0.1])) == 2

    @settings(max_examples=150, deadline=None)
    @given(
        gains=arrays(float, (3, 10), elements=st.floats(0.001, 1.0)),
        weights=arrays(float, 3, elements=st.floats(0.5, 3.0)),
    )
    def test_matches_brute_force_weighted_nash_product(self, gains, weights):
        choice = negotiation.choose_text(gains, weights, np.ones(3))
        products = np.prod(gains ** weights[:, None], axis=0)
        assert products[choice] >= products.max() * (1 - 1e-9)


class TestWeightedMedian:
    def test_known_case(self):
        values = np.array([[0.1, 0.9], [0.5, 0.2], [0.9, 0.4]])
        weights = np.array([[1.0, 1.0], [1.0, 1.0], [3.0, 1.0]])
        # column 0: weight 3 of 5 sits at 0.9; column 1: plain median of 0.9, 0.2, 0.4
        np.testing.assert_allclose(negotiation.weighted_median(values, weights), [0.9, 0.4])

    def test_equal_weights_give_the_median(self):
        values = np.array([[0.3], [0.1], [0.7], [0.2], [0.9]])
        assert negotiation.weighted_median(values, np.ones_like(values))[0] == 0.3

    @settings(max_examples=150, deadline=None)
    @given(
        values=arrays(float, (5, 3), elements=unit),
        weights=arrays(float, (5, 3), elements=st.floats(0.01, 1.0)),
    )
    def test_minimises_the_weighted_l1_distance(self, values, weights):
        """For linear-additive preferences the weighted median maximises total issue fit."""
        median = negotiation.weighted_median(values, weights)
        for column in range(3):

            def cost(x, c=column):
                return float((weights[:, c] * np.abs(values[:, c] - x)).sum())

            best = min(cost(x) for x in np.linspace(0, 1, 201))
            assert cost(median[column]) <= best + 1e-9
            assert median[column] in values[:, column]


class TestProtocols:
    def test_stacked_alternating_offers_cycles_through_the_order(self):
        protocol = negotiation.StackedAlternatingOffers(order=[2, 0, 1])
        assert protocol.peek() == 2
        assert [protocol.next_proposer() for _ in range(5)] == [2, 0, 1, 2, 0]
        assert protocol.peek() == 1

    def test_single_text_mediation_always_gives_the_mediator_the_turn(self):
        protocol = negotiation.SingleTextMediation(mediator=-1)
        assert [protocol.next_proposer() for _ in range(3)] == [-1, -1, -1]

    @pytest.mark.parametrize(
        "protocol",
        [negotiation.StackedAlternatingOffers(order=[0, 1]), negotiation.SingleTextMediation()],
    )
    def test_only_unanimity_agrees(self, protocol):
        assert protocol.agreed(np.array([True, True, True]))
        assert not protocol.agreed(np.array([True, False, True]))

    def test_blends_and_candidates(self):
        start, target = np.array([0.0, 1.0, 0.2]), np.array([1.0, 0.0, 0.6])
        line = negotiation.blends(start, target, np.array([0.0, 0.5, 1.0]))
        np.testing.assert_allclose(line, [start, [0.5, 0.5, 0.4], target])
        candidates = negotiation.candidate_packages(np.random.default_rng(0), line, 10, 2)
        assert candidates.shape == (13, 3)
        np.testing.assert_array_equal(candidates[:3], line)
        assert ((candidates >= 0) & (candidates <= 1)).all()


# --- a textbook two-party negotiation through the whole model ---------------------------------

DEADLINE = 40


def bilateral(concession_municipality, concession_corporate) -> sim.Scenario:
    """One municipality, one corporate, opposed ideals, full openness and trust, fixed BATNAs
    and no trust effects: a two-party bargaining problem with full information
    (Faratin, Sierra & Jennings 1998)."""
    party = {
        "count": 1,
        "size": 1.0,
        "openness": 1.0,
        "ambition": 1.0,
        "autonomy": 1.0,
        "council_support": 1.0,
        "commitment_threshold": 0.0,
        "weights": [0.5, 0.5],
    }
    return sim.load_scenario(
        {
            "name": "bilateral",
            "conflict": 0.8,
            "initial_trust": 1.0,
            "autonomy_cost": 0.2,
            "reservation": 0.4,
            "deadline_months": DEADLINE,
            "execution_months": 0,
            "issues": [{"key": "price"}, {"key": "scope"}],
            "parties": [
                {
                    "name": "Gemeente",
                    "kind": "municipality",
                    "stance": [-1.0, 1.0],
                    "concession": concession_municipality,
                    **party,
                },
                {
                    "name": "Firma",
                    "kind": "corporate",
                    "stance": [1.0, -1.0],
                    "concession": concession_corporate,
                    **party,
                },
            ],
            "parameters": {
                "batna_spread": 0.0,
                "transaction_cost": 0.0,
                "trust_gain": 0.0,
                "trust_loss": 0.0,
            },
        }
    )


REPLICATIONS = 40


def bargain(concession_municipality, concession_corporate):
    runs = replicate(bilateral(concession_municipality, concession_corporate), REPLICATIONS, seed=2)
    assert runs["formed"].all(), "with full information and a zone of agreement both agree"
    gains = {
        name: np.array([g[name] for g in runs["member_gains"]]) for name in ("Gemeente", "Firma")
    }
    return runs["months_to_agreement"], gains


def test_conceders_agree_earlier_than_linear_than_boulwares():
    conceders, _ = bargain("conceder", "conceder")
    linear, _ = bargain("linear", "linear")
    boulwares, _ = bargain("boulware", "boulware")
    assert conceders.median() + 5 < linear.median() < boulwares.median() - 5
    assert (boulwares <= DEADLINE).all()
    # Boulware pairs hold out until close to the deadline
    assert boulwares.median() >= 0.85 * DEADLINE


def test_a_boulware_facing_a_conceder_gains_more():
    _, even = bargain("conceder", "conceder")
    _, tough_municipality = bargain("boulware", "conceder")
    _, tough_corporate = bargain("conceder", "boulware")
    assert tough_municipality["Gemeente"].mean() > even["Gemeente"].mean() + 0.05
    assert tough_municipality["Firma"].mean() < even["Firma"].mean() - 0.05
    assert tough_corporate["Firma"].mean() > even["Firma"].mean() + 0.05
    # within the pair, the Boulware side takes the larger share
    assert tough_municipality["Gemeente"].mean() > tough_municipality["Firma"].mean()
    assert tough_corporate["Firma"].mean() > tough_corporate["Gemeente"].mean()


def test_symmetric_parties_with_the_same_style_split_evenly():
    _, gains = bargain("linear", "linear")
    assert (gains["Gemeente"] > 0).all() and (gains["Firma"] > 0).all()
    assert abs(gains["Gemeente"].mean() - gains["Firma"].mean()) < 0.03


# --- outcome metrics (sim/metrics.py) ---------------------------------------------------------


def test_wilson_interval_known_values():
    low, high = wilson_interval(37, 50)
    assert (round(low, 2), round(high, 2)) == (0.60, 0.84)
    low, high = wilson_interval(0, 20)
    assert low == 0.0 and high == pytest.approx(0.161, abs=1e-3)
    low, high = wilson_interval(20, 20)
    assert high == 1.0 and low == pytest.approx(0.839, abs=1e-3)
    assert wilson_interval(0, 0) == (0.0, 1.0)


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 2000), data=st.data())
def test_wilson_interval_contains_the_rate_and_narrows_with_n(n, data):
    successes = data.draw(st.integers(0, n))
    low, high = wilson_interval(successes, n)
    assert 0.0 <= low <= successes / n + 1e-12
    assert successes / n - 1e-12 <= high <= 1.0
    wider_low, wider_high = wilson_interval(successes, n, confidence=0.99)
    assert wider_low <= low + 1e-12 and wider_high >= high - 1e-12


def test_wilson_interval_reaches_0_and_1_exactly_at_the_extremes():
    assert wilson_interval(0, 3)[0] == 0.0
    assert wilson_interval(10, 10)[1] == 1.0


def alike(n: int = 3) -> Preferences:
    """n parties with the same ideal and weights, all gaining from integration."""
    return Preferences(
        ideals=np.tile([0.3, 0.7], (n, 1)),
        weights=np.tile([0.6, 0.4], (n, 1)),
        stake=np.ones(n),
        autonomy=np.full(n, 0.2),
        fit_weight=1.0,
        synergy=0.5,
    )


def test_identical_interests_the_common_ideal_is_nash_and_pareto():
    prefs = alike()
    reservation = 0.5 * best_utility(prefs)
    nash = np.array([0.3, 0.7, 1.0])
    quality = agreement_quality(prefs, reservation, nash)
    assert quality["zone_of_agreement"]
    assert quality["distance_to_nash"] == pytest.approx(0.0, abs=1e-12)
    assert quality["distance_to_pareto"] == pytest.approx(0.0, abs=1e-12)
    assert quality["joint_value"] == pytest.approx(3 * 0.5 * 1.3)
    # moving issue one by 0.25 costs each party 0.6 * 0.25: the ideal improves all by that much
    dominated = agreement_quality(prefs, reservation, np.array([0.55, 0.7, 1.0]))
    assert dominated["distance_to_pareto"] == pytest.approx(0.6 * 0.25)
    assert dominated["distance_to_nash"] == pytest.approx(0.6 * 0.25)


def conflicting() -> Preferences:
    return Preferences(
        ideals=np.array([[0.1, 0.8], [0.9, 0.3]]),
        weights=np.array([[0.7, 0.3], [0.4, 0.6]]),
        stake=np.array([1.0, 1.2]),
        autonomy=np.array([0.1, 0.2]),
        fit_weight=1.0,
        synergy=0.5,
    )


def test_conflicting_interests_the_nash_point_is_pareto_optimal_and_a_dominated_one_is_not():
    prefs = conflicting()
    reservation = 0.5 * best_utility(prefs)
    axis = np.linspace(0.0, 1.0, 41)
    grid = np.array(np.meshgrid(axis, axis, [0.0, 0.5, 1.0])).reshape(3, -1).T
    gains = utilities(grid, prefs) - reservation[:, None]
    positive = (gains > 0).all(axis=0)
    product = np.where(positive, np.prod(np.where(positive, gains, 1.0), axis=0), -np.inf)
    nash = grid[int(np.argmax(product))]
    assert nash[-1] == 1.0  # both gain from integration
    quality = agreement_quality(prefs, reservation, nash)
    assert quality["distance_to_pareto"] == pytest.approx(0.0, abs=0.01)
    assert quality["distance_to_nash"] < 0.05
    assert quality["joint_value"] == pytest.approx(gains[:, int(np.argmax(product))].sum())
    # the same issues with half the integration: both lose, so it is dominated
    dominated = agreement_quality(prefs, reservation, np.append(nash[:-1], 0.5))
    assert dominated["distance_to_pareto"] > 0.1
    assert dominated["distance_to_pareto"] > quality["distance_to_pareto"]


def test_no_zone_of_agreement_when_the_reservation_is_the_best():
    prefs = conflicting()
    assert agreement_quality(prefs, best_utility(prefs), None) == {"zone_of_agreement": False}
    assert agreement_quality(prefs, 0.5 * best_utility(prefs), None) == {"zone_of_agreement": True}
