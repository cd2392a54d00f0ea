#!/usr/bin/env python3
"""Generate PMML conformance fixtures for the built-in `pmml` processor.

README: regenerate everything with (the venv lives outside the repo so it is never committed or linted)
    python3 -m venv ../venv-pmml && ../venv-pmml/bin/pip install scikit-learn==1.9.0 sklearn2pmml jpmml_evaluator xgboost lightgbm pandas
    ../venv-pmml/bin/python scripts/pmml/gen_fixtures.py            # everything
    ../venv-pmml/bin/python scripts/pmml/gen_fixtures.py hand       # only test/fixtures/pmml/hand/*.pmml
    ../venv-pmml/bin/python scripts/pmml/gen_fixtures.py iris_tree  # selected fixtures by name
(scikit-learn is pinned to the newest version the sklearn2pmml converter accepts.)
(needs Java 17+ on PATH). It trains small models on datasets shipped with scikit-learn
(iris, diabetes, breast_cancer, wine) and synthetic data, exports them with sklearn2pmml,
takes the hand-written models in test/fixtures/pmml/hand/, scores a few hundred records per
model with the JPMML reference evaluator (jpmml_evaluator) and writes
test/fixtures/pmml/<name>.pmml + <name>.json ({model, records, expected}).
The TypeScript conformance test (test/pmml/conformance.test.ts) needs neither Java nor Python.
"""
import json
import math
import os
import sys
import zlib

import numpy as np
import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "test", "fixtures", "pmml")
HAND = os.path.join(OUT, "hand")
ONLY = set(sys.argv[1:])
rng = np.random.default_rng(42)


def clean(v):
    if v is None:
        return None
    if isinstance(v, (np.floating, float)):
        v = float(v)
        return None if math.isnan(v) else v
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, dict):
        return {str(k): clean(x) for k, x in v.items()}
    if hasattr(v, "item"):
        return clean(v.item())
    return v


def score(name, pmml_path, records):
    from jpmml_evaluator import make_evaluator
    evaluator = make_evaluator(pmml_path).verify()
    expected = []
    for rec in records:
        try:
            res = evaluator.evaluate({k: v for k, v in rec.items() if v is not None})
            expected.append({str(k): clean(v) for k, v in res.items()})
        except Exception as e:  # noqa: BLE001 - recorded as an expected error
            expected.append({"__error__": str(e).splitlines()[0][:200]})
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump({"model": os.path.relpath(pmml_path, OUT), "records": records, "expected": expected}, f, separators=(",", ":"))
    print(f"{name}: {len(records)} records", file=sys.stderr)


def df_records(df, n=200):
    df = df.iloc[:n]
    return [{str(k): clean(v) for k, v in row.items()} for row in df.to_dict(orient="records")]


def export(name, pipeline, X, y, n=200, with_repr=False):
    if ONLY and name not in ONLY:
        return
    from sklearn2pmml import sklearn2pmml
    path = os.path.join(OUT, name + ".pmml")
    try:
        pipeline.fit(X, y)
        sklearn2pmml(pipeline, path, with_repr=with_repr)
    except Exception as e:  # noqa: BLE001 - keep going with the other models
        print(f"{name}: FAILED {e}", file=sys.stderr)
        return
    score(name, path, df_records(X, n))


def datasets():
    from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
    iris = load_iris(as_frame=True)
    iX = iris.data.copy()
    iX.columns = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    iy = pd.Series(iris.target_names[iris.target], name="species")
    d = load_diabetes(as_frame=True)
    dX, dy = d.data.copy(), d.target.rename("progression")
    b = load_breast_cancer(as_frame=True)
    bX = b.data.iloc[:, :10].copy()
    bX.columns = [c.replace(" ", "_") for c in bX.columns]
    by = pd.Series(np.where(b.target == 1, "benign", "malignant"), name="diagnosis")
    w = load_wine(as_frame=True)
    wX = w.data.iloc[:, :8].copy()
    wy = pd.Series(["class_%d" % t for t in w.target], name="cultivar")
    # synthetic mixed data: categorical + continuous
    n = 300
    color = rng.choice(["red", "green", "blue"], n)
    size = rng.choice(["S", "M", "L"], n)
    x1 = rng.normal(0, 1, n)
    x2 = rng.uniform(0, 10, n)
    score_ = 1.5 * x1 - 0.3 * x2 + np.where(color == "red", 1.0, np.where(color == "green", -0.5, 0.0)) + np.where(size == "L", 0.8, 0.0) + rng.normal(0, 0.3, n)
    sX = pd.DataFrame({"color": color, "size": size, "x1": x1, "x2": x2})
    sy_reg = pd.Series(score_, name="y")
    sy_cls = pd.Series(np.where(score_ > np.median(score_), "yes", "no"), name="label")
    # shuffle to mix classes in the first rows
    perm = rng.permutation(len(iX))
    iX, iy = iX.iloc[perm].reset_index(drop=True), iy.iloc[perm].reset_index(drop=True)
    return (iX, iy), (dX, dy), (bX, by), (wX, wy), (sX, sy_reg, sy_cls)


