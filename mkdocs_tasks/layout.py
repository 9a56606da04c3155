"""The dependency graph's drawing: layers, the order in each layer, coordinates.

A layered layout as Graphviz dot makes one (Gansner, Koutsofios, North, Vo, "A Technique
for Drawing Directed Graphs", 1993), drawn left to right:

1. cycles are broken by reversing the back edges of a depth-first search (their members
   are marked; the reversed edges are still drawn from the dependency to its dependent);
2. layers by longest path, then every node moved to the layer that shortens its edges
   the most (the exact local step of dot's network simplex, repeated until none moves);
3. an edge spanning several layers is routed through a dummy vertex in each layer between;
4. the order in each layer by median sweeps, down and up, each followed by transposition
   of neighbours, keeping the order with the fewest crossings (counted exactly, as
   Barth, Juenger and Mutzel do, by inversions);
5. coordinates across each layer by least squares: every vertex as near as the separation
   allows to the mean of its neighbours, solved exactly per layer by pool-adjacent-violators
   (isotonic regression), a few passes down and up.

Weakly connected components are drawn one under the other, biggest first; tasks with no
edge at all fill a grid under them. Pure Python on integer node indices: no MkDocs, no
HTML (svg.py draws it).
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .cycles import strongly_connected

NODE_W = 184  # a node's box
NODE_H = 44
LAYER_GAP = 64  # between two layers' columns, where the edges bend
NODE_GAP = 14  # between two boxes in a column
DUMMY_GAP = 6  # between an edge passing through a column and its neighbours
COMPONENT_GAP = 36  # between two components, one under the other
MARGIN = 8
STEP = NODE_W + LAYER_GAP  # from one layer's column to the next

Point = tuple[int, int]


@dataclass
class Layout:
    width: int
    height: int
    boxes: list[Point]  # each node's box, top left corner (NODE_W x NODE_H)
    edges: list[tuple[int, int, list[Point]]]  # (from, to, points from `from`'s box to `to`'s)
    cyclic: list[bool]  # whether the node is on a cycle (or depends on itself)
    crossings: int  # of edges between adjacent layers, dummies included
    layers: int  # of the widest component


def layout(n: int, edges: Iterable[tuple[int, int]]) -> Layout:
    """Nodes 0..n-1 (in the order they should come in when nothing else decides); an edge
    (u, v) is drawn from u to v, u to the left."""
    loops = [False] * n
    unique: set[tuple[int, int]] = set()
    for u, v in edges:
        if u == v:
            loops[u] = True
        else:
            unique.add((u, v))
    ordered = sorted(unique)
    out: list[list[int]] = [[] for _ in range(n)]
    for u, v in ordered:
        out[u].append(v)
    cyclic = _on_cycles(n, out)
    for i in range(n):
        cyclic[i] = cyclic[i] or loops[i]
    forward = _break_cycles(n, out)  # (u, v, reversed) laid out u -> v
    parts = _components(n, forward)
    boxes: list[Point] = [(0, 0)] * n
    drawn: list[tuple[int, int, list[Point]]] = []
    y0 = MARGIN
    width = 0
    crossings = 0
    widest = 0
    isolated = [v for v in range(n) if not parts[v]]
    groups: dict[int, list[int]] = {}
    for v in range(n):
        if parts[v]:
            groups.setdefault(parts[v], []).append(v)
    members = sorted(groups.values(), key=lambda g: (-len(g), g[0]))
    by_part: dict[int, list[tuple[int, int, bool]]] = {}
    for e in forward:
        by_part.setdefault(parts[e[0]], []).append(e)
    for nodes in members:
        part = _Component(nodes, by_part[parts[nodes[0]]])
        crossings += part.crossings
        widest = max(widest, part.layers)
        for v, (x, y) in part.boxes.items():
            boxes[v] = (x + MARGIN, y + y0)
        for u, v, points in part.paths:
            drawn.append((u, v, [(x + MARGIN, y + y0) for x, y in points]))
        y0 += part.height + COMPONENT_GAP
        width = max(width, part.layers * STEP - LAYER_GAP)
    if isolated:
        columns = min(len(isolated), max(widest, 4))
        for i, v in enumerate(isolated):
            row, column = divmod(i, columns)
            boxes[v] = (MARGIN + column * STEP, y0 + row * (NODE_H + NODE_GAP))
        y0 += -(-len(isolated) // columns) * (NODE_H + NODE_GAP) - NODE_GAP + COMPONENT_GAP
        width = max(width, columns * STEP - LAYER_GAP)
    drawn.sort(key=lambda e: (e[0], e[1]))
    return Layout(width + 2 * MARGIN, max(y0 - COMPONENT_GAP + MARGIN, 2 * MARGIN), boxes,
                  drawn, cyclic, crossings, widest)


def _on_cycles(n: int, out: list[list[int]]) -> list[bool]:
    """Whether each node is a member of a dependency cycle."""
    result = [False] * n
    for component in strongly_connected(n, out):
        for w in component:
            result[w] = True
    return result


def _break_cycles(n: int, out: list[list[int]]) -> list[tuple[int, int, bool]]:
    """Every edge, the back edges of a depth-first search reversed: a DAG."""
    state = [0] * n  # 0 unseen, 1 on the path, 2 finished
    edges: list[tuple[int, int, bool]] = []
    for root in range(n):
        if state[root]:
            continue
        state[root] = 1
        work = [(root, 0)]
        while work:
            v, i = work[-1]
            if i < len(out[v]):
                work[-1] = (v, i + 1)
                w = out[v][i]
                if state[w] == 1:
                    edges.append((w, v, True))
                else:
                    edges.append((v, w, False))
                    if state[w] == 0:
                        state[w] = 1
                        work.append((w, 0))
                continue
            state[v] = 2
            work.pop()
    return edges


def _components(n: int, edges: Sequence[tuple[int, int, bool]]) -> list[int]:
    """A component number per node (1-based), 0 for a node without edges."""
    parent = list(range(n))

    def find(v: int) -> int:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    touched = [False] * n
    for u, v, _ in edges:
        touched[u] = touched[v] = True
        a, b = find(u), find(v)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return [find(v) + 1 if touched[v] else 0 for v in range(n)]


def _median(values: list[int]) -> float:
    """Gansner's weighted median of sorted positions: towards the denser side."""
    m = len(values) // 2
    if len(values) % 2:
        return values[m]
    if len(values) == 2:
        return (values[0] + values[1]) / 2
    left = values[m - 1] - values[0]
    right = values[-1] - values[m]
    if left + right == 0:
        return (values[m - 1] + values[m]) / 2
    return (values[m - 1] * right + values[m] * left) / (left + right)


