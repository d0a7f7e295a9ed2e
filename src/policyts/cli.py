"""Command line: ``policyts SUBCOMMAND ...``.

Thin by design: each part of the library registers its own subcommands (parse
arguments, call the library, print); nothing here computes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module

# Modules that define ``register(subparsers)``; each adds its subcommands and sets
# ``func`` on them.  Imported lazily so ``policyts --help`` stays fast.
_REGISTRARS = (
    "policyts.indicators.cli",  # claims, audit
    "policyts.models.cli",  # breaks, chow, cusum
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
    try:
        return int(args.func(args) or 0)
    except ValueError as exc:  # bad input: one clear line, no traceback
        print(f"policyts {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and closed early
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
