"""Tables, statistics and figures of a sweep, rebuilt from the stored runs alone.

Per cell: n, successes, the success rate with its Wilson 95% interval, median months to
agreement and the failure reasons counted (`summary.csv`). Against the base cell: the
difference in success rate with Newcombe's hybrid score interval (Newcombe 1998, method 10) and
Fisher's exact p-value; and a logistic regression of success on the factors and their pairwise
interactions (statsmodels), as odds ratios with 95% intervals (`report.md`). For Sobol and
Morris designs, SALib's indices of the success rate and of months to agreement, with the dummy
factor as the noise floor (`sensitivity.csv`). Figures as PNG and SVG. And the runs in EMA
Workbench's `(experiments, outcomes)` form for scenario discovery (PRIM, CART).
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure  # no pyplot: the caller's (notebook's) backend stays as is
from scipy.stats import fisher_exact

from sim.experiment import SENSITIVITY_DESIGNS, Experiment
from sim.metrics import wilson_interval
from sim.model import FAILURE_REASONS
from sim.sweep import MANIFEST, SERIES_DIR, load_results


def factor_names(runs: pd.DataFrame, manifest: dict) -> list[str]:
    return [name for name in manifest["experiment"]["factors"] if name in runs.columns]


def run_factors(runs: pd.DataFrame) -> list[str]:
    """The factor columns of a table of runs: those between `scenario` and `replication`, as
    `run_batch` writes them."""
    columns = list(runs.columns)
    if "scenario" in columns and "replication" in columns:
        return columns[columns.index("scenario") + 1 : columns.index("replication")]
    return []


def summarise_runs(runs: pd.DataFrame, factors: list[str] | None = None) -> pd.DataFrame:
    """One row per cell: the cell's settings, n, successes, Wilson interval, months, reasons.

    Takes the runs of a sweep (`sweep`, `load_results`; factors are read off the table when not
    given) or of `replicate` (one row per scenario)."""
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


def figures(summary: pd.DataFrame, directory: Path, label: np.ndarray) -> list[Path]:
    written = []
    height = max(3.0, 0.28 * len(summary) + 1.2)
    figure = Figure(figsize=(8, height))
    axis = figure.subplots()
    y = np.arange(len(summary))
    rate = summary["success_rate"].to_numpy()
    axis.errorbar(
        rate,
        y,
        xerr=np.clip([rate - summary["ci_low"], summary["ci_high"] - rate], 0, None),
        fmt="o",
        color="#1f5a93",
        capsize=3,
    )
    axis.grid(axis="x", alpha=0.3)
    written += _finish(
        figure, axis, y, label, "success rate (Wilson 95% interval)", directory / "success_rate"
    )
    figure = Figure(figsize=(8, height))
    axis = figure.subplots()
    left = np.zeros(len(summary))
    colours = ["#8c564b", "#ff7f0e", "#9467bd", "#d62728"]
    for reason, colour in zip(FAILURE_REASONS, colours, strict=True):
        share = summary[reason] / summary["n"]
        axis.barh(y, share, left=left, color=colour, label=reason)
        left += share
    axis.legend(loc="lower right", fontsize=7)
    written += _finish(figure, axis, y, label, "share of runs", directory / "failure_reasons")
    return written


def _finish(figure, axis, y, label: np.ndarray, xlabel: str, stem: Path) -> list[Path]:
    """One row per cell, shares on 0..1; saved as PNG and SVG."""
    axis.set_yticks(y, label)
    axis.invert_yaxis()
    axis.set_xlim(0, 1)
    axis.set_xlabel(xlabel)
    figure.tight_layout()
    return _save(figure, stem)


def _save(figure, stem: Path) -> list[Path]:
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
    with matplotlib.rc_context({"svg.hashsalt": "partnersim"}):  # stable ids: same runs, same files
        for path in paths:
            metadata = {"Date": None} if path.suffix == ".svg" else {}
            figure.savefig(path, dpi=120, metadata=metadata)
    return paths


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


def monthly_means(directory: Path) -> pd.DataFrame | None:
    """Mean trust and mean commitment per cell and month over the runs still going, and how
    many are going; read batch by batch, so memory stays flat in the number of runs."""
    files = sorted((directory / SERIES_DIR).glob("*.parquet"))
    if not files:
        return None
    columns = ["cell", "month", "mean_trust", "mean_commitment"]
    parts = []
    for path in files:
        batch = pd.read_parquet(path, columns=columns)
        grouped = batch.groupby(["cell", "month"])
        parts.append(
            pd.concat(
                {
                    "trust_sum": grouped["mean_trust"].sum(),
                    "trust_n": grouped["mean_trust"].count(),
                    "commitment_sum": grouped["mean_commitment"].sum(),
                    "commitment_n": grouped["mean_commitment"].count(),
                    "going": grouped.size(),
                },
                axis=1,
            )
        )
    totals = pd.concat(parts).groupby(level=["cell", "month"]).sum()
    return pd.DataFrame(
        {
            "mean_trust": totals["trust_sum"] / totals["trust_n"].where(totals["trust_n"] > 0),
            "mean_commitment": totals["commitment_sum"]
            / totals["commitment_n"].where(totals["commitment_n"] > 0),
            "going": totals["going"],
        }
    )


def series_figure(
    means: pd.DataFrame, summary: pd.DataFrame, factors: list[str], stem: Path
) -> list[Path]:
    """Mean trust and mean commitment per month and cell (`monthly_means`), one row of panels
    per base scenario; a month is shown while at least 5% of the cell's runs (and 5 runs) are
    still going."""
    runs = summary.set_index("cell")["n"]
    cells = means.index.get_level_values("cell")
    keep = means["going"].to_numpy() >= np.maximum(5, 0.05 * runs.reindex(cells).to_numpy())
    means = means[keep]
    scenarios = list(dict.fromkeys(summary["scenario"]))
    labels = cell_labels(summary.assign(scenario=""), factors).str.removeprefix(": ")
    figure = Figure(figsize=(12, 3.6 * len(scenarios)))
    axes = figure.subplots(len(scenarios), 2, sharex=True, squeeze=False)
    colours = matplotlib.colormaps["tab20"].colors
    for row, scenario in zip(axes, scenarios, strict=True):
        cells = summary.loc[summary["scenario"] == scenario, "cell"]
        for number, cell in enumerate(cells):
            if cell not in means.index.get_level_values("cell"):
                continue
            curve = means.loc[cell]
            for axis, column in zip(row, ("mean_trust", "mean_commitment"), strict=True):
                axis.plot(
                    curve.index,
                    curve[column],
                    linewidth=1,
                    color=colours[number % len(colours)],
                    label=labels.get(cell, str(cell)) or scenario,
                )
        for axis, title in zip(
            row, ("mean trust", "mean commitment (after agreement)"), strict=True
        ):
            axis.set_title(f"{scenario}: {title}", fontsize=9)
            axis.set_ylim(0, 1)
            axis.grid(alpha=0.3)
        if len(cells) <= 20:
            row[1].legend(fontsize=6, loc="center left", bbox_to_anchor=(1.01, 0.5))
    for axis in axes[-1]:
        axis.set_xlabel("month")
    figure.tight_layout()
    return _save(figure, stem)


def ema_form(runs: pd.DataFrame, factors: list[str]) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """The runs as EMA Workbench's `(experiments, outcomes)`: one experiment per run with the
    factor settings and the base scenario (`scenario` holds the cell, EMA's scenario id), and
    the outcomes as arrays, ready for `ema_workbench.analysis.prim.Prim(experiments, y)`."""
    valid = runs[runs["error"].isna()].reset_index(drop=True)
    experiments = valid[factors].copy()
    experiments["base_scenario"] = valid["scenario"].astype("category")
    experiments["scenario"] = valid["cell"].astype(str)
    experiments["model"] = "partnersim"
    outcomes = {
        "success": valid["success"].to_numpy(dtype=bool),
        "formed": valid["formed"].to_numpy(dtype=bool),
        "survived": valid["survived"].to_numpy(dtype=bool),
        "months_to_agreement": valid["months_to_agreement"].to_numpy(dtype=float),
        "joint_value": valid["joint_value"].to_numpy(dtype=float),
    }
    return experiments, outcomes


def cell_labels(summary: pd.DataFrame, factors: list[str]) -> pd.Series:
    def shown(value) -> str:
        return f"{value:.3g}" if isinstance(value, float) else str(value)

    def label(row):
        settings = ", ".join(f"{name.split('.')[-1]}={shown(row[name])}" for name in factors)
        return f"{row['scenario']}: {settings}" if settings else row["scenario"]

    return pd.Series(
        [label(row) for _, row in summary.iterrows()], index=summary["cell"], dtype=object
    )


def report(directory: str | Path) -> pd.DataFrame:
    """Rebuild summary.csv, report.md and the figures from the stored runs; return the summary."""
    directory = Path(directory)
    manifest = json.loads((directory / MANIFEST).read_text())
    experiment = Experiment.model_validate(manifest["experiment"])
    runs = load_results(directory)
    factors = factor_names(runs, manifest)
    summary = summarise_runs(runs, factors)
    summary.to_csv(directory / "summary.csv", index=False, float_format="%.6g")
    labels = cell_labels(summary, factors)
    figures(summary, directory, labels.to_numpy())
    compared = comparisons(summary)
    lines = [
        f"# {experiment.name}",
        "",
        experiment.description,
        "",
        f"Root seed {manifest['root_seed']}; {len(runs)} runs in {len(summary)} cells; "
        f"design {experiment.design}; common random numbers "
        f"{'on' if experiment.common_random_numbers else 'off'}; spec hash "
        f"{manifest['spec_hash']}; git commit {manifest.get('git_commit')}.",
        "",
        "## Success rate per cell, against the base cell",
        "",
        "| cell | setting | n | success | 95% CI | difference vs base (95% CI) | Fisher p |",
        "|---|---|---|---|---|---|---|",
    ]
    for (_, row), (_, diff), text in zip(
        summary.iterrows(), compared.iterrows(), labels, strict=True
    ):
        lines.append(
            f"| {row['cell']} | {text} | {row['n']} | {row['success_rate']:.1%} | "
            f"{row['ci_low']:.1%}-{row['ci_high']:.1%} | {diff['difference']:+.1%} "
            f"({diff['diff_low']:+.1%} to {diff['diff_high']:+.1%}) | {diff['fisher_p']:.3g} |"
        )
    lines += [
        "",
        "Difference: Newcombe's hybrid score interval; p: Fisher's exact test, two-sided.",
        "",
        "![success rate](success_rate.png)",
        "",
        "![failure reasons](failure_reasons.png)",
        "",
    ]
    means = monthly_means(directory)
    if means is not None:
        series_figure(means, summary, factors, directory / "trust_commitment")
        lines += [
            "![mean trust and commitment per month](trust_commitment.png)",
            "",
            f"Monthly means over the runs still going (every {experiment.series.period}. month; "
            "shown while at least 5% of a cell's runs go on).",
            "",
        ]
    if experiment.target_halfwidth is not None:
        lines += _adequacy_lines(summary, labels, experiment)
    if experiment.design in SENSITIVITY_DESIGNS:
        indices = sensitivity(summary, runs, experiment)
        indices.to_csv(directory / "sensitivity.csv", index=False, float_format="%.6g")
        lines += _sensitivity_lines(indices, experiment)
    lines += ["## Logistic regression of success", ""]
    regression = logistic_regression(runs, factors)
    if isinstance(regression, str):
        lines.append(regression)
    else:
        lines += ["| term | odds ratio | 95% CI | p |", "|---|---|---|---|"]
        for term, row in regression.iterrows():
            lines.append(
                f"| {term} | {row['odds_ratio']:.3g} | {row['ci_low']:.3g}-"
                f"{row['ci_high']:.3g} | {row['p']:.3g} |"
            )
    failed = manifest.get("failed_runs", [])
    lines += ["", f"Failed runs: {len(failed)}."]
    lines += [f"- cell {r['cell']} replication {r['replication']}: {r['error']}" for r in failed]
    (directory / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return summary


def _adequacy_lines(summary: pd.DataFrame, labels: pd.Series, experiment: Experiment) -> list[str]:
    target = experiment.target_halfwidth
    halfwidth = (summary["ci_high"] - summary["ci_low"]) / 2
    lines = [
        "## Replication adequacy",
        "",
        f"Target: a Wilson 95% half-width of at most {target:g} in every cell, starting from "
        f"{experiment.replications} and adding up to {experiment.max_replications} "
        "replications per cell.",
        "",
        "| cell | setting | replications needed | half-width | target met |",
        "|---|---|---|---|---|",
    ]
    for (_, row), text, width in zip(summary.iterrows(), labels, halfwidth, strict=True):
        met = "yes" if width <= target else "no (maximum reached)"
        lines.append(f"| {row['cell']} | {text} | {row['n']} | {width:.3f} | {met} |")
    return [*lines, ""]


def _sensitivity_lines(indices: pd.DataFrame, experiment: Experiment) -> list[str]:
    sobol = experiment.design == "sobol"
    lines = [
        "## Sensitivity indices",
        "",
        (
            "Sobol first-order (S1) and total (ST) indices with 95% intervals"
            if sobol
            else "Morris mu* (with its 95% interval) and sigma"
        )
        + f" of the success rate and mean months to agreement per design point ({experiment.samples}"
        f" {'base samples' if sobol else 'trajectories'}; SALib). The `dummy` factor changes "
        "only the runs' random numbers: its index is the noise floor a factor must clear.",
        "",
    ]
    header = "| scenario | outcome | factor | " + ("S1 | ST |" if sobol else "mu* | sigma |")
    lines += [header, "|---|---|---|---|---|"]
    for _, row in indices.iterrows():
        if row["factor"] is None:
            lines.append(f"| {row['scenario']} | {row['outcome']} | - | {row['note']} | |")
        elif sobol:
            lines.append(
                f"| {row['scenario']} | {row['outcome']} | {row['factor']} | "
                f"{row['S1']:.3f} ± {row['S1_conf']:.3f} | {row['ST']:.3f} ± {row['ST_conf']:.3f} |"
            )
        else:
            lines.append(
                f"| {row['scenario']} | {row['outcome']} | {row['factor']} | "
                f"{row['mu_star']:.3g} ± {row['mu_star_conf']:.3g} | {row['sigma']:.3g} |"
            )
    return [*lines, ""]
