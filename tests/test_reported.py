"""The reported statement that answers "What did X say?" (qa/reported.py), on news sentences."""

from __future__ import annotations

import pytest

from qa.answering import terms
from qa.reported import Asked, answers, asked_speaker, statement


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("What did Peskov tell reporters?", ("Peskov", None, "reporters")),
        ("What did Mr Gordon Brown say about the budget?", ("Gordon Brown", "the budget", None)),
        ("What did Smith say?", ("Smith", None, None)),
        ("What did the minister say?", None),  # no name
        ("What did Peskov do next?", None),
    ],
)
def test_only_what_a_named_person_said_is_taken(question, asked):
    assert asked_speaker(question) == asked


def _said(name: str, sentence: str, span: str) -> str | None:
    start = sentence.index(span)
    bounds = statement(name, sentence, start, start + len(span))
    return sentence[slice(*bounds)] if bounds else None


@pytest.mark.parametrize(
    ("name", "sentence", "span", "said"),
    [
        (
            "Peskov",
            "Putin's spokesman Dmitry Peskov told reporters that this election is different.",
            "different",
            "this election is different",
        ),
        (
            "Smith",
            "Mr Smith said on Monday that the club was not for sale.",
            "not for sale",
            "the club was not for sale",
        ),
        ("Smith", "Smith, the club's owner, said he would stay.", "stay", "he would stay"),
        ("Smith", '"We will not sell," said Smith.', "not sell", "We will not sell"),
        ("Smith", '"We will not sell," Mr Smith said.', "not sell", "We will not sell"),
        ("Smith", 'Smith said: "We will not sell."', "not sell", "We will not sell."),
        (
            "Smith",
            "Asked about it, Smith replied no, 'there's nothing to sell, it's all gone.'",
            "all gone",
            "there's nothing to sell, it's all gone.",
        ),
    ],
)
def test_a_statement_attributed_to_the_name_is_the_answer(name, sentence, span, said):
    assert _said(name, sentence, span) == said


@pytest.mark.parametrize(
    ("name", "sentence", "span"),
    [
        ("Smith", "Jones told reporters that Smith was not for sale.", "not for sale"),  # another speaker
        ("Smith", "Smith told reporters that the club was not for sale.", "Smith"),  # the span is the speaker
        ("Smith", '"We will not sell," said Jones, a friend of Smith.', "not sell"),  # said by Jones
    ],
)
def test_anything_else_is_not(name, sentence, span):
    assert _said(name, sentence, span) is None


def test_he_is_the_name_named_just_before():
    sentence = "He also said that he believes relations have been 'ruined'."
    start = sentence.index("ruined")
    said = statement("Putin", sentence, start, start + 6, before="Putin said the decision was a formality. ")
    assert said and sentence[slice(*said)] == "he believes relations have been 'ruined'"
    assert statement("Putin", sentence, start, start + 6, before="Peskov said the decision was a formality. ") is None


def test_a_statement_answers_what_was_asked_of_it():
    said = "the budget would balance"
    sentence = "Mr Brown told MPs that the budget would balance."
    assert answers(Asked("Brown", None, None), said, sentence, terms)
    assert answers(Asked("Brown", "the budget", "MPs"), said, sentence, terms)
    assert not answers(Asked("Brown", "Brazil", None), said, sentence, terms)  # another topic
    assert not answers(Asked("Brown", None, "the BBC"), said, sentence, terms)  # told someone else
    assert not answers(Asked("Brown", None, "Russian state TV"), said, "Brown told Russian MPs", terms)
