"""Cold start: seconds from `python app.py --store S --port P` to the first answer (gradio_client).

Two scenarios, each started twice (run 1, then run 2 on the same store):

  fresh  an empty store: run 1 indexes seeds/ (the app does that for an empty store), run 2
         must find everything in place and embed nothing
  bbc    the BBC store built by bench/query.py (skipped if it is not there yet)

Run 2 is checked to have written nothing: the store's chunk count and write generation
(bumped by every write) must be unchanged, and the app log must not say it indexed.

The ONNX models (fp32 for questions, int8 for new stores' chunks) are exported into the model
cache the first time a machine needs them. ``fresh`` therefore runs twice: once with an empty
model cache (``$CITEQA_MODEL_CACHE`` pointed at an emptied folder under $CITEQA_BENCH_DIR, so
run 1 also pays for the export, as the very first start on a machine does), and once with the
user's warm cache. ``bbc`` uses the warm cache.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

QUESTION = "Who is Dmitry Peskov?"


def _state(store: Path) -> dict:
    """(chunks, generation) of a store, read in a child so this process never holds it open."""
    code = (
        "import json,sys; sys.path.insert(0, '.');"
        "from index.settings import Settings; from index.store import Store;"
        f"s=Store(Settings(store={str(store)!r})); print(json.dumps([s.count(), s.generation]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=common.REPO, check=True)
    chunks, generation = eval(out.stdout.strip().splitlines()[-1])  # noqa: S307 (our own JSON list)
    return {"chunks": chunks, "generation": generation}


def _cache_files(cache: Path | None) -> int:
    """How many files the model cache holds (None: the default cache)."""
    from index.settings import default_model_cache_dir

    folder = cache or default_model_cache_dir()
    return sum(1 for f in folder.rglob("*") if f.is_file()) if folder.is_dir() else 0


def start_to_answer(store: Path, port: int, log: Path, timeout: float = 600, model_cache: Path | None = None) -> dict:
    from gradio_client import Client

    url = f"http://127.0.0.1:{port}/"
    env = os.environ | {"CITEQA_MODEL_CACHE": str(model_cache)} if model_cache else None
    t0 = time.perf_counter()
    with open(log, "w") as handle:
        proc = subprocess.Popen(
            [sys.executable, "app.py", "--store", str(store), "--port", str(port)],
            cwd=common.REPO,
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"coldstart: app.py exited with {proc.returncode}; see {log}")
            if time.perf_counter() - t0 > timeout:
                raise SystemExit(f"coldstart: app.py not up after {timeout:.0f}s; see {log}")
            try:
                urllib.request.urlopen(url, timeout=1).read(1)
                break
            except OSError:
                time.sleep(0.1)
        ready = time.perf_counter() - t0
        client = Client(url, verbose=False)
        result = client.predict(QUESTION, [], 5, False, api_name="/ask")
        answered = time.perf_counter() - t0
        history = result[0]
        text = next((m["content"] for m in history if m["role"] == "assistant"), "")
        if isinstance(text, list):  # Gradio 6 sends message content as [{"type": "text", "text": ...}]
            text = " ".join(part.get("text", "") for part in text if isinstance(part, dict))
        return {"ready_s": round(ready, 2), "first_answer_s": round(answered, 2), "answer": str(text)[:120]}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def scenario(name: str, store: Path, port: int, fresh: bool, model_cache: Path | None = None) -> dict:
    """Two starts on ``store``; ``model_cache``: a folder emptied first (run 1 exports the models)."""
    if fresh:
        shutil.rmtree(store, ignore_errors=True)
    if model_cache:
        shutil.rmtree(model_cache, ignore_errors=True)
    runs = []
    for i in (1, 2):
        before = _state(store) if store.exists() else {"chunks": 0, "generation": 0}
        log = common.WORK / f"coldstart-{name}-{i}.log"
        load = common.loadavg()
        cached = _cache_files(model_cache)
        run = start_to_answer(store, port, log, model_cache=model_cache)
        after = _state(store)
        indexed = "indexing the sample articles" in log.read_text()
        run |= {
            "run": i,
            "model_cache": "empty" if cached == 0 else "warm",
            "model_cache_files_before_after": [cached, _cache_files(model_cache)],
            "indexed_on_start": indexed,
            "chunks_before": before["chunks"],
            "chunks_after": after["chunks"],
            "wrote_to_store": after["generation"] != before["generation"],
            "loadavg_before": load,
        }
        runs.append(run)
        print(f"  {name} run {i}: {run}", file=sys.stderr, flush=True)
    second = runs[1]
    return {
        "store": str(store),
        "runs": runs,
        "second_run_embedded_nothing": not second["indexed_on_start"] and not second["wrote_to_store"],
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, default=7961, help="port for the app (default %(default)s)")
    p.add_argument("--skip-bbc", action="store_true", help="only the fresh-store scenario")
    args = p.parse_args(argv)
    common.offline()
    out = {
        "fresh-cold-model-cache": scenario(
            "fresh-coldmodels",
            common.WORK / "coldstart-store",
            args.port,
            fresh=True,
            model_cache=common.WORK / "coldstart-models",
        ),
        "fresh": scenario("fresh", common.WORK / "coldstart-store", args.port, fresh=True),
    }
    bbc = common.WORK / "bbc"
    if not args.skip_bbc and (bbc / "chroma.sqlite3").is_file():
        out["bbc"] = scenario("bbc", bbc, args.port, fresh=False)
    common.save("coldstart", out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
