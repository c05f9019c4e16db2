"""Turns article files into chunks with exact offsets and stores them, embedded, in Chroma."""

from index.articles import Article, read_article
from index.chunking import Chunk, chunk_article
from index.errors import ArticleError, CiteqaError, IndexingError, StoreMismatchError
from index.settings import IndexSettings, Settings
from index.store import IndexReport, Store

__all__ = [
    "Article",
    "ArticleError",
    "Chunk",
    "CiteqaError",
    "IndexReport",
    "IndexSettings",
    "IndexingError",
    "Settings",
    "Store",
    "StoreMismatchError",
    "chunk_article",
    "read_article",
]
