# The one entry point for people and CI alike. `make help` lists the targets.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Re-installs whenever a requirement file changes.
STAMP := $(VENV)/.installed
export PYTHONPATH := $(CURDIR)/hooks
export PYTHONDONTWRITEBYTECODE := 1
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

build: check ## Genera il sito in site/ in modalità rigorosa (un errore non lascia nessun site/)
	@rm -rf site site.tmp
	@# Build aside and move into place only on success: a failed build leaves nothing to deploy.
	$(BIN)/mkdocs build --strict --site-dir site.tmp || { rm -rf site.tmp; exit 1; }
	@mv site.tmp site
	@echo "Sito generato in site/."

check: $(STAMP) ## Controlla i dati in data/ e indica file e riga di ogni errore
	@$(BIN)/python -m factsheet check

render: $(STAMP) ## Scrive le pagine generate come Markdown in rendered/, senza MkDocs
	@$(BIN)/python -m factsheet render rendered

lint: $(STAMP) ## Controlla lo stile e i tipi del codice (ruff, mypy)
	$(BIN)/ruff check hooks tests
	$(BIN)/ruff format --check hooks tests
	$(BIN)/mypy

test: $(STAMP) lint ## Prepara tutto ed esegue tutti i test
	$(BIN)/python -m pytest
