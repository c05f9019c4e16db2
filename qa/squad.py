"""Turns a SQuAD v1.1/v2.0 file into evaluation questions and a folder of articles to index."""

from __future__ import annotations

import json
import re
from pathlib import Path

from index.errors import CiteqaError
from qa.metrics import EvalQuestion
from qa.sentences import sentence_spans


class QuestionFileError(CiteqaError):
    """A question file cannot be read: bad JSON, a missing field, a wrong type."""


def _file_name(title: str, taken: set[str]) -> str:
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", title).strip("_")[:80] or "article"
    name, n = f"{stem}.txt", 1
    while name.lower() in taken:
        n += 1
        name = f"{stem}-{n}.txt"
    taken.add(name.lower())
    return name


def _sentence_at(context: str, offset: int) -> str | None:
    for start, end in sentence_spans(context):
        if start <= offset < end:
            return context[start:end]
    return None


def load_squad(path: str | Path, corpus_dir: str | Path) -> list[EvalQuestion]:
    """Write one article per title into ``corpus_dir`` and return the questions.

    Each article is the title on its first line, then the title's contexts as paragraphs. Gold
    answers are the SQuAD answer texts; evidence is the context sentence holding each answer
    (the answer text itself if its offset is off). v2.0 ``is_impossible`` questions expect an
    abstention (``answers=[]``). Raises QuestionFileError for a file that is not SQuAD JSON.
    """
    path, corpus_dir = Path(path), Path(corpus_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        articles = data["data"]
        if not isinstance(articles, list):
            raise TypeError("'data' is not a list")
    except FileNotFoundError:
        raise QuestionFileError(f"{path}: no such file; check the path") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise QuestionFileError(f"{path}: not valid JSON ({exc}); is it a SQuAD v1.1/v2.0 file?") from None
    except (KeyError, TypeError) as exc:
        raise QuestionFileError(
            f"{path}: not SQuAD JSON (no list under 'data': {exc}); use --format jsonl for one question a line"
        ) from None

    corpus_dir.mkdir(parents=True, exist_ok=True)
    questions: list[EvalQuestion] = []
    taken: set[str] = set()
    seen_ids: set[str] = set()
    for a, article in enumerate(articles):
        try:
            title = " ".join(str(article.get("title") or f"Article {a + 1}").replace("_", " ").split())
            name = _file_name(title, taken)
            text = title + "\n\n"
            for paragraph in article["paragraphs"]:
                # Contexts are written on one line each so the answer offsets still hold after the
                # shift by the paragraph's position in the file.
                context = " ".join(paragraph["context"].split())
                for qa in paragraph.get("qas", []):
                    questions.append(_question(qa, context, name, seen_ids))
                text += context + "\n\n"
        except (KeyError, TypeError, AttributeError) as exc:
            raise QuestionFileError(
                f"{path}: article {a + 1} ({article.get('title', '?') if isinstance(article, dict) else '?'}) "
                f"is not in SQuAD form (missing or wrong {exc}); each needs 'paragraphs' of 'context' and 'qas'"
            ) from None
        (corpus_dir / name).write_text(text, encoding="utf-8")
    if not questions:
        raise QuestionFileError(f"{path}: holds no questions")
    return questions


def _question(qa: dict, context: str, source: str, seen_ids: set[str]) -> EvalQuestion:
    qid = str(qa.get("id") or f"squad-{len(seen_ids) + 1}")
    if qid in seen_ids:
        raise QuestionFileError(f"question id {qid!r} appears twice; ids must be unique")
    seen_ids.add(qid)
    if not isinstance(qa.get("question"), str) or not qa["question"].strip():
        raise QuestionFileError(f"question {qid!r} has no 'question' text")
    if qa.get("is_impossible"):
        return EvalQuestion(id=qid, question=qa["question"], answers=(), evidence=(), sources=(source,))
    answers: list[str] = []
    evidence: list[str] = []
    for ans in qa.get("answers", []):
        answer = " ".join(ans["text"].split())
        answers.append(answer)
        # The context's whitespace was collapsed; find the answer nearest its original offset.
        start = ans.get("answer_start", 0)
        hits = [m.start() for m in re.finditer(re.escape(answer), context)]
        sentence = _sentence_at(context, min(hits, key=lambda h: abs(h - start))) if hits else None
        evidence.append(sentence or answer)
    if not answers:
        raise QuestionFileError(f"question {qid!r} has no answers and is not marked is_impossible")
    return EvalQuestion(
        id=qid,
        question=qa["question"],
        answers=tuple(dict.fromkeys(answers)),
        evidence=tuple(dict.fromkeys(evidence)),
        sources=(source,),
    )
