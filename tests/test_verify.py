"""The verifier of generated answers, on hand-written sentences against the real seed passages.

No LLM here: each test writes what a small model writes (true, copied, paraphrased, or made up)
and checks what citeqa would show. tests/test_llm.py runs a real model end to end.
"""

from __future__ import annotations

import pytest

from index import read_article
from qa.generative import verify, with_marker
from qa.verify import Verifier, in_order, names, numbers, split_claims


@pytest.fixture(scope="module")
def check(seed_bot, seed_copy):
    """check(question, draft) -> Generated: the draft verified over the question's real passages."""
    verifier = Verifier(seed_bot._sentence_vectors())

    def run(question: str, draft: str, cut_off: bool | None = None):
        answer = seed_bot.ask(question)
        generated = verify(
            draft, answer.passages, verifier, question, seed_bot.reader, seed_bot.reader.threshold, cut_off
        )
        for c in generated.kept:  # every citation is an exact span of its article
            assert (
                read_article(seed_copy / c.citation.source).text[c.citation.start : c.citation.end] == c.citation.text
            )
        return generated

    return run


def verdicts(generated) -> dict[str, bool]:
    return {c.text: c.supported for c in generated.checked}


def test_the_peskov_hallucination_is_dropped_and_the_truth_kept(check):
    generated = check(
        "Who is Putin's spokesman?",
        "Dmitry Peskov is Putin's spokesman [1]. Dmitry Peskov heads the Foreign Ministry and the intelligence "
        "service [1]. He is the head of Russia's Foreign Ministry.",
    )
    assert verdicts(generated) == {
        "Dmitry Peskov is Putin's spokesman.": True,
        "Dmitry Peskov heads the Foreign Ministry and the intelligence service.": False,
        "He is the head of Russia's Foreign Ministry.": False,
    }
    kept = generated.kept[0]
    assert "Putin's spokesman Dmitry Peskov" in kept.citation.text
    text, citations = generated.answer()
    assert text == "Dmitry Peskov is Putin's spokesman [1]." and citations == [kept.citation]
    assert "Foreign" in generated.dropped[0].reason  # the reason names what the source lacks


def test_brazil_population_from_memory_is_dropped(check):
    generated = check(
        "What is Brazil's population?",
        "Brazil has a population of about 210 million people [2]. Brazil's population is 260 million, according "
        "to the latest census [1]. Most of America's allies and even some of its notable rivals have congratulated "
        "President-elect Joe Biden for his 2020 victory over President Trump, but there are a couple of big "
        "holdouts: Mexico, Brazil, and Russia [1].",
    )
    assert not generated.kept
    reasons = [c.reason for c in generated.dropped]
    assert "numbers not in the source" in reasons[0] or "words not in the source" in reasons[0]
    # The last one is true, but does not answer the question: "The articles don't say" wins.
    assert "does not answer the question" in reasons[2]


def test_changed_numbers_negations_and_made_up_words_are_dropped(check):
    generated = check(
        "How long ago was Biden announced president-elect?",
        "Biden was announced president-elect two weeks ago [1]. "
        "Biden was announced president-elect three weeks ago [1]. "
        "Biden was not announced president-elect two weeks ago [1]. "
        "Biden was announced president-elect two weeks ago by the Supreme Court [1].",
    )
    assert [c.supported for c in generated.checked] == [True, False, False, False]
    assert "numbers not in the source: 3" in generated.checked[1].reason
    assert "negate" in generated.checked[2].reason
    assert "Supreme" in generated.checked[3].reason


def test_a_paraphrase_is_kept_and_a_two_sentence_claim_cites_both(check):
    generated = check(
        "What did Putin say about relations between the US and Russia?",
        "Putin said relations between the US and Russia have been ruined.",
    )
    (kept,) = generated.kept
    assert "ruined" in kept.citation.text and "Putin" in kept.citation.text  # the name is in the cited span
    assert kept.cites == ()  # uncited: checked against every retrieved passage


