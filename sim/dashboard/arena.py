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

import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.dashboard import drawings, replay
from sim.dashboard.standing import standings
from sim.levers import by_knob, registered
from sim.model import PHASES, Event, PartnershipModel
from sim.negotiation import Seat
from sim.runner import monthly_table
from sim.scenario import ScenarioError, load_scenario
from sim.story import describe, plain
from sim.texts import (
    COORDINATOR,
    DEBRIEF,
    ISSUE_LABELS,
    OFFER_LINE,
    PHASE_LABELS,
    REASON_LABELS,
    REJECTION,
    UI,
)
from sim.texts import number as decimal
from sim.trust import mean_trust

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


def at_negotiation(scenario: str, overrides: dict[str, Any], seed: int) -> list[int]:
    """The parties at the table when the negotiation starts. A seat changes nothing before
    the negotiation, so the run is played that far without seats on the same seed; a run that
    never gets there gives the parties that joined (none: an empty list)."""
    model = PartnershipModel(
        load_scenario(scenario, **overrides), rng=np.random.default_rng(seed), collect=False
    )
    limit = model.month_limit()
    while not model.finished and model.phase != "negotiation" and model.steps < limit:
        model.step()
    for group in (model.at_table, model.participants):
        if group.any():
            return [int(i) for i in np.flatnonzero(group)]
    return []


def default_seat(scenario: str, overrides: dict[str, Any], seed: int) -> int:
    """The party a seat opens on: the first at the table when the negotiation starts (else the
    first that joined, else the first party)."""
    parties = at_negotiation(scenario, overrides, seed)
    return parties[0] if parties else 0


