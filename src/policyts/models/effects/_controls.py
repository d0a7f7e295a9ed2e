"""Counterfactuals from control series: ordinary least squares on the controls fitted on the
pre-period, and the synthetic control (Abadie, Diamond & Hainmueller 2010)."""

from __future__ import annotations

import numpy as np
from scipy import optimize, stats

from policyts.models._results import HypothesisTest
from policyts.models.effects._core import ModelFit, Spec, Window, gap_trend

__all__ = ["fit_regression", "fit_synthetic", "synthetic_weights"]


def fit_regression(win: Window, spec: Spec) -> ModelFit:
    """OLS of the series on an intercept, a trend (``spec.trend``) and the controls over
    the pre-period, projected over the rest with exact t prediction intervals.

    The predictive test is the Chow (1960) predictive F test with the controls as
    regressors: ``g' S^-1 g / h`` against F(h, n_pre - k), ``S`` being the prediction
    covariance divided by the error variance.
    """
    pre = win.pre
    cols = [np.ones(win.m)]
    names = ["const"]
    if spec.trend:
        cols.append(win.tc.astype(float))
        names.append("trend")
    if win.seasonal_names:
        cols.append(win.season_cols)
        names += list(win.seasonal_names)
    cols.append(win.controls)
    names += [f"control:{c}" for c in win.control_names]
    X_all = np.column_stack(cols)
    X, y = X_all[pre], win.y[pre]
    n, k = X.shape
    if n - k < 1:
        raise ValueError(
            f"the regression on controls has {k} coefficients but {n} pre-period "
            "observations: use fewer controls or a longer pre-period"
        )
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ beta
    df = float(n - k)
    s2 = float(resid @ resid / df)
    XtX_inv = np.linalg.inv(X.T @ X)
    V = s2 * XtX_inv
    cf = X_all @ beta
    fo = win.first_out
    Xo = X_all[fo:]
    S = Xo @ V @ Xo.T + s2 * np.eye(Xo.shape[0])
    idx = win.post_in_out
    gap = win.y[win.post] - cf[fo:][idx]
    Sp = S[np.ix_(idx, idx)]
    h = gap.shape[0]
    f = float(gap @ np.linalg.solve(Sp, gap)) / h
    logp = float(stats.f.logsf(f, h, df))
    joint = HypothesisTest(
        name="Chow predictive F test with the controls (regression counterfactual)",
        stat=f,
        pvalue=float(np.exp(logp)),
        scale="F",
        null_hypothesis="the post-period follows the pre-period regression on the controls",
        alternative_hypothesis="the post-period departs from it",
        df=(float(h), df),
        distribution="F",
    )
    terms = gap_trend(gap, win.tc[win.post], Sp, df, spec.level, slope="ramp" in spec.terms)
    return ModelFit(
        method=(
            f"regression on {win.controls.shape[1]} control(s)"
            + (" with a trend" if spec.trend else "")
            + (f", {len(win.seasonal_names)} seasonal terms" if win.seasonal_names else "")
            + ", OLS fitted on the pre-period"
        ),
        terms=terms,
        joint=joint,
        cf=cf,
        fitted=cf,
        pred_cov=S,
        pred_df=df,
        coefficients={nm: (float(beta[i]), float(np.sqrt(V[i, i]))) for i, nm in enumerate(names)},
        notes=[
            "level and slope change: GLS of the post-period gaps on [1, periods since the "
            "first treated period] with the prediction covariance"
        ],
        extra={"sigma2": s2, "df_resid": df},
    )


def _kkt_weights(ys: np.ndarray, Cs: np.ndarray) -> np.ndarray | None:
    """Exact solution by the Karush-Kuhn-Tucker conditions on the support that
    non-negative least squares with a heavily weighted sum-to-one row finds; None when
    that support does not satisfy them (the caller then uses SLSQP)."""
    n, J = Cs.shape
    big = 1e3 * max(1.0, float(np.abs(Cs).max()))
    A = np.vstack([Cs, big * np.ones((1, J))])
    b = np.concatenate([ys, [big]])
    w0, _ = optimize.nnls(A, b, maxiter=50 * J)
    for _ in range(J):
        S = np.flatnonzero(w0 > 1e-12)
        if S.size == 0:
            return None
        k = S.size
        K = np.zeros((k + 1, k + 1))
        K[:k, :k] = 2 * Cs[:, S].T @ Cs[:, S]
        K[:k, k] = K[k, :k] = 1.0
        rhs = np.concatenate([2 * Cs[:, S].T @ ys, [1.0]])
        try:
            sol = np.linalg.lstsq(K, rhs, rcond=None)[0]
        except np.linalg.LinAlgError:  # pragma: no cover
            return None
        wS, lam = sol[:k], sol[k]
        if wS.min() < -1e-12:  # drop the most negative weight and solve again
            w0 = np.zeros(J)
            w0[S] = np.where(wS < 0, 0.0, wS)
            w0[S[int(np.argmin(wS))]] = 0.0
            continue
        w = np.zeros(J)
        w[S] = np.clip(wS, 0.0, None)
        grad = 2 * Cs.T @ (Cs @ w - ys)
        tol = 1e-9 * max(1.0, float(np.abs(grad).max()))
        if np.all(grad + lam >= -tol):  # dual feasibility off the support
            return w
        return None
    return None  # pragma: no cover


