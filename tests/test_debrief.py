"""The trainer's debrief: every sentence states what the run recorded (the numbers a party
weighed, the months and counts of a lever), gains are true utility less the BATNA, the
comparison and the success rates are right, both languages say everything, and the handout and
role cards are valid files whose texts fit on the page."""

from __future__ import annotations

import math
import re
import threading

import numpy as np
import pytest

import sim
from sim.dashboard import debrief, handout
from sim.model import PartnershipModel
from sim.texts import COUNTS, EFFECTS, HANDOUT, ROLE_CARD, WHY

LANGUAGES = ("nl", "en")


def finished(scenario, seed: int, **overrides) -> PartnershipModel:
    spec = sim.load_scenario(scenario, **overrides)
    model = PartnershipModel(spec, rng=np.random.default_rng(seed))
    model.run()
    return model


@pytest.fixture(scope="module")
def azon_runs() -> dict[int, PartnershipModel]:
    return {seed: finished("azon", seed) for seed in (0, 1, 2, 3, 4, 6)}


@pytest.fixture(scope="module")
def baseline_run() -> PartnershipModel:
    return finished("baseline", 1)


def num(value: float, language: str) -> str:
    text = f"{value:.2f}"
    return text.replace(".", ",") if language == "nl" else text


# --- key moments -------------------------------------------------------------------------------
def test_key_moments_are_the_decisive_events_in_order(azon_runs):
    model = azon_runs[0]
    moments = debrief.key_moments(model, "en")
    decisive = [
        e
        for e in model.events
        if e.code in sim.story.DECISIVE or (e.code == "conflict" and not e.params["settled"])
    ]
    assert list(moments["code"]) == [e.code for e in decisive]
    assert list(moments["month"]) == [e.month for e in decisive]
    assert list(moments["month"]) == sorted(moments["month"])
    assert "offer" not in set(moments["code"]) and "phase" not in set(moments["code"])
    assert moments["sentence"].iloc[-1] == sim.story.describe(decisive[-1], "en")


# --- the parties -------------------------------------------------------------------------------
def test_a_party_that_stays_out_is_told_its_expectation_against_its_batna(azon_runs):
    checked = 0
    for model in azon_runs.values():
        out = [e for e in model.events if e.code == "stays_out"]
        for language in LANGUAGES:
            table = debrief.party_table(model, language).set_index("name")
            for event in out:
                row = table.loc[event.params["party"]]
                p = event.params
                assert row["status"] == "stayed_out"
                assert not row["at_table"] and not row["member"]
                assert num(p["expected"], language) in row["why"]
                assert num(p["batna"], language) in row["why"]
                assert num(p["distrust"], language) in row["why"]
                # the sentence says "no more than": the record must agree
                assert p["expected"] - p["distrust"] <= p["batna"]
                checked += 1
    assert checked >= 10  # azon's seeds leave several parties out


def test_exits_and_council_rejections_give_the_recorded_numbers(azon_runs, baseline_run):
    seen = set()
    for model in [*azon_runs.values(), baseline_run]:
        table = debrief.party_table(model, "en").set_index("name")
        for event in model.events:
            if event.code == "exit":
                why = table.loc[event.params["party"], "why"]
                assert table.loc[event.params["party"], "status"] == "left"
                assert f"month {event.month}" in why
                for key in ("commitment", "threshold", "realised", "batna"):
                    assert num(event.params[key], "en") in why
                seen.add("exit")
            elif event.code == "council_rejects":
                why = table.loc[event.params["party"], "why"]
                assert f"{event.params['chance']:.0%}" in why
                assert num(event.params["support"], "en") in why
                seen.add("council")
    assert seen == {"exit", "council"}


