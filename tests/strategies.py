"""Every hypothesis strategy the tests share, in one place."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from matcher.profile._patient import Patient
from matcher.profile._vocab import PATIENT_MODALITIES

CANCER_NAMES = (
    "NSCLC",
    "lung adenocarcinoma",
    "lung cancer",
    "SCLC",
    "HCC",
    "liver cancer",
    "NPC",
    "nasopharyngeal carcinoma",
    "DLBCL",
    "multiple myeloma",
    "breast cancer",
    "stomach cancer",
    "colon cancer",
    "colorectal cancer",
    "esophageal cancer",
    "pancreatic cancer",
    "cervical cancer",
    "ovarian cancer",
    "prostate cancer",
    "glioblastoma",
    "melanoma",
    "lymphoma",
    "AML",
    "ALL",
    "osteosarcoma",
    "thyroid cancer",
)
STAGES = (
    "0",
    "I",
    "IA",
    "II",
    "IIB",
    "III",
    "IIIB",
    "IV",
    "IVA",
    "2",
    "3b",
    "early",
    "locally advanced",
    "advanced",
    "metastatic",
)
BIOMARKER_MAPS = (
    {},
    {"EGFR": "L858R"},
    {"EGFR": "exon 19 deletion", "PD-L1": "TPS 60%"},
    {"ALK": "fusion"},
    {"KRAS": "G12C"},
    {"HER2": "positive"},
    {"MSI": "high"},
    {"BRCA1": "pathogenic variant"},
    {"EBV DNA": "positive"},
    {"EGFR": "negative"},
)
CITIES = (
    "Beijing",
    "Shanghai",
    "Guangzhou",
    "Peking",
    "Canton",
    "Hangzhou",
    "Chengdu",
    "Tianjin",
    "Lhasa",
)
THERAPIES = PATIENT_MODALITIES
LANGUAGES = ("English", "Русский", "ar", "zh-Hans", "fr", "en-US", "Mandarin", "ru")
PRIOR_THERAPIES = ("chemotherapy", "surgery", "CAR-T", "TKI", "radiation", "hormone therapy")
METASTATIC_SITES = ("brain", "bone", "liver", "lung", "peritoneum", "骨")


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    """Valid profile mappings covering every field (optional fields sometimes left out)."""
    profile: dict[str, Any] = {"cancer_type": draw(st.sampled_from(CANCER_NAMES))}
    optional: dict[str, st.SearchStrategy[Any]] = {
        "stage": st.sampled_from(STAGES),
        "biomarkers": st.sampled_from(BIOMARKER_MAPS),
        "tcm_preference": st.sampled_from(("avoid", "neutral", "prefer", "require")),
        "age": st.integers(0, 120),
        "ecog": st.integers(0, 4),
        "disease_status": st.sampled_from(("newly_diagnosed", "recurrent", "relapsed_refractory")),
        "cities": st.lists(st.sampled_from(CITIES), max_size=3),
        "city_mode": st.sampled_from(("prefer", "only")),
        "needs_international_services": st.booleans(),
        "wants_clinical_trials": st.booleans(),
        "therapies_sought": st.lists(st.sampled_from(THERAPIES), max_size=3),
        "languages": st.lists(st.sampled_from(LANGUAGES), max_size=3),
        "language_mode": st.sampled_from(("prefer", "only")),
        "prior_therapies": st.lists(st.sampled_from(PRIOR_THERAPIES), max_size=3)
        | st.fixed_dictionaries(
            {"lines": st.integers(0, 20)},
            optional={"therapies": st.lists(st.sampled_from(PRIOR_THERAPIES), max_size=2)},
        ).map(lambda given: {"lines": given["lines"]} if given["lines"] == 0 else given),
        "metastatic_sites": st.lists(st.sampled_from(METASTATIC_SITES), max_size=3),
    }
    for field, strategy in optional.items():
        if draw(st.booleans()):
            profile[field] = draw(strategy)
    if profile.get("tcm_preference") == "avoid" and "tcm" in profile.get("therapies_sought", []):
        # Seeking TCM while avoiding it is refused as a contradiction (see test_patient).
        profile["therapies_sought"] = [t for t in profile["therapies_sought"] if t != "tcm"]
    return profile


def json_like(max_leaves: int = 12) -> st.SearchStrategy[Any]:
    """Arbitrary JSON-like values: odd types, unicode, huge numbers, NaN and infinities."""
    leaves = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=True, allow_infinity=True)
        | st.text(max_size=40)
        | st.sampled_from(CANCER_NAMES + STAGES + CITIES + THERAPIES)
    )
    return st.recursive(
        leaves,
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=12), children, max_size=4)
        ),
        max_leaves=max_leaves,
    )


FIELDS = tuple(Patient.model_fields)


@st.composite
def messy_profiles(draw: st.DrawFn) -> Any:
    """Profiles whose fields hold arbitrary JSON-like junk, near-misses or real values."""
    if draw(st.integers(0, 9)) == 0:
        return draw(json_like())
    base = draw(profiles())
    for field in draw(
        st.lists(st.sampled_from((*FIELDS, "cancer_typ", "unknown_field")), max_size=3)
    ):
        base[field] = draw(json_like(6))
    return base


# --- hostile input: what a careless or malicious caller might pass ------------------------------

#: Text people paste from other scripts and from word processors: right-to-left runs and
#: overrides, zero-width characters, a byte-order mark, emoji, Chinese, accents.
ODD_TEXTS = (
    "\u202enpc\u202c",  # right-to-left override around a real code
    "\u05e1\u05e8\u05d8\u05df \u05e8\u05d9\u05d0\u05d5\u05ea",  # Hebrew: lung cancer
    "\u0633\u0631\u0637\u0627\u0646",  # Arabic: cancer
    "N\u200bPC",  # zero-width space inside a code
    "\ufeffNSCLC",  # byte-order mark in front
    "lung\u200d cancer",  # zero-width joiner
    "\U0001f9ec\U0001fa7a",  # emoji: DNA, stethoscope
    "\u9f3b\u54bd\u764c",  # Chinese: nasopharyngeal carcinoma
    "\u80ba\u817a\u764c",  # Chinese: lung adenocarcinoma
    "\u5317\u4eac",  # Chinese: Beijing
    "Sa\u0303o Paulo",  # combining tilde
    "\x00\x01\x7f",  # control characters
    "\ud800",  # a lone surrogate (JSON can carry one)
    "",
    " \t\n",
)
#: Real profile field names, one edit away.
NEAR_MISS_FIELDS = (
    "cancer_typ",
    "Cancer_Type",
    "cancertype",
    "stag",
    "biomarker",
    "tcm_preferance",
    "ages",
    "ECOG",
    "city",
    "citys",
    "therapy_sought",
    "wants_clinical_trial",
)


@st.composite
def near_misses(draw: st.DrawFn, words: tuple[str, ...] = CANCER_NAMES + CITIES) -> str:
    """A real name with one character dropped, doubled, swapped or replaced."""
    word = draw(st.sampled_from(words))
    at = draw(st.integers(0, max(len(word) - 1, 0)))
    edit = draw(st.sampled_from(("drop", "double", "swap", "replace")))
    if edit == "drop":
        return word[:at] + word[at + 1 :]
    if edit == "double":
        return word[:at] + word[at : at + 1] * 2 + word[at + 1 :]
    if edit == "swap" and at + 1 < len(word):
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return word[:at] + draw(st.characters(codec="utf-8")) + word[at + 1 :]


def huge_texts(length: int = 100_000) -> st.SearchStrategy[str]:
    """Strings of ``length`` characters, made by repeating a short piece."""
    pieces = st.sampled_from(("a", "NPC ", "EGFR L858R, ", "\u764c", "\U0001f9ec", "IIIB"))
    return (st.text(min_size=1, max_size=8) | pieces).map(
        lambda piece: (piece * (length // len(piece) + 1))[:length]
    )


def numpy_scalars() -> st.SearchStrategy[Any]:
    """Numpy scalars, as data frames hand them over: ints, floats (NaN too), bools, strings."""
    import numpy as np

    return st.one_of(
        st.integers(-(2**31), 2**31 - 1).map(np.int64),
        st.integers(0, 200).map(np.uint8),
        st.floats(allow_nan=True, allow_infinity=True).map(np.float64),
        st.floats(width=32, allow_nan=True, allow_infinity=True).map(np.float32),
        st.booleans().map(np.bool_),
        st.sampled_from(CANCER_NAMES + STAGES + CITIES).map(np.str_),
    )


def deeply_nested() -> st.SearchStrategy[Any]:
    """Lists or mappings nested far deeper than Python's recursion limit."""

    def nest(depth: int, as_mapping: bool) -> Any:
        value: Any = "NPC"
        for _ in range(depth):
            value = {"x": value} if as_mapping else [value]
        return value

    return st.builds(nest, st.integers(900, 20_000), st.booleans())


