"""Offline evaluation: answer a question set over a corpus and score retrieval, answers,
citations, abstention and latency, for one or several retrieval settings.

    python -m qa.eval tests/data/dev_questions.jsonl --corpus seeds --out eval-out --compare

The corpus is indexed once into a fresh temporary store (never the user's) and every question
goes through ``Assistant.ask``, the pipeline the app uses. Metric definitions: qa/metrics.py
and the README ("Evaluating").
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass, replace
from pathlib import Path

from index.errors import ArticleError, CiteqaError
from index.settings import Settings as AppSettings
from qa.llm import ANSWERERS, LLMSettings, add_llm_arguments, llm_settings_from
from qa.metrics import (
    METRIC_NAMES,
    STAGES,
    EvalQuestion,
    Scored,
    Summary,
    contains_quote,
    percentile,
    score_question,
    stage_times,
    summarize,
)
from qa.squad import QuestionFileError, load_squad

DEFAULT_COMPARE_K = (1, 3, 10)
WORST = 10


@dataclass(frozen=True)
class Setting:
    """One retrieval configuration (and answerer) to evaluate."""

    mode: str = "hybrid"
    rerank: bool = True
    top_k: int = 5
    answerer: str = "extractive"
    llm: str | None = None  # this row's model (a GGUF file or packaged name); None: the --llm-* one

    def __post_init__(self) -> None:
        if self.mode not in ("hybrid", "dense", "bm25"):
            raise CiteqaError(f"mode must be 'hybrid', 'dense' or 'bm25', got {self.mode!r}")
        if self.top_k < 1:
            raise CiteqaError(f"top-k must be greater than 0, got {self.top_k}")
        if self.answerer not in ANSWERERS:
            raise CiteqaError(f"answerer must be one of {', '.join(ANSWERERS)}, got {self.answerer!r}")

    @property
    def model(self) -> str:
        return Path(self.llm).name.removesuffix(".gguf") if self.llm else ""

    @property
    def name(self) -> str:
        answerer = f" {self.answerer}" if self.answerer != "extractive" else ""
        model = f" ({self.model})" if self.model else ""
        return f"{self.mode}{'+rerank' if self.rerank else ''} k={self.top_k}{answerer}{model}"

    @property
    def slug(self) -> str:
        answerer = f"-{self.answerer}" if self.answerer != "extractive" else ""
        model = f"-{self.model}" if self.model else ""
        return f"{self.mode}{'-rerank' if self.rerank else ''}-k{self.top_k}{answerer}{model}"


def compare_settings(
    primary: Setting, ks: Sequence[int] = DEFAULT_COMPARE_K, *, llm: bool = False, models: Sequence[str] = ()
) -> list[Setting]:
    """Dense only, BM25 only, hybrid, hybrid+rerank at the primary k, then hybrid+rerank at ``ks``;
    with ``llm``, also hybrid+rerank at the primary k with the llm answerer, and one such row per
    model of ``models``."""
    k = primary.top_k
    wanted = [Setting("dense", False, k), Setting("bm25", False, k), Setting("hybrid", False, k)]
    wanted += [Setting("hybrid", True, k)] + [Setting("hybrid", True, other) for other in ks]
    wanted += [Setting("hybrid", True, k, "llm")] if llm else []
    wanted += [Setting("hybrid", True, k, "llm", m) for m in models]
    return list(dict.fromkeys([*wanted, primary]))


# -- questions -------------------------------------------------------------------------------------


def _strings(value, field: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise QuestionFileError(f"{where}: '{field}' must be a list of strings, got {json.dumps(value)[:80]}")
    return tuple(value)


def load_jsonl(path: str | os.PathLike) -> list[EvalQuestion]:
    """Questions from a JSONL file, one JSON object a line (blank lines are skipped).

    Fields: ``question`` (required), ``id``, ``answers``, ``evidence``, ``sources``. Raises
    QuestionFileError naming the line for a line that does not parse or has a bad field.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise QuestionFileError(f"{path}: no such file; check the path") from None
    except UnicodeDecodeError:
        raise QuestionFileError(f"{path}: not UTF-8 text; save it as UTF-8 JSONL") from None
    questions: list[EvalQuestion] = []
    ids: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path} line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuestionFileError(
                f"{where}: not valid JSON ({exc.msg} at column {exc.colno}); fix or remove the line"
            ) from None
        if not isinstance(row, dict):
            raise QuestionFileError(f"{where}: expected a JSON object with a 'question', got {type(row).__name__}")
        question = row.get("question")
        if not isinstance(question, str) or not question.strip():
            raise QuestionFileError(f"{where}: 'question' is missing or empty; every line needs one")
        qid = str(row.get("id", f"line-{number}"))
        if qid in ids:
            raise QuestionFileError(f"{where}: id {qid!r} was already used on line {ids[qid]}; ids must be unique")
        ids[qid] = number
        questions.append(
            EvalQuestion(
                id=qid,
                question=question,
                answers=_strings(row["answers"], "answers", where) if row.get("answers") is not None else None,
                evidence=_strings(row.get("evidence", []), "evidence", where),
                sources=_strings(row.get("sources", []), "sources", where),
            )
        )
    if not questions:
        raise QuestionFileError(f"{path}: holds no questions")
    return questions


