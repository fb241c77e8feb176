"""Clinical rules: stage, biomarkers, relapse, particle therapy and performance status."""

from __future__ import annotations

from typing import Final

from matcher.rules._conditions import (
    AllOf,
    Always,
    AnyOf,
    BloodCancer,
    CancerIsOneOf,
    CancerWithin,
    DiseaseStatusIs,
    EcogAtLeast,
    HasMarker,
    Not,
    Pediatric,
    SeeksSurgeryOnly,
    StageCategory,
)
from matcher.rules._rule import Caveat, Exclude, Rule, RuleSource, Weigh
from matcher.rules._selectors import (
    adult_care_with_only_general_evidence,
    lacks,
    particle_centre_with_only_general_evidence,
    particle_centre_without_surgery,
    particle_centre_without_systemic_therapy,
)

_SOLID = Not(BloodCancer())
_LIVER = CancerWithin(("LIVER",), "liver cancer")
_BREAST = CancerWithin(("BREAST",), "breast cancer")
_NPC = CancerWithin(("NPC",), "nasopharyngeal carcinoma")

EARLY_SURGERY: Final = Rule(
    id="stage.early-surgery",
    statement="Early-stage solid tumours weigh surgical expertise, minimally invasive surgery "
    "included.",
    when=AllOf((StageCategory("early"), _SOLID)),
    effects=(Weigh("surgery", add=2.0), Weigh("minimally_invasive_surgery", add=1.0)),
    source=RuleSource(
        "002_579008efc1ec825a.txt",
        "Surgery is the first choice of radical treatment for early-stage solid tumors",
    ),
)

EARLY_RESECTABLE_NEEDS_SURGERY: Final = Rule(
    id="stage.early-resectable-surgery-first",
    statement="An early-stage solid tumour other than nasopharyngeal carcinoma is first treated "
    "by surgery: a particle-therapy centre without sourced surgery is left out unless the "
    "patient seeks particle therapy, and a hospital without sourced surgery is flagged.",
    when=AllOf((StageCategory("early"), _SOLID, Not(_NPC))),
    effects=(
        Exclude(
            particle_centre_without_surgery,
            "a particle-therapy centre with no sourced surgery, for an early-stage solid tumour",
        ),
        Caveat(
            "no sourced claim of surgery; for an early-stage solid tumour surgery is usually the "
            "first treatment: ask the hospital",
            where=lacks("surgery"),
        ),
    ),
    source=RuleSource(
        "002_579008efc1ec825a.txt",
        "Surgery is the first choice of radical treatment for early-stage solid tumors",
    ),
)

EARLY_BREAST_CONSERVATION: Final = Rule(
    id="stage.early-breast-conservation",
    statement="Early breast cancer weighs breast-conserving surgery.",
    when=AllOf((StageCategory("early"), _BREAST)),
    effects=(Weigh("breast_conserving_surgery", add=1.5),),
    source=RuleSource(
        "002_579008efc1ec825a.txt",
        "breast cancer breast-conserving surgery + radiotherapy has a local control rate "
        "comparable to that of traditional total excision, while preserving the quality of life.",
    ),
)

EARLY_LIVER_ABLATION: Final = Rule(
    id="stage.early-liver-ablation",
    statement="Early liver cancer weighs ablation, an alternative to resection for small tumours.",
    when=AllOf((StageCategory("early"), _LIVER)),
    effects=(Weigh("ablation", add=1.5),),
    source=RuleSource(
        "002_579008efc1ec825a.txt",
        "If the tumor diameter of liver cancer patients is ≤3cm, the 5-year survival rate of "
        "ablation treatment is close to that of surgical resection",
    ),
)

LOCALLY_ADVANCED_COMBINED: Final = Rule(
    id="stage.locally-advanced-combined",
    statement="Locally advanced disease weighs combined-modality care: radiotherapy, "
    "chemotherapy and a multidisciplinary team.",
    when=StageCategory("locally_advanced"),
    effects=(
        Weigh("radiotherapy", add=1.5),
        Weigh("chemotherapy", add=1.0),
        Weigh("multidisciplinary_team", add=1.0),
    ),
    source=RuleSource(
        "002_579008efc1ec825a.txt",
        "The “best” plan for cancer treatment should be formulated through multidisciplinary "
        "consultation (MDT)",
    ),
)

