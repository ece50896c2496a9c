"""What a phase is: a month's work, how many months it takes, and what happens on entering it.

The model asks the current phase to play each month. A phase that has done its work calls
`model.advance()`, which enters the next phase in `PHASES` order that has any months: a phase
whose `months()` is 0 is skipped (one rule for every phase). `months()` None means the phase
runs until it ends itself (negotiation, execution).
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from sim.trust import dialogue


class Phase:
    name: ClassVar[str]

    def __init__(self, model: Any) -> None:
        self.model = model

    def months(self) -> int | None:
        return None

    def enter(self) -> None:
        """On entering the phase (in the month the previous one ended)."""

    def step(self) -> None:
        raise NotImplementedError


class Preparation(Phase):
    """A preparatory phase that a lever asks for: months of dialogue among the parties that
    joined; at its end, the levers that asked for it take effect (`Lever.prepare`)."""

    def levers(self) -> list:
        return [lever for lever in self.model.levers if lever.preparation == self.name]

    def months(self) -> int:
        return sum(lever.preparation_months() for lever in self.levers())

    def step(self) -> None:
        model = self.model
        levers = self.levers()
        talk(model, max(lever.dialogue_intensity() for lever in levers))
        if model.months_in_phase() >= self.months():
            for lever in levers:
                lever.prepare(model)
            model.advance()


class Timed(Phase):
    """A phase of a fixed number of months in which willing parties may still join."""

    def step(self) -> None:
        model = self.model
        model.admit()
        if model.months_in_phase() >= self.months():
            model.advance()


def talk(model: Any, intensity: float) -> None:
    """A month of dialogue among the willing parties: trust and familiarity grow."""
    joined = np.flatnonzero(model.participants)
    block = np.ix_(joined, joined)
    params = model.params
    trust, familiarity = dialogue(
        model.trust[block],
        model.familiarity[block],
        intensity,
        params.trust_gain * params.dialogue_trust,
        params.trust_loss,
        params.dialogue_learning,
    )
    model.trust[block], model.familiarity[block] = trust, familiarity
    for lever in model.levers:
        lever.dialogue(model, joined, intensity)
