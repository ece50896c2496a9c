"""Events and outcomes in plain language, in Dutch and English.

The model records events as codes with parameters (`sim.model.Event`); this module turns them
into sentences for the command line's story, the dashboard's event log and the debrief. The
texts themselves live in `sim.texts`. Issue labels come from the scenario, so a trainer's
renamed issues appear in the texts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sim.texts import (
    COORDINATOR,
    EXIT_PENALTY,
    OFFER_LINE,
    PHASE_LABELS,
    REASON_LABELS,
    SETTLED,
    TEMPLATES,
    WITHOUT_REASON,
)

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


class Comma(float):
    """A number that formats with a decimal comma (Dutch: 0,42)."""

    def __format__(self, spec: str) -> str:
        return format(float(self), spec).replace(".", ",")


def _numbers(params: dict, language: str) -> dict:
    """The event's numbers as the language writes them: a decimal comma in Dutch."""
    if language != "nl":
        return params
    return {
        key: Comma(value)
        if isinstance(value, float | int) and not isinstance(value, bool)
        else value
        for key, value in params.items()
    }


def describe(event: Event, language: str = "en") -> str:
    """One event as a sentence."""
    params = {
        key: plain(value) if isinstance(value, str) else value
        for key, value in event.params.items()
    }
    for key in ("parties", "accepted", "rejected"):
        if isinstance(params.get(key), list | tuple):
            params[key] = type(params[key])(plain(name) for name in params[key])
    if event.code == "offer":  # the counts in the singular or the plural
        text = OFFER_LINE[language]
        accepted, rejected = params["accepted"], params["rejected"]
        shown = ", ".join(rejected[:3]) + ("…" if len(rejected) > 3 else "")
        proposer = params["proposer"]
        return text["line"].format(
            proposer=COORDINATOR[language] if proposer == "Coordinator" else proposer,
            accepted=text["accepted"][len(accepted) != 1].format(n=len(accepted)),
            rejected=text["rejected"][len(rejected) != 1].format(n=len(rejected)),
            who=f" ({shown})" if rejected else "",
        )
    if event.code == "phase":
        params["phase_label"] = PHASE_LABELS[language][params["phase"]]
    elif event.code == "conflict":
        params["first"], params["second"] = params["parties"]
        params["settled_text"] = SETTLED[language][0 if params["settled"] else 1]
    elif event.code == "failure":
        params["reason_label"] = REASON_LABELS[language][params["reason"]]
    elif event.code in ("joins", "stays_out") and "expected" in params:
        params["net"] = params["expected"] - params.get("distrust", 0.0)
    if "parties" in params and isinstance(params["parties"], list):
        params["parties"] = ", ".join(params["parties"])
    params = _numbers(params, language)
    if event.code == "exit" and "penalty" in params:
        penalty = params["penalty"]
        params["penalty_text"] = EXIT_PENALTY[language].format(penalty=penalty) if penalty else ""
    try:
        return TEMPLATES[language][event.code].format(**params)
    except KeyError:  # recorded without its reasons: the sentence without them
        if event.code not in WITHOUT_REASON[language]:
            raise
        return WITHOUT_REASON[language][event.code].format(**params)


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
