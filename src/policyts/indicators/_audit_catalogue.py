"""The audit checks bound to the catalogue's claims, by claim id.

Each :class:`~policyts.indicators.consistency.AuditCheck` names the claims it needs and which generic
check of :mod:`policyts.indicators.consistency` compares them; the statuses the current catalogue
gives are pinned in ``tests/test_audit.py``.

Besides the hand-written checks, :func:`seed_counterpart_checks` generates one check for every seed
claim that has a primary counterpart (a report claim of the same indicator whose period can meet
the seed's), so a new seed/primary pair is never left unchecked. The checks of the bundled
provincial panels (:mod:`policyts.indicators._province_checks`) come last; they use no claims.
"""

from __future__ import annotations

from collections.abc import Callable

from policyts.indicators import patent_intensive as pi_mod
from policyts.indicators._checks import (
    AuditCheck,
    AuditContext,
    AuditResult,
    Lookup,
    check_against_dataset,
    check_agreement,
    check_component_shares,
    check_currency_pair,
    check_fold_increase,
    check_growth,
    check_growth_vs_cumulative,
    check_level_change,
    check_nondecreasing,
    check_part_within_whole,
    check_projection,
    check_ratio,
    check_readings,
    check_seed_against_reports,
    check_shares_partition,
    check_span_duration,
    check_sum,
)
from policyts.indicators._claim import Claim
from policyts.indicators._province_checks import province_checks
from policyts.indicators._registry import claims as catalogue_claims

__all__ = ["AUDIT_CHECKS", "seed_counterparts", "seed_counterpart_checks"]

Run = Callable[[Lookup, AuditContext], AuditResult]


def _ids(prefix: str, *names: str) -> list[str]:
    return [f"{prefix}{n}" for n in names]


