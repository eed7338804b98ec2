#!/usr/bin/env python3
"""Builds src/main/resources/registry/seed/registry-seed.json from the shared seed
(entities.json, seed.txt) plus the hand-curated tables in this folder.
Usage: python3 tools/seed/build_seed.py [path/to/shared/seed]"""
import gettext, json, os, re, sys
sys.path.insert(0, os.path.dirname(__file__))
from handdata import *  # noqa
from relations import *  # noqa

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
SEED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "seed")
OUT = os.path.join(REPO, "src/main/resources/registry/seed/registry-seed.json")

ents = json.load(open(os.path.join(SEED, "entities.json"), encoding="utf-8"))
lines = open(os.path.join(SEED, "seed.txt"), encoding="utf-8").read().split("\n")
byid = {e["id"]: e for e in ents}

def load_tsv(name):
    d = {}
    for ln in open(os.path.join(HERE, name), encoding="utf-8"):
        ln = ln.rstrip("\n")
        if ln:
            k, v = ln.split("\t", 1)
            d[k] = v
    return d
ZH_SUM = {**load_tsv("zh_summary_1.tsv"), **load_tsv("zh_summary_2.tsv")}

TYPE_ZH = {"law": "法律", "regulation": "法规", "executive_order": "行政令", "strategy": "战略文件", "policy": "政策",
           "guideline": "指南", "standard": "标准", "principles": "原则", "declaration": "宣言", "treaty": "条约",
           "resolution": "决议", "recommendation": "建议书", "framework": "框架", "initiative": "倡议", "forum": "论坛",
           "dialogue": "对话机制", "compact": "契约", "report": "报告", "project": "项目", "program": "计划",
           "proposed_mechanism": "拟议机制", "database": "数据库", "technical_system": "技术系统", "court_case": "司法案例",
           "task_force": "工作组", "expert_group": "专家组", "advisory_body": "咨询机构", "review_board": "审查委员会",
           "corporate_policy": "企业政策", "bill": "法案（草案）", "other": "协议",
           "state": "主权国家", "state_group": "国家集团", "regional_org": "区域组织", "international_org": "国际组织",
           "eu_institution": "欧盟机构", "government_agency": "政府机构", "legislature": "立法机构",
           "designated_authority_role": "指定主管机构（角色）", "company": "企业", "multistakeholder_body": "多利益相关方机构",
           "multilateral_forum": "多边论坛", "intergovernmental_forum": "政府间论坛", "research_institute": "研究机构",
           "civil_society": "民间社会组织", "exchange": "交易所", "political_party_body": "政党机构", "standards_body": "标准组织"}
TYPE_EN = {"executive_order": "Executive order", "proposed_mechanism": "Proposed mechanism", "technical_system": "Technical system",
           "court_case": "Court case", "task_force": "Task force", "expert_group": "Expert group", "advisory_body": "Advisory body",
           "review_board": "Review board", "corporate_policy": "Corporate policy", "program": "Programme", "other": "Agreement",
           "state_group": "Group of states", "regional_org": "Regional organisation", "international_org": "International organisation",
           "eu_institution": "EU institution", "government_agency": "Government agency", "designated_authority_role": "Designated authority role",
           "multistakeholder_body": "Multi-stakeholder body", "multilateral_forum": "Multilateral forum",
           "intergovernmental_forum": "Intergovernmental forum", "research_institute": "Research institute", "civil_society": "Civil-society organisation",
           "political_party_body": "Political party body", "state": "Sovereign state", "standards_body": "Standards body"}
VERB_EN = {"technical_system": "developed by", "forum": "convened by", "dialogue": "held by", "report": "published by", "database": "run by",
           "project": "run by", "program": "run by", "initiative": "launched by", "court_case": "brought by", "task_force": "set up by",
           "expert_group": "set up by", "advisory_body": "set up by", "review_board": "set up by", "proposed_mechanism": "proposed for", "treaty": "concluded by", "other": "concluded by"}
VERB_ZH = {"technical_system": "研发", "forum": "举办", "dialogue": "举行", "report": "发布", "database": "运营", "project": "实施",
           "program": "实施", "initiative": "发起", "court_case": "提起", "task_force": "设立", "expert_group": "设立",
           "advisory_body": "设立", "review_board": "设立", "proposed_mechanism": "拟由", "treaty": "缔结", "other": "达成"}
