"""Benchmark: time from a fault to the exit of `partnersim sweep`, for a sweep of 40 batches.

Faults (all by default; pick some with --parts), each injected once 10 batches are stored, each
in a fresh `partnersim sweep` process on 2 local worker processes:

- `enospc`: the 10th batch's file cannot be written (OSError ENOSPC, injected into the writer);
- `worker`: one local worker process is killed with SIGKILL;
- `scheduler`: (with --engine dask on a `dask scheduler` + `dask worker` of 2 processes on
  127.0.0.1) the scheduler is killed with SIGKILL.

For each: seconds from the fault to the process's exit (median and all of `--rounds`), its exit
code, its one-line message, and whether `--resume` then completes the sweep.

    .venv/bin/python benchmarks/bench_faults.py [--parts enospc,worker,scheduler] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # support.cluster
from support.cluster import DaskCluster  # noqa: E402

EXPERIMENT = """
name = "bench_faults"
description = "40 batches: 4 cells x 10 batches of 4 runs"
scenarios = ["baseline"]
replications = 40
seed = 5
batch_size = 4

[factors]
"levers.rules" = [0.0, 1.0]
"levers.growth" = ["all_at_once", "core_group"]
"""
FAULT_AFTER = 10
ENOSPC = textwrap.dedent(
    """
    import errno, os, sys, time
    from pathlib import Path
    from sim.experiments import store
    from sim import cli

    real, written = store._write_bytes, []

    def full(path, data):
        if Path(path).parent.name == store.RUNS_DIR:
            written.append(path)
            if len(written) == {after}:
                Path(sys.argv[1]).write_text(repr(time.monotonic()))
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, data)

    store._write_bytes = full
    sys.exit(cli.main(sys.argv[2:]))
    """
).replace("{after}", str(FAULT_AFTER))


def stored(out: Path) -> int:
    return len(list(out.glob("runs/*.parquet")))


def wait_for_batches(out: Path, process: subprocess.Popen, count: int) -> None:
    deadline = time.monotonic() + 300
    while stored(out) < count and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)


def message(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith("partnersim:")]
    traceback = " [TRACEBACK]" if "Traceback" in stderr else ""
    return (lines[-1] if lines else "(no message)") + traceback


def resume(spec: Path, out: Path) -> bool:
    result = subprocess.run(
        [sys.executable, "-m", "sim.cli", "sweep", str(spec), "--out", str(out), "--resume"]
        + ["--workers", "2"],
        capture_output=True,
        text=True,
    )
    return result.returncode == 0


def enospc(spec: Path, out: Path) -> tuple[float, int, str]:
    stamp = out.parent / f"{out.name}.fault"
    process = subprocess.Popen(
        [sys.executable, "-c", ENOSPC, str(stamp), "sweep", str(spec), "--out", str(out)]
        + ["--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    _, stderr = process.communicate()
    ended = time.monotonic()
    return ended - float(stamp.read_text()), process.returncode, message(stderr)


def killed_worker(spec: Path, out: Path) -> tuple[float, int, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "sim.cli", "sweep", str(spec), "--out", str(out)]
        + ["--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for_batches(out, process, FAULT_AFTER)
    os.kill(psutil.Process(process.pid).children()[0].pid, signal.SIGKILL)
    killed = time.monotonic()
    _, stderr = process.communicate()
    return time.monotonic() - killed, process.returncode, message(stderr)


def killed_scheduler(spec: Path, out: Path) -> tuple[float, int, str]:
    with DaskCluster(wait=False) as cluster:
        process = subprocess.Popen(
            [sys.executable, "-m", "sim.cli", "sweep", str(spec), "--out", str(out)]
            + ["--engine", "dask", "--scheduler", cluster.address],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        wait_for_batches(out, process, FAULT_AFTER)
        os.killpg(cluster.scheduler.pid, signal.SIGKILL)
        killed = time.monotonic()
        _, stderr = process.communicate()
        return time.monotonic() - killed, process.returncode, message(stderr)


PARTS = {"enospc": enospc, "worker": killed_worker, "scheduler": killed_scheduler}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default=",".join(PARTS))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_faults-") as temporary:
        root = Path(temporary)
        spec = root / "bench_faults.toml"
        spec.write_text(EXPERIMENT)
        for part in args.parts.split(","):
            times, codes, messages, resumed = [], set(), set(), []
            for round_ in range(args.rounds):
                out = root / f"{part}-{round_}"
                seconds, code, text = PARTS[part](spec, out)
                times.append(seconds)
                codes.add(code)
                messages.add(text)
                resumed.append(resume(spec, out))
            print(
                f"{part:>9}: fault to exit median {statistics.median(times):.2f} s "
                f"(rounds: {', '.join(f'{t:.2f}' for t in times)}); exit code "
                f"{'/'.join(map(str, sorted(codes)))}; resumed to the end: "
                f"{sum(resumed)}/{len(resumed)}"
            )
            for text in sorted(messages):
                print(f"{'':>11}{text}")


if __name__ == "__main__":
    main()
