"""The former extractive answerer (kept only to measure the reader against): the sentence from the retrieved passages that best answers the
question, cited by its exact span, or an abstention when no sentence supports an answer.

Each sentence gets two numbers. Its *rank* (which sentence answers best) blends its embedding
cosine to the question, its cosine to the question's *focus* (the question without the topic
words that most retrieved sentences share), the weighted share of the question's terms it holds
(terms rare in the corpus and among these sentences weigh most), and its passage's term
coverage. Its *confidence* (whether to answer at all) is mostly the cosine, plus the passage's
term coverage. Questions that ask for money, a count, a year, a name... only take sentences
that can hold one (qa/answer_types.py). The weights and the abstention threshold were set on
the question sets in tests/data (README, "How well it answers"); change them only with a new run.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from index.lexical import LexicalIndex, content_terms, tokenize
from qa.answer_types import asked_type, fits
from qa.results import ABSTAIN_TEXT, Citation, Passage
from qa.sentences import sentence_spans
from qa.vectors import SentenceVectors

# Ranking of candidate sentences.
RANK_DENSE = 0.30
RANK_SENTENCE_TERMS = 0.25
RANK_CONTEXT_TERMS = 0.20
RANK_FOCUS_DENSE = 0.30
HEADLINE_PENALTY = 0.05  # prefer the body's sentence: headlines summarise, the body states
CAUSE_BONUS = 0.05  # for "why" questions, a sentence that gives a reason
# Whether to answer.
CONFIDENCE_DENSE = 0.8
CONFIDENCE_CONTEXT_TERMS = 0.2
ABSTAIN_BELOW = 0.55
SECOND_CITATION_RATIO = 0.97  # a second source is cited only when nearly as strong as the first
MIN_SENTENCE_WORDS = 4

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


def _focus_weights(terms: list[str], sentences: list[set[str]], lexical: LexicalIndex) -> dict[str, float]:
    """Weights of the question's terms: rare in the corpus *and* rare among these sentences.

    A question names its topic (the people and event every retrieved sentence mentions) and
    its focus (what it asks about). Terms shared by many of the retrieved sentences are topic;
    a sentence holding the rarer terms is the one that speaks to the focus, not the article's
    opening line that merely restates the topic.
    """
    n = len(sentences)
    return {t: lexical.idf(t) * math.log(1.0 + n / (1.0 + sum(t in s for s in sentences))) for t in terms}


_WORDS = re.compile(r"[\w'’-]+")


def _focus_question(
    question: str,
    terms: list[str],
    title_tokens: list[str],
    words: list[str],
    word_tokens: list[list[str]],
    sentences: list[set[str]],
) -> str:
    """The question without its topic words (those of the headline or of most sentences).

    Works on tokens already made: a token never spans a space, so the kept words' tokens are
    the focus text's tokens and it needs no tokenizer call of its own.
    """
    topic = set(title_tokens)
    n = len(sentences)
    for term in set(terms):
        if n and sum(term in s for s in sentences) >= 0.4 * n:
            topic.add(term)
    kept = [(w, tokens) for w, tokens in zip(words, word_tokens) if not (set(tokens) & topic)]
    focus = " ".join(w for w, _ in kept)
    has_terms = bool(content_terms([t for _, tokens in kept for t in tokens]))
    return focus if focus != question and has_terms else ""


def candidates(
    question: str,
    qvec: np.ndarray,
    passages: list[Passage],
    lexical: LexicalIndex,
    vectors: SentenceVectors,
) -> list[Candidate]:
    """The passages' sentences that could answer the question, best first.

    Costs one tokenizer call (the question, its words, the passages and their sentences in one
    batch) and at most one embedding call (the sentences not cached yet plus the question's
    focus, in one batch).
    """
    if not passages:
        return []
    why = bool(_ASKS_WHY.search(question))
    kind = asked_type(question)
    seen: set[tuple[str, int]] = set()
    sentences: list[tuple[int, int, str]] = []  # (passage index, start, text), deduplicated
    for i, passage in enumerate(passages):
        for s, e in sentence_spans(passage.text):
            start = passage.start + s
            text = passage.text[s:e]
            if (passage.source, start) in seen or len(text.split()) < MIN_SENTENCE_WORDS:
                continue  # overlapping chunks repeat sentences; fragments answer nothing
            seen.add((passage.source, start))
            sentences.append((i, start, text))
    words = _WORDS.findall(question)
    batch = [question, passages[0].title, *words]
    batch += [f"{p.title}\n{p.text}" for p in passages]
    batch += [text for _, _, text in sentences]
    tokens = tokenize(batch)
    asked = set(tokens[0])
    terms = content_terms(tokens[0])
    word_tokens = tokens[2 : 2 + len(words)]
    contexts = tokens[2 + len(words) : 2 + len(words) + len(passages)]
    context_covs = [lexical.coverage(terms, set(t)) for t in contexts]

    every: list[set[str]] = []  # the tokens of every sentence looked at, for the focus weights
    spans: list[tuple[Passage, int, str, float, set[str], bool]] = []
    for (i, start, text), sentence_tokens in zip(sentences, tokens[2 + len(words) + len(passages) :]):
        found = set(sentence_tokens)
        every.append(found)
        if not found - asked or not fits(kind, text, question):
            continue  # a sentence that only restates the question, or of the wrong type
        spans.append((passages[i], start, text, context_covs[i], found, start == 0))
    if not spans:
        return []
    weights = _focus_weights(terms, every, lexical)
    total = sum(weights.values()) or 1.0
    focus_q = _focus_question(question, terms, tokens[1], words, word_tokens, every)
    # A sentence that several passages share (overlapping chunks, duplicate articles) is scored
    # once, so its copies tie exactly and the better-ranked passage's copy comes first; scored
    # row by row, BLAS rounding decided such ties differently from one run to the next.
    unique = list(dict.fromkeys(text for _, _, text, _, _, _ in spans))
    embedded = vectors(unique + [focus_q] if focus_q else unique)  # the focus rides in the same batch
    matrix = embedded[: len(unique)]
    fvec = embedded[len(unique)] if focus_q else qvec
    row = {text: i for i, text in enumerate(unique)}
    rows = [row[text] for _, _, text, _, _, _ in spans]
    sims = (matrix @ qvec)[rows]
    fsims = (matrix @ fvec)[rows]
    scored = []
    for (passage, start, text, context_cov, found, headline), sim, fsim in zip(spans, sims, fsims):
        focus = sum(w for t, w in weights.items() if t in found) / total
        rank = (
            RANK_DENSE * float(sim)
            + RANK_FOCUS_DENSE * float(fsim)
            + RANK_SENTENCE_TERMS * focus
            + RANK_CONTEXT_TERMS * context_cov
        )
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
