"""The consistency audit: each check on consistent and deliberately inconsistent input, the
statuses of the shipped catalogue, and the ``claims`` / ``audit`` subcommands."""

from __future__ import annotations

import dataclasses
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policyts.cli
import policyts.indicators as pi
from policyts.indicators import Claim, QualifierRule, Source, derive
from policyts.indicators import consistency as au

SRC_A = Source(key="report-a", publisher="A", title="[a]")
SRC_B = Source(key="report-b", publisher="B", title="[b]")
SEED = Source(key="seed", publisher="S", title="[s]", kind="seed")

#: Yuan per dollar used where a test needs an annual rate (a test value, not data).
RATE_2017 = 6.75


def mk(
    id,
    value,
    qualifier="exact",
    *,
    unit="count:patents",
    period="2017",
    source=SRC_A,
    indicator="t",
    entity="China",
):
    quote = "q" if source.kind == "seed" else ""
    return Claim(
        id=id,
        indicator=indicator,
        value=value,
        unit=unit,
        period=period,
        qualifier=qualifier,
        entity=entity,
        source=source,
        quote=quote,
    )


# -- operands --------------------------------------------------------------------------------------


def test_rounding_half_unit():
    assert au.rounding_half_unit(680_000, "count:patents") == 5000
    assert au.rounding_half_unit(1.34e6, "count:patents") == 5000
    assert au.rounding_half_unit(2346, "count:patents") == 0
    assert au.rounding_half_unit(0.127, "1") == pytest.approx(0.0005)
    assert au.rounding_half_unit(12128.9e9, "CNY") == pytest.approx(0.05e9)
    assert au.rounding_half_unit(6e9, "CNY") == pytest.approx(0.5e9)
    assert au.rounding_half_unit(0.44, "percent_point") == pytest.approx(0.005)


def test_stated_interval():
    iv = au.stated_interval(mk("a", 680_000))
    assert (iv.lower, iv.upper) == (675_000, 685_000)
    iv = au.stated_interval(mk("a", 3000, "about"))
    assert (iv.lower, iv.upper) == pytest.approx((2700, 3300))


# -- each check, consistent and inconsistent ---------------------------------------------------------


def test_check_agreement():
    r = au.check_agreement([mk("a", 3000, "about"), mk("b", 3000, "more_than")])
    assert r.status == "consistent"
    assert r.detail["common"] == {
        "lower": 3000.0,
        "upper": 3300.0,
        "lower_open": True,
        "upper_open": False,
    }
    r = au.check_agreement([mk("a", 1000, "nearly"), mk("b", 1000, "more_than")])
    assert r.status == "inconsistent" and r.detail["disagreeing_pairs"] == [["a", "b"]]
    # the stated numbers of two readings: 500 and 1,800 disagree even though "over 500" and
    # "over 1,800" overlap as intervals
    over_500, over_1800 = mk("a", 500, "more_than"), mk("b", 1800, "more_than")
    assert au.check_agreement([over_500, over_1800]).status == "consistent"
    assert au.check_agreement([over_500, over_1800], compare="values").status == "inconsistent"
    # rounding: 680,000 is consistent with 676,000 only when rounding is allowed
    assert au.check_agreement([mk("a", 680_000), mk("b", 676_000)]).status == "inconsistent"
    assert (
        au.check_agreement([mk("a", 680_000), mk("b", 676_000)], compare="rounded").status
        == "consistent"
    )
    assert au.check_agreement([mk("a", 1)]).status == "cannot-check"
    with pytest.raises(ValueError, match="different units"):
        au.check_agreement([mk("a", 1), mk("b", 1, unit="count:firms")])
    with pytest.raises(ValueError, match="field 'compare'"):
        au.check_agreement([mk("a", 1), mk("b", 1)], compare="loose")


def _seed_pair(count_q="more_than", share_q="nearly"):
    return [
        mk(
            "s.count",
            1000,
            count_q,
            unit="count:firms",
            source=SEED,
            indicator="count",
            period="undated",
        ),
        mk("s.share", 0.40, share_q, unit="1", source=SEED, indicator="share", period="undated"),
    ]