def count_crossings(orders: Sequence[Sequence[int]], down: Sequence[Sequence[int]],
                    pos: Sequence[int]) -> int:
    """Crossings between each pair of adjacent layers: inversions of the lower ends of the
    edges sorted by their upper ends."""
    return sum(inversions([(pos[u], pos[w]) for u in layer for w in down[u]]) for layer in orders)


def inversions(segments: list[tuple[float, float]]) -> int:
    """Pairs of segments between two parallel lines, given by their ends on each, that
    cross: their ends come in opposite orders (a shared end is no crossing)."""
    total = 0
    seen: list[float] = []
    for _, b in sorted(segments):
        i = bisect.bisect_right(seen, b)
        total += len(seen) - i
        seen.insert(i, b)
    return total


class _Component:
    """One weakly connected component, laid out from x = 0, y = 0."""

    def __init__(self, nodes: list[int], edges: list[tuple[int, int, bool]]) -> None:
        local = {v: i for i, v in enumerate(nodes)}
        k = len(nodes)
        preds: list[list[int]] = [[] for _ in range(k)]
        succs: list[list[int]] = [[] for _ in range(k)]
        for u, v, _ in edges:
            succs[local[u]].append(local[v])
            preds[local[v]].append(local[u])
        rank = _ranks(k, preds, succs)
        layers = max(rank) + 1
        # vertices: the nodes, then the dummies of long edges
        vlayer = list(rank)
        up: list[list[int]] = [[] for _ in range(k)]
        down: list[list[int]] = [[] for _ in range(k)]
        chains: list[tuple[int, int, bool, list[int]]] = []
        for u, v, rev in edges:
            a, b = local[u], local[v]
            chain = [a]
            for between in range(rank[a] + 1, rank[b]):
                d = len(vlayer)
                vlayer.append(between)
                up.append([])
                down.append([])
                chain.append(d)
            chain.append(b)
            for x, y in itertools.pairwise(chain):
                down[x].append(y)
                up[y].append(x)
            chains.append((u, v, rev, chain))
        orders = _initial_order(k, vlayer, layers, down)
        pos = [0] * len(vlayer)
        for layer in orders:
            for i, v in enumerate(layer):
                pos[v] = i
        self.crossings = _reduce_crossings(orders, up, down, pos)
        ys = _coordinates(orders, up, down, k)
        top = min(ys[v] - (NODE_H / 2 if v < k else 0) for v in range(len(ys)))
        self.boxes = {nodes[v]: (rank[v] * STEP, round(ys[v] - top - NODE_H / 2))
                      for v in range(k)}
        bottom = max(ys[v] + (NODE_H / 2 if v < k else 0) for v in range(len(ys)))
        self.height = round(bottom - top)
        self.layers = layers
        self.paths: list[tuple[int, int, list[Point]]] = []
        for u, v, rev, chain in chains:
            points: list[Point] = []
            for i, w in enumerate(chain):
                x = vlayer[w] * STEP
                y = round(ys[w] - top)
                if i == 0:
                    points.append((x + NODE_W, y))
                elif i == len(chain) - 1:
                    points.append((x, y))
                else:
                    points += [(x, y), (x + NODE_W, y)]
            if rev:  # drawn from the dependency (laid out on the right) to its dependent
                self.paths.append((v, u, points[::-1]))
            else:
                self.paths.append((u, v, points))


