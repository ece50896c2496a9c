"""Benchmark: partnersim's negotiation engine against NegMAS's SAOMechanism (NegMAS 0.16).

The same random bilateral instances are negotiated on both sides, for each of the six pairs of
concession styles {boulware, linear, conceder} (BB, BL, BC, LL, LC, CC), and the outcomes are
compared side by side with 95% intervals (Wilson for rates, Student t for means): agreement
rate, mean agreement round, each party's utility and gain over its reservation value, the
distance to the Nash point, and wall time per negotiation.

    .venv/bin/pip install "negmas>=0.16,<0.17"      # or: pip install -e ".[negmas]"
    .venv/bin/python benchmarks/bench_negmas.py [--instances N] [--seed S] [--quick]
                                                [--levels L] [--full-rounds]

Targets: agreement rates within +-5 points on every pair; partnersim at least 10x faster per
negotiation.

Instances. One municipality and one corporate, three issues plus the integration level g, the
project's own preference form (sim/preferences.py):
u_j(p) = fit_weight * (1 - sum_k w_jk |x_k - ideal_jk|) + stake_j * (synergy * scale * g - fee)
- autonomy_j * g. Per instance: opposed stances (municipality in [-1, 0.3], corporate in
[-0.3, 1], conflict 0.5, so ideals lie in [0, 1]), Dirichlet(2, 2, 2) issue weights, sizes in
[0.5, 1.5], autonomy in [0.6, 1.4] (autonomy_cost 0.4) and one reservation share in
[0.3, 0.85] (reservation value = share * the party's best utility); most instances have a zone
of agreement (the share that has one is printed). All randomness comes from one
numpy SeedSequence: each instance has a child sequence, spawning the instance's draws and the
seed of its PartnershipModel. The same instances are used for all six pairs (common random
numbers).

partnersim side. The real engine: a `sim.PartnershipModel` built from a scenario mapping with
both parties' `stance`, `weights`, `size`, `autonomy` and `concession` given, `ambition` 1 (the
opening aspiration is the party's best utility), initial_trust 1, and parameters
perception_error 0, overstatement 0, transaction_cost 0 and batna_spread 0, no levers: parties
see each other exactly, trust has no effect on value, and only the negotiation differs. The
model steps its orientation month; if a party stayed out, both are put at the table
(participants and at_table set, the failure cleared) and the negotiation entered through
`model.advance()`. deadline_months = 41 with the negotiation starting in month 2 gives exactly
40 rounds (one offer a month under stacked alternating offers, the first proposer the model's
own draw). The model is then stepped month by month until it leaves the negotiation phase;
whatever rule the proposer uses (random candidates, exact LP) is picked up from the model.

NegMAS side. `SAOMechanism(n_steps=41, one_offer_per_step=True)`: 40 offers, one per step,
alternating, the same party opening as in partnersim, and a 41st step in which the last offer is
answered (`--full-rounds` uses NegMAS's default instead: each step gives both negotiators a turn).
Negotiators: `TimeBasedConcedingNegotiator`s with the equivalent exponent, given what
partnersim's parties have here and nothing more:
- the same clock (`--clock aligned`, the default): the offer made at NegMAS step i is
  partnersim's round i + 1, at t = i / 39, and it is answered at that same t (partnersim answers
  an offer in the round it is made); the aspiration is 1 - t ** e_negmas on NegMAS's scale from
  max(worst utility, reserved value) to the best utility, i.e. exactly partnersim's
  r + (best - r) * (1 - t ** (1 / e)). `--clock negmas` keeps NegMAS's relative time
  ((i + 1) / (n_steps + 1), never 1) and 40 steps, so the last offer is never answered.
- the same information (`--offers informed`, the default): partnersim's parties see each other's
  interests exactly here (perception error 0), so a NegMAS negotiator offers, among the outcomes
  at or above its aspiration, the one worth most to its opponent (an offer selector reading the
  opponent's utility on the grid). `--offers plain` is NegMAS's default: the outcome just above
  its aspiration, whichever it is, blind to the opponent.
Utilities: a `LinearAdditiveUtilityFunction`
that is exactly the project's formula, built from the model's own `prefs` (ideals, weights,
stake, autonomy, fit_weight, synergy, fee) and `reservation` after construction:
bias = fit_weight - stake * fee, a table per issue k of -fit_weight * w_k * |level - ideal_k|,
and a table for g of (stake * synergy * scale - autonomy) * g, scale = 1 for two parties at the
table; reserved_value = the model's reservation value. (The ufun is checked against
`sim.preferences.utilities` on every instance.) NegMAS's negotiators need a discrete outcome
space: every issue and g is discretised to `--levels` evenly spaced values in [0, 1] (default
11, step 0.1, 11^4 = 14,641 outcomes; `--levels 21` gives 194,481 outcomes and costs NegMAS
about 0.8 s a negotiation to presort its ufun).

Exponent mapping. partnersim (Faratin, Sierra & Jennings 1998; sim/negotiation/strategies.py
`time_aspiration`): aspiration(t) = r + (s - r) * (1 - t ** (1 / e)) with e in
sim.scenario.CONCESSION_STYLES (boulware 0.2, linear 1.0, conceder 5.0). NegMAS's PolyAspiration:
level(t) = 1 - t ** e_negmas on the scale from min = max(worst utility, reserved value) to the
best utility of the outcome space, i.e. aspiration(t) = r + (max - r) * (1 - t ** e_negmas)
when the worst outcome is below r. So e_negmas = 1 / e: boulware 5.0, linear 1.0, conceder 0.2
(NegMAS's own named curves are boulware 4, linear 1, conceder 0.25). The clocks: partnersim's
round k of 40 is at t = (k - 1) / 39 (0 .. 1, aspiration reaches r in the last round);
NegMAS's own step i (0-based) is at t = (i + 1) / (n_steps + 1), which never reaches 1: hence
the aligned clock above.

Outcomes. A party's utility is its true utility of the agreement, its reservation value when
there is none (NegMAS's convention; gain 0). Mean round, and distance to the Nash point, are
over agreements. Distance to the Nash point: root mean square over the two parties of the
utility difference between the agreement and the exact Nash point of the continuous domain
(`sim.optimise.nash_point` when it exists, else an exact bilateral solver here: the utility set
is a zonotope whose Pareto frontier is walked segment by segment). Wall time per negotiation:
partnersim from building the model (scenario validation included) to the end of the
negotiation; NegMAS from building issues and ufuns to the end of `run()` (both after one
untimed warm-up negotiation).
"""

