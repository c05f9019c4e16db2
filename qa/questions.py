"""A question as typed, made the question the reader and the checks read (``as_question``).

Users type questions the way they talk: "can you tell me who Peskov is", "I was reading the
news. What did Kosachev say? Thanks!", "Who's Lukyanov", with a phone's curly apostrophes. The
reader learnt from SQuAD questions, which start with the question and end in "?", and the
answerer's checks read question forms from their first word ("Who is X?", "According to X,
...?"). So the message is cut to the question it ends with, without its lead-in, courtesy or
"according to the article", contractions spelt out and a question mark added; a message that
only names someone asks who they are. The answer still reports the question as it was typed.
Each step was measured on the fifteen question sets typed those ways (bench/typed.py).
"""

from __future__ import annotations

import re

from qa.appositives import as_name, asked_name
from qa.conversation import CALENDAR, names

# The verbs a question can open with: "Did Biden visit Russia?", "Is Peskov Putin's spokesman?"
AUXILIARY = r"(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|may|might)"
_NEGATED = (
    r"(?:isn't|aren't|wasn't|weren't|don't|doesn't|didn't|hasn't|haven't|won't|can't|couldn't|wouldn't|shouldn't)"
)
_YES_NO = re.compile(rf"^\s*(?:{AUXILIARY}|{_NEGATED})\b", re.IGNORECASE)


# The words a question can be asked with, and the greetings a message can open with.
_WH = r"(?:who|whom|whose|what|which|when|where|why|how)"
_GREETING = r"(?:hi|hello|hey|ok|okay)"


def asks_yes_or_no(question: str) -> bool:
    """Whether ``question`` opens with an auxiliary verb: yes or no is a sentence's to say."""
    return bool(_YES_NO.match(question))


