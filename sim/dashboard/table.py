"""A shared table: one run that several participants join, each in the seat of a different party.

A trainer opens a table from the dashboard's current settings (`open_table`); it gets a short
code, and participants join it from their own browsers (`/?table=CODE`). The process holds the
tables in one registry (`find`, `close`), so every browser session served by `partnersim app`
sees the same tables. A table holds one `TableArena` (an `Arena` whose month waits for the
seated participants), the arena's lock, and the places taken: which participant sits at which
party. Two participants never sit at the same party.

A month in the negotiation closes when every seated participant has done what the round asks
of them (their party's offer when it is their turn to propose, else their answer to the offer on
the table), or when the trainer closes the round (`Table.close_round`): a seat that has not
answered then answers as the model's own party would (its automatic rule), which is what a
`sim.negotiation.Seat` without a person's decision does. Outside the negotiation, and in rounds
where no seated party has anything to do, the trainer steps or plays the run as always.

Everything that reads or changes a table holds the arena's lock, so answers arriving from many
browser sessions at once are taken one at a time; `Table.wait` lets a session's thread sleep
until the table changes. No presentation library is imported here.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.dashboard.arena import Arena, at_negotiation
from sim.model import PartnershipModel
from sim.negotiation import Seat
from sim.scenario import ScenarioError
from sim.texts import PHASE_LABELS

CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""The letters of a table's code: no 0/O or 1/I to mix up when read from a screen."""
CODE_LENGTH = 4


class TableError(ScenarioError):
    """A participant's request the table refuses: `reason` is a text's key (`sim.texts`)."""

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(message or reason)
        self.reason = reason


@dataclass
class Place:
    """A seat taken: the party, the participant (a browser session's id) and their name."""

    party: int
    participant: str
    name: str
    seat: Seat
    answered: int | None = None
    """The month (1-based, the month being played) of the participant's last answer."""
    answer: bool | None = None
    """Their last answer (True: accepted); `answered` says for which month."""
    offered: int | None = None
    """The month in which they last tabled their own offer."""


@dataclass(frozen=True)
class SeatRow:
    """One row of the trainer's overview: a party with a participant, and what they did this
    round: `offer` or `response` (still to do), `answered` (with `answer`), `offered`, `outside`
    (not at the table) or `idle` (nothing to do this month)."""

    party: int
    party_name: str
    participant: str
    name: str
    state: str
    answer: bool | None


@dataclass(frozen=True)
class ParticipantView:
    """What a seated participant's page shows, read at once under the table's lock."""

    code: str
    party: int
    name: str
    participant_name: str
    kind: str
    month: int
    deadline: int
    phase: str
    finished: bool
    success: bool
    labels: tuple[str, ...]
    ideal: tuple[float, ...]
    weights: tuple[float, ...]
    integration: float
    reservation: float
    at_table: bool
    todo: str | None
    """`offer`, `response` or None."""
    pending: tuple[str, tuple[float, ...]] | None
    pending_value: float | None
    answered: tuple[int, bool] | None
    """The month and the answer of the participant's last answer."""
    waiting_for: int
    """How many seated participants still have to act this round."""
    log: tuple[tuple[int, str], ...]


class TableArena(Arena):
    """The arena of a shared table: it waits (`awaiting`) while a seated participant has to act
    this round, and tells its table when a month was played, whoever played it."""

    table: Table | None = None

    def awaiting(self) -> str | None:
        if self.table is None:
            return None
        return "participants" if self.table.todo() else None

    def _advance(self) -> None:
        super()._advance()
        if self.table is not None:
            self.table.changed()


