"""The Plan de Acción: creation, commitments in and out and in order, the
checks before publishing, and its dict form (exact round trip).

The seeded plan is the 1st Plan de Acción Local of the Estado de México
(launched 19 December 2021, shared/seeds/002) with INFOEM's proactive
commitment (shared/seeds/003) and one co-created commitment.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.workshops.test_roadmap import FILLED, INFOEM_ROADMAP, NOW, PLAN_TERM, TEXT, roadmaps
from workshops.commitment import Commitment, CommitmentStatus, advance_status, create_preliminary, update_sheet
from workshops.decision import Decision, DecisionKind
from workshops.demo import DEMO_CAUSES, DEMO_EFFECTS, DEMO_PROBLEM, demo_tree
from workshops.errors import ConflictError, EditConflictError, NotAllowedError, NotFoundError, ValidationError
from workshops.plan import (
    DecisionSummary,
    Origin,
    Plan,
    PlanCommitment,
    PlanType,
    SecretariatMember,
    SectorParticipation,
    decision_summary_from,
    describe_plan_field,
)
from workshops.plan_annex import MesaSummary, MinuteEntry, SectorAttendance
from workshops.plan_editing import (
    attach_commitment,
    create_plan,
    detach_commitment,
    reorder_commitments,
    update_plan,
    validate_plan,
)
from workshops.plan_serialization import plan_from_dict, plan_to_dict
from workshops.plan_tree import PlanTree, TreeEdge, TreeNode, TreeSummary, plan_tree_from, summary_from
from workshops.problem_tree import Edge, Node, ProblemTree, tree_from_document
from workshops.roadmap import parse_roadmap
from workshops.roadmap_validation import agree_roadmap
from workshops.roles import Role
from workshops.tree_check import Severity
from workshops.voting_methods import Method

F = {"actor_role": Role.FACILITATOR, "actor_id": "f-1"}

SECRETARIAT = [
    {"name": "Laura Méndez Ortiz", "organization": "CIMTRA Estado de México", "sector": "sociedad_civil"},
    {
        "name": "Jorge Ramírez Salgado",
        "organization": "Secretaría de la Contraloría del Estado de México (SECOGEM)",
        "sector": "servicio_publico",
    },
    {"name": "Adriana Yadira Cárdenas Tagle", "organization": "Infoem", "sector": "organismo_garante"},
    {"name": "Diana Bobadilla Martínez", "organization": "", "sector": "ciudadania"},
    {"name": "Mariana Torres Vega", "organization": "Red Mexiquense de Gobierno Abierto", "sector": "facilitacion"},
]
PLAN_DATA = {
    "title": "1er Plan de Acción Local de Gobierno Abierto del Estado de México",
    "entity": "Estado de México",
    "type": "local",
    "guarantor": "Instituto de Transparencia, Acceso a la Información Pública y Protección de Datos Personales "
    "del Estado de México y Municipios (Infoem)",
    "start": "2021-12-19",
    "end": "2023-06-30",
    "approved_on": "2021-12-19",
    "secretariat": SECRETARIAT,
}
INFOEM_SHEET = {
    "description": "Articular las agendas local y municipal de gobierno abierto para convertirlas, en coordinación "
    "con las Organizaciones de la sociedad civil, en una estrategia estatal que permita avanzar hacia la "
    "consolidación de una apertura institucional en el Estado de México.",
    "how_it_helps": "A través de la consolidación de una estrategia de cultura de gobierno abierto por medio del "
    "intercambio de buenas prácticas.",
    "gender_perspective": "Paridad en el grupo multidisciplinario y en las mesas de los foros.",
    "assumptions": "Los municipios responden el cuestionario y designan enlaces.",
    "other_actors": "Red Mexiquense de Gobierno Abierto (propuesta); Sistema Nacional de Transparencia.",
    "ogp_values": ["transparencia", "participacion"],
    "sdgs": [11, 16, 17],
}


def definitive(commitment_id: str, title: str, problem: str, sheet: dict) -> Commitment:
    commitment, _ = create_preliminary(
        commitment_id=commitment_id,
        workshop_id="w-1",
        alternative_id=f"alt-{commitment_id}",
        decision_id=f"dec-{commitment_id}",
        title=title,
        problem=problem,
        now=dt.datetime(2021, 11, 30, 17, 0, tzinfo=dt.UTC),
        **F,
    )
    commitment, _ = update_sheet(commitment, sheet, **F)
    commitment, _ = advance_status(commitment, "en_revision", **F)
    commitment, _ = advance_status(commitment, "definitivo", **F)
    return commitment


def infoem_entry() -> PlanCommitment:
    """INFOEM's proactive commitment, its hoja de ruta agreed."""
    commitment = definitive(
        "k-infoem", "Estrategia de fortalecimiento a la Cultura de Gobierno Abierto", DEMO_PROBLEM, INFOEM_SHEET
    )
    roadmap, _ = agree_roadmap(parse_roadmap(INFOEM_ROADMAP), plan_term=PLAN_TERM, now=NOW, **F)
    nodes, edges = demo_tree()
    tree = tree_from_document(
        {
            "nodes": {nid: {"kind": kind, "text": text} for nid, kind, text in nodes},
            "edges": {eid: {"source": s, "target": t} for eid, s, t in edges},
        }
    )
    return PlanCommitment(Origin.PROACTIVO, commitment, roadmap, plan_tree_from(tree))


