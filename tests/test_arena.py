"""The dashboard's arena: stepping equals the model's own run, a seat acts only where a party
would, looking never changes the run, and the texts explain what happened."""

from __future__ import annotations

import numpy as np
import pytest

from sim.dashboard.arena import Arena, comparable, comparison, control_values
from sim.dashboard.export import events_csv, series_csv
from sim.levers import registered
from sim.model import PartnershipModel
from sim.scenario import ScenarioError


def run_out(arena: Arena, limit: int = 200) -> None:
    for _ in range(limit):
        if not arena.step():
            break


def test_an_arena_without_a_seat_plays_the_models_own_run():
    arena = Arena("azon", {}, seed=5)
    run_out(arena)
    model = PartnershipModel("azon", rng=np.random.default_rng(5))
    model.run()
    assert arena.finished
    assert arena.model.outcome() == model.outcome()
    assert [(e.month, e.code) for e in arena.model.events] == [
        (e.month, e.code) for e in model.events
    ]
    assert len(arena.series()) == arena.month


def test_looking_at_the_seat_view_never_changes_the_run():
    looked, plain = Arena("baseline", {}, seed=3, seat=0), Arena("baseline", {}, seed=3, seat=0)
    for arena, look in ((looked, True), (plain, False)):
        for _ in range(200):
            if look:
                arena.interests()
                arena.perceived()
                arena.log("nl")
            waiting = arena.awaiting()
            if waiting == "response":
                name, package = arena.pending_offer()
                arena.respond(arena.value_for_seat(package) > arena.seat_view()["reservation"])
            elif waiting == "offer":
                view = arena.seat_view()
                arena.offer([*view["ideal"], view["integration"]])
            elif not arena.step():
                break
    assert looked.model.outcome() == plain.model.outcome()
    assert [e.params for e in looked.model.events] == [e.params for e in plain.model.events]


@pytest.mark.parametrize("seed", range(6))
def test_a_seat_that_always_rejects_never_signs(seed):
    arena = Arena("baseline", {"conflict": 0.0, "initial_trust": 1.0}, seed=seed, seat=0)
    answered = 0
    for _ in range(200):
        waiting = arena.awaiting()
        if waiting == "response":
            arena.respond(False)
            answered += 1
        elif waiting == "offer":
            arena.offer([1.0] * (arena.model.n_issues + 1))
        elif not arena.step():
            break
    assert answered > 0  # the seat was asked
    assert not arena.model.signatories[0]


def test_the_seat_sees_its_own_interests_and_only_perceived_ones_of_others():
    arena = Arena("azon", {"initial_trust": 0.1}, seed=2, seat=4)
    for _ in range(3):
        arena.step()
    frame = arena.interests()
    true = arena.model.prefs.ideals
    own = frame[frame["party"] == arena.model.parties[4].name]
    assert not own["perceived"].any()
    np.testing.assert_allclose(own["ideal"], true[4])
    others = frame[frame["party"] != arena.model.parties[4].name]
    assert others["perceived"].all()
    shown = others["ideal"].to_numpy().reshape(-1)
    hidden = np.delete(true, 4, axis=0).T.reshape(-1)  # issue-major, as the frame is
    assert np.mean(np.abs(shown - hidden) > 0.01) > 0.8  # low trust: most points are off


def test_rejections_name_the_issue_furthest_from_the_party():
    arena = Arena("baseline", {}, seed=1)
    run_out(arena)
    offers = [e for e in arena.model.events if e.code == "offer" and e.params["rejected"]]
    assert offers
    event = offers[0]
    name = event.params["rejected"][0]
    index = [p.name for p in arena.model.parties].index(name)
    package = np.array(event.params["package"][: arena.model.n_issues])
    gap = arena.model.prefs.weights[index] * np.abs(package - arena.model.prefs.ideals[index])
    label = arena.labels[arena.model.issue_keys[int(np.argmax(gap))]]
    sentences = [text for month, text in arena.log("en") if month == event.month]
    assert any(
        s.startswith(f"{name} rejects the proposal") and label.lower() in s.lower()
        for s in sentences
    )
    assert arena.log("en")[0][0] >= arena.log("en")[-1][0]  # newest first


