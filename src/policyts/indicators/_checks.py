"""The generic consistency checks of the audit, and the types a bound check uses.

Each check is a plain function that takes :class:`~policyts.indicators.Claim` objects and
returns an :class:`AuditResult` with status ``"consistent"``, ``"inconsistent"`` or
``"cannot-check"`` and the numbers behind it. :func:`policyts.indicators.consistency.audit` runs
the checks bound to the catalogue's claims; a check whose claims are missing, undated, or that
needs data that is not available returns ``"cannot-check"`` with the reason, never an error.

How numbers are compared
------------------------
Each operand enters a check as an interval, chosen by ``compare``:

``"bounds"``
    the interval implied by the claim's qualifier under the :class:`QualifierRule` in use
    ("more than 4,000" -> (4,000, inf)).
``"rounded"``
    as ``"bounds"``, but an *exact* (or target) number is widened by half a unit of its last
    stated digit (trailing zeros are not significant: 680,000 -> [675,000, 685,000];
    12.7 % -> [12.65 %, 12.75 %]). Counts with no trailing zeros are integers and are not
    widened (2,346 stays 2,346). This is the default for arithmetic the sources state.
``"values"``
    the stated numbers themselves, rounded as above, ignoring the qualifier ("over 500" and
    "over 1,800" are 500 and 1,800): used to compare two readings of one report.

Intervals are combined by interval arithmetic (:class:`~policyts.indicators.Interval`), and a
check is consistent when the computed interval and the stated one share a point.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import pandas as pd

from policyts.indicators._claim import Claim
from policyts.indicators._interval import DEFAULT_RULE, Interval, QualifierRule
from policyts.indicators._units import unit_info

__all__ = [
    "AUDIT_STATUSES",
    "AuditResult",
    "AuditCheck",
    "AuditContext",
    "Lookup",
    "MissingClaims",
    "audit_frame",
    "stated_interval",
    "rounding_half_unit",
    "check_agreement",
    "check_readings",
    "check_seed_against_reports",
    "check_sum",
    "check_ratio",
    "check_component_shares",
    "check_level_change",
    "check_growth",
    "check_projection",
    "check_currency_pair",
    "check_part_within_whole",
    "check_nondecreasing",
    "check_shares_partition",
    "check_span_duration",
    "check_fold_increase",
    "check_growth_vs_cumulative",
    "check_against_dataset",
]

AUDIT_STATUSES: tuple[str, ...] = ("consistent", "inconsistent", "cannot-check")

#: Default tolerance of :func:`check_currency_pair`: the relative gap allowed between the
#: exchange rate implied by a pair of amounts and the annual average rate. The annual mean need
#: not equal the spot rate on the day of a report, and "six billion" has one significant figure.
CURRENCY_TOLERANCE = 0.05


# -- results ---------------------------------------------------------------------------------------------


def _jsonable(x: Any) -> Any:
    """Turn numbers, intervals, claims and containers into JSON-safe values (inf/NaN -> None)."""
    if isinstance(x, bool) or x is None or isinstance(x, str):
        return x
    if isinstance(x, int):
        return x
    if isinstance(x, float):
        return None if not math.isfinite(x) else x
    if isinstance(x, Interval):
        lo, hi = x.bounds_or_none()
        return {"lower": lo, "upper": hi, "lower_open": x.lower_open, "upper_open": x.upper_open}
    if isinstance(x, Claim):
        return {
            "id": x.id,
            "value": _jsonable(x.value),
            "unit": x.unit,
            "qualifier": x.qualifier,
            "period": x.period,
            "source": x.source.citation(),
        }
    if isinstance(x, Mapping):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple | set | frozenset):
        return [_jsonable(v) for v in x]
    try:
        f = float(x)
    except (TypeError, ValueError):
        return str(x)
    return None if not math.isfinite(f) else f


@dataclass(frozen=True)
class AuditResult:
    """Outcome of one consistency check.

    Attributes
    ----------
    id : str
        Identifier of the check.
    status : str
        ``"consistent"``, ``"inconsistent"`` or ``"cannot-check"``.
    description : str
        What was checked, in words.
    detail : Mapping
        The numbers behind the status (JSON-safe: intervals as ``{lower, upper, ...}`` with
        ``None`` for an unbounded end), and ``reason`` for ``"cannot-check"``.
    claims : tuple of str
        Ids of the claims the check used.

    Examples
    --------
    >>> from policyts.indicators import audit, claims
    >>> result = {r.id: r for r in audit(claims("defence_patents"))}["dp.two_year_total_seed"]
    >>> result.status, sorted(result.to_dict())
    ('consistent', ['claims', 'description', 'detail', 'id', 'status'])
    """

    id: str
    status: str
    description: str
    detail: Mapping[str, Any] = field(default_factory=dict)
    claims: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.status not in AUDIT_STATUSES:
            raise ValueError(f"field 'status': {self.status!r} is not one of {AUDIT_STATUSES}")
        object.__setattr__(self, "detail", MappingProxyType(_jsonable(dict(self.detail))))
        object.__setattr__(self, "claims", tuple(self.claims))

    def to_dict(self) -> dict[str, Any]:
        """``{"id", "status", "description", "detail", "claims"}``, ready for ``json.dumps``."""
        return {
            "id": self.id,
            "status": self.status,
            "description": self.description,
            "detail": dict(self.detail),
            "claims": list(self.claims),
        }

    def summary(self) -> str:
        lines = [f"{self.id}: {self.status}", f"  {self.description}"]
        for k, v in self.detail.items():
            lines.append(f"  {k}: {json.dumps(v, ensure_ascii=False)}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def audit_frame(results: Iterable[AuditResult]) -> pd.DataFrame:
    """The results as a table: ``id, status, description, detail, claims``.

    Examples
    --------
    >>> from policyts.indicators import audit, audit_frame, claims
    >>> frame = audit_frame(audit(claims("defence_patents")))
    >>> frame.columns.tolist()
    ['id', 'status', 'description', 'detail', 'claims']
    """
    return pd.DataFrame(
        [
            {
                "id": r.id,
                "status": r.status,
                "description": r.description,
                "detail": dict(r.detail),
                "claims": r.claims,
            }
            for r in results
        ],
        columns=["id", "status", "description", "detail", "claims"],
    )


def _result(
    status: str, detail: Mapping[str, Any], claims: Iterable[Claim], id: str, description: str
) -> AuditResult:
    return AuditResult(id, status, description, detail, tuple(c.id for c in claims))


def _cannot(
    reason: str, claims: Iterable[Claim], id: str, description: str, **detail: Any
) -> AuditResult:
    return _result("cannot-check", {"reason": reason, **detail}, claims, id, description)


# -- how an operand becomes an interval -----------------------------------------------------------------


def rounding_half_unit(value: float, unit: str) -> float:
    """Half a unit of the last significant digit of ``value`` (trailing zeros not significant).

    Counts without trailing zeros are integers and get 0.

    Examples
    --------
    >>> rounding_half_unit(680_000, "count:patents")
    5000.0
    >>> rounding_half_unit(0.127, "1")
    0.0005
    >>> rounding_half_unit(2346, "count:patents")
    0.0
    """
    d = Decimal(repr(float(value))).normalize()
    exponent = d.as_tuple().exponent
    if not isinstance(exponent, int):  # NaN/inf cannot be stated numbers
        raise ValueError(f"field 'value': {value!r} is not a finite number")
    if unit_info(unit).is_count and exponent <= 0:
        return 0.0
    return float(Decimal(5) * Decimal(10) ** (exponent - 1))


def stated_interval(claim: Claim, rule: QualifierRule = DEFAULT_RULE) -> Interval:
    """The claim's interval, exact and target numbers widened by their rounding."""
    if claim.qualifier in ("exact", "target"):
        return Interval.point(claim.value).widen(rounding_half_unit(claim.value, claim.unit))
    return claim.interval(rule)


