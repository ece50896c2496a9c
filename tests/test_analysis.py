"""Statistics of a sweep against known values; sensitivity indices against a known answer;
the export to EMA Workbench."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import fisher_exact

import sim
from sim.experiments.design import Experiment
from sim.experiments.report import ema_form
from sim.experiments.statistics import (
    comparisons,
    logistic_regression,
    newcombe_difference,
    sensitivity,
    summarise,
)


def test_newcombe_interval_against_the_published_example():
    """Newcombe (1998), method 10: 56/70 vs 48/80 -> 0.2000 (0.0524 to 0.3339)."""
    difference, low, high = newcombe_difference(56, 70, 48, 80)
    assert (round(difference, 4), round(low, 4), round(high, 4)) == (0.2, 0.0524, 0.3339)


def runs_of(cells: list[tuple[str, float, int, int]]) -> pd.DataFrame:
    """Synthetic runs: per cell (scenario, rules, successes, n); failures are deadlines."""
    rows = []
    for cell, (scenario, rules, successes, n) in enumerate(cells):
        for replication in range(n):
            success = replication < successes
            rows.append(
                {
                    "cell": cell,
                    "scenario": scenario,
                    "levers.rules": rules,
                    "replication": replication,
                    "success": success,
                    "months_to_agreement": 10.0 + cell if success else np.nan,
                    "failure_reason": None if success else "deadline",
                    "error": None,
                }
            )
    return pd.DataFrame(rows)


def test_summary_and_comparison_against_known_values():
    runs = runs_of([("baseline", 0.0, 3, 4), ("baseline", 1.0, 1, 4), ("baseline", 0.5, 37, 50)])
    summary = summarise(runs, ["levers.rules"])
    assert summary["n"].tolist() == [4, 4, 50] and summary["successes"].tolist() == [3, 1, 37]
    assert summary["deadline"].tolist() == [1, 3, 13]
    assert summary["median_months_to_agreement"].tolist() == [10.0, 11.0, 12.0]
    # Wilson 95% interval of 37 of 50
    assert (round(summary.loc[2, "ci_low"], 2), round(summary.loc[2, "ci_high"], 2)) == (0.6, 0.84)
    assert summarise(runs).equals(summary)  # the factors are read off the table of runs
    compared = comparisons(summary)
    # Fisher's tea-tasting table: 3 of 4 against 1 of 4, p = 0.4857 two-sided
    assert round(compared.loc[1, "fisher_p"], 4) == 0.4857
    assert compared.loc[0, "difference"] == 0 and compared.loc[0, "fisher_p"] == 1
    assert compared.loc[2, "fisher_p"] == pytest.approx(fisher_exact([[37, 13], [3, 1]])[1])


def test_logistic_regression_recovers_a_known_odds_ratio():
    # odds 1:1 without rules, 3:1 with them: odds ratio 3
    runs = runs_of([("baseline", 0.0, 200, 400), ("baseline", 1.0, 300, 400)])
    table = logistic_regression(runs, ["levers.rules"])
    assert table.loc["levers.rules", "odds_ratio"] == pytest.approx(3.0)
    assert table.loc["levers.rules", "ci_low"] < 3.0 < table.loc["levers.rules", "ci_high"]
    assert table.loc["Intercept", "odds_ratio"] == pytest.approx(1.0)


def test_logistic_regression_under_perfect_separation_says_so():
    runs = runs_of([("baseline", 0.0, 0, 30), ("baseline", 1.0, 30, 30)])
    result = logistic_regression(runs, ["levers.rules"])
    assert isinstance(result, str) and result.startswith("not estimable")
    assert logistic_regression(runs_of([("baseline", 0.0, 5, 5)]), ["levers.rules"]).startswith(
        "not estimable"
    )


@pytest.mark.parametrize("design", ["sobol", "morris"])
def test_sensitivity_finds_the_factor_that_matters_above_the_dummy(design):
    """Success rate = conflict exactly, months = 10 + 20 x deadline share: each outcome
    depends on one factor only; the dummy and the other factor stay at the floor."""
    experiment = Experiment(
        name="s",
        scenarios=["baseline"],
        design=design,
        samples=64 if design == "sobol" else 20,
        seed=2,
        factors={
            "conflict": {"low": 0.0, "high": 1.0},
            "reservation": {"low": 0.0, "high": 1.0},
        },
    )
    points = experiment.design_points()
    summary = pd.DataFrame(
        {"cell": range(len(points)), "success_rate": [p["conflict"] for p in points]}
    )
    runs = pd.DataFrame(
        {
            "cell": range(len(points)),
            "months_to_agreement": [10 + 20 * p["reservation"] for p in points],
            "error": None,
        }
    )
    indices = sensitivity(summary, runs, experiment).set_index(["outcome", "factor"])
    column = "ST" if design == "sobol" else "mu_star"
    success = indices.loc["success_rate", column]
    assert success["conflict"] > 0.8 * success.max()
    assert success["dummy"] < 0.05 * success["conflict"]
    assert success["reservation"] < 0.05 * success["conflict"]
    months = indices.loc["months_to_agreement", column]
    assert months.idxmax() == "reservation" and months["dummy"] < 0.05 * months["reservation"]


def test_sensitivity_report_of_a_small_sobol_sweep(tmp_path):
    experiment = Experiment(
        name="sobol",
        scenarios=["baseline"],
        design="sobol",
        samples=4,
        replications=3,
        seed=1,
        batch_size=3,
        factors={"levers.rules": {"low": 0.0, "high": 1.0}},
    )
    sim.sweep(experiment, out=tmp_path / "s", workers=1)
    report = (tmp_path / "s" / "report.md").read_text()
    assert "## Sensitivity indices" in report and "| baseline | success_rate | dummy |" in report
    indices = pd.read_csv(tmp_path / "s" / "sensitivity.csv")
    assert set(indices["factor"].dropna()) <= {"levers.rules", "dummy"}


def test_ema_workbench_prim_finds_the_box_of_success(tmp_path):
    pytest.importorskip("ema_workbench")
    from ema_workbench.analysis import prim

    experiment = Experiment(
        name="discovery",
        scenarios=["baseline"],
        design="latin_hypercube",
        samples=24,
        replications=8,
        seed=3,
        batch_size=8,
        factors={
            "levers.rules": {"low": 0.0, "high": 1.0},
            "reservation": {"low": 0.2, "high": 0.9},
        },
    )
    runs = sim.sweep(experiment, out=tmp_path / "d", workers=1)
    experiments, outcomes = ema_form(runs, list(experiment.factors))
    assert len(experiments) == len(outcomes["success"]) == 24 * 8
    assert set(experiments.columns) >= {"levers.rules", "reservation", "base_scenario", "scenario"}
    box = prim.Prim(experiments, outcomes["success"], peel_alpha=0.1).find_box()
    assert box is not None
    assert box.density >= outcomes["success"].mean()  # the box is richer in success than all
