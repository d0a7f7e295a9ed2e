"""Result classes of Bai-Perron dating (:func:`policyts.models.bai_perron`), shared by its
two fitting paths (the homoskedastic dating in :mod:`policyts.models.bai_perron` and the
authors' options in :mod:`policyts.models._bp_fit`); import them from
:mod:`policyts.models.bai_perron`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from policyts.models._aliases import renamed_fields
from policyts.models._results import SummaryMixin, format_number

__all__ = ["BaiPerron", "Break", "MultipleBreakTest", "Regime"]


@dataclass(frozen=True)
class Break:
    """One estimated break.

    Attributes
    ----------
    index : int
        0-based position of the first observation of the new regime.
    label, end_label
        Time label of the first period of the new regime / last period of the old one.
    ci_index : tuple of int or None
        Bai (1997) confidence interval for ``index - 1`` (the old regime's last
        observation), as 0-based positions ``(lower, upper)``; None if not computable.
    ci : tuple or None
        The same interval as end labels (last period of the old regime).
    level : float
        Confidence level of the interval.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[np.zeros(20), np.full(20, 2.0)] + rng.normal(scale=0.5, size=40)
    >>> from policyts.models import bai_perron
    >>> brk = bai_perron(y, max_breaks=2).breaks[0]
    >>> brk.label, brk.end_label, brk.ci, brk.level
    (20, 19, (18, 20), 0.95)
    """

    index: int
    label: Any
    end_label: Any
    ci_index: tuple[int, int] | None = None
    ci: tuple[Any, Any] | None = None
    level: float = 0.95

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "label": _jsonable(self.label),
            "end_label": _jsonable(self.end_label),
            "ci": None if self.ci is None else [_jsonable(c) for c in self.ci],
        }


def _changing(options: dict[str, Any]) -> str:
    fixed = options.get("fixed") or []
    return f"fixed: {', '.join(fixed)}; the others change" if fixed else "all change"


def _jsonable(x: Any) -> Any:
    if isinstance(x, int | float | str) or x is None:
        return x
    return str(x)


@renamed_fields(n_obs="nobs")
@dataclass(frozen=True)
class Regime:
    """Coefficients of one regime with standard errors (``nobs`` observations)."""

    start_label: Any
    end_label: Any
    n_obs: int
    coef: dict[str, float]
    se: dict[str, float]

    @property
    def nobs(self) -> int:
        """Number of observations in the regime."""
        return self.n_obs


@dataclass(frozen=True)
class MultipleBreakTest:
    """sup F(m), UDmax or WDmax test (scaled: q times F, Bai & Perron's scale)."""

    name: str
    scaled_f: float
    critical_values: dict[str, float]
    reject: bool | None
    level: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "scaled_f": self.scaled_f,
            "critical_values": self.critical_values,
            "reject": self.reject,
            "level": self.level,
        }


