"""Exact optima over packages (sim/optimise.py): the maximin package, the best package for one
party under the others' floors, and the Nash point, checked against brute force on fine grids,
against closed forms, and on random instances (no grid point may beat them)."""

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.instances import conflicting, random_prefs

from sim import optimise
from sim.metrics import agreement_quality, nash_bargaining_solution, pareto_distance
from sim.optimise import best_for, maximin, nash_point, utility_of
from sim.preferences import Preferences, best_utility, utilities


def grid(n_issues: int, points: int, levels: int) -> np.ndarray:
    """Every package with `points` values per issue and `levels` integration levels."""
    axes = [np.linspace(0.0, 1.0, points)] * n_issues + [np.linspace(0.0, 1.0, levels)]
    return np.array(np.meshgrid(*axes, indexing="ij")).reshape(n_issues + 1, -1).T


def opposed(autonomy: float = 0.2) -> Preferences:
    """Two parties on one issue with ideals 0 and 1: party 0 gets 1 - x, party 1 gets x (plus
    (0.5 - autonomy) g each)."""
    return Preferences(
        ideals=np.array([[0.0], [1.0]]),
        weights=np.ones((2, 1)),
        stake=np.ones(2),
        autonomy=np.full(2, autonomy),
        fit_weight=1.0,
        synergy=0.5,
    )


def log_gains(prefs, packages, floors, weights=None):
    gains = utilities(packages, prefs) - np.asarray(floors)[:, None]
    weights = np.ones(len(gains)) if weights is None else weights
    with np.errstate(divide="ignore", invalid="ignore"):
        value = weights @ np.log(np.where(gains > 0, gains, 1.0))
    return np.where((gains > 0).all(axis=0), value, -np.inf)


# --- utility_of and the module's weight -------------------------------------------------------


def test_utility_of_is_the_utility_of_one_package():
    prefs = conflicting()
    package = np.array([0.3, 0.6, 0.7])
    np.testing.assert_array_equal(
        utility_of(prefs, package, 0.8), utilities(package[None], prefs, 0.8)[:, 0]
    )
    seen = np.array([[0.5, 0.5], [0.2, 0.2]])
    np.testing.assert_array_equal(
        utility_of(prefs, package, ideals=seen), utilities(package[None], prefs, ideals=seen)[:, 0]
    )


def test_importing_the_module_does_not_import_scipy():
    code = "import sys, sim.optimise; print('scipy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- closed forms ------------------------------------------------------------------------------


def test_identical_interests_the_common_ideal_is_nash_maximin_and_best_for_each():
    prefs = Preferences(
        ideals=np.tile([0.3, 0.7], (3, 1)),
        weights=np.tile([0.6, 0.4], (3, 1)),
        stake=np.ones(3),
        autonomy=np.full(3, 0.2),
        fit_weight=1.0,
        synergy=0.5,
    )
    reservation = 0.5 * best_utility(prefs)
    common = np.array([0.3, 0.7, 1.0])
    np.testing.assert_array_equal(nash_point(prefs, reservation), common)
    t, package = maximin(prefs, reservation)
    assert t == pytest.approx(0.65, abs=1e-12)
    np.testing.assert_allclose(package, common, atol=1e-12)
    own, others = prefs.subset(np.array([0])), prefs.subset(np.array([1, 2]))
    np.testing.assert_allclose(best_for(own, others, reservation[1:]), common, atol=1e-12)
    quality = agreement_quality(prefs, reservation, common)
    assert quality["distance_to_nash"] == 0.0
    assert quality["distance_to_pareto"] == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("autonomy", [0.2, 0.7])
def test_symmetric_two_parties_on_one_issue_meet_at_the_midpoint(autonomy):
    prefs = opposed(autonomy)
    reservation = np.array([0.1, 0.1])
    package = nash_point(prefs, reservation)
    integration = 1.0 if autonomy < 0.5 else 0.0  # joint value 0.5 per unit against autonomy
    np.testing.assert_allclose(package, [0.5, integration], atol=1e-12)
    expected = 0.5 + (0.5 - autonomy) * integration - 0.1
    np.testing.assert_allclose(utility_of(prefs, package) - reservation, [expected] * 2)
    solution, gains = nash_bargaining_solution(prefs, reservation)
    np.testing.assert_array_equal(solution, package)
    np.testing.assert_allclose(gains, [expected] * 2)


