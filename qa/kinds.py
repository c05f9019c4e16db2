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

# A side's players, by position (rugby's too: "Newcastle centre Mathew Tait")
_POSITIONS = (
    "striker forward",
    "midfielder",
    "defender",
    "goalkeeper keeper",
    "winger",
    "captain skipper",
    "centre",
    "fly-half stand-off",
    "scrum-half",
    "full-back fullback",
    "flanker",
    "prop",
    "hooker",
    "lock",
)
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
        *_POSITIONS,
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
# A deed that only some kinds do: "Who scored Newcastle's winner?" asks for a player, so not
# "Newcastle boss Graeme Souness"; "Who refereed ...?" for a referee, not a centre.
_PLAYERS = frozenset(" ".join(_POSITIONS).split())
_DEEDS = [
    (
        re.compile(
            r"^\s*who\s+(?:scored|netted|got|grabbed|kicked)\b.*\b(?:goals?|tries|try|winner|equali[sz]er|penalt(?:y|ies)|hat-trick|drop(?:ped)?[ -]goal)\b",
            re.IGNORECASE,
        ),
        _PLAYERS,
    ),
    (re.compile(r"^\s*who\s+(?:captained|skippered)\b", re.IGNORECASE), _PLAYERS),
    (re.compile(r"^\s*who\s+(?:refereed|officiated)\b", re.IGNORECASE), frozenset({"referee"})),
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
    book", a manager for "Who scored ...?"."""
    asked = _asked(question)
    if asked is None:
        deed = next((kinds for pattern, kinds in _DEEDS if pattern.search(question)), None)
        if deed is not None and any(g not in deed for g in _given(sentence, start, end)):
            return True
        asks_side = deed is not None or _WHICH_SIDE.match(question) is not None
        return asks_side and _of_the_other_side(question, sentence[:start])
    given = _given(sentence, start, end)
    # the question may name the other kind itself ("Which judge is a jazz singer?"), not as a
    # modifier of the kind asked ("the cartoon book")
    named = {w.lower() for w in re.findall(r"[\w-]+", question[: asked.start()] + " " + question[asked.end() :])}
    return bool(given) and not any(_same_kind(asked[1].lower(), g) or g in named for g in given)


# The side a deed is asked for ("Gloucester's late try", "the winner for Newcastle") and the
# side a sentence gives its player ("Newcastle centre Mathew Tait").
_SIDE = r"([A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,2})"
_ASKED_SIDE = re.compile(
    rf"\b{_SIDE}['\u2019]s?\s+(?:[\w-]+\s+){{0,2}}?(?:goals?|tries|try|winner|equali[sz]er|penalt(?:y|ies))\b|\bfor\s+{_SIDE}"
)
_WHICH_SIDE = re.compile(rf"^\s*(?i:which)\s+{_SIDE}\s+(?i:player)\b")  # "Which Gloucester player ...?"
_GIVEN_SIDE = re.compile(rf"{_SIDE}['\u2019]?s?\s+(?:[\w-]+\s+)?{_KIND}\s+$")


# A national side is named by its country or its people: "Which French player ...?" asks for a
# "France full-back".
_DEMONYMS = {
    "english": "england",
    "french": "france",
    "irish": "ireland",
    "welsh": "wales",
    "scottish": "scotland",
    "italian": "italy",
    "spanish": "spain",
    "german": "germany",
    "dutch": "holland",
    "portuguese": "portugal",
    "brazilian": "brazil",
    "argentine": "argentina",
    "australian": "australia",
    "british": "britain",
    "american": "america",
    "russian": "russia",
    "greek": "greece",
}


def _of_the_other_side(question: str, before: str) -> bool:
    """Whether the sentence gives its player to a side the question names, not the one it asks
    about: "Newcastle centre Mathew Tait" for "Who scored Gloucester's try at Newcastle?" or
    "Which Gloucester player was sent off at Newcastle?"."""
    asked, given = _WHICH_SIDE.match(question) or _ASKED_SIDE.search(question), _GIVEN_SIDE.search(before)
    if asked is None or given is None:
        return False
    side, theirs = next(g for g in asked.groups() if g).lower(), given[1].lower()
    return (
        theirs != side
        and _DEMONYMS.get(side) != theirs
        and _DEMONYMS.get(theirs) != side
        and re.search(rf"\b{re.escape(theirs)}\b", question, re.IGNORECASE) is not None
    )


def _same_kind(a: str, b: str) -> bool:
    return a == b or any(a in g and b in g for g in _GROUPS)
