"""Investment in trust: months of getting to know each other before the negotiation
(COB et al., Samen werkt het!; dialogue builds trust and familiarity)."""

from __future__ import annotations

from pydantic import Field

from sim.levers.base import Control, Lever
from sim.validation import Int


class TrustInvestment(Lever):
    """Dose: months of dialogue before the negotiation; they count against the deadline."""

    name = "trust_investment"
    knob = "levers.trust_investment_months"
    fields = {"trust_investment_months": (Int, Field(0, ge=0, le=120))}
    mechanisms = ("time", "trust", "perception")
    control = Control("int_slider", 0, 12, 1)
    compare = (0, 6)
    preparation = "getting_to_know"

    def preparation_months(self) -> int:
        return self.dose

    def dialogue_intensity(self) -> float:
        return 1.0
