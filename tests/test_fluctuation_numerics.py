"""Numerics of the fluctuation tests on long and badly scaled series.

The blocked recursive residuals must equal the textbook one-row recursion (Brown, Durbin &
Evans 1975, in square-root form); the processes must not depend on the scale of ``y``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import linalg

from policyts.models import cusum
from policyts.models.fluctuation import efp_process, recursive_residuals


def one_row_recursion(y: np.ndarray, X: np.ndarray) -> np.ndarray:
    """w_t = (y_t - x_t' b_{t-1}) / sqrt(1 + x_t' (X'X)_{t-1}^{-1} x_t), one row at a time."""
    n, k = X.shape
    q, r = np.linalg.qr(X[:k])
    z = q.T @ y[:k]
    w = np.empty(n - k)
    for t in range(k, n):
        beta = linalg.solve_triangular(r, z)
        v = linalg.solve_triangular(r, X[t], trans="T")
        w[t - k] = (y[t] - X[t] @ beta) / math.sqrt(1.0 + v @ v)
        aug = np.vstack([np.column_stack([r, z]), np.r_[X[t], y[t]]])
        raug = np.linalg.qr(aug, mode="r")
        r, z = raug[:k, :k], raug[:k, k]
    return w


def designs(n: int, seed: int) -> list[tuple[str, np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    t = np.arange(1.0, n + 1)
    y = np.cumsum(rng.normal(size=n)) * 0.1 + rng.normal(size=n) + 0.01 * t
    x = rng.normal(size=n)
    heavy = rng.standard_t(2, size=n) * 100.0  # large, occasional high-leverage rows
    return [
        ("const", y, np.ones((n, 1))),
        ("const+trend", y, np.column_stack([np.ones(n), t])),
        ("const+trend+x", y, np.column_stack([np.ones(n), t, x])),
        ("const+heavy", y, np.column_stack([np.ones(n), heavy])),
        ("lag", y[1:], np.column_stack([np.ones(n - 1), y[:-1]])),
    ]


@pytest.mark.parametrize("n", [5, 9, 70, 300, 2000])
def test_blocked_recursive_residuals_equal_the_one_row_recursion(n: int) -> None:
    for name, y, X in designs(n, seed=n):
        got = recursive_residuals(y, X)
        want = one_row_recursion(y, X)
        scale = np.max(np.abs(want))
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-11 * scale, err_msg=name)


def test_recursive_cusum_statistic_is_unchanged_on_a_long_series() -> None:
    (_, y, X) = designs(5000, seed=3)[1]
    proc, _, sigma = efp_process(y, X, "rec-cusum")
    w = one_row_recursion(y, X)
    d = w - w.mean()
    ref_sigma = math.sqrt(float(d @ d) / (len(w) - 1))
    np.testing.assert_allclose(sigma, ref_sigma, rtol=1e-11)
    np.testing.assert_allclose(proc, np.cumsum(w) / (ref_sigma * math.sqrt(len(w))), rtol=1e-8)


@pytest.mark.parametrize("kind", ["ols-cusum", "rec-cusum", "ols-mosum"])
@pytest.mark.parametrize("power", [-400, -40, 7, 400])
def test_process_does_not_depend_on_the_scale_of_y(kind: str, power: int) -> None:
    # Scaling by a power of two is exact, so the processes agree bit for bit, including
    # at 2**400 (about 1e120) and 2**-400 (about 1e-120) where squares would over/underflow
    # (the degenerate-input check refuses values beyond 1e150 or below 1e-150, naming it).
    (_, y, _) = designs(60, seed=1)[1]
    base = cusum(y, trend=True, kind=kind)
    scaled = cusum(np.ldexp(y, power), trend=True, kind=kind)
    np.testing.assert_array_equal(scaled.process, base.process)
    assert scaled.stat == base.stat and scaled.pvalue == base.pvalue
    assert scaled.sigma == math.ldexp(base.sigma, power)


@pytest.mark.parametrize("power", [-1000, 900])
def test_values_beyond_the_representable_squares_are_refused(power: int) -> None:
    (_, y, _) = designs(60, seed=1)[1]
    with pytest.raises(ValueError, match="rescale"):
        cusum(np.ldexp(y, power), trend=True)


def test_constant_series_is_still_refused() -> None:
    with pytest.raises(ValueError, match="residual standard deviation is zero"):
        cusum(np.full(30, 3.0))
    with pytest.raises(ValueError, match="residual standard deviation is zero"):
        cusum(np.zeros(30))
