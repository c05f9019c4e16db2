"""News questions for the reader to train on, written by a packaged local LLM.

SQuAD is Wikipedia prose; our users ask about news (quotes, attributions, titles, datelines),
and the SQuAD-trained reader reads those with too little confidence. No news QA set ships on the
package index, so we write one: a local Qwen model (the ``llm-demo`` package, no download)
reads passages of a news corpus, chunked as the index chunks them, and writes questions whose
answer is a short phrase of the passage. A question is kept only when

- its answer occurs word for word in the passage (SQuAD's normalisation) and not in the question;
- it names nothing the passage does not (every capitalised word after the first is in the
  passage: the worked example's names must not leak in) and shares a content word, besides the
  answer's, with the sentence holding the answer or the one before it (not "Who was the winner?");
- the shipped reader, reading the passage, finds a span overlapping that answer (round-trip
  consistency, Alberti et al. 2019): it drops many of the LLM's wrong answers, and some right
  ones the reader cannot read yet ("Who is Lord Archer?" -> "former Tory deputy chairman").

Articles that an evaluation set asks about are left out (``--exclude``), so no measured question
is trained on. The output is SQuAD v1.1 JSON (one "article" per source file, one "paragraph" per
passage), read by ``qa.reader.train --news``; it is written as it goes and a rerun resumes::

    python -m qa.reader.newsqa --corpus ../shared/corpora/bbc --out news-qa.json \\
        --exclude tests/data/bbc_questions.jsonl tests/data/holdout_questions.jsonl --articles 300
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from index.articles import read_article
from index.chunking import chunk_article
from index.settings import IndexSettings
from qa.answering import terms
from qa.metrics import contains_answer, normalize_answer
from qa.sentences import sentence_spans

SEED = 20261129
QUESTIONS_PER_PASSAGE = 4
MIN_PASSAGE_CHARS = 300
MAX_ANSWER_WORDS = 12

SYSTEM = (
    "You write quiz questions about news passages. Each answer is a short phrase of 1 to 8 words "
    "copied word for word from the passage (a name, a number, a date, a place, a title, what someone "
    "said or did, a reason). Ask in your own words; do not copy the sentence. "
    f"Give {QUESTIONS_PER_PASSAGE} lines, each exactly: question ? || answer"
)
# Run C: news questions are asked in other words than the text ("press secretary" of a
# "spokesman", "claimed" of "alleged"), the gap the reader misses most; the writer is told to do so.
PARAPHRASE = (
    " Use other words than the passage for everything but names and numbers: synonyms "
    "(bought for acquired, chief for head, said for told), another order, another construction."
)
# One worked example teaches the format better than any instruction.
EXAMPLE_PASSAGE = (
    "The café owners of Zürich marched on Monday against new rules. Mayor Anna Keller, who took "
    "office in 2019, said the rules would stay."
)
EXAMPLE_REPLY = (
    "What did the Zurich cafe owners protest against? || new rules\n"
    "When did the march take place? || on Monday\n"
    "Who is Anna Keller? || Mayor\n"
    "Since when has Keller been in office? || 2019"
)
_LINE = re.compile(r"^\s*(?:\d+[.)]\s*)?(?:Q:\s*)?(?P<q>.+?\?)\s*\|\|\s*(?:A:\s*)?(?P<a>.+?)\s*$")


@dataclass(frozen=True)
class Written:
    question: str
    answer: str
    start: int  # the answer's character offset in the passage


_NAME = re.compile(r"(?<!^)(?<![.?!] )\b[A-Z][\w'-]*")


def keep(question: str, answer: str, start: int, passage: str) -> bool:
    """Whether an LLM-written question about ``passage`` is specific and names only what it does."""
    lower = passage.lower()
    names = (re.sub(r"['’]s$", "", name).lower() for name in _NAME.findall(question.strip()))
    if any(name not in lower for name in names):
        return False
    # The sentence holding the answer, and the one before it (which often names who "he" is).
    spans = sentence_spans(passage)
    at = [i for i, (s, e) in enumerate(spans) if s < start + len(answer) and start < e]
    holding = " ".join(passage[s:e] for s, e in spans[max(0, at[0] - 1) : at[-1] + 1]) if at else passage
    asked, held, answered = terms([question, holding, answer])
    return bool((asked & held) - answered)


def parse(reply: str, passage: str) -> list[Written]:
    """The reply's question/answer lines whose answer is a phrase of ``passage``."""
    out = []
    for line in reply.splitlines():
        m = _LINE.match(line)
        if not m:
            continue
        question, answer = m["q"].strip(), m["a"].strip().strip("\"'.").strip()
        if not answer or len(answer.split()) > MAX_ANSWER_WORDS:
            continue
        if contains_answer(question, answer) or normalize_answer(answer) == normalize_answer(question):
            continue
        at = passage.find(answer)
        if at < 0:  # in other case or spacing: find it word for word
            at = passage.lower().find(answer.lower())
        if at < 0:
            continue
        if keep(question, passage[at : at + len(answer)], at, passage):
            out.append(Written(question, passage[at : at + len(answer)], at))
    return out


