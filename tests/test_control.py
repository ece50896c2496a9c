"""The run control without a browser: replay from per-month snapshots (the run never re-run or
changed), the address's encoding and decoding, next event / to the end, the log's filter by
party, restoring a session from an address, and the reasons in the story's sentences."""

from __future__ import annotations

import re

import numpy as np
import pytest

solara = pytest.importorskip("solara")

from support.dashboard import fresh_session as reset_session  # noqa: E402

from sim.dashboard import control, replay, session  # noqa: E402
from sim.dashboard.address import Address, decode, encode  # noqa: E402
from sim.dashboard.arena import Arena, control_values  # noqa: E402
from sim.model import Event  # noqa: E402
from sim.scenario import scenario_names  # noqa: E402
from sim.story import describe  # noqa: E402


@pytest.fixture(autouse=True)
def fresh_session():
    """Every test starts as a new browser session on azon."""
    reset_session()
    yield


# --- replay ---------------------------------------------------------------------------------------
def test_a_replayed_month_is_the_month_as_it_was_shown_and_the_run_is_untouched():
    arena = Arena("azon", {}, 4)
    seen = {}
    while arena.step():
        if arena.month in (1, 2, 12, 30, 45, 60):
            seen[arena.month] = arena.frame("nl")
    events, trust = len(arena.model.events), arena.model.trust.copy()
    live = arena.frame("nl")
    for month, then in seen.items():
        again = replay.frame_at(arena, month, "nl")
        assert again.month == month and again.log == then.log
        assert again.timeline == then.timeline and again.svgs == then.svgs
        assert again.trust == then.trust and again.finished == then.finished
    # the run has not moved or changed, and its live frame is the same object as before
    assert len(arena.model.events) == events and np.array_equal(arena.model.trust, trust)
    assert arena.frame("nl") is live and replay.frame_at(arena, None, "nl") is live
    assert replay.frame_at(arena, arena.month, "nl") is live
    # another language: the same month, its texts
    english = replay.frame_at(arena, 12, "en")
    assert english.month == 12 and len(english.log) == len(seen[12].log)


def test_snapshots_are_small_and_bounded(monkeypatch):
    arena = Arena("azon", {}, 4)
    for _ in range(30):
        arena.step()
    assert replay.months(arena) == list(range(1, 31))
    shot = arena.snapshots[10]
    size = sum(v.nbytes for v in shot.state.values() if isinstance(v, np.ndarray))
    assert size < 20_000
    with pytest.raises(AttributeError):
        replay.past(arena, 10).model.trust = None
    monkeypatch.setattr(replay, "MAX_SNAPSHOTS", 5)
    for _ in range(3):
        arena.step()
    assert replay.months(arena) == list(range(29, 34))
    assert replay.frame_at(arena, 3, "en") is arena.frame("en")  # not kept: live


# --- the address ----------------------------------------------------------------------------------
def test_the_address_holds_the_non_default_settings_and_reads_them_back():
    defaults = control_values("azon")
    changed = {**defaults, "levers.rules": 0.3, "levers.growth": "all_at_once", "conflict": 0.65}
    state = Address("azon", changed, 7, 23, "en", "compare", "levers.rules", True, "log")
    text = encode(state, defaults)
    assert "levers.rules=0.3" in text and "conflict=0.65" in text and "seed=7" in text
    assert "month=23" in text and "lang=en" in text and "view=projector" in text
    assert "levers.coordinator" not in text.replace("lever=", "")  # defaults left out
    back = decode(text, tuple(scenario_names()), control_values)
    assert back.scenario == "azon" and back.seed == 7 and back.month == 23
    assert back.controls == {"levers.rules": 0.3, "levers.growth": "all_at_once", "conflict": 0.65}
    assert back.language == "en" and back.mode == "compare" and back.lever == "levers.rules"
    assert back.projector and back.panel == "log"
    assert encode(Address("azon", defaults, 1, 0, "nl"), defaults) == "scenario=azon&seed=1&lang=nl"


def test_a_bad_address_is_read_leniently():
    found = decode(
        "scenario=nowhere&seed=-3&month=x&lang=fr&levers.rules=abc&view=beamer&mode=seat",
        tuple(scenario_names()),
        control_values,
    )
    assert found == Address()
    found = decode("scenario=azon&levers.rules=nan&levers.bogus=1&seed=2", None, control_values)
    assert found.scenario == "azon" and found.controls == {} and found.seed == 2


