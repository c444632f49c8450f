"""Read YAML the way editors do (YAML 1.2 core schema, as the VS Code YAML extension does).

In YAML 1.2 `2024` is a number, `false` a boolean and `2022-03-03` a string, while our loader
keeps every plain scalar as text. The schema tests parse records this way to check that the
JSON Schema agrees with the loader on what editors will actually hand it.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan")}


def _scalar(value: str) -> Any:
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _OCT.match(value):
        return int(value[2:], 8)
    if _HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if value.lower() in _SPECIAL:
        return _SPECIAL[value.lower()]
    return value


def _build(node: Node) -> Any:
    if isinstance(node, ScalarNode):
        return _scalar(node.value) if node.style is None else node.value
    if isinstance(node, SequenceNode):
        return [_build(item) for item in node.value]
    assert isinstance(node, MappingNode)
    return {_build(k): _build(v) for k, v in node.value}


def editor_load(text: str) -> Any:
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    return None if node is None else _build(node)
