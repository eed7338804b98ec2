#!/usr/bin/env python3
"""Candidate AIID-AIAAIC pairs for the second labelled linkage set (src/test/resources/incidents/linkage-check.csv).

110 AIID incidents of the 2025-03 snapshot drawn at random (seed 23) among those NOT in linkage-dev.csv; for each, the
three AIAAIC entries ranked highest by a simple scorer that is not the product's: IDF-weighted overlap of non-stop
words between the AIAAIC headline and the AIID title + description, +0.3 (+ a tenth of the overlap) when an AIID
deployer/developer slug appears in the AIAAIC deployer, developer, system or headline, +0.5 when the AIAAIC year is
within one year of the AIID date. Writes candidates.csv for labelling (docs/benchmarks.md, "Second labelled set").

usage: tools/linkage/candidates.py ../shared/data out/candidates.csv
"""
import collections, csv, json, math, random, re, sys

data, out_path = sys.argv[1], sys.argv[2]
aiid = list(csv.DictReader(open(f"{data}/aiid-2025-03/incidents.csv", encoding="utf-8")))
rows = list(csv.reader(open(f"{data}/aiaaic/AIAAIC_Repository_Incidents.csv", encoding="utf-8")))[3:]
aa = [r for r in rows if len(r) == 20 and re.match(r"AIAAIC\d+", r[0].strip())]
dev = {r["aiid_id"] for r in csv.DictReader(open("src/test/resources/incidents/linkage-dev.csv", encoding="utf-8"))}
STOP = set("the a an of and to in on for by with at from as is are was were be been its it this that after over into "
           "about ai artificial intelligence using used use allegedly reportedly".split())


def toks(s):
    return [w for w in re.findall(r"[a-z0-9]+", s.lower()) if w not in STOP and len(w) > 2]


df = collections.Counter()
for r in aa:
    df.update(set(toks(r[1])))
N = len(aa)


def idf(w):
    return math.log((N + 1) / (df[w] + 1))


def year(s):
    m = re.match(r"(\d{4})", s.strip())
    return int(m.group(1)) if m else None


random.seed(23)
pick = random.sample([r for r in aiid if r["incident_id"] not in dev], 110)
out = []
for r in pick:
    words = set(toks(r["title"] + " " + r["description"]))
    ents = set()
    for col in ("Alleged deployer of AI system", "Alleged developer of AI system"):
        for e in json.loads(r[col] or "[]"):
            ents.add(e.replace("-", " ").lower())
    y = int(r["date"][:4])
    scored = []
    for a in aa:
        s = sum(idf(w) for w in words & set(toks(a[1])))
        names = (a[5] + " " + a[6] + " " + a[7] + " " + a[1]).lower()
        if any(e and e in names for e in ents):
            s += 0.3 * max(1, s) * 0.1 + 0.3
        ay = year(a[2])
        if ay is not None and abs(ay - y) <= 1:
            s += 0.5
        scored.append((s, a))
    scored.sort(key=lambda t: -t[0])
    for s, a in scored[:3]:
        out.append(dict(aiid_id=r["incident_id"], aiaaic_id=a[0].strip(), aiid_date=r["date"], aiid_title=r["title"],
                        aiid_description=r["description"], aiid_deployers=r["Alleged deployer of AI system"],
                        aiaaic_headline=a[1], aiaaic_occurred=a[2], aiaaic_country=a[3], aiaaic_deployer=a[5],
                        aiaaic_developer=a[6], aiaaic_system=a[7], aiaaic_summary=a[19][:300]))
with open(out_path, "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(out[0].keys()))
    w.writeheader()
    w.writerows(out)
print(len(out), "candidate pairs")