LOCALLY_ADVANCED_NPC_IMRT: Final = Rule(
    id="stage.locally-advanced-npc-imrt",
    statement="Locally advanced nasopharyngeal carcinoma weighs intensity-modulated "
    "radiotherapy (IMRT).",
    when=AllOf((StageCategory("locally_advanced"), _NPC)),
    effects=(Weigh("imrt", add=2.0),),
    source=RuleSource(
        "001_350a1915a619eccc.txt",
        "boosting the 5-year survival rate for locally advanced nasopharyngeal carcinoma from "
        "70% to 85%",
    ),
)

ADVANCED_SYSTEMIC: Final = Rule(
    id="stage.advanced-systemic",
    statement="Advanced disease weighs systemic therapy (chemotherapy, targeted therapy, "
    "immunotherapy), clinical trials and supportive care; a particle-therapy centre without "
    "sourced systemic therapy is left out unless the patient seeks particle therapy.",
    when=StageCategory("advanced"),
    effects=(
        Exclude(
            particle_centre_without_systemic_therapy,
            "a particle-therapy centre with no sourced systemic therapy, for advanced disease",
        ),
        Weigh("chemotherapy", add=1.0),
        Weigh("targeted", add=1.0),
        Weigh("immunotherapy", add=1.0),
        Weigh("clinical_trial", add=1.0),
        Weigh("supportive_care", add=0.5),
        Weigh("palliative", add=0.5),
    ),
    source=RuleSource(
        "002_579008efc1ec825a.txt",
        "systemic therapy (target/immunity) combined with local therapy (radiotherapy/"
        "intervention) is the mainstay in advanced stage",
    ),
)

ADVANCED_LIVER_HAIC: Final = Rule(
    id="stage.advanced-liver-haic",
    statement="Advanced liver cancer weighs hepatic artery infusion chemotherapy (HAIC).",
    when=AllOf((StageCategory("advanced"), _LIVER)),
    effects=(Weigh("haic", add=1.0),),
    source=RuleSource(
        "001_350a1915a619eccc.txt",
        "hepatic artery infusion chemotherapy (HAIC), significantly improving the objective "
        "response rate for advanced liver cancer patients",
    ),
)

ACTIONABLE_DRIVER: Final = Rule(
    id="biomarker.actionable-driver",
    statement="An actionable driver alteration (such as EGFR, ALK, ROS1, BRAF V600E, HER2, "
    "KRAS G12C, RET, MET, NTRK) weighs targeted-therapy expertise and trial access.",
    when=HasMarker("targeted"),
    effects=(Weigh("targeted", add=2.0), Weigh("clinical_trial", add=1.0)),
    source=RuleSource(
        "002_579008efc1ec825a.txt",
        "genetic testing (e.g., NGS) to clarify whether there are driver mutations (e.g., EGFR, "
        "ALK), PD-L1 expression level, TMB (tumor mutation load), to guide the choice of "
        "targeted/immunotherapy.",
    ),
)

IMMUNOTHERAPY_MARKER: Final = Rule(
    id="biomarker.immunotherapy",
    statement="PD-L1 expression, MSI-H/dMMR or a high tumour mutational burden weighs "
    "immunotherapy expertise.",
    when=HasMarker("immunotherapy"),
    effects=(Weigh("immunotherapy", add=2.0),),
    source=RuleSource(
        "002_579008efc1ec825a.txt",
        "Immunotherapy activates the patient's own T-cells to attack cancer cells by blocking "
        "the “immune escape” signals (e.g. PD-1/PD-L1 pathway) of cancer cells.",
    ),
)

BRCA: Final = Rule(
    id="biomarker.brca",
    statement="A BRCA1/2 alteration weighs breast and gynaecological cancer expertise "
    "(hereditary breast and ovarian cancer) and targeted therapy.",
    when=HasMarker("named", ("BRCA1", "BRCA2"), "a BRCA1/2 alteration"),
    effects=(Weigh("breast_gynae_expertise", add=1.5), Weigh("targeted", add=0.5)),
)

_CAR_T_CANCERS = AnyOf(
    (
        CancerWithin(("MBN", "BLL"), "a B-cell lymphoma, myeloma or B-cell leukaemia"),
        CancerIsOneOf(("NHL", "LNM", "LYMPH"), "lymphoma of unspecified type"),
    )
)

