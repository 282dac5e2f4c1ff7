"""The demo workshop that ``make run`` serves: seed 003's real tree."""

from __future__ import annotations

from dataclasses import dataclass

from workshops.demo import DEMO_WORKSHOP, demo_tree
from workshops.phases import Phase
from workshops.roles import Role

from .services import Services

DEMO_FACILITATOR = "Facilitación (demo)"
# A fixed, public code: anyone who runs the demo may join it.
DEMO_JOIN_CODE = "CAUSAS"


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
