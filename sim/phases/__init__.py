"""The seven phases of a partnership initiative, one module and one class each, in the order a
run goes through them (after Havermans, Zenc 2007). `PHASES` is that order, written once."""

from sim.phases.base import Phase, Preparation, Timed
from sim.phases.council_approval import CouncilApproval
from sim.phases.development import Development
from sim.phases.execution import Execution
from sim.phases.getting_to_know import GettingToKnow
from sim.phases.negotiation import Negotiation
from sim.phases.orientation import Orientation
from sim.phases.rules import Rules

ORDER: tuple[type[Phase], ...] = (
    Orientation,
    GettingToKnow,
    Rules,
    Negotiation,
    CouncilApproval,
    Development,
    Execution,
)
PHASES = tuple(phase.name for phase in ORDER)

__all__ = ["ORDER", "PHASES", "Phase", "Preparation", "Timed"]