def _operand(claim: Claim, compare: str, rule: QualifierRule) -> Interval:
    if compare == "bounds":
        return claim.interval(rule)
    if compare == "rounded":
        return stated_interval(claim, rule)
    if compare == "values":
        if claim.qualifier == "derived":
            return claim.interval(rule)
        return Interval.point(claim.value).widen(rounding_half_unit(claim.value, claim.unit))
    raise ValueError(f"field 'compare': {compare!r}; use 'bounds', 'rounded' or 'values'")


def _sum(claims: Sequence[Claim], compare: str, rule: QualifierRule) -> Interval:
    total = Interval.point(0.0)
    for c in claims:
        total = total + _operand(c, compare, rule)
    return total


def _as_seq(x: Claim | Sequence[Claim]) -> tuple[Claim, ...]:
    return (x,) if isinstance(x, Claim) else tuple(x)


def _same_unit(claims: Sequence[Claim], what: str) -> None:
    units = {c.unit for c in claims}
    if len(units) > 1:
        raise ValueError(f"{what}: claims in different units {sorted(units)} cannot be combined")


# -- generic checks ----------------------------------------------------------------------------------------


def check_agreement(
    claims: Sequence[Claim],
    *,
    compare: str = "bounds",
    rule: QualifierRule = DEFAULT_RULE,
    id: str = "agreement",
    description: str = "the claims state compatible values of one quantity",
) -> AuditResult:
    """Consistent when the claims' intervals share a common point.

    Examples
    --------
    "about 3,000" ([2,700, 3,300]) and "more than 3,000" ((3,000, inf)) agree on (3,000, 3,300];
    "nearly 1,000" ([900, 1,000]) and "more than 1,000" do not.
    """
    cs = tuple(claims)
    if len(cs) < 2:
        return _cannot("fewer than two claims to compare", cs, id, description)
    _same_unit(cs, "check_agreement")
    ivs = [_operand(c, compare, rule) for c in cs]
    common: Interval | None = ivs[0]
    for iv in ivs[1:]:
        common = None if common is None else common.intersection(iv)
    disagreeing = [
        [a.id, b.id]
        for i, (a, ia) in enumerate(zip(cs, ivs, strict=True))
        for b, ib in zip(cs[i + 1 :], ivs[i + 1 :], strict=True)
        if not ia.overlaps(ib)
    ]
    detail = {
        "compare": compare,
        "intervals": {c.id: iv for c, iv in zip(cs, ivs, strict=True)},
        "common": common,
        "disagreeing_pairs": disagreeing,
    }
    return _result(
        "consistent" if common is not None else "inconsistent", detail, cs, id, description
    )


