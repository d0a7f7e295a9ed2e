"""Claim records: one quantitative statement of one source, with its provenance.

A :class:`Claim` is what a source says, not what is true: a seed document and a primary report
that disagree are two claims, each with its own :class:`Source`, and the audit
(:mod:`policyts.indicators.consistency`) shows the difference.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from policyts.indicators._interval import (
    DEFAULT_RULE,
    QUALIFIERS,
    Interval,
    QualifierRule,
    evaluate_formula,
    formula_names,
)
from policyts.indicators._period import Period, parse_period
from policyts.indicators._units import unit_info

__all__ = ["Source", "Claim", "Indicator", "derive", "STATUSES", "SOURCE_KINDS"]

#: Statuses a shipped claim may have (the vocabulary of ``data-sources.md``). RECALLED and
#: NOT FOUND figures are rejected: they never ship.
STATUSES: tuple[str, ...] = ("SEEN", "DERIVED")

#: ``seed``: one of the five source documents the catalogue is built from; ``report``: a
#: primary report (official release, news agency, think tank); ``derived``: computed here.
SOURCE_KINDS: tuple[str, ...] = ("seed", "report", "derived")

_ID = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")


@dataclass(frozen=True)
class Source:
    """Where a claim was published.

    Attributes
    ----------
    key : str
        Short identifier; claims from one report share it (the audit groups by it).
    publisher : str
        Who published it (for mirrors, the original publisher the mirror names).
    title : str
        The headline or document title where known (from the page or its URL slug);
        otherwise a description in square brackets, e.g. ``"[press conference report]"``.
    date : str or None
        Publication date as a period string (``"2017-04-18"``, ``"2018"``), if known.
    url : str or None
        Where it was seen, if known.
    kind : str
        ``"seed"``, ``"report"`` or ``"derived"`` (see :data:`SOURCE_KINDS`).
    author : str or None
        Author(s) or speaker, if named.
    via : str or None
        Mirror or secondary page it was seen through, if not the original.

    Examples
    --------
    >>> from policyts.indicators import claim_by_id
    >>> src = claim_by_id("dp.declassified_2017.chinadaily").source
    >>> src.publisher, src.date
    ('China Daily (citing PLA Daily)', '2017-03')
    """

    key: str
    publisher: str
    title: str
    date: str | None = None
    url: str | None = None
    kind: str = "report"
    author: str | None = None
    via: str | None = None

    def __post_init__(self) -> None:
        for name in ("key", "publisher", "title"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name).strip():
                raise ValueError(f"field 'source.{name}': must be a non-empty string")
        if self.kind not in SOURCE_KINDS:
            raise ValueError(
                f"field 'source.kind': unknown kind {self.kind!r}; use one of {SOURCE_KINDS}"
            )
        if self.date is not None:
            parse_period(self.date, field="source.date")

    def citation(self) -> str:
        """``"publisher, title, date, URL"`` with unknown parts left out."""
        parts = [self.publisher, self.title, self.date, self.url]
        return ", ".join(p for p in parts if p)


#: The source of every derived claim.
DERIVED_SOURCE = Source(
    key="policyts-derived",
    publisher="policyts",
    title="[computed from other claims of the catalogue; see the claim's formula]",
    kind="derived",
)


@dataclass(frozen=True)
class Indicator:
    """One indicator: a quantity that several claims may state.

    Attributes
    ----------
    id : str
        Identifier used by :func:`policyts.indicators.get`.
    long_name : str
        Plain-language name (CF ``long_name``).
    unit : str
        Registry unit shared by all its claims.
    family : str
        The module that defines it (``"defence_patents"`` ...).
    description : str
        What exactly is counted, and caveats.

    Examples
    --------
    >>> from policyts.indicators import indicator_info
    >>> ind = indicator_info("defence_patents_declassified")
    >>> ind.long_name
    'national defence patents declassified in one batch'
    """

    id: str
    long_name: str
    unit: str
    family: str
    description: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _ID.match(self.id):
            raise ValueError(f"field 'id': indicator id {self.id!r} must match {_ID.pattern}")
        unit_info(self.unit)


@dataclass(frozen=True)
class Claim:
    """One quantitative claim of one source.

    Attributes
    ----------
    id : str
        Unique identifier, ``<family prefix>.<what>.<source tag>``.
    indicator : str
        Id of the :class:`Indicator` the claim states a value of.
    value : float
        The number as stated, in ``unit`` (6 billion yuan -> ``6e9``; 40 % -> ``0.4``).
    unit : str
        A unit of the registry (:data:`policyts.indicators.UNITS`).
    period : str
        Reference period (see :func:`policyts.indicators._period.parse_period`), e.g.
        ``"2017"``, ``"2018-04-26"``, ``"2023Q1-Q3"``, ``"2012/2017"`` or ``"undated"``.
    qualifier : str
        One of :data:`policyts.indicators.QUALIFIERS`; turned into ``[lower, upper]`` by a
        :class:`QualifierRule`.
    entity : str
        Who or what the number is about.
    source : Source
        Where it was published.
    quote : str
        Verbatim wording, one sentence at most. Required for seed sources; empty for derived
        claims and for reports whose notes give only a paraphrase.
    derived_from : tuple of str
        Ids of the claims a derived claim is computed from (empty otherwise).
    note : str
        Anything a reader must know: reading of vague words, dating, conflicts.
    status : str
        ``"SEEN"`` (stated by the source) or ``"DERIVED"`` (computed here).
    formula : str or None
        For derived claims: arithmetic over the inputs named ``a``, ``b``, ... in the order
        of ``derived_from``.
    inputs : tuple of Claim
        For derived claims: the input claims themselves (so intervals can be recomputed
        under any rule). Not part of equality or repr.

    Raises
    ------
    ValueError
        Naming the field, for an unknown qualifier or unit, a value outside the unit's natural
        range (a negative count, a share outside [0, 1]), an unparseable period, a missing
        quote on a seed claim, a RECALLED status, or a derived claim without a formula or
        whose value does not follow from its inputs.

    Examples
    --------
    >>> from policyts.indicators import claim_by_id
    >>> c = claim_by_id("dp.declassified_2017.chinadaily")
    >>> c.value, c.qualifier, c.period
    (3000.0, 'about', '2017-03')
    >>> print(c.interval())
    [2,700, 3,300]
    """

    id: str
    indicator: str
    value: float
    unit: str
    period: str
    qualifier: str
    entity: str
    source: Source
    quote: str = ""
    derived_from: tuple[str, ...] = ()
    note: str = ""
    status: str = "SEEN"
    formula: str | None = None
    inputs: tuple[Claim, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _ID.match(self.id):
            raise ValueError(f"field 'id': {self.id!r} must match {_ID.pattern}")
        where = f"claim {self.id!r}"
        if not isinstance(self.indicator, str) or not _ID.match(self.indicator):
            raise ValueError(f"{where}: field 'indicator': {self.indicator!r} is not an id")
        if self.qualifier not in QUALIFIERS:
            raise ValueError(
                f"{where}: field 'qualifier': unknown qualifier {self.qualifier!r}; "
                f"use one of {QUALIFIERS}"
            )
        try:
            unit = unit_info(self.unit)
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
        if isinstance(self.value, bool) or not isinstance(self.value, int | float):
            raise ValueError(f"{where}: field 'value': expected a number, got {self.value!r}")
        v = float(self.value)
        if not math.isfinite(v):
            raise ValueError(f"{where}: field 'value': must be finite, got {v!r}")
        if not unit.lower <= v <= unit.upper:
            kind = (
                "a count cannot be negative"
                if unit.is_count
                else "a share must lie in [0, 1] (store 40 % as 0.4)"
                if unit.name == "1"
                else f"unit {unit.name!r} allows [{unit.lower:g}, {unit.upper:g}]"
            )
            raise ValueError(f"{where}: field 'value': {v:g} is out of range: {kind}")
        object.__setattr__(self, "value", v)
        try:
            parse_period(self.period)
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
        if not isinstance(self.source, Source):
            raise ValueError(f"{where}: field 'source': expected a Source")
        if not isinstance(self.entity, str) or not self.entity.strip():
            raise ValueError(f"{where}: field 'entity': must be a non-empty string")
        if self.status not in STATUSES:
            raise ValueError(
                f"{where}: field 'status': {self.status!r} cannot ship; only {STATUSES} "
                "(RECALLED and NOT FOUND figures are never encoded)"
            )
        self._validate_quote(where)
        self._validate_derivation(where)

    def _validate_quote(self, where: str) -> None:
        if not isinstance(self.quote, str):
            raise ValueError(f"{where}: field 'quote': must be a string")
        if self.source.kind == "seed" and not self.quote.strip():
            raise ValueError(f"{where}: field 'quote': a seed claim needs its verbatim wording")
        # One sentence at most: no sentence break inside (a full stop may end the quote).
        if re.search(r"[.!?]\s+\S|[。！？]\S", self.quote.strip()):
            raise ValueError(f"{where}: field 'quote': quote one sentence at most")

    def _validate_derivation(self, where: str) -> None:
        object.__setattr__(self, "derived_from", tuple(self.derived_from))
        object.__setattr__(self, "inputs", tuple(self.inputs))
        if self.status == "DERIVED" or self.qualifier == "derived" or self.derived_from:
            if not (self.status == "DERIVED" and self.qualifier == "derived"):
                raise ValueError(
                    f"{where}: field 'status'/'qualifier': a derived claim has status "
                    "'DERIVED' and qualifier 'derived'"
                )
            if not self.derived_from:
                raise ValueError(f"{where}: field 'derived_from': name the input claims")
            if not self.formula:
                raise ValueError(f"{where}: field 'formula': a derived claim needs its formula")
            if self.source.kind != "derived":
                raise ValueError(f"{where}: field 'source': a derived claim has a derived source")
            if self.inputs:
                ids = tuple(c.id for c in self.inputs)
                if ids != self.derived_from:
                    raise ValueError(
                        f"{where}: field 'derived_from': {self.derived_from} does not match the "
                        f"inputs {ids}"
                    )
                expected = float(evaluate_formula(self.formula, self._values()))
                if not math.isclose(expected, self.value, rel_tol=1e-9, abs_tol=1e-12):
                    raise ValueError(
                        f"{where}: field 'value': {self.value:g} does not follow from "
                        f"{self.formula!r} over the inputs ({expected:g})"
                    )
        elif self.formula is not None:
            raise ValueError(f"{where}: field 'formula': only derived claims carry a formula")

    def _values(self) -> dict[str, float]:
        return dict(
            zip(formula_names(len(self.inputs)), (c.value for c in self.inputs), strict=True)
        )

    # -- derived views -------------------------------------------------------------------------

    @property
    def period_info(self) -> Period:
        """The parsed :class:`Period`."""
        return parse_period(self.period)

    @property
    def is_target(self) -> bool:
        """True for a target or plan (not an observed value)."""
        return self.qualifier == "target"

    @property
    def is_derived(self) -> bool:
        return self.status == "DERIVED"

    def interval(self, rule: QualifierRule = DEFAULT_RULE) -> Interval:
        """``[lower, upper]`` implied by the qualifier under ``rule``.

        For derived claims the inputs' intervals (under the same rule) are propagated through
        the formula by interval arithmetic, then clipped to the unit's natural range.
        """
        if self.qualifier != "derived":
            return rule.interval(self.value, self.qualifier, self.unit)
        if not self.inputs:
            raise ValueError(
                f"claim {self.id!r}: field 'inputs': a derived claim built without its input "
                "claims has no interval; build it with policyts.indicators.derive()"
            )
        names = formula_names(len(self.inputs))
        ivs = {n: c.interval(rule) for n, c in zip(names, self.inputs, strict=True)}
        iv = evaluate_formula(self.formula or "", ivs)
        if not isinstance(iv, Interval):
            iv = Interval.point(float(iv))
        u = unit_info(self.unit)
        return QualifierRule._clip(iv, u.lower, u.upper)

    def bounds(self, rule: QualifierRule = DEFAULT_RULE) -> tuple[float, float]:
        """``(lower, upper)`` as floats, ``-inf``/``inf`` for unbounded ends."""
        iv = self.interval(rule)
        return iv.lower, iv.upper


def derive(
    id: str,
    indicator: str,
    formula: str,
    inputs: tuple[Claim, ...] | list[Claim],
    *,
    unit: str,
    period: str,
    entity: str,
    note: str = "",
) -> Claim:
    """Build a derived claim: ``formula`` over ``inputs`` (named ``a``, ``b``, ... in order).

    The value is computed from the inputs' stated values; the interval is propagated from
    their intervals whenever :meth:`Claim.interval` is called, so it follows the rule in use.

    Examples
    --------
    A two-year total from two yearly batches; the input intervals are added up:

    >>> from policyts.indicators import claim_by_id, derive
    >>> a = claim_by_id("dp.declassified_2017.chinadaily")  # "about 3,000"
    >>> b = claim_by_id("dp.declassified_2018.chinamil")  # 4,038
    >>> total = derive(
    ...     "example.total",
    ...     "defence_patents_declassified_total",
    ...     "a + b",
    ...     (a, b),
    ...     unit="count:patents",
    ...     period="2017/2018",
    ...     entity="China",
    ... )
    >>> total.value, total.qualifier
    (7038.0, 'derived')
    >>> print(total.interval())
    [6,738, 7,338]
    """
    inputs = tuple(inputs)
    value = float(
        evaluate_formula(
            formula, dict(zip(formula_names(len(inputs)), (c.value for c in inputs), strict=True))
        )
    )
    return Claim(
        id=id,
        indicator=indicator,
        value=value,
        unit=unit,
        period=period,
        qualifier="derived",
        entity=entity,
        source=DERIVED_SOURCE,
        quote="",
        derived_from=tuple(c.id for c in inputs),
        note=note or f"computed as {formula} from {', '.join(c.id for c in inputs)}",
        status="DERIVED",
        formula=formula,
        inputs=inputs,
    )


class ClaimBook:
    """Collects the indicators and claims of one family module.

    ``seen()`` and ``derived()`` take the unit from the indicator, so a claim cannot carry a
    unit different from its indicator's.
    """

    def __init__(self, family: str, indicators: tuple[Indicator, ...]) -> None:
        self.family = family
        self.indicators = indicators
        self._by_id = {i.id: i for i in indicators}
        if len(self._by_id) != len(indicators):
            raise ValueError(f"family {family!r}: duplicate indicator ids")
        for ind in indicators:
            if ind.family != family:
                raise ValueError(f"indicator {ind.id!r}: field 'family' is not {family!r}")
        self._claims: list[Claim] = []

    def _unit(self, indicator: str) -> str:
        try:
            return self._by_id[indicator].unit
        except KeyError:
            raise ValueError(
                f"family {self.family!r}: field 'indicator': {indicator!r} is not defined here"
            ) from None

    def seen(
        self,
        id: str,
        indicator: str,
        value: float,
        period: str,
        qualifier: str,
        source: Source,
        quote: str = "",
        *,
        entity: str = "China",
        note: str = "",
    ) -> Claim:
        """Add a claim stated by ``source`` (status SEEN) and return it."""
        c = Claim(
            id=id,
            indicator=indicator,
            value=value,
            unit=self._unit(indicator),
            period=period,
            qualifier=qualifier,
            entity=entity,
            source=source,
            quote=quote,
            note=note,
        )
        self._claims.append(c)
        return c

    def derived(
        self,
        id: str,
        indicator: str,
        formula: str,
        inputs: tuple[Claim, ...],
        period: str,
        *,
        entity: str = "China",
        note: str = "",
    ) -> Claim:
        """Add a claim computed by ``formula`` from ``inputs`` (status DERIVED) and return it."""
        c = derive(
            id,
            indicator,
            formula,
            inputs,
            unit=self._unit(indicator),
            period=period,
            entity=entity,
            note=note,
        )
        self._claims.append(c)
        return c

    @property
    def claims(self) -> tuple[Claim, ...]:
        return tuple(self._claims)
