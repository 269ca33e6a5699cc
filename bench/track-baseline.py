#!/usr/bin/env python3
"""bench/track-baseline.py: a plain beam search over a simulated world's logs

usage: bench/track-baseline.py [-w minutes] dir camera:track

The baseline bench/track-grid scores vigil-track against.  From the anchor
sighting it searches forward and backward in time, over the site's links,
for the path of sightings that look most like the path so far: cosine of
the appearance vector against the path's running mean vector, agreement
of the clothing colours with the path's majority, transit within the
link's bounds (flat inside them, nothing outside), up to two cameras
missed in a row (bounds added along the links), or the same camera again
within half an hour (someone who came back from a dead end), no sighting
used twice and no clock correction.  Gates are passed through; afterwards the gate event
between two hops is added if it names the person the path's face cameras
name most, or else if it is the only one there close to the time
expected.  Prints the hops, one a line: "camera TRACK" or "gate TIME"
(TIME in UTC seconds).  Python 3 standard library only; reads dir's
site.xml, cameras/*.sightings.csv and gates/*.gate.csv.
"""
import base64
import bisect
import csv
import glob
import math
import os
import struct
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

NS = "{urn:vigil:site:1}"
SITE = timezone(timedelta(hours=8))    # the simulator's site: Asia/Shanghai

BEAM = 12           # paths kept at each step
MAXSKIP = 2         # cameras missed in a row
SKIP_COST = 0.1     # score lost for each camera missed
FLOOR = 2.5         # a hop's cosine must beat this many standard deviations
                    # of two people's cosine (1/sqrt(dim)) to add to the
                    # score, and never less than FLOORMAX
FLOORMAX = 0.45     # ... nor more than this
COLOUR = 0.08       # score for each colour that agrees, lost if it differs


def ts(s):
    d = datetime.fromisoformat(s)
    if d.tzinfo is None:
        d = d.replace(tzinfo=SITE)
    return d.timestamp()


