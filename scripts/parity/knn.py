"""Golden scikit-learn KNN regression figures for test/fixtures/knn.json.

Run: /usr/bin/python3 scripts/parity/knn.py   (about two minutes: grid searches run with n_jobs=1)
Reproduces the notebook's KNN cells on df_num (split 0.25 / 3001, StandardScaler fit on train):
validation curve, simple best k, the 5-fold GridSearchCV over 50 x 2 x 2 cells, the final
model (k=18, distance, manhattan), its tuned curve, feature/prediction correlations and
permutation importances. Generated cases, whose data go into the fixture, cover exact-duplicate
rows (the zero-distance rule), a tie-heavy integer grid (KD-tree build, neighbour order under
ties, grid search, importance) and permutation importance on a linear predictor.

KNN results flip on last-bit differences in the inputs, because neighbours at nearly equal
distances swap. On CPUs with AVX512, numpy evaluates np.log1p with its SVML kernels, which
differ from the C library's log1p in the last bit for about a fifth of the movie values. So
that the fixture does not depend on the machine it is made on, the script re-runs itself with
those numpy kernels disabled (NPY_DISABLE_CPU_FEATURES); values then match the C library's
log1p, as on any CPU without AVX512.
"""
import hashlib
import os
import sys

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.inspection import permutation_importance
from sklearn.metrics import mean_squared_error
from sklearn.model_selection import GridSearchCV, ParameterGrid, train_test_split
from sklearn.neighbors import KNeighborsRegressor
from sklearn.preprocessing import StandardScaler

import movies

K_VALUES = list(range(1, 51))
PARAM_GRID = {"n_neighbors": K_VALUES, "weights": ["uniform", "distance"], "metric": ["euclidean", "manhattan"]}


def rmse(actual, predicted):
    return float(mean_squared_error(actual, predicted) ** 0.5)


def validation_curve(X_train, y_train, X_valid, y_valid, **params):
    out = []
    for k in K_VALUES:
        m = KNeighborsRegressor(n_neighbors=k, **params).fit(X_train, y_train)
        out.append(rmse(y_valid, m.predict(X_valid)))
    return out


def correlations(X, predictions):
    return [float(np.corrcoef(X[:, i], predictions)[0, 1]) for i in range(X.shape[1])]


def importance(estimator, X, y, n_repeats, random_state):
    r = permutation_importance(estimator, X, y, n_repeats=n_repeats, random_state=random_state, n_jobs=1)
    return {
        "nRepeats": n_repeats,
        "randomState": random_state,
        "mean": r.importances_mean.tolist(),
        "std": r.importances_std.tolist(),
        "raw": r.importances.tolist(),
    }


def grid_search(X_train, y_train):
    gs = GridSearchCV(
        KNeighborsRegressor(), PARAM_GRID, scoring="neg_root_mean_squared_error", cv=5, n_jobs=1
    ).fit(X_train, y_train)
    res = gs.cv_results_
    params = list(ParameterGrid(PARAM_GRID))
    assert params == list(res["params"]), "cv_results_ order differs from ParameterGrid order"
    return {
        "params": [{"metric": p["metric"], "k": p["n_neighbors"], "weights": p["weights"]} for p in params],
        "meanRmse": (-res["mean_test_score"]).tolist(),
        "foldRmse": [[-float(res[f"split{f}_test_score"][i]) for f in range(5)] for i in range(len(params))],
        "best": {
            "metric": gs.best_params_["metric"],
            "k": gs.best_params_["n_neighbors"],
            "weights": gs.best_params_["weights"],
        },
        "bestIndex": int(gs.best_index_),
        "bestRmse": float(-gs.best_score_),
    }


