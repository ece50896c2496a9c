"""The dashboard's components, rendered with Solara's test renderer: controls change the model,
the log shows events, language switches, comparison runs in lockstep, the seat view hides the
other parties' true interests, and a rejected control leaves the run intact."""

from __future__ import annotations

import re

import ipyvuetify as v
import numpy as np
import pytest

solara = pytest.importorskip("solara")

from sim import app  # noqa: E402
from sim.arena import control_values  # noqa: E402


@pytest.fixture(autouse=True)
def fresh_session():
    """Every test starts as a new browser session on azon."""
    app.language.set("nl")
    app.scenario.set("azon")
    app.controls.set(control_values("azon"))
    app.seed.set(1)
    app.mode.set("single")
    app.compare_lever.set("levers.coordinator")
    app.seat_party.set(0)
    app.arenas.set(None)
    app.notice.set("")
    app.problem.set("")
    app.playing.set(False)
    yield


def texts(rc, css: str) -> list[str]:
    return ["".join(map(str, w.children)) for w in rc.find(v.Html, class_=css).widgets]


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
    box, rc = solara.render(app.Page(), handle_error=False)
    assert texts(rc, "ps-month") == ["0"]
    assert texts(rc, "ps-phase") == ["Verkenning"]
    network_before = drawing(rc, "ps-network")
    step(rc, 14)
    assert texts(rc, "ps-month") == ["14"]
    assert texts(rc, "ps-phase") != ["Verkenning"]
    assert float(texts(rc, "ps-trust")[0]) == pytest.approx(
        app.current()[0].mean_trust(), abs=0.006
    )
    events = texts(rc, "ps-event")
    assert len(events) == len(app.current()[0].log("nl")) > 5
    assert re.match(r"\s*\d+\s+\S", events[0])
    months = [int(line.split()[0]) for line in events]
    assert months == sorted(months, reverse=True)  # newest first
    assert drawing(rc, "ps-network") != network_before


def test_a_lever_control_resets_the_run_with_the_lever_and_says_so():
    box, rc = solara.render(app.Page(), handle_error=False)
    step(rc, 5)
    first = app.current()[0]
    assert first.model.coordinator is not None  # azon has a coordinator
    checkbox = rc.find(v.Checkbox, label="Onafhankelijke coördinator")
    checkbox.widget.v_model = False
    arena = app.current()[0]
    assert arena is not first and arena.month == 0
    assert arena.model.coordinator is None and arena.spec.levers.coordinator == 0.0
    assert "Instellingen gewijzigd" in "".join(
        str(c) for w in rc.find(v.Alert).widgets for c in w.children
    )
    slider = rc.find(v.Slider, label="Maanden investeren in vertrouwen")
    slider.widget.v_model = 9
    assert app.current()[0].spec.levers.trust_investment_months == 9


def test_a_rejected_combination_is_shown_and_the_run_is_kept():
    box, rc = solara.render(app.Page(), handle_error=False)
    step(rc, 4)
    before = app.current()[0]
    assert app.apply(controls={**app.controls.value, "conflict": 1.5}) is False
    assert app.current()[0] is before and before.month == 4
    assert app.controls.value["conflict"] != 1.5
    message = " ".join(str(c) for w in rc.find(v.Alert).widgets for c in w.children)
    assert "conflict" in message and "Niet toegepast" in message
    assert app.apply(seed=-3) is False and app.current()[0] is before


def test_language_switches_interface_and_log():
    box, rc = solara.render(app.Page(), handle_error=False)
    step(rc, 3)
    rc.find(v.BtnToggle, class_="ps-language").widget.v_model = "en"
    assert app.language.value == "en"
    rc.find(v.Btn, children=["Step"]).assert_single()
    assert texts(rc, "ps-phase")[0] in ("Orientation", "Getting to know each other")
    assert any("joins" in line or "stays out" in line for line in texts(rc, "ps-event"))


def test_comparison_steps_two_arenas_in_lockstep():
    box, rc = solara.render(app.Page(), handle_error=False)
    assert app.apply(mode="compare", lever="levers.coordinator")
    step(rc, 20)
    off, on = app.current()
    assert texts(rc, "ps-month-a") == texts(rc, "ps-month-b") == ["20"]
    assert off.model.coordinator is None and on.model.coordinator is not None
    assert len(rc.find(v.Html, class_="ps-month-a").widgets) == 1


def test_the_seat_view_hides_other_parties_true_interests():
    controls = {**control_values("baseline"), "initial_trust": 0.1}
    assert app.apply(scenario="baseline", mode="seat", seat=1, controls=controls)
    box, rc = solara.render(app.Page(), handle_error=False)
    arena = app.current()[0]
    for _ in range(80):
        if arena.awaiting() == "response":
            break
        step(rc)
    assert arena.awaiting() == "response"
    svg = drawing(rc, "ps-interests")
    true, seen = arena.model.prefs.ideals, arena.perceived()
    shown = {
        (m.group(1), float(m.group(2))) for m in re.finditer(r"<title>([^:<]+): ([\d.]+)", svg)
    }
    own = arena.model.parties[1].name
    for index, party in enumerate(arena.model.parties):
        values = {value for name, value in shown if name == party.name}
        if party.name == own:
            assert values == {round(x, 2) for x in true[1]}
        else:
            assert values == {round(x, 2) for x in seen[index]}
    hidden = [
        i for i in range(arena.model.n) if i != 1 and np.max(np.abs(true[i] - seen[i])) > 0.02
    ]
    assert hidden  # with low trust the view differs from the truth
    for i in hidden:
        name = arena.model.parties[i].name
        assert {round(x, 2) for x in true[i]} != {value for n, value in shown if n == name}
    # rejecting the offer plays the month and the log names the seat among the rejecters
    month = arena.month
    rc.find(v.Btn, class_="ps-reject").widget.click()
    assert arena.month == month + 1
    offer = [e for e in arena.model.events if e.code == "offer"][-1]
    assert own in offer.params["rejected"]


def test_exports_offer_csv_and_png():
    box, rc = solara.render(app.Page(), handle_error=False)
    step(rc, 6)
    assert app.view_png("nl")[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(rc.find(v.Btn, class_="").widgets) > 0
    labels = " ".join(str(c) for w in rc.find(v.Btn).widgets for c in w.children)
    assert "Logboek (CSV)" in labels and "Dit beeld (PNG)" in labels
