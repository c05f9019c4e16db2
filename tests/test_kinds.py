"""The kind of person or thing an answer is (qa/kinds.py): a sentence that calls its span a
singer does not answer "the bassist", one that calls it a regional director does not answer
"Which judge ...?"; nouns that can name the same one, or a kind the question names itself,
refuse nothing."""

from __future__ import annotations

import pytest
from conftest import bot_over

from qa.kinds import of_another_kind

SNOW = (
    'Snow Patrol had "no other course of action" but to ask their co-founder and bassist to leave the band, '
    "lead singer Gary Lightbody has said."
)
DODD = "Richard Dodd, regional director of the Countryside Alliance, said he expected 4,000 supporters."
GERVAIS = "The Office's Ricky Gervais is writing an episode of hit US cartoon The Simpsons."
TAIT = "Newcastle centre Mathew Tait answered his critics as he scored one try."
NOVEL = "It was based on Edna Ferber's novel Show Boat (1929)."


@pytest.mark.parametrize(
    ("question", "sentence", "span", "refused"),
    [
        ("What is the name of the bassist Snow Patrol asked to leave?", SNOW, "Gary Lightbody", True),
        ("Who is the lead singer of Snow Patrol?", SNOW, "Gary Lightbody", False),
        ("Which judge is hearing the appeal?", DODD, "Richard Dodd", True),
        ("Who is the director of the Countryside Alliance?", DODD, "Richard Dodd", False),  # "Who is the ..."
        ("What is the title of Ricky Gervais' cartoon book?", GERVAIS, "The Simpsons", True),  # the head is "book"
        ("Which cartoon is Gervais writing for?", GERVAIS, "The Simpsons", False),
        ("What is the name of the protester who threw slurry?", "Euro MP Robert Kilroy-Silk was hit.", "Euro MP", True),
        (
            "Who did Jonny Wilkinson succeed as England captain?",
            "his Newcastle boss Rob Andrew said",
            "Rob Andrew",
            True,
        ),
        (
            "Who did Walter Smith replace as Scotland manager?",
            "former Scotland boss Berti Vogts left",
            "Berti Vogts",
            False,
        ),
        # a kind the question names itself, or nothing said of the span
        ("What movie was based on an Edna Ferber novel?", NOVEL, "Show Boat", False),
        ("Which judge is a jazz singer?", "and jazz singer Harry Connick, Jr. joined", "Harry Connick, Jr.", False),
        (
            "Which original judge was a music executive?",
            "music executive and manager Simon Cowell.",
            "Simon Cowell",
            False,
        ),
        (
            "What film's theme song uses a mandolin?",
            "the theme song to the film Days of Thunder, features",
            "Days of Thunder",
            False,
        ),
        ("Which judge is hearing the appeal?", "Lord Justice Brooke is hearing it.", "Lord Justice Brooke", False),
        ("Which company bought it?", DODD, "Richard Dodd", False),  # "company" is of no group
        # a deed only some kinds do, and the side it is asked for
        ("Who scored the winning goal for Newcastle?", "Newcastle boss Graeme Souness said", "Graeme Souness", True),
        ("Who captained Tottenham against Forest?", "Tottenham manager Martin Jol said", "Martin Jol", True),
        ("Who refereed the 27-27 draw?", TAIT, "Mathew Tait", True),
        ("Who scored Newcastle's try against Gloucester?", TAIT, "Mathew Tait", False),
        ("Who scored Gloucester's late try at Newcastle?", TAIT, "Mathew Tait", True),  # the other side's centre
        ("Who scored the late try for Gloucester?", TAIT, "Mathew Tait", False),  # Newcastle is not named
        ("Who scored the winner for Bolton?", "Bolton striker Kevin Davies hit it", "Kevin Davies", False),
        ("Which Gloucester player was sent off at Newcastle?", TAIT, "Mathew Tait", True),
        ("Which Newcastle player scored against Gloucester?", TAIT, "Mathew Tait", False),
        (
            "Which French player kicked as France beat England?",
            "France full-back Pepito Elhorga",
            "Pepito Elhorga",
            False,
        ),
        ("Which French player kicked as France beat England?", "England full-back Josh Lewsey", "Josh Lewsey", True),
    ],
)
def test_a_span_its_sentence_calls_another_kind_does_not_answer(question, sentence, span, refused):
    start = sentence.index(span)
    assert of_another_kind(question, sentence, start, start + len(span)) is refused


def test_a_band_member_of_another_role_is_not_given_for_the_one_asked(tmp_path):
    bot = bot_over(
        tmp_path,
        "band.txt",
        "Band drops its bassist\n\nThe band has asked its co-founder and bassist to leave, lead singer Gary "
        "Lightbody has said. Lightbody said the decision was made after a long tour of Europe.\n",
    )
    assert bot.ask("What is the name of the bassist the band asked to leave?").abstained
    answer = bot.ask("Who is the band's lead singer?")
    assert not answer.abstained and "Gary Lightbody" in answer.answer
