"""The trainer's dashboard: "Botsende belangen" (colliding interests) live in the browser.

Presentation only (STYLE: Mesa's `app.py`): the controls, the figures and the texts. The runs
themselves are `sim.arena.Arena`s; every browser session has its own (Solara keeps module-level
reactive values per session), so participants playing a seat never see or disturb each other's
runs. Start it with `partnersim app [SCENARIO] [--port N] [--host H] [--lang nl|en]`.
"""

from __future__ import annotations

import io
import os
import threading
from html import escape
from typing import Any

import matplotlib
import numpy as np
import solara
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from sim.arena import COMPARABLE, KIND_LABELS, Arena, comparison, control_values
from sim.scenario import ScenarioError, load_scenario, scenario_names

DEFAULT_SCENARIO = os.environ.get("PARTNERSIM_APP_SCENARIO", "azon")
DEFAULT_LANGUAGE = os.environ.get("PARTNERSIM_APP_LANG", "")
KIND_COLOURS = {
    "municipality": "#1f77b4",
    "public_body": "#17becf",
    "corporate": "#ff7f0e",
    "coordinator": "#2ca02c",
}
TRUST_COLOURS = matplotlib.colormaps["RdYlGn"]

UI = {
    "en": {
        "title": "Colliding interests: a partnership, month by month",
        "scenario": "Scenario",
        "language": "Language",
        "levers": "Levers",
        "levers.rules": "Rules of the game (strength)",
        "coordinator_on": "Independent coordinator",
        "levers.coordinator": "Coordinator skill",
        "levers.trust_investment_months": "Months of trust investment",
        "levers.growth": "Growth strategy",
        "all_at_once": "everyone at once",
        "core_group": "core group first",
        "situation": "Situation",
        "conflict": "Conflict",
        "initial_trust": "Initial trust",
        "autonomy_cost": "Autonomy cost",
        "seed": "Seed (the same seed gives the same story)",
        "step": "Step",
        "play": "Play",
        "pause": "Pause",
        "reset": "Reset",
        "speed": "Speed (months per second)",
        "month": "Month",
        "of": "deadline",
        "phase": "Phase",
        "trust": "Mean trust",
        "mode": "Mode",
        "single": "One arena",
        "compare": "Compare",
        "seat": "Play a seat",
        "compare_lever": "Lever to compare (off left, on right)",
        "seat_party": "Your party",
        "reset_note": "Settings changed: the run starts again with the new settings.",
        "invalid": "Not applied, the run is unchanged",
        "log": "What happens",
        "network": "Parties and trust",
        "interests": "Colliding interests: ideal points (size: weight) and the package on the table",
        "charts": "Over time",
        "export_events": "Event log (CSV)",
        "export_series": "Monthly series (CSV)",
        "export_view": "This view (PNG)",
        "off": "off",
        "on": "on",
        "you_are": "You play {name}. Your reservation value (what going alone is worth): {res:.2f}.",
        "your_interests": "Your interests",
        "issue": "Issue",
        "ideal": "your ideal",
        "weight": "weight",
        "others_note": "Other parties are shown as you perceive them: hollow markers, with the error "
        "that trust and their openness leave.",
        "offer_from": "{name} tables a proposal. Worth to you: {value:.2f} (reservation {res:.2f}).",
        "table": "on the table",
        "accept": "Accept",
        "reject": "Reject",
        "your_turn": "Your turn: compose an offer per issue.",
        "integration": "Integration (how far to work together)",
        "propose": "Table this offer",
        "worth": "Worth to you: {value:.2f} (reservation {res:.2f})",
        "waiting": "Waiting for your decision.",
        "not_at_table": "Your party is not at the table (yet): the others negotiate.",
        "success": "Success",
        "failure": "Failure",
        "on_table": "package on the table",
        "mean_trust": "mean trust",
        "mean_commitment": "mean commitment",
        "aspiration": "aspirations (thin)",
        "left": "left",
        "outside": "outside",
        "members": "member / at the table",
    },
    "nl": {
        "title": "Botsende belangen: een samenwerking, maand na maand",
        "scenario": "Scenario",
        "language": "Taal",
        "levers": "Hefbomen",
        "levers.rules": "Spelregels (sterkte)",
        "coordinator_on": "Onafhankelijke coördinator",
        "levers.coordinator": "Vaardigheid coördinator",
        "levers.trust_investment_months": "Maanden investeren in vertrouwen",
        "levers.growth": "Groeistrategie",
        "all_at_once": "iedereen tegelijk",
        "core_group": "eerst een kopgroep",
        "situation": "Situatie",
        "conflict": "Belangentegenstelling",
        "initial_trust": "Vertrouwen bij de start",
        "autonomy_cost": "Kosten van autonomieverlies",
        "seed": "Seed (dezelfde seed geeft hetzelfde verhaal)",
        "step": "Stap",
        "play": "Afspelen",
        "pause": "Pauze",
        "reset": "Opnieuw",
        "speed": "Snelheid (maanden per seconde)",
        "month": "Maand",
        "of": "deadline",
        "phase": "Fase",
        "trust": "Gemiddeld vertrouwen",
        "mode": "Modus",
        "single": "Eén arena",
        "compare": "Vergelijken",
        "seat": "Neem een plek in",
        "compare_lever": "Hefboom om te vergelijken (links uit, rechts aan)",
        "seat_party": "Uw partij",
        "reset_note": "Instellingen gewijzigd: de run begint opnieuw met de nieuwe instellingen.",
        "invalid": "Niet toegepast, de run is ongewijzigd",
        "log": "Wat er gebeurt",
        "network": "Partijen en vertrouwen",
        "interests": "Botsende belangen: ideaalpunten (grootte: gewicht) en het pakket op tafel",
        "charts": "In de tijd",
        "export_events": "Logboek (CSV)",
        "export_series": "Maandreeksen (CSV)",
        "export_view": "Dit beeld (PNG)",
        "off": "uit",
        "on": "aan",
        "you_are": "U speelt {name}. Uw reserveringswaarde (wat alleen verder gaan waard is): "
        "{res:.2f}.",
        "your_interests": "Uw belangen",
        "issue": "Onderwerp",
        "ideal": "uw ideaal",
        "weight": "gewicht",
        "others_note": "Andere partijen ziet u zoals u ze waarneemt: open markers, met de fout die "
        "vertrouwen en hun openheid overlaten.",
        "offer_from": "{name} legt een voorstel op tafel. Waarde voor u: {value:.2f} "
        "(reservering {res:.2f}).",
        "table": "op tafel",
        "accept": "Instemmen",
        "reject": "Afwijzen",
        "your_turn": "Uw beurt: stel per onderwerp een voorstel samen.",
        "integration": "Integratie (hoe ver samenwerken)",
        "propose": "Leg dit voorstel op tafel",
        "worth": "Waarde voor u: {value:.2f} (reservering {res:.2f})",
        "waiting": "Wacht op uw besluit.",
        "not_at_table": "Uw partij zit (nog) niet aan tafel: de anderen onderhandelen.",
        "success": "Geslaagd",
        "failure": "Mislukt",
        "on_table": "pakket op tafel",
        "mean_trust": "gemiddeld vertrouwen",
        "mean_commitment": "gemiddelde betrokkenheid",
        "aspiration": "aspiraties (dun)",
        "left": "vertrokken",
        "outside": "niet meer aan tafel / buiten",
        "members": "lid / aan tafel",
    },
}


