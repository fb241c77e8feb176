"""Read-only arrays that stay read-only: views of an immutable buffer.

``array.setflags(write=False)`` can be undone by anyone holding the array
(``setflags(write=True)`` succeeds on an array that owns its data). A view of a ``bytes``
object cannot be made writable: numpy refuses, because the buffer itself is read-only.
"""

from __future__ import annotations

from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

_Array = TypeVar("_Array", bound=npt.NDArray[Any])


def sealed(array: _Array) -> _Array:
    """A read-only copy of ``array`` that cannot be made writable (object arrays: read-only)."""
    if array.dtype.hasobject:
        array.setflags(write=False)
        return array
    contiguous = np.ascontiguousarray(array)
    view = np.frombuffer(contiguous.tobytes(), dtype=contiguous.dtype).reshape(contiguous.shape)
    return view  # type: ignore[return-value]
