"""The projector view: the dashboard as a trainer shows it on a beamer, readable from the back
of the room.

`?view=projector` in the page's address (or the "Projector view" button beside Step) hides the
controls and draws every text at 18 px or more on a 1280×720 screen; the trainer shows all
panels, or one of them (`?panel=network|interests|charts|log`) over the full width. The
drawings are built here in the drawing model of `sim.dashboard.drawings` (shapes, SVG with real
text), laid out for a width in units that the page never draws narrower than that many pixels:
a text of `FONT` units is at least `FONT` pixels high.

- `network_board`: the parties on an oval with their names beside them, each standing
  (`sim.dashboard.standing`) with its own look and legend;
- `interests_board`: per issue a scale with its two poles, the parties' ideals (the names of
  the parties at the table; the others faded), the parties that rejected the last offer in red,
  the package on the table, and the integration level on a scale of its own;
- `charts_board`: mean trust, mean commitment and the aspirations per month.
"""

from __future__ import annotations

import math
from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

import numpy as np
import solara

from sim.dashboard import control
from sim.dashboard.control_view import AddressSync, RunControl
from sim.dashboard.drawings import (
    FADED_NAME,
    KIND_COLOURS,
    REJECTED_COLOUR,
    SERIES_COLOURS,
    STANDING_LEGEND,
    Circle,
    Drawing,
    Group,
    Label,
    Line,
    Polyline,
    short_name,
    standing_marks,
    to_svg,
    trust_lines,
)
from sim.dashboard.session import current, language, play, playing, version
from sim.dashboard.standing import ACTIVE, standings
from sim.texts import KIND_LABELS, POLE_LABELS, PROJECTOR, STANDING_LABELS, UI
from sim.texts import number as decimal

if TYPE_CHECKING:
    from sim.dashboard.arena import Arena, Frame

PANELS = ("network", "interests", "charts", "log")
"""The panels a trainer can show over the full width, in the order of the view's buttons."""

FONT = 19
"""The smallest text of a projector drawing, in units (a unit is drawn at 1 px or more)."""
HALF, FULL = 600, 1200
"""A drawing's width in units: in a column of the overview, and over the full width."""
PAD = 8

projector: solara.Reactive[bool | None] = solara.reactive(None)
"""Whether this session shows the projector view; None: as the page's address says."""
focus: solara.Reactive[str | None] = solara.reactive(None)
"""The panel shown over the full width ("all": every panel); None: as the address says."""


def requested(search: str | None) -> tuple[bool, str]:
    """What the page's address asks for: the projector view (`view=projector`) and the panel
    (`panel=...`, else all)."""
    query = parse_qs(search or "")
    view = query.get("view", [""])[0].strip().lower() == "projector"
    panel = query.get("panel", ["all"])[0].strip().lower()
    return view, panel if panel in PANELS else "all"


# --- text -------------------------------------------------------------------------------------
def text_width(text: str, size: float) -> float:
    """A generous estimate of a text's width in sans-serif (so that texts never overlap)."""
    return 0.58 * size * len(text)


def wrap(text: str, size: float, width: float) -> list[str]:
    """A text broken at spaces into lines no wider than `width` (a longer word: its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _at(value: float) -> float:
    return round(float(value), 1)


def _legend(entries: list[tuple[list, str]], top: float, width: float) -> tuple[list, float]:
    """Legend entries (a mark drawn at (0, 0) and its text) flowing left to right in lines;
    the shapes and the y below the last line."""
    shapes: list = []
    x, y, line = PAD, top + FONT, FONT * 1.45
    for marks, text in entries:
        need = 22 + text_width(text, FONT)
        if x > PAD and x + need > width - PAD:
            x, y = PAD, y + line
        for mark in marks:
            shapes.append(_moved(mark, x + 8, y - FONT * 0.32))
        shapes.append(Label(_at(x + 22), _at(y), text, FONT))
        x += need + 18
    return shapes, y + FONT * 0.6


def _moved(shape, dx: float, dy: float):
    """A legend's sample mark (drawn at the origin) moved to its place."""
    if isinstance(shape, Circle | Label):
        return replace(shape, x=_at(shape.x + dx), y=_at(shape.y + dy))
    if isinstance(shape, Line):
        return replace(
            shape,
            x1=_at(shape.x1 + dx),
            y1=_at(shape.y1 + dy),
            x2=_at(shape.x2 + dx),
            y2=_at(shape.y2 + dy),
        )
    if isinstance(shape, Group):
        return replace(shape, shapes=tuple(_moved(part, dx, dy) for part in shape.shapes))
    raise TypeError(f"not a legend's mark: {shape!r}")


