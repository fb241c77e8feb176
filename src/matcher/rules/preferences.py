"""Preference rules: TCM, cities, international services, trials and therapies sought."""

from __future__ import annotations

from typing import Final

from matcher.rules._conditions import (
    AnyOf,
    CitiesGiven,
    LanguagesGiven,
    Not,
    SeeksTherapies,
    SpeaksLanguage,
    TcmPreferenceIs,
    Wants,
)
from matcher.rules._rule import (
    Caveat,
    Exclude,
    Require,
    Rule,
    RuleSource,
    Weigh,
    WeighSought,
)
from matcher.rules._selectors import (
    in_patient_cities,
    lacks,
    may_offer_a_sought_therapy,
    offers_tcm,
    tcm_hospital,
    tcm_hospital_with_only_general_evidence,
    unconfirmed_language,
    unconfirmed_sought_therapy,
    unoffered_therapies,
)

_TCM_IS_COMPLEMENTARY = RuleSource(
    "002_579008efc1ec825a.txt",
    "Chinese medicine is not a “radical cure” for cancer, but it has unique value in reducing "
    "the side effects of radiotherapy, regulating immunity and improving symptoms",
)

TCM_AVOID: Final = Rule(
    id="tcm.avoid",
    statement="A patient who wants to avoid TCM is not sent to TCM or integrated-medicine "
    "hospitals, and TCM carries no weight.",
    when=TcmPreferenceIs("avoid"),
    effects=(
        Exclude(
            tcm_hospital,
            "a TCM or integrated-medicine hospital, and the patient asked to avoid TCM",
        ),
        Weigh("tcm", scale=0.0),
    ),
)

TCM_PREFER: Final = Rule(
    id="tcm.prefer",
    statement="A patient who prefers TCM weighs integrated TCM care.",
    when=TcmPreferenceIs("prefer"),
    effects=(Weigh("tcm", add=2.0), Caveat(str(_TCM_IS_COMPLEMENTARY))),
    source=_TCM_IS_COMPLEMENTARY,
)

TCM_REQUIRE: Final = Rule(
    id="tcm.require",
    statement="A patient who requires TCM is sent only to hospitals that offer it.",
    when=TcmPreferenceIs("require"),
    effects=(
        Require(offers_tcm, "no sourced claim of TCM care, and the patient requires it"),
        Weigh("tcm", add=2.0),
        Caveat(str(_TCM_IS_COMPLEMENTARY)),
    ),
    source=_TCM_IS_COMPLEMENTARY,
)

TCM_NOT_SOUGHT: Final = Rule(
    id="tcm.general-oncology-not-sought",
    statement="A patient who does not ask for TCM is not sent to a TCM or integrated-medicine "
    "hospital whose sources describe its cancer care only in general, nothing for the "
    "patient's cancer: there, cancer care in general is TCM-based care.",
    when=Not(AnyOf((TcmPreferenceIs("prefer"), TcmPreferenceIs("require")))),
    effects=(
        Exclude(
            tcm_hospital_with_only_general_evidence,
            "a TCM or integrated-medicine hospital with no sourced evidence of care for "
            "{cancer} (only its TCM-based cancer care in general), and the patient did not ask "
            "for TCM",
        ),
    ),
    source=_TCM_IS_COMPLEMENTARY,
)

CITIES_ONLY: Final = Rule(
    id="city.only",
    statement="With city_mode 'only', hospitals outside the patient's cities are left out.",
    when=CitiesGiven("only"),
    effects=(Require(in_patient_cities, "not in any of the patient's cities"),),
)

CITIES_PREFER: Final = Rule(
    id="city.prefer",
    statement="With city_mode 'prefer', hospitals in the patient's cities rank higher.",
    when=CitiesGiven("prefer"),
    effects=(Weigh("city_preference", add=2.0),),
)

INTERNATIONAL: Final = Rule(
    id="preference.international-services",
    statement="A patient who needs international-patient services weighs them.",
    when=Wants("needs_international_services"),
    effects=(
        Weigh("international_services", add=2.0),
        Caveat(
            "no sourced claim of international-patient services at this hospital",
            where=lacks("international_services"),
        ),
    ),
    source=RuleSource(
        "001_350a1915a619eccc.txt",
        "Contact the International Medical Department: Schedule appointments in advance via "
        "hospital websites or international department emails.",
    ),
)

