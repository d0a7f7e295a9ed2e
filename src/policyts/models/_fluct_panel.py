"""Fluctuation tests for many series: :func:`cusum_panel` (xarray) and :func:`cusum_array`
(numpy) on the engine of :mod:`policyts.models._many`.

Series that share their regressors are solved together: one least-squares fit for the OLS
processes, one square-root (QR) update carrying every series as extra columns for the
recursive residuals.  Each series' process, statistic and p-value equal
:func:`policyts.models.cusum` on it (tests/test_panel.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from policyts.models._fluct_kernels import (
    check_options,
    fluctuation_boundary,
    fluctuation_critical_value,
    fluctuation_pvalues,
    mosum_window,
)
from policyts.models._many import (
    Ctx,
    Group,
    GroupResult,
    Out,
    array_input,
    check_shared_common,
    make_ctx,
    prepare,
    run,
    run_array,
)

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["cusum_array", "cusum_panel"]

_PANEL_REFERENCES = (
    "Brown, Durbin & Evans (1975), JRSS B 37(2); Ploberger & Kraemer (1992), "
    "Econometrica 60(2); Chu, Hornik & Kuan (1995), Biometrika 82(3); Zeileis et al. "
    "(2002), J. Statistical Software 7(2)"
)


def _cusum_outputs(dim: str) -> list[Out]:
    return [
        Out("stat", (), np.float64, np.nan, {"units": "1"}),
        Out("pvalue", (), np.float64, np.nan, {"long_name": "asymptotic p-value", "units": "1"}),
        Out(
            "pvalue_lower",
            (),
            np.float64,
            np.nan,
            {"long_name": "lower bound of the p-value (OLS-MOSUM table)", "units": "1"},
        ),
        Out(
            "pvalue_upper",
            (),
            np.float64,
            np.nan,
            {"long_name": "upper bound of the p-value (OLS-MOSUM table)", "units": "1"},
        ),
        Out(
            "crossed",
            (),
            np.float64,
            np.nan,
            {
                "long_name": "1 if |process| exceeds the boundary somewhere, 0 if not, NaN if not computed"
            },
        ),
        Out("sigma", (), np.float64, np.nan, {"long_name": "residual standard deviation used"}),
        Out(
            "max_label",
            (),
            "label",
            None,
            {"long_name": "period where |process| is largest"},
        ),
        Out(
            "crossing_label",
            (),
            "label",
            None,
            {"long_name": "first period where |process| exceeds the boundary"},
        ),
        Out(
            "process",
            (dim,),
            np.float64,
            np.nan,
            {
                "long_name": "empirical fluctuation process (NaN where it has no value)",
                "units": "1",
            },
        ),
        Out(
            "boundary",
            (dim,),
            np.float64,
            np.nan,
            {
                "long_name": "positive boundary at alpha (reject where |process| exceeds it)",
                "units": "1",
            },
        ),
    ]


def _recursive_residuals_multi(Yg: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Recursive residuals of every row of ``Yg`` on the shared ``X`` (rows (S, n - k)).

    The square-root update of :func:`policyts.models.fluctuation.recursive_residuals`,
    with the transformed responses of all series carried as extra columns: the
    orthogonal transformations depend on the regressors only.
    """
    from scipy import linalg

    n, k = X.shape
    S = Yg.shape[0]
    q, r = np.linalg.qr(X[:k])
    z = q.T @ Yg[:, :k].T  # (k, S)
    w = np.empty((S, n - k))
    aug = np.empty((k + 1, k + S))
    for t in range(k, n):
        x = X[t]
        beta = linalg.solve_triangular(r, z)
        v = linalg.solve_triangular(r, x, trans="T")
        w[:, t - k] = (Yg[:, t] - x @ beta) / np.sqrt(1.0 + v @ v)
        aug[:k, :k] = r
        aug[:k, k:] = z
        aug[k, :k] = x
        aug[k, k:] = Yg[:, t]
        raug = np.asarray(np.linalg.qr(aug, mode="r"))
        r = raug[:k, :k]
        z = raug[:k, k:]
    return w