def check_sources(questions: Sequence[EvalQuestion], article_text: Callable[[str], str | None]) -> list[str]:
    """Warnings for question sets that do not match the corpus: a missing source file, or
    evidence found in none of the question's sources (a typo makes a question unhittable)."""
    warnings = []
    for q in questions:
        texts = {s: article_text(s) for s in q.sources}
        missing = [s for s, t in texts.items() if t is None]
        if missing:
            warnings.append(f"{q.id}: source(s) not in the corpus: {', '.join(missing)}")
        found = [t for t in texts.values() if t is not None]
        if found and q.evidence and not any(contains_quote(t, e) for t in found for e in q.evidence):
            warnings.append(f"{q.id}: no evidence quote appears in its sources; check the quotes")
    return warnings


class ArticleTexts:
    """Article texts by source, read as the indexer reads them (for span exactness)."""

    def __init__(self, corpus: Path) -> None:
        self.corpus = corpus
        self._texts: dict[str, str | None] = {}

    def __call__(self, source: str) -> str | None:
        if source not in self._texts:
            from index.articles import read_article

            try:
                self._texts[source] = read_article(self.corpus / source, source).text
            except ArticleError:
                self._texts[source] = None
        return self._texts[source]


# -- running ---------------------------------------------------------------------------------------


@dataclass
class Run:
    setting: Setting
    scored: list[Scored]
    summary: Summary
    seconds: float


def _bar(total: int, desc: str, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="q", file=sys.stderr, disable=not enabled, leave=False, dynamic_ncols=True)


