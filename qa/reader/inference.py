"""The reader at answer time: ONNX weights run by onnxruntime, no torch.

>>> reader = Reader.load()
>>> [s.text for s in reader.read("Who spoke?", ["Peskov told reporters on Monday."])][:1]
['Peskov']
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.errors import CiteqaError
from index.onnx_export import feeds
from index.settings import ReaderSettings, default_model_path

OUTPUTS = ("start_logits", "end_logits", "has_answer_logit")
TOP = 20  # start and end candidates per window


@dataclass(frozen=True)
class Span:
    """The best answer the reader found in one text, with the numbers abstention rests on."""

    text_index: int  # which of the texts read
    start: int  # character offsets into that text
    end: int
    text: str
    score: float  # start + end logit
    null: float  # the window's no-answer score ([CLS] start + end logit)
    has_answer: float  # the answerability head's logit for the window
    log_prob: float  # log P(start) + log P(end) within the window

    @property
    def margin(self) -> float:
        return self.score - self.null


def _log_softmax(x: np.ndarray) -> np.ndarray:
    m = x.max(axis=-1, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=-1, keepdims=True))


class Reader:
    """Finds the answer span to a question in each of a few texts."""

    def __init__(self, onnx_path: str | os.PathLike, model_path: str | os.PathLike, settings: ReaderSettings) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.settings = settings
        path = Path(onnx_path)
        if not path.is_file():
            raise CiteqaError(f"the reader model {path} is missing; reinstall citeqa (it ships in qa/reader/weights)")
        options = ort.SessionOptions()
        options.intra_op_num_threads = min(2, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(Path(model_path) / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(
            settings.max_length, stride=settings.stride, strategy="only_second", direction="right"
        )
        self.calibration = _calibration(path.parent / "calibration.json")

    _shared: dict[tuple, Reader] = {}
    _lock = threading.Lock()

    @classmethod
    def load(cls, settings: ReaderSettings | None = None) -> Reader:
        """The shipped reader, loaded once per process."""
        settings = settings or ReaderSettings()
        key = (str(settings.weights), settings.model_file, settings.max_length, settings.stride)
        with cls._lock:
            if key not in cls._shared:
                cls._shared[key] = cls(settings.weights / settings.model_file, default_model_path(), settings)
            return cls._shared[key]

    def probability(self, span: Span, dense: float | None, overlap: float) -> float:
        """The calibrated probability that ``span`` answers the question (qa/reader/calibrate.py)."""
        if self.calibration is None:
            raise CiteqaError(
                f"the reader's calibration.json is missing beside {self.settings.weights}; reinstall citeqa"
            )
        return self.calibration.probability(features(span, dense, overlap))

    @property
    def threshold(self) -> float:
        return self.calibration.threshold if self.calibration else 0.5

    def windows(self, question: str, texts: list[str]):
        """Token windows of (question, text): encodings and the text each came from."""
        encodings, owner = [], []
        for i, enc in enumerate(self.tokenizer.encode_batch([(question, t) for t in texts])):
            for window in [enc, *enc.overflowing]:
                encodings.append(window)
                owner.append(i)
        return encodings, owner

    def logits(self, encodings) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        start, end, has = self.session.run(list(OUTPUTS), feeds(encodings))
        return start, end, has

    def read(self, question: str, texts: list[str]) -> list[Span]:
        """The best span in each text that has one, best first (by score)."""
        if not texts:
            return []
        encodings, owner = self.windows(question, texts)
        start, end, has = self.logits(encodings)
        best: dict[int, Span] = {}
        for w, enc in enumerate(encodings):
            span = self._best_span(texts[owner[w]], owner[w], enc, start[w], end[w], float(has[w]))
            if span and (owner[w] not in best or span.score > best[owner[w]].score):
                best[owner[w]] = span
        return sorted(best.values(), key=lambda s: s.score, reverse=True)

    def _best_span(self, text, index, enc, start, end, has) -> Span | None:
        context = np.array([s == 1 for s in enc.sequence_ids])
        n = len(enc.ids)
        start, end = start[:n], end[:n]
        null = float(start[0] + end[0])
        log_start, log_end = _log_softmax(start), _log_softmax(end)
        masked_start = np.where(context, start, -np.inf)
        masked_end = np.where(context, end, -np.inf)
        starts = np.argsort(-masked_start)[:TOP]
        ends = np.argsort(-masked_end)[:TOP]
        found = None
        for s in starts:
            if not context[s]:
                break
            for e in ends:
                if not context[e]:
                    break
                if e < s or e - s + 1 > self.settings.max_answer_tokens:
                    continue
                score = float(start[s] + end[e])
                if found is None or score > found[0]:
                    found = (score, s, e)
        if found is None:
            return None
        score, s, e = found
        a, b = whole_words(text, enc.offsets[s][0], enc.offsets[e][1])
        return Span(index, a, b, text[a:b], score, null, has, float(log_start[s] + log_end[e]))


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened to whole words: WordPiece tokens can start an answer at the "s"
    of "India's" ("s defence minister") or cut a number ("1%" of "7.1%"); an answer is never
    part of a word. "India" stays "India": a possessive is not widened at the end."""

    def joined(i: int, marks: str, digits: bool) -> bool:  # does text[i] glue its neighbours together?
        if not (text[i] in marks and 0 < i < len(text) - 1):
            return False
        a, b = text[i - 1], text[i + 1]
        return (a.isdigit() and b.isdigit()) if digits else (a.isalnum() and b.isalnum())

    def word(i: int, at_start: bool) -> bool:  # is text[i] part of the word around it?
        return text[i].isalnum() or joined(i, ".,", True) or (at_start and joined(i, "'\u2019", False))

    while 0 < start < len(text) and word(start, True) and word(start - 1, True):
        start -= 1
    while 0 < end < len(text) and word(end - 1, False) and word(end, False):
        end += 1
    return start, end