CO_CREATED_ROADMAP = copy.deepcopy(INFOEM_ROADMAP) | {
    "activities": [
        dict(INFOEM_ROADMAP["activities"][4], weight=60),
        dict(INFOEM_ROADMAP["activities"][5], weight=40),
    ],
    "start": "2022-08-01",
    "end": "2023-06-30",
}


def co_created_entry(commitment_id: str = "k-red") -> PlanCommitment:
    """A commitment a mesa agreed by consensus."""
    commitment = definitive(
        commitment_id,
        "Red de enlaces municipales de gobierno abierto",
        "Desarticulación de los esfuerzos de apertura gubernamental en los municipios.",
        INFOEM_SHEET | {"description": "Una red de enlaces municipales que se reúne cada trimestre."},
    )
    decision = DecisionSummary(
        DecisionKind.CONSENSUS,
        Method.CONSENT,
        dt.date(2021, 11, 30),
        (
            SectorParticipation("sociedad_civil", 6, 6),
            SectorParticipation("servicio_publico", 4, 3),
            SectorParticipation("organismo_garante", 1, 1),
        ),
    )
    return PlanCommitment(
        Origin.CO_CREADO,
        commitment,
        parse_roadmap(CO_CREATED_ROADMAP),
        plan_tree_from(two_level_tree()),
        decision,
        mesa=MESA,
        attendance=ATTENDANCE,
        minutes=MINUTES,
    )


INDIRECT_CAUSE = "Los municipios no conocen los ejercicios de otros municipios."
OUT_OF_SCOPE_CAUSE = "Recortes presupuestales a las áreas de transparencia."


def two_level_tree() -> ProblemTree:
    """Two levels of causes and of effects and an out-of-scope cause: each
    direct cause leads to the problem, an indirect cause to a direct one, the
    problem to the direct effect and that one to the indirect effect."""
    nodes = (
        Node("p", "problem", DEMO_PROBLEM, created_at=1),
        Node("c-1", "cause", DEMO_CAUSES[0], created_at=2),
        Node("c-2", "cause", DEMO_CAUSES[1], created_at=3),
        Node("c-1-1", "cause", INDIRECT_CAUSE, created_at=4),
        Node("c-2-1", "cause", OUT_OF_SCOPE_CAUSE, created_at=5, out_of_scope=True),
        Node("e-1", "effect", DEMO_EFFECTS[0], created_at=6),
        Node("e-1-1", "effect", DEMO_EFFECTS[1], created_at=7),
    )
    edges = (
        Edge("l-1", "c-1", "p"),
        Edge("l-2", "c-2", "p"),
        Edge("l-3", "c-1-1", "c-1"),
        Edge("l-4", "c-2-1", "c-2"),
        Edge("l-5", "p", "e-1"),
        Edge("l-6", "e-1", "e-1-1"),
    )
    return ProblemTree(nodes, edges)


MESA = MesaSummary("Mesa 2: Municipios abiertos", dt.date(2021, 11, 30), "Estado de México")
ATTENDANCE = (
    SectorAttendance("sociedad_civil", 7, ("Colectivo Ciudadano Toluca", "Red por la Rendición de Cuentas")),
    SectorAttendance("servicio_publico", 4, ("Ayuntamiento de Metepec",)),
    SectorAttendance("organismo_garante", 1, ("INFOEM",)),
    SectorAttendance("facilitacion", 1),
)
MINUTES = (
    MinuteEntry(
        dt.datetime(2021, 11, 30, 16, 5, tzinfo=dt.UTC), "La persona facilitadora abrió la fase «Árbol de problemas»."
    ),
    MinuteEntry(
        dt.datetime(2021, 11, 30, 18, 40, tzinfo=dt.UTC), "La mesa acordó por consenso la alternativa «Red de enlaces»."
    ),
)


def seeded_plan(commitments: int = 2) -> Plan:
    plan, _ = create_plan(PLAN_DATA, plan_id="pal-edomex-1", **F)
    plan, _ = attach_commitment(plan, infoem_entry(), **F)
    for n in range(1, commitments):
        plan, _ = attach_commitment(plan, co_created_entry("k-red" if n == 1 else f"k-red-{n}"), **F)
    return plan


# ------------------------------------------------------------------ create


