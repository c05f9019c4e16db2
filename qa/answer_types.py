"""What kind of answer a question's form asks for, where the form leaves no doubt.

"How much did they pay for their stake?" asks for a sum of money; the reader, reading "who own a
29% stake", may still propose "29%" with confidence. A span of the wrong kind is not an answer
to the question, however probable, so the answerer passes over it. Only forms whose answer kind
is certain are checked: an amount paid, cost or earned; a percentage; a count; a nationality;
a year; a person, who is never a bare number or date. Anything else ("When ...?" can be "after
the vote") is left to the reader. And an answer whose sentence is dated to another year than the
one asked about is of the wrong year; one the sentence credits with another role than the one
asked about ("Who directed the film?" -> not the actor its sentence says it "stars") is of the
wrong role; one whose sentence is about other rounds of a competition than the one asked about
("beat in the semi-final?" -> not "will play Saulnier in the final") is of the wrong round;
and one whose sentence reports the opposite of what is asked ("operating profit?" -> not the
"operating loss" of 7.5bn yen; a rise -> not a fall; "Whom did X beat?" -> not whom X lost to)
answers another question. "Which <noun>?"
is not answered by an indefinite one of that kind, an article that never names what the
question names answers a question about something else, and ``asked_kind`` says what kind of
name "What is the name of <kind>?" asks for.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from qa.conversation import MONTHS
from qa.questions import AUXILIARY
from qa.verify import FUNCTION_WORDS

_NUMBER_WORDS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundreds?|thousands?|millions?|billions?|dozens?|half|several|few|single|both|no|none)"
)
_UNITS = (
    r"(?:year|month|week|day|hour|minute|second|decade|game|match|race|set|point|goal|seat|mile|metre|meter|storey)s?"
)
# A number: a digit, or a number word standing alone ("half" of "half-time" counts nothing) or
# joined to a unit ("a three-year deal" for "How long is the deal?", "a six-match ban").
_NUMBER = rf"\d|(?<![\w-]){_NUMBER_WORDS}(?:(?![\w-])|-{_UNITS}\b)"
_MONEY_VERBS = (
    r"(?:cost|costs|costing|pay|pays|paying|paid|spend|spends|spending|spent|earn|earns|earning|earned|"
    r"raise|raised|raising|worth|fined|charge|charges|charging|charged|sell\s+for|sold\s+for|selling\s+for|"
    r"invest|invests|investing|invested|owe|owes|owed|bid|offer|offering|offered)"
)
# "price war", "price rise": a price's change or fight, not a sum
_NOT_A_SUM = r"(?!\s+(?:wars?|rises?|increases?|cuts?|falls?|index|inflation|changes?|levels?)\b)"
# "Over how many years ...?", "For how long ...?": the form is the same after a preposition
_BEFORE_HOW = r"(?:(?:over|for|in|within|after|during|across|at|to|from|of|on|with|by)\s+)?"
_CURRENCIES = r"\b(?:dollars?|pounds?|euros?|yen|kronor|kroner|rupees?|baht|yuan|roubles?|rubles?|francs?)\b"
# An amount of money: paid, cost or earned; a firm's profit, revenue or sales
_ASKS_SUM = re.compile(
    rf"^\s*how\s+much\s+(?:money\b|(?:[^\s?]+\s+){{0,14}}?{_MONEY_VERBS}\b)|"
    rf"^\s*(?:at\s+|for\s+)?what\s+(?:price|fee|salary|wage|fine|sum)\b{_NOT_A_SUM}|"
    r"^\s*what\s+(?:was|were|is|are|will\s+be)\s+(?:the\s+|its\s+|their\s+|(?:\S+\s+){0,4}?\S+'s?\s+)"
    rf"(?:[\w-]+\s+){{0,2}}?(?:price|fee|salary|wage|fine)\b{_NOT_A_SUM}|"
    r"^\s*what\s+(?:was|were|is|are)\s+(?:the\s+|its\s+|their\s+|(?:\S+\s+){0,4}?\S+'s?\s+)"
    r"(?:(?!(?:on|of|in|to|from)\b)[\w-]+\s+){0,2}?"
    r"(?:profits?|revenues?|turnover|sales|earnings|income)\s*(?:\bfor\b[^?]*|\bin\b[^?]*)?\?",
    re.IGNORECASE,
)
# (the question's form, what its answer must contain)
_KINDS = [
    (  # a sum of money
        _ASKS_SUM,
        re.compile(
            r"[$£€¥]|\d(?:bn|m|k|p)\b|\b(?:euros?|dollars?|pounds?|yen|pence|cents?|rupees?|yuan|francs?|"
            r"roubles?|rubles?|won|pesos?|rand|bn|m|thousands?|millions?|billions?)\b",
            re.IGNORECASE,
        ),
    ),
    (  # a percentage or a share
        re.compile(r"^\s*(?:by\s+)?what\s+(?:percentage|proportion|share)\b", re.IGNORECASE),
        # a share, or a bare number ("9" of "9 per cent"); not a count of something ("22 million")
        re.compile(
            r"%|per\s*cent|\b(?:half|thirds?|quarters?|fourths?|fifths?|majority|minority)\b|"
            r"^\W*(?:(?:about|around|almost|nearly|over|under|some|more\s+than|less\s+than|up\s+to)\s+)?[\d.,]+\W*$",
            re.IGNORECASE,
        ),
    ),
    (  # a weight: "How much does Hitachi's Emiew robot weigh?" -> not "4.2ft", its height
        re.compile(
            r"^\s*how\s+much\b.*\bweigh(?:s|ed)?\b|^\s*what\s+(?:is|was|are|were)\s+(?:the\s+)?"
            r"(?:\S+\s+){0,4}?weight\s+of\b(?!.*\bby\b)",
            re.IGNORECASE,
        ),
        re.compile(
            r"(?<![^\W\d_])(?:kg|kilo\w*|g|grams?|lbs?|pounds?|stones?|tonnes?|tons?|ounces?|oz|carats?|mg|milligrams?|t|"
            r"twice|times|half|heav\w*|light\w*)\b|"
            r"^\W*(?:(?:about|around|almost|nearly|over|under|some|more\s+than|less\s+than|up\s+to)\s+)?[\d.,]+\W*$",
            re.IGNORECASE,
        ),
    ),
    (  # a measure: an age, a length of time, a size ("How old ...?" -> not "graduate", "last year")
        re.compile(rf"^\s*{_BEFORE_HOW}how\s+(?:old|long|big|large|high|tall|wide|heavy|deep)\b", re.IGNORECASE),
        re.compile(
            rf"{_NUMBER}|\b(?:a|an|many|some)\s+(?:years?|months?|weeks?|days?|hours?|minutes?|"
            r"seconds?|decades?|centur(?:y|ies)|miles?|metres?|meters?|feet|foot|inch|km|kilometres?|tonnes?|tons?)\b",
            re.IGNORECASE,
        ),
    ),
    (  # a count, not a sum ("Over how many years will it pay?" -> not "£568m") unless of money
        re.compile(rf"^\s*{_BEFORE_HOW}how\s+many\b(?!(?:\s+[\w-]+)?\s+{_CURRENCIES})", re.IGNORECASE),
        re.compile(rf"^(?!.*(?:[$£€¥]|{_CURRENCIES}))(?=.*(?:{_NUMBER}))", re.IGNORECASE | re.DOTALL),
    ),
    (  # a nationality ("Swedish", "Russian drama"), not a person's name ("Frank Rijkaard")
        re.compile(r"^\s*what\s+(?:is\s+(?:the\s+)?)?nationality\b", re.IGNORECASE),
        re.compile(r"^(?!\W*[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)+\W*$)"),
    ),
    (  # a person: "Who ...?", "Before Kelly Holmes, which British woman had won ...?" -- not "2004"
        re.compile(
            r"^(?!.*\b(?:what|which|when|where|why|how)\b).*\b(?:who|whom)\b|"
            r"^(?!.*\b(?:what|when|where|why|how|who|whom)\b).*\bwhich\s+(?:[\w-]+\s+){0,2}?"
            r"(?:wom[ae]n|m[ae]n|person|people|player|actor|actress|athlete|singer|director|minister|"
            r"politician|leader|manager|coach|footballer|president|chairman|spokes(?:wo)?man|writer|"
            r"author|lawyer|judge)\b",
            re.IGNORECASE | re.DOTALL,
        ),
        re.compile(r"(?<![^\W_])[^\W\d_]"),  # a word that starts with a letter: "U2", "H&M", not "21st"
    ),
    (  # an event, not when it was: "What event led the EU to impose its arms embargo?" -> not "1989"
        re.compile(
            r"^\s*(?:what|which)\s+(?:event|incident|crisis|disaster|scandal|war|conflict|attack|protest)s?\b",
            re.IGNORECASE,
        ),
        re.compile(rf"\b(?!(?:{'|'.join(m.capitalize() for m in MONTHS)})\b)[A-Za-z]{{3,}}"),
    ),
    (  # a year
        re.compile(r"^\s*(?:in\s+)?(?:what|which)\s+year\b", re.IGNORECASE),
        re.compile(r"\d\d|\b(?:last|this|next)\s+year\b|\bcentury\b|\bdecade\b", re.IGNORECASE),
    ),
]


# A year, not a decade ("the 2000s") or the first of a range's years ("2013-14" keeps 2013).
_YEAR = re.compile(r"\b(?:19|20)\d\d\b(?!'?s\b)")


def of_another_year(question: str, sentence: str, answer: str) -> bool:
    """Whether the sentence holding ``answer`` is dated to other years than all those the question
    names: "Who was voted woman athlete of the year for 2003?" is not answered from "Kelly
    Holmes has been voted woman athlete of 2004" (a related article, another year). A sentence
    with no year, or with one of the question's, says nothing against it; a year that is the
    answer itself ("since 2004") is not the sentence's date."""
    asked = set(_YEAR.findall(question))
    if not asked:
        return False
    given = set(_YEAR.findall(answer))
    named = set(_YEAR.findall(sentence)) - given
    return not (asked & given) and bool(named) and not (asked & named)