def test_check_seed_against_reports():
    cd_count = mk("cd.count", 1000, "nearly", unit="count:firms", source=SRC_A, indicator="count")
    cd_share = mk("cd.share", 0.40, "about", unit="1", source=SRC_A, indicator="share")
    sast = mk("sast.count", 1000, "more_than", unit="count:firms", source=SRC_B, indicator="count")
    r = au.check_seed_against_reports(_seed_pair(), [cd_count, cd_share, sast])
    assert r.status == "inconsistent"
    assert r.detail["by_report"] == {
        "report-a": {"s.count": "disagrees", "s.share": "agrees"},
        "report-b": {"s.count": "agrees", "s.share": "not stated"},
    }
    sast_share = mk("sast.share", 0.38, "exact", unit="1", source=SRC_B, indicator="share")
    r = au.check_seed_against_reports(_seed_pair(), [cd_count, cd_share, sast, sast_share])
    assert r.status == "consistent" and r.detail["supporting_reports"] == ["report-b"]
    target = mk("t", 1000, "target", unit="count:firms", indicator="count")
    r = au.check_seed_against_reports(_seed_pair()[:1], [target])
    assert r.status == "cannot-check" and r.detail["targets_set_aside"] == ["t"]


def test_check_readings():
    ref = mk("ref", 4038)
    lede, body = mk("lede", 4038, "more_than"), mk("body", 4038)
    r = au.check_readings(ref, [lede, body])
    assert r.status == "consistent"
    assert r.detail["supported"] == ["body"] and r.detail["unsupported"] == ["lede"]
    r = au.check_readings(ref, [lede])
    assert r.status == "inconsistent" and r.detail["supported"] == []
    assert au.check_readings(ref, []).status == "cannot-check"
    with pytest.raises(ValueError, match="different units"):
        au.check_readings(ref, [mk("x", 1, unit="count:firms")])


def test_check_sum():
    parts = [
        mk("n", 2, unit="count:funds"),
        mk("l", 27, unit="count:funds"),
        mk("c", 13, unit="count:funds"),
    ]
    assert au.check_sum(parts, mk("t", 42, unit="count:funds")).status == "consistent"
    r = au.check_sum(parts, mk("t", 43, unit="count:funds"))
    assert r.status == "inconsistent" and r.detail["difference"] == -1


def test_check_ratio_and_component_shares():
    private = mk("p", 500, "more_than", unit="count:firms")
    total = mk("t", 1800, "more_than", unit="count:firms")
    quarter = mk("q", 0.25, "more_than", unit="1")
    r = au.check_ratio(private, total, quarter, compare="values")
    assert r.status == "consistent" and r.detail["computed_from_values"] == pytest.approx(
        500 / 1800
    )
    # 300 is read as 250-350 (trailing zeros not significant): still below a quarter of 1,800
    r = au.check_ratio(
        mk("p", 300, "more_than", unit="count:firms"), total, quarter, compare="values"
    )
    assert r.status == "inconsistent"
    comps = [mk("x", 3.2833e12, unit="CNY", entity="x"), mk("y", 2.1551e12, unit="CNY", entity="y")]
    shares = [mk("sx", 0.307, unit="1", entity="x"), mk("sy", 0.201, unit="1", entity="y")]
    tot = mk("tot", 10.71e12, unit="CNY")
    assert au.check_component_shares(comps, shares, tot).status == "consistent"
    shares_bad = [shares[0], mk("sy", 0.25, unit="1", entity="y")]
    r = au.check_component_shares(comps, shares_bad, tot)
    assert r.status == "inconsistent" and r.detail["components"]["y"]["status"] == "inconsistent"
    r = au.check_component_shares(comps, [], tot)
    assert r.status == "cannot-check"


def test_check_level_change():
    prev = mk("p", 0.127, unit="1", period="2022")
    cur = mk("c", 0.1304, unit="1", period="2023")
    change = mk("d", 0.44, unit="percent_point", period="2023")
    r = au.check_level_change(prev, cur, change)
    assert r.status == "inconsistent"
    assert r.detail["previous_implied_by_change"] == pytest.approx(0.126)
    assert (
        au.check_level_change(mk("p", 0.126, unit="1", period="2022"), cur, change).status
        == "consistent"
    )


def test_check_growth():
    a = mk("a", 14.3e12, unit="CNY", period="2021")
    b = mk("b", 15.32e12, unit="CNY", period="2022")
    assert (
        au.check_growth(a, b, mk("g", 0.071, unit="growth_rate", period="2022")).status
        == "consistent"
    )
    assert (
        au.check_growth(a, b, mk("g", 0.081, unit="growth_rate", period="2022")).status
        == "inconsistent"
    )
    first = mk("a", 10.71e12, unit="CNY", period="2018")
    r = au.check_growth(first, b, mk("g", 0.0936, unit="growth_rate", period="2018/2022"))
    assert r.status == "consistent" and r.detail["years"] == 4
    assert au.check_growth(b, a, mk("g", 0.07, unit="growth_rate")).status == "cannot-check"


