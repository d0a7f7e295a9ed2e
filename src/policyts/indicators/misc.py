"""The remaining numbers of the MCF seed articles: people, events, product mix, durations.

Covers every quantity in the two MCF articles that is not about defence patents, contractors or
funding: idle defence IP rights, the product mix of military companies and the foreign
comparison, the Academy of Military Science's civilian recruitment, the Science and Technology
Commission's monthly event, companies tracked, the theatre-command reform, and durations of
plans and events. Most statements are undated in the seed (a compilation of news reports from
2017 to 2020); their period is ``"undated"`` rather than a guess.

References
----------
.. [1] R. Uppal, "China's Military-Civil Fusion strategy boosting its technological and
   Military Innovation and Defence preparedness", International Defense Security & Technology.
.. [2] "Military-Civil Fusion and Technological Innovation in China", web article.

Notes
-----
Each number was read from the seed texts; quotes are verified by ``tests/test_claims.py``.
"""

from __future__ import annotations

from policyts.indicators._claim import ClaimBook, Indicator
from policyts.indicators._sources import IISS_2018, MCF_INNOVATION, PEOPLESDAILY_2017_01_23, UPPAL

FAMILY = "misc"

_F = FAMILY
INDICATORS = (
    Indicator(
        "chinese_tech_companies_tracked",
        "Chinese technology companies whose global expansion a study tracks",
        "count:firms",
        _F,
    ),
    Indicator(
        "innovation_system_tiers",
        "tiers of the framework describing China's innovation system",
        "count:tiers",
        _F,
    ),
    Indicator("fast_telescope_aperture", "aperture of the spherical radio telescope", "m", _F),
    Indicator(
        "development_concepts",
        "concepts for development named by the Party leadership",
        "count:concepts",
        _F,
    ),
    Indicator(
        "avionics_company_civilian_industries",
        "civilian industries developed by a military avionics company",
        "count:industries",
        _F,
    ),
    Indicator(
        "defence_output_military_only_share",
        "share of military technologies or products used solely for military purposes",
        "1",
        _F,
        "The entity says what is shared out: technologies (US, UK, Germany) or products of "
        "military companies (China).",
    ),
    Indicator(
        "defence_output_civilian_share",
        "share of military technologies or products used for civilian purposes",
        "1",
        _F,
        "As for defence_output_military_only_share.",
    ),
    Indicator(
        "boeing_civil_aircraft_sales_to_china",
        "value of civil aircraft Boeing sells to China each year",
        "USD",
        _F,
    ),
    Indicator(
        "ccimcd_to_budget_lag",
        "time from the CCIMCD chairmanship to the announcement of the military budget",
        "month",
        _F,
    ),
    Indicator(
        "military_budget_smallest_increase_span",
        "years over which the 2019 military budget increase was the smallest",
        "year",
        _F,
    ),
    Indicator(
        "ams_civilian_hiring_target",
        "civilian research personnel to be recruited by the Academy of Military Science",
        "count:persons",
        _F,
        "Announced targets (first target, then additional recruits) and their derived total.",
    ),
    Indicator(
        "ams_civilian_quota_increase",
        "increase of the civilian recruitment quota of the National Innovation Institute of "
        "Defence Technology",
        "ratio",
        _F,
        "Quota relative to the earlier quota ('five-fold' is 5).",
    ),
    Indicator(
        "ams_civilian_quota_2019",
        "civilian recruitment quota of 2019 implied by the five-fold increase",
        "count:persons",
        _F,
    ),
    Indicator(
        "stc_civilian_event_duration",
        "duration of the Science and Technology Commission's monthly event for civilian "
        "suggestions",
        "day",
        _F,
    ),
    Indicator(
        "stc_event_participants",
        "participants of the first monthly civilian-suggestion event",
        "count:persons",
        _F,
    ),
    Indicator(
        "stc_teams_signed_up",
        "research teams that signed up and submitted defence innovation ideas",
        "count:teams",
        _F,
    ),
    Indicator(
        "ai_dual_use_horizon",
        "horizon over which AI was called the most important dual-use technology",
        "year",
        _F,
    ),
    Indicator(
        "idle_defence_ip_rights",
        "national defence intellectual property rights not being used",
        "count:ip_rights",
        _F,
    ),
    Indicator(
        "most_stc_integration_plan_duration",
        "term of the MOST and CMC STC plan to integrate military and civilian technologies",
        "year",
        _F,
    ),
    Indicator("pla_theatre_commands", "theatre commands of the PLA", "count:commands", _F),
    Indicator(
        "pla_military_regions_before_reform",
        "military regions of the PLA before the theatre-command reform",
        "count:regions",
        _F,
    ),
    Indicator(
        "mcf_expo_duration",
        "duration of the second China Military and Civilian Integration Expo",
        "day",
        _F,
    ),
    Indicator(
        "cmc_functional_departments",
        "functional departments under the Central Military Commission",
        "count:departments",
        _F,
    ),
    Indicator(
        "fifth_generation_stealth_fighter_types",
        "fifth-generation stealth fighter types China is developing",
        "count:aircraft_types",
        _F,
    ),
    Indicator(
        "ccimcd_head_since_year",
        "year from which Xi Jinping heads the Central Commission for Integrated Military and "
        "Civilian Development (CCIMCD)",
        "calendar_year",
        _F,
        "The claim's period is the date its source gives; the value is that date's year.",
    ),
    Indicator(
        "pla_world_class_target_year",
        "year by which the PLA is to be a 'world-class' force",
        "calendar_year",
        _F,
    ),
    Indicator(
        "mcf_innovation_system_target_year",
        "year by which a coordinated military-civilian innovation system is to be in place",
        "calendar_year",
        _F,
    ),
    Indicator(
        "mcf_key_projects_horizon_year",
        "horizon year of the new round of key military-civilian sci-tech projects",
        "calendar_year",
        _F,
    ),
)

