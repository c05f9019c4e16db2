"""The reported statement that answers "What did X say?" (qa/reported.py), on news sentences."""

from __future__ import annotations

import pytest
from conftest import bot_over

from qa.answering import terms
from qa.reported import (
    Asked,
    according_to,
    answers,
    asked_speaker,
    asks_source,
    continued_quote,
    credited,
    credited_names,
    object_of,
    said_by_another,
    statement,
    statements,
    subject_is_another,
)


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("What did Peskov tell reporters?", Asked("Peskov", None, "reporters")),
        ("What did Mr Gordon Brown say about the budget?", Asked("Gordon Brown", "the budget", None)),
        ("What did Smith say?", Asked("Smith", None, None)),
        ("What did the minister say?", None),  # no name
        ("What did He say?", None),  # a pronoun, however written
        ("What did Peskov do next?", None),
        ("What did Alan Beith warn?", Asked("Alan Beith", None, None, "warn")),
        ("What has Trump alleged?", Asked("Trump", None, None, "allege")),
        ("What does Lord Browne believe about oil prices?", Asked("Browne", "oil prices", None, "believe")),
        ("What did Peskov tell the BBC about the election?", Asked("Peskov", "the election", "the BBC")),
        ("What did Putin say on Russian state TV?", Asked("Putin", None, None, None, "Russian state TV")),
        ("What did Smith announce?", None),  # announcements are things too: "announced 500 job cuts"
        ("What has Trump claimed about the election, and what did he tell his team to do?", None),  # two questions
        # a description ending in the name names the name
        ("What did Putin's spokesman Dmitry Peskov tell reporters?", Asked("Dmitry Peskov", None, "reporters")),
        ("What did Putin's spokesman say?", None),
        # "How did <name> describe <topic>?" asks what the name said about it
        (
            "How did Glaxo's boss Jean-Pierre Garnier describe the past year?",
            Asked("Jean-Pierre Garnier", "the past year", None, described=True),
        ),
        ("How did the market describe the year?", None),
        # told whom, then when
        ("What did Herve Gaymard tell parliament after the truce?", Asked("Herve Gaymard", None, "parliament")),
        ("What did Peskov tell reporters on Monday?", Asked("Peskov", None, "reporters", None, "Monday")),
        # a full name, then where the person is from
        (
            "What did Mike Hobday of the League Against Cruel Sports say about the ban?",
            Asked("Mike Hobday", "the ban", None),
        ),
        # a reply, whatever it was asked: "he responded no, ..." answers "What did Putin answer?"
        ("What did Putin answer?", Asked("Putin", None, None, "respond")),
        (
            "When asked whether non-recognition could harm ties with the US, what did Putin answer?",
            Asked("Putin", None, None, "respond"),
        ),
        ("What did Putin reply when asked about the sanctions?", Asked("Putin", None, None, "reply")),
        # ... what was said, on what was asked
        (
            "When asked about the sanctions, what did Putin say?",
            Asked("Putin", "the sanctions", None),
        ),
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
        ("Alan Beith", "Mr Beith warned that the e-mails could harm probes.", "harm", "the e-mails could harm probes"),
        ("Gordon Brown", '"It is fair," said Mr Brown.', "fair", "It is fair"),
        ("Simon Falic", '"We are buying his name," Simon Falic told Reuters.', "buying", "We are buying his name"),
        (
            "Browne",
            "Lord Browne believes oil prices will remain quite high.",
            "high",
            "oil prices will remain quite high",
        ),
        (
            "Raj Reddy",
            "Prof Reddy thinks this kind of communication is the real pay-off.",
            "pay-off",
            "this kind of communication is the real pay-off",
        ),
        # The speaker's role between the quote and the name.
        (
            "Gil Cates",
            '"We have the bleep machine ready," producer Gil Cates told reporters.',
            "bleep",
            "We have the bleep machine ready",
        ),
        (
            "Antonio Palocci",
            '"We have all three pillars in line," Finance Minister Antonio Palocci told the Associated Press.',
            "pillars",
            "We have all three pillars in line",
        ),
        (
            "Praful Patel",
            '"The days of flying being a symbol of the rich are over," the minister for civil aviation Praful Patel said earlier.',
            "rich",
            "The days of flying being a symbol of the rich are over",
        ),
        (
            "Bruce Davis",
            '"It does concern us a bit," said Academy executive director Bruce Davis.',
            "concern",
            "It does concern us a bit",
        ),
        (  # the participle: "with X telling parliament: ..."
            "Herve Gaymard",
            'Paris was subdued, with finance minister Herve Gaymard telling parliament: "We must save money."',
            "save money",
            "We must save money.",
        ),
        (  # a quote that closes in a later sentence, as BBC paragraphs of quotes do
            "Mike Hobday",
            'Mike Hobday, of the League Against Cruel Sports, said: "There is no confusion, it is common sense.',
            "common sense",
            "There is no confusion, it is common sense",
        ),
        (  # the last sentence of a quote opened in the sentence before
            "Kosachev",
            "This means more Russophobia in Europe, more deaths in (eastern Ukraine),' said Konstantin Kosachev, chairman.",
            "Russophobia",
            "This means more Russophobia in Europe, more deaths in (eastern Ukraine)",
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
        ("Gordon Brown", "Nick Brown said that the budget was fair.", "fair"),  # another Brown
        ("Martin Mubanga", "A letter sent to Martin Mubanga said his passport was void.", "void"),  # the letter said it
        ("Gordon Brown", '"It is fair," said Nick Brown.', "fair"),
        ("Smith", '"It is fair," a friend of Smith said.', "fair"),  # the friend said it
        ("Praful Patel", "The minister Praful Patel said earlier.", "earlier"),  # when, not what
        ("Smith", "Smith said on Monday.", "Monday"),
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


def test_he_is_the_subject_before_not_the_name_named_last():
    sentence = "He also said that he believes relations have been 'ruined'."
    start = sentence.index("ruined")
    before = "Putin said that the decision to not congratulate Biden is 'a formality'. "
    assert statement("Putin", sentence, start, start + 6, before=before)
    assert statement("Biden", sentence, start, start + 6, before=before) is None
    # Within one sentence: the subject that opens it, not a name mentioned since.
    sentence = (
        "Putin said his decision to not recognize Biden's win was a formality, and asked why, he said 'it is legal'."
    )
    start = sentence.index("it is")
    assert statement("Putin", sentence, start, start + 5)
    assert statement("Biden", sentence, start, start + 5) is None


def test_every_statement_of_a_name_in_a_sentence():
    sentence = '"The onus is on the board," said Richard Moffat, who added that "a buyback" was better.'
    said = [sentence[a:b] for a, b in statements("Richard Moffat", sentence)]
    assert said == ["The onus is on the board"]
    assert list(statements("Clara Furse", sentence)) == []


def test_a_statement_answers_what_was_asked_of_it():
    said = "the budget would balance"
    sentence = "Mr Brown told MPs that the budget would balance."
    assert answers(Asked("Brown", None, None), said, sentence, terms)
    assert answers(Asked("Brown", "the budget", "MPs"), said, sentence, terms)
    assert not answers(Asked("Brown", "Brazil", None), said, sentence, terms)  # another topic
    assert not answers(Asked("Brown", None, "the BBC"), said, sentence, terms)  # told someone else
    assert not answers(Asked("Brown", None, "Russian state TV"), said, "Brown told Russian MPs", terms)
    # A statement found without the reader's span in it must meet the topic beyond its names.
    asked = Asked("Bill Lockyer", "Wal-Mart's wages and benefits", None)
    on_guns = "Wal-Mart's failure to comply with gun safety laws put lives at risk"
    assert answers(asked, on_guns, on_guns, terms)
    assert not answers(asked, on_guns, on_guns, terms, strict=True)
    assert answers(asked, "Wal-Mart's wages are too low", "", terms, strict=True)
    # an owner that is no name says whose, and "his" is no topic
    asked = Asked("Eddie O'Sullivan", "his side's try in the win over England", None)
    assert not answers(asked, "his side should not underestimate the visitors", "", terms)
    assert answers(asked, "it was a gem of a try", "", terms)
    assert answers(
        Asked("Rocco", "the Academy Awards", None),
        "I never equated the Academy Awards with money",
        "",
        terms,
        strict=True,
    )


def test_a_statement_meets_its_topic_through_he_or_this():
    # "he" for the person asked about, named in the sentences before
    asked = Asked("Tony Blair", "Jack Cunningham", None)
    said = 'he was a "huge figure" in Labour'
    before = "Mr Cunningham went on to become Tony Blair's cabinet enforcer. He has represented Copeland since 1970. "
    assert answers(asked, said, "", terms, context=before)
    assert not answers(asked, said, "", terms, context="He has represented Copeland since 1970. ")
    assert not answers(asked, "the party was in good shape", "", terms, context=before)
    # "this <noun>" for the topic the sentence before spoke of
    asked = Asked("Peter Zombic", "the German law that lets people copy CDs for family", None)
    said = 'this legal framework was a "huge problem"'
    before = "German law does allow people to make copies of CDs for their family and close friends. "
    assert answers(asked, said, "", terms, strict=True, context=before)
    assert not answers(asked, said, "", terms, strict=True, context="Sales fell by a fifth last year. ")
    assert not answers(asked, "sales were a huge problem this year", "", terms, strict=True, context=before)


def test_asked_what_someone_warned_only_a_warning_answers():
    sentence = "Trevor Phillips said asylum applications were down 40%."
    start = sentence.index("down 40%")
    assert statement("Trevor Phillips", sentence, start, start + 8) is not None
    assert statement("Trevor Phillips", sentence, start, start + 8, verb="argue") is None
    sentence = "Speaking to reporters, Trevor Phillips argued that applications were down 40%."
    start = sentence.index("down 40%")
    said = statement("Trevor Phillips", sentence, start, start + 8, verb="argue")
    assert said and sentence[slice(*said)] == "applications were down 40%"


def test_what_another_named_person_said_is_theirs():
    sentence = "Richard Ayers, a director, said there was little point because it would be impossible."
    start = sentence.index("it would")
    assert said_by_another("Richard Allan", sentence, start, start + 22)
    assert not said_by_another("Richard Ayers", sentence, start, start + 22)
    sentence = "The president has alleged voter fraud."  # a title, not another name
    assert not said_by_another("Trump", sentence, sentence.index("voter"), sentence.index("."))


@pytest.mark.parametrize(
    ("question", "credited"),
    [
        ("According to Peskov, what will accompany the message?", "Peskov"),
        ("How could weapons deals get easier, according to Konstantin Kosachev?", "Konstantin Kosachev"),
        ("According to Lord Woolf, which law did it help bring about?", "Woolf"),
        ("What share of buyers are women, according to the research?", None),  # no name
        ("What did he promise, according to his spokesman?", None),
        ("Who wrote the report according to which prices fell?", None),
        ("In Putin's view, what condition are relations between Washington and Moscow in?", "Putin"),
        ("What went wrong, in Mr Smith's opinion?", "Smith"),
        ("In what year did prices fall?", None),
        ("In the company's view, what went wrong?", None),  # no name
    ],
)
def test_the_name_a_question_credits(question, credited):
    assert according_to(question) == credited


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Which outlet reported Putin's comments about a legitimate, legal way?", True),
        ("Which news organization is credited with reporting the comments?", True),
        ("Which newspaper quoted John Houston saying UKIP had over-reacted?", True),
        ("Which news agency did Fyodor Lukyanov speak to?", True),
        ("Which TV channel will broadcast the sitcom?", False),  # what is broadcast, not who reported
        ("Who reported the comments?", False),
    ],
)
def test_a_question_asking_which_outlet_reported_something(question, expected):
    assert asks_source(question) is expected


