# The one entry point for people and CI alike. `make help` lists the targets.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Re-installs whenever a requirement file changes.
STAMP := $(VENV)/.installed
# The audit's npm tools (axe-core, vnu-jar, lighthouse), exact versions from audit/package-lock.json.
AUDIT_TOOLS := audit/node_modules/.installed
export PYTHONPATH := $(CURDIR)/hooks
# Compiled bytecode goes to .cache/pycache, not next to the sources: `make check` does not
# compile the engine again at every run, and the tree stays clean.
export PYTHONPYCACHEPREFIX := $(CURDIR)/.cache/pycache
# Some machines set this for every program: then nothing would be kept in .cache/pycache.
unexport PYTHONDONTWRITEBYTECODE
# Reproducible builds: the build date is the last commit's, unless the caller sets one.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
export SOURCE_DATE_EPOCH
# We know Material reaches end of life on 2027-05-05 (see README); the banner would hide real output.
export NO_MKDOCS_2_WARNING := 1

.PHONY: help serve build check render test lint

help: ## Mostra questo elenco
	@echo "Comandi disponibili:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 18

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

serve: $(STAMP) ## Prepara tutto e mostra la guida su http://127.0.0.1:8000/
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP) ## Genera il sito in site/ in modalità rigorosa (un errore non lascia nessun site/)
	@# The old site goes first and the new one is built aside, then moved into place only on
	@# success: after any failure there is no site/ that could be deployed by mistake.
	@rm -rf site site.tmp
	@$(BIN)/python -m factsheet check
	$(BIN)/mkdocs build --strict --site-dir site.tmp || { rm -rf site.tmp; exit 1; }
	@mv site.tmp site
	@echo "Sito generato in site/."

check: $(STAMP) ## Controlla i dati in data/ e indica file e riga di ogni errore (OPZIONI=--senza-cache rilegge tutti i file)
	@$(BIN)/python -m factsheet check $(OPZIONI)

render: $(STAMP) ## Scrive in rendered/ le pagine generate come Markdown, con i dati aperti e il feed, senza MkDocs
	@$(BIN)/python -m factsheet render rendered

lint: $(STAMP) ## Controlla lo stile e i tipi del codice (ruff, mypy)
	$(BIN)/ruff check hooks tests audit
	$(BIN)/ruff format --check hooks tests audit
	$(BIN)/mypy

test: $(STAMP) $(AUDIT_TOOLS) lint ## Prepara tutto ed esegue tutti i test
	$(BIN)/python -m pytest

# Editors' and CI's extras (issue 6).
.PHONY: nuova-scheda anteprima link-fonti

nuova-scheda: $(STAMP) ## Crea una scheda da compilare: TIPO=evento, fonte, domanda… (ID=… facoltativo)
	@test -n "$(TIPO)" || { echo "Indica il tipo di scheda, per esempio: make nuova-scheda TIPO=evento"; exit 1; }
	@$(BIN)/python -m factsheet.scaffold "$(TIPO)" $(if $(ID),--id "$(ID)")

anteprima: check ## Genera in anteprima/ una copia del sito da aprire con un doppio clic su index.html, senza server
	@rm -rf anteprima
	$(BIN)/mkdocs build --strict --no-directory-urls --site-dir anteprima
	@echo "Anteprima generata: apri anteprima/index.html nel browser."

link-fonti: $(STAMP) ## Controlla che gli indirizzi delle fonti funzionino ancora (serve Internet)
	$(BIN)/python .github/scripts/check_links.py $(OPZIONI)

# The generator's cost as the data grows: a benchmark, not a test, and it takes a while.
.PHONY: bench

bench: $(STAMP) ## Misura quanto costa generare la guida con 100, 1.000 e 10.000 eventi di prova e scrive docs/prestazioni.md (OPZIONI=--taglie 100,1000 …)
	$(BIN)/python -m bench.run $(OPZIONI)

# Budgets: every page accessible, valid HTML, fast on a phone, nothing from other hosts (see audit/run.py).
.PHONY: audit

# npm ci installs exactly the locked versions; no install scripts, and no browser download:
# axe-core runs in Playwright and Lighthouse in the system Chromium (/usr/bin/chromium).
$(AUDIT_TOOLS): audit/package.json audit/package-lock.json
	@command -v npm >/dev/null || { echo "Serve Node.js 20 con npm per gli strumenti di verifica (audit/package.json)."; exit 1; }
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix audit --ignore-scripts --no-audit --no-fund
	@touch $@

# `make audit` builds the site, checks every page and writes the latest table to docs/verifiche.md (OPZIONI=--runs 9 …).
audit: $(STAMP) $(AUDIT_TOOLS) ## Verifica accessibilità, HTML valido e velocità su telefono di ogni pagina e aggiorna docs/verifiche.md
	$(BIN)/python audit/run.py $(OPZIONI)
