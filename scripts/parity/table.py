"""Golden figures of the table study (the notebook's recipe on any CSV) for test/fixtures/table/*.json.

Run: /usr/bin/python3 scripts/parity/table.py --data X.csv --target COL [--features a,b] [--categorical c,d]
         [--profile seed|quick] --out test/fixtures/table/NAME.json
 or: /usr/bin/python3 scripts/parity/table.py --data X.csv --study FILE.study.json [--profile seed|quick] --out …
     (a study file: its preparation steps done the pandas way, its columns and config; see prepare_steps)
The fixture is the table study's results.json (/work/briefs/table-results-contract.md) without runId,
dataset.sha256 and timings, plus `note` and `inputs`. /work/briefs/tableparity-recipe.md says what each
figure is. The models are the same scikit-learn/statsmodels calls as the movie scripts (knn.py, mlp.py,
clustering.py, ols.py), on the table's own prepared design, with the movie study's grids and seeds.
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
import statsmodels
import statsmodels.api as sm
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.neighbors import KNeighborsRegressor
from sklearn.preprocessing import StandardScaler

import clustering
import knn
import mlp
import movies
import ols

RANGE = lambda a, b: list(range(a, b + 1))  # noqa: E731

# studies/recipe/recipeStages.ts SEED_CONFIG and QUICK_CONFIG, which the table study keeps.
SEED = {
    "split": {"testSize": 0.25, "randomState": 3001},
    "knn": {"k": RANGE(1, 50), "weights": ["uniform", "distance"], "metric": ["euclidean", "manhattan"], "folds": 5,
            "curveK": 50, "importanceRepeats": 20},
    "mlp": {"hidden": [[16], [32], [64], [32, 16], [64, 32]], "alpha": [0.0001, 0.001, 0.01], "maxIter": 500,
            "randomState": 3001, "baseline": {"hidden": [32], "alpha": 0.0001, "testSize": 0.2},
            "final": {"hidden": [64], "alpha": 0.0001}, "importanceRepeats": 20},
    "kmeans": {"k": RANGE(2, 10), "nInit": 20, "randomState": 3001, "base": {"k": 3, "randomState": 6021},
               "tunedK": 4, "pcaComponents": 3},
}
QUICK = {
    "split": SEED["split"],
    "knn": {**SEED["knn"], "k": RANGE(1, 6), "curveK": 6, "importanceRepeats": 2},
    "mlp": {**SEED["mlp"], "hidden": [[8], [16]], "alpha": [0.001], "maxIter": 15,
            "baseline": {"hidden": [8], "alpha": 0.0001, "testSize": 0.2}, "final": "best", "importanceRepeats": 2},
    "kmeans": {**SEED["kmeans"], "k": [2, 3, 4], "nInit": 2},
}
PROFILES = {"seed": SEED, "quick": QUICK}
# The TS study's default: scikit-learn >= 1.3's k-means++ (the release the notebook ran).
KMEANS_INIT = clustering.SEEDINGS["sklearn-1.3"]


def read_table(path, categorical):
    """Only an empty cell is missing (as the TS reader); categorical cells keep their text."""
    return pd.read_csv(path, float_precision="round_trip", keep_default_na=False, na_values=[""],
                       dtype={c: str for c in categorical})


def bin_edge(edge):
    return {"inf": np.inf, "-inf": -np.inf}.get(edge, edge)


def prepare_steps(df, steps):
    """A study file's preparation, in pandas idioms (README "Study files" gives each step's pandas meaning)."""
    for step in steps:
        if "filter" in step:
            df = df.query(step["filter"])
        elif "log1p" in step:
            df = df.assign(**{step["as"]: np.log1p(df[step["log1p"]])})
        elif "cut" in step:
            bins = [bin_edge(edge) for edge in step["bins"]]
            df = df.assign(**{step["as"]: pd.cut(df[step["cut"]], bins=bins, labels=step["labels"], right=True)})
        elif "keep" in step:
            column = df[step["keep"]]
            df = df.assign(**{step["as"]: column.where(column.isin(step["values"]), step.get("else", "Other"))})
        elif "groupCount" in step:
            column = step["groupCount"]
            df = df.assign(**{step["as"]: df.groupby(column)[column].transform("count")})
        elif "firstToken" in step:
            df = df.assign(**{step["as"]: df[step["firstToken"]].str.split(step["delimiter"], regex=False).str[0]})
        else:
            raise ValueError(f"unknown step {step}")
    return df


def text_columns(steps):
    """Columns the steps read as text: read as str, as the TS reader keeps every cell's text."""
    return [step[name] for step in steps for name in ("keep", "groupCount", "firstToken") if name in step]


