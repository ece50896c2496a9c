"""The dashboard's components, rendered with Solara's test renderer: controls change the model,
the log shows events, language switches, comparison runs in lockstep, the seat view hides the
other parties' true interests, and a rejected control leaves the run intact."""

from __future__ import annotations

import html
import re
import struct

import ipyvuetify as v
import numpy as np
import pytest

solara = pytest.importorskip("solara")

from support.dashboard import fresh_session as reset_session  # noqa: E402

from sim.dashboard import drawings, export, page, session  # noqa: E402
from sim.dashboard.arena import control_values  # noqa: E402
from sim.levers import registered  # noqa: E402


@pytest.fixture(autouse=True)
def fresh_session():
    """Every test starts as a new browser session on azon."""
    reset_session()
    yield


def texts(rc, css: str) -> list[str]:
    return ["".join(map(str, w.children)) for w in rc.find(v.Html, class_=css).widgets]


def events(rc) -> list[str]:
    """The lines of the event log (one piece of HTML, a div a line)."""
    logs = [
        w.unsafe_innerHTML
        for w in rc.find(solara.widgets.HTML).widgets
        if '<div class="ps-event">' in (w.unsafe_innerHTML or "")
    ]
    assert len(logs) == 1
    shown = logs[0]
    return [html.unescape(line) for line in re.findall(r'<div class="ps-event">(.*?)</div>', shown)]


def drawing(rc, css: str) -> str:
    found = [
        w.unsafe_innerHTML
        for w in rc.find(solara.widgets.HTML).widgets
        if w.unsafe_innerHTML and f'class="{css}"' in w.unsafe_innerHTML
    ]
    assert len(found) == 1
    return found[0]


def step(rc, times: int = 1) -> None:
    button = rc.find(v.Btn, class_="ps-step")
    for _ in range(times):
        button.widget.click()


def test_step_moves_month_phase_trust_and_log():
    box, rc = solara.render(page.Page(), handle_error=False)
    assert texts(rc, "ps-month") == ["0"]
    assert texts(rc, "ps-phase") == ["Verkenning"]
    network_before = drawing(rc, "ps-network")
    step(rc, 14)
    assert texts(rc, "ps-month") == ["14"]
    assert texts(rc, "ps-phase") != ["Verkenning"]
    assert float(texts(rc, "ps-trust")[0].replace(",", ".")) == pytest.approx(
        session.current()[0].mean_trust(), abs=0.006
    )
    shown = events(rc)
    assert len(shown) == len(session.current()[0].log("nl")) > 5
    assert re.match(r"\s*\d+\s+\S", shown[0])
    months = [int(line.split()[0]) for line in shown]
    assert months == sorted(months, reverse=True)  # newest first
    assert drawing(rc, "ps-network") != network_before


@pytest.mark.parametrize(("mode", "tags"), [("single", [""]), ("compare", ["-a", "-b"])])
def test_reset_after_steps_starts_the_run_again(mode, tags):
    """A fresh arena with the same settings must replace the stepped one (it once compared
    equal to it, so the page kept the old run and Reset did nothing)."""
    box, rc = solara.render(page.Page(), handle_error=False)
    assert session.apply(mode=mode)
    step(rc, 5)
    assert [texts(rc, f"ps-month{tag}") for tag in tags] == [["5"]] * len(tags)
    rc.find(v.Btn, class_="ps-reset").widget.click()
    assert [texts(rc, f"ps-month{tag}") for tag in tags] == [["0"]] * len(tags)
    assert all(arena.month == 0 for arena in session.current())


def test_a_lever_control_resets_the_run_with_the_lever_and_says_so():
    box, rc = solara.render(page.Page(), handle_error=False)
    step(rc, 5)
    first = session.current()[0]
    assert first.model.coordinator is not None  # azon has a coordinator
    checkbox = rc.find(v.Checkbox, label="Onafhankelijke coördinator")
    checkbox.widget.v_model = False
    arena = session.current()[0]
    assert arena is not first and arena.month == 0
    assert arena.model.coordinator is None and arena.spec.levers.coordinator == 0.0
    assert "Instellingen gewijzigd" in "".join(
        str(c) for w in rc.find(v.Alert).widgets for c in w.children
    )
    slider = rc.find(v.Slider, label="Maanden investeren in vertrouwen")
    slider.widget.v_model = 9
    assert session.current()[0].spec.levers.trust_investment_months == 9


