"""Multiple structural breaks (Bai & Perron 1998, 2003): global least-squares dating by
dynamic programming, selection of the number of breaks, sup F(m), UDmax, WDmax and the
sequential sup F(l+1 | l) tests, Bai (1997) confidence intervals for the break dates, and
regime coefficients with standard errors.

Break convention
----------------
A break is reported three ways: ``index``, the 0-based position of the first observation
of the new regime; ``label``, that observation's time label; and ``end_label``, the label
of the last observation of the old regime (R strucchange's ``breakdates`` convention).
``index`` equals strucchange's 1-based ``breakpoints`` number.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import optimize
from scipy.special import log_ndtr

from policyts.models._bp_batched import bai_perron_batch, write_panel_rows
from policyts.models._bp_panel import (
    bp_outputs,
    bp_setup,
    check_select_level,
    max_breaks_for,
    np_dtype,
)
from policyts.models._bp_results import BaiPerron, Break, MultipleBreakTest, Regime
from policyts.models._bp_robust import kt_criterion
from policyts.models._degenerate import check_design, exact_zero, rss_floor
from policyts.models._design import DIFFERENCE_NOTE, Design, build_design
from policyts.models._fstats_kernels import trim_to_obs
from policyts.models._grid_dating import dp_breaks_grid
from policyts.models._kernels import (
    PrefixSums,
    first_min,
    regime_sup_f,
    segment_coef,
    segment_rss_exact,
)
from policyts.models._many import (
    Ctx,
    Group,
    GroupResult,
    array_input,
    check_shared_common,
    is_panel,
    make_ctx,
    prepare,
    run,
    run_array,
)
from policyts.models._seasonal_design import with_seasonal_fixed
from policyts.models._tables import bai_perron_critical_values, bai_perron_table_eps

if TYPE_CHECKING:
    import xarray as xr

__all__ = [
    "Break",
    "Regime",
    "BaiPerron",
    "MultipleBreakTest",
    "bai_perron",
    "bai_perron_array",
    "bai_perron_panel",
    "pargmaxv",
]
_PANEL_DIFFERENCE = (
    "difference=True is for one series; for many, difference along time first: "
    "y.diff(dim) labels each difference by its later period, as difference=True does"
)

# Seconds per n^2 of the dynamic programme on one core of a quiet machine (n = 20,000,
# h = 0.15 n, M = 5: 5 s with an intercept only, 50 s with intercept and trend; the segment
# RSS for every start at each end dominates, so M matters little).  A busy machine was
# measured 2-6 times slower.
_SECONDS_PER_N2 = {1: 1.3e-8, 2: 1.25e-7}
# The grid search (grid_step > 1) scans its n / step candidates one end point at a time:
# about 3 times slower per candidate pair (measured: n = 10^6, grid_step = 40, M = 3: 25 s).
_GRID_SLOWDOWN = 3.0
#: Estimated seconds above which the dating refuses to start / warns.
DATING_REFUSE_SECONDS = 60.0
DATING_WARN_SECONDS = 10.0


# ---------------------------------------------------------------------------------------
# numpy core


def dp_breaks(y: np.ndarray, X: np.ndarray, h: int, max_breaks: int) -> dict[int, list[int]]:
    """Globally optimal break positions for m = 1..max_breaks by dynamic programming.

    ``V[s, j]`` is the smallest RSS of ``s + 1`` regimes covering observations ``0..j``,
    each at least ``h`` long; ``V[s, j] = min_i V[s - 1, i - 1] + RSS(i, j)``. Segment
    RSS values come from prefix sums (see :class:`PrefixSums`), computed for a block of
    ends ``j`` and all starts at a time (:func:`_dp_blocked`), so memory stays bounded.

    Ties: among candidates whose total RSS is equal up to the rounding of the prefix sums
    (within :func:`_tie_tolerance`), the earliest break wins at every stage, as R
    strucchange's ``which.min`` over its RSS table does; so a noise-free step gives the
    same (single) break as strucchange rather than one chosen by rounding noise.

    Returns a dict m -> sorted list of break positions (first observation of each new
    regime).
    """
    n = X.shape[0]
    ps = PrefixSums(y, X)
    M = max_breaks
    tol = _tie_tolerance(ps, n)
    V, A = _dp_blocked(ps, n, h, M, tol)
    out: dict[int, list[int]] = {}
    for m in range(1, M + 1):
        if not np.isfinite(V[m, n - 1]):
            continue
        pos: list[int] = []
        j, s = n - 1, m
        while s > 0:
            b = int(A[s, j])
            pos.append(b)
            j, s = b - 1, s - 1
        out[m] = sorted(pos)
    return out


# The programme runs through blocks of end points, holding the segment RSS of every start
# for the ends of one block (about this many values): a single block, the whole triangle,
# up to n of about 1,400; O(n M) memory besides.
_DP_BLOCK_CELLS = 2_000_000


def _tie_tolerance(ps: PrefixSums, n: int) -> float:
    """Segment RSS values from prefix sums carry rounding errors of about ``n eps`` times
    the (centred) total sum of squares; costs closer than 100 times that are ties.  In the
    units of the scaled sums, in which the programme runs (``rss_grid(scaled=True)``)."""
    return ps.noise_scaled


def _dp_blocked(
    ps: PrefixSums, n: int, h: int, M: int, tol: float
) -> tuple[np.ndarray, np.ndarray]:
    """``V[s, j]`` and the break ``A[s, j]`` choosing it, for blocks of ends ``j``.

    For each block the segment RSS of all starts ``i`` and the block's ends come in one
    grid (:meth:`PrefixSums.rss_grid`); stage ``s`` then takes, for every end at once,
    the first ``i`` within ``tol`` of ``min_i V[s - 1, i - 1] + RSS(i, j)`` over
    ``s h <= i <= j - h + 1`` (earlier starts have no s regimes before them; later ones
    leave a segment shorter than h).  Stage ``s - 1`` of the block is done before stage
    ``s``, so ends inside the block may serve as earlier regimes' ends.
    """
    V = np.full((M + 1, n), np.inf)
    A = np.full((M + 1, n), -1, dtype=np.int64)
    # Blocks of about n / 6 ends: a block's grid holds starts up to its last end, so
    # narrower blocks skip most of the (inadmissible) lower triangle.
    width = max(1, min(n, max(64, n // 6), _DP_BLOCK_CELLS // n))
    for j0 in range(h - 1, n, width):
        j1 = min(n, j0 + width)
        imax = j1 - h  # the last start with a long enough segment to the block's last end
        R = ps.rss_grid(np.arange(imax + 1), np.arange(j0, j1), h, scaled=True)
        V[0, j0:j1] = R[0]
        for s in range(1, M + 1):
            lo = s * h
            if lo > imax:
                break
            if s == M:  # only the whole sample's M-break optimum is used
                if j1 < n:
                    break
                c0 = n - 1 - j0
                cand = V[s - 1, lo - 1 : imax, None] + R[lo : imax + 1, c0 : c0 + 1]
                t = first_min(cand, tol, axis=0)
                V[s, n - 1] = cand[t[0], 0]
                A[s, n - 1] = lo + t[0] if np.isfinite(V[s, n - 1]) else -1
                break
            cand = V[s - 1, lo - 1 : imax, None] + R[lo : imax + 1]
            t = first_min(cand, tol, axis=0)
            v = cand[t, np.arange(j1 - j0)]
            V[s, j0:j1] = v
            A[s, j0:j1] = np.where(np.isfinite(v), lo + t, -1)
    return V, A


def dating_seconds(n: int, k: int, M: int) -> float:
    """Rough single-core time of :func:`dp_breaks` for ``n`` observations, ``k``
    regressors and ``M`` breaks: O(n^2), measured constants (see ``_SECONDS_PER_N2``),
    growing with k; ``M`` adds little (a tenth per break)."""
    c = _SECONDS_PER_N2.get(k, _SECONDS_PER_N2[2] * (k / 2) ** 2)
    return float(c * n * n * (0.5 + 0.1 * M))


def _check_grid_step(grid_step: int | None) -> int:
    if grid_step is None:
        return 1
    if isinstance(grid_step, bool) or not isinstance(grid_step, int | np.integer) or grid_step < 1:
        raise ValueError(f"grid_step must be a whole number of periods >= 1, got {grid_step!r}")
    return int(grid_step)


def check_dating_size(n: int, k: int, h: int, M: int, *, step: int = 1) -> None:
    """Refuse (``ValueError``) or warn before a dating that would take too long; with a
    grid (``step`` > 1) the dynamic programme runs over ``n / step`` candidates."""
    est = dating_seconds(-(-n // step), k, M) * (_GRID_SLOWDOWN if step > 1 else 1.0)
    if est <= DATING_WARN_SECONDS:
        return
    what = (
        f"Bai-Perron dating of n = {n} observations (k = {k}, M = {M}"
        + (f", grid_step = {step}" if step > 1 else "")
        + f") takes about {est / 60:.1f} minutes: the dynamic programme is O(n^2) in time"
    )
    if est > DATING_REFUSE_SECONDS:
        c = dating_seconds(1, k, M) * _GRID_SLOWDOWN
        n_fast = max(int(np.sqrt(DATING_WARN_SECONDS / c)), 1)
        suggest = -(-n // n_fast)
        raise ValueError(
            f"{what}, so it is not started. Pass grid_step={suggest} (breaks searched every "
            f"{suggest} periods, then refined locally), aggregate the series to a "
            "coarser frequency (e.g. monthly means of daily data), date a single break "
            "with sup_f() (O(n)), or test for instability with cusum() (O(n))"
        )
    import warnings

    warnings.warn(what, RuntimeWarning, stacklevel=3)


def _bounds(breaks: list[int], n: int) -> list[tuple[int, int]]:
    edges = [0, *breaks, n]
    return [(edges[i], edges[i + 1] - 1) for i in range(len(edges) - 1)]


def pargmaxv(x: float, xi: float = 1.0, phi1: float = 1.0, phi2: float = 1.0) -> float:
    """Distribution function of the argmax of a two-sided Brownian motion with drift.

    ``P(argmax_v Z(v) <= x)`` where ``Z(v) = W_1(-v) - |v|/2`` for ``v <= 0`` and
    ``Z(v) = sqrt(xi) (phi2/phi1) W_2(v) - xi |v| / 2`` for ``v > 0`` (Bai 1997,
    Proposition 3 and Appendix B), used for confidence intervals of break dates.

    References
    ----------
    Bai, J. (1997). Estimation of a change point in multiple regression models. Review of
    Economics and Statistics 79(4), 551-563.
    """
    try:
        # Scalar math: the same formulas without numpy's per-call overhead (the interval
        # root search evaluates this some 40 times per break).
        return _pargmaxv_math(float(x), float(xi), float(phi1), float(phi2))
    except (OverflowError, ValueError, ZeroDivisionError):
        pass  # inf or NaN: numpy's answer
    phi = xi * (phi2 / phi1) ** 2
    if x < 0:
        v = -x
        a = xi / phi
        val = (
            -np.exp(np.log(v) / 2 - v / 8 - np.log(2 * np.pi) / 2)
            - (phi / xi * (phi + 2 * xi) / (phi + xi))
            * np.exp(a * (1 + a) * v / 2 + log_ndtr(-(0.5 + a) * np.sqrt(v)))
            + np.exp(
                np.log(v / 2 - 2 + (phi + 2 * xi) ** 2 / ((phi + xi) * xi))
                + log_ndtr(-np.sqrt(v) / 2)
            )
        )
        return float(val)
    v = x
    a = xi**2 / phi
    if v == 0:
        return float(
            1
            + (xi / phi * (2 * phi + xi) / (phi + xi)) * 0.5
            - ((2 * phi + xi) ** 2 / ((phi + xi) * phi) - 2) * 0.5
        )
    val = (
        1
        + np.sqrt(a) * np.exp(np.log(v) / 2 - a * v / 8 - np.log(2 * np.pi) / 2)
        + (xi / phi * (2 * phi + xi) / (phi + xi))
        * np.exp((phi + xi) * v / 2 + log_ndtr(-(phi + xi / 2) / np.sqrt(phi) * np.sqrt(v)))
        - np.exp(
            np.log((2 * phi + xi) ** 2 / ((phi + xi) * phi) - 2 + a * v / 2)
            + log_ndtr(-np.sqrt(a) * np.sqrt(v) / 2)
        )
    )
    return float(val)


def _pargmaxv_math(x: float, xi: float, phi1: float, phi2: float) -> float:
    """:func:`pargmaxv` with the ``math`` module; raises where numpy would give inf/NaN."""
    phi = xi * (phi2 / phi1) ** 2
    ln2pi = math.log(2 * math.pi)
    if x < 0:
        v = -x
        a = xi / phi
        return (
            -math.exp(math.log(v) / 2 - v / 8 - ln2pi / 2)
            - (phi / xi * (phi + 2 * xi) / (phi + xi))
            * math.exp(a * (1 + a) * v / 2 + float(log_ndtr(-(0.5 + a) * math.sqrt(v))))
            + math.exp(
                math.log(v / 2 - 2 + (phi + 2 * xi) ** 2 / ((phi + xi) * xi))
                + float(log_ndtr(-math.sqrt(v) / 2))
            )
        )
    v = x
    a = xi**2 / phi
    if v == 0:
        return (
            1
            + (xi / phi * (2 * phi + xi) / (phi + xi)) * 0.5
            - ((2 * phi + xi) ** 2 / ((phi + xi) * phi) - 2) * 0.5
        )
    return (
        1
        + math.sqrt(a) * math.exp(math.log(v) / 2 - a * v / 8 - ln2pi / 2)
        + (xi / phi * (2 * phi + xi) / (phi + xi))
        * math.exp(
            (phi + xi) * v / 2 + float(log_ndtr(-(phi + xi / 2) / math.sqrt(phi) * math.sqrt(v)))
        )
        - math.exp(
            math.log((2 * phi + xi) ** 2 / ((phi + xi) * phi) - 2 + a * v / 2)
            + float(log_ndtr(-math.sqrt(a) * math.sqrt(v) / 2))
        )
    )


def _bai_ci(
    y: np.ndarray,
    X: np.ndarray,
    breaks: list[int],
    level: float,
    het_reg: bool,
    het_err: bool,
) -> list[tuple[int, int] | None]:
    """Bai (1997) intervals for each break, as 0-based positions of the old regime's
    last observation (strucchange's convention, shifted to 0-based)."""
    n, k = X.shape
    a2 = (1 - level) / 2
    edges = [0, *breaks, n]
    resid = np.empty(n)
    for s, e in _bounds(breaks, n):
        _, resid[s : e + 1] = segment_coef(y, X, s, e)
    floor = rss_floor(y)
    sigma_pool = float(exact_zero(resid @ resid, floor)) / n
    Q_pool = X.T @ X / n
    out: list[tuple[int, int] | None] = []
    for i in range(1, len(edges) - 1):
        s0, b, e1 = edges[i - 1], edges[i], edges[i + 1]
        beta1, _ = segment_coef(y, X, s0, b - 1)
        beta2, _ = segment_coef(y, X, b, e1 - 1)
        delta = beta2 - beta1
        X1, X2 = X[s0:b], X[b:e1]
        Q1 = X1.T @ X1 / (b - s0) if het_reg else Q_pool
        Q2 = X2.T @ X2 / (e1 - b) if het_reg else Q_pool
        if het_err:
            s1 = float(exact_zero(resid[s0:b] @ resid[s0:b], floor)) / (b - s0)
            s2 = float(exact_zero(resid[b:e1] @ resid[b:e1], floor)) / (e1 - b)
        else:
            s1 = s2 = sigma_pool
        if s1 == 0 or s2 == 0:
            # Zero residuals around the break (a noise-free step): its date is exact.
            out.append((b - 1, b - 1))
            continue
        O1, O2 = s1 * Q1, s2 * Q2
        q1 = float(delta @ Q1 @ delta)
        q2 = float(delta @ Q2 @ delta)
        o1 = float(delta @ O1 @ delta)
        o2 = float(delta @ O2 @ delta)
        if q1 <= 0 or q2 <= 0:
            out.append(None)
            continue
        xi = q2 / q1
        phi1, phi2 = np.sqrt(o1 / q1), np.sqrt(o2 / q2)
        p0 = pargmaxv(0.0, xi, phi1, phi2)
        if not np.isfinite(p0) or p0 < a2 or p0 > 1 - a2:
            out.append(None)
            continue

        def fn(
            x: float, target: float, xi: float = xi, p1: float = phi1, p2: float = phi2
        ) -> float:
            return pargmaxv(x, xi, p1, p2) - target

        ub = lb = 0.0
        while pargmaxv(ub, xi, phi1, phi2) < 1 - a2:
            ub += 1000.0
        while pargmaxv(lb, xi, phi1, phi2) > a2:
            lb -= 1000.0
        upper = optimize.brentq(fn, 0.0, ub, args=(1 - a2,), xtol=1e-10) if ub > 0 else 0.0
        lower = optimize.brentq(fn, lb, 0.0, args=(a2,), xtol=1e-10) if lb < 0 else 0.0
        upper *= phi1**2 / q1
        lower *= phi1**2 / q1
        # strucchange: (bp - ceiling(upper), bp, bp - floor(lower)) in 1-based "last
        # observation of the old regime" units; b is that number, so subtract 1 for 0-based.
        lo_pos = b - int(np.ceil(upper)) - 1
        hi_pos = b - int(np.floor(lower)) - 1
        out.append((lo_pos, hi_pos))
    return out


def _regimes(design: Design, breaks: list[int], het_reg: bool, het_err: bool) -> tuple[Regime, ...]:
    y, X, n = design.y, design.X, design.n
    bounds = _bounds(breaks, n)
    resid = np.empty(n)
    coefs = []
    for s, e in bounds:
        c, resid[s : e + 1] = segment_coef(y, X, s, e)
        coefs.append(c)
    # Error variances are maximum-likelihood (RSS / n, no degrees-of-freedom correction),
    # as in R strucchange's vcov() for breakpoints, so the numbers agree with it.
    floor = rss_floor(y)
    sigma_pool = float(exact_zero(resid @ resid, floor)) / n
    Q_pool_inv = np.linalg.inv(X.T @ X / n)
    out = []
    for (s, e), c in zip(bounds, coefs, strict=True):
        ni = e - s + 1
        Xi = X[s : e + 1]
        Qi_inv = np.linalg.inv(Xi.T @ Xi / ni) if het_reg else Q_pool_inv
        if het_err:
            ri = resid[s : e + 1]
            sig = float(exact_zero(ri @ ri, floor)) / ni
        else:
            sig = sigma_pool
        V = sig * Qi_inv / ni
        out.append(
            Regime(
                start_label=design.series.label(s),
                end_label=design.series.label(e),
                n_obs=ni,
                coef={nm: float(v) for nm, v in zip(design.names, c, strict=True)},
                se={nm: float(np.sqrt(v)) for nm, v in zip(design.names, np.diag(V), strict=True)},
            )
        )
    return tuple(out)


def _sequential_stat(
    y: np.ndarray,
    X: np.ndarray,
    breaks: list[int],
    h: int,
    cache: dict[tuple[int, int], float] | None = None,
) -> float:
    """sup F(l+1 | l): the largest single-break scaled F over the l+1 regimes.

    Within each regime of the l-break partition, the one-break sup-F (scaled, q*F, with
    that regime's own degrees of freedom) over dates leaving >= h observations on each
    side; the statistic is the maximum over regimes (Bai & Perron 1998, section 5.2;
    Bai & Perron 2003, section 4.3).  ``cache`` keeps each regime's value across the
    partitions of one series (nested partitions share regimes).
    """
    cache = {} if cache is None else cache
    regimes = [(s, e) for s, e in _bounds(breaks, X.shape[0]) if e - s + 1 >= 2 * h]
    todo = [r for r in regimes if r not in cache]
    cache.update(zip(todo, regime_sup_f(y, X, todo, h), strict=True))
    best = -np.inf
    for r in regimes:
        best = max(best, cache[r])
    # No regime can hold another break of length >= h on each side: no admissible
    # (l+1)-break partition refines this one, so the statistic is 0 (as mbreaks).
    return float(best) if best > -np.inf else 0.0


def bai_perron(
    y: Any,
    exog: Any = None,
    *,
    trim: float | int = 0.15,
    max_breaks: int | None = None,
    const: bool = True,
    trend: bool = False,
    select: str = "bic",
    level: float = 0.95,
    het_reg: bool = True,
    het_err: bool = True,
    robust: bool = False,
    prewhite: bool = True,
    het_data: bool = True,
    het_var: bool = False,
    het_q: bool | None = None,
    het_omega: bool | None = None,
    fixed: Any = None,
    breaks: int | None = None,
    intervals_by_m: bool = False,
    difference: bool = False,
    grid_step: int | None = None,
    seasonal: bool = False,
) -> BaiPerron:
    """Estimate multiple structural breaks (Bai & Perron) and choose how many.

    Pure structural change: every coefficient of ``y_t = x_t' beta_j + u_t`` changes at
    each break.

    Parameters
    ----------
    y : array_like, pandas.Series or xarray.DataArray
    exog : array_like, optional
        Regressors besides the intercept and trend (rows = time).
    trim : float or int
        Minimum regime length h: a fraction of n in (0, 0.5) (``h = floor(trim n)``, as
        strucchange) or a whole number of observations.
    max_breaks : int, optional
        Largest number of breaks M (default ``min(5, floor(n / h) - 1)``).
    const, trend : bool
        Intercept and linear trend (1..n) among the regressors.
    select : {"bic", "lwz", "kt", "sequential"}
        How the number of breaks is chosen: minimum BIC, minimum LWZ, minimum KT
        (Kurozumi & Tuvaandorj 2011, mbreaks' modified BIC), or the sequential
        sup F(l+1 | l) tests at level ``1 - level`` (needs h/n in
        0.05..0.25 and k <= 10; an untabulated h/n uses the nearest smaller table). With the mbreaks options
        below, "sequential" is mbreaks' ``dosequa``: breaks are estimated one at a time
        and the dates are those of the sequential estimation.
    level : float
        Confidence level of the break-date intervals (and 1 - test level).
    het_reg, het_err : bool
        Allow the regressors' second moments / the error variance to differ across
        regimes in the Bai (1997) intervals and the coefficient standard errors.
    robust, prewhite, het_data, het_var, het_q, het_omega : bool
        Bai & Perron's error assumptions, as R mbreaks names and computes them. Any of
        ``robust=True``, ``het_var=True``, ``het_data=False`` or ``fixed`` switches to the
        mbreaks computation for every statistic (sup F(m), UDmax, WDmax, sup F(l+1 | l),
        the sequential procedure, the intervals and the standard errors); otherwise the
        homoskedastic results above are unchanged.

        ============  ================  ===============  ==================================
        policyts      default here      mbreaks default  meaning
        ============  ================  ===============  ==================================
        robust        False             robust=1         HAC: quadratic-spectral kernel,
                                                         Andrews (1991) AR(1) bandwidth
        prewhite      True              prewhit=1        AR(1) prewhitening of the HAC
                                                         scores (only with robust)
        het_data      True              hetdat=1         regressor moments differ across
                                                         regimes (False needs robust=False
                                                         and no fixed regressors)
        het_var       False             hetvar=1         error variance (long-run variance
                                                         if robust) differs across regimes
        het_q         het_reg (True)    hetq=1           regressor moments differ across
                                                         regimes, in the intervals
        het_omega     het_err (True)    hetomega=1       error (long-run) variance differs,
                                                         in the intervals
        ============  ================  ===============  ==================================

        ``robust=True, het_var=True`` (with the other defaults) is mbreaks' default and
        Bai & Perron's (2003) RealInt specification; ``het_var=True`` alone means
        serially uncorrelated errors whose variance differs across regimes.
    fixed : array_like, pandas.Series/DataFrame, optional
        Regressors whose coefficients stay the same in every regime (partial structural
        change, Bai & Perron 2003 section 3.2), estimated by the iterative procedure (see
        ``policyts.models._bp_partial``). Must not repeat a changing regressor.
    breaks : int, optional
        Report this number of breaks instead of choosing one: ``breaks``, ``regimes``
        and intervals are those of the global m-break partition (mbreaks ``dofix``,
        strucchange ``confint(breaks=)``); ``selection`` is then "given". The intervals
        use ``het_q``/``het_omega`` as given (mbreaks' ``dofix`` always sets both to 1,
        which is also the default here).
    intervals_by_m : bool
        Also compute the Bai (1997) intervals of every m in ``breaks_by_m`` (by default
        only the selected breaks carry intervals).
    difference : bool
        Analyse the first differences ``dy_t = y_t - y_{t-1}``, each labelled by its later
        period t (the first period is dropped; ``exog`` rows are matched by label and not
        differenced).  A break at t is then a change in the growth rate (the mean of
        ``dy``) from period t on.
    grid_step : int, optional
        For long series: search breaks only at every ``grid_step``-th period, then refine
        each within ``grid_step`` of where it was found (O((n / grid_step)^2) instead of
        O(n^2); exact when the optimal breaks lie near the grid optimum, see
        :mod:`policyts.models._grid_dating`).  Default: the exact search over every period.
    seasonal : bool
        For monthly or quarterly series: ``s - 1`` seasonal dummies (s = 12 or 4, from the
        time labels; named ``month:02`` .. or ``quarter:2`` ..) join ``fixed``, so the
        season effects keep one coefficient in every regime while the intercept, trend
        and ``exog`` coefficients break (partial structural change, estimated on the
        mbreaks path as for ``fixed``): a seasonal cycle is then not dated as breaks.
        ``ValueError`` on annual data or a series without a monthly or quarterly
        calendar.

    Returns
    -------
    BaiPerron

    Raises
    ------
    ValueError
        Too few observations for the trimming and regressors, NaN in the sample, constant
        or collinear regressors, trim outside (0, 0.5), M larger than the sample allows,
        ``breaks`` beyond what the trimming allows, ``fixed`` repeating a changing
        regressor, ``het_data=False`` with ``robust`` or ``fixed``; a
        degenerate series (constant, a single deviating value, fitted exactly without a
        break, values too large to square: see :mod:`policyts.models._degenerate`); a
        sample too long for the O(n^2) dating in reasonable time (the message names what
        to do instead).

    Notes
    -----
    RSS, BIC, break dates and confidence intervals are tested against R strucchange
    1.5-3 (``breakpoints``, ``confint``); LWZ, the sequential test, UDmax and WDmax
    against Bai & Perron (2003) and simulation. The mbreaks options, ``fixed``, KT and
    ``breaks`` are tested against R mbreaks 1.0.1 (``dotest``, ``doseqtests``,
    ``doorder``, ``dosequa``, ``dofix``; ``tests/reference/mbreaks``). On that path BIC
    and LWZ are mbreaks' (``log(RSS/n) + m(q+1) log(n)/n``, and LWZ with the same
    penalty slope; q counts the changing regressors) and the intervals use mbreaks'
    rounding, whose upper bound of break i of m lies m - i periods later than a single
    rounding would give (see ``_bp_robust.break_intervals``); we follow mbreaks there.
    Ties in the dynamic programme go to the
    earliest break as in strucchange, and RSS values at rounding level
    (:func:`policyts.models._degenerate.rss_floor`) are exact zeros, so a noise-free
    step gives strucchange's single break (tested against strucchange 1.5-3).  Where
    ``h/n`` is not a tabulated trimming, critical values come from the nearest smaller
    tabulated one (conservative; ``notes`` says so).

    References
    ----------
    Bai, J. and Perron, P. (1998). Estimating and testing linear models with multiple
    structural changes. Econometrica 66(1), 47-78.
    Bai, J. and Perron, P. (2003). Computation and analysis of multiple structural change
    models. Journal of Applied Econometrics 18(1), 1-22.
    Bai, J. (1997). Review of Economics and Statistics 79(4), 551-563.
    Liu, J., Wu, S. and Zidek, J. V. (1997). On segmented multivariate regression.
    Statistica Sinica 7, 497-525.

    Examples
    --------
    A level shift of 2 at position 20 of a 40-period series:

    >>> import numpy as np
    >>> from policyts.models import bai_perron
    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[np.zeros(20), np.full(20, 2.0)] + rng.normal(scale=0.5, size=40)
    >>> res = bai_perron(y, max_breaks=2)
    >>> res.selected_m
    1
    >>> [(b.label, b.ci) for b in res.breaks]
    [(20, (18, 20))]
    """
    mbreaks_path = robust or het_var or not het_data or fixed is not None or seasonal
    # het_q / het_omega are mbreaks' names for het_reg / het_err (the intervals' options).
    het_reg = het_reg if het_q is None else bool(het_q)
    het_err = het_err if het_omega is None else bool(het_omega)
    if is_panel(y) and (mbreaks_path or breaks is not None or select == "kt"):
        raise ValueError(
            "robust, het_var, het_data, fixed, seasonal, breaks and select='kt' apply to one "
            "series; loop over the panel's series"
        )
    if is_panel(y):  # many series: an xarray.Dataset of results over the other dims
        if difference:
            raise ValueError(_PANEL_DIFFERENCE)
        if grid_step is not None:
            raise ValueError("grid_step is for one long series, not for panels")
        return bai_perron_panel(  # type: ignore[return-value]
            y,
            exog,
            trim=trim,
            max_breaks=max_breaks,
            const=const,
            trend=trend,
            select=select,
            level=level,
            het_reg=het_reg,
            het_err=het_err,
        )
    check_select_level(select, level)
    design = build_design(y, exog, const=const, trend=trend, difference=difference)
    if seasonal:
        fixed = with_seasonal_fixed(fixed, design.series)
    n, k = design.n, design.k
    h = trim_to_obs(trim, n, k)
    if seasonal and h <= k + fixed.shape[1]:
        # The iterative partial-change estimate starts from the model in which every
        # coefficient changes, whose regimes must hold all of them.
        raise ValueError(
            f"seasonal=True needs a minimum regime length above the {k} changing and "
            f"{fixed.shape[1]} fixed (seasonal) regressors, at least {k + fixed.shape[1] + 1} "
            f"observations; trim={trim} gives {h}: use trim={k + fixed.shape[1] + 1} or more "
            "(the series must hold two such regimes)"
        )
    M, max_feasible = max_breaks_for(n, h, max_breaks)
    check_design(design, test="Bai-Perron dating")
    step = _check_grid_step(grid_step)
    check_dating_size(n, k, h, M, step=step)
    if step > 1 and (mbreaks_path or breaks is not None):
        raise ValueError(
            "grid_step applies to the homoskedastic dating; it cannot be combined with "
            "robust, het_var, het_data, fixed, seasonal or breaks"
        )
    if breaks is not None:
        if int(breaks) != breaks or breaks < 1:
            raise ValueError(f"breaks must be a whole number >= 1, got {breaks!r}")
        breaks = int(breaks)
        if breaks > max_feasible:
            raise ValueError(
                f"breaks={breaks} is more than the trimming allows: {n} observations with "
                f"minimum regime length {h} hold at most {max_feasible} break(s)"
            )
        if max_breaks is not None and breaks > M:
            raise ValueError(f"breaks={breaks} exceeds max_breaks={M}")
        M = max(M, breaks)
    if mbreaks_path:
        from policyts.models._bp_fit import fit_mbreaks
        from policyts.models._bp_robust import RobustOptions

        opts = RobustOptions(
            robust=bool(robust),
            prewhite=bool(prewhite),
            het_data=bool(het_data),
            het_var=bool(het_var),
            het_q=bool(het_reg),
            het_omega=bool(het_err),
        )
        return fit_mbreaks(
            design,
            fixed,
            dating=dp_breaks,
            trim=trim,
            h=h,
            max_breaks=M,
            opts=opts,
            select=select,
            level=level,
            breaks=breaks,
            intervals_by_m=intervals_by_m,
        )
    yv, X = design.y, design.X
    if step > 1:
        pos_by_m = dp_breaks_grid(yv, X, h, M, step)
    else:
        pos_by_m = dp_breaks(yv, X, h, M)
    rss = [segment_rss_exact(yv, X, [(0, n - 1)])]
    for m in range(1, M + 1):
        rss.append(segment_rss_exact(yv, X, _bounds(pos_by_m[m], n)) if m in pos_by_m else np.nan)
    # An exact fit with breaks (a noise-free step) has RSS 0, not rounding noise: then
    # BIC and LWZ are -inf from the first exact m on and choose it, as strucchange does.
    rss_a = np.asarray(exact_zero(np.asarray(rss, dtype=float), rss_floor(yv)), dtype=float)
    ms = np.arange(M + 1)
    with np.errstate(divide="ignore"):
        loglik = -0.5 * n * (np.log(rss_a) + 1 - np.log(n) + np.log(2 * np.pi))
        pstar = (ms + 1) * k + ms
        lwz = np.log(rss_a / (n - pstar)) + pstar * 0.299 * np.log(n) ** 2.1 / n
    bic = -2 * loglik + (k + 1) * (ms + 1) * np.log(n)
    kt = kt_criterion(yv, X, [pos_by_m.get(m, []) for m in range(M + 1)])
    kt[[m for m in range(1, M + 1) if m not in pos_by_m]] = np.nan

    eps, eps_note = bai_perron_table_eps(h, n)
    alpha = 1 - level
    akey = f"{alpha:.3g}"
    notes: list[str] = [DIFFERENCE_NOTE] if difference else []
    if step > 1:
        notes.append(
            f"breaks searched every {step} periods and refined within {step} of where they "
            "were found (grid_step): the global optimum when the breaks are well separated, "
            "not in general"
        )
    if rss_a[0] > 0 and np.nanmin(rss_a[1:]) == 0:
        notes.append(
            "the model with breaks fits exactly (zero residuals): the scaled F statistics "
            "are infinite and the break dates are exact"
        )
    if not prewhite:
        notes.append("prewhite=False has no effect without robust=True (HAC errors)")
    sup_tests = []
    for m in range(1, M + 1):
        with np.errstate(divide="ignore"):
            scaled = (n - (m + 1) * k) / m * (rss_a[0] - rss_a[m]) / rss_a[m]
        cvs = bai_perron_critical_values("supF", eps, k, str(m))
        sup_tests.append(
            MultipleBreakTest(f"supF({m})", float(scaled), cvs, _reject(scaled, cvs, akey), level)
        )
    seq_tests = []
    regime_stats: dict[tuple[int, int], float] = {}
    for l_ in range(0, M):
        stat = (
            _sequential_stat(yv, X, pos_by_m.get(l_, []), h, regime_stats)
            if (l_ == 0 or l_ in pos_by_m)
            else np.nan
        )
        cvs = bai_perron_critical_values("supF_next", eps, k, str(l_))
        seq_tests.append(
            MultipleBreakTest(
                f"supF({l_ + 1}|{l_})", float(stat), cvs, _reject(stat, cvs, akey), level
            )
        )
    udmax = wdmax = None
    if sup_tests:
        ud = max(t.scaled_f for t in sup_tests)
        cvs = bai_perron_critical_values("Dmax", eps, k, "UDmax")
        udmax = MultipleBreakTest("UDmax", ud, cvs, _reject(ud, cvs, akey), level)
        c1 = bai_perron_critical_values("supF", eps, k, "1").get(akey)
        if c1 is not None:
            weighted = [
                c1 / t.critical_values[akey] * t.scaled_f
                for t in sup_tests
                if akey in t.critical_values
            ]
            wd = max(weighted)
            cvs = bai_perron_critical_values("Dmax", eps, k, "WDmax")
            wdmax = MultipleBreakTest("WDmax", wd, cvs, _reject(wd, cvs, akey), level)
    if eps_note:
        notes.append(eps_note)

    if breaks is not None:
        if breaks not in pos_by_m:
            raise ValueError(f"no admissible partition with breaks={breaks} (h = {h}, n = {n})")
        m_sel = breaks
    elif select == "bic":
        m_sel = int(np.nanargmin(bic))
    elif select == "lwz":
        m_sel = int(np.nanargmin(lwz))
    elif select == "kt":
        m_sel = int(np.nanargmin(kt))
    else:
        if eps is None or k > 10 or akey not in {"0.1", "0.05", "0.025", "0.01"}:
            raise ValueError(
                "sequential selection needs Bai & Perron (2003) critical values: a minimum "
                "regime h/n in 0.05..0.25, at most 10 regressors and level 0.90, "
                f"0.95, 0.975 or 0.99 (got h/n = {h / n:.3f}, k = {k}, level = {level})"
            )
        m_sel = 0
        for t in seq_tests:
            if t.reject:
                m_sel += 1
            else:
                break

    def make_breaks(positions: list[int], with_ci: bool) -> tuple[Break, ...]:
        cis = (
            _bai_ci(yv, X, positions, level, het_reg, het_err)
            if with_ci
            else [None] * len(positions)
        )
        out = []
        for b, ci in zip(positions, cis, strict=True):
            ci_lab = None
            if ci is not None:
                lo, hi = max(ci[0], 0), min(ci[1], n - 1)
                ci = (lo, hi)
                ci_lab = (design.series.label(lo), design.series.label(hi))
            out.append(
                Break(
                    index=b,
                    label=design.series.label(b),
                    end_label=design.series.label(b - 1),
                    ci_index=ci,
                    ci=ci_lab,
                    level=level,
                )
            )
        return tuple(out)

    breaks_by_m: dict[int, tuple[Break, ...]] = {0: ()}
    for m, pos in pos_by_m.items():
        breaks_by_m[m] = make_breaks(pos, with_ci=intervals_by_m)
    selected = make_breaks(pos_by_m[m_sel], with_ci=True) if m_sel else ()
    if m_sel:
        breaks_by_m[m_sel] = selected
    return BaiPerron(
        n_obs=n,
        min_segment=h,
        max_breaks=M,
        k=k,
        names=design.names,
        rss=tuple(float(v) for v in rss_a),
        bic=tuple(float(v) for v in bic),
        lwz=tuple(float(v) for v in lwz),
        breaks_by_m=breaks_by_m,
        selected_m=m_sel,
        selection=select if breaks is None else "given",
        breaks=selected,
        regimes=_regimes(design, pos_by_m.get(m_sel, []), het_reg, het_err),
        sup_f_tests=tuple(sup_tests),
        sequential_tests=tuple(seq_tests),
        udmax=udmax,
        wdmax=wdmax,
        level=level,
        series_name=design.series.name,
        labels=_label_list(design),
        notes=tuple(notes),
        kt=tuple(float(v) for v in kt),
        options={"engine": "homoskedastic", "het_reg": het_reg, "het_err": het_err},
    )


def _label_list(design: Design) -> list[Any]:
    """Every time label as a plain Python scalar (as ``design.series.label(i)``), in one
    conversion for integer and float labels."""
    labels = design.series.labels
    if labels.dtype.kind in "if":
        return list(labels.tolist())
    return [design.series.label(i) for i in range(design.n)]


def _reject(stat: float, cvs: dict[str, float], akey: str) -> bool | None:
    if akey not in cvs or np.isnan(stat):
        return None
    return bool(stat > cvs[akey])


# --------------------------------------------------------------------------------------
# many series: bai_perron_panel (xarray) and bai_perron_array (numpy) on the engine of
# _many; options and outputs in _bp_panel
# --------------------------------------------------------------------------------------


def _bp_group(Yg: np.ndarray, g: Group, ctx: Ctx) -> GroupResult:
    p = ctx.params
    S = Yg.shape[0]
    M = ctx.sizes["break"]
    res: dict[str, np.ndarray] = {}
    for o in bp_outputs():
        shape = (S, *(ctx.sizes[d] for d in o.core))
        res[o.name] = np.full(shape, -1 if o.dtype == "label" else o.fill, dtype=np_dtype(o))
    reason = np.full(S, "", dtype=object)
    # All series at once where the batched kernel settles them; the rest one at a time
    # (all of them if the sample is too short for the trimming: each series says why).
    try:
        h = trim_to_obs(p["trim"], g.n, g.X.shape[1])
    except ValueError:
        h = 0
    batch = bai_perron_batch(
        Yg,
        g.X,
        h=h,
        max_breaks=p["max_breaks"],
        select=p["select"],
        level=p["level"],
        het_reg=p["het_reg"],
        het_err=p["het_err"],
    )
    if batch is not None:
        write_panel_rows(res, batch, g.start)
    for r in range(S) if batch is None else np.flatnonzero(batch.redo):
        row = Yg[r]
        try:
            bp = bai_perron(
                row,
                g.exog,
                trim=p["trim"],
                max_breaks=p["max_breaks"],
                const=ctx.const,
                trend=ctx.trend,
                select=p["select"],
                level=p["level"],
                het_reg=p["het_reg"],
                het_err=p["het_err"],
            )
        except ValueError as err:
            reason[r] = str(err)
            continue
        m_all = len(bp.rss)
        res["selected_m"][r] = bp.selected_m
        for j, b in enumerate(bp.breaks[:M]):
            res["break_index"][r, j] = b.index + g.start
            res["break_label"][r, j] = b.index + g.start
            res["break_end_label"][r, j] = b.index + g.start - 1
            if b.ci_index is not None:
                for nm in ("ci_lower_index", "ci_lower_label"):
                    res[nm][r, j] = b.ci_index[0] + g.start
                for nm in ("ci_upper_index", "ci_upper_label"):
                    res[nm][r, j] = b.ci_index[1] + g.start
        res["rss"][r, :m_all] = bp.rss
        res["bic"][r, :m_all] = bp.bic
        res["lwz"][r, :m_all] = bp.lwz
        for t_i, t in enumerate(bp.sup_f_tests):
            res["sup_f_m"][r, t_i + 1] = t.scaled_f
        for t_i, t in enumerate(bp.sequential_tests):
            res["sup_f_next"][r, t_i] = t.scaled_f
        if bp.udmax is not None:
            res["udmax"][r] = bp.udmax.scaled_f
        if bp.wdmax is not None:
            res["wdmax"][r] = bp.wdmax.scaled_f
    res["reason"] = reason
    return res


def bai_perron_panel(
    y: Any,
    exog: Any = None,
    *,
    dim: str | None = None,
    trim: float | int = 0.15,
    max_breaks: int | None = None,
    const: bool = True,
    trend: bool = False,
    select: str = "bic",
    level: float = 0.95,
    het_reg: bool = True,
    het_err: bool = True,
    span: str = "common",
) -> xr.Dataset:
    """Bai-Perron multiple-break dating for every series in ``y``.

    Dates all series of one sample and design at once (``models/_bp_batched.py``: shared
    segment fits, the dynamic programme and the tests vectorised over series, inside the
    ufunc, so a dask-backed input is spread over the workers), with the same results as
    :func:`policyts.models.bai_perron` on each series (tested to 1e-10 relative); series
    whose numbers the batched arithmetic cannot settle exactly (near-ties, exact fits) run
    through :func:`~policyts.models.bai_perron` itself.

    Parameters
    ----------
    y, exog, dim, span
        As in :func:`sup_f_panel`.
    trim, max_breaks, const, trend, select, level, het_reg, het_err
        As in :func:`policyts.models.bai_perron`.

    Returns
    -------
    xarray.Dataset
        ``selected_m`` (-1 if not computed); over a ``break`` dimension (1..M):
        ``break_index``, ``break_label``, ``break_end_label``, ``ci_lower_index``,
        ``ci_upper_index``, ``ci_lower_label``, ``ci_upper_label`` of the selected breaks,
        padded with -1 / NaN beyond ``selected_m``; over an ``m`` dimension (0..M): ``rss``,
        ``bic``, ``lwz``, ``sup_f_m`` (sup F(m), NaN at 0) and ``sup_f_next``
        (sup F(m+1 | m)); ``udmax``, ``wdmax``; ``n_obs``, ``sample_start``,
        ``sample_end``, ``reason``.

    Notes
    -----
    Identical to :func:`policyts.models.bai_perron` on each series (it is called).

    References
    ----------
    Bai, J. and Perron, P. (1998). Econometrica 66(1), 47-78.
    Bai, J. and Perron, P. (2003). Journal of Applied Econometrics 18(1), 1-22.
    Bai, J. (1997). Review of Economics and Statistics 79(4), 551-563.

    Examples
    --------
    >>> import numpy as np
    >>> import xarray as xr
    >>> rng = np.random.default_rng(0)
    >>> shift = np.r_[np.zeros(15), np.ones(15)] * np.array([[2.0], [3.0], [1.5]])
    >>> y = xr.DataArray(
    ...     shift + rng.normal(scale=0.5, size=(3, 30)),
    ...     dims=("unit", "year"),
    ...     coords={"unit": ["a", "b", "c"], "year": np.arange(1991, 2021)},
    ... )
    >>> from policyts.models import bai_perron_panel
    >>> res = bai_perron_panel(y, max_breaks=1)
    >>> res["selected_m"].values.tolist(), res["break_label"].values.ravel().tolist()
    ([1, 1, 1], [2006.0, 2006.0, 2005.0])
    """
    prep = prepare(y, exog, dim, const, trend, span, "bai_perron_panel")
    k = int(const) + int(trend) + len(prep.exog_names)
    M, attrs = bp_setup(prep.series.n, k, trim, max_breaks, select, level, span)
    ctx = make_ctx(
        prep.series.n,
        const,
        trend,
        span,
        prep.exog_names,
        prep.labels,
        sizes={"break": M, "m": M + 1},
        trim=trim,
        max_breaks=max_breaks,
        select=select,
        level=level,
        het_reg=het_reg,
        het_err=het_err,
    )
    return run(prep, ctx, _bp_group, bp_outputs(), attrs)


def bai_perron_array(
    y: Any,
    exog: Any = None,
    *,
    trim: float | int = 0.15,
    max_breaks: int | None = None,
    const: bool = True,
    trend: bool = False,
    select: str = "bic",
    level: float = 0.95,
    het_reg: bool = True,
    het_err: bool = True,
    span: str = "common",
    labels: Any = None,
) -> dict[str, np.ndarray]:
    """The numpy kernel of :func:`bai_perron_panel` (see :func:`sup_f_array`)."""
    Y, E, lab, names = array_input(y, exog, labels, span)
    n = Y.shape[-1]
    ctx0 = make_ctx(n, const, trend, span, names, lab)
    check_shared_common(E, ctx0)
    M, _ = bp_setup(n, ctx0.k, trim, max_breaks, select, level, span)
    ctx = make_ctx(
        n,
        const,
        trend,
        span,
        names,
        lab,
        sizes={"break": M, "m": M + 1},
        trim=trim,
        max_breaks=max_breaks,
        select=select,
        level=level,
        het_reg=het_reg,
        het_err=het_err,
    )
    return run_array(Y, E, ctx, _bp_group, bp_outputs())
