"""The progress store: the only code that writes SQL. Every command goes through `open_db()`."""

from dlprep.store.db import open_db, transaction

__all__ = ["open_db", "transaction"]
