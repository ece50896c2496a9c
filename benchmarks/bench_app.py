"""Benchmark: the time from Step to a settled page in the dashboard, for `azon`.

Two measurements, each the median (and 90th percentile) over the first `--steps` months:

- server: Solara's test renderer, from the click on Step until the page's components have
  rendered again (the model's month, the drawings, the log);
- browser: `partnersim app` on 127.0.0.1 in headless Chromium (Debian's, via Playwright), once
  the page has loaded (no network traffic for half a second: a click while the front end is
  still loading its scripts waits for them), from the click on Step until the month shown on
  the page has changed and the browser has painted the next frame.

    .venv/bin/python benchmarks/bench_app.py [--steps 40]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # support.browser


def summary(times: list[float]) -> str:
    ms = sorted(1000 * t for t in times)
    p90 = ms[int(0.9 * (len(ms) - 1))]
    return f"median {statistics.median(ms):6.1f} ms, p90 {p90:6.1f} ms, max {ms[-1]:6.1f} ms"


def server_side(steps: int) -> list[float]:
    import ipyvuetify as v
    import solara

    from sim.dashboard import page

    box, rc = solara.render(page.Page(), handle_error=False)
    button = rc.find(v.Btn, class_="ps-step").widget
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        button.click()
        times.append(time.perf_counter() - start)
    return times


def in_browser(steps: int) -> list[float]:
    from playwright.sync_api import sync_playwright
    from support.browser import CHROMIUM, CHROMIUM_ARGS, app_server

    with app_server("azon") as address, sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        page.goto(address)
        page.wait_for_selector(".ps-month")
        page.wait_for_load_state("networkidle")
        times = []
        for number in range(1, steps + 1):
            start = time.perf_counter()
            page.click(".ps-step")
            page.wait_for_function(
                f"document.querySelector('.ps-month').textContent == '{number}'",
                polling="raf",
            )
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
            times.append(time.perf_counter() - start)
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=40)
    args = parser.parse_args()
    print(f"azon, Step to a settled page, months 1-{args.steps} (target < 300 ms)")
    print(f"  server (test renderer): {summary(server_side(args.steps))}")
    print(f"  browser (Chromium)    : {summary(in_browser(args.steps))}")


if __name__ == "__main__":
    main()
