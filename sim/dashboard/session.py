"""One browser session's state of the dashboard: the language, the controls, the mode and the
arenas they built, and the changes every button makes (`apply`, `current`, `step_all`).

Solara keeps a module-level reactive value per browser session, so participants playing a seat
never see or disturb each other's runs; each arena has its own lock (`Arena.lock`), so no
session ever waits for another's month. `play` keeps Play at its speed by skipping renders,
never months. `partnersim app` passes the scenario to open on and the
interface language through the environment (`PARTNERSIM_APP_SCENARIO`, `PARTNERSIM_APP_LANG`).
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable
from typing import Any

import solara

from sim.dashboard.arena import Arena, comparison, control_values, default_seat
from sim.scenario import ScenarioError, load_scenario
from sim.texts import LANGUAGES

DEFAULT_SCENARIO = os.environ.get("PARTNERSIM_APP_SCENARIO", "azon")
DEFAULT_LANGUAGE = os.environ.get("PARTNERSIM_APP_LANG", "")


def default_language(scenario_name: str) -> str:
    """The language asked for on the command line, else the scenario's own."""
    if DEFAULT_LANGUAGE in LANGUAGES:
        return DEFAULT_LANGUAGE
    try:
        return load_scenario(scenario_name).language
    except ScenarioError:
        return "en"


language = solara.reactive(default_language(DEFAULT_SCENARIO))
language_chosen = solara.reactive(bool(DEFAULT_LANGUAGE in LANGUAGES))
"""Whether the language was chosen (on the command line or with the page's switch): then a
change of scenario keeps it; else the page speaks the scenario's language."""
scenario = solara.reactive(DEFAULT_SCENARIO)
controls = solara.reactive(control_values(DEFAULT_SCENARIO))
seed = solara.reactive(1)
mode = solara.reactive("single")
compare_lever = solara.reactive("levers.coordinator")
seat_party: solara.Reactive[int | None] = solara.reactive(None)
"""The party the seat plays; None: the first party at the table (`default_seat`)."""
arenas: solara.Reactive[list[Arena] | None] = solara.reactive(None)
notice = solara.reactive("")
problem: solara.Reactive[tuple[str, dict[str, Any]] | None] = solara.reactive(None)
"""Why the last change was refused: a text's key in `sim.texts.UI` and its parameters (the page
says it in its language, never in the validator's English)."""
version = solara.reactive(0)
playing = solara.reactive(False)
speed = solara.reactive(2.0)

FRAME_INTERVAL = 0.25
"""Seconds between two renders of the page while it plays: at a higher speed the months in
between are played without being drawn, so that a slow render or browser never slows the run."""


def build(
    scenario_name: str,
    settings: dict[str, Any],
    seed_value: int,
    mode_value: str,
    lever: str,
    seat: int | None,
) -> list[Arena]:
    """The arenas a set of controls asks for (ScenarioError when the model rejects them); a
    seat of None is the first party at the table."""
    if mode_value == "compare":
        return list(comparison(scenario_name, settings, seed_value, lever))
    if mode_value != "seat":
        return [Arena(scenario_name, settings, seed_value)]
    if seat is None:
        seat = default_seat(scenario_name, settings, seed_value)
    return [Arena(scenario_name, settings, seed_value, seat)]


FIELD = re.compile(r"field '([^']+)': .*, got (.+)$")


def refusal(error: ScenarioError) -> tuple[str, dict[str, Any]]:
    """A refused setting as the page says it: the field and the value refused, when the
    validator names them."""
    found = FIELD.search(str(error))
    if found:
        return "refused_field", {"field": found.group(1), "value": found.group(2)}
    return "refused_other", {}


def choose_language(value: str) -> None:
    """The trainer's choice of language, kept from then on."""
    language_chosen.value = True
    language.value = value


def pick_scenario(name: str) -> bool:
    """Open another scenario with its own settings; the language stays, once chosen."""
    if not apply(scenario=name, controls=control_values(name), seat=None):
        return False
    if not language_chosen.value:
        language.value = load_scenario(name).language
    return True


