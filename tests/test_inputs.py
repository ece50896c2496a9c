"""Scenario files and the command line: good input works, bad input gets one clear message."""

import subprocess
import sys
from pathlib import Path

import pytest

import sim

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
        assert scenario.sources and all(": '" in source for source in scenario.sources)
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


# --- reliability of the input boundary -----------------------------------------------------------


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + BASELINE.encode("utf-8"))
    assert sim.load_scenario(path).name == "baseline"
    experiment = tmp_path / "bom_experiment.toml"
    experiment.write_bytes(b"\xef\xbb\xbfscenarios = ['baseline']\n")
    assert sim.load_experiment(experiment)[0].scenarios == ["baseline"]


def test_party_names_are_the_models(tmp_path):
    scenario = sim.load_scenario("azon")
    model = sim.run(scenario, seed=0, keep_model=True).model
    names = [getattr(agent, "name", None) for agent in getattr(model, "parties", [])]
    expected = scenario.party_names
    assert len(set(expected)) == len(expected) == scenario.n_parties
    if any(names):
        assert names == expected


@pytest.mark.parametrize(
    ("design", "factors", "samples"),
    [
        ("full_factorial", {"levers.rules": [0.0, 1.0], "conflict": [0.2, 0.5, 0.8]}, 16),
        ("one_at_a_time", {"levers.rules": [0.0, 1.0], "conflict": [0.2, 0.5, 0.8]}, 16),
        ("latin_hypercube", {"conflict": {"low": 0.1, "high": 0.9}}, 7),
        (
            "sobol",
            {"conflict": {"low": 0.1, "high": 0.9}, "levers.rules": {"low": 0, "high": 1}},
            8,
        ),
        ("morris", {"conflict": {"low": 0.1, "high": 0.9}}, 3),
    ],
)
def test_design_sizes_are_computed_without_building_the_design(design, factors, samples):
    experiment = sim.Experiment.model_validate(
        {
            "name": "t",
            "scenarios": ["baseline"],
            "design": design,
            "factors": factors,
            "samples": samples,
        }
    )
    assert experiment.n_points == len(experiment.design_points())


def test_levels_are_validated_once_per_factor_not_per_cell(monkeypatch):
    from sim.experiments.design import cells
    from sim.scenario import Scenario

    experiment = sim.Experiment.model_validate(
        {
            "name": "t",
            "scenarios": ["baseline"],
            "design": "latin_hypercube",
            "samples": 400,
            "factors": {
                "conflict": {"low": 0.1, "high": 0.9},
                "levers.rules": {"low": 0, "high": 1},
            },
        }
    )
    calls = []
    original = Scenario.with_overrides
    monkeypatch.setattr(
        Scenario, "with_overrides", lambda self, **kw: calls.append(kw) or original(self, **kw)
    )
    built = cells(experiment)
    assert len(built) == 400 and len(calls) == 4  # two ends of two ranges
    for cell in built[:20]:  # the cheap copies equal a full validation
        monkeypatch.undo()
        assert cell["spec"] == sim.load_scenario("baseline").with_overrides(**cell["factors"])


def test_a_huge_design_is_refused_at_once(tmp_path):
    import time

    path = tmp_path / "huge.toml"
    names = [
        "initial_trust",
        "autonomy_cost",
        "reservation",
        "conflict",
        "levers.rules",
        "levers.coordinator",
    ]
    path.write_text(
        "scenarios = ['baseline']\ndesign = 'sobol'\nsamples = 65536\nreplications = 1\n"
        "[factors]\n" + "".join(f"'{n}' = {{low = 0.1, high = 0.9}}\n" for n in names),
        encoding="utf-8",
    )
    started = time.perf_counter()
    with pytest.raises(sim.ScenarioError, match="589,824 cells"):
        sim.load_experiment(path)
    assert time.perf_counter() - started < 2


def test_the_caps_are_stated_in_help(capsys):
    from sim.cli import main
    from sim.validation import MAX_RUNS, max_workers

    for command, texts in {
        "run": [f"{MAX_RUNS:,}"],
        "compare": [f"{MAX_RUNS:,}"],
        "sweep": [f"at most {max_workers()}", f"{MAX_RUNS:,}"],
    }.items():
        with pytest.raises(SystemExit):
            main([command, "--help"])
        text = " ".join(capsys.readouterr().out.split())
        assert all(t in text for t in texts), (command, text)


def test_names_are_printed_safely():
    from sim.model import Event
    from sim.story import describe, plain

    assert plain("Corp\x1b[31m\n") == "Corp\\x1b[31m\\n"
    event = Event(1, "exit", {"party": "Evil\x1b[2J"})
    assert "\x1b" not in describe(event, "en")
