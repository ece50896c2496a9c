"""The trainer's dashboard: "Botsende belangen" (colliding interests) live in the browser.

Presentation only: the controls, the drawings and the texts, as Solara components. The runs are
`sim.dashboard.arena.Arena`s held in the browser session's own state (`sim.dashboard.session`);
the drawings come from `sim.dashboard.drawings`, the downloads from `sim.dashboard.export`, every
text from `sim.texts`, and the levers' controls from the lever registry (`sim.levers`). Start it
with `partnersim app [SCENARIO] [--port N] [--host H] [--lang nl|en]`.
"""

from __future__ import annotations

import warnings
from html import escape
from typing import Any

import solara
from solara.alias import rv
from solara.components.input import use_change
from solara.server import settings as server_settings

from sim.dashboard import control, export
from sim.dashboard.arena import SITUATION, Arena, Frame, comparable, comparison_headings
from sim.dashboard.control_view import AddressSync, KeyMoments, PartyFilter, RunControl
from sim.dashboard.debrief_view import Debrief, DebriefButton, DebriefOffer, showing
from sim.dashboard.drawings import TIMELINE_COLOURS
from sim.dashboard.picker import Presets, ScenarioDescription
from sim.dashboard.projector import Projector, ProjectorButton, projecting
from sim.dashboard.session import (
    apply,
    choose_language,
    compare_lever,
    controls,
    current,
    language,
    mode,
    notice,
    pick_scenario,
    play,
    playing,
    problem,
    scenario,
    seat_acts,
    seed,
    speed,
    version,
)
from sim.dashboard.table_view import Participant, TableAdmin, requested_table
from sim.levers import Lever, by_knob, registered
from sim.scenario import scenario_names
from sim.texts import LANGUAGES, UI
from sim.texts import number as decimal


def serve_quietly() -> None:
    """The server as a workshop needs it: no "This website runs on Solara" badge over the
    event log, and no warning on every page load that the session cookie falls back from
    SameSite=None to SameSite=Lax on plain http. Lax is what the dashboard wants on a
    workshop's network: it is never embedded in another site's frame, which is the only case
    SameSite=None (and so https) is for."""
    server_settings.theme.show_banner = False
    warnings.filterwarnings(
        "ignore",
        message="Cookies with samesite=none require https",
        category=UserWarning,
        module="solara.server.starlette",
    )


serve_quietly()


def control_label(field: str, lang: str) -> tuple[str, tuple[float, float] | None]:
    """A control's label in the page's language and its range, by its scenario field."""
    if field.startswith("levers."):
        try:
            lever = by_knob(field)
        except (KeyError, ValueError):
            return field, None
        return lever.label(lang), (lever.control.low, lever.control.high)
    if field in SITUATION:
        return UI[lang][field], (0.0, 1.0)
    return UI[lang].get(field, field), None


def refused(reason: tuple[str, dict[str, Any]], lang: str) -> str:
    """Why a change was refused, in the page's language."""
    key, params = reason
    text = UI[lang]
    if key == "refused_field":
        label, bounds = control_label(params["field"], lang)
        if bounds is not None:
            low, high = bounds
            return text["refused_range"].format(
                label=label, low=f"{low:g}", high=f"{high:g}", value=params["value"]
            )
        return text["refused_other"].format(label=label)
    if key == "refused_seed":
        return text["refused_seed"].format(value=params["value"])
    return text["refused_other"].format(label=text["settings"])


# --- components --------------------------------------------------------------------------------
CSS = """
.ps-slider .v-input--horizontal { grid-template-areas: "prepend" "control";
  grid-template-columns: minmax(0, 1fr); }
.ps-slider .v-input__prepend { margin-inline-end: 0; margin-bottom: 0; }
.ps-slider .v-input__prepend .v-label { white-space: normal; font-size: 13px; opacity: 0.8; }
.ps-slider .v-slider.v-input--horizontal .v-input__control { min-height: 28px; }
.ps-slider-value { min-width: 2.6em; text-align: right; font-variant-numeric: tabular-nums; }
.ps-controls .v-btn-group { flex-wrap: wrap; height: auto !important; }
.ps-controls .v-btn-group .v-btn { text-transform: none; letter-spacing: 0; flex: 1 1 auto; }
"""
"""The page's own styles: a slider's label above its track, so the track has the width; choices
that wrap rather than run out of the controls' column."""


