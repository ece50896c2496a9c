"""What the dashboard's unit tests share: a browser session's state set back to a new
session's, on azon."""

from __future__ import annotations


def fresh_session() -> None:
    """Every reactive of `sim.dashboard.session` (and the replay of `sim.dashboard.control`)
    as a new browser session on azon finds them."""
    from sim.dashboard import control, session
    from sim.dashboard.arena import control_values

    session.language.set("nl")
    session.scenario.set("azon")
    session.controls.set(control_values("azon"))
    session.seed.set(1)
    session.mode.set("single")
    session.compare_lever.set("levers.coordinator")
    session.seat_party.set(None)
    session.arenas.set(None)
    session.language_chosen.set(False)
    session.notice.set("")
    session.problem.set(None)
    session.playing.set(False)
    control.replaying.set(None)
    control.party.set("")
