"""Progress of a sweep: a tqdm bar on a terminal, a plain line now and then elsewhere."""

from __future__ import annotations

import sys
import time


class Progress:
    """Runs done, rate and time left: a tqdm bar on a terminal, a plain line every `every`
    seconds otherwise."""

    def __init__(self, total: int, enabled: bool, stream=sys.stderr, every: float = 5.0) -> None:
        self.total, self.done, self.enabled = total, 0, enabled
        self.stream, self.every = stream, every
        self.start = self.last = time.monotonic()
        self.bar = None
        if enabled and stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="run", file=stream, dynamic_ncols=True)

    def grow(self, runs: int) -> None:
        """More runs to do (replications added to reach a target half-width)."""
        self.total += runs
        if self.bar is not None:
            self.bar.total = self.total
            self.bar.refresh()

    def advance(self, runs: int) -> None:
        self.done += runs
        if self.bar is not None:
            self.bar.update(runs)
            return
        now = time.monotonic()
        if not self.enabled or (now - self.last < self.every and self.done < self.total):
            return
        self.last = now
        rate = self.done / max(now - self.start, 1e-9)
        left = (self.total - self.done) / rate if rate else float("inf")
        print(
            f"{self.done}/{self.total} runs ({self.done / max(self.total, 1):.0%}), "
            f"{rate:.0f} runs/s, {left:.0f} s left",
            file=self.stream,
            flush=True,
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
