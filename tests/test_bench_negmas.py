"""The NegMAS cross-check benchmark runs end to end on a handful of instances (skipped without
NegMAS, which is an optional extra: pip install -e ".[negmas]")."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytest.importorskip("negmas")

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_negmas.py"


def _load():
    spec = importlib.util.spec_from_file_location("bench_negmas", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_gives_six_pairs_with_rates_in_the_unit_interval():
    bench = _load()
    result = bench.main(["--instances", "3", "--seed", "7", "--silent"])
    rows = result["rows"]
    assert [row["pair"] for row in rows] == ["BB", "BL", "BC", "LL", "LC", "CC"]
    for row in rows:
        for side in ("partnersim", "negmas"):
            assert 0.0 <= row[side]["rate"] <= 1.0
            assert row[side]["n"] == 3
    table = [line for line in result["markdown"].splitlines() if line.startswith("| ")]
    assert len(table) == 1 + 6  # header and six pairs


def test_exponents_are_reciprocal():
    bench = _load()
    assert bench.negmas_exponent("boulware") == pytest.approx(5.0)
    assert bench.negmas_exponent("linear") == pytest.approx(1.0)
    assert bench.negmas_exponent("conceder") == pytest.approx(0.2)
