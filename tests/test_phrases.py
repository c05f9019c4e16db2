"""The answer's phrase (qa/phrases.py, qa/answering.py): the words a reader's span leaves out of
what it answers with are put back, and a span that runs over a sentence end is cut to one."""

from __future__ import annotations

import pytest
from conftest import bot_over

from qa.phrases import complete, with_asked_noun

TEXT = (
    "Air travel rose by almost 20% last year. India's defence minister opened the show. "
    "Sales grew between 1999 and 2001, from £5m to £7m. Hackers used .png files. "
    "On Monday Brown's plan was set out. Officials talked about 2004 results. "
    "Day-Lewis has competed four times. The firm's chief executive resigned. "
    "Up to 85 years in jail awaits him. India\n\nIndia's farmers protest. A 102-inch (2.6 metre) screen. "
    "He edits the Russia In Global Affairs journal. The Legend of Zelda sold well. "
    "On Monday Tony Blair spoke. The Office's Ricky Gervais wrote it. It sold for 775m euros ($1bn). "
    "Biden may return to a much more assertive policy. It is the most expensive film. "
    "Labour made low inflation, unemployment and mortgage rates its theme. In Paris, Smith and Jones met. "
    "Mexico, Brazil, and Russia have not. Mr Kelly, Jones and Brown left. It was called Bankash-A Trojan. "
    "Boss Jean-Pierre Garnier and a Liverpool-based firm won a 10,000-vote majority in the 1994-95 season. "
    '"RipGuard is designed to stop ripping," it said. He called the film "Ray" a triumph. '
    'Profits rose to £933m ($1.78bn). He called it his "masochism strategy". Ranges were "a little bit too similar". '
    "It airs on Sky News, Sky Travel and the Biography Channel. Rome, Oslo and then Paris. "
    "Between 1.1 and 1.5 million people died. He served between 2001 and 2006. Costs rose from £4m to £9m. "
    "They sold apples, pears and oranges. Dates of 2001, 2003 and 2005 sales were given."
)


@pytest.mark.parametrize(
    ("span", "phrase"),
    [
        ("20%", "almost 20%"),  # a qualifier changes what a quantity says
        ("defence minister", "India's defence minister"),  # a named possessor
        ("1999 and 2001", "between 1999 and 2001"),  # a range keeps its opening
        ("£5m to £7m", "from £5m to £7m"),
        ("png", ".png"),  # a symbol glued to the word
        ("85 years", "Up to 85 years"),
        ("102-inch (2.6 metre", "102-inch (2.6 metre)"),  # the bracket the span opened
        ("Global Affairs journal", "Russia In Global Affairs journal"),  # a title-case name's head
        ("$1bn)", "775m euros ($1bn)"),  # a bracket the span only closes; the sum it converts
        ("$1.78bn", "£933m ($1.78bn)"),
        ("1.5 million", "Between 1.1 and 1.5 million"),  # an estimate's high end, with its low end
        ("masochism", "masochism strategy"),  # a phrase cut inside a short quoted phrase
        ("too similar", "a little bit too similar"),
        ("assertive", "much more assertive"),  # the degree of a comparison
        ("expensive film", "most expensive film"),
        ("unemployment and mortgage rates", "low inflation, unemployment and mortgage rates"),  # a list whole
        ("Brazil, and Russia", "Mexico, Brazil, and Russia"),
        ("Sky News, Sky Travel", "Sky News, Sky Travel and the Biography Channel"),  # a list cut before its "and"
        ("apples, pears", "apples, pears and oranges"),
        ("Bankash", "Bankash-A"),  # a name cut at its hyphen
        ("Pierre Garnier", "Jean-Pierre Garnier"),
        ('"RipGuard', "RipGuard"),  # the quotation's opening mark without its pair
        ('ripping,"', "ripping,"),
        # and what is left as it is:
        ("plan", "Brown's plan"),  # "On Monday" opens the sentence, it names nobody
        ("2004", "2004"),  # "about 2004" is a topic, not an estimate
        ("four", "four"),  # the unit is the question's (below), not a missing word
        ("chief executive", "chief executive"),  # "The firm's": no name owns it
        ("farmers", "India's farmers"),  # the headline above is not part of the name
        ("Air travel", "Air travel"),
        ("Tony Blair", "Tony Blair"),  # "On Monday" opens the sentence
        ("Legend of Zelda", "Legend of Zelda"),  # a sentence's "The" may be its own
        ("Ricky Gervais", "Ricky Gervais"),  # a possessor is not part of the name
        ("Smith and Jones", "Smith and Jones"),  # "In Paris" is where, not a third person
        ("Jones and Brown", "Jones and Brown"),  # "Mr Kelly": where the item begins is not known
        ("Liverpool", "Liverpool"),  # "-based" makes the name a modifier, it adds nothing to it
        ("10,000", "10,000"),
        ("1994", "1994"),  # a range of years is not a name
        ('"Ray"', '"Ray"'),  # a quoted title keeps both marks
        ("Ray", "Ray"),  # a name in quotes is whole
        ("designed", "designed"),  # a quoted sentence is no phrase
        ("Rome, Oslo", "Rome, Oslo"),  # "and then": no last item follows
        ("2001, 2003", "2001, 2003"),
        ("2006", "2006"),  # a year: the end of a period may be asked
        (
            "£9m",
            "£9m",
        ),  # "from ... to": a change, whose end may be asked  # "2005 sales were given" is longer than any item
    ],
)
def test_a_span_is_completed_to_the_phrase_it_answers_with(span, phrase):
    at = TEXT.rindex(span) if span == "farmers" else TEXT.index(span)
    start, end = complete(TEXT, at, at + len(span))
    assert TEXT[start:end] == phrase


