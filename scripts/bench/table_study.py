"""The table study's whole computation in Python, timed: the reference for bench/main.ts `table`.

Run: /usr/bin/python3 scripts/bench/table_study.py [--data test/fixtures/table/diabetes.csv] [--target target]
         [--categorical c,d] [--profile seed|quick]
Prints one JSON object: seconds per group, twice: `serial` (BLAS limited to one thread, the KNN grid search
with n_jobs=1) and `parallel` (default BLAS threads, the grid with n_jobs=-1, as the notebook). The computation
is scripts/parity/table.py's, figure for figure (its golden fixtures), without the AVX512 re-run; groups:
preprocess (read the CSV, the designs), ols, knn (split, curve, 5-fold grid, final, tuned curve, importance),
mlp (baseline, grid, final, importance), kmeans_pca (scan, base, tuned, PCA, KMeans on the PCs), compare.
Not a test.
"""
import argparse
import json
import os
import sys
import time

import sklearn
from threadpoolctl import threadpool_limits

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts", "parity"))
import table  # noqa: E402


def study_seconds(args, n_jobs):
    seconds = {}
    start = time.perf_counter()
    categorical = table.names(args.categorical)
    prepared = table.prepare(table.read_table(args.data, categorical), args.target, None, categorical)
    seconds["preprocess"] = time.perf_counter() - start
    table.study_figures(prepared, args.target, table.PROFILES[args.profile], n_jobs=n_jobs, seconds=seconds)
    return {"groups_s": seconds, "total_s": sum(seconds.values()), "rows": prepared["counts"]["rowsNumeric"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=os.path.join(ROOT, "test", "fixtures", "table", "diabetes.csv"))
    parser.add_argument("--target", default="target")
    parser.add_argument("--categorical")
    parser.add_argument("--profile", choices=sorted(table.PROFILES), default="seed")
    args = parser.parse_args()
    with threadpool_limits(limits=1):
        serial = study_seconds(args, n_jobs=1)
    parallel = study_seconds(args, n_jobs=-1)
    print(json.dumps({
        "sklearn": sklearn.__version__,
        "data": os.path.basename(args.data),
        "profile": args.profile,
        "cpus": os.cpu_count(),
        "serial": serial,
        "parallel": parallel,
    }))


if __name__ == "__main__":
    main()
