"""Dated policy events and the first period of a series that each event can affect.

The catalogue (``events.csv``, shipped inside the package) lists policy, statistical and
institutional events in China's patent system and military-civil fusion, each with the
date at the precision a source supports (day, month, quarter or year) and that source
(publisher, title, date, URL). :func:`first_affected_period` turns an event into the label
of the first period of a time series that lies in the event's new regime; this is the
break-label convention used throughout policyts: a break is labelled by the *first period
of the new regime*, never by the last period of the old one.

Notes
-----
Every date was checked against the page named in its source; a date ships only at the
precision that page supports (the Patent Law amendments, for instance, carry both the
adoption and the entry-into-force date, as separate events, each from a page stating it).
Where sources disagree the ``note`` says so, and a seed document's claim that primary
reports contradict is kept as its own event, cited to the seed
(``ccimcd_chair_2019_01`` next to ``ccimcd_established_2017``). Dated happenings the seed
documents mention (drills, ceremonies, reports) are events of kind ``context``, cited to the seed
where no primary page was seen.

Examples
--------
>>> from policyts import events
>>> events.get("declassified_patents_2018").date
datetime.date(2018, 4, 26)
>>> events.first_affected_period("special_action_patent_transformation_2023", "year")
2024
>>> [e.id for e in events.events_in_window(2017, 2017, kind="statistical")]  # doctest: +NORMALIZE_WHITESPACE
['cnipa_statistical_change_2017', 'fujian_statistical_coverage_2017',
 'sipo_provincial_breakdown_discontinued_2017']
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import sys
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "KINDS",
    "PRECISIONS",
    "RULES",
    "Source",
    "Event",
    "EventCatalogue",
    "CATALOGUE",
    "ImpreciseEventDateWarning",
    "get",
    "between",
    "all_events",
    "to_frame",
    "events_in_window",
    "first_affected_period",
    "user_event",
    "concerns",
]

KINDS = ("policy", "statistical", "institutional", "context")
"""Event kinds: a policy act, a change in how statistics are compiled, a change in
institutions (bodies set up, party congresses, appointments), or ``context``: a dated happening
that is no policy act (a drill, a ceremony, a report, a broadcast) but may still confound a
break at its date, recorded so that the confounder warnings see it."""

PRECISIONS = ("day", "month", "quarter", "year")
"""Date precisions, finest first. A coarse date is stored as the first day of its span."""

RULES = ("containing", "majority", "next")
"""Rules of :func:`first_affected_period`."""

CSV_COLUMNS = (
    "id",
    "date",
    "precision",
    "title",
    "kind",
    "jurisdiction",
    "source_publisher",
    "source_title",
    "source_date",
    "source_url",
    "note",
)

_ID_RE = re.compile(r"[a-z][a-z0-9_]*")
_SOURCE_DATE_RE = re.compile(r"(\d{4}(-\d{2}(-\d{2})?)?)?")
_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH_RE = re.compile(r"(\d{4})-(\d{2})")
_QUARTER_RE = re.compile(r"(\d{4})[Qq]([1-4])")
_YEAR_RE = re.compile(r"\d{4}")
_DATE_FORMS = "'YYYY-MM-DD', 'YYYY-MM', 'YYYYQn' or 'YYYY'"


class ImpreciseEventDateWarning(UserWarning):
    """An event's date was too coarse for the series and ``allow_imprecise=True`` was used.

    Examples
    --------
    An event dated to the year only, on a monthly series:

    >>> import warnings
    >>> from policyts.events import ImpreciseEventDateWarning, first_affected_period
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     period = first_affected_period("ip_pledge_pilot_2008", "M", allow_imprecise=True)
    >>> any(issubclass(w.category, ImpreciseEventDateWarning) for w in caught)
    True
    """


@dataclass(frozen=True)
class Source:
    """Where an event's date was seen.

    Attributes
    ----------
    publisher : str
        Publisher (and author or mirror where relevant).
    title : str
        Title of the page or publication; a title in square brackets is descriptive,
        supplied because the page shows none.
    date : str
        Publication date as far as known: ``"YYYY-MM-DD"``, ``"YYYY-MM"``, ``"YYYY"`` or
        ``""`` (unknown).
    url : str
        Address of the page or DOI link; ``""`` when only the publication is known.

    Examples
    --------
    >>> from policyts.events import get
    >>> src = get("ip_strategy_2008").source
    >>> src.publisher, src.date
    ('CMS Law-Now', '2008-07')
    """

    publisher: str
    title: str
    date: str = ""
    url: str = ""

    def citation(self) -> str:
        """One-line citation: publisher, title, date and URL, leaving out what is unknown."""
        parts = [self.publisher, f"'{self.title}'"]
        if self.date:
            parts.append(self.date)
        if self.url:
            parts.append(self.url)
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class Event:
    """One dated event.

    Attributes
    ----------
    id : str
        Stable snake_case identifier, e.g. ``"patent_law_amendment_2008"``.
    date : datetime.date
        The event's date. For a precision coarser than ``"day"`` it is the first day of the
        month, quarter or year the date stands for; :attr:`span` gives the whole range.
    precision : {"day", "month", "quarter", "year"}
        How precisely a source dates the event.
    title : str
        What happened, in a few words.
    kind : {"policy", "statistical", "institutional", "context"}
        See :data:`KINDS`.
    jurisdiction : str
        ISO 3166 code of where it applies: ``"CN"`` (national) or a province such as
        ``"CN-FJ"`` (Fujian).
    source : Source
        Where the date was seen.
    note : str
        What the date means (adoption or entry into force, report date ...) and any
        disagreement between sources.

    Examples
    --------
    >>> from policyts.events import get
    >>> ev = get("patent_law_amendment_2008")
    >>> ev.date, ev.precision, ev.jurisdiction
    (datetime.date(2008, 12, 27), 'day', 'CN')
    """

    id: str
    date: dt.date
    precision: str
    title: str
    kind: str
    jurisdiction: str
    source: Source
    note: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _ID_RE.fullmatch(self.id):
            raise ValueError(
                f"event id {self.id!r} is not snake_case (lower-case letters, digits and "
                "underscores, starting with a letter)"
            )
        where = f"event {self.id!r}"
        if not isinstance(self.date, dt.date) or isinstance(self.date, dt.datetime):
            raise ValueError(
                f"{where}: date must be a datetime.date, got {type(self.date).__name__}"
            )
        try:
            _check_choice(self.precision, PRECISIONS, "precision")
            _check_choice(self.kind, KINDS, "kind")
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
        start, _ = _span(self.date, self.precision)
        if start != self.date:
            raise ValueError(
                f"{where}: a {self.precision}-precision date must be the first day of its "
                f"{self.precision} ({start.isoformat()}), got {self.date.isoformat()}"
            )
        if not self.title.strip():
            raise ValueError(f"{where}: title is empty")
        if not self.jurisdiction.strip():
            raise ValueError(f"{where}: jurisdiction is empty")
        if not isinstance(self.source, Source):
            raise ValueError(f"{where}: source must be a Source, got {type(self.source).__name__}")
        if not self.source.url.strip() and not (
            self.source.publisher.strip() and self.source.title.strip()
        ):
            raise ValueError(
                f"{where}: the source needs a URL or both a publisher and a title "
                "(every date in the catalogue must be traceable)"
            )
        if not _SOURCE_DATE_RE.fullmatch(self.source.date):
            raise ValueError(
                f"{where}: source date {self.source.date!r} is not 'YYYY-MM-DD', 'YYYY-MM', "
                "'YYYY' or empty"
            )

    @property
    def span(self) -> tuple[dt.date, dt.date]:
        """First and last day the date can stand for (the same day for day precision)."""
        return _span(self.date, self.precision)

    @property
    def label(self) -> str:
        """The date written at its precision: ``"2018-04-26"``, ``"2017-03"``, ``"2017Q4"``,
        ``"2021"``."""
        return _label(self.date, self.precision)

    def period(
        self, freq: str, *, rule: str = "majority", allow_imprecise: bool = False
    ) -> int | pd.Period:
        """First affected period of a series of frequency ``freq``.

        Shorthand for ``first_affected_period(self, freq, rule=rule,
        allow_imprecise=allow_imprecise)``; see :func:`first_affected_period`.
        """
        return first_affected_period(self, freq, rule=rule, allow_imprecise=allow_imprecise)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: id, ISO date, precision, title, kind, jurisdiction, source, note."""
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "precision": self.precision,
            "title": self.title,
            "kind": self.kind,
            "jurisdiction": self.jurisdiction,
            "source": {
                "publisher": self.source.publisher,
                "title": self.source.title,
                "date": self.source.date,
                "url": self.source.url,
            },
            "note": self.note,
        }

    def __str__(self) -> str:
        return f"{self.id} ({self.label}, {self.kind}): {self.title}"


