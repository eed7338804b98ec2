#!/usr/bin/python3
"""AIAAIC labels as evidence for the MIT risk domain (docs/benchmarks.md §"AIAAIC labels as evidence").

  aiaaic_evidence.py build EXPORT.csv AIAAIC.csv MIT_TRAINING.csv OUT.csv
      EXPORT from `./observatory export incidents --format csv` after ingesting the AIID and AIAAIC snapshots and
      clustering; writes the AIAAIC issue and external-harm labels of every labelled AIID incident merged with an
      AIAAIC entry (src/main/resources/incidents/aiaaic-evidence.csv).
  aiaaic_evidence.py scan DATA.json EVIDENCE.csv RESULTS.json[,RESULTS2.json…]
      DATA from FtDump, RESULTS from finetune.py (averaged): macro-F1 of the fused model (α 0.4, the weight when β was
      chosen; shipped since 2026-12-01: 0.5, see forward_scan.py) with a naive Bayes
      model of the AIAAIC labels mixed in at each weight β, per feature set, CV and newest fifth (mean of the
      bag-of-words seeds). The product's choice is the best CV row.
"""
import collections, csv, json, os, sys


def build(export, aiaaic, training, out):
    rows = list(csv.DictReader(open(export, encoding='utf-8')))
    by = collections.defaultdict(list)
    for r in rows:
        by[r['incident_id']].append(r)
    raw = list(csv.reader(open(aiaaic, encoding='utf-8')))
    entries = {x[0].strip().upper(): x for x in raw[3:] if len(x) == 20 and x[0].strip().upper().startswith('AIAAIC')}
    labelled = {r['incident_id'] for r in csv.DictReader(open(training, encoding='utf-8'))}
    norm = lambda s: '; '.join(p.strip() for p in s.split(';') if p.strip())
    w = csv.writer(open(out, 'w', newline='', encoding='utf-8'), lineterminator='\n')
    w.writerow(['aiid_incident_id', 'aiaaic_id', 'issues', 'harms_individual', 'harms_societal'])
    aiid = sorted((r for r in rows if r['source'] == 'aiid' and r['source_id'] in labelled), key=lambda r: int(r['source_id']))
    n = 0
    for r in aiid:
        for x in by[r['incident_id']]:
            if x['source'] == 'aiaaic':
                e = entries[x['source_id']]
                w.writerow([r['source_id'], x['source_id'], norm(e[11]), norm(e[12]), norm(e[13])])
                n += 1
    print(f'{n} rows for {len(aiid)} labelled AIID incidents')


def scan(data, evidence, results):
    import numpy as np
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from scan_common import aiaaic_features, macro_f1, naive_bayes
    d = json.load(open(data))
    runs = [json.load(open(f)) for f in results.split(',')]
    inc = {e['id']: e for e in d['examples'] if e['kind'] == 'incident'}
    K = len(d['domains'])
    feats = aiaaic_features(evidence)

    def side(train, test, cols):
        return naive_bayes(feats, lambda i: inc[i]['domain'], K, train, test, cols)

    def score(splits, beta, cols):
        splits = [s for s in splits if all(str(s) in x['splits'] for x in runs)]  # a partial run: the parts it has
        res = []
        for si in range(len(d['bow'])):
            g, pr = [], []
            for s in splits:
                sp = d['splits'][s]
                ft = np.mean([np.array(x['splits'][str(s)]['test']) for x in runs], 0)
                q = 0.6 * np.array(d['bow'][si][s][1]) + 0.4 * ft
                for j, (i, e) in enumerate(zip(sp['test'], side(sp['train'], sp['test'], cols))):
                    p = q[j] if e is None else (1 - beta) * q[j] + beta * e
                    g.append(inc[i]['domain'])
                    pr.append(int(np.argmax(p)))
            res.append(macro_f1(g, pr, K))
        return np.mean(res)

    for cols in [('issues',), ('issues', 'harms_individual', 'harms_societal')]:
        for b in [0, 0.1, 0.2, 0.3, 0.4, 0.5]:
            print(f'{"+".join(cols)} beta {b}: CV {score(range(5), b, cols):.4f} | newest fifth {score([5], b, cols):.4f}')


if __name__ == '__main__':
    if sys.argv[1] == 'build':
        build(*sys.argv[2:6])
    else:
        scan(*sys.argv[2:5])
