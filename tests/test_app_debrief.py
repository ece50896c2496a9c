"""End to end, the debrief screen, the scenario picker and the presets: `partnersim app` on
127.0.0.1 in a real headless Chromium (Debian's, driven by Playwright), at 1280×720. One server
(with a few runs per side for the success rates, `PARTNERSIM_APP_RATE_RUNS`) and one browser
serve the module; every test opens its own browser context, so it is a new session. No test
depends on a tight timing: every wait is for something the page shows."""

from __future__ import annotations

import os
import re
import time
import zlib
from pathlib import Path

import pytest
from support.browser import (
    SMALL,
    app_server,
    choose,
    enter,
    menu_items,
    month,
    requires_chromium,
    set_speed,
    step,
)

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = requires_chromium()

RATE_RUNS = 25
"""Runs per side for the success rates in this module: enough that the job runs for some
seconds on azon (so that Step can be clicked while it runs), few enough to finish quickly."""


@pytest.fixture(scope="module")
def server():
    before = os.environ.get("PARTNERSIM_APP_RATE_RUNS")
    os.environ["PARTNERSIM_APP_RATE_RUNS"] = str(RATE_RUNS)  # read by the server's process
    try:
        with app_server() as address:
            yield address
    finally:
        if before is None:
            os.environ.pop("PARTNERSIM_APP_RATE_RUNS", None)
        else:
            os.environ["PARTNERSIM_APP_RATE_RUNS"] = before


@pytest.fixture
def page(server, browser):
    context = browser.new_context(viewport=SMALL, accept_downloads=True)
    opened = context.new_page()
    opened.set_default_timeout(60_000)  # a busy machine: waits are for what the page shows
    opened.goto(server)
    opened.wait_for_selector(".ps-month")
    opened.wait_for_load_state("networkidle")
    yield opened
    context.close()


def play_to_the_end(page) -> None:
    set_speed(page, 10)
    page.click(".ps-play")
    page.wait_for_selector(".ps-banner", timeout=120_000)


def table_rows(page, css: str) -> list[list[str]]:
    return page.evaluate(
        f"""() => [...document.querySelectorAll('{css} tr')].slice(1).map(
            row => [...row.querySelectorAll('td')].map(cell => cell.textContent))"""
    )


def download(page, css: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=120_000) as waiting:
        page.locator(f"{css} button").click()
    return waiting.value.suggested_filename, Path(waiting.value.path()).read_bytes()


def pdf_text(data: bytes) -> str:
    """The text a PDF written by matplotlib draws: its content streams inflated, the strings of
    its Tj and TJ operators joined, one line per operator."""
    inflated = b""
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            inflated += zlib.decompress(stream) + b"\n"
        except zlib.error:
            pass
    lines = []
    for single, array in re.findall(rb"\((.*?)\)\s*Tj|\[(.*?)\]\s*TJ", inflated, re.S):
        lines.append(single if single else b"".join(re.findall(rb"\((.*?)\)", array)))
    text = b"\n".join(lines).decode("latin-1")
    return re.sub(r"\\(.)", r"\1", text)


# --- the debrief of a finished run --------------------------------------------------------------
def test_the_debrief_shows_each_partys_gain_as_party_table_computes_it(page):
    """azon, seed 1, played to its end: the debrief is offered; its party table shows for
    every party the gain `debrief.party_table` computes for the same run (same scenario, seed
    and month), with the decimal comma, and a party that stayed out with its reason."""
    from sim.dashboard.arena import Arena, control_values
    from sim.dashboard.debrief import lever_effects, number, party_table

    play_to_the_end(page)
    page.wait_for_selector(".ps-debrief-offer")
    ended = month(page)
    page.locator(".ps-debrief-offer button").click()
    page.wait_for_selector(".ps-party-table")
    assert not page.locator(".ps-debrief-offer").count()
    assert page.inner_text(".ps-debrief-status").startswith(f"Maand {ended} ")

    run = Arena("azon", control_values("azon"), 1)
    while run.month < ended:
        assert run.step()
    assert run.finished
    expected = party_table(run.model, "nl")
    rows = table_rows(page, ".ps-party-table")
    assert [row[0] for row in rows] == list(expected["name"])
    for row, party in zip(rows, expected.itertuples(), strict=True):
        assert row[2] == number(party.gain, "nl"), party.name
        assert row[4] == party.why
    members = expected[expected["member"]]
    assert len(members) >= 2 and all("," in number(g, "nl") for g in members["gain"])
    out = expected[expected["status"] == "stayed_out"].iloc[0]
    shown = next(row for row in rows if row[0] == out["name"])
    assert shown[3] == "deed niet mee"
    assert "deed niet mee" in shown[4] and "BATNA" in shown[4]
    # the key moments and what each lever did
    assert len(table_rows(page, ".ps-moments")) >= 5
    effects = table_rows(page, ".ps-levers")
    assert [row[2] for row in effects] == list(lever_effects(run.model, "nl")["effect"])