def test_weighted_nash_point_has_its_closed_form():
    """max 2 log(A - x) + log(B + x) with A = 1 + c - r0, B = c - r1: x = (A - 2B) / 3."""
    prefs = opposed(0.2)  # c = 0.3 at g = 1
    reservation = np.array([0.2, 0.25])
    big_a, big_b = 1 + 0.3 - 0.2, 0.3 - 0.25
    package = nash_point(prefs, reservation, weights=np.array([2.0, 1.0]))
    np.testing.assert_allclose(package, [(big_a - 2 * big_b) / 3, 1.0], atol=1e-9)


def test_nash_point_follows_the_scale_of_the_joint_value():
    prefs = opposed(0.2)  # joint value 0.5 * scale per unit against autonomy 0.2
    assert nash_point(prefs, np.zeros(2), scale=0.5)[-1] == 1.0
    assert nash_point(prefs, np.zeros(2), scale=0.3)[-1] == 0.0


def test_no_zone_when_the_reservation_is_the_best():
    prefs = conflicting()
    t, _ = maximin(prefs, best_utility(prefs))
    assert t < 0
    assert nash_point(prefs, best_utility(prefs)) is None
    assert nash_point(prefs, 0.5 * best_utility(prefs)) is not None


@pytest.mark.parametrize("margin", [1e-6, 1e-9])
def test_a_small_but_real_zone_is_found_and_its_edge_is_not_a_zone(margin):
    """Gains 1 - x and x (no integration value): at reservation 0.5 - margin each, only packages
    near x = 0.5 give both a gain, the best by exactly `margin`."""
    prefs = opposed(0.5)
    t, package = maximin(prefs, np.full(2, 0.5 - margin))
    assert t == pytest.approx(margin, rel=1e-6)
    assert package[0] == pytest.approx(0.5, abs=1e-12)
    assert nash_point(prefs, np.full(2, 0.5 - margin))[0] == pytest.approx(0.5, abs=1e-9)
    assert agreement_quality(prefs, np.full(2, 0.5 - margin), None)["zone_of_agreement"]
    for edge in (0.5, 0.5 + margin):
        assert maximin(prefs, np.full(2, edge))[0] <= 1e-12
        assert nash_point(prefs, np.full(2, edge)) is None
        assert not agreement_quality(prefs, np.full(2, edge), None)["zone_of_agreement"]


def test_maximin_divides_by_the_spans():
    prefs = opposed(0.5)  # gains 1 - x and x
    t, package = maximin(prefs, np.zeros(2), spans=np.array([1.0, 3.0]))
    # (1 - x) / 1 = x / 3 at x = 3/4
    assert package[0] == pytest.approx(0.75, abs=1e-12)
    assert t == pytest.approx(0.25, abs=1e-12)
    with pytest.raises(ValueError):
        maximin(prefs, np.zeros(2), spans=np.array([1.0, 0.0]))


def test_pareto_distance_of_a_dominated_package():
    prefs = opposed(0.2)  # both lose 0.3 per unit of integration given up
    assert pareto_distance(prefs, np.array([0.4, 1.0])) == pytest.approx(0.0, abs=1e-12)
    assert pareto_distance(prefs, np.array([0.4, 0.5])) == pytest.approx(0.15, abs=1e-12)


# --- best_for ----------------------------------------------------------------------------------


def test_best_for_alone_is_the_own_ideal():
    prefs = conflicting()
    own = prefs.subset(np.array([0]))
    empty = prefs.subset(np.array([], dtype=int))
    np.testing.assert_allclose(best_for(own, empty, np.zeros(0)), [0.1, 0.8, 1.0], atol=1e-12)


def test_best_for_beats_every_feasible_grid_point_and_respects_the_floors():
    prefs = conflicting()
    own, others = prefs.subset(np.array([0])), prefs.subset(np.array([1]))
    floor = np.array([1.05])
    package = best_for(own, others, floor)
    assert utility_of(others, package)[0] >= floor[0] - 1e-9
    packages = grid(2, 101, 21)
    feasible = utilities(packages, others)[0] >= floor[0]
    assert feasible.any()
    assert utility_of(own, package)[0] >= utilities(packages[feasible], own)[0].max() - 1e-12


