"""The reader network: MiniLM-L6 with a span head and an answerability head.

The span head scores every token as the answer's start and end; token 0 ([CLS]) stands for "no
answer in this window" (the SQuAD 2.0 convention). The answerability head reads the [CLS]
vector and says whether the window holds the answer at all: a second, separately trained
opinion that the abstention calibration (qa/reader/calibrate.py) combines with the span scores.
"""

from __future__ import annotations

import torch
from torch import nn


class ReaderNet(nn.Module):
    def __init__(self, encoder: nn.Module) -> None:
        super().__init__()
        self.encoder = encoder
        hidden = encoder.config.hidden_size
        self.span = nn.Linear(hidden, 2)
        self.has_answer = nn.Linear(hidden, 1)

    @classmethod
    def from_base(cls, path: str) -> ReaderNet:
        from transformers import AutoModel

        return cls(AutoModel.from_pretrained(path, add_pooling_layer=False))

    def forward(self, input_ids, attention_mask, token_type_ids):
        hidden = self.encoder(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        start, end = self.span(hidden).unbind(-1)
        # Padding can never be an answer.
        masked = attention_mask == 0
        start = start.masked_fill(masked, -1e4)
        end = end.masked_fill(masked, -1e4)
        return start, end, self.has_answer(hidden[:, 0]).squeeze(-1)


def loss(outputs, starts, ends, answerable) -> torch.Tensor:
    start, end, has = outputs
    ce = nn.functional.cross_entropy
    span = (ce(start.float(), starts) + ce(end.float(), ends)) / 2
    cls = nn.functional.binary_cross_entropy_with_logits(has.float(), answerable.float())
    return span + 0.5 * cls
