"""Preferences (sim/preferences.py): utilities of packages, on cases whose answer is known.

Utility = fit_weight * (1 - weighted L1 distance to the ideal)
          + stake * (synergy * scale * integration - fee) - autonomy * integration.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.preferences import (
    Preferences,
    best_utility,
    ideal_integration,
    issue_fit,
    joint_value,
    reservation_values,
    utilities,
)


def prefs_two(fee: float = 0.0, fit_weight: float = 1.0) -> Preferences:
    """Party 0 gains from integration (stake*synergy 0.5 > autonomy 0.2), party 1 does not
    (0.5 < 0.6)."""
    return Preferences(
        ideals=np.array([[0.2, 0.8], [0.8, 0.2]]),
        weights=np.array([[0.5, 0.5], [0.25, 0.75]]),
        stake=np.array([1.0, 1.0]),
        autonomy=np.array([0.2, 0.6]),
        fit_weight=fit_weight,
        synergy=0.5,
        fee=fee,
    )


def own_best_packages(prefs: Preferences) -> np.ndarray:
    return np.column_stack([prefs.ideals, ideal_integration(prefs)])


def test_ideal_package_at_best_integration_is_best_utility():
    prefs = prefs_two()
    np.testing.assert_array_equal(ideal_integration(prefs), [1.0, 0.0])
    values = utilities(own_best_packages(prefs), prefs)
    np.testing.assert_allclose(np.diag(values), best_utility(prefs))
    # known values: 1 + (0.5 - 0.2) for party 0, 1 + 0 for party 1
    np.testing.assert_allclose(best_utility(prefs), [1.3, 1.0])


def test_best_utility_is_the_maximum_over_a_grid_of_packages():
    prefs = prefs_two()
    axis = np.linspace(0.0, 1.0, 11)
    grid = np.array(np.meshgrid(axis, axis, axis)).reshape(3, -1).T
    values = utilities(grid, prefs)
    np.testing.assert_allclose(values.max(axis=1), best_utility(prefs))


@pytest.mark.parametrize("fit_weight", [1.0, 0.7])
def test_utility_falls_linearly_with_distance_on_one_issue(fit_weight):
    prefs = prefs_two(fit_weight=fit_weight)
    distances = np.array([0.0, 0.1, 0.25, 0.5, 0.8])
    packages = np.column_stack([0.2 + distances, np.full(5, 0.8), np.zeros(5)])
    values = utilities(packages, prefs)[0]
    # slope = fit_weight * weight of issue one (0.5), the same at every distance
    np.testing.assert_allclose(values[0] - values, fit_weight * 0.5 * distances)


def test_distance_is_weighted_l1_not_euclidean():
    prefs = prefs_two()
    # party 1 (weights 0.25, 0.75, ideal 0.8, 0.2), moved 0.4 down on issue one and 0.2 up on two
    package = np.array([[0.4, 0.4, 0.0]])
    drop = best_utility(prefs)[1] - utilities(package, prefs)[1, 0]
    assert drop == pytest.approx(0.25 * 0.4 + 0.75 * 0.2)
    np.testing.assert_allclose(
        issue_fit(package[:, :2], prefs.ideals, prefs.weights)[:, 0],
        [1 - (0.5 * 0.2 + 0.5 * 0.4), 1 - (0.25 * 0.4 + 0.75 * 0.2)],
    )


def test_autonomy_cost_times_integration():
    prefs = prefs_two()
    levels = np.linspace(0.0, 1.0, 5)
    packages = np.column_stack([np.full(5, 0.2), np.full(5, 0.8), levels])
    values = utilities(packages, prefs)
    net_slope = prefs.stake * prefs.synergy - prefs.autonomy  # 0.3 and -0.1
    np.testing.assert_allclose(values - values[:, :1], net_slope[:, None] * levels[None, :])


def test_scale_shrinks_only_the_joint_value():
    prefs = prefs_two()
    package = np.array([[0.5, 0.5, 1.0]])
    full, half = utilities(package, prefs, 1.0), utilities(package, prefs, 0.5)
    np.testing.assert_allclose(full - half, prefs.stake[:, None] * prefs.synergy * 0.5)
    np.testing.assert_allclose(joint_value(np.array([0.0]), prefs), 0.0)


def test_fee_lowers_joint_value_by_stake_times_fee_for_every_package():
    rng = np.random.default_rng(1)
    packages = rng.random((20, 3))
    with_fee = utilities(packages, prefs_two(fee=0.05))
    without = utilities(packages, prefs_two())
    np.testing.assert_allclose(without - with_fee, 0.05)
    assert (with_fee < without).all()


def test_reservation_share_one_is_the_best_and_zero_is_nothing():
    prefs = prefs_two()
    np.testing.assert_allclose(reservation_values(prefs, 1.0), best_utility(prefs))
    np.testing.assert_allclose(reservation_values(prefs, 0.0), 0.0)
    np.testing.assert_allclose(reservation_values(prefs, 0.4), 0.4 * best_utility(prefs))


def test_perceived_ideals_replace_the_true_ones():
    prefs = prefs_two()
    seen = np.array([[0.5, 0.5], [0.1, 0.9]])
    packages = np.array([[0.3, 0.6, 0.5], [0.9, 0.1, 0.0]])
    as_seen = Preferences(
        seen, prefs.weights, prefs.stake, prefs.autonomy, prefs.fit_weight, prefs.synergy
    )
    np.testing.assert_allclose(
        utilities(packages, prefs, ideals=seen), utilities(packages, as_seen)
    )
    assert not np.allclose(utilities(packages, prefs, ideals=seen), utilities(packages, prefs))


def test_subset_keeps_the_rows_of_the_chosen_parties():
    prefs = prefs_two()
    only_second = prefs.subset(np.array([1]))
    package = np.array([[0.3, 0.3, 0.3]])
    np.testing.assert_allclose(utilities(package, only_second)[0], utilities(package, prefs)[1])


@st.composite
def preference_sets(draw):
    n = draw(st.integers(1, 4))
    k = draw(st.integers(1, 5))
    unit = st.floats(0.0, 1.0, allow_nan=False)
    raw = draw(arrays(float, (n, k), elements=st.floats(0.01, 1.0)))
    return Preferences(
        ideals=draw(arrays(float, (n, k), elements=unit)),
        weights=raw / raw.sum(axis=1, keepdims=True),
        stake=draw(arrays(float, n, elements=st.floats(0.1, 3.0))),
        autonomy=draw(arrays(float, n, elements=st.floats(0.0, 2.0))),
        fit_weight=draw(st.floats(0.1, 2.0)),
        synergy=draw(st.floats(0.0, 2.0)),
        fee=draw(st.floats(0.0, 0.5)),
    )


@settings(max_examples=150, deadline=None)
@given(prefs=preference_sets(), data=st.data())
def test_utilities_finite_and_within_bounds(prefs, data):
    k = prefs.ideals.shape[1]
    packages = data.draw(arrays(float, (6, k + 1), elements=st.floats(0.0, 1.0)))
    values = utilities(packages, prefs, scale=data.draw(st.floats(0.0, 1.0)))
    assert values.shape == (len(prefs.stake), 6)
    assert np.isfinite(values).all()
    # issue fit lies in [0, 1]; joint value in [-stake*fee, stake*synergy]; autonomy loss in
    # [0, autonomy]: so utility never exceeds the best and never falls below the worst case
    assert (values <= best_utility(prefs)[:, None] + 1e-9).all()
    worst = -prefs.autonomy - prefs.stake * prefs.fee
    assert (values >= worst[:, None] - 1e-9).all()
    fit = issue_fit(packages[:, :-1], prefs.ideals, prefs.weights)
    assert ((fit >= -1e-12) & (fit <= 1 + 1e-12)).all()


def test_one_package_is_valued_as_in_a_batch():
    """One package's integration is taken as a number (cheaper); the value must be exactly the
    batch formula's, with fee, any scale and perceived ideals, to the bit."""
    rng = np.random.default_rng(12)
    for _ in range(2000):
        n, k = int(rng.integers(1, 6)), int(rng.integers(1, 6))
        prefs = Preferences(
            ideals=rng.random((n, k)),
            weights=rng.dirichlet(np.ones(k), n),
            stake=rng.uniform(0.2, 2.0, n),
            autonomy=rng.uniform(0.0, 1.5, n),
            fit_weight=float(rng.uniform(0.5, 1.5)),
            synergy=float(rng.uniform(0.0, 1.5)),
            fee=float(rng.choice([0.0, rng.uniform(0.0, 0.2)])),
        )
        package, scale = rng.random((1, k + 1)), float(rng.uniform(0.3, 1.0))
        seen = rng.random((n, k)) if rng.random() < 0.5 else None
        g = package[:, -1]
        expected = (
            prefs.fit_weight
            * issue_fit(package[:, :-1], prefs.ideals if seen is None else seen, prefs.weights)
            + joint_value(g, prefs, scale)
            - prefs.autonomy[:, None] * g[None, :]
        )
        assert np.array_equal(utilities(package, prefs, scale, seen), expected)
