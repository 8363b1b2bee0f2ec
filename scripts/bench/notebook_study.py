"""The notebook's whole computation in Python, timed: the reference for bench/main.ts `study`.

Run: /usr/bin/python3 scripts/bench/notebook_study.py [--data table.csv]
Prints one JSON object: seconds per group, per counterpart of a sweepflow stage (stages_s: the
cells each stage of the movie study computes, for bench/main.ts `scale`) and the totals. Plots and tables-for-display are left
out; every model fit, prediction, score and importance of the notebook's cells is done once:
- preprocess: read the CSV, log features, df_num and the full and reduced designs (cells 3, 6, 8, 10);
- ols: the three statsmodels OLS fits with their summaries (cells 6, 8, 10);
- knn: validation curve k = 1..50, best-k fit, KNN(8) correlations and permutation importance
  (cells 14, 16, 17), the tuned model's fit, tuned curve, correlations and importance (22-25);
  cells 18 and 19 only re-run 16 and 17 for plots and are not repeated;
- knn_grid: cell 21's GridSearchCV(cv=5), timed with n_jobs=1 and with n_jobs=2 (the notebook's
  n_jobs=-1 on a 2-core machine);
- kmeans: base k = 3, the k = 2..10 scan with silhouettes, the tuned k = 4 fit, K-Means on the
  first three PCs with its silhouette, centroids and the membership comparison (30, 31, 37, 40, 60,
  64-67);
- pca: PCA(2) of cells 33 and 41, the full PCA (46) and PCA(3) (55);
- mlp: baseline (32,) with importances (70, 73), the 15-configuration grid (77), the final (64,)
  with importances (79, 81).
total_notebook_s counts the grid with n_jobs=2, total_serial_s with n_jobs=1.
Preprocessing comes from scripts/parity/movies.py (the notebook's own steps). Not a test.
"""
import argparse
import json
import os
import sys
import time
import warnings

import numpy as np
import pandas as pd
import sklearn
import statsmodels.api as sm
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.exceptions import ConvergenceWarning
from sklearn.inspection import permutation_importance
from sklearn.metrics import mean_squared_error, silhouette_score
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.neighbors import KNeighborsRegressor
from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "parity"))
import movies  # noqa: E402

SEED = 3001

# Seconds per sweepflow stage's counterpart, summed over the cells that stage computes.
STAGES = {}


def staged(stage, run):
    start = time.perf_counter()
    value = run()
    STAGES[stage] = STAGES.get(stage, 0.0) + time.perf_counter() - start
    return value


def rmse(actual, predicted):
    return mean_squared_error(actual, predicted) ** 0.5


def correlations(X, predictions):
    return [np.corrcoef(X[:, i], predictions)[0, 1] for i in range(X.shape[1])]


def preprocess(path):
    df_nz = movies.load_nonzero_budget(path)
    return movies.numeric_frame(df_nz), movies.full_design(df_nz), movies.reduced_design(df_nz)


def ols(designs):
    for X, y in designs:
        sm.OLS(y, sm.add_constant(X)).fit().summary()


def knn_split(df_num):
    X = df_num.drop(columns=["vote_average"])
    y = df_num["vote_average"]
    X_train, X_valid, y_train, y_valid = train_test_split(X, y, test_size=0.25, random_state=SEED)
    scaler = StandardScaler()
    return scaler.fit_transform(X_train), scaler.transform(X_valid), y_train, y_valid


def knn(split):
    X_train, X_valid, y_train, y_valid = split

    def curve_cells():
        curve = [rmse(y_valid, KNeighborsRegressor(n_neighbors=k).fit(X_train, y_train).predict(X_valid)) for k in range(1, 51)]
        best = KNeighborsRegressor(n_neighbors=int(np.argmin(curve)) + 1).fit(X_train, y_train)
        rmse(y_train, best.predict(X_train)), rmse(y_valid, best.predict(X_valid))
        knn8 = KNeighborsRegressor(n_neighbors=8).fit(X_train, y_train)
        correlations(X_train, knn8.predict(X_train))
        return knn8
    knn8 = staged("knn-curve", curve_cells)
    staged("knn-explain", lambda: permutation_importance(knn8, X_valid, y_valid, n_repeats=10, random_state=SEED))

    def final_cells():
        final = KNeighborsRegressor(n_neighbors=18, weights="distance", metric="manhattan").fit(X_train, y_train)
        final.predict(X_valid)
        for k in range(1, 51):
            model = KNeighborsRegressor(n_neighbors=k, weights="distance", metric="manhattan").fit(X_train, y_train)
            rmse(y_valid, model.predict(X_valid))
        correlations(X_train, final.predict(X_train))
        return final
    final = staged("knn-final", final_cells)
    staged("knn-importance", lambda: permutation_importance(final, X_valid, y_valid, n_repeats=20, random_state=SEED))


def knn_grid(split, n_jobs):
    X_train, _, y_train, _ = split
    grid = {"n_neighbors": list(range(1, 51)), "weights": ["uniform", "distance"], "metric": ["euclidean", "manhattan"]}
    GridSearchCV(KNeighborsRegressor(), grid, scoring="neg_root_mean_squared_error", cv=5, n_jobs=n_jobs).fit(X_train, y_train)


