"""Where batches run: in this process, in local worker processes, or on a Dask cluster.

An engine takes a list of batches and yields each with its result as it finishes, in any
order. A run's seed depends on its cell and replication only, so the engine and the number of
workers never change a number.
"""

from __future__ import annotations

import asyncio
import ctypes
import gc
import json
import logging
import multiprocessing
import os
import queue
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import numpy as np
import pandas as pd

from sim.experiments import store
from sim.experiments.design import Experiment
from sim.experiments.store import Batch, SweepFault
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
    the model once (safe next to a notebook's or a Dask client's threads).

    On any fault (a worker killed, a batch that cannot be stored, Ctrl-C) the pending batches
    are cancelled and the workers stopped at once, instead of finishing the sweep first."""
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
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_forked_worker if forked else None,
        initargs=(os.getpid(),) if forked else (),
    )
    try:

        def results(todo: list[Batch]) -> Results:
            pending = {pool.submit(run_batch, experiment, all_cells[b.cell], b): b for b in todo}
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    batch = pending.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        raise SweepFault(
                            "a worker process died (killed, or out of memory?); the finished "
                            "batches are kept, run again with --resume"
                        ) from None
                    yield batch, result

        yield results
    except BaseException:
        stop_pool(pool)
        raise
    else:
        pool.shutdown(wait=True)
    finally:
        if forked:
            gc.unfreeze()


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel the pending batches and stop the workers now (not after their current batch)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)


def _forked_worker(parent: int) -> None:
    """In a forked worker: let go of the sweep's lock descriptor (see `store.locked`), and die
    with the sweep's process (a sweep killed with SIGKILL leaves no workers behind)."""
    if store.held[0] is not None:
        store.drop_inherited_lock(*store.held[0])
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: a killed sweep may leave idle workers
        return
    if os.getppid() != parent:  # the sweep died before the request took effect
        os._exit(1)


PR_SET_PDEATHSIG = 1


SCHEDULER_PROTOCOLS = ("tcp", "tls", "ws", "wss", "ucx")
CONNECT_TIMEOUT = 5.0
"""Seconds to wait for a scheduler at most (less when Dask's connect timeout is shorter)."""
NO_WORKERS_TIMEOUT = 10.0
"""Seconds a Dask scheduler may have no worker at all before the sweep stops (its tasks would
wait for one forever)."""
WATCH_INTERVAL = 1.0
"""Seconds between checks of the Dask cluster's workers while no batch finishes."""


def check_scheduler(address: str) -> None:
    """Refuse an address that cannot be a scheduler's before anything is written."""
    protocol, _, location = address.rpartition("://") if "://" in address else ("tcp", "", address)
    host, colon, port = location.rpartition(":")
    if (
        protocol not in SCHEDULER_PROTOCOLS
        or not colon
        or not host
        or not port.isdigit()
        or not 0 < int(port) < 65536
    ):
        raise ScenarioError(
            f"--scheduler {address}: not a scheduler address (expected PROTOCOL://HOST:PORT, "
            f"e.g. tcp://127.0.0.1:8786, with a port from 1 to 65535)"
        )


def _probe(address: str, timeout: float) -> None:
    """Raise OSError when nothing listens at a TCP scheduler address."""
    protocol, _, location = address.rpartition("://") if "://" in address else ("tcp", "", address)
    if protocol != "tcp":
        return
    host, _, port = location.rpartition(":")
    socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()


@contextmanager
def dask_engine(
    experiment: Experiment, all_cells: list[dict], workers: int, scheduler: str | None
) -> Iterator[Engine]:
    """The same batches on a Dask cluster: the scheduler at `scheduler`, or a local cluster of
    `workers` single-threaded processes when no address is given.

    A lost worker's batches are run again by Dask on the others; a scheduler left with no worker
    at all for `NO_WORKERS_TIMEOUT` seconds stops the sweep (a `SweepFault`), as does a lost
    scheduler."""
    try:
        import dask
        from dask.distributed import Client, LocalCluster
        from dask.utils import parse_timedelta
        from distributed.utils import get_mp_context
    except ImportError:
        raise ScenarioError(
            "--engine dask: dask is not installed; pip install 'partnersim[experiments]'"
        ) from None
    cluster = None
    try:
        if scheduler:
            configured = parse_timedelta(dask.config.get("distributed.comm.timeouts.connect"))
            timeout = min(CONNECT_TIMEOUT, configured)
            _probe(scheduler, timeout)  # before Dask starts its event loop thread for good
            client = Client(scheduler, timeout=timeout)
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
    except (OSError, TimeoutError) as error:
        reason = (str(error) or type(error).__name__).splitlines()[0]
        raise ScenarioError(f"--scheduler {scheduler}: cannot connect: {reason}") from None
    futures: dict = {}
    quiet = _quiet_distributed()
    watchdog = _Watchdog(client, scheduler)
    try:
        try:
            shared = client.scatter(
                [experiment, all_cells], broadcast=True, timeout=NO_WORKERS_TIMEOUT
            )
        except TimeoutError as error:
            if "no valid workers" not in str(error).lower():
                raise
            raise watchdog.fault() from None

        def results(todo: list[Batch]) -> Results:
            finished: queue.SimpleQueue = queue.SimpleQueue()
            for batch in todo:
                future = client.submit(_run_cell_batch, *shared, batch, pure=False)
                futures[future] = batch
                future.add_done_callback(finished.put)
            for _ in todo:
                # wait with a timeout, so that a cluster whose workers are all gone (the tasks
                # then wait for one forever) is noticed instead of waited on
                while True:
                    try:
                        future = finished.get(timeout=WATCH_INTERVAL)
                        break
                    except queue.Empty:
                        watchdog.check()
                watchdog.check(busy=True)
                batch = futures.pop(future)
                try:
                    result = future.result()
                except Exception as error:  # noqa: BLE001 - the cluster's fault, not a run's
                    raise watchdog.explain(error) from None
                yield batch, result
                future.release()

        yield results
    except Exception as error:
        if isinstance(error, (SweepFault, ScenarioError)) or not _is_comm_error(error):
            raise
        raise _cluster_fault(error, scheduler) from None
    finally:
        try:
            if futures:
                client.cancel(list(futures), force=True)
        except Exception:  # noqa: BLE001, S110 - the scheduler may be gone already
            pass
        try:
            client.close(timeout=CONNECT_TIMEOUT)
        except Exception:  # noqa: BLE001, S110
            pass
        if cluster is not None:
            cluster.close()
        quiet.close()


