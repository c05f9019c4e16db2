"""The BM25 index: built page by page into term ids, it must equal bm25s's own build bit for bit."""

from __future__ import annotations

import json
from pathlib import Path

import bm25s
import numpy as np
import pytest
from conftest import BBC_QUESTION_SETS

from index.lexical import LexicalIndex, content_terms, query_terms, tokenize

DATA = Path(__file__).parent / "data"
SEEDS = Path(__file__).parent.parent / "seeds"


class PagedTexts:
    """Just enough of a Store for LexicalIndex.build: chunks handed out a few at a time."""

    def __init__(self, texts: list[str], page: int = 7) -> None:
        self.texts = texts
        self.page = page

    def iter_chunks(self):
        for i in range(0, len(self.texts), self.page):
            part = self.texts[i : i + self.page]
            yield [f"c{j}" for j in range(i, i + len(part))], part


def _texts() -> list[str]:
    texts = [p.strip() for f in sorted(SEEDS.glob("*.txt")) for p in f.read_text().split("\n\n") if p.strip()]
    # chunks with no terms, only stop words, repeated terms, non-ASCII words, and a duplicate
    return texts + ["", "the and of it", "tax tax tax tax rise", "Zürich’s café déjà-vu naïve", texts[0]]


def _questions() -> list[str]:
    return [json.loads(line)["question"] for line in (DATA / "dev_questions.jsonl").read_text().splitlines()]


def _reference(texts: list[str]) -> bm25s.BM25:
    """How the index was built before: every chunk's token strings, then BM25.index."""
    bm25 = bm25s.BM25()
    bm25.index(tokenize(texts), show_progress=False)
    return bm25


def _columns(bm25: bm25s.BM25) -> dict[str, tuple[list[int], bytes]]:
    s = bm25.scores
    out = {}
    for term, t in bm25.vocab_dict.items():
        if t < len(s["indptr"]) - 1:
            part = slice(s["indptr"][t], s["indptr"][t + 1])
            out[term] = (s["indices"][part].tolist(), s["data"][part].tobytes())
    return out


def test_paged_build_equals_bm25s_bit_for_bit():
    texts = _texts()
    built = LexicalIndex.build(PagedTexts(texts), generation=3)
    reference = _reference(texts)
    assert built.ids == [f"c{i}" for i in range(len(texts))] and built.generation == 3
    assert set(built.bm25.vocab_dict) == set(reference.vocab_dict)  # the ids may be numbered differently
    assert _columns(built.bm25) == _columns(reference)
    assert built.bm25.scores["num_docs"] == reference.scores["num_docs"] == len(texts)
    for key in ("data", "indices", "indptr"):
        assert built.bm25.scores[key].dtype == reference.scores[key].dtype


def test_paged_build_scores_every_question_as_before(tmp_path):
    texts = _texts()
    built = LexicalIndex.build(PagedTexts(texts, page=5), generation=1)
    before = LexicalIndex(built.ids, _reference(texts), 1)
    built.save(tmp_path / "bm25")
    loaded = LexicalIndex.load(tmp_path / "bm25", 1)
    for q in _questions():
        expected = before.search(q, 10)
        assert built.search(q, 10) == expected
        assert loaded.search(q, 10) == expected
        for term in query_terms(q):
            assert built.idf(term) == before.idf(term)


def test_a_store_without_terms_has_no_bm25():
    index = LexicalIndex.build(PagedTexts(["", "the of and"]), generation=0)
    assert index.bm25 is None and index.ids == ["c0", "c1"]
    assert index.search("anything at all", 5) == []
    empty = LexicalIndex.build(PagedTexts([]), generation=0)
    assert empty.ids == [] and empty.search("tax", 5) == []


@pytest.mark.parametrize("name", ["dev_questions", *BBC_QUESTION_SETS])
def test_tokens_of_joined_words_are_the_words_tokens(name):
    # The answerer tokenizes a question's words once and derives its focus text's terms from
    # them: that is only right if tokens never span the space between two words.
    import re

    words_of = re.compile(r"[\w'’-]+").findall
    for line in (DATA / f"{name}.jsonl").read_text().splitlines():
        words = words_of(json.loads(line)["question"])
        for kept in (words, words[1::2], words[::3]):
            joined = tokenize([" ".join(kept)])[0]
            assert joined == [t for tokens in tokenize(kept) for t in tokens] if kept else joined == []
            assert content_terms(joined) == query_terms(" ".join(kept))


def test_content_terms_drop_question_words_and_repeats():
    assert content_terms(["who", "tax", "said", "tax", "rise", "did"]) == ["tax", "rise"]
    assert content_terms(tokenize(["What did he say about tax?"])[0]) == query_terms("What did he say about tax?")
    assert np.isfinite(LexicalIndex([], None, 0).idf("tax"))