def test_a_plan_is_created_with_its_term_and_secretariat():
    plan, [event] = create_plan(PLAN_DATA, plan_id="pal-edomex-1", **F)
    assert plan.type is PlanType.LOCAL
    assert plan.term == (dt.date(2021, 12, 19), dt.date(2023, 6, 30))
    assert plan.approved_on == dt.date(2021, 12, 19)
    assert plan.secretariat[1] == SecretariatMember(
        "Jorge Ramírez Salgado", "Secretaría de la Contraloría del Estado de México (SECOGEM)", "servicio_publico"
    )
    assert plan.commitments == ()
    assert (event.kind, event.actor_id) == ("plan_created", "f-1")
    assert event.payload == {
        "plan_id": "pal-edomex-1",
        "entity": "Estado de México",
        "type": "local",
        "start": "2021-12-19",
        "end": "2023-06-30",
    }


def test_a_plan_lasts_one_year_unless_said_otherwise():
    data = {"entity": "Metepec", "type": "municipal", "start": "2026-03-01"}
    plan, _ = create_plan(data, plan_id="pam-metepec", **F)
    assert plan.term == (dt.date(2026, 3, 1), dt.date(2027, 2, 28))
    assert (plan.title, plan.guarantor, plan.secretariat, plan.approved_on) == ("", "", (), None)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"entity": ""}, "entity"),
        ({"entity": None}, "entity"),
        ({"type": "estatal"}, "type"),
        ({"start": None}, "start"),
        ({"start": ""}, "start"),
        ({"type": ""}, "type"),
        ({"start": "19/12/2021"}, "start"),
        ({"end": "2021-12-18"}, "end"),
        ({"approved_on": "mañana"}, "approved_on"),
        ({"secretariat": [{"name": "Ana", "sector": "empresa"}]}, "secretariat.0.sector"),
        ({"secretariat": [{"name": "", "sector": "academia"}]}, "secretariat.0.name"),
        ({"secretariat": [{"name": "Ana", "sector": "academia", "cargo": "x"}]}, "secretariat.0.cargo"),
        ({"commitments": []}, "commitments"),
    ],
)
def test_plan_data_is_validated(changes, field):
    with pytest.raises(ValidationError) as raised:
        create_plan(PLAN_DATA | changes, plan_id="p", **F)
    assert raised.value.field == field


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.OBSERVER])
def test_only_the_facilitator_changes_the_plan(role):
    actor = {"actor_role": role, "actor_id": "p-1"}
    with pytest.raises(NotAllowedError) as raised:
        create_plan(PLAN_DATA, plan_id="p", **actor)
    assert raised.value.message == "Solo la persona facilitadora modifica el Plan de Acción."
    plan = seeded_plan()
    for change in (
        lambda: update_plan(plan, {"title": "Otro"}, **actor),
        lambda: attach_commitment(plan, co_created_entry("k-otro"), **actor),
        lambda: detach_commitment(plan, "k-red", **actor),
        lambda: reorder_commitments(plan, ["k-red", "k-infoem"], **actor),
    ):
        with pytest.raises(NotAllowedError):
            change()


def test_the_plan_details_are_updated():
    plan, _ = create_plan(PLAN_DATA | {"approved_on": None}, plan_id="pal", **F)
    updated, [event] = update_plan(plan, {"approved_on": "2022-01-10", "title": "1er PAL"}, **F)
    assert (updated.approved_on, updated.title, updated.entity) == (dt.date(2022, 1, 10), "1er PAL", plan.entity)
    assert event.payload == {"plan_id": "pal", "fields": ["approved_on", "title"]}
    # Only what changed is named; a save that changes nothing is not logged.
    _, [event] = update_plan(updated, {"title": "1er PAL", "entity": "Toluca"}, **F)
    assert event.payload["fields"] == ["entity"]
    same, events = update_plan(updated, {"title": "1er PAL", "entity": updated.entity}, **F)
    assert same == updated and events == []
    with pytest.raises(ValidationError) as raised:
        update_plan(plan, {"end": "2020-01-01"}, **F)
    assert raised.value.field == "end"


