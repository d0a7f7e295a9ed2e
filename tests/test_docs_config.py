"""The documentation configuration is valid, without building the site (``make docs`` does
that, outside ``make test``): every page a table of contents names exists or is a notebook
``make notebooks`` writes, every notebook is on a page, the API modules import, and the
docstring-table fallback of ``docs/conf.py`` does what it says."""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import re
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def conf() -> ModuleType:
    spec = importlib.util.spec_from_file_location("policyts_docs_conf", DOCS / "conf.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _toctree_entries(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    entries = []
    if path.suffix == ".md":
        blocks = re.findall(r"```\{toctree\}\n(.*?)```", text, flags=re.S)
    else:
        blocks = re.findall(r"\.\. toctree::\n((?:\n|   .*\n)*)", text)
    for block in blocks:
        for line in block.splitlines():
            line = line.strip()
            if line and not line.startswith(":"):
                entries.append(line)
    return entries


def _pages() -> list[Path]:
    return [
        p
        for p in sorted(DOCS.rglob("*"))
        if p.suffix in {".md", ".rst"}
        and p.name != "README.md"
        and p.relative_to(DOCS).parts[0] not in {"notebooks", "_build"}
        and "generated" not in p.parts
    ]


def test_every_toctree_entry_exists(conf: ModuleType) -> None:
    notebooks = {
        "notebooks/" + str(p.relative_to(ROOT / "examples").with_suffix(""))
        for p in (ROOT / "examples").rglob("*.py")
    }
    api = {f"api/{m}" for m in conf.API_MODULES}
    named = set()
    for page in _pages():
        for entry in _toctree_entries(page):
            target = (page.parent / entry).resolve().relative_to(DOCS.resolve())
            name = str(target)
            named.add(name)
            exists = any((DOCS / f"{name}{suffix}").exists() for suffix in (".md", ".rst"))
            assert exists or name in notebooks or name in api, f"{page.name}: {entry}"
    assert notebooks <= named, f"notebooks on no page: {sorted(notebooks - named)}"
    assert api <= named, f"API pages on no page: {sorted(api - named)}"
    assert {"getting_started", "conventions", "examples", "exercises", "api/index"} <= named
    guide = {f"guide/{t}" for t in ("claims", "datasets", "events", "breaks", "effects")}
    assert guide | {"guide/panels", "guide/report"} <= named


def test_api_modules_import_and_export_what_they_list(conf: ModuleType) -> None:
    for name in conf.API_MODULES:
        module = importlib.import_module(name)
        assert module.__doc__, name
        for attr in getattr(module, "__all__", []):
            assert hasattr(module, attr), f"{name}.__all__ names missing {attr!r}"


def test_extensions_come_from_the_docs_extra(conf: ModuleType) -> None:
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]["docs"]
    packages = {re.split(r"[<>=\[ ]", req)[0].lower() for req in extra}
    for ext in conf.extensions:
        dist = {"myst_nb": "myst-nb"}.get(ext, ext.split(".")[0]).lower()
        assert dist in packages, ext
    assert "pydata-sphinx-theme" in packages and conf.html_theme == "pydata_sphinx_theme"
    assert conf.nb_execution_mode == "off"  # executed by make notebooks, through a kernel


def test_api_pages_describe_each_object_once(conf: ModuleType, tmp_path: Path) -> None:
    pages = conf.write_api_pages(tmp_path)
    assert [p.stem for p in pages] == list(conf.API_MODULES)
    models = (tmp_path / "policyts.models.rst").read_text()
    effects = (tmp_path / "policyts.models.effects.rst").read_text()
    assert "   chow\n" in models and "   EffectResult\n" in models
    assert "   EffectResult\n" not in effects
    assert "* ``EffectResult``: :obj:`policyts.models.EffectResult`" in effects


def test_overflowing_docstring_tables_become_literal_text(conf: ModuleType) -> None:
    good = ["Intro.", "", "====  ====", "a     b", "====  ====", "x     y", "====  ====", ""]
    lines = list(good)
    conf.tolerate_tables(None, "class", "ok", None, None, lines)
    assert lines == good
    bad = ["====  ====", "a     b", "====  ====", "x is too wide", "====  ===="]
    lines = list(bad)
    conf.tolerate_tables(None, "class", "pkg.Bad", None, None, lines)
    assert lines[:2] == ["::", ""] and lines[2:7] == ["    " + line for line in bad]
    assert "pkg.Bad" in conf.LITERAL_TABLES


def test_copy_notebooks_needs_executed_notebooks(conf: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="run `make notebooks` first"):
        conf.copy_notebooks(tmp_path / "none", tmp_path / "out")
    (tmp_path / "built" / "exercises").mkdir(parents=True)
    (tmp_path / "built" / "exercises" / "a.ipynb").write_text("{}")
    copied = conf.copy_notebooks(tmp_path / "built", tmp_path / "out")
    assert copied == [tmp_path / "out" / "exercises" / "a.ipynb"]


# --------------------------------------------------------------------------- doctests
# The Examples sections of the docstrings are run here, one test per docstring, so that
# what the API reference shows is what the code does.

#: Docstrings whose example is known to be out of date (fix the docstring, then remove it).
OUTDATED_EXAMPLES: set[str] = set()


def _docstring_examples() -> list[doctest.DocTest]:
    import pkgutil

    import policyts

    finder = doctest.DocTestFinder()
    found: dict[str, doctest.DocTest] = {}
    for info in pkgutil.walk_packages(policyts.__path__, "policyts."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for test in finder.find(module, info.name):
            if test.examples:
                found.setdefault(test.name, test)
    return [found[name] for name in sorted(found)]


EXAMPLES = _docstring_examples()


def test_there_are_docstring_examples() -> None:
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize(
    "test",
    [
        pytest.param(
            t,
            id=t.name,
            marks=[pytest.mark.xfail(reason="outdated example")]
            if t.name in OUTDATED_EXAMPLES
            else [],
        )
        for t in EXAMPLES
    ],
)
def test_docstring_example(test: doctest.DocTest, monkeypatch: pytest.MonkeyPatch) -> None:
    import copy

    import matplotlib

    matplotlib.use("Agg")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    out: list[str] = []
    test = copy.copy(test)
    test.globs = dict(test.globs)
    result = runner.run(test, out=out.append)
    assert result.failed == 0, "".join(out)
