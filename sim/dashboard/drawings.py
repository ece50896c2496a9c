"""The dashboard's drawings, laid out once: the network of parties and trust, the colliding
interests per issue and the monthly charts of an arena.

Each drawing is a `Drawing`: plain shapes (lines, circles, texts, polylines) with their positions,
sizes and colours already worked out, in the drawing's own units (SVG user units: x to the
right, y downwards). The page shows a drawing as SVG (`to_svg`, drawn by the browser, fast
enough to follow Play); the PNG export (`sim.dashboard.export`) paints the very same shapes, so
the picture a trainer saves has the screen's orientation, positions, colours and names. Nothing
here imports a plotting library.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

import numpy as np

from sim.texts import KIND_LABELS, STANDING_LABELS, UI

Arena = Any
"""`sim.dashboard.arena.Arena`, which the drawings read; not imported, since the arena imports
the drawings (its frames carry them)."""

KIND_COLOURS = {
    "municipality": "#1f77b4",
    "public_body": "#17becf",
    "corporate": "#ff7f0e",
    "coordinator": "#2ca02c",
}
"""A party's colour by its kind (the coordinator's too)."""

SERIES_COLOURS = {"mean_trust": "#2ca02c", "mean_commitment": "#9467bd", "aspiration": "grey"}
"""The charts' lines."""

TIMELINE_COLOURS = {"done": "#b0c4de", "current": "#1f5a93", "next": "#eeeeee"}
"""The phase timeline's boxes by their state."""

TRUST_SCALE = (
    "#a50026 #d73027 #f46d43 #fdae61 #fee08b #ffffbf #d9ef8b #a6d96a #66bd63 #1a9850 #006837"
).split()
"""Trust from 0 (red) over yellow to 1 (green): ColorBrewer's RdYlGn, the colour map matplotlib
calls `RdYlGn`, with its 256 steps."""


def _trust_table() -> np.ndarray:
    anchors = np.array([[int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)] for c in TRUST_SCALE])
    steps = np.linspace(0.0, 1.0, 256)
    where = np.linspace(0.0, 1.0, len(TRUST_SCALE))
    return np.column_stack([np.interp(steps, where, anchors[:, k]) for k in range(3)])


_TRUST_TABLE = _trust_table()


def trust_colour(value: float) -> str:
    """The colour of an edge of mutual trust `value` (0 to 1)."""
    step = min(int(float(np.clip(value, 0.0, 1.0)) * 256), 255)
    red, green, blue = (int(255 * channel) for channel in _TRUST_TABLE[step])
    return f"rgb({red},{green},{blue})"


def short_name(name: str) -> str:
    """A party's name as the network writes it under its node."""
    return name.replace("Gemeente ", "").replace("Waterschap ", "Ws. ")


# --- shapes ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str
    width: float = 1.0
    opacity: float = 1.0
    dash: str = ""
    tip: str = ""


@dataclass(frozen=True)
class Circle:
    x: float
    y: float
    r: float
    fill: str
    stroke: str = ""
    width: float = 1.0
    fill_opacity: float = 1.0
    dash: str = ""
    tip: str = ""


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    size: float
    anchor: str = "start"
    colour: str = "black"


@dataclass(frozen=True)
class Polyline:
    points: tuple[tuple[float, float], ...]
    colour: str
    width: float
    opacity: float = 1.0


@dataclass(frozen=True)
class Group:
    css: str
    shapes: tuple
    tip: str = ""


@dataclass(frozen=True)
class Drawing:
    """A drawing of `width` by `height` units; `css` names it on the page (and in the export)."""

    css: str
    width: float
    height: float
    shapes: tuple


def _at(value: float) -> float:
    return round(float(value), 1)


def _heading(width: float, title: str) -> Label:
    return Label(width / 2, 14, title, 12, "middle")


# --- a party's standing --------------------------------------------------------------------------
REJECTED_COLOUR = "#c62828"
"""The red of a council's rejection (network) and of a rejected offer (interests board)."""

STANDING_LEGEND = ("at_table", "waiting", "outside", "left", "council_rejected")
"""The standings the network's legend explains (`sim.dashboard.standing`; a member is drawn as
at the table, a party before orientation as at the table without edges)."""

