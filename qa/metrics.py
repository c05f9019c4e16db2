"""Evaluation metrics: pure functions that score answers against a question's gold data.

Every function here takes typed results (``EvalQuestion``, ``Answer``, ``Passage``,
``Citation``) and returns numbers; nothing loads a model or touches a store, so each metric can
be checked on hand-made results. A metric with nothing to average over is ``None`` ("n/a").
The definitions are the ones in the README ("Evaluating").
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from qa.results import Answer, Citation, Passage

STAGES = ("embed", "retrieve", "rerank", "answer", "total")


@dataclass(frozen=True)
class EvalQuestion:
    """One question of an evaluation set with what counts as a right answer.

    ``answers`` lists acceptable answers; ``[]`` means the articles do not answer it (the right
    output is to abstain) and ``None`` means unknown (not scored on answers or abstention).
    ``evidence`` lists verbatim quotes from the articles that support the answer.
    """

    id: str
    question: str
    answers: tuple[str, ...] | None = None
    evidence: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def answerable(self) -> bool | None:
        return None if self.answers is None else bool(self.answers)


# -- text normalisation --------------------------------------------------------------------------

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCTUATION = set(string.punctuation) | set("‘’“”–—…")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def normalize_answer(text: str) -> str:
    """SQuAD's normalisation: lower case, no punctuation, no articles (a/an/the), single spaces."""
    text = "".join(ch for ch in text.lower() if ch not in _PUNCTUATION)
    return " ".join(_ARTICLES.sub(" ", text).split())


def normalize_quote(text: str) -> str:
    """For matching quotes in passages: case-folded, curly quotes and dashes made plain, spaces
    collapsed. Punctuation is kept: an evidence quote must appear as written."""
    return " ".join(text.translate(_QUOTES).casefold().split())


def contains_quote(text: str, quote: str) -> bool:
    """Whether ``quote`` appears in ``text`` (after ``normalize_quote`` on both)."""
    quote = normalize_quote(quote)
    return bool(quote) and quote in normalize_quote(text)


def contains_answer(text: str, answer: str) -> bool:
    """Whether the SQuAD-normalised tokens of ``answer`` appear as a run in those of ``text``.

    Token runs, not substrings: "95" (from "9.5%") is not found inside "1995".
    """
    needle = normalize_answer(answer).split()
    hay = normalize_answer(text).split()
    if not needle:
        return False
    return any(hay[i : i + len(needle)] == needle for i in range(len(hay) - len(needle) + 1))


# -- answer metrics ------------------------------------------------------------------------------


def exact_match(prediction: str, answers: Iterable[str]) -> float:
    """1.0 if the normalised prediction equals a normalised gold answer, else 0.0."""
    pred = normalize_answer(prediction)
    return float(any(pred == normalize_answer(a) for a in answers))


def token_f1(prediction: str, answers: Iterable[str]) -> float:
    """SQuAD token F1: the best over the gold answers of the F1 of the normalised token bags."""
    pred = normalize_answer(prediction).split()
    best = 0.0
    for answer in answers:
        gold = normalize_answer(answer).split()
        common = sum((Counter(pred) & Counter(gold)).values())
        if not pred or not gold:
            score = float(pred == gold)
        elif common == 0:
            score = 0.0
        else:
            precision, recall = common / len(pred), common / len(gold)
            score = 2 * precision * recall / (precision + recall)
        best = max(best, score)
    return best


def predicted_text(answer: Answer) -> str:
    """What the system answered: the empty string when it abstained."""
    return "" if answer.abstained else answer.answer


# -- retrieval and citation metrics ---------------------------------------------------------------


def first_hit(passages: Sequence[Passage], evidence: Iterable[str]) -> int | None:
    """The 1-based rank of the first passage that contains an evidence quote, or None."""
    evidence = list(evidence)
    for rank, passage in enumerate(passages, 1):
        if any(contains_quote(passage.text, quote) for quote in evidence):
            return rank
    return None


def supports(citation: Citation, question: EvalQuestion) -> bool:
    """A citation supports the answer when it contains an evidence quote, lies inside one (a
    cited sentence of a two-sentence quote), or contains a gold answer."""
    text = normalize_quote(citation.text)
    for quote in question.evidence:
        quote = normalize_quote(quote)
        if quote and text and (quote in text or text in quote):
            return True
    return any(contains_answer(citation.text, a) for a in question.answers or ())


def span_exact(citation: Citation, article_text: str | None) -> bool:
    """Whether the cited offsets give back the cited text: ``article_text[start:end] == text``."""
    return article_text is not None and article_text[citation.start : citation.end] == citation.text


