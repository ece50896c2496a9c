"""What the trainer takes home from the dashboard: the event log and the monthly series as CSV,
and the view as a PNG for the debrief.

The PNG paints the page's own drawings (`sim.dashboard.drawings`): the same shapes at the same
positions, in the same colours and orientation, arranged as the page arranges them (one arena:
the network beside the interests and the charts; a comparison: two columns). Matplotlib only
rasterises the shapes; it is imported when a picture is asked for.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Sequence
from itertools import count
from typing import TYPE_CHECKING

import pandas as pd

from sim.dashboard.drawings import Circle, Drawing, Group, Label, Line, Polyline
from sim.levers import registered
from sim.scenario import ScenarioError, load_scenario
from sim.texts import SCENARIO_TITLES, UI

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from sim.dashboard.arena import Arena

UNITS_PER_INCH = 100
"""The drawings' units per inch of the picture (at 150 dots per inch: 1.5 pixels a unit)."""
DPI = 150
GAP = 12
"""Units between the drawings of the view."""
MARGIN = 24
"""Units of white around the view (a long issue label may reach past its drawing's edge)."""
TITLE = 30
"""Units of the picture's title line."""
LINE = 18
"""Units of each line of the header under the title."""


# --- CSV ---------------------------------------------------------------------------------------
def _runs(arenas: Arena | Sequence[Arena]) -> list[Arena]:
    return [arenas] if hasattr(arenas, "model") else list(arenas)


def events_csv(
    arenas: Arena | Sequence[Arena], language: str = "en", labels: Sequence[str] | None = None
) -> str:
    """The event log, oldest first: month and sentence; with `labels` (a comparison: one label
    per run, e.g. the lever off and on) a first column `run` says which run a line is from."""
    frames = []
    for number, arena in enumerate(_runs(arenas)):
        with arena.lock:
            frame = pd.DataFrame(arena.log(language)[::-1], columns=["month", "event"])
        if labels is not None:
            frame.insert(0, "run", labels[number])
        frames.append(frame)
    return pd.concat(frames, ignore_index=True).to_csv(index=False)


def series_csv(arenas: Arena | Sequence[Arena], labels: Sequence[str] | None = None) -> str:
    """The monthly series (trust, commitment, aspirations, ...), one row a month (and run: with
    `labels`, a first column `run` as in `events_csv`)."""
    frames = []
    for number, arena in enumerate(_runs(arenas)):
        frame = arena.series().drop(columns=["package"], errors="ignore")
        if labels is not None:
            frame.insert(0, "run", labels[number])
        frames.append(frame)
    buffer = io.StringIO()
    pd.concat(frames, ignore_index=True).to_csv(buffer, index=False)
    return buffer.getvalue()


# --- PNG ---------------------------------------------------------------------------------------
def arrange(
    arenas: Sequence[Arena], lang: str
) -> tuple[float, float, list[tuple[Drawing, float, float, float]]]:
    """The view's drawings placed on one canvas: its width and height, and every drawing with
    the left and top of its place and the width it is drawn at (its height follows)."""
    placed: list[tuple[Drawing, float, float, float]] = []
    columns = [arena.frame(lang).panels for arena in arenas]  # each read under its lock
    if len(arenas) == 1:
        network, interests, charts = columns[0]
        right = network.width + GAP
        column = max(interests.width, charts.width)
        placed = [
            (network, 0, 0, network.width),
            (interests, right, 0, interests.width),
            (charts, right, interests.height, charts.width),
        ]
        return right + column, max(network.height, interests.height + charts.height), placed
    column = max(drawing.width for shown in columns for drawing in shown)
    height = 0.0
    for number, shown in enumerate(columns):
        top = 0.0
        for drawing in shown:  # every drawing as wide as the column, as on the page
            placed.append((drawing, number * (column + GAP), top, column))
            top += drawing.height * column / drawing.width
        height = max(height, top)
    width = len(columns) * (column + GAP) - GAP
    return width, height, placed


def scenario_title(name: str, lang: str) -> str:
    """A scenario's title in `lang` (the shipped ones), else its file's title, else its name."""
    if name in SCENARIO_TITLES[lang]:
        return SCENARIO_TITLES[lang][name]
    try:
        return load_scenario(name).title or name
    except ScenarioError:
        return name


def run_line(arena: Arena, lang: str) -> str:
    """Where a run stands: the month, and the phase and mean trust, or at the end its outcome."""
    text = UI[lang]
    frame = arena.frame(lang)
    month = f"{text['month']} {frame.month} ({text['of']} {frame.deadline})"
    if frame.outcome is not None:
        success, reason, _ = frame.outcome
        return f"{month} · {text['success' if success else 'failure']}: {reason}"
    phase = next((label for label, state in frame.timeline if state == "current"), "")
    return f"{month} · {text['phase']}: {phase} · {text['trust']}: {frame.trust:.2f}"


def lever_line(arena: Arena, lang: str) -> str:
    """The run's levers, as the controls set them."""
    text = UI[lang]
    settings = []
    for lever in registered():
        value = getattr(arena.spec.levers, lever.knob.split(".", 1)[1])
        shown = text.get(value, value) if isinstance(value, str) else f"{value:g}"
        settings.append(f"{lever.label(lang)} {shown}")
    return f"{text['levers']}: " + " · ".join(settings)


def header(
    arenas: Sequence[Arena], lang: str, labels: Sequence[str] | None
) -> tuple[str, list[list[str]]]:
    """The picture's title (the scenario and the seed) and, per column, its lines: the run's
    label in a comparison (the lever off or on), where it stands and its levers."""
    first = arenas[0]
    title = f"{scenario_title(first.scenario, lang)} · {UI[lang]['seed_short']} {first.seed}"
    columns = []
    for number, arena in enumerate(arenas):
        lines = [labels[number]] if labels is not None else []
        columns.append([*lines, run_line(arena, lang), lever_line(arena, lang)])
    return title, columns