def _default_language(scenario: str) -> str:
    if DEFAULT_LANGUAGE in UI:
        return DEFAULT_LANGUAGE
    try:
        return load_scenario(scenario).language
    except ScenarioError:
        return "en"


# --- per-session state (Solara keeps a module-level reactive per browser session) -------------
language = solara.reactive(_default_language(DEFAULT_SCENARIO))
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
    if arenas.value is None:
        apply()
    return arenas.value


def step_all() -> bool:
    """One month in every arena (in lockstep); False when none could move."""
    with STEP_LOCK:
        moved = [arena.step() for arena in current()]
    version.value += 1
    return any(moved)


# --- figures -----------------------------------------------------------------------------------
def network_axes(axis, arena: Arena, lang: str) -> None:
    nodes, edges = arena.network()
    count = len(nodes)
    angle = np.linspace(0, 2 * np.pi, count, endpoint=False) + np.pi / 2
    x, y = np.cos(angle), np.sin(angle)
    parties = arena.model.n
    if count > parties:  # the coordinator sits in the middle
        x[parties], y[parties] = 0.0, 0.0
    active = nodes["status"].isin(["member", "at_table"]).to_numpy()
    shown = edges[active[edges["source"]] & active[edges["target"]]]
    if len(shown):
        segments = [
            [(x[s], y[s]), (x[t], y[t])]
            for s, t in zip(shown["source"], shown["target"], strict=True)
        ]
        trust = shown["trust"].to_numpy()
        axis.add_collection(
            LineCollection(
                segments,
                colors=TRUST_COLOURS(trust),
                linewidths=0.4 + 3.0 * trust,
                alpha=0.75,
                zorder=1,
            )
        )
    colours = np.array([matplotlib.colors.to_rgba(KIND_COLOURS[k]) for k in nodes["kind"]])
    sizes = 120 + 260 * nodes["weight"].to_numpy()
    status = nodes["status"].to_numpy()
    left = status == "left"
    colours[~left & ~active, 3] = 0.3  # outside the partnership: faded
    axis.scatter(
        x[~left],
        y[~left],
        s=sizes[~left],
        c=colours[~left],
        edgecolors="black",
        linewidths=0.5,
        zorder=2,
    )
    if left.any():  # members who left: hollow, dashed, crossed
        axis.scatter(
            x[left],
            y[left],
            s=sizes[left],
            facecolors="white",
            edgecolors=colours[left],
            linewidths=1.5,
            linestyle="--",
            zorder=2,
        )
        axis.scatter(x[left], y[left], s=sizes[left] * 0.4, marker="x", c=colours[left], zorder=3)
    for index, node in enumerate(nodes.itertuples()):
        name = node.name.replace("Gemeente ", "").replace("Waterschap ", "Ws. ")
        if node.kind == "coordinator":
            name = KIND_LABELS[lang]["coordinator"]
        axis.text(x[index], y[index] - 0.09, name, ha="center", va="top", fontsize=6.5)
    for kind, colour in KIND_COLOURS.items():
        if kind in set(nodes["kind"]):
            axis.scatter([], [], color=colour, label=KIND_LABELS[lang][kind], s=40)
    axis.scatter([], [], facecolors="white", edgecolors="grey", label=UI[lang]["left"], s=40)
    axis.legend(loc="upper left", fontsize=6, frameon=False, bbox_to_anchor=(-0.05, 1.08))
    axis.set_xlim(-1.35, 1.35)
    axis.set_ylim(-1.35, 1.25)
    axis.set_aspect("equal")
    axis.axis("off")
    axis.set_title(UI[lang]["network"], fontsize=9)


