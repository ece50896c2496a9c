"""Sweeps: identical tables for any number of workers, nothing lost on a kill, clear refusals."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import sim
from sim.analysis import newcombe_difference
from sim.experiment import load_experiment
from sim.sweep import execute, load_results

CLI = [sys.executable, "-m", "sim.cli"]
EXPERIMENT = """
name = "tiny"
description = "two levers on the baseline"
scenarios = ["baseline"]
design = "{design}"
replications = {replications}
seed = 5
batch_size = {batch}

[factors]
"levers.rules" = [0.0, 1.0]
"levers.growth" = ["all_at_once", "core_group"]
"""


def write(
    tmp_path: Path,
    name: str = "tiny.toml",
    design: str = "full_factorial",
    replications: int = 12,
    batch: int = 5,
) -> Path:
    path = tmp_path / name
    path.write_text(EXPERIMENT.format(design=design, replications=replications, batch=batch))
    return path


def sweep_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, "sweep", *args], capture_output=True, text=True, timeout=600)


def tables(directory: Path) -> tuple[pd.DataFrame, str]:
    return load_results(directory), (directory / "summary.csv").read_text()


def test_designs():
    experiment, _ = load_experiment(Path(sim.__file__).parent.parent / "experiments/levers.toml")
    assert len(experiment.design_points()) == 16
    assert experiment.replications == 1000 and experiment.scenarios == ["baseline", "azon"]
    one = experiment.model_copy(update={"design": "one_at_a_time"})
    points = one.design_points()
    assert len(points) == 1 + 4 and points[0] == {k: v[0] for k, v in experiment.factors.items()}
    assert all(sum(p[k] != points[0][k] for k in p) == 1 for p in points[1:])


def test_same_tables_with_one_and_two_workers(tmp_path):
    path = write(tmp_path)
    one, two = tmp_path / "one", tmp_path / "two"
    assert sweep_cli(str(path), "--out", str(one), "--workers", "1").returncode == 0
    assert sweep_cli(str(path), "--out", str(two), "--workers", "2").returncode == 0
    runs_one, summary_one = tables(one)
    runs_two, summary_two = tables(two)
    pd.testing.assert_frame_equal(runs_one, runs_two)
    assert summary_one == summary_two
    assert len(runs_one) == 4 * 12 and runs_one["error"].isna().all()


def test_common_random_numbers_share_replication_seeds(tmp_path):
    experiment, _ = load_experiment(write(tmp_path))
    runs = sim.sweep(experiment, out=tmp_path / "crn")
    zero = runs[runs["replication"] == 0]
    # the parties are drawn from the same seed in every cell: the base cell's run equals a
    # plain run of the same scenario with replication seed 0
    plain = sim.runner.run_outcome(sim.load_scenario("baseline"), sim.replication_seed(5, 0))
    assert bool(zero.iloc[0]["success"]) == plain["success"]
    assert zero.iloc[0]["months"] == plain["months"]


def test_killed_sweep_resumes_to_identical_tables(tmp_path):
    path = write(tmp_path, replications=40, batch=4)
    whole = tmp_path / "whole"
    assert sweep_cli(str(path), "--out", str(whole), "--workers", "1").returncode == 0
    cut = tmp_path / "cut"
    process = subprocess.Popen(
        [*CLI, "sweep", str(path), "--out", str(cut), "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((cut / "runs").glob("*.parquet"))) < 3:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    kept = len(list((cut / "runs").glob("*.parquet")))
    assert 3 <= kept < 40, "the sweep should have been killed part way"
    assert (cut / ".lock").exists()  # left behind by the killed process
    again = sweep_cli(str(path), "--out", str(cut), "--resume", "--workers", "2")
    assert again.returncode == 0, again.stderr
    runs_whole, summary_whole = tables(whole)
    runs_cut, summary_cut = tables(cut)
    pd.testing.assert_frame_equal(runs_whole, runs_cut)
    assert summary_whole == summary_cut
    assert not (cut / ".lock").exists()


def test_refuses_another_experiment_and_a_held_lock(tmp_path):
    path = write(tmp_path)
    out = tmp_path / "out"
    assert sweep_cli(str(path), "--out", str(out), "--workers", "1").returncode == 0
    other = write(tmp_path, "other.toml", replications=13)
    refused = sweep_cli(str(other), "--out", str(out), "--replications", "13")
    assert refused.returncode == 2 and "another spec" in refused.stderr
    again = sweep_cli(str(path), "--out", str(out))
    assert again.returncode == 2 and "--resume" in again.stderr
    (out / ".lock").write_text(str(os.getpid()))  # a live process holds it
    experiment, _ = load_experiment(path)
    with pytest.raises(sim.ScenarioError, match="another sweep"):
        execute(experiment, out, resume=True)


def test_report_rebuilds_the_same_summary(tmp_path):
    path = write(tmp_path)
    out = tmp_path / "out"
    assert sweep_cli(str(path), "--out", str(out), "--workers", "1").returncode == 0
    before = (out / "summary.csv").read_text()
    (out / "summary.csv").unlink()
    (out / "report.md").unlink()
    rebuilt = subprocess.run([*CLI, "report", str(out)], capture_output=True, text=True)
    assert rebuilt.returncode == 0
    assert (out / "summary.csv").read_text() == before
    report = (out / "report.md").read_text()
    assert "Fisher p" in report and "odds ratio" in report
    for stem in ("success_rate", "failure_reasons"):
        assert (out / f"{stem}.png").stat().st_size > 1000 and (out / f"{stem}.svg").exists()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["root_seed"] == 5 and all(s == "done" for s in manifest["batches"].values())
    assert manifest["versions"]["mesa"].startswith("3.")


def test_summary_counts_add_up(tmp_path):
    runs = sim.sweep(load_experiment(write(tmp_path))[0], out=tmp_path / "s")
    summary = pd.read_csv(tmp_path / "s" / "summary.csv")
    reasons = list(sim.FAILURE_REASONS)
    assert (summary["successes"] + summary[reasons].sum(axis=1) == summary["n"]).all()
    assert summary["n"].sum() == len(runs)
    assert (
        (summary["ci_low"] <= summary["success_rate"])
        & (summary["success_rate"] <= summary["ci_high"])
    ).all()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name = 'x'\nscenarios = ['baseline']\nreplications = 0\n", "field 'replications'"),
        ("name = 'x'\nscenarios = ['baseline']\ncolour = 1\n", "field 'colour': unknown key"),
        ("name = 'x'\nscenarios = ['baseline']\ndesign = 'magic'\n", "field 'design'"),
        ("name = 'x'\nscenarios = ['nowhere']\n", "field 'scenarios'"),
        (
            "name = 'x'\nscenarios = ['baseline']\n[factors]\n'levers.rules' = [0.0, 3.0]\n",
            "levers.rules",
        ),
        ("name = 'x'\nscenarios = ['baseline']\n[factors]\n'levers.rules' = []\n", "at least one"),
        ("name = 'x'\nscenarios = ['baseline'\n", "not valid TOML"),
        ("name = 'x'\nscenarios = ['baseline']\nseed = nan\n", "finite"),
    ],
)
def test_bad_experiment_files_exit_2_without_traceback(tmp_path, text, expected):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    result = sweep_cli(str(path), "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    assert str(path) in result.stderr and expected in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_experiment_file(tmp_path):
    result = sweep_cli(str(tmp_path / "absent.toml"))
    assert result.returncode == 2 and "no such experiment file" in result.stderr


def test_dry_run_counts_the_runs(tmp_path):
    result = sweep_cli(str(write(tmp_path)), "--dry-run", "--out", str(tmp_path / "d"))
    assert result.returncode == 0
    assert "4 cells x 12 replications = 48 runs" in result.stdout
    assert not (tmp_path / "d").exists()


def test_newcombe_interval_against_the_published_example():
    """Newcombe (1998), method 10: 56/70 vs 48/80 -> 0.2000 (0.0524 to 0.3339)."""
    difference, low, high = newcombe_difference(56, 70, 48, 80)
    assert (round(difference, 4), round(low, 4), round(high, 4)) == (0.2, 0.0524, 0.3339)
