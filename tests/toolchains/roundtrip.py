"""Round trip for exported Python types: rows JSON -> instances -> JSON.

Usage: python3 roundtrip.py dataclass|pydantic MODULE_DIR MODULE IN.json OUT.json
IN and OUT hold {"TypeName": [row, ...]}. Dataclasses are decoded with their generated
from_dict and encoded with to_dict (the wire format), and each decoded field is checked against
its type hint (a real Enum member, Decimal, datetime with a zone, bytes, ...); pydantic models
with parse_obj and .json(by_alias=True).
"""
import dataclasses
import datetime
import decimal
import enum
import importlib
import json
import sys
import typing
import uuid


def decode(tp, value):
    origin = typing.get_origin(tp)
    if origin is typing.Union:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return None if value is None else decode(args[0], value)
    if tp is typing.Any:
        return value
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp(value)
    if tp is datetime.datetime:
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if tp is datetime.date:
        return datetime.date.fromisoformat(value)
    if tp is datetime.time:
        return datetime.time.fromisoformat(value)
    if tp is decimal.Decimal:
        return decimal.Decimal(value)
    if tp is uuid.UUID:
        return uuid.UUID(value)
    if tp in (str, int, bool):
        if not isinstance(value, tp):
            raise TypeError(f"{value!r} is not {tp.__name__}")
        return value
    if tp is float:
        return float(value)
    raise TypeError(f"unsupported type {tp!r}")


def encode(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    return value


def check_type(tp, value, where):
    origin = typing.get_origin(tp)
    if origin is typing.Union:
        if value is None:
            return
        tp = [a for a in typing.get_args(tp) if a is not type(None)][0]
    if tp is typing.Any:
        return
    if typing.get_origin(tp) is typing.Literal:
        if value not in typing.get_args(tp):
            raise TypeError(f"{where}: {value!r} is not one of {typing.get_args(tp)}")
        return
    if not isinstance(value, tp):
        raise TypeError(f"{where}: {value!r} is not {tp!r}")
    if tp is datetime.datetime and value.tzinfo is None:
        raise TypeError(f"{where}: {value!r} has no time zone")


def dataclass_roundtrip(cls, row):
    if hasattr(cls, "from_dict"):
        unknown = set(row) - {f.metadata.get("name", f.name) for f in dataclasses.fields(cls)}
        if unknown:
            raise KeyError(f"unknown keys {sorted(unknown)}")
        obj = cls.from_dict(row)
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            check_type(hints[f.name], getattr(obj, f.name), f"{cls.__name__}.{f.name}")
        return obj.to_dict()
    hints = typing.get_type_hints(cls)
    kwargs = {}
    names = {}
    for f in dataclasses.fields(cls):
        key = f.metadata.get("name", f.name)
        names[f.name] = key
        kwargs[f.name] = decode(hints[f.name], row[key])
    unknown = set(row) - set(names.values())
    if unknown:
        raise KeyError(f"unknown keys {sorted(unknown)}")
    obj = cls(**kwargs)
    return {names[f.name]: encode(getattr(obj, f.name)) for f in dataclasses.fields(cls)}


def main():
    style, module_dir, module_name, in_path, out_path = sys.argv[1:6]
    sys.path.insert(0, module_dir)
    module = importlib.import_module(module_name)
    rows = json.load(open(in_path, encoding="utf-8"))
    out = {}
    for type_name, items in rows.items():
        cls = getattr(module, type_name)
        if style == "pydantic":
            out[type_name] = [json.loads(cls.parse_obj(r).json(by_alias=True)) for r in items]
        else:
            out[type_name] = [dataclass_roundtrip(cls, r) for r in items]
    json.dump(out, open(out_path, "w", encoding="utf-8"), indent=1)


if __name__ == "__main__":
    main()