FADED_NAME = "#8a8a8a"
"""The colour of the name of a party that is not in (waiting, stayed out, left, rejected)."""


def standing_marks(standing: str, x: float, y: float, r: float, colour: str, tip: str = ""):
    """A party's mark by its standing: at the table a full disc; waiting outside the core group
    a faded disc with a dashed ring; stayed out barely visible; left (exit) hollow, dashed and
    crossed; rejected by its council hollow, red and struck through."""
    if standing == "waiting":
        return [Circle(x, y, r, colour, colour, 1.5, 0.35, dash="4,2", tip=tip)]
    if standing == "outside":
        return [Circle(x, y, r, colour, "#999999", 0.5, 0.12, tip=tip)]
    if standing == "left":
        arm = _at(r * 0.45)
        cross = (
            Line(_at(x - arm), _at(y - arm), _at(x + arm), _at(y + arm), colour, 2),
            Line(_at(x - arm), _at(y + arm), _at(x + arm), _at(y - arm), colour, 2),
        )
        return [Group("ps-left", (Circle(x, y, r, "white", colour, 2, dash="3,2"), *cross), tip)]
    if standing == "council_rejected":
        reach = _at(r * 0.7)
        return [
            Circle(x, y, r, "white", REJECTED_COLOUR, 2, tip=tip),
            Line(
                _at(x - reach), _at(y + reach), _at(x + reach), _at(y - reach), REJECTED_COLOUR, 2
            ),
        ]
    return [Circle(x, y, r, colour, "black", 0.5, tip=tip)]


# --- the three drawings ------------------------------------------------------------------------
def trust_lines(edges, active, x, y, thinnest: float, per_trust: float) -> list[Line]:
    """A line for each pair of active parties, coloured and thickened by their trust."""
    return [
        Line(
            _at(x[source]),
            _at(y[source]),
            _at(x[target]),
            _at(y[target]),
            trust_colour(trust),
            round(thinnest + per_trust * trust, 2),
            0.7,
            tip=f"{trust:.2f}",
        )
        for source, target, trust in edges.itertuples(index=False)
        if active[source] and active[target]
    ]


