"""The shared table on screen: the trainer's card (open a table from the current settings, its
code and address large enough to read from the back of the room, and the overview of the seats)
and the participant's page (`/?table=CODE`): their seat only, with the offer on the table and
Accept/Reject at the top, next to their own ideal, their role and the event log; no levers, no
scenario, no Step or Play.

Presentation only: the tables are `sim.dashboard.table.Table`s in the process's registry; every
text comes from `sim.texts` (`TABLE`, and the seat's own texts in `UI`). A participant is the
browser session's kernel (one tab, one seat); closing the session frees the seat.
"""

from __future__ import annotations

from html import escape
from urllib.parse import parse_qs

import solara
import solara.lab

from sim.dashboard.session import (
    DEFAULT_LANGUAGE,
    arenas,
    controls,
    language,
    mode,
    playing,
    scenario,
    seed,
    version,
)
from sim.dashboard.table import REGISTRY, Table, TableError
from sim.scenario import ScenarioError
from sim.texts import KIND_LABELS, LANGUAGES, TABLE, UI

shared: solara.Reactive[str | None] = solara.reactive(None)
"""The code of the table this (trainer's) session opened."""
participant_language: solara.Reactive[str | None] = solara.reactive(None)
"""The language a participant chose; None: the app's, else the table's scenario's."""

CSS = """
.ps-table-code { font-size: 72px; font-weight: 700; letter-spacing: 0.12em; line-height: 1.1;
  font-family: monospace; }
.ps-table-address { font-size: 30px; font-weight: 600; word-break: break-all; line-height: 1.2; }
.ps-table-overview td, .ps-table-overview th { padding: 2px 10px; text-align: left; }
.ps-table-overview tr.ps-state-response td, .ps-table-overview tr.ps-state-offer td {
  color: #b45309; }
.ps-participant .v-btn { text-transform: none; letter-spacing: 0; }
.ps-participant-top { font-size: 16px; }
.ps-own-interests td, .ps-own-interests th { padding: 1px 8px; text-align: left; }
"""


def requested_table(search: str | None) -> str | None:
    """The table a page's address asks for (`?table=CODE`), else None."""
    codes = parse_qs(search or "").get("table")
    return codes[0].strip() if codes and codes[0].strip() else None


def seat_stamp(table: Table) -> tuple:
    """What a participant's page shows changes only with this: the month, the events, whether
    the round's offer is on the table, and who sits where (another's answer alone does not)."""
    with table.lock:
        pending = table.model.phases["negotiation"].pending
        return (
            table.arena.month,
            len(table.model.events),
            pending is not None,
            tuple(sorted((i, p.participant) for i, p in table.places.items())),
            REGISTRY.find(table.code) is table,
        )


def me() -> str:
    """The participant: this browser tab's kernel."""
    return solara.get_kernel_id()


def _free_on_close() -> object:
    """When a browser session closes, its seats are freed (the model plays those parties)."""
    try:
        kernel = solara.get_kernel_id()
    except Exception:  # noqa: BLE001 - no kernel context: nothing to free later
        return None
    return lambda: REGISTRY.leave_everywhere(kernel)


solara.lab.on_kernel_start(_free_on_close)


GATHER = 0.04
"""Seconds a session waits after a change of its table before drawing it: the changes of a burst
(participants answering together) are drawn once. The participant who acted sees their own
answer at once (their click draws their page)."""


TRAINER_GATHER = 0.25
"""The same for the trainer's page, whose drawing costs most: it yields to the participants'."""


def use_table_changes(
    table: Table | None, on_change=None, stamp=None, gather: float = GATHER
) -> int:
    """Re-render when the table changes (a seat taken, an answer, a month played), wherever the
    change came from; the table's version. With `stamp`, only a change that changes
    `stamp(table)` draws again."""
    tick, set_tick = solara.use_state(table.version if table is not None else 0)
    last = solara.use_ref(stamp(table) if stamp is not None and table is not None else None)

    def watch(cancel) -> None:
        if table is None:
            return
        seen = tick  # what the first render showed: a change before the thread ran is not lost
        while not cancel.is_set():
            now = table.wait(seen, timeout=1.0)
            if now != seen:
                cancel.wait(gather)  # answers come in bursts: draw once for the burst
                seen = now = table.version
                if stamp is not None:
                    mark = stamp(table)
                    if mark == last.current:
                        continue
                    last.current = mark
                set_tick(now)
                if on_change is not None:
                    on_change()

    solara.use_thread(
        watch, dependencies=[table.code if table is not None else None], intrusive_cancel=False
    )
    return tick