def _title(text: str) -> Label:
    return Label(PAD, FONT + 8, text, FONT + 5)


# --- the network ------------------------------------------------------------------------------
def network_board(arena: Arena, lang: str, width: float = HALF) -> Drawing:
    """The parties on an oval (the first at the top, then clockwise; the coordinator in the
    middle), their names beside them, edges of mutual trust between the parties in, every
    standing with its own look (`sim.dashboard.drawings.standing_marks`) and the legend below."""
    with arena.lock:
        nodes, edges = arena.network()
    kinds, labels = KIND_LABELS[lang], STANDING_LABELS[lang]
    parties = arena.model.n
    names = [
        kinds["coordinator"] if kind == "coordinator" else short_name(name)
        for name, kind in zip(nodes["name"], nodes["kind"], strict=True)
    ]
    sizes = [_at(6 + 8 * math.sqrt(weight)) for weight in nodes["weight"]]
    room = max(text_width(name, FONT) for name in names) + max(sizes) + 10
    ry = 150 if width <= HALF else 170
    rx = max(70.0, min(width / 2 - room - PAD, ry * 1.35))
    centre_x, centre_y = width / 2, 2 * FONT + 44 + ry
    angle = np.linspace(0, 2 * np.pi, parties, endpoint=False) - np.pi / 2
    x = np.append(centre_x + rx * np.cos(angle), centre_x)[: len(nodes)]
    y = np.append(centre_y + ry * np.sin(angle), centre_y)[: len(nodes)]
    active = nodes["status"].isin(ACTIVE).to_numpy()
    shapes: list = [_title(PROJECTOR[lang]["network"])]
    shapes += trust_lines(edges, active, x, y, 0.6, 5)
    for index, node in enumerate(nodes.itertuples()):
        standing = "at_table" if node.status == "member" else node.status
        colour = KIND_COLOURS[node.kind]
        tip = f"{node.name} ({kinds[node.kind]})"
        if node.kind != "coordinator" and standing in labels:
            tip += f": {labels[standing]}"
        cx, cy, r = _at(x[index]), _at(y[index]), sizes[index]
        shapes.extend(standing_marks(standing, cx, cy, r, colour, tip))
        shown = "black" if standing in ("at_table", "undecided") else FADED_NAME
        if node.kind == "coordinator":
            shapes.append(Label(cx, _at(cy + r + FONT + 2), names[index], FONT, "middle"))
            continue
        side = math.cos(angle[index])
        if abs(side) < 0.2:  # at the top or the bottom of the oval: above or below the node
            below = math.sin(angle[index]) > 0
            ly = cy + r + FONT + 2 if below else cy - r - 6
            shapes.append(Label(cx, _at(ly), names[index], FONT, "middle", shown))
        else:
            lx = cx + (r + 6) * (1 if side > 0 else -1)
            anchor = "start" if side > 0 else "end"
            shapes.append(Label(_at(lx), _at(cy + FONT * 0.35), names[index], FONT, anchor, shown))
    entries = [
        ([Circle(0, 0, 8, KIND_COLOURS[kind])], kinds[kind])
        for kind in KIND_COLOURS
        if kind in set(nodes["kind"])
    ]
    entries += [
        (standing_marks(standing, 0, 0, 8, "#777777"), labels[standing])
        for standing in STANDING_LEGEND
    ]
    legend, height = _legend(entries, centre_y + ry + 2 * FONT + 10, width)
    return Drawing("ps-network ps-board", width, _at(height), tuple(shapes + legend))


# --- the colliding interests ------------------------------------------------------------------
def last_rejecters(model) -> set[str]:
    """The parties that rejected the last offer, while no agreement is signed."""
    if model.agreement is not None:
        return set()
    for event in reversed(model.events):
        if event.code == "offer":
            return set(event.params["rejected"])
    return set()


def pole_labels(arena: Arena, lang: str) -> list[tuple[str, str]]:
    """Every issue's two poles (what 0 and 1 mean), in the model's order, in `lang` where
    `sim.texts` has them."""
    issues = {issue.key: issue for issue in arena.spec.issues}
    words = POLE_LABELS[lang]
    poles = []
    for key in arena.model.issue_keys:
        issue = issues[key]
        low, high = getattr(issue, "low_label", ""), getattr(issue, "high_label", "")
        poles.append((words.get(low, low), words.get(high, high)))
    return poles


