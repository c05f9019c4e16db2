"""Where sentences end (qa/sentences.py): citations quote whole sentences, so a missed end makes
a citation run on into the next sentence and a false one cuts it short."""

from __future__ import annotations

import pytest

from qa.sentences import sentence_spans


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Mr. Smith left. He came back.", ["Mr. Smith left.", "He came back."]),  # an abbreviation
        ('He said "No." Then he left.', ['He said "No."', "Then he left."]),  # a closing quote stays
        # An editor's bracket inside an opening quote: '"[Oil prices] will ...'
        (
            'Sarkozy warned that oil posed a threat. "[Oil prices] will weigh on spending," he said.',
            ["Sarkozy warned that oil posed a threat.", '"[Oil prices] will weigh on spending," he said.'],
        ),
        ("Growth was 2.5% in 2004.\nIt slowed", ["Growth was 2.5% in 2004.", "It slowed"]),
    ],
)
def test_sentences_end_where_they_end(text, sentences):
    assert [text[a:b] for a, b in sentence_spans(text)] == sentences