def test_check_projection():
    base = mk("b", 1_370_536_875, unit="count:persons", period="2010")
    rate = mk("r", 0.0584, unit="growth_rate", period="2010/2020")
    good = mk("p", 1_450_576_229, unit="count:persons", period="2020")
    r = au.check_projection(base, rate, good)
    assert r.status == "consistent" and r.detail["difference"] == pytest.approx(-0.5)
    bad = mk("p", 1_450_576_329, unit="count:persons", period="2020")
    assert au.check_projection(base, rate, bad).status == "inconsistent"


def test_check_currency_pair():
    cny = mk("c", 6e9, unit="CNY")
    usd = mk("u", 870e6, unit="USD")
    r = au.check_currency_pair(cny, usd, rate=RATE_2017)
    assert r.status == "consistent"
    assert r.detail["implied_cny_per_usd"] == pytest.approx(6e9 / 870e6)
    assert r.detail["relative_gap"] == pytest.approx(6e9 / 870e6 / RATE_2017 - 1)
    assert (
        au.check_currency_pair(cny, mk("u", 600e6, unit="USD"), rate=RATE_2017).status
        == "inconsistent"
    )
    assert au.check_currency_pair(cny, usd, rate={2017: 8.0}).status == "inconsistent"
    undated = au.check_currency_pair(
        mk("c", 150e9, unit="CNY", period="undated"), mk("u", 21.78e9, unit="USD", period="undated")
    )
    assert undated.status == "cannot-check" and undated.detail[
        "implied_cny_per_usd"
    ] == pytest.approx(6.887052)
    assert au.check_currency_pair(usd, cny).status == "cannot-check"


def test_currency_pair_reads_the_dataset_lazily(monkeypatch):
    import policyts.datasets as ds

    def broken(name):
        raise ValueError(f"no dataset {name!r}")

    monkeypatch.setattr(ds, "load", broken)
    r = au.check_currency_pair(mk("c", 6e9, unit="CNY"), mk("u", 870e6, unit="USD"))
    assert r.status == "cannot-check" and "no annual exchange rate for 2017" in r.detail["reason"]


def test_check_part_within_whole():
    assert au.check_part_within_whole(mk("p", 2346), mk("w", 3000, "about")).status == "consistent"
    assert (
        au.check_part_within_whole(mk("p", 3400), mk("w", 3000, "about")).status == "inconsistent"
    )


def test_check_nondecreasing():
    a = mk("a", 914_000, period="2024-04-24")
    b = mk("b", 1.349e6, period="2024-11-29")
    c = mk("c", 1.34e6, "more_than", period="2023-10/2025-06")
    assert au.check_nondecreasing([c, a, b]).status == "consistent"
    r = au.check_nondecreasing([b, mk("c", 1.2e6, period="2025-06")])
    assert r.status == "inconsistent" and r.detail["falls"] == [["b", "c"]]
    assert au.check_nondecreasing([a, mk("u", 1, period="undated")]).status == "cannot-check"


def test_check_shares_partition():
    mil, civ = mk("m", 0.30, unit="1"), mk("c", 0.70, unit="1")
    assert au.check_shares_partition([mil, civ], exhaustive=True).status == "consistent"
    # "30" and "60" percent are read to +/- 5 points (one significant figure): 0.8-1.0 reaches 1
    assert (
        au.check_shares_partition([mil, mk("c", 0.60, unit="1")], exhaustive=True).status
        == "consistent"
    )
    assert (
        au.check_shares_partition([mil, mk("c", 0.50, unit="1")], exhaustive=True).status
        == "inconsistent"
    )
    assert (
        au.check_shares_partition(
            [mk("m", 0.31, unit="1"), mk("c", 0.62, unit="1")], exhaustive=True
        ).status
        == "inconsistent"
    )
    lt15, gt80 = mk("m", 0.15, "less_than", unit="1"), mk("c", 0.80, "more_than", unit="1")
    assert au.check_shares_partition([lt15, gt80], exhaustive=False).status == "consistent"
    assert (
        au.check_shares_partition(
            [mk("m", 0.3, "more_than", unit="1"), gt80], exhaustive=False
        ).status
        == "inconsistent"
    )
    with pytest.raises(ValueError, match="must be shares"):
        au.check_shares_partition([mk("a", 1)], exhaustive=True)


