"""Embedding variants: the int8 ONNX export is made offline, cached, close to fp32, and a store
is always queried with the variant that built it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, SEEDS, snapshot

from index import IndexSettings, Settings, Store, StoreMismatchError
from index.settings import EMBEDDING_VARIANTS, default_model_path


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory):
    """A private model cache for this session; the int8 export is made once, here."""
    from index import onnx_export

    folder = tmp_path_factory.mktemp("models")
    before = os.environ.get("CITEQA_MODEL_CACHE")
    os.environ["CITEQA_MODEL_CACHE"] = str(folder)
    started = time.perf_counter()
    onnx_export.onnx_model(default_model_path(), "int8")
    print(f"\nONNX export + int8 quantization took {time.perf_counter() - started:.1f} s")
    yield folder
    if before is None:
        os.environ.pop("CITEQA_MODEL_CACHE", None)
    else:
        os.environ["CITEQA_MODEL_CACHE"] = before


@pytest.fixture(scope="session")
def seed_texts() -> list[str]:
    """The seed articles' chunks, as the store embeds them (headline + chunk)."""
    from index.articles import read_article
    from index.chunking import chunk_article
    from index.store import _embedding_text

    texts = []
    for path in sorted(SEEDS.glob("*.txt")):
        texts += [_embedding_text(c) for c in chunk_article(read_article(path), IndexSettings())]
    return texts


@pytest.fixture
def no_variant_env(monkeypatch):
    monkeypatch.delenv("CITEQA_EMBEDDING", raising=False)


def test_export_is_cached_and_not_redone(model_cache, monkeypatch):
    from index import onnx_export

    path = onnx_export.onnx_model(default_model_path(), "int8")
    assert path.parent.parent == model_cache and path.name == "model-int8.onnx"
    assert (path.parent / "model-fp32.onnx").is_file()
    assert not list(path.parent.glob("*.tmp*"))
    mtime = path.stat().st_mtime_ns

    def fail(*_):
        raise AssertionError("exported again although the cache holds the model")

    monkeypatch.setattr(onnx_export, "_export", fail)
    monkeypatch.setattr(onnx_export, "_quantize", fail)
    assert onnx_export.onnx_model(default_model_path(), "int8") == path
    assert onnx_export.onnx_model(default_model_path(), "fp32") == path.parent / "model-fp32.onnx"
    assert path.stat().st_mtime_ns == mtime


def test_fp32_onnx_vectors_equal_sentence_transformers(model_cache, seed_texts):
    from index.embedding import embedder
    from index.onnx_embeddings import OnnxEmbeddings
    from index.onnx_export import onnx_model

    onnx = OnnxEmbeddings(onnx_model(default_model_path(), "fp32"), default_model_path())
    torch = embedder(variant="fp32")
    texts = [*seed_texts, "Who is Dmitry Peskov?", ""]
    got = np.asarray(onnx.embed_documents(texts))
    want = np.asarray(torch.embed_documents(texts))
    assert got.shape == want.shape == (len(texts), 384)
    assert np.abs(got - want).max() < 1e-5
    assert np.abs(np.asarray(onnx.embed_query(texts[0])) - want[0]).max() < 1e-5


def test_int8_vectors_stay_close_to_fp32_and_do_not_depend_on_the_batch(model_cache, seed_texts):
    from index.embedding import embedder

    int8 = np.asarray(embedder(variant="int8").embed_documents(seed_texts))
    alone = np.asarray([embedder(variant="int8").embed_query(t) for t in seed_texts])
    assert np.abs(int8 - alone).max() < 1e-6  # a chunk's vector is the same whatever it is embedded with
    fp32 = np.asarray(embedder(variant="fp32").embed_documents(seed_texts))
    cosine = (int8 * fp32).sum(axis=1)
    assert np.allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-5)
    assert cosine.min() >= 0.98, cosine


def test_int8_embeddings_are_thread_safe(model_cache, seed_texts):
    from index.embedding import embedder

    embeddings = embedder(variant="int8")
    want = np.asarray(embeddings.embed_documents(seed_texts))
    results: list[np.ndarray] = []
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            texts = seed_texts[offset:] + seed_texts[:offset]  # other batch shapes per thread
            got = np.asarray(embeddings.embed_documents(texts))
            results.append(np.roll(got, offset, axis=0))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 4
    for got in results:
        assert np.abs(got - want).max() < 1e-6


def test_a_new_store_takes_the_variant_from_the_environment_and_keeps_it(model_cache, tmp_path, monkeypatch):
    from index.embedding import embedder
    from index.store import _embedding_text

    monkeypatch.setenv("CITEQA_EMBEDDING", "int8")
    store = Store(Settings(store=tmp_path / "s"))
    store.add([SEEDS])
    assert store.collection.metadata["citeqa_embedding"] == "int8"

    monkeypatch.delenv("CITEQA_EMBEDDING")  # a later run that does not say: the store's variant
    reopened = Store(Settings(store=tmp_path / "s"))
    assert reopened.settings.index.embedding == "int8"
    assert reopened.embeddings is embedder(variant="int8")
    assert reopened.add([SEEDS]).chunks_added == 0

    # The stored vectors are int8 ones: re-embedding the chunks gives them back exactly.
    got = reopened.collection.get(include=["embeddings"])
    chunks = reopened.get_chunks(got["ids"])
    texts = [_embedding_text(chunks[i]) for i in got["ids"]]
    stored = np.asarray(got["embeddings"])
    assert np.abs(np.asarray(embedder(variant="int8").embed_documents(texts)) - stored).max() < 1e-5
    assert np.abs(np.asarray(embedder(variant="fp32").embed_documents(texts)) - stored).max() > 1e-3


