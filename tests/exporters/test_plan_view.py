"""The view model of the plan documents: Spanish labels, «Pendiente» for
what a draft lacks, the activity table for the data formats.

Also the plans the other ``test_plan_*`` modules export: the seeded plan
(``tests/workshops/test_plan.py``), a hostile one and a 200-commitment one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from exporters.plan_view import ACTIVITY_TABLE_COLUMNS, PENDING, activity_table, plan_view
from tests.workshops.test_plan import (
    INDIRECT_CAUSE,
    INFOEM_SHEET,
    OUT_OF_SCOPE_CAUSE,
    PLAN_DATA,
    F,
    co_created_entry,
    seeded_plan,
)
from tests.workshops.test_roadmap import INFOEM_ROADMAP
from workshops.commitment import Commitment, CommitmentStatus
from workshops.demo import DEMO_CAUSES, DEMO_EFFECTS
from workshops.plan import Origin, Plan, PlanCommitment
from workshops.plan_editing import attach_commitment, create_plan
from workshops.plan_serialization import plan_from_dict, plan_to_dict
from workshops.roadmap import Roadmap

# The co-created commitment's tree (``two_level_tree``) as the documents' text:
# nearest the problem first, saying what is indirect or out of scope.
RED_EFFECTS = [DEMO_EFFECTS[0], DEMO_EFFECTS[1] + " (efecto indirecto)"]
RED_CAUSES = [
    DEMO_CAUSES[0],
    DEMO_CAUSES[1],
    INDIRECT_CAUSE + " (causa indirecta)",
    OUT_OF_SCOPE_CAUSE + " (causa indirecta; fuera del alcance)",
]

# Keys whose values are ids, dates or codes, not free text.
NOT_TEXT = {
    "id",
    "type",
    "start",
    "end",
    "approved_on",
    "sector",
    "origin",
    "status",
    "created_at",
    "workshop_id",
    "alternative_id",
    "decision_id",
    "kind",
    "method",
    "date",
    "direction",
    "agreed_at",
    "agreed_by",
    "ogp_values",
    "sdgs",
    "at",
    "source",
    "target",
}


def attack(label: str) -> str:
    """Markup, Markdown, formulas and entities in one text."""
    return (
        f"=HYPERLINK(\"http://x\") <script>alert('{label}')</script><b onmouseover=x>{label}</b> "
        f"**{label}** [enlace](javascript:alert(1)) | & &amp; ]]> <!-- c -->"
    )


def hostile_plan() -> Plan:
    """The seeded plan with every free text replaced by ``attack(path)``."""

    def walk(value: Any, key: str, path: str) -> Any:
        if isinstance(value, dict):
            return {k: walk(v, k, f"{path}.{k}" if path else k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, key, f"{path}.{i}") for i, v in enumerate(value)]
        if isinstance(value, str) and value and key not in NOT_TEXT:
            return attack(path)
        return value

    return plan_from_dict(walk(plan_to_dict(seeded_plan()), "", ""))


def large_plan(size: int = 200) -> Plan:
    plan = seeded_plan()
    template = plan.commitments[1]
    extra = tuple(
        dataclasses.replace(template, commitment=dataclasses.replace(template.commitment, id=f"k-{n}"))
        for n in range(size - len(plan.commitments))
    )
    return dataclasses.replace(plan, commitments=plan.commitments + extra)


def draft_plan() -> Plan:
    """A plan still being written: one commitment with nothing but a title."""
    plan, _ = create_plan({"entity": "Metepec", "type": "municipal", "start": "2026-03-01"}, plan_id="pam", **F)
    commitment = Commitment(
        "k-1", "w", "a", "d", dt.datetime(2026, 2, 1, tzinfo=dt.UTC), CommitmentStatus.PRELIMINAR, {"title": "Borrador"}
    )
    plan, _ = attach_commitment(plan, PlanCommitment(Origin.PROACTIVO, commitment, Roadmap()), **F)
    return plan


def test_the_cover_and_contents():
    view = plan_view(seeded_plan())
    assert view["title"] == PLAN_DATA["title"]
    assert view["type_label"] == "Plan de Acción Local"
    assert view["period"] == "Del 19 de diciembre de 2021 al 30 de junio de 2023"
    assert view["approved_on"] == "19 de diciembre de 2021"
    assert view["summary"] == "2 compromisos: 1 proactivo y 1 co-creado"
    assert [c["heading"] for c in view["contents"]] == [
        "Contexto",
        "Compromiso 1. Estrategia de fortalecimiento a la Cultura de Gobierno Abierto",
        "Compromiso 2. Red de enlaces municipales de gobierno abierto",
    ]
    context = view["context"]
    assert context["intro"].startswith(
        "El Plan de Acción Local es el documento consensado por el Secretariado Técnico Local"
    )
    assert context["secretariat"]["heading"] == "Secretariado Técnico Local"


def test_a_chapter_holds_the_sheet_the_roadmap_and_the_decision():
    first, second = plan_view(seeded_plan())["chapters"]
    sheet = {row["label"]: row["items"] for row in first["sheet"]}
    assert sheet["Objetivos de Desarrollo Sostenible (ODS)"] == [
        "11. Ciudades y comunidades sostenibles",
        "16. Paz, justicia e instituciones sólidas",
        "17. Alianzas para lograr los objetivos",
    ]
    assert sheet["Relevancia para los valores de gobierno abierto"] == ["Transparencia", "Participación ciudadana"]
    assert sheet["Supuestos"] == [INFOEM_SHEET["assumptions"]]
    roadmap = first["roadmap"]
    assert roadmap["agreed"] == "Acordada el 14 de enero de 2022"
    assert [f["number"] for f in roadmap["fields"]] == list(range(1, 9))
    assert roadmap["fields"][7]["items"] == ["Del 20 de enero de 2022 al 30 de junio de 2023"]
    third = roadmap["activities"][2]
    assert (third["start"], third["end"], third["weight"]) == ("8 de junio de 2022", "20 de junio de 2022", "15%")
    assert roadmap["weights_total"] == "100%"
    assert roadmap["indicators"][0]["baseline"] == "0 (2021)"
    assert roadmap["indicators"][0]["direction"] == "Ascendente"
    assert first["decision"] is None and first["pending"] == []
    assert second["decision"]["kind"] == "Consenso"
    assert second["decision"]["participation"][1] == {"sector": "Servicio público", "eligible": 4, "voted": 3}
    assert (second["decision"]["eligible"], second["decision"]["voted"]) == (11, 10)
    assert second["roadmap"]["agreed"] == "Pendiente de acuerdo"


def test_what_a_draft_lacks_reads_pendiente():
    view = plan_view(draft_plan())
    assert (view["title"], view["guarantor"], view["approved_on"]) == (
        "Plan de Acción Municipal de Gobierno Abierto: Metepec",
        PENDING,
        PENDING,
    )
    [chapter] = view["chapters"]
    assert chapter["tree"] == {"effects": [PENDING], "problem": PENDING, "causes": [PENDING], "note": None}
    assert {row["key"]: row["items"] for row in chapter["sheet"]}["problem"] == [PENDING]
    roadmap = chapter["roadmap"]
    assert [f["items"] for f in roadmap["fields"][:7]] == [[PENDING]] * 7
    assert roadmap["fields"][7]["items"] == ["Inicio: Pendiente; conclusión: Pendiente"]
    assert (roadmap["activities"], roadmap["indicators"], roadmap["weights_total"]) == ([], [], PENDING)
    assert chapter["pending"][0] == "El compromiso 1 todavía no es definitivo."
    assert "Compromiso 1: Falta completar «Persona servidora pública responsable: nombre»." in chapter["pending"]
    # The context names the sectors the Secretariado Técnico still lacks.
    assert [(s["sector"], s["members"]) for s in view["context"]["secretariat"]["sectors"]] == [
        (name, [{"name": PENDING, "organization": PENDING}])
        for name in ("Sociedad civil", "Servicio público", "Organismo garante")
    ]


def test_partial_values_are_marked_where_they_lack():
    entry = co_created_entry("k-x")
    indicator = dataclasses.replace(
        entry.roadmap.indicators[0], baseline=dataclasses.replace(entry.roadmap.indicators[0].baseline, year=None)
    )
    activity = dataclasses.replace(entry.roadmap.activities[0], end=None, weight=None, verification=())
    roadmap = dataclasses.replace(entry.roadmap, indicators=(indicator,), activities=(activity,))
    plan, _ = attach_commitment(
        seeded_plan(1), dataclasses.replace(entry, roadmap=roadmap, decision=None, origin=Origin.PROACTIVO), **F
    )
    chapter = plan_view(plan)["chapters"][1]
    assert chapter["roadmap"]["indicators"][0]["baseline"] == "0 (pendiente)"
    row = chapter["roadmap"]["activities"][0]
    assert (row["end"], row["weight"], row["verification"]) == (PENDING, PENDING, [PENDING])
    assert chapter["roadmap"]["weights_total"] == PENDING


def test_the_context_groups_the_secretariat_by_sector():
    sectors = plan_view(seeded_plan())["context"]["secretariat"]["sectors"]
    assert [s["sector"] for s in sectors] == [
        "Sociedad civil",
        "Servicio público",
        "Organismo garante",
        "Ciudadanía",
        "Facilitación",
    ]
    assert sectors[3]["members"] == [{"name": "Diana Bobadilla Martínez", "organization": "—"}]


def test_text_xml_cannot_carry_is_replaced():
    plan = seeded_plan(1)
    entry = plan.commitments[0]
    odd = dataclasses.replace(entry.commitment, sheet=entry.commitment.sheet | {"title": "Título\x0b\ufffe"})
    plan = dataclasses.replace(plan, commitments=(dataclasses.replace(entry, commitment=odd),))
    assert plan_view(plan)["chapters"][0]["title"] == "Título\ufffd\ufffd"


def test_the_activity_table_has_one_row_per_activity():
    rows = activity_table(seeded_plan())
    assert len(rows) == len(INFOEM_ROADMAP["activities"]) + 2
    assert all(list(row) == list(ACTIVITY_TABLE_COLUMNS) for row in rows)
    third = rows[2]
    source = INFOEM_ROADMAP["activities"][2]
    assert third["actividad_num"] == "3"
    assert third["actividad"] == source["description"]
    assert (third["actividad_inicio"], third["actividad_fin"], third["actividad_peso"]) == (
        "2022-06-08",
        "2022-06-20",
        "15",
    )
    assert third["actividad_medios_verificacion"] == " | ".join(source["verification"])
    assert third["persona_servidora_publica_responsable"] == "Adriana Yadira Cárdenas Tagle"
    assert third["indicadores"].startswith(
        "Porcentaje de municipios que responden el cuestionario de condiciones de apertura; unidad: Porcentaje; "
        "línea base: 0 (2021); meta: 80; sentido: ascendente | Foros"
    )
    assert rows[6]["compromiso_id"] == "k-red" and rows[6]["tipo_compromiso"] == "Co-creado"


def test_a_commitment_without_activities_still_has_its_row_with_empty_cells():
    [row] = activity_table(draft_plan())
    assert (row["compromiso"], row["actividad_num"], row["actividad"], row["actividad_peso"]) == (
        "Borrador",
        "",
        "",
        "",
    )
    assert PENDING not in row.values()


def test_the_mesa_attendance_by_sector_and_minutes_in_central_mexico_time():
    chapter = plan_view(seeded_plan()).get("chapters")[1]
    assert chapter["mesa"] == {
        "title": "Mesa 2: Municipios abiertos",
        "date": "30 de noviembre de 2021",
        "date_iso": "2021-11-30",
        "entity": "Estado de México",
        "minuta": None,  # the plan was given no minuta: it says nothing of one
    }
    rows = chapter["attendance"]["rows"]
    assert [(r["sector_label"], r["people"]) for r in rows] == [
        ("Sociedad civil", 7),
        ("Servicio público", 4),
        ("Organismo garante", 1),
        ("Facilitación", 1),
    ]
    assert rows[0]["organizations"] == ["Colectivo Ciudadano Toluca", "Red por la Rendición de Cuentas"]
    assert chapter["attendance"]["total"] == 13
    assert chapter["minutes"][0] == {
        "time": "30 de noviembre de 2021, 10:05 h",
        "time_iso": "2021-11-30T16:05:00+00:00",
        "text": "La persona facilitadora abrió la fase «Árbol de problemas».",
    }
    first = plan_view(seeded_plan()).get("chapters")[0]
    assert first["mesa"] is None and first["attendance"] == {"rows": [], "total": 0} and first["minutes"] == []
