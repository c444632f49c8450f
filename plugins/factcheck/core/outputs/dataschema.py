"""The JSON Schemas of the open data (``data/schema/claim.json``, ``data/schema/catalog.json``).

Published beside the data, so that a reuser can validate what they download and know what each
field means; every data file names its schema (``schema``) and its ``format`` version. A test
validates every published file against these schemas, so they cannot drift from
:mod:`.opendata`. Additions keep the format version; a field that changes meaning or disappears
bumps it (``opendata.FORMAT``).
"""

from __future__ import annotations

from typing import Any

from ..urls import DATA_SCHEMA_CATALOG as SCHEMA_CATALOG
from ..urls import DATA_SCHEMA_CLAIM as SCHEMA_CLAIM

DIALECT = "https://json-schema.org/draft/2020-12/schema"

_URL = {"type": "string", "format": "uri", "pattern": "^https?://"}
_NULLABLE_URL = {"anyOf": [_URL, {"type": "null"}]}
_TEXT = {"type": "string", "minLength": 1}
_NULLABLE_TEXT = {"type": ["string", "null"]}
_DAY = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_PARTIAL_DATE = {
    "type": "string",
    "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
    "description": "ISO 8601 with its precision: YYYY-MM-DD, YYYY-MM (month only) or YYYY (year only).",
}
_NULLABLE_SHA256 = {"anyOf": [{"type": "string", "pattern": "^[0-9a-f]{64}$"}, {"type": "null"}]}
_LICENCE = {
    "type": "object",
    "required": ["name", "url"],
    "additionalProperties": False,
    "properties": {"name": _TEXT, "url": _URL},
    "description": "The licence the data is published under.",
}


def _object(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "required": sorted(properties),
        "additionalProperties": False,
        "properties": properties,
    }
    if description:
        schema["description"] = description
    return schema


_QUOTED = {"source": _TEXT, "source_url": _URL, "archive_url": _URL, "quote": _TEXT}
_CLAIM_DEFS = {
    "claim": _object(
        {
            "format": {"type": "string", "pattern": "^mkdocs-factcheck/[0-9]+$"},
            "schema": _URL,
            "licence": _LICENCE,
            "id": _TEXT,
            "url": _URL,
            "data_url": _URL,
            "claim": {**_TEXT, "description": "The claim as worded by the claimant."},
            "short": {
                "type": ["string", "null"],
                "maxLength": 75,
                "description": "The claim in at most 75 characters.",
            },
            "headline": _NULLABLE_TEXT,
            "claimant": _object(
                {
                    "id": _TEXT,
                    "name": _TEXT,
                    "type": {"enum": ["person", "organization"]},
                    "role": _NULLABLE_TEXT,
                    "same_as": {"type": "array", "items": _URL},
                    "url": _URL,
                }
            ),
            "appearances": {
                "type": "array",
                "minItems": 1,
                "items": _object({**_QUOTED, "date": {"anyOf": [_DAY, {"type": "null"}]}}),
            },
            "verdict": _object({"id": _TEXT, "label": _TEXT, "rating": {"type": ["integer", "null"]}, "url": _URL}),
            "summary": _TEXT,
            "analysis": _NULLABLE_TEXT,
            "evidence": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "oneOf": [
                        _object(
                            {
                                "stance": {"enum": ["supports", "contradicts", "context"]},
                                **_QUOTED,
                                "note": _NULLABLE_TEXT,
                            }
                        ),
                        _object(
                            {
                                "stance": {"enum": ["supports", "contradicts", "context"]},
                                "url": _URL,
                                "title": _NULLABLE_TEXT,
                                "note": _NULLABLE_TEXT,
                            }
                        ),
                    ]
                },
            },
            "topics": {"type": "array", "items": _object({"id": _TEXT, "name": _TEXT, "url": _URL})},
            "author": _TEXT,
            "reviewer": _NULLABLE_TEXT,
            "published": _DAY,
            "updated": {**_DAY, "description": "The last change: updated, or the newest correction."},
            "corrections": {
                "type": "array",
                "items": _object({"date": _DAY, "kind": {"enum": ["correction", "update"]}, "note": _TEXT}),
            },
        },
        "One fact check, as published on its page.",
    ),
}


def claim_schema(base: str) -> dict[str, Any]:
    """``data/claims/<id>.json``: a fact check, with its page's ClaimReview (schema.org)."""
    claim = _CLAIM_DEFS["claim"]
    properties = {
        **claim["properties"],
        "claim_review": {
            "type": "object",
            "required": ["@type"],
            "properties": {"@type": {"const": "ClaimReview"}},
            "description": "The page's schema.org ClaimReview.",
        },
    }
    return {
        "$schema": DIALECT,
        "$id": base + SCHEMA_CLAIM,
        "title": "mkdocs-factcheck claim",
        **claim,
        "required": sorted(properties),
        "properties": properties,
    }


def catalog_schema(base: str) -> dict[str, Any]:
    """``data/catalog.json``: every fact check, source and verdict of the site."""
    claim = {**_CLAIM_DEFS["claim"]}
    claim_properties = {k: v for k, v in claim["properties"].items() if k not in ("format", "schema", "licence")}
    claim.update(properties=claim_properties, required=sorted(claim_properties))
    return {
        "$schema": DIALECT,
        "$id": base + SCHEMA_CATALOG,
        "title": "mkdocs-factcheck catalogue",
        **_object(
            {
                "format": {"type": "string", "pattern": "^mkdocs-factcheck/[0-9]+$"},
                "schema": _URL,
                "licence": _LICENCE,
                "url": _URL,
                "claimreview_feed": _URL,
                "site": _object({"name": _TEXT, "url": _URL}),
                "publisher": _object({"name": _TEXT, "url": _URL, "logo": _NULLABLE_URL}),
                "modified": {"anyOf": [_DAY, {"type": "null"}]},
                "verdicts": {
                    "type": "array",
                    "items": _object(
                        {
                            "id": _TEXT,
                            "label": _TEXT,
                            "definition": _TEXT,
                            "rating": {"type": ["integer", "null"]},
                            "url": _URL,
                        }
                    ),
                },
                "rating_scale": {
                    "anyOf": [_object({"worst": {"type": "integer"}, "best": {"type": "integer"}}), {"type": "null"}]
                },
                "sources": {
                    "type": "array",
                    "items": _object(
                        {
                            "id": _TEXT,
                            "url": _URL,
                            "original_url": _URL,
                            "captured_from": _NULLABLE_URL,
                            "title": _TEXT,
                            "publisher": _TEXT,
                            "author": _NULLABLE_TEXT,
                            "published": _PARTIAL_DATE,
                            "published_precision": {"enum": ["year", "month", "day"]},
                            "captured": {"anyOf": [_DAY, {"type": "string", "format": "date-time"}, {"type": "null"}]},
                            "language": _TEXT,
                            "text_sha256": _NULLABLE_SHA256,
                            "original_sha256": _NULLABLE_SHA256,
                            "archive_urls": {"type": "array", "items": _URL},
                            "url_gone": {"anyOf": [_DAY, {"type": "null"}]},
                        }
                    ),
                },
                "claims": {"type": "array", "items": claim},
            },
            "Every fact check of the site, newest first, with the sources they quote and the verdict scale.",
        ),
    }
