"""Dependency cycles: the strongly connected components of a graph (Tarjan's algorithm,
without recursion, so a chain or a cycle of ten thousand tasks is no deeper a stack than
one of three). The graph's rules and its drawing both find cycles here."""

from __future__ import annotations

from collections.abc import Sequence


def strongly_connected(n: int, out: Sequence[Sequence[int]]) -> list[list[int]]:
    """The components of more than one node of the graph of nodes 0..n-1 with edges
    v -> out[v], in the order Tarjan's algorithm completes them (roots taken 0, 1, ...)."""
    index = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    stack: list[int] = []
    found: list[list[int]] = []
    counter = 0
    for root in range(n):
        if index[root] != -1:
            continue
        work = [(root, 0)]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        while work:
            v, i = work[-1]
            if i < len(out[v]):
                work[-1] = (v, i + 1)
                w = out[v][i]
                if index[w] == -1:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack[w] = True
                    work.append((w, 0))
                elif on_stack[w]:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
            if low[v] == index[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    component.append(w)
                    if w == v:
                        break
                if len(component) > 1:
                    found.append(component)
    return found
