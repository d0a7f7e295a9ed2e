"""Private firms licensed to develop and produce weapons and equipment: counts and shares.

The seed article states "more than 1,000" private companies, "nearly 40 percent" of defence
equipment contractors, attributed to SASTIND. The primary reports split these two numbers over
two releases: China Daily (July 2015) has "nearly 1,000 ... about 40 percent", SASTIND (end of
2015, released 2016) has "over 1,000" and no share. Each is its own claim here, and
:mod:`policyts.indicators.consistency` shows that no single report states both of the seed's numbers.
The two readings of the National Defense University's 2013 report (500 private firms of 1,800
licensed, versus 1,800 private firms) are both encoded; they conflict.

Totals implied by a count and a share (count / share) are DERIVED.

References
----------
.. [1] Zhao Lei, China Daily, 2015-07-20,
   https://global.chinadaily.com.cn/usa/china/2015-07/20/content_21327788.htm
.. [2] SASTIND release of 2016-06-30 (China News, mirror), and China Military Online,
   2016-03-15.
.. [3] EJ Insight and Army Recognition, 2013-12-13, both citing the NDU *Military-Civilian
   Integration Development Report of China 2013*.

Notes
-----
Checked against the seed text and section 4 of the project's data-source notes (SEEN rows only;
the "about 440 at the end of 2010" there is DERIVED and is computed here, not copied).
"""

from __future__ import annotations

from policyts.indicators._claim import ClaimBook, Indicator
from policyts.indicators._sources import (
    ARMYRECOGNITION_2013_12_13,
    CHINADAILY_2015_07_20,
    CHINAMIL_2016_03_15,
    EJINSIGHT_2013_12_13,
    GLOBALTIMES_2017_04_18,
    PEOPLESDAILY_APP,
    PLADAILY_2018_05_16,
    PROCUREMENT_NETWORK_MIRROR,
    SASTIND_2016_06_30,
    UPPAL,
    XINHUA_2017_12_06,
)

FAMILY = "defence_contractors"

_F = FAMILY
INDICATORS = (
    Indicator(
        "private_defence_contractors",
        "private firms licensed to develop and produce weapons and equipment",
        "count:firms",
        _F,
        "Holders of weapons and equipment research and production permits that are private.",
    ),
    Indicator(
        "private_defence_contractors_share",
        "private firms as a share of licensed defence equipment contractors",
        "1",
        _F,
    ),
    Indicator(
        "defence_contractors_total",
        "firms licensed to develop and produce weapons and equipment",
        "count:firms",
        _F,
        "All licence holders, private or not.",
    ),
    Indicator(
        "private_defence_licences_issued",
        "weapons production licences issued to private firms in a year",
        "count:licences",
        _F,
    ),
    Indicator(
        "private_defence_contractors_growth",
        "growth of the number of private licence holders since the end of 2010",
        "growth_rate",
        _F,
    ),
    Indicator(
        "defence_permit_catalogue_change",
        "change in the number of items in the weapons and equipment permit catalogue",
        "growth_rate",
        _F,
    ),
    Indicator(
        "non_defence_licence_holders_share",
        "civilian-sector (minkou) firms as a share of the main licence holders",
        "1",
        _F,
        "Minkou firms include state-owned firms outside the defence industry, not only private "
        "firms.",
    ),
    Indicator(
        "procurement_network_registered_firms",
        "firms registered on the weapons equipment procurement network",
        "count:firms",
        _F,
    ),
    Indicator(
        "procurement_network_certified_firms",
        "firms certified on site on the weapons equipment procurement network",
        "count:firms",
        _F,
    ),
    Indicator(
        "procurement_network_certified_private_firms",
        "private firms among those certified on the weapons equipment procurement network",
        "count:firms",
        _F,
    ),
    Indicator(
        "procurement_network_certified_private_share",
        "private share of the firms certified on the weapons equipment procurement network",
        "1",
        _F,
    ),
    Indicator(
        "private_firms_civilian_use_authorised",
        "private firms authorised to apply military technologies to civilian use",
        "count:firms",
        _F,
    ),
)

_book = ClaimBook(FAMILY, INDICATORS)
_s = _book.seen
_SEED_QUOTE = (
    "more than 1,000 Chinese private companies have received permission to develop and produce "
    "weapons or other defense equipment, accounting for nearly 40 percent of defense equipment "
    "contractors in China"
)

