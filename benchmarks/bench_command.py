"""Benchmark: start-up cost of the command line, against importing Mesa.

Times, as subprocesses with the same interpreter and interleaved N times (after one untimed
warm-up of each, so the file cache is warm for both), `partnersim run azon --seed 1` (the
installed console script, `.venv/bin/partnersim`, which enters through `sim.cli:main`) and
`python -c "import mesa"`. Prints the median of each and the difference, in wall time and in the
subprocesses' CPU time (user + system, from os.wait4), which other work on a shared machine
disturbs less. Then runs the same command under `python -X importtime` (entered as the console
script does: `from sim.cli import main; sys.exit(main())`) and prints the 15 modules with the
largest cumulative import time (nesting shown by indentation) and the total time spent
importing; and what the command imports beyond `import mesa` (self times by top-level package,
and sim's slowest modules).

Target: the command within `import mesa` + 0.4 s.

    .venv/bin/python benchmarks/bench_command.py [--runs N] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGET_EXTRA_S = 0.4
COMMAND_ARGS = ("run", "azon", "--seed", "1")
IMPORT_MESA = (sys.executable, "-c", "import mesa")
TOP = 15
ENTRY = "import sys; from sim.cli import main; sys.exit(main())"
"""How the console script enters (pyproject.toml: partnersim = "sim.cli:main")."""


def console_script() -> Path:
    """The installed `partnersim` next to this interpreter."""
    path = BIN / "partnersim"
    if not path.exists():
        raise SystemExit(f"{path} not found: install the package (make test or pip install -e .)")
    return path


def wall(argv: list[str] | tuple[str, ...]) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system) of one subprocess, its output discarded; a
    failure stops the benchmark."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(
                f"{' '.join(map(str, argv))} exited with {process.returncode}:\n"
                f"{errors.read().decode(errors='replace')}"
            )
    return seconds, usage.ru_utime + usage.ru_stime


def parse_importtime(stderr: str) -> list[tuple[int, int, int, str]]:
    """(self us, cumulative us, depth, module) for each line of `-X importtime` output."""
    rows = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "[us]" in line:
            continue
        self_us, cumulative_us, name = line[len("import time:") :].split("|", 2)
        depth = (len(name) - len(name.lstrip(" ")) - 1) // 2
        rows.append((int(self_us), int(cumulative_us), depth, name.strip()))
    return rows


def importtime(code: str = ENTRY, args: tuple[str, ...] = COMMAND_ARGS):
    """(wall seconds, import rows) of `python -X importtime -c code *args`; by default the
    command, entered like the console script."""
    argv = [sys.executable, "-X", "importtime", "-c", code, *args]
    start = time.perf_counter()
    completed = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if completed.returncode != 0:
        raise SystemExit(f"-X importtime run failed:\n{completed.stderr[-2000:]}")
    return seconds, parse_importtime(completed.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="interleaved timings of each")
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    command = (str(console_script()), *COMMAND_ARGS)

    wall(command), wall(IMPORT_MESA)  # warm-up, not timed
    times: dict[str, list[float]] = {"command": [], "import_mesa": []}
    cpu: dict[str, list[float]] = {"command": [], "import_mesa": []}
    for _ in range(args.runs):
        for key, argv in (("command", command), ("import_mesa", IMPORT_MESA)):
            seconds, cpu_seconds = wall(argv)
            times[key].append(seconds)
            cpu[key].append(cpu_seconds)
    command_s = statistics.median(times["command"])
    mesa_s = statistics.median(times["import_mesa"])
    differences = [a - b for a, b in zip(times["command"], times["import_mesa"], strict=True)]
    extra = command_s - mesa_s
    cpu_extra = statistics.median(cpu["command"]) - statistics.median(cpu["import_mesa"])
    ok = extra <= TARGET_EXTRA_S
    print(f"start-up of the command line, {args.runs} interleaved timings of each")
    print(
        f"  partnersim {' '.join(COMMAND_ARGS)}: median {command_s:6.3f} s "
        f"(CPU {statistics.median(cpu['command']):.3f} s)"
    )
    print(
        f"  python -c 'import mesa'     : median {mesa_s:6.3f} s "
        f"(CPU {statistics.median(cpu['import_mesa']):.3f} s)"
    )
    print(
        f"  difference of the medians: {extra:+.3f} s (median of the per-pair differences "
        f"{statistics.median(differences):+.3f} s; target <= +{TARGET_EXTRA_S:g} s: "
        f"{'met' if ok else 'NOT met'}); in CPU time (user + system) {cpu_extra:+.3f} s"
    )

    seconds, rows = importtime()
    total_us = sum(row[1] for row in rows if row[2] == 0)
    print(
        f"\n-X importtime of the same command ({seconds:.2f} s wall with the instrumentation): "
        f"{total_us / 1e6:.3f} s importing, {len(rows)} modules; top {TOP} by cumulative time"
    )
    print(f"  {'cumulative ms':>13}{'self ms':>9}  module")
    top = sorted(rows, key=lambda row: row[1], reverse=True)[:TOP]
    for self_us, cumulative_us, depth, name in top:
        print(f"  {cumulative_us / 1e3:>13.1f}{self_us / 1e3:>9.1f}  {'  ' * depth}{name}")

    # what the command imports that `import mesa` does not
    _, mesa_rows = importtime("import mesa", ())
    mesa_modules = {row[3] for row in mesa_rows}
    extra_rows = [row for row in rows if row[3] not in mesa_modules]
    by_package: dict[str, int] = {}
    for self_us, _, _, name in extra_rows:
        package = name.split(".")[0]
        by_package[package] = by_package.get(package, 0) + self_us
    extra_us = sum(row[0] for row in extra_rows)
    print(
        f"\nbeyond `import mesa`: {len(extra_rows)} modules, {extra_us / 1e3:.1f} ms of import "
        f"(self times); by top-level package:"
    )
    packages = sorted(by_package.items(), key=lambda item: item[1], reverse=True)[:8]
    print("  " + ", ".join(f"{name} {us / 1e3:.1f} ms" for name, us in packages))
    own = sorted((row for row in extra_rows if row[3].split(".")[0] == "sim"), reverse=True)[:5]
    print(
        "  slowest of sim's own modules (self): "
        + ", ".join(f"{name} {self_us / 1e3:.1f} ms" for self_us, _, _, name in own)
    )

    if args.json:
        figures = {
            "runs": args.runs,
            "command": " ".join(["partnersim", *COMMAND_ARGS]),
            "command_s": command_s,
            "import_mesa_s": mesa_s,
            "difference_s": extra,
            "target_extra_s": TARGET_EXTRA_S,
            "times_s": times,
            "cpu_s": cpu,
            "cpu_difference_s": cpu_extra,
            "import_total_s": total_us / 1e6,
            "import_top": [
                {"module": name, "depth": depth, "cumulative_ms": c / 1e3, "self_ms": s / 1e3}
                for s, c, depth, name in top
            ],
            "beyond_mesa_import_s": extra_us / 1e6,
            "beyond_mesa_by_package_ms": {name: us / 1e3 for name, us in packages},
        }
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
