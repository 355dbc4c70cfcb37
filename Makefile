# Servicecenter-Assistent: `make run` starts it, `make test` checks it.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export RASA_TELEMETRY_ENABLED := false
export OMP_NUM_THREADS := 1
export PYTHONDONTWRITEBYTECODE := 1

# The first Python 3.10 that really runs (a pyenv shim may exist without a 3.10 selected).
PYTHON310 := $(shell for p in python3.10 $(HOME)/.pyenv/versions/3.10.*/bin/python3.10; do \
  $$p -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null && { command -v $$p; break; }; done)

.PHONY: install system-packages run run-scaled test lint typecheck unit heldout e2e voice-test faults kb-build kb-report train bench clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@if [ -z "$(PYTHON310)" ]; then \
	  echo "Python 3.10 fehlt: Rasa 3.6 läuft nur mit Python 3.10."; \
	  echo "Installieren Sie es z. B. mit 'pyenv install 3.10.13' oder Ihrem Paketmanager und rufen Sie 'make install' erneut auf."; \
	  exit 1; fi
	$(PYTHON310) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==24.2
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/servicecenter voice model
	touch $@

# Debian packages for the browser and phone tests (CI installs them; `make run` does not need them) and nginx for
# the scaled configuration (`make run-scaled` and its fault tests).
DEBIAN_PACKAGES := chromium baresip sip-tester espeak-ng sox nginx
system-packages:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  echo "Installiere Debian-Pakete:$$missing"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "Debian-Pakete vorhanden: $(DEBIAN_PACKAGES)"; fi

# The index build embeds ~3000 passages: both cores help there (serving stays on one).
kb-build: install
	OMP_NUM_THREADS=2 $(BIN)/servicecenter kb build

kb-report: install
	$(BIN)/servicecenter kb report

run: kb-build
	$(BIN)/servicecenter run

# Two Rasa replicas and two action servers behind nginx, on the local PostgreSQL and Redis (README: scaled).
REPLICAS ?= 2
run-scaled: kb-build
	$(BIN)/servicecenter run --replicas $(REPLICAS)

# Training embeds the NLU examples (those the index build embedded come from var/cache) and fits DIET:
# both cores help there too.
train: install
	OMP_NUM_THREADS=2 $(BIN)/servicecenter train

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy settings servicecenter bot knowledge actions channels

# The held-out conversation sets run whole in `make heldout` (their dangers mid-conversation stay in `unit`).
unit: kb-build train
	$(BIN)/pytest -q --durations=25 -m "not heldout"

heldout: kb-build train
	$(BIN)/pytest -q -m heldout

# Web chat and agent console in a real browser (Debian chromium + Playwright); also part of `unit`.
e2e: kb-build train
	$(BIN)/pytest -q -m e2e

# Phone calls over real SIP on loopback (Debian baresip, sip-tester, espeak-ng, sox); also part of `unit`.
voice-test: kb-build train
	$(BIN)/servicecenter voice model
	$(BIN)/pytest -q -m voice

# Fault tests (a server killed and restarted, the console restarted); also part of `unit`.
faults: kb-build train
	$(BIN)/pytest -q -m faults

test: lint typecheck unit

bench: kb-build
	$(BIN)/servicecenter bench retrieval

clean:
	rm -rf var .mypy_cache .ruff_cache .pytest_cache