def check_readings(
    reference: Claim,
    readings: Sequence[Claim],
    *,
    compare: str = "bounds",
    rule: QualifierRule = DEFAULT_RULE,
    id: str = "readings",
    description: str = "which of a source's readings of one figure agree with a reference",
) -> AuditResult:
    """Consistent when at least one reading agrees with ``reference``; says which do.

    A source may state one figure twice in different words ("over 4038" in its lede, "the
    4,038 declassified patents" in its body). Each reading is compared with the reference on
    its own; ``detail["supported"]`` lists the readings that agree and ``detail["unsupported"]``
    those that do not, so the result says which reading the evidence supports rather than
    calling the source wrong for its loosest wording.

    Examples
    --------
    Reference 4,038 (exact); readings "more than 4,038" and "4,038": the second is supported,
    the first is not, and the result is ``"consistent"``.
    """
    rs = tuple(readings)
    used = (reference, *rs)
    if not rs:
        return _cannot("no reading to compare", used, id, description)
    _same_unit(used, "check_readings")
    ref = _operand(reference, compare, rule)
    ivs = {r.id: _operand(r, compare, rule) for r in rs}
    supported = [k for k, iv in ivs.items() if iv.overlaps(ref)]
    detail = {
        "compare": compare,
        "reference": ref,
        "readings": ivs,
        "supported": supported,
        "unsupported": [k for k in ivs if k not in supported],
    }
    return _result("consistent" if supported else "inconsistent", detail, used, id, description)


