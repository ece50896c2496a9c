"""Faults of the store, the output directory, the engines and the lock: each ends in one line
(no traceback) and a non-zero exit, loses no finished batch, writes nothing stray and leaves a
directory that `sweep --resume` completes to the tables of an uninterrupted sweep."""

import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
from support.cluster import DaskCluster, free_port
from support.sweeps import CLI, EXPERIMENT

from sim.cli import main
from sim.experiments import engines, store
from sim.experiments.store import load_results

SERIES = "\n[series]\nkeep = true\nperiod = 6\n"
PROGRESS = re.compile(r"^\d+/\d+ runs \(\d+%\)")


def write(directory: Path, replications: int = 12, batch: int = 5, series: bool = False) -> Path:
    path = directory / f"tiny-{replications}-{batch}{'-series' if series else ''}.toml"
    path.write_text(EXPERIMENT.format(replications=replications, batch=batch) + (SERIES * series))
    return path


def one_line(stderr: str) -> str:
    """The one message of a fault: no traceback, nothing else but progress lines."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip() and not PROGRESS.match(line)]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("partnersim: "), stderr
    return lines[0]


def stray(directory: Path) -> list[Path]:
    """Temporary files a sweep must never leave behind."""
    return [p for p in directory.rglob("*") if re.search(r"\.tmp\d*$", p.name)]


def same_tables(first: Path, second: Path) -> None:
    pd.testing.assert_frame_equal(load_results(first), load_results(second))
    assert (first / "summary.csv").read_text() == (second / "summary.csv").read_text()


def cli(*args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def spec(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("spec")


@pytest.fixture(scope="module")
def reference(spec) -> tuple[Path, Path]:
    """An uninterrupted sweep of 12 batches (experiment file, directory)."""
    path = write(spec)
    out = spec / "whole"
    assert main(["sweep", str(path), "--out", str(out), "--workers", "1"]) == 0
    return path, out


@pytest.fixture(scope="module")
def with_series(spec) -> tuple[Path, Path]:
    path = write(spec, series=True)
    out = spec / "whole-series"
    assert main(["sweep", str(path), "--out", str(out), "--workers", "1"]) == 0
    return path, out


@pytest.fixture(scope="module")
def forty(spec) -> tuple[Path, Path]:
    """An uninterrupted sweep of 40 batches (4 cells x 10 batches of 4)."""
    path = write(spec, replications=40, batch=4)
    out = spec / "whole-forty"
    assert main(["sweep", str(path), "--out", str(out), "--workers", "2"]) == 0
    return path, out


def copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def damage(path: Path, how: str, other: Path | None = None) -> None:
    data = path.read_bytes()
    if how == "half":
        path.write_bytes(data[: len(data) // 2])
    elif how == "zero":
        path.write_bytes(b"")
    elif how == "garbage":
        path.write_bytes(b"PAR1 this is not a parquet file " * 40)
    elif how == "foreign":
        shutil.copyfile(other, path)


def files(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*.parquet"))
    }


# 1. stored batches are verified -------------------------------------------------------------


def test_manifest_records_rows_and_checksum_of_every_file(reference):
    _, out = reference
    manifest = json.loads((out / "manifest.json").read_text())
    import hashlib

    names = {f"runs/{p.name}" for p in (out / "runs").glob("*.parquet")}
    assert set(manifest["files"]) == names and len(names) == 12
    for name, record in manifest["files"].items():
        data = (out / name).read_bytes()
        assert record["sha256"] == hashlib.sha256(data).hexdigest()
        assert record["rows"] == len(pd.read_parquet(out / name))


def test_resume_runs_damaged_and_foreign_batches_again(reference, tmp_path, capsys):
    path, whole = reference
    cut = copy(whole, tmp_path / "cut")
    runs = sorted((cut / "runs").glob("*.parquet"))
    damage(runs[0], "half")
    damage(runs[1], "zero")
    damage(runs[2], "garbage")
    damage(runs[3], "foreign", other=runs[5])
    untouched = {p.name: p.read_bytes() for p in runs[4:]}
    capsys.readouterr()
    assert main(["sweep", str(path), "--out", str(cut), "--resume", "--workers", "1"]) == 0
    line = one_line(capsys.readouterr().err)
    assert "4 stored batch(es) damaged or foreign, running them again" in line
    for damaged in runs[:4]:
        assert damaged.name in line
    assert {p.name: p.read_bytes() for p in runs[4:]} == untouched  # nothing finished lost
    same_tables(whole, cut)
    assert files(cut) == files(whole) and not stray(cut)


def test_resume_finds_a_foreign_batch_by_its_keys_without_recorded_checksums(
    reference, tmp_path, capsys
):
    """A manifest written before checksums were recorded: the rows' keys still give it away."""
    path, whole = reference
    cut = copy(whole, tmp_path / "cut")
    manifest = json.loads((cut / "manifest.json").read_text())
    del manifest["files"]
    (cut / "manifest.json").write_text(json.dumps(manifest))
    runs = sorted((cut / "runs").glob("*.parquet"))
    damage(runs[6], "foreign", other=runs[0])
    capsys.readouterr()
    assert main(["sweep", str(path), "--out", str(cut), "--resume", "--workers", "1"]) == 0
    line = one_line(capsys.readouterr().err)
    assert "1 stored batch(es)" in line and runs[6].name in line and "foreign" in line
    same_tables(whole, cut)


