"""City resolution: coverage, what people type, what is refused, and the checks on the file."""

from __future__ import annotations

import json
from typing import Any

import attrs
import hypothesis.strategies as st
import pytest
from hypothesis import given

from matcher.common._errors import CatalogError, ProfileError
from matcher.profile._cities import ACCEPTED, City, city_named, known_cities, resolve_city
from matcher.profile._cities_table import cities_table as _table
from matcher.profile._cities_table import load as _load

REQUIRED = (
    "Beijing",
    "Shanghai",
    "Guangzhou",
    "Shenzhen",
    "Tianjin",
    "Chongqing",
    "Chengdu",
    "Hangzhou",
    "Nanjing",
    "Wuhan",
    "Xi'an",
    "Jinan",
    "Qingdao",
    "Harbin",
    "Changchun",
    "Shenyang",
    "Dalian",
    "Shijiazhuang",
    "Zhengzhou",
    "Taiyuan",
    "Hohhot",
    "Hefei",
    "Fuzhou",
    "Xiamen",
    "Nanchang",
    "Changsha",
    "Nanning",
    "Haikou",
    "Qionghai",
    "Sanya",
    "Guiyang",
    "Kunming",
    "Lhasa",
    "Lanzhou",
    "Wuwei",
    "Xining",
    "Yinchuan",
    "Urumqi",
    "Suzhou",
    "Wuxi",
    "Ningbo",
    "Wenzhou",
    "Foshan",
    "Dongguan",
    "Zhuhai",
    "Shantou",
    "Zibo",
    "Yantai",
    "Luoyang",
    "Langfang",
    "Cangzhou",
    "Tangshan",
    "Baoding",
    "Hong Kong",
    "Macau",
)

#: Capitals of the provinces and autonomous regions, the municipalities, and the SARs.
PROVINCIAL_CAPITALS = {
    "Beijing": "Beijing",
    "Shanghai": "Shanghai",
    "Tianjin": "Tianjin",
    "Chongqing": "Chongqing",
    "Shijiazhuang": "Hebei",
    "Taiyuan": "Shanxi",
    "Hohhot": "Inner Mongolia",
    "Shenyang": "Liaoning",
    "Changchun": "Jilin",
    "Harbin": "Heilongjiang",
    "Nanjing": "Jiangsu",
    "Hangzhou": "Zhejiang",
    "Hefei": "Anhui",
    "Fuzhou": "Fujian",
    "Nanchang": "Jiangxi",
    "Jinan": "Shandong",
    "Zhengzhou": "Henan",
    "Wuhan": "Hubei",
    "Changsha": "Hunan",
    "Guangzhou": "Guangdong",
    "Nanning": "Guangxi",
    "Haikou": "Hainan",
    "Chengdu": "Sichuan",
    "Guiyang": "Guizhou",
    "Kunming": "Yunnan",
    "Lhasa": "Tibet",
    "Xi'an": "Shaanxi",
    "Lanzhou": "Gansu",
    "Xining": "Qinghai",
    "Yinchuan": "Ningxia",
    "Urumqi": "Xinjiang",
    "Hong Kong": "Hong Kong SAR",
    "Macau": "Macau SAR",
}
SUB_PROVINCIAL = (
    "Guangzhou",
    "Wuhan",
    "Harbin",
    "Shenyang",
    "Chengdu",
    "Nanjing",
    "Xi'an",
    "Changchun",
    "Jinan",
    "Hangzhou",
    "Dalian",
    "Qingdao",
    "Ningbo",
    "Xiamen",
    "Shenzhen",
)


# --- coverage ---------------------------------------------------------------------------------


def test_table_covers_every_provincial_capital_with_its_province() -> None:
    for name, province in PROVINCIAL_CAPITALS.items():
        assert city_named(name).province == province


def test_table_covers_every_sub_provincial_city_and_the_required_cities() -> None:
    names = {city.name for city in known_cities()}
    assert set(SUB_PROVINCIAL) <= names
    assert set(REQUIRED) <= names


def test_table_has_at_least_120_cities_with_chinese_names() -> None:
    cities = known_cities()
    assert len(cities) >= 120
    assert all(city.name_zh and not city.name_zh.isascii() for city in cities)
    assert len({city.name for city in cities}) == len(cities)


