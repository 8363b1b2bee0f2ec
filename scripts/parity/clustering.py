"""Golden scikit-learn KMeans, silhouette, adjusted Rand index and PCA for test/fixtures/clustering.json.

Run: /usr/bin/python3 scripts/parity/clustering.py
Follows the notebook's K-Means and PCA cells on the scaled df_num predictors (StandardScaler fit on
all 9,017 rows), plus a small seeded table whose values go into the fixture, so those cases need no
movie file. Cluster labels are stored as digit strings (k <= 10), one character per row.

The notebook ran a newer scikit-learn than the installed 1.2. Two of its changes show in the
printed results, and each case is stored both ways:
- k-means++ (1.3) draws the first center with random_state.choice(n, p=w / w.sum()) instead of
  random_state.randint(n). "sklearn-1.3" runs 1.2's KMeans with that seeding passed as a callable
  init (which receives the shared RandomState); it reproduces every printed inertia and size.
- PCA (1.5) makes the largest loading of each component positive instead of the largest entry of
  each column of U; the notebook's loadings and scores follow the newer rule.
"""
import hashlib
import time
import warnings

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.metrics.pairwise import _euclidean_distances
from sklearn.preprocessing import StandardScaler
from sklearn.utils.extmath import row_norms, stable_cumsum

import movies


def kmeans_plusplus_13(X, n_clusters, random_state):
    """scikit-learn 1.3's _kmeans_plusplus for unit sample weights (X is already centered by KMeans)."""
    n_samples, n_features = X.shape
    weights = np.ones(n_samples)
    x_squared_norms = row_norms(X, squared=True)
    centers = np.empty((n_clusters, n_features), dtype=X.dtype)
    n_local_trials = 2 + int(np.log(n_clusters))
    center_id = random_state.choice(n_samples, p=weights / weights.sum())
    centers[0] = X[center_id]
    closest_dist_sq = _euclidean_distances(centers[0, np.newaxis], X, Y_norm_squared=x_squared_norms, squared=True)
    current_pot = closest_dist_sq @ weights
    for c in range(1, n_clusters):
        rand_vals = random_state.uniform(size=n_local_trials) * current_pot
        candidate_ids = np.searchsorted(stable_cumsum(weights * closest_dist_sq), rand_vals)
        np.clip(candidate_ids, None, closest_dist_sq.size - 1, out=candidate_ids)
        distance_to_candidates = _euclidean_distances(X[candidate_ids], X, Y_norm_squared=x_squared_norms, squared=True)
        np.minimum(closest_dist_sq, distance_to_candidates, out=distance_to_candidates)
        candidates_pot = distance_to_candidates @ weights.reshape(-1, 1)
        best_candidate = np.argmin(candidates_pot)
        current_pot = candidates_pot[best_candidate]
        closest_dist_sq = distance_to_candidates[best_candidate]
        centers[c] = X[candidate_ids[best_candidate]]
    return centers


SEEDINGS = {"sklearn-1.2": "k-means++", "sklearn-1.3": kmeans_plusplus_13}


def digits(labels):
    return "".join(str(int(v)) for v in labels)


def kmeans_summary(X, k, seed, seeding, n_init=20):
    km = KMeans(n_clusters=k, init=SEEDINGS[seeding], random_state=seed, n_init=n_init).fit(X)
    return km, {
        "k": k,
        "random_state": seed,
        "n_init": n_init,
        "inertia": float(km.inertia_),
        "n_iter": int(km.n_iter_),
        "sizes": np.bincount(km.labels_, minlength=k).tolist(),
        "centers": km.cluster_centers_.tolist(),
        "labels": digits(km.labels_),
    }


def flip_by_components(components):
    """scikit-learn >= 1.5 svd_flip(u_based_decision=False): largest |loading| of each row positive."""
    rows = np.arange(components.shape[0])
    signs = np.sign(components[rows, np.argmax(np.abs(components), axis=1)])
    return components * signs[:, np.newaxis]


def pca_summary(pca, convention="scores"):
    components = pca.components_ if convention == "scores" else flip_by_components(pca.components_)
    return {
        "mean": pca.mean_.tolist(),
        "components": components.tolist(),
        "explained_variance": pca.explained_variance_.tolist(),
        "explained_variance_ratio": pca.explained_variance_ratio_.tolist(),
        "singular_values": pca.singular_values_.tolist(),
    }


def label_matched_change_rate(a, b):
    """Share of rows whose cluster differs once b's labels are matched to a's by maximum overlap."""
    ka, kb = a.max() + 1, b.max() + 1
    overlap = np.zeros((ka, kb), dtype=np.int64)
    np.add.at(overlap, (a, b), 1)
    rows, cols = linear_sum_assignment(-overlap)
    return 1.0 - overlap[rows, cols].sum() / len(a)


def small_table():
    """60 rows x 3 columns in three loose blobs, seeded."""
    rng = np.random.RandomState(20240611)
    centers = np.array([[0.0, 0.0, 0.0], [4.0, 1.0, -2.0], [-3.0, 5.0, 1.0]])
    return np.vstack([c + rng.normal(scale=s, size=(20, 3)) for c, s in zip(centers, [1.0, 1.5, 0.8])])


