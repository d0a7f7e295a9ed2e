"""Break tests on monthly and quarterly data with ``seasonal=True``: seasonal dummies whose
coefficients stay the same in every regime (partial structural change).

References: R ``lm()`` RSS comparisons and R mbreaks 1.0.1 ``doglob`` on Seatbelts
(tests/reference/seasonal_breaks/make_reference.R), direct OLS fits, and simulation.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import xarray as xr
from scipy import stats

from policyts.models import bai_perron, chow, cusum, f_path, sup_f
from policyts.models._fstats_kernels import f_path_arrays as _f_path_arrays
from policyts.models._seasonal_design import partial_f_path_arrays, partial_rss
from policyts.models._tables import hansen_pvalue, hansen_tau

REF = Path(__file__).parent / "reference"
R_REF = json.loads((REF / "seasonal_breaks" / "seatbelts_seasonal.json").read_text())


@pytest.fixture(scope="module")
def drivers() -> pd.Series:
    d = pd.read_csv(REF / "seatbelts" / "seatbelts.csv")
    return pd.Series(
        d["DriversKilled"].to_numpy(float), index=d["month"].astype(str), name="DriversKilled"
    )


def _month_dummies(n: int, start_month: int = 0) -> np.ndarray:
    m = (np.arange(n) + start_month) % 12
    return np.column_stack([(m == j).astype(float) for j in range(1, 12)])


def _monthly(values: np.ndarray, start: str = "2010-01") -> pd.Series:
    idx = pd.period_range(start, periods=len(values), freq="M").astype(str)
    return pd.Series(values, index=idx, name="y")


# --- parity with R -------------------------------------------------------------------


@pytest.mark.parametrize("case", ["f_path_const", "f_path_trend"])
def test_f_path_matches_r_lm(drivers: pd.Series, case: str) -> None:
    ref = R_REF[case]
    path = f_path(drivers, trim=ref["trim"], trend=ref["trend"], seasonal=True)
    assert path.k == ref["k"]
    np.testing.assert_array_equal(path.positions + 1, ref["first_new_regime_1based"])
    assert [str(lb) for lb in path.labels] == ref["label"]
    np.testing.assert_allclose(path.rss0, ref["rss0"], rtol=1e-10)
    np.testing.assert_allclose(path.wald, ref["wald"], rtol=1e-8)


def test_sup_f_seasonal_matches_r_and_hansen_k(drivers: pd.Series) -> None:
    ref = R_REF["f_path_trend"]
    res = sup_f(drivers, trend=True, seasonal=True)
    wald = np.asarray(ref["wald"])
    assert res.wald == pytest.approx(wald.max(), rel=1e-8)
    assert str(res.break_label) == ref["label"][int(np.argmax(wald))]
    # k counts the changing coefficients (const, trend), not the 11 fixed dummies.
    assert res.k == 2
    assert res.pvalue == pytest.approx(float(hansen_pvalue(res.wald, 2, res.tau, "sup")))
    assert "11 seasonal dummies" in res.note


@pytest.mark.parametrize("key", ["dating_015", "dating_010"])
def test_bai_perron_seasonal_matches_mbreaks(drivers: pd.Series, key: str) -> None:
    ref = R_REF[key]
    res = bai_perron(drivers, trim=ref["trim"], seasonal=True, max_breaks=5)
    assert res.min_segment == ref["h"]
    for m in range(1, 6):
        last_old = np.atleast_1d(ref["last_old_regime_1based"][m - 1])
        # mbreaks dates are the last period of the old regime, 1-based: the same number is
        # the 0-based position of the first period of the new regime.
        assert [b.index for b in res.breaks_by_m[m]] == [int(d) for d in last_old]
        np.testing.assert_allclose(res.rss[m], ref["rss"][m - 1], rtol=1e-9)
    assert res.options["fixed"] == [f"month:{j:02d}" for j in range(2, 13)]


def test_seatbelts_law_dated_near_1983_02(drivers: pd.Series) -> None:
    """The worked example: with trim 0.1 the last seasonal break lies near the law
    (first affected month 1983-02), whose last pre-law month is in its interval."""
    res = bai_perron(drivers, trim=0.1, seasonal=True)
    last = res.breaks[-1]
    assert last.label in ("1983-01", "1983-02", "1983-03", "1983-04")
    lo, hi = last.ci
    assert lo <= "1983-01" <= hi
    test = chow(drivers, at="1983-02", seasonal=True)
    assert test.df == (1.0, 192 - 2 - 11)
    assert test.pvalue < 1e-6


# --- the statistic against direct OLS -------------------------------------------------


def test_partial_f_path_equals_direct_ols_with_exog_quarterly() -> None:
    rng = np.random.default_rng(3)
    n = 40
    idx = pd.period_range("2011Q3", periods=n, freq="Q").astype(str)
    x = rng.normal(size=n)
    q = (np.arange(n) + 2) % 4  # 2011Q3 is the third quarter
    y = pd.Series(0.5 * x + 2.0 * (q == 3) + rng.normal(size=n), index=idx, name="y")
    exog = pd.DataFrame({"x": x}, index=idx)
    path = f_path(y, exog, trend=True, seasonal=True, trim=0.2)
    X = np.column_stack([np.ones(n), np.arange(1, n + 1), x])
    D = np.column_stack([(q == j).astype(float) for j in (1, 2, 3)])
    k, p = 3, 3
    for b, w in zip(path.positions, path.wald, strict=True):
        rss0, rss1 = partial_rss(y.to_numpy(), X, D, int(b))
        assert w == pytest.approx((rss0 - rss1) / (rss1 / (n - 2 * k - p)), rel=1e-9)
    assert path.k == k


def test_chow_seasonal_equals_direct_ols_and_robust_wald() -> None:
    rng = np.random.default_rng(4)
    n = 72
    D = _month_dummies(n)
    y = _monthly(D @ rng.normal(0, 3, 11) + rng.normal(size=n) + 1.0 * (np.arange(n) >= 40))
    X = np.column_stack([np.ones(n), np.arange(1, n + 1)])
    res = chow(y, at="2013-05", trend=True, seasonal=True)
    rss0, rss1 = partial_rss(y.to_numpy(), X, D, 40)
    f = ((rss0 - rss1) / 2) / (rss1 / (n - 4 - 11))
    assert res.stat == pytest.approx(f, rel=1e-10)
    assert res.pvalue == pytest.approx(stats.f.sf(f, 2, n - 15), rel=1e-10)
    # HC1 Wald of the two differences, with the dummies common: statsmodels' wald_test.
    d = (np.arange(n) >= 40).astype(float)[:, None]
    fit = sm.OLS(y.to_numpy(), np.column_stack([X, X * d, D])).fit(cov_type="HC1")
    R = np.zeros((2, fit.params.size))
    R[0, 2] = R[1, 3] = 1.0
    wt = fit.wald_test(R, scalar=True, use_f=False)
    robust = chow(y, at="2013-05", trend=True, seasonal=True, cov_type="HC1")
    assert robust.stat == pytest.approx(float(wt.statistic), rel=1e-8)
    assert robust.df == (2.0,)


def test_cusum_seasonal_is_cusum_with_dummies_as_exog() -> None:
    rng = np.random.default_rng(5)
    n = 96
    D = _month_dummies(n, start_month=6)
    y = _monthly(D @ rng.normal(0, 2, 11) + rng.normal(size=n), start="2001-07")
    names = [f"month:{j:02d}" for j in range(2, 13)]
    exog = pd.DataFrame(D, columns=names, index=y.index)
    a = cusum(y, seasonal=True)
    b = cusum(y, exog)
    assert a.stat == pytest.approx(b.stat, rel=1e-12)
    np.testing.assert_allclose(a.process, b.process, rtol=1e-12, atol=1e-14)
    assert a.regressors == ("const", *names)
    assert "seasonal dummies" in a.note


def test_cusum_seasonal_finds_level_shift() -> None:
    rng = np.random.default_rng(6)
    n = 120
    cycle = 3 * np.sin(2 * np.pi * (np.arange(n) + 0.5) / 12)
    y = _monthly(cycle + rng.normal(size=n) + 1.5 * (np.arange(n) >= 60))
    assert cusum(y, seasonal=True).pvalue < 0.01


# --- size and the seasonal cycle -------------------------------------------------------


def test_sup_f_seasonal_size_and_power_by_simulation() -> None:
    """400 monthly series of n = 120 with a strong seasonal cycle (s.d. 2.3 x the noise)
    and no break: sup-F with fixed seasonal dummies rejects at 5% about 5% of the time.
    Monte Carlo s.e. at 400 draws is 0.011, so the band is +-3 s.e. (a 5,000-draw run gave
    0.050). The same cycle with a 0.8 s.d. level shift is found (5,000 draws: 0.96), where
    the model without dummies, whose residuals carry the cycle, almost never rejects."""
    rng = np.random.default_rng(12)
    n, reps, h = 120, 400, 18
    m = np.arange(n) % 12
    cycle = 3 * np.sin(2 * np.pi * (m + 0.5) / 12) + 1.5 * np.cos(4 * np.pi * m / 12)
    D = _month_dummies(n)
    X = np.ones((n, 1))
    Y = cycle + rng.standard_normal((reps, n))
    pos, wald, _ = partial_f_path_arrays(Y, X, D, h)
    tau = hansen_tau(n, int(pos[0]), int(pos[-1]))
    size = float(np.mean(hansen_pvalue(wald.max(-1), 1, tau) < 0.05))
    assert 0.05 - 3 * 0.011 <= size <= 0.05 + 3 * 0.011
    Y1 = Y + 0.8 * (np.arange(n) >= 70)
    _, w1, _ = partial_f_path_arrays(Y1, X, D, h)
    _, w0, _ = _f_path_arrays(Y1, X, h)
    power = float(np.mean(hansen_pvalue(w1.max(-1), 1, tau) < 0.05))
    power_without = float(np.mean(hansen_pvalue(w0.max(-1), 1, tau) < 0.05))
    assert power > 0.85
    assert power_without < 0.05
    # The kernel agrees with the public function on one of the draws.
    one = sup_f(_monthly(Y1[0]), seasonal=True)
    assert one.wald == pytest.approx(float(w1[0].max()), rel=1e-10)


def test_bai_perron_seasonal_dates_one_shift_where_pure_change_does_not() -> None:
    """A trending monthly series with a seasonal cycle and one level shift in 2015-11:
    with seasonal=True each draw gives exactly that break; the pure-change segmented trend
    (regimes of 8 months may follow the cycle) misses it or dates the cycle's turns."""
    n = 120
    shift = 70  # 2015-11
    cycle = 3 * np.sin(2 * np.pi * (np.arange(n) + 0.5) / 12)
    wrong = 0
    for seed in range(4):
        rng = np.random.default_rng(seed)
        y = _monthly(
            0.02 * np.arange(n) + cycle + rng.normal(size=n) + 2.0 * (np.arange(n) >= shift)
        )
        res = bai_perron(y, trend=True, seasonal=True, trim=15)
        assert [b.label for b in res.breaks] == ["2015-11"]
        plain = bai_perron(y, trend=True, trim=8)
        wrong += [b.label for b in plain.breaks] != ["2015-11"]
    assert wrong >= 2


