"""The 2023-2025 special action on patent transformation and application: inventory statistics.

The seed article (written after the CNIPA notice of 10 June 2025) states cumulative results
since the plan's launch in October 2023: "over 1.34 million patents inventoried, 680,000
selected for conversion, 9,000 high-growth SMEs supported, and an estimated RMB 20 billion in
financing intentions". The primary reports give the inventory's progress at dated press
conferences: 914,000 patents by April 2024, 850,000 *invention* patents by June 2024 and
1.349 million (134.9万) by November 2024 (all at universities and research institutes), and
676,000 (67.6万) patents of all kinds, 506,000 of them invention patents, in the transformation
pool in April 2024. CNIPA's interpretation of its 2025 notice [4] gives the cumulative results the
seed restates: 134.9万 patents inventoried by more than 2,700 universities and institutes, 68万
*invention* patents in the resource pool, more than 9,000 high-growth SMEs, and "200多亿"
(more than 20 billion yuan) of financing intentions in 2024 alone.

References
----------
.. [1] Xinhua (SCIO press conference of 2024-04-24), mirror
   http://103.52.134.50/scripts/wab.php?locKF=F13.html
.. [2] Economic Daily (经济日报), 2024-11-30, http://www.jingjiribao.cn/static/detail.jsp?id=558092
.. [3] SCIO / China.org.cn, page dated 2025-01-10,
   http://english.scio.gov.cn/pressroom/2025-01/10/content_117657419_4.html
.. [4] CNIPA, interpretation of the notice 国知发运字〔2025〕16号 (dated 2025-05-21), mirror
   https://www.gzpscu.com.cn/news/v6018.html

Notes
-----
Checked against the seed text and section 7a of the project's data-source notes (SEEN rows).
"""

from __future__ import annotations

from policyts.indicators._claim import ClaimBook, Indicator
from policyts.indicators._sources import (
    CCTV_2024,
    CNIPA_2025_NOTICE_INTERPRETATION,
    JINGJI_2024_11_30,
    MONDAQ_WANG_PEIZHANG,
    PATENT_TRANSFORMATION_2025,
    PPRAG_2024_05_22,
    SCIO_2025_01_10,
    XINHUA_2024_04_24,
)

FAMILY = "special_action"

_F = FAMILY
_UNIV_INST = "universities and research institutes"
INDICATORS = (
    Indicator(
        "special_action_patents_inventoried",
        "stock patents inventoried and valued under the special action (cumulative)",
        "count:patents",
        _F,
        "All patent types; cumulative since the launch in October 2023.",
    ),
    Indicator(
        "special_action_invention_patents_inventoried",
        "stock invention patents inventoried under the special action (cumulative)",
        "count:patents",
        _F,
    ),
    Indicator(
        "special_action_institutions_inventorying",
        "universities and research institutes that completed their patent inventory",
        "count:institutions",
        _F,
    ),
    Indicator(
        "special_action_inventory_share_of_stock",
        "inventoried invention patents as a share of the institutions' valid invention patents",
        "1",
        _F,
    ),
    Indicator(
        "special_action_inventory_progress",
        "progress of the inventory of stock invention patents",
        "1",
        _F,
    ),
    Indicator(
        "special_action_patents_selected",
        "patents selected for conversion (entered the transformation resource pool)",
        "count:patents",
        _F,
    ),
    Indicator(
        "special_action_invention_patents_selected",
        "invention patents in the transformation resource pool",
        "count:patents",
        _F,
    ),
    Indicator(
        "special_action_good_prospects_share",
        "share of inventoried invention patents self-rated as having good prospects",
        "1",
        _F,
    ),
    Indicator(
        "special_action_smes_supported",
        "high-growth small and medium-sized enterprises supported",
        "count:firms",
        _F,
    ),
    Indicator(
        "special_action_financing_intentions",
        "financing intentions generated",
        "CNY",
        _F,
    ),
    Indicator(
        "special_action_plan_duration",
        "duration of the special action plan",
        "year",
        _F,
    ),
    Indicator(
        "patent_transformation_notice_subgoals",
        "strategic sub-goals of the June 2025 notice on a long-term mechanism",
        "count:goals",
        _F,
    ),
    Indicator(
        "valid_invention_patents",
        "valid (in force) invention patents held, year end",
        "count:patents",
        _F,
        "The holder group is the claim's entity.",
    ),
    Indicator(
        "univ_inst_valid_invention_patents_share",
        "share of universities and research institutes in domestic valid invention patents",
        "1",
        _F,
    ),
    Indicator(
        "univ_inst_invention_application_share",
        "invention patents as a share of new patent applications of universities and research "
        "institutes",
        "1",
        _F,
    ),
    Indicator(
        "univ_inst_invention_application_share_change",
        "change of the invention share of new applications of universities and research "
        "institutes, year on year",
        "percent_point",
        _F,
    ),
    Indicator(
        "univ_inst_transfers_licences",
        "patent transfers and licences by universities and research institutes",
        "count:transactions",
        _F,
    ),
    Indicator(
        "univ_inst_transfers_licences_growth",
        "year-on-year growth of patent transfers and licences by universities and research "
        "institutes",
        "growth_rate",
        _F,
    ),
)

