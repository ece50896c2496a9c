"""Preferences: what a package is worth to each party.

A package is a value in [0, 1] per issue plus a level of integration g in [0, 1] (how much is
decided jointly). Utility is linear-additive (Raiffa 1982; the GENIUS/ANAC linear additive
profiles): issue fit (1 minus the weighted distance to the party's ideal), plus the party's share
of the joint value that integration creates, minus its autonomy cost times integration
(Feiock 2013, institutional collective action: join when benefits exceed transaction costs and
lost autonomy). The reservation value is what going alone is worth (the BATNA).

All functions are pure and vectorised: utilities of every party over every candidate at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

try:  # numpy's einsum without its Python wrapper (the same kernel: the same numbers)
    from numpy._core._multiarray_umath import c_einsum as _einsum
except ImportError:  # pragma: no cover - other numpy layouts
    _einsum = np.einsum


@dataclass(frozen=True)
class Preferences:
    """The preference arrays of n parties over K issues.

    ideals, weights: (n, K); weights rows sum to 1. stake, autonomy: (n,).
    fit_weight, synergy, fee: scalars (fee is charged per unit of stake).
    """

    ideals: np.ndarray
    weights: np.ndarray
    stake: np.ndarray
    autonomy: np.ndarray
    fit_weight: float
    synergy: float
    fee: float = 0.0

    def subset(self, members: np.ndarray) -> Preferences:
        return Preferences(
            self.ideals[members],
            self.weights[members],
            self.stake[members],
            self.autonomy[members],
            self.fit_weight,
            self.synergy,
            self.fee,
        )


def issue_fit(issues: np.ndarray, ideals: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """1 - weighted L1 distance to the ideal: (M, K) packages x (n, K) ideals -> (n, M)."""
    distance = np.abs(issues[None, :, :] - ideals[:, None, :])
    return 1.0 - _einsum("nmk,nk->nm", distance, weights)


def joint_value(integration: np.ndarray, prefs: Preferences, scale: float = 1.0) -> np.ndarray:
    """Each party's share of the joint value: (M,) integration levels -> (n, M)."""
    return prefs.stake[:, None] * (prefs.synergy * scale * integration[None, :] - prefs.fee)


def utilities(
    packages: np.ndarray, prefs: Preferences, scale: float = 1.0, ideals: np.ndarray | None = None
) -> np.ndarray:
    """Utility of every party for every package: (M, K+1) -> (n, M).

    `ideals` replaces the true ideals, to evaluate packages through someone's perception.
    `scale` shrinks the joint value when members have left (fewer partners, less synergy).
    """
    if not (isinstance(packages, np.ndarray) and packages.ndim == 2):  # atleast_2d is slow
        packages = np.atleast_2d(packages)
    fit = issue_fit(packages[:, :-1], prefs.ideals if ideals is None else ideals, prefs.weights)
    integration = packages[:, -1]
    return (
        prefs.fit_weight * fit
        + joint_value(integration, prefs, scale)
        - prefs.autonomy[:, None] * integration[None, :]
    )


def best_utility(prefs: Preferences) -> np.ndarray:
    """The most a partnership could give each party, without fee: its ideal at its best g.

    Utility is separable in issues and integration and linear in g, so the best g is 0 or 1.
    """
    return prefs.fit_weight + np.maximum(0.0, prefs.stake * prefs.synergy - prefs.autonomy)


def ideal_integration(prefs: Preferences) -> np.ndarray:
    """Each party's preferred integration level (0 or 1)."""
    return (prefs.stake * prefs.synergy > prefs.autonomy).astype(float)


def reservation_values(prefs: Preferences, share: float) -> np.ndarray:
    """Reservation value (BATNA) as a share of the best a partnership could give."""
    return share * best_utility(prefs)