@pytest.mark.parametrize(
    ("sentence", "span", "expected"),
    [
        ("'It is over,' Putin said, according to Bloomberg.", "Bloomberg", True),
        ("He told the Herald newspaper that UKIP had over-reacted.", "Herald newspaper", True),
        ("The Guardian reported that talks had failed.", "Guardian", True),
        ("Fyodor Lukyanov told the state news agency Tass.", "Tass", True),
        ("Mr Houston was quoted in the Herald newspaper saying so.", "Herald newspaper", True),
        ("He told reporters that Tass was closed.", "Tass", False),  # what he told, not whom
        ("Bloomberg is a news agency based in New York.", "New York", False),
        ("Bloomberg bought the paper.", "Bloomberg", False),
    ],
)
def test_the_source_a_sentence_credits(sentence, span, expected):
    start = sentence.index(span)
    assert credited(sentence, start, start + len(span)) is expected


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("'That is all,' Putin said, according to Bloomberg.", ["Bloomberg"]),
        ("He told the BBC that it was over.", ["BBC"]),
        ("Sales fell, the Financial Times reported.", ["Financial Times"]),
        ("The U.S. figures were confirmed, according to the Associated Press.", ["Associated Press"]),
        ("Sales fell, according to analysts.", []),
    ],
)
def test_the_names_a_sentence_credits_as_its_source(sentence, names):
    assert [sentence[slice(*bounds)] for bounds in credited_names(sentence)] == names


