"""The trainer's run control, per browser session: besides Step and Play, "next event" (play to
the next decisive moment), "to the end", replay of any month played so far (the scrubber; the
run itself never changes), the log's filter by party, the keys of a presenter's clicker, and
the page's address (`sim.dashboard.address`) written from and read into the session's state.

Replay shows an arena as it was (`sim.dashboard.replay`); Step, Play, next event and to the end
go back to the live run first. A new run (a reset or a new setting) ends a replay.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import solara

from sim.dashboard import replay
from sim.dashboard.address import Address, decode, encode
from sim.dashboard.arena import Arena, Frame, control_values
from sim.dashboard.session import (
    advance,
    apply,
    choose_language,
    compare_lever,
    controls,
    current,
    language,
    language_chosen,
    mode,
    notice,
    playing,
    scenario,
    seed,
    version,
)
from sim.scenario import ScenarioError, load_scenario, scenario_names
from sim.story import DECISIVE

NEXT_EVENT = (DECISIVE | {"joins", "council_approves", "conflict"}) - {"phase", "offer"}
"""The events "next event" stops at: who joins or stays out, a core group, the rules agreed, an
agreement, a council's vote, an admission, a quick win, a conflict, an exit, the end (success
or failure); never a plain offer or a change of phase."""

replaying: solara.Reactive[tuple[Any, int] | None] = solara.reactive(None)
"""The month replayed, with the runs it belongs to (a replay of runs since replaced is over);
None: live."""
party: solara.Reactive[str] = solara.reactive("")
"""The party whose lines the log shows; "": every line."""
restored = solara.reactive(False)
"""Whether this session has read its first address (a reload or a shared link)."""


# --- replay -----------------------------------------------------------------------------------
def latest() -> int:
    """The month the live run has reached (in a comparison: the first run's)."""
    return current()[0].month


def first() -> int:
    """The first month that can be replayed."""
    kept = replay.months(current()[0])
    return kept[0] if kept else latest()


def shown_month() -> int | None:
    """The month replayed, or None when the page shows the live run."""
    state = replaying.value
    if state is None or state[0] is not current():
        return None
    return state[1] if state[1] < latest() else None


def shown(arena: Arena) -> Arena:
    """An arena as the page shows it now: live, or as it was in the month replayed."""
    return replay.then(arena, shown_month())


def frame(arena: Arena, lang: str) -> Frame:
    """The frame the page shows of an arena: live, or of the month replayed."""
    return replay.frame_at(arena, shown_month(), lang)


def go_live() -> None:
    """Back to the live run."""
    if replaying.value is not None:
        replaying.value = None
        version.value += 1


def scrub(month: int) -> None:
    """Show `month` (replay; the latest month: live). Playing stops: a replay stands still."""
    month = int(month)
    if month >= latest():
        go_live()
        return
    playing.value = False
    replaying.value = (current(), max(first(), month))
    version.value += 1


def back() -> None:
    """One month back (from live: the month before the latest)."""
    now = shown_month()
    scrub((now if now is not None else latest()) - 1)


def home() -> None:
    """The first month (in replay)."""
    scrub(first())


# --- moving the run ---------------------------------------------------------------------------
def step() -> bool:
    """Step: in a replay, back to live (the run does not move); else one month."""
    if shown_month() is not None:
        go_live()
        return False
    moved = advance()
    version.value += 1
    return moved


def toggle_play() -> None:
    """Play or pause (a replay goes back to live first)."""
    go_live()
    playing.value = not playing.value


def _decisive(arenas: list[Arena], seen: list[int]) -> bool:
    return any(
        event.code in NEXT_EVENT
        for arena, count in zip(arenas, seen, strict=True)
        for event in arena.model.events[count:]
    )


def next_event() -> bool:
    """Play until a month with a decisive event (`NEXT_EVENT`), the end, or a seated
    participant's turn; False when the run could not move."""
    go_live()
    playing.value = False
    runs = current()
    seen = [len(arena.model.events) for arena in runs]
    moved = False
    while advance(runs):
        moved = True
        if _decisive(runs, seen):
            break
    version.value += 1
    return moved


def to_end() -> bool:
    """Play to the end of the run (or to a seated participant's turn)."""
    go_live()
    playing.value = False
    runs = current()
    moved = False
    while advance(runs):
        moved = True
    version.value += 1
    return moved


KEYS = {
    " ": toggle_play,
    "ArrowRight": step,
    "PageDown": step,
    "ArrowLeft": back,
    "PageUp": back,
    "End": to_end,
    "Home": home,
}
"""A presenter's clicker and the keyboard: what each key does."""


def press(key: str) -> None:
    """A key pressed on the page (keys the control does not know are ignored)."""
    action = KEYS.get(str(key))
    if action is not None:
        action()


# --- the log's filter -------------------------------------------------------------------------
def names(arena: Arena) -> list[str]:
    return [p.name for p in arena.model.parties]


def filtered(
    log: tuple[tuple[int, str], ...], arena: Arena | None = None
) -> tuple[tuple[int, str], ...]:
    """The log's lines that name the party chosen (every line when none is, or when the party
    is not in this run: `arena`, else the session's)."""
    name = party.value
    if not name or name not in names(arena if arena is not None else current()[0]):
        return log
    pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
    return tuple(line for line in log if pattern.search(line[1]))


# --- the address ------------------------------------------------------------------------------
def state(projecting: bool = False, panel: str | None = None) -> Address:
    """The session's state as the address holds it."""
    month = shown_month()
    return Address(
        scenario=scenario.value,
        controls=dict(controls.value),
        seed=seed.value,
        month=month if month is not None else latest(),
        language=language.value,
        mode=mode.value if mode.value != "seat" else None,
        lever=compare_lever.value,
        projector=projecting,
        panel=panel,
    )


@functools.lru_cache(maxsize=32)
def _defaults(name: str) -> tuple[tuple[str, Any], ...]:
    try:
        return tuple(control_values(name).items())
    except ScenarioError:
        return ()


def query(projecting: bool = False, panel: str | None = None) -> str:
    """The query string of the session's state (the controls at the scenario's own settings
    left out)."""
    return encode(state(projecting, panel), dict(_defaults(scenario.value)))


def address(projecting: bool = False, panel: str | None = None) -> str | None:
    """The query string the page's address should hold now; None before the first address was
    restored and while the run plays (the address follows once it pauses)."""
    if not restored.value or playing.value:
        return None
    return query(projecting, panel)


def stamp() -> tuple:
    """What changes when the page's run control must be drawn again: the month shown, the
    live month, whether the run is over, the number of events."""
    arena = current()[0]
    return (shown_month(), arena.month, arena.finished, len(arena.model.events))


def restore(search: str | None) -> bool:
    """The state a page's address asks for (a reload or a shared link): the scenario, controls,
    seed, mode and language, then the same run played to the month. False when the address
    asked for nothing, or for settings the model refuses (the page then stays as it was)."""
    wanted = decode(search, tuple(scenario_names()), control_values)
    asked = wanted.scenario or wanted.controls or wanted.seed is not None or wanted.mode
    done = True
    if asked:
        name = wanted.scenario or scenario.value
        base = control_values(name) if name != scenario.value else dict(controls.value)
        changes: dict[str, Any] = {
            "scenario": name,
            "controls": {**base, **wanted.controls},
            "seat": None,
        }
        if wanted.seed is not None:
            changes["seed"] = wanted.seed
        if wanted.mode:
            changes["mode"] = wanted.mode
        if wanted.lever:
            changes["lever"] = wanted.lever
        done = apply(**changes)
        if not done and wanted.lever:  # an unknown lever: the rest still counts
            changes.pop("lever")
            done = apply(**changes)
        notice.value = ""
        if done and not language_chosen.value and not wanted.language:
            language.value = load_scenario(name).language
    if wanted.language:
        choose_language(wanted.language)
    if done and wanted.month:
        runs = current()
        while runs[0].month < wanted.month and advance(runs):
            pass
        version.value += 1
    return bool(asked or wanted.language or wanted.month) and done
