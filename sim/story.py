"""Events and outcomes in plain language, in Dutch and English.

The model records events as codes with parameters (`sim.model.Event`); this module turns them
into sentences for the command line's story, the dashboard's event log and the debrief. The
texts themselves live in `sim.texts`. Issue labels come from the scenario, so a trainer's
renamed issues appear in the texts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sim.texts import PHASE_LABELS, REASON_LABELS, SETTLED, TEMPLATES

if TYPE_CHECKING:
    from sim.model import Event

__all__ = ["DECISIVE", "PHASE_LABELS", "REASON_LABELS", "TEMPLATES", "describe", "story"]


def plain(name: object) -> str:
    """A name as printed: control characters (escapes, line breaks) shown escaped, never sent
    to the terminal. Validation refuses them in names; this guards what it did not see."""
    text = str(name)
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def describe(event: Event, language: str = "en") -> str:
    """One event as a sentence."""
    params = {
        key: plain(value) if isinstance(value, str) else value
        for key, value in event.params.items()
    }
    for key in ("parties", "accepted", "rejected"):
        if isinstance(params.get(key), list | tuple):
            params[key] = type(params[key])(plain(name) for name in params[key])
    if event.code == "phase":
        params["phase_label"] = PHASE_LABELS[language][params["phase"]]
    elif event.code == "offer":
        params["n_accepted"] = len(params["accepted"])
        params["n_rejected"] = len(params["rejected"])
        rejected = params["rejected"]
        shown = ", ".join(rejected[:3]) + ("…" if len(rejected) > 3 else "")
        params["who"] = f" ({shown})" if rejected else ""
    elif event.code == "conflict":
        params["first"], params["second"] = params["parties"]
        params["settled_text"] = SETTLED[language][0 if params["settled"] else 1]
    elif event.code == "failure":
        params["reason_label"] = REASON_LABELS[language][params["reason"]]
    if "parties" in params and isinstance(params["parties"], list):
        params["parties"] = ", ".join(params["parties"])
    return TEMPLATES[language][event.code].format(**params)


DECISIVE = {
    "core_group",
    "rules_agreed",
    "agreement",
    "council_rejects",
    "admitted",
    "quick_win",
    "exit",
    "failure",
    "success",
    "stays_out",
}


def story(events: Iterable[Event], outcome: dict, language: str = "en") -> str:
    """A short readable account of a run: phases, decisive events, the outcome and why."""
    lines = []
    offers = 0
    for event in events:
        if event.code == "offer":
            offers += 1
            continue
        if (
            event.code == "phase"
            or event.code in DECISIVE
            or (event.code == "conflict" and not event.params["settled"])
        ):
            lines.append(f"  month {event.month:>3}  {describe(event, language)}")
    verdict = "SUCCESS" if outcome["success"] else "FAILURE"
    reason = REASON_LABELS[language][outcome["failure_reason"]]
    head = (
        f"{plain(outcome['scenario'])}: {verdict} after {outcome['months']} months "
        f"({offers} proposals tabled)"
    )
    if outcome["months_to_agreement"] is not None:
        head += f"; agreement in month {outcome['months_to_agreement']}"
    return "\n".join([head, *lines, f"Outcome: {reason}."])