@pytest.mark.parametrize(
    ("question", "text", "span", "phrase"),
    [
        ("What kind of network was ABC at first?", "ABC began as a radio network in 1943.", "radio", "radio network"),
        (
            "On what type of TV broadcaster did he speak?",
            "He spoke on the state TV broadcaster Rossiya.",
            "state",
            "state TV broadcaster",
        ),
        # and what is left as it is:
        ("What kind of TV broadcaster was it?", "It was a state TV station.", "state", "state"),  # not up to the head
        ("What kind of network was ABC?", "ABC was a radio pioneer.", "radio", "radio"),
        ("How many times has Day-Lewis competed?", "Day-Lewis has competed four times.", "four", "four"),  # a count
        ("Who won four times?", "Smith won four times.", "four", "four"),
    ],
)
def test_the_asked_noun_completes_a_modifier(question, text, span, phrase):
    at = text.index(span)
    start, end = with_asked_noun(question, text, at, at + len(span))
    assert text[start:end] == phrase


def test_answers_keep_their_qualifiers_and_stay_in_one_sentence(tmp_path):
    bot = bot_over(
        tmp_path,
        "air.txt",
        "Air travel in India soars\n\nAir travel in India had increased by almost 20% from the previous year, "
        "the BBC's Monica Chadha said. India's aviation minister opened a new terminal in Delhi on Monday. "
        "The airport handled between 30 and 35 flights an hour in 2004.\n",
    )
    text = (tmp_path / "air.txt").read_text(encoding="utf-8")
    expected = {
        "By how much had air travel in India increased?": "almost 20%",
        # The reader's own span starts in the sentence before: "Monica Chadha said. India's ..."
        "Who opened the new terminal in Delhi?": "India's aviation minister",
        "How many flights an hour did the airport handle in 2004?": "between 30 and 35",
    }
    for question, phrase in expected.items():
        answer = bot.ask(question)
        assert answer.answer == phrase, (question, answer.answer)
        assert text[answer.span.start : answer.span.end] == phrase
        citation = answer.citations[0]
        assert text[citation.start : citation.end] == citation.text and phrase in citation.text
