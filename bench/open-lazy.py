#!/usr/bin/env python3
# bench/open-lazy.py: what opening an archive and one query cost with the
# spans as tables of one file (as vigil keeps them) against a file a span
# ATTACHed only when a query's range needs it (10 at a time: Debian's
# SQLITE_MAX_ATTACHED), at 30, 90 and 365 day spans, for a one-day and a
# 30-day query; processor time of the open, the query and the close, the
# median of 40, through Python's sqlite3 (the same SQLite as vigil).
# usage: bench/open-lazy.py     (work files in $BENCH_DIR/open-lazy)
import os
import sqlite3
import time

W = os.path.join(os.environ.get('BENCH_DIR', os.environ.get('TMPDIR', '/tmp') +
    '/vigil-bench'), 'open-lazy')
os.makedirs(W, exist_ok=True)
ROWS = 50
def span_ddl(name):
    return [f"CREATE TABLE ge_{name} (id INTEGER PRIMARY KEY, time INTEGER NOT NULL, device INTEGER NOT NULL, person TEXT, card TEXT, plate TEXT, credential INTEGER, direction INTEGER, result INTEGER, score REAL, source INTEGER, line INTEGER)",
            f"CREATE INDEX ge_{name}_dt ON ge_{name}(device, time)",
            f"CREATE INDEX ge_{name}_pt ON ge_{name}(person, time) WHERE person IS NOT NULL",
            f"CREATE INDEX ge_{name}_ct ON ge_{name}(card, time) WHERE card IS NOT NULL",
            f"CREATE INDEX ge_{name}_lt ON ge_{name}(plate, time) WHERE plate IS NOT NULL"]
def fill(c, name, day):
    c.executemany(f"INSERT INTO ge_{name}(time,device,person,card,plate,credential,direction,result,score,source,line) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [(day*86400_000000 + i*1000_000, i % 20, f"P{i%7}", None, None, 1, 1, 1, 0.9, 1, i) for i in range(ROWS)])
def build(n):
    one=f'{W}/one{n}.db'
    if not os.path.exists(one):
        c=sqlite3.connect(one)
        for d in range(n):
            for s in span_ddl(f"d{d}"): c.execute(s)
            fill(c, f"d{d}", d)
        terms=' UNION ALL '.join(f"SELECT * FROM ge_d{d}" for d in range(max(0,n-400), n))
        c.execute(f"CREATE VIEW gate_event AS {terms}")
        c.commit(); c.close()
    cat=f'{W}/cat{n}'
    if not os.path.exists(cat):
        os.makedirs(cat)
        m=sqlite3.connect(f'{cat}/main.db'); m.execute("CREATE TABLE span(name TEXT PRIMARY KEY, lo INTEGER, hi INTEGER)")
        for d in range(n):
            f=sqlite3.connect(f'{cat}/d{d}.db')
            for s in span_ddl(f"d{d}"): f.execute(s)
            fill(f, f"d{d}", d); f.commit(); f.close()
            m.execute("INSERT INTO span VALUES (?,?,?)", (f"d{d}", d*86400_000000, (d+1)*86400_000000))
        m.commit(); m.close()
def t(fn, reps=40):
    best=[]
    for r in range(reps):
        a=time.process_time(); fn(); best.append(time.process_time()-a)
    best.sort(); return best[len(best)//2]*1000
def q_one(n, days):
    def f():
        c=sqlite3.connect(f'{W}/one{n}.db')
        lo=n-days
        sql=' UNION ALL '.join(f"SELECT time FROM ge_d{d} WHERE person='P3' AND time >= {d*86400_000000}" for d in range(lo, n))
        c.execute(sql).fetchall(); c.close()
    return f
def q_cat(n, days):
    def f():
        cat=f'{W}/cat{n}'
        c=sqlite3.connect(f'{cat}/main.db')
        names=[r[0] for r in c.execute("SELECT name FROM span WHERE lo >= ? ORDER BY lo", ((n-days)*86400_000000,))]
        for i in range(0, len(names), 10):
            b=names[i:i+10]
            for j,nm in enumerate(b): c.execute(f"ATTACH '{cat}/{nm}.db' AS s{j}")
            sql=' UNION ALL '.join(f"SELECT time FROM s{j}.ge_{nm} WHERE person='P3'" for j,nm in enumerate(b))
            c.execute(sql).fetchall()
            for j in range(len(b)): c.execute(f"DETACH s{j}")
        c.close()
    return f
def base():
    c=sqlite3.connect(':memory:'); c.execute("SELECT 1").fetchall(); c.close()
for n in (30, 90, 365):
    build(n)
b=t(base)
print(f"python + connect floor: {b:.3f} ms CPU")
print("spans  days  one-file ms  file-per-span ms (CPU, median of 40, floor taken off)")
for n in (30, 90, 365):
    for days in (1, 30):
        print(f"{n:5d} {days:5d} {t(q_one(n,days))-b:11.3f} {t(q_cat(n,days))-b:16.3f}")
