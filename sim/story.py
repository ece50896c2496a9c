"""Plain-language texts for events and outcomes, in Dutch and English.

The model records events as codes with parameters (`sim.model.Event`); this module turns them
into sentences for the command line's story, the dashboard's event log and the debrief. Issue
labels come from the scenario, so a trainer's renamed issues appear in the texts.
"""

from __future__ import annotations

from collections.abc import Iterable

from sim.model import Event

PHASE_LABELS = {
    "en": {
        "orientation": "Orientation",
        "getting_to_know": "Getting to know each other",
        "rules": "Rules of the game",
        "negotiation": "Negotiation",
        "council_approval": "Council approval",
        "development": "Development",
        "execution": "Execution",
        "done": "Finished",
    },
    "nl": {
        "orientation": "Verkenning",
        "getting_to_know": "Elkaar leren kennen",
        "rules": "Spelregels",
        "negotiation": "Onderhandeling",
        "council_approval": "Raadsbesluit",
        "development": "Ontwikkeling",
        "execution": "Uitvoering",
        "done": "Afgerond",
    },
}

REASON_LABELS = {
    "en": {
        None: "the partnership succeeded",
        "no_zone_of_agreement": "there was no package every party preferred to going alone",
        "deadline": "the parties did not agree before the deadline",
        "council_rejection": "too many councils rejected the agreement",
        "exit_during_execution": "members left during execution and the partnership lost its "
        "quorum",
    },
    "nl": {
        None: "de samenwerking is geslaagd",
        "no_zone_of_agreement": "er was geen pakket dat alle partijen verkozen boven alleen "
        "verder gaan",
        "deadline": "de partijen werden het niet eens voor de deadline",
        "council_rejection": "te veel gemeenteraden wezen de overeenkomst af",
        "exit_during_execution": "leden stapten uit tijdens de uitvoering en het "
        "samenwerkingsverband verloor zijn quorum",
    },
}

TEMPLATES = {
    "en": {
        "joins": "{party} sees a gain in working together and joins.",
        "stays_out": "{party} expects no gain over going alone and stays out.",
        "core_group": "A core group starts: {parties}.",
        "phase": "Phase: {phase_label}.",
        "rules_agreed": "The rules of the game are agreed (strength {strength:.1f}).",
        "offer": "{proposer} tables a proposal; {n_accepted} accept, {n_rejected} reject{who}.",
        "coordinator_repairs": "The coordinator brings the parties back to the purpose.",
        "agreement": "Agreement: {parties} sign.",
        "council_approves": "The council of {party} approves.",
        "council_rejects": "The council of {party} rejects the agreement.",
        "admitted": "{party} joins the partnership.",
        "quick_win": "A first quick win shows what the partnership is worth.",
        "conflict": "Conflict between {first} and {second}: {settled_text}.",
        "exit": "{party} leaves the partnership.",
        "failure": "The initiative fails: {reason_label}.",
        "success": "The partnership has lasted its execution period: success.",
    },
    "nl": {
        "joins": "{party} ziet winst in samenwerken en doet mee.",
        "stays_out": "{party} verwacht geen winst ten opzichte van alleen verder gaan en doet "
        "niet mee.",
        "core_group": "Een kopgroep begint: {parties}.",
        "phase": "Fase: {phase_label}.",
        "rules_agreed": "De spelregels zijn vastgesteld (sterkte {strength:.1f}).",
        "offer": "{proposer} legt een voorstel op tafel; {n_accepted} stemmen in, "
        "{n_rejected} wijzen af{who}.",
        "coordinator_repairs": "De coördinator brengt partijen terug naar het doel.",
        "agreement": "Akkoord: {parties} tekenen.",
        "council_approves": "De raad van {party} stemt in.",
        "council_rejects": "De raad van {party} wijst de overeenkomst af.",
        "admitted": "{party} treedt toe tot het samenwerkingsverband.",
        "quick_win": "Een eerste quick win laat zien wat de samenwerking waard is.",
        "conflict": "Conflict tussen {first} en {second}: {settled_text}.",
        "exit": "{party} stapt uit het samenwerkingsverband.",
        "failure": "Het initiatief mislukt: {reason_label}.",
        "success": "Het samenwerkingsverband heeft de uitvoeringsperiode volgehouden: geslaagd.",
    },
}

SETTLED = {
    "en": ("settled", "unresolved, trust suffers"),
    "nl": ("opgelost", "onopgelost, het vertrouwen lijdt eronder"),
}


def describe(event: Event, language: str = "en") -> str:
    """One event as a sentence."""
    params = dict(event.params)
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
        f"{outcome['scenario']}: {verdict} after {outcome['months']} months "
        f"({offers} proposals tabled)"
    )
    if outcome["months_to_agreement"] is not None:
        head += f"; agreement in month {outcome['months_to_agreement']}"
    return "\n".join([head, *lines, f"Outcome: {reason}."])
