"""The project's one exception family: the CLI turns each into a one-line message."""


class KBError(Exception):
    """A problem the user can fix; the message says what and how."""


class InputError(KBError):
    """An article file that cannot be read or parsed."""


class DatabaseError(KBError):
    """A database that is missing, locked, or of an unknown version."""


class DamagedError(DatabaseError):
    """A database file SQLite finds damaged (corrupted pages, not a database)."""


class NotFoundError(KBError):
    """A claim, finding or source id that is not in the knowledge base."""
