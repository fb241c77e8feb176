"""Determinism and immutability: the same profile gives the same answer in any process, under any
hash seed, from any number of threads at once; nothing a result or catalog holds can be changed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import types
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
from pydantic import BaseModel, ValidationError

import matcher
from matcher import DEFAULT_WEIGHTS, Patient, ProfileError, Recommendations

REPO = Path(__file__).resolve().parents[1]
PROFILES: list[dict[str, Any]] = [
    {"cancer_type": "nasopharyngeal carcinoma", "stage": "III", "tcm_preference": "prefer"},
    {
        "cancer_type": "lung adenocarcinoma",
        "stage": "IV",
        "biomarkers": {"EGFR": "L858R", "PD-L1": "TPS 60%"},
        "cities": ["Beijing", "Shanghai"],
        "wants_clinical_trials": True,
    },
    {"cancer_type": "HCC", "stage": "IIIB", "therapies_sought": ["haic", "proton"], "age": 61},
    {"cancer_type": "DLBCL", "disease_status": "relapsed_refractory", "ecog": 1},
    {"cancer_type": "breast cancer", "cities": ["Lhasa"], "city_mode": "only"},
    {"cancer_type": "glioblastoma", "age": 9, "tcm_preference": "avoid"},
    {"cancer_type": "NSCLC", "needs_international_services": True, "stage": "limited"},
    {"cancer_type": "multiple myeloma", "tcm_preference": "require", "cities": ["Hangzhou"]},
]
# Refused profiles: the order of problems and suggestions must not depend on the hash seed.
REFUSED: list[Any] = [
    {"cancer_type": "nasopharangeal", "cities": ["Pekin", "Shanghia"], "stage": "IIIZ"},
    {"cancer_typ": "NPC", "biomarkers": ["EGRF L858R", "ALK fusoin"], "tcm": "yes"},
]

# Runs the profiles and prints one JSON document of everything that is compared.
SCRIPT = """
import json, sys, threading
from concurrent.futures import ThreadPoolExecutor
import matcher

profiles, refused, threads = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3])

def summary(profile):
    try:
        recs = matcher.recommend(profile, top_k=10)
    except matcher.ProfileError as error:
        return {"error": str(error), "suggestions": list(error.suggestions)}
    return {
        "ranked": [[r.hospital.id, r.score, r.tied, [str(x) for x in r.reasons],
                    [[c.feature, c.points] for c in r.contributions], list(r.caveats)]
                   for r in recs],
        "excluded": [[e.hospital.id, e.rule_id, e.reason] for e in recs.excluded],
        "rules": [[o.rule_id, o.fired] for o in recs.rules],
        "caveats": list(recs.caveats),
        "relaxations": [[x.rule_id, list(x.hospital_ids)] for x in recs.relaxations],
        "weights": dict(recs.weights),
        "message": recs.message,
    }

everything = profiles + refused
if threads > 1:
    # Cold start: the first calls of the process, all at once, build every cache together.
    barrier = threading.Barrier(threads)
    def first(index):
        barrier.wait()
        return summary(everything[index % len(everything)])
    with ThreadPoolExecutor(threads) as pool:
        concurrent = list(pool.map(first, range(threads * 3)))
    serial = [summary(everything[i % len(everything)]) for i in range(threads * 3)]
    assert concurrent == serial, "threads disagree with a serial run"
