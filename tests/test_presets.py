"""Presets (sim.presets, scenarios/presets/presets.toml) and the issues' pole labels.

Every shipped preset's run gives exactly its expected outcome, and its setting's success rate
over 200 replications holds within 0.08 of `success_rate_200`; a malformed presets file is
refused naming the file and the field. The pole labels (`low_label`, `high_label`) of every
shipped scenario are filled in, optional elsewhere, refused when malformed (exit code 2, one line
naming the file and the field), and change no run."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pytest

import sim
from sim import presets as preset_module
from sim.cli import main
from sim.presets import (
    OUTCOMES,
    PRESETS_PATH,
    get_preset,
    load_presets,
    outcome_name,
    preset_scenario,
    run_preset,
    success_rate,
    successes,
)
from sim.runner import run_outcome
from sim.scenario import scenario_dir

PRESETS = load_presets()
KEYS = [preset.key for preset in PRESETS]
TOLERANCE = 0.08
BASELINE = (Path(scenario_dir()) / "baseline.toml").read_text(encoding="utf-8")
SHIPPED_TEXT = PRESETS_PATH.read_text(encoding="utf-8")


# --- the shipped presets -----------------------------------------------------------------------


def test_the_outcomes_are_the_models_failure_reasons():
    from sim.model.events import FAILURE_REASONS

    assert preset_module.FAILURE_REASONS == FAILURE_REASONS
    assert OUTCOMES == ("success", *FAILURE_REASONS)


def test_the_shipped_presets_cover_the_training_cases():
    by_key = {preset.key: preset for preset in PRESETS}
    assert len(by_key) == len(PRESETS) >= 5
    off = {"rules": 0.0, "coordinator": 0.0, "trust_investment_months": 0}
    bare = by_key["azon_zonder_hefbomen"]
    assert bare.scenario == "azon" and bare.expected != "success"
    assert preset_scenario(bare).levers.growth == "all_at_once"
    assert all(getattr(preset_scenario(bare).levers, name) == 0 for name in off)
    core = preset_scenario(by_key["azon_kopgroep_coordinator"]).levers
    assert by_key["azon_kopgroep_coordinator"].expected == "success"
    assert core.growth == "core_group" and core.coordinator > 0
    assert core.rules == 0 and core.trust_investment_months == 0
    source = by_key["azon_zoals_in_de_bron"]
    assert source.levers == {} and source.expected == "success"
    assert preset_scenario(source) == sim.load_scenario("azon")
    ad_hoc = by_key["baseline_ad_hoc"]
    assert ad_hoc.scenario == "baseline" and ad_hoc.levers == {} and ad_hoc.expected != "success"
    assert {"council_rejection", "exit_during_execution"} <= {p.expected for p in PRESETS}


@pytest.mark.parametrize("key", KEYS)
def test_every_preset_gives_its_expected_outcome(key):
    preset = get_preset(key)
    outcome = run_preset(preset)
    assert outcome_name(outcome) == preset.expected
    if preset.expected_months_to_agreement is not None:
        assert outcome["months_to_agreement"] == preset.expected_months_to_agreement


def test_a_preset_run_is_the_runs_of_sim_run_and_the_command_line(capsys):
    preset = get_preset("eindhoven_zonder_spelregels")
    result = sim.run(preset_scenario(preset), seed=preset.seed)
    assert result.outcome == run_preset(preset)
    argv = ["run", preset.scenario, "--seed", str(preset.seed), "--json"]
    for name, value in preset.levers.items():
        argv += ["--set", f"levers.{name}={value}"]
    assert main(argv) == 0
    assert f'"failure_reason": "{preset.expected}"' in capsys.readouterr().out


CHUNK = 25


def _count(task):
    preset, start = task
    return preset.key, successes(preset, range(start, start + CHUNK)), time.process_time()


@pytest.fixture(scope="module")
def rates():
    """Every preset's success rate over its 200 replications (the runs of `sim.replicate`,
    root seed 0), counted in parts of 25 replications spread over worker processes (from a fork
    server that has imported the model); with the wall time it took."""
    tasks = [(preset, start) for preset in PRESETS for start in range(0, 200, CHUNK)]
    workers = max(1, min(len(tasks), os.cpu_count() or 1))
    started = time.perf_counter()
    if workers == 1:
        found = [_count(task) for task in tasks]
    else:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["sim.runner", "sim.presets"])
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            found = list(pool.map(_count, tasks))
    elapsed = time.perf_counter() - started
    counts: dict[str, int] = {}
    for key, count, _ in found:
        counts[key] = counts.get(key, 0) + count
    rates = {key: count / 200 for key, count in counts.items()}
    print(
        f"\nsuccess rates of {len(PRESETS)} presets x 200 runs on {workers} workers: "
        f"{elapsed:.1f} s wall; " + ", ".join(f"{key} {rate:.3f}" for key, rate in rates.items())
    )
    return rates, elapsed


def test_counting_in_parts_gives_the_runs_of_sim_replicate():
    preset = get_preset("eindhoven_5g")
    runs = sim.replicate(preset_scenario(preset), 30, seed=0)
    assert successes(preset, range(30)) == int(runs["success"].sum())
    assert successes(preset, range(10)) + successes(preset, range(10, 30)) == runs["success"].sum()
    assert success_rate(preset, 30) == runs["success"].mean()


@pytest.mark.parametrize("key", KEYS)
def test_every_presets_success_rate_over_200_runs_holds(rates, key):
    preset = get_preset(key)
    found, _ = rates
    assert abs(found[key] - preset.success_rate_200) <= TOLERANCE, (found[key], preset)


def test_the_rate_check_runs_200_per_preset_and_no_more(rates):
    """The presets' count x 200 runs, about 75 s of CPU in all on a busy 2-core machine, in
    parts spread over the cores (the wall time is printed with -s)."""
    assert sorted(rates[0]) == sorted(KEYS)
    assert preset_module.RATE_REPLICATIONS == 200


def test_importing_presets_loads_no_mesa():
    code = (
        "import sys, sim.presets\n"
        "sim.presets.load_presets()\n"
        "print([m for m in ('mesa', 'pandas', 'sim.model', 'sim.runner') if m in sys.modules])"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"


# --- malformed presets files --------------------------------------------------------------------

ONE = """[[presets]]
key = "one"
title_nl = "Een"
title_en = "One"
description_nl = "Een run."
description_en = "A run."
success_rate_200 = 0.3
scenario = "baseline"
levers = { rules = 1.0 }
seed = 2
expected = "success"
expected_months_to_agreement = 23
"""


def without(field: str) -> str:
    lines = [line for line in ONE.splitlines() if not line.startswith(f"{field} =")]
    assert len(lines) == len(ONE.splitlines()) - 1, field
    return "\n".join(lines) + "\n"


def setting(field: str, value: str) -> str:
    return without(field) + f"{field} = {value}\n"


P = pytest.param
BAD_PRESETS = [
    P(without("seed"), "presets.0.seed", "Field required", id="missing-seed"),
    P(without("expected"), "presets.0.expected", "Field required", id="missing-expected"),
    P(without("scenario"), "presets.0.scenario", "Field required", id="missing-scenario"),
    P(without("levers"), "presets.0.levers", "Field required", id="missing-levers"),
    P(without("title_nl"), "presets.0.title_nl", "Field required", id="missing-title"),
    P(
        without("success_rate_200"),
        "presets.0.success_rate_200",
        "Field required",
        id="missing-rate",
    ),
    P(
        setting("scenario", '"atlantis"'),
        "presets.0.scenario",
        "unknown scenario; must be a shipped scenario name (",
        id="unknown-scenario",
    ),
    P(
        setting("scenario", '"../baseline"'),
        "presets.0.scenario",
        "unknown scenario",
        id="scenario-path",
    ),
    P(
        setting("expected", '"triumph"'),
        "presets.0.expected",
        "must be 'success' or a failure reason (too_few_willing, no_zone_of_agreement",
        id="unknown-outcome",
    ),
    P(setting("expected", "true"), "presets.0.expected", "valid string", id="outcome-bool"),
    P(setting("seed", '"2"'), "presets.0.seed", "valid integer", id="seed-string"),
    P(setting("seed", "2.5"), "presets.0.seed", "valid integer", id="seed-float"),
    P(setting("seed", "-1"), "presets.0.seed", "greater than or equal to 0", id="seed-negative"),
    P(
        setting("success_rate_200", "1.5"),
        "presets.0.success_rate_200",
        "less than or equal to 1",
        id="rate-above-1",
    ),
    P(
        setting("expected_months_to_agreement", "0"),
        "presets.0.expected_months_to_agreement",
        "greater than or equal to 1",
        id="months-0",
    ),
    P(
        setting("expected", '"deadline"'),
        "presets.0",
        "expected_months_to_agreement: a run that ends in 'deadline' reaches no agreement",
        id="months-without-agreement",
    ),
    P(setting("levers", "3"), "presets.0.levers", "valid dictionary", id="levers-number"),
    P(
        setting("levers", "{ rules = 2 }"),
        "presets.0.levers.rules",
        "less than or equal to 1",
        id="lever-out-of-range",
    ),
    P(
        setting("levers", "{ warp = 1 }"),
        "presets.0.levers.warp",
        "unknown key (allowed here: ",
        id="lever-unknown",
    ),
    P(
        setting("levers", '{ growth = "sideways" }'),
        "presets.0.levers.growth",
        "'all_at_once' or 'core_group'",
        id="lever-growth",
    ),
    P(
        setting("title_en", '"two\\nlines"'),
        "presets.0.title_en",
        "control characters",
        id="title-newline",
    ),
    P(setting("key", '"Has Space"'), "presets.0.key", "should match pattern", id="key-pattern"),
    P(ONE + "colour = 1\n", "presets.0.colour", "unknown key (allowed here: ", id="unknown-field"),
    P(ONE + "\n" + ONE, "presets", "keys must be unique, 'one' occurs twice", id="duplicate-key"),
    P("", "presets", "Field required", id="empty-file"),
    P("presets = []\n", "presets", "at least 1 item", id="no-presets"),
]


@pytest.mark.parametrize(("text", "field", "message"), BAD_PRESETS)
def test_a_malformed_presets_file_names_the_file_and_the_field(tmp_path, text, field, message):
    path = tmp_path / "presets.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(sim.ScenarioError) as raised:
        load_presets(path)
    error = str(raised.value)
    assert error.startswith(f"{path}: field '{field}': "), error
    assert message in error, error
    assert len(error.splitlines()) == 1, error
    assert "Traceback" not in error


def test_the_well_formed_sample_loads(tmp_path):
    path = tmp_path / "presets.toml"
    path.write_text(ONE, encoding="utf-8")
    (preset,) = load_presets(path)
    assert preset.levers == {"rules": 1.0} and preset.expected_months_to_agreement == 23
    assert preset.title("nl") == "Een" and preset.description("en") == "A run."
    assert outcome_name(run_preset(preset)) == "success"


def test_a_missing_or_broken_presets_file_is_named(tmp_path):
    with pytest.raises(sim.ScenarioError, match=r"gone\.toml: no such presets file"):
        load_presets(tmp_path / "gone.toml")
    path = tmp_path / "broken.toml"
    path.write_text("[[presets]\n", encoding="utf-8")
    with pytest.raises(sim.ScenarioError, match=r"broken\.toml: not valid TOML"):
        load_presets(path)
    with pytest.raises(sim.ScenarioError, match="no such preset .*azon_zoals_in_de_bron"):
        get_preset("atlantis")


def test_the_presets_file_is_not_taken_for_a_scenario():
    assert "presets" not in sim.scenario_names()
    assert PRESETS_PATH.parent.parent == Path(scenario_dir())
    assert "[[presets]]" in SHIPPED_TEXT


# --- pole labels ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sim.scenario_names())
def test_every_shipped_scenario_labels_both_poles_of_every_issue(name):
    scenario = sim.load_scenario(name)
    for issue in scenario.issues:
        for label in (issue.low_label, issue.high_label):
            assert label.strip() and len(label) <= 60, (name, issue.key, label)
        assert issue.low_label != issue.high_label, (name, issue.key)


def test_the_default_issues_have_english_pole_labels():
    issues = sim.Scenario.model_fields["issues"].default_factory()
    labels = {issue.key: (issue.low_label, issue.high_label) for issue in issues}
    assert labels["cost_share"] == ("Corporates pay it all", "Municipalities pay it all")
    assert all(low and high for low, high in labels.values())


def test_a_scenario_without_pole_labels_still_loads():
    text = BASELINE + '\n[[issues]]\nkey = "cost"\nlabel = "Cost"\n'
    import tomllib

    scenario = sim.load_scenario(tomllib.loads(text))
    (issue,) = scenario.issues
    assert issue.low_label == "" and issue.high_label == ""
    named = sim.load_scenario(tomllib.loads(text + 'low_label = "Cheap"\nhigh_label = "Dear"\n'))
    assert (named.issues[0].low_label, named.issues[0].high_label) == ("Cheap", "Dear")


def test_pole_labels_are_data_only():
    """The same issues with and without pole labels give the same runs."""
    labelled = sim.load_scenario("azon")
    raw = labelled.model_dump()
    for issue in raw["issues"]:
        issue["low_label"] = issue["high_label"] = ""
    bare = sim.load_scenario(raw)
    assert bare != labelled
    for seed in range(3):
        sequence = np.random.SeedSequence(seed)
        assert run_outcome(bare, sequence) == run_outcome(labelled, sequence)


def _issue(extra: str) -> str:
    return BASELINE + f'\n[[issues]]\nkey = "cost"\nlabel = "Cost"\n{extra}\n'


BAD_POLE_LABELS = (
    [
        P(_issue(f'{field} = "{"x" * 61}"'), field, "at most 60 characters", id=f"{field}-61")
        for field in ("low_label", "high_label")
    ]
    + [
        P(_issue(f"low_label = {value}"), "low_label", "valid string", id=f"low_label-{name}")
        for name, value in (("number", "3"), ("bool", "true"), ("array", '["a"]'), ("table", "{}"))
    ]
    + [
        P(_issue(f"high_label = {value}"), "high_label", "valid string", id=f"high_label-{name}")
        for name, value in (("number", "0.5"), ("array", "[]"))
    ]
    + [
        P(_issue(f'{field} = "{text}"'), field, "control characters", id=f"{field}-{name}")
        for field in ("low_label", "high_label")
        for name, text in (
            ("newline", "two\\nlines"),
            ("ansi", "\\u001b[1mbold"),
            ("tab", "a\\tb"),
            ("bidi", "\\u202eevil"),
            ("nul", "a\\u0000b"),
        )
    ]
)


@pytest.mark.parametrize(("text", "field", "message"), BAD_POLE_LABELS)
def test_bad_pole_labels_are_refused(tmp_path, capsys, text, field, message):
    """Corpus cases for the new fields, as `tests/test_corpus.py` checks scenario files: exit
    code 2, one line naming the file and the field, no traceback, nothing written."""
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out.txt"
    code = main(["run", str(path), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 2, (code, captured.out, captured.err)
    assert captured.out == "" and not out.exists()
    error = captured.err
    assert error.startswith("partnersim: error: ") and "Traceback" not in error
    assert len(error.strip().splitlines()) == 1, error
    assert str(path) in error and f"'issues.0.{field}'" in error and message in error, error
    with pytest.raises(sim.ScenarioError, match=rf"issues\.0\.{field}"):
        sim.load_scenario(path)


def test_an_unknown_pole_field_lists_the_pole_labels(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(_issue('low = "Cheap"'), encoding="utf-8")
    with pytest.raises(sim.ScenarioError, match="'issues.0.low': unknown key") as raised:
        sim.load_scenario(path)
    assert "high_label" in str(raised.value) and "low_label" in str(raised.value)
