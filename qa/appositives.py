"""Answering "Who is Dmitry Peskov?" with the description news gives a person where it names them.

News introduces a person with an appositive: a title right before the name ("Putin's
spokesman Dmitry Peskov"), a description set off by commas right after it ("Konstantin
Kosachev, chairman of the foreign affairs committee in the upper house of parliament,") or
right before it ("Her lawyer, Perry Wander,"), or "X, who is ..." / "X is the ...", or where
they are from ("Andrew Ryder, of the Traveller Law Reform Coalition,").
The reader finds that description but doubts it (SQuAD rarely asks a description of a name),
so the answerer takes the construction itself as the evidence: when the reader's span in a
passage *is* such an appositive of the very name asked about, it answers with it. A span
merely near the name ("noted Yashar Ali" -> "Putin") is not one, and a name no article
describes still gets "The articles don't say."
"""

from __future__ import annotations

import re

from index.lexical import tokenize

_ROLE = r"(?:job|position|post|role|title|occupation)"
# "Who is X?" and the ways of asking the same: what X's job is, what position X holds.
_ASKS_ABOUT = [
    re.compile(rf"^\s*{form}\s*[?!.]*\s*$", re.IGNORECASE)
    for form in (
        r"who(?:\s+is|\s+was|'s|\u2019s)\s+(?P<name>[^?!.]+?)",
        rf"what(?:\s+is|\s+was|'s|\u2019s)\s+(?P<name>[^?!.]+?)(?:'s|\u2019s)\s+{_ROLE}",
        rf"what\s+{_ROLE}\s+(?:does|did)\s+(?P<name>[^?!.]+?)\s+(?:hold|have|do|play)",
    )
]
HONORIFIC = re.compile(r"^(?:mr|mrs|ms|miss|dr|prof|professor|sir|dame|lord|lady)\.?$", re.IGNORECASE)
_PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "i", "we", "you", "who", "this", "that"}
_PARTICLES = {"de", "del", "da", "di", "du", "van", "von", "der", "den", "le", "la", "al", "bin", "ibn", "el"}
LEADING_WORD = r"(?:[A-Z][\w.'\u2019-]*\s+)?"  # one capitalised word before a name: "Dmitry", "Mr"
_POSSESSIVE = re.compile(r"(?:^|(?<=\s))([A-Z][\w.-]*(?:'s|\u2019s))\s+$")  # "Putin's " before the span
# what ends a description after a name (a reporting verb when the closing comma is left out:
# "Patricia Sanders, spokeswoman for the Disaster Emergency Committee said ...")
_CLOSE = re.compile(r"[,;:)\u2013\u2014]|\.(?:\s|$)|\s+-\s|\s+(?=(?:said|says|told|tells|added|adds)\b)")
_RELATIVE = re.compile(r"\s*(?:who|whom|whose|which|that|where|when)\b", re.IGNORECASE)
_STATE = re.compile(r"\w+(?:ed|ing)\b")  # "expected to", "leaving": what a person does, not is
_COPULA = r"\s+(?:is|was|has\s+become|had\s+become|became|remains)\s+"  # "Name has become the ..."
# A capitalised title of a body, after a name: "Tim Crawford, Group Economist at Halifax, said"
_TITLE_OF_BODY = re.compile(r"(?:[A-Z][a-z]+\s+){0,3}[A-Z][a-z]+\s+(?:at|of|for)\s+(?:the\s+)?[A-Z]")
# words that do not open a title: "Name, who said ...", "Name, however, ..."
_TITLE_HEAD_STOP = re.compile(
    r"\b(?:the|a|an|who|whom|whose|which|that|and|but|or|said|says|told|added|however|meanwhile|also|in|on|at|of|for|to|is|was|has|had)\b"
)
_LONGEST = 120  # characters a description after a name may run to its closing comma
# Questions that ask for someone or something other than a name they give: "Who will stand
# against Adam Ingram?", "Which firm did Softbank buy?" -- not "Who is ...?", "What kind of ...?".
_AUX = r"(?:did|does|do|will|would|has|have|had|can|could|should|may|might)"
_ASKS_ANOTHER = re.compile(
    rf"^\s*(?i:who|whom)\b|^\s*(?i:which|what)\s+(?!{_AUX}\b|(?:form|region|part|portion|area|kind|type|sort)\b)"
    rf"(?:[a-z][a-z-]*\s+){{1,3}}{_AUX}\s"
)
_ABOUT_THE_NAME = re.compile(
    r"\b(?:is|was|are|were|be|been|being)\b|'s\b|\u2019s\b|\b(?:kind|type|sort)\s+of\b|"
    r"\b(?:job|position|post|role|title|occupation|profession|career|living)\b",
    re.IGNORECASE,
)
_HEAD = (
    r"(?:firm|company|group|giant|maker|chain|retailer|bank|agency|organisation|organization|body|club|"
    r"side|team|band|network|channel|broadcaster|party|operator|carrier|airline|studio|label|publisher|"
    r"newspaper|magazine|website|site|charity|union|council|institute|university|school)"
)
_NAME_AFTER = re.compile(rf"(?:\s+{_HEAD})?\s+(?:(?:Mr|Mrs|Ms|Dr|Sir)\.?\s+)?([A-Z][\w.'\u2019-]*)")
_TITLE_WORDS = 6  # a title before a name is short: "Bank of England deputy governor"


