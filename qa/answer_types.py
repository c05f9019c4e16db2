"""What kind of answer a question asks for, and whether a sentence can hold one.

A question that asks for money, a count, a share, an age, a year, a time or a name can only
be answered by a sentence that holds one. Applying this before choosing a sentence keeps the
answerer from citing a sentence that is on topic but cannot answer ("How much was he paid?"
answered with "He signed a new contract."), which is the commonest way to guess wrong.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|hundreds?|thousands?|millions?|billions?|dozens?|several|a few|a couple"
)

# question patterns, most specific first
_ASKS = [
    (
        "money",
        re.compile(
            r"\bhow much (?:money|cash)\b|\bhow much (?:\S+ ){0,6}?(?:cost|pay|paid|earn|earned|worth|spend|spent|raise|raised|"
            r"charge|charged|fined|sell|sold|buy|bought|invest|invested|lose|lost|owe|owed|make|made)\b|"
            r"\b(?:what|how much) (?:\S+ ){0,5}?(?:price|cost|salary|fee|fine|prize money|wage|budget|revenue|"
            r"profits?|turnover|deficit|debt|valuation|value|takings|earnings)\b",
            _I,
        ),
    ),
    ("share", re.compile(r"\bwhat (?:percentage|percent|proportion|share|fraction)\b|\bwhat (?:\S+ ){0,3}?rate\b", _I)),
    ("count", re.compile(r"\bhow many\b|\bwhat (?:number|total) of\b", _I)),
    ("age", re.compile(r"\bhow old\b|\bat what age\b|\bwhat age\b", _I)),
    ("year", re.compile(r"\b(?:what|which) year\b|\bin what year\b", _I)),
    (
        "time",
        re.compile(
            r"^\s*when (?:did|does|do|is|was|were|will|would|has|have|had|are|can|could|should)\b|"
            r"\b(?:what|which) (?:date|day|month|time)\b|\bhow long\b|\bhow soon\b",
            _I,
        ),
    ),
    (
        "name",
        re.compile(
            r"\bwhat (?:is|was|were|are) the names? of\b|\bwhat (?:is|was) (?:it|he|she|they) called\b|"
            r"\b(?:which|what) (?:company|firm|hospital|team|club|city|country|town|newspaper|organisation|"
            r"organization|party|agency|journal|university|programme|program|band|bank|court|airline|brand|"
            r"studio|network|channel|station|body|spokesman|spokeswoman|minister|official|coach|manager|"
            r"player|singer|actor|actress|director|chairman|chief|leader|politician|judge|lawyer)\b|"
            r"^\s*(?:who|whom)\b",
            _I,
        ),
    ),
    (
        "number",
        re.compile(
            r"\bhow (?:much|far|big|large|tall|often|fast)\b|\bby how much\b|\bwhat (?:amount|sum|figure)\b", _I
        ),
    ),
]

_MONEY = re.compile(
    r"[$£€¥]\s?\d|\d[\d,.]*\s?(?:bn|m|k|billion|million|trillion)\b|"
    r"\b\d[\d,.]*\s?(?:dollars|pounds|euros|yen|yuan|rupees|cents|pence|p)\b|\b(?:dollars|pounds|euros)\b",
    _I,
)
_SHARE = re.compile(
    r"%|\bper ?cent\b|\b(?:half|third|quarter|fifth|tenth)s?\b|\b(?:one|two|three|four|five|\d+) (?:in|out of) "
    r"(?:\w+ )?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|every)\b|\bpercentage points?\b",
    _I,
)
_COUNT = re.compile(rf"\b(?!(?:1[89]|20)\d\d\b)\d[\d,.]*\b|\b(?:{_NUMBER_WORDS})\b", _I)
_AGE = re.compile(
    r"\baged? (?:of )?\d+|\b\d+[- ]years?[- ]old\b|\b\d+-year\b|, \d{1,3},|\bin (?:his|her) (?:teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b",
    _I,
)
_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b|\b(?:last|next|this) year\b", _I)
_TIME = re.compile(
    r"\b(?:1[5-9]\d\d|20\d\d|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|today|yesterday|tomorrow|tonight|ago|weeks?|months?|years?|decades?|"
    r"century|hours?|minutes?|days?|morning|evening|night|spring|summer|autumn|winter|season)\b",
    _I,
)
_NUMBER = re.compile(rf"\d|\b(?:{_NUMBER_WORDS}|half|quarter|double|doubled|triple|tripled)\b", _I)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")


def asked_type(question: str) -> str | None:
    """The kind of answer the question asks for ("money", "count", ...), or None if any will do."""
    for name, pattern in _ASKS:
        if pattern.search(question):
            return name
    return None


def _has_new_name(sentence: str, question: str) -> bool:
    """A capitalised word, not opening the sentence, that the question does not already hold."""
    asked = {w.lower() for w in _WORD.findall(question)}
    words = _WORD.findall(sentence)
    return any(w[0].isupper() and w.lower() not in asked for w in words[1:])


def fits(kind: str | None, sentence: str, question: str) -> bool:
    """Whether ``sentence`` holds the kind of answer ``question`` asks for."""
    if kind is None:
        return True
    if kind == "name":
        return _has_new_name(sentence, question)
    pattern = {
        "money": _MONEY,
        "share": _SHARE,
        "count": _COUNT,
        "age": _AGE,
        "year": _YEAR,
        "time": _TIME,
        "number": _NUMBER,
    }[kind]
    return bool(pattern.search(sentence))