def test_which_outlet_reported_it_when_the_reader_reads_no_source():
    from qa.answering import Found, extract
    from qa.reader.inference import Calibration, Span
    from qa.results import Passage

    question = "Which news organization is credited with reporting Putin's comments about confidence?"
    calibration = Calibration((0.0,) * 5, 0.0, 0.3)
    for source, answer in (("Bloomberg", "Bloomberg"), ("Mr Peskov", None), ("Peskov", None)):
        text = (
            "Dmitry Peskov spoke on Monday. 'But that confidence can only be given to a winner,' Putin said, "
            f"according to {source}. Biden won."
        )
        passage = Passage("p1", "p.txt", "Putin waits", 0, 0, len(text), text, 1.0, 0.5)
        at = text.index("Biden")  # the reader read the wrong sentence, doubted
        found = Found(passage, Span(0, at, at + 5, "Biden", 1.0, 1.0, 1.0, -1.0), 0.05, at, at + 5, at, len(text))
        got, abstained, citations, _ = extract(question, [found], calibration)
        assert (None if abstained else got) == answer, source  # a person is no outlet
        if answer:
            assert citations[0].text.startswith("'But that confidence")


@pytest.mark.parametrize(
    ("sentence", "span", "expected"),
    [
        ("The president has alleged voter fraud and ordered recounts.", "voter fraud", True),
        ("Officials alleged that fraud took place.", "fraud took place", True),
        ("He alleges voter fraud.", "voter fraud", True),
        ("Russian officials blamed alleged Russophobia.", "Russophobia", False),  # an adjective
        ("Police are investigating the alleged fraud.", "fraud", False),
    ],
)
def test_what_the_asked_verb_reports_directly_after_it(sentence, span, expected):
    assert object_of("allege", sentence, sentence.index(span)) is expected


