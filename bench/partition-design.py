#!/usr/bin/env python3
# bench/partition-design.py: what each way of partitioning the archive by
# time costs in SQLite: one file with tables per day, or a file per day
# ATTACHed when a query needs it.  usage: partition-design.py [rows-per-day]
import os, random, shutil, sqlite3, sys, tempfile, time

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
work = tempfile.mkdtemp(prefix="vigil-part-", dir=os.environ.get("BENCH_DIR"))
DAY = 86400 * 1000000

def ddl(t):
    return (f"CREATE TABLE gate_event_{t} (id INTEGER PRIMARY KEY, t INTEGER NOT NULL,"
            " gate INTEGER NOT NULL, person TEXT, credential INTEGER NOT NULL, card TEXT,"
            " plate TEXT, direction INTEGER NOT NULL, result INTEGER, score REAL,"
            " source INTEGER NOT NULL, line INTEGER NOT NULL);"
            f"CREATE TABLE sighting_{t} (id INTEGER PRIMARY KEY, camera INTEGER NOT NULL,"
            " track TEXT NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL, kind INTEGER,"
            " person TEXT, score REAL, plate TEXT, upper INTEGER, lower INTEGER, attrs TEXT,"
            " x REAL, y REAL, w REAL, h REAL, embedding BLOB, source INTEGER NOT NULL,"
            " line INTEGER NOT NULL);"
            f"CREATE UNIQUE INDEX sighting_{t}_track ON sighting_{t}(camera, track, source);")

def idx(t):
    return (f"CREATE INDEX gate_event_{t}_gate_t ON gate_event_{t}(gate, t);"
            f"CREATE INDEX gate_event_{t}_person_t ON gate_event_{t}(person, t) WHERE person IS NOT NULL;"
            f"CREATE INDEX gate_event_{t}_card_t ON gate_event_{t}(card, t) WHERE card IS NOT NULL;"
            f"CREATE INDEX gate_event_{t}_plate_t ON gate_event_{t}(plate, t) WHERE plate IS NOT NULL;"
            f"CREATE INDEX sighting_{t}_camera_first ON sighting_{t}(camera, first);"
            f"CREATE INDEX sighting_{t}_person_first ON sighting_{t}(person, first) WHERE person IS NOT NULL;"
            f"CREATE INDEX sighting_{t}_plate_first ON sighting_{t}(plate, first) WHERE plate IS NOT NULL;")

def rows(day, n):
    r = random.Random(day)
    t0 = day * DAY
    for i in range(n):
        p = r.randrange(180000)
        yield (t0 + i * (DAY // n), r.randrange(200), "P%07d" % p, 1,
               "%08d" % p if r.random() < .3 else None, None, 1, 1, .9, 1, i + 2)

def load(db, t, day, n):
    c = time.process_time()
    db.execute("BEGIN")
    db.executescript(ddl(t).replace("CREATE", "CREATE") ) if False else None
    for s in ddl(t).split(";"):
        if s.strip(): db.execute(s)
    db.executemany(f"INSERT INTO gate_event_{t} (t, gate, person, credential, card, plate,"
                   " direction, result, score, source, line) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                   rows(day, n))
    for s in idx(t).split(";"):
        if s.strip(): db.execute(s)
    db.execute("COMMIT")
    return time.process_time() - c

def opened(path, n=20):
    best = 1e9
    for _ in range(n):
        s = time.perf_counter()
        db = sqlite3.connect(path)
        db.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'x'").fetchall()
        db.close()
        best = min(best, time.perf_counter() - s)
    return best

print(f"rows per day {ROWS}; sqlite {sqlite3.sqlite_version}; in {work}")
# 1. tables per day in one file: the load of a fresh day as the file grows
one = os.path.join(work, "one.db")
db = sqlite3.connect(one, isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
for d in range(4):
    print(f"one file, day {d + 1} loaded into a fresh table: {ROWS / load(db, f'd{d}', d, ROWS):,.0f} rows/CPU-s")
# the same day in a file of its own
f = os.path.join(work, "day.db")
dd = sqlite3.connect(f, isolation_level=None)
dd.execute("PRAGMA journal_mode = WAL")
print(f"file of its own, day loaded:               {ROWS / load(dd, 'd9', 9, ROWS):,.0f} rows/CPU-s")
dd.close()
# 2. schema parse when the file holds many days' tables (empty ones added)
for n in (0, 30, 90, 365):
    p = os.path.join(work, f"schema{n}.db")
    s = sqlite3.connect(p, isolation_level=None)
    for d in range(n):
        s.executescript(ddl(f"e{d}") + idx(f"e{d}"))
    s.close()
    print(f"open + schema parse, {n:3d} days ({10 * n} objects): {opened(p) * 1000:.2f} ms")
# 3. ATTACH a day's file: per file
for k in (1, 9):
    paths = []
    for i in range(k):
        q = os.path.join(work, f"att{i}.db")
        shutil.copy(f, q)
        paths.append(q)
    best = 1e9
    for _ in range(20):
        m = sqlite3.connect(":memory:", isolation_level=None)
        s = time.perf_counter()
        for i, q in enumerate(paths):
            m.execute(f"ATTACH '{q}' AS a{i}")
        m.execute(f"SELECT count(*) FROM a0.sqlite_schema").fetchall()
        for i in range(k):
            m.execute(f"SELECT 1 FROM a{i}.gate_event_d9 LIMIT 1").fetchall()
            m.execute(f"DETACH a{i}")
        best = min(best, time.perf_counter() - s)
        m.close()
    print(f"ATTACH, first read, DETACH of {k} day file(s): {best * 1000:.2f} ms ({best * 1000 / k:.2f} ms a file)")
try:
    m = sqlite3.connect(":memory:")
    for i in range(11):
        m.execute(f"ATTACH '{os.path.join(work, f'x{i}.db')}' AS x{i}")
except sqlite3.Error as e:
    print(f"ATTACH of an 11th file: {e}")
# 4. retention: DROP TABLE of a day in one file, against unlinking its file
s = time.perf_counter(); c = time.process_time()
db.execute("BEGIN"); db.execute("DROP TABLE gate_event_d0"); db.execute("DROP TABLE sighting_d0"); db.execute("COMMIT")
print(f"DROP TABLE of a day ({ROWS} rows): {time.perf_counter() - s:.2f} s wall, {time.process_time() - c:.2f} s CPU")
s = time.perf_counter(); os.unlink(os.path.join(work, "att0.db"))
print(f"unlink of a day's file: {(time.perf_counter() - s) * 1000:.2f} ms")
sz = os.path.getsize(one)
print(f"one file: {sz / 1e6:.0f} MB, of it free after the drop: {db.execute('PRAGMA freelist_count').fetchone()[0] * 4096 / 1e6:.0f} MB (reused by the next import)")
# 5. a day loaded into the freed pages
print(f"one file, day 5 into the freed pages:      {ROWS / load(db, 'd5', 5, ROWS):,.0f} rows/CPU-s, file {os.path.getsize(one) / 1e6:.0f} MB")
db.close()
shutil.rmtree(work)
