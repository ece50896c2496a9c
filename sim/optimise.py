"""Exact optima over packages: the maximin package, the best package for one party under the
others' floors, and the Nash bargaining point.

Utility is linear-additive and piecewise linear (sim/preferences.py): for party j and package
p = (x_1..x_K, g), u_j(p) = fit_weight * (1 - sum_k w_jk |x_k - ideal_jk|)
+ stake_j * (synergy * scale * g - fee) - autonomy_j * g. It is concave in the issues and linear
in integration, so with one auxiliary e_jk >= |x_k - ideal_jk| per party and issue (two linear
inequalities) u_j becomes linear in (x, g, e) and:

- the maximin package (max t s.t. (u_j - floor_j) / span_j >= t) is a linear programme;
- the best package for one party subject to the others' floors is a linear programme;
- the Nash point (max sum_j weight_j log(u_j - floor_j)) is a smooth concave programme with
  linear constraints. It is solved from the maximin package by an active-set Newton method on
  the pieces of the package space (between kinks every u_j is linear in the package): the
  coordinates on a kink stay there while no one-sided derivative gains, the others take
  Newton steps, a step may cross kinks and lands exactly on one when that is best, and the
  result is certified by the supergradient test below (typically 3-12 steps of O(n K + K^3)).
  If it does not certify, a log-barrier interior-point method takes over, whose Newton steps
  eliminate the auxiliaries in closed form (Sherman-Morrison per party), so each step costs
  O(n K + K^3); the barrier parameter is raised until the duality gap bound m / tau is below
  1e-11 (Boyd & Vandenberghe 2004, ch. 11), then coordinates within 1e-7 of a kink are snapped
  onto it when that does not lower the objective (exact kinks, e.g. a common ideal).

Two parties' programmes (the proposer's and best_for's, not the maximin) are a continuous
knapsack and are solved exactly without a solver (`_bilateral`, tested against HiGHS); the other
linear programmes go straight to HiGHS (highspy: one instance per thread, options set once, a
model passed as arrays on every call; imported on first use, so importing this module imports
neither highspy nor scipy). Up to _SEGMENT_FORM parties they take the segment form (n rows: each
issue split at its kinks, see _segment_rows), which needs few simplex iterations; above it the
sparse form with one auxiliary per party and issue. Everything is deterministic.
"""

from __future__ import annotations

import threading

import numpy as np

from sim.preferences import Preferences, utilities

FEASIBILITY = 1e-9
"""Tolerance on a floor: a package whose utility is at most this far below it meets it."""
_SURELY_SHORT = 1e-6
"""A best smallest margin over the demands (times the smallest span) below minus this proves
that no package meets every demand within FEASIBILITY, with room for the solvers' tolerances."""

_GAP = 1e-11
"""Duality gap bound (in the objective sum_j weight_j log gain_j) at which the barrier stops."""
_POLISH = 1e-4
"""Gap bound from which the barrier's point is polished onto its kinks and certified."""
_GROWTH = 20.0
"""Factor by which the barrier parameter grows between centerings."""
_KINK = 1e-6
"""A coordinate this close to a kink (an ideal, 0 or 1) is tried on it when polishing."""
_STATIONARY = 1e-10
"""Relative size of the supergradient residual at which a polished point is certified."""
_DONE = 1e-12
"""Relative supergradient residual at which the active-set method stops (certified at
_STATIONARY)."""
_RELEASE = 1e-12
"""Relative one-sided derivative above which the active-set method moves a coordinate off a
kink or the box."""
_CROSSINGS = 12
"""Kinks along an active-set step at which the objective is tried (the nearest ones)."""
_ACTIVE_SET_STEPS = 100
"""Steps after which the active-set method gives up (the barrier takes over)."""


def utility_of(
    prefs: Preferences, package: np.ndarray, scale: float = 1.0, ideals: np.ndarray | None = None
) -> np.ndarray:
    """Utility of every party for one package (K+1,) -> (n,)."""
    return utilities(np.asarray(package, dtype=float)[None, :], prefs, scale, ideals)[:, 0]


def _as_vector(values, n: int) -> np.ndarray:
    """`values` as n floats (a number repeated n times): np.broadcast_to, without its cost when
    `values` already is such a vector."""
    values = np.asarray(values, dtype=float)
    return values if values.shape == (n,) else np.broadcast_to(values, (n,))


