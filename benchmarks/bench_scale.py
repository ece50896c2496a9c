"""Benchmark: how the cost of a run grows with the number of parties.

Synthetic scenarios of 6, 17, 50, 100 and 200 parties (`MAX_PARTIES` is 200): azon's knobs,
levers and four issues, with parties drawn by numpy from a fixed seed (about one corporate in
five, the rest municipalities; sizes in 0.25..1.6), validated by `sim.load_scenario` like any
scenario mapping. Two growth modes (`--growth`): azon's own `core_group` (a core of 5
negotiates, the others join after the agreement) and `all_at_once` (everyone negotiates, the
heavier case). For each mode and size, replications interleave the framework floor of
`bench_run.py` (a bare Mesa model with the same agents and months whose agents do nothing) and
one run on the sweep path (`sim.runner.run_outcome`), each run followed at once by its floor of
as many months; fewer replications for larger sizes (`--runs`). Per-month figures put runs of
different lengths on one scale (with everyone at the table from 100 parties most runs end at the
48-month deadline). Prints per size: agents, median months, the median and the largest wall time
of a run, the median process CPU time of a run (less disturbed by other work on the machine),
the median wall time per month (a run's time over its months, setup included), the floor per
month and their ratio; then the exponent b of cost per month ~ n^b fitted by least squares on
log-log (numpy.polyfit) over all sizes, the same net of the floor, and the local exponent
between the two largest sizes (the small sizes are dominated by a per-month overhead that does
not grow with n, which pulls the fitted b down).

Targets: per-month cost grows no faster than n^2 (b <= 2), and a 200-party run finishes within
2 s (its largest and median time are printed against 2 s).

    .venv/bin/python benchmarks/bench_scale.py [--sizes 6,17,50,100,200] [--runs 30,30,20,15,10]
        [--growth core_group,all_at_once] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
from pathlib import Path

import numpy as np
from bench_run import count_agents, machine, median_of_ratios, run_floor, timed

import sim
from sim.runner import replication_seed, run_outcome
from sim.scenario import KNOBS
from sim.validation import MAX_PARTIES

SITUATION = tuple(knob for knob in KNOBS if not knob.startswith("levers."))
"""The scenario's own settings (its knobs other than the levers), copied from azon."""

DEFAULT_SIZES = (6, 17, 50, 100, 200)
DEFAULT_RUNS = (30, 30, 20, 15, 10)
"""Replications per size (fewer for the large ones)."""
PARTY_SEED = 20_261_130
CORPORATE_SHARE = 0.2
TARGET_EXPONENT = 2.0
TARGET_SECONDS_AT_MAX = 2.0
ROOT_SEED = 1
GROWTHS = ("core_group", "all_at_once")
"""azon's core group of 5 (the others join after the agreement, without negotiating) and
everyone at the table from the start (the negotiation's cost grows with all n)."""


def synthetic_scenario(n: int, seed: int = PARTY_SEED, growth: str = "core_group") -> dict:
    """A scenario mapping of `n` parties: azon's knobs, levers and issues; parties drawn from
    `seed` (at least one corporate and one municipality); `growth` as `levers.growth` (azon's
    is `core_group`, a core of 5 that the others join after the agreement)."""
    if not 2 <= n <= MAX_PARTIES:
        raise ValueError(f"n must lie in 2..{MAX_PARTIES}, got {n}")
    # azon as validated by the current code, so the mapping has whatever fields it accepts
    azon = sim.load_scenario("azon").model_dump()
    rng = np.random.default_rng([seed, n])
    corporate = rng.random(n) < CORPORATE_SHARE
    corporate[0], corporate[-1] = True, False
    sizes = np.round(rng.uniform(0.25, 1.6, n), 2)
    parties = []
    for i in range(n):
        kind = "corporate" if corporate[i] else "municipality"
        party = {"name": f"{kind.capitalize()} {i + 1:03d}", "kind": kind, "size": float(sizes[i])}
        if corporate[i]:
            low = float(np.round(rng.uniform(0.2, 0.5), 2))
            party["image_weight"] = [low, low + 0.3]
        parties.append(party)
    levers = dict(azon["levers"])
    levers["core_size"] = min(levers.get("core_size", 0), n)
    levers["growth"] = growth
    return {
        "name": f"synthetic_{n}_{growth}",
        "title": f"Synthetic: {n} parties on azon's issues",
        **{key: azon[key] for key in (*SITUATION, "issues")},
        "levers": levers,
        "parties": parties,
    }


