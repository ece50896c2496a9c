"""A real Dask cluster on 127.0.0.1 for the tests and benchmarks: `dask scheduler` and
`dask worker` processes started as a user would start them, each in its own session."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

WAIT_FOR_WORKERS = """
import sys
from dask.distributed import Client
with Client(sys.argv[1], timeout="60s") as client:
    if int(sys.argv[2]):
        client.wait_for_workers(int(sys.argv[2]), timeout=60)
"""
"""Waited for in another process: a client in the caller would leave its event-loop thread
there, and the local engine of later tests would no longer fork."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DaskCluster:
    """A scheduler and `workers` worker commands. With `nanny` each command runs `processes`
    worker processes under a nanny (which restarts a killed one); without, each is one process
    (a worker killed stays dead). `wait` waits until all workers have joined; `close` kills
    whatever is left of them (usable as a context manager)."""

    def __init__(
        self, workers: int = 1, processes: int = 2, nanny: bool = True, wait: bool = True
    ) -> None:
        port = free_port()
        self.address = f"tcp://127.0.0.1:{port}"
        dask = str(Path(sys.executable).parent / "dask")
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        self.scheduler = subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            **quiet,
            start_new_session=True,
        )
        self.workers: list[subprocess.Popen] = []
        each = ["--nworkers", str(processes)] if nanny else ["--no-nanny"]
        try:
            for _ in range(workers):
                self.workers.append(
                    subprocess.Popen(
                        [dask, "worker", self.address, *each, "--nthreads", "1"]
                        + ["--host", "127.0.0.1", "--no-dashboard"],
                        **quiet,
                        start_new_session=True,
                    )
                )
            if wait:
                expected = workers * (processes if nanny else 1)
                waited = subprocess.run(
                    [sys.executable, "-c", WAIT_FOR_WORKERS, self.address, str(expected)],
                    capture_output=True,
                    text=True,
                    timeout=150,
                )
                assert waited.returncode == 0, waited.stderr
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        for process in (*self.workers, self.scheduler):
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()

    def __enter__(self) -> DaskCluster:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
