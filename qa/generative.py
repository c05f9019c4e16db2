"""Generative answers: prompt a local LLM with the numbered passages, then keep only the
sentences of its reply that qa/verify.py finds in a passage, each citing that exact span.

The prompt asks for [n] markers and for "The articles don't say." when the passages do not
answer. Whatever the model writes, the user only sees sentences that pass these gates:

1. **supported**: a span of a retrieved passage supports it (qa/verify.py);
2. **answers the question**: the reader (qa/reader/), reading the sentence alone, finds an
   answer to the question in it with calibrated probability at or above its abstention
   threshold, and that answer is in the supporting span too. Small models copy passages that
   are true but beside the point (the headline for a why-question; "What is Brazil's
   population?" gets the sentence naming Brazil among the holdouts); this gate drops them.
   Reading the sentence itself, not the top extractive answer, is what lets the llm mode answer
   where the extractive answerer abstains.
3. **adds an answer**: not a copy of a headline (a title restates the topic; the article's
   sentences are the evidence), not a repeat of a kept sentence, nor one whose answer a kept
   sentence already gave.

If no sentence passes, the caller falls back to the extractive answer (or its abstention).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from qa.answering import terms
from qa.llm import ChatModel
from qa.metrics import normalize_answer
from qa.reader.inference import Reader
from qa.results import ABSTAIN_TEXT, CheckedSentence, Citation, Passage
from qa.verify import Verifier, split_claims

SYSTEM = (
    "Answer the question in one to three short sentences, using only the numbered passages. "
    "After each sentence put the number of the passage it comes from, like [1]. Copy names and "
    f'numbers exactly. If the passages do not contain the answer, say: "{ABSTAIN_TEXT}"'
)
MAX_PASSAGE_CHARS = 1200  # a chunk is ~600; the cap only guards the context against odd stores


def messages(question: str, passages: list[Passage]) -> list[dict]:
    """The chat messages for ``question`` over ``passages`` (numbered from 1)."""
    numbered = "\n\n".join(
        f"[{i}] {p.title}\n{' '.join(p.text[:MAX_PASSAGE_CHARS].split())}" for i, p in enumerate(passages, 1)
    )
    # Instructions in the system turn, the passages and the question in the user turn. Repeating
    # the instructions at the end of the user turn (for templates that drop the system turn) made
    # Qwen2.5-Coder-1.5B answer "The articles don't say." to 47 of the 48 seed questions.
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": f"Passages:\n\n{numbered}\n\nQuestion: {question}"},
    ]


@dataclass
class Generated:
    """A verified generative answer: the text shown, its citations, and every sentence's verdict."""

    draft: str  # what the model wrote
    checked: list[CheckedSentence] = field(default_factory=list)
    abstained_in_draft: bool = False  # the model itself said the articles do not answer

    @property
    def kept(self) -> list[CheckedSentence]:
        return [c for c in self.checked if c.supported]

    @property
    def dropped(self) -> list[CheckedSentence]:
        return [c for c in self.checked if not c.supported]

    def answer(self) -> tuple[str, list[Citation]]:
        """The verified sentences with [n] markers numbering ``citations`` (one per distinct span)."""
        citations: list[Citation] = []
        numbers: dict[tuple[str, int, int], int] = {}
        sentences = []
        for c in self.kept:
            key = (c.citation.source, c.citation.start, c.citation.end)
            if key not in numbers:
                citations.append(c.citation)
                numbers[key] = len(citations)
            sentences.append(with_marker(c.text, numbers[key]))
        return " ".join(sentences), citations


def with_marker(sentence: str, n: int) -> str:
    """``sentence`` with `` [n]`` before its closing punctuation."""
    match = re.search(r"[.!?…]+[\"'”’)]*$", sentence)
    if not match:
        return f"{sentence} [{n}]"
    return f"{sentence[: match.start()].rstrip()} [{n}]{sentence[match.start() :]}"


