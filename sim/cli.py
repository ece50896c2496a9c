"""The `partnersim` command line.

Subcommands register themselves through `COMMANDS`: each is a module-level pair of a function
that adds its parser and a function that runs it. Input errors (`ScenarioError`) print one
clear message and exit with code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sim.scenario import KNOBS, ScenarioError, load_scenario, parse_assignment, scenario_names
from sim.validation import MAX_RUNS, max_workers

EXIT_BAD_INPUT = 2


def _scenario_with_sets(name: str, assignments: Sequence[str]):
    overrides = dict(parse_assignment(text) for text in assignments)
    scenario = load_scenario(name)
    if not overrides:
        return scenario
    try:
        return scenario.with_overrides(**overrides)
    except ScenarioError as error:
        raise ScenarioError(str(error).replace(f"{scenario.name}:", "--set:", 1)) from None


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(type(value).__name__)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    return value


def _emit(text: str, out: str | None) -> None:
    if out:
        try:
            Path(out).write_text(text + "\n", encoding="utf-8")
        except OSError as error:
            raise ScenarioError(f"--out {out}: cannot write: {error.strerror}") from None
    print(text)


def seed_number(text: str) -> int:
    """A root seed: a whole number from 0 (numpy's SeedSequence takes no negative entropy)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a whole number of at least 0, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"a whole number of at least 0, got {value}")
    return value


def add_shared_options(parser: argparse.ArgumentParser, set_help: str) -> None:
    """--seed, --set, --json and --out, as every running command takes them."""
    parser.add_argument("--seed", type=seed_number, default=0, help="root seed (default 0)")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        dest="assignments",
        help=f"{set_help}, e.g. levers.rules=1 (knobs: {', '.join(KNOBS)}; any scenario field "
        "by its dotted name)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--out", default=None, metavar="FILE", help="also write the output to FILE")


def add_run(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run",
        help="run a scenario once (a story) or replicated (a success rate)",
        description="Run a scenario. One run prints a story of its phases and decisive events; "
        "--replications N prints the success rate with its Wilson 95% interval "
        "and the failure reasons counted.",
    )
    parser.add_argument(
        "scenario",
        help=f"a scenario name ({', '.join(scenario_names())}) or the path of a TOML file",
    )
    parser.add_argument(
        "--replications",
        type=int,
        default=None,
        metavar="N",
        help=f"run N replications and summarise them (1 to {MAX_RUNS:,})",
    )
    add_shared_options(parser, "override a knob")
    parser.add_argument(
        "--lang",
        choices=("en", "nl"),
        default=None,
        help="language of the story (default: the scenario's)",
    )
    parser.set_defaults(handler=do_run, checks=[_check_runs])


def summary_fields(runs) -> dict[str, Any]:
    """The one row `sim.summarise` gives for the replications of one scenario, as printed: the
    failure reasons that occurred (by name), no median when nothing was agreed."""
    from sim.experiments.statistics import summarise
    from sim.model import FAILURE_REASONS

    row = summarise(runs, factors=[]).iloc[0]
    median = float(row["median_months_to_agreement"])
    return {
        "n": int(row["n"]),
        "successes": int(row["successes"]),
        "success_rate": float(row["success_rate"]),
        "ci_low": float(row["ci_low"]),
        "ci_high": float(row["ci_high"]),
        "failure_reasons": {r: int(row[r]) for r in sorted(FAILURE_REASONS) if row[r]},
        "median_months_to_agreement": None if math.isnan(median) else median,
    }


