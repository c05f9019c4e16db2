"""The words a reader's answer span leaves out of the phrase it answers with.

A reader trained on SQuAD marks the shortest span its annotators would: "20%" where the text
says "almost 20%", "defence minister" for "India's defence minister", "1999 and 2001" for
"between 1999 and 2001", "png" for ".png files". Some of those cuts change what the answer
says (almost 20% is not 20%), the others leave a phrase a reader must look up. ``complete``
puts back the few words that belong to the answer's phrase by its form alone: a qualifier of a
quantity, the degree of a comparison ("much more assertive": more assertive is not assertive),
the opening of a range, a named possessor, the head of a title-case name the span starts inside
("Global Affairs journal" of "the Russia In Global Affairs journal"), the first items of a list
the span ends ("low inflation, unemployment and mortgage rates"), a symbol attached to the
word, and the bracket the span opened (one it only closes is dropped: "$1bn)").
Nothing else is widened by form alone. What the question asks can widen it too: a modifier
gets the noun "What kind of ...?" names ("radio" -> "radio network"), since the modifier alone
leaves the reader to supply it. Where a phrase ends is otherwise the reader's call ("four"
answers "How many times?" as well as "four times" does).
"""

from __future__ import annotations

import re

from qa.conversation import CALENDAR

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    "hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|half"
)
# A quantity: "20%", "£5m", "1999", "four", "a third" ("a" only before a number word or fraction).
_QUANTITY = re.compile(
    rf"^(?:[$£€¥]?\d|(?:{_NUMBER_WORDS})\b|a\s+(?:{_NUMBER_WORDS}|third|quarter|fifth)\b)", re.IGNORECASE
)
# Words that qualify a quantity; the answer without them says something else.
_QUALIFIER = re.compile(
    r"(?:^|(?<=\s))(?:(?:just|well|only|slightly|some)\s+)?"
    r"(?:almost|nearly|about|around|roughly|approximately|some|over|under|more\s+than|less\s+than|"
    r"fewer\s+than|up\s+to|at\s+least|at\s+most|as\s+many\s+as|as\s+much\s+as|as\s+few\s+as|"
    r"as\s+little\s+as|an\s+estimated|only|just|barely)\s+$",
    re.IGNORECASE,
)
# A comparison's degree: "more assertive", "the most expensive", "far less likely"; without it
# the answer says something else, as a quantity without its qualifier does.
_DEGREE = re.compile(
    r"(?:^|(?<=\s))(?:(?:much|far|even|ever|still|slightly|significantly|considerably|a\s+lot|a\s+little)\s+)?"
    r"(?:more|most|less|least)\s+$",
    re.IGNORECASE,
)
_RANGE = re.compile(r"^\S+(?:\s+\S+)?\s+(?P<joint>and|to)\s+\S+", re.IGNORECASE)  # "1999 and 2001", "£5m to £7m"
_RANGE_OPENING = {
    "and": re.compile(r"(?:^|(?<=\s))between\s+$", re.IGNORECASE),
    "to": re.compile(r"(?:^|(?<=\s))from\s+$", re.IGNORECASE),
}
# The opening and low end of an estimate whose high end the span is: "between 1.1 and ". Of
# SQuAD v1.1's gold answers after one that are not years, 7 are the high end alone and 111 the
# whole range; "from X to" is a change, whose end is often asked ("fell from $29,526 to").
_RANGE_LOW_END = re.compile(r"(?:^|(?<=\s))between\s+[$£€¥]?\d[\d,.]*\s+and\s+$", re.IGNORECASE)
# "India's " right before a span that starts with a common word: the span is India's something.
_POSSESSOR = re.compile(r"(?:^|(?<=[\s(\"'\u201c\u2018]))(?:[A-Z][\w.&-]* )?[A-Z][\w.&-]*(?:'s|\u2019s|s') $")
# Capitalised words that open a sentence or a date rather than a name: "On Monday Brown's plan".
_NOT_NAMES = re.compile(
    rf"^(?:the|a|an|on|in|at|by|for|from|to|of|and|but|or|as|with|after|before|since|last|this|next|"
    rf"{CALENDAR})\s+",
    re.IGNORECASE,
)
# Capitalised only inside a name or title: "Russia In Global Affairs", "In The Name Of The Father".
_TITLE_WORDS = {"In", "Of", "On", "For", "And", "At", "To", "With", "From", "The", "A", "An"}
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_ATTACHED = "$£€¥#@."  # a symbol glued to the front of a word: ".png", "#MeToo", "@bbcnews"
_AUXILIARY = r"(?:did|does|do|has|have|had|is|are|was|were|will|would|can|could|should|might|must|may)"
# "What kind of <noun> did/is ...": the noun the answer's modifier qualifies.
_KIND = re.compile(
    rf"^\s*(?:on\s+|in\s+|from\s+)?(?:what|which)\s+(?:kind|type|sort|form)s?\s+of\s+((?:[\w'-]+\s+){{0,3}}?[\w'-]+)\s+"
    rf"{_AUXILIARY}\b",
    re.IGNORECASE,
)


