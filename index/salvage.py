"""Reading a damaged embedded store's chunks back from its SQLite file, to rebuild it.

Chroma 1.5 keeps an embedded collection in two segments: documents and metadata in SQLite,
vectors in HNSW files beside it. A process killed while those files are written can leave them
unreadable (chroma-core/chroma#7678, and seen here in the SIGKILL test): from then on every read
of the collection fails with "Error sending backfill request to compactor: ...", though every
chunk's text and metadata is intact in SQLite. ``read_chunks`` reads them from there (a
read-only connection beside Chroma's), so ``Store`` can rebuild the collection without the article files;
``Pending`` keeps them on disk until the rebuilt collection holds them, so a rebuild that is
itself killed resumes on the next open.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from index.errors import CiteqaError

_DOCUMENT = "chroma:document"  # the key Chroma stores a record's document under


@dataclass(frozen=True)
class SavedChunk:
    """One record of the collection as SQLite holds it: id, text and citeqa's metadata."""

    id: str
    text: str
    metadata: dict


def damaged(error: Exception) -> bool:
    """Whether a Chroma error says the collection's segments cannot be loaded (not a bad request)."""
    text = str(error)
    return "backfill request to compactor" in text or "segment reader" in text or "segment writer" in text


def read_chunks(database: Path, collection: str) -> list[SavedChunk]:
    """Every record of ``collection``'s metadata segment in Chroma's SQLite file ``database``.

    Raises CiteqaError when the file does not look like the Chroma 1.x schema this was written for.
    """
    rows = _rows(
        database,
        "SELECT e.embedding_id, m.key, m.string_value, m.int_value, m.float_value, m.bool_value "
        "FROM embeddings e JOIN embedding_metadata m ON m.id = e.id "
        "JOIN segments s ON s.id = e.segment_id JOIN collections c ON c.id = s.collection "
        "WHERE c.name = ? AND s.scope = 'METADATA' ORDER BY e.id",
        collection,
    )
    texts: dict[str, str] = {}
    metadata: dict[str, dict] = {}
    for record, key, string, integer, number, boolean in rows:
        value = next((v for v in (string, integer, number) if v is not None), None)
        if value is None and boolean is not None:
            value = bool(boolean)
        if key == _DOCUMENT:
            texts[record] = value
        elif not key.startswith("chroma:"):
            metadata.setdefault(record, {})[key] = value
    return [SavedChunk(i, texts[i], metadata.get(i, {})) for i in texts]


def vector_segments(database: Path, collection: str) -> list[str]:
    """The ids of ``collection``'s vector segments: the folders of HNSW files beside ``database``."""
    query = (
        "SELECT s.id FROM segments s JOIN collections c ON c.id = s.collection WHERE c.name = ? AND s.scope = 'VECTOR'"
    )
    try:
        return [row[0] for row in _rows(database, query, collection)]
    except CiteqaError:
        return []  # they are only cleaned up after the rebuild: nothing depends on finding them


def _rows(database: Path, query: str, *params) -> list[tuple]:
    """``query``'s rows from Chroma's SQLite file, opened read-only beside Chroma's own connection.

    Raises CiteqaError when the file cannot be opened or does not have the Chroma 1.x schema
    this was written for.
    """
    try:
        db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise CiteqaError(f"cannot read {database} ({exc})") from None
    try:
        return db.execute(query, params).fetchall()
    except sqlite3.Error as exc:
        raise CiteqaError(f"{database} is not a Chroma 1.x store this version can read ({exc})") from None
    finally:
        db.close()


class Pending:
    """Chunks saved beside the store while its collection is rebuilt (a JSON-lines file)."""

    def __init__(self, store_dir: Path) -> None:
        self.path = store_dir / "citeqa-salvage.jsonl"

    def exists(self) -> bool:
        return self.path.is_file()

    def save(self, chunks: list[SavedChunk]) -> None:
        """Written whole or not at all: a temporary file, synced, then renamed into place."""
        tmp = self.path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as out:
            for c in chunks:
                out.write(json.dumps({"id": c.id, "text": c.text, "metadata": c.metadata}) + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.path)

    def load(self) -> Iterator[SavedChunk]:
        with open(self.path, encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                yield SavedChunk(row["id"], row["text"], row["metadata"])

    def done(self) -> None:
        self.path.unlink(missing_ok=True)
