"""Strategies: what a negotiator demands, offers and accepts; they know no protocol.

`time_aspiration` is the time-based concession family of Faratin, Sierra & Jennings (1998):
exponent < 1 is Boulware, 1 linear, > 1 Conceder. (NegMAS's time-based negotiators use the
reciprocal exponent: its `e` is our `1 / exponent`.) `choose_offer` is the proposer's rule (the
best package for itself among those it believes the others accept); `choose_text` is the
mediator's weighted Nash-product text. Preferences live in `sim.preferences`: nothing here knows
where utilities come from. Candidate packages are generated and scored in one vectorised pass.
"""

from __future__ import annotations

import numpy as np


def time_aspiration(
    progress: np.ndarray | float, start: np.ndarray, reservation: np.ndarray, exponent: np.ndarray
) -> np.ndarray:
    """Faratin et al. (1998): aspiration = r + (start - r) * (1 - progress ** (1 / e)).

    progress is elapsed / available negotiation time in [0, 1]; the aspiration never falls below
    the reservation value and reaches it at the deadline.
    """
    progress = min(max(float(progress), 0.0), 1.0)
    return reservation + (start - reservation) * (1.0 - progress ** (1.0 / exponent))


def accepts(evaluation: np.ndarray, aspiration: np.ndarray, reservation: np.ndarray) -> np.ndarray:
    """A responder accepts a package worth at least its aspiration and strictly more than its
    BATNA: with no zone of agreement nobody ever accepts."""
    return (evaluation >= aspiration) & (evaluation > reservation)


def candidate_packages(
    rng: np.random.Generator, anchors: np.ndarray, n_random: int, n_issues: int
) -> np.ndarray:
    """Anchored packages (ideals, blends, the table) plus uniformly random ones: (M, K+1)."""
    return np.vstack([anchors, rng.random((n_random, n_issues + 1))])


def blends(start: np.ndarray, target: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """Packages on the line from start to target at the given fractions: (len(steps), K+1)."""
    return start[None, :] + steps[:, None] * (target - start)[None, :]


def weighted_median(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per column, the weighted median of values (n, K) with weights (n, K).

    For linear-additive L1 preferences this is the package that maximises total issue fit.
    """
    order = np.argsort(values, axis=0)
    sorted_values = np.take_along_axis(values, order, axis=0)
    cumulative = np.cumsum(np.take_along_axis(weights, order, axis=0), axis=0)
    half = cumulative[-1] / 2.0
    position = (cumulative < half[None, :]).sum(axis=0)
    return sorted_values[position, np.arange(values.shape[1])]


def choose_offer(
    own_utility: np.ndarray,
    own_aspiration: float,
    others_utility: np.ndarray,
    others_aspiration: np.ndarray,
    others_range: np.ndarray,
) -> int:
    """The proposer's rule: the best package for itself among those it believes all others
    accept; if it believes none is, the one closest to acceptable that it can still live with.

    own_utility (M,), others_utility (n-1, M) as the proposer perceives them.
    """
    feasible = own_utility >= own_aspiration
    if not feasible.any():
        return int(np.argmax(own_utility))
    margins = (others_utility - others_aspiration[:, None]) / others_range[:, None]
    worst = margins.min(axis=0) if len(margins) else np.zeros_like(own_utility)
    believed = feasible & (worst >= 0.0)
    if believed.any():
        return int(np.argmax(np.where(believed, own_utility, -np.inf)))
    return int(np.argmax(np.where(feasible, worst, -np.inf)))


def choose_text(
    estimated_gain: np.ndarray, bargaining_weight: np.ndarray, gain_range: np.ndarray
) -> int:
    """The mediator's single text: maximise the weighted Nash product of estimated gains over
    the BATNA (Nash 1950); if no package gains for all, maximise the smallest normalised gain.

    estimated_gain (n, M); bargaining_weight (n,) grows for parties that kept rejecting.
    """
    positive = (estimated_gain > 0.0).all(axis=0)
    if positive.any():
        with np.errstate(divide="ignore"):
            score = bargaining_weight @ np.log(np.where(estimated_gain > 0, estimated_gain, 1.0))
        return int(np.argmax(np.where(positive, score, -np.inf)))
    return int(np.argmax((estimated_gain / gain_range[:, None]).min(axis=0)))
