"""Every text the model's users read, in Dutch and English: the dashboard's interface, the
labels of parties, phases, failure reasons and levers, the sentences that tell a run's events,
and the debrief.

Pure data (and nothing from `sim` is imported), so any module can use it without a cycle:
`sim.story` builds sentences from `TEMPLATES`, the dashboard reads `UI`, a lever its
`LEVER_LABELS` entry. Each dict has one entry per language with the same keys.
"""

from __future__ import annotations


def number(value: float, language: str, spec: str = ".2f") -> str:
    """A number as the language writes it: `0.61` in English, `0,61` in Dutch (`spec`: the
    format, e.g. ".2f" or "g")."""
    text = format(float(value), spec)
    return text.replace(".", ",") if language == "nl" else text


LANGUAGES = ("nl", "en")
"""The languages every text is written in (the dashboard's toggle, in this order)."""

UI = {
    "en": {
        "title": "Colliding interests: a partnership, month by month",
        "scenario": "Scenario",
        "levers": "Levers",
        "coordinator_on": "Independent coordinator",
        "all_at_once": "everyone at once",
        "core_group": "core group first",
        "situation": "Situation",
        "conflict": "Conflict",
        "initial_trust": "Initial trust",
        "autonomy_cost": "Autonomy cost",
        "seed": "Seed (the same seed gives the same story)",
        "seed_short": "seed",
        "step": "Step",
        "play": "Play",
        "pause": "Pause",
        "reset": "Reset",
        "speed": "Speed (months per second)",
        "month": "Month",
        "of": "deadline",
        "phase": "Phase",
        "trust": "Mean trust (parties involved)",
        "mode": "Mode",
        "single": "One arena",
        "compare": "Compare",
        "seat": "Play a seat",
        "compare_lever": "Lever to compare (off left, on right)",
        "seat_party": "Your party",
        "reset_note": "Settings changed: the run starts again with the new settings.",
        "invalid": "Not applied, the run is unchanged",
        "refused_range": "{label} must lie between {low} and {high}, not {value}",
        "refused_seed": "the seed must be a whole number of at least 0, not {value}",
        "refused_other": "{label}: this combination of settings is not possible",
        "settings": "the settings",
        "log": "What happens",
        "network": "Parties and trust",
        "interests": "Colliding interests: ideal points (size: weight) and the package on the table",
        "charts": "Over time",
        "export_events": "Event log (CSV)",
        "export_series": "Monthly series (CSV)",
        "export_view": "This view (PNG)",
        "you_are": "You play {name}. Your reservation value (what going alone is worth): {res:.2f}.",
        "your_interests": "Your interests",
        "issue": "Issue",
        "ideal": "your ideal",
        "weight": "weight",
        "others_note": "Other parties are shown as you perceive them: hollow markers, with the error "
        "that trust and their openness leave.",
        "offer_from": "{name} tables a proposal. Worth to you: {value:.2f} (reservation {res:.2f}).",
        "table": "on the table",
        "accept": "Accept",
        "reject": "Reject",
        "your_turn": "Your turn: compose an offer per issue.",
        "integration": "Integration (how far to work together)",
        "propose": "Table this offer",
        "worth": "Worth to you: {value:.2f} (reservation {res:.2f})",
        "waiting": "Waiting for your decision.",
        "not_at_table": "Your party is not at the table (yet): the others negotiate.",
        "success": "Success",
        "failure": "Failure",
        "on_table": "package on the table",
        "mean_trust": "mean trust",
        "mean_commitment": "mean commitment",
        "aspiration": "aspirations (thin)",
        "left": "left",
        "off": "off",
        "on": "on",
    },
    "nl": {
        "title": "Botsende belangen: een samenwerking, maand na maand",
        "scenario": "Scenario",
        "levers": "Hefbomen",
        "coordinator_on": "Onafhankelijke coördinator",
        "all_at_once": "iedereen tegelijk",
        "core_group": "eerst een kopgroep",
        "situation": "Situatie",
        "conflict": "Belangentegenstelling",
        "initial_trust": "Vertrouwen bij de start",
        "autonomy_cost": "Kosten van autonomieverlies",
        "seed": "Seed (dezelfde seed geeft hetzelfde verhaal)",
        "seed_short": "seed",
        "step": "Stap",
        "play": "Afspelen",
        "pause": "Pauze",
        "reset": "Opnieuw",
        "speed": "Snelheid (maanden per seconde)",
        "month": "Maand",
        "of": "deadline",
        "phase": "Fase",
        "trust": "Gemiddeld vertrouwen (betrokken partijen)",
        "mode": "Modus",
        "single": "Eén arena",
        "compare": "Vergelijken",
        "seat": "Neem een plek in",
        "compare_lever": "Hefboom om te vergelijken (links uit, rechts aan)",
        "seat_party": "Uw partij",
        "reset_note": "Instellingen gewijzigd: de run begint opnieuw met de nieuwe instellingen.",
        "invalid": "Niet toegepast, de run is ongewijzigd",
        "refused_range": "{label} moet tussen {low} en {high} liggen, niet {value}",
        "refused_seed": "de seed moet een geheel getal van minstens 0 zijn, niet {value}",
        "refused_other": "{label}: deze combinatie van instellingen is niet mogelijk",
        "settings": "de instellingen",
        "log": "Wat er gebeurt",
        "network": "Partijen en vertrouwen",
        "interests": "Botsende belangen: ideaalpunten (grootte: gewicht) en het pakket op tafel",
        "charts": "In de tijd",
        "export_events": "Logboek (CSV)",
        "export_series": "Maandreeksen (CSV)",
        "export_view": "Dit beeld (PNG)",
        "you_are": "U speelt {name}. Uw reserveringswaarde (wat alleen verder gaan waard is): "
        "{res:.2f}.",
        "your_interests": "Uw belangen",
        "issue": "Onderwerp",
        "ideal": "uw ideaal",
        "weight": "gewicht",
        "others_note": "Andere partijen ziet u zoals u ze waarneemt: open markers, met de fout die "
        "vertrouwen en hun openheid overlaten.",
        "offer_from": "{name} legt een voorstel op tafel. Waarde voor u: {value:.2f} "
        "(reservering {res:.2f}).",
        "table": "op tafel",
        "accept": "Instemmen",
        "reject": "Afwijzen",
        "your_turn": "Uw beurt: stel per onderwerp een voorstel samen.",
        "integration": "Integratie (hoe ver samenwerken)",
        "propose": "Leg dit voorstel op tafel",
        "worth": "Waarde voor u: {value:.2f} (reservering {res:.2f})",
        "waiting": "Wacht op uw besluit.",
        "not_at_table": "Uw partij zit (nog) niet aan tafel: de anderen onderhandelen.",
        "success": "Geslaagd",
        "failure": "Mislukt",
        "on_table": "pakket op tafel",
        "mean_trust": "gemiddeld vertrouwen",
        "mean_commitment": "gemiddelde betrokkenheid",
        "aspiration": "aspiraties (dun)",
        "left": "vertrokken",
        "off": "uit",
        "on": "aan",
    },
}
"""The dashboard's interface: headings, controls, buttons, the seat's panel, legends."""

KIND_LABELS = {
    "en": {
        "municipality": "municipality",
        "public_body": "water board / public body",
        "corporate": "corporate",
        "coordinator": "coordinator",
    },
    "nl": {
        "municipality": "gemeente",
        "public_body": "waterschap / publiek orgaan",
        "corporate": "bedrijf",
        "coordinator": "coördinator",
    },
}
"""The kinds of party (and the coordinator), as the network's legend names them."""

COORDINATOR = {"en": "The coordinator", "nl": "De coördinator"}
"""The coordinator as the proposer of an offer in the event log."""

REJECTION = {
    "en": "{party} rejects the proposal: the terms on {issue} lie too far from its interests.",
    "nl": "{party} wijst het voorstel af: de afspraken over {issue} liggen te ver van haar belang.",
}
"""The event log's line for a party that rejects an offer, with the issue furthest from it."""

