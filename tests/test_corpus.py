"""A corpus of bad input: scenario files, experiment files, command lines and the Python API.

Every case must be refused with exit code 2 (or, in Python, a ScenarioError / ValueError), in
one line that names the file, field or option and says what is allowed, with no traceback and
nothing written. Inputs that could hang (a FIFO) run in a subprocess with a timeout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import sim
from sim.cli import main
from sim.scenario import scenario_dir
from sim.validation import MAX_CELLS, MAX_FILE_BYTES, MAX_RUNS

BASELINE = (Path(scenario_dir()) / "baseline.toml").read_text(encoding="utf-8")
EXPERIMENTS = Path(sim.__file__).parent.parent / "experiments"
SMOKE = str(EXPERIMENTS / "smoke.toml")
LEVERS = str(EXPERIMENTS / "levers.toml")
CORPORATE = 'name = "Corporate"\nkind = "corporate"\ncount = 2'


def replaced(old: str, new: str) -> str:
    assert old in BASELINE, f"baseline.toml no longer contains {old!r}"
    return BASELINE.replace(old, new, 1)


def line(prefix: str, new: str) -> str:
    """The baseline with the line that starts with `prefix` replaced."""
    lines = BASELINE.splitlines()
    (at,) = [i for i, text in enumerate(lines) if text.startswith(prefix)]
    return "\n".join([*lines[:at], new, *lines[at + 1 :]]) + "\n"


def issue(key: str, label: str = "Issue") -> str:
    return BASELINE + f'\n[[issues]]\nkey = "{key}"\nlabel = "{label}"\n'


def party(extra: str) -> str:
    """The baseline with the corporate party's entry extended."""
    return replaced(CORPORATE, f"{CORPORATE}\n{extra}")


def refused(capsys, argv: list[str], *expected: str) -> str:
    """Run the CLI in-process: exit 2, one line on stderr naming what is expected, no stdout."""
    code = main(argv)
    captured = capsys.readouterr()
    error = captured.err
    assert code == 2, (code, captured.out, error)
    assert captured.out == ""
    assert "Traceback" not in error
    assert error.startswith("partnersim: error: ")
    assert len(error.strip().splitlines()) == 1, error
    for text in expected:
        assert text in error, (text, error)
    return error


# --- scenario files ----------------------------------------------------------------------------