@dataclass(eq=False)  # a fresh arena is never "equal" to a stepped one
class Arena:
    """One run for the dashboard: a scenario with the controls' overrides, a seed and
    optionally a seated participant (the index of the party they play)."""

    scenario: str
    overrides: dict[str, Any] = field(default_factory=dict)
    seed: int = 1
    seat: int | None = None

    def __post_init__(self) -> None:
        self.lock = threading.RLock()
        """Held while the run moves or is read: a render never sees a month half played."""
        if not isinstance(self.seed, int) or self.seed < 0:
            raise ScenarioError(f"seed: a whole number of at least 0, got {self.seed!r}")
        self.spec = load_scenario(self.scenario, **self.overrides)  # ScenarioError if invalid
        self.model = PartnershipModel(self.spec, rng=np.random.default_rng(self.seed))
        self.seated = Seat.take(self.model, self.seat) if self.seat is not None else None
        self.labels = {issue.key: issue.label or issue.key for issue in self.spec.issues}
        """The issues' labels as the scenario file writes them (`issue_labels`: in a language)."""
        self._perceived: tuple[int, np.ndarray] | None = None
        self.aspiration_history: list[list[float]] = []
        self.ever_member = np.zeros(self.model.n, dtype=bool)
        self.involved = np.zeros(self.model.n, dtype=bool)
        """Every party that has joined, sat at the table or been a member so far."""
        self.trust_history: list[float] = []

    def _advance(self) -> None:
        self.model.step()
        self.aspiration_history.append([float(v) for v in self.model.aspiration])
        self.ever_member |= self.model.members
        self.involved |= self.model.participants | self.model.at_table | self.model.members
        self.trust_history.append(self.trust_involved())
        replay.keep(self)  # this month, for replay (`sim.dashboard.replay`)

    def trust_involved(self) -> float:
        """Mean mutual trust among the parties involved so far: every party that joined, sat at
        the table or was a member, those who left since included (before two are involved:
        among all parties). A party leaving or a run failing changes no one's trust, so neither
        moves this number; the model's own reporter (`mean_trust`: the members, else the
        participants) drops to 0 or jumps to 1 when a group shrinks to one or none."""
        group = np.flatnonzero(self.involved)
        if len(group) < 2:
            group = np.arange(self.model.n)
        return mean_trust(self.model.trust, group)

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
        with self.lock:
            if self.finished or self.awaiting() is not None:
                return False
            self._advance()
            return True

    def respond(self, accept: bool) -> None:
        """The seated participant's answer to the offer on the table; the month is played."""
        with self.lock:
            if self.awaiting() != "response":
                raise ScenarioError("no offer is waiting for an answer")
            self.seated.response = bool(accept)
            self._advance()

    def offer(self, package: list[float]) -> None:
        """The seated participant tables a package (a position per issue, then integration)."""
        with self.lock:
            if self.awaiting() != "offer":
                raise ScenarioError("it is not the seated party's turn to propose")
            expected = self.model.n_issues + 1
            if len(package) != expected:
                raise ScenarioError(f"offer: {expected} values (issues and integration)")
            self.seated.offer = np.clip(np.asarray(package, dtype=float), 0.0, 1.0)
            self._advance()

    def issue_labels(self, language: str = "en") -> list[str]:
        """The issues' labels in the model's order, in `language` where `sim.texts` has them."""
        return [
            ISSUE_LABELS[language].get(self.labels[key], self.labels[key])
            for key in self.model.issue_keys
        ]

    def pending_offer(self, language: str = "en") -> tuple[str, list[float]] | None:
        """The offer tabled this month ahead of the step (only when the seat must answer)."""
        with self.lock:
            if self.awaiting() != "response":
                return None
            proposer, package = self.model.phases["negotiation"].pending
            if proposer < 0:
                author = COORDINATOR[language]
            else:
                author = self.model.parties[proposer].name
            return author, [float(value) for value in package]

    # --- what the page shows -----------------------------------------------------------------
    def network(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Nodes (name, kind, weight, status) and edges (mutual trust) of the parties; the
        status is the party's standing (`sim.dashboard.standing`)."""
        model = self.model
        rows = []
        for party, status in zip(model.parties, standings(model, self.ever_member), strict=True):
            i = party.index
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

    def interests(self, language: str = "en") -> pd.DataFrame:
        """Per issue and party: its ideal point and weight, and the package on the table. In a
        seated view the other parties' ideals are as the seated party perceives them."""
        model = self.model
        ideals = model.prefs.ideals
        if self.seat is not None:
            ideals = self.perceived()
        rows = []
        labels = self.issue_labels(language)
        for number, _key in enumerate(model.issue_keys):
            for party in model.parties:
                rows.append(
                    {
                        "issue": labels[number],
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
        with self.lock:
            return self.model.parties[self.seat].evaluate(np.asarray(package, dtype=float))

    def frame(self, language: str = "en") -> Frame:
        """Everything the page shows of the run now, read at once under the arena's lock, so
        that a render never reads a month that another thread is playing (the page reads
        frames only, never the model)."""
        with self.lock:
            stamp = (self.month, len(self.model.events), self.awaiting(), language)
            cached = self.__dict__.get("_shown")
            if cached is not None and cached[0] == stamp:
                return cached[1]
            built = self._frame(language)
            self.__dict__["_shown"] = (stamp, built)
            return built

    def _frame(self, language: str) -> Frame:
        panels = drawings.panels(self, language)
        seat = None
        if self.seat is not None:
            waiting = self.awaiting()
            pending = self.pending_offer(language)
            seat = SeatFrame(
                view=self.seat_view(),
                labels=tuple(self.issue_labels(language)),
                awaiting=waiting,
                pending=pending,
                pending_value=self.value_for_seat(pending[1]) if pending else None,
                outside=self.phase == "negotiation" and not bool(self.model.at_table[self.seat]),
            )
        return Frame(
            month=self.month,
            deadline=self.spec.deadline_months,
            finished=self.finished,
            success=bool(self.model.success) if self.finished else False,
            timeline=tuple(self.timeline(language)),
            trust=self.mean_trust(),
            outcome=self.outcome_text(language),
            log=tuple(self.log(language)),
            panels=panels,
            svgs=tuple(drawings.to_svg(drawing) for drawing in panels),
            seat=seat,
        )

    def _cached(self, key: tuple, build):
        """A view is rebuilt only when the run has moved (month, events) since it was built."""
        with self.lock:
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
        table.insert(  # the dashboard's trust (`trust_involved`); the model's reporter kept beside
            table.columns.get_loc("mean_trust") + 1, "mean_trust_members", table["mean_trust"]
        )
        table["mean_trust"] = self.trust_history[: len(table)]
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
        labels = self.issue_labels(language)
        coordinator = self.model.coordinator.name if self.model.coordinator else None
        for event in self.model.events:
            if event.code == "offer" and event.params["proposer"] == coordinator:
                event = Event(
                    event.month, event.code, {**event.params, "proposer": COORDINATOR[language]}
                )
            if event.code != "offer":
                lines.append((event.month, describe(event, language)))
                continue
            lines.append((event.month, self._offer_line(event, language)))
            package = np.asarray(event.params["package"][: self.model.n_issues])
            for name in event.params["rejected"][:3]:
                i = names[name]
                gap = self.model.prefs.weights[i] * np.abs(package - self.model.prefs.ideals[i])
                issue = labels[int(np.argmax(gap))]
                issue = issue[:1].lower() + issue[1:] if issue[1:2].islower() else issue
                lines.append((event.month, REJECTION[language].format(party=name, issue=issue)))
        return lines[::-1]

    @staticmethod
    def _offer_line(event: Event, language: str) -> str:
        """A tabled offer, with its counts in the singular or plural (`describe` writes "1
        stemmen in")."""
        text = OFFER_LINE[language]
        accepted, rejected = event.params["accepted"], event.params["rejected"]
        shown = ", ".join(rejected[:3]) + ("…" if len(rejected) > 3 else "")
        return text["line"].format(
            proposer=plain(event.params["proposer"]),
            accepted=text["accepted"][len(accepted) != 1].format(n=len(accepted)),
            rejected=text["rejected"][len(rejected) != 1].format(n=len(rejected)),
            who=f" ({plain(shown)})" if rejected else "",
        )

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
        """The trust the page shows: among the parties involved (`trust_involved`)."""
        with self.lock:
            return self.trust_history[-1] if self.trust_history else self.trust_involved()


@dataclass(frozen=True)
class SeatFrame:
    """What the seated participant sees in a frame: their own position, the issues' labels,
    what the run waits for, and the offer on the table with its worth to them."""

    view: dict[str, Any]
    labels: tuple[str, ...]
    awaiting: str | None
    pending: tuple[str, list[float]] | None
    pending_value: float | None
    outside: bool


@dataclass(frozen=True)
class Frame:
    """One consistent reading of an arena for the page: a month, never half of one."""

    month: int
    deadline: int
    finished: bool
    success: bool
    timeline: tuple[tuple[str, str], ...]
    trust: float
    outcome: tuple[bool, str, str] | None
    log: tuple[tuple[int, str], ...]
    panels: tuple[drawings.Drawing, drawings.Drawing, drawings.Drawing]
    svgs: tuple[str, str, str]
    seat: SeatFrame | None = None


def comparison_headings(knob: str, lang: str) -> tuple[str, str]:
    """The two sides of a comparison: the lever, off and on, with its setting."""
    lever, text = by_knob(knob), UI[lang]
    headings = []
    for state, setting in zip(("off", "on"), comparable()[knob], strict=True):
        shown = (
            text.get(setting, setting) if isinstance(setting, str) else decimal(setting, lang, "g")
        )
        headings.append(f"{lever.label(lang)}: {text[state]} ({shown})")
    return headings[0], headings[1]


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
