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
from collections.abc import Sequence
from itertools import count
from typing import TYPE_CHECKING

import pandas as pd

from sim.dashboard import drawings
from sim.dashboard.drawings import Circle, Drawing, Group, Label, Line, Polyline

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


# --- CSV ---------------------------------------------------------------------------------------
def events_csv(arena: Arena, language: str = "en") -> str:
    """The event log, oldest first: month and sentence."""
    frame = pd.DataFrame(arena.log(language)[::-1], columns=["month", "event"])
    return frame.to_csv(index=False)


def series_csv(arena: Arena) -> str:
    """The monthly series (trust, commitment, aspirations, ...), one row a month."""
    buffer = io.StringIO()
    arena.series().drop(columns=["package"], errors="ignore").to_csv(buffer, index=False)
    return buffer.getvalue()


# --- PNG ---------------------------------------------------------------------------------------
def arrange(
    arenas: Sequence[Arena], lang: str
) -> tuple[float, float, list[tuple[Drawing, float, float, float]]]:
    """The view's drawings placed on one canvas: its width and height, and every drawing with
    the left and top of its place and the width it is drawn at (its height follows)."""
    placed: list[tuple[Drawing, float, float, float]] = []
    if len(arenas) == 1:
        network, interests, charts = drawings.panels(arenas[0], lang)
        right = network.width + GAP
        column = max(interests.width, charts.width)
        placed = [
            (network, 0, 0, network.width),
            (interests, right, 0, interests.width),
            (charts, right, interests.height, charts.width),
        ]
        return right + column, max(network.height, interests.height + charts.height), placed
    columns = [drawings.panels(arena, lang) for arena in arenas]
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


def view_figure(arenas: Sequence[Arena], lang: str) -> Figure:
    """The view as a matplotlib figure; every drawing on axes labelled with its `css`."""
    from matplotlib.figure import Figure

    inner_width, inner_height, placed = arrange(arenas, lang)
    width, height = inner_width + 2 * MARGIN, inner_height + 2 * MARGIN
    figure = Figure(figsize=(width / UNITS_PER_INCH, height / UNITS_PER_INCH), facecolor="white")
    for drawing, left, top, shown_width in placed:
        scale = shown_width / drawing.width
        shown_height = drawing.height * scale
        left, top = left + MARGIN, top + MARGIN
        axes = figure.add_axes(
            (
                left / width,
                1 - (top + shown_height) / height,
                shown_width / width,
                shown_height / height,
            ),
            label=drawing.css,
        )
        paint(axes, drawing, points=72 / UNITS_PER_INCH * scale)
    return figure


def view_png(arenas: Sequence[Arena], lang: str) -> bytes:
    """The view as one PNG, for the debrief."""
    buffer = io.BytesIO()
    view_figure(arenas, lang).savefig(buffer, format="png", dpi=DPI)
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
