"""The seat: a negotiator whose decisions come from a person (a workshop participant).

A seat belongs to one party (`party.seat`). Where the party's own strategy would propose, the
seat's offer is used if the person gave one; where the party would respond, the person's
answer is used if given. Nothing else changes: a seat answers or tables offers only where the
party's own strategy would have, so the mechanisms around it run as always. The model holds no
seat state; the negotiation phase tables each month's offer ahead of the step (`open_round`),
so that a person can answer it before the month is played.
"""

from __future__ import annotations

from typing import Any

import numpy as np


class Seat:
    """A person's decisions for one party."""

    def __init__(self, party: Any) -> None:
        self.party = party
        self.offer: np.ndarray | None = None
        self.response: bool | None = None
        party.seat = self

    @classmethod
    def take(cls, model: Any, index: int) -> Seat:
        """Seat a person at party `index` of the model."""
        return cls(model.parties[index])

    @property
    def index(self) -> int:
        return self.party.index

    def take_offer(self) -> np.ndarray | None:
        """The person's package, once (positions per issue, then integration, clipped to 0-1)."""
        offer, self.offer = self.offer, None
        return None if offer is None else np.clip(np.asarray(offer, dtype=float), 0.0, 1.0)

    def take_response(self) -> bool | None:
        """The person's answer to the offer on the table, once."""
        response, self.response = self.response, None
        return response

    def awaiting(self) -> str | None:
        """What the person must do before the month can be played: `offer` (it is their turn
        to propose), `response` (an offer is on the table) or None."""
        model = self.party.model
        if model.finished or model.phase != "negotiation":
            return None
        if self.proposes_next() and self.offer is None:
            return "offer"
        pending = model.phases["negotiation"].open_round()
        if (
            pending is not None
            and pending[0] != self.index
            and self.index in model.table_idx
            and self.response is None
        ):
            return "response"
        return None

    def proposes_next(self) -> bool:
        """Is it the seated party's turn to propose (so a page should ask for its offer)?"""
        model = self.party.model
        if model.finished or model.phase != "negotiation":
            return False
        round_ = model.phases["negotiation"]
        return round_.pending is None and round_.peek() == self.index
