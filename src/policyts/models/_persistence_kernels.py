"""Array kernels shared by :mod:`policyts.models.persistence` and
:mod:`policyts.models.trend_break`.

Everything here works on a batch of series at once (rows = series, columns = time) so
that a bootstrap or a Monte Carlo study runs as a handful of numpy operations per
candidate break date rather than a Python loop over series.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "ArFit",
    "ar_fits",
    "roy_fuller",
    "truncate_root",
    "batched_ols",
    "ar_long_run_variance",
    "simulate_ar_noise",
]


@dataclass(frozen=True)
class ArFit:
    """Augmented autoregression ``u_t = a u_{t-1} + sum_i z_i du_{t-i} + e_t`` per series.

    ``alpha``, ``se``, ``lags`` (number of lagged differences, chosen by BIC),
    ``zeta`` (R, max_lag) lag coefficients (zero beyond ``lags``), ``sigma2`` residual
    variance and ``nobs`` the common estimation sample.
    """

    alpha: np.ndarray
    se: np.ndarray
    lags: np.ndarray
    zeta: np.ndarray
    sigma2: np.ndarray
    nobs: int


def _solve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.linalg.solve(a, b[..., None])[..., 0]


def ar_fits(u: np.ndarray, max_lag: int) -> ArFit:
    """Fit the augmented autoregression with 0..max_lag lagged differences on a common
    sample (t = max_lag + 1 .. n - 1) and keep, per series, the BIC-best lag order.

    ``u`` is (R, n) and is used as given (no deterministic terms in the regression: the
    callers pass detrended residuals, as Perron & Yabu 2009 do).
    """
    r, n = u.shape
    s = max_lag + 1
    m = n - s
    du = np.diff(u, axis=1, prepend=np.nan)  # du[:, t] = u_t - u_{t-1}
    y = u[:, s:]
    cols = [u[:, s - 1 : n - 1]] + [du[:, s - i : n - i] for i in range(1, max_lag + 1)]
    z_all = np.stack(cols, axis=2)  # (R, m, 1 + max_lag)
    best_bic = np.full(r, np.inf)
    alpha = np.zeros(r)
    se = np.zeros(r)
    lags = np.zeros(r, dtype=int)
    zeta = np.zeros((r, max_lag))
    sigma2 = np.zeros(r)
    for k in range(max_lag + 1):
        z = z_all[:, :, : k + 1]
        ztz = np.einsum("rmi,rmj->rij", z, z)
        zty = np.einsum("rmi,rm->ri", z, y)
        ztz_inv = np.linalg.inv(ztz)
        coef = np.einsum("rij,rj->ri", ztz_inv, zty)
        resid = y - np.einsum("rmi,ri->rm", z, coef)
        rss = np.einsum("rm,rm->r", resid, resid)
        rss = np.maximum(rss, 1e-300)
        bic = np.log(rss / m) + (k + 1) * np.log(m) / m
        s2 = rss / (m - (k + 1))
        better = bic < best_bic - 1e-12
        best_bic = np.where(better, bic, best_bic)
        alpha = np.where(better, coef[:, 0], alpha)
        se = np.where(better, np.sqrt(s2 * ztz_inv[:, 0, 0]), se)
        lags = np.where(better, k, lags)
        sigma2 = np.where(better, s2, sigma2)
        if k:
            padded = np.zeros((r, max_lag))
            padded[:, :k] = coef[:, 1:]
            zeta = np.where(better[:, None], padded, zeta)
        else:
            zeta = np.where(better[:, None], 0.0, zeta)
    return ArFit(alpha=alpha, se=se, lags=lags, zeta=zeta, sigma2=sigma2, nobs=m)


def roy_fuller(
    alpha: np.ndarray,
    se: np.ndarray,
    lags: np.ndarray,
    *,
    n: int,
    n_det: int,
    tau_pct: float | np.ndarray,
    k: float = 10.0,
) -> np.ndarray:
    """Roy & Fuller (2001) bias-corrected autoregressive root, as used by Perron & Yabu
    (2009, section 3.1): ``alpha_M = alpha + C(tau) se`` with ``tau = (alpha - 1)/se``.

    ``C`` is continuous and piecewise: ``-tau`` above ``tau_pct`` (which sets the estimate
    to 1), a rational correction between ``-k`` and ``tau_pct``, ``IP tau / n - (n_det +
    1)/tau`` down to ``-sqrt((n_det + 1) n)`` and zero below.  ``IP`` is the integer part
    of ``(p + 1)/2`` with ``p = lags + 1`` the autoregressive order in levels; ``n_det``
    is the number of deterministic regressors.  The result is capped at 1 from above and
    at -0.99 from below.
    """
    tau = (alpha - 1.0) / se
    ip = np.floor((lags + 2) / 2.0)
    tp = np.asarray(tau_pct, dtype=float)
    c1 = np.sqrt((1.0 + n_det) * n)
    c2 = ((1.0 + n_det) * n - tp**2 * (ip + n)) / (tp * (tp + k) * (ip + n))
    with np.errstate(divide="ignore", invalid="ignore"):
        mid = ip * tau / n - (n_det + 1.0) / (tau + c2 * (tau + k))
        low = ip * tau / n - (n_det + 1.0) / tau
    c = np.select(
        [tau > tp, tau > -k, tau > -c1],
        [-tau, mid, low],
        default=0.0,
    )
    out = alpha + c * se
    out = np.where(out >= 1.0, 1.0, out)
    return np.where(out <= -1.0, -0.99, out)


def truncate_root(alpha_m: np.ndarray, n: int) -> np.ndarray:
    """Perron & Yabu's super-efficient truncation: 1 when ``sqrt(n) |alpha - 1| <= 1``."""
    return np.where(np.sqrt(n) * np.abs(alpha_m - 1.0) <= 1.0, 1.0, alpha_m)


