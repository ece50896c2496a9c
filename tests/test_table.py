"""The shared table (`sim.dashboard.table`): places are unique, the month waits for every seated
participant, the trainer can close the round, leaving frees the seat, tables are independent,
and answers from many threads at once leave the table consistent."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from sim.dashboard.table import Registry, Table, TableError, normalise


def at_negotiation(table: Table) -> Table:
    """Play the table's run (no one seated) until its negotiation has started."""
    while table.arena.phase != "negotiation" and table.arena.step():
        pass
    assert table.arena.phase == "negotiation"
    return table


@pytest.fixture
def registry() -> Registry:
    return Registry()


@pytest.fixture
def table(registry) -> Table:
    return at_negotiation(registry.open("azon", {}, 1))


def responders(table: Table, count: int) -> list[int]:
    """`count` parties at the table that do not propose this round."""
    proposer = table.model.phases["negotiation"].peek()
    chosen = [i for i in table.first_seats if i != proposer][:count]
    assert len(chosen) == count
    return chosen


def last_offer(table: Table) -> dict:
    return next(e for e in reversed(table.model.events) if e.code == "offer").params


def seat(table: Table, parties: list[int]) -> list[str]:
    names = [f"participant-{k}" for k in range(len(parties))]
    for name, party in zip(names, parties, strict=True):
        assert table.take(name, name.title(), party) == party
    return names


def test_a_party_takes_one_participant(table):
    first = table.take("anna")
    assert first == table.first_seats[0]
    assert table.take("anna") == first  # asking again keeps the place
    with pytest.raises(TableError) as refused:
        table.take("bo", "Bo", first)
    assert refused.value.reason == "table_taken"
    second = table.take("bo", "Bo")
    assert second != first and second == table.first_seats[1]
    assert {row.participant for row in table.overview()} == {"anna", "bo"}
    assert table.model.parties[first].seat is not None


def test_the_month_waits_for_every_seated_answer(table):
    parties = responders(table, 3)
    people = seat(table, parties)
    month = table.arena.month
    assert set(table.todo().values()) == {"response"}
    assert not table.arena.step()  # the trainer's Step waits for the participants
    assert not table.answer(people[0], True)
    assert not table.answer(people[1], False)
    assert table.arena.month == month
    states = {row.participant: row.state for row in table.overview()}
    assert states == {people[0]: "answered", people[1]: "answered", people[2]: "response"}
    with pytest.raises(TableError):
        table.answer(people[0], False)  # one answer a round
    assert table.answer(people[2], True)  # the last answer closes the month
    assert table.arena.month == month + 1
    assert table.closed_by == "all"
    offer = last_offer(table)
    names = [table.model.parties[i].name for i in parties]
    assert names[0] in offer["accepted"] and names[1] in offer["rejected"]


def test_the_trainer_closes_the_round_with_the_model_answering(registry, table):
    parties = responders(table, 3)
    people = seat(table, parties)
    table.answer(people[0], False)
    month = table.arena.month
    # the same run without seats: what the model's own parties answer
    twin = at_negotiation(registry.open("azon", {}, 1))
    twin.close_round()
    assert table.close_round()
    assert table.arena.month == month + 1 and table.closed_by == "trainer"
    mine, theirs = last_offer(table), last_offer(twin)
    party = table.model.parties[parties[0]].name
    assert party in mine["rejected"]
    unanswered = {table.model.parties[i].name for i in parties[1:]}
    for name in unanswered:  # the seats that did not answer answered as the model would
        assert (name in mine["accepted"]) == (name in theirs["accepted"])


def test_a_participant_who_leaves_frees_the_seat(table):
    parties = responders(table, 2)
    people = seat(table, parties)
    table.answer(people[0], True)
    month = table.arena.month
    assert table.leave(people[1])  # the round waited only for them: it closes
    assert table.arena.month == month + 1
    assert table.model.parties[parties[1]].seat is None
    assert parties[1] in table.free()
    assert table.take("someone-else", "", parties[1]) == parties[1]
    assert not table.leave("nobody")


