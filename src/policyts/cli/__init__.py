"""Command line: ``policyts SUBCOMMAND ...``.

Thin by design: one module per command group defines its subcommands (parse arguments,
call the library, print) in ``register(sub)``, and :mod:`policyts.cli._io` reads the
user's files and prints the JSON; nothing here computes, and the library holds no
argument parsing.

- :mod:`policyts.cli.indicators`: ``claims``, ``audit``
- :mod:`policyts.cli.breaks`: ``breaks``, ``chow``, ``cusum``, ``trend-break``
- :mod:`policyts.cli.effect`: ``effect``
- :mod:`policyts.cli.panel`: ``panel-breaks``, ``panel-effect``
- :mod:`policyts.cli.events`: ``events``
- :mod:`policyts.cli.report`: ``report``
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import TYPE_CHECKING, Any

from policyts import _progress as progress

# Modules that define ``register(subparsers)``; each adds its subcommands and sets
# ``func`` on them.
_REGISTRARS = (
    "policyts.cli.indicators",  # claims, audit
    "policyts.cli.breaks",  # breaks, chow, cusum, trend-break
    "policyts.cli.effect",  # effect
    "policyts.cli.panel",  # panel-breaks, panel-effect
    "policyts.cli.events",  # events
    "policyts.cli.report",  # report
)

# What ``policyts --help`` lists: each command, the module that registers it and its
# one-line help (as the module gives it; tests/test_startup.py checks the two agree).
# A module is imported only when its command is used, so listing the commands loads
# neither the library nor numpy, pandas, xarray, scipy or statsmodels.  A module in
# _REGISTRARS with no command here is imported and registered at once.
_COMMANDS: dict[str, tuple[str, str]] = {
    "claims": ("policyts.cli.indicators", "list the quantitative claims of the sources"),
    "audit": ("policyts.cli.indicators", "check the claims against each other"),
    "breaks": (
        "policyts.cli.breaks",
        "Bai-Perron multiple breaks and the sup-F test for a column of a CSV file",
    ),
    "chow": ("policyts.cli.breaks", "Chow F test at a known date"),
    "cusum": ("policyts.cli.breaks", "OLS-CUSUM fluctuation test"),
    "trend-break": (
        "policyts.cli.breaks",
        "test for a break in the trend valid with stationary or unit-root noise",
    ),
    "effect": (
        "policyts.cli.effect",
        "effect of a dated event on a column of a CSV file (interrupted time series, count, "
        "structural, synthetic-control and intervention-ARIMA models)",
    ),
    "panel-breaks": (
        "policyts.cli.panel",
        "a structural break common to all units of a long-format panel CSV",
    ),
    "panel-effect": (
        "policyts.cli.panel",
        "the common shift of all units of a long-format panel CSV at a national event",
    ),
    "events": ("policyts.cli.events", "list the dated policy events"),
    "report": ("policyts.cli.report", "run the analyses on the bundled data and write a report"),
}

if TYPE_CHECKING:
    _SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    _SubParsers = argparse._SubParsersAction


class _LazySubcommands(_SubParsers):
    """Subcommands listed by name and help, their arguments defined on first use.

    ``add_lazy`` lists a command with a placeholder parser; when the command is parsed
    (``policyts breaks ...`` or ``policyts breaks --help``) its module is imported and its
    ``register`` replaces the placeholder through ``add_parser``, keeping the command's
    place in the listing.  Each command's arguments are thus defined once, in its module.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pending: dict[str, str] = {}  # command -> module not imported yet

    def add_lazy(self, name: str, module: str, help: str) -> None:
        self._choices_actions.append(self._ChoicesPseudoAction(name, (), help))
        self._name_parser_map[name] = argparse.ArgumentParser(prog=f"{self._prog_prefix} {name}")
        self._pending[name] = module

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        if name not in self._pending:
            return super().add_parser(name, **kwargs)
        del self._pending[name]
        order = list(self._name_parser_map)
        del self._name_parser_map[name]
        kwargs.pop("help", None)  # listed already by add_lazy
        parser = super().add_parser(name, **kwargs)
        # ``choices`` is this same dict: reorder it in place to keep the listing's order
        entries = dict(self._name_parser_map)
        self._name_parser_map.clear()
        self._name_parser_map.update({k: entries.pop(k) for k in order})
        self._name_parser_map.update(entries)
        return parser

    def load(self, name: str) -> None:
        """Define the arguments of command ``name`` (import the module that registers it)."""
        module = self._pending.get(name)
        if module is None:
            return
        import_module(module).register(self)
        if name in self._pending:
            raise RuntimeError(f"{module}.register did not add the command {name!r}")

    def load_all(self) -> None:
        """Define every command (import every module not imported yet)."""
        for module in dict.fromkeys(self._pending.values()):
            if module in self._pending.values():
                import_module(module).register(self)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        self.load(values[0])
        super().__call__(parser, namespace, values, option_string)


class _Parser(argparse.ArgumentParser):
    """The top-level parser: a command not in the listing (a module that registers more
    than _COMMANDS says) is looked for in every module before it is called invalid."""

    subcommands: _LazySubcommands

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        argv = list(sys.argv[1:] if args is None else args)
        # The top-level parser has no option taking a value: the first word is the command.
        command = next((a for a in argv if not a.startswith("-")), None)
        if command is not None and command not in self.subcommands.choices:
            self.subcommands.load_all()
        return super().parse_known_args(argv, namespace)


def build_parser() -> argparse.ArgumentParser:
    """The ``policyts`` parser; a command's module is imported when the command is parsed."""
    parser = _Parser(
        prog="policyts",
        description="Policy-indicator time series: claims, datasets and structural-break tests.",
    )
    sub = parser.add_subparsers(
        dest="command",
        required=True,
        metavar="COMMAND",
        action=_LazySubcommands,
        parser_class=argparse.ArgumentParser,  # the commands' own parsers are plain ones
    )
    assert isinstance(sub, _LazySubcommands)
    parser.subcommands = sub
    for module in _REGISTRARS:
        listed = {c: h for c, (m, h) in _COMMANDS.items() if m == module}
        if not listed:
            import_module(module).register(sub)
        for command, help in listed.items():
            sub.add_lazy(command, module, help)
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
