"""Agreeing the rules of the game: months of talks, at the end of which the rules take force."""

from __future__ import annotations

from sim.phases.base import Preparation


class Rules(Preparation):
    name = "rules"
