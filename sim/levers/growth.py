"""Growth strategy: everyone at once, or a motivated core group first that others join once
the agreement meets their aspiration ("een gemotiveerde kopgroep", COB et al., Samen werkt het!)."""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np
from pydantic import Field

from sim.levers.base import Control, Lever
from sim.negotiation import strategies
from sim.validation import MAX_PARTIES, Int


class Growth(Lever):
    """Dose: `all_at_once` (neutral) or `core_group`; `core_size` 0 means a third of those who
    joined (at least 2)."""

    name = "growth"
    knob = "levers.growth"
    fields = {
        "growth": (Literal["all_at_once", "core_group"], "all_at_once"),
        "core_size": (
            Int,
            Field(0, ge=0, le=MAX_PARTIES, description="0 = a third of the parties"),
        ),
    }
    mechanisms = ("membership",)
    control = Control("choice", choices=("all_at_once", "core_group"))
    compare = ("all_at_once", "core_group")

    def table(self, model: Any, joined: np.ndarray) -> np.ndarray:
        """The most motivated parties (largest expected gain over the BATNA), with at least one
        public party and one corporate."""
        if not self.active:
            return joined
        willing = np.flatnonzero(joined)
        size = self.settings.core_size or max(2, math.ceil(len(willing) / 3))
        size = min(size, len(willing))
        motivation = (model.best - model.reservation) / model.best
        ranked = willing[np.argsort(-motivation[willing], kind="stable")]
        core = [
            ranked[np.flatnonzero(model.is_public[ranked])[0]],
            ranked[np.flatnonzero(model.is_corporate[ranked])[0]],
        ]
        core += [i for i in ranked if i not in core][: max(0, size - 2)]
        mask = np.zeros(model.n, dtype=bool)
        mask[core] = True
        model.record("core_group", parties=model.party_names(mask))
        return mask

    def admit(self, model: Any) -> None:
        """The most motivated willing party still outside joins when the agreed package meets
        its aspiration (and its council agrees), one a month."""
        if not self.active:
            return
        waiting = np.flatnonzero(model.participants & ~model.members & ~model.signatories)
        if not len(waiting):
            return
        model.aspiration[waiting] = strategies.time_aspiration(
            model.negotiation_progress(),
            model.aspiration_start[waiting],
            model.reservation[waiting],
            model.exponent[waiting],
        )
        scale = model.value_scale(int(model.members.sum()) + 1)
        value = model.evaluate(model.agreement, waiting, scale)
        willing = waiting[
            strategies.accepts(value, model.aspiration[waiting], model.reservation[waiting])
        ]
        if not len(willing):
            return
        motivation = (model.best[willing] - model.reservation[willing]) / model.best[willing]
        newcomer = model.parties[willing[np.argmax(motivation)]]
        newcomer.join_agreement(value[waiting == newcomer.index][0])