def interests_axes(axis, arena: Arena, lang: str) -> None:
    frame = arena.interests(lang)
    issues = list(dict.fromkeys(frame["issue"]))
    for row, issue in enumerate(issues):
        part = frame[frame["issue"] == issue]
        colours = [KIND_COLOURS[kind] for kind in part["kind"]]
        sizes = 20 + 500 * part["weight"].to_numpy()
        seen = part["perceived"].to_numpy()
        jitter = np.linspace(-0.18, 0.18, len(part))
        axis.scatter(
            part["ideal"][~seen],
            row + jitter[~seen],
            s=sizes[~seen],
            c=np.array(colours)[~seen],
            alpha=0.7,
            edgecolors="black",
            linewidths=0.3,
        )
        if seen.any():
            axis.scatter(
                part["ideal"][seen],
                row + jitter[seen],
                s=sizes[seen],
                facecolors="none",
                edgecolors=np.array(colours)[seen],
                linewidths=1.0,
            )
        table = part["table"].iloc[0]
        if not np.isnan(table):
            axis.plot([table, table], [row - 0.35, row + 0.35], color="black", linewidth=2.5)
    axis.plot([], [], color="black", linewidth=2.5, label=UI[lang]["on_table"])
    axis.legend(loc="lower right", fontsize=6, frameon=False)
    axis.set_yticks(range(len(issues)), issues, fontsize=7)
    axis.set_ylim(len(issues) - 0.5, -0.5)
    axis.set_xlim(-0.03, 1.03)
    axis.grid(axis="x", alpha=0.3)
    axis.tick_params(axis="x", labelsize=7)
    axis.set_title(UI[lang]["interests"], fontsize=9)


