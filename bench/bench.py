#!/usr/bin/env python3
"""alab benchmark: prints a table of figures and writes them to a JSON file.

  bench.py --alab build-release/alab [--quick] [--pg-url URL] [--json out.json]

Every figure is measured in this run, side by side with its floor or peer:
schema evaluation, `alab new` (first and no-change), `alab sql`, export, `alab migrate`
against the sqlite3 shell / psql running the same SQL in the same transactions,
introspection (`alab check` against a migrated database), CLI start-up, and Alembic's
compare_metadata on the same schema when Debian's python3-alembic is installed.
Nothing in the test suite depends on these timings.
"""
import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "gen_project.py")
PY = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
# alab keeps evaluated files in .alab/cache/; "nothing cached" figures run without it.
NO_CACHE = dict(os.environ, ALAB_CACHE="off")


def run(cmd, cwd, env=None, stdin=None, check=True, repeat=1):
    """Runs cmd `repeat` times; returns (best wall seconds, peak RSS MiB, last stdout)."""
    best, peak, out = None, 0.0, b""
    for _ in range(repeat):
        with tempfile.TemporaryFile() as fo, tempfile.TemporaryFile() as fe:
            start = time.perf_counter()
            p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=fo, stderr=fe,
                                 stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL)
            if stdin is not None:
                p.stdin.write(stdin)
                p.stdin.close()
            _, status, ru = os.wait4(p.pid, 0)
            elapsed = time.perf_counter() - start
            p.returncode = os.waitstatus_to_exitcode(status)
            fo.seek(0)
            fe.seek(0)
            o, e = fo.read(), fe.read()
        if check and p.returncode != 0:
            raise SystemExit(f"command failed ({p.returncode}): {' '.join(cmd)}\n{e.decode(errors='replace')[-3000:]}")
        best = elapsed if best is None else min(best, elapsed)
        peak = max(peak, ru.ru_maxrss / 1024.0)
        out = o
    return best, peak, out


class Bench:
    def __init__(self, alab, workdir):
        self.alab = alab
        self.work = workdir
        self.rows = []

    def record(self, name, seconds, peak_mib=None, per=None, floor=None, note=""):
        row = {"name": name, "seconds": round(seconds, 4)}
        if peak_mib is not None:
            row["peak_mib"] = round(peak_mib, 1)
        if per:
            row["us_per_table"] = round(seconds / per * 1e6, 1)
        if floor is not None:
            row["floor_seconds"] = round(floor, 4)
            row["ratio"] = round(seconds / floor, 2) if floor > 0 else None
        if note:
            row["note"] = note
        self.rows.append(row)
        extra = ""
        if "ratio" in row:
            extra = f"  floor {row['floor_seconds']:.3f}s  ratio {row['ratio']}x"
        mem = f"  {row['peak_mib']:.0f} MiB" if "peak_mib" in row else ""
        pt = f"  {row['us_per_table']:.0f} us/table" if per else ""
        print(f"{name:<66} {seconds:9.3f}s{pt}{mem}{extra}{('  ' + note) if note else ''}", flush=True)

    def project(self, name, tables, **kw):
        d = os.path.join(self.work, name)
        args = [PY, GEN, "--out", d, "--tables", str(tables)]
        for k, v in kw.items():
            args += [f"--{k}", str(v)]
        subprocess.run(args, check=True)
        return d


