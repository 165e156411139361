# Two commands for a fresh machine: `make serve` and `make test`.
# Every target installs what it needs into .venv from requirements.txt.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.txt | cut -c1-12)

.PHONY: venv validate build serve test bench lint browser clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

venv: $(STAMP)

validate: venv
	$(PY) -m scripts.validate

build: venv
	$(PY) -m mkdocs build --strict

serve: venv
	$(PY) -m mkdocs serve --strict -a 127.0.0.1:8000

browser:
	bash scripts/ensure_browser.sh

test: venv browser
	$(PY) -m pytest

bench: venv browser
	$(PY) -m scripts.bench

lint: venv
	$(PY) -m ruff check .

clean:
	rm -rf site .pytest_cache
