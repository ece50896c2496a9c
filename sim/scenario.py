"""Scenario files: the validated description of one partnership initiative.

A scenario is a TOML file (or a mapping) with the situation's knobs (`conflict`,
`initial_trust`, `autonomy_cost`, `reservation`, `deadline_months`, `execution_months`), the
levers' table (`levers.*`, its fields declared by the levers in `sim.levers`), the issues on the
table and the parties, listed one by one or generated from counts and ranges. Validation happens
here, at the boundary, with pydantic; the model trusts what it gets. Every error names the file,
the field and what is allowed.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    Field,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)

from sim import levers as lever_registry
from sim.levers.base import fields_of
from sim.validation import (
    MAX_ISSUES,
    MAX_MONTHS,
    MAX_PARTIES,
    MAX_WEIGHT,
    Bool,
    Float,
    Int,
    LongText,
    Range,
    ScenarioError,
    Strict,
    Text,
    Unit,
    describe,
    read_text_file,
)

PARTY_KINDS = ("municipality", "public_body", "corporate")
CONCESSION_STYLES = {"boulware": 0.2, "linear": 1.0, "conceder": 5.0}
"""Named concession exponents of the time-based family (Faratin, Sierra & Jennings 1998)."""
RESERVED_KEYS = (
    "cell",
    "error",
    "integration",
    "mean_commitment",
    "mean_trust",
    "members",
    "month",
    "package",
    "phase",
    "replication",
    "scenario",
    "step",
)
"""Column names of the monthly series and run tables (`sim.runner.monthly_table`, the sweep
store), which an issue key would collide with: each issue is a column of the series."""


def _levers_model(registered: tuple) -> type[BaseModel]:
    """The `[levers]` table: the fields of the registered levers (`sim.levers`)."""
    return create_model(
        "Levers",
        __base__=Strict,
        __doc__="The process levers; each acts only through the model's mechanisms.",
        **fields_of(registered),
    )


_SHIPPED = lever_registry.registered()
Levers = _levers_model(_SHIPPED)


class Issue(Strict):
    """One negotiable issue. `key` and `label` are data, so a trainer can rename them.

    `low_label` and `high_label` name the two ends of the issue's [0, 1] scale: what a package
    value of 0 and of 1 means. A party's ideal is 0.5 + conflict * stance, so a negative stance
    pulls towards the low end and a positive one towards the high end. They are data only."""

    key: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    label: Text = Field("", max_length=80)
    low_label: Text = Field("", max_length=60, description="what a value of 0 means")
    high_label: Text = Field("", max_length=60, description="what a value of 1 means")
    municipality_stance: Float = Field(-0.5, ge=-1.0, le=1.0)
    corporate_stance: Float = Field(0.5, ge=-1.0, le=1.0)
    boundary: Bool = Field(
        False, description="an issue whose boundaries rules of the game fix (IP, data)"
    )

    @field_validator("key")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value.lower() in RESERVED_KEYS:
            raise ValueError(
                f"{value!r} is the name of a column of the run and series tables; reserved "
                f"names: {', '.join(RESERVED_KEYS)}"
            )
        return value


def _default_issues() -> list[Issue]:
    return [
        Issue(
            key="cost_share",
            label="Cost share",
            low_label="Corporates pay it all",
            high_label="Municipalities pay it all",
            municipality_stance=-0.6,
            corporate_stance=0.4,
        ),
        Issue(
            key="data_ownership",
            label="Data ownership",
            low_label="Municipalities own the data",
            high_label="Corporates own the data",
            municipality_stance=-0.7,
            corporate_stance=0.7,
            boundary=True,
        ),
        Issue(
            key="ip_rights",
            label="IP rights",
            low_label="IP stays public",
            high_label="Corporates hold the IP",
            municipality_stance=-0.5,
            corporate_stance=0.8,
            boundary=True,
        ),
        Issue(
            key="scope",
            label="Scope and ambition",
            low_label="Narrow: one modest service",
            high_label="Broad: city-wide ambition",
            municipality_stance=0.4,
            corporate_stance=-0.2,
        ),
        Issue(
            key="pace",
            label="Pace",
            low_label="Slow, step by step",
            high_label="Fast roll-out",
            municipality_stance=-0.3,
            corporate_stance=0.5,
        ),
    ]


Number = Float | Range


class PartySpec(Strict):
    """One party, or `count` alike parties whose values are drawn from the given ranges."""

    name: Text = Field(min_length=1, max_length=80)
    kind: Literal["municipality", "public_body", "corporate"]
    count: Int = Field(1, ge=1, le=MAX_PARTIES)
    size: Number = 1.0
    council_support: Number = (0.5, 0.9)
    revenue_target: Number = (0.3, 0.7)
    image_weight: Number = (0.2, 0.6)
    openness: Number = (0.3, 0.7)
    concession: Float | Literal["boulware", "linear", "conceder"] | Range = (0.5, 2.0)
    ambition: Number = (0.8, 1.0)
    autonomy: Number = (0.6, 1.4)
    commitment_threshold: Number = (0.25, 0.45)
    stance: list[Float] | None = None
    weights: list[Float] | None = None

    @field_validator(
        "size",
        "council_support",
        "revenue_target",
        "image_weight",
        "openness",
        "ambition",
        "autonomy",
        "commitment_threshold",
    )
    @classmethod
    def _unit_or_range(cls, value: Number, info) -> Number:
        upper = 10.0 if info.field_name in ("size", "autonomy") else 1.0
        low, high = (value, value) if isinstance(value, float | int) else value
        if not (0.0 <= low <= high <= upper):
            raise ValueError(
                f"must be a number or a [low, high] range within 0..{upper:g} with low <= high"
            )
        return value

    @field_validator("concession")
    @classmethod
    def _concession(cls, value):
        if isinstance(value, str):
            return value
        low, high = (value, value) if isinstance(value, float | int) else value
        if not (0.05 <= low <= high <= 20.0):
            raise ValueError(
                "must be boulware, linear, conceder, an exponent in 0.05..20 or a range of them"
            )
        return value

    @field_validator("stance")
    @classmethod
    def _stance(cls, value):
        if value is not None and not all(-1.0 <= s <= 1.0 for s in value):
            raise ValueError("every stance must lie in -1..1 (-1 wants the issue low, 1 high)")
        return value

    @field_validator("weights")
    @classmethod
    def _weights(cls, value):
        if value is not None and not (
            all(0 <= w <= MAX_WEIGHT for w in value) and any(w > 0 for w in value)
        ):
            raise ValueError(f"weights must lie in 0..{MAX_WEIGHT:g} with a positive sum")
        return value


class Parameters(Strict):
    """Mechanism constants (docs/ODD.md, submodels). Defaults are the calibrated values."""

    fit_weight: Float = Field(1.0, gt=0, le=2, description="weight of issue fit in utility")
    synergy: Float = Field(
        0.5, ge=0, le=2, description="joint value per member at full integration"
    )
    autonomy_scale: Float = Field(1.0, ge=0, le=2, description="autonomy cost at autonomy_cost=1")
    perception_error: Float = Field(
        0.35, ge=0, le=2, description="s.d. of perceived ideals at zero trust and openness"
    )
    overstatement: Float = Field(
        0.5, ge=0, le=1, description="how far low-trust parties exaggerate"
    )
    transaction_cost: Float = Field(
        0.1, ge=0, le=1, description="expected cost of working with parties one does not trust"
    )
    trust_gain: Float = Field(0.08, ge=0, le=1, description="rate at which trust is earned")
    trust_loss: Float = Field(0.15, ge=0, le=1, description="rate at which trust is lost")
    dialogue_trust: Float = Field(1.5, ge=0, le=5, description="trust earned per month of dialogue")
    dialogue_learning: Float = Field(
        0.15, ge=0, le=1, description="share of perception error removed per month of dialogue"
    )
    rejection_blame: Float = Field(
        0.1,
        ge=0,
        le=1,
        description="trust signal lost by those who rejected a package others accepted",
    )
    self_serving_margin: Float = Field(
        0.08, ge=0, le=1, description="gap that makes an offer look self-serving"
    )
    rules_months: Float = Field(
        6.0, ge=0, le=36, description="months to agree rules at full strength"
    )
    openness_floor: Float = Field(
        0.8, ge=0, le=1, description="openness obliged by rules at full strength"
    )
    rules_binding: Float = Field(
        0.3, ge=0, le=1, description="share of the cost of distrust that binding rules take away"
    )
    exit_penalty: Float = Field(
        0.1, ge=0, le=1, description="cost of leaving under binding rules at full strength"
    )
    dispute_resolution: Float = Field(
        0.4,
        ge=0,
        le=1,
        description="chance a dispute procedure at full strength settles a conflict",
    )
    coordinator_fee: Float = Field(0.025, ge=0, le=1, description="fee per member at full skill")
    coordinator_learning: Float = Field(
        0.15,
        ge=0,
        le=1,
        description="share of the coordinator's error removed per round at full skill",
    )
    coordinator_purpose: Float = Field(
        0.15,
        ge=0,
        le=1,
        description="trust signal of going back to the purpose after a rejected round, at full skill",
    )
    batna_spread: Float = Field(
        0.6, ge=0, le=1, description="spread of the parties' BATNAs around the reservation knob"
    )
    coordinator_repair: Float = Field(
        0.5, ge=0, le=1, description="share of a round's trust loss repaired at full skill"
    )
    council_months: Int = Field(2, ge=1, le=12)
    council_concern: Float = Field(
        0.35, ge=0, le=1, description="council's worry about unfixed boundaries"
    )
    development_months: Int = Field(3, ge=0, le=24)
    quorum: Float = Field(
        0.5, gt=0, le=1, description="share of joining parties the partnership needs"
    )
    hidden_cost: Float = Field(
        0.3, ge=0, le=1, description="largest hidden transaction cost per member-month"
    )
    execution_noise: Float = Field(0.15, ge=0, le=1, description="s.d. of monthly realised value")
    conflict_rate: Float = Field(
        0.12, ge=0, le=1, description="monthly chance of a conflict with unfixed boundaries"
    )
    quick_win_chance: Float = Field(
        0.15, ge=0, le=1, description="monthly chance of a first success in early execution"
    )
    quick_win_window: Int = Field(6, ge=0, le=60)
    commitment_rate: Float = Field(0.15, ge=0, le=1)


class Scenario(Strict):
    """A validated scenario. Knobs have the dotted names of docs/model.md."""

    name: Text = Field("scenario", min_length=1, max_length=80)
    title: Text = Field("", max_length=200)
    description: LongText = Field("", max_length=10_000)
    language: Literal["nl", "en"] = "en"
    sources: list[Annotated[LongText, Field(max_length=2_000)]] = Field(
        default_factory=list, max_length=100
    )
    conflict: Unit = 0.5
    initial_trust: Unit = 0.4
    autonomy_cost: Unit = 0.4
    reservation: Unit = 0.5
    deadline_months: Int = Field(36, ge=1, le=MAX_MONTHS)
    execution_months: Int = Field(24, ge=0, le=MAX_MONTHS)
    levers: Levers = Levers()
    issues: list[Issue] = Field(
        default_factory=_default_issues, min_length=1, max_length=MAX_ISSUES
    )
    parties: list[PartySpec] = Field(min_length=1, max_length=MAX_PARTIES)
    parameters: Parameters = Parameters()

    @model_validator(mode="after")
    def _combinations(self) -> Scenario:
        check_combinations(self)
        return self

    @property
    def n_parties(self) -> int:
        return sum(spec.count for spec in self.parties)

    @property
    def party_names(self) -> list[str]:
        """Every party's name after `count` expansion, as the model names them."""
        return [
            spec.name if spec.count == 1 else f"{spec.name} {number + 1}"
            for spec in self.parties
            for number in range(spec.count)
        ]

    @property
    def issue_keys(self) -> list[str]:
        return [issue.key for issue in self.issues]

    def with_overrides(self, **overrides: Any) -> Scenario:
        """A copy with dotted-name overrides applied and validated again."""
        return _validate(_merge(self.model_dump(), _nest(overrides)), source=self.name)