def test_a_change_from_a_value_someone_else_changed_is_refused_whole():
    plan, _ = create_plan(PLAN_DATA | {"secretariat": [], "approved_on": None}, plan_id="pal", **F)
    seen = plan_to_dict(plan)
    theirs, _ = update_plan(plan, {"title": "Título de otra persona"}, base={"title": seen["title"]}, **F)
    # Another field, from the same old page: both changes stay.
    both, [event] = update_plan(theirs, {"entity": "Toluca"}, base={"entity": seen["entity"]}, **F)
    assert (both.title, both.entity) == ("Título de otra persona", "Toluca")
    assert event.payload["fields"] == ["entity"]
    # The same field: nothing of the change is applied; the stored value is told.
    with pytest.raises(EditConflictError) as raised:
        update_plan(
            theirs,
            {"guarantor": "Infoem", "title": "Mío"},
            base={"guarantor": seen["guarantor"], "title": seen["title"]},
            **F,
        )
    assert raised.value.code == "edit_conflict" and raised.value.fields["field"] == "title"
    assert raised.value.fields["conflicts"] == {"title": "Título de otra persona"}
    assert "«título del plan»" in raised.value.message
    # A conflict is told before a value the stored plan refuses (the other person moved the start).
    moved, _ = update_plan(
        plan, {"start": "2022-06-01", "end": "2023-06-30"}, base={"start": seen["start"], "end": seen["end"]}, **F
    )
    with pytest.raises(EditConflictError) as raised:
        update_plan(
            moved, {"start": "2021-01-01", "end": "2021-05-01"}, base={"start": seen["start"], "end": seen["end"]}, **F
        )
    assert raised.value.fields["conflicts"] == {"start": "2022-06-01"}
    # Already holding the new value is no conflict, and no change; an empty base date is no date.
    same, events = update_plan(theirs, {"title": "Título de otra persona"}, base={"title": seen["title"]}, **F)
    assert same == theirs and events == []
    dated, _ = update_plan(theirs, {"approved_on": "2022-01-10"}, base={"approved_on": ""}, **F)
    assert dated.approved_on == dt.date(2022, 1, 10)
    # The base names exactly the changed fields.
    for base, field in (({}, "base.title"), ({"title": seen["title"], "entity": seen["entity"]}, "base.entity")):
        with pytest.raises(ValidationError) as refused:
            update_plan(theirs, {"title": "Mío"}, base=base, **F)
        assert refused.value.field == field


# ------------------------------------------------------------- commitments


def test_commitments_are_attached_in_order_or_at_a_position():
    plan = seeded_plan()
    assert [c.id for c in plan.commitments] == ["k-infoem", "k-red"]
    plan, [event] = attach_commitment(plan, co_created_entry("k-nuevo"), position=0, **F)
    assert [c.id for c in plan.commitments] == ["k-nuevo", "k-infoem", "k-red"]
    assert event.kind == "plan_commitment_attached"
    assert event.payload == {
        "plan_id": "pal-edomex-1",
        "commitment_id": "k-nuevo",
        "title": plan.commitments[0].commitment.sheet["title"],
        "origin": "co_creado",
        "position": 0,
    }
    assert plan.find_commitment("k-infoem").origin is Origin.PROACTIVO
    assert plan.find_commitment("k-nada") is None


def test_a_commitment_is_attached_once():
    plan = seeded_plan()
    with pytest.raises(ConflictError):
        attach_commitment(plan, co_created_entry("k-red"), **F)


@pytest.mark.parametrize("position", [-1, 3, True])
def test_the_position_must_exist(position):
    with pytest.raises(ValidationError) as raised:
        attach_commitment(seeded_plan(), co_created_entry("k-x"), position=position, **F)
    assert raised.value.field == "position"


def test_a_co_created_commitment_carries_its_decision():
    entry = dataclasses.replace(co_created_entry("k-x"), decision=None)
    with pytest.raises(ValidationError) as raised:
        attach_commitment(seeded_plan(), entry, **F)
    assert raised.value.field == "decision"
    # A proactive one may come without it.
    plan, _ = attach_commitment(seeded_plan(), dataclasses.replace(entry, origin=Origin.PROACTIVO), **F)
    assert plan.commitments[-1].decision is None


def test_an_attached_entry_must_survive_the_open_formats():
    entry = co_created_entry("k-x")
    naive = dataclasses.replace(entry.commitment, created_at=dt.datetime(2021, 11, 30, 17, 0))
    with pytest.raises(ValidationError) as raised:
        attach_commitment(seeded_plan(), dataclasses.replace(entry, commitment=naive), **F)
    assert raised.value.field == "commitments.2.commitment.created_at"
    bad_sheet = dataclasses.replace(entry.commitment, sheet=entry.commitment.sheet | {"sdgs": [18]})
    with pytest.raises(ValidationError) as raised:
        attach_commitment(seeded_plan(), dataclasses.replace(entry, commitment=bad_sheet), **F)
    assert raised.value.field == "commitments.2.commitment.sheet.sdgs.0"


def test_commitments_are_detached():
    plan, [event] = detach_commitment(seeded_plan(), "k-infoem", **F)
    assert [c.id for c in plan.commitments] == ["k-red"]
    assert event.payload == {
        "plan_id": "pal-edomex-1",
        "commitment_id": "k-infoem",
        "title": "Estrategia de fortalecimiento a la Cultura de Gobierno Abierto",  # it reads after it left
    }
    with pytest.raises(NotFoundError):
        detach_commitment(plan, "k-infoem", **F)


def test_commitments_are_reordered():
    plan = seeded_plan(3)
    plan, [event] = reorder_commitments(plan, ["k-red-2", "k-infoem", "k-red"], **F)
    assert [c.id for c in plan.commitments] == ["k-red-2", "k-infoem", "k-red"]
    assert event.payload == {"plan_id": "pal-edomex-1", "order": ["k-red-2", "k-infoem", "k-red"]}
    for order in (
        ["k-red", "k-infoem"],
        ["k-red", "k-red", "k-infoem"],
        ["k-red", "k-infoem", "k-red-2", "k-x"],
        "k-red",
    ):
        with pytest.raises(ValidationError) as raised:
            reorder_commitments(plan, order, **F)
        assert raised.value.field == "order"


