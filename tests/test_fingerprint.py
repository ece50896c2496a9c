"""The model's behaviour is pinned: every shipped scenario x 25 seeds gives the recorded outcome,
event log and monthly series (tests/data/fingerprint.json, recorded with tests/fingerprint.py).
A refactor must leave it unchanged; a deliberate change of the model re-records it."""

import json

from fingerprint import PATH, fingerprint


def test_every_scenario_and_seed_gives_the_recorded_run():
    recorded = json.loads(PATH.read_text())
    now = fingerprint()
    assert set(now) == set(recorded)
    differ = sorted(key for key in recorded if recorded[key] != now[key])
    assert not differ, f"{len(differ)} of {len(recorded)} runs differ, e.g. {differ[:5]}"