def test_a_party_waiting_outside_the_core_group_is_explained(azon_runs):
    statuses, compared = set(), 0
    for model in azon_runs.values():
        table = debrief.party_table(model, "en").set_index("name")
        admitted = {e.params["party"]: e for e in model.events if e.code == "admitted"}
        for party in model.parties:
            i = party.index
            if not (model.participants[i] and not model.at_table[i]):
                continue
            row = table.loc[party.name]
            statuses.add(row["status"])
            if party.name in admitted:
                assert row["status"] in ("admitted", "left")
                if row["status"] == "admitted":
                    assert num(admitted[party.name].params["value"], "en") in row["why"]
            elif row["status"] == "waiting" and model.agreement is not None:
                scale = model.value_scale(int(model.members.sum()) + 1)
                value = model.evaluate(model.agreement, np.array([i]), scale)[0]
                assert num(value, "en") in row["why"]
                assert num(model.aspiration[i], "en") in row["why"]
                compared += 1
            elif row["status"] == "waiting":
                assert "no agreement" in row["why"]
    assert {"admitted", "waiting"} <= statuses
    assert compared  # seed 6: a party that found the agreement below its aspiration


def test_the_gain_is_true_utility_less_the_reservation_value(azon_runs, baseline_run):
    for model in [*azon_runs.values(), baseline_run]:
        table = debrief.party_table(model, "en")
        if model.agreement is None:
            assert table["gain"].isna().all()
            continue
        prefs = model.prefs
        size = int(model.members.sum()) or int(model.founding.sum())
        scale = math.sqrt(size / int(model.participants.sum()))
        issues, integration = model.agreement[:-1], model.agreement[-1]
        for i, gain in enumerate(table["gain"]):
            fit = 1.0 - float(np.sum(prefs.weights[i] * np.abs(issues - prefs.ideals[i])))
            utility = (
                prefs.fit_weight * fit
                + prefs.stake[i] * (prefs.synergy * scale * integration - prefs.fee)
                - prefs.autonomy[i] * integration
            )
            assert gain == pytest.approx(utility - model.reservation[i], abs=1e-12)


def test_the_gain_matches_the_outcome_when_the_signatories_are_the_members():
    for seed in range(10):
        model = finished("baseline", seed, execution_months=1)
        if model.agreement is None or (model.members != model.founding).any():
            continue
        table = debrief.party_table(model, "en").set_index("name")
        for name, gain in model.outcome()["member_gains"].items():
            assert table.loc[name, "gain"] == pytest.approx(gain, abs=1e-12)
        return
    pytest.fail("no run kept exactly its signatories")


# --- the levers --------------------------------------------------------------------------------
def test_without_levers_there_are_no_lever_effects(baseline_run):
    for language in LANGUAGES:
        assert debrief.lever_effects(baseline_run, language).empty


def test_lever_effects_state_the_runs_own_facts(azon_runs):
    model = azon_runs[0]
    table = debrief.lever_effects(model, "en")
    expected = [(lever.name, m) for lever in model.levers if lever.active for m in lever.mechanisms]
    assert list(zip(table["lever"], table["mechanism"], strict=True)) == expected
    effect = table.set_index(["lever", "mechanism"])["effect"]
    series = model.datacollector.get_model_vars_dataframe()
    rules_months = int((series["phase"] == "rules").sum())
    assert f"{rules_months} months agreeing the rules" in effect[("rules", "time")]
    repairs = sum(e.code == "coordinator_repairs" for e in model.events)
    assert f"{repairs} times" in effect[("coordinator", "trust")]
    texts = sum(e.code == "offer" and e.params["proposer"] == "Coordinator" for e in model.events)
    assert f"{texts} single texts" in effect[("coordinator", "perception")]
    talk = np.flatnonzero(series["phase"] == "getting_to_know")
    assert f"{len(talk)} months of getting to know" in effect[("trust_investment", "time")]
    before, after = series["mean_trust"].iloc[talk[0] - 1], series["mean_trust"].iloc[talk[-1]]
    assert after > before
    assert f"from {before:.2f} to {after:.2f}" in effect[("trust_investment", "trust")]
    core = next(e for e in model.events if e.code == "core_group").params["parties"]
    assert all(name in effect[("growth", "membership")] for name in core)
    conflicts = [e for e in model.events if e.code == "conflict"]
    settled = sum(e.params["settled"] for e in conflicts)
    assert (
        f"{len(conflicts)} conflicts during execution, {settled} settled"
        in (effect[("rules", "dispute_settlement")])
    )