JUR_ZH = {"US": "美国", "CN": "中国", "EU": "欧盟", "INTL": "国际", "GB": "英国", "FR": "法国", "RU": "俄罗斯", "IL": "以色列",
          "JP": "日本", "IN": "印度", "DE": "德国", "SE": "瑞典", "UA": "乌克兰", "AE": "阿联酋", "KR": "韩国", "ID": "印度尼西亚"}
JUR_EN = {"US": "United States", "CN": "China", "EU": "European Union", "INTL": "international", "GB": "United Kingdom", "FR": "France",
          "RU": "Russia", "IL": "Israel", "JP": "Japan", "IN": "India", "DE": "Germany", "SE": "Sweden", "UA": "Ukraine",
          "AE": "United Arab Emirates", "KR": "South Korea", "ID": "Indonesia"}

# ---------- section finder over seed.txt ----------
HEAD = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)\s*\S")
paper_text = {}
for p, (a, b) in PAPER_LINES.items():
    buf, offs = [], []
    for i in range(a - 1, b):
        s = lines[i].strip()
        if not s:
            continue
        offs.append((sum(len(x) for x in buf), i + 1))
        buf.append(s)
    paper_text[p] = ("".join(buf), offs)

def heading_before(p, lineno):
    a, _ = PAPER_LINES[p]
    top = None
    for i in range(lineno - 1, a - 2, -1):
        if HEAD.match(lines[i]):
            h = lines[i].strip()
            if h.startswith("（"):
                if top is None:
                    top = h
                continue
            if top:
                return (h + " " + top)[:60]
            return h[:60]
    return top[:60] if top else None

def terms_for(e, zh):
    out = []
    for v0 in re.split(r"\s*/\s*", e["name_zh"]) + [zh]:
        if len(v0) >= 2 and v0 not in out:
            out.append(v0)
        v = re.sub(r"[《》“”\"]", "", v0)
        core = re.sub(r"（.*?）|\(.*?\)", "", v).strip()
        for t in (v.strip(), core):
            if len(t) >= 2 and t not in out:
                out.append(t)
        for ac in re.findall(r"（([A-Za-z][A-Za-z0-9 .&-]{1,20})）", v):
            if len(ac) >= 3 and ac not in out:
                out.append(ac)
    en = e["name_en"]
    if len(en) >= 5 and en not in out:
        out.append(en)
    return out

def locate(p, terms):
    text, offs = paper_text[p]
    best = None
    for t in terms:
        k = text.find(t)
        if k >= 0 and (best is None or k < best):
            best = k
    if best is None:
        return None
    ln = offs[0][1]
    for o, l in offs:
        if o <= best:
            ln = l
        else:
            break
    return ln

def cite(p, extra=None):
    s = f"Strategic Decision Research (战略决策研究) 2024(3), paper {p} ({PAPER_AUTHORS[p]})"
    return s + (", " + extra if extra else "")

# ---------- helpers ----------
def as_list(x):
    if x is None:
        return []
    return x if isinstance(x, list) else [x]

def zh_date(d):
    parts = d.split("-")
    s = parts[0] + "年"
    if len(parts) > 1:
        s += str(int(parts[1])) + "月"
    if len(parts) > 2:
        s += str(int(parts[2])) + "日"
    return s

def table_label(ref):
    m = re.match(r"P(\d)-T(\d)-(r\d+|[MSIG]\d+)$", ref)
    p, t, r = m.groups()
    if r.startswith("r"):
        return int(p), f"Table {t} row {int(r[1:])}"
    return int(p), f"Table {t} row {r}"

HARD = {"law", "regulation", "treaty"}
SOFT = {"strategy", "policy", "guideline", "standard", "principles", "declaration", "resolution", "recommendation",
        "framework", "compact", "executive_order", "corporate_policy"}
STATUS_BY_TYPE = {**{t: "adopted" for t in ["strategy", "policy", "guideline", "standard", "principles", "declaration", "resolution",
                                             "recommendation", "framework", "compact", "report", "corporate_policy"]},
                  **{t: "in_force" for t in ["law", "regulation", "treaty", "executive_order"]},
                  **{t: "active" for t in ["initiative", "forum", "project", "program", "database", "dialogue", "advisory_body",
                                           "expert_group", "task_force", "review_board"]},
                  "proposed_mechanism": "proposed", "bill": "proposed", "court_case": "unknown"}

# governance layers: defaults by type for AI-governance instruments, then overrides
LAYER_BY_TYPE = {**{t: ["social_legal"] for t in ["law", "regulation", "executive_order", "treaty", "bill", "resolution", "compact",
                                                   "strategy", "policy", "framework", "declaration", "advisory_body", "expert_group",
                                                   "task_force", "review_board", "proposed_mechanism", "initiative", "forum", "dialogue", "program"]},
                 **{t: ["ethical"] for t in ["guideline", "principles", "recommendation", "corporate_policy"]},
                 **{t: ["technical"] for t in ["standard", "database"]}}
