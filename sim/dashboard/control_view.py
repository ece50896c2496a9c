"""The run control's components (`sim.dashboard.control` holds the state and the actions):
"next event", "to the end" and the scrubber that replays a month, the keys of a presenter's
clicker, the key moments of the run, the log's filter by party, and the page's address kept in
step with what the trainer shows.
"""

from __future__ import annotations

from html import escape

import ipyvuetify
import solara
import traitlets

from sim.dashboard import control
from sim.dashboard.arena import Arena
from sim.dashboard.debrief import key_moments
from sim.dashboard.session import current
from sim.texts import CONTROL

KEYS_TEMPLATE = """
<template>
  <span class="ps-keys" style="display: none"></span>
</template>
<script>
module.exports = {
  mounted() {
    const wanted = [" ", "ArrowRight", "PageDown", "ArrowLeft", "PageUp", "End", "Home"];
    const typing = 'input, textarea, select, [contenteditable=""], [contenteditable="true"], '
      + '[role="slider"], [role="combobox"], [role="listbox"], [role="option"], .v-slider';
    this.onKey = (event) => {
      if (!wanted.includes(event.key)) return;
      if (event.ctrlKey || event.altKey || event.metaKey || event.shiftKey) return;
      const target = event.target;
      if (target && target.closest && target.closest(typing)) return;
      event.preventDefault();  // no scrolling, and no click of a focused button on space
      if (event.repeat) return;
      this.key(event.key);
    };
    document.addEventListener("keydown", this.onKey);
  },
  beforeUnmount() {
    document.removeEventListener("keydown", this.onKey);
  },
  destroyed() {
    document.removeEventListener("keydown", this.onKey);
  },
};
</script>
"""


class KeysWidget(ipyvuetify.VuetifyTemplate):
    """Listens to the page's keys (not while one types in a field or moves a slider) and tells
    the server which was pressed (`control.press`)."""

    template = traitlets.Unicode(KEYS_TEMPLATE).tag(sync=True)

    def vue_key(self, key) -> None:
        control.press(str(key))


@solara.component
def Keys():
    """The keys of a presenter's clicker: space Play/Pause, → or PageDown Step, ← or PageUp one
    month back (replay), End to the end, Home the first month (replay)."""
    return KeysWidget.element()


@solara.component
def RunControl(lang: str, stamp: tuple = (), scrubber: bool = True):
    """Next event, to the end, and the scrubber over the months played so far (`scrubber`; the
    projector view has the keys instead: no slider there); in a replay, which month is shown and
    the way back to live. `stamp` (`control.stamp()`): what the page passes so that this is
    drawn again when the run or the replay moves (a component reading `version` itself would be
    rendered once more for every change)."""
    words = CONTROL[lang]
    latest = control.latest()
    month = control.shown_month()
    Keys()
    with solara.Row(gap="8px", classes=["ps-run-control"], style={"align-items": "center"}):
        solara.Button(
            words["next_event"], on_click=control.next_event, outlined=True, classes=["ps-next"]
        )
        solara.Button(words["to_end"], on_click=control.to_end, outlined=True, classes=["ps-end"])
        low = control.first()
        if scrubber and latest > low:
            with solara.Column(
                gap="0px",
                style={"min-width": "240px", "flex": "1 1 240px", "max-width": "520px"},
                classes=["ps-scrubber"],
            ):
                solara.SliderInt(
                    words["scrubber"],
                    value=month if month is not None else latest,
                    min=low,
                    max=latest,
                    on_value=control.scrub,
                )
        if month is not None:
            solara.Text(
                words["replay"].format(month=month, latest=latest),
                classes=["ps-replay"],
                style={
                    "background": "#fff3cd",
                    "padding": "2px 8px",
                    "border-radius": "4px",
                    "font-size": "inherit",
                },
            )
            solara.Button(words["live"], on_click=control.go_live, text=True, classes=["ps-live"])
    if scrubber:
        solara.Text(words["keys"], style={"font-size": "11px", "opacity": "0.7"})


@solara.component
def PartyFilter(arena: Arena, lang: str):
    """The log's filter: all parties, or one party (the lines that name it)."""
    words = CONTROL[lang]
    names = control.names(arena)
    everyone = words["all_parties"]
    chosen = control.party.value if control.party.value in names else everyone
    solara.Select(
        words["party_filter"],
        values=[everyone, *names],
        value=chosen,
        on_value=lambda value: control.party.set("" if value == everyone else value),
        classes=["ps-party-filter"],
    )


@solara.component
def KeyMoments(arena: Arena, lang: str, stamp: tuple = (), height: str = "300px"):
    """The run's decisive moments up to the month shown, newest first, beside the log (the log
    scrolls on its own; this stays in view). `stamp`: as for `RunControl` (the same live arena
    moves on)."""
    words = CONTROL[lang]
    moments = arena._cached(("key_moments", lang), lambda: key_moments(arena.model, lang))
    if len(moments):
        lines = "".join(
            f'<div class="ps-moment">{month:>3}  {escape(sentence)}</div>'
            for month, sentence in zip(
                moments["month"][::-1], moments["sentence"][::-1], strict=True
            )
        )
    else:
        lines = f'<div class="ps-no-moment">{escape(words["no_moments"])}</div>'
    with solara.Card(words["key_moments"], classes=["ps-moments"], style={"position": "sticky"}):
        solara.HTML(
            unsafe_innerHTML=lines,
            style={
                "max-height": height,
                "overflow-y": "auto",
                "font-size": "13px",
                "white-space": "pre-wrap",
            },
            classes=["ps-moment-lines"],
        )


@solara.component
def AddressSync(wanted: str | None):
    """The page's address and the session's state, in step: the first address (a reload, a
    shared link) is restored once; from then on the address follows what the trainer shows
    (`wanted`, from `control.address`: None while the run plays, so once it pauses)."""
    router = solara.use_router()

    def restore() -> None:
        if not control.restored.value:
            control.restore(router.search)
            control.restored.value = True

    solara.use_effect(restore, [])

    def sync() -> None:
        if wanted is None or wanted == (router.search or ""):
            return
        if router.set_path is None:  # rendered without a server (tests): no address
            return
        router.push(f"{router.path or '/'}?{wanted}")

    solara.use_effect(sync, [wanted])


def shown_arenas() -> list[Arena]:
    """The session's arenas as the page shows them: live, or as they were in the month
    replayed."""
    return [control.shown(arena) for arena in current()]