def test_a_lever_that_has_not_acted_yet_says_so():
    model = PartnershipModel("azon", rng=np.random.default_rng(0))
    model.step()  # orientation only: the rules are months away
    effect = debrief.lever_effects(model, "en").set_index(["lever", "mechanism"])["effect"]
    assert "not been agreed yet" in effect[("rules", "time")]
    assert "not started yet" in effect[("trust_investment", "time")]


# --- compare mode ------------------------------------------------------------------------------
def test_the_same_run_twice_shows_no_difference(azon_runs):
    model = azon_runs[1]
    again = finished("azon", 1)
    for left, right in ((model, model), (model, again)):
        for language in LANGUAGES:
            table = debrief.difference_table(left, right, language).set_index("measure")
            assert table.loc["agreement_month", "difference"] == 0
            assert table.loc["members", "difference"] == 0
            assert table.loc["trust", "difference"] == 0.0
            assert table.loc["outcome", "difference"] == HANDOUT[language]["same"]


def test_the_difference_is_right_less_left():
    left = finished("baseline", 4)
    right = finished("baseline", 4, **{"levers.rules": 1.0})
    table = debrief.difference_table(left, right, "en").set_index("measure")
    assert table.loc["members", "left"] == left.members.sum()
    assert table.loc["members", "difference"] == right.members.sum() - left.members.sum()
    trust = table.loc["trust"]
    assert trust["difference"] == pytest.approx(trust["right"] - trust["left"])
    assert trust["left"] == pytest.approx(
        left.datacollector.get_model_vars_dataframe()["mean_trust"].iloc[-1]
    )
    same = left.success == right.success and left.failure_reason == right.failure_reason
    assert (table.loc["outcome", "difference"] == "same") == same


# --- success rates -----------------------------------------------------------------------------
def test_success_rates_without_conflict_and_with_full_trust_are_near_one():
    easy = sim.load_scenario("baseline", conflict=0.0, initial_trust=1.0)
    calls = []
    rates = debrief.success_rates(
        easy, "baseline", 12, seed=3, progress=lambda done, total: calls.append((done, total))
    )
    assert calls == [(k, 24) for k in range(1, 25)]
    row = rates.set_index("side").loc["left"]
    assert row["runs"] == 12 and row["complete"]
    assert row["rate"] >= 0.9
    assert row["ci_low"] <= row["rate"] <= row["ci_high"]
    assert row["ci_low"] > 0.5
    # the same seeds as sim.replicate
    for side, spec in (("left", easy), ("right", "baseline")):
        runs = sim.replicate(spec, 12, seed=3)
        assert rates.set_index("side").loc[side, "successes"] == runs["success"].sum()


def test_cancel_stops_the_replications_early():
    calls = []
    rates = debrief.success_rates(
        "baseline",
        "baseline",
        50,
        progress=lambda done, total: calls.append(done),
        cancel=lambda: len(calls) >= 5,
    )
    assert calls == [1, 2, 3, 4, 5]
    assert list(rates["runs"]) == [3, 2]
    assert not rates["complete"].any()


def test_success_rates_run_in_a_background_thread_and_can_be_cancelled():
    job = debrief.start_success_rates("baseline", "baseline", 4, seed=1)
    assert job.join(timeout=30)
    assert job.error is None and job.progress == (8, 8)
    assert job.result["complete"].all()

    started = threading.Event()
    job = debrief.start_success_rates("azon", "azon", 5000)
    deadline = 0
    while job.progress[0] == 0 and deadline < 3000:
        started.wait(0.01)
        deadline += 1
    job.cancel()
    assert job.join(timeout=30)
    assert job.error is None and job.cancelled
    assert job.result["runs"].sum() < 10000
    assert not job.result["complete"].any()


