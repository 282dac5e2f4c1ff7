"""The demo workshop that ``make run`` serves: seed 003's real tree."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pycrdt import Map

from workshops.demo import (
    DEMO_WORKSHOP,
    ROADMAP_DEMO_ALTERNATIVES,
    ROADMAP_DEMO_DRAFT,
    ROADMAP_DEMO_PEOPLE,
    ROADMAP_DEMO_SHEET,
    ROADMAP_DEMO_WORKSHOP,
    demo_tree,
)
from workshops.document_schema import ARTIFACT_ROADMAP, ROADMAP_ITEMS
from workshops.phases import Phase
from workshops.roles import Role

from .roadmap import filled_roadmap
from .services import Services, new_id, now

if TYPE_CHECKING:
    from .app import Cocrea

DEMO_FACILITATOR = "Facilitación (demo)"
# A fixed, public code: anyone who runs the demo may join it.
DEMO_JOIN_CODE = "CAUSAS"
ROADMAP_DEMO_JOIN_CODE = "RUTA26"


@dataclass(frozen=True)
class Demo:
    workshop_id: str
    join_code: str
    facilitator_token: str


async def ensure_demo(services: Services) -> Demo:
    """Find the demo workshop, creating it (with its tree) on first run."""
    workshop = await services.store.find_workshop_by_code(DEMO_JOIN_CODE)
    if workshop is None:
        created = await services.create_workshop(
            {**DEMO_WORKSHOP, "facilitator_name": DEMO_FACILITATOR}, join_code=DEMO_JOIN_CODE
        )
        nodes, edges = demo_tree()
        await services.seed_tree(created.workshop.id, nodes, edges, author=created.facilitator.id)
        await services.set_phase(created.workshop.id, created.facilitator, Phase.ARBOL_DE_PROBLEMAS)
        return Demo(created.workshop.id, DEMO_JOIN_CODE, created.token)
    people = await services.store.list_participants(workshop.id)
    facilitator = next(p for p in people if p.role is Role.FACILITATOR)
    return Demo(workshop.id, DEMO_JOIN_CODE, services.sessions.issue(workshop.id, facilitator.id))


async def ensure_roadmap_demo(cocrea: Cocrea) -> Demo:
    """A second mesa already at the hoja de ruta: four participants, two
    alternatives, an approval vote, the majority decision and its commitment."""
    services = cocrea.services
    workshop = await services.store.find_workshop_by_code(ROADMAP_DEMO_JOIN_CODE)
    if workshop is not None:
        people = await services.store.list_participants(workshop.id)
        facilitator = next(p for p in people if p.role is Role.FACILITATOR)
        return Demo(workshop.id, ROADMAP_DEMO_JOIN_CODE, services.sessions.issue(workshop.id, facilitator.id))
    created = await services.create_workshop(
        # Held today: the plan's documents date the mesa.
        {**ROADMAP_DEMO_WORKSHOP, "date": now().date().isoformat(), "facilitator_name": DEMO_FACILITATOR},
        join_code=ROADMAP_DEMO_JOIN_CODE,
    )
    workshop_id, facilitator = created.workshop.id, created.facilitator
    nodes, edges = demo_tree()
    await services.seed_tree(workshop_id, nodes, edges, author=facilitator.id)
    people = []
    for person in ROADMAP_DEMO_PEOPLE:
        joined, _ = await services.join(
            workshop_id,
            {
                **person,
                "join_code": ROADMAP_DEMO_JOIN_CODE,
                "accept_privacy_notice": True,
                "accept_code_of_conduct": True,
            },
        )
        people.append(joined)
    await services.set_phase(workshop_id, facilitator, Phase.ALTERNATIVAS)
    proposed = [
        await cocrea.alternatives.propose(workshop_id, author, dict(data))
        for author, data in zip(people, ROADMAP_DEMO_ALTERNATIVES, strict=False)
    ]
    await services.set_phase(workshop_id, facilitator, Phase.VOTACION)
    options = [a["id"] for a in proposed]
    vote = await cocrea.voting.open(
        workshop_id,
        facilitator,
        {"method": "approval", "options": options, "question": "¿Qué alternativas apoyas?"},
    )
    for i, voter in enumerate(people):
        await cocrea.voting.cast(workshop_id, voter, vote["id"], {"approve": options[: 1 + i % 2]})
    await cocrea.voting.close(workshop_id, facilitator, vote["id"])
    decision = await cocrea.voting.decide(
        workshop_id,
        facilitator,
        {
            "round_id": vote["id"],
            "kind": "majority",
            "alternative_id": options[0],
            "note": "Tras una discusión amplia sin consenso, la mesa decidió por mayoría.",
        },
    )
    await cocrea.commitments.update(workshop_id, people[0], decision["commitment_id"], dict(ROADMAP_DEMO_SHEET))
    await services.set_phase(workshop_id, facilitator, Phase.HOJA_DE_RUTA)
    commitment_id = decision["commitment_id"]
    async with services.rooms.joined(f"{workshop_id}/{ARTIFACT_ROADMAP}") as room:
        room.edit(
            lambda doc: doc.get(ROADMAP_ITEMS, type=Map).__setitem__(
                commitment_id, filled_roadmap(ROADMAP_DEMO_DRAFT, new_id)
            )
        )
        await room.flush()
    return Demo(workshop_id, ROADMAP_DEMO_JOIN_CODE, created.token)


# A small, valid PDF: the demo's evidence file.
DEMO_EVIDENCE_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


@dataclass(frozen=True)
class FollowUpDemo:
    plan_id: str
    editor_token: str


async def ensure_follow_up_demo(cocrea: Cocrea) -> FollowUpDemo:
    """A published Plan de Acción with some five months of follow-up: the
    first activity of each commitment verified (one with a PDF), one returned
    (devuelta), one late, one started, two measurements and the six-month
    review. Reports carry the days they would have been made; the review and
    the measurements are recorded on the day the demo is seeded. The plan
    is valid (``validate_plan``, tests/server/test_demo.py)."""
    from workshops.demo_plan import FOLLOW_UP_DEMO_PLAN_ID, PLAN_STARTED, follow_up_demo_plan
    from workshops.follow_up import FollowUpRole, report, verify
    from workshops.plan_serialization import plan_to_dict
    from workshops.workshop import Event

    from .follow_up_link import Actor
    from .follow_up_state import activity_key, today
    from .storage import StoredPlan, StoredPlanFile, StoredPlanRecord

    plans, follow_up = cocrea.plans, cocrea.follow_up
    editor = plans._new_editor(FOLLOW_UP_DEMO_PLAN_ID)
    if await cocrea.store.find_plan(FOLLOW_UP_DEMO_PLAN_ID) is not None:
        return FollowUpDemo(FOLLOW_UP_DEMO_PLAN_ID, editor.token)
    day, at = today(), now()
    plan = follow_up_demo_plan(day, at, editor.editor_id)
    created = Event("plan_imported", {"plan_id": plan.id, "commitments": len(plan.commitments)}, editor.editor_id)
    await cocrea.store.insert_plan(StoredPlan(plan.id, at, at, plan_to_dict(plan)), [created])
    me = Actor(plan.id, FollowUpRole.EDITOR, editor.editor_id)
    # Published when its term began (what publish() records, dated then).
    published = at + dt.timedelta(days=PLAN_STARTED + 2)
    record = StoredPlanRecord(
        f"{plan.id}/publication", plan.id, "publication", None, published, {"published_at": published.isoformat()}
    )
    await cocrea.store.insert_plan_records(plan.id, [record], [Event("plan_published", {"plan_id": plan.id}, me.id)])
    red, obra = plan.commitments
    actors = {}
    for entry in plan.commitments:
        link_id, _ = await follow_up.create_link(
            me, FollowUpRole.RESPONSABLE, entry.id, {"name": "Enlace de la demostración", "organization": ""}
        )
        actors[entry.id] = Actor(plan.id, FollowUpRole.RESPONSABLE, link_id, entry.id)
    verifier_id, _ = await follow_up.create_link(me, FollowUpRole.VERIFIER, None, {"name": "Infoem (demostración)"})
    verifier = Actor(plan.id, FollowUpRole.VERIFIER, verifier_id)

    def when(days: int) -> dt.datetime:
        return at + dt.timedelta(days=days)

    # (commitment, activity index, days ago, what, status or decision, note, with the PDF)
    history = (
        (red, 0, -125, "report", "iniciada", "Se convocó a los 12 municipios de la red.", False),
        (red, 0, -104, "report", "por_verificar", "Red instalada: acta firmada por 11 municipios.", True),
        (red, 0, -96, "verify", "verificada", "El acta está publicada en el micrositio.", False),
        (red, 1, -60, "report", "iniciada", "Primeras dos sesiones de capacitación.", False),
        (red, 1, -14, "report", "por_verificar", "Capacitación concluida.", False),
        (red, 1, -9, "verify", "devuelta", "Faltan las listas de asistencia de la segunda sesión.", False),
        (red, 2, -40, "report", "iniciada", "Se recopila la información de los municipios.", False),
        (obra, 0, -120, "report", "iniciada", "Reunión con la ciudadanía para el formato.", False),
        (obra, 0, -70, "report", "por_verificar", "Formato acordado y publicado.", False),
        (obra, 0, -65, "verify", "verificada", "Minuta publicada.", False),
        (obra, 1, -30, "report", "iniciada", "Primer conjunto de datos mensual en preparación.", False),
    )
    for entry, index, days, what, status, note, with_pdf in history:
        activity_id = entry.activity_ids[index]
        key = activity_key(entry.id, activity_id)
        previous = await follow_up._updates(plan.id, key)
        if what == "report":
            who = actors[entry.id]
            update = report(previous, key, role=who.role, status=status, note=note, links=[], now=when(days))
        else:
            who = verifier
            update = verify(previous, key, role=who.role, decision=status, reason=note, now=when(days))
        evidence, files = [], []
        if with_pdf:
            file_id = "ev-" + new_id()
            files.append(StoredPlanFile(file_id, plan.id, when(days), DEMO_EVIDENCE_PDF))
            evidence.append(
                {
                    "id": file_id,
                    "name": "acta-de-instalacion.pdf",
                    "media_type": "application/pdf",
                    "size": len(DEMO_EVIDENCE_PDF),
                    "sha256": hashlib.sha256(DEMO_EVIDENCE_PDF).hexdigest(),
                }
            )
        await follow_up._store_update(who, entry.id, activity_id, update, evidence, files)
    indicator = red.indicator_ids[0]
    for days, value in ((-90, 25), (-30, 45)):
        period = (day + dt.timedelta(days=days)).strftime("%Y-%m")
        note = "Municipios con su enlace capacitado, de los 12 de la red."
        await follow_up.record_measurement(
            actors[red.id], red.id, indicator, {"period": period, "value": value, "note": note}
        )
    await follow_up.record_review(
        verifier,
        {
            "kind": "seguimiento_semestral",
            "commitments": [
                {
                    "commitment_id": red.id,
                    "completion": "limitado",
                    "opened_government": "marginal",
                    "quality": "La red se instaló a tiempo.",
                    "relevance": "Alta: coordina a los municipios.",
                    "notes": "La capacitación debe documentar la asistencia.",
                },
                {
                    "commitment_id": obra.id,
                    "completion": "sustancial",
                    "opened_government": "mayor",
                    "quality": "El formato se acordó con la ciudadanía.",
                    "relevance": "Alta.",
                    "notes": "Falta la publicación mensual.",
                },
            ],
        },
    )
    return FollowUpDemo(plan.id, editor.token)
