"""Experiment files and their designs: cells, factor settings and seed keys.

The experiment file is the single source from which runs, tables and figures are derived. It is
validated at load like a scenario file: every error names the file, the field and what is
allowed. Designs: full factorial and one factor at a time over levels; Latin hypercube (scipy),
Sobol (Saltelli 2002 / Jansen 1999 via SALib) and Morris elementary effects (Morris 1991;
Campolongo et al. 2007 via SALib) over ranges, the last two with a dummy factor that shows the
noise floor of their indices (Khorashadi Zadeh et al. 2017).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import Discriminator, Field, Tag, ValidationError, model_validator

from sim.scenario import ScenarioError, load_scenario, read_toml
from sim.validation import Strict, describe

MAX_RUNS = 10_000_000
Level = float | int | bool | str
SAMPLED_DESIGNS = ("latin_hypercube", "sobol", "morris")
SENSITIVITY_DESIGNS = ("sobol", "morris")
DUMMY = "dummy"
"""The factor that changes nothing: its sensitivity indices are the noise floor."""


class FactorRange(Strict):
    """A continuous factor for sampled designs."""

    low: float
    high: float
    integer: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> FactorRange:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        return self


Levels = list[Level]
Factor = Annotated[
    Annotated[Levels, Tag("levels")] | Annotated[FactorRange, Tag("range")],
    Discriminator(lambda value: "range" if isinstance(value, dict | FactorRange) else "levels"),
]
"""A list of levels, or a `{low, high}` range for the sampled designs."""
FACTOR_TAGS = ("levels", "range")


class Series(Strict):
    keep: bool = False
    period: int = Field(1, ge=1, le=120, description="keep every period-th month")


class Experiment(Strict):
    """A validated experiment."""

    name: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = ""
    scenarios: list[str] = Field(min_length=1, max_length=50)
    factors: dict[str, Factor] = Field(default_factory=dict)
    design: Literal["full_factorial", "one_at_a_time", "latin_hypercube", "sobol", "morris"] = (
        "full_factorial"
    )
    samples: int = Field(
        16,
        ge=1,
        le=100_000,
        description="latin_hypercube: design points; sobol: base samples N (a power of 2), "
        "N x (factors + 3) cells; morris: trajectories, trajectories x (factors + 2) cells",
    )
    replications: int = Field(100, ge=1, le=1_000_000)
    target_halfwidth: float | None = Field(
        None, gt=0.0, lt=0.5, description="add replications until every Wilson half-width <= this"
    )
    max_replications: int = Field(10_000, ge=1, le=1_000_000, description="per cell, with a target")
    seed: int = Field(0, ge=0, lt=2**63)
    common_random_numbers: bool = True
    batch_size: int = Field(200, ge=1, le=100_000)
    series: Series = Series()

    @model_validator(mode="after")
    def _consistent(self) -> Experiment:
        sampled = self.design in SAMPLED_DESIGNS
        for name, levels in self.factors.items():
            if sampled and not isinstance(levels, FactorRange):
                raise ValueError(
                    f"factors.{name}: {self.design} needs a range {{low = ..., high = ...}}"
                )
            if not sampled and isinstance(levels, FactorRange):
                raise ValueError(
                    f"factors.{name}: {self.design} needs a list of levels; ranges are for "
                    f"{', '.join(SAMPLED_DESIGNS)}"
                )
            if isinstance(levels, list) and not levels:
                raise ValueError(f"factors.{name}: needs at least one level")
        if self.design in SENSITIVITY_DESIGNS and not self.factors:
            raise ValueError(f"factors: {self.design} needs at least one range")
        if self.design == "sobol" and self.samples & (self.samples - 1):
            raise ValueError(f"samples: sobol needs a power of 2, got {self.samples}")
        if DUMMY in self.factors:
            raise ValueError(f"factors.{DUMMY}: the name is reserved for the noise-floor factor")
        if self.target_halfwidth is not None and self.max_replications < self.replications:
            raise ValueError(
                f"max_replications: must be at least replications ({self.replications}), "
                f"got {self.max_replications}"
            )
        return self

    @property
    def spec_hash(self) -> str:
        text = json.dumps(self.model_dump(mode="json"))  # factor order is cell order
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def design_points(self) -> list[dict[str, Level]]:
        """The factor settings of every cell, in a fixed order; the first is the base."""
        names = list(self.factors)
        if not names:
            return [{}]
        if self.design == "full_factorial":
            grid = itertools.product(*(self.factors[name] for name in names))
            return [dict(zip(names, values, strict=True)) for values in grid]
        if self.design == "one_at_a_time":
            base = {name: self.factors[name][0] for name in names}
            points = [base]
            for name in names:
                points += [{**base, name: level} for level in self.factors[name][1:]]
            return points
        points = []
        for row in self.sample_matrix():
            point = {}
            for name, value in zip(names, row, strict=False):  # the dummy column is left out
                point[name] = int(round(value)) if self.factors[name].integer else float(value)
            points.append(point)
        return points

    def problem(self) -> dict[str, Any]:
        """SALib's description of the sampled space; Sobol and Morris add the dummy factor."""
        names = list(self.factors)
        bounds = [[self.factors[name].low, self.factors[name].high] for name in names]
        if self.design in SENSITIVITY_DESIGNS:
            names, bounds = [*names, DUMMY], [*bounds, [0.0, 1.0]]
        return {"num_vars": len(names), "names": names, "bounds": bounds}

    def sample_matrix(self) -> np.ndarray:
        """The sampled design, one row per design point, columns as in `problem()` (unrounded).

        Deterministic in the root seed, so the analysis can rebuild it from the manifest."""
        problem = self.problem()
        if self.design == "sobol":
            from SALib.sample import sobol

            return sobol.sample(problem, self.samples, calc_second_order=False, seed=self.seed)
        if self.design == "morris":
            from SALib.sample import morris

            return morris.sample(problem, self.samples, seed=self.seed)
        from scipy.stats import qmc

        sampler = qmc.LatinHypercube(d=len(problem["names"]), rng=np.random.default_rng(self.seed))
        low, high = np.array(problem["bounds"]).T
        return low + sampler.random(self.samples) * (high - low)