def test_sup_f_seasonal_bootstrap_runs_on_partial_model() -> None:
    rng = np.random.default_rng(8)
    n = 60
    D = _month_dummies(n)
    y = _monthly(D @ rng.normal(0, 3, 11) + rng.normal(size=n))
    res = sup_f(y, seasonal=True, bootstrap=99, seed=1)
    assert res.bootstrap_pvalue is not None
    # Under the null both p-values estimate the same probability; neither is tiny here.
    assert res.bootstrap_pvalue > 0.01 and res.pvalue > 0.01


# --- bad input -------------------------------------------------------------------------


def test_seasonal_on_annual_data_raises() -> None:
    y = pd.Series(np.arange(30.0) + np.r_[np.zeros(15), np.ones(15)], index=range(1990, 2020))
    for fn in (
        lambda: sup_f(y, seasonal=True),
        lambda: f_path(y, seasonal=True),
        lambda: chow(y, at=2005, seasonal=True),
        lambda: cusum(y, seasonal=True),
        lambda: bai_perron(y, seasonal=True),
    ):
        with pytest.raises(
            ValueError, match="seasonal=True needs monthly or quarterly data.*annual"
        ):
            fn()


def test_seasonal_on_bare_array_or_daily_raises() -> None:
    with pytest.raises(ValueError, match="positional"):
        sup_f(np.random.default_rng(0).normal(size=60), seasonal=True)
    daily = pd.Series(
        np.random.default_rng(1).normal(size=60),
        index=pd.date_range("2020-01-01", periods=60, freq="D"),
    )
    with pytest.raises(ValueError, match="not monthly or quarterly"):
        chow(daily, at=daily.index[30], seasonal=True)