def test_best_for_uses_the_perceived_ideals():
    prefs = opposed(0.5)
    own, others = prefs.subset(np.array([0])), prefs.subset(np.array([1]))
    # party 1 is believed to want 0.5: it must get 0.8 = 1 - |x - 0.5|, so x >= 0.3
    package = best_for(own, others, np.array([0.8]), others_ideals=np.array([[0.5]]))
    assert package[0] == pytest.approx(0.3, abs=1e-12)
    assert best_for(own, others, np.array([0.8]))[0] == pytest.approx(0.8, abs=1e-12)


def test_best_for_is_none_when_the_floors_cannot_be_met():
    prefs = opposed(0.5)
    own, others = prefs.subset(np.array([0])), prefs.subset(np.array([1]))
    assert best_for(own, others, np.array([1.0 + 1e-6])) is None
    assert best_for(own, others, np.array([0.6]), own_floor=0.5) is None  # 1 - x + x = 1 < 1.1
    package = best_for(own, others, np.array([0.6]), own_floor=0.4)
    assert package[0] == pytest.approx(0.6, abs=1e-12)
    # floors met exactly are feasible (tolerance 1e-9)
    assert best_for(own, others, np.array([1.0])) is not None
    assert best_for(own, others, np.array([0.6]), own_floor=0.4) is not None


def test_best_for_own_floor_binds_when_the_objective_alone_would_not_meet_it():
    """Own floor on the own utility is implied by maximising it: it only decides feasibility."""
    prefs = conflicting()
    own, others = prefs.subset(np.array([0])), prefs.subset(np.array([1]))
    without = best_for(own, others, np.array([1.0]))
    value = utility_of(own, without)[0]
    np.testing.assert_allclose(
        best_for(own, others, np.array([1.0]), own_floor=value - 0.01), without, atol=1e-12
    )
    assert best_for(own, others, np.array([1.0]), own_floor=value + 1e-6) is None


# --- against brute force -----------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_maximin_and_nash_are_not_beaten_on_a_fine_grid(seed):
    rng = np.random.default_rng(seed)
    prefs = random_prefs(rng, 3, 2, fee=0.05)
    floors = 0.4 * best_utility(prefs)
    spans = rng.uniform(0.5, 2.0, 3)
    packages = grid(2, 101, 51)
    values = utilities(packages, prefs)
    t, package = maximin(prefs, floors, spans=spans)
    on_grid = ((values - floors[:, None]) / spans[:, None]).min(axis=0)
    assert t >= on_grid.max() - 1e-12
    assert t <= on_grid.max() + 0.02  # the grid comes close
    assert t == pytest.approx(((utility_of(prefs, package) - floors) / spans).min(), abs=1e-15)
    if t > 1e-12:
        nash = nash_point(prefs, floors)
        best = log_gains(prefs, packages, floors).max()
        value = log_gains(prefs, nash[None], floors)[0]
        assert value >= best - 1e-12
        assert value <= best + 0.05


def test_nash_point_is_not_beaten_nearby_on_many_parties():
    rng = np.random.default_rng(7)
    prefs = random_prefs(rng, 40, 5)
    floors = 0.5 * best_utility(prefs)
    package = nash_point(prefs, floors)
    value = log_gains(prefs, package[None], floors)[0]
    nearby = np.clip(package + rng.normal(0.0, 1e-3, (4000, 6)), 0.0, 1.0)
    axes = np.clip(package + np.vstack([np.eye(6), -np.eye(6)]) * 1e-7, 0.0, 1.0)
    assert log_gains(prefs, np.vstack([nearby, axes]), floors).max() <= value + 1e-12


def test_results_are_deterministic():
    rng = np.random.default_rng(3)
    prefs = random_prefs(rng, 17, 5)
    floors = 0.5 * best_utility(prefs)
    first = nash_point(prefs, floors), maximin(prefs, floors)[1]
    second = nash_point(prefs, floors), maximin(prefs, floors)[1]
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])


