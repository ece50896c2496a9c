"""The fingerprint of the model's behaviour: every scenario x 25 seeds, every outcome field, plus a
digest of each run's event log and monthly series. A refactor must leave it unchanged
(`tests/test_fingerprint.py`); a deliberate change of the model re-records it:

    python tests/fingerprint.py --write
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np

PATH = Path(__file__).resolve().parent / "data" / "fingerprint.json"
SEEDS = range(25)


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float):
        return float.hex(value)
    return value


def _digest(obj) -> str:
    return hashlib.sha256(json.dumps(_plain(obj), sort_keys=True).encode()).hexdigest()[:16]


def fingerprint() -> dict:
    from sim import run, scenario_names

    prints = {}
    for name in scenario_names():
        for seed in SEEDS:
            result = run(name, seed=seed)
            events = [[e.month, e.code, e.params] for e in result.events]
            series = result.monthly.to_dict(orient="list")
            prints[f"{name}/{seed}"] = {
                "outcome": _plain(result.outcome),
                "events": _digest(events),
                "series": _digest(series),
            }
    return prints


if __name__ == "__main__":
    prints = fingerprint()
    if "--write" in sys.argv:
        PATH.write_text(json.dumps(prints, indent=1, sort_keys=True) + "\n")
        print(f"wrote {len(prints)} runs to {PATH}")
    else:
        recorded = json.loads(PATH.read_text())
        differ = [key for key in recorded if recorded[key] != prints.get(key)]
        print(f"{len(prints)} runs, {len(differ)} differ: {differ[:10]}")
