"""Military-civil fusion (MCF) funding: the 2017 CMC programme, guidance funds, facilities.

Amounts are stored in currency units (6 billion yuan is ``6e9`` CNY). Where a source gives an
amount in both currencies, the two are separate claims (one unit per indicator) and the audit
checks the implied exchange rate against the annual rate.

The size of a "National MCF Industry Investment Fund" is deliberately absent: the project's
notes only recall it and found no source.

References
----------
.. [1] Global Times (via ecns.cn), 2017-04-18, http://ecns.cn/military/2017/04-18/253768.shtml
.. [2] A. Fritz and S. Kennedy, CSIS, 2019-10-02, http://csis-cips.org/blog/2019/10/2/
   chinas-military-civil-fusion-funds-big-but-not-necessarily-effective

Notes
-----
Checked against the seed text and section 5 of the project's data-source notes (SEEN rows).
"""

from __future__ import annotations

from policyts.indicators._claim import ClaimBook, Indicator
from policyts.indicators._sources import (
    CHINAORG_JP_2016_10_24,
    CSIS_2019_10_02,
    GLOBALTIMES_2017_04_18,
    UPPAL,
    XINHUA_2017_12_06,
)

FAMILY = "mcf_funding"

_F = FAMILY
INDICATORS = (
    Indicator(
        "cmc_edd_civilian_research_funding",
        "CMC Equipment Development Department funding for research by private firms and "
        "institutes, in yuan",
        "CNY",
        _F,
    ),
    Indicator(
        "cmc_edd_civilian_research_funding_usd",
        "CMC Equipment Development Department funding for research by private firms and "
        "institutes, in US dollars",
        "USD",
        _F,
    ),
    Indicator(
        "cmc_edd_funded_projects",
        "projects funded by the CMC Equipment Development Department programme",
        "count:projects",
        _F,
    ),
    Indicator(
        "cmc_edd_example_project_funding",
        "funding of the solid-propellant temperature-adaptability project",
        "CNY",
        _F,
    ),
    Indicator(
        "casc_guidance_fund",
        "guidance fund of China Aerospace Science and Technology Corp. and state-owned partners, "
        "in yuan",
        "CNY",
        _F,
    ),
    Indicator(
        "casc_guidance_fund_usd",
        "guidance fund of China Aerospace Science and Technology Corp. and state-owned partners, "
        "in US dollars",
        "USD",
        _F,
    ),
    Indicator(
        "mcf_transformation_fund",
        "MCF achievement-transformation fund of Changhong and Silicon Valley Paradise",
        "CNY",
        _F,
    ),
    Indicator(
        "mcf_transformation_fund_mianyang_share",
        "share of the Changhong MCF fund for projects in Mianyang",
        "1",
        _F,
    ),
    Indicator("mcf_guidance_funds", "MCF guidance funds identified", "count:funds", _F),
    Indicator(
        "mcf_guidance_funds_national", "national MCF guidance funds identified", "count:funds", _F
    ),
    Indicator(
        "mcf_guidance_funds_local",
        "MCF guidance funds created by localities",
        "count:funds",
        _F,
    ),
    Indicator(
        "mcf_guidance_funds_corporate",
        "MCF guidance funds created by companies",
        "count:funds",
        _F,
    ),
    Indicator(
        "mcf_guidance_funds_size",
        "combined size of the MCF guidance funds identified",
        "USD",
        _F,
        "A 'highly conservative estimate' by its authors.",
    ),
    Indicator(
        "defence_test_facilities_opened",
        "major defence test facilities opened to society",
        "count:facilities",
        _F,
    ),
    Indicator(
        "defence_test_facilities_batches",
        "batches in which defence test facilities were opened to society",
        "count:batches",
        _F,
    ),
)

_book = ClaimBook(FAMILY, INDICATORS)
_s = _book.seen

_EDD = "CMC Equipment Development Department"
_UPPAL_DATE_NOTE = (
    "The article says 'this year'; the Global Times report of 2017-04-18 dates the guideline "
    "to 2017."
)
_UPPAL_870 = (
    "China's military has offered $870 million to private firms and institutes to fund 2,000 "
    "projects for research on equipment and weapons"
)
_UPPAL_6BN = (
    "saying China plans to invest six billion yuan ($870 million) this year for research in "
    "shared technology and other research"
)

