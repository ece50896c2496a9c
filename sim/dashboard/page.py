"""The trainer's dashboard: "Botsende belangen" (colliding interests) live in the browser.

Presentation only: the controls, the drawings and the texts, as Solara components. The runs are
`sim.dashboard.arena.Arena`s held in the browser session's own state (`sim.dashboard.session`);
the drawings come from `sim.dashboard.drawings`, the downloads from `sim.dashboard.export`, every
text from `sim.texts`, and the levers' controls from the lever registry (`sim.levers`). Start it
with `partnersim app [SCENARIO] [--port N] [--host H] [--lang nl|en]`.
"""

from __future__ import annotations

import threading
from html import escape
from typing import Any

import solara

from sim.dashboard import drawings, export
from sim.dashboard.arena import SITUATION, Arena, comparable, control_values
from sim.dashboard.drawings import TIMELINE_COLOURS
from sim.dashboard.session import (
    DEFAULT_LANGUAGE,
    apply,
    compare_lever,
    controls,
    current,
    language,
    mode,
    notice,
    playing,
    problem,
    scenario,
    seat_acts,
    seat_party,
    seed,
    speed,
    step_all,
    version,
)
from sim.levers import Lever, by_knob, registered
from sim.scenario import load_scenario, scenario_names
from sim.texts import LANGUAGES, UI


# --- components --------------------------------------------------------------------------------
@solara.component
def Drawings(arena: Arena, wide: bool = True, month: int = 0):
    """The arena's network, interests and charts: side by side (`wide`) or stacked. `month` is
    passed so that the component renders again when the arena moves."""
    network, interests, charts = (
        drawings.to_svg(drawing) for drawing in drawings.panels(arena, language.value)
    )
    if wide:
        with solara.Columns([2, 3]):
            solara.HTML(unsafe_innerHTML=network)
            with solara.Column(gap="0px"):
                solara.HTML(unsafe_innerHTML=interests)
                solara.HTML(unsafe_innerHTML=charts)
    else:
        with solara.Column(gap="0px"):
            solara.HTML(unsafe_innerHTML=network)
            solara.HTML(unsafe_innerHTML=interests)
            solara.HTML(unsafe_innerHTML=charts)


def Heading(label: str):
    return solara.HTML(tag="b", unsafe_innerHTML=escape(label))


def lever_control(lever: type[Lever], value: Any, lang: str, change) -> None:
    """A lever's control as its `Control` describes it: a slider, a switch with a slider once it
    is on (on: the lever's comparison setting), a whole-number slider, or a choice."""
    control, label, text = lever.control, lever.label(lang), UI[lang]

    def slider() -> None:
        solara.SliderFloat(
            label,
            value=value,
            min=control.low,
            max=control.high,
            step=control.step,
            on_value=change,
        )

    if control.kind == "slider":
        slider()
    elif control.kind == "switch_slider":
        off, on = lever.compare
        solara.Checkbox(
            label=text.get(f"{lever.name}_on", label),
            value=value != off,
            on_value=lambda switched: change(on if switched else off),
        )
        if value != off:
            slider()
    elif control.kind == "int_slider":
        solara.SliderInt(
            label,
            value=value,
            min=int(control.low),
            max=int(control.high),
            step=max(1, round(control.step)),
            on_value=change,
        )
    elif control.kind == "choice":
        Heading(label)
        solara.ToggleButtonsSingle(
            value=value,
            children=[
                solara.Button(text.get(choice, choice), value=choice, text=True)
                for choice in control.choices
            ],
            on_value=change,
            classes=[f"ps-{lever.name}"],
        )
    else:
        raise ValueError(f"{lever.name}: no control of kind {control.kind!r}")


