"""Golden statsmodels fits of rank-deficient designs for test/fixtures/ols_rank_deficient.json.

Run: /usr/bin/python3 scripts/parity/ols_rank_deficient.py
statsmodels' default OLS fit (method 'pinv') on a seeded table whose design has a duplicated
column, a column that is a sum of two others and a constant column: the minimum-norm solution,
rank-reduced df_model/df_resid. The table's values go into the fixture.
"""
import json

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm

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
    with open("test/fixtures/ols_rank_deficient.json", "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
