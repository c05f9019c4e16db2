"""Sentence embeddings for the answer checks, cached: popular passages are embedded once."""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np


class SentenceVectors:
    """An LRU cache of sentence embeddings: popular passages are embedded once per process."""

    def __init__(self, embeddings, size: int = 20000) -> None:
        self.embeddings = embeddings
        self.size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 1), np.float32)
        with self._lock:  # take the hits now: another thread may evict them while we embed
            found = {t: self._cache[t] for t in dict.fromkeys(texts) if t in self._cache}
            for t in found:
                self._cache.move_to_end(t)
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            vectors = np.asarray(self.embeddings.embed_documents(missing), dtype=np.float32)
            found |= dict(zip(missing, vectors))
            with self._lock:
                self._cache.update(zip(missing, vectors))
                while len(self._cache) > self.size:
                    self._cache.popitem(last=False)
        return np.stack([found[t] for t in texts])
