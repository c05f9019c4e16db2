"""A question as typed, made the question the reader reads (qa/questions.py)."""

from __future__ import annotations

import pytest

from qa.questions import as_question, parts, with_subject


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Who is Peskov?", "Who is Peskov?"),
        ("who is peskov", "who is peskov?"),
        ("Who is Peskov.", "Who is Peskov?"),
        ("Can you tell me: who is Peskov?", "Who is Peskov?"),
        ("please tell me, what did Kosachev say", "What did Kosachev say?"),
        ("Hi! Could you please tell me which outlet reported it?", "Which outlet reported it?"),
        ("I'd like to know when Biden visited Russia", "When Biden visited Russia?"),
        ("Do you know what the population of Brazil is?", "What is the population of Brazil?"),
        ("Tell me who Dmitry Peskov is", "Who is Dmitry Peskov?"),
        ("tell me what Dmitry Peskov told reporters", "What did Dmitry Peskov tell reporters?"),
        ("Can you tell me: under which treaty did Blair opt in?", "Under which treaty did Blair opt in?"),
        ("Question: in Putin's view, what is ruined?", "In Putin's view, what is ruined?"),
        ("In Putin\u2019s view, what is \u201cruined\u201d?", 'In Putin\'s view, what is "ruined"?'),
        ("I was reading the news today. Who is Peskov?", "Who is Peskov?"),
        ("i was reading the news today. who is peskov?", "who is peskov?"),
        # ... but not when the question leans on the sentence before, or the stop is an abbreviation's
        ("The mantle has two layers below it. What are they?", "The mantle has two layers below it. What are they?"),
        ("Other than L.A. which county do people commute to?", "Other than L.A. which county do people commute to?"),
        # Question-writers' slips, read as written (SQuAD's own)
        ("Who's chains were made out of copper?", "Who's chains were made out of copper?"),
        ("Whos is Kerman named after?", "Whos is Kerman named after?"),
        ("Which issues may members vote on as they please?", "Which issues may members vote on as they please?"),
        ("Who's set to head Yugansk?", "Who is set to head Yugansk?"),
        ("Which agency did he speak to, please?", "Which agency did he speak to?"),
        # The one person named before a question that leans on them is its "he" or "she" ...
        ("I read about Peskov. What did he say?", "What did Peskov say?"),
        ("Who is Peskov? What did he say?", "Who is Peskov, and what did he say?"),  # both asked: two parts
        ("I read the news. Who is Peskov? What did he say?", "Who is Peskov, and what did he say?"),
        ("Hi. I saw Dmitry Peskov on TV on Monday. Who is he?", "Who is Dmitry Peskov?"),
        # ... else the sentence before is its context, kept
        ("Putin met Biden. What did he say?", "Putin met Biden. What did he say?"),
        ("I read about Peskov. What did he say about it?", "I read about Peskov. What did he say about it?"),
        # ... or after it
        ("Who is Peskov? I saw his name in the news today.", "Who is Peskov?"),
        ("What did Gen. Smith tell us?", "What did Gen. Smith tell us?"),
        ("Thanks. Can you tell me what Kosachev said?", "What did Kosachev say?"),
        ("Hi. Under which treaty did Blair opt in?", "Under which treaty did Blair opt in?"),
        ("Who is Peskov, please?", "Who is Peskov?"),
        ("who is peskov please", "who is peskov?"),
        ("Who is Peskov? Thanks!", "Who is Peskov?"),
        ("What did the Pleasance theatre say?", "What did the Pleasance theatre say?"),
        ("Who's Peskov?", "Who is Peskov?"),
        ("whats the name of his spokesman", "what is the name of his spokesman?"),
        ("What'd Kosachev say?", "What did Kosachev say?"),
        ("Whose spokesman is Peskov?", "Whose spokesman is Peskov?"),
        # An abbreviation's full stop does not end the question.
        ("What did Gen. Smith say about what happened?", "What did Gen. Smith say about what happened?"),
        ("What did U.S. officials say?", "What did U.S. officials say?"),
        ("WHO IS PESKOV?", "who is peskov?"),
        # a question typed in lowercase after a sentence about the user starts a sentence too
        ("I was reading the news today. who's Michael Ancram", "who is Michael Ancram?"),
        ("Other than L.A. which county has the most people?", "Other than L.A. which county has the most people?"),
        # The articles named as the source, before or after the question
        ("According to the article, who is Kosachev?", "Who is Kosachev?"),
        ("Who is Peskov, according to the articles?", "Who is Peskov?"),
        ("Can you tell me, according to the report, who Peskov is?", "Who is Peskov?"),
        ("According to Peskov, what will accompany it?", "According to Peskov, what will accompany it?"),
        # A message that only names someone, or asks what the articles say of them
        ("Tell me about Lukyanov.", "Who is Lukyanov?"),
        ("What does the article say about Fyodor Lukyanov?", "Who is Fyodor Lukyanov?"),
        ("Lukyanov?", "Who is Lukyanov?"),
        ("Why?", "Why?"),
        ("Thanks", "Thanks?"),
        # ... but not a follow-up, which asks the last question again of someone else
        ("What about Lukyanov?", "What about Lukyanov?"),
        ("Tell me more about Lukyanov", "Tell me more about Lukyanov?"),
        ("Tell me about the election.", "Tell me about the election?"),
        # Not a question after the lead-in: left as typed, only the mark added.
        ("Tell me about Peskov", "Who is Peskov?"),
        ("Tell me a joke", "Tell me a joke?"),
        # Without a lead-in, statement order is the user's own wording.
        ("What Peskov said?", "What Peskov said?"),
    ],
)
def test_a_question_is_read_without_its_lead_in_and_with_its_mark(typed, read):
    assert as_question(typed) == read


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        ("Can you tell me who Kosachev is", "Who is Kosachev?"),
        ("please tell me, what did Kosachev say", "What did Kosachev say?"),
        (
            "Hi, could you tell me: according to Peskov, what will accompany Putin's congratulatory message?",
            "According to Peskov, what will accompany Putin's congratulatory message?",
        ),
        (
            "I was reading about the election. In what year did Biden travel to Russia as vice president?",
            "In what year did Biden travel to Russia as vice president?",
        ),
        ("What did Kosachev say? Thank you in advance.", "What did Kosachev say?"),
        ("Who's Kosachev?", "Who is Kosachev?"),
        ("According to the article, who is Kosachev?", "Who is Kosachev?"),
        ("Tell me about Lukyanov.", "Who is Lukyanov?"),
        ("WHAT DID KOSACHEV SAY?", "What did Kosachev say?"),
        ("What did Kosachev say? I saw his name in the news today.", "What did Kosachev say?"),
        ("I read about Kosachev. What did he say?", "What did Kosachev say?"),
        # Without its question mark: the reader learnt from questions that end in "?"
        (
            "On what kind of broadcaster did Putin make his comments about working with whoever has Americans' "
            "confidence",
            "On what kind of broadcaster did Putin make his comments about working with whoever has Americans' "
            "confidence?",
        ),
        (
            "Why does Moscow tend to be suspicious of Democratic administrations in Washington",
            "Why does Moscow tend to be suspicious of Democratic administrations in Washington?",
        ),
        (  # a phone's curly apostrophe
            "On what kind of broadcaster did Putin make his comments about working with whoever has Americans\u2019 "
            "confidence?",
            "On what kind of broadcaster did Putin make his comments about working with whoever has Americans' "
            "confidence?",
        ),
    ],
)
def test_a_question_typed_as_people_type_is_answered_as_the_plain_question(seed_bot, typed, asked):
    plain, polite = seed_bot.ask(asked), seed_bot.ask(typed)
    assert not plain.abstained
    assert (polite.answer, polite.abstained, polite.citations) == (plain.answer, plain.abstained, plain.citations)
    assert polite.question == typed  # reported as typed


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        (
            "Which journal does Fyodor Lukyanov edit, and which news agency did he speak to?",
            ["Which journal does Fyodor Lukyanov edit?", "which news agency did he speak to?"],
        ),
        (
            "Who is Peter and where has he worked as a journalist",
            ["Who is Peter?", "where has he worked as a journalist?"],
        ),
        ("Who won the election, and when?", ["Who won the election, and when?"]),  # "when?" is no question alone
        ("What is the difference between Putin and Biden?", ["What is the difference between Putin and Biden?"]),
        ("Did Putin and what did Biden say?", ["Did Putin and what did Biden say?"]),  # not a wh-question first
    ],
)
def test_a_two_part_question_is_asked_as_its_two_questions(question, asked):
    assert parts(question) == asked


@pytest.mark.parametrize(
    ("second", "first", "answer", "read"),
    [
        (
            "what did he tell reporters?",
            "Who is Dmitry Peskov?",
            "Putin's spokesman",
            "what did Dmitry Peskov tell reporters?",
        ),
        (
            "how quickly did she concede?",
            "Who was Trump's opponent in 2016?",
            "Hillary Clinton",
            "how quickly did Hillary Clinton concede?",
        ),
        (
            "which news agency did he speak to?",
            "Which journal does Fyodor Lukyanov edit?",
            "Russia In Global Affairs",
            "which news agency did Fyodor Lukyanov speak to?",
        ),
        ("where did it happen?", "Which poisoning led to expulsions?", None, "where did it happen?"),
        ("how quickly did she concede?", "Who was Trump's opponent in 2016?", None, None),  # unanswered: she is unknown
    ],
)
def test_the_second_part_names_whom_its_pronoun_means(second, first, answer, read):
    assert with_subject(second, first, answer) == read