def test_seasonal_errors_short_collinear_trim_panel() -> None:
    rng = np.random.default_rng(2)
    short = _monthly(rng.normal(size=20))
    with pytest.raises(ValueError, match="at least two years"):
        cusum(short, seasonal=True)
    y = _monthly(rng.normal(size=60))
    feb = pd.DataFrame({"feb": (np.arange(60) % 12 == 1).astype(float)}, index=y.index)
    with pytest.raises(ValueError, match="with seasonal=True"):
        sup_f(y, feb, seasonal=True)
    with pytest.raises(ValueError, match="use trim=13"):
        bai_perron(y, seasonal=True)
    clash = pd.DataFrame({"month:02": rng.normal(size=60)}, index=y.index)
    with pytest.raises(ValueError, match="names of the seasonal dummies"):
        bai_perron(y, seasonal=True, fixed=clash, trim=14)
    panel = xr.DataArray(
        rng.normal(size=(2, 60)),
        dims=("region", "time"),
        coords={"region": ["a", "b"], "time": list(y.index)},
    )
    for fn in (
        lambda: sup_f(panel, seasonal=True),
        lambda: chow(panel, at="2012-01", seasonal=True),
        lambda: cusum(panel, seasonal=True),
        lambda: bai_perron(panel, seasonal=True),
    ):
        with pytest.raises(ValueError, match="one series"):
            fn()