NOT_AI_GOV = {"us_sherman_act", "us_ira", "tfeu_art101", "us_v_microsoft", "ftc_v_amazon", "ftc_v_facebook", "horizon_programme",
              "digital_europe_programme", "us_platform_competition_act", "us_ending_platform_monopolies_act", "tpp_insight_forum_tracker",
              "edih_network", "us_ip_law"}
LAYER_OVR = {
    "ieee_ead": ["ethical"], "nist_ai_rmf": ["technical", "ethical"], "nist_bias_standard": ["technical", "ethical"],
    "nist_four_principles_xai": ["technical", "ethical"], "darpa_xai": ["technical"], "dhs_ai_roadmap_2024": ["technical", "social_legal"],
    "eu_altai": ["ethical", "technical"], "eu_ai_act": ["social_legal", "ethical", "technical"], "g7_hiroshima_process": ["social_legal", "ethical"],
    "oecd_ai_principles": ["ethical", "social_legal"], "unesco_rec_ethics_ai": ["ethical", "social_legal"], "eu_ethics_guidelines_trustworthy_ai": ["ethical"],
    "cn_ngai_standards_guide": ["technical"], "ati_ai_standards_hub": ["technical"], "prop_intl_ai_standards_org": ["technical"],
    "prop_shared_knowledge_base": ["technical", "ethical"], "pai_safety_critical_ai": ["technical", "ethical"], "frontier_model_forum": ["technical", "ethical"],
    "openai_usage_policy": ["ethical"], "gifct_hash_sharing_db": ["technical"], "oecd_aim": ["technical"], "oecd_ai_policy_observatory": ["social_legal", "technical"],
    "ep_ai_ethics_framework": ["ethical", "social_legal"], "eu_civil_law_rules_robotics": ["ethical", "social_legal"], "cn_ngai_governance_principles": ["ethical"],
    "cn_ngai_ethical_norms": ["ethical"], "europol_ap4ai": ["ethical"], "who_ai_health_expert_group": ["ethical"], "wef_ai_governance_alliance": ["ethical", "social_legal"],
    "pai_public_policy_program": ["ethical", "social_legal"], "gpai_genai_trust_challenge": ["ethical", "technical"], "dib_ai_principles": ["ethical"],
    "ai_bill_of_rights_blueprint": ["ethical", "social_legal"], "belfer_ai_natsec_report": [], "ai_extinction_risk_statement": ["ethical"],
    "cn_gaigi": ["social_legal", "ethical"], "bletchley_declaration": ["social_legal", "ethical"], "us_ai_chip_export_controls": ["social_legal"],
}
EXTRA_AI = {"openai_usage_policy", "oecd_aim", "project_maven", "third_offset_strategy"}
RISK = {
    "intrinsic_safety": "bletchley_declaration uk_ai_safety_summit ai_extinction_risk_statement frontier_model_forum nist_ai_rmf nist_bias_standard nist_four_principles_xai darpa_xai eu_ai_act eo_14110 g7_hiroshima_process dhs_ai_roadmap_2024 pai_safety_critical_ai ieee_ead cn_ngai_standards_guide eu_altai prop_ai_assessment_centre prop_shared_knowledge_base prop_intl_ai_standards_org un_hlab_ai gpai_genai_trust_challenge cn_gaigi ati_ai_standards_hub cn_ngai_governance_principles",
    "application_security": "eu_ai_act gdpr cn_genai_interim_measures cn_pipl cn_data_security_law cn_cybersecurity_law eo_14110 ai_bill_of_rights_blueprint unesco_rec_ethics_ai oecd_ai_principles europol_ap4ai gifct_hash_sharing_db who_ai_health_expert_group unicef_genai_children unhrc_net_resolution eu_ethics_guidelines_trustworthy_ai cn_ngai_ethical_norms coe_ai_convention eo_13960 openai_usage_policy fid_ai_working_group igf_pnai oecd_aim eu_dsa wef_ai_governance_alliance foc_ai_human_rights_task_force g20_ai_governance_framework eu_ai_liability_directive us_guidance_regulation_ai_apps",
    "national_security": "ccw_gge_laws ccw reaim_summit nato_darb dib_ai_principles ai_partnership_for_defense nscai_final_report belfer_ai_natsec_report prop_ai_cbms_codes prop_joint_early_warning third_offset_strategy project_maven eo_14110 openai_usage_policy us_ndaa_fy2019 dhs_ai_strategy_2020 dhs_ai_ml_strategic_plan",
    "geopolitical": "us_ai_chip_export_controls us_ip_law us_iaas_restriction us_eo_bulk_personal_data ttc_joint_roadmap atlantic_declaration pets_cooperation cn_gaigi us_natl_strategy_cet us_cet_2022_as_printed us_usica_2021 us_chips_act prop_ai_public_goods cn_eu_hl_digital_dialogue brics_ifn_ai_study_group eo_13859 nscai_final_report un_global_digital_compact wto_digital_tech_trade",
}
RISK_OF = {}
for cat, ids in RISK.items():
    for i in ids.split():
        RISK_OF.setdefault(i, []).append(cat)
