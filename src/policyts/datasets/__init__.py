"""Bundled real datasets on China's patent system, and a strict reader for your own CSV files.

Each bundled dataset is a CSV file in ``policyts/datasets/data/`` described by one
Frictionless data package (``datapackage.json``); :func:`load` returns it as a labelled
:class:`xarray.Dataset` whose every variable carries ``units``, ``long_name``, ``source``,
``references`` and ``comment``. Only figures seen in a source are stored; figures the sources
imply but do not print are computed in code and flagged in ``<variable>_status``
(0 = seen, 1 = derived, 2 = missing).

- ``cn_invention_applications``: China, invention applications by residents and
  non-residents, 1985-2022 (World Bank WDI to 2018; CNIPA Statistical Yearbook 2022 after).
- ``cn_applications_by_kind``: China, invention / utility-model / design applications, total,
  domestic and foreign, 2017-2022 (CNIPA Statistical Yearbook 2022).
- ``comparator_resident_applications``: resident applications, China and eight comparator
  economies, 1985-2018 (WDI).
- ``cny_usd_exchange_rate``: yuan per US dollar, annual average, 1985-2022 (WDI).
- ``fujian_patents``: Fujian applications and grants by kind, 1987-2021 (Fujian yearbook).
- ``patent_intensive_industries``: value added (CNY) and GDP share, 2018-2024 (NBS, CNIPA).
- ``patent_survey_industrialisation``: China Patent Survey industrialisation rates, 2020-2024.
- ``patent_transfers_licences``: transfers, licences and recorded filings; mixed periods.
- ``patent_pledge_financing``: pledge-financing amounts and counts; mixed periods.
- ``cn_provincial_patents``: 31 provinces, domestic applications, grants and patents in
  force by kind, 2010-2023 (China Statistical Yearbook on Science and Technology, via the
  MIT-licensed R package techme); the national row apart as ``national_*``.
- ``cn_provincial_tech_market``: 31 provinces, technology contracts sold and bought, count
  and turnover (CNY), 2000-2023 with gaps.
- ``cn_provincial_rd``: 31 provinces, R&D expenditure (CNY) and intensity, 2011-2023.

:func:`read_csv` reads your own CSV file with the same strictness: nothing is filled, skipped
or dropped without an error that names the file, column and line.

Examples
--------
>>> from policyts import datasets
>>> ds = datasets.load("cn_invention_applications")
>>> ds["resident"].attrs["units"]
'applications'
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = ["names", "load", "sources", "datapackage", "citation", "read_csv"]

if TYPE_CHECKING:
    from policyts.datasets._bundled import citation, datapackage, load, names, sources
    from policyts.datasets._user_csv import read_csv

# Each name is imported from its module on first use: the bundled loader needs xarray, and
# the command line reads a user's file (``_user_csv.read_frame``) without importing it.
_HOME = {
    "names": "_bundled",
    "load": "_bundled",
    "sources": "_bundled",
    "datapackage": "_bundled",
    "citation": "_bundled",
    "read_csv": "_user_csv",
}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        value = getattr(import_module(f"policyts.datasets.{_HOME[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'policyts.datasets' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
