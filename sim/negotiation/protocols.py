"""Protocols: who proposes when, and what ends a round; they know no utilities.

`StackedAlternatingOffers` is the multilateral protocol of the automated negotiating agents
competitions (Aydogan et al. 2017); `SingleTextMediation` is the one-text procedure (Fisher 1978;
Raiffa 1982). Both end on unanimous acceptance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class StackedAlternatingOffers:
    """Multilateral stacked alternating offers: parties propose in a fixed cyclic order, one
    offer a month; the others respond; unanimous acceptance ends the negotiation."""

    order: list[int]
    turn: int = 0
    name: str = "stacked_alternating_offers"

    def peek(self) -> int:
        """Who proposes next (without taking the turn)."""
        return self.order[self.turn % len(self.order)]

    def next_proposer(self) -> int:
        proposer = self.peek()
        self.turn += 1
        return proposer

    @staticmethod
    def agreed(responses: np.ndarray) -> bool:
        return bool(responses.all())


@dataclass
class SingleTextMediation:
    """Single-text mediation: the coordinator tables one text a month and revises it after
    each rejection; unanimous acceptance ends the negotiation."""

    mediator: int = -1
    name: str = "single_text_mediation"

    def peek(self) -> int:
        return self.mediator

    def next_proposer(self) -> int:
        return self.mediator

    @staticmethod
    def agreed(responses: np.ndarray) -> bool:
        return bool(responses.all())
