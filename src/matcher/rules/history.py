"""History rules: where the disease has spread and how much treatment is behind the patient.

Each rule rests on a public guideline or a peer-reviewed review, quoted with its address. A site
or a number of lines the profile does not give is unknown: these rules then do not apply.
"""

from __future__ import annotations

from typing import Final

from matcher.rules._conditions import MetastasisIn, PriorLinesAtLeast
from matcher.rules._rule import Caveat, Rule, RuleSource, Weigh
from matcher.rules._selectors import lacks

BRAIN_METASTASES: Final = Rule(
    id="history.brain-metastases",
    statement="Brain metastases weigh neurosurgery (standing in the independent neurosurgery "
    "ranking) and stereotactic radiotherapy (radiosurgery).",
    when=MetastasisIn("brain"),
    effects=(
        Weigh("neurosurgery_ranking", add=1.5),
        Weigh("sbrt", add=1.5),
        Weigh("radiotherapy", add=0.5),
        Caveat(
            "no sourced claim of stereotactic radiotherapy at this hospital",
            where=lacks("sbrt"),
        ),
    ),
    source=RuleSource(
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC4337873 (NCCN Guidelines Insights, Central "
        "Nervous System Cancers, Version 2.2014; J Natl Compr Canc Netw 2014;12(11):1517-1523; "
        "peer-reviewed guideline summary)",
        "SRS is increasingly becoming an integral part of management of patients with "
        "controlled, low-volume brain metastases.",
    ),
)

BONE_METASTASES: Final = Rule(
    id="history.bone-metastases",
    statement="Bone metastases weigh radiotherapy, the standard treatment of painful bone "
    "metastases, and supportive care.",
    when=MetastasisIn("bone"),
    effects=(Weigh("radiotherapy", add=1.0), Weigh("supportive_care", add=0.5)),
    source=RuleSource(
        "http://apm.amegroups.com/article/view/27917/html (Tsao, Barnes, Chow. Multiple bone "
        "metastases: what the palliative care specialist should know. Ann Palliat Med 2019; "
        "peer-reviewed review)",
        "Radiotherapy is an effective and standard modality for the treatment of painful "
        "complicated and uncomplicated bony metastases.",
    ),
)

REFRACTORY_AFTER_TWO_LINES: Final = Rule(
    id="history.after-two-lines",
    statement="After two or more lines of therapy, clinical trials weigh more: the guidelines "
    "encourage trial participation for every patient, and fewer standard options remain.",
    when=PriorLinesAtLeast(2),
    effects=(
        Weigh("clinical_trial", add=1.5),
        Caveat("no sourced claim of clinical-trial activity", where=lacks("clinical_trial")),
    ),
    source=RuleSource(
        "https://jnccn.org/view/journals/jnccn/7/5/article-p489.xml (Burstein. Do Clinical "
        "Trials Belong in Clinical Guidelines? J Natl Compr Canc Netw 2009;7(5):489; "
        "peer-reviewed editorial quoting the NCCN guidelines)",
        "The NCCN believes that the best management of any cancer patient is in a clinical "
        "trial. Participation in clinical trials is especially encouraged.",
    ),
)

RULES: Final = (BRAIN_METASTASES, BONE_METASTASES, REFRACTORY_AFTER_TWO_LINES)
