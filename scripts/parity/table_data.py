"""The tables of the table study's parity fixtures: test/fixtures/table/*.csv.

Run: /usr/bin/python3 scripts/parity/table_data.py
- diabetes.csv: sklearn's load_diabetes(as_frame=True, scaled=False), target column `target`;
- linnerud.csv: sklearn's bundled Linnerud exercise (Chins, Situps, Jumps) and physiological
  (Weight, Waist, Pulse) columns side by side, 20 rows;
- iris.csv: sklearn's bundled iris with the species name as a text column;
- generated.csv: make_friedman1 (seeded) plus a categorical `group` with known effects on `y`, a
  constant column, a duplicated column and a few empty cells (target, one predictor, the categorical).
- films.csv: every 15th row of data/movies.csv, the budget of every 25th of those set to 0 (the
  study file's filter drops them), for the study-file fixture (films.study.json).
Floats are written as Python's repr (shortest round-trip form), so Node's Number() reads the same doubles.
"""
import csv
import os

import numpy as np
import pandas as pd
from sklearn.datasets import load_diabetes, load_iris, load_linnerud, make_friedman1

import movies

TABLES = os.path.join(movies.FIXTURES, "table")

GROUP_EFFECT = {"A": 0.0, "B": 1.5, "C": -1.0, "D": 3.0}
GENERATED_SEED = 20261202


def diabetes():
    return load_diabetes(as_frame=True, scaled=False).frame


def linnerud():
    data = load_linnerud(as_frame=True)
    return pd.concat([data.data, data.target], axis=1).astype(float)


def iris():
    data = load_iris(as_frame=True)
    frame = data.data.rename(columns=lambda c: c.replace(" (cm)", "").replace(" ", "_"))
    frame["species"] = [data.target_names[t] for t in data.target]
    return frame


def generated():
    X, y = make_friedman1(n_samples=1500, n_features=5, noise=1.0, random_state=GENERATED_SEED)
    rng = np.random.RandomState(GENERATED_SEED)
    frame = pd.DataFrame(X, columns=[f"x{j + 1}" for j in range(X.shape[1])])
    group = rng.choice(list(GROUP_EFFECT), size=len(frame))
    frame["x1_copy"] = frame["x1"]
    # statsmodels' pinv keeps singular values above 1e-15 x the largest; an exactly collinear design's
    # zero ones come out near that cut, so whether it drops them is last-bit luck. With this value every
    # OLS design of the fixtures falls on the side where the fit is the determined minimum-norm one.
    frame["constant"] = 5.0
    frame["group"] = pd.Series(group, dtype=object)
    frame["y"] = y + np.array([GROUP_EFFECT[g] for g in group])
    missing = rng.permutation(len(frame))
    frame.loc[missing[:6], "y"] = np.nan
    frame.loc[missing[6:11], "x3"] = np.nan
    frame.loc[missing[11:15], "group"] = None
    return frame


def films():
    """Rows copied as text (csv module), so every value is the bundled table's own."""
    with open(movies.MOVIES_CSV, newline="") as f:
        header, *rows = list(csv.reader(f))
    sample = rows[::15]
    budget = header.index("budget")
    for i in range(0, len(sample), 25):
        sample[i][budget] = "0"
    path = os.path.join(TABLES, "films.csv")
    with open(path, "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([header, *sample])
    print("wrote", path, os.path.getsize(path), "bytes")


def main():
    os.makedirs(TABLES, exist_ok=True)
    films()
    for name, frame in [("diabetes", diabetes()), ("linnerud", linnerud()), ("iris", iris()), ("generated", generated())]:
        path = os.path.join(TABLES, f"{name}.csv")
        frame.to_csv(path, index=False, float_format=repr)
        back = pd.read_csv(path, float_precision="round_trip", keep_default_na=False, na_values=[""])
        assert back.shape == frame.shape and back.equals(frame.reset_index(drop=True)), f"{name}.csv does not read back"
        print("wrote", path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
