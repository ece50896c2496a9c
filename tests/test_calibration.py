"""Calibration (the targets of docs/model.md): the two sanity cases and the calibration bands.

Bands are asserted with the Wilson 95% interval, not as exact rates, because the calibrated
parameters may still move a little: the interval must overlap the published band and the point
estimate must lie in a slightly wider one. Every figure uses fixed root seeds.
"""

from functools import cache

import pandas as pd
import pytest

import sim
from sim.metrics import wilson_interval
from sim.runner import replicate

REPLICATIONS = 400


@cache
def runs(name: str) -> pd.DataFrame:
    """REPLICATIONS runs of a named scenario under root seed 0 (shared by the tests below)."""
    return replicate(sim.load_scenario(name), REPLICATIONS, seed=0)


def interval(frame: pd.DataFrame, column: str = "success") -> tuple[float, float, float]:
    hits, n = int(frame[column].sum()), len(frame)
    low, high = wilson_interval(hits, n)
    return hits / n, low, high


# --- sanity cases ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "overrides"),
    [
        ("all_levers", {}),
        ("baseline", {"levers.growth": "core_group"}),
    ],
)
def test_no_zone_of_agreement_means_no_agreement_whatever_the_levers(name, overrides):
    """reservation = 1: going alone is worth the best a partnership could give (500 runs)."""
    scenario = sim.load_scenario(name, reservation=1.0, **overrides)
    result = replicate(scenario, 500, seed=1)
    assert len(result) == 500
    assert not result["formed"].any()
    assert not result["success"].any()
    # nobody expects a gain over going alone, so nobody joins: too few willing parties
    assert (result["failure_reason"] == "too_few_willing").all()


def test_no_zone_of_agreement_with_the_strongest_levers_and_a_long_deadline():
    scenario = sim.load_scenario(
        "all_levers",
        reservation=1.0,
        deadline_months=120,
        **{"levers.coordinator": 1.0, "levers.trust_investment_months": 24},
    )
    assert not replicate(scenario, 100, seed=2)["formed"].any()


def test_identical_interests_and_full_trust_nearly_always_succeed():
    """conflict = 0 and initial_trust = 1: at least 99% of 500 runs succeed."""
    scenario = sim.load_scenario("baseline", conflict=0.0, initial_trust=1.0)
    result = replicate(scenario, 500, seed=0)
    assert result["formed"].all()
    assert result["success"].sum() >= 495


# --- calibration bands (docs/model.md) -----------------------------------------------------------


def test_ad_hoc_partnerships_succeed_in_20_to_50_percent():
    rate, low, high = interval(runs("baseline"))
    assert low <= 0.50 and high >= 0.20, f"baseline {rate:.1%} ({low:.1%}-{high:.1%})"
    assert 0.15 <= rate <= 0.55


def test_structured_partnerships_succeed_in_70_to_85_percent():
    rate, low, high = interval(runs("all_levers"))
    assert low <= 0.85 and high >= 0.70, f"all_levers {rate:.1%} ({low:.1%}-{high:.1%})"
    assert 0.65 <= rate <= 0.90


def test_each_lever_helps_and_all_together_help_most():
    """Same replication seeds in every scenario (common random numbers)."""
    base = runs("baseline")["success"].mean()
    singles = {name: runs(name)["success"].mean() for name in ("rules", "coordinator", "trust")}
    for name, rate in singles.items():
        assert rate > base, f"{name} {rate:.1%} is not above baseline {base:.1%}"
    assert runs("all_levers")["success"].mean() > max(singles.values())


def test_mediated_negotiation_reaches_agreement_at_least_as_often_as_published():
    """Bingham (1986): 78% of mediated disputes settled. docs/ODD.md (departure 26) records that
    the model's coordinator reaches agreement more often (about 99% of the negotiations its
    parties came to); this guards the lower side."""
    rate, low, high = interval(runs("coordinator"), "formed")
    assert high >= 0.70, f"mediated agreement {rate:.1%} ({low:.1%}-{high:.1%})"


@pytest.mark.parametrize("name", ["baseline", "all_levers"])
def test_time_to_agreement_is_one_to_four_years(name):
    months = runs(name)["months_to_agreement"].dropna()
    assert len(months) > REPLICATIONS / 2
    assert 12 <= months.median() <= 48