def check_combinations(scenario: Scenario) -> None:
    """The rules that tie fields together (a ValueError names the field): run by validation,
    and by experiment cells whose factor values were each validated once."""
    n_issues = len(scenario.issues)
    keys = [issue.key for issue in scenario.issues]
    if len(set(keys)) != len(keys):
        raise ValueError(f"issues: keys must be unique, got {keys}")
    for position, spec in enumerate(scenario.parties):
        for field in ("stance", "weights"):
            value = getattr(spec, field)
            if value is not None and len(value) != n_issues:
                raise ValueError(
                    f"parties.{position}.{field}: needs one value per issue "
                    f"({n_issues}: {', '.join(keys)}), got {len(value)}"
                )
    total = scenario.n_parties
    if total < 2:
        raise ValueError("parties: a partnership needs at least 2 parties in all")
    if total > MAX_PARTIES:
        raise ValueError(f"parties: at most {MAX_PARTIES} parties in all, got {total}")
    if not any(spec.kind == "corporate" for spec in scenario.parties):
        raise ValueError("parties: at least one party of kind 'corporate' is needed")
    if not any(spec.kind != "corporate" for spec in scenario.parties):
        raise ValueError("parties: at least one municipality or public_body is needed")
    if scenario.levers.core_size > total:
        raise ValueError(
            f"levers.core_size: the core group ({scenario.levers.core_size}) cannot be larger "
            f"than the party list ({total})"
        )
    if scenario.levers.growth == "core_group" and scenario.levers.core_size == 1:
        raise ValueError("levers.core_size: a core group needs at least 2 parties (or 0 = auto)")
    names = scenario.party_names
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValueError(
                f"parties: party names must be unique after count expansion "
                f"(a party with count = n is named 'name 1' .. 'name n'), {name!r} occurs "
                "twice"
            )
        seen.add(name)
    if not any(_upper(spec.size) > 0 for spec in scenario.parties):
        raise ValueError("parties: at least one party needs a size above 0")