def test_a_rejected_combination_is_shown_and_the_run_is_kept():
    box, rc = solara.render(page.Page(), handle_error=False)
    step(rc, 4)
    before = session.current()[0]
    assert session.apply(controls={**session.controls.value, "conflict": 1.5}) is False
    assert session.current()[0] is before and before.month == 4
    assert session.controls.value["conflict"] != 1.5
    message = " ".join(str(c) for w in rc.find(v.Alert).widgets for c in w.children)
    assert "Belangentegenstelling moet tussen 0 en 1 liggen, niet 1.5" in message
    assert "Niet toegepast" in message and "Input should" not in message
    assert session.apply(seed=-3) is False and session.current()[0] is before


def test_language_switches_interface_and_log():
    box, rc = solara.render(page.Page(), handle_error=False)
    step(rc, 3)
    rc.find(v.BtnToggle, class_="ps-language").widget.v_model = "en"
    assert session.language.value == "en"
    rc.find(v.Btn, children=["Step"]).assert_single()
    assert texts(rc, "ps-phase")[0] in ("Orientation", "Getting to know each other")
    assert any("joins" in line or "stays out" in line for line in events(rc))


def test_comparison_steps_two_arenas_in_lockstep():
    box, rc = solara.render(page.Page(), handle_error=False)
    assert session.apply(mode="compare", lever="levers.coordinator")
    step(rc, 20)
    off, on = session.current()
    assert texts(rc, "ps-month-a") == texts(rc, "ps-month-b") == ["20"]
    assert off.model.coordinator is None and on.model.coordinator is not None
    assert len(rc.find(v.Html, class_="ps-month-a").widgets) == 1


def test_the_seat_view_shows_the_perceived_interests_and_an_answer_plays_the_month():
    """What the seated party perceives (tested in test_arena) is what the page draws."""
    controls = {**control_values("baseline"), "initial_trust": 0.1}
    assert session.apply(scenario="baseline", mode="seat", seat=1, controls=controls)
    box, rc = solara.render(page.Page(), handle_error=False)
    arena = session.current()[0]
    for _ in range(80):
        if arena.awaiting() == "response":
            break
        step(rc)
    assert arena.awaiting() == "response"
    svg = drawing(rc, "ps-interests")
    shown = {
        (m.group(1), float(m.group(2))) for m in re.finditer(r"<title>([^:<]+): ([\d.]+)", svg)
    }
    frame = arena.interests()
    assert shown == {(row.party, round(row.ideal, 2)) for row in frame.itertuples()}
    own = arena.model.parties[1].name
    true = arena.model.prefs.ideals
    assert {value for name, value in shown if name == own} == {round(x, 2) for x in true[1]}
    assert any(
        {value for name, value in shown if name == party.name} != {round(x, 2) for x in true[i]}
        for i, party in enumerate(arena.model.parties)
        if i != 1
    )  # with low trust the view differs from the truth
    # rejecting the offer plays the month and the log names the seat among the rejecters
    month = arena.month
    rc.find(v.Btn, class_="ps-reject").widget.click()
    assert arena.month == month + 1
    offer = [e for e in arena.model.events if e.code == "offer"][-1]
    assert own in offer.params["rejected"]


def test_every_registered_lever_has_its_control():
    box, rc = solara.render(page.Page(), handle_error=False)
    settings = session.controls.value
    assert [knob for knob in settings if knob.startswith("levers.")] == [
        lever.knob for lever in registered()
    ]
    for lever in registered():
        label = lever.label("nl")
        kind = lever.control.kind
        if kind in ("slider", "int_slider") or (kind == "switch_slider" and settings[lever.knob]):
            rc.find(v.Slider, label=label).assert_single()
        if kind == "choice":
            toggle = rc.find(v.BtnToggle, class_=f"ps-{lever.name}")
            toggle.assert_single()
            toggle.widget.v_model = lever.compare[1]
            field = lever.knob.split(".", 1)[1]
            assert getattr(session.current()[0].spec.levers, field) == lever.compare[1]
    menu = rc.find(v.Select, label="Hefboom om te vergelijken (links uit, rechts aan)")
    assert not menu.widgets  # only in comparison mode
    session.apply(mode="compare", lever=registered()[0].knob)
    menu = rc.find(v.Select, label="Hefboom om te vergelijken (links uit, rechts aan)")
    # the menu names the levers in the page's language and maps a choice back to its knob
    assert menu.widget.items == [lever.label("nl") for lever in registered()]
    menu.widget.v_model = registered()[1].label("nl")
    assert session.compare_lever.value == registered()[1].knob


