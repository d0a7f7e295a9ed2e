"""State-space effect models on statsmodels: a structural time-series counterfactual
(``UnobservedComponents``) fitted on the pre-period, and intervention ARIMA (``SARIMAX``
with step, ramp and pulse regressors, Box & Tiao 1975)."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.tsa.statespace.sarimax import SARIMAX
from statsmodels.tsa.statespace.structural import UnobservedComponents

from policyts.models._results import HypothesisTest
from policyts.models.effects._core import (
    ModelFit,
    Spec,
    Term,
    Window,
    gap_trend,
    intervention_columns,
    term_from,
    wald_test,
)

__all__ = [
    "fit_ucm",
    "fit_sarimax",
    "forecast_cov",
    "predictive_test",
    "ucm_seasonal",
    "maximise_likelihood",
    "UCM_COMPONENTS",
]

UCM_COMPONENTS = (
    "ntrend",
    "dconstant",
    "llevel",
    "rwalk",
    "dtrend",
    "lldtrend",
    "rwdrift",
    "lltrend",
    "strend",
    "rtrend",
)
"""Trend specifications of statsmodels' ``UnobservedComponents`` (its ``level`` argument)."""


def forecast_cov(res: Any, Z: np.ndarray) -> np.ndarray:
    """Joint covariance of the forecasts ``y_{n+1} .. y_{n+h}`` of a fitted state-space model.

    ``Z`` holds the design row of each forecast period (time-varying when regression
    coefficients are states). With the predicted state covariance ``P_1`` at the end of
    the sample, ``P_{i+1} = T P_i T' + R Q R'`` and ``Cov(y_i, y_j) = Z_j T^(j-i) P_i Z_i'``
    for ``j >= i``, plus the observation variance on the diagonal. Parameters are
    plugged in (their estimation error is not included).

    Notes
    -----
    The diagonal equals statsmodels' ``get_forecast(...).var_pred_mean`` (tested); the
    off-diagonal was checked against the covariance of 20,000 ``simulate(anchor="end")``
    paths.
    """
    fr = res.filter_results
    P = np.array(fr.predicted_state_cov[:, :, -1])
    T = fr.transition[:, :, 0]
    R = fr.selection[:, :, 0]
    RQR = R @ fr.state_cov[:, :, 0] @ R.T
    H = float(fr.obs_cov[0, 0, 0])
    h = Z.shape[0]
    C = np.zeros((h, h))
    for i in range(h):
        M = P
        for j in range(i, h):
            C[j, i] = Z[j] @ M @ Z[i]
            M = T @ M
        C[i, i] += H
        P = T @ P @ T.T + RQR
    return np.tril(C) + np.tril(C, -1).T


def predictive_test(gap: np.ndarray, cov: np.ndarray, label: str) -> HypothesisTest:
    """``g' S^-1 g`` against chi-square(h): do the post-period observations depart from
    the counterfactual forecast (covariance ``S``)?"""
    h = gap.shape[0]
    w = float(gap @ np.linalg.solve(cov, gap))
    logp = float(stats.chi2.logsf(w, h))
    return HypothesisTest(
        name=f"Predictive test of the post-period against the counterfactual ({label})",
        stat=w,
        pvalue=float(np.exp(logp)),
        scale="Wald",
        null_hypothesis="the post-period observations follow the counterfactual forecast",
        alternative_hypothesis="they depart from it",
        df=(float(h),),
        distribution="chi2",
        note="the forecast covariance plugs in the estimated parameters",
    )


