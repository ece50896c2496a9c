"""A sweep's directory: the manifest, the lock, batches written atomically and read back.

`runs/<batch>.parquet` holds a row per run, `series/<batch>.parquet` the monthly series when the
experiment keeps them, `manifest.json` the experiment, its provenance, which batches are done
and, per stored file, its row count and SHA-256. A batch is written to a temporary file and
renamed, so a sweep that is killed keeps every finished batch and never a partial one; a batch
that is damaged or foreign afterwards is found by its checksum and its (cell, replication) keys.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import io
import json
import os
import platform
import re
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
PSEUDO_FILESYSTEMS = (Path("/proc"), Path("/sys"))
ENVIRONMENT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG}
"""Errors of the machine, not of the --out the user chose: exit 1 rather than 2."""


class SweepFault(Exception):
    """A fault of the environment (a full disk, a dead worker or scheduler) or of the stored
    data (a damaged batch or manifest): the command prints it as one line and exits with 1."""


class DamagedStore(SweepFault):
    """A stored file that is unreadable, truncated, foreign or duplicated."""


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

    @classmethod
    def from_key(cls, key: str) -> Batch | None:
        match = re.fullmatch(r"c(\d{5,})-r(\d{7,})-(\d{7,})", key)
        return cls(*(int(group) for group in match.groups())) if match else None


def check_output(directory: Path) -> None:
    """Refuse, before anything is computed or written, an output directory that cannot be
    one: an existing file, a path below a file, a pseudo-filesystem, a read-only place."""
    shown = f"--out {directory}"
    absolute = Path(os.path.abspath(directory))
    for system in PSEUDO_FILESYSTEMS:
        for form in (absolute, Path(os.path.realpath(directory))):
            if form == system or system in form.parents:
                raise ScenarioError(
                    f"{shown}: {system} is a system filesystem, not a place for results"
                )
    existing = absolute
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing != absolute and not existing.is_dir():
        raise ScenarioError(f"{shown}: {existing} is a file, not a directory")
    if existing == absolute and not absolute.is_dir():
        raise ScenarioError(f"{shown}: exists and is not a directory")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ScenarioError(f"{shown}: {existing} is not writable")


def output_error(error: OSError, what: str) -> Exception:
    """An OSError while preparing the output directory: the user's --out (exit 2) unless it is
    the machine's fault (a full disk: exit 1)."""
    reason = error.strerror or str(error)
    if error.errno in ENVIRONMENT_ERRNOS:
        return SweepFault(f"{what}: {reason}")
    return ScenarioError(f"--out {what}: {reason}")


def write_fault(error: OSError, path: Path) -> SweepFault:
    return SweepFault(
        f"cannot write {path}: {error.strerror or error}; the finished batches are kept, "
        "run again with --resume once this is fixed"
    )