CAR_T: Final = Rule(
    id="relapse.car-t",
    statement="Relapsed or refractory B-cell lymphoma, myeloma or B-cell leukaemia weighs "
    "CAR-T capability heavily.",
    when=AllOf((DiseaseStatusIs(("relapsed_refractory",)), _CAR_T_CANCERS)),
    effects=(
        Weigh("car_t", add=4.0),
        Weigh("clinical_trial", add=1.0),
        Caveat("no sourced claim of CAR-T cell therapy at this hospital", where=lacks("car_t")),
    ),
    source=RuleSource(
        "002_579008efc1ec825a.txt",
        "WuXi Juno's Relma-cel for relapsed/refractory large B-cell lymphomas",
    ),
)

RECURRENT: Final = Rule(
    id="relapse.recurrent",
    statement="Recurrent or refractory disease weighs clinical trials and a multidisciplinary "
    "team.",
    when=DiseaseStatusIs(("recurrent", "relapsed_refractory")),
    effects=(Weigh("clinical_trial", add=1.0), Weigh("multidisciplinary_team", add=0.5)),
    source=RuleSource(
        "001_350a1915a619eccc.txt",
        "Explore Clinical Trials: Search for matching trials through the China Clinical Trial "
        "Registry (ChiCTR) or hospital websites.",
    ),
)

_CRITICAL_SITES = CancerWithin(
    ("BRAIN", "HEAD_NECK", "PROSTATE", "LIVER", "EYE", "PNS"),
    "a tumour near critical structures (brain, skull base, nasopharynx, prostate, liver)",
)

PARTICLE_THERAPY: Final = Rule(
    id="particle.critical-sites-and-children",
    statement="Children with solid tumours, and tumours near critical structures, weigh "
    "particle (proton and heavy-ion) therapy, unless the patient seeks surgery and not "
    "particles.",
    when=AllOf((_SOLID, AnyOf((Pediatric(), _CRITICAL_SITES)), Not(SeeksSurgeryOnly()))),
    effects=(Weigh("proton", add=1.5), Weigh("heavy_ion", add=1.0)),
    source=RuleSource(
        "002_579008efc1ec825a.txt",
        "it can accurately protect the surrounding normal tissues (e.g., children's tumors, "
        "patients with brain tumors)",
    ),
)

NO_PARTICLE_FOR_BLOOD: Final = Rule(
    id="particle.not-for-blood-cancers",
    statement="Particle therapy carries no weight for blood cancers.",
    when=BloodCancer(),
    effects=(Weigh("proton", scale=0.0), Weigh("heavy_ion", scale=0.0)),
)

PARTICLE_CENTRE_NEEDS_TYPE_EVIDENCE: Final = Rule(
    id="particle.centre-needs-type-evidence",
    statement="A particle-therapy centre gives radiotherapy: unless the patient seeks particle "
    "therapy, it is considered only with sourced evidence for the patient's cancer, not on "
    "its standing in cancer care in general.",
    when=Always(),
    effects=(
        Exclude(
            particle_centre_with_only_general_evidence,
            "a particle-therapy centre (radiotherapy) with no sourced evidence of treating "
            "{cancer}, and the patient does not seek particle therapy",
        ),
    ),
    source=RuleSource(
        "002_579008efc1ec825a.txt",
        "Radiotherapy equipment (e.g. linear gas pedal, proton heavy ion equipment)",
    ),
)

POOR_PERFORMANCE: Final = Rule(
    id="fitness.poor-performance-status",
    statement="ECOG 3 or 4: intensive treatment may not be suitable; supportive and "
    "palliative care weigh more.",
    when=EcogAtLeast(3),
    effects=(
        Weigh("palliative", add=2.0),
        Weigh("supportive_care", add=2.0),
        Caveat(
            "ECOG 3-4: intensive treatment (major surgery, chemoradiotherapy, most trials) may "
            "not be suitable; discuss the goals of care with the treating team before travelling"
        ),
    ),
    source=RuleSource(
        "002_579008efc1ec825a.txt",
        "Elderly patients or patients with underlying diseases (e.g., heart disease, diabetes) "
        "need to adjust the dose of drugs or choose a low-toxicity regimen",
    ),
)