def _ranks(k: int, preds: list[list[int]], succs: list[list[int]]) -> list[int]:
    """Layers that make the edges as short as they can be in all (dot's network simplex,
    from the longest-path layers)."""
    indegree = [len(p) for p in preds]
    order = [v for v in range(k) if not indegree[v]]
    for v in order:  # (the list grows while it is walked: Kahn's topological order)
        for w in succs[v]:
            indegree[w] -= 1
            if not indegree[w]:
                order.append(w)
    rank = [0] * k
    for v in order:
        for w in succs[v]:
            if rank[w] <= rank[v]:
                rank[w] = rank[v] + 1
    for _ in range(k):  # a start nearer the optimum: single nodes moved where shorter
        moved = False
        for v in reversed(order):
            balance = len(succs[v]) - len(preds[v])
            if balance > 0:
                best = min(rank[w] for w in succs[v]) - 1
            elif balance < 0:
                best = max((rank[w] for w in preds[v]), default=-1) + 1
            else:
                continue
            if best != rank[v]:
                rank[v] = best
                moved = True
        if not moved:
            break
    weights: dict[tuple[int, int], int] = {}
    for v in range(k):
        for w in succs[v]:
            weights[v, w] = weights.get((v, w), 0) + 1
    pairs = list(weights)
    _Simplex(k, [a for a, _ in pairs], [b for _, b in pairs], list(weights.values()), rank).run()
    low = min(rank)
    return [r - low for r in rank]


SEARCH_SIZE = 30  # candidates for the leaving edge looked at, as dot (ns.c)


