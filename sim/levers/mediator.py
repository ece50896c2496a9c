"""The coordinator as a Mesa agent: what it has learned of each party, and its single text."""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np

from sim.negotiation import strategies
from sim.trust import perceive


class Coordinator(mesa.Agent):
    """The coordinator as an agent: what it has learned of each party and its mediation."""

    kind = "coordinator"
    name = "Coordinator"

    def __init__(self, model: Any, skill: float) -> None:
        super().__init__(model)
        self.skill = skill
        self.learned = np.ones(model.n)
        self.bargaining_weight = np.ones(model.n)
        self.last_text: np.ndarray | None = None

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
        """The package that maximises the product of the parties' estimated gains, each weighted
        by how often it kept rejecting (Nash 1950; computed exactly). The coordinator knows each
        party's BATNA only as the scenario's typical share of the most it could get (a party's
        own BATNA is private): its rejections move the text toward it through its weight."""
        model = self.model
        table = model.table_idx
        batna = model.spec.reservation * model.best[table]
        self.last_text = strategies.text(
            model.prefs_of(table),
            batna + model.distrust_cost(table, table),
            model.value_scale(len(table)),
            self.estimated_ideals(table),
            self.bargaining_weight[table],
            np.maximum(model.best[table] - batna, 1e-9),
            self.last_text,
        )
        return self.last_text