def circles(svg: str) -> list[tuple[float, float, float, str]]:
    return [
        (float(m.group(1)), float(m.group(2)), float(m.group(3)), m.group(4))
        for m in re.finditer(
            r'<circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)" fill="([^"]+)"', svg
        )
    ]


@pytest.mark.parametrize("mode", ["single", "compare"])
def test_the_exported_picture_is_the_screens_drawing(mode):
    """The PNG paints the page's own shapes: every node and point at the screen's position, in
    its order and colour, the same way up (not mirrored), and the same names."""
    from matplotlib.colors import to_rgba
    from matplotlib.patches import Circle

    assert session.apply(mode=mode, lever="levers.coordinator")
    shown = session.current()
    for _ in range(30):
        for arena in shown:
            arena.step()
    box, rc = solara.render(page.Page(), handle_error=False)
    figure = export.view_figure(shown, "nl")
    for css in ("ps-network", "ps-interests", "ps-charts"):
        svgs = [
            w.unsafe_innerHTML
            for w in rc.find(solara.widgets.HTML).widgets
            if w.unsafe_innerHTML and f'class="{css}"' in w.unsafe_innerHTML
        ]
        axes = [a for a in figure.axes if a.get_label() == css]
        assert len(svgs) == len(axes) == len(shown)
        for svg, ax in zip(svgs, axes, strict=True):
            on_screen = circles(svg)
            painted = [p for p in ax.patches if isinstance(p, Circle)]
            assert [(x, y, r) for x, y, r, _ in on_screen] == [
                (*p.center, p.radius) for p in painted
            ]
            for (*_, fill), patch in zip(on_screen, painted, strict=True):
                if fill != "none":
                    assert to_rgba(patch.get_facecolor())[:3] == pytest.approx(
                        to_rgba(export.colour(fill))[:3]
                    )
            words = [t.get_text() for t in ax.texts]
            assert words == [
                html.unescape(w) for w in re.findall(r"<text[^>]*>([^<]*)</text>", svg)
            ]
            # the same way up: the picture's x grows with the screen's x, its y against it
            (x0, y0), (x1, y1) = ax.transData.transform([(0, 0), (100, 100)])
            assert x1 > x0 and y1 < y0
    if mode == "single":  # the first party at the top of the circle, the next to its right
        network = drawings.network(shown[0], "nl")
        nodes = [c for c in network.shapes if isinstance(c, drawings.Circle) and c.r > 5]
        assert nodes[0].y < nodes[1].y and nodes[0].x < nodes[1].x
    png = export.view_png(shown, "nl")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == pytest.approx(tuple(figure.get_size_inches() * export.DPI), abs=1)


def test_the_trust_colours_are_matplotlibs_red_yellow_green():
    import matplotlib

    scale = matplotlib.colormaps["RdYlGn"]
    for value in np.linspace(0, 1, 1001):
        red, green, blue, _ = scale(float(value))
        assert drawings.trust_colour(value) == (
            f"rgb({int(255 * red)},{int(255 * green)},{int(255 * blue)})"
        )


def test_exports_offer_csv_and_png():
    box, rc = solara.render(page.Page(), handle_error=False)
    step(rc, 6)
    labels = " ".join(str(c) for w in rc.find(v.Btn).widgets for c in w.children)
    assert "Logboek (CSV)" in labels and "Maandreeksen (CSV)" in labels
    assert "Dit beeld (PNG)" in labels


def test_the_texts_are_pure_data_in_both_languages():
    import ast

    from sim import texts

    tree = ast.parse(open(texts.__file__, encoding="utf-8").read())
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert all(name == "__future__" for name in imported)
    tables = ("UI", "KIND_LABELS", "PHASE_LABELS", "REASON_LABELS", "TEMPLATES", "DEBRIEF")
    for table in (getattr(texts, name) for name in (*tables, "LEVER_LABELS")):
        assert table["nl"].keys() == table["en"].keys()
    assert set(texts.LEVER_LABELS["en"]) == {lever.name for lever in registered()}


