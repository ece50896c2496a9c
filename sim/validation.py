"""Validation at the boundary: the strict types and limits shared by scenario files, lever fields
and experiment files (pydantic), and the one formatter of their errors."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

MAX_PARTIES = 200
MAX_ISSUES = 12
MAX_MONTHS = 600


def _bool_as_dose(value: Any) -> Any:
    """`true`/`false` are accepted for on/off levers as 1/0."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    return value


Float = Annotated[float, Field(strict=True)]
"""A number: an int or a float, never a boolean or a numeric string (`true` is not 1)."""
Int = Annotated[int, Field(strict=True)]
"""A whole number, never a boolean, a string or a float."""
Dose = Annotated[float, BeforeValidator(_bool_as_dose), Field(strict=True, ge=0.0, le=1.0)]
Unit = Annotated[float, Field(strict=True, ge=0.0, le=1.0)]
Range = tuple[Float, Float]
"""A `[low, high]` pair: the value is drawn uniformly per run."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)


def _branch_tag(part: Any) -> bool:
    """Is this part of an error location pydantic's name for a union branch (float,
    literal[...], tuple[...]) rather than a field?"""
    return isinstance(part, str) and (
        part in ("float", "int", "str", "bool") or "[" in part or part.startswith("function-")
    )


def _collapse_unions(problems: list[dict], hints: Mapping[str, str]) -> list[dict]:
    """One problem per field: a value that fits none of a union's forms gets one message
    naming the field and the forms allowed (`hints`, by field name), not one line per form."""
    collapsed: dict[tuple, dict] = {}
    for problem in problems:
        loc = tuple(problem["loc"])
        cut = next((i for i, part in enumerate(loc) if _branch_tag(part)), None)
        if cut is None:
            collapsed.setdefault(loc, problem)
            continue
        field = loc[:cut]
        name = field[-1] if field else ""
        union = collapsed.get(field)
        if union is None or union.get("union") is None:
            hint = hints.get(name)
            union = {"loc": field, "msg": hint or problem["msg"], "type": "union", "union": True}
            collapsed[field] = union
        if len(loc) == cut + 1 and "input" in problem:  # the whole value, not an element
            union.setdefault("input", problem["input"])
    return list(collapsed.values())


def describe(
    error: ValidationError,
    source: str,
    allowed_keys: Callable[[tuple], list[str]] | None = None,
    hints: Mapping[str, str] | None = None,
    tags: Collection[str] = (),
) -> str:
    """One line per problem: `source: field 'dotted.name': what is allowed, got value`.

    `allowed_keys(location)` lists the keys of the table at a location, for unknown keys;
    `hints` says per field name what a union field takes; `tags` are discriminator tags, left
    out of the field names."""
    problems = [
        {**problem, "loc": tuple(part for part in problem["loc"] if part not in tags)}
        for problem in error.errors(include_url=False)
    ]
    lines = []
    for problem in _collapse_unions(problems, hints or {}):
        field = ".".join(str(part) for part in problem["loc"])
        message = problem["msg"].removeprefix("Value error, ")
        if not field:
            field, _, message = message.partition(": ")
        if problem["type"] == "extra_forbidden":
            message = "unknown key"
            allowed = allowed_keys(problem["loc"][:-1]) if allowed_keys else []
            if allowed:
                message += f" (allowed here: {', '.join(allowed)})"
        elif "input" in problem and problem["type"] not in ("missing",):
            shown = problem["input"]
            if problem.get("union"):
                message += f", got {shown!r}"
            elif isinstance(shown, float) and not math.isfinite(shown):
                message = f"must be a finite number, got {shown}"
            elif not isinstance(shown, dict | list):
                message += f", got {shown!r}"
        lines.append(f"{source}: field '{field}': {message}")
    return "\n".join(lines)