_book = ClaimBook(FAMILY, INDICATORS)
_s = _book.seen
_UNDATED_NOTE = "The article gives no date for this statement."

# -- "Military-Civil Fusion and Technological Innovation in China" ----------------------------------
_s(
    "mx.tech_companies_tracked.mcf_innovation",
    "chinese_tech_companies_tracked",
    27,
    "undated",
    "exact",
    MCF_INNOVATION,
    "Recent research tracks the global expansion of 27 Chinese technology companies",
    note=_UNDATED_NOTE,
)
_s(
    "mx.innovation_tiers.mcf_innovation",
    "innovation_system_tiers",
    3,
    "undated",
    "exact",
    MCF_INNOVATION,
    "China's innovation system can be understood as using a three-tiered framework",
    note=_UNDATED_NOTE,
)

# -- Uppal --------------------------------------------------------------------------------------------
_s(
    "mx.telescope_aperture.uppal",
    "fast_telescope_aperture",
    500,
    "undated",
    "exact",
    UPPAL,
    "a gigantic 500m-aperture spherical telescope",
    note=_UNDATED_NOTE,
)
_s(
    "mx.development_concepts.uppal",
    "development_concepts",
    5,
    "2017-10",
    "exact",
    UPPAL,
    "President Xi Jinping has identified innovation as the most critical of five concepts for "
    "development",
    note="At a Party meeting in October 2017, per the article.",
)
_s(
    "mx.avionics_civilian_industries.uppal",
    "avionics_company_civilian_industries",
    6,
    "undated",
    "exact",
    UPPAL,
    "my company has developed six civilian industries such as virtual reality, drones, robotics "
    "and smart wearing",
    entity="Avionics System Co. of the Aviation Industry Corporation of China (Lu Guangshan)",
    note=_UNDATED_NOTE,
)
_FOREIGN = (
    "less than 15 percent of military technologies are solely for military purposes and more "
    "than 80 percent are used for civilian purposes"
)
_FOREIGN_ENTITY = "United States, United Kingdom, Germany (military technologies)"
_JIANG = "Stated by Jiang Luming (PLA National Defense University); undated in the article."
foreign_military_only = _s(
    "mx.foreign_military_only_share.uppal",
    "defence_output_military_only_share",
    0.15,
    "undated",
    "less_than",
    UPPAL,
    _FOREIGN,
    entity=_FOREIGN_ENTITY,
    note=_JIANG,
)
foreign_civilian = _s(
    "mx.foreign_civilian_share.uppal",
    "defence_output_civilian_share",
    0.80,
    "undated",
    "more_than",
    UPPAL,
    _FOREIGN,
    entity=_FOREIGN_ENTITY,
    note=_JIANG,
)
_CHINA_MIX = (
    "Currently, 30 percent of products made by China's military companies are for military "
    "purposes and the other 70 percent for civilian purposes"
)
_CHINA_ENTITY = "China (products of military companies)"
china_military_only = _s(
    "mx.china_military_only_share.uppal",
    "defence_output_military_only_share",
    0.30,
    "undated",
    "exact",
    UPPAL,
    _CHINA_MIX,
    entity=_CHINA_ENTITY,
    note=_JIANG,
)
china_civilian = _s(
    "mx.china_civilian_share.uppal",
    "defence_output_civilian_share",
    0.70,
    "undated",
    "exact",
    UPPAL,
    _CHINA_MIX,
    entity=_CHINA_ENTITY,
    note=_JIANG,
)
_s(
    "mx.boeing_sales.uppal",
    "boeing_civil_aircraft_sales_to_china",
    2e9,
    "undated",
    "at_least",
    UPPAL,
    "Boeing sells China civil aviation aircraft worth billions of dollars each year",
    entity="Boeing",
    note="'billions of dollars' read as at least 2 billion dollars a year.",
)
_BUDGET = "Two months later, China announced its smallest military budget increase in a near decade"
_s(
    "mx.ccimcd_to_budget_lag.uppal",
    "ccimcd_to_budget_lag",
    2,
    "2019-01/2019-03",
    "exact",
    UPPAL,
    _BUDGET,
    note="Counted from the chairmanship the article dates to January 2019.",
)
_s(
    "mx.budget_smallest_increase_span.uppal",
    "military_budget_smallest_increase_span",
    10,
    "2019-03",
    "nearly",
    UPPAL,
    _BUDGET,
    note="'a near decade' read as nearly 10 years; dated two months after January 2019.",
)
ams_target_first = _s(
    "mx.ams_hiring_target_initial.uppal",
    "ams_civilian_hiring_target",
    50,
    "2020",
    "target",
    UPPAL,
    "AMS had initially announced a hiring target of 50 civilian research personnel for its 2020 "
    "recruitment",
    entity="Academy of Military Science",
)
ams_target_more = _s(
    "mx.ams_hiring_target_additional.uppal",
    "ams_civilian_hiring_target",
    100,
    "2020",
    "target",
    UPPAL,
    "only to announce that 100 more civil research personnel would be recruited",
    entity="Academy of Military Science",
    note="Additional to the first target of 50.",
)
ams_increase = _s(
    "mx.ams_quota_increase.uppal",
    "ams_civilian_quota_increase",
    5,
    "2019/2020",
    "exact",
    UPPAL,
    "represents a five-fold increase since 2019",
    entity="National Innovation Institute of Defence Technology (Academy of Military Science)",
)
_s(
    "mx.stc_event_duration.uppal",
    "stc_civilian_event_duration",
    1,
    "2020-09",
    "exact",
    UPPAL,
    "The Chinese military has introduced a monthly one-day event to hear suggestions from the "
    "civilian sector concerning military technological innovation",
    entity="Science and Technology Commission of the Central Military Commission",
    note="Held monthly; announced by the STC in September 2020.",
)
_s(
    "mx.stc_event_participants.uppal",
    "stc_event_participants",
    44,
    "2020-09",
    "exact",
    UPPAL,
    "The first such event was held gathering 44 participants from universities, research "
    "institutes and high-tech firms, the STC said",
    entity="Science and Technology Commission of the Central Military Commission",
)
_s(
    "mx.stc_teams.uppal",
    "stc_teams_signed_up",
    755,
    "2020-07/2020-09",
    "exact",
    UPPAL,
    "755 scientific research teams have signed up and submitted national defense innovation "
    "ideas since the STC released the monthly event schedule in July",
    entity="Science and Technology Commission of the Central Military Commission",
    note="From the release of the schedule in July to the STC statement of September 2020.",
)
_s(
    "mx.ai_dual_use_horizon.uppal",
    "ai_dual_use_horizon",
    10,
    "2017-06",
    "exact",
    UPPAL,
    "AI will be the most important dual-use technology for the next ten years",
    entity="Chinese Academy of Engineering (Zhou Ji)",
)
_s(
    "mx.idle_defence_ipr.uppal",
    "idle_defence_ip_rights",
    290_000,
    "undated",
    "about",
    UPPAL,
    "China has about 290,000 national defense intellectual property rights not being used due "
    "to the previously separated military and civil industries",
    note="Jiang (Luming) 'in October last year'; the article does not say which year.",
)
_s(
    "mx.most_stc_plan_duration.uppal",
    "most_stc_integration_plan_duration",
    5,
    "undated",
    "exact",
    UPPAL,
    "China's top science authorities published a five-year term plan to integrate innovative "
    "military and civilian technologies",
    entity="Ministry of Science and Technology and CMC Science and Technology Commission",
    note=_UNDATED_NOTE,
)
_REFORM = "reorganisation of the army into five theatre commands–integrating the earlier seven military regions"
_s(
    "mx.theatre_commands.uppal",
    "pla_theatre_commands",
    5,
    "undated",
    "exact",
    UPPAL,
    _REFORM,
    note=_UNDATED_NOTE,
)
_s(
    "mx.military_regions_before_reform.uppal",
    "pla_military_regions_before_reform",
    7,
    "undated",
    "exact",
    UPPAL,
    _REFORM,
    note=_UNDATED_NOTE,
)
_s(
    "mx.expo_duration.uppal",
    "mcf_expo_duration",
    3,
    "undated",
    "exact",
    UPPAL,
    "The three-day event provided an open platform for the exchange and integration of military "
    "and civilian technology",
    note="The second Expo, in Beijing's National Convention Center; the year is not given.",
)
_s(
    "mx.cmc_departments.uppal",
    "cmc_functional_departments",
    15,
    "undated",
    "exact",
    UPPAL,
    "some of the 15 functional departments under the CMC",
    entity="Central Military Commission",
    note="Stated by Song Zhongping (Phoenix Television); undated in the article.",
)

