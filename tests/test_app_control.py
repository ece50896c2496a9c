"""End to end, the trainer's run control in a real headless Chromium: next event, to the end,
the scrubber's replay and the way back to live, the clicker's keys, the address that restores a
run on reload, the log's filter by party, and the reasons the story gives. One server and one
browser serve the module; each test opens its own browser context (a new session). The
expected months and lines come from the same runs played here in Python (runs are
deterministic), never from timings."""

from __future__ import annotations

import re

import pytest
from support.browser import SMALL, app_server, month, requires_chromium

from sim.dashboard.arena import Arena
from sim.dashboard.debrief import key_moments

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = requires_chromium()

WAIT = 60_000  # ms: the machine may be busy; nothing here depends on how fast it is
DECISIVE = {
    "joins", "stays_out", "core_group", "rules_agreed", "agreement", "council_approves",
    "council_rejects", "admitted", "quick_win", "conflict", "exit", "failure", "success",
}  # fmt: skip
"""The decisive events of the issue: "next event" stops at these, never at a plain offer."""


@pytest.fixture(scope="module")
def server():
    with app_server() as address:
        yield address


@pytest.fixture
def open_page(server, browser):
    """Open the dashboard at `server + path` in a new session."""
    contexts = []

    def opening(path: str = "/"):
        context = browser.new_context(viewport=SMALL)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(WAIT)
        page.goto(server + path)
        page.wait_for_selector(".ps-month")
        page.wait_for_load_state("networkidle")
        page.wait_for_selector(".ps-keys", state="attached")  # the keys' listener is there
        return page

    yield opening
    for context in contexts:
        context.close()


def wait_month(page, value: int) -> None:
    page.wait_for_function(
        f"document.querySelector('.ps-month') && "
        f"document.querySelector('.ps-month').textContent.trim() == '{value}'"
    )


def log_lines(page) -> list[str]:
    return [
        re.sub(r"\s+", " ", line).strip() for line in page.locator(".ps-event").all_inner_texts()
    ]


def wait_log(page, expected: list[str]) -> None:
    """Wait until the log shows `expected` (the month and the log are separate widgets: the
    browser may draw one a moment before the other), then compare."""
    try:
        page.wait_for_function(
            """(want) => {
            const got = [...document.querySelectorAll('.ps-event')]
                .map(e => e.innerText.replace(/\\s+/g, ' ').trim());
            return got.length === want.length && got.every((line, i) => line === want[i]);
        }""",
            arg=expected,
            timeout=20_000,
        )
    except playwright.Error:
        pass
    assert log_lines(page) == expected


def expected_lines(arena: Arena, language: str, limit: int = 40) -> list[str]:
    return [
        re.sub(r"\s+", " ", f"{m:>3}  {sentence}").strip()
        for m, sentence in arena.frame(language).log[:limit]
    ]


def stops(seed: int, overrides: dict | None = None) -> list[int]:
    """The months "next event" stops at in azon with this seed."""
    arena = Arena("azon", overrides or {}, seed)
    while arena.step():
        pass
    return sorted({e.month for e in arena.model.events if e.code in DECISIVE})


def played(seed: int, months: int | None = None, overrides: dict | None = None) -> Arena:
    arena = Arena("azon", overrides or {}, seed)
    while (months is None or arena.month < months) and arena.step():
        pass
    return arena


