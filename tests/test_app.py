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
def running_app(store: Path, flags: list[str] | tuple[str, ...] = (), env: dict[str, str] | None = None):
    """Start ``python app.py`` (plus ``flags``) on a free loopback port; yield its URL; stop it afterwards.

    Its output goes to ``store.parent / "app-PORT.log"``.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    cmd = [sys.executable, str(ROOT / "app.py"), "--store", str(store), "--port", str(port), *flags]
    env = os.environ | {"HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"} | (env or {})
    with serving(cmd, url, store.parent / f"app-{port}.log", "app.py", cwd=ROOT, env=env):
        yield url


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    home = tmp_path_factory.mktemp("app")
    store = home / "store"
    with running_app(store, env={"GRADIO_TEMP_DIR": str(home / "gradio-tmp")}) as url:
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
        "Who is Putin's spokesman?",
        "What did Putin say on Russian state TV?",
        "What did Peskov tell reporters?",
    ]

    def one_user(question):
        return ask(Client(app_url[0], verbose=False), question)[2]

    with ThreadPoolExecutor(len(questions)) as pool:
        answers = list(pool.map(one_user, questions))
    assert [a["question"] for a in answers] == questions
    assert all(a["citations"] for a in answers)


def test_empty_question_is_an_error_message(client, app_url):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="empty"):
        ask(client, "   ")
    with pytest.raises(AppError, match="limit is 2,000"):
        ask(client, "why " * 1000)
    # The server's log says so in one line each, without a traceback.
    log = "".join(p.read_text() for p in app_url[1].parent.glob("app-*.log"))
    assert "question refused: the question is empty" in log
    assert "question refused: the question is 3,999 characters long" in log
    assert "Traceback" not in log


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
    # Gradio's temporary copy is gone once the upload is saved.
    assert not list((app_url[1].parent / "gradio-tmp").rglob("floating library.txt"))

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


def test_same_name_files_in_one_drop_are_all_kept(client, app_url, tmp_path):
    from gradio_client import handle_file

    texts = {
        "one/article.txt": "Ferry strike ends\n\nThe ferry workers of Larnby ended their strike after nine days.\n",
        "two/article.txt": "Orchard wins prize\n\nThe Pellow orchard won the national cider prize for its pear cider.\n",
        "one/report?2024.txt": "Rainfall report\n\nThe valley had 1,310 millimetres of rain in 2024, a record.\n",
        "two/report*2024.txt": "Tourism report\n\nThe coast had 48,000 visitors in 2024, fewer than in 2023.\n",
    }
    for name, text in texts.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    status, table, _ = client.predict([handle_file(str(tmp_path / n)) for n in texts], api_name="/add_articles")
    assert "4 added" in status, status
    for name in ["article.txt", "article-2.txt"]:
        assert f"added: `{name}`" in status
    # Gradio and safe_name clean "?" and "*" away, so both report files arrive with one name.
    assert status.count("-2.txt` (saved as") == 2, status
    assert "another file in this upload is also named `article.txt`" in status
    uploads = app_url[1] / "uploads"
    saved = {p.read_text(encoding="utf-8") for p in uploads.glob("*") if p.name.startswith(("article", "report"))}
    assert saved == set(texts.values())
    _, _, answer = ask(client, "How many days did the Larnby ferry strike last?")
    # the first of the two article.txt files was not lost: its sentence answers
    assert "nine" in answer["answer"] and "nine days" in answer["citations"][0]["text"]


def test_an_upload_never_replaces_a_sample_article(client, app_url, tmp_path):
    from gradio_client import handle_file

    seed = "putin-not-ready-to-recognize-biden.txt"
    before = {row[2]: row[1] for row in client.predict(api_name="/articles")["data"]}
    impostor = tmp_path / seed
    impostor.write_text("Lighthouse repainted\n\nThe Skerry lighthouse was repainted red and white.\n", "utf-8")
    status, table, _ = client.predict([handle_file(str(impostor))], api_name="/add_articles")
    renamed = "putin-not-ready-to-recognize-biden-2.txt"
    assert f"added: `{renamed}`" in status and "never replaces" in status, status
    assert "0 updated" in status and "removed" not in status.split("(")[0]
    rows = {row[2]: row[1] for row in table["data"]}
    assert rows[seed] == before[seed] and rows[renamed] >= 1
    assert not (app_url[1] / "uploads" / seed).exists()


def test_uploading_an_uploaded_article_again_says_it_replaced_it(client, tmp_path):
    from gradio_client import handle_file

    article = tmp_path / "harbour news.txt"
    article.write_text("Harbour news\n\nThe harbour master counted 212 boats in June.\n", encoding="utf-8")
    status, _, _ = client.predict([handle_file(str(article))], api_name="/add_articles")
    assert "added: `harbour news.txt`" in status
    article.write_text("Harbour news\n\nThe harbour master counted 215 boats in June, not 212.\n", encoding="utf-8")
    status, _, _ = client.predict([handle_file(str(article))], api_name="/add_articles")
    assert "replaced: `harbour news.txt` (was 1 chunk, now 1 chunk)" in status, status


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
        ("   .txt", "article.txt"),  # the user picked a .txt file: it stays one
        ("....txt", "article.txt"),
        ("story.txt.", "story.txt"),
        ("report?2024.txt", "report_2024.txt"),
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


def test_bidi_and_other_format_characters_are_shown_not_obeyed():
    import app
    from qa import Citation

    article = "Toll news\n\nThe toll will be \u202e0051\u202c euros, said the mayor\u200b.\u2066 Ends.\u2069"
    start = article.index("The toll")
    end = article.index("mayor") + len("mayor\u200b.")
    c = Citation("toll.txt", "Toll news", start, end, article[start:end], 0.5)
    assert article[c.start : c.end] == c.text  # the citation keeps the article's own characters
    shown = app.quote_html(c, article, 1)
    for ch in "\u202e\u202c\u200b\u2066\u2069":
        assert ch not in shown
    assert "⟨U&#43;202E⟩0051⟨U&#43;202C⟩" in shown  # reads 0051, as the file does, not 1500
    assert app.visible("a\u200db \u200cc") == "a\u200db \u200cc"  # joiners only shape letters and emoji
    assert app.visible("\u061c\u200e\u200f\ufeff") == "⟨U+061C⟩⟨U+200E⟩⟨U+200F⟩⟨U+FEFF⟩"


def test_copied_text_is_the_answer_then_one_line_per_citation():
    import html

    import app
    from qa import Answer, Citation

    text = "Biden's favor? <b>[x]</b> different.\nNext line."
    c = Citation("a.txt", "A & B", 10, 10 + len(text), text, 0.5)
    answer = Answer(
        question="q", answer="Biden's favor is *different*.", abstained=False, citations=[c], latency_ms=1.0
    )
    plain = app.plain_answer(answer)
    assert plain == (
        "Biden's favor is *different*.\n[1] A & B (a.txt, characters 10-57): Biden's favor? <b>[x]</b> different. Next line."
    )
    shown = app.message_html(app.as_text(answer.answer), plain)
    copy = html.unescape(shown.split('data-copy="')[1].split('"')[0])
    assert copy == plain and "\n\n" not in shown  # one HTML block: no blank line inside it


def test_index_with_progress_shows_chunks_done_and_an_estimate(tmp_path, monkeypatch):
    import app

    class Store:
        n = 5  # chunks already stored

        def count(self):
            return self.n

    class Bot:  # writes 30 chunks, 10 every 0.15 s
        store = Store()

        def add(self, paths, on_error, progress):
            for _ in range(3):
                time.sleep(0.15)
                self.store.n += 10
            return "report"

    monkeypatch.setattr(app, "chunks_in", lambda paths, bot: [20, 10])  # two files: 20 chunks, then 10
    calls = []
    report = app.index_with_progress(
        Bot(), [tmp_path / "a.txt", tmp_path / "b.txt"], lambda *a, **k: calls.append((a, k)), poll=0.05
    )
    assert report == "report"
    bars = [(a[0], k["desc"]) for a, k in calls if isinstance(a[0], tuple)]
    assert all(total == 30 and 0 <= done <= 30 for (done, total), _ in bars)
    assert all(k.get("unit") == "chunks" for a, k in calls if isinstance(a[0], tuple))
    assert any(done == 20 and desc.startswith("file 2 of 2") for (done, _), desc in bars), bars
    assert any("chunks/s, about" in desc and "s left" in desc for _, desc in bars), bars