from __future__ import annotations

import argparse
import itertools
import math
import statistics
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import stats

from sim.metrics import wilson_interval
from sim.model import PartnershipModel
from sim.preferences import Preferences, utilities
from sim.scenario import CONCESSION_STYLES

STYLES = ("boulware", "linear", "conceder")
PAIRS = tuple(itertools.combinations_with_replacement(STYLES, 2))
"""BB, BL, BC, LL, LC, CC: (municipality's style, corporate's style)."""
ISSUES = ("cost_share", "data_ownership", "ip_rights")
ROUNDS = 40
NEGOTIATION_START = 2
"""The month the negotiation starts in: after the orientation month."""
DEADLINE = NEGOTIATION_START + ROUNDS - 1
RATE_TOLERANCE = 0.05
SPEED_TARGET = 10.0


def negmas_exponent(style: str) -> float:
    """NegMAS's PolyAspiration exponent equivalent to a partnersim concession style."""
    return 1.0 / CONCESSION_STYLES[style]


def pair_code(pair: tuple[str, str]) -> str:
    return "".join(style[0].upper() for style in pair)


# --- instances ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Instance:
    stance: np.ndarray  # (2, 3): municipality, corporate
    weights: np.ndarray  # (2, 3)
    size: np.ndarray  # (2,)
    autonomy: np.ndarray  # (2,)
    reservation: float
    model_seed: np.random.SeedSequence = field(repr=False)


def draw_instances(n: int, seed: int) -> list[Instance]:
    """n instances, all from one SeedSequence (one child per instance)."""
    instances = []
    for child in np.random.SeedSequence(seed).spawn(n):
        draws, model_seed = child.spawn(2)
        rng = np.random.default_rng(draws)
        instances.append(
            Instance(
                stance=np.vstack([rng.uniform(-1.0, 0.3, 3), rng.uniform(-0.3, 1.0, 3)]),
                weights=rng.dirichlet(np.full(3, 2.0), size=2),
                size=rng.uniform(0.5, 1.5, 2),
                autonomy=rng.uniform(0.6, 1.4, 2),
                reservation=float(rng.uniform(0.3, 0.85)),
                model_seed=model_seed,
            )
        )
    return instances