LIFECYCLE = {
    "eu_ai_act": "design data development evaluation deployment operation", "nist_ai_rmf": "design data development evaluation deployment operation retirement",
    "dhs_ai_roadmap_2024": "development evaluation deployment", "cn_genai_interim_measures": "data development deployment operation",
    "eo_14110": "development evaluation deployment", "nist_bias_standard": "design data evaluation", "eu_altai": "evaluation", "ieee_ead": "design",
    "gdpr": "data", "cn_pipl": "data", "cn_data_security_law": "data", "frontier_model_forum": "development evaluation",
    "bletchley_declaration": "development evaluation", "prop_ai_assessment_centre": "evaluation", "prop_ai_transparency_centre": "development deployment",
    "oecd_aim": "operation", "darpa_xai": "design development", "nist_four_principles_xai": "design", "ai_bill_of_rights_blueprint": "design deployment operation",
    "openai_usage_policy": "deployment", "ccw_gge_laws": "development deployment", "nato_darb": "development deployment",
    "dib_ai_principles": "design development deployment", "coe_ai_convention": "design development deployment operation retirement",
    "us_iaas_restriction": "development", "us_ai_chip_export_controls": "development", "g7_hiroshima_process": "design development deployment",
    "cn_ngai_ethical_norms": "development deployment operation", "eu_ethics_guidelines_trustworthy_ai": "design development deployment",
}
EXTRA_TAGS = {
    "eu_ai_act": ["risk_based", "landmark"], "eo_14110": ["executive_order_core"], "cn_genai_interim_measures": ["generative_ai"],
    "sys_chatgpt": ["generative_ai"], "sys_sora": ["generative_ai"], "unicef_genai_children": ["generative_ai"], "gpai_genai_trust_challenge": ["generative_ai"],
    "wef_ai_governance_alliance": ["generative_ai"], "ccw_gge_laws": ["military_ai", "laws"], "reaim_summit": ["military_ai"], "nato_darb": ["military_ai"],
    "ai_partnership_for_defense": ["military_ai"], "dib_ai_principles": ["military_ai"], "prop_ai_cbms_codes": ["military_ai"],
}

def section_sources(e, zh, papers, refs):
    srcs = []
    ref_by_paper = {}
    for r in refs:
        p, lab = table_label(r)
        ref_by_paper.setdefault(p, []).append(lab)
    terms = terms_for(e, zh)
    for p in papers:
        parts = []
        if p in ref_by_paper:
            parts.append("; ".join(ref_by_paper[p]))
        ln = locate(p, terms)
        if ln:
            h = heading_before(p, ln)
            parts.append((f"§ {h}, " if h else "") + f"seed.txt line {ln}")
        srcs.append({"citation": cite(p, "; ".join(parts) if parts else None), "paper": p})
    return srcs

records, notes_log = [], []
ALL_IDS = set(byid)