# -- seed ---------------------------------------------------------------------------------------------
private_seed = _s(
    "pc.private.uppal",
    "private_defence_contractors",
    1000,
    "undated",
    "more_than",
    UPPAL,
    _SEED_QUOTE,
    note="'By now', attributed to SASTIND; the article gives no date. The primary reports put "
    "'nearly 1,000' in July 2015 and 'over 1,000' at the end of 2015.",
)
private_share_seed = _s(
    "pc.private_share.uppal",
    "private_defence_contractors_share",
    0.40,
    "undated",
    "nearly",
    UPPAL,
    _SEED_QUOTE,
    note="The only primary share near 40 % is China Daily's 'about 40 percent' (July 2015).",
)

# -- NDU 2013 report, two readings ------------------------------------------------------------------------
_s(
    "pc.licences_2012.ejinsight",
    "private_defence_licences_issued",
    60,
    "2012",
    "more_than",
    EJINSIGHT_2013_12_13,
    "In 2012, the Ministry of Defense only issued 60-plus such licenses to private companies",
)
total_2013_ejinsight = _s(
    "pc.total_2013.ejinsight",
    "defence_contractors_total",
    1800,
    "2013",
    "more_than",
    EJINSIGHT_2013_12_13,
    "Over 1,800 enterprises have been awarded",
)
private_2013_ejinsight = _s(
    "pc.private_2013.ejinsight",
    "private_defence_contractors",
    500,
    "2013",
    "more_than",
    EJINSIGHT_2013_12_13,
    "over 500 are private firms, representing more than a quarter of the total",
    note="Conflicts with Army Recognition's reading of the same report (1,800 private).",
)
private_share_2013_ejinsight = _s(
    "pc.private_share_2013.ejinsight",
    "private_defence_contractors_share",
    0.25,
    "2013",
    "more_than",
    EJINSIGHT_2013_12_13,
    "over 500 are private firms, representing more than a quarter of the total",
)
private_2013_armyrecognition = _s(
    "pc.private_2013.armyrecognition",
    "private_defence_contractors",
    1800,
    "2013",
    "more_than",
    ARMYRECOGNITION_2013_12_13,
    "over 1,800 private enterprises have obtained the licenses for research and production of "
    "weaponry and equipment",
    note="Conflicts with EJ Insight's reading of the same report (over 1,800 enterprises in "
    "all, over 500 private).",
)

# -- 2015-2018 releases ----------------------------------------------------------------------------------
_CD_QUOTE = (
    "nearly 1,000 private companies have been given permission to develop and produce weapons or "
    "other military equipment, accounting for about 40 percent of defense equipment contractors "
    "in China"
)
private_2015_chinadaily = _s(
    "pc.private_2015.chinadaily",
    "private_defence_contractors",
    1000,
    "2015-07",
    "nearly",
    CHINADAILY_2015_07_20,
    _CD_QUOTE,
    entity="China (SASTIND deputy director Xu Zhanbin)",
)
private_share_2015_chinadaily = _s(
    "pc.private_share_2015.chinadaily",
    "private_defence_contractors_share",
    0.40,
    "2015-07",
    "about",
    CHINADAILY_2015_07_20,
    _CD_QUOTE,
    entity="China (SASTIND deputy director Xu Zhanbin)",
)
private_2015_sastind = _s(
    "pc.private_2015.sastind",
    "private_defence_contractors",
    1000,
    "2015-12",
    "more_than",
    SASTIND_2016_06_30,
    "截至2015年底，持有武器装备科研生产许可证民营单位有1000余家",
    note="1000余家 ('1,000-odd') read as more than 1,000; as of the end of 2015.",
)
growth_sastind = _s(
    "pc.growth_2010_2015.sastind",
    "private_defence_contractors_growth",
    1.27,
    "2010-12/2015-12",
    "exact",
    SASTIND_2016_06_30,
    "比'十一五'末增加127%",
    note="Against the end of the 11th Five-Year Plan (end of 2010).",
)
_s(
    "pc.catalogue_change.sastind",
    "defence_permit_catalogue_change",
    -0.62,
    "2015-12",
    "exact",
    SASTIND_2016_06_30,
    note="Permit catalogue items cut by 62 % (paraphrase in the notes; base period not stated).",
)
_s(
    "pc.private_2016.chinamil",
    "private_defence_contractors",
    1000,
    "2016-03",
    "more_than",
    CHINAMIL_2016_03_15,
    "over 1,000 Chinese private enterprises have obtained permits and certificates",
    note="SASTIND statement of 2016-03-11; the reference date is not stated.",
)
_s(
    "pc.growth_2010_2016.chinamil",
    "private_defence_contractors_growth",
    1.27,
    "2010-12/2016-03",
    "exact",
    CHINAMIL_2016_03_15,
    "an increase of 127 percent from that at the end of the 11st Five-Year Plan period (2006-2010)",
)
_s(
    "pc.private_2017.globaltimes",
    "private_defence_contractors",
    1000,
    "2017-04",
    "more_than",
    GLOBALTIMES_2017_04_18,
    "more than 1,000 private firms have gained approval to enter the military industry",
)
_s(
    "pc.non_defence_share_2017.xinhua",
    "non_defence_licence_holders_share",
    2 / 3,
    "2017-12",
    "more_than",
    XINHUA_2017_12_06,
    "取得了武器装备科研生产许可证的主要企业中，民口企业已经占三分之二以上",
    entity="China (SASTIND's Long Hongshan)",
)
_s(
    "pc.private_share_2018.pladaily",
    "private_defence_contractors_share",
    2 / 3,
    "2018-05",
    "more_than",
    PLADAILY_2018_05_16,
    "private enterprises account for more than two-thirds of the companies that have licenses "
    "for scientific research and production of weapons and equipment",
    entity="China: licence holders called 'private' in the English text, most likely a rendering "
    "of Xinhua's 民口 (civilian-sector firms, state-owned ones included)",
    note="The English text says 'private'; it most likely renders Xinhua's 2017 statement that "
    "民口 firms are more than two-thirds of the main licence holders "
    "(pc.non_defence_share_2017.xinhua). Read as private firms it cannot be squared with the "
    "'about 40 percent' private share of July 2015 (audit pc.pladaily_2018_private_reading).",
)