# --- both languages ------------------------------------------------------------------------------
def test_every_row_is_said_in_both_languages_and_differently(azon_runs, baseline_run):
    models = [azon_runs[0], azon_runs[3], baseline_run, finished("all_levers", 2)]
    for model in models:
        for build, column in (
            (debrief.key_moments, "sentence"),
            (debrief.party_table, "why"),
            (debrief.lever_effects, "effect"),
        ):
            nl, en = build(model, "nl")[column], build(model, "en")[column]
            assert len(nl) == len(en)
            for dutch, english in zip(nl, en, strict=True):
                assert dutch.strip() and english.strip() and dutch != english
        nl = debrief.difference_table(model, models[0], "nl")["label"]
        en = debrief.difference_table(model, models[0], "en")["label"]
        assert all(a and b and a != b for a, b in zip(nl, en, strict=True))


def test_counts_have_the_right_number_in_dutch_and_english():
    assert debrief.count(1, "proposal", "nl") == "1 voorstel"
    assert debrief.count(2, "proposal", "nl") == "2 voorstellen"
    assert debrief.count(1, "month", "nl") == "1 maand"
    assert debrief.count(6, "month", "nl") == "6 maanden"
    assert debrief.count(1, "approvals", "nl") == "1 raad stemde in"
    assert debrief.count(3, "approvals", "nl") == "3 raden stemden in"
    assert debrief.count(1, "proposal", "en") == "1 proposal"
    assert debrief.count(0, "conflict", "en") == "no conflict"
    for language in LANGUAGES:
        assert COUNTS[language].keys() == COUNTS["en"].keys()
        for none, one, many in COUNTS[language].values():
            assert "{n}" not in none + one and "{n}" in many


def test_the_dutch_texts_are_gender_neutral_and_every_key_is_in_both_languages():
    for texts in (WHY, EFFECTS, HANDOUT, ROLE_CARD):
        assert texts["nl"].keys() == texts["en"].keys()
        for value in texts["nl"].values():
            for sentence in value if isinstance(value, tuple) else (value,):
                words = sentence.lower().replace(",", " ").split()
                assert not {"haar", "hij", "zij", "hem"} & set(words), sentence
                assert "zijn eigen" not in sentence and "zijn belang" not in sentence


# --- a running model -----------------------------------------------------------------------------
def test_a_running_model_has_a_debrief_too():
    model = PartnershipModel("azon", rng=np.random.default_rng(0))
    for _ in range(20):
        model.step()
    table = debrief.party_table(model, "en")
    assert table["gain"].isna().all()
    assert (table["status"] == "at_table").any()
    assert table.loc[table["status"] == "at_table", "why"].str.contains("so far").all()
    assert debrief.outcome_label(model, "nl") == "Loopt nog"
    fresh = PartnershipModel("azon", rng=np.random.default_rng(0))
    assert set(debrief.party_table(fresh, "nl")["status"]) == {"undecided"}


# --- paper ---------------------------------------------------------------------------------------
def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def figure_texts(figure) -> list[str]:
    return [text.get_text() for text in figure.texts]


def assert_texts_fit(figure) -> None:
    """Every text lies inside the page and no two texts overlap."""
    renderer = figure.canvas.get_renderer()
    page = figure.bbox
    boxes = [text.get_window_extent(renderer) for text in figure.texts if text.get_text()]
    for box in boxes:
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1
    for k, a in enumerate(boxes):
        for b in boxes[k + 1 :]:
            overlap_x = min(a.x1, b.x1) - max(a.x0, b.x0)
            overlap_y = min(a.y1, b.y1) - max(a.y0, b.y0)
            assert overlap_x <= 0.5 or overlap_y <= 0.5, (a, b)