def asked_name(question: str) -> str | None:
    """The name a "Who is ...?" question (or "What is ...'s job?") asks about ("Dmitry Peskov"),
    or None for other questions."""
    match = next((m for form in _ASKS_ABOUT if (m := form.match(question))), None)
    if match is None:
        return None
    # "Who is Chris Bailey in British tennis?": the name, before where the asker places them;
    # "Who is John Gill of Standard Life?", "Who is Smernicki, who spoke about ...?": the name
    # before what the asker adds ("Who is James Clarke who got an OBE?")
    return as_name(match["name"]) or as_name(
        re.split(
            r"\s*,\s*|\s+(?:in|at|from|on|of|who|whose|that|which)\s+", match["name"], maxsplit=1, flags=re.IGNORECASE
        )[0]
    )


def name_slots(question: str) -> list[tuple[int, int]]:
    """Where a "Who is X?" question expects the name, as [start, end) offsets."""
    return [m.span("name") for form in _ASKS_ABOUT if (m := form.match(question))][:1]


def as_name(text: str) -> str | None:
    """``text`` as a person's name, honorifics dropped ("Mr Peskov" -> "Peskov"), or None when it
    is not written as a name is."""
    words = [w for w in text.split() if not HONORIFIC.match(w)]
    # A name as names are written, not a description: "Who is Putin's spokesman?", "Who is the
    # president of France?", "who is set to ..." ask for a person, not about one.
    if not words or len(words) > 4 or any(w.endswith(("'s", "\u2019s")) for w in words):
        return None
    if not all(w[0].isupper() or w in _PARTICLES for w in words) or not words[-1][0].isupper():
        return None
    if len(words) == 1 and words[0].lower() in _PRONOUNS:  # "What did He say?" names no one
        return None
    return " ".join(words)


def name_pattern(name: str) -> str:
    """A regular expression for ``name`` as an article writes it (any spacing between its words)."""
    return r"\s+".join(re.escape(w) for w in name.split()) + r"\b"


