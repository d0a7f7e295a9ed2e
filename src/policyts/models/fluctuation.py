"""Fluctuation tests for structural change: OLS-CUSUM, recursive CUSUM and OLS-MOSUM.

Each test turns the residuals of a linear regression ``y_t = x_t' beta + u_t`` into an
empirical fluctuation process (cumulated or moving sums of standardised residuals) and
rejects parameter constancy when the process crosses a boundary that a process under the
null hypothesis crosses with probability ``alpha``.

The numpy kernels (:func:`recursive_residuals`, :func:`efp_process`,
:func:`fluctuation_pvalue`, :func:`fluctuation_critical_value`,
:func:`fluctuation_boundary`) work on plain arrays; :func:`cusum` validates a labelled
series and returns a frozen :class:`FluctuationTest`.

Which observation each process value belongs to (0-based positions ``0..n-1`` of the
series, ``k`` regressors, ``n`` observations):

* ``"ols-cusum"``: ``n`` values; value ``j`` is the standardised sum of the OLS residuals
  of positions ``0..j`` and is labelled with position ``j``.
* ``"rec-cusum"``: ``n - k`` values; value ``j`` is the standardised sum of the recursive
  residuals of positions ``k..k+j`` and is labelled with position ``k + j``.
* ``"ols-mosum"``: ``n - nh + 1`` values with window length ``nh = floor(n h)``; value
  ``i`` is the standardised sum of the OLS residuals of positions ``i..i+nh-1`` and is
  labelled, as R strucchange labels it, with position ``i + floor(nh / 2) - 1`` (the window
  centre for even ``nh``, one before it for odd ``nh``); the window's first and last
  labels are kept as well.

R strucchange prepends a 0 to both CUSUM processes (the empty sum, one period before the
first value); it is 0 by construction, is not used by the test and is not included here.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
from scipy import linalg

from policyts._progress import progress
from policyts.models._degenerate import check_design, regressor_problem
from policyts.models._design import Design, build_design
from policyts.models._fluct_kernels import (
    KINDS,
    MOSUM_ALPHA_RANGE,
    MOSUM_H_RANGE,
    check_options,
    fluctuation_boundary,
    fluctuation_critical_value,
    fluctuation_pvalues,
    mosum_window,
)
from policyts.models._fluct_panel import cusum_array, cusum_panel
from policyts.models._many import is_panel
from policyts.models._results import HypothesisTest, _json_float, _json_value, format_number
from policyts.models._seasonal_design import seasonal_dummies

if TYPE_CHECKING:
    import xarray as xr
    from matplotlib.axes import Axes

__all__ = [
    "FluctuationTest",
    "cusum",
    "ols_cusum",
    "rec_cusum",
    "ols_mosum",
    "recursive_residuals",
    "efp_process",
    "mosum_window",
    "fluctuation_pvalue",
    "fluctuation_critical_value",
    "fluctuation_boundary",
    "MOSUM_H_RANGE",
    "MOSUM_ALPHA_RANGE",
    "cusum_array",
    "cusum_panel",
]

FluctuationKind = Literal["ols-cusum", "rec-cusum", "ols-mosum"]
# Rows per block of the recursive residuals, and the series length from which a progress
# bar may be shown.
_RECURSIVE_BLOCK = 64
_SINGLE_THREAD_FROM = 256
_PROGRESS_OBS = 500_000

_NAMES = {
    "ols-cusum": "OLS-based CUSUM test",
    "rec-cusum": "Recursive CUSUM test",
    "ols-mosum": "OLS-based MOSUM test",
}
_PROCESS_LONG_NAMES = {
    "ols-cusum": "OLS-based CUSUM process",
    "rec-cusum": "recursive CUSUM process",
    "ols-mosum": "OLS-based MOSUM process",
}
_SCALES = {
    "ols-cusum": "max |process|",
    "rec-cusum": "max |process| / (1 + 2 t)",
    "ols-mosum": "max |process|",
}
_DISTRIBUTIONS = {
    "ols-cusum": "sup |Brownian bridge| (Kolmogorov distribution)",
    "rec-cusum": "Brownian motion crossing +-b (1 + 2 t)",
    "ols-mosum": "Chu, Hornik & Kuan (1995) table, interpolated",
}
_REFERENCES = (
    "Brown, Durbin & Evans (1975), JRSS B 37(2), 149-163; "
    "Ploberger & Kraemer (1992), Econometrica 60(2), 271-285; "
    "Chu, Hornik & Kuan (1995), Biometrika 82(3), 603-617 and Econometric Theory 11(4), "
    "669-720; Zeileis, Leisch, Hornik & Kleiber (2002), Journal of Statistical Software 7(2)"
)


# --------------------------------------------------------------------------------------
# numpy kernels
# --------------------------------------------------------------------------------------


def recursive_residuals(y: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Standardised one-step-ahead prediction errors of recursive least squares.

    For ``t = k, ..., n - 1`` (0-based), with ``b_{t}`` the OLS coefficients from positions
    ``0..t-1``,
    ``w_t = (y_t - x_t' b_t) / sqrt(1 + x_t' (X_{0..t-1}' X_{0..t-1})^{-1} x_t)``.

    Parameters
    ----------
    y : ndarray, shape (n,)
    X : ndarray, shape (n, k)
        The first ``k`` rows must have full rank ``k``.

    Returns
    -------
    ndarray, shape (n - k,)
        ``w[j]`` belongs to position ``k + j``.

    Raises
    ------
    ValueError
        If ``n <= k`` or the first ``k`` rows of ``X`` are collinear.

    Notes
    -----
    The fit is updated in square-root (QR) form: the triangular factor ``R`` of the
    regressors seen so far and ``z = Q' y`` are re-triangularised with each new block of
    rows, which stays accurate where updating the inverse of ``X'X`` would lose digits.
    Within a block of rows ``X_b`` following a fit ``(R, beta)``, the recursive residuals
    are the standardised innovations ``L^{-1} (y_b - X_b beta)`` of the block, where
    ``L L' = I + U U'`` and ``U = X_b R^{-1}`` (the prediction covariance of the block
    given the rows before it; ``L`` comes from a QR factorisation of ``[I; U']``). With
    blocks of one row this is the textbook one-step recursion; blocks of up to 64 rows
    (never longer than the rows already fitted) make long series fast. Checked against
    R strucchange 1.5-3 ``recresid()`` through the recursive CUSUM process, and against
    the one-row recursion (tests/test_fluctuation_numerics.py).

    References
    ----------
    Brown, R. L., Durbin, J. and Evans, J. M. (1975). Techniques for testing the constancy
    of regression relationships over time. Journal of the Royal Statistical Society B 37(2),
    149-163.
    """
    y = np.asarray(y, dtype=np.float64)
    X = np.asarray(X, dtype=np.float64)
    n, k = X.shape
    if n <= k:
        raise ValueError(f"recursive residuals need more than k = {k} observations, got {n}")
    rank = np.linalg.matrix_rank(X[:k])
    if rank < k:
        raise ValueError(
            f"the regressors of the first {k} observations are collinear (rank {rank} < {k}), "
            "so the recursive fit cannot start there; use kind='ols-cusum' or 'ols-mosum', "
            "or regressors that vary from the start of the sample"
        )
    q, r = np.linalg.qr(X[:k])
    z = q.T @ y[:k]
    w = np.empty(n - k)
    with contextlib.ExitStack() as stack:
        if n - k >= _SINGLE_THREAD_FROM:
            # Many small LAPACK calls: threaded BLAS only adds overhead here, and on a busy
            # machine spinning threads make it 10-100 times slower.
            from threadpoolctl import threadpool_limits

            stack.enter_context(threadpool_limits(1, user_api="blas"))
        bar = stack.enter_context(progress(n - k, "recursive residuals", show=n > _PROGRESS_OBS))
        _recursive_blocks(y, X, r, z, w, bar)
    return w


