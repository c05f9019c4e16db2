"""Question + text -> the reader's token windows, and back from tokens to character offsets."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Windows:
    """Token windows of (question, context) pairs, padded to one length."""

    input_ids: np.ndarray
    attention_mask: np.ndarray
    token_type_ids: np.ndarray
    offsets: np.ndarray  # (window, token, 2) character offsets into the context; -1 outside it
    pair: np.ndarray  # the index of the (question, context) pair each window comes from

    def __len__(self) -> int:
        return len(self.pair)


def encode(tokenizer, questions: list[str], contexts: list[str], max_length: int, stride: int) -> Windows:
    """Windows of ``max_length`` tokens; a long context overlaps by ``stride`` tokens."""
    enc = tokenizer(
        questions,
        contexts,
        truncation="only_second",
        max_length=max_length,
        stride=stride,
        return_overflowing_tokens=True,
        return_offsets_mapping=True,
        padding="longest",
        return_tensors="np",
    )
    offsets = np.array(enc["offset_mapping"], dtype=np.int64)
    for w in range(len(offsets)):
        not_context = np.array([s != 1 for s in enc.sequence_ids(w)])
        offsets[w][not_context] = -1
    return Windows(
        input_ids=enc["input_ids"].astype(np.int64),
        attention_mask=enc["attention_mask"].astype(np.int64),
        token_type_ids=enc["token_type_ids"].astype(np.int64),
        offsets=offsets,
        pair=np.asarray(enc["overflow_to_sample_mapping"], dtype=np.int64),
    )


def label(offsets: np.ndarray, start_char: int, end_char: int) -> tuple[int, int]:
    """The answer's first and last token in a window, or (0, 0) ([CLS]) if it is not all there."""
    inside = np.nonzero(offsets[:, 0] >= 0)[0]
    if not len(inside) or offsets[inside[0], 0] > start_char or offsets[inside[-1], 1] < end_char:
        return 0, 0
    start = next(t for t in inside if offsets[t, 1] > start_char)
    end = next(t for t in reversed(inside) if offsets[t, 0] < end_char)
    return int(start), int(end)
