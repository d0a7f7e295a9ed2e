"""The ``policyts`` accessor on ``xarray.DataArray``: the break tests as methods.

``import policyts`` registers it.  A one-dimensional DataArray gives the single-series
result object (:class:`~policyts.models.BaiPerron`, :class:`~policyts.models.SupF`, ...);
a DataArray with more dimensions gives an ``xarray.Dataset`` of results over the
dimensions other than time (see :mod:`policyts.models.panel`)::

    import policyts
    apps["resident"].policyts.breaks(trend=True)          # one series -> BaiPerron
    panel.policyts.sup_f(dim="year")                      # many series -> xarray.Dataset
    panel.policyts.chow(at=2008)

The module imports xarray only; the models (scipy, statsmodels) are imported on the first
call, and neither matplotlib nor dask is imported by it.
"""

from __future__ import annotations

from typing import Any

import xarray as xr

__all__ = ["PolicytsAccessor"]

_PANEL_ONLY = ("span",)


@xr.register_dataarray_accessor("policyts")
class PolicytsAccessor:
    """Structural-break tests on a labelled series or panel of series.

    Every method takes the keywords of the function it calls; ``dim`` names the time
    dimension (default ``"year"`` or ``"time"``).  For a 1-D DataArray ``dim`` may be given
    but must be its dimension, and ``span`` (panels only) is refused.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> import policyts
    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[np.zeros(20), np.full(20, 2.0)] + rng.normal(scale=0.5, size=40)
    >>> da = xr.DataArray(y, dims="year", coords={"year": np.arange(1981, 2021)})
    >>> da.policyts.sup_f().break_label
    2001
    """

    def __init__(self, da: xr.DataArray) -> None:
        self._da = da

    def _call(self, single: str, panel: str, exog: Any, kwargs: dict[str, Any]) -> Any:
        from policyts.models import panel as panel_module

        da = self._da
        if da.ndim > 1:
            return getattr(panel_module, panel)(da, exog, **kwargs)
        dim = kwargs.pop("dim", None)
        if dim is not None and (da.ndim == 0 or dim != da.dims[0]):
            raise ValueError(
                f"time dimension {dim!r} is not the dimension of this series {tuple(da.dims)}"
            )
        given = [k for k in _PANEL_ONLY if k in kwargs]
        if given:
            raise ValueError(
                f"{given} apply to panels of series only; for one series select its sample "
                "with .sel() or .isel() first"
            )
        import policyts.models as models

        return getattr(models, single)(da, exog, **kwargs)

    def breaks(self, exog: Any = None, **kwargs: Any) -> Any:
        """Bai-Perron dating of multiple breaks: :func:`policyts.models.bai_perron` for
        one series, :func:`policyts.models.panel.bai_perron_panel` for a panel."""
        return self._call("bai_perron", "bai_perron_panel", exog, kwargs)

    def sup_f(self, exog: Any = None, **kwargs: Any) -> Any:
        """sup-F test for one break at an unknown date: :func:`policyts.models.sup_f` or
        :func:`policyts.models.panel.sup_f_panel`."""
        return self._call("sup_f", "sup_f_panel", exog, kwargs)

    def chow(self, exog: Any = None, **kwargs: Any) -> Any:
        """Chow test at a known date ``at`` (first period of the new regime):
        :func:`policyts.models.chow` or :func:`policyts.models.panel.chow_panel`."""
        return self._call("chow", "chow_panel", exog, kwargs)

    def cusum(self, exog: Any = None, **kwargs: Any) -> Any:
        """Fluctuation test (OLS-CUSUM, recursive CUSUM, OLS-MOSUM):
        :func:`policyts.models.cusum` or :func:`policyts.models.panel.cusum_panel`."""
        return self._call("cusum", "cusum_panel", exog, kwargs)

    def effect(self, *args: Any, **kwargs: Any) -> Any:
        """Policy-effect model of one series: ``policyts.models.effects.effect``.

        Raises
        ------
        ValueError
            If this version has no effect models, or the DataArray holds more than one
            series (select one with ``.sel()``).
        """
        import importlib

        try:
            effects = importlib.import_module("policyts.models.effects")
        except ModuleNotFoundError as err:
            # Only the module's own absence means "not available"; a broken import
            # inside it must surface.
            if err.name != "policyts.models.effects":
                raise
            effects = None
        func = getattr(effects, "effect", None)
        if func is None:
            raise ValueError("effect models are not available in this version")
        if self._da.ndim > 1:
            raise ValueError(
                f"effect models take one series; this DataArray has dims {tuple(self._da.dims)}: "
                "select one series with .sel() or .isel()"
            )
        return func(self._da, *args, **kwargs)