DEBRIEF = {
    "en": {
        True: "The partnership was formed in month {agreed} and lasted its execution period. "
        "Mean trust among the parties involved ended at {trust:.2f}. Ask: which moments made the "
        "difference, and which lever would you not want to miss?",
        False: "The initiative failed in month {month}: {reason}. Mean trust ended at {trust:.2f}."
        " Ask: where did interests collide, who gave way and who did not, and which lever "
        "(rules of the game, a coordinator, time to get to know each other, a core group) "
        "would have acted on that?",
    },
    "nl": {
        True: "Het samenwerkingsverband kwam in maand {agreed} tot stand en hield de "
        "uitvoeringsperiode vol. Het gemiddelde vertrouwen tussen de betrokken partijen eindigde op "
        "{trust:.2f}. Vraag: welke momenten maakten het verschil, en welke hefboom zou u niet "
        "willen missen?",
        False: "Het initiatief mislukte in maand {month}: {reason}. Het gemiddelde vertrouwen "
        "eindigde op {trust:.2f}. Vraag: waar botsten de belangen, wie gaf toe en wie niet, en "
        "welke hefboom (spelregels, een coördinator, tijd om elkaar te leren kennen, een "
        "kopgroep) had daarop ingegrepen?",
    },
}
"""The debrief at the end of a run, by its success."""

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
"""The seven phases (and the end), as the timeline and the story name them."""

REASON_LABELS = {
    "en": {
        None: "the partnership succeeded",
        "too_few_willing": "too few parties, or not both a public party and a corporate, saw a "
        "gain in working together",
        "no_zone_of_agreement": "there was no package every party preferred to going alone",
        "deadline": "the parties did not agree before the deadline",
        "council_rejection": "too many councils rejected the agreement",
        "exit_during_execution": "members left during execution and the partnership lost its "
        "quorum",
    },
    "nl": {
        None: "de samenwerking is geslaagd",
        "too_few_willing": "te weinig partijen, of niet zowel een overheid als een bedrijf, zagen "
        "winst in samenwerken",
        "no_zone_of_agreement": "er was geen pakket dat alle partijen verkozen boven alleen "
        "verder gaan",
        "deadline": "de partijen werden het niet eens voor de deadline",
        "council_rejection": "te veel gemeenteraden wezen de overeenkomst af",
        "exit_during_execution": "leden stapten uit tijdens de uitvoering en het "
        "samenwerkingsverband verloor zijn quorum",
    },
}
"""Why a run ended (None: it succeeded), as the outcome and the story say it."""

TEMPLATES = {
    "en": {
        "joins": "{party} joins: expects {net:.2f} (after {distrust:.2f} for distrust), more "
        "than going alone ({batna:.2f}).",
        "stays_out": "{party} stays out: expects {net:.2f} (after {distrust:.2f} for distrust), "
        "no more than going alone ({batna:.2f}).",
        "core_group": "A core group starts: {parties}.",
        "phase": "Phase: {phase_label}.",
        "rules_agreed": "The rules of the game are agreed (strength {strength:.1f}).",
        "offer": "{proposer} tables a proposal; {n_accepted} accept, {n_rejected} reject{who}.",
        "coordinator_repairs": "The coordinator brings the parties back to the purpose.",
        "agreement": "Agreement: {parties} sign.",
        "council_approves": "The council of {party} approves: chance of approval {chance:.0%} "
        "(support {support:.2f}, gain {gain:.2f}, concern {concern:.2f}).",
        "council_rejects": "The council of {party} rejects the agreement: chance of approval "
        "{chance:.0%} (support {support:.2f}, gain {gain:.2f}, concern {concern:.2f}).",
        "admitted": "{party} joins the partnership (worth {value:.2f} to the party).",
        "quick_win": "A first quick win shows what the partnership is worth.",
        "conflict": "Conflict between {first} and {second}: {settled_text}.",
        "exit": "{party} leaves the partnership: commitment {commitment:.2f} below its threshold "
        "{threshold:.2f}, and it realises {realised:.2f}{penalty_text}, less than going alone "
        "({batna:.2f}).",
        "failure": "The initiative fails: {reason_label}.",
        "success": "The partnership has lasted its execution period: success.",
    },
    "nl": {
        "joins": "{party} doet mee: verwacht {net:.2f} (na {distrust:.2f} voor wantrouwen), "
        "meer dan alleen verder ({batna:.2f}).",
        "stays_out": "{party} doet niet mee: verwacht {net:.2f} (na {distrust:.2f} voor "
        "wantrouwen), niet meer dan alleen verder ({batna:.2f}).",
        "core_group": "Een kopgroep begint: {parties}.",
        "phase": "Fase: {phase_label}.",
        "rules_agreed": "De spelregels zijn vastgesteld (sterkte {strength:.1f}).",
        "offer": "{proposer} legt een voorstel op tafel; {n_accepted} stemmen in, "
        "{n_rejected} wijzen af{who}.",
        "coordinator_repairs": "De coördinator brengt partijen terug naar het doel.",
        "agreement": "Akkoord: {parties} tekenen.",
        "council_approves": "De raad van {party} stemt in: kans op instemming {chance:.0%} "
        "(draagvlak {support:.2f}, winst {gain:.2f}, zorgen {concern:.2f}).",
        "council_rejects": "De raad van {party} wijst de overeenkomst af: kans op instemming "
        "{chance:.0%} (draagvlak {support:.2f}, winst {gain:.2f}, zorgen {concern:.2f}).",
        "admitted": "{party} treedt toe tot het samenwerkingsverband (waarde voor de partij "
        "{value:.2f}).",
        "quick_win": "Een eerste quick win laat zien wat de samenwerking waard is.",
        "conflict": "Conflict tussen {first} en {second}: {settled_text}.",
        "exit": "{party} stapt uit het samenwerkingsverband: betrokkenheid {commitment:.2f} onder "
        "de drempel {threshold:.2f}, en de samenwerking levert {realised:.2f} op{penalty_text}, "
        "minder dan alleen verder ({batna:.2f}).",
        "failure": "Het initiatief mislukt: {reason_label}.",
        "success": "Het samenwerkingsverband heeft de uitvoeringsperiode volgehouden: geslaagd.",
    },
}
"""One sentence per event code; the parameters are the event's, plus those `describe` adds
(`net`: what a party expects after distrust; `penalty_text`: the exit penalty, if any). Joins,
stays-out, exits, council votes and admissions say why, with the numbers the model decided on."""

WITHOUT_REASON = {
    "en": {
        "joins": "{party} sees a gain in working together and joins.",
        "stays_out": "{party} expects no gain over going alone and stays out.",
        "council_approves": "The council of {party} approves.",
        "council_rejects": "The council of {party} rejects the agreement.",
        "admitted": "{party} joins the partnership.",
        "exit": "{party} leaves the partnership.",
    },
    "nl": {
        "joins": "{party} ziet winst in samenwerken en doet mee.",
        "stays_out": "{party} verwacht geen winst ten opzichte van alleen verder gaan en doet "
        "niet mee.",
        "council_approves": "De raad van {party} stemt in.",
        "council_rejects": "De raad van {party} wijst de overeenkomst af.",
        "admitted": "{party} treedt toe tot het samenwerkingsverband.",
        "exit": "{party} stapt uit het samenwerkingsverband.",
    },
}
"""The same events without their reasons: for an event recorded without the numbers (by an
older version of the model, or by hand)."""

EXIT_PENALTY = {
    "en": " (even counting the exit penalty of {penalty:.2f})",
    "nl": " (ook met de uitstapboete van {penalty:.2f} erbij)",
}
"""An exit penalty, when there is one, in the sentence of an exit."""

SETTLED = {
    "en": ("settled", "unresolved, trust suffers"),
    "nl": ("opgelost", "onopgelost, het vertrouwen lijdt eronder"),
}
"""How a conflict during execution ended: settled, or not."""

