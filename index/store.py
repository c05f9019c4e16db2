"""The Chroma store of embedded chunks: idempotent, incremental adds, sync and removal.

Every chunk carries its article's content hash. Adding a file compares the chunk ids it should
have with the ids the store holds for that source, embeds only what is missing and deletes what
is stale (after the new chunks are in), so a rerun after a crash converges to a clean index.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from index.articles import Article, read_article
from index.chunking import Chunk, chunk_article
from index.errors import ArticleError, CiteqaError, IndexingError, StoreMismatchError
from index.settings import ARTICLE_SUFFIXES, Settings

GET_PAGE = 5000  # rows per Chroma get() page, to keep memory flat on big stores
Progress = Callable[[int, int, str], None]  # (done, total, what)


@dataclass
class IndexReport:
    """What an add or sync did, file by file."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (source, same content as)
    skipped: list[ArticleError] = field(default_factory=list)
    chunks_added: int = 0
    chunks_removed: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        parts = [
            f"{len(self.added)} added",
            f"{len(self.replaced)} updated",
            f"{len(self.unchanged)} unchanged",
        ]
        if self.removed:
            parts.append(f"{len(self.removed)} removed")
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} duplicate(s) not added")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        return (
            f"{', '.join(parts)} ({self.chunks_added} chunks written, "
            f"{self.chunks_removed} removed, {self.seconds:.1f}s)"
        )

    def to_dict(self) -> dict:
        return {
            "added": self.added,
            "replaced": self.replaced,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "duplicates": [{"source": s, "same_as": o} for s, o in self.duplicates],
            "skipped": [{"path": e.path, "reason": e.reason} for e in self.skipped],
            "chunks_added": self.chunks_added,
            "chunks_removed": self.chunks_removed,
        }


@dataclass(frozen=True)
class ArticleInfo:
    source: str
    title: str
    chunks: int
    path: str


def discover(paths: Iterable[str | os.PathLike]) -> tuple[list[tuple[Path, str]], list[ArticleError]]:
    """Expand files and folders into (file, source name) pairs; bad paths become errors.

    A folder contributes its .txt/.md files (hidden ones and other types are passed over), each
    named by its path relative to that folder; a file given by itself is named by its file name.
    """
    found: list[tuple[Path, str]] = []
    errors: list[ArticleError] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            hits = []
            for root, dirs, files in os.walk(path):  # does not follow symlinked folders: no loops
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and Path(name).suffix.lower() in ARTICLE_SUFFIXES:
                        file = Path(root) / name
                        hits.append((file, file.relative_to(path).as_posix()))
            if not hits:
                errors.append(ArticleError(str(path), "folder holds no .txt or .md articles"))
            found.extend(hits)
        elif path.exists() or path.is_symlink():
            found.append((path, path.name))
        else:
            errors.append(ArticleError(str(path), "no such file or folder; check the path"))
    return found, errors


