"""partnersim: partnerships between Dutch municipalities and corporates, negotiated, formed and
kept alive, under rules of the game, an independent coordinator and investment in trust."""

from sim.analysis import summarise_runs
from sim.analysis import summarise_runs as summarise  # the name analysts reach for
from sim.experiment import Experiment, load_experiment
from sim.model import FAILURE_REASONS, PHASES, PartnershipModel
from sim.runner import RunResult, replicate, replication_seed, run
from sim.scenario import KNOBS, Scenario, ScenarioError, load_scenario, scenario_names
from sim.sweep import load_results, sweep

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
