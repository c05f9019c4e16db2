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
# Two stages: the first from MiniLM (22,000 questions), the second from the first's weights on the
# next 24,000 questions of the same seeded shuffle, at half the learning rate.
reader-train:
	$(PY) -m qa.reader.train --out reader-train/stage1
	$(PY) -m qa.reader.train --out reader-train/stage2 --init reader-train/stage1/reader.pt \
		--skip 22000 --positives 24000 --learning-rate 5e-5

reader-export:
	$(PY) -m qa.reader.export reader-train/stage2/reader.pt --out reader-export --install

reader-calibrate:
	$(PY) -m qa.reader.calibrate

reader-eval:
	$(PY) -m qa.reader.evaluate --part dev-v1.1 && $(PY) -m qa.reader.evaluate --part v2-test
