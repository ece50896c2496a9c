"""Tables, statistics and figures of a sweep, rebuilt from the stored runs alone.

Per cell: n, successes, the success rate with its Wilson 95% interval, median months to
agreement and the failure reasons counted (`summary.csv`). Against the base cell: the
difference in success rate with Newcombe's hybrid score interval (Newcombe 1998, method 10) and
Fisher's exact p-value; and a logistic regression of success on the factors and their pairwise
interactions (statsmodels), as odds ratios with 95% intervals (`report.md`). Figures as PNG and
SVG.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.hashsalt"] = "partnersim"  # stable ids: same runs, same files
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy.stats import fisher_exact  # noqa: E402

from sim.metrics import wilson_interval  # noqa: E402
from sim.model import FAILURE_REASONS  # noqa: E402
from sim.sweep import MANIFEST, load_results  # noqa: E402


def factor_names(runs: pd.DataFrame, manifest: dict) -> list[str]:
    return [name for name in manifest["experiment"]["factors"] if name in runs.columns]


def summarise_runs(runs: pd.DataFrame, factors: list[str]) -> pd.DataFrame:
    """One row per cell: the cell's settings, n, successes, Wilson interval, months, reasons."""
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
        fit = smf.logit(formula, data).fit(disp=False, maxiter=200)
    except Exception as error:  # noqa: BLE001 - separation and singular designs happen
        return f"not estimable: {type(error).__name__}: {error}"
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


def figures(summary: pd.DataFrame, directory: Path, label: pd.Series) -> list[Path]:
    written = []
    height = max(3.0, 0.28 * len(summary) + 1.2)
    figure, axis = plt.subplots(figsize=(8, height))
    y = np.arange(len(summary))
    rate = summary["success_rate"].to_numpy()
    axis.errorbar(
        rate,
        y,
        xerr=[rate - summary["ci_low"], summary["ci_high"] - rate],
        fmt="o",
        color="#1f5a93",
        capsize=3,
    )
    axis.grid(axis="x", alpha=0.3)
    written += _finish(figure, axis, y, label, "success rate (Wilson 95% interval)",
                       directory / "success_rate")
    figure, axis = plt.subplots(figsize=(8, height))
    left = np.zeros(len(summary))
    colours = ["#8c564b", "#ff7f0e", "#9467bd", "#d62728"]
    for reason, colour in zip(FAILURE_REASONS, colours, strict=True):
        share = summary[reason] / summary["n"]
        axis.barh(y, share, left=left, color=colour, label=reason)
        left += share
    axis.legend(loc="lower right", fontsize=7)
    written += _finish(figure, axis, y, label, "share of runs", directory / "failure_reasons")
    return written


def _finish(figure, axis, y, label: pd.Series, xlabel: str, stem: Path) -> list[Path]:
    """One row per cell, shares on 0..1; saved as PNG and SVG."""
    axis.set_yticks(y, label)
    axis.invert_yaxis()
    axis.set_xlim(0, 1)
    axis.set_xlabel(xlabel)
    figure.tight_layout()
    return _save(figure, stem)


def _save(figure, stem: Path) -> list[Path]:
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
    for path in paths:
        metadata = {"Date": None} if path.suffix == ".svg" else {}
        figure.savefig(path, dpi=120, metadata=metadata)
    plt.close(figure)
    return paths


def cell_labels(summary: pd.DataFrame, factors: list[str]) -> pd.Series:
    def label(row):
        settings = ", ".join(f"{name.split('.')[-1]}={row[name]}" for name in factors)
        return f"{row['scenario']}: {settings}" if settings else row["scenario"]

    return summary.apply(label, axis=1)


def report(directory: str | Path) -> pd.DataFrame:
    """Rebuild summary.csv, report.md and the figures from the stored runs; return the summary."""
    directory = Path(directory)
    manifest = json.loads((directory / MANIFEST).read_text())
    runs = load_results(directory)
    factors = factor_names(runs, manifest)
    summary = summarise_runs(runs, factors)
    summary.to_csv(directory / "summary.csv", index=False, float_format="%.6g")
    labels = cell_labels(summary, factors)
    figures(summary, directory, labels)
    compared = comparisons(summary)
    lines = [
        f"# {manifest['experiment']['name']}",
        "",
        manifest["experiment"].get("description", ""),
        "",
        f"Root seed {manifest['root_seed']}; {len(runs)} runs in {len(summary)} cells; "
        f"spec hash {manifest['spec_hash']}; git commit {manifest.get('git_commit')}.",
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
        "![success rate](success_rate.png)",
        "",
        "![failure reasons](failure_reasons.png)",
        "",
        "## Logistic regression of success",
        "",
    ]
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
    (directory / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return summary