def do_run(args: argparse.Namespace) -> int:
    from sim.runner import OUTCOME_FIELDS, replicate, run
    from sim.story import story

    scenario = _scenario_with_sets(args.scenario, args.assignments)
    if args.replications is not None:
        if args.replications < 1:
            raise ScenarioError(f"--replications: must be at least 1, got {args.replications}")
        summary = summary_fields(replicate(scenario, args.replications, seed=args.seed))
        if args.json:
            _emit(json.dumps(_clean(summary), default=_json_default), args.out)
        else:
            reasons = ", ".join(f"{k} {v}" for k, v in summary["failure_reasons"].items())
            median = summary["median_months_to_agreement"]
            _emit(
                "\n".join(
                    [
                        f"{scenario.name}: {summary['successes']} of {summary['n']} succeeded, "
                        f"success rate {summary['success_rate']:.1%} "
                        f"(95% CI {summary['ci_low']:.1%} to {summary['ci_high']:.1%})",
                        f"failure reasons: {reasons or 'none'}",
                        "median months to agreement: "
                        + (f"{median:.0f}" if median is not None else "no agreements"),
                    ]
                ),
                args.out,
            )
        return 0
    result = run(scenario, seed=args.seed, series=False)
    if args.json:
        fields = {name: result.outcome[name] for name in OUTCOME_FIELDS}
        _emit(json.dumps(_clean(fields), default=_json_default), args.out)
    else:
        _emit(story(result.events, result.outcome, args.lang or scenario.language), args.out)
    return 0


def add_compare(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "compare",
        help="replicate several scenarios and print their success rates side by side",
        description="Replicate each scenario with the same replication seeds (common random "
        "numbers) and print one row per scenario: success rate, Wilson 95% interval, median "
        "months to agreement and failure reasons.",
    )
    parser.add_argument("scenarios", nargs="+", help="scenario names or TOML paths")
    parser.add_argument(
        "--replications",
        type=int,
        default=500,
        metavar="N",
        help=f"replications per scenario (default 500; at most {MAX_RUNS:,} runs in all)",
    )
    add_shared_options(parser, "override a knob in every scenario")
    parser.set_defaults(handler=do_compare, checks=[_check_runs])


def do_compare(args: argparse.Namespace) -> int:
    from sim.runner import replicate

    if args.replications < 1:
        raise ScenarioError(f"--replications: must be at least 1, got {args.replications}")
    scenarios = [_scenario_with_sets(name, args.assignments) for name in args.scenarios]
    summaries = []
    for scenario in scenarios:
        summary = summary_fields(replicate(scenario, args.replications, seed=args.seed))
        summaries.append({"scenario": scenario.name, **summary})
    if args.json:
        _emit(json.dumps(_clean(summaries), default=_json_default), args.out)
        return 0
    reasons = sorted({reason for s in summaries for reason in s["failure_reasons"]})
    header = f"{'scenario':<16}{'n':>6}{'success':>9}{'95% CI':>16}{'months':>8}" + "".join(
        f"{reason:>24}" for reason in reasons
    )
    rows = [header, "-" * len(header)]
    for s in summaries:
        median = s["median_months_to_agreement"]
        interval = f"{s['ci_low']:.1%}-{s['ci_high']:.1%}"
        months = f"{median:.0f}" if median is not None else "-"
        counts = "".join(f"{s['failure_reasons'].get(reason, 0):>24}" for reason in reasons)
        rows.append(
            f"{s['scenario']:<16}{s['n']:>6}{s['success_rate']:>9.1%}{interval:>16}{months:>8}"
            + counts
        )
    _emit("\n".join(rows), args.out)
    return 0


def add_sweep(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sweep",
        help="run an experiment file: every cell times its replications, resumable",
        description="Run an experiment (experiments/*.toml) in worker processes on this machine "
        "or on a Dask cluster. Finished batches are stored at once as Parquet in DIR/runs; an "
        "interrupted sweep keeps them and --resume runs only what is missing. Writes "
        "summary.csv, report.md and figures. Neither the engine nor the number of workers "
        "changes a number in the results.",
    )
    parser.add_argument("experiment", help="path of an experiment TOML file")
    parser.add_argument(
        "--out",
        default=None,
        metavar="DIR",
        help="output directory (default results/<experiment name>)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="worker processes (default: the number of cores; with --engine dask and no "
        f"--scheduler: the local cluster's workers); at most {max_workers()} (4 per core)",
    )
    parser.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local worker processes (default) or a Dask cluster",
    )
    parser.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="with --engine dask: the scheduler, e.g. tcp://127.0.0.1:8786 (default: start a "
        "local cluster)",
    )
    parser.add_argument(
        "--replications",
        type=int,
        default=None,
        metavar="N",
        help=f"override the experiment's replications per cell (at most {MAX_RUNS:,} runs in all)",
    )
    parser.add_argument(
        "--target-halfwidth",
        type=float,
        default=None,
        metavar="H",
        help="add replications to each cell until its Wilson 95%% half-width is at most H",
    )
    parser.add_argument(
        "--max-replications",
        type=int,
        default=None,
        metavar="N",
        help="with a target half-width: at most N replications per cell (default 10000)",
    )
    parser.add_argument(
        "--resume", action="store_true", help="complete an interrupted sweep in DIR"
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the cells, the number of runs and an estimated wall time",
    )
    parser.set_defaults(handler=do_sweep, checks=[_check_workers])


