"""Input and output of the commands: a user's CSV file in, one JSON object or a table out.

Every command that reads a file reads it here: a time-series file through
:func:`policyts.datasets.read_csv`'s checks (as a pandas frame, without importing xarray),
a long-format panel through :func:`read_long_panel`. Every ``--json`` output is printed by
:func:`print_json`, so the commands differ only in the options they document.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

__all__ = ["frame", "load_series", "print_json", "read_columns", "read_long_panel"]


def read_columns(path: str, time: str, columns: list[str]) -> Any:
    """The columns of a user's CSV file as a ``pandas.DataFrame`` indexed by time.

    The checks and messages of :func:`policyts.datasets.read_csv`; the index is named
    ``year`` or ``time`` as that function's dimension is.
    """
    from policyts.datasets._user_csv import read_frame

    return read_frame(path, time=time, columns=columns)


def frame(data: Any, names: list[str]) -> Any:
    """The columns ``names`` of ``data`` as a new frame with the same index (None if none)."""
    import pandas as pd

    if not names:
        return None
    out = pd.DataFrame({c: data[c] for c in names})
    out.index.name = data.index.name
    return out


def load_series(args: argparse.Namespace) -> tuple[Any, Any]:
    """``(y, exog)`` for a single-series command: ``--y`` as a named ``pandas.Series`` and
    the ``--x`` columns as a frame (or None). The ``--fixed`` columns, where the command has
    them, are left on ``args.fixed_frame``."""
    fixed = getattr(args, "fixed", [])
    both = sorted(set(args.x) & set(fixed))
    if both:
        raise ValueError(f"column(s) {both} given both as --x (changing) and --fixed: choose one")
    data = read_columns(args.file, args.time, [args.y, *args.x, *fixed])
    y = data[args.y].copy()
    y.name = args.y
    exog = frame(data, args.x)
    if fixed:
        args.fixed_frame = frame(data, fixed)
    return y, exog


def print_json(
    obj: Any,
    *,
    clean: bool = True,
    indent: int = 2,
    ensure_ascii: bool = True,
    allow_nan: bool = True,
) -> None:
    """Print ``obj`` as JSON. ``clean`` first turns numpy scalars and arrays into Python
    values and non-finite numbers into ``null`` (as the results' ``to_dict`` do)."""
    if clean:
        from policyts.models._results import _json_value

        obj = _json_value(obj)
    print(json.dumps(obj, indent=indent, ensure_ascii=ensure_ascii, allow_nan=allow_nan))


def _listing(items: list[str], limit: int = 8) -> str:
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def read_long_panel(path: str, time: str, unit: str, y: str, *, log: bool = False) -> Any:
    """Read a long-format CSV into a wide ``DataFrame`` (time x unit), strictly.

    Raises ``ValueError`` naming the problem: a missing column, empty unit or time cells,
    duplicate unit-periods, non-numeric or non-finite values, non-positive values with
    ``log=True``, fewer than two units, or missing unit-periods (an unbalanced panel).
    Nothing is dropped.
    """
    import numpy as np
    import pandas as pd

    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: not a readable CSV file ({exc})") from None
    for col, flag in ((time, "--time"), (unit, "--unit"), (y, "--y")):
        if col not in raw.columns:
            raise ValueError(
                f"{path}: {flag} column {col!r} not found; columns: {list(raw.columns)}"
            )
    line = pd.Series(np.arange(len(raw)) + 2, index=raw.index)  # header is line 1
    for col in (time, unit):
        empty = raw[col].str.strip() == ""
        if empty.any():
            raise ValueError(
                f"{path}: empty {col!r} on lines {_listing(line[empty].astype(str).tolist())}"
            )
    units = raw[unit].str.strip()
    times_txt = raw[time].str.strip()
    as_int = pd.to_numeric(times_txt, errors="coerce")
    times: pd.Series = (
        as_int.astype("int64") if as_int.notna().all() and (as_int % 1 == 0).all() else times_txt
    )
    dup = pd.DataFrame({"u": units, "t": times}).duplicated(keep=False)
    if dup.any():
        pairs = sorted({f"{u} {t}" for u, t in zip(units[dup], times[dup], strict=True)})
        raise ValueError(f"{path}: duplicate unit-periods ({len(pairs)}): {_listing(pairs)}")
    text = raw[y].str.strip()
    values = pd.to_numeric(text, errors="coerce")
    bad = values.isna() | ~np.isfinite(values.fillna(0.0))
    if bad.any():
        cells = [
            f"{u} {t} (line {n}: {v!r})"
            for u, t, n, v in zip(units[bad], times[bad], line[bad], text[bad], strict=True)
        ]
        raise ValueError(f"{path}: non-numeric or missing {y!r} values: {_listing(cells)}")
    if log:
        nonpos = values <= 0
        if nonpos.any():
            cells = [
                f"{u} {t} ({v})"
                for u, t, v in zip(units[nonpos], times[nonpos], values[nonpos], strict=True)
            ]
            raise ValueError(
                f"--log needs positive values; {y!r} is not positive at: {_listing(cells)}"
            )
        values = np.log(values)
    unit_names = list(dict.fromkeys(units))
    if len(unit_names) < 2:
        raise ValueError(
            f"{path}: the {unit!r} column has {len(unit_names)} unit ({_listing(unit_names)}); "
            "a common break needs at least two"
        )
    wide = pd.DataFrame({"u": units, "t": times, "v": values}).pivot(
        index="t", columns="u", values="v"
    )
    wide = wide.sort_index()[unit_names]
    holes = np.argwhere(~np.isfinite(wide.to_numpy(dtype=np.float64)))
    missing = [f"{unit_names[j]} {wide.index[i]}" for i, j in holes.tolist()]
    if missing:
        raise ValueError(
            f"{path}: unbalanced panel, {len(missing)} unit-periods are missing: {_listing(missing)}"
        )
    wide.index.name = time
    wide.columns.name = unit
    return wide
