"""The state a run carries from month to month: trust, who is where, aspirations, commitment,
the package on the table and the agreement."""

from __future__ import annotations

from typing import Any

import numpy as np


def init_state(model: Any) -> None:
    """The state at the start of orientation."""
    n, spec = model.n, model.spec
    t0 = spec.initial_trust
    history = model.streams.parties.standard_normal((n, n)) * 0.5 * t0 * (1.0 - t0)
    model.trust = np.clip(t0 + history, 0.0, 1.0)
    np.fill_diagonal(model.trust, 1.0)
    model.familiarity = np.ones((n, n))
    model.participants = np.zeros(n, dtype=bool)
    model.at_table = np.zeros(n, dtype=bool)
    model.members = np.zeros(n, dtype=bool)
    model.aspiration = model.best.copy()
    model.aspiration_start = model.best.copy()
    model.commitment = np.zeros(n)
    model.experience = np.zeros(n)
    model.hidden_cost = np.zeros(n)
    model.table = np.full(model.n_issues + 1, np.nan)
    model.table_idx = np.arange(0)
    model.agreement = None
    model.negotiation_start = 0
    model.months_to_agreement = None
    model.signatories = np.zeros(n, dtype=bool)
    model.founding = np.zeros(n, dtype=bool)
    model.founders = 0
    model.quick_win = False
    model.failure_reason = None
    model.finished = False
    model.success = False
    model.outcome_at_agreement = {}
    model.stated = model.prefs.ideals
