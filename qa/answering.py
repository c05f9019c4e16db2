"""The extractive answerer: the reader's answer span from the top passages, cited by the exact
sentence that holds it, or an abstention when the reader's calibrated confidence is too low.

The reader (qa/reader/) reads each of the top passages and proposes its best span there; the
span with the highest calibrated probability wins. The answer is that short span ("2011",
"Putin's spokesman"), or the whole sentence when the question asks why or how something
happened and a phrase would not answer it. The citation is the sentence (or the two) holding
the span, with exact article offsets; ``Answer.span`` is the span's own offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.metrics import normalize_answer
from qa.reader.inference import Reader, Span, features
from qa.results import ABSTAIN_TEXT, Citation, Passage
from qa.sentences import sentence_spans

# "why ...", "how did/does/can ...": the reason or the manner is a clause, not a phrase.
# "how many/much/old/long/..." asks for a quantity: a phrase does.
_EXPLAIN = re.compile(
    r"^\s*(?:and\s+|so\s+|but\s+)?(?:why\b|for what reason\b|what (?:caused|led to)\b|"
    r"how (?!many\b|much\b|old\b|long\b|far\b|big\b|large\b|often\b|tall\b|high\b|soon\b|fast\b|few\b)\w+)",
    re.IGNORECASE,
)


def asks_explanation(question: str) -> bool:
    return bool(_EXPLAIN.search(question))


@dataclass(frozen=True)
class Found:
    """The reader's best span in one passage, in article offsets, with its probability."""

    passage: Passage
    span: Span
    probability: float
    start: int  # the span, in article offsets
    end: int
    sentence_start: int  # the sentence(s) holding the span, in article offsets
    sentence_end: int

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def sentence(self) -> str:
        p = self.passage
        return p.text[self.sentence_start - p.start : self.sentence_end - p.start]


def read(question: str, passages: list[Passage], reader: Reader) -> list[Found]:
    """The reader's span in each passage that has one, most probable first."""
    if not passages:
        return []
    found = []
    for span in reader.read(question, [p.text for p in passages]):
        passage = passages[span.text_index]
        if not span.text.strip():
            continue
        probability = reader.probability(span, passage.dense)
        lo, hi = _holding_sentences(passage.text, span.start, span.end)
        found.append(
            Found(
                passage=passage,
                span=span,
                probability=probability,
                start=passage.start + span.start,
                end=passage.start + span.end,
                sentence_start=passage.start + lo,
                sentence_end=passage.start + hi,
            )
        )
    # Most probable first; on a tie, the better-retrieved passage.
    found.sort(key=lambda f: (-f.probability, passages.index(f.passage)))
    return found


def _holding_sentences(text: str, start: int, end: int) -> tuple[int, int]:
    """The first and last offsets of the sentences of ``text`` that [start, end) touches."""
    spans = [(s, e) for s, e in sentence_spans(text) if s < end and start < e]
    if not spans:
        return start, end
    return spans[0][0], spans[-1][1]


def extract(question: str, found: list[Found], threshold: float) -> tuple[str, bool, list[Citation], Citation | None]:
    """(answer text, abstained, citations, the answer span) from the reader's findings."""
    if not found or found[0].probability < threshold:
        return ABSTAIN_TEXT, True, [], None
    best = found[0]
    chosen = [best]
    answer = normalize_answer(best.text)
    for other in found[1:]:
        # Another article that gives the same answer with confidence is cited too.
        if (
            other.passage.source not in {c.passage.source for c in chosen}
            and other.probability >= threshold
            and normalize_answer(other.text) == answer
        ):
            chosen.append(other)
            break
    citations = [
        Citation(f.passage.source, f.passage.title, f.sentence_start, f.sentence_end, f.sentence, f.probability)
        for f in chosen
    ]
    span = Citation(best.passage.source, best.passage.title, best.start, best.end, best.text, best.probability)
    text = best.sentence if asks_explanation(question) else best.text
    return text, False, citations, span


__all__ = ["Found", "Span", "asks_explanation", "extract", "read", "features"]