def _lanes(items: list[tuple[float, float]], left: float, right: float) -> list[tuple[float, int]]:
    """Labels of the given centres and widths placed in lanes without overlap: each label's
    left edge and lane, in the order given."""
    ends: list[float] = []
    placed = [(0.0, 0)] * len(items)
    for number in sorted(range(len(items)), key=lambda k: items[k][0]):
        centre, wide = items[number]
        start = min(max(centre - wide / 2, left), right - wide)
        lane = next((k for k, end in enumerate(ends) if end + 12 <= start), len(ends))
        if lane == len(ends):
            ends.append(start + wide)
        else:
            ends[lane] = start + wide
        placed[number] = (start, lane)
    return placed


def _scale_row(
    shapes: list,
    top: float,
    width: float,
    title: str,
    poles: tuple[str, str],
    marks: list[dict],
    package: float,
    css: str,
    named: bool = True,
) -> float:
    """One scale: its title, its poles, the marks (named where `named` and the party is in),
    the package; returns the y below it."""
    left, right = PAD + 14, width - PAD - 14
    span = right - left
    y = top + FONT + 4
    shapes.append(Label(PAD, _at(y), title, FONT + 2))
    lows = wrap(poles[0], FONT, span / 2 - 12) if poles[0] else []
    highs = wrap(poles[1], FONT, span / 2 - 12) if poles[1] else []
    for number in range(max(len(lows), len(highs))):
        y += FONT * 1.25
        if number < len(lows):
            shapes.append(Label(left - 6, _at(y), lows[number], FONT, "start", "#444444"))
        if number < len(highs):
            shapes.append(Label(right + 6, _at(y), highs[number], FONT, "end", "#444444"))
    axis = y + 30
    shapes.append(Line(left, _at(axis), right, _at(axis), "#555555", 2))
    for end in (left, right):
        shapes.append(Line(end, _at(axis - 8), end, _at(axis + 8), "#555555", 2))
    faded = [mark for mark in marks if not mark["in"]]
    shown = [mark for mark in marks if mark["in"]]
    for mark in faded + shown:
        cx = _at(left + mark["value"] * span)
        if mark["in"]:
            fill, stroke, opacity = mark["colour"], "black", 0.9
        else:
            fill, stroke, opacity = mark["colour"], "", 0.2
        if mark["perceived"]:
            shapes.append(
                Circle(cx, _at(axis), mark["r"], "none", mark["colour"], 2, tip=mark["tip"])
            )
        else:
            shapes.append(
                Circle(cx, _at(axis), mark["r"], fill, stroke, 0.6, opacity, tip=mark["tip"])
            )
        if mark["rejected"]:
            shapes.append(Circle(cx, _at(axis), _at(mark["r"] + 4), "none", REJECTED_COLOUR, 3.5))
    if np.isfinite(package):
        px = _at(left + package * span)
        bar = Line(px, _at(axis - 22), px, _at(axis + 22), "black", 6, tip=f"{package:.2f}")
        shapes.append(Group(css, (bar,), f"{package:.2f}"))
    bottom = axis + 22
    if named and shown:
        items = [(left + mark["value"] * span, text_width(mark["name"], FONT)) for mark in shown]
        places = _lanes(items, PAD, width - PAD)
        for mark, (start, lane) in zip(shown, places, strict=True):
            ly = axis + 26 + FONT + lane * FONT * 1.3
            cx = left + mark["value"] * span
            centre = start + text_width(mark["name"], FONT) / 2
            shapes.append(
                Line(_at(cx), _at(axis + mark["r"]), _at(centre), _at(ly - FONT), "#bbbbbb", 1)
            )
            colour = REJECTED_COLOUR if mark["rejected"] else "black"
            shapes.append(Label(_at(start), _at(ly), mark["name"], FONT, "start", colour))
            bottom = max(bottom, ly + 6)
    return bottom + 16


