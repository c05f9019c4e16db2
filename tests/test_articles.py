"""Reading articles: encodings, titles, refusals with clear messages, page furniture."""

from __future__ import annotations

import pytest
from conftest import BBC, SEEDS

from index import ArticleError, read_article
from index.boilerplate import content_segments, furniture_spans


def test_seed_titles_are_the_headlines():
    titles = {p.name: read_article(p).title for p in SEEDS.glob("*.txt")}
    assert titles["putin-still-not-ready-to-acknowledge-trump-loss.txt"] == (
        "Russia's Putin says he still isn't ready to acknowledge Trump's loss"
    )
    assert titles["putin-not-ready-to-recognize-biden.txt"].startswith("Putin explain why")


def test_latin1_article_is_decoded_and_its_encoding_noted(tmp_path):
    text = "Café talks in Zürich\n\nThe café owner, José Müller, served crème brûlée to 300 guests.\n"
    path = tmp_path / "cafe.txt"
    path.write_bytes(text.encode("latin-1"))
    article = read_article(path)
    assert article.text == text
    assert article.encoding in ("latin_1", "cp1252", "iso8859_15")
    assert article.title == "Café talks in Zürich"


def test_crlf_offsets_match_text_mode_reading(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"Headline here\r\n\r\nFirst sentence of the body. Second one follows.\r\n")
    article = read_article(path)
    assert article.text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \n\t\n   \n", "empty"),
        ("report.pdf", b"%PDF-1.4 some text", "unsupported file type"),
    ],
)
def test_bad_files_are_refused_with_one_clear_line(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ArticleError) as err:
        read_article(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(ArticleError, match="no such file"):
        read_article(tmp_path / "nope.txt")


def test_seed_page_furniture_is_left_out():
    path = SEEDS / "putin-still-not-ready-to-acknowledge-trump-loss.txt"
    article = read_article(path)
    kept = "".join(article.text[s:e] for s, e in article.segments)
    assert "they're already ruined" in kept  # the article's last sentence stays
    for furniture in ("Subscribe to The Week", "Sign up for", "Peter has worked", "Dehorning rhinos", "speed read"):
        assert furniture not in kept
    first = read_article(SEEDS / "putin-not-ready-to-recognize-biden.txt")
    assert "Follow us on Google News" not in "".join(first.text[s:e] for s, e in first.segments)


def test_furniture_rules_on_made_up_pages():
    body = " ".join(["The council approved the new budget after a long debate about schools and roads."] * 4)
    page = (
        f"Budget passed\n\n{body}\n\nSign up for our newsletter\n{body}\n\n"  # a prompt mid-article
        "Share this article\nMore from Politics\n-\nMayor opens bridge\n-\nStrike ends early\n-\nRain expected\n"
    )
    kept = "".join(page[s:e] for s, e in content_segments(page))
    assert kept.count(body) == 2  # the text after the mid-article prompt is kept
    assert "Sign up" not in kept and "More from" not in kept and "Mayor opens bridge" not in kept


@pytest.mark.slow
def test_real_news_articles_have_no_false_furniture():
    files = sorted(BBC.glob("*/*.txt"))
    assert len(files) > 2000, f"BBC corpus not found at {BBC}"
    flagged = [f for f in files if furniture_spans(read_article(f).text)]
    assert flagged == []