class _Simplex:
    """Network simplex on the layering problem: minimise sum(weight * (rank[head] -
    rank[tail])) with rank[head] - rank[tail] >= 1 (Gansner et al. 1993, section 2.3;
    the incremental updates of Graphviz's ns.c: cut values along one tree path, low/lim
    numbers below the lowest common ancestor, the entering edge searched in one subtree)."""

    def __init__(self, k: int, tails: list[int], heads: list[int], weights: list[int],
                 rank: list[int]) -> None:
        self.k = k
        self.tails, self.heads, self.weights, self.rank = tails, heads, weights, rank
        self.ends = [t ^ h for t, h in zip(tails, heads, strict=True)]  # one end of an edge ^ the other
        self.out: list[list[int]] = [[] for _ in range(k)]
        self.into: list[list[int]] = [[] for _ in range(k)]
        for e, (t, h) in enumerate(zip(tails, heads, strict=True)):
            self.out[t].append(e)
            self.into[h].append(e)
        self.in_tree = [False] * len(tails)
        self.tree: list[list[int]] = [[] for _ in range(k)]  # tree edges at each node
        self.par = [-1] * k  # the tree edge to the parent
        self.low = [-1] * k
        self.lim = [0] * k
        self.cut = [0] * len(tails)
        self.tree_edges: list[int] = []
        self.where: dict[int, int] = {}  # tree edge -> its index in tree_edges

    def slack(self, e: int) -> int:
        return self.rank[self.heads[e]] - self.rank[self.tails[e]] - 1

    def run(self) -> None:
        if self.k < 2:
            return
        self._feasible_tree()
        self._numbers(0, -1, 1)
        self._cut_values()
        start = 0
        for _ in range(20 * self.k + 100):  # (ends far sooner: a bound, not a budget)
            e, start = self._leave(start)
            if e < 0:
                break
            f = self._enter(e)
            self._update(e, f)

    def _feasible_tree(self) -> None:
        """A spanning tree of tight edges (slack 0): grow it over tight edges; when none
        is left, shift the tree by the smallest slack of an edge leaving it."""
        rank, tails, heads = self.rank, self.tails, self.heads
        inside = [False] * self.k
        offset = 0  # added to the rank of every node in the tree
        outgoing: list[tuple[int, int]] = []  # (key, edge): tail inside; slack = key - offset
        incoming: list[tuple[int, int]] = []  # tail outside; slack = key + offset
        count = 0

        def add(root: int) -> None:
            nonlocal count
            stack = [root]
            inside[root] = True
            rank[root] -= offset
            while stack:
                v = stack.pop()
                count += 1
                # (v's rank is kept less the offset; sign: +1 for edges out of v, -1 into it)
                for edges, ends, heap, sign in ((self.out[v], heads, outgoing, 1),
                                                (self.into[v], tails, incoming, -1)):
                    for e in edges:
                        w = ends[e]
                        if inside[w]:
                            continue
                        key = sign * (rank[w] - rank[v]) - 1
                        if key == sign * offset:  # tight: into the tree
                            self._tree_add(e)
                            inside[w] = True
                            rank[w] -= offset
                            stack.append(w)
                        else:
                            heapq.heappush(heap, (key, e))

        add(0)
        while count < self.k:
            while outgoing and inside[heads[outgoing[0][1]]]:
                heapq.heappop(outgoing)
            while incoming and inside[tails[incoming[0][1]]]:
                heapq.heappop(incoming)
            out_slack = outgoing[0][0] - offset if outgoing else None
            in_slack = incoming[0][0] + offset if incoming else None
            if in_slack is None or (out_slack is not None and out_slack <= in_slack):
                assert out_slack is not None
                offset += out_slack  # the tree moves right: the edge leaving it is tight
                e = heapq.heappop(outgoing)[1]
                self._tree_add(e)
                add(heads[e])
            else:
                offset -= in_slack
                e = heapq.heappop(incoming)[1]
                self._tree_add(e)
                add(tails[e])
        for v in range(self.k):
            rank[v] += offset

    def _tree_add(self, e: int) -> None:
        self.in_tree[e] = True
        self.tree[self.tails[e]].append(e)
        self.tree[self.heads[e]].append(e)
        self.where[e] = len(self.tree_edges)
        self.tree_edges.append(e)

    def _other(self, e: int, v: int) -> int:
        return self.ends[e] ^ v

    def _numbers(self, root: int, par: int, low: int) -> int:
        """Postorder numbers (lim) and the lowest number in each subtree (low), for the
        subtree under `root` from `low` on; a subtree whose parent edge and first number
        are unchanged keeps its numbers (ns.c's dfs_range). Returns the next number."""
        parents, lows, lims, tree, ends = self.par, self.low, self.lim, self.tree, self.ends
        if parents[root] == par and lows[root] == low:
            return lims[root] + 1
        parents[root] = par
        lows[root] = low
        counter = low
        stack = [(root, 0)]
        while stack:
            v, i = stack[-1]
            edges = tree[v]
            pe = parents[v]
            while i < len(edges):
                g = edges[i]
                i += 1
                if g == pe:
                    continue
                w = ends[g] ^ v
                if parents[w] == g and lows[w] == counter:
                    counter = lims[w] + 1
                    continue
                parents[w] = g
                lows[w] = counter
                stack[-1] = (v, i)
                stack.append((w, 0))
                break
            else:
                stack.pop()
                lims[v] = counter
                counter += 1
        return counter

    def _invalidate(self, lca: int, v: int) -> None:
        """The nodes on the tree path from v up to lca are numbered anew."""
        while True:
            if self.low[v] == -1:
                return
            self.low[v] = -1
            g = self.par[v]
            if g < 0 or self.lim[v] >= self.lim[lca]:
                return
            t, h = self.tails[g], self.heads[g]
            v = t if self.lim[t] > self.lim[h] else h

    def _cut_values(self) -> None:
        order = sorted(range(self.k), key=self.lim.__getitem__)  # postorder
        for v in order:
            f = self.par[v]
            if f < 0:
                continue
            direction = 1 if self.tails[f] == v else -1
            total = 0
            low, lim = self.low[v], self.lim[v]
            for e in (*self.out[v], *self.into[v]):
                other = self._other(e, v)
                outside = not low <= self.lim[other] <= lim
                if outside:
                    value = self.weights[e]
                else:
                    value = (self.cut[e] if self.in_tree[e] else 0) - self.weights[e]
                if direction > 0:
                    d = 1 if self.heads[e] == v else -1
                else:
                    d = 1 if self.tails[e] == v else -1
                if outside:
                    d = -d
                total += value if d > 0 else -value
            self.cut[f] = total

    def _leave(self, start: int) -> tuple[int, int]:
        """A tree edge with a negative cut value (the most negative of the first few)."""
        best = -1
        found = 0
        edges = self.tree_edges
        n = len(edges)
        for step in range(n):
            i = (start + step) % n
            e = edges[i]
            if self.cut[e] < 0:
                if best < 0 or self.cut[e] < self.cut[best]:
                    best = e
                found += 1
                if found >= SEARCH_SIZE:
                    return best, i
        return best, start

    def _enter(self, e: int) -> int:
        """The non-tree edge of least slack that crosses e's cut the other way."""
        tail, head = self.tails[e], self.heads[e]
        if self.lim[tail] < self.lim[head]:
            v, search_out = tail, False
        else:
            v, search_out = head, True
        low, lim = self.low[v], self.lim[v]
        best, best_slack = -1, 0
        stack = [v]
        while stack:
            x = stack.pop()
            for f in (self.out[x] if search_out else self.into[x]):
                if self.in_tree[f]:
                    continue
                other = self.heads[f] if search_out else self.tails[f]
                if not low <= self.lim[other] <= lim:
                    s = self.slack(f)
                    if best < 0 or s < best_slack:
                        best, best_slack = f, s
            for f in self.tree[x]:
                w = self._other(f, x)
                if self.lim[w] < self.lim[x]:
                    stack.append(w)
        return best

    def _update(self, e: int, f: int) -> None:
        delta = self.slack(f)
        if delta:
            tail, head = self.tails[e], self.heads[e]
            if self.lim[tail] < self.lim[head]:
                self._rerank(tail, delta)
            else:
                self._rerank(head, -delta)
        value = self.cut[e]
        lca = self._tree_update(self.tails[f], self.heads[f], value, True)
        self._tree_update(self.heads[f], self.tails[f], value, False)
        lca_low = self.low[lca]
        self._invalidate(lca, self.tails[f])
        self._invalidate(lca, self.heads[f])
        self.cut[f] = -value
        self.cut[e] = 0
        self.in_tree[e] = False
        self.tree[self.tails[e]].remove(e)
        self.tree[self.heads[e]].remove(e)
        self.in_tree[f] = True
        self.tree[self.tails[f]].append(f)
        self.tree[self.heads[f]].append(f)
        i = self.where.pop(e)
        self.tree_edges[i] = f
        self.where[f] = i
        self._numbers(lca, self.par[lca], lca_low)

    def _rerank(self, v: int, delta: int) -> None:
        """Move the subtree under v (its parent edge is the leaving one) by -delta."""
        stack = [v]
        par = self.par
        while stack:
            x = stack.pop()
            self.rank[x] -= delta
            for g in self.tree[x]:
                if g != par[x]:
                    stack.append(self._other(g, x))

    def _tree_update(self, v: int, w: int, value: int, direction: bool) -> int:
        """Adjust the cut values on the tree path from v up to the common ancestor with w."""
        lim_w = self.lim[w]
        while not self.low[v] <= lim_w <= self.lim[v]:
            g = self.par[v]
            d = direction if v == self.tails[g] else not direction
            self.cut[g] += value if d else -value
            t, h = self.tails[g], self.heads[g]
            v = t if self.lim[t] > self.lim[h] else h
        return v