# -- statements added from a check of the seeds (issue 15) ---------------------------------------------
_s(
    "mx.fifth_generation_fighters.uppal",
    "fifth_generation_stealth_fighter_types",
    2,
    "undated",
    "exact",
    UPPAL,
    "China has also developing twin high-performance fifth-generation stealth fighters",
    note="'twin' read as two fighter types; the article names neither. " + _UNDATED_NOTE,
)
ccimcd_head_seed = _s(
    "mx.ccimcd_head_since.uppal",
    "ccimcd_head_since_year",
    2019,
    "2019-01",
    "exact",
    UPPAL,
    "On January 2019, China's Xi Jinping added a new title to his long list of state and party "
    "functions: the chairman of the Central Commission for Integrated Military and Civilian "
    "Development (CCIMCD)",
    entity="Xi Jinping",
    note="As the seed dates it; the primary report dates the commission, with Xi at its head, to "
    "the Politburo meeting of 2017-01-22 (mx.ccimcd_head_since.peoplesdaily).",
)
ccimcd_head_primary = _s(
    "mx.ccimcd_head_since.peoplesdaily",
    "ccimcd_head_since_year",
    2017,
    "2017-01-22",
    "exact",
    PEOPLESDAILY_2017_01_23,
    entity="Xi Jinping",
    note="The Politburo decided on 22 January 2017 to set up the commission and named Xi its "
    "head (Portuguese-language report; paraphrase). Event ccimcd_established_2017.",
)
_s(
    "mx.pla_world_class_target.iiss",
    "pla_world_class_target_year",
    2050,
    "2017-10",
    "target",
    IISS_2018,
    "a bold set of reforms designed to mould the People's Liberation Army into a 'world-class' "
    "force by 2050",
    entity="People's Liberation Army",
    note="Target year set out at the 19th Party Congress (October 2017, the claim's period).",
)
_s(
    "mx.mcf_innovation_system_target.uppal",
    "mcf_innovation_system_target_year",
    2020,
    "undated",
    "target",
    UPPAL,
    "A coordinated military-civilian innovation system for the sector should be put in place by "
    "2020",
    note="Target year ('by 2020'). " + _UNDATED_NOTE,
)
_s(
    "mx.mcf_key_projects_horizon.uppal",
    "mcf_key_projects_horizon_year",
    2030,
    "undated",
    "target",
    UPPAL,
    "It also identified a new round of key sci-tech projects in military-civilian integration "
    "towards 2030",
    note="Horizon year ('towards 2030'). " + _UNDATED_NOTE,
)

# -- derived -------------------------------------------------------------------------------------------
ams_target_total = _book.derived(
    "mx.ams_hiring_target_total.derived",
    "ams_civilian_hiring_target",
    "a + b",
    (ams_target_first, ams_target_more),
    "2020",
    entity="Academy of Military Science",
    note="First target (50) plus the additional recruits (100); a sum of targets.",
)
_book.derived(
    "mx.ams_quota_2019.implied",
    "ams_civilian_quota_2019",
    "a / b",
    (ams_target_total, ams_increase),
    "2019",
    entity="National Innovation Institute of Defence Technology (Academy of Military Science)",
    note="Reading the 2020 total (150) as the new quota; the article gives no 2019 figure.",
)

CLAIMS = _book.claims