def sklearn_models():
    from sklearn.cluster import KMeans
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor, RandomForestClassifier, RandomForestRegressor
    from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
    from sklearn.naive_bayes import GaussianNB
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.preprocessing import OneHotEncoder, StandardScaler, MinMaxScaler
    from sklearn.svm import SVC, SVR, LinearSVC
    from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
    from sklearn2pmml.pipeline import PMMLPipeline
    from sklearn2pmml.decoration import ContinuousDomain, CategoricalDomain
    from sklearn2pmml.preprocessing import ExpressionTransformer
    from sklearn.pipeline import make_pipeline

    (iX, iy), (dX, dy), (bX, by), (wX, wy), (sX, sy_reg, sy_cls) = datasets()

    export("iris_logreg", PMMLPipeline([("clf", LogisticRegression(max_iter=1000))]), iX, iy, 150)
    export("diabetes_linreg", PMMLPipeline([("reg", LinearRegression())]), dX, dy)
    export("breast_logreg", PMMLPipeline([("sc", StandardScaler()), ("clf", LogisticRegression(max_iter=1000))]), bX, by)
    export("iris_tree", PMMLPipeline([("clf", DecisionTreeClassifier(max_depth=4, random_state=1))]), iX, iy, 150)
    export("diabetes_tree", PMMLPipeline([("reg", DecisionTreeRegressor(max_depth=5, random_state=1))]), dX, dy)
    export("breast_rf", PMMLPipeline([("clf", RandomForestClassifier(n_estimators=8, max_depth=5, random_state=1))]), bX, by)
    export("diabetes_rf", PMMLPipeline([("reg", RandomForestRegressor(n_estimators=8, max_depth=5, random_state=1))]), dX, dy)
    export("iris_gbm", PMMLPipeline([("clf", GradientBoostingClassifier(n_estimators=10, max_depth=2, random_state=1))]), iX, iy, 150)
    export("breast_gbm", PMMLPipeline([("clf", GradientBoostingClassifier(n_estimators=15, max_depth=3, random_state=1))]), bX, by)
    export("diabetes_gbm", PMMLPipeline([("reg", GradientBoostingRegressor(n_estimators=15, max_depth=3, random_state=1))]), dX, dy)
    export("iris_mlp", PMMLPipeline([("clf", MLPClassifier(hidden_layer_sizes=(6,), max_iter=2000, random_state=1))]), iX, iy, 150)
    export("diabetes_mlp", PMMLPipeline([("sc", StandardScaler()), ("reg", MLPRegressor(hidden_layer_sizes=(5,), activation="tanh", max_iter=2000, random_state=1))]), dX, dy)
    export("iris_svc_rbf", PMMLPipeline([("clf", SVC(kernel="rbf", gamma=0.5))]), iX, iy, 150)
    export("breast_svc_poly", PMMLPipeline([("sc", StandardScaler()), ("clf", SVC(kernel="poly", degree=2))]), bX, by)
    export("wine_linearsvc", PMMLPipeline([("sc", StandardScaler()), ("clf", LinearSVC(max_iter=5000))]), wX, wy, 178)
    export("diabetes_svr", PMMLPipeline([("reg", SVR(kernel="rbf", C=50.0))]), dX, dy)
    export("wine_gnb", PMMLPipeline([("clf", GaussianNB())]), wX, wy, 178)
    export("iris_kmeans", PMMLPipeline([("km", KMeans(n_clusters=3, n_init=5, random_state=1))]), iX, None, 150)
    export("diabetes_ridge_minmax", PMMLPipeline([("sc", MinMaxScaler()), ("reg", Ridge(alpha=0.5))]), dX, dy)

    mapper = ColumnTransformer([
        ("color", make_pipeline(CategoricalDomain(), OneHotEncoder()), ["color"]),
        ("size", make_pipeline(CategoricalDomain(), OneHotEncoder()), ["size"]),
        ("x1", make_pipeline(ContinuousDomain(), StandardScaler()), ["x1"]),
        ("x2", ContinuousDomain(), ["x2"]),
        ("e1", ExpressionTransformer("X[0] * X[1] if X[1] > 5 else X[0] - X[1]"), ["x1", "x2"]),

    ])
    export("synth_logreg_mapper", PMMLPipeline([("mapper", mapper), ("clf", LogisticRegression(max_iter=1000))]), sX, sy_cls, 300)
    mapper2 = ColumnTransformer([
        ("color", make_pipeline(CategoricalDomain(), OneHotEncoder()), ["color"]),
        ("size", make_pipeline(CategoricalDomain(), OneHotEncoder()), ["size"]),
        ("num", make_pipeline(ContinuousDomain(), StandardScaler()), ["x1", "x2"]),
    ])
    export("synth_linreg_mapper", PMMLPipeline([("mapper", mapper2), ("reg", LinearRegression())]), sX, sy_reg, 300)
    export("synth_tree_mapper", PMMLPipeline([("mapper", mapper2), ("reg", DecisionTreeClassifier(max_depth=5, random_state=2))]), sX, sy_cls, 300)

    try:
        from xgboost import XGBClassifier, XGBRegressor
        export("breast_xgb", PMMLPipeline([("clf", XGBClassifier(n_estimators=10, max_depth=3))]), bX, (by == "malignant").astype(int).rename("diagnosis"))
        export("iris_xgb", PMMLPipeline([("clf", XGBClassifier(n_estimators=6, max_depth=2))]), iX, iy.map({"setosa": 0, "versicolor": 1, "virginica": 2}).rename("species"), 150)
        export("diabetes_xgb", PMMLPipeline([("reg", XGBRegressor(n_estimators=10, max_depth=3))]), dX, dy)
    except ImportError:
        pass
    try:
        from lightgbm import LGBMClassifier, LGBMRegressor
        export("iris_lgbm", PMMLPipeline([("clf", LGBMClassifier(n_estimators=8, num_leaves=6, verbose=-1))]), iX, iy, 150)
        export("diabetes_lgbm", PMMLPipeline([("reg", LGBMRegressor(n_estimators=10, num_leaves=8, verbose=-1))]), dX, dy)
        export("breast_lgbm", PMMLPipeline([("clf", LGBMClassifier(n_estimators=10, num_leaves=8, verbose=-1))]), bX, by)
    except ImportError:
        pass


