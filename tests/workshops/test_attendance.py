"""Public attendance by sector: counts and organizations, never names."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from tests.workshops.test_plan import seeded_plan
from workshops.attendance import attendance_from
from workshops.plan_annex import MAX_ORGANIZATIONS_PER_SECTOR, SectorAttendance
from workshops.plan_serialization import plan_from_dict, plan_to_dict
from workshops.roles import FACILITATOR_SECTOR, Role, Sector
from workshops.workshop import Participant

T0 = dt.datetime(2026, 11, 21, 16, 0, tzinfo=dt.UTC)


def person(n: int, sector: str, organization: str = "", role: Role = Role.PARTICIPANT) -> Participant:
    return Participant(f"p{n}", "w", f"Nombre Secreto {n}", sector, role, T0, organization=organization)


def test_counts_by_sector_in_the_plans_order_with_facilitation_and_observers():
    people = [
        person(1, Sector.ACADEMIA, "UAEMéx"),
        person(2, FACILITATOR_SECTOR, "Consultora Abierta", Role.FACILITATOR),
        person(3, Sector.SOCIEDAD_CIVIL, "Colectivo Agua Viva"),
        person(4, Sector.SOCIEDAD_CIVIL, ""),
        person(5, Sector.SERVICIO_PUBLICO, "Ayuntamiento de Toluca", Role.OBSERVER),
        person(6, Sector.SOCIEDAD_CIVIL, "colectivo   AGUA viva"),
    ]
    assert attendance_from(people) == (
        SectorAttendance("sociedad_civil", 3, ("Colectivo Agua Viva",)),
        SectorAttendance("servicio_publico", 1, ("Ayuntamiento de Toluca",)),
        SectorAttendance("academia", 1, ("UAEMéx",)),
        SectorAttendance(FACILITATOR_SECTOR, 1, ("Consultora Abierta",)),
    )


def test_no_one_means_no_rows_and_unknown_sectors_are_not_guessed():
    assert attendance_from([]) == ()
    assert attendance_from([person(1, "marcianos", "Nave")]) == ()


def test_organizations_are_sorted_the_way_people_read_them_and_bounded():
    people = [person(i, Sector.CIUDADANIA, name) for i, name in enumerate(["Zapata A.C.", "Árbol Vivo", "Barrio"])]
    assert attendance_from(people)[0].organizations == ("Árbol Vivo", "Barrio", "Zapata A.C.")
    many = [person(i, Sector.CIUDADANIA, f"Organización {i:04d}") for i in range(MAX_ORGANIZATIONS_PER_SECTOR + 50)]
    (row,) = attendance_from(many)
    assert row.people == MAX_ORGANIZATIONS_PER_SECTOR + 50
    assert len(row.organizations) == MAX_ORGANIZATIONS_PER_SECTOR


def test_control_characters_and_line_breaks_do_not_reach_the_plan():
    (row,) = attendance_from([person(1, Sector.ACADEMIA, "Uni\x07versidad\n del\tGolfo ")])
    assert row.organizations == ("Uni versidad del Golfo",)


def test_attendance_fits_the_plan_and_carries_no_names():
    people = [person(i, s, f"Org {i}") for i, s in enumerate([*Sector, FACILITATOR_SECTOR])]
    attendance = attendance_from(people)
    plan = seeded_plan()
    entry = dataclasses.replace(plan.commitments[0], attendance=attendance)
    restored = plan_from_dict(plan_to_dict(dataclasses.replace(plan, commitments=(entry,))))
    assert restored.commitments[0].attendance == attendance
    assert "Nombre Secreto" not in repr(attendance)


@given(
    st.lists(
        st.tuples(st.sampled_from([*(str(s) for s in Sector), FACILITATOR_SECTOR]), st.text(max_size=40)),
        max_size=60,
    )
)
def test_every_person_is_counted_once_in_their_sector(rows):
    people = [person(i, sector, organization) for i, (sector, organization) in enumerate(rows)]
    attendance = attendance_from(people)
    assert sum(r.people for r in attendance) == len(people)
    assert all(r.people > 0 for r in attendance)
    for row in attendance:
        keys = [o.casefold() for o in row.organizations]
        assert len(keys) == len(set(keys)) and all(o == o.strip() and o for o in row.organizations)