def interests_board(arena: Arena, lang: str, width: float = HALF) -> Drawing:
    """Per issue a horizontal scale with its two poles; every party's ideal as a mark (area:
    the issue's weight for it), named for the parties at the table and faded for the others
    (stayed out, waiting outside the core group, left, rejected by their council); the parties
    that rejected the last offer ringed and named in red; the package on the table as a black
    bar; and the integration level on a scale of its own (0: each party decides alone,
    1: everything jointly) with the parties' preferred levels and the package's."""
    words, labels = PROJECTOR[lang], STANDING_LABELS[lang]
    with arena.lock:
        model = arena.model
        frame = arena.interests(lang)
        stand = standings(model, arena.ever_member)
        rejecters = last_rejecters(model)
        poles = pole_labels(arena, lang)
        preferred = [float(v) for v in model.ideal_integration]
        integration = float(model.table[-1]) if model.has_table else float("nan")
    parties = list(dict.fromkeys(frame["party"]))
    shapes: list = [_title(words["interests"])]
    entries = [
        ([Circle(0, 0, 9, KIND_COLOURS["municipality"], "black", 0.6, 0.9)], words["ideal"]),
        ([Circle(0, 0, 9, KIND_COLOURS["municipality"], "", 0.6, 0.2)], words["faded"]),
        ([Circle(0, 0, 9, "none", REJECTED_COLOUR, 3.5)], words["rejected"]),
        ([Line(0, -12, 0, 12, "black", 6)], words["package"]),
    ]
    legend, y = _legend(entries, FONT + 14, width)
    shapes += legend
    if not np.isfinite(frame["table"].iloc[0] if len(frame) else float("nan")):
        shapes.append(Label(PAD, _at(y + FONT), words["no_package"], FONT, "start", "#666666"))
        y += FONT * 1.4
    issues = list(dict.fromkeys(frame["issue"]))
    for number, issue in enumerate(issues):
        part = frame[frame["issue"] == issue]
        marks = []
        for item in part.itertuples():
            index = parties.index(item.party)
            inside = stand[index] in ACTIVE
            marks.append(
                {
                    "value": float(item.ideal),
                    "r": _at(5 + 10 * math.sqrt(item.weight)),
                    "colour": KIND_COLOURS[item.kind],
                    "in": inside,
                    "rejected": item.party in rejecters,
                    "perceived": bool(item.perceived),
                    "name": short_name(item.party),
                    "tip": f"{item.party}: {item.ideal:.2f} ({UI[lang]['weight']} "
                    f"{item.weight:.2f}; {labels.get(stand[index], labels['at_table'])})",
                }
            )
        y = _scale_row(
            shapes,
            y,
            width,
            issue,
            poles[number],
            marks,
            float(part["table"].iloc[0]),
            "ps-package",
        )
    marks = [
        {
            "value": preferred[index],
            "r": 9.0,
            "colour": KIND_COLOURS[kind],
            "in": stand[index] in ACTIVE,
            "rejected": name in rejecters,
            "perceived": False,
            "name": short_name(name),
            "tip": f"{name}: {preferred[index]:.0f}",
        }
        for index, (name, kind) in enumerate(
            zip(parties, [frame[frame["party"] == p]["kind"].iloc[0] for p in parties], strict=True)
        )
    ]
    y = _scale_row(
        shapes,
        y,
        width,
        words["integration"],
        (words["integration_low"], words["integration_high"]),
        marks,
        integration,
        "ps-integration-package",
        named=False,
    )
    if np.isfinite(integration):
        left, right = PAD + 14, width - PAD - 14
        shapes.append(
            Label(
                _at(left + integration * (right - left)),
                _at(y + 4),
                f"{integration:.2f}",
                FONT,
                "middle",
            )
        )
        y += FONT + 8
    return Drawing("ps-interests ps-board", width, _at(y + 4), tuple(shapes))


