"""Turns a question into an answer with exact citations from the indexed articles."""

from index.errors import ArticleError, CiteqaError, IndexingError, StoreMismatchError
from index.settings import Settings
from qa.assistant import Assistant
from qa.results import ABSTAIN_TEXT, Answer, Citation, Passage
from qa.retrieval import HybridRetriever

__all__ = [
    "ABSTAIN_TEXT",
    "Answer",
    "ArticleError",
    "Assistant",
    "Citation",
    "CiteqaError",
    "HybridRetriever",
    "IndexingError",
    "Passage",
    "Settings",
    "StoreMismatchError",
]