def test_a_move_from_an_order_someone_else_changed_is_refused():
    plan = seeded_plan(3)
    seen = [c.id for c in plan.commitments]  # k-infoem, k-red, k-red-2
    theirs, _ = reorder_commitments(plan, ["k-red-2", "k-infoem", "k-red"], base=seen, **F)
    # From the old list, moving k-red up would silently undo their move.
    with pytest.raises(EditConflictError) as raised:
        reorder_commitments(theirs, ["k-red", "k-infoem", "k-red-2"], base=seen, **F)
    assert raised.value.fields == {"field": "order", "conflicts": {"order": ["k-red-2", "k-infoem", "k-red"]}}
    # Already the stored order: no conflict and nothing to log.
    same, events = reorder_commitments(theirs, ["k-red-2", "k-infoem", "k-red"], base=seen, **F)
    assert same == theirs and events == []
    with pytest.raises(ValidationError) as refused:
        reorder_commitments(theirs, ["k-red-2", "k-infoem", "k-red"], base="k-red", **F)
    assert refused.value.field == "base"


# --------------------------------------------------------------- summaries


def test_the_plan_keeps_the_trees_structure():
    tree = infoem_entry().tree
    assert tree.text_only is None and tree.central_problem() == DEMO_PROBLEM
    assert [(n.id, n.kind, n.text) for n in tree.nodes] == sorted(demo_tree()[0])
    assert {(e.source, e.target) for e in tree.edges} == {(s, t) for _, s, t in demo_tree()[1]}
    kept = plan_tree_from(two_level_tree())
    assert kept.problem_tree() == two_level_tree()
    assert [n.id for n in kept.nodes if n.out_of_scope] == ["c-2-1"]


def test_the_trees_copy_is_never_refused_for_odd_text_or_ids():
    tree = tree_from_document(
        {
            "nodes": {
                "p": {"kind": "problem", "text": " Problema\x07 con\ud800 ruido "},
                "c": {"kind": "cause", "text": " "},
                " c\x00 ": {"kind": "cause", "text": "Causa"},
                "x": {"kind": "raíz", "text": "De un tipo desconocido"},
            },
            "edges": {"e": {"source": " c\x00 ", "target": "p"}, "f": {"source": "x", "target": "p"}},
        }
    )
    kept = plan_tree_from(tree)
    assert [(n.id, n.text) for n in kept.nodes] == [("nodo-1", "Causa"), ("c", ""), ("p", "Problema  con\ufffd ruido")]
    assert [(e.source, e.target) for e in kept.edges] == [("nodo-1", "p")]
    assert (
        plan_from_dict(
            plan_to_dict(
                dataclasses.replace(seeded_plan(), commitments=(dataclasses.replace(infoem_entry(), tree=kept),))
            )
        )
        .commitments[0]
        .tree
        == kept
    )


def test_a_plan_stored_before_the_structure_was_kept_reads_as_text_only():
    data = plan_to_dict(seeded_plan())
    old = summary_from(two_level_tree())
    data["commitments"][1]["problem_tree"] = {
        "effects": list(old.effects),
        "problem": old.problem,
        "causes": list(old.causes),
    }
    tree = plan_from_dict(data).commitments[1].tree
    assert tree == PlanTree(text_only=TreeSummary(DEMO_EFFECTS, DEMO_PROBLEM, old.causes))
    assert tree.central_problem() == DEMO_PROBLEM and not tree.nodes
    again = plan_to_dict(plan_from_dict(data))["commitments"][1]["problem_tree"]
    assert again == {"nodes": [], "edges": [], "text_only": data["commitments"][1]["problem_tree"]}
    assert plan_from_dict(plan_to_dict(plan_from_dict(data))) == plan_from_dict(data)
    with pytest.raises(ValidationError) as raised:
        plan_from_dict(data, text_only_trees=False)
    assert raised.value.field == "commitments.1.problem_tree.effects"


def test_the_decision_summary_reads_the_record():
    decision = Decision(
        id="d-1",
        workshop_id="w-1",
        kind=DecisionKind.MAJORITY,
        alternative_id="a-1",
        round_id="r-1",
        method="approval",
        decided_at=dt.datetime(2021, 11, 30, 19, 45, tzinfo=dt.UTC),
        decided_by="f-1",
        results={
            "participation": {
                "eligible": 9,
                "voted": 8,
                "by_sector": {"sociedad_civil": {"eligible": 5, "voted": 5}, "academia": {"eligible": 4, "voted": 3}},
            }
        },
    )
    assert decision_summary_from(decision) == DecisionSummary(
        DecisionKind.MAJORITY,
        Method.APPROVAL,
        dt.date(2021, 11, 30),
        (SectorParticipation("sociedad_civil", 5, 5), SectorParticipation("academia", 4, 3)),
    )