def bench_generation(b, sizes, repeat):
    for n in sizes:
        d = b.project(f"gen{n}", n)
        t, m, _ = run([b.alab, "schema", "-f", "json"], d, repeat=repeat, env=NO_CACHE)
        b.record(f"schema eval+validate, {n} tables", t, m, per=n)
        # First generation with nothing cached (a fresh checkout): every file is evaluated.
        # Best of `repeat`, like the other figures: the generated file is removed between runs.
        best, m = None, 0.0
        for k in range(repeat):
            if k > 0:
                for f in os.listdir(os.path.join(d, "migrations")):
                    os.remove(os.path.join(d, "migrations", f))
                if os.path.exists(os.path.join(d, "alab.lock")):
                    os.remove(os.path.join(d, "alab.lock"))
            t, mm, _ = run([b.alab, "new", "initial", "--yes"], d, env=NO_CACHE)
            best, m = (t if best is None else min(best, t)), max(m, mm)
        b.record(f"alab new (first, nothing cached), {n} tables", best, m, per=n)
        t, m, _ = run([b.alab, "new", "again", "--yes"], d, repeat=repeat, env=NO_CACHE)
        b.record(f"alab new (no change, nothing cached), {n} tables", t, m, per=n)
        run([b.alab, "schema", "-f", "json"], d)  # fills the cache
        t, m, _ = run([b.alab, "new", "again", "--yes"], d, repeat=repeat)
        b.record(f"alab new (no change, cache warm), {n} tables", t, m, per=n)
        t, m, _ = run([b.alab, "sql"], d, repeat=repeat)
        b.record(f"alab sql, {n} tables", t, m, per=n)
        out = os.path.join(d, "exports")
        t, m, _ = run([b.alab, "export", "-f", "all", "--dir", out], d, repeat=repeat)
        b.record(f"alab export -f all, {n} tables", t, m, per=n)


def build_history(b, name, tables, steps, dialect="sqlite", url="./app.db"):
    d = os.path.join(b.work, name)
    for s in range(1, steps + 1):
        subprocess.run([PY, GEN, "--out", d, "--tables", str(tables), "--steps", str(steps), "--step", str(s),
                        "--dialect", dialect, "--url", url], check=True)
        run([b.alab, "new", f"step_{s}", "--yes"], d)
    return d


def bench_new_with_history(b, tables, steps, repeat):
    """`alab new` with no changes on a project whose history has `steps` migrations."""
    d = build_history(b, f"newhist{tables}", tables, steps)
    nmig = len([f for f in os.listdir(os.path.join(d, "migrations")) if f.endswith(".js")])
    t, m, _ = run([b.alab, "new", "again", "--yes"], d, repeat=repeat, env=NO_CACHE)
    b.record(f"alab new (no change, nothing cached), {tables} tables, {nmig}-migration history", t, m, per=tables)
    run([b.alab, "new", "again", "--yes"], d)  # fills the cache, as the history's own `new` runs did
    t, m, _ = run([b.alab, "new", "again", "--yes"], d, repeat=repeat)
    b.record(f"alab new (no change, cache warm), {tables} tables, {nmig}-migration history", t, m, per=tables)


def split_sql_per_dialect(b, d, dialect):
    _, _, out = run([b.alab, "sql", "--dialect", dialect], d)
    return out


def bench_migrate(b, tables, steps, pg_url, repeat):
    d = build_history(b, "history", tables, steps)
    nmig = len([f for f in os.listdir(os.path.join(d, "migrations")) if f.endswith(".js")])
    # SQLite: alab migrate vs the sqlite3 shell on the same SQL and transactions.
    sql = split_sql_per_dialect(b, d, "sqlite")
    nstmt = sql.count(b";\n")
    best_alab = best_floor = None
    for _ in range(repeat):
        for f in ("app.db", "app.db-wal", "app.db-shm", "floor.db"):
            if os.path.exists(os.path.join(d, f)):
                os.remove(os.path.join(d, f))
        t, m, _ = run([b.alab, "migrate", "--force"], d)
        best_alab = t if best_alab is None else min(best_alab, t)
        tf, _, _ = run(["sqlite3", "floor.db"], d, stdin=b"PRAGMA journal_mode=WAL;\nPRAGMA foreign_keys=ON;\n" + sql)
        best_floor = tf if best_floor is None else min(best_floor, tf)
    b.record(f"alab migrate, {nmig} migrations ({nstmt} stmts), SQLite", best_alab, m, floor=best_floor,
             note="floor: sqlite3 shell")
    if pg_url:
        pg_sql = split_sql_per_dialect(b, d, "postgres")
        best_alab = best_floor = None
        for i in range(repeat):
            db_a, db_f = f"bench_a_{os.getpid()}_{i}", f"bench_f_{os.getpid()}_{i}"
            for db in (db_a, db_f):
                subprocess.run(["psql", pg_url, "-qc", f"DROP DATABASE IF EXISTS {db}"], check=True)
                subprocess.run(["psql", pg_url, "-qc", f"CREATE DATABASE {db}"], check=True)
            url_a = swap_db(pg_url, db_a)
            url_f = swap_db(pg_url, db_f)
            t, m, _ = run([b.alab, "migrate", "--force", "--database-url", url_a], d)
            best_alab = t if best_alab is None else min(best_alab, t)
            tf, _, _ = run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url_f], d, stdin=pg_sql)
            best_floor = tf if best_floor is None else min(best_floor, tf)
        b.record(f"alab migrate, {nmig} migrations ({nstmt} stmts), PostgreSQL", best_alab, m, floor=best_floor,
                 note="floor: psql")
    return d


