"""The batched Bai-Perron dating of panels (models/_bp_batched.py) against the per-series
path it replaces: the same breaks, intervals and selections exactly, the same reasons for
series that cannot be computed, RSS and statistics to 1e-10 relative."""

from __future__ import annotations

import importlib
from typing import Any

import numpy as np
import pytest

from policyts.models import bai_perron
from policyts.models._bp_batched import bai_perron_batch, pargmaxv_array
from policyts.models._kernels import PrefixSums, segment_rss_exact
from policyts.models.bai_perron import pargmaxv
from policyts.models.panel import bai_perron_array

# the module (the package exports the function under the same name)
bp_mod = importlib.import_module("policyts.models.bai_perron")

N = 40
EXACT = (
    "selected_m",
    "break_index",
    "break_label",
    "break_end_label",
    "ci_lower_index",
    "ci_upper_index",
    "ci_lower_label",
    "ci_upper_label",
    "n_obs",
    "sample_start",
    "sample_end",
    "reason",
)
CLOSE = ("rss", "bic", "lwz", "sup_f_m", "sup_f_next", "udmax", "wdmax")


def _simulated(seed: int, S: int, trend: bool) -> np.ndarray:
    """Mean shifts (and slopes) of random size at random dates, some without a break."""
    rng = np.random.default_rng(seed)
    t = np.arange(N)
    brk = rng.integers(6, N - 6, size=S)
    shift = rng.normal(scale=2.0, size=S) * (rng.random(S) < 0.8)
    Y = (t[None] >= brk[:, None]) * shift[:, None] + rng.normal(size=(S, N))
    if trend:
        Y += 10.0 + rng.normal(scale=0.2, size=S)[:, None] * t[None]
    return Y