def _write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to a new file and flush it to the disk."""
    with open(path, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())


def write_atomic(frame: pd.DataFrame, path: Path) -> dict:
    """Write `frame` as Parquet to a temporary file renamed to `path` (never left behind) and
    return its record for the manifest: rows and SHA-256 of the bytes."""
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    data = buffer.getvalue()
    temporary = path.with_suffix(f".tmp{os.getpid()}")
    try:
        _write_bytes(temporary, data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return {"rows": len(frame), "sha256": hashlib.sha256(data).hexdigest()}


def write_batch(
    directory: Path, batch: Batch, runs: pd.DataFrame, series: pd.DataFrame
) -> dict[str, dict]:
    """The series first: a batch counts as stored once its runs file exists and the manifest
    marks it done. Returns the records of the files written, by their path in `directory`."""
    written = {}
    for folder, frame in ((SERIES_DIR, series), (RUNS_DIR, runs)):
        if folder == SERIES_DIR and frame.empty:
            continue
        path = directory / folder / f"{batch.key}.parquet"
        try:
            written[f"{folder}/{batch.key}.parquet"] = write_atomic(frame, path)
        except OSError as error:
            raise write_fault(error, path) from None
    return written


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


def check_file(directory: Path, name: str, manifest: dict | None) -> pd.DataFrame:
    """Read a stored file (`runs/<key>.parquet` or `series/<key>.parquet`) and check it against
    its record in the manifest (rows, SHA-256) and its keys against its batch; raise
    DamagedStore, one line naming the file, when it is damaged or foreign."""
    path = directory / name
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DamagedStore(f"{path}: unreadable ({error.strerror or error})") from None
    record = (manifest or {}).get("files", {}).get(name)
    if record is not None and hashlib.sha256(data).hexdigest() != record.get("sha256"):
        raise DamagedStore(
            f"{path}: damaged or foreign (its SHA-256 is not the one recorded in {MANIFEST})"
        )
    try:
        frame = pd.read_parquet(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - pyarrow raises several kinds for a bad file
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise DamagedStore(f"{path}: damaged (not a readable Parquet file: {first})") from None
    if record is not None and len(frame) != record.get("rows"):
        raise DamagedStore(f"{path}: damaged ({len(frame)} rows, {record.get('rows')} recorded)")
    if not {"cell", "replication"} <= set(frame.columns):
        raise DamagedStore(f"{path}: foreign (no cell and replication columns)")
    batch = Batch.from_key(Path(name).stem)
    if batch is not None:
        cells = frame["cell"].to_numpy()
        replications = frame["replication"].to_numpy()
        inside = (cells == batch.cell) & (replications >= batch.start) & (replications < batch.stop)
        whole = name.startswith(RUNS_DIR) and sorted(replications.tolist()) != list(
            range(batch.start, batch.stop)
        )
        if not inside.all() or whole:
            raise DamagedStore(
                f"{path}: foreign (its rows are not cell {batch.cell} replications "
                f"{batch.start}-{batch.stop - 1})"
            )
    return frame


def verify_batches(directory: Path, manifest: dict) -> list[str]:
    """On resume: check every batch marked done; forget (and delete) the damaged or foreign
    ones so that they run again. Returns one description per batch forgotten."""
    forgotten = []
    for key in sorted(stored_keys(directory, manifest) | _done(manifest)):
        for folder in (RUNS_DIR, SERIES_DIR):
            name = f"{folder}/{key}.parquet"
            recorded = name in manifest.get("files", {})
            if folder == SERIES_DIR and not recorded and not (directory / name).exists():
                continue
            try:
                if not (directory / name).exists():
                    raise DamagedStore(f"{directory / name}: missing")
                check_file(directory, name, manifest)
            except DamagedStore as error:
                forgotten.append(str(error))
                manifest["batches"].pop(key, None)
                for folder_ in (RUNS_DIR, SERIES_DIR):
                    manifest.get("files", {}).pop(f"{folder_}/{key}.parquet", None)
                    (directory / folder_ / f"{key}.parquet").unlink(missing_ok=True)
                break
    return forgotten


def _done(manifest: dict) -> set[str]:
    return {key for key, status in manifest["batches"].items() if status == "done"}


def read_checked(
    directory: str | os.PathLike, folder: str, columns: list[str] | None = None
) -> Iterator[pd.DataFrame]:
    """Every stored file of `folder`, checked (`check_file`), one at a time; a (cell,
    replication) held by two files is refused, naming both."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    owner: dict[tuple[int, int], str] = {}
    for path in batch_files(directory, folder):
        name = f"{folder}/{path.name}"
        frame = check_file(directory, name, manifest)
        pairs = frame[["cell", "replication"]].drop_duplicates()
        if folder == RUNS_DIR and len(pairs) != len(frame):
            raise DamagedStore(f"{path}: holds a (cell, replication) twice")
        for cell, replication in pairs.itertuples(index=False):
            other = owner.setdefault((int(cell), int(replication)), name)
            if other != name:
                raise DamagedStore(
                    f"{path}: duplicate rows: cell {cell} replication {replication} is also in "
                    f"{directory / other}"
                )
        yield frame if columns is None else frame[columns]


