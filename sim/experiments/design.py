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
import math
import os
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import (
    AfterValidator,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)

from sim.scenario import (
    Scenario,
    ScenarioError,
    check_combinations,
    is_field_name,
    load_scenario,
    read_toml,
)
from sim.validation import (
    MAX_CELLS,
    MAX_RUNS,
    Bool,
    Float,
    Int,
    LongText,
    Strict,
    Text,
    describe,
)


def _level(value: Any) -> Any:
    """A factor level: a boolean, a finite number or a short word, each as written."""
    if isinstance(value, bool | int) or (isinstance(value, float) and math.isfinite(value)):
        return value
    if isinstance(value, str) and 0 < len(value) <= 200:
        return value
    raise ValueError(
        f"a level must be true or false, a finite number or a word (1 to 200 characters), "
        f"got {value!r}"
    )


Level = Annotated[Any, AfterValidator(_level)]
"""A factor level: a boolean, a number or a word, each as written (never converted); the
scenario field it sets validates it once (`cells`)."""
SAMPLED_DESIGNS = ("latin_hypercube", "sobol", "morris")
SENSITIVITY_DESIGNS = ("sobol", "morris")
DUMMY = "dummy"
"""The factor that changes nothing: its sensitivity indices are the noise floor."""


class FactorRange(Strict):
    """A continuous factor for sampled designs."""

    low: Float
    high: Float
    integer: Bool = False

    @model_validator(mode="after")
    def _ordered(self) -> FactorRange:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        return self


Levels = Annotated[list[Level], Field(max_length=10_000)]
Factor = Annotated[
    Annotated[Levels, Tag("levels")] | Annotated[FactorRange, Tag("range")],
    Discriminator(lambda value: "range" if isinstance(value, dict | FactorRange) else "levels"),
]
"""A list of levels, or a `{low, high}` range for the sampled designs."""
FACTOR_TAGS = ("levels", "range")


class Series(Strict):
    keep: Bool = False
    period: Int = Field(1, ge=1, le=120, description="keep every period-th month")


class Experiment(Strict):
    """A validated experiment."""

    name: str = Field(min_length=1, max_length=80, strict=True)
    description: LongText = Field("", max_length=10_000)
    scenarios: list[Annotated[Text, Field(min_length=1, max_length=1_000)]] = Field(
        min_length=1, max_length=50
    )
    factors: dict[str, Factor] = Field(default_factory=dict, max_length=100)
    design: Literal["full_factorial", "one_at_a_time", "latin_hypercube", "sobol", "morris"] = (
        "full_factorial"
    )
    samples: Int = Field(
        16,
        ge=1,
        le=100_000,
        description="latin_hypercube: design points; sobol: base samples N (a power of 2), "
        "N x (factors + 3) cells; morris: trajectories, trajectories x (factors + 2) cells",
    )
    replications: Int = Field(100, ge=1, le=1_000_000)
    target_halfwidth: Float | None = Field(
        None, gt=0.0, lt=0.5, description="add replications until every Wilson half-width <= this"
    )
    max_replications: Int = Field(10_000, ge=1, le=1_000_000, description="per cell, with a target")
    seed: Int = Field(0, ge=0, lt=2**63)
    common_random_numbers: Bool = True
    batch_size: Int = Field(200, ge=1, le=100_000)
    series: Series = Series()

    @field_validator("name")
    @classmethod
    def _directory_name(cls, value: str) -> str:
        """The name is the default output directory (results/<name>): one plain path part."""
        plain = value.replace("-", "").replace("_", "").replace(".", "")
        if not (value[0].isascii() and value[0].isalnum()) or not (
            plain.isascii() and plain.isalnum()
        ):
            raise ValueError(
                "must be usable as a directory name: letters, digits, '_', '-' and '.', "
                f"starting with a letter or digit (no path separators, no '..'), got {value!r}"
            )
        if value.split(".")[0].upper() in _RESERVED_DEVICE_NAMES:
            raise ValueError(f"{value!r} is a reserved device name on Windows; choose another")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Experiment:
        sampled = self.design in SAMPLED_DESIGNS
        for name, levels in self.factors.items():
            if not is_field_name(name):
                raise ValueError(
                    f"factors.{name}: expected a dotted field name such as conflict or levers.rules"
                )
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
        points = self.n_points
        cells = len(self.scenarios) * points
        if cells > MAX_CELLS:
            raise ValueError(
                f"factors: the {self.design} design has {points:,} points x "
                f"{len(self.scenarios)} scenario(s) = {cells:,} cells; at most {MAX_CELLS:,} "
                "(fewer factors, levels or samples)"
            )
        runs = cells * self.replications
        if runs > MAX_RUNS:
            raise ValueError(
                f"replications: {cells:,} cells x {self.replications:,} replications = "
                f"{runs:,} runs in all; at most {MAX_RUNS:,}"
            )
        if self.target_halfwidth is not None and cells * self.max_replications > MAX_RUNS:
            raise ValueError(
                f"max_replications: {cells:,} cells x {self.max_replications:,} = "
                f"{cells * self.max_replications:,} runs at most; at most {MAX_RUNS:,} in all"
            )
        return self

    @property
    def n_points(self) -> int:
        """The number of design points, computed without building the design."""
        k = len(self.factors)
        if not k:
            return 1
        if self.design == "full_factorial":
            return math.prod(len(levels) for levels in self.factors.values())
        if self.design == "one_at_a_time":
            return 1 + sum(len(levels) - 1 for levels in self.factors.values())
        if self.design == "sobol":  # N x (D + 2) with the dummy: D = k + 1
            return self.samples * (k + 3)
        if self.design == "morris":  # trajectories x (D + 1) with the dummy
            return self.samples * (k + 2)
        return self.samples

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