def merged(base, overrides):
    if not isinstance(base, dict) or not isinstance(overrides, dict):
        return overrides
    return {**base, **{key: merged(base.get(key), value) for key, value in overrides.items()}}


def prepare(df, target, features, categorical):
    """The numeric design (target + numeric predictors, complete rows) and, with categoricals, the full design."""
    if features is None:
        features = [c for c in df.columns
                    if c != target and c not in categorical and pd.api.types.is_numeric_dtype(df[c])]
    used = df[df[target].notna()]
    numeric = used[[target] + features].dropna()
    prepared = {
        "features": features,
        "counts": {"rows": int(len(df)), "rowsUsed": int(len(used)), "rowsNumeric": int(len(numeric))},
        "numeric": (numeric[features].astype(float), numeric[target].astype(float)),
    }
    if categorical:
        model = used[[target] + features + categorical].dropna()
        for col in categorical:
            model[col] = model[col].astype(str)
        dummies = pd.get_dummies(model, drop_first=True).astype(float)
        prepared["counts"]["rowsCategorical"] = int(len(model))
        prepared["full"] = (dummies.drop(columns=[target]), dummies[target])
    return prepared


def fit_ols(X, y):
    """The constant is always added, so a constant predictor makes the design rank-deficient (pinv)."""
    return sm.OLS(y, sm.add_constant(X, has_constant="add")).fit()


def pinv_determined(res):
    """Whether statsmodels' pinv (cut at 1e-15 x the largest singular value) kept exactly rank values.

    On an exactly collinear design the zero singular values come out near that cut; when one is
    kept, the coefficients are rounding noise that no other implementation can reproduce.
    """
    s = res.model.wexog_singular_values
    return int(np.sum(s > 1e-15 * s.max())) == int(res.model.rank)


def ols_figure(X, y):
    res = fit_ols(X, y)
    s = ols.fit_summary(res)
    out = {
        "nobs": s["nobs"], "dfModel": s["df_model"], "dfResid": s["df_resid"],
        "r2": s["rsquared"], "adjR2": s["rsquared_adj"], "fStatistic": s["fvalue"], "fPValue": s["f_pvalue"],
        "logLikelihood": s["llf"], "aic": s["aic"], "bic": s["bic"],
        "coefficients": [
            {"term": t, "coef": c, "stdErr": se, "t": tv, "p": p, "ciLow": ci[0], "ciHigh": ci[1]}
            for t, c, se, tv, p, ci in zip(s["terms"], s["params"], s["bse"], s["tvalues"], s["pvalues"], s["conf_int"])
        ],
    }
    columns = len(s["terms"])
    rank = int(res.model.rank)
    if rank < columns:
        out["rank"] = rank
        out["warning"] = f"rank-deficient design: rank {rank} of {columns} columns; fitted by pseudo-inverse"
    return out


def scaled_split(X, y, test_size, random_state):
    """The study's split with the scaler fitted on the training rows."""
    X_train, X_valid, y_train, y_valid = train_test_split(X, y, test_size=test_size, random_state=random_state)
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_valid), y_train.values, y_valid.values


def importance_rows(features, r):
    rows = [{"feature": f, "mean": float(m), "std": float(s)}
            for f, m, s in zip(features, r["mean"], r["std"])]
    return sorted(rows, key=lambda row: -row["mean"])


def curve(Xt, yt, Xv, yv, k_max, **params):
    return [{"k": k, "validRmse": knn.rmse(yv, KNeighborsRegressor(n_neighbors=k, **params).fit(Xt, yt).predict(Xv))}
            for k in range(1, k_max + 1)]


