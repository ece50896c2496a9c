"""The debrief screen of the trainer's dashboard ("Nabespreking").

Open at any time with the Debrief button beside Step, and offered when a run ends. It shows,
per run, the key moments, each party's gain against its reservation value and why it joined,
stayed out, was rejected or left (`sim.dashboard.debrief.party_table`), and what each lever did
(`lever_effects`); in comparison mode also the difference table of the two runs and each side's
success rate over many runs with its 95% interval. The success rates are computed in a
background thread (`debrief.start_success_rates`) with a progress indicator that updates, so
that Step and Play never wait for them; a change of the settings cancels the job. Buttons make
the one-page handout (PDF or PNG) and the role cards (PDF) when they are clicked.

The data come from `sim.dashboard.debrief` (read under each arena's lock), the paper from
`sim.dashboard.handout`, every text from `sim.texts`.
"""

from __future__ import annotations

import copy
import os
import tempfile
import threading
from html import escape
from pathlib import Path

import pandas as pd
import solara

from sim.dashboard import debrief, handout
from sim.dashboard.arena import Arena, Frame, comparison_headings
from sim.dashboard.export import run_line
from sim.dashboard.session import compare_lever, language
from sim.texts import DEBRIEF_SCREEN

RUNS_DEFAULT = 200
"""Runs per side for the success rates; `PARTNERSIM_APP_RATE_RUNS` sets another number (a
test uses a few)."""


def rate_runs() -> int:
    """Runs per side for the success rates: `PARTNERSIM_APP_RATE_RUNS`, else 200."""
    try:
        runs = int(os.environ.get("PARTNERSIM_APP_RATE_RUNS", RUNS_DEFAULT))
    except ValueError:
        return RUNS_DEFAULT
    return runs if 1 <= runs <= 100_000 else RUNS_DEFAULT


showing = solara.reactive(False)
"""Whether the session shows the debrief screen (instead of the arenas' drawings)."""
rates: solara.Reactive[tuple[tuple, debrief.RatesJob] | None] = solara.reactive(None)
"""The session's success-rate job and the settings it was started for."""

CSS = """
.ps-debrief-screen table { border-collapse: collapse; width: 100%; font-size: 13px; }
.ps-debrief-screen th { text-align: left; border-bottom: 1px solid #999; padding: 2px 6px; }
.ps-debrief-screen td { vertical-align: top; border-bottom: 1px solid #e2e2e2; padding: 2px 6px; }
.ps-debrief-screen td.ps-gain, .ps-debrief-screen td.ps-num { text-align: right;
  font-variant-numeric: tabular-nums; white-space: nowrap; }
.ps-debrief-screen h4 { margin: 10px 0 4px 0; }
.ps-debrief-screen .ps-note { font-size: 12px; opacity: 0.75; }
"""


# --- the success rates in the background -------------------------------------------------------
def rates_key(shown: list[Arena], runs: int) -> tuple | None:
    """What a comparison's success rates depend on: both sides' scenario and settings, and the
    number of runs (not the seed: replications have their own). None outside a comparison."""
    if len(shown) != 2:
        return None
    return (
        tuple(
            (
                arena.scenario,
                tuple(sorted((name, repr(value)) for name, value in arena.overrides.items())),
            )
            for arena in shown
        ),
        runs,
    )


def sync_rates(
    shown: list[Arena], wanted: bool, runs: int | None = None
) -> debrief.RatesJob | None:
    """The session's success-rate job for these arenas: a job for other settings is cancelled
    (and forgotten); a new one is started when `wanted` and none runs or ran for these."""
    runs = rate_runs() if runs is None else runs
    key = rates_key(shown, runs)
    held = rates.value
    if held is not None and held[0] != key:
        held[1].cancel()
        rates.value = held = None
    if held is None and key is not None and wanted:
        job = debrief.start_success_rates(shown[0].spec, shown[1].spec, runs)
        rates.value = held = (key, job)
    return held[1] if held is not None else None


# --- the debrief's data ------------------------------------------------------------------------
def read(arena: Arena, lang: str) -> dict[str, pd.DataFrame]:
    """The debrief of a run as it stands: key moments, the party table, the levers' effects
    (rebuilt only when the run has moved; read under the arena's lock)."""

    def build() -> dict[str, pd.DataFrame]:
        model = arena.model
        return {
            "moments": debrief.key_moments(model, lang),
            "parties": debrief.party_table(model, lang),
            "levers": debrief.lever_effects(model, lang),
        }

    return arena._cached(("debrief_screen", lang), build)


def snapshot(arena: Arena):
    """A copy of the run's model as it stands, so that paper is made without holding up the
    run (a copy takes milliseconds, a page seconds)."""
    with arena.lock:
        return copy.deepcopy(arena.model)


