"""Benchmark: sweep throughput, parallel efficiency, the Dask engine, memory and the headline.

Parts (all by default; pick some with --parts):

- `cpu`: the machine's own ceiling: a pure-Python loop in 1 and in 2 processes at once.
- `throughput`: a fixed sweep (baseline, rules x coordinator, `--replications` per cell) on 1
  and on 2 local worker processes: runs per second and the parallel efficiency
  (rate on 2 / (2 x rate on 1); target >= 0.85).
- `dask`: the same sweep on the Dask engine against the local engine on 2 workers (target: at
  most 1.2 x the local time): on a running `dask scheduler` with a `dask worker` of 2
  single-threaded processes (warmed up by a tiny sweep), interleaved with the local engine for
  three rounds (the median ratio is quoted: a shared machine's speed drifts by 10% and more
  from one minute to the next), and on the local cluster the engine starts itself (start-up
  inside the timing); and whether all give identical run tables.
- `memory`: peak memory (proportional set size of the sweeping process and its workers
  together, sampled every 0.25 s) of sweeps of 4,000 and 32,000 runs, each in a fresh
  process (target: flat in the number of runs, under 500 MB).
- `headline`: the wall time of the full headline experiment, `partnersim sweep
  experiments/levers.toml` (32,000 runs with monthly series), into a temporary directory.

    .venv/bin/python benchmarks/bench_sweep.py [--parts cpu,throughput,dask,memory,headline]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # support.cluster
from support.cluster import DaskCluster  # noqa: E402

from sim.experiments.design import Experiment
from sim.experiments.store import load_results
from sim.experiments.sweeps import execute

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("cpu", "throughput", "dask", "memory", "headline")


def fixed_sweep(replications: int) -> Experiment:
    return Experiment(
        name="bench",
        scenarios=["baseline"],
        replications=replications,
        seed=1,
        batch_size=100,
        factors={"levers.rules": [0.0, 1.0], "levers.coordinator": [0.0, 0.8]},
    )


def timed(experiment: Experiment, directory: Path, **engine) -> float:
    start = time.perf_counter()
    execute(experiment, directory, **engine)
    return time.perf_counter() - start


def spin(iterations: int) -> float:
    start = time.perf_counter()
    total = 0
    for number in range(iterations):
        total += number * number % 7
    return time.perf_counter() - start


def cpu_ceiling() -> None:
    iterations = 30_000_000
    one = spin(iterations)
    with multiprocessing.get_context("fork").Pool(2) as pool:
        start = time.perf_counter()
        pool.map(spin, [iterations, iterations])
        two = time.perf_counter() - start
    print(
        f"cpu ceiling: 1 process {one:.2f} s, 2 at once {two:.2f} s; "
        f"efficiency of the machine {one / two:.2f}"
    )


def throughput(replications: int) -> None:
    experiment = fixed_sweep(replications)
    runs = 4 * replications
    with tempfile.TemporaryDirectory() as scratch:
        one = timed(experiment, Path(scratch) / "one", workers=1)
        two = timed(experiment, Path(scratch) / "two", workers=2)
    print(f"fixed sweep: {runs} runs (baseline, rules x coordinator, batches of 100)")
    print(f"  1 worker : {one:7.2f} s  {runs / one:7.1f} runs/s")
    print(f"  2 workers: {two:7.2f} s  {runs / two:7.1f} runs/s")
    print(f"  parallel efficiency: {one / (2 * two):.2f} (target >= 0.85)")


def dask_against_local(replications: int, rounds: int = 3) -> None:
    """Local and Dask timings interleaved, round by round, so that both see the same load on a
    shared machine; the ratio quoted is the median of the rounds' ratios."""
    experiment = fixed_sweep(replications)
    warm_up = fixed_sweep(5)
    local, running = [], []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        with DaskCluster(processes=2) as cluster:
            address = cluster.address
            execute(warm_up, folder / "warm_up", engine="dask", scheduler=address)
            for round_ in range(rounds):
                local.append(timed(experiment, folder / f"local{round_}", workers=2))
                running.append(
                    timed(experiment, folder / f"dask{round_}", engine="dask", scheduler=address)
                )
        started = timed(experiment, folder / "dask_local", workers=2, engine="dask")
        same = all(
            load_results(folder / "local0").equals(load_results(folder / name))
            for name in [f"local{r}" for r in range(1, rounds)]
            + [f"dask{r}" for r in range(rounds)]
            + ["dask_local"]
        )
    runs = 4 * replications
    median = statistics.median(d / loc for d, loc in zip(running, local, strict=True))
    print(f"dask engine: {runs} runs on 2 workers, {rounds} rounds of local then dask")
    for round_, (loc, d) in enumerate(zip(local, running, strict=True), start=1):
        print(
            f"  round {round_}: local {loc:6.2f} s ({runs / loc:5.1f} runs/s), dask on a running "
            f"scheduler {d:6.2f} s ({runs / d:5.1f} runs/s), dask / local {d / loc:.2f}"
        )
    print(f"  dask / local, median of {rounds} rounds: {median:.2f} (target <= 1.2)")
    print(
        f"  dask, a local cluster the engine starts: {started:6.2f} s, dask / local "
        f"{started / statistics.median(local):.2f} (start-up included)"
    )
    print(f"  identical run tables: {same}")


