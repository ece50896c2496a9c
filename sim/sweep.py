"""Sweeps: every cell of an experiment times its replications, in batches, resumable.

Each run's seed is `replication_seed(root, replication)` (common random numbers, the default),
`replication_seed(root, replication, cell)` without them, or keyed by the dummy factor in Sobol
and Morris designs (`sim.experiment.seed_keys`): never the order in which runs finish, so the
tables are identical whatever the engine and the number of workers. A batch is written
atomically (a temporary file, then a rename) as soon as it finishes; a sweep that is interrupted
or killed keeps every finished batch, and `resume` runs only the missing ones.
"""

from __future__ import annotations

import gc
import json
import math
import multiprocessing
import os
import platform
import subprocess
import sys
import threading
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
from sim.metrics import wilson_interval
from sim.model import PartnershipModel
from sim.runner import monthly_table, replication_seed
from sim.scenario import ScenarioError

RUNS_DIR = "runs"
SERIES_DIR = "series"
MANIFEST = "manifest.json"
LOCK = ".lock"
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Batch:
    """Replications [start, stop) of one cell."""

    cell: int
    start: int
    stop: int

    @property
    def key(self) -> str:
        return f"c{self.cell:05d}-r{self.start:07d}-{self.stop:07d}"

    @property
    def runs(self) -> int:
        return self.stop - self.start


def segment(cell: int, start: int, stop: int, size: int) -> list[Batch]:
    """Replications [start, stop) of a cell cut into batches of `size`."""
    return [Batch(cell, first, min(first + size, stop)) for first in range(start, stop, size)]


def plan(experiment: Experiment, source: str = "<experiment>") -> tuple[list[dict], list[Batch]]:
    """The cells and the first batches of a sweep (the experiment's replications), in order."""
    all_cells = cells(experiment, source)
    batches = [
        batch
        for cell in all_cells
        for batch in segment(cell["cell"], 0, experiment.replications, experiment.batch_size)
    ]
    return all_cells, batches


def next_replications(successes: int, n: int, experiment: Experiment) -> int | None:
    """With a target half-width: how many replications a cell needs after `n` with `successes`
    (None when its Wilson half-width already meets the target or it is at the maximum).

    The estimate is the normal-approximation size for the Agresti-Coull proportion, in whole
    batches; it depends on the cell's first n runs only, so an interrupted sweep grows every cell
    exactly as an uninterrupted one does."""
    target = experiment.target_halfwidth
    if target is None or n >= experiment.max_replications:
        return None
    low, high = wilson_interval(successes, n)
    if (high - low) / 2 <= target:
        return None
    p = (successes + 2) / (n + 4)
    estimate = math.ceil(Z95**2 * p * (1 - p) / target**2)
    size = experiment.batch_size
    needed = max(n + size, n + math.ceil((estimate - n) / size) * size)
    return min(needed, experiment.max_replications)


