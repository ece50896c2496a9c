"""Benchmark: sweep throughput on 1 and 2 workers, parallel efficiency, and peak memory.

Runs a fixed sweep (baseline, rules x coordinator, `--replications` per cell) into temporary
directories and prints runs per second, the parallel efficiency (rate on 2 / (2 x rate on 1))
and the peak resident memory of the sweeping process and of its workers.

    .venv/bin/python benchmarks/bench_sweep.py [--replications N]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from sim.experiment import Experiment
from sim.sweep import execute


def timed(experiment: Experiment, workers: int) -> float:
    with tempfile.TemporaryDirectory() as directory:
        start = time.perf_counter()
        execute(experiment, Path(directory), workers=workers)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=500)
    args = parser.parse_args()
    experiment = Experiment(
        name="bench", scenarios=["baseline"], replications=args.replications, seed=1,
        batch_size=100, factors={"levers.rules": [0.0, 1.0], "levers.coordinator": [0.0, 0.8]})
    runs = 4 * args.replications
    one = timed(experiment, 1)
    two = timed(experiment, 2)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"runs: {runs}")
    print(f"1 worker : {one:7.2f} s  {runs / one:7.1f} runs/s")
    print(f"2 workers: {two:7.2f} s  {runs / two:7.1f} runs/s")
    print(f"parallel efficiency: {one / (2 * two):.2f}")
    print(f"peak memory: sweeping process {own:.0f} MB, largest worker {workers:.0f} MB")


if __name__ == "__main__":
    main()
