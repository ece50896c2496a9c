"""The projector view and the drawings a trainer shows on a beamer: each party's standing in the
network (at the table, waiting outside the core group, stayed out, left, rejected by its
council), the colliding-interests board (poles, names, faded outsiders, rejecters, the package
and the integration level), and, in a real headless Chromium at 1280×720, the view itself: no
controls, no text under 18 px, one panel over the full width, the language kept."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from sim.dashboard import drawings, projector
from sim.dashboard.arena import Arena
from sim.dashboard.drawings import REJECTED_COLOUR, Circle, Group, Label, Line
from sim.dashboard.standing import standings
from sim.scenario import load_scenario, scenario_names
from sim.texts import LANGUAGES, POLE_LABELS, PROJECTOR, STANDING_LABELS

SEED = 4
"""An `azon` run (core group) with waiting parties, two council rejections and an exit."""


def texts(drawing) -> list[Label]:
    found = []
    for shape in drawing.shapes:
        parts = shape.shapes if isinstance(shape, Group) else (shape,)
        found += [part for part in parts if isinstance(part, Label)]
    return found


def mark(drawing, name: str) -> list:
    """The shapes whose tip names party `name` (a node, or its marks on the board)."""
    return [
        shape
        for shape in drawing.shapes
        if getattr(shape, "tip", "").startswith((f"{name} (", f"{name}:"))
    ]


@cache
def history() -> tuple[Arena, dict[str, dict[str, int]]]:
    """The run played to its end, and per standing the first month each party had it."""
    arena = Arena("azon", {}, SEED)
    seen: dict[str, dict[str, int]] = {}
    while not arena.finished:
        arena.step()
        for party, standing in zip(arena.model.parties, standings(arena.model), strict=True):
            seen.setdefault(standing, {}).setdefault(party.name, arena.month)
    return arena, seen


def at_month(month: int) -> Arena:
    arena = Arena("azon", {}, SEED)
    while arena.month < month:
        arena.step()
    return arena


# --- A: the network tells the standings apart -----------------------------------------------------
def test_the_standings_follow_the_events():
    arena, seen = history()
    events = arena.model.events
    rejected = {e.params["party"] for e in events if e.code == "council_rejects"}
    exited = {e.params["party"] for e in events if e.code == "exit"}
    assert rejected and exited, "seed 4 of azon no longer has a council rejection and an exit"
    assert set(seen["council_rejected"]) == rejected
    assert set(seen["left"]) == exited
    stayed_out = {e.params["party"] for e in events if e.code == "stays_out"}
    assert set(seen["outside"]) == stayed_out
    core = next(e.params["parties"] for e in events if e.code == "core_group")
    assert set(seen["waiting"]).isdisjoint(core) and seen["waiting"]
    assert set(seen["at_table"]) == set(core)  # a waiting party joins as a member, never sits
    assert not set(seen["waiting"]) & set(seen.get("at_table", {}))


def test_the_network_draws_each_standing_with_its_own_look_and_legend():
    last, seen = history()
    months = {
        min(seen["waiting"].values()),  # the core group sits, the others wait or stayed out
        min(seen["council_rejected"].values()),
        last.month,  # a member has left
    }
    checked: set[str] = set()
    for month in sorted(months):
        shown = last if month == last.month else at_month(month)
        now = dict(zip([p.name for p in shown.model.parties], standings(shown.model), strict=True))
        for lang in LANGUAGES:
            network = drawings.network(shown, lang)
            words = [label.text for label in texts(network)]
            for standing in drawings.STANDING_LEGEND:  # every standing in the legend
                assert STANDING_LABELS[lang][standing] in words
            for name, standing in now.items():
                (node,) = mark(network, name)
                checked.add(standing)
                if standing in ("member", "at_table"):
                    assert isinstance(node, Circle) and node.fill_opacity == 1 and not node.dash
                    continue
                if standing == "left":
                    assert isinstance(node, Group) and node.css == "ps-left"
                    assert node.shapes[0].fill == "white"
                    assert sum(isinstance(part, Line) for part in node.shapes) == 2  # crossed
                else:
                    assert isinstance(node, Circle)
                assert STANDING_LABELS[lang][standing] in node.tip
                if standing == "waiting":
                    assert node.fill_opacity < 0.5 and node.dash
                elif standing == "outside":
                    assert node.fill_opacity < 0.2 and not node.dash
                elif standing == "council_rejected":
                    assert node.fill == "white" and node.stroke == REJECTED_COLOUR
                    after = network.shapes[network.shapes.index(node) + 1]
                    assert isinstance(after, Line) and after.colour == REJECTED_COLOUR
    assert checked >= {"at_table", "waiting", "outside", "council_rejected", "left"}


def test_no_edges_to_parties_that_wait_outside_the_core_group():
    arena = at_month(12)
    now = standings(arena.model, arena.ever_member)
    assert "waiting" in now
    nodes, _ = arena.network()
    network = drawings.network(arena, "en")
    waiting = [i for i, standing in enumerate(now) if standing == "waiting"]
    centres = {(n.x, n.y) for i in waiting for n in mark(network, nodes["name"][i])}
    for line in [s for s in network.shapes if isinstance(s, Line) and s.tip]:
        assert (line.x1, line.y1) not in centres and (line.x2, line.y2) not in centres


# --- C: the colliding-interests board ---------------------------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_pole_of_azon_is_written_on_the_board(lang):
    arena = Arena("azon", {}, 1)
    board = projector.interests_board(arena, lang, projector.FULL)
    words = [label.text for label in texts(board)]
    for issue in arena.spec.issues:
        for pole in (issue.low_label, issue.high_label):
            assert pole
            assert POLE_LABELS[lang].get(pole, pole) in words
    assert PROJECTOR[lang]["integration_low"] in words
    assert PROJECTOR[lang]["integration_high"] in words
    half = " ".join(label.text for label in texts(projector.interests_board(arena, lang)))
    for issue in arena.spec.issues:  # a long pole wraps in a column but is all there
        for pole in (issue.low_label, issue.high_label):
            shown = POLE_LABELS[lang].get(pole, pole)
            assert all(word in half.split() for word in shown.split())


def test_every_shipped_pole_is_translated():
    for name in scenario_names():
        spec = load_scenario(name)
        other = next(lang for lang in LANGUAGES if lang != spec.language)
        for issue in spec.issues:
            assert issue.low_label and issue.high_label, (name, issue.key)
            assert issue.low_label in POLE_LABELS[other], (name, issue.low_label)
            assert issue.high_label in POLE_LABELS[other], (name, issue.high_label)
    for table in (PROJECTOR, STANDING_LABELS):
        assert table["nl"].keys() == table["en"].keys()


def test_outsiders_are_faded_and_the_parties_at_the_table_named():
    arena = at_month(20)
    now = dict(zip([p.name for p in arena.model.parties], standings(arena.model), strict=True))
    assert {"at_table", "waiting", "outside"} <= set(now.values())
    board = projector.interests_board(arena, "nl")
    words = [label.text for label in texts(board)]
    issues = len(arena.model.issue_keys)
    for name, standing in now.items():
        marks = [s for s in mark(board, name) if isinstance(s, Circle)]
        assert len(marks) == issues + 1  # every issue and the integration level
        short = drawings.short_name(name)
        if standing in ("member", "at_table"):
            assert all(m.fill_opacity >= 0.9 for m in marks)
            assert words.count(short) == issues  # named on every issue's scale
        else:
            assert all(m.fill_opacity <= 0.25 for m in marks)
            assert short not in words


def test_the_parties_that_rejected_the_last_offer_are_ringed_in_red():
    arena = Arena("azon", {}, SEED)
    rejecters: set[str] = set()
    while not arena.finished and not rejecters:
        arena.step()
        rejecters = projector.last_rejecters(arena.model)
    assert rejecters
    board = projector.interests_board(arena, "en", projector.FULL)
    rings = [
        s
        for s in board.shapes
        if isinstance(s, Circle) and s.stroke == REJECTED_COLOUR and s.fill == "none" and s.y > 60
    ]
    names = {label.text: label.colour for label in texts(board) if label.y > 60}
    at_table = [p.name for p in arena.model.parties if arena.model.at_table[p.index]]
    for name in at_table:
        centres = {(m.x, m.y) for m in mark(board, name) if isinstance(m, Circle)}
        ringed = {(r.x, r.y) for r in rings} & centres
        colour = names[drawings.short_name(name)]
        if name in rejecters:
            assert ringed == centres and colour == REJECTED_COLOUR
        else:
            assert not ringed and colour == "black"


def test_the_integration_mark_stands_at_the_packages_integration():
    arena = at_month(20)
    value = float(arena.model.table[-1])
    assert np.isfinite(value)
    for width in (projector.HALF, projector.FULL):
        board = projector.interests_board(arena, "en", width)
        (group,) = [
            s for s in board.shapes if isinstance(s, Group) and s.css == "ps-integration-package"
        ]
        (bar,) = group.shapes
        left, right = projector.PAD + 14, width - projector.PAD - 14
        assert bar.x1 == bar.x2 == pytest.approx(left + value * (right - left), abs=0.06)
        assert f"{value:.2f}" in [label.text for label in texts(board)]
        packages = [s for s in board.shapes if isinstance(s, Group) and s.css == "ps-package"]
        assert len(packages) == len(arena.model.issue_keys)
        for package, position in zip(packages, arena.model.table[:-1], strict=True):
            assert package.shapes[0].x1 == pytest.approx(left + position * (right - left), abs=0.06)


def test_every_text_of_a_board_is_at_least_the_projector_font():
    arena = at_month(30)
    for lang in LANGUAGES:
        for build in projector.BOARDS.values():
            for width in (projector.HALF, projector.FULL):
                board = build(arena, lang, width)
                assert min(label.size for label in texts(board)) >= projector.FONT
                svg = drawings.to_svg(board)
                assert "<text" in svg  # real text, that a test and a screen reader can read


def test_the_address_asks_for_the_view_and_a_panel():
    assert projector.requested("view=projector") == (True, "all")
    assert projector.requested("view=projector&panel=interests") == (True, "interests")
    assert projector.requested("panel=nonsense&view=projector") == (True, "all")
    assert projector.requested(None) == (False, "all")
    assert projector.requested("table=ABCD") == (False, "all")


# --- B and D: the view in Chromium ------------------------------------------------------------
MEASURE = """() => {
  const sizes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    if (!node.textContent.trim() || !element || element.closest('title,style,script')) continue;
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    let size = parseFloat(style.fontSize);
    if (element.closest('svg')) {  // an SVG text: its size in user units, times the zoom
      const m = element.getScreenCTM();
      size *= Math.hypot(m.a, m.b);
    }
    sizes.push([size, node.textContent.trim().slice(0, 40)]);
  }
  return sizes;
}"""
"""Every visible text on the page with its rendered font size in CSS pixels."""


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    from support.browser import CHROMIUM, CHROMIUM_ARGS, app_server

    if not Path(CHROMIUM).exists() and os.environ.get("PARTNERSIM_SKIP_BROWSER") == "1":
        pytest.skip("no Chromium and PARTNERSIM_SKIP_BROWSER=1")
    with app_server() as address, playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield address, chromium
        chromium.close()


def open_page(browser, path: str = ""):
    address, chromium = browser
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(address + path)
    return page


def visible(page, selector: str) -> bool:
    return any(element.is_visible() for element in page.query_selector_all(selector))


def test_the_projector_view_at_1280_by_720(browser):
    page = open_page(browser, "/?view=projector")
    page.wait_for_selector(".ps-projector")
    for _ in range(14):  # into the negotiation: names, rejecters, the package, the log
        before = page.inner_text(".ps-pmonth")
        page.click(".ps-pstep")
        page.wait_for_function(f"document.querySelector('.ps-pmonth').textContent != '{before}'")
    for selector in (".ps-controls", ".ps-transport", ".ps-export", ".ps-language", ".v-slider"):
        assert not visible(page, selector), selector
    sizes = page.evaluate(MEASURE)
    assert len(sizes) > 60
    smallest = min(sizes)
    assert smallest[0] >= 18, smallest
    assert page.locator(".ps-panel-network svg text").count() > 10
    for panel in ("network", "interests", "charts", "log"):
        page.click(f".ps-pfocus-{panel}")
        page.wait_for_selector(f".ps-pfocus-{panel}.bg-primary, .ps-panel-{panel}")
        page.wait_for_function(
            f"document.querySelectorAll('.ps-projector-panel').length == 1 && "
            f"document.querySelector('.ps-panel-{panel}')"
        )
        width = page.evaluate(
            f"document.querySelector('.ps-panel-{panel}').getBoundingClientRect().width"
        )
        assert width >= 0.9 * 1280, (panel, width)
        smallest = min(page.evaluate(MEASURE))
        assert smallest[0] >= 18, (panel, smallest)
    page.context.close()


def test_the_language_stays_and_a_waiting_party_is_drawn_faded(browser):
    page = open_page(browser)
    page.wait_for_selector(".ps-month")
    page.locator(".ps-language button", has_text="EN").click()
    page.wait_for_selector(".ps-step:has-text('Step')")
    for _ in range(2):  # orientation: a core group sits, the others wait outside it
        before = page.inner_text(".ps-month")
        page.click(".ps-step")
        page.wait_for_function(f"document.querySelector('.ps-month').textContent != '{before}'")
    opacity = """(text) => [...document.querySelectorAll('.ps-network circle')]
        .filter(c => c.querySelector('title') && c.querySelector('title').textContent
        .endsWith(text)).map(c => Number(getComputedStyle(c).fillOpacity))"""
    waiting = page.evaluate(opacity, STANDING_LABELS["en"]["waiting"])
    at_table = page.evaluate(opacity, STANDING_LABELS["en"]["at_table"])
    assert waiting and at_table
    assert max(waiting) < 0.5 and min(at_table) == 1
    assert STANDING_LABELS["en"]["waiting"] in page.text_content("svg.ps-network")

    page.click(".ps-projector-open")
    page.wait_for_selector(".ps-projector")
    bar = page.inner_text(".ps-projector-bar")
    assert PROJECTOR["en"]["all"] in bar and "Step" in bar
    assert PROJECTOR["en"]["interests"] in page.inner_text(".ps-panel-interests")
    assert page.inner_text(".ps-pmonth") == "2"  # the same run, not a new one
    page.click(".ps-pleave")
    page.wait_for_selector(".ps-controls")
    assert page.text_content(".ps-step").strip() == "Step" and page.inner_text(".ps-month") == "2"
    page.context.close()