@solara.component
def Controls():
    lang = language.value
    text = UI[lang]
    settings = dict(controls.value)

    def set_control(name: str):
        def change(value):
            apply(controls={**controls.value, name: value})

        return change

    def pick_scenario(name: str):
        values = control_values(name)
        if apply(scenario=name, controls=values, seat=0):
            if not DEFAULT_LANGUAGE:
                language.value = load_scenario(name).language

    with solara.Column(gap="4px", classes=["ps-controls"]):
        solara.ToggleButtonsSingle(
            value=lang,
            values=list(LANGUAGES),
            on_value=lambda v: language.set(v),
            classes=["ps-language"],
        )
        solara.Select(
            text["scenario"], values=scenario_names(), value=scenario.value, on_value=pick_scenario
        )
        modes = {text[name]: name for name in ("single", "compare", "seat")}
        solara.Select(
            text["mode"],
            values=list(modes),
            value=text[mode.value],
            on_value=lambda label: apply(mode=modes[label]),
        )
        if mode.value == "compare":
            levers = {by_knob(knob).label(lang): knob for knob in comparable()}
            solara.Select(
                text["compare_lever"],
                values=list(levers),
                value=by_knob(compare_lever.value).label(lang),
                on_value=lambda label: apply(lever=levers[label]),
            )
        if mode.value == "seat":
            names = [party.name for party in current()[0].model.parties]
            solara.Select(
                text["seat_party"],
                values=names,
                value=names[min(seat_party.value, len(names) - 1)],
                on_value=lambda v: apply(seat=names.index(v)),
            )
        Heading(text["levers"])
        for lever in registered():
            lever_control(lever, settings[lever.knob], lang, set_control(lever.knob))
        Heading(text["situation"])
        for name in SITUATION:
            solara.SliderFloat(
                text[name],
                value=settings[name],
                min=0,
                max=1,
                step=0.05,
                on_value=set_control(name),
            )
        solara.InputInt(
            text["seed"],
            value=seed.value,
            on_value=lambda v: apply(seed=v),
            continuous_update=False,
        )


@solara.component
def Transport():
    lang = language.value
    text = UI[lang]

    def play_loop(cancel: threading.Event) -> None:
        while playing.value and not cancel.is_set():
            if not step_all():
                playing.value = False
                return
            cancel.wait(1.0 / max(speed.value, 0.1))

    solara.use_thread(play_loop, dependencies=[playing.value])

    def reset():
        apply()
        notice.value = ""

    with solara.Row(gap="8px", classes=["ps-transport"]):
        solara.Button(text["step"], on_click=step_all, color="primary", classes=["ps-step"])
        solara.Button(
            text["pause"] if playing.value else text["play"],
            on_click=lambda: playing.set(not playing.value),
            classes=["ps-play"],
        )
        solara.Button(text["reset"], on_click=reset, classes=["ps-reset"])
        with solara.Column(style={"min-width": "220px"}):
            solara.SliderFloat(text["speed"], value=speed, min=0.5, max=10, step=0.5)


@solara.component
def Status(arena: Arena, tag: str = "", month: int = 0):
    """`month` is passed so that the component renders again when the arena moves."""
    lang = language.value
    text = UI[lang]
    with solara.Row(gap="18px", classes=["ps-status"]):
        solara.Text(f"{text['month']} ")
        solara.Text(str(arena.month), classes=[f"ps-month{tag}"])
        solara.Text(f"({text['of']} {arena.spec.deadline_months})")
        solara.Text(f"{text['phase']}: ")
        labels = arena.timeline(lang)
        now = next((label for label, state in labels if state == "current"), labels[-1][0])
        solara.Text(
            now if not arena.finished else text["success" if arena.model.success else "failure"],
            classes=[f"ps-phase{tag}"],
        )
        solara.Text(f"{text['trust']}: ")
        solara.Text(f"{arena.mean_trust():.2f}", classes=[f"ps-trust{tag}"])
    with solara.Row(gap="2px", classes=["ps-timeline"]):
        for label, state in arena.timeline(lang):
            colour = TIMELINE_COLOURS[state]
            solara.Text(
                label,
                style={
                    "background": colour,
                    "padding": "2px 6px",
                    "color": "white" if state == "current" else "black",
                    "font-size": "12px",
                    "border-radius": "3px",
                },
            )
    ending = arena.outcome_text(lang)
    if ending is not None:
        success, reason, debrief = ending
        banner = solara.Success if success else solara.Error
        with solara.Column(classes=["ps-banner"]):
            banner(f"{text['success' if success else 'failure']}: {reason}")
            solara.Text(debrief, classes=["ps-debrief"])


@solara.component
def Log(arena: Arena, limit: int = 40, month: int = 0):
    lang = language.value
    lines = arena.log(lang)[:limit]
    with solara.Card(UI[lang]["log"], classes=["ps-log"]):
        with solara.Column(
            gap="0px", style={"max-height": "260px", "overflow-y": "auto", "font-size": "13px"}
        ):
            for month, sentence in lines:
                solara.Text(f"{month:>3}  {sentence}", classes=["ps-event"])


