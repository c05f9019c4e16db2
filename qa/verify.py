"""Checks each sentence of a generated answer against the retrieved passages, with the models we
ship: a sentence is shown only if one span of its source supports it, and then cites that span.

A generated sentence is *supported* by a source span (one sentence of a passage, or two
adjacent ones) when all of these hold:

- **meaning**: MiniLM cosine between the sentence and the span >= ``MIN_COSINE``;
- **words**: at least ``MIN_WORD_COVERAGE`` of the sentence's content words (stemmed, stop words
  out) are in the span, and those found appear mostly in the span's order (``MIN_ORDER``);
- **numbers**: every number in the sentence (digits or number words) is in the span;
- **names**: every capitalised word (outside a sentence-opening function word) is in the span;
- **negation**: the sentence agrees with the span's sentence that holds most of its words on
  whether it negates ("not", "never", "n't").

The spans of the passages the sentence cites with [n] are tried first; a sentence that cites
none (or only numbers that do not exist), or that its cited passages do not support, is tried
against every retrieved passage (the citation shown is always the span that passed, never the
model's number). Among the spans that support it, the one with the highest cosine becomes its
citation, cut from the passage at exact article offsets.
A sentence no span supports is dropped, with the first reason it failed. The checks are lexical
on purpose: a tiny model's hallucinations add a name, a number or a claim that the passage does
not hold, and each of those is caught here even when the embedding calls the sentence similar.
What they cannot catch is a sentence that only rearranges the span's own words into a new claim
(who did what to whom); ``MIN_ORDER`` narrows that, it does not close it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from index.lexical import tokenize
from qa.results import CheckedSentence as Checked
from qa.results import Citation, Passage
from qa.sentences import sentence_spans

MIN_COSINE = 0.60
MIN_WORD_COVERAGE = 0.80
MIN_ORDER = 0.50  # longest in-order run of the found words, as a share of them
MIN_CONTENT_WORDS = 2  # a sentence with fewer says nothing checkable
MAX_SPAN_SENTENCES = 2
MAX_PHRASE_WORDS = 6  # a claim this short may be an answer phrase ("Bloomberg"), checked word for word

ABSTAIN_PATTERN = re.compile(
    r"\b(?:articles?|passages?|texts?|sources?|context)\b[^.]*\b(?:do(?:es)?n[’']?t|do(?:es)? not|never)\s+"
    r"(?:say|mention|state|contain|provide|include|specify|give|tell)"
    r"|\bno (?:information|mention)\b|\b(?:not|isn[’']?t) (?:mentioned|stated|provided|given|specified)\b"
    r"|\bI (?:do not|don[’']?t|cannot|can[’']?t) (?:know|answer|find)\b",
    re.IGNORECASE,
)
_MARKER = re.compile(r"\[\s*(\d+(?:\s*[,;–-]\s*\d+)*)\s*\]")
_MARKERS_AFTER_STOP = re.compile(r"([.!?][\"'”’)]*)((?:\s*\[\s*\d+(?:\s*[,;–-]\s*\d+)*\s*\])+)")
_FORMATTING = re.compile(r"\*\*|__|^\s*(?:[-*•]|\d+[.)])\s+|^#+\s*", re.MULTILINE)
_FINISHED = re.compile(r"[.!?…\"'”’)\]]\s*$")  # ends a sentence, a quote or a [n] marker
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "thousand": "1000", "million": "1e6"}
_NUMBER_WORDS |= {"billion": "1e9", "trillion": "1e12", "dozen": "12", "half": "0.5", "once": "1", "twice": "2"}
_WORD = re.compile(r"[\w’'-]+")
_ONE_OF = re.compile(r"\bone (?:of|another|day)\b|\bno one\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|none|nobody|nothing|without)\b|n[’']t\b", re.IGNORECASE)
_POSSESSIVE = re.compile(r"[’']s?$")
# Capitalised words that open or shape a sentence without naming anything.
FUNCTION_WORDS = set(
    """a about above after again against all also although an and any are as at be because been before
    being below between both but by can could did do does doing during each few for from further had has
    have having he her here hers him his how i if in into is it its just may me might more most my no nor
    not now of off on once only or other our out over own same she should so some such than that the their
    them then there these they this those through to too under until up very was we were what when where
    which while who whom whose why will with would yet you your according meanwhile however still""".split()
)


def _content_stems() -> frozenset[str]:
    import bm25s.stopwords

    # Function words carry no claim; the words that flip one ("after", "more", "only"...) stay in.
    keep = {"after", "before", "more", "most", "few", "only", "against", "over", "under", "above", "below"}
    return frozenset(t for tokens in tokenize(sorted(set(bm25s.stopwords.STOPWORDS_EN_PLUS) - keep)) for t in tokens)


_FUNCTION_STEMS: frozenset[str] | None = None


def content_words(texts: list[str]) -> list[list[str]]:
    """The stemmed content words of each text, in order (function words out); one tokenizer call."""
    global _FUNCTION_STEMS
    if _FUNCTION_STEMS is None:
        _FUNCTION_STEMS = _content_stems() | {"said", "say", "also"}
    if not texts:
        return []
    return [[t for t in tokens if t not in _FUNCTION_STEMS] for tokens in tokenize(texts)]


def numbers(text: str) -> set[str]:
    """The numbers a text states, as canonical strings ("1,200" and "1200" agree; "two" is "2")."""
    found = {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}
    text = _ONE_OF.sub(" ", text)  # "one of the holdouts" counts nothing
    found |= {_NUMBER_WORDS[w.lower()] for w in _WORD.findall(text) if w.lower() in _NUMBER_WORDS}
    return found


def names(text: str) -> set[str]:
    """Capitalised words of ``text`` (possessive cut), except function words such as "The"."""
    out = set()
    for word in _WORD.findall(text):
        word = _POSSESSIVE.sub("", word.strip("-’'"))
        if word[:1].isupper() and word.lower() not in FUNCTION_WORDS and not word.isdigit():
            out.add(word)
    return out


def _words_of(text: str) -> set[str]:
    return {_POSSESSIVE.sub("", w.strip("-’'")) for w in _WORD.findall(text)}


def negates(text: str) -> bool:
    return bool(_NEGATION.search(text))


def in_order(words: list[str], span_words: list[str]) -> float:
    """Length of the longest common subsequence of ``words`` and ``span_words``, over len(words)."""
    if not words:
        return 1.0
    prev = [0] * (len(span_words) + 1)
    for w in words:
        row = [0]
        for j, s in enumerate(span_words):
            row.append(prev[j] + 1 if w == s else max(prev[j + 1], row[j]))
        prev = row
    return prev[-1] / len(words)


# -- splitting a draft into claims -----------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    """One sentence of a generated answer: its text without markers and the passages it cites."""

    text: str
    cites: tuple[int, ...]  # 1-based passage numbers from its [n] markers
    abstains: bool = False  # the model saying the articles do not answer
    finished: bool = True  # False for a last sentence the reply was cut off in


def _numbers_in(marker: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r"\s*[,;]\s*", marker):
        bounds = [int(x) for x in re.split(r"\s*[–-]\s*", part) if x.strip().isdigit()]
        if len(bounds) == 2 and 0 < bounds[1] - bounds[0] < 10:
            out.extend(range(bounds[0], bounds[1] + 1))
        else:
            out.extend(bounds)
    return out


def split_claims(draft: str, cut_off: bool | None = None) -> list[Claim]:
    """The draft's sentences with their [n] markers read off (markers after a full stop count for
    the sentence they follow). ``cut_off``: whether the reply stopped at the token limit (None:
    unknown, so a last sentence without a full stop is taken as cut off)."""
    text = _FORMATTING.sub("", draft)
    text = _MARKERS_AFTER_STOP.sub(lambda m: f"{m.group(2)}{m.group(1)}", text)
    claims = []
    for s, e in sentence_spans(text):
        piece = text[s:e]
        cites = tuple(dict.fromkeys(n for m in _MARKER.findall(piece) for n in _numbers_in(m)))
        clean = " ".join(_MARKER.sub(" ", piece).split())
        clean = re.sub(r"\s+([.,;:!?])", r"\1", clean)
        if not _WORD.search(clean):
            continue
        claims.append(Claim(clean, cites, bool(ABSTAIN_PATTERN.search(clean))))
    if claims and cut_off is not False and not _FINISHED.search(text):  # half a sentence can mislead
        claims[-1] = replace(claims[-1], finished=False)
    return claims


# -- checking claims -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A candidate citation: one or two adjacent sentences of a passage, at article offsets."""

    passage: Passage
    start: int
    end: int
    text: str
    parts: tuple[str, ...]  # its sentences


