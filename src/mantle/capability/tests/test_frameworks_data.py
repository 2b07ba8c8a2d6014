"""The shipped framework and crosswalk files, and the loader's precise error messages."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from mantle.capability.frameworks import (
    FrameworkDataError,
    FrameworkSpec,
    load_crosswalk_file,
    load_framework_file,
    parse_crosswalk,
    parse_framework,
    shipped_crosswalks,
    shipped_frameworks,
)


def _by_key() -> dict[str, FrameworkSpec]:
    return {framework.key: framework for framework in shipped_frameworks()}


def minimal_framework() -> dict[str, Any]:
    """A small valid leadership framework that tests break one field at a time."""
    return {
        "key": "demo",
        "name": "Demo framework",
        "version": "1.0",
        "kind": "leadership",
        "citation": {"publisher": "Mantle", "title": "Demo", "year": 2026, "version": "1.0"},
        "scale": {
            "points": [
                {"value": 1, "label": "Low", "description": "Rarely seen."},
                {"value": 2, "label": "High", "description": "Often seen."},
            ]
        },
        "rates_importance": False,
        "rater_groups": ["self", "peer"],
        "groups": [],
        "dimensions": [
            {
                "key": "alpha",
                "name": "Alpha",
                "group": None,
                "description": "First dimension.",
                "statements": [
                    {"key": "alpha.1", "text": "Does one thing."},
                    {"key": "alpha.2", "text": "Does another thing."},
                    {"key": "alpha.3", "text": "Does a third thing."},
                ],
            },
            {
                "key": "beta",
                "name": "Beta",
                "group": None,
                "description": "Second dimension.",
                "statements": [
                    {"key": "beta.1", "text": "Does one thing."},
                    {"key": "beta.2", "text": "Does another thing."},
                    {"key": "beta.3", "text": "Does a third thing."},
                ],
            },
        ],
    }


def error_of(data: Any) -> FrameworkDataError:
    with pytest.raises(FrameworkDataError) as caught:
        parse_framework(data=data, source="broken.json")
    return caught.value


# --- shipped frameworks -----------------------------------------------------------------------


def test_the_four_shipped_frameworks_load_with_unique_key_and_version():
    # Given the package's JSON files
    # When they are loaded
    frameworks = shipped_frameworks()
    # Then the four frameworks are there, each (key, version) once
    assert [f.ref for f in frameworks] == ["clcf@2011", "hlm@1.0", "lcf@2024-02", "mpi@1.0"]


def test_hlm_has_nine_dimensions_the_four_point_scale_and_rates_importance():
    hlm = _by_key()["hlm"]
    assert [d.name for d in hlm.dimensions] == [
        "Inspiring shared purpose",
        "Leading with care",
        "Evaluating information",
        "Connecting our service",
        "Sharing the vision",
        "Engaging the team",
        "Holding to account",
        "Developing capability",
        "Influencing for results",
    ]
    assert [(p.value, p.label) for p in hlm.scale.points] == [
        (1, "Essential"),
        (2, "Proficient"),
        (3, "Strong"),
        (4, "Exemplary"),
    ]
    assert hlm.rates_importance is True
    assert hlm.importance_scale is not None
    assert hlm.citation.publisher == "NHS Leadership Academy"
    assert (hlm.citation.year, hlm.citation.version) == (2013, "1.0")
    assert hlm.rater_groups == ("self", "line_manager", "peer", "direct_report", "other")


def test_lcf_has_six_domains_and_a_not_applicable_point_outside_the_values():
    lcf = _by_key()["lcf"]
    assert len(lcf.dimensions) == 6
    assert lcf.dimensions[2].name.startswith("Promoting equality and inclusion")
    labels = {p.value: p.label for p in lcf.scale.points}
    assert labels == {4: "Almost always", 3: "Frequently", 2: "Occasionally", 1: "Rarely or never"}
    assert lcf.scale.not_applicable is not None
    assert lcf.scale.not_applicable.label == "No chance to demonstrate"
    assert (lcf.citation.publisher, lcf.citation.version) == ("NHS England", "February 2024")


def test_clcf_has_five_domains_of_four_elements_including_managing_services():
    clcf = _by_key()["clcf"]
    assert len(clcf.groups) == 5
    assert all(len(clcf.dimensions_in_group(g.key)) == 4 for g in clcf.groups)
    managing = [d.name for d in clcf.dimensions_in_group("managing_services")]
    assert managing == ["Planning", "Managing resources", "Managing people", "Managing performance"]
    assert len(clcf.scale.points) == 4


def test_management_practice_instrument_has_the_four_areas_scored_one_to_five_with_anchors():
    mpi = _by_key()["mpi"]
    assert mpi.kind == "management_practice"
    assert [g.key for g in mpi.groups] == ["operations", "monitoring", "targets", "talent"]
    sizes = {g.key: len(mpi.dimensions_in_group(g.key)) for g in mpi.groups}
    assert sizes == {"operations": 4, "monitoring": 5, "targets": 5, "talent": 6}
    assert mpi.scale.values == (1, 2, 3, 4, 5)
    assert all([a.value for a in d.anchors] == [1, 3, 5] for d in mpi.dimensions)
    assert mpi.rater_groups == ("panel",)
    assert mpi.citation.basis is not None
    assert "World Management Survey" in mpi.citation.basis


def test_every_shipped_dimension_has_three_to_five_statements_with_unique_stable_keys():
    for framework in shipped_frameworks():
        keys = [s.key for d in framework.dimensions for s in d.statements]
        assert len(keys) == len(set(keys)), framework.ref
        for dimension in framework.dimensions:
            assert 3 <= len(dimension.statements) <= 5, dimension.key
            # Stable keys are namespaced by their dimension so that reordering never renames them.
            assert all(s.key.startswith(f"{dimension.key}.") for s in dimension.statements)


def test_shipped_texts_are_not_duplicated_within_a_framework():
    # Copy-paste between statements is the usual sign of a placeholder.
    for framework in shipped_frameworks():
        texts = [s.text for d in framework.dimensions for s in d.statements]
        texts += [d.description for d in framework.dimensions]
        assert len(texts) == len(set(texts)), framework.ref


def test_shipped_crosswalks_cover_both_sides_with_primary_and_secondary_links():
    crosswalks = {(c.source.ref, c.target.ref): c for c in shipped_crosswalks()}
    hlm_lcf = crosswalks[("hlm@1.0", "lcf@2024-02")]
    clcf_hlm = crosswalks[("clcf@2011", "hlm@1.0")]
    assert clcf_hlm.source.level == "group"
    assert {link.source_key for link in hlm_lcf.links} == {
        d.key for d in _by_key()["hlm"].dimensions
    }
    assert {link.strength for link in hlm_lcf.links} == {"primary", "secondary"}
    assert all(link.rationale for link in clcf_hlm.links)
    assert [link.target_key for link in hlm_lcf.targets_of("sharing_the_vision")] == [
        "setting_strategy"
    ]


# --- loader errors ----------------------------------------------------------------------------


def test_the_minimal_fixture_is_valid():
    spec = parse_framework(data=minimal_framework(), source="ok.json")
    assert spec.ref == "demo@1.0"
    assert spec.dimension_of_statement["beta.2"] == "beta"


def test_a_duplicate_statement_key_names_both_locations():
    data = minimal_framework()
    data["dimensions"][1]["statements"][2]["key"] = "alpha.1"
    error = error_of(data)
    assert str(error) == (
        "broken.json: dimensions[1].statements[2].key: statement key 'alpha.1' is already used "
        "at dimensions[0].statements[0].key"
    )


def test_a_missing_field_is_named():
    data = minimal_framework()
    del data["dimensions"][0]["description"]
    assert str(error_of(data)) == "broken.json: dimensions[0]: missing required field 'description'"


def test_a_misspelt_field_is_rejected_not_ignored():
    data = minimal_framework()
    data["dimensions"][0]["statments"] = []
    error = error_of(data)
    assert error.location == "dimensions[0].statments"
    assert error.problem.startswith("unexpected field")


def test_too_few_statements_is_rejected():
    data = minimal_framework()
    data["dimensions"][0]["statements"].pop()
    assert str(error_of(data)) == (
        "broken.json: dimensions[0].statements: has 2 items; at least 3 required"
    )


def test_six_statements_is_rejected():
    data = minimal_framework()
    statements = data["dimensions"][0]["statements"]
    statements += [{"key": f"alpha.{i}", "text": f"Extra {i}."} for i in range(4, 7)]
    assert error_of(data).problem == "has 6 items; at most 5 allowed"


def test_scale_values_must_ascend():
    data = minimal_framework()
    data["scale"]["points"][1]["value"] = 1
    error = error_of(data)
    assert (error.location, error.problem) == (
        "scale.points[1].value",
        "scale values must ascend; 1 follows 1",
    )


def test_a_true_is_not_accepted_as_a_scale_value():
    data = minimal_framework()
    data["scale"]["points"][0]["value"] = True
    assert error_of(data).problem == "expected an integer, found a boolean"


def test_rating_importance_needs_an_importance_scale():
    data = minimal_framework()
    data["rates_importance"] = True
    assert str(error_of(data)) == (
        "broken.json: importance_scale: required because rates_importance is true"
    )


def test_a_dimension_must_name_a_declared_group():
    data = minimal_framework()
    data["groups"] = [{"key": "area", "name": "Area", "description": "An area."}]
    data["dimensions"][0]["group"] = "area"
    data["dimensions"][1]["group"] = "aera"
    error = error_of(data)
    assert (error.location, error.problem) == (
        "dimensions[1].group",
        "'aera' is not a declared group (area)",
    )


def test_a_declared_group_without_dimensions_is_rejected():
    data = minimal_framework()
    data["groups"] = [
        {"key": "area", "name": "Area", "description": "An area."},
        {"key": "empty", "name": "Empty", "description": "No one here."},
    ]
    for dimension in data["dimensions"]:
        dimension["group"] = "area"
    assert str(error_of(data)) == "broken.json: groups[1].key: group 'empty' has no dimensions"


def test_a_leadership_framework_must_allow_self_rating():
    data = minimal_framework()
    data["rater_groups"] = ["peer"]
    assert error_of(data).problem == "a leadership framework must allow 'self'"


def test_an_unknown_rater_group_is_rejected():
    data = minimal_framework()
    data["rater_groups"] = ["self", "boss"]
    error = error_of(data)
    assert error.location == "rater_groups[1]"
    assert "'boss' is not one of" in error.problem


def test_management_practice_anchors_must_reach_the_top_of_the_scale():
    data = minimal_framework()
    data["kind"] = "management_practice"
    data["rater_groups"] = ["panel"]
    data["scale"]["points"].append({"value": 3, "label": "Top", "description": "Best."})
    for dimension in data["dimensions"]:
        dimension["anchors"] = [
            {"value": 1, "description": "Absent."},
            {"value": 2, "description": "Partial."},
            {"value": 3, "description": "Full."},
        ]
    parse_framework(data=copy.deepcopy(data), source="ok.json")
    data["dimensions"][1]["anchors"][2]["value"] = 2
    assert error_of(data).problem == "anchor values must ascend"
    data["dimensions"][1]["anchors"].pop()
    error = error_of(data)
    assert (error.location, error.problem) == (
        "dimensions[1].anchors",
        "has 2 items; at least 3 required",
    )


def test_a_leadership_dimension_cannot_carry_anchors():
    data = minimal_framework()
    data["dimensions"][0]["anchors"] = [{"value": 1, "description": "x"}]
    assert error_of(data).location == "dimensions[0].anchors"


def test_multiline_or_padded_text_is_rejected():
    data = minimal_framework()
    data["dimensions"][0]["statements"][0]["text"] = "Line one\nline two"
    assert error_of(data).problem == "must be a single line"
    data["dimensions"][0]["statements"][0]["text"] = " padded"
    assert error_of(data).problem == "must not start or end with whitespace"


def test_a_broken_file_on_disk_reports_the_file_name_and_json_position(tmp_path: Path):
    # Given a file with a trailing comma, the commonest hand-editing slip
    path = tmp_path / "hlm-9.9.json"
    path.write_text('{\n  "key": "hlm",\n}\n', encoding="utf-8")
    # When it is loaded
    with pytest.raises(FrameworkDataError) as caught:
        load_framework_file(path)
    # Then the message names the file and where parsing stopped
    assert caught.value.source == "hlm-9.9.json"
    assert caught.value.location == "line 3 column 1"
    assert caught.value.problem.startswith("not valid JSON")


def test_a_valid_file_on_disk_loads(tmp_path: Path):
    path = tmp_path / "demo-1.0.json"
    path.write_text(json.dumps(minimal_framework()), encoding="utf-8")
    assert load_framework_file(path).source == "demo-1.0.json"


# --- crosswalk errors -------------------------------------------------------------------------


def minimal_crosswalk() -> dict[str, Any]:
    return {
        "key": "demo_to_demo",
        "name": "Demo to itself",
        "from": {"framework": "demo", "version": "1.0", "level": "dimension"},
        "to": {"framework": "demo", "version": "1.0", "level": "dimension"},
        "links": [
            {"from": "alpha", "to": "beta", "strength": "primary", "rationale": "Close."},
            {"from": "beta", "to": "alpha", "strength": "secondary", "rationale": "Loose."},
        ],
    }


def crosswalk_error(data: Any) -> FrameworkDataError:
    demo = parse_framework(data=minimal_framework(), source="demo.json")
    with pytest.raises(FrameworkDataError) as caught:
        parse_crosswalk(data=data, source="cw.json", frameworks=[demo])
    return caught.value


def test_a_crosswalk_key_missing_from_the_named_framework_is_rejected():
    data = minimal_crosswalk()
    data["links"][0]["to"] = "gamma"
    assert str(crosswalk_error(data)) == (
        "cw.json: links[0].to: 'gamma' is not a dimension of demo@1.0"
    )


def test_a_crosswalk_naming_an_unloaded_version_is_rejected():
    data = minimal_crosswalk()
    data["to"]["version"] = "2.0"
    error = crosswalk_error(data)
    assert (error.location, error.problem) == (
        "to",
        "framework demo@2.0 is not loaded (known: demo@1.0)",
    )


def test_a_crosswalk_must_cover_every_key_on_both_sides():
    data = minimal_crosswalk()
    data["links"].pop()
    assert crosswalk_error(data).problem == "no link for from dimension(s) of demo@1.0: beta"


def test_a_crosswalk_link_is_given_once():
    data = minimal_crosswalk()
    data["links"].append(dict(data["links"][0]))
    assert crosswalk_error(data).problem == "link 'alpha -> beta' is already used at links[0]"


def test_a_crosswalk_cannot_link_groups_of_a_framework_without_groups():
    data = minimal_crosswalk()
    data["from"]["level"] = "group"
    assert crosswalk_error(data).problem == "demo@1.0 has no groups"


def test_a_shipped_crosswalk_fails_against_the_wrong_framework_version(tmp_path: Path):
    # Given the HLM↔LCF crosswalk and only a renamed copy of the HLM
    source = Path(__file__).parents[1] / "frameworks" / "crosswalks" / "hlm-1.0__lcf-2024-02.json"
    frameworks = [f for f in shipped_frameworks() if f.key != "lcf"]
    # When it is loaded, then it names the missing version
    with pytest.raises(FrameworkDataError) as caught:
        load_crosswalk_file(source, frameworks=frameworks)
    assert "lcf@2024-02 is not loaded" in caught.value.problem
