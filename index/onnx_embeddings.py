"""A langchain ``Embeddings`` that runs an ONNX export of the model with onnxruntime."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from index.onnx_export import OUTPUT, _session, _tokenizer, feeds, mean_pool


def default_threads() -> int:
    """One intra-op thread per CPU this process may use (2 here), at most 8.

    More threads than cores only makes every op wait for the slowest one.
    """
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


class OnnxEmbeddings(Embeddings):
    """Sentence vectors as sentence-transformers makes them, from an ONNX file.

    Tokenize (the model's own tokenizer, truncated at 256 tokens), run the model, mean-pool the
    token vectors over the attention mask, L2-normalise. With the fp32 export the vectors equal
    sentence-transformers' to ~1e-6; the int8 export is the fast path.

    >>> from index.onnx_export import onnx_model
    >>> from index.settings import default_model_path
    >>> emb = OnnxEmbeddings(onnx_model(default_model_path(), "int8"), default_model_path())
    >>> len(emb.embed_query("Who is Dmitry Peskov?"))
    384

    Safe to share between threads: onnxruntime sessions and tokenizers allow concurrent calls.
    """

    def __init__(
        self,
        onnx_path: str | os.PathLike,
        model_path: str | os.PathLike,
        *,
        batch_size: int = 64,
        threads: int | None = None,
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be greater than 0, got {batch_size}")
        self.onnx_path = Path(onnx_path)
        self.batch_size = batch_size
        self.tokenizer = _tokenizer(model_path)
        self.session = _session(self.onnx_path, threads or default_threads())
        self.dimension = int(self.session.get_outputs()[0].shape[-1])

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of ``texts``, one row each, in order (float32)."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        # As langchain's HuggingFaceEmbeddings does (the tokenizer treats it as a space anyway).
        encodings = self.tokenizer.encode_batch([t.replace("\n", " ") for t in texts])
        # Longest first, in batches of similar length: little padding, and the big batches
        # run while the caller's memory is still cold.
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        for first in range(0, len(order), self.batch_size):
            rows = order[first : first + self.batch_size]
            inputs = feeds([encodings[i] for i in rows])
            tokens = self.session.run([OUTPUT], inputs)[0]
            out[rows] = mean_pool(tokens, inputs["attention_mask"])
        return out
