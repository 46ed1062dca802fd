"""Where each cell of a notebook starts, kept up to date as heights change, at a cost that does not
grow with the notebook: a scroll step asks for the cells at two heights and changes the heights of
the few cells it builds.

A list of tops made afresh for each step walked every cell several times: 0.25 s of the GUI
thread per scroll step in a notebook of 100,000 empty cells. Here the heights live in a Fenwick
tree (a binary indexed tree): a cell's top, the cell at a height, and a change of one height each
cost log N steps.

`CellList` is the notebook's list of cells, counting its changes: a change of order (insert,
delete, move) starts the tops again from scratch, as it moves every index after it.
"""

from __future__ import annotations


class CellList(list):
    """A list that counts the changes to its order and length (`changes`)."""

    changes = 0

    def _changed(self) -> None:
        self.changes += 1

    def append(self, item) -> None:
        super().append(item)
        self._changed()

    def extend(self, items) -> None:
        super().extend(items)
        self._changed()

    def insert(self, index, item) -> None:
        super().insert(index, item)
        self._changed()

    def pop(self, index=-1):
        item = super().pop(index)
        self._changed()
        return item

    def remove(self, item) -> None:
        super().remove(item)
        self._changed()

    def clear(self) -> None:
        super().clear()
        self._changed()

    def sort(self, *args, **kwargs) -> None:
        super().sort(*args, **kwargs)
        self._changed()

    def reverse(self) -> None:
        super().reverse()
        self._changed()

    def __setitem__(self, index, value) -> None:
        super().__setitem__(index, value)
        self._changed()

    def __delitem__(self, index) -> None:
        super().__delitem__(index)
        self._changed()

    def __iadd__(self, items):
        result = super().__iadd__(items)
        self._changed()
        return result

    def __imul__(self, count):
        result = super().__imul__(count)
        self._changed()
        return result


class HeightTree:
    """Heights by index (a Fenwick tree of their running sums), with the prefix sums and the
    search by height a column of cells needs."""

    def __init__(self) -> None:
        self._heights: list[int] = []
        self._tree: list[int] = [0]  # 1-based: _tree[i] sums the heights (i - lowbit(i), i]

    def __len__(self) -> int:
        return len(self._heights)

    def reset(self, heights: list[int]) -> None:
        """Start again from `heights` (linear: each node is added to its parent once)."""
        self._heights = list(heights)
        tree = [0, *heights]
        size = len(tree)
        for index in range(1, size):
            parent = index + (index & -index)
            if parent < size:
                tree[parent] += tree[index]
        self._tree = tree

    def height(self, index: int) -> int:
        return self._heights[index]

    def set(self, index: int, height: int) -> None:
        delta = height - self._heights[index]
        if not delta:
            return
        self._heights[index] = height
        tree, size = self._tree, len(self._tree)
        position = index + 1
        while position < size:
            tree[position] += delta
            position += position & -position

    def prefix(self, count: int) -> int:
        """The sum of the first `count` heights."""
        tree, total = self._tree, 0
        while count > 0:
            total += tree[count]
            count -= count & -count
        return total

    def count_within(self, limit: int) -> int:
        """How many leading heights fit in `limit` (the largest k with prefix(k) <= limit)."""
        if limit < 0:
            return 0
        tree, size = self._tree, len(self._tree) - 1
        position, step = 0, 1 << size.bit_length()
        while step:
            following = position + step
            if following <= size and tree[following] <= limit:
                position = following
                limit -= tree[following]
            step >>= 1
        return position
