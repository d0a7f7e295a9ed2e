"""Indicator families as labelled xarray data, and the catalogue table."""

from __future__ import annotations

import math

import numpy as np
import pytest
import xarray as xr

import policyts.indicators as pi
from policyts.indicators import QUALIFIERS, QualifierRule

ALL_IDS = [i for i, _ in pi.indicators()]


def test_indicator_list():
    inds = pi.indicators()
    assert len(inds) == len(set(ALL_IDS)) == 111
    assert (
        "defence_patents_declassified",
        "national defence patents declassified in one batch",
    ) in inds
    # every indicator has at least one claim, every claim a registered indicator
    used = {c.indicator for c in pi.claims()}
    assert used == set(ALL_IDS)


def test_families():
    assert pi.FAMILIES == (
        "defence_patents",
        "defence_contractors",
        "mcf_funding",
        "patent_intensive",
        "special_action",
        "patent_system",
        "misc",
    )
    counts = {f: len(pi.claims(f)) for f in pi.FAMILIES}
    assert counts == {
        "defence_patents": 29,
        "defence_contractors": 26,
        "mcf_funding": 19,
        "patent_intensive": 67,
        "special_action": 31,
        "patent_system": 16,
        "misc": 33,
    }
    with pytest.raises(ValueError, match="unknown family 'patents'"):
        pi.claims("patents")


@pytest.mark.parametrize("indicator", ALL_IDS)
def test_every_indicator_builds_with_attrs_and_bounds(indicator):
    ds = pi.get(indicator)
    info = pi.indicator_info(indicator)
    members = [c for c in pi.claims() if c.indicator == indicator]
    assert ds.sizes["claim"] == len(members)
    assert set(ds["claim"].values) == {c.id for c in members}
    v = ds[indicator]
    for key in ("units", "long_name", "source", "references", "ancillary_variables"):
        assert key in v.attrs
    assert v.attrs["units"] == info.unit
    assert v.attrs["long_name"] == info.long_name
    assert v.attrs["ancillary_variables"].split() == [
        f"{indicator}_lower",
        f"{indicator}_upper",
        f"{indicator}_qualifier",
    ]
    lo, hi = ds[f"{indicator}_lower"], ds[f"{indicator}_upper"]
    assert lo.attrs["units"] == hi.attrs["units"] == info.unit
    assert bool((lo <= v).all()) and bool((v <= hi).all())
    flags = ds[f"{indicator}_qualifier"]
    assert flags.attrs["flag_meanings"].split() == list(QUALIFIERS)
    np.testing.assert_array_equal(flags.attrs["flag_values"], np.arange(len(QUALIFIERS)))
    by_id = {c.id: c for c in members}
    for cid, code in zip(ds["claim"].values, flags.values, strict=True):
        assert QUALIFIERS[int(code)] == by_id[str(cid)].qualifier
        lower, upper = by_id[str(cid)].bounds()
        assert float(lo.sel(claim=cid)) == lower and float(hi.sel(claim=cid)) == upper
    # every source is named in the attrs
    for c in members:
        assert c.source.publisher in v.attrs["source"]
    assert ds.attrs["indicator"] == indicator and ds.attrs["Conventions"].startswith("CF-")


def test_declassified_patents_series():
    ds = pi.get("defence_patents_declassified")
    v = ds["defence_patents_declassified"]
    # defenseworld's two wordings of the 2018 batch ("over 4038", "The 4,038") are both claims
    assert v.sel(year=2018).values.tolist() == [4000.0, 4038.0, 4038.0, 4038.0]
    assert v.sel(year=2017).values.tolist() == [3000.0, 3000.0, 3000.0, 3000.0]
    assert ds["period"].values.tolist() == [
        "2017",
        "2017-03",
        "2017-03",
        "2017-03",
        "2018",
        "2018-04",
        "2018-04",
        "2018-04-26",
    ]
    q = ds["defence_patents_declassified_qualifier"].values.tolist()
    # within one period, claims are ordered by id
    assert ds["claim"].values.tolist()[1:4] == [
        "dp.declassified_2017.chinadaily",
        "dp.declassified_2017.chinamil",
        "dp.declassified_2017.defenseworld",
    ]
    assert [QUALIFIERS[i] for i in q] == [
        "about",
        "about",
        "more_than",
        "more_than",
        "more_than",
        "more_than",
        "exact",
        "exact",
    ]
    assert ds["defence_patents_declassified_lower"].values.tolist()[:3] == pytest.approx(
        [2700, 2700, 3000]
    )
    assert math.isinf(float(ds["defence_patents_declassified_upper"].values[2]))
    assert str(ds["time"].values[-1])[:10] == "2018-04-26"


