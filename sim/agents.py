"""The parties, as Mesa agents: each party's identity and its decisions.

A party's numbers (interests, trust, aspiration, commitment) are rows of arrays the model
shares among all parties, so that mechanisms run vectorised; the decisions are the agent's:
whether to join at orientation, what to offer, how to answer an offer, whether to join an
agreement later, whether to leave during execution and, for public parties, how its council
votes. The kinds differ by behaviour: public parties have a council; corporates carry revenue
risk and weigh revenue against a target. A party may be played by a person (`seat`).
"""

from __future__ import annotations

from typing import Any, ClassVar

import mesa
import numpy as np

from sim.negotiation import strategies
from sim.preferences import utilities
from sim.trust import perceive, perception_errors, unit


class Party(mesa.Agent):
    """A municipality, public body or corporate with interests, a BATNA and a concession style."""

    kind: ClassVar[str] = "party"
    has_council: ClassVar[bool] = False

    def __init__(self, model: Any, index: int, name: str) -> None:
        super().__init__(model)
        self.index = index
        self.name = name
        self.seat: Any = None

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

    def revenue_risk(self) -> float:
        """Factor on the noise of what execution realises for this party."""
        return 1.0

    def revenue_shortfall(self, gain: float) -> float:
        """How far a realised gain falls short of what this party must earn."""
        return 0.0

    # --- orientation -----------------------------------------------------------------------------
    def orient(self) -> None:
        """Join when what the partnership can be expected to give -- a compromise between the
        public and the corporate side, each side's interests averaged as this party perceives
        them, at half integration -- less the expected cost of working with parties one does
        not yet trust, beats going alone (Havermans, Zenc 2007, fase 2: "keuze voor
        samenwerking of niet"; Feiock 2013)."""
        model = self.model
        own = np.array([self.index])
        seen = self.perceived_ideals()
        sides = 0.5 * (seen[model.is_public].mean(axis=0) + seen[model.is_corporate].mean(axis=0))
        compromise = np.append(sides, 0.5)
        expected = utilities(compromise[None, :], model.prefs_of(own), 1.0)[0, 0]
        distrust = model.distrust_cost(own, np.arange(model.n))[0]
        joins = expected - distrust > self.reservation
        model.participants[self.index] = joins
        # the reason, for the story and the debrief: what it expected, what distrust would
        # cost it, and what going alone is worth
        model.record(
            "joins" if joins else "stays_out",
            party=self.name,
            expected=float(expected),
            distrust=float(distrust),
            batna=float(self.reservation),
        )

    def perceived_ideals(
        self, parties: np.ndarray | None = None, rng: np.random.Generator | None = None
    ) -> np.ndarray:
        """The ideals of `parties` (default: all) as this party sees them now: their stated
        positions through an error that shrinks with its trust in them, their openness and its
        familiarity with them. Its own ideal it knows."""
        model = self.model
        parties = np.arange(model.n) if parties is None else parties
        observed = parties.tolist()
        sigma = perception_errors(
            model.trust,
            model.openness,
            model.familiarity,
            [self.index] * len(observed),
            observed,
            model.params.perception_error,
        )
        mine = self.index in observed
        if mine:
            own = parties == self.index
            sigma[own] = 0.0
        seen = perceive(
            model.stated.take(parties, 0),
            sigma,
            rng if rng is not None else model.streams.perception,
        )
        if mine:
            seen[own] = self.ideal
        return seen

    def evaluate(self, package: np.ndarray) -> float:
        """What the package is worth to this party now, net of the expected cost of working
        with parties it does not trust (the transaction-cost mechanism)."""
        return float(
            self.model.evaluate(np.asarray(package, dtype=float), np.array([self.index]))[0]
        )

    # --- negotiation -------------------------------------------------------------------------
    def propose(self) -> np.ndarray:
        """Offer the best package for itself among those it believes the others accept, as its
        model of each opponent predicts their demands (or the offer of the person in its seat).
        """
        if self.seat is not None:
            offer = self.seat.take_offer()
            if offer is not None:
                return offer
        model = self.model
        place = model.phases["negotiation"].place(self.index)
        perceived = self.perceived_ideals(place.others)
        return strategies.offer(
            place.own_prefs,
            model.aspiration[self.index] + model.distrust_cost(place.own, place.table)[0],
            place.others_prefs,
            perceived,
            self.expected_demands(place.others, perceived, place.scale, place.prior),
            place.spans,
            place.scale,
            place.ideal_package,
        )

    def expected_demands(
        self, others: np.ndarray, perceived: np.ndarray, scale: float, prior: np.ndarray
    ) -> np.ndarray:
        """What each opponent will demand now, as this party models it: a time-based concession
        curve from the most the opponent could get down to its BATNA, with the exponent and the
        BATNA fitted to the offers the opponent made and the answers it gave (starting from the
        typical BATNA, `prior`: the scenario's share, which is common knowledge; a party's own
        BATNA is private), all valued through this party's perception of its interests."""
        model = self.model
        history = model.phases["negotiation"].history
        best = model.best.take(others)
        if not len(history):
            exponents, floors = np.ones(len(others)), prior
        else:
            seen = utilities(history.packages, model.prefs_of(others), scale, perceived)
            exponents, floors = [], []
            for j, start, prior_floor, values in zip(
                others.tolist(), best.tolist(), prior.tolist(), seen, strict=True
            ):
                observed = history.observed(j, start, prior_floor)
                exponent, floor = strategies.fit_concession(
                    start, prior_floor, *observed.observations(values), curves=observed.curves()
                )
                exponents.append(exponent)
                floors.append(floor)
            exponents, floors = np.array(exponents), np.array(floors)
        return strategies.time_aspiration(model.negotiation_progress(), best, floors, exponents)

    def respond(self, value: float, proposing: bool) -> bool:
        """Accept a package worth `value` to it now: the proposer when it beats its BATNA, a
        responder when it also meets its aspiration (or as the person in its seat answers)."""
        model, i = self.model, self.index
        if proposing:
            return bool(value > model.reservation[i])
        if self.seat is not None and self.seat.response is not None:
            return bool(self.seat.take_response())
        return bool(strategies.accepts(value, model.aspiration[i], model.reservation[i]))

    # --- after the agreement -----------------------------------------------------------------
    def join_agreement(self, value: float) -> None:
        """Join the agreement after it was signed (core-group growth)."""
        model = self.model
        model.signatories[self.index] = True
        model.members[self.index] = True
        model.commitment[self.index] = 0.5
        model.experience[self.index] = value
        model.record("admitted", party=self.name, value=float(value))

    def consider_exit(self, penalty: float) -> bool:
        """Leave when commitment is below its threshold and what it realises is worth less than
        going alone after paying any exit penalty (Havermans, Zenc 2007: exit strategy)."""
        model, i = self.model, self.index
        leaves = (model.commitment[i] < model.commitment_threshold[i]) and (
            model.experience[i] + penalty < model.reservation[i]
        )
        if leaves:
            model.members[i] = False
            model.record(
                "exit",
                party=self.name,
                commitment=float(model.commitment[i]),
                threshold=float(model.commitment_threshold[i]),
                realised=float(model.experience[i]),
                penalty=float(penalty),
                batna=float(model.reservation[i]),
            )
        return bool(leaves)


