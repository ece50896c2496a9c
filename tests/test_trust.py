"""Trust and perception (sim/trust.py): bounded, earned slowly and lost fast, moved by dialogue;
perception errors shrink with trust and openness; low trust overstates positions."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.scenario import Parameters
from sim.trust import (
    dialogue,
    mean_trust,
    move_trust,
    perceive,
    perception_error,
    stated_positions,
    trust_in_others,
)

DEFAULTS = Parameters()
GAIN, LOSS = DEFAULTS.trust_gain, DEFAULTS.trust_loss
unit = st.floats(0.0, 1.0, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(
    trust=arrays(float, (3, 3), elements=unit),
    signal=st.one_of(
        st.floats(-1e6, 1e6, allow_nan=False),
        arrays(float, (3, 3), elements=st.floats(-50, 50, allow_nan=False)),
    ),
    gain=unit,
    loss=unit,
)
def test_move_trust_stays_in_unit_interval_for_any_signal(trust, signal, gain, loss):
    moved = move_trust(trust, signal, gain, loss)
    assert moved.shape == trust.shape
    assert ((moved >= 0.0) & (moved <= 1.0)).all()


def test_move_trust_known_values():
    trust = np.array([0.4, 0.4, 0.4])
    np.testing.assert_allclose(
        move_trust(trust, np.array([1.0, -1.0, 0.0]), GAIN, LOSS),
        [0.4 + GAIN * 0.6, 0.4 - LOSS * 0.4 - GAIN * 0.6, 0.4],
    )
    # signals beyond [-1, 1] count as -1 / 1
    np.testing.assert_allclose(move_trust(trust, 7.0, GAIN, LOSS), 0.4 + GAIN * 0.6)


@settings(max_examples=150, deadline=None)
@given(start=st.floats(0.0, 1.0), signal=st.floats(0.01, 1.0))
def test_gain_then_equal_loss_leaves_trust_lower(start, signal):
    """Earned slowly, lost fast (Vangen & Huxham): with loss > gain, +s then -s from the same
    level ends lower than it began, at every level."""
    there = move_trust(np.array([start]), signal, GAIN, LOSS)
    back = move_trust(there, -signal, GAIN, LOSS)[0]
    assert back < start or start == 0.0  # nothing left to lose
    earned = there[0] - start
    lost = start - move_trust(np.array([start]), -signal, GAIN, LOSS)[0]
    assert lost > earned or lost == start or start == 1.0  # all lost, or nothing to gain


def test_trust_is_earned_slower_than_lost_at_every_level():
    """docs/model.md: 'Trust is earned slowly and lost fast (gains smaller than losses)'; the
    docstring of move_trust: 'With loss > gain, trust is lost faster than it is earned'."""
    for start in (0.05, 0.1, 0.2):
        there = move_trust(np.array([start]), 0.5, GAIN, LOSS)
        back = move_trust(there, -0.5, GAIN, LOSS)[0]
        assert back < start, f"from {start}: +0.5 then -0.5 ends at {back:.3f}"


def test_dialogue_raises_trust_and_lowers_familiarity():
    trust = np.array([[1.0, 0.2, 0.5], [0.4, 1.0, 0.9], [0.0, 0.6, 1.0]])
    familiarity = np.array([[1.0, 1.0, 0.5], [1.0, 1.0, 1.0], [0.2, 1.0, 1.0]])
    before_trust, before_familiarity = trust.copy(), familiarity.copy()
    new_trust, new_familiarity = dialogue(trust, familiarity, 1.0, 0.12, LOSS, 0.15)
    off = ~np.eye(3, dtype=bool)
    assert (new_trust[off] > trust[off]).all()
    np.testing.assert_allclose(new_trust[off], trust[off] + 0.12 * (1 - trust[off]))
    np.testing.assert_array_equal(np.diag(new_trust), 1.0)
    np.testing.assert_allclose(new_familiarity, 0.85 * familiarity)
    # the inputs are not changed in place
    np.testing.assert_array_equal(trust, before_trust)
    np.testing.assert_array_equal(familiarity, before_familiarity)


def test_dialogue_intensity_scales_and_zero_does_nothing():
    trust, familiarity = np.full((2, 2), 0.4), np.ones((2, 2))
    np.fill_diagonal(trust, 1.0)
    half_trust, half_familiarity = dialogue(trust, familiarity, 0.5, 0.12, LOSS, 0.15)
    assert half_trust[0, 1] == pytest.approx(0.4 + 0.5 * 0.12 * 0.6)
    assert half_familiarity[0, 1] == pytest.approx(1 - 0.5 * 0.15)
    none_trust, none_familiarity = dialogue(trust, familiarity, 0.0, 0.12, LOSS, 0.15)
    np.testing.assert_array_equal(none_trust, trust)
    np.testing.assert_array_equal(none_familiarity, familiarity)


def error(trust, openness, familiarity=1.0, base=0.35):
    return perception_error(np.array([trust]), np.array([openness]), np.array([familiarity]), base)[
        0
    ]


def test_perception_error_known_values():
    assert error(0.0, 0.0) == pytest.approx(0.35)
    assert error(1.0, 0.0) == pytest.approx(0.35 * 0.3)
    assert error(0.5, 0.5, 0.5) == pytest.approx(0.35 * 0.5 * 0.65 * 0.5)


@settings(max_examples=150, deadline=None)
@given(t1=unit, t2=unit, o1=unit, o2=unit, familiarity=st.floats(0.01, 1.0))
def test_perception_error_shrinks_with_trust_and_openness(t1, t2, o1, o2, familiarity):
    low_t, high_t = sorted((t1, t2))
    low_o, high_o = sorted((o1, o2))
    assert error(high_t, low_o, familiarity) <= error(low_t, low_o, familiarity)
    assert error(low_t, high_o, familiarity) <= error(low_t, low_o, familiarity)
    if high_t - low_t > 1e-6 and low_o < 0.999:
        assert error(high_t, low_o, familiarity) < error(low_t, low_o, familiarity)
    if high_o - low_o > 1e-6:
        assert error(low_t, high_o, familiarity) < error(low_t, low_o, familiarity)
    assert error(low_t, 1.0, familiarity) == 0.0
    assert error(high_t, 1.0, familiarity) == 0.0


def test_low_trust_exaggerates_away_from_the_midpoint():
    ideals = np.array([[0.3, 0.7, 0.5], [0.1, 0.9, 0.45]])
    stated = stated_positions(ideals, np.zeros(2), np.zeros(2), 0.5)
    # factor 1 + 2 * 0.5 * 1 * 1 = 2 on the distance to 0.5, clipped to [0, 1]
    np.testing.assert_allclose(stated, [[0.1, 0.9, 0.5], [0.0, 1.0, 0.4]])


@settings(max_examples=150, deadline=None)
@given(
    ideals=arrays(float, (3, 4), elements=unit),
    openness=arrays(float, 3, elements=unit),
    own_trust=arrays(float, 3, elements=unit),
    overstatement=unit,
)
def test_stated_positions_overstate_never_understate(ideals, openness, own_trust, overstatement):
    stated = stated_positions(ideals, openness, own_trust, overstatement)
    assert ((stated >= 0) & (stated <= 1)).all()
    # same side of 0.5, at least as far from it
    assert (np.sign(stated - 0.5) * np.sign(ideals - 0.5) >= 0).all()
    assert (np.abs(stated - 0.5) >= np.abs(ideals - 0.5) - 1e-12).all()
    np.testing.assert_allclose(
        stated_positions(ideals, openness, np.ones(3), overstatement), ideals
    )
    np.testing.assert_allclose(
        stated_positions(ideals, np.ones(3), own_trust, overstatement), ideals
    )
    np.testing.assert_allclose(stated_positions(ideals, openness, own_trust, 0.0), ideals)


def test_perceive_adds_scaled_noise_and_stays_in_unit_interval():
    stated = np.array([[0.2, 0.8], [0.5, 0.5]])
    exact = perceive(stated, np.zeros(2), np.random.default_rng(0))
    np.testing.assert_array_equal(exact, stated)
    first = perceive(stated, np.array([0.0, 5.0]), np.random.default_rng(3))
    again = perceive(stated, np.array([0.0, 5.0]), np.random.default_rng(3))
    np.testing.assert_array_equal(first, again)
    np.testing.assert_array_equal(first[0], stated[0])
    assert ((first >= 0) & (first <= 1)).all() and not np.allclose(first[1], stated[1])


def test_mean_trust_and_trust_in_others_skip_the_diagonal():
    trust = np.array([[1.0, 0.2, 0.4], [0.6, 1.0, 0.8], [0.0, 1.0, 1.0]])
    everyone = np.arange(3)
    assert mean_trust(trust, everyone) == pytest.approx((0.2 + 0.4 + 0.6 + 0.8 + 0.0 + 1.0) / 6)
    assert mean_trust(trust, np.array([0, 2])) == pytest.approx((0.4 + 0.0) / 2)
    assert mean_trust(trust, np.array([1])) == 1.0
    np.testing.assert_allclose(trust_in_others(trust, everyone), [0.3, 0.7, 0.5])
    np.testing.assert_allclose(trust_in_others(trust, np.array([1, 2])), [0.8, 1.0])


def test_a_number_moves_as_the_same_number_in_an_array_does():
    """`move_trust` and `unit` on plain numbers (the negotiation moves one judge's trust at a
    time) give exactly what the array form gives, element by element: the same bits for random
    trust levels and signals, rates, signals beyond [-1, 1], zero and the bounds."""
    from sim.trust import unit as clip

    rng = np.random.default_rng(11)
    trust = np.concatenate([rng.random(2000), [0.0, 1.0, 0.5, 1e-300]])
    signal = np.concatenate([rng.uniform(-1.5, 1.5, 2000), [0.0, -0.0, 1.0, -1.0]])
    gain, loss = rng.random(len(trust)), rng.random(len(trust))
    for t, s, g, lo in zip(trust, signal, gain, loss, strict=True):
        as_array = move_trust(np.array([t]), np.array([s]), g, lo)[0]
        assert move_trust(float(t), float(s), g, lo) == as_array
        assert move_trust(np.array([t]), float(s), g, lo)[0] == as_array
    values = rng.uniform(-2.0, 2.0, 1000)
    assert [clip(float(v)) for v in values] == clip(values).tolist()


def test_mean_trust_in_others_is_the_same_in_plain_numbers():
    """For fewer than 5 members the mean trust in the others is computed in plain floats; it
    must be exactly numpy's block formula (row sums less the diagonal), for any members in any
    order, as for 8 and more."""
    rng = np.random.default_rng(5)
    for _ in range(500):
        n = int(rng.integers(2, 13))
        trust = rng.random((n, n)) * np.exp(rng.normal(0.0, 2.0, (n, n)))
        members = rng.permutation(n)[: int(rng.integers(2, n + 1))]
        block = trust[np.ix_(members, members)]
        expected = (block.sum(axis=1) - np.diagonal(block)) / (len(members) - 1)
        assert np.array_equal(trust_in_others(trust, members), expected)