# --- worked examples --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("Beijing", "Beijing"),
        ("beijing", "Beijing"),
        (" BEIJING ", "Beijing"),
        ("Peking", "Beijing"),
        ("Peiping", "Beijing"),
        ("北京", "Beijing"),
        ("北京市", "Beijing"),
        ("Beijing Shi", "Beijing"),
        ("Beijing City", "Beijing"),
        ("Beijing Municipality", "Beijing"),
        ("xian", "Xi'an"),
        ("Xi'an", "Xi'an"),
        ("XI AN", "Xi'an"),
        ("Xī'ān", "Xi'an"),
        ("Sian", "Xi'an"),
        ("西安市", "Xi'an"),
        ("Canton", "Guangzhou"),
        ("Kwangchow", "Guangzhou"),
        ("廣州", "Guangzhou"),
        ("Amoy", "Xiamen"),
        ("廈門", "Xiamen"),
        ("Nanking", "Nanjing"),
        ("Tientsin", "Tianjin"),
        ("Chungking", "Chongqing"),
        ("Hangchow", "Hangzhou"),
        ("Mukden", "Shenyang"),
        ("瀋陽", "Shenyang"),
        ("Soochow", "Suzhou"),
        ("Tsingtao", "Qingdao"),
        ("Hankow", "Wuhan"),
        ("汉口", "Wuhan"),
        ("Boao", "Qionghai"),
        ("Bo'ao", "Qionghai"),
        ("博鳌", "Qionghai"),
        ("Boao Lecheng", "Qionghai"),
        ("Ürümqi", "Urumqi"),
        ("Urumqi", "Urumqi"),
        ("乌鲁木齐", "Urumqi"),
        ("Hong Kong", "Hong Kong"),
        ("hongkong", "Hong Kong"),
        ("HK", "Hong Kong"),
        ("Hong Kong SAR", "Hong Kong"),
        ("香港", "Hong Kong"),
        ("Kowloon", "Hong Kong"),
        ("Macau", "Macau"),
        ("Macao", "Macau"),
        ("澳門", "Macau"),
        ("澳门特别行政区", "Macau"),
        ("Wuwei", "Wuwei"),
        ("Jilin", "Jilin"),
        ("Jilin City", "Jilin"),
        ("吉林市", "Jilin"),
    ],
)
def test_city_names_resolve_in_any_common_spelling(value: str, name: str) -> None:
    assert resolve_city(value).name == name


@pytest.mark.parametrize(
    ("value", "name", "province"),
    [
        ("Suzhou", "Suzhou", "Jiangsu"),
        ("苏州", "Suzhou", "Jiangsu"),
        ("Suzhou, Jiangsu", "Suzhou", "Jiangsu"),
        ("江苏省苏州市", "Suzhou", "Jiangsu"),
        ("宿州", "Suzhou, Anhui", "Anhui"),
        ("Suzhou, Anhui", "Suzhou, Anhui", "Anhui"),
        ("Suzhou Anhui Province", "Suzhou, Anhui", "Anhui"),
        ("安徽宿州", "Suzhou, Anhui", "Anhui"),
        ("Fuzhou", "Fuzhou", "Fujian"),
        ("Fuzhou, Jiangxi", "Fuzhou, Jiangxi", "Jiangxi"),
        ("抚州", "Fuzhou, Jiangxi", "Jiangxi"),
        ("Taizhou, Zhejiang", "Taizhou, Zhejiang", "Zhejiang"),
        ("台州", "Taizhou, Zhejiang", "Zhejiang"),
        ("浙江台州", "Taizhou, Zhejiang", "Zhejiang"),
        ("Taizhou, Jiangsu", "Taizhou, Jiangsu", "Jiangsu"),
        ("泰州", "Taizhou, Jiangsu", "Jiangsu"),
        ("Yulin, Shaanxi", "Yulin, Shaanxi", "Shaanxi"),
        ("玉林", "Yulin, Guangxi", "Guangxi"),
        ("Hangzhou, Zhejiang", "Hangzhou", "Zhejiang"),
        ("Guangzhou, Guangdong Province", "Guangzhou", "Guangdong"),
        ("广东省广州市", "Guangzhou", "Guangdong"),
    ],
)
def test_cities_sharing_a_pinyin_name_are_told_apart(value: str, name: str, province: str) -> None:
    city = resolve_city(value)
    assert (city.name, city.province) == (name, province)