class EventCatalogue:
    """An ordered, read-only collection of :class:`Event` objects with unique ids.

    Events are kept sorted by date, then id. Iterate over it, take ``len()``, test
    ``"some_id" in catalogue``, look events up with :meth:`get` and select them by date
    with :meth:`between`.

    Parameters
    ----------
    events : iterable of Event
        The events; duplicate ids raise ``ValueError``.

    Examples
    --------
    A catalogue of some of the packaged events:

    >>> from policyts.events import CATALOGUE, EventCatalogue
    >>> small = EventCatalogue([CATALOGUE.get("ip_strategy_2008"), CATALOGUE.get("patent_law_amendment_2008")])
    >>> small.ids()
    ('ip_strategy_2008', 'patent_law_amendment_2008')
    >>> [ev.id for ev in small.between("2008-12-01", "2008-12-31")]
    ['patent_law_amendment_2008']
    """

    def __init__(self, events: Iterable[Event]) -> None:
        items = list(events)
        by_id: dict[str, Event] = {}
        for ev in items:
            if not isinstance(ev, Event):
                raise ValueError(f"an EventCatalogue holds Event objects, got {type(ev).__name__}")
            if ev.id in by_id:
                raise ValueError(f"duplicate event id {ev.id!r}; ids must be unique")
            by_id[ev.id] = ev
        self._events = tuple(sorted(items, key=lambda e: (e.date, e.id)))
        self._by_id = by_id

    @classmethod
    def from_csv(cls, path: str | Path | None = None) -> EventCatalogue:
        """Read a catalogue from a CSV with the columns of :data:`CSV_COLUMNS`.

        Parameters
        ----------
        path : str or pathlib.Path, optional
            A CSV file; by default the ``events.csv`` shipped in the package.
        """
        if path is None:
            text = resources.files("policyts").joinpath("events.csv").read_text(encoding="utf-8")
            name = "events.csv"
        else:
            text = Path(path).read_text(encoding="utf-8")
            name = str(path)
        return cls(_read_events(text, name))

    @property
    def events(self) -> tuple[Event, ...]:
        """All events, sorted by date then id."""
        return self._events

    def ids(self) -> tuple[str, ...]:
        """All event ids, in catalogue order."""
        return tuple(e.id for e in self._events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self._events)

    def __len__(self) -> int:
        return len(self._events)

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Event):
            return self._by_id.get(item.id) == item
        return isinstance(item, str) and item in self._by_id

    def __repr__(self) -> str:
        if not self._events:
            return "EventCatalogue(0 events)"
        first, last = self._events[0], self._events[-1]
        return f"EventCatalogue({len(self)} events, {first.label} .. {last.label})"

    def get(self, id: str) -> Event:
        """The event with this id.

        Raises
        ------
        ValueError
            If no event has this id; the message lists close matches.
        """
        if not isinstance(id, str):
            raise ValueError(f"an event id is a string, got {type(id).__name__} {id!r}")
        try:
            return self._by_id[id]
        except KeyError:
            close = difflib.get_close_matches(id, list(self._by_id), n=5, cutoff=0.6)
            hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else "."
            raise ValueError(
                f"unknown event id {id!r}{hint} List all ids with "
                "policyts.events.CATALOGUE.ids() or the command `policyts events`."
            ) from None

    def between(self, start: Any, end: Any, *, kind: str | None = None) -> tuple[Event, ...]:
        """Events dated within ``[start, end]`` (both ends included).

        Parameters
        ----------
        start, end : datetime.date, int, str, pandas.Timestamp, pandas.Period or None
            Window bounds. An int or ``"YYYY"`` is a whole year, ``"YYYY-MM"`` a month,
            ``"YYYYQn"`` a quarter, ``"YYYY-MM-DD"`` or a date one day: ``start`` takes the
            first day of that span and ``end`` the last, so ``between(2017, 2017)`` is all of
            2017. ``None`` leaves that side open.
        kind : {"policy", "statistical", "institutional", "context"}, optional
            Keep only events of this kind.

        Returns
        -------
        tuple of Event
            Sorted by date, then id.

        Notes
        -----
        An event is in the window when the span its date stands for overlaps the window:
        a day-precision event when its day lies in the window, a year-precision event such
        as ``patent_subsidy_end_2021`` for any window that touches 2021. Coarse dates are
        thus never missed by a window that could contain them, which is what confounder
        checks need.
        """
        if kind is not None:
            _check_choice(kind, KINDS, "kind")
        lo = dt.date.min if start is None else _bound(start, "start")
        hi = dt.date.max if end is None else _bound(end, "end")
        if lo > hi:
            raise ValueError(
                f"the window starts ({lo.isoformat()}) after it ends ({hi.isoformat()}); "
                "give start <= end"
            )
        return tuple(
            e
            for e in self._events
            if (kind is None or e.kind == kind) and e.span[0] <= hi and e.span[1] >= lo
        )

    def to_frame(self) -> pd.DataFrame:
        """The catalogue as a DataFrame indexed by id, with the columns of the CSV.

        ``date`` is a datetime64 column holding the first day of each date's span; read it
        together with ``precision``.
        """
        import pandas as pd

        rows = [
            {
                "id": e.id,
                "date": pd.Timestamp(e.date),
                "precision": e.precision,
                "title": e.title,
                "kind": e.kind,
                "jurisdiction": e.jurisdiction,
                "source_publisher": e.source.publisher,
                "source_title": e.source.title,
                "source_date": e.source.date,
                "source_url": e.source.url,
                "note": e.note,
            }
            for e in self._events
        ]
        frame = pd.DataFrame(rows, columns=list(CSV_COLUMNS)).set_index("id")
        frame.attrs["description"] = (
            "policyts event catalogue; 'date' is the first day of the span given by 'precision'"
        )
        return frame