def do_sweep(args: argparse.Namespace) -> int:
    from sim.experiments.design import load_experiment
    from sim.experiments.report import write_report
    from sim.experiments.statistics import success_table
    from sim.experiments.sweeps import estimate_seconds, execute, plan

    if args.workers < 1:
        raise ScenarioError(f"--workers: must be at least 1, got {args.workers}")
    for option in ("replications", "max_replications"):
        value = getattr(args, option)
        if value is not None and value < 1:
            raise ScenarioError(f"--{option.replace('_', '-')}: must be at least 1, got {value}")
    if args.scheduler and args.engine != "dask":
        raise ScenarioError("--scheduler: only with --engine dask")
    experiment, path = load_experiment(
        args.experiment,
        replications=args.replications,
        target_halfwidth=args.target_halfwidth,
        max_replications=args.max_replications,
    )
    directory = Path(args.out) if args.out else Path("results") / experiment.name
    cells, batches = plan(experiment, str(path))
    if args.dry_run:
        for cell in cells:
            settings = ", ".join(f"{k}={v}" for k, v in cell["factors"].items())
            print(f"cell {cell['cell']:>4}  {cell['scenario']}  {settings}")
        total = len(cells) * experiment.replications
        estimate = estimate_seconds(experiment, cells, args.workers)
        grows = " (more with the target half-width)" if experiment.target_halfwidth else ""
        print(
            f"{len(cells)} cells x {experiment.replications} replications = {total} runs"
            f"{grows} in {len(batches)} batches; about {estimate:.0f} s on {args.workers} "
            "worker(s)"
        )
        return 0
    from sim.experiments.store import SweepFault

    try:
        manifest = execute(
            experiment,
            directory,
            str(path),
            workers=args.workers,
            resume=args.resume,
            progress=True,
            engine=args.engine,
            scheduler=args.scheduler,
        )
        summary = write_report(directory)
    except (SweepFault, OSError) as fault:  # the machine's or the stored data's: exit 1
        return environment_fault(fault, directory)
    factors = [name for name in experiment.factors if name in summary.columns]
    replications = f"{summary['n'].min()}" + (
        f"-{summary['n'].max()}" if summary["n"].max() > summary["n"].min() else ""
    )
    print(f"success rate (Wilson 95% interval), {replications} runs per cell:")
    print(success_table(summary, factors).to_string(index=False))
    print(f"results in {directory}/ (summary.csv, report.md, figures)")
    failed = manifest.get("failed_runs", [])
    if failed:
        named = ", ".join(f"cell {r['cell']} replication {r['replication']}" for r in failed[:10])
        more = f" and {len(failed) - 10} more" if len(failed) > 10 else ""
        print(f"partnersim: {len(failed)} run(s) failed: {named}{more}", file=sys.stderr)
        return 1
    return 0


def _check_runs(args: argparse.Namespace) -> None:
    """run and compare: at most MAX_RUNS runs in all, checked before anything runs."""
    if args.replications is None:
        return
    if args.replications < 1:
        raise ScenarioError(f"--replications: must be at least 1, got {args.replications}")
    scenarios = len(getattr(args, "scenarios", None) or [args.scenario])
    if scenarios * args.replications > MAX_RUNS:
        raise ScenarioError(
            f"--replications: {scenarios} scenario(s) x {args.replications:,} = "
            f"{scenarios * args.replications:,} runs; at most {MAX_RUNS:,} runs in all"
        )


