"""Many series at once: the break tests over the other dimensions of an xarray object.

Every test of :mod:`policyts.models` for one series has a panel version here that runs it
for every series of an ``xarray.DataArray`` (time along ``dim``, anything else -- provinces,
patent kinds, indicators, Monte-Carlo replications -- along the other dimensions) and
returns an ``xarray.Dataset`` of results over those other dimensions:

* :func:`sup_f_panel` -- sup-F / ave-F / exp-F for one break at an unknown date;
* :func:`chow_panel` -- the Chow test at a known date;
* :func:`bai_perron_panel` -- Bai-Perron dating of up to M breaks;
* :func:`cusum_panel` -- OLS-CUSUM, recursive CUSUM and OLS-MOSUM fluctuation tests.

Each is defined beside its single-series test (:mod:`~policyts.models.fstats`,
:mod:`~policyts.models.chow`, :mod:`~policyts.models.bai_perron`,
:mod:`~policyts.models.fluctuation`) on the many-series engine of
:mod:`policyts.models._many`; this module gathers them under their historical names.

They run through :func:`xarray.apply_ufunc` with ``dask="parallelized"``: a dask-backed
input is computed chunk by chunk (lazily; call ``.compute()``), on threads, processes or a
``dask.distributed`` cluster, whichever scheduler is active.  The time dimension must be in
one chunk; chunk the other dimensions.  The numpy kernels underneath are public as
:func:`sup_f_array`, :func:`chow_array`, :func:`bai_perron_array` and :func:`cusum_array`
(time on the last axis of a plain array).

Series that share their regressors and their sample are solved together in vectorised
numpy; Bai-Perron runs :func:`policyts.models.bai_perron` series by series.

Chunks: dask spends about a millisecond per task, and each chunk makes one task per
result variable, so sup-F, Chow and CUSUM (about 10 microseconds per series of 40
periods) want chunks of 10,000 series or more; Bai-Perron (a few milliseconds per
series, holding the GIL) gains from more, smaller chunks and from worker processes
rather than threads.  ``benchmarks/bench_scaling.py`` measures this.

Series that cannot be computed
------------------------------
A series that is all missing, has a missing value inside its sample, is constant, has too
few observations, is otherwise degenerate (values too large to square, a single deviating
value, an exact fit of the model without a break: see :mod:`policyts.models._degenerate`),
has a non-numeric value (object input), is a non-numeric variable of a Dataset, or whose
own regressors are missing or collinear is not computed: its results are
NaN (``-1`` for integer positions and counts of breaks) and ``reason`` says why.  The other
series are unaffected.  ``reason`` is the empty string for computed series.

Problems that concern every series raise ``ValueError`` as the single-series functions do:
a bad ``trim``, a known break date outside the time axis, regressors shared by every series
that are missing or collinear, a non-numeric DataArray, a time axis with gaps, duplicate or
unsorted labels, or a time dimension split across dask chunks.

Samples
-------
``span="common"`` (default): every series is analysed on the whole time axis, and a
series with missing values at its start or end is not computed (``reason`` says so).
``span="observed"``: each series is analysed on the periods from its first to its last
non-missing value, exactly as the single-series function would analyse that stretch
(``trim`` as a fraction applies to that series' own length; the trend restarts at 1);
missing values inside that stretch still make the series not computable.
``n_obs``, ``sample_start`` and ``sample_end`` report each series' sample.

Provenance
----------
The input's attributes (``units``, ``long_name``, ``source``, ``references``, ...) are
carried into the result's attributes with the prefix ``input_`` (``input_units``,
``input_source``, ...); the input's name is ``input_name``.  Coordinates of the other
dimensions are kept.  For a Dataset input each data variable is one series along a new
dimension ``variable``, with coordinates ``variable_units`` and ``variable_long_name``.
"""

from __future__ import annotations

from policyts.models._fluct_panel import cusum_array, cusum_panel
from policyts.models._many import (
    REASON_ALL_MISSING,
    REASON_CONSTANT,
    REASON_MISSING_EDGES,
    REASON_MISSING_INSIDE,
    is_panel,
)
from policyts.models.bai_perron import bai_perron_array, bai_perron_panel
from policyts.models.chow import chow_array, chow_panel
from policyts.models.fstats import sup_f_array, sup_f_panel

__all__ = [
    "is_panel",
    "sup_f_panel",
    "chow_panel",
    "bai_perron_panel",
    "cusum_panel",
    "sup_f_array",
    "chow_array",
    "bai_perron_array",
    "cusum_array",
    "REASON_ALL_MISSING",
    "REASON_CONSTANT",
    "REASON_MISSING_EDGES",
    "REASON_MISSING_INSIDE",
]
