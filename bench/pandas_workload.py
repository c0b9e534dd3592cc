#!/usr/bin/python3
"""The benchmark's workload in pandas (Debian's python3-pandas); not named pandas.py,
which would hide the pandas module from its own import.

The same six phases as bench/workload.lua, timed one by one, with the answers
written in the same canonical text form (docs/benchmark.md). Phase times go to
standard output as "phase <name> <seconds>" and "total <seconds>"; the answers,
computed after the clock stops, go to the file OUT.

    /usr/bin/python3 bench/pandas_workload.py bench/data/panel-2m.csv /tmp/pandas.txt
"""
import math
import sys
import time

import pandas as pd


def main(csv_path, out_path):
    timings = []
    state = {}

    def phase(name, fn):
        start = time.perf_counter()
        state[name] = fn()
        timings.append((name, time.perf_counter() - start))

    started = time.perf_counter()

    # (1) Load, the types inferred from the values.
    phase("load", lambda: pd.read_csv(csv_path))
    panel = state["load"]

    # (2) Rank of score within each year, highest 1, ties "min".
    def rank():
        ranked = panel.copy(deep=False)
        ranked["rank"] = (ranked.groupby("year")["score"]
                          .rank(method="min", ascending=False).astype("int64"))
        return ranked
    phase("rank", rank)
    ranked = state["rank"]

    # (3) The previous year's rank by key (a missing year gives NaN), and the change.
    def lag():
        previous = ranked[["entity", "year", "rank"]].rename(columns={"rank": "rank_lag"})
        previous["year"] = previous["year"] + 1
        moved = ranked.merge(previous, on=["entity", "year"], how="left")
        moved["change"] = moved["rank_lag"] - moved["rank"]
        return moved
    phase("lag", lag)
    moved = state["lag"]

    # (4) The ten biggest risers of the last year, ties by entity.
    def risers():
        last = moved[(moved["year"] == moved["year"].max()) & moved["change"].notna()]
        return last.sort_values(["change", "entity"], ascending=[False, True]).head(10)
    phase("risers", risers)

    # (5) Pearson and Spearman (Pearson of the average ranks within the year) per year.
    def cor():
        pairs = panel[["year", "score", "score2"]]
        by_year = pairs.groupby("year")
        pearson = by_year[["score", "score2"]].corr().xs("score", level=1)["score2"]
        ranks = by_year[["score", "score2"]].rank(method="average")
        ranks["year"] = pairs["year"]
        spearman = (ranks.groupby("year")[["score", "score2"]].corr()
                    .xs("score", level=1)["score2"])
        return pd.DataFrame({"n": by_year.size(), "pearson": pearson, "spearman": spearman})
    phase("cor", cor)

    # (6) Mean score by region and year.
    phase("mean", lambda: panel.groupby(["region", "year"])["score"].mean())

    total = time.perf_counter() - started
    for name, seconds in timings:
        print("phase %s %.6f" % (name, seconds))
    print("total %.6f" % total)
    write_answers(out_path, panel, moved, state["risers"], state["cor"], state["mean"])


def text(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "null"
    if isinstance(v, float):
        return "%.17g" % v
    return str(v)


def integral(v):
    """A count or rank that pandas holds as a float because of NaN, as an int."""
    return None if isinstance(v, float) and math.isnan(v) else int(v)


def write_answers(out_path, panel, moved, risers, cor, means):
    with open(out_path, "w") as out:
        def line(*values):
            out.write(",".join(text(v) for v in values) + "\n")

        out.write("# rows\n")
        line(len(panel))
        out.write("# years\n")
        line("year", "rows", "rank_sum", "lagged", "change_sum")
        years = moved.groupby("year").agg(rows=("rank", "size"), rank_sum=("rank", "sum"),
                                          lagged=("rank_lag", "count"),
                                          change_sum=("change", "sum"))
        for year, r in years.iterrows():
            line(int(year), int(r["rows"]), int(r["rank_sum"]), int(r["lagged"]),
                 integral(r["change_sum"]))
        out.write("# risers\n")
        line("entity", "region", "year", "score", "rank", "rank_lag", "change")
        for r in risers.itertuples():
            line(r.entity, r.region, int(r.year), float(r.score), int(r.rank),
                 integral(r.rank_lag), integral(r.change))
        out.write("# cor\n")
        line("year", "n", "pearson", "spearman")
        for year, r in cor.iterrows():
            line(int(year), int(r["n"]), float(r["pearson"]), float(r["spearman"]))
        out.write("# mean\n")
        line("region", "year", "mean_score")
        for (region, year), mean in means.items():
            line(region, int(year), float(mean))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.stderr.write("usage: python3 bench/pandas_workload.py PANEL.csv ANSWERS.txt\n")
        sys.exit(2)
    main(sys.argv[1], sys.argv[2])
