"""Progress bars for long steps, shown only where a person is watching.

Library functions call :func:`progress` around steps that can take more than a few
seconds (reading a very large file, recursive residuals of a very long series). Bars are
drawn with ``tqdm`` on standard error, and only when :func:`enable` was called (the command
line does so) and standard error is a terminal: scripts, notebooks, pipes and logs never
get progress output.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Any, Protocol

__all__ = ["enable", "enabled", "progress"]

_STATE = {"enabled": False}


class _Bar(Protocol):
    def update(self, n: float = 1) -> Any: ...


class _NoBar:
    def update(self, n: float = 1) -> None:
        return None


def enable(on: bool = True) -> None:
    """Allow progress bars (they are still drawn only when stderr is a terminal)."""
    _STATE["enabled"] = bool(on)


def enabled() -> bool:
    """True if progress bars are allowed and standard error is a terminal."""
    if not _STATE["enabled"]:
        return False
    try:
        return bool(sys.stderr.isatty())
    except (AttributeError, ValueError):  # replaced or closed stream
        return False


@contextmanager
def progress(total: float, desc: str, *, unit: str = "it", show: bool = True) -> Any:
    """Context manager yielding an object with ``update(n)``: a ``tqdm`` bar or a no-op.

    ``show=False`` (a step known to be quick) and :func:`enabled` being False both give the
    no-op, so callers need no branches of their own.
    """
    if not (show and enabled()):
        yield _NoBar()
        return
    from tqdm import tqdm

    scale = unit == "B"
    with tqdm(
        total=total,
        desc=desc,
        unit=unit,
        unit_scale=scale,
        unit_divisor=1024 if scale else 1000,
        leave=False,
        file=sys.stderr,
        mininterval=0.25,
    ) as bar:
        yield bar