def check_seed_against_reports(
    seed: Sequence[Claim],
    reports: Sequence[Claim],
    *,
    compare: str = "bounds",
    rule: QualifierRule = DEFAULT_RULE,
    id: str = "seed_against_reports",
    description: str = "one primary report supports every number of the seed's statement",
) -> AuditResult:
    """Consistent when a single report (one source) agrees with every seed claim.

    Reports are grouped by ``source.key``; a report supports a seed claim when it has a claim
    of the same indicator whose interval overlaps the seed's. Targets are not reports of an
    observed value and are set aside. With no report stating any of the seed's indicators the
    result is ``"cannot-check"``.
    """
    seed = tuple(seed)
    observed = [r for r in reports if not r.is_target]
    targets = [r.id for r in reports if r.is_target]
    used = (*seed, *reports)
    indicators = {s.indicator for s in seed}
    if not any(r.indicator in indicators for r in observed):
        return _cannot(
            "no primary report states an observed value of these indicators",
            used,
            id,
            description,
            seed={s.id: _operand(s, compare, rule) for s in seed},
            targets_set_aside=targets,
        )
    by_source: dict[str, list[Claim]] = {}
    for r in observed:
        by_source.setdefault(r.source.key, []).append(r)
    table: dict[str, dict[str, Any]] = {}
    supporting = []
    for key, rs in by_source.items():
        row: dict[str, Any] = {}
        for s in seed:
            same = [r for r in rs if r.indicator == s.indicator]
            if not same:
                row[s.id] = "not stated"
                continue
            s_iv = _operand(s, compare, rule)
            row[s.id] = (
                "agrees"
                if any(s_iv.overlaps(_operand(r, compare, rule)) for r in same)
                else "disagrees"
            )
        table[key] = row
        if all(v == "agrees" for v in row.values()):
            supporting.append(key)
    detail = {
        "compare": compare,
        "seed": {s.id: _operand(s, compare, rule) for s in seed},
        "reports": {r.id: _operand(r, compare, rule) for r in observed},
        "by_report": table,
        "supporting_reports": supporting,
        "targets_set_aside": targets,
    }
    return _result("consistent" if supporting else "inconsistent", detail, used, id, description)


def check_sum(
    parts: Sequence[Claim],
    total: Claim,
    *,
    compare: str = "rounded",
    rule: QualifierRule = DEFAULT_RULE,
    id: str = "sum",
    description: str = "the parts add up to the stated total",
) -> AuditResult:
    """Consistent when the sum of the parts' intervals overlaps the total's interval."""
    parts = tuple(parts)
    _same_unit((*parts, total), "check_sum")
    s = _sum(parts, compare, rule)
    t = _operand(total, compare, rule)
    detail = {
        "compare": compare,
        "sum_of_parts": s,
        "total": t,
        "difference": sum(p.value for p in parts) - total.value,
    }
    return _result(
        "consistent" if s.overlaps(t) else "inconsistent", detail, (*parts, total), id, description
    )


def check_ratio(
    numerator: Claim | Sequence[Claim],
    denominator: Claim | Sequence[Claim],
    ratio: Claim,
    *,
    scale: float = 1.0,
    compare: str = "rounded",
    rule: QualifierRule = DEFAULT_RULE,
    id: str = "ratio",
    description: str = "numerator / denominator equals the stated ratio or share",
) -> AuditResult:
    """Consistent when ``scale * sum(numerator) / sum(denominator)`` overlaps ``ratio``.

    Several claims given as numerator (or denominator) are summed first.
    """
    num, den = _as_seq(numerator), _as_seq(denominator)
    _same_unit((*num, *den), "check_ratio")
    n_iv, d_iv = _sum(num, compare, rule), _sum(den, compare, rule)
    computed = (n_iv / d_iv) * scale
    r_iv = _operand(ratio, compare, rule)
    point = scale * sum(c.value for c in num) / sum(c.value for c in den)
    detail = {
        "compare": compare,
        "computed": computed,
        "computed_from_values": point,
        "stated": r_iv,
    }
    used = (*num, *den, ratio)
    return _result(
        "consistent" if computed.overlaps(r_iv) else "inconsistent", detail, used, id, description
    )


