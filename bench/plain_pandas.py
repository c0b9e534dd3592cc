#!/usr/bin/python3
"""The benchmark's second workload in pandas, written the plain way an analyst
writes it: a loop of boolean-mask selections per year, Series.apply with a
function for the band, merge with the entity table, pivot_table of years to
columns. The same five phases as bench/plain.lua, timed one by one, with the
answers in the same canonical text form (docs/benchmark.md). Phase times go
to standard output; the answers, computed after the clock stops, go to OUT.

    /usr/bin/python3 bench/plain_pandas.py build/bench/data/panel-2m.csv \\
        build/bench/data/entities-2m.csv /tmp/pandas.txt
"""
import math
import sys
import time

import pandas as pd


def band(score):
    if score >= 75:
        return "high"
    elif score >= 50:
        return "middle"
    return "low"


def main(panel_path, entities_path, out_path):
    timings = []
    state = {}

    def phase(name, fn):
        start = time.perf_counter()
        state[name] = fn()
        timings.append((name, time.perf_counter() - start))

    started = time.perf_counter()

    # (1) The panel and the table of entities.
    phase("load", lambda: (pd.read_csv(panel_path), pd.read_csv(entities_path)))
    panel, entities = state["load"]

    # (2) Year by year: the rows, the mean score and Pearson's r of score with score2.
    def years():
        rows = []
        for year in range(panel["year"].min(), panel["year"].max() + 1):
            s = panel[panel["year"] == year]
            rows.append((year, len(s), s["score"].mean(), s["score"].corr(s["score2"])))
        return rows
    phase("years", years)

    # (3) A band for every row from its score, then the rows and mean score of each band.
    def bands():
        banded = panel.assign(band=panel["score"].apply(band))
        return banded.groupby("band").agg(rows=("score", "size"), mean_score=("score", "mean"))
    phase("band", bands)

    # (4) Each row's province (entities not in the table are left out), then per province.
    def provinces():
        joined = panel.merge(entities, on="entity")
        return joined.groupby("province").agg(rows=("score", "size"),
                                              entities=("entity", "nunique"),
                                              mean_score=("score", "mean"))
    phase("join", provinces)

    # (5) One row per entity, one column of scores per year.
    phase("pivot", lambda: panel.pivot_table(index="entity", columns="year", values="score"))

    total = time.perf_counter() - started
    for name, seconds in timings:
        print("phase %s %.6f" % (name, seconds))
    print("total %.6f" % total)
    write_answers(out_path, panel, entities, state)


def text(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "null"
    if isinstance(v, float):
        return "%.17g" % v
    return str(v)


def write_answers(out_path, panel, entities, state):
    with open(out_path, "w") as out:
        def line(*values):
            out.write(",".join(text(v) for v in values) + "\n")

        out.write("# rows\n")
        line("panel", "entities")
        line(len(panel), len(entities))
        out.write("# years\n")
        line("year", "rows", "mean_score", "pearson")
        for year, n, mean, r in state["years"]:
            line(int(year), n, float(mean), float(r))
        out.write("# bands\n")
        line("band", "rows", "mean_score")
        for name, r in state["band"].iterrows():
            line(name, int(r["rows"]), float(r["mean_score"]))
        out.write("# provinces\n")
        line("province", "rows", "entities", "mean_score")
        for name, r in state["join"].iterrows():
            line(name, int(r["rows"]), int(r["entities"]), float(r["mean_score"]))
        wide = state["pivot"]
        out.write("# wide\n")
        line("rows", "columns")
        line(len(wide), len(wide.columns) + 1)  # the entity, pandas' index, is a column too
        line("year", "values", "sum_score")
        for year in wide.columns:
            line(int(year), int(wide[year].count()), float(wide[year].sum()))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.stderr.write("usage: python3 bench/plain_pandas.py PANEL.csv ENTITIES.csv ANSWERS.txt\n")
        sys.exit(2)
    main(sys.argv[1], sys.argv[2], sys.argv[3])