# A name numbered in one word: "G7", "PS3", "F1", "Euro2004"; its letters name a series.
_NUMBERED = re.compile(r"(?<![\w-])([A-Z][A-Za-z]*)(\d+)(?![\w-])")


def of_another_number(question: str, sentence: str) -> bool:
    """Whether the sentence holding the answer names another of a numbered series the question
    names, and not the one asked: "Where was the G7 meeting held?" is not answered from "The G8
    countries will meet at Gleneagles", nor a PS3 question from a PS2 sentence. A sentence
    naming one asked ("the G4 ... than the G3" for a question naming both), or none of the
    series, says nothing against it."""
    named = _numbered(sentence)
    return any(series in named and not (numbers & named[series]) for series, numbers in _numbered(question).items())


def _numbered(text: str) -> dict[str, set[str]]:
    """The numbers ``text`` gives each numbered series it names: "G7 and G8" -> {"G": {"7", "8"}}."""
    series: dict[str, set[str]] = {}
    for name, number in _NUMBERED.findall(text):
        series.setdefault(name, set()).add(number)
    return series


# A round of a competition: "semi-final", "quarter-finals", "the final", "second round", "group
# stage" -- not the adjective ("final score", "final day").
_ROUND = re.compile(
    r"\b(?:(?P<part>semi|quarter)[\s-]?)?finals?\b(?!\s+(?:scores?|results?|whistle|days?|years?|weeks?|months?|"
    r"minutes?|hours?|straw|version|decision|word|say|chapter|episode|report|stages?|act|analysis|draft|"
    r"approval|product|form|exams?|examination|destination|resting))"
    r"|\b(?P<nth>first|second|third|fourth|fifth|opening)[\s-]round\b|\b(?P<group>group)[\s-]stages?\b",
    re.IGNORECASE,
)


