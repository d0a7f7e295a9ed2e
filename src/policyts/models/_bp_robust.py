"""Bai-Perron statistics under the authors' error assumptions, as R mbreaks computes them.

Array kernels only (no labels, no results): the HAC long-run covariance with the
quadratic-spectral kernel, Andrews' AR(1) bandwidth and AR(1) prewhitening; the covariance
of the regime coefficients under the options ``robust``, ``het_data`` and ``het_var``; the
scaled Wald statistic ``F(m)`` at given break dates; sup F(l+1 | l) with the l breaks from the
global minimisation; the sequential procedure of Bai & Perron (1998) that estimates one break
at a time; Bai (1997) break-date intervals under ``het_q`` / ``het_omega``; and the KT
criterion of Kurozumi & Tuvaandorj (2011).

Conventions
-----------
A break date ``b`` is the 0-based position of the first observation of the new regime,
which is also mbreaks' (1-based) date of the last observation of the old regime. ``Z`` holds
the regressors whose coefficients change, ``X`` (possibly with zero columns) those whose
coefficients stay fixed. Statistics are on Bai & Perron's scale: ``Wald (T - (m+1) q - p) /
(T m)``, which is ``q`` times the F statistic when the errors are homoskedastic.

Every function here was checked against mbreaks 1.0.1 (``tests/reference/mbreaks``); where
mbreaks departs from the papers, the departure is reproduced and noted in the docstring.

References
----------
Andrews, D. W. K. (1991). Heteroskedasticity and autocorrelation consistent covariance
matrix estimation. Econometrica 59(3), 817-858.
Andrews, D. W. K. and Monahan, J. C. (1992). An improved heteroskedasticity and
autocorrelation consistent covariance matrix estimator. Econometrica 60(4), 953-966.
Bai, J. (1997). Estimation of a change point in multiple regression models. Review of
Economics and Statistics 79(4), 551-563.
Bai, J. and Perron, P. (1998). Econometrica 66(1), 47-78; (2003). Journal of Applied
Econometrics 18(1), 1-22.
Kurozumi, E. and Tuvaandorj, P. (2011). Model selection criteria in multivariate models with
multiple structural changes. Journal of Econometrics 164(2), 218-238.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr

from policyts.models._kernels import PrefixSums

__all__ = [
    "RobustOptions",
    "long_run_cov",
    "qs_bandwidth",
    "coef_cov",
    "wald_f",
    "one_break",
    "sup_f_next",
    "sequential_breaks",
    "break_intervals",
    "estimate_regimes",
    "kt_criterion",
]


@dataclass(frozen=True)
class RobustOptions:
    """Error assumptions, with mbreaks' meaning (``robust``, ``prewhit``, ``hetdat``,
    ``hetvar``, ``hetq``, ``hetomega``)."""

    robust: bool = False
    prewhite: bool = True
    het_data: bool = True
    het_var: bool = False
    het_q: bool = True
    het_omega: bool = True

    def check(self, p: int) -> None:
        """Combinations mbreaks leaves undefined (it returns a zero covariance) -> ValueError."""
        if not self.het_data and (self.robust or p > 0):
            what = "robust=True" if self.robust else "fixed regressors"
            raise ValueError(
                f"het_data=False is not defined with {what}: the regressors' second moments "
                "must be estimated regime by regime (use het_data=True)"
            )


# ---------------------------------------------------------------------------------------
# Long-run covariance


def _ols(y: np.ndarray, X: np.ndarray) -> np.ndarray:
    return np.linalg.solve(X.T @ X, X.T @ y)


def _qs_kernel(x: np.ndarray) -> np.ndarray:
    d = 6 * np.pi * x / 5
    return 3 * (np.sin(d) / d - np.cos(d)) / (d * d)


def qs_bandwidth(v: np.ndarray) -> float:
    """Andrews (1991) AR(1) plug-in bandwidth for the quadratic-spectral kernel.

    Each column of ``v`` gets an AR(1) fit without intercept and without demeaning, and
    every column weight 1 (mbreaks ``bandw``; R sandwich's ``bwAndrews`` demeans, fits an
    intercept and gives the intercept's column weight 0).
    """
    nt = v.shape[0]
    a2n = a2d = 0.0
    for col in v.T:
        yv, lag = col[1:], col[:-1]
        lag_ss = float(lag @ lag)
        b = float(lag @ yv) / lag_ss if lag_ss > 0 else np.nan
        r = yv - lag * b
        sig = float(r @ r) / (nt - 1)
        if not np.isfinite(b) or b == 1.0 or sig == 0.0:
            raise ValueError(
                f"the HAC long-run variance cannot be estimated from a regime with {nt} usable "
                "observations: its scores leave no residual variation for the bandwidth "
                "(Andrews' AR(1) plug-in). Use a larger minimal segment (trim= or h=, "
                "--trim) so every regime has more observations, or prewhite=False "
                "(--no-prewhite)"
            )
        a2n += 4 * b * b * sig * sig / (1 - b) ** 8
        a2d += sig * sig / (1 - b) ** 4
    return float(1.3221 * (a2n / a2d * nt) ** 0.2)


def _kernel_sum(v: np.ndarray) -> np.ndarray:
    """QS-kernel weighted sum of autocovariances, divided by ``nt - d`` (mbreaks ``jhatpr``)."""
    nt, d = v.shape
    st = qs_bandwidth(v)
    w = _qs_kernel(np.arange(1, nt) / st)
    # All autocovariances Gamma_j = sum_t v_{t+j} v_t' at once by FFT (zero-padded to
    # 2 nt, so there is no wrap-around): O(d^2 nt log nt) instead of a loop over lags.
    F = np.fft.rfft(v, n=2 * nt, axis=0)
    gam = np.fft.irfft(F[:, :, None] * np.conj(F[:, None, :]), n=2 * nt, axis=0)[:nt]
    weighted = np.tensordot(w, gam[1:], axes=(0, 0))
    return (v.T @ v + weighted + weighted.T) / (nt - d)


def long_run_cov(reg: np.ndarray, res: np.ndarray, prewhite: bool) -> np.ndarray:
    """HAC estimate of the long-run covariance of ``reg_t * res_t`` (mbreaks ``correct``).

    With ``prewhite`` the scores are filtered by a VAR(1) (Andrews & Monahan 1992), the
    kernel estimate is taken on the filtered scores and recoloured.
    """
    v = reg * res[:, None]
    if not prewhite:
        return _kernel_sum(v)
    lagged, lead = v[:-1], v[1:]
    B = np.linalg.solve(lagged.T @ lagged, lagged.T @ lead).T  # row i: AR coefficients of col i
    vstar = lead - lagged @ B.T
    jh = _kernel_sum(vstar)
    inv = np.linalg.inv(np.eye(v.shape[1]) - B)
    return inv @ jh @ inv.T


# ---------------------------------------------------------------------------------------
# Covariance of the regime coefficients and the Wald statistic


def _edges(dates: list[int], n: int) -> list[tuple[int, int]]:
    e = [0, *dates, n]
    return [(e[i], e[i + 1]) for i in range(len(e) - 1)]


def diag_partition(Z: np.ndarray, dates: list[int]) -> np.ndarray:
    """Block-diagonal regressors: regime j's rows of ``Z`` in column block j."""
    n, q = Z.shape
    out = np.zeros((n, (len(dates) + 1) * q))
    for j, (s, e) in enumerate(_edges(dates, n)):
        out[s:e, j * q : (j + 1) * q] = Z[s:e]
    return out


def _regime_variances(res: np.ndarray, dates: list[int]) -> np.ndarray:
    """Residual variance by regime as mbreaks ``psigmq`` computes it.

    mbreaks sums the squares of a middle regime from the last observation of the previous
    regime (one observation too many) while dividing by the regime's length; the first and
    last regimes are exact. Reproduced for parity (it affects only ``het_var`` without
    ``robust`` and two or more breaks).
    """
    n = res.shape[0]
    m = len(dates)
    if m == 0:
        return np.array([res @ res / n])
    out = np.empty(m + 1)
    out[0] = res[: dates[0]] @ res[: dates[0]] / dates[0]
    for k in range(1, m):
        bf, bl = dates[k - 1], dates[k]
        r = res[bf - 1 : bl]
        out[k] = r @ r / (bl - bf)
    out[m] = res[dates[-1] :] @ res[dates[-1] :] / (n - dates[-1])
    return out


def coef_cov(
    y: np.ndarray,
    Z: np.ndarray,
    X: np.ndarray,
    dates: list[int],
    opts: RobustOptions,
    with_fixed: bool,
) -> np.ndarray:
    """Covariance of the regime coefficients (mbreaks ``pvdel``).

    ``with_fixed=False``: the (m+1)q changing coefficients, with the fixed regressors
    partialled out (used by the tests). ``with_fixed=True``: fixed coefficients first,
    then the changing ones (used for standard errors).
    """
    n, q = Z.shape
    p = X.shape[1]
    m = len(dates)
    zbar = diag_partition(Z, dates)
    if p == 0:
        full = zbar
        reg = zbar
    else:
        full = np.column_stack([zbar, X])
        if with_fixed:
            reg = np.column_stack([X, zbar])
        else:
            reg = zbar - X @ np.linalg.solve(X.T @ X, X.T @ zbar)
    res = y - full @ _ols(y, full)
    rr_inv = np.linalg.inv(reg.T @ reg)
    edges = _edges(dates, n)
    lam = np.array([(e - s) / n for s, e in edges])
    if not opts.robust:
        if p == 0:
            if opts.het_var:
                sig_q = np.repeat(_regime_variances(res, dates), q)
                if opts.het_data:
                    return sig_q[:, None] * rr_inv
                return sig_q[:, None] * np.linalg.inv(np.kron(np.diag(lam), Z.T @ Z))
            sig = float(res @ res) / n
            if opts.het_data:
                return sig * rr_inv
            return sig * np.linalg.inv(np.kron(np.diag(lam), Z.T @ Z))
        if not opts.het_var:
            return float(res @ res) / n * rr_inv
        sig = _regime_variances(res, dates)
        gg = np.zeros_like(rr_inv)
        for j, (s, e) in enumerate(edges):
            gg += sig[j] * reg[s:e].T @ reg[s:e]
        return rr_inv @ gg @ rr_inv
    if p == 0:
        if opts.het_var:
            hac = np.zeros((q * (m + 1), q * (m + 1)))
            for j, (s, e) in enumerate(edges):
                blk = slice(j * q, (j + 1) * q)
                hac[blk, blk] = (e - s) * long_run_cov(Z[s:e], res[s:e], opts.prewhite)
            return rr_inv @ hac @ rr_inv
        hac = long_run_cov(Z, res, opts.prewhite)
        return n * rr_inv @ np.kron(np.diag(lam), hac) @ rr_inv
    hac = long_run_cov(reg, res, opts.prewhite)
    return n * rr_inv @ hac @ rr_inv


def wald_f(
    y: np.ndarray, Z: np.ndarray, X: np.ndarray, dates: list[int], opts: RobustOptions
) -> float:
    """Scaled Wald statistic for equal coefficients across the regimes at ``dates``
    (mbreaks ``pftest``): ``delta' R' (R V R')^-1 R delta (T - (m+1)q - p) / (T m)``."""
    n, q = Z.shape
    p = X.shape[1]
    m = len(dates)
    zbar = diag_partition(Z, dates)
    full = zbar if p == 0 else np.column_stack([zbar, X])
    delta = _ols(y, full)[: (m + 1) * q]
    V = coef_cov(y, Z, X, dates, opts, with_fixed=False)
    D = np.zeros((m, m + 1))
    D[np.arange(m), np.arange(m)] = -1.0
    D[np.arange(m), np.arange(1, m + 1)] = 1.0
    R = np.kron(D, np.eye(q))
    Rd = R @ delta
    fstar = float(Rd @ np.linalg.solve(R @ V @ R.T, Rd))
    return (n - (m + 1) * q - p) * fstar / (n * m)


# ---------------------------------------------------------------------------------------
# One break in a segment, sup F(l+1 | l) and the sequential procedure


def one_break(y: np.ndarray, Z: np.ndarray, X: np.ndarray, h: int) -> int:
    """Least-squares date of one break in the sample (first minimiser), as a position
    in 1..n-1 with at least ``h`` observations on each side.

    Pure change: exact segment RSS from prefix sums (mbreaks ``partione``/``parti``).
    Partial change: one regression per candidate date with the fixed coefficients
    re-estimated in the sample (mbreaks ``onebp``).
    """
    n = Z.shape[0]
    cand = np.arange(h, n - h + 1)
    if X.shape[1] == 0:
        ps = PrefixSums(y, Z)
        rss = ps.rss(np.zeros_like(cand), cand - 1) + ps.rss(cand, np.full_like(cand, n - 1))
        return int(cand[int(np.argmin(rss))])
    best, best_b = np.inf, int(cand[0])
    for b in cand:
        W = np.column_stack([X, diag_partition(Z, [int(b)])])
        r = y - W @ _ols(y, W)
        s = float(r @ r)
        if s < best:
            best, best_b = s, int(b)
    return best_b


SegmentCache = dict[tuple[int, int], tuple[float, int]]


def _segment_test(
    y: np.ndarray,
    Z: np.ndarray,
    X: np.ndarray,
    s: int,
    e: int,
    h: int,
    opts: RobustOptions,
    cache: SegmentCache | None = None,
) -> tuple[float, int]:
    """(F statistic, date) of one more break in ``[s, e)``; (0, -1) if it cannot hold one.

    ``cache`` (for one y, Z, X, h and opts) keeps the answer per segment: the global
    partitions for successive l and the sequential steps share most of their regimes.
    """
    if e - s < 2 * h:
        return 0.0, -1
    if cache is not None and (s, e) in cache:
        return cache[(s, e)]
    ys, Zs, Xs = y[s:e], Z[s:e], X[s:e]
    b = one_break(ys, Zs, Xs, h)
    out = (wald_f(ys, Zs, Xs, [b], opts), s + b)
    if cache is not None:
        cache[(s, e)] = out
    return out


def sup_f_next(
    y: np.ndarray,
    Z: np.ndarray,
    X: np.ndarray,
    dates: list[int],
    h: int,
    opts: RobustOptions,
    cache: SegmentCache | None = None,
) -> float:
    """sup F(l+1 | l) with the l breaks ``dates`` from the global minimisation (mbreaks
    ``spflp1``): in each regime the F statistic at its least-squares one-break date; the
    largest over regimes.

    A regime shorter than ``2h`` cannot hold another break and contributes 0; when no
    regime can, the statistic is 0, as in mbreaks 1.0.1, since
    no admissible partition with one more break exists to reject the null.
    """
    n = Z.shape[0]
    stats = [_segment_test(y, Z, X, s, e, h, opts, cache)[0] for s, e in _edges(dates, n)]
    return float(max(stats))


def sequential_breaks(
    y: np.ndarray,
    Z: np.ndarray,
    X: np.ndarray,
    h: int,
    max_breaks: int,
    opts: RobustOptions,
    critical_value: Callable[[int], float],
    cache: SegmentCache | None = None,
) -> list[int]:
    """Sequential estimation of the breaks (Bai & Perron 1998, section 5.3; mbreaks
    ``sequa``): a first break by least squares in the whole sample, kept if its F statistic
    exceeds ``critical_value(0)``; then, with l breaks, one least-squares break in each
    regime, and the one with the largest F is added if it exceeds ``critical_value(l)``
    (the sup F(l+1 | l) value). The search stops at the first non-rejection or at
    ``max_breaks`` breaks.
    """
    n = Z.shape[0]
    b = one_break(y, Z, X, h)
    if not wald_f(y, Z, X, [b], opts) >= critical_value(0):
        return []
    dates = [b]
    while len(dates) < max_breaks:
        tests = [_segment_test(y, Z, X, s, e, h, opts, cache) for s, e in _edges(dates, n)]
        fs = [t[0] for t in tests]
        j = int(np.argmax(fs))
        cv = critical_value(len(dates))
        # No regime can hold a break (all 0), or no tabulated value: stop.
        if tests[j][1] < 0 or not fs[j] >= cv:
            break
        dates = sorted([*dates, tests[j][1]])
    return dates


# ---------------------------------------------------------------------------------------
# Break-date intervals (Bai 1997)


def _funcg(x: float, bet: float, alph: float, b: float, deld: float, gam: float) -> float:
    """Distribution function of the break-date limit (mbreaks ``funcg``, reproduced
    term by term, including its large-argument branches)."""
    if x <= 0:
        ax = abs(x)
        xb = bet * np.sqrt(ax)
        if abs(xb) <= 30:
            return float(
                -np.sqrt(-x / (2 * np.pi)) * np.exp(x / 8)
                - (bet / alph) * np.exp(-alph * x) * ndtr(-bet * np.sqrt(ax))
                + ((2 * bet * bet / alph) - 2 - x / 2) * ndtr(-np.sqrt(ax) / 2)
            )
        aa = np.log(bet / alph) - alph * x - xb**2 / 2 - np.log(np.sqrt(2 * np.pi)) - np.log(xb)
        return float(
            -np.sqrt(-x / (2 * np.pi)) * np.exp(x / 8)
            - np.exp(aa) * ndtr(-np.sqrt(ax) / 2)
            + ((2 * bet * bet / alph) - 2 - x / 2) * ndtr(-np.sqrt(ax) / 2)
        )
    xb = deld * np.sqrt(x)
    if abs(xb) <= 30:
        return float(
            1
            + (b / np.sqrt(2 * np.pi)) * np.sqrt(x) * np.exp(-b * b * x / 8)
            + (b * deld / gam) * np.exp(gam * x) * ndtr(-deld * np.sqrt(x))
            + (2 - b * b * x / 2 - 2 * deld * deld / gam) * ndtr(-b * np.sqrt(x) / 2)
        )
    aa = np.log(b * deld / gam) + gam * x - xb**2 / 2 - np.log(np.sqrt(2 * np.pi)) - np.log(xb)
    return float(
        1
        + (b / np.sqrt(2 * np.pi)) * np.sqrt(x) * np.exp(-b * b * x / 8)
        + np.exp(aa)
        + (2 - b * b * x / 2 - 2 * deld * deld / gam) * ndtr(-b * np.sqrt(x) / 2)
    )


def _quantiles(eta: float, phi1s: float, phi2s: float, probs: tuple[float, ...]) -> list[float]:
    """Quantiles of the limit by bisection on [-2000, 2000] to |F - p| < 1e-6 within 100
    steps (mbreaks ``cvg``, which asks for 2.5, 5, 95 and 97.5 %)."""
    a = phi1s / phi2s
    gam = ((phi2s / phi1s) + 1) * eta / 2
    b = np.sqrt(phi1s * eta / phi2s)
    deld = np.sqrt(phi2s * eta / phi1s) + b / 2
    alph = a * (1 + a) / 2
    bet = (1 + 2 * a) / 2
    out = []
    for prob in probs:
        lo, hi, crit, xx = -2000.0, 2000.0, 999999.0, 0.0
        for _ in range(99):
            if abs(crit) < 1e-6:
                break
            xx = lo + (hi - lo) / 2
            crit = _funcg(xx, bet, alph, b, deld, gam) - prob
            if crit <= 0:
                lo = xx
            else:
                hi = xx
        out.append(xx)
    return out


def break_intervals(
    y: np.ndarray,
    Z: np.ndarray,
    X: np.ndarray,
    dates: list[int],
    opts: RobustOptions,
    level: float = 0.95,
    mbreaks_rounding: bool = True,
) -> np.ndarray:
    """Bai (1997) intervals for each break date (mbreaks ``interval``).

    Returns an array ``(m, 2)`` of lower and upper bounds at ``level``, in the units of the
    dates (first observation of the new regime, 0-based), rounded as mbreaks:
    ``round(b - c_upper / a)`` and ``round(b - c_lower / a) + 1``. With ``robust``, the
    scale of the second regime is ``delta' Omega_2 delta / delta' Q_1 delta`` as in mbreaks.

    mbreaks 1.0.1 adds the ``+ 1`` of the upper bounds inside its loop over breaks, to every row, so the upper bound of break i of m ends up
    ``m - i`` periods later than its formula gives; ``mbreaks_rounding=True`` reproduces
    this, ``False`` adds it once.
    """
    a2 = (1 - level) / 2
    probs = (a2, 1 - a2)
    n, q = Z.shape
    p = X.shape[1]
    m = len(dates)
    zbar = diag_partition(Z, dates)
    full = zbar if p == 0 else np.column_stack([zbar, X])
    coef = _ols(y, full)
    res = y - full @ coef
    delta = coef[: (m + 1) * q]
    edges = _edges(dates, n)
    bound = np.zeros((m, 2))
    if opts.robust and not opts.het_omega:
        omega_all = long_run_cov(Z, res, opts.prewhite)
    for i in range(m):
        (s0, e0), (s1, e1) = edges[i], edges[i + 1]
        dv = delta[(i + 1) * q : (i + 2) * q] - delta[i * q : (i + 1) * q]
        if opts.het_q:
            Q0 = Z[s0:e0].T @ Z[s0:e0] / (e0 - s0)
            Q1 = Z[s1:e1].T @ Z[s1:e1] / (e1 - s1)
        else:
            Q0 = Q1 = Z.T @ Z / n
        dq0 = float(dv @ Q0 @ dv)
        eta = float(dv @ Q1 @ dv) / dq0
        if not opts.robust:
            if opts.het_omega:
                phi1s = float(res[s0:e0] @ res[s0:e0]) / (e0 - s0)
                phi2s = float(res[s1:e1] @ res[s1:e1]) / (e1 - s1)
            else:
                phi1s = phi2s = float(res @ res) / n
            a = dq0 / phi1s
        else:
            if opts.het_omega:
                om0 = long_run_cov(Z[s0:e0], res[s0:e0], opts.prewhite)
                om1 = long_run_cov(Z[s1:e1], res[s1:e1], opts.prewhite)
            else:
                om0 = om1 = omega_all
            phi1s = float(dv @ om0 @ dv) / dq0
            phi2s = float(dv @ om1 @ dv) / dq0
            a = dq0**2 / float(dv @ om0 @ dv)
        c = _quantiles(eta, phi1s, phi2s, probs)
        b = dates[i]
        bound[i] = [b - c[1] / a, b - c[0] / a]
    bound = np.round(bound)
    if mbreaks_rounding:
        # mbreaks applies "+ 1" to every row's upper bounds inside its loop over the
        # breaks, so break i of m (1-based) gets m - i + 1 of them.
        extra = (m - np.arange(m)).astype(float)
    else:
        extra = np.ones(m)
    bound[:, 1] += extra
    return bound.astype(int)


# ---------------------------------------------------------------------------------------
# Coefficients with standard errors, and the KT criterion


def estimate_regimes(
    y: np.ndarray, Z: np.ndarray, X: np.ndarray, dates: list[int], opts: RobustOptions
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """OLS coefficients (fixed first, then the changing ones regime by regime), their
    standard errors from :func:`coef_cov` and the residuals (mbreaks ``estim``)."""
    W = np.column_stack([X, diag_partition(Z, dates)])
    beta = _ols(y, W)
    V = coef_cov(y, Z, X, dates, opts, with_fixed=True)
    return beta, np.sqrt(np.diag(V)), y - W @ beta


def kt_criterion(y: np.ndarray, Z: np.ndarray, dates_by_m: list[list[int]]) -> np.ndarray:
    """Modified BIC of Kurozumi & Tuvaandorj (2011) for m = 0..M, as mbreaks ``doorder``:
    ``sum_j [T_j log(SSR_j / T_j) + q log T_j] + 2 (m + 1) log T`` with ``SSR_j`` from
    regressing y on the changing regressors alone in regime j (mbreaks leaves fixed
    regressors out of this criterion, and so do we)."""
    n, q = Z.shape
    out = np.empty(len(dates_by_m))
    for i, dates in enumerate(dates_by_m):
        total = 0.0
        for s, e in _edges(dates, n):
            r = y[s:e] - Z[s:e] @ _ols(y[s:e], Z[s:e])
            dt = e - s
            total += dt * np.log(float(r @ r) / dt) + q * np.log(dt)
        out[i] = total + 2 * (i + 1) * np.log(n)
    return out
