# tidings: two commands from a fresh clone -- `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= tidings.duckdb
GOLD   ?= ../shared/gold

.PHONY: install demo test lint eval bench lock clean browser

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt package.json package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error; \
	else \
		echo "npm not found: the explorer page needs its JavaScript packages (install Node.js, then make install)"; \
	fi
	$(BIN)/python -c "import tidings.nlp as n; n.verify_model(); print('spaCy model verified:', n.MODEL_PACKAGE, n.MODEL_VERSION)"
	touch $@

demo: install
	$(BIN)/tidings ingest examples/ --db $(DB)
	$(BIN)/tidings summary --db $(DB)
	@echo
	@echo "Explore these events in your browser:  $(BIN)/tidings serve --db $(DB)   (then open http://127.0.0.1:8000)"

test: install lint
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests

eval: install
	$(BIN)/tidings eval events --gold $(GOLD)
	$(BIN)/tidings eval actors --gold $(GOLD)/plover-gsr/plover_gsr.jsonl
	$(BIN)/tidings eval timex --gold $(GOLD)/tempeval3
	$(BIN)/tidings eval geo --gold $(GOLD)/geoparsing
	$(BIN)/tidings eval quotes --gold $(GOLD)/polnear

bench: install
	$(BIN)/tidings bench

# Headless Chromium for the explorer's end-to-end test (Debian package; CI calls this).
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

lock: install
	$(BIN)/pip freeze --exclude-editable | sed '/^tidings/d' > constraints.txt.new
	mv constraints.txt.new constraints.txt

clean:
	rm -rf $(VENV) node_modules artifacts $(DB)
