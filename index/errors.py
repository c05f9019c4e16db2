"""The errors citeqa raises for things a user can fix; each message says what to do."""

from __future__ import annotations


class CiteqaError(ValueError):
    """Base class: bad input or state that the user can act on."""


class ArticleError(CiteqaError):
    """One file cannot be indexed (missing, binary, empty, unsupported type...)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class IndexingError(CiteqaError):
    """Some files were skipped; the others were indexed. ``report`` has the details."""

    def __init__(self, report) -> None:  # report: index.store.IndexReport
        lines = [f"{len(report.skipped)} file(s) not indexed:"]
        lines += [f"  {err}" for err in report.skipped]
        super().__init__("\n".join(lines))
        self.report = report


class StoreMismatchError(CiteqaError):
    """The store was built with other settings (model, chunking) than the ones in use."""


class StoreChangedError(CiteqaError):
    """Another process wrote to this embedded store after this process loaded it."""
