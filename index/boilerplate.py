"""Finds page furniture in an article (sign-up prompts, author bios, lists of other headlines).

Scraped news text often ends with a newsletter box, an author bio and a list of unrelated
headlines. Those lines must never be cited as an answer, so we find their character spans and
the chunker leaves them out. The rules are deliberately conservative: a prompt in the middle of
an article only drops its own line unless nothing but furniture follows it.
"""

from __future__ import annotations

import re

# A short line that opens the furniture at the end of a page.
_MARKER = re.compile(
    r"""^\s*(?:
        subscribe\b | sign[ -]?up\b | newsletters?\b | get\ (?:our|the)\b.*\bnewsletter
      | follow\ us\b | share\ (?:this|on)\b | related\ (?:articles|stories|coverage|content|topics|news)\b
      | more\ (?:from|on|stories|news)\b | read\ (?:more|next)\b | recommended\b
      | most\ (?:read|popular|viewed|shared)\b | trending\b | you\ (?:may|might)\ also\ like
      | also\ read\b | see\ also\b | about\ the\ author\b | advertisement\b | sponsored\b
      | ©  | copyright\b | all\ rights\ reserved | click\ here\b | download\ (?:our|the)\ app
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_BIO = re.compile(
    r"\b(?:has (?:worked|written) (?:as|for)|is an? (?:senior |staff |contributing |freelance )?"
    r"(?:writer|editor|reporter|correspondent|journalist|columnist)|(?:his|her|their) journalism career)\b",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"^[\s\-–—•*|·_=]+$")
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*\s*$")

MARKER_MAX_WORDS = 12
PROSE_MIN_WORDS = 40  # a paragraph this long that is not a bio is article text, not furniture
CUT_NOT_BEFORE = 0.3  # share of the text before which a marker never cuts the rest


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, end excluding the newline."""
    spans, start = [], 0
    for match in re.finditer(r"\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _is_marker(line: str) -> bool:
    return len(line.split()) <= MARKER_MAX_WORDS and bool(_MARKER.match(line))


def _is_prose(line: str) -> bool:
    return (
        len(line.split()) >= PROSE_MIN_WORDS
        and bool(_ENDS_SENTENCE.search(line))
        and not _BIO.search(line)
        and not _is_marker(line)
    )


def _furniture_tail(text: str, lines: list[tuple[int, int]]) -> int | None:
    """Offset where the trailing furniture starts, or None."""
    # 1. A marker line with no real prose after it: cut there.
    for i, (start, end) in enumerate(lines):
        if start < CUT_NOT_BEFORE * len(text) or not _is_marker(text[start:end]):
            continue
        if not any(_is_prose(text[s:e]) for s, e in lines[i + 1 :]):
            return start
    # 2. A trailing list of headlines: short unpunctuated lines between separator lines.
    separators, block_start = 0, None
    for start, end in reversed(lines):
        line = text[start:end]
        if not line.strip():
            continue
        if _SEPARATOR.match(line):
            separators += 1
        elif _is_prose(line) or (_ENDS_SENTENCE.search(line) and not _BIO.search(line)):
            break
        block_start = start
    if separators >= 2 and block_start is not None:
        return block_start
    return None


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of ``text`` that are page furniture, sorted and non-overlapping."""
    lines = _lines(text)
    cut = _furniture_tail(text, lines)
    spans = [(start, end) for start, end in lines if (cut is None or start < cut) and _is_marker(text[start:end])]
    if cut is not None:
        spans.append((cut, len(text)))
    return spans


def content_segments(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` that remain once furniture is removed, trimmed of whitespace."""
    segments, pos = [], 0
    for start, end in furniture_spans(text) + [(len(text), len(text))]:
        seg = text[pos:start]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg.rstrip())
        if trail > lead:
            segments.append((pos + lead, pos + trail))
        pos = max(pos, end)
    return segments