def swap_db(url, name):
    q = url.find("?")
    slash = url.rfind("/", 0, q if q >= 0 else len(url))
    return url[:slash + 1] + name + (url[q:] if q >= 0 else "")


def sqlalchemy_metadata(schema_json):
    import sqlalchemy as sa
    md = sa.MetaData()
    types = {"uuid": sa.String(36), "text": sa.Text(), "integer": sa.Integer(), "float": sa.Float(),
             "boolean": sa.Boolean(), "date": sa.Date(), "time": sa.Time(), "datetime": sa.DateTime(timezone=True),
             "json": sa.JSON(), "base64": sa.LargeBinary(), "enum": sa.Text()}
    for t in schema_json["tables"]:
        cols = []
        for c in t["columns"]:
            ty = c["type"]
            if ty == "string":
                st = sa.String(c.get("length", 255))
            elif ty == "decimal":
                st = sa.Numeric(c.get("precision", 10), c.get("scale", 2))
            else:
                st = types.get(ty, sa.Text())
            cols.append(sa.Column(c["name"], st, primary_key=c.get("primary_key", False), nullable=c["nullable"]))
        for fk in t.get("foreign_keys", []):
            ref = fk["ref_table"].replace(".", "_")
            for col in cols:
                if col.name == fk["columns"][0]:
                    col.append_foreign_key(sa.ForeignKey(f"{ref}.{fk['ref_columns'][0]}", name=fk["name"]))
        args = list(cols)
        for ix in t.get("indexes", []):
            args.append(sa.Index(ix["name"], *ix["columns"], unique=ix.get("unique", False)))
        sa.Table(t["sql_name"], md, *args)
    return md


def alembic_compare(url, schema_json):
    import sqlalchemy as sa
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    md = sqlalchemy_metadata(schema_json)
    eng = sa.create_engine(url)
    start = time.perf_counter()
    with eng.connect() as conn:
        compare_metadata(MigrationContext.configure(conn), md)
    return time.perf_counter() - start


def bench_introspection(b, tables, pg_url, repeat):
    d = b.project("inspect", tables)
    run([b.alab, "new", "initial", "--yes"], d)
    run([b.alab, "migrate", "--force"], d)
    t, m, _ = run([b.alab, "check"], d, repeat=repeat)
    b.record(f"alab check (eval+replay+introspect), {tables} tables, SQLite", t, m, per=tables)
    bench_pull(b, "sqlite", os.path.join(d, "app.db"), tables, repeat)
    _, _, sj = run([b.alab, "schema", "-f", "json"], d)
    schema_json = json.loads(sj)
    have_alembic = alembic_available()
    if have_alembic:
        ta = alembic_compare("sqlite:///" + os.path.join(d, "app.db"), schema_json)
        b.record(f"Alembic compare_metadata, {tables} tables, SQLite", ta, note=f"{ta / t:.1f}x the time of alab check")
    if pg_url:
        db = f"bench_i_{os.getpid()}"
        subprocess.run(["psql", pg_url, "-qc", f"DROP DATABASE IF EXISTS {db}"], check=True)
        subprocess.run(["psql", pg_url, "-qc", f"CREATE DATABASE {db}"], check=True)
        url = swap_db(pg_url, db)
        run([b.alab, "migrate", "--force", "--database-url", url], d)
        t, m, _ = run([b.alab, "check", "--database-url", url], d, repeat=repeat)
        b.record(f"alab check (eval+replay+introspect), {tables} tables, PostgreSQL", t, m, per=tables)
        bench_pull(b, "postgres", url, tables, repeat)
        if have_alembic:
            try:
                ta = alembic_compare(pg_sqlalchemy_url(url), schema_json)
                b.record(f"Alembic compare_metadata, {tables} tables, PostgreSQL", ta,
                         note=f"{ta / t:.1f}x the time of alab check")
            except Exception as e:  # noqa: BLE001 - report, keep benchmarking
                b.record("Alembic compare_metadata, PostgreSQL", 0, note=f"skipped: {e}")
    if not have_alembic:
        print("  (Alembic comparison skipped: Debian's alembic/python3-alembic not installed)")


