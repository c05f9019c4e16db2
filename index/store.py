"""The Chroma store of embedded chunks: idempotent, incremental adds, sync and removal.

Every chunk carries its article's content hash. Adding a file compares the chunk ids it should
have with the ids the store holds for that source, embeds only what is missing and deletes what
is stale (after the new chunks are in), so a rerun after a crash converges to a clean index.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from index.articles import Article, read_article
from index.chunking import Chunk, chunk_article
from index.errors import ArticleError, CiteqaError, IndexingError, StoreChangedError, StoreMismatchError
from index.salvage import Pending, SavedChunk, damaged, read_chunks, vector_segments
from index.settings import ARTICLE_SUFFIXES, Settings

log = logging.getLogger("citeqa")

GET_PAGE = 5000  # rows per Chroma get() page, to keep memory flat on big stores
FILE_GROUP = 64  # files read and compared with the store at a time
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
    chunks_updated: int = 0  # kept chunks whose metadata moved to the article's new version
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


def connect(settings: Settings):
    """A Chroma client: the embedded PersistentClient, or an HttpClient for ``chroma_url``."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        from urllib.parse import urlparse

        url = urlparse(settings.chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise CiteqaError(f"--chroma-url must look like http://HOST:PORT, got {settings.chroma_url!r}")
        try:
            return chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        except Exception as exc:  # chromadb raises a bare ValueError/ConnectError here
            raise CiteqaError(
                f"cannot reach the Chroma server at {settings.chroma_url} ({exc}); start it with "
                "`chroma run --path DIR --host 127.0.0.1 --port PORT` or check the URL"
            ) from None
    settings.store.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.store), settings=chroma_settings)


# (store path, collection, collection id) -> the write generation this process's Chroma has
# seen: all Store objects of one process on one path share Chroma's in-memory vector index.
_SEEN_GENERATION: dict[tuple[str, str, str], int] = {}


