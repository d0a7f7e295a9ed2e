"""Numbers of Cheng and Drahos (2018) on China's patent system and its governance.

The seed is the abstract, notes and references of the article; its numbers are in the abstract
and the notes: China's rank among patent offices in 2011, the structure of government (levels
and numbers of local governments), the 2020 population projection used for per-capita patent
targets, the threshold of "designated size" enterprises, counts of plan tasks, pioneer local
IP strategies and journal articles. The population projection is checked arithmetically by the
audit (base x (1 + rate) = projection).

References
----------
.. [1] W. Cheng and P. Drahos, "How China Built the World's Biggest Patent Office - The
   Pressure Driving Mechanism", IIC 49 (2018) 5-40.

Notes
-----
Each number was read from the seed text; bibliographic numbers (note numbers, pages, volumes,
years of cited works) are not claims and are listed in the README section on the catalogue.
"""

from __future__ import annotations

from policyts.indicators._claim import ClaimBook, Indicator
from policyts.indicators._sources import CHENG_DRAHOS_2018

FAMILY = "patent_system"

_F = FAMILY
INDICATORS = (
    Indicator(
        "patent_office_world_rank_applications",
        "rank of China's patent office among the world's offices by applications received",
        "rank",
        _F,
    ),
    Indicator(
        "pressure_driving_mechanism_articles",
        "journal articles with 'pressure driving mechanism' in their titles",
        "count:articles",
        _F,
        "China Academic Journals Full-text Database.",
    ),
    Indicator(
        "local_government_levels",
        "levels of local government in China",
        "count:levels",
        _F,
        "Provincial, county and town; in some places a prefectural level in between.",
    ),
    Indicator(
        "government_units",
        "number of governments at one administrative level",
        "count:governments",
        _F,
        "The level is the claim's entity.",
    ),
    Indicator(
        "local_ip_strategies_before_national",
        "local governments that issued an IP strategy before the National IP Strategy",
        "count:governments",
        _F,
        "The level is the claim's entity.",
    ),
    Indicator(
        "patent_promotion_plan_tasks",
        "special tasks of the 2011 National Strategic Promotion Plan for Patent Development",
        "count:tasks",
        _F,
    ),
    Indicator(
        "national_ip_strategy_midterm_span",
        "span of the mid-term targets of the National IP Strategy",
        "year",
        _F,
    ),
    Indicator(
        "five_year_plan_system_age",
        "time the five-year plan system had evolved before its renaming in 2006",
        "year",
        _F,
    ),
    Indicator("china_population", "population of China (census)", "count:persons", _F),
    Indicator(
        "china_population_projection",
        "projected population of China",
        "count:persons",
        _F,
        "A projection computed by the authors, not an observation.",
    ),
    Indicator(
        "china_population_growth_assumed",
        "assumed ten-year population growth rate",
        "growth_rate",
        _F,
    ),
    Indicator(
        "designated_size_revenue_threshold",
        "annual main-business revenue above which an industrial enterprise is of designated size",
        "CNY",
        _F,
    ),
    Indicator(
        "patent_types",
        "types of patents (invention, utility model, design)",
        "count:patent_types",
        _F,
    ),
    Indicator(
        "made_in_china_2025_provinces",
        "provinces implementing Made in China 2025",
        "count:provinces",
        _F,
    ),
)

_book = ClaimBook(FAMILY, INDICATORS)
_s = _book.seen
_CD = CHENG_DRAHOS_2018
_PRESENT = "Stated in the present tense in a 2018 article; no reference date is given."