def passages(corpus: Path, exclude: set[str], rng: random.Random) -> list[tuple[str, str, list[str]]]:
    """(source, title, passages) for the corpus's articles, shuffled; passages as the index cuts them."""
    files = sorted(p for p in corpus.rglob("*.txt") if p.name.upper() != "README.TXT")
    rng.shuffle(files)
    out = []
    for path in files:
        source = path.relative_to(corpus).as_posix()
        if source in exclude:
            continue
        article = read_article(path, source)
        texts = [c.text for c in chunk_article(article, IndexSettings()) if len(c.text) >= MIN_PASSAGE_CHARS]
        if texts:
            out.append((source, article.title, texts))
    return out


def excluded_sources(files: list[str]) -> set[str]:
    sources: set[str] = set()
    for name in files:
        with open(name, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    sources.update(json.loads(line).get("sources") or ())
    return sources


def agrees(reader, question: str, passage: str, answer: str) -> bool:
    """Whether the reader's best span in ``passage`` overlaps ``answer`` (as words)."""
    spans = reader.read(question, [passage])
    if not spans:
        return False
    got = set(normalize_answer(spans[0].text).split())
    want = set(normalize_answer(answer).split())
    return bool(got & want)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True, help="SQuAD v1.1 JSON, resumed if it exists")
    p.add_argument("--exclude", nargs="*", default=[], help="question files whose articles to leave out")
    p.add_argument("--model", default="qwen2.5-coder-1.5b", help="a packaged model (qa/packaged.py)")
    p.add_argument("--articles", type=int, default=300, help="articles to read (the shipped reader's data: 300)")
    p.add_argument("--minutes", type=float, default=None, help="stop after this long, whatever --articles says")
    p.add_argument("--passages-per-article", type=int, default=2)
    p.add_argument("--paraphrase", action="store_true", help="ask the writer for other words than the text's")
    p.add_argument("--skip-articles", type=int, default=0, help="start after this many articles of the draw")
    args = p.parse_args(argv)

    from llama_cpp import Llama

    from qa.packaged import resolve
    from qa.reader.inference import Reader

    rng = random.Random(SEED)
    done = (
        json.loads(args.out.read_text(encoding="utf-8"))
        if args.out.exists()
        else {"version": "citeqa-news-1", "data": []}
    )
    seen = {a["title"] for a in done["data"]}
    llm = Llama(model_path=resolve(args.model), n_ctx=2048, n_threads=2, seed=0, verbose=False)
    reader = Reader.load()
    deadline = time.monotonic() + 60 * args.minutes if args.minutes else float("inf")
    kept = sum(q["reader_agrees"] for a in done["data"] for p in a["paragraphs"] for q in p["qas"])
    system = SYSTEM + (PARAPHRASE if args.paraphrase else "")
    drawn = passages(args.corpus, excluded_sources(args.exclude), rng)
    for source, title, texts in drawn[args.skip_articles :]:
        if time.monotonic() > deadline or len(done["data"]) >= args.articles:
            break
        if source in seen:
            continue
        paragraphs = []
        for i in sorted(rng.sample(range(len(texts)), min(args.passages_per_article, len(texts)))):
            passage = texts[i]
            reply = llm.create_chat_completion(
                messages=[
                    {"role": "system", "content": system},
                    {"role": "user", "content": EXAMPLE_PASSAGE},
                    {"role": "assistant", "content": EXAMPLE_REPLY},
                    {"role": "user", "content": passage},
                ],
                temperature=0,
                max_tokens=40 * QUESTIONS_PER_PASSAGE,
            )["choices"][0]["message"]["content"]
            qas = []
            for n, w in enumerate(parse(reply, passage)):
                qas.append(
                    {
                        "id": f"{source}#{i}.{n}",
                        "question": w.question,
                        "answers": [{"answer_start": w.start, "text": w.answer}],
                        "reader_agrees": agrees(reader, w.question, passage, w.answer),
                    }
                )
            paragraphs.append({"context": passage, "qas": qas})
        # Every passage read is recorded (also those without questions): they are the
        # same-article negatives of the others.
        done["data"].append({"title": source, "article_title": title, "paragraphs": paragraphs})
        kept += sum(q["reader_agrees"] for p in paragraphs for q in p["qas"])
        tmp = args.out.with_suffix(".tmp")
        tmp.write_text(json.dumps(done, ensure_ascii=False), encoding="utf-8")
        tmp.replace(args.out)
        print(f"{len(done['data'])} articles, {kept} questions kept", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