class Store:
    """A Chroma collection of chunks plus the settings it was built with.

    >>> store = Store(Settings(store="/tmp/citeqa-doc"))
    >>> report = store.add(["seeds/"])
    >>> store.count() > 0
    True
    """

    def __init__(self, settings: Settings | None = None, client=None, *, rebuild: bool = False) -> None:
        """Open (or create) the store. ``rebuild`` empties it first, whatever settings built it:
        the way to move a store to new index settings or another embedding variant."""
        self.settings = settings or Settings()
        # an embedded store on this disk, not a Chroma server
        self.local = client is None and not self.settings.chroma_url
        if self.local:
            self.settings.store.mkdir(parents=True, exist_ok=True)
        # Two processes creating the same new store at once race in Chroma's setup (seen in CI
        # with two `citeqa index` runs): open it under the writers' lock.
        with self._write_lock():
            self.client = client if client is not None else connect(self.settings)
            generation = self._drop_collection() if rebuild else 0
            if rebuild and self.local:
                Pending(self.settings.store).done()  # a rebuild starts from the files, not from a salvage
            self.collection = self._open_collection(generation)
            if self.local:
                self._repair()
            if (key := self._process_key()) is not None:  # the first open in this process loads it
                _SEEN_GENERATION.setdefault(key, int((self.collection.metadata or {}).get("citeqa_generation", 0)))

    # -- opening -----------------------------------------------------------------------------

    def _drop_collection(self) -> int:
        """Delete the collection if there is one; the generation the new one starts from."""
        from chromadb.errors import NotFoundError

        try:
            old = self.client.get_collection(self.settings.collection)
        except NotFoundError:
            return 0
        generation = int((old.metadata or {}).get("citeqa_generation", 0))
        self.client.delete_collection(self.settings.collection)
        return generation + 1  # never the old one: its saved BM25 index must not match

    def _open_collection(self, generation: int = 0):
        wanted = self.settings.index
        collection = self.client.get_or_create_collection(
            self.settings.collection,
            # We always pass our own embeddings: Chroma's default function would download one.
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine", "ef_construction": 200, "ef_search": 200, "max_neighbors": 32}},
            metadata=wanted.to_metadata() | {"citeqa_generation": generation},
        )
        built_with = type(wanted).from_metadata(collection.metadata)
        if built_with is not None and wanted.embedding != built_with.embedding:
            if wanted.embedding is not None:
                raise StoreMismatchError(
                    f"the store at {self._where()} was built with the {built_with.embedding} embedding variant, "
                    f"but this run asks for {wanted.embedding} (CITEQA_EMBEDDING); vectors of two variants "
                    f"cannot share a store. Unset CITEQA_EMBEDDING (or set it to {built_with.embedding}) to use "
                    f"this store, or rebuild it as {wanted.embedding}: `citeqa index --rebuild PATH...` with "
                    f"CITEQA_EMBEDDING={wanted.embedding} (or use another --store)"
                )
            wanted = replace(wanted, embedding=built_with.embedding)  # queries use the store's variant
        if built_with != wanted:
            raise StoreMismatchError(
                f"the store at {self.settings.store} was built with {built_with} but this run uses "
                f"{wanted}; rebuild it with `citeqa index --rebuild PATH...` or pass the settings it was built with"
            )
        self.settings = replace(self.settings, index=wanted)
        return collection

    def _repair(self) -> None:
        """Rebuild an embedded collection whose vector files a killed write left unreadable, from
        the chunks its SQLite file still holds (index/salvage.py); finish one cut short."""
        pending = Pending(self.settings.store)
        database = self.settings.store / "chroma.sqlite3"
        try:
            self.collection.count()
            healthy = True
        except Exception as exc:  # chromadb raises InternalError from its Rust core
            if not damaged(exc):
                raise
            healthy = False
        if healthy and not pending.exists():
            return
        if not pending.exists():
            chunks = read_chunks(database, self.settings.collection)
            if not chunks:  # nothing to rebuild from: never drop what cannot be put back
                raise CiteqaError(
                    f"the store at {self.settings.store} cannot be read (its vector index is damaged) and its "
                    "chunks could not be read back; rebuild it from the articles: `citeqa index --rebuild PATH...`"
                )
            pending.save(chunks)
        log.warning(
            "citeqa: the vector index of the store at %s %s; rebuilding it from the chunks the store "
            "holds (no article file is read)",
            self.settings.store,
            "was left unreadable by a killed write" if not healthy else "was being rebuilt when it was stopped",
        )
        if not healthy:
            segments = vector_segments(database, self.settings.collection)
            self.collection = self._open_collection(self._drop_collection())
            for segment in segments:  # Chroma leaves the damaged files behind
                shutil.rmtree(self.settings.store / segment, ignore_errors=True)
        batch = self.settings.embed_batch_size * 4
        chunks = list(pending.load())
        for i in range(0, len(chunks), batch):
            self._put(chunks[i : i + batch])
        self._bump_generation()  # a BM25 index saved for the partial collection is stale now
        pending.done()

    def _put(self, chunks: list[SavedChunk]) -> None:
        m = [c.metadata for c in chunks]
        self.collection.upsert(
            ids=[c.id for c in chunks],
            embeddings=self.embeddings.embed_documents(
                [_headed(c.text, x.get("title", ""), int(x.get("start", 0))) for c, x in zip(chunks, m)]
            ),
            documents=[c.text for c in chunks],
            metadatas=m,
        )

    def _where(self) -> str:
        return self.settings.chroma_url or str(self.settings.store)

    @property
    def embeddings(self):
        """The shared langchain ``Embeddings`` of the variant this store was built with."""
        from index.embedding import embedder

        return embedder(batch_size=self.settings.embed_batch_size, variant=self.settings.index.variant)

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
        # Called before a write starts and after it ends: a crash mid-write leaves a generation
        # no cache was built for, and a cache built during the write is stale once it ends.
        self._refresh()
        metadata = dict(self.collection.metadata or {})
        current = int(metadata.get("citeqa_generation", 0))
        key = self._process_key()
        if key is not None and _SEEN_GENERATION.setdefault(key, current) != current:
            # Chroma keeps an embedded store's vector index in memory, once per process: after
            # another process's writes ours is stale, and writing through it loses vectors.
            raise StoreChangedError(
                f"the store at {self.settings.store} was changed by another process (a `citeqa index` run?) "
                "since this one opened it, and Chroma's embedded store cannot take writes from both: nothing "
                "was written. Restart this program to see those changes, or run a Chroma server "
                "(--chroma-url, README 'Scaling out') for several processes"
            )
        metadata["citeqa_generation"] = current + 1
        self.collection.modify(metadata=metadata)
        if key is not None:
            _SEEN_GENERATION[key] = current + 1
        self._refresh()

    def _process_key(self) -> tuple[str, str, str] | None:
        """This embedded collection, as this process's Chroma knows it (None for a server)."""
        if not self.local:
            return None
        return (str(self.settings.store.resolve()), self.settings.collection, str(self.collection.id))

    @contextmanager
    def _write_lock(self, progress: Progress | None = None) -> Iterator[None]:
        """One writer per store: a second `citeqa index` waits for the first instead of racing."""
        if not self.local:
            yield  # a Chroma server: each request is atomic there; see README "Scaling out"
            return
        with open(self.settings.store / ".citeqa.lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if progress:
                    progress(0, 1, "waiting for another citeqa writer on this store to finish")
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
        with self._write_lock(progress):
            self._add_files(files, report, progress)
        report.seconds = time.perf_counter() - started
        if report.skipped and on_error == "raise":
            raise IndexingError(report)
        return report

    def _add_files(self, files: list[tuple[Path, str]], report: IndexReport, progress: Progress | None) -> None:
        """Index files in groups, so memory stays flat however large the corpus.

        New chunks go to a pipelined writer (the model embeds one batch while Chroma stores the
        previous one); stale chunks are deleted only after every new chunk is in, so a crash at
        any point leaves a state that the next run repairs.
        """
        writer = _Writer(self, report)
        stale: list[str] = []
        try:
            try:
                stale = self._stream(files, writer, report, progress)
            except BaseException:
                writer.close(flush=False)  # what was written stays consistent; a rerun completes it
                raise
            writer.close()
            if progress and report.chunks_added:
                progress(len(files), len(files), f"{report.chunks_added} chunks embedded and written")
            if stale:
                self._delete(stale)
                report.chunks_removed += len(stale)
        finally:
            # Also after a failure: a cache built mid-write must not match the final state.
            if report.chunks_added or report.chunks_updated or stale:
                self._bump_generation()

    def _stream(self, files, writer: _Writer, report: IndexReport, progress: Progress | None) -> list[str]:
        stale: list[str] = []
        claimed: dict[str, str] = {}  # content hash -> source, for this run's files
        named: dict[str, Path] = {}  # source name -> file, for this run's files
        queued = 0  # new chunks handed to the writer; it embeds them in the background
        for first in range(0, len(files), FILE_GROUP):
            group = []
            for path, source in files[first : first + FILE_GROUP]:
                if source in named and named[source] != path:
                    # Two folders each with a.txt: indexing both would make them replace each other.
                    report.skipped.append(
                        ArticleError(
                            str(path),
                            f"has the same name '{source}' as {named[source]} in this run; add the folders one at a time or rename one",
                        )
                    )
                    continue
                named[source] = path
                try:
                    article = read_article(path, source=source)
                    group.append((article, chunk_article(article, self.settings.index)))
                except ArticleError as err:
                    report.skipped.append(err)
            have, shas, owners = self._state_of([a.source for a, _ in group], [a.sha256 for a, _ in group])
            for article, chunks in group:
                stored = have.get(article.source, set())
                owner = claimed.get(article.sha256) or owners.get(article.sha256)
                if owner is not None and owner != article.source:
                    report.duplicates.append((article.source, owner))
                    stale += sorted(stored)  # its file now repeats another article: drop its old text
                    continue
                claimed[article.sha256] = article.source
                want = {c.id for c in chunks}
                if want == stored and shas.get(article.source) == {article.sha256}:
                    report.unchanged.append(article.source)
                    continue
                (report.replaced if stored else report.added).append(article.source)
                new = [(c, article) for c in chunks if c.id not in stored]
                writer.add(new)
                queued += len(new)
                # Chunks an edit left untouched keep their ids; give them the article's new hash.
                kept = [c for c in chunks if c.id in stored]
                if kept:
                    self.collection.update(ids=[c.id for c in kept], metadatas=[_metadata(c, article) for c in kept])
                    report.chunks_updated += len(kept)
                stale += sorted(stored - want)
            if progress:
                progress(
                    min(first + FILE_GROUP, len(files)),
                    len(files),
                    f"files read, {report.chunks_added} of {queued} new chunks embedded",
                )
        return stale

    def _state_of(
        self, sources: list[str], shas: list[str]
    ) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, str]]:
        """Stored chunk ids and content hashes of these sources, and which source holds each
        of these contents."""
        have: dict[str, set[str]] = defaultdict(set)
        hashes: dict[str, set[str]] = defaultdict(set)
        owners: dict[str, str] = {}
        if not sources:
            return have, hashes, owners
        for where in ({"source": {"$in": sources}}, {"sha256": {"$in": shas}}):
            got = self.collection.get(where=where, include=["metadatas"])
            for cid, meta in zip(got["ids"], got["metadatas"]):
                if meta["source"] in sources:
                    have[meta["source"]].add(cid)
                    hashes[meta["source"]].add(meta["sha256"])
                if meta["sha256"] in shas:
                    owners.setdefault(meta["sha256"], meta["source"])
        return have, hashes, owners

    def _delete(self, ids: list[str]) -> None:
        self._bump_generation()
        for i in range(0, len(ids), GET_PAGE):
            self.collection.delete(ids=ids[i : i + GET_PAGE])

    def remove(self, sources: Iterable[str]) -> IndexReport:
        """Remove articles by source name."""
        report = IndexReport()
        with self._write_lock():
            state = self._by_source()
            sources = list(sources)
            for source in sources:
                if source not in state:
                    raise CiteqaError(f"{source}: not in the store; `citeqa list` shows what is")
            self._remove_sources(sources, state, report)
        return report

    def _remove_sources(self, sources: list[str], state: dict[str, dict], report: IndexReport) -> None:
        """Delete these articles' chunks in one pass (one generation bump before, one after)."""
        ids = sorted(cid for source in sources for cid in state[source]["ids"])
        if not ids:
            return
        self._delete(ids)
        report.removed += sources
        report.chunks_removed += len(ids)
        self._bump_generation()

    def sync(self, progress: Progress | None = None) -> IndexReport:
        """Drop articles whose files are gone and re-index those whose files changed."""
        started = time.perf_counter()
        report = IndexReport()
        with self._write_lock(progress):
            state = self._by_source()
            gone = [s for s, e in state.items() if not Path(e["path"]).is_file()]
            self._remove_sources(gone, state, report)
            present = [(Path(e["path"]), s) for s, e in sorted(state.items()) if s not in gone]
            self._add_files(present, report, progress)
        report.seconds = time.perf_counter() - started
        return report

    def clear(self) -> None:
        """Delete every chunk (the collection is recreated with the current settings)."""
        with self._write_lock():
            generation = self.generation
            self.client.delete_collection(self.settings.collection)
            self.collection = self._open_collection(generation + 1)  # no old cache may match