def test_questions_are_embedded_exactly_whatever_the_stores_variant(model_cache, tmp_path, no_variant_env):
    from index.embedding import embedder, query_embedder
    from qa import Assistant

    for variant in EMBEDDING_VARIANTS:
        Store(Settings(store=tmp_path / variant, index=IndexSettings(embedding=variant))).add([SEEDS])
        bot = Assistant(store=tmp_path / variant)
        assert bot.store.settings.index.embedding == variant
        assert bot.embeddings is query_embedder()
        # The query side gives the exact model's vectors: the thresholds were set on them.
        texts = ["Who is Dmitry Peskov?", "Putin said he would work with any president the American people trust."]
        exact = np.asarray(embedder(variant="fp32").embed_documents(texts))
        assert np.abs(np.asarray(bot.embeddings.embed_documents(texts)) - exact).max() < 1e-5
        assert bot.ask("Who is Putin's spokesman?").citations


def test_a_store_from_before_variants_is_fp32(tmp_path, monkeypatch, no_variant_env):
    from index.store import connect

    settings = Settings(store=tmp_path / "old")
    old = {k: v for k, v in IndexSettings(embedding="fp32").to_metadata().items() if k != "citeqa_embedding"}
    connect(settings).get_or_create_collection(
        settings.collection,
        embedding_function=None,
        configuration={"hnsw": {"space": "cosine", "ef_construction": 200, "ef_search": 200, "max_neighbors": 32}},
        metadata=old,
    )
    assert Store(settings).settings.index.embedding == "fp32"
    monkeypatch.setenv("CITEQA_EMBEDDING", "int8")
    with pytest.raises(StoreMismatchError, match="built with the fp32 embedding variant"):
        Store(Settings(store=tmp_path / "old"))


def test_asking_for_another_variant_is_a_clear_error_and_changes_nothing(tmp_path, monkeypatch, no_variant_env, capsys):
    from qa.cli import main

    store = Store(Settings(store=tmp_path / "s", index=IndexSettings(embedding="fp32")))
    store.add([SEEDS])
    before, metadata = snapshot(store), dict(store.collection.metadata)

    monkeypatch.setenv("CITEQA_EMBEDDING", "int8")
    with pytest.raises(StoreMismatchError) as err:
        Store(Settings(store=tmp_path / "s"))
    message = str(err.value)
    assert "fp32" in message and "int8" in message and "CITEQA_EMBEDDING" in message
    assert "--rebuild" in message and "another --store" in message
    with pytest.raises(StoreMismatchError):
        Store(Settings(store=tmp_path / "s", index=IndexSettings(embedding="int8")))
    assert main(["ask", "Who is Dmitry Peskov?", "--store", str(tmp_path / "s")]) == 1
    assert "CITEQA_EMBEDDING" in capsys.readouterr().err

    monkeypatch.delenv("CITEQA_EMBEDDING")
    again = Store(Settings(store=tmp_path / "s"))
    assert snapshot(again) == before
    assert dict(again.collection.metadata) == metadata
    assert again.add([SEEDS]).chunks_added == 0


def test_an_unwritable_model_cache_says_which_variable_to_set(tmp_path):
    from index import CiteqaError
    from index.onnx_export import onnx_model

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(CiteqaError, match="CITEQA_MODEL_CACHE"):
        onnx_model(default_model_path(), "int8", cache=blocker / "models")


def test_an_unknown_variant_names_the_allowed_ones(monkeypatch, capsys):
    from index import CiteqaError
    from qa.cli import main

    monkeypatch.setenv("CITEQA_EMBEDDING", "int4")
    with pytest.raises(CiteqaError, match="fp32, int8"):
        IndexSettings()
    assert main(["list", "--store", "/nonexistent/never-created"]) == 1
    assert "CITEQA_EMBEDDING" in capsys.readouterr().err


@pytest.mark.slow
def test_two_processes_exporting_at_once_share_one_good_file(model_cache, tmp_path):
    """Both wait on the cache's lock; the second finds the first's file instead of racing it."""
    cache = tmp_path / "cache"
    script = (
        "import sys, time; from index.onnx_export import onnx_model; from index.settings import default_model_path; "
        "time.sleep(max(0.0, float(sys.argv[2]) - time.time())); "
        "print(onnx_model(default_model_path(), 'int8', cache=sys.argv[1]))"
    )
    start = str(time.time() + 3)  # both start exporting at the same moment
    env = os.environ | {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(cache), start],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err[-2000:] for _, err in outs]
    paths = {Path(out.strip().splitlines()[-1]) for out, _ in outs}
    assert len(paths) == 1
    path = paths.pop()
    assert sorted(p.name for p in path.parent.iterdir()) == [".lock", "model-fp32.onnx", "model-int8.onnx"]

    from index.onnx_embeddings import OnnxEmbeddings

    reference = next(model_cache.glob("*/model-int8.onnx"))
    texts = ["Putin's spokesman Dmitry Peskov spoke to reporters.", "Who is Dmitry Peskov?"]
    got = OnnxEmbeddings(path, default_model_path()).encode(texts)
    want = OnnxEmbeddings(reference, default_model_path()).encode(texts)
    assert np.abs(got - want).max() < 1e-6
