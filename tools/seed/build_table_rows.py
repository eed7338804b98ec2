#!/usr/bin/env python3
"""Lists every row of every table in DIGEST.md into src/test/resources/registry/seed-table-rows.json,
with the bundled records that reference each row. Usage: python3 tools/seed/build_table_rows.py [shared/seed]"""
import json, os, re, sys
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
SEED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "seed")
OUT = os.path.join(REPO, "src/test/resources/registry/seed-table-rows.json")
REG = os.path.join(REPO, "src/main/resources/registry/seed/registry-seed.json")

ENTITY_FREE = {"P4-T1": "Paper 4 Table 1 compares AI with general technology along abstract risk characteristics "
                        "(controllability, governance resources, security impact); its rows name no instrument or actor."}
rows, cur, title, n = [], None, None, 0
for ln in open(os.path.join(SEED, "DIGEST.md"), encoding="utf-8"):
    m = re.match(r"^### Table (\d) \(paper (\d)\) — (.*)$", ln.strip())
    if m:
        cur = f"P{m.group(2)}-T{m.group(1)}"
        title = f"Paper {m.group(2)} Table {m.group(1)} — " + re.sub(r"\*\*|\.\s.*$", "", m.group(3)).strip()
        n = 0
        continue
    if ln.startswith("### ") or ln.startswith("## "):
        cur = None
        continue
    if cur and ln.startswith("|"):
        cells = [c.strip() for c in ln.strip().strip("|").split("|")]
        if set("".join(cells)) <= set("-: ") or cells[0] in ("#", "Dimension", "Factor group", "Characteristic 特点 (类别)"):
            continue
        n += 1
        if cur == "P4-T2":
            ref, rt = f"{cur}-{cells[0]}", f"{cells[1]} / {cells[2]}"
        elif cur.startswith("P5"):
            ref, rt = f"{cur}-r{int(cells[0]):02d}", f"{cells[1]}: {cells[5]} / {cells[4]} ({cells[3]})"
        elif cur == "P3-T2":
            ref, rt = f"{cur}-r{n:02d}", f"{cells[0]}: {cells[1]} (EU {cells[2]}; US {cells[3]})"
        elif cur == "P3-T1":
            ref, rt = f"{cur}-r{n:02d}", f"{cells[0]} (EU: {cells[1]}; US: {cells[2]})"
        else:
            ref, rt = f"{cur}-r{n:02d}", f"{cells[0]} (AI: {cells[1]}; general technology: {cells[2]})"
        row = {"ref": ref, "table": title, "row_title": rt}
        if cur in ENTITY_FREE:
            row["entity_free"] = True
            row["reason"] = ENTITY_FREE[cur]
        rows.append(row)
reg = json.load(open(REG, encoding="utf-8"))
for row in rows:
    ids = [r["id"] for r in reg if row["ref"] in r.get("table_refs", [])]
    if not row.get("entity_free"):
        row["records"] = ids
os.makedirs(os.path.dirname(OUT), exist_ok=True)
json.dump(rows, open(OUT, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
from collections import Counter
print(len(rows), Counter(r["ref"].rsplit("-", 1)[0] for r in rows))
print("unreferenced:", [r["ref"] for r in rows if not r.get("entity_free") and not r["records"]])