class Store:
    """A Chroma collection of chunks plus the settings it was built with.

    >>> store = Store(Settings(store="/tmp/citeqa-doc"))
    >>> report = store.add(["seeds/"])
    >>> store.count() > 0
    True
    """

    def __init__(self, settings: Settings | None = None, client=None) -> None:
        self.settings = settings or Settings()
        self.local = client is None  # an embedded store on this disk, not a Chroma server
        if client is None:
            import chromadb

            self.settings.store.mkdir(parents=True, exist_ok=True)
            client = chromadb.PersistentClient(path=str(self.settings.store))
        self.client = client
        self.collection = self._open_collection()

    # -- opening -----------------------------------------------------------------------------

    def _open_collection(self):
        wanted = self.settings.index
        collection = self.client.get_or_create_collection(
            self.settings.collection,
            # We always pass our own embeddings: Chroma's default function would download one.
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine", "ef_construction": 200, "ef_search": 200, "max_neighbors": 32}},
            metadata=wanted.to_metadata() | {"citeqa_generation": 0},
        )
        built_with = type(wanted).from_metadata(collection.metadata)
        if built_with != wanted:
            raise StoreMismatchError(
                f"the store at {self.settings.store} was built with {built_with} but this run uses "
                f"{wanted}; rebuild it with `citeqa index --rebuild PATH...` or pass the settings it was built with"
            )
        return collection

    @property
    def generation(self) -> int:
        """Bumped on every write, so caches (the BM25 index) know when they are stale.

        Read fresh from Chroma each time: another process may have written since we opened.
        """
        self._refresh()
        return int((self.collection.metadata or {}).get("citeqa_generation", 0))

    def _refresh(self) -> None:
        self.collection = self.client.get_collection(self.settings.collection, embedding_function=None)

    def _bump_generation(self) -> None:
        metadata = dict(self.collection.metadata or {})
        metadata["citeqa_generation"] = int(metadata.get("citeqa_generation", 0)) + 1
        self.collection.modify(metadata=metadata)
        self._refresh()

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        """One writer per store: a second `citeqa index` waits for the first instead of racing."""
        if not self.settings.store.exists():
            yield  # a Chroma server store: the server serialises writes itself
            return
        with open(self.settings.store / ".citeqa.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # -- reading -------------------------------------------------------------------------------

    def count(self) -> int:
        return self.collection.count()

    def _metadatas(self) -> Iterator[tuple[str, dict]]:
        total = self.collection.count()
        for offset in range(0, total, GET_PAGE):
            page = self.collection.get(include=["metadatas"], limit=GET_PAGE, offset=offset)
            yield from zip(page["ids"], page["metadatas"])

    def iter_chunks(self, page: int = GET_PAGE) -> Iterator[tuple[list[str], list[str]]]:
        """(ids, texts) pages of every chunk, for building the lexical index."""
        total = self.collection.count()
        for offset in range(0, total, page):
            got = self.collection.get(include=["documents"], limit=page, offset=offset)
            yield got["ids"], got["documents"]

    def get_chunks(self, ids: list[str]) -> dict[str, Chunk]:
        if not ids:
            return {}
        got = self.collection.get(ids=ids, include=["documents", "metadatas"])
        return {
            cid: Chunk(
                id=cid,
                source=meta["source"],
                title=meta["title"],
                chunk=int(meta["chunk"]),
                start=int(meta["start"]),
                end=int(meta["end"]),
                text=doc,
            )
            for cid, doc, meta in zip(got["ids"], got["documents"], got["metadatas"])
        }

    def _by_source(self) -> dict[str, dict]:
        state: dict[str, dict] = defaultdict(lambda: {"ids": set(), "sha256": set(), "path": "", "title": ""})
        for cid, meta in self._metadatas():
            entry = state[meta["source"]]
            entry["ids"].add(cid)
            entry["sha256"].add(meta["sha256"])
            entry["path"] = meta.get("path", "")
            entry["title"] = meta.get("title", "")
        return state

    def articles(self) -> list[ArticleInfo]:
        """The indexed articles with their chunk counts, sorted by source."""
        return [
            ArticleInfo(source=s, title=e["title"], chunks=len(e["ids"]), path=e["path"])
            for s, e in sorted(self._by_source().items())
        ]

    def article_text(self, source: str) -> str | None:
        """The current text of an indexed article, read from its file, or None if it is gone."""
        got = self.collection.get(where={"source": source}, include=["metadatas"], limit=1)
        if not got["ids"]:
            return None
        meta = got["metadatas"][0]
        path = Path(meta.get("path", ""))
        try:
            article = read_article(path, source=source)
        except ArticleError:
            return None
        return article.text if article.sha256 == meta["sha256"] else None

    # -- writing -------------------------------------------------------------------------------

    def add(
        self,
        paths: Iterable[str | os.PathLike] | str | os.PathLike,
        *,
        on_error: str = "raise",
        progress: Progress | None = None,
    ) -> IndexReport:
        """Index files and folders. Unchanged files cost nothing; changed ones are replaced.

        Bad files are skipped with one reason each and the good ones are still indexed. With
        ``on_error="raise"`` (the default) an IndexingError listing the skipped files is raised
        at the end; with ``on_error="report"`` they are only listed in the returned report.
        """
        if on_error not in ("raise", "report"):
            raise ValueError(f"on_error must be 'raise' or 'report', got {on_error!r}")
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        started = time.perf_counter()
        files, errors = discover(paths)
        report = IndexReport(skipped=errors)
        with self._write_lock():
            self._add_files(files, report, progress)
        report.seconds = time.perf_counter() - started
        if report.skipped and on_error == "raise":
            raise IndexingError(report)
        return report

    def _add_files(self, files: list[tuple[Path, str]], report: IndexReport, progress: Progress | None) -> None:
        state = self._by_source()
        by_sha = {sha: src for src, e in state.items() for sha in e["sha256"]}
        pending: list[tuple[Chunk, Article]] = []
        stale: list[str] = []
        for i, (path, source) in enumerate(files):
            if progress:
                progress(i, len(files), f"reading {source}")
            try:
                article = read_article(path, source=source)
                chunks = chunk_article(article, self.settings.index)
            except ArticleError as err:
                report.skipped.append(err)
                continue
            have = state.get(source, {"ids": set(), "sha256": set()})
            owner = by_sha.get(article.sha256)
            if owner is not None and owner != source:
                report.duplicates.append((source, owner))
                continue
            want = {c.id for c in chunks}
            if want == have["ids"]:
                report.unchanged.append(source)
                continue
            (report.replaced if have["ids"] else report.added).append(source)
            pending += [(c, article) for c in chunks if c.id not in have["ids"]]
            stale += sorted(have["ids"] - want)
            by_sha[article.sha256] = source
            state[source] = {"ids": want, "sha256": {article.sha256}}
        self._write(pending, report, progress)
        if stale:
            self._delete(stale)
            report.chunks_removed += len(stale)
        if pending or stale:
            self._bump_generation()

    def _write(self, pending: list[tuple[Chunk, Article]], report: IndexReport, progress: Progress | None) -> None:
        from index.embedding import embedder

        embed = embedder(batch_size=self.settings.embed_batch_size)
        batch = self.settings.embed_batch_size * 4
        for i in range(0, len(pending), batch):
            part = pending[i : i + batch]
            if progress:
                progress(i, len(pending), f"embedding chunks {i + 1}-{i + len(part)} of {len(pending)}")
            vectors = embed.embed_documents([_embedding_text(c) for c, _ in part])
            self.collection.upsert(
                ids=[c.id for c, _ in part],
                embeddings=vectors,
                documents=[c.text for c, _ in part],
                metadatas=[_metadata(c, a) for c, a in part],
            )
            report.chunks_added += len(part)
        if progress and pending:
            progress(len(pending), len(pending), "done")

    def _delete(self, ids: list[str]) -> None:
        for i in range(0, len(ids), GET_PAGE):
            self.collection.delete(ids=ids[i : i + GET_PAGE])

    def remove(self, sources: Iterable[str]) -> IndexReport:
        """Remove articles by source name."""
        report = IndexReport()
        with self._write_lock():
            state = self._by_source()
            for source in sources:
                if source not in state:
                    raise CiteqaError(f"{source}: not in the store; `citeqa list` shows what is")
                self._delete(sorted(state[source]["ids"]))
                report.removed.append(source)
                report.chunks_removed += len(state[source]["ids"])
            if report.removed:
                self._bump_generation()
        return report

    def sync(self, progress: Progress | None = None) -> IndexReport:
        """Drop articles whose files are gone and re-index those whose files changed."""
        started = time.perf_counter()
        report = IndexReport()
        with self._write_lock():
            state = self._by_source()
            gone = [s for s, e in state.items() if not Path(e["path"]).is_file()]
            for source in gone:
                self._delete(sorted(state[source]["ids"]))
                report.removed.append(source)
                report.chunks_removed += len(state[source]["ids"])
            if gone:
                self._bump_generation()
            present = [(Path(e["path"]), s) for s, e in sorted(state.items()) if s not in gone]
            self._add_files(present, report, progress)
        report.seconds = time.perf_counter() - started
        return report

    def clear(self) -> None:
        """Delete every chunk (the collection is recreated with the current settings)."""
        with self._write_lock():
            self.client.delete_collection(self.settings.collection)
            self.collection = self._open_collection()


def _embedding_text(chunk: Chunk) -> str:
    # The headline gives a passage its context ("he said" -> who?); chunk 0 already starts with it.
    return chunk.text if chunk.start == 0 else f"{chunk.title}\n{chunk.text}"


def _metadata(chunk: Chunk, article: Article) -> dict:
    return {
        "source": chunk.source,
        "title": chunk.title,
        "chunk": chunk.chunk,
        "start": chunk.start,
        "end": chunk.end,
        "path": str(article.path),
        "sha256": article.sha256,
        "encoding": article.encoding,
    }