def iso_names():
    t = gettext.translation("iso_3166-1", localedir="/usr/share/locale", languages=["zh_CN"])
    d = json.load(open("/usr/share/iso-codes/json/iso_3166-1.json", encoding="utf-8"))["3166-1"]
    out = {}
    for c in d:
        en = c.get("common_name") or c["name"]
        zh = t.gettext(c.get("common_name") or c["name"])
        if zh == en:
            zh = t.gettext(c["name"])
        out[c["alpha_2"].lower()] = (zh, en)
    fix = {"bo": ("玻利维亚", "Bolivia"), "cg": ("刚果（布）", "Republic of the Congo"), "cd": ("刚果（金）", "Democratic Republic of the Congo"),
           "fm": ("密克罗尼西亚联邦", "Micronesia"), "kr": ("韩国", "South Korea"), "kp": ("朝鲜", "North Korea"), "tr": ("土耳其", "Türkiye"),
           "ru": ("俄罗斯", "Russia"), "la": ("老挝", "Laos"), "sy": ("叙利亚", "Syria"), "ir": ("伊朗", "Iran"), "md": ("摩尔多瓦", "Moldova"),
           "tz": ("坦桑尼亚", "Tanzania"), "ve": ("委内瑞拉", "Venezuela"), "vn": ("越南", "Vietnam"), "bn": ("文莱", "Brunei"),
           "cz": ("捷克", "Czechia"), "mk": ("北马其顿", "North Macedonia"), "sz": ("斯威士兰", "Eswatini"), "cv": ("佛得角", "Cabo Verde"),
           "ci": ("科特迪瓦", "Côte d'Ivoire"), "ps": ("巴勒斯坦", "Palestine"),
           # iso-codes' zh_CN has older or Taiwanese forms of these; the mainland standard names (reviewed 2026-12-03)
           "kh": ("柬埔寨", "Cambodia"), "mt": ("马耳他", "Malta"), "bw": ("博茨瓦纳", "Botswana"), "gt": ("危地马拉", "Guatemala"),
           "kg": ("吉尔吉斯斯坦", "Kyrgyzstan"), "lc": ("圣卢西亚", "Saint Lucia"), "bd": ("孟加拉国", "Bangladesh"),
           "sm": ("圣马力诺", "San Marino"), "tt": ("特立尼达和多巴哥", "Trinidad and Tobago"), "cf": ("中非共和国", "Central African Republic"),
           "tw": ("中国台湾", "Taiwan, Province of China")}
    out.update(fix)
    return out

