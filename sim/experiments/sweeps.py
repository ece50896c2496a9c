"""Sweeps: every cell of an experiment times its replications, in batches, resumable.

Each run's seed is `replication_seed(root, replication)` (common random numbers, the default),
`replication_seed(root, replication, cell)` without them, or keyed by the dummy factor in Sobol
and Morris designs (`design.seed_keys`): never the order in which runs finish, so the tables are
identical whatever the engine and the number of workers. Each batch is stored as soon as it
finishes; `resume` runs only the missing ones.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from sim.experiments import store
from sim.experiments.design import Experiment, cells, load_experiment
from sim.experiments.engines import ENGINES, check_scheduler, run_batch, start_engine
from sim.experiments.progress import Progress
from sim.experiments.report import write_report
from sim.experiments.store import Batch, load_results, load_series
from sim.metrics import wilson_interval
from sim.scenario import ScenarioError
from sim.validation import max_workers

__all__ = [
    "estimate_seconds",
    "execute",
    "load_results",
    "load_series",
    "next_replications",
    "plan",
    "segment",
    "sweep",
]

Z95 = 1.959963984540054


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
    check_workers(workers)
    if engine not in ENGINES:
        raise ScenarioError(f"--engine: must be one of {', '.join(ENGINES)}, got {engine!r}")
    if scheduler and engine != "dask":
        raise ScenarioError("--scheduler: only with --engine dask")
    if scheduler:
        check_scheduler(scheduler)
    store.check_output(directory)  # before anything is computed, connected or written
    all_cells, _ = plan(experiment, source)
    # the engine first: an unreachable scheduler leaves nothing written
    with start_engine(engine, experiment, all_cells, workers, scheduler) as results:
        try:
            directory.mkdir(parents=True, exist_ok=True)
            (directory / store.RUNS_DIR).mkdir(exist_ok=True)
            if experiment.series.keep:
                (directory / store.SERIES_DIR).mkdir(exist_ok=True)
        except OSError as error:
            raise store.output_error(error, str(directory)) from None
        with store.locked(directory):
            manifest = _prepare(experiment, directory, resume)
            manifest["engine"] = {"engine": engine, "workers": workers, "scheduler": scheduler}
            meter = Progress(0, progress)

            def keep(batch: Batch, result: tuple[pd.DataFrame, pd.DataFrame]) -> None:
                runs, series = result
                manifest.setdefault("files", {}).update(
                    store.write_batch(directory, batch, runs, series)
                )
                failed = runs.loc[runs["error"].notna(), ["cell", "replication", "error"]]
                manifest["failed_runs"] = [
                    r
                    for r in manifest["failed_runs"]
                    if not (
                        r["cell"] == batch.cell and batch.start <= r["replication"] < batch.stop
                    )
                ]
                manifest["failed_runs"] += failed.to_dict("records")
                manifest["batches"][batch.key] = "done"
                store.save_manifest(directory, manifest)
                meter.advance(batch.runs)
                if on_batch:
                    on_batch(batch)

            store.save_manifest(directory, manifest)
            try:
                while todo := _missing(experiment, all_cells, directory, manifest):
                    meter.grow(sum(batch.runs for batch in todo))
                    for batch, result in results(todo):
                        keep(batch, result)
            finally:
                meter.close()
            manifest["replications"] = store.replications(directory)
            manifest["finished"] = datetime.now(UTC).isoformat()
            store.save_manifest(directory, manifest)
    return manifest


def check_workers(workers: int) -> None:
    """Refuse a number of workers below one or above `max_workers()` (four per core), before
    anything is computed, connected or written."""
    if isinstance(workers, bool) or not isinstance(workers, (int, np.integer)):
        raise ScenarioError(f"--workers: must be a whole number, got {workers!r}")
    if workers < 1:
        raise ScenarioError(f"--workers: must be at least 1, got {workers}")
    limit = max_workers()
    if workers > limit:
        raise ScenarioError(
            f"--workers: at most {limit} (4 per core on {os.cpu_count() or 1} core(s)), got "
            f"{workers}"
        )


def _prepare(experiment: Experiment, directory: Path, resume: bool) -> dict:
    """The manifest to go on with: the stored one, its damaged or foreign batches forgotten (and
    said so in one line), or a new one."""
    manifest = store.read_manifest(directory)
    if manifest is not None and manifest["spec_hash"] != experiment.spec_hash:
        raise ScenarioError(
            f"{directory}: holds experiment '{manifest['experiment'].get('name')}' with another "
            f"spec (hash {manifest['spec_hash']}, this one {experiment.spec_hash}); "
            "choose another --out directory"
        )
    if manifest is not None and not resume and manifest.get("finished"):
        raise ScenarioError(
            f"{directory}: already holds this finished sweep; use --resume "
            "to complete it or `partnersim report` to rebuild the tables"
        )
    if manifest is None:
        return {
            "experiment": experiment.model_dump(mode="json"),
            "spec_hash": experiment.spec_hash,
            "root_seed": experiment.seed,
            "started": datetime.now(UTC).isoformat(),
            "git_commit": store.git_commit(),
            "versions": store.versions(),
            "batches": {},
            "files": {},
            "failed_runs": [],
        }
    forgotten = store.verify_batches(directory, manifest)
    if forgotten:
        print(
            f"partnersim: {len(forgotten)} stored batch(es) damaged or foreign, running them "
            f"again: {'; '.join(forgotten)}",
            file=sys.stderr,
            flush=True,
        )
    manifest.pop("finished", None)
    return manifest


def _missing(
    experiment: Experiment, all_cells: list[dict], directory: Path, manifest: dict
) -> list[Batch]:
    """The batches still to run: the first replications of every cell and, with a target
    half-width, each cell's next segment once the previous one is stored."""
    done = store.stored_keys(directory, manifest)
    outcomes = store.successes(directory, done) if experiment.target_halfwidth is not None else None
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
    check_workers(workers)  # before the experiment is even read
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
    write_report(directory)
    runs = load_results(directory)
    runs.attrs["failed_runs"] = manifest["failed_runs"]
    return runs
