"""Segmented regression (interrupted time series) with independent, HAC or AR(1) errors.

The model on the model scale (levels, or logs for ``log=True``) is

    y_t = a + b tc_t + delta step_t + gamma ramp_t + pi pulse_t + x_t' beta + u_t

with ``tc`` the time relative to the first treated period. ``errors="iid"`` is OLS with
the classical covariance; ``"hac"`` OLS with a Newey-West covariance; ``"ar1"`` feasible
GLS with AR(1) errors whose coefficient is estimated by restricted maximum likelihood
(REML), with parametric bootstrap-t intervals and p-values.

The counterfactual is the no-event part of the fitted model (intervention terms set to
zero); its prediction interval adds the coefficient uncertainty to the error variance
(the stationary AR(1) variance and correlation for ``"ar1"``, not conditioned on the last
pre-period residual), with t(n - k) quantiles.

Notes
-----
Why these choices, from simulations with n = 20-40 and 400 replications: with
independent errors OLS intervals are exact; Newey-West intervals covered 79-84% (level
change) and 66-76% (slope change) at the 95% level, because the HAC variance is biased
downwards in short series, so the result warns; with AR(1) errors (rho = 0.5-0.7) REML t
intervals covered 91-93%, the parametric bootstrap-t ones 94-96%, hence the bootstrap
default.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from policyts.models._robust import newey_west_lags, robust_cov
from policyts.models.chow import chow_predictive
from policyts.models.effects._core import (
    ModelFit,
    Spec,
    Term,
    Window,
    intervention_columns,
    term_from,
    wald_test,
)

__all__ = ["fit_its", "reml_ar1", "simulate_ar1", "its_design", "prais_winsten"]

RHO_BOUND = 0.98
"""REML searches the AR(1) coefficient in [-RHO_BOUND, RHO_BOUND]."""


def its_design(win: Window, spec: Spec, terms: tuple[str, ...]) -> tuple[np.ndarray, list[str]]:
    """Regressors for every period of the window: const, trend, seasonal terms,
    interventions, controls."""
    cols = [np.ones(win.m)]
    names = ["const"]
    if spec.trend:
        cols.append(win.tc.astype(float))
        names.append("trend")
    if win.seasonal_names:
        cols.append(win.season_cols)
        names += list(win.seasonal_names)
    if terms:
        cols.append(intervention_columns(win.tc, terms))
        names += list(terms)
    if win.controls.shape[1]:
        cols.append(win.controls)
        names += list(win.control_names)
    return np.column_stack(cols), names


# --------------------------------------------------------------------------- AR(1) REML


def prais_winsten(Z: np.ndarray, rho: float, gaps: np.ndarray) -> np.ndarray:
    """Generalised Prais-Winsten transform of the rows of ``Z`` (AR(1) coefficient ``rho``,
    time steps ``gaps`` between rows): the transformed errors are independent with the
    innovation variance. Row 0 is scaled by ``sqrt(1 - rho^2)``; row i becomes
    ``sqrt(w) (z_i - a z_(i-1))`` with ``a = rho^g``, ``w = (1 - rho^2) / (1 - rho^(2g))``.
    """
    a = rho**gaps
    w = (1 - rho**2) / (1 - a**2)
    shape = (-1,) + (1,) * (Z.ndim - 1)
    out = np.empty_like(Z, dtype=float)
    out[0] = np.sqrt(1 - rho**2) * Z[0]
    out[1:] = np.sqrt(w).reshape(shape) * (Z[1:] - a.reshape(shape) * Z[:-1])
    return out


class _LagMoments:
    """Cross-products of the rows of ``X`` and ``Y`` with their predecessors, grouped by
    the time step between them, so that the Prais-Winsten-transformed normal equations at
    any AR(1) coefficient cost O(k^2) per series whatever the series length.

    With ``a = rho^g`` and ``w = (1 - rho^2) / (1 - rho^(2 g))`` for a step ``g``, the
    transformed row is ``sqrt(w) (z_i - a z_(i-1))`` (``sqrt(1 - rho^2) z_0`` for the first
    row), so ``X*'X* = (1 - rho^2) x_0 x_0' + sum_g w (A - a (B + B') + a^2 C)`` with
    ``A = sum x_i x_i'``, ``B = sum x_i x_(i-1)'``, ``C = sum x_(i-1) x_(i-1)'`` over the
    rows with step ``g``; likewise for ``X*'y*`` and ``y*'y*``.
    """

    def __init__(self, Y: np.ndarray, X: np.ndarray, gaps: np.ndarray) -> None:
        self.n, self.k = X.shape
        self.x0x0 = np.outer(X[0], X[0])
        self.x0y0 = X[0][:, None] * Y[0][None, :]
        self.y0y0 = Y[0] ** 2
        self.steps = np.unique(gaps)
        self.counts, self.XX, self.XY, self.YY = [], [], [], []
        cur_x, prev_x, cur_y, prev_y = X[1:], X[:-1], Y[1:], Y[:-1]
        for g in self.steps:
            m = gaps == g
            cx, px, cy, py = cur_x[m], prev_x[m], cur_y[m], prev_y[m]
            self.counts.append(int(m.sum()))
            B = cx.T @ px
            self.XX.append((cx.T @ cx, B + B.T, px.T @ px))
            self.XY.append((cx.T @ cy, cx.T @ py + px.T @ cy, px.T @ py))
            self.YY.append(((cy**2).sum(0), 2 * (cy * py).sum(0), (py**2).sum(0)))

    def normal_equations(
        self, rho: np.ndarray, cols: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``X*'X*`` (m, k, k), ``X*'y*`` (m, k), ``y*'y*`` (m,) and ``log|P|`` (m,) for the
        pairs ``(rho[i], column cols[i])``."""
        r = np.asarray(rho, dtype=float)
        v = 1 - r**2
        XtX = v[:, None, None] * self.x0x0
        Xty = (v * self.x0y0[:, cols]).T
        yty = v * self.y0y0[cols]
        logdet_p = 0.5 * np.log(v)
        for g, cnt, (A, BB, C), (xa, xb, xc), (ya, yb, yc) in zip(
            self.steps, self.counts, self.XX, self.XY, self.YY, strict=True
        ):
            a = r**g
            w = v / (1 - a**2)
            XtX = XtX + w[:, None, None] * (A - a[:, None, None] * BB + (a**2)[:, None, None] * C)
            Xty = Xty + (w * (xa[:, cols] - a * xb[:, cols] + a**2 * xc[:, cols])).T
            yty = yty + w * (ya[cols] - a * yb[cols] + a**2 * yc[cols])
            logdet_p = logdet_p + 0.5 * cnt * np.log(w)
        return XtX, Xty, yty, logdet_p

    def profile(
        self, rho: np.ndarray, cols: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """REML profile log-likelihood (up to a constant), GLS coefficients, RSS* and
        ``X*'X*`` at ``rho`` (one value per column, or per entry of ``cols``)."""
        if cols is None:
            cols = np.arange(self.y0y0.shape[0])
        XtX, Xty, yty, logdet_p = self.normal_equations(rho, cols)
        beta = np.linalg.solve(XtX, Xty[..., None])[..., 0]
        rss = np.maximum(yty - (Xty * beta).sum(1), 1e-300)
        _, logdet_xx = np.linalg.slogdet(XtX)
        ll = logdet_p - 0.5 * logdet_xx - 0.5 * (self.n - self.k) * np.log(rss)
        return ll, beta, rss, XtX


def reml_ar1(
    Y: np.ndarray, X: np.ndarray, gaps: np.ndarray | None = None, *, iterations: int = 30
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """GLS with AR(1) errors, the coefficient estimated by REML, for each column of ``Y``.

    Parameters
    ----------
    Y : ndarray, shape (n,) or (n, B)
        Responses (one column per series; all share ``X``).
    X : ndarray, shape (n, k)
    gaps : ndarray, shape (n - 1,), optional
        Time steps between consecutive rows (1 for consecutive periods, more where
        periods were excluded); the error correlation at lag ``g`` is ``rho^g``.
    iterations : int
        Golden-section steps after the grid (30: the AR(1) coefficient to < 1e-7).

    Returns
    -------
    rho, beta, cov, sigma2, loglik : ndarrays
        Per column: the AR(1) coefficient, GLS coefficients, their covariance
        ``sigma2 (X*'X*)^-1``, the innovation variance ``RSS* / (n - k)`` and the REML
        profile log-likelihood (up to a constant).

    Notes
    -----
    The profile REML log-likelihood is ``log|P| - log|X*'X*| / 2 - (n - k) log RSS* / 2``
    where ``P`` is the (generalised) Prais-Winsten transform and ``*`` marks transformed
    data (computed from lag cross-products, see ``_LagMoments``). It is maximised on a grid
    of 50 values in [-0.98, 0.98] and refined by golden section, vectorised over columns;
    the bound keeps the errors stationary (a coefficient at it suggests a unit root).
    Checked against R nlme 3.1-162 ``gls(..., correlation = corAR1(), method = "REML")``:
    coefficients, standard errors and the AR(1) coefficient agree to 1e-6
    (``tests/reference/effects``), and, with excluded periods, against the explicit GLS
    likelihood with the full correlation matrix (tests).

    References
    ----------
    Harville, D. A. (1974). Bayesian inference for variance components using only error
    contrasts. Biometrika 61(2), 383-385.
    Prais, S. J. and Winsten, C. B. (1954). Trend estimators and serial correlation.
    Cowles Commission Discussion Paper 383.
    """
    Ymat = Y[:, None] if Y.ndim == 1 else Y
    n, k = X.shape
    g = np.ones(n - 1) if gaps is None else np.asarray(gaps, dtype=float)
    mom = _LagMoments(Ymat, X, g)
    B = Ymat.shape[1]
    grid = np.linspace(-RHO_BOUND, RHO_BOUND, 50)
    ll_grid = mom.profile(np.repeat(grid, B), np.tile(np.arange(B), grid.size))[0]
    best = ll_grid.reshape(grid.size, B).argmax(0)
    lo = grid[np.maximum(best - 1, 0)]
    hi = grid[np.minimum(best + 1, grid.size - 1)]
    ratio = (np.sqrt(5.0) - 1) / 2
    c = hi - ratio * (hi - lo)
    d = lo + ratio * (hi - lo)
    fc = mom.profile(c)[0]
    fd = mom.profile(d)[0]
    for _ in range(iterations):  # golden section: the bracket shrinks 0.618-fold per step
        left = fc > fd  # the maximum lies in [lo, d]
        hi = np.where(left, d, hi)
        lo = np.where(left, lo, c)
        new = np.where(left, hi - ratio * (hi - lo), lo + ratio * (hi - lo))
        f_new = mom.profile(new)[0]
        c, d, fc, fd = (
            np.where(left, new, d),
            np.where(left, c, new),
            np.where(left, f_new, fd),
            np.where(left, fc, f_new),
        )
    rho = (lo + hi) / 2
    ll, beta, rss, XtX = mom.profile(rho)
    sigma2 = rss / (n - k)
    cov = sigma2[:, None, None] * np.linalg.inv(XtX)
    return rho, beta, cov, sigma2, ll


def simulate_ar1(
    rng: np.random.Generator, rho: float, sigma2: float, n: int, reps: int
) -> np.ndarray:
    """``reps`` stationary AR(1) paths of length ``n`` (innovation variance ``sigma2``)."""
    e = rng.standard_normal((n, reps)) * np.sqrt(sigma2)
    u = np.empty_like(e)
    u[0] = e[0] / np.sqrt(1 - rho**2)
    for t in range(1, n):
        u[t] = rho * u[t - 1] + e[t]
    return u


# --------------------------------------------------------------------------- the fit


def fit_its(win: Window, spec: Spec, terms: tuple[str, ...]) -> ModelFit:
    """Segmented regression on one window; see the module docstring for the model."""
    X_all, names = its_design(win, spec, terms)
    q = len(terms)
    term_idx = [names.index(t) for t in terms]
    rows = np.flatnonzero(win.used) if q else win.pre
    y, X = win.y[rows], X_all[rows]
    n, k = X.shape
    if n - k < 1:
        raise ValueError(
            f"the segmented regression has {k} coefficients ({', '.join(names)}) but only "
            f"{n} observations: shorten the model (fewer controls or intervention terms) or "
            "give a longer series"
        )
    notes: list[str] = []
    warns: list[str] = []
    extra: dict[str, Any] = {}
    df = float(n - k)
    boot: dict[str, Any] | None = None
    gaps = np.diff(rows).astype(float)
    if spec.errors == "ar1":
        if n - k < 2:
            raise ValueError(
                f"AR(1) errors need at least two residual degrees of freedom; the model has "
                f"{k} coefficients and {n} observations: use errors='iid' or a longer series"
            )
        rho_a, beta_a, cov_a, s2_a, _ = reml_ar1(y, X, gaps)
        rho, beta, V, s2e = float(rho_a[0]), beta_a[0], cov_a[0], float(s2_a[0])
        s2_marg = s2e / (1 - rho**2)
        resid = y - X @ beta
        method = f"GLS with AR(1) errors (REML rho = {rho:.3f})"
        extra["ar1_rho"] = rho
        if abs(rho) > RHO_BOUND - 0.01:
            warns.append(
                f"the AR(1) coefficient is at the edge of its range (rho = {rho:.3f}): the "
                "errors may have a unit root: use errors='ima' (ARIMA(0, 1, 1) errors) or "
                "model='sarimax' with d = 1"
            )
        if n < 15:
            warns.append(
                f"the AR(1) coefficient is estimated from {n} observations and is very "
                "imprecise; compare with errors='iid'"
            )
        if spec.bootstrap:
            boot = _bootstrap_t(X, beta, V, rho, s2e, rows, term_idx, spec)
            method += f"; parametric bootstrap-t inference ({spec.bootstrap} draws)"
    else:
        beta, *_ = np.linalg.lstsq(X, y, rcond=None)
        resid = y - X @ beta
        s2e = s2_marg = float(resid @ resid / (n - k))
        rho = 0.0
        XtX_inv = np.linalg.inv(X.T @ X)
        if spec.errors == "hac":
            lags = newey_west_lags(n) if spec.maxlags is None else int(spec.maxlags)
            V = robust_cov(X, resid, cov_type="HAC", maxlags=lags) * n / (n - k)
            method = f"OLS, Newey-West HAC covariance (Bartlett, {lags} lags, n/(n-k) adjusted)"
            if n < 50:
                warns.append(
                    f"HAC standard errors are biased downwards in short series (n = {n}): in "
                    "simulations with n = 20-40 and independent errors, nominal 95% intervals "
                    "for the level change covered 79-84% and for the slope change 66-76%; "
                    "prefer errors='ar1' or 'iid'"
                )
            if np.any(gaps > 1):
                notes.append("HAC: excluded periods are skipped, neighbours treated as adjacent")
        else:
            V = s2e * XtX_inv
            method = "OLS, classical covariance"
    est_terms: dict[str, Term] = {}
    for j, t in enumerate(terms):
        i = term_idx[j]
        se = float(np.sqrt(V[i, i]))
        if boot is not None:
            est_terms[t] = term_from(
                t,
                beta[i],
                se,
                df,
                spec.level,
                crit=boot["crit"][j],
                p_value=boot["p"][j],
                p_method=f"parametric bootstrap-t ({spec.bootstrap} draws)",
            )
        else:
            est_terms[t] = term_from(t, beta[i], se, df, spec.level)
    joint = None
    tests = []
    if q:
        joint = wald_test(
            beta[term_idx],
            V[np.ix_(term_idx, term_idx)],
            list(terms),
            df,
            label=f"segmented regression, {spec.errors} errors",
        )
        if boot is not None:
            joint = _replace_p(joint, boot["joint_p"], f"parametric bootstrap ({spec.bootstrap})")
    cp = _chow_pred(win, spec)
    if cp is not None:
        tests.append(cp)
    X_cf = X_all.copy()
    X_cf[:, term_idx] = 0.0
    cf = X_cf @ beta
    fitted = X_all @ beta
    fo = win.first_out
    Xo = X_cf[fo:]
    lag = np.abs(np.subtract.outer(np.arange(fo, win.m), np.arange(fo, win.m)))
    noise = s2_marg * (rho**lag if spec.errors == "ar1" else np.eye(lag.shape[0]))
    pred_cov = Xo @ V @ Xo.T + noise
    coefficients = {nm: (float(beta[i]), float(np.sqrt(V[i, i]))) for i, nm in enumerate(names)}
    extra.update({"sigma2_innovation": s2e, "df_resid": df, "n_obs": n, "k": k})
    return ModelFit(
        method=method,
        terms=est_terms,
        joint=joint,
        cf=cf,
        fitted=fitted if q else np.where(np.arange(win.m) < fo, cf, np.nan),
        pred_cov=pred_cov,
        pred_df=df,
        coefficients=coefficients,
        tests=tests,
        notes=notes,
        warnings=warns,
        extra=extra,
    )


def _replace_p(test: Any, p: float, source: str) -> Any:
    from dataclasses import replace

    details = dict(test.details)
    details["analytic p-value"] = test.pvalue
    return replace(test, pvalue=float(p), distribution=source, details=details)


def _chow_pred(win: Window, spec: Spec) -> Any:
    """Chow predictive F test of the used post-period against the pre-period model."""
    used = np.flatnonzero(win.used)
    y = win.y[used]
    cols = []
    if spec.trend:
        cols.append(win.tc[used].astype(float))
    if win.controls.shape[1]:
        cols.append(win.controls[used])
    exog = np.column_stack(cols) if cols else None
    n_pre = int((win.role[used] == 0).sum())
    try:
        test = chow_predictive(y, exog, at=n_pre, const=True, trend=False)
    except ValueError:
        return None
    from dataclasses import replace

    return replace(
        test,
        note="assumes independent errors; the pre-period model is const"
        + (" + trend" if spec.trend else "")
        + (" + controls" if win.controls.shape[1] else ""),
    )


def _bootstrap_t(
    X: np.ndarray,
    beta: np.ndarray,
    V: np.ndarray,
    rho: float,
    s2e: float,
    rows: np.ndarray,
    term_idx: list[int],
    spec: Spec,
) -> dict[str, Any]:
    """Parametric bootstrap of the t statistics and of the joint Wald statistic.

    Series are simulated from the fitted model (coefficients, AR(1) coefficient and
    innovation variance), refitted by REML, and the studentised deviations
    ``(b* - b) / se*`` give symmetric intervals ``b +- q se`` with ``q`` the ``level``
    quantile of ``|t*|``; p-values are ``(1 + #{|t*| >= |t|}) / (B + 1)``.
    """
    rng = np.random.default_rng(spec.seed)
    B = int(spec.bootstrap)
    span = int(rows[-1] - rows[0]) + 1
    u = simulate_ar1(rng, rho, s2e, span, B)[rows - rows[0]]
    Ystar = (X @ beta)[:, None] + u
    # 18 golden-section steps locate each replicate's AR(1) coefficient to ~1e-5.
    _, bs, Vs, _, _ = reml_ar1(Ystar, X, np.diff(rows).astype(float), iterations=18)
    se_s = np.sqrt(np.diagonal(Vs, axis1=1, axis2=2))
    ti = np.array(term_idx)
    tstar = np.abs(bs[:, ti] - beta[ti]) / se_s[:, ti]
    t_obs = np.abs(beta[ti]) / np.sqrt(np.diag(V)[ti])
    crit = np.quantile(tstar, spec.level, axis=0)
    p = (1 + (tstar >= t_obs).sum(0)) / (B + 1)
    d = bs[:, ti] - beta[ti]
    Vt = Vs[:, ti][:, :, ti]
    wstar = np.einsum("bi,bi->b", d, np.linalg.solve(Vt, d[..., None])[..., 0])
    w_obs = float(beta[ti] @ np.linalg.solve(V[np.ix_(ti, ti)], beta[ti]))
    joint_p = float((1 + (wstar >= w_obs).sum()) / (B + 1))
    return {"crit": crit, "p": p, "joint_p": joint_p}
