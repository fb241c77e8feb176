# ruff: noqa: RUF001  (Chinese text is written with full-width punctuation, as it should be)
"""The Chinese of what the rules and features say; their English is in the declarations.

``RULE_ZH[rule id]`` gives the Chinese of the rule's ``statement``, of the ``reason`` of its
Exclude or Require effect, and of its caveats in order (``caveat``, ``caveat2``); a caveat that is
the rule's own source quote stays in its language. ``EXTRA`` holds the few texts a rule builds
in code (English template and Chinese). :mod:`matcher.results._i18n` joins these with the English
read from the rules into one catalogue, and ``tests/test_messages.py`` checks that every rule
text has its Chinese.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

RULE_ZH: Final = MappingProxyType(
    {
        "eligibility.cancer-type-evidence": {
            "statement": "只有当目录中有关于患者癌症类型、涵盖它的更宽类型、更细分类型，或整体肿瘤"
            "诊疗专门项目（科室或以上，或在独立肿瘤学排名中有名次；仅被提及不够）的有出处证据时，"
            "才会考虑该医院。",
            "reason": "目录中没有关于{cancer}诊疗的有出处证据（也没有更宽或更细分类型，或整体肿瘤"
            "诊疗的证据）",
            "caveat": "没有针对{cancer}的有出处证据：按其整体肿瘤诊疗水平考虑",
        },
        "biomarker.targeted-tier-1a": {
            "statement": "在此种肿瘤中已有靶向药物获常规批准的检测结果（1A 级），"
            "最看重靶向治疗专长。",
        },
        "biomarker.targeted-tier-1b": {
            "statement": "在此种肿瘤中靶向药物基于单臂研究或加速批准获批的检测结果（1B 级），"
            "看重靶向治疗专长和参加临床试验的机会。",
        },
        "biomarker.targeted-tier-2": {
            "statement": "已有不限瘤种批准的检测结果（2 级），"
            "看重参加临床试验的机会和靶向治疗专长。",
        },
        "biomarker.targeted-tier-3": {
            "statement": "靶向药物仅在其他肿瘤类型中获批的检测结果（3 级），"
            "看重参加临床试验的机会：在此用药属于超说明书用药或须通过临床试验。",
        },
        "biomarker.immunotherapy-approved": {
            "statement": "在此种肿瘤中或不限瘤种已有免疫治疗获批的检测结果（1A、1B 或 2 级），"
            "进一步看重免疫治疗专长。",
        },
        "biomarker.her2-low": {
            "statement": "HER2 低表达（IHC 1+，或 2+ 且 ISH 无扩增）和 HER2 超低表达"
            "（IHC 0 但有膜染色）对曲妥珠单抗而言属于 HER2 阴性，但在乳腺癌中可用靶向 HER2 的"
            "抗体偶联药物治疗。",
            "caveat": "HER2 低表达或超低表达记录为 HER2 阴性，但仍是治疗靶点：德曲妥珠单抗"
            "（trastuzumab deruxtecan）已获批用于 HER2 低表达和超低表达的转移性乳腺癌（出处：FDA "
            "Approves AstraZeneca, Daiichi Sankyo's Enhertu in HER2-Ultralow Breast Cancer，"
            "Precision Medicine Online，新闻，https://www.precisionmedicineonline.com/precision-"
            "oncology/fda-approves-astrazeneca-daiichi-sankyos-enhertu-her2-ultralow-breast-cancer）",
        },
        "biomarker.variant-effect-not-established": {
            "statement": "只给出 DNA 改变而没有蛋白改变的变异，按“存在、但效应未确定”的变异记录："
            "除非该基因的表格另有说明，不算作可用药的驱动变异。",
            "caveat": "有一个变异以 DNA 改变（c. 或 g.）给出，而我们有出处的表格中没有其蛋白"
            "效应：按存在、效应未确定处理；请向检测实验室索取蛋白改变（p.）及其分类",
        },
        "history.brain-metastases": {
            "statement": "脑转移时，神经外科（独立神经外科排名中的名次）和立体定向放疗（放射外科）"
            "权重更高。",
            "caveat": "没有该医院开展立体定向放疗的有出处说法",
        },
        "history.bone-metastases": {
            "statement": "骨转移时，放射治疗（疼痛性骨转移的标准治疗）和支持治疗权重更高。",
        },
        "history.after-two-lines": {
            "statement": "接受过两线或以上治疗后，临床试验权重更高：指南鼓励每位患者参加临床试验，"
            "且剩下的标准治疗选择更少。",
            "caveat": "没有关于临床试验开展情况的有出处说法",
        },
        "language.chinese": {
            "statement": "中国的医院以中文工作，会说中文的患者在任何医院都不需要翻译，语言在排名中"
            "不占权重。",
            "caveat": "中文（普通话）是中国医院的通用语言：会说中文的患者不需要翻译。",
        },
        "language.prefer": {
            "statement": "语言要求为“优先”时，有出处确认可用患者所说语言诊疗的医院排名更高；未经"
            "确认的语言视为未知，而不是“不能”。",
            "caveat": "我们的资料未能确认可用患者所说的语言诊疗；请向医院询问翻译安排",
        },
        "language.only": {
            "statement": "语言要求为“仅限”时，经确认可用患者语言诊疗的权重是“优先”时的三倍（高于"
            "对此种癌症的专长），因此除非其他方面明显更强，经确认的医院排在未经确认的医院之前。"
            "不会因语言排除任何医院：目录中没有任何出处说某医院不能用某种语言诊疗，未知不等于"
            "“不能”；未经确认的医院保留并注明。",
            "caveat": "我们的资料未能确认可用患者所说的语言诊疗；请向医院询问翻译安排",
            "caveat2": "语言要求“仅限”没有排除任何医院：我们的资料从未说某医院不能用某种语言诊疗，"
            "因此未经确认的医院保留，但权重远低于经确认的医院；请向它们询问翻译安排。",
        },
        "eligibility.thin-evidence": {
            "statement": "目录中了解很少的医院排在证据充分的医院之后，并会注明。",
            "caveat": "目录中关于该医院的证据很少（几乎只有名称和城市）；请直接核实其服务",
        },
        "eligibility.children-only-evidence": {
            "statement": "若某医院关于患者所患癌症的唯一有出处证据只涉及儿童（儿科或儿童肿瘤科的"
            "页面、儿童肿瘤定点诊治），成年患者不推荐该医院：这些证据没有说明其成人诊疗。年龄"
            "未知时不排除任何医院；此时这些证据照常计入，并注明只涉及儿童。",
            "reason": "关于{cancer}的唯一有出处证据只涉及儿童，而患者是成年人",
        },
        "eligibility.adults-not-to-childrens-hospitals": {
            "statement": "成年患者不推荐儿童医院（年龄未知时不排除任何医院）。",
            "reason": "儿童医院，而患者是成年人",
        },
        "stage.early-surgery": {
            "statement": "早期实体瘤看重外科手术能力，包括微创手术。",
        },
        "stage.early-resectable-surgery-first": {
            "statement": "除鼻咽癌外的早期实体瘤首选手术：没有手术证据的粒子治疗中心不列入（除非"
            "患者希望粒子治疗），没有手术证据的医院会被标注。",
            "reason": "没有手术证据的粒子治疗中心，而这是早期实体瘤",
            "caveat": "没有手术的有出处证据；早期实体瘤通常首选手术：请向医院询问",
        },
        "stage.early-breast-conservation": {"statement": "早期乳腺癌看重保乳手术。"},
        "stage.early-liver-ablation": {
            "statement": "早期肝癌看重消融治疗，它是小肿瘤切除术之外的另一选择。",
        },
        "stage.locally-advanced-combined": {
            "statement": "局部晚期疾病看重综合治疗：放疗、化疗和多学科团队。",
        },
        "stage.locally-advanced-npc-imrt": {"statement": "局部晚期鼻咽癌看重调强放疗（IMRT）。"},
        "stage.advanced-systemic": {
            "statement": "晚期疾病看重全身治疗（化疗、靶向治疗、免疫治疗）、临床试验和支持治疗；"
            "没有全身治疗证据的粒子治疗中心不列入（除非患者希望粒子治疗）。",
            "reason": "没有全身治疗证据的粒子治疗中心，而这是晚期疾病",
        },
        "stage.advanced-liver-haic": {"statement": "晚期肝癌看重肝动脉灌注化疗（HAIC）。"},
        "biomarker.actionable-driver": {
            "statement": "可靶向的驱动基因变异（如 EGFR、ALK、ROS1、BRAF V600E、HER2、KRAS G12C、"
            "RET、MET、NTRK）看重靶向治疗能力和临床试验机会。",
        },
        "biomarker.immunotherapy": {
            "statement": "PD-L1 表达、MSI-H/dMMR 或高肿瘤突变负荷看重免疫治疗能力。",
        },
        "biomarker.brca": {
            "statement": "BRCA1/2 变异看重乳腺和妇科肿瘤能力（遗传性乳腺癌和卵巢癌）以及靶向治疗。",
        },
        "relapse.car-t": {
            "statement": "复发或难治的 B 细胞淋巴瘤、骨髓瘤或 B 细胞白血病非常看重 CAR-T 能力。",
            "caveat": "没有该医院开展 CAR-T 细胞治疗的有出处证据",
        },
        "relapse.recurrent": {"statement": "复发或难治疾病看重临床试验和多学科团队。"},
        "particle.critical-sites-and-children": {
            "statement": "儿童实体瘤，以及靠近重要结构的肿瘤，看重粒子（质子和重离子）治疗；"
            "患者寻求手术而不寻求粒子治疗时除外。",
        },
        "particle.not-for-blood-cancers": {"statement": "血液肿瘤不考虑粒子治疗。"},
        "particle.centre-needs-type-evidence": {
            "statement": "粒子治疗中心提供的是放疗：除非患者寻求粒子治疗，只有当它对患者所患癌症有"
            "出处证据时才列入，不凭其在一般癌症诊疗中的地位。",
            "reason": "粒子治疗中心（放疗），没有诊治{cancer}的有出处证据，而患者不寻求粒子治疗",
        },
        "fitness.poor-performance-status": {
            "statement": "ECOG 3 或 4 分：可能不适合强化治疗；更看重支持治疗和姑息治疗。",
            "caveat": "ECOG 3-4 分：强化治疗（大手术、放化疗、多数临床试验）可能不适合；出行前请与"
            "主治团队讨论治疗目标",
        },
        "fitness.poor-performance-trials": {
            "statement": "ECOG 3 或 4 分：医院的临床试验只按一半计分，因为多数试验只招募体能更好的"
            "患者（患者主动寻求试验时仍会加分）。",
        },
        "fitness.child-general-adult-care": {
            "statement": "儿童患者不推荐这样的医院：其出处既没有该儿童所患癌症的诊疗证据，"
            "也没有任何儿童诊疗证据；它在一般癌症诊疗中的地位是成人诊疗的地位。",
            "reason": "没有诊治{cancer}的有出处证据，也没有任何儿童诊疗的证据（其地位在于一般的成人"
            "癌症诊疗），而患者是儿童",
        },
        "fitness.poor-performance-chemotherapy": {
            "statement": "ECOG 3 或 4 分的实体瘤患者：医院的化疗只按一半计分，因为体能状态"
            "如此差时，实体瘤很少建议抗肿瘤治疗（患者主动寻求化疗时仍会加分）。",
        },
        "fitness.child": {
            "statement": "儿童患者看重儿童医院和独立儿科排名；须确认医院的儿科服务。",
            "caveat": "患者是儿童：目录中的证据多数关于成人诊疗；请确认每家医院是否为儿童诊治此种"
            "癌症",
        },
        "tcm.general-oncology-not-sought": {
            "statement": "未要求中医的患者不推荐这样的中医或中西医结合医院：其出处只描述一般的癌症"
            "诊疗，没有患者所患癌症的证据；在这类医院，一般的癌症诊疗就是以中医为基础的诊疗。",
            "reason": "中医或中西医结合医院，没有诊治{cancer}的有出处证据（只有以中医为基础的一般"
            "癌症诊疗），而患者没有要求中医",
        },
        "tcm.avoid": {
            "statement": "希望避免中医的患者不推荐中医或中西医结合医院，中医不计权重。",
            "reason": "中医或中西医结合医院，而患者要求避免中医",
        },
        "tcm.prefer": {"statement": "倾向中医的患者看重中西医结合诊疗。"},
        "tcm.require": {
            "statement": "必须中医的患者只推荐提供中医的医院。",
            "reason": "没有中医诊疗的有出处证据，而患者要求中医",
        },
        "city.only": {
            "statement": "城市要求为“仅限”时，不在患者所选城市的医院不列入。",
            "reason": "不在患者所选的任何城市",
        },
        "city.prefer": {"statement": "城市要求为“优先”时，位于患者所选城市的医院排名更高。"},
        "preference.international-services": {
            "statement": "需要国际医疗服务的患者看重这些服务。",
            "caveat": "没有该医院提供国际医疗服务的有出处证据",
        },
        "preference.clinical-trials": {
            "statement": "希望参加临床试验的患者看重临床试验活动。",
            "caveat": "没有开展临床试验的有出处证据",
        },
        "preference.therapies-sought": {
            "statement": "患者希望的治疗方式权重更高，因此有出处证实提供其中一种的医院排在没有证实"
            "的医院之前。缺少证据不等于没有该治疗：只有当出处说明不提供任何所求治疗，或缺少目录"
            "完整列出的、依赖设施的治疗（质子、重离子）时，医院才不列入。",
            "reason": "有出处说明不提供所求的治疗，或没有质子或重离子设施（目录完整列出这些设施）",
            "caveat": "我们的资料未证实该医院提供所求的某种治疗；请向医院询问",
        },
    }
)

#: Texts that rules build in code: message id -> (English template, Chinese).
EXTRA: Final = MappingProxyType(
    {
        "rule.biomarker.tier-caveat": (
            "a {therapy} finding in the profile is tier {tier} in {cancer} ({meaning}): "
            "{treatment}; source: {source}",
            "病情资料中的一项{therapy}相关检测结果在{cancer}中属于 {tier} 级（{meaning}）。"
            "疗法与出处（英文）：{treatment}；{source}",
        ),
        "tier.1A": (
            "a regulator (FDA or NMPA) has approved a therapy for this finding in this tumour "
            "type; regular (full) approval",
            "监管机构（FDA 或 NMPA）已批准针对此种肿瘤中这一检测结果的疗法；常规（完全）批准",
        ),
        "tier.1B": (
            "approved for this finding in this tumour type on single-arm or non-randomised "
            "evidence, or under accelerated approval",
            "基于单臂或非随机研究，或经加速批准，已在此种肿瘤中针对这一检测结果获批",
        ),
        "tier.2": (
            "approved tumour-agnostically (any solid tumour with the finding), the tumour type "
            "not named on its own",
            "不限瘤种获批（任何带有这一检测结果的实体瘤），未单独列出此种肿瘤",
        ),
        "tier.3": (
            "approved for this finding only in other tumour types: treatment here would be "
            "off-label or in a trial",
            "仅在其他肿瘤类型中针对这一检测结果获批：在此用药属于超说明书用药或须通过临床试验",
        ),
        "rule.preference.therapies-sought.unoffered": (
            "No hospital with sourced evidence for {cancer} has a sourced claim of {names}; the "
            "ranking could not take it into account.",
            "在有{cancer}证据的医院中，没有一家有{names}的有出处证据；排名未能考虑这一点。",
        ),
    }
)

#: Chinese of each scoring feature's label (the English is ``Feature.label``).
FEATURE_ZH: Final = MappingProxyType(
    {
        "cancer_type_expertise": "此种癌症的专长",
        "overall_oncology": "整体肿瘤诊疗水平",
        "evidence": "已知资料的多少",
        "surgery": "外科手术",
        "minimally_invasive_surgery": "微创手术",
        "breast_conserving_surgery": "保乳手术",
        "radiotherapy": "放射治疗",
        "imrt": "调强放疗",
        "proton": "质子治疗",
        "heavy_ion": "重离子治疗",
        "chemotherapy": "化疗",
        "targeted": "靶向治疗",
        "immunotherapy": "免疫治疗",
        "car_t": "CAR-T 细胞治疗",
        "ablation": "肿瘤消融",
        "haic": "肝动脉灌注化疗",
        "tcm": "中西医结合治疗",
        "palliative": "姑息和安宁疗护",
        "clinical_trial": "临床试验",
        "multidisciplinary_team": "多学科团队",
        "supportive_care": "支持治疗",
        "international_services": "国际患者服务",
        "breast_gynae_expertise": "乳腺和妇科肿瘤专长",
        "childrens_hospital": "儿童医院",
        "city_preference": "位于偏好的城市",
        "specialty_ranking": "此疾病的专家排名",
        "oncology_ranking": "肿瘤学专家排名",
        "paediatric_ranking": "儿科专家排名",
        "sbrt": "立体定向放疗",
        "neurosurgery_ranking": "神经外科专家排名",
        "language": "以患者语言诊疗",
    }
)
