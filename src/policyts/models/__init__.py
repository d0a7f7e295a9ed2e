"""Structural-break tests and policy-effect models.

Numpy kernels on arrays, thin wrappers that accept numpy arrays, pandas Series and
xarray DataArrays, and frozen result objects with ``summary()``.
"""

from policyts.models.bai_perron import BaiPerron, Break, bai_perron
from policyts.models.chow import chow, chow_predictive
from policyts.models.fstats import FPath, SupF, f_path, sup_f

__all__ = [
    "BaiPerron",
    "Break",
    "FPath",
    "SupF",
    "bai_perron",
    "chow",
    "chow_predictive",
    "f_path",
    "sup_f",
]
