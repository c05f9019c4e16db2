# Day-to-day commands; the README's two lines are the contract for a fresh machine.
PY ?= .venv/bin/python

.PHONY: install test fast lint bench eval serve

install:
	python3 -m venv .venv && .venv/bin/pip install -e '.[test]'

test:
	$(PY) -m pytest

fast:  ## everything but the slow and browser tests
	$(PY) -m pytest -m "not slow and not browser"

lint:
	$(PY) -m ruff check . && $(PY) -m ruff format --check .

bench:
	$(PY) bench/run.py

eval:
	$(PY) -m qa.eval tests/data/dev_questions.jsonl --corpus seeds --out eval-out --compare

serve:
	$(PY) app.py
