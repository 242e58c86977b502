#!/usr/bin/env python3
"""The layout rules of docs/ARCHITECTURE.md, checked from the sources.

- core/'s rooms (its folders) include each other without a cycle: a room's files may include
  a lower room's headers, never one above it;
- core/ keeps at most 10 files at its top level;
- no tracked C++ source file is longer than 500 lines.

Prints the rooms in dependency order (lowest first), or each rule broken; exits 1 on a break.
Usage: scripts/check_rooms.py [--graph]   (--graph: every room's includes, for the docs)
"""
import collections
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
INCLUDE = re.compile(r'^\s*#\s*include\s+"core/([^"]+)"', re.M)
MAX_LINES = 500
MAX_TOP_FILES = 10


def room_of(path_in_core: str) -> str:
    parts = path_in_core.split("/")
    return parts[0] if len(parts) > 1 else "(top)"


def tracked(pattern: str):
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", pattern], cwd=ROOT, capture_output=True, text=True, check=True)
    return [line for line in out.stdout.splitlines() if line]


def room_edges():
    """{room: {included room: [example 'file -> header']}}"""
    edges = collections.defaultdict(dict)
    for rel in tracked("core/*"):
        if not rel.endswith((".h", ".cpp")):
            continue
        src_room = room_of(rel[len("core/"):])
        for target in INCLUDE.findall((ROOT / rel).read_text(encoding="utf-8")):
            dst_room = room_of(target)
            if dst_room != src_room:
                edges[src_room].setdefault(dst_room, []).append(f"{rel} -> core/{target}")
    return edges


def cycles(edges):
    """Strongly connected components of more than one room (Tarjan)."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], [0]
    rooms = set(edges) | {r for targets in edges.values() for r in targets}

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(rooms):
        if v not in index:
            visit(v)
    return found


def order(edges):
    """Rooms lowest first (each after every room it includes)."""
    rooms = sorted(set(edges) | {r for targets in edges.values() for r in targets})
    done, out = set(), []

    def place(v):
        if v in done:
            return
        done.add(v)
        for w in sorted(edges.get(v, {})):
            place(w)
        out.append(v)

    for v in rooms:
        place(v)
    return out


def main():
    problems = []
    edges = room_edges()
    for component in cycles(edges):
        problems.append("include cycle between rooms " + ", ".join(component) + ":")
        for a in component:
            for b in component:
                for example in edges.get(a, {}).get(b, [])[:3]:
                    problems.append("    " + example)
    top = [p for p in (ROOT / "core").iterdir() if p.is_file()]
    if len(top) > MAX_TOP_FILES:
        problems.append(f"core/ holds {len(top)} files at its top level (at most {MAX_TOP_FILES})")
    for rel in tracked("*.cpp") + tracked("*.h"):
        lines = (ROOT / rel).read_text(encoding="utf-8").count("\n")
        if lines > MAX_LINES:
            problems.append(f"{rel}: {lines} lines (at most {MAX_LINES})")
    if "--graph" in sys.argv:
        for room in order(edges):
            print(f"{room}: {', '.join(sorted(edges.get(room, {}))) or '-'}")
    if problems:
        print("rooms: " + "\n".join(problems), file=sys.stderr)
        return 1
    print("rooms: no include cycle between core's rooms, lowest first: " + " < ".join(order(edges)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
