"""The extractive answerer: the reader's answer span from the top passages, cited by the exact
sentence that holds it, or an abstention when the reader's calibrated confidence is too low.

The reader (qa/reader/) reads each of the top passages and proposes its best span there; the
span with the highest calibrated probability wins. The answer is that short span ("2011",
"Putin's spokesman"), completed to its phrase ("almost 20%", qa/phrases.py), or the whole
sentence when the question asks why or how something happened and a phrase would not answer
it. The citation is the sentence (or the two) holding the span, with exact article offsets;
``Answer.span`` is the span's own offsets. "Who is <name>?" is answered by the appositive that
introduces the name, or the title before the mention of it the reader points at
(qa/appositives.py), "What did <name> say?" by the statement the article attributes to the name,
"Which outlet reported ...?" by the source a sentence credits (qa/reported.py), "What is the
name of the game ...?" by a name its sentence calls a game. "According to
<name>, ...?" is answered only from the person's words, nor a question by a span of the wrong
kind ("How much did they pay?" -> not "29%") or from a sentence dated to another year
(qa/answer_types.py). Names typed in lowercase are read as the passages write them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from index.lexical import content_terms, tokenize
from qa.answer_types import (
    ASKS_WHY,
    POST_WORDS,
    asked_kind,
    counts_things,
    fits,
    fold,
    names_unsaid,
    of_another_body,
    of_another_category,
    of_another_number,
    of_another_post,
    of_another_role,
    of_another_round,
    of_another_work,
    of_another_year,
    of_the_opposite,
    unidentified,
)
from qa.appositives import (
    HONORIFIC,
    appositive,
    asked_name,
    describes_asked,
    in_description_of,
    is_description,
    name_pattern,
    names_asked,
    title_before,
)
from qa.appositives import name_slots as name_slots_of_appositives
from qa.kinds import of_another_kind
from qa.metrics import normalize_answer
from qa.phrases import complete, with_asked_noun
from qa.questions import asks_yes_or_no, parts, with_subject
from qa.reader.inference import Calibration, Reader, Span, features
from qa.reported import (
    Asked,
    according_to,
    answers,
    asked_speaker,
    asks_source,
    continued_quote,
    credited,
    credited_names,
    object_of,
    reports,
    said_by_another,
    statement,
    statements,
    subject_is_another,
)
from qa.reported import name_slots as name_slots_of_reported
from qa.results import ABSTAIN_TEXT, Citation, Passage
from qa.sentences import sentence_spans
from qa.verify import FUNCTION_WORDS

# "why ...", "how did/does/can ...": the reason or the manner is a clause, not a phrase.
# "how many/much/old/long/..." asks for a quantity: a phrase does.
_EXPLAIN = re.compile(
    r"^\s*(?:and\s+|so\s+|but\s+)?(?:why\b|for what reason\b|what (?:caused|led to)\b|"
    r"how (?!many\b|much\b|old\b|long\b|far\b|big\b|large\b|often\b|tall\b|high\b|soon\b|fast\b|few\b)\w+)",
    re.IGNORECASE,
)


# A question for a figure or a time: "how many ...?", "by how much ...?", "when ...?". Credited to
# a person, its answer is the figure the person gave, and one in the person's words next to it is
# no evidence it is that one ("how many retailers use RFID?" -> not the "52%" quoted beside it).
_FIGURE = re.compile(
    r"\b(?:how\s+(?:many|much|long|old|far|big|large|often|soon|fast|high)|when|what\s+(?:year|percentage|"
    r"proportion|share|price|time|date|day|month|age|rate|number|amount|figure)|in\s+what\s+year)\b",
    re.IGNORECASE,
)


def asks_explanation(question: str) -> bool:
    """Whether a phrase would not do for ``question`` (why, how, yes or no): the answer is the sentence."""
    return bool(_EXPLAIN.search(question)) or asks_yes_or_no(question)


@dataclass(frozen=True)
class Found:
    """The reader's best span in one passage, in article offsets, with its probability."""

    passage: Passage
    span: Span
    probability: float
    start: int  # the span, in article offsets
    end: int
    sentence_start: int  # the sentence(s) holding the span, in article offsets
    sentence_end: int
    overlap: float = 0.0  # share of the question's content terms that the holding sentence has

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def sentence(self) -> str:
        p = self.passage
        return p.text[self.sentence_start - p.start : self.sentence_end - p.start]

    @property
    def in_sentence(self) -> tuple[int, int]:
        """The span's offsets in ``sentence``."""
        return self.start - self.sentence_start, self.end - self.sentence_start

    @property
    def before(self) -> str:
        """The words of ``sentence`` before the span (where a title or a role is given)."""
        return self.sentence[: self.start - self.sentence_start]


def locate(question: str, passages: list[Passage], reader: Reader) -> list[Found]:
    """The reader's span in each passage that has one, placed in its article, not yet scored."""
    if not passages:
        return []
    found = []
    spans = [s for s in reader.read(question, [p.text for p in passages]) if s.text.strip()]
    for span in spans:
        passage = passages[span.text_index]
        start, end = _best_occurrence(question, passage.text, span.start, span.end)
        start, end = complete(passage.text, *_in_one_sentence(passage.text, start, end))
        start, end = with_asked_noun(question, passage.text, start, end)
        lo, hi = _holding_sentences(passage.text, start, end)
        found.append(
            Found(
                passage=passage,
                span=replace(span, start=start, end=end, text=passage.text[start:end]),
                probability=0.0,
                start=passage.start + start,
                end=passage.start + end,
                sentence_start=passage.start + lo,
                sentence_end=passage.start + hi,
            )
        )
    if found:  # one tokenizer call for the question and every holding sentence
        asked, *held = terms([question] + [f.sentence for f in found])
        found = [replace(f, overlap=len(asked & h) / len(asked) if asked else 0.0) for f, h in zip(found, held)]
    return found


def _about_another(question: str, f: Found, unnamed: Callable[[Found], bool]) -> bool:
    """Whether the sentence holding ``f`` is about another year, number, round, side, award
    category, role or post than the question asks about, calls the answer another kind
    (qa/kinds.py), or ``unnamed`` says its article never names what the question names."""
    return (
        of_another_year(question, f.sentence, f.text)
        or of_another_number(question, f.sentence)
        or of_another_round(question, f.sentence)
        or of_the_opposite(question, f.sentence, f.in_sentence)
        or of_another_category(question, f.sentence, f.in_sentence)
        or of_another_role(question, f.before)
        or of_another_post(question, f.before)
        or of_another_kind(question, f.sentence, *f.in_sentence)
        or of_another_work(question, f.sentence, f.in_sentence)
        or unnamed(f)
    )


