"""Effect models against R: ``lm`` + ``sandwich::NeweyWest``, ``nlme::gls`` with AR(1)
errors (REML), ``predict.lm`` prediction intervals, the Chow predictive F, ``glm``
(Poisson, quasi-Poisson), a moment-dispersion negative binomial (``MASS::theta.mm``) and
``arima`` with regressors. The outputs were written by tests/reference/effects/
make_reference.R; R is not needed to run these tests."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from policyts.models.effects import EffectResult, effect
from policyts.models.effects._gaussian import RHO_BOUND

REF = Path(__file__).parent / "reference" / "effects"
NAMES = ("const", "trend", "step", "ramp")


def load(case: str) -> dict:
    ref = json.loads((REF / f"{case}.json").read_text())
    return ref


def series(csv: str, column: str) -> pd.Series:
    frame = pd.read_csv(REF / csv).set_index("year")
    return frame[column].astype(float)


def coefs(res: EffectResult, key: int) -> np.ndarray:
    return np.array([res.coefficients[n][key] for n in NAMES])


@pytest.fixture(scope="module")
def sim() -> pd.Series:
    return series("sim_gaussian.csv", "y")


@pytest.mark.parametrize(
    ("errors", "key", "rtol"),
    [("iid", "ols", 1e-9), ("hac", "newey_west", 1e-9), ("ar1", "gls_ar1_reml", 1e-6)],
)
@pytest.mark.parametrize("case", ["sim_gaussian", "china_log_2008"])
def test_segmented_regression_matches_r(
    case: str, errors: str, key: str, rtol: float, sim: pd.Series
) -> None:
    ref = load(case)[key]
    if case == "sim_gaussian":
        y, event, log = sim, 2013, False
    else:
        y, event, log = series("china_resident.csv", "resident"), "ip_strategy_2008", True
    kw = {"bootstrap": 0} if errors == "ar1" else {}
    res = effect(y, event=event, log=log, errors=errors, placebo=False, **kw)
    if errors == "ar1" and ref["phi"] > RHO_BOUND:
        # nlme's REML estimate is at the unit root (China's log applications); policyts keeps
        # the AR(1) coefficient in [-0.98, 0.98], stops at the bound and says so
        assert res.details["ar1_rho"] == pytest.approx(RHO_BOUND, abs=1e-6)
        assert any("edge of its range" in w for w in res.warnings)
        return
    np.testing.assert_allclose(coefs(res, 0), ref["estimate"], rtol=rtol)
    np.testing.assert_allclose(coefs(res, 1), ref["se"], rtol=rtol)
    assert res.level_change.p_value == pytest.approx(ref["p_value"][2], rel=10 * rtol)
    assert res.slope_change.p_value == pytest.approx(ref["p_value"][3], rel=10 * rtol)
    if errors == "ar1":
        assert res.details["ar1_rho"] == pytest.approx(ref["phi"], abs=1e-6)
    if errors == "hac":
        assert str(ref["lag"]) in res.method


def test_prediction_interval_and_chow_predictive_match_r(sim: pd.Series) -> None:
    ref = load("sim_gaussian")
    res = effect(sim, event=2013, errors="iid", placebo=False)
    t0 = ref["t0"] - 1
    np.testing.assert_allclose(res.counterfactual[t0:], ref["prediction"]["fit"], rtol=1e-10)
    np.testing.assert_allclose(res.lower[t0:], ref["prediction"]["lwr"], rtol=1e-10)
    np.testing.assert_allclose(res.upper[t0:], ref["prediction"]["upr"], rtol=1e-10)
    cp = next(t for t in res.tests if t.name.startswith("Chow predictive"))
    assert cp.stat == pytest.approx(ref["chow_predictive"]["f"], rel=1e-10)
    assert cp.df == (ref["chow_predictive"]["df1"], ref["chow_predictive"]["df2"])
    assert cp.pvalue == pytest.approx(ref["chow_predictive"]["p_value"], rel=1e-8)


@pytest.mark.parametrize(
    ("family", "key", "rtol"),
    [
        ("poisson", "poisson", 1e-6),
        ("quasipoisson", "quasipoisson", 1e-6),
        ("negbin", "negbin_moment", 1e-7),
    ],
)
def test_count_models_match_r(family: str, key: str, rtol: float) -> None:
    ref = load("sim_counts")[key]
    y = series("sim_counts.csv", "y")
    res = effect(y, event=2013, model="counts", family=family, placebo=False)
    np.testing.assert_allclose(coefs(res, 0), ref["estimate"], rtol=rtol)
    np.testing.assert_allclose(coefs(res, 1), ref["se"], rtol=rtol)
    if family == "negbin":
        assert res.details["nb2_alpha"] == pytest.approx(ref["alpha"], rel=1e-7)
        # R reports z p-values; policyts uses t(n - k - 1), as the dispersion is estimated
        assert res.level_change.p_value > ref["p_value"][2]
    else:  # z for Poisson, t(n - k) for quasi-Poisson, as R's summary.glm
        assert res.level_change.p_value == pytest.approx(ref["p_value"][2], rel=1e-5)
        assert res.slope_change.p_value == pytest.approx(ref["p_value"][3], rel=1e-5)


def test_intervention_arima_matches_r_arima(sim: pd.Series) -> None:
    ref = load("sim_gaussian_arima")
    res = effect(sim, event=2013, model="sarimax", order=(1, 0, 0), placebo=False)
    names = {"ar1": "ar.L1", "intercept": "const", "tc": "trend", "step": "step", "ramp": "ramp"}
    for r_name, est, se in zip(ref["names"], ref["estimate"], ref["se"], strict=True):
        ours = res.coefficients[names[r_name]]
        assert ours[0] == pytest.approx(est, rel=2e-3, abs=2e-4), r_name
        assert ours[1] == pytest.approx(se, rel=2e-2), r_name
