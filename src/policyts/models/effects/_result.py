"""Frozen result objects of :func:`policyts.effect`."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from policyts.models._aliases import DeprecatedAlias, renamed_fields
from policyts.models._results import HypothesisTest, SummaryMixin, _json_value, format_number
from policyts.models.effects._inputs import label_text

if TYPE_CHECKING:  # pragma: no cover
    import xarray as xr
    from matplotlib.axes import Axes

__all__ = ["EffectEstimate", "PlaceboTest", "EffectResult"]

_REFERENCES = (
    "Box, G. E. P. and Tiao, G. C. (1975), JASA 70(349), 70-79; Wagner, A. K. et al. (2002), "
    "J. Clinical Pharmacy and Therapeutics 27, 299-309; Newey, W. K. and West, K. D. (1987), "
    "Econometrica 55(3), 703-708; Harville, D. A. (1974), Biometrika 61(2), 383-385; "
    "Abadie, A., Diamond, A. and Hainmueller, J. (2010), JASA 105(490), 493-505; "
    "Brodersen, K. H. et al. (2015), Annals of Applied Statistics 9(1), 247-274; "
    "Chow, G. C. (1960), Econometrica 28(3), 591-605; "
    "Chernozhukov, V., Wuethrich, K. and Zhu, Y. (2021), JASA 116(536), 1849-1864"
)


def _f(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) or math.isinf(v) else v


def _label_json(x: Any) -> Any:
    if isinstance(x, bool):
        return x
    if isinstance(x, int | np.integer):
        return int(x)
    return label_text(x)


def _ro(a: Any, dtype: Any = float) -> np.ndarray:
    arr = np.array(a, dtype=dtype)
    arr.setflags(write=False)
    return arr


@renamed_fields(p_value="pvalue")
@dataclass(frozen=True, repr=False)
class EffectEstimate:
    """One effect with its interval and p-value.

    Attributes
    ----------
    name : str
        What it is, e.g. ``"level change"``.
    estimate : float
        Point estimate on the scale named by ``scale``.
    ci : tuple of float
        ``(lower, upper)`` interval at the result's confidence level (NaN when there is
        none, e.g. for a synthetic control).
    pvalue : float
        Two-sided p-value of "no effect" (NaN when there is none). ``p_value``, its old
        name, still reads it with a ``DeprecationWarning``; ``to_dict()`` keeps the key
        ``"p_value"``.
    se : float
        Standard error on ``scale`` (NaN when the interval is not ``estimate +- c se``).
    scale : str
        ``"log points"``, ``"percent"``, the series' units, ``"... per period"``.
    p_value_method : str
        Where the p-value comes from: ``"t(26)"``, ``"normal"``, ``"parametric
        bootstrap-t (499 draws)"``, ``"predictive draws (4000)"``.

    Examples
    --------
    >>> from policyts.datasets import load
    >>> from policyts.models import effect
    >>> apps = load("cn_invention_applications")["resident"]
    >>> res = effect(apps, event="ip_strategy_2008", log=True, bootstrap=99)
    >>> lc = res.level_change
    >>> lc.name, round(lc.estimate, 3), lc.scale
    ('level change', 0.077, 'log points')
    """

    name: str
    estimate: float
    ci: tuple[float, float]
    p_value: float
    se: float = float("nan")
    scale: str = ""
    p_value_method: str = ""

    @property
    def pvalue(self) -> float:
        """The p-value (see the class's Attributes)."""
        return self.p_value

    def to_dict(self) -> dict[str, Any]:
        return {
            "estimate": _f(self.estimate),
            "ci": [_f(self.ci[0]), _f(self.ci[1])],
            "p_value": _f(self.p_value),
            "se": _f(self.se),
            "scale": self.scale,
            "p_value_method": self.p_value_method,
        }

    def __repr__(self) -> str:
        return (
            f"EffectEstimate({self.name!r}, estimate={self.estimate:.6g}, "
            f"ci=({self.ci[0]:.6g}, {self.ci[1]:.6g}), p_value={self.p_value:.4g}, "
            f"scale={self.scale!r})"
        )

    def row(self) -> str:
        """One line of the summary table: name, estimate, interval, p-value, scale."""
        lo, hi = self.ci
        interval = "n/a" if math.isnan(lo) else f"[{format_number(lo)}, {format_number(hi)}]"
        how = f" ({self.p_value_method})" if self.p_value_method else ""
        return (
            f"{self.name:<26}{format_number(self.estimate):>14}  {interval:<30}"
            f"p = {format_number(self.p_value)}  [{self.scale}]{how}"
        )


@renamed_fields(p_value="pvalue")
@dataclass(frozen=True, repr=False)
class PlaceboTest(SummaryMixin):
    """A permutation (placebo) test.

    Attributes
    ----------
    kind : {"in-time", "in-space"}
        Fake event dates within the pre-period, or the same analysis on other units.
    pvalue : float
        ``(1 + #{placebo statistic >= actual}) / (1 + number of placebos)``; NaN when no
        placebo could be run. ``p_value``, its old name, still reads it with a
        ``DeprecationWarning``; ``to_dict()`` keeps the key ``"p_value"``.
    statistic : float
        The actual analysis' statistic (larger is more extreme).
    statistic_name : str
    placebos : tuple of str
        The fake first treated periods, or the placebo units.
    placebo_statistics : tuple of float
    note : str

    Examples
    --------
    >>> from policyts.datasets import load
    >>> from policyts.models import effect
    >>> apps = load("cn_invention_applications")["resident"]
    >>> res = effect(apps, event="ip_strategy_2008", log=True, bootstrap=99)
    >>> placebo = res.placebo_in_time
    >>> placebo.kind, len(placebo.placebos), round(placebo.pvalue, 3)
    ('in-time', 37, 0.789)
    """

    kind: str
    p_value: float
    statistic: float
    statistic_name: str
    placebos: tuple[str, ...] = ()
    placebo_statistics: tuple[float, ...] = ()
    note: str = ""

    @property
    def pvalue(self) -> float:
        """The p-value (see the class's Attributes)."""
        return self.p_value

    @property
    def n_placebos(self) -> int:
        return len(self.placebo_statistics)

    @property
    def resolution(self) -> float:
        """Smallest attainable p-value, ``1 / (1 + number of placebos)``."""
        return 1.0 / (1 + self.n_placebos)

    def summary(self) -> str:
        head = f"Placebo-{self.kind} test"
        if not self.n_placebos:
            return f"{head}: not available ({self.note})"
        first, last = self.placebos[0], self.placebos[-1]
        return (
            f"{head}: p = {format_number(self.p_value)} from {self.n_placebos} placebo(s) "
            f"({first} .. {last}; smallest attainable p = {format_number(self.resolution)}); "
            f"statistic: {self.statistic_name} = {format_number(self.statistic)}"
            + (f". {self.note}" if self.note else "")
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "p_value": _f(self.p_value),
            "statistic": _f(self.statistic),
            "statistic_name": self.statistic_name,
            "n_placebos": self.n_placebos,
            "smallest_attainable_p": _f(self.resolution) if self.n_placebos else None,
            "placebos": list(self.placebos),
            "placebo_statistics": [_f(s) for s in self.placebo_statistics],
            "note": self.note,
        }


@dataclass(frozen=True, repr=False)
class EffectResult(SummaryMixin):
    """Result of :func:`policyts.effect`: effect estimates around a dated event.

    Scales are in the names: ``level_change`` and ``slope_change`` are on the model scale
    (log points for ``log=True`` and count models, otherwise the series' units);
    ``level_change_percent`` and ``slope_change_percent`` are ``100 (exp(x) - 1)`` of them
    (log and count models only); ``cumulative_effect`` and ``average_effect`` are in the
    series' units (observed minus counterfactual, summed or averaged over the post-period
    periods used); ``relative_effect_percent`` is ``100 * cumulative effect / cumulative
    counterfactual``.

    The time paths (:attr:`observed`, :attr:`counterfactual`, its prediction interval
    :attr:`lower` and :attr:`upper`, :attr:`fitted`) are on the original scale, one value
    per period of the series; :attr:`role` marks pre-period (0), post-period (1) and
    excluded (-1) periods. For log models the counterfactual is ``exp`` of the log-scale
    forecast, i.e. its median. ``first_treated`` is the label of the first treated period
    (the first period of the new regime, after any anticipation) and
    ``first_treated_index`` its 0-based position.

    Examples
    --------
    >>> from policyts.datasets import load
    >>> from policyts.models import effect
    >>> apps = load("cn_invention_applications")["resident"]
    >>> res = effect(apps, event="ip_strategy_2008", log=True, bootstrap=99)
    >>> res.first_treated, res.n_pre, res.n_post
    (2008, 23, 15)
    >>> print(res.summary().splitlines()[0])
    Policy effect on resident: its
    """

    series_name: str
    units: str
    long_name: str
    model: str
    method: str
    log: bool
    event: str
    event_id: str | None
    rule: str
    first_treated: Any
    first_treated_index: int
    first_treated_by_rule: Any
    anticipation: int
    excluded: tuple[Any, ...]
    pre_period: tuple[Any, Any]
    post_period: tuple[Any, Any]
    n_pre: int
    n_post: int
    level: float
    level_change: EffectEstimate | None
    slope_change: EffectEstimate | None
    pulse: EffectEstimate | None
    level_change_percent: EffectEstimate | None
    slope_change_percent: EffectEstimate | None
    cumulative_effect: EffectEstimate | None
    average_effect: EffectEstimate | None
    relative_effect_percent: EffectEstimate | None
    joint_test: HypothesisTest | None
    tests: tuple[HypothesisTest, ...]
    placebo_in_time: PlaceboTest | None
    placebo_in_space: PlaceboTest | None
    confounders: tuple[str, ...]
    confounder_window: str
    warnings: tuple[str, ...]
    notes: tuple[str, ...]
    labels: pd.Index
    dim: str
    observed: np.ndarray
    counterfactual: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    fitted: np.ndarray
    role: np.ndarray
    coefficients: Mapping[str, tuple[float, float]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    details: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    attrs: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        for name in ("observed", "counterfactual", "lower", "upper", "fitted"):
            object.__setattr__(self, name, _ro(getattr(self, name)))
        object.__setattr__(self, "role", _ro(self.role, np.int8))
        for name in ("coefficients", "details", "attrs"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))

    def __repr__(self) -> str:
        lc = self.level_change
        est = "n/a" if lc is None else f"{lc.estimate:.4g} {lc.scale}"
        return (
            f"EffectResult(model={self.model!r}, event={self.event_id or self.event!r}, "
            f"first_treated={label_text(self.first_treated)}, level_change={est}, "
            f"n_pre={self.n_pre}, n_post={self.n_post}, warnings={len(self.warnings)})"
        )

    # ------------------------------------------------------------------ derived

    @property
    def pvalue(self) -> float:
        """p-value of the joint test of no effect (NaN when the model has none)."""
        return float("nan") if self.joint_test is None else float(self.joint_test.pvalue)

    @property
    def placebo_pvalue(self) -> float:
        """Placebo-in-time p-value (NaN when no fake date was admissible)."""
        return float("nan") if self.placebo_in_time is None else self.placebo_in_time.pvalue

    # the old names, kept for one release
    p_value = DeprecatedAlias("pvalue")
    placebo_p_value = DeprecatedAlias("placebo_pvalue")

    @property
    def post_mask(self) -> np.ndarray:
        return np.asarray(self.role == 1)

    @property
    def effect(self) -> np.ndarray:
        """Observed minus counterfactual in each used post-period period (NaN elsewhere)."""
        return np.where(self.post_mask, self.observed - self.counterfactual, np.nan)

    @property
    def effects(self) -> pd.DataFrame:
        """Per-period effects over the used post-period, in the series' units.

        Columns: ``observed``, ``counterfactual``, ``lower``, ``upper`` (prediction
        interval of the counterfactual), ``effect`` (observed - counterfactual),
        ``effect_lower``, ``effect_upper``, ``relative_effect_percent`` and its bounds, and
        ``outside_interval`` (the observation lies outside the prediction interval).
        """
        m = self.post_mask
        obs, cf, lo, hi = self.observed[m], self.counterfactual[m], self.lower[m], self.upper[m]
        with np.errstate(divide="ignore", invalid="ignore"):
            frame = pd.DataFrame(
                {
                    "observed": obs,
                    "counterfactual": cf,
                    "lower": lo,
                    "upper": hi,
                    "effect": obs - cf,
                    "effect_lower": obs - hi,
                    "effect_upper": obs - lo,
                    "relative_effect_percent": 100 * (obs / cf - 1),
                    "relative_lower_percent": 100 * (obs / hi - 1),
                    "relative_upper_percent": 100 * (obs / lo - 1),
                    "outside_interval": (obs < lo) | (obs > hi),
                },
                index=pd.Index(self.labels[m], name=self.dim),
            )
        return frame

    # ------------------------------------------------------------------ output

    def _estimates(self) -> list[tuple[str, EffectEstimate | None]]:
        return [
            ("level_change", self.level_change),
            ("level_change_percent", self.level_change_percent),
            ("slope_change", self.slope_change),
            ("slope_change_percent", self.slope_change_percent),
            ("pulse", self.pulse),
            ("cumulative_effect", self.cumulative_effect),
            ("average_effect", self.average_effect),
            ("relative_effect_percent", self.relative_effect_percent),
        ]

    def summary(self) -> str:
        title = f"Policy effect on {self.series_name}: {self.model}"
        pre = f"{label_text(self.pre_period[0])} .. {label_text(self.pre_period[1])}"
        post = f"{label_text(self.post_period[0])} .. {label_text(self.post_period[1])}"
        lines = [
            title,
            "=" * len(title),
            f"Method: {self.method}",
            f"Scale: {'log of the series' if self.log else 'the series as given'}"
            + (f" [{self.units}]" if self.units else ""),
            f"Event: {self.event}",
            f"First treated period: {label_text(self.first_treated)} (rule {self.rule!r}"
            + (
                f"; anticipation {self.anticipation}, by rule "
                f"{label_text(self.first_treated_by_rule)}"
                if self.anticipation
                else ""
            )
            + ")",
            f"Pre-period used:  {pre} ({self.n_pre} periods)",
            f"Post-period used: {post} ({self.n_post} periods)",
            "Excluded from estimation: "
            + (", ".join(label_text(x) for x in self.excluded) if self.excluded else "none"),
            "",
            f"Estimates ({self.level:.0%} intervals)",
        ]
        for _, est in self._estimates():
            if est is not None:
                lines.append("  " + est.row())
        lines.append("")
        lines.append("Tests")
        if self.joint_test is not None:
            jt = self.joint_test
            lines.append(
                f"  {jt.name}: {jt.scale} = {format_number(jt.stat)}, p = "
                f"{format_number(jt.pvalue)} [{jt.distribution}]"
            )
        for t in self.tests:
            lines.append(
                f"  {t.name}: {t.scale} = {format_number(t.stat)}, p = {format_number(t.pvalue)}"
                f" [{t.distribution}]" + (f"; {t.note}" if t.note else "")
            )
        for pt in (self.placebo_in_time, self.placebo_in_space):
            if pt is not None:
                lines.append("  " + pt.summary())
        lines.append("")
        lines.append(f"Per-period effects [{self.units or 'units of the series'}]")
        eff = self.effects
        lines.append(
            f"  {'period':<12}{'observed':>14}{'counterfactual':>16}  "
            f"{f'{self.level:.0%} prediction interval':<32}{'effect':>14}{'relative %':>12}"
        )
        for lab, r in eff.iterrows():
            interval = (
                "n/a"
                if math.isnan(r["lower"])
                else f"[{format_number(r['lower'])}, {format_number(r['upper'])}]"
            )
            lines.append(
                f"  {label_text(lab):<12}{format_number(r['observed']):>14}"
                f"{format_number(r['counterfactual']):>16}  {interval:<32}"
                f"{format_number(r['effect']):>14}"
                f"{format_number(r['relative_effect_percent'], 2):>12}"
                + ("  *" if bool(r["outside_interval"]) else "")
            )
        if bool(eff["outside_interval"].any()):
            lines.append("  * outside the prediction interval")
        detail = self._detail_lines()
        if detail:
            lines.append("")
            lines += detail
        lines.append("")
        lines.append(f"Confounder window: {self.confounder_window}")
        lines.append(f"Warnings ({len(self.warnings)})")
        lines += [f"  - {w}" for w in self.warnings] or ["  none"]
        if self.notes:
            lines.append("Notes")
            lines += [f"  - {n}" for n in self.notes]
        return "\n".join(lines)

    def _detail_lines(self) -> list[str]:
        d = self.details
        out: list[str] = []
        if "weights" in d:
            w = ", ".join(f"{k} {v:.3f}" for k, v in d["weights"].items() if v > 0)
            out.append(f"Synthetic control weights: {w}")
            out.append(
                f"RMSPE: pre-period {format_number(d['rmspe_pre'])}, post-period "
                f"{format_number(d['rmspe_post'])}, ratio {format_number(d['rmspe_ratio'])}"
            )
        if "frequency" in d and d["frequency"] in ("month", "quarter"):
            line = f"Seasonal terms ({d['frequency']}ly data): {d.get('seasonal', 'none')}"
            t = d.get("seasonality_test")
            if isinstance(t, Mapping):
                line += f"; seasonality check p = {format_number(t['p_value'])}"
            out.append(line)
        if "ar1_rho" in d:
            out.append(f"AR(1) coefficient (REML): {format_number(d['ar1_rho'])}")
        if "nb2_alpha" in d:
            out.append(f"NB2 dispersion alpha (moments): {format_number(d['nb2_alpha'])}")
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary.

        Keys include ``first_treated`` (label), ``n_pre``, ``n_post``, ``level_change`` and
        ``slope_change`` (each ``{"estimate", "ci": [lo, hi], "p_value", ...}`` on the model
        scale, or None), ``p_value`` (joint test), ``placebo_p_value``, ``warnings`` (list
        of strings) and the per-period ``effects``.
        """
        m = self.post_mask
        eff = self.effects
        out: dict[str, Any] = {
            "series": self.series_name,
            "units": self.units,
            "model": self.model,
            "method": self.method,
            "log": self.log,
            "scale": "log points" if self.log or self.model == "counts" else self.units,
            "event": self.event,
            "event_id": self.event_id,
            "rule": self.rule,
            "first_treated": _label_json(self.first_treated),
            "first_treated_index": self.first_treated_index,
            "first_treated_by_rule": _label_json(self.first_treated_by_rule),
            "anticipation": self.anticipation,
            "excluded": [_label_json(x) for x in self.excluded],
            "pre_period": [_label_json(x) for x in self.pre_period],
            "post_period": [_label_json(x) for x in self.post_period],
            "n_pre": self.n_pre,
            "n_post": self.n_post,
            "pre_labels": [_label_json(x) for x in self.labels[self.role == 0]],
            "post_labels": [_label_json(x) for x in self.labels[m]],
            "level": self.level,
        }
        for key, est in self._estimates():
            out[key] = None if est is None else est.to_dict()
        out["p_value"] = _f(self.p_value)
        out["joint_test"] = None if self.joint_test is None else self.joint_test.to_dict()
        out["tests"] = [t.to_dict() for t in self.tests]
        out["placebo_p_value"] = _f(self.placebo_p_value)
        out["placebo_in_time"] = (
            None if self.placebo_in_time is None else self.placebo_in_time.to_dict()
        )
        out["placebo_space_p_value"] = (
            None if self.placebo_in_space is None else _f(self.placebo_in_space.p_value)
        )
        out["placebo_in_space"] = (
            None if self.placebo_in_space is None else self.placebo_in_space.to_dict()
        )
        out["effects"] = [
            {"label": _label_json(lab), **{k: _json_value(v) for k, v in row.items()}}
            for lab, row in zip(eff.index, eff.to_dict("records"), strict=True)
        ]
        out["coefficients"] = {
            k: {"estimate": _f(v[0]), "se": _f(v[1])} for k, v in self.coefficients.items()
        }
        out["details"] = {k: _json_value(v) for k, v in self.details.items()}
        out["confounders"] = list(self.confounders)
        out["confounder_window"] = self.confounder_window
        out["warnings"] = list(self.warnings)
        out["notes"] = list(self.notes)
        return out

    def to_dataset(self) -> xr.Dataset:
        """Observed, counterfactual, its prediction interval, fitted values and effects over
        time as an :class:`xarray.Dataset` with CF attributes.

        Period labels (monthly, quarterly) are stored as text, as xarray has no period type.
        """
        import xarray as xr

        dim = self.dim
        coord = (
            np.asarray(self.labels.astype(str))
            if isinstance(self.labels, pd.PeriodIndex)
            else np.asarray(self.labels)
        )
        units = self.units or "1"
        name = self.long_name or self.series_name
        m = self.post_mask
        with np.errstate(divide="ignore", invalid="ignore"):
            rel = np.where(m, 100 * (self.observed / self.counterfactual - 1), np.nan)
        var = {
            "observed": (self.observed, f"{name}, observed", units),
            "counterfactual": (
                self.counterfactual,
                f"{name}, counterfactual without the event"
                + (" (median: exp of the log-scale forecast)" if self.log else ""),
                units,
            ),
            "counterfactual_lower": (
                self.lower,
                f"lower bound of the {self.level:.0%} prediction interval",
                units,
            ),
            "counterfactual_upper": (
                self.upper,
                f"upper bound of the {self.level:.0%} prediction interval",
                units,
            ),
            "fitted": (self.fitted, f"{name}, fitted by the full model", units),
            "effect": (self.effect, "effect: observed minus counterfactual", units),
            "effect_lower": (
                np.where(m, self.observed - self.upper, np.nan),
                "lower bound of the effect",
                units,
            ),
            "effect_upper": (
                np.where(m, self.observed - self.lower, np.nan),
                "upper bound of the effect",
                units,
            ),
            "relative_effect": (rel, "effect relative to the counterfactual", "percent"),
        }
        data_vars: dict[str, Any] = {
            k: (dim, np.array(v), {"long_name": ln, "units": u}) for k, (v, ln, u) in var.items()
        }
        data_vars["period_role"] = (
            dim,
            np.array(self.role, dtype=np.int8),
            {
                "long_name": "role of the period in the estimation",
                "flag_values": np.array([-1, 0, 1], dtype=np.int8),
                "flag_meanings": "excluded pre_period post_period",
            },
        )
        attrs = {
            "Conventions": "CF-1.10",
            "title": f"Policy effect on {self.series_name}: {self.model}",
            "method": self.method,
            "event": self.event,
            "first_treated": label_text(self.first_treated),
            "rule": self.rule,
            "confidence_level": self.level,
            "n_pre": self.n_pre,
            "n_post": self.n_post,
            "comment": "; ".join(self.warnings) if self.warnings else "no warnings",
            "references": _REFERENCES,
        }
        for key in ("source", "references", "citation", "license"):
            if key in self.attrs:
                attrs[f"series_{key}"] = str(self.attrs[key])
        return xr.Dataset(
            data_vars=data_vars, coords={dim: (dim, coord, {"long_name": dim})}, attrs=attrs
        )

    def plot(self, ax: Axes | None = None) -> Axes:
        """Observed series and counterfactual with its prediction band and the event line.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw into; the current axes if omitted.

        Returns
        -------
        matplotlib.axes.Axes
        """
        import matplotlib.pyplot as plt

        if ax is None:
            ax = plt.gca()
        labels = self.labels
        x: Any = labels.to_timestamp() if isinstance(labels, pd.PeriodIndex) else labels
        x = np.asarray(x)
        ax.plot(x, self.observed, color="C0", lw=1.4, marker="o", ms=3, label="observed")
        out = ~np.isnan(self.counterfactual)
        ax.plot(
            x[out], self.counterfactual[out], color="C1", ls="--", lw=1.4, label="counterfactual"
        )
        band = ~np.isnan(self.lower)
        if band.any():
            ax.fill_between(
                x[band],
                self.lower[band],
                self.upper[band],
                color="C1",
                alpha=0.2,
                label=f"{self.level:.0%} prediction interval",
            )
        pos = self.first_treated_index
        if 0 <= pos < len(x):
            if pos > 0 and isinstance(x[pos], int | np.integer | float | np.floating):
                xline: Any = (float(x[pos]) + float(x[pos - 1])) / 2
            elif pos > 0:
                xline = x[pos - 1] + (x[pos] - x[pos - 1]) / 2
            else:
                xline = x[pos]
            ax.axvline(
                xline,
                color="0.3",
                ls=":",
                lw=1.2,
                label=f"event ({label_text(self.first_treated)} first treated)",
            )
        excl = self.role == -1
        if excl.any():
            ax.plot(x[excl], self.observed[excl], "x", color="C3", label="excluded")
        ax.set_xlabel(self.dim)
        ax.set_ylabel(f"{self.long_name or self.series_name} [{self.units or '1'}]")
        ax.set_title(f"{self.series_name}: {self.model}, event {self.event_id or self.event}")
        ax.legend(loc="best", fontsize="small")
        return ax
