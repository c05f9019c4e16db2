"""Hybrid retrieval: dense search in Chroma plus BM25, fused by reciprocal rank, then reranked.

``HybridRetriever`` is a langchain ``BaseRetriever``, so it drops into any langchain chain;
``search`` returns typed ``Passage`` objects for citeqa's own answerer.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from typing import Any, Literal

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from index.lexical import LexicalCache, LexicalIndex, content_terms, tokenize
from index.store import Store
from qa.results import Passage

Mode = Literal["hybrid", "dense", "bm25"]

# Reranking blends the question-passage cosine with how much of the question's (IDF-weighted)
# vocabulary the passage holds. No cross-encoder ships inside a PyPI package we may install
# (we looked), so the reranker is built from the bi-encoder and BM25 statistics we have.
RERANK_DENSE_WEIGHT = 0.7
RERANK_LEXICAL_WEIGHT = 0.3


class HybridRetriever(BaseRetriever):
    """Dense + BM25 retrieval over a citeqa store, fused with RRF and reranked.

    >>> retriever = HybridRetriever(store=Store(), k=5)
    >>> docs = retriever.invoke("Who is Dmitry Peskov?")
    >>> docs[0].metadata["source"], docs[0].metadata["start"]
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: Store
    k: int = 5
    candidates: int = 30
    rrf_k: int = 60
    mode: Mode = "hybrid"
    rerank: bool = True
    lexical: LexicalCache | None = Field(default=None, exclude=True)
    vectorstore: Any = Field(default=None, exclude=True)

    def model_post_init(self, __context: Any) -> None:
        if self.k < 1:
            raise ValueError(f"k must be greater than 0, got {self.k}")
        if self.lexical is None:
            self.lexical = LexicalCache(self.store)

    @property
    def embeddings(self):
        """Questions are embedded exactly (fp32) whatever variant embedded the chunks; see index.settings."""
        from index.embedding import query_embedder

        return query_embedder()

    def _vectorstore(self):
        if self.vectorstore is None:
            from langchain_chroma import Chroma

            self.vectorstore = Chroma(
                client=self.store.client,
                collection_name=self.store.settings.collection,
                embedding_function=self.embeddings,
            )
        return self.vectorstore

    # -- the pipeline --------------------------------------------------------------------------

    def search(
        self,
        query: str,
        k: int | None = None,
        query_vector: list[float] | None = None,
        timings: dict[str, float] | None = None,
        lexical: LexicalIndex | None = None,
    ) -> list[Passage]:
        """The best ``k`` passages for ``query``, best first.

        ``timings``, if given, receives the milliseconds spent in "retrieve" and "rerank".
        """
        k = k or self.k
        started = time.perf_counter()
        index = lexical or self.lexical.get()
        if not index.ids:  # built from the store at its current generation: the store is empty
            return []
        # Every mode embeds the question: the reader's calibration reads each passage's cosine.
        qvec = query_vector if query_vector is not None else self.embeddings.embed_query(query)

        dense: dict[str, tuple[Document, float]] = {}
        if self.mode in ("hybrid", "dense"):
            hits = self._vectorstore().similarity_search_by_vector_with_relevance_scores(qvec, k=self.candidates)
            # Chroma returns cosine distance for our cosine-space collection.
            dense = {doc.id: (doc, 1.0 - distance) for doc, distance in hits}
        bm25_hits: dict[str, float] = {}
        if self.mode in ("hybrid", "bm25"):
            bm25_hits = dict(index.search(query, self.candidates))

        fused: dict[str, float] = {}
        for ranking in (list(dense), list(bm25_hits)):
            for rank, cid in enumerate(ranking):
                fused[cid] = fused.get(cid, 0.0) + 1.0 / (self.rrf_k + rank + 1)
        order = sorted(fused, key=fused.get, reverse=True)[: self.candidates]
        chunks = self.store.get_chunks(order)

        reranking = time.perf_counter()
        cosines = {cid: cos for cid, (_, cos) in dense.items()}
        if self.rerank:
            missing = [cid for cid in order if cid not in cosines]
            cosines |= self._cosines(qvec, missing)
        order = [cid for cid in order if cid in chunks]  # a chunk deleted between the two reads is skipped
        coverages: dict[str, float] = {}
        if self.rerank:
            # One tokenizer call for the question and every candidate, not one per candidate.
            tokens = tokenize([query, *(f"{chunks[cid].title}\n{chunks[cid].text}" for cid in order)])
            terms = content_terms(tokens[0])
            coverages = {cid: index.coverage(terms, set(t)) for cid, t in zip(order, tokens[1:])}
        passages = []
        for cid in order:
            c = chunks[cid]
            score = fused[cid]
            if cid in coverages:
                score = RERANK_DENSE_WEIGHT * cosines.get(cid, 0.0) + RERANK_LEXICAL_WEIGHT * coverages[cid]
            passages.append(
                Passage(
                    id=cid,
                    source=c.source,
                    title=c.title,
                    chunk=c.chunk,
                    start=c.start,
                    end=c.end,
                    text=c.text,
                    score=score,
                    dense=cosines.get(cid),
                    lexical=bm25_hits.get(cid),
                )
            )
        passages.sort(key=lambda p: p.score, reverse=True)
        top = passages[:k]
        # BM25's own hits have no cosine without the reranker: the answerer's calibration needs it.
        if missing := self._cosines(qvec, [p.id for p in top if p.dense is None]):
            top = [replace(p, dense=missing[p.id]) if p.id in missing else p for p in top]
        if timings is not None:
            timings["retrieve"] = (reranking - started) * 1000
            timings["rerank"] = (time.perf_counter() - reranking) * 1000
        return top

    def _cosines(self, qvec: list[float], ids: list[str]) -> dict[str, float]:
        if not ids:
            return {}
        got = self.store.collection.get(ids=ids, include=["embeddings"])
        return {
            cid: float(sum(a * b for a, b in zip(qvec, vec))) / (math.sqrt(sum(b * b for b in vec)) or 1.0)
            for cid, vec in zip(got["ids"], got["embeddings"])
        }

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [
            Document(
                id=p.id,
                page_content=p.text,
                metadata={
                    "source": p.source,
                    "title": p.title,
                    "chunk": p.chunk,
                    "start": p.start,
                    "end": p.end,
                    "score": p.score,
                },
            )
            for p in self.search(query)
        ]


__all__ = ["HybridRetriever"]