# ------------------------------------------------------------------ checks


def test_the_seeded_plan_is_ready_to_publish_but_for_one_agreement():
    issues = validate_plan(seeded_plan())
    assert [(i.rule, i.field, i.severity) for i in issues] == [
        ("roadmap_not_agreed", "commitments.1.roadmap", Severity.WARNING)
    ]


def test_the_secretariat_needs_every_sector():
    plan, _ = create_plan(PLAN_DATA | {"secretariat": SECRETARIAT[:1] + SECRETARIAT[3:]}, plan_id="p", **F)
    issues = validate_plan(plan)
    assert [(i.rule, i.field) for i in issues][:2] == [
        ("secretariat_balance", "secretariat"),
        ("no_commitments", "commitments"),
    ]
    assert (
        issues[0].message == "Al Secretariado Técnico le falta representación de: servicio público, organismo garante."
    )
    assert issues[0].params == {"missing": ["servicio_publico", "organismo_garante"]}


def test_commitments_must_be_definitive_and_their_roadmaps_complete_within_the_term():
    plan = seeded_plan()
    preliminary = dataclasses.replace(plan.commitments[1].commitment, status=CommitmentStatus.PRELIMINAR)
    late = dataclasses.replace(plan.commitments[1].roadmap, end=dt.date(2023, 7, 31))
    entry = dataclasses.replace(plan.commitments[1], commitment=preliminary, roadmap=late, tree=PlanTree())
    plan = dataclasses.replace(plan, commitments=(plan.commitments[0], entry), approved_on=None)
    found = [(i.rule, i.field, i.severity) for i in validate_plan(plan)]
    assert found == [
        ("approval_pending", "approved_on", Severity.WARNING),
        ("commitment_not_definitive", "commitments.1.commitment.status", Severity.ERROR),
        ("problem_tree_missing", "commitments.1.problem_tree", Severity.WARNING),
        ("roadmap_not_agreed", "commitments.1.roadmap", Severity.WARNING),
        ("commitment_within_term", "commitments.1.roadmap.end", Severity.ERROR),
    ]
    message = validate_plan(plan)[-1].message
    assert message.startswith("Compromiso 2: El compromiso termina después de la vigencia del plan")
    # The facts travel with each message; a commitment's issue says which one.
    params = [i.params for i in validate_plan(plan)]
    assert params[1:4] == [{"commitment": 2}] * 3
    assert params[4] == {"term_start": "2021-12-19", "term_end": "2023-06-30", "plan_term": True, "commitment": 2}


def test_describe_plan_field_names_nested_fields():
    assert describe_plan_field("commitments.3.roadmap.activities.0.end") == (
        "Compromiso 4, hoja de ruta: Actividad 1: fecha de término"
    )
    assert describe_plan_field("secretariat.2.sector") == "Integrante 3 del Secretariado Técnico: sector"
    assert describe_plan_field("commitments.0.commitment.sheet.sdgs.1") == (
        "Compromiso 1, ficha: Objetivos de Desarrollo Sostenible (ODS) (2)"
    )
    assert describe_plan_field("commitments.1.decision.participation.0.voted") == (
        "Compromiso 2, decisión: participación 1: votaron"
    )
    assert describe_plan_field("commitments.1.problem_tree.causes.2") == "Compromiso 2, causas (3)"
    assert describe_plan_field("approved_on") == "fecha de aprobación"


# -------------------------------------------------------------- dict form


def test_the_seeded_plan_round_trips_exactly():
    plan = seeded_plan()
    data = plan_to_dict(plan)
    assert list(data) == [
        "id",
        "title",
        "entity",
        "type",
        "guarantor",
        "start",
        "end",
        "approved_on",
        "secretariat",
        "commitments",
    ]
    assert data["secretariat"] == SECRETARIAT
    entry = data["commitments"][0]
    assert entry["origin"] == "proactivo" and entry["decision"] is None
    assert entry["commitment"]["created_at"] == "2021-11-30T17:00:00+00:00"
    assert entry["commitment"]["sheet"]["sdgs"] == [11, 16, 17]
    assert data["commitments"][1]["decision"] == {
        "kind": "consensus",
        "method": "consent",
        "date": "2021-11-30",
        "participation": [
            {"sector": "sociedad_civil", "eligible": 6, "voted": 6},
            {"sector": "servicio_publico", "eligible": 4, "voted": 3},
            {"sector": "organismo_garante", "eligible": 1, "voted": 1},
        ],
    }
    assert plan_from_dict(data) == plan
    assert plan_to_dict(plan_from_dict(data)) == data


