"""Benchmark: the time from Step to a settled page in the dashboard, for `azon`.

Two measurements, each the median (and 90th percentile) over the first `--steps` months:

- server: Solara's test renderer, from the click on Step until the page's components have
  rendered again (the model's month, the drawings, the log);
- browser: `partnersim app` on 127.0.0.1 in headless Chromium (Debian's, via Playwright), once
  the page has loaded (no network traffic for half a second: a click while the front end is
  still loading its scripts waits for them), from the click on Step until the month shown on
  the page has changed and the browser has painted the next frame.

At the workshop's screen size (1280×720, the trainer's laptop on a beamer), in Chromium:

- Step to a settled page in one arena and in comparison mode (two arenas stepped together),
  median and 90th percentile over `--small-steps` months (target p90 < 300 ms);
- Play: the months per second the page delivers against the speed set (2, 5, 10), the slope of
  a least-squares line through every change of the month shown over `--play-seconds`;
- memory: the resident set (VmRSS in /proc/PID/status) of the `partnersim app` process with
  1, 4 and 8 browser contexts open (each a session with its own run), and per additional one.

    .venv/bin/python benchmarks/bench_app.py [--steps 40] [--small-steps 25] [--play-seconds 6]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # support.browser
from support.browser import set_speed, watch_month  # noqa: E402


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


SMALL = {"width": 1280, "height": 720}


def _open(browser, address: str):
    """A new session (browser context) on the app at 1280x720, once its page has loaded."""
    context = browser.new_context(viewport=SMALL)
    page = context.new_page()
    page.goto(address)
    page.wait_for_selector(".ps-month")
    page.wait_for_load_state("networkidle")
    return context, page


def _choose(page, menu: str, item: str) -> None:
    page.locator(".v-select", has_text=menu).click()
    page.locator(".v-list-item", has_text=item).first.click()


def step_small(browser, address: str, steps: int, compare: bool) -> list[float]:
    """Step to a settled page at 1280x720: one arena, or both arenas of a comparison (the
    month of the right-hand one, which is drawn last)."""
    context, page = _open(browser, address)
    shown = ".ps-month"
    if compare:
        _choose(page, "Modus", "Vergelijken")
        page.wait_for_selector(".ps-month-b")
        page.wait_for_load_state("networkidle")
        shown = ".ps-month-b"
    times = []
    for number in range(1, steps + 1):
        start = time.perf_counter()
        page.click(".ps-step")
        page.wait_for_function(
            f"document.querySelector('{shown}').textContent == '{number}'", polling="raf"
        )
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
        times.append(time.perf_counter() - start)
    context.close()
    return times


def play_speed(browser, address: str, speed: float, seconds: float) -> float:
    """The months per second the page shows while playing at `speed` (azon, seed 1)."""
    context, page = _open(browser, address)
    set_speed(page, speed)
    watch_month(page)
    page.click(".ps-play")
    page.wait_for_timeout(seconds * 1000)
    page.click(".ps-play")
    samples = page.evaluate("window.psMonths")
    context.close()
    changes = [b for a, b in zip(samples, samples[1:], strict=False) if b[1] != a[1]][1:]
    if len(changes) < 3:
        return float("nan")
    times = [t / 1000 for t, _ in changes]
    months = [m for _, m in changes]
    mean_t, mean_m = statistics.fmean(times), statistics.fmean(months)
    return sum((t - mean_t) * (m - mean_m) for t, m in zip(times, months, strict=True)) / sum(
        (t - mean_t) ** 2 for t in times
    )


def app_pid() -> int:
    """The process id of the `partnersim app` this process started."""
    import os

    mine = str(os.getpid())
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if parent == mine and any(part.endswith(b"partnersim") for part in command):
            return int(entry.name)
    raise RuntimeError("no partnersim app process found among this process's children")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def memory(browser, address: str, counts=(1, 4, 8)) -> list[tuple[int, float]]:
    """The app's resident set with 0 and then `counts` sessions open (each stepped 3 months)."""
    pid = app_pid()
    found = [(0, rss_mb(pid))]
    opened = []
    for count in counts:
        while len(opened) < count:
            context, page = _open(browser, address)
            for number in range(1, 4):
                page.click(".ps-step")
                page.wait_for_function(
                    f"document.querySelector('.ps-month').textContent == '{number}'"
                )
            opened.append(context)
        time.sleep(1.0)
        found.append((count, rss_mb(pid)))
    for context in opened:
        context.close()
    return found


def workshop(small_steps: int, play_seconds: float) -> None:
    """The 1280x720 measurements, printed as a table."""
    from playwright.sync_api import sync_playwright
    from support.browser import CHROMIUM, CHROMIUM_ARGS, app_server

    rows: list[tuple[str, str, str]] = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        with app_server("azon") as address:  # a fresh server: memory first
            sessions = memory(browser, address)
        base = sessions[0][1]
        with app_server("azon") as address:
            for label, compare in (("one arena", False), ("comparison", True)):
                ms = sorted(1000 * t for t in step_small(browser, address, small_steps, compare))
                p90 = ms[int(0.9 * (len(ms) - 1))]
                rows.append(
                    (
                        f"Step to a settled page, {label} ({small_steps} steps)",
                        f"p50 {statistics.median(ms):.0f} ms, p90 {p90:.0f} ms",
                        "PASS" if p90 < 300 else "over",
                    )
                )
            for speed in (2, 5, 10):
                delivered = play_speed(browser, address, speed, play_seconds)
                rows.append(
                    (
                        f"Play at {speed} months/s ({play_seconds:g} s)",
                        f"{delivered:.2f} months/s ({delivered / speed:.0%})",
                        "PASS" if abs(delivered / speed - 1) <= 0.10 else "off",
                    )
                )
        first = sessions[1][1]
        for count, rss in sessions:
            if count == 0:
                per = " (no session yet)"
            elif count == 1:
                per = f", +{rss - base:.1f} MB for the first"
            else:
                per = f", +{(rss - first) / (count - 1):.1f} MB per additional"
            rows.append((f"Server RSS, {count} contexts open", f"{rss:.0f} MB{per}", ""))
        browser.close()
    width = max(len(row[0]) for row in rows)
    print("\nazon at 1280x720 in Chromium (targets: p90 < 300 ms, Play within 10%)")
    print(f"  {'measure':<{width}}  {'result':<34}  target")
    print(f"  {'-' * width}  {'-' * 34}  ------")
    for name, result, verdict in rows:
        print(f"  {name:<{width}}  {result:<34}  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--small-steps", type=int, default=25)
    parser.add_argument("--play-seconds", type=float, default=6.0)
    args = parser.parse_args()
    print(f"azon, Step to a settled page, months 1-{args.steps} (target < 300 ms)")
    print(f"  server (test renderer): {summary(server_side(args.steps))}")
    print(f"  browser (Chromium)    : {summary(in_browser(args.steps))}")
    workshop(max(20, args.small_steps), args.play_seconds)


if __name__ == "__main__":
    main()
