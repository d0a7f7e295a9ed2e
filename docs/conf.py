"""Sphinx configuration for the policyts documentation (``make docs``).

Two kinds of pages are generated at build time, never committed (see ``.gitignore``):

* ``api/<module>.rst``: one page per public module listing every name in its ``__all__``
  (so a new public function appears without editing the docs);
* ``notebooks/``: the executed example notebooks that ``make notebooks`` wrote to
  ``build/notebooks/`` (rendered with their outputs; Sphinx does not run them again).
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NOTEBOOKS_BUILT = Path(os.environ.get("POLICYTS_NOTEBOOKS", ROOT / "build" / "notebooks"))
sys.path.insert(0, str(ROOT / "src"))

project = "policyts"
author = "policyts contributors"
copyright = "policyts contributors, BSD-3-Clause"  # noqa: A001
release = "0.1.0"

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_nb",
]

# The public modules whose ``__all__`` makes the API reference, in reading order.
API_MODULES = (
    "policyts",
    "policyts.datasets",
    "policyts.indicators",
    "policyts.events",
    "policyts.models",
    "policyts.models.effects",
    "policyts.models.panel",
    "policyts.accessor",
    "policyts.plotting",
    "policyts.report",
    "policyts.exercises",
)

exclude_patterns = [
    "_build",
    "README.md",
    "**.ipynb_checkpoints",
    "make_readme_figure.py",
    "run_notebooks.py",
]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"

# Notebooks are executed by ``make notebooks`` (nbclient, a real kernel); here they are
# only rendered, outputs and all.
nb_execution_mode = "off"
nb_execution_raise_on_error = True
myst_enable_extensions = ["colon_fence", "dollarmath"]
myst_heading_anchors = 3

autosummary_generate = True
autosummary_imported_members = True
autodoc_default_options = {"members": True, "inherited-members": False}
autodoc_typehints = "none"  # numpydoc's Parameters sections carry the types
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
# Docstrings are rendered as written; numpydoc's style validation is not part of the build.
numpydoc_validation_checks: set[str] = set()

intersphinx_mapping = {
    "python": ("https://docs.python.org/3", None),
    "numpy": ("https://numpy.org/doc/stable/", None),
    "xarray": ("https://docs.xarray.dev/en/stable/", None),
    "pandas": ("https://pandas.pydata.org/docs/", None),
}
# The build must not need the network: intersphinx inventories are used only when asked.
if not os.environ.get("POLICYTS_DOCS_INTERSPHINX"):
    intersphinx_mapping = {}

html_theme = "pydata_sphinx_theme"
html_title = "policyts"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "footer_start": ["copyright"],
    "footer_end": [],
}
html_static_path: list[str] = []
html_show_sourcelink = False

# Docstring problems that are the docstrings' own (see docs/README.md) are not hidden here:
# the build runs with -W, so each must be fixed in its docstring or listed below with why.
suppress_warnings: list[str] = []


def _api_page(module_name: str, seen: dict[int, str]) -> str:
    """The reST of one module's page; ``seen`` maps objects documented on an earlier page
    to their name there (a class exported by two modules is described once)."""
    module = importlib.import_module(module_name)
    names = sorted(
        (n for n in getattr(module, "__all__", []) if not n.startswith("__")), key=str.lower
    )
    title = f"``{module_name}``"
    lines = [title, "=" * len(title), "", f".. automodule:: {module_name}", "   :no-members:", ""]
    documented, elsewhere = [], []
    for name in names:
        obj = getattr(module, name)
        shareable = isinstance(obj, type) or callable(obj)
        if shareable and id(obj) in seen:
            elsewhere.append((name, seen[id(obj)]))
            continue
        if shareable:
            seen[id(obj)] = f"{module_name}.{name}"
        documented.append(name)
    if documented:
        lines += [
            f".. currentmodule:: {module_name}",
            "",
            ".. autosummary::",
            "   :toctree: generated",
            "",
        ]
        lines += [f"   {name}" for name in documented]
        lines.append("")
    if elsewhere:
        lines += ["Also exported here, described on another page:", ""]
        lines += [f"* ``{name}``: :obj:`{target}`" for name, target in elsewhere]
        lines.append("")
    return "\n".join(lines)


def write_api_pages(outdir: Path = HERE / "api") -> list[Path]:
    """Write ``api/<module>.rst`` for every module of :data:`API_MODULES` (and clear the
    pages autosummary generated from them in an earlier build)."""
    outdir.mkdir(exist_ok=True)
    shutil.rmtree(outdir / "generated", ignore_errors=True)
    seen: dict[int, str] = {}
    written = []
    for name in API_MODULES:
        path = outdir / f"{name}.rst"
        text = _api_page(name, seen)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


_BORDER = re.compile(r"^\s*=+(\s+=+)+\s*$")

#: Docstrings whose simple tables were shown as literal text (see :func:`tolerate_tables`).
LITERAL_TABLES: list[str] = []


def _overflowing(region: list[str]) -> bool:
    """True when a row of the simple table ``region`` writes into the gap between columns
    (docutils then reports "Malformed table")."""
    border = region[0]
    spans = [m.span() for m in re.finditer(r"=+", border)]
    gaps = [(spans[i][1], spans[i + 1][0]) for i in range(len(spans) - 1)]
    for row in region[1:]:
        if _BORDER.match(row) or not row.strip():
            continue
        for start, end in gaps:
            if row[start:end].strip():
                return True
    return False


def tolerate_tables(
    app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Show a docstring's simple table as literal text when its rows overflow the columns.

    The docstrings are rendered as written, but a table that docutils cannot parse would
    stop the ``-W`` build; shown as a literal block it reads exactly as in ``help()``. Each
    such docstring is listed in :data:`LITERAL_TABLES` and reported at the end of the build.
    """
    i = 0
    while i < len(lines):
        if not _BORDER.match(lines[i]):
            i += 1
            continue
        j = i + 1
        last = i
        while j < len(lines) and lines[j].strip():
            if _BORDER.match(lines[j]):
                last = j
            j += 1
        region = lines[i : last + 1]
        if last > i and _overflowing(region):
            indent = len(lines[i]) - len(lines[i].lstrip())
            block = [" " * indent + "::", ""] + ["    " + line for line in region] + [""]
            lines[i : last + 1] = block
            LITERAL_TABLES.append(name)
            last = i + len(block) - 1
        i = last + 1


def _report_literal_tables(app: Any, exception: Exception | None) -> None:
    if LITERAL_TABLES:
        print("docstrings with a table shown as literal text (rows overflow the columns):")
        for name in sorted(set(LITERAL_TABLES)):
            print(f"  {name}")


def copy_notebooks(src: Path = NOTEBOOKS_BUILT, dst: Path = HERE / "notebooks") -> list[Path]:
    """Copy the executed notebooks into the source tree; fail when there are none."""
    found = sorted(src.rglob("*.ipynb")) if src.is_dir() else []
    if not found:
        raise RuntimeError(
            f"no executed notebooks in {src}: run `make notebooks` first (`make docs` does)"
        )
    if dst.exists():
        shutil.rmtree(dst)
    copied = []
    for path in found:
        target = dst / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        copied.append(target)
    return copied


def setup(app: Any) -> None:
    write_api_pages()
    copy_notebooks()
    app.connect("autodoc-process-docstring", tolerate_tables, priority=900)
    app.connect("build-finished", _report_literal_tables)