def _unnamed_in(question: str, article_text: Callable[[str], str | None] | None) -> Callable[[Found], bool]:
    """Whether a finding's article never names what ``question`` names (``names_unsaid``), once
    per article: its passage is read first (most name it), the whole article only if not."""
    known: dict[str, bool] = {}

    def unnamed(f: Found) -> bool:
        source = f.passage.source
        if source not in known:
            known[source] = names_unsaid(question, f"{f.passage.title}\n{f.passage.text}") and names_unsaid(
                question, f"{f.passage.title}\n{_article(f, article_text) or f.passage.text}"
            )
        return known[source]

    return unnamed


def _nested(f: Found, best: Found) -> bool:
    """Whether ``f`` lies inside ``best``'s span of the same article or holds it: two overlapping
    chunks read the same words with other bounds ("Digital" and "Being Digital"), which is no
    rival answer. On the twenty-two sets it gives one right answer more, and nothing else."""
    return f.passage.source == best.passage.source and (
        best.start <= f.start and f.end <= best.end or f.start <= best.start and best.end <= f.end
    )


def _names_surname(name: str, f: Found, article_text: Callable[[str], str | None] | None) -> bool:
    """Whether ``f``'s article (its headline included) writes the surname of ``name``."""
    surname = re.escape(fold(name.split()[-1]))
    return bool(re.search(rf"\b{surname}\b", fold(f"{f.passage.title}\n{_article(f, article_text) or f.passage.text}")))


def _corroborates(f: Found, best: Found) -> bool:
    """Whether ``f`` gives ``best``'s answer in a sentence of its own: a second witness, no rival
    ("£1.3bn" in three articles' own words). A copy of the same sentence (the corpus holds
    duplicate articles, a chunk overlaps the next) is no second witness and stays a rival, as
    when the rule was fitted: counted as agreement, copies gave 5 right answers (and ".png" for
    ".png files") for 3 wrong ones and 2 traps more on the nineteen sets."""
    return normalize_answer(f.text) == normalize_answer(best.text) and normalize_answer(f.sentence) != normalize_answer(
        best.sentence
    )


def _headline(f: Found) -> bool:
    """Whether ``f``'s span lies in its article's headline. A headline compresses ("Nortel in
    $300m profit revision": revised by $300m, not a $300m profit; "Tories attack EU asylum
    moves" for "Which Conservative spokesman ...?"), so the reader's span there is no answer;
    the body states in full whatever the headline says."""
    p, end = f.passage, f.sentence_end - f.passage.start
    return p.start == 0 and bool(p.title) and p.text.startswith(p.title) and end <= len(p.title)


def read(question: str, passages: list[Passage], reader: Reader) -> list[Found]:
    """The reader's span in each passage that has one, most probable first."""
    found = [
        replace(f, probability=reader.probability(f.span, f.passage.dense, f.overlap))
        for f in locate(question, passages, reader)
    ]
    # Most probable first; on a tie, the better-retrieved passage.
    found.sort(key=lambda f: (-f.probability, passages.index(f.passage)))
    # Two chunks overlap, so one span of an article may be read twice: it is one finding.
    seen: set[tuple[str, int, int]] = set()
    return [f for f in found if (key := (f.passage.source, f.start, f.end)) not in seen and not seen.add(key)]


def terms(texts: list[str]) -> list[set[str]]:
    """Stemmed content terms of each text, accents folded ("cafe" meets "café")."""
    return [set(content_terms(tokens)) for tokens in tokenize([fold(t) for t in texts])]


def _best_occurrence(question: str, text: str, start: int, end: int) -> tuple[int, int]:
    """Where the answer string is best cited: the reader marks one occurrence, but when the
    same words recur (the headline "Café owners in Zürich protest" above "The café owners of
    Zürich marched..."), the sentence sharing most words with the question is the evidence."""
    answer = text[start:end]
    others = [m.start() for m in re.finditer(re.escape(answer), text) if m.start() != start]
    if not others:
        return start, end
    places = [start, *others]
    asked, *held = terms([question] + [text[slice(*_holding_sentences(text, at, at + len(answer)))] for at in places])
    best = max(range(len(places)), key=lambda i: (len(asked & held[i]), i == 0))
    best = places[best]
    return best, best + len(answer)


def _in_one_sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """A span that runs over a sentence end or a line break, cut to its part in the last sentence
    it touches: that part holds the reader's end, and a headline above the body ("Kilroy-Silk
    attacked with slurry\n\nEuro MP") or the sentence before ("Monica Chadha said. India's
    aviation minister") is not part of the answer."""
    parts = [(max(a, start), min(b, end)) for a, b in sentence_spans(text) if a < end and start < b]
    if len(parts) < 2:
        return start, end
    a, b = parts[-1]
    while a < b and text[a].isspace():
        a += 1
    return (a, b) if a < b else (start, end)


def _sentence_before(text: str, at: int) -> str:
    """The sentence of ``text`` that ends before offset ``at`` (a sentence's start), or ""."""
    earlier = [a for a, b in sentence_spans(text[:at]) if b <= at]
    return text[earlier[-1] : at] if earlier else ""


def _holding_sentences(text: str, start: int, end: int) -> tuple[int, int]:
    """The first and last offsets of the sentences of ``text`` that [start, end) touches."""
    spans = [(s, e) for s, e in sentence_spans(text) if s < end and start < e]
    if not spans:
        return start, end
    return spans[0][0], spans[-1][1]


