"""Replay: any month played so far, shown as it was, without running the model again.

After each month an arena keeps a `Snapshot`: the few numbers of the model that change from
month to month and that the page reads (trust, who is where, the package on the table, the
phase, how many events there were, ...), a few kilobytes a month. `frame_at` shows a month from
its snapshot: a shallow copy of the arena whose model is a `PastModel` (the snapshot's numbers
over the live model's fixed facts: parties, preferences, issues) and whose histories are cut at
that month, drawn by the arena's own `_frame`. The run itself is never touched.

No presentation library is imported here; the arena imports this module, never the reverse.
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

MAX_SNAPSHOTS = 2000
"""The most months an arena keeps for replay (a run ends long before: its deadline and
execution period); beyond, the oldest are dropped. A snapshot is a few kilobytes."""

PAST_FRAMES = 6
"""Past months kept ready to draw per arena (a trainer going back and forth)."""

STATE = (
    "steps",
    "phase",
    "phase_start",
    "finished",
    "running",
    "success",
    "trust",
    "members",
    "at_table",
    "participants",
    "signatories",
    "founding",
    "commitment",
    "aspiration",
    "experience",
    "table",
    "agreement",
)
"""The model's attributes that a month changes and the page reads; everything else of the model
(parties, preferences, issues, levers) is fixed for a run."""


@dataclass(frozen=True)
class Snapshot:
    """A month as the page needs it: the model's changing state, the number of events so far,
    and the arena's own record of who was ever involved."""

    month: int
    events: int
    state: dict[str, Any]
    ever_member: np.ndarray
    involved: np.ndarray


def _copy(value: Any) -> Any:
    return value.copy() if isinstance(value, np.ndarray) else value


def snapshot(arena: Any) -> Snapshot:
    """The arena's month now (called after each month it plays)."""
    model = arena.model
    state = {name: _copy(getattr(model, name)) for name in STATE if hasattr(model, name)}
    return Snapshot(
        month=int(model.steps),
        events=len(model.events),
        state=state,
        ever_member=arena.ever_member.copy(),
        involved=arena.involved.copy(),
    )


def keep(arena: Any) -> None:
    """Record the arena's month now for replay, within `MAX_SNAPSHOTS`."""
    kept: dict[int, Snapshot] = arena.__dict__.setdefault("snapshots", {})
    shot = snapshot(arena)
    kept[shot.month] = shot
    while len(kept) > MAX_SNAPSHOTS:
        del kept[next(iter(kept))]


def months(arena: Any) -> list[int]:
    """The months that can be replayed, oldest first."""
    return sorted(arena.__dict__.get("snapshots", {}))


class PastModel:
    """The model as it was at the end of a month: the snapshot's state and events over the live
    model's fixed facts. Read-only: it is for drawing, never for stepping."""

    def __init__(self, live: Any, shot: Snapshot) -> None:
        self.__dict__["_live"] = live
        self.__dict__["_shot"] = shot
        self.__dict__["events"] = list(live.events[: shot.events])

    def __getattr__(self, name: str) -> Any:
        state = self.__dict__["_shot"].state
        if name in state:
            return state[name]
        return getattr(self.__dict__["_live"], name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a past month cannot change")

    @property
    def has_table(self) -> bool:
        return not np.isnan(self.table[0])

    def outcome(self) -> dict[str, Any]:
        return self.__dict__["_live"].outcome()


def past(arena: Any, month: int) -> Any:
    """A read-only copy of the arena as it was at the end of `month` (KeyError when that month
    was not kept)."""
    shot = arena.__dict__.get("snapshots", {})[month]
    then = copy.copy(arena)
    shown = then.__dict__
    for cached in ("_shown", "_views", "_perceived", "_past", "snapshots"):
        shown.pop(cached, None)
    shown["_perceived"] = None
    shown["lock"] = threading.RLock()
    shown["model"] = PastModel(arena.model, shot)
    shown["seated"] = None  # a past month waits for no one
    shown["ever_member"] = shot.ever_member
    shown["involved"] = shot.involved
    shown["trust_history"] = list(arena.trust_history[:month])
    shown["aspiration_history"] = list(arena.aspiration_history[:month])
    live_series = arena.series

    def series() -> Any:
        return live_series().iloc[:month].reset_index(drop=True)

    shown["series"] = series
    return then


def then(arena: Any, month: int | None) -> Any:
    """The arena as the page shows it: as it was at the end of `month`, or itself (None, the
    month now, or a month not kept). Past arenas are kept ready (`PAST_FRAMES` of them), each
    with its own caches of what it draws."""
    if month is None or month >= arena.month or month not in arena.__dict__.get("snapshots", {}):
        return arena
    with arena.lock:
        cache: dict = arena.__dict__.setdefault("_past", {})
        if month not in cache:
            cache[month] = past(arena, month)
            while len(cache) > PAST_FRAMES:
                del cache[next(iter(cache))]
        return cache[month]


def frame_at(arena: Any, month: int | None, language: str) -> Any:
    """The frame of `month` (None, the month now or a month not kept: the live frame)."""
    return then(arena, month).frame(language)
