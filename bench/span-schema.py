#!/usr/bin/env python3
# bench/span-schema.py: a vigil archive's gate events loaded again into
# span tables of other shapes, in SQL alone (the library vigil-import
# uses, through Python's sqlite3), each variant in a fresh process, the
# variants in turn: the CPU of inserting the rows, building the indexes
# (under vigil's sorting settings, or others), and the commit with its
# checkpoint, medians; and the file's size.
# usage: bench/span-schema.py archive [runs [variant ...]]
#        (work files in $BENCH_DIR or /tmp/vigil-bench/span-schema;
#        variants: now merged c512 thr0 gtclust gtclust_sorted tclust
#        shell4 noix, and one-span ones: one one512 one512t0 one_merged512)
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import time

WORK = os.path.join(os.environ.get("BENCH_DIR", "/tmp/vigil-bench"),
                    "span-schema")
COLS = ("id, t, gate, person, credential, card, plate, direction, result,"
        " score, source, line")
ROWID = ("CREATE TABLE gate_event@ (id INTEGER PRIMARY KEY,"
         " t INTEGER NOT NULL, gate INTEGER NOT NULL, person TEXT,"
         " credential INTEGER NOT NULL, card TEXT, plate TEXT,"
         " direction INTEGER NOT NULL, result INTEGER, score REAL,"
         " source INTEGER NOT NULL, line INTEGER NOT NULL)")


def clustered(pk):
    """The span's table without a rowid, clustered on pk."""
    return (ROWID.replace("id INTEGER PRIMARY KEY", "id INTEGER NOT NULL")
            [:-1] + ", PRIMARY KEY (%s)) WITHOUT ROWID" % pk)


# the span's indexes (archive-sqlite.c, span_index1 and span_index)
IX = {
    "gate_t": "CREATE INDEX gate_event@_gate_t ON gate_event@(gate, t)",
    "person_t": "CREATE INDEX gate_event@_person_t ON gate_event@(person,"
                " t) WHERE person IS NOT NULL",
    "card_t": "CREATE INDEX gate_event@_card_t ON gate_event@(card, t)"
              " WHERE card IS NOT NULL",
    "plate_t": "CREATE INDEX gate_event@_plate_t ON gate_event@(plate, t)"
               " WHERE plate IS NOT NULL",
    "pp": "CREATE INDEX gate_event@_passage_person ON gate_event@(person,"
          " t, gate) WHERE person IS NOT NULL AND result = 1 AND"
          " direction IN (1, 2)",
    "pc": "CREATE INDEX gate_event@_passage_card ON gate_event@(card, t,"
          " gate) WHERE card IS NOT NULL AND person IS NULL AND"
          " result = 1 AND direction IN (1, 2)",
    "refused": "CREATE INDEX gate_event@_refused ON gate_event@(gate, t)"
               " WHERE result IS NOT 1",
    # person_t and passage_person as one index
    "person_m": "CREATE INDEX gate_event@_person_t ON gate_event@(person,"
                " t, gate, result, direction) WHERE person IS NOT NULL",
}
SEVEN = ["gate_t", "person_t", "card_t", "plate_t", "pp", "pc", "refused"]
MERGED = ["gate_t", "person_m", "card_t", "plate_t", "pc", "refused"]
VARIANTS = {
    "now": dict(ix=SEVEN),
    "merged": dict(ix=MERGED),
    "c512": dict(ix=SEVEN, sortcache=-512),
    "thr0": dict(ix=SEVEN, threads=0),
    "gtclust": dict(table=clustered("gate, t, id"), ix=SEVEN[1:]),
    "gtclust_sorted": dict(table=clustered("gate, t, id"), ix=SEVEN[1:],
                           order="gate, t, id"),
    "tclust": dict(table=clustered("t, gate, id"), ix=SEVEN),
    "shell4": dict(ix=SEVEN[:4]),
    "noix": dict(ix=[]),
    "one": dict(ix=SEVEN, one=True),
    "one512": dict(ix=SEVEN, one=True, sortcache=-512),
    "one512t0": dict(ix=SEVEN, one=True, sortcache=-512, threads=0),
    "one_merged512": dict(ix=MERGED, one=True, sortcache=-512),
}


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def stage(archive):
    """The archive's gate events, a table a span, in their ids' order."""
    path = os.path.join(WORK, "stage.db")
    if os.path.exists(path):
        return path
    s = sqlite3.connect(path)
    s.execute("ATTACH ? AS v", (archive,))
    for (suf,) in s.execute("SELECT suffix FROM v.span ORDER BY id")\
            .fetchall():
        s.execute("CREATE TABLE g%s AS SELECT %s FROM v.gate_event%s"
                  " ORDER BY id" % (suf, COLS, suf))
    s.commit()
    s.close()
    return path


