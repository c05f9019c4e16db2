"""The extractive answerer: the sentence from the retrieved passages that best answers the
question, cited by its exact span, or an abstention when no sentence supports an answer.

Each sentence gets two numbers. Its *rank* (which sentence answers best) blends the embedding
cosine to the question with the share of the question's IDF-weighted content terms that the
sentence and its passage hold. Its *confidence* (whether to answer at all) is mostly the
cosine, plus the passage's term coverage. Questions that ask for a number or a time only take
sentences that contain one. The abstention threshold was calibrated on the development
questions in tests/data (README, "How well it answers"); change it only with a new run.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from index.lexical import LexicalIndex, query_terms, tokenize
from qa.results import ABSTAIN_TEXT, Citation, Passage
from qa.sentences import sentence_spans

# Ranking of candidate sentences.
RANK_DENSE = 0.55
RANK_SENTENCE_TERMS = 0.25
RANK_CONTEXT_TERMS = 0.20
HEADLINE_PENALTY = 0.05  # prefer the body's sentence: headlines summarise, the body states
CAUSE_BONUS = 0.05  # for "why" questions, a sentence that gives a reason
# Whether to answer.
CONFIDENCE_DENSE = 0.8
CONFIDENCE_CONTEXT_TERMS = 0.2
ABSTAIN_BELOW = 0.46
SECOND_CITATION_RATIO = 0.97  # a second source is cited only when nearly as strong as the first
MIN_SENTENCE_WORDS = 4

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
    r"fifty|hundred|thousand|million|billion|trillion|dozens?|half|quarter|several|couple"
)
_HAS_NUMBER = re.compile(rf"\d|\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE)
_HAS_TIME = re.compile(
    r"\b(?:1[89]\d\d|20\d\d|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|"
    r"tomorrow|tonight|ago|week|month|year|decade|century|morning|evening|night|spring|summer|autumn|"
    r"winter|(?:the )?day (?:after|before))\b",
    re.IGNORECASE,
)
_ASKS_NUMBER = re.compile(
    r"\bhow (?:many|much|old|far|big|large|tall|often)\b|\bwhat (?:percentage|percent|proportion|number|amount|sum|price|figure)\b",
    re.IGNORECASE,
)
_ASKS_TIME = re.compile(
    r"^\s*when (?:did|does|do|is|was|were|will|would|has|have|had|are|can|could|should)\b|\b(?:what|which) (?:year|date|day|month|time)\b|\bhow long\b|\bhow soon\b", re.IGNORECASE
)
_ASKS_WHY = re.compile(r"^\s*why\b|\bfor what reason\b|\bwhat (?:caused|led to)\b", re.IGNORECASE)
_GIVES_CAUSE = re.compile(r"\b(?:because|since|due to|as a result|so that|in order to|after|amid|owing to)\b", re.I)


@dataclass(frozen=True)
class Candidate:
    passage: Passage
    start: int  # offsets into the article text
    end: int
    text: str
    rank: float
    confidence: float


class SentenceVectors:
    """An LRU cache of sentence embeddings: popular passages are embedded once per process."""

    def __init__(self, embeddings, size: int = 20000) -> None:
        self.embeddings = embeddings
        self.size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            vectors = np.asarray(self.embeddings.embed_documents(missing), dtype=np.float32)
            with self._lock:
                for text, vec in zip(missing, vectors):
                    self._cache[text] = vec
        with self._lock:
            out = np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, 1), np.float32)
            for t in texts:
                self._cache.move_to_end(t)
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
            return out


def _fits_type(question: str, sentence: str) -> bool:
    """A question asking for a number or a time can only be answered by a sentence with one."""
    if _ASKS_TIME.search(question) and not (_HAS_TIME.search(sentence) or _HAS_NUMBER.search(sentence)):
        return False
    if _ASKS_NUMBER.search(question) and not _HAS_NUMBER.search(sentence):
        return False
    return True


def candidates(
    question: str,
    qvec: np.ndarray,
    passages: list[Passage],
    lexical: LexicalIndex,
    vectors: SentenceVectors,
) -> list[Candidate]:
    """The passages' sentences that could answer the question, best first."""
    terms = query_terms(question)
    asked = set(tokenize([question])[0])
    why = bool(_ASKS_WHY.search(question))
    seen: set[tuple[str, int]] = set()
    spans: list[tuple[Passage, int, str, float, float, bool]] = []
    for passage in passages:
        context_cov = lexical.coverage(terms, set(tokenize([f"{passage.title}\n{passage.text}"])[0]))
        for s, e in sentence_spans(passage.text):
            start = passage.start + s
            text = passage.text[s:e]
            if (passage.source, start) in seen or len(text.split()) < MIN_SENTENCE_WORDS:
                continue  # overlapping chunks repeat sentences; fragments answer nothing
            seen.add((passage.source, start))
            tokens = set(tokenize([text])[0])
            if not tokens - asked or not _fits_type(question, text):
                continue  # a sentence that only restates the question, or of the wrong type
            spans.append((passage, start, text, context_cov, lexical.coverage(terms, tokens), start == 0))
    if not spans:
        return []
    sims = vectors([text for _, _, text, _, _, _ in spans]) @ qvec
    scored = []
    for (passage, start, text, context_cov, own_cov, headline), sim in zip(spans, sims):
        rank = RANK_DENSE * float(sim) + RANK_SENTENCE_TERMS * own_cov + RANK_CONTEXT_TERMS * context_cov
        rank -= HEADLINE_PENALTY if headline else 0.0
        rank += CAUSE_BONUS if why and _GIVES_CAUSE.search(text) else 0.0
        confidence = CONFIDENCE_DENSE * float(sim) + CONFIDENCE_CONTEXT_TERMS * context_cov
        scored.append(Candidate(passage, start, start + len(text), text, rank, confidence))
    scored.sort(key=lambda c: c.rank, reverse=True)
    return scored


def extract(ranked: list[Candidate]) -> tuple[str, bool, list[Citation]]:
    """(answer text, abstained, citations) from ranked candidate sentences."""
    if not ranked or ranked[0].confidence < ABSTAIN_BELOW:
        return ABSTAIN_TEXT, True, []
    best = ranked[0]
    chosen = [best]
    for other in ranked[1:4]:
        # Corroboration from another article, as strong on both counts, is cited too.
        if (
            other.passage.source != best.passage.source
            and other.rank >= SECOND_CITATION_RATIO * best.rank
            and other.confidence >= ABSTAIN_BELOW
        ):
            chosen.append(other)
            break
    citations = [
        Citation(
            source=c.passage.source,
            title=c.passage.title,
            start=c.start,
            end=c.end,
            text=c.text,
            score=c.confidence,
        )
        for c in chosen
    ]
    return best.text, False, citations