def _initial_order(k: int, vlayer: list[int], layers: int,
                   down: list[list[int]]) -> list[list[int]]:
    """Each vertex in its layer in the order a depth-first search from the leftmost
    vertices meets it: what hangs together starts together."""
    orders: list[list[int]] = [[] for _ in range(layers)]
    seen = [False] * len(vlayer)
    roots = sorted(range(k), key=lambda v: (vlayer[v], v))
    for root in roots:
        if seen[root]:
            continue
        seen[root] = True
        stack = [root]
        while stack:
            v = stack.pop()
            orders[vlayer[v]].append(v)
            for w in reversed(down[v]):
                if not seen[w]:
                    seen[w] = True
                    stack.append(w)
    return orders


# Rounds of median sweeps (down and up, then transposition). dot sweeps up to 24 times
# one way; on the benchmark graphs rounds past the sixth still remove crossings, but
# few: 1,000 tasks, 6 rounds 1.09 times dot's crossings in 0.45 s, 12 rounds 1.04 in 0.68 s.
ROUNDS = 6
BIG = 20_000  # vertices from which a sweep is not followed by transposition
STALE = 8  # sweeps without a gain of half a percent that end the search (dot's MinQuit)
CONVERGENCE = 0.995
PASSES = 4  # of transposition per round, at most


