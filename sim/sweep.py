"""Sweeps: every cell of an experiment times its replications, in batches, resumable.

Each run's seed is `replication_seed(root, replication)` (common random numbers, the default)
or `replication_seed(root, replication, cell)`: never the order in which runs finish, so the
tables are identical whatever the number of workers. A batch is written atomically (a temporary
file, then a rename) as soon as it finishes; a sweep that is interrupted or killed keeps every
finished batch, and `resume` runs only the missing ones.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.experiment import Experiment, cells
from sim.model import PartnershipModel
from sim.runner import monthly_table, replication_seed
from sim.scenario import ScenarioError

RUNS_DIR = "runs"
SERIES_DIR = "series"
MANIFEST = "manifest.json"
LOCK = ".lock"


@dataclass(frozen=True)
class Batch:
    """Replications [start, stop) of one cell."""

    cell: int
    start: int
    stop: int

    @property
    def key(self) -> str:
        return f"c{self.cell:05d}-r{self.start:07d}"


def plan(experiment: Experiment, source: str = "<experiment>") -> tuple[list[dict], list[Batch]]:
    """The cells and the batches of a sweep, in a fixed order."""
    all_cells = cells(experiment, source)
    size = experiment.batch_size
    batches = [
        Batch(cell["cell"], start, min(start + size, experiment.replications))
        for cell in all_cells
        for start in range(0, experiment.replications, size)
    ]
    return all_cells, batches


def run_batch(
    experiment: Experiment, cell: dict, batch: Batch
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run one batch: a row per run (a run that raises is a row with its error) and, when the
    experiment keeps them, the monthly series."""
    rows, series = [], []
    key = () if experiment.common_random_numbers else (cell["cell"],)
    for replication in range(batch.start, batch.stop):
        seed = replication_seed(experiment.seed, replication, *key)
        row: dict[str, Any] = {
            "cell": cell["cell"],
            "scenario": cell["scenario"],
            **cell["factors"],
            "replication": replication,
        }
        try:
            model = PartnershipModel(
                cell["spec"], rng=np.random.default_rng(seed), collect=experiment.series.keep
            )
            model.run()
            outcome = model.outcome()
            outcome.pop("scenario")
            outcome["member_gains"] = json.dumps(outcome["member_gains"], sort_keys=True)
            row.update(outcome)
            row["error"] = None
            if experiment.series.keep:
                monthly = monthly_table(model).iloc[:: experiment.series.period]
                monthly.insert(0, "replication", replication)
                monthly.insert(0, "cell", cell["cell"])
                series.append(monthly)
        except Exception as error:  # noqa: BLE001 - a failing run is recorded, not fatal
            row["error"] = f"{type(error).__name__}: {error}"
        rows.append(row)
    return pd.DataFrame(rows), (pd.concat(series, ignore_index=True) if series else pd.DataFrame())


def _write_atomic(frame: pd.DataFrame, path: Path) -> None:
    temporary = path.with_suffix(f".tmp{os.getpid()}")
    frame.to_parquet(temporary, index=False)
    os.replace(temporary, path)


def _git_commit() -> str | None:
    try:
        return (
            subprocess.run(
                ["git", "rev-parse", "HEAD"],
                capture_output=True,
                text=True,
                cwd=Path(__file__).parent,
                timeout=5,
            ).stdout.strip()
            or None
        )
    except (OSError, subprocess.SubprocessError):
        return None


@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """One sweep writes to a directory at a time; a lock left by a dead process is taken over."""
    lock = directory / LOCK
    try:
        descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        holder = lock.read_text().strip()
        if holder.isdigit() and _alive(int(holder)):
            raise ScenarioError(
                f"{directory}: another sweep (process {holder}) is writing here; "
                f"wait for it or remove {lock} if it is gone"
            ) from None
        lock.unlink(missing_ok=True)
        descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    os.write(descriptor, str(os.getpid()).encode())
    os.close(descriptor)
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")


def _manifest(directory: Path) -> dict | None:
    path = directory / MANIFEST
    return json.loads(path.read_text()) if path.exists() else None


def _save_manifest(directory: Path, manifest: dict) -> None:
    temporary = directory / f"{MANIFEST}.tmp"
    temporary.write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str))
    os.replace(temporary, directory / MANIFEST)


class Progress:
    """A progress line with rate and time left: redrawn on a terminal, periodic otherwise."""

    def __init__(self, total: int, enabled: bool, stream=sys.stderr) -> None:
        self.total, self.done, self.enabled, self.stream = total, 0, enabled, stream
        self.start = self.last = time.monotonic()
        self.tty = stream.isatty()

    def advance(self, runs: int) -> None:
        self.done += runs
        now = time.monotonic()
        if not self.enabled or (not self.tty and now - self.last < 5 and self.done < self.total):
            return
        self.last = now
        rate = self.done / max(now - self.start, 1e-9)
        left = (self.total - self.done) / rate if rate else float("inf")
        line = (
            f"{self.done}/{self.total} runs ({self.done / max(self.total, 1):.0%}), "
            f"{rate:.0f} runs/s, {left:.0f} s left"
        )
        print(
            ("\r" + line) if self.tty else line,
            end="" if self.tty else "\n",
            file=self.stream,
            flush=True,
        )
        if self.tty and self.done >= self.total:
            print(file=self.stream)