def test_nash_point_is_certified_on_the_largest_instances():
    rng = np.random.default_rng(11)
    prefs = random_prefs(rng, 200, 12)
    floors = 0.5 * best_utility(prefs)
    package = nash_point(prefs, floors)
    a, cost, slope, constant = optimise._linear_parts(prefs, 1.0, None)
    residual = optimise._residual(package, a, cost, slope, constant - floors, np.ones(200))
    assert residual <= 1e-9


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(2, 4),
    share=st.floats(0.0, 0.9),
    fee=st.floats(0.0, 0.2),
)
def test_no_grid_point_beats_the_optima(seed, n, share, fee):
    rng = np.random.default_rng(seed)
    prefs = random_prefs(rng, n, 1, fee)
    floors = share * best_utility(prefs)
    packages = grid(1, 201, 101)
    values = utilities(packages, prefs)
    t, package = maximin(prefs, floors)
    assert t >= (values - floors[:, None]).min(axis=0).max() - 1e-6
    # best for party 0 under the others' floors (relaxed so that it is often feasible)
    own, others = prefs.subset(np.array([0])), prefs.subset(np.arange(1, n))
    relaxed = floors[1:] + min(t, 0.0)
    chosen = best_for(own, others, relaxed)
    feasible = (values[1:] >= relaxed[:, None]).all(axis=0)
    if chosen is None:
        assert not feasible.any()
    else:
        assert (utility_of(others, chosen) >= relaxed - 1e-9).all()
        if feasible.any():
            assert utility_of(own, chosen)[0] >= values[0, feasible].max() - 1e-6
    nash = nash_point(prefs, floors)
    if t <= 1e-12:
        assert nash is None
    else:
        assert (
            log_gains(prefs, nash[None], floors)[0]
            >= log_gains(prefs, packages, floors).max() - 1e-6
        )


# --- the fast LP path against scipy.optimize.linprog ---------------------------------------------


def linprog_reference(prefs, rows, floors, spans, objective_party, scale, ideals):
    """The programmes of maximin / best_for in the textbook form, solved by linprog: variables
    (x (K), g, e (n, K), t); e_jk >= |x_k - a_jk|; for the parties in `rows`
    u_j(x, g, e) - floors_j >= spans_j t; max t if spans is given, else max u_objective_party.
    Returns the optimal value (None if infeasible)."""
    from scipy.optimize import linprog

    a, cost, slope, constant = optimise._linear_parts(prefs, scale, ideals)
    n, k = a.shape
    width = k + 1 + n * k + 1
    aux = k + 1 + np.arange(n * k).reshape(n, k)
    matrix, bound = [], []
    for j in range(n):
        for i in range(k):
            for sign in (1.0, -1.0):  # sign (x_i - a_ji) - e_ji <= 0
                row = np.zeros(width)
                row[i], row[aux[j, i]] = sign, -1.0
                matrix.append(row)
                bound.append(sign * a[j, i])
    for j in rows:  # sum_i cost e - slope g + span t <= constant - floor
        row = np.zeros(width)
        row[aux[j]], row[k] = cost[j], -slope[j]
        row[-1] = 0.0 if spans is None else spans[j]
        matrix.append(row)
        bound.append(constant[j] - floors[j])
    objective = np.zeros(width)
    if spans is None:
        objective[aux[objective_party]], objective[k] = (
            cost[objective_party],
            -slope[objective_party],
        )
    else:
        objective[-1] = -1.0
    bounds = [(0.0, 1.0)] * (k + 1) + [(0.0, None)] * (n * k) + [(None, None)]
    if spans is None:
        bounds[-1] = (0.0, 0.0)
    result = linprog(objective, np.array(matrix), np.array(bound), bounds=bounds, method="highs")
    if result.status == 2:
        return None
    assert result.status == 0
    return -result.fun if spans is not None else constant[objective_party] - result.fun