def scenario(instance: Instance, pair: tuple[str, str]) -> dict[str, Any]:
    """The scenario mapping of one instance under one pair of concession styles."""
    parties = []
    for j, (name, kind) in enumerate(
        (("Municipality", "municipality"), ("Corporate", "corporate"))
    ):
        parties.append(
            {
                "name": name,
                "kind": kind,
                "size": float(instance.size[j]),
                "autonomy": float(instance.autonomy[j]),
                "stance": [float(s) for s in instance.stance[j]],
                "weights": [float(w) for w in instance.weights[j]],
                "concession": pair[j],
                "ambition": 1.0,
            }
        )
    return {
        "name": "bench_negmas",
        "conflict": 0.5,
        "initial_trust": 1.0,
        "autonomy_cost": 0.4,
        "reservation": instance.reservation,
        "deadline_months": DEADLINE,
        "execution_months": 0,
        "issues": [{"key": key} for key in ISSUES],
        "parties": parties,
        "parameters": {
            "perception_error": 0.0,
            "overstatement": 0.0,
            "transaction_cost": 0.0,
            "batna_spread": 0.0,
        },
    }


# --- the Nash point ----------------------------------------------------------------------------
def _nash_zonotope(prefs: Preferences, floors: np.ndarray, scale: float) -> np.ndarray | None:
    """Exact Nash point of two parties: with each issue between the two ideals (outside that
    interval both lose) utilities are affine in (x, g) on a box, so the utility set is a
    zonotope. Walk its Pareto frontier from the corner best for party 1, flipping one
    coordinate at a time in order of exchange rate, and maximise the (quadratic) Nash product
    on each segment. None when no package gives both a gain."""
    low = np.append(prefs.ideals.min(axis=0), 0.0)
    span = np.append(prefs.ideals.max(axis=0), 1.0) - low
    base = utilities(low[None, :], prefs, scale)[:, 0]
    moved = low[None, :] + np.diag(span)
    delta = utilities(moved, prefs, scale).T - base[None, :]  # (K+1, 2): effect of low -> high
    package, point, flips = low.copy(), base.copy(), []
    for k, (d0, d1) in enumerate(delta):
        direction = 1.0
        if d1 > 0 or (d1 == 0 and d0 > 0):  # the high end is better for party 1
            package[k], point = low[k] + span[k], point + delta[k]
            d0, d1, direction = -d0, -d1, -1.0
        if d0 > 0:  # flipping trades party 1's utility for party 0's
            flips.append((-d1 / d0, k, d0, d1, direction))
    flips.sort()
    best: list = [-np.inf, None]

    def consider(p: np.ndarray, candidate: np.ndarray) -> None:
        gains = p - floors
        if np.all(gains > 1e-12) and gains[0] * gains[1] > best[0]:
            best[:] = [gains[0] * gains[1], candidate.copy()]

    consider(point, package)
    for _, k, d0, d1, direction in flips:
        a, b = point - floors  # maximise (a + s d0)(b + s d1) for s in [0, 1]
        if d1 != 0:
            s = -(a * d1 + b * d0) / (2 * d0 * d1)
            if 0 < s < 1:
                candidate = package.copy()
                candidate[k] += s * direction * span[k]
                consider(point + s * np.array([d0, d1]), candidate)
        point = point + np.array([d0, d1])
        package[k] += direction * span[k]
        consider(point, package)
    return best[1]


def nash_package(prefs: Preferences, floors: np.ndarray, scale: float = 1.0):
    """(package or None, which solver): the project's exact `sim.optimise.nash_point` when it
    exists, else the exact bilateral zonotope walk above."""
    try:
        from sim.optimise import nash_point
    except ImportError:
        nash_point = None
    if nash_point is not None:
        try:
            return nash_point(prefs, floors, scale), "sim.optimise.nash_point"
        except Exception:  # an interface in flux: fall back to our own exact solver
            pass
    return _nash_zonotope(prefs, floors, scale), "bilateral zonotope (exact)"


