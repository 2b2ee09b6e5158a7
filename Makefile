# Two commands on a fresh clone (see README): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: setup run test lint browser stop clean

# The virtualenv is rebuilt only when the requirements change.
$(INSTALLED): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(INSTALLED)

setup: $(INSTALLED)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_letters fixtures/letters

run: setup
	$(BIN)/python manage.py runserver 127.0.0.1:8000

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# Browser tests need Debian's chromium; scripts/ensure-chromium installs it when it can.
browser:
	scripts/ensure-chromium

test: $(INSTALLED) lint browser
	$(BIN)/pytest

stop: $(INSTALLED)
	$(BIN)/python -c "from archive.database import stop_embedded; stop_embedded()"

clean: stop
	rm -rf var

# Benchmark on a 3,000-letter synthetic corpus in its own database "bench" (bench/README.md).
# The corpus is loaded once (about 2 minutes) and reused; the timings take about 30 seconds.
.PHONY: bench-quick
bench-quick: $(INSTALLED)
	$(BIN)/python bench/run.py --letters 3000 --reps 30
