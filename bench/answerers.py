"""Answerers side by side: latency and serving memory of the reader and of the former sentence picker.

  reader           the trained extractive reader (qa/reader/), the default since 888d9ab: the
                   code of ``--new-rev`` (default HEAD; ``--checkout``: this checkout as it is,
                   uncommitted changes included)
  sentence-picker  the hand-tuned sentence picker it replaced: the code of ``--old-rev``
                   (default 888d9ab~1), asked with ``answerer="sentences"``. In that tree the
                   reader was already the default and the picker a measured-only option, so
                   its process never loads the reader (``Assistant.warm_up`` would: not called)

Both answer the same questions (tests/data/bbc_questions.jsonl + holdout_questions.jsonl, 93)
from the same store: the whole BBC corpus plus seeds/, built once under $CITEQA_BENCH_DIR
(default /tmp/citeqa-bench) as bench/query.py builds it, by the reader's code, BM25 cache
included. A commit's code is unpacked with ``git archive`` into $CITEQA_BENCH_DIR/trees/<sha>
(no worktree registered in the shared checkout) and imported from there, first on sys.path.
The store is shared because opening it checks the index settings it was built with
(``Store._open_collection`` raises on a mismatch); each child also reports the collection's
metadata and they must agree, and the JSON records the diff of index/ between the two commits.

Every answerer runs in its own fresh interpreter (its peak RSS is serving alone: imports,
models, BM25, questions), model warm, each question asked once (pass 1: sentence cache cold,
as for new questions). Rounds alternate the order (reader first, then picker first...), so a
change of load hits both. Latency is the wall time of ``Assistant.ask``; per-stage times come
from ``Answer.timings_ms``.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

OLD_REV = "888d9ab~1"  # the last commit whose code still holds the sentence picker


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=common.REPO, capture_output=True, text=True, check=True).stdout.strip()


def tree_at(rev: str) -> tuple[Path, str]:
    """The files of commit ``rev``, unpacked once under WORK/trees/<sha>; (folder, full sha)."""
    sha = _git("rev-parse", "--verify", f"{rev}^{{commit}}")
    dest = common.WORK / "trees" / sha[:12]
    done = dest / ".citeqa-bench-complete"  # written last: a half-unpacked tree is unpacked again
    if not done.is_file():
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", sha], cwd=common.REPO, capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(dest, filter="data")
        done.write_text(sha + "\n")
    return dest, sha


def use_tree(tree: Path) -> None:
    """Import qa/ and index/ from ``tree``: the venv's editable install maps them to this checkout."""
    sys.path[:] = [str(tree)] + [p for p in sys.path if p and Path(p).resolve() != common.REPO]
    import index

    if not Path(index.__file__).resolve().is_relative_to(tree.resolve()):
        raise SystemExit(f"index/ came from {index.__file__}, not from {tree}")


def build(tree: Path, corpus: Path, limit: int | None) -> dict:
    """The store both answerers read (BBC + seeds, or a ``limit``-article sample + seeds) and its
    BM25 cache, built by the code of ``tree``."""
    use_tree(tree)
    from index.lexical import LexicalCache
    from index.settings import Settings
    from index.store import Store

    t = time.perf_counter()
    if limit:
        path = common.WORK / f"bbc-{limit}"
        sample = common.sample_corpus(corpus, limit, common.WORK / f"corpus-{limit}")
        Store(Settings(store=path)).add([sample, common.SEEDS], on_error="report")
    else:
        import query  # the full store is bench/query.py's, shared with its runs

        path = query.bbc_store(corpus)
    store = Store(Settings(store=path))
    LexicalCache(store).get()  # built and saved now, so no child pays for building it
    return {"store": str(path), "chunks": store.count(), "build_or_check_s": round(time.perf_counter() - t, 1)}