# -- seed ---------------------------------------------------------------------------------------------
edd_cny_uppal = _s(
    "mf.edd_funding_cny.uppal",
    "cmc_edd_civilian_research_funding",
    6e9,
    "2017",
    "exact",
    UPPAL,
    _UPPAL_6BN,
    entity=_EDD,
    note=_UPPAL_DATE_NOTE,
)
edd_usd_uppal = _s(
    "mf.edd_funding_usd.uppal",
    "cmc_edd_civilian_research_funding_usd",
    870e6,
    "2017",
    "exact",
    UPPAL,
    _UPPAL_870,
    entity=_EDD,
    note=_UPPAL_DATE_NOTE,
)
edd_projects_uppal = _s(
    "mf.edd_projects.uppal",
    "cmc_edd_funded_projects",
    2000,
    "2017",
    "exact",
    UPPAL,
    _UPPAL_870,
    entity=_EDD,
    note=_UPPAL_DATE_NOTE,
)
_s(
    "mf.edd_example_project.uppal",
    "cmc_edd_example_project_funding",
    1e6,
    "2017",
    "exact",
    UPPAL,
    "A million yuan has been allocated to project to study the temperature adaptability of "
    "solid propellants",
    entity=_EDD,
    note=_UPPAL_DATE_NOTE,
)
_CASC_QUOTE = (
    "to establish a RMB150 billion (US$21.78 billion) guidance fund to invest in innovative "
    "technologies"
)
casc_cny_uppal = _s(
    "mf.casc_fund_cny.uppal",
    "casc_guidance_fund",
    150e9,
    "undated",
    "exact",
    UPPAL,
    _CASC_QUOTE,
    entity="China Aerospace Science and Technology Corp. and state-owned partners",
    note="The article does not date the fund.",
)
casc_usd_uppal = _s(
    "mf.casc_fund_usd.uppal",
    "casc_guidance_fund_usd",
    21.78e9,
    "undated",
    "exact",
    UPPAL,
    _CASC_QUOTE,
    entity="China Aerospace Science and Technology Corp. and state-owned partners",
    note="The article does not date the fund.",
)

# -- primary reports --------------------------------------------------------------------------------------
_GT_6BN = (
    "China plans to invest 6 billion yuan ($870 million) this year for research in shared "
    "technology and other research"
)
edd_cny_gt = _s(
    "mf.edd_funding_cny.globaltimes",
    "cmc_edd_civilian_research_funding",
    6e9,
    "2017",
    "exact",
    GLOBALTIMES_2017_04_18,
    _GT_6BN,
    entity=_EDD,
)
edd_usd_gt = _s(
    "mf.edd_funding_usd.globaltimes",
    "cmc_edd_civilian_research_funding_usd",
    870e6,
    "2017",
    "exact",
    GLOBALTIMES_2017_04_18,
    _GT_6BN,
    entity=_EDD,
)
edd_projects_gt = _s(
    "mf.edd_projects.globaltimes",
    "cmc_edd_funded_projects",
    2000,
    "2017",
    "exact",
    GLOBALTIMES_2017_04_18,
    "The money will be used to fund 2,000 projects",
    entity=_EDD,
)
_s(
    "mf.edd_example_project.globaltimes",
    "cmc_edd_example_project_funding",
    1e6,
    "2017",
    "exact",
    GLOBALTIMES_2017_04_18,
    entity=_EDD,
    note="Solid-propellant project, 1 million yuan (paraphrase in the notes).",
)
_s(
    "mf.changhong_fund.chinaorg",
    "mcf_transformation_fund",
    2e9,
    "2016-10",
    "exact",
    CHINAORG_JP_2016_10_24,
    "総額20億元",
    entity="Changhong Holdings and Silicon Valley Paradise",
    note="Described as China's first MCF achievement-transformation fund.",
)
_s(
    "mf.changhong_fund_mianyang_share.chinaorg",
    "mcf_transformation_fund_mianyang_share",
    0.40,
    "2016-10",
    "exact",
    CHINAORG_JP_2016_10_24,
    entity="Changhong Holdings and Silicon Valley Paradise",
    note="40 % to MCF projects in Mianyang (paraphrase in the notes).",
)
_CSIS_FUNDS = (
    "we found 42 such funds, among them 2 national funds, 27 created by localities, and 13 "
    "created by companies"
)
csis_funds = _s(
    "mf.funds.csis",
    "mcf_guidance_funds",
    42,
    "2019",
    "exact",
    CSIS_2019_10_02,
    _CSIS_FUNDS,
)
csis_national = _s(
    "mf.funds_national.csis",
    "mcf_guidance_funds_national",
    2,
    "2019",
    "exact",
    CSIS_2019_10_02,
    _CSIS_FUNDS,
)
csis_local = _s(
    "mf.funds_local.csis",
    "mcf_guidance_funds_local",
    27,
    "2019",
    "exact",
    CSIS_2019_10_02,
    _CSIS_FUNDS,
)
csis_corporate = _s(
    "mf.funds_corporate.csis",
    "mcf_guidance_funds_corporate",
    13,
    "2019",
    "exact",
    CSIS_2019_10_02,
    _CSIS_FUNDS,
)
_s(
    "mf.funds_size.csis",
    "mcf_guidance_funds_size",
    73e9,
    "2019",
    "at_least",
    CSIS_2019_10_02,
    "We calculate that these funds collectively total at least $73 billion",
    note="The authors call it a 'highly conservative estimate'.",
)
_s(
    "mf.test_facilities.xinhua",
    "defence_test_facilities_opened",
    3000,
    "2012/2017",
    "more_than",
    XINHUA_2017_12_06,
    "3000多项",
    entity="SASTIND",
    note="3000多项 ('3,000-odd') read as more than 3,000.",
)
_s(
    "mf.test_facility_batches.xinhua",
    "defence_test_facilities_batches",
    3,
    "2012/2017",
    "exact",
    XINHUA_2017_12_06,
    entity="SASTIND",
    note="Three batches (paraphrase in the notes).",
)

CLAIMS = _book.claims
