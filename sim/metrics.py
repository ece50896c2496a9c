"""Standard outcome metrics, computed in one place from an agreement (as NegMAS does):
the zone of agreement, joint value, distance to the Nash point and to the Pareto frontier; and
the Wilson score interval for success rates (Wilson 1927)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from scipy.stats import norm, qmc

from sim.negotiation import weighted_median
from sim.preferences import Preferences, utilities

EVALUATION_POINTS = 1024
"""Quasi-random packages on which the Nash point and the Pareto frontier are searched."""


@lru_cache(maxsize=16)
def evaluation_packages(n_issues: int) -> np.ndarray:
    """A fixed scrambled-Sobol cloud of packages (independent of any run's randomness)."""
    sampler = qmc.Sobol(d=n_issues + 1, scramble=True, rng=np.random.default_rng(20260101))
    return sampler.random(EVALUATION_POINTS)


def _search_packages(prefs: Preferences) -> np.ndarray:
    n_issues = prefs.ideals.shape[1]
    levels = np.array([0.0, 0.25, 0.5, 0.75, 1.0])
    centres = np.vstack(
        [
            weighted_median(prefs.ideals, prefs.weights * prefs.stake[:, None]),
            prefs.ideals.mean(axis=0),
            prefs.ideals,
        ]
    )
    structured = np.column_stack(
        [np.repeat(centres, len(levels), axis=0), np.tile(levels, len(centres))]
    )
    return np.vstack([structured, evaluation_packages(n_issues)])


def agreement_quality(
    prefs: Preferences, reservation: np.ndarray, agreement: np.ndarray | None, scale: float = 1.0
) -> dict[str, Any]:
    """Zone of agreement, and for an agreement its joint value and its distances (in utility
    space, root mean square per party) to the Nash point and to the Pareto frontier.

    The distance to the Pareto frontier is the largest improvement that every party could get
    at once (0 when no searched package dominates the agreement).
    """
    packages = _search_packages(prefs)
    gains = utilities(packages, prefs, scale) - reservation[:, None]
    zone = bool((gains > 0).all(axis=0).any())
    result: dict[str, Any] = {"zone_of_agreement": zone}
    if agreement is None:
        return result
    agreed = utilities(agreement[None, :], prefs, scale)[:, 0] - reservation
    result["joint_value"] = float(agreed.sum())
    positive = (gains > 0).all(axis=0)
    if positive.any():
        nash_index = int(
            np.argmax(np.where(positive, np.log(np.where(gains > 0, gains, 1)).sum(0), -np.inf))
        )
        nash = gains[:, nash_index]
        result["distance_to_nash"] = float(np.sqrt(np.mean((agreed - nash) ** 2)))
    else:
        result["distance_to_nash"] = None
    result["distance_to_pareto"] = float(max(0.0, (gains - agreed[:, None]).min(axis=0).max()))
    return result


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion."""
    if n == 0:
        return (0.0, 1.0)
    z = float(norm.ppf(0.5 + confidence / 2.0))
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    low = 0.0 if successes == 0 else float(max(0.0, centre - half))
    high = 1.0 if successes == n else float(min(1.0, centre + half))
    return (low, high)  # exactly 0 and 1 at the extremes, not a rounding error away