def _upper(value: Any) -> float:
    return value if isinstance(value, float | int) else value[1]


KNOBS = (
    "conflict",
    "initial_trust",
    "autonomy_cost",
    "reservation",
    "deadline_months",
    "execution_months",
    *lever_registry.knobs(),
)
"""The knobs every scenario exposes, by their exact dotted names."""


def scenario_dir() -> Path:
    """Where named scenarios live: $PARTNERSIM_SCENARIOS or the repository's `scenarios/`."""
    configured = os.environ.get("PARTNERSIM_SCENARIOS")
    return Path(configured) if configured else Path(__file__).resolve().parent.parent / "scenarios"


def scenario_names() -> list[str]:
    return sorted(path.stem for path in scenario_dir().glob("*.toml"))


def resolve_path(name_or_path: str | os.PathLike) -> Path:
    """A path as given, else a named scenario in `scenario_dir()`."""
    path = Path(name_or_path)
    if path.suffix == ".toml" or os.path.lexists(path) or os.sep in str(name_or_path):
        return path
    return scenario_dir() / f"{path.name}.toml"


def read_toml(path: Path, what: str = "scenario") -> dict[str, Any]:
    """Parse a TOML file; every failure becomes a ScenarioError naming the file. Only a regular
    file of at most `MAX_FILE_BYTES` is read (`read_text_file`)."""
    known = ""
    if what == "scenario":
        known = f" (named scenarios: {', '.join(scenario_names()) or 'none'})"
    text = read_text_file(path, what, missing=known)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(f"{path}: not valid TOML: {error}") from None