def passage_spans(passage: Passage, width: int = MAX_SPAN_SENTENCES) -> list[Span]:
    """Every run of 1..``width`` adjacent sentences of the passage, as exact article slices."""
    sentences = sentence_spans(passage.text)
    spans = []
    for i in range(len(sentences)):
        for j in range(i, min(i + width, len(sentences))):
            s, e = sentences[i][0], sentences[j][1]
            parts = tuple(passage.text[a:b] for a, b in sentences[i : j + 1])
            spans.append(Span(passage, passage.start + s, passage.start + e, passage.text[s:e], parts))
    return spans


@dataclass(frozen=True)
class _Facts:
    """What the checks need of a span, computed once per span."""

    words: list[str]
    word_set: frozenset[str]
    numbers: set[str]
    tokens: set[str]
    parts: list[tuple[frozenset[str], bool]]  # per sentence: content words, negates

    @classmethod
    def of(cls, span: Span, words_of: dict[str, list[str]]) -> _Facts:
        """``words_of`` maps each sentence of the span to its content words (a token never spans
        two sentences, so the span's words are its sentences' words in turn)."""
        words = [w for part in span.parts for w in words_of[part]]
        parts = [(frozenset(words_of[p]), negates(p)) for p in span.parts]
        return cls(words, frozenset(words), numbers(span.text), _words_of(span.text), parts)


