"""Standard outcome metrics, computed in one place from an agreement (as NegMAS does):
the zone of agreement, joint value, distance to the Nash point and to the Pareto frontier; and
the Wilson score interval for success rates (Wilson 1927)."""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.optimise import maximin, nash_point
from sim.preferences import Preferences, utilities

ZONE_MARGIN = 1e-12
"""A zone of agreement needs a package that gives every party more than this over its BATNA."""


def nash_bargaining_solution(
    prefs: Preferences, reservation: np.ndarray, scale: float = 1.0
) -> tuple[np.ndarray, np.ndarray] | tuple[None, None]:
    """The Nash bargaining package (max of the product of the gains over the reservation
    values, Nash 1950) and its gains; (None, None) when no package gives every party a gain."""
    package = nash_point(prefs, reservation, scale)
    if package is None:
        return None, None
    return package, utilities(package[None, :], prefs, scale)[:, 0] - reservation


def pareto_distance(prefs: Preferences, agreement: np.ndarray, scale: float = 1.0) -> float:
    """The largest improvement that every party could get at once over the agreement (0 when it
    is on the Pareto frontier, weakly: no package improves everyone)."""
    agreed = utilities(agreement[None, :], prefs, scale)[:, 0]
    return float(max(0.0, maximin(prefs, agreed, scale)[0]))


def agreement_quality(
    prefs: Preferences, reservation: np.ndarray, agreement: np.ndarray | None, scale: float = 1.0
) -> dict[str, Any]:
    """Zone of agreement, and for an agreement its joint value and its distances (in utility
    space, root mean square per party) to the Nash point and to the Pareto frontier, all exact
    (sim/optimise.py).

    The zone exists when some package gives every party more than its reservation value. The
    distance to the Pareto frontier is the largest improvement that every party could get at
    once (0 when no package dominates the agreement).
    """
    zone = maximin(prefs, reservation, scale)[0] > ZONE_MARGIN
    result: dict[str, Any] = {"zone_of_agreement": bool(zone)}
    if agreement is None:
        return result
    agreed = utilities(agreement[None, :], prefs, scale)[:, 0] - reservation
    result["joint_value"] = float(agreed.sum())
    nash = nash_bargaining_solution(prefs, reservation, scale)[1] if zone else None
    result["distance_to_nash"] = (
        None if nash is None else float(np.sqrt(np.mean((agreed - nash) ** 2)))
    )
    result["distance_to_pareto"] = pareto_distance(prefs, agreement, scale)
    return result


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion."""
    if n == 0:
        return (0.0, 1.0)
    from scipy.stats import norm  # deferred: scipy.stats takes half a second to import

    z = float(norm.ppf(0.5 + confidence / 2.0))
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    low = 0.0 if successes == 0 else float(max(0.0, centre - half))
    high = 1.0 if successes == n else float(min(1.0, centre + half))
    return (low, high)  # exactly 0 and 1 at the extremes, not a rounding error away
