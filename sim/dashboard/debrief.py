"""The trainer's debrief of a run: what was decisive, why each party did what it did, what each
lever did, and (in comparison mode) how two runs differ and how often each setting succeeds.

Pure functions over a finished or running `PartnershipModel` and a language (`nl` or `en`);
they return plain data and pandas DataFrames and change nothing in the model. Every sentence
comes from `sim.texts` (the debrief section) and states facts the run recorded (event
parameters, the model's arrays), never a claim about what a lever would have done. No
presentation library is imported; `sim.dashboard.handout` prints the same data on paper.
A model that another thread is stepping (an `Arena`) is read under its lock
(`with arena.lock: party_table(arena.model, language)`), so that no month is read half played.

`success_rates` runs replications and takes a while (a second or more per hundred runs): run it
in a background thread with `start_success_rates`, which returns a handle to poll, read and
cancel.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.model import Event, PartnershipModel
from sim.model.reporters import trust_among_participants
from sim.preferences import utilities
from sim.scenario import CONCESSION_STYLES, Scenario, load_scenario
from sim.story import DECISIVE, describe, plain
from sim.texts import (
    COUNTS,
    EFFECTS,
    HANDOUT,
    KIND_LABELS,
    LANGUAGES,
    LEVER_LABELS,
    MECHANISM_LABELS,
    REASON_LABELS,
    ROLE_CARD,
    UI,
    WHY,
)
from sim.texts import number as format_number

__all__ = [
    "RatesJob",
    "difference_table",
    "key_moments",
    "lever_effects",
    "lever_settings",
    "outcome_label",
    "party_table",
    "role_card",
    "seed_of",
    "start_success_rates",
    "success_rates",
]


# --- formatting --------------------------------------------------------------------------------
def _check(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"language: one of {', '.join(LANGUAGES)}, got {language!r}")
    return language


def number(value: float, language: str, digits: int = 2) -> str:
    """A number as the language writes it: `0.61` in English, `0,61` in Dutch."""
    return format_number(value, language, f".{digits}f")


def percent(value: float, language: str) -> str:
    """A share as a whole percentage (`34%`)."""
    return f"{value:.0%}"


def count(n: int, what: str, language: str) -> str:
    """A counted thing with the right form for none, one or more (`1 stem`, `2 stemmen`)."""
    forms = COUNTS[language][what]
    return forms[min(int(n), 2)].format(n=int(n))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def seed_of(model: PartnershipModel) -> str:
    """The seed a model was made with, as its random generator records it (`7`, or `3
    (replication 5)` for a replication seed); `?` when the generator does not say."""
    seq = getattr(model.rng.bit_generator, "seed_seq", None)
    entropy = getattr(seq, "entropy", None)
    if entropy is None:
        return "?"
    key = tuple(getattr(seq, "spawn_key", ()))
    return f"{entropy}" + (f" ({', '.join(str(k) for k in key)})" if key else "")


def lever_label(lever: Any, language: str) -> str:
    return LEVER_LABELS.get(language, {}).get(lever.name) or lever.label(language)


def lever_settings(model: PartnershipModel, language: str) -> str:
    """The active levers with their doses in a line (`none` when no lever acts)."""
    _check(language)
    shown = []
    for lever in model.levers:
        if not lever.active:
            continue
        dose = lever.dose
        if isinstance(dose, str):
            dose = UI[language].get(dose, dose)
        elif isinstance(dose, int) and not isinstance(dose, bool):
            dose = str(dose)
        else:
            dose = number(float(dose), language, 1)
        shown.append(f"{lever_label(lever, language)} {dose}")
    return ", ".join(shown) if shown else HANDOUT[language]["no_levers"]


def outcome_label(model: PartnershipModel, language: str) -> str:
    """`Success`, the failure reason, or `still running`, in the language."""
    _check(language)
    if not model.finished:
        return _capital(HANDOUT[language]["running"])
    if model.success:
        return _capital(HANDOUT[language]["success"])
    return _capital(REASON_LABELS[language][model.failure_reason])


# --- 1. key moments ----------------------------------------------------------------------------
def _decisive(event: Event) -> bool:
    return event.code in DECISIVE or (event.code == "conflict" and not event.params["settled"])


def key_moments(model: PartnershipModel, language: str) -> pd.DataFrame:
    """The decisive events so far (`sim.story.DECISIVE`, and conflicts left unsettled), oldest
    first: columns `month`, `code`, `sentence`."""
    _check(language)
    rows = [
        {"month": event.month, "code": event.code, "sentence": describe(event, language)}
        for event in model.events
        if _decisive(event)
    ]
    return pd.DataFrame(rows, columns=["month", "code", "sentence"])


# --- 2. the parties ----------------------------------------------------------------------------
def _events_by_party(model: PartnershipModel) -> dict[str, list[Event]]:
    found: dict[str, list[Event]] = {party.name: [] for party in model.parties}
    for event in model.events:
        name = event.params.get("party")
        if isinstance(name, str) and name in found:
            found[name].append(event)
    return found


def _agreement_scale(model: PartnershipModel) -> float:
    """The value scale of the agreement as it stands: the members now (the signatories when
    none is left)."""
    size = int(model.members.sum()) or int(model.founding.sum()) or 1
    return model.value_scale(size)


def gains(model: PartnershipModel) -> np.ndarray:
    """Every party's true utility of the agreement less its BATNA (`model.reservation`), at the
    value scale of the members now; NaN before an agreement."""
    if model.agreement is None:
        return np.full(model.n, np.nan)
    value = utilities(model.agreement[None, :], model.prefs, _agreement_scale(model))[:, 0]
    return value - model.reservation


def _offers(model: PartnershipModel) -> list[Event]:
    return [event for event in model.events if event.code == "offer"]


def _why(model: PartnershipModel, i: int, own: list[Event], language: str) -> tuple[str, str]:
    """The status of party i and the sentence that says why."""
    texts = WHY[language]
    party = model.parties[i]
    name = plain(party.name)

    def num(value: float) -> str:
        return number(value, language)

    last = {event.code: event for event in own}
    if "exit" in last:
        p = last["exit"].params
        key = "exit" if p["penalty"] > 0 else "exit_free"
        return "left", texts[key].format(
            party=name,
            month=last["exit"].month,
            commitment=num(p["commitment"]),
            threshold=num(p["threshold"]),
            realised=num(p["realised"]),
            penalty=num(p["penalty"]),
            batna=num(p["batna"]),
        )
    if "council_rejects" in last:
        event = last["council_rejects"]
        p = event.params
        key = "council_rejects" if model.founding[i] else "council_refuses"
        return "council_rejected", texts[key].format(
            party=name,
            month=event.month,
            chance=percent(p["chance"], language),
            support=num(p["support"]),
            gain=num(p["gain"]),
            concern=num(p["concern"]),
        )
    if "admitted" in last:
        event = last["admitted"]
        key = "admitted_end" if model.finished else "admitted"
        return "admitted", texts[key].format(
            party=name, month=event.month, value=num(event.params["value"])
        )
    if "stays_out" in last:
        p = last["stays_out"].params
        return "stayed_out", texts["stays_out"].format(
            party=name,
            expected=num(p["expected"]),
            distrust=num(p["distrust"]),
            net=num(p["expected"] - p["distrust"]),
            batna=num(p["batna"]),
        )
    if "joins" not in last:
        return "undecided", texts["undecided"].format(party=name)
    joined = last["joins"].params
    if model.failure_reason == "too_few_willing":
        return "willing", texts["too_few"].format(
            party=name,
            net=num(joined["expected"] - joined["distrust"]),
            batna=num(joined["batna"]),
        )
    if model.at_table[i]:
        if model.agreement is not None and model.founding[i]:
            key = "signed_end" if model.finished else "signed"
            return "member", texts[key].format(party=name, month=model.months_to_agreement)
        offers = _offers(model)
        rejected = sum(party.name in event.params["rejected"] for event in offers)
        key = "no_agreement" if model.finished else "negotiating"
        sentence = texts[key].format(
            party=name,
            rejections=count(rejected, "proposal", language),
            tabled=count(len(offers), "tabled", language),
        )
        if offers and model.finished:
            package = np.asarray(offers[-1].params["package"], dtype=float)
            scale = model.value_scale(len(model.table_idx) or 1)
            own_prefs = model.prefs.subset(np.array([i]))
            utility = float(utilities(package[None, :], own_prefs, scale)[0, 0])
            sentence += texts["last_offer"].format(last=num(utility), batna=num(party.reservation))
        return "at_table", sentence
    # willing, but outside the core group
    if model.agreement is None:
        key = "waits" if not model.finished else "waited_no_agreement"
        return "waiting", texts[key].format(party=name)
    scale = model.value_scale(int(model.members.sum()) + 1)
    value = float(model.evaluate(model.agreement, np.array([i]), scale)[0])
    aspiration = float(model.aspiration[i])
    key = "waited_turn" if value >= aspiration and value > party.reservation else "waited_below"
    return "waiting", texts[key].format(
        party=name, value=num(value), aspiration=num(aspiration), batna=num(party.reservation)
    )


def party_table(model: PartnershipModel, language: str) -> pd.DataFrame:
    """One row per party: `name`, `kind` (label), `at_table` (sat at the negotiating table),
    `member` (a member now, at the end of a finished run), `gain` (true utility of the agreement
    less its BATNA, NaN before an agreement; see `gains`), `status` (a code: stayed_out,
    willing, waiting, at_table, member, admitted, council_rejected, left, undecided) and `why`
    (a sentence from the run's own records: the numbers the party weighed)."""
    _check(language)
    own = _events_by_party(model)
    gain = gains(model)
    rows = []
    for party in model.parties:
        i = party.index
        status, why = _why(model, i, own[party.name], language)
        rows.append(
            {
                "name": party.name,
                "kind": KIND_LABELS[language].get(party.kind, party.kind),
                "at_table": bool(model.at_table[i]),
                "member": bool(model.members[i]),
                "gain": float(gain[i]),
                "status": status,
                "why": why,
            }
        )
    return pd.DataFrame(
        rows, columns=["name", "kind", "at_table", "member", "gain", "status", "why"]
    )


# --- 3. the levers -----------------------------------------------------------------------------
def _phase_span(model: PartnershipModel, phase: str) -> tuple[int, int] | None:
    """The first and last month played in a phase, from the phase events (a phase recorded in
    month m starts in month m + 1); None if it has not started."""
    marks = [event for event in model.events if event.code == "phase"]
    for number_, event in enumerate(marks):
        if event.params["phase"] == phase:
            first = event.month + 1
            if number_ + 1 < len(marks):
                return first, marks[number_ + 1].month
            if model.steps >= first:
                return first, int(model.steps)
            return None
    return None


def _span(span: tuple[int, int], language: str) -> str:
    single, several = EFFECTS[language]["span"]
    first, last = span
    return (single if first == last else several).format(first=first, last=last)


def _codes(model: PartnershipModel, code: str) -> list[Event]:
    return [event for event in model.events if event.code == code]


def _votes(model: PartnershipModel, language: str) -> dict[str, str]:
    return {
        "approvals": count(len(_codes(model, "council_approves")), "approvals", language),
        "rejections": count(len(_codes(model, "council_rejects")), "rejections", language),
    }


def _conflicts(model: PartnershipModel, language: str) -> str:
    conflicts = _codes(model, "conflict")
    if not conflicts:
        return EFFECTS[language]["no_conflicts"]
    settled = sum(bool(event.params["settled"]) for event in conflicts)
    return EFFECTS[language]["conflicts"].format(
        conflicts=count(len(conflicts), "conflict", language), settled=settled
    )


def _participants(model: PartnershipModel) -> np.ndarray:
    return np.flatnonzero(model.participants)


def _mean_off_diagonal(matrix: np.ndarray, parties: np.ndarray) -> float:
    if len(parties) < 2:
        return float("nan")
    block = matrix[np.ix_(parties, parties)]
    return float((block.sum() - np.trace(block)) / (len(parties) * (len(parties) - 1)))


def _series(model: PartnershipModel) -> pd.DataFrame | None:
    if not model.collect or model.steps == 0:
        return None
    frame = model.datacollector.get_model_vars_dataframe()
    return frame if len(frame) else None


def _rules(model: PartnershipModel, lever: Any, mechanism: str, language: str) -> str:
    texts = EFFECTS[language]
    params = model.params
    planned = lever.preparation_months()
    if mechanism == "time":
        span = _phase_span(model, "rules")
        if span is None:
            return texts["rules_pending"].format(months=count(planned, "month", language))
        return texts["rules_time"].format(
            months=count(span[1] - span[0] + 1, "month", language),
            span=_span(span, language),
            deadline=model.spec.deadline_months,
        )
    in_force = float(getattr(lever, "in_force", 0.0))
    if in_force <= 0:
        if _phase_span(model, "rules") is None and not model.finished:
            return texts["rules_pending"].format(months=count(planned, "month", language))
        return texts["rules_not_in_force"]
    if mechanism == "openness":
        floor = params.openness_floor * in_force
        opened = int(np.isclose(model.openness, floor).sum())
        return texts["rules_openness"].format(
            floor=number(floor, language), opened=count(opened, "opened", language)
        )
    if mechanism == "transaction_cost":
        return texts["rules_transaction_cost"].format(
            factor=number(lever.transaction_cost(model), language)
        )
    if mechanism == "council_information":
        return texts["rules_council_information"].format(
            factor=number(lever.council_concern(), language), **_votes(model, language)
        )
    if mechanism == "dispute_settlement":
        return texts["rules_dispute_settlement"].format(
            factor=number(lever.conflict_unsettled(), language),
            conflicts=_conflicts(model, language),
        )
    if mechanism == "commitment":
        return texts["rules_commitment"].format(
            penalty=number(lever.exit_penalty(), language),
            exits=count(len(_codes(model, "exit")), "exits", language),
        )
    return _generic(lever, mechanism, language)


def _coordinator(model: PartnershipModel, lever: Any, mechanism: str, language: str) -> str:
    texts = EFFECTS[language]
    coordinator = model.coordinator
    if mechanism == "perception":
        name = coordinator.name if coordinator is not None else None
        tabled = sum(event.params["proposer"] == name for event in _offers(model))
        parties = _participants(model)
        learned = float(coordinator.learned[parties].mean()) if len(parties) else 1.0
        return texts["coordinator_perception"].format(
            texts=count(tabled, "texts", language), learned=percent(learned, language)
        )
    if mechanism == "trust":
        return texts["coordinator_trust"].format(
            times=count(len(_codes(model, "coordinator_repairs")), "times", language),
            sting=number(lever.rejection_sting(), language),
        )
    if mechanism == "council_information":
        return texts["coordinator_council_information"].format(
            factor=number(lever.council_concern(), language), **_votes(model, language)
        )
    if mechanism == "dispute_settlement":
        return texts["coordinator_dispute_settlement"].format(
            factor=number(lever.conflict_unsettled(), language),
            conflicts=_conflicts(model, language),
        )
    return _generic(lever, mechanism, language)


def _trust_investment(model: PartnershipModel, lever: Any, mechanism: str, language: str) -> str:
    texts = EFFECTS[language]
    span = _phase_span(model, "getting_to_know")
    if span is None:
        return texts["trust_pending"].format(months=count(lever.dose, "month", language))
    if mechanism == "time":
        return texts["trust_time"].format(
            months=count(span[1] - span[0] + 1, "month", language),
            span=_span(span, language),
            deadline=model.spec.deadline_months,
        )
    if mechanism == "trust":
        series = _series(model)
        if series is None or len(series) < span[1]:
            return texts["trust_unrecorded"]
        before = float(series["mean_trust"].iloc[span[0] - 2])  # the month before the phase
        after = float(series["mean_trust"].iloc[span[1] - 1])
        return texts["trust_trust"].format(
            before=number(before, language), after=number(after, language)
        )
    if mechanism == "perception":
        share = _mean_off_diagonal(model.familiarity, _participants(model))
        rules = _phase_span(model, "rules") is not None
        return texts["trust_perception"].format(
            share=percent(share, language), also=texts["also_rules"] if rules else ""
        )
    return _generic(lever, mechanism, language)


def _growth(model: PartnershipModel, lever: Any, mechanism: str, language: str) -> str:
    texts = EFFECTS[language]
    if mechanism != "membership":
        return _generic(lever, mechanism, language)
    core = _codes(model, "core_group")
    if not core:
        return texts["growth_pending"]
    core_names = [plain(name) for name in core[-1].params["parties"]]
    waiting = [
        party.name
        for party in model.parties
        if model.participants[party.index] and not model.at_table[party.index]
    ]
    admitted = [plain(event.params["party"]) for event in _codes(model, "admitted")]
    refused = sum(event.params["party"] in waiting for event in _codes(model, "council_rejects"))
    joined = count(len(admitted), "admitted", language)
    if admitted:
        joined += f" ({', '.join(admitted)})"
    if refused:
        joined += "; " + count(refused, "refused", language)
    return texts["growth_membership"].format(
        core=count(len(core_names), "party", language),
        names=", ".join(core_names),
        waiting=_capital(count(len(waiting), "waiting", language)),
        admitted=joined,
    )


def _generic(lever: Any, mechanism: str, language: str) -> str:
    return EFFECTS[language]["generic"].format(
        lever=lever_label(lever, language),
        mechanism=MECHANISM_LABELS[language].get(mechanism, mechanism),
    )


_EFFECTS = {
    "rules": _rules,
    "coordinator": _coordinator,
    "trust_investment": _trust_investment,
    "growth": _growth,
}


def lever_effects(model: PartnershipModel, language: str) -> pd.DataFrame:
    """What each active lever did in this run, one row per lever and mechanism it declares
    (`Lever.mechanisms`): `lever` (its name), `label`, `mechanism`, `mechanism_label` and
    `effect`, a sentence of facts from the run (months, strength, counted events, trust and
    familiarity, the core group). Empty when no lever acts."""
    _check(language)
    rows = []
    for lever in model.levers:
        if not lever.active:
            continue
        explain = _EFFECTS.get(lever.name)
        for mechanism in lever.mechanisms:
            effect = (
                explain(model, lever, mechanism, language)
                if explain is not None
                else _generic(lever, mechanism, language)
            )
            rows.append(
                {
                    "lever": lever.name,
                    "label": lever_label(lever, language),
                    "mechanism": mechanism,
                    "mechanism_label": MECHANISM_LABELS[language].get(mechanism, mechanism),
                    "effect": effect,
                }
            )
    return pd.DataFrame(rows, columns=["lever", "label", "mechanism", "mechanism_label", "effect"])


# --- 4. compare mode ---------------------------------------------------------------------------
def mean_trust_now(model: PartnershipModel) -> float:
    """Mean trust among the members (the participants before an agreement), as the monthly
    series records it."""
    return float(trust_among_participants(model))


def difference_table(
    left: PartnershipModel, right: PartnershipModel, language: str
) -> pd.DataFrame:
    """Two runs side by side: `measure` (code), `label`, `left`, `right`, `difference` (right
    less left for numbers, None where a side has no value; `same`/`different` for the
    outcome), and `shown_left`/`shown_right`/`shown_difference` formatted for the language."""
    _check(language)
    words = HANDOUT[language]
    rows = []

    def shown(value: Any, digits: int, signed: bool = False) -> str:
        if value is None:
            return words["none"]
        if isinstance(value, str):
            return value
        text = number(value, language, digits) if digits else str(int(value))
        return ("+" + text) if signed and value > 0 else text

    def add(measure: str, a: Any, b: Any, digits: int) -> None:
        if isinstance(a, str):
            diff: Any = words["same"] if a == b else words["different"]
        else:
            diff = None if a is None or b is None else b - a
        rows.append(
            {
                "measure": measure,
                "label": words[measure],
                "left": a,
                "right": b,
                "difference": diff,
                "shown_left": shown(a, digits),
                "shown_right": shown(b, digits),
                "shown_difference": shown(diff, digits, signed=True),
            }
        )

    add("agreement_month", left.months_to_agreement, right.months_to_agreement, 0)
    add("members", int(left.members.sum()), int(right.members.sum()), 0)
    add("trust", mean_trust_now(left), mean_trust_now(right), 2)
    add("outcome", outcome_label(left, language), outcome_label(right, language), 0)
    return pd.DataFrame(rows)


# --- 5. success rates --------------------------------------------------------------------------
def success_rates(
    scenario_left: Scenario | str | dict,
    scenario_right: Scenario | str | dict,
    runs: int,
    seed: int = 0,
    progress: Callable[[int, int], Any] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> pd.DataFrame:
    """Each side's success rate over `runs` replications, with its Wilson 95% interval.

    Replication r of both sides runs on `sim.runner.replication_seed(seed, r)` (as
    `sim.replicate` does: common random numbers, so the sides differ only where their settings
    do). The sides take turns, so that a cancelled job has counted both alike. `progress(done,
    total)` is called after every run (total = 2 x runs); `cancel()`, asked before every run,
    stops the job early when true. Returns one row per side (`left`, `right`): `side`, `runs`
    (done), `successes`, `rate`, `ci_low`, `ci_high`, `complete`.

    Meant to run in a background thread (the dashboard's page must stay responsive):
    `start_success_rates` does that and returns a handle.
    """
    from sim.metrics import wilson_interval
    from sim.runner import replication_seed, run_outcome

    specs = {"left": load_scenario(scenario_left), "right": load_scenario(scenario_right)}
    runs = int(runs)
    if runs < 1:
        raise ValueError(f"runs: a whole number of at least 1, got {runs!r}")
    total = 2 * runs
    done = {side: 0 for side in specs}
    successes = {side: 0 for side in specs}
    finished = 0
    stopped = False
    for replication in range(runs):
        for side, spec in specs.items():
            if cancel is not None and cancel():
                stopped = True
                break
            outcome = run_outcome(spec, replication_seed(seed, replication))
            done[side] += 1
            successes[side] += bool(outcome["success"])
            finished += 1
            if progress is not None:
                progress(finished, total)
        if stopped:
            break
    rows = []
    for side in specs:
        n = done[side]
        low, high = wilson_interval(successes[side], n)
        rows.append(
            {
                "side": side,
                "runs": n,
                "successes": successes[side],
                "rate": successes[side] / n if n else math.nan,
                "ci_low": low,
                "ci_high": high,
                "complete": n == runs,
            }
        )
    return pd.DataFrame(rows)


@dataclass(eq=False)
class RatesJob:
    """A `success_rates` job running in a background thread: `progress` is (done, total),
    `result` the table once it has finished (None before), `error` what it raised, if anything;
    `cancel()` asks it to stop after the current run, `join()` waits for it."""

    total: int
    progress: tuple[int, int] = (0, 0)
    result: pd.DataFrame | None = None
    error: BaseException | None = None
    _cancelled: threading.Event = field(default_factory=threading.Event, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    @property
    def done(self) -> bool:
        return self._thread is not None and not self._thread.is_alive()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the job; True when it has finished."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self.done


def start_success_rates(
    scenario_left: Scenario | str | dict,
    scenario_right: Scenario | str | dict,
    runs: int,
    seed: int = 0,
) -> RatesJob:
    """Start `success_rates` in a daemon thread and return its handle at once. The scenarios
    are validated first, in the caller's thread (a `ScenarioError` is raised here)."""
    left, right = load_scenario(scenario_left), load_scenario(scenario_right)
    job = RatesJob(total=2 * int(runs), progress=(0, 2 * int(runs)))

    def report(done: int, total: int) -> None:
        job.progress = (done, total)

    def work() -> None:
        try:
            job.result = success_rates(
                left, right, runs, seed, progress=report, cancel=job._cancelled.is_set
            )
        except BaseException as error:  # handed to the caller through the handle
            job.error = error

    job._thread = threading.Thread(target=work, name="success-rates", daemon=True)
    job._thread.start()
    return job


# --- role cards ------------------------------------------------------------------------------
def concession_style(exponent: float) -> str:
    """The named concession style nearest to an exponent (on a log scale): boulware, linear or
    conceder."""
    return min(
        CONCESSION_STYLES, key=lambda name: abs(math.log(CONCESSION_STYLES[name] / exponent))
    )


def role_card(model: PartnershipModel, index: int, language: str) -> dict[str, Any]:
    """What a participant playing party `index` may know: its own name, kind, interests (per
    issue its ideal and weight, and what 0 and 1 mean on the issue's scale), whether integration pays for it, its reservation value, the
    most a partnership could give it and its concession style. Nothing of any other party."""
    _check(language)
    party = model.parties[index]
    texts = ROLE_CARD[language]
    labels = {issue.key: issue.label or issue.key for issue in model.spec.issues}
    exponent = float(model.exponent[index])
    style = concession_style(exponent)
    return {
        "name": party.name,
        "kind": KIND_LABELS[language].get(party.kind, party.kind),
        "issues": [
            {
                "issue": labels[key],
                "ideal": float(model.prefs.ideals[index, number_]),
                "weight": float(model.prefs.weights[index, number_]),
                "low": getattr(issue, "low_label", ""),
                "high": getattr(issue, "high_label", ""),
            }
            for number_, (key, issue) in enumerate(
                zip(model.issue_keys, model.spec.issues, strict=True)
            )
        ],
        "integration": bool(model.ideal_integration[index] > 0.5),
        "reservation": float(model.reservation[index]),
        "best": float(model.best[index]),
        "exponent": exponent,
        "style": style,
        "style_text": texts[style],
    }
