"""Answering "What did Peskov tell reporters?" with the statement the article reports.

News reports speech in a few fixed ways: "Peskov told reporters that this election is
different", "Smith said on Monday that ...", '"We will not sell," said Smith.', 'Smith said:
"We will not sell."'. A SQuAD reader finds a word of the statement ("different") but doubts it
and cannot bound it. When the question asks what a named person said (to someone, or about
something), and the reader's span lies inside a statement the sentence attributes to that very
name (or to "he"/"she" just after the name), the statement is the answer, whole. Asked "about"
something, the statement must share a word with it; asked what the name told someone, the
sentence must name them. An answer outside any statement by the name is refused, and a name
never reported saying anything still gets "The articles don't say."
"""

from __future__ import annotations

import re
from typing import NamedTuple

from qa.appositives import LEADING_WORD, as_name, name_pattern

_ASKS = re.compile(
    r"^\s*what\s+did\s+(?P<name>[^?!.]+?)\s+(?:"
    r"(?:tell|say\s+to)\s+(?P<audience>[^?!.]+?)|say(?:\s+about\s+(?P<topic>[^?!.]+?))?)\s*[?!.]*\s*$",
    re.IGNORECASE,
)
_VERB = r"(?:said|says|told|tells|added|warned|insisted|argued|claimed|stressed|explained|responded|replied)"
# Quotation marks, not apostrophes: a single quote opens after no letter and closes before none.
_OPEN = "(?:[\"\u201c]|(?<!\\w)['\u2018])"
_CLOSE = "(?:[\"\u201d]|['\u2019](?!\\w))"


class Asked(NamedTuple):
    """What a "What did <name> say/tell ...?" question asks: whose words, about what, to whom."""

    name: str
    topic: str | None  # "... say about <topic>?"
    audience: str | None  # "... tell <audience>?"


def asked_speaker(question: str) -> Asked | None:
    """What "What did <name> say (about <topic>)?" / "What did <name> tell <audience>?" asks;
    None for other questions."""
    match = _ASKS.match(question)
    if not match or (name := as_name(match["name"])) is None:
        return None
    return Asked(name, match["topic"], match["audience"])


def statement(name: str, sentence: str, start: int, end: int, before: str = "") -> tuple[int, int] | None:
    """The bounds, in ``sentence``, of the statement it attributes to ``name`` that holds the
    span [start, end); None when the span is not inside one. The speaker may be "he" or "she"
    when the name is named earlier in the sentence or in ``before``, the sentence before it
    ("Putin said ... He also said that he believes relations ... have been 'ruined'")."""
    named = name_pattern(name)
    who = rf"(?P<who>{named}|(?:[Hh]e|[Ss]he)\b)"
    # "Smith, the minister, said", "He also said" (never "He never said")
    speaker = rf"{who}(?:\s*,[^,]{{1,80}},)?(?:\s+(?:also|later|then|again|once|has|had|have|repeatedly|recently))?"
    shapes = (
        # Peskov told reporters that ... / Smith said on Monday that ... / Smith said ...
        rf"{speaker}\s+{_VERB}(?:\s+[\w'-]+){{0,4}}?\s+that\s+(?P<s>.+?)[\s.!]*$",
        rf"{speaker}\s+(?:said|says|added|warned|insisted|argued|claimed)\s+(?P<s>(?!that\b)[a-z].+?)[\s.!]*$",
        # Smith said: "..." / he responded no, "..."
        rf"{speaker}\s+{_VERB}[^:,\"\u201c]{{0,40}}[:,]\s*{_OPEN}(?P<s>.+?){_CLOSE}",
        # "...," said Smith. / "...," Smith said.
        rf"{_OPEN}(?P<s>.+?)[,.!?]?{_CLOSE}\s*{_VERB}\s+{LEADING_WORD}{who}",
        rf"{_OPEN}(?P<s>.+?)[,.!?]?{_CLOSE}\s*{LEADING_WORD}{speaker}\s+{_VERB}",
    )
    for shape in shapes:
        for match in re.finditer(shape, sentence):
            a, b = match.span("s")
            if not (a <= start and end <= b):
                continue
            if match["who"].lower() in ("he", "she") and not re.search(named, before + sentence[: match.start("who")]):
                continue  # a pronoun for someone else
            return a, b
    return None


def answers(asked: Asked, said: str, sentence: str, terms) -> bool:
    """Whether a statement ``said`` in ``sentence`` can answer ``asked``: it shares a content
    word with the topic, and its sentence names the audience ("told the BBC"), when the question
    names them. ``terms`` is the answerer's (stemmed content terms of each text)."""
    if asked.topic is not None:
        topic, statement_terms = terms([asked.topic, said])
        if not topic & statement_terms:
            return False
    if asked.audience is not None:
        # "reporters" leaves no term to check: "report" is a question word, and any audience will do
        audience, sentence_terms = terms([asked.audience, sentence])
        if not audience <= sentence_terms:
            return False
    return True


__all__ = ["Asked", "answers", "asked_speaker", "statement"]
