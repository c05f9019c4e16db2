# Day-to-day commands; the README's two lines are the contract for a fresh machine.
PY ?= .venv/bin/python

.PHONY: install test fast lint bench eval serve reader-train reader-export reader-calibrate reader-eval

install:
	python3 -m venv .venv && .venv/bin/python scripts/install_llama_cpp.py && .venv/bin/pip install -e '.[test]'

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

# The reader model (qa/reader/weights/README.md): train in the background, export, calibrate, measure.
reader-train:
	$(PY) -m qa.reader.train --out reader-train

reader-export:
	$(PY) -m qa.reader.export reader-train/reader.pt --out reader-export --install

reader-calibrate:
	$(PY) -m qa.reader.calibrate

reader-eval:
	$(PY) -m qa.reader.evaluate --part dev-v1.1 && $(PY) -m qa.reader.evaluate --part v2-test
