"""The model (sim.model, through sim.run and sim.PartnershipModel): determinism, bounds in
every month, levers at zero dose, consistent outcomes, the round API used by a seated player."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim
from sim.negotiation import Seat
from sim.runner import OUTCOME_FIELDS, replicate, replication_seed, run_outcome

SOURCE_SCENARIOS = ["azon", "hilversum_pps", "eindhoven_5g"]


def model_for(scenario, seed) -> sim.PartnershipModel:
    return sim.PartnershipModel(
        sim.load_scenario(scenario), rng=np.random.default_rng(np.random.SeedSequence(seed))
    )


def assert_state_in_bounds(model: sim.PartnershipModel) -> None:
    trust, commitment = model.trust, model.commitment
    assert ((trust >= 0.0) & (trust <= 1.0)).all(), f"trust out of [0, 1] in month {model.steps}"
    np.testing.assert_array_equal(np.diag(trust), 1.0)
    assert ((commitment >= 0.0) & (commitment <= 1.0)).all(), (
        f"commitment out of [0, 1] in month {model.steps}: {commitment}"
    )
    assert (model.aspiration >= model.reservation - 1e-12).all()
    assert np.isfinite(model.aspiration).all() and np.isfinite(model.reservation).all()
    assert np.isfinite(model.experience).all()
    if model.has_table:
        assert ((model.table >= 0.0) & (model.table <= 1.0)).all()
        assert np.isfinite(model.evaluate(model.table, np.arange(model.n))).all()


def step_to_the_end(model: sim.PartnershipModel) -> None:
    assert_state_in_bounds(model)
    while model.running:
        model.step()
        assert_state_in_bounds(model)


# --- determinism -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["baseline", "all_levers", "azon"])
def test_same_seed_gives_identical_outcome_series_and_events(name):
    first, second = sim.run(name, seed=11), sim.run(name, seed=11)
    assert first.outcome == second.outcome
    pd.testing.assert_frame_equal(first.monthly, second.monthly)
    assert first.events == second.events


def test_different_seeds_differ():
    outcomes = [sim.run("baseline", seed=seed).outcome for seed in range(6)]
    assert len({(o["months"], o["success"], o["joint_value"]) for o in outcomes}) > 1


def test_collecting_the_monthly_series_does_not_change_the_run():
    scenario = sim.load_scenario("all_levers")
    for replication in range(5):
        seed = replication_seed(4, replication)
        assert sim.run(scenario, seed=seed).outcome == run_outcome(scenario, seed)


def test_replicate_rows_are_the_single_runs():
    scenario = sim.load_scenario("baseline")
    runs = replicate(scenario, 6, seed=3)
    assert runs["replication"].tolist() == list(range(6))
    for replication in range(6):
        single = run_outcome(scenario, replication_seed(3, replication))
        row = runs.iloc[replication]
        for field in ("success", "months", "failure_reason", "months_to_agreement"):
            assert row[field] == single[field] or (pd.isna(row[field]) and single[field] is None)


def test_a_reused_seed_sequence_gives_the_same_run():
    seed = replication_seed(9, 0)
    scenario = sim.load_scenario("baseline")
    assert run_outcome(scenario, seed) == run_outcome(scenario, seed)


# --- bounds ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "overrides"),
    [
        ("baseline", {}),
        ("all_levers", {}),
        ("baseline", {"levers.growth": "core_group"}),
        *[(name, {}) for name in SOURCE_SCENARIOS],
    ],
)
def test_bounds_in_every_month(name, overrides):
    scenario = sim.load_scenario(name, **overrides)
    for replication in range(6):
        model = sim.PartnershipModel(
            scenario, rng=np.random.default_rng(replication_seed(5, replication))
        )
        step_to_the_end(model)
        assert model.finished
        monthly = model.datacollector.get_model_vars_dataframe()
        assert monthly["mean_trust"].between(0.0, 1.0).all()
        commitment = monthly["mean_commitment"].dropna()
        assert commitment.between(0.0, 1.0).all()


KNOB_VALUES = st.fixed_dictionaries(
    {
        "conflict": st.floats(0.0, 1.0),
        "initial_trust": st.floats(0.0, 1.0),
        "autonomy_cost": st.floats(0.0, 1.0),
        "reservation": st.floats(0.0, 1.0),
        "deadline_months": st.integers(1, 48),
        "execution_months": st.integers(0, 30),
        "levers.rules": st.one_of(st.booleans(), st.floats(0.0, 1.0)),
        "levers.coordinator": st.one_of(st.booleans(), st.floats(0.0, 1.0)),
        "levers.trust_investment_months": st.integers(0, 12),
        "levers.growth": st.sampled_from(["all_at_once", "core_group"]),
    }
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(
    knobs=KNOB_VALUES,
    name=st.sampled_from(["baseline", "eindhoven_5g"]),
    seed=st.integers(0, 2**32),
)
def test_bounds_and_consistent_outcome_for_any_knob_setting(knobs, name, seed):
    scenario = sim.load_scenario(name, **knobs)
    model = sim.PartnershipModel(scenario, rng=np.random.default_rng(seed))
    step_to_the_end(model)
    assert_outcome_consistent(model.outcome(), scenario)


def test_commitment_stays_in_unit_interval_at_the_largest_allowed_commitment_rate():
    scenario = sim.load_scenario("baseline", parameters={"commitment_rate": 1.0})
    for replication in range(10):
        model = sim.PartnershipModel(
            scenario, rng=np.random.default_rng(replication_seed(1, replication))
        )
        step_to_the_end(model)


# --- outcomes ----------------------------------------------------------------------------------


def assert_outcome_consistent(outcome: dict, scenario: sim.Scenario) -> None:
    assert set(OUTCOME_FIELDS) <= set(outcome)
    reason = outcome["failure_reason"]
    assert reason is None or reason in sim.FAILURE_REASONS
    assert outcome["survived"] == outcome["success"]
    if outcome["success"]:
        assert reason is None and outcome["formed"] and outcome["survived"]
    else:
        assert reason is not None, "a run that did not succeed must name its failure"
    if outcome["formed"]:
        months = outcome["months_to_agreement"]
        assert 1 <= months <= scenario.deadline_months
        levers, params = scenario.levers, scenario.parameters
        rules_months = max(1, round(levers.rules * params.rules_months)) if levers.rules else 0
        # orientation, then the months the levers cost, then at least one round
        assert months >= 1 + levers.trust_investment_months + rules_months + 1
        assert math.isfinite(outcome["joint_value"])
        assert outcome["member_gains"] and all(
            math.isfinite(gain) for gain in outcome["member_gains"].values()
        )
        assert outcome["distance_to_pareto"] >= 0.0
        assert reason in (None, "council_rejection", "exit_during_execution")
    else:
        assert outcome["months_to_agreement"] is None and outcome["joint_value"] is None
        assert reason in ("too_few_willing", "no_zone_of_agreement", "deadline")


@pytest.mark.parametrize(
    ("name", "overrides"),
    [
        ("baseline", {}),
        ("all_levers", {}),
        ("all_levers", {"levers.growth": "core_group"}),
        ("azon", {}),
        ("eindhoven_5g", {}),
    ],
)
def test_outcomes_are_consistent(name, overrides):
    scenario = sim.load_scenario(name, **overrides)
    runs = replicate(scenario, 100, seed=4)
    for outcome in runs.to_dict("records"):
        outcome = {
            k: (None if not isinstance(v, dict) and pd.isna(v) else v) for k, v in outcome.items()
        }
        assert_outcome_consistent(outcome, scenario)
    assert runs["success"].any() and not runs["success"].all()


def test_the_levers_cost_months_of_the_deadline():
    """Trust investment and rules take months; longer than the deadline allows, no agreement."""
    scenario = sim.load_scenario(
        "all_levers", deadline_months=10, **{"levers.trust_investment_months": 12}
    )
    runs = replicate(scenario, 30, seed=0)
    assert not runs["formed"].any()
    assert set(runs["failure_reason"]) <= {"deadline", "too_few_willing"}
    assert (runs["failure_reason"] == "deadline").any()


def test_events_and_monthly_series_tell_the_same_story_as_the_outcome():
    for seed in range(8):
        result = sim.run("baseline", seed=seed)
        outcome, monthly, events = result.outcome, result.monthly, result.events
        assert monthly["month"].tolist() == list(range(1, outcome["months"] + 1))
        assert set(monthly["phase"]) <= set(sim.PHASES)
        assert monthly["phase"].iloc[0] == "orientation"
        issue_columns = [*sim.load_scenario("baseline").issue_keys, "integration"]
        assert set(issue_columns) <= set(monthly.columns)
        packages = monthly[issue_columns].dropna()
        assert ((packages >= 0) & (packages <= 1)).all().all()
        agreements = [event for event in events if event.code == "agreement"]
        failures = [event for event in events if event.code == "failure"]
        if outcome["formed"]:
            assert [event.month for event in agreements] == [outcome["months_to_agreement"]]
        else:
            assert agreements == []
        assert [event.params["reason"] for event in failures] == (
            [outcome["failure_reason"]] if outcome["failure_reason"] else []
        )
        assert any(event.code == "success" for event in events) == outcome["success"]


# --- levers at zero dose -----------------------------------------------------------------------


def without_lever(name: str, lever: str | None = None) -> sim.Scenario:
    """The scenario with one lever key (or the whole [levers] table) removed."""
    raw = sim.load_scenario(name).model_dump()
    if lever is None:
        raw.pop("levers")
    else:
        raw["levers"].pop(lever)
    return sim.load_scenario(raw)


@pytest.mark.parametrize(
    ("name", "lever", "zero"),
    [
        ("baseline", None, {"levers.rules": 0.0}),
        ("baseline", None, {"levers.rules": False}),
        ("baseline", None, {"levers.coordinator": 0.0}),
        ("baseline", None, {"levers.coordinator": False}),
        ("baseline", None, {"levers.trust_investment_months": 0}),
        (
            "baseline",
            None,
            {
                "levers.rules": 0,
                "levers.coordinator": False,
                "levers.trust_investment_months": 0,
            },
        ),
        # one lever at zero among others that act
        ("all_levers", "rules", {"levers.rules": 0.0}),
        ("all_levers", "coordinator", {"levers.coordinator": False}),
        ("all_levers", "trust_investment_months", {"levers.trust_investment_months": 0}),
    ],
)
def test_a_lever_at_zero_dose_changes_nothing(name, lever, zero):
    plain = without_lever(name, lever)
    dosed = plain.with_overrides(**zero)
    for replication in range(15):
        seed = replication_seed(9, replication)
        assert run_outcome(plain, seed) == run_outcome(dosed, seed)
    first, second = sim.run(plain, seed=2), sim.run(dosed, seed=2)
    pd.testing.assert_frame_equal(first.monthly, second.monthly)
    assert first.events == second.events


def test_a_lever_with_a_dose_does_change_the_runs():
    """The zero-dose test could pass if levers did nothing at all; they do."""
    plain = sim.load_scenario("baseline")
    for dose in ({"levers.rules": 1.0}, {"levers.coordinator": 0.8}):
        dosed = plain.with_overrides(**dose)
        outcomes = [
            (run_outcome(plain, replication_seed(9, r)), run_outcome(dosed, replication_seed(9, r)))
            for r in range(10)
        ]
        assert any(a != b for a, b in outcomes)


# --- the round API (a person in a seat) ----------------------------------------------------------


def open_round(model: sim.PartnershipModel):
    return model.phases["negotiation"].open_round()


@pytest.mark.parametrize(("name", "seed"), [("baseline", 21), ("baseline", 3), ("coordinator", 8)])
def test_open_round_before_step_gives_the_same_run(name, seed):
    plain, opened = model_for(name, seed), model_for(name, seed)
    plain.run()
    while opened.running:
        pending = open_round(opened)
        assert open_round(opened) is pending  # asking twice tables nothing new
        opened.step()
    assert plain.outcome() == opened.outcome()
    assert plain.events == opened.events
    pd.testing.assert_frame_equal(
        plain.datacollector.get_model_vars_dataframe(),
        opened.datacollector.get_model_vars_dataframe(),
    )


def easy(name: str) -> sim.Scenario:
    """Identical interests and full trust: without interference, agreement comes fast."""
    return sim.load_scenario(name, conflict=0.0, initial_trust=1.0)


@pytest.mark.parametrize("name", ["baseline", "coordinator"])
def test_a_seat_that_rejects_blocks_agreement_in_that_round(name):
    index = 0
    rounds_blocked = 0
    for seed in range(4):
        free = model_for(easy(name), seed)
        free.run()
        assert free.agreement is not None
        seated = model_for(easy(name), seed)
        seat = Seat.take(seated, index)
        seat_name = seated.parties[index].name
        while seated.running and seated.agreement is None:
            if seat.awaiting() != "response":
                seated.step()
                continue
            assert index in seated.table_idx
            seat.response = False
            seated.step()
            offer = [event for event in seated.events if event.code == "offer"][-1]
            assert offer.month == seated.steps
            assert seat_name in offer.params["rejected"]
            assert seated.agreement is None, "agreement in a round the seat rejected"
            rounds_blocked += 1
        if name == "coordinator":
            # the mediator always proposes, so the seat is asked (and refuses) every round
            assert seated.agreement is None
            assert seated.failure_reason == "deadline"
    assert rounds_blocked > 0


def test_a_seat_that_proposes_tables_its_own_offer():
    model = model_for(easy("baseline"), 5)
    seat = Seat.take(model, 1)
    package = np.array([0.2, 0.4, 1.7, -0.3, 0.5, 0.6])
    while model.running and seat.awaiting() != "offer":
        model.step()
    assert seat.proposes_next()
    seat.offer = package
    assert seat.awaiting() is None
    proposer, tabled = open_round(model)
    assert proposer == 1
    np.testing.assert_allclose(tabled, np.clip(package, 0.0, 1.0))
    model.step()
    offer = [event for event in model.events if event.code == "offer"][-1]
    assert offer.params["proposer"] == model.parties[1].name
    np.testing.assert_allclose(offer.params["package"], np.clip(package, 0.0, 1.0))


def test_the_model_holds_no_seat_state():
    """A seat lives on its party: the model's own attributes are the same with or without it."""
    free, seated = model_for("baseline", 2), model_for("baseline", 2)
    Seat.take(seated, 0)
    assert set(vars(free)) == set(vars(seated))
    assert not any("seat" in name for name in vars(seated))