LEVER_LABELS = {
    "en": {
        "rules": "Rules of the game (strength)",
        "coordinator": "Coordinator skill",
        "trust_investment": "Months of trust investment",
        "growth": "Growth strategy",
    },
    "nl": {
        "rules": "Spelregels (sterkte)",
        "coordinator": "Vaardigheid coördinator",
        "trust_investment": "Maanden investeren in vertrouwen",
        "growth": "Groeistrategie",
    },
}
"""Each lever's label by its name (`sim.levers`): the dashboard's control and comparison."""


# --- debrief ---
# The trainer's debrief (`sim.dashboard.debrief`), the printable handout and the role cards
# (`sim.dashboard.handout`). Numbers are filled in already formatted for the language (a decimal
# comma in Dutch); a count goes through `COUNTS`, which has a form for none, one and more.

COUNTS = {
    "en": {
        "month": ("0 months", "1 month", "{n} months"),
        "proposal": ("no proposal", "1 proposal", "{n} proposals"),
        "tabled": (
            "no proposal was tabled",
            "1 proposal was tabled",
            "{n} proposals were tabled",
        ),
        "party": ("no party", "1 party", "{n} parties"),
        "opened": (
            "no party had to open up",
            "1 party had to open up",
            "{n} parties had to open up",
        ),
        "approvals": ("no council approved", "1 council approved", "{n} councils approved"),
        "rejections": ("none rejected", "1 rejected", "{n} rejected"),
        "conflict": ("no conflict", "1 conflict", "{n} conflicts"),
        "exits": ("no member left", "1 member left", "{n} members left"),
        "texts": ("no single text", "1 single text", "{n} single texts"),
        "times": ("never", "once", "{n} times"),
        "waiting": (
            "no willing party waited outside",
            "1 willing party waited outside",
            "{n} willing parties waited outside",
        ),
        "admitted": ("none joined later", "1 joined later", "{n} joined later"),
        "refused": (
            "",
            "1 council refused to let its party join",
            "{n} councils refused to let their party join",
        ),
        "more": ("", "… and 1 more moment", "… and {n} more moments"),
    },
    "nl": {
        "month": ("0 maanden", "1 maand", "{n} maanden"),
        "proposal": ("geen enkel voorstel", "1 voorstel", "{n} voorstellen"),
        "tabled": (
            "er kwam geen voorstel op tafel",
            "er kwam 1 voorstel op tafel",
            "er kwamen {n} voorstellen op tafel",
        ),
        "party": ("geen enkele partij", "1 partij", "{n} partijen"),
        "opened": (
            "geen enkele partij hoefde opener te worden",
            "1 partij moest opener worden",
            "{n} partijen moesten opener worden",
        ),
        "approvals": ("geen enkele raad stemde in", "1 raad stemde in", "{n} raden stemden in"),
        "rejections": ("geen enkele wees af", "1 wees af", "{n} wezen af"),
        "conflict": ("geen conflict", "1 conflict", "{n} conflicten"),
        "exits": ("geen enkel lid stapte uit", "1 lid stapte uit", "{n} leden stapten uit"),
        "texts": ("geen enkele tekst", "1 tekst", "{n} teksten"),
        "times": ("nooit", "één keer", "{n} keer"),
        "waiting": (
            "geen enkele bereidwillige partij wachtte buiten",
            "1 bereidwillige partij wachtte buiten",
            "{n} bereidwillige partijen wachtten buiten",
        ),
        "admitted": ("geen enkele trad later toe", "1 trad later toe", "{n} traden later toe"),
        "refused": (
            "",
            "1 raad weigerde de eigen partij te laten toetreden",
            "{n} raden weigerden de eigen partij te laten toetreden",
        ),
        "more": ("", "… en nog 1 moment", "… en nog {n} momenten"),
    },
}
"""Counted things, by what they count: the form for none, for one and for more ({n})."""

MECHANISM_LABELS = {
    "en": {
        "openness": "openness",
        "perception": "perception",
        "concession": "concession",
        "trust": "trust",
        "commitment": "commitment",
        "transaction_cost": "transaction cost",
        "council_information": "council information",
        "dispute_settlement": "dispute settlement",
        "membership": "membership",
        "time": "time",
    },
    "nl": {
        "openness": "openheid",
        "perception": "waarneming",
        "concession": "toegeven",
        "trust": "vertrouwen",
        "commitment": "betrokkenheid",
        "transaction_cost": "transactiekosten",
        "council_information": "informatie aan de raden",
        "dispute_settlement": "geschilbeslechting",
        "membership": "lidmaatschap",
        "time": "tijd",
    },
}
"""The mechanisms a lever acts through (`sim.levers.MECHANISMS`), as the debrief names them."""

WHY = {
    "en": {
        "undecided": "{party} has not decided yet: the orientation has not been played.",
        "stays_out": "{party} stayed out: working together looked worth {expected}, minus "
        "{distrust} for the cost of distrust ({net}), no more than going alone is worth (its "
        "BATNA, {batna}).",
        "too_few": "{party} was willing (working together looked worth {net}, going alone "
        "{batna}), but too few other parties were.",
        "negotiating": "{party} sits at the table and has rejected {rejections} so far; {tabled}.",
        "no_agreement": "{party} sat at the table and rejected {rejections}; {tabled}, and no "
        "agreement was reached.",
        "last_offer": " The last proposal gave it a utility of {last}, against {batna} for going "
        "alone.",
        "signed": "{party} signed the agreement in month {month} and is a member.",
        "signed_end": "{party} signed the agreement in month {month} and was still a member at "
        "the end.",
        "council_rejects": "The council of {party} rejected the agreement in month {month}: the "
        "chance of approval was {chance} (support {support}, share of the possible gain {gain}, "
        "concern {concern}).",
        "council_refuses": "The council of {party} refused to let the party join in month "
        "{month}: the chance of approval was {chance} (support {support}, share of the possible "
        "gain {gain}, concern {concern}).",
        "exit": "{party} left in month {month}: its commitment ({commitment}) had fallen below "
        "its threshold ({threshold}), and what the partnership realised for it ({realised}) plus "
        "the exit penalty ({penalty}) was less than going alone is worth ({batna}).",
        "exit_free": "{party} left in month {month}: its commitment ({commitment}) had fallen "
        "below its threshold ({threshold}), and what the partnership realised for it "
        "({realised}) was less than going alone is worth ({batna}); leaving cost nothing.",
        "admitted": "{party} waited outside the core group and joined in month {month}: the "
        "agreement was worth {value} to it, enough for its aspiration.",
        "admitted_end": "{party} waited outside the core group and joined in month {month}: the "
        "agreement was worth {value} to it, enough for its aspiration; it was still a member "
        "at the end.",
        "waits": "{party} waits outside the core group until the core group has an agreement.",
        "waited_no_agreement": "{party} waited outside the core group; the core group reached no "
        "agreement to join.",
        "waited_below": "{party} waited outside the core group and did not join: the agreement "
        "is worth {value} to it, below its aspiration of {aspiration} (going alone: {batna}).",
        "waited_turn": "{party} waited outside the core group: the agreement is worth {value} "
        "to it, enough for its aspiration of {aspiration}, but one party joins a month, the most "
        "motivated first, and its turn did not come.",
    },
    "nl": {
        "undecided": "{party} heeft nog niet besloten: de verkenning is nog niet gespeeld.",
        "stays_out": "{party} deed niet mee: samenwerken leek {expected} waard, min {distrust} "
        "aan kosten van wantrouwen ({net}), niet meer dan wat alleen verder gaan waard is (de "
        "BATNA, {batna}).",
        "too_few": "{party} wilde meedoen (samenwerken leek {net} waard, alleen verder gaan "
        "{batna}), maar te weinig andere partijen wilden dat.",
        "negotiating": "{party} zit aan tafel en wees tot nu toe {rejections} af; {tabled}.",
        "no_agreement": "{party} zat aan tafel en wees {rejections} af; {tabled} en er kwam geen "
        "akkoord.",
        "last_offer": " Het laatste voorstel was voor deze partij {last} waard, tegen {batna} "
        "voor alleen verder gaan.",
        "signed": "{party} tekende het akkoord in maand {month} en is lid.",
        "signed_end": "{party} tekende het akkoord in maand {month} en was aan het eind nog lid.",
        "council_rejects": "De raad van {party} wees de overeenkomst af in maand {month}: de kans "
        "op instemming was {chance} (draagvlak {support}, aandeel van de mogelijke winst {gain}, "
        "zorg {concern}).",
        "council_refuses": "De raad van {party} liet de partij in maand {month} niet toetreden: "
        "de kans op instemming was {chance} (draagvlak {support}, aandeel van de mogelijke winst "
        "{gain}, zorg {concern}).",
        "exit": "{party} stapte uit in maand {month}: de betrokkenheid ({commitment}) was onder "
        "de eigen drempel ({threshold}) gezakt, en wat de samenwerking opleverde ({realised}) "
        "plus de uittreedboete ({penalty}) was minder dan wat alleen verder gaan waard is "
        "({batna}).",
        "exit_free": "{party} stapte uit in maand {month}: de betrokkenheid ({commitment}) was "
        "onder de eigen drempel ({threshold}) gezakt, en wat de samenwerking opleverde "
        "({realised}) was minder dan wat alleen verder gaan waard is ({batna}); uitstappen "
        "kostte niets.",
        "admitted": "{party} wachtte buiten de kopgroep en trad toe in maand {month}: de "
        "overeenkomst was voor deze partij {value} waard, genoeg voor de eigen aspiratie.",
        "admitted_end": "{party} wachtte buiten de kopgroep en trad toe in maand {month}: de "
        "overeenkomst was voor deze partij {value} waard, genoeg voor de eigen aspiratie; aan "
        "het eind nog lid.",
        "waits": "{party} wacht buiten de kopgroep tot de kopgroep een akkoord heeft.",
        "waited_no_agreement": "{party} wachtte buiten de kopgroep; de kopgroep bereikte geen "
        "akkoord om bij aan te sluiten.",
        "waited_below": "{party} wachtte buiten de kopgroep en trad niet toe: de overeenkomst is "
        "voor deze partij {value} waard, minder dan de eigen aspiratie van {aspiration} (alleen "
        "verder gaan: {batna}).",
        "waited_turn": "{party} wachtte buiten de kopgroep: de overeenkomst is voor deze partij "
        "{value} waard, genoeg voor de eigen aspiratie van {aspiration}, maar er treedt één "
        "partij per maand toe, de meest gemotiveerde eerst, en deze partij kwam niet aan de "
        "beurt.",
    },
}
"""Why a party stayed out, rejected, left, waited or stayed: the party table's sentences."""