def test_city_named_wants_the_exact_canonical_name() -> None:
    assert city_named("Xi'an").name_zh == "西安"
    with pytest.raises(KeyError, match="xian"):
        city_named("xian")
    with pytest.raises(KeyError):
        city_named("Atlantis")


def test_city_is_frozen_and_prints_its_name() -> None:
    city = resolve_city("Peking")
    assert str(city) == "Beijing"
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        city.name = "Peking"  # type: ignore[misc]


def test_table_is_loaded_once() -> None:
    assert _table() is _table()
    assert known_cities() is known_cities()


# --- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "problem", "suggestions"),
    [
        ("Taizhou", "names more than one city", ("Taizhou, Zhejiang", "Taizhou, Jiangsu")),
        ("taizhou city", "names more than one city", ("Taizhou, Zhejiang", "Taizhou, Jiangsu")),
        ("Yulin", "names more than one city", ("Yulin, Guangxi", "Yulin, Shaanxi")),
        ("Guangdong", "is a province (Guangdong)", ("Guangzhou",)),
        ("广东省", "is a province (Guangdong)", ("Guangzhou",)),
        ("Guangdong Province", "is a province (Guangdong)", ("Guangzhou",)),
        ("Jilin Province", "is a province (Jilin)", ("Changchun",)),
        ("吉林省", "is a province (Jilin)", ("Changchun",)),
        ("Inner Mongolia", "is a province (Inner Mongolia)", ("Hohhot",)),
        ("Tibet", "is a province (Tibet)", ("Lhasa",)),
        ("Xinjiang Uyghur Autonomous Region", "is a province (Xinjiang)", ("Urumqi",)),
        ("China", "is a country", ()),
        ("People's Republic of China", "is a country", ()),
        ("中国", "is a country", ()),
        ("Taipei", "in Taiwan", ()),
        ("臺北", "in Taiwan", ()),
        ("Kaohsiung", "in Taiwan", ()),
        ("Taiwan", "in Taiwan", ()),
        ("London", "is not a city matcher knows", ()),
        ("Shenzen", "is not a city matcher knows", ("Shenzhen",)),
        ("", "is empty", ()),
        ("  ,  ", "is empty", ()),
        (42, "of type int", ()),
        (None, "of type NoneType", ()),
        (["Beijing"], "of type list", ()),
        (b"Beijing", "of type bytes", ()),
    ],
)
def test_what_is_not_a_known_city_raises_profile_error_saying_why(
    value: object, problem: str, suggestions: tuple[str, ...]
) -> None:
    with pytest.raises(ProfileError) as raised:
        resolve_city(value)
    error = raised.value
    assert (error.field, error.value, error.accepted) == ("cities", value, ACCEPTED)
    assert problem in error.problems[0].problem
    assert error.suggestions == suggestions


def test_misspelt_cities_suggest_the_closest_canonical_names() -> None:
    with pytest.raises(ProfileError) as raised:
        resolve_city("Hangzou")
    assert raised.value.suggestions[0] == "Hangzhou"
    with pytest.raises(ProfileError) as raised:
        resolve_city("Bejing")
    assert raised.value.suggestions[0] == "Beijing"


def test_suggestions_for_ambiguous_and_province_names_resolve() -> None:
    for value in ("Taizhou", "Yulin", "Guangdong", "Shaanxi", "Jilin Province"):
        with pytest.raises(ProfileError) as raised:
            resolve_city(value)
        for suggestion in raised.value.suggestions:
            assert resolve_city(suggestion).name == suggestion


# --- properties -------------------------------------------------------------------------------


@pytest.mark.parametrize("city", known_cities(), ids=lambda city: city.name)
def test_every_city_resolves_from_its_name_chinese_name_and_every_variant(city: City) -> None:
    assert resolve_city(city.name) == city
    assert resolve_city(city.name_zh) == city
    assert resolve_city(city.name_zh + "市") == city
    assert resolve_city(f"{city.name} City") == city
    for variant in city.variants:
        assert resolve_city(variant) == city
    if city.province not in (city.name, "Hong Kong SAR", "Macau SAR"):
        base = city.name.removesuffix(f", {city.province}")
        assert resolve_city(f"{base}, {city.province}") == city


@st.composite
def respelt_cities(draw: st.DrawFn) -> tuple[City, str]:
    """A known city with one of its spellings re-cased and re-spaced."""
    city = draw(st.sampled_from(known_cities()))
    spelling = draw(st.sampled_from([city.name, *city.variants]))
    respelt = ""
    for char in spelling:
        respelt += draw(st.sampled_from([char.lower(), char.upper()]))
        respelt += draw(st.sampled_from(["", "", "", " ", "-", "'"]))
    return city, respelt


