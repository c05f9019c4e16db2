"""The web UI end to end: the real app in a subprocess, driven through gradio_client."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

pytestmark = pytest.mark.slow

ARTICLE = """Harbour town opens floating library

The town of Kelmouth opened a floating library on an old ferry moored in its harbour on Saturday.
Mayor Ilse Varga said the ferry holds 4,000 books and will sail to three island villages every month.
The project cost 1.2 million euros, most of it paid by a regional culture fund.
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(cmd: list[str], ready_url: str, log_path: Path, what: str, timeout: float = 180, **popen):
    """Start ``cmd``; return once ``ready_url`` answers 200; stop it afterwards (terminate, then kill)."""
    log = open(log_path, "w+")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, **popen)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail(f"{what} exited with {proc.returncode}:\n{log.read()}")
            try:
                with urllib.request.urlopen(ready_url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"{what} did not serve within {timeout:.0f} s")
            time.sleep(0.5)
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextmanager
def running_app(store: Path, flags: list[str] | tuple[str, ...] = ()):
    """Start ``python app.py`` (plus ``flags``) on a free loopback port; yield its URL; stop it afterwards."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    cmd = [sys.executable, str(ROOT / "app.py"), "--store", str(store), "--port", str(port), *flags]
    env = os.environ | {"HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    with serving(cmd, url, store.parent / f"app-{port}.log", "app.py", cwd=ROOT, env=env):
        yield url


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    store = tmp_path_factory.mktemp("app") / "store"
    with running_app(store) as url:
        yield url, store


@pytest.fixture(scope="module")
def client(app_url):
    from gradio_client import Client

    return Client(app_url[0], verbose=False)


def ask(client, question: str, history=None, top_k: int = 5, show_context: bool = True):
    history, box, sources, answer = client.predict(question, history or [], top_k, show_context, api_name="/ask")
    return history, sources, answer


def seed_text(source: str) -> str:
    return (SEEDS / source).read_text(encoding="utf-8")


def test_first_run_indexes_the_seeds(client):
    table = client.predict(api_name="/articles")
    files = {row[2]: row[1] for row in table["data"]}
    assert set(files) == {p.name for p in SEEDS.glob("*.txt")}
    assert all(chunks > 0 for chunks in files.values())


def test_answer_cites_exact_slices_of_the_seed(client):
    history, sources, answer = ask(client, "What did Putin say about relations with the US?")
    assert not answer["abstained"]
    assert "ruined" in answer["answer"]
    assert answer["citations"]
    for c in answer["citations"]:
        assert seed_text(c["source"])[c["start"] : c["end"]] == c["text"]
    # the chat shows the question, the answer, then one titled message per citation
    assert history[0]["role"] == "user"
    titles = [m["metadata"]["title"] for m in history if (m.get("metadata") or {}).get("title")]
    assert len(titles) == len(answer["citations"])
    assert "<mark>" in sources and "score" in sources


def test_follow_up_is_resolved_against_the_conversation(client):
    history, _, first = ask(client, "Why is Putin not ready to recognize Biden?")
    history, sources, answer = ask(client, "What did he say about relations?", history)
    assert answer["question"] == "What did he say about relations?"
    assert answer["searched"] != answer["question"] and "Putin" in answer["searched"]
    assert "ruined" in answer["answer"]
    assert "Searched for" in sources  # the rewrite is shown to the user
    for c in answer["citations"]:
        assert seed_text(c["source"])[c["start"] : c["end"]] == c["text"]


def test_new_conversation_does_not_rewrite(client):
    _, sources, answer = ask(client, "What did he say about relations?")  # empty history: nothing to lean on
    assert answer["searched"] == answer["question"]
    assert "Searched for" not in sources


def test_several_users_at_once(app_url):
    from concurrent.futures import ThreadPoolExecutor

    from gradio_client import Client

    questions = [
        "Who is Dmitry Peskov?",
        "What did Putin say on Russian state TV?",
        "Which treaty between Russia and the US expires next year?",
    ]

    def one_user(question):
        return ask(Client(app_url[0], verbose=False), question)[2]

    with ThreadPoolExecutor(len(questions)) as pool:
        answers = list(pool.map(one_user, questions))
    assert [a["question"] for a in answers] == questions
    assert all(a["citations"] for a in answers)


def test_empty_question_is_an_error_message(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="empty"):
        ask(client, "   ")


def test_upload_then_ask(client, app_url, tmp_path):
    from gradio_client import handle_file

    article = tmp_path / "floating library.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    status, table, _ = client.predict([handle_file(str(article))], api_name="/add_articles")
    assert "1 added" in status
    rows = {row[2]: row for row in table["data"]}
    assert rows["floating library.txt"][0] == "Harbour town opens floating library"
    assert rows["floating library.txt"][1] >= 1
    saved = app_url[1] / "uploads" / "floating library.txt"
    assert saved.read_text(encoding="utf-8") == ARTICLE

    _, _, answer = ask(client, "How many books does the ferry library hold?")
    assert "4,000" in answer["answer"]
    cited = [c for c in answer["citations"] if c["source"] == "floating library.txt"]
    assert cited and all(ARTICLE[c["start"] : c["end"]] == c["text"] for c in cited)


def test_duplicate_and_binary_uploads_are_reported(client, app_url, tmp_path):
    from gradio_client import handle_file

    before = client.predict(api_name="/articles")["data"]
    copy = tmp_path / "same-story-again.txt"
    copy.write_bytes((SEEDS / "putin-not-ready-to-recognize-biden.txt").read_bytes())
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40)
    status, table, _ = client.predict([handle_file(str(copy)), handle_file(str(binary))], api_name="/add_articles")
    assert "duplicate" in status and "same-story-again.txt" in status
    assert "putin-not-ready-to-recognize-biden.txt" in status
    assert "photo.txt" in status and "binary" in status
    assert "Traceback" not in status
    assert table["data"] == before  # nothing added twice
    uploads = app_url[1] / "uploads"
    assert not (uploads / "same-story-again.txt").exists() and not (uploads / "photo.txt").exists()


def test_wrong_type_and_oversized_uploads_are_refused(client, tmp_path):
    from gradio_client import handle_file
    from gradio_client.exceptions import AppError

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4 not an article")
    with pytest.raises(AppError, match="Invalid file type"):
        client.predict([handle_file(str(pdf))], api_name="/add_articles")
    big = tmp_path / "huge.txt"
    big.write_bytes(b"word " * (11 * 2**20 // 5))
    with pytest.raises(ValueError, match="maximum file size"):
        client.predict([handle_file(str(big))], api_name="/add_articles")


# -- the helpers app.py draws with (no server needed) --------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("article.txt", "article.txt"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("/abs/path/story.md", "story.md"),
        ("..\\..\\windows\\story.txt", "story.txt"),
        ("..", "article"),
        (".hidden.txt", "hidden.txt"),
        ("<script>x</script>.txt", "script_.txt"),
        ("ｆｕｌｌ\u200bwidth?.txt", "full_width_.txt"),
    ],
)
def test_safe_name_stays_in_the_upload_folder(name, expected):
    import app

    assert app.safe_name(name) == expected


def test_safe_name_limits_length_and_keeps_the_suffix():
    import app

    name = app.safe_name("a" * 500 + ".txt")
    assert len(name) <= app.MAX_NAME_CHARS and name.endswith(".txt")


def test_article_text_is_shown_as_text_not_html():
    import app
    from qa import Citation

    article = "Intro. <script>alert(1)</script> said **bold** ![x](http://example.com/x.png). The end."
    start = article.index("<script>")
    end = article.index("). The") + 2
    html = app.quote_html(Citation("a.txt", "A", start, end, article[start:end], 0.5), article, 1)
    assert "<script" not in html and "<img" not in html and "](" not in html and "http://" not in html
    assert html.count("<mark>") == 1
