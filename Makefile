# digitize: every install step lives here, so a fresh machine needs only `make demo` / `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd libtesseract-dev libleptonica-dev pkg-config \
                poppler-utils fonts-liberation2
TEST_APT_PACKAGES := chromium
SCANS ?= scans
OUT ?= output
JOBS ?= 0
BENCHES := speed profile accuracy outside real search  # bench/NAME.py, run as make bench-NAME

.PHONY: test-fast setup setup-test system-deps test-deps venv venv-test demo test $(addprefix bench-,$(BENCHES)) clean

# What running needs (a clerk's workstation: `make demo`); `make test` adds what the tests need.
setup: system-deps venv
setup-test: setup test-deps venv-test

# Debian packages: the engine with its Vietnamese and orientation models and its library headers
# (tesserocr is compiled against them, so the library is the very engine the command runs), poppler for PDFs,
# Liberation 2.x fonts for sample pages (1.x lacks Vietnamese letters). Installed only if missing.
define apt_install
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
endef

system-deps:
	$(call apt_install,$(APT_PACKAGES))

# chromium: the review page's browser tests (Playwright drives it; never `playwright install`).
test-deps:
	$(call apt_install,$(TEST_APT_PACKAGES))

$(BIN)/digitize: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --no-binary tesserocr -e .
	touch $@

venv: $(BIN)/digitize

# The test tools (pytest, hypothesis, pexpect, playwright) on top of the runtime.
$(VENV)/.dev-installed: $(BIN)/digitize
	$(BIN)/pip install -q --no-binary tesserocr -e '.[dev]'
	touch $@

venv-test: $(VENV)/.dev-installed

# Sample dossiers into scans/, the pipeline into output/digitize.db, the export into output/records.jsonl.
demo: setup
	@if [ -z "$$(ls -A $(SCANS) 2>/dev/null | grep -v '^.keep$$')" ]; then \
	  $(BIN)/digitize samples $(SCANS) --count 6 --seed 7 --truth $(OUT)/truth.jsonl; fi
	$(BIN)/digitize run $(SCANS) --db $(OUT)/digitize.db $(if $(filter-out 0,$(JOBS)),--jobs $(JOBS)) || [ $$? -eq 1 ]
	$(BIN)/digitize export --format jsonl --out $(OUT)/records.jsonl --db $(OUT)/digitize.db
	$(BIN)/digitize status --db $(OUT)/digitize.db

test: setup-test
	$(BIN)/python -m pytest -q

# The usage, configuration and store tests, in-process: seconds, no OCR.
test-fast: setup-test
	$(BIN)/python -m pytest -q -m "not e2e"

# The benches, each `bench/NAME.py` run as `make bench-NAME`; each prints its figures.
#   speed     pages/s beside the bare engine, a local Dask cluster, peak memory
#   profile   each stage's time per page and in total, one worker: where speed work starts
#   accuracy  our own generator's dossiers, scored by RECORDS.md
#   outside   the independent corpus and scorer from ../shared/corpus (several seeds), when present
#   real      the real images of ../shared/real, each beside plain `tesseract -l vie`, when present
#   search    search latency (p50/p95) on a store of 1,000,000 synthetic documents, and its size
#             on disk; the store is built once into bench/out/ (a few minutes) and reused
$(addprefix bench-,$(BENCHES)): bench-%: setup
	$(BIN)/python bench/$*.py

clean:
	rm -rf $(OUT) bench/out .pytest_cache