def _rounds(text: str) -> set[str]:
    return {(m["part"] or m["nth"] or m["group"] or "final").lower() for m in _ROUND.finditer(text)}


def of_another_round(question: str, sentence: str) -> bool:
    """Whether the sentence holding the answer is about other rounds of a competition than all
    those the question names: "Who did Roddick beat in the semi-final?" is not answered from
    "Roddick will play Saulnier in the final" (the semi-final is another match). A sentence
    that names no round says nothing against it."""
    asked = _rounds(question)
    if not asked:
        return False
    named = _rounds(sentence)
    return bool(named) and not (asked & named)


# Opposites a figure is reported with: asked one, a sentence with only the other gives another figure.
_OPPOSITES = [
    (
        re.compile(r"\bprofits?\b|\bprofitable\b", re.IGNORECASE),
        re.compile(r"\bloss(?:es)?\b|\bloss-making\b|\bin\s+the\s+red\b", re.IGNORECASE),
    ),
    (
        re.compile(
            r"\b(?:rise|rises|rose|risen|rising|increase[sd]?|increasing|grew|grow|grows|growing|growth|"
            r"gain(?:ed|s)?|climb(?:ed|s)?|jump(?:ed|s)?|soar(?:ed|s)?)\b",
            re.IGNORECASE,
        ),
        re.compile(
            r"\b(?:fall|falls|fell|fallen|falling|decline[sd]?|declining|drop(?:ped|s)?|decrease[sd]?|decreasing|"
            r"shr[ai]nk(?:s|ing)?|shrunk|slump(?:ed|s)?|plunge[sd]?|slid|slide|tumble[sd]?|contract(?:ed|ion|ing))\b",
            re.IGNORECASE,
        ),
    ),
]


# "Whom did X beat ...?" asks who lost to X; "Who did X lose to ...?" who beat X. A sentence where
# X is the other side of the result names the other person ("X lost to Elena Dementieva").
_ASKS_RESULT = re.compile(
    r"^\s*(?:who|whom)\s+(?:did|does|will|has|had)\s+.+?\s+"
    r"(?:(?P<won>beat|defeat|overcome|knock\s+out|overpower|edge)|(?P<lost>lose\s+to|fall\s+to|be\s+beaten\s+by))\b",
    re.IGNORECASE,
)
_WON = re.compile(
    r"\b(?:beat|beats|beating|defeated|defeating|overcame|overcomes|knocked\s+out|edged|won\s+against)\b",
    re.IGNORECASE,
)
_LOST = re.compile(
    r"\b(?:lost\s+to|loses\s+to|losing\s+to|fell\s+to|beaten\s+by|defeated\s+by|knocked\s+out\s+by)\b", re.IGNORECASE
)

# "Who won ...?" asks the winner; the one a sentence has beaten comes right after the verb
# ("Leigh, who beat Martin Scorsese to the best director award").
_ASKS_WINNER = re.compile(
    r"^\s*(?:who|which\s+[\w-]+(?:\s+[\w-]+)?)\s+(?:won|wins|will\s+win|has\s+won|had\s+won|took|scooped|clinched)\b",
    re.IGNORECASE,
)
_BEATEN_NEXT = re.compile(
    r"\b(?:beat|beats|beating|defeated|defeating|overcame|overcoming|edged(?:\s+out)?|pipped|saw\s+off|"
    r"seeing\s+off|ahead\s+of|knocked\s+out)\s+(?:the\s+)?$",
    re.IGNORECASE,
)

# ... nor a nominee ("He has never won despite being nominated for such films as Raging Bull").
_NOMINATED_BEFORE = re.compile(
    r"\bnominat(?:ed|ion|ions)\b(?:(?!\b(?:won|wins|winning|winners?)\b).){0,40}$", re.IGNORECASE
)