@pytest.mark.parametrize("how", ["half", "zero", "garbage", "foreign"])
def test_report_refuses_a_damaged_batch_naming_it(reference, tmp_path, capsys, how):
    _, whole = reference
    cut = copy(whole, tmp_path / "cut")
    runs = sorted((cut / "runs").glob("*.parquet"))
    damage(runs[2], how, other=runs[7])
    before = files(cut)
    capsys.readouterr()
    assert main(["report", str(cut)]) == 1
    line = one_line(capsys.readouterr().err)
    assert str(runs[2]) in line and ("damaged" in line or "foreign" in line)
    assert files(cut) == before  # the report deletes nothing


def test_report_refuses_duplicate_rows(reference, tmp_path, capsys):
    _, whole = reference
    cut = copy(whole, tmp_path / "cut")
    first = sorted((cut / "runs").glob("*.parquet"))[0]
    shutil.copyfile(first, cut / "runs" / "zz-copy.parquet")
    capsys.readouterr()
    assert main(["report", str(cut)]) == 1
    line = one_line(capsys.readouterr().err)
    assert "duplicate rows" in line and "zz-copy.parquet" in line and first.name in line


@pytest.mark.parametrize("how", ["half", "foreign"])
def test_damaged_series_are_refused_by_report_and_run_again_on_resume(
    with_series, tmp_path, capsys, how
):
    path, whole = with_series
    cut = copy(whole, tmp_path / "cut")
    series = sorted((cut / "series").glob("*.parquet"))
    assert len(series) == 12
    damage(series[1], how, other=series[4])
    capsys.readouterr()
    assert main(["report", str(cut)]) == 1
    line = one_line(capsys.readouterr().err)
    assert str(series[1]) in line
    assert main(["sweep", str(path), "--out", str(cut), "--resume", "--workers", "1"]) == 0
    line = one_line(capsys.readouterr().err)
    assert "1 stored batch(es)" in line and f"series/{series[1].name}" in line
    same_tables(whole, cut)
    assert files(cut) == files(whole)


# 2. output problems -------------------------------------------------------------------------


def no_runs(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a batch ran before the output directory was checked")

    monkeypatch.setattr(engines, "run_batch", refuse)


@pytest.mark.parametrize("kind", ["file", "below-file", "dev-null", "proc", "sys"])
def test_an_unusable_out_is_refused_before_anything_runs(
    reference, tmp_path, monkeypatch, capsys, kind
):
    path, _ = reference
    existing = tmp_path / "a-file"
    existing.write_text("keep me")
    out = {
        "file": existing,
        "below-file": existing / "sub" / "out",
        "dev-null": Path("/dev/null"),
        "proc": Path("/proc/partnersim-out"),
        "sys": Path("/sys/partnersim-out"),
    }[kind]
    no_runs(monkeypatch)
    capsys.readouterr()
    assert main(["sweep", str(path), "--out", str(out), "--workers", "1"]) == 2
    line = one_line(capsys.readouterr().err)
    assert f"--out {out}" in line
    assert existing.read_text() == "keep me" and sorted(tmp_path.iterdir()) == [existing]


@pytest.fixture
def read_only(tmp_path):
    """A directory this process cannot write to: chmod, or (as root, whom chmod does not stop)
    a read-only tmpfs."""
    place = tmp_path / "read-only"
    place.mkdir()
    if os.geteuid() != 0:
        place.chmod(0o555)
        yield place
        place.chmod(0o755)
        return
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(place)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"running as root and cannot mount a read-only tmpfs: {mounted.stderr!r}")
    try:
        yield place
    finally:
        subprocess.run(["umount", str(place)], check=False)


