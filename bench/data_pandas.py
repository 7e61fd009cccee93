"""pandas side of the data benchmarks: times read_csv or describe() on a CSV.

Usage: data_pandas.py read|describe PATH ROUNDS
Prints one JSON line: {"ms": [...], "rows": N}. Timed in-process so the
interpreter's start-up is not counted against pandas.
"""
import json
import sys
import time

import pandas as pd


def main() -> None:
    op, path, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    times = []
    df = None
    if op == "describe":
        df = pd.read_csv(path)
    for _ in range(rounds):
        start = time.perf_counter()
        if op == "read":
            df = pd.read_csv(path)
        else:
            df.describe()
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"ms": times, "rows": int(len(df))}))


if __name__ == "__main__":
    main()
