"""Frameworks as versioned data: loading, idempotence, immutability once used, new versions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from mantle.capability.frameworks import shipped_frameworks
from mantle.capability.models import Crosswalk, FrameworkVersion
from mantle.capability.services import (
    FrameworkInUse,
    framework_version_create,
    framework_version_mark_used,
    frameworks_load_shipped,
)
from mantle.core.access import build_actor
from mantle.core.testing.factories import make_user

pytestmark = pytest.mark.django_db


def test_loading_stores_every_shipped_framework_and_crosswalk() -> None:
    # given an empty database
    # when the shipped frameworks are loaded
    summary = frameworks_load_shipped()
    # then each framework version and crosswalk is stored once, parsing back to the shipped spec
    assert sorted(summary.created) == sorted(s.ref for s in shipped_frameworks())
    assert FrameworkVersion.objects.count() == 4
    assert Crosswalk.objects.count() == 2
    hlm = FrameworkVersion.objects.get(framework__key="hlm")
    assert len(hlm.spec().dimensions) == 9
    assert hlm.spec().scale.values == (1, 2, 3, 4)
    assert Crosswalk.objects.get(key="hlm_1_0_to_lcf_2024_02").spec().links


def test_loading_twice_changes_nothing(capsys: Any) -> None:
    # given frameworks loaded once
    call_command("load_frameworks")
    # when loaded again
    summary = frameworks_load_shipped()
    # then nothing is created or refreshed
    assert summary.created == [] and summary.refreshed == []
    assert len(summary.unchanged) == 4
    assert FrameworkVersion.objects.count() == 4


def test_a_used_version_never_changes() -> None:
    # given a loaded version that has been used and whose stored text differs from the shipped file
    frameworks_load_shipped()
    hlm = FrameworkVersion.objects.get(framework__key="hlm")
    framework_version_mark_used(hlm)
    edited = dict(hlm.definition, name="Edited name")
    FrameworkVersion.objects.filter(pk=hlm.pk).update(definition=edited, checksum="x" * 64)
    # when the shipped files are loaded again
    # then loading refuses rather than overwrite what raters saw
    with pytest.raises(FrameworkInUse):
        frameworks_load_shipped()
    hlm.refresh_from_db()
    assert hlm.definition["name"] == "Edited name"


def test_an_unused_version_is_refreshed_from_the_shipped_file() -> None:
    # given an unused version whose stored text differs from the shipped file
    frameworks_load_shipped()
    lcf = FrameworkVersion.objects.get(framework__key="lcf")
    FrameworkVersion.objects.filter(pk=lcf.pk).update(
        definition=dict(lcf.definition, name="Old name"), checksum="y" * 64
    )
    # when loaded again
    summary = frameworks_load_shipped()
    # then the shipped text replaces it
    assert summary.refreshed == ["lcf@2024-02"]
    lcf.refresh_from_db()
    assert lcf.definition["name"] != "Old name"


def _edited(based_on: FrameworkVersion, **changes: Any) -> str:
    return json.dumps(dict(based_on.definition, **changes))


def test_an_administrator_publishes_a_new_version_leaving_the_old_intact() -> None:
    # given the shipped HLM and a system administrator
    frameworks_load_shipped()
    hlm = FrameworkVersion.objects.get(framework__key="hlm")
    admin = build_actor(make_user(username="root", superuser=True))
    # when they publish an edited copy as version 1.1
    created = framework_version_create(
        actor=admin, based_on=hlm, definition_text=_edited(hlm, version="1.1", name="HLM (local)")
    )
    # then both versions exist and the old one is unchanged
    assert created.version == "1.1" and created.based_on == hlm
    assert created.origin == FrameworkVersion.Origin.ADMINISTRATOR
    hlm.refresh_from_db()
    assert hlm.spec().name == "Healthcare Leadership Model"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"version": "1.0"}, "already exists"),
        ({"version": "2.0", "key": "other"}, "must stay"),
        ({"version": "2.0", "dimensions": []}, "dimensions"),
    ],
)
def test_a_new_version_must_pass_every_rule(changes: dict[str, Any], message: str) -> None:
    # given the shipped HLM and a system administrator
    frameworks_load_shipped()
    hlm = FrameworkVersion.objects.get(framework__key="hlm")
    admin = build_actor(make_user(username="root", superuser=True))
    # when they publish something that breaks a rule
    # then it is refused with the reason
    with pytest.raises(ValidationError, match=message):
        framework_version_create(actor=admin, based_on=hlm, definition_text=_edited(hlm, **changes))


def test_only_system_administrators_publish_versions() -> None:
    # given an HR administrator (not a system administrator)
    frameworks_load_shipped()
    hlm = FrameworkVersion.objects.get(framework__key="hlm")
    from mantle.core.testing.factories import OrganisationFactory

    org: Any = OrganisationFactory()
    hr = build_actor(make_user(username="hr", roles=[("hr_admin", org)]))
    # when they try to publish
    # then they are refused
    with pytest.raises(PermissionDenied):
        framework_version_create(actor=hr, based_on=hlm, definition_text=_edited(hlm, version="9"))


def test_invalid_json_is_refused() -> None:
    frameworks_load_shipped()
    hlm = FrameworkVersion.objects.get(framework__key="hlm")
    admin = build_actor(make_user(username="root", superuser=True))
    with pytest.raises(ValidationError, match="Not valid JSON"):
        framework_version_create(actor=admin, based_on=hlm, definition_text="{not json")
