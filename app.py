"""The chat web UI (`citeqa serve`, `python app.py`): draws the page and calls citeqa's Python API."""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import sys
import time
import unicodedata
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

# Before gradio is imported: no telemetry, no version check, and the model never reaches for a hub.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr  # noqa: E402

from index.articles import read_article  # noqa: E402
from index.chunking import chunk_article  # noqa: E402
from index.errors import ArticleError  # noqa: E402
from index.store import IndexReport  # noqa: E402
from qa import Answer, Assistant, Citation, CiteqaError  # noqa: E402
from qa.assistant import clean_question  # noqa: E402
from qa.conversation import Turn, rewrite  # noqa: E402
from qa.llm import add_llm_arguments, llm_settings_from  # noqa: E402
from qa.sentences import sentence_spans  # noqa: E402

SEEDS = Path(__file__).parent / "seeds"
MAX_UPLOAD_MB = 10  # per file; a news article is a few tens of kilobytes
MAX_NAME_CHARS = 100
CONCURRENCY = 4  # questions answered at once; the model and store are shared by all of them
CHAT_CONTEXT, PANEL_CONTEXT, CLICK_CONTEXT = 1, 2, 3  # sentences shown either side of a quote
SYSTEM_FONTS = ["ui-sans-serif", "system-ui", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "Liberation Mono", "monospace"]
SOURCES_HINT = "<p>The sources of the latest answer appear here.</p>"
CONTEXT_HINT = "<p>Click a citation in the conversation to read it in its article.</p>"
CSS = """
.citeqa-quote { line-height: 1.5; margin: 0; }
.citeqa-quote mark { background: #fde68a; color: #111827; padding: 0 2px; border-radius: 2px; }
.citeqa-quote mark b.citeqa-answer { font-weight: 700; text-decoration: underline; text-decoration-thickness: 2px; }
.citeqa-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px; margin: 0 0 8px; }
.citeqa-card summary { cursor: pointer; font-weight: 600; }
.citeqa-meta { color: var(--body-text-color-subdued); font-size: 0.85em; font-weight: 400; }
.citeqa-searched { font-size: 0.9em; margin: 0 0 8px; }
.citeqa-draft { color: var(--body-text-color-subdued); font-style: italic; }
.citeqa-dropped { color: var(--body-text-color-subdued); font-size: 0.9em; margin: 6px 0 0; }
"""
ANSWERER_CHOICES = [
    ("Extractive: quote the best sentence", "extractive"),
    ("LLM: written answer, every sentence verified", "llm"),
]

# -- drawing citations (as text: article text is escaped, never rendered as HTML or markdown) ----

# Markdown, LaTeX and HTML syntax as numeric entities: they display as the character they are.
# "." ":" "@" too, so that no web address or e-mail becomes a link (and no request leaves the page).
_AS_TEXT = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]()#+-.!|~$:=@"})


# Invisible format characters (Unicode category Cf) can make the page lie: U+202E turns "0051"
# into "1500" on screen. They are shown as visible markers instead; ZWNJ and ZWJ only shape
# letters and emoji (Persian, Hindi, 👩‍💻), so they stay.
_KEEP_FORMAT = frozenset("\u200c\u200d")


def visible(text: str) -> str:
    """``text`` with each invisible format character (bidi controls and the like) shown as ⟨U+XXXX⟩.

    For display only: citations keep the article's characters, and their offsets index those.
    """
    if text.isascii():
        return text
    return "".join(
        f"⟨U+{ord(ch):04X}⟩" if unicodedata.category(ch) == "Cf" and ch not in _KEEP_FORMAT else ch for ch in text
    )


def as_text(text: str) -> str:
    """``text`` as HTML/markdown that displays exactly those characters, on one line."""
    return re.sub(r"\s*\n\s*", "<br>", visible(text.strip("\n")).translate(_AS_TEXT))