def knn_figures(split, features, cfg, seed, n_jobs=1):
    Xt, Xv, yt, yv = split
    validation = curve(Xt, yt, Xv, yv, cfg["curveK"])
    best_k = validation[int(np.argmin([c["validRmse"] for c in validation]))]["k"]
    simple = KNeighborsRegressor(n_neighbors=best_k).fit(Xt, yt)
    grid = {"n_neighbors": cfg["k"], "weights": cfg["weights"], "metric": cfg["metric"]}
    gs = GridSearchCV(KNeighborsRegressor(), grid, scoring="neg_root_mean_squared_error", cv=cfg["folds"],
                      n_jobs=n_jobs).fit(Xt, yt)
    res = gs.cv_results_
    best = {"k": gs.best_params_["n_neighbors"], "weights": gs.best_params_["weights"],
            "metric": gs.best_params_["metric"]}
    final = KNeighborsRegressor(n_neighbors=best["k"], weights=best["weights"], metric=best["metric"]).fit(Xt, yt)
    return {
        "validationCurve": validation,
        "simpleBest": {"k": best_k, "trainRmse": knn.rmse(yt, simple.predict(Xt)),
                       "validRmse": validation[best_k - 1]["validRmse"]},
        "grid": [{"k": p["n_neighbors"], "weights": p["weights"], "metric": p["metric"], "cvRmse": float(-s)}
                 for p, s in zip(res["params"], res["mean_test_score"])],
        "best": {**best, "cvRmse": float(-gs.best_score_)},
        "final": {"trainRmse": knn.rmse(yt, final.predict(Xt)), "validRmse": knn.rmse(yv, final.predict(Xv))},
        "tunedCurve": curve(Xt, yt, Xv, yv, cfg["curveK"], weights=best["weights"], metric=best["metric"]),
        "importance": importance_rows(features, knn.importance(final, Xv, yv, cfg["importanceRepeats"], seed)),
    }


def trained(model, hidden, alpha, Xt, yt, Xv, yv):
    return {"hidden": list(hidden), "alpha": alpha, "trainRmse": mlp.rmse(yt, model.predict(Xt)),
            "validRmse": mlp.rmse(yv, model.predict(Xv)), "epochs": int(model.n_iter_),
            "lossCurve": [float(v) for v in model.loss_curve_]}


def mlp_figures(X, y, split, features, cfg, split_cfg):
    seed, max_iter = cfg["randomState"], cfg["maxIter"]
    fit = lambda X_, y_, hidden, alpha: mlp.fit(X_, y_, tuple(hidden), alpha, random_state=seed, max_iter=max_iter)  # noqa: E731

    base_cfg = cfg["baseline"]
    bXt, bXv, byt, byv = train_test_split(StandardScaler().fit_transform(X), y.values,
                                          test_size=base_cfg["testSize"], random_state=split_cfg["randomState"])
    baseline = trained(fit(bXt, byt, base_cfg["hidden"], base_cfg["alpha"]), base_cfg["hidden"], base_cfg["alpha"],
                       bXt, byt, bXv, byv)

    Xt, Xv, yt, yv = split
    grid = []
    for hidden in cfg["hidden"]:
        for alpha in cfg["alpha"]:
            row = trained(fit(Xt, yt, hidden, alpha), hidden, alpha, Xt, yt, Xv, yv)
            del row["lossCurve"]
            grid.append(row)
    best_row = min(grid, key=lambda row: row["validRmse"])
    best = {"hidden": best_row["hidden"], "alpha": best_row["alpha"]}
    chosen = best if cfg["final"] == "best" else cfg["final"]
    final_model = fit(Xt, yt, chosen["hidden"], chosen["alpha"])
    r = knn.importance(final_model, Xv, yv, cfg["importanceRepeats"], split_cfg["randomState"])
    return {
        "baseline": baseline,
        "grid": grid,
        "best": best,
        "final": trained(final_model, chosen["hidden"], chosen["alpha"], Xt, yt, Xv, yv),
        "importance": importance_rows(features, r),
    }


def kmeans_fit(X, k, random_state, n_init):
    return KMeans(n_clusters=k, init=KMEANS_INIT, random_state=random_state, n_init=n_init).fit(X)