def test_check_span_duration():
    three = mk("d", 3, unit="year", period="2023/2025")
    assert au.check_span_duration(three, inclusive=True).status == "consistent"
    assert (
        au.check_span_duration(
            dataclasses.replace(three, period="2023/2026"), inclusive=True
        ).status
        == "inconsistent"
    )
    half_century = mk("h", 50, "about", unit="year", period="1953/2006")
    r = au.check_span_duration(half_century, inclusive=False)
    assert r.status == "consistent" and r.detail["years_in_period"] == 53
    assert (
        au.check_span_duration(
            dataclasses.replace(half_century, period="1943/2006"), inclusive=False
        ).status
        == "inconsistent"
    )
    assert (
        au.check_span_duration(mk("x", 3, unit="year", period="2023"), inclusive=True).status
        == "cannot-check"
    )


def test_check_fold_increase():
    later = mk("l", 150, unit="count:persons", period="2020")
    fold = mk("f", 5, unit="ratio", period="2019/2020")
    r = au.check_fold_increase(later, fold)
    assert r.status == "cannot-check" and r.detail["implied_earlier_from_values"] == 30
    assert (
        au.check_fold_increase(later, fold, mk("e", 30, unit="count:persons", period="2019")).status
        == "consistent"
    )
    assert (
        au.check_fold_increase(later, fold, mk("e", 50, unit="count:persons", period="2019")).status
        == "inconsistent"
    )


def test_check_growth_vs_cumulative():
    growth = mk("g", 0.349, unit="growth_rate", period="2002/2011")
    dominance = mk("d", 1, "more_than", unit="ratio", period="2011")
    r = au.check_growth_vs_cumulative(growth, dominance, sum_years=(1985, 2004))
    assert r.status == "cannot-check" and r.detail["growth_factor_over_span"] == pytest.approx(
        1.349**9
    )
    levels = {y: 100.0 for y in range(1985, 2002)}
    levels.update({y: 100.0 * 1.349 ** (y - 2002) for y in range(2002, 2012)})
    # 1985-2004 sums to 17 x 100 + 100 (1 + 1.349 + 1.349^2); 2011 is 100 x 1.349^9 = 1,479
    ok = au.check_growth_vs_cumulative(growth, dominance, sum_years=(1985, 2004), levels=levels)
    assert ok.status == "inconsistent"  # the early years sum to more than 2011
    small_early = {**levels, **{y: 10.0 for y in range(1985, 2002)}}
    ok = au.check_growth_vs_cumulative(
        growth, dominance, sum_years=(1985, 2004), levels=small_early
    )
    assert ok.status == "consistent" and ok.detail["computed_growth"] == pytest.approx(0.349)
    r = au.check_growth_vs_cumulative(growth, dominance, sum_years=(1985, 2004), levels={2002: 1.0})
    assert r.status == "cannot-check" and "lacks years" in r.detail["reason"]


def test_check_against_dataset():
    claims = [
        mk("a", 10.71e12, unit="CNY", period="2018"),
        mk("b", 14.3e12, unit="CNY", period="2021"),
    ]
    r = au.check_against_dataset(
        claims, dataset="x", variable="v", data={2018: 10.71e12, 2021: 14.3e12}
    )
    assert r.status == "consistent"
    r = au.check_against_dataset(
        claims, dataset="x", variable="v", data={2018: 10.8e12, 2021: 14.3e12}
    )
    assert r.status == "inconsistent" and r.detail["disagreeing"] == ["a"]
    r = au.check_against_dataset(claims, dataset="x", variable="v", data={2030: 1.0})
    assert r.status == "cannot-check"
    r = au.check_against_dataset(claims, dataset="no_such_dataset", variable="v")
    assert r.status == "cannot-check" and "unavailable" in r.detail["reason"]


# -- the shipped catalogue -------------------------------------------------------------------------