def _recursive_blocks(
    y: np.ndarray, X: np.ndarray, r: np.ndarray, z: np.ndarray, w: np.ndarray, bar: Any
) -> None:
    """Fill ``w`` with the recursive residuals after the first ``k`` rows (see
    :func:`recursive_residuals`), starting from their QR factors ``r`` and ``z``."""
    n, k = X.shape
    t = k
    while t < n:
        # A block no longer than the rows already fitted keeps I + U U' well
        # conditioned (its rows' leverages relative to the fit so far stay moderate).
        size = min(t, _RECURSIVE_BLOCK, n - t)
        xb = X[t : t + size]
        yb = y[t : t + size]
        beta = linalg.solve_triangular(r, z)
        # Rows of U are u_j = R'^{-1} x_j, so U U' = X_b (R'R)^{-1} X_b'.
        ut = linalg.solve_triangular(r, xb.T, trans="T")
        resid = yb - xb @ beta
        # I + U U' = L L' with L from the QR factor of [I; U'] (no squared condition).
        lt = np.asarray(linalg.qr(np.vstack([np.eye(size), ut]), mode="r")[0][:size])
        lt *= np.where(np.diag(lt) < 0, -1.0, 1.0)[:, None]
        w[t - k : t - k + size] = linalg.solve_triangular(lt, resid, trans="T")
        aug = np.empty((k + size, k + 1))
        aug[:k, :k] = r
        aug[:k, k] = z
        aug[k:, :k] = xb
        aug[k:, k] = yb
        raug: np.ndarray = np.asarray(np.linalg.qr(aug, mode="r"))
        r = raug[:k, :k]
        z = raug[:k, k]
        t += size
        bar.update(size)


def _centred_sd(e: np.ndarray, df: int) -> float:
    # strucchange's variance estimate: squares of deviations from the mean over df. With
    # an intercept the OLS residuals have mean 0 and this is sqrt(RSS / (n - k)).
    d = e - e.mean()
    return math.sqrt(float(d @ d) / df)