def evaluate(
    questions: Sequence[EvalQuestion],
    corpus: Path,
    settings: Sequence[Setting],
    *,
    store: Path,
    progress: bool = False,
    log: Callable[[str], None] = lambda _: None,
    llm: LLMSettings | None = None,
) -> tuple[list[Run], dict]:
    """Index ``corpus`` into ``store`` once, then answer every question under each setting.

    ``llm`` is the LLM for settings with the llm answerer. Returns the runs (in ``settings``
    order) and facts about the index (articles, chunks, seconds).
    """
    from qa.assistant import Assistant

    texts = ArticleTexts(corpus)

    def llm_for(s: Setting) -> LLMSettings | None:
        return replace(llm or LLMSettings(), url=None, gguf=s.llm) if s.llm else llm

    bots = {
        s: Assistant(store=store, top_k=s.top_k, mode=s.mode, rerank=s.rerank, answerer=s.answerer, llm=llm_for(s))
        for s in settings
    }
    first = bots[settings[0]]
    with _bar(0, "indexing", progress) as bar:

        def show(done: int, total: int, what: str) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        report = first.add([corpus], on_error="report", progress=show)
    for err in report.skipped:
        log(f"skipped: {err}")
    if first.store.count() == 0:
        raise CiteqaError(f"nothing was indexed from {corpus}; it needs .txt or .md articles")
    index = {
        "articles": len(report.added) + len(report.replaced) + len(report.unchanged),
        "duplicates": len(report.duplicates),  # same text as an indexed file: not added twice
        "chunks": first.store.count(),
        "seconds": round(report.seconds, 2),
    }
    for warning in check_sources(questions, texts):
        log(f"warning: {warning}")

    runs = []
    with _bar(len(questions) * len(settings), "answering", progress) as bar:
        for setting, bot in bots.items():
            bar.set_description(setting.name)
            bot.warm_up()
            # First-query costs (HNSW load, caches) stay out of the timings; an LLM is not asked.
            bot.ask("What happened?", answerer="extractive")
            started = time.perf_counter()
            scored = []
            for q in questions:
                scored.append(score_question(q, bot.ask(q.question), texts))
                bar.update()
            runs.append(Run(setting, scored, summarize(scored), time.perf_counter() - started))
    return runs, index


# -- output ----------------------------------------------------------------------------------------


def result_line(s: Scored) -> dict:
    """One results.jsonl line: the id, ``Answer.to_dict()`` and the retrieved passages (and, for
    the llm answerer, ``generation``: its draft and every sentence's verdict)."""
    line = {"id": s.question.id, **s.answer.to_dict(), "retrieved": [p.to_dict() for p in s.answer.passages]}
    return line | ({"generation": s.answer.generation_dict()} if s.answer.checked or s.answer.draft else {})


