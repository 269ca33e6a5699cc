#!/usr/bin/env python3
"""worldgen.py: campuses made independently of vigil-simulate, to check vigil
on worlds it was not developed on.

Nothing here shares code or assumptions with src/sim: another layout (random
points joined to their nearest neighbours), another appearance model (a
person's vector plus noise whose size varies per sighting), another pace
model, sightings stamped when the person comes into view, clocks off by
seconds or hours. It writes vigil's native formats (site.xml, roster.csv,
gates/*.gate.csv, cameras/*.sightings.csv) and a truth.json that
vigil-track --eval and bench/track-grid read.

    python3 bench/worldgen.py --seed 3 -o world
    python3 bench/worldgen.py --help        # every dial, with its default
"""
import argparse
import base64
import datetime
import heapq
import json
import math
import os
import random
import struct

COLOURS = ["black", "white", "grey", "red", "orange", "yellow", "green",
           "blue", "purple", "brown", "pink"]
# what people wear, roughly: dark and plain colours are common
WEAR = [30, 14, 14, 5, 2, 3, 4, 16, 2, 6, 4]


def dials():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    a = p.add_argument
    a("-o", "--out", required=True, help="directory to write")
    a("--seed", type=int, default=1)
    a("--cameras", type=int, default=120, help="devices, gates included")
    a("--gate-every", type=int, default=10, help="one gate per N devices")
    a("--people", type=int, default=2000, help="roster size")
    a("--walkers", type=int, default=550,
      help="people walking near the incident in its ten minutes")
    a("--span", type=float, default=3.0, help="hours of logs")
    a("--dim", type=int, default=64, help="appearance vector length")
    a("--noise", type=float, default=0.58,
      help="appearance noise: median same-person cosine is about 1/(1+n^2)")
    a("--noise-spread", type=float, default=0.45,
      help="log-normal spread of the noise between sightings")
    a("--colour-error", type=float, default=0.12,
      help="chance a sighting misreads one clothing colour")
    a("--walk", default="2.3,3.8", help="walkers' pace, x link minimum")
    a("--run", default="1.0,1.5", help="the suspect's pace, x link minimum")
    a("--face-rate", type=float, default=0.6,
      help="chance a face camera or gate names the person")
    a("--miss", type=float, default=0.08, help="mean chance a camera misses")
    a("--quiet", type=float, default=0.1,
      help="fraction of cameras that see almost nobody")
    a("--skewed", type=float, default=0.1, help="fraction of cameras off")
    a("--skew", default="40,240", help="seconds off, either way, min,max")
    a("--hour-skews", type=int, default=0,
      help="cameras off by whole hours (a UTC clock, DST)")
    a("--incidents", type=int, default=3, help="suspects to follow")
    a("--hops", type=int, default=14, help="true hops each way per suspect")
    return p.parse_args()


def unit(v):
    n = math.sqrt(sum(x * x for x in v)) or 1.0
    return [x / n for x in v]


def pair(s):
    a, b = (float(x) for x in s.split(","))
    return a, b