POOR_PERFORMANCE_TRIALS: Final = Rule(
    id="fitness.poor-performance-trials",
    statement="ECOG 3 or 4: a hospital's clinical-trial activity counts for half, since most "
    "trials enrol only patients who are more active (asking for trials still adds its weight).",
    when=EcogAtLeast(3),
    effects=(Weigh("clinical_trial", scale=0.5),),
    source=RuleSource(
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC8102305 (Magnuson et al. Modernizing Clinical "
        "Trial Eligibility Criteria: Recommendations of the ASCO-Friends of Cancer Research "
        "Performance Status Work Group. Clin Cancer Res 2021;27(9):2424-2429; peer-reviewed)",
        "Many trials are limited to patients with high-functioning PS, resulting in important "
        "differences between trial participants and patient populations with the disease.",
    ),
)

POOR_PERFORMANCE_CHEMOTHERAPY: Final = Rule(
    id="fitness.poor-performance-chemotherapy",
    statement="ECOG 3 or 4 with a solid tumour: a hospital's chemotherapy counts for half, since "
    "cancer-directed therapy is seldom advised for solid tumours at such low performance status "
    "(asking for chemotherapy still adds its weight).",
    when=AllOf((EcogAtLeast(3), Not(BloodCancer()))),
    effects=(Weigh("chemotherapy", scale=0.5),),
    source=RuleSource(
        "https://old-prod.asco.org/news-initiatives/current-initiatives/cancer-care-initiatives/"
        "value-cancer-care/choosing-wisely (American Society of Clinical Oncology, Choosing "
        "Wisely: Five Things Patients and Physicians Should Question, 2012, page last reviewed "
        "2021; professional-society guidance)",
        "Don\u2019t use cancer-directed therapy for solid tumor patients with the following "
        "characteristics: low performance status (3 or 4), no benefit from prior evidence-based "
        "interventions, and no strong evidence supporting the clinical value of further "
        "anti-cancer treatment.",
    ),
)

CHILD: Final = Rule(
    id="fitness.child",
    statement="A child weighs children's hospitals and standing in the independent paediatrics "
    "rankings (for adults, and when the age is not given, these weigh nothing); the hospital's "
    "paediatric services must be confirmed.",
    when=Pediatric(),
    effects=(
        Weigh("childrens_hospital", add=3.5),
        Weigh("paediatric_ranking", add=2.5),
        Caveat(
            "the patient is a child: the catalog's claims are mostly about adult care; confirm "
            "that each hospital treats children with this cancer"
        ),
    ),
)

CHILD_NEEDS_CHILDRENS_CANCER_CARE: Final = Rule(
    id="fitness.child-general-adult-care",
    statement="A child is not sent to a hospital whose sources show neither care for the "
    "child's cancer nor any care for children: its standing in cancer care in general is "
    "standing in adult care.",
    when=Pediatric(),
    effects=(
        Exclude(
            adult_care_with_only_general_evidence,
            "no sourced evidence of care for {cancer} nor of any care for children (its "
            "standing is in adult cancer care in general), and the patient is a child",
        ),
    ),
    source=RuleSource(
        "http://www.healthychildren.org/English/health-issues/conditions/cancer/Pages/default.aspx "
        "(American Academy of Pediatrics, HealthyChildren.org)",
        "Both the American Academy of Pediatrics (AAP) and the National Cancer Institute "
        "recommend that children and adolescents receive diagnosis, staging and treatment at one "
        "of the more than two hundred medical centers that specialize in pediatric cancers.",
    ),
)

RULES: Final = (
    EARLY_SURGERY,
    EARLY_RESECTABLE_NEEDS_SURGERY,
    EARLY_BREAST_CONSERVATION,
    EARLY_LIVER_ABLATION,
    LOCALLY_ADVANCED_COMBINED,
    LOCALLY_ADVANCED_NPC_IMRT,
    ADVANCED_SYSTEMIC,
    ADVANCED_LIVER_HAIC,
    ACTIONABLE_DRIVER,
    IMMUNOTHERAPY_MARKER,
    BRCA,
    CAR_T,
    RECURRENT,
    PARTICLE_THERAPY,
    NO_PARTICLE_FOR_BLOOD,
    PARTICLE_CENTRE_NEEDS_TYPE_EVIDENCE,
    POOR_PERFORMANCE,
    POOR_PERFORMANCE_TRIALS,
    POOR_PERFORMANCE_CHEMOTHERAPY,
    CHILD,
    CHILD_NEEDS_CHILDRENS_CANCER_CARE,
)
