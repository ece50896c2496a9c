"""Strategies: what a negotiator demands, offers and accepts; they know no protocol.

- `time_aspiration`: the time-based concession family of Faratin, Sierra & Jennings (1998):
  exponent < 1 is Boulware, 1 linear, > 1 Conceder. (NegMAS's time-based negotiators use the
  reciprocal exponent: its `e` is our `1 / exponent`.)
- `fit_concession`: the opponent model. A proposer estimates each opponent's concession curve
  (its exponent and the BATNA it concedes to) from the offers it made and the answers it gave,
  by least squares over a grid (nonlinear regression of the time-dependent tactic, after
  Hou 2004; Baarslag et al. 2016 survey such models).
- `offer`: the proposer's rule, computed exactly (a linear programme, `sim.optimise`): the best
  package for itself among those it believes every other accepts; if none, the package it can
  live with that comes closest to acceptable for the others.
- `text`: the mediator's single text, the exact weighted Nash point of its estimated gains.
- `accepts`: the responder's rule.
"""

from __future__ import annotations

import numpy as np

from sim import optimise
from sim.preferences import Preferences

CONCESSION_GRID = np.geomspace(0.05, 20.0, 49)
"""The exponents an opponent model considers (Boulware 0.05 to Conceder 20, log-spaced)."""
FLOOR_STEPS = 10
"""The floors it considers: the typical BATNA and 9 steps of a tenth toward the best."""


def time_aspiration(
    progress: np.ndarray | float, start: np.ndarray, reservation: np.ndarray, exponent: np.ndarray
) -> np.ndarray:
    """Faratin et al. (1998): aspiration = r + (start - r) * (1 - progress ** (1 / e)).

    progress is elapsed / available negotiation time in [0, 1]; the aspiration never falls below
    the reservation value and reaches it at the deadline.
    """
    return aspiration_at(progress, reservation, start - reservation, 1.0 / exponent)


def aspiration_at(
    progress: float, reservation: np.ndarray, span: np.ndarray, reciprocal: np.ndarray
) -> np.ndarray:
    """`time_aspiration` with `span` = start - reservation and `reciprocal` = 1 / exponent
    already made (the same numbers)."""
    progress = min(max(float(progress), 0.0), 1.0)
    return reservation + span * (1.0 - progress**reciprocal)


def accepts(evaluation: np.ndarray, aspiration: np.ndarray, reservation: np.ndarray) -> np.ndarray:
    """A responder accepts a package worth at least its aspiration and strictly more than its
    BATNA: with no zone of agreement nobody ever accepts. (Arrays or numbers.)"""
    return (evaluation >= aspiration) & (evaluation > reservation)


_GRIDS: dict[tuple[bytes | str, int], tuple[np.ndarray, np.ndarray]] = {}


def _grid(grid: np.ndarray, floors: int) -> tuple[np.ndarray, np.ndarray]:
    """What a fit over (grid, floors) needs and does not depend on the data, made once: the
    exponents from linear outward and their reciprocals. The candidates are in order of
    preference (ties go to the first): floor-major, the prior floor first, and within a floor
    each exponent from linear outward; candidate c has exponent `exponents[c % len(grid)]` and
    floor step `c // len(grid)`."""
    # the default grid (every fit in a run) by identity; any other by its values
    key = (
        ("default", int(floors))
        if grid is CONCESSION_GRID
        else (np.asarray(grid, dtype=float).tobytes(), int(floors))
    )
    made = _GRIDS.get(key)
    if made is None:
        grid = np.asarray(grid, dtype=float)
        exponents = grid[np.argsort(np.abs(np.log(grid)), kind="stable")]
        made = _GRIDS[key] = (exponents, 1.0 / exponents)
    return made


def concession_curves(
    start: float,
    reservation: float,
    times: np.ndarray,
    grid: np.ndarray = CONCESSION_GRID,
    floors: int = FLOOR_STEPS,
) -> np.ndarray:
    """Every candidate curve of `fit_concession` at `times`: (len(times), floors * len(grid)),
    a row per time, candidates in order of preference (`_grid`). A row depends only on its
    time, so a caller may make the rows of the times it will see once and pass the ones it
    needs (`fit_concession(..., curves=)`)."""
    _, reciprocal = _grid(grid, floors)
    floor = candidate_floors(start, reservation, floors)[None, :, None]
    progress = np.clip(np.asarray(times, dtype=float), 0.0, 1.0)[:, None]
    fall = 1.0 - progress ** reciprocal[None, :]  # (times, exponents)
    return (floor + (start - floor) * fall[:, None, :]).reshape(
        len(progress), floor.size * len(reciprocal)
    )


