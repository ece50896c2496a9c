"""A sweep's directory: the manifest, the lock, batches written atomically and read back.

`runs/<batch>.parquet` holds a row per run, `series/<batch>.parquet` the monthly series when the
experiment keeps them, `manifest.json` the experiment, its provenance and which batches are done.
A batch is written to a temporary file and renamed, so a sweep that is killed keeps every
finished batch and never a partial one.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd

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
        return f"c{self.cell:05d}-r{self.start:07d}-{self.stop:07d}"

    @property
    def runs(self) -> int:
        return self.stop - self.start


def write_atomic(frame: pd.DataFrame, path: Path) -> None:
    temporary = path.with_suffix(f".tmp{os.getpid()}")
    frame.to_parquet(temporary, index=False)
    os.replace(temporary, path)


def write_batch(directory: Path, batch: Batch, runs: pd.DataFrame, series: pd.DataFrame) -> None:
    """The series first: a batch counts as stored once its runs file exists."""
    if not series.empty:
        write_atomic(series, directory / SERIES_DIR / f"{batch.key}.parquet")
    write_atomic(runs, directory / RUNS_DIR / f"{batch.key}.parquet")


def batch_files(directory: str | os.PathLike, folder: str) -> list[Path]:
    """The stored batches of `folder` (RUNS_DIR or SERIES_DIR), in batch order."""
    return sorted((Path(directory) / folder).glob("*.parquet"))


def stored_keys(directory: Path, manifest: dict) -> set[str]:
    """The batches the manifest marks done and whose runs file exists."""
    return {
        key
        for key, status in manifest["batches"].items()
        if status == "done" and (directory / RUNS_DIR / f"{key}.parquet").exists()
    }


@contextmanager
def locked(directory: Path) -> Iterator[None]:
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


def read_manifest(directory: Path) -> dict | None:
    path = directory / MANIFEST
    return json.loads(path.read_text()) if path.exists() else None


def save_manifest(directory: Path, manifest: dict) -> None:
    temporary = directory / f"{MANIFEST}.tmp"
    temporary.write_text(json.dumps(manifest, indent=2, default=str))
    os.replace(temporary, directory / MANIFEST)


def git_commit() -> str | None:
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


def versions() -> dict[str, str]:
    packages = ("partnersim", "mesa", "numpy", "scipy", "pandas", "pyarrow", "pydantic", "dask")
    found = {"python": platform.python_version()}
    for package in packages:
        try:
            found[package] = version(package)
        except Exception:  # noqa: BLE001
            found[package] = "not installed"
    return found


def successes(directory: Path) -> dict[int, np.ndarray]:
    """Each cell's success per replication, in replication order (failed runs count as not)."""
    files = batch_files(directory, RUNS_DIR)
    if not files:
        return {}
    columns = ["cell", "replication", "success"]
    runs = pd.concat([pd.read_parquet(path, columns=columns) for path in files])
    runs = runs.sort_values(["cell", "replication"])
    return {
        int(cell): group["success"].fillna(False).to_numpy(dtype=bool)
        for cell, group in runs.groupby("cell")
    }


def replications(directory: Path) -> dict[str, int]:
    """Replications stored per cell."""
    return {str(cell): len(values) for cell, values in successes(directory).items()}


def load_results(directory: str | os.PathLike) -> pd.DataFrame:
    """All stored runs of a sweep, one row per run, sorted by cell and replication."""
    files = batch_files(directory, RUNS_DIR)
    if not files:
        raise ScenarioError(f"{directory}: no stored runs (no {RUNS_DIR}/*.parquet)")
    runs = pd.concat([pd.read_parquet(path) for path in files], ignore_index=True)
    return runs.sort_values(["cell", "replication"], ignore_index=True)


def load_series(directory: str | os.PathLike) -> pd.DataFrame | None:
    """The stored monthly series of a sweep (None when the experiment did not keep them)."""
    files = batch_files(directory, SERIES_DIR)
    if not files:
        return None
    series = pd.concat([pd.read_parquet(path) for path in files], ignore_index=True)
    return series.sort_values(["cell", "replication", "month"], ignore_index=True)
