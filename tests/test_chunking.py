"""Chunks are exact slices of the article text, on sentence boundaries, with stable ids."""

from __future__ import annotations

from conftest import BBC, SEEDS

from index import IndexSettings, chunk_article, read_article

DEFAULT = IndexSettings()


def _check(article, settings=DEFAULT):
    chunks = chunk_article(article, settings)
    assert chunks, article.source
    for i, chunk in enumerate(chunks):
        assert article.text[chunk.start : chunk.end] == chunk.text
        assert chunk.chunk == i
        assert len(chunk.text) <= settings.chunk_size
        assert chunk.title == article.title
    return chunks


def test_seed_chunks_are_exact_slices():
    for path in SEEDS.glob("*.txt"):
        _check(read_article(path))


def test_bbc_sample_chunks_are_exact_slices():
    for path in sorted(BBC.glob("*/*.txt"))[::50]:
        _check(read_article(path, source=path.relative_to(BBC).as_posix()))


def test_chunks_end_on_sentence_boundaries():
    article = read_article(SEEDS / "putin-not-ready-to-recognize-biden.txt")
    for chunk in _check(article):
        assert chunk.text.rstrip("'\"”’)").endswith((".", "?", "!", "election")), chunk.text[-40:]


def test_ids_are_stable_and_depend_on_content(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nOne sentence here. Another sentence there.\n")
    first = [c.id for c in chunk_article(read_article(path))]
    assert first == [c.id for c in chunk_article(read_article(path))]
    path.write_text("Title\n\nOne sentence here. A changed sentence there.\n")
    assert first != [c.id for c in chunk_article(read_article(path))]


def test_a_line_without_sentence_breaks_is_still_chunked(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("Title\n\n" + "word " * 3000)
    settings = IndexSettings()
    chunks = _check(read_article(path), settings)
    assert len(chunks) > 3
