"""Running the model: one run, or replications, with all randomness from one seed.

Every replication's seed is `numpy.random.SeedSequence(root, spawn_key=(replication,))`, so a
replication has the same random numbers whatever else runs, in whatever order or process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.model import Event, PartnershipModel
from sim.scenario import Scenario, load_scenario
from sim.validation import MAX_RUNS, root_seed, whole_number

OUTCOME_FIELDS = (
    "formed",
    "survived",
    "success",
    "months_to_agreement",
    "failure_reason",
    "joint_value",
    "member_gains",
    "distance_to_nash",
    "distance_to_pareto",
)


def replication_seed(
    root: int | np.random.SeedSequence, replication: int, *key: int
) -> np.random.SeedSequence:
    """The seed of one replication (and, optionally, of one cell) under a root seed."""
    entropy = root.entropy if isinstance(root, np.random.SeedSequence) else int(root)
    return np.random.SeedSequence(entropy, spawn_key=(*key, replication))


@dataclass
class RunResult:
    """The outcome of one run, its monthly series and its event log."""

    outcome: dict[str, Any]
    monthly: pd.DataFrame | None
    events: list[Event] = field(default_factory=list)
    model: PartnershipModel | None = field(default=None, repr=False)

    def __getattr__(self, name: str) -> Any:
        if name in ("outcome", "monthly", "events", "model"):
            raise AttributeError(name)
        try:
            return self.outcome[name]
        except KeyError:
            raise AttributeError(name) from None


def monthly_table(model: PartnershipModel) -> pd.DataFrame:
    """The DataCollector's monthly series, with the package on the table as one column per
    issue plus `integration`."""
    frame = model.datacollector.get_model_vars_dataframe().reset_index(names="step")
    frame.insert(0, "month", frame.pop("step") + 1)
    packages = pd.DataFrame(
        frame.pop("package").tolist(), columns=[*model.issue_keys, "integration"]
    )
    return pd.concat([frame, packages], axis=1)


def run(
    scenario: Scenario | str | dict,
    seed: int | np.random.SeedSequence = 0,
    keep_model: bool = False,
    series: bool = True,
) -> RunResult:
    """Run one partnership initiative to its end. series=False skips the monthly series (the
    run is the same; `monthly` is then None): what the command line's story needs."""
    scenario, seed = load_scenario(scenario), root_seed(seed)
    rng = np.random.default_rng(
        seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(int(seed))
    )
    model = PartnershipModel(scenario, rng=rng, collect=series)
    model.run()
    return RunResult(
        model.outcome(),
        monthly_table(model) if series else None,
        model.events,
        model if keep_model else None,
    )


def run_outcome(scenario: Scenario, seed: np.random.SeedSequence) -> dict[str, Any]:
    """One run's outcome only (no monthly table): the fast path for sweeps."""
    model = PartnershipModel(scenario, rng=np.random.default_rng(seed), collect=False)
    model.run()
    return model.outcome()


def replicate(scenario: Scenario | str | dict, n: int, seed: int = 0) -> pd.DataFrame:
    """n replications, one row per run (replication numbers 0..n-1); n at most MAX_RUNS."""
    scenario, n = load_scenario(scenario), whole_number(n, "n (replications)", 1, MAX_RUNS)
    seed = root_seed(seed)
    rows = []
    for replication in range(n):
        outcome = run_outcome(scenario, replication_seed(seed, replication))
        rows.append({"replication": replication, **outcome})
    return pd.DataFrame(rows)