EFFECTS = {
    "en": {
        "span": ("month {first}", "months {first}–{last}"),
        "rules_time": "{months} agreeing the rules ({span}), counted against the deadline "
        "(month {deadline}).",
        "rules_pending": "The rules have not been agreed yet ({months} planned).",
        "rules_not_in_force": "The rules never came into force in this run.",
        "rules_openness": "Openness is obliged to at least {floor}: {opened}.",
        "rules_transaction_cost": "Binding rules multiply the expected cost of working with "
        "parties one distrusts by {factor}.",
        "rules_council_information": "Fixed boundaries multiply the councils' concern by "
        "{factor}; in this run: {approvals}, {rejections}.",
        "rules_dispute_settlement": "The dispute procedure multiplies the chance that a conflict "
        "stays unsettled by {factor}; in this run: {conflicts}.",
        "rules_commitment": "Binding commitments make leaving cost {penalty}; {exits}.",
        "conflicts": "{conflicts} during execution, {settled} settled",
        "no_conflicts": "no conflict during execution",
        "coordinator_perception": "The coordinator tabled {texts} and learned the parties' "
        "interests: the error in its picture of them is down to {learned} of where it started.",
        "coordinator_trust": "The coordinator brought the parties back to the purpose {times} "
        "after a rejected proposal; the trust lost over a rejection is multiplied by {sting}.",
        "coordinator_council_information": "The coordinator informed the councils: their concern "
        "is multiplied by {factor}; in this run: {approvals}, {rejections}.",
        "coordinator_dispute_settlement": "The coordinator helps settle conflicts: the chance "
        "that one stays unsettled is multiplied by {factor}; in this run: {conflicts}.",
        "trust_time": "{months} of getting to know each other ({span}), counted against the "
        "deadline (month {deadline}).",
        "trust_pending": "Planned: {months} of getting to know each other; not started yet.",
        "trust_trust": "Mean trust among the participants went from {before} to {after} in "
        "these months.",
        "trust_unrecorded": "Mean trust per month is not recorded in this run.",
        "trust_perception": "Talking made the parties know each other: the error with which they "
        "perceive each other's interests is now {share} of where it started{also}.",
        "also_rules": " (together with the talks on the rules)",
        "growth_membership": "A core group of {core} started: {names}. {waiting}; {admitted}.",
        "growth_pending": "The core group has not been formed yet.",
        "generic": "{lever} acts through {mechanism}; this run records no facts about it.",
    },
    "nl": {
        "span": ("maand {first}", "maanden {first}–{last}"),
        "rules_time": "{months} om de spelregels af te spreken ({span}), die meetellen voor de "
        "deadline (maand {deadline}).",
        "rules_pending": "De spelregels zijn nog niet vastgesteld ({months} gepland).",
        "rules_not_in_force": "De spelregels zijn in deze run nooit van kracht geworden.",
        "rules_openness": "Openheid is verplicht tot minstens {floor}: {opened}.",
        "rules_transaction_cost": "Bindende regels vermenigvuldigen de verwachte kosten van "
        "samenwerken met partijen die men niet vertrouwt met {factor}.",
        "rules_council_information": "Vaste grenzen vermenigvuldigen de zorg van de raden met "
        "{factor}; in deze run: {approvals}, {rejections}.",
        "rules_dispute_settlement": "De geschillenregeling vermenigvuldigt de kans dat een "
        "conflict onopgelost blijft met {factor}; in deze run: {conflicts}.",
        "rules_commitment": "Bindende afspraken geven een uittreedboete van {penalty}; {exits}.",
        "conflicts": "{conflicts} tijdens de uitvoering, {settled} opgelost",
        "no_conflicts": "geen conflict tijdens de uitvoering",
        "coordinator_perception": "De coördinator legde {texts} op tafel en leerde de belangen "
        "van de partijen kennen: de fout in dat beeld is gedaald tot {learned} van het begin.",
        "coordinator_trust": "De coördinator bracht partijen {times} terug naar het doel na een "
        "afgewezen voorstel; vertrouwen dat bij een afwijzing verloren gaat, wordt "
        "vermenigvuldigd met {sting}.",
        "coordinator_council_information": "De coördinator informeerde de raden: hun zorg wordt "
        "vermenigvuldigd met {factor}; in deze run: {approvals}, {rejections}.",
        "coordinator_dispute_settlement": "De coördinator helpt conflicten oplossen: de kans dat "
        "er een onopgelost blijft, wordt vermenigvuldigd met {factor}; in deze run: {conflicts}.",
        "trust_time": "{months} elkaar leren kennen ({span}), die meetellen voor de deadline "
        "(maand {deadline}).",
        "trust_pending": "Gepland: {months} elkaar leren kennen; nog niet begonnen.",
        "trust_trust": "Het gemiddelde vertrouwen tussen de deelnemers ging in die maanden van "
        "{before} naar {after}.",
        "trust_unrecorded": "Het vertrouwen per maand is in deze run niet vastgelegd.",
        "trust_perception": "Door te praten leerden de partijen elkaar kennen: de fout waarmee ze "
        "elkaars belangen waarnemen is nu {share} van het begin{also}.",
        "also_rules": " (samen met de gesprekken over de spelregels)",
        "growth_membership": "Een kopgroep van {core} begon: {names}. {waiting}; {admitted}.",
        "growth_pending": "De kopgroep is nog niet gevormd.",
        "generic": "{lever} werkt via {mechanism}; deze run legt daar geen feiten over vast.",
    },
}
"""What each lever did in a run, by lever and mechanism: facts, never claims."""

