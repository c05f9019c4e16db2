"""Reads an article file: decodes it, finds its title and the spans that hold real content."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from index.boilerplate import content_segments
from index.errors import ArticleError
from index.settings import ARTICLE_SUFFIXES

MAX_TITLE_CHARS = 200
MAX_FILE_BYTES = 10 * 1024 * 1024  # a "news article" past this is not one; ~15k chunks to embed


@dataclass(frozen=True)
class Article:
    """One decoded article. Every offset in citeqa indexes ``text``.

    ``text`` is the file decoded with ``encoding`` and newlines read as Python's text mode
    reads them, so ``Path(path).read_text(encoding=encoding)[start:end]`` gives the same slice.
    """

    source: str  # path relative to the folder it was added from (or the file name)
    path: Path  # absolute path on disk
    text: str
    title: str
    encoding: str
    sha256: str  # of the decoded text: same content, same hash, whatever the encoding
    segments: tuple[tuple[int, int], ...]  # content spans, page furniture left out


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode(data: bytes, name: str) -> tuple[str, str]:
    # UTF-16/32 text is full of NUL bytes: recognise it by its byte-order mark first.
    for bom, encoding in _BOMS:  # UTF-32 LE's mark starts with UTF-16 LE's: test it first
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise ArticleError(
                    name, f"starts with a {encoding.upper()} byte-order mark but does not decode; save it as UTF-8"
                ) from None
    if b"\x00" in data:
        raise ArticleError(
            name, "looks like a binary file (it contains NUL bytes); give a plain-text .txt or .md article"
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few stray bytes (a pasted Latin-1 fragment): keep the UTF-8 reading and
    # replace the stray bytes, rather than turn every other accented letter into mojibake.
    # The same text comes back from read_text(encoding="utf-8", errors="replace").
    lenient = data.decode("utf-8", errors="replace")
    if any(ord(ch) > 127 and ch != "\ufffd" for ch in lenient) and lenient.count("\ufffd") <= max(
        3, len(lenient) // 1000
    ):
        return lenient, "utf-8+replace"
    from charset_normalizer import from_bytes  # only needed for the rare non-UTF-8 file

    matches = list(from_bytes(data))
    if not matches:
        raise ArticleError(name, "cannot tell its text encoding (binary or corrupt?); save it as UTF-8 and retry")
    return _pick_code_page(data, matches)


# Letters a language needs that cp1252 lacks: a legacy text that decodes to several of them, all
# from the language the detector hears in it, is strong evidence for that code page.
_NOT_IN_CP1252 = {
    "Polish": "ąćęłńśźż",
    "Czech": "čďěňřťů",
    "Slovak": "čďĺľňŕť",
    "Hungarian": "őű",
    "Romanian": "ășțşţ",
    "Croatian": "čćđ",
    "Slovene": "čćđ",
    "Serbian": "čćđ",
    "Turkish": "ğış",
    "Lithuanian": "ąčęėįųū",
}
_WESTERN = ("cp1252", "latin_1", "iso8859_15")
_MESSY = 0.1  # charset-normalizer's mess ratio: how much worse the cp1252 reading may look


def _speaks(text: str, language: str | None) -> bool:
    """Whether ``text`` reads as ``language``, a language cp1252 cannot write: at least two of
    its letters outside cp1252 and no such letter of another language (Latin scripts), or mostly
    letters of its script (Cyrillic, Greek...). A misread Western text mixes odd letters."""
    if language in _NOT_IN_CP1252:
        extra = [ch for ch in text.lower() if ch.isalpha() and ord(ch) > 0xFF and ch not in "œšžÿƒ"]
        return len(extra) >= 2 and all(ch in _NOT_IN_CP1252[language] for ch in extra)
    if language in ("Russian", "Ukrainian", "Bulgarian", "Kazakh", "Greek", "Hebrew", "Arabic", "Farsi"):
        script = "GREEK" if language == "Greek" else "HEBREW" if language == "Hebrew" else None
        script = script or ("ARABIC" if language in ("Arabic", "Farsi") else "CYRILLIC")
        letters = [ch for ch in text if ch.isalpha()]
        native = sum(1 for ch in letters if ord(ch) > 127 and unicodedata.name(ch, "").startswith(script))
        return native >= 2 and native >= 0.5 * len(letters)  # mostly that script, not a few odd letters
    return False


def _decoded(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:  # the detector read only chunks of a long file
        return ""


def _pick_code_page(data: bytes, matches) -> tuple[str, str]:
    """The decoding of a non-UTF-8 ``data`` among charset-normalizer's ``matches``.

    News in this family is overwhelmingly English and Western European, and short texts tie
    between many code pages (Latin-1 "Café ... Zürich" reads as mac_latin2 "Cafť ... ZŁrich" with
    the same chaos). So cp1252 (Latin-1 when no byte 0x80-0x9F occurs; then the two agree) wins
    whenever it decodes the bytes, unless a detected code page reads as a language cp1252 cannot
    write (``_speaks``) or the cp1252 reading is clearly messier than the detector's best.
    """
    least = min(m.chaos for m in matches)
    fluent = [
        m
        for m in matches
        if m.encoding not in _WESTERN and m.chaos <= least + _MESSY and _speaks(_decoded(data, m.encoding), m.language)
    ]
    if fluent:
        best = min(fluent, key=lambda m: (m.chaos, -m.coherence))
        return data.decode(best.encoding), best.encoding
    has_c1 = re.search(rb"[\x80-\x9f]", data) is not None
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:  # a byte cp1252 leaves undefined: not Western text
        western = None
    if western is not None:
        from charset_normalizer.md import mess_ratio

        if mess_ratio(western[:100_000]) <= least + _MESSY:
            return western, "cp1252" if has_c1 else "latin_1"
    calm = [m for m in matches if m.chaos == least]
    best = max(calm, key=lambda m: m.coherence)
    return data.decode(best.encoding), best.encoding


def _looks_binary(text: str) -> bool:
    """A decodable but mostly-control-character text is a binary file in disguise."""
    sample = text[:20000]
    odd = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn") and ch not in "\n\t\f\v")
    return odd > 0.02 * max(1, len(sample))


def _title(text: str, path: Path) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("\ufeff").lstrip("#").strip()
        if line:
            return line if len(line) <= MAX_TITLE_CHARS else line[:MAX_TITLE_CHARS].rsplit(" ", 1)[0] + "…"
    return path.stem


def read_article(path: str | os.PathLike, source: str | None = None) -> Article:
    """Read and decode one article file.

    Raises ArticleError (one line: the file and what to do) when the file is missing, not a
    .txt/.md file, binary, undecodable, too large or without any text.
    """
    path = Path(path)
    name = source or path.name
    if not path.exists():
        raise ArticleError(str(path), "no such file or folder; check the path")
    if path.is_dir():
        raise ArticleError(str(path), "is a folder; pass it as a folder to index all its .txt/.md files")
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        raise ArticleError(
            str(path),
            f"unsupported file type '{path.suffix or '(none)'}'; citeqa indexes {' and '.join(ARTICLE_SUFFIXES)} files",
        )
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ArticleError(
                str(path),
                f"is {size / 2**20:.0f} MB, over the {MAX_FILE_BYTES // 2**20} MB limit for one article; split it",
            )
        data = path.read_bytes()
    except PermissionError:
        raise ArticleError(str(path), "cannot be read (permission denied); check its permissions") from None
    except OSError as exc:
        raise ArticleError(str(path), f"cannot be read ({exc.strerror or exc}); check the file") from None
    text, encoding = _decode(data, str(path))
    # Python's text mode turns \r\n and \r into \n; do the same so offsets match read_text().
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _looks_binary(text):
        raise ArticleError(str(path), "looks like a binary file, not text; give a plain-text .txt or .md article")
    if not text.strip():
        raise ArticleError(str(path), "is empty; nothing to index")
    segments = tuple(content_segments(text))
    if not segments:
        raise ArticleError(str(path), "holds only page boilerplate (sign-up prompts, link lists); nothing to index")
    return Article(
        source=name,
        path=path.resolve(),
        text=text,
        title=_title(text, path),
        encoding=encoding,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        segments=segments,
    )