def _fit_quietly(model: Any, **kwargs: Any) -> tuple[Any, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = model.fit(disp=0, **kwargs)
    msgs = [str(w.message).splitlines()[0] for w in caught]
    if not res.mle_retvals.get("converged", True):
        msgs.append("the likelihood maximisation did not converge")
    return res, sorted(set(msgs))


NELDER_MEAD_MAX_PARAMS = 8
"""Models with at most this many parameters get a final Nelder-Mead polish."""


def maximise_likelihood(model: Any, **kwargs: Any) -> tuple[Any, list[str], dict[str, Any]]:
    """Fit a statsmodels state-space model to the maximum of its likelihood.

    statsmodels' default (L-BFGS from its own starting values) often stops short of the
    maximum for models with regressors and seasonal terms (0.001-0.05 log-likelihood
    units on R's ``Seatbelts``). Here: L-BFGS from statsmodels' starting values and,
    when the model has ARMA parameters, from the same values with every ARMA
    coefficient set to zero; the better fit is then polished by BFGS (gradient of the
    mean log-likelihood below 1e-5, then 1e-8: parameters on large scales such as the Nile's
    flows need the second) until a further round gains less than 1e-7, and, for models
    with at most ``NELDER_MEAD_MAX_PARAMS`` parameters, by Nelder-Mead.

    Returns the fit, the optimiser's messages and a record (log-likelihood of each stage).

    Notes
    -----
    Checked against R 4.2 ``arima(..., method = "ML")`` (tests/reference/seatbelts):
    log-likelihoods agree to 1e-3 and coefficients to 1e-3 relative on Seatbelts
    (ARIMA(1,0,0) with month dummies; (1,0,0)(1,0,0)12; (0,1,1)(0,1,1)12 airline model)
    and on the Nile with a level change in 1899.
    """
    msgs: list[str] = []
    fits = []
    res, m = _fit_quietly(model, **kwargs)
    fits.append(res)
    msgs += m
    names = list(model.param_names)
    arma = [i for i, nm in enumerate(names) if nm.startswith(("ar.", "ma."))]
    if arma:
        start = np.array(model.start_params, dtype=float)
        start[arma] = 0.0
        try:
            res0, _ = _fit_quietly(model, start_params=start, **kwargs)
            fits.append(res0)
        except (ValueError, np.linalg.LinAlgError):  # pragma: no cover - a bad start only
            pass
    best = max(fits, key=lambda r: r.llf if np.isfinite(r.llf) else -np.inf)
    record: dict[str, Any] = {"loglik_start": float(fits[0].llf)}
    for gtol in (1e-5, 1e-8, 1e-8):
        try:
            pol, m = _fit_quietly(
                model,
                start_params=np.asarray(best.params),
                method="bfgs",
                maxiter=300 if gtol > 1e-6 else 100,
                gtol=gtol,
                **kwargs,
            )
        except (ValueError, np.linalg.LinAlgError):  # pragma: no cover
            break
        gain = pol.llf - best.llf
        if not np.isfinite(pol.llf) or gain <= 0:
            break
        best = pol
        if gain < 1e-7:
            break
    if len(names) <= NELDER_MEAD_MAX_PARAMS:
        # a derivative-free second optimiser for flat likelihoods (near-cancelling AR and
        # MA roots), where gradient methods stop early
        try:
            nm, _ = _fit_quietly(
                model,
                start_params=np.asarray(best.params),
                method="nm",
                maxiter=4000,
                xatol=1e-10,
                fatol=1e-12,
                **kwargs,
            )
            if np.isfinite(nm.llf) and nm.llf > best.llf:
                best = nm
        except (ValueError, np.linalg.LinAlgError):  # pragma: no cover
            pass
    if best is not fits[0]:
        msgs = [x for x in msgs if "did not converge" not in x and "ConvergenceWarning" not in x]
    record["loglik"] = float(best.llf)
    return best, sorted(set(msgs)), record


def _gap_terms(
    win: Window, cf_out: np.ndarray, S: np.ndarray | None, spec: Spec, df: float
) -> tuple[dict[str, Term], np.ndarray, np.ndarray | None]:
    idx = win.post_in_out
    gap = win.y[win.post] - cf_out[idx]
    Sp = None if S is None else S[np.ix_(idx, idx)]
    try:
        terms = gap_trend(gap, win.tc[win.post], Sp, df, spec.level, slope="ramp" in spec.terms)
    except np.linalg.LinAlgError:
        raise ValueError(
            "the counterfactual's forecast covariance is numerically singular (not positive "
            "definite): the controls may be on a very different scale from the series "
            "(log=True logs the series only; log_controls=True logs the controls too) or "
            "collinear"
        ) from None
    return terms, gap, Sp


# --------------------------------------------------------------------------- UCM


def ucm_seasonal(spec: Spec) -> dict[str, Any]:
    """``UnobservedComponents`` keyword arguments for the seasonal component of ``spec``:
    a stochastic dummy seasonal (``seasonal=P``) or trigonometric terms
    (``freq_seasonal``) with ``spec.harmonics`` harmonics."""
    if spec.model != "ucm" or spec.seasonal == "none":
        return {}
    if spec.seasonal == "fourier":
        return {"freq_seasonal": [{"period": spec.period, "harmonics": spec.harmonics}]}
    return {"seasonal": spec.period}


def fit_ucm(win: Window, spec: Spec) -> ModelFit:
    """Structural time-series counterfactual: ``UnobservedComponents`` with trend
    ``spec.components`` and the controls as regressors (their coefficients are states,
    so their uncertainty enters the forecast), fitted on the pre-period and forecast
    over the rest."""
    fo = win.first_out
    J = win.controls.shape[1]
    y_pre = win.y[:fo]
    model = UnobservedComponents(
        y_pre,
        level=spec.components,
        exog=win.controls[:fo] if J else None,
        mle_regression=False,
        **ucm_seasonal(spec),
    )
    res, msgs, _ = maximise_likelihood(model)
    h = win.m - fo
    fc = res.get_forecast(h, exog=win.controls[fo:] if J else None)
    cf_out = np.asarray(fc.predicted_mean, dtype=float)
    fr = res.filter_results
    Z = np.tile(np.array(fr.design[0, :, 0]), (h, 1))
    if J:
        Z[:, -J:] = win.controls[fo:]
    S = forecast_cov(res, Z)
    design = fr.design[0]
    smoothed = (
        np.einsum("kt,kt->t", design, res.smoothed_state)
        if design.shape[1] > 1
        else design[:, 0] @ res.smoothed_state
    )
    cf = np.concatenate([smoothed, cf_out])
    terms, gap, Sp = _gap_terms(win, cf_out, S, spec, np.inf)
    method = f"structural time series (UnobservedComponents, trend {spec.components!r}"
    if spec.seasonal == "fourier":
        method += f", trigonometric seasonal with {spec.harmonics} harmonic(s)"
    elif spec.seasonal != "none":
        method += f", stochastic seasonal of period {spec.period}"
    method += f", {J} control regressor(s))" if J else ")"
    method += ", fitted on the pre-period"
    assert Sp is not None
    joint = predictive_test(gap, Sp, "structural time series")
    warns = [f"structural time series fit: {m}" for m in msgs]
    params = dict(zip(res.model.param_names, np.asarray(res.params, dtype=float), strict=True))
    return ModelFit(
        method=method,
        terms=terms,
        joint=joint,
        cf=cf,
        fitted=cf,
        pred_cov=S,
        pred_df=np.inf,
        coefficients={k: (v, float("nan")) for k, v in params.items()},
        warnings=warns,
        notes=[
            "level and slope change: GLS of the post-period gaps on [1, periods since the "
            "first treated period] with the forecast covariance"
        ],
        extra={"ucm_params": params, "loglik": float(res.llf)},
    )


# --------------------------------------------------------------------------- SARIMAX


def _sarimax_exog(
    win: Window, spec: Spec, terms: tuple[str, ...]
) -> tuple[pd.DataFrame, list[str]]:
    cols: dict[str, np.ndarray] = {}
    if spec.order[1] == 0:
        cols["const"] = np.ones(win.m)
    if spec.trend:
        cols["trend" if spec.order[1] == 0 else "drift"] = win.tc.astype(float)
    iv = intervention_columns(win.tc, terms)
    for j, t in enumerate(terms):
        cols[t] = iv[:, j]
    for j, nm in enumerate(win.seasonal_names):
        cols[nm] = win.season_cols[:, j]
    for j, nm in enumerate(win.control_names):
        cols[f"control:{nm}"] = win.controls[:, j]
    base = [c for c in cols if c not in terms]
    return pd.DataFrame(cols), base


def fit_sarimax(win: Window, spec: Spec, terms: tuple[str, ...]) -> ModelFit:
    """Intervention ARIMA: regression on const/trend, the step/ramp/pulse regressors and the
    controls, with ARIMA(p, d, q) errors, by exact maximum likelihood (Kalman filter;
    excluded periods are missing values)."""
    exog, base = _sarimax_exog(win, spec, terms)
    y = np.where(win.used, win.y, np.nan)
    fo = win.first_out
    p, d, q_ma = spec.order
    P, D, Q, s = spec.seasonal_order
    n_used = int(win.used.sum())
    k = exog.shape[1] + p + q_ma + P + Q + 1
    if n_used - d - s * D - k < 1:
        raise ValueError(
            f"the intervention ARIMA has {k} parameters but {n_used} observations "
            f"(d = {d}, seasonal D = {D}): use a smaller order or a longer series"
        )
    record: dict[str, Any] = {}
    if terms:
        res, msgs, record = maximise_likelihood(
            SARIMAX(y, exog=exog, order=spec.order, seasonal_order=spec.seasonal_order, trend="n"),
            cov_type="approx",
        )
        params = res.params
        bse = np.asarray(res.bse, dtype=float)
        names = list(res.model.param_names)
        V = np.asarray(res.cov_params(), dtype=float)
    else:
        res = None
    pre_model = SARIMAX(
        y[:fo],
        exog=exog[base].iloc[:fo] if base else None,
        order=spec.order,
        seasonal_order=spec.seasonal_order,
        trend="n",
    )
    if res is None:
        res_pre, msgs, record = maximise_likelihood(pre_model, cov_type="approx")
        names = list(res_pre.model.param_names)
        params = res_pre.params
        bse = np.asarray(res_pre.bse, dtype=float)
        V = np.asarray(res_pre.cov_params(), dtype=float)
    else:
        keep = [nm for nm in names if nm not in terms]
        par = pd.Series(np.asarray(params), index=names)[keep].to_numpy()
        res_pre = pre_model.filter(par)
    h = win.m - fo
    fc = res_pre.get_forecast(h, exog=exog[base].iloc[fo:] if base else None)
    cf_out = np.asarray(fc.predicted_mean, dtype=float)
    fr = res_pre.filter_results
    Z = np.tile(np.array(fr.design[0, :, 0]), (h, 1))
    S = forecast_cov(res_pre, Z)
    pre_fit = np.asarray(res_pre.fittedvalues, dtype=float)
    cf = np.concatenate([pre_fit, cf_out])
    est_terms: dict[str, Term] = {}
    joint = None
    if terms:
        idx = [names.index(t) for t in terms]
        for t, i in zip(terms, idx, strict=True):
            est_terms[t] = term_from(
                t, float(np.asarray(params)[i]), float(bse[i]), np.inf, spec.level
            )
        method_label = f"ARIMA{spec.order} errors"
        joint = wald_test(
            np.asarray(params)[idx], V[np.ix_(idx, idx)], list(terms), np.inf, label=method_label
        )
        fitted = np.asarray(res.fittedvalues, dtype=float)
    else:
        idx_post = win.post_in_out
        gap = win.y[win.post] - cf_out[idx_post]
        joint = predictive_test(gap, S[np.ix_(idx_post, idx_post)], "ARIMA")
        fitted = cf
    sorder = (
        f"{spec.seasonal_order[:3]}{spec.seasonal_order[3]}" if any(spec.seasonal_order) else ""
    )
    method = (
        f"intervention ARIMA{spec.order}{sorder} (SARIMAX, exact ML; regressors: "
        f"{', '.join(exog.columns)})"
    )
    return ModelFit(
        method=method,
        terms=est_terms,
        joint=joint,
        cf=cf,
        fitted=fitted,
        pred_cov=S,
        pred_df=np.inf,
        coefficients={
            nm: (float(np.asarray(params)[i]), float(bse[i])) for i, nm in enumerate(names)
        },
        warnings=[f"ARIMA fit: {m}" for m in msgs],
        extra={
            "loglik": record.get("loglik", float("nan")),
            "loglik_start": record.get("loglik_start", float("nan")),
        },
        notes=[
            "counterfactual: forecast from the pre-period with the full-sample parameters "
            "(intervention terms set to zero); parameter uncertainty is not in the interval"
        ],
    )
