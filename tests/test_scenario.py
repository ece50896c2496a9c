"""Scenario files (sim/scenario.py): every shipped scenario loads; every kind of bad input
raises ScenarioError with a message that names the file and the field; overrides in every form."""

import math
import os
from pathlib import Path

import pytest

import sim
from sim.scenario import MAX_PARTIES, scenario_dir

BASELINE_PATH = Path(scenario_dir()) / "baseline.toml"
BASELINE = BASELINE_PATH.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "bad.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def replaced(old: str, new: str) -> str:
    assert old in BASELINE, f"baseline.toml no longer contains {old!r}"
    return BASELINE.replace(old, new, 1)


def load_error(path: Path) -> str:
    with pytest.raises(sim.ScenarioError) as error:
        sim.load_scenario(path)
    return str(error.value)


# --- the shipped scenarios ---------------------------------------------------------------------


def test_the_named_scenarios_are_shipped():
    assert {
        "baseline",
        "rules",
        "coordinator",
        "trust",
        "all_levers",
        "azon",
        "hilversum_pps",
        "eindhoven_5g",
    } <= set(sim.scenario_names())


@pytest.mark.parametrize("name", sim.scenario_names())
def test_every_scenario_file_loads_and_exposes_every_knob(name):
    scenario = sim.load_scenario(name)
    assert scenario.name == name
    assert sim.load_scenario(scenario_dir() / f"{name}.toml") == scenario
    for knob in sim.KNOBS:
        node = scenario
        for part in knob.split("."):
            node = getattr(node, part)
        assert node is not None
    assert 2 <= scenario.n_parties <= MAX_PARTIES
    # every knob can be set by its dotted name
    assert sim.load_scenario(name, **{"levers.rules": 0.5, "conflict": 0.3}).levers.rules == 0.5


def test_the_knobs_are_the_briefs():
    assert sim.KNOBS == (
        "conflict",
        "initial_trust",
        "autonomy_cost",
        "reservation",
        "deadline_months",
        "execution_months",
        "levers.rules",
        "levers.coordinator",
        "levers.trust_investment_months",
        "levers.growth",
    )


# --- bad files ---------------------------------------------------------------------------------


BAD_VALUES = [
    # out of range
    ("conflict = 0.5", "conflict = 1.5", "conflict", "less than or equal to 1"),
    ("initial_trust = 0.4", "initial_trust = -0.1", "initial_trust", "greater than or equal to 0"),
    ("reservation = 0.5", "reservation = 2", "reservation", "less than or equal to 1"),
    ("rules = 0.0", "rules = 1.01", "levers.rules", "less than or equal to 1"),
    ("coordinator = 0.0", "coordinator = -1", "levers.coordinator", "greater than or equal to 0"),
    (
        "trust_investment_months = 0",
        "trust_investment_months = -2",
        "levers.trust_investment_months",
        "greater than or equal to 0",
    ),
    ("deadline_months = 36", "deadline_months = 0", "deadline_months", "greater than or equal"),
    # non-finite
    ("conflict = 0.5", "conflict = nan", "conflict", "finite"),
    ("initial_trust = 0.4", "initial_trust = inf", "initial_trust", "finite"),
    ("autonomy_cost = 0.4", "autonomy_cost = -inf", "autonomy_cost", "finite"),
    ("rules = 0.0", "rules = nan", "levers.rules", "finite"),
    # wrong types
    ("deadline_months = 36", 'deadline_months = "soon"', "deadline_months", "integer"),
    ("deadline_months = 36", "deadline_months = 36.5", "deadline_months", "integer"),
    ("conflict = 0.5", "conflict = [0.5]", "conflict", "number"),
    ('growth = "all_at_once"', "growth = 1", "levers.growth", "all_at_once"),
    ('growth = "all_at_once"', 'growth = "sideways"', "levers.growth", "core_group"),
    ("count = 4", 'count = "four"', "parties.0.count", "integer"),
    ('kind = "corporate"', 'kind = "ngo"', "parties.1.kind", "municipality"),
    # unknown keys, at the top, in a table and in a party
    ("conflict = 0.5", "conflict = 0.5\ncolour = 3", "colour", "unknown key"),
    ("rules = 0.0", "rules = 0.0\nmagic = 1", "levers.magic", "unknown key"),
    ("count = 4", "count = 4\ncolour = 3", "parties.0.colour", "unknown key"),
    # sizes that cannot be meant
    ("count = 4", "count = 1000000", "parties.0.count", f"less than or equal to {MAX_PARTIES}"),
    ("deadline_months = 36", "deadline_months = 1000000", "deadline_months", "less than"),
    (
        "[levers]",
        "[parameters]\ncouncil_months = 100000000\n\n[levers]",
        "parameters.council_months",
        "less",
    ),
    (
        "count = 4",
        "count = 150\n[[parties]]\nname = 'More'\nkind = 'corporate'\ncount = 100",
        "parties",
        f"at most {MAX_PARTIES} parties in all, got 252",
    ),
    # impossible combinations
    (
        'growth = "all_at_once"',
        'growth = "core_group"\ncore_size = 7',
        "levers.core_size",
        "cannot be larger than the party list (6)",
    ),
    (
        'growth = "all_at_once"',
        'growth = "core_group"\ncore_size = 1',
        "levers.core_size",
        "at least 2",
    ),
    ('kind = "corporate"', 'kind = "municipality"', "parties", "corporate"),
    (
        'kind = "corporate"',
        'kind = "corporate"\nstance = [0.5]',
        "parties.1.stance",
        "one value per issue",
    ),
    (
        'kind = "corporate"',
        'kind = "corporate"\nweights = [0, 0, 0, 0, 0]',
        "parties.1.weights",
        "positive sum",
    ),
    (
        'kind = "corporate"',
        'kind = "corporate"\nopenness = [0.9, 0.1]',
        "parties.1.openness",
        "low <= high",
    ),
]


