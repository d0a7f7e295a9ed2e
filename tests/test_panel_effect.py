"""policyts.models.panel_effect: parity with numpy, standard errors by hand, size by simulation."""

from __future__ import annotations

import dataclasses
import json
import math

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from scipy import stats

import policyts
import policyts.cli
from policyts.models import PanelEffect, panel_effect
from policyts.models.panel_effect import default_bandwidth, shift_kernel

YEARS = np.arange(2010, 2024)
T, N = len(YEARS), 31


def simulate(
    rng: np.random.Generator,
    reps: int | None = None,
    *,
    delta: float = 0.0,
    phi: float = 0.0,
    mean_loading: float = 0.0,
    t0: int = 2017,
    n: int = N,
) -> np.ndarray:
    """Panels (reps, T, n) or one (T, n): unit effects and trends, AR(1) common factor of
    unit variance with loadings N(mean_loading, 0.5^2), N(0, 1) noise, shift delta."""
    r = 1 if reps is None else reps
    t = np.arange(T, dtype=np.float64)
    a = rng.normal(0.0, 5.0, (r, 1, n))
    b = rng.normal(1.0, 0.5, (r, 1, n))
    f = np.empty((r, T))
    f[:, 0] = rng.normal(size=r)
    for s in range(1, T):
        f[:, s] = phi * f[:, s - 1] + math.sqrt(1 - phi**2) * rng.normal(size=r)
    load = rng.normal(mean_loading, 0.5, (r, 1, n))
    y = a + b * t[None, :, None] + load * f[:, :, None] + rng.normal(size=(r, T, n))
    y = y + delta * (YEARS >= t0)[None, :, None]
    return y[0] if reps is None else y


