"""partnersim: partnerships between Dutch municipalities and corporates, negotiated, formed and
kept alive, under rules of the game, an independent coordinator and investment in trust."""

from sim.model import FAILURE_REASONS, PHASES, PartnershipModel
from sim.runner import RunResult, replicate, replication_seed, run, summarise
from sim.scenario import KNOBS, Scenario, ScenarioError, load_scenario, scenario_names

__all__ = [
    "FAILURE_REASONS",
    "KNOBS",
    "PHASES",
    "PartnershipModel",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "load_scenario",
    "replicate",
    "replication_seed",
    "run",
    "scenario_names",
    "summarise",
]