def _bind() -> tuple[AuditCheck, ...]:
    A = AuditCheck
    checks = [
        # -- declassified defence patents --
        A(
            "dp.two_year_total_seed",
            "Seed: 'more than 7,000 in the past two years' against the seed's own 2017 and 2018 "
            "figures summed (about 3,000 + more than 4,000).",
            lambda c, x: check_agreement(
                [c("dp.declassified_total.uppal"), c("dp.declassified_total.sum_uppal")],
                rule=x.rule,
            ),
        ),
        A(
            "dp.two_year_total_primary",
            "Seed: 'more than 7,000' against the primary batches summed (more than 3,000 in "
            "March 2017 + 4,038 on 26 April 2018).",
            lambda c, x: check_agreement(
                [c("dp.declassified_total.uppal"), c("dp.declassified_total.sum_primary")],
                rule=x.rule,
            ),
        ),
        A(
            "dp.released_within_declassified_2017",
            "2017: the 2,346 patents released do not exceed the 'about 3,000' declassified.",
            lambda c, x: check_part_within_whole(
                c("dp.released_2017.chinamil"), c("dp.declassified_2017.chinadaily"), rule=x.rule
            ),
        ),
        A(
            "dp.released_within_declassified_total",
            "2017-2018: patents released (2,346 + 4,038) do not exceed those declassified "
            "(more than 3,000 + 4,038).",
            lambda c, x: check_part_within_whole(
                c("dp.released_total.sum_primary"),
                c("dp.declassified_total.sum_primary"),
                rule=x.rule,
            ),
        ),
        A(
            "dp.batch_2017_readings",
            "2017 batch: the seed's 'about 3,000' and the reports' 'more than 3,000' / 'about "
            "3,000' declassified.",
            lambda c, x: check_agreement(
                [
                    c(i)
                    for i in _ids(
                        "dp.declassified_2017.", "uppal", "chinamil", "chinadaily", "defenseworld"
                    )
                ],
                rule=x.rule,
            ),
        ),
        A(
            "dp.batch_2018_seed_vs_primary",
            "2018 batch: the seed's 'more than 4,000' against the 4,038 of 26 April 2018.",
            lambda c, x: check_agreement(
                [c("dp.declassified_2018.uppal"), c("dp.declassified_2018.chinamil")], rule=x.rule
            ),
        ),
        A(
            "dp.batch_2018_primary_readings",
            "2018 batch: China Military Online's 4,038 against defenseworld's two wordings of "
            "the same figure ('over 4038' in the lede, 'The 4,038 declassified ... patents' in "
            "the body): which does the primary support?",
            lambda c, x: check_readings(
                c("dp.declassified_2018.chinamil"),
                [
                    c("dp.declassified_2018.defenseworld"),
                    c("dp.declassified_2018_body.defenseworld"),
                ],
                rule=x.rule,
            ),
        ),
        A(
            "dp.released_2017_batches_within_declassified",
            "2017: the more than 2,400 patents of the November brochures do not exceed the more "
            "than 3,000 declassified in March (they may come from that batch; the article does "
            "not say).",
            lambda c, x: check_part_within_whole(
                c("dp.released_2017_11.chinadaily"),
                c("dp.declassified_2017.chinamil"),
                rule=x.rule,
            ),
        ),
        A(
            "dp.application_growth_readings",
            "Defence patent applications 2002-2011: 34.9 % a year (MND) against Jane's "
            "'35 per cent', allowing for rounding.",
            lambda c, x: check_agreement(
                [c("dp.applications_growth.mod"), c("dp.applications_growth.janes")],
                compare="rounded",
                rule=x.rule,
            ),
        ),
        A(
            "dp.application_growth_vs_cumulative",
            "Defence patent applications: 34.9 % a year over 2002-2011 against '2011 exceeds the "
            "20-year sum before 2005'.",
            lambda c, x: check_growth_vs_cumulative(
                c("dp.applications_growth.mod"),
                c("dp.applications_2011_vs_pre2005.mod"),
                sum_years=(1985, 2004),
                rule=x.rule,
            ),
        ),
        # -- private defence contractors --
        A(
            "pc.seed_vs_reports",
            "Seed: 'more than 1,000 ... nearly 40 percent' against the primary reports "
            "(China Daily July 2015; SASTIND end of 2015; China Military Online March 2016; "
            "Global Times April 2017): does any single report state both numbers?",
            lambda c, x: check_seed_against_reports(
                [c("pc.private.uppal"), c("pc.private_share.uppal")],
                [
                    c("pc.private_2015.chinadaily"),
                    c("pc.private_share_2015.chinadaily"),
                    c("pc.private_2015.sastind"),
                    c("pc.private_2016.chinamil"),
                    c("pc.private_2017.globaltimes"),
                ],
                rule=x.rule,
            ),
        ),
        A(
            "pc.ndu_2013_share",
            "NDU 2013 (EJ Insight reading): over 500 private of over 1,800 licensed is 'more than "
            "a quarter'.",
            lambda c, x: check_ratio(
                c("pc.private_2013.ejinsight"),
                c("pc.total_2013.ejinsight"),
                c("pc.private_share_2013.ejinsight"),
                compare="values",
                rule=x.rule,
            ),
        ),
        A(
            "pc.ndu_2013_readings",
            "NDU 2013: EJ Insight's 'over 500 private firms' against Army Recognition's 'over "
            "1,800 private enterprises' (stated numbers of two readings of one report).",
            lambda c, x: check_agreement(
                [c("pc.private_2013.ejinsight"), c("pc.private_2013.armyrecognition")],
                compare="values",
                rule=x.rule,
            ),
        ),
        A(
            "pc.implied_totals",
            "Contractors implied by count / share: China Daily 2015 (nearly 1,000 / about 40 %) "
            "against the seed (more than 1,000 / nearly 40 %).",
            lambda c, x: check_agreement(
                [c("pc.total_2015.implied_chinadaily"), c("pc.total.implied_uppal")], rule=x.rule
            ),
        ),
        A(
            "pc.private_series_armyrecognition",
            "Private licence holders over time with Army Recognition's reading of the NDU 2013 "
            "report (over 1,800 private) against the later primary series (nearly 1,000 in July "
            "2015, just over 1,000 at the end of 2015): a licensed stock that halves in two years "
            "without any report of it.",
            lambda c, x: check_nondecreasing(
                [
                    c("pc.private_2013.armyrecognition"),
                    c("pc.private_2015.chinadaily"),
                    c("pc.private_2015.sastind"),
                ],
                rule=x.rule,
            ),
        ),
        A(
            "pc.private_series_ejinsight",
            "Private licence holders over time with EJ Insight's reading of the NDU 2013 report "
            "(over 500 private) against the later primary series (nearly 1,000 in July 2015, over "
            "1,000 at the end of 2015).",
            lambda c, x: check_nondecreasing(
                [
                    c("pc.private_2013.ejinsight"),
                    c("pc.private_2015.chinadaily"),
                    c("pc.private_2015.sastind"),
                ],
                rule=x.rule,
            ),
        ),
        A(
            "pc.pladaily_2018_rendering",
            "PLA Daily 2018 'more than two-thirds private' against Xinhua 2017 'more than two-"
            "thirds 民口 (civilian-sector)': the same stated number, so most likely one statement.",
            lambda c, x: check_agreement(
                [c("pc.private_share_2018.pladaily"), c("pc.non_defence_share_2017.xinhua")],
                compare="values",
                rule=x.rule,
            ),
        ),
        A(
            "pc.pladaily_2018_private_reading",
            "PLA Daily 2018 'more than two-thirds' read as a private share, against the private "
            "shares of about 40 % (China Daily, July 2015) and nearly 40 % (seed).",
            lambda c, x: check_agreement(
                [
                    c("pc.private_share_2018.pladaily"),
                    c("pc.private_share_2015.chinadaily"),
                    c("pc.private_share.uppal"),
                ],
                rule=x.rule,
            ),
        ),
        A(
            "pc.procurement_network_share",
            "Procurement network: 3,709 private of 5,716 certified firms is the stated 64.9 %.",
            lambda c, x: check_ratio(
                c("pc.network_certified_private.mirror"),
                c("pc.network_certified.mirror"),
                c("pc.network_certified_private_share.mirror"),
                rule=x.rule,
            ),
        ),
        # -- MCF funding --
        A(
            "mf.currency_edd_seed",
            "Seed: six billion yuan against $870 million (2017) at the annual CNY/USD rate.",
            lambda c, x: check_currency_pair(
                c("mf.edd_funding_cny.uppal"), c("mf.edd_funding_usd.uppal"), rate=x.exchange_rate
            ),
        ),
        A(
            "mf.currency_edd_globaltimes",
            "Global Times 2017: 6 billion yuan against $870 million at the annual CNY/USD rate.",
            lambda c, x: check_currency_pair(
                c("mf.edd_funding_cny.globaltimes"),
                c("mf.edd_funding_usd.globaltimes"),
                rate=x.exchange_rate,
            ),
        ),
        A(
            "mf.currency_casc_fund",
            "Seed: RMB 150 billion against US$21.78 billion for the CASC guidance fund.",
            lambda c, x: check_currency_pair(
                c("mf.casc_fund_cny.uppal"), c("mf.casc_fund_usd.uppal"), rate=x.exchange_rate
            ),
        ),
        A(
            "mf.edd_seed_vs_report",
            "Seed's 2017 CMC programme (6 billion yuan, $870 million, 2,000 projects) against "
            "the Global Times report.",
            lambda c, x: check_seed_against_reports(
                [
                    c("mf.edd_funding_cny.uppal"),
                    c("mf.edd_funding_usd.uppal"),
                    c("mf.edd_projects.uppal"),
                ],
                [
                    c("mf.edd_funding_cny.globaltimes"),
                    c("mf.edd_funding_usd.globaltimes"),
                    c("mf.edd_projects.globaltimes"),
                ],
                rule=x.rule,
            ),
        ),
        A(
            "mf.csis_fund_components",
            "CSIS 2019: 2 national + 27 local + 13 corporate funds make the 42 found.",
            lambda c, x: check_sum(
                [
                    c("mf.funds_national.csis"),
                    c("mf.funds_local.csis"),
                    c("mf.funds_corporate.csis"),
                ],
                c("mf.funds.csis"),
                rule=x.rule,
            ),
        ),
    ]
    checks += _bind_patent_intensive()
    checks += [
        # -- special action --
        A(
            "sa.inventoried_seed_vs_report",
            "Seed: 'over 1.34 million patents inventoried' against 134.9万 (November 2024).",
            lambda c, x: check_agreement(
                [c("sa.inventoried.seed"), c("sa.inventoried_2024_11.jingji")], rule=x.rule
            ),
        ),
        A(
            "sa.selected_seed_vs_report",
            "Seed: '680,000 selected for conversion' against CNIPA's 68万 invention patents in "
            "the resource pool (interpretation of the 2025 notice): like with like, not the "
            "676,000 patents of all kinds of April 2024.",
            lambda c, x: check_agreement(
                [c("sa.selected.seed"), c("sa.invention_selected_2025.cnipa")],
                rule=x.rule,
            ),
        ),
        A(
            "sa.invention_selected_nondecreasing",
            "Invention patents in the resource pool: 50.6万 (April 2024) and 68万 (2025 notice) "
            "do not fall.",
            lambda c, x: check_nondecreasing(
                [
                    c("sa.invention_selected_2024_04.xinhua"),
                    c("sa.invention_selected_2025.cnipa"),
                ],
                rule=x.rule,
            ),
        ),
        A(
            "sa.inventory_nondecreasing",
            "Patents inventoried (cumulative): 91.4万 (April 2024), 134.9万 (November 2024), over "
            "1.34 million (seed, by June 2025) do not fall.",
            lambda c, x: check_nondecreasing(
                [
                    c("sa.inventoried_2024_04.xinhua"),
                    c("sa.inventoried_2024_11.jingji"),
                    c("sa.inventoried.seed"),
                ],
                rule=x.rule,
            ),
        ),
        A(
            "sa.invention_inventory_nondecreasing",
            "Invention patents inventoried: 63.6万 (April 2024) and 850,000 (June 2024) do not fall.",
            lambda c, x: check_nondecreasing(
                [
                    c("sa.invention_inventoried_2024_04.xinhua"),
                    c("sa.invention_inventoried_2024_06.scio"),
                ],
                rule=x.rule,
            ),
        ),
        A(
            "sa.inventory_share_of_stock",
            "April 2024: 636,000 invention patents inventoried are '>60 %' of the 794,000 + "
            "229,000 valid invention patents of universities and institutes (end of 2023).",
            lambda c, x: check_ratio(
                c("sa.invention_inventoried_2024_04.xinhua"),
                [
                    c("sa.valid_invention_universities_2023.mondaq"),
                    c("sa.valid_invention_institutes_2023.mondaq"),
                ],
                c("sa.inventory_share_of_stock_2024_04.xinhua"),
                rule=x.rule,
            ),
        ),
        A(
            "sa.univ_inst_stock_share",
            "End of 2023: 794,000 + 229,000 valid invention patents are 'a quarter' of the 4.015 "
            "million domestic ones.",
            lambda c, x: check_ratio(
                [
                    c("sa.valid_invention_universities_2023.mondaq"),
                    c("sa.valid_invention_institutes_2023.mondaq"),
                ],
                c("sa.valid_invention_domestic_2023.pprag"),
                c("sa.univ_inst_valid_share_2023.mondaq"),
                rule=x.rule,
            ),
        ),
        A(
            "sa.plan_duration",
            "Seed: a 'three-year' plan for 2023-2025.",
            lambda c, x: check_span_duration(
                c("sa.plan_duration.seed"), inclusive=True, rule=x.rule
            ),
        ),
        # -- patent system (Cheng and Drahos) --
        A(
            "ps.population_projection",
            "Cheng and Drahos: 1,370,536,875 (2010) x (1 + 5.84 %) = 1,450,576,229 (2020).",
            lambda c, x: check_projection(
                c("ps.population_2010.cheng_drahos"),
                c("ps.population_growth.cheng_drahos"),
                c("ps.population_2020_projection.cheng_drahos"),
            ),
        ),
        A(
            "ps.five_year_plan_half_century",
            "Cheng and Drahos: 'half a century' from the First Five-year Plan (1953) to the "
            "renaming in 2006.",
            lambda c, x: check_span_duration(
                c("ps.five_year_plan_age.cheng_drahos"), inclusive=False, rule=x.rule
            ),
        ),
        # -- misc --
        A(
            "mx.ccimcd_head_seed_vs_primary",
            "Seed: Xi became chairman of the CCIMCD in 'January 2019', against the Politburo "
            "decision of 22 January 2017 that set up the commission with Xi at its head.",
            lambda c, x: check_agreement(
                [c("mx.ccimcd_head_since.uppal"), c("mx.ccimcd_head_since.peoplesdaily")],
                rule=x.rule,
            ),
        ),
        A(
            "mx.product_mix_china",
            "China's military companies: 30 % of products military and 'the other' 70 % civilian.",
            lambda c, x: check_shares_partition(
                [c("mx.china_military_only_share.uppal"), c("mx.china_civilian_share.uppal")],
                exhaustive=True,
                rule=x.rule,
            ),
        ),
        A(
            "mx.product_mix_foreign",
            "US, UK, Germany: less than 15 % solely military and more than 80 % civilian can "
            "coexist (the rest dual use).",
            lambda c, x: check_shares_partition(
                [c("mx.foreign_military_only_share.uppal"), c("mx.foreign_civilian_share.uppal")],
                exhaustive=False,
                rule=x.rule,
            ),
        ),
        A(
            "mx.ams_fivefold",
            "AMS: a 'five-fold increase since 2019' in the civilian quota against the 2020 "
            "targets (50 + 100).",
            lambda c, x: check_fold_increase(
                c("mx.ams_hiring_target_total.derived"),
                c("mx.ams_quota_increase.uppal"),
                rule=x.rule,
            ),
        ),
    ]
    checks += seed_counterpart_checks()
    checks += province_checks()
    ids = [ch.id for ch in checks]
    if len(ids) != len(set(ids)):
        raise ValueError("duplicate audit check ids")
    return tuple(checks)


