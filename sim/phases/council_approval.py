"""Council approval: the councils of the public parties that signed vote on the agreement; the
partnership goes on if a quorum of the founding parties remains."""

from __future__ import annotations

import numpy as np

from sim.phases.base import Phase


class CouncilApproval(Phase):
    name = "council_approval"

    def months(self) -> int:
        return self.model.params.council_months

    def step(self) -> None:
        model = self.model
        model.admit()
        if model.months_in_phase() < self.months():
            return
        deciding = np.flatnonzero(model.members & model.is_public & model.founding)
        approve = model.council_votes(deciding)
        for i, yes in zip(deciding, approve, strict=True):
            party = model.parties[i]
            model.record(
                "council_approves" if yes else "council_rejects",
                party=party.name,
                **party.council_view,
            )
            if not yes:
                model.members[i] = False
        model.founders = int(model.members.sum())
        if not model.quorum(int(model.founding.sum())):
            model.fail("council_rejection")
            return
        founders = np.flatnonzero(model.members)
        model.experience[founders] = model.evaluate(model.agreement, founders)
        model.hidden_cost = model.streams.execution.random(model.n) * model.params.hidden_cost
        model.advance()
