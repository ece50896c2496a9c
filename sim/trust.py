"""Trust and perception.

Trust is a directed matrix, trust[i, j] = trust of i in j, bounded in [0, 1]. It is earned
slowly and lost fast (Vangen & Huxham 2003, the trust-building loop; Ansell & Gash 2008, the
cycle of dialogue, trust and commitment). Perception: a party sees the others' interests through
an error that shrinks with its trust in them and with their openness (Future City Foundation
2019, les 1; COB et al., Samen werkt het!: "in alle openheid inzicht geven in elkaars
belangen"); parties with low trust overstate their positions (Fisher & Ury 1981, positional
bargaining).
"""

from __future__ import annotations

import numpy as np

NEUTRAL = 0.5
"""The midpoint of an issue; overstating pushes a stated position away from it."""
FEW = 4
"""Up to this many numbers a mechanism runs in plain floats (the same results: elementwise
arithmetic, and sums of fewer than 8 added one by one as numpy adds them); numpy's overhead per
call would dominate, while above it numpy's arrays win."""


def unit(values: np.ndarray | float) -> np.ndarray | float:
    """Clip to [0, 1] (two ufuncs: much cheaper than np.clip on small arrays; a number without
    numpy, the same result)."""
    if isinstance(values, float):
        return min(max(values, 0.0), 1.0)
    return np.minimum(np.maximum(values, 0.0), 1.0)


def move_trust(
    trust: np.ndarray | float, signal: np.ndarray | float, gain: float, loss: float
) -> np.ndarray | float:
    """Move trust by signal in [-1, 1]: gains scale with gain*(1-t), losses with
    loss*t + gain*(1-t).

    A loss is never smaller than the gain of the same signal at the same level, so with
    loss > gain trust is lost faster than it is earned at every level (docs/model.md: "earned
    slowly, lost fast"; Lewicki & Bunker 1996); the result stays in [0, 1].
    """
    if isinstance(signal, float):  # one signal for all: one of the two rates
        signal = min(max(signal, -1.0), 1.0)
        if signal > 0:
            rate = gain * (1.0 - trust)
        else:
            rate = loss * trust + gain * (1.0 - trust)
        return unit(trust + rate * signal)
    signal = np.minimum(np.maximum(signal, -1.0), 1.0)
    rate = np.where(signal > 0, gain * (1.0 - trust), loss * trust + gain * (1.0 - trust))
    return unit(trust + rate * signal)


def dialogue(
    trust: np.ndarray,
    familiarity: np.ndarray,
    intensity: float,
    gain: float,
    loss: float,
    learning: float,
) -> tuple[np.ndarray, np.ndarray]:
    """One month of getting to know each other at an intensity in [0, 1]: trust rises at
    rate `gain`, perception error falls by the share `learning`.

    `familiarity` is the share of perception error that talking has not yet removed (1 at the
    start, shrinking toward 0). COB et al., Samen werkt het!:
    "veel tijd aan elkaar kennen, begrijpen en vertrouwen".
    """
    intensity = min(max(intensity, 0.0), 1.0)
    trust = move_trust(trust, np.full_like(trust, intensity), gain, loss)
    np.fill_diagonal(trust, 1.0)
    return trust, familiarity * (1.0 - learning * intensity)


def perception_error(
    trust_row: np.ndarray | float,
    openness: np.ndarray | float,
    familiarity_row: np.ndarray | float,
    base: float,
) -> np.ndarray | float:
    """S.d. of an observer's error about each other party's ideal: (n,) per observed party
    (or one number for one)."""
    return base * (1.0 - openness) * (1.0 - 0.7 * trust_row) * familiarity_row


def stated_positions(
    ideals: np.ndarray, openness: np.ndarray, own_trust: np.ndarray, overstatement: float
) -> np.ndarray:
    """Positions as parties state them: low trust and low openness exaggerate, away from 0.5."""
    exaggeration = 2.0 * overstatement * (1.0 - own_trust) * (1.0 - openness)
    return unit(ideals + exaggeration[:, None] * (ideals - NEUTRAL))


def perception_errors(
    trust: np.ndarray,
    openness: np.ndarray,
    familiarity: np.ndarray,
    observers: list[int],
    observed: list[int],
    base: float,
) -> np.ndarray:
    """`perception_error` of each observer about the party observed with it (pairs of
    indices): for a few pairs in plain numbers, else with numpy's arrays (the same numbers)."""
    if len(observed) <= FEW:
        return np.array(
            [
                perception_error(trust.item(i, j), openness.item(j), familiarity.item(i, j), base)
                for i, j in zip(observers, observed, strict=True)
            ]
        )
    return perception_error(
        trust[observers, observed], openness[observed], familiarity[observers, observed], base
    )


def perceive(stated: np.ndarray, sigma: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """An observer's picture of the others' ideals: stated positions plus its error."""
    seen = rng.standard_normal(stated.shape)
    seen *= sigma[:, None]
    seen += stated
    np.maximum(seen, 0.0, out=seen)  # unit, in place
    return np.minimum(seen, 1.0, out=seen)


def mean_trust(trust: np.ndarray, members: np.ndarray) -> float:
    """Mean trust among the given parties, off the diagonal (1.0 for a single party)."""
    k = len(members)
    if k < 2:
        return 1.0
    members = np.asarray(members)
    block = trust[members[:, None], members[None, :]]  # np.ix_, cheaper
    return float((block.sum() - np.trace(block)) / (k * (k - 1)))


def row_sums(matrix: np.ndarray, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """The sum of each of `rows` of `matrix` over `columns` (the block np.ix_ would take): for a
    few numbers in plain floats, added one by one as numpy adds fewer than 8 (the same bits)."""
    if 0 < len(columns) <= FEW and len(rows) <= FEW:
        value, columns = matrix.item, columns.tolist()
        sums = []
        for i in rows.tolist():
            total = value(i, columns[0])
            for j in columns[1:]:
                total += value(i, j)
            sums.append(total)
        return np.array(sums)
    return np.add.reduce(matrix.take(rows, 0).take(columns, 1), axis=1)


def trust_in_others(trust: np.ndarray, members: np.ndarray) -> np.ndarray:
    """Each member's mean trust in the other members: (len(members),)."""
    k = len(members)
    if k < 2:
        return np.ones(k)
    members = np.asarray(members)
    return (row_sums(trust, members, members) - trust[members, members]) / (k - 1)