def _check_workers(args: argparse.Namespace) -> None:
    """sweep: no more worker processes than four per core."""
    limit = max_workers()
    if args.workers > limit:
        raise ScenarioError(
            f"--workers: at most {limit} (4 per core on {os.cpu_count() or 1} core(s)), got "
            f"{args.workers}"
        )


def add_report(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help="rebuild summary, report and figures of a sweep without running anything",
        description="Rebuild summary.csv, report.md and the figures from the runs stored in DIR.",
    )
    parser.add_argument("directory", metavar="DIR")
    parser.set_defaults(handler=do_report)


def environment_fault(fault: Exception, directory) -> int:
    """One line for a fault of the machine or of the stored data (a damaged manifest or batch,
    a full disk, a lost worker); exit code 1."""
    if isinstance(fault, OSError):
        print(
            f"partnersim: error: {fault.filename or directory}: {fault.strerror}", file=sys.stderr
        )
    else:
        print(f"partnersim: error: {fault}", file=sys.stderr)
    return 1


def do_report(args: argparse.Namespace) -> int:
    from sim.experiments.report import write_report
    from sim.experiments.store import SweepFault, read_manifest

    directory = Path(args.directory)
    if not (directory / "manifest.json").exists():
        raise ScenarioError(f"{directory}: not a sweep directory (no manifest.json)")
    try:
        read_manifest(directory)
        summary = write_report(directory)
    except (SweepFault, OSError) as fault:  # the machine's or the stored data's: exit 1
        return environment_fault(fault, directory)
    print(f"{len(summary)} cells; wrote {directory}/summary.csv, report.md and figures")
    return 0


def add_app(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "app",
        help="start the trainer's dashboard in the browser",
        description="Start the dashboard (Botsende belangen): the run month by month, levers, "
        "side-by-side comparison and a seat at the table. Prints its address; stop with Ctrl-C.",
    )
    parser.add_argument(
        "scenario", nargs="?", default="azon", help="scenario to open on (default: azon)"
    )
    parser.add_argument("--port", type=int, default=8765, metavar="N", help="default 8765")
    parser.add_argument("--host", default="127.0.0.1", metavar="H", help="default 127.0.0.1")
    parser.add_argument(
        "--lang",
        choices=("nl", "en"),
        default=None,
        help="interface language (default: the scenario's, Dutch for the Dutch cases)",
    )
    parser.set_defaults(handler=do_app)


def do_app(args: argparse.Namespace) -> int:
    import socket

    if not 1 <= args.port <= 65535:
        raise ScenarioError(f"--port: a number from 1 to 65535, got {args.port}")
    load_scenario(args.scenario)  # a bad scenario is reported here, not in the browser
    try:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
            probe.bind((args.host, args.port))
    except OSError as error:
        raise ScenarioError(
            f"--host {args.host} --port {args.port}: cannot listen: {error}"
        ) from None
    os.environ["PARTNERSIM_APP_SCENARIO"] = args.scenario
    if args.lang:
        os.environ["PARTNERSIM_APP_LANG"] = args.lang
    from sim.dashboard import PAGE

    os.environ["SOLARA_APP"] = PAGE
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    import uvicorn

    print(f"partnersim app: http://{args.host}:{args.port}  (Ctrl-C to stop)", flush=True)
    uvicorn.run("solara.server.starlette:app", host=args.host, port=args.port, log_level="warning")
    return 0


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    add_run,
    add_compare,
    add_sweep,
    add_report,
    add_app,
]


class Parser(argparse.ArgumentParser):
    """argparse with one line per error: what is wrong and where to read what is allowed."""

    def error(self, message: str):
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see: {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="partnersim",
        description="Partnerships between municipalities and corporates: negotiated, formed and "
        "kept alive under rules of the game, a coordinator and trust investment.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in COMMANDS:
        add(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        for check in getattr(args, "checks", ()):
            check(args)
        return int(args.handler(args) or 0)
    except ScenarioError as error:
        print(f"partnersim: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("partnersim: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
