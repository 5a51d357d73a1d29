#!/usr/bin/env python3
"""Summarises a JMH JSON result (-rf json): for average-time results the median, min and max of the
per-iteration scores with JMH's score and error; for sample-time results the p0/p50/p90 of the individual
invocation times. Plus the normalised allocation rate (-prof gc).
Usage: python3 pow-core/tools/jmh_medians.py result.json"""
import json
import statistics
import sys


def main(path):
    rows = json.load(open(path))
    print("%-58s %5s %10s %10s %10s %10s %10s %8s %s" % ("benchmark [params]", "mode", "median/p50", "min/p0",
                                                         "max/p90", "score", "error", "B/op", "unit"))
    for r in rows:
        parts = r["benchmark"].split(".")
        name = parts[-2] + "." + parts[-1]
        if r.get("params"):
            name += " [" + ",".join("%s=%s" % kv for kv in r["params"].items()) + "]"
        pm = r["primaryMetric"]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score", float("nan"))
        if r["mode"] == "sample":
            p = pm["scorePercentiles"]
            mid, lo, hi = p["50.0"], p["0.0"], p["90.0"]
        else:
            raw = [x for fork in pm["rawData"] for x in fork]
            mid, lo, hi = statistics.median(raw), min(raw), max(raw)
        print("%-58s %5s %10.1f %10.1f %10.1f %10.1f %10.1f %8.2f %s" % (
            name, r["mode"], mid, lo, hi, pm["score"], pm["scoreError"], alloc, pm["scoreUnit"]))


if __name__ == "__main__":
    main(sys.argv[1])