# -- procurement network and People's Daily app (undated) ---------------------------------------------
_NET_QUOTE = "注册企业已达到11791家，现场认证的5716家，其中民营企业3709家，占64.9%"
_NET_NOTE = "Undated secondary page (around 2019-2020 by context)."
_s(
    "pc.network_registered.mirror",
    "procurement_network_registered_firms",
    11791,
    "undated",
    "exact",
    PROCUREMENT_NETWORK_MIRROR,
    _NET_QUOTE,
    note=_NET_NOTE,
)
network_certified = _s(
    "pc.network_certified.mirror",
    "procurement_network_certified_firms",
    5716,
    "undated",
    "exact",
    PROCUREMENT_NETWORK_MIRROR,
    _NET_QUOTE,
    note=_NET_NOTE,
)
network_private = _s(
    "pc.network_certified_private.mirror",
    "procurement_network_certified_private_firms",
    3709,
    "undated",
    "exact",
    PROCUREMENT_NETWORK_MIRROR,
    _NET_QUOTE,
    note=_NET_NOTE,
)
network_private_share = _s(
    "pc.network_certified_private_share.mirror",
    "procurement_network_certified_private_share",
    0.649,
    "undated",
    "exact",
    PROCUREMENT_NETWORK_MIRROR,
    _NET_QUOTE,
    note=_NET_NOTE,
)
_s(
    "pc.civilian_use_authorised.peoplesdaily",
    "private_firms_civilian_use_authorised",
    2300,
    "undated",
    "more_than",
    PEOPLESDAILY_APP,
    "Over 2,300 private firms are authorized to apply military technologies to civilian use",
    note="The page carries no date.",
)
_s(
    "pc.civilian_use_authorised_earlier.peoplesdaily",
    "private_firms_civilian_use_authorised",
    500,
    "undated",
    "exact",
    PEOPLESDAILY_APP,
    "compared with 500 firms five years ago",
    note="Five years before the undated page.",
)

# -- derived ------------------------------------------------------------------------------------------
_book.derived(
    "pc.private_2010.implied_sastind",
    "private_defence_contractors",
    "a / (1 + b)",
    (private_2015_sastind, growth_sastind),
    "2010-12",
    note="Count at the end of 2010 implied by 'more than 1,000' and '+127 %': a lower bound.",
)
_book.derived(
    "pc.total_2015.implied_chinadaily",
    "defence_contractors_total",
    "a / b",
    (private_2015_chinadaily, private_share_2015_chinadaily),
    "2015-07",
    note="Contractors implied by 'nearly 1,000' private being 'about 40 percent' of them.",
)
_book.derived(
    "pc.total.implied_uppal",
    "defence_contractors_total",
    "a / b",
    (private_seed, private_share_seed),
    "undated",
    note="Contractors implied by the seed's 'more than 1,000' being 'nearly 40 percent'.",
)

CLAIMS = _book.claims