# --- the charts -------------------------------------------------------------------------------
def charts_board(arena: Arena, lang: str, width: float = HALF) -> Drawing:
    """Mean trust, mean commitment and every party's aspiration (thin grey) per month; the
    deadline dotted red."""
    words = PROJECTOR[lang]
    height_plot = 230 if width <= HALF else 300
    left, top = 16 + text_width("0.5", FONT), 2 * FONT + 20
    right = width - PAD - 10
    with arena.lock:
        series = arena.series()
        deadline = arena.spec.deadline_months
        months = max(deadline + arena.spec.execution_months, arena.month) + 1

    def px(month: float, value: float) -> tuple[float, float]:
        return (
            _at(left + month / months * (right - left)),
            _at(top + (1 - value) * height_plot),
        )

    shapes: list = [_title(words["charts"])]
    for value in (0, 0.5, 1):
        _, gy = px(0, value)
        shapes.append(Line(left, gy, right, gy, "#dddddd"))
        shapes.append(Label(left - 6, _at(gy + FONT * 0.35), f"{value:g}", FONT, "end"))
    every = 12 if (right - left) / months * 12 > 3 * FONT else 24
    for month in range(0, months, every):
        gx, _ = px(month, 0)
        shapes.append(Label(gx, _at(top + height_plot + FONT + 6), str(month), FONT, "middle"))
    dx, _ = px(deadline, 0)
    shapes.append(Line(dx, top, dx, _at(top + height_plot), "red", 2, dash="4,4"))

    def line(values, colour, stroke, opacity=1.0) -> Polyline:
        points = tuple(
            px(m, v) for m, v in zip(series["month"], values, strict=True) if np.isfinite(v)
        )
        return Polyline(points, colour, stroke, opacity)

    if len(series):
        for column in [c for c in series.columns if c.startswith("aspiration: ")]:
            peak = max(float(series[column].max()), 1.0)
            shapes.append(line(series[column] / peak, SERIES_COLOURS["aspiration"], 1, 0.5))
        shapes.append(line(series["mean_trust"], SERIES_COLOURS["mean_trust"], 4))
        shapes.append(
            line(series["mean_commitment"].astype(float), SERIES_COLOURS["mean_commitment"], 4)
        )
    entries = [
        ([Line(-10, 0, 10, 0, colour, 4)], UI[lang][key]) for key, colour in SERIES_COLOURS.items()
    ]
    legend, bottom = _legend(entries, top + height_plot + FONT + 16, width)
    return Drawing("ps-charts ps-board", width, _at(bottom + 4), tuple(shapes + legend))


BOARDS = {"network": network_board, "interests": interests_board, "charts": charts_board}


def board_svg(arena: Arena, name: str, lang: str, width: float) -> str:
    """A board as SVG, never drawn narrower than its width in pixels (so a text of `FONT`
    units is at least `FONT` pixels high); rebuilt only when the run has moved."""

    def build() -> str:
        svg = to_svg(BOARDS[name](arena, lang, width))
        return svg.replace(
            'width="100%"', f'width="100%" style="min-width:{width:g}px;display:block"', 1
        )

    return arena._cached(("projector", name, lang, width), build)


# --- the page ---------------------------------------------------------------------------------
CSS = """
.ps-projector { font-size: 22px; line-height: 1.35; padding: 0 12px; width: 100%;
  box-sizing: border-box; }
.ps-projector .v-btn { font-size: 20px !important; text-transform: none; letter-spacing: 0;
  height: auto !important; min-height: 44px; padding: 4px 14px !important; }
.ps-projector .v-btn .v-btn__content { font-size: 20px !important; }
.ps-projector-bar { display: flex; flex-wrap: wrap; gap: 10px; align-items: center;
  padding: 6px 0; }
.ps-projector-status { font-size: 24px; display: flex; flex-wrap: wrap; gap: 4px 22px; }
.ps-projector-status b { font-weight: 700; }
.ps-projector-grid { display: grid; grid-template-columns: repeat(2, minmax(600px, 1fr));
  gap: 16px; align-items: start; }
.ps-projector-log { font-size: 20px; max-height: 60vh; overflow-y: auto; }
.ps-projector-log div { padding: 2px 0; border-bottom: 1px solid #eee; }
.ps-projector-outcome { font-size: 22px; padding: 8px 12px; border-radius: 6px; color: white; }
.ps-projector h2 { font-size: 26px; margin: 4px 0; }
"""
"""The projector view's styles: every HTML text at 20 px or more."""


def shown_panel(search: str | None) -> str:
    """The panel shown: as the trainer chose, else as the address asks (else all)."""
    return focus.value if focus.value is not None else requested(search)[1]


def ProjectorButton(lang: str):
    """The button beside Step that opens the projector view."""
    return solara.Button(
        PROJECTOR[lang]["projector"],
        on_click=lambda: projector.set(True),
        classes=["ps-projector-open"],
        outlined=True,
    )


def projecting(search: str | None) -> bool:
    """Whether the page shows the projector view: as the session chose, else as its address
    (`search`, the query string) asks."""
    return bool(projector.value) if projector.value is not None else requested(search)[0]


def _log_html(frame: Frame, limit: int) -> str:
    lines = "".join(
        f"<div><b>{month}</b>&nbsp; {escape(sentence)}</div>"
        for month, sentence in frame.log[:limit]
    )
    return lines


