"""Every evaluation metric on hand-made results whose scores are worked out in the comments."""

import pytest

from qa.metrics import (
    EvalQuestion,
    contains_answer,
    contains_quote,
    exact_match,
    first_hit,
    normalize_answer,
    percentile,
    score_question,
    span_exact,
    summarize,
    supports,
    token_f1,
)
from qa.results import ABSTAIN_TEXT, Answer, Citation, Passage

ARTICLE = "Putin spoke on Russian state TV. 'The results must be legal,' Putin said, according to Bloomberg."
TEXTS = {"a.txt": ARTICLE}
EVIDENCE = "'The results must be legal,' Putin said, according to Bloomberg."


def passage(text: str, source: str = "a.txt") -> Passage:
    return Passage(id=text[:8], source=source, title="T", chunk=0, start=0, end=len(text), text=text, score=0.5)


def citation(text: str, start: int | None = None, source: str = "a.txt") -> Citation:
    start = ARTICLE.find(text) if start is None else start
    return Citation(source=source, title="T", start=start, end=start + len(text), text=text, score=0.9)


def answer(text: str | None, citations=(), passages=(), total=10.0, retrieve=1.0) -> Answer:
    return Answer(
        question="q",
        answer=ABSTAIN_TEXT if text is None else text,
        abstained=text is None,
        citations=list(citations),
        latency_ms=total,
        passages=list(passages),
        timings_ms={"embed": 1.0, "retrieve": retrieve, "rerank": 0.5, "answer": 2.0},
    )


# -- text matching ---------------------------------------------------------------------------------


def test_normalize_answer_follows_squad():
    assert normalize_answer("The  Quick, brown fox!") == "quick brown fox"
    assert normalize_answer("an apple a day") == "apple day"
    assert normalize_answer("“Smart” quotes—dashes") == "smart quotesdashes"


def test_contains_answer_matches_token_runs_not_substrings():
    assert contains_answer("China grew 9.5% in 2004", "9.5%")  # both normalise to ... "95" ...
    assert not contains_answer("It happened in 1995", "9.5")  # "95" is not the token "1995"
    assert contains_answer("Russian state TV said", "the state TV")
    assert not contains_answer("anything", "")


def test_contains_quote_ignores_case_spacing_and_curly_quotes():
    assert contains_quote("He said:  ‘We WILL work’ today", "'we will work'")
    assert not contains_quote("He said: we will work", "'we will work'")  # punctuation counts
    assert not contains_quote("text", "  ")


def test_exact_match():
    assert exact_match("The Bloomberg.", ["Reuters", "Bloomberg"]) == 1.0
    assert exact_match("Bloomberg News", ["Bloomberg"]) == 0.0
    assert exact_match("", ["Bloomberg"]) == 0.0


def test_token_f1_is_the_best_over_gold_answers():
    # pred {russian, state, tv, channel}; gold "state TV": 2 common, P=2/4, R=2/2, F1=2/3
    assert token_f1("Russian state TV channel", ["state TV"]) == pytest.approx(2 / 3)
    # gold "Russian state TV": 3 common, P=3/4, R=1, F1=2*.75/1.75=6/7, better than 2/3
    assert token_f1("Russian state TV channel", ["state TV", "Russian state TV"]) == pytest.approx(6 / 7)
    assert token_f1("", ["state TV"]) == 0.0
    assert token_f1("radio", ["state TV"]) == 0.0


# -- retrieval, citations, spans -------------------------------------------------------------------


def test_first_hit_is_the_rank_of_the_first_passage_holding_evidence():
    passages = [passage("Putin spoke on Russian state TV."), passage(ARTICLE), passage(EVIDENCE)]
    assert first_hit(passages, [EVIDENCE]) == 2
    assert first_hit(passages[:1], [EVIDENCE]) is None
    # a passage holding only part of the quote does not count
    assert first_hit([passage("according to Bloomberg.")], [EVIDENCE]) is None


def test_supports_evidence_either_way_or_gold_answer():
    q = EvalQuestion("q1", "Who reported it?", answers=("Bloomberg",), evidence=(ARTICLE,))
    assert supports(citation("Putin spoke on Russian state TV."), q)  # lies inside the evidence
    q = EvalQuestion("q1", "Who reported it?", answers=("Reuters",), evidence=("Putin said",))
    assert supports(citation(EVIDENCE), q)  # contains the evidence
    q = EvalQuestion("q1", "Who reported it?", answers=("Bloomberg",), evidence=())
    assert supports(citation(EVIDENCE), q)  # contains the gold answer
    assert not supports(citation("Putin spoke on Russian state TV."), q)
    assert not supports(citation(EVIDENCE), EvalQuestion("q2", "?", answers=()))


def test_span_exact():
    assert span_exact(citation("Russian state TV"), ARTICLE)
    assert not span_exact(citation("Russian state TV", start=1), ARTICLE)
    assert not span_exact(citation("Russian state TV"), None)  # the article could not be read