def test_comparison_differs_only_in_the_lever():
    off, on = comparison("azon", {}, 4, "levers.coordinator")
    assert off.model.coordinator is None and on.model.coordinator is not None
    assert [p.name for p in off.model.parties] == [p.name for p in on.model.parties]
    np.testing.assert_array_equal(off.model.prefs.ideals, on.model.prefs.ideals)
    with pytest.raises(ScenarioError, match="lever"):
        comparison("azon", {}, 4, "conflict")


def test_bad_settings_are_rejected_with_the_field():
    with pytest.raises(ScenarioError, match="conflict"):
        Arena("azon", {"conflict": 1.5}, seed=1)
    with pytest.raises(ScenarioError, match="seed"):
        Arena("azon", {}, seed=-1)


def test_exports_hold_the_log_and_the_series():
    arena = Arena("baseline", {}, seed=2)
    for _ in range(12):
        arena.step()
    events = events_csv(arena, "nl").splitlines()
    assert events[0] == "month,event" and len(events) == len(arena.log("nl")) + 1
    series = series_csv(arena).splitlines()
    assert series[0].startswith("month,phase,mean_trust") and len(series) == 13
    assert "aspiration: " in series[0]


def test_the_levers_the_dashboard_offers_are_the_registrys():
    levers = registered()
    assert comparable() == {lever.knob: tuple(lever.compare) for lever in levers}
    values = control_values("azon")
    assert list(values) == [
        *(lever.knob for lever in levers),
        "conflict",
        "initial_trust",
        "autonomy_cost",
    ]
    for lever in levers:
        off, on = lever.compare
        first, second = comparison("baseline", {}, 2, lever.knob)
        field = lever.knob.split(".", 1)[1]
        assert getattr(first.spec.levers, field) == off
        assert getattr(second.spec.levers, field) == on


def test_the_arena_imports_no_presentation_library():
    import subprocess
    import sys

    code = (
        "import sys, sim.dashboard.arena, sim.dashboard.drawings, sim.dashboard.export; "
        "print(sorted(m for m in ('solara', 'matplotlib') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "[]"


def test_a_read_during_a_step_waits_for_the_month():
    """A render that reads the run while another thread plays a month sees the month before or
    after it, never half of it (the page once showed "Length of values (13) does not match
    length of index (12)": the monthly series read between two of the DataCollector's
    columns)."""
    import threading

    arena = Arena("azon", {}, 1)
    for _ in range(12):
        arena.step()
    collector = arena.model.datacollector
    original = collector.collect
    halfway, release = threading.Event(), threading.Event()

    def slow_collect(model):  # the first column, then a pause, then the rest
        first = next(iter(collector.model_vars))
        collector.model_vars[first].append(collector.model_reporters[first](model))
        halfway.set()
        release.wait(5)
        collector.model_vars[first].pop()
        original(model)

    collector.collect = slow_collect
    stepping = threading.Thread(target=arena.step)
    stepping.start()
    assert halfway.wait(5)
    seen: dict = {}

    def read() -> None:
        try:
            seen["series"] = arena.series()
            seen["frame"] = arena.frame("nl")
        except Exception as error:  # what the page showed as a traceback
            seen["error"] = error

    reading = threading.Thread(target=read)
    reading.start()
    reading.join(0.3)
    waited = reading.is_alive()  # the read waits for the month to be played
    release.set()
    stepping.join(5)
    reading.join(5)
    assert "error" not in seen, seen.get("error")
    assert waited
    assert len(seen["series"]) == 13 and seen["frame"].month == 13


def test_an_offer_line_counts_in_the_singular_and_the_plural():
    from sim.model import Event

    event = Event(12, "offer", {"proposer": "Stedin", "accepted": ["A"], "rejected": ["B", "C"]})
    assert Arena._offer_line(event, "nl") == (
        "Stedin legt een voorstel op tafel; 1 stemt in, 2 wijzen af (B, C)."
    )
    assert Arena._offer_line(event, "en") == "Stedin tables a proposal; 1 accepts, 2 reject (B, C)."
    event = Event(12, "offer", {"proposer": "Stedin", "accepted": ["A", "B"], "rejected": ["C"]})
    assert Arena._offer_line(event, "nl").endswith("2 stemmen in, 1 wijst af (C).")
    assert Arena._offer_line(event, "en").endswith("2 accept, 1 rejects (C).")
