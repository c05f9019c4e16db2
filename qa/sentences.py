"""Sentence spans inside a passage, for picking the shortest text that answers a question."""

from __future__ import annotations

import functools
import re

# A sentence ends at . ! ? or …, optionally followed by closing quotes/brackets, then space and
# something that can start a sentence; a line break always ends one.
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]{0,2}[A-Z0-9])|\n+")
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "sen",
    "rep",
    "gov",
    "gen",
    "col",
    "lt",
    "sgt",
    "capt",
    "jr",
    "sr",
    "inc",
    "ltd",
    "co",
    "corp",
    "vs",
    "no",
    "jan",
    "feb",
    "mar",
    "apr",
    "aug",
    "sept",
    "sep",
    "oct",
    "nov",
    "dec",
    "mt",
    "ft",
    "u.s",
    "u.k",
    "e.g",
    "i.e",
    "a.m",
    "p.m",
}


@functools.lru_cache(maxsize=1024)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence of ``text``, trimmed of surrounding whitespace.

    Cached: the answerer splits each retrieved passage several times a question (the span's
    cut to one sentence, the sentences holding it, those before a statement)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in _BOUNDARY.finditer(text):
        piece = text[pos : match.start()]
        # "Mr. Smith" is one sentence: do not split after a known abbreviation or an initial.
        last = piece.rstrip("\"'”’)]").rsplit(None, 1)[-1] if piece.strip() else ""
        word = last.rstrip(".").lower()
        if "\n" not in match.group() and last.endswith(".") and (word in _ABBREVIATIONS or len(word) == 1):
            continue
        # keep closing quotes with the sentence they close
        end = match.start() + len(match.group()) - len(match.group().lstrip("\"'”’)]"))
        _append(text, pos, end, spans)
        pos = match.end()
    _append(text, pos, len(text), spans)
    return tuple(spans)


def _append(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece.rstrip())
    if trail > lead:
        spans.append((start + lead, start + trail))
