"""The unit registry of the claim catalogue.

Every claim states its value in one unit of this registry. The scheme is deliberately small:

==================  ===========================================================  ==============
unit                meaning                                                      natural range
==================  ===========================================================  ==============
``"1"``             a share or fraction of a whole (40 % is stored as 0.4)       [0, 1]
``"ratio"``         a dimensionless multiple ("five-fold" is 5)                  [0, inf)
``"growth_rate"``   a relative change over the claim's period (+127 % is 1.27)   [-1, inf)
``"percent_point"`` a change of a share, in percentage points (0.35 pp is 0.35)  [-100, 100]
``"CNY"``           an amount in yuan (6 billion yuan is 6e9)                    [0, inf)
``"USD"``           an amount in US dollars                                      [0, inf)
``"year"``          a duration in years                                          [0, inf)
``"month"``         a duration in months                                         [0, inf)
``"day"``           a duration in days                                           [0, inf)
``"calendar_year"`` a year of the Gregorian calendar used as a value             (-inf, inf)
``"m"``             a length in metres                                           [0, inf)
``"rank"``          an ordinal rank (1 is first)                                 [1, inf)
``"count:<noun>"``  a count of the named things, e.g. ``"count:patents"``        [0, inf)
==================  ===========================================================  ==============

Counts carry their noun so that 1,000 firms and 1,000 patents are never added up; the nouns
are themselves a closed list (:data:`COUNTED_NOUNS`). Monetary amounts are amounts, not balances,
so their natural floor is 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["Unit", "UNITS", "COUNTED_NOUNS", "unit_info", "is_count"]


@dataclass(frozen=True)
class Unit:
    """One unit of the registry.

    Attributes
    ----------
    name : str
        The registry key, e.g. ``"CNY"`` or ``"count:patents"``.
    long_name : str
        Plain-language meaning, used in labels.
    lower, upper : float
        The natural range of a value in this unit (``-inf``/``inf`` when unbounded). A value
        outside it is rejected, and open-ended qualifier intervals are clipped to it.

    Examples
    --------
    >>> from policyts.indicators import UNITS
    >>> unit = UNITS["count:patents"]
    >>> unit.long_name, unit.lower, unit.is_count
    ('number of patents', 0.0, True)
    """

    name: str
    long_name: str
    lower: float
    upper: float

    @property
    def is_count(self) -> bool:
        return self.name.startswith("count:")


_INF = math.inf

_BASE_UNITS: dict[str, Unit] = {
    u.name: u
    for u in (
        Unit("1", "share of a whole (fraction)", 0.0, 1.0),
        Unit("ratio", "dimensionless multiple", 0.0, _INF),
        Unit("growth_rate", "relative change over the period (fraction)", -1.0, _INF),
        Unit("percent_point", "change of a share in percentage points", -100.0, 100.0),
        Unit("CNY", "Chinese yuan", 0.0, _INF),
        Unit("USD", "US dollars", 0.0, _INF),
        Unit("year", "duration in years", 0.0, _INF),
        Unit("month", "duration in months", 0.0, _INF),
        Unit("day", "duration in days", 0.0, _INF),
        Unit("calendar_year", "calendar year", -_INF, _INF),
        Unit("m", "metres", 0.0, _INF),
        Unit("rank", "ordinal rank (1 = first)", 1.0, _INF),
    )
}

#: Nouns a count may carry (``"count:<noun>"``); plural, snake_case.
COUNTED_NOUNS: frozenset[str] = frozenset(
    {
        "aircraft_types",
        "articles",
        "batches",
        "commands",
        "concepts",
        "departments",
        "facilities",
        "firms",
        "funds",
        "goals",
        "governments",
        "industries",
        "institutions",
        "ip_rights",
        "levels",
        "licences",
        "pages",
        "patent_types",
        "patents",
        "persons",
        "projects",
        "provinces",
        "regions",
        "tasks",
        "teams",
        "tiers",
        "transactions",
    }
)

UNITS: Mapping[str, Unit] = MappingProxyType(
    {
        **_BASE_UNITS,
        **{
            f"count:{noun}": Unit(f"count:{noun}", f"number of {noun.replace('_', ' ')}", 0.0, _INF)
            for noun in sorted(COUNTED_NOUNS)
        },
    }
)


def unit_info(name: str, *, field: str = "unit") -> Unit:
    """Return the registry entry of unit ``name``.

    Raises
    ------
    ValueError
        Naming ``field`` when the unit is not in the registry.
    """
    try:
        return UNITS[name]
    except (KeyError, TypeError):
        if isinstance(name, str) and name.startswith("count"):
            hint = f"counts are written 'count:<noun>' with a noun from {sorted(COUNTED_NOUNS)}"
        else:
            hint = f"use one of {sorted(_BASE_UNITS)} or 'count:<noun>'"
        raise ValueError(f"field '{field}': unknown unit {name!r}; {hint}") from None


def is_count(name: str) -> bool:
    """True if ``name`` is a count unit (``"count:<noun>"``)."""
    return unit_info(name).is_count