def test_cli_seasonal_flags(drivers: pd.Series, capsys: pytest.CaptureFixture[str]) -> None:
    from policyts.cli import main

    csv = str(REF / "seatbelts" / "seatbelts.csv")
    args = ["--time", "month", "--y", "DriversKilled", "--seasonal", "--json"]
    assert main(["breaks", csv, *args, "--trim", "0.1"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (
        out["selected"][-1]["label"]
        == bai_perron(drivers, trim=0.1, seasonal=True).breaks[-1].label
    )
    assert out["sup_f"]["k"] == 1
    assert "seasonal dummies" in out["sup_f"]["note"]
    assert main(["chow", csv, *args, "--at", "1983-02"]) == 0
    assert json.loads(capsys.readouterr().out)["df"] == [1.0, 179.0]
    assert main(["cusum", csv, *args]) == 0
    assert json.loads(capsys.readouterr().out)["p_value"] == pytest.approx(
        cusum(drivers, seasonal=True).pvalue
    )


@pytest.mark.parametrize(
    ("start", "freq", "n"), [("2001-07", "M", 40), ("2011Q3", "Q", 13), ("1999-12", "M", 24)]
)
def test_dummies_agree_with_the_effect_models_calendar(start: str, freq: str, n: int) -> None:
    from policyts._series import as_series
    from policyts.models._seasonal_design import seasonal_dummies
    from policyts.models.effects._seasonal import calendar, seasonal_columns

    idx = pd.period_range(start, periods=n, freq=freq)
    for labels in (idx.astype(str), idx.to_timestamp()):
        s = as_series(pd.Series(np.arange(n, dtype=float), index=labels))
        D, names = seasonal_dummies(s)
        D_ref, names_ref = seasonal_columns(calendar(s), "dummies", 0)
        np.testing.assert_array_equal(D, D_ref)
        assert names == names_ref
