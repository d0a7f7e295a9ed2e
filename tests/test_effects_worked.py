"""Worked analyses on the bundled data, end to end: what the data can and cannot say.

* the 2008 IP strategy on China's resident invention applications (log), alone and
  against the comparator economies;
* the end of application subsidies in 2021 (two years after it; the 2017 change in the
  counting basis lies in the pre-period);
* the 2017 release of declassified defence patents (the same year as the change in the
  counting basis);
* the 2023 special action on the series that go past 2023.
"""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from policyts import datasets
from policyts.models.effects import effect


@pytest.fixture(scope="module")
def apps() -> xr.DataArray:
    return datasets.load("cn_invention_applications")["resident"]


@pytest.fixture(scope="module")
def comparators() -> xr.DataArray:
    return datasets.load("comparator_resident_applications")["resident"]


def test_ip_strategy_2008_alone(apps: xr.DataArray) -> None:
    ols = effect(apps, event="ip_strategy_2008", log=True, errors="iid", jurisdiction="CN")
    assert (ols.first_treated, ols.n_pre, ols.n_post) == (2008, 23, 15)
    assert ols.pre_period == (1985, 2007) and ols.post_period == (2008, 2022)
    # the same number as R's lm (tests/reference/effects/china_log_2008.json)
    assert ols.level_change.estimate == pytest.approx(0.835171720673537, rel=1e-9)
    assert ols.level_change.p_value < 1e-4 and ols.level_change_percent.estimate > 100
    # ... but the jump is not unusual for this series: 11 of the 37 other 15-year blocks of
    # residuals of a single trend are at least as far from it
    assert ols.placebo_p_value == pytest.approx(12 / 38)
    for ev in (
        "ip_pledge_pilot_2008",
        "patent_law_amendment_2008",
        "patent_law_amendment_2008_in_force",
        "cnipa_statistical_change_2017",
    ):
        assert ev in ols.confounders
    assert any("cnipa_statistical_change_2017" in w and "post-period" in w for w in ols.warnings)
    # with AR(1) errors the estimated coefficient sits at its bound (a unit root): the
    # pre-2008 trend then says little about 2008-2022 and no change is detectable
    ar1 = effect(apps, event="ip_strategy_2008", log=True, jurisdiction="CN")
    assert ar1.details["ar1_rho"] == pytest.approx(0.98, abs=1e-6)
    assert any("edge of its range" in w for w in ar1.warnings)
    assert ar1.level_change.ci[0] < 0 < ar1.level_change.ci[1]
    assert ar1.p_value > 0.5


def test_ip_strategy_2008_against_comparator_economies(
    apps: xr.DataArray, comparators: xr.DataArray
) -> None:
    chn = comparators.sel(economy="CHN")
    donors = comparators.drop_sel(economy="CHN")
    with pytest.raises(ValueError, match="control 'USA' has no value for 2019"):
        effect(apps, event="ip_strategy_2008", model="ucm", controls=donors)
    syn = effect(
        chn,
        event="ip_strategy_2008",
        log=True,
        model="synthetic",
        controls=donors,
        jurisdiction="CN",
    )
    assert syn.n_post == 11 and syn.post_period == (2008, 2018)
    w = syn.details["weights"]
    assert sum(w.values()) == pytest.approx(1.0)
    assert {k for k, v in w.items() if v > 0.01} == {"USA", "KOR", "IND"}
    # China departs from its synthetic control more than any comparator does from its own
    # (the smallest p-value 8 donors allow) ...
    assert syn.placebo_in_space.p_value == pytest.approx(1 / 9)
    assert syn.placebo_in_space.n_placebos == 8
    # ... but the synthetic control does not reproduce China's pre-2008 growth
    assert any(x.startswith("poor pre-period fit") for x in syn.warnings)
    ucm = effect(
        chn,
        event="ip_strategy_2008",
        log=True,
        model="ucm",
        controls=donors,
        log_controls=True,
        placebo_units=donors,
        jurisdiction="CN",
    )
    assert ucm.level_change.ci[0] < 0 < ucm.level_change.ci[1]
    assert ucm.placebo_in_space.n_placebos == 8 and ucm.placebo_in_space.p_value > 0.1