def write_results(path: Path, scored: Sequence[Scored]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for s in scored:
            f.write(json.dumps(result_line(s), ensure_ascii=False) + "\n")


def _fmt(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _p50_p95(latency: dict[str, float | None]) -> str:
    return f"{_fmt(latency['p50'], 1)}/{_fmt(latency['p95'], 1)}"


def generation(scored: Sequence[Scored]) -> dict:
    """How the llm answerer fared: generated sentences, how many verification dropped, and how
    many answers fell back to the extractive one. ``dropped_share`` is None when nothing was generated."""
    sentences = sum(len(s.answer.checked) for s in scored)
    dropped = sum(len(s.answer.dropped) for s in scored)
    why = Counter(_reason_kind(c.reason) for s in scored for c in s.answer.dropped)
    return {
        "sentences": sentences,
        "dropped": dropped,
        "dropped_share": dropped / sentences if sentences else None,
        "dropped_because": dict(why.most_common()),
        # Shown sentences without a supporting span: 0 by construction, counted to prove it.
        "shown_unsupported": sum(c.citation is None for s in scored for c in s.answer.checked if c.supported),
        "answered_by_llm": sum(s.answer.answered_by == "llm" for s in scored),
    }


def _reason_kind(reason: str) -> str:
    """A dropped sentence's reason without its particulars: "names not in the source: X" ->
    "names not in the source" (the first check it failed)."""
    return re.split(r"[:;(]", reason, maxsplit=1)[0].strip() or "unknown"


def generation_lines(runs: Sequence[Run]) -> list[str]:
    """One line per llm setting: sentences written, dropped, and why."""
    lines = []
    for r in runs:
        if r.setting.answerer != "llm":
            continue
        g = generation(r.scored)
        why = "; ".join(f"{n} {kind}" for kind, n in g["dropped_because"].items()) or "none"
        lines.append(
            f"{r.setting.name}: {g['sentences']} sentences generated, {g['dropped']} dropped ({why}); "
            f"{g['answered_by_llm']} of {len(r.scored)} answers written by the model; "
            f"{g['shown_unsupported']} shown sentences without a supporting span"
        )
    return lines


def tables(runs: Sequence[Run]) -> tuple[list[str], list[list[str]], list[str], list[list[str]]]:
    """(quality header, rows, latency header, rows): one row per setting. With an llm run, the
    quality table gains "dropped": the share of generated sentences verification dropped."""
    llm = any(r.setting.answerer == "llm" for r in runs)
    qhead = ["setting", *METRIC_NAMES.values(), *(["dropped"] if llm else [])]
    qrows = [
        [r.setting.name, *(_fmt(r.summary.metrics[m]) for m in METRIC_NAMES)]
        + ([_fmt(generation(r.scored)["dropped_share"]) if r.setting.answerer == "llm" else "n/a"] if llm else [])
        for r in runs
    ]
    stages = [*STAGES[:-1], *(("generate", "verify") if llm else ()), STAGES[-1]]
    lhead = ["setting", *(f"{stage} p50/p95" for stage in stages)]
    lrows = [[r.setting.name, *(_p50_p95(_latency(r, st)) for st in stages)] for r in runs]
    return qhead, qrows, lhead, lrows


def _latency(run: Run, stage: str) -> dict[str, float | None]:
    if stage in run.summary.latency_ms:
        return run.summary.latency_ms[stage]
    values = [s.answer.timings_ms[stage] for s in run.scored if stage in s.answer.timings_ms]
    return {"p50": percentile(values, 50), "p95": percentile(values, 95)}


def text_table(head: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(c)) for c in col) for col in zip(head, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([line(head), "  ".join("-" * w for w in widths), *map(line, rows)])


def markdown_table(head: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
    return "\n".join(out + ["| " + " | ".join(r) + " |" for r in rows])


def worst(scored: Sequence[Scored], n: int = WORST) -> list[Scored]:
    """The ``n`` questions that failed most checks, then by lowest F1 (stable in file order)."""
    return sorted(scored, key=lambda s: (s.score, s.f1 if s.f1 is not None else 1.0))[:n]


def _cell(text: str, limit: int = 90) -> str:
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plot(runs: Sequence[Run], primary: Run, out: Path) -> list[str]:
    """latency.png and metrics.png; returns the file names written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    times = [stage_times(s.answer) for s in primary.scored]
    stages = [st for st in STAGES if any(st in t for t in times)]
    left.boxplot([[t[st] for t in times if st in t] for st in stages])
    left.set_xticks(range(1, len(stages) + 1), stages)
    left.set_yscale("log")  # the answer stage's first-time sentence embeddings dwarf the rest
    left.set_ylabel("milliseconds")
    left.set_title(f"Latency per stage ({primary.setting.name})")
    for run in runs:
        right.hist([s.answer.latency_ms for s in run.scored], bins=20, histtype="step", label=run.setting.name)
    right.set_xlabel("milliseconds per question (total)")
    right.set_ylabel("questions")
    right.set_title("End-to-end latency")
    right.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out / "latency.png", dpi=110)
    plt.close(fig)

    names = list(METRIC_NAMES)
    fig, ax = plt.subplots(figsize=(max(8, 1.3 * len(names)), 4))
    width = 0.8 / len(runs)
    for i, run in enumerate(runs):
        values = [run.summary.metrics[m] or 0.0 for m in names]
        ax.bar([x + i * width for x in range(len(names))], values, width, label=run.setting.name)
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(names))], [METRIC_NAMES[m] for m in names])
    ax.set_ylim(0, 1.05)
    ax.set_title("Metrics per setting (n/a drawn as 0)")
    ax.legend(fontsize=7, ncols=4, loc="upper center", bbox_to_anchor=(0.5, -0.08))
    fig.savefig(out / "metrics.png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return ["latency.png", "metrics.png"]


def write_report(out: Path, runs: Sequence[Run], primary: Run, facts: dict) -> None:
    qhead, qrows, lhead, lrows = tables(runs)
    counts = primary.summary.counts
    lines = [
        "# citeqa evaluation",
        "",
        f"- Questions: `{facts['questions_file']}`: {counts['questions']} questions, "
        f"{counts['answerable']} answerable, {counts['unanswerable']} unanswerable, "
        f"{counts['with_evidence']} with evidence quotes",
        f"- Corpus: `{facts['corpus']}`: {facts['index']['articles']} articles "
        f"({facts['index']['duplicates']} duplicate files left out), {facts['index']['chunks']} chunks, "
        f"indexed in {facts['index']['seconds']:.1f} s",
        f"- Run: {facts['date']}, {facts['seconds']:.1f} s in all; results.jsonl holds `{primary.setting.name}`",
        "",
        "## Summary",
        "",
        markdown_table(qhead, qrows),
        "",
        "Latency in milliseconds (p50/p95 per question):",
        "",
        markdown_table(lhead, lrows),
        "",
        *[f"- {line}" for line in generation_lines(runs)],
        "",
        "![metrics per setting](metrics.png)",
        "",
        "![latency](latency.png)",
        "",
        f"## Worst questions ({primary.setting.name})",
        "",
        "| id | question | expected | answered | evidence rank | supporting citations |",
        "|---|---|---|---|---:|---:|",
    ]
    for s in worst(primary.scored):
        q = s.question
        expected = "(unknown)" if q.answers is None else ("(abstain)" if not q.answers else " / ".join(q.answers))
        answered = "(abstained)" if s.answer.abstained else s.answer.answer
        rank = "-" if s.hit is None else (str(s.rank) if s.rank else "miss")
        lines.append(
            f"| {q.id} | {_cell(q.question)} | {_cell(expected, 60)} | {_cell(answered)} | {rank} | "
            f"{s.supported_citations}/{len(s.answer.citations)} |"
        )
    lines += ["", 'Metric definitions: README, "Evaluating".']
    (out / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- the command -----------------------------------------------------------------------------------


def _ks(text: str) -> list[int]:
    try:
        ks = [int(k) for k in text.split(",") if k.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated whole numbers like 1,3,10, got {text!r}") from None
    if any(k < 1 for k in ks):
        raise argparse.ArgumentTypeError(f"every k must be greater than 0, got {text!r}")
    return ks


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="citeqa eval",
        description="Answer a question set over a corpus in a temporary store and score the answers.",
    )
    p.add_argument("questions", metavar="QUESTIONS", help="JSONL question file, or SQuAD v1.1/v2.0 JSON")
    p.add_argument("--corpus", metavar="DIR", help="folder of .txt/.md articles (JSONL questions; not with squad)")
    p.add_argument(
        "--out", metavar="DIR", default="eval-out", help="where to write results and report (default eval-out)"
    )
    p.add_argument(
        "--format",
        choices=("jsonl", "squad"),
        default=None,
        help="question file format (default: squad for .json, else jsonl)",
    )
    p.add_argument(
        "--mode", choices=("hybrid", "dense", "bm25"), default="hybrid", help="retrieval mode (default hybrid)"
    )
    p.add_argument("--no-rerank", dest="rerank", action="store_false", help="skip the reranker")
    p.add_argument("--top-k", type=int, default=AppSettings.top_k, help="passages to answer from (default 5)")
    p.add_argument("--compare", action="store_true", help="also run dense, bm25, hybrid, hybrid+rerank and other k")
    p.add_argument(
        "--compare-k",
        type=_ks,
        default=list(DEFAULT_COMPARE_K),
        metavar="K,K",
        help="extra top-k for --compare (default 1,3,10)",
    )
    add_llm_arguments(p, answerer_default="extractive")
    p.add_argument(
        "--compare-llm",
        type=lambda v: [m for m in v.split(",") if m.strip()],
        default=[],
        metavar="MODEL,MODEL",
        help="add an llm row per model (GGUF files or packaged names) on the same index, with or without --compare",
    )
    p.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N questions")
    p.add_argument("--json", action="store_true", help="print the summary as JSON instead of tables")
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation command; returns the exit status (0 ok, 1 bad input)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    args = build_parser().parse_args(argv)
    from qa.cli import run_reporting_errors

    return run_reporting_errors("citeqa eval", _run, args)


def _run(args) -> int:
    started = time.perf_counter()
    questions_file = Path(args.questions)
    fmt = args.format or ("squad" if questions_file.suffix.lower() == ".json" else "jsonl")
    llm = llm_settings_from(args)
    primary = Setting(args.mode, args.rerank, args.top_k, args.answerer)
    if args.compare:
        settings = compare_settings(primary, args.compare_k, llm=llm.configured, models=args.compare_llm)
    else:
        settings = list(dict.fromkeys([primary, *(Setting(*astuple(primary)[:3], "llm", m) for m in args.compare_llm)]))
    if args.limit is not None and args.limit < 1:
        raise CiteqaError(f"--limit must be greater than 0, got {args.limit}")

    def log(message: str) -> None:
        print(message, file=sys.stderr)

    with tempfile.TemporaryDirectory(prefix="citeqa-eval-", ignore_cleanup_errors=True) as tmp:
        if fmt == "squad":
            if args.corpus:
                raise CiteqaError(
                    "--corpus is not used with --format squad: the articles come from the file's contexts"
                )
            corpus = Path(tmp) / "corpus"
            questions = load_squad(questions_file, corpus)
        else:
            if not args.corpus:
                raise CiteqaError("--corpus DIR is required for JSONL questions: the folder of articles they are about")
            corpus = Path(args.corpus)
            if not corpus.is_dir():
                raise CiteqaError(f"--corpus {corpus}: not a folder; give the folder of .txt/.md articles")
            questions = load_jsonl(questions_file)
        questions = questions[: args.limit] if args.limit else questions
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)

        runs, index = evaluate(
            questions,
            corpus,
            settings,
            store=Path(tmp) / "store",
            progress=args.progress and sys.stderr.isatty(),
            log=log,
            llm=llm,
        )

    by_setting = {r.setting: r for r in runs}
    main_run = by_setting[primary]
    shown = sorted(runs, key=lambda r: settings.index(r.setting))
    write_results(out / "results.jsonl", main_run.scored)
    if len(runs) > 1:
        for run in runs:
            write_results(out / f"results-{run.setting.slug}.jsonl", run.scored)
    facts = {
        "questions_file": str(questions_file),
        "format": fmt,
        "corpus": str(args.corpus) if args.corpus else "(built from the SQuAD contexts)",
        "index": index,
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "seconds": time.perf_counter() - started,
        "primary": primary.name,
    }
    summary = {
        **facts,
        "settings": {
            r.setting.name: {**r.summary.to_dict(), "seconds": round(r.seconds, 2)}
            | ({"generation": generation(r.scored)} if r.setting.answerer == "llm" else {})
            for r in shown
        },
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    plot(shown, main_run, out)
    write_report(out, shown, main_run, facts)

    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    qhead, qrows, lhead, lrows = tables(shown)
    counts = main_run.summary.counts
    print(
        f"{counts['questions']} questions ({counts['answerable']} answerable, {counts['unanswerable']} unanswerable) "
        f"over {index['articles']} articles / {index['chunks']} chunks; indexed in {index['seconds']:.1f} s, "
        f"{facts['seconds']:.1f} s in all"
    )
    print()
    print(text_table(qhead, qrows))
    print()
    print("latency, ms")
    print(text_table(lhead, lrows))
    for line in generation_lines(shown):
        print(f"\n{line}")
    print(f"\nwrote {out / 'results.jsonl'}, {out / 'report.md'} (with plots), {out / 'summary.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