# --- comparison: the difference and the success rates in the background ------------------------
def test_compare_mode_shows_the_difference_and_success_rates_computed_in_the_background(page):
    """In comparison mode the debrief shows the difference table, a progress indicator while
    the success rates are computed in the background, Step still moves both runs meanwhile,
    and then a line per side with its rate and 95% interval."""
    choose(page, "Modus", "Vergelijken")
    page.wait_for_selector(".ps-month-b")
    for _ in range(3):
        step(page, "-b")
    page.evaluate(
        """() => {
        window.psProgress = [];
        const read = () => {
            const shown = document.querySelector('.ps-rates-progress');
            if (shown) window.psProgress.push(shown.textContent);
        };
        new MutationObserver(read).observe(document.body,
            {subtree: true, childList: true, characterData: true});
    }"""
    )
    page.click(".ps-debrief-open")
    page.wait_for_selector(".ps-difference")
    rows = table_rows(page, ".ps-difference")
    assert [row[0] for row in rows] == [
        "Maand van het akkoord",
        "Leden aan het eind",
        "Gemiddeld vertrouwen aan het eind",
        "Uitkomst",
    ]
    assert rows[3][1:] == ["Loopt nog", "Loopt nog", "gelijk"]  # month 3: both still running

    # the job runs in the background: Step moves both runs meanwhile
    page.wait_for_selector(".ps-rates-progress")
    status = page.inner_text(".ps-debrief-status-b")
    page.click(".ps-step")
    page.wait_for_function(
        f"document.querySelector('.ps-debrief-status-b').textContent != {status!r}"
    )
    assert page.locator(".ps-rates-progress").count()  # Step did not wait for the job
    assert "Maand 4 " in page.inner_text(".ps-debrief-status-b")

    page.wait_for_selector(".ps-rates-line", timeout=180_000)
    seen = page.evaluate("window.psProgress")
    assert seen and re.search(
        rf"Bezig met {RATE_RUNS} runs per kant: \d+ van {2 * RATE_RUNS}", seen[0]
    )
    assert not page.locator(".ps-rates-progress").count()
    lines = [line.inner_text() for line in page.locator(".ps-rates-line").all()]
    assert len(lines) == 2
    for line, side in zip(lines, ("uit (0)", "aan (0,8)"), strict=True):
        found = re.search(
            r"(\d+(?:,\d)?)% geslaagd \((\d+) van (\d+); 95%-interval (\d+(?:,\d)?)% tot "
            r"(\d+(?:,\d)?)%\)",
            line,
        )
        assert side in line and found, line
        rate, successes, runs, low, high = found.groups()
        assert int(runs) == RATE_RUNS
        value = lambda shown: float(shown.replace(",", "."))  # noqa: E731
        assert value(low) <= value(rate) <= value(high)
        assert value(rate) == pytest.approx(100 * int(successes) / RATE_RUNS, abs=0.051)


def test_the_success_rate_job_is_cancelled_when_the_settings_change():
    """The session's job belongs to the settings it was started for: new settings cancel it
    (and start a new one once asked); a reset with the same settings keeps it."""
    from sim.dashboard import debrief_view
    from sim.dashboard.arena import comparison, control_values

    settings = control_values("baseline")
    shown = list(comparison("baseline", settings, 1, "levers.coordinator"))
    first = debrief_view.sync_rates(shown, wanted=True, runs=400)
    again = list(comparison("baseline", settings, 2, "levers.coordinator"))  # reset, new seed
    assert debrief_view.sync_rates(again, wanted=True, runs=400) is first
    changed = list(
        comparison("baseline", {**settings, "levers.rules": 1.0}, 1, "levers.coordinator")
    )
    second = debrief_view.sync_rates(changed, wanted=True, runs=400)
    assert second is not first and first.cancelled
    assert first.join(30) and first.result is not None and not first.result["complete"].all()
    assert debrief_view.sync_rates(shown[:1], wanted=True, runs=400) is None  # one arena
    assert second.cancelled and second.join(30)


