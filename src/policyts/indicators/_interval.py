"""Intervals, the qualifier rule, and interval arithmetic for derived claims.

A claim's wording ("about 3,000", "more than 4,000", "nearly 40 percent") is turned into an
interval ``[lower, upper]`` by one rule object, :class:`QualifierRule`. Nothing else in the
package widens or narrows a stated number, except the audit's explicit rounding tolerance
(:func:`policyts.indicators.consistency.stated_interval`), which is documented there.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from policyts.indicators._units import unit_info

__all__ = [
    "QUALIFIERS",
    "Interval",
    "QualifierRule",
    "DEFAULT_RULE",
    "evaluate_formula",
]

#: The qualifiers a claim may carry, in the order of their CF flag values.
QUALIFIERS: tuple[str, ...] = (
    "exact",
    "about",
    "nearly",
    "more_than",
    "at_least",
    "less_than",
    "target",
    "derived",
)

_QUALIFIER_MEANING: Mapping[str, str] = {
    "exact": "the number as stated, no hedge word",
    "about": "about / around / an estimated / approximately",
    "nearly": "nearly / almost / close to (at or just below the number)",
    "more_than": "more than / over / -plus (strictly above the number)",
    "at_least": "at least / thousands of / billions of (at or above the number)",
    "less_than": "less than / before (strictly below the number)",
    "target": "a target or plan, not an observed value",
    "derived": "computed in policyts from other claims; bounds by interval arithmetic",
}


@dataclass(frozen=True)
class Interval:
    """A real interval with optionally open ends.

    Attributes
    ----------
    lower, upper : float
        End points; ``-inf``/``inf`` for an unbounded end.
    lower_open, upper_open : bool
        Whether an end point is excluded ("more than 4,000" excludes 4,000). Infinite ends are
        always open.

    Examples
    --------
    >>> from policyts.indicators import Interval
    >>> about = Interval(2700, 3300)
    >>> more_than = Interval(3000, float("inf"), lower_open=True, upper_open=True)
    >>> about.overlaps(more_than)
    True
    >>> print(about.intersection(more_than))
    (3,000, 3,300]
    """

    lower: float
    upper: float
    lower_open: bool = False
    upper_open: bool = False

    def __post_init__(self) -> None:
        lo, hi = float(self.lower), float(self.upper)
        if math.isnan(lo) or math.isnan(hi):
            raise ValueError("field 'lower'/'upper': interval end points must not be NaN")
        if lo > hi:
            raise ValueError(
                f"field 'lower': lower bound {lo:g} is greater than upper bound {hi:g}; "
                "swap them or check the qualifier"
            )
        if lo == hi and (self.lower_open or self.upper_open):
            raise ValueError(f"field 'lower'/'upper': the interval at {lo:g} is empty")
        object.__setattr__(self, "lower", lo)
        object.__setattr__(self, "upper", hi)
        if math.isinf(lo):
            object.__setattr__(self, "lower_open", True)
        if math.isinf(hi):
            object.__setattr__(self, "upper_open", True)

    @classmethod
    def point(cls, x: float) -> Interval:
        return cls(x, x)

    @property
    def is_point(self) -> bool:
        return self.lower == self.upper

    @property
    def width(self) -> float:
        return self.upper - self.lower

    def contains(self, x: float) -> bool:
        """True if ``x`` lies in the interval (respecting open ends)."""
        above = x > self.lower if self.lower_open else x >= self.lower
        below = x < self.upper if self.upper_open else x <= self.upper
        return above and below

    def overlaps(self, other: Interval) -> bool:
        """True if the two intervals share at least one point."""
        return self.intersection(other) is not None

    def intersection(self, other: Interval) -> Interval | None:
        """The common part, or ``None`` when the intervals are disjoint."""
        if self.lower > other.lower:
            lo, lo_open = self.lower, self.lower_open
        elif other.lower > self.lower:
            lo, lo_open = other.lower, other.lower_open
        else:
            lo, lo_open = self.lower, self.lower_open or other.lower_open
        if self.upper < other.upper:
            hi, hi_open = self.upper, self.upper_open
        elif other.upper < self.upper:
            hi, hi_open = other.upper, other.upper_open
        else:
            hi, hi_open = self.upper, self.upper_open or other.upper_open
        if lo > hi or (lo == hi and (lo_open or hi_open)):
            return None
        return Interval(lo, hi, lo_open, hi_open)

    def widen(self, half_width: float) -> Interval:
        """The interval grown by ``half_width`` on each finite side (ends become closed)."""
        if half_width < 0:
            raise ValueError("field 'half_width': must be >= 0")
        if half_width == 0:
            return self
        return Interval(
            self.lower - half_width,
            self.upper + half_width,
            math.isinf(self.lower),
            math.isinf(self.upper),
        )

    def bounds_or_none(self) -> tuple[float | None, float | None]:
        """``(lower, upper)`` with ``None`` for an unbounded end (for JSON)."""
        return (
            None if math.isinf(self.lower) else self.lower,
            None if math.isinf(self.upper) else self.upper,
        )

    def __str__(self) -> str:
        left = "(" if self.lower_open else "["
        right = ")" if self.upper_open else "]"
        return f"{left}{self.lower:,.6g}, {self.upper:,.6g}{right}"

    # -- interval arithmetic ------------------------------------------------------------------
    # Each result end point is open when every corner that attains it is open: the end is
    # reached only through an excluded input end.

    @staticmethod
    def _coerce(x: Interval | float) -> Interval:
        return x if isinstance(x, Interval) else Interval.point(float(x))

    def __add__(self, other: Interval | float) -> Interval:
        o = self._coerce(other)
        return Interval(
            self.lower + o.lower,
            self.upper + o.upper,
            self.lower_open or o.lower_open,
            self.upper_open or o.upper_open,
        )

    __radd__ = __add__

    def __neg__(self) -> Interval:
        return Interval(-self.upper, -self.lower, self.upper_open, self.lower_open)

    def __sub__(self, other: Interval | float) -> Interval:
        return self + (-self._coerce(other))

    def __rsub__(self, other: Interval | float) -> Interval:
        return self._coerce(other) + (-self)

    def __mul__(self, other: Interval | float) -> Interval:
        o = self._coerce(other)
        corners: list[tuple[float, bool]] = []
        for a, a_open in ((self.lower, self.lower_open), (self.upper, self.upper_open)):
            for b, b_open in ((o.lower, o.lower_open), (o.upper, o.upper_open)):
                if (math.isinf(a) and b == 0) or (math.isinf(b) and a == 0):
                    corners.append((0.0, False))
                else:
                    corners.append((a * b, a_open or b_open))
        lo = min(v for v, _ in corners)
        hi = max(v for v, _ in corners)
        lo_open = all(op for v, op in corners if v == lo)
        hi_open = all(op for v, op in corners if v == hi)
        return Interval(lo, hi, lo_open, hi_open)

    __rmul__ = __mul__

    def _reciprocal(self) -> Interval:
        if self.contains(0.0) or (self.lower == 0 and self.upper == 0):
            raise ValueError(f"cannot divide by the interval {self}, which contains 0")
        if self.lower < 0 < self.upper:
            raise ValueError(f"cannot divide by the interval {self}, which straddles 0")

        def inv(x: float) -> float:
            if math.isinf(x):
                return 0.0
            r = 1.0 / x
            if math.isinf(r):
                raise ValueError(
                    f"cannot divide by the interval {self}: its end point {x!r} is too close "
                    "to 0 for its reciprocal to be represented"
                )
            return r

        return Interval(
            inv(self.upper),
            inv(self.lower),
            self.upper_open,
            self.lower_open,
        )

    def __truediv__(self, other: Interval | float) -> Interval:
        return self * self._coerce(other)._reciprocal()

    def __rtruediv__(self, other: Interval | float) -> Interval:
        return self._coerce(other) * self._reciprocal()

    def __pow__(self, exponent: float) -> Interval:
        p = float(exponent)
        if self.lower < 0 or p <= 0:
            raise ValueError(
                "interval powers are defined here only for non-negative intervals and "
                "positive exponents"
            )
        return Interval(self.lower**p, self.upper**p, self.lower_open, self.upper_open)


@dataclass(frozen=True)
class QualifierRule:
    """How a qualifier turns a stated value ``v`` into an interval ``[lower, upper]``.

    This is the one place where the vagueness of words such as "about" is given a number.
    Every band is relative to ``|v|``; results are clipped to the natural range of the claim's
    unit (a share never exceeds 1, a count never goes below 0).

    =============  ==================================  ====================================
    qualifier      interval                            example (default rule)
    =============  ==================================  ====================================
    ``exact``      ``[v, v]``                          2,346 -> [2,346, 2,346]
    ``about``      ``[v - a|v|, v + a|v|]``            about 3,000 -> [2,700, 3,300]
    ``nearly``     ``[v - n|v|, v]``                   nearly 40 % -> [36 %, 40 %]
    ``more_than``  ``(v, v + m|v|]``, or ``(v, max)``  more than 4,000 -> (4,000, inf)
                   when ``m`` is None
    ``at_least``   ``[v, v + m|v|]`` likewise          at least $73 bn -> [73 bn, inf)
    ``less_than``  ``[v - l|v|, v)``, or ``[min, v)``  less than 15 % -> [0, 15 %)
                   when ``l`` is None
    ``target``     ``[v, v]``, flagged as a target     > 1 trillion by 2025 -> [1e12, 1e12]
    ``derived``    from the inputs by interval arithmetic (see :func:`evaluate_formula`)
    =============  ==================================  ====================================

    ``min``/``max`` are the natural bounds of the unit (see :mod:`policyts.indicators._units`).

    Parameters
    ----------
    about : float
        Relative half-width ``a`` of "about" (default 0.10).
    nearly : float
        Relative depth ``n`` below the number for "nearly" (default 0.10).
    more_than, at_least : float or None
        Relative cap ``m`` above the number; ``None`` (default) leaves the upper end at the
        unit's natural maximum (open for counts and amounts).
    less_than : float or None
        Relative floor ``l`` below the number; ``None`` (default) uses the unit's natural
        minimum.

    Notes
    -----
    The 10 % bands are a convention, not an estimate: they make "about 3,000" and "more than
    3,000" comparable, and the audit reports the intervals it compared so a reader can judge.
    Checked by hand against the examples in the table above (see ``tests/test_claims.py``).

    Examples
    --------
    "about" reads as within 10 % by default; a stricter rule narrows it:

    >>> from policyts.indicators import QualifierRule
    >>> print(QualifierRule().interval(3000.0, "about", "count:patents"))
    [2,700, 3,300]
    >>> print(QualifierRule(about=0.05).interval(3000.0, "about", "count:patents"))
    [2,850, 3,150]
    """

    about: float = 0.10
    nearly: float = 0.10
    more_than: float | None = None
    at_least: float | None = None
    less_than: float | None = None

    def __post_init__(self) -> None:
        for name in ("about", "nearly", "more_than", "at_least", "less_than"):
            v = getattr(self, name)
            if v is None and name in ("about", "nearly"):
                raise ValueError(f"field '{name}': a band is required (a number >= 0)")
            if v is not None and (not isinstance(v, int | float) or not v >= 0):
                raise ValueError(f"field '{name}': the band must be a number >= 0, got {v!r}")
            # A zero cap would leave nothing strictly above (below) the number.
            if name in ("more_than", "less_than") and v == 0:
                raise ValueError(f"field '{name}': the band must be > 0 or None (open)")
        if self.nearly >= 1 or (self.less_than is not None and self.less_than > 1):
            raise ValueError("field 'nearly'/'less_than': a band below the number must be < 1")

    def interval(self, value: float, qualifier: str, unit: str = "ratio") -> Interval:
        """Interval implied by ``qualifier`` for a stated ``value`` in ``unit``.

        Raises
        ------
        ValueError
            For an unknown qualifier, or for ``"derived"`` (derived claims carry a formula;
            use :meth:`policyts.indicators.Claim.interval`).
        """
        u = unit_info(unit)
        v = float(value)
        mag = abs(v)
        if qualifier in ("exact", "target"):
            return Interval.point(v)
        if qualifier == "about":
            return self._clip(
                Interval(v - self.about * mag, v + self.about * mag), u.lower, u.upper
            )
        if qualifier == "nearly":
            return self._clip(Interval(v - self.nearly * mag, v), u.lower, u.upper)
        if qualifier in ("more_than", "at_least"):
            cap = self.more_than if qualifier == "more_than" else self.at_least
            hi = u.upper if cap is None else min(v + cap * mag, u.upper)
            if qualifier == "more_than" and hi <= v:
                raise ValueError(
                    f"field 'value': nothing in unit {unit!r} lies above {v:g} "
                    "(or the value is 0 and the cap relative to it is empty)"
                )
            return Interval(v, max(hi, v), qualifier == "more_than", math.isinf(hi))
        if qualifier == "less_than":
            lo = u.lower if self.less_than is None else max(v - self.less_than * mag, u.lower)
            if lo >= v:
                raise ValueError(f"field 'value': nothing in unit {unit!r} lies below {v:g}")
            return Interval(lo, v, math.isinf(lo), True)
        if qualifier == "derived":
            raise ValueError(
                "field 'qualifier': 'derived' intervals come from the inputs' intervals; "
                "call Claim.interval() on the derived claim"
            )
        raise ValueError(
            f"field 'qualifier': unknown qualifier {qualifier!r}; use one of {QUALIFIERS}"
        )

    @staticmethod
    def _clip(iv: Interval, lo: float, hi: float) -> Interval:
        return Interval(max(iv.lower, lo), min(iv.upper, hi), iv.lower_open, iv.upper_open)

    def describe(self) -> str:
        """One-line statement of the rule, for attrs and reports."""

        def cap(x: float | None, side: str) -> str:
            return f"{side} {x:g}|v|" if x is not None else f"{side} unit's natural bound"

        return (
            f"exact/target [v, v]; about [v -/+ {self.about:g}|v|]; "
            f"nearly [v - {self.nearly:g}|v|, v]; more_than (v, {cap(self.more_than, 'v +')}]; "
            f"at_least [v, {cap(self.at_least, 'v +')}]; "
            f"less_than [{cap(self.less_than, 'v -')}, v); clipped to the unit's natural range"
        )


#: The rule used everywhere unless a caller passes another one.
DEFAULT_RULE = QualifierRule()


def qualifier_meaning(qualifier: str) -> str:
    """Plain-language meaning of a qualifier."""
    return _QUALIFIER_MEANING[qualifier]


# -- formulas of derived claims ------------------------------------------------------------------

_BINOPS: Mapping[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}


def formula_names(n: int) -> tuple[str, ...]:
    """Names of the inputs of a formula with ``n`` inputs: ``a``, ``b``, ``c`` ..."""
    if not 0 < n <= 26:
        raise ValueError("field 'derived_from': a formula takes 1 to 26 inputs")
    return tuple(chr(ord("a") + i) for i in range(n))


def evaluate_formula(formula: str, values: Mapping[str, Any]) -> Any:
    """Evaluate an arithmetic ``formula`` over ``values`` (floats or :class:`Interval`).

    Only ``+ - * / **``, unary minus, numeric constants and the input names are allowed, so a
    formula is data that can be shown in the catalogue and re-evaluated under another
    :class:`QualifierRule`.

    Examples
    --------
    >>> evaluate_formula("a / (1 + b)", {"a": 1000.0, "b": 1.27})
    440.52863436123346
    """
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError as exc:
        raise ValueError(f"field 'formula': cannot parse {formula!r}: {exc.msg}") from None

    def ev(node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            left, right = ev(node.left), ev(node.right)
            if isinstance(node.op, ast.Pow) and not isinstance(right, int | float):
                raise ValueError(f"field 'formula': exponents must be constants in {formula!r}")
            return _BINOPS[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id not in values:
                raise ValueError(
                    f"field 'formula': {formula!r} uses {node.id!r}, but the inputs are "
                    f"{sorted(values)}"
                )
            return values[node.id]
        raise ValueError(
            f"field 'formula': {formula!r} may use only + - * / **, numbers and input names"
        )

    return ev(tree)
