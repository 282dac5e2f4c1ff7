"""Stable ids of a plan's activities and indicators (the follow-up names
them): derived the same at every read of a plan stored without them, kept
through export/import and when a commitment is refreshed from its mesa."""

from __future__ import annotations

import dataclasses
import json

import pytest

from exporters.plan_json import export_plan_json, parse_plan_json
from tests.workshops.test_plan import infoem_entry, seeded_plan
from workshops.errors import ValidationError
from workshops.plan import ITEM_ID, carry_ids
from workshops.plan_serialization import plan_from_dict, plan_to_dict


def without_ids(data: dict) -> dict:
    data = json.loads(json.dumps(data))
    for entry in data["commitments"]:
        for key in ("activities", "indicators"):
            for item in entry["roadmap"][key]:
                del item["id"]
    return data


def test_every_activity_and_indicator_has_a_unique_id_in_the_json():
    document = json.loads(export_plan_json(seeded_plan()))
    ids = []
    for entry in document["commitments"]:
        roadmap = entry["roadmap"]
        assert roadmap["activities"] and all(next(iter(a)) == "id" for a in roadmap["activities"])
        ids += [a["id"] for a in roadmap["activities"]] + [i["id"] for i in roadmap["indicators"]]
    assert len(set(ids)) == len(ids) and all(ITEM_ID.fullmatch(i) for i in ids)


def test_a_plan_stored_without_ids_gets_the_same_ids_at_every_read():
    stored = without_ids(plan_to_dict(seeded_plan()))
    first, second = plan_from_dict(stored), plan_from_dict(stored)
    assert [c.activity_ids for c in first.commitments] == [c.activity_ids for c in second.commitments]
    assert plan_to_dict(first) == plan_to_dict(second) == plan_to_dict(seeded_plan())


def test_ids_survive_export_and_import_even_when_they_are_not_derived():
    plan = seeded_plan()
    entry = plan.commitments[0]
    renamed = dataclasses.replace(entry, activity_ids=tuple(f"mine-{i}" for i in range(len(entry.activity_ids))))
    plan = dataclasses.replace(plan, commitments=(renamed, *plan.commitments[1:]))
    again = parse_plan_json(export_plan_json(plan))
    assert again.commitments[0].activity_ids == renamed.activity_ids
    assert again == plan


def test_a_version_2_file_imports_with_derived_ids():
    document = without_ids(json.loads(export_plan_json(seeded_plan())))
    document["schema"] = "cocrea.plan/2"
    plan = parse_plan_json(json.dumps(document).encode())
    assert plan == seeded_plan()


@pytest.mark.parametrize("bad", ["", "a b", "x" * 65, 7, "a/b"])
def test_an_id_that_is_no_path_segment_is_refused(bad):
    document = json.loads(export_plan_json(seeded_plan()))
    document["commitments"][0]["roadmap"]["activities"][1]["id"] = bad
    with pytest.raises(ValidationError) as raised:
        parse_plan_json(json.dumps(document).encode())
    assert raised.value.field == "commitments.0.roadmap.activities.1.id"


def test_a_repeated_id_is_refused():
    document = json.loads(export_plan_json(seeded_plan()))
    activities = document["commitments"][0]["roadmap"]["activities"]
    activities[1]["id"] = activities[0]["id"]
    with pytest.raises(ValidationError) as raised:
        parse_plan_json(json.dumps(document).encode())
    assert raised.value.field == "commitments.0.roadmap.activities.1.id"


def test_a_refreshed_commitment_keeps_the_ids_of_the_activities_it_still_has():
    old = infoem_entry()
    activities = old.roadmap.activities
    assert len(activities) >= 3
    # The mesa inserted an activity first and dropped the last one.
    new_first = dataclasses.replace(activities[0], description="Una actividad nueva")
    roadmap = dataclasses.replace(old.roadmap, activities=(new_first, *activities[:-1]))
    fresh = dataclasses.replace(old, roadmap=roadmap, activity_ids=())
    refreshed = carry_ids(old, fresh)
    assert refreshed.activity_ids[1:] == old.activity_ids[:-1]
    assert refreshed.activity_ids[0] not in old.activity_ids[:-1]
    assert len(set(refreshed.activity_ids)) == len(refreshed.activity_ids)
    assert refreshed.indicator_ids == old.indicator_ids