def test_a_claim_miscited_by_the_model_cites_the_span_that_supports_it(check):
    generated = check("Who is Putin's spokesman?", "Dmitry Peskov is Putin's spokesman [4].")
    (kept,) = generated.kept
    assert "Peskov" in kept.citation.text  # the citation is the supporting span, whatever [n] said


def test_an_unfinished_last_sentence_is_dropped(check):
    generated = check("Who is Putin's spokesman?", "Dmitry Peskov is Putin's spokesman [1]. Peskov told reporters that")
    assert [c.supported for c in generated.checked] == [True, False]
    assert "cut off" in generated.checked[1].reason


def test_a_short_answer_is_checked_word_for_word_and_read_in_its_span(check):
    question = "Which outlet reported Putin's comments about a legitimate, legal way?"
    generated = check(question, "Bloomberg [1]", cut_off=False)
    (kept,) = generated.kept
    assert "according to Bloomberg" in kept.citation.text  # the sentence holding it, exactly
    assert kept.scores["relevance"] > 0
    generated = check(question, "Reuters [1]", cut_off=False)  # named nowhere in the articles
    assert not generated.kept and "word for word" in generated.dropped[0].reason
    generated = check(
        question, "Russian state TV [1]", cut_off=False
    )  # in the articles, not the answer the reader finds there
    assert not generated.kept


def test_a_headline_copy_and_a_repeated_answer_are_dropped(check):
    generated = check(
        "Why is Putin not ready to recognize Joe Biden as the winner?",
        "Putin explains why he's not ready to recognize Joe Biden as the winner of US presidential election [1]. "
        "Putin is not ready to recognize Biden as the winner because Donald Trump has not acknowledged the "
        "Democrat's victory [1]. Putin is not ready to recognize Biden as the winner because Donald Trump has "
        "not acknowledged the Democrat's victory [2].",
    )
    assert [c.supported for c in generated.checked] == [False, True, False]
    assert "headline" in generated.checked[0].reason
    assert "Trump has not acknowledged" in generated.kept[0].text  # the reason is what is kept
    assert "repeats" in generated.checked[2].reason


def test_a_reply_that_ended_on_its_own_keeps_its_last_sentence():
    assert not split_claims("Bloomberg", cut_off=None)[0].finished  # unknown: taken as cut off
    assert split_claims("Bloomberg", cut_off=False)[0].finished
    assert not split_claims("Peskov told reporters that", cut_off=True)[0].finished


def test_the_model_abstaining_is_not_a_claim(check):
    generated = check("What is Brazil's population?", "The articles don't say.")
    assert generated.checked == [] and generated.abstained_in_draft


# -- the pieces (no model) -------------------------------------------------------------------------


def test_split_claims_reads_markers_wherever_the_model_puts_them():
    claims = split_claims('**Peskov** is a spokesman. [1][2]\n- He said "no." [3]\nPassages are [1, 2]. Cut')
    assert [(c.text, c.cites, c.finished) for c in claims] == [
        ("Peskov is a spokesman.", (1, 2), True),
        ('He said "no."', (3,), True),
        ("Passages are.", (1, 2), True),
        ("Cut", (), False),
    ]
    assert split_claims("The passages do not mention his age.")[0].abstains


def test_numbers_names_and_order():
    assert numbers("It cost 1,200 euros, up two per cent") == {"1200", "2"}
    assert numbers("Brazil is one of the holdouts") == set()
    assert names("The Kremlin's spokesman met Joe Biden in March.") == {"Kremlin", "Joe", "Biden", "March"}
    assert in_order(["a", "b", "c"], ["a", "x", "b", "c"]) == 1.0
    assert in_order(["c", "b", "a"], ["a", "b", "c"]) == pytest.approx(1 / 3)
    assert with_marker("He said 'no'.", 2) == "He said 'no' [2]." and with_marker("Yes", 1) == "Yes [1]"
