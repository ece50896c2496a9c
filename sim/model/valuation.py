"""What a package is worth to whom, now: utility less the expected cost of working with parties
one does not trust; and what a proposer expects the others to demand."""

from __future__ import annotations

import math

import numpy as np

from sim.levers.base import fold
from sim.preferences import Preferences, utilities
from sim.trust import row_sums


class Valuation:
    """Valuation for `PartnershipModel` (a mixin over the model's shared arrays)."""

    @property
    def has_table(self) -> bool:
        return not np.isnan(self.table[0])

    def value_scale(self, size: int) -> float:
        """Joint value grows with the share of the willing partners on board."""
        return math.sqrt(size / max(np.count_nonzero(self.participants), 1))

    def group(self) -> np.ndarray:
        """The parties that count now: the members after an agreement, else those at the table
        (everyone before orientation has sorted them)."""
        group = self.members if self.agreement is not None else self.at_table
        return np.flatnonzero(group) if group.any() else np.arange(self.n)

    def prefs_of(self, parties: np.ndarray) -> Preferences:
        """The preferences of a set of parties (cached: sets change a few times a run)."""
        key = parties.tobytes()
        cached = self._prefs_cache.get(key)
        if cached is None:
            cached = self._prefs_cache[key] = self.prefs.subset(parties)
        return cached

    def evaluate(
        self, package: np.ndarray, parties: np.ndarray | None = None, scale: float | None = None
    ) -> np.ndarray:
        """What a package is worth now to each of `parties` (default: the group): utility less
        the expected transaction cost of working with the group's parties it does not trust."""
        utility, distrust = self.worth(package, parties, scale)
        return utility - distrust

    def worth(
        self,
        package: np.ndarray,
        parties: np.ndarray | None = None,
        scale: float | None = None,
        group: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The two parts of `evaluate`: each party's utility of the package and its expected
        cost of distrust (`group`: the parties that count now, if the caller knows them)."""
        group = self.group() if group is None else group
        parties = group if parties is None else parties
        if scale is None:
            scale = self.value_scale(len(group))
        utility = utilities(package[None, :], self.prefs_of(parties), scale)[:, 0]
        return utility, self.distrust_cost(parties, group)

    def distrust_cost(self, parties: np.ndarray, group: np.ndarray) -> np.ndarray:
        """Each party's expected cost of working with the others in `group` that it does not
        trust (transaction cost times one minus its mean trust in them)."""
        key = (parties.tobytes(), group.tobytes())
        counted = self._inside_cache.get(key)
        if counted is None:  # which of `parties` are in `group`, how many others each has
            inside = np.zeros(self.n)
            inside[group] = 1.0
            inside = inside[parties]
            counted = self._inside_cache[key] = (inside, np.maximum(len(group) - inside, 1))
        inside, count = counted
        mean_other = (row_sums(self.trust, parties, group) - inside) / count
        return self.transaction_cost() * (1.0 - mean_other)

    def transaction_cost(self) -> float:
        """The expected cost of working with a party one does not trust, as the levers shape it
        (binding rules substitute for part of that trust; Williamson 1985)."""
        return fold(self.levers, "transaction_cost", self.params.transaction_cost, self)

    def negotiation_progress(self) -> float:
        return self._progress(self.current_month() - self.negotiation_start)

    def negotiation_clock(self) -> list[float]:
        """The progress of each month of the negotiation, from its first to its deadline."""
        available = self.spec.deadline_months - self.negotiation_start
        return [self._progress(elapsed) for elapsed in range(max(available, 0) + 1)]

    def _progress(self, elapsed: int) -> float:
        """Elapsed months as a share of the negotiation's available months (at most 1)."""
        available = self.spec.deadline_months - self.negotiation_start
        return min(1.0, elapsed / max(available, 1))

    def current_month(self) -> int:
        """The month being played: inside a step the step's month, between steps the next."""
        return self.steps if self._stepping else self.steps + 1