def efp_process(
    y: np.ndarray, X: np.ndarray, kind: str, h: float = 0.15
) -> tuple[np.ndarray, np.ndarray, float]:
    """Empirical fluctuation process of a linear regression.

    Parameters
    ----------
    y : ndarray, shape (n,)
    X : ndarray, shape (n, k)
    kind : {"ols-cusum", "rec-cusum", "ols-mosum"}
    h : float
        OLS-MOSUM bandwidth (window length as a fraction of ``n``); unused otherwise.

    Returns
    -------
    process : ndarray
        The standardised process, without strucchange's leading 0 for the CUSUMs.
    positions : ndarray of int
        0-based position of the observation each value is labelled with (see the module
        docstring).
    sigma : float
        The residual standard deviation used to standardise: for the OLS processes
        ``sqrt(sum((e - mean(e))^2) / (n - k))`` of the OLS residuals ``e``; for the
        recursive CUSUM the sample standard deviation (``n - k - 1`` degrees of freedom,
        centred on their mean) of the ``n - k`` recursive residuals.

    Notes
    -----
    ``ols-cusum``: ``W_j = sum_{t <= j} e_t / (sigma sqrt(n))``.
    ``rec-cusum``: ``W_j = sum_{t=k}^{k+j} w_t / (sigma sqrt(n - k))``.
    ``ols-mosum``: ``M_i = sum_{t=i}^{i+nh-1} e_t / (sigma sqrt(n))``.
    These are the definitions of R strucchange 1.5-3 ``efp()`` (types "OLS-CUSUM",
    "Rec-CUSUM", "OLS-MOSUM"), against which they are checked.
    """
    y = np.asarray(y, dtype=np.float64)
    X = np.asarray(X, dtype=np.float64)
    n, k = X.shape
    # The process does not depend on the scale of y. Scaling y by a power of two is exact,
    # so every value below is bit-for-bit what it would be unscaled, but squares of values
    # near 1e300 (or 1e-300) no longer overflow (underflow).
    y, exponent = _unit_scale(y)
    if kind == "rec-cusum":
        w = recursive_residuals(y, X)
        sigma = _centred_sd(w, n - k - 1)
        _check_sigma(sigma, y)
        return np.cumsum(w) / (sigma * math.sqrt(n - k)), np.arange(k, n), _rescale(sigma, exponent)
    coef, *_ = np.linalg.lstsq(X, y, rcond=None)
    e = y - X @ coef
    sigma = _centred_sd(e, n - k)
    _check_sigma(sigma, y)
    csum = np.cumsum(e)
    if kind == "ols-cusum":
        return csum / (sigma * math.sqrt(n)), np.arange(n), _rescale(sigma, exponent)
    if kind == "ols-mosum":
        nh = mosum_window(n, h)
        csum0 = np.concatenate([[0.0], csum])
        moving = csum0[nh:] - csum0[: n - nh + 1]
        positions = np.arange(n - nh + 1) + nh // 2 - 1
        return moving / (sigma * math.sqrt(n)), positions, _rescale(sigma, exponent)
    raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")


def _unit_scale(y: np.ndarray) -> tuple[np.ndarray, int]:
    """``(y / 2**e, e)`` with ``max |y / 2**e|`` in [0.5, 1); ``e = 0`` for an all-zero or
    non-finite ``y`` (left to the checks that follow)."""
    top = float(np.max(np.abs(y))) if y.size else 0.0
    if top == 0.0 or not math.isfinite(top):
        return y, 0
    exponent = math.frexp(top)[1]
    if exponent == 0:
        return y, 0
    return np.ldexp(y, -exponent), exponent


def _rescale(sigma: float, exponent: int) -> float:
    return math.ldexp(sigma, exponent) if exponent else sigma


def _check_sigma(sigma: float, y: np.ndarray) -> None:
    scale = float(np.sqrt(np.mean(y**2)))
    if not sigma > 1e-12 * scale:
        raise ValueError(
            "the residual standard deviation is zero: the regressors fit y exactly, so the "
            "fluctuation process is undefined; check the series and the regressors"
        )


