"""Sweeps: identical tables for any engine and number of workers, nothing lost on a kill, clear
refusals, failed runs recorded, replications added until a target half-width is met."""

import fcntl
import gc
import json
import os
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from support.cluster import DaskCluster
from support.sweeps import CLI, EXPERIMENT

import sim
from sim.cli import main
from sim.experiments import engines
from sim.experiments.design import Experiment, load_experiment
from sim.experiments.progress import Progress
from sim.experiments.report import write_report
from sim.experiments.store import load_results, load_series
from sim.experiments.sweeps import execute


def write(tmp_path: Path, name: str = "tiny.toml", replications: int = 12, batch: int = 5) -> Path:
    path = tmp_path / name
    path.write_text(EXPERIMENT.format(replications=replications, batch=batch))
    return path


def tables(directory: Path) -> tuple[pd.DataFrame, str]:
    return load_results(directory), (directory / "summary.csv").read_text()


def assert_same_tables(first: Path, second: Path) -> None:
    runs_first, summary_first = tables(first)
    runs_second, summary_second = tables(second)
    pd.testing.assert_frame_equal(runs_first, runs_second)
    assert summary_first == summary_second


def test_same_tables_with_one_and_two_workers_and_series(tmp_path):
    experiment = Experiment.model_validate(
        {
            **load_experiment(write(tmp_path))[0].model_dump(),
            "series": {"keep": True, "period": 3},
        }
    )
    one = sim.sweep(experiment, out=tmp_path / "one", workers=1)
    two = sim.sweep(experiment, out=tmp_path / "two", workers=2)
    pd.testing.assert_frame_equal(one, two)
    assert_same_tables(tmp_path / "one", tmp_path / "two")
    assert len(one) == 4 * 12 and one["error"].isna().all()
    pd.testing.assert_frame_equal(load_series(tmp_path / "one"), load_series(tmp_path / "two"))
    series = load_series(tmp_path / "one")
    assert set(series["month"] % 3) == {1}  # months 1, 4, 7, ...
    assert (tmp_path / "one" / "trust_commitment.png").exists()


def test_forked_workers_run_with_this_process_frozen_and_it_is_thawed_after(tmp_path):
    """Workers forked from this process (when it runs no other thread) share its pages; the
    collector is kept off them while the pool lives and given them back afterwards."""
    experiment = load_experiment(write(tmp_path, replications=6, batch=3))[0]
    forked = threading.active_count() == 1
    frozen = []
    execute(
        experiment,
        tmp_path / "out",
        workers=2,
        on_batch=lambda _: frozen.append(gc.get_freeze_count()),
    )
    assert len(frozen) == 4 * 2
    assert all(count > 0 for count in frozen) if forked else frozen == [0] * 8
    assert gc.get_freeze_count() == 0


def test_common_random_numbers_share_replication_seeds(tmp_path):
    runs = sim.sweep(load_experiment(write(tmp_path))[0], out=tmp_path / "crn")
    base = runs[runs["cell"] == 0].set_index("replication")
    for replication in (0, 7):
        plain = sim.runner.run_outcome(
            sim.load_scenario("baseline"), sim.replication_seed(5, replication)
        )
        assert bool(base.loc[replication, "success"]) == plain["success"]
        assert base.loc[replication, "months"] == plain["months"]


@pytest.fixture
def dask_cluster():
    """A real `dask scheduler` and `dask worker` (2 processes) on 127.0.0.1, torn down after."""
    pytest.importorskip("distributed")
    with DaskCluster() as cluster:
        yield cluster.address


def test_dask_engine_gives_the_local_tables(tmp_path, dask_cluster):
    path = write(tmp_path, replications=10, batch=4)
    local = tmp_path / "local"
    assert main(["sweep", str(path), "--out", str(local), "--workers", "2"]) == 0
    remote = tmp_path / "dask"
    code = main(
        ["sweep", str(path), "--out", str(remote), "--engine", "dask", "--scheduler", dask_cluster]
    )
    assert code == 0
    assert_same_tables(local, remote)
    manifest = json.loads((remote / "manifest.json").read_text())
    assert manifest["engine"] == {
        "engine": "dask",
        "workers": os.cpu_count(),
        "scheduler": dask_cluster,
    }


