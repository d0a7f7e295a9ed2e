"""Regression design shared by every test: response, regressors and their names.

The model is ``y_t = x_t' beta + u_t``; ``x_t`` holds an intercept (``const=True``), a
linear trend (``trend=True``, the values 1..n) and any user regressors, in that order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from policyts._series import Series1D, as_exog, as_series

__all__ = ["Design", "build_design"]


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
) -> Design:
    """Validate ``y`` (and ``exog``) and build the regressor matrix.

    Raises
    ------
    ValueError
        For any problem :func:`policyts._series.as_series` names, when there are no
        regressors at all, or when a regressor is constant (besides the intercept) or the
        regressors are collinear.
    """
    series = y if isinstance(y, Series1D) else as_series(y, name=name)
    user, user_names = as_exog(exog, series)
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
    if series.n >= X.shape[1]:
        rank = np.linalg.matrix_rank(X)
        if rank < X.shape[1]:
            raise ValueError(
                f"the regressors {names} are collinear (rank {rank} < {X.shape[1]}): "
                "drop the redundant ones"
            )
    return Design(series=series, X=X, names=tuple(names))
