package org.aigov.observatory.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Controlled vocabularies of the registry. Each value has a zh and en label for facets and pages.
 * Values are stable snake_case codes; labels may change.
 */
public final class Vocab {
  private Vocab() {}

  public record Term(String code, String zh, String en) {}

  public static final class Field {
    public final String name;
    public final Map<String, Term> terms = new LinkedHashMap<>();

    Field(String name, String... triples) {
      this.name = name;
      for (int i = 0; i < triples.length; i += 3) terms.put(triples[i], new Term(triples[i], triples[i + 1], triples[i + 2]));
    }

    public boolean allows(String code) {
      return terms.containsKey(code);
    }

    public Set<String> codes() {
      return terms.keySet();
    }

    public String label(String code, String lang) {
      Term t = terms.get(code);
      return t == null ? code : ("zh".equals(lang) ? t.zh() : t.en());
    }
  }

  public static final Field KIND = new Field("kind",
      "instrument", "文书", "Instrument",
      "actor", "行为体", "Actor",
      "relation", "关系", "Relation");

  public static final Field INSTRUMENT_TYPE = new Field("type",
      "law", "法律", "Law",
      "regulation", "法规", "Regulation",
      "executive_order", "行政令", "Executive order",
      "strategy", "战略", "Strategy",
      "policy", "政策", "Policy",
      "guideline", "指南", "Guideline",
      "standard", "标准", "Standard",
      "principles", "原则", "Principles",
      "declaration", "宣言", "Declaration",
      "treaty", "条约", "Treaty",
      "resolution", "决议", "Resolution",
      "recommendation", "建议", "Recommendation",
      "framework", "框架", "Framework",
      "initiative", "倡议", "Initiative",
      "forum", "论坛", "Forum",
      "dialogue", "对话", "Dialogue",
      "compact", "契约", "Compact",
      "report", "报告", "Report",
      "project", "项目", "Project",
      "program", "计划", "Programme",
      "proposed_mechanism", "拟议机制", "Proposed mechanism",
      "database", "数据库", "Database",
      "technical_system", "技术系统", "Technical system",
      "court_case", "司法案例", "Court case",
      "task_force", "工作组", "Task force",
      "expert_group", "专家组", "Expert group",
      "advisory_body", "咨询机构", "Advisory body",
      "review_board", "审查委员会", "Review board",
      "corporate_policy", "企业政策", "Corporate policy",
      "bill", "法案（草案）", "Bill",
      "other", "其他", "Other");

  public static final Field ACTOR_TYPE = new Field("type",
      "state", "国家", "State",
      "state_group", "国家集团", "Group of states",
      "regional_org", "区域组织", "Regional organisation",
      "international_org", "国际组织", "International organisation",
      "eu_institution", "欧盟机构", "EU institution",
      "government_agency", "政府机构", "Government agency",
      "legislature", "立法机构", "Legislature",
      "designated_authority_role", "指定主管机构", "Designated authority (role)",
      "company", "企业", "Company",
      "multistakeholder_body", "多利益相关方机构", "Multi-stakeholder body",
      "multilateral_forum", "多边论坛", "Multilateral forum",
      "intergovernmental_forum", "政府间论坛", "Intergovernmental forum",
      "forum", "论坛", "Forum",
      "standards_body", "标准组织", "Standards body",
      "research_institute", "研究机构", "Research institute",
      "civil_society", "民间社会", "Civil society",
      "exchange", "交易所", "Exchange",
      "political_party_body", "政党机构", "Political party body",
      "other", "其他", "Other");

  public static final Field RELATION_TYPE = new Field("type",
      "issued_by", "发布者", "Issued by",
      "member_of", "成员", "Member of",
      "builds_on", "基于", "Builds on",
      "implements", "实施", "Implements",
      "supersedes", "取代", "Supersedes",
      "overlaps", "重叠", "Overlaps",
      "conflicts_with", "冲突", "Conflicts with",
      // the source is another dataset's record of the target instrument or actor: one thing, counted once
      "same_as", "同一对象", "Same as");

  public static final Field BINDING = new Field("binding",
      "hard", "硬法", "Hard law",
      "soft", "软法", "Soft law");

  public static final Field GOVERNANCE_LAYER = new Field("governance_layers",
      "technical", "技术层", "Technical",
      "ethical", "伦理层", "Ethical",
      "social_legal", "社会法律层", "Social-legal");

  /** The seed's four layers of AI risk (paper 4). */
  public static final Field RISK = new Field("risk_categories",
      "intrinsic_safety", "内生安全", "Intrinsic safety",
      "application_security", "应用安全", "Application security",
      "national_security", "国家安全", "National security",
      "geopolitical", "地缘政治", "Geopolitical");

  public static final Field LIFECYCLE = new Field("lifecycle",
      "design", "设计", "Design",
      "data", "数据", "Data",
      "development", "研发", "Development",
      "evaluation", "测试评估", "Evaluation",
      "deployment", "部署", "Deployment",
      "operation", "运行监测", "Operation and monitoring",
      "retirement", "退役", "Retirement");

  public static final Field ORG_FORM = new Field("org_form",
      "international_org", "国际组织", "International organisation",
      "multilateral", "多边机制", "Multilateral",
      "multistakeholder", "多利益相关方", "Multi-stakeholder",
      "government_led", "政府主导", "Government-led",
      "regional", "区域", "Regional",
      "bilateral", "双边", "Bilateral",
      "national", "国家", "National",
      "industry", "行业", "Industry");

  public static final Field STATUS = new Field("status",
      "proposed", "拟议", "Proposed",
      "draft", "草案", "Draft",
      "adopted", "已通过", "Adopted",
      "in_force", "生效", "In force",
      "active", "运行中", "Active",
      "amended", "已修订", "Amended",
      "superseded", "已被取代", "Superseded",
      "revoked", "已撤销", "Revoked",
      "expired", "已失效", "Expired",
      "defunct", "已终止", "Defunct",
      "unknown", "未知", "Unknown");

  public static final List<Field> FACETED = List.of(KIND, BINDING, GOVERNANCE_LAYER, RISK, LIFECYCLE, ORG_FORM, STATUS);

  public static Field typeField(String kind) {
    return switch (kind) {
      case "instrument" -> INSTRUMENT_TYPE;
      case "actor" -> ACTOR_TYPE;
      case "relation" -> RELATION_TYPE;
      default -> throw new IllegalArgumentException("kind");
    };
  }
}