def bench_size(n: int, runs: int, growth: str = "core_group") -> dict:
    """Interleave floor and run for `runs` replications of the `n`-party scenario."""
    scenario = sim.load_scenario(synthetic_scenario(n, growth=growth))
    assert scenario.n_parties == n
    n_agents = count_agents(scenario)
    seeds = [replication_seed(ROOT_SEED, r) for r in range(runs)]
    # one untimed run and floor warm the code paths; then each replication's run is followed
    # at once by its floor of as many months (a first pass for the months, as in bench_run,
    # would double the cost of the large sizes)
    run_floor(n_agents, run_outcome(scenario, seeds[0])["months"], 0)
    months, run_s, run_cpu_s, floor_s = [], [], [], []
    for r, seed in enumerate(seeds):
        seconds, cpu_seconds, outcome = timed(lambda seed=seed: run_outcome(scenario, seed))
        months.append(outcome["months"])
        run_s.append(seconds)
        run_cpu_s.append(cpu_seconds)
        seconds, _, _ = timed(lambda r=r: run_floor(n_agents, months[r], r))
        floor_s.append(seconds)
    per_month = [s / m for s, m in zip(run_s, months, strict=True)]
    floor_per_month = [s / m for s, m in zip(floor_s, months, strict=True)]
    return {
        "parties": n,
        "agents": n_agents,
        "replications": runs,
        "median_months": statistics.median(months),
        "run_ms": statistics.median(run_s) * 1e3,
        "max_run_ms": max(run_s) * 1e3,
        "run_cpu_ms": statistics.median(run_cpu_s) * 1e3,
        "max_run_cpu_ms": max(run_cpu_s) * 1e3,
        "per_month_ms": statistics.median(per_month) * 1e3,
        "floor_per_month_ms": statistics.median(floor_per_month) * 1e3,
        "net_per_month_ms": statistics.median(
            a - b for a, b in zip(per_month, floor_per_month, strict=True)
        )
        * 1e3,
        "ratio": statistics.median(per_month) / statistics.median(floor_per_month),
        "median_ratio": median_of_ratios(run_s, floor_s),
        "run_ms_all": [s * 1e3 for s in run_s],
        "floor_ms_all": [s * 1e3 for s in floor_s],
        "months": months,
    }


def exponent(sizes: list[float], costs: list[float]) -> float:
    """b of cost ~ n^b, least squares on log-log."""
    slope, _ = np.polyfit(np.log(sizes), np.log(costs), 1)
    return float(slope)


