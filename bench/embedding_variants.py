"""Embedding variants side by side: fp32 (sentence-transformers on torch) vs int8 (ONNX).

  speed    chunks/s of each variant's ``Embeddings.embed_documents`` on the same real BBC
           chunks (headline + chunk, as the store embeds them), in groups of 256 as the store's
           writer sends them. Rounds are interleaved in one process (fp32, int8, fp32-onnx,
           then again...) so load drift on a shared machine hits all of them alike; the ratio
           is the median of the per-round ratios, with the load average beside each round.
  drift    cosine of int8 to fp32 over every chunk of the BBC store, and top-5 neighbour
           overlap: of each sample chunk among the sample, and of each question over the
           whole store (exact search on the stored vectors of each variant's own store).
  quality  hit@5 and MRR of ``citeqa eval``'s pipeline (hybrid+rerank k=5, and dense k=5) on
           the three question sets, one store per variant: dev (seeds), bbc and holdout
           (the BBC corpus plus the seeds).

Decision rule (issue 5): int8 becomes the default only if it is >= 1.3x faster and loses no
more than 1 point of hit@5 (hybrid+rerank k=5) on every set.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

VARIANTS = ("fp32", "int8")
SETS = {  # name -> (question file, corpus: "seeds" or "bbc" = BBC corpus + seeds)
    "dev": ("dev_questions.jsonl", "seeds"),
    "bbc": ("bbc_questions.jsonl", "bbc"),
    "holdout": ("holdout_questions.jsonl", "bbc"),
}
MIN_SPEEDUP = 1.3
MAX_HIT_LOSS = 0.01
WRITER_GROUP = 256  # texts per embed_documents call in Store.add (embed_batch_size * 4)


def sample_texts(corpus: Path, n: int) -> list[str]:
    """``n`` chunk texts spread over the whole corpus (every k-th chunk), as the store embeds them."""
    from index.articles import read_article
    from index.chunking import chunk_article
    from index.settings import IndexSettings
    from index.store import _embedding_text, discover

    files, _ = discover([corpus])
    texts = []
    for path, source in files:
        if path.parent == corpus:  # README.TXT
            continue
        article = read_article(path, source=source)
        texts += [_embedding_text(c) for c in chunk_article(article, IndexSettings())]
    step = max(1, len(texts) // n)
    return texts[::step][:n]


def _embed(embeddings, texts: list[str]):
    import numpy as np

    out = []
    for first in range(0, len(texts), WRITER_GROUP):
        out += embeddings.embed_documents(texts[first : first + WRITER_GROUP])
    return np.asarray(out, dtype=np.float32)


def overlap_at(a, b, queries_a, queries_b, k: int = 5, exclude_self: bool = False) -> list[float]:
    """Per query: the share of its top-k neighbours under ``a`` that are also top-k under ``b``."""
    import numpy as np

    sa, sb = queries_a @ a.T, queries_b @ b.T
    if exclude_self:
        np.fill_diagonal(sa, -np.inf)
        np.fill_diagonal(sb, -np.inf)
    ta = np.argsort(-sa, axis=1)[:, :k]
    tb = np.argsort(-sb, axis=1)[:, :k]
    return [len(set(x) & set(y)) / k for x, y in zip(ta, tb)]


def speed(texts: list[str], rounds: int) -> tuple[dict, dict]:
    """Interleaved timing rounds; returns the figures and the last vectors of each variant."""
    from index.embedding import embedder
    from index.onnx_embeddings import OnnxEmbeddings
    from index.onnx_export import onnx_model
    from index.settings import default_model_path

    started = time.perf_counter()
    models = {v: embedder(variant=v) for v in VARIANTS}  # int8: exports on the first run
    models["fp32-onnx"] = OnnxEmbeddings(onnx_model(default_model_path(), "fp32"), default_model_path())
    load_s = time.perf_counter() - started
    for model in models.values():
        model.embed_documents(texts[:64])  # warm up: first-call allocations stay out of the clock
    times: dict[str, list[float]] = {name: [] for name in models}
    loads = []
    vectors = {}
    for r in range(rounds):
        order = list(models) if r % 2 == 0 else list(reversed(models))  # A,B,C then C,B,A
        for name in order:
            loads.append(common.loadavg())
            t = time.perf_counter()
            vectors[name] = _embed(models[name], texts)
            times[name].append(time.perf_counter() - t)
            print(
                f"round {r + 1} {name}: {len(texts) / times[name][-1]:.1f} chunks/s, load {loads[-1]}", file=sys.stderr
            )
    ratios = [f / i for f, i in zip(times["fp32"], times["int8"])]
    ratios_onnx = [f / o for f, o in zip(times["fp32"], times["fp32-onnx"])]
    words = [len(t.split()) for t in texts]
    return {
        "texts": len(texts),
        "words_per_text": {"mean": round(statistics.fmean(words), 1), "max": max(words)},
        "rounds": rounds,
        "models_load_s": round(load_s, 2),
        "chunks_per_s": {
            n: {
                "median": round(len(texts) / statistics.median(ts), 1),
                "rounds": [round(len(texts) / t, 1) for t in ts],
            }
            for n, ts in times.items()
        },
        "speedup_int8": {"median": round(statistics.median(ratios), 3), "rounds": [round(x, 3) for x in ratios]},
        "speedup_fp32_onnx": {"median": round(statistics.median(ratios_onnx), 3)},
        "loadavg_per_timing": loads,
    }, vectors


def drift_on_sample(vectors: dict) -> dict:
    import numpy as np

    fp32, int8, onnx32 = vectors["fp32"], vectors["int8"], vectors["fp32-onnx"]
    cos = (fp32 * int8).sum(1)
    return {
        "int8_cosine_to_fp32": {"mean": round(float(cos.mean()), 4), "min": round(float(cos.min()), 4)},
        "fp32_onnx_max_abs_diff_to_torch": float(np.abs(fp32 - onnx32).max()),
        "int8_top5_overlap_chunk_to_chunk": round(
            statistics.fmean(overlap_at(fp32, int8, fp32, int8, exclude_self=True)), 4
        ),
    }


def store_for(variant: str, corpus: str, bbc: Path, seed_from: Path | None) -> tuple[Path, dict]:
    """This variant's store of ``corpus``, built once under the bench folder and reused."""
    from index.settings import IndexSettings, Settings
    from index.store import Store

    path = common.WORK / "variants" / f"{variant}-{corpus}"
    if seed_from is not None and not path.exists():
        shutil.copytree(seed_from, path)  # checked below: its vectors must be this variant's
    store = Store(Settings(store=path, index=IndexSettings(embedding=variant)))
    load = common.loadavg()
    report = store.add([common.SEEDS] if corpus == "seeds" else [bbc, common.SEEDS], on_error="report")
    return path, {
        "store": str(path),
        "chunks": store.count(),
        "chunks_embedded": report.chunks_added,
        "seconds": round(report.seconds, 1),
        "chunks_per_s": round(report.chunks_added / report.seconds, 1) if report.chunks_added else None,
        "loadavg": load,
        "seeded_from": str(seed_from) if seed_from else None,
    }


