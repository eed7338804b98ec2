#!/usr/bin/env python3
"""Candidate AIID-AIAAIC pairs for the second labelled linkage set (src/main/resources/incidents/linkage-check.csv).

110 AIID incidents of the 2025-03 snapshot drawn at random (seed 23) among those NOT in linkage-dev.csv; for each, the
three AIAAIC entries ranked highest by a simple scorer that is not the product's (simple_scorer.py). Writes the
candidates for labelling (docs/benchmarks.md, "Second labelled set").

usage: tools/linkage/candidates.py ../shared/data out/candidates.csv [SEED [EXCLUDED.csv,…]]
  defaults: seed 23, excluding linkage-dev.csv (the second set); the third set (linkage-holdout.csv) is seed 41,
  excluding linkage-dev.csv and linkage-check.csv; the fourth to ninth sets are seeds 59, 67, 83, 97, 101 and 103,
  each excluding every set before it
"""
import csv, random, re, sys

from simple_scorer import SimpleScorer

data, out_path = sys.argv[1], sys.argv[2]
aiid = list(csv.DictReader(open(f"{data}/aiid-2025-03/incidents.csv", encoding="utf-8")))
rows = list(csv.reader(open(f"{data}/aiaaic/AIAAIC_Repository_Incidents.csv", encoding="utf-8")))[3:]
aa = [r for r in rows if len(r) == 20 and re.match(r"AIAAIC\d+", r[0].strip())]
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 23
excluded = sys.argv[4].split(",") if len(sys.argv) > 4 else ["src/main/resources/incidents/linkage-dev.csv"]
dev = {r["aiid_id"] for f in excluded for r in csv.DictReader(open(f, encoding="utf-8"))}
random.seed(seed)
pick = random.sample([r for r in aiid if r["incident_id"] not in dev], 110)
out = []
scorer = SimpleScorer(aa)
for r in pick:
    for i in scorer.top(r, 3):
        a = aa[i]
        out.append(dict(aiid_id=r["incident_id"], aiaaic_id=a[0].strip(), aiid_date=r["date"], aiid_title=r["title"],
                        aiid_description=r["description"], aiid_deployers=r["Alleged deployer of AI system"],
                        aiaaic_headline=a[1], aiaaic_occurred=a[2], aiaaic_country=a[3], aiaaic_deployer=a[5],
                        aiaaic_developer=a[6], aiaaic_system=a[7], aiaaic_summary=a[19][:300]))
with open(out_path, "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(out[0].keys()))
    w.writeheader()
    w.writerows(out)
print(len(out), "candidate pairs")