def broken(path: str, value: object) -> dict:
    """The seeded plan's dict with ``path`` (dotted) set to ``value``."""
    data = plan_to_dict(seeded_plan())
    *parents, last = path.split(".")
    target = data
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("id", "", "id"),
        ("commitments", None, "commitments"),
        ("commitments.1.origin", "impuesto", "commitments.1.origin"),
        ("commitments.1.origin", "", "commitments.1.origin"),
        ("commitments.1.decision.kind", "", "commitments.1.decision.kind"),
        ("commitments.1.decision", None, "commitments.1.decision"),
        ("commitments.1.decision.participation.1.voted", 5, "commitments.1.decision.participation.1.voted"),
        ("commitments.1.decision.participation.1.sector", "empresa", "commitments.1.decision.participation.1.sector"),
        ("commitments.1.decision.participation.1.sector", "sociedad_civil", "commitments.1.decision.participation"),
        ("commitments.1.decision.method", "mano alzada", "commitments.1.decision.method"),
        ("commitments.1.decision.date", "2021-11-31", "commitments.1.decision.date"),
        ("commitments.0.commitment.id", "k-red", "commitments.1.commitment.id"),
        ("commitments.0.commitment.status", "aprobado", "commitments.0.commitment.status"),
        ("commitments.0.commitment.created_at", "2021-11-30", "commitments.0.commitment.created_at"),
        ("commitments.0.commitment.sheet.sdgs", [11, 11], "commitments.0.commitment.sheet.sdgs"),
        ("commitments.0.commitment.sheet.sdgs", [0], "commitments.0.commitment.sheet.sdgs.0"),
        ("commitments.0.commitment.sheet.ogp_values", ["magia"], "commitments.0.commitment.sheet.ogp_values"),
        ("commitments.0.commitment.sheet.color", "rojo", "commitments.0.commitment.sheet.color"),
        ("commitments.0.commitment.sheet.title", "Título\x00", "commitments.0.commitment.sheet.title"),
        ("commitments.0.problem_tree.nodes.0.kind", "raíz", "commitments.0.problem_tree.nodes.0.kind"),
        ("commitments.0.problem_tree.nodes.1.id", "problem", "commitments.0.problem_tree.nodes.6.id"),
        ("commitments.0.problem_tree.nodes.0.out_of_scope", "no", "commitments.0.problem_tree.nodes.0.out_of_scope"),
        ("commitments.0.problem_tree.edges.0.target", "nadie", "commitments.0.problem_tree.edges.0.target"),
        ("commitments.0.problem_tree.edges.0.target", "cause-1", "commitments.0.problem_tree.edges.0.target"),
        ("commitments.0.problem_tree.text_only", {"problem": "p"}, "commitments.0.problem_tree.text_only"),
        ("commitments.0.roadmap.activities.2.end", "2022-6-20", "commitments.0.roadmap.activities.2.end"),
        ("commitments.0.roadmap", ["x"], "commitments.0.roadmap"),
        ("commitments.0.extra", 1, "commitments.0.extra"),
        ("secretariat.4.sector", "facilitador", "secretariat.4.sector"),
        ("type", "regional", "type"),
    ],
)
def test_the_dict_form_is_read_strictly(path, value, field):
    with pytest.raises(ValidationError) as raised:
        plan_from_dict(broken(path, value))
    assert raised.value.field == field


def test_a_roadmap_error_inside_a_plan_says_which_commitment():
    with pytest.raises(ValidationError) as raised:
        plan_from_dict(broken("commitments.0.roadmap.activities.2.end", "2022-6-20"))
    assert raised.value.message.startswith(
        "Compromiso 1, hoja de ruta. Fecha no válida en «Actividad 3: fecha de término»"
    )


ID = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
DATE = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))
SECTORS = st.sampled_from(["sociedad_civil", "servicio_publico", "organismo_garante", "academia", "ciudadania"])

sheets = st.fixed_dictionaries(
    {"title": FILLED},
    optional={
        "problem": TEXT,
        "description": TEXT,
        "how_it_helps": TEXT,
        "gender_perspective": TEXT,
        "assumptions": TEXT,
        "other_actors": TEXT,
        "ogp_values": st.lists(
            st.sampled_from(["transparencia", "participacion", "rendicion_de_cuentas", "tecnologia_e_innovacion"]),
            unique=True,
        ),
        "sdgs": st.lists(st.integers(1, 17), unique=True, max_size=4),
    },
)
commitments = st.builds(
    Commitment,
    id=ID,
    workshop_id=ID | st.just(""),
    alternative_id=ID | st.just(""),
    decision_id=ID | st.just(""),
    created_at=st.datetimes(min_value=dt.datetime(2000, 1, 1), timezones=st.just(dt.UTC)),
    status=st.sampled_from(CommitmentStatus),
    sheet=sheets,
)
decisions = st.builds(
    DecisionSummary,
    kind=st.sampled_from(DecisionKind),
    method=st.sampled_from(Method),
    date=DATE,
    participation=st.lists(
        st.tuples(SECTORS, st.integers(0, 50), st.integers(0, 50)), unique_by=lambda t: t[0], max_size=3
    ).map(lambda rows: tuple(SectorParticipation(s, max(a, b), min(a, b)) for s, a, b in rows)),
)


