"""Regression design shared by every test: response, regressors and their names.

The model is ``y_t = x_t' beta + u_t``; ``x_t`` holds an intercept (``const=True``), a
linear trend (``trend=True``, the values 1..n) and any user regressors, in that order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from policyts._series import Series1D, as_exog, as_series
from policyts.models._degenerate import regressor_problem

__all__ = ["Design", "build_design", "difference_series", "DIFFERENCE_NOTE"]

#: Said in every result computed with ``difference=True``.
DIFFERENCE_NOTE = (
    "first differences: dy_t = y_t - y_(t-1) is labelled t, so a break at t is a change in "
    "the growth rate (the mean of dy) from period t on"
)


@dataclass(frozen=True)
class Design:
    """Validated response and regressor matrix for one series."""

    series: Series1D
    X: np.ndarray
    names: tuple[str, ...]

    @property
    def y(self) -> np.ndarray:
        return self.series.values

    @property
    def n(self) -> int:
        return self.series.n

    @property
    def k(self) -> int:
        return int(self.X.shape[1])


def build_design(
    y: Any,
    exog: Any = None,
    *,
    const: bool = True,
    trend: bool = False,
    name: str | None = None,
    difference: bool = False,
) -> Design:
    """Validate ``y`` (and ``exog``) and build the regressor matrix.

    With ``difference=True`` the response is the first difference of ``y`` (see
    :func:`difference_series`); ``exog`` is matched to the original labels and its first
    row dropped (not differenced), and the trend runs 1..n-1 over the differences.

    Raises
    ------
    ValueError
        For any problem :func:`policyts._series.as_series` names, when there are no
        regressors at all, or when a regressor is constant (besides the intercept) or the
        regressors are (within rounding) collinear, or a regressor is too large to square
        (see :mod:`policyts.models._degenerate`).  The series itself is checked by each
        test (:func:`policyts.models._degenerate.check_design`).
    """
    series = y if isinstance(y, Series1D) else as_series(y, name=name)
    user, user_names = as_exog(exog, series)
    if difference:
        series = difference_series(series)
        user = user[1:]
    cols: list[np.ndarray] = []
    names: list[str] = []
    if const:
        cols.append(np.ones(series.n))
        names.append("const")
    if trend:
        cols.append(np.arange(1, series.n + 1, dtype=float))
        names.append("trend")
    for j, nm in enumerate(user_names):
        col = user[:, j]
        if np.ptp(col) == 0 and (const or trend):
            raise ValueError(
                f"regressor {nm!r} is constant; it is collinear with the intercept: drop it"
            )
        cols.append(col)
        names.append(nm)
    if not cols:
        raise ValueError("the model has no regressors: use const=True, trend=True or give exog")
    X = np.column_stack(cols)
    problem = regressor_problem(X, names)
    if problem is not None:
        raise ValueError(problem)
    return Design(series=series, X=X, names=tuple(names))


def difference_series(series: Series1D) -> Series1D:
    """First differences ``y_t - y_(t-1)``, each labelled by its later period ``t``.

    The series is renamed ``diff(<name>)``; its attrs are kept, with ``units`` (if any)
    marked as a change per period.
    """
    if series.n < 3:
        raise ValueError(
            f"difference=True needs at least 3 observations of {series.name!r}, got {series.n}"
        )
    attrs = dict(series.attrs)
    if "units" in attrs:
        attrs["units"] = f"change in {attrs['units']} per period"
    return Series1D(
        values=np.diff(series.values),
        labels=series.labels[1:],
        freq=series.freq,
        name=f"diff({series.name})",
        dim=series.dim,
        attrs=attrs,
    )
