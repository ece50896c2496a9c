"""partnersim: partnerships between Dutch municipalities and corporates, negotiated, formed and
kept alive, under rules of the game, an independent coordinator and investment in trust.

The names below are imported on first use (PEP 562), so `import sim` loads nothing heavy."""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Experiment": "sim.experiments.design",
    "FAILURE_REASONS": "sim.model",
    "KNOBS": "sim.scenario",
    "PHASES": "sim.model",
    "PartnershipModel": "sim.model",
    "RunResult": "sim.runner",
    "Scenario": "sim.scenario",
    "ScenarioError": "sim.scenario",
    "load_experiment": "sim.experiments.design",
    "load_results": "sim.experiments.store",
    "load_scenario": "sim.scenario",
    "replicate": "sim.runner",
    "replication_seed": "sim.runner",
    "run": "sim.runner",
    "scenario_names": "sim.scenario",
    "summarise": "sim.experiments.statistics",
    "summarise_runs": "sim.experiments.statistics",  # the same function, by its older name
    "sweep": "sim.experiments.sweeps",
}
_RENAMED = {"summarise_runs": "summarise"}

__all__ = [
    "Experiment",
    "FAILURE_REASONS",
    "KNOBS",
    "PHASES",
    "PartnershipModel",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "load_experiment",
    "load_scenario",
    "replicate",
    "replication_seed",
    "run",
    "scenario_names",
    "summarise",
    "summarise_runs",
    "sweep",
    "load_results",
]


def __getattr__(name: str) -> Any:
    """An exported name from its module, or a submodule (`sim.runner`) imported on first use."""
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), _RENAMED.get(name, name))
        globals()[name] = value
        return value
    if not name.startswith("_"):
        try:
            return importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{name}":
                raise
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
