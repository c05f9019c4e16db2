"""The page in headless Chromium: ask, see the cited answer, and nothing leaves this machine.

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


@pytest.fixture
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