def bench_pull(b, dialect, url, tables, repeat):
    """Introspection with no JavaScript: `alab pull` of the database into an empty project
    (read the catalog, build the IR, write one schema file per table)."""
    d = os.path.join(b.work, f"pull_{dialect}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "alab.yaml"), "w") as f:
        f.write(f"database:\n  dialect: {dialect}\n  url: {url}\n")
    best, m = None, 0.0
    for _ in range(repeat):  # into an empty project each time: catalog -> IR -> files, no JavaScript
        shutil.rmtree(os.path.join(d, "schemas"), ignore_errors=True)
        shutil.rmtree(os.path.join(d, ".alab"), ignore_errors=True)
        t, mm, _ = run([b.alab, "pull", "--namespace-by-prefix"], d)
        best, m = (t if best is None else min(best, t)), max(m, mm)
    t = best
    name = "SQLite" if dialect == "sqlite" else "PostgreSQL"
    b.record(f"alab pull (introspect, no JS), {tables} tables, {name}", t, m, per=tables)


def load_large_postgres(groups):
    """The hand-written schema of testdata/adopt_corpus (scripts/gen_adopt_corpus.py), 10 tables
    a group."""
    import importlib.util
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location("gen", os.path.join(here, "..", "scripts", "gen_adopt_corpus.py"))
    src = open(spec.origin).read()
    ns = {}
    # Only the generator functions: the module's top level writes the corpus files.
    exec(src[src.index("def large_postgres"):src.index("def large_sqlite")], ns)  # noqa: S102
    return ns["large_postgres"](groups)


def sqlalchemy_reflect(url):
    import sqlalchemy as sa
    engine = sa.create_engine(pg_sqlalchemy_url(url))
    t0 = time.perf_counter()
    md = sa.MetaData()
    md.reflect(bind=engine)
    t = time.perf_counter() - t0
    engine.dispose()
    return t, len(md.tables)


def new_pg_db(pg_url, name, sql):
    subprocess.run(["psql", pg_url, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", pg_url, "-qc", f"CREATE DATABASE {name}"], check=True)
    url = swap_db(pg_url, name)
    subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1"], input=sql.encode(), check=True)
    return url


def bench_adopt(b, pg_url, quick, repeat):
    """Adopting a hand-written database: `alab pull` of the 310-table schema, and `alab diff`
    between two 1,000-table databases, each with SQLAlchemy's MetaData.reflect on the same
    databases in the same run."""
    if not pg_url:
        print("  (adoption figures skipped: no PostgreSQL server)")
        return
    small, large = (3, 10) if quick else (31, 100)
    url = new_pg_db(pg_url, f"bench_adopt_{os.getpid()}", load_large_postgres(small))
    d = os.path.join(b.work, "adopt")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "alab.yaml"), "w") as f:
        f.write(f"database:\n  dialect: postgres\n  url: {url}\n")
    best, m = None, 0.0
    for _ in range(repeat):
        shutil.rmtree(os.path.join(d, "schemas"), ignore_errors=True)
        t, mm, _ = run([b.alab, "pull"], d)
        best, m = (t if best is None else min(best, t)), max(m, mm)
    tables = small * 10
    have_sa = alembic_available()
    note = ""
    if have_sa:
        tr = min(sqlalchemy_reflect(url)[0] for _ in range(repeat))
        note = f"SQLAlchemy MetaData.reflect {tr:.3f} s: {tr / best:.1f}x the time of alab pull"
    b.record(f"alab pull of a hand-written schema, {tables} tables, PostgreSQL", best, m, per=tables, note=note)
    sql = load_large_postgres(large)
    u1 = new_pg_db(pg_url, f"bench_adopt_a_{os.getpid()}", sql)
    # The second database differs a little: a column, an index and a check more in 1 group in 10.
    extra = "".join(f"ALTER TABLE shop{g}_item ADD COLUMN color text; CREATE INDEX metric{g}_name ON metric{g} (name); "
                    f"ALTER TABLE tree{g} ADD CONSTRAINT tree{g}_label CHECK (label <> '');\n" for g in range(0, large, 10))
    u2 = new_pg_db(pg_url, f"bench_adopt_b_{os.getpid()}", sql + extra)
    t, m, _ = run([b.alab, "diff", "--from", u1, "--to", u2], d, repeat=repeat)
    note = ""
    if have_sa:
        tr = min(sqlalchemy_reflect(u1)[0] + sqlalchemy_reflect(u2)[0] for _ in range(repeat))
        note = f"SQLAlchemy reflect of both {tr:.3f} s: {tr / t:.1f}x the time of alab diff"
    b.record(f"alab diff between two {large * 10}-table PostgreSQL databases", t, m, per=large * 10, note=note)


def pg_sqlalchemy_url(url):
    # postgresql://postgres@/db?host=/sock&port=5432 works for psycopg2 as is.
    return url.replace("postgresql://", "postgresql+psycopg2://", 1)


def alembic_available():
    try:
        import alembic  # noqa: F401
        import sqlalchemy  # noqa: F401
        return True
    except ImportError:
        return False


def bench_startup(b, repeat):
    d = os.path.join(b.work, "demo")
    os.makedirs(d, exist_ok=True)
    run([b.alab, "init", "--demo"], d)
    run([b.alab, "new", "initial", "--yes"], d)
    run([b.alab, "migrate", "--force"], d)
    t, m, _ = run([b.alab, "--version"], d, repeat=max(repeat, 5))
    b.record("alab --version", t, m)
    t, m, _ = run([b.alab, "status"], d, repeat=max(repeat, 5), check=False)
    b.record("alab status (demo)", t, m)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--alab", required=True)
    ap.add_argument("--quick", action="store_true", help="small sizes (CI smoke run)")
    ap.add_argument("--pg-url", default=os.environ.get("ALAB_TEST_PG_URL", ""))
    ap.add_argument("--json", default="bench/out/bench.json")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--only", default="", help="comma list of: startup,generation,history,migrate,introspection,adopt")
    a = ap.parse_args()
    alab = os.path.abspath(a.alab)
    sizes = [20, 100] if a.quick else [100, 1000, 5000]
    repeat = 1 if a.quick else 3
    os.environ.setdefault("PGOPTIONS", "-c client_min_messages=warning")
    work = tempfile.mkdtemp(prefix="alab-bench-")
    if os.geteuid() == 0:
        os.chmod(work, 0o755)
    b = Bench(alab, work)
    print(f"alab benchmark on {platform.node()}: {os.cpu_count()} cores, {platform.platform()}")
    print(f"{'figure':<66} {'time':>10}")
    only = set(filter(None, a.only.split(",")))
    want = lambda part: not only or part in only  # noqa: E731
    try:
        if want("startup"):
            bench_startup(b, repeat)
        if want("generation"):
            bench_generation(b, sizes, repeat)
        if want("history"):
            bench_new_with_history(b, 100 if a.quick else 1000, 20 if a.quick else 200, repeat)
        if want("migrate"):
            bench_migrate(b, 20 if a.quick else 250, 10 if a.quick else 500, a.pg_url, repeat)
        if want("introspection"):
            bench_introspection(b, 100 if a.quick else 1000, a.pg_url, repeat)
        if want("adopt"):
            bench_adopt(b, a.pg_url, a.quick, repeat)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.dirname(os.path.abspath(a.json)), exist_ok=True)
    with open(a.json, "w") as f:
        json.dump({"machine": {"node": platform.node(), "cores": os.cpu_count(), "platform": platform.platform()},
                   "quick": a.quick, "figures": b.rows}, f, indent=2)
    print(f"figures written to {a.json}")


if __name__ == "__main__":
    main()
