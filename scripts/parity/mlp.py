"""Golden scikit-learn MLPRegressor fits for test/fixtures/mlp.json.

Run: /usr/bin/python3 scripts/parity/mlp.py
- the notebook's grid on df_num (test_size=0.25, random_state=3001, scaler fit on train):
  hidden (16,), (32,), (64,), (32, 16), (64, 32) x alpha 0.0001, 0.001, 0.01;
- the final (64,) alpha=0.0001 model with its full loss curve;
- the baseline (32,) on the scaler fit on all rows and a 0.2/3001 split;
- small generated problems whose data go into the fixture, for near-exact float64 parity.
Also prints sklearn's per-epoch time for (64,) on the real data (not stored).
"""
import hashlib
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import mean_squared_error
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import StandardScaler

import movies

SEED = 3001
GRID_HIDDEN = [(16,), (32,), (64,), (32, 16), (64, 32)]
GRID_ALPHA = [0.0001, 0.001, 0.01]


def fit(X, y, hidden, alpha, random_state=SEED, max_iter=500, **kwargs):
    mlp = MLPRegressor(hidden_layer_sizes=hidden, activation="relu", solver="adam", alpha=alpha,
                       max_iter=max_iter, random_state=random_state, **kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp.fit(X, y)
    return mlp


def rmse(y, p):
    return float(np.sqrt(mean_squared_error(y, p)))


def weights(mlp):
    return [{"kernel": c.tolist(), "bias": b.tolist()} for c, b in zip(mlp.coefs_, mlp.intercepts_)]


def notebook_split(df_num):
    X = df_num[movies.NUMERIC_FEATURES]
    y = df_num["vote_average"]
    X_train, X_valid, y_train, y_valid = train_test_split(X, y, test_size=0.25, random_state=SEED)
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_valid), y_train.values, y_valid.values


def baseline_split(df_num):
    X = StandardScaler().fit_transform(df_num[movies.NUMERIC_FEATURES])
    return train_test_split(X, df_num["vote_average"].values, test_size=0.2, random_state=SEED)


def grid(Xt, Xv, yt, yv):
    rows = []
    for h in GRID_HIDDEN:
        for a in GRID_ALPHA:
            mlp = fit(Xt, yt, h, a)
            rows.append({
                "hidden": list(h), "alpha": a,
                "train_rmse": rmse(yt, mlp.predict(Xt)), "valid_rmse": rmse(yv, mlp.predict(Xv)),
                "n_iter": int(mlp.n_iter_),
                "loss_first5": [float(v) for v in mlp.loss_curve_[:5]],
                "loss_last": float(mlp.loss_curve_[-1]),
            })
            print(rows[-1]["hidden"], a, rows[-1]["train_rmse"], rows[-1]["valid_rmse"], rows[-1]["n_iter"])
    return rows


def full_fit(Xt, Xv, yt, yv, hidden, alpha):
    mlp = fit(Xt, yt, hidden, alpha)
    return {
        "hidden": list(hidden), "alpha": alpha,
        "train_rmse": rmse(yt, mlp.predict(Xt)), "valid_rmse": rmse(yv, mlp.predict(Xv)),
        "n_iter": int(mlp.n_iter_),
        "loss_curve": [float(v) for v in mlp.loss_curve_],
        "valid_predictions_first5": mlp.predict(Xv[:5]).tolist(),
    }


def small_problem():
    """300 x 4 standard normals and a smooth nonlinear target with a little noise."""
    rs = np.random.RandomState(20240611)
    X = rs.standard_normal((300, 4))
    y = 1.0 + X[:, 0] - 0.5 * X[:, 1] ** 2 + np.tanh(X[:, 2]) * X[:, 3] + 0.1 * rs.standard_normal(300)
    return X, y


def small_case(X, y, hidden, alpha, random_state, max_iter, tol=1e-4):
    mlp = fit(X, y, hidden, alpha, random_state=random_state, max_iter=max_iter, tol=tol)
    return {
        "hidden": list(hidden), "alpha": alpha, "random_state": random_state, "max_iter": max_iter, "tol": tol,
        "n_iter": int(mlp.n_iter_),
        "loss_curve": [float(v) for v in mlp.loss_curve_],
        "predictions_first5": mlp.predict(X[:5]).tolist(),
        "weights": weights(mlp),
    }


def time_per_epoch(Xt, yt, hidden=(64,), epochs=50, repeats=3):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        mlp = fit(Xt, yt, hidden, 0.0001, max_iter=epochs, tol=0.0)
        times.append((time.perf_counter() - start) / mlp.n_iter_)
    return float(np.median(times))


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    df_num = movies.numeric_frame(movies.load_nonzero_budget())
    Xt, Xv, yt, yv = notebook_split(df_num)
    bXt, bXv, byt, byv = baseline_split(df_num)
    X_small, y_small = small_problem()
    payload = {
        "note": "sklearn 1.2 MLPRegressor(relu, adam, batch 'auto', shuffle); RMSE = sqrt(mean_squared_error)",
        "movies_sha256": sha256(movies.MOVIES_CSV),
        "grid": grid(Xt, Xv, yt, yv),
        "final": full_fit(Xt, Xv, yt, yv, (64,), 0.0001),
        "baseline": full_fit(bXt, bXv, byt, byv, (32,), 0.0001),
        "small": {
            "X": X_small.tolist(),
            "y": y_small.tolist(),
            "cases": [
                small_case(X_small, y_small, (8,), 0.0001, 0, 50),
                small_case(X_small, y_small, (6, 3), 0.01, 1, 50),
                small_case(X_small, y_small, (8,), 0.001, 2, 500, tol=1e-3),
            ],
        },
    }
    movies.write_fixture("mlp.json", payload)
    print("sklearn per-epoch ms, (64,) on %d rows: %.3f" % (len(yt), 1000 * time_per_epoch(Xt, yt)))


if __name__ == "__main__":
    main()