_book = ClaimBook(FAMILY, INDICATORS)
_s = _book.seen

# -- seed -------------------------------------------------------------------------------------------------
_SINCE_LAUNCH = "2023-10/2025-06"
_SEED_NOTE = "Cumulative from the plan's launch (October 2023) to the notice of 10 June 2025."
inventoried_seed = _s(
    "sa.inventoried.seed",
    "special_action_patents_inventoried",
    1.34e6,
    _SINCE_LAUNCH,
    "more_than",
    PATENT_TRANSFORMATION_2025,
    "over 1.34 million patents inventoried",
    note=_SEED_NOTE,
)
selected_seed = _s(
    "sa.selected.seed",
    "special_action_invention_patents_selected",
    680_000,
    _SINCE_LAUNCH,
    "exact",
    PATENT_TRANSFORMATION_2025,
    "680,000 selected for conversion",
    note=_SEED_NOTE + " The seed does not say which kind of patents; the figure is CNIPA's 68万 "
    "*invention* patents in the resource pool (sa.invention_selected_2025.cnipa), so the claim is "
    "filed under invention patents. Patents of all kinds in the pool were already 676,000 in "
    "April 2024; that figure agrees with 680,000 only by coincidence.",
)
_s(
    "sa.smes.seed",
    "special_action_smes_supported",
    9000,
    _SINCE_LAUNCH,
    "exact",
    PATENT_TRANSFORMATION_2025,
    "9,000 high-growth SMEs supported",
    note=_SEED_NOTE,
)
_s(
    "sa.financing_intentions.seed",
    "special_action_financing_intentions",
    20e9,
    _SINCE_LAUNCH,
    "about",
    PATENT_TRANSFORMATION_2025,
    "an estimated RMB 20 billion in financing intentions generated",
    note=_SEED_NOTE + " 'an estimated' read as about. The seed lists it among results since the "
    "launch; the primary (sa.financing_intentions_2024.cnipa) dates it to 2024 alone and words it "
    "200多亿 (more than 20 billion).",
)
plan_duration_seed = _s(
    "sa.plan_duration.seed",
    "special_action_plan_duration",
    3,
    "2023/2025",
    "exact",
    PATENT_TRANSFORMATION_2025,
    "With 2025 marking the final year of the ongoing three-year national action plan (2023–2025)",
)
_s(
    "sa.notice_subgoals.seed",
    "patent_transformation_notice_subgoals",
    4,
    "2025-06-10",
    "exact",
    PATENT_TRANSFORMATION_2025,
    "This is supported by four strategic sub-goals",
)

# -- stock of valid invention patents, end of 2023 -------------------------------------------------------
valid_universities_2023 = _s(
    "sa.valid_invention_universities_2023.mondaq",
    "valid_invention_patents",
    794_000,
    "2023-12",
    "exact",
    MONDAQ_WANG_PEIZHANG,
    entity="universities",
)
valid_institutes_2023 = _s(
    "sa.valid_invention_institutes_2023.mondaq",
    "valid_invention_patents",
    229_000,
    "2023-12",
    "exact",
    MONDAQ_WANG_PEIZHANG,
    entity="research institutes",
)
univ_inst_share_2023 = _s(
    "sa.univ_inst_valid_share_2023.mondaq",
    "univ_inst_valid_invention_patents_share",
    0.25,
    "2023-12",
    "exact",
    MONDAQ_WANG_PEIZHANG,
    "accounting for a quarter of the total",
    entity=_UNIV_INST,
    note="'the total' read as domestic valid invention patents.",
)
valid_domestic_2023 = _s(
    "sa.valid_invention_domestic_2023.pprag",
    "valid_invention_patents",
    4.015e6,
    "2023-12",
    "exact",
    PPRAG_2024_05_22,
    "first country in the world to surpass four million valid domestic invention patents",
    entity="domestic holders (China)",
)
_s(
    "sa.valid_invention_total_2023.pprag",
    "valid_invention_patents",
    4.991e6,
    "2023-12",
    "exact",
    PPRAG_2024_05_22,
    entity="all holders, domestic and foreign",
)

