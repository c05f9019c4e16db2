"""SQuAD examples as the reader sees them: (question, window of text) -> start/end token.

Splits are fixed by a seed so training, calibration and measurement never share an article:
- SQuAD v1.1 train: positives (the window holding the answer) and realistic negatives: the
  question against a window of another paragraph of the same article that shares the most
  words with it (what a wrong retrieved passage looks like), and windows of the answer's own
  paragraph that miss it.
- dev-v2.0 is split by article into ``train`` (its unanswerable questions are negatives, its
  answerable ones positives), ``calibrate`` (abstention thresholds) and ``test`` (reported only).
- dev-v1.1 is never trained on: reader EM/F1 and the int8/fp32 check are measured on it.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

V2_SPLITS = {"train": 0.35, "calibrate": 0.25, "test": 0.40}  # shares of dev-v2.0's articles
SPLIT_SEED = 20261128
_WORD = re.compile(r"\w+")
_STOP = set(
    "a an the of in on at to for by with from and or is are was were be been what which who whom whose "
    "when where why how did does do that this these those it its as into than then there their his her".split()
)


@dataclass(frozen=True)
class Example:
    id: str
    question: str
    context: str
    answers: tuple[tuple[int, str], ...]  # (char start, text); empty: no answer in this context
    title: str = ""


def read_squad(path: str | Path) -> list[dict]:
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f)["data"]


def examples(articles: list[dict]) -> list[Example]:
    out = []
    for article in articles:
        for paragraph in article["paragraphs"]:
            for qa in paragraph["qas"]:
                answers = (
                    () if qa.get("is_impossible") else tuple((a["answer_start"], a["text"]) for a in qa["answers"])
                )
                out.append(Example(qa["id"], qa["question"], paragraph["context"], answers, article["title"]))
    return out


def news_articles(path: str | Path, agreeing_only: bool = True) -> list[dict]:
    """qa/reader/newsqa.py's or qa/reader/written.py's output in SQuAD's shape. The local LLM's
    questions (those with ``reader_agrees``) are by default only those the reader that screened
    them agreed with (its other answers are too often wrong to learn from), and are screened
    again (``newsqa.keep``): a file keeps what it was written with. Written questions are kept
    as written, unanswerable ones too."""
    from qa.reader.newsqa import keep

    def kept(q: dict, context: str) -> bool:
        if "reader_agrees" not in q:
            return True
        answer = q["answers"][0]
        return (q["reader_agrees"] or not agreeing_only) and keep(
            q["question"], answer["text"], answer["answer_start"], context
        )

    articles = read_squad(path)
    for article in articles:
        for paragraph in article["paragraphs"]:
            paragraph["qas"] = [q for q in paragraph["qas"] if kept(q, paragraph["context"])]
    return articles


def other_article_negatives(articles: list[dict], limit: int) -> list[Example]:
    """Questions against the paragraph of *another* article that shares most words with them and
    does not hold the answer: what retrieval over a large corpus hands the reader for a question
    it cannot answer (the same story told by another article, the same person elsewhere)."""
    paragraphs = [(a["title"], p["context"], _words(p["context"])) for a in articles for p in a["paragraphs"]]
    out = []
    for article in articles:
        for paragraph in article["paragraphs"]:
            for qa in paragraph["qas"]:
                q = _words(qa["question"])
                answer_texts = {a["text"].lower() for a in qa["answers"]}
                best = max(
                    (
                        (len(q & words), context)
                        for title, context, words in paragraphs
                        if title != article["title"] and not any(t in context.lower() for t in answer_texts)
                    ),
                    default=None,
                    key=lambda pair: pair[0],
                )
                if best is not None:
                    out.append(Example(qa["id"] + "-other", qa["question"], best[1], (), article["title"]))
    return out[:limit]


def v2_split(articles: list[dict], part: str) -> list[dict]:
    """One part of dev-v2.0, by article, the same on every machine."""
    order = sorted(articles, key=lambda a: a["title"])
    random.Random(SPLIT_SEED).shuffle(order)
    bounds, start = {}, 0
    for name, share in V2_SPLITS.items():
        n = round(share * len(order))
        bounds[name] = (start, start + n)
        start += n
    lo, hi = bounds[part]
    return order[lo:] if part == "test" else order[lo:hi]


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def same_article_negatives(articles: list[dict], rng: random.Random, limit: int) -> list[Example]:
    """Questions against the other paragraph of their article that shares most words with them."""
    out = []
    candidates = []
    for article in articles:
        paragraphs = [p["context"] for p in article["paragraphs"]]
        if len(paragraphs) < 2:
            continue
        words = [_words(p) for p in paragraphs]
        for i, paragraph in enumerate(article["paragraphs"]):
            for qa in paragraph["qas"]:
                candidates.append((qa, i, paragraphs, words, article["title"]))
    rng.shuffle(candidates)
    for qa, i, paragraphs, words, title in candidates[:limit]:
        q = _words(qa["question"])
        answer_texts = {a["text"].lower() for a in qa["answers"]}
        best = max(
            (j for j in range(len(paragraphs)) if j != i and not any(t in paragraphs[j].lower() for t in answer_texts)),
            key=lambda j: len(q & words[j]),
            default=None,
        )
        if best is not None:
            out.append(Example(qa["id"] + "-neg", qa["question"], paragraphs[best], (), title))
    return out
