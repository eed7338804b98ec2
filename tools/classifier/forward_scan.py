#!/usr/bin/python3
"""Choosing the fusion's settings for newer incidents (docs/benchmarks.md §"Settings chosen on a forward split").

The shipped mix (α 0.4, AIAAIC labels at β 0.2) was chosen by 5-fold CV. A later snapshot is scored on incidents newer
than every training label, so this scan chooses the settings on a *forward* split instead: inside the newest fifth's
training part, train on its oldest four fifths and test on its newest fifth (FtDump -Dftdump.forward=true writes it as
split 6 of data-forward.json). The newest fifth itself is never looked at for the choice; it is scored once, after.

  FtDump with -Dftdump.forward=true, then for s in 1 2:
      finetune.py all-minilm-l6-v2.onnx data-forward.json runs-forward-seed$s.json --epochs 3 --seed $s --splits 6
  forward_scan.py /tmp/ft/data-forward.json /tmp/ft/runs-forward-seed1.json,/tmp/ft/runs-forward-seed2.json [SIX-SPLIT RUNS]
The optional third argument names the fine-tuned runs of eval's six splits (default: the shipped runs/seed1.json,
runs/seed2.json), for a candidate whose members are fine-tuned differently.
"""
import json, os, sys
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
d = json.load(open(sys.argv[1]))
forward = [json.load(open(f)) for f in sys.argv[2].split(',')]
shipped = [json.load(open(f)) for f in (sys.argv[3].split(',') if len(sys.argv) > 3 else
                                        [os.path.join(HERE, f'runs/seed{i}.json') for i in (1, 2)])]
inc = {e['id']: e for e in d['examples'] if e['kind'] == 'incident'}
K = len(d['domains'])
FORWARD, NEWEST, FOLDS = 6, 5, range(5)


sys.path.insert(0, HERE)
from scan_common import aiaaic_features, macro_f1, naive_bayes  # noqa: E402

feats = aiaaic_features(os.path.join(HERE, '../../src/main/resources/incidents/aiaaic-evidence.csv'))


def labels_model(train, test):
    """The shipped AIAAIC label model, trained on the split's training part."""
    return naive_bayes(feats, lambda i: inc[i]['domain'], K, train, test)


def tempered(p, t):
    q = np.power(np.clip(p, 1e-12, 1), 1.0 / t)
    return q / q.sum(-1, keepdims=True)


cache = {}


def score(splits, alpha, t_bow=1.0, t_ft=1.0, beta=0.2):
    res = []
    for si in range(len(d['bow'])):
        g, pr = [], []
        for s in splits:
            sp = d['splits'][s]
            runs = forward if s == FORWARD else shipped
            ft = np.mean([np.array(x['splits'][str(s)]['test']) for x in runs], 0)
            q = (1 - alpha) * tempered(np.array(d['bow'][si][s][1]), t_bow) + alpha * tempered(ft, t_ft)
            if s not in cache:
                cache[s] = labels_model(sp['train'], sp['test'])
            for j, i in enumerate(sp['test']):
                e = cache[s][j]
                p = q[j] if e is None else (1 - beta) * q[j] + beta * e
                g.append(inc[i]['domain'])
                pr.append(int(np.argmax(p)))
        res.append(macro_f1(g, pr, K))
    return float(np.mean(res))


def row(name, a, tb=1.0, tf=1.0, b=0.2):
    print(f'{name}: α {a} T_bow {tb} T_ft {tf} β {b} | forward {score([FORWARD], a, tb, tf, b):.4f} | '
          f'CV {score(FOLDS, a, tb, tf, b):.4f} | newest fifth {score([NEWEST], a, tb, tf, b):.4f}', flush=True)


row('shipped (FusedRiskModel.FT_ALPHA)', 0.5)
row('α 0.4, shipped until 2026-12-01', 0.4)
print('fine-tuned alone on the forward split:', round(score([FORWARD], 1.0, beta=0), 4), '| bag-of-words alone:', round(score([FORWARD], 0.0, beta=0), 4))
# grid A: the mix only; grid B: the mix, both temperatures and the label model's weight. Each choice is the best forward row.
alphas = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
a_rows = sorted(((score([FORWARD], a), a) for a in alphas), reverse=True)
print('grid A, forward:', [(a, round(f, 4)) for f, a in sorted(a_rows, key=lambda x: x[1])])
row('grid A choice', a_rows[0][1])
b_rows = []
for a in (0.3, 0.4, 0.5, 0.6, 0.7):
    for tb in (0.5, 1.0, 2.0):
        for tf in (0.5, 1.0, 2.0):
            for b in (0.1, 0.2, 0.3):
                b_rows.append((score([FORWARD], a, tb, tf, b), a, tb, tf, b))
b_rows.sort(reverse=True)
print('grid B, best forward rows:', [tuple(round(x, 4) for x in r) for r in b_rows[:5]])
row('grid B choice', *b_rows[0][1:])
