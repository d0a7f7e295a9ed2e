"""Declassified national defence patents (2017 and 2018 batches) and defence patent applications.

The seed articles speak of "thousands" released in early 2017, "about 3,000" in 2017, "more
than 4,000" in 2018 and "more than 7,000" in two years. The primary reports give 2,346 released
of "more than" (or "about") 3,000 declassified in March 2017 and 4,038 declassified on
26 April 2018. Declassified and released are different counts: in 2017 only part of the
declassified patents were opened to the public. China Daily (30 November 2017) reports a further
release in between: brochures on more than 2,400 declassified patents issued at the national
invention exhibition in Foshan (23-25 November 2017); it does not say whether these were a new
batch, so the two-year sums below leave them out and say so.

Two-year totals are DERIVED here (sums of the yearly batches, with interval arithmetic on the
qualifiers); the phrase "over 7,000 in two years" was not found in any primary report.

References
----------
.. [1] China Military Online, 2017-03-06, http://eng.chinamil.com.cn/view/2017-03/06/content_7515762.htm
.. [2] China Military Online / PLA Daily, 2018-04-28, via defense-aerospace.com.
.. [3] M. Nouwens and H. Legarda, "China's Declassification of Defence Patents", IISS-MERICS
   China Security Project, 2018 (the announcement only; the report's own numbers were not seen).

Notes
-----
Every number was checked against the seed texts and the SEEN rows of the project's data-source
notes (section 3); quotes are verified by ``tests/test_claims.py`` when the seeds are available.
"""

from __future__ import annotations

from policyts.indicators._claim import ClaimBook, Indicator
from policyts.indicators._sources import (
    CHINADAILY_2017_03,
    CHINADAILY_2017_11_30,
    CHINAMIL_2017_03_06,
    CHINAMIL_2018_04_28,
    DEFENSEWORLD_2017_03_07,
    DEFENSEWORLD_2018_04_30,
    IISS_2018,
    JANES_2012,
    MOD_2012_09_05,
    UPPAL,
)

FAMILY = "defence_patents"

_F = FAMILY
INDICATORS = (
    Indicator(
        "defence_patents_declassified",
        "national defence patents declassified in one batch",
        "count:patents",
        _F,
        "Patents of the national defence patent system taken out of secrecy in a batch.",
    ),
    Indicator(
        "defence_patents_released",
        "declassified national defence patents released to the public in one batch",
        "count:patents",
        _F,
        "Declassified patents whose list was published (2017: 2,346 of about 3,000).",
    ),
    Indicator(
        "defence_patents_declassified_total",
        "national defence patents declassified in 2017 and 2018 together",
        "count:patents",
        _F,
    ),
    Indicator(
        "defence_patents_released_total",
        "declassified national defence patents released in 2017 and 2018 together",
        "count:patents",
        _F,
    ),
    Indicator(
        "defence_patents_earliest_registration_year",
        "registration year of the oldest patents in the 2017 release",
        "calendar_year",
        _F,
    ),
    Indicator(
        "defence_patents_latest_registration_year",
        "registration year of the newest patents in the 2017 release",
        "calendar_year",
        _F,
    ),
    Indicator(
        "defence_patents_years_without_release",
        "years since the previous release of declassified defence patents",
        "year",
        _F,
        "The 2017 release was called the first in more than 30 years.",
    ),
    Indicator(
        "defence_patents_release_list_pages",
        "length of the published list of the 2017 release",
        "count:pages",
        _F,
    ),
    Indicator(
        "defence_patents_selection_window",
        "window of grant years from which the 2018 batch was selected",
        "year",
        _F,
    ),
    Indicator(
        "defence_patent_applications_growth",
        "average annual growth of defence patent applications",
        "growth_rate",
        _F,
        "Relative change per year, averaged over the period.",
    ),
    Indicator(
        "defence_patent_applications_it_share",
        "information-technology share of defence patent applications",
        "1",
        _F,
    ),
    Indicator(
        "defence_patent_applications_2011_vs_pre2005_sum",
        "defence patent applications in 2011 relative to the sum of the 20 years before 2005",
        "ratio",
        _F,
        "Applications in 2011 divided by applications 1985-2004 summed.",
    ),
)

_book = ClaimBook(FAMILY, INDICATORS)
_s = _book.seen