def run_batch(
    experiment: Experiment, cell: dict, batch: Batch
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run one batch: a row per run (a run that raises is a row with its error) and, when the
    experiment keeps them, the monthly series."""
    rows, series = [], []
    for replication in range(batch.start, batch.stop):
        seed = replication_seed(experiment.seed, replication, *cell["seed_key"])
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


def estimate_seconds(experiment: Experiment, all_cells: list[dict], workers: int) -> float:
    """Wall time of the experiment's first replications, from a probe of a few runs in up to
    four cells (in this process)."""
    probed = all_cells[:: max(1, len(all_cells) // 4)]
    runs = min(5, experiment.replications)
    started = time.perf_counter()
    for cell in probed:
        run_batch(experiment, cell, Batch(cell["cell"], 0, runs))
    per_run = (time.perf_counter() - started) / (runs * len(probed))
    return per_run * len(all_cells) * experiment.replications / workers


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
    temporary.write_text(json.dumps(manifest, indent=2, default=str))
    os.replace(temporary, directory / MANIFEST)


class Progress:
    """Runs done, rate and time left: a tqdm bar on a terminal, a plain line every `every`
    seconds otherwise."""

    def __init__(self, total: int, enabled: bool, stream=sys.stderr, every: float = 5.0) -> None:
        self.total, self.done, self.enabled = total, 0, enabled
        self.stream, self.every = stream, every
        self.start = self.last = time.monotonic()
        self.bar = None
        if enabled and stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="run", file=stream, dynamic_ncols=True)

    def grow(self, runs: int) -> None:
        """More runs to do (replications added to reach a target half-width)."""
        self.total += runs
        if self.bar is not None:
            self.bar.total = self.total
            self.bar.refresh()

    def advance(self, runs: int) -> None:
        self.done += runs
        if self.bar is not None:
            self.bar.update(runs)
            return
        now = time.monotonic()
        if not self.enabled or (now - self.last < self.every and self.done < self.total):
            return
        self.last = now
        rate = self.done / max(now - self.start, 1e-9)
        left = (self.total - self.done) / rate if rate else float("inf")
        print(
            f"{self.done}/{self.total} runs ({self.done / max(self.total, 1):.0%}), "
            f"{rate:.0f} runs/s, {left:.0f} s left",
            file=self.stream,
            flush=True,
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


Results = Iterator[tuple[Batch, tuple[pd.DataFrame, pd.DataFrame]]]
Engine = Callable[[list[Batch]], Results]
"""Runs batches somewhere and yields each with its result as it finishes, in any order."""


@contextmanager
def local_engine(experiment: Experiment, all_cells: list[dict], workers: int) -> Iterator[Engine]:
    """Batches in this process (one worker) or in a pool of worker processes: forked from this
    one when it runs no other thread (no start-up cost), else from a fork server that imports
    the model once (safe next to a notebook's or a Dask client's threads)."""
    if workers <= 1:
        yield lambda todo: ((b, run_batch(experiment, all_cells[b.cell], b)) for b in todo)
        return
    forked = threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
    if forked:
        context = multiprocessing.get_context("fork")
        # Move what this process holds out of the collector's reach before forking, so that
        # the workers' collections do not write to (and so copy) the pages they share with it:
        # without this each worker's own memory grows by ~45 MB in its first few thousand runs.
        gc.freeze()
    else:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["sim.sweep"])
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:

            def results(todo: list[Batch]) -> Results:
                pending = {
                    pool.submit(run_batch, experiment, all_cells[b.cell], b): b for b in todo
                }
                while pending:
                    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        yield pending.pop(future), future.result()

            yield results
    finally:
        if forked:
            gc.unfreeze()


@contextmanager
def dask_engine(
    experiment: Experiment, all_cells: list[dict], workers: int, scheduler: str | None
) -> Iterator[Engine]:
    """The same batches on a Dask cluster: the scheduler at `scheduler`, or a local cluster of
    `workers` single-threaded processes when no address is given."""
    try:
        import dask
        from dask.distributed import Client, LocalCluster, as_completed
        from distributed.utils import get_mp_context
    except ImportError:
        raise ScenarioError(
            "--engine dask: dask is not installed; pip install 'partnersim[experiments]'"
        ) from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler)
        else:
            # Workers fork from a server that has imported the model once, instead of each
            # spawning a fresh interpreter and importing it anew (seconds on a laptop); their
            # statistical profiler, which interrupts the runs 100 times a second, is off.
            settings = {
                "distributed.worker.multiprocessing-method": "forkserver",
                "distributed.worker.profile.enabled": False,
            }
            with dask.config.set(settings):
                get_mp_context().set_forkserver_preload(["distributed", "sim.sweep"])
                cluster = LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
                )
            client = Client(cluster)
    except OSError as error:
        raise ScenarioError(f"--scheduler {scheduler}: cannot connect: {error}") from None
    try:
        shared = client.scatter([experiment, all_cells], broadcast=True)

        def results(todo: list[Batch]) -> Results:
            futures = {
                client.submit(_run_cell_batch, *shared, batch, pure=False): batch for batch in todo
            }
            for future in as_completed(futures):
                yield futures.pop(future), future.result()
                future.release()

        yield results
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _run_cell_batch(
    experiment: Experiment, all_cells: list[dict], batch: Batch
) -> tuple[pd.DataFrame, pd.DataFrame]:
    return run_batch(experiment, all_cells[batch.cell], batch)


ENGINES = ("local", "dask")


def execute(
    experiment: Experiment,
    directory: Path,
    source: str = "<experiment>",
    workers: int = 1,
    resume: bool = False,
    progress: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    on_batch: Callable[[Batch], None] | None = None,
) -> dict:
    """Run the missing batches of a sweep into `directory` and return its manifest.

    With a target half-width, cells that miss it get more replications, round by round, until
    they meet it or reach the maximum."""
    if engine not in ENGINES:
        raise ScenarioError(f"--engine: must be one of {', '.join(ENGINES)}, got {engine!r}")
    if scheduler and engine != "dask":
        raise ScenarioError("--scheduler: only with --engine dask")
    all_cells, _ = plan(experiment, source)
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
        manifest.pop("finished", None)
        manifest["engine"] = {"engine": engine, "workers": workers, "scheduler": scheduler}
        meter = Progress(0, progress)

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
            meter.advance(batch.runs)
            if on_batch:
                on_batch(batch)

        _save_manifest(directory, manifest)
        start = _engine(engine, experiment, all_cells, workers, scheduler)
        try:
            with start as results:
                while todo := _missing(experiment, all_cells, directory, manifest):
                    meter.grow(sum(batch.runs for batch in todo))
                    for batch, result in results(todo):
                        store(batch, result)
        finally:
            meter.close()
        manifest["replications"] = _replications(directory)
        manifest["finished"] = datetime.now(UTC).isoformat()
        _save_manifest(directory, manifest)
    return manifest


def _engine(engine: str, experiment: Experiment, all_cells: list[dict], workers: int, scheduler):
    if engine == "dask":
        return dask_engine(experiment, all_cells, workers, scheduler)
    return local_engine(experiment, all_cells, workers)


def _missing(
    experiment: Experiment, all_cells: list[dict], directory: Path, manifest: dict
) -> list[Batch]:
    """The batches still to run: the first replications of every cell and, with a target
    half-width, each cell's next segment once the previous one is stored."""
    done = {
        key
        for key, status in manifest["batches"].items()
        if status == "done" and (directory / RUNS_DIR / f"{key}.parquet").exists()
    }
    outcomes = _successes(directory) if experiment.target_halfwidth is not None else None
    todo = []
    for cell in all_cells:
        stored, n = 0, experiment.replications
        while True:
            missing = [
                b
                for b in segment(cell["cell"], stored, n, experiment.batch_size)
                if b.key not in done
            ]
            if missing or outcomes is None:
                todo += missing
                break
            successes = outcomes.get(cell["cell"], np.zeros(0, dtype=bool))[:n]
            grown = next_replications(int(successes.sum()), n, experiment)
            if grown is None:
                break
            stored, n = n, grown
    return todo


def _successes(directory: Path) -> dict[int, np.ndarray]:
    """Each cell's success per replication, in replication order (failed runs count as not)."""
    files = sorted((directory / RUNS_DIR).glob("*.parquet"))
    if not files:
        return {}
    columns = ["cell", "replication", "success"]
    runs = pd.concat([pd.read_parquet(path, columns=columns) for path in files])
    runs = runs.sort_values(["cell", "replication"])
    return {
        int(cell): group["success"].fillna(False).to_numpy(dtype=bool)
        for cell, group in runs.groupby("cell")
    }


def _replications(directory: Path) -> dict[str, int]:
    """Replications stored per cell."""
    return {str(cell): len(values) for cell, values in _successes(directory).items()}


def _versions() -> dict[str, str]:
    packages = ("partnersim", "mesa", "numpy", "scipy", "pandas", "pyarrow", "pydantic", "dask")
    found = {"python": platform.python_version()}
    for package in packages:
        try:
            found[package] = version(package)
        except Exception:  # noqa: BLE001
            found[package] = "not installed"
    return found


def load_results(directory: str | os.PathLike) -> pd.DataFrame:
    """All stored runs of a sweep, one row per run, sorted by cell and replication."""
    files = sorted((Path(directory) / RUNS_DIR).glob("*.parquet"))
    if not files:
        raise ScenarioError(f"{directory}: no stored runs (no {RUNS_DIR}/*.parquet)")
    runs = pd.concat([pd.read_parquet(path) for path in files], ignore_index=True)
    return runs.sort_values(["cell", "replication"], ignore_index=True)


def load_series(directory: str | os.PathLike) -> pd.DataFrame | None:
    """The stored monthly series of a sweep (None when the experiment did not keep them)."""
    files = sorted((Path(directory) / SERIES_DIR).glob("*.parquet"))
    if not files:
        return None
    series = pd.concat([pd.read_parquet(path) for path in files], ignore_index=True)
    return series.sort_values(["cell", "replication", "month"], ignore_index=True)


def sweep(
    experiment: str | os.PathLike | Experiment,
    out: str | os.PathLike | None = None,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    resume: bool = False,
    progress: bool = False,
    replications: int | None = None,
    target_halfwidth: float | None = None,
    max_replications: int | None = None,
) -> pd.DataFrame:
    """Run an experiment (a file or an `Experiment`) and return its runs, one row per run.

    Results go to `out` (default `results/<name>/`) with summary, report and figures. The
    engine (`local` worker processes, or `dask` at `scheduler` or on a local cluster) and the
    number of workers never change a number in the results."""
    from sim.analysis import report
    from sim.experiment import load_experiment

    overrides = {
        "replications": replications,
        "target_halfwidth": target_halfwidth,
        "max_replications": max_replications,
    }
    overrides = {key: value for key, value in overrides.items() if value is not None}
    if isinstance(experiment, Experiment):
        source = "<experiment>"
        if overrides:
            experiment = Experiment.model_validate({**experiment.model_dump(), **overrides})
    else:
        experiment, path = load_experiment(experiment, **overrides)
        source = str(path)
    directory = Path(out) if out is not None else Path("results") / experiment.name
    manifest = execute(
        experiment,
        directory,
        source,
        workers=workers,
        resume=resume,
        progress=progress,
        engine=engine,
        scheduler=scheduler,
    )
    report(directory)
    runs = load_results(directory)
    runs.attrs["failed_runs"] = manifest["failed_runs"]
    return runs