@pytest.mark.parametrize("segment_form", [48, 0])  # both forms of the programme
@pytest.mark.parametrize("seed", range(12))
def test_the_fast_lp_path_agrees_with_linprog(seed, segment_form, monkeypatch):
    monkeypatch.setattr(optimise, "_SEGMENT_FORM", segment_form)
    rng = np.random.default_rng(100 + seed)
    n, n_issues = [2, 3, 5, 17][seed % 4], [1, 3, 5][seed % 3]
    prefs = random_prefs(rng, n, n_issues, fee=0.05)
    if seed % 2:
        prefs.ideals[:, 0] = prefs.ideals[0, 0]  # a common kink
        prefs.weights[-1, -1] = 0.0  # an issue a party does not care about
    scale = float(rng.uniform(0.6, 1.2))
    seen = np.clip(prefs.ideals + rng.normal(0.0, 0.1, prefs.ideals.shape), 0.0, 1.0)
    floors = rng.uniform(0.3, 0.8) * best_utility(prefs)
    spans = rng.uniform(0.5, 2.0, n)
    # maximin: the same optimum, attained by the returned package
    t, package = maximin(prefs, floors, scale, seen, spans)
    expected = linprog_reference(prefs, range(n), floors, spans, None, scale, seen)
    assert t == pytest.approx(expected, abs=1e-9)
    assert ((utility_of(prefs, package, scale, seen) - floors) / spans).min() >= expected - 1e-9
    # best_for party 0 under the others' floors, with and without its own floor
    own, others = prefs.subset(np.array([0])), prefs.subset(np.arange(1, n))
    for relax in (0.0, 0.5 * t, -0.2):
        demands = floors[1:] + relax
        for own_floor in (None, float(floors[0])):
            rows = range(1, n) if own_floor is None else range(n)
            reference = np.concatenate([[floors[0]], demands])
            ideals = np.vstack([prefs.ideals[:1], seen[1:]])
            expected = linprog_reference(prefs, rows, reference, None, 0, scale, ideals)
            chosen = best_for(own, others, demands, scale, seen[1:], own_floor)
            if expected is None:
                assert chosen is None
                continue
            assert chosen is not None
            assert utility_of(own, chosen, scale)[0] == pytest.approx(expected, abs=1e-9)
            assert (utility_of(others, chosen, scale, seen[1:]) >= demands - 1e-9).all()
    # closest_acceptable: maximin of the others under the own floor
    own_floor = float(rng.uniform(0.3, 1.0) * best_utility(own)[0])
    chosen = optimise.closest_acceptable(
        own, own_floor, others, floors[1:], spans[1:], scale, seen[1:]
    )
    all_spans = np.concatenate([[0.0], spans[1:]])
    ideals = np.vstack([prefs.ideals[:1], seen[1:]])
    expected = linprog_reference(
        prefs, range(n), np.concatenate([[own_floor], floors[1:]]), all_spans, None, scale, ideals
    )
    if expected is None:
        assert chosen is None
    else:
        assert chosen is not None
        assert utility_of(own, chosen, scale)[0] >= own_floor - 1e-9
        margin = (utility_of(others, chosen, scale, seen[1:]) - floors[1:]) / spans[1:]
        assert margin.min() == pytest.approx(expected, abs=1e-9)


# --- the active-set Nash method against the log barrier ------------------------------------------


def nash_instance(rng: np.random.Generator):
    """A random Nash problem: 2..60 parties, 1..6 issues, with (sometimes) ideals on a coarse
    grid (ties, 0 and 1), a common ideal, issues a party ignores, perceived ideals, a scale and
    bargaining weights."""
    n, n_issues = int(rng.integers(2, 61)), int(rng.integers(1, 7))
    prefs = random_prefs(rng, n, n_issues, fee=float(rng.uniform(0.0, 0.1)))
    weights = prefs.weights.copy()
    weights[rng.random(weights.shape) < 0.2] = 0.0
    weights[weights.sum(axis=1) == 0, 0] = 1.0
    ideals = prefs.ideals.copy()
    if rng.random() < 0.4:
        ideals = np.round(ideals * 4) / 4
    if rng.random() < 0.2:
        ideals[:, 0] = ideals[0, 0]
    prefs = Preferences(
        ideals,
        weights / weights.sum(axis=1, keepdims=True),
        prefs.stake,
        prefs.autonomy,
        prefs.fit_weight,
        prefs.synergy,
        prefs.fee,
    )
    seen = (
        np.clip(ideals + rng.normal(0.0, 0.1, ideals.shape), 0, 1) if rng.random() < 0.3 else None
    )
    scale = float(rng.uniform(0.3, 1.5))
    bargaining = rng.uniform(0.2, 3.0, n) if rng.random() < 0.5 else None
    floors = rng.uniform(0.0, 0.6) * best_utility(prefs)
    return prefs, floors, scale, seen, bargaining