# -- inventory, April 2024 -------------------------------------------------------------------------------
_APRIL_INVENTORY = "全国已有1700多家高校和科研机构完成了91.4万件专利盘点，其中发明专利63.6万件"
_APRIL_POOL = "进入转化资源库的专利已有67.6万件，其中发明专利50.6万件"
inventoried_2024_04 = _s(
    "sa.inventoried_2024_04.xinhua",
    "special_action_patents_inventoried",
    914_000,
    "2024-04-24",
    "exact",
    XINHUA_2024_04_24,
    _APRIL_INVENTORY,
    entity=_UNIV_INST,
)
invention_inventoried_2024_04 = _s(
    "sa.invention_inventoried_2024_04.xinhua",
    "special_action_invention_patents_inventoried",
    636_000,
    "2024-04-24",
    "exact",
    XINHUA_2024_04_24,
    _APRIL_INVENTORY,
    entity=_UNIV_INST,
)
_s(
    "sa.institutions_2024_04.xinhua",
    "special_action_institutions_inventorying",
    1700,
    "2024-04-24",
    "more_than",
    XINHUA_2024_04_24,
    _APRIL_INVENTORY,
    entity=_UNIV_INST,
    note="1700多家 ('1,700-odd') read as more than 1,700.",
)
inventory_share_2024_04 = _s(
    "sa.inventory_share_of_stock_2024_04.xinhua",
    "special_action_inventory_share_of_stock",
    0.60,
    "2024-04-24",
    "more_than",
    XINHUA_2024_04_24,
    entity=_UNIV_INST,
    note="'>60 %' of the institutions' valid invention patents (paraphrase in the notes).",
)
selected_2024_04 = _s(
    "sa.selected_2024_04.xinhua",
    "special_action_patents_selected",
    676_000,
    "2024-04-24",
    "exact",
    XINHUA_2024_04_24,
    _APRIL_POOL,
    entity=_UNIV_INST,
)
_s(
    "sa.invention_selected_2024_04.xinhua",
    "special_action_invention_patents_selected",
    506_000,
    "2024-04-24",
    "exact",
    XINHUA_2024_04_24,
    _APRIL_POOL,
    entity=_UNIV_INST,
)
_s(
    "sa.good_prospects_share_2024_04.xinhua",
    "special_action_good_prospects_share",
    0.304,
    "2024-04-24",
    "exact",
    XINHUA_2024_04_24,
    entity=_UNIV_INST,
    note="Paraphrase in the notes.",
)

