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


# -- legacy code pages: Western European news reads as cp1252/Latin-1, other languages keep theirs --

CAFE = "Café owners in Zürich protest\n\nThe café owners of Zürich marched on Monday against new rules.\n"
WESTERN = {
    "french": "Le maire de Besançon a rencontré les élèves. « Ça va très bien », a-t-il déclaré à la presse.\n",
    "german": "Die Bürger in Köln und München äußern sich über die Straßenbahn. Jürgen Weiß ist froh.\n",
    "spanish": "El señor Muñoz y la niña llegaron a Cádiz el miércoles; él pagó 5 € por el café.\n",
    "quotes": "“We will not give up”, said José Müller — the owner — on Monday. It cost €40.\n",
    "names": "Renée Françoise and Zoë Åström met Núñez and Björn in São Paulo on Tuesday.\n",
}
LONG_WESTERN = (  # an article-length text in three languages, with every cp1252 extra that news uses
    "Markets in Europe — a long week\n\n"
    + "In Paris, the économiste Hélène Dupré said “prices rose by 3%” and the euro fell to €1.04. " * 6
    + "\n\nIn Berlin, Bürgermeister Jörg Großmann sprach über die Wärmepumpen und die Straße. " * 6
    + "\n\nEn Málaga, la señora Núñez dijo que el año fue difícil — ‘muy difícil’ — para todos. " * 6
    + "\n"
)
CENTRAL = {  # real sentences in each language, saved in the code page its speakers used
    "polish-cp1250": (
        "Prezydent Polski spotkał się w środę z premierem. Rozmawiali o gospodarce, podatkach i służbie "
        "zdrowia. Według rzecznika rządu rozmowa była rzeczowa, a obie strony zgodziły się, że trzeba "
        "szybko przyjąć ustawę o pomocy dla rolników.\n",
        "cp1250",
    ),
    "polish-iso8859_2": (
        "Żołnierze wrócili do Łodzi w piątek. Mieszkańcy miasta przywitali ich na głównym placu, a "
        "burmistrz podziękował im za służbę.\n",
        "iso8859_2",
    ),
    "czech-cp1250": (
        "Vláda ve středu schválila návrh rozpočtu na příští rok. Ministr financí řekl, že schodek bude "
        "nižší než letos a že peníze půjdou hlavně na školství, dopravu a zdravotnictví.\n",
        "cp1250",
    ),
    "hungarian-cp1250": (
        "A kormány szerdán elfogadta a jövő évi költségvetés tervezetét. A pénzügyminiszter szerint a "
        "hiány kisebb lesz, mint idén, és a pénz főként az oktatásra és az egészségügyre megy, a "
        "műsorok és a fűtés támogatása pedig csökken.\n",
        "cp1250",
    ),
    "russian-cp1251": (
        "Президент России Владимир Путин заявил в среду, что переговоры продолжатся на следующей неделе.\n",
        "cp1251",
    ),
    "turkish-cp1254": (
        "Bugün İstanbul'da yağmur yağdı ve şehir merkezinde trafik durdu. Belediye başkanı açıklama yaptı.\n",
        "cp1254",
    ),
}


def _read_bytes(tmp_path, name: str, data: bytes):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    return read_article(path)


def test_the_latin1_cafe_article_is_not_read_as_mac_latin2(tmp_path):
    article = _read_bytes(tmp_path, "cafe", CAFE.encode("latin-1"))
    assert article.title == "Café owners in Zürich protest"
    assert article.text == CAFE
    assert article.encoding == "latin_1"


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:  # curly quotes, dashes and € exist in cp1252 only
        return False
    return True


@pytest.mark.parametrize(
    ("name", "encoding"),
    [(n, e) for n, t in [*WESTERN.items(), ("long", LONG_WESTERN)] for e in ("cp1252", "latin-1") if _encodable(t, e)],
)
def test_western_european_news_decodes_as_cp1252_or_latin1(tmp_path, name, encoding):
    text = LONG_WESTERN if name == "long" else WESTERN[name]
    data = text.encode(encoding)
    article = _read_bytes(tmp_path, name, data)
    assert article.text == text
    assert article.encoding == ("cp1252" if any(0x80 <= b <= 0x9F for b in data) else "latin_1")


def test_cp1252_extras_are_read_as_such(tmp_path):
    data = b"Headline \x96 a test\n\n\x93Quoted,\x94 he said \x97 it cost \x8040 and \x85 more.\n"
    article = _read_bytes(tmp_path, "extras", data)
    assert article.text == "Headline – a test\n\n“Quoted,” he said — it cost €40 and … more.\n"
    assert article.encoding == "cp1252"


@pytest.mark.parametrize("name", list(CENTRAL))
def test_other_languages_keep_their_code_page(tmp_path, name):
    text, encoding = CENTRAL[name]
    article = _read_bytes(tmp_path, name, text.encode(encoding))
    assert article.text == text, article.encoding
    assert text.encode(article.encoding) == text.encode(encoding)  # the detected page, or one that agrees


@pytest.mark.slow
def test_the_cafe_article_is_cited_for_its_question(tmp_path):
    from qa import Assistant

    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "cafe.txt").write_bytes(CAFE.encode("latin-1"))
    bot = Assistant(store=tmp_path / "store")
    bot.add([folder])
    answer = bot.ask("Where did the café owners march?")
    assert not answer.abstained, answer.answer
    cite = answer.citations[0]
    assert cite.source == "cafe.txt" and cite.title == "Café owners in Zürich protest"
    assert "Zürich" in cite.text
    assert CAFE[cite.start : cite.end] == cite.text