def frame(y: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(y, index=YEARS, columns=[f"u{i}" for i in range(y.shape[1])])


def design(n: int, t0: int, *, trend: bool, slope: bool) -> np.ndarray:
    """Full dummy design, unit-major rows: unit intercepts [, unit trends], shift [, ramp]."""
    post = (YEARS >= t0).astype(float)
    cols = [np.kron(np.eye(n), np.ones((T, 1)))]
    if trend:
        cols.append(np.kron(np.eye(n), (YEARS - YEARS.mean())[:, None]))
    cols.append(np.tile(post, n)[:, None])
    if slope:
        cols.append(np.tile(post * (YEARS - t0), n)[:, None])
    return np.hstack(cols)


# --------------------------------------------------------------------------- parity


@pytest.mark.parametrize("trend,slope", [(True, False), (False, False), (True, True)])
def test_estimate_matches_numpy_dummy_regression(trend, slope):
    y = simulate(np.random.default_rng(1), delta=0.7)
    X = design(N, 2017, trend=trend, slope=slope)
    beta = np.linalg.lstsq(X, y.T.ravel(), rcond=None)[0]
    k = 2 if slope else 1
    res = panel_effect(frame(y), event=2017, trend=trend, slope=slope, cov="cluster")
    assert res.estimate == pytest.approx(beta[-k], rel=1e-10, abs=1e-12)
    if slope:
        assert res.slope_change is not None
        assert res.slope_change["estimate"] == pytest.approx(beta[-1], rel=1e-10)


def _within_scores(y: np.ndarray, trend: bool) -> tuple[np.ndarray, np.ndarray, int]:
    """Within-transformed regressors (unit demeaned) and pooled residuals, by hand."""
    n = y.shape[1]
    X = design(n, 2017, trend=trend, slope=False)[:, n:]  # without the unit intercepts
    yy = y.T.ravel()
    unit = np.repeat(np.arange(n), T)
    Xw = X - np.vstack([X[unit == i].mean(0) for i in range(n)])[unit]
    yw = yy - np.array([yy[unit == i].mean() for i in range(n)])[unit]
    beta = np.linalg.lstsq(Xw, yw, rcond=None)[0]
    return Xw, yw - Xw @ beta, X.shape[1]


@pytest.mark.parametrize("trend", [True, False])
def test_driscoll_kraay_se_by_hand(trend):
    # (X'X)^-1 S (X'X)^-1, S = G0 + sum_l (1 - l/(L+1)) (G_l + G_l'), h_t = sum_i x_it e_it,
    # times NT / (NT - N - K): linearmodels' DriscollKraay with debiased=True
    y = simulate(np.random.default_rng(2), phi=0.5, mean_loading=1.0)
    Xw, e, k = _within_scores(y, trend)
    h = (Xw * e[:, None]).reshape(N, T, -1).sum(axis=0)  # (T, K) year sums
    L = default_bandwidth(T)
    S = h.T @ h
    for lag in range(1, L + 1):
        G = h[lag:].T @ h[:-lag]
        S += (1 - lag / (L + 1)) * (G + G.T)
    A = np.linalg.inv(Xw.T @ Xw)
    V = A @ S @ A * (N * T) / (N * T - N - k)
    res = panel_effect(frame(y), event=2017, trend=trend, cov="driscoll-kraay")
    assert L == 2 and res.bandwidth == 2
    assert res.se == pytest.approx(math.sqrt(V[-1, -1]), rel=1e-9)
    assert res.df == T - (3 if trend else 2)
    q = stats.t.ppf(0.975, res.df)
    assert res.ci[1] - res.estimate == pytest.approx(q * res.se, rel=1e-12)


@pytest.mark.parametrize("trend", [True, False])
def test_cluster_se_by_hand(trend):
    # S = sum_i g_i g_i', g_i = sum_t x_it e_it, times (N/(N-1)) (NT-1)/(NT-K)
    y = simulate(np.random.default_rng(3), phi=0.5, mean_loading=1.0)
    Xw, e, k = _within_scores(y, trend)
    g = (Xw * e[:, None]).reshape(N, T, -1).sum(axis=1)
    A = np.linalg.inv(Xw.T @ Xw)
    V = A @ (g.T @ g) @ A * N / (N - 1) * (N * T - 1) / (N * T - k)
    res = panel_effect(frame(y), event=2017, trend=trend, cov="cluster")
    assert res.se == pytest.approx(math.sqrt(V[-1, -1]), rel=1e-9)
    assert res.df == N - 1
    assert res.pvalue == pytest.approx(2 * stats.t.sf(abs(res.stat), N - 1), rel=1e-12)


@pytest.mark.parametrize("t0,trend", [(2017, True), (2021, True), (2014, False)])
def test_shift_kernel_matches_linearmodels(t0, trend):
    rng = np.random.default_rng(4)
    for _ in range(3):
        y = simulate(rng, delta=0.3, phi=0.5, mean_loading=1.0, t0=t0)
        est, vdk, vcl = shift_kernel(y, YEARS, t0, trend=trend)
        dk = panel_effect(frame(y), event=t0, trend=trend, cov="dk")
        cl = panel_effect(frame(y), event=t0, trend=trend, cov="cluster")
        assert float(est) == pytest.approx(dk.estimate, rel=1e-10)
        assert math.sqrt(float(vdk)) == pytest.approx(dk.se, rel=1e-9)
        assert math.sqrt(float(vcl)) == pytest.approx(cl.se, rel=1e-9)


def test_estimate_is_mean_of_unit_segmented_regressions():
    y = simulate(np.random.default_rng(5), delta=1.0, phi=0.5, mean_loading=1.0)
    X = np.column_stack([np.ones(T), YEARS, (YEARS >= 2017).astype(float)])
    per_unit = np.linalg.lstsq(X, y, rcond=None)[0][2]
    res = panel_effect(frame(y), event=2017)
    assert res.estimate == pytest.approx(per_unit.mean(), rel=1e-10)


# --------------------------------------------------------------------------- properties


def test_unit_trends_and_scale_invariance():
    rng = np.random.default_rng(6)
    y = simulate(rng, delta=0.5)
    base = panel_effect(frame(y), event=2017)
    tilted = y + rng.normal(size=N)[None, :] * YEARS[:, None] + rng.normal(size=N)
    moved = panel_effect(frame(tilted), event=2017)
    assert moved.estimate == pytest.approx(base.estimate, rel=1e-8)
    assert moved.se == pytest.approx(base.se, rel=1e-8)
    scaled = panel_effect(frame(3.0 * y), event=2017)
    assert scaled.estimate == pytest.approx(3.0 * base.estimate, rel=1e-10)
    assert scaled.se == pytest.approx(3.0 * base.se, rel=1e-10)
    assert scaled.pvalue == pytest.approx(base.pvalue, rel=1e-8)


def test_window_equals_sliced_panel():
    y = simulate(np.random.default_rng(7), delta=0.5)
    full = panel_effect(frame(y), event=2017, window=(2012, 2021))
    sliced = panel_effect(frame(y).loc[2012:2021], event=2017)
    assert full.n_periods == 10 and full.years == (2012, 2021)
    assert full.estimate == pytest.approx(sliced.estimate, rel=1e-12)
    assert full.se == pytest.approx(sliced.se, rel=1e-12)


def test_recovers_a_simulated_shift():
    # no common factor: the estimate's sd is about sqrt(c'c / N) ~ 0.1
    rng = np.random.default_rng(8)
    y = simulate(rng, delta=1.5)
    res = panel_effect(frame(y), event=2017, cov="cluster")
    assert abs(res.estimate - 1.5) < 4 * res.se
    assert res.ci[0] < 1.5 < res.ci[1]
    assert res.pvalue < 1e-6


def test_dataarray_input_and_log():
    y = np.exp(simulate(np.random.default_rng(9), delta=0.2) / 10)
    da = xr.DataArray(
        y.T,
        dims=("province", "year"),
        coords={"province": [f"p{i}" for i in range(N)], "year": YEARS},
        name="applications",
    )
    res = panel_effect(da, event=2017, log=True)
    ref = panel_effect(frame(np.log(y)), event=2017)
    assert res.estimate == pytest.approx(ref.estimate, rel=1e-12)
    assert res.y == "log(applications)"
    assert res.percent == pytest.approx(100 * math.expm1(res.estimate))


# --------------------------------------------------------------------------- size and power


def test_size_and_power_fast():
    # 1,000 panels per design; Monte Carlo se of a rate of 0.05 is 0.007
    rng = np.random.default_rng(20261125)
    q_dk, q_cl = stats.t.ppf(0.975, T - 3), stats.t.ppf(0.975, N - 1)

    def rates(Y):
        est, vdk, vcl = shift_kernel(Y, YEARS, 2017)
        return (
            np.mean(np.abs(est / np.sqrt(vdk)) > q_dk),
            np.mean(np.abs(est / np.sqrt(vcl)) > q_cl),
        )

    dk0, cl0 = rates(simulate(rng, 1000))
    assert 0.025 < cl0 < 0.075  # cluster holds its size without a common shock
    assert dk0 > 0.10  # Driscoll-Kraay over-rejects at T = 14 (documented)
    dkf, clf = rates(simulate(rng, 1000, phi=0.5, mean_loading=1.0))
    assert clf > 0.5  # a common factor is not in the clustered errors (documented)
    assert dkf > 0.10
    _, cl_power = rates(simulate(rng, 1000, delta=1.0))
    assert cl_power > 0.95


def test_ar1_mmc_holds_its_size_with_a_persistent_common_factor():
    # benchmarks/panel_effect.md (4,000 panels): 0.037-0.046 at 5% with factor AR 0.8-0.9,
    # mean loading 1, where Driscoll-Kraay rejects 0.18-0.37 and cluster 0.53-0.75. Here
    # 600 panels per design: at a true rate of 0.05, more than 45 rejections has
    # probability below 0.002; the rate at AR 0.9 with a two-sd shift is 0.74 (se 0.018).
    from policyts.models._mmc_series import _t_stats, mmc_t_test

    rng = np.random.default_rng(7)
    X = np.column_stack([np.ones(T), YEARS - YEARS.mean(), (YEARS >= 2017).astype(float)])
    crit = None
    for phi in (0.0, 0.5, 0.9):
        Y = simulate(rng, 600, phi=phi, mean_loading=1.0)
        est, _, t = _t_stats(Y.mean(axis=2), X, 2)
        if crit is None:
            crit = mmc_t_test(Y[0].mean(axis=1), X, 2, level=0.95).crit
        np.testing.assert_allclose(est, shift_kernel(Y, YEARS, 2017)[0], rtol=1e-9, atol=1e-12)
        assert np.sum(np.abs(t) > crit) <= 45
    Y = simulate(rng, 600, phi=0.9, mean_loading=1.0, delta=2.0)
    _, _, t = _t_stats(Y.mean(axis=2), X, 2)
    assert np.mean(np.abs(t) > crit) > 0.6


def test_ar1_mmc_white_noise_row_matches_student_t():
    # With AR coefficient 0 the series' errors are white noise and the OLS t statistic is
    # exactly t(T - 3): the simulated 95% point of |t| (4,999 draws, Monte Carlo se about
    # 0.04) must match scipy's.
    from policyts.models import _mmc_series as mmc

    X = np.column_stack([np.ones(T), YEARS - YEARS.mean(), (YEARS >= 2017).astype(float)])
    U = mmc._errors(T, 4999, 0)[0]  # phi = 0, first share
    _, _, t = mmc._t_stats(U, X, 2)
    assert np.quantile(np.abs(t), 0.95) == pytest.approx(stats.t.ppf(0.975, T - 3), abs=0.15)


def test_ar1_mmc_result():
    y = simulate(np.random.default_rng(11), delta=2.0)
    res = panel_effect(frame(y), event=2017, cov="ar1-mmc")
    dk = panel_effect(frame(y), event=2017)
    assert res.estimate == pytest.approx(dk.estimate, rel=1e-10)
    assert res.cov == "ar1-mmc" and res.bandwidth is None and res.df == T - 3
    assert res.ci[0] < res.estimate < res.ci[1]
    assert res.pvalue < 0.05  # two noise sds, no common factor
    # the interval is the estimate -/+ the largest critical value times the OLS se
    half = (res.ci[1] - res.ci[0]) / 2
    assert half / res.se > stats.t.ppf(0.975, T - 3)
    d = json.loads(json.dumps(res.to_dict()))
    assert d["cov"] == "ar1-mmc" and "maximised Monte Carlo" in res.summary()
    slope = panel_effect(frame(y), event=2017, cov="mmc", slope=True)
    assert set(slope.slope_change) >= {"estimate", "se", "pvalue", "ci", "least_favourable"}


# --------------------------------------------------------------------------- bundled data


def test_provincial_invention_applications():
    ds = policyts.datasets.load("cn_provincial_patents")
    da = ds.applications.sel(kind="invention")
    res = panel_effect(da, event="cnipa_statistical_change_2017", log=True)
    assert (res.nobs, res.n_units, res.n_periods, res.first_affected) == (434, 31, 14, 2017)
    assert res.event_id == "cnipa_statistical_change_2017"
    y = np.log(da.transpose("year", "province").values)
    X = np.column_stack([np.ones(T), YEARS, (YEARS >= 2017).astype(float)])
    assert res.estimate == pytest.approx(np.linalg.lstsq(X, y, rcond=None)[0][2].mean())
    # by year, the catalogue's 2017 counting change is itself a confounder
    by_year = panel_effect(da, event=2017, log=True, cov="cluster")
    assert "cnipa_statistical_change_2017" in by_year.confounders
    later = panel_effect(da, event="patent_subsidy_end_2021", log=True)
    assert later.first_affected == 2021
    assert any("statistical change inside the estimation sample" in w for w in later.warnings)
    assert any("Driscoll-Kraay" in w for w in later.warnings)


def test_result_is_frozen_and_serialisable():
    res = panel_effect(frame(simulate(np.random.default_rng(10))), event=2017)
    assert isinstance(res, PanelEffect)
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.estimate = 0.0  # type: ignore[misc]
    d = json.loads(json.dumps(res.to_dict()))
    assert d["estimate"] == res.estimate and d["cov"] == "driscoll-kraay"
    assert "common shift" in res.summary() and "2017" in str(res)


# --------------------------------------------------------------------------- bad input


@pytest.fixture
def good() -> pd.DataFrame:
    return frame(simulate(np.random.default_rng(11)))


def test_unbalanced_panel(good):
    good.iloc[3, 5] = np.nan
    with pytest.raises(ValueError, match="unbalanced panel: 1 unit-years.*u5 2013"):
        panel_effect(good, event=2017)


def test_one_unit(good):
    with pytest.raises(ValueError, match="at least two units"):
        panel_effect(good[["u0"]], event=2017)


def test_duplicate_years_and_units(good):
    with pytest.raises(ValueError, match="duplicate years.*2011"):
        panel_effect(pd.concat([good, good.loc[[2011]]]).sort_index(), event=2017)
    dup = good.copy()
    dup.columns = ["u0"] * 2 + list(good.columns[2:])
    with pytest.raises(ValueError, match="duplicate units.*u0"):
        panel_effect(dup, event=2017)


def test_non_numeric_cells(good):
    bad = good.astype(object)
    bad.iloc[2, 1] = "n/a"
    with pytest.raises(ValueError, match=r"non-numeric cells \(1\): u1 2012"):
        panel_effect(bad, event=2017)


def test_event_outside_or_without_pre_or_post(good):
    with pytest.raises(ValueError, match="outside the years used 2010..2023"):
        panel_effect(good, event=2030)
    with pytest.raises(ValueError, match="only 2 year.*before it.*at least 3"):
        panel_effect(good, event=2012)
    with pytest.raises(ValueError, match="outside the years used 2010..2019"):
        panel_effect(good, event=2021, window=(2010, 2019))
    with pytest.raises(ValueError, match="1 year.*at least 2 are needed to estimate a slope"):
        panel_effect(good, event=2023, slope=True)
    with pytest.raises(ValueError, match="not_an_event"):
        panel_effect(good, event="not_an_event")


def test_bad_options(good):
    with pytest.raises(ValueError, match="cov must be"):
        panel_effect(good, event=2017, cov="hac")
    with pytest.raises(ValueError, match="window 2005..2020 reaches beyond"):
        panel_effect(good, event=2017, window=(2005, 2020))
    with pytest.raises(ValueError, match="log=True needs positive values"):
        panel_effect(good, event=2017, log=True)
    with pytest.raises(ValueError, match="bandwidth must be below"):
        panel_effect(good, event=2017, bandwidth=14)
    da = xr.DataArray(np.zeros((2, 3, 4)), dims=("province", "year", "kind"))
    with pytest.raises(ValueError, match=r"further dimensions \['kind'\]"):
        panel_effect(da, event=2017)


# --------------------------------------------------------------------------- CLI


def _write_long(path, y: pd.DataFrame) -> None:
    long = y.stack().rename("value").reset_index()
    long.columns = ["year", "unit", "value"]
    long.to_csv(path, index=False)


def _cli(capsys, path, *extra):
    code = policyts.cli.main(
        ["panel-effect", str(path), "--time", "year", "--unit", "unit", "--y", "value", *extra]
    )
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_json_matches_function(tmp_path, capsys, good):
    path = tmp_path / "panel.csv"
    _write_long(path, good + 50.0)
    code, out, _ = _cli(capsys, path, "--event", "2017", "--log", "--cov", "cluster", "--json")
    assert code == 0
    d = json.loads(out)
    ref = panel_effect(good + 50.0, event=2017, log=True, cov="cluster")
    assert d["estimate"] == pytest.approx(ref.estimate, rel=1e-12)
    assert d["se"] == pytest.approx(ref.se, rel=1e-12)
    assert d["y"] == "log(value)" and d["n_units"] == N and d["first_affected"] == 2017
    code, out, _ = _cli(capsys, path, "--event", "2017", "--no-trend", "--json")
    assert json.loads(out)["trend"] is False
    code, out, _ = _cli(capsys, path, "--event", "2017", "--cov", "ar1-mmc", "--json")
    d = json.loads(out)
    ref = panel_effect(good + 50.0, event=2017, cov="ar1-mmc")
    assert code == 0 and d["cov"] == ref.cov == "ar1-mmc"
    assert d["pvalue"] == pytest.approx(ref.pvalue, rel=1e-12)
    assert d["ci"] == pytest.approx(list(ref.ci), rel=1e-12)


def test_cli_summary_names_the_column(tmp_path, capsys, good):
    path = tmp_path / "panel.csv"
    _write_long(path, good + 50.0)
    code, out, _ = _cli(capsys, path, "--event", "2017", "--log")
    assert code == 0 and "y: log(value); event: year 2017" in out
    code, out, _ = _cli(capsys, path, "--event", "2017")
    assert code == 0 and "y: value; event: year 2017" in out


def test_cli_errors(tmp_path, capsys, good):
    path = tmp_path / "panel.csv"
    _write_long(path, good[["u0"]])
    code, _, err = _cli(capsys, path, "--event", "2017")
    assert code == 2 and "a panel effect needs at least two" in err
    _write_long(path, good)
    code, _, err = _cli(capsys, path, "--event", "2040")
    assert code == 2 and "outside the years used" in err
