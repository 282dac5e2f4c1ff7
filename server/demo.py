"""The demo workshop that ``make run`` serves: seed 003's real tree."""

from __future__ import annotations

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
