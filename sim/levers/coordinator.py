"""An independent coordinator (samenwerkingscoördinator, SRC002): no interests of its own. It
learns the parties' interests, mediates with a single text, takes the sting out of rejections
and goes back to the purpose, informs the councils and helps settle conflicts. Its fee lowers
the joint value. Mediation follows Raiffa (1982) and Fisher (1978); the text maximises a
weighted Nash product (Nash 1950)."""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np

from sim.levers.base import Control, Lever
from sim.negotiation import SingleTextMediation, strategies
from sim.preferences import utilities
from sim.trust import move_trust, perceive
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

    def mediator(self, model: Any) -> Coordinator | None:
        return Coordinator(model, self.dose) if self.dose > 0 else None

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
        bedoeling", SRC002): trust at the table rises a little; the coordinator hears the
        rejecters' objections and gives them more weight in the next text."""
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


class Coordinator(mesa.Agent):
    """The coordinator as an agent: what it has learned of each party and its mediation."""

    kind = "coordinator"
    name = "Coordinator"

    def __init__(self, model: Any, skill: float) -> None:
        super().__init__(model)
        self.skill = skill
        self.learned = np.ones(model.n)
        self.bargaining_weight = np.ones(model.n)

    def estimated_ideals(self, parties: np.ndarray) -> np.ndarray:
        """What the coordinator has learned of the parties' interests: better with skill, with
        their openness and with every round it has heard their objections."""
        model = self.model
        sigma = (
            model.params.perception_error
            * (1.0 - model.openness[parties])
            * (1.0 - 0.5 * self.skill)
            * self.learned[parties]
        )
        return perceive(model.stated[parties], sigma, model.streams.perception)

    def learn(self, parties: np.ndarray, share: float) -> None:
        self.learned[parties] *= 1.0 - share * self.skill

    def propose(self) -> np.ndarray:
        """The package that maximises the (weighted) product of the parties' estimated gains."""
        model = self.model
        table = model.table_idx
        estimated = self.estimated_ideals(table)
        prefs = model.prefs_of(table)
        median = strategies.weighted_median(estimated, prefs.weights * prefs.stake[:, None])
        levels = model.integration_levels
        anchors = [np.column_stack([np.tile(median, (len(levels), 1)), levels])]
        if model.has_table:
            holdouts = table[self.bargaining_weight[table] > 1.0]
            if len(holdouts):
                toward = np.append(
                    estimated[np.isin(table, holdouts)].mean(axis=0), model.table[-1]
                )
                anchors.append(strategies.blends(model.table, toward, model.blend_steps))
            anchors.append(model.table[None, :])
        candidates = strategies.candidate_packages(
            model.streams.negotiation, np.vstack(anchors), model.params.candidates, model.n_issues
        )
        scale = model.value_scale(len(table))
        gains = (
            utilities(candidates, prefs, scale, ideals=estimated)
            - (model.reservation[table] + model.distrust_cost(table, table))[:, None]
        )
        spread = np.maximum(model.best[table] - model.reservation[table], 1e-9)
        return candidates[strategies.choose_text(gains, self.bargaining_weight[table], spread)]