def network(arena: Arena, lang: str) -> Drawing:
    """Parties on a circle (the first at the top, then clockwise; the coordinator in the middle),
    sized by their weight in the partnership, coloured by kind; edges by mutual trust (colour
    and width) between the parties in; every other standing its own look (`standing_marks`),
    explained in the legend below."""
    nodes, edges = arena.network()
    width, height, radius = 430, 448, 150
    centre_x, centre_y = width / 2, 208  # the legend of standings below the circle
    count, parties = len(nodes), arena.model.n
    angle = np.linspace(0, 2 * np.pi, parties, endpoint=False) - np.pi / 2
    x = np.append(centre_x + radius * np.cos(angle), centre_x)[:count]
    y = np.append(centre_y + radius * np.sin(angle), centre_y)[:count]
    active = nodes["status"].isin(["member", "at_table"]).to_numpy()
    kinds = KIND_LABELS[lang]
    shapes: list = [_heading(width, UI[lang]["network"])]
    shapes += trust_lines(edges, active, x, y, 0.4, 4)
    standing_labels = STANDING_LABELS[lang]
    for index, node in enumerate(nodes.itertuples()):
        cx, cy = _at(x[index]), _at(y[index])
        exact = 7 + 7 * np.sqrt(node.weight)
        size = _at(exact)
        colour = KIND_COLOURS[node.kind]
        name = kinds["coordinator"] if node.kind == "coordinator" else node.name
        standing = "at_table" if node.status == "member" else node.status
        tip = f"{name} ({kinds[node.kind]})"
        if standing in STANDING_LEGEND and node.kind != "coordinator":
            tip += f": {standing_labels[standing]}"
        shapes.extend(standing_marks(standing, cx, cy, size, colour, tip))
        shown = "black" if standing in ("at_table", "undecided") else FADED_NAME
        shapes.append(Label(cx, _at(y[index] + exact + 10), short_name(name), 9, "middle", shown))
    legend_y = 30
    for kind in [k for k in KIND_COLOURS if k in set(nodes["kind"])]:
        shapes.append(Circle(10, legend_y, 5, KIND_COLOURS[kind]))
        shapes.append(Label(19, legend_y + 4, kinds[kind], 10))
        legend_y += 14
    for number, standing in enumerate(STANDING_LEGEND):  # two columns under the circle
        lx, ly = 10 + 215 * (number % 2), height - 38 + 14 * (number // 2)
        shapes.extend(standing_marks(standing, lx, ly, 5, "grey"))
        shapes.append(Label(lx + 9, ly + 4, standing_labels[standing], 10))
    return Drawing("ps-network", width, height, tuple(shapes))


def interests(arena: Arena, lang: str) -> Drawing:
    """Per issue: every party's ideal point (area: how much the issue weighs for it; hollow: as
    the seated party perceives it) and the package on the table (a black bar)."""
    frame = arena.interests(lang)
    issues = list(dict.fromkeys(frame["issue"]))
    left, right, row_height, top = 175, 570, 46, 26
    height = top + row_height * len(issues) + 24
    scale = right - left
    shapes: list = [_heading(right + 12, UI[lang]["interests"])]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        tx = left + tick * scale
        shapes.append(Line(tx, top, tx, height - 20, "#ddd"))
        shapes.append(Label(tx, height - 6, f"{tick:g}", 9, "middle"))
    for row, issue in enumerate(issues):
        part = frame[frame["issue"] == issue]
        centre = top + row_height * (row + 0.5)
        shapes.append(Label(left - 8, centre + 4, issue, 10, "end"))
        jitter = np.linspace(-row_height * 0.3, row_height * 0.3, len(part))
        for offset, item in zip(jitter, part.itertuples(), strict=True):
            radius = _at(2 + 14 * np.sqrt(item.weight))
            colour = KIND_COLOURS[item.kind]
            tip = f"{item.party}: {item.ideal:.2f} ({UI[lang]['weight']} {item.weight:.2f})"
            cx, cy = _at(left + item.ideal * scale), _at(centre + offset)
            if item.perceived:
                shapes.append(Circle(cx, cy, radius, "none", colour, 1.5, tip=tip))
            else:
                shapes.append(Circle(cx, cy, radius, colour, "black", 0.4, 0.65, tip=tip))
        table = part["table"].iloc[0]
        if not np.isnan(table):
            tx = _at(left + table * scale)
            reach = row_height * 0.42
            tip = f"{UI[lang]['on_table']}: {table:.2f}"
            shapes.append(
                Line(tx, _at(centre - reach), tx, _at(centre + reach), "black", 4, tip=tip)
            )
    return Drawing("ps-interests", right + 12, height, tuple(shapes))


def charts(arena: Arena, lang: str) -> Drawing:
    """Mean trust, mean commitment and every party's aspiration per month; the deadline dotted."""
    width, height, left, bottom, top = 580, 190, 34, 24, 20
    deadline = arena.spec.deadline_months
    months = max(deadline + arena.spec.execution_months, arena.month) + 1
    plot_w, plot_h = width - left - 10, height - bottom - top

    def px(month, value):
        return left + month / months * plot_w, top + (1 - value) * plot_h

    shapes: list = [_heading(width, UI[lang]["charts"])]
    for value in (0, 0.5, 1):
        _, gy = px(0, value)
        shapes.append(Line(left, gy, width - 10, gy, "#ddd"))
        shapes.append(Label(left - 4, gy + 3, f"{value:g}", 9, "end"))
    for month in range(0, months, 12):
        gx, _ = px(month, 0)
        shapes.append(Label(round(gx, 2), height - 8, str(month), 9, "middle"))
    dx, _ = px(deadline, 0)
    dx = round(dx, 2)
    shapes.append(Line(dx, top, dx, top + plot_h, "red", dash="2,3", tip=UI[lang]["of"]))
    series = arena.series()

    def polyline(values, colour, stroke_width, opacity=1.0):
        points = tuple(
            (_at(px(m, v)[0]), _at(px(m, v)[1]))
            for m, v in zip(series["month"], values, strict=True)
            if np.isfinite(v)
        )
        return Polyline(points, colour, stroke_width, opacity)

    if len(series):
        for column in [c for c in series.columns if c.startswith("aspiration: ")]:
            peak = max(float(series[column].max()), 1e-9)
            shapes.append(
                polyline(series[column] / max(peak, 1.0), SERIES_COLOURS["aspiration"], 0.6, 0.5)
            )
        shapes.append(polyline(series["mean_trust"], SERIES_COLOURS["mean_trust"], 2.5))
        shapes.append(
            polyline(
                series["mean_commitment"].astype(float), SERIES_COLOURS["mean_commitment"], 2.5
            )
        )
    for number, (key, colour) in enumerate(SERIES_COLOURS.items()):
        lx, ly = left + 8 + number * 170, top + plot_h - 8
        shapes.append(Line(lx, ly, lx + 16, ly, colour, 2.5))
        shapes.append(Label(lx + 20, top + plot_h - 5, UI[lang][key], 9))
    return Drawing("ps-charts", width, height, tuple(shapes))


def panels(arena: Arena, lang: str) -> tuple[Drawing, Drawing, Drawing]:
    """An arena's three drawings, in the order the page and the export show them."""
    return network(arena, lang), interests(arena, lang), charts(arena, lang)


# --- SVG ---------------------------------------------------------------------------------------
def _n(value: float) -> str:
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def _tip(tip: str) -> str:
    return f"<title>{escape(tip)}</title>" if tip else ""


def _svg(shape) -> str:
    if isinstance(shape, Line):
        extra = f' stroke-opacity="{_n(shape.opacity)}"' if shape.opacity != 1 else ""
        extra += f' stroke-dasharray="{shape.dash}"' if shape.dash else ""
        tag = (
            f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" '
            f'y2="{_n(shape.y2)}" stroke="{shape.colour}" stroke-width="{_n(shape.width)}"{extra}'
        )
        return f"{tag}>{_tip(shape.tip)}</line>" if shape.tip else f"{tag}/>"
    if isinstance(shape, Circle):
        extra = f' fill-opacity="{_n(shape.fill_opacity)}"' if shape.fill_opacity != 1 else ""
        if shape.stroke:
            extra += f' stroke="{shape.stroke}" stroke-width="{_n(shape.width)}"'
        extra += f' stroke-dasharray="{shape.dash}"' if shape.dash else ""
        tag = (
            f'<circle cx="{_n(shape.x)}" cy="{_n(shape.y)}" r="{_n(shape.r)}" '
            f'fill="{shape.fill}"{extra}'
        )
        return f"{tag}>{_tip(shape.tip)}</circle>" if shape.tip else f"{tag}/>"
    if isinstance(shape, Label):
        extra = f' text-anchor="{shape.anchor}"' if shape.anchor != "start" else ""
        extra += f' fill="{shape.colour}"' if shape.colour != "black" else ""
        return (
            f'<text x="{_n(shape.x)}" y="{_n(shape.y)}" font-size="{_n(shape.size)}"{extra}>'
            f"{escape(shape.text)}</text>"
        )
    if isinstance(shape, Polyline):
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in shape.points)
        return (
            f'<polyline points="{points}" fill="none" stroke="{shape.colour}" '
            f'stroke-width="{_n(shape.width)}" stroke-opacity="{_n(shape.opacity)}"/>'
        )
    if isinstance(shape, Group):
        inner = "".join(_svg(part) for part in shape.shapes)
        return f'<g class="{shape.css}">{inner}{_tip(shape.tip)}</g>'
    raise TypeError(f"not a shape: {shape!r}")


def to_svg(drawing: Drawing) -> str:
    """The drawing as an SVG element that scales to the page's width."""
    head = (
        f'<svg viewBox="0 0 {_n(drawing.width)} {_n(drawing.height)}" width="100%" '
        f'class="{drawing.css}" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">'
    )
    return "".join([head, *(_svg(shape) for shape in drawing.shapes), "</svg>"])