@dataclass(frozen=True)
class Calibration:
    """P(the span answers) = sigmoid(w . features + bias), fitted by qa/reader/calibrate.py."""

    weights: tuple[float, ...]
    bias: float
    threshold: float  # a span read alone is the answer when its probability reaches this
    runner_up: float = 0.0  # read among others: the weight of the runner-up passage's probability
    answer_threshold: float | None = None  # ... and the bar for the best one's, less that (None: threshold)

    def probability(self, features: np.ndarray) -> float:
        return float(1.0 / (1.0 + np.exp(-(np.dot(self.weights, features) + self.bias))))

    def answers(self, probabilities: list[float]) -> bool:
        """Whether the most probable span of those the passages gave (``probabilities``, best
        first) is the answer. Alone, its probability must reach ``threshold``; among others,
        its probability less ``runner_up`` times the runner-up passage's must reach
        ``answer_threshold``: a span that another passage all but matches with another answer
        is less sure than the same probability unchallenged (qa/reader/calibrate.py)."""
        if not probabilities:
            return False
        if len(probabilities) == 1 or self.answer_threshold is None:
            return probabilities[0] >= self.threshold
        return probabilities[0] - self.runner_up * probabilities[1] >= self.answer_threshold


def features(span: Span, dense: float | None, overlap: float) -> np.ndarray:
    """What abstention looks at: the reader's own scores, the passage's cosine to the question
    and the share of the question's terms in the sentence that holds the span."""
    return np.array([span.margin, span.has_answer, span.log_prob, dense if dense is not None else 0.0, overlap])


def _calibration(path: Path) -> Calibration | None:
    if not path.is_file():
        return None
    data = json.loads(path.read_text())
    runner_up = data.get("runner_up") or {}
    return Calibration(
        tuple(data["weights"]),
        float(data["bias"]),
        float(data["threshold"]),
        float(runner_up.get("weight", 0.0)),
        float(runner_up["threshold"]) if "threshold" in runner_up else None,
    )
