"""Sides in the daily log's pain records: the schema step that adds them.

A pain record names its site and, since schema version 6, its side: ``left``,
``right`` or ``''`` (no side: a site in the middle of the body, or the runner did not
say). The empty string rather than NULL keeps the primary key (entry, site, side)
strict: SQLite lets NULLs repeat in a key.
"""

from __future__ import annotations

import sqlite3

#: How the store writes "no side".
NO_SIDE = ""

SITE_PAIN_V6 = """
CREATE TABLE site_pain (
    entry_id INTEGER NOT NULL REFERENCES log_entries (id) ON DELETE CASCADE,
    site     TEXT NOT NULL,
    side     TEXT NOT NULL DEFAULT '' CHECK (side IN ('', 'left', 'right')),
    during   INTEGER CHECK (during BETWEEN 0 AND 10),
    after    INTEGER CHECK (after BETWEEN 0 AND 10),
    morning  INTEGER CHECK (morning BETWEEN 0 AND 10),
    PRIMARY KEY (entry_id, site, side)
)
"""


def add_sides(conn: sqlite3.Connection) -> None:
    """Rebuild ``site_pain`` with a ``side`` column in its key; old rows get no side.

    SQLite cannot change a primary key in place, so the table is copied into a new
    one (inside the caller's transaction, after the store's backup).
    """
    conn.execute("ALTER TABLE site_pain RENAME TO site_pain_v5")
    conn.execute(SITE_PAIN_V6)
    conn.execute(
        "INSERT INTO site_pain (entry_id, site, side, during, after, morning) "
        "SELECT entry_id, site, '', during, after, morning FROM site_pain_v5"
    )
    conn.execute("DROP TABLE site_pain_v5")


def to_db(side: str | None) -> str:
    """The stored form of a record's side."""
    return side or NO_SIDE


def from_db(side: str) -> str | None:
    """A record's side from its stored form."""
    return side or None