def _reduce_crossings(orders: list[list[int]], up: list[list[int]], down: list[list[int]],
                      pos: list[int]) -> int:
    best = count_crossings(orders, down, pos)
    kept = [list(layer) for layer in orders]
    vertices = len(pos)
    stale = 0
    for sweep in range(ROUNDS):
        if not best:
            break
        # a round: the median sweep down, then up, then transposition
        for i in range(1, len(orders)):
            _median_sort(orders[i], up, pos)
        for i in range(len(orders) - 2, -1, -1):
            _median_sort(orders[i], down, pos)
        if vertices < BIG:
            _transpose(orders, up, down, pos, ties=sweep % 2 == 1)
        crossings = count_crossings(orders, down, pos)
        if crossings < best:
            stale = 0 if crossings < CONVERGENCE * best else stale + 1
            best = crossings
            kept = [list(layer) for layer in orders]
        else:
            stale += 1
        if stale >= STALE:
            break
    for i, layer in enumerate(kept):
        orders[i] = layer
        for j, v in enumerate(layer):
            pos[v] = j
    return best


def _median_sort(layer: list[int], neighbours: list[list[int]], pos: list[int]) -> None:
    """Sort the layer by the median position of each vertex's neighbours in the layer
    swept from; a vertex without such neighbours keeps its place."""
    movable: list[tuple[float, int, int]] = []
    slots: list[int] = []
    for i, v in enumerate(layer):
        nb = neighbours[v]
        if not nb:
            continue
        if len(nb) == 1:
            key: float = pos[nb[0]]
        else:
            key = _median(sorted([pos[u] for u in nb]))
        movable.append((key, i, v))
        slots.append(i)
    movable.sort()
    for slot, (_, _, v) in zip(slots, movable, strict=True):
        layer[slot] = v
    for i, v in enumerate(layer):
        pos[v] = i


def _crossings_both_ways(a: list[int], b: list[int]) -> tuple[int, int]:
    """For two vertices of a layer whose neighbours in one next layer sit at the sorted
    positions a and b: their edges' crossings with a's vertex left of b's, and right."""
    if not a or not b:
        return 0, 0
    if len(b) == 1:
        y = b[0]
        left = sum(1 for x in a if x > y)
        return left, len(a) - left - a.count(y)
    left = right = 0
    n = len(b)
    for x in a:
        left += bisect.bisect_left(b, x)
        right += n - bisect.bisect_right(b, x)
    return left, right


