"""End to end, a shared table: `partnersim app` on 127.0.0.1 in a real headless Chromium; the
trainer opens a table from the current settings, three participants (three browser contexts,
three sessions) join it by its code, each at a different party, and play one run together. The
month waits until all three have answered; the trainer sees who is seated and who answered, and
can close a round; a participant's page has no trainer's controls."""

from __future__ import annotations

import re

import pytest
from support.browser import app_server, month, requires_chromium

from sim.dashboard.arena import control_values
from sim.dashboard.table import Registry

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = requires_chromium()

TRAINER_CONTROLS = (
    ".ps-step, .ps-play, .ps-reset, .ps-controls, .ps-open-table, .ps-speed, .v-select"
)


@pytest.fixture(scope="module")
def server():
    with app_server("azon") as address:
        yield address


def responders(count: int) -> list[int]:
    """Parties at the table in the first round of `azon` (seed 1, its own settings) that do not
    table that round's offer: each of them has to answer it."""
    table = Registry().open("azon", control_values("azon"), 1)
    while table.arena.phase != "negotiation" and table.arena.step():
        pass
    proposer = table.model.phases["negotiation"].peek()
    return [i for i in table.first_seats if i != proposer][:count]


def wait_month(page, value: int) -> None:
    page.wait_for_function(
        f"document.querySelector('.ps-month') && "
        f"document.querySelector('.ps-month').textContent.trim() == '{value}'",
        timeout=15_000,
    )


def wait_rows(trainer, state: str, count: int) -> None:
    trainer.wait_for_function(
        f"document.querySelectorAll('.ps-table-seat.ps-state-{state}').length == {count}",
        timeout=15_000,
    )


def test_three_participants_and_the_trainer_play_one_run(server, browser):
    errors: list[str] = []
    contexts = []

    def open_page(url: str):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url)
        return page

    try:
        trainer = open_page(server)
        trainer.wait_for_selector(".ps-month")
        trainer.click(".ps-open-table")
        trainer.wait_for_selector(".ps-table-code")
        code = trainer.inner_text(".ps-table-code").strip()
        assert re.fullmatch(r"[A-Z2-9]{4}", code)
        assert trainer.inner_text(".ps-table-address").endswith(f"/?table={code}")

        parties = responders(3)
        people = []
        for party in parties:
            person = open_page(f"{server}/?table={code.lower()}")
            person.wait_for_selector(f".ps-take-{party}")
            person.click(f".ps-take-{party}")
            person.wait_for_selector(".ps-role")
            people.append(person)
        for person in people:  # the participants' pages: their seat, no trainer's controls
            assert person.locator(TRAINER_CONTROLS).count() == 0
            assert person.locator(".ps-own-interests").count() == 1
            assert person.locator(".ps-log").count() == 1
        # a fourth participant sees the three parties taken
        late = open_page(f"{server}/?table={code}")
        late.wait_for_selector(".ps-take")
        for party in parties:
            assert late.locator(f".ps-take-{party}").is_disabled()

        trainer.wait_for_function(
            "document.querySelector('.ps-seated-count').textContent.trim() == '3'",
            timeout=15_000,
        )
        assert trainer.locator(".ps-table-seat").count() == 3

        # the trainer plays up to the negotiation: the run pauses at the first round
        trainer.click(".ps-play")
        wait_rows(trainer, "response", 3)
        people[0].wait_for_selector(".ps-accept")
        before = month(people[0])
        wait_month(trainer, before)  # the trainer's page shows the month the seats answer
        for person in people:
            person.wait_for_selector(".ps-accept")
            assert month(person) == before

        people[0].click(".ps-accept")
        people[0].wait_for_selector(".ps-answered")
        people[1].click(".ps-reject")
        people[1].wait_for_selector(".ps-answered")
        wait_rows(trainer, "answered", 2)
        assert "2" in trainer.inner_text(".ps-answered-count")
        assert month(trainer) == before  # two of three answered: the month waits
        assert month(people[2]) == before

        people[2].click(".ps-accept")  # the last answer closes the month
        wait_month(trainer, before + 1)
        for person in people:
            wait_month(person, before + 1)
        trainer.wait_for_selector(".ps-closed-by")

        # the next round: one answers, the trainer closes it for the others
        wait_rows(trainer, "response", 3)
        people[0].wait_for_selector(".ps-accept")
        people[0].click(".ps-reject")
        wait_rows(trainer, "answered", 1)
        trainer.click(".ps-close-round")
        wait_month(trainer, before + 2)
        wait_month(people[1], before + 2)

        # a participant leaves: the seat is free again
        people[2].click(".ps-leave")
        people[2].wait_for_selector(f".ps-take-{parties[2]}")
        trainer.wait_for_function(
            "document.querySelector('.ps-seated-count').textContent.trim() == '2'",
            timeout=15_000,
        )
        late.wait_for_function(
            f"!document.querySelector('.ps-take-{parties[2]}').disabled", timeout=15_000
        )
        assert not errors, errors
    finally:
        for context in contexts:
            context.close()