def check_component_shares(
    components: Sequence[Claim],
    shares: Sequence[Claim],
    total: Claim,
    *,
    compare: str = "rounded",
    rule: QualifierRule = DEFAULT_RULE,
    id: str = "component_shares",
    description: str = "each component divided by the total equals its stated share",
) -> AuditResult:
    """Pair components and shares by ``entity``; consistent when every pair matches."""
    share_of = {s.entity: s for s in shares}
    rows: dict[str, Any] = {}
    ok = True
    for comp in components:
        s = share_of.get(comp.entity)
        if s is None:
            rows[comp.entity] = "no stated share"
            continue
        r = check_ratio(comp, total, s, compare=compare, rule=rule)
        rows[comp.entity] = {
            "computed": r.detail["computed"],
            "stated": r.detail["stated"],
            "status": r.status,
        }
        ok = ok and r.status == "consistent"
    used = (*components, *shares, total)
    if not any(isinstance(v, dict) for v in rows.values()):
        return _cannot("no component has a stated share", used, id, description, components=rows)
    return _result(
        "consistent" if ok else "inconsistent",
        {"compare": compare, "components": rows},
        used,
        id,
        description,
    )


def check_level_change(
    previous: Claim,
    current: Claim,
    change: Claim,
    *,
    scale: float = 100.0,
    compare: str = "rounded",
    rule: QualifierRule = DEFAULT_RULE,
    id: str = "level_change",
    description: str = "current level minus previous level equals the stated change",
) -> AuditResult:
    """Consistent when ``scale * (current - previous)`` overlaps ``change``.

    The default ``scale`` of 100 turns a change of a share (fraction) into percentage points.
    """
    diff = (_operand(current, compare, rule) - _operand(previous, compare, rule)) * scale
    c_iv = _operand(change, compare, rule)
    detail = {
        "compare": compare,
        "computed_change": diff,
        "computed_from_values": scale * (current.value - previous.value),
        "stated_change": c_iv,
        "previous_implied_by_change": current.value - change.value / scale,
    }
    used = (previous, current, change)
    return _result(
        "consistent" if diff.overlaps(c_iv) else "inconsistent", detail, used, id, description
    )


def check_growth(
    previous: Claim,
    current: Claim,
    growth: Claim,
    *,
    compare: str = "rounded",
    rule: QualifierRule = DEFAULT_RULE,
    id: str = "growth",
    description: str = "the stated growth rate links the two levels",
) -> AuditResult:
    """Consistent when ``(current / previous) ** (1 / years) - 1`` overlaps ``growth``.

    ``years`` is the number of years between the two claims' periods (1 for year-on-year
    growth, 4 for an average over 2018-2022).
    """
    p, c = previous.period_info, current.period_info
    if p.year is None or c.year is None or c.year <= p.year:
        return _cannot(
            "the two levels need dated periods, the current one later",
            (previous, current, growth),
            id,
            description,
        )
    years = c.year - p.year
    factor = _operand(current, compare, rule) / _operand(previous, compare, rule)
    computed = factor ** (1.0 / years) - 1.0
    g_iv = _operand(growth, compare, rule)
    detail = {
        "compare": compare,
        "years": years,
        "computed_growth": computed,
        "computed_from_values": (current.value / previous.value) ** (1.0 / years) - 1.0,
        "stated_growth": g_iv,
    }
    used = (previous, current, growth)
    return _result(
        "consistent" if computed.overlaps(g_iv) else "inconsistent", detail, used, id, description
    )


def check_projection(
    base: Claim,
    rate: Claim,
    projected: Claim,
    *,
    tolerance: float | None = None,
    id: str = "projection",
    description: str = "base x (1 + rate) equals the stated projection",
) -> AuditResult:
    """Consistent when ``|base * (1 + rate) - projected| <= tolerance``.

    The rate of a projection is an assumption, so it is used as stated. ``tolerance``
    defaults to one unit of the projection's last stated digit (1 person for 1,450,576,229).
    """
    computed = base.value * (1.0 + rate.value)
    if tolerance is None:
        tolerance = max(2 * rounding_half_unit(projected.value, "ratio"), 1e-12)
    diff = computed - projected.value
    detail = {
        "computed": computed,
        "stated": projected.value,
        "difference": diff,
        "tolerance": tolerance,
    }
    used = (base, rate, projected)
    return _result(
        "consistent" if abs(diff) <= tolerance else "inconsistent", detail, used, id, description
    )


RateSource = float | Mapping[int, float] | None


