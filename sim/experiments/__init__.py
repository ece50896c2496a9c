"""Experiments: designs over scenarios, sweeps of their runs, statistics and the report.

Layers, each importing only those before it: `design` and `store` (the experiment file, the
sweep directory), `progress`, `statistics`, `engines` (where batches run), `report`, `sweeps`.
The names below are imported on first use (PEP 562), so importing one module does not import
the others; no name here is also a submodule's name.
"""

from __future__ import annotations

from sim._lazy import exports

_EXPORTS = {
    "Experiment": "sim.experiments.design",
    "cells": "sim.experiments.design",
    "load_experiment": "sim.experiments.design",
    "seed_keys": "sim.experiments.design",
    "comparisons": "sim.experiments.statistics",
    "logistic_regression": "sim.experiments.statistics",
    "newcombe_difference": "sim.experiments.statistics",
    "sensitivity": "sim.experiments.statistics",
    "success_table": "sim.experiments.statistics",
    "summarise": "sim.experiments.statistics",
    "ema_form": "sim.experiments.report",
    "write_report": "sim.experiments.report",
    "execute": "sim.experiments.sweeps",
    "plan": "sim.experiments.sweeps",
    "sweep": "sim.experiments.sweeps",
    "load_results": "sim.experiments.store",
    "load_series": "sim.experiments.store",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = exports(__name__, _EXPORTS, globals())