class Table:
    """One shared run: its arena, its lock, its code and the places taken."""

    def __init__(
        self, code: str, scenario: str, overrides: dict[str, Any] | None = None, seed: int = 1
    ) -> None:
        self.code = code
        self.arena = TableArena(scenario, dict(overrides or {}), seed)
        self.lock = self.arena.lock
        self.places: dict[int, Place] = {}
        self.first_seats = at_negotiation(scenario, dict(overrides or {}), seed)
        """The parties offered first: those at the table when the negotiation starts."""
        self.acted = False
        """Has a participant acted in the round now open (so that it closes on the last one)?"""
        self.closed_by: str | None = None
        """Who closed the last round: `all` (every seat acted), `trainer`, or None."""
        self.version = 0
        self._changes = threading.Condition()
        self.arena.table = self

    # --- change notices ------------------------------------------------------------------------
    def changed(self) -> None:
        """Count a change and wake every session waiting for one."""
        with self._changes:
            self.version += 1
            self._changes.notify_all()

    def wait(self, seen: int, timeout: float | None = None) -> int:
        """Sleep until the table's version differs from `seen` (or the timeout passes); the
        version now."""
        with self._changes:
            self._changes.wait_for(lambda: self.version != seen, timeout)
            return self.version

    # --- who sits where ------------------------------------------------------------------------
    @property
    def model(self) -> PartnershipModel:
        return self.arena.model

    @property
    def language(self) -> str:
        return self.arena.spec.language

    def place_of(self, participant: str) -> Place | None:
        with self.lock:
            return next((p for p in self.places.values() if p.participant == participant), None)

    def free(self) -> list[int]:
        """The free parties, those at the table when the negotiation starts first."""
        with self.lock:
            rest = [i for i in range(self.model.n) if i not in self.first_seats]
            return [i for i in [*self.first_seats, *rest] if i not in self.places]

    def take(self, participant: str, name: str = "", party: int | None = None) -> int:
        """Seat `participant` at `party` (None: the first free party at the table); the party.
        A participant already seated keeps their place; a party taken is refused."""
        with self.lock:
            if self.model.finished:
                raise TableError("table_over")
            mine = self.place_of(participant)
            if mine is not None and (party is None or party == mine.party):
                return mine.party
            if party is None:
                free = self.free()
                if not free:
                    raise TableError("table_full")
                party = free[0]
            if not isinstance(party, int) or not 0 <= party < self.model.n:
                raise TableError("table_no_party", f"no party {party!r}")
            if party in self.places:
                raise TableError("table_taken")
            if mine is not None:
                self._release(mine)
            seat = Seat.take(self.model, party)
            self.places[party] = Place(party, participant, name.strip()[:40], seat)
        self.changed()
        return party

    def leave(self, participant: str) -> bool:
        """The participant leaves; their party is free again and the model plays it. A round
        that waited only for them closes. False if they had no seat."""
        with self.lock:
            mine = self.place_of(participant)
            if mine is None:
                return False
            self._release(mine)
            self._close_if_done()
        self.changed()
        return True

    def _release(self, place: Place) -> None:
        place.seat.party.seat = None
        del self.places[place.party]

    # --- the round -----------------------------------------------------------------------------
    def todo(self) -> dict[int, str]:
        """What each seated party must still do before this month can be played: `offer` (its
        turn to propose) or `response` (an offer from another party is on the table). A seated
        proposer is asked before the round's offer is tabled, so that the model never proposes
        for a person who has not had their turn."""
        with self.lock:
            model = self.model
            if model.finished or model.phase != "negotiation" or not self.places:
                return {}
            negotiation = model.phases["negotiation"]
            if negotiation.pending is None:
                proposer = negotiation.peek()
                place = self.places.get(proposer)
                if place is not None and place.seat.offer is None:
                    return {proposer: "offer"}
            pending = negotiation.open_round()
            if pending is None:
                return {}
            table = {int(i) for i in model.table_idx}
            return {
                i: "response"
                for i, place in self.places.items()
                if i != pending[0] and i in table and place.seat.response is None
            }

    def answer(self, participant: str, accept: bool) -> bool:
        """The participant's answer to the offer on the table; True if it closed the month
        (it was the last answer the round waited for)."""
        with self.lock:
            place = self.place_of(participant)
            if place is None:
                raise TableError("table_not_seated")
            if self.todo().get(place.party) != "response":
                raise TableError("table_nothing_to_answer")
            place.seat.response = bool(accept)
            place.answered, place.answer = self.arena.month + 1, bool(accept)
            self.acted = True
            closed = self._close_if_done()
        self.changed()
        return closed

    def offer(self, participant: str, package: list[float]) -> bool:
        """The participant tables their party's offer (a position per issue, then integration);
        True if it closed the month (no other seat has to answer it)."""
        with self.lock:
            place = self.place_of(participant)
            if place is None:
                raise TableError("table_not_seated")
            if self.todo().get(place.party) != "offer":
                raise TableError("table_not_your_turn")
            expected = self.model.n_issues + 1
            if len(package) != expected:
                raise TableError("table_bad_offer", f"offer: {expected} values")
            place.seat.offer = np.clip(np.asarray(package, dtype=float), 0.0, 1.0)
            place.offered = self.arena.month + 1
            self.acted = True
            self.model.phases["negotiation"].open_round()  # the person's offer goes on the table
            closed = self._close_if_done()
        self.changed()
        return closed

    def _close_if_done(self) -> bool:
        if self.acted and not self.todo() and not self.model.finished:
            self._play("all")
            return True
        return False

    def close_round(self) -> bool:
        """The trainer moves on: the month is played, a seat that has not acted answering (or
        proposing) as the model's own party would. False when the run is over."""
        with self.lock:
            if self.model.finished:
                return False
            self._play("trainer")
            return True

    def _play(self, by: str) -> None:
        self.arena._advance()  # a seat without a person's decision follows the party's rule
        self.acted = False
        self.closed_by = by

    # --- what the pages show -------------------------------------------------------------------
    def overview(self) -> list[SeatRow]:
        """The trainer's overview: every place taken, in party order, with what it did this
        round."""
        with self.lock:
            todo = self.todo()
            playing = self.arena.month + 1
            at_table = {int(i) for i in self.model.table_idx} if self._negotiating() else set()
            rows = []
            for i in sorted(self.places):
                place = self.places[i]
                answer = None
                if i in todo:
                    state = todo[i]
                elif place.answered == playing:
                    state, answer = "answered", place.answer
                elif place.offered == playing:
                    state = "offered"
                elif self._negotiating() and i not in at_table:
                    state = "outside"
                else:
                    state = "idle"
                rows.append(
                    SeatRow(
                        i, self.model.parties[i].name, place.participant, place.name, state, answer
                    )
                )
            return rows

    def _negotiating(self) -> bool:
        return not self.model.finished and self.model.phase == "negotiation"

    def view(self, participant: str, language: str = "en", limit: int = 30) -> ParticipantView:
        """What the participant's page shows now (TableError if they have no seat)."""
        with self.lock:
            place = self.place_of(participant)
            if place is None:
                raise TableError("table_not_seated")
            model, i = self.model, place.party
            party = model.parties[i]
            todo = self.todo()
            pending = None
            value = None
            if todo.get(i) == "response":
                proposer, package = model.phases["negotiation"].pending
                author = model.coordinator if proposer < 0 else model.parties[proposer]
                pending = (author.name, tuple(float(v) for v in package))
                value = party.evaluate(np.asarray(package, dtype=float))
            phase = self.arena.phase
            return ParticipantView(
                code=self.code,
                party=i,
                name=party.name,
                participant_name=place.name,
                kind=party.kind,
                month=self.arena.month,
                deadline=self.arena.spec.deadline_months,
                phase=PHASE_LABELS[language].get(phase, phase) if phase != "done" else "done",
                finished=self.arena.finished,
                success=bool(model.success) if self.arena.finished else False,
                labels=tuple(self.arena.labels[key] for key in model.issue_keys),
                ideal=tuple(float(v) for v in party.ideal),
                weights=tuple(float(v) for v in party.weights),
                integration=float(model.ideal_integration[i]),
                reservation=float(party.reservation),
                at_table=bool(model.at_table[i]),
                todo=todo.get(i),
                pending=pending,
                pending_value=value,
                answered=(place.answered, place.answer) if place.answered is not None else None,
                waiting_for=len(todo),
                log=tuple(self.arena.log(language)[:limit]),
            )

    def worth(self, participant: str, package: list[float]) -> float:
        """What a package is worth now to the participant's party."""
        with self.lock:
            place = self.place_of(participant)
            if place is None:
                raise TableError("table_not_seated")
            return self.model.parties[place.party].evaluate(np.asarray(package, dtype=float))


