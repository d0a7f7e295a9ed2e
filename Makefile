# Two commands from nothing but Python 3.11+ and make:
#   make report   -- create .venv if missing, install policyts, run the main job on the bundled data
#   make test     -- create .venv if missing, install with test extras, lint, type-check, run the suite
# Re-running reuses .venv: installs are redone only when pyproject.toml changes.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
OUT    ?= report

.PHONY: report test lint typecheck pytest clean benchmark readme-figure notebooks docs

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(VENV)/.installed $@

$(VENV)/.installed-docs: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e ".[test,docs]"
	touch $(VENV)/.installed $(VENV)/.installed-test $@

report: $(VENV)/.installed
	$(PY) -m policyts report --out $(OUT)

lint: $(VENV)/.installed-test
	$(PY) -m ruff check src tests benchmarks examples
	$(PY) -m ruff format --check src tests benchmarks examples

typecheck: $(VENV)/.installed-test
	$(PY) -m mypy

pytest: $(VENV)/.installed-test
	$(PY) -m pytest -q

test: lint typecheck pytest

$(VENV)/.installed-bench: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e ".[test,bench]"
	touch $(VENV)/.installed $(VENV)/.installed-test $@

# One table of the project's speed: benchmarks/results.md and the README's speed table.
benchmark: $(VENV)/.installed-bench
	$(PY) benchmarks/run_all.py

readme-figure: $(VENV)/.installed
	$(PY) docs/make_readme_figure.py

# The example notebooks (examples/*.py, jupytext percent format) executed through a
# Jupyter kernel and written with their outputs to build/notebooks/*.ipynb.
notebooks: $(VENV)/.installed-test
	$(PY) docs/run_notebooks.py --out build/notebooks

# The documentation site, warnings as errors: build/docs/html/index.html
docs: $(VENV)/.installed-docs notebooks
	$(PY) -m sphinx -W --keep-going -b html docs build/docs/html

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
