"""The model: its state, set-up, valuation, events, reporters and `PartnershipModel` itself."""

from sim.model.events import FAILURE_REASONS, Event
from sim.model.partnership import PartnershipModel
from sim.phases import PHASES

__all__ = ["FAILURE_REASONS", "PHASES", "Event", "PartnershipModel"]
