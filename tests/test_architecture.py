"""The shape of the code: layers without cycles, a lazy package, levers through one registry
(a toy lever defined here plugs into a run), and a project that stands on its own."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import sim
from sim import levers
from sim.levers.base import MECHANISMS, Control, Lever
from sim.phases import ORDER, PHASES
from sim.runner import replication_seed, run_outcome
from sim.validation import Dose

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sim"

LAYERS = [
    {"sim.texts", "sim.validation", "sim.trust", "sim.preferences", "sim._lazy", "sim.optimise"},
    {"sim.negotiation"},
    {"sim.metrics"},
    {"sim.levers"},
    {"sim.scenario"},
    {"sim.agents"},
    {"sim.phases"},
    {"sim.model"},
    {"sim.runner", "sim.story", "sim.presets"},
    {"sim.experiments"},
    {"sim.dashboard"},
    {"sim.cli", "sim"},
]
"""Lowest first: a module may import its own layer and those below, never one above."""


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imports_of(path: Path) -> set[str]:
    """Every sim module a file imports, at the top or inside a function, with the packages a
    submodule import runs first."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            for end in range(2, len(parts) + 1):
                candidate = ".".join(parts[:end])
                if candidate in MODULES:
                    found.add(candidate)
    return found


def layer_of(module: str) -> int:
    for depth in range(module.count(".") + 1, 0, -1):
        prefix = ".".join(module.split(".")[:depth])
        for index, layer in enumerate(LAYERS):
            if prefix in layer:
                return index
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def ancestors(module: str) -> set[str]:
    """The packages a module is part of: already being imported when it runs."""
    parts = module.split(".")
    return {".".join(parts[:end]) for end in range(1, len(parts) + 1)}


GRAPH = {module: imports_of(path) - ancestors(module) for module, path in MODULES.items()}


def test_no_module_imports_a_higher_layer():
    upward = [
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if layer_of(target) > layer_of(module)
    ]
    assert not upward


def test_no_import_cycles_deferred_imports_included():
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH[module]):
            if target == "sim":  # the package itself imports nothing (names load lazily)
                continue
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert not cycles


