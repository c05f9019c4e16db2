"""Splits an article into overlapping passages on sentence boundaries, keeping exact offsets."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from index.articles import Article
from index.settings import IndexSettings

# Paragraphs first, then lines, then sentence ends (with an optional closing quote), then words.
_SEPARATORS = [r"\n\s*\n", r"\n", r"(?<=[.!?])\s+", r"(?<=[.!?][\"'”’)])\s+", r"[;:]\s+", r"\s+", ""]


@dataclass(frozen=True)
class Chunk:
    """A passage of an article: ``article.text[start:end] == text``."""

    id: str
    source: str
    title: str
    chunk: int  # position of the chunk within its article
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return asdict(self)


def chunk_id(source: str, start: int, text: str) -> str:
    """Content hash: the same passage of the same article always gets the same id."""
    return hashlib.sha256(f"{source}\x00{start}\x00{text}".encode()).hexdigest()[:32]


def splitter(settings: IndexSettings) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        separators=_SEPARATORS,
        is_separator_regex=True,
        keep_separator="end",  # merge with "" so every piece is an exact slice
        chunk_size=settings.chunk_size,
        chunk_overlap=settings.chunk_overlap,
        strip_whitespace=True,
    )


def chunk_article(article: Article, settings: IndexSettings = IndexSettings()) -> list[Chunk]:
    """Chunks of the article's content segments, in order, each an exact slice of its text."""
    split = splitter(settings).split_text
    chunks: list[Chunk] = []
    for seg_start, seg_end in article.segments:
        segment = article.text[seg_start:seg_end]
        cursor = 0
        for piece in split(segment):
            # The splitter returns exact substrings in order; find each from the previous start
            # (overlap means a piece may begin before the previous one ended).
            local = segment.find(piece, cursor)
            if local < 0:  # cannot happen with strip_whitespace splits, but never emit a bad offset
                raise AssertionError(f"chunk not found in {article.source} at {seg_start + cursor}")
            cursor = local + 1
            start = seg_start + local
            chunks.append(
                Chunk(
                    id=chunk_id(article.source, start, piece),
                    source=article.source,
                    title=article.title,
                    chunk=len(chunks),
                    start=start,
                    end=start + len(piece),
                    text=piece,
                )
            )
    return chunks