HANDOUT = {
    "en": {
        "title": "Debrief",
        "scenario": "Scenario",
        "seed": "Seed",
        "replication": "replication {r}",
        "levers": "Levers",
        "no_levers": "none",
        "month": "Month {month} (deadline: month {deadline})",
        "outcome": "Outcome",
        "running": "still running",
        "success": "success",
        "key_moments": "Key moments",
        "no_moments": "No decisive moments yet.",
        "parties": "The parties",
        "lever_effects": "What the levers did",
        "compare": "Compare: left and right",
        "left_right": "Left: {left}. Right: {right}.",
        "party": "Party",
        "kind": "Kind",
        "at_table": "At the table",
        "member": "Member at the end",
        "gain": "Gain over BATNA",
        "why": "Why",
        "yes": "yes",
        "no": "no",
        "month_col": "Month",
        "moment": "What happened",
        "lever": "Lever",
        "mechanism": "Mechanism",
        "effect": "What it did",
        "measure": "Measure",
        "left": "Left",
        "right": "Right",
        "difference": "Difference",
        "agreement_month": "Month of agreement",
        "members": "Members at the end",
        "trust": "Mean trust at the end",
        "none": "none",
        "same": "same",
        "different": "different",
        "cut": "The party table is cut here; {n} more in the dashboard.",
    },
    "nl": {
        "title": "Nabespreking",
        "scenario": "Scenario",
        "seed": "Seed",
        "replication": "replicatie {r}",
        "levers": "Hefbomen",
        "no_levers": "geen",
        "month": "Maand {month} (deadline: maand {deadline})",
        "outcome": "Uitkomst",
        "running": "loopt nog",
        "success": "geslaagd",
        "key_moments": "Sleutelmomenten",
        "no_moments": "Nog geen beslissende momenten.",
        "parties": "De partijen",
        "lever_effects": "Wat de hefbomen deden",
        "compare": "Vergelijking: links en rechts",
        "left_right": "Links: {left}. Rechts: {right}.",
        "party": "Partij",
        "kind": "Soort",
        "at_table": "Aan tafel",
        "member": "Lid aan het eind",
        "gain": "Winst t.o.v. BATNA",
        "why": "Waarom",
        "yes": "ja",
        "no": "nee",
        "month_col": "Maand",
        "moment": "Wat er gebeurde",
        "lever": "Hefboom",
        "mechanism": "Mechanisme",
        "effect": "Wat deze deed",
        "measure": "Maatstaf",
        "left": "Links",
        "right": "Rechts",
        "difference": "Verschil",
        "agreement_month": "Maand van het akkoord",
        "members": "Leden aan het eind",
        "trust": "Gemiddeld vertrouwen aan het eind",
        "none": "geen",
        "same": "gelijk",
        "different": "anders",
        "cut": "De partijtabel is hier ingekort; nog {n} in het dashboard.",
    },
}
"""The handout's headings, column names and short words."""

ROLE_CARD = {
    "en": {
        "title": "Role card",
        "you_play": "You play {name} ({kind}).",
        "scenario": "Scenario: {title} (seed {seed})",
        "interests": "Your interests",
        "issue": "Issue",
        "ideal": "Your ideal (0–1)",
        "weight": "Weight",
        "ends": "What 0 and 1 mean",
        "scale_note": "Ideal: where on the issue's scale (0 to 1) you would like the agreement "
        "to be. Weight: how much the issue counts for you (the weights add up to 100%).",
        "integration_yes": "Integration (deciding jointly): it brings you more than the "
        "autonomy it costs.",
        "integration_no": "Integration (deciding jointly): it costs you more autonomy than it "
        "brings.",
        "reservation": "Your reservation value (BATNA, what going alone is worth): {res}. The "
        "most a partnership could give you: {best}.",
        "style": "Your concession style: {style} (exponent {exponent}).",
        "boulware": "hard: you hold on and give way only close to the deadline",
        "linear": "steady: you give way evenly over time",
        "conceder": "accommodating: you give way early",
        "private": "Keep this card to yourself: the other parties do not know these numbers.",
    },
    "nl": {
        "title": "Rolkaart",
        "you_play": "U speelt {name} ({kind}).",
        "scenario": "Scenario: {title} (seed {seed})",
        "interests": "Uw belangen",
        "issue": "Onderwerp",
        "ideal": "Uw ideaal (0–1)",
        "weight": "Gewicht",
        "ends": "Wat 0 en 1 betekenen",
        "scale_note": "Ideaal: waar op de schaal van het onderwerp (0 tot 1) u de afspraak het "
        "liefst ziet. Gewicht: hoeveel het onderwerp voor u telt (de gewichten tellen op tot "
        "100%).",
        "integration_yes": "Integratie (samen beslissen): levert u meer op dan de autonomie die "
        "het kost.",
        "integration_no": "Integratie (samen beslissen): kost u meer autonomie dan het oplevert.",
        "reservation": "Uw reserveringswaarde (BATNA, wat alleen verder gaan waard is): {res}. "
        "Het meeste dat een samenwerking u kan opleveren: {best}.",
        "style": "Uw onderhandelingsstijl: {style} (exponent {exponent}).",
        "boulware": "hard: u houdt vast en geeft pas vlak voor de deadline toe",
        "linear": "gelijkmatig: u geeft in de loop van de tijd evenredig toe",
        "conceder": "toegeeflijk: u geeft vroeg toe",
        "private": "Houd deze kaart voor uzelf: de andere partijen kennen deze getallen niet.",
    },
}
"""A role card for a participant: one party's own interests, BATNA and concession style."""

OFFER_LINE = {
    "en": {
        "line": "{proposer} tables a proposal; {accepted}, {rejected}{who}.",
        "accepted": ("{n} accepts", "{n} accept"),
        "rejected": ("{n} rejects", "{n} reject"),
    },
    "nl": {
        "line": "{proposer} legt een voorstel op tafel; {accepted}, {rejected}{who}.",
        "accepted": ("{n} stemt in", "{n} stemmen in"),
        "rejected": ("{n} wijst af", "{n} wijzen af"),
    },
}
"""The event log's line for a tabled offer: the counts in the singular (one) or the plural."""

SCENARIO_TITLES = {
    "en": {
        "all_levers": "All three levers",
        "azon": "AZON: integrated programming in Zeeland",
        "baseline": "Ad hoc, moderate conflict, no levers",
        "coordinator": "Independent coordinator",
        "eindhoven_5g": "5G Eindhoven: municipality, operator and network supplier",
        "hilversum_pps": "Hilversum: a public-private partnership after a European tender",
        "rules": "Rules of the game",
        "trust": "Investment in trust",
    },
    "nl": {
        "all_levers": "Alle drie de hefbomen",
        "azon": "AZON: integraal programmeren in Zeeland",
        "baseline": "Ad hoc, gematigde belangentegenstelling, geen hefbomen",
        "coordinator": "Onafhankelijke coördinator",
        "eindhoven_5g": "5G Eindhoven: gemeente, operator en netwerkleverancier",
        "hilversum_pps": "Hilversum: PPS na een Europese aanbesteding",
        "rules": "Spelregels",
        "trust": "Investeren in vertrouwen",
    },
}
"""The shipped scenarios' titles by their names, as the dashboard's menu shows them; another
scenario is shown by the title its file gives (else its name)."""

