"""ANN recall: Chroma's HNSW top-k against exact brute-force (numpy) top-k on the same vectors.

Sweeps ef_search on a store built by bench/query.py (default: the 200k synthetic one), with two
query sets: the real questions' embeddings (tests/data/*.jsonl, 141) and 200 "near-duplicate"
queries (stored vectors plus fresh noise, the hard case for a graph index). Reports recall@10
and recall@30 (30 = the candidates the retriever asks Chroma for) and the latency per query.
The collection's ef_search is restored to what it was before the sweep.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

PAGE = 5000


def all_questions() -> list[str]:
    out = []
    for path in sorted((common.REPO / "tests" / "data").glob("*_questions.jsonl")):
        out += [json.loads(line)["question"] for line in path.read_text().splitlines() if line.strip()]
    return out


def sweep(store_path: Path, efs: list[int], noisy: int) -> dict:
    import numpy as np

    from index.embedding import embedder
    from index.settings import Settings
    from index.store import Store

    store = Store(Settings(store=store_path))
    collection = store.collection
    n = collection.count()
    ids, rows = [], []
    for offset in range(0, n, PAGE):
        got = collection.get(include=["embeddings"], limit=PAGE, offset=offset)
        ids += got["ids"]
        rows.append(np.asarray(got["embeddings"], dtype=np.float32))
    matrix = np.vstack(rows)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)  # cosine space: exact = max dot product

    rng = np.random.default_rng(1)
    sets = {"questions": np.asarray(embedder().embed_documents(all_questions()), dtype=np.float32)}
    if noisy:
        picked = matrix[rng.choice(len(matrix), size=noisy, replace=False)]
        near = picked + rng.normal(0, 0.025, size=picked.shape).astype(np.float32)
        sets["near_duplicates"] = near / np.linalg.norm(near, axis=1, keepdims=True)

    exact, exact_ms = {}, {}
    for name, queries in sets.items():
        t = time.perf_counter()
        scores = queries @ matrix.T
        top = np.argpartition(-scores, 30, axis=1)[:, :30]
        order = np.take_along_axis(scores, top, axis=1).argsort(axis=1)[:, ::-1]
        exact[name] = np.take_along_axis(top, order, axis=1)
        exact_ms[name] = round((time.perf_counter() - t) * 1000 / len(queries), 2)

    original = collection.configuration["hnsw"]["ef_search"]
    results = []
    try:
        for ef in efs:
            collection.modify(configuration={"hnsw": {"ef_search": ef}})
            collection = store.client.get_collection(store.settings.collection, embedding_function=None)
            assert collection.configuration["hnsw"]["ef_search"] == ef
            for name, queries in sets.items():
                collection.query(query_embeddings=queries[:1].tolist(), n_results=30, include=[])  # warm
                r10, r30, ms = [], [], []
                for q, truth in zip(queries, exact[name]):
                    t = time.perf_counter()
                    got = collection.query(query_embeddings=[q.tolist()], n_results=30, include=[])["ids"][0]
                    ms.append((time.perf_counter() - t) * 1000)
                    truth_ids = [ids[i] for i in truth]
                    r10.append(len(set(got[:10]) & set(truth_ids[:10])) / 10)
                    r30.append(len(set(got) & set(truth_ids)) / 30)
                results.append(
                    {
                        "ef_search": ef,
                        "queries": name,
                        "recall@10": round(float(np.mean(r10)), 4),
                        "min_recall@10": round(float(np.min(r10)), 2),
                        "recall@30": round(float(np.mean(r30)), 4),
                    }
                    | {f"latency_{k}": v for k, v in common.percentiles(ms).items() if k != "n"}
                )
                print(f"  {results[-1]}", file=sys.stderr, flush=True)
    finally:
        collection.modify(configuration={"hnsw": {"ef_search": original}})
    hnsw = dict(store.client.get_collection(store.settings.collection, embedding_function=None).configuration["hnsw"])
    return {
        "store": str(store_path),
        "chunks": n,
        "hnsw_config": hnsw,
        "exact_numpy_ms_per_query": exact_ms,
        "queries": {k: len(v) for k, v in sets.items()},
        "sweep": results,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument(
        "--store",
        type=Path,
        default=common.WORK / "synth-200000",
        help="a citeqa store (default %(default)s, built by `bench/query.py --scale 200000`)",
    )
    p.add_argument("--ef", type=int, action="append", help="ef_search values (repeatable; default 10 50 100 200)")
    p.add_argument("--noisy", type=int, default=200, help="near-duplicate queries to add (default 200; 0 = none)")
    args = p.parse_args(argv)
    common.offline()
    if not (args.store / "chroma.sqlite3").is_file():
        raise SystemExit(f"ann_recall: {args.store} holds no store; build it with `bench/query.py --scale 200000`")
    load = common.loadavg()
    out = sweep(args.store, args.ef or [10, 50, 100, 200], args.noisy)
    common.save(f"ann_recall-{args.store.name}", out | {"loadavg_before": load, "loadavg_after": common.loadavg()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
