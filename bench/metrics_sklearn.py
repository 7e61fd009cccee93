"""scikit-learn side of metrics-vs-sklearn: every classification metric on one CSV.

Usage: metrics_sklearn.py PATH
PATH holds y_true,y_pred,y_score (score: probability of class 1). Prints one
JSON line: {"ms": {metric: ms}, "values": {metric: value}, "rows": N}. Only
the metric calls are timed (not the start-up or reading the CSV).
"""
import json
import sys
import time

import numpy as np
from sklearn import metrics as m


def prf(average):
    return lambda t, p, s: list(m.precision_recall_fscore_support(t, p, average=average)[:3])


# The same names, in the same order, as METRICS in metrics-sklearn.ts.
METRICS = [
    ("accuracy", lambda t, p, s: m.accuracy_score(t, p)),
    ("balanced_accuracy", lambda t, p, s: m.balanced_accuracy_score(t, p)),
    ("precision_recall_f1_macro", prf("macro")),
    ("precision_recall_f1_weighted", prf("weighted")),
    ("roc_auc", lambda t, p, s: m.roc_auc_score(t, s)),
    ("average_precision", lambda t, p, s: m.average_precision_score(t, s)),
    ("log_loss", lambda t, p, s: m.log_loss(t, s)),
    ("brier", lambda t, p, s: m.brier_score_loss(t, s)),
    ("confusion_matrix", lambda t, p, s: m.confusion_matrix(t, p).tolist()),
]


def main():
    data = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
    t, p, s = data[:, 0].astype(np.int64), data[:, 1].astype(np.int64), data[:, 2]
    # One untimed pass on a slice first, as the TypeScript side does (first calls pay lazy imports there, JIT here).
    for _, compute in METRICS:
        compute(t[:1000], p[:1000], s[:1000])
    times, values = {}, {}
    for name, compute in METRICS:
        start = time.perf_counter()
        value = compute(t, p, s)
        times[name] = (time.perf_counter() - start) * 1000
        values[name] = value if isinstance(value, list) else float(value)
    print(json.dumps({"ms": times, "values": values, "rows": int(len(t))}))


if __name__ == "__main__":
    main()
