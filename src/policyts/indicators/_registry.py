"""The catalogue: all families' claims, validated together, as a table or labelled xarray data."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import import_module
from types import ModuleType

import numpy as np
import pandas as pd
import xarray as xr

from policyts.indicators._claim import Claim, Indicator
from policyts.indicators._interval import DEFAULT_RULE, QUALIFIERS, QualifierRule
from policyts.indicators._units import unit_info

__all__ = ["FAMILIES", "claims", "catalogue", "get", "indicators", "claim_by_id", "indicator_info"]

#: Family modules, in catalogue order.
FAMILIES: tuple[str, ...] = (
    "defence_patents",
    "defence_contractors",
    "mcf_funding",
    "patent_intensive",
    "special_action",
    "patent_system",
    "misc",
)


def _module(family: str) -> ModuleType:
    return import_module(f"policyts.indicators.{family}")


@cache
def _load() -> tuple[tuple[Claim, ...], dict[str, Indicator], dict[str, str]]:
    all_claims: list[Claim] = []
    inds: dict[str, Indicator] = {}
    family_of: dict[str, str] = {}
    for fam in FAMILIES:
        mod = _module(fam)
        for ind in mod.INDICATORS:
            if ind.id in inds:
                raise ValueError(f"indicator id {ind.id!r} is defined twice")
            inds[ind.id] = ind
        for c in mod.CLAIMS:
            family_of[c.id] = fam
        all_claims.extend(mod.CLAIMS)
    validate_claims(all_claims, inds)
    return tuple(all_claims), inds, family_of


def validate_claims(claims: Iterable[Claim], indicators: Mapping[str, Indicator]) -> None:
    """Check claims against each other and their indicators.

    Raises
    ------
    ValueError
        For a duplicate claim id, an unknown indicator, a unit different from the indicator's,
        or a ``derived_from`` id that is not an earlier claim.
    """
    seen: set[str] = set()
    for c in claims:
        if c.id in seen:
            raise ValueError(f"claim {c.id!r}: field 'id': duplicate id")
        ind = indicators.get(c.indicator)
        if ind is None:
            raise ValueError(
                f"claim {c.id!r}: field 'indicator': unknown indicator {c.indicator!r}"
            )
        if ind.unit != c.unit:
            raise ValueError(
                f"claim {c.id!r}: field 'unit': {c.unit!r} differs from indicator "
                f"{ind.id!r} ({ind.unit!r})"
            )
        for d in c.derived_from:
            if d not in seen:
                raise ValueError(
                    f"claim {c.id!r}: field 'derived_from': {d!r} is not an earlier claim"
                )
        seen.add(c.id)


def claims(family: str | None = None) -> tuple[Claim, ...]:
    """All claims of the catalogue in family order, or those of one ``family``.

    Examples
    --------
    >>> from policyts.indicators import claims
    >>> dp = claims("defence_patents")
    >>> dp[0].id, dp[0].value, dp[0].qualifier
    ('dp.released_2017.iiss', 2000.0, 'at_least')
    >>> print(dp[0].interval())
    [2,000, inf)
    """
    all_claims, _, family_of = _load()
    if family is None:
        return all_claims
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}; use one of {list(FAMILIES)}")
    return tuple(c for c in all_claims if family_of[c.id] == family)


def _suggest(name: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(options), n=5, cutoff=0.5)
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def claim_by_id(claim_id: str) -> Claim:
    """The claim with id ``claim_id``; ``ValueError`` with suggestions if unknown.

    Examples
    --------
    >>> from policyts.indicators import claim_by_id
    >>> c = claim_by_id("dp.released_2017.iiss")
    >>> c.indicator, c.unit, c.period
    ('defence_patents_released', 'count:patents', '2017')
    """
    by_id = {c.id: c for c in claims()}
    try:
        return by_id[claim_id]
    except KeyError:
        raise ValueError(f"unknown claim id {claim_id!r}{_suggest(claim_id, by_id)}") from None


def indicator_info(indicator_id: str) -> Indicator:
    """The :class:`Indicator` with id ``indicator_id``; ``ValueError`` with suggestions.

    Examples
    --------
    >>> from policyts.indicators import indicator_info
    >>> info = indicator_info("defence_patents_declassified")
    >>> info.unit, info.family
    ('count:patents', 'defence_patents')
    """
    inds = _load()[1]
    try:
        return inds[indicator_id]
    except KeyError:
        raise ValueError(
            f"unknown indicator {indicator_id!r}{_suggest(indicator_id, inds)}; "
            "policyts.indicators.indicators() lists them"
        ) from None


def indicators() -> list[tuple[str, str]]:
    """``(indicator id, long name)`` for every indicator, in family order.

    Examples
    --------
    >>> from policyts.indicators import indicators
    >>> dict(indicators())["defence_patents_declassified"]
    'national defence patents declassified in one batch'
    """
    return [(i.id, i.long_name) for i in _load()[1].values()]


def _none_if_inf(x: float) -> float | None:
    return None if math.isinf(x) else x


def catalogue(rule: QualifierRule = DEFAULT_RULE) -> pd.DataFrame:
    """One row per claim.

    Columns: ``id, family, indicator, value, unit, period, precision, year, qualifier, lower,
    upper, lower_open, upper_open, is_target, entity, status, source_key, source_kind,
    source_publisher, source_title, source_date, source_url, quote, derived_from, formula,
    note``.

    ``lower``/``upper`` come from ``rule`` (``-inf``/``inf`` for an unbounded end); ``year`` is
    the year in which the period ends (NaN when undated).

    Examples
    --------
    >>> from policyts.indicators import catalogue
    >>> cat = catalogue()
    >>> row = cat.set_index("id").loc["dp.released_2017.iiss"]
    >>> print(row["value"], row["qualifier"], row["lower"], row["upper"])
    2000.0 at_least 2000.0 inf
    """
    cs, _, family_of = _load()
    rows = []
    for c in cs:
        iv = c.interval(rule)
        p = c.period_info
        rows.append(
            {
                "id": c.id,
                "family": family_of[c.id],
                "indicator": c.indicator,
                "value": c.value,
                "unit": c.unit,
                "period": c.period,
                "precision": p.precision,
                "year": float(p.year) if p.year is not None else np.nan,
                "qualifier": c.qualifier,
                "lower": iv.lower,
                "upper": iv.upper,
                "lower_open": iv.lower_open,
                "upper_open": iv.upper_open,
                "is_target": c.is_target,
                "entity": c.entity,
                "status": c.status,
                "source_key": c.source.key,
                "source_kind": c.source.kind,
                "source_publisher": c.source.publisher,
                "source_title": c.source.title,
                "source_date": c.source.date,
                "source_url": c.source.url,
                "quote": c.quote,
                "derived_from": c.derived_from,
                "formula": c.formula,
                "note": c.note,
            }
        )
    return pd.DataFrame(rows)


def _sort_key(c: Claim) -> tuple[int, str, str]:
    p = c.period_info
    return (0, p.start.isoformat(), c.id) if p.start is not None else (1, "", c.id)


def get(indicator_id: str, rule: QualifierRule = DEFAULT_RULE) -> xr.Dataset:
    """The claims of one indicator as a labelled :class:`xarray.Dataset`.

    Parameters
    ----------
    indicator_id : str
        An id from :func:`indicators`.
    rule : QualifierRule
        Turns qualifiers into bounds (default :data:`DEFAULT_RULE`).

    Returns
    -------
    xarray.Dataset
        Dimension ``claim`` (one entry per claim, ordered by the start of its period, undated
        last). Data variables: ``<id>`` (the stated values), ``<id>_lower`` and ``<id>_upper``
        (bounds under ``rule``, ``-inf``/``inf`` when unbounded) and ``<id>_qualifier`` (CF
        flags, ``flag_values``/``flag_meanings``). Coordinates along ``claim``: ``period``,
        ``precision``, ``year`` (indexed: ``ds.sel(year=2017)`` selects every claim about 2017;
        the year in which the period ends, NaN when undated), ``time`` (last day of the period),
        ``entity``, ``status``, ``source`` and ``quote``. Attributes follow CF: ``units``,
        ``long_name``, ``source``, ``references``, ``ancillary_variables``.

    Raises
    ------
    ValueError
        For an unknown indicator id (with close matches suggested).

    Notes
    -----
    ``tests/test_indicators.py`` builds every indicator and checks its attributes, that
    ``lower <= value <= upper`` for every claim, and that the flags decode to each claim's
    qualifier.

    Examples
    --------
    >>> from policyts.indicators import get
    >>> ds = get("defence_patents_declassified")
    >>> ds["defence_patents_declassified"].sel(year=2018).values.tolist()
    [4000.0, 4038.0, 4038.0, 4038.0]
    """
    ind = indicator_info(indicator_id)
    members = sorted((c for c in claims() if c.indicator == ind.id), key=_sort_key)
    name = ind.id
    values = np.array([c.value for c in members], dtype=float)
    ivs = [c.interval(rule) for c in members]
    periods = [c.period_info for c in members]
    years = np.array([np.nan if p.year is None else float(p.year) for p in periods])
    times = np.array(
        [np.datetime64("NaT") if p.end is None else np.datetime64(p.end, "ns") for p in periods],
        dtype="datetime64[ns]",
    )
    unit_long = unit_info(ind.unit).long_name
    citations = list(dict.fromkeys(c.source.citation() for c in members))
    urls = list(dict.fromkeys(c.source.url for c in members if c.source.url))
    flag_values = np.arange(len(QUALIFIERS), dtype=np.int8)
    code = {q: i for i, q in enumerate(QUALIFIERS)}
    ancillary = f"{name}_lower {name}_upper {name}_qualifier"
    bound_comment = f"Bounds from the qualifier by QualifierRule: {rule.describe()}."
    coords = {
        "claim": ("claim", [c.id for c in members]),
        "period": ("claim", [c.period for c in members]),
        "precision": ("claim", [p.precision for p in periods]),
        "year": ("claim", years, {"long_name": "year in which the period ends", "units": "1"}),
        "time": ("claim", times, {"long_name": "last day of the period"}),
        "entity": ("claim", [c.entity for c in members]),
        "status": ("claim", [c.status for c in members]),
        "source": ("claim", [c.source.citation() for c in members]),
        "quote": ("claim", [c.quote for c in members]),
    }
    data_vars = {
        name: (
            "claim",
            values,
            {
                "units": ind.unit,
                "long_name": ind.long_name,
                "unit_meaning": unit_long,
                "source": "; ".join(citations),
                "references": " ".join(urls),
                "ancillary_variables": ancillary,
                "comment": ind.description,
            },
        ),
        f"{name}_lower": (
            "claim",
            np.array([iv.lower for iv in ivs], dtype=float),
            {
                "units": ind.unit,
                "long_name": f"lower bound of {ind.long_name}",
                "comment": bound_comment,
            },
        ),
        f"{name}_upper": (
            "claim",
            np.array([iv.upper for iv in ivs], dtype=float),
            {
                "units": ind.unit,
                "long_name": f"upper bound of {ind.long_name}",
                "comment": bound_comment,
            },
        ),
        f"{name}_qualifier": (
            "claim",
            np.array([code[c.qualifier] for c in members], dtype=np.int8),
            {
                "long_name": f"qualifier of the stated {ind.long_name}",
                "flag_values": flag_values,
                "flag_meanings": " ".join(QUALIFIERS),
            },
        ),
    }
    ds = xr.Dataset(data_vars, coords=coords)
    ds = ds.set_xindex("year")
    ds.attrs = {
        "title": ind.long_name,
        "indicator": ind.id,
        "family": ind.family,
        "Conventions": "CF-1.11",
        "qualifier_rule": rule.describe(),
        "comment": (
            "One entry per claim: sources that disagree are kept side by side. Targets are "
            "flagged (qualifier 'target') and are not observations; derived entries (status "
            "DERIVED) are computed from other claims."
        ),
    }
    return ds