ISSUE_LABELS = {
    "en": {
        "Cost share": "Cost share",
        "Data ownership": "Data ownership",
        "IP rights": "IP rights",
        "Scope and ambition": "Scope and ambition",
        "Pace": "Pace",
        "Kostenverdeling": "Cost sharing",
        "Informatie-uitwisseling en data": "Information exchange and data",
        "Planning en afstemming van werken": "Planning and coordination of works",
        "Reikwijdte van het programma": "Scope of the programme",
        "Eigendom van de data": "Ownership of the data",
        "Intellectueel eigendom": "Intellectual property",
        "Vendor lock-in": "Vendor lock-in",
        "5G als middel of als technologie": "5G as a means or as a technology",
        "Privacy en ethiek van data": "Privacy and data ethics",
        "Kosten en verdienmodel": "Costs and business model",
        "Vraag en diensten centraal": "Demand and services first",
    },
    "nl": {
        "Cost share": "Kostenverdeling",
        "Data ownership": "Eigendom van de data",
        "IP rights": "Intellectuele-eigendomsrechten",
        "Scope and ambition": "Reikwijdte en ambitie",
        "Pace": "Tempo",
        "Kostenverdeling": "Kostenverdeling",
        "Informatie-uitwisseling en data": "Informatie-uitwisseling en data",
        "Planning en afstemming van werken": "Planning en afstemming van werken",
        "Reikwijdte van het programma": "Reikwijdte van het programma",
        "Eigendom van de data": "Eigendom van de data",
        "Intellectueel eigendom": "Intellectueel eigendom",
        "Vendor lock-in": "Vendor lock-in",
        "5G als middel of als technologie": "5G als middel of als technologie",
        "Privacy en ethiek van data": "Privacy en ethiek van data",
        "Kosten en verdienmodel": "Kosten en verdienmodel",
        "Vraag en diensten centraal": "Vraag en diensten centraal",
    },
}
"""The shipped scenarios' issue labels (as their files write them) in both languages; a label
a trainer wrote in a scenario of their own is shown as written."""

# --- shared table ---
# A run that several participants join, each in the seat of a party (`sim.dashboard.table`):
# the trainer's overview and the participant's page (`sim.dashboard.table_view`). The seat's
# own texts (the offer, accept, reject, your interests) are in `UI`.

TABLE = {
    "en": {
        "heading": "Shared table",
        "open": "Open a shared table with these settings",
        "intro": "Participants join this run from their own laptops, each in the seat of a party.",
        "code": "Code",
        "join_at": "Participants open",
        "show": "Show the table's run",
        "elsewhere": "This screen shows another run; the table plays on with its own settings.",
        "seated": "seated",
        "answered": "Answered this round: {done} of {total}",
        "close_round": "Close the round (the model answers for the others)",
        "close": "Close the table",
        "party": "Party",
        "participant": "Participant",
        "this_round": "This round",
        "no_seats": "No one is seated yet.",
        "state_offer": "to propose",
        "state_response": "still to answer",
        "state_answered_yes": "answered: accept",
        "state_answered_no": "answered: reject",
        "state_offered": "proposed",
        "state_outside": "not at the table",
        "state_idle": "nothing to do",
        "closed_by_all": "The last round closed when everyone had answered.",
        "closed_by_trainer": "The trainer closed the last round.",
        "join": "Table {code}",
        "your_name": "Your name (optional)",
        "pick": "Choose the party you play:",
        "pick_more": "Parties not at the table when the negotiation starts:",
        "taken": "taken",
        "no_table": "There is no open table with code {code}. Check the code with your trainer.",
        "table_taken": "Someone else just took that party: choose another.",
        "table_full": "Every party is taken.",
        "table_over": "This run is over.",
        "table_not_seated": "You have no seat at this table.",
        "table_nothing_to_answer": "There is nothing to answer now.",
        "table_not_your_turn": "It is not your turn to propose.",
        "table_bad_offer": "An offer needs a position per issue and an integration level.",
        "table_no_party": "There is no such party.",
        "your_answer": "Your answer in month {month}: {answer}. Recorded.",
        "yes": "accept",
        "no": "reject",
        "waiting_others": "Waiting for the others.",
        "nothing_now": "Nothing to decide now: the trainer moves the run on.",
        "role": "Your role: {name} ({kind}).",
        "your_ideal": "Your ideal",
        "leave": "Leave your seat",
        "closed": "The trainer has closed this table.",
        "participant_n": "Participant {n}",
        "over": "The run is over: {outcome}.",
    },
    "nl": {
        "heading": "Gedeelde tafel",
        "open": "Open een gedeelde tafel met deze instellingen",
        "intro": "Deelnemers doen mee vanaf hun eigen laptop, elk op de plaats van een partij.",
        "code": "Code",
        "join_at": "Deelnemers openen",
        "show": "Toon de run van de tafel",
        "elsewhere": "Dit scherm toont een andere run; de tafel speelt door met haar eigen "
        "instellingen.",
        "seated": "aan tafel",
        "answered": "Beantwoord deze ronde: {done} van {total}",
        "close_round": "Sluit de ronde (het model antwoordt voor de anderen)",
        "close": "Sluit de tafel",
        "party": "Partij",
        "participant": "Deelnemer",
        "this_round": "Deze ronde",
        "no_seats": "Er zit nog niemand aan tafel.",
        "state_offer": "moet voorstellen",
        "state_response": "moet nog antwoorden",
        "state_answered_yes": "antwoord: instemmen",
        "state_answered_no": "antwoord: afwijzen",
        "state_offered": "heeft voorgesteld",
        "state_outside": "niet aan tafel",
        "state_idle": "niets te doen",
        "closed_by_all": "De vorige ronde sloot toen iedereen had geantwoord.",
        "closed_by_trainer": "De trainer heeft de vorige ronde gesloten.",
        "join": "Tafel {code}",
        "your_name": "Uw naam (niet verplicht)",
        "pick": "Kies de partij die u speelt:",
        "pick_more": "Partijen die niet aan tafel zitten als de onderhandeling begint:",
        "taken": "bezet",
        "no_table": "Er is geen open tafel met code {code}. Controleer de code bij de trainer.",
        "table_taken": "Iemand anders koos net die partij: kies een andere.",
        "table_full": "Alle partijen zijn bezet.",
        "table_over": "Deze run is afgelopen.",
        "table_not_seated": "U hebt geen plaats aan deze tafel.",
        "table_nothing_to_answer": "Er valt nu niets te beantwoorden.",
        "table_not_your_turn": "U bent niet aan de beurt om een voorstel te doen.",
        "table_bad_offer": "Een voorstel vraagt een positie per onderwerp en een mate van "
        "integratie.",
        "table_no_party": "Die partij bestaat niet.",
        "your_answer": "Uw antwoord in maand {month}: {answer}. Vastgelegd.",
        "yes": "instemmen",
        "no": "afwijzen",
        "waiting_others": "Wacht op de anderen.",
        "nothing_now": "Nu valt er niets te beslissen: de trainer speelt de run verder.",
        "role": "Uw rol: {name} ({kind}).",
        "your_ideal": "Uw ideaal",
        "leave": "Verlaat uw plaats",
        "closed": "De trainer heeft deze tafel gesloten.",
        "participant_n": "Deelnemer {n}",
        "over": "De run is afgelopen: {outcome}.",
    },
}
"""The shared table: the trainer's overview of the seats and the participant's page."""

# --- projector ---
# The projector view (`sim.dashboard.projector`): the page on a beamer, every text large; the
# parties' standings in the drawings' legends; the colliding-interests board.

PROJECTOR = {
    "en": {
        "projector": "Projector view",
        "leave": "Back to the controls",
        "all": "All panels",
        "network": "Parties and trust",
        "interests": "Colliding interests",
        "charts": "Over time",
        "log": "What happens",
        "integration": "Integration",
        "integration_low": "0: each party decides alone",
        "integration_high": "1: everything jointly",
        "ideal": "ideal of a party at the table (size: weight)",
        "faded": "faded: not at the table",
        "rejected": "red: rejected the last offer",
        "package": "package on the table",
        "no_package": "no package on the table yet",
        "trust": "mean trust",
        "commitment": "mean commitment",
        "month": "month",
    },
    "nl": {
        "projector": "Beamerweergave",
        "leave": "Terug naar de bediening",
        "all": "Alle panelen",
        "network": "Partijen en vertrouwen",
        "interests": "Botsende belangen",
        "charts": "In de tijd",
        "log": "Wat er gebeurt",
        "integration": "Integratie",
        "integration_low": "0: elke partij beslist zelf",
        "integration_high": "1: alles gezamenlijk",
        "ideal": "ideaal van een partij aan tafel (grootte: gewicht)",
        "faded": "vaag: niet aan tafel",
        "rejected": "rood: wees het laatste voorstel af",
        "package": "pakket op tafel",
        "no_package": "nog geen pakket op tafel",
        "trust": "gemiddeld vertrouwen",
        "commitment": "gemiddelde betrokkenheid",
        "month": "maand",
    },
}
"""The projector view: its buttons, the panels' names and the interests board's legend."""