def test_subsidy_end_2021(apps: xr.DataArray) -> None:
    res = effect(apps, event="patent_subsidy_end_2021", log=True, jurisdiction="CN")
    assert (res.first_treated, res.n_post) == (2021, 2)
    near = {
        "patent_law_amendment_2020",
        "cnipa_patent_application_notice_2021",
        "patent_law_amendment_2020_in_force",
    }
    assert near <= set(res.confounders)
    assert any("cnipa_statistical_change_2017" in w and "pre-period" in w for w in res.warnings)
    assert any(w.startswith("short post-period: 2 period(s)") for w in res.warnings)
    assert res.level_change.ci[0] < 0 < res.level_change.ci[1]
    cp = next(t for t in res.tests if t.name.startswith("Chow predictive"))
    assert cp.df == (2.0, 34.0) and cp.pvalue > 0.05
    # on one counting basis only (2017-2022): four years before, two after; nothing to see
    same = effect(
        apps.sel(year=slice(2017, None)),
        event="patent_subsidy_end_2021",
        log=True,
        errors="iid",
        jurisdiction="CN",
    )
    assert (same.n_pre, same.n_post) == (4, 2)
    assert not any("statistical change" in w for w in same.warnings)
    assert same.p_value > 0.5 and same.placebo_in_time.n_placebos == 5


def test_declassification_2017_is_confounded_by_the_counting_change(apps: xr.DataArray) -> None:
    res = effect(apps, event="declassified_patents_2017", log=True, jurisdiction="CN")
    assert res.first_treated == 2017 and res.n_post == 6
    hit = [w for w in res.warnings if "cnipa_statistical_change_2017" in w]
    assert hit and hit[0].startswith("confounding event inside the window 2016 .. 2018")
    assert "a change in how the series is compiled" in hit[0]
    assert "cnipa_statistical_change_2017" in res.summary()
    for ev in ("declassified_patents_2018", "ccimcd_established_2017", "party_congress_19"):
        assert ev in res.confounders
    assert res.level_change.p_value > 0.05


@pytest.mark.parametrize(("variable", "log"), [("value_added", True), ("gdp_share", False)])
def test_special_action_2023_on_patent_intensive_industries(variable: str, log: bool) -> None:
    da = datasets.load("patent_intensive_industries")[variable]
    res = effect(
        da,
        event="special_action_patent_transformation_2023",
        log=log,
        errors="iid",
        jurisdiction="CN",
    )
    assert (res.first_treated, res.n_pre, res.n_post) == (2024, 6, 1)
    assert res.slope_change is None
    assert any("cannot identify the slope change" in w for w in res.warnings)
    cp = next(t for t in res.tests if t.name.startswith("Chow predictive"))
    assert cp.df == (1.0, 4.0) and cp.pvalue > 0.5
    assert res.level_change.ci[0] < 0 < res.level_change.ci[1]
    assert res.placebo_in_time.n_placebos == 6
    assert "cnipa_notice_2025_06_10" in res.confounders


def test_special_action_2023_on_the_survey_rates() -> None:
    rate = datasets.load("patent_survey_industrialisation")["industrialisation_rate"]
    ent = effect(
        rate.sel(patentee="enterprises"),
        event="special_action_patent_transformation_2023",
        errors="iid",
        jurisdiction="CN",
    )
    assert (ent.n_pre, ent.n_post) == (4, 1)
    assert ent.level_change.p_value > 0.5
    assert np.isfinite(ent.upper[-1]) and ent.lower[-1] < ent.observed[-1] < ent.upper[-1]
    allp = rate.sel(patentee="all", year=slice(2020, 2023))
    with pytest.raises(ValueError, match="post-period has zero length"):
        effect(allp, event="special_action_patent_transformation_2023", errors="iid")
    with pytest.raises(ValueError, match="needs at least 4 pre-period"):
        effect(allp, event="special_action_patent_transformation_2023", rule="containing")
