"""Negotiation (ontwerpen): a round a month under the protocol the levers bring, until all at
the table accept or the deadline passes."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from sim.levers.base import acting, fold
from sim.metrics import agreement_quality
from sim.negotiation import StackedAlternatingOffers, strategies
from sim.phases.base import Phase
from sim.preferences import Preferences, utilities
from sim.trust import (
    move_trust,
    perceive,
    perception_errors,
    stated_positions,
    trust_in_others,
    unit,
)


class Observed:
    """What one party's opponent model has seen of it, by kind: the rounds of its own offers,
    of the packages it accepted and of those it rejected (each in order, with their times),
    and every candidate concession curve of `strategies.fit_concession` at each of those
    rounds, (rounds, candidates) per kind. Grown a round at a time: a round's kind and time
    never change, so its row is made once (the same numbers as making them all at once). With
    a `clock` (each time a round can have, and its place), the rows of its times are made a
    block of times at a time, as they are needed, and copied."""

    KINDS = 3

    def __init__(
        self, start: float, reservation: float, clock: dict[float, int] | None = None
    ) -> None:
        self._start, self._reservation = start, reservation
        self._clock = clock or {}
        self._times_of_clock = np.array(list(self._clock), dtype=float)
        candidates = len(strategies.CONCESSION_GRID) * strategies.FLOOR_STEPS
        self._table = np.empty((len(self._clock), candidates))  # the rows of its times
        self._made = 0  # rows of the table made
        self._sizes = [0] * self.KINDS
        self._rounds = [np.zeros(0, dtype=np.intp)] * self.KINDS
        self._times = [np.zeros(0)] * self.KINDS
        self._curves = [np.zeros((0, candidates))] * self.KINDS
        self.seen = 0  # history rounds looked at

    BLOCK = 8
    """Rows of the clock made at once."""

    def _make_rows(self, index: int) -> None:
        end = min(max(index + 1, self._made + self.BLOCK), len(self._table))
        self._table[self._made : end] = strategies.concession_curves(
            self._start, self._reservation, self._times_of_clock[self._made : end]
        )
        self._made = end

    def add(self, kind: int, round_: int, time: float) -> None:
        size = self._sizes[kind]
        if size == len(self._rounds[kind]):  # full: double it
            capacity = max(8, 2 * size)
            rounds, times = np.zeros(capacity, dtype=np.intp), np.zeros(capacity)
            curves = np.empty((capacity, self._curves[kind].shape[1]))
            rounds[:size], times[:size] = self._rounds[kind], self._times[kind]
            curves[:size] = self._curves[kind]
            self._rounds[kind], self._times[kind], self._curves[kind] = rounds, times, curves
        row = self._curves[kind][size]
        index = self._clock.get(time)
        if index is None:  # a time off the clock: its row alone
            row[:] = strategies.concession_curves(self._start, self._reservation, [time])[0]
        else:  # the rows of the clock's times made a block at a time (the same numbers)
            if index >= self._made:
                self._make_rows(index)
            row[:] = self._table[index]
        self._rounds[kind][size] = round_
        self._times[kind][size] = time
        self._sizes[kind] = size + 1

    @property
    def rounds(self) -> tuple[np.ndarray, ...]:
        return tuple(r[:size] for r, size in zip(self._rounds, self._sizes, strict=True))

    def observations(self, values: np.ndarray) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
        """Per kind, the times of its rounds and `values` (one per history round) at them: the
        observations `strategies.fit_concession` takes."""
        return tuple(
            (times[:size], values.take(rounds[:size]))
            for rounds, times, size in zip(self._rounds, self._times, self._sizes, strict=True)
        )

    def curves(self) -> tuple[np.ndarray, ...]:
        return tuple(curves[:size] for curves, size in zip(self._curves, self._sizes, strict=True))


class History:
    """The rounds as the parties saw them: when (share of the negotiation time), who proposed
    (-1: the mediator), what, and each party's answer (1 accepted, -1 rejected, 0 not at the
    table). Kept in arrays that grow by doubling, for the proposers' opponent models."""

    OFFER, ACCEPTED, REJECTED = 0, 1, 2

    def __init__(self, n: int) -> None:
        self._n = n
        self._size = 0
        self._times = np.zeros(0)
        self._proposers = np.zeros(0, dtype=int)
        self._packages = np.zeros((0, 0))
        self._answers = np.zeros((n, 0), dtype=np.int8)
        self._observed: dict[tuple[int, float, float], Observed] = {}
        self.clock: dict[float, int] | None = None  # the times rounds can have, if known

    def __len__(self) -> int:
        return self._size

    @property
    def times(self) -> np.ndarray:
        return self._times[: self._size]

    @property
    def proposers(self) -> np.ndarray:
        return self._proposers[: self._size]

    @property
    def packages(self) -> np.ndarray:
        return self._packages[: self._size]

    @property
    def answers(self) -> np.ndarray:
        return self._answers[:, : self._size]

    def add(
        self, progress: float, proposer: int, package: np.ndarray, table: np.ndarray, yes
    ) -> None:
        size = self._size
        if size == len(self._times):  # full: double it
            capacity = max(16, 2 * size)
            times, proposers = np.zeros(capacity), np.zeros(capacity, dtype=int)
            packages = np.zeros((capacity, len(package)))
            answers = np.zeros((self._n, capacity), dtype=np.int8)
            if size:
                times[:size], proposers[:size] = self.times, self.proposers
                packages[:size], answers[:, :size] = self.packages, self.answers
            self._times, self._proposers, self._packages, self._answers = (
                times,
                proposers,
                packages,
                answers,
            )
        self._times[size] = progress
        self._proposers[size] = proposer
        self._packages[size] = package
        self._answers[table, size] = np.where(yes, 1, -1)
        self._size = size + 1

    def observed(self, party: int, start: float, reservation: float) -> Observed:
        """What an opponent model of `party` (concession from `start` toward `reservation`) has
        seen of it, up to the last round."""
        key = (party, start, reservation)
        seen = self._observed.get(key)
        if seen is None:
            seen = self._observed[key] = Observed(start, reservation, self.clock)
        for round_ in range(seen.seen, self._size):
            if self._proposers[round_] == party:
                seen.add(self.OFFER, round_, float(self._times[round_]))
            elif self._answers[party, round_] > 0:
                seen.add(self.ACCEPTED, round_, float(self._times[round_]))
            elif self._answers[party, round_] < 0:
                seen.add(self.REJECTED, round_, float(self._times[round_]))
        seen.seen = self._size
        return seen


