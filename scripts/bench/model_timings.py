"""scikit-learn's wall time for the models bench/main.ts times, on the notebook's data.

Run: /usr/bin/python3 scripts/bench/model_timings.py [--repeats 3] [--only kmeans,silhouette,pca,knn,mlp]
       [--data table.csv] [--cpu]
Prints one JSON object: milliseconds per model (wall, or with --cpu this process's CPU time, which a
shared machine's load changes less), each the median of `repeats` timed runs after one
untimed warm-up (for the K-Means scan, one short fit). The data comes from scripts/parity/movies.py, the notebook's preprocessing:
- kmeans: the scan of cell 37, KMeans(k, random_state=3001, n_init=20) for k = 2..10 on df_num's
  six predictors scaled on all 9,017 rows;
- silhouette: silhouette_score of the k = 4 (tuned) labels on the same rows;
- pca: PCA() (every component) on the same rows, per fit (timed over batches of PCA_BATCH fits);
- knn: cell 21's GridSearchCV(cv=5, n_jobs=2) on the 6,762 scaled training rows;
- mlp: MLPRegressor((64,)) ms per epoch on the training rows (tol=0, MLP_EPOCHS epochs).
A benchmark, not a test: nothing is checked.
"""
import argparse
import json
import os
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import silhouette_score
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.neighbors import KNeighborsRegressor
from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_info

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "parity"))
import movies  # noqa: E402

PCA_BATCH = 20
MLP_EPOCHS = 50
MODELS = ("kmeans", "silhouette", "pca", "knn", "mlp")


CLOCK = time.perf_counter


def median_ms(run, repeats, per=1, warm_up=None):
    (warm_up or run)()
    times = []
    for _ in range(repeats):
        start = CLOCK()
        run()
        times.append((CLOCK() - start) * 1000 / per)
    return float(np.median(times))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", default=",".join(MODELS))
    parser.add_argument("--data", default=movies.MOVIES_CSV, help="the movie table (default data/movies.csv)")
    parser.add_argument("--cpu", action="store_true", help="time with the process's CPU clock instead of the wall clock")
    args = parser.parse_args()
    global CLOCK
    if args.cpu:
        CLOCK = time.process_time
    wanted = [m for m in args.only.split(",") if m]
    unknown = [m for m in wanted if m not in MODELS]
    if unknown:
        parser.error(f"unknown model(s) {unknown}; choose from {list(MODELS)}")

    df_num = movies.numeric_frame(movies.load_nonzero_budget(args.data))
    X = df_num[movies.NUMERIC_FEATURES]
    y = df_num["vote_average"]
    X_scaled = StandardScaler().fit_transform(X)
    X_train, _, y_train, _ = train_test_split(X, y, test_size=0.25, random_state=3001)
    X_train_scaled = StandardScaler().fit_transform(X_train)

    out = {
        "sklearn": sklearn.__version__,
        "threads": {pool["user_api"]: pool["num_threads"] for pool in threadpool_info()},
        "repeats": args.repeats,
        "rows": int(X_scaled.shape[0]),
        "train_rows": int(X_train_scaled.shape[0]),
    }
    if "kmeans" in wanted:
        def scan():
            for k in range(2, 11):
                KMeans(n_clusters=k, random_state=3001, n_init=20).fit(X_scaled)
        # A short fit warms up as well as a whole extra scan would, without its minute of waiting.
        warm_up = lambda: KMeans(n_clusters=4, random_state=3001, n_init=2).fit(X_scaled)  # noqa: E731
        out["kmeans_scan_ms"] = median_ms(scan, args.repeats, warm_up=warm_up)
    if "silhouette" in wanted:
        labels = KMeans(n_clusters=4, random_state=3001, n_init=20).fit(X_scaled).labels_
        out["silhouette_ms"] = median_ms(lambda: silhouette_score(X_scaled, labels), args.repeats)
    if "pca" in wanted:
        def pcas():
            for _ in range(PCA_BATCH):
                PCA().fit(X_scaled)
        out["pca_ms"] = median_ms(pcas, args.repeats, per=PCA_BATCH)
    if "knn" in wanted:
        grid = {"n_neighbors": list(range(1, 51)), "weights": ["uniform", "distance"], "metric": ["euclidean", "manhattan"]}
        search = lambda: GridSearchCV(  # noqa: E731
            KNeighborsRegressor(), grid, scoring="neg_root_mean_squared_error", cv=5, n_jobs=2
        ).fit(X_train_scaled, y_train)
        out["knn_grid_ms"] = median_ms(search, args.repeats)
    if "mlp" in wanted:
        def epochs():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                MLPRegressor(hidden_layer_sizes=(64,), max_iter=MLP_EPOCHS, tol=0.0, random_state=3001).fit(X_train_scaled, y_train)
        out["mlp_ms_per_epoch"] = median_ms(epochs, args.repeats, per=MLP_EPOCHS)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