# --- the registry ----------------------------------------------------------------------------------
@dataclass
class Registry:
    """The process's tables by code."""

    tables: dict[str, Table] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def open(self, scenario: str, overrides: dict[str, Any] | None = None, seed: int = 1) -> Table:
        """A new table on these settings (ScenarioError when the model rejects them), under a
        code no open table has."""
        with self.lock:
            while True:
                code = "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))
                if code not in self.tables:
                    self.tables[code] = None  # reserved while the run is built
                    break
        try:
            table = Table(code, scenario, overrides, seed)
        except BaseException:
            with self.lock:
                self.tables.pop(code, None)
            raise
        with self.lock:
            self.tables[code] = table
        return table

    def find(self, code: str) -> Table | None:
        with self.lock:
            return self.tables.get(normalise(code))

    def close(self, code: str) -> bool:
        with self.lock:
            table = self.tables.pop(normalise(code), None)
        if table is not None:
            table.changed()
        return table is not None

    def leave_everywhere(self, participant: str) -> None:
        """A browser session went away: free its seats at every table."""
        with self.lock:
            tables = [table for table in self.tables.values() if table is not None]
        for table in tables:
            table.leave(participant)


def normalise(code: str) -> str:
    """A code as typed: case and spaces do not matter."""
    return "".join(str(code).split()).upper()


REGISTRY = Registry()
open_table = REGISTRY.open
find = REGISTRY.find
close = REGISTRY.close