# --- paper ----------------------------------------------------------------------------------------
def test_the_handout_and_role_cards_download_as_pdf_naming_scenario_and_seed(page):
    for _ in range(2):
        step(page)
    page.click(".ps-debrief-open")
    page.wait_for_selector(".ps-debrief-downloads")
    name, data = download(page, ".ps-handout-pdf")
    assert data[:5] == b"%PDF-" and name.endswith(".pdf")
    text = pdf_text(data)
    assert "AZON: integraal programmeren in Zeeland" in text
    assert re.search(r"Scenario: azon\s.*Seed: 1\s.*Maand 2\b", text)
    assert "Spelregels" in text  # the levers

    name, data = download(page, ".ps-role-cards")
    assert data[:5] == b"%PDF-" and name.endswith(".pdf")
    cards = pdf_text(data)
    assert "Gemeente Vlissingen" in cards and "Evides" in cards


# --- scenario picker and presets ------------------------------------------------------------------
def test_the_scenario_menu_shows_titles_and_the_description_in_the_pages_language(page):
    from sim.scenario import scenario_names
    from sim.texts import SCENARIO_DESCRIPTIONS

    shown, items = menu_items(page, "Scenario")
    assert "AZON: integraal programmeren in Zeeland" in shown
    assert len(items) == len(scenario_names()) and not set(items) & set(scenario_names())
    assert page.inner_text(".ps-scenario-description") == SCENARIO_DESCRIPTIONS["nl"]["azon"]

    choose(page, "Scenario", "Ad hoc, gematigde belangentegenstelling, geen hefbomen")
    page.wait_for_function(  # baseline's file is English: the page follows the scenario
        "document.querySelector('.ps-scenario-description').textContent.startsWith('Four')"
    )
    assert page.inner_text(".ps-scenario-description") == SCENARIO_DESCRIPTIONS["en"]["baseline"]
    page.locator(".ps-language button", has_text="NL").click()
    page.wait_for_function(
        "document.querySelector('.ps-scenario-description').textContent.startsWith('Vier')"
    )
    assert page.inner_text(".ps-scenario-description") == SCENARIO_DESCRIPTIONS["nl"]["baseline"]


def test_a_preset_sets_scenario_levers_and_seed_and_plays_to_its_expected_outcome(page):
    """The fastest preset (27 months): one choice sets the scenario, the rules of the game and
    the seed, says what it is expected to show, and the run gives that outcome."""
    from sim.presets import get_preset
    from sim.texts import REASON_LABELS

    preset = get_preset("eindhoven_zonder_spelregels")
    assert preset.levers == {"rules": 0.0} and preset.seed == 5
    page.locator(".ps-language button", has_text="NL").click()
    choose(page, "Kant-en-klare opzet", preset.title_nl)
    page.wait_for_selector(".ps-preset-expected")
    assert (
        page.locator(".v-select", has_text="Scenario")
        .inner_text()
        .endswith("5G Eindhoven: gemeente, operator en netwerkleverancier")
    )
    rules = page.locator(".ps-slider", has_text="Spelregels").locator(".v-slider-thumb")
    assert rules.get_attribute("aria-valuenow") == "0"
    playwright.expect(page.get_by_label(re.compile(r"^Seed"))).to_have_value("5")
    assert page.inner_text(".ps-preset-description") == preset.description_nl
    expected = page.inner_text(".ps-preset-expected")
    assert REASON_LABELS["nl"]["council_rejection"] in expected
    assert "akkoord in maand 25" in expected
    assert "ongeveer één op de vijf (20%)" in expected
    assert month(page) == 0

    start = time.monotonic()
    play_to_the_end(page)
    banner = page.inner_text(".ps-banner")
    assert REASON_LABELS["nl"]["council_rejection"][:1].upper() in banner
    assert REASON_LABELS["nl"]["council_rejection"][1:] in banner
    assert month(page) == 27 and time.monotonic() - start < 120
    # a setting changed: the preset no longer describes the run
    enter(page.get_by_label(re.compile(r"^Seed")), "6")
    page.wait_for_selector(".ps-preset-changed")
    assert not page.locator(".ps-preset-expected").count()