@pytest.mark.parametrize(("old", "new", "field", "allowed"), BAD_VALUES)
def test_bad_values_name_the_file_the_field_and_what_is_allowed(tmp_path, old, new, field, allowed):
    path = write(tmp_path, replaced(old, new))
    message = load_error(path)
    assert str(path) in message
    assert f"field '{field}'" in message
    assert allowed in message
    assert "Traceback" not in message


def test_a_core_group_as_large_as_the_party_list_is_allowed(tmp_path):
    path = write(
        tmp_path, replaced('growth = "all_at_once"', 'growth = "core_group"\ncore_size = 6')
    )
    assert sim.load_scenario(path).levers.core_size == 6


def test_unknown_key_lists_what_is_allowed(tmp_path):
    message = load_error(write(tmp_path, replaced("rules = 0.0", "rules = 0.0\nrulez = 1")))
    assert "allowed here:" in message
    for allowed in ("coordinator", "growth", "rules", "trust_investment_months"):
        assert allowed in message


WRONG_TYPES_ACCEPTED = [
    ("deadline_months = 36", "deadline_months = true", "deadline_months"),
    ("conflict = 0.5", "conflict = true", "conflict"),
    ("conflict = 0.5", 'conflict = "0.5"', "conflict"),
    (
        "trust_investment_months = 0",
        "trust_investment_months = true",
        "levers.trust_investment_months",
    ),
    ("count = 4", "count = true", "parties.0.count"),
    ("count = 4", 'count = "4"', "parties.0.count"),
]


@pytest.mark.parametrize(("old", "new", "field"), WRONG_TYPES_ACCEPTED)
def test_booleans_and_strings_are_not_numbers(tmp_path, old, new, field):
    message = load_error(write(tmp_path, replaced(old, new)))
    assert f"field '{field}'" in message


@pytest.mark.parametrize(
    "new",
    [
        'kind = "corporate"\nconcession = "stubborn"',
        'kind = "corporate"\nconcession = nan',
        'kind = "corporate"\nopenness = [0.1, 0.2, 0.3]',
        'kind = "corporate"\nsize = [0.5, inf]',
    ],
)
def test_a_bad_union_value_gets_one_message_naming_the_field(tmp_path, new):
    message = load_error(write(tmp_path, replaced('kind = "corporate"', new)))
    field = new.split("\n")[1].split(" =")[0]
    assert len(message.splitlines()) == 1, message
    assert f"field 'parties.1.{field}'" in message
    if field == "concession":
        assert "boulware" in message and "0.05..20" in message


def test_a_bad_concession_style_still_names_the_field_and_the_styles(tmp_path):
    message = load_error(
        write(
            tmp_path, replaced('kind = "corporate"', 'kind = "corporate"\nconcession = "stubborn"')
        )
    )
    assert str(tmp_path / "bad.toml") in message
    assert "parties.1.concession" in message and "'boulware', 'linear' or 'conceder'" in message


def test_malformed_toml_names_the_file(tmp_path):
    for text in ("conflict = = 0.5\n", "[levers\nrules = 1\n", 'name = "unterminated\n'):
        path = write(tmp_path, text, "broken.toml")
        message = load_error(path)
        assert str(path) in message and "not valid TOML" in message


