"""Negotiation (sim.negotiation): time-based concession, acceptance, the proposer's and the
mediator's choices, and a textbook two-party negotiation run through the whole model."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from support.instances import conflicting

import sim
from sim import negotiation
from sim.metrics import agreement_quality, nash_bargaining_solution, wilson_interval
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


def prefs_of(ideals, weights, stake=1.0, autonomy=0.3, synergy=0.5) -> Preferences:
    ideals = np.atleast_2d(np.asarray(ideals, dtype=float))
    n = len(ideals)
    return Preferences(
        ideals=ideals,
        weights=np.atleast_2d(np.asarray(weights, dtype=float)),
        stake=np.full(n, stake),
        autonomy=np.full(n, autonomy) if np.ndim(autonomy) == 0 else np.asarray(autonomy),
        fit_weight=1.0,
        synergy=synergy,
    )


GRID = np.array(
    [[x, y, g] for x in np.linspace(0, 1, 41) for y in np.linspace(0, 1, 41) for g in (0.0, 1.0)]
)
"""Every package of a 41 x 41 grid of two issues, at no and full integration (utility is linear
in integration, so an optimum over g is at 0 or 1 once the issues are fixed)."""


class TestOffer:
    """The proposer's rule, computed exactly (a linear programme), against brute force."""

    def case(self, rng):
        own = prefs_of(rng.random((1, 2)), rng.dirichlet([2, 2], 1))
        others = prefs_of(rng.random((2, 2)), rng.dirichlet([2, 2], 2), autonomy=[0.2, 0.7])
        return own, others

    def test_a_known_case_gives_the_other_exactly_its_demand(self):
        own = prefs_of([[0.0]], [[1.0]], autonomy=1.0)  # integration worth -0.5 to the proposer
        other = prefs_of([[1.0]], [[1.0]], autonomy=1.0)
        package = negotiation.offer(
            own, 0.0, other, other.ideals, np.array([0.7]), np.ones(1), 1.0, np.array([0.0, 0.0])
        )
        # the other values x at x (fit 1 - |x - 1|), so it gets 0.7 at x = 0.7; no integration
        np.testing.assert_allclose(package, [0.7, 0.0], atol=1e-9)

    def test_best_for_the_proposer_among_what_it_believes_acceptable(self):
        rng = np.random.default_rng(1)
        for _ in range(25):
            own, others = self.case(rng)
            demands = rng.uniform(0.3, 0.9, 2)
            floor = float(rng.uniform(0.0, 0.6))
            package = negotiation.offer(
                own, floor, others, others.ideals, demands, np.ones(2), 1.0, GRID[0]
            )
            own_grid, others_grid = utilities(GRID, own)[0], utilities(GRID, others)
            believed = (own_grid >= floor) & (others_grid >= demands[:, None]).all(axis=0)
            value = utilities(package[None], own)[0, 0]
            if believed.any():
                assert (utilities(package[None], others)[:, 0] >= demands - 1e-9).all()
                assert value >= own_grid[believed].max() - 1e-9
            elif (own_grid >= floor).any():
                margins = ((others_grid - demands[:, None]).min(axis=0))[own_grid >= floor]
                got = (utilities(package[None], others)[:, 0] - demands).min()
                assert value >= floor - 1e-9 and got >= margins.max() - 1e-9

    def test_without_a_package_it_can_live_with_it_offers_its_own_ideal(self):
        own = prefs_of([[0.2, 0.4]], [[0.5, 0.5]])
        others = prefs_of([[0.9, 0.9]], [[0.5, 0.5]])
        ideal = np.array([0.2, 0.4, 1.0])
        package = negotiation.offer(
            own, 5.0, others, others.ideals, np.array([0.1]), np.ones(1), 1.0, ideal
        )
        np.testing.assert_array_equal(package, ideal)

    def test_offers_are_made_to_the_others_as_perceived(self):
        own = prefs_of([[0.0]], [[1.0]], autonomy=1.0)
        other = prefs_of([[1.0]], [[1.0]], autonomy=1.0)
        seen = np.array([[0.8]])  # the proposer believes the other wants 0.8
        package = negotiation.offer(
            own, 0.0, other, seen, np.array([0.7]), np.ones(1), 1.0, np.array([0.0, 0.0])
        )
        np.testing.assert_allclose(package, [0.5, 0.0], atol=1e-9)  # 1 - |0.5 - 0.8| = 0.7


