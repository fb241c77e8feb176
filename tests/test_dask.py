"""matcher.dask: the same long table as recommend_many, computed partition by partition."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from distributed import Client, LocalCluster

import matcher
import matcher.dask
from matcher import ProfileError, recommend_many
from matcher.synthetic import synthetic_catalog, synthetic_cohort_frame

CATALOG = synthetic_catalog(200, seed=21)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """A small in-process cluster: two workers of one thread each, closed after the tests (its
    dashboard on any free port: another cluster on the machine may hold 8787)."""
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _profiles(n: int, *, partitions: int, seed: int = 0, invalid: float = 0.0) -> pd.DataFrame:
    frame = synthetic_cohort_frame(n, seed=seed, invalid_fraction=invalid)
    frame.index = pd.RangeIndex(1000, 1000 + n)  # labels that are not positions
    return frame


def _to_dask(frame: pd.DataFrame, partitions: int) -> dd.DataFrame:
    # Object columns must stay objects: lists and mappings would otherwise become text.
    with dask.config.set({"dataframe.convert-string": False}):
        return dd.from_pandas(frame, npartitions=partitions)


def _single_machine(frame: pd.DataFrame, **options: object) -> pd.DataFrame:
    expected = recommend_many(frame, **options).to_frame()  # type: ignore[arg-type]
    expected["patient"] = frame.index.to_numpy()[expected["patient"]]
    return expected


def test_the_cluster_gives_the_same_table_as_one_machine(client: Client) -> None:
    frame = _profiles(300, partitions=4, seed=1)
    table = matcher.dask.recommend_many(_to_dask(frame, 4), top_k=4, catalog=CATALOG)
    found = table.compute().reset_index(drop=True)
    expected = _single_machine(frame, top_k=4, catalog=CATALOG)
    pd.testing.assert_frame_equal(found, expected)


def test_the_declared_meta_matches_what_partitions_return(client: Client) -> None:
    frame = _profiles(40, partitions=2, seed=2)
    table = matcher.dask.recommend_many(_to_dask(frame, 2))
    computed = table.compute()
    assert list(table.columns) == ["patient", "rank", "hospital_id", "score"]
    assert dict(table.dtypes) == dict(computed.dtypes)


def test_a_scattered_catalog_is_used_as_it_is(client: Client) -> None:
    frame = _profiles(60, partitions=3, seed=3)
    future = client.scatter(CATALOG, broadcast=True)
    table = matcher.dask.recommend_many(_to_dask(frame, 3), catalog=future).compute()
    pd.testing.assert_frame_equal(
        table.reset_index(drop=True), _single_machine(frame, catalog=CATALOG)
    )


def test_an_invalid_row_raises_with_its_index_label(client: Client) -> None:
    frame = _profiles(10, partitions=2, seed=4)
    frame.loc[1007, "age"] = 130
    table = matcher.dask.recommend_many(_to_dask(frame, 2))
    with pytest.raises(ProfileError, match="row 1007") as caught:
        table.compute()
    assert caught.value.field == "age"


def test_collected_errors_leave_the_row_out_and_are_listed_with_their_labels(
    client: Client,
) -> None:
    frame = _profiles(80, partitions=3, seed=5, invalid=0.1)
    ddf = _to_dask(frame, 3)
    table = matcher.dask.recommend_many(ddf, errors="collect").compute()
    expected = _single_machine(frame, errors="collect")
    pd.testing.assert_frame_equal(table.reset_index(drop=True), expected)
    problems = matcher.dask.profile_errors(ddf).compute()
    single = recommend_many(frame, errors="collect").errors
    assert sorted(set(problems["patient"])) == sorted(frame.index[row] for row in single)
    assert set(problems["field"]) <= {"cancer_type", "stage", "age", "ecog", "cities[0]"} | {
        "tcm_preference"
    }


def test_a_catalog_enters_the_task_graph_once_for_all_partitions() -> None:
    ddf = _to_dask(_profiles(30, partitions=3, seed=7), 3)
    graph = dict(matcher.dask.recommend_many(ddf, catalog=CATALOG).__dask_graph__())
    holders = [key for key in graph if str(key[0]).startswith("matcher-catalog-")]
    assert len(holders) == 1
    ranking = [task for key, task in graph.items() if str(key[0]).startswith("_rank_partition")]
    assert len(ranking) == 3
    assert all(holders[0] in task.dependencies for task in ranking)


def test_lists_turned_into_text_are_refused_with_the_setting_to_change() -> None:
    frame = pd.DataFrame({"cancer_type": ["NPC"], "cities": [["Guangzhou"]]})
    with dask.config.set({"dataframe.convert-string": True}):
        ddf = dd.from_pandas(frame, npartitions=1)
    with pytest.raises(TypeError, match="convert-string"):
        matcher.dask.recommend_many(ddf)


def test_only_a_dask_data_frame_is_accepted() -> None:
    with pytest.raises(TypeError, match="Dask DataFrame"):
        matcher.dask.recommend_many(pd.DataFrame({"cancer_type": ["NPC"]}))  # type: ignore[arg-type]


def test_scores_are_the_engines_to_the_last_bit(client: Client) -> None:
    frame = _profiles(50, partitions=2, seed=6)
    table = matcher.dask.recommend_many(_to_dask(frame, 2), top_k=2).compute()
    first = table[table["rank"] == 1].set_index("patient")["score"]
    for label, score in first.items():
        expected = matcher.recommend(
            {k: v for k, v in frame.loc[label].items() if v is not None and v == v}, top_k=1
        )
        assert np.float64(score) == expected[0].score


def _parquet_frame(n: int, seed: int) -> pd.DataFrame:
    """A synthetic cohort as it can be stored in Parquet: biomarkers as mappings only (a
    Parquet column holds one type; list-form biomarkers are left out here)."""
    frame = _profiles(n, partitions=1, seed=seed)
    frame["biomarkers"] = [m if isinstance(m, dict) else None for m in frame["biomarkers"]]
    # prior_therapies in its one mapping form (lines and therapies): a Parquet struct.
    frame["prior_therapies"] = [
        {"lines": None, "therapies": v} if isinstance(v, list) else v
        for v in frame["prior_therapies"]
    ]
    return frame


def _write_parquet(frame: pd.DataFrame, directory: Path, files: int) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = frame.rename_axis("patient_id")  # stored as a column: the labels travel along
    schema = pa.Schema.from_pandas(frame, preserve_index=True).set(
        frame.columns.get_loc("biomarkers"),
        pa.field("biomarkers", pa.map_(pa.string(), pa.string())),
    )
    directory.mkdir()
    for number, part in enumerate(np.array_split(np.arange(len(frame)), files)):
        chunk = frame.iloc[part]
        table = pa.Table.from_pandas(chunk, schema=schema, preserve_index=True)
        pq.write_table(table, directory / f"part-{number}.parquet")


def test_a_parquet_cohort_gives_the_same_table_as_recommend_many(
    client: Client, tmp_path: Path
) -> None:
    frame = _parquet_frame(240, seed=11)
    _write_parquet(frame, tmp_path / "profiles", files=3)
    matcher.dask.recommend_parquet(
        str(tmp_path / "profiles"), str(tmp_path / "ranked"), top_k=3, catalog=CATALOG
    )
    found = pd.read_parquet(tmp_path / "ranked").reset_index(drop=True)
    expected = _single_machine(frame, top_k=3, catalog=CATALOG)
    assert len(list((tmp_path / "ranked").glob("*.parquet"))) == 3  # one file per partition
    pd.testing.assert_frame_equal(found, expected, check_dtype=False)
    assert found["patient"].tolist() == expected["patient"].tolist()  # labels, not positions


def _chain(error: BaseException) -> list[BaseException]:
    found, todo = [], [error]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    return found


@pytest.mark.parametrize("scheduler", ["dask.distributed", "synchronous"])
@pytest.mark.parametrize("source", ["dataframe", "parquet"])
def test_a_row_error_carries_no_copy_of_the_profile(
    client: Client, tmp_path: Path, source: str, scheduler: str
) -> None:
    # The cluster sends the error back pickled, which drops its chain; the synchronous
    # scheduler raises it as the partition raised it, chain included.
    secret = "Zhang Wei 13800138000"
    frame = _parquet_frame(12, seed=12)
    # An unknown field (named in the error, never quoted) and a refused age, in one row.
    frame["notes"] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    frame.loc[1005, "notes"] = secret
    frame.loc[1005, "age"] = 130
    if source == "parquet":
        _write_parquet(frame, tmp_path / "profiles", files=2)
        compute = lambda: matcher.dask.recommend_parquet(  # noqa: E731
            str(tmp_path / "profiles"), str(tmp_path / "ranked")
        )
    else:
        compute = _to_dask(frame, 2).pipe(matcher.dask.recommend_many).compute
    with (
        dask.config.set(scheduler=scheduler),
        pytest.raises(ProfileError, match="row 1005") as caught,
    ):
        compute()
    for error in _chain(caught.value):
        assert error is caught.value or not isinstance(error, ProfileError | ValueError), error
        texts = [str(error), repr(error.args), *map(repr, vars(error).values())]
        assert not any(secret in text for text in texts), type(error)
    assert caught.value.__context__ is None and caught.value.__cause__ is None