# ---- hand-written models: records generated here, expectations from JPMML ----
def hand_records(name, fields=()):
    n = 200
    if "sepal_length" in fields:
        (iX, _), *_ = datasets()
        recs = df_records(iX, 150)
        return recs
    r = np.random.default_rng(zlib.crc32(name.encode()))
    recs = []
    for i in range(n):
        rec = {
            "age": float(np.round(r.uniform(18, 80), 1)),
            "income": float(np.round(r.uniform(1000, 90000), 2)),
            "x": float(np.round(r.normal(0, 2), 4)),
            "y": float(np.round(r.normal(1, 3), 4)),
            "z": float(np.round(r.uniform(-5, 5), 3)),
            "color": str(r.choice(["red", "green", "blue"])),
            "size": str(r.choice(["S", "M", "L"])),
            "name": str(r.choice([" Alice ", "bob", "CAROL", "dave  "])),
            "flag": str(r.choice(["yes", "no"])),
            "count": int(r.integers(0, 10)),
        }
        # sprinkle missing values
        if i % 7 == 3:
            rec["x"] = None
        if i % 11 == 5:
            rec["color"] = None
        if i % 13 == 6:
            rec["age"] = None
        recs.append(rec)
    return recs


def hand_models():
    for fn in sorted(os.listdir(HAND)):
        if not fn.endswith(".pmml"):
            continue
        name = fn[:-5]
        if ONLY and name not in ONLY:
            continue
        path = os.path.join(HAND, fn)
        from jpmml_evaluator import make_evaluator
        ev = make_evaluator(path)
        fields = {f.getName() for f in ev.getInputFields()}
        recs = [{k: v for k, v in rec.items() if k in fields} for rec in hand_records(name, fields)]
        score(name, path, recs)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    if ONLY == {"hand"}:  # only the hand-written models
        ONLY.clear()
        hand_models()
    else:
        sklearn_models()
        hand_models()
