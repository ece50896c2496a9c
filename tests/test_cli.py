"""The `partnersim` command line (sim/cli.py).

The installed command runs as a subprocess where it matters (the entry point, exit codes, no
traceback on stderr); the many bad-input cases run in-process through `sim.cli.main`, where an
uncaught exception would fail the test just as a traceback would.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

import sim
from sim.cli import EXIT_BAD_INPUT, main, summary_fields
from sim.runner import OUTCOME_FIELDS, replicate
from sim.scenario import scenario_dir
from sim.story import REASON_LABELS

INSTALLED = Path(sys.executable).with_name("partnersim")
COMMAND = [str(INSTALLED)] if INSTALLED.exists() else [sys.executable, "-m", "sim.cli"]
SUMMARY_FIELDS = {
    "n",
    "successes",
    "success_rate",
    "ci_low",
    "ci_high",
    "failure_reasons",
    "median_months_to_agreement",
}
BASELINE = (Path(scenario_dir()) / "baseline.toml").read_text(encoding="utf-8")


def partnersim(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, timeout=300)


def as_json(value):
    return json.loads(json.dumps(value))


# --- the installed command ---------------------------------------------------------------------


def test_one_run_prints_a_story_naming_the_outcome():
    result = partnersim("run", "baseline", "--seed", "1")
    assert result.returncode == 0, result.stderr
    outcome = sim.run("baseline", seed=1).outcome
    lines = result.stdout.splitlines()
    verdict = "SUCCESS" if outcome["success"] else "FAILURE"
    assert lines[0].startswith(f"baseline: {verdict} after {outcome['months']} months")
    assert lines[-1] == f"Outcome: {REASON_LABELS['en'][outcome['failure_reason']]}."
    assert any("Phase: Orientation" in line for line in lines)
    if outcome["formed"]:
        assert f"agreement in month {outcome['months_to_agreement']}" in lines[0]


def test_json_of_one_run_has_exactly_the_outcome_fields():
    result = partnersim("run", "baseline", "--seed", "1", "--json")
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert set(printed) == {
        "formed",
        "survived",
        "success",
        "months_to_agreement",
        "failure_reason",
        "joint_value",
        "member_gains",
        "distance_to_nash",
        "distance_to_pareto",
    }
    assert set(printed) == set(OUTCOME_FIELDS)
    outcome = sim.run("baseline", seed=1).outcome
    assert printed == as_json({name: outcome[name] for name in OUTCOME_FIELDS})


def test_replications_json_and_out_file(tmp_path):
    out = tmp_path / "summary.json"
    result = partnersim("run", "baseline", "--replications", "30", "--json", "--out", str(out))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert set(summary) == SUMMARY_FIELDS
    assert summary["n"] == 30
    assert summary["successes"] + sum(summary["failure_reasons"].values()) == 30
    assert set(summary["failure_reasons"]) <= set(sim.FAILURE_REASONS)
    assert summary["ci_low"] <= summary["success_rate"] <= summary["ci_high"]
    assert summary["success_rate"] == pytest.approx(summary["successes"] / 30)
    runs = replicate("baseline", 30, seed=0)
    assert summary == as_json(summary_fields(runs))
    row = sim.summarise(runs).iloc[0]  # the one summary, as the command prints it
    assert summary["successes"] == row["successes"] and summary["ci_low"] == row["ci_low"]
    assert summary["failure_reasons"] == {r: row[r] for r in sim.FAILURE_REASONS if row[r]}
    assert json.loads(out.read_text(encoding="utf-8")) == summary


def test_help():
    top = partnersim("--help")
    assert top.returncode == 0 and "run" in top.stdout and "usage: partnersim" in top.stdout
    run = partnersim("run", "--help")
    assert run.returncode == 0
    for option in ("--seed", "--replications", "--set", "--json", "--out"):
        assert option in run.stdout
    assert "levers.trust_investment_months" in run.stdout  # the knobs are listed
    for command in ("compare", "sweep", "report", "app"):
        assert command in top.stdout
    app = partnersim("app", "--help")
    assert app.returncode == 0 and all(o in app.stdout for o in ("--port", "--host", "--lang"))


def test_app_refuses_bad_input_before_starting():
    missing = partnersim("app", "no_such_scenario", "--port", "8799")
    assert missing.returncode == 2 and "no such scenario file" in missing.stderr
    port = partnersim("app", "--port", "70000")
    assert port.returncode == 2 and "--port" in port.stderr
    assert "Traceback" not in missing.stderr + port.stderr


def test_bad_file_exits_2_with_one_message_and_no_traceback(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[levers\nrules = 1\n", encoding="utf-8")
    result = partnersim("run", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("partnersim: error: ") and str(path) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_set_value_exits_2_with_one_message_and_no_traceback():
    result = partnersim("run", "baseline", "--set", "levers.rules=2")
    assert result.returncode == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "field 'levers.rules'" in result.stderr and "less than or equal to 1" in result.stderr


def test_a_negative_seed_is_bad_input():
    result = partnersim("run", "baseline", "--seed", "-1")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "--seed" in result.stderr


def test_an_unwritable_out_file_is_bad_input(tmp_path):
    target = tmp_path / "no_such_directory" / "out.json"
    result = partnersim("run", "baseline", "--json", "--out", str(target))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and str(target) in result.stderr


# --- in-process: outputs and the many bad inputs -----------------------------------------------


def test_replications_text_reports_rate_interval_and_reasons(capsys):
    assert main(["run", "baseline", "--replications", "20", "--seed", "3"]) == 0
    printed = capsys.readouterr().out
    summary = summary_fields(replicate("baseline", 20, seed=3))
    assert f"{summary['successes']} of 20 succeeded" in printed
    assert f"success rate {summary['success_rate']:.1%}" in printed
    assert f"95% CI {summary['ci_low']:.1%} to {summary['ci_high']:.1%}" in printed
    for reason, count in summary["failure_reasons"].items():
        assert f"{reason} {count}" in printed


def test_dutch_scenarios_tell_their_story_in_dutch(capsys):
    assert main(["run", "azon", "--seed", "1"]) == 0
    printed = capsys.readouterr().out
    assert "Fase: Verkenning" in printed and "Phase:" not in printed
    assert main(["run", "azon", "--seed", "1", "--lang", "en"]) == 0
    assert "Phase: Orientation" in capsys.readouterr().out


def test_set_overrides_reach_the_model(capsys):
    assert main(["run", "baseline", "--seed", "4", "--json", "--set", "reservation=1"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert not printed["formed"] and printed["failure_reason"] == "too_few_willing"
    assert (
        main(["run", "baseline", "--seed", "4", "--json", "--set", "levers.coordinator=true"]) == 0
    )
    coordinated = json.loads(capsys.readouterr().out)
    expected = sim.run(sim.load_scenario("baseline", **{"levers.coordinator": 1.0}), seed=4)
    assert coordinated == as_json({name: expected.outcome[name] for name in OUTCOME_FIELDS})


MALFORMED = "conflict = = 0.5\n"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["run", "no_such_scenario"], ["no_such_scenario.toml", "no such scenario file"]),
        (["run", "{tmp}/absent.toml"], ["{tmp}/absent.toml", "no such scenario file"]),
        (["run", "{tmp}/malformed.toml"], ["{tmp}/malformed.toml", "not valid TOML"]),
        (["run", "{tmp}/bad_value.toml"], ["{tmp}/bad_value.toml", "field 'conflict'"]),
        (["run", "{tmp}/unknown.toml"], ["{tmp}/unknown.toml", "field 'colour': unknown key"]),
        (["run", "baseline", "--set", "levers.rules=2"], ["--set", "field 'levers.rules'"]),
        (["run", "baseline", "--set", "levers.growth=sideways"], ["field 'levers.growth'"]),
        (["run", "baseline", "--set", "colour=red"], ["field 'colour': unknown key"]),
        (["run", "baseline", "--set", "levers.colour=1"], ["field 'levers.colour'"]),
        (["run", "baseline", "--set", "conflict"], ["expected dotted.name=value"]),
        (["run", "baseline", "--set", "=1"], ["name before '=' is empty"]),
        (["run", "baseline", "--set", "conflict=nan"], ["field 'conflict'", "finite"]),
        (["run", "baseline", "--set", "deadline_months=soon"], ["field 'deadline_months'"]),
        (["run", "baseline", "--set", "levers.core_size=50"], ["field 'levers.core_size'"]),
        (["run", "baseline", "--replications", "0"], ["--replications", "at least 1"]),
        (["compare", "baseline", "nope"], ["nope.toml", "no such scenario file"]),
    ],
)
def test_bad_input_exits_2_with_one_clear_message(tmp_path, capsys, args, expected):
    (tmp_path / "malformed.toml").write_text(MALFORMED, encoding="utf-8")
    (tmp_path / "bad_value.toml").write_text(
        BASELINE.replace("conflict = 0.5", "conflict = 7"), encoding="utf-8"
    )
    (tmp_path / "unknown.toml").write_text(
        BASELINE.replace("conflict = 0.5", "conflict = 0.5\ncolour = 1"), encoding="utf-8"
    )
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    assert main(args) == EXIT_BAD_INPUT
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("partnersim: error: ")
    assert len(captured.err.strip().splitlines()) == 1, captured.err
    for text in expected:
        assert text.replace("{tmp}", str(tmp_path)) in captured.err


@pytest.mark.parametrize(
    "args",
    [["run"], ["run", "baseline", "--seed", "x"], ["run", "baseline", "--replications", "x"]],
)
def test_argument_errors_exit_2(capsys, args):
    with pytest.raises(SystemExit) as stop:
        main(args)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("partnersim") and "error:" in err and "--help" in err
    assert len(err.strip().splitlines()) == 1, err