def test_another_name_as_the_verbs_subject():
    sentence = "Joe Biden has alleged voter fraud."
    assert subject_is_another("Trump", sentence, sentence.index("voter"))
    assert not subject_is_another("Joe Biden", sentence, sentence.index("voter"))
    sentence = "The president has alleged voter fraud."
    assert not subject_is_another("Trump", sentence, sentence.index("voter"))
    sentence = "On Monday, Mr Trump alleged voter fraud."
    assert not subject_is_another("Trump", sentence, sentence.index("voter"))


def test_the_credited_outlet_and_what_the_verb_reports_are_answers(tmp_path):
    bot = bot_over(
        tmp_path,
        "vote.txt",
        "Putin holds off on congratulations\n\nPutin said the winner must be recognised by the opposing party "
        "or confirmed in a legitimate, legal way, according to Bloomberg. "
        "The president has alleged voter fraud and has ordered his team to contest the votes in key states.\n",
    )
    for question, expected in [
        ("Which outlet reported Putin's comments about a legitimate, legal way?", "Bloomberg"),
        ("What has Trump alleged?", "voter fraud"),
    ]:
        answer = bot.ask(question)
        assert not answer.abstained, question
        assert expected in answer.answer, question
    # Asked about a topic the reported words do not touch, it is not the answer.
    assert bot.ask("What has Trump alleged about the weather?").abstained


def test_a_span_that_takes_in_the_quotes_marks_lies_inside_the_quote():
    sentence = "Putin, who has yet to congratulate Biden, said Sunday on Russian state TV: 'We will work with anyone.'"
    start = sentence.index("'We")
    said = statement("Putin", sentence, start, len(sentence))
    assert said and sentence[slice(*said)].startswith("We will work with anyone")


