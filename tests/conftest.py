"""Shared fixtures: the real model and real Chroma stores on small data, built once per session."""

from __future__ import annotations

import os

# Prove that nothing reaches for a model hub: every weight comes from an installed wheel.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"
BBC = Path(os.environ.get("CITEQA_BBC", ROOT.parent / "shared" / "corpora" / "bbc"))
# The question sets about BBC articles (tests/data/<name>.jsonl); README, "How well it answers".
BBC_QUESTION_SETS = [
    "bbc_questions",
    "bbc_hard_questions",
    "bbc_who_questions",
    "bbc_who_holdout_questions",
    "bbc_said_questions",
    "bbc_claims_questions",
    "bbc_according_questions",
    "bbc_according_holdout_questions",
    "bbc_kinds_questions",
    "holdout_questions",
    "bbc_fresh_questions",
    "bbc_said_holdout_questions",
    "bbc_according_fresh_questions",
    "bbc_fresh2_questions",
    "bbc_fresh3_questions",
    "bbc_fresh4_questions",
    "bbc_fresh5_questions",
    "bbc_fresh6_questions",
    "bbc_twopart_questions",
    "bbc_fresh7_questions",
    "bbc_fresh8_questions",
    "bbc_fresh9_questions",
    "bbc_fresh10_questions",
    "bbc_fresh11_questions",
]


def each_part_cited(answer: dict) -> bool:
    """Whether every answer of ``answer`` (a two-part question's are joined by "; ") lies in one of
    its citations, the first in the first."""
    parts, texts = answer["answer"].split("; "), [c["text"] for c in answer["citations"]]
    return bool(texts) and parts[0] in texts[0] and all(any(p in t for t in texts) for p in parts)


def load_questions(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text().splitlines() if line.strip()]


def bot_over(folder: Path, name: str, text: str):
    """An Assistant over a real store in ``folder`` holding one article, ``name``, of ``text``."""
    from qa import Assistant

    (folder / name).write_text(text, encoding="utf-8")
    bot = Assistant(store=folder / "store")
    bot.add([folder / name])
    return bot


@pytest.fixture(scope="session")
def seed_copy(tmp_path_factory) -> Path:
    """A private copy of the seed articles (tests may not touch the shipped ones)."""
    folder = tmp_path_factory.mktemp("seeds") / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture(scope="session")
def seed_bot(tmp_path_factory, seed_copy):
    """An Assistant over a real store holding the seed articles."""
    from qa import Assistant

    bot = Assistant(store=tmp_path_factory.mktemp("seed-store"))
    bot.add([seed_copy])
    return bot


@pytest.fixture(scope="session")
def dev_questions() -> list[dict]:
    return load_questions("dev_questions.jsonl")


def snapshot(store) -> dict:
    """Everything the store holds: ids, documents and metadata."""
    got = store.collection.get(include=["documents", "metadatas"])
    return {
        cid: (doc, tuple(sorted(meta.items())))
        for cid, doc, meta in zip(got["ids"], got["documents"], got["metadatas"])
    }