def test_the_exported_picture_says_what_it_shows_and_nothing_is_cut():
    """The PNG's header: the scenario and seed, in a comparison each side's lever off or on,
    each run's month and phase (or its outcome at the end) and its levers; every text of the
    picture (header, titles, legends, labels) lies inside it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from sim.dashboard.arena import comparison_headings

    assert session.apply(mode="compare", lever="levers.coordinator")
    off, on = session.current()
    for _ in range(14):
        off.step(), on.step()
    labels = comparison_headings("levers.coordinator", "nl")
    assert labels == ("Vaardigheid coördinator: uit (0)", "Vaardigheid coördinator: aan (0,8)")
    figure = export.view_figure([off, on], "nl", labels)
    words = [text.get_text() for text in figure.texts]
    assert words[0] == "AZON: integraal programmeren in Zeeland · seed 1"
    assert labels[0] in words and labels[1] in words
    header = " ".join(words)  # a line too long for its column is wrapped
    for arena in (off, on):
        trust = f"Gemiddeld vertrouwen (betrokken partijen): {arena.mean_trust():.2f}"
        assert f"Maand 14 (deadline 48) · Fase: Onderhandeling · {trust}" in header
    assert header.count("Hefbomen: Spelregels (sterkte) 0.7") == 2
    assert "Vaardigheid coördinator 0 ·" in header and "Vaardigheid coördinator 0.8 ·" in header
    renderer = FigureCanvasAgg(figure).get_renderer()
    inside = figure.bbox
    texts = [*figure.texts, *(text for axes in figure.axes for text in axes.texts)]
    for text in texts:
        box = text.get_window_extent(renderer)
        assert inside.x0 <= box.x0 and box.x1 <= inside.x1, text.get_text()
        assert inside.y0 <= box.y0 and box.y1 <= inside.y1, text.get_text()
    # at the end: the outcome, in one arena
    assert session.apply(mode="single")
    arena = session.current()[0]
    while arena.step():
        pass
    words = [text.get_text() for text in export.view_figure([arena], "en").texts]
    success, reason, _ = arena.outcome_text("en")
    assert (
        f"Month {arena.month} (deadline 48) · {'Success' if success else 'Failure'}: {reason}"
        in words
    )


def test_two_sessions_step_independently():
    """A session whose month takes long (here: held halfway) never holds up another session's
    Step: each arena has its own lock, and there is no lock for all sessions."""
    import threading

    from sim.dashboard.arena import Arena

    slow, quick = Arena("azon", {}, 1), Arena("azon", {}, 2)
    inside, release = threading.Event(), threading.Event()
    original = slow.model.step

    def held_step():
        inside.set()
        release.wait(10)
        original()

    slow.model.step = held_step
    session.arenas.set([slow])
    first = threading.Thread(target=session.step_all)  # session A: its month is held
    first.start()
    try:
        assert inside.wait(5)
        session.arenas.set([quick])  # session B
        second = threading.Thread(target=session.step_all)
        second.start()
        second.join(3)
        assert not second.is_alive() and quick.month == 1  # B moved while A's month was held
        assert slow.month == 0
    finally:
        release.set()
        first.join(5)
    assert slow.month == 1


def test_play_skips_frames_rather_than_fall_behind_when_renders_are_slow():
    """Play at 10 months per second while every render of the page costs 0.4 s (on a clock of
    the test's own, moved by the renders and by Play's waits): the run keeps its speed, and
    the page is drawn less often (at most every twice a render's time: frames skipped), the
    months never later."""
    now = [0.0]
    renders: list[float] = []
    going = [True]  # not the session's `playing`: pages of other tests would play along

    class Waits:
        def is_set(self) -> bool:
            return False

        def wait(self, seconds: float) -> None:
            elapse(seconds)

    def elapse(seconds: float) -> None:
        now[0] += seconds
        if now[0] >= 5.0:  # the trainer presses Pause after five seconds
            going[0] = False

    def render(_) -> None:
        if going[0]:
            elapse(0.4)
            renders.append(now[0])

    session.current()  # the run, as the page has built it before anyone presses Play
    session.speed.set(10.0)
    stop = session.version.subscribe(render)
    try:
        session.play(Waits(), clock=lambda: now[0], going=lambda: going[0])
    finally:
        stop()
    played = session.current()[0].month
    assert now[0] == pytest.approx(5.0, abs=0.5)
    assert played == pytest.approx(10 * now[0], abs=3)  # 10 months a second of the clock
    # a render of 0.4 s is followed by 0.4 s of play at least: frames skipped, months not
    assert 5 <= len(renders) <= 7
    assert all(b - a >= 0.8 - 1e-9 for a, b in zip(renders, renders[1:], strict=False))