# "Who <did something> ...?" asks the doer; the one it was done to is the subject of the passive.
_ASKS_DOER = re.compile(r"^\s*who\s+(\w+ed)\b", re.IGNORECASE)
# ... nor the one the sentence says lost ("Clive Owen and Sophie Okonedo failed to win best
# supporting actor awards", "Kate Winslet also lost to best actress Hilary Swank").
_LOST_AFTER = re.compile(
    r"\s*(?:,[^,]{0,60},\s*)?(?:(?:also|both|each|had|have|has|were|was|all)\s+)*"
    r"(?:failed\s+to\s+win|lost\s+(?:out\s+)?to|lost\s+the|missed\s+out|did\s+not\s+win|didn't\s+win|"
    r"(?:was|were)\s+beaten|went\s+home\s+empty-handed)\b",
    re.IGNORECASE,
)


def _nearest(labelled: list[tuple[re.Match, object]], span: tuple[int, int]):
    """The label of the match nearest ``span`` outside it (the first of a tie), or None."""
    a, b = span
    outside = [
        (a - m.end() if m.end() <= a else m.start() - b, label)
        for m, label in labelled
        if m.end() <= a or m.start() >= b
    ]
    return min(outside, key=lambda o: o[0])[1] if outside else None


def of_the_opposite(question: str, sentence: str, span: tuple[int, int] | None = None) -> bool:
    """Whether the sentence holding the answer reports the opposite of what the question asks:
    "What was Softbank's operating profit?" is not answered by "an operating loss of 7.5bn yen",
    nor "How much did sales rise?" by a fall. Only a profit against a loss and a rise against a
    fall are checked, and only when the question names one side and the sentence the other:
    only the other, or both, with a figure for the answer (at ``span`` in the sentence) whose
    nearest side is the other ("Google shares have risen since but fell $12.33" does not say how
    much they rose; "a 3% drop ... while others saw a 12% increase" does say what rose 12%).
    "Whom did X beat?" is not answered from a sentence where X lost to someone, nor "Who did X
    lose to?" from one where X beat someone, nor "Who won ...?" by the one the sentence has
    beaten ("Leigh, who beat Martin Scorsese to the best director award"), nor one only
    nominated or said to have lost ("failed to win", "lost to"). And "Who <verb>ed ...?" is not
    answered by the one the sentence has it done to ("Mourinho's side were knocked out by ...")."""
    figure = span is not None and re.match(rf"\W?(?:{_NUMBER})", sentence[span[0] : span[1]], re.IGNORECASE)
    for one, other in _OPPOSITES:
        for asked, given in ((one, other), (other, one)):
            if asked.search(question) and not given.search(question) and given.search(sentence):
                if not asked.search(sentence):
                    return True
                if figure and _nearest(
                    [(m, side is given) for side in (asked, given) for m in side.finditer(sentence)], span
                ):
                    return True
    if span is not None and (doer := _ASKS_DOER.match(question)):
        # "Who knocked Arsenal out?" is not answered by "Mourinho" of "Mourinho's side were knocked out by Newcastle"
        if re.match(
            rf"(?:['\u2019]s\s+[\w-]+)?\s+(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+{doer[1]}\b",
            sentence[span[1] :],
            re.IGNORECASE,
        ):
            return True
    if span is not None and _ASKS_WINNER.match(question):
        before = sentence[: span[0]]
        if _BEATEN_NEXT.search(before) or _NOMINATED_BEFORE.search(before) or _LOST_AFTER.match(sentence, span[1]):
            return True
    if result := _ASKS_RESULT.match(question):
        # "defeated by", "knocked out by" hold a winner's verb: the loser's forms are taken out first.
        lost = _LOST.search(sentence)
        won = _WON.search(_LOST.sub(" ", sentence))
        if result["won"]:
            return bool(lost) and not won
        return bool(won) and not lost
    return False


# (the role a question asks about, the words that credit someone with it just before their name)
_ROLES = [
    (re.compile(r"\bdirect(?:ed|s|or|ors|ing)?\b"), re.compile(r"\bdirect(?:ed|or|ors)\b|\bfilm-?maker\b")),
    (
        re.compile(r"\bstar(?:red|s|ring)?\b|\bplay(?:ed|s)?\s+the\s+(?:lead|role)|\bacted\b|\bactor\b|\bactress\b"),
        re.compile(r"\bstar(?:ring|s|red)?\b|\bactor\b|\bactress\b"),
    ),
    (
        re.compile(r"\bwr(?:ite|ote|itten|iter|iters|ites)\b|\bscripted\b|\bauthor(?:ed)?\b"),
        re.compile(r"\bwrit(?:ten|er)\b|\bauthor\b|\bscreenwriter\b|\bnovelist\b"),
    ),
    (re.compile(r"\bproduc(?:ed|er|ers|es|ing)\b"), re.compile(r"\bproduc(?:ed|er)\b")),
]
_CREDIT_REACH = 30  # characters before the answer where its sentence names its role
# "Which film/book/album ...?" asks for a work; who made it follows "directed by", "written by".
# Of SQuAD v1.1 train's 698 such questions none has its gold answer there ("a record set by
# Harry Potter ..." is not a making).
_WORKS = (
    r"(?:film|movie|book|novel|album|song|single|play|opera|musical|series|show|programme|program|game|poem|painting)s?"
)
_WHICH_NOUN = r"^\s*(?:\w+\s+)?(?:which|what)\s+(?:[\w-]+\s+){0,2}?"  # "Which British film", "For what award"
_ASKS_WORK = re.compile(
    rf"{_WHICH_NOUN}{_WORKS}\b"
    r"(?!\s+(?:director|writer|studio|maker|producer|star|company|critic|composer|designer)s?\b)",
    re.IGNORECASE,
)
# "What award/prize ...?" asks which one, not what it rewards ("... for?" asks that). Of SQuAD
# v1.1's 98,169 gold answers none lies in the "for" phrase after the asked noun.
_ASKS_PRIZE = re.compile(
    rf"{_WHICH_NOUN}(award|prize|honou?r|medal|trophy)s?\b(?!.*\bfor\W*$)",
    re.IGNORECASE,
)
_MADE_BY = re.compile(
    r"\b(?i:directed|written|produced|composed|performed|sung|created|designed|developed|published)\s+by\s+$"
)


