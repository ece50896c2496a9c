"""End to end: `partnersim app` on 127.0.0.1 in a real headless Chromium (Debian's, driven by
Playwright): switch a lever, step, see month, phase and trust change, a second session stays
apart, take a seat and reject then accept an offer, switch the language, save a screenshot."""

from __future__ import annotations

import os
import shutil

import pytest
from support.browser import app_server, month, requires_chromium, step

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = requires_chromium()


@pytest.fixture(scope="module")
def server():
    with app_server() as address:
        yield address


def act(page, selector: str) -> bool:
    """Click and wait for the month to move; False when it did not (the page asked for
    something else first)."""
    before = month(page)
    page.click(selector)
    try:
        page.wait_for_function(
            f"document.querySelector('.ps-month').textContent != '{before}'", timeout=5000
        )
    except playwright.TimeoutError:
        return False
    return True


def test_a_trainer_and_a_participant_use_the_dashboard(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    page.goto(server)
    page.wait_for_selector(".ps-month")
    assert month(page) == 0 and page.inner_text(".ps-phase") == "Verkenning"
    trust_at_start = page.inner_text(".ps-trust")

    # a lever: the coordinator off resets the run and says so
    page.get_by_label("Onafhankelijke coördinator").uncheck()
    page.wait_for_selector(".ps-notice")
    assert "opnieuw" in page.inner_text(".ps-notice")

    for _ in range(8):
        step(page)
    assert month(page) == 8
    assert page.inner_text(".ps-phase") != "Verkenning"
    assert page.inner_text(".ps-trust") != trust_at_start
    assert page.locator(".ps-event").count() > 3

    # another browser session has its own run
    other = browser.new_context().new_page()
    other.goto(server)
    other.wait_for_selector(".ps-month")
    assert month(other) == 0
    step(other)
    assert month(other) == 1 and month(page) == 8
    other.context.close()

    # take a seat; reject an offer, then accept one
    page.locator(".v-select", has_text="Modus").click()
    page.locator(".v-list-item", has_text="Neem een plek in").click()
    page.wait_for_selector(".ps-seat")
    page.locator(".v-select", has_text="Uw partij").click()
    page.locator(".v-list-item", has_text="Gemeente Vlissingen").click()
    page.wait_for_selector(".ps-seat:has-text('Gemeente Vlissingen')")
    assert month(page) == 0
    rejected = accepted = False
    for _ in range(60):
        page.wait_for_timeout(100)  # let the page settle before reading what it asks
        if page.locator(".ps-reject").count() and not rejected:
            rejected = act(page, ".ps-reject")
        elif page.locator(".ps-accept").count() and rejected:
            accepted = act(page, ".ps-accept")
            if accepted:
                break
        elif page.locator(".ps-propose").count():
            act(page, ".ps-propose")
        else:
            act(page, ".ps-step")
    assert rejected and accepted
    assert "wijst het voorstel af" in page.inner_text(".ps-log")

    # the language
    page.locator(".ps-language button", has_text="EN").click()
    page.wait_for_selector(".ps-step:has-text('Step')")
    assert "What happens" in page.inner_text(".ps-log")
    shot = tmp_path / "dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    if os.environ.get("PARTNERSIM_SCREENSHOT"):
        shutil.copy(shot, os.environ["PARTNERSIM_SCREENSHOT"])

    # reloading, again and again, never takes the server down
    for _ in range(3):
        page.reload()
        page.wait_for_selector(".ps-month")
    step(page)
    assert month(page) >= 1
    page.close()