def _awkward(rng: np.random.Generator) -> np.ndarray:
    """Ties, exact fits and degenerate series, each with a known per-series answer."""
    t = np.arange(N, dtype=float)
    step = (t >= 17).astype(float)
    rows = [
        step * 3.0,  # noise-free step: RSS 0 with a break
        step * 3.0 + 0.5 * (t >= 30),  # two noise-free steps
        np.r_[np.zeros(20), np.ones(20)],  # symmetric step: tied partitions
        np.tile([0.0, 1.0], N // 2),  # alternating: many exact ties
        rng.integers(0, 3, size=N).astype(float),  # few distinct values: ties
        np.full(N, 2.5),  # constant: not computable
        np.r_[np.zeros(N - 1), 1.0],  # a lone deviating value: not computable
        1e6 + rng.normal(size=N),  # large level, small noise
        1e-100 * rng.normal(size=N),  # tiny scale
        1e6 * step + 1e-6 * rng.normal(size=N),  # noise at 1e-12 of the level
        0.5 * t + 2.0,  # a line: exact fit with a trend
        np.r_[rng.normal(size=N - 5), [np.nan] * 5],  # missing at the end
        np.r_[rng.normal(size=10), np.nan, rng.normal(size=N - 11)],  # missing inside
    ]
    Y = np.vstack(rows)
    return np.vstack([Y, Y[:3]])  # duplicated series


def _per_series(monkeypatch: pytest.MonkeyPatch, *args: Any, **kw: Any) -> dict[str, np.ndarray]:
    """The panel result with the batched kernel switched off: bai_perron on each series."""
    with monkeypatch.context() as mp:
        mp.setattr(bp_mod, "bai_perron_batch", lambda *a, **k: None)
        return bai_perron_array(*args, **kw)


def _assert_same(got: dict[str, np.ndarray], want: dict[str, np.ndarray]) -> None:
    for key in EXACT:
        np.testing.assert_array_equal(got[key], want[key], err_msg=key)
    for key in CLOSE:
        np.testing.assert_allclose(got[key], want[key], rtol=1e-10, atol=0, err_msg=key)


@pytest.mark.parametrize(
    ("trend", "select", "exog"),
    [
        (False, "bic", False),
        (False, "sequential", False),
        (True, "lwz", False),
        (True, "sequential", False),
        (False, "bic", True),
    ],
)
def test_batched_panel_equals_per_series(
    monkeypatch: pytest.MonkeyPatch, trend: bool, select: str, exog: bool
) -> None:
    rng = np.random.default_rng(18)
    Y = np.vstack([_simulated(3, 60, trend), _awkward(rng)])
    E = rng.normal(size=(N, 1)) if exog else None
    kw: dict[str, Any] = {"trend": trend, "select": select, "span": "observed"}
    got = bai_perron_array(Y, E, **kw)
    want = _per_series(monkeypatch, Y, E, **kw)
    _assert_same(got, want)
    # The comparison is not empty: most series are computed, and some are not.
    assert (want["reason"] == "").sum() >= 60 and (want["reason"] != "").sum() >= 3


def test_batched_panel_options(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whole-number trimming, a given M, homoskedastic intervals and another level."""
    Y = _simulated(5, 40, False)
    kw: dict[str, Any] = {
        "trim": 5,
        "max_breaks": 3,
        "level": 0.9,
        "het_reg": False,
        "het_err": False,
    }
    _assert_same(bai_perron_array(Y, **kw), _per_series(monkeypatch, Y, **kw))


def test_ordinary_series_are_settled_in_the_batch() -> None:
    """Series with noise are dated by the batched arithmetic, not sent back one by one;
    only the exact fits and ties are."""
    for trend in (False, True):
        Y = _simulated(7, 200, trend)
        X = np.column_stack([np.ones(N)] + ([np.arange(1.0, N + 1)] if trend else []))
        kw: dict[str, Any] = {"h": 6, "max_breaks": None, "level": 0.95}
        bd = bai_perron_batch(Y, X, select="bic", het_reg=True, het_err=True, **kw)
        assert bd is not None and bd.redo.sum() <= 2
        t = np.arange(N, dtype=float)
        Z = np.vstack([3.0 * (t >= 17), np.tile([0.0, 1.0], N // 2)])
        bz = bai_perron_batch(Z, X, select="bic", het_reg=True, het_err=True, **kw)
        assert bz is not None and bz.redo.all()


def test_batch_declines_what_bai_perron_refuses() -> None:
    X = np.ones((N, 1))
    Y = _simulated(1, 3, False)
    common: dict[str, Any] = {"select": "bic", "level": 0.95, "het_reg": True, "het_err": True}
    assert bai_perron_batch(Y, X, h=1, max_breaks=None, **common) is None  # h <= k
    assert bai_perron_batch(Y, X, h=25, max_breaks=None, **common) is None  # no 2 regimes
    assert bai_perron_batch(Y, X, h=6, max_breaks=9, **common) is None
    one = bai_perron(Y[0], trim=0.15, max_breaks=2)
    bd = bai_perron_batch(Y, X, h=6, max_breaks=2, **common)
    assert bd is not None and bd.M == one.max_breaks == 2


def test_pargmaxv_array_equals_pargmaxv() -> None:
    x = np.array([-250.0, -3.5, -0.01, 0.0, 0.01, 2.0, 40.0, 900.0])
    for xi, p1, p2 in [(1.0, 1.0, 1.0), (0.4, 1.3, 0.7), (2.5, 0.8, 1.9)]:
        want = [pargmaxv(v, xi, p1, p2) for v in x]
        np.testing.assert_allclose(pargmaxv_array(x, xi, p1, p2), want, rtol=1e-13, atol=1e-15)
    # a missing argument is missing in the answer, as the scalar function gives it
    assert np.isnan(pargmaxv(np.nan))
    out = pargmaxv_array(np.array([np.nan, 2.0]), 1.0, 1.0, 1.0)
    assert np.isnan(out[0]) and out[1] == pytest.approx(pargmaxv(2.0), rel=1e-13)


@pytest.mark.parametrize("design", ["const", "trend", "exog", "singular"])
def test_rss_grid_equals_exact_segment_rss(design: str) -> None:
    """The dynamic programme's cost grid (closed-form 2 x 2 fits for intercept and trend,
    the pseudo-inverse where a segment's regressors are singular) against lstsq."""
    n, h = 30, 4
    rng = np.random.default_rng(2)
    t = np.arange(1.0, n + 1)
    y = np.where(t > 12, 1.5, 0.0) + 0.05 * t + rng.standard_normal(n)
    cols = {
        "const": [np.ones(n)],
        "trend": [np.ones(n), t],
        "exog": [np.ones(n), t, rng.standard_normal(n)],
        "singular": [np.ones(n), (t > 15).astype(float)],  # the dummy is 0 up to 15
    }[design]
    X = np.column_stack(cols)
    R = PrefixSums(y, X).rss_grid(np.arange(n), np.arange(n), h)
    for i in range(n):
        for j in range(n):
            if j - i + 1 < h:
                assert R[i, j] == np.inf
            else:
                want = segment_rss_exact(y, X, [(i, j)])
                assert R[i, j] == pytest.approx(want, rel=1e-9, abs=1e-12)