def paper(shown: list[Arena], lang: str, kind: str) -> bytes:
    """The handout (`pdf`, `png`; both runs in a comparison) or the role cards (`cards`) of
    the runs shown, as bytes."""
    models = [snapshot(arena) for arena in shown]
    with tempfile.TemporaryDirectory(prefix="partnersim-") as folder:
        if kind == "cards":
            path = handout.role_cards(models[0], lang, Path(folder) / "cards.pdf")
        else:
            other = models[1] if len(models) > 1 else None
            path = handout.handout(models[0], lang, Path(folder) / f"handout.{kind}", other)
        return path.read_bytes()


def filename(arena: Arena, what: str, suffix: str) -> str:
    return f"partnersim_{what}_{arena.scenario}_seed{arena.seed}_month{arena.month}.{suffix}"


# --- HTML --------------------------------------------------------------------------------------
def table(headings: list[tuple[str, str]], rows: list[list[tuple[str, str]]], css: str) -> str:
    """An HTML table: headings and cells as (class, text)."""
    head = "".join(f'<th class="{c}">{escape(t)}</th>' for c, t in headings)
    body = "".join(
        "<tr>" + "".join(f'<td class="{c}">{escape(t)}</td>' for c, t in row) + "</tr>"
        for row in rows
    )
    return f'<table class="{css}"><tr>{head}</tr>{body}</table>'


def moments_html(moments: pd.DataFrame, lang: str) -> str:
    text = DEBRIEF_SCREEN[lang]
    if moments.empty:
        return f'<div class="ps-note">{escape(text["no_moments"])}</div>'
    rows = [[("ps-num", str(row.month)), ("", row.sentence)] for row in moments.itertuples()]
    return table([("", text["month"]), ("", text["happened"])], rows, "ps-moments")


def parties_html(parties: pd.DataFrame, lang: str) -> str:
    text = DEBRIEF_SCREEN[lang]
    rows = []
    for row in parties.itertuples():
        gain = text["no_gain"] if pd.isna(row.gain) else debrief.number(row.gain, lang)
        rows.append(
            [
                ("ps-party-name", row.name),
                ("ps-kind", row.kind),
                ("ps-gain", gain),
                (f"ps-standing ps-status-{row.status}", text[f"status_{row.status}"]),
                ("ps-why", row.why),
            ]
        )
    headings = [("", text[name]) for name in ("party", "kind", "gain", "standing", "why")]
    return table(headings, rows, "ps-party-table")


def levers_html(levers: pd.DataFrame, lang: str) -> str:
    text = DEBRIEF_SCREEN[lang]
    if levers.empty:
        return f'<div class="ps-note">{escape(text["no_levers"])}</div>'
    rows = [
        [("", row.label), ("", row.mechanism_label), ("ps-effect", row.effect)]
        for row in levers.itertuples()
    ]
    return table(
        [("", text["lever"]), ("", text["mechanism"]), ("", text["effect"])], rows, "ps-levers"
    )


def difference_html(shown: list[Arena], lang: str, headings: tuple[str, str]) -> str:
    text = DEBRIEF_SCREEN[lang]
    with shown[0].lock, shown[1].lock:
        found = debrief.difference_table(shown[0].model, shown[1].model, lang)
    rows = [
        [
            ("ps-measure", row.label),
            ("ps-num ps-left", row.shown_left),
            ("ps-num ps-right", row.shown_right),
            ("ps-num ps-diff", row.shown_difference),
        ]
        for row in found.itertuples()
    ]
    columns = [("", text["measure"]), ("", headings[0]), ("", headings[1]), ("", text["diff"])]
    return table(columns, rows, "ps-difference")


def rate_lines(result: pd.DataFrame, lang: str, headings: tuple[str, str]) -> list[str]:
    """Each side's success rate with its Wilson 95% interval, in words of the language."""
    from sim.dashboard.picker import percent

    text = DEBRIEF_SCREEN[lang]
    lines = []
    for heading, row in zip(headings, result.itertuples(), strict=True):
        lines.append(
            text["rates_line"].format(
                side=heading,
                rate=percent(row.rate, lang),
                successes=row.successes,
                runs=row.runs,
                low=percent(row.ci_low, lang),
                high=percent(row.ci_high, lang),
            )
        )
    return lines


# --- components --------------------------------------------------------------------------------
@solara.component
def DebriefButton(lang: str):
    """The button beside Step that opens (or closes) the debrief screen."""
    text = DEBRIEF_SCREEN[lang]
    return solara.Button(
        text["close" if showing.value else "open"],
        on_click=lambda: showing.set(not showing.value),
        classes=["ps-debrief-open"],
        outlined=True,
    )


@solara.component
def DebriefOffer(shown: list[Arena], frames: list[Frame]):
    """When every run shown is over, the offer to open the debrief; and, always, the session's
    success-rate job kept in step with the settings (started when a comparison's debrief is
    open, cancelled when the settings change)."""
    lang = language.value
    text = DEBRIEF_SCREEN[lang]
    runs = rate_runs()
    key = rates_key(shown, runs)
    solara.use_effect(lambda: sync_rates(shown, showing.value, runs) and None, [key, showing.value])
    if showing.value or not all(frame.finished for frame in frames):
        return
    with solara.Row(classes=["ps-debrief-offer"], style={"align-items": "center"}):
        solara.Text(text["ended" if len(frames) == 1 else "ended_compare"])
        solara.Button(text["offer"], on_click=lambda: showing.set(True), color="primary", text=True)