S = pytest.param
SCENARIO_FILES = [
    # knobs: range, finiteness, type
    S(
        replaced("conflict = 0.5", "conflict = 7"),
        ["'conflict'", "less than or equal to 1"],
        id="conflict-7",
    ),
    S(
        replaced("conflict = 0.5", "conflict = -0.1"),
        ["'conflict'", "greater than or equal to 0"],
        id="conflict-negative",
    ),
    S(replaced("conflict = 0.5", "conflict = nan"), ["'conflict'", "finite"], id="conflict-nan"),
    S(replaced("conflict = 0.5", "conflict = inf"), ["'conflict'", "finite"], id="conflict-inf"),
    S(
        replaced("conflict = 0.5", 'conflict = "high"'),
        ["'conflict'", "valid number"],
        id="conflict-string",
    ),
    S(
        replaced("conflict = 0.5", 'conflict = "0.5"'),
        ["'conflict'", "valid number"],
        id="conflict-numeric-string",
    ),
    S(
        replaced("conflict = 0.5", "conflict = true"),
        ["'conflict'", "valid number"],
        id="conflict-bool",
    ),
    S(
        replaced("initial_trust = 0.4", "initial_trust = [0.1, 0.2]"),
        ["'initial_trust'", "number"],
        id="trust-list",
    ),
    S(
        replaced("reservation = 0.5", "reservation = {low = 0}"),
        ["'reservation'", "number"],
        id="reservation-table",
    ),
    S(
        replaced("autonomy_cost = 0.4", "autonomy_cost = 1e308"),
        ["'autonomy_cost'", "less than or equal to 1"],
        id="autonomy-huge",
    ),
    S(
        replaced("deadline_months = 36", "deadline_months = 0"),
        ["'deadline_months'", "greater than or equal to 1"],
        id="deadline-0",
    ),
    S(
        replaced("deadline_months = 36", "deadline_months = 36.0"),
        ["'deadline_months'", "valid integer"],
        id="deadline-float",
    ),
    S(
        replaced("deadline_months = 36", 'deadline_months = "36"'),
        ["'deadline_months'", "valid integer"],
        id="deadline-string",
    ),
    S(
        replaced("deadline_months = 36", "deadline_months = true"),
        ["'deadline_months'", "valid integer"],
        id="deadline-bool",
    ),
    S(
        replaced("deadline_months = 36", "deadline_months = 99999999999"),
        ["'deadline_months'", "less than or equal to 600"],
        id="deadline-huge",
    ),
    S(
        replaced("execution_months = 24", "execution_months = -1"),
        ["'execution_months'", "greater than or equal to 0"],
        id="execution-negative",
    ),
    S(
        replaced('language = "en"', 'language = "fr"'),
        ["'language'", "'nl' or 'en'"],
        id="language",
    ),
    S(
        replaced("conflict = 0.5", "conflict = 0.5\ncolour = 1"),
        ["'colour'", "unknown key (allowed here:"],
        id="unknown-key",
    ),
    # texts
    S(
        replaced('name = "baseline"', 'name = ""'),
        ["'name'", "at least 1 character"],
        id="name-empty",
    ),
    S(replaced('name = "baseline"', "name = 5"), ["'name'", "valid string"], id="name-number"),
    S(
        replaced('name = "baseline"', 'name = "\\u001b[31mred"'),
        ["'name'", "control characters"],
        id="name-ansi",
    ),
    S(
        replaced('name = "baseline"', 'name = "two\\nlines"'),
        ["'name'", "control characters"],
        id="name-newline",
    ),
    S(
        replaced('name = "baseline"', 'name = "nul\\u0000"'),
        ["'name'", "control characters"],
        id="name-nul",
    ),
    S(
        replaced('name = "baseline"', 'name = "' + "x" * 81 + '"'),
        ["'name'", "at most 80"],
        id="name-long",
    ),
    S(line("title = ", 'title = "a\\tb"'), ["'title'", "control characters"], id="title-tab"),
    S(line("title = ", "title = ['a']"), ["'title'", "valid string"], id="title-list"),
    S(
        replaced('language = "en"', 'language = "en"\ntitle2 = 1'),
        ["'title2'", "unknown key"],
        id="title-unknown",
    ),
    S(
        replaced('description = """', 'description = """\\u001b[2J'),
        ["'description'", "control characters"],
        id="description-escape",
    ),
    S(
        replaced("sources = [", 'sources = ["\\u0007bell", '),
        ["'sources.0'", "control characters"],
        id="sources-bell",
    ),
    S(line("sources = ", 'sources = "one"'), ["'sources'", "valid list"], id="sources-string"),
    # levers
    S(
        replaced("rules = 0.0", "rules = 2"),
        ["'levers.rules'", "less than or equal to 1"],
        id="rules-2",
    ),
    S(replaced("rules = 0.0", 'rules = "yes"'), ["'levers.rules'", "valid number"], id="rules-yes"),
    S(
        replaced("coordinator = 0.0", "coordinator = -1"),
        ["'levers.coordinator'", "greater than or equal to 0"],
        id="coordinator-negative",
    ),
    S(
        replaced("trust_investment_months = 0", "trust_investment_months = -1"),
        ["'levers.trust_investment_months'"],
        id="trust-months-negative",
    ),
    S(
        replaced("trust_investment_months = 0", "trust_investment_months = 1.5"),
        ["'levers.trust_investment_months'", "integer"],
        id="trust-months-float",
    ),
    S(
        replaced('growth = "all_at_once"', 'growth = "sideways"'),
        ["'levers.growth'", "core_group"],
        id="growth-sideways",
    ),
    S(
        replaced('growth = "all_at_once"', "growth = 1"),
        ["'levers.growth'", "all_at_once"],
        id="growth-number",
    ),
    S(
        replaced('growth = "all_at_once"', 'growth = "core_group"\ncore_size = 7'),
        ["'levers.core_size'", "cannot be larger"],
        id="core-size-7",
    ),
    S(
        replaced('growth = "all_at_once"', 'growth = "core_group"\ncore_size = 1'),
        ["'levers.core_size'", "at least 2"],
        id="core-size-1",
    ),
    S(
        replaced("rules = 0.0", "rules = 0.0\nmagic = 1"),
        ["'levers.magic'", "unknown key (allowed here:"],
        id="levers-unknown",
    ),
    # parameters
    S(
        replaced("[levers]", "[parameters]\ncouncil_months = 0\n\n[levers]"),
        ["'parameters.council_months'", "greater than or equal to 1"],
        id="council-months-0",
    ),
    S(
        replaced("[levers]", "[parameters]\nquorum = 0\n\n[levers]"),
        ["'parameters.quorum'", "greater than 0"],
        id="quorum-0",
    ),
    S(
        replaced("[levers]", "[parameters]\nfit_weight = 3\n\n[levers]"),
        ["'parameters.fit_weight'", "less than or equal to 2"],
        id="fit-weight-3",
    ),
    S(
        replaced("[levers]", '[parameters]\nsynergy = "0.5"\n\n[levers]'),
        ["'parameters.synergy'", "valid number"],
        id="synergy-string",
    ),
    S(
        replaced("[levers]", "[parameters]\nwarp = 1\n\n[levers]"),
        ["'parameters.warp'", "unknown key"],
        id="parameters-unknown",
    ),
    # issues: reserved keys (columns of the run and series tables), patterns, duplicates, labels
    *[
        S(issue(key), ["'issues.0.key'", "reserved names"], id=f"issue-key-{key}")
        for key in (
            "integration",
            "replication",
            "cell",
            "month",
            "phase",
            "mean_trust",
            "mean_commitment",
            "members",
            "scenario",
            "step",
            "package",
            "Month",
        )
    ],
    S(issue("1abc"), ["'issues.0.key'", "should match pattern"], id="issue-key-digit"),
    S(issue("a-b"), ["'issues.0.key'", "should match pattern"], id="issue-key-dash"),
    S(issue(""), ["'issues.0.key'", "at least 1 character"], id="issue-key-empty"),
    S(
        issue("cost") + '\n[[issues]]\nkey = "cost"\n',
        ["'issues'", "unique"],
        id="issue-key-duplicate",
    ),
    S(
        issue("cost", "two\\nlines"),
        ["'issues.0.label'", "control characters"],
        id="issue-label-newline",
    ),
    S(
        issue("cost", "\\u001b[1mbold"),
        ["'issues.0.label'", "control characters"],
        id="issue-label-ansi",
    ),
    S(
        issue("cost") + "municipality_stance = 2\n",
        ["'issues.0.municipality_stance'", "less than or equal to 1"],
        id="issue-stance-2",
    ),
    S(
        issue("cost") + 'boundary = "yes"\n',
        ["'issues.0.boundary'", "valid boolean"],
        id="issue-boundary-yes",
    ),
    S(
        issue("cost") + "boundary = 1\n",
        ["'issues.0.boundary'", "valid boolean"],
        id="issue-boundary-1",
    ),
    S(
        replaced("[levers]", "issues = []\n\n[levers]"),
        ["'issues'", "at least 1 item"],
        id="issues-empty",
    ),
    S(
        BASELINE + "".join(f'\n[[issues]]\nkey = "k{i}"\n' for i in range(13)),
        ["'issues'", "at most 12"],
        id="issues-13",
    ),
    # parties: names
    S(
        replaced(
            'name = "Corporate"\nkind = "corporate"\ncount = 2',
            'name = "Municipality"\nkind = "corporate"\ncount = 2',
        ),
        ["'parties'", "unique", "'Municipality 1'"],
        id="party-names-collide-by-count",
    ),
    S(
        BASELINE + '\n[[parties]]\nname = "Corporate 1"\nkind = "corporate"\n',
        ["'parties'", "unique after count expansion", "'Corporate 1'"],
        id="party-name-collides-with-expanded",
    ),
    S(
        BASELINE
        + '\n[[parties]]\nname = "Solo"\nkind = "corporate"\n[[parties]]\nname = "Solo"\nkind = "corporate"\n',
        ["'parties'", "unique", "'Solo'"],
        id="party-names-duplicate",
    ),
    S(
        replaced('name = "Corporate"', 'name = "\\u001b[31mCorp"'),
        ["'parties.1.name'", "control characters"],
        id="party-name-ansi",
    ),
    S(
        replaced('name = "Corporate"', 'name = "Corp\\nFake line"'),
        ["'parties.1.name'", "control characters"],
        id="party-name-newline",
    ),
    S(
        replaced('name = "Corporate"', 'name = "Corp\\r"'),
        ["'parties.1.name'", "control characters"],
        id="party-name-cr",
    ),
    S(
        replaced('name = "Corporate"', 'name = "Corp\\u202eevil"'),
        ["'parties.1.name'", "control characters"],
        id="party-name-bidi",
    ),
    S(
        replaced('name = "Corporate"', 'name = ""'),
        ["'parties.1.name'", "at least 1 character"],
        id="party-name-empty",
    ),
    S(
        replaced('name = "Corporate"', 'name = "' + "C" * 81 + '"'),
        ["'parties.1.name'", "at most 80"],
        id="party-name-long",
    ),
    S(
        replaced('name = "Corporate"', "name = 3"),
        ["'parties.1.name'", "valid string"],
        id="party-name-number",
    ),
    # parties: kinds and counts
    S(
        replaced('kind = "corporate"', 'kind = "ngo"'),
        ["'parties.1.kind'", "'municipality', 'public_body' or 'corporate'"],
        id="party-kind",
    ),
    S(
        replaced("count = 4", "count = 0"),
        ["'parties.0.count'", "greater than or equal to 1"],
        id="count-0",
    ),
    S(
        replaced("count = 4", "count = 4.0"),
        ["'parties.0.count'", "valid integer"],
        id="count-float",
    ),
    S(
        replaced("count = 4", 'count = "4"'),
        ["'parties.0.count'", "valid integer"],
        id="count-string",
    ),
    S(
        replaced("count = 4", "count = true"),
        ["'parties.0.count'", "valid integer"],
        id="count-bool",
    ),
    S(
        replaced("count = 4", "count = 1000000"),
        ["'parties.0.count'", "less than or equal to 200"],
        id="count-huge",
    ),
    S(
        replaced(
            "count = 4", "count = 150\n[[parties]]\nname = 'More'\nkind = 'corporate'\ncount = 100"
        ),
        ["'parties'", "at most 200 parties in all"],
        id="parties-total",
    ),
    S(
        replaced('kind = "corporate"', 'kind = "municipality"'),
        ["'parties'", "corporate"],
        id="no-corporate",
    ),
    S(
        replaced('kind = "municipality"', 'kind = "corporate"'),
        ["'parties'", "municipality or public_body"],
        id="no-public",
    ),
    S(
        '[[parties]]\nname = "A"\nkind = "corporate"\n',
        ["'parties'", "at least 2 parties"],
        id="one-party",
    ),
    S(BASELINE.split("[[parties]]")[0], ["'parties'", "Field required"], id="no-parties"),
    S(
        replaced("count = 4", "count = 4\nhat = 1"),
        ["'parties.0.hat'", "unknown key (allowed here:"],
        id="party-unknown-key",
    ),
    # parties: degenerate numbers
    S(
        replaced("size = [0.5, 1.5]", "size = 0").replace(CORPORATE, CORPORATE + "\nsize = 0"),
        ["'parties'", "size above 0"],
        id="sizes-all-zero",
    ),
    S(
        replaced("size = [0.5, 1.5]", "size = [0, 0]").replace(
            CORPORATE, CORPORATE + "\nsize = [0.0, 0.0]"
        ),
        ["'parties'", "size above 0"],
        id="sizes-all-zero-ranges",
    ),
    S(
        replaced("size = [0.5, 1.5]", "size = -1"),
        ["'parties.0.size'", "within 0..10"],
        id="size-negative",
    ),
    S(
        replaced("size = [0.5, 1.5]", "size = 11"),
        ["'parties.0.size'", "within 0..10"],
        id="size-11",
    ),
    S(
        replaced("size = [0.5, 1.5]", "size = [1.5, 0.5]"),
        ["'parties.0.size'", "low <= high"],
        id="size-reversed",
    ),
    S(
        replaced("size = [0.5, 1.5]", "size = [0.5, 1.0, 1.5]"),
        ["'parties.0.size'", "within 0..10"],
        id="size-triple",
    ),
    S(
        replaced("size = [0.5, 1.5]", 'size = "big"'),
        ["'parties.0.size'", "within 0..10"],
        id="size-string",
    ),
    S(
        party("weights = [1e308, 1e308, 1e308, 1e308, 1e308]"),
        ["'parties.1.weights'", "0..1e+06"],
        id="weights-overflow",
    ),
    S(
        party("weights = [-1, 1, 1, 1, 1]"),
        ["'parties.1.weights'", "0..1e+06 with a positive sum"],
        id="weights-negative",
    ),
    S(
        party("weights = [0, 0, 0, 0, 0]"),
        ["'parties.1.weights'", "positive sum"],
        id="weights-zero",
    ),
    S(
        party("weights = [1, 1]"),
        ["'parties.1.weights'", "one value per issue"],
        id="weights-length",
    ),
    S(party("weights = [1, 1, nan, 1, 1]"), ["'parties.1.weights.2'", "finite"], id="weights-nan"),
    S(party("stance = [2, 0, 0, 0, 0]"), ["'parties.1.stance'", "-1..1"], id="stance-2"),
    S(party("stance = [0.5]"), ["'parties.1.stance'", "one value per issue"], id="stance-length"),
    S(
        party('concession = "fast"'),
        ["'parties.1.concession'", "'boulware', 'linear' or 'conceder'"],
        id="concession-word",
    ),
    S(party("concession = 0"), ["'parties.1.concession'", "0.05..20"], id="concession-0"),
    S(
        party("openness = [0.9, 0.1]"),
        ["'parties.1.openness'", "low <= high"],
        id="openness-reversed",
    ),
    S(
        party("council_support = 1.5"),
        ["'parties.1.council_support'", "within 0..1"],
        id="council-support",
    ),
    S(party("autonomy = inf"), ["'parties.1.autonomy'"], id="autonomy-inf"),
    # not TOML
    S("conflict = = 0.5\n", ["not valid TOML"], id="toml-syntax"),
    S('name = "unterminated\n', ["not valid TOML"], id="toml-unterminated"),
    S("conflict = 0.3\n" + BASELINE, ["not valid TOML"], id="toml-duplicate-key"),
    S("[levers\nrules = 1\n", ["not valid TOML"], id="toml-table"),
    S("", ["'parties'", "Field required"], id="empty-file"),
]


