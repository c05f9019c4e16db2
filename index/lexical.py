"""The BM25 side of retrieval: a sparse bm25s index over the store's chunks.

It is rebuilt from the store's own documents whenever the store's write generation moves on,
and (for an embedded store) saved beside it, so the lexical side can never drift from Chroma,
also when the store lives on a Chroma server.
"""

from __future__ import annotations

import itertools
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
    return content_terms(tokenize([query])[0])


def content_terms(tokens: list[str]) -> list[str]:
    """``query_terms`` of an already tokenized question: its distinct tokens, question words out."""
    return [t for t in dict.fromkeys(tokens) if t not in _QUESTION_WORDS]


class LexicalIndex:
    """BM25 over chunk texts, keyed by chunk id."""

    def __init__(self, ids: list[str], bm25, generation: int) -> None:
        self.ids = ids
        self.bm25 = bm25
        self.generation = generation

    @classmethod
    def build(cls, store, generation: int) -> LexicalIndex:
        """Index the store's chunks; ``generation`` must be read before the scan starts, so a
        write landing during it leaves the result stamped as stale.

        Each page of chunks is tokenized straight into term ids and reduced to numpy rows of
        (term, chunk, count), sorted by term, so no per-token Python object outlives its page
        (``bm25s.BM25.index`` wants every chunk's tokens as Python lists: ~30M objects at 200k
        chunks). Once the corpus statistics are known, each page's scores are written straight
        into their place in the final CSC matrix. The scores are bm25s's own, bit for bit
        (tests/test_lexical.py compares the two).
        """
        import bm25s
        import numpy as np

        ids: list[str] = []
        vocab: dict[str, int] = {}
        df = np.zeros(0, dtype=np.int64)  # chunks holding each term
        lengths: list[np.ndarray] = []  # tokens per chunk
        pages: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]] = []  # (first chunk, term, chunk, count)
        for page_ids, texts in store.iter_chunks():
            first = len(ids)
            ids += page_ids
            page = bm25s.tokenize(texts, stopwords="en", stemmer=_stemmer(), show_progress=False, return_ids=True)
            to_global = np.zeros(max(page.vocab.values(), default=-1) + 1, dtype=np.int64)
            for token, local in page.vocab.items():
                to_global[local] = vocab.setdefault(token, len(vocab))
            sizes = np.fromiter(map(len, page.ids), dtype=np.int64, count=len(page.ids))
            flat = to_global[
                np.fromiter(itertools.chain.from_iterable(page.ids), dtype=np.int64, count=int(sizes.sum()))
            ]
            doc = np.repeat(np.arange(len(page.ids), dtype=np.int64), sizes)
            del page
            pairs, n = np.unique((flat << 32) | doc, return_counts=True)  # one row per (term, chunk)
            terms = (pairs >> 32).astype(np.int32)
            small = len(page_ids) <= 1 << 16 and n.max(initial=0) < 1 << 16
            pages.append((first, terms, *(a.astype(np.uint16 if small else np.int64) for a in (pairs & 0xFFFFFFFF, n))))
            df = np.concatenate([df, np.zeros(len(vocab) - len(df), dtype=np.int64)])
            df += np.bincount(terms, minlength=len(vocab))
            lengths.append(sizes)
            del flat, doc, pairs, n
        if not vocab:
            return cls(ids, None, generation)
        bm25 = bm25s.BM25()
        bm25.scores = _bm25_scores(bm25, np.concatenate(lengths), df, pages)
        if "" not in vocab:  # what BM25.index(create_empty_token=True) adds
            vocab[""] = len(vocab)
        bm25.vocab_dict = vocab
        bm25.unique_token_ids_set = set(vocab.values())
        bm25.nonoccurrence_array = None
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


def _bm25_scores(bm25, lengths, df, pages: list) -> dict:
    """bm25s's CSC score matrix (``BM25.build_index_from_ids``) from pages of (term, chunk,
    count) rows sorted by term; ``pages`` is emptied as it goes.

    The same float operations in the same dtypes as bm25s's per-document loop, page by page:
    lucene idf (math.log, stored as float32), lucene tf component in float64, the product
    rounded to float32. Within a term's column the chunks come in order, as bm25s sorts them.
    """
    import numpy as np

    if bm25.method != "lucene" or bm25.idf_method not in (None, "lucene"):
        raise ValueError(f"only bm25s's lucene scoring is built here, not {bm25.method!r}")
    n_docs, n_vocab = len(lengths), len(df)
    avg_doc_len = lengths.mean()  # as bm25s: the mean of an int64 array
    idf = np.zeros(n_vocab, dtype=bm25.dtype)
    for t, d in enumerate(df.tolist()):
        if d:
            idf[t] = math.log(1 + (n_docs - d + 0.5) / (d + 0.5))
    indptr = np.zeros(n_vocab + 1, dtype=np.int64)
    np.cumsum(df, out=indptr[1:])
    data = np.empty(indptr[-1], dtype=bm25.dtype)
    indices = np.empty(indptr[-1], dtype=np.int32)
    cursor = indptr[:-1].copy()  # where each term's next entry goes
    k1, b = bm25.k1, bm25.b
    pages.reverse()
    while pages:
        first, terms, local, counts = pages.pop()
        present, starts, sizes = np.unique(terms, return_index=True, return_counts=True)
        at = cursor[terms] + (np.arange(len(terms)) - np.repeat(starts, sizes))
        cursor[present] += sizes
        docs = local.astype(np.int64) + first
        tf = counts.astype(np.float32)
        tfc = tf / (k1 * ((1 - b) + b * lengths[docs].astype(np.float64) / avg_doc_len) + tf)
        data[at] = (idf[terms] * tfc).astype(bm25.dtype)
        indices[at] = docs
    return {"data": data, "indices": indices, "indptr": indptr, "num_docs": n_docs}


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