def complete(text: str, start: int, end: int) -> tuple[int, int]:
    """``text[start:end]``, the reader's span, widened to the words its phrase cannot do without.

    >>> text = "Air travel rose by almost 20% from the previous year."
    >>> s, e = complete(text, 26, 29)
    >>> text[s:e]
    'almost 20%'
    """
    span = text[start:end]
    before = text[:start]
    if _QUANTITY.match(span):
        if (m := _RANGE.match(span)) and (opening := _RANGE_OPENING[m["joint"].lower()].search(before)):
            start = opening.start()
        elif not _YEAR.match(span) and (low_end := _RANGE_LOW_END.search(before)):
            start = low_end.start()  # "1.5 million" of "Between 1.1 and 1.5 million"
        elif not _YEAR.match(span) and (qualifier := _QUALIFIER.search(before)):  # "about 2004" is a topic
            start = qualifier.start()
    elif span[:1].islower() and (degree := _DEGREE.search(before)):
        start = degree.start()
    elif span[:1].islower() and (possessor := _POSSESSOR.search(before)):
        opening = _NOT_NAMES.match(possessor[0])
        start = possessor.start() + (opening.end() if opening else 0)
    elif span[:1].isupper() and (head := _title_head(before)) is not None:
        start = head
    start = _list_head(text, start, end)
    end = _list_tail(text, start, end)
    if span.count("(") > span.count(")"):  # "102-inch (2.6 metre" -> "102-inch (2.6 metre)"
        close = re.match(r"[^()\n.!?]{0,40}\)", text[end:])
        end += close.end() if close else 0
    elif span.count(")") > span.count("(") and span.endswith(")"):  # "($1bn)" read as "$1bn)"
        end -= 1
    if start > 0 and text[start - 1] in _ATTACHED and span[:1].isalnum() and (start < 2 or text[start - 2].isspace()):
        start -= 1
    # A name cut at its hyphen is read whole: "Bankash" of "Bankash-A", "Pierre" of "Jean-Pierre"
    if (joined := re.match(r"-[A-Z][\w'\u2019]*(?:-[A-Z][\w'\u2019]*)*", text[end:])) and text[end - 1 : end].isalnum():
        end += joined.end()
    if (joined := re.search(r"(?<![\w-])[A-Z][\w'\u2019]*-$", text[:start])) and text[start : start + 1].isupper():
        start = joined.start()
    # A double quote mark the span holds without its pair is the quotation's: '"RipGuard' of
    # '"RipGuard is designed to ..." said ...' is "RipGuard"
    span = text[start:end]
    if len(span) > 1 and sum(span.count(q) for q in _DOUBLE_QUOTES) == 1:
        if span[0] in _DOUBLE_QUOTES:
            start += 1
        elif span[-1] in _DOUBLE_QUOTES:
            end -= 1
    return _whole_quote(text, *_first_money(text, start, end))