def _annual_rate(year: int, rate: RateSource) -> tuple[float, str]:
    if isinstance(rate, int | float):
        return float(rate), "given"
    if isinstance(rate, Mapping):
        return float(rate[year]), "given"
    # The datasets module is optional at import time; load lazily so the audit still runs
    # (with cannot-check) when it or its file is unavailable.
    from policyts.datasets import load

    value = float(load("cny_usd_exchange_rate")["cny_per_usd"].sel(year=year))
    return value, 'policyts.datasets.load("cny_usd_exchange_rate") (World Bank WDI PA.NUS.FCRF)'


def check_currency_pair(
    local: Claim,
    usd: Claim,
    *,
    rate: RateSource = None,
    tolerance: float = CURRENCY_TOLERANCE,
    id: str = "currency_pair",
    description: str = "the yuan and dollar amounts imply the annual exchange rate",
) -> AuditResult:
    """Consistent when the implied yuan-per-dollar rate is within ``tolerance`` of the annual rate.

    Parameters
    ----------
    local, usd : Claim
        The same amount in CNY and in USD, for the same dated period.
    rate : float, mapping year -> float, or None
        Yuan per US dollar (annual average). ``None`` reads the bundled dataset
        ``cny_usd_exchange_rate``; if that fails the result is ``"cannot-check"``.
    tolerance : float
        Allowed relative gap ``|implied / annual - 1|`` (default 5 %).
    """
    used = (local, usd)
    if local.unit != "CNY" or usd.unit != "USD":
        return _cannot(
            f"expected a CNY and a USD amount, got {local.unit} and {usd.unit}",
            used,
            id,
            description,
        )
    implied = local.value / usd.value
    y1, y2 = local.period_info.year, usd.period_info.year
    if y1 is None or y2 is None or y1 != y2:
        return _cannot(
            "the amounts are not dated to one year, so no annual rate applies",
            used,
            id,
            description,
            implied_cny_per_usd=implied,
        )
    try:
        annual, origin = _annual_rate(y1, rate)
    except (ImportError, AttributeError, LookupError, ValueError, OSError, TypeError) as exc:
        return _cannot(
            f"no annual exchange rate for {y1}: {type(exc).__name__}: {exc}",
            used,
            id,
            description,
            implied_cny_per_usd=implied,
        )
    gap = implied / annual - 1.0
    rounding = Interval.point(local.value).widen(
        rounding_half_unit(local.value, "CNY")
    ) / Interval.point(usd.value).widen(rounding_half_unit(usd.value, "USD"))
    detail = {
        "year": y1,
        "implied_cny_per_usd": implied,
        "implied_range_from_rounding": rounding,
        "annual_cny_per_usd": annual,
        "rate_source": origin,
        "relative_gap": gap,
        "tolerance": tolerance,
    }
    return _result(
        "consistent" if abs(gap) <= tolerance else "inconsistent", detail, used, id, description
    )


def check_part_within_whole(
    part: Claim,
    whole: Claim,
    *,
    rule: QualifierRule = DEFAULT_RULE,
    id: str = "part_within_whole",
    description: str = "the part does not exceed the whole",
) -> AuditResult:
    """Consistent when some value of ``part`` is at most some value of ``whole``."""
    p, w = part.interval(rule), whole.interval(rule)
    possible = p.lower < w.upper or (p.lower == w.upper and not (p.lower_open or w.upper_open))
    detail = {"part": p, "whole": w, "share_from_values": part.value / whole.value}
    return _result(
        "consistent" if possible else "inconsistent", detail, (part, whole), id, description
    )


def check_nondecreasing(
    claims: Sequence[Claim],
    *,
    rule: QualifierRule = DEFAULT_RULE,
    id: str = "nondecreasing",
    description: str = "a cumulative count does not fall over time",
) -> AuditResult:
    """Consistent when, ordered by the end of their periods, no claim must be below an earlier one."""
    cs = tuple(claims)
    if any(not c.period_info.is_dated for c in cs):
        return _cannot("an undated claim cannot be placed in time", cs, id, description)
    ordered = sorted(cs, key=lambda c: c.period_info.end or 0)
    falls = []
    for a, b in zip(ordered, ordered[1:], strict=False):
        ia, ib = a.interval(rule), b.interval(rule)
        if ib.upper < ia.lower or (ib.upper == ia.lower and (ib.upper_open or ia.lower_open)):
            falls.append([a.id, b.id])
    detail = {
        "in_order": [[c.id, c.period, c.interval(rule)] for c in ordered],
        "falls": falls,
    }
    return _result("inconsistent" if falls else "consistent", detail, cs, id, description)