class TestText:
    """The mediator's single text: the exact weighted Nash point."""

    def test_identical_interests_give_the_common_ideal(self):
        prefs = prefs_of([[0.3, 0.6]] * 3, [[0.5, 0.5]] * 3, autonomy=0.1)
        package = negotiation.text(
            prefs, np.full(3, 0.2), 1.0, prefs.ideals, np.ones(3), np.ones(3)
        )
        np.testing.assert_allclose(package, [0.3, 0.6, 1.0], atol=1e-6)

    def test_symmetric_parties_meet_in_the_middle(self):
        prefs = prefs_of([[0.0], [1.0]], [[1.0], [1.0]], autonomy=1.0)
        package = negotiation.text(prefs, np.zeros(2), 1.0, prefs.ideals, np.ones(2), np.ones(2))
        np.testing.assert_allclose(package, [0.5, 0.0], atol=1e-6)

    def test_bargaining_weight_moves_the_text_toward_the_weighted_party(self):
        prefs = prefs_of([[0.0], [1.0]], [[1.0], [1.0]], autonomy=1.0)
        package = negotiation.text(
            prefs, np.zeros(2), 1.0, prefs.ideals, np.array([3.0, 1.0]), np.ones(2)
        )
        # max 3 log(1 - x) + log(x): x = 1/4
        np.testing.assert_allclose(package, [0.25, 0.0], atol=1e-6)

    def test_beats_every_grid_package_on_the_weighted_nash_product(self):
        rng = np.random.default_rng(2)
        for _ in range(20):
            prefs = prefs_of(rng.random((3, 2)), rng.dirichlet([2, 2], 3), autonomy=[0.1, 0.4, 0.8])
            floors = rng.uniform(0.2, 0.6, 3)
            weights = rng.uniform(0.5, 3.0, 3)
            package = negotiation.text(prefs, floors, 1.0, prefs.ideals, weights, np.ones(3))
            gains = utilities(GRID, prefs) - floors[:, None]
            positive = (gains > 0).all(axis=0)
            got = utilities(package[None], prefs)[:, 0] - floors
            if positive.any():
                best = (weights[:, None] * np.log(np.where(gains > 0, gains, 1))).sum(0)
                assert (got > 0).all()
                assert (weights * np.log(got)).sum() >= best[positive].max() - 1e-9
            else:
                assert got.min() >= gains.min(axis=0).max() - 1e-9


class TestFitConcession:
    """The opponent model: the exponent of a time-based curve fitted to what it did."""

    @pytest.mark.parametrize("exponent", [0.2, 1.0, 5.0])
    def test_recovers_the_exponent_of_offers_on_a_curve(self, exponent):
        times = np.array([0.1, 0.3, 0.5, 0.7, 0.9])
        values = np.array([negotiation.time_aspiration(t, 1.0, 0.4, exponent) for t in times])
        empty = (np.array([]), np.array([]))
        fitted, floor = negotiation.fit_concession(1.0, 0.4, (times, values), empty, empty)
        assert fitted == pytest.approx(exponent, rel=0.1) and floor == 0.4

    def test_without_observations_the_curve_is_linear(self):
        empty = (np.array([]), np.array([]))
        assert negotiation.fit_concession(1.0, 0.4, empty, empty, empty) == (1.0, 0.4)

    def test_answers_bound_the_curve(self):
        empty = (np.array([]), np.array([]))
        # rejecting packages worth 0.9 late in the negotiation: a Boulware
        tough, _ = negotiation.fit_concession(
            1.0, 0.4, empty, empty, (np.array([0.6, 0.8]), np.array([0.9, 0.9]))
        )
        # accepting packages worth 0.5 early: a Conceder
        soft, _ = negotiation.fit_concession(
            1.0, 0.4, empty, (np.array([0.2, 0.3]), np.array([0.5, 0.5])), empty
        )
        assert tough < 1.0 < soft

    def test_rejections_at_the_deadline_reveal_a_higher_batna(self):
        empty = (np.array([]), np.array([]))
        # rejecting a package worth 0.7 at the very end: its BATNA is above the typical 0.4
        _, floor = negotiation.fit_concession(
            1.0, 0.4, empty, empty, (np.array([0.98, 1.0]), np.array([0.7, 0.7]))
        )
        assert floor >= 0.7

    def test_curves_made_a_round_at_a_time_give_the_same_fit(self):
        """The model's opponent models make each round's candidate curves once, as the history
        grows (`History.observed`); the fit must be exactly what fitting from scratch gives,
        on random histories of 1-40 rounds with offers, acceptances, rejections (some below
        the prior, which do not count) and rounds the party sat out."""
        from sim.phases.negotiation import History

        rng = np.random.default_rng(7)
        compared = 0
        for _ in range(300):
            history, party, n = History(3), 1, int(rng.integers(1, 41))
            start, prior = 1.0 + rng.random(), 0.3 + 0.3 * rng.random()
            for k in range(n):
                table = np.array([0, 1]) if rng.random() < 0.9 else np.array([0, 2])
                proposer = int(rng.choice([-1, *table]))
                yes = rng.random(len(table)) < 0.4
                history.add(k / 40, proposer, rng.random(4), table, yes)
                seen = rng.uniform(0.0, start, len(history))
                own = history.proposers == party
                said_yes = (history.answers[party] > 0) & ~own
                said_no = (history.answers[party] < 0) & ~own
                observations = [(history.times[m], seen[m]) for m in (own, said_yes, said_no)]
                expected = negotiation.fit_concession(start, prior, *observations)
                observed = history.observed(party, start, prior)
                rounds = [np.array(r, dtype=int) for r in observed.rounds]
                assert [np.flatnonzero(m).tolist() for m in (own, said_yes, said_no)] == [
                    r.tolist() for r in rounds
                ]
                got = negotiation.fit_concession(
                    start, prior, *observations, curves=observed.curves()
                )
                assert got == expected
                compared += 1
        assert compared > 3000


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
    # the exact Nash point (no grid) is at distance 0 from itself and from the frontier, and
    # no grid point has a larger product of gains
    exact, exact_gains = nash_bargaining_solution(prefs, reservation)
    assert np.prod(exact_gains) >= product.max() - 1e-12
    exact_quality = agreement_quality(prefs, reservation, exact)
    assert exact_quality["distance_to_nash"] == pytest.approx(0.0, abs=1e-12)
    assert exact_quality["distance_to_pareto"] == pytest.approx(0.0, abs=1e-12)