def batched_ols(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """OLS per series: ``x`` (R, n, p), ``y`` (R, n) -> (beta, residuals, (X'X)^-1)."""
    xtx_inv = np.linalg.inv(np.einsum("rni,rnj->rij", x, x))
    beta = np.einsum("rij,rj->ri", xtx_inv, np.einsum("rni,rn->ri", x, y))
    resid = y - np.einsum("rni,ri->rn", x, beta)
    return beta, resid, xtx_inv


def ar_long_run_variance(e: np.ndarray, lags: np.ndarray, max_lag: int) -> np.ndarray:
    """Autoregressive spectral density at frequency zero (times 2 pi) of each row of
    ``e``: ``s^2 / (1 - sum phi)^2`` from an AR(lags) fit on the common sample
    t = max_lag .. n - 1; ``lags`` = 0 gives the plain variance ``sum e^2 / n``."""
    r, n = e.shape
    out = np.einsum("rn,rn->r", e, e) / n
    if max_lag == 0 or not np.any(lags > 0):
        return out
    y = e[:, max_lag:]
    m = n - max_lag
    for k in range(1, max_lag + 1):
        sel = lags == k
        if not np.any(sel):
            continue
        z = np.stack([e[sel, max_lag - i : n - i] for i in range(1, k + 1)], axis=2)
        ztz = np.einsum("rmi,rmj->rij", z, z)
        coef = _solve(ztz, np.einsum("rmi,rm->ri", z, y[sel]))
        resid = y[sel] - np.einsum("rmi,ri->rm", z, coef)
        s2 = np.einsum("rm,rm->r", resid, resid) / (m - k)
        denom = np.maximum(np.abs(1.0 - coef.sum(axis=1)), 1e-3)
        out[sel] = s2 / denom**2
    return out


def simulate_ar_noise(
    alpha: np.ndarray,
    zeta: np.ndarray,
    innovations: np.ndarray,
    burn: int,
) -> np.ndarray:
    """Generate ``u_t = alpha u_{t-1} + sum_i zeta_i du_{t-i} + e_t`` row by row.

    ``alpha`` (R,), ``zeta`` (R, L), ``innovations`` (R, burn + n); starts from zeros and
    drops the first ``burn`` values (for a unit root the start is irrelevant to statistics
    that include an intercept).
    """
    r, total = innovations.shape
    n_lag = zeta.shape[1]
    u = np.zeros((r, total + 1))
    du = np.zeros((r, total + 1))
    for t in range(1, total + 1):
        val = alpha * u[:, t - 1] + innovations[:, t - 1]
        for i in range(1, min(n_lag, t - 1) + 1):
            val = val + zeta[:, i - 1] * du[:, t - i]
        u[:, t] = val
        du[:, t] = val - u[:, t - 1]
    return u[:, 1 + burn :]