STANDING_LABELS = {
    "en": {
        "at_table": "at the table",
        "waiting": "waiting outside the core group",
        "outside": "stayed out",
        "left": "left (exit)",
        "council_rejected": "council or board rejected",
        "undecided": "not yet decided",
    },
    "nl": {
        "at_table": "aan tafel",
        "waiting": "wacht buiten de kopgroep",
        "outside": "doet niet mee",
        "left": "uitgestapt",
        "council_rejected": "raad of bestuur wees af",
        "undecided": "nog niet besloten",
    },
}
"""A party's standing (`sim.dashboard.standing`) as the network's legend names it; a member
is shown as at the table."""

POLE_LABELS = {
    "en": {
        "Netbedrijven betalen alles": "Grid operators pay it all",
        "Overheden betalen alles": "Public bodies pay it all",
        "Ieder houdt eigen gegevens": "Each keeps its own data",
        "Alle gegevens open gedeeld": "All data shared openly",
        "Overheden bepalen de planning": "Public bodies set the planning",
        "Netbedrijven bepalen de planning": "Grid operators set the planning",
        "Smal: een paar losse projecten": "Narrow: a few separate projects",
        "Breed: alle werk in de ondergrond": "Broad: all underground works",
        "Data van de gemeente": "Data owned by the municipality",
        "Data van de bedrijven": "Data owned by the companies",
        "IE blijft publiek": "IP stays public",
        "IE bij de bedrijven": "IP with the companies",
        "Open standaarden, vrij wisselen": "Open standards, free to switch",
        "Vast aan één leverancier": "Locked in to one supplier",
        "5G als technologie": "5G as a technology",
        "5G als middel voor de stad": "5G as a means for the city",
        "Bedrijven betalen alles": "Companies pay it all",
        "Gemeente betaalt alles": "Municipality pays it all",
        "Strikte privacy, weinig datagebruik": "Strict privacy, little use of data",
        "Ruim gebruik van data": "Wide use of data",
        "Consortium draagt kosten en risico": "Consortium bears costs and risk",
        "Gemeente draagt kosten en risico": "Municipality bears costs and risk",
        "Aanbod van het consortium centraal": "The consortium's offer first",
        "Vraag van de stad centraal": "The city's demand first",
        "IE bij de gemeente": "IP with the municipality",
        "IE bij het consortium": "IP with the consortium",
    },
    "nl": {
        "Corporates pay it all": "Bedrijven betalen alles",
        "Municipalities pay it all": "Gemeenten betalen alles",
        "Municipalities own the data": "Gemeenten bezitten de data",
        "Corporates own the data": "Bedrijven bezitten de data",
        "IP stays public": "IE blijft publiek",
        "Corporates hold the IP": "Bedrijven houden de IE",
        "Narrow: one modest service": "Smal: één bescheiden dienst",
        "Broad: city-wide ambition": "Breed: ambitie voor de hele stad",
        "Slow, step by step": "Langzaam, stap voor stap",
        "Fast roll-out": "Snelle uitrol",
    },
}
"""The issues' pole labels (`low_label`, `high_label`) of the shipped scenarios and the default
issues, by the text their files write, in the other language; a label missing here (the file's
own language, or a trainer's own scenario) is shown as written."""

# --- debrief screen ---
# The dashboard's debrief screen (`sim.dashboard.debrief_view`), the scenario's description under
# the scenario menu and the presets menu (`sim.dashboard.picker`).

DEBRIEF_SCREEN = {
    "en": {
        "open": "Debrief",
        "close": "Close the debrief",
        "ended": "The run is over.",
        "ended_compare": "Both runs are over.",
        "offer": "Open the debrief",
        "title": "Debrief",
        "running": "The run is still going (month {month}): this is how it stands so far.",
        "moments": "Key moments",
        "no_moments": "No decisive moment yet.",
        "month": "Month",
        "happened": "What happened",
        "parties": "The parties: gain against their reservation value, and why",
        "party": "Party",
        "kind": "Kind",
        "gain": "Gain",
        "standing": "Standing",
        "why": "Why",
        "no_gain": "–",
        "gain_note": "Gain: what the agreement is worth to the party less what going alone is "
        "worth (its reservation value, the BATNA); for a party outside the partnership, what "
        "the agreement would have given it. No agreement: no gain.",
        "levers": "What the levers did",
        "no_levers": "No lever was on.",
        "lever": "Lever",
        "mechanism": "Through",
        "effect": "What happened",
        "difference": "The two runs side by side",
        "measure": "Measure",
        "diff": "Difference",
        "rates": "Success rate over {runs} runs per side",
        "rates_progress": "Running {runs} runs per side: {done} of {total} done…",
        "rates_line": "{side}: {rate} successful ({successes} of {runs}; 95% interval {low} "
        "to {high})",
        "rates_note": "Every run with other chance events, the same on both sides; this run's "
        "seed plays no part. The page stays usable while the runs are computed.",
        "rates_failed": "The success rates could not be computed: {error}",
        "downloads": "To hand out",
        "handout_pdf": "Handout (PDF)",
        "handout_png": "Handout (PNG)",
        "role_cards": "Role cards (PDF)",
        "status_stayed_out": "stayed out",
        "status_willing": "willing, too few others",
        "status_waiting": "waited outside the core group",
        "status_at_table": "at the table",
        "status_member": "signed, member",
        "status_admitted": "joined later",
        "status_council_rejected": "council or board rejected",
        "status_left": "left",
        "status_undecided": "not yet decided",
        "scenario_about": "About this scenario",
        "presets": "Preset: a ready-made start",
        "preset_none": "—",
        "preset_expected": "Expected: {outcome}.",
        "preset_month": " (agreement in month {month})",
        "preset_rate": "Over 200 runs with these settings, {words} succeeds ({rate}).",
        "preset_changed": "The settings no longer match the preset {title}.",
        "success": "success",
    },
    "nl": {
        "open": "Nabespreking",
        "close": "Nabespreking sluiten",
        "ended": "De run is afgelopen.",
        "ended_compare": "Beide runs zijn afgelopen.",
        "offer": "Open de nabespreking",
        "title": "Nabespreking",
        "running": "De run loopt nog (maand {month}): zo staat het tot nu toe.",
        "moments": "Sleutelmomenten",
        "no_moments": "Nog geen beslissend moment.",
        "month": "Maand",
        "happened": "Wat er gebeurde",
        "parties": "De partijen: winst ten opzichte van hun BATNA, en waarom",
        "party": "Partij",
        "kind": "Soort",
        "gain": "Winst",
        "standing": "Stand",
        "why": "Waarom",
        "no_gain": "–",
        "gain_note": "Winst: wat het akkoord de partij waard is, min wat alleen verder gaan "
        "waard is (de BATNA); voor een partij buiten het samenwerkingsverband: wat het akkoord "
        "haar gegeven zou hebben. Geen akkoord: geen winst.",
        "levers": "Wat de hefbomen deden",
        "no_levers": "Er stond geen hefboom aan.",
        "lever": "Hefboom",
        "mechanism": "Via",
        "effect": "Wat er gebeurde",
        "difference": "De twee runs naast elkaar",
        "measure": "Maat",
        "diff": "Verschil",
        "rates": "Slagingskans over {runs} runs per kant",
        "rates_progress": "Bezig met {runs} runs per kant: {done} van {total} klaar…",
        "rates_line": "{side}: {rate} geslaagd ({successes} van {runs}; 95%-interval {low} "
        "tot {high})",
        "rates_note": "Elke run met andere toevalligheden, aan beide kanten dezelfde; de seed van "
        "deze run speelt geen rol. De pagina blijft bruikbaar terwijl de runs lopen.",
        "rates_failed": "De slagingskansen konden niet worden berekend: {error}",
        "downloads": "Om uit te delen",
        "handout_pdf": "Hand-out (PDF)",
        "handout_png": "Hand-out (PNG)",
        "role_cards": "Rolkaarten (PDF)",
        "status_stayed_out": "deed niet mee",
        "status_willing": "wilde, te weinig anderen",
        "status_waiting": "wachtte buiten de kopgroep",
        "status_at_table": "aan tafel",
        "status_member": "getekend, lid",
        "status_admitted": "later toegetreden",
        "status_council_rejected": "raad of bestuur wees af",
        "status_left": "uitgestapt",
        "status_undecided": "nog niet besloten",
        "scenario_about": "Over dit scenario",
        "presets": "Kant-en-klare opzet",
        "preset_none": "—",
        "preset_expected": "Verwacht: {outcome}.",
        "preset_month": " (akkoord in maand {month})",
        "preset_rate": "Over 200 runs met deze instellingen slaagt {words} ({rate}).",
        "preset_changed": "De instellingen wijken nu af van de opzet {title}.",
        "success": "geslaagd",
    },
}
"""The debrief screen's labels, the party standings in its table, the scenario's description
heading and the presets menu."""