@solara.component
def RatesView(job: debrief.RatesJob, headings: tuple[str, str]):
    """The success rates: a progress bar that updates while the job runs, then a line per
    side."""
    lang = language.value
    text = DEBRIEF_SCREEN[lang]
    _, set_seen = solara.use_state((0, 0))

    def poll(cancel: threading.Event) -> None:
        while not job.done and not cancel.is_set():
            cancel.wait(0.4)
            set_seen(job.progress)
        set_seen((-1, -1))

    solara.use_thread(poll, dependencies=[job], intrusive_cancel=False)
    runs = job.total // 2
    if job.error is not None:
        solara.Error(text["rates_failed"].format(error=job.error), dense=True)
        return
    if job.result is None or not job.done:
        done, total = job.progress
        with solara.Column(gap="2px", classes=["ps-rates-progress"]):
            solara.Text(text["rates_progress"].format(runs=runs, done=done, total=total))
            solara.ProgressLinear(value=100 * done / max(total, 1))
        return
    with solara.Column(gap="2px", classes=["ps-rates"]):
        for line in rate_lines(job.result, lang, headings):
            solara.Text(line, classes=["ps-rates-line"])


@solara.component
def Downloads(shown: list[Arena], lang: str):
    """The handout (PDF, PNG) and the role cards (PDF), made when clicked. The callables stay
    the same while the runs do, so that a render during the making does not start it again."""
    text = DEBRIEF_SCREEN[lang]
    makers = solara.use_memo(
        lambda: {
            kind: (lambda kind=kind: paper(shown, lang, kind)) for kind in ("pdf", "png", "cards")
        },
        dependencies=[*shown, lang],
    )
    first = shown[0]
    with solara.Row(classes=["ps-debrief-downloads"], style={"align-items": "center"}):
        solara.Text(text["downloads"] + ":")
        for kind, label, what, suffix, mime in (
            ("pdf", "handout_pdf", "handout", "pdf", "application/pdf"),
            ("png", "handout_png", "handout", "png", "image/png"),
            ("cards", "role_cards", "role_cards", "pdf", "application/pdf"),
        ):
            with solara.Div(classes=[f"ps-{label.replace('_', '-')}"]):
                solara.FileDownload(
                    makers[kind],
                    filename=filename(first, what, suffix),
                    label=text[label],
                    mime_type=mime,
                )


def Section(title: str, html: str, css: str) -> None:
    solara.HTML(tag="h4", unsafe_innerHTML=escape(title))
    solara.HTML(unsafe_innerHTML=html, classes=[css])


@solara.component
def Debrief(shown: list[Arena], frames: list[Frame]):
    """The debrief screen: in a comparison first the difference table and the success rates,
    then per run its key moments, parties and levers; the downloads at the end."""
    lang = language.value
    text = DEBRIEF_SCREEN[lang]
    solara.Style(CSS)
    held = rates.value
    job = held[1] if held is not None and held[0] == rates_key(shown, rate_runs()) else None
    headings = comparison_headings(compare_lever.value, lang) if len(shown) == 2 else ("", "")
    with solara.Column(gap="4px", classes=["ps-debrief-screen"]):
        with solara.Row(style={"align-items": "center"}):
            solara.HTML(tag="h3", unsafe_innerHTML=escape(text["title"]))
            solara.Button(text["close"], on_click=lambda: showing.set(False), text=True)
        Downloads(shown, lang)
        if len(shown) == 2:
            Section(text["difference"], difference_html(shown, lang, headings), "ps-difference-box")
            solara.HTML(tag="h4", unsafe_innerHTML=escape(text["rates"].format(runs=rate_runs())))
            if job is not None:
                RatesView(job, headings)
            solara.Text(text["rates_note"], classes=["ps-note"])
        for number, (arena, frame) in enumerate(zip(shown, frames, strict=True)):
            tag = ("-a", "-b")[number] if len(shown) == 2 else ""
            with solara.Column(gap="2px", classes=[f"ps-debrief-run{tag}"]):
                if len(shown) == 2:
                    solara.HTML(tag="h3", unsafe_innerHTML=escape(headings[number]))
                solara.Text(run_line(arena, lang), classes=[f"ps-debrief-status{tag}"])
                if not frame.finished:
                    solara.Text(text["running"].format(month=frame.month), classes=["ps-note"])
                found = read(arena, lang)
                Section(text["moments"], moments_html(found["moments"], lang), "ps-moments-box")
                Section(text["parties"], parties_html(found["parties"], lang), "ps-parties-box")
                solara.Text(text["gain_note"], classes=["ps-note"])
                Section(text["levers"], levers_html(found["levers"], lang), "ps-levers-box")