def movie_figures():
    df_num = movies.numeric_frame(movies.load_nonzero_budget())
    X = df_num.drop(columns=["vote_average"])
    y = df_num["vote_average"]
    X_train, X_valid, y_train, y_valid = train_test_split(X, y, test_size=0.25, random_state=3001)
    scaler = StandardScaler()
    Xt = scaler.fit_transform(X_train)
    Xv = scaler.transform(X_valid)
    yt = y_train.values
    yv = y_valid.values

    curve = validation_curve(Xt, yt, Xv, yv)
    best_k = K_VALUES[int(np.argmin(curve))]
    knn_best = KNeighborsRegressor(n_neighbors=best_k).fit(Xt, yt)

    knn8 = KNeighborsRegressor(n_neighbors=8).fit(Xt, yt)
    knn_final = KNeighborsRegressor(n_neighbors=18, weights="distance", metric="manhattan").fit(Xt, yt)

    return {
        "columns": list(X.columns),
        "trainRows": int(len(yt)),
        "validRows": int(len(yv)),
        "validationCurve": {"k": K_VALUES, "rmse": curve},
        "simpleBest": {
            "k": best_k,
            "trainRmse": rmse(yt, knn_best.predict(Xt)),
            "validRmse": rmse(yv, knn_best.predict(Xv)),
        },
        "grid": grid_search(Xt, yt),
        "final": {
            "k": 18,
            "weights": "distance",
            "metric": "manhattan",
            "trainRmse": rmse(yt, knn_final.predict(Xt)),
            "validRmse": rmse(yv, knn_final.predict(Xv)),
        },
        "tunedCurve": {"k": K_VALUES, "rmse": validation_curve(Xt, yt, Xv, yv, weights="distance", metric="manhattan")},
        "correlations": {
            "k8": correlations(Xt, knn8.predict(Xt)),
            "final": correlations(Xt, knn_final.predict(Xt)),
        },
        "importance": {
            "k8": importance(knn8, Xv, yv, n_repeats=10, random_state=3001),
            "final": importance(knn_final, Xv, yv, n_repeats=20, random_state=3001),
        },
    }


def duplicate_rows_case():
    """A small table whose training rows include exact duplicates with different targets.

    Queries are fresh points plus copies of training rows, so some queries sit at distance 0
    from one, two or three training rows. Only k values where no query has a distance tie
    across the k-th / (k+1)-th neighbour are kept, so the expected predictions do not depend
    on how an implementation orders equally distant neighbours.
    """
    rng = np.random.default_rng(20240612)
    base = rng.normal(0.0, 1.0, (12, 3))
    train = np.vstack([base, base[[0, 0, 5, 9]]])
    y_train = rng.uniform(1.0, 9.0, len(train))
    query = np.vstack([rng.normal(0.0, 1.0, (6, 3)), base[[0, 5, 9, 3]]])
    cases = []
    for metric in ["euclidean", "manhattan"]:
        if metric == "euclidean":
            dist = np.sqrt(((query[:, None, :] - train[None, :, :]) ** 2).sum(axis=2))
        else:
            dist = np.abs(query[:, None, :] - train[None, :, :]).sum(axis=2)
        sorted_dist = np.sort(dist, axis=1)
        for k in range(1, 11):
            if np.any(sorted_dist[:, k - 1] == sorted_dist[:, k]):
                continue
            zero_in_k = int(np.sum(sorted_dist[:, :k] == 0.0))
            for weights in ["uniform", "distance"]:
                m = KNeighborsRegressor(n_neighbors=k, weights=weights, metric=metric).fit(train, y_train)
                cases.append({
                    "metric": metric,
                    "k": k,
                    "weights": weights,
                    "zeroDistanceNeighbours": zero_in_k,
                    "predictions": m.predict(query).tolist(),
                })
    return {"train": train.tolist(), "yTrain": y_train.tolist(), "query": query.tolist(), "cases": cases}


class LinearPredictor(RegressorMixin, BaseEstimator):
    """A fixed linear map, so the permutation algorithm is checked apart from KNN."""

    def __init__(self, coef=None, intercept=0.0):
        self.coef = coef
        self.intercept = intercept

    def fit(self, X, y):
        return self

    def predict(self, X):
        return np.asarray(X) @ np.asarray(self.coef) + self.intercept