RATE_WORDS = {
    "en": (
        (0.03, "almost none"),
        (0.1, "about one in ten"),
        (0.2, "about one in five"),
        (0.25, "about one in four"),
        (1 / 3, "about one in three"),
        (0.4, "about two in five"),
        (0.5, "about half"),
        (0.6, "about three in five"),
        (2 / 3, "about two in three"),
        (0.75, "about three in four"),
        (0.8, "about four in five"),
        (0.9, "about nine in ten"),
        (0.97, "almost every run"),
    ),
    "nl": (
        (0.03, "bijna geen enkele"),
        (0.1, "ongeveer één op de tien"),
        (0.2, "ongeveer één op de vijf"),
        (0.25, "ongeveer één op de vier"),
        (1 / 3, "ongeveer één op de drie"),
        (0.4, "ongeveer twee op de vijf"),
        (0.5, "ongeveer de helft"),
        (0.6, "ongeveer drie op de vijf"),
        (2 / 3, "ongeveer twee op de drie"),
        (0.75, "ongeveer drie op de vier"),
        (0.8, "ongeveer vier op de vijf"),
        (0.9, "ongeveer negen op de tien"),
        (0.97, "bijna elke run"),
    ),
}
"""A success rate in words: the nearest of these shares."""

SCENARIO_DESCRIPTIONS = {
    "en": {
        "all_levers": "A structured partnership: rules of the game, an independent coordinator "
        "and six months of trust investment.",
        "azon": "Thirteen municipalities in Zeeland, the water board Scheldestromen and the "
        "network companies Evides (drinking water) and Stedin (energy) align their plans for "
        "the underground. They worked with an independent partnership coordinator, started "
        "with a motivated core group, invested in getting to know each other and agreed rules "
        "of the game together.",
        "baseline": "Four municipalities and two corporates try to set up a shared smart-city "
        "service without agreed rules, without a coordinator and without first getting to "
        "know each other.",
        "coordinator": "An independent coordinator (samenwerkingscoördinator) of good skill "
        "mediates with a single text, repairs trust after a rejected round and informs the "
        "councils, for a fee.",
        "eindhoven_5g": "The municipality of Eindhoven works with VodafoneZiggo and Ericsson on "
        "5G. Much time first goes into boundaries: who owns the data, who profits from the "
        "intellectual property, is vendor lock-in allowed? Only when 5G becomes a means rather "
        "than a technology do the parties find each other.",
        "hilversum_pps": "After a European tender, the municipality of Hilversum enters a "
        "public-private partnership with the winning consortium. The council fears privacy "
        "problems; together with the consortium, agreements and rules of the game are drawn "
        "up and worked into a proposal to the council.",
        "rules": "Agreed rules of the game (spelregels): six months to agree them, then an "
        "openness floor, binding commitments with an exit penalty, a dispute procedure and "
        "fixed boundaries on IP and data.",
        "trust": "Six months of getting to know each other before the negotiation starts.",
    },
    "nl": {
        "all_levers": "Een gestructureerde samenwerking: spelregels, een onafhankelijke "
        "coördinator en zes maanden investeren in vertrouwen.",
        "azon": "Dertien gemeenten in Zeeland, Waterschap Scheldestromen en de netwerkbedrijven "
        "Evides (drinkwater) en Stedin (energie) stemmen hun plannen voor de ondergrond op "
        "elkaar af. Zij werkten met een onafhankelijke samenwerkingscoördinator, begonnen met "
        "een gemotiveerde kopgroep, investeerden in elkaar leren kennen en stelden samen "
        "spelregels op.",
        "baseline": "Vier gemeenten en twee bedrijven proberen samen een slimme-stadsdienst op "
        "te zetten, zonder afgesproken spelregels, zonder coördinator en zonder elkaar eerst "
        "te leren kennen.",
        "coordinator": "Een onafhankelijke samenwerkingscoördinator met goede vaardigheden "
        "bemiddelt met één tekst, herstelt vertrouwen na een afgewezen ronde en informeert de "
        "raden, tegen een vergoeding.",
        "eindhoven_5g": "De gemeente Eindhoven werkt met VodafoneZiggo en Ericsson aan 5G. "
        "Vooraf wordt veel tijd besteed aan grenzen: van wie zijn de data, wie profiteert van "
        "het intellectueel eigendom, sta je vendor lock-in toe? Pas als 5G een middel wordt in "
        "plaats van een technologie vinden de partijen elkaar.",
        "hilversum_pps": "De gemeente Hilversum gaat na een Europese aanbesteding een "
        "publiek-private samenwerking aan met het winnende consortium. De raad vreest "
        "privacyproblemen; samen met het consortium worden afspraken en spelregels opgesteld "
        "en in een raadsvoorstel verwerkt.",
        "rules": "Afgesproken spelregels: zes maanden om ze vast te stellen, daarna een minimum "
        "aan openheid, bindende afspraken met een boete bij uitstappen, een geschillenregeling "
        "en vaste grenzen voor intellectueel eigendom en data.",
        "trust": "Zes maanden elkaar leren kennen voordat de onderhandeling begint.",
    },
}
"""The shipped scenarios' descriptions by their names, in both languages (the files write them
in their own language); another scenario is described as its file does."""

CONTROL = {
    "en": {
        "next_event": "Next event",
        "to_end": "To the end",
        "replay": "Replay: month {month} of {latest}",
        "live": "Back to live",
        "scrubber": "Month shown (replay)",
        "key_moments": "Key moments",
        "no_moments": "No decisive moment yet.",
        "party_filter": "Show in the log",
        "all_parties": "all parties",
        "keys": "Keys: space play/pause · → step · ← back · Home first month · End to the end",
    },
    "nl": {
        "next_event": "Volgende gebeurtenis",
        "to_end": "Naar het einde",
        "replay": "Terugkijken: maand {month} van {latest}",
        "live": "Terug naar nu",
        "scrubber": "Getoonde maand (terugkijken)",
        "key_moments": "Belangrijke momenten",
        "no_moments": "Nog geen beslissend moment.",
        "party_filter": "Toon in het logboek",
        "all_parties": "alle partijen",
        "keys": "Toetsen: spatie afspelen/pauze · → stap · ← terug · Home eerste maand · "
        "End naar het einde",
    },
}
"""The run control's texts: next event, to the end, replay, key moments, the log's filter."""