# ---------- entities ----------
for e in ents:
    i = e["id"]
    o = OVR.get(i, {})
    typ = e["type"]
    notes = []
    if i in TYPE_FIX:
        typ, why = TYPE_FIX[i]
        notes.append(why)
    zh_raw = e["name_zh"]
    zh = ZH_NAME.get(i, zh_raw)
    variants = [v for v in re.split(r"\s+/\s+", zh_raw) if v and v != zh]
    if i in ZH_NAME and zh_raw != zh:
        notes.append("Chinese names in the seed: " + " / ".join(re.split(r"\s+/\s+", zh_raw)) + ".")
    en = o.get("name_en", e["name_en"])
    if "name_en" in o:
        notes.append("Seed English name: " + e["name_en"] + ".")
    jraw = e["jurisdiction_or_home"]
    jur = JUR_MAP.get(jraw, jraw)
    tags = []
    if jraw != jur:
        tags.append("jurisdiction:" + jraw.lower().replace(" ", "_").replace("/", "-"))
    papers = sorted(as_list(e["paper"]))
    for p in papers:
        tags.append(PAPER_TAG[p])
    issuers = o.get("issuers", as_list(e["issuer"]))
    host = []
    if typ == "proposed_mechanism" and issuers:
        host, issuers = issuers, []
        notes.append("entities.json gives '" + "', '".join(host) + "' as issuer; the paper proposes that this body host the mechanism, so no issued_by relation is recorded.")
    date = o.get("date", e["date"])
    if date == "1990s":
        date = None
    rec = {"id": i, "kind": e["kind"], "type": typ, "name": {"zh": zh, "en": en}}
    # summaries: "what it is" + why the paper cites it
    if e["kind"] == "instrument":
        # issuers the editor added (NEW_ACTORS) are not in entities.json: name them, never print the raw id
        added = {a["id"]: a for a in NEW_ACTORS}
        iss_en = ", ".join(byid[x]["name_en"] if x in byid else added[x]["en"] for x in issuers)
        iss_zh = "、".join(ZH_NAME.get(x, byid[x]["name_zh"].split(" / ")[0]) if x in byid else added[x]["zh"] for x in issuers)
        what_en = TYPE_EN.get(typ, typ.replace("_", " ").capitalize())
        if iss_en:
            what_en += " " + VERB_EN.get(typ, "issued by") + " " + iss_en
        if date:
            what_en += f" ({date})"
        what_zh = ""
        if iss_zh:
            what_zh = iss_zh + (f"于{zh_date(date)}" if date else "") + VERB_ZH.get(typ, "发布") + "的" + TYPE_ZH[typ] + "。"
            if typ == "proposed_mechanism":
                what_zh = "论文提出、拟由" + iss_zh + "承担的机制。"
        else:
            what_zh = (f"{zh_date(date)}的" if date else "") + TYPE_ZH[typ] + "。"
        what_en += "."
        if typ == "proposed_mechanism":
            hz = "、".join(byid[x]["name_zh"] for x in host)
            what_en = "Mechanism proposed in paper " + ", ".join(map(str, papers)) + (", to be hosted by " + ", ".join(byid[x]["name_en"] for x in host) if host else "") + "."
            what_zh = "论文" + "、".join(map(str, papers)) + "提出的拟议机制" + (f"（拟由{hz}承担）" if host else "") + "。"
    else:
        show = typ != "state" and jur != "INTL"
        what_en = TYPE_EN.get(typ, typ.replace("_", " ").capitalize()) + (f", {JUR_EN.get(jur, jur)}" if show else "") + "."
        jz = JUR_ZH.get(jur, "") if show else ""
        what_zh = ("" if TYPE_ZH[typ].startswith(jz) else jz) + TYPE_ZH[typ] + "。"  # not 欧盟欧盟机构
    why_en = EN_SUMMARY.get(i, e["notes"] or "")
    rec["summary"] = {"zh": what_zh + ZH_SUM[i], "en": what_en + " " + why_en}
    rec["jurisdiction"] = jur
    if issuers:
        rec["issuers"] = issuers
    if date:
        rec["date"] = date
    for k in ("date_effective", "date_end"):
        if k in o:
            rec[k] = o[k]
    if e["kind"] == "instrument":
        binding = o["binding"] if "binding" in o else (e["binding"] or ("hard" if typ in HARD else "soft" if typ in SOFT else None))
        if i in ("cn_gaigi", "intl_st_coop_initiative", "beijing_initiative_bri_digital"):
            binding = "soft"
        if binding:
            rec["binding"] = binding
        ai_gov = (set(papers) & {3, 4, 5} or i in EXTRA_AI) and i not in NOT_AI_GOV and typ not in ("technical_system", "report", "court_case")
        layers = LAYER_OVR.get(i, LAYER_BY_TYPE.get(typ, []) if ai_gov else [])
        if layers:
            rec["governance_layers"] = layers
    if i in RISK_OF:
        rec["risk_categories"] = RISK_OF[i]
    if i in LIFECYCLE:
        rec["lifecycle"] = LIFECYCLE[i].split()
    of = o.get("org_form", e["org_form"])
    if isinstance(of, list):
        of = "international_org"
    if of:
        rec["org_form"] = of
    st = o.get("status")
    if not st and e["kind"] == "instrument":
        st = STATUS_BY_TYPE.get(typ)
    if st:
        rec["status"] = st
    srcs = section_sources(e, zh, papers, e["table_refs"])
    if "url" in o:
        srcs.append({"url": o["url"]})
    rec["sources"] = srcs
    rec["tags"] = tags + EXTRA_TAGS.get(i, [])
    rec["papers"] = papers
    if e["table_refs"]:
        rec["table_refs"] = list(e["table_refs"])
    if "note" in o:
        notes.append(o["note"])
    rec["_notes"] = notes
    records.append(rec)

# ---------- extra table_refs for analytic tables of papers 3 ----------
EXTRA_REFS = {
    "eu": ["P3-T1-r01", "P3-T1-r02", "P3-T1-r03"] + [f"P3-T2-r{n:02d}" for n in range(1, 8)],
    "us": ["P3-T1-r01", "P3-T1-r02", "P3-T1-r03"] + [f"P3-T2-r{n:02d}" for n in range(1, 8)],
    "eo_14110": ["P3-T1-r01"], "eo_13859": ["P3-T1-r01"],
    "eu_ai_office": ["P3-T1-r02"], "eaib": ["P3-T1-r02"], "eu_national_competent_authority": ["P3-T1-r02"],
    "naiio": ["P3-T1-r02"], "scai": ["P3-T1-r02"], "naiac": ["P3-T1-r02"], "nstc": ["P3-T1-r02"],
    "european_ai_alliance": ["P3-T1-r03"], "ai_hleg": ["P3-T1-r03"], "ai_insight_forum": ["P3-T1-r03"], "wh_responsible_ai_meeting_2023": ["P3-T1-r03"],
}
recmap = {r["id"]: r for r in records}
recmap["eu_ai_act"].setdefault("table_refs", []).append("P3-T1-r01")
for k, refs in EXTRA_REFS.items():
    r = recmap[k]
    r.setdefault("table_refs", [])
    for ref in refs:
        if ref not in r["table_refs"]:
            r["table_refs"].append(ref)
    if 3 not in r["papers"]:
        r["papers"] = sorted(r["papers"] + [3])
    r["sources"].append({"citation": cite(3, "; ".join(table_label(x)[1] for x in refs)), "paper": 3})

