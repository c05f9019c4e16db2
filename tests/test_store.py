"""The store: idempotent, incremental, exact, and untouched by bad input."""

from __future__ import annotations

import shutil

import pytest
from conftest import SEEDS, snapshot

from index import IndexingError, IndexSettings, Settings, Store, StoreMismatchError


@pytest.fixture
def store(tmp_path):
    return Store(Settings(store=tmp_path / "store"))


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    return folder


def test_indexing_twice_adds_nothing(store, articles):
    first = store.add([articles])
    assert sorted(first.added) == sorted(p.name for p in articles.glob("*.txt"))
    before = snapshot(store)
    generation = store.generation
    again = store.add([articles])
    assert again.chunks_added == 0 and again.added == [] and len(again.unchanged) == 2
    assert snapshot(store) == before
    assert store.generation == generation


def test_sources_are_relative_to_the_folder_added(store, tmp_path):
    for topic in ("business", "sport"):
        (tmp_path / "corpus" / topic).mkdir(parents=True)
        (tmp_path / "corpus" / topic / "001.txt").write_text(f"{topic} news\n\nA story about {topic} today.\n")
    store.add([tmp_path / "corpus"])
    assert [a.source for a in store.articles()] == ["business/001.txt", "sport/001.txt"]
    single = tmp_path / "single.md"
    single.write_text("# Single\n\nA markdown story with one sentence.\n")
    store.add([single])
    assert "single.md" in [a.source for a in store.articles()]


def test_an_edited_file_replaces_its_chunks(store, articles):
    store.add([articles])
    path = articles / "putin-still-not-ready-to-acknowledge-trump-loss.txt"
    old = snapshot(store)
    text = path.read_text().replace("Yashar Ali", "a columnist named Jane Roe")
    path.write_text(text)
    report = store.add([articles])
    assert report.replaced == [path.name] and len(report.unchanged) == 1
    new = snapshot(store)
    docs = [doc for doc, _ in new.values()]
    assert any("Jane Roe" in d for d in docs) and not any("Yashar Ali" in d for d in docs)
    # Only that article's changed chunks moved; the other article is untouched.
    other = {k: v for k, v in old.items() if dict(v[1])["source"] != path.name}
    assert all(new[k] == v for k, v in other.items())
    # No leftovers: every chunk of the edited file belongs to its new text.
    for doc, meta in new.values():
        meta = dict(meta)
        if meta["source"] == path.name:
            assert text[meta["start"] : meta["end"]] == doc


def test_sync_removes_chunks_of_deleted_files_and_updates_changed_ones(store, articles):
    store.add([articles])
    gone = articles / "putin-not-ready-to-recognize-biden.txt"
    gone.unlink()
    changed = articles / "putin-still-not-ready-to-acknowledge-trump-loss.txt"
    changed.write_text(changed.read_text().replace("Mexico, Brazil, and Russia", "Mexico and Russia"))
    report = store.sync()
    assert report.removed == [gone.name] and report.replaced == [changed.name]
    assert [a.source for a in store.articles()] == [changed.name]
    assert not any("Brazil" in doc for doc, _ in snapshot(store).values())


def test_bad_files_leave_the_store_as_it_was(store, articles, tmp_path):
    store.add([articles])
    before = snapshot(store)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (bad / "empty.txt").write_text("")
    (bad / "notes.docx").write_bytes(b"PK\x03\x04")
    files = [bad / "binary.txt", bad / "empty.txt", bad / "notes.docx", bad / "missing.txt"]
    with pytest.raises(IndexingError) as err:
        store.add(files)
    lines = str(err.value).splitlines()
    assert lines[0] == "4 file(s) not indexed:"
    for path in files:  # one line per file, naming it
        assert sum(str(path) in line for line in lines[1:]) == 1
    assert snapshot(store) == before


def test_good_files_are_indexed_beside_bad_ones(store, articles, tmp_path):
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    report = store.add([articles, tmp_path / "binary.txt"], on_error="report")
    assert len(report.added) == 2 and len(report.skipped) == 1


