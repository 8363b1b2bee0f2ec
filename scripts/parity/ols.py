"""Golden statsmodels OLS fits for test/fixtures/ols.json.

Run: /usr/bin/python3 scripts/parity/ols.py
Fits sm.OLS(y, sm.add_constant(X)).fit() on the notebook's three movie designs and on a
small seeded table whose values go into the fixture, so that case needs no movie file.
"""
import hashlib

import numpy as np
import pandas as pd
import statsmodels.api as sm

import movies


def fit(X, y):
    return sm.OLS(y, sm.add_constant(X)).fit()


def fit_summary(res):
    ci = res.conf_int(alpha=0.05)
    return {
        "terms": [str(t) for t in res.params.index],
        "params": res.params.tolist(),
        "bse": res.bse.tolist(),
        "tvalues": res.tvalues.tolist(),
        "pvalues": res.pvalues.tolist(),
        "conf_int": ci.values.tolist(),
        "rsquared": float(res.rsquared),
        "rsquared_adj": float(res.rsquared_adj),
        "fvalue": float(res.fvalue),
        "f_pvalue": float(res.f_pvalue),
        "llf": float(res.llf),
        "aic": float(res.aic),
        "bic": float(res.bic),
        "nobs": int(res.nobs),
        "df_model": int(res.df_model),
        "df_resid": int(res.df_resid),
    }


def small_table():
    """30 rows × 3 columns, one of them a rare 0/1 dummy like the movie designs have."""
    rng = np.random.default_rng(20240611)
    n = 30
    X = pd.DataFrame({
        "x1": rng.normal(5.0, 2.0, n),
        "x2": rng.uniform(-1.0, 1.0, n),
        "rare": (rng.uniform(size=n) < 0.15).astype(float),
    })
    y = 1.5 + 0.8 * X["x1"] - 0.3 * X["x2"] + 0.5 * X["rare"] + rng.normal(0.0, 1.0, n)
    return X, pd.Series(y, name="y")


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    df_nz = movies.load_nonzero_budget()
    df_num = movies.numeric_frame(df_nz)
    designs = {
        "numeric": (df_num[movies.NUMERIC_FEATURES], df_num["vote_average"]),
        "full": movies.full_design(df_nz),
        "reduced": movies.reduced_design(df_nz),
    }
    X_small, y_small = small_table()
    small_fit = fit(X_small, y_small)
    small = fit_summary(small_fit)
    small["data"] = {"columns": list(X_small.columns), "X": X_small.values.tolist(), "y": y_small.tolist()}
    small["fittedvalues"] = small_fit.fittedvalues.tolist()
    movies.write_fixture("ols.json", {
        "note": "statsmodels OLS(y, add_constant(X)).fit(); conf_int alpha=0.05",
        "movies_sha256": sha256(movies.MOVIES_CSV),
        "movies": {name: fit_summary(fit(X, y)) for name, (X, y) in designs.items()},
        "small": small,
    })


if __name__ == "__main__":
    main()