# -- seeds ------------------------------------------------------------------------------------------
released_2017_iiss = _s(
    "dp.released_2017.iiss",
    "defence_patents_released",
    2000,
    "2017",
    "at_least",
    IISS_2018,
    "China's release of thousands of national defence patents in early 2017",
    note="'thousands' read as at least 2,000; 'early 2017' recorded as the year 2017.",
)
_s(
    "dp.earliest_registration.iiss",
    "defence_patents_earliest_registration_year",
    1990,
    "2017",
    "less_than",
    IISS_2018,
    "with some dating from the late 1980s and others registered as recently as 2016",
    note="'late 1980s' read as before 1990; the text gives no exact year.",
)
_s(
    "dp.latest_registration.iiss",
    "defence_patents_latest_registration_year",
    2016,
    "2017",
    "exact",
    IISS_2018,
    "with some dating from the late 1980s and others registered as recently as 2016",
)
declassified_2017_uppal = _s(
    "dp.declassified_2017.uppal",
    "defence_patents_declassified",
    3000,
    "2017",
    "about",
    UPPAL,
    "the government declassified about 3,000 patents in 2017 and more than 4,000 patents in 2018",
    note="Officials at a Beijing forum on defence-related IPR, as reported by Xinhua on 8 May.",
)
declassified_2018_uppal = _s(
    "dp.declassified_2018.uppal",
    "defence_patents_declassified",
    4000,
    "2018",
    "more_than",
    UPPAL,
    "the government declassified about 3,000 patents in 2017 and more than 4,000 patents in 2018",
)
declassified_total_uppal = _s(
    "dp.declassified_total.uppal",
    "defence_patents_declassified_total",
    7000,
    "2017/2018",
    "more_than",
    UPPAL,
    "China has declassified more than 7,000 military-technology patents in the past two years",
    note="'the past two years' are the 2017 and 2018 batches named in the same paragraph.",
)

# -- primary reports ----------------------------------------------------------------------------------
declassified_2017_chinamil = _s(
    "dp.declassified_2017.chinamil",
    "defence_patents_declassified",
    3000,
    "2017-03",
    "more_than",
    CHINAMIL_2017_03_06,
    "More than 3,000 Chinese national defense patents have been declassified with 2,346 "
    "released to the public",
    entity="National Defense Intellectual Property Office, CMC Equipment Development Department",
    note="Classification review 'since 2015'; the first release was published on the PLA "
    "Weapon Equipment Acquisition Information Network.",
)
released_2017_chinamil = _s(
    "dp.released_2017.chinamil",
    "defence_patents_released",
    2346,
    "2017-03",
    "exact",
    CHINAMIL_2017_03_06,
    "More than 3,000 Chinese national defense patents have been declassified with 2,346 "
    "released to the public",
    entity="National Defense Intellectual Property Office, CMC Equipment Development Department",
)
_s(
    "dp.years_without_release.chinamil",
    "defence_patents_years_without_release",
    30,
    "2017-03",
    "more_than",
    CHINAMIL_2017_03_06,
    "more than 30 years",
    note="The release was the 'first time' in more than 30 years.",
)
declassified_2017_chinadaily = _s(
    "dp.declassified_2017.chinadaily",
    "defence_patents_declassified",
    3000,
    "2017-03",
    "about",
    CHINADAILY_2017_03,
    "declassified about 3,000 national defense patents and opened 2,346 of them to the public",
    note="'about' here versus 'more than' in China Military Online for the same batch.",
)
_s(
    "dp.released_2017.chinadaily",
    "defence_patents_released",
    2346,
    "2017-03",
    "exact",
    CHINADAILY_2017_03,
    "declassified about 3,000 national defense patents and opened 2,346 of them to the public",
)
_s(
    "dp.released_2017_rounded.chinadaily",
    "defence_patents_released",
    2300,
    "2017-03",
    "more_than",
    CHINADAILY_2017_03,
    "more than 2,300",
    note="The same article also rounds the 2,346 released patents to 'more than 2,300'.",
)
_s(
    "dp.release_list_pages.chinadaily",
    "defence_patents_release_list_pages",
    101,
    "2017-03",
    "exact",
    CHINADAILY_2017_03,
    "101 pages",
    note="Length of the list published on weain.mil.cn.",
)
_s(
    "dp.declassified_2017.defenseworld",
    "defence_patents_declassified",
    3000,
    "2017-03",
    "more_than",
    DEFENSEWORLD_2017_03_07,
    "declassified more than 3000 national defense patents with 2346 of them released",
)
_s(
    "dp.released_2017.defenseworld",
    "defence_patents_released",
    2346,
    "2017-03",
    "exact",
    DEFENSEWORLD_2017_03_07,
    "declassified more than 3000 national defense patents with 2346 of them released",
)
declassified_2018_chinamil = _s(
    "dp.declassified_2018.chinamil",
    "defence_patents_declassified",
    4038,
    "2018-04-26",
    "exact",
    CHINAMIL_2018_04_28,
    "declassified 4,038 national defense-related patents on Thursday",
    note="Listed on the PLA weapons procurement network and the State IP Operation Public "
    "Service Platform; areas include materials, radar detection and satellite navigation.",
)
_s(
    "dp.selection_window_2018.chinamil",
    "defence_patents_selection_window",
    3,
    "2018-04-26",
    "exact",
    CHINAMIL_2018_04_28,
    "selected from the patents authorized in the past three years",
)
_s(
    "dp.declassified_2018.defenseworld",
    "defence_patents_declassified",
    4038,
    "2018-04",
    "more_than",
    DEFENSEWORLD_2018_04_30,
    "over 4038",
    note="The lede's wording. Headline: 'China Offers 4038 Military Patents for Civilian Use'; "
    "the body says 'The 4,038 declassified national defense patents' "
    "(dp.declassified_2018_body.defenseworld).",
)
_s(
    "dp.declassified_2018_body.defenseworld",
    "defence_patents_declassified",
    4038,
    "2018-04",
    "exact",
    DEFENSEWORLD_2018_04_30,
    "The 4,038 declassified national defense patents are selected from the patents authorized in "
    "the past three years",
    note="The same article's body, following PLA Daily; its lede says 'over 4038'.",
)
released_2017_11_chinadaily = _s(
    "dp.released_2017_11.chinadaily",
    "defence_patents_released",
    2400,
    "2017-11",
    "more_than",
    CHINADAILY_2017_11_30,
    "Brochures with basic information on more than 2,400 declassified national defense patents "
    "were issued at the opening ceremony of an invention exhibition last week in Foshan",
    entity="National Defense Intellectual Property Rights Bureau, CMC Equipment Development "
    "Department",
    note="Issued at the 22nd National Exhibition of Inventions, Foshan, 23-25 November 2017. The "
    "article does not say whether these patents were a new batch or included those released in "
    "March 2017.",
)
_s(
    "dp.applications_growth.mod",
    "defence_patent_applications_growth",
    0.349,
    "2002/2011",
    "exact",
    MOD_2012_09_05,
    "34.9 percent on average",
    entity="China (defence patent applications)",
)
_s(
    "dp.applications_growth.janes",
    "defence_patent_applications_growth",
    0.35,
    "2002/2011",
    "exact",
    JANES_2012,
    "an average of 35 per cent per year",
    entity="China (defence patent applications)",
    note="Jane's rounding of the Ministry of National Defense figure.",
)
_s(
    "dp.applications_it_share_2002.mod",
    "defence_patent_applications_it_share",
    0.38,
    "2002",
    "exact",
    MOD_2012_09_05,
    "from 38% in 2002 to 55% in 2011",
    entity="China (defence patent applications)",
)
_s(
    "dp.applications_it_share_2011.mod",
    "defence_patent_applications_it_share",
    0.55,
    "2011",
    "exact",
    MOD_2012_09_05,
    "from 38% in 2002 to 55% in 2011",
    entity="China (defence patent applications)",
)
_s(
    "dp.applications_2011_vs_pre2005.mod",
    "defence_patent_applications_2011_vs_pre2005_sum",
    1,
    "2011",
    "more_than",
    MOD_2012_09_05,
    "patent application quantity in 2011 exceeds the 20-year sum before 2005",
    entity="China (defence patent applications)",
    note="A comparison, encoded as a ratio above 1 of 2011 applications to the 1985-2004 sum.",
)