def check_shares_partition(
    shares: Sequence[Claim],
    *,
    exhaustive: bool,
    compare: str = "rounded",
    rule: QualifierRule = DEFAULT_RULE,
    id: str = "shares_partition",
    description: str = "shares of one whole add up to at most (or exactly) one",
) -> AuditResult:
    """Sum of shares: must be able to equal 1 if ``exhaustive``, else must be able to be <= 1."""
    cs = tuple(shares)
    _same_unit(cs, "check_shares_partition")
    if cs and cs[0].unit != "1":
        raise ValueError("check_shares_partition: the claims must be shares (unit '1')")
    s = _sum(cs, compare, rule)
    ok = s.contains(1.0) if exhaustive else (s.lower < 1.0 or (s.lower == 1.0 and not s.lower_open))
    detail = {"compare": compare, "exhaustive": exhaustive, "sum": s}
    return _result("consistent" if ok else "inconsistent", detail, cs, id, description)


def check_span_duration(
    duration: Claim,
    *,
    inclusive: bool,
    rule: QualifierRule = DEFAULT_RULE,
    id: str = "span_duration",
    description: str = "the stated duration matches the years of its period",
) -> AuditResult:
    """Consistent when the years spanned by the claim's own period lie in its interval.

    ``inclusive`` counts both end years (2023-2025 is a three-year plan); otherwise the years
    elapsed between them (1953 to 2006 is 53 years).
    """
    p = duration.period_info
    if duration.unit != "year" or p.start is None or p.end is None or p.precision != "span":
        return _cannot(
            "needs a duration in years over a span of years", (duration,), id, description
        )
    years = p.end.year - p.start.year + (1 if inclusive else 0)
    iv = duration.interval(rule)
    detail = {"years_in_period": years, "inclusive": inclusive, "stated": iv}
    return _result(
        "consistent" if iv.contains(years) else "inconsistent", detail, (duration,), id, description
    )


def check_fold_increase(
    later: Claim,
    fold: Claim,
    earlier: Claim | None = None,
    *,
    compare: str = "rounded",
    rule: QualifierRule = DEFAULT_RULE,
    id: str = "fold_increase",
    description: str = "later level / earlier level equals the stated multiple",
) -> AuditResult:
    """Consistent when ``later / earlier`` overlaps ``fold``; without ``earlier``, cannot check.

    The value implied for the earlier period (``later / fold``) is reported either way.
    """
    implied = _operand(later, compare, rule) / _operand(fold, compare, rule)
    if earlier is None:
        return _cannot(
            "no claim states the earlier level",
            (later, fold),
            id,
            description,
            implied_earlier=implied,
            implied_earlier_from_values=later.value / fold.value,
        )
    return check_ratio(
        later, earlier, fold, compare=compare, rule=rule, id=id, description=description
    )


