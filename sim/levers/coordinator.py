"""An independent coordinator (samenwerkingscoördinator; COB et al., Samen werkt het!): no
interests of its own. It learns the parties' interests, mediates with a single text, takes the
sting out of rejections and goes back to the purpose, informs the councils and helps settle
conflicts. Its fee lowers the joint value. Mediation follows Raiffa (1982) and Fisher (1978); the text maximises a
weighted Nash product (Nash 1950)."""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.levers.base import Control, Lever
from sim.negotiation import SingleTextMediation
from sim.trust import move_trust
from sim.validation import Dose


class CoordinatorLever(Lever):
    """Dose: the coordinator's skill, 0 (no coordinator) to 1."""

    name = "coordinator"
    knob = "levers.coordinator"
    fields = {"coordinator": (Dose, 0.0)}
    mechanisms = ("perception", "trust", "council_information", "dispute_settlement")
    control = Control("switch_slider", 0.1, 1.0, 0.1)
    compare = (0.0, 0.8)

    def fee(self) -> float:
        if self.dose > 0:
            return self.params.coordinator_fee * (0.5 + 0.5 * self.dose)
        return 0.0

    def mediator(self, model: Any) -> Any:
        """The coordinator as an agent (its module imports Mesa only when a run needs it, so
        validating a scenario stays light)."""
        if self.dose <= 0:
            return None
        from sim.levers.mediator import Coordinator

        return Coordinator(model, self.dose)

    def dialogue(self, model: Any, joined: np.ndarray, intensity: float) -> None:
        """The coordinator learns the parties' interests while they talk."""
        if model.coordinator is not None:
            model.coordinator.learn(joined, self.params.dialogue_learning * intensity)

    def protocol(self, model: Any, table: np.ndarray) -> SingleTextMediation | None:
        return SingleTextMediation(mediator=-1) if self.dose > 0 else None

    def rejection_sting(self) -> float:
        """Part of the trust lost over a rejection is repaired."""
        return 1.0 - self.params.coordinator_repair * self.dose

    def after_rejection(self, model: Any, table: np.ndarray, rejecters: np.ndarray) -> None:
        """Back to the purpose ("verval dan niet in verwijten, maar ga terug naar de
        bedoeling", COB et al., Samen werkt het!): trust at the table rises a little; the
        coordinator hears the rejecters' objections and gives them more weight in the next text."""
        coordinator = model.coordinator
        if coordinator is None:
            return
        params = self.params
        block = np.ix_(table, table)
        model.trust[block] = move_trust(
            model.trust[block],
            params.coordinator_purpose * self.dose,
            params.trust_gain,
            params.trust_loss,
        )
        np.fill_diagonal(model.trust, 1.0)
        coordinator.learn(rejecters, params.coordinator_learning)
        coordinator.bargaining_weight[rejecters] += 0.5
        model.record("coordinator_repairs")

    def council_concern(self) -> float:
        """A council the coordinator informed worries less."""
        return 1.0 - self.dose

    def conflict_unsettled(self) -> float:
        return 1.0 - 0.6 * self.dose