@pytest.mark.parametrize(("text", "expected"), SCENARIO_FILES)
def test_bad_scenario_files(tmp_path, capsys, text, expected):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out.txt"
    refused(capsys, ["run", str(path), "--out", str(out)], str(path), *expected)
    assert not out.exists()
    with pytest.raises(sim.ScenarioError):
        sim.load_scenario(path)


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    return path


def _loop(tmp_path: Path) -> Path:
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.symlink_to(b)
    b.symlink_to(a)
    return a


def _dangling(tmp_path: Path) -> Path:
    path = tmp_path / "dangling.toml"
    path.symlink_to(tmp_path / "gone.toml")
    return path


def _directory(tmp_path: Path) -> Path:
    path = tmp_path / "folder.toml"
    path.mkdir()
    return path


def _huge(tmp_path: Path) -> Path:
    path = tmp_path / "huge.toml"
    path.write_text(BASELINE + "#" * (MAX_FILE_BYTES + 10) + "\n", encoding="utf-8")
    return path


def _binary(tmp_path: Path) -> Path:
    path = tmp_path / "binary.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    return path


def _latin1(tmp_path: Path) -> Path:
    path = tmp_path / "latin1.toml"
    path.write_bytes(replaced('name = "baseline"', 'name = "caf\xe9"').encode("latin-1"))
    return path


