"""The parties and the coordinator, as Mesa agents.

A party's state lives in the model's arrays (row `index`), so that mechanisms run vectorised;
the agent is the party's identity and its decisions: whether to join (orientation, MODEL.md
process 1), what to offer (the time-based proposer of `sim.negotiation`), how it sees the others
(perception through trust and openness), and whether a package is good enough.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from sim import negotiation
from sim.preferences import utilities
from sim.trust import perceive, perception_error

if TYPE_CHECKING:
    from sim.model import PartnershipModel


class Party(mesa.Agent):
    """A municipality, public body or corporate with interests, a BATNA and a concession style."""

    kind = "party"
    model: PartnershipModel

    def __init__(self, model: PartnershipModel, index: int, name: str) -> None:
        super().__init__(model)
        self.index = index
        self.name = name

    # --- state, read from the model's arrays -------------------------------------------------
    @property
    def ideal(self) -> np.ndarray:
        return self.model.prefs.ideals[self.index]

    @property
    def weights(self) -> np.ndarray:
        return self.model.prefs.weights[self.index]

    @property
    def reservation(self) -> float:
        return float(self.model.reservation[self.index])

    @property
    def best(self) -> float:
        return float(self.model.best[self.index])

    @property
    def aspiration(self) -> float:
        return float(self.model.aspiration[self.index])

    @property
    def openness(self) -> float:
        return float(self.model.openness[self.index])

    @property
    def commitment(self) -> float:
        return float(self.model.commitment[self.index])

    @property
    def is_member(self) -> bool:
        return bool(self.model.members[self.index])

    @property
    def at_table(self) -> bool:
        return bool(self.model.at_table[self.index])

    # --- decisions ---------------------------------------------------------------------------
    def orient(self) -> None:
        """Join when what the partnership can be expected to give -- a compromise between the
        public and the corporate side, each side's interests averaged as this party perceives
        them, at half integration -- less the expected cost of working
        with parties one does not yet trust, beats going alone (seed 003 fase 2: "keuze voor
        samenwerking of niet"; Feiock 2013)."""
        model = self.model
        own = np.array([self.index])
        seen = self.perceived_ideals()
        sides = 0.5 * (seen[model.is_public].mean(axis=0) + seen[model.is_corporate].mean(axis=0))
        compromise = np.append(sides, 0.5)
        expected = utilities(compromise[None, :], model.prefs_of(own), 1.0)[0, 0]
        joins = expected - model.distrust_cost(own, np.arange(model.n))[0] > self.reservation
        model.participants[self.index] = joins
        model.record("joins" if joins else "stays_out", party=self.name)

    def perceived_ideals(
        self, parties: np.ndarray | None = None, rng: np.random.Generator | None = None
    ) -> np.ndarray:
        """The ideals of `parties` (default: all) as this party sees them now: their stated
        positions through an error that shrinks with its trust in them and their openness.
        Its own ideal it knows."""
        model = self.model
        parties = np.arange(model.n) if parties is None else parties
        sigma = perception_error(
            model.trust[self.index, parties],
            model.openness[parties],
            model.familiarity[self.index, parties],
            model.params.perception_error,
        )
        sigma[parties == self.index] = 0.0
        seen = perceive(
            model.stated[parties], sigma, rng if rng is not None else model.streams.perception
        )
        seen[parties == self.index] = self.ideal
        return seen

    def evaluate(self, package: np.ndarray) -> float:
        """What the package is worth to this party now, net of the expected cost of working
        with parties it does not trust (the transaction-cost mechanism)."""
        return float(
            self.model.evaluate(np.asarray(package, dtype=float), np.array([self.index]))[0]
        )

    def accepts(self, package: np.ndarray) -> bool:
        value = np.array([self.evaluate(package)])
        return bool(
            negotiation.accepts(
                value, self.model.aspiration[[self.index]], self.model.reservation[[self.index]]
            )[0]
        )

    def propose(self) -> np.ndarray:
        """Offer the best package for itself among those it believes the others accept."""
        model = self.model
        table = model.table_idx
        others = table[table != self.index]
        perceived = self.perceived_ideals(others)
        own_package = np.append(self.ideal, model.ideal_integration[self.index])
        centre = np.append(perceived.mean(axis=0), model.table_integration())
        anchors = np.vstack(
            [
                own_package,
                negotiation.blends(own_package, centre, model.blend_steps),
                model.table if model.has_table else centre,
            ]
        )
        candidates = negotiation.candidate_packages(
            model.streams.negotiation, anchors, model.params.candidates, model.n_issues
        )
        scale = model.value_scale(len(table))
        own_index = np.array([self.index])
        own = (
            utilities(candidates, model.prefs_of(own_index), scale)[0]
            - model.distrust_cost(own_index, table)[0]
        )
        seen = utilities(candidates, model.prefs_of(others), scale, ideals=perceived)
        expected = model.expected_aspiration(others)
        spread = np.maximum(model.best[others] - model.reservation[others], 1e-9)
        choice = negotiation.choose_offer(own, self.aspiration, seen, expected, spread)
        return candidates[choice]

    def describe(self) -> dict:
        return {"name": self.name, "kind": self.kind, "index": self.index}


class Municipality(Party):
    """A gemeente: its council must approve a partnership (seed 000 les 6)."""

    kind = "municipality"


class PublicBody(Municipality):
    """A water board or other public body; its general board approves like a council."""

    kind = "public_body"


class Corporate(Party):
    """A corporate: revenue is uncertain, image (societal value) is part of its gain
    (seed 000 les 5)."""

    kind = "corporate"


class Coordinator(mesa.Agent):
    """An independent coordinator (samenwerkingscoordinator, seed 002): no interests of its
    own; mediates with a single text, repairs trust, informs councils. Skill in (0, 1]."""

    kind = "coordinator"
    name = "Coordinator"
    model: PartnershipModel

    def __init__(self, model: PartnershipModel, skill: float) -> None:
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
        median = negotiation.weighted_median(estimated, prefs.weights * prefs.stake[:, None])
        levels = model.integration_levels
        anchors = [np.column_stack([np.tile(median, (len(levels), 1)), levels])]
        if model.has_table:
            holdouts = table[self.bargaining_weight[table] > 1.0]
            if len(holdouts):
                toward = np.append(
                    estimated[np.isin(table, holdouts)].mean(axis=0), model.table[-1]
                )
                anchors.append(negotiation.blends(model.table, toward, model.blend_steps))
            anchors.append(model.table[None, :])
        candidates = negotiation.candidate_packages(
            model.streams.negotiation, np.vstack(anchors), model.params.candidates, model.n_issues
        )
        scale = model.value_scale(len(table))
        gains = (
            utilities(candidates, prefs, scale, ideals=estimated)
            - (model.reservation[table] + model.distrust_cost(table, table))[:, None]
        )
        spread = np.maximum(model.best[table] - model.reservation[table], 1e-9)
        return candidates[negotiation.choose_text(gains, self.bargaining_weight[table], spread)]