def _bind_patent_intensive() -> list[AuditCheck]:
    A = AuditCheck
    checks = [
        A(
            "pi.gdp_share_change_2021",
            "GDP share 2021 (12.44 %) minus 2020 (11.97 %) is the stated +0.47 points.",
            lambda c, x: check_level_change(
                c("pi.gdp_share_2020.nbs"),
                c("pi.gdp_share_2021.xinhua"),
                c("pi.gdp_share_change_2021.xinhua"),
                rule=x.rule,
            ),
        ),
        A(
            "pi.gdp_share_change_2023",
            "GDP share 2023 (13.04 %) minus 2022 (12.7 %) is the stated +0.44 points.",
            lambda c, x: check_level_change(
                c("pi.gdp_share_2022.jingji"),
                c("pi.gdp_share_2023.xinhua"),
                c("pi.gdp_share_change_2023.xinhua"),
                rule=x.rule,
            ),
        ),
        A(
            "pi.gdp_share_change_2024",
            "GDP share 2024 (13.38 %) minus 2023 (13.04 %) is the stated +0.34 points.",
            lambda c, x: check_level_change(
                c("pi.gdp_share_2023.xinhua"),
                c("pi.gdp_share_2024.xinhua"),
                c("pi.gdp_share_change_2024.xinhua"),
                rule=x.rule,
            ),
        ),
        A(
            "pi.value_added_growth_2021",
            "Value added 2021 (14.3 trillion) over 2020 (12,128.9 billion) is the stated +17.9 %.",
            lambda c, x: check_growth(
                c("pi.value_added_2020.nbs"),
                c("pi.value_added_2021.xinhua"),
                c("pi.value_added_growth_2021.xinhua"),
                rule=x.rule,
            ),
        ),
        A(
            "pi.value_added_growth_2022",
            "Value added 2022 (15.32 trillion) over 2021 (14.3 trillion) is the stated +7.1 %.",
            lambda c, x: check_growth(
                c("pi.value_added_2021.xinhua"),
                c("pi.value_added_2022.jingji"),
                c("pi.value_added_growth_2022.jingji"),
                rule=x.rule,
            ),
        ),
        A(
            "pi.value_added_growth_2018_2022",
            "Value added 2018 (10.71 trillion) to 2022 (15.32 trillion) is the stated 9.36 % a year.",
            lambda c, x: check_growth(
                c("pi.value_added_2018.xinhua"),
                c("pi.value_added_2022.jingji"),
                c("pi.value_added_growth_2018_2022.chinadaily"),
                rule=x.rule,
            ),
        ),
        A(
            "pi.sectors_sum_2018",
            "2018: the seven sectors' value added add up to the 10.71 trillion total.",
            lambda c, x: check_sum(
                [c(i) for i in _sector_ids("value_added", 2018)],
                c("pi.value_added_2018.xinhua"),
                rule=x.rule,
            ),
        ),
        A(
            "pi.sector_shares_sum_2018",
            "2018: the seven sectors' shares add up to 100 %.",
            lambda c, x: check_shares_partition(
                [c(i) for i in _sector_ids("share", 2018)], exhaustive=True, rule=x.rule
            ),
        ),
    ]
    for year, total in (
        (2018, "pi.value_added_2018.xinhua"),
        (2020, "pi.value_added_2020.nbs"),
        (2021, "pi.value_added_2021.xinhua"),
        (2024, "pi.value_added_2024.xinhua"),
    ):
        checks.append(
            A(
                f"pi.sector_shares_{year}",
                f"{year}: each sector's value added divided by the total is its stated share.",
                _sector_shares_run(year, total),
            )
        )
    for variable, indicator in (
        ("value_added", "patent_intensive_value_added"),
        ("gdp_share", "patent_intensive_gdp_share"),
    ):
        checks.append(
            A(
                f"pi.{variable}_vs_dataset",
                f"Every {variable.replace('_', ' ')} claim agrees with the bundled dataset "
                "patent_intensive_industries for its year.",
                _dataset_run(indicator, variable),
            )
        )
    checks.append(
        A(
            "pi.product_output_2024_vs_reports",
            "Seed: patent-intensive product output 'nearing RMB 1 trillion in 2024' against "
            "CNIPA's 9400亿 (940 billion yuan) for 2024; the 2025 target is set aside.",
            lambda c, x: check_seed_against_reports(
                [c("pi.product_output_2024.seed")],
                [c("pi.product_output_2024.cnipa"), c("pi.product_output_target_2025.cnipa")],
                rule=x.rule,
            ),
        )
    )
    return checks


