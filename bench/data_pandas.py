"""pandas side of the data benchmarks: times read_csv or describe() on a CSV.

Usage: data_pandas.py read|describe PATH ROUNDS
Prints one JSON line: {"ms": [...], "cpu_ms": [...], "rows": N}: wall and
CPU (process) time per round. Timed in-process so the interpreter's start-up
is not counted against pandas.
"""
import json
import sys
import time

import pandas as pd


def main() -> None:
    op, path, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    times = []
    cpu = []
    df = None
    if op == "describe":
        df = pd.read_csv(path)
    for _ in range(rounds):
        start = time.perf_counter()
        cpu_start = time.process_time()
        if op == "read":
            df = pd.read_csv(path)
        else:
            df.describe()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - cpu_start) * 1000)
    print(json.dumps({"ms": times, "cpu_ms": cpu, "rows": int(len(df))}))


if __name__ == "__main__":
    main()
