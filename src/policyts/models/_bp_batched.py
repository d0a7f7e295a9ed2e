"""Bai-Perron dating of many series at once: the numpy kernel behind the panel functions.

Series that share their sample and regressors ``X`` (n, k) are dated together over a
leading series axis ``S``: the segment-RSS triangles of all series come from prefix sums
(the inverse of every segment's ``X'X`` is computed once and shared by all series), the
dynamic programme runs over all series at once, and the exact RSS, information criteria,
sup F(m), sup F(l+1 | l), UDmax, WDmax, the selection and the Bai (1997) intervals of the
selected breaks are batched likewise.

The result is the one :func:`policyts.models.bai_perron` gives for each series.  Where the
batched arithmetic cannot promise that -- a decision of the dynamic programme within a
rounding margin of its tie tolerance, an RSS near the exact-fit floor, an interval bound
within a rounding margin of an integer -- the row is marked ``redo`` and the caller runs
:func:`policyts.models.bai_perron` on it (so degenerate and tied series get exactly the
per-series answer, or its reason for not computing).  With the intercept as the only
regressor the triangle and the programme are the per-series operations over a leading
axis (bitwise the same numbers); with other regressors they differ by rounding only.

Conventions are those of :mod:`policyts.models._kernels`: 0-based positions, a break at
``b`` is the first observation of the new regime.

Checked against the per-series path (``tests/test_bp_batched.py``: simulated panels with
mean shifts, trends, an exogenous regressor, ties, exact fits and degenerate series):
breaks, intervals, selections and reasons equal, RSS and statistics to 1e-10 relative.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import log_ndtr

from policyts.models._degenerate import exact_zero, fit_tolerance
from policyts.models._kernels import PrefixSums, first_min, spans_constant
from policyts.models._tables import bai_perron_critical_values, bai_perron_table_eps

__all__ = ["BatchDating", "bai_perron_batch", "pargmaxv_array"]

_EPS = float(np.finfo(np.float64).eps)
#: Largest sample dated with the full (S, n, n) triangle; longer ones go series by series.
BATCH_MAX_N = 400
# Rows per block of the triangle: S_block * n^2 doubles stay near 16 MB.
_BLOCK_BYTES = 16e6
# A decision of the dynamic programme is trusted when no candidate lies within this
# fraction of the total sum of squares of the tie threshold (rounding of the prefix sums
# is ~1e-13 of it with the regressors scaled, ~1e-11 for short segments late in a trend).
_DP_MARGIN = 1e-8
# An RSS below this fraction of sum(y^2) is near the exact-fit floor (rss_floor) or too
# close to rounding to be reproduced to 1e-10: such rows are dated one at a time.
_SMALL_RSS = 1e-10
# Scaled F statistics below this are differences of nearly equal RSS, known to few digits.
_SMALL_STAT = 1e-4


@dataclass(frozen=True)
class BatchDating:
    """Per-series results of :func:`bai_perron_batch` (rows = series).

    Positions are 0-based within the sample; -1 / NaN pad beyond what a row has.
    ``redo`` marks rows the batched arithmetic does not settle (see the module notes).
    """

    M: int
    selected_m: np.ndarray  # (S,)
    breaks: np.ndarray  # (S, M) selected breaks
    ci_lower: np.ndarray  # (S, M)
    ci_upper: np.ndarray  # (S, M)
    rss: np.ndarray  # (S, M + 1)
    bic: np.ndarray
    lwz: np.ndarray
    sup_f_m: np.ndarray  # (S, M + 1), NaN at m = 0
    sup_f_next: np.ndarray  # (S, M + 1), NaN at m = M
    udmax: np.ndarray  # (S,)
    wdmax: np.ndarray  # (S,)
    redo: np.ndarray  # (S,) bool


def _pymax(cols: np.ndarray) -> np.ndarray:
    """Python's ``max`` over the last axis (a NaN first entry stays; later NaNs are skipped)."""
    cur = cols[..., 0].copy()
    for i in range(1, cols.shape[-1]):
        c = cols[..., i]
        cur = np.where(c > cur, c, cur)
    return cur


def _reject(stat: np.ndarray, cvs: dict[str, float], akey: str) -> np.ndarray:
    """1 reject, 0 do not reject, -1 not available (as ``bai_perron._reject``)."""
    if akey not in cvs:
        return np.full(stat.shape, -1, dtype=np.int8)
    out = np.where(stat > cvs[akey], 1, 0).astype(np.int8)
    out[np.isnan(stat)] = -1
    return out


