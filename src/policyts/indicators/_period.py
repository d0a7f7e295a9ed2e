"""Reference periods of claims, written as short strings that keep their precision.

Grammar (one of):

=================  ====================  =======================================================
form               precision             example
=================  ====================  =======================================================
``YYYY``           ``"year"``            ``"2017"``
``YYYY-MM``        ``"month"``           ``"2015-07"``
``YYYY-MM-DD``     ``"day"``             ``"2018-04-26"``
``YYYYHn``         ``"half"``            ``"2023H1"`` (n = 1, 2)
``YYYYQn``         ``"quarter"``         ``"2024Q1"``
``YYYYQn-Qm``      ``"quarters"``        ``"2023Q1-Q3"`` (n <= m)
``A/B``            ``"span"``            ``"2012/2017"``, ``"2020-07/2020-09"``: from the start
                                         of A to the end of B, A and B any form above
``undated``        ``"undated"``         the source gives no reference date
=================  ====================  =======================================================

A period is an interval of days ``[start, end]``. The label used on a ``year`` axis is the
year of ``end`` (a two-year total for 2017/2018 is labelled 2018); undated claims have none.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

__all__ = ["Period", "parse_period"]

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_HALF = re.compile(r"^(\d{4})H([12])$")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_QUARTERS = re.compile(r"^(\d{4})Q([1-4])-Q([1-4])$")

UNDATED = "undated"


@dataclass(frozen=True)
class Period:
    """A parsed reference period.

    Attributes
    ----------
    text : str
        The period as written (``"2023Q1-Q3"``).
    precision : str
        ``"year"``, ``"month"``, ``"day"``, ``"half"``, ``"quarter"``, ``"quarters"``,
        ``"span"`` or ``"undated"``.
    start, end : datetime.date or None
        First and last day covered; ``None`` when undated.

    Examples
    --------
    >>> from policyts.indicators import parse_period
    >>> p = parse_period("2023Q1-Q3")
    >>> p.precision, p.start, p.end
    ('quarters', datetime.date(2023, 1, 1), datetime.date(2023, 9, 30))
    """

    text: str
    precision: str
    start: date | None
    end: date | None

    @property
    def year(self) -> int | None:
        """Year of the last day of the period (``None`` when undated)."""
        return None if self.end is None else self.end.year

    @property
    def start_year(self) -> int | None:
        return None if self.start is None else self.start.year

    @property
    def is_dated(self) -> bool:
        return self.end is not None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _single(text: str) -> tuple[str, date, date] | None:
    if m := _YEAR.match(text):
        y = int(m[1])
        return "year", date(y, 1, 1), date(y, 12, 31)
    if m := _MONTH.match(text):
        y, mo = int(m[1]), int(m[2])
        if not 1 <= mo <= 12:
            return None
        return "month", date(y, mo, 1), _month_end(y, mo)
    if m := _DAY.match(text):
        try:
            d = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
        return "day", d, d
    if m := _HALF.match(text):
        y, h = int(m[1]), int(m[2])
        return "half", date(y, 6 * h - 5, 1), _month_end(y, 6 * h)
    if m := _QUARTER.match(text):
        y, q = int(m[1]), int(m[2])
        return "quarter", date(y, 3 * q - 2, 1), _month_end(y, 3 * q)
    if m := _QUARTERS.match(text):
        y, q1, q2 = int(m[1]), int(m[2]), int(m[3])
        if q1 > q2:
            return None
        return "quarters", date(y, 3 * q1 - 2, 1), _month_end(y, 3 * q2)
    return None


def parse_period(text: str, *, field: str = "period") -> Period:
    """Parse a period string (see the module docstring for the grammar).

    Raises
    ------
    ValueError
        Naming ``field`` when ``text`` does not follow the grammar, names an impossible date,
        or is a span whose start lies after its end.

    Examples
    --------
    >>> parse_period("2023Q1-Q3").end
    datetime.date(2023, 9, 30)
    >>> parse_period("2012/2017").year
    2017
    """
    if not isinstance(text, str):
        raise ValueError(f"field '{field}': expected a string such as '2017', got {text!r}")
    s = text.strip()
    if s == UNDATED:
        return Period(s, "undated", None, None)
    if "/" in s:
        parts = s.split("/")
        if len(parts) == 2:
            a, b = _single(parts[0]), _single(parts[1])
            if a is not None and b is not None:
                if a[1] > b[2]:
                    raise ValueError(
                        f"field '{field}': span {text!r} starts after it ends; "
                        "write the earlier period first"
                    )
                return Period(s, "span", a[1], b[2])
    else:
        one = _single(s)
        if one is not None:
            return Period(s, one[0], one[1], one[2])
    raise ValueError(
        f"field '{field}': cannot parse period {text!r}; use YYYY, YYYY-MM, YYYY-MM-DD, "
        "YYYYH1, YYYYQ1, YYYYQ1-Q3, A/B (a span) or 'undated'"
    )