_s(
    "ps.office_rank_2011.cheng_drahos",
    "patent_office_world_rank_applications",
    1,
    "2011",
    "exact",
    _CD,
    "In 2011 China's patent office received more patent applications than any other patent "
    "office in the world",
    entity="State Intellectual Property Office (SIPO)",
)
_s(
    "ps.pdm_articles.cheng_drahos",
    "pressure_driving_mechanism_articles",
    55,
    "1997/2016",
    "exact",
    _CD,
    "From 1997 to 2016, 55 journal articles include “pressure driving mechanism” in their titles",
    entity="China Academic Journals Full-text Database",
)
_s(
    "ps.local_government_levels.cheng_drahos",
    "local_government_levels",
    3,
    "undated",
    "exact",
    _CD,
    "There are three levels of local government in China",
    note=_PRESENT + " In some places a prefectural level lies between province and county.",
)
_GOVERNMENTS = (
    "There are 31 provincial-level governments and 334 prefectural-level governments in China"
)
_s(
    "ps.provincial_governments.cheng_drahos",
    "government_units",
    31,
    "undated",
    "exact",
    _CD,
    _GOVERNMENTS,
    entity="provincial-level governments",
    note=_PRESENT,
)
_s(
    "ps.prefectural_governments.cheng_drahos",
    "government_units",
    334,
    "undated",
    "exact",
    _CD,
    _GOVERNMENTS,
    entity="prefectural-level governments",
    note=_PRESENT,
)
_PIONEERS = (
    "three pioneer provincial governments (Shanghai, Shandong, and Guizhou) and two prefectural "
    "governments (Shenzhen in Guangdong Province and Rizhao in Shandong Province) issued their "
    "local IP strategy before the National IP Strategy"
)
_PIONEER_NOTE = "Before the National IP Strategy, which the article dates to 2008 (State Council)."
_s(
    "ps.pioneer_provinces.cheng_drahos",
    "local_ip_strategies_before_national",
    3,
    "2008",
    "exact",
    _CD,
    _PIONEERS,
    entity="provincial governments",
    note=_PIONEER_NOTE,
)
_s(
    "ps.pioneer_prefectures.cheng_drahos",
    "local_ip_strategies_before_national",
    2,
    "2008",
    "exact",
    _CD,
    _PIONEERS,
    entity="prefectural governments",
    note=_PIONEER_NOTE,
)
_s(
    "ps.promotion_plan_tasks.cheng_drahos",
    "patent_promotion_plan_tasks",
    10,
    "2011",
    "exact",
    _CD,
    "In this promotion plan, 10 special tasks are introduced",
    entity="SIPO",
    note="The improvement of patent quality is the first task.",
)
_s(
    "ps.ip_strategy_midterm_span.cheng_drahos",
    "national_ip_strategy_midterm_span",
    5,
    "2008/2013",
    "exact",
    _CD,
    "a series of five-year targets to be achieved by 2013",
    entity="State Council (National IP Strategy of 2008)",
)
_s(
    "ps.five_year_plan_age.cheng_drahos",
    "five_year_plan_system_age",
    50,
    "1953/2006",
    "about",
    _CD,
    "Evolving over half a century, in 2006, the 11th Five-year Plan changed its name to "
    "Five-year Guideline",
    note="'half a century' read as about 50 years, from the First Five-year Plan (1953).",
)
population_2010 = _s(
    "ps.population_2010.cheng_drahos",
    "china_population",
    1_370_536_875,
    "2010",
    "exact",
    _CD,
    "in the year 2010 there was a population of 1,370,536,875",
    entity="China (Sixth National Census, National Bureau of Statistics)",
)
population_growth = _s(
    "ps.population_growth.cheng_drahos",
    "china_population_growth_assumed",
    0.0584,
    "2010/2020",
    "exact",
    _CD,
    "assumes it will maintain a 10-year increase rate of 5.84%",
)
population_2020 = _s(
    "ps.population_2020_projection.cheng_drahos",
    "china_population_projection",
    1_450_576_229,
    "2020",
    "exact",
    _CD,
    "In 2020, the Chinese population will reach 1,450,576,229",
    note="The authors' projection from the 2010 census and the assumed rate.",
)
_s(
    "ps.designated_size_threshold.cheng_drahos",
    "designated_size_revenue_threshold",
    20e6,
    "undated",
    "exact",
    _CD,
    "industrial enterprises whose annual revenues from their main business operations are over "
    "20 million yuan",
    entity="National Bureau of Statistics of China (statistical definition)",
    note=_PRESENT + " The threshold is 20 million yuan; the enterprises are those above it.",
)
_s(
    "ps.patent_types.cheng_drahos",
    "patent_types",
    3,
    "undated",
    "exact",
    _CD,
    "the breakdown of applications and grants of the three types of patents for each province",
    note="Provincial breakdowns by type stopped being published from January 2017.",
)
_s(
    "ps.mic2025_provinces.cheng_drahos",
    "made_in_china_2025_provinces",
    25,
    "2016",
    "exact",
    _CD,
    "25 Provinces Have Already Implemented Made in China 2025",
    note="From the title of a cited Chinese report (Hou and Wu 2016).",
)

CLAIMS = _book.claims