def bench_growth(growth: str, sizes: list[int], runs: list[int]) -> dict:
    """Every size under one growth mode: the table, the fitted exponents, the largest run."""
    print(
        f"cost of a run by number of parties: synthetic scenarios on azon's issues, "
        f"levers.growth = {growth}"
    )
    print(
        f"{'parties':>7}{'agents':>7}{'reps':>5}{'months':>7}{'run ms':>9}{'max ms':>9}"
        f"{'cpu ms':>9}{'ms/month':>10}{'floor/mo':>10}{'ratio':>7}"
    )
    results = []
    for n, r in zip(sizes, runs, strict=True):
        row = bench_size(n, r, growth)
        results.append(row)
        print(
            f"{n:>7}{row['agents']:>7}{r:>5}{row['median_months']:>7g}{row['run_ms']:>9.2f}"
            f"{row['max_run_ms']:>9.2f}{row['run_cpu_ms']:>9.2f}{row['per_month_ms']:>10.3f}"
            f"{row['floor_per_month_ms']:>10.4f}{row['ratio']:>7.1f}",
            flush=True,
        )

    fit: dict = {}
    if len(set(sizes)) >= 2:
        ns = [row["parties"] for row in results]
        fit["exponent"] = exponent(ns, [row["per_month_ms"] for row in results])
        fit["floor_exponent"] = exponent(ns, [row["floor_per_month_ms"] for row in results])
        net = [row["net_per_month_ms"] for row in results]
        if all(value > 0 for value in net):
            fit["net_exponent"] = exponent(ns, net)
        last, before = results[-1], results[-2]
        fit["local_exponent"] = math.log(last["per_month_ms"] / before["per_month_ms"]) / math.log(
            last["parties"] / before["parties"]
        )
        ok = fit["exponent"] <= TARGET_EXPONENT
        print(
            f"cost per month ~ n^b: b = {fit['exponent']:.2f} over {ns[0]}..{ns[-1]} parties "
            f"(target b <= {TARGET_EXPONENT:g}: {'met' if ok else 'NOT met'})"
        )
        if "net_exponent" in fit:
            print(f"  net of the floor: b = {fit['net_exponent']:.2f}")
        print(f"  the floor alone: b = {fit['floor_exponent']:.2f}")
        print(
            f"  local, {before['parties']} -> {last['parties']} parties: "
            f"b = {fit['local_exponent']:.2f}"
        )
    largest = results[-1]
    if largest["parties"] == MAX_PARTIES:
        ok = largest["max_run_ms"] <= TARGET_SECONDS_AT_MAX * 1e3
        print(
            f"{largest['parties']}-party run: max {largest['max_run_ms'] / 1e3:.3f} s, median "
            f"{largest['run_ms'] / 1e3:.3f} s over {largest['replications']} replications "
            f"(target <= {TARGET_SECONDS_AT_MAX:g} s: {'met' if ok else 'NOT met'}); "
            f"process CPU time max {largest['max_run_cpu_ms'] / 1e3:.3f} s, median "
            f"{largest['run_cpu_ms'] / 1e3:.3f} s"
        )
    print()
    return {"fit": fit, "sizes": results}


def int_list(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected whole numbers separated by commas: {text}"
        ) from None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int_list, default=list(DEFAULT_SIZES), help="party counts, e.g. 6,50,200"
    )
    parser.add_argument(
        "--runs",
        type=int_list,
        default=None,
        help="replications: one number for every size, or one per size "
        f"(default {','.join(map(str, DEFAULT_RUNS))} for the default sizes, else 20)",
    )
    parser.add_argument(
        "--growth",
        type=lambda text: [part for part in text.split(",") if part],
        default=list(GROWTHS),
        help="levers.growth modes to measure, comma-separated (default core_group,all_at_once)",
    )
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    args = parser.parse_args()
    if not args.growth or any(growth not in GROWTHS for growth in args.growth):
        parser.error(f"--growth: choose from {', '.join(GROWTHS)}")
    sizes = args.sizes
    if not sizes or any(not 2 <= n <= MAX_PARTIES for n in sizes):
        parser.error(f"--sizes: each size must lie in 2..{MAX_PARTIES}")
    if args.runs is None:
        runs = list(DEFAULT_RUNS) if sizes == list(DEFAULT_SIZES) else [20] * len(sizes)
    elif len(args.runs) == 1:
        runs = args.runs * len(sizes)
    elif len(args.runs) == len(sizes):
        runs = args.runs
    else:
        parser.error("--runs: one number, or one per size")
    if any(r < 1 for r in runs):
        parser.error("--runs: at least 1")
    sizes, runs = (list(pair) for pair in zip(*sorted(zip(sizes, runs, strict=True)), strict=True))

    results = {}
    for growth in args.growth:
        results[growth] = bench_growth(growth, sizes, runs)
    if args.json:
        args.json.write_text(
            json.dumps({"machine": machine(), "results": results}, indent=1) + "\n",
            encoding="utf-8",
        )
        print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
