"""Setting up a run: the random streams, the parties drawn from the scenario, their preferences
and BATNAs."""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.agents import AGENT_CLASSES
from sim.preferences import Preferences, best_utility, ideal_integration
from sim.scenario import CONCESSION_STYLES, Scenario


class Streams:
    """Independent random streams, one per mechanism, all spawned from the model's rng.

    A lever that changes how often one mechanism draws never shifts another's draws, so runs
    with the same seed differ only where the lever acts (common random numbers).
    """

    NAMES = ("parties", "perception", "negotiation", "council", "execution")

    def __init__(self, rng: np.random.Generator) -> None:
        self._seeds = self._children(rng)

    def __getattr__(self, name: str) -> np.random.Generator:
        """A stream is made when it is first used (a run that never reaches the council does
        not pay for its stream); it is the same stream whenever that is."""
        if name not in self.NAMES:
            raise AttributeError(name)
        seed = self._seeds[self.NAMES.index(name)]
        stream = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
        setattr(self, name, stream)
        return stream

    @classmethod
    def _children(cls, rng: np.random.Generator) -> list:
        """Spawn from a copy of the seed sequence: `Generator.spawn` advances the original's
        child counter, so a seed sequence reused for a second model would give other streams.
        (Seed sequences, each made a generator when first used; or generators.)"""
        seq = getattr(rng.bit_generator, "seed_seq", None)
        if not isinstance(seq, np.random.SeedSequence):
            return rng.spawn(len(cls.NAMES))
        copy = np.random.SeedSequence(seq.entropy, spawn_key=seq.spawn_key, pool_size=seq.pool_size)
        return copy.spawn(len(cls.NAMES))


def build_parties(model: Any) -> None:
    """Draw the parties, create their agents and set the arrays of their attributes."""
    spec, rng, params = model.spec, model.streams.parties, model.params
    rows = []
    for entry in spec.parties:
        for number in range(entry.count):
            name = entry.name if entry.count == 1 else f"{entry.name} {number + 1}"
            rows.append(draw_party(entry, name, spec, rng))
    model.n = len(rows)

    def column(key: str) -> np.ndarray:
        return np.array([row[key] for row in rows], dtype=float)

    classes = [AGENT_CLASSES[row["kind"]] for row in rows]
    model.is_public = np.array([cls.has_council for cls in classes])
    model.is_corporate = ~model.is_public
    size = column("size")
    model.council_support = column("council_support")
    model.revenue_target = column("revenue_target")
    model.image_weight = column("image_weight")
    model.openness = column("openness")
    model.exponent = column("concession")
    model.ambition = column("ambition")
    model.commitment_threshold = column("commitment_threshold")
    stance = np.array([row["stance"] for row in rows])
    weights = np.array([row["weights"] for row in rows])
    fee = 0.0
    for lever in model.levers:
        fee = fee + lever.fee()
    model.prefs = Preferences(
        ideals=np.clip(0.5 + spec.conflict * stance, 0.0, 1.0),
        weights=weights / weights.sum(axis=1, keepdims=True),
        stake=size / (size.sum() / len(size)),  # the mean, without its error-state context
        autonomy=spec.autonomy_cost * params.autonomy_scale * column("autonomy"),
        fit_weight=params.fit_weight,
        synergy=params.synergy,
        fee=fee,
    )
    model.best = best_utility(model.prefs)
    model.reservation = model.best * np.clip(
        spec.reservation + params.batna_spread * (1.0 - spec.reservation) * column("batna"),
        0.0,
        1.0,
    )
    model.ideal_integration = ideal_integration(model.prefs)
    model.boundary_share = float(np.mean([issue.boundary for issue in spec.issues]))
    model.parties = [
        cls(model, i, row["name"]) for i, (cls, row) in enumerate(zip(classes, rows, strict=True))
    ]
    model.coordinator = None
    for lever in model.levers:
        model.coordinator = model.coordinator or lever.mediator(model)


def draw_party(entry, name: str, spec: Scenario, rng: np.random.Generator) -> dict[str, Any]:
    """Draw one party's attributes from its entry: numbers as given, ranges uniformly."""

    def draw(value):
        if isinstance(value, tuple):
            return float(rng.uniform(value[0], value[1]))
        return float(value)

    concession = entry.concession
    row = {
        "name": name,
        "kind": entry.kind,
        "size": draw(entry.size),
        "council_support": draw(entry.council_support),
        "revenue_target": draw(entry.revenue_target),
        "image_weight": draw(entry.image_weight),
        "openness": draw(entry.openness),
        "concession": CONCESSION_STYLES[concession]
        if isinstance(concession, str)
        else draw(concession),
        "ambition": draw(entry.ambition),
        "autonomy": draw(entry.autonomy),
        "commitment_threshold": draw(entry.commitment_threshold),
    }
    public = AGENT_CLASSES[entry.kind].has_council
    typical = np.array(
        [issue.municipality_stance if public else issue.corporate_stance for issue in spec.issues]
    )
    noise = rng.standard_normal(len(spec.issues)) * 0.35
    row["stance"] = (
        np.array(entry.stance) if entry.stance is not None else np.clip(typical + noise, -1.0, 1.0)
    )
    dirichlet = rng.dirichlet(np.full(len(spec.issues), 2.0))
    row["batna"] = float(rng.uniform(-1.0, 1.0))
    row["weights"] = np.array(entry.weights) if entry.weights is not None else dirichlet
    return row