def charts_axes(axis, arena: Arena, lang: str) -> None:
    series = arena.series()
    if len(series):
        for column in [c for c in series.columns if c.startswith("aspiration: ")]:
            axis.plot(series["month"], series[column], color="grey", linewidth=0.5, alpha=0.5)
        axis.plot(
            series["month"],
            series["mean_trust"],
            color="#2ca02c",
            linewidth=2,
            label=UI[lang]["mean_trust"],
        )
        axis.plot(
            series["month"],
            series["mean_commitment"],
            color="#9467bd",
            linewidth=2,
            label=UI[lang]["mean_commitment"],
        )
        axis.plot([], [], color="grey", linewidth=0.5, label=UI[lang]["aspiration"])
        axis.legend(loc="lower left", fontsize=6, frameon=False)
    axis.axvline(arena.spec.deadline_months, color="red", linestyle=":", linewidth=1)
    axis.set_xlim(0, max(arena.spec.deadline_months + arena.spec.execution_months, arena.month) + 1)
    axis.set_ylim(0, 1.05)
    axis.tick_params(labelsize=7)
    axis.set_xlabel(UI[lang]["month"], fontsize=7)
    axis.grid(alpha=0.3)
    axis.set_title(UI[lang]["charts"], fontsize=9)


def arena_figure(arena: Arena, lang: str, wide: bool = True) -> Figure:
    """The network, the colliding interests and the charts of one arena in one figure."""
    if wide:
        figure = Figure(figsize=(11, 4.6))
        network = figure.add_axes((0.0, 0.0, 0.4, 0.95))
        interests = figure.add_axes((0.55, 0.45, 0.44, 0.49))
        charts = figure.add_axes((0.55, 0.08, 0.44, 0.28))
    else:
        figure = Figure(figsize=(5.6, 8.4))
        network = figure.add_axes((0.02, 0.52, 0.96, 0.46))
        interests = figure.add_axes((0.3, 0.24, 0.68, 0.24))
        charts = figure.add_axes((0.1, 0.04, 0.88, 0.15))
    network_axes(network, arena, lang)
    interests_axes(interests, arena, lang)
    charts_axes(charts, arena, lang)
    return figure


# --- the page's drawings: SVG built here, drawn by the browser (fast enough to follow Play) ----
def _rgb(value: float) -> str:
    red, green, blue, _ = TRUST_COLOURS(float(np.clip(value, 0.0, 1.0)))
    return f"rgb({int(255 * red)},{int(255 * green)},{int(255 * blue)})"


def svg_start(width: float, height: float, css: str, title: str) -> list[str]:
    """An SVG drawing's opening tag (scaled to the page's width) and its title."""
    return [
        f'<svg viewBox="0 0 {width} {height}" width="100%" class="{css}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">',
        f'<text x="{width / 2}" y="14" font-size="12" text-anchor="middle">{escape(title)}</text>',
    ]


