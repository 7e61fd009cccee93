"""scikit-learn side of train-vs-sklearn: fits one model on a CSV, scores a test CSV.

Usage: train_sklearn.py mlp|logistic TRAIN TEST EPOCHS BATCH LEARNING_RATE SEED
Prints one JSON line: {"ms": fit time, "accuracy": on TEST, "rows": N,
"iterations": n_iter_}. Only fit() is timed (not the interpreter's start-up
or reading the CSVs); the 5-epoch MLP's ConvergenceWarning is expected.
"""
import json
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier


def read(path):
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    return data[:, :-1], data[:, -1].astype(np.int64)


def build(kind, epochs, batch, learning_rate, seed):
    if kind == "mlp":
        # alpha=0: no L2 term, as our fit without l2; the rest as given to ours.
        return MLPClassifier(hidden_layer_sizes=(64,), activation="relu", solver="adam", alpha=0.0,
                             batch_size=batch, learning_rate_init=learning_rate, max_iter=epochs,
                             shuffle=True, early_stopping=False, random_state=seed)
    # scikit-learn's defaults (lbfgs, C=1), what a user would call.
    return LogisticRegression()


def main():
    kind, train_path, test_path = sys.argv[1], sys.argv[2], sys.argv[3]
    epochs, batch, learning_rate, seed = int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
    x, y = read(train_path)
    x_test, y_test = read(test_path)
    model = build(kind, epochs, batch, learning_rate, seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = time.perf_counter()
        model.fit(x, y)
        ms = (time.perf_counter() - start) * 1000
    accuracy = float((model.predict(x_test) == y_test).mean())
    print(json.dumps({"ms": ms, "accuracy": accuracy, "rows": int(len(y)), "iterations": int(np.max(model.n_iter_))}))


if __name__ == "__main__":
    main()