def appositive(name: str, text: str, start: int, end: int) -> tuple[int, int] | None:
    """The description ``text[start:end]`` gives of ``name``, widened to the appositive's own
    bounds, when the span is one; else None.

    Before the name: the span ends one space (and at most a first name) before it, or a comma
    before it when a comma or full stop closes the name ("Her lawyer, Perry Wander, said"); a
    possessive owner just before the span joins it ("Putin's spokesman"). After the name: the
    span starts after "Name, " or "Name, the ", "Name, who is " or "Name is the ", and runs to
    the comma that closes the description; after "Name, of (the) " it starts at "of".
    """
    named = name_pattern(name)
    # "Andrew Ryder, of the Traveller Law Reform Coalition, said": where a person is from says who
    # they are, though the organisation's name has no common word.
    affiliation = (
        re.match(r"(?:the\s+)?[A-Z]", text[start:end])
        and (  # a name: not "Mr Calder, of course,"
            re.search(rf"(?<!\w){named}\s*,\s*((?:of|from)\s+)(?:the\s+)?$", text[:start])
        )
    )
    if affiliation:
        start = affiliation.start(1)
    elif not is_description(text[start:end]) and not _TITLE_OF_BODY.match(text, start):
        return None
    # a title read in part after "Name, " is read whole: "Adrian Palmer, managing director of ..."
    widened = re.search(rf"(?<!\w){named}\s*,\s*(?:(?:the|a|an)\s+)?((?:[a-z][\w-]*\s+){{1,2}})$", text[:start])
    if widened and not affiliation and not _TITLE_HEAD_STOP.search(widened[1]):
        start = widened.start(1)
    before, after = text[:start], text[end:]
    # on the same line: a headline above the body ("Radcliffe tackles marathon tasks\n\nPaula
    # Radcliffe ...") describes no one
    if re.match(rf"(?:[^\S\n]+|[^\S\n]*,[^\S\n]+){LEADING_WORD}{named}", after):
        if re.match(r"\s*,", after) and not re.match(rf"\s*,\s+{LEADING_WORD}{named}\s*[,.;]", after):
            return None  # "In a statement, Peskov said": no appositive without the comma that closes it
        if owner := _POSSESSIVE.search(before):
            start = owner.start(1)
        if len(text[start:end].split()) > _TITLE_WORDS:  # "move won backing from drug-testing expert"
            return None
    elif (
        affiliation
        or re.search(rf"(?<!\w){named}\s*,\s*(?:(?:the|a|an)\s+)?$", before)
        or (
            # "Name, who is ...", "Name is the ...", "Name has become the ...": a description,
            # unless it is a state ("is expected to")
            (
                re.search(rf"(?<!\w){named}(?:\s*,\s*who\s+(?:is|was)\s+|{_COPULA}(?:the|a|an)\s+)$", before)
                or re.search(rf"(?<!\w){named}{_COPULA}$", before)
                and re.match(r"(?:the|a|an)\s", text[start:end])
            )
            and not _STATE.match(text, start)
        )
    ):
        close = _CLOSE.search(text, end, min(len(text), start + _LONGEST))
        # a bracket the description opened closes inside it: "... Phonographic Industries (IFPI)"
        while (
            close is not None
            and close[0] == ")"
            and text.count("(", start, close.start()) > text.count(")", start, close.start())
        ):
            close = _CLOSE.search(text, close.end(), min(len(text), start + _LONGEST))
        if close is None:
            return None
        end = close.start()
    else:
        return None
    if name.lower() in text[start:end].lower():
        return None
    return start, end


