"""A store whose vector files a killed write left unreadable (index/salvage.py) is rebuilt on
open from the chunks its SQLite file holds: nothing lost, no article file needed, and searchable."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from conftest import ROOT

BUILD = """
import json, sys
import chromadb
from chromadb.config import Settings as ChromaSettings
from index import Settings, Store
from index.settings import IndexSettings
# The collection as Store makes it, but with vector files written every 10 records (Chroma's
# default is 1,000), so that a store of a few articles has files to damage.
client = chromadb.PersistentClient(sys.argv[1], settings=ChromaSettings(anonymized_telemetry=False))
client.create_collection(
    "citeqa", embedding_function=None, metadata=IndexSettings().to_metadata() | {"citeqa_generation": 0},
    configuration={"hnsw": {"space": "cosine", "ef_construction": 200, "ef_search": 200, "max_neighbors": 32,
                            "sync_threshold": 10, "batch_size": 10}},
)
store = Store(Settings(store=sys.argv[1]))
store.add([sys.argv[2]])
"""

READ = """
import json, sys
import chromadb
from chromadb.config import Settings as ChromaSettings
client = chromadb.PersistentClient(sys.argv[1], settings=ChromaSettings(anonymized_telemetry=False))
try:
    client.get_collection("citeqa").count()
    damaged = False
except Exception as exc:
    damaged = "backfill" in str(exc)
del client
from index import Settings, Store
from index.embedding import query_embedder
store = Store(Settings(store=sys.argv[1]))
got = store.collection.get(include=["documents", "metadatas", "embeddings"])
hit = store.collection.query(query_embeddings=[query_embedder().embed_query("Who is Dmitry Peskov?")], n_results=3)
print(json.dumps({
    "damaged": damaged,
    "chunks": {i: [d, m] for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])},
    "vectors": sum(len(e) == 384 for e in got["embeddings"]),
    "hit": hit["documents"][0],
}))
"""


def _run(code: str, *args: str) -> subprocess.CompletedProcess:
    env = os.environ | {"HF_HUB_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-3000:]
    return out


def test_a_store_with_unreadable_vector_files_is_rebuilt_from_its_chunks(tmp_path, seed_copy):
    articles = tmp_path / "articles"
    shutil.copytree(seed_copy, articles)
    store = tmp_path / "store"
    _run(BUILD, str(store), str(articles))
    before = _run(READ, str(store)).stdout.splitlines()[-1]
    chunks = json.loads(before)["chunks"]
    assert len(chunks) > 10

    # What a write killed half-way leaves: the vector segment's id map cut short.
    (segment,) = [p for p in store.iterdir() if p.is_dir() and (p / "index_metadata.pickle").exists()]
    (segment / "index_metadata.pickle").write_bytes((segment / "index_metadata.pickle").read_bytes()[:200])
    shutil.rmtree(articles)  # the rebuild needs no article file

    out = _run(READ, str(store))
    after = json.loads(out.stdout.splitlines()[-1])
    assert after["damaged"], "the cut file did not damage the store: this test no longer tests anything"
    assert "rebuilding it from the chunks" in out.stderr
    assert after["chunks"] == chunks  # every chunk, its text and metadata
    assert after["vectors"] == len(chunks)
    assert any("Peskov" in text for text in after["hit"])
    assert not segment.exists() and not (store / "citeqa-salvage.jsonl").exists()


CUT_SHORT = """
import sys
from pathlib import Path
from index import Settings, Store
from index.salvage import Pending, read_chunks
store = Store(Settings(store=sys.argv[1]))
# A rebuild killed after the damaged collection was dropped and a few chunks were put back.
Pending(Path(sys.argv[1])).save(read_chunks(Path(sys.argv[1]) / "chroma.sqlite3", "citeqa"))
ids = store.collection.get()["ids"]
store.collection.delete(ids=ids[3:])
"""


def test_a_rebuild_cut_short_finishes_on_the_next_open(tmp_path, seed_copy):
    store = tmp_path / "store"
    _run(BUILD, str(store), str(seed_copy))
    chunks = json.loads(_run(READ, str(store)).stdout.splitlines()[-1])["chunks"]
    _run(CUT_SHORT, str(store))
    after = json.loads(_run(READ, str(store)).stdout.splitlines()[-1])
    assert after["chunks"] == chunks and after["vectors"] == len(chunks)
    assert not (store / "citeqa-salvage.jsonl").exists()
