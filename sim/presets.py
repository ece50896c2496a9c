"""Presets: curated starting points for trainers, each with a known outcome.

A preset names a shipped scenario, lever overrides (as in the scenario's `[levers]` table), a
seed, and the outcome of that exact run (`expected`: "success" or a failure reason, and
optionally the month of agreement), plus the success rate of the same setting over 200
replications (root seed 0, `sim.replicate`), so a trainer knows how typical the run is. The
presets live in `scenarios/presets/presets.toml`, in their own folder so that they are not taken
for a scenario (every `scenarios/*.toml` is one).

Validation happens here, like the scenario loader's: every error names the file, the field and
what is allowed. Importing this module loads no Mesa; only `run_preset` and `success_rate` run
the model.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator, model_validator

from sim.scenario import Scenario, load_scenario, read_toml, scenario_names
from sim.validation import (
    MAX_MONTHS,
    Int,
    LongText,
    ScenarioError,
    Strict,
    Text,
    Unit,
    describe,
)

FAILURE_REASONS = (
    "too_few_willing",
    "no_zone_of_agreement",
    "deadline",
    "council_rejection",
    "exit_during_execution",
)
"""The failure reasons of `sim.model.events.FAILURE_REASONS`, repeated here so that reading a
presets file loads no Mesa (a test holds the two equal)."""
OUTCOMES = ("success", *FAILURE_REASONS)
NO_AGREEMENT = ("too_few_willing", "no_zone_of_agreement", "deadline")
"""Outcomes in which no agreement is reached, so there is no month of agreement."""

PRESETS_PATH = Path(__file__).resolve().parent.parent / "scenarios" / "presets" / "presets.toml"
"""The shipped presets file."""

RATE_REPLICATIONS = 200
RATE_SEED = 0
"""`success_rate_200` is the success rate over replications 0..199 of root seed 0."""


class Preset(Strict):
    """One curated run: a shipped scenario, lever overrides, a seed and its known outcome."""

    key: str = Field(min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_]*$")
    title_nl: Text = Field(min_length=1, max_length=80)
    title_en: Text = Field(min_length=1, max_length=80)
    description_nl: LongText = Field(min_length=1, max_length=600)
    description_en: LongText = Field(min_length=1, max_length=600)
    scenario: Text = Field(min_length=1, max_length=80)
    levers: dict[str, Any]
    seed: Int = Field(ge=0, le=2**63 - 1)
    expected: str
    expected_months_to_agreement: Int | None = Field(None, ge=1, le=MAX_MONTHS)
    success_rate_200: Unit

    @field_validator("scenario")
    @classmethod
    def _shipped(cls, value: str) -> str:
        known = scenario_names()
        if value not in known:
            raise ValueError(
                f"unknown scenario; must be a shipped scenario name ({', '.join(known)})"
            )
        return value

    @field_validator("expected")
    @classmethod
    def _outcome(cls, value: str) -> str:
        if value not in OUTCOMES:
            raise ValueError(
                f"must be 'success' or a failure reason ({', '.join(FAILURE_REASONS)})"
            )
        return value

    @model_validator(mode="after")
    def _months_need_agreement(self) -> Preset:
        if self.expected in NO_AGREEMENT and self.expected_months_to_agreement is not None:
            raise ValueError(
                f"expected_months_to_agreement: a run that ends in {self.expected!r} reaches no "
                "agreement; leave the field out"
            )
        return self

    def title(self, language: str = "nl") -> str:
        return self.title_nl if language == "nl" else self.title_en

    def description(self, language: str = "nl") -> str:
        return self.description_nl if language == "nl" else self.description_en


class PresetsFile(Strict):
    """A presets file: a list of `[[presets]]` tables with unique keys."""

    presets: list[Preset] = Field(min_length=1, max_length=200)

    @model_validator(mode="after")
    def _unique(self) -> PresetsFile:
        seen: set[str] = set()
        for preset in self.presets:
            if preset.key in seen:
                raise ValueError(f"presets: keys must be unique, {preset.key!r} occurs twice")
            seen.add(preset.key)
        return self


_LINE = re.compile(r"^.*?: field '([^']*)': (.*)$")


def _allowed_keys(location: tuple) -> list[str]:
    inner = [part for part in location if not isinstance(part, int)]
    if inner == ["presets"]:
        return sorted(Preset.model_fields)
    return sorted(PresetsFile.model_fields) if not inner else []


def load_presets(path: str | os.PathLike | None = None) -> list[Preset]:
    """The presets of a file (default: the shipped `scenarios/presets/presets.toml`).

    Each preset's levers are applied to its scenario and validated there; any problem raises
    `ScenarioError` naming the file and the field (`presets.N.field`)."""
    path = Path(PRESETS_PATH if path is None else path)
    raw = read_toml(path, what="presets")
    try:
        presets = PresetsFile.model_validate(raw).presets
    except ValidationError as error:
        raise ScenarioError(describe(error, str(path), allowed_keys=_allowed_keys)) from None
    for index, preset in enumerate(presets):
        try:
            preset_scenario(preset)
        except ScenarioError as error:
            lines = []
            for line in str(error).splitlines():
                match = _LINE.match(line)
                field, message = match.groups() if match else ("levers", line)
                lines.append(
                    f"{path}: field 'presets.{index}.{field}': {message} (on scenario "
                    f"{preset.scenario!r})"
                )
            raise ScenarioError("\n".join(lines)) from None
    return presets


def get_preset(key: str, path: str | os.PathLike | None = None) -> Preset:
    """The preset with this key, else a ScenarioError listing the keys."""
    presets = load_presets(path)
    for preset in presets:
        if preset.key == key:
            return preset
    raise ScenarioError(
        f"preset {key!r}: no such preset (presets: {', '.join(p.key for p in presets)})"
    )


def preset_scenario(preset: Preset) -> Scenario:
    """The preset's scenario with its lever overrides applied (and validated)."""
    return load_scenario(preset.scenario, levers=dict(preset.levers))


def run_preset(preset: Preset) -> dict[str, Any]:
    """The outcome of the preset's run: `sim.run(preset_scenario(preset), seed=preset.seed)`
    without the monthly series, so the same as `partnersim run SCENARIO --seed SEED --set
    levers.x=...`."""
    import numpy as np

    from sim.runner import run_outcome

    seed = np.random.SeedSequence(preset.seed)
    return run_outcome(preset_scenario(preset), seed)


def outcome_name(outcome: dict[str, Any]) -> str:
    """'success' or the run's failure reason: the vocabulary of `Preset.expected`."""
    return "success" if outcome["success"] else str(outcome["failure_reason"])


def success_rate(
    preset: Preset, replications: int = RATE_REPLICATIONS, seed: int = RATE_SEED
) -> float:
    """The success rate of the preset's setting over `replications` runs (`sim.replicate`);
    with the defaults, what `success_rate_200` records."""
    from sim.runner import replicate

    runs = replicate(preset_scenario(preset), replications, seed=seed)
    return float(runs["success"].mean())


def successes(
    preset: Preset, replications: range = range(RATE_REPLICATIONS), seed: int = RATE_SEED
) -> int:
    """How many of these replications of the preset's setting succeed: the same runs as
    `sim.replicate` (replication r on `replication_seed(seed, r)`), for any range of replication
    numbers, so that the runs can be spread over processes."""
    from sim.runner import replication_seed, run_outcome

    scenario = preset_scenario(preset)
    return sum(
        bool(run_outcome(scenario, replication_seed(seed, replication))["success"])
        for replication in replications
    )