CLINICAL_TRIALS: Final = Rule(
    id="preference.clinical-trials",
    statement="A patient who wants clinical trials weighs trial activity.",
    when=Wants("wants_clinical_trials"),
    effects=(
        Weigh("clinical_trial", add=2.0),
        Caveat("no sourced claim of clinical-trial activity", where=lacks("clinical_trial")),
    ),
    source=RuleSource(
        "001_350a1915a619eccc.txt", "Early enrollment may offer opportunities for free treatment."
    ),
)

THERAPIES_SOUGHT: Final = Rule(
    id="preference.therapies-sought",
    statement="Therapies the patient seeks weigh more, so a hospital where a source confirms "
    "one ranks above one where none is confirmed. Missing evidence is not a missing therapy: a "
    "hospital is left out only where a source says it does not offer any of them, or where a "
    "facility-bound therapy (proton, heavy ion), which the catalog lists completely, is absent.",
    when=SeeksTherapies(),
    effects=(
        Require(
            may_offer_a_sought_therapy,
            "a source says it does not offer the therapies sought, or it has no proton or "
            "heavy-ion facility (the catalog lists these completely)",
        ),
        WeighSought(add=1.5),
        Caveat(
            "a therapy sought is not confirmed by our sources for this hospital; ask the hospital",
            where=unconfirmed_sought_therapy,
        ),
        Caveat(unoffered_therapies),
    ),
)

_UNCONFIRMED_LANGUAGE = (
    "care in a language the patient speaks is not confirmed by our sources; ask the hospital "
    "about interpreters"
)

LANGUAGE_CHINESE: Final = Rule(
    id="language.chinese",
    statement="Hospitals in China work in Chinese, so a patient who speaks Chinese needs no "
    "interpreter anywhere and language weighs nothing in the ranking.",
    when=SpeaksLanguage("zh"),
    effects=(
        Caveat(
            "Chinese (Putonghua) is the standard language of hospitals in China: no interpreter "
            "is needed for a Chinese speaker."
        ),
    ),
    source=RuleSource(
        "https://ahybfy.com/information/Translation/1898.html (Law on the Standard Spoken and "
        "Written Chinese Language of the People's Republic of China, 2000; government (law), "
        "in a translation published by a translation company)",
        "Article 2 For purposes of this Law, the standard spoken and written Chinese language "
        "means Putonghua (a common speech with pronunciation based on the Beijing dialect) and "
        "the standardized Chinese characters.",
    ),
)

LANGUAGE_PREFER: Final = Rule(
    id="language.prefer",
    statement="With language_mode 'prefer', hospitals where a source confirms care in a "
    "language the patient speaks rank higher; an unconfirmed language is unknown, not 'no'.",
    when=LanguagesGiven("prefer"),
    effects=(
        Weigh("language", add=2.0),
        Caveat(_UNCONFIRMED_LANGUAGE, where=unconfirmed_language),
    ),
    source=RuleSource(
        "001_350a1915a619eccc.txt",
        "Both hospitals operate international medical departments (VIP clinics) offering "
        "English-language consultations, medical record translation, and multilingual patient "
        "navigation.",
    ),
)

LANGUAGE_ONLY: Final = Rule(
    id="language.only",
    statement="With language_mode 'only', confirmed care in the patient's language weighs "
    "three times as much as with 'prefer' (more than expertise in the cancer), so confirmed "
    "hospitals rank above unconfirmed ones unless these are far stronger otherwise. No "
    "hospital is left out for language: the catalog holds no source saying a hospital cannot "
    "care in a language, and unknown is not 'no'; unconfirmed hospitals stay, with a caveat.",
    when=LanguagesGiven("only"),
    effects=(
        Weigh("language", add=6.0),
        Caveat(_UNCONFIRMED_LANGUAGE, where=unconfirmed_language),
        Caveat(
            "language_mode 'only' left no hospital out: our sources never say that a hospital "
            "cannot care in a language, so hospitals where it is unconfirmed stay, weighed well "
            "below confirmed ones; ask them about interpreters."
        ),
    ),
    source=LANGUAGE_PREFER.source,
)

RULES: Final = (
    TCM_AVOID,
    TCM_PREFER,
    TCM_REQUIRE,
    TCM_NOT_SOUGHT,
    CITIES_ONLY,
    CITIES_PREFER,
    INTERNATIONAL,
    CLINICAL_TRIALS,
    THERAPIES_SOUGHT,
    LANGUAGE_CHINESE,
    LANGUAGE_PREFER,
    LANGUAGE_ONLY,
)