# -- first quarter and first half of 2024 ----------------------------------------------------------------
_s(
    "sa.invention_application_share_2024q1.cctv",
    "univ_inst_invention_application_share",
    0.719,
    "2024Q1",
    "exact",
    CCTV_2024,
    entity=_UNIV_INST,
    note="Paraphrase in the notes.",
)
_s(
    "sa.invention_application_share_change_2024q1.cctv",
    "univ_inst_invention_application_share_change",
    2.3,
    "2024Q1",
    "exact",
    CCTV_2024,
    entity=_UNIV_INST,
    note="Against 2023 (paraphrase in the notes).",
)
_s(
    "sa.transfers_licences_growth_2024q1.cctv",
    "univ_inst_transfers_licences_growth",
    0.40,
    "2024Q1",
    "nearly",
    CCTV_2024,
    "近4成",
    entity=_UNIV_INST,
    note="近4成 ('nearly four tenths') read as nearly 40 %.",
)
_JUNE = (
    "As of this June, universities and research institutes across the country have made an "
    "inventory of 850,000 existing invention patents, and overall progress has now exceeded 95%"
)
_JUNE_NOTE = (
    "'this June' on a page dated 2025-01-10; the project's notes read it as probably June 2024, "
    "which is recorded here. The original should be checked."
)
invention_inventoried_2024_06 = _s(
    "sa.invention_inventoried_2024_06.scio",
    "special_action_invention_patents_inventoried",
    850_000,
    "2024-06",
    "exact",
    SCIO_2025_01_10,
    _JUNE,
    entity=_UNIV_INST,
    note=_JUNE_NOTE,
)
_s(
    "sa.inventory_progress_2024_06.scio",
    "special_action_inventory_progress",
    0.95,
    "2024-06",
    "more_than",
    SCIO_2025_01_10,
    _JUNE,
    entity=_UNIV_INST,
    note=_JUNE_NOTE,
)
_s(
    "sa.transfers_licences_2024h1.scio",
    "univ_inst_transfers_licences",
    23_000,
    "2024H1",
    "exact",
    SCIO_2025_01_10,
    entity=_UNIV_INST,
    note="Paraphrase in the notes.",
)
_s(
    "sa.transfers_licences_growth_2024h1.scio",
    "univ_inst_transfers_licences_growth",
    0.222,
    "2024H1",
    "exact",
    SCIO_2025_01_10,
    entity=_UNIV_INST,
    note="Paraphrase in the notes.",
)

# -- November 2024 ----------------------------------------------------------------------------------------
inventoried_2024_11 = _s(
    "sa.inventoried_2024_11.jingji",
    "special_action_patents_inventoried",
    1.349e6,
    "2024-11-29",
    "exact",
    JINGJI_2024_11_30,
    "完成134.9万件存量专利盘点和价值分析",
    entity=_UNIV_INST,
    note="Stated by Heng Fuguang (CNIPA) at the press conference of 2024-11-29. The count covers "
    "universities and research institutes only (more than 2,700 of them, per CNIPA's "
    "interpretation of its 2025 notice), not all patent holders in China.",
)

# -- CNIPA's interpretation of its 2025 notice (cumulative results the seed restates) -------------
_CNIPA_INVENTORY = "指导全国2700多家高校和科研机构完成了134.9万件存量专利的盘点"
_CNIPA_POOL = "筛选68万件发明专利进入可转化资源库"
_CNIPA_NOTE = (
    "Cumulative since the launch (October 2023), as of the notice dated 2025-05-21; "
    "the interpretation gives no date of its own."
)
_s(
    "sa.inventoried_2025.cnipa",
    "special_action_patents_inventoried",
    1.349e6,
    _SINCE_LAUNCH,
    "exact",
    CNIPA_2025_NOTICE_INTERPRETATION,
    _CNIPA_INVENTORY,
    entity=_UNIV_INST,
    note=_CNIPA_NOTE,
)
_s(
    "sa.institutions_2025.cnipa",
    "special_action_institutions_inventorying",
    2700,
    _SINCE_LAUNCH,
    "more_than",
    CNIPA_2025_NOTICE_INTERPRETATION,
    _CNIPA_INVENTORY,
    entity=_UNIV_INST,
    note="2700多家 read as more than 2,700. " + _CNIPA_NOTE,
)
invention_selected_2025 = _s(
    "sa.invention_selected_2025.cnipa",
    "special_action_invention_patents_selected",
    680_000,
    _SINCE_LAUNCH,
    "exact",
    CNIPA_2025_NOTICE_INTERPRETATION,
    _CNIPA_POOL,
    entity=_UNIV_INST,
    note="Invention patents only. " + _CNIPA_NOTE,
)
_s(
    "sa.smes_2025.cnipa",
    "special_action_smes_supported",
    9000,
    _SINCE_LAUNCH,
    "more_than",
    CNIPA_2025_NOTICE_INTERPRETATION,
    "筛选9000余家高成长性中小企业进行重点培育",
    note="9000余家 read as more than 9,000. " + _CNIPA_NOTE,
)
_s(
    "sa.financing_intentions_2024.cnipa",
    "special_action_financing_intentions",
    20e9,
    "2024",
    "more_than",
    CNIPA_2025_NOTICE_INTERPRETATION,
    "2024年专利对接活动达成投融资意向金额200多亿元",
    note="Dated to 2024 alone; 200多亿 read as more than 20 billion yuan.",
)

CLAIMS = _book.claims
