#!/usr/bin/python3
"""Not kept (docs/benchmarks.md §"Not kept: CSET and GMF labels as evidence"): AIID's own CSET v1 and GMF taxonomy labels
as a second naive-Bayes evidence model beside the AIAAIC labels, in the scan harness of aiaaic_evidence.py.

  taxonomy_evidence_scan.py          # needs /tmp/ft/data.json (FtDump) and ../shared/data/aiid-2025-03
"""
import collections, csv, json, sys, itertools
import numpy as np
sys.path.insert(0, '/work/main/tools/classifier')
from finetune import macro_f1
d = json.load(open('/tmp/ft/data.json'))
runs = [json.load(open(f'/work/main/tools/classifier/runs/seed{i}.json')) for i in (1, 2)]
inc = {e['id']: e for e in d['examples'] if e['kind'] == 'incident'}
K = len(d['domains'])
S = '/work/shared/data/aiid-2025-03/'
def load(kind):
    f = collections.defaultdict(set)
    if kind == 'aiaaic':
        for r in csv.DictReader(open('/work/main/src/main/resources/incidents/aiaaic-evidence.csv', encoding='utf-8')):
            for col in ('issues', 'harms_individual', 'harms_societal'):
                f[r['aiid_incident_id']] |= {col + '=' + v.strip().lower() for v in r[col].split(';') if v.strip()}
        return f
    if kind.startswith('gmf'):
        cols = {'gmf': ['Known AI Goal', 'Known AI Technology', 'Known AI Technical Failure'], 'gmfg': ['Known AI Goal'], 'gmfgf': ['Known AI Goal', 'Known AI Technical Failure']}[kind]
        file = 'classifications_GMF.csv'
    else:
        cols = {'cset': ['Harm Domain', 'AI Harm Level', 'Sector of Deployment', 'Intentional Harm', 'Special Interest Intangible Harm', 'Rights Violation', 'Detrimental Content', 'Involving Minor', 'Physical Objects', 'Autonomy Level', 'Protected Characteristic', 'Harm Distribution Basis'],
                'csets': ['Sector of Deployment', 'Intentional Harm', 'Rights Violation', 'Detrimental Content', 'Physical Objects', 'Protected Characteristic'],
                'csett': ['Sector of Deployment', 'Intentional Harm', 'Rights Violation', 'Detrimental Content', 'Physical Objects', 'Protected Characteristic', 'AI Task']}[kind]
        file = 'classifications_CSETv1.csv'
    for r in csv.DictReader(open(S + file, encoding='utf-8')):
        if r.get('Published', 'True') == 'False': continue
        for c in cols:
            f[r['Incident ID'].strip()] |= {c + '=' + v.strip().lower() for v in r[c].split(',') if v.strip()}
    return f

def nb(feats, train, test, lap=1.0):
    n, fc = np.zeros(K), {}
    for i in train:
        if str(i) not in feats: continue
        y = inc[i]['domain']; n[y] += 1
        for t in feats[str(i)]: fc.setdefault(t, np.zeros(K))[y] += 1
    out = []
    for i in test:
        known = [t for t in feats.get(str(i), ()) if t in fc]
        if not known: out.append(None); continue
        lp = np.log((n + 1) / (n.sum() + K)) + sum(np.log((fc[t] + lap) / (n + 2 * lap)) for t in known)
        p = np.exp(lp - lp.max()); out.append(p / p.sum())
    return out

def score(splits, sources, mode='sep'):
    res = []
    per = collections.defaultdict(list)
    for si in range(len(d['bow'])):
        g, pr = [], []
        for s in splits:
            sp = d['splits'][s]
            ft = np.mean([np.array(x['splits'][str(s)]['test']) for x in runs], 0)
            q = 0.6 * np.array(d['bow'][si][s][1]) + 0.4 * ft
            if mode == 'joint':
                allf = collections.defaultdict(set)
                for feats, b in sources:
                    for k, v in feats.items(): allf[k] |= v
                ev = [(nb(allf, sp['train'], sp['test']), sources[0][1])]
            else:
                ev = [(nb(feats, sp['train'], sp['test']), b) for feats, b in sources]
            for j, i in enumerate(sp['test']):
                p = q[j].copy(); w = 1.0; add = np.zeros(K)
                for e, b in ev:
                    if e[j] is not None: w -= b; add += b * e[j]
                p = w * p + add
                g.append(inc[i]['domain']); pr.append(int(np.argmax(p)))
        res.append(macro_f1(g, pr, K))
    return np.mean(res)

A = load('aiaaic')
print('shipped', round(score(range(5), [(A, .2)]), 4), round(score([5], [(A, .2)]), 4))
for kind in ['gmf', 'gmfg', 'gmfgf', 'cset', 'csets', 'csett']:
    F = load(kind)
    print(kind, len(F), [(b, round(score(range(5), [(A, .2), (F, b)]), 4)) for b in (0.1, 0.2, 0.3, 0.4)])
print('---')
C = load('cset')
G = collections.defaultdict(set)
for r in csv.DictReader(open(S + 'classifications_GMF.csv', encoding='utf-8')):
    for c in ['Known AI Goal', 'Known AI Technical Failure']:
        G[r['Incident ID'].strip()] |= {c + '=' + v.strip().lower() for v in r[c].split(',') if v.strip()}
print('gmf incl. drafts', len(G), [(b, round(score(range(5), [(A, .2), (C, .1), (G, b)]), 4)) for b in (0.1, 0.2, 0.3)])
for ba in (0.15, 0.2, 0.25):
    print('aiaaic', ba, [(b, round(score(range(5), [(A, ba), (C, b)]), 4)) for b in (0.05, 0.1, 0.15)])
print('joint A+C', [(b, round(score(range(5), [(A, b), (C, b)], 'joint'), 4)) for b in (0.1, 0.2, 0.3)])
