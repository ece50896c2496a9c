"""Statistics of runs: per-cell summaries, comparisons, regression and sensitivity indices.

Per cell: n, successes, the success rate with its Wilson 95% interval (`sim.metrics`), median
months to agreement and the failure reasons counted. Against the base cell: the difference in
success rate with Newcombe's hybrid score interval (Newcombe 1998, method 10) and Fisher's
exact p-value. A logistic regression of success on the factors and their pairwise interactions
(statsmodels), as odds ratios with 95% intervals. For Sobol and Morris designs, SALib's indices
with the dummy factor as the noise floor.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from sim.experiments.design import Experiment
from sim.metrics import wilson_interval
from sim.model import FAILURE_REASONS


def factor_names(runs: pd.DataFrame, manifest: dict) -> list[str]:
    return [name for name in manifest["experiment"]["factors"] if name in runs.columns]


def run_factors(runs: pd.DataFrame) -> list[str]:
    """The factor columns of a table of runs: those between `scenario` and `replication`, as
    `run_batch` writes them."""
    columns = list(runs.columns)
    if "scenario" in columns and "replication" in columns:
        return columns[columns.index("scenario") + 1 : columns.index("replication")]
    return []


def summarise(runs: pd.DataFrame, factors: list[str] | None = None) -> pd.DataFrame:
    """One row per cell: the cell's settings, n, successes, Wilson interval, months, reasons.

    Takes the runs of a sweep (`sweep`, `load_results`; factors are read off the table when not
    given) or of `replicate` (one row per scenario). Runs that raised are left out."""
    if factors is None:
        factors = run_factors(runs)
    if "cell" not in runs.columns:
        runs = runs.assign(cell=pd.factorize(runs["scenario"])[0])
    if "error" not in runs.columns:
        runs = runs.assign(error=None)
    valid = runs[runs["error"].isna()]
    rows = []
    for cell, group in valid.groupby("cell", sort=True):
        n, successes = len(group), int(group["success"].sum())
        low, high = wilson_interval(successes, n)
        months = group["months_to_agreement"].dropna()
        reasons = group["failure_reason"].value_counts()
        rows.append(
            {
                "cell": cell,
                "scenario": group["scenario"].iloc[0],
                **{name: group[name].iloc[0] for name in factors},
                "n": n,
                "successes": successes,
                "success_rate": successes / n,
                "ci_low": low,
                "ci_high": high,
                "median_months_to_agreement": float(months.median()) if len(months) else np.nan,
                **{reason: int(reasons.get(reason, 0)) for reason in FAILURE_REASONS},
            }
        )
    return pd.DataFrame(rows)


def success_table(summary: pd.DataFrame, factors: list[str]) -> pd.DataFrame:
    """The summary as a reader's table: a row per factor setting, a column per base scenario,
    each entry the success rate with its Wilson 95% interval."""
    shown = summary.assign(
        success=[
            f"{rate:.1%} ({low:.1%}-{high:.1%})"
            for rate, low, high in zip(
                summary["success_rate"], summary["ci_low"], summary["ci_high"], strict=True
            )
        ]
    )
    if not factors:
        return shown.set_index("scenario")[["success"]].T.reset_index(drop=True)
    scenarios = list(dict.fromkeys(shown["scenario"]))
    table = shown.pivot_table(
        index=factors, columns="scenario", values="success", aggfunc="first", sort=False
    )
    table = table[scenarios].reset_index().rename_axis(columns=None)
    short = {name: name.split(".")[-1] for name in factors}
    if len(set(short.values())) == len(short):  # levers.rules -> rules, when still unambiguous
        table = table.rename(columns=short)
    return table


def newcombe_difference(s1: int, n1: int, s0: int, n0: int) -> tuple[float, float, float]:
    """p1 - p0 with Newcombe's hybrid score 95% interval."""
    p1, p0 = s1 / n1, s0 / n0
    l1, u1 = wilson_interval(s1, n1)
    l0, u0 = wilson_interval(s0, n0)
    difference = p1 - p0
    low = difference - math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2)
    high = difference + math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)
    return difference, low, high


