"""Structural-break tests and policy-effect models.

Numpy kernels on arrays, thin wrappers that accept numpy arrays, pandas Series and
xarray DataArrays, and frozen result objects with ``summary()``.

The policy-effect models (:mod:`policyts.models.effects`, which need statsmodels) are
imported on first use of :func:`effect` or its result classes, so importing a break test
(``import policyts.models.chow``) does not load statsmodels.
"""

from typing import TYPE_CHECKING, Any

from policyts.models.bai_perron import BaiPerron, Break, bai_perron
from policyts.models.chow import chow, chow_predictive
from policyts.models.common_break import CommonBreak, UnitBreak, common_break
from policyts.models.fluctuation import FluctuationTest, cusum, ols_cusum, ols_mosum, rec_cusum
from policyts.models.fstats import FPath, SupF, f_path, sup_f
from policyts.models.panel import (
    bai_perron_panel,
    chow_panel,
    cusum_panel,
    is_panel,
    sup_f_panel,
)
from policyts.models.panel_effect import PanelEffect, panel_effect
from policyts.models.persistence import Persistence, persistence
from policyts.models.trend_break import TrendBreak, trend_break

__all__ = [
    "BaiPerron",
    "CommonBreak",
    "UnitBreak",
    "common_break",
    "Break",
    "EffectEstimate",
    "EffectResult",
    "FPath",
    "FluctuationTest",
    "Persistence",
    "PlaceboTest",
    "SupF",
    "TrendBreak",
    "bai_perron",
    "bai_perron_panel",
    "chow",
    "chow_panel",
    "chow_predictive",
    "cusum",
    "cusum_panel",
    "effect",
    "f_path",
    "is_panel",
    "PanelEffect",
    "panel_effect",
    "ols_cusum",
    "ols_mosum",
    "persistence",
    "rec_cusum",
    "sup_f",
    "sup_f_panel",
    "trend_break",
]

if TYPE_CHECKING:
    from policyts.models.effects import EffectEstimate, EffectResult, PlaceboTest, effect

_EFFECT_NAMES = ("EffectEstimate", "EffectResult", "PlaceboTest", "effect")


def __getattr__(name: str) -> Any:
    if name in _EFFECT_NAMES:
        from policyts.models import effects

        return getattr(effects, name)
    raise AttributeError(f"module 'policyts.models' has no attribute {name!r}")
