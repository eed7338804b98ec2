"""The deliberately simple AIID-to-AIAAIC scorer used to draw candidate pairs for labelling (not the product's scorer).

IDF-weighted overlap of non-stop words between the AIAAIC headline and the AIID title + description, +0.3 (+ a tenth
of the overlap) when an AIID deployer/developer slug appears in the AIAAIC deployer, developer, system or headline,
+0.5 when the AIAAIC year is within one year of the AIID date.
"""
import collections
import json
import math
import re

STOP = set("the a an of and to in on for by with at from as is are was were be been its it this that after over into "
           "about ai artificial intelligence using used use allegedly reportedly".split())


def toks(s):
    return [w for w in re.findall(r"[a-z0-9]+", s.lower()) if w not in STOP and len(w) > 2]


class SimpleScorer:
    def __init__(self, aaic_rows):
        """aaic_rows: AIAAIC data rows (20 fields each)."""
        self.rows = aaic_rows
        df = collections.Counter()
        for r in aaic_rows:
            df.update(set(toks(r[1])))
        n = len(aaic_rows)
        self.idf = {w: math.log((n + 1) / (c + 1)) for w, c in df.items()}
        self.words = [set(toks(r[1])) for r in aaic_rows]
        self.names = [(r[5] + " " + r[6] + " " + r[7] + " " + r[1]).lower() for r in aaic_rows]
        self.years = [int(m.group(1)) if (m := re.match(r"(\d{4})", r[2].strip())) else None for r in aaic_rows]

    def top(self, aiid_row, k=3):
        """Indexes of the k best AIAAIC rows for an AIID incidents.csv row (ties: the earlier row first)."""
        words = set(toks(aiid_row["title"] + " " + aiid_row["description"]))
        ents = {e.replace("-", " ").lower() for col in ("Alleged deployer of AI system", "Alleged developer of AI system")
                for e in json.loads(aiid_row[col] or "[]")}
        y = int(aiid_row["date"][:4])
        scored = []
        for i in range(len(self.rows)):
            s = sum(self.idf.get(w, 0) for w in words & self.words[i])
            if any(e and e in self.names[i] for e in ents):
                s += 0.3 * max(1, s) * 0.1 + 0.3
            if self.years[i] is not None and abs(self.years[i] - y) <= 1:
                s += 0.5
            scored.append((s, i))
        scored.sort(key=lambda t: (-t[0], t[1]))
        return [i for _, i in scored[:k]]
