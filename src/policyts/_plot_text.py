"""Text for figures: units in words, a CJK-capable font, widths of labels.

Shared by :mod:`policyts.plotting` and the report's figures. matplotlib is imported only
inside the functions.
"""

from __future__ import annotations

import functools
import re
import subprocess
from typing import Any

# One colour per role, shared by every figure so a reader learns them once.
OBSERVED = "#1f4e79"
FITTED = "#c0392b"
EVENT = "#6c6c6c"

# Units as the data give them -> words on an axis. "1" (a dimensionless ratio) is
# handled by unit_words, which reads the long name to say what the share is of.
_UNIT_WORDS = {
    "growth_rate": "growth rate, per cent",
    "percent_point": "percentage points",
    "percent": "per cent",
    "%": "per cent",
    "CNY": "yuan (CNY)",
    "USD": "US dollars",
    "CNY per USD": "yuan per US dollar",
    "m": "metres",
    "km": "kilometres",
    "day": "days",
    "month": "months",
    "year": "years",
    "rank": "rank",
    "log": "natural log",
}


def unit_words(units: Any, long_name: str = "") -> str:
    """The unit code of a series in words, for an axis label.

    Parameters
    ----------
    units : str
        The ``units`` attribute: ``"1"`` (a dimensionless ratio), ``"count:patents"``,
        ``"log(applications)"``, ``"CNY"``, ``"percent_point"`` ...
    long_name : str
        The series' long name; for ``"1"`` it says what the share is of ("Share of
        patent-intensive industries in GDP" gives ``"share of GDP"``).

    Returns
    -------
    str
        ``"patents"`` for ``"count:patents"``, ``"log of applications"`` for
        ``"log(applications)"``, ``"share of GDP"``, ``"ratio, no unit"`` for ``"1"``
        with no share named, and any other code with underscores read as spaces.

    Examples
    --------
    >>> unit_words("count:patent_types")
    'patent types'
    >>> unit_words("1", "Share of patent-intensive industries in GDP")
    'share of GDP'
    """
    code = str(units).strip()
    if code == "1":
        if re.search(r"\bGDP\b", long_name) and re.search(r"\bshare\b", long_name, re.I):
            return "share of GDP"
        if re.search(r"\b(share|proportion|rate)\b", long_name, re.IGNORECASE):
            return "fraction, 1 = 100%"
        return "ratio, no unit"
    if code in _UNIT_WORDS:
        return _UNIT_WORDS[code]
    if code.startswith("count:"):
        return code.split(":", 1)[1].replace("_", " ")
    m = re.fullmatch(r"log\((.+)\)", code)
    if m:
        return f"log of {unit_words(m.group(1))}"
    return code.replace("_", " ")


# Families tried, in order, for Chinese, Japanese and Korean characters.
_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "AR PL UKai CN",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "Noto Sans CJK JP",
)
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


@functools.lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The family name of an installed font with Chinese characters, or None.

    matplotlib's own font list is searched first; when it has none (its cache predates
    the font), fontconfig (``fc-list :lang=zh``) is asked and the first font it names is
    added to matplotlib's list. None when neither finds one: text is then drawn in the
    default font and Chinese characters show as boxes, but nothing fails.

    Examples
    --------
    >>> from policyts.plotting import cjk_font
    >>> font = cjk_font()
    >>> font is None or isinstance(font, str)
    True
    """
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    for family in _CJK_FAMILIES:
        if family in known:
            return family
    try:
        listed = subprocess.run(
            ["fc-list", ":lang=zh", "file"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = sorted(
        {ln.strip().rstrip(":").strip() for ln in listed.splitlines() if ln.strip()},
        key=lambda p: (not p.lower().endswith((".ttf", ".otf")), p),
    )
    for path in files:
        if not path.lower().endswith((".ttf", ".otf", ".ttc")):
            continue
        try:
            font_manager.fontManager.addfont(path)
            return str(font_manager.FontProperties(fname=path).get_name())
        except (OSError, RuntimeError, ValueError):
            continue
    return None


def font_family() -> list[str]:
    """Font families for figure text: the default sans-serif font, then a CJK font.

    matplotlib draws each character from the first family that has it, so Latin text
    keeps the default font and Chinese names are drawn in the CJK font when one is
    installed (:func:`cjk_font`); without one the list is the default font alone.

    Examples
    --------
    >>> from policyts.plotting import cjk_font, font_family
    >>> families = font_family()
    >>> families[-1] == cjk_font() or len(families) == 1
    True
    """
    fam = ["DejaVu Sans"]
    cjk = cjk_font()
    if cjk:
        fam.append(cjk)
    return fam


def text_props(*texts: Any) -> dict[str, Any]:
    """``fontfamily`` for text holding CJK characters (when a CJK font exists), else {}."""
    if any(_CJK.search(str(t)) for t in texts) and cjk_font():
        return {"fontfamily": font_family()}
    return {}


def text_width_pt(text: str, fontsize: float) -> float:
    """Width of one line of text in points, measured with the default font's metrics."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    width = 0.0
    for line in str(text).split("\n"):
        w, _h, _d = text_to_path.get_text_width_height_descent(
            line, FontProperties(size=fontsize), ismath=False
        )
        width = max(width, float(w))
    return width


def fit_label(text: str, room_pt: float, fontsize: float) -> str:
    """``text`` as it fits in ``room_pt`` points: whole, broken at underscores, shortened."""
    if text_width_pt(text, fontsize) <= room_pt:
        return text
    parts = text.split("_")
    if len(parts) > 1:
        # Two lines, split at the underscore nearest the middle (underscores kept).
        cut = min(
            range(1, len(parts)),
            key=lambda k: abs(len("_".join(parts[:k])) - len("_".join(parts[k:]))),
        )
        two = "_".join(parts[:cut]) + "_\n" + "_".join(parts[cut:])
        if text_width_pt(two, fontsize) <= room_pt:
            return two
    out = text
    while len(out) > 4 and text_width_pt(out + "\u2026", fontsize) > room_pt:
        out = out[:-1]
    return out + "\u2026"
