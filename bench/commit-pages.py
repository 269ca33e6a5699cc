#!/usr/bin/env python3
# bench/commit-pages.py: what one vigil-import call writes, by b-tree: a
# read transaction held on a copy of the archive keeps the call's WAL
# frames from being checkpointed, then each frame's page is named by
# dbstat (a span's suffix shown as '@'); with the call's wall and CPU
# usage: bench/commit-pages.py archive file...   ($VIGIL_IMPORT: the
#        vigil-import to run, default this tree's; the copy in $BENCH_DIR)
import collections
import os
import re
import resource
import shutil
import sqlite3
import struct
import subprocess
import sys
import time

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
imp = os.environ.get('VIGIL_IMPORT', os.path.join(top, 'src', 'vigil-import'))
os.environ.setdefault('VIGIL_SHARE', os.path.join(top, 'share', 'vigil'))
work = os.environ.get('BENCH_DIR', os.environ.get('TMPDIR', '/tmp') +
    '/vigil-bench')
if len(sys.argv) < 3:
    sys.exit('usage: bench/commit-pages.py archive file...')
os.makedirs(work, exist_ok=True)
db = os.path.join(work, 'commit-pages.db')
for x in ('', '-wal', '-shm'):
    if os.path.exists(db + x):
        os.remove(db + x)
shutil.copyfile(sys.argv[1], db)
rows = sum(max(0, sum(1 for _ in open(f, 'rb')) - 1) for f in sys.argv[2:])

hold = sqlite3.connect(db, isolation_level=None)
hold.execute('BEGIN')
hold.execute('SELECT count(*) FROM sqlite_master').fetchone()
t0 = time.monotonic()
r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
subprocess.run([imp, '-q', '-A', db] + sys.argv[2:], check=True)
r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
wall = time.monotonic() - t0
user, sys_ = r1.ru_utime - r0.ru_utime, r1.ru_stime - r0.ru_stime

wal = open(db + '-wal', 'rb').read()
psz = struct.unpack('>I', wal[8:12])[0]
frames = collections.Counter()
commits = 0
off = 32
while off + 24 + psz <= len(wal):
    pg, size = struct.unpack('>II', wal[off:off + 8])
    frames[pg] += 1
    commits += size != 0
    off += 24 + psz
name = dict((p, n) for n, p in
            sqlite3.connect(db).execute('SELECT name, pageno FROM dbstat'))
by = collections.Counter()
pages = collections.Counter()
for p, c in frames.items():
    n = re.sub(r'_\d{8}(?=_|$)', '@', name.get(p, '(free)'))
    by[n] += c
    pages[n] += 1
hold.close()
print('%d rows: %.2f s wall, %.2f CPU-s (%.2f user, %.2f system); '
      '%d commits, %d frames of %d bytes (%.1f MB), %.2f pages a row' %
      (rows, wall, user + sys_, user, sys_, commits, sum(frames.values()),
       psz, sum(frames.values()) * psz / 1e6,
       sum(frames.values()) / max(rows, 1)))
print('%-32s %8s %8s %8s' % ('b-tree', 'frames', 'pages', 'MB'))
for n, c in by.most_common():
    print('%-32s %8d %8d %8.1f' % (n, c, pages[n], c * psz / 1e6))
for x in ('', '-wal', '-shm'):
    if os.path.exists(db + x):
        os.remove(db + x)