def unit(b64):
    if not b64:
        return None
    raw = base64.b64decode(b64)
    v = struct.unpack("<%df" % (len(raw) // 4), raw)
    n = math.sqrt(sum(x * x for x in v)) or 1.0
    return [x / n for x in v]


def dot(a, b):
    return sum(x * y for x, y in zip(a, b))


class World:
    def __init__(self, d):
        root = ET.parse(os.path.join(d, "site.xml")).getroot()
        self.kind = {}
        for c in root.iter(NS + "camera"):
            self.kind[c.get("id")] = "camera"
        for g in root.iter(NS + "gate"):
            self.kind[g.get("id")] = "gate"
        self.adj = {k: [] for k in self.kind}
        for l in root.iter(NS + "link"):
            a, b = l.get("from"), l.get("to")
            mn, mx = int(l.get("min")), int(l.get("max"))
            self.adj[a].append((b, mn, mx))
            self.adj[b].append((a, mn, mx))
        self.sight = {}     # camera -> sorted list of sightings
        for f in glob.glob(os.path.join(d, "cameras", "*.sightings.csv")):
            for r in csv.DictReader(open(f, encoding="utf-8")):
                if r["kind"] == "vehicle":
                    continue
                s = {"cam": r["camera"], "track": r["track"],
                     "t": ts(r["first"]), "v": unit(r["embedding"]),
                     "upper": r["upper"], "lower": r["lower"],
                     "person": r["person"]}
                self.sight.setdefault(r["camera"], []).append(s)
        self.times = {}
        for c, lst in self.sight.items():
            lst.sort(key=lambda s: s["t"])
            self.times[c] = [s["t"] for s in lst]
        self.gate = {}      # gate -> sorted list of (time, person)
        for f in glob.glob(os.path.join(d, "gates", "*.gate.csv")):
            for r in csv.DictReader(open(f, encoding="utf-8")):
                if r["result"] == "denied":
                    continue
                self.gate.setdefault(r["gate"], []).append(
                    (ts(r["time"]), r["person"]))
        for g in self.gate.values():
            g.sort()
        self._reach = {}

    def reach(self, cam):
        """Cameras reachable from cam through gates and at most MAXSKIP
        other cameras: (camera, summed min, summed max, skipped, gates)."""
        if cam in self._reach:
            return self._reach[cam]
        out = {}
        stack = [(cam, 0, 0, 0, (), {cam})]
        while stack:
            d, mn, mx, skip, gates, seen = stack.pop()
            for e, lmn, lmx in self.adj[d]:
                if e in seen:
                    continue
                nmn, nmx = mn + lmn, mx + lmx
                if self.kind[e] == "gate":
                    stack.append((e, nmn, nmx, skip,
                                  gates + (e,), seen | {e}))
                    continue
                key = (e, skip)
                if key not in out or out[key][0] > nmn:
                    out[key] = (nmn, nmx, gates)
                if skip < MAXSKIP:
                    stack.append((e, nmn, nmx, skip + 1, gates,
                                  seen | {e}))
        res = [(e, v[0], v[1], skip, v[2]) for (e, skip), v in out.items()]
        # back past the same camera, as from a dead end (the overpass)
        res.append((cam, 1, 30 * 60, 0, ()))
        self._reach[cam] = res
        return res


class Path:
    __slots__ = ("hops", "score", "sum", "cols", "used", "gates")

    def __init__(self, first):
        self.hops = [first]
        self.score = 0.0
        self.sum = list(first["v"]) if first["v"] else None
        self.cols = {("u", first["upper"]): 1, ("l", first["lower"]): 1}
        self.used = {(first["cam"], first["track"])}
        self.gates = []

    def extend(self, s, gain, gates):
        p = Path.__new__(Path)
        p.hops = self.hops + [s]
        p.score = self.score + gain
        if self.sum is not None and s["v"] is not None:
            p.sum = [a + b for a, b in zip(self.sum, s["v"])]
        else:
            p.sum = self.sum
        p.cols = dict(self.cols)
        for k in (("u", s["upper"]), ("l", s["lower"])):
            p.cols[k] = p.cols.get(k, 0) + 1
        p.used = self.used | {(s["cam"], s["track"])}
        p.gates = self.gates + [gates]
        return p

    def majority(self, part):
        best, n = None, 0
        for (k, c), m in self.cols.items():
            if k == part and m > n:
                best, n = c, m
        return best


def search(w, anchor, sign, limit):
    """Paths from anchor, forward (sign 1) or backward (sign -1)."""
    floor = min(FLOORMAX, FLOOR / math.sqrt(len(anchor["v"])))
    beam = [Path(anchor)]
    done = list(beam)
    while beam:
        nxt = []
        for p in beam:
            last = p.hops[-1]
            n = math.sqrt(dot(p.sum, p.sum)) if p.sum else 0
            for cam, mn, mx, skip, gates in w.reach(last["cam"]):
                if cam not in w.sight:
                    continue
                lo, hi = (last["t"] + mn, last["t"] + mx) if sign > 0 \
                    else (last["t"] - mx, last["t"] - mn)
                if sign > 0 and lo > limit or sign < 0 and hi < limit:
                    continue
                tl = w.times[cam]
                for i in range(bisect.bisect_left(tl, lo),
                               bisect.bisect_right(tl, hi)):
                    s = w.sight[cam][i]
                    if (s["cam"], s["track"]) in p.used or \
                            (sign > 0 and s["t"] > limit) or \
                            (sign < 0 and s["t"] < limit):
                        continue
                    if n == 0 or s["v"] is None:
                        continue
                    c = dot(p.sum, s["v"]) / n
                    gain = c - floor - SKIP_COST * skip
                    gain += COLOUR if s["upper"] == p.majority("u") \
                        else -COLOUR
                    gain += COLOUR if s["lower"] == p.majority("l") \
                        else -COLOUR
                    if gain <= 0:
                        continue
                    nxt.append(p.extend(s, gain, gates))
        nxt.sort(key=lambda p: -p.score)
        # one path per last sighting: the best way to reach it
        seen, beam = set(), []
        for p in nxt:
            k = (p.hops[-1]["cam"], p.hops[-1]["track"])
            if k in seen:
                continue
            seen.add(k)
            beam.append(p)
            if len(beam) == BEAM:
                break
        done.extend(beam)
    return max(done, key=lambda p: p.score)


def named(p):
    count = {}
    for s in p.hops:
        if s["person"]:
            count[s["person"]] = count.get(s["person"], 0) + 1
    return max(count, key=count.get) if count else None


def gate_events(w, p, who):
    """The gate events between the hops of p, in the order passed."""
    out = []
    for a, b, gates in zip(p.hops, p.hops[1:], p.gates):
        t0, t1 = sorted((a["t"], b["t"]))
        for k, g in enumerate(gates):
            ev = [e for e in w.gate.get(g, []) if t0 - 2 <= e[0] <= t1 + 2]
            pick = [e for e in ev if who and e[1] == who]
            if not pick:
                frac = (k + 1) / (len(gates) + 1)
                want = a["t"] + (b["t"] - a["t"]) * frac
                near = [e for e in ev if abs(e[0] - want) < 3]
                pick = near if len(near) == 1 else []
            if pick:
                out.append((g, pick[0][0]))
    return out


def main():
    args = sys.argv[1:]
    window = 30
    if len(args) >= 2 and args[0] == "-w":
        window = float(args[1])
        args = args[2:]
    if len(args) != 2 or ":" not in args[1]:
        sys.exit("usage: track-baseline.py [-w minutes] dir camera:track")
    w = World(args[0])
    cam, track = args[1].split(":", 1)
    anchor = next(s for s in w.sight[cam] if s["track"] == track)
    fwd = search(w, anchor, 1, anchor["t"] + window * 60)
    back = search(w, anchor, -1, anchor["t"] - window * 60)
    who = named(fwd) or named(back)
    for p in (back, fwd):
        for s in p.hops[1:]:
            print("camera %s %s" % (s["cam"], s["track"]))
        for g, t in gate_events(w, p, who):
            print("gate %s %.6f" % (g, t))


if __name__ == "__main__":
    main()
