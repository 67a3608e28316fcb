# Casemap: `make run` serves the app; `make test` runs everything CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CASEMAP_HOST ?= 127.0.0.1
CASEMAP_PORT ?= 8000
export PYTHONPATH := $(CURDIR)

.PHONY: install run test lint format eval model bench bench-quick browser oidc-provider clean

install: $(STAMP)

$(STAMP): requirements-dev.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Casemap needs Python 3.11 or newer.")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements-dev.lock
	touch $(STAMP)

# Debian's chromium for the browser tests (Playwright's own download cannot be used here), and
# Pango/HarfBuzz and the Liberation (Arial-metric) and DejaVu fonts for the PDF export.
SYSTEM_PACKAGES := chromium fonts-liberation fonts-dejavu-core fonts-noto-color-emoji libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
# Without Liberation Sans the PDF falls back to DejaVu Sans: it works, only slower (bench/pdf.py).
LIBERATION := /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf
# Without Noto Color Emoji, emoji in notes print as empty boxes in the PDF.
EMOJI := /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf
browser: install
	@if [ -x /usr/bin/chromium ] && $(BIN)/python -c 'import weasyprint' >/dev/null 2>&1 && [ -f $(LIBERATION) ] && [ -f $(EMOJI) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium and the PDF libraries and fonts for the tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	elif [ -x /usr/bin/chromium ] && $(BIN)/python -c 'import weasyprint' >/dev/null 2>&1; then \
		echo "Note: fonts-liberation or fonts-noto-color-emoji is missing; PDFs use DejaVu Sans (slower) or show emoji as boxes."; \
	else \
		echo "The tests need Chromium at /usr/bin/chromium and Pango for the PDF export: run"; \
		echo "'sudo apt-get install $(SYSTEM_PACKAGES)' and try again."; exit 1; \
	fi

# The real OpenID provider the sign-in tests start (tests/oidc): installed from its lockfile,
# again only when the lockfile changes.
OIDC_DIR := tests/oidc
OIDC_STAMP := $(OIDC_DIR)/node_modules/.installed
oidc-provider: $(OIDC_STAMP)

$(OIDC_STAMP): $(OIDC_DIR)/package-lock.json $(OIDC_DIR)/package.json
	@command -v npm >/dev/null || { echo "The sign-in tests need Node.js 20 or newer with npm ('apt-get install nodejs npm')."; exit 1; }
	cd $(OIDC_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $(OIDC_STAMP)

run: install
	$(BIN)/python -m app.migrate
	$(BIN)/python -m uvicorn app.main:app --host $(CASEMAP_HOST) --port $(CASEMAP_PORT) --no-access-log --ws-per-message-deflate=false

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy app
	$(BIN)/hadolint Dockerfile

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install browser oidc-provider lint
	CASEMAP_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -q

# Precision and recall of the wording checks per set and per category (blind sets first), then
# the gap checks on labelled boards.
eval: install
	$(BIN)/python scripts/eval_language.py
	$(BIN)/python scripts/eval_gaps.py

# Retrain the learned layer of the wording checks from data/wording/ (same bytes every time).
model: install
	$(BIN)/python scripts/train_wording.py

bench: install
	$(BIN)/python -m bench

bench-quick: install
	$(BIN)/python -m bench --quick

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache tests/e2e/artifacts bench/results $(OIDC_DIR)/node_modules
