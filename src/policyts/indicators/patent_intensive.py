"""Patent-intensive industries (value added, GDP share) and patent-intensive products.

Value added of the patent-intensive industries is published yearly by the National Bureau of
Statistics and CNIPA from reference year 2018. Each published number is a claim with its own
report; the 2019 level and share are not published in the sources seen and are DERIVED from the
2020 bulletin's growth rate and change of share. The same yearly figures are bundled as the
dataset ``patent_intensive_industries``; the claims here keep the wording and the report of each.

Sector shares are shares of the patent-intensive total, not of GDP.

The seed's "output value already nearing RMB 1 trillion in 2024" for patent-intensive
*products* has no primary source (NOT FOUND in the notes); only the 2025 *target* ("exceed one
trillion yuan") is published, and it is flagged as a target.

References
----------
.. [1] NBS and CNIPA, *Bulletin on the Value-added Data of National Patent Intensive Industry in
   2020*, 2021-12-30, http://www.stats.gov.cn/English/PressRelease/202112/t20211231_1825790.html
.. [2] Xinhua via People's Daily Online, 2023-01-03, 2025-01-08 and 2025-12-31.

Notes
-----
Checked against section 6a of the project's data-source notes (SEEN rows) and the seed text.
The audit verifies the arithmetic the reports state (sector sums and shares, changes of share,
growth rates), see :mod:`policyts.indicators.consistency`.
"""

from __future__ import annotations

from policyts.indicators._claim import ClaimBook, Indicator
from policyts.indicators._sources import (
    CHINADAILY_2024_10_17,
    CNIPA_2025_NOTICE_INTERPRETATION,
    JINGJI_2024_11_30,
    MONDAQ_2023_CNIPA_TARGETS,
    NBS_CNIPA_2021_12_30,
    PATENT_TRANSFORMATION_2025,
    XINHUA_2020_PATENT_INTENSIVE,
    XINHUA_2023_01_03,
    XINHUA_2025_01_08,
    XINHUA_2025_12_31,
)

FAMILY = "patent_intensive"

_F = FAMILY
INDICATORS = (
    Indicator(
        "patent_intensive_value_added",
        "value added of the patent-intensive industries",
        "CNY",
        _F,
        "Nominal, current yuan.",
    ),
    Indicator(
        "patent_intensive_gdp_share",
        "value added of the patent-intensive industries as a share of GDP",
        "1",
        _F,
    ),
    Indicator(
        "patent_intensive_gdp_share_change",
        "change of the GDP share of the patent-intensive industries over the previous year",
        "percent_point",
        _F,
    ),
    Indicator(
        "patent_intensive_value_added_growth",
        "nominal growth of the value added of the patent-intensive industries",
        "growth_rate",
        _F,
        "Year on year for single years; average annual growth for spans.",
    ),
    Indicator(
        "patent_intensive_sector_value_added",
        "value added of one patent-intensive sector",
        "CNY",
        _F,
        "The sector is the claim's entity.",
    ),
    Indicator(
        "patent_intensive_sector_share",
        "share of one sector in the value added of the patent-intensive industries",
        "1",
        _F,
        "The sector is the claim's entity; a share of the patent-intensive total.",
    ),
    Indicator(
        "patent_intensive_sector_growth",
        "nominal year-on-year growth of the value added of one patent-intensive sector",
        "growth_rate",
        _F,
    ),
    Indicator(
        "patent_intensive_rd_expenditure",
        "R&D expenditure of the patent-intensive industries",
        "CNY",
        _F,
    ),
    Indicator(
        "patent_intensive_employment",
        "employment in the patent-intensive industries",
        "count:persons",
        _F,
    ),
    Indicator(
        "patent_intensive_employment_share",
        "employment in the patent-intensive industries as a share of total employment",
        "1",
        _F,
    ),
    Indicator(
        "patent_intensive_product_output",
        "output value of certified patent-intensive products",
        "CNY",
        _F,
    ),
    Indicator(
        "patent_technology_contract_turnover",
        "turnover of patent technology contracts nationwide",
        "CNY",
        _F,
    ),
)

_book = ClaimBook(FAMILY, INDICATORS)
_s = _book.seen