def test_the_active_set_method_agrees_with_the_barrier_on_random_instances():
    rng = np.random.default_rng(2026)
    compared = 0
    for _ in range(160):
        prefs, floors, scale, seen, bargaining = nash_instance(rng)
        package = nash_point(prefs, floors, scale, seen, bargaining)
        best, start = maximin(prefs, floors, scale, seen)
        if best <= 1e-12:
            assert package is None
            continue
        a, cost, slope, constant = optimise._linear_parts(prefs, scale, seen)
        weights = np.ones(len(floors)) if bargaining is None else bargaining
        args = (a, cost, slope, constant - floors, weights)
        fast = optimise._nash_active_set(*args, start)
        assert fast is not None  # certified, no fallback
        np.testing.assert_array_equal(package, fast)
        assert optimise._residual(fast, *args) <= optimise._STATIONARY
        barrier = optimise._nash_barrier(*args, start)
        np.testing.assert_allclose(
            utility_of(prefs, fast, scale, seen),
            utility_of(prefs, barrier, scale, seen),
            rtol=0.0,
            atol=1e-9,
        )
        compared += 1
    assert compared >= 100


def test_nash_point_falls_back_to_the_barrier_when_not_certified(monkeypatch):
    rng = np.random.default_rng(5)
    prefs = random_prefs(rng, 17, 5)
    floors = 0.5 * best_utility(prefs)
    expected = nash_point(prefs, floors)
    monkeypatch.setattr(optimise, "_nash_active_set", lambda *args: None)
    fallback = nash_point(prefs, floors)
    a, cost, slope, constant = optimise._linear_parts(prefs, 1.0, None)
    barrier = optimise._nash_barrier(
        a, cost, slope, constant - floors, np.ones(17), maximin(prefs, floors)[1]
    )
    np.testing.assert_array_equal(fallback, barrier)
    np.testing.assert_allclose(
        utility_of(prefs, fallback), utility_of(prefs, expected), rtol=0.0, atol=1e-9
    )


@pytest.mark.parametrize("seed", range(40))
def test_proposal_is_best_for_else_closest_acceptable(seed):
    """`proposal` shares the parts of the two programmes; it must give exactly what the two
    give called one after the other (the proposer's rule), on instances where the demands can
    and where they cannot be met."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 7))
    prefs = random_prefs(rng, n, int(rng.integers(1, 5)), fee=float(rng.uniform(0, 0.2)))
    own, others = prefs.subset(np.array([0])), prefs.subset(np.arange(1, n))
    best = best_utility(prefs)
    demands = best[1:] * rng.uniform(0.3, 1.05, n - 1)
    own_floor = float(best[0] * rng.uniform(0.2, 0.9))
    spans = rng.uniform(0.1, 1.0, n - 1)
    seen = np.clip(others.ideals + rng.normal(0, 0.1, others.ideals.shape), 0, 1)
    package, first = optimise.proposal(own, own_floor, others, demands, spans, 1.0, seen)
    expected = best_for(own, others, demands, 1.0, seen, own_floor)
    if expected is not None:
        assert first and np.array_equal(package, expected)
    else:
        fallback = optimise.closest_acceptable(own, own_floor, others, demands, spans, 1.0, seen)
        assert not first
        assert (package is None and fallback is None) or np.array_equal(package, fallback)


# --- the two-party programmes without a solver --------------------------------------------------


def _w(parts, j, package) -> float:
    """Party j's w (sum_k cost_jk |x_k - a_jk| - slope_j g) at the package."""
    a, cost, slope = parts
    return optimise._w(a[j].tolist(), cost[j].tolist(), float(slope[j]), package.tolist())


def _highs_only(monkeypatch):
    """Solve every programme with HiGHS (the two-party shortcut off)."""
    monkeypatch.setattr(optimise, "_bilateral", lambda *args: NotImplemented)


