#!/usr/bin/env python3
"""The import graph between the rooms of src/ (its top-level folders).

Lists every edge ROOM -> OTHER where a file under src/ROOM/ names `crate::OTHER` in code
(comments and doc comments are skipped: doc links may name any public path), and fails when
the graph has a cycle, or when a room names something through the crate root
(`crate::Drug`) instead of through its room, which would hide an edge.

Usage: scripts/rooms.py [--quiet]
"""

import pathlib
import re
import sys

SRC = pathlib.Path(__file__).resolve().parent.parent / "src"
ROOMS = sorted(p.name for p in SRC.iterdir() if p.is_dir())
# Items defined in src/lib.rs itself, which any room may name.
ROOT_ITEMS = {"recommend"}

PATH = re.compile(r"\bcrate::(\{)?\s*([A-Za-z_][A-Za-z0-9_]*)?")
GROUP = re.compile(r"\bcrate::\{([^;]*?)\};", re.S)


def code_of(text):
    """The text without comments (line comments, doc comments, block comments)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return "\n".join(re.sub(r"//.*", "", line) for line in text.splitlines())


def first_segments(code):
    """The first path segment after every `crate::`, groups `crate::{a::b, c}` expanded."""
    found = []
    for group in GROUP.finditer(code):
        depth, item = 0, ""
        for ch in group.group(1) + ",":
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            if ch == "," and depth == 0:
                name = re.match(r"\s*([A-Za-z_][A-Za-z0-9_]*)", item)
                if name:
                    found.append(name.group(1))
                item = ""
            else:
                item += ch
    code = GROUP.sub("", code)
    for m in PATH.finditer(code):
        if m.group(2):
            found.append(m.group(2))
    return found


def main():
    quiet = "--quiet" in sys.argv[1:]
    edges, errors = {}, []
    for room in ROOMS:
        for path in sorted((SRC / room).rglob("*.rs")):
            for name in first_segments(code_of(path.read_text())):
                if name == room:
                    continue
                if name in ROOMS:
                    edges.setdefault(room, {}).setdefault(name, set()).add(path.relative_to(SRC))
                elif name not in ROOT_ITEMS:
                    errors.append(f"{path.relative_to(SRC)}: `crate::{name}` is not a room")
    if not quiet:
        for room in ROOMS:
            targets = sorted(edges.get(room, {}))
            print(f"{room} -> {', '.join(targets) if targets else '(nothing)'}")
    # A cycle: depth-first search for a back edge.
    state, stack = {}, []

    def visit(room):
        state[room] = "open"
        stack.append(room)
        for other in sorted(edges.get(room, {})):
            if state.get(other) == "open":
                cycle = stack[stack.index(other):] + [other]
                where = sorted(str(p) for p in edges[room][other])
                errors.append("cycle: " + " -> ".join(cycle) + f" (last edge in {', '.join(where)})")
            elif other not in state:
                visit(other)
        stack.pop()
        state[room] = "done"

    for room in ROOMS:
        if room not in state:
            visit(room)
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