NEW_EQUIPMENT = "new equipment manufacturing"
ICT_MANUFACTURING = "information and communication technology manufacturing"
ICT_SERVICES = "information and communication technology services"
NEW_MATERIALS = "new materials manufacturing"
PHARMACEUTICALS = "pharmaceutical and medical manufacturing"
RD_SERVICES = "R&D, design and technical services"
ENVIRONMENT = "environmental protection"

# -- 2018 (first release) -------------------------------------------------------------------------------
va_2018 = _s(
    "pi.value_added_2018.xinhua",
    "patent_intensive_value_added",
    10.71e12,
    "2018",
    "exact",
    XINHUA_2020_PATENT_INTENSIVE,
    "reached 10.71 trillion yuan",
    note="10.709 trillion yuan (107,090亿) is the sum of the seven sectors stated in the same "
    "release; one English mirror misprints the total as '1070.9 billion-yuan', ten times too "
    "small.",
)
_s(
    "pi.gdp_share_2018.xinhua",
    "patent_intensive_gdp_share",
    0.116,
    "2018",
    "exact",
    XINHUA_2020_PATENT_INTENSIVE,
    "contributing 11.6 percent",
)

#: (sector, value added in yuan, share of the patent-intensive total) by year, as published.
SECTORS: dict[int, tuple[tuple[str, float, float], ...]] = {
    2018: (
        (NEW_EQUIPMENT, 3.2833e12, 0.307),
        (ICT_MANUFACTURING, 2.1551e12, 0.201),
        (ICT_SERVICES, 1.9472e12, 0.182),
        (NEW_MATERIALS, 1.413e12, 0.132),
        (PHARMACEUTICALS, 946.5e9, 0.088),
        (RD_SERVICES, 721.5e9, 0.067),
        (ENVIRONMENT, 242.4e9, 0.023),
    ),
    2020: (
        (NEW_EQUIPMENT, 3419.4e9, 0.282),
        (ICT_SERVICES, 2641.5e9, 0.218),
        (ICT_MANUFACTURING, 2417.7e9, 0.199),
        (ENVIRONMENT, 274.8e9, 0.023),
    ),
    2021: (
        (NEW_EQUIPMENT, 3.85e12, 0.269),
        (ICT_SERVICES, 3.06e12, 0.214),
        (ICT_MANUFACTURING, 2.85e12, 0.20),
        (ENVIRONMENT, 322.8e9, 0.023),
    ),
    2024: (
        (NEW_EQUIPMENT, 5.14e12, 0.285),
        (ICT_SERVICES, 4.37e12, 0.242),
        (ICT_MANUFACTURING, 3.59e12, 0.199),
    ),
}
_SECTOR_SOURCE = {
    2018: XINHUA_2020_PATENT_INTENSIVE,
    2020: NBS_CNIPA_2021_12_30,
    2021: XINHUA_2023_01_03,
    2024: XINHUA_2025_12_31,
}
_SLUG = {
    NEW_EQUIPMENT: "new_equipment",
    ICT_MANUFACTURING: "ict_manufacturing",
    ICT_SERVICES: "ict_services",
    NEW_MATERIALS: "new_materials",
    PHARMACEUTICALS: "pharmaceuticals",
    RD_SERVICES: "rd_services",
    ENVIRONMENT: "environmental_protection",
}
for _year, _rows in SECTORS.items():
    _src = _SECTOR_SOURCE[_year]
    for _sector, _va, _share in _rows:
        _s(
            f"pi.sector_value_added_{_year}_{_SLUG[_sector]}.{_src.key.split('-')[0]}",
            "patent_intensive_sector_value_added",
            _va,
            str(_year),
            "exact",
            _src,
            entity=_sector,
            note="Sector figure as listed in the notes (no verbatim wording recorded).",
        )
        _s(
            f"pi.sector_share_{_year}_{_SLUG[_sector]}.{_src.key.split('-')[0]}",
            "patent_intensive_sector_share",
            _share,
            str(_year),
            "exact",
            _src,
            entity=_sector,
            note="Share of the patent-intensive total (no verbatim wording recorded).",
        )

