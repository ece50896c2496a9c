"""The scenario picker's description and the presets menu of the trainer's dashboard.

Under the scenario menu (which shows the scenarios' titles) the chosen scenario's description in
the page's language; below it a menu of presets (`sim.presets`: curated starting points with a
known outcome) that sets a preset's scenario, levers and seed in one click and says what the
preset is expected to show: its outcome, and how often the same settings succeed over 200 runs,
in words. Every text comes from `sim.texts` (the debrief screen's section).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import solara

from sim.dashboard.arena import control_values
from sim.dashboard.session import apply, controls, language, language_chosen, scenario, seed
from sim.presets import Preset, load_presets
from sim.scenario import ScenarioError, load_scenario
from sim.texts import DEBRIEF_SCREEN, RATE_WORDS, REASON_LABELS, SCENARIO_DESCRIPTIONS
from sim.texts import number as decimal

chosen: solara.Reactive[str | None] = solara.reactive(None)
"""The key of the preset last applied in this session (None: none)."""


def description(name: str, lang: str) -> str:
    """A scenario's description in `lang` (the shipped ones), else as its file writes it."""
    if name in SCENARIO_DESCRIPTIONS[lang]:
        return SCENARIO_DESCRIPTIONS[lang][name]
    try:
        return load_scenario(name).description
    except ScenarioError:
        return ""


@lru_cache(maxsize=1)
def shipped_presets() -> tuple[Preset, ...]:
    """The shipped presets (read once; a broken file gives no presets, not a broken page)."""
    try:
        return tuple(load_presets())
    except ScenarioError:
        return ()


def preset_controls(preset: Preset) -> dict[str, Any]:
    """The dashboard's controls for a preset: its scenario's own, with the preset's levers."""
    levers = {f"levers.{name}": value for name, value in preset.levers.items()}
    return {**control_values(preset.scenario), **levers}


def matches(preset: Preset) -> bool:
    """Whether the session's settings are still the preset's (scenario, levers and seed)."""
    return (
        scenario.value == preset.scenario
        and seed.value == preset.seed
        and dict(controls.value) == preset_controls(preset)
    )


def apply_preset(preset: Preset) -> bool:
    """Set the preset's scenario, levers and seed at once (the run starts again with them);
    the page speaks the scenario's language unless the trainer chose one."""
    if not apply(
        scenario=preset.scenario, controls=preset_controls(preset), seed=preset.seed, seat=None
    ):
        return False
    chosen.value = preset.key
    if not language_chosen.value:
        language.value = load_scenario(preset.scenario).language
    return True


def percent(rate: float, lang: str) -> str:
    """A share as a percentage with one decimal, with a decimal comma in Dutch (`36,5%`)."""
    return decimal(100 * rate, lang, ".1f").removesuffix(",0").removesuffix(".0") + "%"


def rate_words(rate: float, lang: str) -> str:
    """A success rate in words: the nearest of the shares `sim.texts.RATE_WORDS` names."""
    return min(RATE_WORDS[lang], key=lambda share: abs(share[0] - rate))[1]


def expectation(preset: Preset, lang: str) -> str:
    """What a preset is expected to show: its run's outcome (and month of agreement), and how
    often its settings succeed over 200 runs."""
    text = DEBRIEF_SCREEN[lang]
    if preset.expected == "success":
        outcome = text["success"]
    else:
        outcome = REASON_LABELS[lang][preset.expected]
    if preset.expected_months_to_agreement is not None:
        outcome += text["preset_month"].format(month=preset.expected_months_to_agreement)
    rate = preset.success_rate_200
    return " ".join(
        (
            text["preset_expected"].format(outcome=outcome),
            text["preset_rate"].format(words=rate_words(rate, lang), rate=percent(rate, lang)),
        )
    )


@solara.component
def ScenarioDescription():
    """The chosen scenario's description, under the scenario menu."""
    shown = description(scenario.value, language.value)
    if shown:
        solara.Text(
            shown,
            classes=["ps-scenario-description"],
            style={"font-size": "12px", "line-height": "1.35", "opacity": "0.85"},
        )


@solara.component
def Presets():
    """The presets menu: choosing one applies it; under it, while the settings are still the
    preset's, its description and what it is expected to show."""
    lang = language.value
    text = DEBRIEF_SCREEN[lang]
    available = shipped_presets()
    if not available:
        return
    titles = {preset.title(lang): preset for preset in available}
    active = next((preset for preset in available if preset.key == chosen.value), None)
    shown = active if active is not None and matches(active) else None

    def pick(title: str | None) -> None:
        if title in titles:
            apply_preset(titles[title])

    solara.Select(
        text["presets"],
        values=list(titles),
        value=shown.title(lang) if shown is not None else None,
        on_value=pick,
        classes=["ps-presets"],
    )
    style = {"font-size": "12px", "line-height": "1.35"}
    if shown is not None:
        solara.Text(shown.description(lang), classes=["ps-preset-description"], style=style)
        solara.Text(
            expectation(shown, lang),
            classes=["ps-preset-expected"],
            style={**style, "font-weight": "bold"},
        )
    elif active is not None:
        solara.Text(
            text["preset_changed"].format(title=active.title(lang)),
            classes=["ps-preset-changed"],
            style={**style, "opacity": "0.7"},
        )