class World:
    def __init__(self, d):
        self.d = d
        self.r = random.Random(d.seed)
        self.t0 = datetime.datetime(2019, 3, 12, 19, 0, 0)  # local time
        self.tz = datetime.timezone(datetime.timedelta(hours=8))
        self.sightings = {}     # camera -> rows
        self.gates = {}         # gate -> rows
        self.ntrack = {}        # camera -> last track number

    # -- the site ---------------------------------------------------------
    def layout(self):
        r, d = self.r, self.d
        pts = []
        while len(pts) < d.cameras:
            x, y = r.uniform(0, 1800), r.uniform(0, 1200)
            if all((x - a) ** 2 + (y - b) ** 2 > 45 ** 2 for a, b in pts):
                pts.append((x, y))
        n = len(pts)
        self.dev = []
        for i, (x, y) in enumerate(pts):
            gate = d.gate_every > 0 and i % d.gate_every == d.gate_every - 1
            self.dev.append({
                "id": ("GT-%02d" % (i // max(d.gate_every, 1))) if gate
                else "CAM-%03d" % i,
                "gate": gate, "x": x, "y": y,
                "face": gate or r.random() < 0.15,
                "miss": min(0.9, r.expovariate(1 / d.miss)) if d.miss else 0,
            })
        quiet = r.sample([i for i in range(n) if not self.dev[i]["gate"]],
                         int(d.quiet * n))
        for i in quiet:
            self.dev[i]["quiet"] = True
        # edges: a spanning tree over nearest neighbours, then the 2-3
        # nearest of each (a campus's walkways)
        dist = lambda i, j: math.dist(pts[i], pts[j])
        edges = set()
        inside, best = {0}, {j: (dist(0, j), 0) for j in range(1, n)}
        while best:
            j = min(best, key=lambda k: best[k][0])
            edges.add(tuple(sorted((j, best.pop(j)[1]))))
            inside.add(j)
            for k in best:
                if dist(j, k) < best[k][0]:
                    best[k] = (dist(j, k), j)
        for i in range(n):
            near = sorted(range(n), key=lambda j: dist(i, j))[1:1 + r.choice((2, 3))]
            for j in near:
                if dist(i, j) < 260:
                    edges.add(tuple(sorted((i, j))))
        self.adj = {i: [] for i in range(n)}
        self.links = []
        for i, j in sorted(edges):
            m = dist(i, j)
            lo = max(1, int(m / 3.2))           # a run, not a sprint
            hi = int(m / 0.5) + 30
            self.links.append((i, j, lo, hi))
            self.adj[i].append((j, lo))
            self.adj[j].append((i, lo))
        # clocks
        cams = [i for i in range(n) if not self.dev[i]["gate"]]
        self.offset = {}
        lo, hi = pair(d.skew)
        for i in r.sample(cams, int(d.skewed * len(cams))):
            self.offset[i] = r.choice((-1, 1)) * r.uniform(lo, hi)
        for i in r.sample([c for c in cams if c not in self.offset],
                          d.hour_skews):
            self.offset[i] = r.choice((-8, -1, 1, 8)) * 3600.0

    # -- people -----------------------------------------------------------
    def population(self):
        r, d = self.r, self.d
        self.people = []
        for k in range(d.people):
            self.people.append({
                "id": "E%06d" % (300000 + k * 7),
                "card": "%08d" % (50000000 + k * 13),
                "vec": unit([r.gauss(0, 1) for _ in range(d.dim)]),
                "upper": r.choices(COLOURS, WEAR)[0],
                "lower": r.choices(COLOURS, WEAR)[0],
                "gender": r.choice(("male", "female")),
                "bag": r.random() < 0.3,
            })

    # -- what the devices log ---------------------------------------------
    def look(self, p):
        r, d = self.r, self.d
        s = d.noise * math.exp(r.gauss(0, d.noise_spread))
        v = unit([a + s * r.gauss(0, 1) / math.sqrt(d.dim) for a in p["vec"]])
        up, lo = p["upper"], p["lower"]
        if r.random() < d.colour_error:
            if r.random() < 0.5:
                up = r.choice(COLOURS)
            else:
                lo = r.choice(COLOURS)
        return v, up, lo

    def stamp(self, t):
        return (self.t0 + datetime.timedelta(seconds=t)).isoformat(
            timespec="microseconds")

    def visit(self, i, p, t, running=False):
        """Person p reaches device i at true second t; returns the truth."""
        r, d, dev = self.r, self.d, self.dev[i]
        hop = {"device": dev["id"], "type": "gate" if dev["gate"] else "camera",
               "time": (self.t0 + datetime.timedelta(seconds=t)).replace(
                   tzinfo=self.tz).isoformat(timespec="microseconds")}
        if dev["gate"]:
            named = r.random() < d.face_rate
            cred = "face" if named else "badge"
            row = [self.stamp(t), dev["id"], p["id"] if named or cred == "badge"
                   else "", cred, p["card"] if cred == "badge" else "", "",
                   r.choice(("in", "out")), "granted",
                   "%.2f" % (r.uniform(0.7, 0.99) if named else 1.0)]
            if not named and r.random() < 0.5:
                row[2], row[3], row[4], row[8] = "", "face", "", "%.2f" % r.uniform(0.3, 0.6)
            self.gates.setdefault(dev["id"], []).append(row)
            return hop
        miss = dev["miss"] + (0.85 if dev.get("quiet") else 0)
        if r.random() < miss:
            return hop      # not seen: a hop of the truth with no track
        k = self.ntrack.get(i, 0) + 1
        self.ntrack[i] = k
        track = "TR%05d" % k
        v, up, lo = self.look(p)
        first = t + self.offset.get(i, 0.0)
        dwell = r.uniform(1.0, 4.0) if running else r.uniform(2.0, 12.0)
        attrs = "gender=%s" % p["gender"] + (";bag=backpack" if p["bag"] else "")
        if running:
            attrs += ";running=yes"
        name = dev["face"] and r.random() < d.face_rate
        row = [dev["id"], track, self.stamp(first), self.stamp(first + dwell),
               "person", p["id"] if name else "",
               "%.2f" % r.uniform(0.6, 0.95) if name else "", "", up, lo,
               attrs, "%.3f" % r.random(), "%.3f" % r.random(), "0.100",
               "0.300",
               base64.b64encode(struct.pack("<%df" % len(v), *v)).decode()]
        self.sightings.setdefault(dev["id"], []).append(row)
        hop["track"] = track
        hop["first"] = self.stamp(first)
        return hop

    def walk(self, p, start, t, hops, pace, running=False, avoid=None):
        """A walk of hops devices from start at t; returns the truth."""
        r = self.r
        i, prev, out = start, avoid, []
        for _ in range(hops):
            nxt = [(j, lo) for j, lo in self.adj[i] if j != prev] or self.adj[i]
            j, lo = r.choice(nxt)
            t += lo * r.uniform(*pace)
            prev, i = i, j
            out.append(self.visit(i, p, t, running))
        return out, t

    def crowd(self):
        d, r = self.d, self.r
        span = d.span * 3600
        # background: people walking everywhere during the span, about as
        # dense as d.walkers in ten minutes
        n = int(d.walkers * span / 600 / 6)
        for _ in range(n):
            p = r.choice(self.people)
            t = r.uniform(-300, span)
            start = r.randrange(len(self.dev))
            self.walk(p, start, t, r.randint(3, 9), pair(d.walk))

    def incidents(self):
        d, r = self.d, self.r
        span = d.span * 3600
        out = []
        used = set()
        for k in range(d.incidents):
            p = r.choice([q for q in self.people if q["id"] not in used])
            used.add(p["id"])
            cams = [i for i in range(len(self.dev))
                    if not self.dev[i]["gate"] and not self.dev[i].get("quiet")
                    and i not in self.offset]
            at = r.choice(cams)
            t = r.uniform(span * 0.35, span * 0.65)
            # the anchor: seen for sure, running away from the scene
            dev = self.dev[at]
            saved = dev["miss"]
            dev["miss"] = 0.0
            anchor = self.visit(at, p, t, running=True)
            dev["miss"] = saved
            fwd, _ = self.walk(p, at, t, d.hops, pair(d.run), running=True)
            # before: walking in, the same hops backwards in time
            back, tb = [], t
            i, prev = at, None
            for _ in range(d.hops):
                nxt = [(j, lo) for j, lo in self.adj[i] if j != prev] or self.adj[i]
                j, lo = r.choice(nxt)
                tb -= lo * r.uniform(*pair(d.walk))
                prev, i = i, j
                back.append(self.visit(i, p, tb))
            back.reverse()
            out.append({
                "kind": "assault", "time": anchor["time"], "suspect": p["id"],
                "camera": dev["id"],
                "anchor": {"camera": dev["id"], "track": anchor["track"]},
                "path": back + [anchor] + fwd,
            })
        return out

    # -- files ------------------------------------------------------------
    def write(self, incidents):
        d = self.d
        o = d.out
        os.makedirs(os.path.join(o, "gates"), exist_ok=True)
        os.makedirs(os.path.join(o, "cameras"), exist_ok=True)
        with open(os.path.join(o, "site.xml"), "w") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<site xmlns="urn:vigil:site:1" id="worldgen-%d" '
                    'name="Worldgen %d" timezone="Asia/Shanghai">\n'
                    % (d.seed, d.seed))
            zones = ["perimeter", "campus", "living", "production", "core"]
            for ring, z in enumerate(zones, 1):
                f.write('  <zone id="%s" name="%s" ring="%d"/>\n' % (z, z, ring))
            for k, inc in enumerate(incidents):
                dv = next(x for x in self.dev if x["id"] == inc["camera"])
                f.write('  <place id="SCENE-%d" name="Scene %d" zone="perimeter"'
                        ' kind="overpass" x="%.1f" y="%.1f"/>\n'
                        % (k + 1, k + 1, dv["x"], dv["y"]))
            for dv in self.dev:
                rr = math.dist((dv["x"], dv["y"]), (900, 600))
                zone = zones[max(0, min(4, 4 - int(rr / 220)))]
                if dv["gate"]:
                    f.write('  <gate id="%s" name="Gate %s" zone="%s" x="%.1f"'
                            ' y="%.1f" kind="pedestrian" credentials="face'
                            ' badge"/>\n' % (dv["id"], dv["id"], zone, dv["x"],
                                             dv["y"]))
                else:
                    f.write('  <camera id="%s" name="Camera %s" zone="%s"'
                            ' x="%.1f" y="%.1f" heading="0" face="%s"/>\n'
                            % (dv["id"], dv["id"], zone, dv["x"], dv["y"],
                               "true" if dv["face"] else "false"))
            for i, j, lo, hi in self.links:
                f.write('  <link from="%s" to="%s" min="%d" max="%d"/>\n'
                        % (self.dev[i]["id"], self.dev[j]["id"], lo, hi))
            f.write("</site>\n")
        with open(os.path.join(o, "roster.csv"), "w") as f:
            f.write("person,name,employer,dorm,card,plate,status\n")
            for p in self.people:
                f.write("%s,Person %s,Unit %d,,%s,,active\n"
                        % (p["id"], p["id"], int(p["id"][1:]) % 40, p["card"]))
        for g, rows in self.gates.items():
            rows.sort()
            with open(os.path.join(o, "gates", g + ".gate.csv"), "w") as f:
                f.write("time,gate,person,credential,card,plate,direction,"
                        "result,score\n")
                for row in rows:
                    f.write(",".join(row) + "\n")
        for c, rows in self.sightings.items():
            rows.sort(key=lambda x: x[2])
            with open(os.path.join(o, "cameras", c + ".sightings.csv"), "w") as f:
                f.write("camera,track,first,last,kind,person,score,plate,upper,"
                        "lower,attrs,x,y,w,h,embedding\n")
                for row in rows:
                    f.write(",".join(row) + "\n")
        span = d.span * 3600
        truth = {
            "generator": "worldgen.py", "seed": d.seed,
            "dials": vars(d), "timezone": "Asia/Shanghai",
            "from": self.t0.replace(tzinfo=self.tz).isoformat(),
            "to": (self.t0 + datetime.timedelta(seconds=span)).replace(
                tzinfo=self.tz).isoformat(),
            "incidents": incidents,
            "clock_offsets": [{"camera": self.dev[i]["id"], "seconds":
                               round(s, 3)} for i, s in sorted(self.offset.items())],
            "cameras_with_traffic": sorted(c for c, rows in self.sightings.items()
                                           if len(rows) >= 20),
        }
        with open(os.path.join(o, "truth.json"), "w") as f:
            json.dump(truth, f, indent=1)


def main():
    d = dials()
    w = World(d)
    w.layout()
    w.population()
    w.crowd()
    inc = w.incidents()
    w.write(inc)


if __name__ == "__main__":
    main()