@solara.component
def Seat(arena: Arena, month: int = 0):
    lang = language.value
    text = UI[lang]
    view = arena.seat_view()
    labels = [arena.labels[key] for key in arena.model.issue_keys]
    draft, set_draft = solara.use_state(None, key=f"draft-{arena.month}")
    with solara.Card(text["your_interests"], classes=["ps-seat"]):
        with solara.Column(gap="6px"):
            solara.Text(text["you_are"].format(name=view["name"], res=view["reservation"]))
            rows = "".join(
                f"<tr><td>{escape(label)}</td><td>{ideal:.2f}</td><td>{weight:.2f}</td></tr>"
                for label, ideal, weight in zip(labels, view["ideal"], view["weights"], strict=True)
            )
            solara.HTML(
                tag="table",
                unsafe_innerHTML=f"<tr><th>{escape(text['issue'])}</th><th>{escape(text['ideal'])}"
                f"</th><th>{escape(text['weight'])}</th></tr>{rows}",
                classes=["ps-own-interests"],
            )
            solara.Text(text["others_note"], style={"font-size": "12px"})
            if arena.phase == "negotiation" and not arena.model.at_table[arena.seat]:
                solara.Warning(text["not_at_table"], dense=True)
            waiting = arena.awaiting()
            if waiting == "response":
                name, package = arena.pending_offer()
                value = arena.value_for_seat(package)
                solara.Text(
                    text["offer_from"].format(name=name, value=value, res=view["reservation"]),
                    classes=["ps-offer"],
                )
                solara.Text(
                    " · ".join(
                        f"{label}: {position:.2f}"
                        for label, position in zip(labels, package, strict=False)
                    )
                )

                def answer(accept: bool):
                    seat_acts(lambda: arena.respond(accept))

                with solara.Row():
                    solara.Button(
                        text["accept"],
                        on_click=lambda: answer(True),
                        color="success",
                        classes=["ps-accept"],
                    )
                    solara.Button(
                        text["reject"],
                        on_click=lambda: answer(False),
                        color="error",
                        classes=["ps-reject"],
                    )
            elif waiting == "offer":
                package = draft or [*view["ideal"], view["integration"]]
                solara.Text(text["your_turn"], classes=["ps-your-turn"])
                for number, label in enumerate([*labels, text["integration"]]):

                    def change(value, number=number):
                        set_draft([*package[:number], value, *package[number + 1 :]])

                    solara.SliderFloat(
                        label, value=package[number], min=0, max=1, step=0.05, on_value=change
                    )
                solara.Text(
                    text["worth"].format(
                        value=arena.value_for_seat(package), res=view["reservation"]
                    )
                )

                def propose():
                    seat_acts(lambda: arena.offer(package))

                solara.Button(
                    text["propose"], on_click=propose, color="primary", classes=["ps-propose"]
                )


@solara.component
def Exports():
    lang = language.value
    text = UI[lang]
    shown = current()
    first = shown[0]
    with solara.Row(classes=["ps-export"]):
        solara.FileDownload(
            lambda: export.events_csv(first, lang),
            filename="partnersim_events.csv",
            label=text["export_events"],
        )
        solara.FileDownload(
            lambda: export.series_csv(first),
            filename="partnersim_series.csv",
            label=text["export_series"],
        )
        solara.FileDownload(
            lambda: export.view_png(current(), lang),
            filename="partnersim_view.png",
            label=text["export_view"],
        )


@solara.component
def Page():
    _ = version.value  # every change of the runs re-renders the page
    lang = language.value
    text = UI[lang]
    shown = current()
    solara.Title("partnersim")
    with solara.Columns([1, 3]):
        Controls()
        with solara.Column():
            solara.HTML(tag="h2", unsafe_innerHTML=escape(text["title"]))
            Transport()
            if notice.value:
                solara.Info(text[notice.value], dense=True, classes=["ps-notice"])
            if problem.value:
                solara.Error(
                    f"{text['invalid']}: {problem.value}", dense=True, classes=["ps-problem"]
                )
            if len(shown) == 1:
                arena = shown[0]
                Status(arena, month=version.value)
                if arena.seat is not None and arena.awaiting():
                    solara.Warning(text["waiting"], dense=True)
                with solara.Columns([3, 1] if arena.seat is not None else [1]):
                    Drawings(arena, month=version.value)
                    if arena.seat is not None:
                        Seat(arena, month=version.value)
                Log(arena, month=version.value)
            else:
                off, on = comparable()[compare_lever.value]
                label = by_knob(compare_lever.value).label(lang)
                with solara.Columns([1, 1]):
                    for tag, arena, setting in (("-a", shown[0], off), ("-b", shown[1], on)):
                        with solara.Column():
                            Heading(f"{label}: {text.get(str(setting), setting)}")
                            Status(arena, tag, month=version.value)
                            Drawings(arena, wide=False, month=version.value)
                            Log(arena, limit=15, month=version.value)
            Exports()