@contextmanager
def locked(directory: Path) -> Iterator[None]:
    """One sweep writes to a directory at a time: an exclusive `flock` on `.lock`, held for the
    sweep's lifetime and released by the kernel when the process dies, however it dies."""
    lock = directory / LOCK
    while True:
        try:
            descriptor = os.open(lock, os.O_CREAT | os.O_RDWR | os.O_CLOEXEC, 0o644)
        except OSError as error:
            raise output_error(error, str(directory)) from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(descriptor, 32).decode(errors="replace").strip()
            os.close(descriptor)
            who = f" (process {holder})" if holder.isdigit() else ""
            raise ScenarioError(
                f"{directory}: another sweep{who} is writing here; wait for it to finish"
            ) from None
        # the lock file may have been removed by the sweep that held it: lock the current one
        try:
            same = os.stat(lock).st_ino == os.fstat(descriptor).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(descriptor)
    try:
        os.ftruncate(descriptor, 0)
        os.write(descriptor, str(os.getpid()).encode())
    except OSError as error:
        os.close(descriptor)
        raise output_error(error, str(directory)) from None
    held[0] = (descriptor, os.fstat(descriptor).st_ino)
    try:
        yield
    finally:
        held[0] = None
        lock.unlink(missing_ok=True)
        os.close(descriptor)


held: list[tuple[int, int] | None] = [None]
"""The descriptor and inode of the lock this process holds (for forked workers to drop)."""


def drop_inherited_lock(descriptor: int, inode: int) -> None:
    """In a worker forked while the lock was held: close its copy of the lock's descriptor, so
    that the lock goes with the sweep's process and not with a worker that outlives it."""
    try:
        if os.fstat(descriptor).st_ino == inode:
            os.close(descriptor)
    except OSError:
        pass


def read_manifest(directory: Path) -> dict | None:
    """The manifest, or None when there is none; one line naming it when it is not one."""
    path = Path(directory) / MANIFEST
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise DamagedStore(f"{path}: not a sweep manifest ({reason})") from None
    shape = {
        "experiment": dict,
        "spec_hash": str,
        "root_seed": int,
        "batches": dict,
        "failed_runs": list,
    }
    wrong = [
        key
        for key, kind in shape.items()
        if not isinstance(manifest, dict) or not isinstance(manifest.get(key), kind)
    ]
    if not wrong and not isinstance(manifest.get("files", {}), dict):
        wrong = ["files"]
    if wrong:
        raise DamagedStore(f"{path}: not a sweep manifest (no valid {', '.join(wrong)})")
    return manifest


def save_manifest(directory: Path, manifest: dict) -> None:
    temporary = directory / f"{MANIFEST}.tmp"
    try:
        _write_bytes(temporary, json.dumps(manifest, indent=2, default=str).encode())
        os.replace(temporary, directory / MANIFEST)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise write_fault(error, directory / MANIFEST) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


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


def successes(directory: Path, keys: set[str] | None = None) -> dict[int, np.ndarray]:
    """Each cell's success per replication, in replication order (failed runs count as not);
    from the batches `keys` only when given."""
    files = batch_files(directory, RUNS_DIR)
    if keys is not None:
        files = [path for path in files if path.stem in keys]
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
    """All stored runs of a sweep, one row per run, sorted by cell and replication; each file
    checked against the manifest (DamagedStore names a damaged, foreign or duplicated one)."""
    if not batch_files(directory, RUNS_DIR):
        raise ScenarioError(f"{directory}: no stored runs (no {RUNS_DIR}/*.parquet)")
    runs = pd.concat(list(read_checked(directory, RUNS_DIR)), ignore_index=True)
    return runs.sort_values(["cell", "replication"], ignore_index=True)


def load_series(directory: str | os.PathLike) -> pd.DataFrame | None:
    """The stored monthly series of a sweep (None when the experiment did not keep them)."""
    if not batch_files(directory, SERIES_DIR):
        return None
    series = pd.concat(list(read_checked(directory, SERIES_DIR)), ignore_index=True)
    return series.sort_values(["cell", "replication", "month"], ignore_index=True)