def of_another_role(question: str, before: str) -> bool:
    """Whether the words right before the answer in its sentence (``before``) credit it with
    another role than the one question asks about: "Who directed Man to Man?" is not answered by
    "Man to Man, a historical epic starring Kristin Scott Thomas". Only a question asking one of
    directing, starring, writing, producing is checked, and only roles the sentence names within
    a few words of the answer; lowercase only ("Star Search" is a name). A question for a work
    ("Which film ...?") is not answered by who made it ("Directed by Andrey Zvyagintsev"), nor
    one for a prize ("What award ...?") by what it rewards ("an award for his career in film")."""
    asked = [i for i, (asks, _) in enumerate(_ROLES) if asks.search(question)]
    if not asked and _ASKS_WORK.search(question) and _MADE_BY.search(before):
        return True  # "Which film won the Golden Lion?": not "Directed by Andrey Zvyagintsev, The Return ..."
    if (prize := _ASKS_PRIZE.search(question)) and re.search(
        rf"\b{prize[1]}s?\s+for\b[^,;:.!?]*$", before, re.IGNORECASE
    ):
        return True  # "What award will he receive?": not what it is for ("an award for his career in film", "film")
    if len(asked) != 1:
        return False
    window = before[-_CREDIT_REACH:]
    given = [i for i, (_, credits) in enumerate(_ROLES) if credits.search(window)]
    return bool(given) and asked[0] not in given


# "Who directed Why We Fight?": the maker of a work the question names by its title.
_ASKS_MAKER = re.compile(
    r"^\s*(?i:who)\s+(?i:directed|wrote|produced|composed|created|designed|painted|made)\s+(?:(?i:the)\s+)?"
    r"['\"\u2018\u201c]?([A-Z0-9][\w'\u2019-]*(?:\s+(?:[A-Z0-9][\w'\u2019-]*|of|the|and|in|on|to|a|an|for))*)"
)
_POSSESSED_TITLE = re.compile(r"(?:'s|\u2019s|')\s+['\"\u2018\u201c]?([A-Z0-9][\w'\u2019-]*)")


def of_another_work(question: str, sentence: str, span: tuple[int, int]) -> bool:
    """Whether the sentence credits the answer with another work than the one the question asks
    about, and never names that one: "Who directed Why We Fight?" is not answered by "British
    director Sean McAllister's The Liberace of Baghdad won a special prize". Of SQuAD v1.1's 281
    questions asking who made a work they name, it refuses no gold answer ("Michael Bay's
    Armageddon", "Dante Alighieri's Divine Comedy": the sentence names the asked work)."""
    asked = _ASKS_MAKER.match(question)
    given = _POSSESSED_TITLE.match(sentence, span[1])
    if asked is None or given is None:
        return False
    title = [w.strip("'\u2019") for w in asked[1].split()]
    return given[1] not in title and " ".join(title[:2]).lower() not in sentence.lower()


# "best <category>" as an award names it ("won best actress", "named best British film", "the
# award for best director", "nominated for best actor in a drama"): the words after "best" up
# to one that ends the category. "their best season", "best served by" name none.
_CATEGORY = re.compile(
    r"\b(?:won|wins?|winning|named|voted|awarded|crowned|scooped|took|takes?|taking|(?:awards?|prizes?|nominated|nominations?|oscars?|"
    r"globes?)\s+for)\s+(?:the\s+|a\s+)?best\s+"
    r"((?:(?!(?:in|at|for|of|on|to|and|or|with|by|the|a|an|is|was|award|prize)\b)[A-Za-z]+\s*){1,4})",
    re.IGNORECASE,
)
_SAME_CATEGORY = {"picture": "film", "movie": "film", "films": "film", "actors": "actor", "actresses": "actress"}


def _category(words: str) -> set[str]:
    return {_SAME_CATEGORY.get(w, w) for w in words.lower().split()}


def of_another_category(question: str, sentence: str, span: tuple[int, int]) -> bool:
    """Whether the award category the sentence names nearest the answer (at ``span``) is another
    than the one the question asks: "Who won the Golden Globe for best actor?" is not answered
    by "Annette Bening won best actress ...", but is by "... DiCaprio named best actor". A
    category is the words after "best" ("best British male", "best supporting actress"); it
    is the same when they share a word ("best film" is "best British film", and "best picture")."""
    asked = [_category(m[1]) for m in _CATEGORY.finditer(question)]
    if len(asked) != 1:
        return False
    named = _nearest([(m, _category(m[1])) for m in _CATEGORY.finditer(sentence)], span)
    return named is not None and not (named & asked[0])