def test_percentile_interpolates_linearly():
    assert percentile([40, 10, 30, 20], 50) == 25  # halfway between 20 and 30
    assert percentile([10, 20, 30, 40], 95) == pytest.approx(38.5)  # position 3*.95=2.85: 30+.85*10
    assert percentile([7], 95) == 7
    assert percentile([], 50) is None


# -- a whole run -----------------------------------------------------------------------------------


def run():
    good = citation(EVIDENCE)
    bad_offsets = citation("Russian state TV", start=3)
    unsupported = citation("Putin spoke on Russian state TV.")
    near, hit = passage("Putin spoke on Russian state TV."), passage(ARTICLE)
    cases = [
        # answerable, evidence at rank 2, answered "Bloomberg reported it": EM 0, F1 .5 (P 1/3, R 1),
        # contains the gold; citations: one supporting and exact, one unsupported with bad offsets.
        (
            EvalQuestion("q1", "Who?", ("Bloomberg",), (EVIDENCE,)),
            answer("Bloomberg reported it", [good, bad_offsets], [near, hit], total=10),
        ),
        # answerable, evidence never retrieved, abstained: EM 0, F1 0, no citation
        (EvalQuestion("q2", "Where?", ("on a yacht",), ("He spoke on a yacht.",)), answer(None, [], [near], total=20)),
        # unanswerable and abstained: right
        (EvalQuestion("q3", "Why?", ()), answer(None, total=30)),
        # unanswerable but answered, with an exact unsupported citation
        (EvalQuestion("q4", "When?", ()), answer("Putin spoke on Russian state TV.", [unsupported], total=40)),
        # answers unknown: only span exactness and latency count
        (EvalQuestion("q5", "What?", None), answer("Putin spoke on Russian state TV.", [unsupported], total=50)),
        # unanswerable and abstained: right
        (EvalQuestion("q6", "How?", ()), answer(None, total=60)),
        # unanswerable but answered, without citations
        (EvalQuestion("q7", "Whom?", ()), answer("Someone.", total=70)),
    ]
    return [score_question(q, a, TEXTS.get) for q, a in cases]


def test_summarize_computes_every_metric():
    summary = summarize(run())
    m = summary.metrics
    assert m["hit_at_k"] == 0.5  # q1 hit, q2 miss (only questions with evidence)
    assert m["mrr"] == 0.25  # (1/2 + 0) / 2
    assert m["exact_match"] == 0.0  # over answerable q1, q2
    assert m["f1"] == pytest.approx(0.25)  # (0.5 + 0) / 2
    assert m["contains_gold"] == 0.5  # q1 yes, q2 no
    assert m["citation_precision"] == 0.5  # answerable questions' citations: 1 of q1's 2 supports
    assert m["citation_recall"] == 0.5  # q1 has a supporting citation, q2 none
    assert m["span_exactness"] == 0.75  # all 4 citations (q1 x2, q4, q5); q1's second is off
    assert m["abstention_precision"] == pytest.approx(2 / 3)  # abstained on q2, q3, q6; q3, q6 unanswerable
    assert m["abstention_recall"] == 0.5  # unanswerable q3, q4, q6, q7; abstained on q3, q6
    assert summary.counts == {
        "questions": 7,
        "answerable": 2,
        "unanswerable": 4,
        "with_evidence": 2,
        "abstained": 3,
        "citations": 4,
    }
    # totals 10..70 ms: p50 = 40; p95 at position 6*.95=5.7: 60 + .7*10 = 67
    assert summary.latency_ms["total"]["p50"] == 40
    assert summary.latency_ms["total"]["p95"] == pytest.approx(67)
    assert summary.latency_ms["retrieve"] == {"p50": 1.0, "p95": 1.0}


def test_undefined_metrics_are_none():
    # one answerable question, answered without citations, no evidence, never abstaining
    scored = [score_question(EvalQuestion("q", "?", ("x",)), answer("y"), TEXTS.get)]
    m = summarize(scored).metrics
    assert m["hit_at_k"] is None and m["mrr"] is None  # no evidence quotes
    assert m["citation_precision"] is None  # no citations to judge
    assert m["citation_recall"] == 0.0  # but the answerable question lacked one
    assert m["span_exactness"] is None
    assert m["abstention_precision"] is None  # never abstained
    assert m["abstention_recall"] is None  # nothing unanswerable
    assert summarize([]).metrics["f1"] is None


def test_per_question_score_orders_the_worst_first():
    scores = {s.question.id: s.score for s in run()}
    assert scores["q1"] == 1.0  # hit, contains the gold, a supporting citation
    assert scores["q2"] == 0.0  # miss, no gold, abstained wrongly, no citation
    assert scores["q3"] == 1.0 and scores["q4"] == 0.0
    assert scores["q5"] == 1.0  # nothing to check
