"""The extractor's version: a hash of the rule code and the reference data it reads.

A stored article records the version its claims came from; when any rule module, the
shared text, time or quantity parsers, the registry or a data file changes, the version
changes and the next load re-extracts the article. Nothing here imports the rules.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from ..registry import data_dir

_PACKAGE = Path(__file__).resolve().parent.parent  # src/xiaomi_ev_kb
# the modules outside extract/ whose behaviour decides which claims an article yields
_SHARED = ("text.py", "timeexpr.py", "quantities.py", "registry.py", "models.py")


def rule_files() -> list[tuple[str, Path]]:
    """(name, path) of every file the version depends on, in a fixed order."""
    files = [(f"extract/{p.relative_to(_PACKAGE / 'extract').as_posix()}", p) for p in (_PACKAGE / "extract").rglob("*.py")]
    files += [(name, _PACKAGE / name) for name in _SHARED]
    data = data_dir()
    files += [(f"data/{p.relative_to(data).as_posix()}", p) for p in data.rglob("*") if p.is_file() and p.suffix in (".tsv", ".toml", ".json")]
    return sorted(files)


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """'r' and 12 hex digits of SHA-1 over the names and bytes of `rule_files`."""
    h = hashlib.sha1()
    for name, path in rule_files():
        h.update(name.encode())
        h.update(b"\0")
        h.update(path.read_bytes().replace(b"\r\n", b"\n"))
        h.update(b"\0")
    return "r" + h.hexdigest()[:12]
