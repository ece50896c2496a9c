"""Benchmark: wall time of one run, against the framework floor, interleaved.

The floor is a bare Mesa model with the same number of agents and months whose agents do
nothing (activated with `self.agents.shuffle_do("step")` each month). Each replication times,
one right after the other, the floor (as many months as that replication's run), one run on the
sweep path (`sim.runner.run_outcome`, no monthly series) and the same run with its monthly
DataCollector series (`sim.run`), so that a shared machine's drift from one minute to the next
(2 cores, other work on them) falls on all three alike. The garbage collector runs before each
timing, outside it. Prints, per scenario: agents, median months, the median ms of the run, of the
run with series and of the floor, the ratios of those medians (run / floor, run+series / floor)
and the median of the per-replication ratios; and the process CPU-time ratios, which other
processes on the machine disturb less than wall time.

Targets: `azon` and `baseline` within 3x the floor, and within 4x with the monthly series.

    .venv/bin/python benchmarks/bench_run.py [--scenarios baseline azon ...] [--runs N]
        [--json PATH]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mesa
import numpy as np

import sim
from sim.model import PartnershipModel
from sim.runner import replication_seed, run_outcome

TARGET_RUN = 3.0
"""Target: a run (sweep path) within this many times the floor."""
TARGET_SERIES = 4.0
"""Target: a run with its monthly series within this many times the floor."""
DEFAULT_SCENARIOS = ("baseline", "azon")
ROOT_SEED = 1


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


def run_floor(n_agents: int, months: int, replication: int) -> None:
    """One floor run: build the bare model and play `months` months."""
    model = FloorModel(n_agents, rng=np.random.default_rng(replication))
    for _ in range(months):
        model.step()


def timed(function: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall seconds, process CPU seconds, result) of one call; the garbage collector runs
    first, outside the timing, so one measurement does not pay for another's garbage."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def count_agents(scenario: sim.Scenario) -> int:
    """The Mesa agents of one run: the parties plus, when there is one, the coordinator."""
    model = PartnershipModel(scenario, rng=np.random.default_rng(0), collect=False)
    return len(model.agents)


def ratio_of_medians(numerator: list[float], denominator: list[float]) -> float:
    return statistics.median(numerator) / statistics.median(denominator)


def median_of_ratios(numerator: list[float], denominator: list[float]) -> float:
    return statistics.median(a / b for a, b in zip(numerator, denominator, strict=True))


def bench(name: str, runs: int) -> dict:
    """Interleave floor, run and run with series for `runs` replications of one scenario."""
    scenario = sim.load_scenario(name)
    n_agents = count_agents(scenario)
    seeds = [replication_seed(ROOT_SEED, r) for r in range(runs)]
    # a first pass (not timed) gives each replication's months and warms every code path
    months = [run_outcome(scenario, seed)["months"] for seed in seeds]
    sim.run(scenario, seed=seeds[0])
    run_floor(n_agents, months[0], 0)

    wall: dict[str, list[float]] = {"floor": [], "run": [], "series": []}
    cpu: dict[str, list[float]] = {"floor": [], "run": [], "series": []}
    for r, seed in enumerate(seeds):
        for key, function in (
            ("floor", lambda r=r: run_floor(n_agents, months[r], r)),
            ("run", lambda seed=seed: run_outcome(scenario, seed)),
            ("series", lambda seed=seed: sim.run(scenario, seed=seed)),
        ):
            seconds, cpu_seconds, result = timed(function)
            if key == "run" and result["months"] != months[r]:
                raise RuntimeError(f"{name}: replication {r} is not reproducible")
            wall[key].append(seconds)
            cpu[key].append(cpu_seconds)

    return {
        "scenario": name,
        "agents": n_agents,
        "replications": runs,
        "median_months": statistics.median(months),
        "run_ms": statistics.median(wall["run"]) * 1e3,
        "run_with_series_ms": statistics.median(wall["series"]) * 1e3,
        "floor_ms": statistics.median(wall["floor"]) * 1e3,
        "ratio": ratio_of_medians(wall["run"], wall["floor"]),
        "ratio_with_series": ratio_of_medians(wall["series"], wall["floor"]),
        "median_ratio": median_of_ratios(wall["run"], wall["floor"]),
        "median_ratio_with_series": median_of_ratios(wall["series"], wall["floor"]),
        "cpu_ratio": ratio_of_medians(cpu["run"], cpu["floor"]),
        "cpu_ratio_with_series": ratio_of_medians(cpu["series"], cpu["floor"]),
        "wall_ms": {key: [s * 1e3 for s in values] for key, values in wall.items()},
        "months": months,
    }


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "NOT met"


def report(results: list[dict]) -> None:
    print(
        f"{'scenario':<16}{'agents':>7}{'months':>7}{'run ms':>9}{'+series':>9}{'floor ms':>10}"
        f"{'ratio':>7}{'ratio+s':>9}{'med r':>7}{'med r+s':>9}{'cpu r':>7}{'cpu r+s':>9}"
    )
    for r in results:
        print(
            f"{r['scenario']:<16}{r['agents']:>7}{r['median_months']:>7g}{r['run_ms']:>9.2f}"
            f"{r['run_with_series_ms']:>9.2f}{r['floor_ms']:>10.2f}{r['ratio']:>7.1f}"
            f"{r['ratio_with_series']:>9.1f}{r['median_ratio']:>7.1f}"
            f"{r['median_ratio_with_series']:>9.1f}{r['cpu_ratio']:>7.1f}"
            f"{r['cpu_ratio_with_series']:>9.1f}"
        )
    print(
        "ratio = median run / median floor; med r = median of the per-replication ratios; "
        "cpu r = the same with process CPU time"
    )
    print(f"targets: run <= {TARGET_RUN:g}x floor, run with series <= {TARGET_SERIES:g}x floor")
    for r in results:
        print(
            f"  {r['scenario']:<16} run {r['ratio']:5.1f}x (target <= {TARGET_RUN:g}x: "
            f"{verdict(r['ratio'], TARGET_RUN)}), with series {r['ratio_with_series']:5.1f}x "
            f"(target <= {TARGET_SERIES:g}x: {verdict(r['ratio_with_series'], TARGET_SERIES)})"
        )


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "mesa": mesa.__version__,
        "numpy": np.__version__,
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def scenario_list(values: list[str]) -> list[str]:
    """Scenario names from `--scenarios` (spaces or commas); each must be in scenarios/."""
    names = [name for value in values for name in value.split(",") if name]
    known = sim.scenario_names()
    unknown = [name for name in names if name not in known]
    if unknown:
        raise SystemExit(f"--scenarios: unknown {', '.join(unknown)}; known: {', '.join(known)}")
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scenarios",
        nargs="+",
        default=list(DEFAULT_SCENARIOS),
        help="scenario names from scenarios/*.toml (default: baseline azon)",
    )
    parser.add_argument("--runs", type=int, default=60, help="replications per scenario")
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    names = scenario_list(args.scenarios)
    print(
        f"one run against the framework floor, interleaved (floor, run, run with series), "
        f"{args.runs} replications per scenario"
    )
    results = [bench(name, args.runs) for name in names]
    report(results)
    if args.json:
        args.json.write_text(
            json.dumps({"machine": machine(), "runs": args.runs, "results": results}, indent=1)
            + "\n",
            encoding="utf-8",
        )
        print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
