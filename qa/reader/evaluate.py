"""The reader alone on SQuAD with the gold paragraph: ``python -m qa.reader.evaluate``.

EM/F1 with SQuAD's official normalisation (qa/metrics.py). On dev-v2.0 parts the reader must
also abstain; a prediction then is "" when the calibrated probability is under its threshold.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from index.settings import ReaderSettings
from qa.metrics import exact_match, token_f1
from qa.reader import data
from qa.reader.inference import Reader


def load_part(settings: ReaderSettings, part: str) -> list[data.Example]:
    """``dev-v1.1`` or a dev-v2.0 part: ``v2-calibrate``, ``v2-test`` (``v2-train`` was trained on)."""
    if part == "dev-v1.1":
        return data.examples(data.read_squad(settings.squad / "dev-v1.1.json.gz"))
    articles = data.read_squad(settings.squad / "dev-v2.0.json.gz")
    return data.examples(data.v2_split(articles, part.removeprefix("v2-")))


def squad_scores(settings: ReaderSettings, part: str, limit: int | None = None, abstain: bool = False) -> dict:
    """EM/F1 of the reader on ``part`` with each question's gold paragraph.

    With ``abstain``, the answer is "" when the calibrated probability is under the threshold
    (the paragraph's cosine to the question is computed as retrieval would have it).
    """
    from qa.answering import locate, read
    from qa.results import Passage

    reader = Reader(settings.weights / settings.model_file, _model_path(), settings)
    embedder = None
    if abstain:
        from index.embedding import query_embedder

        embedder = query_embedder()
    examples = load_part(settings, part)
    if limit:
        examples = examples[:: max(1, len(examples) // limit)][:limit]
    began = time.perf_counter()
    em, f1, has_answer = [], [], []
    for e in examples:
        dense = None
        if embedder is not None:
            q, c = embedder.embed_documents([e.question, e.context])
            dense = float(np.dot(q, c))
        passage = Passage(e.id, e.title, e.title, 0, 0, len(e.context), e.context, 0.0, dense=dense)
        # Without abstention no calibration is needed (export measures fresh weights this way).
        found = read(e.question, [passage], reader) if abstain else locate(e.question, [passage], reader)
        prediction = found[0].text if found else ""
        if abstain and found and not reader.calibration.answers([f.probability for f in found]):
            prediction = ""
        golds = [t for _, t in e.answers]
        has_answer.append(bool(golds))
        if not golds:  # unanswerable: right only when the reader abstains
            em.append(float(prediction == ""))
            f1.append(float(prediction == ""))
        else:
            em.append(exact_match(prediction, golds))
            f1.append(token_f1(prediction, golds))
    seconds = time.perf_counter() - began
    has = np.array(has_answer)
    f1s = np.array(f1)
    return {
        "part": part,
        "questions": len(examples),
        "abstain": abstain,
        "em": round(float(np.mean(em)), 4),
        "f1": round(float(np.mean(f1)), 4),
        # SQuAD 2.0's breakdown: F1 over answerable questions, accuracy over unanswerable ones
        "has_ans_f1": round(float(f1s[has].mean()), 4) if has.any() else None,
        "no_ans_accuracy": round(float(f1s[~has].mean()), 4) if (~has).any() else None,
        "ms_per_question": round(1000 * seconds / max(1, len(examples)), 1),
    }


def _model_path() -> str:
    from index.settings import default_model_path

    return default_model_path()


def main(argv: list[str] | None = None) -> None:
    defaults = ReaderSettings()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", default="dev-v1.1", choices=["dev-v1.1", "v2-calibrate", "v2-test"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--squad", default=str(defaults.squad))
    parser.add_argument("--model", default=None, help="an ONNX file other than the shipped one")
    args = parser.parse_args(argv)
    from pathlib import Path

    settings = ReaderSettings(squad=Path(args.squad))
    if args.model:
        settings = ReaderSettings(
            squad=Path(args.squad), weights=Path(args.model).parent, model_file=Path(args.model).name
        )
    print(json.dumps(squad_scores(settings, args.part, args.limit, abstain=args.part.startswith("v2")), indent=2))


if __name__ == "__main__":
    main()
