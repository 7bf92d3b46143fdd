"""xiaomi-ev-kb: a claim-tracking knowledge base for news about Xiaomi's EV business.

The public functions are the library; ``cli.py`` is one client of it::

    from xiaomi_ev_kb import open_db, load_paths, contradictions
    kb = open_db("kb.db", create=True)
    load_paths(kb, ["seeds"])
    findings, claims, sources = contradictions(kb)
"""

from .crosscheck import find_contradictions
from .extract import extract_claims
from .ingest import read_article
from .loader import load_paths
from .queries import ClaimFilter, contradictions, get_claim, list_claims, list_sources, provenance
from .storage import open_db

__version__ = "0.1.0"

__all__ = [
    "ClaimFilter",
    "contradictions",
    "extract_claims",
    "find_contradictions",
    "get_claim",
    "list_claims",
    "list_sources",
    "load_paths",
    "open_db",
    "provenance",
    "read_article",
]
