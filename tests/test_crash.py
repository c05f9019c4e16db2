"""Crash safety: `citeqa index` killed with SIGKILL at random points, then rerun, converges to a
clean index: no duplicates, no orphans, no missing chunks, and BM25 agrees with Chroma."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest
from conftest import BBC

from index import chunk_article, read_article
from index.store import _metadata, discover

KILLS = 10


def expected(folder) -> dict:
    """What a clean index of the folder holds, derived from the files (no embedding needed)."""
    files, _ = discover([folder])
    out, seen = {}, set()
    for path, source in files:
        article = read_article(path, source=source)
        if article.sha256 in seen:  # a second copy of an article is reported, not indexed
            continue
        seen.add(article.sha256)
        for c in chunk_article(article):
            out[c.id] = (c.text, tuple(sorted(_metadata(c, article).items())))
    return out


def index_cmd(folder, store):
    return [sys.executable, "-m", "qa", "index", str(folder), "--store", str(store), "--progress"]


def killed_run(folder, store, rng) -> bool:
    """Start `citeqa index`, SIGKILL it at a random moment once it is working; True if it died."""
    proc = subprocess.Popen(
        index_cmd(folder, store), stderr=subprocess.PIPE, text=True, env=os.environ | {"HF_HUB_OFFLINE": "1"}
    )
    proc.stderr.readline()  # the first progress line: the model is loaded and writing begins
    time.sleep(rng.uniform(0.0, 3.0))
    if proc.poll() is not None:
        return False
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return True


def mutate(folder, rng, cycle):
    """Give the next run work of every kind: edited, new and deleted articles."""
    files = sorted(folder.rglob("*.txt"))
    for path in rng.sample(files, 20):  # a new first line moves every offset: all chunks change
        path.write_text(f"Updated in cycle {cycle}\n" + path.read_text(encoding="utf-8", errors="replace"))
    for path in rng.sample(files, 3):
        path.unlink()
    for i in range(3):
        (folder / "new").mkdir(exist_ok=True)
        (folder / "new" / f"c{cycle}-{i}.txt").write_text(
            f"New story {cycle}-{i}\n\n"
            + " ".join(f"Sentence {j} of story {cycle}-{i} about topic {j}." for j in range(60))
        )


@pytest.mark.slow
def test_sigkill_at_random_points_then_rerun_converges(tmp_path):
    rng = random.Random(20261125)
    folder = tmp_path / "bbc"
    for topic in ("business", "entertainment", "politics", "sport", "tech"):
        shutil.copytree(BBC / topic, folder / topic, ignore=lambda d, names: sorted(names)[20:])
    store_dir = tmp_path / "store"
    kills = cycle = 0
    while kills < KILLS:
        cycle += 1
        assert cycle <= 3 * KILLS, "the index run finished before it could be killed too often"
        if cycle > 1:
            mutate(folder, rng, cycle)
        kills += killed_run(folder, store_dir, rng)
        # The rerun is a new process, as a user's is: Chroma keeps an embedded store's vector
        # index in memory per process, so a Store opened here earlier would not see the killed
        # run's writes (one process per embedded store; README, "Scaling out").
        held = rerun_and_read(folder, store_dir)
        clean = expected(folder)
        assert held["snapshot"] == {k: [v[0], [list(m) for m in v[1]]] for k, v in clean.items()}, (
            f"cycle {cycle}: store differs from a clean index"
        )
        assert held["lexical"] == held["vectors"] == sorted(clean)  # BM25 and every vector agree


RERUN = """
import json, sys
from index import Settings, Store
from index.lexical import LexicalCache
store = Store(Settings(store=sys.argv[2]))
store.sync()
store.add([sys.argv[1]])
got = store.collection.get(include=["documents", "metadatas", "embeddings"])
print(json.dumps({
    "snapshot": {i: [d, sorted([k, v] for k, v in m.items())] for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])},
    "lexical": sorted(LexicalCache(store).get().ids),
    "vectors": sorted(i for i, e in zip(got["ids"], got["embeddings"]) if len(e) == 384),
}))
"""


def rerun_and_read(folder, store) -> dict:
    """`sync` + `index` in a fresh process, then everything the store holds, read back there."""
    proc = subprocess.run(
        [sys.executable, "-c", RERUN, str(folder), str(store)],
        capture_output=True,
        text=True,
        timeout=600,
        env=os.environ | {"HF_HUB_OFFLINE": "1"},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.splitlines()[-1])