def serve(tree: Path, store_path: Path, answerer: str | None, passes: int, limit: int | None) -> dict:
    """Ask every question ``passes`` times with the code of ``tree``; latencies, stages, answers, RSS."""
    use_tree(tree)
    import qa.assistant
    from qa.assistant import Assistant

    loaded_from = Path(qa.assistant.__file__).resolve()
    if not loaded_from.is_relative_to(tree.resolve()):
        raise SystemExit(f"qa.assistant came from {loaded_from}, not from {tree}")

    t = time.perf_counter()
    bot = Assistant(store=store_path, answerer=answerer)
    if answerer == "sentences":  # what the picker needs warm; warm_up() would also load the reader
        bot.embeddings.embed_query("warm up")
        bot.retriever.lexical.get()
    else:
        bot.warm_up()
    bot.ask("warm up question about the economy")
    warm_s = time.perf_counter() - t

    out = {
        "tree": str(tree),
        "answerer": answerer or bot.answerer,
        "chunks": bot.store.count(),
        "store_metadata": {k: v for k, v in (bot.store.collection.metadata or {}).items() if k != "citeqa_generation"},
        "warm_up_s": round(warm_s, 1),
        "reader_loaded": getattr(bot, "_reader", None) is not None,
        "passes": [],
    }
    qs = common.questions(limit)
    for _ in range(passes):
        wall, parts, answers = [], {}, []
        for q in qs:
            t = time.perf_counter()
            answer = bot.ask(q)
            wall.append((time.perf_counter() - t) * 1000)
            for k, v in answer.timings_ms.items():
                parts.setdefault(k, []).append(v)
            answers.append(
                {
                    "question": q,
                    "answer": answer.answer,
                    "abstained": answer.abstained,
                    "citations": [[c.source, c.start, c.end] for c in answer.citations],
                }
            )
        out["passes"].append(
            {
                "latency_ms": [round(x, 2) for x in wall],
                "parts_ms": {k: [round(x, 2) for x in v] for k, v in parts.items()},
                "answered": sum(not a["abstained"] for a in answers),
                "answers_sha256": hashlib.sha256(json.dumps(answers).encode()).hexdigest()[:16],
                "answers": answers,
            }
        )
    return out | common.rss_mb()


def summarise(runs: list[dict]) -> dict:
    """One answerer's rounds: pooled pass-1 percentiles, per-stage medians, peak RSS, loads."""
    first = [r["passes"][0] for r in runs]
    wall = [x for p in first for x in p["latency_ms"]]
    stages = sorted({k for p in first for k in p["parts_ms"]})
    pooled = {k: [x for p in first for x in p["parts_ms"].get(k, [])] for k in stages}
    return {
        "questions": len(first[0]["latency_ms"]),
        "rounds": len(runs),
        "latency": common.percentiles(wall),
        "p50_per_round_ms": [common.percentiles(p["latency_ms"])["p50_ms"] for p in first],
        "p95_per_round_ms": [common.percentiles(p["latency_ms"])["p95_ms"] for p in first],
        "answer_stage": common.percentiles(pooled.get("answer", [])),
        "median_parts_ms": {k: round(statistics.median(v), 1) for k, v in pooled.items() if v},
        "p95_parts_ms": {k: common.percentiles(v)["p95_ms"] for k, v in pooled.items() if v},
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "peak_rss_per_round_mb": [r["peak_rss_mb"] for r in runs],
        "warm_up_s": [r["warm_up_s"] for r in runs],
        "answered": [p["answered"] for p in first],
        "answers_same_every_round": len({p["answers_sha256"] for p in first}) == 1,
        "answers_sha256": first[0]["answers_sha256"],
        "reader_loaded": runs[0]["reader_loaded"],
        "loadavg": [r["loadavg_before"] for r in runs] + [runs[-1]["loadavg_after"]],
    }