_RESERVED_DEVICE_NAMES = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}


def _allowed_keys(location: tuple) -> list[str]:
    """The keys of the table at `location`, in declaration order."""
    tables = {"series": Series, "factors": FactorRange}
    model = tables.get(str(location[0]), Experiment) if location else Experiment
    return list(model.model_fields)


def load_experiment(path: str | os.PathLike, **overrides: Any) -> tuple[Experiment, Path]:
    """Load and validate an experiment file; overrides are top-level fields (replications)."""
    if not isinstance(path, str | os.PathLike) or not str(path):
        raise ScenarioError(f"experiment: expected the path of a TOML file, got {path!r}")
    path = Path(path)
    raw = read_toml(path, what="experiment")
    raw.setdefault("name", path.stem)
    raw.update({key: value for key, value in overrides.items() if value is not None})
    try:  # the design's size is checked here, arithmetically, before anything is built
        experiment = Experiment.model_validate(raw)
    except ValidationError as error:
        message = describe(error, str(path), allowed_keys=_allowed_keys, tags=FACTOR_TAGS)
        raise ScenarioError(message) from None
    return experiment, path


def seed_keys(
    experiment: Experiment, points: list[dict[str, Level]] | None = None
) -> list[tuple[int, ...]]:
    """The key that, with the replication, seeds every run of each design point.

    With common random numbers every point shares the replication seeds (an empty key). In
    Sobol and Morris designs the dummy factor stands for the random numbers: points share seeds
    only when their dummy values are equal, so the dummy's index measures the replication noise
    that the real factors' indices must clear."""
    if experiment.design in SENSITIVITY_DESIGNS:
        dummy = experiment.sample_matrix()[:, -1]
        return [(int(value * 2**32),) for value in dummy]
    return [()] * len(points if points is not None else experiment.design_points())


def cells(experiment: Experiment, source: str = "<experiment>") -> list[dict[str, Any]]:
    """Every cell: its index, base scenario, factor settings, validated scenario and seed key
    (`seed_keys`; without common random numbers, the cell's index).

    Each factor's levels (or a range's ends) are validated once per base scenario, not once per
    cell; a cell's scenario is its base with the validated values put in, then checked only for
    the rules that tie fields together (`check_combinations`)."""
    points = experiment.design_points()
    keys = seed_keys(experiment, points)
    result = []
    for scenario_name in experiment.scenarios:
        try:
            base = load_scenario(scenario_name)
        except ScenarioError as error:
            raise ScenarioError(f"{source}: field 'scenarios': {error}") from None
        values = _validated_levels(experiment, base, source)
        for point, key in zip(points, keys, strict=True):
            scenario = base
            for name, level in point.items():
                scenario = _put(scenario, name.replace("__", ".").split("."), values[name](level))
            try:
                check_combinations(scenario)
            except ValueError as error:
                settings = ", ".join(f"{k}={v!r}" for k, v in point.items())
                raise ScenarioError(
                    f"{source}: field 'factors': {scenario_name} with {settings}: {error}"
                ) from None
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


def _get(model: Any, parts: list[str]) -> Any:
    for part in parts:
        model = getattr(model, part)
    return model


def _put(model: Any, parts: list[str], value: Any) -> Any:
    """A copy of a validated model with the already validated value at a dotted path."""
    head, rest = parts[0], parts[1:]
    new = _put(getattr(model, head), rest, value) if rest else value
    return model.model_copy(update={head: new})


def _validated_levels(experiment: Experiment, base: Scenario, source: str) -> dict[str, Any]:
    """Per factor, a function from a design value to the value as validation makes it (a dose
    `true` is 1.0): every level, or a range's two ends, validated once against `base`."""
    converters = {}
    for name, factor in experiment.factors.items():
        parts = name.replace("__", ".").split(".")
        if isinstance(factor, FactorRange):
            ends = (factor.low, factor.high)
            if factor.integer:
                ends = tuple(int(round(end)) for end in ends)
            else:
                ends = tuple(float(end) for end in ends)
            levels = list(ends)
        else:
            levels = list(factor)
        validated = {}
        for level in levels:
            try:
                value = _get(base.with_overrides(**{name: level}), parts)
            except ScenarioError as error:
                raise ScenarioError(
                    f"{source}: field 'factors.{name}': on {base.name}: {error}"
                ) from None
            validated[(type(level), level)] = value
        if isinstance(factor, FactorRange):
            kind = type(next(iter(validated.values())))
            converters[name] = kind if kind in (int, float) else (lambda value: value)
        else:
            converters[name] = lambda level, table=validated: table[(type(level), level)]
    return converters
