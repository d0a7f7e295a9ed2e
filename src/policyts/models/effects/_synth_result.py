"""Frozen result of :func:`policyts.models.effects.synthetic_control`."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from policyts.models._results import SummaryMixin, format_number
from policyts.models.effects._result import PlaceboTest

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["SyntheticControl", "placebo_pvalue"]

RATIO_NAME = "post/pre RMSPE ratio of the synthetic control (Abadie et al. 2010)"


def _jf(x: Any) -> float | None:
    v = float(x)
    return None if math.isnan(v) or math.isinf(v) else v


def _jl(x: Any) -> Any:
    if isinstance(x, int | np.integer):
        return int(x)
    if isinstance(x, float | np.floating):
        return float(x)
    return str(x)


def placebo_pvalue(
    ratio: float,
    mspe_pre: float,
    placebo_ratios: np.ndarray,
    placebo_mspe_pre: np.ndarray,
    max_pre_mspe: float | None,
) -> tuple[float, np.ndarray]:
    """``(p, kept)``: ``p = (1 + #{kept placebos with ratio >= actual}) / (1 + #kept)``,
    the kept placebos being those with a pre-period MSPE at most ``max_pre_mspe`` times the
    treated unit's (all when None)."""
    if max_pre_mspe is not None and (isinstance(max_pre_mspe, bool) or not max_pre_mspe >= 1):
        raise ValueError(
            "max_pre_mspe must be a number >= 1 (a multiple of the treated unit's pre-period "
            f"MSPE) or None, got {max_pre_mspe!r}"
        )
    keep = np.ones(placebo_ratios.size, dtype=bool)
    if max_pre_mspe is not None:
        keep = placebo_mspe_pre <= max_pre_mspe * mspe_pre
    r = placebo_ratios[keep]
    return float((1 + np.sum(r >= ratio)) / (1 + r.size)), keep


@dataclass(frozen=True, repr=False)
class SyntheticControl(SummaryMixin):
    """A synthetic control fitted on covariate predictors, with its placebo-in-space runs.

    Attributes
    ----------
    treated : str
        The treated unit.
    outcome : str
    first_treated : label
        First treated period (the event); the pre-period is every earlier period.
    weights : Mapping[str, float]
        Donor weights ``W`` (non-negative, summing to one), in the donors' order.
    predictor_weights : Mapping[str, float]
        Diagonal of ``V`` (non-negative, summing to one), per predictor, on the
        standardised scale (each predictor divided by its standard deviation over the
        treated unit and the donors).
    predictors : tuple of str
        Predictor names, in order.
    treated_predictors, synthetic_predictors, donor_mean_predictors : numpy.ndarray
        The treated unit's predictors, the synthetic control's (``X0 W``) and the donors'
        unweighted mean, on the predictors' own scales (the paper's Table 1).
    labels : tuple
        Every period, in order.
    observed, synthetic : numpy.ndarray
        The treated unit's outcome and its synthetic control over ``labels``.
    mspe_pre, rmspe_pre, rmspe_post, rmspe_ratio : float
        Mean squared prediction error over the pre-period; root mean squared prediction
        errors over the pre- and post-period and their ratio (the placebo statistic).
    loss_v : float
        The outer objective at the solution: MSPE over the fit periods.
    fit_periods : tuple
        The periods whose outcome MSPE chooses ``V``.
    placebo_units : tuple of str
        Units that took the treated unit's place (each with the remaining units, the
        treated one included, as donors), in order.
    placebo_mspe_pre, placebo_rmspe_ratio : numpy.ndarray
        Their pre-period MSPE and post/pre RMSPE ratio.
    placebo_gaps : numpy.ndarray
        ``(placebo unit, period)`` gaps between each placebo unit and its synthetic control.
    placebo_in_space : PlaceboTest
        The rank test with the ``placebo_max_pre_mspe`` filter asked for.
    method : str
    units : str
        Units of the outcome (axis labels).
    dim : str
        Name of the time column (axis labels).
    warnings, notes : tuple of str
    """

    treated: str
    outcome: str
    first_treated: Any
    weights: Mapping[str, float]
    predictor_weights: Mapping[str, float]
    predictors: tuple[str, ...]
    treated_predictors: np.ndarray
    synthetic_predictors: np.ndarray
    donor_mean_predictors: np.ndarray
    labels: tuple[Any, ...]
    observed: np.ndarray
    synthetic: np.ndarray
    mspe_pre: float
    rmspe_pre: float
    rmspe_post: float
    rmspe_ratio: float
    loss_v: float
    fit_periods: tuple[Any, ...]
    placebo_units: tuple[str, ...]
    placebo_mspe_pre: np.ndarray
    placebo_rmspe_ratio: np.ndarray
    placebo_gaps: np.ndarray
    placebo_in_space: PlaceboTest
    method: str
    units: str = ""
    dim: str = "period"
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        object.__setattr__(self, "weights", MappingProxyType(dict(self.weights)))
        object.__setattr__(
            self, "predictor_weights", MappingProxyType(dict(self.predictor_weights))
        )
        for name in (
            "treated_predictors",
            "synthetic_predictors",
            "donor_mean_predictors",
            "observed",
            "synthetic",
            "placebo_mspe_pre",
            "placebo_rmspe_ratio",
            "placebo_gaps",
        ):
            arr = np.array(getattr(self, name), dtype=float)
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)

    @property
    def gap(self) -> np.ndarray:
        """Observed minus synthetic, every period."""
        return self.observed - self.synthetic

    @property
    def pre(self) -> np.ndarray:
        """Boolean mask of the pre-period over ``labels``."""
        idx = self.labels.index(self.first_treated)
        m = np.zeros(len(self.labels), dtype=bool)
        m[:idx] = True
        return m

    def placebo_pvalue(self, max_pre_mspe: float | None = None) -> float:
        """Rank p-value of the post/pre RMSPE ratio among the placebo units, leaving out
        those whose pre-period MSPE exceeds ``max_pre_mspe`` times the treated unit's
        (Abadie et al. 2010 show 20, 5 and 2; None keeps every placebo)."""
        return placebo_pvalue(
            self.rmspe_ratio,
            self.mspe_pre,
            self.placebo_rmspe_ratio,
            self.placebo_mspe_pre,
            max_pre_mspe,
        )[0]

    def balance(self) -> pd.DataFrame:
        """Predictor balance (the paper's Table 1): treated, synthetic, donor mean, and the
        predictor weight ``v``."""
        return pd.DataFrame(
            {
                "treated": self.treated_predictors,
                "synthetic": self.synthetic_predictors,
                "donor_mean": self.donor_mean_predictors,
                "v": [self.predictor_weights[p] for p in self.predictors],
            },
            index=pd.Index(self.predictors, name="predictor"),
        )

    def summary(self) -> str:
        lines = [
            f"Synthetic control for {self.treated} ({self.outcome}), first treated period "
            f"{self.first_treated}",
            f"method: {self.method}",
            "donor weights (> 0.001): "
            + ", ".join(
                f"{k} {v:.3f}"
                for k, v in sorted(self.weights.items(), key=lambda kv: -kv[1])
                if v > 0.001
            ),
            "predictor balance:",
        ]
        bal = self.balance()
        width = max(len(p) for p in self.predictors)
        lines.append(f"  {'':{width}}  {'treated':>10} {'synthetic':>10} {'donors':>10} {'v':>7}")
        for p, row in bal.iterrows():
            lines.append(
                f"  {p!s:{width}}  {row['treated']:10.4g} {row['synthetic']:10.4g} "
                f"{row['donor_mean']:10.4g} {row['v']:7.4f}"
            )
        last = self.labels[-1]
        lines.append(
            f"pre-period RMSPE {format_number(self.rmspe_pre)}; gap in {last}: "
            f"{format_number(float(self.gap[-1]))}; post/pre RMSPE ratio "
            f"{format_number(self.rmspe_ratio)}"
        )
        lines.append(self.placebo_in_space.summary())
        if self.placebo_units:
            lines.append(
                "placebo p-values by pre-period MSPE filter: "
                + "; ".join(
                    f"{'all' if k is None else f'<= {k:g}x'}: "
                    f"{format_number(self.placebo_pvalue(k))}"
                    for k in (None, 20, 5, 2)
                )
            )
        lines += [f"warning: {w}" for w in self.warnings]
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form (NaN and infinity as None)."""
        return {
            "treated": self.treated,
            "outcome": self.outcome,
            "first_treated": _jl(self.first_treated),
            "method": self.method,
            "weights": {k: float(v) for k, v in self.weights.items()},
            "predictor_weights": {k: float(v) for k, v in self.predictor_weights.items()},
            "balance": {
                p: {
                    "treated": _jf(self.treated_predictors[i]),
                    "synthetic": _jf(self.synthetic_predictors[i]),
                    "donor_mean": _jf(self.donor_mean_predictors[i]),
                }
                for i, p in enumerate(self.predictors)
            },
            "labels": [_jl(x) for x in self.labels],
            "observed": [_jf(x) for x in self.observed],
            "synthetic": [_jf(x) for x in self.synthetic],
            "mspe_pre": _jf(self.mspe_pre),
            "rmspe_pre": _jf(self.rmspe_pre),
            "rmspe_post": _jf(self.rmspe_post),
            "rmspe_ratio": _jf(self.rmspe_ratio),
            "loss_v": _jf(self.loss_v),
            "fit_periods": [_jl(x) for x in self.fit_periods],
            "placebos": [
                {"unit": u, "mspe_pre": _jf(m), "rmspe_ratio": _jf(r)}
                for u, m, r in zip(
                    self.placebo_units, self.placebo_mspe_pre, self.placebo_rmspe_ratio, strict=True
                )
            ],
            "placebo_in_space": self.placebo_in_space.to_dict(),
            "warnings": list(self.warnings),
            "notes": list(self.notes),
        }

    def plot(
        self, ax: Axes | None = None, *, kind: str = "gap", max_pre_mspe: float | None = 5
    ) -> Axes:
        """The paper's figures: ``kind="gap"`` draws the treated unit's gap (observed minus
        synthetic) over the placebo units' gaps in grey, leaving out placebos whose
        pre-period MSPE exceeds ``max_pre_mspe`` times the treated unit's (None: all);
        ``kind="paths"`` draws the observed and synthetic outcome.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw into; the current axes if omitted.

        Returns
        -------
        matplotlib.axes.Axes
        """
        if kind not in ("gap", "paths"):
            raise ValueError(f"kind must be 'gap' or 'paths', got {kind!r}")
        import matplotlib.pyplot as plt

        if ax is None:
            ax = plt.gca()
        x = np.asarray([float(v) if isinstance(v, int | np.integer) else v for v in self.labels])
        unit = f" [{self.units}]" if self.units else ""
        if kind == "gap":
            _, keep = placebo_pvalue(
                self.rmspe_ratio,
                self.mspe_pre,
                self.placebo_rmspe_ratio,
                self.placebo_mspe_pre,
                max_pre_mspe,
            )
            for i, g in enumerate(self.placebo_gaps[keep] if keep.size else []):
                ax.plot(x, g, color="0.75", lw=0.8, label="placebo units" if i == 0 else None)
            ax.plot(x, self.gap, color="C0", lw=1.8, label=self.treated)
            ax.axhline(0.0, color="0.3", lw=0.8, ls="--")
            ax.set_ylabel(f"gap in {self.outcome}{unit}")
            filt = "" if max_pre_mspe is None else f", placebos with pre-MSPE <= {max_pre_mspe:g}x"
            ax.set_title(f"{self.treated} and placebo gaps{filt}")
        else:
            ax.plot(x, self.observed, color="C0", lw=1.6, label=self.treated)
            ax.plot(
                x, self.synthetic, color="C1", lw=1.6, ls="--", label=f"synthetic {self.treated}"
            )
            ax.set_ylabel(f"{self.outcome}{unit}")
            ax.set_title(f"{self.treated}: observed and synthetic")
        idx = self.labels.index(self.first_treated)
        xline = x[idx]
        if idx > 0 and isinstance(x[idx], float):
            xline = (x[idx] + x[idx - 1]) / 2
        ax.axvline(xline, color="0.3", ls=":", lw=1.2, label=f"first treated {self.first_treated}")
        ax.set_xlabel(self.dim)
        ax.legend(loc="best", fontsize="small")
        return ax