# --- the two sides -----------------------------------------------------------------------------
@dataclass
class Outcome:
    agreed: bool
    round: int | None
    utility: np.ndarray  # (2,)
    reservation: np.ndarray  # (2,)
    seconds: float
    nash_distance: float | None = None
    zone: bool | None = None
    nash_solver: str = ""
    package: np.ndarray | None = None


def build_model(instance: Instance, pair: tuple[str, str]) -> PartnershipModel:
    return PartnershipModel(
        scenario(instance, pair), rng=np.random.default_rng(instance.model_seed), collect=False
    )


def to_the_table(model: PartnershipModel) -> None:
    """Play the orientation month; put both parties at the table whatever they decided."""
    model.step()
    if model.phase != "negotiation":
        model.finished = False
        model.running = True
        model.failure_reason = None
        model.events = [event for event in model.events if event.code != "failure"]
        model.participants[:] = True
        model.at_table[:] = True
        model.advance()
    if model.phase != "negotiation" or model.negotiation_start != NEGOTIATION_START:
        raise RuntimeError(f"could not enter the negotiation (phase {model.phase})")


def run_partnersim(instance: Instance, pair: tuple[str, str]) -> tuple[Outcome, PartnershipModel]:
    start = time.perf_counter()
    model = build_model(instance, pair)
    to_the_table(model)
    while model.phase == "negotiation" and not model.finished:
        model.step()
    seconds = time.perf_counter() - start
    offers = sum(event.code == "offer" for event in model.events)
    if model.agreement is None and offers != ROUNDS:
        raise RuntimeError(f"partnersim played {offers} rounds, not {ROUNDS}")
    reservation = model.reservation.copy()
    if model.agreement is not None:
        utility = utilities(model.agreement[None, :], model.prefs, 1.0)[:, 0]
        round_ = int(model.months_to_agreement) - NEGOTIATION_START + 1
    else:
        utility, round_ = reservation.copy(), None
    package = None if model.agreement is None else model.agreement.copy()
    outcome = Outcome(model.agreement is not None, round_, utility, reservation, seconds)
    outcome.package = package
    return outcome, model


def negmas_ufuns(model: PartnershipModel, levels: int):
    """The issues and the two parties' LinearAdditiveUtilityFunctions: the project's formula
    on the grid, from the model's own preferences and reservation values."""
    from negmas import make_issue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.value_fun import TableFun

    grid = np.linspace(0.0, 1.0, levels)
    names = [*model.issue_keys, "integration"]
    issues = [make_issue(levels, name=name) for name in names]
    space = make_os(issues)
    prefs, scale = model.prefs, model.value_scale(len(model.table_idx))
    ufuns = []
    for j in range(model.n):
        tables = [
            TableFun(
                {
                    i: float(
                        -prefs.fit_weight * prefs.weights[j, k] * abs(grid[i] - prefs.ideals[j, k])
                    )
                    for i in range(levels)
                }
            )
            for k in range(model.n_issues)
        ]
        slope = float(prefs.stake[j] * prefs.synergy * scale - prefs.autonomy[j])
        tables.append(TableFun({i: slope * float(grid[i]) for i in range(levels)}))
        ufuns.append(
            LinearAdditiveUtilityFunction(
                tables,
                weights=[1.0] * len(tables),
                bias=float(prefs.fit_weight - prefs.stake[j] * prefs.fee),
                outcome_space=space,
                reserved_value=float(model.reservation[j]),
            )
        )
    return issues, ufuns, grid


def _aligned_negotiator_class():
    """A TimeBasedConcedingNegotiator on partnersim's clock: the offer made at step i is
    partnersim's round i + 1, at t = i / (ROUNDS - 1), and it is answered in the next step at
    that same t (partnersim answers an offer in the round it is made)."""
    from negmas.sao import TimeBasedConcedingNegotiator

    class Aligned(TimeBasedConcedingNegotiator):
        def __init__(self, *args, exponent: float, **kwargs):
            super().__init__(*args, **kwargs)
            self._exponent = exponent

        def _range(self, round_index: int) -> tuple[float, float]:
            t = min(max(round_index / (ROUNDS - 1), 0.0), 1.0)
            return (1.0 - t**self._exponent, 1.0)

        def utility_range_to_propose(self, state) -> tuple[float, float]:
            return self._range(state.step)

        def utility_range_to_accept(self, state) -> tuple[float, float]:
            return self._range(state.step - 1)

    return Aligned


