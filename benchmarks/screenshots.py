"""The README's screenshots of the dashboard for the workshop plan, at 1280×720 in Chromium
(Debian's, driven by Playwright), for `azon` on seed 1:

- `dashboard_trainer.png`: the trainer's page mid-run (the negotiation);
- `dashboard_projector.png`: the projector view (`/?view=projector`) mid-run;
- `dashboard_debrief.png`: the debrief screen at the end of a run;
- `dashboard_compare.png`: comparison mode's debrief: the difference table and the success
  rates (over `--rate-runs` runs per side).

    .venv/bin/python benchmarks/screenshots.py [--out docs/images] [--rate-runs 100]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # support.browser

SMALL = {"width": 1280, "height": 720}


def _open(browser, address: str, query: str = ""):
    context = browser.new_context(viewport=SMALL)
    page = context.new_page()
    page.goto(address + query)
    page.wait_for_selector(".ps-month, .ps-projector")
    page.wait_for_load_state("networkidle")
    page.set_default_timeout(180_000)
    return context, page


def _speed(page, value: float) -> None:
    thumb = page.locator(".ps-transport .v-slider-thumb")
    thumb.focus()
    page.keyboard.press("Home")
    for _ in range(round((value - 0.5) / 0.5)):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)


def _play_until(page, months: int, shown: str = ".ps-month") -> None:
    """Play at 10 months per second until the month shown reaches `months`, then pause."""
    _speed(page, 10)
    page.click(".ps-play")
    page.wait_for_function(
        f"Number(document.querySelector('{shown}').textContent) >= {months}"
        " || document.querySelector('.ps-banner') != null"
    )
    page.click(".ps-play")
    page.wait_for_selector(".ps-play:has-text('Afspelen'), .ps-play:has-text('Play')")
    page.wait_for_timeout(800)


def _choose(page, menu: str, item: str) -> None:
    page.locator(".v-select", has_text=menu).click()
    page.locator(".v-list-item", has_text=item).first.click()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "images"))
    parser.add_argument("--rate-runs", type=int, default=100)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    os.environ["PARTNERSIM_APP_RATE_RUNS"] = str(args.rate_runs)  # read by the app's process

    from playwright.sync_api import sync_playwright
    from support.browser import CHROMIUM, CHROMIUM_ARGS, app_server

    with app_server("azon") as address, sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        # (a) the trainer's page mid-run
        context, page = _open(browser, address)
        _play_until(page, 20)
        page.screenshot(path=out / "dashboard_trainer.png")
        context.close()

        # (b) the projector view mid-run
        context, page = _open(browser, address, "/?view=projector")
        for _ in range(20):
            page.click(".ps-pstep")
            page.wait_for_timeout(150)
        page.wait_for_timeout(1500)
        page.screenshot(path=out / "dashboard_projector.png")
        context.close()

        # (c) the debrief at the end of a run
        context, page = _open(browser, address)
        _speed(page, 10)
        page.click(".ps-play")
        page.wait_for_selector(".ps-debrief-offer")
        page.locator(".ps-debrief-offer button").click()
        page.wait_for_selector(".ps-party-table")
        page.locator(".ps-debrief-screen h4", has_text="De partijen").evaluate(
            "heading => heading.scrollIntoView({block: 'start'})"
        )
        page.wait_for_timeout(500)
        page.screenshot(path=out / "dashboard_debrief.png")
        context.close()

        # (d) comparison: the difference table and the success rates
        context, page = _open(browser, address)
        _choose(page, "Modus", "Vergelijken")
        page.wait_for_selector(".ps-month-b")
        _play_until(page, 45, ".ps-month-b")
        page.click(".ps-debrief-open")
        page.wait_for_selector(".ps-difference")
        page.wait_for_selector(".ps-rates-line")
        page.locator(".ps-debrief-screen h3").first.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        page.screenshot(path=out / "dashboard_compare.png")
        context.close()
        browser.close()
    for name in ("trainer", "projector", "debrief", "compare"):
        print(out / f"dashboard_{name}.png")


if __name__ == "__main__":
    main()
