"""Command line: ``policyts SUBCOMMAND ...``.

Thin by design: each part of the library registers its own subcommands (parse
arguments, call the library, print); nothing here computes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module

from policyts import _progress as progress

# Modules that define ``register(subparsers)``; each adds its subcommands and sets
# ``func`` on them.  Imported lazily so ``policyts --help`` stays fast.
_REGISTRARS = (
    "policyts.indicators.cli",  # claims, audit
    "policyts.models.cli",  # breaks, chow, cusum, trend-break
    "policyts.models.effect_cli",  # effect
    "policyts.models.panel_cli",  # panel-breaks
    "policyts.events",  # events
    "policyts.report",  # report
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policyts",
        description="Policy-indicator time series: claims, datasets and structural-break tests.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in _REGISTRARS:
        import_module(module).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # Long steps (reading a very large file, ...) draw a progress bar when stderr is a
    # terminal; the library alone never does.
    progress.enable(True)
    try:
        return int(args.func(args) or 0)
    except ValueError as exc:  # bad input: one clear line, no traceback
        print(f"policyts {args.command}: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and closed early
        sys.stderr.close()
        return 0
    finally:
        progress.enable(False)


def _one_line(exc: ValueError) -> str:
    """The message on one line: line breaks (which a file's own text can bring into a
    message) are shown escaped, as ``repr`` would."""
    text = str(exc)
    return text.replace("\r", "\\r").replace("\n", "\\n")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
