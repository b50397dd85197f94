"""The benchmark's workload in scikit-learn, for a side-by-side comparison.

MLPClassifier with one hidden layer of 32 relu units on all 1797 rows of digits (z-scored),
plain momentum SGD (momentum 0.9, no Nesterov), learning rate 0.05 (constant), batch size 32,
exactly 100 epochs (no early stopping, no tolerance stop), alpha 1e-4. Prints key=value pairs.
With a third argument `adam`: solver adam (beta1 0.9, beta2 0.999, epsilon 1e-8), learning rate 0.001.
Usage: python sklearn_digits.py DATASETS_DIR [repeats] [sgd|adam]
"""
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

directory = sys.argv[1] if len(sys.argv) > 1 else "Datasets"
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
adam = len(sys.argv) > 3 and sys.argv[3] == "adam"
data = np.loadtxt(f"{directory}/digits.csv", delimiter=",", skiprows=1)
x = StandardScaler().fit_transform(data[:, :-1])
y = data[:, -1].astype(int)

best = float("inf")
accuracy = float("nan")
for _ in range(repeats):
    model = MLPClassifier(hidden_layer_sizes=(32,), activation="relu", solver="adam" if adam else "sgd",
                          learning_rate="constant", learning_rate_init=0.001 if adam else 0.05, momentum=0.9,
                          nesterovs_momentum=False, batch_size=32, max_iter=100, alpha=1e-4,
                          tol=0.0, n_iter_no_change=1000, early_stopping=False, shuffle=True,
                          random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = time.perf_counter()
        model.fit(x, y)
        seconds = time.perf_counter() - start
    best = min(best, seconds)
    accuracy = model.score(x, y)
    assert model.n_iter_ == 100, model.n_iter_

print(f"sklearn_seconds={best:.6f} sklearn_train_accuracy={accuracy:.4f}")
