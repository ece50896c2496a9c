"""Every text the model's users read, in Dutch and English: the dashboard's interface, the
labels of parties, phases, failure reasons and levers, the sentences that tell a run's events,
and the debrief.

Pure data (and nothing from `sim` is imported), so any module can use it without a cycle:
`sim.story` builds sentences from `TEMPLATES`, the dashboard reads `UI`, a lever its
`LEVER_LABELS` entry. Each dict has one entry per language with the same keys.
"""

from __future__ import annotations

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
        "step": "Step",
        "play": "Play",
        "pause": "Pause",
        "reset": "Reset",
        "speed": "Speed (months per second)",
        "month": "Month",
        "of": "deadline",
        "phase": "Phase",
        "trust": "Mean trust",
        "mode": "Mode",
        "single": "One arena",
        "compare": "Compare",
        "seat": "Play a seat",
        "compare_lever": "Lever to compare (off left, on right)",
        "seat_party": "Your party",
        "reset_note": "Settings changed: the run starts again with the new settings.",
        "invalid": "Not applied, the run is unchanged",
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
        "step": "Stap",
        "play": "Afspelen",
        "pause": "Pauze",
        "reset": "Opnieuw",
        "speed": "Snelheid (maanden per seconde)",
        "month": "Maand",
        "of": "deadline",
        "phase": "Fase",
        "trust": "Gemiddeld vertrouwen",
        "mode": "Modus",
        "single": "Eén arena",
        "compare": "Vergelijken",
        "seat": "Neem een plek in",
        "compare_lever": "Hefboom om te vergelijken (links uit, rechts aan)",
        "seat_party": "Uw partij",
        "reset_note": "Instellingen gewijzigd: de run begint opnieuw met de nieuwe instellingen.",
        "invalid": "Niet toegepast, de run is ongewijzigd",
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
        "Mean trust among the members ended at {trust:.2f}. Ask: which moments made the "
        "difference, and which lever would you not want to miss?",
        False: "The initiative failed in month {month}: {reason}. Mean trust ended at {trust:.2f}."
        " Ask: where did interests collide, who gave way and who did not, and which lever "
        "(rules of the game, a coordinator, time to get to know each other, a core group) "
        "would have acted on that?",
    },
    "nl": {
        True: "Het samenwerkingsverband kwam in maand {agreed} tot stand en hield de "
        "uitvoeringsperiode vol. Het gemiddelde vertrouwen tussen de leden eindigde op "
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
"""One sentence per event code; the parameters are the event's, plus those `describe` adds."""

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