def address(code: str) -> str:
    """The participants' address, as this page was reached (open the dashboard at the
    machine's network address, with `--host 0.0.0.0`, for an address participants can use)."""
    found = solara.lab.headers.value or {}
    host = (found.get("host") or found.get("Host") or ["127.0.0.1:8765"])[0]
    return f"http://{host}/?table={code}"


# --- the trainer's card ------------------------------------------------------------------------
@solara.component
def TableAdmin(opener: bool = False):
    """Once a shared table is open: its code and address, the seats and what each did this
    round, and the buttons to close the round or the table. With `opener` (at the foot of the
    page, so that the page above is as it was), the button that opens a table from the current
    settings while none is open."""
    lang = language.value
    text = TABLE[lang]
    code = shared.value
    table = REGISTRY.find(code) if code else None
    problem, set_problem = solara.use_state("")
    drawn = solara.use_ref(None)

    def bump() -> None:
        """The whole page is drawn again only when the run moved; the card draws itself."""
        if table is None:
            return
        stamp = (table.arena.month, len(table.model.events))
        if stamp != drawn.current:
            drawn.current = stamp
            version.value += 1

    use_table_changes(None if opener else table, on_change=bump, gather=TRAINER_GATHER)
    solara.Style(CSS)

    def show(opened: Table) -> None:
        playing.value = False
        mode.value = "single"
        arenas.value = [opened.arena]
        version.value += 1

    def open_one() -> None:
        try:
            opened = REGISTRY.open(scenario.value, dict(controls.value), seed.value)
        except ScenarioError as error:
            set_problem(str(error))
            return
        set_problem("")
        shared.value = opened.code
        show(opened)

    if table is None:
        if opener:
            with solara.Row(classes=["ps-table-admin"]):
                solara.Button(
                    text["open"], on_click=open_one, classes=["ps-open-table"], outlined=True
                )
                if problem:
                    solara.Error(problem, dense=True)
        return
    if opener:
        return

    def close_round() -> None:
        table.close_round()
        version.value += 1

    def close_table() -> None:
        REGISTRY.close(table.code)
        shared.value = None
        version.value += 1

    rows = table.overview()
    acted = [row for row in rows if row.state in ("answered", "offered")]
    asked = [row for row in rows if row.state in ("response", "offer")]
    names = {row.participant: n for n, row in enumerate(rows, start=1)}
    with solara.Card(text["heading"], classes=["ps-table-admin"]):
        with solara.Columns([2, 3]):
            with solara.Column(gap="2px"):
                solara.Text(text["code"])
                solara.Text(table.code, classes=["ps-table-code"])
                solara.Text(text["join_at"])
                solara.Text(address(table.code), classes=["ps-table-address"])
                solara.Text(text["intro"], style={"font-size": "13px"})
            with solara.Column(gap="4px"):
                solara.HTML(
                    tag="div",
                    unsafe_innerHTML=f'<b style="font-size:28px" class="ps-seated-count">'
                    f"{len(rows)}</b> {escape(text['seated'])}",
                )
                solara.Text(
                    text["answered"].format(done=len(acted), total=len(acted) + len(asked)),
                    classes=["ps-answered-count"],
                )
                body = "".join(
                    f'<tr class="ps-table-seat ps-state-{row.state}">'
                    f"<td>{escape(row.party_name)}</td>"
                    f"<td>{escape(row.name or text['participant_n'].format(n=names[row.participant]))}</td>"
                    f"<td>{escape(state_text(row.state, row.answer, lang))}</td></tr>"
                    for row in rows
                )
                solara.HTML(
                    tag="table",
                    unsafe_innerHTML=f"<tr><th>{escape(text['party'])}</th>"
                    f"<th>{escape(text['participant'])}</th>"
                    f"<th>{escape(text['this_round'])}</th></tr>{body}"
                    if rows
                    else f"<tr><td>{escape(text['no_seats'])}</td></tr>",
                    classes=["ps-table-overview"],
                )
                if table.closed_by:
                    solara.Text(
                        text[f"closed_by_{table.closed_by}"],
                        style={"font-size": "12px"},
                        classes=["ps-closed-by"],
                    )
                with solara.Row(style={"flex-wrap": "wrap"}):
                    solara.Button(
                        text["close_round"],
                        on_click=close_round,
                        color="primary",
                        disabled=table.arena.finished,
                        classes=["ps-close-round"],
                    )
                    if not arenas.value or arenas.value[0] is not table.arena:
                        solara.Button(
                            text["show"], on_click=lambda: show(table), classes=["ps-show-table"]
                        )
                    solara.Button(text["close"], on_click=close_table, classes=["ps-close-table"])
                if not arenas.value or arenas.value[0] is not table.arena:
                    solara.Info(text["elsewhere"], dense=True)