# ---------------------------------------------------------------------------------------
# segment RSS triangle and dynamic programme


class _Segments:
    """Shared-regressor segment algebra: ``R[s, i, j]`` = RSS of ``[i, j]`` for series s."""

    def __init__(self, Y: np.ndarray, X: np.ndarray, h: int) -> None:
        self.ps = PrefixSums(Y, X)
        ps = self.ps
        n, k = X.shape
        self.n, self.k, self.h, self.X = n, k, h, X
        xscale = np.sqrt(np.mean(X**2, axis=0))
        self.Xs = X / np.where(xscale > 0, xscale, 1.0)
        ii, jj = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
        self.valid = jj - ii + 1 >= h
        # (X'X)^-1 of every admissible segment [i, j] on the scaled regressors of the
        # prefix sums, shared by all series (zero for the others).
        sxx = ps.Sxx[1:][None, :, :, :] - ps.Sxx[:-1][:, None, :, :]
        inv = np.zeros_like(sxx)
        vi, vj = np.nonzero(self.valid)
        inv[vi, vj] = np.linalg.inv(sxx[vi, vj])
        self.inv = inv
        self.vi, self.vj, self.flat = vi, vj, vi * n + vj
        self.inv_v = inv[vi, vj]

    def resid_rss(
        self, Cu: np.ndarray, Cxu: np.ndarray, rows: np.ndarray, lo: np.ndarray, hi: np.ndarray
    ) -> np.ndarray:
        """RSS of segments ``[lo, hi)`` (admissible) from prefix sums of residuals ``u``
        (``Cu`` of u^2, ``Cxu`` of u x_scaled), per row."""
        su = Cu[rows, hi] - Cu[rows, lo]
        sxu = Cxu[rows, hi] - Cxu[rows, lo]
        inv = self.inv[lo, hi - 1]
        fit = np.zeros_like(su)
        for a in range(self.k):
            fit += inv[..., a, a] * sxu[..., a] ** 2
            for b in range(a + 1, self.k):
                fit += 2.0 * inv[..., a, b] * sxu[..., a] * sxu[..., b]
        return np.maximum(su - fit, 0.0)

    def triangle(self, rows: slice) -> np.ndarray:
        """(S_block, n, n) RSS in the units of the scaled sums (``rss_scale`` times smaller
        than the data's); ``inf`` where the segment is shorter than h.

        Computed on the admissible pairs only (the upper band), with the arithmetic of
        :meth:`PrefixSums.rss_grid` for an intercept alone (the same values to the bit).
        """
        ps = self.ps
        vi, vj = self.vi, self.vj
        ve = vj + 1
        Syy = ps.Syy[rows]
        Sxy = ps.Sxy[rows]
        S = Syy.shape[0]
        r = Syy[:, ve] - Syy[:, vi]
        if ps.mean_only:
            cnt = ps.Sxx[ve, 0, 0] - ps.Sxx[vi, 0, 0]
            sy = Sxy[:, ve, 0] - Sxy[:, vi, 0]
            np.square(sy, out=sy)
            np.divide(sy, cnt, out=sy)
            np.subtract(r, sy, out=r)
        else:
            sxy = [Sxy[:, ve, a] - Sxy[:, vi, a] for a in range(self.k)]
            for a in range(self.k):
                r -= self.inv_v[:, a, a] * sxy[a] ** 2
                for b in range(a + 1, self.k):
                    r -= 2.0 * self.inv_v[:, a, b] * sxy[a] * sxy[b]
        np.maximum(r, 0.0, out=r)
        R = np.full((S, self.n * self.n), np.inf)
        R[:, self.flat] = r
        return R.reshape(S, self.n, self.n)