def context_span(text: str, start: int, end: int, sentences: int) -> tuple[int, int]:
    """Bounds of ``sentences`` whole sentences either side of ``text[start:end]``."""
    if sentences <= 0:
        return start, end
    lo, hi = max(0, start - 400 * sentences), min(len(text), end + 400 * sentences)
    spans = [(s + lo, e + lo) for s, e in sentence_spans(text[lo:hi])]
    before = [s for s, e in spans if e <= start][-sentences:]
    after = [e for s, e in spans if s >= end][:sentences]
    return (before[0] if before else start), (after[-1] if after else end)


def quote_html(c: Citation, article: str | None, sentences: int, spans: Sequence[tuple[int, int]] = ()) -> str:
    """The quote highlighted inside its surrounding sentences, from the article text if known;
    ``spans`` (offsets into the quote, ``Answer.spans_in``) are the answers, shown in bold in it."""
    if article is None or article[c.start : c.end] != c.text:
        article, start, end = c.text, 0, len(c.text)  # file changed or gone: the quote alone
    else:
        start, end = c.start, c.end
    lo, hi = context_span(article, start, end, sentences)
    quote, at = "", 0
    for a, b in sorted(spans):
        quote += f'{as_text(c.text[at:a])}<b class="citeqa-answer">{as_text(c.text[a:b])}</b>'
        at = b
    quote += as_text(c.text[at:])
    return (
        f'<p class="citeqa-quote">{"… " if lo > 0 else ""}{as_text(article[lo:start])} '
        f"<mark>{quote}</mark> {as_text(article[end:hi])}{' …' if hi < len(article) else ''}</p>"
    )


def cite_label(i: int, c: Citation) -> str:
    return f"[{i}] {c.title} · {c.source} · score {c.score:.2f}"


# -- what the copy buttons give -----------------------------------------------------------------
# Gradio's copy buttons copy a message's raw content, which here is escaped markup. So each
# message carries its plain text in data attributes, and COPY_JS hands that to the clipboard.


def plain_citation(i: int, c: Citation) -> str:
    """``[n] title (source, characters a-b): quote`` on one line."""
    quote = re.sub(r"\s*\n\s*", " ", c.text.strip())
    return visible(f"[{i}] {c.title} ({c.source}, characters {c.start}-{c.end}): {quote}")


def plain_answer(answer: Answer) -> str:
    """The answer, then one line per citation."""
    return "\n".join([visible(answer.answer)] + [plain_citation(i, c) for i, c in enumerate(answer.citations, 1)])


def _attr(text: str) -> str:
    # No raw newline: a blank line would end the HTML block the chat's markdown parser sees.
    return html.escape(text, quote=True).replace("\r", "&#13;").replace("\n", "&#10;")


def message_html(shown: str, copy: str, conversation: str | None = None) -> str:
    """A chat message showing ``shown`` (HTML) whose copy button gives ``copy``; "Copy conversation"
    gives ``conversation`` for it (default: ``copy``; "" leaves it out)."""
    extra = "" if conversation is None else f' data-conversation="{_attr(conversation)}"'
    return f'<div class="citeqa-msg" data-copy="{_attr(copy)}"{extra}>{shown}</div>'


COPY_JS = """
() => {
  // Chat messages carry the plain text their copy buttons should give (app.message_html); Gradio's
  // buttons copy the raw markup, so swap it for that text on its way to the clipboard.
  const plain = (text) => {
    if (typeof text !== "string" || !text.includes("data-copy=")) return text;
    const doc = new DOMParser().parseFromString(text, "text/html");  // inert: runs and loads nothing
    const msgs = [...doc.querySelectorAll("[data-copy]")];
    if (msgs.length === 1) return msgs[0].dataset.copy;
    return msgs.map((m) => m.dataset.conversation ?? m.dataset.copy).filter((t) => t).join("\\n\\n");
  };
  const clip = navigator.clipboard;
  if (clip) {
    const write = clip.writeText.bind(clip);
    clip.writeText = (text) => write(plain(text));
  }
  // Without navigator.clipboard (plain http off this machine) Gradio copies from a textarea.
  document.addEventListener("copy", (event) => {
    const el = document.activeElement;
    if (el instanceof HTMLTextAreaElement && el.value.includes("data-copy=")) {
      event.clipboardData.setData("text/plain", plain(el.value));
      event.preventDefault();
    }
  }, true);
}
"""


