"""The page in headless Chromium: ask, see the cited answer, and nothing leaves this machine; uploads
keep every file; copy buttons give plain text; bidi controls cannot make a quote lie.

Uses Debian's /usr/bin/chromium (`apt-get install chromium`), never a downloaded browser.
Set CITEQA_UPDATE_SCREENSHOT=1 to also refresh docs/screenshot.png.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from test_app import ROOT, running_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def page_url(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("browser") / "store") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing; install it with `apt-get install -y chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def test_ask_and_see_the_cited_answer_offline(page_url, browser):
    requests: list[str] = []
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_url)

    box = page.get_by_placeholder("Ask a question…")
    box.wait_for(timeout=60_000)
    box.fill("What did Putin say on Russian state TV?")
    box.press("Enter")
    chat_quote = page.locator("#citeqa-chat .citeqa-quote mark").first  # the citation under the answer
    chat_quote.wait_for(timeout=60_000)
    assert "We will work with anyone" in page.locator("#citeqa-chat").inner_text()
    assert "putin-" in page.locator("#citeqa-sources").inner_text()  # the side panel: file, title, score
    assert "score" in page.locator("#citeqa-sources").inner_text()

    box.fill("What did he say about relations?")
    box.press("Enter")
    page.get_by_text("Searched for").wait_for(timeout=60_000)
    assert "ruined" in page.locator("#citeqa-sources").inner_text()

    page.locator("#citeqa-chat .citeqa-quote").last.click()  # a citation in the chat opens it in context
    page.locator("#citeqa-context mark").wait_for(timeout=30_000)
    page.wait_for_timeout(500)  # let the highlight settle before the picture

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "browser-answer.png"
    page.screenshot(path=str(shot))
    if os.environ.get("CITEQA_UPDATE_SCREENSHOT"):
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copyfile(shot, ROOT / "docs" / "screenshot.png")

    page.get_by_role("tab", name="Articles").click()
    page.locator("#citeqa-articles").get_by_text("putin-not-ready-to-recognize-biden.txt").wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "browser-articles.png"))

    hosts = {urlsplit(u).hostname for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")}
    assert requests and hosts <= {"127.0.0.1", "localhost"}, f"the page reached out to {hosts}"


def open_page(browser, url: str):
    """A fresh page whose clipboard the test can read, with the chat box ready."""
    context = browser.new_context(
        permissions=["clipboard-read", "clipboard-write"], viewport={"width": 1400, "height": 1100}
    )
    page = context.new_page()
    page.goto(url)
    page.get_by_placeholder("Ask a question…").wait_for(timeout=60_000)
    return page


def ask_in_page(page, question: str) -> None:
    """Ask, and wait for the answer's citations to be drawn."""
    quotes = page.locator("#citeqa-chat .citeqa-quote").count()
    box = page.get_by_placeholder("Ask a question…")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('#citeqa-chat .citeqa-quote').length > n", arg=quotes, timeout=60_000
    )
    page.wait_for_timeout(300)


def clipboard_after(page, button) -> str:
    page.evaluate("navigator.clipboard.writeText('')")
    button.click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''", timeout=10_000)
    return page.evaluate("navigator.clipboard.readText()")


def upload_in_page(page, files: list[Path]) -> str:
    """Drop ``files`` on the Articles tab's upload box; the status once they are indexed."""
    page.get_by_role("tab", name="Articles").click()
    page.locator("#citeqa-upload input[type=file]").set_input_files([str(f) for f in files])
    status = page.locator("#citeqa-upload-status")
    status.get_by_text("chunks written").wait_for(timeout=120_000)
    page.get_by_role("tab", name="Ask").click()
    return status.inner_text()


def test_same_name_files_in_one_drop_are_both_kept(page_url, browser, tmp_path):
    first, second = tmp_path / "one" / "article.txt", tmp_path / "two" / "article.txt"
    for path, text in [
        (first, "Ferry strike ends\n\nThe ferry workers of Larnby ended their strike after nine days.\n"),
        (second, "Orchard wins prize\n\nThe Pellow orchard won the national cider prize for its pear cider.\n"),
    ]:
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    page = open_page(browser, page_url)
    status = upload_in_page(page, [first, second])
    assert "2 added" in status and "added: article.txt" in status and "added: article-2.txt" in status, status
    ask_in_page(page, "How many days did the Larnby ferry strike last?")
    assert "nine days" in page.locator("#citeqa-chat").inner_text()  # the first file was not lost
    ask_in_page(page, "Which prize did the Pellow orchard win?")
    assert "cider prize" in page.locator("#citeqa-chat").inner_text()


def test_copy_buttons_give_plain_text(page_url, browser):
    page = open_page(browser, page_url)
    ask_in_page(page, "In what year did Biden travel to Russia as vice president?")
    chat = page.locator("#citeqa-chat")
    answer = clipboard_after(page, chat.get_by_label("Copy message").last)  # the answer and its citations
    lines = answer.splitlines()
    assert lines[0] == "2011", answer  # the answer, then its citation with the quote that holds it
    assert lines[1].startswith("[1] ") and ".txt, characters " in lines[1] and "): " in lines[1], answer
    assert "2011" in lines[1].split("): ", 1)[1] and "." in lines[1], answer
    for markup in ("&#", "<p", "<mark", "<div", "data-copy"):
        assert markup not in answer, answer
    conversation = clipboard_after(page, chat.get_by_label("Copy conversation"))
    assert conversation.startswith("Q: In what year did Biden travel to Russia as vice president?\n\n"), conversation
    assert conversation.endswith(answer)
    assert "&#" not in conversation and "<" not in conversation


def test_bidi_controls_are_shown_not_obeyed(page_url, browser, tmp_path):
    article = tmp_path / "bridge toll.txt"
    text = "Bridge toll set\n\nThe council of Dunmere set a yearly toll for lorries on the new bridge.\n"
    text += "The toll for a lorry will be \u202e0051\u202c euros a year, the council said.\n"
    article.write_text(text, encoding="utf-8")
    page = open_page(browser, page_url)
    upload_in_page(page, [article])
    ask_in_page(page, "How much is the \u202eyearly toll for a lorry on the Dunmere bridge?")
    chat = page.locator("#citeqa-chat").inner_text()
    sources = page.locator("#citeqa-sources").inner_text()
    for shown in (chat, sources):
        assert "⟨U+202E⟩0051⟨U+202C⟩" in shown, shown  # reads as the file does, never "1500"
        assert "\u202e" not in shown and "\u202c" not in shown
    assert "the ⟨U+202E⟩yearly toll" in chat  # the question, too
    copied = clipboard_after(page, page.locator("#citeqa-chat").get_by_label("Copy message").last)
    assert "⟨U+202E⟩0051⟨U+202C⟩" in copied and "\u202e" not in copied
    start, end = (int(n) for n in sources.split("characters ")[1].split(" ")[0].split("–"))
    assert "0051" in text[start:end]  # the offsets shown still index the file's own text