def _allowed_keys(location: tuple) -> list[str]:
    """The keys of the table at `location`, in declaration order."""
    tables = {"series": Series, "factors": FactorRange}
    model = tables.get(str(location[0]), Experiment) if location else Experiment
    return list(model.model_fields)


def load_experiment(path: str | os.PathLike, **overrides: Any) -> tuple[Experiment, Path]:
    """Load and validate an experiment file; overrides are top-level fields (replications)."""
    path = Path(path)
    raw = read_toml(path, what="experiment")
    raw.setdefault("name", path.stem)
    raw.update({key: value for key, value in overrides.items() if value is not None})
    try:
        experiment = Experiment.model_validate(raw)
    except ValidationError as error:
        message = describe(error, str(path), allowed_keys=_allowed_keys, tags=FACTOR_TAGS)
        raise ScenarioError(message) from None
    runs = len(experiment.scenarios) * len(experiment.design_points()) * experiment.replications
    if runs > MAX_RUNS:
        raise ScenarioError(f"{path}: field 'replications': {runs} runs in all; at most {MAX_RUNS}")
    return experiment, path


def seed_keys(experiment: Experiment) -> list[tuple[int, ...]]:
    """The key that, with the replication, seeds every run of each design point.

    With common random numbers every point shares the replication seeds (an empty key). In
    Sobol and Morris designs the dummy factor stands for the random numbers: points share seeds
    only when their dummy values are equal, so the dummy's index measures the replication noise
    that the real factors' indices must clear."""
    points = len(experiment.design_points())
    if experiment.design in SENSITIVITY_DESIGNS:
        dummy = experiment.sample_matrix()[:, -1]
        return [(int(value * 2**32),) for value in dummy]
    return [()] * points


def cells(experiment: Experiment, source: str = "<experiment>") -> list[dict[str, Any]]:
    """Every cell: its index, base scenario, factor settings, validated scenario and seed key
    (`seed_keys`; without common random numbers, the cell's index)."""
    result = []
    keys = seed_keys(experiment)
    for scenario_name in experiment.scenarios:
        try:
            base = load_scenario(scenario_name)
        except ScenarioError as error:
            raise ScenarioError(f"{source}: field 'scenarios': {error}") from None
        for point, key in zip(experiment.design_points(), keys, strict=True):
            try:
                scenario = base.with_overrides(**point)
            except ScenarioError as error:
                raise ScenarioError(f"{source}: field 'factors': {error}") from None
            index = len(result)
            result.append(
                {
                    "cell": index,
                    "scenario": scenario_name,
                    "factors": point,
                    "spec": scenario,
                    "seed_key": key if experiment.common_random_numbers else (index,),
                }
            )
    return result
