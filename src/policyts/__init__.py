"""policyts: policy-indicator time series.

Quantitative policy claims as labelled xarray data (:mod:`policyts.indicators`), bundled
statistics (:mod:`policyts.datasets`), dated policy events (:mod:`policyts.events`), and
structural-break and policy-effect models (:mod:`policyts.models`).  Submodules are
imported on first use so that ``import policyts`` stays fast.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

# Registers the ``.policyts`` accessor on xarray.DataArray (imports xarray only).
from policyts import accessor as _accessor  # noqa: E402,F401

__all__ = ["__version__", "effect"]


def __getattr__(name: str) -> Any:
    # ``policyts.effect`` is the one entry point of the policy-effect models; importing it
    # lazily keeps scipy and statsmodels out of ``import policyts``.
    if name == "effect":
        from policyts.models.effects import effect

        return effect
    if name in ("datasets", "events", "indicators", "models", "plotting", "report"):
        import importlib

        return importlib.import_module(f"policyts.{name}")
    raise AttributeError(f"module 'policyts' has no attribute {name!r}")
