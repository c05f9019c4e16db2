"""Bad files and concurrent writers never lose or corrupt the index (see RELIABILITY.md)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

import pytest
from conftest import BBC, SEEDS, snapshot
from test_crash import expected, index_cmd, rerun_and_read

from index import ArticleError, IndexingError, Settings, Store, read_article


@pytest.fixture
def store(tmp_path):
    s = Store(Settings(store=tmp_path / "store"))
    s.add([SEEDS])
    return s


def _bad_corpus(folder):
    folder.mkdir()
    (folder / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 40)
    (folder / "empty.txt").write_text("")
    (folder / "spaces.md").write_text(" \n\n\t  \n")
    (folder / "nul.txt").write_bytes(b"Headline\n\nText with a NUL\x00 byte in it.\n")
    with open(folder / "huge.txt", "wb") as f:  # 50 MB: past the per-article limit
        f.truncate(50 * 1024 * 1024)
    (folder / "dir.txt").mkdir()  # a folder named like a file: walked, holds one good article
    (folder / "dir.txt" / "inside.txt").write_text("Inside story\n\nA folder can be called dir.txt.\n")
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    (folder / "link.txt").symlink_to(SEEDS / "putin-not-ready-to-recognize-biden.txt")
    (folder / "good.txt").write_text("Good news\n\nThe river festival drew 4,000 visitors on Saturday.\n")


def test_a_folder_of_bad_files_is_reported_file_by_file(store, tmp_path):
    _bad_corpus(tmp_path / "bad")
    before = snapshot(store)
    with pytest.raises(IndexingError) as err:
        store.add([tmp_path / "bad"])
    report = err.value.report
    reasons = {os.path.basename(e.path): e.reason for e in report.skipped}
    assert set(reasons) == {"binary.txt", "empty.txt", "spaces.md", "nul.txt", "huge.txt", "dangling.txt"}
    assert "binary" in reasons["binary.txt"] and "binary" in reasons["nul.txt"]
    assert "empty" in reasons["empty.txt"] and "empty" in reasons["spaces.md"]
    assert "MB" in reasons["huge.txt"] and "no such file" in reasons["dangling.txt"]
    assert sorted(report.added) == ["dir.txt/inside.txt", "good.txt"]
    assert report.duplicates == [("link.txt", "putin-not-ready-to-recognize-biden.txt")]
    after = snapshot(store)
    assert {k: v for k, v in after.items() if k in before} == before  # nothing lost


def test_a_file_with_very_long_lines_is_chunked_within_limits(store, tmp_path):
    path = tmp_path / "wall.txt"
    path.write_text("Wall of text\n\n" + "and then it went on " * 2000)  # 40 KB, no sentence break
    store.add([path])
    docs = [doc for doc, meta in snapshot(store).values() if dict(meta)["source"] == "wall.txt"]
    assert len(docs) > 60 and max(map(len, docs)) <= store.settings.index.chunk_size


def test_an_unreadable_file_is_refused_by_name():
    folder = tempfile.mkdtemp(prefix="citeqa-perm-")  # under /tmp, which any user may traverse
    try:
        os.chmod(folder, 0o711)
        path = os.path.join(folder, "secret.txt")
        with open(path, "w") as f:
            f.write("Secret\n\nNobody else may read this.\n")
        os.chmod(path, 0o600)
        if os.geteuid() != 0:
            message = _read_as_self(path)
        else:  # root reads anything: read it from a forked child that drops to nobody
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:
                try:
                    os.setgid(65534)
                    os.setuid(65534)
                    os.write(w, _read_as_self(path).encode())
                finally:
                    os._exit(0)
            os.close(w)
            os.waitpid(pid, 0)
            message = os.read(r, 4096).decode()
        assert message == f"{path}: cannot be read (permission denied); check its permissions"
    finally:
        shutil.rmtree(folder)


def _read_as_self(path) -> str:
    try:
        read_article(path)
        return "read it"
    except ArticleError as err:
        return str(err)


@pytest.mark.slow
def test_two_index_processes_at_once_serialise(tmp_path):
    folder = tmp_path / "bbc"
    shutil.copytree(BBC / "sport", folder / "sport", ignore=lambda d, names: sorted(names)[30:])
    shutil.copytree(SEEDS, folder / "seeds")
    store_dir = tmp_path / "store"
    env = os.environ | {"HF_HUB_OFFLINE": "1"}
    procs = [
        subprocess.Popen(
            index_cmd(folder, store_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    want = expected(folder)
    articles = len({dict(meta)["source"] for _, meta in want.values()})
    summaries = sorted(out for out, _ in outputs)
    # one did the work, the other waited for the lock and then found it done
    assert summaries[0].startswith("0 added") and summaries[1].startswith(f"{articles} added")
    assert snapshot(Store(Settings(store=store_dir))) == want


def test_a_process_refuses_to_write_after_another_process_changed_the_store(tmp_path):
    """Chroma's embedded store holds its vector index in memory per process: writing through a
    stale one loses vectors. A Store that sees another process's writes refuses, writing nothing."""
    from index import StoreChangedError

    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(SEEDS, first)
    shutil.copytree(BBC / "tech", second, ignore=lambda d, names: sorted(names)[5:])
    store_dir = tmp_path / "store"
    mine = Store(Settings(store=store_dir))
    mine.add([first])
    subprocess.run(
        index_cmd(second, store_dir), check=True, capture_output=True, env=os.environ | {"HF_HUB_OFFLINE": "1"}
    )
    (first / "late.txt").write_text("A late story\n\nHarbour cranes were repaired on Tuesday after the storm.\n")
    with pytest.raises(StoreChangedError, match="another process"):
        mine.add([first])
    # Nothing was written from here, and the store is whole: a fresh process sees every vector.
    held = rerun_and_read(second, store_dir)
    assert held["vectors"] == held["lexical"] == sorted(held["snapshot"])
    assert sorted(held["snapshot"]) == sorted(expected(SEEDS) | expected(second))