def synthetic_weights(y: np.ndarray, C: np.ndarray) -> np.ndarray:
    """Non-negative weights summing to one that minimise ``||y - C w||^2``.

    First an active-set solution: the support from non-negative least squares
    (``scipy.optimize.nnls``) with a heavily weighted sum-to-one row, then the exact
    equality-constrained least squares on it, accepted when the Karush-Kuhn-Tucker
    conditions hold (non-negative weights, no profitable donor off the support).
    Otherwise sequential quadratic programming (scipy SLSQP) from equal weights with the
    analytic gradient. Weights below 1e-10 are set to zero and the rest renormalised.

    Notes
    -----
    Checked against an exhaustive solution of the Karush-Kuhn-Tucker conditions over
    every support set (tests) and against R's ``quadprog::solve.QP`` on California's
    Proposition 99 with 38 donor states (tests/reference/prop99: weights to 1e-5).
    """
    J = C.shape[1]
    if J == 1:
        return np.ones(1)
    scale = float(np.sqrt(np.mean(y**2))) or 1.0
    ys, Cs = y / scale, C / scale
    w_kkt = _kkt_weights(ys, Cs)
    if w_kkt is not None:
        w = w_kkt
    else:
        G = Cs.T @ Cs
        c = Cs.T @ ys

        def fun(w: np.ndarray) -> tuple[float, np.ndarray]:
            r = ys - Cs @ w
            return float(r @ r), 2 * (G @ w - c)

        res = optimize.minimize(
            fun,
            np.full(J, 1.0 / J),
            jac=True,
            method="SLSQP",
            bounds=[(0.0, 1.0)] * J,
            constraints=[
                {"type": "eq", "fun": lambda w: w.sum() - 1.0, "jac": lambda w: np.ones(J)}
            ],
            options={"ftol": 1e-14, "maxiter": 1000},
        )
        w = np.clip(res.x, 0.0, None)
    w[w < 1e-10] = 0.0
    return w / w.sum()


def fit_synthetic(win: Window, spec: Spec) -> ModelFit:
    """Synthetic control: the donors' convex combination closest to the series over the
    pre-period; its post-period path is the counterfactual.

    Inference is by permutation only (placebo-in-time and placebo-in-space); the
    statistic is the ratio of post- to pre-period root mean squared prediction error.

    References
    ----------
    Abadie, A., Diamond, A. and Hainmueller, J. (2010). Synthetic control methods for
    comparative case studies. Journal of the American Statistical Association 105(490),
    493-505.
    """
    pre, post = win.pre, win.post
    C = win.controls
    w = synthetic_weights(win.y[pre], C[pre])
    cf = C @ w
    rmspe_pre = float(np.sqrt(np.mean((win.y[pre] - cf[pre]) ** 2)))
    rmspe_post = float(np.sqrt(np.mean((win.y[post] - cf[post]) ** 2)))
    ratio = rmspe_post / rmspe_pre if rmspe_pre > 0 else float("inf")
    gap = win.y[post] - cf[post]
    terms = gap_trend(gap, win.tc[post], None, np.inf, spec.level, slope="ramp" in spec.terms)
    warns: list[str] = []
    notes: list[str] = [
        "synthetic control: no sampling-based interval; judge the effect by the placebo "
        "p-values (permutation over fake dates and donor units)"
    ]
    lo, hi = C[pre].min(axis=1), C[pre].max(axis=1)
    outside = int(((win.y[pre] < lo) | (win.y[pre] > hi)).sum())
    if outside:
        warns.append(
            f"the series lies outside the range of the donors in {outside} of {pre.size} "
            "pre-period periods: no convex combination can reproduce it there, and the "
            "synthetic control is unreliable"
        )
    sd = float(np.std(win.y[pre]))
    if sd > 0 and rmspe_pre > 0.25 * sd:
        warns.append(
            f"poor pre-period fit: RMSPE {rmspe_pre:.4g} is {rmspe_pre / sd:.0%} of the "
            "series' pre-period standard deviation"
        )
    weights = {nm: float(v) for nm, v in zip(win.control_names, w, strict=True)}
    return ModelFit(
        method=f"synthetic control ({C.shape[1]} donors; weights >= 0 summing to 1, SLSQP)",
        terms=terms,
        joint=None,
        cf=cf,
        fitted=cf,
        coefficients={f"weight:{k}": (v, float("nan")) for k, v in weights.items()},
        warnings=warns,
        notes=notes,
        extra={
            "weights": weights,
            "rmspe_pre": rmspe_pre,
            "rmspe_post": rmspe_post,
            "rmspe_ratio": ratio,
        },
    )
