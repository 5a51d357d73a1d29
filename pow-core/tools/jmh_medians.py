#!/usr/bin/env python3
"""Prints median, min and max of the per-iteration scores in a JMH JSON result (-rf json), plus JMH's own
score and error and the normalised allocation rate. Usage: python3 pow-core/tools/jmh_medians.py result.json"""
import json
import statistics
import sys


def main(path):
    rows = json.load(open(path))
    print("%-52s %10s %10s %10s %10s %10s %8s %s" % ("benchmark [params]", "median", "min", "max", "score",
                                                    "error", "B/op", "unit"))
    for r in rows:
        name = r["benchmark"].split(".")[-2] + "." + r["benchmark"].split(".")[-1]
        if r.get("params"):
            name += " [" + ",".join("%s=%s" % kv for kv in r["params"].items()) + "]"
        pm = r["primaryMetric"]
        raw = [x for fork in pm["rawData"] for x in fork]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score", float("nan"))
        print("%-52s %10.1f %10.1f %10.1f %10.1f %10.1f %8.2f %s" % (
            name, statistics.median(raw), min(raw), max(raw), pm["score"], pm["scoreError"], alloc,
            pm["scoreUnit"]))


if __name__ == "__main__":
    main(sys.argv[1])
