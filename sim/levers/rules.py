"""Rules of the game (spelregels): agreed before the negotiation, they oblige openness, make
commitments binding, give a dispute procedure and fix the boundaries of sensitive issues
(Future City Foundation 2019, lessen 2-3; Williamson 1985 on binding rules as a substitute
for trust)."""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.levers.base import Control, Lever
from sim.validation import Dose


class RulesOfTheGame(Lever):
    """Dose: the strength of the rules, 0 (none) to 1."""

    name = "rules"
    knob = "levers.rules"
    fields = {"rules": (Dose, 0.0)}
    mechanisms = (
        "time",
        "openness",
        "transaction_cost",
        "council_information",
        "dispute_settlement",
        "commitment",
    )
    control = Control("slider", 0.0, 1.0, 0.1)
    compare = (0.0, 1.0)
    preparation = "rules"

    def __init__(self, levers: Any, params: Any) -> None:
        super().__init__(levers, params)
        self.in_force = 0.0

    def preparation_months(self) -> int:
        """Agreeing the rules takes months, in proportion to their strength (at least one)."""
        if self.dose <= 0:
            return 0
        return max(1, round(self.dose * self.params.rules_months))

    def dialogue_intensity(self) -> float:
        return 0.5

    def prepare(self, model: Any) -> None:
        """The rules come into force: openness is obliged up to a floor."""
        self.in_force = self.dose
        model.openness = np.maximum(model.openness, self.params.openness_floor * self.dose)
        model.record("rules_agreed", strength=self.dose)

    def transaction_cost(self, model: Any) -> float:
        """Binding rules take away part of the cost of working with a party one distrusts."""
        return 1.0 - self.params.rules_binding * self.in_force

    def council_concern(self) -> float:
        """Fixed boundaries leave a council less to worry about."""
        return 1 - self.in_force

    def conflict_rate(self, model: Any) -> float:
        """Conflicts over boundary issues are prevented where the rules fix the boundaries."""
        return 1.0 - self.in_force * model.boundary_share

    def conflict_unsettled(self) -> float:
        """The dispute procedure settles part of the conflicts."""
        return 1.0 - self.params.dispute_resolution * self.in_force

    def exit_penalty(self) -> float:
        """Binding commitments make leaving cost something."""
        return self.params.exit_penalty * self.in_force
