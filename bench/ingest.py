"""Ingest throughput: `citeqa index` (Store.add) against bare encode and the naive langchain path.

Each path runs in its own fresh interpreter (so peak RSS is that path's alone), with the model
loaded and warmed before the clock starts. All three embed exactly the same texts: the chunks of
the same articles, with the headline prefixed as citeqa does (index.store._embedding_text).

  bare    SentenceTransformer.encode of the texts, batch 32/64/128: the floor (no store at all)
  citeqa  Store.add(folder) into a fresh temp store: read, chunk, embed, upsert, all included
  naive   read + chunk + langchain_chroma.Chroma.from_documents(HuggingFaceEmbeddings defaults)

Goal: citeqa within 1.15x of the best bare encode time, and never slower than naive.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

BATCHES = (32, 64, 128)


def _files(folder: Path):
    from index.store import discover

    files, errors = discover([folder, common.SEEDS])
    if errors:
        raise SystemExit(f"bench: {errors[0].path}: {errors[0].reason}")
    return files


def _chunks(folder: Path):
    """(chunk, article) pairs of every article, as Store.add would make them."""
    from index.articles import read_article
    from index.chunking import chunk_article
    from index.settings import IndexSettings

    settings = IndexSettings()
    out = []
    for path, source in _files(folder):
        article = read_article(path, source=source)
        out += [(c, article) for c in chunk_article(article, settings)]
    return out


def phase_bare(folder: Path) -> dict:
    from sentence_transformers import SentenceTransformer

    from index.settings import default_model_path
    from index.store import _embedding_text

    t = time.perf_counter()
    pairs = _chunks(folder)
    chunk_s = time.perf_counter() - t
    texts = [_embedding_text(c) for c, _ in pairs]
    model = SentenceTransformer(default_model_path(), device="cpu", local_files_only=True)
    model.encode(texts[:64], batch_size=32)  # warm: first call pays for lazy init
    common.reset_peak_rss()
    seconds = {}
    for batch in BATCHES:
        t = time.perf_counter()
        model.encode(texts, batch_size=batch, normalize_embeddings=True, convert_to_numpy=True)
        seconds[batch] = time.perf_counter() - t
    best = min(seconds, key=seconds.get)
    return {
        "chunks": len(texts),
        "read_and_chunk_s": round(chunk_s, 2),
        "seconds_by_batch": {str(b): round(s, 2) for b, s in seconds.items()},
        "best_batch": best,
        "seconds": round(seconds[best], 2),
        **common.rss_mb(),
    }


def phase_citeqa(folder: Path, store: Path) -> dict:
    from index.embedding import embedder
    from index.settings import Settings
    from index.store import Store

    settings = Settings(store=store)
    db = Store(settings)
    embedder(batch_size=settings.embed_batch_size).embed_documents(["warm up"] * 64)
    common.reset_peak_rss()
    t = time.perf_counter()
    report = db.add([folder, common.SEEDS])
    seconds = time.perf_counter() - t
    assert db.count() == report.chunks_added, (db.count(), report.chunks_added)
    return {"chunks": report.chunks_added, "seconds": round(seconds, 2), **common.rss_mb()}


def phase_naive(folder: Path, store: Path) -> dict:
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_huggingface import HuggingFaceEmbeddings

    from index.settings import default_model_path
    from index.store import _embedding_text, _metadata

    embeddings = HuggingFaceEmbeddings(
        model_name=default_model_path(),
        model_kwargs={"device": "cpu", "local_files_only": True},
        encode_kwargs={"normalize_embeddings": True},
    )
    embeddings.embed_documents(["warm up"] * 64)
    common.reset_peak_rss()
    t = time.perf_counter()
    pairs = _chunks(folder)
    docs = [Document(id=c.id, page_content=_embedding_text(c), metadata=_metadata(c, a)) for c, a in pairs]
    db = Chroma.from_documents(
        docs, embedding=embeddings, ids=[d.id for d in docs], persist_directory=str(store), collection_name="naive"
    )
    seconds = time.perf_counter() - t
    n = db._collection.count()
    assert n == len(docs), (n, len(docs))
    return {"chunks": n, "seconds": round(seconds, 2), **common.rss_mb()}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, default=common.DEFAULT_CORPUS, help="BBC corpus folder (default %(default)s)")
    p.add_argument(
        "--limit", type=int, default=500, help="articles to index, spread over the corpus; 0 = all (default 500)"
    )
    p.add_argument("--phase", choices=["bare", "citeqa", "naive"], help=argparse.SUPPRESS)
    p.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    common.offline()

    if args.phase:  # one path, in this fresh interpreter; print its JSON on the last line
        with tempfile.TemporaryDirectory(prefix="citeqa-bench-") as tmp:
            if args.phase == "bare":
                out = phase_bare(args.folder)
            elif args.phase == "citeqa":
                out = phase_citeqa(args.folder, Path(tmp) / "store")
            else:
                out = phase_naive(args.folder, Path(tmp) / "store")
        print(json.dumps(out))
        return 0

    folder = common.sample_corpus(args.corpus, args.limit, common.WORK / f"sample-{args.limit}")
    articles = len(_files(folder))
    load = {"before": common.loadavg()}
    runs = {}
    for phase in ("bare", "citeqa", "naive"):
        print(f"ingest: {phase} on {articles} articles...", file=sys.stderr, flush=True)
        runs[phase] = common.run_phase(Path(__file__), ["--phase", phase, "--folder", str(folder)])
        runs[phase]["loadavg_after"] = common.loadavg()
        runs[phase]["chunks_per_s"] = round(runs[phase]["chunks"] / runs[phase]["seconds"], 1)
        print(f"  {runs[phase]}", file=sys.stderr, flush=True)
    load["after"] = common.loadavg()
    bare, citeqa, naive = runs["bare"]["seconds"], runs["citeqa"]["seconds"], runs["naive"]["seconds"]
    common.save(
        "ingest",
        {
            "corpus": str(args.corpus),
            "limit": args.limit,
            "articles": articles,  # includes seeds/
            "runs": runs,
            "citeqa_vs_bare": round(citeqa / bare, 3),
            "citeqa_vs_naive": round(citeqa / naive, 3),
            "goal_met": citeqa / bare <= 1.15 and citeqa <= naive,
            "loadavg": load,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
