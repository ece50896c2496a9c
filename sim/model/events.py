"""What happens in a run, as data: events for the story, the dashboard and the debrief, and the
named ways a run can fail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FAILURE_REASONS = (
    "no_zone_of_agreement",
    "deadline",
    "council_rejection",
    "exit_during_execution",
)


@dataclass(frozen=True)
class Event:
    """Something that happened: a month, a code (`joins`, `offer`, ...) and its parameters."""

    month: int
    code: str
    params: dict[str, Any]
