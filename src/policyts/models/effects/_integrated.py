"""Segmented regression when the series looks integrated: the diagnosis (an AR(1)
coefficient at its bound, or the pre-period's unit-root and stationarity tests) and the
valid alternative, the same regression with ARIMA(0, 1, 1) errors (``errors="ima"``).

With integrated errors, ``y_t = x_t' beta + u_t`` with ``(1 - L) u_t = (1 + theta L) e_t``;
the step and ramp keep their meaning (level and slope change in levels) and the trend
becomes a drift. It is fitted by exact maximum likelihood (statsmodels SARIMAX, diffuse
initial state) -- the Box & Tiao (1975) intervention model with IMA(1, 1) noise. Fitting
an AR(1) at its bound instead understates the uncertainty of the counterfactual, whose
forecast variance grows with the horizon under a unit root.

References
----------
Box, G. E. P. and Tiao, G. C. (1975). Intervention analysis with applications to economic
and environmental problems. JASA 70(349), 70-79.
Kwiatkowski, D., Phillips, P. C. B., Schmidt, P. and Shin, Y. (1992). Testing the null
hypothesis of stationarity against the alternative of a unit root. J. Econometrics 54,
159-178.
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
from statsmodels.tsa.stattools import adfuller, kpss

from policyts.models.effects._core import ModelFit, Spec, Window
from policyts.models.effects._statespace import fit_sarimax

__all__ = ["fit_its_ima", "integration_warnings", "MIN_UNIT_ROOT_OBS"]

MIN_UNIT_ROOT_OBS = 20
"""Fewest pre-period observations on which the unit-root tests are run."""

ADF_ALPHA, KPSS_ALPHA = 0.10, 0.05


def fit_its_ima(win: Window, spec: Spec, terms: tuple[str, ...]) -> ModelFit:
    """Segmented regression with ARIMA(0, 1, 1) errors (see the module docstring)."""
    fit = fit_sarimax(win, dataclasses.replace(spec, order=(0, 1, 1)), terms)
    fit.method = (
        "segmented regression with integrated errors, ARIMA(0, 1, 1) (exact ML, "
        + fit.method.split("(SARIMAX, exact ML; ", 1)[-1]
    )
    fit.notes.append(
        "errors='ima': the errors have a unit root (ARIMA(0, 1, 1)); the trend is a drift "
        "and the counterfactual's interval widens with the horizon"
    )
    return fit


def integration_warnings(win: Window, fit: ModelFit) -> list[str]:
    """Warnings when the series looks integrated: the REML AR(1) coefficient at its bound
    (the fit already warns), or, on a pre-period of at least ``MIN_UNIT_ROOT_OBS``
    periods with the seasonal means removed, the ADF test (constant and trend, lag by
    AIC) not rejecting a unit root at 10% while KPSS rejects trend stationarity at 5%."""
    if any("edge of its range" in w for w in fit.warnings):
        return []
    pre = win.pre
    if pre.size < MIN_UNIT_ROOT_OBS:
        return []
    y = win.y[pre]
    if win.seasonal_names:
        X = np.column_stack([np.ones(pre.size), win.season_cols[pre]])
        beta, *_ = np.linalg.lstsq(X, y, rcond=None)
        y = y - X @ beta
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            adf_p = float(adfuller(y, regression="ct", autolag="AIC")[1])
            kpss_p = float(kpss(y, regression="ct", nlags="auto")[1])
    except (ValueError, np.linalg.LinAlgError):  # pragma: no cover - degenerate pre-period
        return []
    if adf_p > ADF_ALPHA and kpss_p < KPSS_ALPHA:
        return [
            f"the pre-period looks integrated (unit root): ADF p = {adf_p:.3g} does not "
            f"reject a unit root, KPSS p = {kpss_p:.3g} rejects trend stationarity "
            "(KPSS p-values are bounded to 0.01-0.10 by its table); AR(1) errors "
            "then understate the counterfactual's uncertainty: use errors='ima' "
            "(ARIMA(0, 1, 1) errors) or model='sarimax' with d = 1"
        ]
    return []