def _status_html(frame: Frame, lang: str) -> str:
    text = UI[lang]
    now = next(
        (label for label, state in frame.timeline if state == "current"), frame.timeline[-1][0]
    )
    phase = now if not frame.finished else text["success" if frame.success else "failure"]
    return (
        f"<span>{escape(text['month'])} <b class='ps-pmonth'>{frame.month}</b> "
        f"({escape(text['of'])} {frame.deadline})</span>"
        f"<span>{escape(text['phase'])}: <b class='ps-pphase'>{escape(phase)}</b></span>"
        f"<span>{escape(text['trust'])}: <b>{decimal(frame.trust, lang)}</b></span>"
    )


@solara.component
def Panel(arena: Arena, frame: Frame, name: str, width: float, lang: str):
    if name == "log":
        with solara.Column(gap="0px", classes=["ps-projector-panel", "ps-panel-log"]):
            solara.HTML(tag="h2", unsafe_innerHTML=escape(PROJECTOR[lang]["log"]))
            solara.HTML(
                tag="div",
                unsafe_innerHTML=_log_html(frame, 14),
                classes=["ps-projector-log"],
            )
        return
    solara.HTML(
        tag="div",
        unsafe_innerHTML=board_svg(arena, name, lang, width),
        classes=["ps-projector-panel", f"ps-panel-{name}"],
    )


@solara.component
def Projector(search: str | None = None):
    """The projector view: the run's status, Step and Play, the panels (all, or one over the
    full width) and the way back to the controls; the language stays as chosen."""
    _ = version.value
    lang = language.value
    words, text = PROJECTOR[lang], UI[lang]
    solara.use_thread(play, dependencies=[playing.value])
    shown = [control.shown(arena) for arena in current()]  # live, or the month replayed
    frames = [arena.frame(lang) for arena in shown]
    panel = shown_panel(search)
    solara.Title("partnersim")
    solara.Style(CSS)
    with solara.Column(gap="6px", classes=["ps-projector"]):
        with solara.Row(classes=["ps-projector-bar"], style={"gap": "10px"}):
            solara.Button(
                text["step"], on_click=control.step, color="primary", classes=["ps-pstep"]
            )
            solara.Button(
                text["pause"] if playing.value else text["play"],
                on_click=control.toggle_play,
                classes=["ps-pplay"],
            )
            for name in ("all", *PANELS):
                solara.Button(
                    words[name],
                    on_click=lambda name=name: focus.set(name),
                    color="primary" if name == panel else None,
                    outlined=name != panel,
                    classes=["ps-pfocus", f"ps-pfocus-{name}"],
                )
            solara.Button(
                words["leave"], on_click=lambda: projector.set(False), classes=["ps-pleave"]
            )
        RunControl(lang, control.stamp(), scrubber=False)
        AddressSync(control.address(True, panel))
        for frame in frames[:1] if len(frames) == 1 else frames:
            solara.HTML(
                tag="div",
                unsafe_innerHTML=_status_html(frame, lang),
                classes=["ps-projector-status"],
            )
        if frames[0].outcome is not None and len(frames) == 1:
            success, reason, _debrief = frames[0].outcome
            solara.HTML(
                tag="div",
                unsafe_innerHTML=escape(f"{text['success' if success else 'failure']}: {reason}"),
                classes=["ps-projector-outcome"],
                style={"background": "#2e7d32" if success else "#c62828"},
            )
        if len(shown) == 1:
            arena, frame = shown[0], frames[0]
            if panel in PANELS:
                Panel(arena, frame, panel, FULL, lang)
            else:
                with solara.Div(classes=["ps-projector-grid"]):
                    with solara.Column(gap="12px"):
                        Panel(arena, frame, "network", HALF, lang)
                        Panel(arena, frame, "log", HALF, lang)
                    with solara.Column(gap="12px"):
                        Panel(arena, frame, "interests", HALF, lang)
                        Panel(arena, frame, "charts", HALF, lang)
        else:  # a comparison: the two runs side by side, the panel(s) asked for in each
            with solara.Div(classes=["ps-projector-grid"]):
                for arena, frame in zip(shown, frames, strict=True):
                    with solara.Column(gap="12px"):
                        for name in PANELS if panel not in PANELS else (panel,):
                            Panel(arena, frame, name, HALF, lang)