# Posts a question asks the holder of, in groups of words that can name the same post. "head",
# "leader", "chief" and "boss" can name any post that leads something, so they name none here.
_POSTS = {
    "chair": {"chairman", "chairwoman", "chair", "chairperson"},
    "executive": {"executive", "ceo"},
    "manager": {"manager", "coach"},
    "director-general": {"director-general"},
    "president": {"president"},
    "minister": {"minister", "secretary", "chancellor", "premier"},
    "spokes": {"spokesman", "spokeswoman", "spokesperson"},
    "editor": {"editor"},
    "captain": {"captain", "skipper"},
    "governor": {"governor"},
    "founder": {"founder"},
    "presenter": {"presenter", "host"},
}
# The words that name a post, capitalised before a name ("Transportation Secretary Norman Mineta")
POST_WORDS = frozenset().union(*_POSTS.values()) | {
    "general",
    "senator",
    "ambassador",
    "commissioner",
    "mayor",
    "judge",
    "secretary-general",
    "chief",
}
# "Who is/was the <post> ...?", "Who resigned / was appointed as <post>?": the holder is asked.
_ASKS_HOLDER = re.compile(
    r"^\s*who\s+(?:is|was|will\s+be|has\s+been|became|becomes|(?:resigned|quit|stepped\s+down|"
    r"(?:was|has\s+been|will\s+be)\s+(?:appointed|named))(?:\s+as)?)\b",
    re.IGNORECASE,
)


def _posts(words: list[str]) -> set[str]:
    return {group for w in words for group, names in _POSTS.items() if w in names}


def of_another_post(question: str, before: str) -> bool:
    """Whether the title right before the answer in its sentence (``before``) names another
    post than the one the question asks the holder of: "Who resigned as BBC director general?"
    is not answered by "Gavyn Davies" of "BBC chairman Gavyn Davies, director-general Greg
    Dyke". Words that can name the same post agree ("coach" for the manager), and "boss",
    "head", "leader", "chief" agree with any; a question asking no post, or not for its
    holder, is not checked."""
    if not _ASKS_HOLDER.match(question):
        return False
    words = re.findall(r"[a-z]+(?:-[a-z]+)?", question.lower().replace("director general", "director-general"))
    asked = _posts(words)
    last = re.search(r"([A-Za-z]+(?:-[A-Za-z]+)?)\s*,?\s*$", before)
    given = _posts([last[1].lower()]) if last else set()
    return bool(asked) and bool(given) and not (asked & given)


# Posts a firm, club or paper gives (a state's, "French President", would need its demonym)
_BODY_POSTS = r"(?i:chief\s+executive|ceo|chair(?:man|woman|person)?|boss|manager|coach|head|founder|editor|spokes(?:man|woman|person))"
_BODY = r"((?:[A-Z][\w&.-]*\s+(?:(?:of|and|&)\s+)?){0,4}[A-Z][\w&.-]*)"
# "the chief executive of Verizon", "Verizon's chief executive", "the Verizon chief executive"
_ASKED_BODY = re.compile(rf"\b{_BODY_POSTS}\s+(?:of|at)\s+(?:the\s+)?{_BODY}|{_BODY}(?:['\u2019]s?)?\s+{_BODY_POSTS}\b")
# "MCI chief executive Michael Capellas": the body named right before the post, right before the answer
_GIVEN_BODY = re.compile(rf"{_BODY}(?:['\u2019]s?)?\s+{_BODY_POSTS}\s*,?\s*$")
# Capitalised words of a title, not of the body it is held at ("Chief Executive", "Current manager")
_NOT_BODY = set(
    "chief executive officer current new former acting deputy joint managing director general group interim then".split()
)


def _same_body(a: str, b: str) -> bool:
    """Whether two names may name one body: a word in common ("Deutsche Boerse", "Boerse"), or
    one the initials of the other ("LSE", "London Stock Exchange"); a name of title words only
    says nothing."""
    words_a, words_b = (
        [w for w in re.findall(r"[A-Za-z]+", x) if w.lower() not in FUNCTION_WORDS | _NOT_BODY] for x in (a, b)
    )
    if not words_a or not words_b:
        return True
    if {w.lower()[:5] for w in words_a} & {w.lower()[:5] for w in words_b}:
        return True
    initials_a, initials_b = "".join(w[0] for w in words_a).upper(), "".join(w[0] for w in words_b).upper()
    return "".join(words_a).upper() == initials_b or "".join(words_b).upper() == initials_a


def of_another_body(question: str, before: str) -> bool:
    """Whether the title right before the answer names the post asked about for another body
    than the question's: "Who is the chief executive of Verizon?" is not answered by "Michael
    Capellas" of "MCI chief executive Michael Capellas". Only "Who is/was ...?" holder questions
    that name the body are checked."""
    if not _ASKS_HOLDER.match(question):
        return False
    asked = _ASKED_BODY.search(question)
    given = re.search(_GIVEN_BODY, before[-80:]) if asked else None
    if given is None:
        return False
    return not _same_body(next(g for g in asked.groups() if g), given[1])


_QUESTION_WORD = re.compile(r"[\w'\u2019-]+")
# "the <noun> Name": a noun that says the name is a work's or a body's
_CALLED = re.compile(rf"{_WORKS}|band|group|company|firm|club|magazine|newspaper|sitcom|cartoon|channel|label")


