"""What the dashboard's end-to-end test and its benchmark share: `partnersim app` started on a
free loopback port, and Debian's Chromium with the options that make it start quietly in a
container (Playwright's own browser download does not work here)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def app_server(*arguments: str, timeout: float = 60, log: list[str] | None = None) -> Iterator[str]:
    """`partnersim app *arguments` on 127.0.0.1 and a free port; yields its address once it
    answers, having checked that the command printed it. Stops the server on leaving. With
    `log`, every line the server prints after its address is appended to it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(Path(sys.executable).parent / "partnersim"), "app", *arguments]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    address = f"http://127.0.0.1:{port}"
    try:
        first = process.stdout.readline().strip()
        if not first.startswith(f"partnersim app: {address}"):
            raise RuntimeError(f"partnersim app printed {first!r}, not its address {address}")

        # Keep reading what the server prints, so that a full pipe never blocks it.
        def keep() -> None:
            for line in process.stdout:
                if log is not None:
                    log.append(line)

        drain = threading.Thread(target=keep, daemon=True)
        drain.start()
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(address, timeout=2)
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(f"partnersim app exited with {process.returncode}") from None
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"partnersim app did not answer within {timeout} s"
                    ) from None
                time.sleep(0.3)
        yield address
    finally:
        process.terminate()
        process.wait(timeout=20)


# --- what the end-to-end tests do on a page --------------------------------------------------
SMALL = {"width": 1280, "height": 720}
"""A beamer's resolution: the size the workshop tests use."""


def requires_chromium():
    """The browser tests' marker: they run wherever Chromium is (CI installs it); only with
    PARTNERSIM_SKIP_BROWSER=1 on a machine without it are they skipped."""
    import os

    import pytest

    return pytest.mark.skipif(
        not Path(CHROMIUM).exists() and os.environ.get("PARTNERSIM_SKIP_BROWSER") == "1",
        reason="no Chromium and PARTNERSIM_SKIP_BROWSER=1",
    )


@contextmanager
def chromium() -> Iterator:
    """Debian's Chromium, headless, through Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def month(page, tag: str = "") -> int:
    """The month the page shows (`tag`: the arena's, in compare mode)."""
    return int(page.inner_text(f".ps-month{tag}"))


def step(page, tag: str = "") -> None:
    """Click Step and wait until the month shown has changed."""
    before = month(page, tag)
    page.click(".ps-step")
    page.wait_for_function(f"document.querySelector('.ps-month{tag}').textContent != '{before}'")


def choose(page, menu: str, item: str) -> None:
    """Pick `item` in the select labelled `menu`."""
    page.locator(".v-select", has_text=menu).click()
    page.locator(".v-list-item", has_text=item).first.click()


def enter(field, text: str) -> None:
    """Type `text` into a field and press Enter as a person does, the key held for 80 ms: the
    page applies a field on the key's release, and the typed value must have reached the server
    by then (a release a millisecond after typing, as a script sends it, can overtake it)."""
    field.fill(text)
    field.press("Enter", delay=80)


def menu_items(page, menu: str) -> tuple[str, list[str]]:
    """The select labelled `menu`: what it shows, and the items it offers when opened (closed
    again after)."""
    select = page.locator(".v-select", has_text=menu)
    shown = select.inner_text()
    select.click()
    items = [item.inner_text() for item in page.locator(".v-list-item").all()]
    page.keyboard.press("Escape")
    return shown, items


def set_speed(page, value: float) -> None:
    """The speed slider, by keyboard: Home is 0.5 months per second, each arrow key 0.5 more;
    waits until the page (and, where it shows it, the server) has the new speed."""
    thumb = page.locator(".ps-transport .v-slider-thumb")
    thumb.focus()
    page.keyboard.press("Home")
    for _ in range(round((value - 0.5) / 0.5)):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "document.querySelector('.ps-transport .v-slider-thumb')"
        f".getAttribute('aria-valuenow') == '{value:g}'"
    )
    if page.locator(".ps-speed .ps-slider-value").count():  # the server has the new speed
        page.wait_for_function(
            f"document.querySelector('.ps-speed .ps-slider-value').textContent == '{value:g}'"
        )
    page.wait_for_timeout(300)


def watch_month(page) -> None:
    """Record, in the page, when the month shown changes (browser time, ms), in
    `window.psMonths` as [time, month] pairs."""
    page.evaluate(
        """() => {
        window.psMonths = [];
        const read = () => {
            const shown = document.querySelector('.ps-month');
            if (shown) window.psMonths.push([performance.now(), Number(shown.textContent)]);
        };
        new MutationObserver(read).observe(document.body,
            {subtree: true, childList: true, characterData: true});
    }"""
    )