def test_importing_the_light_modules_loads_nothing_heavy():
    """`import sim` imports no submodule; `sim.trust`, `sim.scenario` and the experiment file's
    module import none of the libraries that runs, sweeps, statistics and figures need."""
    heavy = ["matplotlib", "scipy.stats", "statsmodels", "pyarrow", "solara", "dask", "mesa"]
    code = (
        "import sys, sim; print(sorted(m for m in sys.modules if m.startswith('sim.')))\n"
        "import sim.trust, sim.scenario, sim.experiments.design\n"
        f"print([m for m in {heavy!r} + ['SALib', 'tqdm'] if m in sys.modules])"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert loaded == ["['sim._lazy']", "[]"]


def test_no_function_or_class_shadows_a_module():
    import importlib

    shadowed = []
    for module in MODULES:
        if module == "sim":
            continue
        parent, _, child = module.rpartition(".")
        package = importlib.import_module(parent)
        importlib.import_module(module)
        if not isinstance(getattr(package, child, None), type(sys)):
            shadowed.append(module)
    assert not shadowed


def test_every_exported_name_resolves():
    for name in sim.__all__:
        assert getattr(sim, name) is not None
    assert sim.summarise is sim.summarise_runs


def test_the_model_class_is_small_and_asks_the_phase():
    source = (PACKAGE / "model" / "partnership.py").read_text()
    assert len(source.splitlines()) < 250
    assert "getattr(self, f" not in source


def test_one_class_per_phase_in_the_order_written_once():
    assert PHASES == (
        "orientation",
        "getting_to_know",
        "rules",
        "negotiation",
        "council_approval",
        "development",
        "execution",
    )
    for phase in ORDER:
        assert phase.__module__ == f"sim.phases.{phase.name}"


# --- levers ------------------------------------------------------------------------------------


def test_every_lever_declares_known_mechanisms_and_its_own_module():
    for lever in levers.registered():
        assert lever.mechanisms and set(lever.mechanisms) <= set(MECHANISMS), lever.name
        assert lever.__module__ == f"sim.levers.{lever.name}", lever.name
        assert lever.__doc__ and "Dose" in lever.__doc__, lever.name
        assert lever.knob.startswith("levers.") and lever.knob in sim.KNOBS
        assert lever.label("en") and lever.label("nl")


def test_the_base_lever_hooks_change_nothing():
    class Nothing(Lever):
        name, knob, fields, mechanisms = "nothing", "levers.rules", {}, ("trust",)
        control, compare = Control("slider"), (0.0, 1.0)

    model = sim.PartnershipModel("baseline", rng=1)
    lever = Nothing(model.spec.levers, model.params)
    joined = np.array([True, False, True])
    assert lever.preparation_months() == 0 and lever.fee() == 0.0 and lever.exit_penalty() == 0
    for factor in (lever.rejection_sting(), lever.council_concern(), lever.conflict_unsettled()):
        assert factor == 1.0
    assert lever.transaction_cost(model) == 1.0 and lever.conflict_rate(model) == 1.0
    assert lever.table(model, joined) is joined
    assert lever.protocol(model, np.arange(2)) is None and lever.mediator(model) is None


class Facilitation(Lever):
    """A toy lever, defined only here: a facilitator lowers the transaction cost of distrust
    by half its dose."""

    name = "facilitation"
    knob = "levers.facilitation"
    fields = {"facilitation": (Dose, 0.0)}
    mechanisms = ("transaction_cost",)
    control = Control("slider", 0.0, 1.0, 0.1)
    compare = (0.0, 1.0)
    labels = {"en": "Facilitation", "nl": "Facilitatie"}

    def transaction_cost(self, model):
        return 1.0 - 0.5 * self.dose


@pytest.fixture
def toy_lever():
    levers.register(Facilitation)
    try:
        yield Facilitation
    finally:
        levers.unregister(Facilitation)


def test_a_toy_lever_plugs_into_a_run_through_the_registry(toy_lever):
    assert "levers.facilitation" in levers.knobs()
    plain = sim.load_scenario("baseline")
    off = sim.load_scenario("baseline", **{"levers.facilitation": 0.0})
    on = sim.load_scenario("baseline", **{"levers.facilitation": 1.0})
    assert on.levers.facilitation == 1.0
    seeds = [replication_seed(2, r) for r in range(40)]
    assert [run_outcome(off, s) for s in seeds] == [run_outcome(plain, s) for s in seeds]
    with_toy = [run_outcome(on, s) for s in seeds]
    assert with_toy != [run_outcome(off, s) for s in seeds]
    model = sim.PartnershipModel(on, rng=3)
    assert model.transaction_cost() == pytest.approx(0.5 * model.params.transaction_cost)
    with pytest.raises(sim.ScenarioError, match="levers.facilitation"):
        sim.load_scenario("baseline", **{"levers.facilitation": 2.0})
    assert toy_lever.label("nl") == "Facilitatie"


def test_an_unregistered_lever_is_an_unknown_key():
    with pytest.raises(sim.ScenarioError, match="unknown key"):
        sim.load_scenario("baseline", **{"levers.facilitation": 1.0})


# --- the project stands on its own --------------------------------------------------------------

FORBIDDEN = re.compile(
    # written with character classes so that this file names none of them itself
    r"\.\./s[h]ared|s[h]ared/seeds|(?-i:M[O]DEL\.md)|(?-i:S[T]YLE\.md|S[T]YLE:)|the b[r]ief|"
    r"\bs[e]ed 00\d|/w[o]rk/|"
    r"\bissue #?\d+\b",
    re.IGNORECASE,
)


def shipped_text_files():
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in listed:
        path = ROOT / name
        if path.suffix in {".py", ".md", ".toml", ".ipynb", ".cfg", ".txt"} or path.name in {
            "Makefile",
            "run",
        }:
            if path.is_file():
                yield path


def test_no_file_refers_to_material_users_do_not_have():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}"
        for path in shipped_text_files()
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
        if FORBIDDEN.search(line)
    ]
    assert not found