def load_scenario(
    path_or_mapping: str | os.PathLike | Mapping[str, Any] | Scenario, **overrides: Any
) -> Scenario:
    """Load and validate a scenario from a name, a TOML path or a mapping.

    Overrides use the dotted knob names, as keywords (`conflict=0.2`), as dotted keys
    (`**{"levers.rules": 1}`), with `__` for the dot (`levers__rules=1`) or as nested mappings
    (`levers={"rules": 1}`). A bad value raises `ScenarioError` naming the field.
    """
    if isinstance(path_or_mapping, Scenario):
        return path_or_mapping.with_overrides(**overrides) if overrides else path_or_mapping
    if isinstance(path_or_mapping, Mapping):
        raw, source = dict(path_or_mapping), "<mapping>"
    elif not isinstance(path_or_mapping, str | os.PathLike) or not str(path_or_mapping):
        raise ScenarioError(
            "scenario: expected a scenario name, the path of a TOML file, a mapping or a "
            f"Scenario, got {path_or_mapping!r}"
        )
    else:
        path = resolve_path(path_or_mapping)
        raw, source = read_toml(path), str(path)
        raw.setdefault("name", path.stem)
    return _validate(_merge(raw, _nest(overrides)), source=source)


def parse_assignment(text: str) -> tuple[str, Any]:
    """Parse a CLI `dotted.name=value`; the value is read as a TOML value, else as a string."""
    if "=" not in text:
        raise ScenarioError(f"--set {text!r}: expected dotted.name=value, e.g. levers.rules=1")
    name, raw = (part.strip() for part in text.split("=", 1))
    if not name:
        raise ScenarioError(f"--set {text!r}: the name before '=' is empty")
    if not is_field_name(name):
        raise ScenarioError(
            f"--set {text!r}: expected a dotted field name before '=', such as conflict or "
            f"levers.rules (letters, digits and _ separated by dots), got {name!r}"
        )
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    return name, value


