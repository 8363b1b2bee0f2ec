"""Golden statsmodels fits of rank-deficient designs for test/fixtures/ols_rank_deficient.json.

Run: /usr/bin/python3 scripts/parity/ols_rank_deficient.py
statsmodels' default OLS fit (method 'pinv') on a seeded table whose design has a duplicated
column, a column that is a sum of two others and a constant column: the minimum-norm solution,
rank-reduced df_model/df_resid. The table's values go into the fixture. Also the movie
study's reduced design on the movies released from 1920 on (release_year empty or >= 1920):
its declared year categories then leave the dummies summing to the constant.
"""
import json
import os
import tempfile

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm

import movies
from ols import fit_summary


def table():
    rng = np.random.RandomState(12)
    n = 40
    x1 = rng.normal(size=n)
    x2 = rng.uniform(-2, 2, size=n)
    X = pd.DataFrame({"x1": x1, "x2": x2, "x1_copy": x1, "x1_plus_x2": x1 + x2, "constant": np.full(n, 3.0)})
    y = 1.5 + 2.0 * x1 - 0.5 * x2 + rng.normal(scale=0.3, size=n)
    return X, pd.Series(y, name="y")


def main():
    X, y = table()
    # has_constant='add', as the table study: 'const' beside the constant predictor (the default 'skip' would drop it).
    res = sm.OLS(y, sm.add_constant(X, has_constant="add")).fit()
    golden = fit_summary(res)
    golden["rank"] = int(res.model.rank)
    golden["data"] = {"columns": list(X.columns), "X": X.values.tolist(), "y": y.tolist()}
    golden["note"] = f"scripts/parity/ols_rank_deficient.py, statsmodels {statsmodels.__version__}"
    golden["moviesFrom1920"] = movies_from_1920()
    golden["zeroColumn"] = zero_column()
    with open("test/fixtures/ols_rank_deficient.json", "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")


def zero_column():
    """An all-zero predictor: statsmodels gives it coef 0, bse 0 and nan t and p (null here)."""
    rng = np.random.RandomState(13)
    n = 30
    X = pd.DataFrame({"a": rng.normal(size=n), "b": rng.uniform(size=n), "zeros": np.zeros(n)})
    y = pd.Series(0.5 + X["a"] - 2 * X["b"] + rng.normal(scale=0.2, size=n))
    res = sm.OLS(y, sm.add_constant(X, has_constant="add")).fit()
    golden = fit_summary(res)
    golden["tvalues"] = [None if np.isnan(v) else v for v in golden["tvalues"]]
    golden["pvalues"] = [None if np.isnan(v) else v for v in golden["pvalues"]]
    golden["rank"] = int(res.model.rank)
    golden["data"] = {"columns": list(X.columns), "X": X.values.tolist(), "y": y.tolist()}
    return golden


def movies_from_1920():
    df = pd.read_csv(movies.MOVIES_CSV, float_precision="round_trip")
    kept = df[df["release_year"].isna() | (df["release_year"] >= 1920)]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "movies.csv")
        # The subset as the file the study would be given: the original lines, unchanged.
        with open(movies.MOVIES_CSV, newline="") as f:
            lines = f.read().splitlines(keepends=True)
        header, rows = lines[0], lines[1:]
        with open(path, "w", newline="") as f:
            f.write(header)
            f.writelines(rows[i] for i in kept.index)
        X, y = movies.reduced_design(movies.load_nonzero_budget(path))
    res = sm.OLS(y, sm.add_constant(X)).fit()
    golden = fit_summary(res)
    golden["rank"] = int(res.model.rank)
    return golden


if __name__ == "__main__":
    main()
