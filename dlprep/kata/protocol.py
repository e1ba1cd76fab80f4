"""The wire format between grader and worker: length-prefixed frames.

Grader -> worker frames are pickles (the worker trusts the grader). Worker -> grader frames are
`marshal` data of plain builtins in which arrays travel as raw bytes with a numeric dtype: decoding
them can never run code, whatever the submission writes on the pipe.
"""

from __future__ import annotations

import enum
import marshal
import os
import struct
from typing import Any

MAX_FRAME = 256 * 1024 * 1024
_HEADER = struct.Struct("!Q")
_NUMERIC_KINDS = "biufc"
_MAX_DEPTH = 20


class Status(str, enum.Enum):
    """The one vocabulary of worker messages (sent as their plain string values)."""

    READY = "ready"  # the submission imported and has every entry point
    IMPORT_ERROR = "import_error"  # importing it raised (type, message, line)
    MISSING = "missing"  # entry points absent or not callable (names)
    OK = "ok"  # one case ran (outputs, inputs after the call)
    RAISED = "raised"  # the submission raised on the case (type, message, line)
    BAD_OUTPUT = "bad_output"  # the kata's call could not use what was returned (en, zh)
    MEMORY = "memory"  # MemoryError: over the memory limit
    BENCH = "bench"  # timings of a Bench request (times)


class Bench:
    """A grader -> worker request: time `repeats` calls on `case`, of the user's code or of the reference
    at the path `reference` (pickled like a case; the worker trusts the grader)."""

    def __init__(self, case: dict, repeats: int, reference: str | None = None) -> None:
        self.case = case
        self.repeats = repeats
        self.reference = reference


class ProtocolError(Exception):
    """Raised when a frame is truncated, oversized or malformed."""


class Opaque:
    """A returned value that cannot cross the pipe as data (e.g. a torch tensor): its type and repr."""

    def __init__(self, type_name: str, text: str) -> None:
        self.type_name = type_name
        self.text = text

    def __repr__(self) -> str:
        return f"<{self.type_name}: {self.text}>"


def write_frame(fd: int, payload: bytes) -> None:
    data = _HEADER.pack(len(payload)) + payload
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def read_exact(fd: int, n: int) -> bytes:
    chunks = []
    while n:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def read_frame(fd: int) -> bytes:
    (size,) = _HEADER.unpack(read_exact(fd, _HEADER.size))
    if size > MAX_FRAME:
        raise ProtocolError(f"frame of {size} bytes")
    return read_exact(fd, size)


# ---- worker side -------------------------------------------------------------------------

def encode(value: Any, depth: int = 0) -> Any:
    """Turn a returned value into marshal-safe builtins; numpy is imported lazily by the caller."""
    import numpy as np

    if depth > _MAX_DEPTH:
        return {"__obj__": ["nested too deep", ""]}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float, complex)) and type(value) in (int, float, complex):
        return value
    if isinstance(value, np.generic) and value.dtype.kind in _NUMERIC_KINDS:
        # a numpy scalar stays a numpy scalar: np.asarray of a list of them must see what the worker saw
        return {"__sc__": [value.dtype.str, value.tobytes()]}
    if isinstance(value, np.ndarray) and value.dtype.kind in _NUMERIC_KINDS:
        # tobytes(order="C") keeps 0-d arrays 0-d (np.ascontiguousarray would make them 1-D)
        return {"__nd__": [value.dtype.str, list(value.shape), value.tobytes(order="C")]}
    if type(value) is list:
        return [encode(v, depth + 1) for v in value]
    if type(value) is tuple:
        return tuple(encode(v, depth + 1) for v in value)
    if type(value) is dict:
        return {"__dict__": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()]}
    try:
        text = repr(value)[:200]
    except Exception:  # a hostile __repr__ must not stop the report
        text = ""
    return {"__obj__": [type(value).__module__ + "." + type(value).__qualname__, text]}


def dumps(message: Any) -> bytes:
    return marshal.dumps(message)


# ---- grader side -------------------------------------------------------------------------

def loads(payload: bytes) -> Any:
    try:
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError) as exc:
        raise ProtocolError(str(exc)) from None


def decode(value: Any, depth: int = 0) -> Any:
    """Inverse of encode(), validating everything: only numeric dtypes, consistent sizes."""
    import numpy as np

    if depth > _MAX_DEPTH + 2:
        raise ProtocolError("nesting")
    if value is None or type(value) in (bool, int, float, complex, str):
        return value
    if type(value) is list:
        return [decode(v, depth + 1) for v in value]
    if type(value) is tuple:
        return tuple(decode(v, depth + 1) for v in value)
    if type(value) is dict and len(value) == 1:
        (tag, body), = value.items()
        if tag == "__nd__":
            dtype_str, shape, buf = body
            dtype = np.dtype(dtype_str)
            if dtype.kind not in _NUMERIC_KINDS or dtype.hasobject:
                raise ProtocolError(f"dtype {dtype_str}")
            shape = tuple(int(s) for s in shape)
            count = 1
            for s in shape:
                count *= s
            if count * dtype.itemsize != len(buf):
                raise ProtocolError("array size")
            return np.frombuffer(buf, dtype=dtype).reshape(shape).copy()
        if tag == "__sc__":
            dtype_str, buf = body
            dtype = np.dtype(dtype_str)
            if dtype.kind not in _NUMERIC_KINDS or dtype.hasobject or len(buf) != dtype.itemsize:
                raise ProtocolError(f"scalar {dtype_str}")
            return np.frombuffer(buf, dtype=dtype)[0]
        if tag == "__dict__":
            return {_hashable(decode(k, depth + 1)): decode(v, depth + 1) for k, v in body}
        if tag == "__obj__":
            return Opaque(str(body[0]), str(body[1]))
    raise ProtocolError(f"unexpected {type(value).__name__}")


def _hashable(key: Any) -> Any:
    try:
        hash(key)
    except TypeError:
        return repr(key)
    return key
