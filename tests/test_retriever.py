"""The hybrid retriever, as a langchain retriever and in each mode."""

from __future__ import annotations

import pytest
from langchain_core.runnables import RunnableLambda

from qa import HybridRetriever


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_each_mode_finds_the_passage(seed_bot, mode):
    retriever = HybridRetriever(store=seed_bot.store, k=3, mode=mode)
    passages = retriever.search("Which Russian spokesman said this election is different?")
    assert passages and any("Peskov" in p.text for p in passages)
    assert [p.score for p in passages] == sorted((p.score for p in passages), reverse=True)


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
@pytest.mark.parametrize("rerank", [True, False])
def test_every_passage_has_its_cosine_to_the_question(seed_bot, mode, rerank):
    # The answerer's calibrated probability reads it: a missing cosine would read as 0.
    retriever = HybridRetriever(store=seed_bot.store, k=5, mode=mode, rerank=rerank)
    passages = retriever.search("Which Russian spokesman said this election is different?")
    assert passages and all(p.dense is not None and 0.0 < p.dense <= 1.0 for p in passages)


def test_it_is_a_langchain_retriever_in_a_chain(seed_bot):
    retriever = HybridRetriever(store=seed_bot.store, k=2)
    chain = retriever | RunnableLambda(lambda docs: [(d.metadata["source"], d.metadata["start"]) for d in docs])
    result = chain.invoke("New START treaty arms control")
    assert len(result) == 2
    docs = retriever.invoke("New START treaty arms control")
    assert "START" in docs[0].page_content
    # the metadata carries the exact span of the passage in its article
    source_text = seed_bot.article_text(docs[0].metadata["source"])
    assert source_text[docs[0].metadata["start"] : docs[0].metadata["end"]] == docs[0].page_content


def test_bad_settings_fail_at_construction(seed_bot):
    with pytest.raises(ValueError, match="k must be greater than 0"):
        HybridRetriever(store=seed_bot.store, k=0)
    with pytest.raises(ValueError, match="'hybrid', 'dense' or 'bm25'"):
        HybridRetriever(store=seed_bot.store, mode="fuzzy")


def test_an_empty_store_finds_nothing(tmp_path):
    from index.settings import Settings
    from index.store import Store

    retriever = HybridRetriever(store=Store(Settings(store=tmp_path / "empty")))
    assert retriever.search("Who is Dmitry Peskov?") == []


def test_rerank_blends_the_cosine_with_each_passages_own_coverage(seed_bot):
    # The rerank tokenizes all candidates in one call; each score must still be the per-passage blend.
    from qa.retrieval import RERANK_DENSE_WEIGHT, RERANK_LEXICAL_WEIGHT

    query = "What did Peskov say about the election result and the court challenges?"
    retriever = HybridRetriever(store=seed_bot.store, k=10)
    index = retriever.lexical.get()
    passages = retriever.search(query)
    assert len(passages) >= 5
    for p in passages:
        coverage = index.coverage(query, f"{p.title}\n{p.text}")
        assert p.score == RERANK_DENSE_WEIGHT * p.dense + RERANK_LEXICAL_WEIGHT * coverage


def test_a_question_costs_three_tokenizer_calls_and_two_embedding_calls(seed_bot, monkeypatch):
    # Retrieval (BM25 search, rerank) and the answerer each tokenize once; the question is
    # embedded once and the answerer's uncached sentences plus the focus in one more batch.
    import bm25s

    calls = {"tokenize": 0, "embed": 0}
    tokenize = bm25s.tokenize

    def counted_tokenize(*args, **kwargs):
        calls["tokenize"] += 1
        return tokenize(*args, **kwargs)

    monkeypatch.setattr(bm25s, "tokenize", counted_tokenize)
    emb = seed_bot.embeddings
    documents, query = emb.embed_documents, emb.embed_query

    def counted(fn):
        def call(arg):
            calls["embed"] += 1
            return fn(arg)

        return call

    object.__setattr__(emb, "embed_documents", counted(documents))
    object.__setattr__(emb, "embed_query", counted(query))
    try:
        answer = seed_bot.ask("How many nuclear warheads does the New START treaty allow each side?")
    finally:
        object.__setattr__(emb, "embed_documents", documents)
        object.__setattr__(emb, "embed_query", query)
    assert answer.passages
    assert calls["tokenize"] == 3
    assert 1 <= calls["embed"] <= 2
