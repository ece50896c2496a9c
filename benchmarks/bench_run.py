"""Benchmark: wall time of one run, against the framework floor.

The floor is a bare Mesa model with the same number of agents and months whose agents do
nothing (activated with shuffle_do each month). Prints, per scenario, the median wall time of
one run on the sweep path (no monthly series), of one run with its monthly DataCollector
series, of the floor, and the ratio run / floor. Target: azon within 3x the floor.

    .venv/bin/python benchmarks/bench_run.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import time

import mesa
import numpy as np

import sim
from sim.runner import replication_seed, run_outcome


class IdleAgent(mesa.Agent):
    def step(self) -> None:
        pass


class FloorModel(mesa.Model):
    """The framework floor: the same agents and months, no behaviour."""

    def __init__(self, n_agents: int, rng=None) -> None:
        super().__init__(rng=rng)
        IdleAgent.create_agents(self, n_agents)

    def step(self) -> None:
        self.agents.shuffle_do("step")


def median_ms(function, runs: int) -> float:
    times = []
    for replication in range(runs):
        start = time.perf_counter()
        function(replication)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def bench(name: str, runs: int) -> dict:
    scenario = sim.load_scenario(name)
    months = [run_outcome(scenario, replication_seed(1, r))["months"] for r in range(runs)]
    typical_months = int(statistics.median(months))
    n_agents = scenario.n_parties + (1 if scenario.levers.coordinator > 0 else 0)

    def floor(replication: int) -> None:
        model = FloorModel(n_agents, rng=np.random.default_rng(replication))
        for _ in range(typical_months):
            model.step()

    fast = median_ms(lambda r: run_outcome(scenario, replication_seed(1, r)), runs)
    full = median_ms(lambda r: sim.run(scenario, seed=replication_seed(1, r)), runs)
    floor_ms = median_ms(floor, runs)
    return {
        "scenario": name,
        "agents": n_agents,
        "median_months": typical_months,
        "run_ms": fast,
        "run_with_series_ms": full,
        "floor_ms": floor_ms,
        "ratio": fast / floor_ms,
        "ratio_with_series": full / floor_ms,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    print(
        f"{'scenario':<12}{'agents':>7}{'months':>7}{'run ms':>9}{'+series':>9}"
        f"{'floor ms':>10}{'ratio':>7}{'ratio+s':>9}"
    )
    for name in ("baseline", "azon"):
        r = bench(name, args.runs)
        print(
            f"{r['scenario']:<12}{r['agents']:>7}{r['median_months']:>7}{r['run_ms']:>9.2f}"
            f"{r['run_with_series_ms']:>9.2f}{r['floor_ms']:>10.2f}{r['ratio']:>7.1f}"
            f"{r['ratio_with_series']:>9.1f}"
        )


if __name__ == "__main__":
    main()