def extract(
    question: str,
    found: list[Found],
    calibration: Calibration,
    article_text: Callable[[str], str | None] | None = None,
    unread: list[Passage] | None = None,
) -> tuple[str, bool, list[Citation], Citation | None]:
    """(answer text, abstained, citations, the answer span) from the reader's findings, most
    probable first; ``calibration`` says when the best of them is the answer.
    ``article_text`` (source -> the article's text) lets a check read beyond the passage;
    ``unread``, more passages naming the person "Who is <name>?" asks about, its description."""
    question = truecase(question, [f.passage.text for f in found])
    # "How much did they pay?" -> not "29%"; "athlete of the year for 2003" -> not "... of 2004"
    # "Who directed it?" -> not the actor it "stars"; "Who will stand against Adam Ingram?" -> not
    # "Armed Forces Minister" (his own title); "Which network?" -> not "a US television network"
    unnamed = _unnamed_in(question, article_text)
    credited = according_to(question)
    if credited is not None:
        # "According to X, ...?": an article that never names X does not say what X said, nor
        # does its span compete with one that does ("1 May, 2002" against Owen's "10 April")
        found = [f for f in found if _names_surname(credited, f, article_text)]
    about_other = [f for f in found if _about_another(question, f, unnamed)]
    found = [
        f
        for f in found
        if fits(question, f.text)
        and not any(f is o for o in about_other)
        and not describes_asked(question, f.passage.text, f.start - f.passage.start, f.end - f.passage.start)
        and not names_asked(question, f.text)
        and not of_another_body(question, f.before)
        and not unidentified(question, f.passage.text, f.start - f.passage.start, f.end - f.passage.start)
        and not counts_things(question, f.passage.text, f.start - f.passage.start, f.end - f.passage.start)
    ]
    # A span refused for its own form (a percentage for "How much?", the asked person, another
    # firm's chief executive, whom the asked firm's may well be named beside) says nothing
    # against the next one; a sentence about another year or award that the reader prefers to
    # the span kept says the articles answer a neighbouring question, so it still competes with
    # it ("player of the year for 2003?": Henman, 2004, holds back a guess from another
    # passage); one it ranks lower says little ("revenue up 8.1%" beside "profits drop 33%").
    best = None
    if found:
        favoured = [o for o in about_other if o.probability > found[0].probability]
        # A refused span is no second witness of the same answer: "Jennifer Lopez and Richard
        # Gere" credited as stars elsewhere does not vouch for them as directors.
        rivals = sorted(
            [f.probability for f in found[1:] if not _corroborates(f, found[0]) and not _nested(f, found[0])]
            + [o.probability for o in favoured],
            reverse=True,
        )
        best = found[0] if calibration.answers([found[0].probability, *rivals]) else None
    if best is not None and _headline(best):
        best = None  # it stays a competing reading: the runner-up of a span in the body
    threshold = calibration.threshold
    if (name := asked_name(question)) is not None:
        best = _who_is(name, found, best, unread or [])
    elif (asked := asked_speaker(question)) is not None:
        naming = [f for f in found if _names(asked.name, f, article_text)]
        said = _what_said(asked, naming, best if any(f is best for f in naming) else None, article_text)
        best = said or (best if asked.described else None)
    elif best is None and asks_source(question):
        best = _credited_source(question, found)
    elif best is None and ASKS_WHY.match(question):
        best = _reason(found)
    elif best is None and (kind := asked_kind(question)) is not None and credited is None:
        best = _named_as(question, kind, found, article_text)
    elif best is None and credited is not None and not _FIGURE.search(question):
        best = _in_words_of(credited, [f for f in found if _names(credited, f, article_text)], article_text)
    if best is not None and credited is not None:
        # "According to X, ...?": the answer is in X's words ("he said" quotes X paragraphs
        # after naming them, so the whole article is read).
        full = _article(best, article_text)
        if not _names(credited, best, article_text):
            best = None  # "Jade Johnson" is not the Michael Johnson asked about
        elif not _credits(credited, best, full):
            best = None  # ... nor does a sentence that is not in their words
        elif in_description_of(
            credited, best.passage.text, best.start - best.passage.start, best.end - best.passage.start
        ):
            best = None  # "Ard Jan Vetham, Capgemini's principal consultant, said ...": who he is
    if best is None:
        return ABSTAIN_TEXT, True, [], None
    chosen = [best]
    answer = normalize_answer(best.text)
    for other in found[1:]:
        # Another article that gives the same answer with confidence is cited too.
        if (
            other.passage.source not in {c.passage.source for c in chosen}
            and other.probability >= threshold
            and not _headline(other)
            and normalize_answer(other.text) == answer
        ):
            chosen.append(other)
            break
    citations = [
        Citation(f.passage.source, f.passage.title, f.sentence_start, f.sentence_end, f.sentence, f.probability)
        for f in chosen
    ]
    span = Citation(best.passage.source, best.passage.title, best.start, best.end, best.text, best.probability)
    text = best.sentence if asks_explanation(question) else best.text
    return text, False, citations, span


def answer_parts(
    question: str,
    passages: list[Passage],
    reader: Reader,
    article_text: Callable[[str], str | None] | None = None,
    unread: list[Passage] | None = None,
) -> tuple[str, bool, list[Citation], list[Citation]]:
    """(answer text, abstained, citations, the answer spans) for ``question`` from ``passages``.
    Each part of a two-part question ("Which journal does Lukyanov edit, and which news agency
    did he speak to?") is read and answered on its own, its "he" named (qa/questions.py), and
    the answers given joined by "; ", each cited; read whole, the reader answers one part at
    most. A later part is answered only from articles naming what the whole question names,
    and from the article that answered the first part when one did ("Who did Agassi beat, and
    how old is he?" -> not another article's player), or else from one that writes every name
    the first part gives. The question abstains when no part is answered."""
    texts: list[str] = []
    citations: list[Citation] = []
    spans: list[Citation] = []
    # typed in lowercase, the names are read as the passages write them ("fyodor lukyanov")
    question = truecase(question, [p.text for p in passages])
    asked, unnamed = parts(question), _unnamed_in(question, article_text)
    first_answer, sources = None, set()
    for i, part in enumerate(asked):
        if i and (part := with_subject(part, asked[0], first_answer)) is None:
            continue
        found = read(part, passages, reader)
        if i:  # still about what the whole question names: "... and how many branches does the bank have?"
            found = [f for f in found if not unnamed(f) and (not sources or f.passage.source in sources)]
            if not sources:  # the first part unanswered: at least its story's every name, in full
                found = [f for f in found if _says_every_name(asked[0], f, article_text)]
        text, abstained, cited, span = extract(part, found, reader.calibration, article_text, unread)
        if abstained:
            continue
        if i == 0:  # the later parts ask about the same story: its articles answer them
            first_answer, sources = text, {c.source for c in cited}
        if text not in texts:
            texts.append(text)
            spans += [span] if span else []
        citations += [
            c for c in cited if (c.source, c.start, c.end) not in {(o.source, o.start, o.end) for o in citations}
        ]
    if not texts:
        return ABSTAIN_TEXT, True, [], []
    return "; ".join(texts), False, citations, spans