def test_restoring_an_address_replays_the_same_run_to_its_month():
    arena = Arena("azon", {"levers.rules": 0.3}, 5)
    for _ in range(17):
        arena.step()
    expected = arena.frame("en")
    assert control.restore("scenario=azon&levers.rules=0.3&seed=5&month=17&lang=en")
    assert session.language.value == "en" and session.seed.value == 5
    (restored,) = session.current()
    assert restored.month == 17 and restored.frame("en").log == expected.log
    assert session.notice.value == ""
    assert "levers.rules=0.3" in control.query() and "month=17" in control.query()
    assert not control.restore("")


# --- moving the run -------------------------------------------------------------------------------
SPEC = {
    "joins", "stays_out", "core_group", "rules_agreed", "agreement", "council_approves",
    "council_rejects", "admitted", "quick_win", "conflict", "exit", "failure", "success",
}  # fmt: skip
"""The decisive events of the issue (never a plain offer or a change of phase)."""


def test_next_event_stops_at_a_decisive_event_and_to_the_end_reaches_the_outcome():
    assert control.NEXT_EVENT == SPEC
    session.apply(seed=4)
    stops = []
    while control.next_event():
        arena = session.current()[0]
        month = arena.month
        codes = {e.code for e in arena.model.events if e.month == month}
        assert codes & SPEC, (month, codes)
        stops.append(month)
    assert len(stops) >= 4 and stops == sorted(stops)
    # no month between two stops has a decisive event
    arena = session.current()[0]
    assert {e.month for e in arena.model.events if e.code in SPEC} == set(stops)
    session.apply(seed=4)
    assert control.to_end() and session.current()[0].finished
    assert not control.to_end()


def test_scrub_back_home_and_step_back_to_live():
    session.apply(seed=4)
    for _ in range(12):
        session.advance()
    control.scrub(5)
    assert control.shown_month() == 5 and control.frame(session.current()[0], "nl").month == 5
    control.back()
    assert control.shown_month() == 4
    control.home()
    assert control.shown_month() == 1
    assert control.step() is False and control.shown_month() is None  # Step: live, no move
    assert session.current()[0].month == 12
    control.back()
    assert control.shown_month() == 11
    control.scrub(12)
    assert control.shown_month() is None
    control.scrub(3)
    session.apply(seed=5)  # a new run ends the replay
    assert control.shown_month() is None


def test_the_log_filter_keeps_the_lines_that_name_the_party():
    session.apply(seed=4)
    control.to_end()
    arena = session.current()[0]
    log = arena.frame("nl").log
    control.party.set("Gemeente Goes")
    shown = control.filtered(log)
    assert shown and len(shown) < len(log)
    assert all("Gemeente Goes" in line for _month, line in shown)
    assert len(shown) == sum("Gemeente Goes" in line for _month, line in log)
    control.party.set("Nergens")
    assert control.filtered(log) == log


# --- the story's reasons --------------------------------------------------------------------------
NUMBER = {"nl": r"\d+,\d\d", "en": r"\d+\.\d\d"}


def test_every_join_stay_out_exit_and_council_vote_says_why_with_numbers():
    arena = Arena("azon", {}, 4)
    while arena.step():
        pass
    codes = {e.code for e in arena.model.events}
    assert {"stays_out", "exit", "council_rejects"} <= codes
    for language in ("nl", "en"):
        for event in arena.model.events:
            if event.code in ("joins", "stays_out", "exit", "council_rejects", "council_approves"):
                sentence = describe(event, language)
                assert ":" in sentence and len(re.findall(NUMBER[language], sentence)) >= 2
                if language == "nl":
                    assert not re.search(r"\d\.\d", sentence), sentence
    stays = next(e for e in arena.model.events if e.code == "stays_out")
    p = stays.params

    def comma(value: float) -> str:
        return f"{value:.2f}".replace(".", ",")

    assert describe(stays, "nl") == (
        f"{p['party']} doet niet mee: verwacht {comma(p['expected'] - p['distrust'])} (na "
        f"{comma(p['distrust'])} voor wantrouwen), niet meer dan alleen verder "
        f"({comma(p['batna'])})."
    )
    assert (
        describe(Event(1, "exit", {"party": "A"}), "nl") == "A stapt uit het samenwerkingsverband."
    )


def test_the_projector_boards_replay_a_month_as_they_were():
    from sim.dashboard import projector

    arena = Arena("azon", {}, 4)
    while arena.month < 20:
        arena.step()
    boards = {name: projector.board_svg(arena, name, "en", 600) for name in projector.BOARDS}
    while arena.step():
        pass
    then = replay.then(arena, 20)
    assert then.month == 20 and arena.month > 20
    for name, board in boards.items():
        assert projector.board_svg(then, name, "en", 600) == board, name