class PublicParty(Party):
    """A public party: its council (or general board) must approve a partnership (Future City
    Foundation 2019, les 6)."""

    has_council = True

    def council_approves(self, value: float, draw: float, concern: float) -> bool:
        """The council approves with a chance that rises with its support and with the party's
        gain from the agreement, less its concern about what it cannot bound or was not told."""
        model, i = self.model, self.index
        spread = np.maximum(model.best[i] - model.reservation[i], 1e-9)
        gain = unit((value - model.reservation[i]) / spread)
        chance = unit(model.council_support[i] + 0.3 * gain - concern)
        # why, for the story and the debrief
        self.council_view = {
            "chance": float(chance),
            "support": float(model.council_support[i]),
            "gain": float(gain),
            "concern": float(concern),
        }
        return bool(draw < chance)

    def join_agreement(self, value: float) -> None:
        model = self.model
        if not model.council_votes(np.array([self.index]))[0]:
            model.signatories[self.index] = True
            model.record("council_rejects", party=self.name, **self.council_view)
            return
        super().join_agreement(value)


class Municipality(PublicParty):
    """A gemeente; its council votes."""

    kind = "municipality"


class PublicBody(PublicParty):
    """A water board or other public body; its general board votes like a council."""

    kind = "public_body"


class Corporate(Party):
    """A corporate: revenue is uncertain, image (societal value) is part of its gain, and its
    realised gain is weighed against a revenue target (Future City Foundation 2019, les 5)."""

    kind = "corporate"

    def revenue_risk(self) -> float:
        return 1.5 - self.model.image_weight[self.index]

    def revenue_shortfall(self, gain: float) -> float:
        return max(0.0, self.model.revenue_target[self.index] - gain)


AGENT_CLASSES = {"municipality": Municipality, "public_body": PublicBody, "corporate": Corporate}
