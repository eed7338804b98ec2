#!/usr/bin/python3
"""Fusion weights scanned over recorded held-out predictions (experiment; numbers in docs/benchmarks.md).

  fusion_scan.py DATA.json RESULTS.json[,RESULTS2.json…]   # DATA from FtDump (bag-of-words seeds 1-5, frozen-head probabilities),
                                                          # RESULTS from finetune.py; several are averaged (a seed ensemble)

Prints, for bag-of-words + fine-tuned, pooled 5-fold and newest-fifth macro-F1 (mean of the five bag-of-words seeds)
for each alpha; then the best weights of a three-way fusion with the frozen-embedding head, by CV.
"""
import json, os, sys
import numpy as np
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from finetune import macro_f1

d = json.load(open(sys.argv[1]))
runs = [json.load(open(f)) for f in sys.argv[2].split(',')]
r = {'splits': {s: {'test': np.mean([np.array(x['splits'][s]['test']) for x in runs], 0)}
                for s in runs[0]['splits'] if all(s in x['splits'] for x in runs)}}
inc = {e['id']: e for e in d['examples'] if e['kind'] == 'incident'}


def linear(a, b=0.0):
    """The mix the product uses: weights a (fine-tuned) and b (frozen head), the rest bag-of-words."""
    return lambda bow, ft, lr: (1 - a - b) * bow + a * ft + b * lr


def score(combine, splits):
    """Macro-F1 of argmax combine(bag-of-words, fine-tuned, frozen head) over the splits, mean of the bag-of-words seeds."""
    splits = [s for s in splits if str(s) in r['splits']]  # a run still under way: the splits it has finished
    if not splits:
        return float('nan')
    res = []
    for si in range(len(d['bow'])):
        g, p = [], []
        for s in splits:
            g += [inc[i]['domain'] for i in d['splits'][s]['test']]
            q = combine(np.array(d['bow'][si][s][1]), np.array(r['splits'][str(s)]['test']), np.array(d['lr'][s][1]))
            p += list(q.argmax(1))
        res.append(macro_f1(g, p, len(d['domains'])))
    return np.mean(res)


for a in [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]:
    print(f'alpha {a}: CV {score(linear(a), range(5)):.4f} | newest fifth {score(linear(a), [5]):.4f}')
rows = [(score(linear(a, b), range(5)), a, b, score(linear(a, b), [5])) for a in np.arange(0.2, 0.71, 0.1) for b in np.arange(0, 0.41, 0.1) if a + b <= 0.9]
for x in sorted(rows, reverse=True)[:5]:
    print('three-way: CV %.4f fine-tuned %.1f frozen head %.1f | newest fifth %.4f' % x)
# alternatives not kept (docs/benchmarks.md): log-linear pooling, and a boost of one domain's fused probability
for a in [0.3, 0.4, 0.5, 0.6]:
    loglin = lambda bow, ft, lr: (1 - a) * np.log(bow + 1e-6) + a * np.log(ft + 1e-6)
    print(f'log-linear alpha {a}: CV {score(loglin, range(5)):.4f} | newest fifth {score(loglin, [5]):.4f}')
for dom in (4, 5):
    for w in [1.2, 1.4, 1.7, 2.0]:
        boost = np.ones(len(d['domains']))
        boost[dom] = w
        mix = lambda bow, ft, lr: linear(0.4)(bow, ft, lr) * boost
        print(f'alpha 0.4, domain {dom + 1} x{w}: CV {score(mix, range(5)):.4f} | newest fifth {score(mix, [5]):.4f}')