_DOUBLE_QUOTES = '"\u201c\u201d'
# A sum the article converts in brackets: "£933m ($1.78bn)", "775m euros ($1bn)"
_CONVERTED = re.compile(r"(?:[$£€¥][\d.,]+(?:bn|m|k)?|[\d.,]+(?:bn|m)?\s+(?:euros|yen|dollars|pounds))\s+\($")
_SHORT_QUOTE = re.compile(r"[\"\u201c]([^\"\u201c\u201d.!?\n]{1,80}?)[,.]?[\"\u201d]")


def _first_money(text: str, start: int, end: int) -> tuple[int, int]:
    """A sum in brackets after the sum it converts, read with it: the article's own figure
    first ("£933m ($1.78bn)" for "$1.78bn")."""
    if (
        re.fullmatch(r"[$£€¥][\d.,]+(?:bn|m|k)?", text[start:end])
        and text[end : end + 1] == ")"
        and (converted := _CONVERTED.search(text[max(0, start - 30) : start]))
    ):
        return start - len(converted[0]), end + 1
    return start, end


def _whole_quote(text: str, start: int, end: int) -> tuple[int, int]:
    """A phrase cut inside a short quoted phrase (eight words at most, not a sentence) read
    whole: "masochism" of his "masochism strategy". Not a name ("Mozart" of the "Mozart effect"
    answers "Which composer?"). Of SQuAD v1.1's gold answers that lie in such quotes and are not
    names, 779 are the whole quote and 92 a part of it."""
    if not text[start : start + 1].islower():
        return start, end
    line_start = text.rfind("\n", 0, start) + 1
    for quote in _SHORT_QUOTE.finditer(text, line_start, min(len(text), end + 90)):
        if quote.start(1) <= start and end <= quote.end(1) and len(quote[1].split()) <= 8 and quote[1][:1].islower():
            return quote.start(1), quote.end(1)
    return start, end


def with_asked_noun(question: str, text: str, start: int, end: int) -> tuple[int, int]:
    """``text[start:end]`` widened over the words right after it that name the noun "What kind
    of <noun> ...?" asks about: "radio" -> "radio network" for "What kind of network was ABC?".
    The widening must reach the asked words' last (their head): "state" of "state TV station"
    stays "state" for "What kind of TV broadcaster?". Else as it is.

    A count is not given the unit "How many <unit>?" asks ("four" stays "four" for "How many
    times ...?"): measured, it cost dev-v2.0's test part 0.1 point of F1, whose gold answers are
    bare counts.

    >>> text = "ABC began as a radio network in 1943."
    >>> s, e = with_asked_noun("What kind of network was ABC?", text, 15, 20)
    >>> text[s:e]
    'radio network'
    """
    from index.lexical import tokenize

    asked = _KIND.match(question)
    if asked is None:
        return start, end
    following = re.match(r"(?:[ \t]+[A-Za-z][\w'-]*){1,4}", text[end:])
    if following is None:
        return start, end
    words = list(re.finditer(r"[ \t]+([A-Za-z][\w'-]*)", following[0]))
    named, head = tokenize([asked[1], asked[1].split()[-1]])
    for word, stem in zip(words, tokenize([w[1] for w in words])):
        if not stem or stem[0] not in named:  # [] for a stop word, which nothing asked is
            break
        if stem[0] in head:
            return start, end + word.end()
    return start, end


# Words that end a list read back from its items: they govern it ("In Paris, Smith and Jones"),
# they are not one of its items.
_NOT_ITEMS = set(
    "in on at for by with from to of into after before during under over about against than as since until "
    "said says told added and or but however meanwhile also then now still yet so thus the a an this that these "
    "those its his her their our is was are were be been has had have will would could can may might not well yes no oh".split()
)