# ---------- new actors and states ----------
names = iso_names()
un_members = {}
for (reg, sub), codes in M49.items():
    for c in codes.split():
        un_members[c] = (reg, sub)
assert len(un_members) == 193, len(un_members)
eeg, weog = set(EEG.split()), set(WEOG.split())
def un_group(c):
    reg, _ = un_members[c]
    if c in eeg: return "eeg"
    if c in weog: return "weog"
    if reg == "africa": return "african_group"
    if reg == "americas": return "grulac"
    return "apg"

for a in NEW_ACTORS:
    records.append({"id": a["id"], "kind": "actor", "type": a["type"], "name": {"zh": a["zh"], "en": a["en"]},
                    "summary": {"zh": a["sum_zh"], "en": a["sum_en"]}, "jurisdiction": a["jurisdiction"],
                    "sources": [{"citation": "Public record (added by the editor to record issuers or memberships)"}],
                    "tags": ["added_actor"], "papers": a["papers"], "_notes": [a["note"]] if a["note"] else []})
for c in sorted(un_members):
    reg, sub = un_members[c]
    tags = [f"un_m49_region:{reg}", f"un_m49_subregion:{sub}", f"un_regional_group:{un_group(c)}", "un_member"]
    if c in recmap:
        recmap[c]["tags"] = recmap[c]["tags"] + tags
        continue
    zh, en = names[c]
    records.append({"id": c, "kind": "actor", "type": "state", "name": {"zh": zh, "en": en},
                    "summary": {"zh": "主权国家，联合国会员国。为记录国际组织和倡议的成员关系而添加，论文未单独论及。",
                                "en": "Sovereign state and UN member. Added to record memberships of international bodies and initiatives; not discussed in the papers."},
                    "jurisdiction": c.upper(), "sources": [{"url": "https://www.un.org/en/about-us/member-states"}],
                    "tags": ["added_actor"] + tags, "papers": []})
recmap = {r["id"]: r for r in records}
# Palestine: UN observer state
if "ps" in recmap:
    recmap["ps"]["tags"] = recmap["ps"]["tags"] + ["un_m49_region:asia", "un_m49_subregion:western_asia", "un_observer_state"]

# ---------- relations ----------
rels = {}
def add_rel(typ, s, t, sources, papers, date=None, note=None, tags=None):
    rid = f"rel:{typ}:{s}:{t}"
    assert s in recmap, s
    assert t in recmap, t
    if rid in rels:
        r = rels[rid]
        for x in sources:
            if x not in r["sources"]:
                r["sources"].append(x)
        r["papers"] = sorted(set(r["papers"]) | set(papers))
        return
    sname, tname = recmap[s]["name"], recmap[t]["name"]
    from_vocab = {"issued_by": ("由…发布", "issued by"), "member_of": ("是…的成员", "member of"), "builds_on": ("基于", "builds on"),
                  "implements": ("实施", "implements"), "supersedes": ("取代", "supersedes"), "overlaps": ("重叠", "overlaps"),
                  "conflicts_with": ("冲突", "conflicts with")}
    zhv = {"issued_by": f"{sname['zh']}由{tname['zh']}发布", "member_of": f"{sname['zh']}是{tname['zh']}的成员或组成部分",
           "builds_on": f"{sname['zh']}以{tname['zh']}为基础", "implements": f"{sname['zh']}实施{tname['zh']}",
           "supersedes": f"{sname['zh']}取代{tname['zh']}", "overlaps": f"{sname['zh']}与{tname['zh']}相互关联",
           "conflicts_with": f"{sname['zh']}与{tname['zh']}冲突"}[typ]
    r = {"id": rid, "kind": "relation", "type": typ,
         "name": {"zh": zhv, "en": f"{sname['en']} {from_vocab[typ][1]} {tname['en']}"},
         "source": s, "target": t, "sources": sources, "papers": sorted(set(papers)), "tags": tags or []}
    if date:
        r["date"] = date
    if note:
        r["notes"] = note
    rels[rid] = r

