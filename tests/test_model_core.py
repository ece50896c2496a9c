"""The model: determinism, bounds, levers at zero dose, sanity cases, textbook bargaining."""

import numpy as np
import pandas as pd
import pytest

import sim
from sim.runner import replicate, replication_seed, run_outcome


def test_same_seed_same_run_and_series():
    first = sim.run("baseline", seed=11)
    second = sim.run("baseline", seed=11)
    assert first.outcome == second.outcome
    pd.testing.assert_frame_equal(first.monthly, second.monthly)
    assert first.events == second.events


def test_a_reused_seed_sequence_gives_the_same_run():
    seed = replication_seed(9, 0)
    scenario = sim.load_scenario("baseline")
    assert run_outcome(scenario, seed) == run_outcome(scenario, seed)


def test_different_seeds_differ():
    outcomes = [sim.run("baseline", seed=s).outcome for s in range(6)]
    assert len({(o["months"], o["joint_value"]) for o in outcomes}) > 1


def test_replicate_rows_match_single_runs():
    runs = replicate("baseline", 5, seed=3)
    for replication in range(5):
        single = run_outcome(sim.load_scenario("baseline"), replication_seed(3, replication))
        row = runs.iloc[replication]
        assert row["success"] == single["success"]
        assert row["months"] == single["months"]


@pytest.mark.parametrize("name", ["baseline", "all_levers", "azon"])
def test_bounds_every_month(name):
    """Trust and commitment in [0, 1], aspiration never below reservation, values finite."""
    for replication in range(8):
        model = sim.PartnershipModel(
            sim.load_scenario(name), rng=np.random.default_rng(replication_seed(5, replication))
        )
        while model.running:
            model.step()
            assert ((model.trust >= 0) & (model.trust <= 1)).all()
            assert np.allclose(np.diag(model.trust), 1.0)
            assert ((model.commitment >= 0) & (model.commitment <= 1)).all()
            assert (model.aspiration >= model.reservation - 1e-12).all()
            assert np.isfinite(model.experience).all()
            if model.has_table:
                assert np.isfinite(model.evaluate(model.table)).all()
                assert ((model.table >= 0) & (model.table <= 1)).all()


@pytest.mark.parametrize(
    "zero_dose",
    [
        {"levers.rules": 0.0},
        {"levers.rules": False},
        {"levers.coordinator": 0.0},
        {"levers.coordinator": False},
        {"levers.trust_investment_months": 0},
    ],
)
def test_a_lever_at_zero_dose_changes_nothing(zero_dose):
    plain = sim.load_scenario(
        {k: v for k, v in sim.load_scenario("baseline").model_dump().items() if k != "levers"}
    )
    dosed = plain.with_overrides(**zero_dose)
    for replication in range(20):
        seed = replication_seed(9, replication)
        assert run_outcome(plain, seed) == run_outcome(dosed, seed)


def test_outcome_fields_are_consistent():
    runs = replicate("baseline", 150, seed=4)
    assert set(runs["failure_reason"].dropna()) <= set(sim.FAILURE_REASONS)
    successes = runs[runs["success"]]
    assert successes["failure_reason"].isna().all()
    assert successes["formed"].all() and successes["survived"].all()
    failures = runs[~runs["success"]]
    assert failures["failure_reason"].notna().all()
    formed = runs[runs["formed"]]
    assert (formed["months_to_agreement"] <= 36).all()
    assert formed["joint_value"].notna().all()
    assert (
        runs.loc[~runs["formed"], "failure_reason"].isin(["no_zone_of_agreement", "deadline"])
    ).all()


def test_no_zone_of_agreement_never_agrees_whatever_the_levers():
    """MODEL.md: with no zone of agreement it never happens, whatever the levers (500 runs)."""
    for name, extra in [
        ("all_levers", {}),
        ("baseline", {"levers.growth": "core_group"}),
        ("azon", {}),
    ]:
        runs = replicate(
            sim.load_scenario(name, reservation=1.0, **extra),
            500 if name == "all_levers" else 100,
            seed=1,
        )
        assert not runs["formed"].any()
        assert (runs["failure_reason"] == "no_zone_of_agreement").all()


def test_open_round_before_step_gives_the_same_run():
    plain = sim.PartnershipModel(sim.load_scenario("baseline"), rng=np.random.default_rng(21))
    opened = sim.PartnershipModel(sim.load_scenario("baseline"), rng=np.random.default_rng(21))
    plain.run()
    while opened.running:
        opened.open_round()
        opened.step()
    assert plain.outcome() == opened.outcome()


def test_a_seat_that_rejects_blocks_the_round():
    scenario = sim.load_scenario("baseline", conflict=0.0, initial_trust=1.0)
    free = sim.PartnershipModel(scenario, rng=np.random.default_rng(3))
    free.run()
    assert free.months_to_agreement is not None
    seated = sim.PartnershipModel(scenario, rng=np.random.default_rng(3))
    seated.seat = 0
    while seated.running and seated.steps < free.months_to_agreement:
        if seated.open_round() is not None and not seated.seat_proposes_next():
            seated.seat_response = False
        seated.step()
    assert seated.agreement is None or seated.months_to_agreement > free.months_to_agreement