def state_text(state: str, answer: bool | None, lang: str) -> str:
    if state == "answered":
        return TABLE[lang]["state_answered_yes" if answer else "state_answered_no"]
    return TABLE[lang][f"state_{state}"]


# --- the participant's page ----------------------------------------------------------------------
@solara.component
def Participant(code: str):
    """A participant's page at a shared table: join (a name, a party), then their seat."""
    table = REGISTRY.find(code)
    chosen = participant_language.value
    lang = chosen or (
        DEFAULT_LANGUAGE
        if DEFAULT_LANGUAGE in LANGUAGES
        else table.language
        if table is not None and table.language in LANGUAGES
        else "nl"
    )
    text = TABLE[lang]
    tick = use_table_changes(
        table, stamp=seat_stamp
    )  # passed on, so that the seat is drawn again on a change
    person = me()
    solara.Title(f"partnersim · {code.upper()}")
    solara.Style(CSS)
    with solara.Column(gap="8px", classes=["ps-participant"], style={"max-width": "1100px"}):
        with solara.Row(style={"align-items": "center"}):
            solara.ToggleButtonsSingle(
                value=lang,
                values=list(LANGUAGES),
                on_value=lambda v: participant_language.set(v),
                classes=["ps-language"],
            )
            solara.HTML(tag="h3", unsafe_innerHTML=escape(text["join"].format(code=code.upper())))
        if table is None:
            solara.Error(text["no_table"].format(code=code.upper()), classes=["ps-no-table"])
            return
        if REGISTRY.find(table.code) is None:
            solara.Warning(text["closed"], classes=["ps-table-closed"])
            return
        if table.place_of(person) is None:
            Join(table, person, lang, tick)
        else:
            SeatPage(table, person, lang, tick)


@solara.component
def Join(table: Table, person: str, lang: str, tick: int = 0):
    text = TABLE[lang]
    name, set_name = solara.use_state("")
    problem, set_problem = solara.use_state("")

    def take(party: int) -> None:
        try:
            table.take(person, name, party)
            set_problem("")
        except TableError as error:
            set_problem(text.get(error.reason, str(error)))

    free = set(table.free())
    model = table.model
    solara.InputText(
        text["your_name"],
        value=name,
        on_value=set_name,
        continuous_update=True,
        classes=["ps-your-name"],
    )
    if problem:
        solara.Error(problem, dense=True, classes=["ps-join-problem"])
    if table.arena.finished:
        solara.Warning(text["table_over"])
        return
    first = table.first_seats
    rest = [i for i in range(model.n) if i not in first]
    for heading, parties in ((text["pick"], first), (text["pick_more"], rest)):
        if not parties:
            continue
        solara.Text(heading)
        with solara.Row(style={"flex-wrap": "wrap"}):
            for i in parties:
                party = model.parties[i]
                label = f"{party.name} ({KIND_LABELS[lang].get(party.kind, party.kind)})"
                solara.Button(
                    label if i in free else f"{label}: {text['taken']}",
                    on_click=lambda i=i: take(i),
                    disabled=i not in free,
                    color="primary" if i in first else None,
                    outlined=i not in first,
                    classes=["ps-take", f"ps-take-{i}"],
                )