def test_unreachable_scheduler_is_a_clear_error(tmp_path, capsys):
    dask = pytest.importorskip("dask")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        code = main(
            [
                "sweep",
                str(write(tmp_path)),
                "--out",
                str(tmp_path / "o"),
                "--engine",
                "dask",
                "--scheduler",
                f"tcp://127.0.0.1:{port}",
            ]
        )
    assert code == 2 and "cannot connect" in capsys.readouterr().err


def test_killed_sweep_resumes_to_identical_tables(tmp_path):
    path = write(tmp_path, replications=40, batch=4)
    whole = tmp_path / "whole"
    sim.sweep(path, out=whole, workers=2)
    cut = tmp_path / "cut"
    process = subprocess.Popen(
        [*CLI, "sweep", str(path), "--out", str(cut), "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((cut / "runs").glob("*.parquet"))) < 3:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    kept = len(list((cut / "runs").glob("*.parquet")))
    assert 3 <= kept < 40, "the sweep should have been killed part way"
    assert (cut / ".lock").exists()  # left behind by the killed process
    resumed = subprocess.run(
        [*CLI, "sweep", str(path), "--out", str(cut), "--resume", "--workers", "2"],
        capture_output=True,
        text=True,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert_same_tables(whole, cut)
    assert not (cut / ".lock").exists()


def test_interrupted_sweep_keeps_its_batches_and_resumes(tmp_path):
    experiment, _ = load_experiment(write(tmp_path, replications=20, batch=5))
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    execute(experiment, whole)
    write_report(whole)
    stored = []

    def interrupt(batch):
        stored.append(batch)
        if len(stored) == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        execute(experiment, cut, on_batch=interrupt)
    assert len(list((cut / "runs").glob("*.parquet"))) == 5 and not (cut / ".lock").exists()
    ran = []
    execute(experiment, cut, resume=True, on_batch=ran.append)
    assert len(ran) == 16 - 5
    write_report(cut)
    assert_same_tables(whole, cut)


def test_refuses_another_experiment_a_finished_one_and_a_held_lock(tmp_path, capsys):
    path = write(tmp_path)
    out = tmp_path / "out"
    sim.sweep(path, out=out)
    other = write(tmp_path, "other.toml", replications=13)
    assert main(["sweep", str(other), "--out", str(out)]) == 2
    assert "another spec" in capsys.readouterr().err
    assert main(["sweep", str(path), "--out", str(out)]) == 2
    assert "--resume" in capsys.readouterr().err
    with open(out / ".lock", "w") as held:  # a live sweep holds it (an flock)
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write(str(os.getpid()))
        held.flush()
        assert main(["sweep", str(path), "--out", str(out), "--resume"]) == 2
        assert f"another sweep (process {os.getpid()})" in capsys.readouterr().err
    (out / ".lock").write_text("999999999")  # a dead process left it, unlocked: taken over
    assert main(["sweep", str(path), "--out", str(out), "--resume"]) == 0


def test_a_failing_run_is_recorded_and_the_command_fails(tmp_path, capsys, monkeypatch):
    real = engines.PartnershipModel

    class Flaky(real):
        def run(self):
            if self.random.random() < 0.15:
                raise RuntimeError("flaky")
            return super().run()

    monkeypatch.setattr(engines, "PartnershipModel", Flaky)
    out = tmp_path / "out"
    assert main(["sweep", str(write(tmp_path)), "--out", str(out), "--workers", "1"]) == 1
    error = capsys.readouterr().err
    manifest = json.loads((out / "manifest.json").read_text())
    failed = manifest["failed_runs"]
    assert failed and all(r["error"] == "RuntimeError: flaky" for r in failed)
    assert f"{len(failed)} run(s) failed: cell {failed[0]['cell']} replication" in error
    runs = load_results(out)
    assert runs["error"].notna().sum() == len(failed) and len(runs) == 48
    summary = pd.read_csv(out / "summary.csv")
    assert summary["n"].sum() == 48 - len(failed)
    assert f"Failed runs: {len(failed)}." in (out / "report.md").read_text()


def test_target_halfwidth_adds_replications_identically(tmp_path):
    path = write(tmp_path, replications=10, batch=10)
    options = {"target_halfwidth": 0.12, "max_replications": 60}
    one = sim.sweep(path, out=tmp_path / "one", workers=1, **options)
    sim.sweep(path, out=tmp_path / "two", workers=2, **options)
    assert_same_tables(tmp_path / "one", tmp_path / "two")
    summary = pd.read_csv(tmp_path / "one" / "summary.csv")
    halfwidth = (summary["ci_high"] - summary["ci_low"]) / 2
    assert ((halfwidth <= 0.12) | (summary["n"] == 60)).all()
    assert (summary["n"] > 10).any() and (summary["n"] % 10 == 0).all()
    assert len(one) == summary["n"].sum()
    report = (tmp_path / "one" / "report.md").read_text()
    assert "## Replication adequacy" in report and "replications needed" in report
    # interrupted part way through the added replications, resumed: the same cells, the same n
    experiment, _ = load_experiment(path, **options)
    cut, seen = tmp_path / "cut", []

    def interrupt(batch):
        seen.append(batch)
        if len(seen) == 6:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        execute(experiment, cut, on_batch=interrupt)
    execute(experiment, cut, resume=True)
    write_report(cut)
    assert_same_tables(tmp_path / "one", cut)


def test_report_rebuilds_the_same_files(tmp_path, capsys):
    out = tmp_path / "out"
    sim.sweep(write(tmp_path), out=out)
    names = ("summary.csv", "report.md", "success_rate.svg", "failure_reasons.svg")
    before = {name: (out / name).read_bytes() for name in names}
    for name in names:
        (out / name).unlink()
    assert main(["report", str(out)]) == 0
    assert {name: (out / name).read_bytes() for name in names} == before
    report = (out / "report.md").read_text()
    assert "Fisher p" in report and "odds ratio" in report
    for stem in ("success_rate", "failure_reasons"):
        assert (out / f"{stem}.png").stat().st_size > 1000
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["root_seed"] == 5 and all(s == "done" for s in manifest["batches"].values())
    assert manifest["versions"]["mesa"].startswith("3.") and manifest["finished"]
    assert manifest["replications"] == {str(cell): 12 for cell in range(4)}


def test_report_of_a_directory_without_a_sweep(tmp_path, capsys):
    assert main(["report", str(tmp_path)]) == 2
    assert "not a sweep directory" in capsys.readouterr().err


def test_sweep_command_runs_the_smoke_experiment(tmp_path):
    smoke = Path(sim.__file__).parent.parent / "experiments" / "smoke.toml"
    result = subprocess.run(
        [*CLI, "sweep", str(smoke), "--out", str(tmp_path / "smoke"), "--replications", "4"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "success rate (Wilson 95% interval), 4 runs per cell:"
    assert lines[1].split() == ["rules", "coordinator", "baseline"]
    summary = pd.read_csv(tmp_path / "smoke" / "summary.csv")
    for line, (_, cell) in zip(lines[2:6], summary.iterrows(), strict=True):
        rules, coordinator, shown, interval = line.split()
        assert (float(rules), float(coordinator)) == (
            cell["levers.rules"],
            cell["levers.coordinator"],
        )
        assert shown == f"{cell['success_rate']:.1%}"
        assert interval == f"({cell['ci_low']:.1%}-{cell['ci_high']:.1%})"
    assert lines[6].startswith("results in ")
    assert "80/80" not in result.stderr and "16/16 runs (100%)" in result.stderr


def test_progress_prints_plain_lines_off_a_terminal_and_a_bar_on_one():
    import io

    plain = io.StringIO()
    meter = Progress(0, True, stream=plain, every=0.0)
    meter.grow(10)
    meter.advance(4)
    meter.advance(6)
    meter.close()
    lines = plain.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("4/10 runs (40%), ") and lines[0].endswith(" s left")
    assert lines[1].startswith("10/10 runs (100%), ") and "runs/s" in lines[1]

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    meter = Progress(0, True, stream=terminal)
    meter.grow(10)
    meter.advance(10)
    meter.close()
    drawn = terminal.getvalue()
    assert "\r" in drawn and "10/10" in drawn and "run/s" in drawn  # tqdm's redrawn bar and rate

    silent = io.StringIO()
    meter = Progress(5, False, stream=silent, every=0.0)
    meter.advance(5)
    assert silent.getvalue() == ""
