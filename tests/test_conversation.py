"""The follow-up rewriter on made-up dialogues: it resolves what leans on the conversation, and only that."""

from __future__ import annotations

import pytest

from qa.conversation import Turn, content_words, names, needs_context, rewrite, with_referent

STRIKE = Turn(
    question="Why did the dock workers in Rotterdam go on strike?",
    answer="Union leader Marta Kovac said the port authority had cut night-shift pay by a third.",
)
MINISTER = Turn(
    question="Who is the new Finance Minister?",
    answer="The prime minister appointed Jonas Lindqvist, a former central banker, on Monday.",
)


@pytest.mark.parametrize(
    "question",
    [
        "What did she say about pay?",  # pronoun
        "How long will it last?",  # "it" with no name before it
        "Why?",  # too short to search with
        "And the truck drivers?",  # ellipsis
        "What about Antwerp?",  # ellipsis with a new name
        "Tell me more",
        "Is that true?",
    ],
)
def test_follow_ups_need_context(question):
    assert needs_context(question)


@pytest.mark.parametrize(
    "question",
    [
        "Who is Marta Kovac?",
        "When did the Antwerp port strike end?",
        "Did Kovac say that the pay cut was illegal?",  # "that" comes after a name: resolved in place
        "What did Kovac say about her union's demands?",  # "her" refers to Kovac, named before it
        "How many containers does the port of Hamburg handle each year?",
    ],
)
def test_self_contained_questions_are_left_alone(question):
    assert not needs_context(question)
    assert rewrite(question, [STRIKE]) == question


def test_pronoun_gets_the_names_of_the_previous_question():
    two_names = Turn("Why did Rotterdam and Antwerp dock workers strike?", "Marta Kovac said pay was cut.")
    assert rewrite("What did they demand?", [two_names]) == "What did they demand? Rotterdam Antwerp"
    # one name in the question is thin: the answer's names come along
    assert rewrite("What did they demand?", [STRIKE]) == "What did they demand? Rotterdam Marta Kovac"
    searched = rewrite("What did she say about night shifts?", [STRIKE])
    assert searched.startswith("What did she say about night shifts? ")
    assert "Rotterdam" in searched


def test_previous_question_without_names_borrows_them_from_the_answer():
    searched = rewrite("What did he do before?", [MINISTER])
    assert "Jonas Lindqvist" in searched and "Finance Minister" in searched


def test_ellipsis_keeps_the_topic_words():
    searched = rewrite("What about Antwerp?", [STRIKE])
    assert searched.startswith("What about Antwerp? ")
    assert {"Rotterdam", "dock", "workers", "strike"} <= set(searched.split())


def test_bare_why_borrows_the_whole_topic():
    assert rewrite("Why?", [MINISTER]).split()[1:] == ["Finance", "Minister", "Jonas", "Lindqvist", "new"]


def test_chained_follow_ups_carry_the_topic_through_the_rewrite():
    first = Turn("Who leads the Rotterdam dock union?", "Marta Kovac leads it.")
    second_q = "What did she say about pay?"
    second = Turn(second_q, "Kovac said pay was cut.", searched=rewrite(second_q, [first]))
    assert "Rotterdam" in second.searched
    assert "Rotterdam" in rewrite("And why?", [first, second])


def test_no_history_no_rewrite_and_terms_are_capped():
    assert rewrite("What did he say?", []) == "What did he say?"
    long_turn = Turn("Did Alpha Bravo meet Charlie Delta, Echo Foxtrot and Golf Hotel in India?", "")
    assert len(rewrite("Why?", [long_turn], max_terms=4).split()) == 1 + 4


def test_words_already_in_the_question_are_not_repeated():
    searched = rewrite("What did Rotterdam's mayor say about it?", [STRIKE])
    assert searched.count("Rotterdam") == 1


def test_abstained_turn_still_gives_its_question_as_context():
    turn = Turn("What did the Vienna summit decide on tariffs?", answer="")
    assert rewrite("Who attended it?", [turn]) == "Who attended it? Vienna"


def test_names_and_content_words():
    text = "Mostly, analysts agree. Angela Merkel met NATO's chief in Brussels. Merkel left early."
    assert names(text) == ["Angela Merkel", "NATO", "Brussels", "Merkel"]
    assert names("Why did Merkel resign?", initial_ok=True) == ["Merkel"]
    assert content_words("What did the minister say about the budget's deficit?") == ["minister", "budget", "deficit"]


def test_the_answerer_reads_whom_he_or_she_stands_for():
    texts = ["Fyodor Lukyanov, editor of the Russia In Global Affairs journal, said so. Putin agreed."]
    question = "What did he say about the post-Soviet space?"
    searched = rewrite(question, [Turn("Who is Lukyanov?", "editor of the Russia In Global Affairs journal")])
    assert searched.startswith(question) and "Lukyanov" in searched
    # The first name appended, as far as the passages write it (not "Lukyanov Russia Global Affairs").
    assert with_referent(question, searched, texts) == "What did Lukyanov say about the post-Soviet space?"
    assert with_referent(
        "According to her, what happened?", "According to her, what happened? Merkel", ["Merkel said."]
    ) == ("According to Merkel, what happened?")
    # Left alone: no rewrite, no pronoun to replace, a name the passages never write.
    assert with_referent(question, question, texts) == question
    assert with_referent("What did her spokesman say?", "What did her spokesman say? Merkel", ["Merkel"]) == (
        "What did her spokesman say?"
    )
    assert with_referent(question, f"{question} Obama", texts) == question