EXPECTED = {
    "dp.two_year_total_seed": "consistent",
    "dp.two_year_total_primary": "consistent",
    "dp.released_within_declassified_2017": "consistent",
    "dp.released_within_declassified_total": "consistent",
    "dp.batch_2017_readings": "consistent",
    "dp.batch_2018_seed_vs_primary": "consistent",
    # issue 15: defenseworld's body says "The 4,038", which China Military Online supports
    "dp.batch_2018_primary_readings": "consistent",
    "dp.released_2017_batches_within_declassified": "consistent",
    "dp.application_growth_readings": "consistent",
    "dp.application_growth_vs_cumulative": "cannot-check",
    "pc.seed_vs_reports": "inconsistent",
    "pc.ndu_2013_share": "consistent",
    "pc.ndu_2013_readings": "inconsistent",
    "pc.implied_totals": "consistent",
    "pc.private_series_armyrecognition": "inconsistent",
    "pc.private_series_ejinsight": "consistent",
    "pc.pladaily_2018_rendering": "consistent",
    "pc.pladaily_2018_private_reading": "inconsistent",
    "pc.procurement_network_share": "consistent",
    "mf.currency_edd_seed": "consistent",
    "mf.currency_edd_globaltimes": "consistent",
    "mf.currency_casc_fund": "cannot-check",
    "mf.edd_seed_vs_report": "consistent",
    "mf.csis_fund_components": "consistent",
    "pi.gdp_share_change_2021": "consistent",
    "pi.gdp_share_change_2023": "inconsistent",
    "pi.gdp_share_change_2024": "consistent",
    "pi.value_added_growth_2021": "consistent",
    "pi.value_added_growth_2022": "consistent",
    "pi.value_added_growth_2018_2022": "consistent",
    "pi.sectors_sum_2018": "consistent",
    "pi.sector_shares_sum_2018": "consistent",
    "pi.sector_shares_2018": "consistent",
    "pi.sector_shares_2020": "consistent",
    "pi.sector_shares_2021": "consistent",
    "pi.sector_shares_2024": "consistent",
    "pi.value_added_vs_dataset": "consistent",
    "pi.gdp_share_vs_dataset": "consistent",
    # issue 15: CNIPA's 940 billion yuan for 2024 makes the check possible
    "pi.product_output_2024_vs_reports": "consistent",
    "sa.inventoried_seed_vs_report": "consistent",
    "sa.selected_seed_vs_report": "consistent",
    "sa.invention_selected_nondecreasing": "consistent",
    "sa.inventory_nondecreasing": "consistent",
    "sa.invention_inventory_nondecreasing": "consistent",
    "sa.inventory_share_of_stock": "consistent",
    "sa.univ_inst_stock_share": "consistent",
    "sa.plan_duration": "consistent",
    "ps.population_projection": "consistent",
    "ps.five_year_plan_half_century": "consistent",
    "mx.ccimcd_head_seed_vs_primary": "inconsistent",
    "mx.product_mix_china": "consistent",
    "mx.product_mix_foreign": "consistent",
    "mx.ams_fivefold": "cannot-check",
    # generated: one per seed claim with a primary counterpart
    "seed_vs_primary.dp.released_2017.iiss": "consistent",
    "seed_vs_primary.dp.declassified_2017.uppal": "consistent",
    "seed_vs_primary.dp.declassified_2018.uppal": "consistent",
    "seed_vs_primary.pc.private.uppal": "consistent",
    "seed_vs_primary.pc.private_share.uppal": "consistent",
    "seed_vs_primary.mf.edd_funding_cny.uppal": "consistent",
    "seed_vs_primary.mf.edd_funding_usd.uppal": "consistent",
    "seed_vs_primary.mf.edd_projects.uppal": "consistent",
    "seed_vs_primary.mf.edd_example_project.uppal": "consistent",
    "seed_vs_primary.pi.product_output_2024.seed": "consistent",
    "seed_vs_primary.sa.inventoried.seed": "consistent",
    "seed_vs_primary.sa.selected.seed": "consistent",
    "seed_vs_primary.sa.smes.seed": "consistent",
    "seed_vs_primary.sa.financing_intentions.seed": "consistent",
    # the bundled provincial panels (no claims; tests/test_audit_provinces.py)
    "prov.patents_applications_vs_national": "consistent",
    "prov.patents_grants_vs_national": "consistent",
    "prov.patents_in_force_vs_national": "consistent",
    "prov.tech_market_vs_national": "cannot-check",
    "prov.rd_expenditure_vs_national": "consistent",
    "prov.fujian_vs_fujian_patents": "consistent",
}


def _patent_intensive_data(monkeypatch):
    """Serve the dataset checks from the claims themselves, so the test needs no bundled file."""
    real = au.check_against_dataset

    def from_claims(claims, **kw):
        data = {c.period_info.year: c.value for c in claims if c.period_info.precision == "year"}
        return real(claims, **{**kw, "data": data})

    import policyts.indicators._audit_catalogue as cat

    monkeypatch.setattr(cat, "check_against_dataset", from_claims)