def _sector_shares_run(year: int, total: str) -> Run:
    def run(c: Lookup, x: AuditContext) -> AuditResult:
        return check_component_shares(
            [c(i) for i in _sector_ids("value_added", year)],
            [c(i) for i in _sector_ids("share", year)],
            c(total),
            rule=x.rule,
        )

    return run


def _dataset_run(indicator: str, variable: str) -> Run:
    def run(c: Lookup, x: AuditContext) -> AuditResult:
        return check_against_dataset(
            [c(i) for i in _indicator_ids(indicator)],
            dataset="patent_intensive_industries",
            variable=variable,
            rule=x.rule,
        )

    return run


def _indicator_ids(indicator: str) -> list[str]:
    return [c.id for c in pi_mod.CLAIMS if c.indicator == indicator]


def _sector_ids(kind: str, year: int) -> list[str]:
    src = {2018: "xinhua", 2020: "nbs", 2021: "xinhua", 2024: "xinhua"}[year]
    return [f"pi.sector_{kind}_{year}_{pi_mod._SLUG[s]}.{src}" for s, _, _ in pi_mod.SECTORS[year]]


def _periods_meet(a: Claim, b: Claim) -> bool:
    pa, pb = a.period_info, b.period_info
    if pa.start is None or pa.end is None or pb.start is None or pb.end is None:
        return True  # an undated claim may refer to any date
    return pa.start <= pb.end and pb.start <= pa.end


