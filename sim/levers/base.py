"""What a lever is: a dose read from the scenario, the mechanisms it acts through, and hooks.

A lever never touches an outcome. It acts only through the model's mechanisms, each hook one of
them, and every hook's default changes nothing, so a lever at zero dose is neutral by
construction: a factor hook returns 1, an additive hook 0, a selection hook what it was given, a
phase hook zero months. The model and the phases ask every active lever, in registry order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

MECHANISMS = (
    "openness",
    "perception",
    "concession",
    "trust",
    "commitment",
    "transaction_cost",
    "council_information",
    "dispute_settlement",
    "membership",
    "time",
)
"""The mechanisms a lever may act through (docs/ODD.md, "Submodels", says what each does)."""


@dataclass(frozen=True)
class Control:
    """How the dashboard offers a lever: a `slider` (low..high by step), an `int_slider`, a
    `switch_slider` (a switch, and a slider low..high once it is on; off is 0) or a `choice`
    among `choices`."""

    kind: str
    low: float = 0.0
    high: float = 1.0
    step: float = 0.1
    choices: tuple[str, ...] = ()


class Lever:
    """A process lever. Subclasses set the class attributes and override the hooks they use."""

    name: ClassVar[str]
    """The lever's own name (`rules`), used for its texts."""
    knob: ClassVar[str]
    """Its main field in the scenario's `[levers]` table, dotted (`levers.rules`)."""
    fields: ClassVar[dict[str, tuple[Any, Any]]]
    """The scenario fields it owns, as pydantic `(annotation, default or Field)` pairs."""
    mechanisms: ClassVar[tuple[str, ...]]
    """The mechanisms its hooks act through, a subset of `MECHANISMS`."""
    control: ClassVar[Control]
    compare: ClassVar[tuple[Any, Any]]
    """The comparison mode's settings of the knob: off and on."""
    labels: ClassVar[dict[str, str]] = {}
    """Its label per language, if `sim.texts` has none (a lever defined outside the package)."""
    preparation: ClassVar[str | None] = None
    """The preparatory phase whose months this lever sets, if any."""

    def __init__(self, levers: Any, params: Any) -> None:
        self.settings = levers
        self.params = params
        self.dose = getattr(levers, self.knob.split(".", 1)[1])

    @property
    def active(self) -> bool:
        """Does this lever act at all in this run (a dose other than its off setting)?"""
        return self.dose != self.compare[0]

    @classmethod
    def label(cls, language: str = "en") -> str:
        from sim.texts import LEVER_LABELS  # texts are data; no cycle: sim.texts imports nothing

        return LEVER_LABELS.get(language, {}).get(cls.name) or cls.labels.get(language, cls.name)

    # --- hooks: each default changes nothing ----------------------------------------------------
    def preparation_months(self) -> int:
        """Months of this lever's preparatory phase (`preparation`)."""
        return 0

    def prepare(self, model: Any) -> None:
        """At the end of its preparatory phase: what the months of preparation agreed."""

    def dialogue_intensity(self) -> float:
        """How intense a month of its preparatory phase's dialogue is (trust, familiarity)."""
        return 0.0

    def dialogue(self, model: Any, joined: np.ndarray, intensity: float) -> None:
        """After a month of dialogue among the parties that joined."""

    def fee(self) -> float:
        """What it costs each member per unit of value (lowers joint value)."""
        return 0.0

    def transaction_cost(self, model: Any) -> float:
        """Factor on the cost of working with a party one does not trust."""
        return 1.0

    def table(self, model: Any, joined: np.ndarray) -> np.ndarray:
        """Who sits at the negotiating table, of those who joined at orientation."""
        return joined

    def protocol(self, model: Any, table: np.ndarray) -> Any:
        """The negotiation protocol it brings, or None for the default."""
        return None

    def mediator(self, model: Any) -> Any:
        """The agent that proposes for the protocol it brings, or None."""
        return None

    def rejection_sting(self) -> float:
        """Factor on the trust lost over a rejected offer."""
        return 1.0

    def after_rejection(self, model: Any, table: np.ndarray, rejecters: np.ndarray) -> None:
        """After a rejected round, once trust has moved."""

    def council_concern(self) -> float:
        """Factor on a council's concern about what it was not told or cannot bound."""
        return 1.0

    def conflict_rate(self, model: Any) -> float:
        """Factor on the monthly chance of a conflict during execution."""
        return 1.0

    def conflict_unsettled(self) -> float:
        """Factor on the chance that a conflict stays unsettled."""
        return 1.0

    def exit_penalty(self) -> float:
        """What leaving costs a member."""
        return 0.0

    def admit(self, model: Any) -> None:
        """After the agreement, a month in which a willing party outside may join."""


def fold(levers: list[Lever], hook: str, start: float, *args: Any) -> float:
    """`start` times each lever's factor, in registry order (a neutral factor is 1: a lever
    that keeps the default hook is skipped, the same number)."""
    value = start
    for lever in acting(levers, hook):
        value = value * getattr(lever, hook)(*args)
    return value


def acting(levers: list[Lever], hook: str) -> list[Lever]:
    """The levers that override `hook` (the others' hook does nothing), in registry order."""
    neutral = getattr(Lever, hook)
    return [lever for lever in levers if getattr(type(lever), hook) is not neutral]


def fields_of(levers: tuple[type[Lever], ...]) -> dict[str, tuple[Any, Any]]:
    fields: dict[str, tuple[Any, Any]] = {}
    for lever in levers:
        fields.update(lever.fields)
    return fields