# -- derived two-year totals ------------------------------------------------------------------------
_book.derived(
    "dp.declassified_total.sum_uppal",
    "defence_patents_declassified_total",
    "a + b",
    (declassified_2017_uppal, declassified_2018_uppal),
    "2017/2018",
    note="Sum of the seed's own yearly figures (about 3,000 + more than 4,000).",
)
_book.derived(
    "dp.declassified_total.sum_primary",
    "defence_patents_declassified_total",
    "a + b",
    (declassified_2017_chinamil, declassified_2018_chinamil),
    "2017/2018",
    note="More than 3,000 (China Military Online, March 2017) + 4,038 (26 April 2018). "
    "Possibly incomplete: it leaves out the more than 2,400 patents of the November 2017 "
    "brochures (dp.released_2017_11.chinadaily), which may or may not have been a new batch.",
)
_book.derived(
    "dp.released_total.sum_primary",
    "defence_patents_released_total",
    "a + b",
    (released_2017_chinamil, declassified_2018_chinamil),
    "2017/2018",
    note="2,346 released in March 2017 + 4,038 declassified and listed publicly in 2018. "
    "Possibly incomplete: it leaves out the more than 2,400 patents of the November 2017 "
    "brochures; dp.released_total.sum_primary_with_2017_11 counts them as a new batch.",
)
_book.derived(
    "dp.released_total.sum_primary_with_2017_11",
    "defence_patents_released_total",
    "a + b + c",
    (released_2017_chinamil, released_2017_11_chinadaily, declassified_2018_chinamil),
    "2017/2018",
    note="2,346 (March 2017) + more than 2,400 (November 2017) + 4,038 (April 2018): the total "
    "if the November 2017 brochures were a new batch, which the article does not say.",
)

CLAIMS = _book.claims
