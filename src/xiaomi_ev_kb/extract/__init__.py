"""From article text to typed, sourced claims.

The extractor (:mod:`.pipeline`) splits an article into sentences, finds entity mentions,
quantities and time expressions, and runs one rule per topic (:mod:`.rules`: approval,
capacity, deliveries, supplier, timeline, investment, price, spec), each reading its trigger
words and patterns from ``data/rules/<name>.toml``. ``extractor_version()`` is a hash of the
rule code and data: a changed rule re-extracts stored articles on the next load.

Names are imported on first use: importing the package does not build the rules.
"""

from .. import lazy_getattr

_EXPORTS = {
    "Extractor": "pipeline",
    "default_extractor": "pipeline",
    "extract_claims": "pipeline",
    "extractor_version": "version",
}

__all__ = sorted(_EXPORTS)
__getattr__ = lazy_getattr(__name__, _EXPORTS, globals())