@solara.component
def Slider(
    label: str,
    value: float,
    on_value,
    low: float,
    high: float,
    step: float,
    whole: bool = False,
    css: str = "",
):
    """A slider with its label above the track and its value shown beside it."""
    shown = f"{int(value)}" if whole else f"{value:.2f}".rstrip("0").rstrip(".")
    with solara.Row(
        gap="6px",
        classes=["ps-slider", *([css] if css else [])],
        style={"align-items": "flex-end", "flex-wrap": "nowrap", "width": "100%"},
    ):
        with solara.Column(gap="0px", style={"flex": "1 1 auto", "min-width": "120px"}):
            if whole:
                solara.SliderInt(
                    label,
                    value=int(value),
                    min=int(low),
                    max=int(high),
                    step=int(step),
                    on_value=on_value,
                )
            else:
                solara.SliderFloat(
                    label, value=float(value), min=low, max=high, step=step, on_value=on_value
                )
        solara.Text(shown or "0", classes=["ps-slider-value"])


@solara.component
def SeedField(label: str):
    """The seed: applied on Enter or on leaving the field; a value the run cannot use is
    refused with the reason (`problem`) and the field shows the seed in use again."""
    typed, set_typed = solara.use_state(str(seed.value), key=f"seed-{seed.value}")

    def commit(value) -> None:
        entered = str(value if value is not None else "").strip()
        try:
            number: Any = int(entered)
        except ValueError:
            number = entered
        if number == seed.value:
            set_typed(str(seed.value))
        elif not apply(seed=number):
            set_typed(str(seed.value))

    field = rv.TextField(
        v_model=typed,
        on_v_model=set_typed,
        label=label,
        hide_details=True,
        class_="ps-seed",
    )
    use_change(field, commit)
    return field