@given(respelt_cities())
def test_case_spacing_and_punctuation_do_not_change_the_city(drawn: tuple[City, str]) -> None:
    city, respelt = drawn
    assert resolve_city(respelt) == city


_ANYTHING = st.one_of(
    st.text(),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz '-,", max_size=20),
    st.sampled_from([c.name for c in known_cities()]).map(lambda name: name + "x"),
    st.integers(),
    st.floats(),
    st.none(),
    st.booleans(),
    st.lists(st.text(max_size=5), max_size=3),
)


@given(_ANYTHING)
def test_any_input_gives_a_city_or_a_profile_error(value: object) -> None:
    try:
        city = resolve_city(value)
    except ProfileError as error:
        assert error.field == "cities"
        assert error.accepted == ACCEPTED
    else:
        assert city in known_cities()


# --- the file's checks ------------------------------------------------------------------------


def _document(**changes: Any) -> str:
    document: dict[str, Any] = {
        "kind": "matcher.cities",
        "schema_version": 1,
        "data_version": "test",
        "updated": "2026-01-01",
        "cities": [
            {"name": "Xi'an", "province": "Shaanxi", "name_zh": "西安", "variants": ["Sian"]},
            {"name": "Guangzhou", "province": "Guangdong", "name_zh": "广州", "variants": []},
        ],
        "provinces": [
            {"name": "Shaanxi", "name_zh": "陕西", "capital": "Xi'an", "variants": []},
        ],
    }
    document.update(changes)
    return json.dumps(document, ensure_ascii=False)


def test_a_well_formed_document_loads() -> None:
    table = _load(_document())
    assert [city.name for city in table.cities] == ["Xi'an", "Guangzhou"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {
                "cities": [
                    {"name": "Xi'an", "province": "Shaanxi", "name_zh": "西安"},
                    {"name": "Xian", "province": "Hunan", "name_zh": "咸安"},
                ]
            },
            "both fold to 'xian'",
        ),
        (
            {
                "cities": [
                    {
                        "name": "Xi'an",
                        "province": "Shaanxi",
                        "name_zh": "西安",
                        "variants": ["Sian"],
                    },
                    {
                        "name": "Guangzhou",
                        "province": "Guangdong",
                        "name_zh": "广州",
                        "variants": ["SIAN"],
                    },
                ]
            },
            "both fold to 'sian'",
        ),
        (
            {
                "cities": [
                    {
                        "name": "Xi'an",
                        "province": "Shaanxi",
                        "name_zh": "西安",
                        "variants": ["XIAN"],
                    }
                ]
            },
            "redundant",
        ),
        (
            {
                "cities": [
                    {"name": "Xi'an", "province": "Shaanxi", "name_zh": "西安"},
                    {"name": "Xi'an", "province": "Shaanxi", "name_zh": "长安"},
                ]
            },
            "two cities are named",
        ),
        ({"ambiguous": [{"name": "Xian", "cities": ["Xi'an", "Guangzhou"]}]}, "fold to 'xian'"),
        ({"ambiguous": [{"name": "Foo", "cities": ["Xi'an", "Atlantis"]}]}, "'Atlantis' is not"),
        (
            {"provinces": [{"name": "Shaanxi", "name_zh": "陕西", "capital": "Baoji"}]},
            "capital 'Baoji' is not",
        ),
        (
            {"not_cities": [{"name": "Canton", "reason": "country", "variants": ["广州"]}]},
            "fold to '广州'",
        ),
        ({"kind": "matcher.catalog"}, "expected 'matcher.cities'"),
        ({"schema_version": 2}, "schema_version 2 is not supported (supported: 1)"),
        ({"cities": []}, "cities"),
        ({"surprise": True}, "surprise"),
    ],
)
def test_an_inconsistent_document_fails_to_load_naming_the_file_and_the_problem(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(CatalogError) as raised:
        _load(_document(**changes))
    assert raised.value.file == "cities.json"
    assert message in str(raised.value)


def test_a_document_that_is_not_json_fails_to_load() -> None:
    with pytest.raises(CatalogError, match="not valid JSON"):
        _load("{")
    with pytest.raises(CatalogError, match="JSON object"):
        _load("[]")