def sources_html(answer: Answer, articles: dict[str, str | None], sentences: int) -> str:
    searched = ""
    if answer.searched and answer.searched != answer.question:
        searched = (
            f'<p class="citeqa-searched">Searched for <b>{as_text(answer.searched)}</b> '
            '<span class="citeqa-meta">(the question rewritten from the conversation)</span></p>'
        )
    if not answer.citations:
        return searched + "<p>No sources: the articles don't say.</p>"
    cards = [
        f'<details class="citeqa-card" open><summary>[{i}] {as_text(c.title)}<br>'
        f'<span class="citeqa-meta">{as_text(c.source)} · characters {c.start}–{c.end} · score {c.score:.2f}</span>'
        f"</summary>{quote_html(c, articles.get(c.source), sentences, answer.spans_in(c))}</details>"
        for i, c in enumerate(answer.citations, 1)
    ]
    return searched + "".join(cards)


def draft_html(draft: str) -> str:
    """The LLM's unverified draft while it streams, marked as such."""
    return f'<p class="citeqa-draft">Draft, being checked against the articles: {as_text(draft)}</p>'


def dropped_html(answer: Answer) -> str:
    """The generated sentences verification dropped, struck through with the reason (debug view)."""
    if not answer.dropped:
        return ""
    items = "".join(
        f'<br><del>{as_text(c.text)}</del> <span class="citeqa-meta">not shown: {as_text(c.reason)}</span>'
        for c in answer.dropped
    )
    return f'<p class="citeqa-dropped"><b>Dropped by verification</b>{items}</p>'


# -- uploads -------------------------------------------------------------------------------------


def safe_name(name: str) -> str:
    """A file name that stays inside the upload folder: base name only, plain characters, short.

    The suffix the user picked survives (``   .txt`` is ``article.txt``, not a file without one).
    """
    base = unicodedata.normalize("NFKC", re.split(r"[\\/]", name)[-1])
    base = re.sub(r"[^\w.\- ]+", "_", base).strip().rstrip(".")
    stem, dot, suffix = base.rpartition(".")
    if not dot or not suffix.strip():
        stem, suffix = base, ""
    suffix = suffix.strip()[:10]
    stem = stem[: MAX_NAME_CHARS - len(suffix) - 1].strip(" .") or "article"
    return f"{stem}.{suffix}" if suffix else stem


