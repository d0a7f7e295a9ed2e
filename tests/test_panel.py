"""Panel layer: every series of a panel gives the single-series numbers; numpy, xarray and
dask runs agree; series that cannot be computed are reported and leave the others alone."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st

from policyts.models import bai_perron, chow, cusum, sup_f
from policyts.models._fluct_kernels import fluctuation_pvalues as _fluctuation_pvalues
from policyts.models.fluctuation import fluctuation_pvalue
from policyts.models.panel import (
    REASON_ALL_MISSING,
    REASON_CONSTANT,
    REASON_MISSING_EDGES,
    REASON_MISSING_INSIDE,
    bai_perron_array,
    bai_perron_panel,
    chow_array,
    chow_panel,
    cusum_array,
    cusum_panel,
    is_panel,
    sup_f_array,
    sup_f_panel,
)

YEARS = np.arange(1985, 2025)
PROVINCES = ["Beijing", "Fujian", "Guangdong", "Jiangsu"]
KINDS = ["invention", "utility", "design"]


def make_panel(seed: int = 0, n: int = 40) -> xr.DataArray:
    """4 provinces x 3 kinds x n years: trends, some mean shifts, noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    data = 1.0 + 0.05 * t + rng.standard_normal((4, 3, n))
    data[0, 0, n // 2 :] += 3.0
    data[2, 1, 3 * n // 4 :] -= 2.0
    data[3, 2, n // 3 :] += 1.5
    return xr.DataArray(
        data,
        dims=("province", "kind", "year"),
        coords={"province": PROVINCES, "kind": KINDS, "year": YEARS[:n]},
        name="applications",
        attrs={
            "units": "log count",
            "long_name": "log patent applications",
            "source": "simulated for the test",
        },
    )


def assert_same(a: Any, b: Any, rtol: float = 1e-12, atol: float = 1e-12) -> None:
    """Same variables and values: floats to ``rtol`` (``atol`` for values that are 0 up
    to rounding, such as the last OLS-CUSUM value; NaN where NaN), others exactly."""
    assert set(a.keys()) == set(b.keys())
    for name in a.keys():
        x, y = np.asarray(a[name]), np.asarray(b[name])
        assert x.shape == y.shape, name
        if x.dtype.kind == "f":
            np.testing.assert_allclose(x, y, rtol=rtol, atol=atol, equal_nan=True, err_msg=name)
        else:
            assert np.array_equal(x, y), name


def series(da: xr.DataArray, **sel: Any) -> xr.DataArray:
    return da.sel(**sel)


# --- each series equals the single-series function --------------------------------------


@pytest.mark.parametrize("trend", [False, True])
def test_sup_f_panel_equals_sup_f_per_series(trend: bool) -> None:
    da = make_panel(1)
    ds = sup_f_panel(da, trend=trend)
    for p in PROVINCES:
        for k in KINDS:
            one = sup_f(series(da, province=p, kind=k), trend=trend)
            r = ds.sel(province=p, kind=k)
            np.testing.assert_allclose(float(r.sup_wald), one.wald, rtol=1e-10)
            np.testing.assert_allclose(float(r.sup_f), one.f, rtol=1e-10)
            np.testing.assert_allclose(float(r.pvalue), one.pvalue, rtol=1e-10)
            np.testing.assert_allclose(float(r.ave_wald), one.ave_wald, rtol=1e-10)
            np.testing.assert_allclose(float(r.ave_pvalue), one.ave_pvalue, rtol=1e-10)
            np.testing.assert_allclose(float(r.exp_wald), one.exp_wald, rtol=1e-10)
            np.testing.assert_allclose(float(r.exp_pvalue), one.exp_pvalue, rtol=1e-10)
            assert int(r.break_index) == one.break_index
            assert float(r.break_label) == one.break_label
            assert float(r.break_end_label) == one.break_end_label
            assert str(r.reason.item()) == ""
    # The planted break in Beijing inventions (first new year 2005) is found and rejected.
    bj = ds.sel(province="Beijing", kind="invention")
    assert float(bj.break_label) == 2005 and float(bj.pvalue) < 0.01


def test_sup_f_panel_bootstrap_equals_single_series_bootstrap() -> None:
    da = make_panel(2, n=30).isel(province=slice(0, 2), kind=slice(0, 2))
    ds = sup_f_panel(da, bootstrap=99, seed=7)
    assert ds.attrs["bootstrap_draws"] == 99 and ds.attrs["bootstrap_seed"] == 7
    for p in da.province.values:
        for k in da.kind.values:
            one = sup_f(series(da, province=p, kind=k), bootstrap=99, seed=7)
            assert float(ds.bootstrap_pvalue.sel(province=p, kind=k)) == one.bootstrap_pvalue
    assert float(ds.bootstrap_pvalue.sel(province="Beijing", kind="invention")) == 0.01


def test_sup_f_panel_bootstrap_with_a_seed_per_series() -> None:
    pytest.importorskip("dask")
    da = make_panel(3, n=30).isel(kind=slice(0, 2))
    seeds = xr.DataArray(
        np.arange(8).reshape(4, 2) * 11, dims=("province", "kind"), coords={"kind": KINDS[:2]}
    )
    ds = sup_f_panel(da, trend=True, bootstrap=49, seed=seeds, heteroskedastic=False)
    assert ds.attrs["bootstrap_seed"] == "one per series (input)"
    for i in range(4):
        for j in range(2):
            one = sup_f(
                da.isel(province=i, kind=j),
                trend=True,
                bootstrap=49,
                seed=int(seeds[i, j]),
                heteroskedastic=False,
            )
            assert float(ds.bootstrap_pvalue[i, j]) == one.bootstrap_pvalue
    chunked = sup_f_panel(
        da.chunk({"province": 1}), trend=True, bootstrap=49, seed=seeds, heteroskedastic=False
    )
    np.testing.assert_array_equal(chunked.bootstrap_pvalue.values, ds.bootstrap_pvalue.values)
    arr = sup_f_array(da.values, trend=True, bootstrap=49, seed=seeds.values, heteroskedastic=False)
    np.testing.assert_array_equal(arr["bootstrap_pvalue"], ds.bootstrap_pvalue.values)
    with pytest.raises(ValueError, match="not dimensions of the series"):
        sup_f_panel(da, bootstrap=9, seed=seeds.rename(province="region"))
    with pytest.raises(ValueError, match="non-negative"):
        sup_f_panel(da, bootstrap=9, seed=-seeds - 1)
    with pytest.raises(ValueError, match="integers per series"):
        sup_f_panel(da, bootstrap=9, seed=seeds * 0.5)


@pytest.mark.parametrize("cov_type", ["nonrobust", "HC1", "HAC"])
def test_chow_panel_equals_chow_per_series(cov_type: str) -> None:
    da = make_panel(3)
    ds = chow_panel(da, at=2005, trend=True, cov_type=cov_type)
    assert ds.attrs["scale"] == ("F" if cov_type == "nonrobust" else "Wald")
    assert ds.attrs["break_label"] == 2005 and ds.attrs["break_end_label"] == 2004
    for p in PROVINCES:
        for k in KINDS:
            one = chow(series(da, province=p, kind=k), at=2005, trend=True, cov_type=cov_type)
            r = ds.sel(province=p, kind=k)
            np.testing.assert_allclose(float(r.stat), one.stat, rtol=1e-10)
            np.testing.assert_allclose(float(r.pvalue), one.pvalue, rtol=1e-9, atol=1e-300)
            assert (float(r.df_num), *([] if cov_type != "nonrobust" else [float(r.df_denom)])) == (
                one.df
            )
            np.testing.assert_allclose(
                float(r.rss_unrestricted), one.details["rss_unrestricted"], rtol=1e-10
            )
            assert (int(r.n_before), int(r.n_after)) == (20, 20)


@pytest.mark.parametrize("kind", ["ols-cusum", "rec-cusum", "ols-mosum"])
def test_cusum_panel_equals_cusum_per_series(kind: str) -> None:
    da = make_panel(4)
    ds = cusum_panel(da, trend=True, kind=kind, h=0.2)
    assert ds.process.dims == ("province", "kind", "year")
    for p in PROVINCES:
        for k in KINDS:
            one = cusum(series(da, province=p, kind=k), trend=True, kind=kind, h=0.2)
            r = ds.sel(province=p, kind=k)
            np.testing.assert_allclose(float(r.stat), one.stat, rtol=1e-10)
            np.testing.assert_allclose(float(r.pvalue), one.pvalue, rtol=1e-9)
            assert (float(r.pvalue_lower), float(r.pvalue_upper)) == pytest.approx(
                one.pvalue_bounds, rel=1e-9
            )
            np.testing.assert_allclose(float(r.sigma), one.sigma, rtol=1e-10)
            assert bool(r.crossed) == one.crossed
            proc = r.process.sel(year=np.asarray(one.labels))
            np.testing.assert_allclose(proc.values, one.process, rtol=1e-9, atol=1e-12)
            np.testing.assert_allclose(
                r.boundary.sel(year=np.asarray(one.labels)).values, one.boundary, rtol=1e-12
            )
            # Periods without a process value are NaN, never 0.
            assert int(r.process.notnull().sum()) == len(one.process)
            assert float(r.max_label) == float(one.details["max |process| at"])
            first = one.details["first boundary crossing"]
            if first == "none":
                assert np.isnan(float(r.crossing_label))
            else:
                assert float(r.crossing_label) == float(first)


@pytest.mark.parametrize("kind", ["ols-cusum", "rec-cusum", "ols-mosum"])
def test_vectorised_fluctuation_pvalues_equal_fluctuation_pvalue(kind: str) -> None:
    stat = np.r_[0.0, 0.05, 0.3, 0.5, 0.9, 1.1, 1.2059, 1.3, 1.36, 1.5, 1.63, 2.0, 3.0, 5.0]
    p, lo, hi = _fluctuation_pvalues(stat, kind, 0.15)
    expected = np.array([fluctuation_pvalue(s, kind, 0.15) for s in stat])
    np.testing.assert_allclose(p, expected, rtol=1e-15, atol=1e-300)
    assert (lo <= p + 1e-15).all() and (p <= hi + 1e-15).all()
    if kind == "ols-mosum":
        assert (lo[0], hi[0]) == (0.10, 1.0) and (lo[-1], hi[-1]) == (0.0, 0.01)


@pytest.mark.parametrize("select", ["bic", "sequential"])
def test_bai_perron_panel_equals_bai_perron_per_series(select: str) -> None:
    da = make_panel(5)
    ds = bai_perron_panel(da, trim=0.15, max_breaks=3, select=select)
    assert ds.sizes["break"] == 3 and ds.sizes["m"] == 4
    assert ds["break"].values.tolist() == [1, 2, 3] and ds.m.values.tolist() == [0, 1, 2, 3]
    for p in PROVINCES:
        for k in KINDS:
            one = bai_perron(series(da, province=p, kind=k), trim=0.15, max_breaks=3, select=select)
            r = ds.sel(province=p, kind=k)
            m = one.selected_m
            assert int(r.selected_m) == m
            assert r.break_index.values[:m].tolist() == [b.index for b in one.breaks]
            assert r.break_label.values[:m].tolist() == [b.label for b in one.breaks]
            assert r.break_end_label.values[:m].tolist() == [b.end_label for b in one.breaks]
            assert (r.break_index.values[m:] == -1).all() and np.isnan(r.break_label[m:]).all()
            for j, b in enumerate(one.breaks):
                if b.ci_index is None:
                    assert int(r.ci_lower_index[j]) == -1
                else:
                    assert (int(r.ci_lower_index[j]), int(r.ci_upper_index[j])) == b.ci_index
                    assert (float(r.ci_lower_label[j]), float(r.ci_upper_label[j])) == b.ci
            # The panel dates all series at once (_bp_batched): the same breaks, numbers
            # equal up to rounding.
            np.testing.assert_allclose(r.rss.values, one.rss, rtol=1e-10)
            np.testing.assert_allclose(r.bic.values, one.bic, rtol=1e-10)
            np.testing.assert_allclose(r.lwz.values, one.lwz, rtol=1e-10)
            assert np.isnan(float(r.sup_f_m[0]))
            np.testing.assert_allclose(
                r.sup_f_m.values[1:], [t.scaled_f for t in one.sup_f_tests], rtol=1e-10
            )
            np.testing.assert_allclose(
                r.sup_f_next.values[:-1], [t.scaled_f for t in one.sequential_tests], rtol=1e-10
            )
            assert one.udmax is not None
            np.testing.assert_allclose(float(r.udmax), one.udmax.scaled_f, rtol=1e-10)
    bj = ds.sel(province="Beijing", kind="invention")
    assert int(bj.selected_m) >= 1 and 2005 in bj.break_label.values


# --- numpy, xarray and dask paths -----------------------------------------------------


def _paths(array_fn: Any, panel_fn: Any, da: xr.DataArray, **kw: Any) -> None:
    dask = pytest.importorskip("dask")
    labels = da.year.values
    arr = array_fn(da.values, labels=labels, **kw)
    ds = panel_fn(da, **kw)
    chunked = da.chunk({"province": 1, "kind": 2})
    lazy = panel_fn(chunked, **kw)
    assert lazy.reason.chunks is not None  # nothing is computed before asked
    with dask.config.set(scheduler="threads"):
        dk = lazy.compute()
    assert_same(arr, {v: ds[v].values for v in ds.data_vars})
    assert_same({v: ds[v].values for v in ds.data_vars}, {v: dk[v].values for v in dk.data_vars})
    xr.testing.assert_identical(ds.reason, dk.reason)
    assert ds.attrs == dk.attrs


def _with_bad_series(da: xr.DataArray) -> xr.DataArray:
    bad = da.copy()
    bad[0, 1, :] = np.nan
    bad[1, 0, 7] = np.nan
    bad[2, 2, :] = 4.0
    return bad


def test_paths_agree_sup_f() -> None:
    _paths(sup_f_array, sup_f_panel, _with_bad_series(make_panel(6)), trend=True)


def test_paths_agree_chow() -> None:
    _paths(chow_array, chow_panel, _with_bad_series(make_panel(7)), at=2000)


@pytest.mark.parametrize("kind", ["ols-cusum", "rec-cusum", "ols-mosum"])
def test_paths_agree_cusum(kind: str) -> None:
    _paths(cusum_array, cusum_panel, _with_bad_series(make_panel(8)), kind=kind)


def test_paths_agree_bai_perron() -> None:
    da = _with_bad_series(make_panel(9, n=30))
    _paths(bai_perron_array, bai_perron_panel, da, max_breaks=2)


def test_dask_on_a_local_cluster_equals_numpy() -> None:
    distributed = pytest.importorskip("distributed")
    rng = np.random.default_rng(10)
    da = xr.DataArray(rng.standard_normal((400, 40)), dims=("rep", "year"), coords={"year": YEARS})
    expected = sup_f_panel(da)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        got = sup_f_panel(da.chunk({"rep": 100})).compute()
        assert len(client.scheduler_info()["workers"]) == 2
    assert_same(
        {v: expected[v].values for v in expected.data_vars},
        {v: got[v].values for v in got.data_vars},
    )


# --- series that cannot be computed -------------------------------------------------------


def test_bad_series_are_reported_and_leave_the_others_alone() -> None:
    clean = make_panel(11)
    da = clean.copy()
    da[0, 1, :] = np.nan  # all missing
    da[1, 0, 10] = np.nan  # missing inside
    da[2, 2, :] = 3.5  # constant
    da[3, 0, :4] = np.nan  # missing at the start: not on the common sample
    expected_reasons = {
        (0, 1): REASON_ALL_MISSING,
        (1, 0): REASON_MISSING_INSIDE,
        (2, 2): REASON_CONSTANT,
        (3, 0): REASON_MISSING_EDGES,
    }
    for fn, kw in [
        (sup_f_panel, {}),
        (chow_panel, {"at": 2000}),
        (cusum_panel, {"kind": "rec-cusum"}),
        (bai_perron_panel, {"max_breaks": 2}),
    ]:
        ds, ref = fn(da, **kw), fn(clean, **kw)
        for i in range(4):
            for j in range(3):
                got = ds.isel(province=i, kind=j)
                if (i, j) in expected_reasons:
                    assert got.reason.item() == expected_reasons[(i, j)], fn.__name__
                    assert int(got.n_obs) == 0
                    for v in ds.data_vars:
                        x = got[v].values
                        if x.dtype.kind == "f":
                            assert np.isnan(x).all(), (fn.__name__, v)
                        elif v not in ("reason", "n_obs"):
                            assert (x == -1).all(), (fn.__name__, v)
                else:
                    assert got.reason.item() == ""
                    assert_same(
                        {v: got[v].values for v in ds.data_vars},
                        {v: ref.isel(province=i, kind=j)[v].values for v in ds.data_vars},
                        rtol=0,
                        atol=0,
                    )


def test_observed_span_equals_the_single_series_on_its_own_years() -> None:
    da = make_panel(12)
    da[0, 0, :6] = np.nan  # starts in 1991
    da[1, 1, -3:] = np.nan  # ends in 2021
    da[2, 2, :-4] = np.nan  # only 4 years: too few
    ds = sup_f_panel(da, trend=True, span="observed")
    for (i, j), sl in {(0, 0): slice(6, None), (1, 1): slice(None, -3)}.items():
        one = sup_f(da.isel(province=i, kind=j, year=sl), trend=True)
        r = ds.isel(province=i, kind=j)
        np.testing.assert_allclose(float(r.sup_wald), one.wald, rtol=1e-10)
        np.testing.assert_allclose(float(r.pvalue), one.pvalue, rtol=1e-10)
        assert float(r.break_label) == one.break_label
        assert int(r.n_obs) == one.n
        assert float(r.sample_start) == one.path.labels[0] - one.path.first
    assert int(ds.n_obs[0, 1]) == 40 and float(ds.sample_start[0, 0]) == 1991
    assert float(ds.sample_end[1, 1]) == 2021
    assert ds.reason[2, 2].item().startswith("too few observations (4)")
    ch = chow_panel(da, at=1989, span="observed")
    assert ch.reason[0, 0].item() == "the break date is outside the series' sample"
    assert ch.reason[0, 1].item() == ""
    bp = bai_perron_panel(da.isel(province=[0, 1], kind=[0, 1]), span="observed", max_breaks=2)
    one = bai_perron(da.isel(province=0, kind=0, year=slice(6, None)), max_breaks=2)
    assert bp.break_index[0, 0].values[: one.selected_m].tolist() == [
        b.index + 6 for b in one.breaks
    ]


def test_mixed_dtypes_in_a_dataset() -> None:
    da = make_panel(13).isel(province=0, kind=0)
    counts = xr.DataArray(np.arange(40) ** 2, dims="year", coords={"year": YEARS})
    ds_in = xr.Dataset(
        {
            "log_apps": da.assign_attrs(units="log count", long_name="log applications"),
            "counts": counts.assign_attrs(units="count"),
            "source_id": ("year", np.array(["WDI"] * 40)),
            "flag": ("year", np.ones(40, dtype=bool)),
            "mixed": ("year", np.array([1.0] * 20 + ["n/a"] + [2.0] * 19, dtype=object)),
            "scalar": 3.0,
        },
        attrs={"source": "World Bank WDI (test copy)", "title": "test"},
    )
    res = sup_f_panel(ds_in)
    assert res.variable.values.tolist() == [
        "log_apps",
        "counts",
        "source_id",
        "flag",
        "mixed",
        "scalar",
    ]
    assert res.reason.values.tolist() == [
        "",
        "",
        "variable 'source_id' is not numeric (dtype <U3)",
        "variable 'flag' is not numeric (dtype bool)",
        "non-numeric value 'n/a' at 2005",
        "variable 'scalar' has no dimension 'year'",
    ]
    assert np.isnan(res.sup_wald.values[2:]).all() and (res.break_index.values[2:] == -1).all()
    np.testing.assert_allclose(float(res.sup_wald[0]), sup_f(da).wald, rtol=1e-10)
    np.testing.assert_allclose(float(res.sup_wald[1]), sup_f(counts).wald, rtol=1e-10)
    assert res.variable_units.values.tolist()[:2] == ["log count", "count"]
    assert res.attrs["input_source"] == "World Bank WDI (test copy)"
    # The same with dask-backed variables (the object variable converted lazily).
    pytest.importorskip("dask")
    lazy = sup_f_panel(ds_in.chunk({"year": -1}))
    assert lazy.sup_wald.chunks is not None
    xr.testing.assert_identical(lazy.compute(), res)


def test_object_dataarray_with_a_non_numeric_value() -> None:
    da = make_panel(14).isel(kind=0)
    obj = da.astype(object)
    obj[2, 5] = "x"
    res = sup_f_panel(obj)
    ref = sup_f_panel(da)
    assert res.reason.values.tolist() == ["", "", "non-numeric value 'x' at 1990", ""]
    assert np.isnan(float(res.sup_wald[2]))
    np.testing.assert_array_equal(res.sup_wald.values[[0, 1, 3]], ref.sup_wald.values[[0, 1, 3]])


# --- regressors -------------------------------------------------------------------------


def test_exog_shared_and_by_series() -> None:
    da = make_panel(15)
    rng = np.random.default_rng(15)
    x_shared = rng.standard_normal(40)
    ds = sup_f_panel(da, x_shared)
    one = sup_f(da.isel(province=1, kind=2), x_shared)
    np.testing.assert_allclose(float(ds.sup_wald[1, 2]), one.wald, rtol=1e-10)
    assert ds.attrs["regressors"] == "const, x1" and ds.attrs["exog_varies_by_series"] == 0
    # One regressor per province, named by its coordinate; the series of a province share it.
    x_prov = xr.DataArray(
        rng.standard_normal((4, 40, 1)),
        dims=("province", "year", "regressor"),
        coords={"province": PROVINCES, "year": YEARS, "regressor": ["gdp"]},
    )
    ds = chow_panel(da, x_prov, at=2004)
    assert ds.attrs["regressors"] == "const, gdp" and ds.attrs["exog_varies_by_series"] == 1
    for i in range(4):
        for j in range(3):
            one = chow(da.isel(province=i, kind=j), x_prov.isel(province=i).values, at=2004)
            np.testing.assert_allclose(float(ds.stat[i, j]), one.stat, rtol=1e-10)
    cu = cusum_panel(da, x_prov.isel(regressor=0, drop=True).rename("gdp"), kind="rec-cusum")
    one = cusum(da.isel(province=3, kind=1), x_prov.isel(province=3).values, kind="rec-cusum")
    np.testing.assert_allclose(float(cu.stat[3, 1]), one.stat, rtol=1e-10)
    assert cu.attrs["regressors"] == "const, gdp"
    # A regressor that is constant for one province only: that province is reported.
    x_bad = x_prov.copy()
    x_bad[2] = 1.0
    res = sup_f_panel(da, x_bad)
    assert set(res.reason.sel(province="Guangdong").values) == {
        "regressor 'gdp' is constant on the sample; it is collinear with the intercept"
    }
    assert (res.reason.sel(province=["Beijing", "Fujian", "Jiangsu"]) == "").all()


def test_exog_errors_that_concern_every_series() -> None:
    da = make_panel(16)
    with pytest.raises(ValueError, match="constant"):
        sup_f_panel(da, np.ones(40))
    with pytest.raises(ValueError, match="collinear"):
        sup_f_panel(da, np.arange(40.0), trend=True)
    x_nan = np.r_[np.nan, np.ones(39) + np.arange(39)]
    with pytest.raises(ValueError, match="missing or non-finite value at 1985"):
        chow_panel(da, x_nan, at=2000)
    shifted = xr.DataArray(np.arange(40.0), dims="year", coords={"year": YEARS + 1})
    with pytest.raises(ValueError, match="not aligned"):
        sup_f_panel(da, shifted)
    with pytest.raises(ValueError, match="must have the time dimension"):
        sup_f_panel(da, xr.DataArray(np.arange(4.0), dims="province"))


# --- errors that concern every series -----------------------------------------------------


def test_errors_that_concern_every_series() -> None:
    da = make_panel(17)
    with pytest.raises(ValueError, match="split across 2 chunks"):
        sup_f_panel(da.chunk({"year": 20}))
    with pytest.raises(ValueError, match=r"not numeric \(dtype <U1\)"):
        sup_f_panel(xr.full_like(da, "a", dtype="<U1"))
    with pytest.raises(ValueError, match=r"trim must lie in \(0, 0.5\)"):
        sup_f_panel(da, trim=0.7)
    with pytest.raises(ValueError, match="not in the series"):
        chow_panel(da, at=1900)
    with pytest.raises(ValueError, match="too near an end.*chow_predictive"):
        chow_panel(da, at=1986)
    with pytest.raises(ValueError, match="cov_type must be one of"):
        chow_panel(da, at=2000, cov_type="HC9")
    with pytest.raises(ValueError, match="more than the sample allows"):
        bai_perron_panel(da, max_breaks=9)
    with pytest.raises(ValueError, match="sequential selection needs"):
        bai_perron_panel(da, trim=0.3, select="sequential")
    with pytest.raises(ValueError, match="kind must be one of"):
        cusum_panel(da, kind="mosum")
    with pytest.raises(ValueError, match="span must be one of"):
        cusum_panel(da, span="all")
    with pytest.raises(ValueError, match="name the time dimension"):
        sup_f_panel(da.rename(year="period"))
    with pytest.raises(ValueError, match="not on a regular yearly axis"):
        sup_f_panel(da.isel(year=[*range(10), *range(11, 40)]))
    with pytest.raises(ValueError, match="no regressors"):
        sup_f_panel(da, const=False)
    with pytest.raises(ValueError, match="needs an xarray.DataArray or Dataset"):
        sup_f_panel(da.values)
    with pytest.raises(ValueError, match="not numeric"):
        sup_f_array(np.array([["a", "b"]]))


# --- labels, coordinates and provenance ---------------------------------------------------


def test_provenance_and_coordinates_are_kept() -> None:
    da = make_panel(18).assign_coords(region=("province", ["N", "E", "S", "E"]))
    ds = cusum_panel(da)
    expected = xr.Dataset(
        coords={
            "province": da.province,
            "kind": da.kind,
            "region": ("province", ["N", "E", "S", "E"]),
            "year": da.year,
        }
    )
    xr.testing.assert_identical(xr.Dataset(coords=ds.coords), expected)
    assert {k: ds.attrs[k] for k in ds.attrs if k.startswith("input_")} == {
        "input_units": "log count",
        "input_long_name": "log patent applications",
        "input_source": "simulated for the test",
        "input_name": "applications",
    }
    assert ds.attrs["test"] == "ols-cusum" and ds.attrs["time_dim"] == "year"
    assert ds.stat.attrs["units"] == "1"


def test_datetime_labels_stay_datetimes() -> None:
    months = pd.date_range("2015-01-01", periods=60, freq="MS")
    rng = np.random.default_rng(19)
    data = rng.standard_normal((2, 60))
    data[0, 36:] += 3
    da = xr.DataArray(data, dims=("series", "time"), coords={"time": months})
    ds = sup_f_panel(da)
    assert ds.break_label.dtype.kind == "M"
    assert pd.Timestamp(ds.break_label.values[0]) == sup_f(da.isel(series=0)).break_label
    bad = da.copy()
    bad[1] = np.nan
    assert np.isnat(sup_f_panel(bad).break_label.values[1])
    ch = chow_panel(da, at="2018-01-01")
    assert ch.attrs["break_label"] == "2018-01-01T00:00:00"


def test_single_series_functions_hand_panels_to_the_panel_functions() -> None:
    da = make_panel(22)
    xr.testing.assert_identical(sup_f(da, trend=True), sup_f_panel(da, trend=True))
    xr.testing.assert_identical(chow(da, at=2000), chow_panel(da, at=2000))
    xr.testing.assert_identical(cusum(da, kind="ols-mosum"), cusum_panel(da, kind="ols-mosum"))
    xr.testing.assert_identical(bai_perron(da, max_breaks=2), bai_perron_panel(da, max_breaks=2))
    by_kind = da.to_dataset(dim="kind")
    xr.testing.assert_identical(sup_f(by_kind), sup_f_panel(by_kind))
    assert sup_f(by_kind).variable.values.tolist() == KINDS


def test_is_panel() -> None:
    da = make_panel(20)
    assert is_panel(da) and is_panel(da.to_dataset(name="y"))
    assert not is_panel(da.isel(province=0, kind=0))
    assert not is_panel(da.values) and not is_panel(pd.Series([1.0, 2.0]))


# --- properties ----------------------------------------------------------------------------


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    scale=st.floats(0.01, 100.0),
    shift=st.floats(-1e3, 1e3),
    start=st.integers(1950, 2000),
)
def test_invariance_to_units_and_label_shift(
    seed: int, scale: float, shift: float, start: int
) -> None:
    """Affine changes of units leave F statistics unchanged; relabelling time shifts the
    break labels by the same amount; permuting the series permutes their results."""
    rng = np.random.default_rng(seed)
    data = rng.standard_normal((5, 30))
    data[rng.integers(0, 5), 15:] += 2.0
    a = xr.DataArray(data, dims=("s", "year"), coords={"year": np.arange(1990, 2020)})
    b = xr.DataArray(
        scale * data[::-1] + shift,
        dims=("s", "year"),
        coords={"year": np.arange(start, start + 30)},
    )
    ra, rb = sup_f_panel(a, trend=True), sup_f_panel(b, trend=True)
    np.testing.assert_allclose(ra.sup_wald.values, rb.sup_wald.values[::-1], rtol=1e-7)
    np.testing.assert_array_equal(ra.break_index.values, rb.break_index.values[::-1])
    np.testing.assert_array_equal(ra.break_label.values - 1990, rb.break_label.values[::-1] - start)
    ca, cb = cusum_panel(a, kind="rec-cusum"), cusum_panel(b, kind="rec-cusum")
    np.testing.assert_allclose(ca.stat.values, cb.stat.values[::-1], rtol=1e-7)


def test_size_under_the_null_for_many_series() -> None:
    """5% tests reject about 5% of 4,000 null series (Monte-Carlo error 0.35%)."""
    rng = np.random.default_rng(21)
    da = xr.DataArray(rng.standard_normal((4000, 60)), dims=("rep", "year"))
    sd = 3 * np.sqrt(0.05 * 0.95 / 4000)
    size = float((sup_f_panel(da, dim="year").pvalue < 0.05).mean())
    # Asymptotic p-values at n = 60: close to, not exactly, the nominal level.
    assert abs(size - 0.05) < sd + 0.01, size
    ch = chow_panel(da, dim="year", at=30)
    assert abs(float((ch.pvalue < 0.05).mean()) - 0.05) < sd
    # OLS-CUSUM is conservative in short samples: the largest of 60 partial sums is
    # below the supremum of the continuous Brownian bridge its p-value refers to.
    size_cusum = float((cusum_panel(da, dim="year").pvalue < 0.05).mean())
    assert 0.01 < size_cusum < 0.05, size_cusum
