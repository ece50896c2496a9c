"""Experiment files: base scenarios, factors, a design, replications and one root seed.

The experiment file is the single source from which runs, tables and figures are derived
(STYLE: SALib's one problem description). It is validated at load like a scenario file: every
error names the file, the field and what is allowed.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from scipy.stats import qmc

from sim.scenario import Scenario, ScenarioError, _describe, load_scenario, read_toml

MAX_RUNS = 10_000_000
Level = float | int | bool | str


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)


class Range(Strict):
    """A continuous factor for sampled designs."""

    low: float
    high: float
    integer: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        return self


class Series(Strict):
    keep: bool = False
    period: int = Field(1, ge=1, le=120, description="keep every period-th month")


class Experiment(Strict):
    """A validated experiment."""

    name: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = ""
    scenarios: list[str] = Field(min_length=1, max_length=50)
    factors: dict[str, list[Level] | Range] = Field(default_factory=dict)
    design: Literal["full_factorial", "one_at_a_time", "latin_hypercube"] = "full_factorial"
    samples: int = Field(16, ge=1, le=100_000, description="design points of sampled designs")
    replications: int = Field(100, ge=1, le=1_000_000)
    seed: int = Field(0, ge=0, lt=2**63)
    common_random_numbers: bool = True
    batch_size: int = Field(200, ge=1, le=100_000)
    series: Series = Series()

    @model_validator(mode="after")
    def _consistent(self) -> Experiment:
        for name, levels in self.factors.items():
            if self.design == "latin_hypercube" and not isinstance(levels, Range):
                raise ValueError(f"factors.{name}: latin_hypercube needs {{low, high}} ranges")
            if self.design != "latin_hypercube" and isinstance(levels, Range):
                raise ValueError(f"factors.{name}: {self.design} needs a list of levels")
            if isinstance(levels, list) and not levels:
                raise ValueError(f"factors.{name}: needs at least one level")
        return self

    @property
    def spec_hash(self) -> str:
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True)
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
        sampler = qmc.LatinHypercube(d=len(names), rng=np.random.default_rng(self.seed))
        unit = sampler.random(self.samples)
        points = []
        for row in unit:
            point = {}
            for name, u in zip(names, row, strict=True):
                spec = self.factors[name]
                value = spec.low + u * (spec.high - spec.low)
                point[name] = int(round(value)) if spec.integer else float(value)
            points.append(point)
        return points


def load_experiment(path: str | os.PathLike, **overrides: Any) -> tuple[Experiment, Path]:
    """Load and validate an experiment file; overrides are top-level fields (replications)."""
    path = Path(path)
    raw = read_toml(path, what="experiment")
    raw.setdefault("name", path.stem)
    raw.update({key: value for key, value in overrides.items() if value is not None})
    try:
        experiment = Experiment.model_validate(raw)
    except ValidationError as error:
        raise ScenarioError(_describe(error, str(path))) from None
    runs = len(experiment.scenarios) * len(experiment.design_points()) * experiment.replications
    if runs > MAX_RUNS:
        raise ScenarioError(f"{path}: field 'replications': {runs} runs in all; at most {MAX_RUNS}")
    return experiment, path


def cells(experiment: Experiment, source: str = "<experiment>") -> list[dict[str, Any]]:
    """Every cell: its index, base scenario, factor settings and validated scenario."""
    result = []
    for scenario_name in experiment.scenarios:
        try:
            base = load_scenario(scenario_name)
        except ScenarioError as error:
            raise ScenarioError(f"{source}: field 'scenarios': {error}") from None
        for point in experiment.design_points():
            try:
                scenario: Scenario = base.with_overrides(**point)
            except ScenarioError as error:
                raise ScenarioError(f"{source}: field 'factors': {error}") from None
            result.append(
                {"cell": len(result), "scenario": scenario_name, "factors": point, "spec": scenario}
            )
    return result