def network_svg(arena: Arena, lang: str) -> str:
    """Parties on a circle (the coordinator in the middle), sized by their weight in the
    partnership, coloured by kind; edges by mutual trust (colour and width); who left: hollow
    and crossed; who stays outside: faded."""
    nodes, edges = arena.network()
    width, height, radius = 430, 400, 150
    centre_x, centre_y = width / 2, height / 2 + 8
    count, parties = len(nodes), arena.model.n
    angle = np.linspace(0, 2 * np.pi, parties, endpoint=False) - np.pi / 2
    x = np.append(centre_x + radius * np.cos(angle), centre_x)[:count]
    y = np.append(centre_y + radius * np.sin(angle), centre_y)[:count]
    active = nodes["status"].isin(["member", "at_table"]).to_numpy()
    parts = svg_start(width, height, "ps-network", UI[lang]["network"])
    for source, target, trust in edges.itertuples(index=False):
        if active[source] and active[target]:
            parts.append(
                f'<line x1="{x[source]:.1f}" y1="{y[source]:.1f}" x2="{x[target]:.1f}" '
                f'y2="{y[target]:.1f}" stroke="{_rgb(trust)}" stroke-width="{0.4 + 4 * trust:.2f}" '
                f'stroke-opacity="0.7"><title>{trust:.2f}</title></line>'
            )
    for index, node in enumerate(nodes.itertuples()):
        size = 7 + 7 * np.sqrt(node.weight)
        colour = KIND_COLOURS[node.kind]
        name = KIND_LABELS[lang]["coordinator"] if node.kind == "coordinator" else node.name
        short = escape(name.replace("Gemeente ", "").replace("Waterschap ", "Ws. "))
        title = f"<title>{escape(name)} ({escape(KIND_LABELS[lang][node.kind])})</title>"
        if node.status == "left":
            parts.append(
                f'<g class="ps-left"><circle cx="{x[index]:.1f}" cy="{y[index]:.1f}" r="{size:.1f}" '
                f'fill="white" stroke="{colour}" stroke-width="2" stroke-dasharray="3,2"/>'
                f'<text x="{x[index]:.1f}" y="{y[index] + 4:.1f}" font-size="12" '
                f'text-anchor="middle" fill="{colour}">×</text>{title}</g>'
            )
        else:
            opacity = 1.0 if active[index] else 0.3
            parts.append(
                f'<circle cx="{x[index]:.1f}" cy="{y[index]:.1f}" r="{size:.1f}" fill="{colour}" '
                f'fill-opacity="{opacity}" stroke="black" stroke-width="0.5">{title}</circle>'
            )
        parts.append(
            f'<text x="{x[index]:.1f}" y="{y[index] + size + 10:.1f}" font-size="9" '
            f'text-anchor="middle">{short}</text>'
        )
    legend_y = 30
    for kind in [k for k in KIND_COLOURS if k in set(nodes["kind"])]:
        parts.append(
            f'<circle cx="10" cy="{legend_y}" r="5" fill="{KIND_COLOURS[kind]}"/>'
            f'<text x="19" y="{legend_y + 4}" font-size="10">'
            f"{escape(KIND_LABELS[lang][kind])}</text>"
        )
        legend_y += 14
    parts.append(
        f'<circle cx="10" cy="{legend_y}" r="5" fill="white" stroke="grey" '
        f'stroke-dasharray="2,2"/><text x="19" y="{legend_y + 4}" font-size="10">'
        f"{escape(UI[lang]['left'])}</text>"
    )
    return "".join([*parts, "</svg>"])


def interests_svg(arena: Arena, lang: str) -> str:
    """Per issue: every party's ideal point (area: how much the issue weighs for it; hollow: as
    the seated party perceives it) and the package on the table (a black bar)."""
    frame = arena.interests(lang)
    issues = list(dict.fromkeys(frame["issue"]))
    left, right, row_height, top = 175, 570, 46, 26
    height = top + row_height * len(issues) + 24
    scale = right - left
    parts = svg_start(right + 12, height, "ps-interests", UI[lang]["interests"])
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        tx = left + tick * scale
        parts.append(
            f'<line x1="{tx}" y1="{top}" x2="{tx}" y2="{height - 20}" stroke="#ddd"/>'
            f'<text x="{tx}" y="{height - 6}" font-size="9" text-anchor="middle">'
            f"{tick:g}</text>"
        )
    for row, issue in enumerate(issues):
        part = frame[frame["issue"] == issue]
        centre = top + row_height * (row + 0.5)
        parts.append(
            f'<text x="{left - 8}" y="{centre + 4}" font-size="10" '
            f'text-anchor="end">{escape(issue)}</text>'
        )
        jitter = np.linspace(-row_height * 0.3, row_height * 0.3, len(part))
        for offset, item in zip(jitter, part.itertuples(), strict=True):
            radius = 2 + 14 * np.sqrt(item.weight)
            colour = KIND_COLOURS[item.kind]
            fill = (
                'fill="none" stroke-width="1.5"'
                if item.perceived
                else (f'fill="{colour}" fill-opacity="0.65" stroke-width="0.4"')
            )
            stroke = colour if item.perceived else "black"
            parts.append(
                f'<circle cx="{left + item.ideal * scale:.1f}" cy="{centre + offset:.1f}" '
                f'r="{radius:.1f}" {fill} stroke="{stroke}"><title>{escape(item.party)}: '
                f"{item.ideal:.2f} ({UI[lang]['weight']} {item.weight:.2f})</title></circle>"
            )
        table = part["table"].iloc[0]
        if not np.isnan(table):
            tx = left + table * scale
            parts.append(
                f'<line x1="{tx:.1f}" y1="{centre - row_height * 0.42:.1f}" x2="{tx:.1f}" '
                f'y2="{centre + row_height * 0.42:.1f}" stroke="black" stroke-width="4">'
                f"<title>{escape(UI[lang]['on_table'])}: {table:.2f}</title></line>"
            )
    return "".join([*parts, "</svg>"])