def fluctuation_pvalue(stat: float, kind: str, h: float = 0.15) -> float:
    """Asymptotic p-value of a fluctuation test statistic, as R strucchange computes it.

    Parameters
    ----------
    stat : float
        The statistic on the scale of :attr:`FluctuationTest.stat` for ``kind``.
    kind : {"ols-cusum", "rec-cusum", "ols-mosum"}
    h : float
        OLS-MOSUM bandwidth, in [0.05, 0.5]; unused otherwise.

    Returns
    -------
    float
        ``"ols-cusum"``: ``P(sup |B(t)| > stat)`` for a Brownian bridge ``B``, the
        Kolmogorov survival function ``2 sum_{i>=1} (-1)^(i+1) exp(-2 i^2 stat^2)``.
        ``"rec-cusum"``: the probability that a standard Brownian motion on [0, 1] crosses
        ``+-stat (1 + 2t)``.
        ``"ols-mosum"``: linear interpolation of the Chu, Hornik & Kuan (1995) table
        through the points ``(0, 1)``, ``(c_0.10, 0.10)``, ``(c_0.05, 0.05)``,
        ``(c_0.025, 0.025)``, ``(c_0.01, 0.01)`` and 0.01 beyond ``c_0.01``: so a value of
        0.01 means ``p <= 0.01`` and a value above 0.10 only means ``p >= 0.10``.

    Notes
    -----
    Checked against R strucchange 1.5-3 ``pvalue.efp()`` on a grid of statistics (largest
    absolute difference 1e-15). Where strucchange's own arithmetic underflows to 0
    (p below about 1e-16), this function returns the small positive value.

    References
    ----------
    Ploberger, W. and Kraemer, W. (1992). The CUSUM test with OLS residuals. Econometrica
    60(2), 271-285.

    Chu, C.-S. J., Hornik, K. and Kuan, C.-M. (1995). MOSUM tests for parameter constancy.
    Biometrika 82(3), 603-617.

    Zeileis, A. (2004). Alternative boundaries for CUSUM tests. Statistical Papers 45,
    123-131.
    """
    p, _, _ = fluctuation_pvalues(np.asarray(float(stat)), kind, h)
    return float(p)


def _mosum_pvalue_bounds(stat: float, h: float) -> tuple[float, float]:
    _, lo, hi = fluctuation_pvalues(np.asarray(stat), "ols-mosum", h)
    return float(lo), float(hi)


def _statistic(process: np.ndarray, kind: str) -> float:
    m = process.shape[0]
    if kind == "rec-cusum":
        # Crossing +-b(1 + 2t) is the same event as max |W(t)| / (1 + 2t) > b.
        return float(np.max(np.abs(process) / (1.0 + 2.0 * np.arange(1, m + 1) / m)))
    return float(np.max(np.abs(process)))


# --------------------------------------------------------------------------------------
# result object
# --------------------------------------------------------------------------------------


def _empty_array() -> np.ndarray:
    return np.empty(0)