def numbered(name: str, taken: set[str]) -> str:
    """``name`` with ``-2``, ``-3``... before its suffix: the first that is not ``taken``."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    n = 2
    while True:
        tag = f"-{n}"
        candidate = stem[: MAX_NAME_CHARS - len(suffix) - 1 - len(tag)] + tag + (f".{suffix}" if suffix else "")
        if candidate not in taken:
            return candidate
        n += 1


@dataclass
class Upload:
    """One uploaded file, copied into the upload folder."""

    name: str  # the name the user gave it, cleaned
    dest: Path  # where it was saved; dest.name is its source name in the store
    previous: bytes | None  # what dest held before, put back if the upload is refused
    renamed: str = ""  # why dest.name is not name


def save_uploads(files: list[str], folder: Path, indexed: dict[str, Path]) -> tuple[list[Upload], list[str]]:
    """Copy uploaded files into ``folder``: (the uploads, refusals).

    No upload overwrites another in the same drop (two folders' ``article.txt``), nor an article
    indexed from outside ``folder`` (the sample articles, ``citeqa index``): such a file is saved
    under a numbered name instead. ``indexed`` maps each indexed source name to its file. An
    earlier upload of the same name is replaced, and the caller says so.
    """
    folder.mkdir(parents=True, exist_ok=True)
    home = folder.resolve()
    uploads, refused, taken = [], [], set()
    for f in files:
        src = Path(f)
        name = safe_name(src.name)
        size = src.stat().st_size
        if size > MAX_UPLOAD_MB * 2**20:
            refused.append(f"`{name}`: {size / 2**20:.1f} MB is over the {MAX_UPLOAD_MB} MB limit per file")
            continue
        dest_name, why = name, ""
        if name in taken:
            why = f"another file in this upload is also named `{name}`"
        elif name in indexed and indexed[name].resolve().parent != home:
            why = f"`{name}` is an article indexed from another folder, which an upload never replaces"
        if why:
            on_disk = {p.name for p in folder.iterdir()}
            dest_name = numbered(name, taken | set(indexed) | on_disk)
        taken.add(dest_name)
        dest = folder / dest_name
        uploads.append(Upload(name, dest, dest.read_bytes() if dest.is_file() else None, why))
        shutil.copyfile(src, dest)
    return uploads, refused


def discard_temporary(files: list[str]) -> None:
    """Delete Gradio's temporary copies of uploads (and their folders, once empty)."""
    for f in files:
        path = Path(f)
        path.unlink(missing_ok=True)
        try:
            path.parent.rmdir()
        except OSError:
            pass  # not empty: another upload of the same content still uses it


def chunks_in(paths: list[Path], bot: Assistant) -> list[int]:
    """How many chunks each file will make (0 for a file that will be refused)."""
    counts = []
    for path in paths:
        try:
            counts.append(len(chunk_article(read_article(path, source=path.name), bot.settings.index)))
        except ArticleError:
            counts.append(0)
    return counts


def index_with_progress(bot: Assistant, paths: list[Path], progress, poll: float = 0.5) -> IndexReport:
    """``bot.add(paths)`` while ``progress((done, total), desc=...)`` shows files and chunks done and an
    estimate from the measured rate. Chunks done are read from the store's count as it grows."""
    progress(0, desc=f"reading {len(paths)} file(s)")
    ends = list(accumulate(chunks_in(paths, bot)))  # a file is done once the count passes its end
    total = max(ends[-1] if ends else 0, 1)
    before = bot.store.count()
    waiting = []

    def told(done: int, of: int, what: str) -> None:
        if "waiting" in what:  # the store's only news worth showing: another writer holds the lock
            waiting.append(what)

    with ThreadPoolExecutor(1, thread_name_prefix="citeqa-upload") as pool:
        job = pool.submit(bot.add, paths, on_error="report", progress=told)
        first: tuple[float, int] | None = None  # when chunks were first seen arriving, and how many
        while True:
            try:
                return job.result(timeout=poll)
            except FutureTimeout:
                pass
            done = min(max(bot.store.count() - before, 0), total)
            now = time.monotonic()
            if done and first is None:
                first = (now, done)
            files_done = sum(1 for upto in ends if upto <= done)
            where = f"file {min(files_done + 1, len(paths))} of {len(paths)}"
            if waiting and not done:
                desc = waiting[-1]
            elif first is None or done == first[1]:  # a rate needs two readings apart
                desc = f"{where}; measuring the speed"
            else:
                rate = (done - first[1]) / (now - first[0])
                desc = f"{where}; {rate:.0f} chunks/s, about {(total - done) / rate:.0f} s left"
            progress((done, total), desc=desc, unit="chunks")


def chunks(n: int) -> str:
    return f"{n} chunk" if n == 1 else f"{n} chunks"


def upload_report(
    report: IndexReport, uploads: list[Upload], refused: list[str], old: dict[str, int], new: dict[str, int]
) -> str:
    """The status shown under the upload box: what was added, replaced, renamed or refused, by name."""
    renamed = {u.dest.name: u for u in uploads if u.renamed}
    given = {u.dest.name: u.name for u in uploads}  # refusals are reported by the name the user gave
    lines = [f"**{report.summary()}**"]
    for s in report.added:
        note = f" (saved as `{s}`, not `{renamed[s].name}`: {renamed[s].renamed})" if s in renamed else ""
        lines.append(f"- added: `{s}`{note}")
    for s in report.replaced:
        lines.append(f"- replaced: `{s}` (was {chunks(old.get(s, 0))}, now {chunks(new.get(s, 0))})")
    lines += [f"- already indexed, unchanged: `{s}`" for s in report.unchanged]
    for source, owner in report.duplicates:
        lines.append(f"- ⚠️ duplicate: `{given.get(source, source)}` has the same text as `{owner}`; not added again")
    for err in report.skipped:
        name = Path(err.path).name
        lines.append(f"- ❌ not added: `{given.get(name, name)}`: {err.reason}")
    lines += [f"- ❌ not added: {r}" for r in refused]
    return "\n".join(lines)


# -- the page ------------------------------------------------------------------------------------


def build(bot: Assistant) -> gr.Blocks:
    """The Blocks app for ``bot``; every request shares it (and its model and store)."""
    uploads = bot.settings.store / "uploads"  # a local folder, also when the store is a Chroma server

    def article_rows() -> list[list]:
        return [[visible(a.title), a.chunks, visible(a.source)] for a in bot.articles()]

    def ask(
        message: str,
        history: list[dict],
        state: dict,
        top_k: int,
        show_context: bool,
        answerer: str = "extractive",
        show_dropped: bool = False,
    ):
        history = list(history or [])
        if not history:
            state = {"turns": [], "cites": {}}  # a new conversation
        try:
            message = clean_question(message or "")
        except CiteqaError as err:
            print(f"citeqa: question refused: {err}", file=sys.stderr, flush=True)  # one line, no traceback
            raise gr.Error(str(err), print_exception=False) from None
        shown = visible(message)
        history.append({"role": "user", "content": message_html(as_text(message), shown, f"Q: {shown}")})
        history.append({"role": "assistant", "content": message_html("Searching the articles…", "", "")})
        yield history, "", gr.skip(), gr.skip(), state
        searched = rewrite(message, [Turn(**t) for t in state["turns"]])
        answerer = answerer if answerer in ("extractive", "llm") and bot.llm_configured else "extractive"
        answer, draft = None, ""
        try:
            for event in bot.ask_stream(
                message, top_k=int(top_k), search=searched if searched != message else None, answerer=answerer
            ):
                if isinstance(event, Answer):
                    answer = event
                else:  # the LLM's draft streams in; the verified sentences replace it below
                    draft += event
                    history[-1]["content"] = message_html(draft_html(draft), visible(draft), "")
                    yield history, "", gr.skip(), gr.skip(), state
        except CiteqaError as err:
            history[-1]["content"] = message_html(as_text(f"Sorry: {err}"), visible(f"Sorry: {err}"))
            yield history, "", gr.skip(), gr.skip(), state
            return
        if not draft:
            words = re.findall(r"\S+\s*", answer.answer)
            for i in range(0, len(words), 3):  # the answer is ready at once; show it forming
                partial = "".join(words[: i + 3])
                history[-1]["content"] = message_html(as_text(partial), visible(partial), "")
                yield history, "", gr.skip(), gr.skip(), state
                time.sleep(0.02)
        copy = plain_answer(answer)
        dropped = dropped_html(answer) if answer.checked and show_dropped else ""
        history[-1]["content"] = message_html(as_text(answer.answer) + dropped, copy)
        texts = {c.source: bot.article_text(c.source) for c in answer.citations}
        n = CHAT_CONTEXT if show_context else 0
        for i, c in enumerate(answer.citations, 1):
            state["cites"][len(history)] = c.to_dict()
            history.append(
                {
                    "role": "assistant",
                    "content": message_html(
                        quote_html(c, texts[c.source], n, answer.spans_in(c)), plain_citation(i, c), ""
                    ),
                    "metadata": {"title": as_text(cite_label(i, c))},
                }
            )
        state["turns"].append(
            Turn(answer.question, "" if answer.abstained else answer.answer, answer.searched).to_dict()
        )
        details = answer.to_dict() | {"searched": answer.searched}
        if answer.checked or answer.draft:
            details["generation"] = answer.generation_dict()
        yield history, "", sources_html(answer, texts, PANEL_CONTEXT if show_context else 0), details, state

    def show_in_context(state: dict, evt: gr.SelectData) -> str:
        cite = state["cites"].get(evt.index if isinstance(evt.index, int) else evt.index[0])
        if cite is None:
            return gr.skip()
        c = Citation(**cite)
        return (
            f'<div class="citeqa-card"><b>{as_text(c.title)}</b><br><span class="citeqa-meta">{as_text(c.source)} · '
            f"characters {c.start}–{c.end} · score {c.score:.2f}</span>"
            f"{quote_html(c, bot.article_text(c.source), CLICK_CONTEXT)}</div>"
        )

    def add_articles(files: list[str] | None, progress=gr.Progress()):  # noqa: B008 (Gradio's way to ask for a bar)
        if not files:
            return gr.skip(), gr.skip(), None
        before = bot.articles()
        try:
            saved, refused = save_uploads(files, uploads, {a.source: Path(a.path) for a in before})
        finally:
            discard_temporary(files)  # copied or refused: Gradio's copy is not needed any more
        report = index_with_progress(bot, [u.dest for u in saved], progress)
        after = bot.articles()
        status = upload_report(
            report, saved, refused, {a.source: a.chunks for a in before}, {a.source: a.chunks for a in after}
        )
        # A refused file must not leave its copy behind, nor clobber the earlier upload it was named like.
        rejected = {Path(e.path).name for e in report.skipped} | {source for source, _ in report.duplicates}
        for u in saved:
            if u.dest.name in rejected:
                u.dest.write_bytes(u.previous) if u.previous is not None else u.dest.unlink(missing_ok=True)
        return status, article_rows(), None

    # Gradio keeps its own copy of every upload; add_articles deletes those it is given, and this
    # deletes the rest (uploads refused before they reach it) within the hour.
    with gr.Blocks(title="citeqa", analytics_enabled=False, delete_cache=(1800, 1800)) as demo:
        state = gr.State({"turns": [], "cites": {}})
        gr.Markdown("## citeqa\nAsk about the indexed news articles. Every answer quotes its sources word for word.")
        with gr.Tab("Ask"):
            with gr.Row(equal_height=False):
                with gr.Column(scale=3):
                    chatbot = gr.Chatbot(
                        label="Conversation",
                        elem_id="citeqa-chat",
                        height=560,
                        latex_delimiters=[],
                        feedback_options=None,
                        buttons=["copy", "copy_all"],  # no "share": it would upload the chat to a hub
                        placeholder="Ask a question about the articles. Follow-up questions are understood.",
                    )
                    with gr.Row():
                        box = gr.Textbox(
                            placeholder="Ask a question…", show_label=False, scale=5, autofocus=True, submit_btn=True
                        )
                    with gr.Accordion("Settings", open=False):
                        top_k = gr.Slider(1, 20, value=bot.retriever.k, step=1, label="Passages to answer from (top-k)")
                        show_context = gr.Checkbox(value=True, label="Show the sentences around each quote")
                        # Only with an LLM (--llm-url, --llm-gguf or an installed packaged model) is there a choice.
                        answerer = gr.Radio(
                            ANSWERER_CHOICES,
                            value=bot.answerer,
                            label="Answerer",
                            visible=bot.llm_configured,
                            elem_id="citeqa-answerer",
                        )
                        show_dropped = gr.Checkbox(
                            value=False,
                            label="Show the sentences verification dropped (debug)",
                            visible=bot.llm_configured,
                        )
                with gr.Column(scale=2):
                    gr.Markdown("### Sources of the latest answer")
                    sources = gr.HTML(SOURCES_HINT, elem_id="citeqa-sources")
                    gr.Markdown("### Passage in context")
                    in_context = gr.HTML(CONTEXT_HINT, elem_id="citeqa-context")
                    with gr.Accordion("Answer as JSON", open=False):
                        details = gr.JSON(label="Answer")
        with gr.Tab("Articles"):
            gr.Markdown(
                f"Add `.txt` or `.md` articles (several at once, up to {MAX_UPLOAD_MB} MB each). They are indexed "
                "right away; an article already indexed under another name is reported, not added twice."
            )
            upload = gr.File(
                label="Add articles",
                file_count="multiple",
                file_types=[".txt", ".md"],
                type="filepath",
                elem_id="citeqa-upload",
            )
            status = gr.Markdown(elem_id="citeqa-upload-status")
            table = gr.Dataframe(
                headers=["Title", "Chunks", "File"],
                label="Indexed articles",
                interactive=False,
                wrap=True,
                elem_id="citeqa-articles",
            )

        box.submit(
            ask,
            [box, chatbot, state, top_k, show_context, answerer, show_dropped],
            [chatbot, box, sources, details, state],
            api_name="ask",
            concurrency_limit=CONCURRENCY,
            concurrency_id="ask",
            show_progress="minimal",
        )
        chatbot.clear(
            lambda: ({"turns": [], "cites": {}}, None, SOURCES_HINT, CONTEXT_HINT),
            None,
            [state, details, sources, in_context],
            api_visibility="private",
        )
        chatbot.select(show_in_context, state, in_context, api_visibility="private")
        upload.upload(add_articles, upload, [status, table, upload], api_name="add_articles", concurrency_limit=1)
        demo.load(article_rows, None, table, api_name="articles")
    return demo


# -- running -------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="citeqa serve", description="Start the citeqa chat web UI.")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    p.add_argument(
        "--store", default=None, help="Chroma store folder (default: $CITEQA_STORE or ~/.local/share/citeqa/store)"
    )
    p.add_argument(
        "--chroma-url", default=None, help="use a Chroma server (http://HOST:PORT) instead ($CITEQA_CHROMA_URL)"
    )
    add_llm_arguments(p)
    return p.parse_args(argv)


