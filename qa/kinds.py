"""The kind of person or thing a question asks for, and the kind a sentence calls its answer.

"What is the name of the bassist Snow Patrol asked to leave?" asks for a bassist; "lead singer
Gary Lightbody" is called a singer by its own sentence, so it answers another question. Kinds
come in groups that one person or thing rarely is at once (a band's bassist is not its singer,
a judge is no company's director, a book is not a cartoon). Nouns that can name any of them
("player", "star", "company") are in no group and decide nothing.
"""

from __future__ import annotations

import re

from qa.questions import AUXILIARY

# Each group: nouns that can name the same person or thing. A noun may sit in two groups
# ("boss" runs a club or a company); two nouns are of one kind when they share a group.
_GROUPS: list[frozenset[str]] = [
    frozenset(g.split())
    for g in (
        # people: music
        "singer vocalist frontman frontwoman rapper",
        "bassist",
        "guitarist",
        "drummer",
        # people: law, protest, politics
        "judge magistrate",
        "protester demonstrator",
        "mp mep politician",
        # people: sport
        "striker forward",
        "midfielder",
        "defender",
        "goalkeeper keeper",
        "winger",
        "captain skipper",
        "manager coach boss",
        "referee",
        # people: business
        "chairman chairwoman executive director boss founder president",
        # works
        "film movie documentary cartoon sitcom programme drama soap",
        "book novel biography autobiography memoir",
        "newspaper paper tabloid magazine",
        "album",
        "song single track",
    )
]
_KIND_WORDS = frozenset().union(*_GROUPS)
_KIND = r"(?i:" + "|".join(sorted(_KIND_WORDS, key=len, reverse=True)) + r")"

# Words that end the noun phrase a question asks with: an auxiliary, a preposition, an article.
_STOP = rf"(?:{AUXILIARY}|the|a|an|of|in|on|at|to|for|by|with|from|and|or|who|that|which|whose)"
_MODIFIER = rf"(?:(?!{_STOP}\b)[\w'\u2019-]+\s+)"
_ASKED = [
    # "Which judge ...?", "Which Chinese banks ...?", "What film's theme song ...?" (the film)
    re.compile(
        rf"^\s*(?:\w+\s+)?(?:which|what)\s+(?:(?![\w-]+['\u2019]){_MODIFIER}){{0,2}}({_KIND})s?\b", re.IGNORECASE
    ),
    # "What is the name of the bassist ...?", "... the title of Ricky Gervais' cartoon book?"
    re.compile(
        rf"\b(?:name|title)\s+of\s+(?:(?:the|a|an|his|her|its|their)\s+)?{_MODIFIER}{{0,3}}({_KIND})s?\b",
        re.IGNORECASE,
    ),
    # "Who is the chief executive of ...?"
    re.compile(rf"^\s*who\s+(?:is|was|are|were)\s+(?:the|a|an)\s+{_MODIFIER}{{0,2}}({_KIND})s?\b", re.IGNORECASE),
    # "Who did Jonny Wilkinson succeed as England captain?"
    re.compile(rf"\bas\s+(?:the\s+)?{_MODIFIER}{{0,2}}({_KIND})s?\W*$", re.IGNORECASE),
]
# The sentence's own word for its answer: a title right before it ("lead singer Gary
# Lightbody", "hit US cartoon The Simpsons"), or one set off by a comma right after it
# ("Richard Dodd, regional director of the Countryside Alliance").
_TITLE_BEFORE = re.compile(rf"\b({_KIND})(?:\s+and\s+(?:[\w-]+\s+)?({_KIND}))?\s+$")  # "executive and manager"
_TITLE_AFTER = re.compile(rf"^\s*,\s+(?:(?:the|a|an|its|his|her|their)\s+)?{_MODIFIER}{{0,3}}?({_KIND})s?\b[^,;:.!?]*,")
_TITLE_OWN = re.compile(rf"\b({_KIND})\W*$")  # the answer is itself a title: "Euro MP"


def _asked(question: str) -> re.Match[str] | None:
    """Where the question asks for a kind this module knows: group 1 is its noun."""
    return next((m for pattern in _ASKED if (m := pattern.search(question))), None)


def _given(sentence: str, start: int, end: int) -> list[str]:
    """The kind nouns ``sentence`` gives the answer at ``sentence[start:end]``."""
    found = []
    for m in (
        _TITLE_OWN.search(sentence[start:end]),
        _TITLE_BEFORE.search(sentence[:start]),
        _TITLE_AFTER.match(sentence[end:]),
    ):
        if m:
            found += [kind.lower() for kind in m.groups() if kind]
    return found


def of_another_kind(question: str, sentence: str, start: int, end: int) -> bool:
    """Whether the sentence calls its answer a kind the question does not ask for: a singer
    for "the bassist", a regional director for "Which judge ...?", a cartoon for "the cartoon
    book"."""
    asked = _asked(question)
    if asked is None:
        return False
    given = _given(sentence, start, end)
    # the question may name the other kind itself ("Which judge is a jazz singer?"), not as a
    # modifier of the kind asked ("the cartoon book")
    named = {w.lower() for w in re.findall(r"[\w-]+", question[: asked.start()] + " " + question[asked.end() :])}
    return bool(given) and not any(_same_kind(asked[1].lower(), g) or g in named for g in given)


def _same_kind(a: str, b: str) -> bool:
    return a == b or any(a in g and b in g for g in _GROUPS)
