"""An arena: one run of the model as the dashboard shows it, month by month.

The dashboard's page (`sim.dashboard.page`) holds only presentation; this module turns a
scenario and the trainer's controls into a model, steps it (waiting for a seated participant
where its `sim.negotiation.Seat` asks for an offer or an answer), and reads off
what the page shows: the network of parties and trust, the colliding interests per issue, the
phase timeline, the event log in plain language, the monthly series and the debrief. Nothing
here changes a mechanism: a seat only answers or tables offers where a party's own strategy
would have. The levers the controls and the comparison offer come from the lever registry
(`sim.levers`). No presentation library is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.levers import registered
from sim.model import PHASES, Event, PartnershipModel
from sim.negotiation import Seat
from sim.runner import monthly_table
from sim.scenario import ScenarioError, load_scenario
from sim.story import describe
from sim.texts import COORDINATOR, DEBRIEF, PHASE_LABELS, REASON_LABELS, REJECTION

SITUATION = ("conflict", "initial_trust", "autonomy_cost")
"""The controls of the situation (besides the levers and the seed), by their scenario names."""


def comparable() -> dict[str, tuple[Any, Any]]:
    """Every lever the comparison mode can switch, by its knob: its off and on settings."""
    return {lever.knob: tuple(lever.compare) for lever in registered()}


def _as_control(kind: str, value: Any) -> Any:
    if kind == "int_slider":
        return int(value)
    if kind in ("slider", "switch_slider"):
        return float(value)
    return value


def control_values(scenario: str) -> dict[str, Any]:
    """The scenario's own settings of the dashboard's controls: every lever's knob, then the
    situation."""
    spec = load_scenario(scenario)
    values = {
        lever.knob: _as_control(
            lever.control.kind, getattr(spec.levers, lever.knob.split(".", 1)[1])
        )
        for lever in registered()
    }
    return values | {name: float(getattr(spec, name)) for name in SITUATION}


@dataclass(eq=False)  # a fresh arena is never "equal" to a stepped one
class Arena:
    """One run for the dashboard: a scenario with the controls' overrides, a seed and
    optionally a seated participant (the index of the party they play)."""

    scenario: str
    overrides: dict[str, Any] = field(default_factory=dict)
    seed: int = 1
    seat: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.seed, int) or self.seed < 0:
            raise ScenarioError(f"seed: a whole number of at least 0, got {self.seed!r}")
        self.spec = load_scenario(self.scenario, **self.overrides)  # ScenarioError if invalid
        self.model = PartnershipModel(self.spec, rng=np.random.default_rng(self.seed))
        self.seated = Seat.take(self.model, self.seat) if self.seat is not None else None
        self.labels = {issue.key: issue.label or issue.key for issue in self.spec.issues}
        self._perceived: tuple[int, np.ndarray] | None = None
        self.aspiration_history: list[list[float]] = []
        self.ever_member = np.zeros(self.model.n, dtype=bool)

    def _advance(self) -> None:
        self.model.step()
        self.aspiration_history.append([float(v) for v in self.model.aspiration])
        self.ever_member |= self.model.members

    # --- stepping ----------------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return bool(self.model.finished)

    @property
    def month(self) -> int:
        return int(self.model.steps)

    @property
    def phase(self) -> str:
        return "done" if self.finished else self.model.phase

    def awaiting(self) -> str | None:
        """What the seated participant must do before the month can be played: `offer` (their
        turn to propose), `response` (an offer they must answer), or None."""
        return self.seated.awaiting() if self.seated is not None else None

    def step(self) -> bool:
        """Play one month; False when the run is over or waits for the seated participant."""
        if self.finished or self.awaiting() is not None:
            return False
        self._advance()
        return True

    def respond(self, accept: bool) -> None:
        """The seated participant's answer to the offer on the table; the month is played."""
        if self.awaiting() != "response":
            raise ScenarioError("no offer is waiting for an answer")
        self.seated.response = bool(accept)
        self._advance()

    def offer(self, package: list[float]) -> None:
        """The seated participant tables a package (a position per issue, then integration)."""
        if self.awaiting() != "offer":
            raise ScenarioError("it is not the seated party's turn to propose")
        expected = self.model.n_issues + 1
        if len(package) != expected:
            raise ScenarioError(f"offer: {expected} values (issues and integration)")
        self.seated.offer = np.clip(np.asarray(package, dtype=float), 0.0, 1.0)
        self._advance()

    def pending_offer(self) -> tuple[str, list[float]] | None:
        """The offer tabled this month ahead of the step (only when the seat must answer)."""
        if self.awaiting() != "response":
            return None
        proposer, package = self.model.phases["negotiation"].pending
        author = self.model.coordinator if proposer < 0 else self.model.parties[proposer]
        return author.name, [float(value) for value in package]

    # --- what the page shows -----------------------------------------------------------------
    def network(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Nodes (name, kind, weight, status) and edges (mutual trust) of the parties."""
        model = self.model
        rows = []
        for party in model.parties:
            i = party.index
            if model.members[i]:
                status = "member"
            elif self.ever_member[i]:
                status = "left"
            elif model.at_table[i] or model.participants[i]:
                status = "at_table"
            else:
                status = "outside"
            rows.append(
                {
                    "name": party.name,
                    "kind": party.kind,
                    "weight": float(model.prefs.stake[i]),
                    "status": status,
                }
            )
        if model.coordinator is not None:
            rows.append(
                {"name": "Coordinator", "kind": "coordinator", "weight": 1.0, "status": "member"}
            )
        nodes = pd.DataFrame(rows)
        upper = np.triu_indices(model.n, k=1)
        mutual = 0.5 * (model.trust + model.trust.T)
        edges = pd.DataFrame({"source": upper[0], "target": upper[1], "trust": mutual[upper]})
        return nodes, edges

    def interests(self) -> pd.DataFrame:
        """Per issue and party: its ideal point and weight, and the package on the table. In a
        seated view the other parties' ideals are as the seated party perceives them."""
        model = self.model
        ideals = model.prefs.ideals
        if self.seat is not None:
            ideals = self.perceived()
        rows = []
        for number, key in enumerate(model.issue_keys):
            for party in model.parties:
                rows.append(
                    {
                        "issue": self.labels[key],
                        "party": party.name,
                        "kind": party.kind,
                        "ideal": float(ideals[party.index, number]),
                        "weight": float(model.prefs.weights[party.index, number]),
                        "table": float(model.table[number]) if model.has_table else np.nan,
                        "perceived": self.seat is not None and party.index != self.seat,
                    }
                )
        return pd.DataFrame(rows)

    def perceived(self) -> np.ndarray:
        """The seated party's view of everyone's ideals this month: its own as they are, the
        others' through the error that trust and openness leave. Drawn from a stream of the
        arena's own (seed, month), so looking never changes the run."""
        if self._perceived is None or self._perceived[0] != self.month:
            rng = np.random.default_rng([self.seed, self.month, 7])
            seen = self.model.parties[self.seat].perceived_ideals(rng=rng)
            self._perceived = (self.month, np.clip(seen, 0.0, 1.0))
        return self._perceived[1]

    def seat_view(self) -> dict[str, Any]:
        """What the seated participant may see of their own position."""
        party = self.model.parties[self.seat]
        return {
            "name": party.name,
            "kind": party.kind,
            "ideal": [float(v) for v in party.ideal],
            "weights": [float(v) for v in party.weights],
            "reservation": party.reservation,
            "best": party.best,
            "aspiration": party.aspiration,
            "integration": float(self.model.ideal_integration[party.index]),
        }

    def value_for_seat(self, package: list[float]) -> float:
        """What a package is worth to the seated party now (to compare with its reservation)."""
        return self.model.parties[self.seat].evaluate(np.asarray(package, dtype=float))

    def _cached(self, key: tuple, build):
        """A view is rebuilt only when the run has moved (month, events) since it was built."""
        stamp = (self.month, len(self.model.events), *key)
        cache = self.__dict__.setdefault("_views", {})
        if cache.get(key, (None,))[0] != stamp:
            cache[key] = (stamp, build())
        return cache[key][1]

    def series(self) -> pd.DataFrame:
        """Mean trust, mean commitment and every party's aspiration per month so far."""
        return self._cached(("series",), self._series)

    def _series(self) -> pd.DataFrame:
        if self.month == 0:
            return pd.DataFrame(columns=["month", "mean_trust", "mean_commitment"])
        table = monthly_table(self.model)
        aspirations = pd.DataFrame(
            self.aspiration_history[: len(table)], columns=[p.name for p in self.model.parties]
        ).add_prefix("aspiration: ")
        return pd.concat([table.reset_index(drop=True), aspirations], axis=1)

    def log(self, language: str = "en") -> list[tuple[int, str]]:
        """The event log, newest first, in plain language; a rejected offer also names, for up
        to three rejecting parties, the issue on which the package lies furthest from them."""
        return self._cached(("log", language), lambda: self._log(language))

    def _log(self, language: str) -> list[tuple[int, str]]:
        lines: list[tuple[int, str]] = []
        names = {party.name: party.index for party in self.model.parties}
        coordinator = self.model.coordinator.name if self.model.coordinator else None
        for event in self.model.events:
            if event.code == "offer" and event.params["proposer"] == coordinator:
                event = Event(
                    event.month, event.code, {**event.params, "proposer": COORDINATOR[language]}
                )
            lines.append((event.month, describe(event, language)))
            if event.code == "offer":
                package = np.asarray(event.params["package"][: self.model.n_issues])
                for name in event.params["rejected"][:3]:
                    i = names[name]
                    gap = self.model.prefs.weights[i] * np.abs(package - self.model.prefs.ideals[i])
                    issue = self.labels[self.model.issue_keys[int(np.argmax(gap))]]
                    issue = issue[:1].lower() + issue[1:] if issue[1:2].islower() else issue
                    lines.append((event.month, REJECTION[language].format(party=name, issue=issue)))
        return lines[::-1]

    def timeline(self, language: str = "en") -> list[tuple[str, str]]:
        """The seven phases with their labels and state: done, current or to come."""
        current = PHASES.index(self.model.phase) if self.model.phase in PHASES else len(PHASES)
        if self.finished:
            current = len(PHASES)
        states = []
        for number, name in enumerate(PHASES):
            state = "done" if number < current else "current" if number == current else "next"
            states.append((PHASE_LABELS[language][name], state))
        return states

    def outcome_text(self, language: str = "en") -> tuple[bool, str, str] | None:
        """At the end: success, the headline with the main reason, and a debrief."""
        if not self.finished:
            return None
        outcome = self.model.outcome()
        success = bool(outcome["success"])
        reason = REASON_LABELS[language][outcome["failure_reason"]]
        series = self.series()
        trust = float(series["mean_trust"].iloc[-1]) if len(series) else float("nan")
        debrief = DEBRIEF[language][success].format(
            agreed=outcome["months_to_agreement"], month=self.month, reason=reason, trust=trust
        )
        return success, reason[0].upper() + reason[1:], debrief

    def mean_trust(self) -> float:
        series = self.series()
        if len(series):
            return float(series["mean_trust"].iloc[-1])
        return float(self.model.trust[~np.eye(self.model.n, dtype=bool)].mean())


def comparison(
    scenario: str, overrides: dict[str, Any], seed: int, lever: str
) -> tuple[Arena, Arena]:
    """Two arenas on the same seed and parties, the lever off in the first and on in the
    second; everything else as the controls say."""
    settings = comparable()
    if lever not in settings:
        raise ScenarioError(f"lever: one of {', '.join(settings)}, got {lever!r}")
    off, on = settings[lever]
    return (
        Arena(scenario, {**overrides, lever: off}, seed),
        Arena(scenario, {**overrides, lever: on}, seed),
    )
