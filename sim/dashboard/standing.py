"""Where each party stands in a run, as the dashboard's drawings tell it apart.

- `member`: signed the agreement (or joined it later) and is still in;
- `at_table`: negotiating (with the growth lever `core_group`: one of the core group);
- `waiting`: joined at orientation but waits outside the core group: not at the table and not
  (yet) a member;
- `outside`: stayed out at orientation;
- `left`: was a member and left (an exit during the run);
- `council_rejected`: its council (or general board) voted the agreement down, as a founding
  member or when it was about to join later;
- `undecided`: orientation has not yet been played.

Read from the model's state and its events only; nothing here changes the run.
"""

from __future__ import annotations

from typing import Any

import numpy as np

STANDINGS = ("member", "at_table", "waiting", "outside", "left", "council_rejected", "undecided")
"""Every standing, in the order the legends list them (`member` and `at_table` share a look)."""

ACTIVE = ("member", "at_table")
"""The standings of the parties that are in: at the table or members."""


def standings(model: Any, ever_member: np.ndarray | None = None) -> list[str]:
    """Every party's standing now, in the model's order of parties. `ever_member` (who was a
    member at some month) recognises a member who left even without an exit event."""
    named: dict[str, set[str]] = {"council_rejects": set(), "exit": set(), "decided": set()}
    for event in model.events:
        if event.code in ("council_rejects", "exit"):
            named[event.code].add(event.params["party"])
        elif event.code in ("joins", "stays_out"):
            named["decided"].add(event.params["party"])
    table_set = bool(model.at_table.any())
    result = []
    for party in model.parties:
        i, name = party.index, party.name
        if model.members[i]:
            standing = "member"
        elif name in named["council_rejects"]:
            standing = "council_rejected"
        elif name in named["exit"] or (ever_member is not None and ever_member[i]):
            standing = "left"
        elif model.at_table[i] or (model.participants[i] and not table_set):
            standing = "at_table"  # no table was set (orientation failed): who joined is in
        elif model.participants[i]:
            standing = "waiting"
        elif name in named["decided"]:
            standing = "outside"
        else:
            standing = "undecided"
        result.append(standing)
    return result