def test_a_statement_answers_only_on_the_occasion_asked_about():
    asked = asked_speaker("What did Putin say on Russian state TV?")
    on_tv = "Putin said Sunday on Russian state TV that he would work with anyone."
    elsewhere = "Putin said that U.S.-Russian relations were already ruined."
    assert answers(asked, "he would work with anyone", on_tv, terms)
    assert not answers(asked, "U.S.-Russian relations were already ruined", elsewhere, terms)


def test_a_statement_made_on_another_occasion_is_not_the_answer(tmp_path):
    bot = bot_over(
        tmp_path,
        "tv.txt",
        "Putin speaks on television\n\n"
        "Putin said on Sunday that relations with the US were already ruined. "
        "Later, Putin, who has yet to congratulate Biden, said on Russian state TV: "
        "'We will work with anyone who has the confidence of the American people.'\n",
    )
    # The reader reads one span a passage and picks the statement made elsewhere: not an answer.
    answer = bot.ask("What did Putin say on Russian state TV?")
    assert "ruined" not in answer.answer
    assert answer.abstained or answer.answer.startswith("We will work with anyone")


def test_what_a_named_person_said_when_the_reader_points_elsewhere(tmp_path):
    bot = bot_over(
        tmp_path,
        "papers.txt",
        "Telegraph newspapers axe 90 jobs\n\nThe Daily and Sunday Telegraph newspapers are axing 90 journalist "
        'jobs. "Managers have torn up agreed procedures," said Jeremy Dear, NUJ General Secretary. '
        "NUJ official Barry Fitzpatrick said the company had ignored the 90-day consultation period. "
        "Lord Conrad Black owned the titles until last year.\n",
    )
    answer = bot.ask("What did Jeremy Dear say?")
    assert not answer.abstained
    assert answer.answer == "Managers have torn up agreed procedures"
    assert "Jeremy Dear" in answer.citations[0].text
    answer = bot.ask("What did Barry Fitzpatrick say?")
    assert answer.answer == "the company had ignored the 90-day consultation period"
    assert bot.ask("What did Conrad Black say?").abstained  # named, never quoted


def test_what_someone_of_the_same_surname_said_is_not_the_answer(tmp_path):
    bot = bot_over(
        tmp_path,
        "sample.txt",
        "Beastie Boys win sample case\n\nThe band used three notes from flautist James Newton's Choir. "
        "Although the group had paid a licence fee, Mr Newton said his copyright had been infringed.\n",
    )
    assert "copyright" in bot.ask("What did James Newton say?").answer
    assert bot.ask("What did Mike Newton say?").abstained


def test_according_to_a_person_only_their_words_answer(tmp_path):
    bot = bot_over(
        tmp_path,
        "dating.txt",
        "Video phones act as dating tools\n\nHundreds have submitted a mobile video profile to win a place at the "
        "world's first video mobile dating event. Flic Everett, journalist and dating expert for Company magazine, "
        "thinks technology has been liberating for some nervous soul-mate seekers. There are currently about "
        "1.3 million video phones in use in the UK.\n\n"
        '"Today\'s no change decision is correct," said David Frost, Director General of the British Chambers of '
        'Commerce. "But if there are clear signs that the economy slows, the MPC should be ready to take quick '
        'corrective action and cut rates."\n',
    )
    # The article states the figure beside her words; she is not reported giving it.
    assert bot.ask("According to Flic Everett, how many video phones are in use in the UK?").abstained
    assert not bot.ask("How many video phones are in use in the UK?").abstained
    # A quote that goes on after naming its speaker is still theirs.
    answer = bot.ask("According to David Frost, what should the MPC be ready to do if the economy slows?")
    assert not answer.abstained and "cut rates" in answer.answer


@pytest.mark.parametrize("typed", [str, str.lower])
def test_according_to_someone_the_articles_never_name_abstains_however_typed(tmp_path, typed):
    # Typed in lowercase, "philip shaw" is a name all the same: the articles never write it, so
    # it is not a word of theirs, and Halifax's figure is not his.
    bot = bot_over(
        tmp_path,
        "prices.txt",
        "House prices suffer festive fall\n\nUK house prices fell 0.7% in December, according to figures from "
        "the Office of the Deputy Prime Minister. After registering falls at the back-end of 2004, Halifax said "
        "house prices rose by 0.8% in January and Nationwide reported a rise of 0.4% in the first month of the "
        "year. Jeremy Dear, of the housing charity Shelter, said first-time buyers were priced out. Dear as "
        "homes are, sales rose.\n",
    )
    assert bot.ask(typed("According to Philip Shaw, by how much did house prices rise in January?")).abstained
    assert "0.8%" in bot.ask(typed("According to Halifax, by how much did house prices rise in January?")).answer
    # "Dear" starts a sentence as a word and is written mid-sentence as a name: here it is one.
    said = bot.ask(typed("What did Jeremy Dear say?"))
    assert not said.abstained and "priced out" in said.answer


