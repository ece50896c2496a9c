"""Time per call of the exact optimisers (sim/optimise.py) at K = 5 issues and n = 2, 17, 200
parties: median and 90th percentile over repeated calls on random instances.

    .venv/bin/python benchmarks/bench_optimise.py [--repeats N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from sim import optimise
from sim.preferences import best_utility

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # support.instances
from support.instances import random_prefs  # noqa: E402

N_ISSUES = 5


def calls(n: int, seed: int) -> dict:
    """One instance: a zero-argument call of each optimiser."""
    rng = np.random.default_rng(seed)
    prefs = random_prefs(rng, n, N_ISSUES, fee=0.05)
    floors = 0.5 * best_utility(prefs)
    own, others = prefs.subset(np.array([0])), prefs.subset(np.arange(1, n))
    seen = np.clip(others.ideals + rng.normal(0.0, 0.1, others.ideals.shape), 0.0, 1.0)
    demands = 0.4 * best_utility(others)
    return {
        "maximin": lambda: optimise.maximin(prefs, floors),
        "best_for": lambda: optimise.best_for(own, others, demands, 1.0, seen),
        "closest_acceptable": lambda: optimise.closest_acceptable(
            own, 0.5 * float(best_utility(own)[0]), others, demands, None, 1.0, seen
        ),
        "nash_point": lambda: optimise.nash_point(prefs, floors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200, help="calls per function and size")
    parser.add_argument("--instances", type=int, default=10, help="random instances per size")
    args = parser.parse_args()
    print(f"{'function':<20} {'n':>4} {'median ms':>10} {'p90 ms':>10}")
    for n in (2, 17, 200):
        instances = [calls(n, seed) for seed in range(args.instances)]
        repeats = max(args.repeats // (10 if n >= 200 else 1), 10)
        for name in instances[0]:
            for instance in instances:  # warm up (imports, first HiGHS instance)
                instance[name]()
            times = []
            for i in range(repeats):
                call = instances[i % len(instances)][name]
                start = time.perf_counter()
                call()
                times.append(time.perf_counter() - start)
            median, p90 = np.percentile(times, [50, 90]) * 1e3
            print(f"{name:<20} {n:>4} {median:>10.3f} {p90:>10.3f}")


if __name__ == "__main__":
    main()