# issued_by from issuers
for rec in records:
    if rec["kind"] != "instrument":
        continue
    for a in rec.get("issuers", []):
        assert recmap[a]["kind"] == "actor", (rec["id"], a)
        ps = rec["papers"]
        srcs = [s for s in rec["sources"] if "paper" in s] or [{"citation": "Public record"}]
        tags = [] if ps else ["public_record"]
        if rec["id"] in ("cn_cybersecurity_law", "cn_data_security_law", "cn_pipl"):
            srcs, ps, tags = [{"citation": "Public record: adopted by the NPC Standing Committee"}], [], ["public_record"]
        if rec["id"] in ("eu_ai_act", "gdpr", "eu_dma", "eu_dsa") and a != "european_commission":
            srcs = srcs + [{"citation": "Public record: adopted under the ordinary legislative procedure by the European Parliament and the Council"}]
        add_rel("issued_by", rec["id"], a, srcs, ps, rec.get("date"), None, tags)
for typ, s, t, p, sec, date, note in PAPER_RELS:
    if p is None:
        add_rel(typ, s, t, [{"citation": sec}], [], date, note, ["public_record"])
    else:
        add_rel(typ, s, t, [{"citation": cite(p, sec), "paper": p}], [p], date, note)
for typ, s, t, citation, date in PUBLIC_RELS:
    add_rel(typ, s, t, [{"citation": "Public record: " + citation}], [], date, None, ["public_record"])

def members(codes, org, url, date=None, note=None, extra_ids=(), citation=None, paper_src=None, tag="membership"):
    for c in codes.split() + list(extra_ids):
        srcs = []
        ps = []
        if paper_src:
            srcs.append(paper_src)
            ps = [paper_src["paper"]]
        if url:
            srcs.append({"url": url})
        if citation:
            srcs.append({"citation": "Public record: " + citation})
        add_rel("member_of", c, org, srcs, ps, date, note, ["public_record", tag])

members(" ".join(sorted(un_members)), "un", "https://www.un.org/en/about-us/member-states")
members(G7, "g7", None, citation="G7 members: Canada, France, Germany, Italy, Japan, the UK and the US")
members(G20, "g20", None, citation="G20 members (19 states, the EU and, since Sep 2023, the African Union)")
members(OECD, "oecd", "https://www.oecd.org/en/about/members-partners.html")
members(EU27, "eu", "https://european-union.europa.eu/principles-countries-history/eu-countries_en")
members(NATO, "nato", "https://www.nato.int/cps/en/natohq/topics_52044.htm")
members(COE46, "coe", "https://www.coe.int/en/web/portal/46-members-states", note="Russia was excluded on 16 Mar 2022.")
members(GPAI_FOUNDING, "gpai", "https://gpai.ai", date="2020-06", note="Founding member.", extra_ids=["eu"])
members(GPAI_LATER, "gpai", "https://gpai.ai", note="Joined after the founding (Dec 2020–2023).")
members(BLETCHLEY, "bletchley_declaration", OVR["bletchley_declaration"]["url"], date="2023-11-01", note="Signatory.",
        extra_ids=["eu"], paper_src={"citation": cite(5, "§4(2): 28 countries signed the Bletchley Declaration"), "paper": 5}, tag="signatory")
members(COE_AI_CONV_2024_09_05, "coe_ai_convention", OVR["coe_ai_convention"]["url"], date="2024-09-05",
        note="Signed when the convention opened for signature in Vilnius.", extra_ids=["eu"], tag="signatory")
members(BRICS_FOUNDING, "brics", None, date="2009", citation="BRIC founding members (first summit Jun 2009)")
members("za", "brics", None, date="2011", citation="South Africa joined BRICS in 2011 (invited Dec 2010)")
members(BRICS_2024, "brics", None, date="2024-01-01", citation="Egypt, Ethiopia, Iran and the UAE joined BRICS on 1 Jan 2024 (Johannesburg summit, Aug 2023)")
members("id", "brics", None, date="2025-01", citation="Indonesia joined BRICS in Jan 2025")
members(AUKUS, "aukus", None, date="2021-09", citation="AUKUS partnership announced 15 Sep 2021")
members(US_JP_KR, "us_jp_kr", None, citation="US–Japan–ROK trilateral (Camp David summit, Aug 2023)")
members("", "eu_member_states", None)  # no-op: the group equals the EU-27, see notes

# ---------- finalise ----------
out = []
for r in records:
    n = r.pop("_notes", [])
    variants_note = None
    if n:
        r["notes"] = " ".join(n)
    out.append(r)
out.extend(sorted(rels.values(), key=lambda r: r["id"]))
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False, indent=1)
    f.write("\n")
from collections import Counter
print("records:", len(out), Counter(r["kind"] for r in out))
print("relations:", Counter(r["type"] for r in out if r["kind"] == "relation"))