class _Writer:
    """Embeds chunks in batches and upserts them, one write in flight beside the next embed."""

    def __init__(self, store: Store, report: IndexReport) -> None:
        self.store = store
        self.report = report
        self.embed = store.embeddings
        self.batch = store.settings.embed_batch_size * 4  # encode sorts by length within a call
        self.pending: list[tuple[Chunk, Article]] = []
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="citeqa-writer")
        self.inflight = None

    def add(self, items: list[tuple[Chunk, Article]]) -> None:
        self.pending += items
        while len(self.pending) >= self.batch:
            self._flush(self.pending[: self.batch])
            self.pending = self.pending[self.batch :]

    def _flush(self, part: list[tuple[Chunk, Article]]) -> None:
        vectors = self.embed.embed_documents([_embedding_text(c) for c, _ in part])
        self._wait()
        if not self.report.chunks_added:
            self.store._bump_generation()  # before the first write of this run
        self.inflight = self.pool.submit(
            self.store.collection.upsert,
            ids=[c.id for c, _ in part],
            embeddings=vectors,
            documents=[c.text for c, _ in part],
            metadatas=[_metadata(c, a) for c, a in part],
        )
        self.report.chunks_added += len(part)

    def _wait(self) -> None:
        if self.inflight is not None:
            self.inflight.result()  # re-raises a failed write here, in the indexing thread
            self.inflight = None

    def close(self, flush: bool = True) -> None:
        try:
            if flush and self.pending:
                self._flush(self.pending)
                self.pending = []
            self._wait()
        finally:
            self.pool.shutdown(wait=True)


def _embedding_text(chunk: Chunk) -> str:
    return _headed(chunk.text, chunk.title, chunk.start)


def _headed(text: str, title: str, start: int) -> str:
    # The headline gives a passage its context ("he said" -> who?); chunk 0 already starts with it.
    return text if start == 0 else f"{title}\n{text}"


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
