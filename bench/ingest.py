"""Ingest throughput: `citeqa index` (Store.add) against bare encodes and the naive langchain path.

Each path runs in its own fresh interpreter (so peak RSS is that path's alone), with the model
loaded and warmed before the clock starts. All of them embed exactly the same texts: the chunks
of the same articles, with the headline prefixed as citeqa does (index.store._embedding_text).

  bare         SentenceTransformer.encode (fp32, torch) of the texts, batch 32/64/128: the
               issue's model-bound baseline (no store at all)
  bare-int8    embedder(variant="int8").embed_documents of the texts, in the writer's groups of
               256: the model-bound limit of the variant new stores actually use (no store)
  citeqa       Store.add(folder) into a fresh temp store, default variant (int8): read, chunk,
               hash, embed, upsert, all included
  citeqa-fp32  the same with CITEQA_EMBEDDING=fp32 (sentence-transformers on torch, batch 64)
  naive        read + chunk + langchain_chroma.Chroma.from_documents(HuggingFaceEmbeddings defaults)

Goal: citeqa within 1.15x of the bare encode time of its own model, and never slower than naive.
With --rounds N the phases run N times, in alternating order, so load drift on a shared machine
shows up (the load average is recorded before and after every phase); ratios are per round, and
the headline is their median.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

BATCHES = (32, 64, 128)
PHASES = ("bare-int8", "citeqa", "naive", "bare", "citeqa-fp32")
WRITER_GROUP = 256  # texts per embed_documents call in Store.add (_Writer.batch = 4 * embed_batch_size)


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


def phase_bare_int8(folder: Path) -> dict:
    from index.embedding import embedder
    from index.store import _embedding_text

    t = time.perf_counter()
    pairs = _chunks(folder)
    chunk_s = time.perf_counter() - t
    texts = [_embedding_text(c) for c, _ in pairs]
    model = embedder(variant="int8")
    model.embed_documents(texts[:64])  # warm
    common.reset_peak_rss()
    t = time.perf_counter()
    for first in range(0, len(texts), WRITER_GROUP):
        model.embed_documents(texts[first : first + WRITER_GROUP])
    seconds = time.perf_counter() - t
    return {"chunks": len(texts), "read_and_chunk_s": round(chunk_s, 2), "seconds": round(seconds, 2)} | (
        common.rss_mb()
    )


def phase_bare(folder: Path, batches: tuple[int, ...] = BATCHES) -> dict:
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
    for batch in batches:
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
    variant = db.settings.index.variant
    embedder(batch_size=settings.embed_batch_size, variant=variant).embed_documents(["warm up"] * 64)
    common.reset_peak_rss()
    t = time.perf_counter()
    report = db.add([folder, common.SEEDS])
    seconds = time.perf_counter() - t
    assert db.count() == report.chunks_added, (db.count(), report.chunks_added)
    return {"chunks": report.chunks_added, "variant": variant, "seconds": round(seconds, 2), **common.rss_mb()}


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


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, default=common.DEFAULT_CORPUS, help="BBC corpus folder (default %(default)s)")
    p.add_argument(
        "--limit", type=int, default=500, help="articles to index, spread over the corpus; 0 = all (default 500)"
    )
    p.add_argument("--rounds", type=int, default=1, help="repeat every phase, order alternating (default 1)")
    p.add_argument(
        "--phases",
        default=",".join(PHASES),
        help="comma-separated phases to run, in this order in odd rounds (default %(default)s)",
    )
    p.add_argument(
        "--batches",
        default=",".join(map(str, BATCHES)),
        help="batch sizes tried by the bare fp32 encode; the best counts (default %(default)s)",
    )
    p.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    p.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    common.offline()
    batches = tuple(int(b) for b in args.batches.split(","))

    if args.phase:  # one path, in this fresh interpreter; print its JSON on the last line
        with tempfile.TemporaryDirectory(prefix="citeqa-bench-") as tmp:
            if args.phase == "bare":
                out = phase_bare(args.folder, batches)
            elif args.phase == "bare-int8":
                out = phase_bare_int8(args.folder)
            elif args.phase in ("citeqa", "citeqa-fp32"):
                out = phase_citeqa(args.folder, Path(tmp) / "store")
            else:
                out = phase_naive(args.folder, Path(tmp) / "store")
        print(json.dumps(out))
        return 0

    phases = [x.strip() for x in args.phases.split(",") if x.strip()]
    unknown = set(phases) - set(PHASES)
    if unknown:
        p.error(f"unknown phases: {', '.join(sorted(unknown))}")
    folder = common.sample_corpus(args.corpus, args.limit, common.WORK / f"sample-{args.limit}")
    articles = len(_files(folder))
    load = {"before": common.loadavg()}
    runs: dict[str, list[dict]] = {phase: [] for phase in phases}
    for r in range(args.rounds):
        for phase in phases if r % 2 == 0 else phases[::-1]:
            print(f"ingest: round {r + 1}, {phase} on {articles} articles...", file=sys.stderr, flush=True)
            before = common.loadavg()
            env = {"CITEQA_EMBEDDING": "fp32"} if phase == "citeqa-fp32" else {"CITEQA_EMBEDDING": ""}
            run = common.run_phase(
                Path(__file__), ["--phase", phase, "--folder", str(folder), "--batches", args.batches], env=env
            )
            run |= {"round": r + 1, "loadavg_before": before, "loadavg_after": common.loadavg()}
            run["chunks_per_s"] = round(run["chunks"] / run["seconds"], 1)
            runs[phase].append(run)
            print(f"  {run}", file=sys.stderr, flush=True)
    load["after"] = common.loadavg()

    def ratios(a: str, b: str) -> dict | None:
        """Per round, time of path a over time of path b; and their median."""
        if a not in runs or b not in runs:
            return None
        per_round = [round(x["seconds"] / y["seconds"], 3) for x, y in zip(runs[a], runs[b])]
        return {"per_round": per_round, "median": _median(per_round)}

    out = {
        "corpus": str(args.corpus),
        "limit": args.limit,
        "articles": articles,  # includes seeds/
        "rounds": args.rounds,
        "runs": runs,
        "citeqa_vs_bare_int8": ratios("citeqa", "bare-int8"),
        "citeqa_vs_bare": ratios("citeqa", "bare"),
        "citeqa_vs_naive": ratios("citeqa", "naive"),
        "citeqa_fp32_vs_bare": ratios("citeqa-fp32", "bare"),
        "citeqa_fp32_vs_naive": ratios("citeqa-fp32", "naive"),
        "loadavg": load,
    }
    own = out["citeqa_vs_bare_int8"]
    naive = out["citeqa_vs_naive"]
    if own and naive:
        out["goal_met"] = own["median"] <= 1.15 and naive["median"] <= 1.0
    common.save("ingest", out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
