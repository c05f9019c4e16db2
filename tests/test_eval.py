"""The evaluation command end to end: real model, real temporary store, small question sets."""

import contextlib
import io
import json
from pathlib import Path

import pytest
from conftest import BBC_QUESTION_SETS

from qa.eval import load_jsonl, main
from qa.squad import QuestionFileError, load_squad

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SEEDS = ROOT / "seeds"
RESULT_KEYS = {"id", "question", "answer", "abstained", "citations", "latency_ms", "retrieved"}


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


# -- reading question files (no model) -------------------------------------------------------------


def test_a_bad_jsonl_line_is_named(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"question": "Who?"}\n\n{"question": "What?", oops}\n', encoding="utf-8")
    with pytest.raises(QuestionFileError, match=r"q\.jsonl line 3: not valid JSON"):
        load_jsonl(path)
    status, _, err = run([str(path), "--corpus", str(SEEDS), "--out", str(tmp_path / "out")])
    assert status == 1
    assert "line 3" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "line, message",
    [
        ('{"id": "x"}', "line 2: 'question' is missing"),
        ('{"question": "Who?", "answers": "Bloomberg"}', "line 2: 'answers' must be a list of strings"),
        ('{"question": "Who?", "id": "a"}', "line 2: id 'a' was already used on line 1"),
        ('["Who?"]', "line 2: expected a JSON object"),
    ],
)
def test_bad_fields_are_named_with_their_line(tmp_path, line, message):
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "a", "question": "Why?"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(QuestionFileError, match=message):
        load_jsonl(path)


def test_dev_questions_load():
    questions = load_jsonl(DATA / "dev_questions.jsonl")
    assert len(questions) == 48
    assert sum(q.answerable is False for q in questions) == 14


@pytest.mark.parametrize("name", BBC_QUESTION_SETS)
def test_bbc_question_sets_quote_their_articles(name):
    from conftest import BBC

    from index import read_article

    questions = load_jsonl(DATA / f"{name}.jsonl")
    assert len({q.id for q in questions}) == len(questions)
    for q in questions:  # evidence is quoted verbatim; every listed source gives an answer
        articles = [read_article(BBC / source).text for source in q.sources]
        assert all(any(e in a for a in articles) for e in q.evidence), q.id
        assert all(any(answer in a for answer in q.answers) for a in articles), q.id
        assert all(any(answer in e for e in q.evidence) for answer in q.answers), q.id
        assert bool(q.answers) == bool(q.evidence) == bool(q.sources), q.id


def test_squad_becomes_one_article_per_title(tmp_path):
    questions = load_squad(DATA / "squad_sample.json", tmp_path)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["Harbour_Bridge_Repairs.txt", "Library_Late_Opening.txt", "Orchard_Robot.txt"]
    text = (tmp_path / "Harbour_Bridge_Repairs.txt").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "Harbour Bridge Repairs"
    assert len(questions) == 13
    impossible = [q for q in questions if not q.answers]
    assert [q.id for q in impossible] == ["sq-004", "sq-010", "sq-013"]
    q = next(q for q in questions if q.id == "sq-001")
    assert q.answers == ("eleven weeks",)
    assert q.evidence == ("The bridge, built in 1931, will shut for eleven weeks from March.",)
    for q in questions:  # every evidence sentence is verbatim in its article
        article = (tmp_path / q.sources[0]).read_text(encoding="utf-8")
        assert all(e in article for e in q.evidence)


def test_a_file_that_is_not_squad_is_refused(tmp_path):
    path = tmp_path / "q.json"
    path.write_text('{"questions": []}', encoding="utf-8")
    with pytest.raises(QuestionFileError, match="not SQuAD JSON"):
        load_squad(path, tmp_path / "corpus")


# -- the whole command (real model and store) ------------------------------------------------------


def read_results(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    """8 dev questions (6 answerable, 2 not) over the seeds, every setting compared."""
    tmp = tmp_path_factory.mktemp("eval")
    rows = [json.loads(line) for line in (DATA / "dev_questions.jsonl").read_text(encoding="utf-8").splitlines()]
    subset = [r for r in rows if r["answers"]][:6] + [r for r in rows if not r["answers"]][:2]
    questions = tmp / "questions.jsonl"
    questions.write_text("".join(json.dumps(r) + "\n" for r in subset), encoding="utf-8")
    out = tmp / "out"
    status, stdout, stderr = run(
        [str(questions), "--corpus", str(SEEDS), "--out", str(out), "--compare", "--compare-k", "3", "--no-progress"]
    )
    assert status == 0, stderr
    return out, stdout


@pytest.mark.slow
def test_eval_writes_results_report_and_plots(seed_run):
    out, _ = seed_run
    for name in ("results.jsonl", "report.md", "summary.json", "latency.png", "metrics.png"):
        assert (out / name).stat().st_size > 0, name
    results = read_results(out / "results.jsonl")
    assert [r["id"] for r in results][:2] == ["seed-001", "seed-002"] and len(results) == 8
    for r in results:
        assert set(r) == RESULT_KEYS
        assert len(r["retrieved"]) == 5
        assert all(set(p) == {"source", "start", "end", "score"} for p in r["retrieved"])
        scores = [p["score"] for p in r["retrieved"]]
        assert scores == sorted(scores, reverse=True)  # rank order
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "## Worst questions" in report and "![latency](latency.png)" in report


@pytest.mark.slow
def test_every_citation_span_is_exact(seed_run):
    out, _ = seed_run
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    for name, setting in summary["settings"].items():
        assert setting["metrics"]["span_exactness"] == 1.0, name
        assert setting["counts"] == {**setting["counts"], "questions": 8, "answerable": 6, "unanswerable": 2}
    for r in read_results(out / "results.jsonl"):
        for c in r["citations"]:
            assert (SEEDS / c["source"]).read_text(encoding="utf-8")[c["start"] : c["end"]] == c["text"]


@pytest.mark.slow
def test_compare_prints_a_row_per_setting(seed_run):
    out, stdout = seed_run
    settings = ["dense k=5", "bm25 k=5", "hybrid k=5", "hybrid+rerank k=5", "hybrid+rerank k=3"]
    rows = [line.split("  ")[0] for line in stdout.splitlines()]
    for name in settings:
        assert rows.count(name) == 2, name  # one row in the metrics table, one in latency
        slug = name.replace("+", "-").replace(" k=", "-k")
        assert len(read_results(out / f"results-{slug}.jsonl")) == 8


@pytest.mark.slow
def test_squad_sample_end_to_end(tmp_path):
    status, stdout, stderr = run([str(DATA / "squad_sample.json"), "--out", str(tmp_path), "--no-progress"])
    assert status == 0, stderr
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    metrics = summary["settings"]["hybrid+rerank k=5"]["metrics"]
    assert metrics["span_exactness"] == 1.0
    assert metrics["hit_at_k"] == 1.0  # three short articles: the evidence is always retrieved
    assert metrics["abstention_recall"] is not None  # three unanswerable questions were scored
    assert len(read_results(tmp_path / "results.jsonl")) == 13
    assert "hybrid+rerank k=5" in stdout
