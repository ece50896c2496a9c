"""The coordinator as a Mesa agent: what it has learned of each party, and its single text."""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np

from sim.negotiation import strategies
from sim.preferences import utilities
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
