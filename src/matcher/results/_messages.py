# ruff: noqa: RUF001  (Chinese text is written with full-width punctuation, as it should be)
"""The words matcher writes, in English and Chinese: one table of messages keyed by id.

A plain Python table rather than gettext: the keys are stable ids (not English sentences that
change), both languages of a message sit on one line for review, the table is checked by mypy and
by ``tests/test_messages.py`` (every key has both languages, every placeholder in both), and it
loads with no file, compile step or dependency. Templates use ``str.format`` fields.

The statements, reasons and caveats of the rules are written once, in English, in the rules
themselves; their Chinese is in :mod:`matcher.results._messages_rules`, and
:mod:`matcher.results._i18n` joins the two into the one catalogue.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

#: message id -> (English, Chinese)
UI: Final = MappingProxyType(
    {
        # --- the packet ------------------------------------------------------------------------
        "packet.title": ("Case packet", "病例资料包"),
        "packet.made_by": (
            "Made by matcher {version} from hospital catalog {catalog}.",
            "由 matcher {version} 根据医院目录 {catalog} 生成。",
        ),
        "packet.disclaimer": (
            "Decision support, not medical advice: confirm everything with the hospital and "
            "the treating team.",
            "仅供决策参考，不构成医疗建议：所有内容请与医院及主治团队确认。",
        ),
        "packet.profile": ("The profile as given", "您提供的病情资料"),
        "packet.profile_note": (
            "Shown here because you asked for this packet. matcher writes the profile into "
            "this file only: it does not keep, log or send it anywhere.",
            "因您要求生成本资料包，病情资料显示于此。matcher 只把它写入本文件，不保存、不记录、"
            "也不发送到任何地方。",
        ),
        "packet.profile_missing": (
            "The profile is not available for this result.",
            "此结果没有可显示的病情资料。",
        ),
        "packet.shortlist": ("The shortlist", "推荐医院"),
        "packet.shortlist_intro": (
            "{shown} of {eligible} eligible hospitals, best first. Each reason quotes its source.",
            "共 {eligible} 家符合条件的医院，此处按顺序列出前 {shown} 家。每条理由都引用了出处。",
        ),
        "packet.empty": (
            "No hospital in the catalog meets every constraint of this profile.",
            "目录中没有医院满足此病情资料的全部条件。",
        ),
        "packet.rank": ("No. {rank}", "第 {rank} 名"),
        "packet.score": ("score {score} of 100", "评分 {score}（满分 100）"),
        "packet.tied": ("tied on score with another hospital", "与另一家医院同分"),
        "packet.reasons": ("Why it ranks here", "排名理由"),
        "packet.caveats": ("To keep in mind", "注意事项"),
        "packet.points": ("{points} points", "{points} 分"),
        "packet.quote": ("Quote", "原文"),
        "packet.source": ("Source", "出处"),
        "packet.publisher": ("Publisher", "发布者"),
        "packet.authority": ("Kind of source", "来源类别"),
        "packet.year": ("Year", "年份"),
        "packet.read": ("Read on", "查阅日期"),
        "packet.seed": ("a document in the project's seed collection", "本项目收集的资料文件"),
        "packet.contact": ("Contact", "联系方式"),
        "packet.website": ("Website", "网站"),
        "packet.international_department": ("International department", "国际医疗部"),
        "packet.not_found": ("not found in our sources", "我们的资料中未找到"),
        "packet.checklist": ("To confirm with each hospital", "需向每家医院确认的事项"),
        "packet.missing": ("Missing facts to find out", "尚需了解的情况"),
        "packet.missing_intro": (
            "The result could not take these into account; finding them out may change it.",
            "以下情况结果未能考虑，了解后结果可能会改变。",
        ),
        "packet.missing_none": (
            "Nothing the result knows to be missing.",
            "结果中没有已知的缺失情况。",
        ),
        "packet.general_caveats": ("About the whole result", "关于整体结果"),
        "packet.relaxing": ("Relaxing one constraint", "放宽一个条件"),
        "packet.left_out": ("Hospitals left out", "未列入的医院"),
        "packet.left_out_intro": (
            "{count} hospitals were left out, grouped by the reason.",
            "共有 {count} 家医院未列入，按原因分组。",
        ),
        "packet.left_out_group": ("{reason} ({count})", "{reason}（{count} 家）"),
        "packet.rules": ("Rules that applied", "适用的规则"),
        # --- checklist -------------------------------------------------------------------------
        "check.therapy": (
            "That the treatment you need is available for this case, and who would lead it",
            "是否能为此病例提供所需的治疗，由哪位医生负责",
        ),
        "check.cost": ("A cost estimate and the deposit asked for", "费用估算和所需押金"),
        "check.waiting": (
            "The waiting time for a first appointment and for treatment",
            "首次就诊和开始治疗的等候时间",
        ),
        "check.insurance": (
            "Whether they accept your insurance or bill it directly",
            "是否接受您的保险，或能否直接与保险公司结算",
        ),
        "check.visa": (
            "A visa invitation letter, if you travel from abroad",
            "如从国外前来，能否出具签证邀请函",
        ),
        "check.records": (
            "Which medical records, scans and pathology to send, and in which language or "
            "translation",
            "需要寄送哪些病历、影像和病理资料，以及需要何种语言或翻译件",
        ),
        # --- missing facts ---------------------------------------------------------------------
        "missing.stage": (
            "The stage: rules that depend on it could not apply",
            "分期：依赖分期的规则未能适用",
        ),
        "missing.biomarkers": (
            "Biomarker results (for example EGFR, ALK, PD-L1, MSI): none were given",
            "生物标志物检测结果（如 EGFR、ALK、PD-L1、MSI）：未提供",
        ),
        "missing.ecog": (
            "Fitness (ECOG performance status 0 to 4)",
            "体能状况（ECOG 评分 0 至 4）",
        ),
        "missing.age": ("The age", "年龄"),
        "missing.heading": (
            "What to ask next (the answer that would change the shortlist most):",
            "下一步可以了解的情况（对推荐名单影响最大的在前）：",
        ),
        "missing.none": (
            "What to ask next: no unknown field would change this shortlist.",
            "下一步可以了解的情况：没有哪项未知信息会改变这份推荐名单。",
        ),
        "missing.fact.change": (
            "{field}: if {answer}, {changed} of the top {top_k} change",
            "{field}：如果{answer}，前 {top_k} 名中有 {changed} 家医院会变",
        ),
        "missing.fact.reorder": (
            "{field}: if {answer}, the top {top_k} keep their hospitals, {moved} places reorder",
            "{field}：如果{answer}，前 {top_k} 名医院不变，但有 {moved} 个名次改变",
        ),
        "missing.field.stage": ("stage", "分期"),
        "missing.field.biomarkers": ("biomarkers", "生物标志物"),
        "missing.field.ecog": ("ecog", "ECOG 评分"),
        "missing.field.age": ("age", "年龄"),
        "missing.field.metastatic_sites": ("metastatic_sites", "转移部位"),
        "missing.field.prior_therapies": ("prior_therapies", "既往治疗"),
        "missing.field.languages": ("languages", "语言"),
        "missing.answer.positive": ("{marker} is positive", "{marker} 阳性"),
        "missing.answer.early (I)": ("early (I)", "早期（I 期）"),
        "missing.answer.II": ("II", "II 期"),
        "missing.answer.locally advanced (III)": ("locally advanced (III)", "局部晚期（III 期）"),
        "missing.answer.metastatic (IV)": ("metastatic (IV)", "转移性（IV 期）"),
        "missing.answer.MSI-high": ("MSI-high", "MSI-H（微卫星高度不稳定）"),
        "missing.answer.a BRCA1/2 alteration": ("a BRCA1/2 alteration", "存在 BRCA1/2 变异"),
        "missing.answer.a child": ("a child", "是儿童"),
        "missing.answer.70": ("70", "70 岁"),
        "missing.answer.brain": ("brain", "脑转移"),
        "missing.answer.bone": ("bone", "骨转移"),
        "missing.answer.two or more lines": ("two or more lines", "已接受两线或以上治疗"),
        "missing.answer.English only": ("English only", "只能用英语诊疗"),
        "missing.rule": (
            "Unknown whether this applies: {statement}",
            "无法确定是否适用：{statement}",
        ),
        # --- profile fields and values ---------------------------------------------------------
        "field.cancer_type": ("Cancer type", "癌症类型"),
        "field.stage": ("Stage", "分期"),
        "field.biomarkers": ("Biomarkers", "生物标志物"),
        "field.tcm_preference": ("Traditional Chinese Medicine", "中医"),
        "field.age": ("Age", "年龄"),
        "field.ecog": ("ECOG", "ECOG 评分"),
        "field.disease_status": ("Disease status", "疾病状态"),
        "field.cities": ("Cities", "城市"),
        "field.city_mode": ("City mode", "城市要求"),
        "field.needs_international_services": ("Needs international services", "需要国际医疗服务"),
        "field.wants_clinical_trials": ("Wants clinical trials", "希望参加临床试验"),
        "field.therapies_sought": ("Therapies sought", "希望的治疗方式"),
        "field.languages": ("Languages", "语言"),
        "field.language_mode": ("Language mode", "语言要求"),
        "field.prior_therapies": ("Prior therapies", "既往治疗"),
        "field.metastatic_sites": ("Metastatic sites", "转移部位"),
        "value.true": ("yes", "是"),
        "value.false": ("no", "否"),
        "value.tcm.avoid": ("avoid", "避免"),
        "value.tcm.neutral": ("neutral", "无偏好"),
        "value.tcm.prefer": ("prefer", "倾向"),
        "value.tcm.require": ("require", "必须"),
        "value.status.newly_diagnosed": ("newly diagnosed", "新诊断"),
        "value.status.recurrent": ("recurrent", "复发"),
        "value.status.relapsed_refractory": ("relapsed or refractory", "复发或难治"),
        "value.city_mode.prefer": ("prefer these cities", "优先这些城市"),
        "value.city_mode.only": ("only these cities", "仅限这些城市"),
        "value.language_mode.prefer": ("prefer these languages", "优先这些语言"),
        "value.language_mode.only": ("only these languages", "仅限这些语言"),
        # --- how independent a source is -------------------------------------------------------
        "authority.independent_ranking": ("independent ranking", "独立排名"),
        "authority.national_designation": ("national designation", "国家认定"),
        "authority.peer_reviewed": ("peer-reviewed", "同行评审文献"),
        "authority.government": ("government", "政府"),
        "authority.news": ("news", "新闻"),
        "authority.reference_work": ("reference work", "参考书"),
        "authority.commercial": ("commercial", "商业来源"),
        "authority.self_description": ("the hospital's own words", "医院自述"),
        # --- the terminal ----------------------------------------------------------------------
        "text.summary": (
            "{shown} of {eligible} eligible hospitals, best first (catalog {catalog}). "
            "Decision support, not medical advice: confirm with the hospital.",
            "共 {eligible} 家符合条件的医院，按顺序列出前 {shown} 家（目录 {catalog}）。"
            "仅供决策参考，不构成医疗建议：请与医院确认。",
        ),
        "text.header": ("Rank  {hospital} {city} Score", "排名  {hospital} {city} 评分"),
        "text.hospital": ("Hospital", "医院"),
        "text.city": ("City", "城市"),
        "text.tied": (
            "= tied on score with another hospital; order by hospital id",
            "= 与另一家医院同分；按医院编号排序",
        ),
        "text.points": ("({points} points)", "（{points} 分）"),
        "text.more_reasons": (
            "... and {count} more reasons (--all-reasons shows them)",
            "……另有 {count} 条理由（用 --all-reasons 显示）",
        ),
        "text.read": ("read {date}", "查阅于 {date}"),
        "text.via": ("via {via}", "转引自 {via}"),
        "text.caveats": ("Caveats", "注意事项"),
        # a dataset row shown in place of its quote (results/_sources.py); "text." keeps these
        # out of translation, which would otherwise match any quote of the form "a b, c"
        "text.row.edition": ("{ranking} {year}", "{ranking} {year} 年"),
        "text.row.edition_specialty": (
            "{ranking} {year}, {specialty}",
            "{ranking} {year} 年，{specialty}",
        ),
        "text.row.place": (
            "{edition}: rank {position}, {name}",
            "{edition}：第 {position} 名，{name}",
        ),
        "text.row.place_scored": (
            "{edition}: rank {position}, {name}, mean expert reputation score {score}",
            "{edition}：第 {position} 名，{name}，专家平均声誉得分 {score}",
        ),
        "text.relaxing": ("Relaxing one constraint", "放宽一个条件"),
        "text.rules": ("Rules that applied: {rules}", "适用的规则：{rules}"),
        "text.left_out": (
            "Left out: {count} hospitals, by reason (--show-excluded lists them):",
            "未列入：{count} 家医院，按原因（用 --show-excluded 列出）：",
        ),
        "text.left_out_all": (
            "Left out: {count} hospitals, by reason:",
            "未列入：{count} 家医院，按原因：",
        ),
        "text.left_out_count": ("{count} x {reason}", "{count} 家：{reason}"),
        # --- reasons (results/_explain.py) -----------------------------------------------------
        "reason.strength.5": ("named as a leading centre for {cancer}", "被列为{cancer}的领先中心"),
        "reason.strength.4": ("distinguished in {cancer}", "在{cancer}方面表现突出"),
        "reason.strength.3": ("has a dedicated programme for {cancer}", "设有{cancer}专科项目"),
        "reason.strength.2": ("treats {cancer}", "诊治{cancer}"),
        "reason.strength.1": ("mentions {cancer}", "提及{cancer}"),
        "reason.narrower": (
            "{reason} (a narrower type than the patient's)",
            "{reason}（比患者的类型更细分）",
        ),
        "reason.children-only": (
            "{reason} (its source speaks of children only; not counted for an adult)",
            "{reason}（该出处只涉及儿童，成年患者不计入）",
        ),
        "reason.offer.5": ("named as a leading centre for {label}", "被列为{label}的领先中心"),
        "reason.offer.4": ("distinguished in {label}", "在{label}方面表现突出"),
        "reason.offer.3": ("has a dedicated programme for {label}", "设有{label}专科项目"),
        "reason.offer.2": ("offers {label}", "提供{label}"),
        "reason.offer.1": ("mentions {label}", "提及{label}"),
        "reason.general": ("cancer care in general", "整体肿瘤诊疗"),
        "reason.ranked": (
            "ranked #{position} in {specialty} by expert reputation ({year})",
            "专家声誉排名{specialty}第 {position} 名（{year} 年）",
        ),
        "reason.evidence": (
            "evidence about the hospital is {evidence}",
            "关于该医院的资料{evidence}",
        ),
        "reason.childrens": ("a children's hospital", "儿童医院"),
        "reason.city": ("in a city the patient prefers", "位于患者偏好的城市"),
        "reason.english": ("offers care in English", "提供英语诊疗"),
        "reason.language": (
            "a source confirms care in a language the patient speaks",
            "有出处确认可用患者所说的语言诊疗",
        ),
        "evidence.substantial": ("substantial", "充分"),
        "evidence.moderate": ("moderate", "一般"),
        "evidence.thin": ("thin", "很少"),
        # --- relaxing a constraint (results/_values.py, _engine.py) ----------------------------
        "relax.one": (
            "relaxing {constraint} would bring back {count} hospital",
            "放宽{constraint}可增加 {count} 家医院",
        ),
        "relax.many": (
            "relaxing {constraint} would bring back {count} hospitals",
            "放宽{constraint}可增加 {count} 家医院",
        ),
        "relax.best": ("{text}, best placed: {best}", "{text}，排名最高的是：{best}"),
        "constraint.city.only": ("city_mode 'only' (use 'prefer')", "“仅限这些城市”（改为“优先”）"),
        "constraint.tcm.avoid": (
            "tcm_preference 'avoid' (use 'neutral')",
            "中医“避免”（改为“无偏好”）",
        ),
        "constraint.tcm.require": (
            "tcm_preference 'require' (use 'prefer')",
            "中医“必须”（改为“倾向”）",
        ),
        "constraint.preference.therapies-sought": ("therapies_sought", "希望的治疗方式"),
        # --- caveats about the profile itself (profile/_patient.py) ----------------------------
        "patient.unstaged": (
            "{cancer} has no stage grouping; the stage given was kept but plays no part in the "
            "ranking.",
            "{cancer}没有分期分组；保留了所给的分期，但它不影响排名。",
        ),
        "patient.extent": (
            "'limited'/'extensive' staging is defined for small-cell lung cancer; it was read "
            "as {category} disease.",
            "“局限期/广泛期”分期用于小细胞肺癌；此处按{category}处理。",
        ),
        "stage.early": ("early", "早期"),
        "stage.locally advanced": ("locally advanced", "局部晚期"),
        "stage.advanced": ("advanced", "晚期"),
    }
)
