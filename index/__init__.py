"""Turns article files into chunks with exact offsets and stores them, embedded, in Chroma."""

import os

# Set before huggingface_hub or transformers is first imported (they read these once):
# no hub requests, and no "Loading weights" progress bar on every start.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

from index.articles import Article, read_article
from index.chunking import Chunk, chunk_article
from index.errors import ArticleError, CiteqaError, IndexingError, StoreChangedError, StoreMismatchError
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
    "StoreChangedError",
    "StoreMismatchError",
    "chunk_article",
    "read_article",
]
