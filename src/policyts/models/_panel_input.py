"""Cell checks shared by the panel models (:mod:`common_break`, :mod:`panel_effect`):
non-numeric cells and missing or non-finite cells, named by unit and time label."""

from __future__ import annotations

import numpy as np


def numeric_matrix(
    values: np.ndarray, units: np.ndarray, times: np.ndarray, *, allow_bool: bool
) -> np.ndarray:
    """``values`` as float64; ``ValueError`` naming up to five non-numeric cells (and any
    boolean matrix when ``allow_bool`` is false)."""
    import pandas as pd

    if values.dtype.kind not in ("fiub" if allow_bool else "fiu"):
        numeric = pd.DataFrame(values).apply(pd.to_numeric, errors="coerce").to_numpy()
        bad = np.argwhere(pd.isna(numeric) & ~pd.isna(values))
        if values.dtype.kind == "b" or bad.size:
            cells = ", ".join(
                f"{units[j]} {times[i]} ({values[i, j]!r})" for i, j in bad[:5].tolist()
            )
            raise ValueError(f"non-numeric cells ({len(bad)}): {cells}")
        values = numeric
    return values.astype(np.float64)


def missing_cells(
    values: np.ndarray, units: np.ndarray, times: np.ndarray
) -> tuple[int, str] | None:
    """The count of missing or non-finite cells of a float matrix and up to eight of them
    (``"u5 2013, u7 2014 and 3 more"``), or None when there are none."""
    miss = np.argwhere(~np.isfinite(values))
    if not miss.size:
        return None
    cells = ", ".join(f"{units[j]} {times[i]}" for i, j in miss[:8].tolist())
    more = f" and {len(miss) - 8} more" if len(miss) > 8 else ""
    return len(miss), cells + more
