"""Experiments: designs over scenarios, sweeps of their runs, statistics and the report.

Layers, each importing only those before it: `design` and `store` (the experiment file, the
sweep directory), `progress`, `statistics`, `engines` (where batches run), `report`, `sweeps`.
The names below are imported on first use (PEP 562), so importing one module does not import
the others; no name here is also a submodule's name.
"""

from __future__ import annotations

import importlib
from typing import Any

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


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
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
