#!/usr/bin/env python3
"""Seeded generator of synthetic alab projects for benchmarks and campaigns.

  gen_project.py --out DIR --tables N [--columns M] [--seed S] [--step K --steps T]

Writes DIR/alab.yaml and DIR/schemas/<ns>/<table>.js: N tables over N/50 namespaces,
about M columns each (every low-level type, enums), one belongs_to per table into an
earlier table (an FK web without unbreakable cycles) and one index per table.

--steps T / --step K describe a history of T schema versions: version K holds the
first ceil(N*K/ceil(T/2)) tables (tables arrive during the first half of the history)
and, in the second half, one extra column per step on a rotating table. Running
`alab new` after writing each version 1..T yields a T-migration history.
"""
import argparse
import math
import os
import random
import shutil

TYPES = [
    lambda r, i: f'col.string({r.choice([50, 100, 255])})',
    lambda r, i: 'col.text()',
    lambda r, i: 'col.integer()',
    lambda r, i: 'col.boolean().default(false)',
    lambda r, i: 'col.decimal(10, 2)',
    lambda r, i: 'col.datetime().optional()',
    lambda r, i: f'col.enum(["a{i}", "b{i}", "c{i}"]).default("a{i}")',
    lambda r, i: 'col.json().optional()',
    lambda r, i: 'col.uuid().optional()',
    lambda r, i: 'col.float().optional()',
    lambda r, i: 'col.date().optional()',
]


def table_names(n):
    namespaces = max(1, n // 50)
    out = []
    for t in range(n):
        out.append((f"ns{t % namespaces}", f"t{t:05d}"))
    return out


def render_table(r, idx, names, columns, extra_cols):
    ns, name = names[idx]
    lines = ["export default table({", "  id: col.id(),"]
    for c in range(columns - 2):
        lines.append(f"  c{c:02d}: {TYPES[(idx + c) % len(TYPES)](r, c)},")
    if idx > 0:
        parent = r.randrange(0, idx)
        pns, pname = names[parent]
        ref = f".{pname}" if pns == ns else f"{pns}.{pname}"
        opt = ".optional()" if r.random() < 0.5 else ""
        lines.append(f'  parent: col.belongs_to("{ref}"){opt},')
    for e in extra_cols:
        lines.append(f"  {e}: col.integer().optional(),")
    lines.append("}).timestamps().index(\"c00\");")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--tables", type=int, required=True)
    ap.add_argument("--columns", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--steps", type=int, default=1)
    ap.add_argument("--step", type=int, default=None)
    ap.add_argument("--dialect", default="sqlite")
    ap.add_argument("--url", default="./app.db")
    a = ap.parse_args()
    step = a.steps if a.step is None else a.step
    names = table_names(a.tables)
    growth_steps = max(1, math.ceil(a.steps / 2))
    visible = min(a.tables, math.ceil(a.tables * min(step, growth_steps) / growth_steps))
    extra = {}
    for s in range(growth_steps + 1, step + 1):
        t = (s * 7919) % visible
        extra.setdefault(t, []).append(f"x{s:04d}")
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "alab.yaml"), "w") as f:
        f.write(f"database:\n  dialect: {a.dialect}\n  url: \"{a.url}\"\nschemas: ./schemas\nmigrations: ./migrations\n")
    shutil.rmtree(os.path.join(a.out, "schemas"), ignore_errors=True)
    for idx in range(visible):
        r = random.Random(a.seed * 1000003 + idx)  # per table: stable across steps
        ns, name = names[idx]
        d = os.path.join(a.out, "schemas", ns)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, name + ".js"), "w") as f:
            f.write(render_table(r, idx, names, a.columns, extra.get(idx, [])))
    os.makedirs(os.path.join(a.out, "migrations"), exist_ok=True)


if __name__ == "__main__":
    main()
