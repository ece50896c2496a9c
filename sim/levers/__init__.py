"""The process levers, one module and one class each, and the registry that lists them once.

Everything that enumerates levers derives from `registered()`: the scenario's `[levers]` table,
the command line's knobs, the experiment factors, the dashboard's controls and its comparison
menu. Adding a lever means one new module (a `Lever` subclass) plus its texts in `sim.texts`;
`register` plugs in a lever defined elsewhere.
"""

from __future__ import annotations

from sim.levers.base import MECHANISMS, Control, Lever
from sim.levers.coordinator import CoordinatorLever
from sim.levers.growth import Growth
from sim.levers.rules import RulesOfTheGame
from sim.levers.trust_investment import TrustInvestment

_REGISTRY: list[type[Lever]] = [RulesOfTheGame, CoordinatorLever, TrustInvestment, Growth]


def registered() -> tuple[type[Lever], ...]:
    """The levers, in the order the model asks them."""
    return tuple(_REGISTRY)


def register(lever: type[Lever]) -> None:
    """Add a lever (after the shipped ones); scenarios validated from now on accept its knob."""
    if any(known.knob == lever.knob or known.name == lever.name for known in _REGISTRY):
        raise ValueError(f"a lever named {lever.name!r} or with knob {lever.knob!r} exists")
    _REGISTRY.append(lever)


def unregister(lever: type[Lever]) -> None:
    _REGISTRY.remove(lever)


def knobs() -> tuple[str, ...]:
    """The levers' knobs by their dotted scenario names (`levers.rules`, ...)."""
    return tuple(lever.knob for lever in _REGISTRY)


def by_knob(knob: str) -> type[Lever]:
    for lever in _REGISTRY:
        if lever.knob == knob:
            return lever
    raise KeyError(knob)


def build(levers_settings, params) -> list[Lever]:
    """The levers of one run, each with its dose from the scenario's `[levers]` table."""
    return [lever(levers_settings, params) for lever in _REGISTRY]


__all__ = [
    "MECHANISMS",
    "Control",
    "CoordinatorLever",
    "Growth",
    "Lever",
    "RulesOfTheGame",
    "TrustInvestment",
    "build",
    "by_knob",
    "knobs",
    "register",
    "registered",
    "unregister",
]
