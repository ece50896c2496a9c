"""One browser session's state of the dashboard: the language, the controls, the mode and the
arenas they built, and the changes every button makes (`apply`, `current`, `step_all`).

Solara keeps a module-level reactive value per browser session, so participants playing a seat
never see or disturb each other's runs. `partnersim app` passes the scenario to open on and the
interface language through the environment (`PARTNERSIM_APP_SCENARIO`, `PARTNERSIM_APP_LANG`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

import solara

from sim.dashboard.arena import Arena, comparison, control_values
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
scenario = solara.reactive(DEFAULT_SCENARIO)
controls = solara.reactive(control_values(DEFAULT_SCENARIO))
seed = solara.reactive(1)
mode = solara.reactive("single")
compare_lever = solara.reactive("levers.coordinator")
seat_party = solara.reactive(0)
arenas: solara.Reactive[list[Arena] | None] = solara.reactive(None)
notice = solara.reactive("")
problem = solara.reactive("")
version = solara.reactive(0)
playing = solara.reactive(False)
speed = solara.reactive(2.0)
STEP_LOCK = threading.Lock()


def build(
    scenario_name: str,
    settings: dict[str, Any],
    seed_value: int,
    mode_value: str,
    lever: str,
    seat: int,
) -> list[Arena]:
    """The arenas a set of controls asks for (ScenarioError when the model rejects them)."""
    if mode_value == "compare":
        return list(comparison(scenario_name, settings, seed_value, lever))
    return [Arena(scenario_name, settings, seed_value, seat if mode_value == "seat" else None)]


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
        problem.value = str(error)
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
    problem.value = ""
    notice.value = "reset_note" if changes else ""
    version.value += 1
    return True


def current() -> list[Arena]:
    """The session's arenas, built from its controls the first time they are asked for."""
    if arenas.value is None:
        apply()
    return arenas.value


def step_all() -> bool:
    """One month in every arena (in lockstep); False when none could move."""
    with STEP_LOCK:
        moved = [arena.step() for arena in current()]
    version.value += 1
    return any(moved)


def seat_acts(action: Callable[[], None]) -> None:
    """A seated participant answers or tables an offer (`action`, which plays the month)."""
    with STEP_LOCK:
        action()
    version.value += 1
