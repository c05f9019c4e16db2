"""Follow-up questions: rewrite a question that leans on the conversation into one that can be searched.

There is no language model, so the rewrite is deterministic: a question that refers back ("What
did *he* say?"), trails off ("And Biden?", "Why?") or has too few words of its own gets the
salient names and terms of the previous turn appended; a self-contained question is left alone.

>>> turns = [Turn("Why won't Merkel meet Macron?", "Merkel said the summit was postponed.")]
>>> rewrite("What did she say about Paris?", turns)
'What did she say about Paris? Merkel Macron'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

MAX_TERMS = 6  # words appended: enough to carry the topic, few enough not to drown the question
MAX_ANSWER_NAMES = 2  # names taken from the previous answer when its question named too few

_WORD = re.compile(r"[^\W\d_](?:[\w’'-]*\w)?")
_SENTENCE_END = re.compile(r"[.!?…:;]\s*$")

# Words that point back to something said before. "it", "that", "there"... also have uses that
# point nowhere ("Is it true that Putin...?"), so any of them counts as resolved when a name
# comes before it in the same question.
_REFERRING = set(
    """
    it that there he him his himself she her hers herself they them their theirs themselves its
    itself this these those then former latter same such
    """.split()
)
# Openers of an elliptical follow-up: "And Biden?", "What about the sanctions?", "Why not?"
_OPENERS = (
    "and", "but", "also", "so", "or", "then", "what about", "how about", "what else",
    "anything else", "why not", "tell me more", "more about", "any more",
)  # fmt: skip
# Function words, verbs of asking and reporting, dates and contractions: none of them is a topic.
# The days and the months: capitalised, and no one's name ("On Monday Brown's plan").
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
CALENDAR = "(?:" + "|".join(DAYS + MONTHS) + ")"

_STOPWORDS = (
    _REFERRING
    | set(DAYS)
    | set(MONTHS)
    | set(
        """
    a an the and or but nor so yet if of to in on at by for from with about as into onto over
    under after before between against during without within through up down out off what which
    who whom whose when where why how whether is am are was were be been being do does did done
    doing have has had having will would shall should can could may might must not no yes i me
    my we us our you your all any some more most other else also too very just only than again
    still ever really exactly anything something thing things one ones much many lot way now
    here say says said saying tell tells told explain explained describe mention mentioned
    think thinks thought know known mean means give show list summarize summarise please
    article articles story news report reported according happen happened happens
    today yesterday tomorrow don't doesn't didn't isn't
    wasn't aren't weren't won't can't couldn't wouldn't shouldn't hasn't haven't hadn't
    """.split()
    )
)


@dataclass(frozen=True)
class Turn:
    """One exchange of the conversation: the question, the answer given, what was searched."""

    question: str
    answer: str = ""  # empty when the assistant abstained
    searched: str = ""  # the rewritten question retrieval used, if it differed

    def to_dict(self) -> dict:
        return {"question": self.question, "answer": self.answer, "searched": self.searched}


def rewrite(question: str, history: Sequence[Turn], max_terms: int = MAX_TERMS) -> str:
    """The text to retrieve with for ``question``, given the turns before it.

    Returns ``question`` unchanged when there is no history or it stands on its own. Otherwise
    appends up to ``max_terms`` words from the previous turn: the names it searched for (and, if
    it named fewer than two, names from its answer: "Who is the Kremlin spokesman?" -> "Peskov");
    for a question with no topic of its own ("Why?", "What about Biden?") also its content words.
    """
    question = " ".join(question.split())
    if not history or not needs_context(question):
        return question
    last = history[-1]
    candidates = names(last.searched or last.question, initial_ok=True)
    if len(candidates) < 2:
        candidates += names(last.answer)[:MAX_ANSWER_NAMES]
    if _is_ellipsis(question) or not content_words(question):
        candidates += content_words(last.question)
    have = {w.lower() for w in _words(question)}
    terms: list[str] = []
    for term in candidates:
        words = term.split()
        if all(w.lower() in have for w in words) or len(terms) + len(words) > max_terms:
            continue
        terms += words
        have.update(w.lower() for w in words)
    return f"{question} {' '.join(terms)}" if terms else question


def with_referent(question: str, searched: str, texts: Sequence[str]) -> str:
    """``question`` with the person it leans on named, for the answerer: "What did he say?" after
    "Who is Kosachev?" (searched as "What did he say? Kosachev") reads "What did Kosachev say?".
    Only a subject "he"/"she" or "according to him/her" is replaced, by the first name the rewrite
    appended, as long as the retrieved ``texts`` write it ("Lukyanov", not "Lukyanov Russia
    Global Affairs"); a question the rewrite left alone is returned as it is."""
    if searched == question or not searched.startswith(question):
        return question
    pronoun = re.search(r"\b(?:he|she)\b|(?<=according to )(?:him|her)\b", question, re.IGNORECASE)
    added = names(searched[len(question) :], initial_ok=True)
    if pronoun is None or not added:
        return question
    words, text = added[0].split(), "\n".join(texts)
    for n in range(len(words), 0, -1):
        if re.search(r"(?<![\w-])" + r"\s+".join(map(re.escape, words[:n])) + r"(?![\w-])", text):
            return f"{question[: pronoun.start()]}{' '.join(words[:n])}{question[pronoun.end() :]}"
    return question


def needs_context(question: str) -> bool:
    """Whether ``question`` leans on what was said before (a pronoun, an ellipsis, too few words)."""
    if _is_ellipsis(question):
        return True
    found_name = False
    for w in _scan(question):
        if w.capital:
            found_name = True
        elif w.text.lower() in _REFERRING and not found_name:
            return True
    return len(content_words(question)) < 2 and not found_name


def names(text: str, initial_ok: bool = False) -> list[str]:
    """Capitalised names in ``text`` ("Angela Merkel", "NATO"), in order of first mention, no repeats.

    A capitalised word that opens a sentence counts if ``initial_ok`` (a question opens with a
    question word, so a capital there is a name), if it is capitalised mid-sentence elsewhere
    ("Putin said..."), or if a name follows it ("Angela Merkel met...").
    """
    words = _scan(text)
    mid = {w.bare for w in words if w.capital and not w.initial}

    def is_name(i: int) -> bool:
        w = words[i]
        if not w.capital:
            return False
        if initial_ok or not w.initial or w.bare in mid:
            return True
        return i + 1 < len(words) and words[i + 1].joined and words[i + 1].capital

    found: list[str] = []
    run: list[str] = []
    for i, w in enumerate(words + [_Word("", "", False, False, False)]):
        if w.text and is_name(i) and (w.joined or not run) and not (run and _is_possessive(words[i - 1].text)):
            run.append(w.bare)
            continue
        if run and " ".join(run).lower() not in {f.lower() for f in found}:
            found.append(" ".join(run))
        run = [w.bare] if w.text and is_name(i) else []
    return found


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry its topic (no stopwords, no one- or two-letter words)."""
    seen: list[str] = []
    for word in _words(text):
        word = _strip_possessive(word)
        if len(word) > 2 and word.lower() not in _STOPWORDS and word.lower() not in {s.lower() for s in seen}:
            seen.append(word)
    return seen


def _is_ellipsis(question: str) -> bool:
    lowered = " ".join(w.lower() for w in _words(question))
    return any(lowered == o or lowered.startswith(o + " ") for o in _OPENERS)


def _words(text: str) -> list[str]:
    return [m.group() for m in _WORD.finditer(text)]


class _Word(NamedTuple):
    text: str
    bare: str  # without a possessive 's
    capital: bool  # capitalised and not a stopword: maybe a name
    initial: bool  # opens a sentence, where any word is capitalised
    joined: bool  # only spaces since the word before, so a name can run on ("Angela Merkel")


def _scan(text: str) -> list[_Word]:
    out: list[_Word] = []
    pos = 0
    for match in _WORD.finditer(text):
        gap = text[pos : match.start()]
        initial = not out or bool(_SENTENCE_END.search(gap)) or "\n" in gap
        word = match.group()
        bare = _strip_possessive(word)
        capital = bare[:1].isupper() and bare.lower() not in _STOPWORDS and len(bare) > 1
        out.append(_Word(word, bare, capital, initial, bool(out) and gap.strip(" ") == ""))
        pos = match.end()
    return out


def _is_possessive(word: str) -> bool:
    return _strip_possessive(word) != word


def _strip_possessive(word: str) -> str:
    return re.sub(r"[’']s?$", "", word)