def _says_every_name(question: str, f: Found, article_text: Callable[[str], str | None] | None) -> bool:
    """Whether ``f``'s article writes every capitalised word ``question`` has after its first
    ("Bank", "Alexandria", "Egyptian"): another article about banks does not tell the Bank of
    Alexandria's branches."""
    words = {fold(w) for w in re.findall(r"(?<=\s)[A-Z][\w-]*", question) if w.lower() not in FUNCTION_WORDS}

    def says_all(text: str) -> bool:
        folded = fold(f"{f.passage.title}\n{text}")
        return all(re.search(rf"\b{re.escape(w)}\b", folded) for w in words)

    # the passage first, as ``_unnamed_in`` reads it: the whole article only when it does not
    return says_all(f.passage.text) or says_all(_article(f, article_text) or f.passage.text)


# A span right after "who (the)": the subject of a clause about the name, someone else.
_RELATIVE_SUBJECT = re.compile(r"\b(?:who|whom)\s+(?:the\s+|a\s+|an\s+)?$", re.IGNORECASE)


def _who_is(name: str, found: list[Found], confident: Found | None, unread: list[Passage]) -> Found | None:
    """The answer to "Who is <name>?" (qa/appositives.py): the confident span, widened to the
    appositive of the name it is; else the most probable span, however doubted, that is an
    appositive of the name; else the confident span if it describes at all (another person's
    name does not: "Who is Joe Biden?" -> "Vladimir Putin", nor does the subject of a clause
    about the name: "Milburn - who the prime minister put in charge"); else the title before a
    mention of the name that a span points at ("Jewish Chronicle editor" of "... editor Ned
    Temko", read as "Ned"); else the
    title of any mention in the passages read and the ``unread`` ones that name the person, if
    it is a noun phrase ("North Devon landowner Giles Bradshaw", the reader reading "Mr Opik"
    beside it): the one most passages give, if more than one does ("Tory leader Michael Howard"
    in 41 of them, where the five read only mention him), else the first in the passages read;
    else none."""
    if confident is not None and (described := _appositive_of(name, confident)):
        return described
    # An appositive of the name, however doubted, is better evidence than a confident span that
    # describes someone near it ("Alan Milburn - who the prime minister put in charge": not
    # "prime minister", when "Labour's election chief Alan Milburn" is read)
    if described := next((d for f in found if (d := _appositive_of(name, f))), None):
        return described
    if confident is not None and is_description(confident.text) and not _RELATIVE_SUBJECT.search(confident.before):
        return confident
    if pointed := next((d for f in found if (d := _titled(name, f))), None):
        return pointed
    was_read = {f.passage.id for f in found}
    mentioning = found + [_unread(p) for p in unread if p.id not in was_read]
    titles = [d for f in mentioning if (d := _titled(name, f, anywhere=True))]
    if agreed := _most_given(titles):
        return agreed
    # one passage's word alone ("The memory Gordon Brown says") only from the passages read
    if alone := next((d for d in titles if d.passage.id in was_read), None):
        return alone
    capitalised = _capitalised_titles(name, mentioning)
    if agreed := _most_given(capitalised):
        return agreed
    # one passage's post alone, from the passages read ("Transportation Secretary Norman Mineta")
    return next((d for d in capitalised if d.passage.id in was_read and d.text.split()[-1].lower() in POST_WORDS), None)


def _most_given(titles: list[Found]) -> Found | None:
    """The description more than one of ``titles`` gives, the most often given; on a tie the first.
    Titles agree when they end in the same noun ("British director" and "director"); of those
    that do, the one given most often answers."""

    def head(d: Found) -> str:
        return (normalize_answer(d.text).split() or [""])[-1]

    votes, given = Counter(head(d) for d in titles), Counter(normalize_answer(d.text) for d in titles)
    agreed = max(titles, key=lambda d: (votes[head(d)], given[normalize_answer(d.text)]), default=None)
    return agreed if agreed is not None and votes[head(agreed)] > 1 else None


def _capitalised_titles(name: str, found: list[Found]) -> list[Found]:
    """The capitalised titles right before the mentions of ``name`` ("Chancellor Gordon Brown",
    "Prime Minister Tony Blair", "UN Secretary General Kofi Annan"), one per passage: capitalised
    words whose last the passages also write in lower case ("the chancellor"), or a post's name
    ("Transportation Secretary"), so that a firm ("Tesco Terry Leahy") is none. An organisation's
    initials before the title are its own ("UN")."""
    lower = {w for f in found for w in re.findall(r"(?<![\w'\u2019-])[a-z][a-z-]+", f.passage.text)} | POST_WORDS
    titles = []
    for f in found:
        p = f.passage
        for mention in re.finditer(rf"(?<![\w'\u2019-]){name_pattern(name)}", p.text):
            run = _CAPITALISED_RUN.search(p.text, max(0, mention.start() - 60), mention.start())
            if run is None:
                continue
            words = list(re.finditer(r"[A-Z][a-z]+|[A-Z]{2,4}\b", run[1]))
            while words and words[0][0].lower() in FUNCTION_WORDS | _NOT_EDGE | _WHEN_WORDS:
                words.pop(0)  # "Yesterday Chancellor Gordon Brown": a sentence's opening word
            # "Labour Chancellor": the party is no title, unless the title ends in a post's name
            # ("Transportation Secretary"); "UN Secretary General": the body's initials are
            post = words and words[-1][0].lower() in POST_WORDS
            while (
                words
                and not post
                and words[0][0].lower() not in lower
                and not (words[0][0].isupper() and len(words) > 1)
            ):
                words.pop(0)
            if words and words[-1][0].lower() in lower and words[-1][0].lower() not in _NOT_EDGE:
                titles.append(_answering_cited(f, run.start(1) + words[0].start(), run.start(1) + words[-1].end()))
                break
    return titles