class Verifier:
    """Checks claims against passages with the shipped MiniLM model.

    >>> verifier = Verifier(vectors)       # texts -> unit-length embeddings (qa.vectors.SentenceVectors)
    >>> [c.supported for c in verifier.check(split_claims("Peskov is Putin's spokesman [1]."), passages)]
    """

    def __init__(self, vectors) -> None:
        self.vectors = vectors

    def check(self, claims: list[Claim], passages: list[Passage]) -> list[Checked]:
        """A verdict for every claim that is not an abstention, in order."""
        claims = [c for c in claims if not c.abstains]
        if not claims:
            return []
        by_passage = [passage_spans(p) for p in passages]
        unique = {(s.passage.source, s.start, s.end): s for spans in by_passage for s in spans}
        every = list(unique.values())
        sentences = list(dict.fromkeys(part for s in every for part in s.parts))
        words = content_words([c.text for c in claims] + sentences)  # one tokenizer call
        words_of = dict(zip(sentences, words[len(claims) :]))
        vectors = self.vectors([c.text for c in claims] + [s.text for s in every])  # one embedding call
        row = {key: i for i, key in enumerate(unique)}
        facts = {
            key: (span, _Facts.of(span, words_of), vectors[len(claims) + row[key]]) for key, span in unique.items()
        }
        by_passage_keys = [
            list(dict.fromkeys((s.passage.source, s.start, s.end) for s in spans)) for spans in by_passage
        ]
        verdicts = []
        for claim, vec, claim_words in zip(claims, vectors, words):
            if not claim.finished:
                verdicts.append(Checked(claim.text, claim.cites, False, "unfinished: the reply was cut off here"))
                continue
            cited = [n for n in dict.fromkeys(claim.cites) if 1 <= n <= len(passages)]
            first = list(dict.fromkeys(k for n in cited for k in by_passage_keys[n - 1]))
            chosen = set(first)
            rest = [k for k in unique if k not in chosen]
            verdict = None
            for pool in (first, rest):  # the cited passages first, then every retrieved one
                if pool:
                    verdict = self._check_one(claim, claim_words, vec, [facts[k] for k in pool], verdict)
                    if verdict.supported:
                        break
            verdicts.append(verdict or Checked(claim.text, claim.cites, False, "no passage to check it against"))
        return verdicts

    def _check_one(self, claim: Claim, words: list[str], vec: np.ndarray, pool, previous: Checked | None) -> Checked:
        if phrase := _phrase(claim.text, words):
            verdict = self._check_phrase(claim, phrase, pool)
            if verdict.supported or len(words) < MIN_CONTENT_WORDS:
                return verdict
        if len(words) < MIN_CONTENT_WORDS:
            return Checked(claim.text, claim.cites, False, "says nothing that can be checked")
        nums, named, negated = numbers(claim.text), names(claim.text), negates(claim.text)
        best: tuple[float, Span, dict] | None = None
        closest = None  # the failed span that came nearest, to say why
        if previous is not None:
            closest = (
                (
                    -len(previous.reason.split(";")),
                    previous.scores.get("coverage", 0.0),
                    previous.scores.get("cosine", 0.0),
                ),
                previous.reason,
                previous.scores,
            )
        for span, f, span_vec in pool:
            found = [w for w in words if w in f.word_set]
            scores = {
                "cosine": float(span_vec @ vec),
                "coverage": len(found) / len(words),
                "order": in_order(found, f.words),
            }
            failures = []
            if scores["coverage"] < MIN_WORD_COVERAGE:
                missing = [w for w in words if w not in f.word_set]
                failures.append(f"words not in the source: {', '.join(missing[:4])}")
            if missing_names := sorted(named - f.tokens):
                failures.append(f"names not in the source: {', '.join(missing_names[:3])}")
            if missing_numbers := sorted(nums - f.numbers):
                failures.append(f"numbers not in the source: {', '.join(missing_numbers[:3])}")
            # The span's sentence holding most of the claim's words decides what it negates.
            _, main_negates = max(f.parts, key=lambda part: sum(w in part[0] for w in words))
            if negated != main_negates:
                failures.append("the source " + ("does not negate it" if negated else "negates it"))
            if scores["cosine"] < MIN_COSINE:
                failures.append(f"meaning too far from the source (cosine {scores['cosine']:.2f})")
            if scores["order"] < MIN_ORDER:
                failures.append("its words are in another order than in the source")
            if not failures:
                if best is None or scores["cosine"] > best[0]:
                    best = (scores["cosine"], span, scores)
                continue
            nearness = (-len(failures), scores["coverage"], scores["cosine"])
            if closest is None or nearness > closest[0]:
                closest = (nearness, "; ".join(failures), scores)
        if best is None:
            return Checked(
                claim.text,
                claim.cites,
                False,
                closest[1] if closest else "no passage to check it against",
                scores=closest[2] if closest else {},
            )
        _, span, scores = best
        return Checked(claim.text, claim.cites, True, "", _citation(span, scores["cosine"]), scores)

    def _check_phrase(self, claim: Claim, phrase: str, pool) -> Checked:
        """A short answer ("Bloomberg", "two weeks ago") is supported only word for word: by the
        shortest span holding it (cosine and word order say little about a few words)."""
        holding = [span for span, _, _ in pool if f" {phrase} " in f" {_folded(span.text)} "]
        if not holding:
            return Checked(claim.text, claim.cites, False, "a short answer not found word for word in the source")
        span = min(holding, key=lambda s: (len(s.parts), s.end - s.start))
        scores = {"coverage": 1.0, "order": 1.0, "verbatim": 1.0}
        return Checked(claim.text, claim.cites, True, "", _citation(span, 1.0), scores)


def _folded(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold().replace("’", "'")))


def _phrase(text: str, words: list[str]) -> str | None:
    """``text`` folded, if it is short enough to be an answer phrase (and says something)."""
    folded = _folded(text)
    if not folded or len(folded.split()) > MAX_PHRASE_WORDS or not (words or numbers(text)):
        return None
    return folded


def _citation(span: Span, score: float) -> Citation:
    return Citation(
        source=span.passage.source,
        title=span.passage.title,
        start=span.start,
        end=span.end,
        text=span.text,
        score=score,
    )
