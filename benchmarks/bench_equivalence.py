"""Equivalence of two versions of the model: the same runs, the same outcomes up to noise.

A faster formula may change the order of floating-point operations and with it, now and then, a
run's last digits or even its outcome. Where the fingerprint test (tests/fingerprint.py) can no
longer hold bit for bit, this benchmark shows that the model's behaviour did not change: every
shipped scenario x N replications (default 2,000) with common random numbers (the same
replication seeds, root seed 0, in both versions), run by the version at a git ref (default
HEAD, unpacked with `git archive` into a temporary directory and imported from there) and by the
working tree. Per scenario it prints both success rates with their Wilson 95% intervals, the
runs whose success differs in each direction, McNemar's exact test on those discordant pairs
(statsmodels), and how many runs differ in any discrete outcome (formed, success, failure
reason, months to agreement, months). Verdict: equivalent when, in every scenario, each rate lies
in the other's interval and McNemar's p-value is above 0.05.

    .venv/bin/python benchmarks/bench_equivalence.py [--ref HEAD] [--replications 2000]
                                                     [--scenarios a,b] [--workers 2] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DISCRETE = ("formed", "success", "failure_reason", "months_to_agreement", "months")
RUNNER = """
import json, sys
import sim
from sim.runner import replicate
assert sim.__file__.startswith(sys.argv[1]), sim.__file__
table = replicate(sys.argv[2], int(sys.argv[3]), seed=0)
keep = ["formed", "success", "failure_reason", "months_to_agreement", "months"]
rows = table[keep].astype(object).where(table[keep].notna(), None).values.tolist()
print(json.dumps(rows, default=lambda v: v.item()))
"""


def outcomes(source: str, scenario: str, replications: int) -> list[list]:
    """The discrete outcome of every replication of `scenario`, by the package in `source`."""
    environment = {**os.environ, "PYTHONPATH": source}
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, source, scenario, str(replications)],
        cwd=source,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def unpack(ref: str, into: Path) -> Path:
    """The tree at `ref`, by git archive."""
    archive = into / "tree.tar"
    subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", "-o", str(archive), ref], check=True
    )
    with tarfile.open(archive) as tar:
        tar.extractall(into / "tree", filter="data")
    return into / "tree"


def compare(scenario: str, before: list[list], after: list[list]) -> dict:
    from statsmodels.stats.contingency_tables import mcnemar

    from sim.metrics import wilson_interval

    n = len(before)
    success_before = [bool(row[1]) for row in before]
    success_after = [bool(row[1]) for row in after]
    lost = sum(b and not a for b, a in zip(success_before, success_after, strict=True))
    gained = sum(a and not b for b, a in zip(success_before, success_after, strict=True))
    both = sum(b and a for b, a in zip(success_before, success_after, strict=True))
    table = [[both, lost], [gained, n - both - lost - gained]]
    p_value = float(mcnemar(table, exact=True).pvalue) if lost + gained else 1.0
    k_before, k_after = sum(success_before), sum(success_after)
    ci_before, ci_after = wilson_interval(k_before, n), wilson_interval(k_after, n)
    rate_before, rate_after = k_before / n, k_after / n
    return {
        "scenario": scenario,
        "n": n,
        "rate_before": rate_before,
        "ci_before": ci_before,
        "rate_after": rate_after,
        "ci_after": ci_after,
        "lost": lost,
        "gained": gained,
        "mcnemar_p": p_value,
        "differ_discrete": sum(b != a for b, a in zip(before, after, strict=True)),
        "equivalent": ci_after[0] <= rate_before <= ci_after[1]
        and ci_before[0] <= rate_after <= ci_before[1]
        and p_value > 0.05,
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="HEAD", help="the git ref of the version before")
    parser.add_argument("--replications", type=int, default=2000)
    parser.add_argument("--scenarios", default="", help="comma-separated; default all shipped")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", default="", help="write the figures to this file")
    args = parser.parse_args(argv)
    from sim.scenario import scenario_names

    names = [s for s in args.scenarios.split(",") if s] or scenario_names()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        old = str(unpack(args.ref, Path(scratch)))
        with ProcessPoolExecutor(args.workers) as pool:
            jobs = {
                (name, side): pool.submit(outcomes, source, name, args.replications)
                for name in names
                for side, source in (("before", old), ("after", str(ROOT)))
            }
            rows = [
                compare(name, jobs[name, "before"].result(), jobs[name, "after"].result())
                for name in names
            ]
    seconds = time.perf_counter() - started
    print(
        f"equivalence: {args.ref} (before) against the working tree (after), "
        f"{args.replications} replications per scenario, root seed 0, common random numbers\n"
    )
    print(
        f"{'scenario':<15}{'before':>24}{'after':>24}{'lost':>6}{'gained':>7}"
        f"{'McNemar p':>11}{'differ':>8}  verdict"
    )
    for row in rows:
        before = f"{row['rate_before']:.3f} [{row['ci_before'][0]:.3f}, {row['ci_before'][1]:.3f}]"
        after = f"{row['rate_after']:.3f} [{row['ci_after'][0]:.3f}, {row['ci_after'][1]:.3f}]"
        print(
            f"{row['scenario']:<15}{before:>24}{after:>24}{row['lost']:>6}{row['gained']:>7}"
            f"{row['mcnemar_p']:>11.3f}{row['differ_discrete']:>8}  "
            f"{'equivalent' if row['equivalent'] else 'DIFFERENT'}"
        )
    verdict = all(row["equivalent"] for row in rows)
    print(
        f"\n'differ': runs with any discrete outcome different ({', '.join(DISCRETE)}). "
        f"All scenarios equivalent: {verdict}. Wall time {seconds:.0f} s."
    )
    result = {"ref": args.ref, "replications": args.replications, "rows": rows}
    result.update(equivalent=verdict, seconds=seconds)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    return result


if __name__ == "__main__":
    main()