def test_a_model_seeded_with_an_integer_is_reproducible_and_run_result_exposes_the_outcome():
    first, second = sim.PartnershipModel("baseline", rng=5), sim.PartnershipModel("baseline", rng=5)
    first.run()
    second.run()
    assert first.outcome() == second.outcome()
    result = sim.run("baseline", seed=5)
    assert result.success == result.outcome["success"]
    assert result.failure_reason == result.outcome["failure_reason"]
    with pytest.raises(AttributeError):
        _ = result.no_such_field


@pytest.mark.parametrize("name", ["baseline", "azon"])
def test_a_run_without_series_is_the_same_run(name):
    """The command line's story skips the monthly series: the outcome and the events are
    those of the run with series, for several seeds."""
    for seed in range(4):
        full, bare = sim.run(name, seed=seed), sim.run(name, seed=seed, series=False)
        assert bare.monthly is None and len(full.monthly) == full.outcome["months"]
        assert bare.outcome == full.outcome
        assert bare.events == full.events


def test_streams_are_the_same_whenever_they_are_first_used():
    """Each mechanism's random stream is made when first used: the draws do not depend on
    which streams were used before, or in what order, and equal those of the seed sequence's
    children made at once."""
    from sim.model.setup import Streams

    names = Streams.NAMES
    eager = [
        np.random.default_rng(child).random(5)
        for child in np.random.SeedSequence(2024).spawn(len(names))
    ]
    for order in (names, names[::-1], names[2:] + names[:2]):
        streams = Streams(np.random.default_rng(np.random.SeedSequence(2024)))
        drawn = {name: getattr(streams, name).random(5) for name in order}
        assert all(np.array_equal(drawn[name], eager[i]) for i, name in enumerate(names))
    with pytest.raises(AttributeError):
        Streams(np.random.default_rng(1)).lottery  # noqa: B018


def test_distrust_cost_is_the_same_in_plain_numbers():
    """For a few numbers (groups under 8) the cost of distrust is computed in plain floats; it
    must be exactly numpy's formula (transaction cost times one minus the mean trust in the
    others of the group), for any parties and groups, in any order, as for larger groups."""
    model = sim.PartnershipModel("azon", rng=np.random.default_rng(3), collect=False)
    rng = np.random.default_rng(8)
    for _ in range(300):
        model.trust = rng.random((model.n, model.n))
        most = 5 if rng.random() < 0.5 else model.n + 1  # half of them a few numbers
        group = rng.permutation(model.n)[: int(rng.integers(1, most))]
        parties = rng.permutation(model.n)[: int(rng.integers(1, most))]
        inside = np.isin(parties, group).astype(float)
        block = model.trust[np.ix_(parties, group)]
        mean_other = (block.sum(axis=1) - inside) / np.maximum(len(group) - inside, 1)
        expected = model.transaction_cost() * (1.0 - mean_other)
        assert np.array_equal(model.distrust_cost(parties, group), expected)
