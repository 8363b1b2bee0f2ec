"""The notebook's preprocessing in pandas: the shared start of every parity golden script.

Run with Debian's /usr/bin/python3 (python3-pandas, python3-sklearn, python3-statsmodels).
The project never needs Python; these scripts only make test/fixtures/*.json.
"""
import json
import os

import numpy as np
import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MOVIES_CSV = os.path.join(ROOT, "data", "movies.csv")
FIXTURES = os.path.join(ROOT, "test", "fixtures")

NUMERIC_FEATURES = [
    "log_budget",
    "log_revenue",
    "log_vote_count",
    "log_user_rating_count",
    "log_keyword_count",
    "runtime",
]


def load_nonzero_budget(path=MOVIES_CSV):
    df = pd.read_csv(path)
    df_nz = df[df["budget"] > 0].copy()
    df_nz["log_budget"] = np.log1p(df_nz["budget"])
    df_nz["log_revenue"] = np.log1p(df_nz["revenue"])
    df_nz["log_vote_count"] = np.log1p(df_nz["vote_count"])
    df_nz["log_user_rating_count"] = np.log1p(df_nz["user_rating_count"])
    df_nz["log_keyword_count"] = np.log1p(df_nz["keyword_count"])
    return df_nz


def numeric_frame(df_nz):
    """df_num: vote_average and the six numeric predictors, rows with any missing dropped."""
    return df_nz[["vote_average"] + NUMERIC_FEATURES].dropna()


def _with_groups(df_nz, year_labels):
    out = df_nz.copy()
    out["year_group"] = pd.cut(out["release_year"], bins=[0, 1919, 1949, 1979, 1999, 2009, 2019], labels=year_labels)
    out["language_group"] = out["original_language"].apply(
        lambda x: x if x in ["en", "fr", "ru", "hi", "es", "de", "ja", "it"] else "Other"
    )
    counts = out.groupby("lead_actor").size().reset_index(name="movie_count")
    counts["popularity_group"] = pd.cut(
        counts["movie_count"], bins=[0, 1, 5, float("inf")],
        labels=["Low Popularity", "Medium Popularity", "High Popularity"],
    )
    out = out.merge(counts[["lead_actor", "popularity_group"]], on="lead_actor", how="left")
    out["primary_genre"] = out["genres"].str.split("|").str[0]
    return out


CATEGORICAL = ["primary_genre", "year_group", "language_group", "popularity_group"]


def full_design(df_nz):
    """df_dummies of the notebook's full OLS: categories cast to str, then get_dummies."""
    df_model = _with_groups(df_nz, ["Pre-1920", "1920-1949", "1950-1979", "1980-1999", "2000-2009", "2010-2019"])
    df_model = df_model[["vote_average"] + NUMERIC_FEATURES + CATEGORICAL].dropna()
    for col in CATEGORICAL:
        df_model[col] = df_model[col].astype(str)
    d = pd.get_dummies(df_model, drop_first=True)
    d = d.astype(float)
    return d.drop(columns=["vote_average"]), d["vote_average"]


def reduced_design(df_nz):
    """df_red_dummies: en-dash year labels, year and popularity left Categorical."""
    labels = ["Pre-1920", "1920\u20131949", "1950\u20131979", "1980\u20131999", "2000\u20132009", "2010\u20132019"]
    df_red = _with_groups(df_nz, labels)
    df_red = df_red[["vote_average", "log_vote_count", "log_user_rating_count", "runtime"] + CATEGORICAL].dropna()
    d = pd.get_dummies(df_red, columns=CATEGORICAL, drop_first=True).astype(float)
    return d.drop(columns=["vote_average"]), d["vote_average"]


def write_fixture(name, payload):
    path = os.path.join(FIXTURES, name)
    with open(path, "w") as f:
        json.dump(payload, f, indent=None, separators=(",", ":"))
    print("wrote", path)