@renamed_fields(n_obs="nobs")
@dataclass(frozen=True, repr=False)
class BaiPerron(SummaryMixin):
    """Result of :func:`bai_perron`.

    Attributes
    ----------
    nobs, min_segment, max_breaks, k
        Sample size, minimum regime length h (observations), largest number of breaks
        considered, number of regressors (all of which change: pure structural change).
        ``n_obs``, the old name of ``nobs``, still reads it with a ``DeprecationWarning``.
    rss, bic, lwz : tuple of float
        For m = 0..max_breaks (NaN where infeasible). BIC as in R strucchange:
        ``-2 logL + (k + 1)(m + 1) log n``; LWZ as in Bai & Perron (2003):
        ``log(RSS / (n - p*)) + p* 0.299 (log n)^2.1 / n`` with ``p* = (m + 1) k + m``.
    breaks_by_m : dict
        m -> tuple of :class:`Break` (globally optimal partition with m breaks).
    selected_m, selection : int, str
        Chosen number of breaks and the criterion that chose it.
    breaks : tuple of Break
        The selected breaks, with Bai (1997) confidence intervals.
    regimes : tuple of Regime
        Coefficients by regime for the selected partition.
    sup_f_tests, sequential_tests : tuple
        sup F(m) for m = 1..M, and sup F(l+1 | l) for l = 0..M-1 (scaled F, with Bai &
        Perron (2003) critical values where tabulated).
    udmax, wdmax : MultipleBreakTest or None

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[np.zeros(20), np.full(20, 2.0)] + rng.normal(scale=0.5, size=40)
    >>> from policyts.models import bai_perron
    >>> res = bai_perron(y, max_breaks=2)
    >>> [(r.start_label, r.end_label, round(r.coef["const"], 2)) for r in res.regimes]
    [(0, 19, -0.09), (20, 39, 2.03)]
    >>> print(res.summary().splitlines()[0])
    Bai-Perron multiple structural breaks: 'y'
    """

    n_obs: int
    min_segment: int
    max_breaks: int
    k: int
    names: tuple[str, ...]
    rss: tuple[float, ...]
    bic: tuple[float, ...]
    lwz: tuple[float, ...]
    breaks_by_m: dict[int, tuple[Break, ...]]
    selected_m: int
    selection: str
    breaks: tuple[Break, ...]
    regimes: tuple[Regime, ...]
    sup_f_tests: tuple[MultipleBreakTest, ...]
    sequential_tests: tuple[MultipleBreakTest, ...]
    udmax: MultipleBreakTest | None
    wdmax: MultipleBreakTest | None
    level: float
    series_name: str = "y"
    labels: list[Any] = field(default_factory=list)
    notes: tuple[str, ...] = ()
    kt: tuple[float, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def nobs(self) -> int:
        """Number of observations."""
        return self.n_obs

    def summary(self) -> str:
        lines = [
            f"Bai-Perron multiple structural breaks: {self.series_name!r}",
            f"n = {self.n_obs}, k = {self.k} regressors {list(self.names)} "
            f"({_changing(self.options)}), "
            f"minimum regime length h = {self.min_segment} obs, M = {self.max_breaks}",
            "",
            " m        RSS          BIC          LWZ   breaks (first period of new regime)",
        ]
        for m in range(self.max_breaks + 1):
            br = self.breaks_by_m.get(m, ())
            labels = ", ".join(str(b.label) for b in br) if m else "-"
            lines.append(
                f"{m:2d} {format_number(self.rss[m]):>10} {format_number(self.bic[m]):>12} "
                f"{format_number(self.lwz[m]):>12}   {labels}"
            )
        lines.append("")
        lines.append(f"Selected by {self.selection}: {self.selected_m} break(s)")
        for b in self.breaks:
            ci = f"[{b.ci[0]}, {b.ci[1]}]" if b.ci else "not computable"
            lines.append(
                f"  new regime from {b.label} (old ends {b.end_label}); "
                f"{b.level:.0%} CI for the old regime's last period: {ci}"
            )
        for r in self.regimes:
            coefs = ", ".join(
                f"{k}={format_number(v)} ({format_number(self.regime_se(r, k))})"
                for k, v in r.coef.items()
            )
            lines.append(f"  regime {r.start_label}..{r.end_label} (n={r.n_obs}): {coefs}")
        lines.append("")
        lines.append(
            f"Tests (scaled F = q*F; Bai & Perron 2003 critical values at {1 - self.level:.0%}):"
        )
        seq_na = False
        for t in (*self.sup_f_tests, *self.sequential_tests, self.udmax, self.wdmax):
            if t is None:
                continue
            cv = t.critical_values.get(f"{1 - self.level:.3g}")
            stat = None if np.isnan(t.scaled_f) else t.scaled_f
            verdict = "n/a" if t.reject is None else ("reject" if t.reject else "do not reject")
            lines.append(
                f"  {t.name:<18} {format_number(stat):>10}   cv {format_number(cv):>8}   {verdict}"
            )
            if stat is None and t.name.startswith("supF(") and "|" in t.name:
                seq_na = True
        if seq_na:
            lines.append(
                "  (n/a: sup F(l+1|l) needs a regime of the l-break fit with at least 2h "
                "observations)"
            )
        for note in self.notes:
            lines.append(f"Note: {note}")
        return "\n".join(lines)

    @staticmethod
    def regime_se(regime: Regime, name: str) -> float:
        return regime.se[name]

    def to_dict(self) -> dict[str, Any]:
        def nn(x: float) -> float | None:
            return None if not np.isfinite(x) else float(x)

        return {
            "n_obs": self.n_obs,
            "min_segment": self.min_segment,
            "max_breaks": self.max_breaks,
            "k": self.k,
            "regressors": list(self.names),
            "rss": [nn(v) for v in self.rss],
            "bic": [nn(v) for v in self.bic],
            "lwz": [nn(v) for v in self.lwz],
            "breaks_by_m": {
                str(m): [b.to_dict() for b in br] for m, br in self.breaks_by_m.items() if m > 0
            },
            "selection": self.selection,
            "selected_m": self.selected_m,
            "selected": [b.to_dict() for b in self.breaks],
            "level": self.level,
            "regimes": [
                {
                    "start_label": _jsonable(r.start_label),
                    "end_label": _jsonable(r.end_label),
                    "n_obs": r.n_obs,
                    "coef": r.coef,
                    "se": r.se,
                }
                for r in self.regimes
            ],
            "sup_f_tests": [t.to_dict() for t in self.sup_f_tests],
            "sequential_tests": [t.to_dict() for t in self.sequential_tests],
            "udmax": None if self.udmax is None else self.udmax.to_dict(),
            "wdmax": None if self.wdmax is None else self.wdmax.to_dict(),
            "notes": list(self.notes),
            "kt": [nn(v) for v in self.kt],
            "options": self.options,
        }

    def to_dataset(self) -> Any:
        """Fitted values and regime id over time as an xarray Dataset."""
        import xarray as xr

        regime = np.zeros(self.n_obs, dtype=int)
        for i, b in enumerate(self.breaks, start=1):
            regime[b.index :] = i
        return xr.Dataset(
            {"regime": ("time", regime, {"long_name": "regime number", "units": "1"})},
            coords={"time": np.asarray(self.labels)},
            attrs={"selected_m": self.selected_m, "selection": self.selection},
        )

    def plot(self, y: Any = None, ax: Any = None, **kwargs: Any) -> Any:
        """With the series ``y``: the series, its fitted regimes, the breaks and their
        intervals, by :func:`policyts.plotting.regimes` (its keywords, e.g. ``exog`` and
        ``events``, pass through).  Without ``y``: only the breaks (dashed lines) and their
        Bai (1997) intervals as the result states them (for the old regime's last period).
        """
        if y is not None:
            from policyts import plotting

            return plotting.regimes(self, y=y, ax=ax, **kwargs)
        import matplotlib.pyplot as plt

        ax = ax if ax is not None else plt.gca()
        for b in self.breaks:
            ax.axvline(b.label, color="black", linestyle="--", linewidth=1)
            if b.ci is not None:
                ax.axvspan(b.ci[0], b.ci[1], color="tab:red", alpha=0.15)
        ax.set_xlabel("time")
        return ax
