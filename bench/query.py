"""Query latency: p50/p95 of Assistant.ask (question in, cited answer out, model warm).

Two scales, each served from a store built once and cached under $CITEQA_BENCH_DIR
(default /tmp/citeqa-bench) between runs:

  bbc      the whole BBC corpus plus seeds/ (~12.5k chunks), indexed with Store.add
  synth-N  N chunks (default 200,000) made from the BBC store without embedding anything:
           the real chunks plus perturbed copies of them (see build_synthetic), inserted
           straight into a collection opened by Store (so our HNSW config and metadata)

Questions: tests/data/bbc_questions.jsonl + holdout_questions.jsonl (93, all about BBC articles),
asked once in order (pass 1: the sentence-embedding cache is cold, as for new questions) and
again (pass 2: popular passages' sentences cached). The headline figure is pass 1.
Each scale is served in a fresh interpreter, so its peak RSS is serving alone.

Goal: p95 < 150 ms at 200k chunks on 2 cores.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

NOISE_SIGMA = 0.025  # per dimension; |noise| ~ 0.49, so a copy keeps cosine ~0.9 with its original
PAGE = 5000
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def bbc_store(corpus: Path) -> Path:
    """The BBC + seeds store, built on first use; later runs only confirm it is unchanged."""
    from index.settings import Settings
    from index.store import Store

    path = common.WORK / "bbc"
    store = Store(Settings(store=path))
    t = time.perf_counter()
    report = store.add([corpus, common.SEEDS], on_error="report")
    if report.chunks_added:
        print(f"query: built {path}: {report.summary()} in {time.perf_counter() - t:.0f}s", file=sys.stderr)
    return path


def build_synthetic(source: Path, n: int) -> tuple[Path, dict]:
    """A store of ``n`` chunks made from the real ones in ``source``, without embedding anything.

    Copy j (1, 2, ...) of real chunk c has: id "<c.id>-s<j>"; source "synth<j>/<c.source>"; text =
    c's sentences in an order shuffled by a seeded RNG; embedding = c's real embedding plus
    gaussian noise (sigma NOISE_SIGMA per dimension), renormalised. The real chunks come first,
    then whole rounds of copies until n. BM25 is then built over all n texts as the app builds it.
    """
    import numpy as np

    from index.lexical import LexicalCache
    from index.settings import Settings
    from index.store import Store

    dest = common.WORK / f"synth-{n}"
    store = Store(Settings(store=dest))
    info: dict = {"store": str(dest)}
    if store.count() < n:
        store.clear()
        real = Store(Settings(store=source)).collection
        got = real.get(include=["documents", "metadatas", "embeddings"])
        ids, docs, metas = got["ids"], got["documents"], got["metadatas"]
        vecs = np.asarray(got["embeddings"], dtype=np.float32)
        rng = np.random.default_rng(0)
        t = time.perf_counter()
        written, j = 0, 0
        while written < n:
            take = min(len(ids), n - written)
            if j == 0:
                c_ids, c_docs, c_metas, c_vecs = ids[:take], docs[:take], metas[:take], vecs[:take]
            else:
                c_ids = [f"{i}-s{j}" for i in ids[:take]]
                c_docs = []
                for d in docs[:take]:
                    parts = _SENTENCE_END.split(d)
                    rng.shuffle(parts)
                    c_docs.append(" ".join(parts))
                c_metas = [m | {"source": f"synth{j}/{m['source']}"} for m in metas[:take]]
                noisy = vecs[:take] + rng.normal(0, NOISE_SIGMA, size=vecs[:take].shape).astype(np.float32)
                c_vecs = noisy / np.linalg.norm(noisy, axis=1, keepdims=True)
            for k in range(0, take, PAGE):
                store.collection.add(
                    ids=c_ids[k : k + PAGE],
                    documents=c_docs[k : k + PAGE],
                    metadatas=c_metas[k : k + PAGE],
                    embeddings=c_vecs[k : k + PAGE],
                )
            written += take
            j += 1
            print(f"query: synthetic {written}/{n} chunks, {time.perf_counter() - t:.0f}s", file=sys.stderr, flush=True)
        store._bump_generation()
        info["insert_s"] = round(time.perf_counter() - t, 1)
    # BM25 over the synthetic texts: built once (saved beside the store), measured here.
    cache = LexicalCache(store)
    common.reset_peak_rss()
    before = common.rss_mb()["rss_mb"]
    t = time.perf_counter()
    cache.get()
    info["bm25_build_or_load_s"] = round(time.perf_counter() - t, 1)
    info["bm25_rss_delta_mb"] = round(common.rss_mb()["rss_mb"] - before, 1)
    info["bm25_build_peak_rss_mb"] = common.rss_mb()["peak_rss_mb"]
    folder = dest / ".citeqa-bm25"
    info["bm25_disk_mb"] = round(sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20, 1)
    info["chunks"] = store.count()
    return dest, info


def bm25_memory(store_path: Path, method: str = "pages", scan_first: bool = False) -> dict:
    """Time and memory of building the BM25 index in this (fresh) process.

    ``pages`` is ``LexicalIndex.build`` (each page tokenized to term ids and reduced to numpy
    rows); ``strings`` is how it was built before, kept here as the baseline: every chunk's
    token strings in Python lists, then ``bm25s.BM25.index``. Both read the same pages.
    ``scan_first`` reads every page once before the clock starts, so the build's figures leave
    out what Chroma itself keeps after a full read (reported as ``scan_rss_delta_mb``).
    """
    import gc

    from index.lexical import LexicalIndex, tokenize
    from index.settings import Settings
    from index.store import Store

    store = Store(Settings(store=store_path))
    generation = store.generation
    scanned = {}
    if scan_first:
        gc.collect()
        before = common.rss_mb()["rss_mb"]
        t = time.perf_counter()
        for _ in store.iter_chunks():
            pass
        scanned = {
            "scan_s": round(time.perf_counter() - t, 1),
            "scan_rss_delta_mb": round(common.rss_mb()["rss_mb"] - before, 1),
        }
    gc.collect()
    before = common.rss_mb()["rss_mb"]
    common.reset_peak_rss()
    t = time.perf_counter()
    if method == "pages":
        index = LexicalIndex.build(store, generation)
    else:
        import bm25s

        ids: list[str] = []
        tokens: list[list[str]] = []
        for page_ids, texts in store.iter_chunks():
            ids += page_ids
            tokens += tokenize(texts)
        bm25 = bm25s.BM25()
        bm25.index(tokens, show_progress=False)
        del tokens
        index = LexicalIndex(ids, bm25, generation)
    seconds = time.perf_counter() - t
    gc.collect()
    scores = index.bm25.scores
    arrays = sum(a.nbytes for a in scores.values() if hasattr(a, "nbytes"))
    # Same index either way: a checksum of the scores of a few queries, for the report to compare.
    probe = [index.search(q, 10) for q in common.questions(10)]
    return scanned | {
        "method": method,
        "chunks": len(index.ids),
        "vocabulary": len(index.bm25.vocab_dict),
        "build_s": round(seconds, 1),
        "sparse_matrix_mb": round(arrays / 2**20, 1),
        "rss_delta_mb": round(common.rss_mb()["rss_mb"] - before, 1),
        "build_peak_delta_mb": round(common.rss_mb()["peak_rss_mb"] - before, 1),
        "probe": hashlib.sha256(json.dumps(probe).encode()).hexdigest()[:16],
    }


class _Work:
    """Counts the work of one question: tokenizer calls and texts, embedding calls and texts."""

    def __init__(self, bot) -> None:
        import bm25s

        self.counts = {"tokenize_calls": 0, "tokenized_texts": 0, "embed_calls": 0, "embedded_texts": 0}
        tokenize = bm25s.tokenize

        def counted_tokenize(texts, *args, **kwargs):
            self.counts["tokenize_calls"] += 1
            self.counts["tokenized_texts"] += 1 if isinstance(texts, str) else len(texts)
            return tokenize(texts, *args, **kwargs)

        bm25s.tokenize = counted_tokenize
        emb = bot.embeddings
        documents, query = emb.embed_documents, emb.embed_query

        def counted_documents(texts):
            self.counts["embed_calls"] += 1
            self.counts["embedded_texts"] += len(texts)
            return documents(texts)

        def counted_query(text):
            self.counts["embed_calls"] += 1
            self.counts["embedded_texts"] += 1
            return query(text)

        object.__setattr__(emb, "embed_documents", counted_documents)  # pydantic models refuse setattr
        object.__setattr__(emb, "embed_query", counted_query)

    def take(self) -> dict:
        out = dict(self.counts)
        for k in self.counts:
            self.counts[k] = 0
        return out


def serve(store_path: Path, rounds: int, threads: int | None = None, query_batch: int | None = None) -> dict:
    """Ask every question ``rounds`` times through Assistant.ask, model and BM25 warm.

    ``query_batch``: a what-if, sets the query embedder's batch size (index/embedding.py uses 1).
    """
    import statistics

    from qa.assistant import Assistant

    if threads:
        import torch

        torch.set_num_threads(threads)
    t = time.perf_counter()
    bot = Assistant(store=store_path)
    if query_batch:
        bot.embeddings.batch_size = query_batch
    bot.warm_up()
    bot.ask("warm up question about the economy")
    warm_s = time.perf_counter() - t
    qs = common.questions()
    work = _Work(bot)
    from index.settings import query_threads

    out = {
        "chunks": bot.store.count(),
        "store_variant": bot.store.settings.index.variant,  # how the chunks were embedded
        "query_embedder": type(bot.embeddings).__name__,  # questions and answer sentences
        "query_threads": query_threads(),
        "query_batch": bot.embeddings.batch_size,
        "warm_up_s": round(warm_s, 1),
        "torch_threads": threads,
        "passes": [],
    }
    for _ in range(rounds):
        wall, parts, counts = [], {}, {}
        answered = 0
        answers = []
        work.take()
        for q in qs:
            t = time.perf_counter()
            answer = bot.ask(q)
            wall.append((time.perf_counter() - t) * 1000)
            answered += not answer.abstained
            for k, v in answer.timings_ms.items():
                parts.setdefault(k, []).append(v)
            for k, v in work.take().items():
                counts.setdefault(k, []).append(v)
            answers.append(
                {
                    "question": q,
                    "answer": answer.answer,
                    "citations": [[c.source, c.start, c.end, round(c.score, 6)] for c in answer.citations],
                }
            )
        out["passes"].append(
            common.percentiles(wall)
            | {
                "answered": answered,
                "median_parts_ms": {k: round(statistics.median(v), 1) for k, v in parts.items()},
                "p95_parts_ms": {k: round(common.percentiles(v)["p95_ms"], 1) for k, v in parts.items()},
                "work_per_question": {k: round(statistics.fmean(v), 2) for k, v in counts.items()},
                "answers_sha256": hashlib.sha256(json.dumps(answers).encode()).hexdigest()[:16],
                "answers": answers,
            }
        )
    out["torch_imported"] = "torch" in sys.modules  # is torch on the serving path at all?
    return out | common.rss_mb()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, default=common.DEFAULT_CORPUS, help="BBC corpus folder (default %(default)s)")
    p.add_argument(
        "--scale",
        action="append",
        help="'bbc' or a chunk count for a synthetic store (repeatable; default: bbc and 200000)",
    )
    p.add_argument("--rounds", type=int, default=2, help="passes over the questions (default 2)")
    p.add_argument(
        "--torch-threads",
        type=int,
        help="torch.set_num_threads(N) while serving (questions no longer use torch; CITEQA_QUERY_THREADS sets theirs)",
    )
    p.add_argument(
        "--skip-bm25",
        action="store_true",
        help="at a synthetic scale, skip the two BM25 rebuild measurements (~2-4 min each); keep the last ones",
    )
    p.add_argument(
        "--query-batch",
        type=int,
        help="what-if: batch size of the query embedder (questions and answer sentences; the code uses 32)",
    )
    p.add_argument("--phase", choices=["serve", "build", "bm25"], help=argparse.SUPPRESS)
    p.add_argument("--method", choices=["pages", "strings"], default="pages", help=argparse.SUPPRESS)
    p.add_argument("--scan-first", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--n", type=int, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    common.offline()

    if args.phase == "serve":
        print(json.dumps(serve(args.store, args.rounds, args.torch_threads, args.query_batch)))
        return 0
    if args.phase == "build":
        print(json.dumps(build_synthetic(args.store, args.n)[1]))
        return 0
    if args.phase == "bm25":
        print(json.dumps(bm25_memory(args.store, args.method, args.scan_first)))
        return 0

    scales = args.scale or ["bbc", "200000"]
    bbc = bbc_store(args.corpus)
    previous = common.RESULTS / "query.json"  # keep other scales' figures from earlier runs
    earlier = json.loads(previous.read_text()).get("scales", {}) if previous.is_file() else {}
    results = {}
    for scale in scales:
        if scale == "bbc":
            path, info = bbc, {}
        elif not scale.isdigit():  # an existing store, e.g. variants/int8-bbc: served as it is
            path = Path(scale) if Path(scale).is_absolute() else common.WORK / scale
            if not (path / "chroma.sqlite3").is_file():
                p.error(f"--scale {scale}: no store at {path}")
            info = {"store": str(path)}
            scale = path.name  # the key in results/query.json
        else:
            n = int(scale)
            print(f"query: synthetic store of {n} chunks...", file=sys.stderr, flush=True)
            info = common.run_phase(Path(__file__), ["--phase", "build", "--store", str(bbc), "--n", str(n)])
            path = Path(info["store"])
            bm25 = ["--phase", "bm25", "--store", str(path), "--method"]
            if args.skip_bm25:
                keep = ("bm25_in_memory", "bm25_strings_baseline", "bm25_disk_mb")
                info |= {k: earlier[scale][k] for k in keep if k in earlier.get(scale, {})}
            else:
                info["bm25_in_memory"] = common.run_phase(Path(__file__), [*bm25, "pages"])
                info["bm25_strings_baseline"] = common.run_phase(Path(__file__), [*bm25, "strings"])
        load_before = common.loadavg()
        print(f"query: serving {scale}...", file=sys.stderr, flush=True)
        threads = ["--torch-threads", str(args.torch_threads)] if args.torch_threads else []
        threads += ["--query-batch", str(args.query_batch)] if args.query_batch else []
        served = common.run_phase(
            Path(__file__), ["--phase", "serve", "--store", str(path), "--rounds", str(args.rounds), *threads]
        )
        # Per-question answers and citations (pass 1), so runs of two code versions can be diffed.
        answers = [run.pop("answers") for run in served["passes"]][0]
        common.RESULTS.mkdir(parents=True, exist_ok=True)
        (common.RESULTS / f"query-answers-{scale}.json").write_text(json.dumps(answers, indent=1))
        results[scale] = info | served | {"loadavg_before": load_before, "loadavg_after": common.loadavg()}
        print(f"  {scale}: {results[scale]['passes']}", file=sys.stderr, flush=True)
    results = earlier | results
    common.save("query", {"questions": len(common.questions()), "noise_sigma": NOISE_SIGMA, "scales": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