def _transpose(orders: list[list[int]], up: list[list[int]], down: list[list[int]],
               pos: list[int], ties: bool) -> None:
    """Swap neighbours in a layer while that removes crossings (dot's transpose step;
    with `ties`, also where it keeps as many, to leave a local minimum). A layer is looked
    at again only when it or a layer next to it changed; the positions of each layer's
    neighbours are gathered again only when that next layer changed."""
    count = len(orders)
    dirty = [True] * count
    version = [0] * count  # how often each layer changed
    ups: list[Any] = [None] * count  # per layer: (version of the layer above, positions)
    downs: list[Any] = [None] * count
    for _ in range(PASSES):
        improved = False
        changed = [False] * count
        for r, layer in enumerate(orders):
            if not dirty[r] or len(layer) < 2:
                continue
            above = version[r - 1] if r else -1
            below = version[r + 1] if r + 1 < count else -1
            if ups[r] is None or ups[r][0] != above:
                ups[r] = (above, [sorted([pos[u] for u in up[v]]) for v in layer])
            if downs[r] is None or downs[r][0] != below:
                downs[r] = (below, [sorted([pos[u] for u in down[v]]) for v in layer])
            us, ds = ups[r][1], downs[r][1]
            swaps = 0
            for j in range(len(layer) - 1):
                uv, uw, dv, dw = us[j], us[j + 1], ds[j], ds[j + 1]
                if len(uv) == 1 and len(uw) == 1 and len(dv) == 1 and len(dw) == 1:
                    a, b, c, d = uv[0], uw[0], dv[0], dw[0]
                    now = (a > b) + (c > d)
                    if not now:
                        continue
                    swapped = (b > a) + (d > c)
                else:
                    now_up, swapped_up = _crossings_both_ways(uv, uw)
                    now_down, swapped_down = _crossings_both_ways(dv, dw)
                    now = now_up + now_down
                    if not now:
                        continue
                    swapped = swapped_up + swapped_down
                if swapped < now or (ties and swapped == now):
                    v, w = layer[j], layer[j + 1]
                    layer[j], layer[j + 1] = w, v
                    us[j], us[j + 1] = uw, uv
                    ds[j], ds[j + 1] = dw, dv
                    pos[v], pos[w] = j + 1, j
                    swaps += 1
            if swaps:
                changed[r] = improved = True
                version[r] += 1
        if not improved:
            break
        dirty = [changed[r] or (r > 0 and changed[r - 1]) or (r + 1 < count and changed[r + 1])
                 for r in range(count)]


def _coordinates(orders: list[list[int]], up: list[list[int]], down: list[list[int]],
                 k: int) -> list[float]:
    """Vertical centres: each layer packed, then each vertex pulled towards the mean of
    its neighbours' centres within the separation its layer needs (exact per layer)."""
    n = len(up)
    y = [0.0] * n
    half = [NODE_H / 2 if v < k else 0.0 for v in range(n)]
    gaps: list[list[float]] = []
    for layer in orders:
        g = [half[a] + half[b] + (NODE_GAP if a < k and b < k else DUMMY_GAP)
             for a, b in itertools.pairwise(layer)]
        gaps.append(g)
        at = 0.0
        for i, v in enumerate(layer):
            y[v] = at
            if i < len(g):
                at += g[i]
    weight = [1.0 if v < k else 4.0 for v in range(n)]  # long edges straight first
    passes = [(range(1, len(orders)), up), (range(len(orders) - 2, -1, -1), down)] * 3
    both = [a + b for a, b in zip(up, down, strict=True)]
    passes.append((range(len(orders)), both))
    for sequence, neighbours in passes:
        for i in sequence:
            layer = orders[i]
            targets = []
            for v in layer:
                nb = neighbours[v]
                if nb:
                    targets.append(sum(y[u] * weight[u] for u in nb) / sum(weight[u] for u in nb))
                else:
                    targets.append(y[v])
            placed = _isotonic(targets, [weight[v] for v in layer], gaps[i])
            for v, value in zip(layer, placed, strict=True):
                y[v] = value
    return y


def _isotonic(targets: list[float], weights: list[float], gaps: list[float]) -> list[float]:
    """Positions minimising sum(w * (y - target)^2) with y[i+1] - y[i] >= gaps[i]:
    pool adjacent violators on the targets less the gaps before them."""
    offsets = [0.0]
    for g in gaps:
        offsets.append(offsets[-1] + g)
    blocks: list[list[float]] = []  # [weight, weighted sum, count]
    for t, o, w in zip(targets, offsets, weights, strict=True):
        blocks.append([w, w * (t - o), 1])
        while len(blocks) > 1 and blocks[-2][1] * blocks[-1][0] > blocks[-1][1] * blocks[-2][0]:
            w2, s2, c2 = blocks.pop()
            blocks[-1][0] += w2
            blocks[-1][1] += s2
            blocks[-1][2] += c2
    out: list[float] = []
    for w, s, c in blocks:
        out += [s / w] * int(c)
    return [z + o for z, o in zip(out, offsets, strict=True)]
