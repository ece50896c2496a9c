"""The report of a sweep, rebuilt from the stored runs alone: `summary.csv`, `report.md`,
`sensitivity.csv` (Sobol and Morris designs) and figures as PNG and SVG; and the runs in EMA
Workbench's `(experiments, outcomes)` form for scenario discovery (PRIM, CART).

Figures are drawn on matplotlib's `Figure`, never pyplot, so a notebook's backend stays as is.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sim.experiments.design import SENSITIVITY_DESIGNS, Experiment
from sim.experiments.statistics import (
    comparisons,
    factor_names,
    logistic_regression,
    sensitivity,
    summarise,
)
from sim.experiments.store import (
    MANIFEST,
    SERIES_DIR,
    batch_files,
    load_results,
    read_checked,
    read_manifest,
)
from sim.model import FAILURE_REASONS
from sim.scenario import ScenarioError


def figures(summary: pd.DataFrame, directory: Path, label: np.ndarray) -> list[Path]:
    """The success rate per cell with its interval, and the failure reasons per cell."""
    from matplotlib.figure import Figure

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
    colours = ["#7f7f7f", "#8c564b", "#ff7f0e", "#9467bd", "#d62728"]
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
    import matplotlib

    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
    with matplotlib.rc_context({"svg.hashsalt": "partnersim"}):  # stable ids: same runs, same files
        for path in paths:
            metadata = {"Date": None} if path.suffix == ".svg" else {}
            figure.savefig(path, dpi=120, metadata=metadata)
    return paths


def monthly_means(directory: Path) -> pd.DataFrame | None:
    """Mean trust and mean commitment per cell and month over the runs still going, and how
    many are going; read batch by batch, so memory stays flat in the number of runs."""
    if not batch_files(directory, SERIES_DIR):
        return None
    columns = ["cell", "month", "mean_trust", "mean_commitment"]
    parts = []
    for batch in read_checked(directory, SERIES_DIR, columns):  # each file checked, one at a time
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
    import matplotlib
    from matplotlib.figure import Figure

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


def write_report(directory: str | Path) -> pd.DataFrame:
    """Rebuild summary.csv, report.md and the figures from the stored runs; return the summary."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    if manifest is None:
        raise ScenarioError(f"{directory}: not a sweep directory (no {MANIFEST})")
    experiment = Experiment.model_validate(manifest["experiment"])
    runs = load_results(directory)
    factors = factor_names(runs, manifest)
    summary = summarise(runs, factors)
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
