"""What happens in a run, as data: events for the story, the dashboard and the debrief, and the
named ways a run can fail: every run ends in success or exactly one of them.

- `too_few_willing`: at orientation fewer than two parties, or no public party or no corporate,
  expected a gain from working together;
- `no_zone_of_agreement`: at the deadline, no package gives every party at the table more than
  its BATNA (decided exactly);
- `deadline`: the parties at the table did not agree before the deadline although such a package
  exists, or the preparation ran past the deadline;
- `council_rejection`: after the councils' votes too few founding members remain;
- `exit_during_execution`: members left during execution until too few remained.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FAILURE_REASONS = (
    "too_few_willing",
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