def charts_svg(arena: Arena, lang: str) -> str:
    """Mean trust, mean commitment and every party's aspiration per month; the deadline dotted."""
    width, height, left, bottom, top = 580, 190, 34, 24, 20
    months = max(arena.spec.deadline_months + arena.spec.execution_months, arena.month) + 1
    plot_w, plot_h = width - left - 10, height - bottom - top

    def px(month, value):
        return left + month / months * plot_w, top + (1 - value) * plot_h

    parts = svg_start(width, height, "ps-charts", UI[lang]["charts"])
    for value in (0, 0.5, 1):
        _, gy = px(0, value)
        parts.append(
            f'<line x1="{left}" y1="{gy}" x2="{width - 10}" y2="{gy}" stroke="#ddd"/>'
            f'<text x="{left - 4}" y="{gy + 3}" font-size="9" text-anchor="end">{value:g}'
            "</text>"
        )
    for month in range(0, months, 12):
        gx, _ = px(month, 0)
        parts.append(
            f'<text x="{gx}" y="{height - 8}" font-size="9" text-anchor="middle">{month}</text>'
        )
    dx, _ = px(arena.spec.deadline_months, 0)
    parts.append(
        f'<line x1="{dx}" y1="{top}" x2="{dx}" y2="{top + plot_h}" stroke="red" '
        f'stroke-dasharray="2,3"><title>deadline</title></line>'
    )
    series = arena.series()

    def polyline(values, colour, stroke_width, opacity=1.0):
        points = " ".join(
            f"{px(m, v)[0]:.1f},{px(m, v)[1]:.1f}"
            for m, v in zip(series["month"], values, strict=True)
            if np.isfinite(v)
        )
        return (
            f'<polyline points="{points}" fill="none" stroke="{colour}" '
            f'stroke-width="{stroke_width}" stroke-opacity="{opacity}"/>'
        )

    if len(series):
        for column in [c for c in series.columns if c.startswith("aspiration: ")]:
            peak = max(float(series[column].max()), 1e-9)
            parts.append(polyline(series[column] / max(peak, 1.0), "grey", 0.6, 0.5))
        parts.append(polyline(series["mean_trust"], "#2ca02c", 2.5))
        parts.append(polyline(series["mean_commitment"].astype(float), "#9467bd", 2.5))
    legend = (("mean_trust", "#2ca02c"), ("mean_commitment", "#9467bd"), ("aspiration", "grey"))
    for number, (key, colour) in enumerate(legend):
        lx = left + 8 + number * 170
        parts.append(
            f'<line x1="{lx}" y1="{top + plot_h - 8}" x2="{lx + 16}" '
            f'y2="{top + plot_h - 8}" stroke="{colour}" stroke-width="2.5"/>'
            f'<text x="{lx + 20}" y="{top + plot_h - 5}" font-size="9">'
            f"{escape(UI[lang][key])}</text>"
        )
    return "".join([*parts, "</svg>"])


