"""PartnershipModel: one partnership initiative between municipalities and corporates.

One step is one month. The initiative goes through the seven phases of seed 003 (Havermans,
Zenc 2007) as MODEL.md condenses them: orientation, getting to know each other, rules of the
game, negotiation (ontwerpen), council approval, development and execution, and ends in success
or a named failure. The levers (rules of the game, coordinator, trust investment, growth
strategy) act only through the mechanisms: openness, perception, concession, trust,
commitment and transaction cost. docs/ODD.md describes the model as built.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import mesa
import numpy as np

from sim import negotiation
from sim.agents import Coordinator, Corporate, Municipality, Party, PublicBody
from sim.metrics import agreement_quality
from sim.preferences import Preferences, best_utility, ideal_integration, utilities
from sim.scenario import CONCESSION_STYLES, Scenario, load_scenario
from sim.trust import (
    dialogue,
    mean_trust,
    move_trust,
    perceive,
    perception_error,
    stated_positions,
    trust_in_others,
    unit,
)

PHASES = (
    "orientation",
    "getting_to_know",
    "rules",
    "negotiation",
    "council_approval",
    "development",
    "execution",
)
FAILURE_REASONS = (
    "no_zone_of_agreement",
    "deadline",
    "council_rejection",
    "exit_during_execution",
)
AGENT_CLASSES = {"municipality": Municipality, "public_body": PublicBody, "corporate": Corporate}


@dataclass(frozen=True)
class Event:
    """Something that happened, for the story, the dashboard and the debrief."""

    month: int
    code: str
    params: dict[str, Any]


@dataclass(frozen=True)
class Membership:
    """The current members and what execution needs of them (realised value is the promised
    value of the agreement, less hidden costs, plus revenue noise)."""

    key: bytes
    members: np.ndarray
    block: tuple
    promised: np.ndarray
    noise: np.ndarray


class Streams:
    """Independent random streams, one per mechanism, all spawned from the model's rng.

    A lever that changes how often one mechanism draws never shifts another's draws, so runs
    with the same seed differ only where the lever acts (common random numbers).
    """

    NAMES = ("parties", "perception", "negotiation", "council", "execution")

    def __init__(self, rng: np.random.Generator) -> None:
        for name, child in zip(self.NAMES, self._children(rng), strict=True):
            setattr(self, name, child)

    @classmethod
    def _children(cls, rng: np.random.Generator) -> list[np.random.Generator]:
        """Spawn from a copy of the seed sequence: `Generator.spawn` advances the original's
        child counter, so a seed sequence reused for a second model would give other streams."""
        seq = getattr(rng.bit_generator, "seed_seq", None)
        if not isinstance(seq, np.random.SeedSequence):
            return rng.spawn(len(cls.NAMES))
        copy = np.random.SeedSequence(seq.entropy, spawn_key=seq.spawn_key, pool_size=seq.pool_size)
        return [np.random.default_rng(child) for child in copy.spawn(len(cls.NAMES))]


class PartnershipModel(mesa.Model):
    """A partnership initiative, month by month, from orientation to success or failure."""

    blend_steps = np.array([0.25, 0.5, 0.75])
    integration_levels = np.array([0.25, 0.5, 0.75, 1.0])

    def __init__(
        self, scenario: Scenario | str | dict, rng: Any = None, collect: bool = True
    ) -> None:
        super().__init__(rng=rng)
        self.collect = collect
        self.spec = load_scenario(scenario)
        self.params = self.spec.parameters
        self.streams = Streams(self.rng)
        self.issue_keys = self.spec.issue_keys
        self.n_issues = len(self.issue_keys)
        self.events: list[Event] = []
        self._build_parties()
        self._init_state()
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "phase": phase,
                "mean_trust": trust_among_participants,
                "mean_commitment": mean_commitment,
                "members": member_count,
                "package": package_on_table,
            }
        )

    # --- set-up --------------------------------------------------------------------------------
    def _build_parties(self) -> None:
        spec, rng = self.spec, self.streams.parties
        rows = []
        for entry in spec.parties:
            for number in range(entry.count):
                name = entry.name if entry.count == 1 else f"{entry.name} {number + 1}"
                rows.append(_draw_party(entry, name, spec, rng))
        self.n = len(rows)

        def column(key: str) -> np.ndarray:
            return np.array([row[key] for row in rows], dtype=float)

        self.kinds = [row["kind"] for row in rows]
        self.is_corporate = np.array([kind == "corporate" for kind in self.kinds])
        self.is_public = ~self.is_corporate
        size = column("size")
        self.size = size
        self.council_support = column("council_support")
        self.revenue_target = column("revenue_target")
        self.image_weight = column("image_weight")
        self.openness = column("openness")
        self.exponent = column("concession")
        self.ambition = column("ambition")
        self.commitment_threshold = column("commitment_threshold")
        stance = np.array([row["stance"] for row in rows])
        weights = np.array([row["weights"] for row in rows])
        levers = spec.levers
        skill = levers.coordinator
        fee = self.params.coordinator_fee * (0.5 + 0.5 * skill) if skill > 0 else 0.0
        self.prefs = Preferences(
            ideals=np.clip(0.5 + spec.conflict * stance, 0.0, 1.0),
            weights=weights / weights.sum(axis=1, keepdims=True),
            stake=size / size.mean(),
            autonomy=spec.autonomy_cost * self.params.autonomy_scale * column("autonomy"),
            fit_weight=self.params.fit_weight,
            synergy=self.params.synergy,
            fee=fee,
        )
        self.best = best_utility(self.prefs)
        self.reservation = self.best * np.clip(
            spec.reservation
            + self.params.batna_spread * (1.0 - spec.reservation) * column("batna"),
            0.0,
            1.0,
        )
        self.ideal_integration = ideal_integration(self.prefs)
        self.boundary_share = float(np.mean([issue.boundary for issue in spec.issues]))
        self.parties: list[Party] = [
            AGENT_CLASSES[row["kind"]](self, index, row["name"]) for index, row in enumerate(rows)
        ]
        self.coordinator = Coordinator(self, skill) if skill > 0 else None
        self.protocol: negotiation.StackedAlternatingOffers | negotiation.SingleTextMediation

    def _init_state(self) -> None:
        n, spec = self.n, self.spec
        t0 = spec.initial_trust
        history = self.streams.parties.standard_normal((n, n)) * 0.5 * t0 * (1.0 - t0)
        self.trust = np.clip(t0 + history, 0.0, 1.0)
        np.fill_diagonal(self.trust, 1.0)
        self.familiarity = np.ones((n, n))
        self.participants = np.zeros(n, dtype=bool)
        self.at_table = np.zeros(n, dtype=bool)
        self.members = np.zeros(n, dtype=bool)
        self.aspiration = self.best.copy()
        self.aspiration_start = self.best.copy()
        self.commitment = np.zeros(n)
        self.experience = np.zeros(n)
        self.hidden_cost = np.zeros(n)
        self.table = np.full(self.n_issues + 1, np.nan)
        self.agreement: np.ndarray | None = None
        self.rules_in_force = 0.0
        self.phase = "orientation"
        self.phase_start = 1
        self.negotiation_start = 0
        self.months_to_agreement: int | None = None
        self.signatories = np.zeros(n, dtype=bool)
        self.founding = np.zeros(n, dtype=bool)
        self.founders = 0
        self.quick_win = False
        self.failure_reason: str | None = None
        self.finished = False
        self.success = False
        self.outcome_at_agreement: dict[str, Any] = {}
        self.stated = self.prefs.ideals
        self._prefs_cache: dict[bytes, Preferences] = {}
        self.seat: int | None = None
        self.seat_offer: np.ndarray | None = None
        self.seat_response: bool | None = None
        self.pending: tuple[int, np.ndarray] | None = None
        self._stepping = False
        self._members_view: Membership | None = None
        self.table_idx = np.arange(0)

    # --- helpers used by agents --------------------------------------------------------------
    @property
    def has_table(self) -> bool:
        return not np.isnan(self.table[0])

    def table_integration(self) -> float:
        return float(self.table[-1]) if self.has_table else 0.5

    def value_scale(self, size: int) -> float:
        """Joint value grows with the share of the willing partners on board."""
        return math.sqrt(size / max(int(self.participants.sum()), 1))

    def group(self) -> np.ndarray:
        """The parties that count now: the members after an agreement, else those at the table
        (everyone before orientation has sorted them)."""
        group = self.members if self.agreement is not None else self.at_table
        return np.flatnonzero(group) if group.any() else np.arange(self.n)

    def prefs_of(self, parties: np.ndarray) -> Preferences:
        """The preferences of a set of parties (cached: sets change a few times a run)."""
        key = parties.tobytes()
        cached = self._prefs_cache.get(key)
        if cached is None:
            cached = self._prefs_cache[key] = self.prefs.subset(parties)
        return cached

    def evaluate(
        self, package: np.ndarray, parties: np.ndarray | None = None, scale: float | None = None
    ) -> np.ndarray:
        """What a package is worth now to each of `parties` (default: the group): utility less
        the expected transaction cost of working with the group's parties it does not trust."""
        group = self.group()
        parties = group if parties is None else parties
        if scale is None:
            scale = self.value_scale(len(group))
        value = utilities(package[None, :], self.prefs_of(parties), scale)[:, 0]
        return value - self.distrust_cost(parties, group)

    def distrust_cost(self, parties: np.ndarray, group: np.ndarray) -> np.ndarray:
        """Each party's expected cost of working with the others in `group` that it does not
        trust (transaction cost times one minus its mean trust in them)."""
        inside = np.zeros(self.n)
        inside[group] = 1.0
        inside = inside[parties]
        count = np.maximum(len(group) - inside, 1)
        mean_other = (self.trust[parties][:, group].sum(axis=1) - inside) / count
        return self.transaction_cost() * (1.0 - mean_other)

    def transaction_cost(self) -> float:
        """The expected cost of working with a party one does not trust; binding rules
        substitute for part of that trust (Williamson 1985; seed 000 les 2)."""
        return self.params.transaction_cost * (
            1.0 - self.params.rules_binding * self.rules_in_force
        )

    def expected_aspiration(self, parties: np.ndarray) -> np.ndarray:
        """What a proposer expects the others to demand: a linear concession from the best."""
        progress = self.negotiation_progress()
        best, reservation = self.best[parties], self.reservation[parties]
        return reservation + (best - reservation) * 0.9 * (1.0 - progress)

    def negotiation_progress(self) -> float:
        available = self.spec.deadline_months - self.negotiation_start
        return min(1.0, (self.current_month() - self.negotiation_start) / max(available, 1))

    def current_month(self) -> int:
        """The month being played: inside a step the step's month, between steps the next."""
        return self.steps if self._stepping else self.steps + 1

    def record(self, code: str, **params: Any) -> None:
        self.events.append(Event(int(self.steps), code, params))

    def party_names(self, mask: np.ndarray) -> list[str]:
        return [self.parties[i].name for i in np.flatnonzero(mask)]

    # --- the month ---------------------------------------------------------------------------
    def step(self) -> None:
        if self.finished:
            self.running = False
            return
        self.month_phase = self.phase
        self._stepping = True
        getattr(self, f"_{self.phase}")()
        self._stepping = False
        if self.collect:
            self.datacollector.collect(self)
        if self.finished:
            self.running = False

    def run(self, max_months: int | None = None) -> None:
        limit = max_months or (
            self.spec.deadline_months
            + self.params.council_months
            + self.params.development_months
            + self.spec.execution_months
            + 2
        )
        while self.running and self.steps < limit:
            self.step()

    def _enter(self, phase_name: str) -> None:
        self.phase = phase_name
        self.phase_start = self.steps + 1
        self.record("phase", phase=phase_name)

    def _months_in_phase(self) -> int:
        return self.steps - self.phase_start + 1

    def _fail(self, reason: str) -> None:
        self.failure_reason = reason
        self.finished = True
        self.record("failure", reason=reason)

    def _orientation(self) -> None:
        """MODEL.md 1: each party compares what it expects with its BATNA."""
        self.record("phase", phase="orientation")
        self.agents.select(agent_type=Party).shuffle_do("orient")
        joined = self.participants
        if (
            joined.sum() < 2
            or not (joined & self.is_corporate).any()
            or not (joined & self.is_public).any()
        ):
            self._fail("no_zone_of_agreement")
            return
        self.at_table = (
            self._core_group() if self.spec.levers.growth == "core_group" else joined.copy()
        )
        if self.spec.levers.growth == "core_group":
            self.record("core_group", parties=self.party_names(self.at_table))
        self._after_preparation("orientation")

    def _core_group(self) -> np.ndarray:
        """The most motivated parties (largest expected gain over BATNA), with at least one
        public party and one corporate (seed 002: "een gemotiveerde kopgroep")."""
        joined = np.flatnonzero(self.participants)
        size = self.spec.levers.core_size or max(2, math.ceil(len(joined) / 3))
        size = min(size, len(joined))
        motivation = (self.best - self.reservation) / self.best
        ranked = joined[np.argsort(-motivation[joined], kind="stable")]
        core = [
            ranked[np.flatnonzero(self.is_public[ranked])[0]],
            ranked[np.flatnonzero(self.is_corporate[ranked])[0]],
        ]
        core += [i for i in ranked if i not in core][: max(0, size - 2)]
        mask = np.zeros(self.n, dtype=bool)
        mask[core] = True
        return mask

    def _after_preparation(self, done: str) -> None:
        """Move on to the next preparatory phase that has a dose, else to negotiation."""
        order = ["getting_to_know", "rules"]
        for phase_name in order[order.index(done) + 1 if done in order else 0 :]:
            if self._phase_months(phase_name) > 0:
                self._enter(phase_name)
                return
        self._start_negotiation()

    def _phase_months(self, phase_name: str) -> int:
        levers = self.spec.levers
        if phase_name == "getting_to_know":
            return levers.trust_investment_months
        if phase_name == "rules":
            return max(1, round(levers.rules * self.params.rules_months)) if levers.rules > 0 else 0
        raise ValueError(phase_name)

    def _talk(self, intensity: float) -> None:
        """A month of dialogue among the willing parties (and the coordinator learning)."""
        joined = np.flatnonzero(self.participants)
        block = np.ix_(joined, joined)
        trust, familiarity = dialogue(
            self.trust[block],
            self.familiarity[block],
            intensity,
            self.params.trust_gain * self.params.dialogue_trust,
            self.params.trust_loss,
            self.params.dialogue_learning,
        )
        self.trust[block], self.familiarity[block] = trust, familiarity
        if self.coordinator is not None:
            self.coordinator.learn(joined, self.params.dialogue_learning * intensity)

    def _getting_to_know(self) -> None:
        """Trust investment: months of dialogue before the negotiation (seed 002)."""
        self._talk(1.0)
        if self._months_in_phase() >= self._phase_months("getting_to_know"):
            self._after_preparation("getting_to_know")

    def _rules(self) -> None:
        """Agreeing the rules of the game takes months but obliges openness, makes commitments
        binding, gives a dispute procedure and fixes the boundaries (seed 000 les 2-3)."""
        self._talk(0.5)
        if self._months_in_phase() >= self._phase_months("rules"):
            strength = self.spec.levers.rules
            self.rules_in_force = strength
            self.openness = np.maximum(self.openness, self.params.openness_floor * strength)
            self.record("rules_agreed", strength=strength)
            self._start_negotiation()

    def _start_negotiation(self) -> None:
        self._enter("negotiation")
        self.negotiation_start = self.steps + 1
        if self.negotiation_start > self.spec.deadline_months:
            self._fail("deadline")
            return
        table = self.table_idx = np.flatnonzero(self.at_table)
        self.aspiration_start = self.reservation + self.ambition * (self.best - self.reservation)
        self.aspiration = self.aspiration_start.copy()
        if self.coordinator is not None:
            self.protocol = negotiation.SingleTextMediation(mediator=-1)
        else:
            order = [int(i) for i in self.streams.negotiation.permutation(table)]
            self.protocol = negotiation.StackedAlternatingOffers(order=order)

    def _update_stated(self) -> None:
        table = self.table_idx
        stated = self.prefs.ideals.copy()
        stated[table] = stated_positions(
            stated[table],
            self.openness[table],
            trust_in_others(self.trust, table),
            self.params.overstatement,
        )
        self.stated = stated

    def open_round(self) -> tuple[int, np.ndarray] | None:
        """Table this month's offer ahead of the step, so that a participant in a seat can
        respond to it (the step then closes the round). Draws exactly what the step would."""
        if self.phase != "negotiation" or self.finished:
            return None
        if self.pending is None:
            table = self.table_idx
            self.aspiration[table] = negotiation.time_aspiration(
                self.negotiation_progress(),
                self.aspiration_start[table],
                self.reservation[table],
                self.exponent[table],
            )
            self._update_stated()
            proposer = self.protocol.next_proposer()
            if proposer == self.seat and self.seat_offer is not None:
                package = np.clip(np.asarray(self.seat_offer, dtype=float), 0.0, 1.0)
            else:
                package = (self.coordinator if proposer < 0 else self.parties[proposer]).propose()
            self.seat_offer = None
            self.pending = (proposer, package)
        return self.pending

    def seat_proposes_next(self) -> bool:
        """Is the seated party the next proposer (so the app should ask for its offer)?"""
        return (
            self.seat is not None
            and self.phase == "negotiation"
            and self.pending is None
            and not self.finished
            and self.protocol.peek() == self.seat
        )

    def _negotiation(self) -> None:
        """One round: an offer (or the mediator's text), responses, and their effect on trust."""
        table = self.table_idx
        proposer, self.table = self.open_round()
        self.pending = None
        author = self.coordinator if proposer < 0 else self.parties[proposer]
        value = self.evaluate(self.table, table)
        yes = negotiation.accepts(value, self.aspiration[table], self.reservation[table])
        if proposer >= 0:
            is_proposer = table == proposer
            yes[is_proposer] = value[is_proposer] > self.reservation[proposer]
        if self.seat_response is not None and self.seat != proposer:
            yes[table == self.seat] = self.seat_response
            self.seat_response = None
        self.record(
            "offer",
            proposer=author.name,
            package=self.table.tolist(),
            accepted=[self.parties[i].name for i in table[yes]],
            rejected=[self.parties[i].name for i in table[~yes]],
        )
        if self.protocol.agreed(yes):
            self._agree(value)
            return
        self._after_rejection(table, yes, proposer, value)
        if self.steps >= self.spec.deadline_months:
            self._fail("no_zone_of_agreement" if not self._zone_exists(table) else "deadline")

    def _after_rejection(
        self, table: np.ndarray, yes: np.ndarray, proposer: int, value: np.ndarray
    ) -> None:
        """Trust after a rejected round: a self-serving offer costs the proposer trust, a fair
        one earns a little; accepters blame the rejecters. A coordinator takes the sting out
        of part of these losses and goes back to the purpose (seed 002: "verval dan niet in
        verwijten, maar ga terug naar de bedoeling")."""
        params = self.params
        skill = self.coordinator.skill if self.coordinator is not None else 0.0
        dampen = 1.0 - params.coordinator_repair * skill
        rejecters, accepters = table[~yes], table[yes]
        if proposer >= 0:
            responders = table != proposer
            signal = self._fairness_signal(table[responders], proposer)
            signal = np.where(signal < 0, signal * dampen, signal)
            self.trust[table[responders], proposer] = move_trust(
                self.trust[table[responders], proposer],
                signal,
                params.trust_gain,
                params.trust_loss,
            )
        if len(accepters) and len(rejecters):
            block = np.ix_(accepters, rejecters)
            self.trust[block] = move_trust(
                self.trust[block],
                -params.rejection_blame * dampen,
                params.trust_gain,
                params.trust_loss,
            )
        if self.coordinator is not None:
            block = np.ix_(table, table)
            self.trust[block] = move_trust(
                self.trust[block],
                params.coordinator_purpose * skill,
                params.trust_gain,
                params.trust_loss,
            )
            np.fill_diagonal(self.trust, 1.0)
            self.coordinator.learn(rejecters, params.coordinator_learning)
            self.coordinator.bargaining_weight[rejecters] += 0.5
            self.record("coordinator_repairs")

    def _fairness_signal(self, responders: np.ndarray, proposer: int) -> np.ndarray:
        """How each responder judges the offer: as fair (+) or self-serving (-).

        A responder compares the proposer's gain, as it perceives the proposer's interests,
        with its own gain, both as shares of what each could get at best (both before the
        cost of distrust, which is no part of the offer)."""
        params = self.params
        sigma = perception_error(
            self.trust[responders, proposer],
            self.openness[proposer],
            self.familiarity[responders, proposer],
            params.perception_error,
        )
        seen = perceive(
            np.tile(self.stated[proposer], (len(responders), 1)), sigma, self.streams.perception
        )
        scale = self.value_scale(len(self.table_idx))
        as_seen = self.prefs_of(np.full(len(responders), proposer))
        proposer_utility = utilities(self.table[None, :], as_seen, scale, ideals=seen)[:, 0]
        spread = np.maximum(self.best - self.reservation, 1e-9)
        proposer_share = (proposer_utility - self.reservation[proposer]) / spread[proposer]
        own_utility = utilities(self.table[None, :], self.prefs_of(responders), scale)[:, 0]
        own_share = (own_utility - self.reservation[responders]) / spread[responders]
        gap = proposer_share - own_share
        return np.where(
            gap > params.self_serving_margin,
            -unit((gap - params.self_serving_margin) / 0.3),
            0.3,
        )

    def _zone_exists(self, parties: np.ndarray) -> bool:
        """Is there a package that every party values above its BATNA? (true utilities)"""
        quality = agreement_quality(
            self.prefs.subset(parties),
            self.reservation[parties],
            None,
            self.value_scale(len(parties)),
        )
        return quality["zone_of_agreement"]

    def _agree(self, value: np.ndarray) -> None:
        self.agreement = self.table.copy()
        self.months_to_agreement = int(self.steps)
        self.signatories = self.at_table.copy()
        self.founding = self.at_table.copy()
        signed = np.flatnonzero(self.signatories)
        self.members = self.signatories.copy()
        spread = np.maximum(self.best[signed] - self.reservation[signed], 1e-9)
        gain = (value - self.reservation[signed]) / spread
        self.commitment[signed] = unit(0.4 + 0.6 * gain)
        scale = self.value_scale(len(signed))
        self.outcome_at_agreement = agreement_quality(
            self.prefs.subset(signed), self.reservation[signed], self.agreement, scale
        )
        true_value = utilities(self.agreement[None, :], self.prefs.subset(signed), scale)[:, 0]
        self.outcome_at_agreement["member_gains"] = {
            self.parties[i].name: float(g)
            for i, g in zip(signed, true_value - self.reservation[signed], strict=True)
        }
        self.record(
            "agreement", parties=self.party_names(self.signatories), package=self.agreement.tolist()
        )
        self._enter("council_approval")

    def _council_approval(self) -> None:
        """MODEL.md 5: each council approves with a probability that rises with its support,
        with how well it was informed (coordinator) and with fixed boundaries (rules)."""
        self._admit_newcomer()
        if self._months_in_phase() < self.params.council_months:
            return
        deciding = np.flatnonzero(self.members & self.is_public & self.founding)
        approve = self._council_votes(deciding)
        for i, yes in zip(deciding, approve, strict=True):
            self.record(
                "council_approves" if yes else "council_rejects", party=self.parties[i].name
            )
            if not yes:
                self.members[i] = False
        self.founders = int(self.members.sum())
        if not self._quorum(int(self.founding.sum())):
            self._fail("council_rejection")
            return
        founders = np.flatnonzero(self.members)
        self.experience[founders] = self.evaluate(self.agreement, founders)
        self.hidden_cost = self.streams.execution.random(self.n) * self.params.hidden_cost
        self._enter("development" if self.params.development_months else "execution")

    def _council_votes(self, deciding: np.ndarray) -> np.ndarray:
        informed = self.coordinator.skill if self.coordinator is not None else 0.0
        concern = self.params.council_concern * self.boundary_share * (1 - self.rules_in_force)
        concern = concern * (1.0 - informed)
        value = self.evaluate(self.agreement, deciding)
        spread = np.maximum(self.best[deciding] - self.reservation[deciding], 1e-9)
        gain = unit((value - self.reservation[deciding]) / spread)
        chance = unit(self.council_support[deciding] + 0.3 * gain - concern)
        draws = self.streams.council.random(self.n)[deciding]
        return draws < chance

    def _quorum(self, reference: int) -> bool:
        needed = max(2, math.ceil(self.params.quorum * reference))
        members = self.members
        return bool(
            members.sum() >= needed
            and (members & self.is_corporate).any()
            and (members & self.is_public).any()
        )

    def _admit_newcomer(self) -> None:
        """Core-group growth: the most motivated willing party still outside joins when the
        agreed package meets its aspiration (and its council agrees), one a month."""
        if self.spec.levers.growth != "core_group":
            return
        waiting = np.flatnonzero(self.participants & ~self.members & ~self.signatories)
        if not len(waiting):
            return
        progress = self.negotiation_progress()
        self.aspiration[waiting] = negotiation.time_aspiration(
            progress,
            self.aspiration_start[waiting],
            self.reservation[waiting],
            self.exponent[waiting],
        )
        scale = self.value_scale(int(self.members.sum()) + 1)
        value = self.evaluate(self.agreement, waiting, scale)
        willing = waiting[
            negotiation.accepts(value, self.aspiration[waiting], self.reservation[waiting])
        ]
        if not len(willing):
            return
        motivation = (self.best[willing] - self.reservation[willing]) / self.best[willing]
        newcomer = willing[np.argmax(motivation)]
        if self.is_public[newcomer] and not self._council_votes(np.array([newcomer]))[0]:
            self.signatories[newcomer] = True
            self.record("council_rejects", party=self.parties[newcomer].name)
            return
        self.members[newcomer] = True
        self.signatories[newcomer] = True
        self.commitment[newcomer] = 0.5
        self.experience[newcomer] = value[waiting == newcomer][0]
        self.record("admitted", party=self.parties[newcomer].name)

    def _development(self) -> None:
        """From the board table to the work floor (seed 003 fase 6): no value yet."""
        self._admit_newcomer()
        if self._months_in_phase() >= self.params.development_months:
            self._enter("execution")

    def _execution(self) -> None:
        """MODEL.md 6: realised value, quick win, conflicts, commitment and exit."""
        params, rng = self.params, self.streams.execution
        self._admit_newcomer()
        view = self._membership()
        members = view.members
        month = self._months_in_phase()
        distrust = 1.0 - trust_in_others(self.trust, members)
        realised = (
            view.promised
            - self.transaction_cost() * distrust
            + view.noise * rng.standard_normal(len(members))
        )
        self.experience[members] += 0.3 * (realised - self.experience[members])
        if not self.quick_win and month <= params.quick_win_window:
            if rng.random() < params.quick_win_chance * self.commitment[members].mean():
                self._quick_win(members)
        if rng.random() < params.conflict_rate * (0.5 + self.spec.conflict) * (
            1.0 - self.rules_in_force * self.boundary_share
        ):
            self._conflict(members, rng)
        self._update_commitment(members)
        self._exits(members)
        if not self._quorum(self.founders):
            self._fail("exit_during_execution")
        elif month >= self.spec.execution_months:
            self.success = True
            self.finished = True
            self.record("success")

    def _membership(self) -> Membership:
        """What execution needs of the current members, recomputed only when they change."""
        key = self.members.tobytes()
        if self._members_view is None or self._members_view.key != key:
            members = np.flatnonzero(self.members)
            scale = self.value_scale(len(members))
            promised = utilities(self.agreement[None, :], self.prefs_of(members), scale)[:, 0]
            revenue_risk = np.where(
                self.is_corporate[members], 1.5 - self.image_weight[members], 1.0
            )
            self._members_view = Membership(
                key=key,
                members=members,
                block=np.ix_(members, members),
                promised=promised - self.hidden_cost[members],
                noise=self.params.execution_noise * revenue_risk,
            )
        return self._members_view

    def _quick_win(self, members: np.ndarray) -> None:
        """A first small success shows the value (seed 002; seed 003 fase 7)."""
        self.quick_win = True
        self.commitment[members] += 0.15 * (1.0 - self.commitment[members])
        block = np.ix_(members, members)
        self.trust[block] = move_trust(
            self.trust[block], 0.6, self.params.trust_gain, self.params.trust_loss
        )
        outside = np.flatnonzero(self.participants & ~self.members)
        if len(outside):
            watch = np.ix_(outside, members)
            self.trust[watch] = move_trust(
                self.trust[watch], 0.5, self.params.trust_gain, self.params.trust_loss
            )
        np.fill_diagonal(self.trust, 1.0)
        self.record("quick_win")

    def _conflict(self, members: np.ndarray, rng: np.random.Generator) -> None:
        """A conflict between a public member and a corporate member, on a boundary issue if
        any; settled by the dispute procedure, the coordinator or mutual trust."""
        public = members[self.is_public[members]]
        corporate = members[self.is_corporate[members]]
        a, b = int(rng.choice(public)), int(rng.choice(corporate))
        skill = self.coordinator.skill if self.coordinator is not None else 0.0
        pair_trust = 0.5 * (self.trust[a, b] + self.trust[b, a])
        settled_chance = 1.0 - (
            (1.0 - self.params.dispute_resolution * self.rules_in_force)
            * (1.0 - 0.6 * skill)
            * (1.0 - 0.5 * pair_trust)
        )
        settled = rng.random() < settled_chance
        signal = 0.3 if settled else -0.7
        pair = (np.array([a, b]), np.array([b, a]))
        self.trust[pair] = move_trust(
            self.trust[pair], signal, self.params.trust_gain, self.params.trust_loss
        )
        if not settled:
            self.commitment[[a, b]] = unit(self.commitment[[a, b]] - 0.1)
        self.record(
            "conflict", parties=[self.parties[a].name, self.parties[b].name], settled=bool(settled)
        )

    def _update_commitment(self, members: np.ndarray) -> None:
        """Commitment follows realised gain and trust: built slowly, lost fast; corporates
        also weigh revenue against their target. Kept or broken commitments move trust."""
        params = self.params
        spread = np.maximum(self.best[members] - self.reservation[members], 1e-9)
        gain = (self.experience[members] - self.reservation[members]) / spread
        shortfall = np.where(
            self.is_corporate[members], np.maximum(0.0, self.revenue_target[members] - gain), 0.0
        )
        target = unit(
            0.5 + 0.5 * gain + 0.5 * (trust_in_others(self.trust, members) - 0.5) - 0.5 * shortfall
        )
        current = self.commitment[members]
        falling = min(1.0, 2.0 * params.commitment_rate)  # lost fast, but never past the target
        rate = np.where(target > current, params.commitment_rate, falling)
        self.commitment[members] = current + rate * (target - current)
        kept = np.where(
            self.commitment[members] >= 0.6,
            0.1,
            np.where(self.commitment[members] < self.commitment_threshold[members], -0.3, 0.0),
        )
        block = self._membership().block
        self.trust[block] = move_trust(
            self.trust[block], kept[None, :], params.trust_gain, params.trust_loss
        )
        np.fill_diagonal(self.trust, 1.0)

    def _exits(self, members: np.ndarray) -> None:
        """A member leaves when its commitment is below its threshold and what it realises is
        worth less than going alone after paying any exit penalty (seed 003: exit strategy)."""
        penalty = self.params.exit_penalty * self.rules_in_force
        leaving = members[
            (self.commitment[members] < self.commitment_threshold[members])
            & (self.experience[members] + penalty < self.reservation[members])
        ]
        for i in leaving:
            self.members[i] = False
            self.record("exit", party=self.parties[i].name)
        if len(leaving):
            rest = np.flatnonzero(self.members)
            block = np.ix_(rest, rest)
            self.trust[block] = move_trust(
                self.trust[block], -0.2, self.params.trust_gain, self.params.trust_loss
            )
            np.fill_diagonal(self.trust, 1.0)

    # --- outcome -----------------------------------------------------------------------------
    def outcome(self) -> dict[str, Any]:
        """The outcome fields of a finished (or cut-off) run."""
        quality = self.outcome_at_agreement
        formed = self.agreement is not None
        return {
            "scenario": self.spec.name,
            "formed": bool(formed),
            "survived": bool(self.success),
            "success": bool(self.success),
            "months_to_agreement": self.months_to_agreement,
            "failure_reason": self.failure_reason,
            "months": int(self.steps),
            "joint_value": quality.get("joint_value"),
            "member_gains": quality.get("member_gains", {}),
            "distance_to_nash": quality.get("distance_to_nash"),
            "distance_to_pareto": quality.get("distance_to_pareto"),
            "participants": int(self.participants.sum()),
            "members_at_end": int(self.members.sum()),
            "quick_win": bool(self.quick_win),
        }


