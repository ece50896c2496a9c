"""Execution: realised value, a quick win, conflicts, commitment and exits, month by month, until
the agreed term has run (success) or too few members remain (failure)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.levers.base import fold
from sim.phases.base import Phase
from sim.preferences import utilities
from sim.trust import move_trust, trust_in_others, unit


@dataclass(frozen=True)
class Membership:
    """The current members and what execution needs of them (realised value is the promised
    value of the agreement, less hidden costs, plus revenue noise)."""

    key: bytes
    members: np.ndarray
    block: tuple
    promised: np.ndarray
    noise: np.ndarray


class Execution(Phase):
    name = "execution"

    def __init__(self, model) -> None:
        super().__init__(model)
        self._view: Membership | None = None

    def months(self) -> int:
        """The agreed term; at least one month, in which the members' first experience counts."""
        return max(1, self.model.spec.execution_months)

    def step(self) -> None:
        model = self.model
        params, rng = model.params, model.streams.execution
        model.admit()
        view = self.membership()
        members = view.members
        month = model.months_in_phase()
        distrust = 1.0 - trust_in_others(model.trust, members)
        realised = (
            view.promised
            - model.transaction_cost() * distrust
            + view.noise * rng.standard_normal(len(members))
        )
        model.experience[members] += 0.3 * (realised - model.experience[members])
        if not model.quick_win and month <= params.quick_win_window:
            if rng.random() < params.quick_win_chance * model.commitment[members].mean():
                self._quick_win(members)
        rate = params.conflict_rate * (0.5 + model.spec.conflict)
        if rng.random() < fold(model.levers, "conflict_rate", rate, model):
            self._conflict(members, rng)
        self._update_commitment(members)
        self._exits(members)
        if not model.quorum(model.founders):
            model.fail("exit_during_execution")
        elif month >= self.months():
            model.success = True
            model.finished = True
            model.record("success")

    def membership(self) -> Membership:
        """What execution needs of the current members, recomputed only when they change."""
        model = self.model
        key = model.members.tobytes()
        if self._view is None or self._view.key != key:
            members = np.flatnonzero(model.members)
            scale = model.value_scale(len(members))
            promised = utilities(model.agreement[None, :], model.prefs_of(members), scale)[:, 0]
            revenue_risk = np.array([model.parties[i].revenue_risk() for i in members])
            self._view = Membership(
                key=key,
                members=members,
                block=np.ix_(members, members),
                promised=promised - model.hidden_cost[members],
                noise=model.params.execution_noise * revenue_risk,
            )
        return self._view

    def _quick_win(self, members: np.ndarray) -> None:
        """A first small success shows the value (COB et al., Samen werkt het!; Havermans,
        Zenc 2007, fase 7)."""
        model = self.model
        params = model.params
        model.quick_win = True
        model.commitment[members] += 0.15 * (1.0 - model.commitment[members])
        block = np.ix_(members, members)
        model.trust[block] = move_trust(
            model.trust[block], 0.6, params.trust_gain, params.trust_loss
        )
        outside = np.flatnonzero(model.participants & ~model.members)
        if len(outside):
            watch = np.ix_(outside, members)
            model.trust[watch] = move_trust(
                model.trust[watch], 0.5, params.trust_gain, params.trust_loss
            )
        np.fill_diagonal(model.trust, 1.0)
        model.record("quick_win")

    def _conflict(self, members: np.ndarray, rng: np.random.Generator) -> None:
        """A conflict between a public member and a corporate member, settled by what the levers
        bring (a dispute procedure, a coordinator) or by the pair's mutual trust."""
        model = self.model
        public = members[model.is_public[members]]
        corporate = members[model.is_corporate[members]]
        a, b = int(rng.choice(public)), int(rng.choice(corporate))
        pair_trust = 0.5 * (model.trust[a, b] + model.trust[b, a])
        unsettled = fold(model.levers, "conflict_unsettled", 1.0)
        settled = rng.random() < 1.0 - unsettled * (1.0 - 0.5 * pair_trust)
        signal = 0.3 if settled else -0.7
        pair = (np.array([a, b]), np.array([b, a]))
        model.trust[pair] = move_trust(
            model.trust[pair], signal, model.params.trust_gain, model.params.trust_loss
        )
        if not settled:
            model.commitment[[a, b]] = unit(model.commitment[[a, b]] - 0.1)
        model.record(
            "conflict",
            parties=[model.parties[a].name, model.parties[b].name],
            settled=bool(settled),
        )

    def _update_commitment(self, members: np.ndarray) -> None:
        """Commitment follows realised gain and trust: built slowly, lost fast; corporates
        also weigh revenue against their target. Kept or broken commitments move trust."""
        model = self.model
        params = model.params
        spread = np.maximum(model.best[members] - model.reservation[members], 1e-9)
        gain = (model.experience[members] - model.reservation[members]) / spread
        shortfall = np.array(
            [model.parties[i].revenue_shortfall(g) for i, g in zip(members, gain, strict=True)]
        )
        target = unit(
            0.5 + 0.5 * gain + 0.5 * (trust_in_others(model.trust, members) - 0.5) - 0.5 * shortfall
        )
        current = model.commitment[members]
        falling = min(1.0, 2.0 * params.commitment_rate)  # lost fast, but never past the target
        rate = np.where(target > current, params.commitment_rate, falling)
        model.commitment[members] = current + rate * (target - current)
        kept = np.where(
            model.commitment[members] >= 0.6,
            0.1,
            np.where(model.commitment[members] < model.commitment_threshold[members], -0.3, 0.0),
        )
        block = self.membership().block
        model.trust[block] = move_trust(
            model.trust[block], kept[None, :], params.trust_gain, params.trust_loss
        )
        np.fill_diagonal(model.trust, 1.0)

    def _exits(self, members: np.ndarray) -> None:
        """Each member considers leaving; those who leave cost the rest some trust."""
        model = self.model
        penalty = 0.0
        for lever in model.levers:
            penalty = penalty + lever.exit_penalty()
        leaving = [i for i in members if model.parties[i].consider_exit(penalty)]
        if leaving:
            rest = np.flatnonzero(model.members)
            block = np.ix_(rest, rest)
            model.trust[block] = move_trust(
                model.trust[block], -0.2, model.params.trust_gain, model.params.trust_loss
            )
            np.fill_diagonal(model.trust, 1.0)