def describes_asked(question: str, text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is the title or description right before a name the question
    gives, where the question asks for someone or something else: "Armed Forces Minister" of
    "Armed Forces Minister Adam Ingram" for "Who will stand against Adam Ingram?", "Japanese
    communications" of "Japanese communications firm Softbank" for "Which firm did Softbank
    buy?". It says who or what that name is, which only a question about the name asks ("Who is
    Adam Ingram?", "Where is Lateral Visions based?"), so it answers neither. Of dev-v1.1's
    10,570 gold answers it would refuse one. A possessor before the name is not taken for a
    description: "Rossini's William Tell Overture" answers "Who wrote William Tell Overture?"."""
    span = text[start:end]
    if not _ASKS_ANOTHER.search(question) or not re.search(r"[A-Za-z]{2,}$", span) or re.search(r"\d", span):
        return False
    following = _NAME_AFTER.match(text, end)
    if following is None:
        return False
    word = re.sub(r"(?:'s|\u2019s)$", "", following[1])
    named = {re.sub(r"[?,.!;:]+$|(?:'s|\u2019s)$", "", w) for w in question.split()[1:] if w[:1].isupper()}
    return word in named and not _ABOUT_THE_NAME.search(question[: question.find(word)])


def in_description_of(name: str, text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies in the description set off by commas right after a
    mention of ``name``: "Capgemini" of "Ard Jan Vetham, Capgemini's principal consultant on RFID,
    said ..." says who Vetham is, which "According to Jan Vetham, ...?" never asks."""
    surname = re.escape(name.split()[-1])
    for mention in re.finditer(rf"(?<![\w'\u2019-]){surname}(?![\w'\u2019-])\s*,\s*", text[:start]):
        if not re.search(r"[,;:.!?\"\u201c\u201d]", text[mention.end() : start]) and re.match(
            r"[^,;:.!?]*,", text[end:]
        ):
            return True
    return False


_FULL_NAME = re.compile(r"[A-Z][\w'\u2019.-]+(?:\s+[A-Z][\w'\u2019.-]+)+")


def names_asked(question: str, answer: str) -> bool:
    """Whether ``answer`` holds a full name the question itself gives, where the question asks
    for someone or something else: "Who was voted male athlete of the year in the poll that
    named Kelly Holmes the top woman?" is not answered by "Double Olympic champion Kelly
    Holmes". Of dev-v1.1's 10,570 questions it would refuse every gold answer of one ("Who
    applies European Union law?" -> "... the Court of Justice of the European Union")."""
    if _possessor_asked(question, answer):
        return True
    for left_out in _LEFT_OUT.finditer(question):  # "Which housemates, apart from Brigitte Nielsen, ...?"
        if re.search(rf"(?<![\w-]){re.escape(left_out[1])}(?!\w)", answer):
            return True
    names = [re.sub(r"(?:'s|\u2019s)$", "", n[0]) for n in _FULL_NAME.finditer(answer)]
    if subject := _SUBJECT_ASKED.match(question):
        # "Who did Kerr take over from?": not "Brian Kerr" himself (a full name asked, "Who did
        # Serena Williams beat?", may be answered by another of that surname: "Venus Williams")
        if any(name.split()[-1] == subject[1] for name in names):
            return True
    if not _ASKS_ANOTHER.search(question):
        return False
    asked = " ".join(question.split()[1:])
    for name in names:
        given = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", asked)
        # asked about the name ("Who is Kelly Holmes?"), a span that holds it may describe it
        if given and not re.search(r"\b(?:is|was|are|were)\s+$", asked[: given.start()]):
            return True
    return False


# "Who did Kerr take over from?": the name is the subject, someone else the answer. Of SQuAD
# v1.1's 412 "Who did/does/will <Name> <verb>" questions, one has a gold answer ending in that
# name ("Who did Seminoles harbor?" -> "... the Black Seminoles").
_SUBJECT_ASKED = re.compile(rf"^\s*(?i:who|whom)\s+(?i:{_AUX})\s+([A-Z][\w'\u2019.-]*)\s+[a-z]")


# A name the question sets aside: "apart from Brigitte Nielsen", "other than Ryanair"
_LEFT_OUT = re.compile(
    r"\b(?i:apart\s+from|aside\s+from|other\s+than|besides|except(?:\s+for)?|excluding)\s+"
    r"([A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*)*)"
    # a whole name, not a modifier ("besides Chinese folk religions")
    r"(?=\s*[,;?)]|\s+(?:in|at|on|to|for|who|that|which|has|have|had|did|does|do|is|are|was|were)\b)"
)
_ASKS_SOMEONE = re.compile(r"^\s*(?:(?:in|on|at|from|to|for|of|by|with)\s+)?(?:who|whom|which)\b", re.IGNORECASE)
_FAMILY = re.compile(
    r"\b(?:father|mother|son|daughter|wife|husband|brother|sister|grand\w+|uncle|aunt|cousin|family|"
    r"parents?|child|children|nephew|niece|widow(?:er)?|descendants?|ancestors?|heirs?|name)\b",
    re.IGNORECASE,
)
_ANSWER_NAME = re.compile(r"^((?:[A-Z][\w'\u2019.-]*\s+)*[A-Z][\w'\u2019.-]*)$")


def _possessor_asked(question: str, answer: str) -> bool:
    """Whether ``answer`` is a name for the person whose possessive the question gives, where it
    asks for someone: "Which former British Olympic sprinter hit back at Johnson's criticism?"
    is not answered by "Michael Johnson". Not when the question gives another first name
    ("Which of Genghis Khan's descendants ...?" -> "Ghazan Khan") or asks about a relative or a
    name ("Who is Gervais' brother?"). Of dev-v1.1's 10,570 questions it refuses no gold answer."""
    if not _ASKS_SOMEONE.match(question) or _FAMILY.search(question) or not _ANSWER_NAME.match(answer.strip()):
        return False
    words = [re.sub(r"(?:'s|\u2019s|')$", "", w) for w in answer.split()]
    for given in re.finditer(rf"((?:[A-Z][\w.\u2019'-]*\s+)*){re.escape(words[-1])}(?:'s|\u2019s|')(?!\w)", question):
        first = [w for w in given[1].split() if w.lower() not in ("who", "whom", "which")]
        if not first or first[-1] in words[:-1]:
            return True
    return False


# Words that end a title before a name, read back from it: they govern the title ("backed by
# Linux founder Linus Torvalds"), they are not part of it.
_NOT_TITLE = set(
    "said says told tells added by from with and or but as when while that which who whom whose for to at in on "
    "of into after before under about against than like is was are were be been being has had have will would "
    "could can may might also not its his her their our this these those the a an however meanwhile now then "
    "yesterday today earlier later still yet so thus instead indeed near beside behind among between around "
    "through without within towards toward via upon despite during since until unlike including alongside "
    "never always just only even".split()
)

# Words that stand before a name but describe no role: "the teenage Michael Howard".
_NOT_ROLES = set(
    "teenage young younger late former then now current future new old little real same "
    "new-look in-form out-of-form injury-hit injury-plagued record-breaking well-known much-travelled".split()
)
_BEFORE_VERB = set("to will would could can may might must should shall did does do not never who".split())


def title_before(name: str, text: str, at: int) -> tuple[int, int] | None:
    """The title right before a mention of ``name`` that starts at ``at`` in ``text`` (its first
    name included): "Jewish Chronicle editor" of "welcomed by Jewish Chronicle editor Ned Temko";
    its last word a common noun, at most _TITLE_WORDS words, and an appositive of the name. None
    when the words before the mention are no title ("Mr", "said", "Tesco")."""
    run = re.search(r"(?:[\w'\u2019&-]+[ \t]+)+$", text[max(0, at - 160) : at])  # "R&B star"
    if run is None:
        return None
    offset = max(0, at - 160) + run.start()
    words = list(re.finditer(r"[\w'\u2019&-]+", run[0]))
    head = words[-1][0]
    if not head[0].islower() or head in _NOT_TITLE or head in _NOT_ROLES or not head.replace("-", "").isalpha():
        return None
    first = len(words) - 1
    while first > 0 and len(words) - first < _TITLE_WORDS:
        before = words[first - 1][0]
        # "director and co-star", "chairman and chief executive": two roles joined are one title
        joined = (
            before == "and" and first > 1 and words[first - 2][0].islower() and words[first - 2][0] not in _NOT_TITLE
        )
        if before.lower() in _NOT_TITLE and not joined:
            break
        first -= 1
    if first == len(words) - 1 and first > 0 and words[first - 1][0].lower() in _BEFORE_VERB:
        return None  # "attempt to move Gordon Brown": a verb ("according to party chief X" is a title)
    start, end = offset + words[first].start(), offset + words[-1].end()
    return appositive(name, text, start, end)


def is_description(text: str) -> bool:
    """Whether the reader's span can be a description: a noun phrase with a common word
    ("spokesman", "leader"), not just a name ("Peskov, Lavrov and Shoigu") or a relative clause
    ("Ali, who arrived in 2004, ...": what he did, not who he is)."""
    if _RELATIVE.match(text):
        return False
    common = " ".join(re.findall(r"(?<![\w'\u2019])[a-z][a-z'\u2019-]+", text))
    return bool(common and tokenize([common])[0])


__all__ = [
    "LEADING_WORD",
    "appositive",
    "as_name",
    "asked_name",
    "describes_asked",
    "in_description_of",
    "is_description",
    "name_pattern",
    "names_asked",
    "title_before",
]