def test_catalogue_audit_statuses(monkeypatch):
    _patent_intensive_data(monkeypatch)
    results = pi.audit(exchange_rate={2017: RATE_2017})
    assert {r.id: r.status for r in results} == EXPECTED
    by = {r.id: r for r in results}
    seed = by["pc.seed_vs_reports"].detail["by_report"]
    assert seed["chinadaily-2015-07-20"] == {
        "pc.private.uppal": "disagrees",
        "pc.private_share.uppal": "agrees",
    }
    assert seed["sastind-2016-06-30"]["pc.private.uppal"] == "agrees"
    assert by["pi.gdp_share_change_2023"].detail["computed_from_values"] == pytest.approx(0.34)
    assert by["ps.population_projection"].detail["computed"] == pytest.approx(1_450_576_228.5)
    assert by["mf.currency_casc_fund"].detail["implied_cny_per_usd"] == pytest.approx(150 / 21.78)
    assert by["sa.inventory_share_of_stock"].detail["computed_from_values"] == pytest.approx(
        636 / 1023
    )


def test_issue_15_verdicts_and_their_evidence(monkeypatch):
    _patent_intensive_data(monkeypatch)
    by = {r.id: r for r in pi.audit(exchange_rate={2017: RATE_2017})}
    # 2018 batch: the primary supports defenseworld's body ("The 4,038"), not its lede ("over")
    r = by["dp.batch_2018_primary_readings"]
    assert r.detail["supported"] == ["dp.declassified_2018_body.defenseworld"]
    assert r.detail["unsupported"] == ["dp.declassified_2018.defenseworld"]
    # 680,000: compared like with like (CNIPA's invention patents), no longer with 676,000
    r = by["sa.selected_seed_vs_report"]
    assert r.claims == ("sa.selected.seed", "sa.invention_selected_2025.cnipa")
    assert "sa.selected_2024_04.xinhua" not in by["seed_vs_primary.sa.selected.seed"].claims
    # product output: a primary figure supports "nearing RMB 1 trillion"
    r = by["pi.product_output_2024_vs_reports"]
    assert r.detail["supporting_reports"] == ["cnipa-2025-notice-interpretation"]
    assert r.detail["reports"]["pi.product_output_2024.cnipa"]["lower"] == 940e9
    # financing intentions: the seed's "about 20 billion" meets the primary "more than 20 billion"
    r = by["seed_vs_primary.sa.financing_intentions.seed"]
    assert "sa.financing_intentions_2024.cnipa" in r.claims and r.status == "consistent"
    # the chairmanship: January 2019 (seed) against 22 January 2017 (primary)
    r = by["mx.ccimcd_head_seed_vs_primary"]
    assert r.detail["disagreeing_pairs"] == [
        ["mx.ccimcd_head_since.uppal", "mx.ccimcd_head_since.peoplesdaily"]
    ]
    # Army Recognition's "over 1,800 private" (2013) would have to fall to under 1,000 by 2015
    r = by["pc.private_series_armyrecognition"]
    assert r.detail["falls"] == [["pc.private_2013.armyrecognition", "pc.private_2015.chinadaily"]]
    assert by["pc.private_series_ejinsight"].detail["falls"] == []
    # PLA Daily's ">2/3 private": the same number as Xinhua's 民口 share, not a private share
    r = by["pc.pladaily_2018_private_reading"]
    assert ["pc.private_share_2018.pladaily", "pc.private_share_2015.chinadaily"] in r.detail[
        "disagreeing_pairs"
    ]


def _seed_primary_pairs() -> set[tuple[str, str]]:
    """Every (seed claim, primary claim) pair of one indicator whose periods can meet.

    Written independently of the catalogue's generator: same indicator, a report source, both
    targets or both observations, and overlapping periods (an undated claim meets any period).
    """

    def span(c):
        p = c.period_info
        return (p.start, p.end) if p.start is not None and p.end is not None else None

    claims = pi.claims()
    pairs = set()
    for s in claims:
        if s.source.kind != "seed":
            continue
        for r in claims:
            if r.source.kind != "report" or r.indicator != s.indicator:
                continue
            if r.is_target != s.is_target:
                continue
            a, b = span(s), span(r)
            if a is None or b is None or (a[0] <= b[1] and b[0] <= a[1]):
                pairs.add((s.id, r.id))
    return pairs


