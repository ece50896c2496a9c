"""Validation at the boundary: the strict types and limits shared by scenario files, lever fields
and experiment files (pydantic), and the one formatter of their errors."""

from __future__ import annotations

import errno
import math
import os
import stat
import unicodedata
from collections.abc import Callable, Collection, Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

MAX_PARTIES = 200
MAX_ISSUES = 12
MAX_MONTHS = 600
MAX_RUNS = 10_000_000
"""The most runs one command may ask for: a sweep in all, `run --replications`, `compare`."""
MAX_CELLS = 50_000
"""The most cells (scenarios x design points) one experiment may have."""
MAX_FILE_BYTES = 1_000_000
"""The largest scenario or experiment file read."""
MAX_WEIGHT = 1e6
"""The largest issue weight: sums of weights stay finite."""


class ScenarioError(ValueError):
    """A scenario, experiment, option or argument that cannot be used; the message says where
    and what is allowed."""


def whole_number(value: Any, name: str, low: int, high: int) -> int:
    """An argument that must be a whole number in low..high (never a bool, a float or a
    string), else a ScenarioError naming it."""
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise ScenarioError(
            f"{name}: must be a whole number from {low:,} to {high:,}, got {value!r}"
        )
    number = int(value.__index__())
    if not low <= number <= high:
        raise ScenarioError(
            f"{name}: must be a whole number from {low:,} to {high:,}, got {number:,}"
        )
    return number


def root_seed(seed: Any) -> Any:
    """A root seed: a whole number from 0 to 2**63 - 1, or a numpy SeedSequence as given."""
    if type(seed).__name__ == "SeedSequence":
        return seed
    return whole_number(seed, "seed", 0, 2**63 - 1)


def read_text_file(path: os.PathLike | str, what: str, missing: str = "") -> str:
    """The text of a regular file of at most MAX_FILE_BYTES, UTF-8 with or without a byte order
    mark; anything else (a FIFO, a device, a directory, a symlink loop, a huge file) is a
    ScenarioError naming the file, raised before a byte is read."""
    try:
        info = os.stat(path)
    except OSError as error:
        if error.errno == errno.ENOENT:
            raise ScenarioError(f"{path}: no such {what} file{missing}") from None
        if error.errno == errno.ELOOP:
            raise ScenarioError(
                f"{path}: cannot read the {what} file: a symlink loop (too many levels of "
                "symbolic links)"
            ) from None
        raise ScenarioError(f"{path}: cannot read the {what} file: {error.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        kind = _FILE_KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
        raise ScenarioError(
            f"{path}: cannot read the {what} file: it is {kind}; a {what} must be a regular "
            "TOML file"
        )
    if info.st_size > MAX_FILE_BYTES:
        raise ScenarioError(
            f"{path}: the {what} file is {info.st_size:,} bytes; at most {MAX_FILE_BYTES:,}"
        )
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ScenarioError(f"{path}: cannot read the {what} file: {error.strerror}") from None
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioError(f"{path}: the {what} file is over {MAX_FILE_BYTES:,} bytes")
    try:
        return data.decode("utf-8-sig")  # a leading byte order mark is dropped
    except UnicodeDecodeError as error:
        raise ScenarioError(
            f"{path}: cannot read the {what} file: not UTF-8 text (byte {error.start})"
        ) from None


_FILE_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def max_workers() -> int:
    """The most worker processes a sweep may start: four per core."""
    return 4 * (os.cpu_count() or 1)


_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _no_control(allow: str = "") -> Callable[[str], str]:
    """Refuse control characters (ANSI escapes, newlines, NUL, bidi overrides, ...) in a printed
    text, except those in `allow` (a description may have line breaks and tabs)."""

    def check(value: str) -> str:
        for char in value:
            if char in allow:
                continue
            if unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in _BIDI:
                raise ValueError(
                    f"must be plain text without control characters (escapes, line breaks), "
                    f"found {char!r}"
                )
        return value

    return check


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
Bool = Annotated[bool, Field(strict=True)]
"""`true` or `false`, never "yes", 1 or a string."""
Text = Annotated[str, Field(strict=True), AfterValidator(_no_control())]
"""One line of plain text: no control characters, escapes or line breaks."""
LongText = Annotated[str, Field(strict=True), AfterValidator(_no_control(allow="\n\t"))]
"""Plain text that may have line breaks and tabs, but no other control characters."""
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
