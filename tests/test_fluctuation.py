"""Tests for policyts.models.fluctuation: OLS-CUSUM, recursive CUSUM and OLS-MOSUM.

Reference numbers come from R strucchange 1.5-3 through
tests/reference/strucchange_efp/make_reference.R (stored output; R is not needed here).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st

from policyts.models.fluctuation import (
    FluctuationTest,
    cusum,
    efp_process,
    fluctuation_boundary,
    fluctuation_critical_value,
    fluctuation_pvalue,
    ols_cusum,
    ols_mosum,
    rec_cusum,
    recursive_residuals,
)

matplotlib.use("Agg")

REF_DIR = Path(__file__).parent / "reference" / "strucchange_efp"
KINDS = ("ols-cusum", "rec-cusum", "ols-mosum")
CASES = ("nile", "uk_driver_deaths", "sim_break", "sim_break_noconst", "sim_nobreak")


@pytest.fixture(scope="module")
def reference() -> dict:
    with open(REF_DIR / "reference.json", encoding="utf-8") as f:
        return json.load(f)


def _inputs(case: str) -> tuple[object, object, bool]:
    """(y, exog, const) for a reference case, read from the CSVs R wrote."""
    if case == "nile":
        df = pd.read_csv(REF_DIR / "nile.csv")
        return pd.Series(df["y"].to_numpy(), index=pd.Index(df["year"], name="year")), None, True
    if case == "uk_driver_deaths":
        df = pd.read_csv(REF_DIR / "uk_driver_deaths.csv")
        idx = pd.PeriodIndex(df["month"], freq="M", name="time")
        y = pd.Series(df["y"].to_numpy(), index=idx, name="log_deaths")
        exog = pd.DataFrame(
            df[["ylag1", "ylag12"]].to_numpy(), index=idx, columns=["ylag1", "ylag12"]
        )
        return y, exog, True
    if case in ("sim_break", "sim_break_noconst"):
        df = pd.read_csv(REF_DIR / "sim_break.csv")
        return df["y"].to_numpy(), df["x"].to_numpy(), case == "sim_break"
    df = pd.read_csv(REF_DIR / "sim_nobreak.csv")
    return df["y"].to_numpy(), None, True


def _r_kind(reference: dict, case: str, kind: str) -> dict:
    return reference["cases"][case]["kinds"][kind]


def _r_process(r: dict, kind: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """R's process, time and boundary without the leading 0 of the CUSUM processes."""
    proc, time, bound = (np.array(r[key]) for key in ("process", "time", "boundary"))
    if kind != "ols-mosum":
        assert proc[0] == 0.0
        proc, time, bound = proc[1:], time[1:], bound[1:]
    return proc, time, bound


