"""The main job: ``policyts report`` runs the analyses on the bundled data and writes a
self-contained page (``index.html``, or ``index.md``), its figures (``figures/*.png``) and
``results.json``, which holds every number the page shows.

What the report contains
------------------------
1. **Findings**: for every analysed series, what the evidence supports and what it does
   not.
2. **Claims**: the claim catalogue (:func:`policyts.indicators.catalogue`) with each
   claim's qualifier and the interval it implies.
3. **Audit**: the consistency checks between claims (:func:`policyts.indicators.audit`).
4. **Indicators**: one figure per dated indicator, claims with their intervals and the
   policy events marked.
5. **Break analyses**: for every bundled annual series, the unknown-date tests (sup-F with
   Hansen and bootstrap p-values; OLS-CUSUM), Bai-Perron dating with Bai (1997) intervals,
   and at each relevant event the known-date test (Chow F, or the Chow predictive test when
   the post-event sample is too short) with the catalogued events close enough to confound
   it, and the policy-effect estimates of :func:`policyts.models.effects.effect`
   (segmented regression with AR(1) errors) with their warnings.
6. **Comparators**: the same tests at the same (Chinese) event dates on resident
   applications of eight other economies, as placebos.
7. **Coverage**: every bundled variable that is *not* analysed, and why.
8. **Events** and **data sources**.

Reproducibility
---------------
The numbers depend only on the bundled data and fixed seeds, and figures are written
without a time stamp or software version, so two runs give byte-identical
``results.json`` and PNG files. Everything is written to a temporary directory beside the
output and moved into place at the end: a failed run leaves no half-written report.

Notes
-----
Each number on the page is printed from ``results.json`` (the page is rendered from that
dictionary alone, by :func:`render_html` or :func:`render_markdown`);
``tests/test_report.py`` checks every numeric table cell against it, and a Chow statistic
against a least-squares computation by hand.

References
----------
Andrews (1993), Econometrica 61; Bai (1997), REStat 79; Bai & Perron (1998), Econometrica
66, and (2003), J. Applied Econometrics 18; Chow (1960), Econometrica 28; Hansen (1997),
JBES 15, and (2000), J. Econometrics 97; Ploberger & Kraemer (1992), Econometrica 60.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import json
import math
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "AnalysisSpec",
    "DEFAULT_ANALYSES",
    "DEFAULT_EVENTS",
    "draw_figure",
    "format_number",
    "register",
    "render_html",
    "render_markdown",
    "run_report",
]

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
    ) -> AnalysisSpec:
        """An analysis of column ``column`` of a user CSV file (see :func:`read_csv`)."""
        p = Path(path)
        return cls(
            dataset=p.name,
            variable=column,
            log=log,
            start=start,
            end=end,
            title=title,
            jurisdiction=jurisdiction,
            path=str(p),
            time=time,
        )

    @property
    def key(self) -> str:
        """Identifier used for anchors and figure file names."""
        parts = [self.dataset.replace(".", "_"), self.variable, *(v for _, v in self.select)]
        key = "-".join(_slug(p) for p in parts) or "series"
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
_NOT_ANALYSED: dict[tuple[str, str], str] = {
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

_WHOLE_DATASET_REASONS = {
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
_INDICATOR_SERIES = {
    "patent_intensive_gdp_share": ("patent_intensive_industries", "gdp_share"),
    "patent_intensive_value_added": ("patent_intensive_industries", "value_added"),
}


# Longest analysis key (the bundled ones have at most 66 characters): figure names add
# ``analysis-`` and ``-effect-EVENT.png``; longer names are shortened at MAX_NAME.
_KEY_MAX = 80


def _slug(text: str) -> str:
    out = "".join(c if c.isalnum() else "_" for c in str(text).lower())
    return "_".join(p for p in out.split("_") if p)


def _slug_file(text: str) -> str:
    """A file-name-safe form of an already slugged name (letters, digits, ``-``, ``_``)."""
    return "".join(c if (c.isascii() and c.isalnum()) or c in "-_" else "_" for c in text)


def _progress(i: int, total: int, what: str) -> None:
    width = 24
    done = int(width * i / total) if total else width
    sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {i}/{total} {what[:50]:<50}")
    if i == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


# --------------------------------------------------------------------------- numbers


def format_number(x: Any) -> str:
    """How the report prints a number: the one formatter of the page.

    Integers as they are (years, counts of observations); integer-valued floats below
    10^7 with thousands separators (``4,038``); other floats to four significant digits
    (``0.01234``, ``1.071e+13``); ``None`` (a missing or infinite value in
    ``results.json``) as ``n/a``.
    """
    if x is None:
        return "n/a"
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        if math.isnan(x):
            return "n/a"
        if math.isinf(x):
            return "\u221e" if x > 0 else "-\u221e"
        if x.is_integer() and abs(x) < 1e7:
            return f"{int(x):,}"
        return f"{x:.4g}"
    return str(x)


def _clean(x: Any) -> Any:
    if isinstance(x, bool) or x is None or isinstance(x, str):
        return x
    if isinstance(x, float):
        return None if math.isnan(x) or math.isinf(x) else round(x, 12)
    if isinstance(x, int):
        return x
    if isinstance(x, dict):
        return {str(k): _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    if hasattr(x, "item"):
        return _clean(x.item())
    if hasattr(x, "isoformat"):
        return x.isoformat()
    return str(x)


# --------------------------------------------------------------------------- inputs


@dataclass
class _Prepared:
    spec: AnalysisSpec
    data: Any  # xarray.DataArray, the analysed (transformed) series
    raw: Any  # xarray.DataArray, the same years untransformed (for the effect models)
    notes: list[str]
    source: str
    freq: str


def _load_variable(spec: AnalysisSpec) -> tuple[Any, str]:
    from policyts import datasets

    if spec.path is not None:
        ds = datasets.read_csv(spec.path, time=spec.time, columns=[spec.variable])
        return ds[spec.variable], f"user file {spec.path}"
    ds = datasets.load(spec.dataset)
    if spec.variable not in ds.data_vars:
        raise ValueError(
            f"dataset {spec.dataset!r} has no variable {spec.variable!r}; it has "
            f"{sorted(str(v) for v in ds.data_vars)}"
        )
    da = ds[spec.variable]
    for dim, value in spec.select:
        if dim not in da.dims:
            raise ValueError(f"{spec.dataset}.{spec.variable} has no dimension {dim!r}")
        if value not in [str(v) for v in da[dim].values]:
            raise ValueError(
                f"{spec.dataset}.{spec.variable}: {dim}={value!r} is not one of "
                f"{[str(v) for v in da[dim].values]}"
            )
        da = da.sel({dim: value})
    return da, str(da.attrs.get("source", ""))


def _prepare(spec: AnalysisSpec) -> _Prepared:
    """Load, select, transform and validate one series; ``ValueError`` naming problems."""
    import xarray as xr

    from policyts._series import as_series

    da, source = _load_variable(spec)
    if da.ndim != 1:
        raise ValueError(
            f"{spec.dataset}.{spec.variable} has dimensions {tuple(da.dims)}; fix the other "
            "dimensions with AnalysisSpec(select=...)"
        )
    dim = str(da.dims[0])
    if spec.start is not None or spec.end is not None:
        da = da.sel({dim: slice(spec.start, spec.end)})
    if da.sizes[dim] == 0:
        raise ValueError(
            f"{spec.dataset}.{spec.variable} has no observations in {spec.start}..{spec.end}"
        )
    notes: list[str] = []
    if spec.path is None:
        from policyts import datasets

        ds = datasets.load(spec.dataset)
        status = f"{spec.variable}_status"
        if status in ds:
            st = ds[status]
            for d, v in spec.select:
                st = st.sel({d: v})
            st = st.sel({dim: da[dim]})
            derived = [int(t) for t in da[dim].values[st.values == 1]]
            if derived:
                notes.append(
                    f"values for {derived} are derived (computed from published figures, "
                    "not published themselves)"
                )
    values = np.asarray(da.values, dtype=float)
    if np.isnan(values).any():
        where = [str(v) for v in da[dim].values[np.isnan(values)]]
        raise ValueError(
            f"{spec.dataset}.{spec.variable} has missing values at {where}; choose start/end "
            "so the series has none (nothing is filled or dropped silently)"
        )
    attrs = dict(da.attrs)
    if spec.log:
        if (values <= 0).any():
            raise ValueError(
                f"{spec.dataset}.{spec.variable} has values <= 0, which have no logarithm; "
                "use log=False"
            )
        values = np.log(values)
        attrs["long_name"] = f"log of {attrs.get('long_name', spec.variable)}"
        units = attrs.get("units")
        attrs["units"] = f"log({units})" if units else "log"
    out = xr.DataArray(values, coords={dim: da[dim].values}, dims=(dim,), name=spec.variable)
    out.attrs = {k: attrs[k] for k in ("long_name", "units") if k in attrs}
    series = as_series(out)
    return _Prepared(spec, out, da, notes, source, series.freq)


# --------------------------------------------------------------------------- analyses


def _relevant(event: Any, jurisdiction: str) -> bool:
    return bool(event.jurisdiction == "CN" or event.jurisdiction == jurisdiction)


def _first_period(event_id: str, freq: str) -> Any:
    from policyts import events

    return events.first_affected_period(event_id, freq)


def _window(first: Any, freq: str) -> tuple[Any, Any]:
    import pandas as pd

    if freq == "year":
        return first - 1, first + 1
    p = first if isinstance(first, pd.Period) else pd.Period(first, freq=freq)
    return (p - 1).start_time.date(), (p + 1).end_time.date()


def _event_test(prep: _Prepared, event_id: str) -> dict[str, Any]:
    """Known-date test at one event: Chow F, or the predictive test for a short post-period."""
    from policyts import events
    from policyts.models import chow, chow_predictive

    ev = events.get(event_id)
    out: dict[str, Any] = {"event": event_id, "event_date": ev.label, "event_kind": ev.kind}
    if not _relevant(ev, prep.spec.jurisdiction):
        out["status"] = "not relevant"
        out["reason"] = (
            f"the event applies to {ev.jurisdiction}, the series to {prep.spec.jurisdiction}"
        )
        return out
    try:
        first = _first_period(event_id, prep.freq)
    except ValueError as exc:
        out["status"] = "date too coarse"
        out["reason"] = str(exc)
        return out
    out["first_affected"] = first if isinstance(first, int) else str(first)
    labels = [v.item() if hasattr(v, "item") else v for v in prep.data[prep.data.dims[0]].values]
    keys = [str(v) for v in labels]
    if str(first) not in keys:
        out["status"] = "outside the series"
        out["reason"] = (
            f"the first affected period {first} lies outside the sample {labels[0]}-{labels[-1]}"
        )
        return out
    pos = keys.index(str(first))
    if pos == 0:
        out["status"] = "outside the series"
        out["reason"] = f"{first} is the first observation: there is no pre-event period"
        return out
    lo, hi = _window(first, prep.freq)
    near = events.events_in_window(lo, hi, exclude=(event_id,))
    out["confounders"] = [e.id for e in near if _relevant(e, prep.spec.jurisdiction)]
    out["confounders_statistical"] = [
        e.id for e in near if e.kind == "statistical" and _relevant(e, prep.spec.jurisdiction)
    ]
    n = len(labels)
    out["n_pre"], out["n_post"] = pos, n - pos
    at = labels[pos]
    try:
        res = chow(prep.data, at=at, trend=True)
        out["test"] = "chow"
    except ValueError as exc:
        out["chow_not_computable"] = str(exc)
        try:
            res = chow_predictive(prep.data, at=at, trend=True)
        except ValueError as exc2:
            out["status"] = "too few observations"
            out["reason"] = str(exc2)
            return out
        out["test"] = "chow_predictive"
    out.update(
        {
            "status": "computed",
            "stat": res.stat,
            "scale": res.scale,
            "df": list(res.df),
            "p_value": res.pvalue,
        }
    )
    return out


def _effect(prep: _Prepared, event_id: str) -> tuple[dict[str, Any], Any]:
    """Policy-effect estimate at one event (:func:`policyts.models.effects.effect`).

    Segmented regression with AR(1) errors and the module's default inference (parametric
    bootstrap-t, placebo-in-time test), on the log of the series when the analysis is in
    logs, with the series' jurisdiction for the confounder check.
    """
    from policyts.models.effects import effect

    try:
        res = effect(
            prep.raw,
            event=event_id,
            log=prep.spec.log,
            jurisdiction=prep.spec.jurisdiction,
            name=prep.spec.variable,
        )
    except ValueError as exc:
        return {"event": event_id, "status": "not computable", "reason": str(exc)}, None
    return {
        "event": event_id,
        "status": "computed",
        "result": res.to_dict(),
        "warnings": list(res.warnings),
    }, res


def _bp_entry(bp: Any) -> dict[str, Any]:
    d = bp.to_dict()
    breaks = []
    for b in bp.breaks:
        item = {"label": b.label, "end_label": b.end_label, "ci_end_label": None, "ci": None}
        if b.ci_index is not None:
            n = bp.n_obs
            item["ci_end_label"] = list(b.ci)
            # Same interval in the first-period-of-the-new-regime convention.
            item["ci"] = [
                bp.labels[min(b.ci_index[0] + 1, n - 1)],
                bp.labels[min(b.ci_index[1] + 1, n - 1)],
            ]
        breaks.append(item)
    d["breaks"] = breaks
    return d


def _unknown_date_tests(
    prep: _Prepared,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    from policyts.models import bai_perron, cusum, sup_f

    y = prep.data
    n = int(y.size)
    objs: dict[str, Any] = {}
    try:
        sf = sup_f(y, trend=True, trim=0.15 if n >= 20 else 3, bootstrap=BOOTSTRAP_DRAWS, seed=SEED)
        objs["sup_f"] = sf
        sfd: dict[str, Any] = {
            **sf.to_dict(),
            "break_label": sf.break_label,
            "break_end_label": sf.break_end_label,
            "bootstrap_draws": BOOTSTRAP_DRAWS,
            "seed": SEED,
        }
    except ValueError as exc:
        sfd = {"not_computable": str(exc)}
    try:
        bp = bai_perron(y, trend=True, trim=0.15, max_breaks=3, level=LEVEL)
        objs["bai_perron"] = bp
        bpd = _bp_entry(bp)
    except ValueError as exc:
        bpd = {"not_computable": str(exc)}
    try:
        cs = cusum(y, trend=True, kind="ols-cusum", alpha=1 - LEVEL)
        objs["cusum"] = cs
        first = cs.details.get("first boundary crossing", "none")
        csd: dict[str, Any] = {
            "name": cs.name,
            "stat": cs.stat,
            "p_value": cs.pvalue,
            "alpha": cs.alpha,
            "critical_value": cs.critical_value,
            "crossed": bool(cs.crossed),
            "first_crossing": None if first == "none" else first,
        }
    except ValueError as exc:
        csd = {"not_computable": str(exc)}
    return sfd, bpd, csd, objs


def _in_interval(year: Any, ci: Sequence[Any] | None) -> bool:
    if ci is None:
        return False
    try:
        return bool(float(ci[0]) <= float(year) <= float(ci[1]))
    except (TypeError, ValueError):
        return bool(str(ci[0]) <= str(year) <= str(ci[1]))


def _p(x: Any) -> str:
    return format_number(x)


def _finding(entry: dict[str, Any]) -> dict[str, list[str]]:
    """What the evidence supports and what it does not, in sentences built from numbers."""
    sup: list[str] = []
    nots: list[str] = []
    alpha = 1 - LEVEL
    sf, bp, cs = entry["sup_f"], entry["bai_perron"], entry["cusum"]
    years = entry["years"]
    if "p_value" in sf:
        p, pb = sf.get("p_value"), sf.get("bootstrap_p_value")
        both = p is not None and pb is not None and p < alpha and pb < alpha
        if both:
            sup.append(
                f"At least one change in the level or trend between {years[0]} and {years[1]}: "
                f"sup-F p = {_p(p)} (Hansen), bootstrap p = {_p(pb)}; the largest F is at "
                f"{sf['break_label']} (first period of the new regime)."
            )
        elif p is not None and p < alpha:
            nots.append(
                f"A firm break: the asymptotic sup-F p = {_p(p)} is below {_p(alpha)} but the "
                f"bootstrap p = {_p(pb)}, more reliable in {entry['n_obs']} observations, is not."
            )
        else:
            nots.append(
                f"A break in level or trend at an unknown date: sup-F p = {_p(p)}, bootstrap "
                f"p = {_p(pb)}."
            )
    else:
        nots.append(f"Any unknown-date test: {sf.get('not_computable', 'not computed')}.")
    if "breaks" in bp:
        br = bp["breaks"]
        if br:
            parts = [
                f"{b['label']} ({_p(LEVEL * 100)}% interval {b['ci'][0]}-{b['ci'][1]})"
                if b["ci"]
                else f"{b['label']} (interval not computable)"
                for b in br
            ]
            sup.append(
                f"Bai-Perron (BIC) dates {len(br)} break(s), first period of each new regime: "
                + "; ".join(parts)
                + "."
            )
        else:
            nots.append("Any break chosen by BIC (Bai-Perron selects none).")
    if cs.get("crossed"):
        sup.append(
            f"Parameter instability: the OLS-CUSUM process crosses its {_p(cs['alpha'])} "
            f"boundary, first at {cs['first_crossing']} (p = {_p(cs['p_value'])})."
        )
    elif "p_value" in cs:
        nots.append(
            f"Instability by OLS-CUSUM (p = {_p(cs['p_value'])}); the test has little power "
            "against a change in slope alone, so this does not contradict the F tests."
        )
    breaks = bp.get("breaks", []) if isinstance(bp, dict) else []
    chow_rejected = False
    for e in entry["events"]:
        if e.get("status") != "computed":
            continue
        name, first = e["event"], e["first_affected"]
        at = f"At {first} ({name})"
        matched = [b for b in breaks if _in_interval(first, b.get("ci"))]
        timing = (
            f"the timing lies in the interval of the break dated {matched[0]['label']}"
            if matched
            else ""
        )
        if e["test"] == "chow" and e["p_value"] < alpha:
            chow_rejected = True
            extra = f", and {timing}" if timing else "; but no estimated break interval contains it"
            sup.append(
                f"{at}: the coefficients differ before and after (Chow F = {_p(e['stat'])}, "
                f"p = {_p(e['p_value'])}){extra}."
            )
        elif e["test"] == "chow":
            if timing:
                sup.append(f"{at}: {timing}.")
            nots.append(
                f"{at}: a change at that date (Chow F = {_p(e['stat'])}, p = {_p(e['p_value'])})."
            )
        else:
            verdict = "depart from" if e["p_value"] < alpha else "are in line with"
            nots.append(
                f"{at}: a lasting change. Only {e['n_post']} period(s) follow; by the Chow "
                f"predictive test they {verdict} the pre-event model (p = {_p(e['p_value'])})."
            )
        if e.get("confounders"):
            stat_ev = e.get("confounders_statistical") or []
            text = (
                f"Attributing a change at {first} to {name} alone: "
                f"{len(e['confounders'])} other catalogued event(s) fall within one period"
            )
            if stat_ev:
                text += ", among them changes in the statistics (" + ", ".join(stat_ev) + ")"
            nots.append(text + ".")
    if chow_rejected:
        nots.append(
            "Dating a change by the Chow tests: a Chow test at a fixed date also rejects when "
            "the change came at another date; the break dates are Bai-Perron's."
        )
    warn_kinds: list[str] = []
    for ef in entry.get("effects", []):
        if ef.get("status") != "computed":
            continue
        r = ef["result"]
        est = r.get("level_change_percent") or r.get("level_change")
        if est and est.get("estimate") is not None and est["ci"][0] is not None:
            text = (
                f"At {r['first_treated']} ({ef['event']}): a level change of "
                f"{_p(est['estimate'])} {est['scale']} by the effect model "
                f"({_p(r['level'] * 100)}% interval {_p(est['ci'][0])} to {_p(est['ci'][1])}"
            )
            if r.get("placebo_p_value") is not None:
                text += f"; placebo-in-time p = {_p(r['placebo_p_value'])}"
            excludes_zero = est["ci"][0] > 0 or est["ci"][1] < 0
            (sup if excludes_zero else nots).append(
                text + (")." if excludes_zero else "; the interval includes no change).")
            )
        for w in ef.get("warnings", []):
            # Confounding events are summarised above from the event tests; the rest are
            # grouped by kind here and listed in full with each estimate.
            if not w.startswith("confounding event inside the window"):
                # The kind of warning, without its numbers ("... (rho = 0.980)").
                kind = re.sub(r"\s*\([^)]*\)", "", w.split(":", 1)[0])
                if kind not in warn_kinds:
                    warn_kinds.append(kind)
    if warn_kinds:
        nots.append(
            "Taking the effect estimates at face value: their models warn of "
            + "; ".join(warn_kinds)
            + " (in full with each estimate)."
        )
    n_tests = sum(1 for e in entry["events"] if e.get("status") == "computed")
    if n_tests > 1:
        nots.append(
            f"Reading the {n_tests} event p-values as independent evidence: they test one "
            "series several times."
        )
    nots.append(
        "Causation: a break that coincides with an event is consistent with, not proof of, "
        "a policy effect."
    )
    return {"supports": sup, "does_not_support": nots}


# --------------------------------------------------------------------------- figures


class _Figures:
    """Draws, saves and remembers figures, without pyplot and with fixed style."""

    def __init__(self, directory: Path, enabled: bool) -> None:
        self.directory = directory
        self.enabled = enabled
        self.files: dict[str, str] = {}
        self._rc: dict[str, Any] | None = None
        if enabled:
            directory.mkdir(parents=True, exist_ok=True)

    def draw(
        self,
        name: str,
        paint: Callable[[Any], Any],
        *,
        size: tuple[float, float] = (6.4, 3.4),
    ) -> str | None:
        """Draw with ``paint(ax)``; return the file name, or None when figures are off."""
        if not self.enabled:
            return None
        import matplotlib
        from matplotlib.figure import Figure

        from policyts._output import MAX_NAME
        from policyts.plotting import save_figure

        stem = _slug_file(name)
        if stem != name or len(stem) + 4 > MAX_NAME:
            # Built from user text (non-ASCII or long): shorten, and keep names distinct.
            digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
            stem = f"{stem[: MAX_NAME - 15]}-{digest}"
        file = f"{stem}.png"
        if self._rc is None:
            # Matplotlib's defaults, not the user's matplotlibrc: the figures must not
            # depend on the machine. The backend settings are left as they are.
            with matplotlib.rc_context():
                matplotlib.rcdefaults()
                defaults = dict(matplotlib.rcParams)
            skip = {"backend", "backend_fallback", "interactive"}
            self._rc = {k: v for k, v in defaults.items() if k not in skip}
            # A fixed title height spares matplotlib a layout pass per figure.
            self._rc.update({"font.size": 8.0, "axes.titlesize": 9.0, "axes.titley": 1.0})
            # Titles and labels carry user text (column names): "$" is a character there,
            # not the start of a formula that may fail to parse after the whole run.
            self._rc["text.parse_math"] = False
        with matplotlib.rc_context(self._rc):  # type: ignore[arg-type]
            fig = Figure(figsize=size)
            # Fixed margins rather than a layout engine: a layout engine lays every figure
            # out in an extra pass (a third of the report's time), and equal margins keep
            # the figures aligned on the page. Labels are wrapped to fit them.
            fig.subplots_adjust(left=0.16, right=0.98, bottom=0.15, top=0.91)
            ax = fig.subplots()
            paint(ax)
            save_figure(fig, self.directory / file, dpi=90)
        self.files[name] = file
        return file


def _indicator_figures(
    figs: _Figures, event_ids: Sequence[str], tick: Callable[[str], None]
) -> list[dict[str, Any]]:
    from policyts import indicators

    out = []
    info = indicators.indicators()
    for ind_id, long_name in info:
        tick(f"indicator {ind_id}")
        ds = indicators.get(ind_id)
        n_claims = int(ds.sizes["claim"])
        n_dated = int(np.isfinite(np.asarray(ds["year"].values, dtype=float)).sum())
        entry: dict[str, Any] = {
            "indicator": ind_id,
            "long_name": long_name,
            "family": str(ds.attrs.get("family", "")),
            "units": str(ds[ind_id].attrs.get("units", "")),
            "n_claims": n_claims,
            "n_dated": n_dated,
            "figure": None,
        }
        if n_dated == 0:
            entry["note"] = "no dated claim: shown in the claims table only"
        else:
            series = None
            if ind_id in _INDICATOR_SERIES:
                from policyts import datasets

                dname, var = _INDICATOR_SERIES[ind_id]
                series = datasets.load(dname)[var]
                entry["statistics"] = f"{dname}.{var}"

            def paint(ax: Any, ds: Any = ds, series: Any = series) -> None:
                from policyts import plotting

                plotting.indicator(ds, ax=ax, events=event_ids, series=series)

            entry["figure"] = figs.draw(f"indicator-{_slug(ind_id)}", paint, size=(6.4, 3.0))
        out.append(entry)
    return out


def _analysis_figures(
    figs: _Figures, prep: _Prepared, objs: dict[str, Any], event_ids: Sequence[str]
) -> dict[str, str | None]:
    from policyts import plotting

    y = prep.data
    key = prep.spec.key
    out: dict[str, str | None] = {}
    labels = [v.item() if hasattr(v, "item") else v for v in y[y.dims[0]].values]
    placeable = []
    for e in event_ids:
        try:
            plotting._event_x(_event_obj(e), labels)
            placeable.append(e)
        except ValueError:
            continue
    lo, hi = labels[0], labels[-1]
    shown = [e for e in placeable if _event_in_range(e, prep.freq, lo, hi)]
    if "bai_perron" in objs:
        bp = objs["bai_perron"]
        out["regimes"] = figs.draw(
            f"analysis-{key}-regimes",
            lambda ax: plotting.regimes(bp, y=y, ax=ax, events=shown),
        )
    else:
        out["series"] = figs.draw(
            f"analysis-{key}-series", lambda ax: plotting.timeseries(y, ax=ax, events=shown)
        )
    if "sup_f" in objs:
        sf = objs["sup_f"]
        out["f_path"] = figs.draw(
            f"analysis-{key}-fpath",
            lambda ax: plotting.f_path(sf, ax=ax, level=LEVEL, events=shown),
            size=(6.4, 2.8),
        )
    if "cusum" in objs:
        cs = objs["cusum"]
        out["cusum"] = figs.draw(
            f"analysis-{key}-cusum",
            lambda ax: plotting.cusum(cs, ax=ax, events=shown),
            size=(6.4, 2.8),
        )
    for eid, res in objs.get("effects", {}).items():

        def paint(ax: Any, res: Any = res, eid: str = eid) -> None:
            plotting.counterfactual(res, ax=ax, events=[eid])

        out[f"effect:{eid}"] = figs.draw(f"analysis-{key}-effect-{_slug(eid)}", paint)
    return out


def draw_figure(
    spec: AnalysisSpec,
    kind: str,
    path: str | os.PathLike[str],
    *,
    event_ids: Iterable[str] | None = None,
) -> Path:
    """Draw one figure of an analysis exactly as the report draws it, and save it as PNG.

    Parameters
    ----------
    spec : AnalysisSpec
        The analysis (e.g. ``DEFAULT_ANALYSES[0]``, China's resident applications).
    kind : {"regimes", "series", "f_path", "cusum"}
        The figure: the series with its Bai-Perron regimes and break intervals (or the
        bare series when no dating is possible), the F path with the sup-F critical value,
        or the OLS-CUSUM process.
    path : path-like
        Where to write the PNG.
    event_ids : iterable of str, optional
        Events to mark (default :data:`DEFAULT_EVENTS`).

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    ValueError
        For an unknown kind, or one this analysis has no figure of.
    """
    kinds = ("regimes", "series", "f_path", "cusum")
    if kind not in kinds:
        raise ValueError(f"kind must be one of {kinds}, not {kind!r}")
    ids = tuple(event_ids) if event_ids else DEFAULT_EVENTS
    prep = _prepare(spec)
    *_, objs = _unknown_date_tests(prep)
    target = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        figs = _Figures(Path(tmp), True)
        drawn = _analysis_figures(figs, prep, objs, ids)
        if not drawn.get(kind):
            raise ValueError(f"the analysis {spec.key!r} has no {kind!r} figure")
        shutil.copyfile(Path(tmp) / str(drawn[kind]), target)
    return target


def _event_obj(event_id: str) -> Any:
    from policyts import events

    return events.get(event_id)


def _event_in_range(event_id: str, freq: str, lo: Any, hi: Any) -> bool:
    try:
        first = _first_period(event_id, freq)
    except ValueError:
        return False
    if freq == "year":
        return bool(int(lo) <= int(first) <= int(hi) + 1)
    return True


# --------------------------------------------------------------------------- sections


def _claims_and_audit() -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """The claim catalogue and the audit, or empty lists with a note when unavailable."""
    try:
        from policyts import indicators

        cat = indicators.catalogue()
        rule = indicators.DEFAULT_RULE.describe()
        results = indicators.audit()
    except (AttributeError, ImportError) as exc:  # pragma: no cover - package always has them
        return [], [], {"available": False, "note": f"claims not available: {exc}"}
    claims = []
    for row in cat.to_dict(orient="records"):
        claims.append(
            {
                "id": row["id"],
                "family": row["family"],
                "indicator": row["indicator"],
                "value": row["value"],
                "unit": row["unit"],
                "period": row["period"],
                "qualifier": row["qualifier"],
                "lower": row["lower"],
                "upper": row["upper"],
                "lower_open": bool(row["lower_open"]),
                "upper_open": bool(row["upper_open"]),
                "is_target": bool(row["is_target"]),
                "status": row["status"],
                "source_publisher": row["source_publisher"],
                "source_title": row["source_title"],
                "source_date": row["source_date"],
                "source_url": row["source_url"],
                "derived_from": list(row["derived_from"] or ()),
                "formula": row["formula"],
            }
        )
    audit = [r.to_dict() for r in results]
    counts: dict[str, int] = {}
    for r in audit:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    return claims, audit, {"available": True, "qualifier_rule": rule, "audit_counts": counts}


def _comparators(event_ids: Sequence[str], figs: _Figures) -> dict[str, Any]:
    """Placebo: the same tests on other economies' resident applications at the same dates."""
    import xarray as xr

    from policyts import datasets, events
    from policyts.models import bai_perron, chow, sup_f

    ds = datasets.load("comparator_resident_applications")
    national = [e for e in event_ids if events.get(e).jurisdiction == "CN"]
    rows = []
    logs = {}
    for econ in [str(v) for v in ds["economy"].values]:
        da = ds["resident"].sel(economy=econ).dropna("year")
        if int(da.sizes["year"]) != int(ds.sizes["year"]):
            raise ValueError(f"comparator {econ} has missing years")  # pragma: no cover
        y = xr.DataArray(
            np.log(da.values), coords={"year": da["year"].values}, dims=("year",), name=econ
        )
        logs[econ] = y
        sf = sup_f(y, trend=True, bootstrap=BOOTSTRAP_DRAWS, seed=SEED)
        bp = bai_perron(y, trend=True, trim=0.15, max_breaks=3, level=LEVEL)
        row: dict[str, Any] = {
            "economy": econ,
            "sup_f_p_value": sf.pvalue,
            "sup_f_bootstrap_p_value": sf.bootstrap_pvalue,
            "sup_f_break_label": sf.break_label,
            "bai_perron_breaks": [b.label for b in bp.breaks],
            "events": {},
        }
        years = [int(v) for v in y["year"].values]
        for e in national:
            first = _first_period(e, "year")
            if not years[0] < first <= years[-1]:
                row["events"][e] = {"status": "outside the series"}
                continue
            try:
                res = chow(y, at=first, trend=True)
                row["events"][e] = {"status": "computed", "stat": res.stat, "p_value": res.pvalue}
            except ValueError as exc:
                row["events"][e] = {"status": "not computable", "reason": str(exc)}
        rows.append(row)

    def paint(ax: Any) -> None:
        from policyts import plotting

        for i, (econ, y) in enumerate(logs.items()):
            rel = y - float(y.values[0])
            style = {"linewidth": 2.2 if econ == "CHN" else 1.0, "color": f"C{i}"}
            ax.plot(y["year"].values, rel.values, label=econ, **style)
        years = [int(v) for v in ds["year"].values]
        inside = [e for e in national if _event_in_range(e, "year", years[0], years[-1])]
        plotting.mark_events(ax, inside, labels=years)
        ax.set_ylabel("log of resident applications,\nchange since 1985 [log(applications)]")
        ax.set_xlabel("year")
        ax.legend(ncol=3, fontsize=7, frameon=False, loc="upper left")

    fig = figs.draw("comparators", paint, size=(6.4, 3.6))
    return {
        "dataset": "comparator_resident_applications",
        "years": [int(ds["year"].values[0]), int(ds["year"].values[-1])],
        "events": national,
        "rows": rows,
        "figure": fig,
    }


def _coverage(analyses: Sequence[AnalysisSpec]) -> list[dict[str, str]]:
    from policyts import datasets

    done = {(a.dataset, a.variable) for a in analyses if a.path is None}
    out = []
    for name in datasets.names():
        ds = datasets.load(name)
        for var in [str(v) for v in ds.data_vars]:
            if (name, var) in done:
                continue
            if var.endswith("_status"):
                reason = "status flags of another variable (0 seen, 1 derived, 2 missing)"
            elif (name, var) in _NOT_ANALYSED:
                reason = _NOT_ANALYSED[(name, var)]
            elif name in _WHOLE_DATASET_REASONS:
                reason = _WHOLE_DATASET_REASONS[name]
            elif ds[var].dtype.kind not in "fiu":
                reason = "text (notes or source ids), not a series"
            else:
                reason = "not among the analyses of this report"
            out.append({"dataset": name, "variable": var, "reason": reason})
    return out


def _data_sources(analyses: Sequence[AnalysisSpec], bundled: bool) -> list[dict[str, str]]:
    from policyts import datasets

    names = list(dict.fromkeys([a.dataset for a in analyses if a.path is None]))
    if bundled:
        names.append("comparator_resident_applications")
    return [{"dataset": n, "citation": datasets.citation(n)} for n in dict.fromkeys(names)]


# --------------------------------------------------------------------------- run


def run_report(
    out: str | Path = "report",
    *,
    fmt: str = "html",
    event_ids: Iterable[str] | None = None,
    analyses: Sequence[AnalysisSpec] = DEFAULT_ANALYSES,
    progress: bool = True,
    figures: bool = True,
    comparators: bool = True,
    force: bool = False,
    bundled: bool = True,
) -> dict[str, Any]:
    """Run every analysis and write the report to ``out``; return the results.

    Parameters
    ----------
    out : str or pathlib.Path
        Output folder: a new folder, or one an earlier report wrote (it holds the marker
        ``.policyts-report.json`` listing that report's files). Only files of the earlier
        report are replaced, and only when the run succeeds; anything else in the folder
        stays. Empty paths, ``.``, the working folder or a folder above it, the home
        folder, a folder holding ``.git`` and symbolic links are refused (see
        :mod:`policyts._output`).
    fmt : {"html", "md"}
        ``index.html`` (self-contained: figures embedded as base64 PNG, and also written to
        ``figures/``) or ``index.md`` (figures linked from ``figures/``).
    event_ids : iterable of str, optional
        Events to test (default :data:`DEFAULT_EVENTS`).
    analyses : sequence of AnalysisSpec
        The series to analyse (default :data:`DEFAULT_ANALYSES`, every bundled annual
        series); :meth:`AnalysisSpec.from_csv` adds your own.
    progress : bool
        Draw a progress bar on standard error.
    figures : bool
        Draw the figures (False: numbers only, a few times faster).
    comparators : bool
        Run the placebo tests on the comparator economies.
    force : bool
        Write into an existing folder that no report wrote, beside its files (which are
        never deleted or overwritten: a name clash stops the run before anything changes).
    bundled : bool
        False leaves out everything about the bundled data that is not among ``analyses``:
        the claims, the audit, the indicator figures, the comparator economies and the
        coverage list (for a report on your own series alone).

    Returns
    -------
    dict
        What ``results.json`` holds: ``events``, ``claims``, ``audit``, ``indicators``,
        ``analyses``, ``comparators``, ``coverage``, ``sources``, ``settings``.

    Raises
    ------
    ValueError
        Unknown format or event id, an output directory that cannot be written, or a series
        that cannot be analysed (unknown dataset, missing variable or column, missing
        values); nothing is written then.
    """
    from policyts import events

    if fmt not in ("html", "md"):
        raise ValueError(f"format must be 'html' or 'md', not {fmt!r}")
    ids = tuple(event_ids) if event_ids else DEFAULT_EVENTS
    for eid in ids:
        events.get(eid)  # raises ValueError naming unknown ids
    if len(set(ids)) != len(ids):
        raise ValueError(f"event ids are repeated: {list(ids)}")
    from policyts import _output

    _output.check_target(out, force=force)  # before any work: nothing is computed in vain
    keys = [a.key for a in analyses]
    if len(set(keys)) != len(keys):
        raise ValueError("two analyses have the same dataset and variable; give each once")
    prepared = [_prepare(a) for a in analyses]  # every input problem surfaces here

    with _output.staged_output(out, force=force) as tmp:
        results = _compute(prepared, ids, tmp, progress, figures, comparators, analyses, bundled)
        _write(results, tmp, fmt)
    return results


def _compute(
    prepared: Sequence[_Prepared],
    ids: tuple[str, ...],
    tmp: Path,
    progress: bool,
    figures: bool,
    comparators: bool,
    analyses: Sequence[AnalysisSpec],
    bundled: bool = True,
) -> dict[str, Any]:
    from policyts import __version__, events, indicators

    figs = _Figures(tmp / "figures", figures)
    comparators = comparators and bundled
    n_ind = len(indicators.indicators()) if bundled else 0
    total = 1 + n_ind + len(prepared) + (1 if comparators else 0) + 1
    step = [0]

    def tick(what: str) -> None:
        if progress:
            _progress(step[0], total, what)
        step[0] += 1

    tick("claims and audit")
    claims: list[dict[str, Any]] = []
    audit: list[dict[str, Any]] = []
    claims_meta: dict[str, Any] = {}
    indicator_entries: list[dict[str, Any]] = []
    if bundled:
        claims, audit, claims_meta = _claims_and_audit()
        indicator_entries = _indicator_figures(figs, ids, tick)
    entries = []
    for prep in prepared:
        spec = prep.spec
        tick(spec.title or spec.key)
        y = prep.data
        labels = [v.item() if hasattr(v, "item") else v for v in y[y.dims[0]].values]
        entry: dict[str, Any] = {
            "key": spec.key,
            "dataset": spec.dataset,
            "variable": spec.variable,
            "select": {d: v for d, v in spec.select},
            "title": spec.title or str(y.attrs.get("long_name", spec.variable)),
            "log": spec.log,
            "long_name": str(y.attrs.get("long_name", spec.variable)),
            "units": str(y.attrs.get("units", "")),
            "jurisdiction": spec.jurisdiction,
            "years": [labels[0], labels[-1]],
            "n_obs": len(labels),
            "notes": prep.notes,
            "source": prep.source,
            "model": "y_t = a + b t + u_t (intercept and linear trend; both may change at a break)",
        }
        sfd, bpd, csd, objs = _unknown_date_tests(prep)
        entry["sup_f"], entry["bai_perron"], entry["cusum"] = sfd, bpd, csd
        tested = ids if spec.events is None else tuple(e for e in ids if e in spec.events)
        if spec.events == ():
            entry["events_note"] = "no catalogued event concerns this series; none tested"
        entry["events"] = [_event_test(prep, eid) for eid in tested]
        effects_list = []
        objs["effects"] = {}
        for e in entry["events"]:
            if e.get("status") != "computed":
                continue
            ed, res = _effect(prep, e["event"])
            effects_list.append(ed)
            if res is not None and hasattr(res, "to_dataset"):
                objs["effects"][e["event"]] = res
        entry["effects"] = effects_list
        entry["finding"] = _finding(entry)
        entry["figures"] = _analysis_figures(figs, prep, objs, tested)
        entries.append(entry)
    comp: dict[str, Any] | None = None
    if comparators:
        tick("comparator economies")
        comp = _comparators(ids, figs)
    tick("writing")
    results: dict[str, Any] = {
        "title": "policyts report",
        "settings": {
            "policyts_version": __version__,
            "level": LEVEL,
            "bootstrap_draws": BOOTSTRAP_DRAWS,
            "seed": SEED,
            "trim": 0.15,
            "max_breaks": 3,
            "break_label": "first period of the new regime",
            "event_rule": "first affected period, rule 'majority' (policyts.events)",
            "figures": figures,
            "bundled": bundled,
        },
        "events": [events.get(e).to_dict() for e in ids],
        "claims_meta": claims_meta,
        "claims": claims,
        "audit": audit,
        "indicators": indicator_entries,
        "analyses": entries,
        "comparators": comp,
        "coverage": _coverage(analyses) if bundled else [],
        "sources": _data_sources(analyses, bundled),
    }
    if progress:
        _progress(total, total, "done")
    return _clean(results)


def _write(results: dict[str, Any], tmp: Path, fmt: str) -> None:
    (tmp / "results.json").write_text(
        json.dumps(results, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    if fmt == "html":
        page = render_html(results, figure_dir=tmp / "figures")
    else:
        page = render_markdown(results)
    (tmp / f"index.{fmt}").write_text(page, encoding="utf-8")


# --------------------------------------------------------------------------- rendering

_esc = html.escape


def _num(x: Any) -> str:
    return f'<td class="num">{_esc(format_number(x))}</td>'


def _interval_text(c: dict[str, Any]) -> str:
    lo, hi = c["lower"], c["upper"]
    left = "(" if c["lower_open"] or lo is None else "["
    right = ")" if c["upper_open"] or hi is None else "]"
    lo_t = "-\u221e" if lo is None else format_number(lo)
    hi_t = "\u221e" if hi is None else format_number(hi)
    return f"{left}{lo_t}; {hi_t}{right}"


def _img(results_fig: str | None, figure_dir: Path | None, alt: str) -> str:
    if not results_fig:
        return ""
    src = f"figures/{results_fig}"
    if figure_dir is not None and (figure_dir / results_fig).exists():
        data = base64.b64encode((figure_dir / results_fig).read_bytes()).decode("ascii")
        src = f"data:image/png;base64,{data}"
    return (
        f'<figure><a href="figures/{_esc(results_fig)}"><img src="{src}" alt="{_esc(alt)}">'
        f"</a><figcaption>{_esc(alt)}</figcaption></figure>"
    )


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:68em;margin:auto;
padding:0 1em;color:#222;line-height:1.45}
h1{margin-bottom:.2em}h2{border-bottom:2px solid #1f4e79;padding-bottom:.15em;margin-top:2em}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}
td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}th{background:#eef2f7}
td.num,td.interval{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
figure{display:inline-block;margin:.4em;max-width:100%}img{max-width:100%;height:auto}
figcaption{font-size:.8em;color:#555}.supports{border-left:4px solid #2e7d32;padding-left:.6em}
.not{border-left:4px solid #c0392b;padding-left:.6em}.note{color:#555;font-size:.9em}
.consistent{color:#2e7d32}.inconsistent{color:#c0392b;font-weight:bold}
.cannot-check{color:#8a6d00}nav ul{columns:2}details{margin:.3em 0}
summary{cursor:pointer;font-weight:600}code{font-size:.85em}
"""


def render_html(results: dict[str, Any], *, figure_dir: Path | None = None) -> str:
    """The report page from ``results`` alone (figures read from ``figure_dir``)."""
    body: list[str] = []
    s = results["settings"]
    body.append("<header><h1>policyts report</h1>")
    body.append(
        "<p>Quantitative claims about China's patent system and military-civil fusion, their "
        "consistency, and structural-break tests of the bundled statistical series around "
        "dated policy events. Every number on this page is in <code>results.json</code>; "
        "figures are in <code>figures/</code>.</p></header>"
    )
    toc = [
        ("findings", "Findings"),
        ("conventions", "Conventions"),
        ("claims", "Claims"),
        ("audit", "Audit"),
        ("indicators", "Indicators"),
        ("analyses", "Break analyses"),
        ("comparators", "Comparators (placebo)"),
        ("coverage", "Coverage"),
        ("events", "Events"),
        ("sources", "Data sources"),
    ]
    body.append(
        "<nav><ul>" + "".join(f'<li><a href="#{i}">{t}</a></li>' for i, t in toc) + "</ul></nav>"
    )
    body.append('<section id="findings"><h2>Findings</h2>')
    for a in results["analyses"]:
        f = a["finding"]
        body.append(
            f'<h3><a href="#analysis-{_esc(a["key"])}">{_esc(a["title"])}</a></h3>'
            + _finding_html(f)
        )
    body.append("</section>")
    body.append('<section id="conventions"><h2>Conventions</h2><ul>')
    body.append(
        f"<li>Breaks are labelled by the <b>{_esc(s['break_label'])}</b>; a Bai-Perron "
        "interval is shown in the same convention (strucchange states it for the old "
        "regime's last period; <code>results.json</code> keeps both).</li>"
    )
    body.append(
        f"<li>Events enter a series at their <b>{_esc(s['event_rule'])}</b>; catalogued events "
        "within one period of it are listed as confounders.</li>"
    )
    body.append(
        "<li>Model: y<sub>t</sub> = a + b t + u<sub>t</sub>, intercept and trend both free to "
        "change. sup-F uses trimming "
        f"{_esc(format_number(s['trim']))} (3 observations in series shorter than 20), "
        f"Hansen (1997) p-values and a fixed-regressor bootstrap of "
        f"{_esc(format_number(s['bootstrap_draws']))} draws (seed "
        f"{_esc(format_number(s['seed']))}); Bai-Perron at most "
        f"{_esc(format_number(s['max_breaks']))} breaks chosen by BIC, "
        f"{_esc(format_number(s['level']))} intervals. Tests are read at level "
        f"1 - {_esc(format_number(s['level']))}.</li>"
    )
    rule = results["claims_meta"].get("qualifier_rule")
    if rule:
        body.append(f"<li>Qualifiers become intervals by the rule: {_esc(rule)}.</li>")
    body.append("</ul></section>")
    body.append(_claims_html(results))
    body.append(_audit_html(results))
    body.append(_indicators_html(results, figure_dir))
    body.append('<section id="analyses"><h2>Break analyses</h2>')
    for a in results["analyses"]:
        body.append(_analysis_html(a, figure_dir))
    body.append("</section>")
    body.append(_comparators_html(results, figure_dir))
    body.append('<section id="coverage"><h2>Coverage</h2>')
    body.append(
        "<p>Every bundled variable that is not analysed above, and why.</p><table>"
        "<tr><th>dataset</th><th>variable</th><th>why not analysed</th></tr>"
    )
    for c in results["coverage"]:
        body.append(
            f"<tr><td>{_esc(c['dataset'])}</td><td>{_esc(c['variable'])}</td>"
            f"<td>{_esc(c['reason'])}</td></tr>"
        )
    body.append("</table></section>")
    body.append(_events_html(results))
    body.append('<section id="sources"><h2>Data sources</h2>')
    for src in results["sources"]:
        body.append(
            f'<h3>{_esc(src["dataset"])}</h3><pre class="note">{_esc(src["citation"])}</pre>'
        )
    body.append(f'<p class="note">policyts {_esc(str(s["policyts_version"]))}.</p></section>')
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>policyts report</title><style>{_CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def _finding_html(f: dict[str, list[str]]) -> str:
    sup = "".join(f"<li>{_esc(t)}</li>" for t in f["supports"]) or "<li>nothing firm</li>"
    nots = "".join(f"<li>{_esc(t)}</li>" for t in f["does_not_support"])
    return (
        f'<div class="supports"><b>The evidence supports</b><ul>{sup}</ul></div>'
        f'<div class="not"><b>It does not support</b><ul>{nots}</ul></div>'
    )


def _claims_html(results: dict[str, Any]) -> str:
    out = ['<section id="claims"><h2>Claims</h2>']
    claims = results["claims"]
    if not claims:
        out.append(f'<p class="note">{_esc(results["claims_meta"].get("note", ""))}</p>')
        return "".join(out) + "</section>"
    out.append(
        f"<p>{len(claims)} claims. The interval is what the qualifier implies under the rule "
        "above: ( ) excludes the bound, [ ] includes it. Targets are plans, not observations.</p>"
    )
    families = list(dict.fromkeys(c["family"] for c in claims))
    for fam in families:
        rows = [c for c in claims if c["family"] == fam]
        out.append(
            f"<details><summary>{_esc(fam)} ({len(rows)} claims)</summary><table>"
            "<tr><th>id</th><th>indicator</th><th>qualifier</th><th>value</th><th>unit</th>"
            "<th>period</th><th>interval</th><th>status</th><th>source</th></tr>"
        )
        for c in rows:
            src = _esc(", ".join(x for x in (c["source_publisher"], c["source_date"]) if x))
            if c["source_url"]:
                src = f'<a href="{_esc(c["source_url"])}">{src}</a>'
            out.append(
                f"<tr><td>{_esc(c['id'])}</td><td>{_esc(c['indicator'])}</td>"
                f"<td>{_esc(c['qualifier'])}</td>{_num(c['value'])}<td>{_esc(c['unit'])}</td>"
                f"<td>{_esc(c['period'])}</td>"
                f'<td class="interval">{_esc(_interval_text(c))}</td>'
                f"<td>{_esc(str(c['status']))}</td><td>{src}</td></tr>"
            )
        out.append("</table></details>")
    return "".join(out) + "</section>"


def _audit_html(results: dict[str, Any]) -> str:
    out = ['<section id="audit"><h2>Audit</h2>']
    audit = results["audit"]
    if not audit:
        out.append('<p class="note">No audit results.</p>')
        return "".join(out) + "</section>"
    counts = results["claims_meta"].get("audit_counts", {})
    out.append(
        "<p>"
        + ", ".join(f"{format_number(v)} {_esc(k)}" for k, v in sorted(counts.items()))
        + ". Each check compares claims as intervals; the details list the intervals compared."
        "</p><table><tr><th>check</th><th>status</th><th>what was checked</th>"
        "<th>claims</th><th>details</th></tr>"
    )
    for r in audit:
        detail = json.dumps(r["detail"], ensure_ascii=False, sort_keys=True)
        reason = r["detail"].get("reason") if isinstance(r["detail"], dict) else None
        shown = f"<p>{_esc(str(reason))}</p>" if reason else ""
        out.append(
            f'<tr><td>{_esc(r["id"])}</td><td class="{_esc(r["status"])}">'
            f"{_esc(r['status'])}</td><td>{_esc(r['description'])}</td>"
            f"<td>{_esc(', '.join(r['claims']))}</td><td>{shown}<details><summary>numbers"
            f"</summary><code>{_esc(detail)}</code></details></td></tr>"
        )
    return "".join(out) + "</table></section>"


def _indicators_html(results: dict[str, Any], figure_dir: Path | None) -> str:
    out = ['<section id="indicators"><h2>Indicators</h2>']
    inds = results["indicators"]
    out.append(
        "<p>One figure per indicator with at least one dated claim: each claim over its "
        "reference period, the bar its interval, an arrow an unbounded side, an open marker "
        "an excluded bound; stars are targets, grey diamonds derived values; dotted lines the "
        "events tested in this report.</p>"
    )
    for fam in dict.fromkeys(i["family"] for i in inds):
        members = [i for i in inds if i["family"] == fam]
        out.append(f"<details><summary>{_esc(fam)} ({len(members)} indicators)</summary>")
        undated = []
        for i in members:
            if i["figure"]:
                out.append(_img(i["figure"], figure_dir, f"{i['indicator']}: {i['long_name']}"))
            elif i["n_dated"]:
                out.append(f'<p class="note">{_esc(i["indicator"])}: figures not drawn.</p>')
            else:
                undated.append(i["indicator"])
        if undated:
            out.append(
                '<p class="note">Undated only (claims table): ' + _esc(", ".join(undated)) + "</p>"
            )
        out.append("</details>")
    return "".join(out) + "</section>"


def _analysis_html(a: dict[str, Any], figure_dir: Path | None) -> str:
    out = [f'<article id="analysis-{_esc(a["key"])}"><h3>{_esc(a["title"])}</h3>']
    sel = ", ".join(f"{k}={v}" for k, v in a["select"].items())
    out.append(
        f'<p class="note">{_esc(a["dataset"])}.{_esc(a["variable"])}'
        + (f" ({_esc(sel)})" if sel else "")
        + f", {_esc(str(a['years'][0]))}-{_esc(str(a['years'][1]))}, "
        f"n = {_esc(format_number(a['n_obs']))}; {_esc(a['long_name'])} [{_esc(a['units'])}]. "
        f"Model: {_esc(a['model'])}. Source: {_esc(a['source'])}.</p>"
    )
    for n in a["notes"]:
        out.append(f'<p class="note">Note: {_esc(n)}</p>')
    if a.get("events_note"):
        out.append(f'<p class="note">{_esc(a["events_note"])}</p>')
    out.append(_finding_html(a["finding"]))
    figs = a["figures"]
    for key, alt in (
        ("regimes", "series, fitted Bai-Perron regimes, break dates with intervals, events"),
        ("series", "series with events"),
        ("f_path", "Chow F at each candidate break date with the sup-F critical value"),
        ("cusum", "OLS-CUSUM process with its boundaries"),
    ):
        if figs.get(key):
            out.append(_img(figs[key], figure_dir, f"{a['title']}: {alt}"))
    sf, bp, cs = a["sup_f"], a["bai_perron"], a["cusum"]
    out.append("<h4>Unknown-date tests</h4>")
    if "p_value" in sf:
        out.append(
            "<table><tr><th>test</th><th>statistic (Wald = k F)</th><th>F</th><th>p (Hansen)"
            "</th><th>p (bootstrap)</th><th>at (first new period)</th></tr>"
            f"<tr><td>sup-F</td>{_num(sf['wald'])}{_num(sf['f'])}{_num(sf['p_value'])}"
            f"{_num(sf['bootstrap_p_value'])}<td>{_esc(str(sf['break_label']))}</td></tr>"
            f"<tr><td>ave-F</td>{_num(sf['ave_wald'])}<td></td>{_num(sf['ave_p_value'])}"
            "<td></td><td></td></tr>"
            f"<tr><td>exp-F</td>{_num(sf['exp_wald'])}<td></td>{_num(sf['exp_p_value'])}"
            "<td></td><td></td></tr></table>"
        )
    else:
        out.append(f'<p class="note">sup-F not computable: {_esc(sf["not_computable"])}</p>')
    if "p_value" in cs:
        out.append(
            "<table><tr><th>test</th><th>statistic</th><th>p</th><th>critical value</th>"
            "<th>crossed</th><th>first crossing</th></tr>"
            f"<tr><td>{_esc(cs['name'])}</td>{_num(cs['stat'])}{_num(cs['p_value'])}"
            f"{_num(cs['critical_value'])}<td>{_esc(str(cs['crossed']))}</td>"
            f"<td>{_esc(str(cs['first_crossing'] or 'none'))}</td></tr></table>"
        )
    else:
        out.append(f'<p class="note">CUSUM not computable: {_esc(cs["not_computable"])}</p>')
    out.append("<h4>Bai-Perron dating</h4>")
    if "breaks" in bp:
        out.append(
            "<table><tr><th>breaks m</th><th>RSS</th><th>BIC</th><th>LWZ</th>"
            "<th>first periods of new regimes</th></tr>"
        )
        for m in range(len(bp["rss"])):
            labels = ", ".join(str(b["label"]) for b in bp["breaks_by_m"].get(str(m), []))
            mark = " (selected)" if m == bp["selected_m"] else ""
            out.append(
                f"<tr><td>{m}{mark}</td>{_num(bp['rss'][m])}{_num(bp['bic'][m])}"
                f"{_num(bp['lwz'][m])}<td>{_esc(labels or '-')}</td></tr>"
            )
        out.append("</table>")
        if bp["breaks"]:
            out.append(
                "<table><tr><th>break (first new period)</th><th>old regime ends</th>"
                f"<th>{_esc(format_number(bp['level']))} interval (first new period)</th>"
                "<th>interval (old regime's last period)</th></tr>"
            )
            for b in bp["breaks"]:
                ci = f"{b['ci'][0]}-{b['ci'][1]}" if b["ci"] else "not computable"
                ce = f"{b['ci_end_label'][0]}-{b['ci_end_label'][1]}" if b["ci_end_label"] else ""
                out.append(
                    f"<tr><td>{_esc(str(b['label']))}</td><td>{_esc(str(b['end_label']))}</td>"
                    f"<td>{_esc(ci)}</td><td>{_esc(ce)}</td></tr>"
                )
            out.append("</table>")
    else:
        out.append(f'<p class="note">Not computable: {_esc(bp["not_computable"])}</p>')
    out.append("<h4>Known-date tests at the events</h4>")
    if a["events"]:
        out.append(
            "<table><tr><th>event</th><th>date</th><th>first affected</th><th>test</th>"
            "<th>statistic</th><th>df</th><th>p</th><th>n before</th><th>n after</th>"
            "<th>confounders (within one period)</th></tr>"
        )
        for e in a["events"]:
            if e.get("status") != "computed":
                out.append(
                    f"<tr><td>{_esc(e['event'])}</td><td>{_esc(e['event_date'])}</td>"
                    f"<td>{_esc(str(e.get('first_affected', '')))}</td>"
                    f'<td colspan="7">{_esc(e["status"])}: {_esc(e.get("reason", ""))}</td></tr>'
                )
                continue
            df = ", ".join(format_number(d) for d in e["df"])
            out.append(
                f"<tr><td>{_esc(e['event'])}</td><td>{_esc(e['event_date'])}</td>"
                f"<td>{_esc(str(e['first_affected']))}</td>"
                f"<td>{_esc(e['test'])} ({_esc(e['scale'])})</td>{_num(e['stat'])}"
                f'<td class="interval">{_esc(df)}</td>{_num(e["p_value"])}'
                f"{_num(e['n_pre'])}{_num(e['n_post'])}"
                f"<td>{_esc(', '.join(e['confounders']))}</td></tr>"
            )
        out.append("</table>")
    else:
        out.append('<p class="note">No event tested.</p>')
    effects = a.get("effects", [])
    if effects:
        out.append("<h4>Effect estimates</h4>")
        for ef in effects:
            if ef["status"] != "computed":
                out.append(
                    f'<p class="note">{_esc(ef["event"])}: {_esc(ef["status"])}: '
                    f"{_esc(ef.get('reason', ''))}</p>"
                )
                continue
            out.append(_effect_html(ef))
            fig = figs.get(f"effect:{ef['event']}")
            if fig:
                out.append(
                    _img(
                        fig, figure_dir, f"{a['title']}: observed and counterfactual, {ef['event']}"
                    )
                )
    return "".join(out) + "</article>"


_EFFECT_ROWS = (
    ("level_change", "level change at the first treated period"),
    ("level_change_percent", "level change"),
    ("slope_change", "slope change"),
    ("slope_change_percent", "slope change"),
    ("pulse", "pulse"),
    ("cumulative_effect", "cumulative effect"),
    ("average_effect", "average effect"),
    ("relative_effect_percent", "relative effect"),
)


def _effect_html(ef: dict[str, Any]) -> str:
    r = ef["result"]
    out = [
        f"<h5>{_esc(ef['event'])}: first treated {_esc(str(r['first_treated']))}</h5>",
        f'<p class="note">{_esc(r["method"])}; pre-period {_esc(str(r["pre_period"][0]))}-'
        f"{_esc(str(r['pre_period'][1]))} ({_esc(format_number(r['n_pre']))} periods), "
        f"post-period {_esc(str(r['post_period'][0]))}-{_esc(str(r['post_period'][1]))} "
        f"({_esc(format_number(r['n_post']))}).</p>",
        "<table><tr><th>estimate</th><th>value</th>"
        f"<th>{_esc(format_number(r['level']))} interval</th><th>p</th><th>scale</th></tr>",
    ]
    for key, name in _EFFECT_ROWS:
        e = r.get(key)
        if not e:
            continue
        ci = "; ".join(format_number(c) for c in e["ci"])
        out.append(
            f'<tr><td>{_esc(name)}</td>{_num(e["estimate"])}<td class="interval">'
            f"{_esc(ci)}</td>{_num(e['p_value'])}<td>{_esc(e['scale'])}</td></tr>"
        )
    out.append("</table>")
    tests = []
    if r.get("p_value") is not None:
        tests.append(f"joint test of no effect p = {format_number(r['p_value'])}")
    pit = r.get("placebo_in_time")
    if pit and pit.get("n_placebos"):
        tests.append(
            f"placebo-in-time p = {format_number(pit['p_value'])} from "
            f"{format_number(pit['n_placebos'])} fake dates (smallest attainable "
            f"{format_number(pit['smallest_attainable_p'])})"
        )
    if tests:
        out.append(f'<p class="note">{_esc("; ".join(tests))}.</p>')
    if ef["warnings"]:
        out.append(
            '<ul class="not">' + "".join(f"<li>{_esc(w)}</li>" for w in ef["warnings"]) + "</ul>"
        )
    return "".join(out)


def _comparators_html(results: dict[str, Any], figure_dir: Path | None) -> str:
    out = ['<section id="comparators"><h2>Comparators (placebo)</h2>']
    comp = results.get("comparators")
    if not comp:
        out.append('<p class="note">Not run.</p>')
        return "".join(out) + "</section>"
    out.append(
        f"<p>Log resident patent applications, {comp['years'][0]}-{comp['years'][1]} "
        "(World Bank WDI), with the same tests. The events are Chinese: for the other "
        "economies their dates are placebos, and a break there at the same date points to a "
        "common cause rather than a Chinese policy.</p>"
    )
    out.append(_img(comp["figure"], figure_dir, "resident applications, change since 1985"))
    head = "".join(f"<th>Chow p at {_esc(e)}</th>" for e in comp["events"])
    out.append(
        "<table><tr><th>economy</th><th>sup-F p</th><th>bootstrap p</th><th>sup-F at</th>"
        f"<th>Bai-Perron breaks (BIC)</th>{head}</tr>"
    )
    for r in comp["rows"]:
        cells = ""
        for e in comp["events"]:
            ev = r["events"][e]
            cells += (
                _num(ev["p_value"])
                if ev["status"] == "computed"
                else f"<td>{_esc(ev['status'])}</td>"
            )
        out.append(
            f"<tr><td>{_esc(r['economy'])}</td>{_num(r['sup_f_p_value'])}"
            f"{_num(r['sup_f_bootstrap_p_value'])}<td>{_esc(str(r['sup_f_break_label']))}</td>"
            f"<td>{_esc(', '.join(str(b) for b in r['bai_perron_breaks']) or '-')}</td>{cells}</tr>"
        )
    return "".join(out) + "</table></section>"


def _events_html(results: dict[str, Any]) -> str:
    out = [
        '<section id="events"><h2>Events</h2><table><tr><th>id</th><th>date</th>'
        "<th>precision</th><th>kind</th><th>jurisdiction</th><th>what</th><th>source</th></tr>"
    ]
    for e in results["events"]:
        src = e["source"]
        text = _esc(", ".join(x for x in (src["publisher"], src["title"], src["date"]) if x))
        if src["url"]:
            text = f'<a href="{_esc(src["url"])}">{text}</a>'
        out.append(
            f"<tr><td>{_esc(e['id'])}</td><td>{_esc(e['date'])}</td><td>{_esc(e['precision'])}"
            f"</td><td>{_esc(e['kind'])}</td><td>{_esc(e['jurisdiction'])}</td>"
            f"<td>{_esc(e['title'])}</td><td>{text}</td></tr>"
        )
    return "".join(out) + "</table></section>"


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]|~#"})


def md_escape(text: Any) -> str:
    """User or source text as inert Markdown: no HTML, links, emphasis or table cells.

    ``<``, ``>`` and ``&`` become character references (so ``<script>`` is text in any
    CommonMark renderer), the Markdown punctuation that starts code, emphasis, links,
    tables, strike-through or headings is backslash-escaped, and line breaks become spaces
    so a value stays in its table cell or list item.
    """
    t = html.escape(str(text), quote=False).translate(_MD_SPECIAL)
    return " ".join(t.splitlines())


def render_markdown(results: dict[str, Any]) -> str:
    """The report as Markdown from ``results`` alone, figures linked from ``figures/``.

    Every piece of text that comes from data (titles, column names, findings, claims,
    sources) passes through :func:`md_escape`; numbers through :func:`format_number`.
    """
    fmt = format_number
    m = md_escape
    lines = [
        "# policyts report",
        "",
        "Claims, their audit, and structural-break tests of the bundled series around policy "
        "events. Every number here is in `results.json`. Breaks are labelled by the first "
        "period of the new regime.",
        "",
        "## Findings",
        "",
    ]
    for a in results["analyses"]:
        lines += [f"### {m(a['title'])}", "", "The evidence supports:", ""]
        lines += [f"- {m(t)}" for t in a["finding"]["supports"]] or ["- nothing firm"]
        lines += ["", "It does not support:", ""]
        lines += [f"- {m(t)}" for t in a["finding"]["does_not_support"]]
        lines.append("")
        for key in ("regimes", "series", "f_path", "cusum"):
            if a["figures"].get(key):
                lines += [f"![{m(a['title'])}: {key}](figures/{a['figures'][key]})", ""]
        if a["events"]:
            lines += [
                "| event | first affected | test | statistic | p | confounders |",
                "| --- | --- | --- | ---: | ---: | --- |",
            ]
            for e in a["events"]:
                if e.get("status") != "computed":
                    lines.append(
                        f"| {m(e['event'])} | {m(e.get('first_affected', ''))} | "
                        f"{m(e['status'])} | | | |"
                    )
                else:
                    lines.append(
                        f"| {m(e['event'])} | {m(e['first_affected'])} | {m(e['test'])} | "
                        f"{fmt(e['stat'])} | {fmt(e['p_value'])} | "
                        f"{m(', '.join(e['confounders']))} |"
                    )
            lines.append("")
    lines += ["## Claims", ""]
    if results["claims"]:
        lines += [
            "| id | qualifier | value | unit | period | interval |",
            "| --- | --- | ---: | --- | --- | --- |",
        ]
        for c in results["claims"]:
            lines.append(
                f"| {m(c['id'])} | {m(c['qualifier'])} | {fmt(c['value'])} | {m(c['unit'])} | "
                f"{m(c['period'])} | {m(_interval_text(c))} |"
            )
    lines += ["", "## Audit", ""]
    for r in results["audit"]:
        lines.append(f"- **{m(r['status'])}** {m(r['id'])}: {m(r['description'])}")
    lines += ["", "## Indicators", ""]
    for i in results["indicators"]:
        if i["figure"]:
            lines.append(f"![{m(i['indicator'])}](figures/{i['figure']})")
    lines += ["", "## Coverage", ""]
    for c in results["coverage"]:
        lines.append(f"- {m(c['dataset'])}.{m(c['variable'])}: {m(c['reason'])}")
    lines += ["", "## Events", ""]
    for e in results["events"]:
        lines.append(f"- {m(e['id'])} ({m(e['date'])}, {m(e['precision'])}): {m(e['title'])}")
    lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------- CLI


def register(sub: Any) -> None:
    """Add ``policyts report`` to the ``policyts`` command."""
    p = sub.add_parser(
        "report",
        help="run the analyses on the bundled data and write a report",
        description=(
            "Run the claims audit and the break analyses on the bundled data and write "
            "index.html (or index.md), figures/ and results.json to --out."
        ),
    )
    p.add_argument("--out", default="report", help="output directory (default: report)")
    p.add_argument("--format", choices=("html", "md"), default="html")
    p.add_argument("--events", nargs="+", default=None, metavar="ID", help="event ids to test")
    p.add_argument(
        "--csv",
        default=None,
        metavar="FILE",
        help="also analyse columns of your own CSV file (with --time and --y)",
    )
    p.add_argument("--time", default="year", help="time column of --csv (default: year)")
    p.add_argument("--y", nargs="+", default=None, metavar="COL", help="columns of --csv")
    p.add_argument("--log", action="store_true", help="analyse the log of the --csv columns")
    p.add_argument(
        "--no-bundled",
        action="store_true",
        help=(
            "analyse only the --csv columns: leave out the bundled series, claims, audit, "
            "indicator figures and comparators"
        ),
    )
    p.add_argument(
        "--force",
        action="store_true",
        help=(
            "write into an existing folder that no report wrote, beside its files (none of "
            "them is ever deleted or overwritten)"
        ),
    )
    p.set_defaults(func=_cli)


def _cli(args: argparse.Namespace) -> int:
    analyses: tuple[AnalysisSpec, ...] = () if args.no_bundled else DEFAULT_ANALYSES
    if args.no_bundled and args.csv is None:
        raise ValueError("--no-bundled analyses only your own series: give --csv FILE --y COL")
    if args.csv is not None:
        if not args.y:
            raise ValueError("--csv needs the columns to analyse: --y COL [COL ...]")
        analyses = analyses + tuple(
            AnalysisSpec.from_csv(args.csv, col, time=args.time, log=args.log) for col in args.y
        )
    elif args.y:
        raise ValueError("--y names columns of a CSV file: give the file with --csv FILE")
    res = run_report(
        args.out,
        fmt=args.format,
        event_ids=tuple(args.events or ()) or None,
        analyses=analyses,
        progress=sys.stderr.isatty(),
        force=args.force,
        bundled=not args.no_bundled,
    )
    n_fig = sum(1 for i in res["indicators"] if i["figure"])
    print(
        f"wrote {args.out}/index.{args.format}, {args.out}/results.json and figures "
        f"({len(res['analyses'])} analyses, {len(res['claims'])} claims, {n_fig} indicator "
        "figures)"
    )
    return 0
