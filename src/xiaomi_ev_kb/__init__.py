"""xiaomi-ev-kb: a claim-tracking knowledge base for news about Xiaomi's EV business.

The public functions are the library; ``cli.py`` is one client of it::

    from xiaomi_ev_kb import open_db, load_paths, contradictions
    kb = open_db("kb.db", create=True)
    load_paths(kb, ["seeds"])
    findings, claims, sources = contradictions(kb)

Names are imported on first use, so ``import xiaomi_ev_kb`` (and the CLI's start-up)
does not pay for spaCy and SQLAlchemy until they are needed.
"""

from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "ClaimFilter": "queries",
    "contradictions": "queries",
    "get_claim": "queries",
    "list_claims": "queries",
    "page_claims": "queries",
    "list_sources": "queries",
    "provenance": "queries",
    "report": "queries",
    "timeline": "queries",
    "extract_claims": "extract",
    "find_contradictions": "crosscheck",
    "read_article": "ingest",
    "read_articles": "ingest",
    "load_paths": "loader",
    "open_db": "storage",
    "render_html": "html_report",
    "serve_datasette": "browsing",
    "datasette_metadata": "browsing",
}

__all__ = sorted(_EXPORTS)


def lazy_getattr(package: str, exports: dict[str, str], namespace: dict):
    """A module ``__getattr__`` that imports ``name`` from its submodule on first use and keeps
    it in ``namespace`` (the package's globals), so later uses cost nothing."""

    def __getattr__(name: str):
        if name in exports:
            value = getattr(import_module(f".{exports[name]}", package), name)
            namespace[name] = value
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__


__getattr__ = lazy_getattr(__name__, _EXPORTS, globals())