def check_growth_vs_cumulative(
    growth: Claim,
    dominance: Claim,
    *,
    sum_years: tuple[int, int],
    levels: Mapping[int, float] | None = None,
    rule: QualifierRule = DEFAULT_RULE,
    id: str = "growth_vs_cumulative",
    description: str = "a growth rate and a 'year Y exceeds the sum of earlier years' claim",
) -> AuditResult:
    """Check a claim "applications in year Y exceed the sum over ``sum_years``" with a series.

    ``growth`` is an average annual growth rate over its span; ``dominance`` is a ratio claim
    (Y / sum over ``sum_years``, e.g. "more than 1"). Without ``levels`` (a yearly series) the
    levels before the growth span are unknown and the result is ``"cannot-check"``; the growth
    factor over the span is reported. With ``levels``, both the average growth and the ratio
    are recomputed and compared.
    """
    used = (growth, dominance)
    p = growth.period_info
    if p.start is None or p.end is None or dominance.period_info.year is None:
        return _cannot(
            "needs a dated growth span and a dated comparison year", used, id, description
        )
    y0, y1 = p.start.year, p.end.year
    year = dominance.period_info.year
    factor = (1.0 + growth.value) ** (y1 - y0)
    if levels is None:
        return _cannot(
            "no yearly series of the counted quantity; the years before the growth span are "
            "unknown",
            used,
            id,
            description,
            growth_factor_over_span=factor,
            span=[y0, y1],
            sum_years=list(sum_years),
        )
    needed = [y0, y1, year, *range(sum_years[0], sum_years[1] + 1)]
    missing = [y for y in needed if y not in levels]
    if missing:
        return _cannot(f"the series lacks years {missing}", used, id, description)
    g_computed = (levels[y1] / levels[y0]) ** (1.0 / (y1 - y0)) - 1.0
    ratio = levels[year] / sum(levels[y] for y in range(sum_years[0], sum_years[1] + 1))
    g_ok = stated_interval(growth, rule).contains(g_computed)
    r_ok = dominance.interval(rule).contains(ratio)
    detail = {
        "computed_growth": g_computed,
        "stated_growth": stated_interval(growth, rule),
        "computed_ratio": ratio,
        "stated_ratio": dominance.interval(rule),
    }
    return _result("consistent" if g_ok and r_ok else "inconsistent", detail, used, id, description)


def check_against_dataset(
    claims: Sequence[Claim],
    *,
    dataset: str,
    variable: str,
    data: Mapping[int, float] | None = None,
    compare: str = "rounded",
    rule: QualifierRule = DEFAULT_RULE,
    id: str = "against_dataset",
    description: str = "the claims agree with the bundled dataset",
) -> AuditResult:
    """Consistent when the bundled dataset's value for each claim's year lies in its interval.

    ``data`` (year -> value) replaces the dataset, e.g. in tests; otherwise
    ``policyts.datasets.load(dataset)[variable]`` is read, and if that fails the result is
    ``"cannot-check"``. Claims without a single-year period are not compared.
    """
    cs = tuple(claims)
    if data is None:
        try:
            from policyts.datasets import load

            da = load(dataset)[variable]
            data = {int(y): float(v) for y, v in zip(da["year"].values, da.values, strict=True)}
        except (ImportError, AttributeError, LookupError, ValueError, OSError, TypeError) as exc:
            return _cannot(
                f"dataset {dataset!r} unavailable: {type(exc).__name__}: {exc}", cs, id, description
            )
    rows: dict[str, Any] = {}
    bad = []
    for c in cs:
        p = c.period_info
        if p.precision != "year" or p.year is None:
            rows[c.id] = "not a single year"
            continue
        v = data.get(p.year, math.nan)
        if math.isnan(v):
            rows[c.id] = f"no value for {p.year}"
            continue
        iv = _operand(c, compare, rule)
        # Derived values are recomputed in both places; allow floating-point noise only.
        ok = iv.widen(1e-9 * abs(c.value)).contains(v)
        rows[c.id] = {"year": p.year, "dataset": v, "claim": iv, "agrees": ok}
        if not ok:
            bad.append(c.id)
    compared = [k for k, r in rows.items() if isinstance(r, dict)]
    detail = {
        "dataset": dataset,
        "variable": variable,
        "compare": compare,
        "by_claim": rows,
        "disagreeing": bad,
    }
    if not compared:
        return _cannot("no claim could be compared with the dataset", cs, id, description, **detail)
    return _result("inconsistent" if bad else "consistent", detail, cs, id, description)


# -- the checks bound to the catalogue -----------------------------------------------------------------


@dataclass(frozen=True)
class AuditContext:
    """What a bound check may use besides claims."""

    rule: QualifierRule = DEFAULT_RULE
    exchange_rate: RateSource = None


class MissingClaims(LookupError):
    """Raised by the lookup of :func:`~policyts.indicators.consistency.audit` for a claim id
    that is not in its input."""


Lookup = Callable[[str], Claim]


@dataclass(frozen=True)
class AuditCheck:
    """A check bound to catalogue claims by id.

    ``run(lookup, context)`` fetches its claims with ``lookup(claim_id)`` and returns the
    result of one of the generic checks; :func:`audit` sets ``id`` and ``description``.
    """

    id: str
    description: str
    run: Callable[[Lookup, AuditContext], AuditResult]