def stored_vectors(path: Path, variant: str):
    import numpy as np

    from index.settings import IndexSettings, Settings
    from index.store import GET_PAGE, Store

    store = Store(Settings(store=path, index=IndexSettings(embedding=variant)))
    ids, vecs = [], []
    for offset in range(0, store.count(), GET_PAGE):
        got = store.collection.get(include=["embeddings"], limit=GET_PAGE, offset=offset)
        ids += got["ids"]
        vecs.append(np.asarray(got["embeddings"], dtype=np.float32))
    order = np.argsort(ids)
    return [ids[i] for i in order], np.concatenate(vecs)[order], store


def check_seeded(path: Path, variant: str, n: int = 64) -> float:
    """Max abs difference between a copied store's vectors and fresh ones: it must be ~0."""
    import numpy as np

    from index.embedding import embedder
    from index.store import _embedding_text

    ids, vecs, store = stored_vectors(path, variant)
    picked = list(range(0, len(ids), max(1, len(ids) // n)))[:n]
    chunks = store.get_chunks([ids[i] for i in picked])
    fresh = np.asarray(embedder(variant=variant).embed_documents([_embedding_text(chunks[ids[i]]) for i in picked]))
    return float(np.abs(fresh - vecs[picked]).max())


def drift_on_store(paths: dict[str, Path]) -> dict:
    """Cosine of every chunk's int8 vector to its fp32 one, and question top-5 overlap."""
    import numpy as np

    from index.embedding import embedder

    ids32, v32, _ = stored_vectors(paths["fp32"], "fp32")
    ids8, v8, _ = stored_vectors(paths["int8"], "int8")
    if ids32 != ids8:
        raise SystemExit("bench: the fp32 and int8 BBC stores hold different chunks; delete one and rerun")
    cos = (v32 * v8).sum(1)
    qs = common.questions() + [q["question"] for q in _load("dev_questions.jsonl")]
    q32 = np.asarray(embedder(variant="fp32").embed_documents(qs), dtype=np.float32)
    q8 = np.asarray(embedder(variant="int8").embed_documents(qs), dtype=np.float32)
    return {
        "chunks": len(ids32),
        "int8_cosine_to_fp32": {
            "mean": round(float(cos.mean()), 4),
            "min": round(float(cos.min()), 4),
            "p1": round(float(np.percentile(cos, 1)), 4),
        },
        "questions": len(qs),
        "question_cosine_to_fp32": {
            "mean": round(float((q32 * q8).sum(1).mean()), 4),
            "min": round(float((q32 * q8).sum(1).min()), 4),
        },
        "question_top5_overlap": round(statistics.fmean(overlap_at(v32, v8, q32, q8)), 4),
    }


def _load(name: str) -> list[dict]:
    import json

    path = common.REPO / "tests" / "data" / name
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def evaluate(variant: str, name: str, store: Path, bbc: Path) -> dict:
    from qa.eval import Setting, load_jsonl
    from qa.eval import evaluate as run_eval

    questions_file, corpus = SETS[name]
    os.environ["CITEQA_EMBEDDING"] = variant  # the Assistant's settings and its query embedder
    settings = [Setting("hybrid", True, 5), Setting("dense", False, 5)]
    load = common.loadavg()
    runs, index = run_eval(
        load_jsonl(common.REPO / "tests" / "data" / questions_file),
        common.SEEDS if corpus == "seeds" else bbc,
        settings,
        store=store,
        log=lambda m: print(m, file=sys.stderr),
    )
    out = {"questions": len(runs[0].scored), "chunks": index["chunks"], "loadavg": load}
    for run in runs:
        m = run.summary.metrics
        out[run.setting.name] = {
            k: (round(m[k], 4) if m[k] is not None else None)
            for k in ("hit_at_k", "mrr", "contains_gold", "citation_precision", "abstention_recall")
        } | {"answer_p50_ms": run.summary.latency_ms.get("total", {}).get("p50")}
    return out


def git_state() -> dict:
    """The commit measured, and which files differed from it (other people's work in progress)."""
    import subprocess

    def git(*args: str) -> str:
        run = subprocess.run(["git", *args], cwd=common.REPO, capture_output=True, text=True, check=False)
        return run.stdout.strip()

    return {"commit": git("rev-parse", "--short", "HEAD"), "changed": git("status", "--short").splitlines()}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, default=common.DEFAULT_CORPUS, help="the BBC corpus folder")
    p.add_argument("--sample", type=int, default=512, help="chunks timed per round (default 512)")
    p.add_argument("--rounds", type=int, default=4, help="interleaved timing rounds (default 4)")
    p.add_argument(
        "--fp32-store",
        type=Path,
        default=None,
        help="an existing fp32 store of BBC + seeds to copy instead of embedding 12.5k chunks (its vectors are checked)",
    )
    p.add_argument("--skip-eval", action="store_true", help="speed and sample drift only")
    args = p.parse_args(argv)
    common.offline()
    os.environ.pop("CITEQA_EMBEDDING", None)
    import onnxruntime
    import torch

    result: dict = {
        "git": git_state(),
        "versions": {"onnxruntime": onnxruntime.__version__, "torch": torch.__version__},
        "threads": {"torch": torch.get_num_threads()},
        "loadavg_start": common.loadavg(),
    }
    texts = sample_texts(args.corpus, args.sample)
    result["speed"], vectors = speed(texts, args.rounds)
    result["drift_sample"] = drift_on_sample(vectors)
    if not args.skip_eval:
        stores = {}
        for variant in VARIANTS:
            for corpus in ("seeds", "bbc"):
                seed = args.fp32_store if (variant, corpus) == ("fp32", "bbc") else None
                stores[variant, corpus], result[f"store_{variant}_{corpus}"] = store_for(
                    variant, corpus, args.corpus, seed
                )
                print(f"store {variant} {corpus}: {result[f'store_{variant}_{corpus}']}", file=sys.stderr)
        if args.fp32_store:
            result["store_fp32_bbc"]["seeded_max_abs_diff"] = check_seeded(stores["fp32", "bbc"], "fp32")
        result["drift_store"] = drift_on_store({v: stores[v, "bbc"] for v in VARIANTS})
        result["git_at_eval"] = git_state()
        result["eval"] = {
            name: {
                variant: evaluate(variant, name, stores[variant, SETS[name][1]], args.corpus) for variant in VARIANTS
            }
            for name in SETS
        }
        os.environ.pop("CITEQA_EMBEDDING", None)
        key = "hybrid+rerank k=5"
        losses = {
            name: round(e["fp32"][key]["hit_at_k"] - e["int8"][key]["hit_at_k"], 4)
            for name, e in result["eval"].items()
        }
        fast = result["speed"]["speedup_int8"]["median"] >= MIN_SPEEDUP
        result["decision"] = {
            "rule": f"int8 default iff speedup >= {MIN_SPEEDUP} and hit@5 ({key}) loss <= {MAX_HIT_LOSS} on every set",
            "speedup": result["speed"]["speedup_int8"]["median"],
            "hit_at_5_loss": losses,
            "int8_qualifies": fast and all(loss <= MAX_HIT_LOSS + 1e-9 for loss in losses.values()),
        }
    result["loadavg_end"] = common.loadavg()
    common.save("embedding_variants", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
