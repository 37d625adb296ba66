# Two commands do everything on a fresh machine:
#   make demo   install, then try the wizard (no cloud account needed)
#   make test   install, then run the whole suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install browser demo demo-cli test bench screenshots clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The demo is the wizard on the local sandbox cloud (no account needed): welcome, audit, the seven steps,
# the plan, apply with live progress, the verified summary. Run it again to audit and fix what you changed.
demo: install
	$(BIN)/actiontrail-wizard --sandbox

# The same on the command line: the plan, a confirmation (type the bucket name: the plan locks WORM), apply, audit.
demo-cli: install
	$(BIN)/actiontrail-wizard apply --config examples/baseline.toml --sandbox
	$(BIN)/actiontrail-wizard audit --config examples/baseline.toml --sandbox

# The HTML audit report is rendered in Debian's chromium by a test: installed here when missing and we are
# root (CI is). Elsewhere the test fails with this advice, unless ACTIONTRAIL_ALLOW_NO_CHROMIUM=1 skips it.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium (headless HTML report test)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else \
	    echo "note: chromium is missing: install Debian's chromium (sudo apt-get install chromium), or set" \
	         "ACTIONTRAIL_ALLOW_NO_CHROMIUM=1 to skip the browser test on purpose" >&2; \
	  fi; }

test: install browser
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -n auto --dist loadgroup -q --durations=15

bench: install
	@for script in bench/*.py; do [ -e "$$script" ] || continue; echo "== $$script"; $(BIN)/python "$$script"; done

# Re-approve the snapshot SVGs after a deliberate screen change (look at them!), then copy the README's.
screenshots: install
	$(BIN)/python -m pytest -q tests/ui/test_snapshots.py --snapshot-update
	$(BIN)/python -m tests.support.screenshots

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .hypothesis
