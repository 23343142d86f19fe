"""Read and write the documented JSON form of the solver's dataclasses (assign, plan and select formats).

Every model is a dataclass whose field names are the JSON keys; nested dataclasses, lists, fixed-length
tuples, dicts keyed by strings, ``Literal`` choices and optional values follow their type hints. Unknown keys
are an error at every level, and every error names the JSON path (``$.managers[3].grade``), so a typo in a
problem file is reported instead of silently ignored.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Any, TypeVar

T = TypeVar("T")


class ProblemFormatError(ValueError):
    """The JSON form does not match the model: the message names the path and the reason."""


def from_json(cls: type[T], data: Any, path: str = "$") -> T:
    """Build ``cls`` from its JSON form, checking keys and types on the way."""
    return typing.cast(T, _convert(cls, data, path))


def to_json(obj: Any) -> Any:
    """Return the JSON form of a dataclass instance (or list/dict of them)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_json(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, list | tuple):
        return [to_json(item) for item in obj]
    if isinstance(obj, dict):
        return {str(key): to_json(value) for key, value in obj.items()}
    return obj


def _convert(tp: Any, data: Any, path: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return _convert_union(typing.get_args(tp), data, path)
    if origin is typing.Literal:
        choices = typing.get_args(tp)
        if data not in choices or isinstance(data, bool) != any(isinstance(c, bool) for c in choices):
            raise ProblemFormatError(f"{path}: expected one of {', '.join(map(repr, choices))}, got {data!r}")
        return data
    if origin is list:
        if not isinstance(data, list):
            raise ProblemFormatError(f"{path}: expected a list, got {type(data).__name__}")
        (item_type,) = typing.get_args(tp)
        return [_convert(item_type, item, f"{path}[{i}]") for i, item in enumerate(data)]
    if origin is tuple:
        types_ = typing.get_args(tp)
        if not isinstance(data, list | tuple) or len(data) != len(types_):
            raise ProblemFormatError(f"{path}: expected a list of {len(types_)} values, got {data!r}")
        return tuple(
            _convert(t, v, f"{path}[{i}]") for i, (t, v) in enumerate(zip(types_, data, strict=True))
        )
    if origin is dict:
        if not isinstance(data, dict):
            raise ProblemFormatError(f"{path}: expected an object, got {type(data).__name__}")
        _, value_type = typing.get_args(tp)
        return {str(k): _convert(value_type, v, f"{path}.{k}") for k, v in data.items()}
    if dataclasses.is_dataclass(tp):
        return _convert_dataclass(typing.cast(type, tp), data, path)
    if tp is Any:
        return data
    if tp is float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise ProblemFormatError(f"{path}: expected a number, got {data!r}")
        return float(data)
    if tp is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise ProblemFormatError(f"{path}: expected an integer, got {data!r}")
        return data
    if tp in (str, bool):
        if not isinstance(data, tp):
            raise ProblemFormatError(f"{path}: expected {tp.__name__}, got {data!r}")
        return data
    raise ProblemFormatError(f"{path}: unsupported type {tp!r}")


def _convert_union(options: tuple[Any, ...], data: Any, path: str) -> Any:
    if data is None and type(None) in options:
        return None
    errors = []
    for option in options:
        if option is type(None):
            continue
        try:
            return _convert(option, data, path)
        except ProblemFormatError as error:
            errors.append(str(error).removeprefix(f"{path}: "))
    raise ProblemFormatError(f"{path}: {'; or '.join(errors)}")


@functools.cache
def _schema(cls: type) -> tuple[dict[str, Any], dict[str, dataclasses.Field[Any]]]:
    """Return a dataclass's resolved type hints and fields (cached: resolving hints is slow)."""
    return typing.get_type_hints(cls), {f.name: f for f in dataclasses.fields(cls)}


def _convert_dataclass(cls: type, data: Any, path: str) -> Any:
    if not isinstance(data, dict):
        raise ProblemFormatError(f"{path}: expected an object for {cls.__name__}, got {type(data).__name__}")
    hints, fields = _schema(cls)
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ProblemFormatError(f"{path}: unknown key(s) {', '.join(unknown)} for {cls.__name__}")
    kwargs = {}
    for name, field in fields.items():
        if name in data:
            kwargs[name] = _convert(hints[name], data[name], f"{path}.{name}")
        elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            raise ProblemFormatError(f"{path}: missing required key {name!r} for {cls.__name__}")
    return cls(**kwargs)
