"""The cheapest chain of bag changes over candidate times (a shortest path on a DAG).

Costs, in order of priority (see `hadcoord.planning.changes`): a bag shorter than the minimum
(SHORT: above every other cost of a period together, so a short bag is chosen only where
nothing else works — a start time, a closure or an interruption forces it), a home change off
the fixed pair
(EXTRA), a late day-hospital slot (LATE), a bag (BAG: fewest bags, i.e. fewest visits), a bag of
an unusual length (ODD), a ward change off the fixed slots (OFF_GRID). The weights are ten or
a hundred times apart, beyond what rival chains of one period differ by in the lower terms.
"""

from __future__ import annotations

SHORT, EXTRA, LATE, BAG, ODD, OFF_GRID = 10**12, 1_000_000, 100_000, 10_000, 100, 1
UNREACHABLE = 1 << 62


def cheapest_chain(times: list[int], arrive: list[int], deadline: list[int], floor: list[int],
                   *, mandatory: set[int], usual: frozenset[int],
                   minimum: int = 0) -> list[int] | None:
    """Cheapest chain of nodes from the first to the last one (times sorted), or None.

    A bag from node i ends at a node j with ``floor[i] <= times[j] <= deadline[i]``.
    """
    count = len(times)
    best = [UNREACHABLE] * count
    previous = [-1] * count
    best[0] = 0
    for i in range(count - 1):
        cost = best[i]
        if cost == UNREACHABLE:
            continue
        start, low, limit = times[i], floor[i], deadline[i]
        for j in range(i + 1, count):
            end = times[j]
            if end > limit:
                break
            total = (cost + BAG + arrive[j] + (0 if end - start in usual else ODD)
                     + (SHORT if end - start < minimum else 0))
            if end >= low and total < best[j]:
                best[j] = total
                previous[j] = i
            if end in mandatory:
                break
    if best[-1] == UNREACHABLE:
        return None
    path = [count - 1]
    while path[-1] != 0:
        path.append(previous[path[-1]])
    return path[::-1]
