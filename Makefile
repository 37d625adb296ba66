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

# The demo runs on the local sandbox cloud: it shows the plan, asks you to confirm (type the bucket name:
# the plan locks WORM), applies it with progress, verifies, then audits. Run it again to see a re-run plan nothing.
demo: install
	$(BIN)/actiontrail-wizard apply --config examples/baseline.toml --sandbox
	$(BIN)/actiontrail-wizard audit --config examples/baseline.toml --sandbox

test: install
	$(BIN)/python -m pytest -n auto -q

bench: install
	@for script in bench/*.py; do [ -e "$$script" ] || continue; echo "== $$script"; $(BIN)/python "$$script"; done

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .hypothesis