def percentile(values: Sequence[float], p: float) -> float | None:
    """The ``p``-th percentile by linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * p / 100
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def stage_times(answer: Answer) -> dict[str, float]:
    """Milliseconds per stage, with the end-to-end latency as "total"."""
    times = {stage: answer.timings_ms[stage] for stage in STAGES[:-1] if stage in answer.timings_ms}
    times["total"] = answer.latency_ms
    return times


# -- per question and per run ---------------------------------------------------------------------


@dataclass(frozen=True)
class Scored:
    """One question's scores. Fields that do not apply to the question are None."""

    question: EvalQuestion
    answer: Answer
    rank: int | None  # 1-based rank of the first evidence passage
    hit: bool | None
    exact: float | None
    f1: float | None
    contains_gold: bool | None
    supported_citations: int
    span_exact: int  # citations whose offsets give back their text
    abstention_right: bool | None  # abstained iff unanswerable

    @property
    def score(self) -> float:
        """A 0..1 figure to sort the worst questions by: the mean of the checks that apply."""
        checks = [c for c in (self.hit, self.contains_gold, self.abstention_right) if c is not None]
        if self.question.answerable:
            checks.append(self.supported_citations > 0)
        return sum(checks) / len(checks) if checks else 1.0


def score_question(question: EvalQuestion, answer: Answer, article_text: Callable[[str], str | None]) -> Scored:
    """Score one answer. ``article_text(source)`` returns a cited article's full text (or None)."""
    answerable = question.answerable
    rank = first_hit(answer.passages, question.evidence) if question.evidence else None
    pred = predicted_text(answer)
    return Scored(
        question=question,
        answer=answer,
        rank=rank,
        hit=(rank is not None) if question.evidence else None,
        exact=exact_match(pred, question.answers) if answerable else None,
        f1=token_f1(pred, question.answers) if answerable else None,
        contains_gold=any(contains_answer(pred, a) for a in question.answers) if answerable else None,
        supported_citations=sum(supports(c, question) for c in answer.citations),
        span_exact=sum(span_exact(c, article_text(c.source)) for c in answer.citations),
        abstention_right=None if answerable is None else answer.abstained == (not answerable),
    )


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def _share(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


@dataclass
class Summary:
    """A run's metrics (None where undefined) and the counts they rest on."""

    metrics: dict[str, float | None] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    latency_ms: dict[str, dict[str, float | None]] = field(default_factory=dict)  # stage -> p50/p95

    def to_dict(self) -> dict:
        return {"metrics": self.metrics, "counts": self.counts, "latency_ms": self.latency_ms}


METRIC_NAMES = {
    "hit_at_k": "hit@k",
    "mrr": "MRR",
    "exact_match": "EM",
    "f1": "F1",
    "contains_gold": "contains",
    "citation_precision": "cit P",
    "citation_recall": "cit R",
    "span_exactness": "span",
    "abstention_precision": "abst P",
    "abstention_recall": "abst R",
}


def summarize(scored: Sequence[Scored]) -> Summary:
    """Aggregate per-question scores into the run's metrics (definitions in the README)."""
    with_evidence = [s for s in scored if s.hit is not None]
    answerable = [s for s in scored if s.question.answerable]
    unanswerable = [s for s in scored if s.question.answerable is False]
    judged = [s for s in scored if s.question.answerable is not None]
    abstained = [s for s in judged if s.answer.abstained]
    cited = sum(len(s.answer.citations) for s in answerable)
    all_citations = sum(len(s.answer.citations) for s in scored)

    metrics = {
        "hit_at_k": _mean(float(s.hit) for s in with_evidence),
        "mrr": _mean(1 / s.rank if s.rank else 0.0 for s in with_evidence),
        "exact_match": _mean(s.exact for s in answerable),
        "f1": _mean(s.f1 for s in answerable),
        "contains_gold": _mean(float(s.contains_gold) for s in answerable),
        "citation_precision": _share(sum(s.supported_citations for s in answerable), cited),
        "citation_recall": _share(sum(s.supported_citations > 0 for s in answerable), len(answerable)),
        "span_exactness": _share(sum(s.span_exact for s in scored), all_citations),
        "abstention_precision": _share(sum(s.question.answerable is False for s in abstained), len(abstained)),
        "abstention_recall": _share(sum(s.answer.abstained for s in unanswerable), len(unanswerable)),
    }
    counts = {
        "questions": len(scored),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "with_evidence": len(with_evidence),
        "abstained": sum(s.answer.abstained for s in scored),
        "citations": all_citations,
    }
    latency: dict[str, dict[str, float | None]] = {}
    times = [stage_times(s.answer) for s in scored]
    for stage in STAGES:
        values = [t[stage] for t in times if stage in t]
        latency[stage] = {"p50": percentile(values, 50), "p95": percentile(values, 95)}
    return Summary(metrics=metrics, counts=counts, latency_ms=latency)