def test_according_to_a_person_a_doubted_span_in_their_words_answers(seed_bot):
    answer = seed_bot.ask(
        "According to Putin, under what conditions can a candidate be considered to have the American people's trust?"
    )
    assert not answer.abstained and "recognized by the opposing party" in answer.answer
    assert "Putin said" in answer.citations[0].text


JOHNSON = [
    "Speaking at a conference in Birmingham, Johnson also argued that money had not reaped rewards.",
    '"You can\'t fix everything with money," he admitted.',
    '"You contrast the situation here to that of some US athletes who have no funding.',
    "\"Those who aren't funded might be hungrier because their road to success is harder.",
]


@pytest.mark.parametrize(
    ("name", "earlier", "sentence", "said"),
    [
        # a quote that runs on, a new mark for each sentence, from "he admitted" (Johnson)
        ("Michael Johnson", JOHNSON[:3], JOHNSON[3], JOHNSON[3][1:-1]),
        ("Michael Johnson", JOHNSON[:2], JOHNSON[2], JOHNSON[2][1:-1]),
        ("Linford Christie", JOHNSON[:3], JOHNSON[3], None),  # not Christie's
        ("Michael Johnson", JOHNSON[:1], JOHNSON[3], None),  # no run of quotes from his statement
        # another speaker's quote in between ends the run
        ("Michael Johnson", [*JOHNSON[:2], '"We differ," said Christie.'], JOHNSON[3], None),
        # a sentence that names its own speaker is theirs
        ("Michael Johnson", JOHNSON[:3], '"We differ," said Christie.', None),
    ],
)
def test_a_quote_that_runs_on_from_a_statement_is_the_speakers(name, earlier, sentence, said):
    start = sentence.index("funded") if "funded" in sentence else sentence.index("e")
    bounds = continued_quote(name, sentence, start, start + 6, earlier)
    assert (sentence[slice(*bounds)] if bounds else None) == said


def test_what_someone_said_in_a_quote_over_two_sentences(seed_bot):
    # "'With the victory of a Democrat, ... world. This means more Russophobia ..., more deaths in
    # (eastern Ukraine) ...,' said Konstantin Kosachev": the quote is attributed in its last sentence.
    answer = seed_bot.ask("What did Kosachev say about Ukraine?")
    assert not answer.abstained and "more deaths in (eastern Ukraine)" in answer.answer


def test_how_someone_described_something_is_what_they_said_of_it(tmp_path):
    bot = bot_over(
        tmp_path,
        "glaxo.txt",
        "Glaxo aims high after profit fall\n\nGlaxoSmithKline's profits fell by 1% last year. "
        'Chief executive Jean-Pierre Garnier said it had been a "difficult year". '
        "Sales of its asthma drugs rose.\n",
    )
    answer = bot.ask("How did Glaxo's boss Jean-Pierre Garnier describe the past year?")
    assert not answer.abstained and "difficult year" in answer.answer
    assert "Garnier said" in answer.citations[0].text


def test_according_to_someone_a_sentence_whose_speaker_describes_them_is_theirs(tmp_path):
    bot = bot_over(
        tmp_path,
        "insurers.txt",
        "Stormy year for property insurers\n\nA string of storms and earthquakes has made 2004 the most expensive "
        "year on record for property insurers, according to Swiss Re.\n\nThe world's second biggest insurer said "
        "disasters around the globe have seen property claims reach $42bn (£21.5bn). Munich Re had no comment. "
        "The American group estimated that claims for storms will reach $10bn.\n",
    )
    answer = bot.ask("According to Swiss Re, how much did property claims reach in 2004?")
    assert not answer.abstained and answer.answer.startswith("$42bn")
    # the sentence before names someone else: the described speaker is not Swiss Re
    assert bot.ask("According to Swiss Re, how much will claims for storms reach?").abstained