_WHEN_WORDS = set("yesterday today tonight now then also earlier later finally".split())
# Capitalised words right before a name, at a sentence's start or after a lowercase word
_CAPITALISED_RUN = re.compile(r"(?:^|(?<=\n)|(?<=[a-z,;:]\s)|(?<=[.!?]\s))((?:(?:[A-Z][a-z]+|[A-Z]{2,4})\s+){1,3})$")


def _unread(p: Passage) -> Found:
    """A passage the reader did not read, as a finding with no span of its own."""
    span = Span(text_index=-1, start=0, end=0, text="", score=0.0, null=0.0, has_answer=0.0, log_prob=0.0)
    return Found(p, span, 0.0, p.start, p.start, p.start, p.start)


# Words of a name slot that are never a name's: "according to the bbc" keeps "the".
_NOT_NAMES = set("the and for with from about his her its their she they him them this that who".split())


def truecase(question: str, texts: list[str]) -> str:
    """``question`` with each lowercase word the passages write only capitalised, and not as a
    sentence's first word, capitalised: "what did peskov say?" asks about Peskov as "What did
    Peskov say?" does. The checks that read names in a question need their capitals; the reader
    does not (its vocabulary is lowercase). A question typed all in lowercase has its names
    where its form expects one ("according to claude errera, ...?"): there a word is a name
    when the passages write it capitalised mid-sentence at all ("Jeremy Dear", though "dear" is
    a word too), or never write it (the name of someone the articles do not quote)."""
    if not texts or not re.search(r"\b[a-z]{3,}", question):
        return question
    text = "\n".join(dict.fromkeys(texts))
    uncased = question[1:] == question[1:].lower()
    slots = name_slots_of_appositives(question) + name_slots_of_reported(question) if uncased else []

    def recased(match: re.Match) -> str:
        # "carlsberg's" is looked up as "carlsberg": the passages may never write the possessive
        word, possessive = re.match(r"(.+?)((?:['\u2019]s?)?)$", match[0]).groups()
        return recased_word(word, match.start()) + possessive

    def recased_word(word: str, at: int) -> str:
        capital = word[0].upper() + word[1:]
        written = [m[0] for m in re.finditer(rf"(?<![\w'\u2019-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE)]
        if any(a <= at < b for a, b in slots) and word not in _NOT_NAMES:
            named = [w for w in written if w[0].isupper()]
            mid = re.finditer(rf"[a-z,;]\s+({re.escape(word)})(?![\w-])", text, re.IGNORECASE)
            if not written or len(named) == len(written) or any(m[1][0].isupper() for m in mid):
                return Counter(named).most_common(1)[0][0] if named else capital  # as written: "BBC"
        # Written only capitalised, once at least mid-sentence: as written ("Wal-Mart", "McCartney")
        if not written or any(w[0].islower() for w in written):
            return word
        form = Counter(written).most_common(1)[0][0]
        return form if re.search(rf"[a-z,;]\s+{re.escape(form)}(?![\w-])", text) else word

    recased_question = re.sub(r"(?<![\w'\u2019-])[a-z][a-z'\u2019-]{2,}", recased, question)

    def initial(match: re.Match) -> str:
        # a middle initial the passages write: "charles a blixt" -> "Charles A Blixt"
        first, letter, last = match.groups()
        written = re.search(rf"\b{re.escape(first)}\s+{letter.upper()}\.?\s+{re.escape(last)}\b", text)
        return f"{first} {letter.upper() if written else letter} "

    return re.sub(r"\b([A-Z][\w'\u2019-]+) ([a-z]) (?=([A-Z][\w'\u2019-]+))", initial, recased_question)


# A relative clause after a name, up to a span inside it: ", who was behind hits by the "
_RELATIVE_AFTER = re.compile(r"\s*,\s*(?:who|whose)\b[^,;:.!?\"\u201c\u201d]*$")


def _titled(name: str, f: Found, anywhere: bool = False) -> Found | None:
    """``f`` answering with the title before the mention of ``name`` that its span points at, or
    the description set off by commas after it: the reader read "Ned" or "Nintendo president
    Satoru Iwata" for "Who is Temko/Iwata?", "Fyodor" for "Who is Lukyanov?". ``anywhere``: of
    any mention in its passage, when the description is a noun phrase (``_noun_phrase``): the
    reader's pointing no longer vouches for it."""
    p = f.passage
    start, end = f.start - p.start, f.end - p.start
    # The name as asked, after its first name when a surname alone is asked ("Ned Temko").
    first = r"(?:[A-Z][\w'\u2019-]*\s+)?" if len(name.split()) == 1 else ""
    for mention in re.finditer(rf"(?<![\w'\u2019-]){first}{name_pattern(name)}", p.text):
        # The span on the mention, or in the clause that follows it: "Record producer Terry
        # Melcher, who was behind hits by the Byrds" read as "Byrds".
        on_it = mention.start() < end and start < mention.end()
        pointed = on_it or (mention.end() <= start and _RELATIVE_AFTER.match(p.text[mention.end() : start]))
        if not (pointed or anywhere):
            continue
        # ... or the description after it: "Fyodor Lukyanov, editor of the Russia In Global Affairs journal,"
        after = re.match(r"\s*,\s*(?:(?:the|a|an)\s+)?([\w'\u2019-]+)", p.text[mention.end() :])
        # A later mention ("Mr Kilroy-Silk") has no title before it: "officials also argue Mr X".
        later = re.match(r"(?:Mr|Mrs|Ms|Miss)\.?\s", mention[0])
        title = None if later else title_before(name, p.text, mention.start())
        described = after and appositive(name, p.text, mention.end() + after.start(1), mention.end() + after.end(1))
        # ... or one set off by commas before it: "The director of the film, Vinod Pande, says",
        # "said De Telegraaf's image editor, Peter Schoonen."
        before = _COMMAS_BEFORE.search(p.text[: mention.start()])
        commas = before and appositive(name, p.text, before.start(1), before.end(1))
        # The reader's pointing vouches for the title right before the name; a description set off
        # by commas must read as a noun phrase ("Vinod Pande, says the movie ..." is none).
        for bounds, vouched in ((title, pointed), (described, False), (commas, False)):
            if bounds and (vouched or _noun_phrase(p.text[bounds[0] : bounds[1]])):
                return _answering_cited(f, *bounds)
    return None


_COMMAS_BEFORE = re.compile(
    r"(?:^|(?<=[.;:!?]\s)|(?<=,\s))(?:(?:said|says|told|added)\s+)?(?:(?:the|a|an)\s+)?"
    r"([^,.;:!?\"\u201c\u201d]{3,80}),\s+$",
    re.IGNORECASE,
)
# What a noun phrase neither starts nor ends with: a preposition, a verb ("says", "featuring",
# "appointed"). A role noun ends in neither "-ing" (but "king") nor a lone "-s" (but "boss").
_NOT_EDGE = set(
    "during despite since until near along by with without for of at to from in into on onto about against like "
    "after before behind beside between among around over under than through toward towards via as and or but "
    "meanwhile however says said told tells added adds".split()
)
_VERB_FORM = re.compile(r"^\w{3,}(?:ing|ed)$|^\w+[^s]s$")


def _noun_phrase(text: str) -> bool:
    """Whether a description found without the reader's pointing is a noun phrase: no verb or
    preposition at either end ("Patrick Stewart, during the ceremony", "Vinod Pande, says the
    movie ...", "a tribute to Ray Charles featuring Bonnie Raitt"); a capitalised first word is
    one only when it is no name ("In the meantime, Euronext, which ...")."""
    words = re.findall(r"[\w'\u2019-]+", text)
    if not words:
        return False
    if words[0].lower() in _NOT_EDGE or words[-1].lower() in _NOT_EDGE:
        return False
    return not any(_VERB_FORM.match(w) for w in (words[0], words[-1]) if w[0].islower())


def _names(name: str, f: Found, article_text: Callable[[str], str | None] | None) -> bool:
    """Whether the article ``f`` is from names the person ``name`` in full: "Mr Newton said ..."
    in an article about James Newton is not what Mike Newton said."""
    if len(name.split()) < 2:
        return True
    article = _article(f, article_text) or f.passage.text
    return re.search(name_pattern(fold(name)), fold(f"{f.passage.title}\n{article}")) is not None


@dataclass(frozen=True)
class Person:
    """The person a question asks about, and whether a passage naming only their surname speaks
    of them: "What did Alan Milburn insist?" is answered where "Mr Milburn insisted", but "Who is
    Giles Bradshaw?" where the full name stands, as the description comes with it."""

    name: str
    by_surname: bool


def asked_person(question: str) -> Person | None:
    """Whom "Who is <name>?" or "What did <name> say ...?" asks about; None for other questions."""
    if (name := asked_name(question)) is not None:
        return Person(name, by_surname=False)
    if (asked := asked_speaker(question)) is not None:
        return Person(asked.name, by_surname=True)
    return None


def naming(
    person: Person, passages: list[Passage], article_text: Callable[[str], str | None] | None = None
) -> list[Passage]:
    """Those of ``passages`` that name ``person``: in full, or, for "What did <name> say?", by
    surname in an article that gives the full name ("Mr Milburn insisted")."""
    name = fold(person.name)  # "Rene" meets "René", as in ``_names``
    full = re.compile(rf"(?<!\w){name_pattern(name)}")
    surname = re.compile(rf"(?<!\w){name_pattern(name.split()[-1])}")
    in_article: dict[str, bool] = {}

    def names(p: Passage) -> bool:
        text = fold(p.text)
        if full.search(text) or full.search(fold(p.title)):
            return True
        if not (person.by_surname and article_text and surname.search(text)):
            return False
        if p.source not in in_article:
            in_article[p.source] = bool(full.search(fold(article_text(p.source) or "")))
        return in_article[p.source]

    return [p for p in passages if names(p)]


def naming_first(
    person: Person, passages: list[Passage], article_text: Callable[[str], str | None] | None = None
) -> list[Passage]:
    """``passages`` (best first) with those that name ``person`` ahead of those that do not: an
    article can name someone once, in passing, and rank below articles about other people of the
    same first name ("Who is David Yarnton?")."""
    named = naming(person, passages, article_text)
    return named + [p for p in passages if p not in named]


def _article(f: Found, article_text: Callable[[str], str | None] | None) -> str | None:
    """The whole text of the article ``f`` is from, when the caller can read it."""
    return article_text(f.passage.source) if article_text else None


_CONTEXT = 300  # characters before a statement in which "he" or "she" it speaks of is named


def _what_said(
    asked: Asked,
    found: list[Found],
    confident: Found | None,
    article_text: Callable[[str], str | None] | None = None,
) -> Found | None:
    """The answer to "What did <name> say (about <topic>, on <occasion>) / tell <audience>?"
    (qa/reported.py): the statement, whole, attributed to the name (on the topic, to the
    audience, on the occasion, if asked) that the confident span lies in, else that the most
    probable doubted span lies in; else none: a confident span outside any such statement
    ("Claudia Schiffer" asked, "Miller told reporters" read) is not what the name said. Asked
    what the name warned, claimed, believes (``verb``), only a statement reported with that verb
    is widened to; the confident span stands when none holds it, unless another named person
    said it, and a doubted span stands when it is what the verb reports, right after it."""
    # The confident span first; when no statement by the name holds it, a doubted one that is.
    for f in [confident, *(f for f in found if f is not confident)] if confident is not None else found:
        bounds = _statement_holding(asked.name, f, asked.verb)
        # A quote of theirs that runs on from a sentence before names no one itself, so it must
        # meet the topic beyond its names, as a statement found without the reader's span must.
        ran_on = (
            bounds is None and asked.verb is None and (bounds := _quote_of(asked.name, f, _article(f, article_text)))
        )
        context = f.passage.text[
            max(0, f.sentence_start - f.passage.start - _CONTEXT) : f.sentence_start - f.passage.start
        ]
        if bounds is None or not answers(
            asked, f.sentence[slice(*bounds)], f.sentence, terms, strict=bool(ran_on), context=context
        ):
            continue
        return _answering_with_statement(f, bounds)
    # No span lies in a statement by the name ("What did Kosachev say?" read as his title): the
    # first statement the passages attribute to the name, most probable passage first.
    for f in found:
        sentences = sentence_spans(f.passage.text)
        for i, (a, b) in enumerate(sentences):
            sentence, before = f.passage.text[a:b], f.passage.text[sentences[i - 1][0] : a] if i else ""
            for lo, hi in statements(asked.name, sentence, before, asked.verb):
                if answers(asked, sentence[lo:hi], sentence, terms, strict=True, context=before):
                    held = {"sentence_start": f.passage.start + a, "sentence_end": f.passage.start + b}
                    return _answering_with(f, a + lo, a + hi, **held)
    if asked.verb is not None:
        # "What has Trump alleged?": "The president has alleged voter fraud" names him by his
        # title, so the reader's confident span stands when no statement by the name holds it,
        # unless it is what another named person said; a doubted span stands when it is what the
        # asked verb reports, directly after it, on the asked topic, and no other name is its subject.
        for f in [confident] if confident is not None else found:
            start, end = f.in_sentence
            if said_by_another(asked.name, f.sentence, start, end):
                continue
            if (f is confident and reports(asked.verb, f.sentence)) or (
                object_of(asked.verb, f.sentence, start)
                and not subject_is_another(asked.name, f.sentence, start)
                and answers(asked, f.sentence[start:], f.sentence, terms)
            ):
                return f
    return None  # what the name is not reported saying does not answer what the name said


# A sentence whose speaker is described, not named: "The world's second biggest insurer said ..."
# after "..., according to Swiss Re."
_DESCRIBED_SPEAKER = re.compile(
    r"\s*The\s+(?:[\w'\u2019-]+\s+){0,5}?[a-z][\w-]*\s+(?:said|says|reported|reports|added|estimated|estimates)\b"
)


def _credits(name: str, f: Found, article: str | None) -> bool:
    """Whether ``f`` is in what the name is reported saying: its sentence names the person
    ("..., Putin said"), or its span lies in a statement attributed to them ("he said" after
    naming them), or the sentence before names them and this one goes on in their voice (a quote
    it opens, "He/She ...", or a description of them as its speaker: "The world's second biggest
    insurer said ..."). Read in ``article`` (the whole text; else the passage), since a
    quote's speaker may be named in the chunk before. A fact the article states beside the
    person's words ("There are about 1.3 million video phones in use") is not theirs."""
    surname = re.escape(fold(name.split()[-1]))
    text, at = (article, f.sentence_start) if article else (f.passage.text, f.sentence_start - f.passage.start)
    before = _sentence_before(text, at)
    if re.search(rf"\b{surname}\b", fold(f.sentence)):
        return True
    if _statement_holding(name, f, before=before) or _quote_of(name, f, article):
        return True
    if _DESCRIBED_SPEAKER.match(f.sentence):  # the whole name: "Munich Re" is not Swiss Re
        return re.search(rf"\b{re.escape(fold(name))}\b", fold(before)) is not None
    return bool(
        re.match(r"\s*(?:[\"'\u201c\u2018]|(?:He|She)\b)", f.sentence) and re.search(rf"\b{surname}\b", fold(before))
    )


def _in_words_of(
    name: str, found: list[Found], article_text: Callable[[str], str | None] | None = None
) -> Found | None:
    """The answer to "According to <name>, ...?" when the reader doubts it: the statement, whole,
    that holds the most probable span lying in one its passage attributes to the name ("'But
    that confidence can only be given to a candidate whose victory has been recognized ...,'
    Putin said")."""
    for f in found:
        if bounds := _statement_holding(name, f) or _quote_of(name, f, _article(f, article_text)):
            # The statement whole: at this confidence the span's own bounds are the reader's
            # guess ("US" of "relations between the US and Russia have been 'ruined'").
            return _answering_with_statement(f, bounds)
    return None


def _quote_of(name: str, f: Found, article: str | None) -> tuple[int, int] | None:
    """The bounds, in ``f``'s sentence, of the quote holding its span that runs on from a
    statement by ``name`` in the sentences before (qa/reported.py ``continued_quote``): '"You
    can't fix everything with money," he admitted. "You contrast ... "Those who aren't funded
    might be hungrier ...'. Read in ``article`` (else the passage): the run may start a chunk before."""
    text, at = (article, f.sentence_start) if article else (f.passage.text, f.sentence_start - f.passage.start)
    head = max(0, at - 2000)  # a few sentences back is all a run of quotes needs
    earlier = [text[head + a : head + b] for a, b in sentence_spans(text[head:at])]
    return continued_quote(name, f.sentence, *f.in_sentence, earlier)


def _statement_holding(
    name: str, f: Found, verb: str | None = None, before: str | None = None
) -> tuple[int, int] | None:
    """The bounds, in ``f``'s sentence, of the statement attributed to ``name`` that holds its
    span (qa/reported.py ``statement``), the speaker's "he" read against ``before``, the
    sentence before (by default, in ``f``'s passage: "Putin said ... He also said")."""
    if before is None:
        before = _sentence_before(f.passage.text, f.sentence_start - f.passage.start)
    return statement(name, f.sentence, *f.in_sentence, before, verb)


# How doubted a span "What is the name of <kind>?" may be answered with when its sentence calls
# it a <kind> (``_named_as``): over 15 question sets it answered 3 questions, all rightly, at
# 0.13-0.15; at floors of 0.03 and 0.05 the same 3.
_NAMED_AS_FLOOR = 0.1


def _named_as(
    question: str, asked: tuple[str, str], found: list[Found], article_text: Callable[[str], str | None] | None
) -> Found | None:
    """The answer to "What is the name of <kind>?" / "Which <kind> did ...?" when the reader
    doubts it: the most probable span (from ``_NAMED_AS_FLOOR``) that is a name of two words or
    more its sentence calls a <kind> ('"Sensible Solution" label', 'Racing Academy, a massively
    multiplayer car racing game', 'Japan Telecom, the country's third-biggest fixed-line telecoms
    firm', 'the telecoms firm Japan Telecom'), in a sentence that has two thirds of the words the
    question asks the kind in, from an article that has half the question's other words. The name
    is then of the kind asked, in the question's words, in an article about the rest; a name the
    reader doubts without that is left to its probability. On SQuAD 2.0's dev questions, whose
    unanswerable ones change one detail of a paragraph, the single-word names it took ("Arab
    oil producer", "ICSI report") were wrong 3 times of 4, so one word is not enough."""
    phrase, kind = asked
    noun = rf"{re.escape(kind)}(?:s|es)?\b"
    np_terms, all_terms = terms([phrase, question])
    rest = all_terms - np_terms - {"name", "titl", "call", "made"}
    for f in found:
        if f.probability < _NAMED_AS_FLOOR:
            break
        sentence_terms, passage_terms = terms([f.sentence, _article(f, article_text) or f.passage.text])
        if 3 * len(np_terms & sentence_terms) < 2 * len(np_terms) or 2 * len(rest & passage_terms) < len(rest):
            continue  # called a <kind> in other words than the question's, or in a passage about something else
        # a name of two words or more: one capitalised word may be a modifier ("Arab oil producer")
        if not re.fullmatch(
            r"[A-Z0-9][\w'\u2019&.-]*(?:\s+[A-Z0-9][\w'\u2019&.-]*)+", f.text.strip(" \"'\u201c\u201d")
        ):
            continue
        s0, s1 = f.in_sentence
        after, before = f.sentence[s1:], f.sentence[:s0]
        if (
            re.match(rf"[\"'\u201d\u2019]?\s+(?:[\w-]+\s+){{0,1}}{noun}", after)
            or re.match(rf"[\"'\u201d\u2019]?\s*,\s+(?:a|an|the)\s+[^,;]{{0,80}}?\b{noun}", after)
            or re.search(rf"\b{noun}\s+(?:called\s+|named\s+)?[\"'\u201c\u2018]?$", before)
        ):
            return f
    return None


# What introduces a reason in news prose; the reader's span must start in it or just after it.
_BECAUSE = re.compile(
    r"\b(?:because(?:\s+of)?|due\s+to|in\s+order\s+to|so\s+as\s+to|so\s+that|as\s+a\s+result\s+of|owing\s+to|"
    r"thanks\s+to|for\s+fear\s+of|since|over|after|amid|following)\b(?:\s+[\w'\u2019\"-]+){0,3}?\s*$",
    re.IGNORECASE,
)
# How doubted a span may be that its sentence gives as the reason. On SQuAD's why-questions the
# reader doubts (dev-v1.1 and dev-v2.0, gold paragraph), 0.10 answered 15 rightly and 10 of the
# unanswerable ones (one word of the paragraph changed); 0.15 the same 15 and 6.
_REASON_FLOOR = 0.15
_REASON_OVERLAP = 0.3  # the share of the question's terms that sentence must have: the event asked about


def _reason(found: list[Found]) -> Found | None:
    """The answer to "Why ...?" when the reader doubts it: the most probable span (from
    ``_REASON_FLOOR``) that its sentence introduces as a reason ("because of 'volatility in the
    oil market'", "since sanctions imposed in 1998", "in order to make sure ..."), in a sentence
    with ``_REASON_OVERLAP`` of the question's terms."""
    for f in found:
        if f.probability < _REASON_FLOOR:
            break
        if f.overlap < _REASON_OVERLAP:
            continue
        start = f.start - f.sentence_start
        # the reason word before the span, or at its start ("in order to make sure ...")
        head = f.sentence[: start + min(len(f.text), 16)]
        if any(_BECAUSE.search(head[:i]) for i in range(start, len(head) + 1)):
            return f
    return None


def _credited_source(question: str, found: list[Found]) -> Found | None:
    """The answer to "Which outlet reported <what>?" when the reader doubts it: the most probable
    span that its sentence credits as the source ("Putin said, according to Bloomberg") of a
    sentence that shares two of the question's terms (what was reported)."""
    (asked,) = terms([question])
    for f in found:
        if credited(f.sentence, *f.in_sentence):
            (said,) = terms([f.sentence])
            if len(asked & said) >= 2:
                return f
    # The reader read no source: the first name a sentence of the passages credits, in a
    # sentence that shares two of the question's terms, that is no person's surname
    # ("according to Peskov" after "Dmitry Peskov" is a spokesman, not an outlet).
    for f in found:
        text = f.passage.text
        written = (f.passage.title + "\n" + text).replace("The ", "the ")  # "The Guardian" names no one
        for a, b in sentence_spans(text):
            (said,) = terms([text[a:b]])
            if len(asked & said) < 2:
                continue
            for lo, hi in credited_names(text[a:b]):
                name = text[a + lo : a + hi]
                surname = re.escape(name.split()[-1])
                if (
                    HONORIFIC.match(name.split()[0])
                    or re.search(rf"[A-Z][\w'\u2019-]*\s+{re.escape(name)}\b", written)
                    or re.search(rf"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+{surname}\b", written)
                ):
                    continue
                return _answering_cited(f, a + lo, a + hi)
    return None


def _appositive_of(name: str, f: Found) -> Found | None:
    """``f`` widened to the appositive of ``name`` its span is, cited by its sentence; or None."""
    p = f.passage
    bounds = appositive(name, p.text, f.start - p.start, f.end - p.start)
    if bounds is None:
        return None
    # A title read in part ("editor" of "Q magazine reviews editor Ted Kessler") is read whole.
    at = bounds[1] + len(p.text[bounds[1] :]) - len(p.text[bounds[1] :].lstrip())
    if (title := title_before(name, p.text, at)) and title[0] < bounds[0] and title[1] == bounds[1]:
        bounds = title
    return _answering_cited(f, *bounds)


def _answering_cited(f: Found, start: int, end: int) -> Found:
    """``f`` answering with its passage's text [start, end), cited by the sentences holding it."""
    lo, hi = _holding_sentences(f.passage.text, start, end)
    return _answering_with(f, start, end, sentence_start=f.passage.start + lo, sentence_end=f.passage.start + hi)


def _answering_with_statement(f: Found, bounds: tuple[int, int]) -> Found:
    """``f`` answering with the statement at ``bounds`` of its own sentence, cited by that sentence."""
    return _answering_with(f, *(f.sentence_start - f.passage.start + x for x in bounds))


def _answering_with(f: Found, start: int, end: int, **changes) -> Found:
    """``f`` answering with its passage's text [start, end) in place of the reader's own span."""
    p = f.passage
    span = replace(f.span, start=start, end=end, text=p.text[start:end])
    return replace(f, span=span, start=p.start + start, end=p.start + end, **changes)


__all__ = ["Found", "Span", "asks_explanation", "extract", "features", "locate", "read", "terms"]