@solara.component
def SeatPage(table: Table, person: str, lang: str, tick: int = 0):
    """The seat: the offer and Accept/Reject (or their own offer to table) at the top, next to
    their own ideal and the package on the table; their role; the log."""
    text, ui = TABLE[lang], UI[lang]
    problem, set_problem = solara.use_state("")
    _, set_acted = solara.use_state(0)
    draft, set_draft = solara.use_state(None, key=f"draft-{table.arena.month}")
    try:
        view = table.view(person, lang)
    except TableError:
        return

    def act(action) -> None:
        try:
            action()
            set_problem("")
        except TableError as error:
            set_problem(text.get(error.reason, str(error)))
        set_acted(table.version)  # their own page at once, before the others'

    kind = KIND_LABELS[lang].get(view.kind, view.kind)
    with solara.Row(style={"align-items": "baseline"}, classes=["ps-participant-top"]):
        solara.Text(text["role"].format(name=view.name, kind=kind), classes=["ps-role"])
        if view.participant_name:
            solara.Text(f"({view.participant_name})")
        solara.Text(f"{ui['month']} ")
        solara.Text(str(view.month), classes=["ps-month"])
        solara.Text(f"({ui['of']} {view.deadline})")
        phase = ui["success" if view.success else "failure"] if view.finished else view.phase
        solara.Text(f"{ui['phase']}: ")
        solara.Text(phase, classes=["ps-phase"])
    if problem:
        solara.Error(problem, dense=True, classes=["ps-seat-problem"])
    with solara.Card(classes=["ps-seat"]):
        with solara.Columns([3, 2]):
            with solara.Column(gap="6px"):
                if view.todo == "response":
                    name, package = view.pending
                    solara.Text(
                        ui["offer_from"].format(
                            name=name, value=view.pending_value, res=view.reservation
                        ),
                        classes=["ps-offer"],
                    )
                    with solara.Row():
                        solara.Button(
                            ui["accept"],
                            on_click=lambda: act(lambda: table.answer(person, True)),
                            color="success",
                            classes=["ps-accept"],
                        )
                        solara.Button(
                            ui["reject"],
                            on_click=lambda: act(lambda: table.answer(person, False)),
                            color="error",
                            classes=["ps-reject"],
                        )
                elif view.todo == "offer":
                    package = draft or [*view.ideal, view.integration]
                    solara.Text(ui["your_turn"], classes=["ps-your-turn"])
                    with solara.Row(style={"align-items": "center"}):
                        solara.Button(
                            ui["propose"],
                            on_click=lambda: act(lambda: table.offer(person, list(package))),
                            color="primary",
                            classes=["ps-propose"],
                        )
                        solara.Text(
                            ui["worth"].format(
                                value=table.worth(person, package), res=view.reservation
                            )
                        )
                    for number, label in enumerate([*view.labels, ui["integration"]]):

                        def change(value, number=number):
                            set_draft([*package[:number], value, *package[number + 1 :]])

                        solara.SliderFloat(
                            label,
                            value=float(package[number]),
                            min=0.0,
                            max=1.0,
                            step=0.05,
                            on_value=change,
                            classes=["ps-offer-slider"],
                        )
                elif view.finished:
                    solara.Text(text["table_over"], classes=["ps-nothing"])
                elif not view.at_table and view.month > 0:
                    solara.Text(ui["not_at_table"], classes=["ps-nothing"])
                else:
                    solara.Text(text["nothing_now"], classes=["ps-nothing"])
                if view.answered is not None:
                    month, accepted = view.answered
                    solara.Text(
                        text["your_answer"].format(
                            month=month, answer=text["yes" if accepted else "no"]
                        ),
                        classes=["ps-answered"],
                    )
                    if view.todo is None and view.waiting_for and month == view.month + 1:
                        solara.Text(text["waiting_others"], classes=["ps-waiting-others"])
                solara.Text(
                    ui["you_are"].format(name=view.name, res=view.reservation),
                    style={"font-size": "13px"},
                )
            with solara.Column(gap="4px"):
                on_table = view.pending[1] if view.pending else None
                rows = "".join(
                    f"<tr><td>{escape(label)}</td><td>{ideal:.2f}</td><td>{weight:.2f}</td>"
                    f"<td>{'' if on_table is None else f'{on_table[n]:.2f}'}</td></tr>"
                    for n, (label, ideal, weight) in enumerate(
                        zip(view.labels, view.ideal, view.weights, strict=True)
                    )
                )
                solara.HTML(tag="b", unsafe_innerHTML=escape(text["your_ideal"]))
                solara.HTML(
                    tag="table",
                    unsafe_innerHTML=f"<tr><th>{escape(ui['issue'])}</th>"
                    f"<th>{escape(ui['ideal'])}</th><th>{escape(ui['weight'])}</th>"
                    f"<th>{escape(ui['table'])}</th></tr>{rows}",
                    classes=["ps-own-interests"],
                    style={"font-size": "13px"},
                )
    with solara.Card(ui["log"], classes=["ps-log"]):
        solara.HTML(  # one widget for the whole log: a month's new lines are one update
            tag="div",
            unsafe_innerHTML="".join(
                f'<div class="ps-event">{month:>3}&nbsp; {escape(sentence)}</div>'
                for month, sentence in view.log
            ),
            style={"max-height": "300px", "overflow-y": "auto", "font-size": "13px"},
        )
    solara.Button(
        text["leave"], on_click=lambda: table.leave(person), text=True, classes=["ps-leave"]
    )