class _BestForOpponent:
    """NegMAS offer selector: among the outcomes the proposer's aspiration allows, the one
    worth most to the opponent (ties: the first in NegMAS's order). opponent_utility is the
    opponent's utility on the whole grid, indexed by the outcome's tuple of level indices."""

    def __init__(self, opponent_utility: np.ndarray) -> None:
        self.opponent_utility = opponent_utility

    def __call__(self, outcomes, state):
        values = [self.opponent_utility[outcome] for outcome in outcomes]
        return outcomes[int(np.argmax(values))]

    # the hooks NegMAS calls on a selector
    def set_negotiator(self, negotiator) -> None:
        pass

    def before_responding(self, state, offer, source) -> None:
        pass

    def on_preferences_changed(self, changes) -> None:
        pass


def run_negmas(
    model: PartnershipModel,
    pair: tuple[str, str],
    levels: int,
    full_rounds: bool,
    offers: str = "informed",
    clock: str = "aligned",
) -> Outcome:
    """offers "informed": each negotiator offers, among the outcomes at or above its
    aspiration, the one best for its opponent (it knows the opponent's utility, as partnersim's
    parties do with perception error 0); "plain": NegMAS's default (the outcome just above its
    aspiration, whichever it is). clock "aligned": partnersim's clock (see
    `_aligned_negotiator_class`, ROUNDS + 1 steps so that the last offer is answered);
    "negmas": NegMAS's relative time, ROUNDS steps."""
    from negmas import SAOMechanism
    from negmas.negotiators.helpers import PolyAspiration
    from negmas.sao import TimeBasedConcedingNegotiator

    start = time.perf_counter()
    issues, ufuns, grid = negmas_ufuns(model, levels)
    aligned = clock == "aligned" and not full_rounds
    steps = ROUNDS + 1 if aligned else ROUNDS
    mechanism = SAOMechanism(issues=issues, n_steps=steps, one_offer_per_step=not full_rounds)
    first = int(model.protocol.order[0])  # the same party opens as in partnersim
    table = None
    if offers == "informed":
        mesh = np.stack(np.meshgrid(*([grid] * len(issues)), indexing="ij"), axis=-1)
        table = utilities(mesh.reshape(-1, len(issues)), model.prefs, 1.0).reshape(
            (model.n, *([levels] * len(issues)))
        )
    for j in (first, 1 - first):
        exponent = negmas_exponent(pair[j])
        options: dict[str, Any] = {"name": model.parties[j].name}
        if table is not None:
            options.update(stochastic=True, offer_selector=_BestForOpponent(table[1 - j]))
        if aligned:
            negotiator = _aligned_negotiator_class()(exponent=exponent, **options)
        else:
            negotiator = TimeBasedConcedingNegotiator(
                offering_curve=PolyAspiration(1.0, exponent), **options
            )
        mechanism.add(negotiator, ufun=ufuns[j])
    state = mechanism.run()
    seconds = time.perf_counter() - start
    # the ufun is the project's formula (checked here, outside the timing)
    probe = tuple(int(i) for i in np.random.default_rng(0).integers(0, levels, len(issues)))
    expected = utilities(grid[list(probe)][None, :], model.prefs, 1.0)[:, 0]
    if not np.allclose([u(probe) for u in ufuns], expected, atol=1e-12):
        raise RuntimeError("the NegMAS ufun differs from sim.preferences.utilities")
    reservation = model.reservation.copy()
    if state.agreement is not None:
        package = grid[list(state.agreement)]
        utility = utilities(package[None, :], model.prefs, 1.0)[:, 0]
        # the accepted offer: one offer a step, answered in the next step
        round_ = int(state.step) - 1 if not full_rounds else int(state.step)
    else:
        package, utility, round_ = None, reservation.copy(), None
    outcome = Outcome(state.agreement is not None, round_, utility, reservation, seconds)
    outcome.package = package
    return outcome


def add_nash(outcomes: list[Outcome], model: PartnershipModel) -> None:
    package, solver = nash_package(model.prefs, model.reservation, 1.0)
    nash = None if package is None else utilities(package[None, :], model.prefs, 1.0)[:, 0]
    for outcome in outcomes:
        outcome.zone, outcome.nash_solver = package is not None, solver
        if outcome.agreed and nash is not None:
            outcome.nash_distance = float(np.sqrt(np.mean((outcome.utility - nash) ** 2)))