def kmeans_and_pca(df_num):
    """Returns (kmeans seconds, pca seconds): the cells interleave, each call is timed on its own."""
    spent = {"kmeans": 0.0, "pca": 0.0}

    def timed(group, run, stage=None):
        start = time.perf_counter()
        value = run()
        spent[group] += time.perf_counter() - start
        STAGES[stage or group] = STAGES.get(stage or group, 0.0) + time.perf_counter() - start
        return value

    X_scaled = timed("kmeans", lambda: StandardScaler().fit_transform(df_num.drop(columns=["vote_average"])))
    base = timed("kmeans", lambda: KMeans(n_clusters=3, random_state=6021, n_init=20).fit_predict(X_scaled))
    timed("kmeans", lambda: df_num.assign(cluster=base)["cluster"].value_counts().sort_index())
    timed("pca", lambda: PCA(n_components=2).fit_transform(X_scaled))

    def scan():
        for k in range(2, 11):
            labels = KMeans(n_clusters=k, random_state=SEED, n_init=20).fit_predict(X_scaled)
            silhouette_score(X_scaled, labels)
    timed("kmeans", scan)
    tuned = timed("kmeans", lambda: KMeans(n_clusters=4, random_state=SEED, n_init=20).fit_predict(X_scaled))
    df_tuned = df_num.assign(cluster=tuned)
    timed("kmeans", lambda: df_tuned.groupby("cluster").mean(numeric_only=True))
    timed("pca", lambda: PCA(n_components=2).fit_transform(X_scaled))
    pca = timed("pca", lambda: PCA().fit(X_scaled))
    timed("pca", lambda: PCA(n_components=3).fit_transform(X_scaled))

    X_pca3 = X_scaled @ pca.components_.T[:, :3]
    clusters_pca = timed("kmeans", lambda: KMeans(n_clusters=4, random_state=SEED, n_init=20).fit_predict(X_pca3), "kmeans-pca")

    def compare():
        df_pca3 = pd.DataFrame({"PC1": X_pca3[:, 0], "PC2": X_pca3[:, 1], "PC3": X_pca3[:, 2], "cluster": clusters_pca})
        df_tuned.groupby("cluster").mean(numeric_only=True)
        df_pca3.groupby("cluster").mean(numeric_only=True)
        silhouette_score(X_pca3, clusters_pca)
        membership = pd.DataFrame({"orig_cluster": df_tuned["cluster"], "pca_cluster": df_pca3["cluster"]})
        (membership["orig_cluster"] != membership["pca_cluster"]).mean()
        pd.crosstab(membership["orig_cluster"], membership["pca_cluster"])
    timed("kmeans", compare, "kmeans-pca")
    return spent["kmeans"], spent["pca"]


def mlp(df_num):
    X = df_num.drop(columns=["vote_average"])
    y = df_num["vote_average"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)

        def baseline_and_grid():
            X_train, X_valid, y_train, y_valid = train_test_split(StandardScaler().fit_transform(X), y, test_size=0.2, random_state=SEED)
            base = MLPRegressor(hidden_layer_sizes=(32,), activation="relu", solver="adam", max_iter=500, random_state=SEED)
            base.fit(X_train, y_train)
            rmse(y_train, base.predict(X_train)), rmse(y_valid, base.predict(X_valid))
            permutation_importance(base, X_valid, y_valid, n_repeats=20, random_state=SEED)

            X_train, X_valid, y_train, y_valid = train_test_split(X, y, test_size=0.25, random_state=SEED)
            scaler = StandardScaler()
            X_train, X_valid = scaler.fit_transform(X_train), scaler.transform(X_valid)
            for hidden in [(16,), (32,), (64,), (32, 16), (64, 32)]:
                for alpha in [0.0001, 0.001, 0.01]:
                    model = MLPRegressor(hidden_layer_sizes=hidden, activation="relu", solver="adam", alpha=alpha, max_iter=500, random_state=SEED)
                    model.fit(X_train, y_train)
                    rmse(y_train, model.predict(X_train)), rmse(y_valid, model.predict(X_valid))
            return X_train, X_valid, y_train, y_valid
        X_train, X_valid, y_train, y_valid = staged("mlp", baseline_and_grid)

        def final_cells():
            final = MLPRegressor(hidden_layer_sizes=(64,), activation="relu", solver="adam", alpha=0.0001, max_iter=500, random_state=SEED)
            final.fit(X_train, y_train)
            rmse(y_train, final.predict(X_train)), rmse(y_valid, final.predict(X_valid))
            permutation_importance(final, X_valid, y_valid, n_repeats=20, random_state=SEED)
        staged("mlp-final", final_cells)


def seconds(run):
    start = time.perf_counter()
    value = run()
    return time.perf_counter() - start, value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=movies.MOVIES_CSV, help="the movie table (default data/movies.csv)")
    args = parser.parse_args()
    groups = {}
    groups["preprocess"], (df_num, full, reduced) = seconds(lambda: preprocess(args.data))
    STAGES["preprocess"] = groups["preprocess"]
    numeric = (df_num.drop(columns=["vote_average"]), df_num["vote_average"])
    groups["ols"], _ = seconds(lambda: ols([full, numeric, reduced]))
    STAGES["ols"] = groups["ols"]
    split_s, split = seconds(lambda: knn_split(df_num))
    knn_s, _ = seconds(lambda: knn(split))
    groups["knn"] = split_s + knn_s
    grid_serial, _ = seconds(lambda: knn_grid(split, 1))
    STAGES["knn-grid"] = grid_serial
    grid_parallel, _ = seconds(lambda: knn_grid(split, 2))
    groups["kmeans"], groups["pca"] = kmeans_and_pca(df_num)
    groups["mlp"], _ = seconds(lambda: mlp(df_num))

    common = sum(groups.values())
    print(json.dumps({
        "sklearn": sklearn.__version__,
        "groups_s": groups,
        "stages_s": STAGES,
        "knn_grid_s": {"n_jobs_1": grid_serial, "n_jobs_2": grid_parallel},
        "total_notebook_s": common + grid_parallel,
        "total_serial_s": common + grid_serial,
    }))


if __name__ == "__main__":
    main()
