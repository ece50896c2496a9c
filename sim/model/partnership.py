"""PartnershipModel: one partnership initiative between municipalities and corporates.

One step is one month. The initiative goes through the seven phases of `sim.phases` and ends in
success or a named failure; each month the model asks the current phase to play it. The levers
(`sim.levers`) act only through the mechanisms. docs/ODD.md describes the model as built.
"""

from __future__ import annotations

import math
from typing import Any

import mesa
import numpy as np

from sim import levers as lever_registry
from sim.levers.base import fold
from sim.model.events import Event
from sim.model.reporters import MODEL_REPORTERS
from sim.model.setup import Streams, build_parties
from sim.model.state import init_state
from sim.model.valuation import Valuation
from sim.phases import ORDER, PHASES
from sim.scenario import Scenario, load_scenario


class PartnershipModel(Valuation, mesa.Model):
    """A partnership initiative, month by month, from orientation to success or failure."""

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
        self.levers = lever_registry.build(self.spec.levers, self.params)
        self._prefs_cache: dict = {}
        self._inside_cache: dict = {}
        self._stepping = False
        build_parties(self)
        init_state(self)
        self.phases = {phase.name: phase(self) for phase in ORDER}
        self.phase = self.month_phase = PHASES[0]
        self.phase_start = 1
        self.datacollector = mesa.DataCollector(model_reporters=MODEL_REPORTERS)

    # --- the month -----------------------------------------------------------------------------
    def step(self) -> None:
        if self.finished:
            self.running = False
            return
        self.month_phase = self.phase
        self._stepping = True
        self.phases[self.phase].step()
        self._stepping = False
        if self.collect:
            self.datacollector.collect(self)
        if self.finished:
            self.running = False

    def run(self, max_months: int | None = None) -> None:
        """Play months until the run ends (by default it always does: see `month_limit`)."""
        limit = max_months or self.month_limit()
        while self.running and self.steps < limit:
            self.step()

    def month_limit(self) -> int:
        """The most months a run can take: orientation and preparation (the negotiation ends by
        the deadline, or at once when preparation ran past it), council, development and the
        execution term, with a month to spare."""
        preparation = sum(lever.preparation_months() for lever in self.levers)
        return (
            max(self.spec.deadline_months, 1 + preparation)
            + self.phases["council_approval"].months()
            + self.phases["development"].months()
            + self.phases["execution"].months()
            + 1
        )

    def advance(self) -> None:
        """Enter the next phase that has any months (a phase of zero months is skipped)."""
        following = PHASES[PHASES.index(self.phase) + 1 :]
        name = next(name for name in following if self.phases[name].months() != 0)
        self.phase = name
        self.phase_start = self.steps + 1
        self.record("phase", phase=name)
        self.phases[name].enter()

    def months_in_phase(self) -> int:
        return self.steps - self.phase_start + 1

    def fail(self, reason: str) -> None:
        self.failure_reason = reason
        self.finished = True
        self.record("failure", reason=reason)

    def record(self, code: str, **params: Any) -> None:
        self.events.append(Event(int(self.steps), code, params))

    def party_names(self, mask: np.ndarray) -> list[str]:
        return [self.parties[i].name for i in np.flatnonzero(mask)]

    @property
    def protocol(self) -> Any:
        """The negotiation protocol in use (None before the negotiation)."""
        return self.phases["negotiation"].protocol

    # --- decisions that involve several parties ------------------------------------------------
    def council_votes(self, deciding: np.ndarray) -> np.ndarray:
        """The councils of `deciding` (public parties) vote on the agreement."""
        concern = fold(
            self.levers, "council_concern", self.params.council_concern * self.boundary_share
        )
        value = self.evaluate(self.agreement, deciding)
        draws = self.streams.council.random(self.n)[deciding]
        return np.array(
            [
                self.parties[i].council_approves(v, d, concern)
                for i, v, d in zip(deciding, value, draws, strict=True)
            ],
            dtype=bool,
        )

    def quorum(self, reference: int) -> bool:
        """Enough members left (a share of `reference`, at least two), public and corporate."""
        needed = max(2, math.ceil(self.params.quorum * reference))
        members = self.members
        return bool(
            members.sum() >= needed
            and (members & self.is_corporate).any()
            and (members & self.is_public).any()
        )

    def admit(self) -> None:
        """A month after the agreement in which the levers may let a willing party join."""
        for lever in self.levers:
            lever.admit(self)

    # --- outcome -------------------------------------------------------------------------------
    def agreement_metrics(self) -> dict[str, Any]:
        """The agreement's metrics (`sim.metrics.agreement_quality` at the agreement, and each
        signatory's gain, `member_gains`), computed when first asked for; empty before."""
        if callable(self.outcome_at_agreement):
            self.outcome_at_agreement = self.outcome_at_agreement()
        return self.outcome_at_agreement

    def outcome(self) -> dict[str, Any]:
        """The outcome fields of a finished (or cut-off) run."""
        quality = self.agreement_metrics()
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
