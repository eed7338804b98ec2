#!/usr/bin/python3
"""Not kept (docs/benchmarks.md §"Not kept: the incidents' named parties as evidence"): the labels of training incidents
that name the same deployers, developers or harmed parties, as a third opinion beside the shipped fused model and its
AIAAIC label model, in the scan harness of aiaaic_evidence.py (bag-of-words seeds 1-5, fine-tuned seeds 1+2, α 0.4).

  entity_evidence_scan.py [DATA.json] [SHARED]     # DATA from FtDump (default /tmp/ft/data.json), SHARED = ../shared/data
  entity_evidence_scan.py DATA.json SHARED temperature   # instead: each model's probabilities tempered before mixing
"""
import collections, csv, json, math, os, sys
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = sys.argv[1] if len(sys.argv) > 1 else '/tmp/ft/data.json'
SHARED = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, '../../../shared/data')
d = json.load(open(DATA))
runs = [json.load(open(os.path.join(HERE, f'runs/seed{i}.json'))) for i in (1, 2)]
inc = {e['id']: e for e in d['examples'] if e['kind'] == 'incident'}
K = len(d['domains'])


sys.path.insert(0, HERE)
from scan_common import aiaaic_features, macro_f1, naive_bayes  # noqa: E402

aiaaic = aiaaic_features(os.path.join(HERE, '../../src/main/resources/incidents/aiaaic-evidence.csv'))
parties = collections.defaultdict(set)
for r in csv.DictReader(open(os.path.join(SHARED, 'aiid-2025-03/incidents.csv'), encoding='utf-8')):
    for col, p in (('Alleged deployer of AI system', 'dep'), ('Alleged developer of AI system', 'dev'),
                   ('Alleged harmed or nearly harmed parties', 'harm')):
        for v in json.loads(r[col] or '[]'):
            parties[r['incident_id']].add(p + '=' + v)
roleless = {k: {x.split('=', 1)[1] for x in v} for k, v in parties.items()}


def nb(feats, train, test):
    return naive_bayes(feats, lambda i: inc[i]['domain'], K, train, test)


def neighbours(feats, train, test, smooth):
    """Vote of the training incidents sharing a party, each party weighted by its IDF and split among its incidents."""
    post = collections.defaultdict(list)
    for i in train:
        for t in feats.get(str(i), ()):
            post[t].append(i)
    prior = np.bincount([inc[i]['domain'] for i in train], minlength=K) / len(train)
    out = []
    for i in test:
        v, tot = np.zeros(K), 0.0
        for t in feats.get(str(i), ()):
            if not post[t] or len(post[t]) > 50:
                continue
            w = math.log(len(train) / len(post[t])) / len(post[t])
            for j in post[t]:
                v[inc[j]['domain']] += w
                tot += w
        out.append(None if tot == 0 else (v + smooth * prior) / (tot + smooth))
    return out


def tempered(p, t):
    q = np.power(np.clip(p, 1e-12, 1), 1.0 / t)
    return q / q.sum(-1, keepdims=True)


def score(splits, evidence, beta, t_bow=1.0, t_ft=1.0, alpha=0.4):
    res = []
    for si in range(len(d['bow'])):
        g, pr = [], []
        for s in splits:
            sp = d['splits'][s]
            ft = np.mean([np.array(x['splits'][str(s)]['test']) for x in runs], 0)
            q = (1 - alpha) * tempered(np.array(d['bow'][si][s][1]), t_bow) + alpha * tempered(ft, t_ft)
            ea = nb(aiaaic, sp['train'], sp['test'])
            ee = evidence(sp['train'], sp['test']) if evidence else [None] * len(sp['test'])
            for j, i in enumerate(sp['test']):
                w, add = 1.0, np.zeros(K)
                for e, b in ((ea, 0.2), (ee, beta)):
                    if e[j] is not None:
                        w -= b
                        add += b * e[j]
                g.append(inc[i]['domain'])
                pr.append(int(np.argmax(w * q[j] + add)))
        res.append(macro_f1(g, pr, K))
    return np.mean(res)


print('shipped', round(score(range(5), None, 0), 4), round(score([5], None, 0), 4))
if len(sys.argv) > 3 and sys.argv[3] == 'temperature':
    rows = []
    for tb in (0.5, 0.75, 1, 1.5, 2):
        for tf in (0.5, 0.75, 1, 1.5, 2):
            for a in (0.3, 0.4, 0.5, 0.6):
                rows.append((score(range(5), None, 0, tb, tf, a), tb, tf, a))
    for cv, tb, tf, a in sorted(rows, reverse=True)[:8]:
        print('temperature bow', tb, 'fine-tuned', tf, 'alpha', a, round(cv, 4), round(score([5], None, 0, tb, tf, a), 4), flush=True)
    sys.exit(0)
for name, feats in (('parties by role', parties), ('parties', roleless)):
    for smooth in (1.0, 3.0):
        for b in (0.05, 0.1, 0.15, 0.2, 0.3):
            ev = lambda tr, te: neighbours(feats, tr, te, smooth)
            print(name, 'neighbours, smoothing', smooth, 'weight', b, round(score(range(5), ev, b), 4), round(score([5], ev, b), 4), flush=True)
    for b in (0.05, 0.1, 0.2):
        ev = lambda tr, te: nb(feats, tr, te)
        print(name, 'naive Bayes, weight', b, round(score(range(5), ev, b), 4), round(score([5], ev, b), 4), flush=True)
