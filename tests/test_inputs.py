"""Scenario files and the command line: good input works, bad input gets one clear message."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

import sim
from sim.runner import OUTCOME_FIELDS

CLI = [sys.executable, "-m", "sim.cli"]
BASELINE = (Path(sim.scenario.scenario_dir()) / "baseline.toml").read_text(encoding="utf-8")


def partnersim(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=300, cwd=cwd)


@pytest.mark.parametrize("name", sim.scenario_names())
def test_every_scenario_loads_and_runs(name):
    scenario = sim.load_scenario(name)
    assert scenario.name == name
    for knob in sim.KNOBS:
        node = scenario
        for part in knob.split("."):
            node = getattr(node, part)
    outcome = sim.run(scenario, seed=1).outcome
    assert outcome["failure_reason"] in (None, *sim.FAILURE_REASONS)


def test_the_named_scenarios_are_there():
    assert {
        "baseline",
        "rules",
        "coordinator",
        "trust",
        "all_levers",
        "azon",
        "hilversum_pps",
        "eindhoven_5g",
    } <= set(sim.scenario_names())


def test_source_scenarios_cite_their_passages():
    for name in ("azon", "hilversum_pps", "eindhoven_5g"):
        scenario = sim.load_scenario(name)
        assert scenario.language == "nl"
        assert scenario.sources and all("seed 00" in source for source in scenario.sources)
    azon = sim.load_scenario("azon")
    kinds = [spec.kind for spec in azon.parties for _ in range(spec.count)]
    assert kinds.count("municipality") == 13 and kinds.count("public_body") == 1
    assert kinds.count("corporate") == 2


def test_overrides_in_every_form():
    forms = [
        sim.load_scenario("baseline", **{"levers.rules": 1}),
        sim.load_scenario("baseline", levers__rules=1),
        sim.load_scenario("baseline", levers={"rules": 1}),
        sim.load_scenario("baseline", **{"levers.rules": True}),
    ]
    assert all(form.levers.rules == 1.0 for form in forms)
    assert sim.load_scenario("baseline", **{"levers.coordinator": False}).levers.coordinator == 0
    assert sim.load_scenario(sim.load_scenario("baseline"), conflict=0.2).conflict == 0.2


BAD_SCENARIOS = [
    ("conflict = 0.5", "conflict = 1.5", "conflict", "less than or equal to 1"),
    ("conflict = 0.5", "conflict = nan", "conflict", "finite"),
    ("initial_trust = 0.4", "initial_trust = inf", "initial_trust", "finite"),
    ("deadline_months = 36", 'deadline_months = "soon"', "deadline_months", "integer"),
    ("conflict = 0.5", "conflict = 0.5\ncolour = 3", "colour", "unknown key"),
    ('growth = "all_at_once"', 'growth = "sideways"', "levers.growth", "all_at_once"),
    (
        'growth = "all_at_once"',
        'growth = "all_at_once"\ncore_size = 50',
        "levers.core_size",
        "larger than the party list",
    ),
    (
        "trust_investment_months = 0",
        "trust_investment_months = -2",
        "levers.trust_investment_months",
        "greater",
    ),
    (
        "[levers]",
        "[parameters]\nsynergy = -1\n\n[levers]",
        "parameters.synergy",
        "greater than or equal to 0",
    ),
]


@pytest.mark.parametrize(("line", "replacement", "field", "allowed"), BAD_SCENARIOS)
def test_bad_values_name_file_field_and_what_is_allowed(
    tmp_path, line, replacement, field, allowed
):
    path = tmp_path / "bad.toml"
    assert line in BASELINE
    path.write_text(BASELINE.replace(line, replacement, 1), encoding="utf-8")
    with pytest.raises(sim.ScenarioError) as error:
        sim.load_scenario(path)
    message = str(error.value)
    assert str(path) in message and f"'{field}'" in message and allowed in message


def test_huge_party_counts_are_refused(tmp_path):
    path = tmp_path / "huge.toml"
    path.write_text(BASELINE.replace("count = 4", "count = 1000000"), encoding="utf-8")
    with pytest.raises(sim.ScenarioError, match=r"parties\.0\.count.*less than or equal to 200"):
        sim.load_scenario(path)


def test_malformed_missing_and_unreadable_files(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("conflict = = 0.5\n", encoding="utf-8")
    with pytest.raises(sim.ScenarioError, match="not valid TOML"):
        sim.load_scenario(broken)
    with pytest.raises(sim.ScenarioError, match="no such scenario file"):
        sim.load_scenario(tmp_path / "absent.toml")
    directory = tmp_path / "folder.toml"
    directory.mkdir()
    with pytest.raises(sim.ScenarioError, match="cannot read"):
        sim.load_scenario(directory)
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(sim.ScenarioError, match="cannot read|not valid TOML"):
        sim.load_scenario(binary)


def test_impossible_party_lists(tmp_path):
    only_public = BASELINE.split('[[parties]]\nname = "Corporate"')[0]
    path = tmp_path / "public.toml"
    path.write_text(only_public, encoding="utf-8")
    with pytest.raises(sim.ScenarioError, match="corporate"):
        sim.load_scenario(path)
    wrong_length = BASELINE.replace('kind = "corporate"', 'kind = "corporate"\nstance = [0.5]')
    path.write_text(wrong_length, encoding="utf-8")
    with pytest.raises(sim.ScenarioError, match="one value per issue"):
        sim.load_scenario(path)


class TestCommandLine:
    def test_help(self):
        assert "run" in partnersim("--help").stdout
        for command in ("run", "compare"):
            shown = partnersim(command, "--help")
            assert shown.returncode == 0 and "--replications" in shown.stdout

    def test_one_run_tells_a_story(self):
        result = partnersim("run", "baseline", "--seed", "1")
        assert result.returncode == 0
        assert "baseline:" in result.stdout and "Outcome:" in result.stdout
        assert ("SUCCESS" in result.stdout) != ("FAILURE" in result.stdout)

    def test_dutch_story(self):
        result = partnersim("run", "azon", "--seed", "1")
        assert "Fase: Verkenning" in result.stdout

    def test_json_of_one_run_has_exactly_the_outcome_fields(self):
        result = partnersim("run", "baseline", "--seed", "1", "--json")
        outcome = json.loads(result.stdout)
        assert set(outcome) == set(OUTCOME_FIELDS)
        assert outcome == {
            k: v
            for k, v in json.loads(json.dumps(sim.run("baseline", seed=1).outcome)).items()
            if k in OUTCOME_FIELDS
        }

    def test_replications_json_and_out_file(self, tmp_path):
        out = tmp_path / "summary.json"
        result = partnersim("run", "baseline", "--replications", "30", "--json", "--out", str(out))
        summary = json.loads(result.stdout)
        assert set(summary) == {
            "n",
            "successes",
            "success_rate",
            "ci_low",
            "ci_high",
            "failure_reasons",
            "median_months_to_agreement",
        }
        assert summary["n"] == 30 and summary["ci_low"] <= summary["success_rate"]
        assert summary["successes"] + sum(summary["failure_reasons"].values()) == 30
        assert json.loads(out.read_text()) == summary

    def test_replications_text(self):
        result = partnersim("run", "trust", "--replications", "20")
        assert "success rate" in result.stdout and "95% CI" in result.stdout

    def test_set_changes_the_run(self):
        plain = json.loads(partnersim("run", "baseline", "--replications", "40", "--json").stdout)
        structured = json.loads(
            partnersim(
                "run",
                "baseline",
                "--replications",
                "40",
                "--json",
                "--set",
                "levers.rules=1",
                "--set",
                "levers.coordinator=true",
                "--set",
                "levers.growth=core_group",
            ).stdout
        )
        assert plain != structured

    @pytest.mark.parametrize(
        ("args", "expected"),
        [
            (["run", "no_such_scenario"], "no such scenario file"),
            (["run", "baseline", "--set", "levers.rules=2"], "field 'levers.rules'"),
            (["run", "baseline", "--set", "levers.growth=sideways"], "field 'levers.growth'"),
            (["run", "baseline", "--set", "colour=red"], "field 'colour': unknown key"),
            (["run", "baseline", "--set", "conflict"], "expected dotted.name=value"),
            (["run", "baseline", "--set", "conflict=nan"], "finite"),
            (["run", "baseline", "--replications", "0"], "--replications"),
            (["compare", "baseline", "nope"], "no such scenario file"),
        ],
    )
    def test_bad_input_exits_2_with_one_clear_message(self, args, expected):
        result = partnersim(*args)
        assert result.returncode == 2
        assert expected in result.stderr
        assert "Traceback" not in result.stderr and result.stdout == ""

    def test_malformed_file_on_the_command_line(self, tmp_path):
        path = tmp_path / "broken.toml"
        path.write_text("[levers\nrules = 1\n", encoding="utf-8")
        result = partnersim("run", str(path))
        assert result.returncode == 2 and str(path) in result.stderr
        assert "Traceback" not in result.stderr

    def test_compare_prints_a_row_per_scenario(self):
        result = partnersim("compare", "baseline", "all_levers", "--replications", "20")
        lines = result.stdout.splitlines()
        assert lines[0].startswith("scenario") and len(lines) == 4
        assert lines[2].startswith("baseline") and lines[3].startswith("all_levers")
