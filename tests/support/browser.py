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
def app_server(*arguments: str, timeout: float = 60) -> Iterator[str]:
    """`partnersim app *arguments` on 127.0.0.1 and a free port; yields its address once it
    answers, having checked that the command printed it. Stops the server on leaving."""
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
        drain = threading.Thread(target=process.stdout.read, daemon=True)
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