def kmeans_pca_figures(X, y, target, cfg):
    """KMeans scan, base and tuned fits, PCA, and KMeans on the first PCs: every numeric-design row, scaled on all."""
    X_scaled = StandardScaler().fit_transform(X)
    n_init = cfg["nInit"]
    scan = []
    for k in cfg["k"]:
        km = kmeans_fit(X_scaled, k, cfg["randomState"], n_init)
        scan.append({"k": k, "inertia": float(km.inertia_), "silhouette": float(silhouette_score(X_scaled, km.labels_))})
    base_k = cfg["base"]["k"]
    base = kmeans_fit(X_scaled, base_k, cfg["base"]["randomState"], n_init)
    tuned_k = cfg["tunedK"]
    tuned = kmeans_fit(X_scaled, tuned_k, cfg["randomState"], n_init)
    frame = pd.concat([y, X], axis=1).assign(cluster=tuned.labels_)
    means = frame.groupby("cluster").mean()

    pca = PCA().fit(X_scaled)
    components = clustering.flip_by_components(pca.components_)
    n_pcs = min(cfg["pcaComponents"], components.shape[0])
    scores = (X_scaled - pca.mean_) @ components[:n_pcs].T
    on_pca = kmeans_fit(scores, tuned_k, cfg["randomState"], n_init)
    kmeans = {
        "base": {"k": base_k, "inertia": float(base.inertia_), "sizes": np.bincount(base.labels_, minlength=base_k).tolist()},
        "scan": scan,
        "tuned": {
            "k": tuned_k, "inertia": float(tuned.inertia_),
            "sizes": np.bincount(tuned.labels_, minlength=tuned_k).tolist(),
            "profiles": [{"cluster": int(c), "means": {name: float(means.loc[c, name]) for name in [target] + list(X.columns)}}
                         for c in means.index],
        },
        "onPca": {
            "k": tuned_k, "components": n_pcs,
            "silhouette": float(silhouette_score(scores, on_pca.labels_)),
            "adjustedRand": float(adjusted_rand_score(tuned.labels_, on_pca.labels_)),
            "changeRate": float(clustering.label_matched_change_rate(tuned.labels_, on_pca.labels_)),
        },
    }
    pca_figure = {
        "explainedVarianceRatio": pca.explained_variance_ratio_.tolist(),
        "loadings": {c: components[:, j].tolist() for j, c in enumerate(X.columns)},
    }
    return kmeans, pca_figure


def ols_on_split(X, y, test_size, random_state):
    X_train, X_valid, y_train, y_valid = train_test_split(X, y, test_size=test_size, random_state=random_state)
    fit = fit_ols(X_train, y_train)
    return knn.rmse(y_valid, fit.predict(sm.add_constant(X_valid, has_constant="add")))


def undetermined_ols(designs):
    """Names of the OLS fits whose statsmodels coefficients are rounding noise (see pinv_determined)."""
    return [name for name, (X, y) in designs.items() if not pinv_determined(fit_ols(X, y))]


def comparison(knn_result, mlp_result, X, y, split_cfg):
    models = [
        {"model": "knn", "validRmse": knn_result["final"]["validRmse"]},
        {"model": "mlp", "validRmse": mlp_result["final"]["validRmse"]},
        {"model": "ols_numeric", "validRmse": ols_on_split(X, y, split_cfg["testSize"], split_cfg["randomState"])},
    ]
    return {"split": split_cfg, "models": models, "best": min(models, key=lambda m: m["validRmse"])["model"]}


