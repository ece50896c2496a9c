"""Preference instances shared by the optimiser tests, the negotiation tests and the optimiser
benchmark."""

from __future__ import annotations

import numpy as np

from sim.preferences import Preferences


def random_prefs(rng: np.random.Generator, n: int, n_issues: int, fee: float = 0.0) -> Preferences:
    """n parties over n_issues issues with random ideals, weights, stakes and autonomy costs."""
    weights = rng.random((n, n_issues)) + 0.05
    return Preferences(
        ideals=rng.random((n, n_issues)),
        weights=weights / weights.sum(axis=1, keepdims=True),
        stake=rng.uniform(0.5, 1.5, n),
        autonomy=rng.uniform(0.0, 0.8, n),
        fit_weight=float(rng.uniform(0.5, 1.0)),
        synergy=0.5,
        fee=fee,
    )


def conflicting() -> Preferences:
    """Two parties with opposed ideals on two issues."""
    return Preferences(
        ideals=np.array([[0.1, 0.8], [0.9, 0.3]]),
        weights=np.array([[0.7, 0.3], [0.4, 0.6]]),
        stake=np.array([1.0, 1.2]),
        autonomy=np.array([0.1, 0.2]),
        fit_weight=1.0,
        synergy=0.5,
    )