@dataclass(frozen=True, repr=False, eq=False)
class FluctuationTest(HypothesisTest):
    """Result of a fluctuation test (OLS-CUSUM, recursive CUSUM or OLS-MOSUM).

    Inherits ``name``, ``stat``, ``pvalue``, ``scale``, the hypotheses, ``distribution``,
    ``critical_values`` (levels 10%, 5%, 1%), ``details`` and ``note`` from
    :class:`~policyts.models._results.HypothesisTest`.

    Attributes
    ----------
    kind : str
        ``"ols-cusum"``, ``"rec-cusum"`` or ``"ols-mosum"``.
    alpha : float
        Significance level of :attr:`boundary` and :attr:`crossed`.
    critical_value : float
        ``b`` at level ``alpha``: the boundary is ``+-b`` (OLS processes) or
        ``+-b (1 + 2 j / (n - k))`` (recursive CUSUM).
    process : ndarray
        The standardised empirical fluctuation process (read-only).
    boundary : ndarray
        The (positive) boundary at each process value (read-only).
    labels : pandas.Index
        Time label of each process value (see the module docstring for the convention).
    positions : ndarray of int
        0-based position in the series of each label.
    crossed : bool
        True if ``|process|`` exceeds ``boundary`` somewhere (equivalently ``stat >
        critical_value``): parameter constancy is rejected at level ``alpha``.
    pvalue_bounds : tuple of float
        Interval known to contain the asymptotic p-value. Equal to ``(pvalue, pvalue)``
        for the CUSUM tests; for OLS-MOSUM the tabulated levels around the statistic,
        ``(0.10, 1.0)`` below the 10% critical value and ``(0.0, 0.01)`` beyond the 1%
        one.
    h : float or None
        OLS-MOSUM bandwidth (None for the CUSUM tests).
    window : int or None
        OLS-MOSUM window length ``floor(n h)`` in observations.
    window_start, window_end : pandas.Index or None
        OLS-MOSUM: first and last label of each value's window.
    sigma : float
        Residual standard deviation used to standardise the process.
    nobs : int
        Number of observations.
    regressors : tuple of str
        Names of the regressors.
    dim : str
        Name of the time dimension.
    series_name : str
        Name of the series.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[np.zeros(20), np.full(20, 2.0)] + rng.normal(scale=0.5, size=40)
    >>> from policyts.models import ols_cusum
    >>> res = ols_cusum(y)
    >>> res.kind, res.nobs, round(res.stat, 3)
    ('ols-cusum', 40, 2.932)
    """

    kind: str = "ols-cusum"
    alpha: float = 0.05
    critical_value: float = float("nan")
    process: np.ndarray = field(default_factory=_empty_array)
    boundary: np.ndarray = field(default_factory=_empty_array)
    labels: pd.Index = field(default_factory=lambda: pd.RangeIndex(0))
    positions: np.ndarray = field(default_factory=_empty_array)
    crossed: bool = False
    pvalue_bounds: tuple[float, float] = (float("nan"), float("nan"))
    h: float | None = None
    window: int | None = None
    window_start: pd.Index | None = None
    window_end: pd.Index | None = None
    sigma: float = float("nan")
    nobs: int = 0
    regressors: tuple[str, ...] = ()
    dim: str = "time"
    series_name: str = "y"

    def _pvalue_text(self) -> str:
        lo, hi = self.pvalue_bounds
        if self.kind != "ols-mosum" or lo == hi:
            return format_number(self.pvalue)
        if hi == 1.0:
            return f">= 0.10 (interpolated value {format_number(self.pvalue)})"
        if lo == 0.0:
            return "<= 0.01"
        return f"{format_number(self.pvalue)} (between {lo:g} and {hi:g}, interpolated)"

    def _pvalue_short(self) -> str:
        lo, hi = self.pvalue_bounds
        if self.kind == "ols-mosum" and hi == 1.0:
            return "p >= 0.10"
        if self.kind == "ols-mosum" and lo == 0.0:
            return "p <= 0.01"
        return f"p = {format_number(self.pvalue)}"

    def summary(self) -> str:
        first = _label_text(self.labels[0]) if len(self.labels) else "n/a"
        last = _label_text(self.labels[-1]) if len(self.labels) else "n/a"
        lines = [
            self.name,
            "=" * len(self.name),
            f"H0: {self.null_hypothesis}",
            f"H1: {self.alternative_hypothesis}",
            f"Statistic ({self.scale}): {format_number(self.stat)}",
            f"p-value: {self._pvalue_text()}  [{self.distribution}]",
        ]
        for level, cv in self.critical_values.items():
            lines.append(f"Critical value {level}: {format_number(cv)}")
        shape = "b (1 + 2 t)" if self.kind == "rec-cusum" else "b"
        lines.append(
            f"Boundary +-{shape} at alpha = {self.alpha:g}: b = "
            f"{format_number(self.critical_value)}; crossed: {self.crossed}"
        )
        lines.append(f"Process: {self.process.shape[0]} values labelled {first} .. {last}")
        for key, value in self.details.items():
            lines.append(f"{key}: {value if isinstance(value, str) else format_number(value)}")
        if self.note:
            lines.append(f"Note: {self.note}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python dictionary (JSON-ready), including the process and boundary."""
        out = super().to_dict()
        out.update(
            {
                "kind": self.kind,
                "alpha": self.alpha,
                "critical_value": _json_float(self.critical_value),
                "crossed": bool(self.crossed),
                "pvalue_bounds": [_json_float(v) for v in self.pvalue_bounds],
                "h": self.h,
                "window": self.window,
                "sigma": _json_float(self.sigma),
                "nobs": self.nobs,
                "labels": [_label_text(v) for v in self.labels],
                "positions": [int(p) for p in self.positions],
                "process": [_json_value(float(v)) for v in self.process],
                "boundary": [_json_value(float(v)) for v in self.boundary],
            }
        )
        return out

    def to_dataset(self) -> xr.Dataset:
        """The process and boundary as an :class:`xarray.Dataset` over the time labels.

        Variables ``process`` and ``boundary`` (the positive boundary; the test rejects
        where ``|process| > boundary``) on dimension :attr:`dim`, with a ``position``
        coordinate (0-based position in the series) and, for OLS-MOSUM,
        ``window_start`` / ``window_end``. Dataset attributes carry the statistic,
        p-value, level and references. Period labels (monthly, quarterly) are stored as
        their text (``"1984-12"``), as xarray has no period type.
        """
        import xarray as xr

        coords: dict[str, Any] = {
            self.dim: (self.dim, _coord_values(self.labels), {"long_name": self.dim}),
            "position": (
                self.dim,
                np.asarray(self.positions, dtype=np.int64),
                {"long_name": "0-based position of the observation in the series", "units": "1"},
            ),
        }
        if self.window_start is not None and self.window_end is not None:
            coords["window_start"] = (
                self.dim,
                _coord_values(self.window_start),
                {"long_name": "first period of the moving window"},
            )
            coords["window_end"] = (
                self.dim,
                _coord_values(self.window_end),
                {"long_name": "last period of the moving window"},
            )
        long_name = _PROCESS_LONG_NAMES[self.kind]
        data_vars = {
            "process": (
                self.dim,
                np.array(self.process),
                {
                    "long_name": f"{long_name} of {self.series_name}",
                    "units": "1",
                    "description": _process_description(self.kind),
                },
            ),
            "boundary": (
                self.dim,
                np.array(self.boundary),
                {
                    "long_name": f"boundary at alpha = {self.alpha:g} (reject where |process| "
                    "exceeds it)",
                    "units": "1",
                },
            ),
        }
        attrs = {
            "title": f"{self.name} for {self.series_name}",
            "test": self.kind,
            "statistic": self.stat,
            "statistic_scale": self.scale,
            "pvalue": self.pvalue,
            "pvalue_lower_bound": self.pvalue_bounds[0],
            "pvalue_upper_bound": self.pvalue_bounds[1],
            "alpha": self.alpha,
            "critical_value": self.critical_value,
            "boundary_crossed": int(self.crossed),
            "sigma": self.sigma,
            "nobs": self.nobs,
            "regressors": ", ".join(self.regressors),
            "source": "policyts.models.fluctuation",
            "references": _REFERENCES,
            "comment": "Checked against R strucchange 1.5-3 (efp, boundary, sctest).",
        }
        if self.h is not None:
            attrs["bandwidth_h"] = self.h
            attrs["window_length"] = int(self.window or 0)
        return xr.Dataset(data_vars=data_vars, coords=coords, attrs=attrs)

    def plot(self, ax: Axes | None = None) -> Axes:
        """Plot the process with the ``+-`` boundary at level :attr:`alpha`.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw into; the current axes if omitted.

        Returns
        -------
        matplotlib.axes.Axes
        """
        import matplotlib.pyplot as plt

        if ax is None:
            ax = plt.gca()
        x = _plot_values(self.labels)
        ax.plot(x, self.process, color="C0", lw=1.2, label=_PROCESS_LONG_NAMES[self.kind])
        ax.plot(
            x, self.boundary, color="C3", ls="--", lw=1.0, label=f"boundary, alpha = {self.alpha:g}"
        )
        ax.plot(x, -self.boundary, color="C3", ls="--", lw=1.0)
        ax.axhline(0.0, color="0.6", lw=0.8)
        ax.set_xlabel(self.dim)
        ax.set_ylabel(f"{_PROCESS_LONG_NAMES[self.kind]} [1]")
        ax.set_title(f"{self.name}: {self.series_name}, {self._pvalue_short()}")
        ax.legend(loc="best", fontsize="small")
        return ax


def _label_text(x: Any) -> str:
    if isinstance(x, pd.Timestamp):
        return str(x.date()) if x == x.normalize() else str(x)
    if isinstance(x, np.integer):
        return str(int(x))
    return str(x)


def _coord_values(labels: pd.Index) -> np.ndarray:
    if isinstance(labels, pd.PeriodIndex):
        # xarray has no period dtype: periods are kept as their text ("1984-12").
        return np.asarray(labels.astype(str))
    return np.asarray(labels)


def _plot_values(labels: pd.Index) -> Any:
    if isinstance(labels, pd.PeriodIndex):
        return labels.to_timestamp()
    return np.asarray(labels)


def _process_description(kind: str) -> str:
    if kind == "ols-cusum":
        return (
            "cumulative sum of OLS residuals up to and including this period, divided by "
            "sigma sqrt(n)"
        )
    if kind == "rec-cusum":
        return (
            "cumulative sum of recursive residuals up to and including this period, divided "
            "by sigma sqrt(n - k)"
        )
    return (
        "sum of OLS residuals over the moving window window_start..window_end, divided by "
        "sigma sqrt(n); labelled as R strucchange labels it"
    )


# --------------------------------------------------------------------------------------
# public wrapper
# --------------------------------------------------------------------------------------


def cusum(
    y: Any,
    exog: Any = None,
    *,
    const: bool = True,
    trend: bool = False,
    kind: str = "ols-cusum",
    h: float = 0.15,
    alpha: float = 0.05,
    seasonal: bool = False,
) -> FluctuationTest:
    """Fluctuation test for parameter constancy at unknown dates: OLS-CUSUM, recursive
    CUSUM or OLS-MOSUM.

    Parameters
    ----------
    y : array_like, pandas.Series or xarray.DataArray
        The series (validated by :func:`policyts._series.as_series`; NaN raises).
    exog : array_like, pandas.Series/DataFrame or xarray object, optional
        Further regressors (rows = time), aligned with ``y``.
    const, trend : bool
        Include an intercept / a linear trend 1..n (before ``exog``).
    kind : {"ols-cusum", "rec-cusum", "ols-mosum"}
        ``"ols-cusum"``: cumulated OLS residuals, sup of ``|process|`` against a Brownian
        bridge (Ploberger & Kraemer 1992). ``"rec-cusum"``: cumulated recursive residuals
        against the lines ``+-b (1 + 2t)`` (Brown, Durbin & Evans 1975). ``"ols-mosum"``:
        moving sums of OLS residuals over windows of ``floor(n h)`` observations (Chu,
        Hornik & Kuan 1995).
    h : float
        Bandwidth of the OLS-MOSUM window as a fraction of the sample, in (0, 1); the
        critical values exist for h in [0.05, 0.5]. Validated but not used by the CUSUM
        tests.
    seasonal : bool
        For monthly or quarterly series: add ``s - 1`` seasonal dummies (from the time
        labels, after ``exog``) to the regressors, so that the residuals whose cumulated
        sums form the process are free of the seasonal cycle; ``ValueError`` on annual or
        non-calendar data.
    alpha : float
        Level of the boundary and of :attr:`FluctuationTest.crossed`, in (0, 1); for
        OLS-MOSUM in [0.01, 0.10]. The p-value does not depend on it.

    Returns
    -------
    FluctuationTest
        ``stat`` is R strucchange's ``sctest()`` statistic: ``max |process|`` for
        OLS-CUSUM and OLS-MOSUM, ``max_j |W_j| / (1 + 2 j / (n - k))`` for the recursive
        CUSUM (which exceeds ``b`` exactly when the process crosses its boundary).

    Raises
    ------
    ValueError
        For bad input (see :func:`policyts.models._design.build_design`), an unknown
        ``kind``, ``h`` outside (0, 1) (or, for OLS-MOSUM, outside [0.05, 0.5] or giving a
        window shorter than 2 observations), ``alpha`` outside its range, fewer than
        ``k + 2`` observations for ``k`` regressors, collinear regressors in the first
        ``k`` observations (recursive CUSUM), or a zero residual variance.

    Notes
    -----
    Conventions of R strucchange that are matched (see :func:`efp_process` and
    :func:`fluctuation_pvalue` for the formulas):

    * OLS processes are standardised by ``sqrt(sum((e - mean(e))^2) / (n - k))``; the
      recursive CUSUM by the sample standard deviation of the recursive residuals
      (centred, ``n - k - 1`` degrees of freedom), not by the OLS ``sigma``.
    * The first recursive residual is that of position ``k`` (0-based), predicted from
      positions ``0..k-1``.
    * The OLS-MOSUM p-value is interpolated from a table and only bounded outside it
      (see :attr:`FluctuationTest.pvalue_bounds`).

    Checked against R strucchange 1.5-3 (``efp``, ``boundary``, ``sctest``) on the Nile
    series, log UK driver deaths with lags 1 and 12, and simulated data (with and without
    an intercept): processes and statistics agree to a relative 2e-11 or better, p-values
    to an absolute 2e-12 (tests/reference/strucchange_efp).

    References
    ----------
    Brown, R. L., Durbin, J. and Evans, J. M. (1975). Techniques for testing the constancy
    of regression relationships over time. Journal of the Royal Statistical Society B 37(2),
    149-163.

    Ploberger, W. and Kraemer, W. (1992). The CUSUM test with OLS residuals. Econometrica
    60(2), 271-285.

    Chu, C.-S. J., Hornik, K. and Kuan, C.-M. (1995). MOSUM tests for parameter constancy.
    Biometrika 82(3), 603-617.

    Chu, C.-S. J., Hornik, K. and Kuan, C.-M. (1995). The moving-estimates test for
    parameter stability. Econometric Theory 11(4), 669-720.

    Zeileis, A., Leisch, F., Hornik, K. and Kleiber, C. (2002). strucchange: An R package
    for testing for structural change in linear regression models. Journal of Statistical
    Software 7(2), 1-38.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[rng.normal(0, 1, 50), rng.normal(2, 1, 50)]
    >>> res = cusum(y, kind="ols-cusum")
    >>> bool(res.crossed), res.pvalue < 0.01
    (True, True)
    """
    if is_panel(y):  # many series: an xarray.Dataset of results over the other dims
        if seasonal:
            raise ValueError(
                "seasonal=True applies to one series; loop over the panel's series (each "
                "gets its seasonal dummies from its time labels)"
            )
        return cusum_panel(  # type: ignore[return-value]
            y, exog, const=const, trend=trend, kind=kind, h=h, alpha=alpha
        )
    check_options(kind, h, alpha)
    design = build_design(y, exog, const=const, trend=trend)
    check_design(design, test=f"The {_NAMES[kind]}")
    seasonal_text = ""
    if seasonal:
        design, seasonal_text = _with_seasonal_dummies(design)
    n, k = design.n, design.k
    series = design.series
    if n < k + 2:
        raise ValueError(
            f"{_NAMES[kind]} needs at least k + 2 = {k + 2} observations for the {k} "
            f"regressor(s) {list(design.names)}; the series {series.name!r} has {n}"
        )
    window: int | None = None
    if kind == "ols-mosum":
        window = mosum_window(n, h)
        if window < 2:
            raise ValueError(
                f"the MOSUM window floor(n h) = floor({n} * {h}) = {window} observation(s) "
                "is too short; it needs at least 2: increase h or use a longer series"
            )
    process, positions, sigma = efp_process(design.y, design.X, kind, h)
    stat = _statistic(process, kind)
    pvalue = fluctuation_pvalue(stat, kind, h)
    crit = fluctuation_critical_value(alpha, kind, h)
    boundary = fluctuation_boundary(crit, kind, process.shape[0])
    crossed = bool(stat > crit)
    if kind == "ols-mosum":
        bounds = _mosum_pvalue_bounds(stat, h)
    else:
        bounds = (pvalue, pvalue)
    labels = series.labels[positions]
    exceed = np.flatnonzero(np.abs(process) > boundary)
    first_label = series.labels[0]
    last_label = series.labels[-1]
    details: dict[str, Any] = {
        "nobs": n,
        "regressors": ", ".join(design.names),
        "sigma": sigma,
        "first boundary crossing": _label_text(labels[exceed[0]]) if exceed.size else "none",
        "max |process| at": _label_text(labels[int(np.argmax(np.abs(process)))]),
    }
    window_start = window_end = None
    note = ""
    if kind == "ols-mosum" and window is not None:
        starts = np.arange(process.shape[0])
        window_start = series.labels[starts]
        window_end = series.labels[starts + window - 1]
        details["bandwidth h"] = h
        details["window length (observations)"] = window
        note = (
            "p-value interpolated linearly in the Chu, Hornik & Kuan (1995) table (as R "
            "strucchange does); outside the tabulated levels it is only bounded: see "
            "pvalue_bounds. Each value is labelled with position i + floor(nh/2) - 1 of "
            "its window i..i+nh-1."
        )
    elif kind == "rec-cusum":
        note = (
            f"recursive residuals start at {_label_text(labels[0])} (the first {k} "
            "observations start the recursion); standardised by their own sample "
            "standard deviation."
        )
    if seasonal_text:
        note = f"{note} {seasonal_text}".strip()
    levels = (0.10, 0.05, 0.01)
    critical_values = {f"{100 * a:g}%": fluctuation_critical_value(a, kind, h) for a in levels}
    for arr in (process, boundary, positions):
        arr.setflags(write=False)
    return FluctuationTest(
        name=_NAMES[kind],
        stat=stat,
        pvalue=pvalue,
        scale=_SCALES[kind],
        null_hypothesis=(
            f"the coefficients of {list(design.names)} are constant from "
            f"{_label_text(first_label)} to {_label_text(last_label)}"
        ),
        alternative_hypothesis="the coefficients change at one or more unknown dates",
        distribution=_DISTRIBUTIONS[kind],
        critical_values=critical_values,
        details=details,
        note=note,
        kind=kind,
        alpha=float(alpha),
        critical_value=crit,
        process=process,
        boundary=boundary,
        labels=labels,
        positions=positions,
        crossed=crossed,
        pvalue_bounds=bounds,
        h=float(h) if kind == "ols-mosum" else None,
        window=window,
        window_start=window_start,
        window_end=window_end,
        sigma=sigma,
        nobs=n,
        regressors=tuple(design.names),
        dim=series.dim,
        series_name=series.name,
    )


def _with_seasonal_dummies(design: Design) -> tuple[Design, str]:
    """The design with ``s - 1`` seasonal dummies appended as ordinary regressors."""
    D, names = seasonal_dummies(design.series)
    X = np.column_stack([design.X, D])
    allnames = (*design.names, *names)
    problem = regressor_problem(X, allnames)
    if problem is not None:
        raise ValueError(f"with seasonal=True: {problem}")
    text = (
        f"seasonal=True: {len(names)} seasonal dummies ({names[0]} .. {names[-1]}) are "
        "regressors of the model whose residuals form the process."
    )
    return Design(series=design.series, X=X, names=allnames), text


def ols_cusum(
    y: Any, exog: Any = None, *, const: bool = True, trend: bool = False, alpha: float = 0.05
) -> FluctuationTest:
    """OLS-based CUSUM test: ``cusum(..., kind="ols-cusum")``; see :func:`cusum`.

    Examples
    --------
    >>> import numpy as np
    >>> from policyts.models import ols_cusum
    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[np.zeros(20), np.full(20, 2.0)] + rng.normal(scale=0.5, size=40)
    >>> res = ols_cusum(y)
    >>> round(res.critical_value, 4), res.crossed
    (1.3581, True)
    """
    return cusum(y, exog, const=const, trend=trend, kind="ols-cusum", alpha=alpha)


def rec_cusum(
    y: Any, exog: Any = None, *, const: bool = True, trend: bool = False, alpha: float = 0.05
) -> FluctuationTest:
    """Recursive CUSUM test: ``cusum(..., kind="rec-cusum")``; see :func:`cusum`.

    Examples
    --------
    >>> import numpy as np
    >>> from policyts.models import rec_cusum
    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[np.zeros(20), np.full(20, 2.0)] + rng.normal(scale=0.5, size=40)
    >>> res = rec_cusum(y)
    >>> round(res.critical_value, 4), res.crossed
    (0.9479, True)
    """
    return cusum(y, exog, const=const, trend=trend, kind="rec-cusum", alpha=alpha)


def ols_mosum(
    y: Any,
    exog: Any = None,
    *,
    const: bool = True,
    trend: bool = False,
    h: float = 0.15,
    alpha: float = 0.05,
) -> FluctuationTest:
    """OLS-based MOSUM test: ``cusum(..., kind="ols-mosum", h=h)``; see :func:`cusum`.

    Examples
    --------
    >>> import numpy as np
    >>> from policyts.models import ols_mosum
    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[np.zeros(20), np.full(20, 2.0)] + rng.normal(scale=0.5, size=40)
    >>> res = ols_mosum(y, h=0.25)
    >>> res.window, res.crossed
    (10, True)
    """
    return cusum(y, exog, const=const, trend=trend, kind="ols-mosum", h=h, alpha=alpha)