@solara.component
def Drawings(frame: Frame, wide: bool = True):
    """The arena's network, interests and charts: side by side (`wide`) or stacked."""
    network, interests, charts = frame.svgs
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
        Slider(label, value, change, control.low, control.high, control.step)

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
        Slider(
            label,
            value,
            change,
            int(control.low),
            int(control.high),
            max(1, round(control.step)),
            whole=True,
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

    with solara.Column(gap="4px", classes=["ps-controls"]):
        solara.ToggleButtonsSingle(
            value=lang,
            values=list(LANGUAGES),
            on_value=choose_language,
            classes=["ps-language"],
        )
        titles = {export.scenario_title(name, lang): name for name in scenario_names()}
        solara.Select(
            text["scenario"],
            values=list(titles),
            value=export.scenario_title(scenario.value, lang),
            on_value=lambda title: pick_scenario(titles[title]),
        )
        ScenarioDescription()
        Presets()
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
            seated = current()[0]
            names = [party.name for party in seated.model.parties]
            solara.Select(
                text["seat_party"],
                values=names,
                value=names[seated.seat if seated.seat is not None else 0],
                on_value=lambda v: apply(seat=names.index(v)),
            )
        Heading(text["levers"])
        for lever in registered():
            lever_control(lever, settings[lever.knob], lang, set_control(lever.knob))
        Heading(text["situation"])
        for name in SITUATION:
            Slider(text[name], settings[name], set_control(name), 0, 1, 0.05)
        SeedField(text["seed"])


@solara.component
def Transport():
    lang = language.value
    text = UI[lang]
    solara.use_thread(play, dependencies=[playing.value])

    def reset():
        apply()
        notice.value = ""

    with solara.Row(gap="8px", classes=["ps-transport"], style={"align-items": "flex-end"}):
        solara.Button(text["step"], on_click=control.step, color="primary", classes=["ps-step"])
        solara.Button(
            text["pause"] if playing.value else text["play"],
            on_click=control.toggle_play,
            classes=["ps-play"],
        )
        solara.Button(text["reset"], on_click=reset, classes=["ps-reset"])
        ProjectorButton(lang)
        DebriefButton(lang)
        with solara.Column(style={"min-width": "240px", "flex": "1 1 240px", "max-width": "420px"}):
            Slider(text["speed"], speed.value, speed.set, 0.5, 10, 0.5, css="ps-speed")


@solara.component
def Status(frame: Frame, tag: str = ""):
    lang = language.value
    text = UI[lang]
    with solara.Row(gap="18px", classes=["ps-status"]):
        solara.Text(f"{text['month']} ")
        solara.Text(str(frame.month), classes=[f"ps-month{tag}"])
        solara.Text(f"({text['of']} {frame.deadline})")
        solara.Text(f"{text['phase']}: ")
        now = next(
            (label for label, state in frame.timeline if state == "current"),
            frame.timeline[-1][0],
        )
        solara.Text(
            now if not frame.finished else text["success" if frame.success else "failure"],
            classes=[f"ps-phase{tag}"],
        )
        solara.Text(f"{text['trust']}: ")
        solara.Text(decimal(frame.trust, lang), classes=[f"ps-trust{tag}"])
    with solara.Row(gap="2px", classes=["ps-timeline"]):
        for label, state in frame.timeline:
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
    if frame.outcome is not None:
        success, reason, debrief = frame.outcome
        banner = solara.Success if success else solara.Error
        with solara.Column(classes=["ps-banner"]):
            banner(f"{text['success' if success else 'failure']}: {reason}")
            solara.Text(debrief, classes=["ps-debrief"])


@solara.component
def Log(frame: Frame, limit: int = 40):
    """The newest `limit` lines of the event log, as one piece of HTML: one message to the
    browser a frame, not one per line (every line moves down when a month adds one)."""
    lang = language.value
    lines = "".join(
        f'<div class="ps-event">{month:>3}  {escape(sentence)}</div>'
        for month, sentence in control.filtered(frame.log)[:limit]
    )
    with solara.Card(UI[lang]["log"], classes=["ps-log"]):
        solara.HTML(
            unsafe_innerHTML=lines,
            style={
                "max-height": "260px",
                "overflow-y": "auto",
                "font-size": "13px",
                "white-space": "pre-wrap",
            },
            classes=["ps-events"],
        )


@solara.component
def Seat(arena: Arena, frame: Frame):
    """The seated participant's panel: first what the run waits for (the offer to answer, or
    their own offer to compose), then their own interests."""
    lang = language.value
    text = UI[lang]
    seat = frame.seat
    view, labels = seat.view, list(seat.labels)
    draft, set_draft = solara.use_state(None, key=f"draft-{frame.month}")
    with solara.Card(text["your_interests"], classes=["ps-seat"]):
        with solara.Columns([3, 2]):
            with solara.Column(gap="6px"):
                solara.Text(text["you_are"].format(name=view["name"], res=view["reservation"]))
                if seat.outside:
                    solara.Warning(text["not_at_table"], dense=True)
                if seat.awaiting == "response":
                    name, package = seat.pending
                    solara.Text(
                        text["offer_from"].format(
                            name=name, value=seat.pending_value, res=view["reservation"]
                        ),
                        classes=["ps-offer"],
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
                    solara.Text(
                        " · ".join(
                            f"{label}: {position:.2f}"
                            for label, position in zip(labels, package, strict=False)
                        ),
                        style={"font-size": "12px"},
                    )
                elif seat.awaiting == "offer":
                    package = draft or [*view["ideal"], view["integration"]]
                    solara.Text(text["your_turn"], classes=["ps-your-turn"])

                    def propose():
                        seat_acts(lambda: arena.offer(package))

                    with solara.Row(style={"align-items": "center"}):
                        solara.Button(
                            text["propose"],
                            on_click=propose,
                            color="primary",
                            classes=["ps-propose"],
                        )
                        solara.Text(
                            text["worth"].format(
                                value=arena.value_for_seat(package), res=view["reservation"]
                            )
                        )
                    for number, label in enumerate([*labels, text["integration"]]):

                        def change(value, number=number):
                            set_draft([*package[:number], value, *package[number + 1 :]])

                        Slider(label, package[number], change, 0, 1, 0.05, css="ps-offer-slider")
            with solara.Column(gap="4px"):
                rows = "".join(
                    f"<tr><td>{escape(label)}</td><td>{ideal:.2f}</td><td>{weight:.2f}</td></tr>"
                    for label, ideal, weight in zip(
                        labels, view["ideal"], view["weights"], strict=True
                    )
                )
                solara.HTML(
                    tag="table",
                    unsafe_innerHTML=f"<tr><th>{escape(text['issue'])}</th>"
                    f"<th>{escape(text['ideal'])}</th><th>{escape(text['weight'])}</th></tr>{rows}",
                    classes=["ps-own-interests"],
                    style={"font-size": "12px"},
                )
                solara.Text(text["others_note"], style={"font-size": "12px"})


@solara.component
def Exports():
    """The downloads: in a comparison both runs, each labelled with the lever off or on."""
    lang = language.value
    text = UI[lang]
    shown = current()
    labels = list(comparison_headings(compare_lever.value, lang)) if len(shown) > 1 else None
    with solara.Row(classes=["ps-export"]):
        solara.FileDownload(
            lambda: export.events_csv(shown, lang, labels),
            filename="partnersim_events.csv",
            label=text["export_events"],
        )
        solara.FileDownload(
            lambda: export.series_csv(shown, labels),
            filename="partnersim_series.csv",
            label=text["export_series"],
        )
        solara.FileDownload(
            lambda: export.view_png(shown, lang, labels),
            filename="partnersim_view.png",
            label=text["export_view"],
        )


@solara.component
def Page():
    search = solara.use_router().search
    wanted = requested_table(search)
    if wanted is not None:  # a participant at a shared table (`/?table=CODE`): their seat only
        return Participant(wanted)
    if projecting(search):  # the beamer (`/?view=projector`): no controls, large texts
        return Projector(search)
    _ = version.value  # every change of the runs re-renders the page
    lang = language.value
    text = UI[lang]
    shown = current()
    frames = [control.frame(arena, lang) for arena in shown]  # once, under each arena's lock
    solara.Title("partnersim")
    solara.Style(CSS)
    with solara.Columns([1, 3]):
        Controls()
        with solara.Column(gap="8px"):
            solara.HTML(tag="h3", unsafe_innerHTML=escape(text["title"]))
            Transport()
            RunControl(lang, control.stamp())
            AddressSync(control.address())
            TableAdmin()
            if notice.value:
                solara.Info(text[notice.value], dense=True, classes=["ps-notice"])
            if problem.value:
                solara.Error(
                    f"{text['invalid']}: {refused(problem.value, lang)}",
                    dense=True,
                    classes=["ps-problem"],
                )
            DebriefOffer(shown, frames)
            if showing.value:
                Debrief(shown, frames)
            elif len(shown) == 1:
                arena, frame = shown[0], frames[0]
                Status(frame)
                if frame.seat is not None:
                    if frame.seat.awaiting:
                        solara.Warning(text["waiting"], dense=True)
                    Seat(arena, frame)
                Drawings(frame)
                with solara.Columns([3, 2]):
                    with solara.Column(gap="4px"):
                        PartyFilter(arena, lang)
                        Log(frame)
                    KeyMoments(control.shown(arena), lang, control.stamp())
            else:
                headings = comparison_headings(compare_lever.value, lang)
                with solara.Columns([1, 1]):
                    for tag, frame, heading in zip(("-a", "-b"), frames, headings, strict=True):
                        with solara.Column(classes=[f"ps-side{tag}"]):
                            Heading(heading)
                            Status(frame, tag)
                            Drawings(frame, wide=False)
                            Log(frame, limit=15)
            Exports()
            TableAdmin(opener=True)