def run(name, staged):
    """One variant: CPU ms of the three phases and the file's bytes."""
    v = VARIANTS[name]
    db = os.path.join(WORK, "x.db")
    for f in (db, db + "-wal", db + "-shm"):
        if os.path.exists(f):
            os.unlink(f)
    c = sqlite3.connect(db, isolation_level=None)
    c.execute("PRAGMA journal_mode = WAL")
    c.execute("PRAGMA synchronous = NORMAL")
    c.execute("PRAGMA cache_size = -262144")
    c.execute("ATTACH ? AS s", (staged,))
    names = [r[0] for r in c.execute("SELECT name FROM s.sqlite_schema"
                                     " WHERE type = 'table' ORDER BY name")]
    table = v.get("table", ROWID)
    c0 = cpu()
    c.execute("BEGIN IMMEDIATE")
    if v.get("one"):	# every row in one span, as a campus day
        c.execute(table.replace("@", "_one"))
        for n in names:
            c.execute("INSERT INTO gate_event_one (%s) SELECT %s FROM s.%s"
                      " ORDER BY id" % (COLS, COLS, n))
        sufs = ["_one"]
    else:
        sufs = [n[1:] for n in names]
        for suf in sufs:
            c.execute(table.replace("@", suf))
            c.execute("INSERT INTO gate_event%s (%s) SELECT %s FROM s.g%s"
                      " ORDER BY %s" % (suf, COLS, COLS, suf,
                                        v.get("order", "id")))
    c1 = cpu()
    # vigil's sorting(ar, 1), or the variant's
    c.execute("PRAGMA cache_spill = -262144")
    c.execute("PRAGMA cache_size = %d" % v.get("sortcache", -65536))
    c.execute("PRAGMA threads = %d" % v.get("threads", 2))
    for suf in sufs:
        for k in v["ix"]:
            c.execute(IX[k].replace("@", suf))
    c.execute("PRAGMA cache_size = -262144")
    c.execute("PRAGMA cache_spill = 1")
    c.execute("PRAGMA threads = 0")
    c2 = cpu()
    c.execute("COMMIT")
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    c.close()
    c3 = cpu()
    print("%d %d %d %d" % (1000 * (c1 - c0), 1000 * (c2 - c1),
                          1000 * (c3 - c2), os.path.getsize(db)))


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "-1":
        run(sys.argv[2], sys.argv[3])
        return
    if len(sys.argv) < 2:
        sys.exit("usage: bench/span-schema.py archive [runs [variant ...]]")
    os.makedirs(WORK, exist_ok=True)
    staged = stage(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    names = sys.argv[3:] or ["now", "merged", "gtclust", "shell4", "noix"]
    got = {n: [] for n in names}
    for _ in range(runs):
        for n in names:
            out = subprocess.run([sys.executable, sys.argv[0], "-1", n,
                                  staged], check=True, capture_output=True,
                                 text=True).stdout.split()
            got[n].append([int(x) for x in out])
    print("load %s; %d runs each, medians of CPU ms"
          % (" ".join(open("/proc/loadavg").read().split()[:3]), runs))
    print("%-15s %8s %8s %8s %8s %9s" % ("variant", "insert", "index",
                                         "commit", "all", "MB"))
    for n in names:
        m = [statistics.median(r[i] for r in got[n]) for i in range(4)]
        print("%-15s %8.0f %8.0f %8.0f %8.0f %9.1f" % (
            n, m[0], m[1], m[2], m[0] + m[1] + m[2], m[3] / 1048576))
    os.unlink(os.path.join(WORK, "x.db"))


if __name__ == "__main__":
    main()