def test_every_seed_primary_pair_is_compared_by_some_check(monkeypatch):
    _patent_intensive_data(monkeypatch)
    results = pi.audit(exchange_rate={2017: RATE_2017})
    compared = [set(r.claims) for r in results]
    pairs = _seed_primary_pairs()
    assert len(pairs) >= 30
    missing = sorted(p for p in pairs if not any(set(p) <= c for c in compared))
    assert not missing, f"seed claims with a primary counterpart no check compares: {missing}"


def test_seed_counterpart_checks_pick_up_a_new_pair(monkeypatch):
    import policyts.indicators._audit_catalogue as cat

    before = {ch.id for ch in cat.seed_counterpart_checks()}
    assert "seed_vs_primary.mx.fifth_generation_fighters.uppal" not in before
    new = Claim(
        id="mx.fifth_generation_fighters.test",
        indicator="fifth_generation_stealth_fighter_types",
        value=2,
        unit="count:aircraft_types",
        period="2018",
        qualifier="exact",
        entity="China",
        source=SRC_A,
    )
    monkeypatch.setattr(cat, "catalogue_claims", lambda: (*pi.claims(), new))
    checks = {ch.id: ch for ch in cat.seed_counterpart_checks()}
    ch = checks["seed_vs_primary.mx.fifth_generation_fighters.uppal"]
    r = pi.audit(claims=[*pi.claims(), new], checks=[ch])[0]
    assert r.status == "consistent" and r.claims == (
        "mx.fifth_generation_fighters.uppal",
        "mx.fifth_generation_fighters.test",
    )


def test_audit_modules_have_no_import_cycle():
    import ast
    import importlib.util

    def imports(mod):
        spec = importlib.util.find_spec(mod)
        tree = ast.parse(open(spec.origin, encoding="utf-8").read())
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names |= {a.name for a in node.names}
        return names

    assert "policyts.indicators.consistency" not in imports("policyts.indicators._checks")
    assert "policyts.indicators.consistency" not in imports("policyts.indicators._audit_catalogue")
    assert "policyts.indicators._audit_catalogue" not in imports("policyts.indicators._checks")


def test_catalogue_audit_with_the_bundled_datasets():
    try:
        from policyts.datasets import load

        load("cny_usd_exchange_rate")
        load("patent_intensive_industries")
    except Exception as exc:  # the datasets module is optional for this test
        pytest.skip(f"bundled datasets unavailable: {exc}")
    results = {r.id: r for r in pi.audit()}
    assert {k: r.status for k, r in results.items()} == EXPECTED
    assert results["mf.currency_edd_seed"].detail["annual_cny_per_usd"] == pytest.approx(
        6.7588, abs=1e-3
    )


def test_audit_with_missing_claims_cannot_check():
    results = pi.audit(claims=[])
    # The provincial checks compare bundled datasets and use no claims: they still run.
    with_claims = [r for r in results if not r.id.startswith("prov.")]
    assert {r.status for r in with_claims} == {"cannot-check"}
    assert len(with_claims) == len(results) - 6
    assert len(results) == len(EXPECTED)
    r = results[0]
    assert "claims not in the input" in r.detail["reason"] and r.description


def test_audit_flags_a_deliberately_inconsistent_catalogue(monkeypatch):
    _patent_intensive_data(monkeypatch)
    claims = [
        dataclasses.replace(c, value=6500.0) if c.id == "dp.declassified_total.uppal" else c
        for c in pi.claims()
    ]
    by = {r.id: r for r in pi.audit(claims=claims, exchange_rate=RATE_2017)}
    # "more than 6,500" still agrees; an exact 6,000 total cannot come from 3,000 + 4,038
    assert by["dp.two_year_total_primary"].status == "consistent"
    claims = [
        dataclasses.replace(c, value=6000.0, qualifier="exact")
        if c.id == "dp.declassified_total.uppal"
        else c
        for c in pi.claims()
    ]
    by = {r.id: r for r in pi.audit(claims=claims, exchange_rate=RATE_2017)}
    assert by["dp.two_year_total_primary"].status == "inconsistent"
    assert by["dp.two_year_total_seed"].status == "inconsistent"


@settings(max_examples=25, deadline=None)
@given(st.sets(st.integers(0, 220), max_size=80))
def test_audit_never_crashes_on_a_subset(keep):
    claims = [c for i, c in enumerate(pi.claims()) if i in keep]
    results = pi.audit(claims=claims, exchange_rate=RATE_2017)
    assert len(results) == len(EXPECTED)
    assert all(r.status in au.AUDIT_STATUSES for r in results)