def _linear_parts(
    prefs: Preferences, scale: float, ideals: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """u_j = constant_j + slope_j * g - sum_k cost_jk * e_jk with e_jk = |x_k - ideal_jk|.

    Returns (ideals (n, K), cost (n, K), slope (n,), constant (n,))."""
    ideals = np.asarray(prefs.ideals if ideals is None else ideals, dtype=float)
    cost = prefs.fit_weight * np.asarray(prefs.weights, dtype=float)
    stake = np.asarray(prefs.stake, dtype=float)
    slope = stake * prefs.synergy * scale - np.asarray(prefs.autonomy, dtype=float)
    constant = prefs.fit_weight - stake * prefs.fee
    return ideals, cost, slope, np.array(_as_vector(constant, len(stake)), dtype=float)


_HIGHS_OPTIONS = {
    "output_flag": False,
    "primal_feasibility_tolerance": 1e-10,
    "dual_feasibility_tolerance": 1e-10,
    "presolve": "off",
    "threads": 1,
}
_SEGMENT_FORM = 48
"""Up to this many parties the linear programmes use the segment form (few rows, dense), above
it the auxiliary form (sparse, 2 n K + n rows)."""
_solvers = threading.local()


def _highs():
    """This thread's HiGHS instance, options set once (a model is passed anew on every solve,
    which resets its solver state, so results do not depend on earlier solves)."""
    solver = getattr(_solvers, "highs", None)
    if solver is None:
        import highspy

        solver = getattr(highspy, "_core", highspy)._Highs()  # _Highs: without the banner
        for name, value in _HIGHS_OPTIONS.items():
            solver.setOptionValue(name, value)
        _solvers.highs = solver
    return solver


def _run_highs(objective, lower, upper, row_upper, start, index, value):
    """min objective @ z s.t. rows (CSR: start, index, value) @ z <= row_upper and
    lower <= z <= upper; the optimal z, or None if infeasible."""
    import highspy

    solver = _highs()
    n_rows, n_cols = len(row_upper), len(objective)
    passed = solver.passModel(
        n_cols,
        n_rows,
        len(value),
        int(highspy.MatrixFormat.kRowwise),
        int(highspy.ObjSense.kMinimize),
        0.0,
        np.ascontiguousarray(objective, dtype=float),
        np.ascontiguousarray(lower, dtype=float),
        np.ascontiguousarray(upper, dtype=float),
        np.full(n_rows, -np.inf),
        np.ascontiguousarray(row_upper, dtype=float),
        np.ascontiguousarray(start, dtype=np.int32),
        np.ascontiguousarray(index, dtype=np.int32),
        np.ascontiguousarray(value, dtype=float),
        np.zeros(n_cols, dtype=np.int32),  # all continuous
    )
    if passed == highspy.HighsStatus.kError:
        raise RuntimeError("HiGHS: the programme was not accepted")
    solver.run()
    status = solver.getModelStatus()
    if status == highspy.HighsModelStatus.kOptimal:
        return np.array(solver.getSolution().col_value)
    if status in (
        highspy.HighsModelStatus.kInfeasible,
        highspy.HighsModelStatus.kUnboundedOrInfeasible,
    ):
        return None  # the programmes here are bounded: unbounded-or-infeasible is infeasible
    raise RuntimeError(f"HiGHS: {solver.modelStatusToString(status)}")


def _segment_rows(a, cost, slope):
    """The segment form: x_k = sum_i d_ki over the segments i of [0, 1] between consecutive
    kinks of issue k (the active ideals), 0 <= d_ki <= length_ki. On a segment |x_k - a_jk| has
    slope +-1, so w_j = sum_k cost_jk |x_k - a_jk| - slope_j g is, for segments filled in order,
    base_j + coefficients_j @ (d, g); any other filling with the same x gives every w_j at least
    that (the slopes rise along k), so optima of the programme are optima over packages.

    Returns (coefficients (n, S + 1), base (n,), upper bounds (S + 1,), issue of each d (S,))."""
    n, n_issues = a.shape
    active = cost > 0
    ends = np.zeros((1, n_issues))
    kinks = np.sort(
        np.concatenate([np.clip(np.where(active, a, 0.0), 0.0, 1.0), ends, ends + 1.0]), axis=0
    )
    length = np.diff(kinks, axis=0).T.ravel()  # issue-major
    middle = (0.5 * (kinks[1:] + kinks[:-1])).T.ravel()
    issue = np.repeat(np.arange(n_issues), n + 1)
    keep = length > 0
    length, middle, issue = length[keep], middle[keep], issue[keep]
    coefficients = np.empty((n, len(issue) + 1))
    coefficients[:, :-1] = cost[:, issue] * np.sign(middle[None, :] - a[:, issue])
    coefficients[:, -1] = -slope
    base = (cost * np.abs(a)).sum(axis=1)
    return coefficients, base, np.append(length, 1.0), issue


def _csr(dense):
    rows, columns = np.nonzero(dense)
    start = np.zeros(len(dense) + 1, dtype=np.int32)
    np.cumsum(np.bincount(rows, minlength=len(dense)), out=start[1:])
    return start, columns, dense[rows, columns]


def _party_lp(a, cost, slope, bound, spans, rows, segments=None):
    """Over packages p = (x, g) in the unit box, with w_j(p) = sum_k cost_jk |x_k - a_jk| -
    slope_j g and the constraints w_j(p) + spans_j t <= bound_j for the parties j in `rows`:
    max t if spans is given, else min w_0(p) (spans_j t left out). The optimal package
    (K+1,), clipped to the box, or None if infeasible. `segments`: _segment_rows(a, cost,
    slope) if already made (the segment form only). Two parties' programmes other than the
    maximin are solved exactly by `_bilateral`, the rest by HiGHS."""
    n, n_issues = a.shape
    if n == 2:
        package = _bilateral(a, cost, slope, bound, spans, rows)
        if package is not NotImplemented:
            return package
    with_t = spans is not None
    if n <= _SEGMENT_FORM:
        coefficients, base, upper, issue = segments or _segment_rows(a, cost, slope)
        width = coefficients.shape[1] + with_t
        matrix = np.zeros((len(rows), width))
        matrix[:, : coefficients.shape[1]] = coefficients[rows]
        if with_t:
            matrix[:, -1] = spans[rows]
            objective = np.zeros(width)
            objective[-1] = -1.0
            upper = np.append(upper, np.inf)
        else:
            objective = coefficients[0]
        lower = np.zeros(width)
        if with_t:
            lower[-1] = -np.inf
        z = _run_highs(objective, lower, upper, (bound - base)[rows], *_csr(matrix))
        if z is None:
            return None
        x = np.bincount(issue, weights=z[: len(issue)], minlength=n_issues)
        return np.clip(np.append(x, z[len(issue)]), 0.0, 1.0)
    # the auxiliary form: e_jk >= |x_k - a_jk| for the active (party, issue) pairs, columns
    # x (K), g, e (in row-major order of the pairs), [t]
    active = cost > 0
    party, pair_issue = np.nonzero(active)
    pairs = len(party)
    width = n_issues + 1 + pairs + with_t
    aux = n_issues + 1 + np.arange(pairs)
    # rows x_k - e_p <= a_p and -x_k - e_p <= -a_p, two entries each
    abs_columns = np.empty((2 * pairs, 2), dtype=np.int64)
    abs_columns[:, 0] = np.repeat(pair_issue, 2)
    abs_columns[:, 1] = np.repeat(aux, 2)
    abs_values = np.empty((2 * pairs, 2))
    abs_values[0::2] = [1.0, -1.0]
    abs_values[1::2] = [-1.0, -1.0]
    abs_bound = np.empty(2 * pairs)
    abs_bound[0::2] = a[active]
    abs_bound[1::2] = -a[active]
    # party rows: cost on its auxiliaries, -slope on g, spans on t
    dense = np.zeros((n, width))
    dense[party, aux] = cost[active]
    dense[:, n_issues] = -slope
    if with_t:
        dense[:, -1] = spans
        objective = np.zeros(width)
        objective[-1] = -1.0
    else:
        objective = dense[0].copy()
    start, columns, values = _csr(dense[rows])
    start = np.concatenate([np.arange(0, 4 * pairs, 2), 4 * pairs + start]).astype(np.int32)
    columns = np.concatenate([abs_columns.ravel(), columns])
    values = np.concatenate([abs_values.ravel(), values])
    lower = np.zeros(width)
    upper = np.full(width, np.inf)
    upper[: n_issues + 1] = 1.0
    if with_t:
        lower[-1] = -np.inf
    row_upper = np.concatenate([abs_bound, bound[rows]])
    z = _run_highs(objective, lower, upper, row_upper, start, columns, values)
    return None if z is None else np.clip(z[: n_issues + 1], 0.0, 1.0)


_BILATERAL_TOLERANCE = 1e-10
"""Feasibility tolerance of the two-party programmes (HiGHS's primal tolerance here)."""


def _bilateral(a, cost, slope, bound, spans, rows):
    """The programmes of `_party_lp` for two parties (rows 0 and 1), exactly and without a
    solver: min w_0 under the floors of `rows` (spans None), or max t with spans (0, s > 0),
    which is min w_1 under w_0 <= bound_0. NotImplemented for the other forms (the maximin).
    See `_knapsack`."""
    rows = [int(j) for j in rows]
    parts = (a.tolist(), cost.tolist(), slope.tolist())
    if spans is None:
        limit = float(bound[1]) if 1 in rows else None
        return _least_for(*parts, 0, limit, float(bound[0]) if 0 in rows else None)
    if sorted(rows) == [0, 1] and spans[0] == 0.0 and spans[1] > 0.0:
        return _least_for(*parts, 1, float(bound[0]), None)
    return NotImplemented


def _least_for(a, cost, slope, f, limit, own_limit):
    """min w_f subject to w_s <= limit (s the other party; None: no bound) and, if own_limit is
    given, None unless that minimum is at most own_limit: the package as an array, or None.
    a, cost: two lists of K floats; slope: two floats."""
    s = 1 - f
    point = _knapsack(a[f], a[s], cost[f], cost[s], slope[f], slope[s], limit)
    if point is None:
        return None
    if own_limit is not None and _w(a[f], cost[f], slope[f], point) > (
        own_limit + _BILATERAL_TOLERANCE
    ):
        return None
    return np.array(point)


def _w(ideal, cost, slope, point) -> float:
    """w = sum_k cost_k |x_k - ideal_k| - slope g for one party (floats and lists)."""
    total = 0.0
    for c, x, i in zip(cost, point, ideal, strict=False):
        total += c * abs(x - i)
    return total - slope * point[-1]


def _knapsack(ideal_f, ideal_s, cost_f, cost_s, slope_f, slope_s, limit):
    """min w_f subject to w_s <= limit (None: no bound) over the box, for two parties f and s
    (lists of K floats, two floats): the package as a list of K + 1 floats in [0, 1], or None.

    Minimising one party's separable convex piecewise-linear w_f under a bound on the other's
    w_s is the continuous knapsack (Dantzig 1957): start at f's best package (x_k at its ideal,
    clipped to the box; where f is indifferent, at s's), then move the coordinates towards s's
    best in order of f's loss per unit of s's gain (cost_fk / cost_sk on issue k, |slope_f| /
    |slope_s| on g), each fully until the bound is met or the last one partly. Between the two
    ideals each move has constant rates on both sides, so this is the exact optimum."""
    point, _, w_s, moves = _frontier(ideal_f, ideal_s, cost_f, cost_s, slope_f, slope_s)
    if limit is not None and w_s > limit + _BILATERAL_TOLERANCE:
        need = w_s - limit
        for _, k, target, _, rate in moves:
            gain = rate * abs(target - point[k])
            if gain >= need:
                _move(point, k, target, need / rate)
                need = 0.0
                break
            point[k] = target
            need -= gain
        if need > _BILATERAL_TOLERANCE:
            return None
    return point


def _move(point: list[float], k: int, target: float, step: float) -> None:
    """Move coordinate k of the point by `step` toward `target` (staying in the box)."""
    moved = point[k] + step if target > point[k] else point[k] - step
    point[k] = min(max(moved, 0.0), 1.0)


def _frontier(ideal_f, ideal_s, cost_f, cost_s, slope_f, slope_s):
    """The Pareto frontier of two parties f and s: f's best package (ties resolved for s), f's
    and s's w there, and the moves from it toward s's best in the order of the knapsack, each
    (f's loss per unit of s's gain, coordinate, where to, f's rate, s's rate); the frontier is
    the path through the moves made one after the other."""
    n_issues = len(ideal_f)
    point = [0.0] * (n_issues + 1)
    moves = []
    w_f = w_s = 0.0
    for k in range(n_issues):
        target = min(max(ideal_s[k], 0.0), 1.0)
        start = target if cost_f[k] == 0.0 else min(max(ideal_f[k], 0.0), 1.0)
        point[k] = start
        w_f += cost_f[k] * abs(start - ideal_f[k])
        w_s += cost_s[k] * abs(start - ideal_s[k])
        if start != target and cost_s[k] > 0.0:
            moves.append((cost_f[k] / cost_s[k], k, target, cost_f[k], cost_s[k]))
    if slope_f == 0.0:
        g = 1.0 if slope_s > 0.0 else 0.0
    else:
        g = 1.0 if slope_f > 0.0 else 0.0
        if slope_f * slope_s < 0.0:  # s wants the other end of g
            rates = (abs(slope_f), abs(slope_s))
            moves.append((rates[0] / rates[1], n_issues, 1.0 - g, *rates))
    point[n_issues] = g
    moves.sort()
    return point, w_f - slope_f * g, w_s - slope_s * g, moves


def _parts_of_two(a, cost, slope):
    """The arrays of `_linear_parts` for two parties as the lists `_frontier` takes."""
    a, cost = a.tolist(), cost.tolist()
    return a[0], a[1], cost[0], cost[1], float(slope[0]), float(slope[1])


def _maximin_of_two(a, cost, slope, bound, spans) -> list[float]:
    """The maximin package of two parties (max t s.t. (bound_j - w_j) / spans_j >= t), exactly:
    every package is weakly dominated by one on the frontier (`_frontier`), along which party
    0's margin falls and party 1's rises, so the optimum is where they cross or an end."""
    point, w_0, w_1, moves = _frontier(*_parts_of_two(a, cost, slope))
    span_0, span_1 = float(spans[0]), float(spans[1])
    margin_0 = (float(bound[0]) - w_0) / span_0
    margin_1 = (float(bound[1]) - w_1) / span_1
    for _, k, target, rate_0, rate_1 in moves:
        if margin_0 <= margin_1:
            break
        length = abs(target - point[k])
        fall, rise = rate_0 / span_0, rate_1 / span_1
        step = (margin_0 - margin_1) / (fall + rise)
        if step < length:
            _move(point, k, target, step)
            break
        point[k] = target
        margin_0 -= fall * length
        margin_1 += rise * length
    return point


def _nash_of_two(a, cost, slope, bound, weights) -> list[float]:
    """The Nash point of two parties (max sum_j weights_j log(bound_j - w_j)), exactly, given
    that some package gives both a gain: along the frontier (`_frontier`) party 0's gain falls
    and party 1's rises linearly on each move, and the objective is concave there, so the
    optimum is at the first move where the stationary point of the line,
    (omega_1 beta G_0 - omega_0 alpha G_1) / (alpha beta (omega_0 + omega_1)), lies before its
    end (G the gains at the move's start, alpha and beta their rates), or at an end."""
    point, w_0, w_1, moves = _frontier(*_parts_of_two(a, cost, slope))
    omega_0, omega_1 = float(weights[0]), float(weights[1])
    gain_0, gain_1 = float(bound[0]) - w_0, float(bound[1]) - w_1
    for _, k, target, alpha, beta in moves:
        length = abs(target - point[k])
        step = (omega_1 * beta * gain_0 - omega_0 * alpha * gain_1) / (
            alpha * beta * (omega_0 + omega_1)
        )
        if step < length:
            if step > 0.0:
                _move(point, k, target, step)
            break
        point[k] = target
        gain_0 -= alpha * length
        gain_1 += beta * length
    return point


def _proposal_of_two(own, own_floor, other, demand, span, scale, other_ideals):
    """`proposal` between two parties, in floats: the same programmes as `_bilateral` (the
    proposer's best package under the other's demand, else the other's best under the own
    floor), with the parts `_linear_parts` makes computed the same way."""
    if not span > 0:
        raise ValueError("spans must be positive")
    fit, synergy, fee = own.fit_weight, own.synergy, own.fee
    ideals = other.ideals if other_ideals is None else np.asarray(other_ideals, dtype=float)
    a = (own.ideals[0].tolist(), ideals[0].tolist())
    cost = ((fit * own.weights[0]).tolist(), (other.fit_weight * other.weights[0]).tolist())
    stake, autonomy = float(own.stake[0]), float(own.autonomy[0])
    other_stake, other_autonomy = float(other.stake[0]), float(other.autonomy[0])
    slope = (
        stake * synergy * scale - autonomy,
        other_stake * other.synergy * scale - other_autonomy,
    )
    bound = (fit - stake * fee - own_floor, other.fit_weight - other_stake * other.fee - demand)
    package = _least_for(a, cost, slope, 0, bound[1], bound[0])
    if package is not None:
        return package, True
    return _least_for(a, cost, slope, 1, bound[0], None), False


def _own_and_others(own: Preferences, others: Preferences, scale: float, others_ideals):
    """The linear parts of `own` (ONE party) in row 0, then those of the others as seen."""
    own_parts = _linear_parts(own, scale, None)
    if own_parts[0].shape[0] != 1:
        raise ValueError("own must hold the preferences of exactly one party")
    others_parts = _linear_parts(others, scale, others_ideals)
    return tuple(
        np.concatenate([mine, theirs]) for mine, theirs in zip(own_parts, others_parts, strict=True)
    )


def _positive_spans(spans, n: int) -> np.ndarray:
    spans = np.ones(n) if spans is None else _as_vector(spans, n)
    if np.any(spans <= 0):
        raise ValueError("spans must be positive")
    return spans


def maximin(
    prefs: Preferences,
    floors: np.ndarray,
    scale: float = 1.0,
    ideals: np.ndarray | None = None,
    spans: np.ndarray | None = None,
) -> tuple[float, np.ndarray]:
    """max t s.t. (u_j(p) - floors[j]) / spans[j] >= t for all parties j of prefs; returns
    (t*, the package (K+1,)). spans default 1 (and must be positive).

    t* is evaluated at the returned package with the exact utilities."""
    a, cost, slope, constant = _linear_parts(prefs, scale, ideals)
    n, n_issues = a.shape
    floors = _as_vector(floors, n)
    spans = _positive_spans(spans, n)
    if n == 2:
        package = np.array(_maximin_of_two(a, cost, slope, constant - floors, spans))
    else:
        package = _party_lp(a, cost, slope, constant - floors, spans, np.arange(n))
    if package is None:  # cannot happen: the programme is feasible and bounded
        raise RuntimeError("maximin: the programme is infeasible")
    value = utility_of(prefs, package, scale, ideals)
    return float(np.min((value - floors) / spans)), package


def closest_acceptable(
    own: Preferences,
    own_floor: float,
    others: Preferences,
    demands: np.ndarray,
    spans: np.ndarray | None = None,
    scale: float = 1.0,
    others_ideals: np.ndarray | None = None,
) -> np.ndarray | None:
    """Among the packages that `own` (ONE party) values at least `own_floor`, the one that
    maximises the smallest margin (u_j(p) - demands[j]) / spans[j] over the parties j of
    `others` (seen with `others_ideals` if given); None if no package meets own_floor
    (tolerance 1e-9). With no others: the best package for `own`."""
    a, cost, slope, constant = _own_and_others(own, others, scale, others_ideals)
    n = a.shape[0] - 1
    if n == 0:
        return best_for(own, others, np.zeros(0), scale, others_ideals, own_floor)
    demands = _as_vector(demands, n)
    spans = _positive_spans(spans, n)
    package = _party_lp(
        a,
        cost,
        slope,
        constant - np.concatenate([[float(own_floor)], demands]),
        np.concatenate([[0.0], spans]),
        np.arange(n + 1),
    )
    if package is None:
        return None
    if utility_of(own, package, scale)[0] < own_floor - FEASIBILITY:
        return None
    return package


def proposal(
    own: Preferences,
    own_floor: float,
    others: Preferences,
    demands: np.ndarray,
    spans: np.ndarray,
    scale: float = 1.0,
    others_ideals: np.ndarray | None = None,
) -> tuple[np.ndarray | None, bool]:
    """`best_for(own, others, demands, scale, others_ideals, own_floor)`, and if that is None,
    `closest_acceptable(own, own_floor, others, demands, spans, scale, others_ideals)`, with
    what the two share made once: (the package or None, whether it is the first)."""
    if others.ideals.shape[0] == 1:
        span = np.asarray(spans, dtype=float).reshape(-1)[0]
        demand = np.asarray(demands, dtype=float).reshape(-1)[0]
        return _proposal_of_two(
            own, float(own_floor), others, float(demand), float(span), scale, others_ideals
        )
    a, cost, slope, constant = _own_and_others(own, others, scale, others_ideals)
    n = a.shape[0] - 1
    if n == 0:
        return best_for(own, others, np.zeros(0), scale, others_ideals, own_floor), True
    demands = _as_vector(demands, n)
    spans = _positive_spans(spans, n)
    bound = constant - np.concatenate([[float(own_floor)], demands])
    rows = np.arange(n + 1)
    segments = _segment_rows(a, cost, slope) if 2 < a.shape[0] <= _SEGMENT_FORM else None
    # The second programme first: its optimum says whether the first can be feasible (a
    # package meeting every demand has a margin >= 0), which it mostly is not; the first
    # programme runs only when it may be, so each proposal takes one programme where it took two.
    closest = _party_lp(a, cost, slope, bound, np.concatenate([[0.0], spans]), rows, segments)
    if closest is None:  # no package meets the own floor, so none meets all the floors
        return None, False
    margin = float(np.min((utility_of(others, closest, scale, others_ideals) - demands) / spans))
    if margin * float(spans.min()) >= -_SURELY_SHORT:
        package = _party_lp(a, cost, slope, bound, None, rows, segments)
        if package is not None:
            met = utility_of(others, package, scale, others_ideals) >= demands - FEASIBILITY
            met = np.append(met, utility_of(own, package, scale)[0] >= own_floor - FEASIBILITY)
            if bool(np.all(met)):
                return package, True
    if utility_of(own, closest, scale)[0] < own_floor - FEASIBILITY:
        return None, False
    return closest, False


def best_for(
    own: Preferences,
    others: Preferences,
    others_floors: np.ndarray,
    scale: float = 1.0,
    others_ideals: np.ndarray | None = None,
    own_floor: float | None = None,
) -> np.ndarray | None:
    """The package that maximises the utility of `own` (a Preferences of ONE party) subject to
    u_j(p) >= others_floors[j] for each party j of `others` (its ideals replaced by
    others_ideals (n, K) if given: how the proposer perceives them) and, if own_floor is given,
    u_own(p) >= own_floor. None if infeasible (tolerance 1e-9)."""
    a, cost, slope, constant = _own_and_others(own, others, scale, others_ideals)
    others_floors = _as_vector(others_floors, a.shape[0] - 1)
    floors = np.concatenate([[-np.inf if own_floor is None else float(own_floor)], others_floors])
    kept = np.flatnonzero(np.isfinite(floors))
    package = _party_lp(a, cost, slope, constant - floors, None, kept)
    if package is None:
        return None
    met = utility_of(others, package, scale, others_ideals) >= others_floors - FEASIBILITY
    if own_floor is not None:
        met = np.append(met, utility_of(own, package, scale)[0] >= own_floor - FEASIBILITY)
    return package if bool(np.all(met)) else None


def nash_point(
    prefs: Preferences,
    floors: np.ndarray,
    scale: float = 1.0,
    ideals: np.ndarray | None = None,
    weights: np.ndarray | None = None,
    warm: np.ndarray | None = None,
) -> np.ndarray | None:
    """The package maximising sum_j weights[j] * log(u_j(p) - floors[j]) (weights default 1,
    must be positive); None when no package gives every party a gain > 1e-12 (decided exactly
    with maximin)."""
    a, cost, slope, constant = _linear_parts(prefs, scale, ideals)
    n = a.shape[0]
    floors = _as_vector(floors, n)
    weights = np.ones(n) if weights is None else _as_vector(weights, n)
    if np.any(weights <= 0):
        raise ValueError("weights must be positive")
    if warm is not None and bool(np.all(utility_of(prefs, warm, scale, ideals) - floors > 1e-9)):
        start = np.asarray(warm, dtype=float)
    else:
        best_gain, start = maximin(prefs, floors, scale, ideals)
        if best_gain <= 1e-12:
            return None
    if n == 2:
        return np.array(_nash_of_two(a, cost, slope, constant - floors, weights))
    package = _nash_active_set(a, cost, slope, constant - floors, weights, start)
    if package is None:  # not certified: the log-barrier method
        package = _nash_barrier(a, cost, slope, constant - floors, weights, start)
    return package


def _nash_active_set(
    a: np.ndarray,
    cost: np.ndarray,
    slope: np.ndarray,
    constant: np.ndarray,
    weights: np.ndarray,
    start: np.ndarray,
) -> np.ndarray | None:
    """max sum_j w_j log v_j, v_j = constant_j + slope_j g - sum_k cost_jk |x_k - a_jk|, over
    packages in the unit box, from `start` (all v > 0), by an active-set Newton method on the
    pieces; the certified optimum, or None if it does not certify (the caller falls back).

    Between kinks every v_j is linear in the package, so the objective is smooth there. Each
    step: a coordinate on a kink (an active ideal) or on the box stays there unless a one-sided
    derivative leaves it (then it moves onto the piece beyond); the others move by Newton's
    step on their current pieces (Hessian -J' diag(w / v^2) J, (K+1)^2); a released coordinate
    that Newton would send back is held. Along the step the objective is evaluated exactly at
    the first kinks the ray crosses and at the Newton point, and the best is taken (landing on
    a kink or the box exactly), so a step can cross several kinks. It ends when no coordinate
    can gain (the supergradient test of _residual, 100 times tighter), typically in 3-12
    steps of O(n K + K^3)."""
    n, n_issues = a.shape
    dims = n_issues + 1
    active = cost > 0
    kink_up = np.where(active, a, np.inf)  # the kinks of each issue (inf / -inf: none)
    kink_down = np.where(active, a, -np.inf)
    neg_cost = -cost
    magnitude = np.column_stack([cost, np.abs(slope)])
    jac = np.empty((n, dims))  # dv / dp on the pieces the coordinates move on
    jac[:, -1] = slope

    def gains(package):
        return constant + slope * package[-1] - (cost * np.abs(package[:-1] - a)).sum(axis=1)

    def objective(v):
        return float(weights @ np.log(v)) if (v > 0).all() else -np.inf

    # the start onto the kinks and box faces it misses by rounding (it is summed from segments)
    p = np.clip(np.asarray(start, dtype=float), 0.0, 1.0)
    snapped = p.copy()
    edge = np.round(p)
    close = np.abs(p - edge) <= 1e-12
    snapped[close] = edge[close]
    near = np.abs(kink_up - p[:-1]) <= 1e-9
    for k in np.flatnonzero(near.any(axis=0)):
        snapped[k] = kink_up[np.argmax(near[:, k]), k]
    v = gains(snapped)
    f = objective(v)
    if np.isfinite(f):
        p = snapped
    else:
        v = gains(p)
        f = objective(v)
        if not np.isfinite(f):
            return None
    blind = 0
    for _step in range(_ACTIVE_SET_STEPS):
        x = p[:-1]
        diff = x - a
        jac[:, :-1] = np.where(diff >= 0.0, neg_cost, cost)  # the pieces above the kinks
        lam = weights / v
        up = (lam @ jac).tolist()  # derivative going up
        down = [-u for u in up]  # going down
        size = (lam @ magnitude).tolist()
        at = kink_up == x
        tied = at.any(axis=0)
        if tied.any():
            for k, tie in enumerate((lam @ (cost * at)).tolist()):
                down[k] -= 2.0 * tie
        tied = tied.tolist() + [False]
        position = p.tolist()
        gap = 0.0
        rise, fall, held = [], [], []
        grad = up[:]
        for i in range(dims):
            up_i = up[i] if position[i] < 1.0 else -np.inf
            down_i = down[i] if position[i] > 0.0 else -np.inf
            bound = (size[i] + 1.0) * _RELEASE
            gap = max(gap, max(up_i, 0.0) + max(down_i, 0.0) - (size[i] + 1.0) * _DONE)
            if tied[i] or position[i] <= 0.0 or position[i] >= 1.0:  # on a kink or the box
                if up_i > bound:
                    rise.append(i)
                elif down_i > bound:
                    fall.append(i)
                    grad[i] = -down[i]
                else:
                    held.append(i)
        if gap <= 0.0:  # certified below (the test of _residual, tighter)
            break
        for i in fall:  # the pieces below the kinks
            if i < n_issues:
                jac[:, i] += 2.0 * cost[:, i] * at[:, i]
        hessian = (jac * (lam / v)[:, None]).T @ jac
        rhs = np.array(grad)
        while True:
            system = hessian.copy()
            for i in held:
                system[i, :] = 0.0
                system[:, i] = 0.0
                system[i, i] = 1.0
                rhs[i] = 0.0
            system.flat[:: dims + 1] += 1e-14 * (system.trace() + 1e-300)
            step = np.linalg.solve(system, rhs)
            wrong = [i for i in rise if step[i] < 0] + [i for i in fall if step[i] > 0]
            if not wrong:
                break
            held += wrong
            rise = [i for i in rise if i not in wrong]
            fall = [i for i in fall if i not in wrong]
        rate = float(rhs @ step)  # the Newton decrement, squared
        if len(held) == dims or not rate > 0:
            break
        local = rate <= 1e-9 * max(1.0, abs(f))  # the objective no longer resolves a gain
        if local:
            blind += 1
            if blind > 6:
                break
        # the ray p + t step: where it leaves the box, and the kinks it crosses
        t_box, wall, edge = np.inf, -1, 0.0
        for i, s in enumerate(step.tolist()):
            if s != 0:
                bound = 1.0 if s > 0 else 0.0
                reach = (bound - position[i]) / s
                if reach < t_box:
                    t_box, wall, edge = reach, i, bound
        sx = step[:-1]
        ahead = np.where(sx > 0, kink_up, kink_down)
        cross = np.divide(ahead - x, sx, out=np.full((n, n_issues), -1.0), where=sx != 0).ravel()
        crossed = np.flatnonzero((cross > 0) & (cross < t_box))
        if len(crossed) > _CROSSINGS:
            crossed = crossed[np.argpartition(cross[crossed], _CROSSINGS - 1)[:_CROSSINGS]]
        newton = min(1.0, t_box)
        snap = None
        if len(crossed) and float(cross[crossed].min()) < newton:
            sizes = np.append(cross[crossed], newton)
            trials = p + sizes[:, None] * step
            values = (
                constant
                + trials[:, -1:] * slope
                - (np.abs(trials[:, None, :-1] - a) * cost).sum(axis=2)
            )
            positive = (values > 0).all(axis=1)
            logs = np.log(np.where(positive[:, None], values, 1.0)) @ weights
            best = int(np.argmax(np.where(positive, logs, -np.inf)))
            t, trial = float(sizes[best]), trials[best]
            if best < len(crossed):
                snap = crossed[best]
        else:
            t, trial = newton, p + newton * step
        if snap is not None:
            trial[snap % n_issues] = ahead.flat[snap]  # exactly on the kink
        elif t >= t_box:
            trial[wall] = edge  # exactly on the box
        trial = np.clip(trial, 0.0, 1.0)
        trial_v = gains(trial)
        trial_f = objective(trial_v)
        level = local or snap is not None  # no gain to resolve, or onto a kink
        while not (trial_f > f or (level and trial_f >= f - 1e-12 * abs(f))):  # backtrack
            t *= 0.5
            if t < 1e-12:
                break
            trial = np.clip(p + t * step, 0.0, 1.0)
            trial_v = gains(trial)
            trial_f = objective(trial_v)
        else:
            p, f, v = trial, trial_f, trial_v
            continue
        break
    if _residual(p, a, cost, slope, constant, weights) <= _STATIONARY:
        return p
    return None


def _nash_barrier(
    a: np.ndarray,
    cost: np.ndarray,
    slope: np.ndarray,
    constant: np.ndarray,
    weights: np.ndarray,
    start: np.ndarray,
) -> np.ndarray:
    """max sum_j w_j log v_j, v_j = constant_j + slope_j g - sum_k cost_jk e_jk, over x, g in
    [0, 1] and e_jk >= |x_k - a_jk| (for cost_jk > 0), from a package `start` with all v > 0.

    Log-barrier method: minimise tau * (-sum w log v) - sum log(slacks) for increasing tau."""
    n, n_issues = a.shape
    active = cost > 0
    mask = active.astype(float)
    m = 2 * int(active.sum()) + 2 * n_issues + 2

    def gains(x, g, e):
        return constant + slope * g - (cost * e).sum(axis=1)

    # a strictly feasible start: towards the centre of the box, then a margin on each e
    x0, g0 = start[:-1], start[-1]
    e0 = np.abs(x0[None, :] - a) * mask
    v0 = gains(x0, g0, e0)
    centre_x, centre_g = np.full(n_issues, 0.5), 0.5
    vc = gains(centre_x, centre_g, np.abs(centre_x[None, :] - a) * mask)
    lowest = float(v0.min())
    theta = 0.5 * min(1.0, lowest / max(lowest - float(vc.min()), 1e-300))
    x = (1 - theta) * x0 + theta * centre_x
    g = (1 - theta) * g0 + theta * centre_g
    e = np.abs(x[None, :] - a) * mask
    v = gains(x, g, e)
    margin = 0.5 * float(v.min()) / max(float(cost.sum(axis=1).max()), 1e-300)
    e = (e + margin) * mask

    def barrier(tau, v, s1, s2, x, g):
        return float(
            -tau * (weights @ np.log(v))
            - (np.log(s1[active]).sum() + np.log(s2[active]).sum())
            - (np.log(x).sum() + np.log1p(-x).sum() + np.log(g) + np.log1p(-g))
        )

    tau = float(m)
    last = (x, g, e)
    candidates = []
    for _outer in range(200):
        for _newton in range(100):
            v = gains(x, g, e)
            s1 = np.where(active, e - x[None, :] + a, 1.0)
            s2 = np.where(active, e + x[None, :] - a, 1.0)
            if not (np.all(v > 0) and np.all(s1 > 0) and np.all(s2 > 0)):  # lost to rounding
                x, g, e = last
                break
            last = (x, g, e)
            i1, i2 = mask / s1, mask / s2
            h = tau * weights / v**2
            # gradient of the barrier function
            grad_e = (tau * weights / v)[:, None] * cost - i1 - i2
            grad_x = (i1 - i2).sum(axis=0) - 1 / x + 1 / (1 - x)
            grad_g = -tau * float(weights @ (slope / v)) - 1 / g + 1 / (1 - g)
            # Newton step with the auxiliaries eliminated (stable forms, see module docstring)
            q1, q2 = s1**2, s2**2
            d_inv = mask * q1 * q2 / (q1 + q2)  # inverse of the diagonal e-block
            gamma = mask * (q1 - q2) / (q1 + q2)  # cross term (e, x) times d_inv
            q = d_inv * cost
            beta = (q * cost).sum(axis=1)
            rho = h / (1 + h * beta)
            r = gamma * cost  # = cross * q
            re = -grad_e
            q_re = (q * re).sum(axis=1)
            schur = np.empty((n_issues + 1, n_issues + 1))
            stacked = np.column_stack([r, slope])
            schur[:] = (stacked * rho[:, None]).T @ stacked
            schur[np.arange(n_issues), np.arange(n_issues)] += (
                (mask * 4 / (q1 + q2)).sum(axis=0) + 1 / x**2 + 1 / (1 - x) ** 2
            )
            schur[n_issues, n_issues] += 1 / g**2 + 1 / (1 - g) ** 2
            rhs = np.empty(n_issues + 1)
            rhs[:n_issues] = -grad_x - (gamma * re - (rho * q_re)[:, None] * r).sum(axis=0)
            rhs[n_issues] = -grad_g + float((rho * slope) @ q_re)
            step = np.linalg.solve(schur, rhs)
            dx, dg = step[:n_issues], float(step[n_issues])
            de = d_inv * re - gamma * dx[None, :]
            de -= (rho * (q_re - r @ dx - slope * dg))[:, None] * q
            de *= mask
            decrement = -float((grad_e * de).sum() + grad_x @ dx + grad_g * dg)
            if decrement <= 1e-7:
                break
            dv = slope * dg - (cost * de).sum(axis=1)
            ds1, ds2 = de - dx[None, :], de + dx[None, :]
            slack = np.concatenate([v, x, 1 - x, [g, 1 - g], s1[active], s2[active]])
            change = np.concatenate([dv, dx, -dx, [dg, -dg], ds1[active], ds2[active]])
            falling = change < 0
            limit = float(np.min(-slack[falling] / change[falling])) if falling.any() else np.inf
            size = min(1.0, 0.99 * limit)
            if decrement > 0.0625:  # damped phase: backtracking (Armijo) on the barrier
                current = barrier(tau, v, s1, s2, x, g)
                while (
                    size > 1e-12
                    and barrier(
                        tau,
                        v + size * dv,
                        s1 + size * ds1,
                        s2 + size * ds2,
                        x + size * dx,
                        g + size * dg,
                    )
                    > current - 0.25 * size * decrement
                ):
                    size *= 0.5
            x, g, e = x + size * dx, g + size * dg, e + size * de
        if m / tau < _POLISH:
            polished, certified = _polish(np.append(x, g), a, cost, slope, constant, weights)
            candidates.append(polished)
            if certified:
                return polished
        if m / tau < _GAP or x is last[0] and _newton == 0:
            break
        tau *= _GROWTH
    candidates.append(np.append(x, g))
    values = [_objective(p, a, cost, slope, constant, weights) for p in candidates]
    return candidates[int(np.argmax(values))]


def _objective(package, a, cost, slope, constant, weights) -> float:
    x, g = package[:-1], package[-1]
    v = constant + slope * g - (cost * np.abs(x[None, :] - a)).sum(axis=1)
    return float(weights @ np.log(v)) if np.all(v > 0) else -np.inf


def _supergradient(package, a, cost, slope, constant, weights):
    """The objective's superdifferential at a package, a box: (low, high, size) per coordinate.

    sum_j w_j log v_j with v_j separable in the coordinates: each v_j has a box
    superdifferential, and a positive combination of boxes is a box, so optimality over the
    unit box can be checked coordinate by coordinate."""
    x, g = package[:-1], package[-1]
    v = constant + slope * g - (cost * np.abs(x[None, :] - a)).sum(axis=1)
    factor = (weights / v)[:, None] * cost
    side = np.sign(x[None, :] - a)
    right = np.where(side >= 0, -factor, factor).sum(axis=0)  # derivative going up
    left = np.where(side > 0, -factor, factor).sum(axis=0)  # derivative coming from below
    dg = float((weights / v) @ slope)
    size = np.append(factor.sum(axis=0), float((weights / v) @ np.abs(slope))) + 1.0
    return np.append(right, dg), np.append(left, dg), size


def _residual(package, a, cost, slope, constant, weights) -> float:
    """How far 0 is from the superdifferential plus the normal cone of the unit box, relative
    to the size of the terms (0 at the optimum)."""
    low, high, size = _supergradient(package, a, cost, slope, constant, weights)
    up = np.where(package < 1, np.maximum(low, 0.0), 0.0)  # room to gain by going up
    down = np.where(package > 0, np.maximum(-high, 0.0), 0.0)  # by going down
    return float(np.max((up + down) / size))


def _polish(package, a, cost, slope, constant, weights) -> tuple[np.ndarray, bool]:
    """Put the coordinates that are near a kink on it, solve for the others by Newton's method
    (the objective is smooth in them there), and certify the result by its supergradient."""
    dims = len(package)
    kinks = [np.concatenate([a[cost[:, k] > 0, k], [0.0, 1.0]]) for k in range(dims - 1)]
    kinks.append(np.array([0.0, 1.0]))
    package = package.copy()
    for _round in range(3):
        free = np.ones(dims, dtype=bool)
        for i in range(dims):
            nearest = kinks[i][np.argmin(np.abs(kinks[i] - package[i]))]
            if abs(nearest - package[i]) <= _KINK:
                package[i], free[i] = nearest, False
        for _newton in range(30):
            x, g = package[:-1], package[-1]
            v = constant + slope * g - (cost * np.abs(x[None, :] - a)).sum(axis=1)
            if not np.all(v > 0):
                return package, False
            jacobian = np.column_stack([-cost * np.sign(x[None, :] - a), slope])[:, free]
            gradient = jacobian.T @ (weights / v)
            hessian = -(jacobian * (weights / v**2)[:, None]).T @ jacobian
            if not free.any() or np.max(np.abs(gradient), initial=0.0) < 1e-15:
                break
            step = np.linalg.lstsq(hessian, -gradient, rcond=1e-14)[0]
            current = _objective(package, a, cost, slope, constant, weights)
            size = 1.0
            while size > 1e-6:
                trial = package.copy()
                trial[free] = np.clip(trial[free] + size * step, 0.0, 1.0)
                if _objective(trial, a, cost, slope, constant, weights) >= current:
                    break
                size *= 0.5
            else:
                break
            if np.array_equal(trial, package):
                break
            package = trial
        if _residual(package, a, cost, slope, constant, weights) <= _STATIONARY:
            return package, True
    return package, False