def seed_counterparts(
    seed: Claim, claims: tuple[Claim, ...] | list[Claim] | None = None
) -> tuple[Claim, ...]:
    """The primary claims a seed claim can be compared with.

    A counterpart is a claim of a primary report (``source.kind == "report"``) stating the same
    indicator, a target when the seed states a target and an observation otherwise, whose
    period can meet the seed's (overlapping spans; an undated claim meets any period).
    ``claims`` defaults to the catalogue.
    """
    pool = catalogue_claims() if claims is None else tuple(claims)
    return tuple(
        r
        for r in pool
        if r.source.kind == "report"
        and r.indicator == seed.indicator
        and r.is_target == seed.is_target
        and _periods_meet(seed, r)
    )


def _seed_counterpart_run(seed_id: str, counterpart_ids: tuple[str, ...], target: bool) -> Run:
    def run(c: Lookup, x: AuditContext) -> AuditResult:
        seed = c(seed_id)
        reports = [c(i) for i in counterpart_ids]
        if target:
            return check_agreement([seed, *reports], compare="rounded", rule=x.rule)
        return check_seed_against_reports([seed], reports, compare="rounded", rule=x.rule)

    return run


def seed_counterpart_checks() -> list[AuditCheck]:
    """One check per seed claim that has primary counterparts (see :func:`seed_counterparts`).

    Generated from the catalogue, so a seed claim that gains a primary counterpart is compared
    without a hand-written check. Observed values: consistent when at least one report agrees
    (:func:`check_seed_against_reports`); targets: when the targets agree. Numbers are compared
    ``"rounded"``: a seed restating "9000余" (more than 9,000) as "9,000" rounds, it does not
    contradict.
    """
    pool = catalogue_claims()
    out = []
    for seed in pool:
        if seed.source.kind != "seed":
            continue
        counterparts = seed_counterparts(seed, pool)
        if not counterparts:
            continue
        names = ", ".join(r.id for r in counterparts)
        out.append(
            AuditCheck(
                f"seed_vs_primary.{seed.id}",
                f"Seed claim {seed.id} against its primary counterparts ({names}): does at least "
                "one primary report agree? (generated)",
                _seed_counterpart_run(seed.id, tuple(r.id for r in counterparts), seed.is_target),
            )
        )
    return out


#: The checks :func:`policyts.indicators.consistency.audit` runs, in order.
AUDIT_CHECKS: tuple[AuditCheck, ...] = _bind()