def generate(llm: ChatModel, question: str, passages: list[Passage]) -> Iterator[str]:
    """The model's reply over ``passages``, piece by piece (nothing when there are no passages)."""
    if passages:
        yield from llm.stream(messages(question, passages))


def verify(
    draft: str,
    passages: list[Passage],
    verifier: Verifier,
    question: str,
    reader: Reader,
    threshold: float,
    cut_off: bool | None = None,
) -> Generated:
    """Check every sentence of ``draft`` against ``passages``, then against ``question``.

    A sentence a span supports is kept only if the reader, reading that sentence alone, finds
    an answer to the question in it with calibrated probability >= ``threshold``, and that
    answer's words are in the cited span too; and only if it is no headline copy and its answer
    is not one an earlier kept sentence already gave. A short answer ("Bloomberg"), supported
    word for word, is read in its span instead. ``cut_off``: whether the reply stopped at the
    token limit (its last sentence may be half of one; None: unknown).
    """
    claims = split_claims(draft, cut_off)
    checked = verifier.check(claims, passages)
    supported = [c for c in checked if c.supported]
    answers = _answers(question, supported, passages, reader)
    shown: set[str] = set()
    given: set[str] = set()
    for c, found in zip(supported, answers):
        said = " ".join(c.text.casefold().split())
        answer = normalize_answer(found[0]) if found else ""
        c.scores["relevance"] = found[1] if found else 0.0
        if _headline(c.citation):
            reason = "copies a headline: the article's text, not its title, is the evidence"
        elif not found or found[1] < threshold:
            reason = "supported, but does not answer the question: the reader finds no answer in it"
        elif not _grounded(c, answer):
            reason = f"its answer is not in the span that supports it ({found[0]!r})"
        elif said in shown:
            reason = "repeats an earlier sentence"
        elif answer in given:
            reason = f"adds no answer to an earlier sentence (both say {found[0]!r})"
        else:
            shown.add(said)
            given.add(answer)
            continue
        c.supported, c.citation, c.reason = False, None, reason
    return Generated(draft, checked, any(c.abstains for c in claims))


def _phrase(c: CheckedSentence) -> bool:
    """A short answer the verifier found word for word ("Bloomberg"), not a sentence."""
    return bool(c.scores.get("verbatim"))


def _grounded(c: CheckedSentence, answer: str) -> bool:
    """The reader's answer is the source's: in the supporting span (for a sentence), or sharing
    words with the short answer it was read for (for a phrase, read in its span)."""
    if _phrase(c):
        return bool(set(answer.split()) & set(normalize_answer(c.text).split()))
    return answer in normalize_answer(c.citation.text)


def _headline(cite: Citation) -> bool:
    """Whether the span is the article's title line alone."""
    return " ".join(cite.text.split()).lstrip("# ") == " ".join(cite.title.split())


def _answers(
    question: str, sentences: list[CheckedSentence], passages: list[Passage], reader: Reader
) -> list[tuple[str, float] | None]:
    """The reader's answer to ``question`` inside each generated sentence, with its calibrated
    probability (the retrieval score of the cited passage and the question terms the sentence
    holds are the features the answerer uses too); None where it finds none. One reader call."""
    out: list[tuple[str, float] | None] = [None] * len(sentences)
    if not sentences:
        return out
    # A short answer is no sentence to read: the reader reads the span holding it instead.
    texts = [c.citation.text if _phrase(c) else c.text for c in sentences]
    asked, *held = terms([question] + texts)
    for span in reader.read(question, texts):
        if not span.text.strip():
            continue
        i = span.text_index
        cite = sentences[i].citation
        dense = next((p.dense for p in passages if p.source == cite.source and p.start <= cite.start < p.end), None)
        overlap = len(asked & held[i]) / len(asked) if asked else 0.0
        out[i] = (span.text, reader.probability(span, dense, overlap))
    return out
