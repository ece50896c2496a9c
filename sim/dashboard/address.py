"""The dashboard's state in the page's address, so that a reload or a shared link shows the same
thing: the scenario, the controls that differ from the scenario's own settings, the seed, the
month, the language, the mode (and the lever compared) and the projector view with its panel.

`encode` writes a query string, `decode` reads one back, leniently: an unknown key, a value of
the wrong type or an unknown scenario is left out (the page then shows its default), never an
error. Runs are deterministic, so the month is restored by playing the same run (same scenario,
controls and seed) to that month. No presentation library is imported here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode

from sim.scenario import ScenarioError
from sim.texts import LANGUAGES

MODES = ("single", "compare")
"""The modes an address can ask for (a seat is a participant's own: never shared by link)."""
PANELS = ("all", "network", "interests", "charts", "log")


@dataclass
class Address:
    """What the address holds; None or empty: not said (the page's default)."""

    scenario: str | None = None
    controls: dict[str, Any] = field(default_factory=dict)
    seed: int | None = None
    month: int | None = None
    language: str | None = None
    mode: str | None = None
    lever: str | None = None
    projector: bool = False
    panel: str | None = None


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(float(value))
    return str(value)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        try:
            return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-12)
        except (TypeError, ValueError):
            return False
    return a == b


def encode(state: Address, defaults: dict[str, Any] | None = None) -> str:
    """The query string of `state` (without "?"); a control equal to its value in `defaults`
    (the scenario's own settings) is left out."""
    pairs: list[tuple[str, str]] = []
    if state.scenario:
        pairs.append(("scenario", state.scenario))
    defaults = defaults or {}
    for name, value in state.controls.items():
        if name in defaults and _same(value, defaults[name]):
            continue
        pairs.append((name, _value(value)))
    if state.seed is not None:
        pairs.append(("seed", str(state.seed)))
    if state.month:
        pairs.append(("month", str(state.month)))
    if state.language:
        pairs.append(("lang", state.language))
    if state.mode and state.mode != "single":
        pairs.append(("mode", state.mode))
        if state.mode == "compare" and state.lever:
            pairs.append(("lever", state.lever))
    if state.projector:
        pairs.append(("view", "projector"))
        if state.panel and state.panel != "all":
            pairs.append(("panel", state.panel))
    return urlencode(pairs, safe=".,_-")


def _typed(text: str, like: Any) -> Any:
    """`text` read as the type of `like` (a control's default); ValueError when it is not."""
    if isinstance(like, bool):
        if text.lower() in ("true", "1", "on"):
            return True
        if text.lower() in ("false", "0", "off"):
            return False
        raise ValueError(text)
    if isinstance(like, int):
        return int(text)
    if isinstance(like, float):
        number = float(text)
        if not math.isfinite(number):
            raise ValueError(text)
        return number
    return text


def _whole(text: str) -> int | None:
    try:
        number = int(text)
    except ValueError:
        return None
    return number if number >= 0 else None


def decode(search: str | None, scenarios: tuple[str, ...] | list[str] | None = None,
           defaults_of=None) -> Address:  # fmt: skip
    """The state a query string asks for. `scenarios`: the scenario names known (None: any);
    `defaults_of(name)`: a scenario's own controls (`sim.dashboard.arena.control_values`), by
    which the controls' values are typed; a control it does not list is left out."""
    query = {key: values[-1] for key, values in parse_qs(search or "").items() if values}
    found = Address()
    name = query.get("scenario", "").strip()
    if name and (scenarios is None or name in scenarios):
        found.scenario = name
    if found.scenario and defaults_of is not None:
        try:
            defaults = defaults_of(found.scenario)
        except (ScenarioError, OSError, KeyError):
            defaults = {}
        for key, like in defaults.items():
            if key in query:
                try:
                    found.controls[key] = _typed(query[key].strip(), like)
                except ValueError:
                    pass
    found.seed = _whole(query.get("seed", "").strip())
    found.month = _whole(query.get("month", "").strip())
    language = query.get("lang", "").strip().lower()
    found.language = language if language in LANGUAGES else None
    mode = query.get("mode", "").strip().lower()
    found.mode = mode if mode in MODES else None
    lever = query.get("lever", "").strip()
    found.lever = lever or None
    found.projector = query.get("view", "").strip().lower() == "projector"
    panel = query.get("panel", "").strip().lower()
    found.panel = panel if panel in PANELS else None
    return found