@st.composite
def structures(draw: st.DrawFn) -> PlanTree:
    ids = draw(st.lists(ID, max_size=5, unique=True))
    nodes = tuple(
        TreeNode(
            i,
            draw(st.sampled_from(["problem", "cause", "effect"])),
            draw(TEXT),
            draw(st.booleans()),
            draw(st.none() | st.integers(0, 2**53)),
        )
        for i in ids
    )
    pairs = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=6)) if ids else []
    edges = tuple(TreeEdge(f"l-{n}", s, t) for n, (s, t) in enumerate(pairs) if s != t)
    return PlanTree(nodes, edges)


def plan_trees() -> st.SearchStrategy[PlanTree]:
    text_only = st.builds(
        TreeSummary,
        effects=st.lists(FILLED, max_size=2).map(tuple),
        problem=TEXT,
        causes=st.lists(FILLED, max_size=2).map(tuple),
    ).map(lambda s: PlanTree() if s.is_empty() else PlanTree(text_only=s))
    return structures() | text_only


@st.composite
def entries(draw: st.DrawFn) -> PlanCommitment:
    origin = draw(st.sampled_from(Origin))
    decision = draw(decisions if origin is Origin.CO_CREADO else st.none() | decisions)
    return PlanCommitment(
        origin=origin,
        commitment=draw(commitments),
        roadmap=draw(roadmaps),
        tree=draw(plan_trees()),
        decision=decision,
        mesa=draw(st.none() | st.builds(MesaSummary, title=FILLED, date=st.none() | DATE, entity=TEXT)),
        attendance=tuple(
            draw(
                st.lists(
                    st.builds(
                        SectorAttendance,
                        sector=SECTORS,
                        people=st.integers(0, 500),
                        organizations=st.lists(FILLED, max_size=2).map(tuple),
                    ),
                    unique_by=lambda a: a.sector,
                    max_size=3,
                )
            )
        ),
        minutes=tuple(
            draw(
                st.lists(
                    st.builds(
                        MinuteEntry,
                        at=st.datetimes(min_value=dt.datetime(2000, 1, 1), timezones=st.just(dt.UTC)),
                        text=FILLED,
                    ),
                    max_size=3,
                )
            )
        ),
    )


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    start = draw(DATE)
    return Plan(
        id=draw(ID),
        entity=draw(FILLED),
        type=draw(st.sampled_from(PlanType)),
        start=start,
        end=draw(st.dates(min_value=start, max_value=dt.date(2099, 12, 31))),
        title=draw(TEXT),
        guarantor=draw(TEXT),
        secretariat=tuple(
            draw(st.lists(st.builds(SecretariatMember, name=FILLED, organization=TEXT, sector=SECTORS), max_size=4))
        ),
        approved_on=draw(st.none() | DATE),
        commitments=tuple(draw(st.lists(entries(), max_size=3, unique_by=lambda e: e.id))),
    )


@settings(max_examples=100, deadline=None)
@given(plans())
def test_any_plan_round_trips_through_its_dict(plan):
    data = plan_to_dict(plan)
    assert plan_from_dict(data) == plan
    assert plan_to_dict(plan_from_dict(data)) == data


def test_the_mesa_attendance_and_minutes_round_trip_and_are_read_strictly():
    data = plan_to_dict(seeded_plan())
    entry = data["commitments"][1]
    assert entry["mesa"] == {"title": "Mesa 2: Municipios abiertos", "date": "2021-11-30", "entity": "Estado de México"}
    assert entry["attendance"][0] == {
        "sector": "sociedad_civil",
        "people": 7,
        "organizations": ["Colectivo Ciudadano Toluca", "Red por la Rendición de Cuentas"],
    }
    assert entry["minutes"][0]["at"] == "2021-11-30T16:05:00+00:00"
    assert plan_from_dict(data).commitments[1].minutes == MINUTES
    for path, value, field in (
        (("attendance", 0, "sector"), "vecinos", "commitments.1.attendance.0.sector"),
        (("attendance", 0, "people"), -1, "commitments.1.attendance.0.people"),
        (("minutes", 0, "at"), "ayer", "commitments.1.minutes.0.at"),
        (("minutes", 0, "text"), "", "commitments.1.minutes.0.text"),
        (("mesa", "title"), "", "commitments.1.mesa.title"),
    ):
        broken = copy.deepcopy(data)
        target = broken["commitments"][1]
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        with pytest.raises(ValidationError) as caught:
            plan_from_dict(broken)
        assert caught.value.field == field
    twice = copy.deepcopy(data)
    twice["commitments"][1]["attendance"].append(twice["commitments"][1]["attendance"][0])
    with pytest.raises(ValidationError, match="dos veces"):
        plan_from_dict(twice)
