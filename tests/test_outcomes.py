"""Every run ends in success or exactly one named failure, whatever the valid scenario and lever
settings; summaries count every run once; the story never contradicts the outcome."""

from __future__ import annotations

import numpy as np
import pandas as pd

import sim
from sim.runner import replication_seed, run_outcome
from sim.story import story
from sim.texts import REASON_LABELS

SETTINGS = 2000


def random_settings(rng: np.random.Generator) -> dict:
    """A valid scenario override: the situation's knobs, the levers and the horizon drawn over
    their whole allowed ranges (preparation longer than the deadline included)."""
    parties = [
        {"name": "Gemeente", "kind": "municipality", "count": int(rng.integers(1, 4))},
        {"name": "Waterschap", "kind": "public_body", "count": int(rng.integers(0, 2)) or 1},
        {"name": "Bedrijf", "kind": "corporate", "count": int(rng.integers(1, 3))},
    ]
    return {
        "conflict": float(rng.uniform(0, 1)),
        "initial_trust": float(rng.uniform(0, 1)),
        "autonomy_cost": float(rng.uniform(0, 1)),
        "reservation": float(rng.uniform(0, 1)),
        "deadline_months": int(rng.integers(1, 48)),
        "execution_months": int(rng.integers(0, 36)),
        "parties": parties,
        "levers": {
            "rules": float(rng.choice([0.0, rng.uniform(0, 1)])),
            "coordinator": float(rng.choice([0.0, rng.uniform(0, 1)])),
            "trust_investment_months": int(rng.choice([0, rng.integers(1, 70)])),
            "growth": str(rng.choice(["all_at_once", "core_group"])),
        },
    }


def test_every_run_ends_in_success_or_exactly_one_named_failure():
    rng = np.random.default_rng(np.random.SeedSequence(20261130))
    base = sim.load_scenario("baseline").model_dump()
    rows = []
    for number in range(SETTINGS):
        settings = random_settings(rng)
        scenario = sim.load_scenario({**base, "name": f"random {number}", **settings})
        outcome = run_outcome(scenario, replication_seed(7, number))
        assert outcome["success"] == (outcome["failure_reason"] is None), (settings, outcome)
        assert outcome["failure_reason"] in (None, *sim.FAILURE_REASONS)
        assert outcome["formed"] or not outcome["success"]
        if outcome["failure_reason"] == "too_few_willing":
            assert outcome["months"] == 1 and not outcome["formed"]
        rows.append({"replication": number, **outcome})
    runs = pd.DataFrame(rows).assign(scenario="random")
    summary = sim.summarise(runs).iloc[0]
    assert summary["successes"] + sum(summary[r] for r in sim.FAILURE_REASONS) == SETTINGS
    reasons = set(runs["failure_reason"].dropna())
    assert {"too_few_willing", "deadline"} <= reasons and len(reasons) >= 4, reasons


def test_a_summary_counts_each_run_once_per_cell():
    runs = sim.replicate(sim.load_scenario("baseline", reservation=0.9), 300, seed=3)
    row = sim.summarise(runs).iloc[0]
    assert row["successes"] + sum(row[r] for r in sim.FAILURE_REASONS) == row["n"] == 300


def test_preparation_past_the_deadline_is_a_deadline_failure_within_the_month_limit():
    for overrides in (
        {"levers.trust_investment_months": 67},
        {"levers.trust_investment_months": 62, "levers.rules": 1.0},
        {"deadline_months": 1, "levers.trust_investment_months": 120},
    ):
        result = sim.run(sim.load_scenario("baseline", **overrides), seed=0)
        assert result.failure_reason == "deadline" and not result.success
        lines = story(result.events, result.outcome, "en").splitlines()
        assert lines[0].startswith("baseline: FAILURE")
        assert lines[-1] == f"Outcome: {REASON_LABELS['en']['deadline']}."


def test_the_story_never_contradicts_the_outcome():
    rng = np.random.default_rng(np.random.SeedSequence(11))
    base = sim.load_scenario("baseline").model_dump()
    for number in range(60):
        scenario = sim.load_scenario({**base, **random_settings(rng)})
        result = sim.run(scenario, seed=number)
        for language in ("en", "nl"):
            lines = story(result.events, result.outcome, language).splitlines()
            verdict = "SUCCESS" if result.success else "FAILURE"
            assert f": {verdict} after {result.months} months" in lines[0]
            label = REASON_LABELS[language][result.failure_reason]
            assert lines[-1] == f"Outcome: {label}."


def test_an_offer_is_told_in_the_singular_and_the_plural_and_the_coordinator_in_the_language():
    from sim.model import Event
    from sim.story import describe

    one_two = Event(3, "offer", {"proposer": "A", "package": [0.1], "accepted": ["B"],
                                 "rejected": ["C", "D"]})  # fmt: skip
    assert (
        describe(one_two, "nl") == "A legt een voorstel op tafel; 1 stemt in, 2 wijzen af (C, D)."
    )
    assert describe(one_two, "en") == "A tables a proposal; 1 accepts, 2 reject (C, D)."
    mediated = Event(3, "offer", {"proposer": "Coordinator", "package": [0.1],
                                  "accepted": ["B", "E"], "rejected": []})  # fmt: skip
    assert (
        describe(mediated, "nl")
        == "De coördinator legt een voorstel op tafel; 2 stemmen in, 0 wijzen af."
    )
    assert describe(mediated, "en").startswith("The coordinator tables a proposal; 2 accept")