def test_the_handout_is_a_valid_pdf_and_png_naming_scenario_seed_and_month(tmp_path, azon_runs):
    model = azon_runs[3]
    pdf = handout.handout(model, "en", tmp_path / "debrief.pdf")
    png = handout.handout(model, "nl", tmp_path / "debrief.png")
    assert pdf.read_bytes()[:5] == b"%PDF-" and pages(pdf.read_bytes()) == 1
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for language in LANGUAGES:
        figure = handout.handout_figure(model, language)
        text = " ".join(figure_texts(figure))
        words = HANDOUT[language]
        assert "azon" in text and f"{words['seed']}: 3" in text
        assert words["month"].format(month=model.steps, deadline=48) in text
        assert debrief.outcome_label(model, language) in text
        for party in model.parties:
            assert party.name in text
        assert_texts_fit(figure)
    with pytest.raises(ValueError, match="path"):
        handout.handout(model, "en", tmp_path / "debrief.txt")


def test_the_compare_handout_holds_the_difference_table(tmp_path, azon_runs):
    left = azon_runs[2]
    right = finished("azon", 2, **{"levers.growth": "all_at_once"})
    figure = handout.handout_figure(left, "nl", other=right)
    text = " ".join(figure_texts(figure))
    for label in debrief.difference_table(left, right, "nl")["label"]:
        assert label in text
    assert HANDOUT["nl"]["compare"] in text
    assert_texts_fit(figure)
    path = handout.handout(left, "nl", tmp_path / "compare.pdf", other=right)
    assert path.read_bytes()[:5] == b"%PDF-"


def test_a_crowded_handout_shrinks_and_says_what_it_left_out():
    spec = sim.load_scenario(
        {
            "name": "crowd",
            "parties": [
                {
                    "name": "Gemeente met een bijzonder lange naam",
                    "kind": "municipality",
                    "count": 40,
                },
                {"name": "Onderneming", "kind": "corporate", "count": 20},
            ],
        }
    )
    model = PartnershipModel(spec, rng=np.random.default_rng(1))
    model.run()
    figure = handout.handout_figure(model, "en")
    text = " ".join(figure_texts(figure))
    assert "more in the dashboard" in text
    assert_texts_fit(figure)


def test_role_cards_show_each_party_its_own_interests_only(tmp_path, azon_runs):
    model = azon_runs[0]
    path = handout.role_cards(model, "nl", tmp_path / "cards.pdf")
    data = path.read_bytes()
    count = math.ceil(model.n / handout.CARDS_PER_PAGE)
    assert data[:5] == b"%PDF-" and pages(data) == count
    figures = handout.role_card_figures(model, "nl")
    assert len(figures) == count
    names = [party.name for party in model.parties]
    for number, figure in enumerate(figures):
        text = " ".join(figure_texts(figure))
        own = names[number * 2 : number * 2 + 2]
        assert all(name in text for name in own)
        assert not any(name in text for name in names if name not in own)
        for name in own:
            party = next(p for p in model.parties if p.name == name)
            assert num(party.reservation, "nl") in text
        for issue in model.spec.issues:  # what 0 and 1 mean, where the scenario says so
            for end in (getattr(issue, "low_label", ""), getattr(issue, "high_label", "")):
                assert end in text
        assert_texts_fit(figure)
    card = debrief.role_card(model, 0, "en")
    assert [row["ideal"] for row in card["issues"]] == list(model.prefs.ideals[0])
    assert sum(row["weight"] for row in card["issues"]) == pytest.approx(1.0)
    assert card["reservation"] == model.reservation[0]
    assert card["style"] in ("boulware", "linear", "conceder")
    assert debrief.concession_style(0.2) == "boulware"
    assert debrief.concession_style(1.1) == "linear"
    assert debrief.concession_style(4.0) == "conceder"