def test_audit_records_are_json(monkeypatch):
    _patent_intensive_data(monkeypatch)
    records = pi.audit_records(exchange_rate=RATE_2017)
    text = json.dumps(records, allow_nan=False)
    assert {r["id"]: r["status"] for r in json.loads(text)} == EXPECTED
    first = records[0]
    assert first["claims"] == ["dp.declassified_total.uppal", "dp.declassified_total.sum_uppal"]


def test_audit_result_is_frozen_and_serialisable():
    r = au.AuditResult("x", "consistent", "d", {"iv": pi.Interval(1, math.inf), "n": float("nan")})
    assert r.detail["iv"] == {"lower": 1.0, "upper": None, "lower_open": False, "upper_open": True}
    assert r.detail["n"] is None
    json.dumps(r.to_dict(), allow_nan=False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.status = "inconsistent"  # type: ignore[misc]
    with pytest.raises(ValueError, match="field 'status'"):
        au.AuditResult("x", "fine", "d")
    frame = pi.audit_frame([r])
    assert list(frame.columns) == ["id", "status", "description", "detail", "claims"]
    assert "x: consistent" in str(r)


def test_derived_claims_follow_the_rule_in_the_audit():
    a = mk("a", 3000, "about")
    b = mk("b", 4000, "more_than", period="2018")
    total = derive(
        "t", "t", "a + b", (a, b), unit="count:patents", period="2017/2018", entity="China"
    )
    stated = mk("s", 6600, "exact", period="2017/2018")
    assert au.check_agreement([total, stated]).status == "inconsistent"  # 6,600 < 6,700
    wide = QualifierRule(about=0.2)
    assert au.check_agreement([total, stated], rule=wide).status == "consistent"  # >= 6,400


# -- command line --------------------------------------------------------------------------------------


@pytest.fixture
def cli_only_indicators(monkeypatch):
    # Other parts register their own subcommands; these tests exercise only ours.
    monkeypatch.setattr(policyts.cli, "_REGISTRARS", ("policyts.cli.indicators",))


def test_cli_claims_json(capsys, cli_only_indicators):
    assert policyts.cli.main(["claims", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out) == len(pi.claims())
    keys = {
        "id",
        "indicator",
        "value",
        "unit",
        "period",
        "qualifier",
        "lower",
        "upper",
        "source",
        "quote",
    }
    assert all(keys <= set(o) for o in out)
    by = {o["id"]: o for o in out}
    assert (
        by["dp.declassified_2018.uppal"]["lower"] == 4000
        and by["dp.declassified_2018.uppal"]["upper"] is None
    )
    assert by["dp.declassified_2017.uppal"]["lower"] == pytest.approx(2700)
    src = by["dp.released_2017.chinamil"]["source"]
    assert src["publisher"] == "China Military Online" and src["date"] == "2017-03-06"
    assert src["url"].startswith("http://eng.chinamil.com.cn/")


def test_cli_claims_filters_and_table(capsys, cli_only_indicators):
    assert (
        policyts.cli.main(["claims", "--indicator", "defence_patents_released_total", "--json"])
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    # issue 15: a second total counts the November 2017 brochures as a new batch
    assert [o["id"] for o in out] == [
        "dp.released_total.sum_primary",
        "dp.released_total.sum_primary_with_2017_11",
    ]
    assert out[0]["derived_from"] == ["dp.released_2017.chinamil", "dp.declassified_2018.chinamil"]
    assert policyts.cli.main(["claims", "--family", "patent_system"]) == 0
    table = capsys.readouterr().out
    assert "ps.population_2010.cheng_drahos" in table and "16 claims" in table


def test_cli_claims_unknown_indicator(capsys, cli_only_indicators):
    assert policyts.cli.main(["claims", "--indicator", "defence_patent_declasified"]) == 2
    err = capsys.readouterr().err
    assert "unknown indicator" in err and "defence_patents_declassified" in err


def test_cli_audit_json(capsys, cli_only_indicators, monkeypatch):
    _patent_intensive_data(monkeypatch)
    import policyts.indicators._checks as checks

    monkeypatch.setattr(checks, "_annual_rate", lambda year, rate: (RATE_2017, "test"))
    assert policyts.cli.main(["audit", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert all({"id", "status", "description", "detail"} <= set(o) for o in out)
    assert {o["id"]: o["status"] for o in out} == EXPECTED
    assert policyts.cli.main(["audit"]) == 0
    text = capsys.readouterr().out
    assert "inconsistent  pc.seed_vs_reports" in text and "6 inconsistent" in text