def _dp(
    R: np.ndarray, tol: np.ndarray, M: int, margin: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """The programme of ``bai_perron.dp_breaks`` over a leading series axis.

    Returns break positions (S, M + 1, M) (row m holds the m breaks, -1 padded) and a flag
    per series: a decision on a backtracked path lay within ``margin`` of its tie
    threshold (only checked when ``margin`` is given).
    """
    S, n, _ = R.shape
    h = int(np.argmax(np.isfinite(R[0, 0])) + 1)
    V = np.full((S, M + 1, n), np.inf)
    A = np.full((S, M + 1, n), -1, dtype=np.int64)
    V[:, 0] = R[:, 0]
    tol3 = tol[:, None, None]
    for s in range(1, M + 1):
        # Only breaks i >= s h (s regimes before) and ends j >= (s + 1) h - 1 have finite
        # candidates; outside this window every candidate is inf, as in the full table.
        i0, j0 = s * h, (s + 1) * h - 1
        if j0 > n - 1:
            break
        cand = V[:, s - 1, i0 - 1 : n - h, None] + R[:, i0 : n - h + 1, j0:]
        t = first_min(cand, tol3, axis=1)
        V[:, s, j0:] = np.take_along_axis(cand, t[:, None, :], axis=1)[:, 0]
        A[:, s, j0:] = np.where(np.isfinite(V[:, s, j0:]), t + i0, -1)
    pos = np.full((S, M + 1, M), -1, dtype=np.int64)
    flag = np.zeros(S, dtype=bool)
    rows = np.arange(S)
    for m in range(1, M + 1):
        ok = np.isfinite(V[:, m, n - 1])
        j = np.full(S, n - 1)
        for s in range(m, 0, -1):
            if margin is not None:
                # Both paths pick the argmin when no other candidate is near it; else the
                # first within tol, which rounding cannot change if every candidate is
                # farther than the margin from the threshold.
                cand = V[:, s - 1, :-1] + R[rows, 1:, j]
                d = cand - np.min(cand, axis=1, keepdims=True)
                inside = d <= (tol + margin)[:, None]
                edge = inside & (d > (tol - margin)[:, None])
                flag |= ok & (inside.sum(axis=1) > 1) & edge.any(axis=1)
            b = A[rows, s, j]
            pos[:, m, s - 1] = np.where(ok, b, -1)
            j = np.where(ok & (b > 0), b - 1, 0)
    return pos, flag


# ---------------------------------------------------------------------------------------
# exact fits of given partitions


def _segment_fits(
    Yc: np.ndarray, X: np.ndarray, Cxx: np.ndarray, Cxy: np.ndarray, bounds: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Coefficients (S, r, k), per-segment RSS (S, r) and residuals (S, n) of partitions.

    ``bounds`` (S, r + 1) holds segment edges (0, b_1, ..., n). Coefficients solve each
    segment's normal equations from prefix sums; residuals are computed directly from
    the data, so the RSS is accurate wherever it is well above rounding.
    """
    S, n = Yc.shape
    r = bounds.shape[1] - 1
    lo, hi = bounds[:, :-1], bounds[:, 1:]
    sxx = Cxx[hi] - Cxx[lo]  # (S, r, k, k)
    rows = np.arange(S)[:, None]
    sxy = Cxy[rows, hi] - Cxy[rows, lo]  # (S, r, k)
    beta = np.linalg.solve(sxx, sxy[..., None])[..., 0]
    seg = np.zeros((S, n), dtype=np.int64)
    t = np.arange(n)
    for i in range(1, r):
        seg += t[None, :] >= bounds[:, i : i + 1]
    b_t = np.take_along_axis(beta, seg[..., None], axis=1)  # (S, n, k)
    resid = Yc - np.einsum("tk,stk->st", X, b_t)
    sq = resid**2
    csq = np.concatenate([np.zeros((S, 1)), np.cumsum(sq, axis=1)], axis=1)
    seg_rss = np.take_along_axis(csq, hi, axis=1) - np.take_along_axis(csq, lo, axis=1)
    return beta, seg_rss, resid


# ---------------------------------------------------------------------------------------
# Bai (1997) intervals


def _pargmaxv_neg(v: np.ndarray, xi: np.ndarray, ph: np.ndarray) -> np.ndarray:
    """``pargmaxv(-v)`` for ``v > 0``, with ``ph = xi (phi2 / phi1)^2``."""
    a = xi / ph
    return (
        -np.exp(np.log(v) / 2 - v / 8 - np.log(2 * np.pi) / 2)
        - (ph / xi * (ph + 2 * xi) / (ph + xi))
        * np.exp(a * (1 + a) * v / 2 + log_ndtr(-(0.5 + a) * np.sqrt(v)))
        + np.exp(
            np.log(v / 2 - 2 + (ph + 2 * xi) ** 2 / ((ph + xi) * xi)) + log_ndtr(-np.sqrt(v) / 2)
        )
    )


def _pargmaxv_zero(xi: np.ndarray, ph: np.ndarray) -> np.ndarray:
    return (
        1
        + (xi / ph * (2 * ph + xi) / (ph + xi)) * 0.5
        - ((2 * ph + xi) ** 2 / ((ph + xi) * ph) - 2) * 0.5
    )


def _pargmaxv_pos(v: np.ndarray, xi: np.ndarray, ph: np.ndarray) -> np.ndarray:
    """``pargmaxv(v)`` for ``v > 0``."""
    a = xi**2 / ph
    return (
        1
        + np.sqrt(a) * np.exp(np.log(v) / 2 - a * v / 8 - np.log(2 * np.pi) / 2)
        + (xi / ph * (2 * ph + xi) / (ph + xi))
        * np.exp((ph + xi) * v / 2 + log_ndtr(-(ph + xi / 2) / np.sqrt(ph) * np.sqrt(v)))
        - np.exp(
            np.log((2 * ph + xi) ** 2 / ((ph + xi) * ph) - 2 + a * v / 2)
            + log_ndtr(-np.sqrt(a) * np.sqrt(v) / 2)
        )
    )


def pargmaxv_array(x: np.ndarray, xi: np.ndarray, phi1: np.ndarray, phi2: np.ndarray) -> np.ndarray:
    """:func:`policyts.models.bai_perron.pargmaxv` elementwise over arrays (the same
    formulas, Bai 1997 Appendix B)."""
    x, xi, phi1, phi2 = np.broadcast_arrays(
        *(np.asarray(a, dtype=np.float64) for a in (x, xi, phi1, phi2))
    )
    phi = xi * (phi2 / phi1) ** 2
    out = np.full(x.shape, np.nan)  # NaN x: none of the three cases (as pargmaxv: NaN)
    neg, zero, pos = x < 0, x == 0, x > 0
    with np.errstate(all="ignore"):
        out[neg] = _pargmaxv_neg(-x[neg], xi[neg], phi[neg])
        out[zero] = _pargmaxv_zero(xi[zero], phi[zero])
        out[pos] = _pargmaxv_pos(x[pos], xi[pos], phi[pos])
    return out


# Bisection steps: brackets are multiples of 1000 wide, so 50 halvings leave < 1e-12 of
# them, well inside the 1e-8 slack allowed for brentq's xtol of 1e-10 in the other path.
_BISECT = 50


def _intervals(
    s0: np.ndarray,
    b: np.ndarray,
    e1: np.ndarray,
    delta: np.ndarray,
    rss_left: np.ndarray,
    rss_right: np.ndarray,
    sigma_pool: np.ndarray,
    floor: np.ndarray,
    Cxx: np.ndarray,
    n: int,
    level: float,
    het_reg: bool,
    het_err: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bai (1997) intervals, as ``bai_perron._bai_ci``, for breaks ``b`` between regimes
    ``[s0, b)`` and ``[b, e1)`` (flat arrays over breaks of all series).

    Returns the interval for the old regime's last observation (0-based, clipped to the
    sample; -1 where not computable) and a flag where the batched answer may differ from
    the per-series one: exact fits, probabilities at the acceptance limits, and bounds
    within a rounding margin of an integer (where ceil/floor could go either way).
    """
    N = b.size
    a2 = (1 - level) / 2
    if het_reg:
        Q1 = (Cxx[b] - Cxx[s0]) / (b - s0)[:, None, None]
        Q2 = (Cxx[e1] - Cxx[b]) / (e1 - b)[:, None, None]
    else:
        Q1 = Q2 = np.broadcast_to(Cxx[n] / n, (N, *Cxx.shape[1:]))
    if het_err:
        s1 = exact_zero(rss_left, floor) / (b - s0)
        s2 = exact_zero(rss_right, floor) / (e1 - b)
    else:
        s1 = s2 = sigma_pool
    s1, s2 = np.asarray(s1, dtype=float), np.asarray(s2, dtype=float)
    q1 = np.einsum("sa,sab,sb->s", delta, Q1, delta)
    q2 = np.einsum("sa,sab,sb->s", delta, Q2, delta)
    ok = (s1 > 0) & (s2 > 0) & (q1 > 0) & (q2 > 0)
    flag = ~ok
    with np.errstate(all="ignore"):
        xi = np.where(ok, q2 / q1, 1.0)
        phi1 = np.where(ok, np.sqrt(s1 * q1 / q1), 1.0)
        phi2 = np.where(ok, np.sqrt(s2 * q2 / q2), 1.0)
        ph = xi * (phi2 / phi1) ** 2
        p0 = _pargmaxv_zero(xi, ph)
    inside = ok & np.isfinite(p0) & (p0 >= a2) & (p0 <= 1 - a2)
    flag |= ok & ((np.abs(p0 - a2) < 1e-9) | (np.abs(p0 - (1 - a2)) < 1e-9))
    idx = np.flatnonzero(inside)
    xi_, ph_ = xi[idx], ph[idx]
    upper = np.zeros(N)
    lower = np.zeros(N)
    with np.errstate(all="ignore"):
        # Brackets as the per-series path finds them: steps of 1000 from 0.
        ub = np.full(idx.size, 1000.0)
        grow = _pargmaxv_pos(ub, xi_, ph_) < 1 - a2
        while grow.any():
            ub = np.where(grow, ub + 1000.0, ub)
            grow &= _pargmaxv_pos(ub, xi_, ph_) < 1 - a2
        lb = np.full(idx.size, 1000.0)  # as -x
        grow = _pargmaxv_neg(lb, xi_, ph_) > a2
        while grow.any():
            lb = np.where(grow, lb + 1000.0, lb)
            grow &= _pargmaxv_neg(lb, xi_, ph_) > a2
        lo_b, hi_b = np.zeros(idx.size), ub
        for _ in range(_BISECT):
            mid = 0.5 * (lo_b + hi_b)
            below = _pargmaxv_pos(mid, xi_, ph_) < 1 - a2
            lo_b = np.where(below, mid, lo_b)
            hi_b = np.where(below, hi_b, mid)
        upper[idx] = 0.5 * (lo_b + hi_b)
        lo_b, hi_b = np.zeros(idx.size), lb  # in -x: the cdf falls as -x grows
        for _ in range(_BISECT):
            mid = 0.5 * (lo_b + hi_b)
            above = _pargmaxv_neg(mid, xi_, ph_) > a2
            lo_b = np.where(above, mid, lo_b)
            hi_b = np.where(above, hi_b, mid)
        lower[idx] = -0.5 * (lo_b + hi_b)
        scale = np.where(inside, phi1**2 / q1, 0.0)
    up_s, low_s = upper * scale, lower * scale
    # brentq (xtol 1e-10) in the per-series path: its root may differ by ~1e-10.
    near = (np.abs(up_s - np.round(up_s)) <= (1e-8 + 1e-12 * upper) * scale) | (
        np.abs(low_s - np.round(low_s)) <= (1e-8 - 1e-12 * lower) * scale
    )
    flag |= inside & near
    lo_pos = b - np.ceil(up_s).astype(np.int64) - 1
    hi_pos = b - np.floor(low_s).astype(np.int64) - 1
    lo_out = np.where(inside, np.maximum(lo_pos, 0), -1)
    hi_out = np.where(inside, np.minimum(hi_pos, n - 1), -1)
    return lo_out, hi_out, flag


# ---------------------------------------------------------------------------------------
# the whole dating


def bai_perron_batch(
    Y: np.ndarray,
    X: np.ndarray,
    *,
    h: int,
    max_breaks: int | None,
    select: str,
    level: float,
    het_reg: bool,
    het_err: bool,
) -> BatchDating | None:
    """Bai-Perron dating of every row of ``Y`` (S, n) on the shared regressors ``X`` (n, k)
    with minimum regime length ``h`` (observations, as ``fstats.trim_to_obs`` gives it).

    The numbers of :func:`policyts.models.bai_perron` (homoskedastic path) for each row:
    selected breaks with intervals, RSS, BIC, LWZ, sup F(m), sup F(l+1 | l), UDmax,
    WDmax.  Returns None when the sample as a whole is outside the batched path (too long,
    or a trimming / number of breaks that :func:`bai_perron` refuses: the caller then runs
    it series by series and reports its reasons).  Rows must be finite and not degenerate
    (:func:`policyts.models._degenerate.series_reasons`).
    """
    Y = np.asarray(Y, dtype=np.float64)
    X = np.asarray(X, dtype=np.float64)
    S, n = Y.shape
    k = X.shape[1]
    if n > BATCH_MAX_N or k == 0 or h <= k:
        return None
    max_feasible = n // h - 1
    if max_feasible < 1:
        return None
    M = min(5, max_feasible) if max_breaks is None else int(max_breaks)
    if M < 1 or M > max_feasible:
        return None
    eps, _ = bai_perron_table_eps(h, n)
    alpha = 1 - level
    akey = f"{alpha:.3g}"
    if select == "sequential" and (
        eps is None or k > 10 or akey not in {"0.1", "0.05", "0.025", "0.01"}
    ):
        return None

    seg = _Segments(Y, X, h)
    ps = seg.ps
    if not ps.mean_only and not np.all(np.isfinite(seg.inv)):
        return None
    # The programme runs in the units of the scaled sums, as dp_breaks does.
    tol = np.full(S, ps.noise_scaled)
    margin = None if ps.mean_only else np.full(S, _DP_MARGIN * n)
    redo = np.zeros(S, dtype=bool)

    # Centred data for the exact fits (every segment's RSS is unchanged when X spans a
    # constant, as in the prefix sums); raw prefix sums of X for coefficients and moments.
    ycentre = Y.mean(axis=1, keepdims=True) if spans_constant(X) else np.zeros((S, 1))
    Yc = Y - ycentre
    Cxx = np.concatenate([np.zeros((1, k, k)), np.cumsum(X[:, :, None] * X[:, None, :], axis=0)])
    Cxy = np.concatenate([np.zeros((S, 1, k)), np.cumsum(Yc[:, :, None] * X[None], axis=1)], 1)
    yy = np.einsum("st,st->s", Y, Y)
    floor = fit_tolerance(n) ** 2 * yy
    small = _SMALL_RSS * yy

    rss = np.full((S, M + 1), np.nan)
    seq = np.full((S, M + 1), np.nan)
    pos_all = np.full((S, M + 1, M), -1, dtype=np.int64)
    block = max(1, int(_BLOCK_BYTES // (8 * n * n)))
    for b0 in range(0, S, block):
        rows = slice(b0, min(S, b0 + block))
        R = seg.triangle(rows)
        pos, flag = _dp(R, tol[rows], M, None if margin is None else margin[rows])
        redo[rows] |= flag
        pos_all[rows] = pos
    # Exact RSS of every partition, m = 0..M.
    fits = []
    for m in range(M + 1):
        bounds = np.concatenate(
            [np.zeros((S, 1), np.int64), pos_all[:, m, :m], np.full((S, 1), n)], axis=1
        )
        fits.append(_segment_fits(Yc, X, Cxx, Cxy, bounds))
        rss[:, m] = fits[m][1].sum(axis=1)
    seq[:, :M] = _sequential(seg, pos_all, Y, fits, redo)
    redo |= (rss <= small[:, None]).any(axis=1)
    rss_a = np.asarray(exact_zero(rss, floor[:, None]), dtype=float)

    ms = np.arange(M + 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        loglik = -0.5 * n * (np.log(rss_a) + 1 - np.log(n) + np.log(2 * np.pi))
        pstar = (ms + 1) * k + ms
        lwz = np.log(rss_a / (n - pstar)) + pstar * 0.299 * np.log(n) ** 2.1 / n
        bic = -2 * loglik + (k + 1) * (ms + 1) * np.log(n)
        sup_f = np.full((S, M + 1), np.nan)
        for m in range(1, M + 1):
            sup_f[:, m] = (n - (m + 1) * k) / m * (rss_a[:, 0] - rss_a[:, m]) / rss_a[:, m]
    redo |= (sup_f[:, 1:] < _SMALL_STAT).any(axis=1)
    udmax = _pymax(sup_f[:, 1:])
    wdmax = np.full(S, np.nan)
    c1 = bai_perron_critical_values("supF", eps, k, "1").get(akey)
    if c1 is not None:
        w = [
            c1 / cv[akey] * sup_f[:, m]
            for m in range(1, M + 1)
            if akey in (cv := bai_perron_critical_values("supF", eps, k, str(m)))
        ]
        wdmax = _pymax(np.stack(w, axis=1))

    if select == "bic":
        m_sel = np.argmin(np.where(np.isnan(bic), np.inf, bic), axis=1)
    elif select == "lwz":
        m_sel = np.argmin(np.where(np.isnan(lwz), np.inf, lwz), axis=1)
    else:
        m_sel = np.zeros(S, dtype=np.int64)
        going = np.ones(S, dtype=bool)
        for l_ in range(M):
            rej = _reject(
                seq[:, l_], bai_perron_critical_values("supF_next", eps, k, str(l_)), akey
            )
            going &= rej == 1
            m_sel += going
    if select in ("bic", "lwz"):
        crit = bic if select == "bic" else lwz
        redo |= np.isnan(crit).all(axis=1)

    breaks = np.full((S, M), -1, dtype=np.int64)
    ci_lo = np.full((S, M), -1, dtype=np.int64)
    ci_hi = np.full((S, M), -1, dtype=np.int64)
    # The selected breaks of all rows as one flat list: (row, break number i, of m).
    items = [
        (r, i, m)
        for m in range(1, M + 1)
        for r in np.flatnonzero((m_sel == m) & ~redo)
        for i in range(1, m + 1)
    ]
    if items:
        it = np.asarray(items, dtype=np.int64)
        ir, ib, im = it[:, 0], it[:, 1], it[:, 2]
        edges = np.concatenate(
            [np.zeros((S, M + 1, 1), np.int64), pos_all, np.full((S, M + 1, 1), n)], axis=2
        )
        # pos_all[r, m] holds m breaks then -1: the edge after break i is i + 1 unless i = m.
        s0 = edges[ir, im, ib - 1]
        bb = edges[ir, im, ib]
        e1 = np.where(ib == im, n, edges[ir, im, np.minimum(ib + 1, M)])
        delta = np.empty((ir.size, k))
        rl = np.empty(ir.size)
        rr = np.empty(ir.size)
        for mm in range(1, M + 1):
            sel_m = im == mm
            if sel_m.any():
                bet, srss, _ = fits[mm]
                r_, b_ = ir[sel_m], ib[sel_m]
                delta[sel_m] = bet[r_, b_] - bet[r_, b_ - 1]
                rl[sel_m] = srss[r_, b_ - 1]
                rr[sel_m] = srss[r_, b_]
        sigma_pool = exact_zero(rss[ir, im], floor[ir]) / n
        lo, hi, flag = _intervals(
            s0, bb, e1, delta, rl, rr, sigma_pool, floor[ir], Cxx, n, level, het_reg, het_err
        )
        breaks[ir, ib - 1] = bb
        ci_lo[ir, ib - 1], ci_hi[ir, ib - 1] = lo, hi
        np.logical_or.at(redo, ir, flag)
    return BatchDating(
        M=M,
        selected_m=m_sel.astype(np.int64),
        breaks=breaks,
        ci_lower=ci_lo,
        ci_upper=ci_hi,
        rss=rss_a,
        bic=bic,
        lwz=lwz,
        sup_f_m=sup_f,
        sup_f_next=seq,
        udmax=udmax,
        wdmax=wdmax,
        redo=redo,
    )


def _sequential(
    seg: _Segments,
    pos: np.ndarray,
    Y: np.ndarray,
    fits: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
    redo: np.ndarray,
) -> np.ndarray:
    """sup F(l+1 | l) for l = 0..M-1 (as ``bai_perron._sequential_stat``), (S, M).

    Within each regime ``[s, e]`` of the l-break partition with at least 2h observations:
    the largest ``(rss0 - rss1) / (rss1 / (n_i - 2k))`` over splits leaving h on each side,
    ``rss0`` the regime's RSS.  The split RSS ``rss1`` comes from prefix sums of the
    l-break fit's residuals rather than of ``y``: a sub-segment's RSS is the same for
    both (the regime's fit lies in the span of its regressors) and the residuals are
    small, so the differences of their prefix sums lose little to cancellation.  Rows
    whose regime or split RSS come near the per-series exact-fit floors are marked in
    ``redo``.
    """
    S, n = Y.shape
    M = pos.shape[2]
    h, k, Xs = seg.h, seg.k, seg.Xs
    out = np.zeros((S, M))
    Cyy = np.concatenate([np.zeros((S, 1)), np.cumsum(Y**2, axis=1)], axis=1)
    for l_ in range(M):
        bounds = np.concatenate(
            [np.zeros((S, 1), np.int64), pos[:, l_, :l_], np.full((S, 1), n)], axis=1
        )
        _, seg_rss, resid = fits[l_]
        ni_all = np.diff(bounds, axis=1)
        long = np.flatnonzero((ni_all >= 2 * h).any(axis=1))
        if long.size == 0:
            continue
        Cu = np.concatenate([np.zeros((long.size, 1)), np.cumsum(resid[long] ** 2, axis=1)], 1)
        Cxu = np.concatenate(
            [np.zeros((long.size, 1, k)), np.cumsum(resid[long][:, :, None] * Xs[None], 1)], 1
        )
        best = np.full(S, -np.inf)
        for r in range(l_ + 1):
            w = np.flatnonzero(ni_all[long, r] >= 2 * h)  # rows of `long` with a long regime
            if w.size == 0:
                continue
            rows = long[w]
            s, e1 = bounds[rows, r], bounds[rows, r + 1]
            ni = e1 - s
            rss0 = seg_rss[rows, r]
            # The new regime starts at s + p, p = h..ni-h.
            p = np.arange(h, int(ni.max()) - h + 1)
            valid = p[None, :] <= (ni - h)[:, None]
            b = np.where(valid, s[:, None] + p[None, :], (s + h)[:, None])
            wi = w[:, None]
            rss1 = seg.resid_rss(Cu, Cxu, wi, s[:, None], b) + seg.resid_rss(
                Cu, Cxu, wi, b, e1[:, None]
            )
            rss1 = np.where(valid, rss1, np.inf)
            df = (ni - 2 * k).astype(float)
            with np.errstate(divide="ignore", invalid="ignore"):
                stat = np.max(
                    np.where(valid, (rss0[:, None] - rss1) / (rss1 / df[:, None]), -np.inf),
                    axis=1,
                )
            # Near the exact-fit floors of the per-series path (relative to the regime's
            # sum of squares, about 1e-10 of it at most): per series.
            yy_reg = Cyy[rows, e1] - Cyy[rows, s]
            redo[rows] |= (rss0 <= _SMALL_RSS * yy_reg) | (rss1.min(axis=1) <= 1e-8 * yy_reg)
            # A statistic near 0 is a difference of nearly equal RSS: its relative rounding
            # error grows as 1 / stat (1e-14 of the RSS is 1e-11 of a statistic of 0.03).
            redo[rows] |= stat < _SMALL_STAT
            best[rows] = np.maximum(best[rows], stat)
        out[:, l_] = np.where(best > -np.inf, best, 0.0)
    return out


def write_panel_rows(res: dict[str, np.ndarray], bd: BatchDating, start: int) -> None:
    """Copy the rows of ``bd`` not marked ``redo`` into the panel's output arrays ``res``
    (named as ``panel._bp_outputs``; positions shifted by the sample ``start``)."""
    ok = np.flatnonzero(~bd.redo)
    M = bd.M
    sel = bd.selected_m[ok]
    res["selected_m"][ok] = sel
    nb = min(M, res["break_index"].shape[1])
    has = np.arange(nb)[None, :] < sel[:, None]
    br = np.where(has, bd.breaks[ok, :nb] + start, -1)
    res["break_index"][ok, :nb] = br
    res["break_label"][ok, :nb] = br
    res["break_end_label"][ok, :nb] = np.where(has, br - 1, -1)
    ci = has & (bd.ci_lower[ok, :nb] >= 0)
    for nm, arr in (("lower", bd.ci_lower), ("upper", bd.ci_upper)):
        v = np.where(ci, arr[ok, :nb] + start, -1)
        res[f"ci_{nm}_index"][ok, :nb] = v
        res[f"ci_{nm}_label"][ok, :nb] = v
    for nm, arr in (("rss", bd.rss), ("bic", bd.bic), ("lwz", bd.lwz)):
        res[nm][ok, : M + 1] = arr[ok]
    res["sup_f_m"][ok, 1 : M + 1] = bd.sup_f_m[ok, 1:]
    res["sup_f_next"][ok, :M] = bd.sup_f_next[ok, :M]
    res["udmax"][ok] = bd.udmax[ok]
    res["wdmax"][ok] = bd.wdmax[ok]
