"""Perron-Yabu trend-break test: size and power by simulation, published critical values,
conventions, invariances, bad input and the ``trend-break`` CLI.

The simulation tests use the "warp-speed" Monte Carlo of Giacomini, Politis & White
(2013): each simulated series gets one bootstrap draw from its own fitted noise process
and a series rejects when its Exp-W exceeds the 95% quantile of the pooled draws.  That
estimates the rejection rate of the bootstrap test at a fraction of the cost; the full
study (299 draws per series) is benchmarks/trend_break_size_power.py with its stored
output.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from policyts.cli import main
from policyts.models import trend_break
from policyts.models._persistence_kernels import roy_fuller, truncate_root
from policyts.models.trend_break import (
    _PY_CV,
    TrendBreakOptions,
    bootstrap_samples,
    exp_w_batch,
    fit_null,
    min_nobs,
)

REF = Path(__file__).parent / "reference" / "perron_yabu" / "critical_values.json"


def ar_noise(rng: np.random.Generator, reps: int, n: int, phi: float, sd: float) -> np.ndarray:
    burn = 100
    e = sd * rng.standard_normal((reps, n + burn))
    u = np.zeros((reps, n + burn))
    for t in range(1, n + burn):
        u[:, t] = phi * u[:, t - 1] + e[:, t]
    return u[:, burn:]


def make(rng: np.random.Generator, dgp: str, reps: int, n: int) -> np.ndarray:
    t = np.arange(n, dtype=float)
    if dgp == "rw":  # random walk with drift 0.1, innovation sd 0.05
        return np.cumsum(0.1 + 0.05 * rng.standard_normal((reps, n)), axis=1)
    if dgp.startswith("ar"):  # trend 0.1 per period + AR(phi) noise, innovation sd 0.05
        return 0.1 * t + ar_noise(rng, reps, n, float(dgp[2:]), 0.05)
    du = (t >= n // 2).astype(float)
    if dgp == "slope":  # slope change 0.10 per period, AR(0.3) noise sd 0.03
        return 0.1 * t + 0.10 * du * (t - n // 2 + 1) + ar_noise(rng, reps, n, 0.3, 0.03)
    if dgp == "level":  # level shift 0.3 (10 innovation sd), AR(0.3) noise sd 0.03
        return 0.1 * t + 0.3 * du + ar_noise(rng, reps, n, 0.3, 0.03)
    raise ValueError(dgp)


def warp_speed_rate(y: np.ndarray, model: str, rng: np.random.Generator, draws: int = 2) -> float:
    reps, n = y.shape
    o = TrendBreakOptions.resolve(n, model=model, trim=0.15, max_lag=None, bootstrap=0, seed=0)
    z = (y - y.mean(axis=1, keepdims=True)) / y.std(axis=1, keepdims=True)
    res = exp_w_batch(z, model=model, first=o.first, last=o.last, max_lag=o.max_lag)
    bhat = res.dates[np.argmax(res.wald, axis=1)]
    star = np.concatenate(
        [
            bootstrap_samples(
                fit_null(z[i], o.max_lag, model=model, break_at=int(bhat[i])), n, 1, rng
            )
            for i in range(reps)
        ]
    )
    bstat = exp_w_batch(star, model=model, first=o.first, last=o.last, max_lag=o.max_lag).stat
    return float(np.mean(res.stat > np.quantile(bstat, 0.95)))


# Size: 250 series per design, two bootstrap draws each.  At a true rate of 5% the Monte
# Carlo s.e. is 1.4 points and the pooled 95% quantile of 500 draws adds about one more
# (the statistic's right tail is long), so a rate above 10% is about three standard
# errors from nominal: a real size distortion, not noise.  (A check with 1,000 series
# at n = 60, AR(0.5): 5.3%.)
@pytest.mark.parametrize("n", [25, 38, 60])
@pytest.mark.parametrize("dgp", ["rw", "ar0.5", "ar0.9"])
def test_size_bootstrap_level_model(n: int, dgp: str) -> None:
    rng = np.random.default_rng(1000 * n + len(dgp))
    rate = warp_speed_rate(make(rng, dgp, 250, n), "level", rng)
    assert rate <= 0.10, f"size {rate:.3f} at n={n} under {dgp}"


@pytest.mark.parametrize("dgp", ["rw", "ar0.9"])
def test_size_bootstrap_n38_slope_model(dgp: str) -> None:
    model = "slope"
    rng = np.random.default_rng(38 + len(dgp))
    rate = warp_speed_rate(make(rng, dgp, 250, 38), model, rng)
    assert rate <= 0.10, f"size {rate:.3f} for model {model} under {dgp}"


def test_asymptotic_values_over_reject_random_walks_at_n38() -> None:
    # Why the bootstrap is the default: with n = 38 the asymptotic 5% value rejects far
    # more than 5% of random walks with drift (about 15-20% in the stored study).
    rng = np.random.default_rng(7)
    y = make(rng, "rw", 300, 38)
    o = TrendBreakOptions.resolve(38, model="level", trim=0.15, max_lag=None, bootstrap=0, seed=0)
    stat = exp_w_batch(y, model="level", first=o.first, last=o.last, max_lag=o.max_lag).stat
    assert np.mean(stat > _PY_CV["level"][0.15][1]) > 0.10


# Power: 150 series; the target rate is 80%, the measured rates are well above it (see
# the stored study), and the Monte Carlo s.e. at 80% is 3.3 points.
def test_power_slope_break_n38() -> None:
    rng = np.random.default_rng(11)
    rate = warp_speed_rate(make(rng, "slope", 150, 38), "slope", rng)
    assert rate >= 0.80


def test_power_level_shift_n38() -> None:
    rng = np.random.default_rng(12)
    rate = warp_speed_rate(make(rng, "level", 150, 38), "level", rng)
    assert rate >= 0.80


@pytest.mark.parametrize("model", ["level", "slope"])
def test_published_critical_values_reproduced(model: str) -> None:
    # I(0) limit of Exp-W (trim 0.15): Wald(b) = |Q_b' e|^2 with Q_b the break regressors
    # after projecting out (1, t); T = 200, 4,000 draws.  The 90% and 95% quantiles have
    # a Monte Carlo s.e. of about 0.05 here; 0.15 allows for that and for T = 200.
    rng = np.random.default_rng(2009)
    t_len, reps = 200, 4000
    t = np.arange(1.0, t_len + 1.0)
    q0, _ = np.linalg.qr(np.column_stack([np.ones(t_len), t]))
    e = rng.standard_normal((reps, t_len))
    e -= (e @ q0) @ q0.T
    h = int(math.floor(0.15 * t_len))
    paths = []
    for b in range(h, t_len - h + 1):
        du = (np.arange(t_len) >= b).astype(float)
        d = du if model == "level" else du * (np.arange(t_len) - b + 1.0)
        d = d - q0 @ (q0.T @ d)
        paths.append((e @ d) ** 2 / (d @ d))
    half = np.column_stack(paths) / 2.0
    top = half.max(axis=1)
    stat = top + np.log(np.exp(half - top[:, None]).sum(axis=1)) - math.log(t_len)
    pub = _PY_CV[model][0.15]
    assert np.quantile(stat, 0.90) == pytest.approx(pub[0], abs=0.15)
    assert np.quantile(stat, 0.95) == pytest.approx(pub[1], abs=0.15)


def test_stored_reproduction_of_critical_values() -> None:
    # The stored study (20,000 draws, T = 500): for the level and slope models every
    # published value at every trimming lies within 0.06 of the simulated quantile's 95%
    # interval (T = 500 discretisation shifts quantiles by a few hundredths).
    ref = json.loads(REF.read_text())["limit"]["results"]
    for model in ("level", "slope"):
        for trim, rows in ref[model].items():
            for row in rows:
                lo, hi = row["ci95"]
                assert lo - 0.06 <= row["published"] <= hi + 0.06, (model, trim, row)
    # Model "both": the published values lie above the simulated I(0) limit (by about
    # 0.2), i.e. on the conservative side; the bootstrap decides in any case.
    for rows in ref["both"].values():
        for row in rows:
            assert row["published"] >= row["ci95"][0]


def test_roy_fuller_is_continuous_at_tau_pct_and_truncation() -> None:
    se = np.full(3, 0.05)
    tau_pct = -4.3
    alpha = 1.0 + se * np.array([tau_pct - 1e-9, tau_pct, tau_pct + 1e-9])
    out = roy_fuller(alpha, se, np.zeros(3, dtype=int), n=38, n_det=3, tau_pct=tau_pct)
    np.testing.assert_allclose(out, 1.0, atol=1e-6)  # C(tau_pct) = -tau_pct
    assert truncate_root(np.array([1 - 0.9 / math.sqrt(38)]), 38)[0] == 1.0
    assert truncate_root(np.array([0.5]), 38)[0] == 0.5


def series_with_slope_break(seed: int = 4, n: int = 38, start: int = 1985) -> pd.Series:
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    y = 0.1 * t + 0.1 * np.maximum(t - 18, 0) + ar_noise(rng, 1, n, 0.3, 0.03)[0]
    return pd.Series(y, index=pd.Index(range(start, start + n), name="year"), name="y")


def test_finds_slope_break_and_labels_first_new_period() -> None:
    y = series_with_slope_break()
    res = trend_break(y, model="slope", bootstrap=199)
    # DT_t = max(t - 18, 0) first rises at t = 19 -> year 1985 + 19 = 2004
    assert res.reject and res.pvalue is not None and res.pvalue < 0.05
    assert res.statistic > res.critical_values["1%"]
    assert abs(res.break_label - 2004) <= 1
    assert res.break_end_label == res.break_label - 1
    assert res.break_index == res.break_label - 1985
    d = res.to_dict()
    json.dumps(d)
    assert set(d["break"]) == {"index", "label", "end_label"}
    assert d["critical_values"] == {"10%": 1.13, "5%": 1.67, "1%": 3.06}


def test_invariances_affine_and_label_shift() -> None:
    y = series_with_slope_break()
    a = trend_break(y, model="both", bootstrap=0)
    b = trend_break(3.0 * y - 7.0, model="both", bootstrap=0)
    assert b.statistic == pytest.approx(a.statistic, rel=1e-9)
    shifted = y.copy()
    shifted.index = shifted.index + 10
    c = trend_break(shifted, model="both", bootstrap=0)
    assert c.statistic == pytest.approx(a.statistic, rel=1e-12)
    assert c.break_label == a.break_label + 10


def test_numpy_pandas_xarray_agree() -> None:
    y = series_with_slope_break()
    r_pd = trend_break(y, bootstrap=99)
    r_np = trend_break(y.to_numpy(), bootstrap=99)
    r_xr = trend_break(xr.DataArray(y.to_numpy(), dims="year", coords={"year": y.index}))
    assert r_np.statistic == r_pd.statistic == pytest.approx(r_xr.statistic)
    assert r_np.break_label == r_pd.break_index and r_xr.break_label == r_pd.break_label
    assert r_np.pvalue == r_pd.pvalue


def test_no_bootstrap_uses_asymptotic_value() -> None:
    y = series_with_slope_break()
    res = trend_break(y, model="slope", bootstrap=0)
    assert res.pvalue is None and "no bootstrap" in res.pvalue_note
    assert res.reject == (res.statistic > 1.67)
    with pytest.raises(ValueError, match="no tabulated critical values"):
        trend_break(y, model="slope", trim=0.2, bootstrap=0)


def test_min_nobs_and_too_short_message() -> None:
    assert min_nobs("level", 0.15) == 15
    assert min_nobs("both", 0.15) == 20
    y = series_with_slope_break(n=19)
    with pytest.raises(ValueError, match=r"19 observations; model 'both' .* at least 20"):
        trend_break(y, model="both")
    with pytest.raises(ValueError, match="at least 15"):
        trend_break(np.arange(12.0) + np.sin(np.arange(12.0)))


def test_bad_input() -> None:
    y = series_with_slope_break()
    with pytest.raises(ValueError, match="model must be one of"):
        trend_break(y, model="trend")
    with pytest.raises(ValueError, match="trim must be a fraction"):
        trend_break(y, trim=0.6)
    with pytest.raises(ValueError, match="constant"):
        trend_break(np.ones(30))
    y2 = y.copy()
    y2.iloc[5] = np.nan
    with pytest.raises(ValueError, match="missing"):
        trend_break(y2)
    with pytest.raises(ValueError, match="bootstrap"):
        trend_break(y, bootstrap=10)


def test_cli_json_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    y = np.exp(series_with_slope_break())
    path = tmp_path / "s.csv"
    pd.DataFrame({"year": y.index, "v": y.to_numpy()}).to_csv(path, index=False)
    argv = ["trend-break", str(path), "--time", "year", "--y", "v", "--model", "slope"]
    assert main([*argv, "--log", "--json", "--bootstrap", "99"]) == 0
    out = json.loads(capsys.readouterr().out)
    direct = trend_break(np.log(y), model="slope", bootstrap=99)
    assert out["statistic"] == pytest.approx(direct.statistic)
    assert out["p_value"] == pytest.approx(direct.pvalue)
    assert out["reject"] is True
    assert out["critical_values"] == {"10%": 1.13, "5%": 1.67, "1%": 3.06}
    assert out["break"] == {
        "index": direct.break_index,
        "label": direct.break_label,
        "end_label": direct.break_label - 1,
    }
    assert {"class", "largest_root", "tests"} <= set(out["persistence"])
    assert out["persistence"]["class"] in ("stationary", "unit root", "unclear")
    assert set(out["persistence"]["tests"]) == {"ADF", "DF-GLS", "KPSS", "Zivot-Andrews"}


def test_cli_log_of_nonpositive_values(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    pd.DataFrame({"year": range(2000, 2030), "v": np.linspace(-1, 2, 30)}).to_csv(path, index=False)
    with pytest.raises(ValueError, match="--log needs positive values"):
        from policyts.cli import build_parser

        args = build_parser().parse_args(
            ["trend-break", str(path), "--time", "year", "--y", "v", "--log"]
        )
        args.func(args)