@pytest.mark.parametrize("degenerate", [False, True])
def test_the_two_party_knapsack_agrees_with_highs(degenerate, monkeypatch):
    """`_bilateral` (the continuous knapsack) against HiGHS on the same programmes, 3,000 random
    two-party instances per case in the three forms the proposer and best_for use: the same
    feasibility, the same optimal value (1e-9) and a feasible package. Without degeneracy
    (random weights, ideals and slopes) the optimum is unique and the packages agree (1e-7);
    with it (ideals on a coarse grid and outside the box, issues or integration a party ignores)
    only the value is unique, and the packages must still agree on the value."""
    rng = np.random.default_rng(31 if degenerate else 30)
    compared = infeasible = differ = 0
    for i in range(3000):
        a, cost, slope = _two_party_instance(rng, degenerate)
        bound = rng.uniform(-0.3, 1.0, 2)
        form = i % 3
        spans = np.array([0.0, rng.uniform(0.1, 2.0)]) if form == 2 else None
        rows = [1] if form == 1 else [0, 1]
        ours = optimise._party_lp(a, cost, slope, bound, spans, rows)
        with monkeypatch.context() as patch:
            _highs_only(patch)
            theirs = optimise._party_lp(a, cost, slope, bound, spans, rows)
        assert (ours is None) == (theirs is None), i
        if ours is None:
            infeasible += 1
            continue
        objective, constrained = (1, [0]) if form == 2 else (0, rows)

        parts = (a, cost, slope)
        value = [_w(parts, objective, p) for p in (ours, theirs)]
        assert value[0] == pytest.approx(value[1], abs=1e-9), i
        for j in constrained:
            assert _w(parts, j, ours) <= bound[j] + 1e-9, i
        assert ours.min() >= 0.0 and ours.max() <= 1.0
        differ += bool(np.abs(ours - theirs).max() > 1e-7)
        compared += 1
    assert compared >= 1500 and infeasible >= 100  # both outcomes well represented
    if not degenerate:
        assert differ == 0


def test_the_two_party_maximin_still_goes_to_highs(monkeypatch):
    """The maximin of two parties (both spans positive) is not a knapsack: `_bilateral` leaves
    it to HiGHS, and the result is the programme's optimum."""
    prefs = opposed()
    assert (
        optimise._bilateral(
            *optimise._linear_parts(prefs, 1.0, None)[:3], np.zeros(2), np.ones(2), [0, 1]
        )
        is NotImplemented
    )
    t, package = maximin(prefs, np.zeros(2))
    assert package[0] == pytest.approx(0.5, abs=1e-9)


def _two_party_instance(rng, degenerate):
    """Random two-party (a, cost, slope), with ties, ideals outside the box and indifference
    when `degenerate`."""
    n_issues = int(rng.integers(1, 6))
    if degenerate:
        a = np.round(rng.uniform(-0.2, 1.2, (2, n_issues)) * 4) / 4
        cost = rng.random((2, n_issues)) * (rng.random((2, n_issues)) > 0.25)
        slope = rng.normal(0.0, 0.3, 2) * (rng.random(2) > 0.25)
    else:
        a, cost, slope = rng.random((2, n_issues)), rng.random((2, n_issues)), rng.normal(0, 0.3, 2)
    return a, cost, slope


@pytest.mark.parametrize("degenerate", [False, True])
def test_the_two_party_maximin_walk_agrees_with_highs(degenerate):
    """`_maximin_of_two` (the walk along the frontier) against HiGHS's maximin programme on
    3,000 random instances: the same optimal t (1e-9), attained by the package."""
    rng = np.random.default_rng(41 if degenerate else 40)
    for i in range(3000):
        a, cost, slope = _two_party_instance(rng, degenerate)
        bound = rng.uniform(-0.3, 1.0, 2)
        spans = rng.uniform(0.1, 2.0, 2)
        ours = np.array(optimise._maximin_of_two(a, cost, slope, bound, spans))
        theirs = optimise._party_lp(a, cost, slope, bound, spans, [0, 1])  # HiGHS
        parts = (a, cost, slope)

        def t(package, parts=parts, bound=bound, spans=spans):
            return min((bound[j] - _w(parts, j, package)) / spans[j] for j in (0, 1))

        assert t(ours) == pytest.approx(t(theirs), abs=1e-9), i
        assert ours.min() >= 0.0 and ours.max() <= 1.0