def _cusum_group(Yg: np.ndarray, g: Group, ctx: Ctx) -> GroupResult:
    p = ctx.params
    kind, hbw = p["kind"], p["h"]
    X = g.X
    n, k = X.shape
    S = Yg.shape[0]
    if n < k + 2:
        return f"too few observations ({n}): the test needs at least k + 2 = {k + 2}"
    if kind == "rec-cusum":
        if np.linalg.matrix_rank(X[:k]) < k:
            return (
                f"the regressors of the first {k} observations are collinear, so the "
                "recursive fit cannot start there"
            )
        w = _recursive_residuals_multi(Yg, X)
        d = w - w.mean(axis=1, keepdims=True)
        sigma = np.sqrt(np.einsum("ij,ij->i", d, d) / (n - k - 1))
        with np.errstate(divide="ignore", invalid="ignore"):
            proc = np.cumsum(w, axis=1) / (sigma[:, None] * np.sqrt(n - k))
        positions = np.arange(k, n)
    else:
        coef, *_ = np.linalg.lstsq(X, Yg.T, rcond=None)
        e = Yg - (X @ coef).T
        d = e - e.mean(axis=1, keepdims=True)
        sigma = np.sqrt(np.einsum("ij,ij->i", d, d) / (n - k))
        csum = np.cumsum(e, axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            if kind == "ols-cusum":
                proc = csum / (sigma[:, None] * np.sqrt(n))
                positions = np.arange(n)
            else:
                nh = mosum_window(n, hbw)
                if nh < 2:
                    return (
                        f"the MOSUM window floor(n h) = {nh} observation(s) is too short "
                        f"for {n} observations"
                    )
                csum0 = np.concatenate([np.zeros((S, 1)), csum], axis=1)
                proc = (csum0[:, nh:] - csum0[:, : n - nh + 1]) / (sigma[:, None] * np.sqrt(n))
                positions = np.arange(n - nh + 1) + nh // 2 - 1
    scale = np.sqrt(np.mean(Yg**2, axis=1))
    zero = ~(sigma > 1e-12 * scale)
    m = proc.shape[1]
    crit = p["critical_value"]
    bound = fluctuation_boundary(crit, kind, m)
    absproc = np.abs(proc)
    if kind == "rec-cusum":
        stat = np.max(absproc / (1.0 + 2.0 * np.arange(1, m + 1) / m), axis=1)
    else:
        stat = np.max(absproc, axis=1)
    pval, lo, hi = fluctuation_pvalues(np.where(zero, 0.0, stat), kind, hbw)
    exceed = absproc > bound
    any_cross = exceed.any(axis=1)
    process = np.full((S, ctx.n), np.nan)
    boundary = np.full((S, ctx.n), np.nan)
    process[:, positions + g.start] = proc
    boundary[:, positions + g.start] = bound
    reason = np.where(
        zero,
        "the residual standard deviation is zero: the regressors fit the series exactly",
        "",
    ).astype(object)
    return {
        "stat": stat,
        "pvalue": pval,
        "pvalue_lower": lo,
        "pvalue_upper": hi,
        "crossed": (stat > crit).astype(np.float64),
        "sigma": sigma,
        "max_label": positions[np.argmax(absproc, axis=1)] + g.start,
        "crossing_label": np.where(any_cross, positions[np.argmax(exceed, axis=1)] + g.start, -1),
        "process": process,
        "boundary": boundary,
        "reason": reason,
    }


def _cusum_setup(kind: str, h: float, alpha: float) -> tuple[float, dict[str, Any]]:
    check_options(kind, h, alpha)
    crit = fluctuation_critical_value(alpha, kind, h)
    scale = "max |process| / (1 + 2 t)" if kind == "rec-cusum" else "max |process|"
    attrs: dict[str, Any] = {
        "test": kind,
        "statistic_scale": scale,
        "alpha": alpha,
        "critical_value": crit,
        "references": _PANEL_REFERENCES,
        "conventions": (
            "process values sit at the periods R strucchange labels them with (see "
            "policyts.models.fluctuation); the CUSUMs' leading 0 is not included"
        ),
    }
    if kind == "ols-mosum":
        attrs["bandwidth_h"] = h
    return crit, attrs


def cusum_panel(
    y: Any,
    exog: Any = None,
    *,
    dim: str | None = None,
    const: bool = True,
    trend: bool = False,
    kind: str = "ols-cusum",
    h: float = 0.15,
    alpha: float = 0.05,
    span: str = "common",
) -> xr.Dataset:
    """Fluctuation test (OLS-CUSUM, recursive CUSUM, OLS-MOSUM) for every series in ``y``.

    Parameters
    ----------
    y, exog, dim, span
        As in :func:`sup_f_panel`.
    const, trend, kind, h, alpha
        As in :func:`policyts.models.cusum`.

    Returns
    -------
    xarray.Dataset
        ``stat`` (strucchange's ``sctest`` statistic; attrs ``statistic_scale``),
        ``pvalue``, ``pvalue_lower`` / ``pvalue_upper`` (bounds from the OLS-MOSUM table;
        equal to ``pvalue`` for the CUSUMs), ``crossed`` (1/0), ``sigma``, ``max_label``,
        ``crossing_label`` (NaN if never crossed), and over the time dimension ``process``
        and ``boundary`` (NaN where the process has no value); ``n_obs``,
        ``sample_start``, ``sample_end``, ``reason``.  The critical value is in the attrs.

    Notes
    -----
    Processes, statistics and p-values equal :func:`policyts.models.cusum` on each series
    to a relative 1e-10 (tests/test_panel.py).  The recursive residuals of all series
    sharing their regressors come from one square-root (QR) update, carrying the series
    as extra columns.

    References
    ----------
    Brown, R. L., Durbin, J. and Evans, J. M. (1975). JRSS B 37(2), 149-163.
    Ploberger, W. and Kraemer, W. (1992). Econometrica 60(2), 271-285.
    Chu, C.-S. J., Hornik, K. and Kuan, C.-M. (1995). Biometrika 82(3), 603-617.

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
    >>> from policyts.models import cusum_panel
    >>> res = cusum_panel(y, kind="ols-cusum")
    >>> res["crossed"].values.tolist()
    [1.0, 1.0, 1.0]
    """
    crit, attrs = _cusum_setup(kind, h, alpha)
    prep = prepare(y, exog, dim, const, trend, span, "cusum_panel")
    ctx = make_ctx(
        prep.series.n,
        const,
        trend,
        span,
        prep.exog_names,
        prep.labels,
        sizes={prep.dim: prep.series.n},
        kind=kind,
        h=h,
        critical_value=crit,
    )
    return run(prep, ctx, _cusum_group, _cusum_outputs(prep.dim), attrs)


def cusum_array(
    y: Any,
    exog: Any = None,
    *,
    const: bool = True,
    trend: bool = False,
    kind: str = "ols-cusum",
    h: float = 0.15,
    alpha: float = 0.05,
    span: str = "common",
    labels: Any = None,
) -> dict[str, np.ndarray]:
    """The numpy kernel of :func:`cusum_panel` (see :func:`sup_f_array`); ``process`` and
    ``boundary`` are ``(..., n)``."""
    crit, _ = _cusum_setup(kind, h, alpha)
    Y, E, lab, names = array_input(y, exog, labels, span)
    n = Y.shape[-1]
    ctx = make_ctx(
        n,
        const,
        trend,
        span,
        names,
        lab,
        sizes={"time": n},
        kind=kind,
        h=h,
        critical_value=crit,
    )
    check_shared_common(E, ctx)
    return run_array(Y, E, ctx, _cusum_group, _cusum_outputs("time"))
