"""Command line: ``policyts SUBCOMMAND ...``. Thin: parses arguments, calls the library, prints."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policyts", description=__doc__)
    parser.add_subparsers(dest="command", required=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args)) if hasattr(args, "func") else 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
