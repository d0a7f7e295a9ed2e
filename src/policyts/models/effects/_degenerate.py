"""Degenerate input for the effect models: recognised before (or right after) the fit, and
reported as a ``ValueError`` that names the problem instead of numbers from a degenerate
fit (a Wald statistic of 1e274 from a residual variance of zero, an overflow in the
percent effect, statsmodels' internal messages on all-zero counts)."""

from __future__ import annotations

import numpy as np

from policyts.models.effects._core import ModelFit, Spec, Window

__all__ = ["check_degenerate", "check_exact_fit"]

EXACT_FIT_TOL = 1e-9
"""A fit counts as exact when the root mean squared residual is below this fraction of the
series' scale (its standard deviation plus its mean absolute value)."""


def check_degenerate(y: np.ndarray, role: np.ndarray, spec: Spec, name: str) -> None:
    """Raise ``ValueError`` for a series no effect model can be fitted to.

    ``y`` is on the model scale (logs for ``log=True``); ``role`` marks pre-period (0),
    post-period (1) and excluded (-1) periods.
    """
    used = role >= 0
    yu = y[used]
    if not np.isfinite(yu).all():  # pragma: no cover - as_series rejects non-finite values
        raise ValueError(f"series {name!r} has non-finite values on the model scale")
    scale = "log " if spec.log else ""
    if np.ptp(yu) == 0:
        raise ValueError(
            f"series {name!r} is constant ({scale}value {float(yu[0]):g} in every period used): "
            "a constant series has no variation for a model to explain, so no effect can be "
            "estimated or tested"
        )
    pre = y[role == 0]
    if spec.model == "counts":
        if not yu.any():
            raise ValueError(
                f"series {name!r} is zero in every period used: a count model cannot be "
                "fitted to all-zero counts (the log of their mean is -inf)"
            )
        if not pre.any():
            raise ValueError(
                f"series {name!r} is zero in every pre-period period: the pre-period level of "
                "a log-link count model is -inf and no counterfactual can be formed"
            )
    elif np.ptp(pre) == 0 and spec.model in ("its", "regression", "ucm", "sarimax"):
        raise ValueError(
            f"series {name!r} is constant over the pre-period ({scale}value {float(pre[0]):g}): "
            "the pre-period model fits exactly, so the counterfactual has no error variance "
            "and any departure would be infinitely significant; no effect can be tested"
        )


def check_exact_fit(fit: ModelFit, win: Window, spec: Spec) -> None:
    """Raise ``ValueError`` when a least-squares model reproduces the series exactly
    (noise-free data): its standard errors are zero and its tests meaningless."""
    if spec.model == "its" and spec.errors != "ima":
        rows = np.flatnonzero(win.used) if fit.terms else win.pre
    elif spec.model == "regression":
        rows = win.pre
    else:
        return
    y = win.y[rows]
    resid = y - fit.fitted[rows]
    size = float(np.std(y) + np.mean(np.abs(y)))
    rms = float(np.sqrt(np.mean(resid**2)))
    if rms <= EXACT_FIT_TOL * size:
        raise ValueError(
            f"the {spec.model} model fits the series exactly (root mean squared residual "
            f"{rms:.3g}, noise-free data): the standard errors are zero and no test or "
            "interval is meaningful; the estimated changes are read off the data directly"
        )