def test_two_year_totals_are_derived_and_flagged():
    ds = pi.get("defence_patents_declassified_total")
    assert ds["status"].values.tolist() == ["DERIVED", "DERIVED", "SEEN"]
    by = dict(
        zip(
            ds["claim"].values.tolist(),
            ds["defence_patents_declassified_total"].values.tolist(),
            strict=True,
        )
    )
    assert by == {
        "dp.declassified_total.uppal": 7000.0,
        "dp.declassified_total.sum_uppal": 7000.0,
        "dp.declassified_total.sum_primary": 7038.0,
    }
    c = pi.claim_by_id("dp.declassified_total.sum_uppal")
    iv = c.interval()
    assert (iv.lower, iv.lower_open, math.isinf(iv.upper)) == (6700.0, True, True)
    assert c.derived_from == ("dp.declassified_2017.uppal", "dp.declassified_2018.uppal")
    assert pi.claim_by_id("dp.released_total.sum_primary").value == 6384.0
    assert pi.claim_by_id("dp.released_total.sum_primary").bounds() == (6384.0, 6384.0)


def test_contractor_claims_seed_and_reports_side_by_side():
    ds = pi.get("private_defence_contractors")
    ids = ds["claim"].values.tolist()
    assert ids[-1] == "pc.private.uppal"  # undated last
    assert np.isnat(ds["time"].values[-1]) and np.isnan(ds["year"].values[-1])
    assert {"pc.private_2013.ejinsight", "pc.private_2013.armyrecognition"} <= set(ids)
    share = pi.get("private_defence_contractors_share")["private_defence_contractors_share"]
    assert share.sel(claim="pc.private_share_2015.chinadaily").item() == 0.40
    implied = pi.claim_by_id("pc.total_2015.implied_chinadaily")
    assert implied.value == pytest.approx(2500.0)
    assert implied.bounds() == pytest.approx((900 / 0.44, 1000 / 0.36))
    end_2010 = pi.claim_by_id("pc.private_2010.implied_sastind")
    assert end_2010.value == pytest.approx(1000 / 2.27)
    assert end_2010.interval().lower_open and math.isinf(end_2010.interval().upper)


def test_units_money_and_shares():
    assert pi.claim_by_id("mf.edd_funding_cny.uppal").value == 6e9
    assert pi.claim_by_id("mf.edd_funding_cny.uppal").unit == "CNY"
    assert pi.claim_by_id("mf.edd_funding_usd.globaltimes").value == 870e6
    assert pi.claim_by_id("pc.private_share.uppal").value == 0.40
    assert pi.claim_by_id("pc.private_share.uppal").unit == "1"
    assert pi.claim_by_id("mf.funds_size.csis").bounds() == (73e9, math.inf)
    assert pi.claim_by_id("pi.gdp_share_change_2023.xinhua").unit == "percent_point"
    assert pi.claim_by_id("pi.gdp_share_change_2023.xinhua").value == 0.44


def test_patent_intensive_series_and_derived_2019():
    ds = pi.get("patent_intensive_value_added")
    v = ds["patent_intensive_value_added"]
    assert v.sel(year=2024).item() == 18.04e12
    assert v.sel(year=2019).item() == pytest.approx(12128.9e9 / 1.058)
    assert ds["status"].sel(year=2019).item() == "DERIVED"
    share = pi.get("patent_intensive_gdp_share")["patent_intensive_gdp_share"]
    assert share.sel(year=2019).item() == pytest.approx(0.1162)
    assert sorted(share.sel(year=2022).values.tolist()) == [0.127, 0.127]
    sectors = pi.get("patent_intensive_sector_share")
    s2018 = sectors.where(sectors["year"] == 2018, drop=True)
    assert float(s2018["patent_intensive_sector_share"].sum()) == pytest.approx(1.0)


def test_targets_are_flagged_not_observations():
    targets = [c for c in pi.claims() if c.is_target]
    assert sorted(c.id for c in targets) == [
        "mx.ams_hiring_target_additional.uppal",
        "mx.ams_hiring_target_initial.uppal",
        "mx.mcf_innovation_system_target.uppal",
        "mx.mcf_key_projects_horizon.uppal",
        "mx.pla_world_class_target.iiss",
        "pi.contract_turnover_target_2025.cnipa",
        "pi.product_output_target_2025.cnipa",
    ]
    ds = pi.get("patent_intensive_product_output")
    codes = ds["patent_intensive_product_output_qualifier"]
    # issue 15: CNIPA's 9400亿 for 2024 sits next to the seed's "nearing 1 trillion"
    assert [QUALIFIERS[int(i)] for i in codes.values] == ["exact", "nearly", "target"]
    assert ds["patent_intensive_product_output"].values.tolist()[0] == 940e9
    assert pi.claim_by_id("mx.ams_hiring_target_total.derived").value == 150
    assert pi.claim_by_id("mx.ams_quota_2019.implied").value == 30


