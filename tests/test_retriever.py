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
