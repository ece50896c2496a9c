"""What the DataCollector records each month."""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.trust import mean_trust


def phase(model: Any) -> str:
    return model.month_phase


def trust_among_participants(model: Any) -> float:
    group = model.members if model.members.any() else model.participants
    if not group.any():
        group = np.ones(model.n, dtype=bool)
    return mean_trust(model.trust, np.flatnonzero(group))


def mean_commitment(model: Any) -> float:
    return float(model.commitment[model.members].mean()) if model.members.any() else float("nan")


def member_count(model: Any) -> int:
    return int(model.members.sum())


def package_on_table(model: Any) -> tuple[float, ...]:
    return tuple(float(v) for v in model.table)


MODEL_REPORTERS = {
    "phase": phase,
    "mean_trust": trust_among_participants,
    "mean_commitment": mean_commitment,
    "members": member_count,
    "package": package_on_table,
}