def test_special_action_numbers():
    v = pi.get("special_action_patents_inventoried")["special_action_patents_inventoried"]
    # seed span and CNIPA's cumulative figure start in 2023-10
    assert v.values.tolist() == [1.34e6, 1.349e6, 914_000, 1.349e6]
    # issue 15: the 1.349 million cover universities and research institutes only
    assert pi.claim_by_id("sa.inventoried_2024_11.jingji").entity == (
        "universities and research institutes"
    )
    # issue 15: the seed's 680,000 is CNIPA's count of *invention* patents in the pool, so it is
    # compared with invention patents (506,000 in April 2024), not the 676,000 of all kinds
    sel = pi.get("special_action_patents_selected")["special_action_patents_selected"]
    assert sel.values.tolist() == [676_000]
    inv = pi.get("special_action_invention_patents_selected")
    assert inv["claim"].values.tolist() == [
        "sa.invention_selected_2025.cnipa",
        "sa.selected.seed",
        "sa.invention_selected_2024_04.xinhua",
    ]
    assert inv["special_action_invention_patents_selected"].values.tolist() == [
        680_000,
        680_000,
        506_000,
    ]
    # issue 15: financing intentions are dated to 2024 alone and worded "more than"
    fin = pi.claim_by_id("sa.financing_intentions_2024.cnipa")
    assert (fin.period, fin.qualifier, fin.value) == ("2024", "more_than", 20e9)


def test_issue_15_corrections_of_notes_and_entities():
    # 10.71 trillion yuan is 107,090亿, not 10,709亿 (one trillion = 10,000亿)
    va = pi.claim_by_id("pi.value_added_2018.xinhua")
    assert va.value == 10.71e12 and "107,090亿" in va.note and "10,709亿" not in va.note
    assert va.value / 1e8 == pytest.approx(107_100)
    # PLA Daily's "more than two-thirds private" is most likely Xinhua's 民口 share
    pla = pi.claim_by_id("pc.private_share_2018.pladaily")
    assert "民口" in pla.entity and "state-owned" in pla.entity
    # November 2017 release; the derived two-year totals say they leave it out
    nov = pi.claim_by_id("dp.released_2017_11.chinadaily")
    assert (nov.value, nov.qualifier, nov.period) == (2400, "more_than", "2017-11")
    for cid in ("dp.declassified_total.sum_primary", "dp.released_total.sum_primary"):
        assert "incomplete" in pi.claim_by_id(cid).note, cid
    with_nov = pi.claim_by_id("dp.released_total.sum_primary_with_2017_11")
    assert with_nov.value == 2346 + 2400 + 4038
    # the seed's January 2019 chairmanship and the primary date are both claims
    assert pi.claim_by_id("mx.ccimcd_head_since.uppal").value == 2019
    assert pi.claim_by_id("mx.ccimcd_head_since.peoplesdaily").period == "2017-01-22"


def test_population_projection_numbers():
    assert pi.claim_by_id("ps.population_2010.cheng_drahos").value == 1_370_536_875
    assert pi.claim_by_id("ps.population_2020_projection.cheng_drahos").value == 1_450_576_229
    assert pi.claim_by_id("ps.population_growth.cheng_drahos").value == 0.0584


def test_rule_changes_bounds_of_seen_and_derived_claims():
    rule = QualifierRule(about=0.2)
    ds = pi.get("defence_patents_declassified_total", rule=rule)
    lo = (
        ds["defence_patents_declassified_total_lower"]
        .sel(claim="dp.declassified_total.sum_uppal")
        .item()
    )
    assert lo == pytest.approx(2400 + 4000)
    assert "0.2" in ds.attrs["qualifier_rule"]
    cat = pi.catalogue(rule)
    row = cat.set_index("id").loc["dp.declassified_2017.uppal"]
    assert (row["lower"], row["upper"]) == pytest.approx((2400, 3600))


def test_get_is_deterministic_and_keeps_attrs():
    xr.testing.assert_identical(pi.get("china_population"), pi.get("china_population"))


def test_unknown_indicator_suggests():
    with pytest.raises(
        ValueError,
        match="unknown indicator 'defence_patent_declasified'.*did you mean 'defence_patents_declassified'",
    ):
        pi.get("defence_patent_declasified")
    with pytest.raises(ValueError, match="unknown indicator 'zzz'; policyts"):
        pi.get("zzz")
    with pytest.raises(ValueError, match="unknown claim id 'dp.released_2017.iis'.*did you mean"):
        pi.claim_by_id("dp.released_2017.iis")


def test_catalogue_table():
    cat = pi.catalogue()
    assert len(cat) == len(pi.claims()) == 221
    for col in (
        "id indicator value unit period qualifier lower upper entity source_publisher "
        "source_title source_date source_url quote derived_from status"
    ).split():
        assert col in cat.columns
    assert cat["id"].is_unique
    assert (cat["lower"] <= cat["value"]).all() and (cat["value"] <= cat["upper"]).all()
    assert set(cat["status"]) == {"SEEN", "DERIVED"}
    undated = cat[cat["period"] == "undated"]
    assert undated["year"].isna().all() and len(undated) == 34
    row = cat.set_index("id").loc["dp.released_2017.chinamil"]
    assert row["source_url"] == "http://eng.chinamil.com.cn/view/2017-03/06/content_7515762.htm"
    assert row["source_date"] == "2017-03-06" and row["value"] == 2346
