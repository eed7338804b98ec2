#!/usr/bin/env python3
"""Weak MIT risk-domain labels for AIAAIC entries (src/main/resources/incidents/aiaaic-weak-labels.csv).

AIAAIC labels its entries with its own Issue(s) and External harms, not with the MIT taxonomy. These rules map them
to an MIT sub-domain (first rule that matches wins; entries no rule covers are left out). The risk-domain model uses
the result as extra training examples at a small weight (docs/benchmarks.md, "AIAAIC entries as weakly labelled
examples"). Rules read the labels and a few headline words only, never an MIT label.

twin_of lists the labelled AIID incidents an entry may describe: the incidents `cluster` merged it with (read from an
export given as the third argument) and those for which it is among the three best AIAAIC candidates of a simple
word-overlap scorer (the one of tools/linkage/candidates.py). Evaluation leaves an entry out of training whenever one
of its twin_of incidents is held out, so no held-out incident is learnt through its own AIAAIC twin.

Used by the product since 2026-12-02 ("no-twins", weight 0.1, in the bag-of-words model only; docs/benchmarks.md,
"AIAAIC entries as weakly labelled examples, with the fine-tuned fusion"). The bundled file is rebuilt with:
  ./observatory export incidents --format csv --out export.csv     # after ingest aiid + aiaaic of ../shared/data
  tools/classifier/aiaaic_weak_labels.py ../shared/data export.csv src/main/resources/incidents/aiaaic-weak-labels.csv no-twins
In no-twins mode the twin_of column (empty for every kept entry) is left out, as the product reads it. The first
experiment (2026-11-30, other modes and weights, before the fine-tuned model) ran through
tools/classifier/aiaaic-aux-experiment.patch, which applies to commits before 2026-12-02 only.

usage: tools/classifier/aiaaic_weak_labels.py DATA EXPORT OUT all|unlinked|no-twins
  unlinked: without the entries `cluster` merged with any AIID incident; no-twins: only entries whose twin_of is empty
"""
import collections, csv, os, re, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "linkage"))
from simple_scorer import SimpleScorer  # noqa: E402

data, export, out_path, mode = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
rows = list(csv.reader(open(f"{data}/aiaaic/AIAAIC_Repository_Incidents.csv", encoding="utf-8")))[3:]
aa = [r for r in rows if len(r) == 20 and re.match(r"AIAAIC\d+", r[0].strip()) and r[1].strip()]
aiid = list(csv.DictReader(open(f"{data}/aiid-2025-03/incidents.csv", encoding="utf-8")))
labelled = {r["Incident ID"] for r in csv.DictReader(open(f"{data}/aiid-2025-03/classifications_MIT.csv", encoding="utf-8"))}
DOMAIN = {"1": "1. Discrimination and Toxicity", "2": "2. Privacy & Security", "3": "3. Misinformation",
          "4": "4. Malicious Actors & Misuse", "5": "5. Human-Computer Interaction",
          "6": "6. Socioeconomic & Environmental Harms", "7": "7. AI system safety, failures, and limitations"}


def subdomain(r):
    issues, harms, head = r[11].lower(), r[12].lower(), r[1].lower()
    if "autonomous weapons" in issues:
        return "4.2"
    if "financial loss" in harms and ("deception" in harms or re.search(r"scam|fraud|swindl|impersonat", head)):
        return "4.3"
    if re.search(r"scam|fraud", head):
        return "4.3"
    if "mis/disinformation" in issues:
        return "4.1" if re.search(r"election|politic|propaganda|campaign|state[- ]", head) else "3.1"
    for word, sub in (("privacy", "2.1"), ("security", "2.2"), ("fairness", "1.1"), ("anthropomorphism", "5.1"),
                      ("automation bias", "5.1"), ("autonomy", "5.2"), ("environment", "6.6"), ("copyright", "6.3"),
                      ("employment", "6.2"), ("safety", "7.3"), ("accuracy", "7.3")):
        if word in issues:
            return sub
    return None


# twins: links made by the product's clustering ...
twins = collections.defaultdict(set)
exp = list(csv.DictReader(open(export, encoding="utf-8")))
members = collections.defaultdict(list)
for r in exp:
    members[r["incident_id"]].append(r)
linked = set()
for rs in members.values():
    for a in rs:
        if a["source"] != "aiaaic":
            continue
        if any(b["source"] == "aiid" for b in rs):
            linked.add(a["source_id"].upper())
        for b in rs:
            if b["source"] == "aiid" and b["source_id"] in labelled:
                twins[a["source_id"].upper()].add(b["source_id"])
# ... and the three best candidates of the simple scorer for every labelled AIID incident
scorer = SimpleScorer(aa)
for r in aiid:
    if r["incident_id"] in labelled:
        for i in scorer.top(r, 3):
            twins[aa[i][0].strip().upper()].add(r["incident_id"])

out, seen, counts = [], set(), collections.Counter()
for r in aa:
    aid = r[0].strip().upper()
    sub = subdomain(r)
    if sub is None or aid in seen or (mode == "unlinked" and aid in linked) or (mode == "no-twins" and twins[aid]):
        continue
    seen.add(aid)
    counts[sub] += 1
    names = " ".join(x.strip().lower().replace(" ", "-") for x in re.split(r"[;,\n]", r[5] + ";" + r[6] + ";" + r[7]) if x.strip())
    out.append({"id": aid, "domain": DOMAIN[sub[0]], "subdomain": sub + ". x", "text": r[1].strip() + ". " + names,
                "embed": r[1].strip(), "twin_of": ";".join(sorted(twins[aid], key=int))})
with open(out_path, "w", newline="", encoding="utf-8") as f:
    fields = ["id", "domain", "subdomain", "text", "embed"] + ([] if mode == "no-twins" else ["twin_of"])
    w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(out)
print(len(out), "entries;", sum(1 for o in out if o["twin_of"]), "with twins;", dict(sorted(counts.items())))