def study_figures(prepared, target, config, n_jobs=1, seconds=None):
    """Every figure of the fixture; n_jobs goes to the KNN grid search; seconds, if given, gets the time per group."""
    def timed(group, run):
        start = time.perf_counter()
        value = run()
        if seconds is not None:
            seconds[group] = seconds.get(group, 0.0) + time.perf_counter() - start
        return value

    X, y = prepared["numeric"]
    features = prepared["features"]
    split_cfg = config["split"]
    ols_result = timed("ols", lambda: {name: ols_figure(*prepared[name]) for name in ["numeric", "full"] if name in prepared})
    split = timed("knn", lambda: scaled_split(X, y, split_cfg["testSize"], split_cfg["randomState"]))
    knn_result = timed("knn", lambda: knn_figures(split, features, config["knn"], split_cfg["randomState"], n_jobs))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp_result = timed("mlp", lambda: mlp_figures(X, y, split, features, config["mlp"], split_cfg))
    kmeans, pca = timed("kmeans_pca", lambda: kmeans_pca_figures(X, y, target, config["kmeans"]))
    return {
        "schemaVersion": 1,
        "dataset": prepared["counts"],
        "ols": ols_result,
        "knn": knn_result,
        "kmeans": kmeans,
        "pca": pca,
        "mlp": mlp_result,
        "comparison": timed("compare", lambda: comparison(knn_result, mlp_result, X, y, split_cfg)),
    }


def names(text):
    return [name for name in text.split(",") if name] if text else []


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--target")
    parser.add_argument("--study", help="a study file: target, preparation, columns and config from it")
    parser.add_argument("--features", help="comma-separated; default every numeric column but the target and categoricals")
    parser.add_argument("--categorical", help="comma-separated")
    parser.add_argument("--profile", choices=sorted(PROFILES), default="seed")
    parser.add_argument("--out", required=True)
    return parser.parse_args(argv)


def main():
    knn.rerun_without_avx512()
    args = parse_args(sys.argv[1:])
    config = PROFILES[args.profile]
    if args.study:
        with open(args.study) as f:
            study = json.load(f)
        steps = study.get("prepare", [])
        args.target, categorical, features = study["target"], study.get("categorical", []), study.get("features")
        header = pd.read_csv(args.data, nrows=0).columns
        raw = read_table(args.data, [c for c in text_columns(steps) + categorical if c in header])
        table = prepare_steps(raw, steps).drop(columns=study.get("drop", []))
        prepared = prepare(table, args.target, features, categorical)
        prepared["counts"] = {"rows": int(len(raw)), "rowsPrepared": int(len(table)), **{k: v for k, v in prepared["counts"].items() if k != "rows"}}
        config = merged(config, study.get("config", {}))
    else:
        categorical = names(args.categorical)
        features = names(args.features) or None
        prepared = prepare(read_table(args.data, categorical), args.target, features, categorical)
    figures = study_figures(prepared, args.target, config)
    split = config["split"]
    X, y = prepared["numeric"]
    designs = {"numeric": prepared["numeric"], **({"full": prepared["full"]} if "full" in prepared else {}),
               "numericOnSplit": train_test_split(X, y, test_size=split["testSize"], random_state=split["randomState"])[::2]}
    undetermined = undetermined_ols(designs)
    if undetermined:
        print("warning: statsmodels' pseudo-inverse kept a rounding-level singular value in", ", ".join(undetermined),
              "- their coefficients are noise no other implementation reproduces", file=sys.stderr)
    command = " ".join(["/usr/bin/python3 scripts/parity/table.py", "--data", os.path.relpath(args.data, movies.ROOT)]
                       + (["--study", os.path.relpath(args.study, movies.ROOT)] if args.study else ["--target", args.target])
                       + (["--features", args.features] if args.features else [])
                       + (["--categorical", args.categorical] if args.categorical else [])
                       + ["--profile", args.profile, "--out", os.path.relpath(args.out, movies.ROOT)])
    payload = {
        "note": f"made by `{command}` with scikit-learn {sklearn.__version__}, statsmodels {statsmodels.__version__}, "
                f"pandas {pd.__version__}, numpy {np.__version__}; the table study's results.json without runId, "
                "dataset.sha256 and timings; KMeans with scikit-learn 1.3's k-means++ seeding, PCA signs by components",
        "numpyDisabledCpuFeatures": os.environ.get("NPY_DISABLE_CPU_FEATURES", ""),
        "olsPinvUndetermined": undetermined,
        "inputs": {"data": os.path.basename(args.data), **({"studyFile": os.path.basename(args.study)} if args.study else {}),
                   "target": args.target, "features": prepared["features"],
                   "featuresGiven": features is not None, "categorical": categorical, "profile": args.profile},
        **figures,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    movies.write_fixture(os.path.abspath(args.out), payload)


if __name__ == "__main__":
    main()