_DOTTED = re.compile(r"[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*")


def is_field_name(key: Any) -> bool:
    """Is `key` a field name: parts of letters, digits and _ joined by dots (or by `__`)?"""
    return isinstance(key, str) and bool(_DOTTED.fullmatch(key.replace("__", ".")))


def _nest(overrides: Mapping[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for key, value in overrides.items():
        if not is_field_name(key):
            raise ScenarioError(
                f"override {key!r}: expected a dotted field name such as conflict or "
                "levers.rules (or levers__rules as a keyword)"
            )
        parts = key.replace("__", ".").split(".")
        node = nested
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ScenarioError(f"override {key!r}: {part} is not a table")
        last = parts[-1]
        if isinstance(value, Mapping):  # a nested table: merged with what dotted keys set, copied
            existing = node.get(last)
            node[last] = _merge(existing if isinstance(existing, dict) else {}, value)
        else:
            node[last] = value
    return nested


def _merge(base: dict[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    """`base` updated by `update`, tables merged key by key; neither input is changed."""
    merged = dict(base)
    for key, value in update.items():
        if isinstance(value, Mapping):
            existing = merged.get(key)
            merged[key] = _merge(dict(existing) if isinstance(existing, Mapping) else {}, value)
        else:
            merged[key] = value
    return merged


_MODELS: dict[tuple, type[Scenario]] = {}


def scenario_model() -> type[Scenario]:
    """`Scenario`, or, once a lever has been registered beyond the shipped ones, a subclass
    whose `[levers]` table has that lever's fields too."""
    registered = lever_registry.registered()
    if registered == _SHIPPED:
        return Scenario
    if registered not in _MODELS:
        levers = _levers_model(registered)
        _MODELS[registered] = create_model("Scenario", __base__=Scenario, levers=(levers, levers()))
    return _MODELS[registered]


def _validate(raw: dict[str, Any], source: str) -> Scenario:
    try:
        return scenario_model().model_validate(raw)
    except ValidationError as error:
        raise ScenarioError(_describe(error, source)) from None


UNION_HINTS = {
    "concession": "must be 'boulware', 'linear' or 'conceder', an exponent in 0.05..20 or a "
    "[low, high] range of exponents",
    "size": "must be a number or a [low, high] range within 0..10 with low <= high",
    "autonomy": "must be a number or a [low, high] range within 0..10 with low <= high",
}
"""What a field with several allowed forms takes, said once (others: a number in 0..1 or a
range)."""
NUMBER_OR_RANGE = "must be a number or a [low, high] range within 0..1 with low <= high"


_NUMBER_OR_RANGE = (
    "council_support",
    "revenue_target",
    "image_weight",
    "openness",
    "ambition",
    "commitment_threshold",
)
HINTS = {**UNION_HINTS, **dict.fromkeys(_NUMBER_OR_RANGE, NUMBER_OR_RANGE)}


def _describe(error: ValidationError, source: str) -> str:
    return describe(error, source, allowed_keys=_allowed_keys, hints=HINTS)


def _allowed_keys(location: tuple) -> list[str]:
    model: type[BaseModel] | None = scenario_model()
    current_levers = model.model_fields["levers"].annotation
    for part in location:
        if isinstance(part, int) or model is None:
            continue
        annotation = model.model_fields[part].annotation if part in model.model_fields else None
        model = None
        for candidate in (current_levers, Parameters, Issue, PartySpec):
            if annotation is candidate or str(candidate.__name__) in str(annotation):
                model = candidate
    return sorted(model.model_fields) if model else []
