#!/usr/bin/env python3
# bench/tail-design.py: what a call a file writes into a day's span (its
# rows go all over the span's indexes by person, card and plate: a page a
# row) against a small tail table beside the span that takes each call's
# rows and is merged into the span when it holds an eighth (or a 32nd) of
# it, and after the last call; in SQL alone, on a copy of an archive, a
# connection a file (a cold page cache, as a process a call), the WAL's
# frames counted (no checkpoint: what each commit appends; a checkpoint
# writes each again once) and this process's CPU.
# usage: bench/tail-design.py archive staged span
#   staged: a database whose table r holds the calls' rows (the span's
#   columns), one source a call, in the order of the calls; span: the
#   day span's suffix (20181120); work files in $BENCH_DIR
import os
import shutil
import sqlite3
import sys
import time

if len(sys.argv) != 4:
    sys.exit('usage: bench/tail-design.py archive staged span')
src, staged, sfx = sys.argv[1:]
work = os.environ.get('BENCH_DIR', os.environ.get('TMPDIR', '/tmp') +
    '/vigil-bench')
span = 'gate_event_' + sfx
tail = span + 't'
IDX = {'gate_t': '(gate, t)',
       'person_t': '(person, t) WHERE person IS NOT NULL',
       'card_t': '(card, t) WHERE card IS NOT NULL',
       'plate_t': '(plate, t) WHERE plate IS NOT NULL'}

def frames(db):
    try:
        n = os.path.getsize(db + '-wal')
    except FileNotFoundError:
        return 0
    return max(0, n - 32) // (4096 + 24)

def connect(db):
    c = sqlite3.connect(db, isolation_level=None)
    c.executescript('PRAGMA wal_autocheckpoint = 0; PRAGMA cache_size ='
                    ' -262144; PRAGMA synchronous = NORMAL;')
    c.execute('ATTACH ? AS s', (staged,))
    return c

def run(name, setup, call, merge, every=0):
    db = os.path.join(work, 'tail-%s.db' % name.split(':')[0])
    for x in ('', '-wal', '-shm'):
        if os.path.exists(db + x):
            os.remove(db + x)
    shutil.copyfile(src, db)
    hold = sqlite3.connect(db)     # keeps the WAL from a checkpoint
    hold.execute('SELECT 1 FROM sqlite_master').fetchone()
    srcs = [r[0] for r in sqlite3.connect(staged).execute(
        'SELECT DISTINCT source FROM r ORDER BY rowid')]
    calls_cpu = calls_f = merge_cpu = merge_f = merges = 0
    for i, s in enumerate(srcs):
        c = connect(db)
        if setup and not c.execute('SELECT 1 FROM sqlite_master WHERE'
                                   ' name = ?', (tail,)).fetchone():
            c.executescript(setup)
        f, cpu = frames(db), time.process_time()
        c.execute('BEGIN IMMEDIATE')
        c.execute(call, (s,))
        c.execute('COMMIT')
        calls_cpu += time.process_time() - cpu
        calls_f += frames(db) - f
        # merged at its share of the span, and after the last call
        if merge and (i == len(srcs) - 1 or c.execute(
                'SELECT count(*) * ? >= (SELECT count(*) FROM %s) FROM %s' %
                (span, tail), (every,)).fetchone()[0]):
            f, cpu = frames(db), time.process_time()
            c.executescript('BEGIN IMMEDIATE;' + merge + 'COMMIT;')
            merge_cpu += time.process_time() - cpu
            merge_f += frames(db) - f
            merges += 1
        c.close()
    hold.close()
    for x in ('', '-wal', '-shm'):
        if os.path.exists(db + x):
            os.remove(db + x)
    print('%-38s %3d calls: %7d frames %5.2f CPU-s; %2d merges: %7d frames'
          ' %5.2f CPU-s; total %7d frames (%5.1f MB) %5.2f CPU-s' %
          (name, len(srcs), calls_f, calls_cpu, merges, merge_f, merge_cpu,
           calls_f + merge_f, (calls_f + merge_f) * 4096 / 1e6,
           calls_cpu + merge_cpu))
    sys.stdout.flush()

cols = ('id, t, gate, person, credential, card, plate, direction, result,'
        ' score, source, line')
ins = 'INSERT INTO %s (%s) SELECT %s FROM s.r WHERE source = ? ORDER BY id'
ddl = sqlite3.connect(src).execute(
    'SELECT sql FROM sqlite_master WHERE name = ?', (span,)).fetchone()[0]
tail_ddl = ddl.replace(span, tail, 1) + ';' + ''.join(
    'CREATE INDEX %s_%s ON %s%s;' % (tail, k, tail, v.split(' WHERE')[0] +
    (' WHERE' + v.split(' WHERE')[1] if ' WHERE' in v else ''))
    for k, v in IDX.items())
drop3 = ''.join('DROP INDEX %s_%s;' % (span, k)
                for k in ('person_t', 'card_t', 'plate_t'))
make3 = ''.join('CREATE INDEX %s_%s ON %s%s;' % (span, k, span, IDX[k])
                for k in ('person_t', 'card_t', 'plate_t'))
move = ('INSERT INTO %s (%s) SELECT %s FROM %s ORDER BY id; DROP TABLE %s;'
        % (span, cols, cols, tail, tail))

for rep in range(int(os.environ.get('RUNS', '1'))):
    run('span: into the span (as now)', None, ins % (span, cols, cols), None)
    for every in (8, 32):
        run('rows: a tail merged at 1/%d, row by row' % every, tail_ddl,
            ins % (tail, cols, cols), move, every)
        run('sort: a tail merged at 1/%d, by sorting' % every, tail_ddl,
            ins % (tail, cols, cols), drop3 + move + make3, every)