# ----------------------------------------------------------------------------------------
# parity with R strucchange 1.5-3
# ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", CASES)
def test_process_statistic_pvalue_match_strucchange(reference, case, kind):
    y, exog, const = _inputs(case)
    r = _r_kind(reference, case, kind)
    res = cusum(y, exog, const=const, kind=kind, h=0.15, alpha=0.05)
    proc, _, _ = _r_process(r, kind)
    assert res.process.shape == proc.shape
    scale = np.max(np.abs(proc))
    np.testing.assert_allclose(res.process, proc, rtol=1e-6, atol=1e-6 * scale)
    np.testing.assert_allclose(res.stat, r["statistic"], rtol=1e-6)
    np.testing.assert_allclose(res.pvalue, r["p_value"], rtol=1e-4, atol=1e-12)
    assert res.nobs == r["nobs"]
    assert len(res.regressors) == r["nreg"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", CASES)
def test_boundary_matches_strucchange(reference, case, kind):
    y, exog, const = _inputs(case)
    r = _r_kind(reference, case, kind)
    res = cusum(y, exog, const=const, kind=kind)
    _, _, bound = _r_process(r, kind)
    # R's boundary() solves for the critical value with uniroot's default tolerance; the
    # same root solved tightly in R agrees with ours to rounding.
    np.testing.assert_allclose(res.critical_value, r["critval_tight"], rtol=1e-12)
    np.testing.assert_allclose(res.boundary, bound, rtol=2e-5)
    tight = fluctuation_boundary(r["critval_tight"], kind, bound.shape[0])
    np.testing.assert_allclose(res.boundary, tight, rtol=1e-12)
    assert res.crossed == bool(np.any(np.abs(_r_process(r, kind)[0]) > bound))


@pytest.mark.parametrize("kind", KINDS)
def test_time_labels_match_strucchange_ts(reference, kind):
    nile_y, _, _ = _inputs("nile")
    res = cusum(nile_y, kind=kind)
    _, time, _ = _r_process(_r_kind(reference, "nile", kind), kind)
    np.testing.assert_array_equal(np.asarray(res.labels), time.astype(int))
    uk_y, uk_x, _ = _inputs("uk_driver_deaths")
    res = cusum(uk_y, uk_x, kind=kind)
    _, time, _ = _r_process(_r_kind(reference, "uk_driver_deaths", kind), kind)
    periods = pd.PeriodIndex(res.labels)
    decimal = periods.year + (periods.month - 1) / 12
    np.testing.assert_allclose(np.asarray(decimal, dtype=float), time, atol=1e-9)


@pytest.mark.parametrize("kind", KINDS)
def test_positions_match_strucchange_plain_vectors(reference, kind):
    # Without a ts, strucchange's time axis is a fraction of the sample; it maps to
    # 0-based positions as below.
    y, x, _ = _inputs("sim_break")
    n, k = 120, 2
    res = cusum(y, x, kind=kind)
    _, time, _ = _r_process(_r_kind(reference, "sim_break", kind), kind)
    if kind == "ols-cusum":
        expected = np.rint(time * n) - 1
    elif kind == "rec-cusum":
        expected = np.rint(time * (n - k)) + k - 1
    else:
        expected = np.rint(time * n) - 1
    np.testing.assert_array_equal(res.positions, expected.astype(int))
    np.testing.assert_array_equal(np.asarray(res.labels), res.positions)


def test_pvalue_functions_match_strucchange_grid(reference):
    pf = reference["pvalue_functions"]
    grid = np.array(pf["grid"])
    for kind, key in (("ols-cusum", "brownian_bridge"), ("rec-cusum", "brownian_motion")):
        ours = [fluctuation_pvalue(x, kind) for x in grid]
        np.testing.assert_allclose(ours, pf[key], rtol=1e-10, atol=1e-12)
    for h, expected in pf["brownian_bridge_increments"].items():
        ours = [fluctuation_pvalue(x, "ols-mosum", float(h)) for x in grid]
        np.testing.assert_allclose(ours, expected, rtol=1e-12, atol=1e-14)


def test_critical_values_match_strucchange(reference):
    for alpha, cv in reference["critical_values_tight"].items():
        a = float(alpha)
        np.testing.assert_allclose(
            fluctuation_critical_value(a, "ols-cusum"), cv["brownian_bridge"], rtol=1e-12
        )
        np.testing.assert_allclose(
            fluctuation_critical_value(a, "rec-cusum"), cv["brownian_motion"], rtol=1e-12
        )
        if a == 0.01:
            # strucchange's root-finder stops at the end of its interval (20) because the
            # interpolated p-value is 0.01 on all of [c_0.01, inf); ours is c_0.01 itself.
            assert cv["brownian_bridge_increments_h0.15"] == 20
            assert fluctuation_critical_value(a, "ols-mosum", 0.15) == pytest.approx(1.3767)
            continue
        for h in ("0.15", "0.07"):
            np.testing.assert_allclose(
                fluctuation_critical_value(a, "ols-mosum", float(h)),
                cv[f"brownian_bridge_increments_h{h}"],
                rtol=1e-12,
            )


def test_classical_critical_values():
    # Brown, Durbin & Evans (1975): a = 0.948 at 5%; Kolmogorov 5% point 1.358.
    assert fluctuation_critical_value(0.05, "rec-cusum") == pytest.approx(0.9479, abs=1e-4)
    assert fluctuation_critical_value(0.05, "ols-cusum") == pytest.approx(1.3581, abs=1e-4)
    # Chu, Hornik & Kuan (1995) table, h = 0.5, 10%; h = 0.125 halfway between rows.
    assert fluctuation_critical_value(0.10, "ols-mosum", 0.5) == pytest.approx(1.3751)
    assert fluctuation_critical_value(0.05, "ols-mosum", 0.125) == pytest.approx(
        (1.0483 + 1.2059) / 2
    )
    # Between tabulated levels the p-value is linear: alpha = 0.075 is halfway.
    assert fluctuation_critical_value(0.075, "ols-mosum", 0.15) == pytest.approx(
        (1.1211 + 1.2059) / 2
    )


# ----------------------------------------------------------------------------------------
# kernels
# ----------------------------------------------------------------------------------------


def test_recursive_residuals_equal_one_step_prediction_errors():
    rng = np.random.default_rng(11)
    n, k = 40, 3
    X = np.column_stack([np.ones(n), rng.normal(size=n), np.arange(n, dtype=float)])
    y = X @ np.array([1.0, 2.0, -0.1]) + rng.normal(size=n)
    w = recursive_residuals(y, X)
    expected = []
    for t in range(k, n):
        b, *_ = np.linalg.lstsq(X[:t], y[:t], rcond=None)
        f = 1 + X[t] @ np.linalg.solve(X[:t].T @ X[:t], X[t])
        expected.append((y[t] - X[t] @ b) / np.sqrt(f))
    np.testing.assert_allclose(w, expected, rtol=1e-10)
    # Their squares add up to the full-sample OLS residual sum of squares.
    e = y - X @ np.linalg.lstsq(X, y, rcond=None)[0]
    assert w @ w == pytest.approx(e @ e, rel=1e-10)


def test_rec_cusum_uses_centred_sd_of_recursive_residuals():
    rng = np.random.default_rng(3)
    y = rng.normal(size=30) + np.linspace(0, 2, 30)
    X = np.ones((30, 1))
    proc, pos, sigma = efp_process(y, X, "rec-cusum")
    w = recursive_residuals(y, X)
    assert sigma == pytest.approx(np.std(w, ddof=1))
    np.testing.assert_allclose(proc, np.cumsum(w) / (sigma * np.sqrt(29)))
    np.testing.assert_array_equal(pos, np.arange(1, 30))


def test_ols_mosum_window_and_labels():
    y = np.arange(20.0) % 3
    proc, pos, sigma = efp_process(y, np.ones((20, 1)), "ols-mosum", h=0.25)
    nh = 5
    e = y - y.mean()
    expected = np.array([e[i : i + nh].sum() for i in range(20 - nh + 1)])
    np.testing.assert_allclose(proc, expected / (sigma * np.sqrt(20)))
    np.testing.assert_array_equal(pos, np.arange(16) + nh // 2 - 1)


# ----------------------------------------------------------------------------------------
# invariances (hypothesis)
# ----------------------------------------------------------------------------------------


def _sim(seed: int, n: int = 40) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    y = 1.0 + 0.5 * x + rng.normal(size=n) + 0.8 * (np.arange(n) >= n // 2)
    return y, x


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    c=st.floats(1e-3, 1e3),
    kind=st.sampled_from(KINDS),
)
def test_scaling_y_leaves_process_and_pvalue_unchanged(seed, c, kind):
    y, x = _sim(seed)
    a = cusum(y, x, kind=kind)
    b = cusum(c * y, x, kind=kind)
    np.testing.assert_allclose(b.process, a.process, rtol=1e-7, atol=1e-9)
    assert b.stat == pytest.approx(a.stat, rel=1e-9)
    assert b.pvalue == pytest.approx(a.pvalue, rel=1e-7, abs=1e-12)
    assert b.sigma == pytest.approx(c * a.sigma, rel=1e-9)


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    shift=st.floats(-1e3, 1e3),
    kind=st.sampled_from(KINDS),
)
def test_adding_constant_leaves_process_unchanged_with_intercept(seed, shift, kind):
    y, x = _sim(seed)
    a = cusum(y, x, kind=kind)
    b = cusum(y + shift, x, kind=kind)
    np.testing.assert_allclose(b.process, a.process, rtol=1e-6, atol=1e-8)
    assert b.pvalue == pytest.approx(a.pvalue, rel=1e-6, abs=1e-10)


def test_adding_constant_changes_process_without_intercept():
    y, x = _sim(1)
    a = cusum(y, x, const=False)
    b = cusum(y + 5.0, x, const=False)
    assert np.max(np.abs(a.process - b.process)) > 0.1


# ----------------------------------------------------------------------------------------
# power and size on simulated series
# ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_large_level_break_is_detected(kind):
    rng = np.random.default_rng(2024)
    y = rng.normal(size=100)
    y[50:] += 2.0
    res = cusum(y, kind=kind)
    assert res.pvalue <= 0.01
    assert res.crossed
    if kind == "ols-cusum":
        # The OLS-CUSUM peaks at the last period of the old regime.
        assert res.details["max |process| at"] == "49"
        assert res.pvalue < 1e-10


@pytest.mark.parametrize("kind", KINDS)
def test_no_break_series_is_not_rejected(kind):
    y = np.random.default_rng(1).normal(size=80)
    res = cusum(y, kind=kind)
    assert res.pvalue > 0.5
    assert not res.crossed
    assert res.details["first boundary crossing"] == "none"


# ----------------------------------------------------------------------------------------
# result object
# ----------------------------------------------------------------------------------------


def test_mosum_pvalue_bounds_and_summary(reference):
    y, _, _ = _inputs("sim_nobreak")
    res = ols_mosum(y)
    assert res.pvalue == pytest.approx(0.09596380929517781, rel=1e-9)
    assert res.pvalue_bounds == (0.05, 0.10)
    nile, _, _ = _inputs("nile")
    res = ols_mosum(nile)
    assert res.pvalue == 0.01 and res.pvalue_bounds == (0.0, 0.01)
    assert "p-value: <= 0.01" in res.summary()
    res = ols_mosum(np.random.default_rng(1).normal(size=80))
    assert res.pvalue_bounds == (0.10, 1.0)
    assert "p-value: >= 0.10" in res.summary()


def test_result_is_frozen_and_arrays_read_only():
    res = rec_cusum(_sim(0)[0])
    assert isinstance(res, FluctuationTest)
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.stat = 0.0  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        res.process[0] = 1.0


def test_convenience_functions_equal_cusum():
    y, x = _sim(5)
    for fn, kind in ((ols_cusum, "ols-cusum"), (rec_cusum, "rec-cusum"), (ols_mosum, "ols-mosum")):
        a, b = fn(y, x), cusum(y, x, kind=kind)
        np.testing.assert_array_equal(a.process, b.process)
        assert a.pvalue == b.pvalue and a.kind == kind


def test_summary_and_dict(reference):
    y, x, _ = _inputs("uk_driver_deaths")
    res = rec_cusum(y, x)
    text = res.summary()
    assert text.startswith("Recursive CUSUM test")
    assert "Statistic (max |process| / (1 + 2 t)): 1.1599" in text
    assert "p-value: 0.0086" in text
    assert "177 values labelled 1970-04 .. 1984-12" in text
    assert str(res) == text
    d = json.loads(json.dumps(res.to_dict()))
    assert d["kind"] == "rec-cusum" and len(d["process"]) == 177
    assert d["labels"][0] == "1970-04"
    assert d["stat"] == pytest.approx(
        _r_kind(reference, "uk_driver_deaths", "rec-cusum")["statistic"]
    )


def test_to_dataset_year_labels():
    da = xr.DataArray(
        _sim(4, n=50)[0], dims="year", coords={"year": np.arange(1970, 2020)}, name="z"
    )
    res = ols_mosum(da, h=0.2)
    ds = res.to_dataset()
    assert ds["process"].dims == ("year",)
    np.testing.assert_array_equal(ds["year"].values, np.arange(1970, 2020)[res.positions])
    np.testing.assert_array_equal(ds["window_start"].values, np.arange(1970, 1970 + 41))
    np.testing.assert_array_equal(ds["window_end"].values - ds["window_start"].values, 9)
    np.testing.assert_array_equal(ds["process"].values, res.process)
    assert ds["process"].attrs["units"] == "1"
    assert ds["boundary"].attrs["long_name"].startswith("boundary at alpha = 0.05")
    assert ds.attrs["statistic"] == res.stat and ds.attrs["window_length"] == 10
    assert "Zeileis" in ds.attrs["references"]


def test_to_dataset_period_labels_as_text():
    y, x, _ = _inputs("uk_driver_deaths")
    ds = ols_cusum(y, x).to_dataset()
    assert ds["time"].values[0] == "1970-01" and ds.sizes["time"] == 180
    assert "window_start" not in ds.coords
    np.testing.assert_array_equal(ds["position"].values, np.arange(180))


def test_plot_draws_process_and_boundaries():
    import matplotlib.pyplot as plt

    y, x, _ = _inputs("uk_driver_deaths")
    res = ols_cusum(y, x)
    fig, ax = plt.subplots()
    out = res.plot(ax=ax)
    assert out is ax
    assert len(ax.lines) == 4  # process, +boundary, -boundary, zero line
    np.testing.assert_allclose(np.asarray(ax.lines[0].get_ydata(), dtype=float), res.process)
    np.testing.assert_allclose(np.asarray(ax.lines[2].get_ydata(), dtype=float), -res.boundary)
    assert ax.get_ylabel() == "OLS-based CUSUM process [1]"
    assert ax.get_xlabel() == "time"
    plt.close(fig)


# ----------------------------------------------------------------------------------------
# error paths
# ----------------------------------------------------------------------------------------


def test_too_few_observations_for_regressors():
    x = [0.5, 0.1, 0.9, 0.3, 0.7]
    y = [1.0, 2.0, 4.0, 3.5, 2.0]
    with pytest.raises(ValueError, match=r"at least k \+ 2 = 5 observations .* has 4"):
        cusum(y[:4], x[:4], trend=True)
    # k + 2 observations are enough.
    assert np.isfinite(cusum(y, x, trend=True, kind="rec-cusum").pvalue)


def test_nan_inside_series_raises():
    y = _sim(0)[0]
    y[10] = np.nan
    with pytest.raises(ValueError, match="missing or non-finite"):
        cusum(y)


@pytest.mark.parametrize("kind", ["OLS-CUSUM", "rec-mosum", "me"])
def test_unknown_kind(kind):
    with pytest.raises(ValueError, match="kind must be one of"):
        cusum(_sim(0)[0], kind=kind)


@pytest.mark.parametrize("h", [0.0, 1.0, -0.1, 1.5])
@pytest.mark.parametrize("kind", KINDS)
def test_h_outside_unit_interval(h, kind):
    with pytest.raises(ValueError, match=r"h must lie in \(0, 1\)"):
        cusum(_sim(0)[0], kind=kind, h=h)


@pytest.mark.parametrize("h", [0.02, 0.6])
def test_mosum_h_outside_table(h):
    with pytest.raises(ValueError, match=r"tabulated for bandwidths h in \[0.05, 0.5\]"):
        ols_mosum(_sim(0)[0], h=h)


def test_mosum_window_too_short():
    with pytest.raises(ValueError, match="MOSUM window floor"):
        ols_mosum(np.arange(12.0) % 5, h=0.1)


@pytest.mark.parametrize("alpha", [0.0, 1.0, -0.05])
def test_alpha_outside_unit_interval(alpha):
    with pytest.raises(ValueError, match=r"alpha must lie in \(0, 1\)"):
        ols_cusum(_sim(0)[0], alpha=alpha)


def test_mosum_alpha_outside_table():
    with pytest.raises(ValueError, match=r"tabulated for alpha in \[0.01, 0.1\]"):
        ols_mosum(_sim(0)[0], alpha=0.2)


def test_rec_cusum_collinear_start():
    y, _ = _sim(0)
    step = (np.arange(40) >= 20).astype(float)
    with pytest.raises(ValueError, match="first 2 observations are collinear"):
        rec_cusum(y, step)


def test_zero_residual_variance():
    with pytest.raises(ValueError, match="residual standard deviation is zero"):
        ols_cusum(np.full(20, 3.0))
