"""Structural-break tests and policy-effect models.

Numpy kernels on arrays, thin wrappers that accept numpy arrays, pandas Series and
xarray DataArrays, and frozen result objects with ``summary()``.
"""

from policyts.models.bai_perron import BaiPerron, Break, bai_perron
from policyts.models.chow import chow, chow_predictive
from policyts.models.common_break import CommonBreak, UnitBreak, common_break
from policyts.models.effects import EffectEstimate, EffectResult, PlaceboTest, effect
from policyts.models.fluctuation import FluctuationTest, cusum, ols_cusum, ols_mosum, rec_cusum
from policyts.models.fstats import FPath, SupF, f_path, sup_f
from policyts.models.panel import (
    bai_perron_panel,
    chow_panel,
    cusum_panel,
    is_panel,
    sup_f_panel,
)

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
    "PlaceboTest",
    "SupF",
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
    "ols_cusum",
    "ols_mosum",
    "rec_cusum",
    "sup_f",
    "sup_f_panel",
]
