"""Getting to know each other: months of dialogue before the negotiation (trust investment)."""

from __future__ import annotations

from sim.phases.base import Preparation


class GettingToKnow(Preparation):
    name = "getting_to_know"