def _print_progress(done: int, total: int, what: str) -> None:
    print(f"  [{done}/{total}] {what}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    from qa.cli import setup_logging

    setup_logging()  # third-party warnings go to the debug log, not the user's terminal
    args = parse_args(argv)
    try:
        bot = Assistant(
            store=args.store, chroma_url=args.chroma_url, answerer=args.answerer, llm=llm_settings_from(args)
        )
        if bot.store.count() == 0 and SEEDS.is_dir():
            print(f"citeqa: {bot.store_path} is empty; indexing the sample articles in {SEEDS}", file=sys.stderr)
            print(f"citeqa: {bot.add([SEEDS], on_error='report', progress=_print_progress).summary()}", file=sys.stderr)
        bot.warm_up()
    except CiteqaError as err:
        print(f"citeqa: error: {err}", file=sys.stderr)
        return 1
    demo = build(bot)
    demo.queue(default_concurrency_limit=CONCURRENCY, max_size=64)
    if bot.llm_configured:
        print(f"citeqa: the llm answerer is available (default answerer: {bot.answerer})", file=sys.stderr)
    print(f"citeqa: serving {bot.store.count()} chunks at http://{args.host}:{args.port}", file=sys.stderr, flush=True)
    demo.launch(
        server_name=args.host,
        server_port=args.port,
        share=False,
        ssr_mode=False,
        mcp_server=False,
        pwa=False,
        max_file_size=f"{MAX_UPLOAD_MB}mb",
        footer_links=["api", "settings"],
        theme=gr.themes.Default(font=SYSTEM_FONTS, font_mono=MONO_FONTS),
        css=CSS,
        js=COPY_JS,
        quiet=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
