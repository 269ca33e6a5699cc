#!/usr/bin/env python3
"""bench/sim-stats.py: what a vigil-simulate world really looks like, measured

usage: bench/sim-stats.py dir...

Reads the logs, site.xml, truth.json and truth-sightings.csv of each world
and prints the figures issue 12 measured on a field site: same-person
cosine of appearance vectors (consecutive sightings of one person at linked
cameras), different-person cosine spread, colour misreads, walkers' and the
running suspect's transit as a multiple of the link minimum, face naming,
where the true time falls in first..last, span, gates per camera,
near-empty cameras, skewed cameras, and people near the incident.
Python 3 standard library only.
"""
import base64
import csv
import glob
import json
import math
import os
import random
import statistics
import struct
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

NS = "{urn:vigil:site:1}"
SITE = timezone(timedelta(hours=8))  # Asia/Shanghai, no DST


def iso(s):
    return datetime.fromisoformat(s).timestamp()


def vec(b64):
    raw = base64.b64decode(b64)
    v = struct.unpack("<%df" % (len(raw) // 4), raw)
    n = math.sqrt(sum(x * x for x in v)) or 1
    return [x / n for x in v]


def cos(a, b):
    return sum(x * y for x, y in zip(a, b))


def q(xs, p):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * p
    f = math.floor(k)
    c = min(f + 1, len(xs) - 1)
    return xs[f] + (xs[c] - xs[f]) * (k - f)


def world(d):
    truth = json.load(open(os.path.join(d, "truth.json")))
    site = ET.parse(os.path.join(d, "site.xml")).getroot()
    cams = {c.get("id"): c for c in site.iter(NS + "camera")}
    gates = [g.get("id") for g in site.iter(NS + "gate")]
    links = {}
    for l in site.iter(NS + "link"):
        a, b, mn = l.get("from"), l.get("to"), int(l.get("min"))
        links[(a, b)] = links[(b, a)] = mn
    who = {}
    for r in csv.DictReader(open(os.path.join(d, "truth-sightings.csv"))):
        who[(r["camera"], r["track"])] = r
    rows = []
    for f in sorted(glob.glob(os.path.join(d, "cameras", "*.sightings.csv"))):
        for r in csv.DictReader(open(f)):
            w = who[(r["camera"], r["track"])]
            if w["pace"] == "drive":
                continue
            r["who"] = w["person"]
            r["true"] = iso(w["time"])
            r["pace"] = w["pace"]
            rows.append(r)
    return truth, cams, gates, links, rows


def main():
    for d in sys.argv[1:]:
        truth, cams, gates, links, rows = world(d)
        rng = random.Random(1)
        off = {c: v["offset"] for c, v in truth["clocks"].items()}
        byp = {}
        for r in rows:
            byp.setdefault(r["who"], []).append(r)
        same, walk, run = [], [], []
        for p, rs in byp.items():
            rs.sort(key=lambda r: r["true"])
            for a, b in zip(rs, rs[1:]):
                key = (a["camera"], b["camera"])
                if key not in links or b["true"] - a["true"] > 900:
                    continue
                if a["embedding"] and b["embedding"]:
                    same.append(cos(vec(a["embedding"]), vec(b["embedding"])))
                mn = links[key]
                if mn > 0:
                    m = (b["true"] - a["true"]) / mn
                    (run if a["pace"] == "run" and b["pace"] == "run"
                     else walk).append(m)
        diff = []
        embs = [r for r in rows if r["embedding"]]
        for _ in range(min(20000, len(embs))):
            a, b = rng.choice(embs), rng.choice(embs)
            if a["who"] != b["who"]:
                diff.append(cos(vec(a["embedding"]), vec(b["embedding"])))
        # colours: a person's true colours are their most common reading
        mis, ncol = 0, 0
        for p, rs in byp.items():
            if len(rs) < 3:
                continue
            for part in ("upper", "lower"):
                mode = statistics.mode(r[part] for r in rs)
                mis += sum(r[part] != mode for r in rs)
                ncol += len(rs)
        face = [r for r in rows if cams[r["camera"]].get("face") == "true"
                and r["who"].startswith("P")]
        named = sum(r["person"] == r["who"] for r in face)
        stamp = []
        for r in rows:
            # the logs' times are the site's local time, without offset
            f = datetime.fromisoformat(r["first"]).replace(tzinfo=SITE)
            l = datetime.fromisoformat(r["last"]).replace(tzinfo=SITE)
            f, l = f.timestamp(), l.timestamp()
            f -= off[r["camera"]]
            l -= off[r["camera"]]
            if l > f:
                stamp.append((r["true"] - f) / (l - f))
        counts = truth["clocks"]
        nsight = sorted(v["sightings"] for v in counts.values())
        med = q(nsight, 0.5)
        nearempty = sum(1 for v in nsight if v <= max(1, med / 20))
        skewed = [v for v in off.values() if v != 0]
        span = (iso(truth["to"]) - iso(truth["from"])) / 3600
        print("%s (preset %s, seed %s)" % (d, truth["dials"]["preset"],
                                           truth["seed"]))
        print("  same-person cosine, %d pairs: median %.3f, IQR %.3f-%.3f,"
              " below 0.5 %.1f%%" % (len(same), q(same, .5), q(same, .25),
                                     q(same, .75),
                                     100 * sum(c < .5 for c in same) /
                                     max(1, len(same))))
        print("  different-person cosine, %d pairs: mean %.3f, s.d. %.3f"
              % (len(diff), statistics.mean(diff), statistics.pstdev(diff)))
        print("  vector dimension %d" % len(vec(embs[0]["embedding"])))
        print("  colours misread: %.1f%% of colour readings"
              % (100 * mis / max(1, ncol)))
        print("  walkers' transit / link min, %d hops: 5%% %.2f, median %.2f,"
              " 95%% %.2f" % (len(walk), q(walk, .05), q(walk, .5),
                              q(walk, .95)))
        print("  running suspect's transit / link min, %d hops: %s"
              % (len(run), " ".join("%.2f" % m for m in run)))
        print("  face cameras name the right person: %.1f%% of %d"
              % (100 * named / max(1, len(face)), len(face)))
        print("  true time in first..last: median %.2f (0 entry, 0.5 middle)"
              % q(stamp, .5))
        print("  span %.1f h, from %s" % (span, truth["from"]))
        print("  %d gates, %d cameras: one gate per %.1f cameras"
              % (len(gates), len(cams), len(cams) / max(1, len(gates))))
        print("  near-empty cameras (at most 1/20 of the median %d"
              " sightings): %d of %d" % (med, nearempty, len(nsight)))
        print("  skewed cameras: %d of %d, |offset| %s" % (
            len(skewed), len(off), ", ".join(
                "%.0f" % abs(v) for v in sorted(skewed, key=abs))))
        print("  people near the overpass in the ten minutes around: %d"
              % truth["near_incident"])


if __name__ == "__main__":
    main()
