# GTA report builder. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The edition `make report` builds: 2025, the sample draft (the CLI's own default is the latest locked edition).
EDITION ?= 2025

.DEFAULT_GOAL := help
.PHONY: help setup browser office fonts report editions translations messages validate test lint format bench golden claims-report clean distclean

help: ## List every target with one line each
	@grep -E '^[a-z][a-zA-Z_-]*:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@# HarfBuzz-Subset makes WeasyPrint's font subsetting ~5x faster; optional, installed when we can.
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && ! ldconfig -p | grep -q libharfbuzz-subset; then \
	  (apt-get install -y -qq libharfbuzz-subset0 || (apt-get update -qq && apt-get install -y -qq libharfbuzz-subset0)) >/dev/null 2>&1 \
	  || echo "note: libharfbuzz-subset0 not installed; PDFs will build more slowly"; fi
	@$(MAKE) --no-print-directory fonts
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

BROWSER_STAMP := node_modules/.installed
$(BROWSER_STAMP): package.json
	@# Headless Chromium and axe-core, for the accessibility and screenshot tests.
	@if ! command -v chromium >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get install -y -qq chromium || (apt-get update -qq && apt-get install -y -qq chromium)) >/dev/null 2>&1 \
	  || echo "note: chromium could not be installed; browser tests will be skipped"; fi
	@if command -v npm >/dev/null; then (npm install --silent --no-audit --no-fund && touch $(BROWSER_STAMP)) \
	  || echo "note: npm install failed; axe-core accessibility tests will be skipped"; \
	  else echo "note: npm not found; axe-core accessibility tests will be skipped"; fi

browser: $(BROWSER_STAMP) ## Install headless Chromium and axe-core for the browser tests

OFFICE_STAMP := $(VENV)/.office
OFFICE_PACKAGES := libreoffice-impress libreoffice-calc
$(OFFICE_STAMP):
	@# LibreOffice Impress and Calc: the tests convert the deck and the workbooks as policy staff open them.
	@if ! command -v soffice >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get install -y -qq $(OFFICE_PACKAGES) || (apt-get update -qq && apt-get install -y -qq $(OFFICE_PACKAGES))) >/dev/null 2>&1 \
	  || echo "note: LibreOffice could not be installed; the deck and workbook conversion tests will be skipped"; fi
	@if command -v soffice >/dev/null; then mkdir -p $(VENV) && touch $(OFFICE_STAMP); \
	  else echo "note: install $(OFFICE_PACKAGES) (Debian) to run the deck and workbook conversion tests"; fi

office: $(OFFICE_STAMP) ## Install LibreOffice (Impress, Calc) for the deck and workbook conversion tests

# Arabic (Noto Naskh/Sans Arabic) and Chinese (Noto Serif/Sans CJK SC) fonts for the translated editions.
FONT_PACKAGES := fonts-noto-core fonts-noto-cjk
fonts: ## Install the Noto fonts the Arabic and Chinese editions need (Debian packages, when root)
	@if ! fc-list : family 2>/dev/null | grep -q "Noto Naskh Arabic" || ! fc-list : family 2>/dev/null | grep -q "Noto Sans CJK SC"; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get install -y -qq $(FONT_PACKAGES) || (apt-get update -qq && apt-get install -y -qq $(FONT_PACKAGES))) >/dev/null 2>&1 \
	    || echo "note: $(FONT_PACKAGES) not installed; the Arabic and Chinese editions will not build"; \
	  else echo "note: install $(FONT_PACKAGES) (Debian) for the Arabic and Chinese editions"; fi; fi

setup: $(STAMP) ## Create .venv and install the project with its test tools

report: $(STAMP) ## Build edition EDITION (default 2025, the sample draft) as HTML and PDF into build/<EDITION>/
	$(BIN)/gta build --edition $(EDITION)

editions: $(STAMP) ## Build every shipped edition side by side
	@for y in $$(ls sources/editions); do $(BIN)/gta build --edition $$y || exit 1; done

translations: $(STAMP) fonts ## Build edition EDITION (default 2025) in every language into build/<EDITION>/ and build/<EDITION>/<lang>/
	$(BIN)/gta build --edition $(EDITION) --lang all
	$(BIN)/gta translations --edition $(EDITION)

messages: $(STAMP) ## Extract the report's strings into locales/gta.pot and merge them into every .po file
	$(BIN)/gta translations --update --edition $(EDITION)

validate: $(STAMP) ## Check every source file; print problems as file:line
	$(BIN)/gta validate

lint: $(STAMP) ## Run ruff on the code and tests
	$(BIN)/ruff check gta tests

format: $(STAMP) ## Format the code with ruff
	$(BIN)/ruff format gta tests

test: $(STAMP) $(BROWSER_STAMP) $(OFFICE_STAMP) ## Lint, run the whole test suite, and build every shipped edition
	$(BIN)/ruff check gta tests
	$(BIN)/python -m pytest
	@for y in $$(ls sources/editions); do $(BIN)/gta --quiet build --edition $$y --format html,pdf || exit 1; done

bench: $(STAMP) ## Benchmark cold, no-op and incremental builds against the floor; writes docs/benchmarks.md
	$(BIN)/python -m tests.bench

golden: $(STAMP) ## Regenerate the golden outputs of the fixture project
	$(BIN)/python -m pytest tests/test_golden.py --update-golden

claims-report: $(STAMP) ## Grade gta check on its sentence corpus; rewrites the table in docs/claims.md
	$(BIN)/python -m tests.claims_report

clean: ## Remove build outputs
	rm -rf build

distclean: clean ## Remove build outputs and the virtual environment
	rm -rf $(VENV)