def linear_importance_case():
    rng = np.random.default_rng(20240613)
    X = rng.normal(0.0, 1.0, (25, 4))
    coef = [1.5, -0.7, 0.2, 0.0]
    intercept = 0.3
    y = X @ np.asarray(coef) + intercept + rng.normal(0.0, 0.5, 25)
    est = LinearPredictor(coef=coef, intercept=intercept)
    return {
        "X": X.tolist(),
        "y": y.tolist(),
        "coef": coef,
        "intercept": intercept,
        "importance": importance(est, X, y, n_repeats=7, random_state=42),
    }


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def tie_grid_case():
    """Integer features: many exact duplicates and equal distances, to pin down tie order."""
    rng = np.random.default_rng(20240614)
    train = rng.integers(0, 6, (1000, 4)).astype(float)
    y_train = rng.normal(6.0, 1.5, len(train))
    query = rng.integers(0, 6, (200, 4)).astype(float)
    y_query = rng.normal(6.0, 1.5, len(query))
    tree_index = KNeighborsRegressor(n_neighbors=1).fit(train, y_train)._tree.get_arrays()[1]
    neighbours = {}
    rmse_cells = []
    for metric in ["euclidean", "manhattan"]:
        for k in [1, 4, 9, 25]:
            m = KNeighborsRegressor(n_neighbors=k, metric=metric).fit(train, y_train)
            assert m._fit_method == "kd_tree"
            dist, ind = m.kneighbors(query)
            neighbours[f"{metric}_{k}"] = {"k": k, "metric": metric, "indices": ind.tolist(), "distances": dist.tolist()}
        for k in range(1, 26):
            for weights in ["uniform", "distance"]:
                m = KNeighborsRegressor(n_neighbors=k, weights=weights, metric=metric).fit(train, y_train)
                rmse_cells.append({"metric": metric, "k": k, "weights": weights, "rmse": rmse(y_query, m.predict(query))})
    small_grid = {"n_neighbors": list(range(1, 13)), "weights": ["uniform", "distance"], "metric": ["euclidean", "manhattan"]}
    gs = GridSearchCV(KNeighborsRegressor(), small_grid, scoring="neg_root_mean_squared_error", cv=5, n_jobs=1)
    gs.fit(train, y_train)
    knn = KNeighborsRegressor(n_neighbors=5, weights="distance", metric="manhattan").fit(train, y_train)
    return {
        "train": train.tolist(),
        "yTrain": y_train.tolist(),
        "query": query.tolist(),
        "yQuery": y_query.tolist(),
        "kdTreeIdxArray": tree_index.tolist(),
        "neighbours": list(neighbours.values()),
        "queryRmse": rmse_cells,
        "grid": {
            "k": small_grid["n_neighbors"],
            "meanRmse": (-gs.cv_results_["mean_test_score"]).tolist(),
            "best": {"metric": gs.best_params_["metric"], "k": gs.best_params_["n_neighbors"], "weights": gs.best_params_["weights"]},
            "bestRmse": float(-gs.best_score_),
        },
        "importance": importance(knn, query, y_query, n_repeats=5, random_state=7),
    }


AVX512_DISPATCH = ["AVX512F", "AVX512CD", "AVX512_SKX", "AVX512_CLX", "AVX512_CNL", "AVX512_ICL"]


def rerun_without_avx512():
    """Re-exec once with numpy's AVX512 kernels off, if this numpy would use them."""
    from numpy.core._multiarray_umath import __cpu_features__

    active = [f for f in AVX512_DISPATCH if __cpu_features__.get(f)]
    if active and "NPY_DISABLE_CPU_FEATURES" not in os.environ:
        env = dict(os.environ, NPY_DISABLE_CPU_FEATURES=" ".join(active))
        os.execve(sys.executable, [sys.executable] + sys.argv, env)


def main():
    rerun_without_avx512()
    movies.write_fixture("knn.json", {
        "note": "scikit-learn KNeighborsRegressor (algorithm auto), GridSearchCV cv=5 neg RMSE, permutation_importance",
        "movies_sha256": sha256(movies.MOVIES_CSV),
        "movies": movie_figures(),
        "numpyDisabledCpuFeatures": os.environ.get("NPY_DISABLE_CPU_FEATURES", ""),
        "duplicateRows": duplicate_rows_case(),
        "tieGrid": tie_grid_case(),
        "linearImportance": linear_importance_case(),
    })


if __name__ == "__main__":
    main()
