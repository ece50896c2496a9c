"""Where batches run: in this process, in local worker processes, or on a Dask cluster.

An engine takes a list of batches and yields each with its result as it finishes, in any
order. A run's seed depends on its cell and replication only, so the engine and the number of
workers never change a number.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import numpy as np
import pandas as pd

from sim.experiments.design import Experiment
from sim.experiments.store import Batch
from sim.model import PartnershipModel
from sim.runner import monthly_table, replication_seed
from sim.scenario import ScenarioError

ENGINES = ("local", "dask")
WORKER_MODULE = __name__
"""What the workers' fork server imports once: this module, and with it the model."""

Results = Iterator[tuple[Batch, tuple[pd.DataFrame, pd.DataFrame]]]
Engine = Callable[[list[Batch]], Results]
"""Runs batches somewhere and yields each with its result as it finishes, in any order."""


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


def start_engine(
    engine: str,
    experiment: Experiment,
    all_cells: list[dict],
    workers: int,
    scheduler: str | None,
) -> AbstractContextManager[Engine]:
    """The engine by its name (one of `ENGINES`), to be entered with `with`."""
    if engine == "dask":
        return dask_engine(experiment, all_cells, workers, scheduler)
    return local_engine(experiment, all_cells, workers)


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
        context.set_forkserver_preload([WORKER_MODULE])
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
                get_mp_context().set_forkserver_preload(["distributed", WORKER_MODULE])
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
