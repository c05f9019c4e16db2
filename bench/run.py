"""Run every benchmark in order and print one table of the figures (`make bench`).

Order: ingest, query (BBC, then the synthetic scale), ANN recall, cold start, embedding variants
(speed, drift and quality of fp32 vs int8 chunk vectors), answerers (the reader vs the former
sentence picker, same BBC store and questions). Stores are cached
under $CITEQA_BENCH_DIR (default /tmp/citeqa-bench); results land in its results/ folder as JSON,
and the table below is also written to results/summary.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

HERE = Path(__file__).resolve().parent


def _run(script: str, *args: str) -> None:
    print(f"\n== bench/{script} {' '.join(args)}", file=sys.stderr, flush=True)
    subprocess.run([sys.executable, str(HERE / script), *args], cwd=common.REPO, check=True)


def _load(name: str) -> dict | None:
    path = common.RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.is_file() else None


def summary() -> str:
    m = common.machine()
    lines = [
        f"Machine: {m['nproc']} CPUs, {m['cpu']}, {m['mem_gb']} GB RAM, Python {m['python']}",
        "",
        "| figure | value | baseline | ratio | load avg (1/5/15 min) |",
        "|---|---|---|---|---|",
    ]
    if ingest := _load("ingest"):
        r = ingest["runs"]
        if isinstance(r.get("citeqa"), dict):  # results written before --rounds: one run per path
            r = {k: [v] for k, v in r.items()}

        def cell(phase: str) -> str:
            rounds = r.get(phase, [])
            rates = ", ".join(str(x["chunks_per_s"]) for x in rounds)
            return f"{rates} chunks/s" if rounds else "-"

        def ratio(key: str) -> str:
            x = ingest.get(key)
            if not isinstance(x, dict):
                return f"{x}x" if x else "-"
            return f"{x['median']}x (rounds {', '.join(map(str, x['per_round']))})"

        def load(phase: str) -> str:
            return "; ".join(str(x["loadavg_after"]) for x in r.get(phase, [])) or "-"

        c = r["citeqa"][0]
        bare = r.get("bare", [{}])[0]
        lines += [
            f"| ingest, citeqa Store.add, {c.get('variant', 'fp32')} ({ingest['articles']} articles, {c['chunks']} "
            f"chunks) | {cell('citeqa')} | bare int8 encode: {cell('bare-int8')} "
            f"| {ratio('citeqa_vs_bare_int8')} bare int8 time | {load('citeqa')} |",
            f"| ingest, citeqa vs bare fp32 SentenceTransformer.encode (batch {bare.get('best_batch', '-')}) "
            f"| {cell('citeqa')} | {cell('bare')} | {ratio('citeqa_vs_bare')} bare fp32 time | {load('bare')} |",
            f"| ingest, naive Chroma.from_documents | {cell('naive')} | citeqa "
            f"| citeqa takes {ratio('citeqa_vs_naive')} naive time | {load('naive')} |",
        ]
        if "citeqa-fp32" in r:
            lines.append(
                f"| ingest, citeqa Store.add with CITEQA_EMBEDDING=fp32 | {cell('citeqa-fp32')} | {cell('bare')} "
                f"| {ratio('citeqa_fp32_vs_bare')} bare fp32 time; {ratio('citeqa_fp32_vs_naive')} naive time "
                f"| {load('citeqa-fp32')} |"
            )
        peaks = " / ".join(
            f"{phase} {max(x['peak_rss_mb'] for x in r[phase])}"
            for phase in r
            if r[phase] and "peak_rss_mb" in r[phase][0]
        )
        lines.append(f"| peak RSS while indexing (MB) | {peaks} | | | |")
    if query := _load("query"):
        for scale, s in query["scales"].items():
            p1 = s["passes"][0]
            p2 = s["passes"][-1]
            variant = f", {s['store_variant']} chunks" if "store_variant" in s else ""
            lines.append(
                f"| Assistant.ask at {scale} ({s['chunks']} chunks{variant}), {p1['n']} questions "
                f"| p50 {p1['p50_ms']} ms, p95 {p1['p95_ms']} ms (pass 1) "
                f"| pass 2: p50 {p2['p50_ms']}, p95 {p2['p95_ms']} ms | p95 / 150 ms goal = {p1['p95_ms'] / 150:.2f} "
                f"| {s['loadavg_after']} |"
            )
            lines.append(f"| peak RSS while serving {scale} | {s['peak_rss_mb']} MB | | | |")
            if "bm25_in_memory" in s:
                b = s["bm25_in_memory"]
                lines.append(
                    f"| BM25 (bm25s) at {scale} | {b['rss_delta_mb']} MB resident after build "
                    f"({b['sparse_matrix_mb']} MB sparse arrays, {s['bm25_disk_mb']} MB on disk) "
                    f"| build peak +{b['build_peak_delta_mb']} MB, {b['build_s']} s | | |"
                )
    for path in sorted(common.RESULTS.glob("ann_recall-*.json")):
        ann = json.loads(path.read_text())
        for row in ann["sweep"]:
            if row["queries"] != "questions":
                continue
            near = next(
                (x for x in ann["sweep"] if x["ef_search"] == row["ef_search"] and x["queries"] == "near_duplicates"),
                None,
            )
            lines.append(
                f"| HNSW recall@10 at {ann['chunks']} chunks, ef_search {row['ef_search']} "
                f"| {row['recall@10']} (questions), {near['recall@10'] if near else '-'} (near-dups) "
                f"| exact numpy: {ann['exact_numpy_ms_per_query']['questions']} ms/query "
                f"| query p50 {row['latency_p50_ms']} ms, p95 {row['latency_p95_ms']} ms | {ann['loadavg_after']} |"
            )
    if cold := _load("coldstart"):
        for name, sc in cold.items():
            if not isinstance(sc, dict) or "runs" not in sc:
                continue
            r1, r2 = sc["runs"]
            lines.append(
                f"| cold start to first answer, {name} store | run 1: {r1['first_answer_s']} s "
                f"(page up {r1['ready_s']} s) | run 2: {r2['first_answer_s']} s (page up {r2['ready_s']} s) "
                f"| run 2 embedded nothing: {sc['second_run_embedded_nothing']} "
                f"| {r1['loadavg_before']}; {r2['loadavg_before']} |"
            )
    if ev := _load("embedding_variants"):
        sp = ev["speed"]
        lines.append(
            f"| embed chunks, int8 ONNX vs fp32 torch ({sp['texts']} BBC chunks, {sp['rounds']} rounds) "
            f"| int8 {sp['chunks_per_s']['int8']['median']} chunks/s | fp32 {sp['chunks_per_s']['fp32']['median']} "
            f"chunks/s | {sp['speedup_int8']['median']}x | {ev.get('loadavg_start')} |"
        )
        if drift := ev.get("drift_store") or ev.get("drift_sample"):
            lines.append(
                f"| int8 cosine to fp32 | mean {drift['int8_cosine_to_fp32']['mean']}, "
                f"min {drift['int8_cosine_to_fp32']['min']} | | | |"
            )
        for name, by_variant in (ev.get("eval") or {}).items():
            hits = {v: by_variant[v]["hybrid+rerank k=5"]["hit_at_k"] for v in by_variant}
            lines.append(f"| hit@5 hybrid+rerank k=5, {name} | int8 {hits.get('int8')} | fp32 {hits.get('fp32')} | | |")
    if (an := _load("answerers")) and {"reader", "sentence-picker"} <= set(an["answerers"]):
        r, s = an["answerers"]["reader"], an["answerers"]["sentence-picker"]

        def cell(x: dict) -> str:
            return (
                f"{x['rev']}: p50 {x['latency']['p50_ms']} ms, p95 {x['latency']['p95_ms']} ms "
                f"(answer stage p50 {x['answer_stage']['p50_ms']}, p95 {x['answer_stage']['p95_ms']})"
            )

        lines += [
            f"| Assistant.ask by answerer ({an['store']['chunks']} chunks), {r['questions']} questions x "
            f"{r['rounds']} rounds, reader vs sentence picker | {cell(r)} | {cell(s)} "
            f"| p95 {r['latency']['p95_ms'] / s['latency']['p95_ms']:.2f}x | {r['loadavg'][-1]} |",
            f"| peak RSS serving, reader vs sentence picker | {r['peak_rss_mb']} MB | {s['peak_rss_mb']} MB "
            f"| {r['peak_rss_mb'] - s['peak_rss_mb']:+.0f} MB | |",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, default=common.DEFAULT_CORPUS, help="BBC corpus folder (default %(default)s)")
    p.add_argument("--limit", type=int, default=500, help="articles for the ingest benchmark (default 500; 0 = all)")
    p.add_argument("--scale", type=int, default=200000, help="synthetic store size in chunks (default 200000)")
    p.add_argument("--quick", action="store_true", help="100 articles, BBC scale only, no synthetic store")
    p.add_argument(
        "--only",
        action="append",
        choices=["ingest", "query", "ann", "coldstart", "variants", "answerers"],
        help="run only these (repeatable)",
    )
    p.add_argument("--summary", action="store_true", help="only print the table of the last results")
    args = p.parse_args(argv)
    if not args.summary:
        only = set(args.only or ["ingest", "query", "ann", "coldstart", "variants", "answerers"])
        limit = 100 if args.quick else args.limit
        if "ingest" in only:
            _run(
                "ingest.py", "--corpus", str(args.corpus), "--limit", str(limit), "--rounds", "1" if args.quick else "2"
            )
        if "query" in only:
            scales = ["--scale", "bbc"] + ([] if args.quick else ["--scale", str(args.scale)])
            _run("query.py", "--corpus", str(args.corpus), *scales)
        if "ann" in only:
            _run("ann_recall.py", "--store", str(common.WORK / "bbc"))
            if not args.quick:
                _run("ann_recall.py", "--store", str(common.WORK / f"synth-{args.scale}"))
        if "coldstart" in only:
            _run("coldstart.py")
        if "variants" in only:
            if args.quick:
                _run("embedding_variants.py", "--corpus", str(args.corpus), "--skip-eval", "--sample", "128")
            else:
                bbc = common.WORK / "bbc"  # copy the fp32 BBC store rather than re-embed it with torch
                seed = ["--fp32-store", str(bbc)] if (bbc / "chroma.sqlite3").is_file() else []
                _run("embedding_variants.py", "--corpus", str(args.corpus), *seed)
        if "answerers" in only:  # the BBC store query.py built, so nothing new to index
            _run("answerers.py", "--corpus", str(args.corpus), "--rounds", "1" if args.quick else "2")
    table = summary()
    common.RESULTS.mkdir(parents=True, exist_ok=True)
    (common.RESULTS / "summary.md").write_text(table + "\n")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