print(json.dumps([summary(p) for p in everything], sort_keys=True))
"""


def _outputs(*runs: tuple[str, int]) -> list[str]:
    """Run the script once per (hash seed, threads), all at the same time; their outputs."""
    started = [
        subprocess.Popen(
            [sys.executable, "-c", SCRIPT, json.dumps(PROFILES), json.dumps(REFUSED), str(n)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=REPO,
        )
        for seed, n in runs
    ]
    outputs = []
    for process in started:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        outputs.append(out)
    return outputs


def test_the_same_profiles_give_the_same_results_under_three_hash_seeds() -> None:
    outputs = _outputs(("0", 1), ("1", 1), ("4242", 1))
    assert len(set(outputs)) == 1, "results depend on PYTHONHASHSEED"
    results = json.loads(outputs[0])
    assert all("ranked" in result for result in results[: len(PROFILES)])
    assert all("error" in result for result in results[len(PROFILES) :])


def test_eight_threads_at_a_cold_start_agree_with_a_serial_run_in_any_process() -> None:
    concurrent, serial = _outputs(("7", 8), ("8", 1))
    assert concurrent == serial


def test_eight_threads_at_once_agree_with_a_serial_run() -> None:
    serial = [matcher.recommend(profile, top_k=10) for profile in PROFILES]
    barrier = threading.Barrier(8)

    def call(index: int) -> Recommendations:
        if index < 8:
            barrier.wait()  # the first eight start together
        return matcher.recommend(PROFILES[index % len(PROFILES)], top_k=10)

    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(call, range(8 * len(PROFILES))))
    for index, recs in enumerate(concurrent):
        assert recs == serial[index % len(PROFILES)]


def test_eight_threads_refusing_profiles_at_once_give_the_same_errors() -> None:
    def message(profile: Any) -> str:
        with pytest.raises(ProfileError) as caught:
            matcher.recommend(profile)
        return str(caught.value)

    serial = [message(profile) for profile in REFUSED]
    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(message, REFUSED * 8))
    assert concurrent == serial * 8


# --- immutability -------------------------------------------------------------------------------

_PLAIN = (str, bytes, int, float, complex, bool, type(None), np.generic)


def _reachable(root: object, name: str) -> Iterator[tuple[str, object]]:
    """Every value reachable from ``root`` through fields and containers, with its path."""
    seen: set[int] = set()
    stack: list[tuple[str, object]] = [(name, root)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, _PLAIN) or id(value) in seen:
            continue
        seen.add(id(value))
        yield path, value
        if attrs.has(type(value)):
            fields = [(f.name, getattr(value, f.name)) for f in attrs.fields(type(value))]
        elif isinstance(value, BaseModel):
            fields = [(field, getattr(value, field)) for field in type(value).model_fields]
        elif isinstance(value, dict | types.MappingProxyType):
            fields = [(f"[{key!r}]", item) for key, item in value.items()]
        elif isinstance(value, tuple | list | set | frozenset):
            fields = [(f"[{index}]", item) for index, item in enumerate(value)]
        else:
            fields = []
        stack += [
            (f"{path}{field}" if field.startswith("[") else f"{path}.{field}", item)
            for field, item in fields
        ]


def _mutable(root: object, name: str) -> list[str]:
    """Paths under ``root`` to anything that can be changed in place."""
    found = []
    for path, value in _reachable(root, name):
        if isinstance(value, list | dict | set | bytearray):
            found.append(f"{path}: {type(value).__name__}")
        elif isinstance(value, np.ndarray) and value.flags.writeable:
            found.append(f"{path}: writeable array")
        elif attrs.has(type(value)) and attrs.fields(type(value)):
            first = attrs.fields(type(value))[0].name
            try:
                setattr(value, first, getattr(value, first))
                found.append(f"{path}: {type(value).__name__} is not frozen")
            except attrs.exceptions.FrozenInstanceError:
                pass
        elif isinstance(value, BaseModel) and type(value).model_fields:
            first = next(iter(type(value).model_fields))
            try:
                setattr(value, first, getattr(value, first))
                found.append(f"{path}: {type(value).__name__} is not frozen")
            except ValidationError:
                pass
    return found


@pytest.fixture(scope="module")
def recs() -> Recommendations:
    return matcher.recommend(PROFILES[1], top_k=10)


def test_nothing_reachable_from_a_result_can_be_changed_in_place(recs: Recommendations) -> None:
    # The result, its query, the patient, the catalog with its encoded arrays, weights, rules.
    assert recs.query is not None
    assert _mutable(recs, "recs") == []
    paths = {path for path, _ in _reachable(recs, "recs")}
    for part in ("recs.query.catalog.encoded.strength", "recs.query.patient.biomarkers[0]"):
        assert part in paths


def test_nothing_reachable_from_the_catalog_or_default_weights_can_be_changed() -> None:
    assert _mutable(matcher.load_catalog(), "catalog") == []
    assert _mutable(DEFAULT_WEIGHTS, "weights") == []


def test_catalog_hospitals_and_claims_refuse_changes() -> None:
    catalog = matcher.load_catalog()
    hospital = catalog.hospitals[0]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        catalog.hospitals = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        catalog.hospitals[0] = hospital  # type: ignore[index]
    with pytest.raises(ValidationError, match="frozen"):
        hospital.name = "Changed"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        hospital.identity[0].quote = "Changed quote"  # type: ignore[misc]
    with pytest.raises(TypeError):
        hospital.strengths[0] = hospital.strengths[-1]  # type: ignore[index]
    with pytest.raises(TypeError):
        catalog.sources["new"] = catalog.sources[hospital.identity[0].source]  # type: ignore[index]
    with pytest.raises(TypeError):
        catalog.encoded.cancer_column["NEW"] = 0  # type: ignore[index]


def test_every_encoded_array_is_read_only() -> None:
    encoded = matcher.load_catalog().encoded
    arrays = [value for _, value in _reachable(encoded, "encoded") if isinstance(value, np.ndarray)]
    assert len(arrays) >= 15
    for array in arrays:
        with pytest.raises(ValueError, match="read-only"):
            array[...] = 0


def test_a_recommendation_and_its_parts_refuse_changes(recs: Recommendations) -> None:
    first = recs[0]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        first.score = 100.0  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        first.contributions[0].points = 99.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        first.reasons[0] = first.reasons[-1]  # type: ignore[index]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        recs.items = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        recs.items[0] = first  # type: ignore[index]
    with pytest.raises(TypeError):
        recs[0] = first  # type: ignore[index]
    with pytest.raises(TypeError):
        recs.weights["cancer_type_expertise"] = 0.0  # type: ignore[index]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        recs.excluded[0].reason = "changed"  # type: ignore[misc]


def test_the_patient_refuses_changes(recs: Recommendations) -> None:
    assert recs.query is not None
    patient = recs.query.patient
    assert isinstance(patient, Patient)
    with pytest.raises(ValidationError, match="frozen"):
        patient.age = 30  # type: ignore[misc]
    with pytest.raises(TypeError):
        patient.cities[0] = "Lhasa"  # type: ignore[index]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        patient.biomarkers[0].status = "negative"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        patient.cancer_type.code = "LUSC"  # type: ignore[misc]


def test_default_weights_refuse_changes() -> None:
    with pytest.raises(TypeError):
        DEFAULT_WEIGHTS.values["evidence"] = 100.0  # type: ignore[index]
    with pytest.raises(ValueError, match="read-only"):
        DEFAULT_WEIGHTS.vector()[0] = 100.0
