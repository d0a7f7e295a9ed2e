"""Subcommands ``policyts claims`` and ``policyts audit`` (placeholder until the catalogue lands)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    for name in ("claims", "audit"):
        p = sub.add_parser(name, help=f"print the {name} (not yet available)")
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=_unavailable)


def _unavailable(args: argparse.Namespace) -> int:
    raise ValueError(f"'{args.command}' is not available yet")