def _list_tail(text: str, start: int, end: int) -> int:
    """Where the list ends whose first items the span ``text[start:end]`` is: "Sky News, Sky
    Travel" of "... shown on Sky News, Sky Travel and the Biography Channel." ends after the
    Biography Channel. Only a list of two or more items cut before its "and": a capitalised
    list's last item is the run of capitalised words after it ("Indonesia, Sri Lanka and the
    Seychelles accepted"), a lowercase list's the words up to the next punctuation, no more
    than the span's longest item has."""
    items = re.split(r"\s*,\s*", text[start:end])
    if len(items) < 2 or not all(items) or re.search(r"\s(?:and|or)\s", text[start:end]):
        return end
    joint = re.match(r",?[ \t]+(?:and|or)[ \t]+(?:(?:the|a|an)[ \t]+)?", text[end:])
    if joint is None:
        return end
    rest = text[end + joint.end() :]
    if re.sub(r"^(?:the|a|an)\s+", "", items[0])[:1].isupper():
        last = re.match(r"[A-Z][\w'\u2019&-]*(?:[ \t]+(?:of[ \t]+|&[ \t]+)?[A-Z][\w'\u2019&-]*)*", rest)
    else:
        last = re.match(r"[a-z][^\n,.;:!?()\"\u201c\u201d]*?(?=[,.;:!?()\n]|$)", rest)
        if last is not None and len(last[0].split()) > max(len(i.split()) for i in items):
            return end
    return end + joint.end() + last.end() if last is not None else end


def _list_head(text: str, start: int, end: int) -> int:
    """Where the list begins whose last items the span ``text[start:end]`` is: "unemployment and
    mortgage rates" of "Labour made low inflation, unemployment and mortgage rates the
    centrepiece" begins at "low inflation". Each earlier item is read back to the comma before it,
    no longer than the span's longest item, written as they are (lowercase or capitalised),
    after a lowercase word that is not one that governs the list ("In Paris, Smith and Jones met")
    or none (the sentence's start)."""
    span = text[start:end]
    items = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", span)
    if len(items) < 2 or not all(items):
        return start
    longest = max(len(i.split()) for i in items)
    capitalised = items[0][:1].isupper()
    while True:
        comma = re.search(r",[ \t]+$", text[:start])
        if comma is None:
            return start
        words = list(re.finditer(r"[\w'\u2019%$£€.-]+", text[max(0, comma.start() - 80) : comma.start()]))
        offset = max(0, comma.start() - 80)
        item = []
        for word in reversed(words):
            w = word[0]
            if w.lower() in _NOT_ITEMS or len(item) == longest or w[:1].isupper() != capitalised:
                break
            item.insert(0, word)
        # the item must be all there is between the word that governs the list and the comma
        if not item or offset + item[-1].end() != comma.start():
            return start
        head = offset + item[0].start()
        governing = re.search(r"([\w'\u2019-]+)[ \t]+$", text[:head])
        if governing is not None and (governing[1].lower() in _NOT_ITEMS or governing[1][:1].isupper()):
            return start  # "In Paris, Smith and Jones met"; "Mr Smith, Jones and Brown": the item may run on
        start = head


def _title_head(before: str) -> int | None:
    """Where a title-case name begins that the text after ``before`` continues: the capitalised
    words right before it, when one of them past the first is a word capitalised only in a
    title ("Russia In "). Not "On Monday ", nor "The ": a capitalised first word may be the
    sentence's, not the name's ("The June 11, 1962 decision")."""
    if not before[-1:].isspace():
        return None
    tail = before[-120:]  # a name's head is a few words back, not more
    run = []
    for word in reversed(list(re.finditer(r"\S+", tail))):
        w = word[0]
        if not (w[:1].isupper() and w[-1].isalnum()) or re.search(r"['\u2019]s$", w):
            break
        run.insert(0, word)
    if any(w[0] in _TITLE_WORDS for w in run[1:]):
        return len(before) - len(tail) + run[0].start()
    return None


__all__ = ["complete", "with_asked_noun"]