def _names_asked(question: str) -> list[list[str]]:
    """The question's names of two or more capitalised words, of one that owns what is asked
    ("Carlsberg's net profit"), or of one a noun calls a work or a body ("the series Extras"),
    not counting its first word: "How many spectators were inside the Alltel Stadium?" ->
    [["Alltel", "Stadium"]]. A lone capitalised word otherwise may be a nationality or a place
    the question adds, and is left out."""
    words = _QUESTION_WORD.findall(question)
    if sum(w[0].isupper() for w in words) > len(words) / 2:
        return []  # typed in title case or capitals: which words are names does not show
    names, run, called = [], [], False
    for i, word in enumerate(words + [""]):
        owner = re.search(r"['\u2019]s?$", word) is not None
        word = re.sub(r"['\u2019]s?$", "", word)
        if i and word[:1].isupper() and word.lower() not in FUNCTION_WORDS:
            called = called or (not run and i > 1 and words[i - 2].lower() == "the" and _CALLED.fullmatch(words[i - 1]))
            run.append(word)
            if not owner:
                continue
        if len(run) >= 2 or (run and (owner or called)):
            names.append(run)
        run, called = [], False
    return names


# Short names the news writes for a country asked about by another ("America's trade gap": "US")
_ALSO_CALLED = {"America": ("US", "USA"), "Britain": ("UK",), "Holland": ("Netherlands", "Dutch")}


