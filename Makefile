# The two commands of the quick start: `make demo` and `make test`.
# Both create .venv in the repository root with Python 3.12 and install the package with every
# extra; the stamp file re-installs when pyproject.toml changes.
VENV   := .venv
PY     := $(VENV)/bin/python
PYTHON ?= $(shell for candidate in $$HOME/.pyenv/versions/3.12*/bin/python3.12 python3.12; do \
	$$candidate -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null && { echo $$candidate; break; }; done)
DEMO_REPLICATIONS ?= 200

.PHONY: demo test app lint bench clean

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 not found: install it (pyenv install 3.12) or pass PYTHON=/path/to/python3.12"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[all]'
	$(PY) -m sim.dashboard.assets
	touch $@

demo: $(VENV)/.installed
	$(VENV)/bin/partnersim sweep experiments/levers.toml --replications $(DEMO_REPLICATIONS) \
		--out results/levers_demo --resume

test: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest

app: $(VENV)/.installed
	$(VENV)/bin/partnersim app

bench: $(VENV)/.installed
	$(PY) benchmarks/bench_run.py
	$(PY) benchmarks/bench_scale.py
	$(PY) benchmarks/bench_command.py
	$(PY) benchmarks/bench_sweep.py
	$(PY) benchmarks/bench_app.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
