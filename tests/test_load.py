"""Load: 8 users asking 25 questions each through the running app while articles are uploaded
and indexed. Zero errors, every answer cites exact slices of its article, p50/p95 reported."""

from __future__ import annotations

import json
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import BBC, SEEDS, each_part_cited, load_questions
from test_app import ROOT, ask, running_app

from index import read_article
from qa.results import ABSTAIN_TEXT

pytestmark = pytest.mark.slow

USERS, QUESTIONS_EACH = 8, 25
UPLOAD_BATCHES, PER_BATCH = 4, 5  # 20 BBC articles, indexed a batch at a time while users ask
ARTIFACTS = ROOT / "test-artifacts"


def bbc_articles(tmp_path) -> list:
    """20 BBC articles from different topics, copied under names that are unique in the store."""
    files = [f for topic in ("business", "politics", "sport", "tech") for f in sorted((BBC / topic).glob("*.txt"))[:5]]
    assert len(files) == UPLOAD_BATCHES * PER_BATCH, f"BBC corpus not found at {BBC}"
    copies = []
    for f in files:
        copy = tmp_path / f"bbc-{f.parent.name}-{f.name}"
        copy.write_bytes(f.read_bytes())
        copies.append(copy)
    return copies


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def test_eight_users_ask_while_articles_are_indexed(tmp_path):
    from gradio_client import Client, handle_file

    questions = [q["question"] for q in load_questions("dev_questions.jsonl")]  # answerable and not
    uploads = bbc_articles(tmp_path)
    store = tmp_path / "store"
    errors: list[str] = []
    latencies: list[float] = []
    answers: list[tuple[str, dict]] = []
    statuses: list[str] = []
    finished: list[bool] = []  # per answer: had the uploads all finished by then?
    lock = threading.Lock()
    uploads_done = threading.Event()

    with running_app(store) as url:  # a fresh store: the seeds are indexed on the first run

        def user(n: int) -> None:
            client = Client(url, verbose=False)
            for i in range(QUESTIONS_EACH):
                question = questions[(n * 7 + i) % len(questions)]
                t = time.perf_counter()
                try:
                    _, _, answer = ask(client, question)
                except Exception as exc:  # every failure is counted, none stops the others
                    with lock:
                        errors.append(f"user {n} question {i}: {type(exc).__name__}: {exc}")
                    continue
                with lock:
                    latencies.append(time.perf_counter() - t)
                    answers.append((question, answer))
                    finished.append(uploads_done.is_set())

        def uploader() -> None:
            client = Client(url, verbose=False)
            for b in range(UPLOAD_BATCHES):
                batch = uploads[b * PER_BATCH : (b + 1) * PER_BATCH]
                try:
                    status, _, _ = client.predict([handle_file(str(f)) for f in batch], api_name="/add_articles")
                    statuses.append(status)
                except Exception as exc:
                    with lock:
                        errors.append(f"upload batch {b}: {type(exc).__name__}: {exc}")
                time.sleep(1.0)  # spread the indexing over the run
            uploads_done.set()

        started = time.perf_counter()
        with ThreadPoolExecutor(USERS + 1) as pool:
            jobs = [pool.submit(uploader)] + [pool.submit(user, n) for n in range(USERS)]
            for job in jobs:
                job.result()
        wall = time.perf_counter() - started
        table = Client(url, verbose=False).predict(api_name="/articles")

    assert errors == []
    assert len(answers) == USERS * QUESTIONS_EACH
    assert not all(finished), "every answer came after the uploads: nothing ran concurrently"
    assert [s.startswith(f"**{PER_BATCH} added") for s in statuses] == [True] * UPLOAD_BATCHES, statuses
    indexed = {row[2] for row in table["data"]}
    assert indexed == {p.name for p in SEEDS.glob("*.txt")} | {f.name for f in uploads}

    texts = {p.name: read_article(p).text for p in [*SEEDS.glob("*.txt"), *(store / "uploads").glob("*.txt")]}
    abstained = 0
    for question, answer in answers:
        assert answer["question"] == question  # no user got another user's answer
        if answer["abstained"]:
            abstained += 1
            assert answer["answer"] == ABSTAIN_TEXT and answer["citations"] == []
            continue
        assert answer["citations"], answer
        for c in answer["citations"]:
            assert texts[c["source"]][c["start"] : c["end"]] == c["text"], (question, c)
        assert each_part_cited(answer)

    figures = {
        "users": USERS,
        "questions_each": QUESTIONS_EACH,
        "uploaded_articles": len(uploads),
        "answers": len(answers),
        "abstained": abstained,
        "answered_while_indexing": finished.count(False),
        "errors": len(errors),
        "latency_s": {
            "p50": round(percentile(latencies, 50), 3),
            "p95": round(percentile(latencies, 95), 3),
            "max": round(max(latencies), 3),
        },
        "wall_s": round(wall, 1),
        "questions_per_s": round(len(answers) / wall, 2),
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "load.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(f"\nload: {json.dumps(figures)}")