def test_a_missing_file_is_named(tmp_path):
    message = load_error(tmp_path / "absent.toml")
    assert str(tmp_path / "absent.toml") in message and "no such scenario file" in message
    with pytest.raises(
        sim.ScenarioError, match=r"no_such_scenario\.toml.*named scenarios:.*baseline"
    ):
        sim.load_scenario("no_such_scenario")


def test_unreadable_files_are_named(tmp_path):
    directory = tmp_path / "folder.toml"
    directory.mkdir()
    message = load_error(directory)
    assert str(directory) in message and "cannot read" in message
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    message = load_error(binary)
    assert str(binary) in message and "cannot read" in message


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file"
)
def test_a_file_without_read_permission_is_named(tmp_path):
    path = write(tmp_path, BASELINE, "secret.toml")
    path.chmod(0)
    try:
        message = load_error(path)
    finally:
        path.chmod(0o600)
    assert str(path) in message and "cannot read" in message


def test_mapping_errors_name_the_mapping_and_the_field():
    raw = sim.load_scenario("baseline").model_dump()
    raw["conflict"] = math.nan
    with pytest.raises(sim.ScenarioError, match=r"<mapping>: field 'conflict': must be a finite"):
        sim.load_scenario(raw)


# --- booleans for the on/off levers; overrides -------------------------------------------------


@pytest.mark.parametrize("lever", ["rules", "coordinator"])
def test_booleans_are_accepted_for_on_off_levers(tmp_path, lever):
    on = write(tmp_path, replaced(f"{lever} = 0.0", f"{lever} = true"), "on.toml")
    off = write(tmp_path, replaced(f"{lever} = 0.0", f"{lever} = false"), "off.toml")
    assert getattr(sim.load_scenario(on).levers, lever) == 1.0
    assert getattr(sim.load_scenario(off).levers, lever) == 0.0


def test_overrides_in_every_form():
    forms = [
        sim.load_scenario("baseline", **{"levers.rules": 1}),
        sim.load_scenario("baseline", levers__rules=1),
        sim.load_scenario("baseline", levers={"rules": 1}),
        sim.load_scenario("baseline", **{"levers.rules": True}),
        sim.load_scenario(sim.load_scenario("baseline"), **{"levers.rules": 1}),
        sim.load_scenario("baseline").with_overrides(levers__rules=1.0),
    ]
    for scenario in forms:
        assert scenario.levers.rules == 1.0
        assert scenario.levers.growth == "all_at_once"  # the rest of the table is kept
        assert scenario.conflict == 0.5
    both = sim.load_scenario(
        BASELINE_PATH, conflict=0.2, **{"levers.growth": "core_group", "levers.coordinator": False}
    )
    assert (both.conflict, both.levers.growth, both.levers.coordinator) == (0.2, "core_group", 0.0)
    nested = sim.load_scenario("baseline", parameters={"synergy": 0.7}, levers={"core_size": 3})
    assert nested.parameters.synergy == 0.7 and nested.levers.core_size == 3
    assert (
        nested.parameters.trust_gain == sim.Scenario.model_fields["parameters"].default.trust_gain
    )


def test_overrides_do_not_change_the_original():
    original = sim.load_scenario("baseline")
    changed = original.with_overrides(conflict=0.9)
    assert original.conflict == 0.5 and changed.conflict == 0.9


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"levers.rules": 2}, "levers.rules"),
        ({"levers__coordinator": "lots"}, "levers.coordinator"),
        ({"levers": {"growth": "sideways"}}, "levers.growth"),
        ({"conflict": math.inf}, "conflict"),
        ({"colour": "red"}, "colour"),
        ({"levers.core_size": 50}, "levers.core_size"),
    ],
)
def test_bad_overrides_name_the_field(overrides, field):
    with pytest.raises(sim.ScenarioError) as error:
        sim.load_scenario("baseline", **overrides)
    assert f"field '{field}'" in str(error.value)
    assert str(BASELINE_PATH) in str(error.value)


def test_an_override_below_a_number_is_refused():
    with pytest.raises(sim.ScenarioError, match="conflict"):
        sim.load_scenario("baseline", conflict=0.5, **{"conflict.low": 0.1})


def test_mixed_override_forms_combine_in_any_order():
    first = sim.load_scenario("baseline", **{"levers.coordinator": 0.5}, levers={"rules": 1})
    assert (first.levers.rules, first.levers.coordinator) == (1.0, 0.5)
    mine = {"rules": 1}
    second = sim.load_scenario("baseline", levers=mine, **{"levers.coordinator": 0.5})
    assert (second.levers.rules, second.levers.coordinator) == (1.0, 0.5)
    assert mine == {"rules": 1}