SPECIAL_FILES = [
    pytest.param(_fifo, "a FIFO", id="fifo"),
    pytest.param(lambda tmp: Path("/dev/zero"), "a character device", id="dev-zero"),
    pytest.param(lambda tmp: Path("/dev/null"), "a character device", id="dev-null"),
    pytest.param(_loop, "symlink loop", id="symlink-loop"),
    pytest.param(_dangling, "no such", id="dangling-symlink"),
    pytest.param(_directory, "a directory", id="directory"),
    pytest.param(_huge, f"at most {MAX_FILE_BYTES:,}", id="over-1-MB"),
    pytest.param(_binary, "not UTF-8", id="binary"),
    pytest.param(_latin1, "not UTF-8", id="latin-1"),
    pytest.param(lambda tmp: tmp / "absent.toml", "no such", id="missing"),
]


def _special_cli(tmp_path: Path, make, expected: str, command: list[str], what: str) -> None:
    """In a subprocess with a timeout: a FIFO or a device must never block or fill memory."""
    path = make(tmp_path)
    out = tmp_path / "o"
    result = subprocess.run(
        [sys.executable, "-m", "sim.cli", *command, str(path), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"partnersim: error: {path}"), lines
    assert expected in lines[0] and what in lines[0]
    assert not out.exists()


@pytest.mark.parametrize(("make", "expected"), SPECIAL_FILES)
def test_scenario_paths_that_are_not_files(tmp_path, make, expected):
    _special_cli(tmp_path, make, expected, ["run"], "scenario")


@pytest.mark.parametrize(("make", "expected"), SPECIAL_FILES)
def test_experiment_paths_that_are_not_files(tmp_path, make, expected):
    _special_cli(tmp_path, make, expected, ["sweep"], "experiment")


# --- experiment files --------------------------------------------------------------------------

SCENARIOS = "scenarios = ['baseline']\n"
LEVELS = "[factors]\n'levers.rules' = [0.0, 1.0]\n"


def ranges(*names: str) -> str:
    return "[factors]\n" + "".join(f"'{name}' = {{low = 0.1, high = 0.9}}\n" for name in names)


E = pytest.param
EXPERIMENT_FILES = [
    # looser than scenario files no more: strict types
    E(
        SCENARIOS + "replications = 0\n",
        ["'replications'", "greater than or equal to 1"],
        id="replications-0",
    ),
    E(
        SCENARIOS + 'replications = "4"\n',
        ["'replications'", "valid integer"],
        id="replications-string",
    ),
    E(
        SCENARIOS + "replications = 4.0\n",
        ["'replications'", "valid integer"],
        id="replications-float",
    ),
    E(
        SCENARIOS + "replications = true\n",
        ["'replications'", "valid integer"],
        id="replications-bool",
    ),
    E(
        SCENARIOS + 'common_random_numbers = "yes"\n',
        ["'common_random_numbers'", "valid boolean"],
        id="crn-yes",
    ),
    E(
        SCENARIOS + "common_random_numbers = 1\n",
        ["'common_random_numbers'", "valid boolean"],
        id="crn-1",
    ),
    E(SCENARIOS + "seed = -1\n", ["'seed'", "greater than or equal to 0"], id="seed-negative"),
    E(SCENARIOS + "seed = 7.0\n", ["'seed'", "valid integer"], id="seed-float"),
    E(SCENARIOS + "seed = nan\n", ["'seed'"], id="seed-nan"),
    E(SCENARIOS + 'seed = "7"\n', ["'seed'", "valid integer"], id="seed-string"),
    E(SCENARIOS + 'samples = "16"\n', ["'samples'", "valid integer"], id="samples-string"),
    E(
        SCENARIOS + "batch_size = 0\n",
        ["'batch_size'", "greater than or equal to 1"],
        id="batch-size-0",
    ),
    E(SCENARIOS + "batch_size = 8.0\n", ["'batch_size'", "valid integer"], id="batch-size-float"),
    E(
        SCENARIOS + "max_replications = 0\n",
        ["'max_replications'", "greater than or equal to 1"],
        id="max-replications-0",
    ),
    E(
        SCENARIOS + 'target_halfwidth = "0.1"\n',
        ["'target_halfwidth'", "valid number"],
        id="halfwidth-string",
    ),
    E(
        SCENARIOS + "target_halfwidth = 0.7\n",
        ["'target_halfwidth'", "less than 0.5"],
        id="halfwidth-large",
    ),
    E(
        SCENARIOS + "target_halfwidth = 0.05\nreplications = 100\nmax_replications = 50\n",
        ["'max_replications'", "at least replications"],
        id="max-below-replications",
    ),
    E(
        SCENARIOS + '[series]\nkeep = "yes"\n',
        ["'series.keep'", "valid boolean"],
        id="series-keep-yes",
    ),
    E(
        SCENARIOS + "[series]\nperiod = 0\n",
        ["'series.period'", "greater than or equal to 1"],
        id="series-period-0",
    ),
    E(
        SCENARIOS + "[series]\nperiod = 2.0\n",
        ["'series.period'", "valid integer"],
        id="series-period-float",
    ),
    E(SCENARIOS + "[series]\nkep = 1\n", ["'series.kep'", "unknown key"], id="series-unknown"),
    E(SCENARIOS + "colour = 1\n", ["'colour'", "unknown key (allowed here:"], id="unknown-key"),
    E(SCENARIOS + "design = 'magic'\n", ["'design'", "'sobol' or 'morris'"], id="design-unknown"),
    # names that are not directory names
    E("name = '..'\n" + SCENARIOS, ["'name'", "directory name"], id="name-dotdot"),
    E("name = '.'\n" + SCENARIOS, ["'name'", "directory name"], id="name-dot"),
    E("name = 'a/b'\n" + SCENARIOS, ["'name'", "directory name"], id="name-slash"),
    E("name = '../../etc'\n" + SCENARIOS, ["'name'", "directory name"], id="name-traversal"),
    E("name = 'a\\\\b'\n" + SCENARIOS, ["'name'", "directory name"], id="name-backslash"),
    E("name = '-rf'\n" + SCENARIOS, ["'name'", "directory name"], id="name-dash"),
    E("name = '.hidden'\n" + SCENARIOS, ["'name'", "directory name"], id="name-hidden"),
    E("name = 'NUL'\n" + SCENARIOS, ["'name'", "reserved device name"], id="name-nul-device"),
    E("name = ''\n" + SCENARIOS, ["'name'", "at least 1 character"], id="name-empty"),
    E("name = 'a b'\n" + SCENARIOS, ["'name'", "directory name"], id="name-space"),
    E('name = "x\\u001b[31m"\n' + SCENARIOS, ["'name'", "directory name"], id="name-ansi"),
    E("name = 7\n" + SCENARIOS, ["'name'", "valid string"], id="name-number"),
    E(
        'description = "\\u001b[2J"\n' + SCENARIOS,
        ["'description'", "control characters"],
        id="description-escape",
    ),
    # scenarios
    E("scenarios = []\n", ["'scenarios'", "at least 1 item"], id="scenarios-empty"),
    E("scenarios = 'baseline'\n", ["'scenarios'", "valid list"], id="scenarios-string"),
    E("scenarios = [1]\n", ["'scenarios.0'", "valid string"], id="scenarios-number"),
    E(
        "scenarios = ['nowhere']\n",
        ["'scenarios'", "no such scenario file"],
        id="scenarios-missing",
    ),
    E("replications = 5\n", ["'scenarios'", "Field required"], id="scenarios-absent"),
    # factors
    E(
        SCENARIOS + "[factors]\n'levers.rules' = [0.0, 3.0]\n",
        ["'factors.levers.rules'", "less than or equal to 1"],
        id="level-out-of-range",
    ),
    E(
        SCENARIOS + "[factors]\n'levers.rules' = ['yes']\n",
        ["'factors.levers.rules'", "valid number"],
        id="level-yes",
    ),
    E(SCENARIOS + "[factors]\n'levers.rules' = [nan]\n", ["'factors.levers.rules"], id="level-nan"),
    E(
        SCENARIOS + "[factors]\n'levers.rules' = []\n",
        ["'factors.levers.rules'", "at least one level"],
        id="levels-empty",
    ),
    E(SCENARIOS + "[factors]\ncolour = [1, 2]\n", ["colour", "unknown key"], id="factor-unknown"),
    E(
        SCENARIOS + "[factors]\n'__' = [1, 2]\n",
        ["'factors.__'", "dotted field name"],
        id="factor-garbled",
    ),
    E(
        SCENARIOS + "[factors]\ndummy = [1, 2]\n",
        ["'factors.dummy'", "reserved"],
        id="factor-dummy",
    ),
    E(
        SCENARIOS + "[factors]\nparties = [1]\n",
        ["'factors.parties'", "valid list"],
        id="factor-parties",
    ),
    E(
        SCENARIOS + "[factors]\n'levers.growth' = ['core_group']\n'levers.core_size' = [1, 3]\n",
        ["'factors'", "levers.core_size", "at least 2"],
        id="factor-combination",
    ),
    E(
        SCENARIOS + "design = 'sobol'\n[factors]\nconflict = [0.1]\n",
        ["'factors.conflict'", "sobol needs a range"],
        id="sobol-levels",
    ),
    E(
        SCENARIOS + "[factors]\nconflict = {low = 0.1, high = 0.9}\n",
        ["'factors.conflict'", "full_factorial needs a list of levels"],
        id="factorial-range",
    ),
    E(
        SCENARIOS + "design = 'sobol'\nsamples = 6\n" + ranges("conflict"),
        ["'samples'", "power of 2"],
        id="sobol-not-power",
    ),
    E(SCENARIOS + "design = 'sobol'\n", ["'factors'", "at least one range"], id="sobol-no-factors"),
    E(
        SCENARIOS + "design = 'morris'\n[factors]\nconflict = {low = 0.9, high = 0.1}\n",
        ["'factors.conflict'", "must be below high"],
        id="range-reversed",
    ),
    E(
        SCENARIOS + "design = 'morris'\n[factors]\nconflict = {low = '0', high = 1}\n",
        ["'factors.conflict.low'", "valid number"],
        id="range-string",
    ),
    E(
        SCENARIOS
        + "design = 'morris'\n[factors]\nconflict = {low = 0, high = 1, integer = 'yes'}\n",
        ["'factors.conflict.integer'", "valid boolean"],
        id="range-integer-yes",
    ),
    E(
        SCENARIOS + "design = 'morris'\n[factors]\nconflict = {low = 0, high = 5}\n",
        ["'factors.conflict'", "less than or equal to 1"],
        id="range-out-of-bounds",
    ),
    E(
        SCENARIOS
        + "design = 'latin_hypercube'\n[factors]\ndeadline_months = {low = 6, high = 48}\n",
        ["'factors.deadline_months'", "valid integer"],
        id="range-float-for-integer",
    ),
    E(
        SCENARIOS + "design = 'morris'\n[factors]\nconflict = {low = 0, high = 1, step = 2}\n",
        ["'factors.conflict.step'", "unknown key"],
        id="range-unknown-key",
    ),
    # sizes: refused arithmetically, before a cell is built
    E(
        SCENARIOS
        + "replications = 1\n[factors]\n"
        + "".join(
            f"'parameters.{p}' = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]\n"
            for p in (
                "overstatement",
                "transaction_cost",
                "trust_gain",
                "trust_loss",
                "dialogue_learning",
                "rejection_blame",
                "self_serving_margin",
                "openness_floor",
            )
        ),
        ["'factors'", "100,000,000 cells", f"at most {MAX_CELLS:,}"],
        id="factorial-1e8",
    ),
    E(
        SCENARIOS
        + "replications = 1000000\n[factors]\n'levers.rules' = [0.0, 0.25, 0.5, 1.0]\nconflict = [0.1, 0.5, 0.9]\n",
        ["'replications'", f"at most {MAX_RUNS:,}"],
        id="runs-over-cap",
    ),
    E(
        SCENARIOS
        + "design = 'sobol'\nsamples = 65536\nreplications = 1\n"
        + ranges(
            "conflict",
            "initial_trust",
            "autonomy_cost",
            "reservation",
            "levers.rules",
            "levers.coordinator",
        ),
        ["'factors'", "589,824", f"at most {MAX_CELLS:,}"],
        id="sobol-589824",
    ),
    E(
        SCENARIOS + "design = 'latin_hypercube'\nsamples = 100000\n" + ranges("conflict"),
        ["'factors'", "100,000", "cells"],
        id="lhs-100000",
    ),
    E(
        SCENARIOS
        + "target_halfwidth = 0.01\nmax_replications = 1000000\n[factors]\nconflict = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 0.05]\n",
        ["'max_replications'", f"at most {MAX_RUNS:,}"],
        id="target-growth-over-cap",
    ),
    # not TOML
    E("scenarios = ['baseline'\n", ["not valid TOML"], id="toml-syntax"),
    E("", ["'scenarios'", "Field required"], id="empty-file"),
]


@pytest.mark.parametrize(("text", "expected"), EXPERIMENT_FILES)
def test_bad_experiment_files(tmp_path, capsys, text, expected):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "o"
    # the dry run first: should a case ever be accepted, it runs nothing
    refused(capsys, ["sweep", str(path), "--out", str(out), "--dry-run"], str(path), *expected)
    refused(capsys, ["sweep", str(path), "--out", str(out)], str(path), *expected)
    assert not out.exists()


# --- command lines -----------------------------------------------------------------------------

C = pytest.param
COMMAND_LINES = [
    C(
        ["run", "baseline", "--replications", "0"],
        ["--replications", "at least 1"],
        id="run-replications-0",
    ),
    C(
        ["run", "baseline", "--replications", "-5"],
        ["--replications", "at least 1"],
        id="run-replications-negative",
    ),
    C(
        ["run", "baseline", "--replications", "1000000000000"],
        ["--replications", f"at most {MAX_RUNS:,}"],
        id="run-replications-1e12",
    ),
    C(
        ["run", "baseline", "--replications", str(MAX_RUNS + 1)],
        ["--replications", f"at most {MAX_RUNS:,}"],
        id="run-replications-cap-plus-1",
    ),
    C(
        ["compare", "baseline", "azon", "--replications", "6000000"],
        ["--replications", "12,000,000 runs", f"at most {MAX_RUNS:,}"],
        id="compare-over-cap",
    ),
    C(
        ["compare", "baseline", "--replications", "0"],
        ["--replications", "at least 1"],
        id="compare-replications-0",
    ),
    C(
        ["run", "baseline", "--set", "__=1"],
        ["--set", "dotted field name", "levers.rules"],
        id="set-double-underscore",
    ),
    C(["run", "baseline", "--set", ".=1"], ["--set", "dotted field name"], id="set-dot"),
    C(["run", "baseline", "--set", "a..b=1"], ["--set", "dotted field name"], id="set-empty-part"),
    C(
        ["run", "baseline", "--set", "levers.=1"],
        ["--set", "dotted field name"],
        id="set-trailing-dot",
    ),
    C(
        ["run", "baseline", "--set", "levers rules=1"],
        ["--set", "dotted field name"],
        id="set-space",
    ),
    C(["run", "baseline", "--set", "=1"], ["--set", "name before '=' is empty"], id="set-no-name"),
    C(
        ["run", "baseline", "--set", "conflict"],
        ["--set", "expected dotted.name=value"],
        id="set-no-value",
    ),
    C(
        ["run", "baseline", "--set", "conflict=2"],
        ["--set", "'conflict'", "less than or equal to 1"],
        id="set-out-of-range",
    ),
    C(
        ["run", "baseline", "--set", "conflict=true"],
        ["--set", "'conflict'", "valid number"],
        id="set-bool",
    ),
    C(
        ["run", "baseline", "--set", "conflict=nan"],
        ["--set", "'conflict'", "finite"],
        id="set-nan",
    ),
    C(
        ["run", "baseline", "--set", "deadline_months=1.5"],
        ["--set", "'deadline_months'", "valid integer"],
        id="set-float-for-int",
    ),
    C(
        ["run", "baseline", "--set", "levers.growth=sideways"],
        ["--set", "'levers.growth'", "core_group"],
        id="set-literal",
    ),
    C(
        ["run", "baseline", "--set", "colour=1"],
        ["--set", "'colour'", "unknown key"],
        id="set-unknown",
    ),
    C(
        ["run", "baseline", "--set", "conflict.deep=1"],
        ["--set", "'conflict'", "valid number"],
        id="set-below-number",
    ),
    C(
        ["run", "baseline", "--set", "parties=1"],
        ["--set", "'parties'", "valid list"],
        id="set-parties",
    ),
    C(
        ["run", "baseline", "--set", 'name="a\\u001b[31m"'],
        ["--set", "'name'", "control characters"],
        id="set-ansi-name",
    ),
    C(
        ["run", "baseline", "--set", "levers.core_size=50"],
        ["--set", "'levers.core_size'", "cannot be larger"],
        id="set-core-size",
    ),
    C(
        ["run", "nope"],
        ["nope.toml", "no such scenario file", "named scenarios"],
        id="run-unknown-scenario",
    ),
    C(
        ["compare", "baseline", "nope"],
        ["nope.toml", "no such scenario file"],
        id="compare-unknown-scenario",
    ),
    C(["sweep", SMOKE, "--workers", "0"], ["--workers", "at least 1"], id="workers-0"),
    C(
        ["sweep", SMOKE, "--workers", "10000"],
        ["--workers", "4 per core", "got 10000"],
        id="workers-10000",
    ),
    C(
        ["sweep", SMOKE, "--workers", str(4 * (os.cpu_count() or 1) + 1)],
        ["--workers", "at most"],
        id="workers-cap-plus-1",
    ),
    C(
        ["sweep", SMOKE, "--replications", "0"],
        ["--replications", "at least 1"],
        id="sweep-replications-0",
    ),
    C(
        ["sweep", SMOKE, "--replications", "5000000"],
        ["'replications'", "less than or equal to 1000000"],
        id="sweep-replications-over-field-limit",
    ),
    C(
        ["sweep", LEVERS, "--replications", "400000"],
        ["'replications'", "12,800,000 runs", f"at most {MAX_RUNS:,}"],
        id="sweep-replications-over-cap",
    ),
    C(
        ["sweep", SMOKE, "--max-replications", "0"],
        ["--max-replications", "at least 1"],
        id="sweep-max-replications-0",
    ),
    C(
        ["sweep", SMOKE, "--target-halfwidth", "0.7"],
        ["'target_halfwidth'", "less than 0.5"],
        id="sweep-halfwidth-large",
    ),
    C(
        ["sweep", SMOKE, "--target-halfwidth", "nan"],
        ["'target_halfwidth'"],
        id="sweep-halfwidth-nan",
    ),
    C(
        ["sweep", SMOKE, "--target-halfwidth", "-1"],
        ["'target_halfwidth'", "greater than 0"],
        id="sweep-halfwidth-negative",
    ),
    C(
        ["sweep", SMOKE, "--scheduler", "tcp://127.0.0.1:1"],
        ["--scheduler", "only with --engine dask"],
        id="sweep-scheduler-local",
    ),
    C(
        ["sweep", SMOKE, "--dry-run", "--workers", "999"],
        ["--workers", "at most"],
        id="dry-run-workers",
    ),
    C(["report", "{tmp}/nothing"], ["not a sweep directory"], id="report-not-a-sweep"),
    C(["app", "baseline", "--port", "0"], ["--port", "1 to 65535"], id="app-port-0"),
    C(["app", "baseline", "--port", "70000"], ["--port", "1 to 65535"], id="app-port-70000"),
    C(["app", "nope"], ["nope.toml", "no such scenario file"], id="app-unknown-scenario"),
]


@pytest.mark.parametrize(("argv", "expected"), COMMAND_LINES)
def test_bad_command_lines(tmp_path, capsys, argv, expected):
    argv = [arg.replace("{tmp}", str(tmp_path)) for arg in argv]
    if argv[0] in ("run", "compare"):
        argv += ["--out", str(tmp_path / "o.txt")]
    elif argv[0] == "sweep":
        argv += ["--out", str(tmp_path / "o")]
    refused(capsys, argv, *expected)
    assert not (tmp_path / "o.txt").exists() and not (tmp_path / "o").exists()


ARGUMENT_ERRORS = [
    C(["run"], id="run-no-scenario"),
    C(["run", "baseline", "--seed", "-1"], id="seed-negative"),
    C(["run", "baseline", "--seed", "x"], id="seed-word"),
    C(["run", "baseline", "--replications", "x"], id="replications-word"),
    C(["run", "baseline", "--replications", "1.5"], id="replications-float"),
    C(["run", "baseline", "--lang", "fr"], id="lang"),
    C(["sweep"], id="sweep-no-file"),
    C(["sweep", SMOKE, "--workers", "many"], id="workers-word"),
    C(["sweep", SMOKE, "--engine", "slurm"], id="engine"),
    C(["frobnicate"], id="unknown-command"),
    C(["run", "baseline", "--colour"], id="unknown-option"),
]


@pytest.mark.parametrize("argv", ARGUMENT_ERRORS)
def test_argument_errors_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    error = capsys.readouterr().err
    assert "Traceback" not in error and "error:" in error


# --- the Python API ----------------------------------------------------------------------------


def _bad_experiment(tmp: Path) -> Path:
    path = tmp / "bad_experiment.toml"
    path.write_text(SCENARIOS + "replications = 'many'\n", encoding="utf-8")
    return path


def _good_experiment():
    return sim.Experiment.model_validate({"name": "t", "scenarios": ["baseline"]})


A = pytest.param
API_CASES = [
    A(lambda tmp: sim.load_scenario(None), "a scenario name, the path", id="load-none"),
    A(lambda tmp: sim.load_scenario(5), "a scenario name, the path", id="load-number"),
    A(lambda tmp: sim.load_scenario(""), "a scenario name, the path", id="load-empty"),
    A(lambda tmp: sim.load_scenario("nope"), "no such scenario file", id="load-unknown"),
    A(
        lambda tmp: sim.load_scenario("baseline", conflict="x"),
        "'conflict'",
        id="load-bad-override",
    ),
    A(
        lambda tmp: sim.load_scenario("baseline", colour=1),
        "unknown key",
        id="load-unknown-override",
    ),
    A(
        lambda tmp: sim.load_scenario("baseline", **{"__": 1}),
        "dotted field name",
        id="load-garbled-override",
    ),
    A(
        lambda tmp: sim.load_scenario("baseline", **{"levers.": 1}),
        "dotted field name",
        id="load-trailing-dot",
    ),
    A(lambda tmp: sim.load_scenario({"parties": "x"}), "'parties'", id="load-mapping-bad"),
    A(lambda tmp: sim.load_scenario({}), "'parties'", id="load-mapping-empty"),
    A(lambda tmp: sim.load_scenario({1: 2}), "<mapping>", id="load-mapping-int-key"),
    A(lambda tmp: sim.run("baseline", seed=-1), "seed", id="run-seed-negative"),
    A(lambda tmp: sim.run("baseline", seed="x"), "seed", id="run-seed-word"),
    A(lambda tmp: sim.run("baseline", seed=1.5), "seed", id="run-seed-float"),
    A(lambda tmp: sim.run("baseline", seed=True), "seed", id="run-seed-bool"),
    A(lambda tmp: sim.run("baseline", seed=2**64), "seed", id="run-seed-huge"),
    A(lambda tmp: sim.run(None), "a scenario name, the path", id="run-none"),
    A(lambda tmp: sim.replicate("baseline", 0), "at least|from 1", id="replicate-0"),
    A(lambda tmp: sim.replicate("baseline", -1), "from 1", id="replicate-negative"),
    A(lambda tmp: sim.replicate("baseline", "5"), "whole number", id="replicate-string"),
    A(lambda tmp: sim.replicate("baseline", None), "whole number", id="replicate-none"),
    A(lambda tmp: sim.replicate("baseline", 2.5), "whole number", id="replicate-float"),
    A(lambda tmp: sim.replicate("baseline", 10**12), "10,000,000", id="replicate-1e12"),
    A(lambda tmp: sim.replicate("baseline", 2, seed=-3), "seed", id="replicate-seed-negative"),
    A(lambda tmp: sim.load_experiment(None), "expected the path", id="experiment-none"),
    A(
        lambda tmp: sim.load_experiment(tmp / "absent.toml"),
        "no such experiment file",
        id="experiment-missing",
    ),
    A(lambda tmp: sim.load_experiment(_bad_experiment(tmp)), "'replications'", id="experiment-bad"),
    A(
        lambda tmp: sim.Experiment.model_validate({"name": "..", "scenarios": ["baseline"]}),
        "directory name",
        id="experiment-dotdot",
    ),
    A(
        lambda tmp: sim.Experiment.model_validate(
            {"name": "t", "scenarios": ["baseline"], "replications": "4"}
        ),
        "valid integer",
        id="experiment-string-number",
    ),
    A(lambda tmp: sim.sweep(42, out=tmp / "o"), "expected the path", id="sweep-number"),
    A(
        lambda tmp: sim.sweep(tmp / "absent.toml", out=tmp / "o"),
        "no such experiment file",
        id="sweep-missing",
    ),
    A(
        lambda tmp: sim.sweep(_bad_experiment(tmp), out=tmp / "o"),
        "'replications'",
        id="sweep-bad-file",
    ),
    A(
        lambda tmp: sim.sweep(SMOKE, out=tmp / "o", replications="5"),
        "'replications'",
        id="sweep-replications-string",
    ),
    A(
        lambda tmp: sim.sweep(SMOKE, out=tmp / "o", replications=10**7),
        "'replications'",
        id="sweep-replications-huge",
    ),
    A(
        lambda tmp: sim.sweep(_good_experiment(), out=tmp / "o", replications=0),
        "replications",
        id="sweep-experiment-replications-0",
    ),
    A(
        lambda tmp: sim.sweep(SMOKE, out=tmp / "o", target_halfwidth=2.0),
        "target_halfwidth",
        id="sweep-halfwidth",
    ),
]


@pytest.mark.parametrize(("call", "expected"), API_CASES)
def test_bad_python_api_calls(tmp_path, call, expected):
    with pytest.raises(ValueError, match=expected) as error:
        call(tmp_path)
    assert not isinstance(error.value, TypeError | KeyError)
    assert not (tmp_path / "o").exists()


# --- what the corpus holds ---------------------------------------------------------------------

CORPUS = {
    "scenario files": len(SCENARIO_FILES) + len(SPECIAL_FILES),
    "experiment files": len(EXPERIMENT_FILES) + len(SPECIAL_FILES),
    "command lines": len(COMMAND_LINES) + len(ARGUMENT_ERRORS),
    "Python API": len(API_CASES),
}


def test_the_corpus_is_large_enough():
    assert sum(CORPUS.values()) >= 150, CORPUS
