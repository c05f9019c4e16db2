"""Answering "What did Peskov tell reporters?" with the statement the article reports.

News reports speech in a few fixed ways: "Peskov told reporters that this election is
different", "Smith said on Monday that ...", '"We will not sell," said Smith.', 'Smith said:
"We will not sell."'. A SQuAD reader finds a word of the statement ("different") but doubts it
and cannot bound it. When the question asks what a named person said (to someone, or about
something), and the reader's span lies inside a statement the sentence attributes to that very
name (or to "he"/"she" just after the name, or to "Mr <surname>"), the statement is the answer,
whole. Asked "about" something, the statement must share a word with it; asked what the name
told someone, the sentence must name them. An answer outside any statement by the name is
refused, and a name never reported saying anything still gets "The articles don't say."

"What did X warn/claim/admit/argue/insist ...?", "What does X believe/think ...?" are answered
the same way by a statement reported with that very verb ("Lord Browne believes oil prices will
remain quite high"). There the reader's confident answer outside any such statement stands
("What has Trump alleged?": "The president has alleged voter fraud" names him by his title),
unless it is what another named person said. ``according_to`` reads the name a question
credits ("According to Peskov, ...?"), which the answer's article must name (qa/answering.py).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from qa.appositives import HONORIFIC, LEADING_WORD, as_name, name_pattern
from qa.verify import FUNCTION_WORDS

# Verbs that report what a person said or thinks: their object is a statement (a "that"
# clause or a quote), never a thing. "promise", "announce", "predict", "deny" also take things
# ("announced 500 job cuts"): not here.
_SPEECH = {  # base form: the forms an article writes it in
    "say": "says said saying",
    "tell": "tells told telling",
    "claim": "claims claimed",
    "allege": "alleges alleged",
    "warn": "warns warned",
    "argue": "argues argued",
    "insist": "insists insisted",
    "admit": "admits admitted",
    "add": "adds added",
    "explain": "explains explained",
    "reply": "replies replied",
    "respond": "responds responded",
    "stress": "stresses stressed",
    "suggest": "suggests suggested",
    "think": "thinks thought",
    "believe": "believes believed",
}
_BASE = {form: base for base, forms in _SPEECH.items() for form in (base, *forms.split())}
# A reply is reported as either: "What did Putin answer?" is met by "he responded no, ...".
_KIN = {
    "reply": ("reply", "respond"),
    "respond": ("respond", "reply"),
    "claim": ("claim", "allege"),
    "allege": ("allege", "claim"),
}


def _kin(verb: str) -> list[str]:
    """``verb`` and the verbs a report may use for it instead."""
    return list(_KIN.get(verb, (verb,)))


_ANSWER = r"answer(?:ed)?"  # asked, not read: an article's "answered questions" reports no statement
_ASKS = re.compile(
    # "When asked whether ..., what did Putin answer?" / "What did Putin answer when asked ...?"
    r"^\s*(?:when\s+asked\s+(?:about\s+)?(?P<asked_first>[^,?]+?)\s*,\s*)?"
    r"what\s+(?:did|does|has|had)\s+(?P<name>[^?!.]+?)\s+(?:(?:also|repeatedly|recently|later|then)\s+)?(?:"
    r"(?:tell|told|say\s+to|said\s+to)\s+(?P<audience>[^?!.,]+?)(?:\s+about\s+(?P<told_about>[^?!.,]+?))?"
    # "... tell parliament on Monday / after the truce?": when, not whom
    r"(?:\s+(?:on|during)\s+(?P<told_on>[^?!.,]+?)|\s+(?:after|before|following|when)\s+[^?!.,]+?)?"
    rf"|(?P<verb>{'|'.join(f for f, base in _BASE.items() if base != 'tell')}|{_ANSWER})"
    r"(?:\s+(?:about|regarding)\s+(?P<topic>[^?!.,]+?)|\s+(?:on|in|at|during)\s+(?P<occasion>[^?!.,]+?)"
    r"|\s+when\s+asked\s+(?:about\s+)?(?P<asked_last>[^?!.]+?))?)\s*[?!.]*\s*$",
    re.IGNORECASE,
)
# "How did <name> describe <topic>?" asks what the name said about the topic.
_ASKS_DESCRIBED = re.compile(
    r"^\s*how\s+(?:did|does|has|had|would)\s+(?P<name>[^?!.]+?)\s+(?:describe|characteri[sz]e|sum\s+up|assess|rate)\s+"
    r"(?P<topic>[^?!.,]+?)\s*[?!.]*\s*$",
    re.IGNORECASE,
)
# The statement's verb directly followed by its clause, no "that": "Lord Browne believes oil prices will ..."
_BARE_CLAUSE = set("say add warn insist argue claim admit allege stress suggest believe think".split())
# "According to Peskov, what ...?" / "..., according to Kosachev?" / "In Putin's view, what ...?"
_VIEW = r"(?:'s|\u2019s)\s+(?:view|opinion|words|estimation|judge?ment)"
_ACCORDING = re.compile(
    r"^\s*according\s+to\s+(?P<first>[^,?]+?)\s*,|,\s*according\s+to\s+(?P<last>[^,?]+?)\s*[?!.]*\s*$|"
    rf"^\s*in\s+(?P<view>[^,?]+?){_VIEW}\s*,|,\s*in\s+(?P<view_last>[^,?]+?){_VIEW}\s*[?!.]*\s*$",
    re.IGNORECASE,
)
# "Which outlet reported ...?", "Which news organisation is credited with reporting ...?"
_ASKS_SOURCE = re.compile(
    r"^\s*(?:which|what)\s+(?:news\s+|media\s+)?(?:outlets?|organi[sz]ations?|newspapers?|papers?|agency|agencies|"
    r"broadcasters?|channels?|networks?|websites?|magazines?|publications?|wire)\b[^?]*\b(?:report|credit|quot|cit|spoke|speak|talk|told|tell|interview)",
    re.IGNORECASE,
)
# Where a news sentence names its source: "..., Putin said, according to Bloomberg.", "reported
# by the Herald", "told the BBC", "the Herald reported/quoted/said".
_CREDITING = r"(?:according\s+to|reported\s+by|told|quoted\s+(?:by|in)|cited\s+by)"  # the words before a source
_SOURCE_BEFORE = re.compile(
    rf"\b{_CREDITING}\s+(?:the\s+)?(?:(?!that\b)[a-z][\w-]*\s+){{0,3}}$"
)  # "told the state news agency Tass", "quoted in the Herald newspaper"
_SOURCE_AFTER = re.compile(r"^\s+(?:has\s+|had\s+)?(?:reported|reports|quoted|said|says|cited)\b")
# "Praful Patel said earlier." reports no clause: what follows the verb says when or where.
_NOT_CLAUSES = (
    "earlier|later|yesterday|today|tonight|recently|previously|afterwards|then|again|last|next|"
    "on|in|at|during|after|before|while|as|of|about|to|for|with|publicly|privately|repeatedly"
)
# A sentence's subject: capitalised words, an optional ", appositive,", then a verb.
_SUBJECT = (
    r"(?<![\w'])((?:[A-Z][\w'.-]*\s+)*[A-Z][\w.-]*)(?:\s*,[^,]{1,80},)?\s+(?:also\s+|then\s+|later\s+)?"
    rf"(?:{'|'.join(_BASE)}|is|was|has|had|have|will|would|could|can|did|does)\b"
)
# Words naming the speaker's role between a quote and the name: "the minister for civil aviation".
_ROLE = r"(?:[\w.-]+(?:['\u2019]s)?\s+){0,5}?"
_NOT_SUBJECTS = set("the a an of on for over about with by to in into and or but its his her their this that".split())
# A name after a preposition is no speaker: "A letter sent to Martin Mubanga said ..."
_PREPOSITION = re.compile(r"\b(?:to|by|for|from|with|of|at|on|about|against|than|like)\s+(?:[A-Z][\w.'-]*\s+)?$")
# Quotation marks, not apostrophes: a single quote opens after no letter and closes before none.
_OPEN = "(?:[\"\u201c]|(?<!\\w)['\u2018])"
_CLOSE = "(?:[\"\u201d]|['\u2019](?!\\w))"
_MARKS = " \"'\u201c\u201d\u2018\u2019"  # quotation marks and space, around a span


class Asked(NamedTuple):
    """What a "What did <name> say/tell ...?" question asks: whose words, about what, to whom."""

    name: str
    topic: str | None  # "... say about <topic>?"
    audience: str | None  # "... tell <audience>?"
    verb: str | None = None  # "warn" for "What did X warn?": only what X warned answers; None: say or tell
    occasion: str | None = None  # "... say on Russian state TV?": the sentence must name it all
    # "How did <name> describe <topic>?": what the name said on it, or else what the reader finds
    # (the name may "call" it something, which reports no statement)
    described: bool = False


def asked_speaker(question: str) -> Asked | None:
    """What "What did <name> say (about <topic>)?" / "What did <name> tell <audience>?" asks;
    None for other questions."""
    if described := _ASKS_DESCRIBED.match(question):
        name = _speaker_named(described["name"])
        return Asked(name, described["topic"], None, described=True) if name else None
    match = _ASKS.match(question)
    if not match or (name := _speaker_named(match["name"])) is None:
        return None
    verb = _BASE.get(match["verb"].lower(), "respond") if match["verb"] else None
    topic = match["topic"] or match["told_about"]
    if verb not in _KIN:  # what was asked is the topic of what they said; a reply answers it
        topic = topic or match["asked_first"] or match["asked_last"]
    occasion = match["occasion"] or match["told_on"]
    return Asked(name, topic, match["audience"], None if verb == "say" else verb, occasion)


def _speaker_named(text: str) -> str | None:
    """The person ``text`` names: a name ("Peskov"), or the full name a description ends with
    ("Glaxo's boss Jean-Pierre Garnier", "Putin's spokesman Dmitry Peskov")."""
    if (name := as_name(text)) is not None:
        return name
    # "Mike Hobday of the League Against Cruel Sports": a full name, then where they are from
    placed = re.match(r"(.+?)\s+(?:of|from|at)\s+(?:the\s+)?[A-Z]", text.strip())
    if placed and (name := as_name(placed[1])) is not None and len(name.split()) > 1:
        return name
    ending = re.search(r"(?<![\w'\u2019-])[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)+$", text.strip())
    return as_name(ending[0]) if ending and re.search(r"\s[a-z]", text) else None


def name_slots(question: str) -> list[tuple[int, int]]:
    """Where the question's forms expect a name, as [start, end) offsets: "<X>" of "According to
    X, ...?", "What did X say?", "How did X describe ...?"."""
    slots = []
    for form, groups in (
        (_ACCORDING, ("first", "last", "view", "view_last")),
        (_ASKS, ("name",)),
        (_ASKS_DESCRIBED, ("name",)),
    ):
        if match := form.search(question):
            slots += [match.span(g) for g in groups if match[g]]
    return slots