def _draw_party(entry, name: str, spec: Scenario, rng: np.random.Generator) -> dict[str, Any]:
    """Draw one party's attributes from its entry: numbers as given, ranges uniformly."""

    def draw(value):
        if isinstance(value, tuple):
            return float(rng.uniform(value[0], value[1]))
        return float(value)

    concession = entry.concession
    row = {
        "name": name,
        "kind": entry.kind,
        "size": draw(entry.size),
        "council_support": draw(entry.council_support),
        "revenue_target": draw(entry.revenue_target),
        "image_weight": draw(entry.image_weight),
        "openness": draw(entry.openness),
        "concession": CONCESSION_STYLES[concession]
        if isinstance(concession, str)
        else draw(concession),
        "ambition": draw(entry.ambition),
        "autonomy": draw(entry.autonomy),
        "commitment_threshold": draw(entry.commitment_threshold),
    }
    public = entry.kind != "corporate"
    typical = np.array(
        [issue.municipality_stance if public else issue.corporate_stance for issue in spec.issues]
    )
    noise = rng.standard_normal(len(spec.issues)) * 0.35
    row["stance"] = (
        np.array(entry.stance) if entry.stance is not None else np.clip(typical + noise, -1.0, 1.0)
    )
    dirichlet = rng.dirichlet(np.full(len(spec.issues), 2.0))
    row["batna"] = float(rng.uniform(-1.0, 1.0))
    row["weights"] = np.array(entry.weights) if entry.weights is not None else dirichlet
    return row


# --- DataCollector reporters -------------------------------------------------------------------
def phase(model: PartnershipModel) -> str:
    return model.month_phase


def trust_among_participants(model: PartnershipModel) -> float:
    group = model.members if model.members.any() else model.participants
    if not group.any():
        group = np.ones(model.n, dtype=bool)
    return mean_trust(model.trust, np.flatnonzero(group))


def mean_commitment(model: PartnershipModel) -> float:
    return float(model.commitment[model.members].mean()) if model.members.any() else float("nan")


def member_count(model: PartnershipModel) -> int:
    return int(model.members.sum())


def package_on_table(model: PartnershipModel) -> tuple[float, ...]:
    return tuple(float(v) for v in model.table)
