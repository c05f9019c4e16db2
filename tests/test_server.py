"""Chroma server mode: the same pipeline against a real `chroma run` server on loopback."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import SEEDS

from index import read_article
from qa import Assistant, CiteqaError


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = _free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = open(path.parent / "chroma-server.log", "w")
    proc = subprocess.Popen(
        [chroma, "run", "--path", str(path / "data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2)
            break
        except OSError as exc:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(
                    f"chroma server did not start: {(path.parent / 'chroma-server.log').read_text()}"
                ) from exc
            time.sleep(0.3)
    yield url
    proc.terminate()
    proc.wait(timeout=30)
    log.close()


@pytest.mark.slow
def test_index_and_answer_through_a_chroma_server(chroma_url, tmp_path):
    bot = Assistant(store=tmp_path / "unused", chroma_url=chroma_url)
    report = bot.add([SEEDS])
    assert len(report.added) == 2 and not (tmp_path / "unused").exists()
    assert bot.add([SEEDS]).chunks_added == 0  # idempotent there too

    answer = bot.ask("Who is Putin's spokesman?")
    assert not answer.abstained and "Peskov" in answer.citations[0].text
    for c in answer.citations:
        assert read_article(SEEDS / c.source).text[c.start : c.end] == c.text

    # A second client (another app process) sees the same content, BM25 side included.
    other = Assistant(chroma_url=chroma_url)
    assert other.ask("Who is Putin's spokesman?").to_dict()["citations"] == answer.to_dict()["citations"]
    assert bot.ask("What is the population of Brazil?").abstained


def test_an_unreachable_server_is_a_clear_error():
    with pytest.raises(CiteqaError, match="Chroma server"):
        Assistant(chroma_url=f"http://127.0.0.1:{_free_port()}")
