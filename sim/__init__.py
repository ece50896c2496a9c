"""partnersim: partnerships between Dutch municipalities and corporates, negotiated, formed and
kept alive, under rules of the game, an independent coordinator and investment in trust.

The names below are imported on first use (PEP 562), so `import sim` loads nothing heavy."""

from __future__ import annotations

from sim._lazy import exports

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


__getattr__, __dir__ = exports(__name__, _EXPORTS, globals(), renamed=_RENAMED)
