"""News questions written by hand (or by an assistant session), in the reader's training shape.

``qa.reader.newsqa`` has a 1.5B local model write questions and keeps only those the reader
could already read back: they teach the reader confidence in what it reads, not the paraphrase
it misses. Questions written with care over whole articles can ask in other words, and can ask
what the article does not say. Each line of a written file is::

    {"source": "sport/332.txt", "question": "...?", "answer": "exact words" | null,
     "evidence": "the exact sentence holding the answer" | null}

This module turns such files into the SQuAD-shaped JSON ``qa.reader.train --news`` reads: one
"article" per source, one "paragraph" per passage as the index cuts it (every passage, so the
others are the question's same-article negatives); an answerable question goes with the passage
holding its evidence, an unanswerable one (``is_impossible``) with the passage that shares the
most words with it, what retrieval would hand the reader. Questions that no longer match their
article (an answer not in its evidence, evidence in no passage) are dropped and counted::

    python -m qa.reader.written --corpus ../shared/corpora/bbc --out news-written.json written/*.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from index.articles import read_article
from index.chunking import chunk_article
from index.settings import IndexSettings
from qa.reader.data import _words


def convert(corpus: Path, files: list[Path]) -> tuple[dict, int]:
    """The SQuAD-shaped dataset of the questions in ``files``, and how many were dropped."""
    by_source: dict[str, list[dict]] = {}
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                by_source.setdefault(row["source"], []).append(row)
    data, dropped = [], 0
    for source, rows in sorted(by_source.items()):
        article = read_article(corpus / source, source)
        contexts = [c.text for c in chunk_article(article, IndexSettings())]
        paragraphs: list[dict] = [{"context": c, "qas": []} for c in contexts]
        words = [_words(c) for c in contexts]
        for n, row in enumerate(rows):
            qid = f"{source}#w{n}"
            if row["answer"] is None:
                best = max(range(len(contexts)), key=lambda i: len(_words(row["question"]) & words[i]))
                paragraphs[best]["qas"].append(
                    {"id": qid, "question": row["question"], "answers": [], "is_impossible": True}
                )
                continue
            at = next((i for i, c in enumerate(contexts) if row["evidence"] in c), None)
            if at is None or row["answer"] not in row["evidence"]:
                dropped += 1
                continue
            start = contexts[at].index(row["evidence"]) + row["evidence"].index(row["answer"])
            paragraphs[at]["qas"].append(
                {"id": qid, "question": row["question"], "answers": [{"answer_start": start, "text": row["answer"]}]}
            )
        data.append({"title": source, "article_title": article.title, "paragraphs": paragraphs})
    return {"version": "citeqa-written-1", "data": data}, dropped


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True, help="SQuAD-shaped JSON for qa.reader.train --news")
    p.add_argument("files", type=Path, nargs="+", help="written questions, JSON lines")
    args = p.parse_args(argv)
    dataset, dropped = convert(args.corpus, args.files)
    args.out.write_text(json.dumps(dataset, ensure_ascii=False), encoding="utf-8")
    qas = [q for a in dataset["data"] for p in a["paragraphs"] for q in p["qas"]]
    impossible = sum(bool(q.get("is_impossible")) for q in qas)
    print(
        f"{len(dataset['data'])} articles, {len(qas) - impossible} answerable, {impossible} unanswerable, "
        f"{dropped} dropped",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
