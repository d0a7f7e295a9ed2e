"""Break engine: conventions, invariances, simulation, published tables and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from policyts.models import bai_perron, chow, chow_predictive, f_path, sup_f
from policyts.models._robust import robust_cov
from policyts.models._tables import bai_perron_critical_value, hansen_pvalue, hansen_tau
from policyts.models.panel import sup_f_panel


def mean_shift(n: int, at: int, size: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    y = rng.standard_normal(n)
    y[at:] += size
    return y


# --- conventions -----------------------------------------------------------------------


def test_break_label_is_first_period_of_new_regime() -> None:
    y = pd.Series(mean_shift(40, 25, 4.0, 1), index=pd.Index(range(1985, 2025), name="year"))
    res = bai_perron(y, max_breaks=2)
    assert res.selected_m == 1
    (b,) = res.breaks
    assert (b.index, b.label, b.end_label) == (25, 2010, 2009)
    assert b.to_dict()["label"] == 2010 and b.to_dict()["end_label"] == 2009
    s = sup_f(y)
    assert (s.break_index, s.break_label, s.break_end_label) == (25, 2010, 2009)


def test_wald_is_k_times_f_and_chow_equals_path() -> None:
    rng = np.random.default_rng(3)
    x = rng.standard_normal(60)
    y = 1 + x + rng.standard_normal(60)
    path = f_path(y, x, trim=0.15)
    np.testing.assert_allclose(path.wald, 2 * path.f)
    c = chow(y, x, at=int(path.positions[10]))
    assert c.scale == "F"
    np.testing.assert_allclose(c.stat, path.f[10], rtol=1e-10)


def test_chow_predictive_matches_formula() -> None:
    rng = np.random.default_rng(4)
    n, n1 = 30, 28
    t = np.arange(n, dtype=float)
    y = 2 + 0.3 * t + rng.standard_normal(n)
    X = sm.add_constant(t)
    rss_pre = sm.OLS(y[:n1], X[:n1]).fit().ssr
    rss_all = sm.OLS(y, X).fit().ssr
    expected = ((rss_all - rss_pre) / 2) / (rss_pre / (n1 - 2))
    res = chow_predictive(y, at=n1, trend=True)
    np.testing.assert_allclose(res.stat, expected, rtol=1e-10)
    assert res.df == (2.0, 26.0)
    np.testing.assert_allclose(res.pvalue, stats.f.sf(expected, 2, 26))


def test_hac_wald_matches_statsmodels() -> None:
    rng = np.random.default_rng(5)
    n, b = 80, 40
    x = rng.standard_normal(n)
    y = 1 + 0.5 * x + rng.standard_normal(n)
    d = (np.arange(n) >= b).astype(float)
    Z = np.column_stack([np.ones(n), x, d, d * x])
    fit = sm.OLS(y, Z).fit(cov_type="HAC", cov_kwds={"maxlags": 3, "use_correction": False})
    V = robust_cov(Z, fit.resid, cov_type="HAC", maxlags=3)
    np.testing.assert_allclose(V, fit.cov_params(), rtol=1e-10)
    res = chow(y, x, at=b, cov_type="HAC", maxlags=3)
    delta = fit.params[2:]
    expected = delta @ np.linalg.solve(np.asarray(fit.cov_params())[2:, 2:], delta)
    np.testing.assert_allclose(res.stat, expected, rtol=1e-8)
    assert res.scale == "Wald" and res.df == (2.0,)
    hc = chow(y, x, at=b, cov_type="HC0")
    fit0 = sm.OLS(y, Z).fit(cov_type="HC0")
    exp0 = delta @ np.linalg.solve(np.asarray(fit0.cov_params())[2:, 2:], delta)
    np.testing.assert_allclose(hc.stat, exp0, rtol=1e-8)


# --- published tables ------------------------------------------------------------------


def test_bai_perron_table_lookup() -> None:
    # Bai & Perron (2003), supF table, eps = 0.15, 5% level, q = 1, m = 1.
    assert bai_perron_critical_value("supF", 0.15, 0.05, 1, "1") == 8.58
    assert bai_perron_critical_value("supF_next", 0.15, 0.10, 1, "0") == 7.04
    assert np.isnan(bai_perron_critical_value("supF", 0.25, 0.05, 1, "5"))


def test_hansen_at_half_trimming_is_chow_chi2() -> None:
    np.testing.assert_allclose(hansen_pvalue(5.0, 2, 0.5), stats.chi2.sf(5.0, 2))
    assert hansen_tau(100, 15, 85) == pytest.approx(0.15)


# --- invariances (property tests) ------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    scale=st.floats(min_value=1e-3, max_value=1e3),
    shift=st.floats(min_value=-1e3, max_value=1e3),
    seed=st.integers(0, 10_000),
)
def test_f_statistics_invariant_to_affine_rescaling(scale: float, shift: float, seed: int) -> None:
    y = mean_shift(50, 20, 1.0, seed)
    base = f_path(y)
    moved = f_path(scale * y + shift)
    np.testing.assert_allclose(moved.wald, base.wald, rtol=1e-7, atol=1e-9)
    bp0 = bai_perron(y, max_breaks=3)
    bp1 = bai_perron(scale * y + shift, max_breaks=3)
    assert [b.index for b in bp1.breaks_by_m[2]] == [b.index for b in bp0.breaks_by_m[2]]


@settings(max_examples=20, deadline=None)
@given(offset=st.integers(-500, 3000), seed=st.integers(0, 1000))
def test_shifting_time_labels_shifts_break_labels(offset: int, seed: int) -> None:
    y = mean_shift(40, 18, 3.0, seed)
    years = np.arange(2000, 2040)
    a = bai_perron(pd.Series(y, index=years), max_breaks=2)
    b = bai_perron(pd.Series(y, index=years + offset), max_breaks=2)
    assert [br.label + offset for br in a.breaks] == [br.label for br in b.breaks]
    assert [br.index for br in a.breaks] == [br.index for br in b.breaks]


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_dp_matches_brute_force_two_breaks(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, h = 24, 4
    y = rng.standard_normal(n) + np.repeat(rng.normal(0, 2, 3), 8)
    res = bai_perron(y, trim=h, max_breaks=2)

    def rss(seg: np.ndarray) -> float:
        return float(((seg - seg.mean()) ** 2).sum())

    best = min(
        (rss(y[:i]) + rss(y[i:j]) + rss(y[j:]), (i, j))
        for i in range(h, n - 2 * h + 1)
        for j in range(i + h, n - h + 1)
    )
    assert [b.index for b in res.breaks_by_m[2]] == list(best[1])
    np.testing.assert_allclose(res.rss[2], best[0], rtol=1e-10)


# --- simulation ------------------------------------------------------------------------


def test_recovers_simulated_breaks_with_intervals_covering_truth() -> None:
    rng = np.random.default_rng(11)
    y = np.concatenate([rng.normal(0, 1, 60), rng.normal(2, 1, 60), rng.normal(-1, 1, 60)])
    res = bai_perron(y, trim=0.15, max_breaks=4, select="sequential")
    assert res.selected_m == 2
    for b, truth in zip(res.breaks, (60, 120), strict=True):
        assert abs(b.index - truth) <= 3
        assert b.ci_index is not None
        # interval is for the old regime's last observation (truth - 1)
        assert b.ci_index[0] <= truth - 1 <= b.ci_index[1]


def test_sup_f_size_under_null_iid_and_ar1() -> None:
    """Empirical size at 5% within Monte-Carlo error: i.i.d. errors (mean model, 2000
    replications) and an AR(1) process modelled with its lag (k = 2, 1000 replications)."""
    rng = np.random.default_rng(2024)
    reps, n = 2000, 100
    iid = rng.standard_normal((reps, n))
    ds = sup_f_panel(xr.DataArray(iid, dims=("rep", "time")), dim="time")
    size = float((ds.pvalue < 0.05).mean())
    assert abs(size - 0.05) < 3 * np.sqrt(0.05 * 0.95 / reps), size
    reps_ar = 1000
    rejections = 0
    for _ in range(reps_ar):
        e = rng.standard_normal(n + 1)
        y = np.empty(n + 1)
        y[0] = e[0] / np.sqrt(1 - 0.5**2)
        for t in range(1, n + 1):
            y[t] = 0.5 * y[t - 1] + e[t]
        rejections += sup_f(y[1:], y[:-1]).pvalue < 0.05
    size_ar = rejections / reps_ar
    # Asymptotic p-values in a dynamic model at n = 100 are close to, not exactly, 5%.
    assert abs(size_ar - 0.05) < 3 * np.sqrt(0.05 * 0.95 / reps_ar) + 0.01, size_ar


def test_bootstrap_pvalue_is_uniform_ish_and_reproducible() -> None:
    y = mean_shift(30, 15, 0.0, 7)
    a = sup_f(y, bootstrap=199, seed=1)
    b = sup_f(y, bootstrap=199, seed=1)
    assert a.bootstrap_pvalue == b.bootstrap_pvalue
    assert a.bootstrap_pvalue is not None and 0 < a.bootstrap_pvalue <= 1
    strong = sup_f(mean_shift(30, 15, 5.0, 7), bootstrap=199, seed=1)
    assert strong.bootstrap_pvalue == pytest.approx(1 / 200)


def test_bootstrap_size_small_sample() -> None:
    rng = np.random.default_rng(99)
    rejections = [
        sup_f(rng.standard_normal(25), bootstrap=99, seed=i).bootstrap_pvalue <= 0.05  # type: ignore[operator]
        for i in range(200)
    ]
    assert abs(np.mean(rejections) - 0.05) < 3 * np.sqrt(0.05 * 0.95 / 200) + 0.01


# --- panel -----------------------------------------------------------------------------


def test_panel_equals_single_series_and_marks_bad_series() -> None:
    rng = np.random.default_rng(8)
    data = rng.standard_normal((4, 30))
    data[1, 10] = np.nan
    data[2, :] = 5.0
    da = xr.DataArray(
        data,
        dims=("province", "year"),
        coords={"year": np.arange(1990, 2020), "province": list("abcd")},
    )
    ds = sup_f_panel(da)
    for i in (0, 3):
        single = sup_f(da.isel(province=i))
        np.testing.assert_allclose(float(ds.sup_wald[i]), single.wald, rtol=1e-10)
        np.testing.assert_allclose(float(ds.pvalue[i]), single.pvalue, rtol=1e-10)
        assert int(ds.break_label[i]) == single.break_label
    assert ds.reason.values.tolist()[:3] == [
        "",
        "missing value inside the series",
        "constant series",
    ]
    assert np.isnan(float(ds.sup_wald[1])) and np.isnan(float(ds.sup_wald[2]))


# --- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"trim": 0.6}, r"trim must lie in \(0, 0.5\)"),
        ({"trim": 0.0}, r"trim must lie in \(0, 0.5\)"),
        ({"trim": 0.02}, "must exceed the 1 regressors"),
        ({"max_breaks": 9}, "more than the sample allows"),
        ({"select": "aic"}, "select must be one of"),
        ({"level": 1.5}, "level must lie in"),
    ],
)
def test_bai_perron_bad_arguments(kwargs: dict, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        bai_perron(mean_shift(40, 20, 1.0, 0), **kwargs)


def test_bad_series() -> None:
    y = mean_shift(40, 20, 1.0, 0)
    y_nan = y.copy()
    y_nan[5] = np.nan
    with pytest.raises(ValueError, match="missing or non-finite"):
        bai_perron(y_nan)
    with pytest.raises(ValueError, match="is empty"):
        sup_f(np.array([]))
    with pytest.raises(ValueError, match="collinear"):
        bai_perron(y, np.column_stack([np.arange(40.0), 2 * np.arange(40.0)]))
    with pytest.raises(ValueError, match="constant"):
        chow(y, np.ones(40), at=20)
    with pytest.raises(ValueError, match="duplicate time label"):
        sup_f(pd.Series(y, index=[2000] * 40))
    with pytest.raises(ValueError, match="unsorted"):
        sup_f(pd.Series(y, index=np.arange(2039, 1999, -1)))
    with pytest.raises(ValueError, match="not on a regular yearly axis"):
        sup_f(pd.Series(y, index=np.r_[np.arange(2000, 2020), np.arange(2021, 2041)]))
    with pytest.raises(ValueError, match="non-numeric"):
        sup_f(pd.Series(["1", "x", *map(str, range(38))], index=range(2000, 2040)))


def test_chow_date_too_near_an_end_points_to_predictive() -> None:
    y = pd.Series(mean_shift(20, 10, 1.0, 0), index=range(2005, 2025))
    with pytest.raises(ValueError, match="too near an end.*chow_predictive"):
        chow(y, at=2024, trend=True)
    with pytest.raises(ValueError, match="not in the series"):
        chow(y, at=2030)
    res = chow_predictive(y, at=2024, trend=True)
    assert res.details["n_after"] == 1
    with pytest.raises(ValueError, match="pre-period must have more"):
        chow_predictive(y, at=2006, trend=True)


def test_hansen_k_limit() -> None:
    with pytest.raises(ValueError, match="1 to 40 changing coefficients"):
        hansen_pvalue(10.0, 41, 0.15)
    rng = np.random.default_rng(1)
    X = rng.standard_normal((400, 41))
    res = sup_f(rng.standard_normal(400), X, const=False, trim=0.2)
    assert np.isnan(res.pvalue) and "k <= 40" in res.note


def test_panel_rejects_time_split_across_chunks() -> None:
    pytest.importorskip("dask")
    da = xr.DataArray(np.zeros((3, 40)), dims=("s", "time")).chunk({"time": 20})
    with pytest.raises(ValueError, match="split across 2 chunks"):
        sup_f_panel(da, dim="time")


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(30, 90))
def test_dp_one_block_and_many_blocks_agree(seed: int, n: int) -> None:
    import sys

    bp_mod = sys.modules["policyts.models.bai_perron"]

    rng = np.random.default_rng(seed)
    y = rng.standard_normal(n) + np.where(np.arange(n) > n // 2, 1.5, 0.0)
    x = rng.standard_normal(n)
    X = np.column_stack([np.ones(n), x])
    table = bp_mod.dp_breaks(y, X, 5, 3)
    old = bp_mod._DP_BLOCK_CELLS
    try:
        bp_mod._DP_BLOCK_CELLS = 3 * n  # blocks of 3 end points
        scan = bp_mod.dp_breaks(y, X, 5, 3)
    finally:
        bp_mod._DP_BLOCK_CELLS = old
    assert table == scan


def test_hac_matches_r_sandwich() -> None:
    """Quadratic-spectral (Andrews 1991 AR(1) bandwidth) and Bartlett HAC covariances
    against R sandwich 3.0-2 (tests/reference/sandwich/make_reference.R)."""
    import json
    from pathlib import Path

    ref_dir = Path(__file__).parent / "reference" / "sandwich"
    ref = json.loads((ref_dir / "hac_reference.json").read_text())
    d = pd.read_csv(ref_dir / "hac_input.csv", skipinitialspace=True)
    n = len(d)
    X = np.column_stack([np.ones(n), d.x, d.d, d.d * d.x])
    coef, *_ = np.linalg.lstsq(X, d.y.to_numpy(), rcond=None)
    resid = d.y.to_numpy() - X @ coef
    qs = robust_cov(X, resid, cov_type="HAC", kernel="quadratic-spectral")
    np.testing.assert_allclose(qs, ref["qs_vcov"], rtol=1e-10)
    nw = robust_cov(X, resid, cov_type="HAC", maxlags=3)
    np.testing.assert_allclose(nw, ref["nw_vcov"], rtol=1e-10)
    res = chow(d.y.to_numpy(), d.x.to_numpy(), at=40, cov_type="HAC", kernel="quadratic-spectral")
    V = np.asarray(ref["qs_vcov"])[2:, 2:]
    np.testing.assert_allclose(res.stat, coef[2:] @ np.linalg.solve(V, coef[2:]), rtol=1e-8)


def test_multiple_break_tests_size_iid() -> None:
    """UDmax, WDmax and sup F(1|0) with the Bai & Perron (2003) 5% critical values reject
    about 5% of pure-noise series (n = 120, eps = 0.15, 400 replications); the tables are
    asymptotic, so allow Monte-Carlo error plus 0.02."""
    rng = np.random.default_rng(77)
    reps = 400
    rej = {"UDmax": 0, "WDmax": 0, "supF(1|0)": 0}
    for _ in range(reps):
        res = bai_perron(rng.standard_normal(120), trim=0.15, max_breaks=3)
        rej["UDmax"] += bool(res.udmax and res.udmax.reject)
        rej["WDmax"] += bool(res.wdmax and res.wdmax.reject)
        rej["supF(1|0)"] += bool(res.sequential_tests[0].reject)
    tol = 3 * np.sqrt(0.05 * 0.95 / reps) + 0.02
    for name, count in rej.items():
        assert abs(count / reps - 0.05) < tol, (name, count / reps)


def test_sup_critical_value_inverts_the_hansen_pvalue() -> None:
    path = f_path(mean_shift(60, 30, 0.0, 3), trim=0.15)
    cv = path.critical_value(0.95)
    assert hansen_pvalue(cv, 1, path.tau) == pytest.approx(0.05, abs=1e-9)
    assert path.critical_value(0.95, scale="f") == pytest.approx(cv / path.k)
    assert path.critical_value(0.99) > cv
    with pytest.raises(ValueError, match="level must lie"):
        path.critical_value(95)


def test_public_functions_dispatch_panels_to_the_panel_layer() -> None:
    rng = np.random.default_rng(12)
    da = xr.DataArray(
        rng.standard_normal((3, 30)),
        dims=("province", "year"),
        coords={"year": np.arange(1990, 2020), "province": ["a", "b", "c"]},
    )
    ds = sup_f(da)
    assert isinstance(ds, xr.Dataset) and ds.sizes["province"] == 3
    np.testing.assert_allclose(float(ds.sup_wald[1]), sup_f(da.isel(province=1)).wald, rtol=1e-12)
    ch = chow(da, at=2005)
    assert isinstance(ch, xr.Dataset)
    bp = bai_perron(da, max_breaks=2)
    assert isinstance(bp, xr.Dataset) and bp.sizes["province"] == 3
    assert isinstance(da.policyts.sup_f(), xr.Dataset)