def table(summary: dict) -> str:
    lines = [
        "| answerer | code | questions x rounds | p50 ms | p95 ms (per round) | answer stage p50 / p95 ms "
        "| other stages, median ms | answered | peak RSS MB | load avg (1/5/15) before each round |",
        "|---|---|---|---:|---:|---:|---|---:|---:|---|",
    ]
    for name, s in summary["answerers"].items():
        lat, ans = s["latency"], s["answer_stage"]
        others = ", ".join(f"{k} {v}" for k, v in s["median_parts_ms"].items() if k != "answer")
        lines.append(
            f"| {name} | {s['rev']} | {s['questions']} x {s['rounds']} | {lat['p50_ms']} "
            f"| {lat['p95_ms']} ({', '.join(map(str, s['p95_per_round_ms']))}) "
            f"| {ans.get('p50_ms', '-')} / {ans.get('p95_ms', '-')} | {others} "
            f"| {', '.join(map(str, s['answered']))} | {s['peak_rss_mb']} "
            f"| {'; '.join(str(x) for x in s['loadavg'][:-1])} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, default=common.DEFAULT_CORPUS, help="BBC corpus folder (default %(default)s)")
    p.add_argument("--limit", type=int, help="a store of this many articles (+ seeds) instead of all; smoke tests")
    p.add_argument("--questions", type=int, help="ask only the first N questions; smoke tests")
    p.add_argument("--rounds", type=int, default=2, help="fresh processes per answerer, order alternating (default 2)")
    p.add_argument("--passes", type=int, default=1, help="passes over the questions per process (default 1)")
    p.add_argument("--old-rev", default=OLD_REV, help="commit holding the sentence picker (default %(default)s)")
    p.add_argument("--new-rev", default="HEAD", help="commit of the reader to measure (default %(default)s)")
    p.add_argument(
        "--checkout", action="store_true", help="measure the reader in this checkout, uncommitted changes included"
    )
    p.add_argument("--phase", choices=["build", "serve"], help=argparse.SUPPRESS)
    p.add_argument("--tree", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--answerer", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    common.offline()

    if args.phase == "build":
        print(json.dumps(build(args.tree, args.corpus, args.limit)))
        return 0
    if args.phase == "serve":
        print(json.dumps(serve(args.tree, args.store, args.answerer, args.passes, args.questions)))
        return 0

    old_tree, old_sha = tree_at(args.old_rev)
    if args.checkout:
        new_tree, new_sha = common.REPO, _git("rev-parse", "HEAD")
        dirty = _git("status", "--porcelain", "--untracked-files=no", "--", "qa", "index")
        new_label = f"checkout at {new_sha[:12]}" + (" + uncommitted qa/, index/ changes" if dirty else "")
    else:
        new_tree, new_sha = tree_at(args.new_rev)
        new_label = f"{new_sha[:12]} ({args.new_rev})"
    # The store is built by the reader's index/; the picker's tree must index the same way.
    index_diff = _git("diff", "--stat", old_sha, *([] if args.checkout else [new_sha]), "--", "index")
    answerers = {
        "reader": {"tree": new_tree, "rev": new_label, "answerer": None},
        "sentence-picker": {"tree": old_tree, "rev": f"{old_sha[:12]} ({args.old_rev})", "answerer": "sentences"},
    }
    print("answerers: store...", file=sys.stderr, flush=True)
    limit = ["--limit", str(args.limit)] if args.limit else []
    build_args = ["--phase", "build", "--tree", str(new_tree), "--corpus", str(args.corpus), *limit]
    store = common.run_phase(Path(__file__), build_args, env={"PYTHONPATH": str(new_tree)})
    print(f"answerers: {store}", file=sys.stderr, flush=True)

    runs: dict[str, list[dict]] = {name: [] for name in answerers}
    for r in range(args.rounds):
        order = list(answerers) if r % 2 == 0 else list(reversed(answerers))
        for name in order:
            a = answerers[name]
            cmd = ["--phase", "serve", "--tree", str(a["tree"]), "--store", store["store"]]
            cmd += ["--passes", str(args.passes)]
            cmd += ["--answerer", a["answerer"]] if a["answerer"] else []
            cmd += ["--questions", str(args.questions)] if args.questions else []
            load = common.loadavg()
            print(f"answerers: round {r + 1}/{args.rounds}, {name}...", file=sys.stderr, flush=True)
            served = common.run_phase(Path(__file__), cmd, env={"PYTHONPATH": str(a["tree"])})
            runs[name].append(served | {"loadavg_before": load, "loadavg_after": common.loadavg()})
            p1 = served["passes"][0]
            print(
                f"  {name}: p50 {common.percentiles(p1['latency_ms'])['p50_ms']} ms, "
                f"p95 {common.percentiles(p1['latency_ms'])['p95_ms']} ms, peak RSS {served['peak_rss_mb']} MB",
                file=sys.stderr,
                flush=True,
            )

    metadata = {name: json.dumps(rs[0]["store_metadata"], sort_keys=True) for name, rs in runs.items()}
    if len(set(metadata.values())) != 1:
        raise SystemExit(f"the two trees read the store with different index settings: {metadata}")
    summary = {
        "store": store,
        "store_metadata": runs["reader"][0]["store_metadata"],
        "index_code_diff_old_vs_new": index_diff or "none",
        "questions_files": [str(f.relative_to(common.REPO)) for f in common.QUESTION_FILES],
        "answerers": {name: {"rev": answerers[name]["rev"]} | summarise(rs) for name, rs in runs.items()},
    }
    # Per-question answers (first round), so the two answerers' outputs can be compared.
    common.RESULTS.mkdir(parents=True, exist_ok=True)
    answers = {name: rs[0]["passes"][0]["answers"] for name, rs in runs.items()}
    (common.RESULTS / "answerers-answers.json").write_text(json.dumps(answers, indent=1))
    rows = table(summary)
    common.save("answerers", summary | {"table": rows})
    print("\n" + rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