def comparisons(summary: pd.DataFrame) -> pd.DataFrame:
    """Every cell against the base cell (cell 0)."""
    from scipy.stats import fisher_exact

    base = summary.iloc[0]
    rows = []
    for _, row in summary.iterrows():
        difference, low, high = newcombe_difference(
            int(row["successes"]), int(row["n"]), int(base["successes"]), int(base["n"])
        )
        table = [
            [row["successes"], row["n"] - row["successes"]],
            [base["successes"], base["n"] - base["successes"]],
        ]
        rows.append(
            {
                "cell": row["cell"],
                "difference": difference,
                "diff_low": low,
                "diff_high": high,
                "fisher_p": float(fisher_exact(table)[1]),
            }
        )
    return pd.DataFrame(rows)


def logistic_regression(runs: pd.DataFrame, factors: list[str]) -> pd.DataFrame | str:
    """Odds ratios of success for the factors (and scenario) and their pairwise interactions."""
    import statsmodels.formula.api as smf
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    data = runs[runs["error"].isna()].copy()
    data["success"] = data["success"].astype(int)
    terms = []
    for position, name in enumerate(factors):
        column = f"f{position}"
        data[column] = data[name].astype(str) if data[name].dtype == object else data[name]
        terms.append(f"C({column})" if data[column].dtype == object else column)
    if data["scenario"].nunique() > 1:
        terms.append("C(scenario)")
    if not terms or data["success"].nunique() < 2:
        return "not estimable: no factors or no variation in success"
    formula = "success ~ (" + " + ".join(terms) + ")**2"  # main effects and pairwise interactions
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fit = smf.logit(formula, data).fit(disp=False, maxiter=200)
    except Exception as error:  # noqa: BLE001 - separation and singular designs happen
        return f"not estimable: {type(error).__name__}: {error}"
    if any(issubclass(w.category, PerfectSeparationWarning) for w in caught):
        return (
            "not estimable: perfect separation (some factor settings always or never "
            "succeed); read the per-cell table instead"
        )
    if not fit.mle_retvals.get("converged", True):
        return "not estimable: the maximum likelihood fit did not converge"
    intervals = np.exp(fit.conf_int())
    table = pd.DataFrame(
        {
            "odds_ratio": np.exp(fit.params),
            "ci_low": intervals[0],
            "ci_high": intervals[1],
            "p": fit.pvalues,
        }
    )
    names = {f"f{i}": name for i, name in enumerate(factors)}
    table.index = [_rename(term, names) for term in table.index]
    return table


def _rename(term: str, names: dict[str, str]) -> str:
    for short in sorted(names, key=len, reverse=True):
        term = term.replace(short, names[short])
    return term


def sensitivity(summary: pd.DataFrame, runs: pd.DataFrame, experiment: Experiment) -> pd.DataFrame:
    """SALib indices per base scenario of the success rate and of the mean months to agreement
    of each design point (averaged over its replications): Sobol first-order and total with
    95% intervals, or Morris mu* (with its interval) and sigma. The dummy factor's row is the
    noise floor: a factor whose index does not clear it has no detectable effect."""
    from SALib.analyze import morris, sobol

    problem = experiment.problem()
    design = experiment.sample_matrix()
    points = len(design)
    months = runs[runs["error"].isna()].groupby("cell")["months_to_agreement"].mean()
    cells = np.arange(len(experiment.scenarios) * points)
    outcomes = {
        "success_rate": summary.set_index("cell")["success_rate"].reindex(cells).to_numpy(),
        "months_to_agreement": months.reindex(cells).to_numpy(dtype=float),
    }
    rows = []
    for position, scenario in enumerate(experiment.scenarios):
        for outcome, values in outcomes.items():
            y = values[position * points : (position + 1) * points]
            if np.isnan(y).any():
                rows.append(
                    {
                        "scenario": scenario,
                        "outcome": outcome,
                        "factor": None,
                        "note": f"not estimable: {int(np.isnan(y).sum())} design points "
                        "without a value",
                    }
                )
                continue
            if experiment.design == "sobol":
                indices = sobol.analyze(problem, y, calc_second_order=False, seed=experiment.seed)
                columns = ("S1", "S1_conf", "ST", "ST_conf")
            else:
                indices = morris.analyze(problem, design, y, seed=experiment.seed)
                columns = ("mu_star", "mu_star_conf", "sigma")
            for number, factor in enumerate(problem["names"]):
                rows.append(
                    {
                        "scenario": scenario,
                        "outcome": outcome,
                        "factor": factor,
                        **{column: float(indices[column][number]) for column in columns},
                    }
                )
    return pd.DataFrame(rows)