def blur(page) -> None:
    """No element has the focus: the page's keys act (never while one types or slides)."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")


# --- next event and to the end --------------------------------------------------------------------
def test_next_event_stops_at_each_decisive_event(open_page):
    page = open_page("/?scenario=azon&seed=4")
    expected = stops(4)
    for stop in expected[:3]:
        page.click(".ps-next")
        wait_month(page, stop)
    arena = played(4, expected[2])
    wait_log(page, expected_lines(arena, "nl"))


def test_to_the_end_reaches_the_outcome(open_page):
    page = open_page("/?scenario=azon&seed=4")
    final = played(4)
    page.click(".ps-end")
    wait_month(page, final.month)
    page.wait_for_selector(".ps-banner")
    assert final.outcome_text("nl")[1] in page.inner_text(".ps-banner")


# --- replay -----------------------------------------------------------------------------------
def test_the_scrubber_replays_a_month_and_returns_to_live(open_page):
    page = open_page("/?scenario=azon&seed=4&month=30")
    wait_month(page, 30)
    live = expected_lines(played(4, 30), "nl")
    wait_log(page, live)
    k = 12
    thumb = page.locator(".ps-scrubber .v-slider-thumb")
    thumb.focus()
    page.keyboard.press("Home")
    wait_month(page, 1)
    for _ in range(k - 1):
        page.keyboard.press("ArrowRight")
    wait_month(page, k)
    page.wait_for_selector(".ps-replay")
    wait_log(page, expected_lines(played(4, k), "nl"))
    assert "12" in page.inner_text(".ps-replay") and "30" in page.inner_text(".ps-replay")
    page.keyboard.press("End")  # the slider's own End: the latest month, live again
    wait_month(page, 30)
    page.wait_for_selector(".ps-replay", state="detached")
    wait_log(page, live)
    # back into the replay with the clicker's key, and Step returns to live without moving
    blur(page)
    page.keyboard.press("ArrowLeft")
    wait_month(page, 29)
    page.click(".ps-step")
    wait_month(page, 30)
    page.wait_for_selector(".ps-replay", state="detached")


# --- the keys -------------------------------------------------------------------------------------
def test_space_plays_and_pauses_right_steps_and_end_goes_to_the_end(open_page):
    page = open_page("/?scenario=azon&seed=4")
    blur(page)
    page.keyboard.press("ArrowRight")
    wait_month(page, 1)
    page.keyboard.press("PageDown")
    wait_month(page, 2)
    page.keyboard.press(" ")
    page.wait_for_function("document.querySelector('.ps-play').textContent.includes('Pauze')")
    page.wait_for_function("Number(document.querySelector('.ps-month').textContent) > 2")
    page.keyboard.press(" ")
    page.wait_for_function("document.querySelector('.ps-play').textContent.includes('Afspelen')")
    paused = month(page)
    page.wait_for_timeout(1500)
    assert month(page) == paused  # it stays paused
    page.keyboard.press("ArrowLeft")
    wait_month(page, paused - 1)
    page.keyboard.press("Home")
    wait_month(page, 1)
    page.keyboard.press("End")
    wait_month(page, played(4).month)
    page.wait_for_selector(".ps-banner")


# --- the address --------------------------------------------------------------------------------
def test_a_reload_restores_the_scenario_levers_seed_and_month(open_page):
    page = open_page("/?scenario=azon&levers.rules=0.3&seed=5&month=17&lang=en")
    wait_month(page, 17)
    arena = played(5, 17, {"levers.rules": 0.3})
    wait_log(page, expected_lines(arena, "en"))
    assert page.inner_text(".ps-step").lower() == "step"  # the language from the address
    page.click(".ps-step")
    wait_month(page, 18)
    page.wait_for_function("window.location.search.includes('month=18')")
    address = page.url
    assert "levers.rules=0.3" in address and "seed=5" in address and "lang=en" in address
    page.reload()
    page.wait_for_selector(".ps-month")
    wait_month(page, 18)
    wait_log(page, expected_lines(played(5, 18, {"levers.rules": 0.3}), "en"))


# --- the story ----------------------------------------------------------------------------------
def test_the_party_filter_shows_only_that_partys_lines(open_page):
    page = open_page("/?scenario=azon&seed=4&month=50")
    wait_month(page, 50)
    everything = log_lines(page)
    page.locator(".ps-party-filter").click()
    page.locator(".v-list-item", has_text="Gemeente Goes").first.click()
    page.wait_for_function(
        "[...document.querySelectorAll('.ps-event')].every(e => e.textContent.includes("
        "'Gemeente Goes'))"
    )
    shown = log_lines(page)
    assert shown and len(shown) < len(everything)
    full = [line for _m, line in played(4, 50).frame("nl").log if "Gemeente Goes" in line]
    assert len(shown) == min(40, len(full))


def test_every_stay_out_exit_and_council_rejection_says_why(open_page):
    page = open_page("/?scenario=azon&seed=4")
    page.click(".ps-end")
    final = played(4)
    wait_month(page, final.month)
    count = len(key_moments(final.model, "nl"))
    page.wait_for_function(f"document.querySelectorAll('.ps-moment').length == {count}")
    moments = [re.sub(r"\s+", " ", line) for line in page.locator(".ps-moment").all_inner_texts()]
    kinds = {"doet niet mee": 0, "stapt uit": 0, "wijst de overeenkomst af": 0}
    for line in moments:
        for words in kinds:
            if words in line:
                kinds[words] += 1
                assert re.search(r"\): |: ", line), line
                assert len(re.findall(r"\d+,\d\d|\d+%", line)) >= 2, line
    codes = [e.code for e in final.model.events]
    assert kinds == {
        "doet niet mee": codes.count("stays_out"),
        "stapt uit": codes.count("exit"),
        "wijst de overeenkomst af": codes.count("council_rejects"),
    }
    assert all(kinds.values())