# --------------------------------------------------------------------------- loading


def _read_events(text: str, name: str) -> list[Event]:
    reader = csv.DictReader(io.StringIO(text))
    header = tuple(reader.fieldnames or ())
    if header != CSV_COLUMNS:
        raise ValueError(
            f"{name}: columns are {list(header)}, expected {list(CSV_COLUMNS)} in that order"
        )
    events = []
    for row in reader:
        line = reader.line_num
        ident = row.get("id") or "?"
        try:
            if None in row or any(v is None for v in row.values()):
                raise ValueError("wrong number of fields")
            try:
                date = dt.date.fromisoformat(row["date"])
            except ValueError:
                raise ValueError(f"date {row['date']!r} is not an ISO date (YYYY-MM-DD)") from None
            events.append(
                Event(
                    id=row["id"],
                    date=date,
                    precision=row["precision"],
                    title=row["title"],
                    kind=row["kind"],
                    jurisdiction=row["jurisdiction"],
                    source=Source(
                        publisher=row["source_publisher"],
                        title=row["source_title"],
                        date=row["source_date"],
                        url=row["source_url"],
                    ),
                    note=row["note"],
                )
            )
        except ValueError as exc:
            raise ValueError(f"{name} line {line} (id {ident!r}): {exc}") from None
    return events


