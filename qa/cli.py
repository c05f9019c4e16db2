"""The `citeqa` command: index articles, keep the store in sync, ask questions."""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

from index.errors import CiteqaError, IndexingError
from qa.llm import add_llm_arguments

MAX_LISTED = 10  # duplicate lines printed before summarising the rest


def _progress(args):
    """Progress on stderr: redrawn in place on a terminal, a line per step with --progress."""
    lines = getattr(args, "progress", False)
    if not (lines or sys.stderr.isatty()):
        return None

    def show(done: int, total: int, what: str) -> None:
        if lines:
            print(f"progress {done}/{total} {what}", file=sys.stderr, flush=True)
            return
        print(f"\r[{done}/{total}] {what[:70]:<70}", end="", file=sys.stderr, flush=True)
        if done >= total:
            print(file=sys.stderr)

    return show


def _assistant(args):
    from qa.assistant import Assistant

    llm = {}
    if hasattr(args, "answerer"):
        from qa.llm import llm_settings_from

        llm = {"answerer": args.answerer, "llm": llm_settings_from(args)}
    return Assistant(store=args.store, chroma_url=args.chroma_url, top_k=getattr(args, "top_k", None), **llm)


def _print_report(report, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.to_dict(), indent=2))
        return
    for source, owner in report.duplicates[:MAX_LISTED]:
        print(f"duplicate: {source} has the same text as {owner}; not added", file=sys.stderr)
    if len(report.duplicates) > MAX_LISTED:
        print(f"duplicate: ... and {len(report.duplicates) - MAX_LISTED} more (--json lists them all)", file=sys.stderr)
    for err in report.skipped:
        print(f"skipped: {err}", file=sys.stderr)
    print(report.summary())


def cmd_index(args) -> int:
    if args.rebuild:  # before the Assistant opens it: a store built with other settings won't open
        from index.settings import Settings
        from index.store import Store

        Store(Settings().with_store(args.store, args.chroma_url), rebuild=True)
    bot = _assistant(args)
    report = bot.add(args.paths, on_error="report", progress=_progress(args))
    _print_report(report, args.json)
    return 1 if report.skipped else 0


def cmd_sync(args) -> int:
    report = _assistant(args).sync(progress=_progress(args))
    _print_report(report, args.json)
    return 0


def cmd_list(args) -> int:
    articles = _assistant(args).articles()
    if args.json:
        print(json.dumps([a.__dict__ for a in articles], indent=2))
        return 0
    for a in articles:
        print(f"{a.chunks:4d} chunks  {a.source}  —  {a.title}")
    print(f"{len(articles)} articles, {sum(a.chunks for a in articles)} chunks")
    return 0


def cmd_remove(args) -> int:
    _print_report(_assistant(args).remove(args.sources), args.json)
    return 0


def cmd_ask(args) -> int:
    bot = _assistant(args)
    if bot.store.count() == 0:
        raise CiteqaError(f"the store at {bot.store_path} is empty; index articles first: citeqa index seeds/")
    answer = bot.ask(args.question)
    if args.json:
        extra = {"generation": answer.generation_dict()} if args.show_dropped else {}
        print(json.dumps(answer.to_dict() | extra, ensure_ascii=False, indent=2))
        return 0
    print(answer.answer)
    if answer.citations:
        print("\nSources:")
    bold = ("\033[1m", "\033[0m") if sys.stdout.isatty() and not os.environ.get("NO_COLOR") else ("**", "**")
    for i, c in enumerate(answer.citations, 1):
        print(f"  [{i}] {c.title} ({c.source}, characters {c.start}-{c.end}, score {c.score:.2f})")
        print(textwrap.indent(_quote(c.text, answer.spans_in(c), bold), "      "))
    if answer.checked and answer.answered_by != "llm":
        print("\n(No sentence the LLM wrote was supported by the articles; this is the extractive answer.)")
    if args.show_dropped and answer.dropped:
        print("\nDropped by verification (not supported by the articles):")
        for c in answer.dropped:
            print(textwrap.indent(textwrap.fill(f"✗ {c.text} ({c.reason})", width=88), "  "))
    return 0