def apply(**changes: Any) -> bool:
    """Change controls and reset the run with them; a combination the model rejects is shown
    and leaves the current run and controls as they were."""
    wanted = {
        "scenario": scenario.value,
        "controls": controls.value,
        "seed": seed.value,
        "mode": mode.value,
        "lever": compare_lever.value,
        "seat": seat_party.value,
        **changes,
    }
    if (
        isinstance(wanted["seed"], bool)
        or not isinstance(wanted["seed"], int)
        or wanted["seed"] < 0
    ):
        problem.value = ("refused_seed", {"value": wanted["seed"]})
        return False
    try:
        built = build(
            wanted["scenario"],
            wanted["controls"],
            wanted["seed"],
            wanted["mode"],
            wanted["lever"],
            wanted["seat"],
        )
    except ScenarioError as error:
        problem.value = refusal(error)
        return False
    playing.value = False
    scenario.value, controls.value, seed.value = (
        wanted["scenario"],
        wanted["controls"],
        wanted["seed"],
    )
    mode.value, compare_lever.value, seat_party.value = (
        wanted["mode"],
        wanted["lever"],
        wanted["seat"],
    )
    arenas.value = built
    problem.value = None
    notice.value = "reset_note" if changes else ""
    version.value += 1
    return True


def current() -> list[Arena]:
    """The session's arenas, built from its controls the first time they are asked for."""
    if arenas.value is None:
        apply()
    return arenas.value


def advance(runs: list[Arena] | None = None) -> bool:
    """One month in every arena (in lockstep; `runs`: those arenas, if they are still the
    session's), without drawing it; False when none could move. Each arena holds its own lock
    while it moves, so sessions never wait for each other."""
    shown = current()
    if runs is not None and runs is not shown:  # the run was replaced (reset, new settings)
        return False
    moved = any([arena.step() for arena in shown])
    if moved and notice.value:
        notice.value = ""  # the new settings are in force: the run has moved on with them
    return moved


def step_all() -> bool:
    """One month in every arena (in lockstep), then the page; False when none could move."""
    moved = advance()
    version.value += 1
    return moved


def play(
    cancel: threading.Event,
    clock: Callable[[], float] = time.monotonic,
    going: Callable[[], bool] = lambda: playing.value,
) -> None:
    """Play while `playing`: month k of the play is due (k - 1) / speed seconds after it started
    (or after the last change of speed), whatever the renders cost. The months due are played,
    and the page is drawn when `FRAME_INTERVAL` seconds have passed since it was last drawn, or
    twice the last render's time if that is longer (a slow render, e.g. on a busy machine,
    never takes more than half the time): at a high speed, or when a render is slow, months
    are played without being drawn (skipped frames) rather than late (a stall). `clock` and
    `going` (whether to go on: by default the session's `playing`) are for tests."""
    rate, start, played, drawn, interval = None, 0.0, 0, float("-inf"), FRAME_INTERVAL
    runs = current()  # a reset or a new setting stops the play (`apply`): never step its new run
    while going() and not cancel.is_set():
        if speed.value != rate:
            rate, start, played = speed.value, clock(), 0
        per_second = max(float(rate), 0.1)
        due = int((clock() - start) * per_second) + 1
        began = clock()
        while played < due and clock() - began < FRAME_INTERVAL:
            if cancel.is_set() or arenas.value is not runs:
                return  # paused, or replaced: another play (if any) has its own thread
            if not advance(runs):
                playing.value = False
                version.value += 1
                return
            played += 1
        if clock() - drawn >= interval:
            drawn = clock()
            version.value += 1  # the render (in this thread, unless another one renders)
            interval = max(FRAME_INTERVAL, 2 * (clock() - drawn))
        wait = start + played / per_second - clock()
        if wait > 0:
            cancel.wait(wait)
    version.value += 1  # paused: show the last month played


def seat_acts(action: Callable[[], None]) -> None:
    """A seated participant answers or tables an offer (`action`, which plays the month under
    its arena's lock)."""
    action()
    version.value += 1
