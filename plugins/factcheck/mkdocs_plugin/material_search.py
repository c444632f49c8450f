"""What Material for MkDocs' built-in search (``search: material``) learns about a claim page.

Material reads a page's ``search.boost`` and ``tags`` from its front matter, so these belong to
the MkDocs adapter; Pagefind's equivalents (filters, the indexed body) are in the core's
``outputs/search.py``, since they are written into the HTML any engine publishes.
"""

from __future__ import annotations

from ..core.catalog import Catalog
from ..core.outputs.search import index_safe

CLAIM_BOOST = 4  # a claim page outranks sources and indexes for its own words


def claim_terms(catalog: Catalog, claim_id: str) -> list[str]:
    """Words a reader may type to find a claim besides its text: shown as tags in Material's results.

    The verdict comes first (results show it), then the claimant, the topics and the publishers
    of the sources the claim appears in or is checked against.
    """
    entry = catalog.claims[claim_id]
    claim = entry.claim
    terms = [f"Verdict: {catalog.verdicts[claim.verdict].label}", claim.claimant.name]
    terms += [catalog.topics[topic_id].name for topic_id in entry.topic_ids]
    terms += [catalog.sources[source_id].source.publisher for source_id in claim.source_ids]
    # Material's index carries tags as text; markup characters are swapped for look-alikes so
    # that no record text reaches the search index as markup
    return list(dict.fromkeys(index_safe(term) for term in terms))