def candidate_floors(start: float, reservation: float, floors: int) -> np.ndarray:
    """The floors a fit considers: the prior and `floors - 1` steps toward `start`."""
    return reservation + (start - reservation) * np.arange(floors) / floors


def _squares_summed(residuals: np.ndarray, positive: bool = False) -> np.ndarray:
    """Per candidate (column), the sum of the squared residuals over the rows (round by
    round), only the positive ones if `positive` (a violated bound); `residuals` is
    overwritten."""
    if positive:
        np.maximum(residuals, 0.0, out=residuals)  # (a zero's sign goes when squared)
    return np.add.reduce(np.square(residuals, out=residuals), axis=0)


def fit_concession(
    start: float,
    reservation: float,
    offers: tuple[np.ndarray, np.ndarray],
    accepted: tuple[np.ndarray, np.ndarray],
    rejected: tuple[np.ndarray, np.ndarray],
    grid: np.ndarray = CONCESSION_GRID,
    floors: int = FLOOR_STEPS,
    curves: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> tuple[float, float]:
    """The concession curve that best explains what an opponent did, as seen by the one who
    models it: its exponent and the floor it concedes to (its BATNA), from `reservation` (the
    prior: the typical BATNA) up toward `start` in `floors` steps. Its own offers (times, what
    each was worth to it) should lie on its curve `time_aspiration(t, start, floor, e)`; a
    package it accepted was worth at least its demand then, one it rejected (worth more than
    the prior) less. Least squares over the grid of exponents and floors, violated bounds
    counted by how far they are violated; ties go to the prior floor and to the exponent
    nearest linear (1). Without observations: (1, reservation).

    `curves`: `concession_curves(start, reservation, t)` at the times t of the offers, of the
    accepted and of the rejected packages (three arrays), if already made (the same result)."""
    informative = rejected[1] > reservation
    all_informative = bool(informative.all())
    first = len(offers[0])
    second = first + len(accepted[0])
    if not second + len(rejected[0]):
        return 1.0, float(reservation)
    exponents, _ = _grid(grid, floors)
    if curves is None:
        times = np.concatenate([offers[0], accepted[0], rejected[0][informative]])
        curve = concession_curves(start, reservation, times, grid, floors)
        made, kept, beyond = curve[:first], curve[first:second], curve[second:]
    else:
        made, kept, beyond = curves
        if not all_informative:
            beyond = beyond[informative]
    # the three sums of squares (a row per observation), each left out when it has no terms
    # (it would add zeros)
    terms = []
    if first:
        terms.append(_squares_summed(made - offers[1][:, None]))
    if second > first:
        terms.append(_squares_summed(kept - accepted[1][:, None], positive=True))
    if len(beyond):
        bounds = rejected[1] if all_informative else rejected[1][informative]
        terms.append(_squares_summed(bounds[:, None] - beyond, positive=True))
    if not terms:
        return float(exponents[0]), float(reservation)
    loss = terms[0]
    for term in terms[1:]:
        loss += term
    step, exponent = divmod(int(loss.argmin()), len(exponents))  # the first best: preferred
    floor = reservation + (start - reservation) * step / floors
    return float(exponents[exponent]), float(floor)


def offer(
    own: Preferences,
    own_floor: float,
    others: Preferences,
    others_ideals: np.ndarray,
    demands: np.ndarray,
    spans: np.ndarray,
    scale: float,
    own_ideal: np.ndarray,
) -> np.ndarray:
    """The proposer's offer, exactly: the best package for itself (utility of `own`, at least
    `own_floor`) among those it believes give every other party (`others`, seen with
    `others_ideals`) at least its predicted demand; if it believes none does, the package it can
    live with that maximises the smallest margin over the others' demands (each in units of
    `spans`); if it can live with no package, its own ideal package `own_ideal`."""
    package, _ = optimise.proposal(own, own_floor, others, demands, spans, scale, others_ideals)
    return package if package is not None else np.asarray(own_ideal, dtype=float)


def text(
    prefs: Preferences,
    floors: np.ndarray,
    scale: float,
    ideals: np.ndarray,
    weights: np.ndarray,
    spans: np.ndarray,
    warm: np.ndarray | None = None,
) -> np.ndarray:
    """The mediator's single text: the package that maximises the weighted Nash product of the
    estimated gains over `floors` (Nash 1950); if no package gains for all, the one that
    maximises the smallest gain in units of `spans`. `warm`: where to start looking (the
    previous text), if every party gains there."""
    package = optimise.nash_point(prefs, floors, scale, ideals, weights, warm)
    if package is None:
        _, package = optimise.maximin(prefs, floors, scale, ideals, spans)
    return package
