"""Development: from the board table to the work floor (Havermans, Zenc 2007, fase 6); no
value yet."""

from __future__ import annotations

from sim.phases.base import Timed


class Development(Timed):
    name = "development"

    def months(self) -> int:
        return self.model.params.development_months