@pytest.mark.parametrize("below", [False, True])
def test_a_read_only_out_is_refused(reference, read_only, monkeypatch, capsys, below):
    path, _ = reference
    out = read_only / "out" if below else read_only
    no_runs(monkeypatch)
    capsys.readouterr()
    assert main(["sweep", str(path), "--out", str(out), "--workers", "1"]) == 2
    line = one_line(capsys.readouterr().err)
    assert "not writable" in line and str(read_only) in line
    assert list(read_only.iterdir()) == []


@pytest.mark.parametrize("failing", [6, 7], ids=["batch-file", "manifest"])
def test_a_full_disk_stops_at_once_and_the_sweep_resumes(
    reference, tmp_path, monkeypatch, capsys, failing
):
    """Writes: the manifest, then per batch its runs file and the manifest; the 6th is the
    3rd batch's file, the 7th the manifest that would mark it done."""
    path, whole = reference
    real = store._write_bytes
    calls, failed_at = [], []

    def full(target: Path, data: bytes) -> None:
        calls.append(target)
        if len(calls) == failing:
            Path(target).write_bytes(data[: len(data) // 2])  # a partial temporary file
            failed_at.append(time.perf_counter())
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        real(target, data)

    cancelled = []
    shutdown = ProcessPoolExecutor.shutdown

    def spy(self, wait=True, *, cancel_futures=False):
        cancelled.append(cancel_futures)
        return shutdown(self, wait=wait, cancel_futures=cancel_futures)

    monkeypatch.setattr(store, "_write_bytes", full)
    monkeypatch.setattr(ProcessPoolExecutor, "shutdown", spy)
    out = tmp_path / "out"
    capsys.readouterr()
    code = main(["sweep", str(path), "--out", str(out), "--workers", "2"])
    stopped = time.perf_counter() - failed_at[0]
    assert code == 1
    line = one_line(capsys.readouterr().err)
    assert "No space left on device" in line and "--resume" in line
    assert cancelled and cancelled[0] is True  # the pending batches were cancelled
    assert stopped < 10, f"{stopped:.1f} s from the fault to the exit"
    assert not stray(out) and not (out / ".lock").exists()
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(manifest["batches"]) == 2 and not manifest.get("finished")
    for name in manifest["files"]:
        assert files(out)[name] == files(whole)[name]  # every finished batch kept
    monkeypatch.undo()
    assert main(["sweep", str(path), "--out", str(out), "--resume", "--workers", "2"]) == 0
    same_tables(whole, out)


def test_a_really_full_tmpfs(reference, tmp_path):
    path, whole = reference
    small = tmp_path / "small"
    small.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(small)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a 1 MB tmpfs here: {mounted.stderr!r}")
    try:
        filler = small / "filler"
        status = os.statvfs(small)
        filler.write_bytes(b"\0" * (status.f_bavail * status.f_frsize - 80_000))
        out = small / "out"
        result = cli("sweep", path, "--out", out, "--workers", "2")
        assert result.returncode == 1, result.stderr
        line = one_line(result.stderr)
        assert "No space left on device" in line
        assert not stray(out) and not (out / ".lock").exists()
        manifest = json.loads((out / "manifest.json").read_text())
        assert 0 < len(manifest["batches"]) < 12
        filler.unlink()
        resumed = cli("sweep", path, "--out", out, "--resume", "--workers", "2")
        assert resumed.returncode == 0, resumed.stderr
        same_tables(whole, out)
    finally:
        subprocess.run(["umount", str(small)], check=False)


# 3. Dask ------------------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["notaurl", "tcp://127.0.0.1:99999", "tcp://:8786"])
def test_a_malformed_scheduler_address_is_refused_at_once(reference, tmp_path, capsys, address):
    path, _ = reference
    out = tmp_path / "out"
    started = time.perf_counter()
    code = main(["sweep", str(path), "--out", str(out), "--engine", "dask", "--scheduler", address])
    assert code == 2 and time.perf_counter() - started < 2
    line = one_line(capsys.readouterr().err)
    assert f"--scheduler {address}: not a scheduler address" in line
    assert not out.exists()


def test_an_unreachable_scheduler_fails_within_seconds_and_writes_nothing(
    reference, tmp_path, capsys
):
    pytest.importorskip("distributed")
    path, _ = reference
    out = tmp_path / "out"
    address = f"tcp://127.0.0.1:{free_port()}"
    started = time.perf_counter()
    code = main(["sweep", str(path), "--out", str(out), "--engine", "dask", "--scheduler", address])
    elapsed = time.perf_counter() - started
    assert code == 2 and elapsed < 8, f"{elapsed:.1f} s"
    line = one_line(capsys.readouterr().err)
    assert f"--scheduler {address}: cannot connect" in line
    assert not out.exists()


def sweep_on(path: Path, out: Path, address: str) -> subprocess.Popen:
    return subprocess.Popen(
        [*CLI, "sweep", str(path), "--out", str(out), "--engine", "dask", "--scheduler", address],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_scheduler_killed_mid_sweep(forty, tmp_path):
    pytest.importorskip("distributed")
    path, whole = forty
    cluster = DaskCluster(wait=False)
    out = tmp_path / "out"
    try:
        sweep = sweep_on(path, out, cluster.address)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(list(out.glob("runs/*.parquet"))) < 3:
            time.sleep(0.02)
        os.killpg(cluster.scheduler.pid, signal.SIGKILL)
        killed = time.monotonic()
        _, stderr = sweep.communicate(timeout=60)
        elapsed = time.monotonic() - killed
    finally:
        cluster.close()
    assert sweep.returncode == 1, stderr
    line = one_line(stderr)
    assert "Dask" in line and "--resume" in line
    assert elapsed < 20, f"{elapsed:.1f} s from the kill to the exit"
    kept = len(json.loads((out / "manifest.json").read_text())["batches"])
    assert 3 <= kept < 40 and not stray(out) and not (out / ".lock").exists()
    resumed = cli("sweep", path, "--out", out, "--resume", "--workers", "2")
    assert resumed.returncode == 0, resumed.stderr
    same_tables(whole, out)


# 4. a garbage manifest ----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["{ not json", "[1, 2, 3]", '{"batches": 3}', "\udcff"])
@pytest.mark.parametrize("command", ["report", "resume"])
def test_a_garbage_manifest_is_named_in_one_line(reference, tmp_path, capsys, text, command):
    path, whole = reference
    cut = copy(whole, tmp_path / "cut")
    manifest = cut / "manifest.json"
    manifest.write_bytes(text.encode("utf-8", "surrogateescape"))
    before = files(cut)
    args = ["report", str(cut)] if command == "report" else ["sweep", str(path), "--out", str(cut)]
    capsys.readouterr()
    assert main(args + (["--resume", "--workers", "1"] if command == "resume" else [])) == 1
    line = one_line(capsys.readouterr().err)
    assert f"{manifest}: not a sweep manifest" in line
    assert files(cut) == before and manifest.read_bytes() == text.encode("utf-8", "surrogateescape")
    assert not stray(cut)


# 5. the lock --------------------------------------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from sim.experiments import store
    from sim.scenario import ScenarioError

    start = float(sys.argv[2])
    while time.time() < start:
        time.sleep(0.001)
    try:
        with store.locked(Path(sys.argv[1])):
            print("held", flush=True)
            time.sleep(float(sys.argv[3]))
    except ScenarioError as error:
        print("refused", error, flush=True)
    """
)


def test_two_sweeps_never_both_hold_the_lock(tmp_path):
    """Four processes take over a stale lock at the same instant: exactly one gets it."""
    for round_ in range(3):
        directory = tmp_path / f"round{round_}"
        directory.mkdir()
        (directory / ".lock").write_text("999999999")  # left by a dead sweep
        start = time.time() + 3
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", HOLDER, str(directory), str(start), "1.5"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        outputs = [process.communicate(timeout=60) for process in processes]
        assert all("Traceback" not in err for _, err in outputs), outputs
        said = sorted(out.split()[0] for out, _ in outputs)
        assert said == ["held", "refused", "refused", "refused"], outputs
        assert not (directory / ".lock").exists()


def test_a_lock_goes_with_its_process_whatever_pid_the_file_names(reference, tmp_path, capsys):
    """A killed holder frees the lock at once; a lock file naming a live process that does not
    hold it (a reused PID) blocks nothing."""
    path, whole = reference
    cut = copy(whole, tmp_path / "cut")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(cut), "0", "60"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        capsys.readouterr()
        assert main(["sweep", str(path), "--out", str(cut), "--resume", "--workers", "1"]) == 2
        line = one_line(capsys.readouterr().err)
        assert f"another sweep (process {holder.pid}) is writing here" in line
    finally:
        holder.kill()
        holder.wait()
    (cut / ".lock").write_text(str(os.getpid()))  # alive, but holds no lock
    assert main(["sweep", str(path), "--out", str(cut), "--resume", "--workers", "1"]) == 0
    same_tables(whole, cut)


# 6. a killed worker -------------------------------------------------------------------------


def test_a_killed_worker_stops_the_sweep_and_it_resumes(forty, tmp_path):
    psutil = pytest.importorskip("psutil")
    path, whole = forty
    out = tmp_path / "out"
    sweep = subprocess.Popen(
        [*CLI, "sweep", str(path), "--out", str(out), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.glob("runs/*.parquet"))) < 3:
        time.sleep(0.02)
    workers = psutil.Process(sweep.pid).children()
    assert workers, "no worker processes"
    os.kill(workers[0].pid, signal.SIGKILL)
    killed = time.monotonic()
    _, stderr = sweep.communicate(timeout=60)
    elapsed = time.monotonic() - killed
    assert sweep.returncode == 1, stderr
    line = one_line(stderr)
    assert "worker process died" in line and "--resume" in line
    assert elapsed < 10, f"{elapsed:.1f} s from the kill to the exit"
    assert not any(p.is_running() and p.status() != "zombie" for p in workers)
    kept = len(json.loads((out / "manifest.json").read_text())["batches"])
    assert 3 <= kept < 40 and not stray(out) and not (out / ".lock").exists()
    resumed = cli("sweep", path, "--out", out, "--resume", "--workers", "2")
    assert resumed.returncode == 0, resumed.stderr
    same_tables(whole, out)


def test_a_killed_sweep_leaves_no_workers_and_no_held_lock(forty, tmp_path):
    """SIGKILL of the sweep itself: its workers go with it (they hold no copy of the lock), and
    --resume starts at once and completes the tables."""
    psutil = pytest.importorskip("psutil")
    path, whole = forty
    out = tmp_path / "out"
    sweep = subprocess.Popen(
        [*CLI, "sweep", str(path), "--out", str(out), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.glob("runs/*.parquet"))) < 3:
        time.sleep(0.02)
    workers = psutil.Process(sweep.pid).children()
    assert workers, "no worker processes"
    sweep.kill()
    sweep.wait()
    gone, alive = psutil.wait_procs(workers, timeout=5)
    assert not alive, f"workers outlived the sweep: {alive}"
    resumed = cli("sweep", path, "--out", out, "--resume", "--workers", "2")
    assert resumed.returncode == 0, resumed.stderr
    same_tables(whole, out)


# 6. a lost Dask worker, and the Python API's cap on workers ---------------------------------


@pytest.fixture
def dask_cluster():
    pytest.importorskip("distributed")
    started: list[DaskCluster] = []

    def start(n: int) -> DaskCluster:
        started.append(DaskCluster(n, nanny=False))
        return started[-1]

    yield start
    for cluster in started:
        cluster.close()


def kill_after_three_batches(sweep: subprocess.Popen, out: Path, worker: subprocess.Popen):
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline and len(list(out.glob("runs/*.parquet"))) < 3:
        assert sweep.poll() is None, sweep.stderr.read()
        time.sleep(0.02)
    assert len(list(out.glob("runs/*.parquet"))) >= 3, "no batch stored in 40 s"
    assert sweep.poll() is None, "the sweep finished before the kill"
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    return time.monotonic()


def test_a_worker_killed_mid_sweep_is_replaced_by_the_other(forty, tmp_path, dask_cluster):
    """Two workers, one killed: Dask runs its batches on the other and the sweep finishes with
    the tables of an uninterrupted sweep."""
    path, whole = forty
    cluster = dask_cluster(2)
    out = tmp_path / "out"
    sweep = sweep_on(path, out, cluster.address)
    try:
        kill_after_three_batches(sweep, out, cluster.workers[0])
        _, stderr = sweep.communicate(timeout=60)
    finally:
        if sweep.poll() is None:
            sweep.kill()
            sweep.communicate()
    assert sweep.returncode == 0, stderr
    assert "Traceback" not in stderr, stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(manifest["batches"]) == 40 and manifest.get("finished")
    assert not stray(out) and not (out / ".lock").exists()
    same_tables(whole, out)


def test_the_only_worker_killed_mid_sweep_stops_it_in_bounded_time(forty, tmp_path, dask_cluster):
    """One worker, killed: the tasks would wait for a worker forever; the sweep stops once the
    scheduler has had none for `NO_WORKERS_TIMEOUT` seconds, in one line, and resumes."""
    path, whole = forty
    cluster = dask_cluster(1)
    out = tmp_path / "out"
    sweep = sweep_on(path, out, cluster.address)
    try:
        killed = kill_after_three_batches(sweep, out, cluster.workers[0])
        _, stderr = sweep.communicate(timeout=engines.NO_WORKERS_TIMEOUT + 30)
        elapsed = time.monotonic() - killed
    finally:
        if sweep.poll() is None:
            sweep.kill()
            sweep.communicate()
    assert sweep.returncode == 1, stderr
    line = one_line(stderr)
    assert "the Dask cluster has no workers left" in line and "--resume" in line, line
    assert elapsed < engines.NO_WORKERS_TIMEOUT + 15, f"{elapsed:.1f} s from the kill to the exit"
    kept = len(json.loads((out / "manifest.json").read_text())["batches"])
    assert 3 <= kept < 40 and not stray(out) and not (out / ".lock").exists()
    resumed = cli("sweep", path, "--out", out, "--resume", "--workers", "2")
    assert resumed.returncode == 0, resumed.stderr
    same_tables(whole, out)


def test_a_scheduler_without_workers_stops_the_sweep_in_bounded_time_writing_nothing(
    forty, tmp_path, dask_cluster
):
    path, _ = forty
    cluster = dask_cluster(0)
    out = tmp_path / "out"
    sweep = sweep_on(path, out, cluster.address)
    started = time.monotonic()
    try:
        _, stderr = sweep.communicate(timeout=engines.NO_WORKERS_TIMEOUT + 30)
    finally:
        if sweep.poll() is None:
            sweep.kill()
            sweep.communicate()
    elapsed = time.monotonic() - started
    assert sweep.returncode == 1, stderr
    line = one_line(stderr)
    assert "the Dask cluster has no workers left" in line and "--resume" in line, line
    assert elapsed < engines.NO_WORKERS_TIMEOUT + 15, f"{elapsed:.1f} s"
    assert not out.exists()


def test_the_no_workers_watchdog_waits_its_time_and_forgives_a_returning_worker(monkeypatch):
    class Client:
        status = "running"
        n_workers = 0

        def scheduler_info(self, n_workers: int = -1) -> dict:
            return {"n_workers": self.n_workers, "workers": {}}

    monkeypatch.setattr(engines, "NO_WORKERS_TIMEOUT", 0.2)
    client = Client()
    watchdog = engines._Watchdog(client, "tcp://127.0.0.1:8786")
    watchdog.check()
    time.sleep(0.25)
    client.n_workers = 1  # a worker came back: the count starts again
    watchdog.check()
    client.n_workers = 0
    watchdog.check()
    watchdog.check()
    time.sleep(0.25)
    with pytest.raises(store.SweepFault, match="no workers left .*tcp://127.0.0.1:8786"):
        watchdog.check()
    client.status = "connecting"  # a lost scheduler is reported by its own fault
    watchdog.check()


@pytest.mark.parametrize("workers", [0, -2, "max+1"])
def test_the_python_api_caps_workers_like_the_cli(reference, tmp_path, capsys, workers):
    import sim
    from sim.validation import max_workers

    path, _ = reference
    if workers == "max+1":
        workers = max_workers() + 1
    out = tmp_path / "out"
    with pytest.raises(sim.ScenarioError) as raised:
        sim.sweep(path, out=out, workers=workers)
    assert not out.exists()
    assert main(["sweep", str(path), "--out", str(out), "--workers", str(workers)]) == 2
    assert str(raised.value) in one_line(capsys.readouterr().err)
    assert not out.exists()
    for wrong in (True, 2.0, "2"):
        with pytest.raises(sim.ScenarioError, match="--workers: must be a whole number"):
            sim.sweep(path, out=out, workers=wrong)
    assert not out.exists()
