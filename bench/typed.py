"""Questions typed as people type them: the same question sets, asked nine ways.

Users do not type SQuAD questions. They leave out the question mark, type in lowercase, open
with "Can you tell me", write a sentence before or after the question, end with "please" or
"Thanks!", contract "Who is" and type a phone's curly apostrophes. Each way is one transformation of every question of
every set (the seed development set over seeds/, every BBC set over the BBC
corpus); the answers are scored as the README's every-set table scores them:

  right   answerable, answered, and the answer contains a gold answer (``contains``)
  other   answerable and answered otherwise
  traps   unanswerable questions answered (of all unanswerable ones)

The plain way is the sets as written; every other way should read the same. Stores are built
once under $CITEQA_BENCH_DIR (``typed-seeds/``, ``typed-bbc/``: the BBC corpus alone, as
``citeqa eval --corpus`` indexes it) or given with ``--seeds-store`` / ``--bbc-store``.

  .venv/bin/python bench/typed.py                      # all ways (~1 min a way with the stores built)
  .venv/bin/python bench/typed.py --ways plain lower   # some of them
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import common

DATA = common.REPO / "tests" / "data"
sys.path.insert(0, str(common.REPO / "tests"))
from conftest import BBC_QUESTION_SETS  # noqa: E402


def _lead(text: str) -> str:
    return text[0].lower() + text[1:]


WAYS: dict[str, tuple[str, Callable[[str], str]]] = {
    "plain": ("as written", lambda q: q),
    "lower": ("all lowercase", str.lower),
    "bare": ("lowercase, no question mark", lambda q: q.lower().rstrip("?").rstrip()),
    "polite": ('"Can you tell me: " before it', lambda q: "Can you tell me: " + _lead(q)),
    "sentence": ('"I was reading the news today. " before it', lambda q: "I was reading the news today. " + q),
    "after": ('" I saw it in the news today." after it', lambda q: q + " I saw it in the news today."),
    "courtesy": (
        '", please?" / "? Thanks!" after it',
        lambda q: q.rstrip("?") + (", please?" if len(q) % 2 else "? Thanks!"),
    ),
    "curly": ("curly apostrophes (U+2019)", lambda q: q.replace("'", "\u2019")),
    "contracted": (
        '"Who\'s", "What\'s", "What\'d"',
        lambda q: re.sub(r"^(What|Who) did ", r"\1'd ", re.sub(r"^(Who|What|Where|When|How) is ", r"\1's ", q)),
    ),
}


def store(path: Path | None, name: str, source: Path) -> Path:
    """The store at ``path``, or one of ``source`` built once under $CITEQA_BENCH_DIR."""
    if path is not None:
        return path
    from index.settings import Settings
    from index.store import Store

    path = common.WORK / name
    report = Store(Settings(store=path)).add([source], on_error="report")
    if report.chunks_added:
        print(f"typed: built {path}: {report.summary()}", file=sys.stderr)
    return path


def ask_all(bots: dict[str, object], sets: list[tuple[str, str]], way: Callable[[str], str]) -> dict:
    from qa.metrics import contains_answer

    counts = {"right": 0, "other": 0, "answerable": 0, "traps": 0, "unanswerable": 0}
    for name, corpus in sets:
        for line in (DATA / f"{name}.jsonl").read_text().splitlines():
            if not line.strip():
                continue
            q = json.loads(line)
            answer = bots[corpus].ask(way(q["question"]))
            gold = q.get("answers") or []
            if gold:
                counts["answerable"] += 1
                if not answer.abstained:
                    counts["right" if any(contains_answer(answer.answer, g) for g in gold) else "other"] += 1
            else:
                counts["unanswerable"] += 1
                counts["traps"] += not answer.abstained
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ways", nargs="+", choices=list(WAYS), default=list(WAYS))
    parser.add_argument("--corpus", type=Path, default=common.DEFAULT_CORPUS)
    parser.add_argument("--seeds-store", type=Path)
    parser.add_argument("--bbc-store", type=Path)
    args = parser.parse_args(argv)

    from qa import Assistant

    bots = {
        "seeds": Assistant(store=store(args.seeds_store, "typed-seeds", common.SEEDS)),
        "bbc": Assistant(store=store(args.bbc_store, "typed-bbc", args.corpus)),
    }
    sets = [("dev_questions", "seeds")] + [(name, "bbc") for name in BBC_QUESTION_SETS]
    rows = {}
    for key in args.ways:
        t = time.perf_counter()
        rows[key] = ask_all(bots, sets, WAYS[key][1]) | {"seconds": round(time.perf_counter() - t, 1)}
        print(f"typed: {key}: {rows[key]}", file=sys.stderr)
    print("| way | typed | right | other | traps answered |\n|---|---|---:|---:|---:|")
    for key, r in rows.items():
        print(
            f"| {key} | {WAYS[key][0]} | {r['right']} of {r['answerable']} | {r['other']} | "
            f"{r['traps']} of {r['unanswerable']} |"
        )
    common.save("typed", {"ways": rows})


if __name__ == "__main__":
    main()
