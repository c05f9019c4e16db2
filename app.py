"""The chat web UI (`citeqa serve`, `python app.py`): draws the page and calls citeqa's Python API."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import time
import unicodedata
from pathlib import Path

# Before gradio is imported: no telemetry, no version check, and the model never reaches for a hub.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr  # noqa: E402

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


def as_text(text: str) -> str:
    """``text`` as HTML/markdown that displays exactly those characters, on one line."""
    return re.sub(r"\s*\n\s*", "<br>", text.strip("\n").translate(_AS_TEXT))


def context_span(text: str, start: int, end: int, sentences: int) -> tuple[int, int]:
    """Bounds of ``sentences`` whole sentences either side of ``text[start:end]``."""
    if sentences <= 0:
        return start, end
    lo, hi = max(0, start - 400 * sentences), min(len(text), end + 400 * sentences)
    spans = [(s + lo, e + lo) for s, e in sentence_spans(text[lo:hi])]
    before = [s for s, e in spans if e <= start][-sentences:]
    after = [e for s, e in spans if s >= end][:sentences]
    return (before[0] if before else start), (after[-1] if after else end)


def quote_html(c: Citation, article: str | None, sentences: int) -> str:
    """The quote highlighted inside its surrounding sentences, from the article text if known."""
    if article is None or article[c.start : c.end] != c.text:
        article, start, end = c.text, 0, len(c.text)  # file changed or gone: the quote alone
    else:
        start, end = c.start, c.end
    lo, hi = context_span(article, start, end, sentences)
    return (
        f'<p class="citeqa-quote">{"… " if lo > 0 else ""}{as_text(article[lo:start])} '
        f"<mark>{as_text(article[start:end])}</mark> {as_text(article[end:hi])}{' …' if hi < len(article) else ''}</p>"
    )


def cite_label(i: int, c: Citation) -> str:
    return f"[{i}] {c.title} · {c.source} · score {c.score:.2f}"


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
        f"</summary>{quote_html(c, articles.get(c.source), sentences)}</details>"
        for i, c in enumerate(answer.citations, 1)
    ]
    return searched + "".join(cards)


# -- uploads -------------------------------------------------------------------------------------


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


def safe_name(name: str) -> str:
    """A file name that stays inside the upload folder: base name only, plain characters, short."""
    base = unicodedata.normalize("NFKC", re.split(r"[\\/]", name)[-1])
    base = re.sub(r"[^\w.\- ]+", "_", base).strip(" .")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = suffix[:10]
    stem = stem[: MAX_NAME_CHARS - len(suffix) - 1].strip(" .") or "article"
    return f"{stem}.{suffix}" if suffix else stem


def save_uploads(files: list[str], folder: Path) -> tuple[list[Path], list[str], dict[Path, bytes | None]]:
    """Copy uploaded files into ``folder``: (saved paths, refusals, previous contents to restore)."""
    folder.mkdir(parents=True, exist_ok=True)
    saved, refused, previous = [], [], {}
    for f in files:
        src = Path(f)
        size = src.stat().st_size
        if size > MAX_UPLOAD_MB * 2**20:
            refused.append(
                f"`{safe_name(src.name)}`: {size / 2**20:.1f} MB is over the {MAX_UPLOAD_MB} MB limit per file"
            )
            continue
        dest = folder / safe_name(src.name)
        if dest not in previous:
            previous[dest] = dest.read_bytes() if dest.is_file() else None
            saved.append(dest)
        shutil.copyfile(src, dest)
    return saved, refused, previous


# -- the page ------------------------------------------------------------------------------------


def build(bot: Assistant) -> gr.Blocks:
    """The Blocks app for ``bot``; every request shares it (and its model and store)."""
    uploads = bot.settings.store / "uploads"  # a local folder, also when the store is a Chroma server

    def article_rows() -> list[list]:
        return [[a.title, a.chunks, a.source] for a in bot.articles()]

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
            raise gr.Error(str(err)) from None
        history.append({"role": "user", "content": as_text(message)})
        history.append({"role": "assistant", "content": "Searching the articles…"})
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
                    history[-1]["content"] = draft_html(draft)
                    yield history, "", gr.skip(), gr.skip(), state
        except CiteqaError as err:
            history[-1]["content"] = as_text(f"Sorry: {err}")
            yield history, "", gr.skip(), gr.skip(), state
            return
        if draft:
            history[-1]["content"] = as_text(answer.answer)
        else:
            words = re.findall(r"\S+\s*", answer.answer)
            for i in range(0, len(words), 3):  # the answer is ready at once; show it forming
                history[-1]["content"] = as_text("".join(words[: i + 3]))
                yield history, "", gr.skip(), gr.skip(), state
                time.sleep(0.02)
        if answer.checked and show_dropped:
            history[-1]["content"] += dropped_html(answer)
        texts = {c.source: bot.article_text(c.source) for c in answer.citations}
        n = CHAT_CONTEXT if show_context else 0
        for i, c in enumerate(answer.citations, 1):
            state["cites"][len(history)] = c.to_dict()
            history.append(
                {
                    "role": "assistant",
                    "content": quote_html(c, texts[c.source], n),
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
        saved, refused, previous = save_uploads(files, uploads)
        report = bot.add(saved, on_error="report", progress=lambda d, t, w: progress((d, t) if t else 0, desc=w))
        lines = [f"**{report.summary()}**"] + [f"- added: `{s}`" for s in report.added + report.replaced]
        lines += [f"- already indexed, unchanged: `{s}`" for s in report.unchanged]
        for source, owner in report.duplicates:
            lines.append(f"- ⚠️ duplicate: `{source}` has the same text as `{owner}`; not added again")
        for err in report.skipped:
            lines.append(f"- ❌ not added: `{Path(err.path).name}`: {err.reason}")
        lines += [f"- ❌ not added: {r}" for r in refused]
        # A refused file must not leave its copy behind, nor clobber the article it was named like.
        rejected = {Path(e.path).name for e in report.skipped} | {source for source, _ in report.duplicates}
        rejected |= {source for source in report.unchanged if previous[uploads / source] is None}  # indexed elsewhere
        for dest in saved:
            if dest.name in rejected:
                dest.write_bytes(previous[dest]) if previous[dest] is not None else dest.unlink(missing_ok=True)
        return "\n".join(lines), article_rows(), None

    with gr.Blocks(title="citeqa", analytics_enabled=False) as demo:
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
                        # Only with an LLM configured (--llm-url / --llm-gguf) is there a choice to make.
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
            upload = gr.File(label="Add articles", file_count="multiple", file_types=[".txt", ".md"], type="filepath")
            status = gr.Markdown()
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
        quiet=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