def fold(text: str) -> str:
    """``text`` without accents: "Zürich" -> "Zurich"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def names_unsaid(question: str, text: str) -> bool:
    """Whether ``text`` (an article, its headline included) never names something the question
    names in two or more capitalised words, or owns by one (``_names_asked``): none of the
    name's words appears in it capitalised, even as a word's start ("American" for "America"),
    nor do its initials ("US" for "United States"). Capitalised, because "the stadium" does not
    name the Alltel Stadium; the whole name in lower case does ("the prime minister" for "the
    Prime Minister"), and so does a word spelt all but the same ("Tuscon" for "Tucson").
    A span from such an article answers a question about something else ("the World Bank's
    growth rate for the Palestinian economy" -> not the IMF's figure in an article that never
    mentions the bank)."""

    folded = fold(text)
    capitalised: list[str] | None = None

    def said(word: str) -> bool:
        nonlocal capitalised
        if any(re.search(rf"\b{re.escape(part[:5])}", folded) for part in fold(word).split("-") if part):
            return True
        if len(word) < 5:
            return False
        # misspelt as people type names ("Tuscon's" for Tucson's, "Feyman" for Feynman)
        if capitalised is None:
            capitalised = sorted(set(re.findall(r"\b[A-Z][\w-]{3,}", folded)))
        return bool(difflib.get_close_matches(fold(word), capitalised, n=1, cutoff=0.8))

    def named(name: list[str]) -> bool:
        return (
            any(said(word) for word in name)
            or any(re.search(rf"\b{other}\b", text) for word in name for other in _ALSO_CALLED.get(word, ()))
            or bool(re.search(rf"\b{''.join(w[0] for w in name)}\b", text))
            # a title the question capitalises and the article does not: "the prime minister"
            or bool(re.search(rf"\b{re.escape(fold(' '.join(name)))}\b", folded, re.IGNORECASE))
        )

    return not all(named(name) for name in _names_asked(question))


def fits(question: str, answer: str) -> bool:
    """Whether ``answer`` is of the kind ``question`` asks for (True when the form does not say),
    and is not a figure the question itself gives (``_given_figure``)."""
    if _given_figure(question, answer):
        return False
    if ASKS_WHY.match(question) and _BARE_QUANTITY.fullmatch(answer.strip()):
        return False  # "Why did Standard Life cut bonuses?" -> not "from 2.5% to 2%"
    if _ASKS_THING.match(question) and _CLAUSE.match(answer):
        return False  # "Which film's premiere did Lopez pull out of?" -> not "she was too ill to fly"
    for asks, kind in _KINDS:
        if asks.search(question):
            return bool(kind.search(answer))
    return True


# A reason is no bare quantity: of SQuAD v1.1's 1,353 why-questions no gold answer is one.
ASKS_WHY = re.compile(r"^\s*(?:and\s+|so\s+|but\s+)?(?:why\b|for\s+what\s+reason\b)", re.IGNORECASE)
_BARE_QUANTITY = re.compile(
    r"(?:(?:about|around|almost|nearly|some|over|under|more\s+than|less\s+than|from|between|up\s+to)\s+)?"
    r"[$£€¥]?\d[\d,.]*\s*(?:%|bn|m|k|p|million|billion|per\s*cent)?"
    r"(?:\s+(?:to|and)\s+[$£€¥]?\d[\d,.]*\s*(?:%|bn|m|k|p|million|billion|per\s*cent)?)?",
    re.IGNORECASE,
)
# A thing, a person, a time, a place or a count is not a clause: of SQuAD v1.1's 30,833 gold
# answers to which/who/when/where/how-many/how-much questions, 15 open with a subject pronoun
# and a verb, each a whole sentence given as the answer ("It is richest in the tropics.").
_ASKS_THING = re.compile(rf"^\s*{_BEFORE_HOW}(?:which|who|whom|when|where|how\s+(?:many|much))\b", re.IGNORECASE)
_CLAUSE = re.compile(r"(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Ww]e|[Yy]ou)\s+[a-z]")
_FIGURE_WORD = re.compile(r"(?<![\w.])[$£€¥]?\d[\d,.]*(?:bn|m|k|p|%)?(?![\w%])")
_HOW_MUCH_OR_MANY = re.compile(r"^\s*(?:\w+\s+)?how\s+(?:much|many)\b", re.IGNORECASE)


def _given_figure(question: str, answer: str) -> bool:
    """Whether a "How much/many ...?" answer's first figure is one the question states: "How
    much did Allen contribute to the directors' $54m settlement?" is not answered by "$54m".
    Of SQuAD v1.1's 98,169 gold answers it refuses two, each of a mistyped question ("How
    many states was Germany reduced to in 1952" -> "1952")."""
    if not _HOW_MUCH_OR_MANY.match(question) or len(answer.split()) > 4:
        return False
    figures = _FIGURE_WORD.findall(answer)
    return bool(figures) and figures[0].rstrip(".,") in {f.rstrip(".,") for f in _FIGURE_WORD.findall(question)}


_SIGNED = re.compile(
    rf"[$£€¥%]|\d(?:bn|m|k|p)\b|{_CURRENCIES}|\b(?:pence|cents?|won|pesos?|rand|rials?|dinars?|lira|lire|shekels?|"
    r"usd|gbp|eur)\b",
    re.IGNORECASE,
)
# after a sum: when or how it is paid, not what is counted ("800 million annually", "throughout")
_NOT_COUNTED = re.compile(r"\w+ly|throughout|per|apiece|each|a|year|month|week", re.IGNORECASE)
_NEXT_WORD = re.compile(r"\s+([A-Za-z][\w-]*)")


def counts_things(question: str, text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` answers a question asking for a sum with a figure that no
    currency marks and that counts the word after it: "an estimated five million Freeview
    set-top boxes" for "How much does a Freeview box cost?". Of SQuAD v1.1's 496 gold answers to
    questions asking for a sum it refuses none; 20 give it with no currency ("$" before the
    span: "83 million from 19 countries", "800 million annually")."""
    span = text[start:end]
    if not _ASKS_SUM.search(question) or _SIGNED.search(span) or not re.search(r"\d|illion", span):
        return False
    after = _NEXT_WORD.match(text, end)
    return (
        after is not None
        and after[1].lower() not in FUNCTION_WORDS
        and not _NOT_COUNTED.fullmatch(after[1])
        and not _SIGNED.search(after[1])
    )


# "Which <noun> ...?" (after a preposition: "On which channel ...?"): the words that name the kind asked.
_LEADING_PREPOSITION = r"(?:(?:in|on|at|from|to|for|of|by|with)\s+)"  # "On which channel ...?"
_WHICH = re.compile(rf"^\s*{_LEADING_PREPOSITION}?which\s+((?:[\w'-]+\s+){{0,3}}[\w'-]+)", re.IGNORECASE)
_INDEFINITE = re.compile(r"(?:^|(?<=\s))(?:a|an|another)\s+$", re.IGNORECASE)


def unidentified(question: str, text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` answers "Which <noun> ...?" with an indefinite one of the kind
    asked, not which: "a US television network" for "Which US network is showing it?", "(by a)
    US dictionary publisher" for "Which dictionary publisher picked blog?", "... one of the
    country's big public banks" for "Which state-owned bank ...?". Of dev-v1.1's 10,570 gold
    answers it refuses none ("What system ...?" is answered by "a two-phased system": only
    "which" asks to pick one), nor does "one of" of SQuAD's 98,169."""
    from index.lexical import tokenize

    asked = _WHICH.match(question)
    span = text[start:end]
    if asked is None or not span.split():
        return False
    indefinite = re.match(r"(?:a|an|another)\s", span, re.IGNORECASE) or _INDEFINITE.search(text[:start])
    if not (indefinite or re.search(r"\bone\s+of\s", span, re.IGNORECASE)):  # "one of the big public banks"
        return False
    kind, head = tokenize([asked[1], span.split()[-1]])
    return bool(head) and head[0] in kind


_AUX_WORDS = AUXILIARY
_ASKS_NAME_OF = re.compile(
    r"^\s*what\s+(?:is|was|are|were)\s+the\s+(?:name|title)s?\s+of\s+(?:the\s+|a\s+|an\s+)?(?P<np>[^?]+?)\s*(?:\b(?:made|called|"
    r"named|launched|released|written|produced|created|developed|owned|run|set|based|that|which|who|by|from|in|on|at|for|to|with)\b[^?]*)?\?*\s*$",
    re.IGNORECASE,
)
_ASKS_WHICH = re.compile(
    rf"^\s*(?i:{_LEADING_PREPOSITION})?(?i:which)\s+(?P<np>(?:[\w'-]+\s+){{0,3}}?[a-z][\w'-]*)\s+{_AUX_WORDS}\b"
)


def asked_kind(question: str) -> tuple[str, str] | None:
    """(the noun phrase, its head noun) of what "What is the name of <kind> ...?" / "Which <kind>
    did ...?" asks for: ("Kraft's new healthy-food label", "label")."""
    match = _ASKS_NAME_OF.match(question) or _ASKS_WHICH.match(question)
    if match is None:
        return None
    head = re.findall(r"[A-Za-z][\w-]*", match["np"])
    return (match["np"], head[-1].lower()) if head and head[-1][0].islower() else None


__all__ = [
    "ASKS_WHY",
    "POST_WORDS",
    "asked_kind",
    "counts_things",
    "fits",
    "fold",
    "names_unsaid",
    "of_another_body",
    "of_another_category",
    "of_another_number",
    "of_another_post",
    "of_another_role",
    "of_another_round",
    "of_another_work",
    "of_another_year",
    "of_the_opposite",
    "unidentified",
]