def hostile_values() -> st.SearchStrategy[Any]:
    """Any value a profile field might be handed, including the hostile ones."""
    scalar = st.one_of(
        st.sampled_from(ODD_TEXTS),
        near_misses(),
        near_misses(STAGES + THERAPIES),
        huge_texts(),
        numpy_scalars(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.text(max_size=30),
        st.binary(max_size=8),
    )
    return st.one_of(
        scalar,
        json_like(8),
        deeply_nested(),
        st.lists(scalar, max_size=3),
        st.dictionaries(
            st.one_of(st.sampled_from(ODD_TEXTS), st.text(max_size=10), st.integers(), st.none()),
            scalar,
            max_size=3,
        ),
        st.tuples(scalar, scalar),
        st.frozensets(st.text(max_size=5), max_size=3),
    )


@st.composite
def hostile_profiles(draw: st.DrawFn) -> Any:
    """Valid profiles with some fields (real, near-miss or unknown) set to hostile values."""
    if draw(st.integers(0, 19)) == 0:
        return draw(hostile_values())
    base = draw(profiles())
    keys = st.one_of(
        st.sampled_from(FIELDS),
        st.sampled_from(NEAR_MISS_FIELDS),
        st.sampled_from(ODD_TEXTS),
        st.sampled_from((None, 0, 1.5, ("cancer_type",), b"cancer_type", frozenset({"stage"}))),
    )
    for field in draw(st.lists(keys, min_size=1, max_size=3)):
        base[field] = draw(hostile_values())
    return base


# --- catalogs, broken a little ------------------------------------------------------------------

#: Values that change a catalog field's type or push it past its bounds.
RETYPED = (
    None,
    True,
    0,
    -1,
    1.5,
    10**40,
    float("nan"),
    float("inf"),
    float("-inf"),
    "",
    "x" * 3000,
    [],
    {},
    ["nested"],
    {"value": 1},
    "\ud800",
    "NPC",
    "1",
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a JSON document (the root itself excluded)."""
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    found = []
    for key, child in children:
        found.append((*prefix, key))
        found += _paths(child, (*prefix, key))
    return found


def _parent(document: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        document = document[key]
    return document


@st.composite
def mutated_catalogs(draw: st.DrawFn, document: dict[str, Any]) -> dict[str, Any]:
    """Copies of a catalog document with one to three fields dropped, duplicated or retyped."""
    import copy

    mutated = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(mutated)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = _parent(mutated, path), path[-1]
        action = draw(st.sampled_from(("drop", "duplicate", "retype")))
        if action == "drop":
            del parent[key]
        elif action == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        elif action == "duplicate":
            parent[draw(st.sampled_from(sorted(parent)))] = copy.deepcopy(parent[key])
        else:
            # A copy: RETYPED's lists and dicts must not be changed by later mutations.
            parent[key] = copy.deepcopy(
                draw(st.sampled_from(RETYPED) | json_like(4) | near_misses())
            )
    return mutated


@st.composite
def graded_rankings(draw: st.DrawFn) -> tuple[list[str], dict[str, int], int]:
    """A ranking of eligible hospitals, grades for some hospitals (ranked or not), and a k.

    Graded hospitals missing from the ranking stand for hospitals the rules left out.
    """
    hospitals = [f"h{i}" for i in range(draw(st.integers(1, 12)))]
    ranked = draw(st.permutations(hospitals))[: draw(st.integers(0, len(hospitals)))]
    graded = draw(st.lists(st.sampled_from(hospitals), unique=True, min_size=1))
    grades = {hospital: draw(st.integers(0, 3)) for hospital in graded}
    return ranked, grades, draw(st.integers(1, 6))


# --- hostile objects and oversized profiles (issue 15) -------------------------------------------


class RaisingRepr:
    """An object whose repr raises."""

    def __repr__(self) -> str:
        raise RuntimeError("repr refused")


class RaisingHash(str):
    """Text whose hash raises."""

    def __hash__(self) -> int:
        raise RuntimeError("hash refused")

    __eq__ = str.__eq__


class SneakyText(str):
    """Text that says something else when asked."""

    def __str__(self) -> str:
        raise RuntimeError("str refused")

    def __repr__(self) -> str:
        raise RuntimeError("repr refused")


class LyingList(list):  # type: ignore[type-arg]
    """A list whose length lies."""

    def __len__(self) -> int:
        return 1


class EndlessList(list):  # type: ignore[type-arg]
    """A list that never stops iterating."""

    def __iter__(self) -> Any:
        while True:
            yield "EGFR L858R"


class RaisingMapping(dict):  # type: ignore[type-arg]
    """A mapping whose items raise."""

    def items(self) -> Any:
        raise RuntimeError("items refused")


def hostile_objects() -> st.SearchStrategy[Any]:
    """Objects built to break whoever touches them."""
    return st.one_of(
        st.builds(RaisingRepr),
        st.sampled_from(("NPC", "IIIB", "Beijing", "EGFR L858R")).map(RaisingHash),
        st.sampled_from(("NPC", "IIIB", "Beijing", "EGFR L858R")).map(SneakyText),
        st.builds(lambda: LyingList(["EGFR L858R"] * 500)),
        st.builds(EndlessList),
        st.builds(lambda: RaisingMapping({"EGFR": "L858R"})),
        st.integers(5000, 6000).map(lambda digits: 10**digits),
        st.builds(lambda: {"EGFR": ["L858R"] * 10_000}),
        st.builds(lambda: "\ufdfa" * 100_000),
        st.integers(0, 3).map(lambda i: ["?", "\u2014", "...", "\ud800"][i]),
    )


@st.composite
def hostile_object_profiles(draw: st.DrawFn) -> dict[str, Any]:
    """Valid profiles with one field (known or not) set to a hostile object."""
    base = draw(profiles())
    field = draw(st.sampled_from((*FIELDS[1:], "patient_name")))
    base[field] = draw(hostile_objects())
    return base


def nested(depth: int) -> Any:
    """A biomarker-like mapping nested ``depth`` levels deep."""
    value: Any = "L858R"
    for _ in range(depth):
        value = {"EGFR": value}
    return value


@st.composite
def oversized_profiles(draw: st.DrawFn) -> dict[str, Any]:
    """Profiles past one of the size limits: fields, items, characters, nesting."""
    base = draw(profiles())
    kind = draw(st.sampled_from(("fields", "items", "inner items", "chars", "depth", "keys")))
    if kind == "fields":
        base.update({f"extra_{i}": i for i in range(draw(st.integers(101, 5000)))})
    elif kind == "items":
        base["cities"] = ["Beijing"] * draw(st.integers(101, 100_000))
    elif kind == "inner items":
        base["biomarkers"] = {"TMB": [i / 1e4 for i in range(draw(st.integers(101, 20_000)))]}
    elif kind == "chars":
        base["stage"] = draw(st.sampled_from(("I", "\ufdfa", "x"))) * draw(st.integers(1001, 10**6))
    elif kind == "depth":
        base["biomarkers"] = nested(draw(st.integers(5, 600)))
    else:
        base["biomarkers"] = {f"G{i}": "positive" for i in range(draw(st.integers(101, 3000)))}
    return base


def invisible_characters() -> st.SearchStrategy[str]:
    """Characters a catalog's text may not hold: controls, zero-width and direction marks."""
    named = st.sampled_from(
        [
            "\x00",
            "\x1b",
            "\n",
            "\r",
            "\t",
            "\u200b",
            "\u200d",
            "\u202e",
            "\u2066",
            "\ufeff",
            "\u2028",
            "\u2029",
            "\x1b[31m",
        ]
    )
    return named | st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Co"])


@st.composite
def quotes_with_a_term(draw: st.DrawFn) -> tuple[str, str]:
    """A quote (English words, Chinese characters and punctuation) and a term it contains."""
    word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789-%", min_size=1, max_size=14)
    chinese = st.text(
        alphabet="鼻咽癌肿瘤医院放疗中心手术\uff0c\u3002\u3001", min_size=1, max_size=6
    )
    pieces = draw(st.lists(word | chinese | st.sampled_from([",", ";", "."]), max_size=120))
    term = draw(st.sampled_from(["nasopharyngeal carcinoma", "IMRT", "鼻咽癌", "proton therapy"]))
    at = draw(st.integers(min_value=0, max_value=len(pieces)))
    pieces.insert(at, term)
    return " ".join(pieces), term


VARIANT_GENES = ("BRAF", "EGFR", "KRAS", "TP53", "ALK", "HER2", "FLT3", "MGMT", "PIK3CA")
_AMINO_ACIDS_3 = ("Ala", "Arg", "Asn", "Asp", "Cys", "Gln", "Glu", "Gly", "His", "Val", "Ter")


@st.composite
def variant_texts(draw: st.DrawFn) -> str:
    """A gene and a change as laboratories write them (HGVS c./p./g., exon events, fusions,
    copy number), sometimes with a transcript, sometimes with a little noise."""
    gene = draw(st.sampled_from(VARIANT_GENES))
    position = draw(st.integers(min_value=0, max_value=99_999))
    base = st.sampled_from("ACGTacgtU")
    change = draw(
        st.one_of(
            st.builds(lambda r, a: f"c.{position}{r}>{a}", base, base),
            st.builds(lambda r, a: f"g.{position}{r}>{a}", base, base),
            st.builds(
                lambda r, a, paren: f"p.({r}{position}{a})" if paren else f"p.{r}{position}{a}",
                st.sampled_from(_AMINO_ACIDS_3),
                st.sampled_from(_AMINO_ACIDS_3),
                st.booleans(),
            ),
            st.builds(
                lambda r, a: f"{r}{position}{a}",
                st.sampled_from("ACDEFGHIKLMNPQRSTVWY*"),
                st.sampled_from("ACDEFGHIKLMNPQRSTVWYX*"),
            ),
            st.builds(
                lambda n, kind: f"exon {n} {kind}",
                st.integers(min_value=0, max_value=120),
                st.sampled_from(("deletion", "insertion", "del", "ins", "skipping", "dup")),
            ),
            st.sampled_from(
                ("EML4::ALK", "EML4-ALK", "fusion", "rearrangement", "amp", "amplification")
            ),
            st.just(f"c.{position}_{position + 2}delAGT"),
        )
    )
    transcript = draw(
        st.sampled_from(("", "NM_004333.6:", "NM_000546.6:", "chr7:", "ENST00000288602:"))
    )
    noise = draw(st.text(alphabet=" :;()._-+>*/", max_size=3))
    return f"{gene} {transcript}{change}{noise}"


def printed_names() -> st.SearchStrategy[str]:
    """A hospital's name as a data file might print it: letters, digits, CJK, inner spaces and
    the punctuation JSON must escape (quotes, backslashes)."""
    characters = st.characters(categories=("L", "N", "Zs"), include_characters='"\\（）()·-')  # noqa: RUF001
    return st.text(characters, min_size=1, max_size=30).map(str.strip).filter(bool)
