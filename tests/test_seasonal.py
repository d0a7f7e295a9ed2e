"""Seasonal effect models on monthly and quarterly data, controls and placebo units as
users mean them, and degenerate input, checked against R (tests/reference/seatbelts)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.signal import lfilter

from policyts import cli
from policyts.models.effects import effect
from policyts.models.effects._seasonal import SEASONALITY_ALPHA, seasonality_test

REF = Path(__file__).parent / "reference" / "seatbelts"


@pytest.fixture(scope="module")
def seatbelts() -> pd.DataFrame:
    d = pd.read_csv(REF / "seatbelts.csv")
    d.index = pd.PeriodIndex(d.pop("month"), freq="M", name="month")
    return d


@pytest.fixture(scope="module")
def ref() -> dict:
    return json.loads((REF / "seatbelts_reference.json").read_text())


def _r(case: dict, name: str) -> tuple[float, float]:
    c = case["coefficients"]
    i = c["names"].index(name)
    return c["estimate"][i], c["se"][i]


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert cli.main(["effect", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


# --------------------------------------------------------------------------- R parity


def test_month_dummies_match_r_lm(seatbelts: pd.DataFrame, ref: dict) -> None:
    y = seatbelts["DriversKilled"]
    one = effect(y, event="1983-02", log=True, errors="iid", interventions=["step"], placebo=False)
    est, se = _r(ref["lm_step"], "step")
    assert one.level_change.estimate == pytest.approx(est, rel=1e-9)
    assert one.level_change.se == pytest.approx(se, rel=1e-9)
    assert one.level_change.ci == pytest.approx(tuple(ref["lm_step"]["step_ci"]), rel=1e-9)
    assert one.details["seasonal_terms"] == [f"month:{m:02d}" for m in range(2, 13)]
    for m in range(2, 13):
        assert one.coefficients[f"month:{m:02d}"][0] == pytest.approx(
            _r(ref["lm_step"], f"m{m:02d}")[0], rel=1e-8
        )
    two = effect(y, event="1983-02", log=True, errors="iid", placebo=False)
    for term, name in (("step", "level_change"), ("ramp", "slope_change")):
        est, se = _r(ref["lm_step_ramp"], term)
        assert getattr(two, name).estimate == pytest.approx(est, rel=1e-9)
        assert getattr(two, name).se == pytest.approx(se, rel=1e-9)


def test_default_its_matches_r_gls_with_month_dummies(seatbelts: pd.DataFrame, ref: dict) -> None:
    res = effect(seatbelts["DriversKilled"], event="1983-02", log=True, bootstrap=0, placebo=False)
    case = ref["gls_step_ramp"]
    assert res.details["ar1_rho"] == pytest.approx(case["rho"], abs=1e-5)
    for term, name in (("step", "level_change"), ("ramp", "slope_change")):
        est, se = _r(case, term)
        assert getattr(res, name).estimate == pytest.approx(est, rel=1e-5)
        assert getattr(res, name).se == pytest.approx(se, rel=1e-5)
    assert "month dummies (11, base January)" in res.method


def test_fourier_with_every_harmonic_spans_the_dummies(seatbelts: pd.DataFrame) -> None:
    y = seatbelts["DriversKilled"]
    kw = dict(event="1983-02", log=True, errors="iid", placebo=False)
    dum = effect(y, seasonal="dummies", **kw)
    fou = effect(y, seasonal="fourier", harmonics=6, **kw)
    assert len(fou.details["seasonal_terms"]) == 11  # sin of the 6th harmonic is zero
    assert fou.level_change.estimate == pytest.approx(dum.level_change.estimate, rel=1e-9)
    assert fou.level_change.se == pytest.approx(dum.level_change.se, rel=1e-9)
    two = effect(y, seasonal="fourier", **kw)
    assert two.details["seasonal_terms"] == [
        "fourier:cos1",
        "fourier:sin1",
        "fourier:cos2",
        "fourier:sin2",
    ]


SARIMAX_CASES = {
    "arima_dummies": dict(),
    "nile_ar1_step": dict(order=(1, 0, 0), trend=False, interventions=["step"]),
    "nile_arma11_trend_step": dict(order=(1, 0, 1), interventions=["step"]),
}
_NAMES = {"ar1": "ar.L1", "ma1": "ma.L1", "intercept": "const", "tc": "trend"}


@pytest.mark.parametrize("case", list(SARIMAX_CASES))
def test_sarimax_reaches_r_arima_maximum(case: str, seatbelts: pd.DataFrame, ref: dict) -> None:
    if case.startswith("nile"):
        y = pd.read_csv(REF / "nile.csv").set_index("year")["flow"]
        r = json.loads((REF / "nile_reference.json").read_text())[case[5:]]
        res = effect(y, event=1899, model="sarimax", placebo=False, **SARIMAX_CASES[case])
    else:
        r = ref[case]
        res = effect(
            seatbelts["DriversKilled"], event="1983-02", model="sarimax", log=True, placebo=False
        )
    assert res.details["loglik"] == pytest.approx(r["loglik"], abs=1e-3)
    for nm, est in zip(r["coefficients"]["names"], r["coefficients"]["estimate"], strict=True):
        ours = _NAMES.get(nm, nm)
        if ours.startswith("m") and ours[1:].isdigit():
            ours = f"month:{ours[1:]}"
        assert res.coefficients[ours][0] == pytest.approx(est, rel=1e-3, abs=1e-6), nm


# --------------------------------------------------------------------------- done when


def test_cli_default_on_monthly_seatbelts(capsys: pytest.CaptureFixture[str], ref: dict) -> None:
    args = (str(REF / "seatbelts.csv"), "--time", "month", "--event", "1983-02", "--log")
    out = run_cli(capsys, *args, "--y", "DriversKilled")
    lc = out["level_change"]
    assert -0.28 < lc["estimate"] < -0.12
    assert lc["ci"][1] < 0
    # R's seasonal specifications (stored fixtures): gls with month dummies and AR(1)
    # errors, and every seasonal model, give -0.15 .. -0.27
    assert lc["estimate"] == pytest.approx(_r(ref["gls_step_ramp"], "step")[0], abs=1e-4)
    r_specs = [_r(ref[k], "step")[0] for k in ("lm_step", "gls_step_ramp", "arima_sar")]
    assert min(r_specs) - 0.01 < lc["estimate"] < max(r_specs) + 0.01
    assert out["details"]["seasonal"] == "month dummies (11, base January)"
    assert out["details"]["seasonality_test"]["p_value"] < SEASONALITY_ALPHA
    assert any("placebo-in-space not run" in n for n in out["notes"])
    # rear-seat passengers were not covered by the law: no significant reduction
    rear = run_cli(capsys, *args, "--y", "rear")
    assert rear["level_change"]["ci"][0] < 0 < rear["level_change"]["ci"][1]
    assert rear["level_change"]["estimate"] == pytest.approx(
        _r(ref["rear_gls_step_ramp"], "step")[0], abs=1e-4
    )


def test_seasonal_models_agree_on_seatbelts(seatbelts: pd.DataFrame) -> None:
    y = seatbelts["DriversKilled"]
    counts = effect(y, event="1983-02", model="counts", placebo=False)
    assert counts.details["seasonal"].startswith("month dummies")
    assert -0.28 < counts.level_change.estimate < -0.12 and counts.level_change.ci[1] < 0
    ucm = effect(y, event="1983-02", model="ucm", log=True, placebo=False)
    assert ucm.details["seasonal"] == "stochastic seasonal component (period 12)"
    assert "seasonal.L1" in " ".join(ucm.coefficients) or "sigma2.seasonal" in ucm.coefficients
    assert -0.28 < ucm.level_change.estimate < -0.12 and ucm.level_change.ci[1] < 0


def test_seasonal_false_warns_on_seasonal_data(seatbelts: pd.DataFrame) -> None:
    res = effect(
        seatbelts["DriversKilled"], event="1983-02", log=True, seasonal=False, errors="iid"
    )
    assert res.details["seasonal_terms"] == []
    assert any(w.startswith("seasonal=False on monthly data") for w in res.warnings)


# --------------------------------------------------------------------------- the check


def _monthly(values: np.ndarray, start: str = "2001-01") -> pd.Series:
    return pd.Series(values, index=pd.period_range(start, periods=values.size, freq="M"))


def test_seasonality_check_size_and_power() -> None:
    # three years of monthly pre-period, trend + AR(0.5) noise: the stored study
    # (tests/reference/seasonality/size_power.json, 1,000 replications) has the check
    # rejecting in 7.1% of non-seasonal series at its 5% level and finding a seasonal sine
    # of 1.5 innovation s.d. in 60.6%; with 300 replications here (Monte Carlo s.e. 1.5%
    # and 2.8%) the bounds sit three s.e. away
    rng = np.random.default_rng(12)
    n, reps = 36, 300
    season = np.arange(n) % 12
    u = lfilter([1.0], [1.0, -0.5], rng.standard_normal((reps, n)), axis=1)
    y = 0.05 * np.arange(n) + u
    size = np.mean(
        [seasonality_test(y[i], season, 12).pvalue < SEASONALITY_ALPHA for i in range(reps)]
    )
    assert size <= 0.12
    amp = 1.5 * np.sin(2 * np.pi * season / 12)
    power = np.mean(
        [seasonality_test(y[i] + amp, season, 12).pvalue < SEASONALITY_ALPHA for i in range(reps)]
    )
    assert power >= 0.52


def test_no_dummies_when_the_pre_period_is_not_seasonal() -> None:
    rng = np.random.default_rng(3)
    y = _monthly(
        10 + 0.02 * np.arange(96) + 0.3 * rng.standard_normal(96) + 1.0 * (np.arange(96) >= 72)
    )
    res = effect(y, event="2007-01", errors="iid", placebo=False)
    assert res.details["seasonal_terms"] == []
    assert any(n.startswith("no seasonal terms") for n in res.notes)
    assert res.level_change.ci[0] < 1.0 < res.level_change.ci[1]


def test_recovers_a_level_change_through_a_seasonal_cycle() -> None:
    rng = np.random.default_rng(5)
    n, t0 = 84, 60
    q = np.arange(n) % 4
    y = 5 + 0.01 * np.arange(n) + np.array([0.0, 0.8, -0.5, 0.3])[q]
    y = y + 0.5 * (np.arange(n) >= t0) + 0.1 * rng.standard_normal(n)
    s = pd.Series(y, index=pd.period_range("1990Q1", periods=n, freq="Q"))
    res = effect(s, event="2005Q1", errors="iid", interventions=["step"], placebo=False)
    assert res.details["seasonal_terms"] == ["quarter:2", "quarter:3", "quarter:4"]
    assert res.level_change.ci[0] < 0.5 < res.level_change.ci[1]
    # a bare array with a declared frequency gets the same seasonal terms
    arr = effect(y, event=t0, freq="quarter", errors="iid", interventions=["step"], placebo=False)
    assert arr.level_change.estimate == pytest.approx(res.level_change.estimate, rel=1e-12)


# --------------------------------------------------------------------------- controls


def test_log_applies_to_the_outcome_only(seatbelts: pd.DataFrame) -> None:
    y = seatbelts["DriversKilled"]
    rng = np.random.default_rng(0)
    ctrl = seatbelts[["PetrolPrice"]].assign(zero_one=rng.integers(0, 2, len(y)).astype(float))
    res = effect(y, event="1983-02", log=True, controls=ctrl, errors="iid", placebo=False)
    assert "zero_one" in res.coefficients and res.placebo_in_space is None
    with pytest.raises(ValueError, match="controls has .* non-positive.*'zero_one'.*log_controls"):
        effect(y, event="1983-02", log=True, controls=ctrl, log_controls=True, placebo=False)
    logged = effect(
        y,
        event="1983-02",
        log=True,
        controls=seatbelts[["PetrolPrice"]],
        log_controls=True,
        errors="iid",
        placebo=False,
    )
    plain = effect(
        y,
        event="1983-02",
        log=True,
        controls=np.log(seatbelts[["PetrolPrice"]]),
        errors="iid",
        placebo=False,
    )
    assert logged.level_change.estimate == pytest.approx(plain.level_change.estimate, rel=1e-12)
    counts = effect(y, event="1983-02", model="counts", controls=ctrl, placebo=False)
    assert "zero_one" in counts.coefficients


def test_placebo_units_only_when_named(seatbelts: pd.DataFrame) -> None:
    y = seatbelts["DriversKilled"]
    ctrl = seatbelts[["PetrolPrice", "kms"]]
    res = effect(y, event="1983-02", model="regression", controls=ctrl, log=True)
    assert res.placebo_in_space is None
    assert any("placebo-in-space not run" in n for n in res.notes)
    named = effect(
        y,
        event="1983-02",
        log=True,
        errors="iid",
        placebo_units=seatbelts[["rear", "VanKilled"]],
    )
    assert named.placebo_in_space is not None
    assert named.placebo_in_space.placebos == ("rear", "VanKilled")


# --------------------------------------------------------------------------- bad input


def test_bad_seasonal_input(seatbelts: pd.DataFrame) -> None:
    y = seatbelts["DriversKilled"]
    gap = y.drop(y.index[30])
    with pytest.raises(ValueError, match="gaps in its M periods"):
        effect(gap, event="1983-02", placebo=False)
    with pytest.raises(ValueError, match=r"seasonal_order \(1, 1, 1, 12\) reaches back .* 36"):
        effect(y.iloc[150:], event="1983-02", model="sarimax", seasonal_order=(1, 1, 1))
    with pytest.raises(ValueError, match="placebo_units: control 'rear' has missing values"):
        units = seatbelts[["rear"]].copy()
        units.iloc[10, 0] = np.nan
        effect(y, event="1983-02", placebo_units=units)
    with pytest.raises(ValueError, match="freq='quarter' contradicts .* mixed frequencies"):
        effect(y, event="1983-02", freq="quarter")
    with pytest.raises(ValueError, match="seasonal='dummies' needs quarterly or monthly"):
        effect(
            pd.Series(np.arange(1.0, 31.0), index=range(1991, 2021)), event=2010, seasonal="dummies"
        )
    with pytest.raises(ValueError, match="harmonics must be a whole number from 1 to 6"):
        effect(y, event="1983-02", seasonal="fourier", harmonics=7)
    with pytest.raises(ValueError, match="seasonal_order=.* does not apply to model='its'"):
        effect(y, event="1983-02", seasonal_order=(1, 0, 0))
    with pytest.raises(ValueError, match="seasonal must be None"):
        effect(y, event="1983-02", seasonal="monthly")
    with pytest.raises(ValueError, match="with seasonal differencing .* not identified"):
        effect(y, event="1983-02", model="sarimax", seasonal="dummies", seasonal_order=(0, 1, 1))


def test_cli_missing_month_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = (REF / "seatbelts.csv").read_text().splitlines()
    f = tmp_path / "gap.csv"
    f.write_text("\n".join(lines[:40] + lines[41:]) + "\n")
    code = cli.main(
        ["effect", str(f), "--time", "month", "--y", "DriversKilled", "--event", "1983-02"]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "'1972-03' on line 40 is followed by '1972-05'" in err


# --------------------------------------------------------------------------- degenerate


def test_degenerate_series_raise() -> None:
    years = pd.Index(range(1991, 2021), name="year")
    const = pd.Series(np.full(30, 5.0), index=years)
    with pytest.raises(ValueError, match="series 'y' is constant \\(value 5"):
        effect(const, event=2010)
    with pytest.raises(ValueError, match="constant \\(log value 1.6"):
        effect(const, event=2010, log=True)
    zeros = pd.Series(np.zeros(30), index=years)
    with pytest.raises(ValueError, match="constant"):
        effect(zeros, event=2010, model="counts")
    pre_zero = pd.Series(np.r_[np.zeros(19), np.arange(1.0, 12.0)], index=years)
    with pytest.raises(ValueError, match="zero in every pre-period period"):
        effect(pre_zero, event=2010, model="counts")
    line = pd.Series(1.0 + 0.1 * np.arange(30) + 2.0 * (np.arange(30) >= 19), index=years)
    with pytest.raises(ValueError, match="fits the series exactly"):
        effect(line, event=2010, errors="iid")
    flat_pre = pd.Series(np.r_[np.full(19, 3.0), np.arange(4.0, 15.0)], index=years)
    with pytest.raises(ValueError, match="constant over the pre-period"):
        effect(flat_pre, event=2010)


def test_cli_constant_series_is_a_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "c.csv"
    f.write_text("year,y\n" + "".join(f"{yr},7\n" for yr in range(1991, 2021)))
    code = cli.main(["effect", str(f), "--time", "year", "--y", "y", "--event", "2010", "--log"])
    assert code == 2
    assert "is constant" in capsys.readouterr().err


# --------------------------------------------------------------------------- integrated


def test_integrated_series_warns_and_ima_is_valid() -> None:
    rng = np.random.default_rng(21)
    n, t0 = 40, 28
    y = np.cumsum(0.05 + 0.1 * rng.standard_normal(n)) + 0.5 * (np.arange(n) >= t0)
    s = pd.Series(y, index=pd.Index(range(1981, 1981 + n), name="year"))
    res = effect(s, event=2009, bootstrap=0, placebo=False)
    assert any("unit root" in w and "errors='ima'" in w for w in res.warnings)
    ima = effect(s, event=2009, errors="ima", placebo=False)
    assert not any("unit root" in w for w in ima.warnings)
    assert ima.method.startswith("segmented regression with integrated errors")
    same = effect(s, event=2009, model="sarimax", order=(0, 1, 1), placebo=False)
    assert ima.level_change.estimate == pytest.approx(same.level_change.estimate, rel=1e-6)
    assert ima.level_change.ci[0] < 0.5 < ima.level_change.ci[1]