def view_figure(arenas: Sequence[Arena], lang: str, labels: Sequence[str] | None = None) -> Figure:
    """The view as a matplotlib figure: a header (scenario, seed; per run its label, month,
    phase or outcome and levers), then every drawing on axes labelled with its `css`."""
    from matplotlib.figure import Figure

    inner_width, inner_height, placed = arrange(arenas, lang)
    title, columns = header(arenas, lang, labels)
    lefts = sorted({left for drawing, left, _, _ in placed if drawing.css == "ps-network"})
    room = inner_width if len(arenas) == 1 else inner_width / len(arenas) - GAP
    columns = [  # a line longer than its column is wrapped (at about 7 units a character)
        [part for line in lines for part in textwrap.wrap(line, int(room / 7))] for lines in columns
    ]
    top_band = TITLE + LINE * max(len(lines) for lines in columns) + GAP
    width = inner_width + 2 * MARGIN
    height = inner_height + 2 * MARGIN + top_band
    figure = Figure(figsize=(width / UNITS_PER_INCH, height / UNITS_PER_INCH), facecolor="white")
    points = 72 / UNITS_PER_INCH

    def write(x: float, y: float, words: str, size: float, bold: bool = False) -> None:
        figure.text(
            x / width,
            1 - y / height,
            words,
            fontsize=size * points,
            fontweight="bold" if bold else "normal",
            ha="left",
            va="top",
            family="sans-serif",
            parse_math=False,
        )

    write(MARGIN, MARGIN, title, 18, bold=True)
    for left, lines in zip(lefts, columns, strict=True):
        for number, line in enumerate(lines):
            bold = labels is not None and number == 0
            write(MARGIN + left, MARGIN + TITLE + number * LINE, line, 12, bold)
    for drawing, left, top, shown_width in placed:
        scale = shown_width / drawing.width
        shown_height = drawing.height * scale
        left, top = left + MARGIN, top + MARGIN + top_band
        axes = figure.add_axes(
            (
                left / width,
                1 - (top + shown_height) / height,
                shown_width / width,
                shown_height / height,
            ),
            label=drawing.css,
        )
        paint(axes, drawing, points=points * scale)
    return figure


def view_png(arenas: Sequence[Arena], lang: str, labels: Sequence[str] | None = None) -> bytes:
    """The view as one PNG, for the debrief."""
    buffer = io.BytesIO()
    view_figure(arenas, lang, labels).savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


RGB = re.compile(r"rgb\((\d+),(\d+),(\d+)\)")


def colour(value: str, alpha: float = 1.0) -> tuple[float, float, float, float] | str:
    """A drawing's colour (a name, `#hex` or `rgb(r,g,b)`) as matplotlib takes it."""
    from matplotlib.colors import to_rgba

    if value == "none":
        return "none"
    found = RGB.fullmatch(value)
    if found:
        return (*(int(channel) / 255 for channel in found.groups()), alpha)
    return to_rgba(value, alpha)


def _dashes(dash: str, width: float) -> str | tuple:
    """An SVG dash array (in units) as a matplotlib line style, which scales it by the width."""
    if not dash:
        return "solid"
    return (0, tuple(float(part) / max(width, 1e-9) for part in dash.split(",")))


def paint(axes: Axes, drawing: Drawing, points: float) -> None:
    """Paint a drawing's shapes on axes spanning it (y downwards, as in SVG), in their order;
    `points` is the size of one unit in typographic points."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle as Disc

    axes.set_xlim(0, drawing.width)
    axes.set_ylim(drawing.height, 0)
    axes.set_aspect("equal")
    axes.set_axis_off()
    anchors = {"start": "left", "middle": "center", "end": "right"}

    order = count(1)

    def add(shape) -> None:
        if isinstance(shape, Line):
            axes.add_line(
                Line2D(
                    [shape.x1, shape.x2],
                    [shape.y1, shape.y2],
                    color=colour(shape.colour, shape.opacity),
                    linewidth=shape.width * points,
                    linestyle=_dashes(shape.dash, shape.width),
                    solid_capstyle="butt",
                    zorder=next(order),
                )
            )
        elif isinstance(shape, Circle):
            axes.add_patch(
                Disc(
                    (shape.x, shape.y),
                    shape.r,
                    facecolor=colour(shape.fill, shape.fill_opacity),
                    edgecolor=colour(shape.stroke) if shape.stroke else "none",
                    linewidth=shape.width * points if shape.stroke else 0,
                    linestyle=_dashes(shape.dash, shape.width),
                    zorder=next(order),
                )
            )
        elif isinstance(shape, Label):
            axes.text(
                shape.x,
                shape.y,
                shape.text,
                fontsize=shape.size * points,
                ha=anchors[shape.anchor],
                va="baseline",
                color=colour(shape.colour),
                family="sans-serif",
                parse_math=False,
                zorder=next(order),
            )
        elif isinstance(shape, Polyline):
            if shape.points:
                xs, ys = zip(*shape.points, strict=True)
                axes.add_line(
                    Line2D(
                        xs,
                        ys,
                        color=colour(shape.colour, shape.opacity),
                        linewidth=shape.width * points,
                        zorder=next(order),
                    )
                )
        elif isinstance(shape, Group):
            for part in shape.shapes:
                add(part)
        else:
            raise TypeError(f"not a shape: {shape!r}")

    for shape in drawing.shapes:
        add(shape)