MEMORY_SCRIPT = """
import sys
from pathlib import Path
from sim.experiments.design import Experiment
from sim.experiments.sweeps import execute
runs, directory = int(sys.argv[1]), Path(sys.argv[2])
experiment = Experiment(name="memory", scenarios=["baseline"], replications=runs // 4, seed=3,
    batch_size=250, factors={"levers.rules": [0.0, 1.0], "levers.coordinator": [0.0, 0.8]})
execute(experiment, directory, workers=2)
"""


def footprint(process: psutil.Process) -> int:
    """Proportional set size (shared pages split among the processes that share them, so that
    forked workers are not counted three times); resident set size where PSS is not known."""
    try:
        return process.memory_full_info().pss
    except (psutil.AccessDenied, AttributeError):
        return process.memory_info().rss


def peak_memory(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall time and peak memory (PSS) in MB of a command and all its descendants together."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL)
    watched = psutil.Process(process.pid)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                tree = [watched, *watched.children(recursive=True)]
                peak = max(peak, sum(footprint(p) for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    done.set()
    sampler.join()
    if code != 0:
        raise SystemExit(f"{' '.join(command)} exited {code}")
    return time.perf_counter() - start, peak / 2**20


def memory() -> None:
    print("memory: sweeps on 2 workers, without monthly series, in a fresh process each")
    peaks = []
    for runs in (4_000, 32_000):
        with tempfile.TemporaryDirectory() as scratch:
            wall, peak = peak_memory([sys.executable, "-c", MEMORY_SCRIPT, str(runs), scratch])
        peaks.append(peak)
        print(
            f"  {runs:>6} runs: peak {peak:6.0f} MB (PSS of the sweeping process and workers), "
            f"{wall:6.1f} s, {runs / wall:.1f} runs/s"
        )
    print(
        f"  8x the runs: {peaks[1] - peaks[0]:+.0f} MB ({peaks[1] / peaks[0] - 1:+.0%}; "
        "target: flat, under 500 MB)"
    )


def headline() -> None:
    partnersim = str(Path(sys.executable).parent / "partnersim")
    with tempfile.TemporaryDirectory() as scratch:
        wall, peak = peak_memory(
            [partnersim, "sweep", "experiments/levers.toml", "--out", scratch, "--workers", "2"],
            cwd=ROOT,
        )
        manifest = json.loads((Path(scratch) / "manifest.json").read_text())
        runs = sum(manifest["replications"].values())
        summary = pd.read_csv(Path(scratch) / "summary.csv")
        committed = pd.read_csv(ROOT / "results" / "levers" / "summary.csv")
        same = summary.equals(committed)
    print(f"headline experiment: {runs} runs with monthly series, sweep and report")
    print(
        f"  wall time {wall:.0f} s ({wall / 60:.1f} min), {runs / wall:.1f} runs/s, "
        f"peak {peak:.0f} MB; summary.csv identical to results/levers/: {same}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--replications", type=int, default=1000, help="per cell of the fixed sweep"
    )
    parser.add_argument("--parts", default=",".join(PARTS), help=f"some of {', '.join(PARTS)}")
    args = parser.parse_args()
    parts = args.parts.split(",")
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"--parts: unknown {', '.join(sorted(unknown))}; allowed: {', '.join(PARTS)}")
    if "cpu" in parts:
        cpu_ceiling()
    if "throughput" in parts:
        throughput(args.replications)
    if "dask" in parts:
        dask_against_local(args.replications)
    if "memory" in parts:
        memory()
    if "headline" in parts:
        headline()


if __name__ == "__main__":
    main()