class _Watchdog:
    """Notices a Dask cluster left without workers: its tasks would wait for one forever."""

    def __init__(self, client: Any, scheduler: str | None) -> None:
        self.client = client
        self.scheduler = scheduler
        self.since: float | None = None

    def check(self, busy: bool = False) -> None:
        """Raise a `SweepFault` once the scheduler has had no workers for `NO_WORKERS_TIMEOUT`
        seconds; `busy` (a batch just finished) means the cluster has a worker."""
        if busy:
            self.since = None
            return
        workers = self.workers()
        if workers is None:
            return
        if workers:
            self.since = None
            return
        now = time.monotonic()
        if self.since is None:
            self.since = now
        elif now - self.since >= NO_WORKERS_TIMEOUT:
            raise self.fault()

    def workers(self) -> int | None:
        """How many workers the scheduler has, or None when it cannot be asked."""
        if getattr(self.client, "status", "running") != "running":
            return None  # reconnecting to a lost scheduler: that fault is reported on its own
        try:
            info = self.client.scheduler_info(n_workers=1)
        except Exception:  # noqa: BLE001 - a lost scheduler is reported on its own
            return None
        return int(info.get("n_workers", len(info.get("workers", {}))))

    def fault(self, waited: bool = True) -> SweepFault:
        where = f"the scheduler at {self.scheduler}" if self.scheduler else "the local cluster"
        how_long = f" for {NO_WORKERS_TIMEOUT:g} s" if waited else ""
        return SweepFault(
            f"the Dask cluster has no workers left (none at {where}{how_long}); the finished "
            "batches are kept, start workers and run again with --resume"
        )

    def explain(self, error: BaseException) -> SweepFault:
        """The fault behind a batch that did not come back. When the last worker dies, the
        scheduler cancels the pending batches at once (the experiment scattered to the workers
        died with them): that is said as such, not as a lost scheduler."""
        reason = getattr(error, "reason", None)
        if type(error).__name__ == "FutureCancelledError" and reason not in LOST_SCHEDULER:
            workers = self.workers()
            if workers == 0:
                return self.fault(waited=False)
            if workers is not None:
                return SweepFault(
                    f"the Dask cluster cancelled the batches (reason: {reason}; did all its "
                    "workers die, and the experiment sent to them with them?); the finished "
                    "batches are kept, run again with --resume"
                )
        return _cluster_fault(error, self.scheduler)


LOST_SCHEDULER = ("scheduler-connection-lost", "scheduler-restart")
"""The reasons a Dask client gives for futures it cancels on losing its scheduler."""


def _cluster_fault(error: BaseException, scheduler: str | None) -> SweepFault:
    where = f"the Dask scheduler at {scheduler}" if scheduler else "the local Dask cluster"
    if _is_comm_error(error) or type(error).__name__ in ("FutureCancelledError", "CancelledError"):
        what = f"lost the connection to {where} ({type(error).__name__})"
    else:
        reason = (str(error) or type(error).__name__).splitlines()[0][:200]
        what = f"{where} failed ({type(error).__name__}: {reason})"
    return SweepFault(f"{what}; the finished batches are kept, run again with --resume")


def _is_comm_error(error: Exception) -> bool:
    from distributed.comm.core import CommClosedError

    return isinstance(error, (OSError, TimeoutError, CommClosedError, asyncio.CancelledError))


class _quiet_distributed:
    """Keep Dask's own logging (reconnection attempts, tracebacks of a lost scheduler) off the
    terminal while the sweep reports faults itself, one line each."""

    PREFIXES = ("distributed", "tornado")

    def __init__(self) -> None:
        names = [name for name in logging.root.manager.loggerDict if name.startswith(self.PREFIXES)]
        self.loggers = [logging.getLogger(name) for name in {*names, *self.PREFIXES}]
        self.levels = [logger.level for logger in self.loggers]
        for logger in self.loggers:
            logger.setLevel(logging.CRITICAL + 1)

    def close(self) -> None:
        for logger, level in zip(self.loggers, self.levels, strict=True):
            logger.setLevel(level)


def _run_cell_batch(
    experiment: Experiment, all_cells: list[dict], batch: Batch
) -> tuple[pd.DataFrame, pd.DataFrame]:
    return run_batch(experiment, all_cells[batch.cell], batch)
