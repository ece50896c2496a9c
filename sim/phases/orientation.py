"""Orientation: each party decides whether to join (Havermans' phase "keuze voor samenwerking of
niet", Havermans, Zenc 2007), in random order; the levers decide who sits at the table."""

from __future__ import annotations

from sim.agents import Party
from sim.phases.base import Phase


class Orientation(Phase):
    name = "orientation"

    def months(self) -> int:
        return 1

    def step(self) -> None:
        model = self.model
        model.record("phase", phase="orientation")
        model.agents.select(agent_type=Party).shuffle_do("orient")
        joined = model.participants
        if (
            joined.sum() < 2
            or not (joined & model.is_corporate).any()
            or not (joined & model.is_public).any()
        ):
            model.fail("too_few_willing")
            return
        at_table = joined.copy()
        for lever in model.levers:
            at_table = lever.table(model, at_table)
        model.at_table = at_table
        model.advance()
