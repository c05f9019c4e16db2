"""The BM25 side of retrieval: a sparse bm25s index over the store's chunks.

It is rebuilt from the store's own documents whenever the store's write generation moves on,
and (for an embedded store) saved beside it, so the lexical side can never drift from Chroma,
also when the store lives on a Chroma server.
"""

from __future__ import annotations

import json
import math
import shutil
import tempfile
import threading
from pathlib import Path

LEXICAL_DIR = ".citeqa-bm25"


_local = threading.local()


def _stemmer():
    # PyStemmer objects keep a cache and are not thread-safe: one per thread (Gradio workers).
    if not hasattr(_local, "stemmer"):
        import Stemmer

        _local.stemmer = Stemmer.Stemmer("english")
    return _local.stemmer


def tokenize(texts: list[str]) -> list[list[str]]:
    """Lower-cased, stop-word-free, stemmed word tokens (the same for documents and queries)."""
    import bm25s

    return bm25s.tokenize(texts, stopwords="en", stemmer=_stemmer(), show_progress=False, return_ids=False)


# Words that shape a question but are not what it is about.
_QUESTION_WORDS = {
    "who",
    "whom",
    "whose",
    "what",
    "when",
    "where",
    "why",
    "how",
    "which",
    "did",
    "doe",
    "do",
    "say",
    "said",
    "tell",
    "accord",
    "articl",
    "mention",
    "describ",
    "explain",
    "report",
}


def query_terms(query: str) -> list[str]:
    """The content terms of a question (stemmed), without question words; may be empty."""
    return [t for t in dict.fromkeys(tokenize([query])[0]) if t not in _QUESTION_WORDS]


class LexicalIndex:
    """BM25 over chunk texts, keyed by chunk id."""

    def __init__(self, ids: list[str], bm25, generation: int) -> None:
        self.ids = ids
        self.bm25 = bm25
        self.generation = generation

    @classmethod
    def build(cls, store, generation: int) -> LexicalIndex:
        """Index the store's chunks; ``generation`` must be read before the scan starts, so a
        write landing during it leaves the result stamped as stale."""
        import bm25s

        ids: list[str] = []
        tokens: list[list[str]] = []
        for page_ids, texts in store.iter_chunks():
            ids += page_ids
            tokens += tokenize(texts)
        bm25 = None
        if ids:
            bm25 = bm25s.BM25()
            bm25.index(tokens, show_progress=False)
        return cls(ids, bm25, generation)

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) of the best k chunks with any query term, best first."""
        if self.bm25 is None:
            return []
        q = tokenize([query])
        if not q[0]:
            return []
        docs, scores = self.bm25.retrieve(q, k=min(k, len(self.ids)), show_progress=False, n_threads=1)
        return [(self.ids[d], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]

    def idf(self, term: str) -> float:
        """BM25's inverse document frequency; a term the corpus lacks gets the highest value."""
        n = len(self.ids)
        df = 0
        if self.bm25 is not None and term in self.bm25.vocab_dict:
            t = self.bm25.vocab_dict[term]
            indptr = self.bm25.scores["indptr"]
            df = int(indptr[t + 1] - indptr[t])
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def coverage(self, query: str | list[str], text: str | set[str]) -> float:
        """IDF-weighted share of the question's content terms that occur in ``text`` (0..1)."""
        terms = query_terms(query) if isinstance(query, str) else query
        if not terms:
            return 0.0
        present = text if isinstance(text, set) else set(tokenize([text])[0])
        weights = [self.idf(t) for t in terms]
        return sum(w for t, w in zip(terms, weights) if t in present) / (sum(weights) or 1.0)

    # -- persistence ---------------------------------------------------------------------------

    def save(self, folder: Path) -> None:
        """Write the index beside the store; if another process races us, keep ours in memory."""
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=folder.name + ".tmp-"))  # one per writer
        try:
            if self.bm25 is not None:
                self.bm25.save(str(tmp), show_progress=False)
            (tmp / "citeqa.json").write_text(json.dumps({"generation": self.generation, "ids": self.ids}))
            shutil.rmtree(folder, ignore_errors=True)
            tmp.rename(folder)  # a reader sees the old index or the new one, never half of one
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path, generation: int) -> LexicalIndex | None:
        try:
            meta = json.loads((folder / "citeqa.json").read_text())
        except (OSError, ValueError):
            return None
        if meta.get("generation") != generation:
            return None
        bm25 = None
        if meta["ids"]:
            import bm25s

            try:
                bm25 = bm25s.BM25.load(str(folder), show_progress=False, mmap=True)
            except Exception:  # a damaged cache is rebuilt, never trusted
                return None
        return cls(meta["ids"], bm25, generation)


class LexicalCache:
    """Hands out the lexical index for a store, rebuilding it when the store changed."""

    def __init__(self, store) -> None:
        self.store = store
        self._index: LexicalIndex | None = None
        self._lock = threading.Lock()

    def get(self) -> LexicalIndex:
        generation = self.store.generation
        with self._lock:
            if self._index is not None and self._index.generation == generation:
                return self._index
            folder = self.store.settings.store / LEXICAL_DIR if self.store.local else None
            index = LexicalIndex.load(folder, generation) if folder else None
            if index is None:
                index = LexicalIndex.build(self.store, generation)
                if folder and self.store.generation == generation:  # no write during the build
                    index.save(folder)
            self._index = index
            return index
