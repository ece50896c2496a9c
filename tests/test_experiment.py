"""Experiment files: designs in a fixed order from one seed, and clear errors for bad files."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import sim
from sim.cli import main
from sim.experiments.design import DUMMY, Experiment, cells, load_experiment, seed_keys

EXPERIMENTS = Path(sim.__file__).parent.parent / "experiments"


def experiment(**fields) -> Experiment:
    return Experiment.model_validate({"name": "t", "scenarios": ["baseline"], **fields})


def test_the_headline_experiment():
    levers, _ = load_experiment(EXPERIMENTS / "levers.toml")
    assert levers.scenarios == ["baseline", "azon"] and levers.replications == 1000
    assert levers.design == "full_factorial" and levers.common_random_numbers
    points = levers.design_points()
    assert len(points) == 16 and len({tuple(p.values()) for p in points}) == 16
    assert set(levers.factors["levers.growth"]) == {"all_at_once", "core_group"}


def test_one_at_a_time_varies_one_factor_from_the_base():
    oat = experiment(
        design="one_at_a_time",
        factors={"levers.rules": [0.0, 1.0], "conflict": [0.3, 0.5, 0.7]},
    )
    points = oat.design_points()
    assert points[0] == {"levers.rules": 0.0, "conflict": 0.3} and len(points) == 1 + 1 + 2
    assert all(sum(p[k] != points[0][k] for k in p) == 1 for p in points[1:])


@pytest.mark.parametrize(
    ("design", "samples", "points"),
    [("latin_hypercube", 10, 10), ("sobol", 8, 8 * (2 + 1 + 2)), ("morris", 4, 4 * (2 + 1 + 1))],
)
def test_sampled_designs_stay_in_range_and_repeat_from_the_seed(design, samples, points):
    factors = {
        "conflict": {"low": 0.2, "high": 0.8},
        "levers.trust_investment_months": {"low": 0, "high": 12, "integer": True},
    }
    first = experiment(design=design, samples=samples, seed=4, factors=factors)
    again = experiment(design=design, samples=samples, seed=4, factors=factors)
    drawn = first.design_points()
    assert len(drawn) == points and drawn == again.design_points()
    assert all(0.2 <= p["conflict"] <= 0.8 for p in drawn)
    assert all(isinstance(p["levers.trust_investment_months"], int) for p in drawn)
    assert all(DUMMY not in p for p in drawn)
    assert (DUMMY in first.problem()["names"]) == (design in ("sobol", "morris"))
    assert (
        drawn != experiment(design=design, samples=samples, seed=5, factors=factors).design_points()
    )


def test_seed_keys():
    levels = {"levers.rules": [0.0, 1.0]}
    assert [c["seed_key"] for c in cells(experiment(factors=levels))] == [(), ()]
    crn_off = experiment(factors=levels, common_random_numbers=False)
    assert [c["seed_key"] for c in cells(crn_off)] == [(0,), (1,)]
    sobol = experiment(design="sobol", samples=4, factors={"conflict": {"low": 0, "high": 1}})
    keys = seed_keys(sobol)
    dummy = sobol.sample_matrix()[:, -1]
    # points share random numbers exactly when their dummy values are equal
    for i in range(len(keys)):
        for j in range(len(keys)):
            assert (keys[i] == keys[j]) == (dummy[i] == dummy[j])


def test_spec_hash_follows_the_spec():
    assert experiment().spec_hash == experiment().spec_hash
    assert experiment().spec_hash != experiment(replications=101).spec_hash


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("scenarios = ['baseline']\nreplications = 0\n", "field 'replications'"),
        ("scenarios = ['baseline']\ncolour = 1\n", "field 'colour': unknown key (allowed here:"),
        ("scenarios = ['baseline']\n[series]\nkep = 1\n", "field 'series.kep': unknown key"),
        ("scenarios = ['baseline']\ndesign = 'magic'\n", "'sobol' or 'morris', got 'magic'"),
        ("scenarios = ['nowhere']\n", "field 'scenarios'"),
        ("scenarios = ['baseline']\n[factors]\n'levers.rules' = [0.0, 3.0]\n", "levers.rules"),
        ("scenarios = ['baseline']\n[factors]\n'levers.rules' = []\n", "at least one"),
        ("scenarios = ['baseline']\n[factors]\ncolour = [1, 2]\n", "colour"),
        (
            "scenarios = ['baseline']\ndesign = 'sobol'\n[factors]\nconflict = [0.1]\n",
            "sobol needs a range",
        ),
        (
            "scenarios = ['baseline']\n[factors]\nconflict = {low = 0.1, high = 0.9}\n",
            "full_factorial needs a list of levels",
        ),
        (
            "scenarios = ['baseline']\ndesign = 'sobol'\nsamples = 6\n"
            "[factors]\nconflict = {low = 0.1, high = 0.9}\n",
            "power of 2",
        ),
        (
            "scenarios = ['baseline']\ndesign = 'morris'\n"
            "[factors]\nconflict = {low = 0.9, high = 0.1}\n",
            "must be below high",
        ),
        ("scenarios = ['baseline'\n", "not valid TOML"),
        ("scenarios = ['baseline']\nseed = nan\n", "finite"),
    ],
)
def test_bad_experiment_files_exit_2_naming_file_and_field(tmp_path, capsys, text, expected):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    assert main(["sweep", str(path), "--out", str(tmp_path / "o")]) == 2
    error = capsys.readouterr().err
    assert str(path) in error and expected in error
    assert not (tmp_path / "o").exists()


def test_bad_file_from_the_shell_has_no_traceback(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("scenarios = ['baseline']\ncolour = 1\n")
    result = subprocess.run(
        [sys.executable, "-m", "sim.cli", "sweep", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"partnersim: error: {path}: field 'colour'")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--workers", "0"], "--workers"),
        (["--replications", "0"], "--replications"),
        (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler: only with --engine dask"),
        (["--target-halfwidth", "0.7"], "target_halfwidth"),
    ],
)
def test_bad_options_exit_2(tmp_path, capsys, args, expected):
    assert main(["sweep", str(EXPERIMENTS / "smoke.toml"), "--out", str(tmp_path), *args]) == 2
    assert expected in capsys.readouterr().err


def test_missing_experiment_file(tmp_path, capsys):
    assert main(["sweep", str(tmp_path / "absent.toml")]) == 2
    assert "no such experiment file" in capsys.readouterr().err


def test_dry_run_counts_the_runs_and_writes_nothing(tmp_path, capsys):
    assert (
        main(["sweep", str(EXPERIMENTS / "smoke.toml"), "--dry-run", "--out", str(tmp_path / "d")])
        == 0
    )
    out = capsys.readouterr().out
    assert "4 cells x 20 replications = 80 runs" in out and "about" in out
    assert not (tmp_path / "d").exists()


def test_sample_matrix_is_what_salib_draws():
    from SALib.sample import sobol

    sampled = experiment(
        design="sobol", samples=8, seed=9, factors={"conflict": {"low": 0.0, "high": 1.0}}
    )
    expected = sobol.sample(sampled.problem(), 8, calc_second_order=False, seed=9)
    np.testing.assert_array_equal(sampled.sample_matrix(), expected)
