# Two commands do everything on a fresh machine:
#   make demo   install, then try the wizard (no cloud account needed)
#   make test   install, then run the whole suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: install
	$(BIN)/actiontrail-wizard plan --config examples/baseline.toml --offline || test $$? -eq 2

test: install
	$(BIN)/python -m pytest -n auto -q

bench: install
	@for script in bench/*.py; do [ -e "$$script" ] || continue; echo "== $$script"; $(BIN)/python "$$script"; done

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .hypothesis
