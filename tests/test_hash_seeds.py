"""Issue 15, item 2: the whole of ``to_json()`` is the same under any PYTHONHASHSEED (ties between
narrower cancer types used to be broken in the order of a frozenset)."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import json, matcher
profiles = [
    {"cancer_type": "esophageal cancer"},
    {"cancer_type": "ALL", "age": 9},
    {"cancer_type": "lymphoid neoplasm"},
    {"cancer_type": "NSCLC", "stage": "IV", "biomarkers": {"EGFR": "L858R", "PD-L1": "TPS 60%"},
     "cities": ["Shanghai", "Beijing"], "therapies_sought": ["proton", "immunotherapy"]},
    {"cancer_type": "AML", "stage": "II", "tcm_preference": "avoid"},
    {"cancer_type": "breast cancer", "biomarkers": ["ER+/PR+/HER2-"], "city_mode": "only",
     "cities": ["Guangzhou"]},
]
out = [matcher.recommend(p, top_k=10).to_json() for p in profiles]
print(json.dumps(out, sort_keys=True))
"""


def test_to_json_is_the_same_under_every_hash_seed() -> None:
    outputs = set()
    for seed in ("0", "1", "2", "123", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
