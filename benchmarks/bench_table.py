"""Benchmark: a shared table with three and with eight seated participants in one run.

`partnersim app azon --lang en` on 127.0.0.1 and headless Chromium (Debian's, via Playwright).
The trainer's page sets growth to "everyone at once" (twelve parties at the table when the
negotiation starts, the coordinator tabling every offer) and opens a shared table; N
participants (N browser contexts, N sessions) join it, each at a different party, and the
trainer plays to the negotiation. Then, per round, every participant answers:

- together: all N click Accept/Reject at (nearly) the same moment, as in a room;
- one by one: each clicks after the previous one's answer was shown.

Measured in each participant's page (performance.now()): from the click on Accept or Reject until
the page shows the answer recorded (`.ps-answered` names the month just answered). Printed:
p50/p90/max per answer (target p90 < 500 ms), and the resident memory of the `partnersim app`
process (/proc/PID/status, VmRSS) with the trainer alone and with N participants, per
additional session.

    .venv/bin/python benchmarks/bench_table.py [--rounds 6] [--sizes 3 8] [--positions]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # support.browser

ANSWER = """([selector, needle]) => {
  window.__answered = new Promise(resolve => {
    const start = performance.now();
    const done = () => {
      const shown = document.querySelector('.ps-answered');
      return shown && shown.textContent.includes(needle);
    };
    const watch = new MutationObserver(() => {
      if (done()) { watch.disconnect(); resolve(performance.now() - start); }
    });
    watch.observe(document.body, {subtree: true, childList: true, characterData: true});
    document.querySelector(selector).click();
  });
}"""


def server_pid(port: int) -> int:
    """The `partnersim app` this process started on `port` (a child of this process)."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            command = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        parent = int(
            next(line.split()[1] for line in status.splitlines() if line.startswith("PPid"))
        )
        if parent == os.getpid() and b"app" in command and str(port).encode() in command:
            return int(entry)
    raise RuntimeError(f"no partnersim app on port {port} among this process's children")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of the process so far (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def settle(seconds: float = 1.0) -> None:
    time.sleep(seconds)


def percentiles(ms: list[float]) -> str:
    ms = sorted(ms)
    p90 = ms[int(0.9 * (len(ms) - 1))]
    return (
        f"n {len(ms):3d}  p50 {statistics.median(ms):6.1f} ms  p90 {p90:6.1f} ms  "
        f"max {ms[-1]:6.1f} ms"
    )


def wait_month(page, value: int, timeout: float = 30_000) -> None:
    page.wait_for_function(
        "v => { const m = document.querySelector('.ps-month');"
        " return m && m.textContent.trim() == String(v); }",
        arg=value,
        timeout=timeout,
    )


def run(size: int, rounds: int) -> dict:
    from playwright.sync_api import sync_playwright
    from support.browser import CHROMIUM, CHROMIUM_ARGS, app_server

    result: dict = {"size": size}
    with app_server("azon", "--lang", "en") as address, sync_playwright() as driver:
        pid = server_pid(int(address.rsplit(":", 1)[1]))
        browser = driver.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        trainer = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        trainer.goto(address)
        trainer.wait_for_selector(".ps-month")
        trainer.wait_for_load_state("networkidle")
        trainer.locator(".ps-growth .v-btn", has_text="everyone at once").click()
        trainer.wait_for_selector(".ps-notice")
        trainer.click(".ps-open-table")
        trainer.wait_for_selector(".ps-table-code")
        code = trainer.inner_text(".ps-table-code").strip()
        settle()
        result["rss_trainer"] = rss_mb(pid)

        people = []
        for _ in range(size):
            page = browser.new_context(viewport={"width": 1100, "height": 800}).new_page()
            page.goto(f"{address}/?table={code}")
            page.wait_for_selector(".ps-take")
            page.locator(".ps-take:not([disabled])").first.click()
            page.wait_for_selector(".ps-role")
            people.append(page)
        trainer.wait_for_function(
            "n => document.querySelector('.ps-seated-count').textContent.trim() == String(n)",
            arg=size,
        )
        settle(2)
        result["rss_seated"] = rss_mb(pid)

        trainer.click(".ps-play")
        trainer.wait_for_function(
            "n => document.querySelectorAll('.ps-table-seat.ps-state-response').length == n",
            arg=size,
            timeout=60_000,
        )
        together: list[float] = []
        one_by_one: list[float] = []
        cpu = {"together": [0.0, 0.0], "one_by_one": [0.0, 0.0]}  # server CPU s, wall s
        for number in range(2 * rounds):
            people[0].wait_for_selector(".ps-accept")
            month = int(people[0].inner_text(".ps-month"))
            wait_month(trainer, month)
            for page in people:
                page.wait_for_selector(".ps-accept")
                wait_month(page, month)
            needle = f" {month + 1}:"
            # mostly rejections, so that the negotiation goes on
            buttons = [".ps-accept" if (k + number) % 4 == 0 else ".ps-reject" for k in range(size)]
            kind = "together" if number % 2 == 0 else "one_by_one"
            began, used = time.perf_counter(), cpu_seconds(pid)
            if kind == "together":
                for page, button in zip(people, buttons, strict=True):
                    page.evaluate(ANSWER, [button, needle])
                together += [page.evaluate("window.__answered") for page in people]
            else:
                for page, button in zip(people, buttons, strict=True):
                    page.evaluate(ANSWER, [button, needle])
                    one_by_one.append(page.evaluate("window.__answered"))
            wait_month(trainer, month + 1)
            cpu[kind][0] += cpu_seconds(pid) - used
            cpu[kind][1] += time.perf_counter() - began
            if trainer.locator(".ps-banner").count():
                break  # the run ended (an agreement or the deadline)
        settle(1)
        result["rss_after"] = rss_mb(pid)
        result["together"], result["one_by_one"] = together, one_by_one
        result["cpu"] = cpu
        browser.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6, help="rounds of each kind (default 6)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[3, 8])
    parser.add_argument(
        "--positions", action="store_true", help="also the mean time by click order, together"
    )
    args = parser.parse_args()
    print(f"bench_table: azon, growth everyone at once; {os.cpu_count()} cores")
    for size in args.sizes:
        result = run(size, args.rounds)
        every = result["together"] + result["one_by_one"]
        print(f"\n{size} seated participants (+ the trainer), one run:")
        print(f"  answer shown, all answers   {percentiles(every)}")
        print(f"  answer shown, together      {percentiles(result['together'])}")
        print(f"  answer shown, one by one    {percentiles(result['one_by_one'])}")
        p90 = sorted(every)[int(0.9 * (len(every) - 1))]
        print(f"  target p90 < 500 ms: {'met' if p90 < 500 else 'NOT met'} ({p90:.0f} ms)")
        if args.positions:
            rows = [result["together"][k::size] for k in range(size)]
            print("  together, by click order:", [round(statistics.mean(r)) for r in rows])
        for kind, (used, wall) in result["cpu"].items():
            print(
                f"  server CPU, {kind.replace('_', ' '):10s}: {used:.2f} s in {wall:.2f} s "
                f"of rounds ({100 * used / max(wall, 1e-9):.0f}% of one core)"
            )
        added = result["rss_seated"] - result["rss_trainer"]
        print(
            f"  server RSS: trainer alone {result['rss_trainer']:.1f} MB, with {size} seated "
            f"{result['rss_seated']:.1f} MB (+{added / size:.1f} MB per participant session), "
            f"after the rounds {result['rss_after']:.1f} MB"
        )


if __name__ == "__main__":
    main()