def execute(
    experiment: Experiment,
    directory: Path,
    source: str = "<experiment>",
    workers: int = 1,
    resume: bool = False,
    progress: bool = False,
    on_batch: Callable[[Batch], None] | None = None,
) -> dict:
    """Run the missing batches of a sweep into `directory` and return its manifest."""
    all_cells, batches = plan(experiment, source)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / RUNS_DIR).mkdir(exist_ok=True)
    if experiment.series.keep:
        (directory / SERIES_DIR).mkdir(exist_ok=True)
    with _locked(directory):
        manifest = _manifest(directory)
        if manifest is not None and manifest["spec_hash"] != experiment.spec_hash:
            raise ScenarioError(
                f"{directory}: holds experiment '{manifest['experiment']['name']}' with another "
                f"spec (hash {manifest['spec_hash']}, this one {experiment.spec_hash}); "
                "choose another --out directory"
            )
        if manifest is not None and not resume and manifest.get("finished"):
            raise ScenarioError(
                f"{directory}: already holds this finished sweep; use --resume "
                "to complete it or `partnersim report` to rebuild the tables"
            )
        if manifest is None:
            manifest = {
                "experiment": experiment.model_dump(mode="json"),
                "spec_hash": experiment.spec_hash,
                "root_seed": experiment.seed,
                "started": datetime.now(UTC).isoformat(),
                "git_commit": _git_commit(),
                "versions": _versions(),
                "batches": {},
                "failed_runs": [],
            }
        done = {
            key
            for key, status in manifest["batches"].items()
            if status == "done" and (directory / RUNS_DIR / f"{key}.parquet").exists()
        }
        todo = [batch for batch in batches if batch.key not in done]
        meter = Progress(sum(b.stop - b.start for b in todo), progress)

        def store(batch: Batch, result: tuple[pd.DataFrame, pd.DataFrame]) -> None:
            runs, series = result
            if not series.empty:
                _write_atomic(series, directory / SERIES_DIR / f"{batch.key}.parquet")
            _write_atomic(runs, directory / RUNS_DIR / f"{batch.key}.parquet")
            failed = runs.loc[runs["error"].notna(), ["cell", "replication", "error"]]
            manifest["failed_runs"] = [
                r
                for r in manifest["failed_runs"]
                if not (r["cell"] == batch.cell and batch.start <= r["replication"] < batch.stop)
            ]
            manifest["failed_runs"] += failed.to_dict("records")
            manifest["batches"][batch.key] = "done"
            _save_manifest(directory, manifest)
            meter.advance(batch.stop - batch.start)
            if on_batch:
                on_batch(batch)

        _save_manifest(directory, manifest)
        if workers <= 1:
            for batch in todo:
                store(batch, run_batch(experiment, all_cells[batch.cell], batch))
        else:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                pending = {
                    pool.submit(run_batch, experiment, all_cells[b.cell], b): b for b in todo
                }
                while pending:
                    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        store(pending.pop(future), future.result())
        manifest["finished"] = datetime.now(UTC).isoformat()
        _save_manifest(directory, manifest)
    return manifest


def _versions() -> dict[str, str]:
    packages = ("partnersim", "mesa", "numpy", "scipy", "pandas", "pyarrow", "pydantic")
    found = {"python": platform.python_version()}
    for package in packages:
        try:
            found[package] = version(package)
        except Exception:  # noqa: BLE001
            found[package] = "unknown"
    return found


def load_results(directory: str | os.PathLike) -> pd.DataFrame:
    """All stored runs of a sweep, one row per run, sorted by cell and replication."""
    files = sorted((Path(directory) / RUNS_DIR).glob("*.parquet"))
    if not files:
        raise ScenarioError(f"{directory}: no stored runs (no {RUNS_DIR}/*.parquet)")
    runs = pd.concat([pd.read_parquet(path) for path in files], ignore_index=True)
    return runs.sort_values(["cell", "replication"], ignore_index=True)


def sweep(
    experiment: str | os.PathLike | Experiment,
    out: str | os.PathLike | None = None,
    workers: int = 1,
    resume: bool = False,
    progress: bool = False,
    replications: int | None = None,
) -> pd.DataFrame:
    """Run an experiment (a file or an `Experiment`) and return its runs, one row per run.

    Results go to `out` (default `results/<name>/`) with summary, report and figures."""
    from sim.analysis import report
    from sim.experiment import load_experiment

    if isinstance(experiment, Experiment):
        source = "<experiment>"
        if replications is not None:
            experiment = experiment.model_copy(update={"replications": replications})
    else:
        experiment, path = load_experiment(experiment, replications=replications)
        source = str(path)
    directory = Path(out) if out is not None else Path("results") / experiment.name
    execute(experiment, directory, source, workers=workers, resume=resume, progress=progress)
    report(directory)
    return load_results(directory)