def test_no_zone_of_agreement_when_the_reservation_is_the_best():
    prefs = conflicting()
    assert agreement_quality(prefs, best_utility(prefs), None) == {"zone_of_agreement": False}
    assert agreement_quality(prefs, 0.5 * best_utility(prefs), None) == {"zone_of_agreement": True}


def surplus_shares(gains) -> np.ndarray:
    """The municipality's share of the pair's surplus over their BATNAs, per run."""
    return gains["Gemeente"] / (gains["Gemeente"] + gains["Firma"])


def test_a_linear_pair_splits_evenly_near_the_nash_point():
    """Symmetric parties with the same linear tactic meet in the middle, which here is the Nash
    bargaining solution (Faratin, Sierra & Jennings 1998; Nash 1950)."""
    runs = replicate(bilateral("linear", "linear"), REPLICATIONS, seed=2)
    assert runs["formed"].all()
    gains = {n: np.array([g[n] for g in runs["member_gains"]]) for n in ("Gemeente", "Firma")}
    shares = surplus_shares(gains)
    assert abs(np.median(shares) - 0.5) < 0.1, shares
    assert runs["distance_to_nash"].median() < 0.05


def test_two_boulwares_agree_late_but_without_an_ultimatum():
    """Two tough time-based negotiators concede only near the deadline and then meet; neither
    leaves the other with (almost) nothing, as a last-round ultimatum would."""
    months, gains = bargain("boulware", "boulware")
    assert months.median() >= 0.85 * DEADLINE
    shares = surplus_shares(gains)
    assert ((shares > 0.2) & (shares < 0.8)).mean() >= 0.9, shares
    assert abs(np.median(shares) - 0.5) < 0.15


def test_the_fit_does_not_depend_on_the_order_of_its_sums():
    """The fit adds each candidate's squared residuals round by round; numpy's own sum of a
    row adds them in another order (pairwise, from 8 terms), which moves the losses in their
    last bits. The fitted curve is a grid point (the least loss), so it must be the same either
    way: on 3,000 random histories of 8-60 observations, with offers on and off a curve and
    bounds that bind."""
    from sim.negotiation import strategies

    def numpy_order(residuals, positive=False):
        if positive:
            residuals = np.maximum(0.0, residuals)
        return np.ascontiguousarray(np.square(residuals).T).sum(axis=1)

    rng = np.random.default_rng(9)
    same = 0
    for _ in range(3000):
        start, prior = 1.0 + rng.random(), 0.3 + 0.3 * rng.random()
        exponent, floor = np.exp(rng.uniform(-3, 3)), prior + (start - prior) * rng.random()
        observed = []
        for _kind in range(3):
            times = np.sort(rng.random(int(rng.integers(0, 25))))
            curve = np.array(
                [negotiation.time_aspiration(t, start, floor, exponent) for t in times]
            )
            observed.append(
                (times, curve + rng.normal(0.0, rng.choice([0.0, 0.01, 0.1]), len(times)))
            )
        got = negotiation.fit_concession(start, prior, *observed)
        original = strategies._squares_summed
        strategies._squares_summed = numpy_order
        try:
            expected = negotiation.fit_concession(start, prior, *observed)
        finally:
            strategies._squares_summed = original
        same += got == expected
    assert same == 3000
