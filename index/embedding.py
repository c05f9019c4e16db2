"""The embedding model, loaded once per process per variant from the weights in the wheel."""

from __future__ import annotations

import os
import threading
from functools import lru_cache

from index.settings import EMBEDDING_VARIANTS, QUERY_EMBEDDING, IndexSettings, default_model_path, query_threads

_lock = threading.Lock()


@lru_cache(maxsize=4)
def _load(model_path: str, batch_size: int, variant: str):
    # Never reach for a hub: the weights are on disk, and this world has no internet.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no "Loading weights" bar per start
    if variant == "int8":
        from index.onnx_embeddings import OnnxEmbeddings
        from index.onnx_export import onnx_model

        # The first use exports and quantizes the packaged weights into the model cache.
        # One text per run: dynamic int8 quantizes activations per batch, so a batched text's
        # vector would depend on its batch-mates (cosine ~0.991 to the same text alone). Alone,
        # a chunk gets the same vector whenever it is embedded, and onnxruntime loses no speed
        # measurable here (no padding either).
        return OnnxEmbeddings(onnx_model(model_path, "int8"), model_path, batch_size=1)

    import transformers
    from langchain_huggingface import HuggingFaceEmbeddings

    # The env var only counts if set before huggingface_hub was imported (gradio imports it first).
    transformers.utils.logging.disable_progress_bar()

    return HuggingFaceEmbeddings(
        model_name=model_path,
        model_kwargs={"device": "cpu", "local_files_only": True},
        encode_kwargs={"normalize_embeddings": True, "batch_size": batch_size},
    )


def embedder(model_path: str | None = None, batch_size: int = 64, variant: str | None = None):
    """The shared langchain ``Embeddings`` for our model (thread-safe, loaded on first use).

    ``variant`` is "fp32" (sentence-transformers on torch) or "int8" (ONNX, onnxruntime); pass
    the store's (``Store.embeddings`` does). None means what a new store would get:
    ``$CITEQA_EMBEDDING``, else the default.
    """
    variant = variant or IndexSettings().variant
    if variant not in EMBEDDING_VARIANTS:
        raise ValueError(f"variant must be one of {', '.join(EMBEDDING_VARIANTS)}, got {variant!r}")
    with _lock:
        return _load(model_path or default_model_path(), batch_size, variant)


@lru_cache(maxsize=2)
def _load_query(model_path: str, threads: int):
    from index.onnx_embeddings import OnnxEmbeddings
    from index.onnx_export import onnx_model

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    # One text per run: a question's 5-25 candidate sentences differ in length, and a batch pads
    # them all to the longest; unbatched, p95 at 200k chunks fell to 0.67-0.79x (bench/README.md).
    return OnnxEmbeddings(onnx_model(model_path, QUERY_EMBEDDING), model_path, batch_size=1, threads=threads)


def query_embedder(model_path: str | None = None):
    """The ``Embeddings`` for questions and candidate answer sentences, whatever the store's variant.

    The exact model (fp32 weights exported to ONNX, the same vectors as sentence-transformers),
    on ``$CITEQA_QUERY_THREADS`` (default 1) onnxruntime threads. See ``index.settings``.
    """
    threads = query_threads()
    with _lock:
        return _load_query(model_path or default_model_path(), threads)
