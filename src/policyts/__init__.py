"""policyts: policy-indicator time series.

Quantitative policy claims as labelled xarray data (:mod:`policyts.indicators`), bundled
statistics (:mod:`policyts.datasets`), dated policy events (:mod:`policyts.events`), and
structural-break and policy-effect models (:mod:`policyts.models`).  Submodules are
imported on first use so that ``import policyts`` stays fast.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from importlib.abc import Loader
    from importlib.machinery import ModuleSpec

__version__ = "0.1.0"

__all__ = ["__version__", "effect"]


def _register_accessor() -> None:
    # Registers the ``.policyts`` accessor on xarray.DataArray (imports xarray only).
    from policyts import accessor  # noqa: F401


# The finder and loader protocols are duck-typed, which spares ``importlib.abc`` (and the
# pathlib it imports) at start-up.
class _RegisterAfterLoading:
    """Loads xarray with its own loader, then registers the accessor."""

    def __init__(self, loader: Loader) -> None:
        self._loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        # xarray sees its own loader, as if no hook had been there.
        module.__loader__ = self._loader
        if module.__spec__ is not None:
            module.__spec__.loader = self._loader
        self._loader.exec_module(module)
        _register_accessor()


class _AccessorWhenXarrayLoads:
    """Registers the accessor the moment xarray is imported, and then leaves.

    ``import policyts`` promises the ``.policyts`` accessor on every DataArray; a DataArray
    exists only once xarray is imported, so registering then keeps the promise while
    ``policyts --help`` and the commands that do not need xarray never load it (nor
    numpy and pandas, which xarray imports).
    """

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if fullname != "xarray":
            return None
        try:
            sys.meta_path.remove(self)
        except ValueError:  # removed already (another thread got here first)
            return None
        spec = importlib.util.find_spec("xarray")  # by the finders after this one
        if spec is not None and spec.loader is not None:
            spec.loader = cast("Loader", _RegisterAfterLoading(spec.loader))
        return spec


if "xarray" in sys.modules:
    _register_accessor()
else:
    sys.meta_path.insert(0, _AccessorWhenXarrayLoads())


def __getattr__(name: str) -> Any:
    # ``policyts.effect`` is the one entry point of the policy-effect models; importing it
    # lazily keeps scipy and statsmodels out of ``import policyts``.
    if name == "effect":
        from policyts.models.effects import effect

        return effect
    if name in ("accessor", "datasets", "events", "indicators", "models", "plotting", "report"):
        import importlib

        return importlib.import_module(f"policyts.{name}")
    raise AttributeError(f"module 'policyts' has no attribute {name!r}")
