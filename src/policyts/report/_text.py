"""How the report prints: numbers, JSON-safe values, HTML and Markdown escaping, progress."""

from __future__ import annotations

import html
import math
import sys
from typing import Any


def progress_bar(i: int, total: int, what: str) -> None:
    width = 24
    done = int(width * i / total) if total else width
    sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {i}/{total} {what[:50]:<50}")
    if i == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def format_number(x: Any) -> str:
    """How the report prints a number: the one formatter of the page.

    Integers as they are (years, counts of observations); integer-valued floats below
    10^7 with thousands separators (``4,038``); other floats to four significant digits
    (``0.01234``, ``1.071e+13``); ``None`` (a missing or infinite value in
    ``results.json``) as ``n/a``.

    Examples
    --------
    >>> [format_number(x) for x in (2017, 4038.0, 0.012345, 1.071e13, None)]
    ['2017', '4,038', '0.01235', '1.071e+13', 'n/a']
    """
    if x is None:
        return "n/a"
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        if math.isnan(x):
            return "n/a"
        if math.isinf(x):
            return "\u221e" if x > 0 else "-\u221e"
        if x.is_integer() and abs(x) < 1e7:
            return f"{int(x):,}"
        return f"{x:.4g}"
    return str(x)


def clean_json(x: Any) -> Any:
    if isinstance(x, bool) or x is None or isinstance(x, str):
        return x
    if isinstance(x, float):
        return None if math.isnan(x) or math.isinf(x) else round(x, 12)
    if isinstance(x, int):
        return x
    if isinstance(x, dict):
        return {str(k): clean_json(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [clean_json(v) for v in x]
    if hasattr(x, "item"):
        return clean_json(x.item())
    if hasattr(x, "isoformat"):
        return x.isoformat()
    return str(x)


esc = html.escape


def num_cell(x: Any) -> str:
    return f'<td class="num">{esc(format_number(x))}</td>'


def interval_text(c: dict[str, Any]) -> str:
    lo, hi = c["lower"], c["upper"]
    left = "(" if c["lower_open"] or lo is None else "["
    right = ")" if c["upper_open"] or hi is None else "]"
    lo_t = "-\u221e" if lo is None else format_number(lo)
    hi_t = "\u221e" if hi is None else format_number(hi)
    return f"{left}{lo_t}; {hi_t}{right}"


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]|~#"})


def md_escape(text: Any) -> str:
    """User or source text as inert Markdown: no HTML, links, emphasis or table cells.

    ``<``, ``>`` and ``&`` become character references (so ``<script>`` is text in any
    CommonMark renderer), the Markdown punctuation that starts code, emphasis, links,
    tables, strike-through or headings is backslash-escaped, and line breaks become spaces
    so a value stays in its table cell or list item.

    Examples
    --------
    >>> print(md_escape("<b>a|b</b> *x*"))
    &lt;b&gt;a\\|b&lt;/b&gt; \\*x\\*
    """
    t = html.escape(str(text), quote=False).translate(_MD_SPECIAL)
    return " ".join(t.splitlines())