# A question's own first words: what is left after a lead-in must start like a question.
_QUESTION_START = re.compile(
    rf"(?:(?:[\w'\u2019-]+[\s,]+){{0,3}}?{_WH}|{AUXILIARY}|according\s+to)\b",
    re.IGNORECASE,
)
# ... and, after a sentence, its very first word ("What did Gen. Smith say about what ...?" is one question).
_QUESTION_WORD = re.compile(
    r"(?:(?:in|on|at|under|from|to|for|of|by|with|through|during|after|before|since|until|besides|about|against|"
    r"between|into|over|within|without|among|altogether)\b[\s,]*(?:[\w'\u2019-]+[\s,]+){0,3}?)?"
    rf"{_WH}\b|{AUXILIARY}\b|according\s+to\b",
    re.IGNORECASE,
)
# The articles named as the source: "According to the article, who is Kosachev?" asks who he is.
_FRAME = (
    r"(?:according\s+to|in|from|based\s+on)\s+(?:the|this|these|those|your)\s+(?:news\s+)?"
    r"(?:articles?|stor(?:y|ies)|reports?|texts?|pieces?|sources?|documents?|news|coverage)\b"
)
_TRAILING_FRAME = re.compile(rf"[\s,;:-]+{_FRAME}(?=\s*[?.!]*\s*$)", re.IGNORECASE)
# "Tell me about Lukyanov", "What does the article say about Lukyanov?", "Lukyanov?": who he is.
_ABOUT = re.compile(
    r"^(?P<asked>(?:please\s+)?tell\s+me\s+about|what\s+(?:do|does|did)\s+(?:the\s+|this\s+|these\s+)?"
    r"(?:articles?|stor(?:y|ies)|reports?|texts?|news)\s+say\s+about)?\s*(?P<name>[^?.!,;:]+?)\s*[?.!]*\s*$",
    re.IGNORECASE,
)
# ... but a bare word that is not a name: "Why?", "Thanks", "Hello".
_NOT_A_NAME = re.compile(
    rf"^(?:{AUXILIARY}|{_WH}|{_GREETING}|yes|no|thanks|thank\s+you|please|sorry)$",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(
    rf"^(?:(?:{_GREETING}|so|well|please)\b[\s,.!:;-]*)*"
    r"(?:(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?)?(?:tell|show)\s+me|let\s+me\s+know|"
    r"(?:do|does)\s+(?:you|anyone|anybody)\s+know|i(?:\s+(?:want|wanted|would\s+like|need)|['\u2019]d\s+like)\s+to\s+know|"
    r"i\s+wonder(?:ed)?|i(?:'m|\u2019m|\s+am)\s+wondering|question)?[\s,.!:;-]*"
    rf"(?:{_FRAME}[\s,.!:;-]*)?",
    re.IGNORECASE,
)


# After a lead-in the question is often in statement order: "tell me who Peskov is", "what
# Kosachev said". The two commonest shapes are put back in question order.
_EMBEDDED_BE = re.compile(
    r"^(who|what)\s+((?:[\w'\u2019.-]+\s+){0,4}?[\w'\u2019.-]+)\s+(is|was|are|were)\s*([?.!]*)$", re.IGNORECASE
)
_EMBEDDED_SAID = re.compile(
    r"^what\s+((?:[\w'\u2019.-]+\s+){0,4}?[\w'\u2019.-]+)\s+(said|told|says|tells)\b(.*)$", re.IGNORECASE
)
_BASE = {"said": ("did", "say"), "told": ("did", "tell"), "says": ("does", "say"), "tells": ("does", "tell")}


def _question_order(rest: str) -> str:
    if m := _EMBEDDED_BE.match(rest):
        return f"{m[1]} {m[3]} {m[2]}{m[4]}"
    if (m := _EMBEDDED_SAID.match(rest)) and not re.match(
        r"(?:did|does|do|has|had|have|is|was)\b", m[1], re.IGNORECASE
    ):
        aux, verb = _BASE[m[2].lower()]
        return f"what {aux} {m[1]} {verb}{m[3]}"
    return rest


# Courtesies after the question: "Who is Peskov, please?", "Who is Peskov? Thanks!"
_COURTESY = re.compile(
    r"(?:[\s,;:-]*\b(?:please|pls|plz|thanks|thank\s+you|thx|ty|cheers)\b(?:\s+(?:so\s+much|a\s+lot|very\s+much|in\s+advance))?[\s!.?]*)+$",
    re.IGNORECASE,
)


def without_courtesy(text: str) -> str:
    """``text`` without the courtesy it ends with ("Who is Peskov, please?" -> "Who is Peskov");
    a message that is nothing but one stays as it is."""
    m = _COURTESY.search(text)
    if m is None or not text[: m.start()].strip():
        return text
    set_off = re.match(r"\s*[,;:!?.-]", m[0])  # "..., please?" is one whatever comes before it
    if not set_off and re.search(r"\b(?:as|if|they|you|we|he|she|i|it|one|to)$", text[: m.start()], re.IGNORECASE):
        return text  # "as they please": a verb, not a courtesy
    return text[: m.start()]


# What a message says before its question may be about the user ("I was reading the news
# today.", "Thanks!") or the question's context ("The mantle has two layers. What are they?").
_ABOUT_THE_USER = re.compile(
    rf"\b(?:i|i'm|i've|i'd|i'll|me|my|we|we're|our|us)\b|^\W*(?:{_GREETING}|thanks|thank\s+you|so|well|great)\b",
    re.IGNORECASE,
)
# A word of the question that points back at the sentence before: "What did he say?", "the last county"
_LEANS_BACK = re.compile(
    r"\b(?:he|she|it|they|them|him|the\s+(?:other|others|last|latter|former|remaining|same|rest))\b",
    re.IGNORECASE,
)
# Where a sentence of what was typed ends: "I was reading the news. Who is Peskov?"
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*\s+")
_WH_START = re.compile(rf"{_WH}\b", re.IGNORECASE)


def the_question(text: str) -> str:
    """The question in ``text`` when the other sentences are about the user ("I was reading
    about the election. Who is Peskov?", "Who is Peskov? I saw his name today." -> "Who is
    Peskov?"), or name the one person its "he" or "she" is ("I read about Peskov. What did he
    say?" -> "What did Peskov say?"); otherwise ``text``: the sentences around a question can be
    its context ("The mantle has two layers. What are they?"). Two questions asked one after the
    other are joined into one of two parts ("Who is Peskov? What did he say?" -> "Who is Peskov,
    and what did he say?"). The question is the last sentence that ends in "?",
    else the last that starts like one; a sentence starts with a capital or a question word
    (unless all is lowercase), so "What did Gen. Smith say?" stays whole, and "Other than L.A.
    which county ...?", whose first part is not about the user, is read whole too."""
    uncased = text == text.lower()
    # a sentence starts with a capital, or with a question word typed in lowercase ("I read the
    # news today. who's Michael Ancram")
    cuts = [0] + [
        m.end()
        for m in _SENTENCE_END.finditer(text)
        if uncased or text[m.end() : m.end() + 1].isupper() or _WH_START.match(text, m.end())
    ]
    sentences = [text[a:b].strip() for a, b in zip(cuts, cuts[1:] + [len(text)])]
    asking = [i for i, s in enumerate(sentences) if _QUESTION_WORD.match(without_lead_in(s))]
    marked = [i for i in asking if sentences[i].endswith("?")]
    if len(sentences) < 2 or not asking or (not marked and asking[-1] != len(sentences) - 1):
        return text
    i = (marked or asking)[-1]
    if len(marked) == 2 and all(_WH_START.match(sentences[j]) for j in marked):
        # "Who is Peskov? What did he say?" asks both: read as one two-part question (``parts``)
        first, second = (sentences[j] for j in marked)
        others = [s for j, s in enumerate(sentences) if j not in marked and s]
        if all(_ABOUT_THE_USER.search(s) for s in others):
            return f"{first.rstrip('? ')}, and {second[0].lower()}{second[1:]}"
    question, others = sentences[i], [s for j, s in enumerate(sentences) if j != i and s]
    # Only what is about the user goes, and only from a question that does not lean on it:
    # "What did he say?" leans back; "Who is set to head Yugansk when it is spun off?" names "it".
    about_user = all(_ABOUT_THE_USER.search(s) for s in others)
    leans_back = _LEANS_BACK.search(question) and not re.search(r"\s[A-Z]", question)
    if leans_back:
        # "I read about Peskov. What did he say?": the one person named before is "he"
        return _with_person(question, " ".join(others)) or text
    return question if about_user else text


# Capitalised words that name no person "he" or "she" could be: "I", days, months, and the words
# a sentence opens with ("Who is Peskov?" names Peskov, not "Who").
_NOT_PEOPLE = re.compile(
    rf"^(?:{_WH}|{AUXILIARY}|{_GREETING}|i|the|a|an|this|that|it|there|he|she|they|we|you|so|well|thanks|"
    rf"{CALENDAR}|today|yesterday)$",
    re.IGNORECASE,
)


def _with_person(question: str, before: str) -> str | None:
    """``question`` with its "he" or "she" (its only leaning word) named by the one person
    ``before`` names, or None: "Putin met Biden. What did he say?" does not say who spoke, and
    "What did he say about it?" leans on more than a person."""
    if any(w.lower() not in ("he", "she", "him", "her") for w in _LEANS_BACK.findall(question)):
        return None
    people = []
    for name in names(before, initial_ok=True):
        words = name.split()
        while words and _NOT_PEOPLE.match(words[0]):
            words.pop(0)
        if words and not " ".join(words).isupper():  # "TV", "BBC": no "he"
            people.append(" ".join(words))
    pronoun = re.search(r"\b(?:he|she)\b|(?<=according to )(?:him|her)\b", question, re.IGNORECASE)
    if len(people) != 1 or pronoun is None:
        return None
    return f"{question[: pronoun.start()]}{people[0]}{question[pronoun.end() :]}"


def without_lead_in(question: str) -> str:
    """``question`` without a polite lead-in ("Can you tell me: who is Peskov?" -> "Who is
    Peskov?"), when what follows starts like a question; otherwise as it is."""
    lead = _LEAD_IN.match(question)
    rest = question[lead.end() :] if lead else question
    if not lead or not lead.group(0).strip() or not rest or not _QUESTION_START.match(rest):
        return question
    rest = _question_order(rest)
    return rest[0].upper() + rest[1:]


# Phones type curly quotes; the reader's questions had straight ones ("Putin’s" reads otherwise).
_STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


# A contracted question word, spelt out as the reader learnt it: "Who's" -> "Who is".
_CONTRACTED = re.compile(
    r"^(who|what|where|when|why|how|which)(?:'s|s(?=\s)|'re|'d)(?=\s)(?!\s+(?:is|are|was|were|do|does|did|has|have)\b)",
    re.IGNORECASE,
)
# "Who's" also stands for "Whose" ("Who's chains were made of copper?"): a verb of its own a
# word or two on says so; before a name or a determiner it is "Who is" ("Who's Peskov?").
_WHO_IS_BEFORE = re.compile(r"\s+(?:[A-Z]|(?:the|a|an|this|that|these|those|his|her|their|its|my|your|our)\b)")
_WHOSE_BEFORE = re.compile(rf"\s+(?:[a-z][\w-]*\s+){{0,2}}(?:{AUXILIARY}|will|would)\b")
_SPELT = {"'s": " is", "s": " is", "'re": " are", "'d": " did"}


def spelt_out(question: str) -> str:
    """``question`` with its contracted question word spelt out ("What's ...?" -> "What is ...?")."""
    if m := _CONTRACTED.match(question):
        if (
            m[1].lower() == "who"
            and not _WHO_IS_BEFORE.match(question, m.end())
            and _WHOSE_BEFORE.match(question, m.end())
        ):
            return question
        return m[1] + _SPELT[question[len(m[1]) : m.end()].lower()] + question[m.end() :]
    return question


def about_whom(question: str) -> str:
    """ "Who is X?" for a message that only names X, or asks what the articles say about X
    ("Tell me about Lukyanov", "Lukyanov?"); otherwise ``question``. "What about X?" and
    "Tell me more about X" are left alone: in a conversation they ask the last question again
    of X (qa/conversation.py)."""
    if (m := _ABOUT.match(question)) and (name := as_name(m["name"])) is not None:
        if m["asked"] or not _NOT_A_NAME.match(name):
            return f"Who is {name}?"
    return question


def as_question(question: str) -> str:
    """``question`` as the reader was trained to read one: no lead-in, straight quotes, ending in
    a question mark. Typed without the mark ("who is peskov") or with a phone's curly
    apostrophes, the reader's spans and their probabilities shift."""
    question = question.translate(_STRAIGHT)
    if question.isupper():  # "WHO IS PESKOV?": shouted, its capitals say nothing of names
        question = question.lower()
    question = without_courtesy(question)
    question = _TRAILING_FRAME.sub("", question)
    question = about_whom(spelt_out(without_lead_in(the_question(question))))
    return question if question.endswith("?") else question.rstrip(".!;: ") + "?"


# "Who was Trump's opponent in 2016, and how quickly did she concede?": two questions in one.
_TWO_PARTS = re.compile(rf"^(?P<first>\s*{_WH}\b.+?)(?:\s*,)?\s+and\s+(?P<second>{_WH}\b.+)$", re.IGNORECASE)


def parts(question: str) -> list[str]:
    """The questions ``question`` asks: two when it joins two with "and" ("Which journal does
    Lukyanov edit, and which news agency did he speak to?"), each ending in "?"; else itself.
    Read whole, the reader answers one of them at most, and neither when the two pull apart.
    Each part must be a question of three words or more ("Who won and when?" is one question)."""
    match = _TWO_PARTS.match(question)
    if match is None:
        return [question]
    first, second = match["first"].strip().rstrip(",;?") + "?", match["second"].strip()
    if min(len(first.split()), len(second.split())) < 3:
        return [question]
    return [first, second if second.endswith("?") else second.rstrip(".!;: ") + "?"]


_SUBJECT_PRONOUN = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
# The first part's subject follows its auxiliary ("Which journal does Fyodor Lukyanov edit?");
# without one within the question phrase, the asked one is the subject ("Which Tory backbencher
# wanted ...?"), as after "who is/was" ("Who was Trump's opponent in 2016?").
_AUXILIARY_AFTER = re.compile(
    rf"^\s*{_WH}\b(?P<phrase>(?:\s+[\w'\u2019-]+){{0,3}}?)\s+(?P<aux>{AUXILIARY})\s+(?P<rest>.+)$", re.IGNORECASE
)


def with_subject(second: str, first: str, answer: str | None) -> str | None:
    """The second part of a two-part question with the person its "he" or "she" means named:
    the name the first part asks about ("Who is Peskov, and what did he say?"), its subject
    ("Which journal does Lukyanov edit, and which news agency did he speak to?"), or, when it
    asks who did something or who someone was, its answer ("Who was Trump's opponent in 2016,
    and how quickly did she concede?" -> Hillary Clinton). None when that answer is not known:
    unread, a part about "him" might be answered about anyone. "It" and "they" are left to the
    reader (the passages were retrieved for the whole question)."""
    pronoun = _SUBJECT_PRONOUN.search(second)
    if pronoun is None:
        return second
    name = asked_name(first)
    if name is None and (m := _AUXILIARY_AFTER.match(first)) is not None:
        copular = not m["phrase"].strip() and m["aux"].lower() in {"is", "was", "are", "were"}
        name = answer if copular else next(iter(names(m["rest"], initial_ok=True)), None)
    elif name is None:
        name = answer  # "Which Tory backbencher wanted ...?": the one asked for did it
    if not name:
        return None
    return f"{second[: pronoun.start()]}{name}{second[pronoun.end() :]}"
