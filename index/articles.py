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
    # Short texts tie between many code pages; news in this family is overwhelmingly Western
    # European, so break ties towards Latin-1 (or cp1252 when its extra bytes 0x80-0x9F occur).
    western = ("cp1252", "latin_1") if re.search(rb"[\x80-\x9f]", data) else ("latin_1", "cp1252")
    least = min(m.chaos for m in matches)
    calm = [m for m in matches if m.chaos == least]
    best = next((m for w in western for m in calm if m.encoding == w), max(calm, key=lambda m: m.coherence))
    # Without bytes 0x80-0x9F, cp1252 and Latin-1 decode identically: call it Latin-1.
    encoding = "latin_1" if best.encoding == "cp1252" and western[0] == "latin_1" else best.encoding
    return data.decode(encoding), encoding


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