# -- 2020 bulletin --------------------------------------------------------------------------------------
_BULLETIN_QUOTE = (
    "its proportion in GDP was 11.97 percent, an increase of 0.35 percentage point over the "
    "previous year"
)
va_2020 = _s(
    "pi.value_added_2020.nbs",
    "patent_intensive_value_added",
    12128.9e9,
    "2020",
    "exact",
    NBS_CNIPA_2021_12_30,
    note="12,128.9 billion yuan ('about 12.13 trillion').",
)
share_2020 = _s(
    "pi.gdp_share_2020.nbs",
    "patent_intensive_gdp_share",
    0.1197,
    "2020",
    "exact",
    NBS_CNIPA_2021_12_30,
    _BULLETIN_QUOTE,
)
share_change_2020 = _s(
    "pi.gdp_share_change_2020.nbs",
    "patent_intensive_gdp_share_change",
    0.35,
    "2020",
    "exact",
    NBS_CNIPA_2021_12_30,
    _BULLETIN_QUOTE,
)
growth_2020 = _s(
    "pi.value_added_growth_2020.nbs",
    "patent_intensive_value_added_growth",
    0.058,
    "2020",
    "exact",
    NBS_CNIPA_2021_12_30,
    note="Nominal growth over 2019 (paraphrase in the notes).",
)

# -- 2021 ---------------------------------------------------------------------------------------------------
va_2021 = _s(
    "pi.value_added_2021.xinhua",
    "patent_intensive_value_added",
    14.3e12,
    "2021",
    "exact",
    XINHUA_2023_01_03,
)
share_2021 = _s(
    "pi.gdp_share_2021.xinhua",
    "patent_intensive_gdp_share",
    0.1244,
    "2021",
    "exact",
    XINHUA_2023_01_03,
)
share_change_2021 = _s(
    "pi.gdp_share_change_2021.xinhua",
    "patent_intensive_gdp_share_change",
    0.47,
    "2021",
    "exact",
    XINHUA_2023_01_03,
)
growth_2021 = _s(
    "pi.value_added_growth_2021.xinhua",
    "patent_intensive_value_added_growth",
    0.179,
    "2021",
    "exact",
    XINHUA_2023_01_03,
    note="Nominal growth over 2020.",
)
_s(
    "pi.sector_growth_2021_pharmaceuticals.xinhua",
    "patent_intensive_sector_growth",
    0.409,
    "2021",
    "exact",
    XINHUA_2023_01_03,
    entity=PHARMACEUTICALS,
)

# -- 2022 ---------------------------------------------------------------------------------------------------
_JINGJI_2022 = "增加值达到15.32万亿元，同比增长7.1%，占GDP的比重达到12.7%"
va_2022 = _s(
    "pi.value_added_2022.jingji",
    "patent_intensive_value_added",
    15.32e12,
    "2022",
    "exact",
    JINGJI_2024_11_30,
    _JINGJI_2022,
)
growth_2022 = _s(
    "pi.value_added_growth_2022.jingji",
    "patent_intensive_value_added_growth",
    0.071,
    "2022",
    "exact",
    JINGJI_2024_11_30,
    _JINGJI_2022,
)
share_2022 = _s(
    "pi.gdp_share_2022.jingji",
    "patent_intensive_gdp_share",
    0.127,
    "2022",
    "exact",
    JINGJI_2024_11_30,
    _JINGJI_2022,
    note="13.04 % (2023) minus 0.44 points gives 12.60 %, so the 2022 share was probably "
    "revised later; see the audit.",
)
_s(
    "pi.gdp_share_2022.chinadaily",
    "patent_intensive_gdp_share",
    0.127,
    "2022",
    "exact",
    CHINADAILY_2024_10_17,
    "contributing 12.7 percent",
)
avg_growth_2018_2022 = _s(
    "pi.value_added_growth_2018_2022.chinadaily",
    "patent_intensive_value_added_growth",
    0.0936,
    "2018/2022",
    "exact",
    CHINADAILY_2024_10_17,
    note="Average annual nominal growth 2018-2022 (paraphrase in the notes).",
)
_s(
    "pi.rd_expenditure_2022.chinadaily",
    "patent_intensive_rd_expenditure",
    1.14e12,
    "2022",
    "exact",
    CHINADAILY_2024_10_17,
    note="Paraphrase in the notes.",
)
_s(
    "pi.employment_2022.chinadaily",
    "patent_intensive_employment",
    49e6,
    "2022",
    "more_than",
    CHINADAILY_2024_10_17,
    note="'more than 49 million' (paraphrase in the notes).",
)
_s(
    "pi.employment_share_2022.chinadaily",
    "patent_intensive_employment_share",
    0.067,
    "2022",
    "about",
    CHINADAILY_2024_10_17,
    note="'~6.7 %' in the notes; the base (total employment) is not stated there.",
)