@dataclass(frozen=True)
class Place:
    """What stays fixed through the negotiation for one party at the table: the others at the
    table (in table order), its own index as an array, both sets' preferences, the scale of the
    joint value, the typical BATNA of the others (their `prior` demand) and how far each could
    gain above it (`spans`), its own ideal package, and the others' view of its interests
    (`repeated`: its index once per other; its preferences so, for the fairness signal), and
    the BATNA and the spread (best less BATNA, at least 1e-9) of it and of the others."""

    table: np.ndarray
    others: np.ndarray
    own: np.ndarray
    own_prefs: Preferences
    others_prefs: Preferences
    scale: float
    prior: np.ndarray
    spans: np.ndarray
    ideal_package: np.ndarray
    repeated: np.ndarray
    as_seen_by_others: Preferences
    reservation: float
    spread: float
    others_reservation: list[float]
    others_spread: list[float]


def agreement_metrics(
    prefs: Preferences,
    reservation: np.ndarray,
    agreement: np.ndarray,
    scale: float,
    names: list[str],
) -> dict:
    """The metrics of an agreement among the parties of `prefs` (`sim.metrics.
    agreement_quality`) and each one's gain over its BATNA (`member_gains`, by name)."""
    quality = agreement_quality(prefs, reservation, agreement, scale)
    true_value = utilities(agreement[None, :], prefs, scale)[:, 0]
    quality["member_gains"] = {
        name: float(g) for name, g in zip(names, true_value - reservation, strict=True)
    }
    return quality


