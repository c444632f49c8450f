"""JSON Schemas of the record formats, for editors: generated from the models the loader uses.

``claims/*.yml`` and ``seeds/*.yml`` start with ``# yaml-language-server: $schema=…``, so editors
such as VS Code (with the YAML extension) offer completion, show each field's description and
flag mistakes while the contributor types. The schemas are generated from :mod:`.models`, never
written by hand, so they cannot drift from what ``factcheck validate`` and the build accept;
``factcheck schema`` rewrites the committed files and a test checks they are up to date.

Editors read YAML 1.2, in which ``2024`` is a number and ``false`` a boolean, while our reader
keeps every plain scalar as the text typed (see :mod:`.yamlread`). So wherever a record field is
text, the schema also accepts numbers and booleans: the loader reads them as text and accepts them
too (``verdict: false`` is the verdict ``"false"``). Rules a schema cannot state (a quote must
occur in its source, a verdict must be on the site's scale, ids must be unique) are checked by
``factcheck validate`` only.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from .models import Claim, Source

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMAS: dict[str, type[BaseModel]] = {"claim": Claim, "source": Source}
_EDITOR_SCALARS = ["string", "number", "boolean"]


class _RecordSchema(GenerateJsonSchema):
    """pydantic's generator, adjusted to how records are read (see the module docstring)."""

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        json_schema = super().str_schema(schema)
        json_schema["type"] = list(_EDITOR_SCALARS)
        return json_schema

    def date_schema(self, schema: core_schema.DateSchema) -> JsonSchemaValue:
        json_schema = super().date_schema(schema)
        json_schema["pattern"] = r"^\d{4}-\d{2}-\d{2}$"
        return json_schema


def record_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one record kind: ``claim`` or ``source``."""
    model = SCHEMAS[kind]
    body = model.model_json_schema(schema_generator=_RecordSchema, mode="validation")
    _require_visible_text(body)
    return {
        "$schema": DIALECT,
        "$comment": "Generated from factcheck.core.records.models by `factcheck schema`: do not edit by hand.",
        **body,
    }


def _require_visible_text(node: Any) -> None:
    """Text that must not be empty must not be only white space either: the loader strips it."""
    if isinstance(node, dict):
        if node.get("minLength") == 1 and "pattern" not in node:
            node["pattern"] = r"\S"
        for value in node.values():
            _require_visible_text(value)
    elif isinstance(node, list):
        for value in node:
            _require_visible_text(value)


def schema_text(kind: str) -> str:
    """The committed file's exact text: stable key order, UTF-8, trailing newline."""
    return json.dumps(record_schema(kind), indent=2, ensure_ascii=False) + "\n"


def schema_file_name(kind: str) -> str:
    return f"{kind}.schema.json"
