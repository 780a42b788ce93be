"""Sets: how much two of them share, and disjoint sets (union-find): which items a chain of links joins."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


def overlap(a: AbstractSet[T], b: AbstractSet[T]) -> float:
    """Share of `a` that is also in `b` (0 when `a` is empty)."""
    return len(a & b) / len(a) if a else 0.0


def jaccard(a: AbstractSet[T], b: AbstractSet[T], weight: Mapping[T, float] | None = None) -> float:
    """What `a` and `b` share over all they hold (0 when both are empty); each item counts its `weight` if given."""
    if weight is None:
        return len(a & b) / len(a | b) if a | b else 0.0
    # fsum is exact whatever the order: set order changes between runs, the result must not.
    return math.fsum(weight[t] for t in a & b) / (math.fsum(weight[t] for t in a | b) or 1.0)


class DisjointSets(Generic[T]):
    """Items joined by `union`, each in one set; an item first seen in `find` or `union` is a set of its own."""

    def __init__(self, items: Iterable[T] = ()) -> None:
        self._parent: dict[T, T] = {item: item for item in items}

    def find(self, item: T) -> T:
        """The item that stands for `item`'s set."""
        parent = self._parent
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]  # path halving: later finds take fewer steps
            item = parent[item]
        return item

    def union(self, a: T, b: T) -> None:
        self._parent[self.find(b)] = self.find(a)

    def groups(self) -> list[list[T]]:
        """Every set's items, sets and items in the order the items were first seen."""
        out: dict[T, list[T]] = {}
        for item in self._parent:
            out.setdefault(self.find(item), []).append(item)
        return list(out.values())
