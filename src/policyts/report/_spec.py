"""What the report analyses: the analysis specification, the default series and events,
and the fixed settings (confidence level, bootstrap draws, seed)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_EVENTS = (
    "ip_strategy_2008",
    "declassified_patents_2017",
    "patent_subsidy_end_2021",
    "special_action_patent_transformation_2023",
)


LEVEL = 0.95
"""Confidence level of break-date intervals; tests are read at 1 - LEVEL."""


BOOTSTRAP_DRAWS = 999


SEED = 1


@dataclass(frozen=True)
class AnalysisSpec:
    """One series to analyse: where it comes from, its transformation and its years.

    Parameters
    ----------
    dataset : str
        A bundled dataset name (:func:`policyts.datasets.names`), or a label for a user
        file given in ``path``.
    variable : str
        The variable (bundled) or column (user CSV) to analyse.
    log : bool
        Analyse the natural logarithm (a change in slope is then a change in growth rate).
    start, end : int, optional
        First and last year (or period label) to use; the whole series when omitted.
    title : str
        Heading of the analysis; built from the variable's ``long_name`` when empty.
    select : tuple of (str, str) pairs
        Coordinates fixing the other dimensions of a bundled variable, e.g.
        ``(("kind", "utility_model"),)``.
    jurisdiction : str
        ISO 3166 code the series describes (``"CN"``, ``"CN-FJ"``): events of another
        province are not relevant to it and are not counted as its confounders.
    events : tuple of str, optional
        Restrict the event tests to these ids; ``()`` tests no event (the series is
        unrelated to the catalogued events); ``None`` (default) tests every requested one.
    path : str, optional
        A user CSV file, read strictly by :func:`policyts.datasets.read_csv`.
    time : str
        The time column of ``path``.

    Examples
    --------
    >>> spec = AnalysisSpec("fujian_patents", "applications_total", True, 1987, 2020)
    >>> spec.key
    'fujian_patents-applications_total'
    """

    dataset: str
    variable: str
    log: bool
    start: Any = None
    end: Any = None
    title: str = ""
    select: tuple[tuple[str, str], ...] = ()
    jurisdiction: str = "CN"
    events: tuple[str, ...] | None = None
    path: str | None = None
    time: str = "year"

    @classmethod
    def from_csv(
        cls,
        path: str | os.PathLike[str],
        column: str,
        *,
        time: str = "year",
        log: bool = False,
        title: str = "",
        jurisdiction: str = "CN",
        start: Any = None,
        end: Any = None,
        events: tuple[str, ...] | None = None,
    ) -> AnalysisSpec:
        """An analysis of column ``column`` of a user CSV file (see :func:`read_csv`).

        ``events`` restricts the tested events to these ids (catalogued ones, or the ids of
        your own events given to :func:`run_report` as ``extra_events``); ``jurisdiction``
        ``"none"`` makes no catalogued event a confounder of the series.
        """
        p = Path(path)
        return cls(
            dataset=p.name,
            variable=column,
            log=log,
            start=start,
            end=end,
            title=title,
            jurisdiction=jurisdiction,
            events=events,
            path=str(p),
            time=time,
        )

    @property
    def key(self) -> str:
        """Identifier used for anchors and figure file names."""
        parts = [self.dataset.replace(".", "_"), self.variable, *(v for _, v in self.select)]
        key = "-".join(slug(p) for p in parts) or "series"
        if len(key) > _KEY_MAX:  # file names derived from it must stay well within limits
            digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
            key = f"{key[: _KEY_MAX - 11]}-{digest}"
        return key


DEFAULT_ANALYSES = (
    AnalysisSpec(
        "cn_invention_applications",
        "resident",
        True,
        1985,
        2022,
        "China: resident invention applications (log)",
    ),
    AnalysisSpec(
        "cn_invention_applications",
        "nonresident",
        True,
        1985,
        2022,
        "China: non-resident invention applications (log)",
    ),
    AnalysisSpec(
        "fujian_patents",
        "applications_total",
        True,
        1987,
        2020,
        "Fujian: patent applications, all kinds (log; 2021 not published)",
        jurisdiction="CN-FJ",
    ),
    AnalysisSpec(
        "patent_intensive_industries",
        "gdp_share",
        False,
        2018,
        2024,
        "Patent-intensive industries: share of GDP",
    ),
    AnalysisSpec(
        "fujian_patents",
        "applications_invention",
        True,
        1987,
        2020,
        "Fujian: invention applications (log; 2021 not published)",
        jurisdiction="CN-FJ",
    ),
    AnalysisSpec(
        "fujian_patents",
        "applications_utility_model",
        True,
        1987,
        2020,
        "Fujian: utility-model applications (log; 2021 not published)",
        jurisdiction="CN-FJ",
    ),
    AnalysisSpec(
        "fujian_patents",
        "applications_design",
        True,
        1987,
        2020,
        "Fujian: design applications (log; 2021 not published)",
        jurisdiction="CN-FJ",
    ),
    AnalysisSpec(
        "fujian_patents",
        "grants_total",
        True,
        1987,
        2021,
        "Fujian: patents granted, all kinds (log)",
        jurisdiction="CN-FJ",
    ),
    AnalysisSpec(
        "fujian_patents",
        "grants_invention",
        True,
        1987,
        2021,
        "Fujian: invention patents granted (log)",
        jurisdiction="CN-FJ",
    ),
    AnalysisSpec(
        "fujian_patents",
        "grants_utility_model",
        True,
        1987,
        2021,
        "Fujian: utility-model patents granted (log)",
        jurisdiction="CN-FJ",
    ),
    AnalysisSpec(
        "fujian_patents",
        "grants_design",
        True,
        1987,
        2021,
        "Fujian: design patents granted (log)",
        jurisdiction="CN-FJ",
    ),
    AnalysisSpec(
        "cn_applications_by_kind",
        "applications_domestic",
        True,
        2017,
        2022,
        "China: domestic utility-model applications (log; 2017-2022 only)",
        select=(("kind", "utility_model"),),
    ),
    AnalysisSpec(
        "patent_intensive_industries",
        "value_added",
        True,
        2018,
        2024,
        "Patent-intensive industries: value added (log, nominal)",
    ),
    AnalysisSpec(
        "patent_survey_industrialisation",
        "industrialisation_rate",
        False,
        2020,
        2024,
        "Industrialisation rate of enterprises' valid invention patents",
        select=(("patentee", "enterprises"),),
    ),
    AnalysisSpec(
        "cny_usd_exchange_rate",
        "cny_per_usd",
        True,
        1985,
        2022,
        "Yuan per US dollar (log): no catalogued event concerns it",
        events=(),
    ),
)


# Bundled variables the analyses above leave out on purpose, and why: the coverage
# section lists every bundled variable that is neither analysed nor listed here as well.
NOT_ANALYSED: dict[tuple[str, str], str] = {
    ("cn_applications_by_kind", "applications_total"): (
        "six years (2017-2022); the domestic utility-model series is analysed as the one "
        "most exposed to the end of subsidies"
    ),
    ("cn_applications_by_kind", "applications_foreign"): (
        "six years (2017-2022) of small counts; not analysed"
    ),
    ("patent_intensive_industries", "value_added_growth"): (
        "the growth rate of value_added, which is analysed (log)"
    ),
    ("patent_intensive_industries", "gdp_share_change"): (
        "the yearly change of gdp_share, which is analysed"
    ),
    ("patent_survey_industrialisation", "rate_change"): (
        "stated changes of industrialisation_rate, which is analysed (enterprises)"
    ),
}


WHOLE_DATASET_REASONS = {
    "comparator_resident_applications": (
        "analysed in the Comparators section (placebo tests at the same event dates)"
    ),
    "patent_transfers_licences": (
        "mixed reference periods (years, halves, quarters, multi-year spans): no regular "
        "time axis for break tests; the figures appear among the claims and indicators"
    ),
    "patent_pledge_financing": (
        "mixed reference periods (years, halves, quarters, Jan-Oct, multi-year spans): no "
        "regular time axis for break tests; the figures appear among the claims and indicators"
    ),
}


# Indicators with a bundled annual series of the same quantity, drawn beneath the claims.
INDICATOR_SERIES = {
    "patent_intensive_gdp_share": ("patent_intensive_industries", "gdp_share"),
    "patent_intensive_value_added": ("patent_intensive_industries", "value_added"),
}


# Longest analysis key (the bundled ones have at most 66 characters): figure names add
# ``analysis-`` and ``-effect-EVENT.png``; longer names are shortened at MAX_NAME.
_KEY_MAX = 80


def slug(text: str) -> str:
    out = "".join(c if c.isalnum() else "_" for c in str(text).lower())
    return "_".join(p for p in out.split("_") if p)


def slug_file(text: str) -> str:
    """A file-name-safe form of an already slugged name (letters, digits, ``-``, ``_``)."""
    return "".join(c if (c.isascii() and c.isalnum()) or c in "-_" else "_" for c in text)