def _quote(text: str, spans: Sequence[tuple[int, int]], bold: tuple[str, str]) -> str:
    """The quote wrapped at 88 columns, the answer spans inside it in bold (ANSI, or **...**)."""
    # Wrap with one-character stand-ins for the markers, so escape codes never count as width.
    marked, at = "", 0
    for a, b in sorted(spans):
        marked += f"{text[at:a]}\ue000{text[a:b]}\ue001"
        at = b
    wrapped = textwrap.fill(f"“{marked}{text[at:]}”", width=88)
    return wrapped.replace("\ue000", bold[0]).replace("\ue001", bold[1])


def cmd_serve(args) -> int:
    import app
    from qa.llm import llm_flags

    flags = (["--store", str(args.store)] if args.store else []) + (
        ["--chroma-url", args.chroma_url] if args.chroma_url else []
    )
    return app.main(flags + llm_flags(args) + args.serve_args)


def _common_options(parser: argparse.ArgumentParser, default) -> None:
    """The options every command takes. The top-level parser holds the real defaults and each
    command's parser ``argparse.SUPPRESS``, so ``citeqa --store DIR ask ...`` and ``citeqa ask
    ... --store DIR`` both work (a command parser's default would overwrite the value given
    before the command)."""
    parser.add_argument(
        "--store",
        metavar="DIR",
        default=default(None),
        help="Chroma store folder (default: $CITEQA_STORE or ~/.local/share/citeqa/store)",
    )
    parser.add_argument(
        "--chroma-url",
        metavar="URL",
        default=default(None),
        help="use a Chroma server (http://HOST:PORT) instead of the embedded store ($CITEQA_CHROMA_URL)",
    )
    parser.add_argument("--json", action="store_true", default=default(False), help="print machine-readable JSON")
    parser.add_argument(
        "--progress", action="store_true", default=default(False), help="print a progress line per step on stderr"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="citeqa",
        description="Answer questions about news articles, citing the exact passages.",
    )
    _common_options(parser, lambda value: value)
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    _common_options(common, lambda value: argparse.SUPPRESS)

    p = sub.add_parser("index", parents=[common], help="index .txt/.md files and folders")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument(
        "--rebuild", action="store_true", help="empty the store first (to change its settings or embedding variant)"
    )
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("sync", parents=[common], help="drop deleted files, re-index changed ones")
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("ask", parents=[common], help="ask a question")
    p.add_argument("question")
    p.add_argument("--top-k", type=int, default=None, help="passages to answer from (default 5)")
    add_llm_arguments(p)
    p.add_argument(
        "--show-dropped", action="store_true", help="with --answerer llm: also show the sentences verification dropped"
    )
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("list", parents=[common], help="list the indexed articles")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("remove", parents=[common], help="remove articles by source name")
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("serve", parents=[common], help="start the chat web UI (--host, --port: see app.py -h)")
    add_llm_arguments(p)
    p.add_argument("serve_args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_serve)

    # `citeqa eval ...` hands its arguments to qa.eval (see main); listed here for --help.
    sub.add_parser("eval", help="score retrieval, answers and citations on a question set (citeqa eval -h)")
    return parser


def setup_logging() -> Path | None:
    """Send log records, citeqa's debug lines and every library's warnings (Python warnings
    included), to a debug log instead of the user's terminal: $CITEQA_LOG, else
    ``~/.cache/citeqa/citeqa.log`` (1 MB, one old file kept). Returns its path; None when logging
    was already configured (by an embedding program, or pytest) or the file cannot be written.
    """
    import logging
    import logging.handlers

    root = logging.getLogger()
    if root.handlers:
        return None
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = Path(os.environ.get("CITEQA_LOG") or cache / "citeqa" / "citeqa.log")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1 << 20, backupCount=1, encoding="utf-8"
        )
    except OSError:
        handler, path = logging.NullHandler(), None  # dropped, never printed
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(name)s %(levelname)s: %(message)s"))
    root.addHandler(handler)
    logging.getLogger("citeqa").setLevel(logging.DEBUG)
    logging.captureWarnings(True)
    return path


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    setup_logging()
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["eval"]:
        from qa.eval import main as eval_main

        return eval_main(argv[1:])
    args = build_parser().parse_args(argv)
    return run_reporting_errors("citeqa", args.func, args)


def run_reporting_errors(prog: str, func, *args) -> int:
    """Run a command; a user error becomes one message on stderr and exit status 1, not a traceback."""
    try:
        return func(*args)
    except IndexingError as err:
        print(f"{prog}: {err}", file=sys.stderr)
        return 1
    except CiteqaError as err:
        print(f"{prog}: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
