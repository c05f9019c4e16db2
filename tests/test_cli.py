"""The citeqa command, run as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import SEEDS

from index import read_article


def citeqa(*args, check=True, env=None):
    env = (os.environ if env is None else env) | {"HF_HUB_OFFLINE": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "qa", *map(str, args)], capture_output=True, text=True, env=env, timeout=300
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"citeqa {args} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    shutil.copytree(SEEDS, folder / "articles")
    return folder


def test_index_ask_sync_round_trip(cli_store):
    store, articles = cli_store / "store", cli_store / "articles"
    out = citeqa("index", articles, "--store", store)
    assert "2 added" in out.stdout
    assert "2 unchanged" in citeqa("index", articles, "--store", store).stdout
    # the common options go before the command too, as in git
    listed = json.loads(citeqa("--store", store, "--json", "list").stdout)
    assert sorted(a["source"] for a in listed) == sorted(p.name for p in articles.iterdir())

    result = json.loads(citeqa("ask", "Who is Putin's spokesman?", "--json", "--store", store).stdout)
    assert set(result) == {"question", "answer", "abstained", "citations", "latency_ms"}
    assert not result["abstained"]
    for c in result["citations"]:
        assert read_article(articles / c["source"]).text[c["start"] : c["end"]] == c["text"]

    human = citeqa("ask", "Who is Putin's spokesman?", "--store", store).stdout
    assert "Sources:" in human and "Peskov" in human

    (articles / "putin-not-ready-to-recognize-biden.txt").unlink()
    assert "1 removed" in citeqa("sync", "--store", store).stdout
    listing = citeqa("list", "--store", store).stdout
    assert "putin-not-ready-to-recognize-biden.txt" not in listing and "1 articles" in listing


def test_bad_files_give_one_line_each_and_a_nonzero_exit(cli_store, tmp_path):
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "empty.txt").write_text("")
    proc = citeqa(
        "index",
        tmp_path / "binary.txt",
        tmp_path / "empty.txt",
        tmp_path / "gone.txt",
        "--store",
        tmp_path / "store",
        check=False,
    )
    assert proc.returncode == 1
    skipped = [line for line in proc.stderr.splitlines() if line.startswith("skipped:")]
    assert len(skipped) == 3
    assert "Traceback" not in proc.stderr


def test_rebuild_moves_a_store_to_another_embedding_variant(tmp_path, monkeypatch):
    """The variant-mismatch error says how to fix it; doing that works and keeps nothing stale."""
    store = tmp_path / "store"
    monkeypatch.setenv("CITEQA_EMBEDDING", "fp32")
    citeqa("index", SEEDS, "--store", store)
    monkeypatch.setenv("CITEQA_EMBEDDING", "int8")
    refused = citeqa("index", SEEDS, "--store", store, check=False)
    assert refused.returncode != 0 and "--rebuild" in refused.stderr and "Traceback" not in refused.stderr
    citeqa("index", SEEDS, "--store", store, "--rebuild")
    monkeypatch.delenv("CITEQA_EMBEDDING")
    listed = json.loads(citeqa("list", "--store", store, "--json").stdout)
    assert sorted(a["source"] for a in listed) == sorted(p.name for p in SEEDS.iterdir())
    answer = json.loads(citeqa("ask", "Who is Putin's spokesman?", "--store", store, "--json").stdout)
    assert not answer["abstained"] and "Peskov" in answer["citations"][0]["text"]


def test_asking_an_empty_store_says_what_to_do(tmp_path):
    proc = citeqa("ask", "Who is Putin's spokesman?", "--store", tmp_path / "empty", check=False)
    assert proc.returncode == 1 and "citeqa index" in proc.stderr and "Traceback" not in proc.stderr


def test_an_empty_question_is_a_clear_error(cli_store):
    proc = citeqa("ask", "  ", "--store", cli_store / "store", check=False)
    assert proc.returncode == 1 and "question is empty" in proc.stderr