@pytest.mark.parametrize("degenerate", [False, True])
def test_the_two_party_nash_walk_agrees_with_the_active_set_method(degenerate):
    """`_nash_of_two` against the general methods (active set, else the log barrier) on random
    two-party instances with a zone, with and without bargaining weights: the same weighted
    Nash product (1e-9 in its log) and the same gains (1e-7)."""
    rng = np.random.default_rng(43 if degenerate else 42)
    compared = 0
    for _ in range(1500):
        a, cost, slope = _two_party_instance(rng, degenerate)
        bound = rng.uniform(0.0, 1.0, 2)
        weights = rng.uniform(0.2, 3.0, 2) if rng.random() < 0.5 else np.ones(2)
        best = optimise._maximin_of_two(a, cost, slope, bound, np.ones(2))
        parts = (a, cost, slope)
        gains = [bound[j] - _w(parts, j, np.array(best)) for j in (0, 1)]
        if min(gains) <= 1e-6:
            continue
        start = np.array(best)
        ours = np.array(optimise._nash_of_two(a, cost, slope, bound, weights))
        theirs = optimise._nash_active_set(a, cost, slope, bound, weights, start)
        if theirs is None:
            theirs = optimise._nash_barrier(a, cost, slope, bound, weights, start)

        def value(package, parts=parts, bound=bound, weights=weights):
            gain = np.array([bound[j] - _w(parts, j, package) for j in (0, 1)])
            return float(weights @ np.log(gain)), gain

        (v_ours, g_ours), (v_theirs, g_theirs) = value(ours), value(theirs)
        assert v_ours >= v_theirs - 1e-9
        np.testing.assert_allclose(g_ours, g_theirs, atol=1e-7)
        compared += 1
    assert compared >= 700


def test_proposal_decides_first_or_closest_as_the_two_programmes_do_near_the_edge():
    """`proposal` solves the closest-acceptable programme first and skips the best-for one when
    that proves no package meets every demand. On 400 instances of 3-8 parties whose demands
    sit at, just inside or just outside what one package gives them all (down to 1e-12), it
    must return exactly what best_for and then closest_acceptable give."""
    rng = np.random.default_rng(2611)
    firsts = 0
    for i in range(400):
        n = int(rng.integers(3, 9))
        prefs = random_prefs(rng, n, int(rng.integers(1, 5)), fee=float(rng.uniform(0, 0.1)))
        own, others = prefs.subset(np.array([0])), prefs.subset(np.arange(1, n))
        seen = np.clip(others.ideals + rng.normal(0, 0.05, others.ideals.shape), 0, 1)
        # a package on the frontier (the maximin of all, the others as seen), or a random one
        as_seen = Preferences(
            np.vstack([own.ideals, seen]),
            prefs.weights,
            prefs.stake,
            prefs.autonomy,
            prefs.fit_weight,
            prefs.synergy,
            prefs.fee,
        )
        package = maximin(as_seen, np.zeros(n))[1] if i % 2 else rng.random(seen.shape[1] + 1)
        shift = [0.0, 1e-12, -1e-12, 1e-8, -1e-8, 1e-3, -1e-3][i % 7]
        demands = utility_of(others, package, 1.0, seen) + shift
        own_floor = float(utility_of(own, package, 1.0)[0] - abs(rng.normal(0, 1e-3)))
        spans = rng.uniform(0.1, 1.0, n - 1)
        got, first = optimise.proposal(own, own_floor, others, demands, spans, 1.0, seen)
        expected = best_for(own, others, demands, 1.0, seen, own_floor)
        if expected is not None:
            assert first and np.array_equal(got, expected), i
            firsts += 1
            continue
        fallback = optimise.closest_acceptable(own, own_floor, others, demands, spans, 1.0, seen)
        assert not first, i
        assert (got is None and fallback is None) or np.array_equal(got, fallback), i
    assert 100 <= firsts <= 350  # both answers well represented