@solara.component
def Drawings(arena: Arena, wide: bool = True, month: int = 0):
    lang = language.value
    network, interests, charts = (
        network_svg(arena, lang),
        interests_svg(arena, lang),
        charts_svg(arena, lang),
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


def view_png(lang: str) -> bytes:
    """The current view as one PNG, for the debrief."""
    shown = current()
    figure = Figure(figsize=(11 * len(shown) if len(shown) > 1 else 11, 4.6))
    buffer = io.BytesIO()
    if len(shown) == 1:
        arena_figure(shown[0], lang).savefig(buffer, format="png", dpi=150)
    else:
        figure = Figure(figsize=(11.5, 8.6), layout="constrained")
        for number, arena in enumerate(shown):
            sub = figure.add_subfigure(figure.add_gridspec(1, 2)[number])
            grid = sub.add_gridspec(3, 1, height_ratios=[1.4, 1.1, 0.8])
            network_axes(sub.add_subplot(grid[0]), arena, lang)
            interests_axes(sub.add_subplot(grid[1]), arena, lang)
            charts_axes(sub.add_subplot(grid[2]), arena, lang)
        figure.savefig(buffer, format="png", dpi=150)
    return buffer.getvalue()


# --- components --------------------------------------------------------------------------------
def Heading(label: str):
    return solara.HTML(tag="b", unsafe_innerHTML=escape(label))


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

    def coordinator_on(on: bool):
        apply(controls={**controls.value, "levers.coordinator": 0.8 if on else 0.0})

    with solara.Column(gap="4px", classes=["ps-controls"]):
        solara.ToggleButtonsSingle(
            value=lang,
            values=["nl", "en"],
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
            solara.Select(
                text["compare_lever"],
                values=list(COMPARABLE),
                value=compare_lever.value,
                on_value=lambda v: apply(lever=v),
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
        solara.SliderFloat(
            text["levers.rules"],
            value=settings["levers.rules"],
            min=0,
            max=1,
            step=0.1,
            on_value=set_control("levers.rules"),
        )
        solara.Checkbox(
            label=text["coordinator_on"],
            value=settings["levers.coordinator"] > 0,
            on_value=coordinator_on,
        )
        if settings["levers.coordinator"] > 0:
            solara.SliderFloat(
                text["levers.coordinator"],
                value=settings["levers.coordinator"],
                min=0.1,
                max=1,
                step=0.1,
                on_value=set_control("levers.coordinator"),
            )
        solara.SliderInt(
            text["levers.trust_investment_months"],
            value=settings["levers.trust_investment_months"],
            min=0,
            max=12,
            on_value=set_control("levers.trust_investment_months"),
        )
        Heading(text["levers.growth"])
        solara.ToggleButtonsSingle(
            value=settings["levers.growth"],
            children=[
                solara.Button(text["all_at_once"], value="all_at_once", text=True),
                solara.Button(text["core_group"], value="core_group", text=True),
            ],
            on_value=set_control("levers.growth"),
            classes=["ps-growth"],
        )
        Heading(text["situation"])
        for name in ("conflict", "initial_trust", "autonomy_cost"):
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
            colour = {"done": "#b0c4de", "current": "#1f5a93", "next": "#eeeeee"}[state]
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
                    with STEP_LOCK:
                        arena.respond(accept)
                    version.value += 1

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
                    with STEP_LOCK:
                        arena.offer(package)
                    version.value += 1

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
            lambda: first.events_csv(lang),
            filename="partnersim_events.csv",
            label=text["export_events"],
        )
        solara.FileDownload(
            lambda: first.series_csv(),
            filename="partnersim_series.csv",
            label=text["export_series"],
        )
        solara.FileDownload(
            lambda: view_png(lang), filename="partnersim_view.png", label=text["export_view"]
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
                off, on = COMPARABLE[compare_lever.value]
                with solara.Columns([1, 1]):
                    for tag, arena, setting in (("-a", shown[0], off), ("-b", shown[1], on)):
                        with solara.Column():
                            Heading(
                                f"{text.get(compare_lever.value, compare_lever.value)}: "
                                f"{text.get(str(setting), setting)}"
                            )
                            Status(arena, tag, month=version.value)
                            Drawings(arena, wide=False, month=version.value)
                            Log(arena, limit=15, month=version.value)
            Exports()