# -- 2023 and 2024 ------------------------------------------------------------------------------------------
_XINHUA_2023 = (
    "contributing 13.04 percent of the country's GDP, an increase of 0.44 percentage points"
)
va_2023 = _s(
    "pi.value_added_2023.xinhua",
    "patent_intensive_value_added",
    16.87e12,
    "2023",
    "exact",
    XINHUA_2025_01_08,
)
share_2023 = _s(
    "pi.gdp_share_2023.xinhua",
    "patent_intensive_gdp_share",
    0.1304,
    "2023",
    "exact",
    XINHUA_2025_01_08,
    _XINHUA_2023,
)
share_change_2023 = _s(
    "pi.gdp_share_change_2023.xinhua",
    "patent_intensive_gdp_share_change",
    0.44,
    "2023",
    "exact",
    XINHUA_2025_01_08,
    _XINHUA_2023,
)
va_2024 = _s(
    "pi.value_added_2024.xinhua",
    "patent_intensive_value_added",
    18.04e12,
    "2024",
    "exact",
    XINHUA_2025_12_31,
)
share_2024 = _s(
    "pi.gdp_share_2024.xinhua",
    "patent_intensive_gdp_share",
    0.1338,
    "2024",
    "exact",
    XINHUA_2025_12_31,
)
share_change_2024 = _s(
    "pi.gdp_share_change_2024.xinhua",
    "patent_intensive_gdp_share_change",
    0.34,
    "2024",
    "exact",
    XINHUA_2025_12_31,
)

# -- derived 2019 ------------------------------------------------------------------------------------------
_book.derived(
    "pi.value_added_2019.implied",
    "patent_intensive_value_added",
    "a / (1 + b)",
    (va_2020, growth_2020),
    "2019",
    note="2020 level divided by 1 + the 2020 nominal growth rate; not a published figure.",
)
_book.derived(
    "pi.gdp_share_2019.implied",
    "patent_intensive_gdp_share",
    "a - b / 100",
    (share_2020, share_change_2020),
    "2019",
    note="2020 share minus the stated change in percentage points; not a published figure.",
)

# -- patent-intensive products and contract turnover ---------------------------------------------------
_s(
    "pi.product_output_2024.seed",
    "patent_intensive_product_output",
    1e12,
    "2024",
    "nearly",
    PATENT_TRANSFORMATION_2025,
    "with output value already nearing RMB 1 trillion in 2024",
    note="CNIPA's interpretation of its 2025 notice gives 9400亿 (940 billion yuan) for 2024 "
    "(pi.product_output_2024.cnipa).",
)
_s(
    "pi.product_output_2024.cnipa",
    "patent_intensive_product_output",
    940e9,
    "2024",
    "exact",
    CNIPA_2025_NOTICE_INTERPRETATION,
    "2024年认定专利密集型产品3100余件，产品产值9400亿元",
    note="Output value of the patent-intensive products certified in 2024 (more than 3,100 "
    "products).",
)
_s(
    "pi.product_output_target_2025.cnipa",
    "patent_intensive_product_output",
    1e12,
    "2025",
    "target",
    MONDAQ_2023_CNIPA_TARGETS,
    "the output of certified patent-intensive products to exceed one trillion yuan",
    note="Target for 2025 ('exceed'), stated by Shen Changyu (CNIPA); not an observation.",
)
_s(
    "pi.contract_turnover_target_2025.cnipa",
    "patent_technology_contract_turnover",
    800e9,
    "2025",
    "target",
    MONDAQ_2023_CNIPA_TARGETS,
    "the turnover of patent technology contracts nationwide to reach 800 billion yuan",
    note="Target for 2025, stated by Shen Changyu (CNIPA); not an observation.",
)

CLAIMS = _book.claims