def test_a_seated_proposer_is_asked_for_the_offer_first(registry):
    table = at_negotiation(registry.open("azon", {"levers.coordinator": 0.0}, 1))
    proposer = table.model.phases["negotiation"].peek()
    assert proposer >= 0
    other = next(i for i in table.first_seats if i != proposer)
    table.take("proposer", "", proposer)
    table.take("other", "", other)
    assert table.todo() == {proposer: "offer"}
    with pytest.raises(TableError):
        table.answer("other", True)
    package = [0.5] * (table.model.n_issues + 1)
    assert not table.offer("proposer", package)
    assert table.todo() == {other: "response"}
    view = table.view("other", "en")
    assert view.pending is not None and list(view.pending[1]) == package
    assert table.answer("other", True)
    assert last_offer(table)["package"] == package


def test_tables_of_different_codes_are_independent(registry):
    one = at_negotiation(registry.open("azon", {}, 1))
    two = at_negotiation(registry.open("azon", {}, 1))
    assert one.code != two.code
    assert registry.find(one.code.lower()) is one and registry.find(f" {two.code} ") is two
    party = responders(one, 1)[0]
    one.take("anna", "", party)
    two.take("bo", "", party)  # the same party at another table is free
    month = one.arena.month
    one.answer("anna", True)
    assert one.arena.month == month + 1 and two.arena.month == month
    assert two.todo() == {party: "response"}
    assert registry.close(one.code) and registry.find(one.code) is None
    assert registry.find(two.code) is two
    assert normalise(" ab c9 ") == "ABC9"


def test_answers_from_many_threads_at_once_keep_the_table_consistent(table):
    parties = responders(table, 4)
    people = seat(table, parties)
    month = table.arena.month
    start = threading.Barrier(len(people))
    closed, errors = [], []

    def answer(person: str, accept: bool) -> None:
        start.wait()
        try:
            closed.append(table.answer(person, accept))
        except TableError as error:  # pragma: no cover - would fail the test below
            errors.append(error)

    threads = [
        threading.Thread(target=answer, args=(person, k % 2 == 0))
        for k, person in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert sorted(closed) == [False, False, False, True]  # exactly one answer closed the month
    assert table.arena.month == month + 1
    offer = last_offer(table)
    names = [table.model.parties[i].name for i in parties]
    for k, name in enumerate(names):
        assert (name in offer["accepted"]) == (k % 2 == 0)


def test_seats_taken_from_many_threads_are_unique(registry):
    table = registry.open("azon", {}, 1)
    start = threading.Barrier(8)
    taken: list[int] = []

    def take(k: int) -> None:
        start.wait()
        taken.append(table.take(f"p{k}"))

    threads = [threading.Thread(target=take, args=(k,)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(taken) == 8 and len(set(taken)) == 8
    assert sorted(table.places) == sorted(taken)
    assert taken and set(table.first_seats) <= set(taken)


def test_the_participants_view_and_a_waiting_thread(table):
    party = responders(table, 1)[0]
    table.take("anna", "Anna", party)
    view = table.view("anna", "nl")
    assert view.todo == "response" and view.pending is not None
    assert view.name == table.model.parties[party].name and view.participant_name == "Anna"
    assert len(view.ideal) == len(view.labels) == table.model.n_issues
    assert np.isfinite(view.pending_value) and view.waiting_for == 1
    seen = table.version
    woke = []
    waiter = threading.Thread(target=lambda: woke.append(table.wait(seen, timeout=10)))
    waiter.start()
    table.answer("anna", True)
    waiter.join(timeout=10)
    assert woke and woke[0] != seen
    assert table.view("anna", "en").answered == (view.month + 1, True)
    with pytest.raises(TableError):
        table.view("nobody")
