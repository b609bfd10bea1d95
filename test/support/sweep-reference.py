"""
An independent recomputation of a sweep's overfitting figures from its sweep.json, written
from the published definitions with the Python standard library only (statistics.NormalDist,
itertools.combinations): nothing shared with vtrade's TypeScript.

    python3 test/support/sweep-reference.py out/sweep.json   ->  {"pbo": ..., "deflated_sharpe": ..., "selected": ..., "lambdas": [...]}
"""
import itertools
import json
import math
import statistics
import sys

EULER = 0.5772156649015329


def sharpe(xs):
    if len(xs) < 2:
        return 0.0
    sd = statistics.stdev(xs)  # divisor n - 1
    return statistics.fmean(xs) / sd if sd > 0 else 0.0


def first_best(values):
    best = max(values)
    return values.index(best)


def oos_rank(values, i):
    # 1 = worst; ties share the average of the ranks they span.
    ordered = sorted(values)
    lo = ordered.index(values[i]) + 1
    hi = len(ordered) - ordered[::-1].index(values[i])
    return (lo + hi) / 2


def pbo(rows, s):
    n = len(rows)
    t = len(rows[0])
    size = t // s
    skip = t - size * s
    blocks = [[r[skip + b * size: skip + (b + 1) * size] for b in range(s)] for r in rows]
    lambdas = []
    for chosen in itertools.combinations(range(s), s // 2):
        rest = [b for b in range(s) if b not in chosen]
        ins = [sharpe([x for b in chosen for x in blocks[c][b]]) for c in range(n)]
        outs = [sharpe([x for b in rest for x in blocks[c][b]]) for c in range(n)]
        w = oos_rank(outs, first_best(ins)) / (n + 1)
        lambdas.append(math.log(w / (1 - w)))
    return sum(1 for l in lambdas if l <= 0) / len(lambdas), lambdas


def deflated(rows):
    nd = statistics.NormalDist()
    n = len(rows)
    srs = [sharpe(r) for r in rows]
    k = first_best(srs)
    sr = srs[k]
    v = statistics.variance(srs)
    sr0 = math.sqrt(v) * ((1 - EULER) * nd.inv_cdf(1 - 1 / n) + EULER * nd.inv_cdf(1 - 1 / (n * math.e)))
    x = rows[k]
    t = len(x)
    mu = sum(x) / t
    m2 = sum((a - mu) ** 2 for a in x) / t
    m3 = sum((a - mu) ** 3 for a in x) / t
    m4 = sum((a - mu) ** 4 for a in x) / t
    g3 = m3 / m2 ** 1.5
    g4 = m4 / m2 ** 2
    z = (sr - sr0) * math.sqrt(t - 1) / math.sqrt(1 - g3 * sr + (g4 - 1) / 4 * sr * sr)
    return nd.cdf(z), k


doc = json.load(open(sys.argv[1]))
group = doc["groups"][0]
rows = [doc["returns"][i] for i in group["cases"]]
p, lambdas = pbo(rows, doc["cscv_blocks"])
d, k = deflated(rows)
print(json.dumps({"pbo": p, "deflated_sharpe": d, "selected": group["cases"][k], "lambdas": lambdas}))
