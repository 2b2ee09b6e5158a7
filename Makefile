# Two commands on a fresh clone (see README): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: setup run test test-slow lint browser ocr stop clean

# Development targets run with debug on (settings default to off: production).
setup run lint test test-slow bench-quick bench: export DJANGO_DEBUG ?= 1

# The virtualenv is rebuilt only when the requirements change.
$(INSTALLED): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(INSTALLED)

setup: $(INSTALLED) ocr
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_letters fixtures/letters

# Where `make run` serves (`make run RUN_ADDRESS=127.0.0.1:8001` beside another server).
RUN_ADDRESS ?= 127.0.0.1:8000

# The site and the job worker (uploads, large exports, dumps: DESIGN.md §12) together;
# stopping one (Ctrl-C, a signal) stops the other.
run: setup
	$(BIN)/python manage.py procrastinate worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(RUN_ADDRESS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# Browser tests need Debian's chromium; scripts/ensure-chromium installs it when it can.
browser:
	scripts/ensure-chromium

# Scanned PDFs are read by Tesseract; scripts/ensure-ocr installs it when it can.
ocr:
	scripts/ensure-ocr

# pytest on PYTEST_WORKERS processes (pytest-xdist), each with a test database of its own;
# a test file runs whole on one worker, so a module's costly fixture (a drill server, OCR'd
# scans) is built once. The slowest drills (marked slow) are left to test-slow, which CI
# runs too.
PYTEST_WORKERS ?= 2
PYTEST_PARALLEL = -n $(PYTEST_WORKERS) --dist loadfile

test: $(INSTALLED) lint browser ocr
	$(BIN)/pytest $(PYTEST_PARALLEL) -m "not slow" --durations=10

test-slow: $(INSTALLED) browser ocr
	$(BIN)/pytest $(PYTEST_PARALLEL) -m slow

stop: $(INSTALLED)
	$(BIN)/python -c "from archive.database import stop_embedded; stop_embedded()"

clean: stop
	rm -rf var

# Benchmarks (bench/README.md): synthetic corpora in their own databases, never the
# archive's. bench-quick: 10,000 letters, loaded once (about a minute) and reused.
BENCH_INSTALLED := $(VENV)/.bench-installed
$(BENCH_INSTALLED): requirements-bench.txt $(INSTALLED)
	$(BIN)/pip install --quiet -r requirements-bench.txt
	touch $(BENCH_INSTALLED)

.PHONY: bench-quick bench
bench-quick: $(BENCH_INSTALLED)
	$(BIN)/python bench/run.py --letters 10000 --database bench10k --reps 20 --load-seconds 5 \
		--peers fts5,tantivy,django

# The full run: 100,000 letters (about 10 minutes to load) and 1,000,000 (the
# generator's own parse, bulk-loaded with COPY; about 48 minutes), with every peer at 100k.
bench: $(BENCH_INSTALLED)
	$(BIN)/python bench/run.py --letters 100000 --database bench100k --reps 30
	$(BIN)/python bench/run.py --letters 1000000 --database bench1m --direct --reps 30 --peers fts5,tantivy