# --- statistics and the table ------------------------------------------------------------------
def mean_interval(values: list[float]) -> tuple[float, float, float] | None:
    """Mean and its 95% Student t interval (None without values)."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    mean = statistics.fmean(values)
    if len(values) < 2:
        return (mean, math.nan, math.nan)
    half = stats.t.ppf(0.975, len(values) - 1) * statistics.stdev(values) / math.sqrt(len(values))
    return (mean, mean - half, mean + half)


def summarise(outcomes: list[Outcome]) -> dict[str, Any]:
    n = len(outcomes)
    agreed = sum(o.agreed for o in outcomes)
    summary = {
        "n": n,
        "rate": agreed / n,
        "rate_ci": wilson_interval(agreed, n),
        "round": mean_interval([o.round for o in outcomes if o.agreed]),
        "nash": mean_interval([o.nash_distance for o in outcomes if o.nash_distance is not None]),
        "ms": mean_interval([o.seconds * 1e3 for o in outcomes]),
    }
    for j, side in enumerate(("mun", "corp")):
        summary[f"u_{side}"] = mean_interval([float(o.utility[j]) for o in outcomes])
        summary[f"gain_{side}"] = mean_interval(
            [float(o.utility[j] - o.reservation[j]) for o in outcomes]
        )
    return summary


def _cell(value: tuple | None, digits: int = 3) -> str:
    if value is None:
        return "n/a"
    mean, low, high = value
    if math.isnan(low):
        return f"{mean:.{digits}f}"
    return f"{mean:.{digits}f} [{low:.{digits}f}, {high:.{digits}f}]"


def _rate(summary: dict) -> str:
    low, high = summary["rate_ci"]
    return f"{summary['rate']:.3f} [{low:.3f}, {high:.3f}]"


COLUMNS = (
    "Pair",
    "Agree PS",
    "Agree NM",
    "Δ pts",
    "Round PS",
    "Round NM",
    "U mun PS",
    "U mun NM",
    "U corp PS",
    "U corp NM",
    "Gain mun PS",
    "Gain mun NM",
    "Gain corp PS",
    "Gain corp NM",
    "Nash dist PS",
    "Nash dist NM",
    "ms PS",
    "ms NM",
    "Speed-up",
)


def markdown(rows: list[dict[str, Any]]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        ps, nm = row["partnersim"], row["negmas"]
        cells = [
            row["pair"],
            _rate(ps),
            _rate(nm),
            f"{100 * (ps['rate'] - nm['rate']):+.1f}",
            _cell(ps["round"], 1),
            _cell(nm["round"], 1),
            _cell(ps["u_mun"]),
            _cell(nm["u_mun"]),
            _cell(ps["u_corp"]),
            _cell(nm["u_corp"]),
            _cell(ps["gain_mun"]),
            _cell(nm["gain_mun"]),
            _cell(ps["gain_corp"]),
            _cell(nm["gain_corp"]),
            _cell(ps["nash"]),
            _cell(nm["nash"]),
            _cell(ps["ms"], 2),
            _cell(nm["ms"], 1),
            f"{row['speedup']:.1f}x",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets(rows: list[dict[str, Any]]) -> str:
    rate_ok = [abs(r["partnersim"]["rate"] - r["negmas"]["rate"]) <= RATE_TOLERANCE for r in rows]
    speed_ok = [r["speedup"] >= SPEED_TARGET for r in rows]
    worst_rate = max(abs(r["partnersim"]["rate"] - r["negmas"]["rate"]) for r in rows)
    slowest = min(r["speedup"] for r in rows)
    return "\n".join(
        [
            f"- Target: agreement rates within ±{100 * RATE_TOLERANCE:.0f} points on every pair: "
            f"{'MET' if all(rate_ok) else 'NOT MET'} (largest gap {100 * worst_rate:.1f} points; "
            f"pairs off: {', '.join(r['pair'] for r, ok in zip(rows, rate_ok, strict=True) if not ok) or 'none'})",
            f"- Target: partnersim at least {SPEED_TARGET:.0f}x faster per negotiation: "
            f"{'MET' if all(speed_ok) else 'NOT MET'} (smallest speed-up {slowest:.1f}x)",
        ]
    )


# --- main --------------------------------------------------------------------------------------
def bench(
    instances: int = 300,
    seed: int = 20260101,
    levels: int = 11,
    full_rounds: bool = False,
    progress: bool = False,
    offers: str = "informed",
    clock: str = "aligned",
) -> dict[str, Any]:
    """Run every pair on the same instances; returns rows (one per pair), the markdown table,
    the targets' verdict and run facts."""
    try:
        import negmas
    except ImportError as error:  # pragma: no cover - reported to the user
        raise SystemExit(
            'NegMAS is not installed: .venv/bin/pip install "negmas>=0.16,<0.17"'
        ) from error
    drawn = draw_instances(instances, seed)
    # warm-up, untimed: first-call imports and caches on both sides
    _, warm = run_partnersim(drawn[0], PAIRS[0])
    run_negmas(warm, PAIRS[0], levels, full_rounds, offers, clock)
    started = time.perf_counter()
    rows, zones, solvers = [], [], set()
    for pair in PAIRS:
        ours, theirs = [], []
        for instance in drawn:
            outcome, model = run_partnersim(instance, pair)
            other = run_negmas(model, pair, levels, full_rounds, offers, clock)
            add_nash([outcome, other], model)
            solvers.add(outcome.nash_solver)
            ours.append(outcome)
            theirs.append(other)
            if pair == PAIRS[0]:
                zones.append(outcome.zone)
        ps, nm = summarise(ours), summarise(theirs)
        rows.append(
            {
                "pair": pair_code(pair),
                "styles": pair,
                "partnersim": ps,
                "negmas": nm,
                "speedup": nm["ms"][0] / ps["ms"][0],
            }
        )
        if progress:
            print(
                f"{pair_code(pair)} done ({time.perf_counter() - started:.0f} s)", file=sys.stderr
            )
    table = markdown(rows)
    verdict = targets(rows)
    return {
        "rows": rows,
        "markdown": table,
        "targets": verdict,
        "instances": instances,
        "seed": seed,
        "levels": levels,
        "full_rounds": full_rounds,
        "offers": offers,
        "clock": clock,
        "zone_share": sum(zones) / len(zones),
        "nash_solvers": sorted(solvers),
        "negmas_version": negmas.__version__,
        "seconds": time.perf_counter() - started,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instances", type=int, default=300, help="instances per pair")
    parser.add_argument("--seed", type=int, default=20260101, help="root of the SeedSequence")
    parser.add_argument("--quick", action="store_true", help="30 instances per pair")
    parser.add_argument(
        "--levels", type=int, default=11, help="grid values per issue on the NegMAS side"
    )
    parser.add_argument(
        "--full-rounds",
        action="store_true",
        help="NegMAS default steps (both negotiators act each step) instead of one offer a step",
    )
    parser.add_argument(
        "--offers",
        choices=("informed", "plain"),
        default="informed",
        help="NegMAS offers: the outcome at its aspiration best for the opponent (informed, as "
        "partnersim's parties with perfect perception) or NegMAS's default (plain)",
    )
    parser.add_argument(
        "--clock",
        choices=("aligned", "negmas"),
        default="aligned",
        help="partnersim's clock on the NegMAS side (aligned) or NegMAS's relative time",
    )
    parser.add_argument("--silent", action="store_true", help="print nothing (for tests)")
    args = parser.parse_args(argv)
    instances = 30 if args.quick else args.instances
    result = bench(
        instances,
        args.seed,
        args.levels,
        args.full_rounds,
        progress=not args.silent,
        offers=args.offers,
        clock=args.clock,
    )
    if not args.silent:
        print(
            f"partnersim vs NegMAS {result['negmas_version']} SAOMechanism: {instances} instances "
            f"per pair, seed {args.seed}, {ROUNDS} rounds, NegMAS grid {args.levels} levels per "
            f"issue, {'full NegMAS rounds' if args.full_rounds else 'one offer per step'}; "
            f"{100 * result['zone_share']:.0f}% of instances have a zone of agreement; Nash point: "
            f"{', '.join(result['nash_solvers'])}. PS = partnersim, NM = NegMAS; 95% intervals "
            f"(Wilson for rates, t for means).\n"
        )
        print(result["markdown"])
        print()
        print(result["targets"])
        print(f"\nTotal wall time {result['seconds']:.0f} s.")
    return result


if __name__ == "__main__":
    main()
