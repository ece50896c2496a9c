"""Negotiation, in three parts kept apart: protocols (who proposes, what ends a round),
strategies (concession, offers, acceptance) and the seat (a negotiator whose decisions come
from a person)."""

from sim.negotiation.protocols import SingleTextMediation, StackedAlternatingOffers
from sim.negotiation.seat import Seat
from sim.negotiation.strategies import (
    accepts,
    fit_concession,
    offer,
    text,
    time_aspiration,
)

__all__ = [
    "Seat",
    "SingleTextMediation",
    "StackedAlternatingOffers",
    "accepts",
    "fit_concession",
    "offer",
    "text",
    "time_aspiration",
]