DUPLICATES = np.array([[0, 0], [0, 0], [0, 0], [1, 0], [1, 0], [5, 5], [5, 5], [5, 5], [5, 5], [9, 1]], dtype=float)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def movie_kmeans(df_num, X_scaled, X_pca3, seeding):
    _, base = kmeans_summary(X_scaled, 3, 6021, seeding)

    scan, fits = [], []
    started = time.perf_counter()
    for k in range(2, 11):
        fits.append(kmeans_summary(X_scaled, k, 3001, seeding))
    fit_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for km, summary in fits:
        summary["silhouette"] = float(silhouette_score(X_scaled, km.labels_))
        scan.append(summary)
    silhouette_seconds = time.perf_counter() - started

    tuned_labels = fits[2][0].labels_
    profiles = df_num.assign(cluster=tuned_labels).groupby("cluster").mean(numeric_only=True)

    pca_km, pca_kmeans = kmeans_summary(X_pca3, 4, 3001, seeding)
    pca_kmeans["silhouette"] = float(silhouette_score(X_pca3, pca_km.labels_))
    return {
        "base": base,
        "scan": scan,
        "scan_seconds": {"kmeans": fit_seconds, "silhouette": silhouette_seconds},
        "tuned_profiles": {"columns": list(profiles.columns), "means": profiles.values.tolist()},
        "pca_kmeans": pca_kmeans,
        "tuned_vs_pca": {
            "adjusted_rand": float(adjusted_rand_score(tuned_labels, pca_km.labels_)),
            "label_matched_change_rate": float(label_matched_change_rate(tuned_labels, pca_km.labels_)),
        },
    }


def movie_cases():
    df_num = movies.numeric_frame(movies.load_nonzero_budget())
    X_scaled = StandardScaler().fit_transform(df_num[movies.NUMERIC_FEATURES])
    pca = PCA().fit(X_scaled)
    # Cell 60 projects with the notebook's (component-signed) loadings, without re-centering.
    X_pca3 = X_scaled @ flip_by_components(pca.components_).T[:, :3]
    # Cells 33 and 41 use PCA(n_components=2), which 'auto' sends to randomized SVD.
    pca2 = PCA(n_components=2).fit(X_scaled)
    return {
        "columns": movies.NUMERIC_FEATURES,
        "rows": int(X_scaled.shape[0]),
        "pca": {"scores": pca_summary(pca, "scores"), "components": pca_summary(pca, "components")},
        "pca2_auto_scores": pca_summary(pca2, "scores"),
        "pca3_scores_head": X_pca3[:5].tolist(),
        "kmeans": {seeding: movie_kmeans(df_num, X_scaled, X_pca3, seeding) for seeding in SEEDINGS},
    }


def small_cases():
    X = small_table()
    kmeans = {}
    for seeding in SEEDINGS:
        km, k3 = kmeans_summary(X, 3, 0, seeding, n_init=5)
        k3["silhouette"] = float(silhouette_score(X, km.labels_))
        _, k5 = kmeans_summary(X, 5, 42, seeding, n_init=3)
        # Four distinct points for five clusters: one cluster empties and is relocated every iteration.
        _, relocation = kmeans_summary(DUPLICATES, 5, 0, seeding, n_init=2)
        kmeans[seeding] = {"k3": k3, "k5": k5, "relocation": relocation}

    # Given labels with a singleton cluster and non-contiguous label values.
    given = np.array([7] * 19 + [2] * 20 + [9] * 20 + [4])
    pca = PCA().fit(X)
    pca2 = PCA(n_components=2, svd_solver="full").fit(X)
    return {
        "X": X.tolist(),
        "duplicates": DUPLICATES.tolist(),
        "kmeans": kmeans,
        "given_labels": given.tolist(),
        "given_silhouette": float(silhouette_score(X, given)),
        "pca": {"scores": pca_summary(pca, "scores"), "components": pca_summary(pca, "components")},
        "pca2_scores": pca_summary(pca2, "scores"),
        "pca2_scores_transform_head": pca2.transform(X[:4]).tolist(),
    }


def ari_cases():
    rng = np.random.RandomState(5)
    pairs = [
        ([0, 0, 1, 1], [0, 1, 0, 1]),
        ([0, 0, 1, 1], [1, 1, 0, 0]),
        ([0, 0, 0, 0], [0, 0, 0, 0]),
        ([0, 1, 2, 3], [0, 0, 0, 0]),
        ([0, 0, 1, 2, 2, 2], [5, 5, 3, 3, 8, 8]),
        (rng.randint(0, 4, 200).tolist(), rng.randint(0, 6, 200).tolist()),
    ]
    out = []
    for a, b in pairs:
        a_arr, b_arr = np.asarray(a), np.asarray(b)
        a_codes, b_codes = np.unique(a_arr, return_inverse=True)[1], np.unique(b_arr, return_inverse=True)[1]
        out.append({
            "a": [int(v) for v in a],
            "b": [int(v) for v in b],
            "adjusted_rand": float(adjusted_rand_score(a_arr, b_arr)),
            "label_matched_change_rate": float(label_matched_change_rate(a_codes, b_codes)),
        })
    return out


def main():
    # KMeans warns about the fewer distinct clusters than k in the relocation case; that is the point.
    warnings.simplefilter("ignore")
    movies.write_fixture("clustering.json", {
        "note": "scikit-learn 1.2.1 KMeans(lloyd) with 1.2 and 1.3 k-means++ seeding, silhouette_score, "
                "adjusted_rand_score, PCA with both sign conventions; labels are digit strings, one per row; "
                "movies features are the StandardScaler-scaled df_num predictors",
        "movies_sha256": sha256(movies.MOVIES_CSV),
        "movies": movie_cases(),
        "small": small_cases(),
        "ari": ari_cases(),
    })


if __name__ == "__main__":
    main()