class Negotiation(Phase):
    name = "negotiation"

    def __init__(self, model) -> None:
        super().__init__(model)
        self.protocol = None
        self.pending: tuple[int, np.ndarray] | None = None
        self.history = History(model.n)
        self._places: dict[int, Place] = {}

    def place(self, index: int) -> Place:
        """What stays fixed through the negotiation for party `index` (made once)."""
        place = self._places.get(index)
        if place is None:
            model = self.model
            table = model.table_idx
            others = table[table != index]
            own = np.array([index])
            prior = model.spec.reservation * model.best[others]
            repeated = np.full(len(others), index)
            place = self._places[index] = Place(
                table=table,
                others=others,
                own=own,
                own_prefs=model.prefs_of(own),
                others_prefs=model.prefs_of(others),
                scale=model.value_scale(len(table)),
                prior=prior,
                spans=np.maximum(model.best[others] - prior, 1e-9),
                ideal_package=np.append(model.prefs.ideals[index], model.ideal_integration[index]),
                repeated=repeated,
                as_seen_by_others=model.prefs_of(repeated),
                reservation=float(model.reservation[index]),
                spread=float(self._spread[index]),
                others_reservation=model.reservation[others].tolist(),
                others_spread=self._spread[others].tolist(),
            )
        return place

    def enter(self) -> None:
        model = self.model
        model.negotiation_start = model.steps + 1
        if model.negotiation_start > model.spec.deadline_months:
            model.fail("deadline")
            return
        table = model.table_idx = np.flatnonzero(model.at_table)
        self._places = {}
        self.history.clock = {time: i for i, time in enumerate(model.negotiation_clock())}
        self._scale = model.value_scale(len(table))
        self._spread = np.maximum(model.best - model.reservation, 1e-9)
        model.aspiration_start = model.reservation + model.ambition * (
            model.best - model.reservation
        )
        model.aspiration = model.aspiration_start.copy()
        # each one's concession at the table (`strategies.aspiration_at`): down to what, over
        # what span, how
        reservation = model.reservation[table]
        self._concession = (
            reservation,
            model.aspiration_start[table] - reservation,
            1.0 / model.exponent[table],
        )
        for lever in model.levers:
            self.protocol = self.protocol or lever.protocol(model, table)
        if self.protocol is None:
            order = [int(i) for i in model.streams.negotiation.permutation(table)]
            self.protocol = StackedAlternatingOffers(order=order)

    def peek(self) -> int:
        """Who proposes next (-1: the mediator)."""
        return self.protocol.peek()

    def open_round(self) -> tuple[int, np.ndarray] | None:
        """Table this month's offer ahead of the step, so that a person in a seat can respond
        to it (the step then closes the round). Draws exactly what the step would."""
        model = self.model
        if model.phase != self.name or model.finished:
            return None
        if self.pending is None:
            model.aspiration[model.table_idx] = strategies.aspiration_at(
                model.negotiation_progress(), *self._concession
            )
            self._update_stated()
            proposer = self.protocol.next_proposer()
            author = model.coordinator if proposer < 0 else model.parties[proposer]
            self.pending = (proposer, author.propose())
        return self.pending

    def _update_stated(self) -> None:
        """What each party at the table says it wants: its ideal, overstated where it is not
        open and does not trust the others."""
        model = self.model
        table = model.table_idx
        stated = stated_positions(
            model.prefs.ideals.take(table, 0),
            model.openness.take(table),
            trust_in_others(model.trust, table),
            model.params.overstatement,
        )
        if len(table) < model.n:  # the others say what they want
            ideals = model.prefs.ideals.copy()
            ideals[table] = stated
            stated = ideals
        model.stated = stated

    def step(self) -> None:
        """One round: an offer (or the mediator's text), responses, and their effect on trust."""
        model = self.model
        table = model.table_idx
        proposer, model.table = self.open_round()
        self.pending = None
        author = model.coordinator if proposer < 0 else model.parties[proposer]
        utility, distrust = model.worth(model.table, table, self._scale, group=table)
        value = utility - distrust
        answered = [
            (model.parties[i], model.parties[i].respond(v, i == proposer))
            for i, v in zip(table.tolist(), value.tolist(), strict=True)
        ]
        yes = np.array([answer for _, answer in answered], dtype=bool)
        self.history.add(model.negotiation_progress(), proposer, model.table, table, yes)
        model.record(
            "offer",
            proposer=author.name,
            package=model.table.tolist(),
            accepted=[party.name for party, answer in answered if answer],
            rejected=[party.name for party, answer in answered if not answer],
        )
        if self.protocol.agreed(yes):
            self._agree(value)
            return
        self._after_rejection(table, yes, proposer, utility)
        if model.steps >= model.spec.deadline_months:
            model.fail("no_zone_of_agreement" if not self._zone_exists(table) else "deadline")

    def _after_rejection(
        self, table: np.ndarray, yes: np.ndarray, proposer: int, utility: np.ndarray
    ) -> None:
        """Trust after a rejected round: a self-serving offer costs the proposer trust, a fair
        one earns a little; accepters blame the rejecters. The levers may take the sting out of
        part of these losses and act after the round."""
        model = self.model
        params = model.params
        sting = fold(model.levers, "rejection_sting", 1.0)
        rejecters, accepters = table[~yes], table[yes]
        if proposer >= 0:
            place = self.place(proposer)
            signals = self._fairness_signal(place, utility[table != proposer])
            trust = model.trust
            # a judge at a time: a few numbers each, where numpy's overhead would dominate
            for judge, signal in zip(place.others.tolist(), signals, strict=True):
                trust[judge, proposer] = move_trust(
                    float(trust[judge, proposer]),
                    signal * sting if signal < 0 else signal,
                    params.trust_gain,
                    params.trust_loss,
                )
        if len(accepters) and len(rejecters):
            block = (accepters[:, None], rejecters[None, :])  # np.ix_, cheaper
            model.trust[block] = move_trust(
                model.trust[block],
                -params.rejection_blame * sting,
                params.trust_gain,
                params.trust_loss,
            )
        for lever in acting(model.levers, "after_rejection"):
            lever.after_rejection(model, table, rejecters)

    def _fairness_signal(self, place: Place, own_utility: np.ndarray) -> list[float]:
        """How each other party at the table judges the offer of the party at `place`: as fair
        (+) or self-serving (-).

        A responder compares the proposer's gain, as it perceives the proposer's interests,
        with its own gain (`own_utility`: its utility of the offer), both as shares of what
        each could get at best (both before the cost of distrust, which is no part of the
        offer)."""
        model = self.model
        params = model.params
        responders, proposer = place.others, int(place.own[0])
        judges = responders.tolist()
        sigma = perception_errors(
            model.trust,
            model.openness,
            model.familiarity,
            judges,
            [proposer] * len(judges),
            params.perception_error,
        )
        seen = perceive(model.stated.take(place.repeated, 0), sigma, model.streams.perception)
        proposer_utility = utilities(
            model.table[None, :], place.as_seen_by_others, place.scale, ideals=seen
        )[:, 0]
        margin = params.self_serving_margin
        signals = []
        for seen_utility, own, floor, spread in zip(
            proposer_utility.tolist(),
            own_utility.tolist(),
            place.others_reservation,
            place.others_spread,
            strict=True,
        ):
            gap = (seen_utility - place.reservation) / place.spread - (own - floor) / spread
            signals.append(-unit((gap - margin) / 0.3) if gap > margin else 0.3)
        return signals

    def _zone_exists(self, parties: np.ndarray) -> bool:
        """Is there a package that every party values above its BATNA? (true utilities)"""
        model = self.model
        quality = agreement_quality(
            model.prefs.subset(parties),
            model.reservation[parties],
            None,
            model.value_scale(len(parties)),
        )
        return quality["zone_of_agreement"]

    def _agree(self, value: np.ndarray) -> None:
        """All at the table accepted: they sign, with a commitment that follows their gain."""
        model = self.model
        model.agreement = model.table.copy()
        model.months_to_agreement = int(model.steps)
        model.signatories = model.at_table.copy()
        model.founding = model.at_table.copy()
        signed = np.flatnonzero(model.signatories)
        model.members = model.signatories.copy()
        spread = np.maximum(model.best[signed] - model.reservation[signed], 1e-9)
        gain = (value - model.reservation[signed]) / spread
        model.commitment[signed] = unit(0.4 + 0.6 * gain)
        # the agreement's metrics, computed when first asked for (`model.agreement_metrics`)
        model.outcome_at_agreement = functools.partial(
            agreement_metrics,
            model.prefs.subset(signed),
            model.reservation[signed],
            model.agreement.copy(),
            model.value_scale(len(signed)),
            [model.parties[i].name for i in signed],
        )
        model.record(
            "agreement",
            parties=model.party_names(model.signatories),
            package=model.agreement.tolist(),
        )
        model.advance()
