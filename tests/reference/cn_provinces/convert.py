"""Convert the provincial yearbook tables (as packaged in the R data package techme) into the
bundled CSV files ``cn_provincial_patents.csv``, ``cn_provincial_tech_market.csv`` and
``cn_provincial_rd.csv`` under ``src/policyts/datasets/data/``.

Usage: ``python tests/reference/cn_provinces/convert.py DIR`` where DIR holds the long CSV files
converted from techme's ``data/*.rda`` at commit 9ad60a190dec4a56953da9c478d42cd44c80762a (the
project's shared ``data/cn_provinces`` folder). Values are copied unchanged except for units:
10,000 yuan and 100 million yuan become yuan, percent becomes a fraction; the arithmetic is done
in decimal so that every stored figure is exact. Empty source cells stay empty (NaN on loading).
"""

from __future__ import annotations

import csv
import sys
from decimal import Decimal
from pathlib import Path

OUT = Path(__file__).resolve().parents[3] / "src" / "policyts" / "datasets" / "data"
NATIONAL = "China (national row)"

PATENT_FILES = {
    "applications": "patent_applications_domestic_by_region.csv",
    "grants": "patent_grants_domestic_by_region.csv",
    "in_force": "patents_in_force_domestic_by_region.csv",
}
KINDS = ("invention", "utility_model", "design", "total")
SCALE = {"件": Decimal(1), "项": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(10**8)}
SCALE["%"] = Decimal("0.01")


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _convert(value: str, unit: str) -> str:
    if value == "":
        return ""
    out = Decimal(value) * SCALE[unit]
    text = format(out.normalize(), "f")
    return text


def _units(rows: list[dict[str, str]]) -> dict[tuple[str, str, str], dict[str, str]]:
    return {(r["gb_code"], r["year"], r["item"]): r for r in rows}


def _regions(rows: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    seen = {(r["gb_code"], r["province_en"], r["province_zh"]) for r in rows}
    provinces = sorted(s for s in seen if s[0] != "CN")
    (national,) = [s for s in seen if s[0] == "CN"]
    return [*provinces, (national[0], NATIONAL, national[2])]


def _write(name: str, header: list[str], rows: list[list[str]]) -> None:
    with (OUT / name).open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def patents(src: Path) -> None:
    tables = {v: _units(_read(src / f)) for v, f in PATENT_FILES.items()}
    first = _read(src / PATENT_FILES["applications"])
    years = sorted({y for t in tables.values() for (_, y, _) in t})
    out = []
    for code, en, zh in _regions(first):
        for year in years:
            for kind in KINDS:
                cells = []
                for var in PATENT_FILES:
                    row = tables[var].get((code, year, kind))
                    cells.append("" if row is None else _convert(row["value"], row["unit"]))
                out.append([en, zh, code, year, kind, *cells, "cn_st_yearbook_techme"])
    header = ["province", "province_zh", "gb_code", "year", "kind", *PATENT_FILES, "source"]
    _write("cn_provincial_patents.csv", header, out)


def tech_market(src: Path) -> None:
    tables = {
        "sold": _units(_read(src / "technology_market_outflow_by_region.csv")),
        "bought": _units(_read(src / "technology_market_inflow_by_region.csv")),
    }
    first = _read(src / "technology_market_outflow_by_region.csv")
    years = sorted({y for t in tables.values() for (_, y, _) in t})
    out = []
    for code, en, zh in _regions(first):
        for year in years:
            for direction, table in tables.items():
                cells = []
                for item in ("contracts", "turnover"):
                    row = table[(code, year, item)]
                    cells.append(_convert(row["value"], row["unit"]))
                out.append([en, zh, code, year, direction, *cells, "cn_st_yearbook_techme"])
    header = ["province", "province_zh", "gb_code", "year", "direction", "contracts", "turnover"]
    _write("cn_provincial_tech_market.csv", [*header, "source"], out)


def rd(src: Path) -> None:
    rows = _read(src / "rd_expenditure_by_region.csv")
    table = _units(rows)
    years = sorted({r["year"] for r in rows})
    out = []
    for code, en, zh in _regions(rows):
        for year in years:
            cells = []
            for item in ("rd_expenditure", "rd_intensity"):
                row = table[(code, year, item)]
                cells.append(_convert(row["value"], row["unit"]))
            out.append([en, zh, code, year, *cells, "nbs_rd_techme"])
    header = ["province", "province_zh", "gb_code", "year", "rd_expenditure", "rd_intensity"]
    _write("cn_provincial_rd.csv", [*header, "source"], out)


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    patents(folder)
    tech_market(folder)
    rd(folder)