def according_to(question: str) -> str | None:
    """The name a question credits with its answer ("According to Peskov, what will accompany
    ...?", "How could ..., according to Kosachev?", "In Putin's view, what ...?"), or None."""
    match = _ACCORDING.search(question)
    return as_name(match["first"] or match["last"] or match["view"] or match["view_last"]) if match else None


def statement(
    name: str, sentence: str, start: int, end: int, before: str = "", verb: str | None = None
) -> tuple[int, int] | None:
    """The bounds, in ``sentence``, of the statement it attributes to ``name`` that holds the
    span [start, end); None when the span is not inside one (``statements`` says which count)."""
    start, end = _within_marks(sentence, start, end)
    return next(((a, b) for a, b in statements(name, sentence, before, verb) if a <= start and end <= b), None)


def _within_marks(sentence: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without the quotation marks and end punctuation it takes in: a span that takes
    in the quote's own marks ("'We will work ...") still lies inside the quote."""
    while start < end and sentence[start] in _MARKS:
        start += 1
    while end > start and sentence[end - 1] in _MARKS + ".,;:":
        end -= 1
    return start, end


def statements(name: str, sentence: str, before: str = "", verb: str | None = None) -> Iterator[tuple[int, int]]:
    """The bounds, in ``sentence``, of each statement it attributes to ``name``. The speaker may
    be "he" or "she" when the name is the subject that opens the sentence, or, when the part
    before the pronoun has none, the sentence ``before`` ("Putin said ... He also said that he
    believes relations ... have been 'ruined'"; ``_antecedent``). With ``verb`` ("warn"), only a
    statement reported with that verb counts; else any of _SPEECH."""
    named = _as_speaker(name)
    for match in _statements(rf"(?P<who>{named}|(?:[Hh]e|[Ss]he)\b)", sentence, _kin(verb) if verb else list(_SPEECH)):
        if match["who"].lower() in ("he", "she") and not _antecedent(named, sentence[: match.start("who")], before):
            continue  # a pronoun for someone else
        if _someone_else(name, match["who"], sentence[: match.start("who")]):
            continue
        if _PREPOSITION.search(sentence[: match.start("who")]):
            continue  # the name is an object ("sent to Martin Mubanga", "a friend of Smith"), not the speaker
        yield match.span("s")


# Sentences a quote may run over after its speaker is named: news opens each of its sentences
# (or paragraphs) with a new mark ('"You can't fix everything with money," he admitted. "You
# contrast ...' "Those who aren't funded ...'), attributing only the first.
_QUOTE_RUN = 3


def continued_quote(name: str, sentence: str, start: int, end: int, earlier: list[str]) -> tuple[int, int] | None:
    """The bounds, in ``sentence``, of the quote it opens that holds the span [start, end), when
    that quote goes on the words of ``name`` from the sentences ``earlier`` (the article's,
    nearest last): each sentence between opens a quote too and attributes it to no one, and the
    first of the run is a statement by the name (``statements``). None otherwise."""
    start, end = _within_marks(sentence, start, end)
    attributed = _attributed()
    opening = re.match(rf"\s*{_OPEN}", sentence)
    if opening is None or attributed.search(sentence):
        return None
    close = re.search(_CLOSE, sentence[opening.end() :])
    bounds = opening.end(), opening.end() + close.start() if close else len(sentence.rstrip(" .,;:"))
    if not (bounds[0] <= start and end <= bounds[1]):
        return None
    earlier = earlier[-_QUOTE_RUN - 1 :]
    for back in range(1, min(_QUOTE_RUN, len(earlier)) + 1):
        previous, before = earlier[-back], earlier[-back - 1] if back < len(earlier) else ""
        if any(statements(name, previous, before)):
            return bounds
        if not re.match(rf"\s*{_OPEN}", previous) or attributed.search(previous):
            return None  # the run of quotes ends, or another speaker's quote is in it
    return None


@functools.cache
def _attributed() -> re.Pattern:
    """A quote closed and attributed ('"...," said Christie'): to whom, its own sentence says.
    Compiled once, on first use (``_forms`` is defined below)."""
    return re.compile(rf"{_CLOSE}[^\"\u201c]*\b{_forms(list(_SPEECH))}\b")


def asks_source(question: str) -> bool:
    """Whether the question asks which outlet reported something ("Which outlet reported Putin's
    comments ...?")."""
    return bool(_ASKS_SOURCE.search(question))


def credited(sentence: str, start: int, end: int) -> bool:
    """Whether the span [start, end) of ``sentence`` is the source the sentence credits: "Putin
    said, according to Bloomberg", "told the BBC", "the Herald reported"."""
    return bool(_SOURCE_BEFORE.search(sentence[:start]) or _SOURCE_AFTER.match(sentence[end:]))


# A source a sentence credits by its name: "according to Bloomberg", "told the BBC", "quoted in
# the Financial Times", "the Herald reported".
_CREDITED_NAME = re.compile(
    rf"\b{_CREDITING}\s+(?:the\s+)?"
    r"(?P<after>[A-Z][\w&.'\u2019-]*(?:\s+[A-Z][\w&.'\u2019-]*){0,3})|"
    r"(?:^|(?<=\s))(?:[Tt]he\s+)?(?P<before>[A-Z][\w&.'\u2019-]*(?:\s+[A-Z][\w&.'\u2019-]*){0,3})"
    r"\s+(?:has\s+|had\s+)?(?:reported|quoted|cited)\b"
)


def credited_names(sentence: str) -> Iterator[tuple[int, int]]:
    """The bounds, in ``sentence``, of each name it credits as its source ("Putin said,
    according to Bloomberg"), wherever the reader's span is."""
    for match in _CREDITED_NAME.finditer(sentence):
        start, end = match.span("after") if match["after"] else match.span("before")
        if re.search(r"[a-z]\.$", sentence[start:end]):  # the sentence's full stop, not "U.S."
            end -= 1
        yield start, end


def object_of(verb: str, sentence: str, start: int) -> bool:
    """Whether the span starting at ``start`` of ``sentence`` is what the verb reports, directly
    after it: "The president has alleged voter fraud" for "allege"."""
    match = re.search(rf"(\S+)\s+{_forms(_kin(verb))}\s+(?:that\s+)?$", sentence[:start])
    # A verb, not an adjective: "blamed alleged Russophobia", "the alleged fraud" report nothing.
    return match is not None and (
        match[1].lower() in ("has", "had", "have") or not (match[1].lower() in _NOT_SUBJECTS or match[1].endswith("ed"))
    )


def reports(verb: str, sentence: str) -> bool:
    """Whether ``sentence`` reports something with ``verb`` or its kin ("alleged" for "claim")."""
    return re.search(rf"\b{_forms(_kin(verb))}\b", sentence) is not None


def subject_is_another(name: str, sentence: str, start: int) -> bool:
    """Whether the words just before the verb that ends at ``start`` name someone other than
    ``name``: "Joe Biden has alleged ..." when Trump is asked about; "The president" names no one."""
    match = re.search(
        r"((?:[A-Z][\w'.-]*\s+)+)(?:(?:has|had|have|also|repeatedly)\s+)*\w+\s+(?:that\s+)?$", sentence[:start]
    )
    if match is None or match.start() == 0 and len(match[1].split()) == 1:
        return False  # "He ...", "The ..." opening the sentence: no name
    return not re.search(_as_speaker(name), match[1])


def said_by_another(name: str, sentence: str, start: int, end: int) -> bool:
    """Whether the span [start, end) of ``sentence`` lies in a statement the sentence attributes
    to a named person other than ``name`` ("Richard Ayers ... said ... it would be impossible"
    when Richard Allan is asked about)."""
    named = _as_speaker(name)
    for match in _statements(r"(?P<who>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)+)", sentence, list(_SPEECH)):
        a, b = match.span("s")
        if a <= start and end <= b and not re.search(named, match["who"]):
            return True
    return False


def _statements(who: str, sentence: str, verbs: list[str]):
    """Every statement ``sentence`` reports in one of news' shapes, by a speaker matching ``who``
    (a pattern with a group "who") with one of ``verbs``: matches with groups "who" and "s"."""
    any_verb = _forms(verbs)
    bare = [v for v in verbs if v in _BARE_CLAUSE]
    # "Smith, the minister, said", "He also said" (never "He never said")
    speaker = rf"{who}(?:\s*,[^,]{{1,80}},)?(?:\s+(?:also|later|then|again|once|has|had|have|repeatedly|recently))?"
    shapes = (
        # Peskov told reporters that ... / Smith said on Monday that ... / Smith said ...
        rf"{speaker}\s+{any_verb}(?:\s+[\w'-]+){{0,4}}?\s+that\s+(?P<s>.+?)[\s.!]*$",
        rf"{speaker}\s+{_forms(bare)}\s+(?P<s>(?!(?:that|{_NOT_CLAUSES})\b)[a-z].+?)[\s.!]*$" if bare else None,
        # Smith said: "..." / he responded no, "..." (the quote may close in a later sentence)
        rf"{speaker}\s+{any_verb}[^:,\"\u201c]{{0,40}}[:,]\s*{_OPEN}(?P<s>.+?)(?:{_CLOSE}|[\s.!?]*$)",
        # "...," said Smith. / "...," Smith said.
        # "...," said Finance Minister Antonio Palocci. / "...," producer Gil Cates told reporters.
        rf"{_OPEN}(?P<s>.+?)[,.!?]?{_CLOSE}\s*{any_verb}\s+{_ROLE}{LEADING_WORD}{who}",
        rf"{_OPEN}(?P<s>.+?)[,.!?]?{_CLOSE}\s*{_ROLE}{LEADING_WORD}{speaker}\s+{any_verb}",
        # the last sentence of a quote opened a sentence before: "... hot spots of the world,' said Kosachev."
        rf"^\s*(?P<s>(?:(?!{_OPEN}).)+?)[,.!?]?{_CLOSE}\s*{any_verb}\s+{_ROLE}{LEADING_WORD}{who}",
        rf"^\s*(?P<s>(?:(?!{_OPEN}).)+?)[,.!?]?{_CLOSE}\s*{_ROLE}{LEADING_WORD}{speaker}\s+{any_verb}",
    )
    for shape in filter(None, shapes):
        yield from re.finditer(shape, sentence)


def _antecedent(named: str, sentence: str, before: str) -> bool:
    """Whether a "he"/"she" after ``sentence`` (its sentence up to the pronoun) stands for the
    name (pattern ``named``): the name is the first subject of that part, or, when the part has
    none, of the sentence ``before``. "Putin said the decision to not congratulate Biden is 'a
    formality'. He also said ..." is Putin, not Biden, though Biden was named last."""
    # A quote before the pronoun is what was said, not who said it: '"You can't fix everything
    # with money," he admitted' has no subject before "he".
    for text in (re.sub(rf"{_OPEN}.*?{_CLOSE}", " ", sentence), before):
        if subject := re.search(_SUBJECT, text):
            return bool(re.fullmatch(rf"(?:\S+\s+)*?{named}", subject[1]))
    return False


def _forms(verbs: list[str]) -> str:
    """A pattern for the forms an article writes ``verbs`` in ("said", "says", ...)."""
    return "(?:" + "|".join(_SPEECH[v].replace(" ", "|") for v in verbs) + ")"


def _as_speaker(name: str) -> str:
    """A pattern for ``name`` as a report names its speaker: whole, or by the surname alone
    ("Mr Beith warned ..." after "Alan Beith" in the article's first lines)."""
    words = name.split()
    if len(words) == 1:
        return name_pattern(name)
    return rf"(?:{name_pattern(name)}|{re.escape(words[-1])}\b)"


def _someone_else(name: str, who: str, before: str) -> bool:
    """Whether the surname ``who`` names another person: "Nick Brown" when Gordon Brown is asked
    about. A surname alone stands for the name after an honorific ("Mr Brown"), a lowercase word
    or nothing; after another capitalised word it belongs to someone else."""
    if len(who.split()) > 1 or len(name.split()) == 1 or who.lower() in ("he", "she"):
        return False
    word = re.search(r"(\S+)\s+$", before)
    own = name.split()[:-1]  # "Simon " before "Falic" is the name itself
    return word is not None and word[1][0].isupper() and not HONORIFIC.match(word[1]) and word[1] not in own


# A statement that points back at what the sentence before it spoke of ("this legal framework").
_BACK = re.compile(r"\b(?:this|these)\s+(?!(?:year|week|month|morning|afternoon|evening|time|weekend)\b)[a-z]")
_BACK_REACH = 250  # characters before the statement that "this" may point back into


def _of_them(topic: str, said: str, context: str) -> bool:
    """Whether a statement speaks of the person ``topic`` names as "he" or "she", the sentences
    before it (``context``) naming them: "Mr Cunningham ... Mr Blair said he was a 'huge figure'"."""
    name = as_name(topic)
    if name is None or not re.search(r"\b(?:he|she|him|her)\b", said, re.IGNORECASE):
        return False
    return re.search(rf"\b{re.escape(name.split()[-1])}\b", context) is not None


def _points_back(wanted: set[str], said: str, context: str, terms) -> bool:
    """Whether a statement's "this <noun>" is the topic (its terms ``wanted``) the sentence
    before it (the end of ``context``) spoke of: "German law does allow people to copy CDs ...
    Mr Zombic said that this legal framework was a 'huge problem'"."""
    return bool(_BACK.search(said)) and len(wanted & terms([context[-_BACK_REACH:]])[0]) >= 2


@functools.lru_cache(maxsize=4)
def _function_terms(terms) -> frozenset[str]:
    """The function words as ``terms`` reads them, once."""
    return frozenset(terms([" ".join(sorted(FUNCTION_WORDS))])[0])


_OWNER = re.compile(r"['\u2019]s?$")  # "his side's try": what is asked about is the try


def answers(asked: Asked, said: str, sentence: str, terms, strict: bool = False, context: str = "") -> bool:
    """Whether a statement ``said`` in ``sentence`` can answer ``asked``: it shares a content
    word with the topic, and its sentence names the audience ("told the BBC") and the occasion
    ("said Sunday on Russian state TV"), when the question names them. ``terms`` is the
    answerer's (stemmed content terms of each text). ``strict``: a statement the reader did not
    point at must share a word of the topic besides its names and owners ("Wal-Mart's wages" is
    not met by what was said of Wal-Mart's gun sales, nor "his side's try" by "his side should
    not underestimate the visitors"), unless the topic is only those."""
    if asked.topic is not None:
        # an owner that is no name says whose, not what: "his side's try" asks about the try
        owned = " ".join(w for w in asked.topic.split() if w[:1].isupper() or not _OWNER.search(w))
        topic, common, statement_terms = terms([owned, " ".join(w for w in owned.split() if not w[:1].isupper()), said])
        function = _function_terms(terms)
        topic, common = topic - function, common - function  # "his" is no topic
        if not topic:  # the topic is only owners and function words
            (topic,) = terms([asked.topic])
        wanted = common if strict and common else topic
        if not (
            wanted & statement_terms
            or _of_them(asked.topic, said, context)
            or _points_back(wanted, said, context, terms)
        ):
            return False
    # "reporters" leaves no term to check: "report" is a question word, and any audience will do
    for named in (asked.audience, asked.occasion):
        if named is not None:
            named_terms, sentence_terms = terms([named, sentence])
            if not named_terms <= sentence_terms:
                return False
    return True


__all__ = [
    "Asked",
    "according_to",
    "answers",
    "asked_speaker",
    "asks_source",
    "credited",
    "credited_names",
    "name_slots",
    "object_of",
    "reports",
    "said_by_another",
    "statement",
    "statements",
    "subject_is_another",
]