# --------------------------------------------------------------------------- dates


def _check_choice(value: Any, choices: tuple[str, ...], what: str) -> None:
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"unknown {what} {value!r}; use one of {', '.join(map(repr, choices))}")


def _span(start: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    """First and last day of the ``precision`` span containing ``start``."""
    if precision == "day":
        return start, start
    if precision == "year":
        return dt.date(start.year, 1, 1), dt.date(start.year, 12, 31)
    if precision == "quarter":
        first_month = 3 * ((start.month - 1) // 3) + 1
        lo = dt.date(start.year, first_month, 1)
        return lo, _month_end(start.year, first_month + 2)
    if precision == "month":
        return dt.date(start.year, start.month, 1), _month_end(start.year, start.month)
    raise ValueError(f"unknown precision {precision!r}; use one of {PRECISIONS}")


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def _label(date: dt.date, precision: str) -> str:
    if precision == "day":
        return date.isoformat()
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    if precision == "quarter":
        return f"{date.year:04d}Q{(date.month - 1) // 3 + 1}"
    return f"{date.year:04d}"


def _parse_when(value: Any, what: str) -> tuple[dt.date, str]:
    """A date-like input as (first day, precision)."""
    if isinstance(value, bool):
        raise ValueError(f"{what}: {value!r} is not a date")
    pandas = sys.modules.get("pandas")  # a pandas Period exists only once pandas is imported
    if pandas is not None and isinstance(value, pandas.Period):
        base = value.freqstr.split("-")[0].lstrip("0123456789")
        precision = {"D": "day", "M": "month", "Q": "quarter", "Y": "year"}.get(base)
        if precision is None:
            raise ValueError(
                f"{what}: a pandas Period of frequency {value.freqstr!r} is not a day, month, "
                "quarter or calendar year"
            )
        start = value.start_time.date()
        if _span(start, precision)[0] != start:
            raise ValueError(
                f"{what}: the Period {value} does not start a calendar {precision}; "
                f"give the date as {_DATE_FORMS}"
            )
        return start, precision
    if isinstance(value, dt.datetime):  # includes pandas.Timestamp
        return value.date(), "day"
    if isinstance(value, dt.date):
        return value, "day"
    if isinstance(value, int):
        if not 1 <= value <= 9999:
            raise ValueError(f"{what}: year {value} is out of range")
        return dt.date(value, 1, 1), "year"
    if isinstance(value, str):
        s = value.strip()
        try:
            if _DAY_RE.fullmatch(s):
                return dt.date.fromisoformat(s), "day"
            if m := _MONTH_RE.fullmatch(s):
                return dt.date(int(m[1]), int(m[2]), 1), "month"
            if m := _QUARTER_RE.fullmatch(s):
                return dt.date(int(m[1]), 3 * int(m[2]) - 2, 1), "quarter"
            if _YEAR_RE.fullmatch(s):
                return dt.date(int(s), 1, 1), "year"
        except ValueError:
            pass
        raise ValueError(f"{what}: cannot parse the date {value!r}; use {_DATE_FORMS}")
    raise ValueError(
        f"{what}: expected a date, a year, a pandas Period or a string {_DATE_FORMS}, "
        f"got {type(value).__name__}"
    )


def concerns(event: Event, jurisdiction: str | None) -> bool:
    """Whether ``event`` concerns a series of ``jurisdiction``: an event of the same place,
    or a national Chinese event for a Chinese province (``"CN-FJ"``); every event when
    ``jurisdiction`` is None.

    Examples
    --------
    >>> ev = get("declassified_patents_2017")
    >>> concerns(ev, "CN"), concerns(ev, "CN-FJ"), concerns(ev, "GB"), concerns(ev, None)
    (True, True, False, True)
    """
    if jurisdiction is None:
        return True
    return event.jurisdiction == jurisdiction or (
        event.jurisdiction == "CN" and jurisdiction.startswith("CN-")
    )


def user_event(
    when: Any, *, title: str = "", jurisdiction: str = "user", kind: str = "policy"
) -> Event:
    """An event the user dates: not in the catalogue, sourced to the user.

    Parameters
    ----------
    when : date-like
        ``"YYYY-MM-DD"``, ``"YYYY-MM"``, ``"YYYYQn"``, ``"YYYY"``, a date, a year or a
        pandas Period; the precision follows the form.
    title : str
        What happened (default: "event given by the user").
    jurisdiction : str
        Where it applies (default ``"user"``: no catalogued event shares it).
    kind : str
        One of :data:`KINDS`.

    Returns
    -------
    Event
        With id ``user_<date>`` (``user_1983_02`` for ``"1983-02"``) and source "the user".

    Examples
    --------
    >>> ev = user_event("1983-02", title="seat-belt law in force")
    >>> ev.id, ev.label, ev.precision
    ('user_1983_02', '1983-02', 'month')
    """
    start, precision = _parse_when(when, "event")
    label = _label(start, precision)
    return Event(
        id="user_" + re.sub(r"[^0-9a-z]+", "_", label.lower()).strip("_"),
        date=start,
        precision=precision,
        title=title.strip() or "event given by the user",
        kind=kind,
        jurisdiction=jurisdiction,
        source=Source(publisher="the user", title="given with the analysis"),
        note="dated by the user; not in the policyts catalogue",
    )


def _bound(value: Any, side: str) -> dt.date:
    if isinstance(value, Event):
        raise ValueError(f"window {side}: give a date, not an event (use event.date)")
    start, precision = _parse_when(value, f"window {side}")
    lo, hi = _span(start, precision)
    return lo if side == "start" else hi


# --------------------------------------------------------------------------- frequencies


@dataclass(frozen=True)
class _Freq:
    period: str  # pandas Period frequency, e.g. "Y-DEC", "Q-DEC", "M", "W-SUN", "D"
    integer_year: bool


def _normalise_freq(freq: Any) -> _Freq:
    import pandas as pd

    given = getattr(freq, "freqstr", freq)
    if not isinstance(given, str) or not given.strip():
        raise ValueError(
            f"unknown frequency {freq!r}; use 'year' for integer-year series or a pandas "
            "frequency such as 'Y', 'Q', 'M', 'W' or 'D'"
        )
    f = given.strip()
    if f.lower() == "year":
        return _Freq("Y-DEC", True)
    if f.lower() == "position":
        raise ValueError(
            "the series has positional labels (0..n-1), so no date maps onto it; give the "
            "series time labels (years, dates or periods)"
        )
    timestamp_alias = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            period = pd.Period("2000-01-01", freq=f)
    except (ValueError, TypeError):
        # Timestamp aliases ("MS", "QS-OCT", "YE" ...) are what pandas infers for a
        # DatetimeIndex; pandas maps them to the period frequency covering the same spans.
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", FutureWarning)
                period = pd.date_range("2000-01-01", periods=2, freq=f).to_period()[0]
        except (ValueError, TypeError):
            raise ValueError(
                f"unknown frequency {given!r}; use 'year' for integer-year series or a pandas "
                "frequency such as 'Y', 'Q', 'M', 'W' or 'D'"
            ) from None
        timestamp_alias = True
    freqstr = period.freqstr
    if period.freq.n != 1:
        raise ValueError(
            f"frequency {given!r} is a multiple ({period.freq.n}) of a base period; only "
            "single years, quarters, months, weeks or days are supported"
        )
    family = freqstr.split("-")[0]
    if family not in ("Y", "Q", "M", "W", "D"):
        raise ValueError(
            f"frequency {given!r} is not supported: events are dated to the day at best, so "
            "use a daily, weekly, monthly, quarterly or annual frequency"
        )
    if timestamp_alias and family == "Q" and freqstr in ("Q-MAR", "Q-JUN", "Q-SEP"):
        # e.g. "QS-OCT" (pandas' inference for quarter-start dates) becomes "Q-SEP": the same
        # calendar quarters with fiscal labels; calendar labels are what the user sees.
        freqstr = "Q-DEC"
    return _Freq(freqstr, False)


# --------------------------------------------------------------------------- mapping


def _rule_period(day: dt.date, freq: str, rule: str) -> pd.Period:
    import pandas as pd

    containing = pd.Period(pd.Timestamp(day), freq=freq)
    if rule == "containing":
        return containing
    if rule == "next":
        return containing + 1
    first = containing.start_time.date()
    last = containing.end_time.date()
    length = (last - first).days + 1
    in_force = (last - day).days + 1  # days of the period on or after the event
    return containing if 2 * in_force >= length else containing + 1


def _resolve(event: Any) -> tuple[str, dt.date, str]:
    """(description, first day, precision) of an event, event id or date."""
    if isinstance(event, Event):
        return f"event {event.id!r} ({event.label})", event.date, event.precision
    if isinstance(event, str) and not event.strip()[:1].isdigit():
        ev = CATALOGUE.get(event.strip())
        return f"event {ev.id!r} ({ev.label})", ev.date, ev.precision
    start, precision = _parse_when(event, "event")
    return f"date {_label(start, precision)!r}", start, precision


def first_affected_period(
    event: Event | str | dt.date | int | pd.Period,
    freq: str,
    *,
    rule: str = "majority",
    allow_imprecise: bool = False,
) -> int | pd.Period:
    """First period of a series of frequency ``freq`` that lies in the event's new regime.

    The result labels a break the policyts way: by the first period of the new regime.

    Parameters
    ----------
    event : Event, str, datetime.date, int or pandas.Period
        An :class:`Event`, an event id from the catalogue, a date (``datetime.date`` or
        ``pandas.Timestamp``: day precision), a year (int), a string ``"YYYY-MM-DD"``,
        ``"YYYY-MM"``, ``"YYYYQn"`` or ``"YYYY"`` (day, month, quarter or year precision),
        or a day/month/quarter/year ``pandas.Period``.
    freq : str
        Frequency of the series: ``"year"`` for integer-year labels (the result is then an
        ``int``), or a pandas frequency (``"Y"``, ``"Q"``, ``"M"``, ``"W"``, ``"D"``, or a
        timestamp alias such as ``"YS"``, ``"QS-OCT"``, ``"MS"``), the result then being a
        ``pandas.Period``. :attr:`policyts._series.Series1D.freq` can be passed as it is.
    rule : {"majority", "containing", "next"}
        For an event on day *d* that falls in period *P* of the series:

        ``"containing"``
            *P*, the period that contains the event.
        ``"next"``
            *P* + 1, the first period that starts after the event, i.e. the first period
            entirely under the new regime.
        ``"majority"`` (default)
            *P* if the event is in force for at least half of *P* (counting days, the
            event day included: ``2 * (days from d to the end of P) >= days in P``),
            otherwise *P* + 1. On an annual series this puts events up to 2 July in their
            own year and later ones in the next year, in leap and common years alike.
    allow_imprecise : bool
        What to do when the event's date is too coarse to decide (see Notes): if False
        (default) raise ``ValueError``; if True apply the rule to the first day of the
        date's span and issue an :class:`ImpreciseEventDateWarning`.

    Returns
    -------
    int or pandas.Period
        The first affected year (``freq="year"``) or period.

    Raises
    ------
    ValueError
        For an unknown event id, an unparseable date, an unknown rule or frequency, or a
        date too coarse for the series when ``allow_imprecise`` is False.

    Notes
    -----
    A date of month, quarter or year precision stands for every day of its span. The rule
    is applied to the first and the last day of the span; the rules are monotone in the
    date, so when both give the same period every day of the span does, and that period
    is returned. Otherwise:

    * under ``"majority"``, when the span is exactly one period of the series (a
      year-dated event on an annual series, a month-dated event on a monthly series), the
      date says nothing about where in the period the event fell, and the event is counted
      in that period: ``patent_subsidy_end_2021`` (dated to 2021) maps to 2021;
    * in every other case (a year-dated event on a monthly series, or a month-dated event
      straddling the half-way point, such as July under ``"majority"`` on an annual
      series) the answer depends on the unknown day: ``ValueError``, or with
      ``allow_imprecise=True`` the period for the first day of the span and a warning.

    The mapping was checked by hand against calendar arithmetic for the examples below and
    by property tests: for any day, ``containing <= majority <= next = containing + 1``;
    on an annual series ``"majority"`` equals the closed form "same year up to 2 July",
    and shifting the day by one year shifts the result by one; a month-dated event maps to
    a period exactly when every day of the month maps to it.

    Examples
    --------
    >>> first_affected_period("declassified_patents_2017", "year")  # 2017-03
    2017
    >>> first_affected_period("special_action_patent_transformation_2023", "year")  # 2023-10
    2024
    >>> first_affected_period("special_action_patent_transformation_2023", "year",
    ...                       rule="containing")
    2023
    >>> first_affected_period("patent_subsidy_end_2021", "year")  # precision: year
    2021
    >>> first_affected_period("2018-04-26", "Q")  # day 26 of 91 in 2018Q2
    Period('2018Q2', 'Q-DEC')
    >>> first_affected_period("2018-05-20", "Q")  # day 50 of 91: in force 42 of 91 days
    Period('2018Q3', 'Q-DEC')
    """
    import pandas as pd

    _check_choice(rule, RULES, "rule")
    what, start, precision = _resolve(event)
    f = _normalise_freq(freq)
    lo, hi = _span(start, precision)
    try:
        first, last = _rule_period(lo, f.period, rule), _rule_period(hi, f.period, rule)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"{what} cannot be placed on a {freq!r} axis: {exc}") from None
    if first == last:
        result = first
    elif rule == "majority" and _is_one_period(lo, hi, f.period):
        result = pd.Period(pd.Timestamp(lo), freq=f.period)
    else:
        shown = f"from {_show(first, f)} to {_show(last, f)}"
        decided = [
            r
            for r in RULES
            if _rule_period(lo, f.period, r) == _rule_period(hi, f.period, r)
            or (r == "majority" and _is_one_period(lo, hi, f.period))
        ]
        if not allow_imprecise:
            options = ["a finer date"]
            if decided:
                names = " or ".join(repr(r) for r in decided)
                options.append(f"rule {names} (determined for this date)")
            options.append(f"allow_imprecise=True to use the period for {lo.isoformat()}")
            raise ValueError(
                f"{what} has {precision} precision; on a {freq!r} series its first affected "
                f"period under rule {rule!r} is anywhere {shown}, depending on the unknown "
                f"day. Use {', '.join(options[:-1])} or {options[-1]}."
            )
        warnings.warn(
            f"{what} has {precision} precision; its first affected period under rule "
            f"{rule!r} could be anywhere {shown}; using {_show(first, f)}, the period for "
            f"{lo.isoformat()}, the first day the date can stand for",
            ImpreciseEventDateWarning,
            stacklevel=2,
        )
        result = first
    return int(result.year) if f.integer_year else result


def _is_one_period(lo: dt.date, hi: dt.date, freq: str) -> bool:
    import pandas as pd

    p = pd.Period(pd.Timestamp(lo), freq=freq)
    return p.start_time.date() == lo and p.end_time.date() == hi


def _show(p: pd.Period, f: _Freq) -> str:
    return str(p.year) if f.integer_year else str(p)


# --------------------------------------------------------------------------- module API

CATALOGUE = EventCatalogue.from_csv()
"""The packaged catalogue (``events.csv``)."""


def get(id: str) -> Event:
    """The catalogue event with this id; ``ValueError`` naming close matches otherwise.

    Examples
    --------
    >>> from policyts.events import get
    >>> ev = get("ip_strategy_2008")
    >>> ev.date, ev.precision, ev.kind
    (datetime.date(2008, 6, 5), 'day', 'policy')
    """
    return CATALOGUE.get(id)


def between(start: Any, end: Any, *, kind: str | None = None) -> tuple[Event, ...]:
    """Catalogue events dated within ``[start, end]``; see :meth:`EventCatalogue.between`.

    Examples
    --------
    Events dated to the year only count as falling in any part of their year:

    >>> from policyts.events import between
    >>> [ev.id for ev in between("2008-06-01", "2008-06-30")]
    ['ip_pledge_pilot_2008', 'ip_strategy_2008']
    """
    return CATALOGUE.between(start, end, kind=kind)


def all_events() -> tuple[Event, ...]:
    """Every catalogue event, sorted by date then id.

    Examples
    --------
    >>> from policyts.events import all_events
    >>> events = all_events()
    >>> all(a.date <= b.date for a, b in zip(events, events[1:]))
    True
    """
    return CATALOGUE.events


def to_frame() -> pd.DataFrame:
    """The catalogue as a DataFrame indexed by id; see :meth:`EventCatalogue.to_frame`.

    Examples
    --------
    >>> from policyts.events import to_frame
    >>> frame = to_frame()
    >>> frame.loc["ip_strategy_2008", ["date", "precision", "kind"]].tolist()
    [Timestamp('2008-06-05 00:00:00'), 'day', 'policy']
    """
    return CATALOGUE.to_frame()


def events_in_window(
    start: Any,
    end: Any,
    *,
    exclude: str | Event | Iterable[str | Event] = (),
    kind: str | None = None,
) -> tuple[Event, ...]:
    """Catalogue events in ``[start, end]`` other than ``exclude``: candidate confounders.

    Parameters
    ----------
    start, end : date-like
        Window bounds, as for :meth:`EventCatalogue.between` (a year means the whole year;
        both ends included; coarse event dates count when their span overlaps the window).
    exclude : str, Event or iterable of them
        Ids (or events) to leave out, typically the event under test. Unknown ids raise
        ``ValueError`` rather than being ignored.
    kind : str, optional
        Keep only events of this kind.

    Examples
    --------
    >>> [e.id for e in events_in_window("2018-01", "2018-12", kind="policy")]
    ['declassified_patents_2018']
    """
    if isinstance(exclude, str | Event):
        exclude = (exclude,)
    drop = set()
    for item in exclude:
        drop.add(CATALOGUE.get(item.id if isinstance(item, Event) else item).id)
    return tuple(e for e in CATALOGUE.between(start, end, kind=kind) if e.id not in drop)