def test_duplicate_content_is_reported_not_added(store, articles, tmp_path):
    store.add([articles])
    copy = tmp_path / "copy.txt"
    shutil.copy(articles / "putin-not-ready-to-recognize-biden.txt", copy)
    count = store.count()
    report = store.add([copy])
    assert report.duplicates == [("copy.txt", "putin-not-ready-to-recognize-biden.txt")]
    assert store.count() == count


def test_store_records_its_settings_and_refuses_others(tmp_path, articles):
    Store(Settings(store=tmp_path / "s")).add([articles])
    other = Settings(store=tmp_path / "s", index=IndexSettings(chunk_size=300, chunk_overlap=50))
    with pytest.raises(StoreMismatchError, match="--rebuild"):
        Store(other)
    # What the message offers works: a rebuild takes the new settings, and they stick.
    rebuilt = Store(other, rebuild=True)
    assert rebuilt.count() == 0 and rebuilt.settings.index.chunk_size == 300
    rebuilt.add([articles])
    assert Store(other).count() == rebuilt.count() > 0


def test_rerun_after_partial_write_converges(store, articles):
    """A crash between writing some chunks and the rest leaves a state a rerun repairs."""
    store.add([articles])
    clean = snapshot(store)
    victim = sorted(clean)[:3]
    store.collection.delete(ids=victim)  # as if the process died before these were written
    report = store.add([articles])
    assert report.chunks_added == 3
    assert snapshot(store) == clean


def test_same_name_from_two_folders_in_one_run_is_refused_not_swapped(store, tmp_path):
    for folder, text in (
        ("f1", "First a\n\nThe first folder's story."),
        ("f2", "Second a\n\nThe second folder's story."),
    ):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(text)
    report = store.add([tmp_path / "f1", tmp_path / "f2"], on_error="report")
    assert report.added == ["a.txt"] and len(report.skipped) == 1
    assert "same name 'a.txt'" in str(report.skipped[0]) and str(tmp_path / "f2") in str(report.skipped[0])
    assert any("first folder" in doc for doc, _ in snapshot(store).values())
    again = store.add([tmp_path / "f1", tmp_path / "f2"], on_error="report")
    assert again.unchanged == ["a.txt"] and again.chunks_removed == 0


def test_chunks_an_edit_leaves_alone_carry_the_new_version(store, articles):
    store.add([articles])
    path = articles / "putin-not-ready-to-recognize-biden.txt"
    text = path.read_text().replace("We are definitely ready,", "We are certainly ready,")  # last chunk only
    path.write_text(text)
    report = store.add([articles])
    assert report.replaced == [path.name] and report.chunks_updated > 0
    metas = [dict(m) for _, m in snapshot(store).values() if dict(m)["source"] == path.name]
    assert len({m["sha256"] for m in metas}) == 1
    assert store.article_text(path.name) == text  # the UI's context view needs this
    assert store.add([articles]).unchanged == sorted(p.name for p in articles.glob("*.txt"))


def test_rebuild_never_reuses_the_old_lexical_index(store, articles, tmp_path):
    from index.lexical import LexicalCache

    LexicalCache(store).get()  # a saved BM25 index for the old content
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_text("Other news\n\nA quite different story about harbour cranes.\n")
    store.clear()
    store.add([other])
    store.add([other])
    assert set(LexicalCache(store).get().ids) == set(snapshot(store))


def test_remove_takes_out_exactly_one_article_and_refuses_unknown_names(store, articles):
    from index import CiteqaError

    store.add([articles])
    before = snapshot(store)
    with pytest.raises(CiteqaError, match="not in the store"):
        store.remove(["putin-not-ready-to-recognize-biden.txt", "nope.txt"])
    assert snapshot(store) == before  # all names are checked before anything is deleted
    report = store.remove(["putin-not-ready-to-recognize-biden.txt"])
    assert report.removed == ["putin-not-ready-to-recognize-biden.txt"]
    assert [a.source for a in store.articles()] == ["putin-still-not-ready-to-acknowledge-trump-loss.txt"]
    assert report.chunks_removed == len(before) - store.count()
