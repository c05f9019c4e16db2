"""The typed results that cross qa's boundaries: retrieved passages, citations and answers."""

from __future__ import annotations

from dataclasses import dataclass, field

ABSTAIN_TEXT = "The articles don't say."


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with the scores that ranked it."""

    id: str
    source: str
    title: str
    chunk: int
    start: int
    end: int
    text: str
    score: float  # the final ranking score (higher is better)
    dense: float | None = None  # cosine similarity to the question, if known
    lexical: float | None = None  # BM25 score, if the chunk was a lexical hit

    def to_dict(self) -> dict:
        return {"source": self.source, "start": self.start, "end": self.end, "score": round(self.score, 4)}


@dataclass(frozen=True)
class Citation:
    """A verbatim slice of a source article: ``article_text[start:end] == text``."""

    source: str
    title: str
    start: int
    end: int
    text: str
    score: float

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": round(self.score, 4),
        }


@dataclass
class CheckedSentence:
    """A sentence an LLM generated, and whether a source span supports it (qa/verify.py)."""

    text: str
    cites: tuple[int, ...]  # the passage numbers the model cited
    supported: bool
    reason: str = ""  # why it was dropped ("" if supported)
    citation: Citation | None = None  # the exact span that supports it
    scores: dict[str, float] = field(default_factory=dict)  # cosine, coverage, order of that span

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "supported": self.supported,
            "reason": self.reason,
            "citation": self.citation.to_dict() if self.citation else None,
            "scores": {k: round(v, 3) for k, v in self.scores.items()},
        }


@dataclass
class Answer:
    """An answer with the citations it rests on, or an abstention."""

    question: str
    answer: str
    abstained: bool
    citations: list[Citation]
    latency_ms: float
    passages: list[Passage] = field(default_factory=list)  # what retrieval handed the answerer
    timings_ms: dict[str, float] = field(default_factory=dict)  # per stage
    searched: str = ""  # the question as searched (rewritten from the conversation, if it was)
    # With the llm answerer: "llm", or "extractive" when no generated sentence was supported.
    answered_by: str = "extractive"
    draft: str = ""  # what the LLM wrote, before verification
    checked: list[CheckedSentence] = field(default_factory=list)  # every generated sentence's verdict
    # The reader's short answer inside the first citation, in article offsets (None if abstained
    # or if the answer came from the LLM): ``article_text[span.start:span.end] == span.text``.
    span: Citation | None = None
    # The answers to the later parts of a two-part question, likewise ("Tass" after "Russia In
    # Global Affairs journal"): ``answer`` joins them all with "; ".
    part_spans: list[Citation] = field(default_factory=list)

    def span_in(self, citation: Citation) -> tuple[int, int] | None:
        """Where an answer span lies inside ``citation.text`` (offsets into it), if one does."""
        return next(iter(self.spans_in(citation)), None)

    def spans_in(self, citation: Citation) -> list[tuple[int, int]]:
        """Where each answer span inside ``citation.text`` lies (offsets into it), in the order of
        the answers ("Russia In Global Affairs journal" and "Tass" in one sentence); overlaps dropped."""
        inside: list[tuple[int, int]] = []
        for s in [self.span, *self.part_spans]:
            if s is not None and s.source == citation.source and citation.start <= s.start < s.end <= citation.end:
                a, b = s.start - citation.start, s.end - citation.start
                if all(b <= lo or a >= hi for lo, hi in inside):
                    inside.append((a, b))
        return inside

    @property
    def dropped(self) -> list[CheckedSentence]:
        """The generated sentences verification dropped."""
        return [c for c in self.checked if not c.supported]

    def generation_dict(self) -> dict:
        """How the answer was made: the answerer, the LLM's draft and each sentence's verdict."""
        return {"answered_by": self.answered_by, "draft": self.draft, "sentences": [c.to_dict() for c in self.checked]}

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [c.to_dict() for c in self.citations],
            "latency_ms": round(self.latency_ms, 1),
        }
