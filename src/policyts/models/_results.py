"""Frozen result objects shared by every test in :mod:`policyts.models`.

Each result is an immutable dataclass with read-only fields, a plain-text ``summary()``,
and ``__str__``/``_repr_html_`` from one small mixin, so a result prints the same in a
script, a terminal and a notebook.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from typing import Any

__all__ = ["SummaryMixin", "HypothesisTest", "format_number"]


def format_number(x: Any, digits: int = 4) -> str:
    """Format a number for a summary table: ``nan`` for missing, ``<1e-4`` style for tiny."""
    if x is None:
        return "n/a"
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, int):
        return str(x)
    try:
        xf = float(x)
    except (TypeError, ValueError):
        return str(x)
    if math.isnan(xf):
        return "nan"
    if xf != 0 and (abs(xf) < 10 ** (-digits) or abs(xf) >= 10**7):
        return f"{xf:.{digits}e}"
    return f"{xf:.{digits}f}"


class SummaryMixin:
    """Gives ``__str__`` and ``_repr_html_`` from ``summary()``."""

    def summary(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(self.summary())}</pre>"


@dataclass(frozen=True, repr=False)
class HypothesisTest(SummaryMixin):
    """Result of one hypothesis test.

    Attributes
    ----------
    name : str
        Name of the test, e.g. ``"Chow F test"``.
    stat : float
        The test statistic, on the scale named by ``scale``.
    pvalue : float
        p-value (NaN when it cannot be computed; ``note`` says why).
    scale : str
        What ``stat`` is: ``"F"``, ``"Wald"`` (k times F, chi-square scale), ``"q*F"``, ...
    null_hypothesis, alternative_hypothesis : str
        Plain-language hypotheses.
    df : tuple of float
        Degrees of freedom of the reference distribution, if any.
    distribution : str
        Where the p-value comes from (``"F"``, ``"chi2"``, ``"Hansen (1997) response
        surface"``, ``"bootstrap"`` ...).
    critical_values : dict
        Level -> critical value, on the scale of ``stat``, where known.
    details : dict
        Further named numbers (e.g. the break's label, the number of observations).
    note : str
        Anything a reader must know (why a p-value is missing, conventions).
    """

    name: str
    stat: float
    pvalue: float
    scale: str
    null_hypothesis: str
    alternative_hypothesis: str
    df: tuple[float, ...] = ()
    distribution: str = ""
    critical_values: dict[str, float] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    note: str = ""

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(name={self.name!r}, stat={self.stat:.6g}, "
            f"pvalue={self.pvalue:.4g}, scale={self.scale!r})"
        )

    def summary(self) -> str:
        lines = [
            self.name,
            "=" * len(self.name),
            f"H0: {self.null_hypothesis}",
            f"H1: {self.alternative_hypothesis}",
            f"Statistic ({self.scale} scale): {format_number(self.stat)}",
        ]
        if self.df:
            lines.append("Degrees of freedom: " + ", ".join(format_number(d, 0) for d in self.df))
        lines.append(f"p-value: {format_number(self.pvalue)}  [{self.distribution}]")
        for level, cv in self.critical_values.items():
            lines.append(f"Critical value {level}: {format_number(cv)}")
        for key, value in self.details.items():
            lines.append(f"{key}: {value if isinstance(value, str) else format_number(value)}")
        if self.note:
            lines.append(f"Note: {self.note}")
        return "\n".join(lines)

    def to_dataset(self) -> Any:
        """The statistic and p-value as a 0-d ``xarray.Dataset`` with the test's metadata."""
        import xarray as xr

        return xr.Dataset(
            {
                "stat": (
                    (),
                    self.stat,
                    {"long_name": f"{self.name} statistic ({self.scale})", "units": "1"},
                ),
                "pvalue": (
                    (),
                    self.pvalue,
                    {"long_name": "p-value", "units": "1", "comment": self.distribution},
                ),
            },
            attrs={
                "test": self.name,
                "scale": self.scale,
                "null_hypothesis": self.null_hypothesis,
                "alternative_hypothesis": self.alternative_hypothesis,
                "df": list(self.df),
            },
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python dictionary (JSON-ready) of every field."""
        return {
            "name": self.name,
            "stat": _json_float(self.stat),
            "pvalue": _json_float(self.pvalue),
            "scale": self.scale,
            "null_hypothesis": self.null_hypothesis,
            "alternative_hypothesis": self.alternative_hypothesis,
            "df": [_json_float(d) for d in self.df],
            "distribution": self.distribution,
            "critical_values": {k: _json_float(v) for k, v in self.critical_values.items()},
            "details": {k: _json_value(v) for k, v in self.details.items()},
            "note": self.note,
        }


def _json_float(x: Any) -> float | None:
    try:
        xf = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(xf) or math.isinf(xf) else xf


def _json_value(x: Any) -> Any:
    if isinstance(x, str | bool | int) or x is None:
        return x
    if isinstance(x, float):
        return _json_float(x)
    if hasattr(x, "item"):
        return _json_value(x.item())
    if isinstance(x, list | tuple):
        return [_json_value(v) for v in x]
    if isinstance(x, dict):
        return {str(k): _json_value(v) for k, v in x.items()}
    return str(x)
