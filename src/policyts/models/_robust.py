"""Heteroskedasticity (HC) and autocorrelation (HAC) consistent OLS covariance."""

from __future__ import annotations

import numpy as np

__all__ = ["robust_cov", "newey_west_lags"]


def newey_west_lags(n: int) -> int:
    """Newey & West (1994) rule of thumb ``floor(4 (n/100)^(2/9))``."""
    return int(np.floor(4 * (n / 100.0) ** (2.0 / 9.0)))


def _qs_weights(n_lags: int, bandwidth: float) -> np.ndarray:
    j = np.arange(1, n_lags + 1, dtype=float)
    z = 6 * np.pi * (j / bandwidth) / 5
    return 25 / (12 * np.pi**2 * (j / bandwidth) ** 2) * (np.sin(z) / z - np.cos(z))


def _andrews_qs_bandwidth(u: np.ndarray, X: np.ndarray) -> float:
    """Andrews (1991) AR(1) plug-in bandwidth for the quadratic-spectral kernel.

    Each column of the scores ``u`` (n, k) is demeaned and fitted by an AR(1) regression
    with intercept; the column of a constant regressor gets weight 0, the others 1.  This
    is the rule of R sandwich's ``bwAndrews(approx = "AR(1)")``, against which it is tested.
    """
    n = u.shape[0]
    num = den = 0.0
    for j, col in enumerate(u.T):
        if np.ptp(X[:, j]) == 0:
            continue
        c = col - col.mean()
        Z = np.column_stack([np.ones(n - 1), c[:-1]])
        coef, *_ = np.linalg.lstsq(Z, c[1:], rcond=None)
        rho = float(coef[1])
        resid = c[1:] - Z @ coef
        s2 = float(resid @ resid / (n - 1))
        num += 4 * rho**2 * s2**2 / (1 - rho) ** 8
        den += s2**2 / (1 - rho) ** 4
    alpha2 = num / den if den > 0 else 0.0
    return float(1.3221 * (alpha2 * n) ** 0.2) if alpha2 > 0 else 1.0


def robust_cov(
    X: np.ndarray,
    resid: np.ndarray,
    *,
    cov_type: str = "HC0",
    maxlags: int | None = None,
    kernel: str = "bartlett",
) -> np.ndarray:
    """Sandwich covariance ``(X'X)^-1 S (X'X)^-1`` of OLS coefficients.

    Parameters
    ----------
    cov_type : {"HC0", "HC1", "HAC"}
        HC0: White (1980); HC1: HC0 times n/(n-k); HAC: kernel-weighted autocovariances.
    maxlags : int, optional
        Bartlett truncation lag (default :func:`newey_west_lags`); ignored for the
        quadratic-spectral kernel, whose bandwidth is Andrews' (1991) AR(1) plug-in.
    kernel : {"bartlett", "quadratic-spectral"}

    References
    ----------
    Newey, W. K. and West, K. D. (1987). Econometrica 55(3), 703-708.
    Andrews, D. W. K. (1991). Econometrica 59(3), 817-858.
    """
    n, k = X.shape
    u = X * resid[:, None]
    S = u.T @ u
    if cov_type == "HC1":
        S = S * n / (n - k)
    elif cov_type == "HAC":
        if kernel == "bartlett":
            L = newey_west_lags(n) if maxlags is None else int(maxlags)
            if L < 0:
                raise ValueError(f"maxlags must be >= 0, got {maxlags}")
            w = 1 - np.arange(1, L + 1) / (L + 1)
        elif kernel == "quadratic-spectral":
            L = n - 1
            w = _qs_weights(L, _andrews_qs_bandwidth(u, X))
        else:
            raise ValueError(f"kernel must be 'bartlett' or 'quadratic-spectral', not {kernel!r}")
        for j in range(1, min(L, n - 1) + 1):
            G = u[j:].T @ u[:-j]
            S += w[j - 1] * (G + G.T)
    elif cov_type != "HC0":
        raise ValueError(f"cov_type must be 'HC0', 'HC1' or 'HAC', not {cov_type!r}")
    XtX_inv = np.linalg.inv(X.T @ X)
    return XtX_inv @ S @ XtX_inv
