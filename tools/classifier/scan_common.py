"""What the scan harnesses share (aiaaic_evidence.py scan, entity_evidence_scan.py, forward_scan.py): the macro-F1 of
finetune.py (which needs PyTorch to import), the AIAAIC labels of the bundled evidence file, and the shipped label model."""
import collections, csv
import numpy as np


def macro_f1(gold, pred, n):
    f = []
    for c in range(n):
        tp = sum(1 for g, p in zip(gold, pred) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred) if g == c and p != c)
        if tp + fp + fn:
            f.append(0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return sum(f) / len(f)


def aiaaic_features(evidence_csv):
    """AIID incident id -> {"issues=privacy", "harms_individual=…", …} from incidents/aiaaic-evidence.csv."""
    feats = collections.defaultdict(set)
    for r in csv.DictReader(open(evidence_csv, encoding='utf-8')):
        for col in ('issues', 'harms_individual', 'harms_societal'):
            feats[r['aiid_incident_id']] |= {col + '=' + v.strip().lower() for v in r[col].split(';') if v.strip()}
    return feats


def naive_bayes(feats, domain_of, k, train, test, cols=None):
    """The shipped label model: Bernoulli naive Bayes over the present labels (Laplace 1), trained on {@code train};
    None for a test incident with no known label. {@code cols}: only labels of these fields."""
    n, fc = np.zeros(k), {}
    for i in train:
        if str(i) not in feats:
            continue
        y = domain_of(i)
        n[y] += 1
        for t in feats[str(i)]:
            if cols is None or t.split('=')[0] in cols:
                fc.setdefault(t, np.zeros(k))[y] += 1
    out = []
    for i in test:
        known = [t for t in feats.get(str(i), ()) if t in fc]
        if not known:
            out.append(None)
            continue
        lp = np.log((n + 1) / (n.sum() + k)) + sum(np.log((fc[t] + 1) / (n + 2)) for t in known)
        p = np.exp(lp - lp.max())
        out.append(p / p.sum())
    return out
