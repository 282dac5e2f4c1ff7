"""The demo's published Plan de Acción (``make run``): two commitments with
their hojas de ruta agreed, dated around the day the demo is seeded so its
follow-up has a few months of history (server/demo.py records it)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from .commitment import advance_status, create_preliminary, update_sheet
from .demo import ROADMAP_DEMO_DRAFT, ROADMAP_DEMO_SHEET
from .plan import Origin, Plan, PlanCommitment
from .plan_editing import attach_commitment, create_plan
from .roadmap import parse_roadmap
from .roadmap_validation import agree_roadmap
from .roles import Role

FOLLOW_UP_DEMO_PLAN_ID = "demo-seguimiento"
# Days from the day the demo is seeded: the plan started some five months ago.
PLAN_STARTED, PLAN_ENDS = -150, 215
FOLLOW_UP_DEMO_PLAN = {
    "title": "Plan de Acción Municipal de Gobierno Abierto de Toluca (demostración)",
    "entity": "Ayuntamiento de Toluca",
    "type": "municipal",
    "guarantor": "Instituto de Transparencia, Acceso a la Información Pública y Protección de Datos Personales "
    "del Estado de México y Municipios (Infoem)",
    "secretariat": [
        {
            "name": "Colectivo Ciudadano Toluca",
            "organization": "Colectivo Ciudadano Toluca",
            "sector": "sociedad_civil",
        },
        {"name": "Dirección de Transparencia", "organization": "Ayuntamiento de Toluca", "sector": "servicio_publico"},
        {"name": "Infoem", "organization": "Infoem", "sector": "organismo_garante"},
    ],
}
LIST_FIELDS = ("products", "verification")
SHEET_EXTRAS: dict[str, object] = {
    "gender_perspective": "Paridad en las personas enlace y en las mesas de trabajo.",
    "assumptions": "Los municipios designan a sus enlaces y comparten su información.",
    "other_actors": "Red Mexiquense de Gobierno Abierto; Infoem.",
}
# Each activity's days (start, end) from the seeding day, in each commitment's order.
RED_DAYS = ((-150, -100), (-95, 30), (-60, -5))
OBRA_DAYS = ((-140, -60), (-50, 60))
OBRA_SHEET = {
    "description": "Publicar en datos abiertos cada obra pública municipal: contrato, avance físico y financiero.",
    "how_it_helps": "La ciudadanía sigue cada obra y puede señalar retrasos a tiempo.",
    "ogp_values": ["transparencia", "rendicion_de_cuentas"],
    "sdgs": [11, 16],
}
OBRA_ROADMAP: dict[str, Any] = {
    "responsible": {
        "name": "Responsable de Obras Públicas",
        "position": "Director de Obras Públicas",
        "institution": "Ayuntamiento de Toluca",
    },
    "organizations": [{"name": "Colectivo Ciudadano Toluca", "contact": "Coordinación"}],
    "activities": [
        {
            "description": "Definir con la ciudadanía el formato abierto de las obras públicas.",
            "responsible": "Dirección de Obras Públicas",
            "products": "Formato acordado",
            "verification": "Minuta de la reunión publicada",
            "weight": 40,
        },
        {
            "description": "Publicar mes a mes el avance de las obras en el portal de datos abiertos.",
            "responsible": "Dirección de Obras Públicas",
            "products": "Conjunto de datos mensual",
            "verification": "Conjunto de datos en el portal",
            "weight": 60,
        },
    ],
    "result": "Cada obra pública municipal con su avance en datos abiertos, actualizado cada mes.",
    "products": "Formato abierto\nConjunto de datos mensual",
    "indicators": [
        {
            "name": "Obras publicadas en datos abiertos",
            "definition": "Obras en curso con su avance publicado en el mes.",
            "method": "(Obras publicadas / obras en curso) × 100",
            "unit": "Porcentaje",
            "frequency": "Mensual",
            "baseline": {"value": 0, "year": 2026},
            "goal": 100,
            "direction": "ascendente",
            "verification": "Portal de datos abiertos del Ayuntamiento",
        }
    ],
    "verification": "Portal de datos abiertos del Ayuntamiento",
}


def _dated(roadmap: dict[str, Any], days: tuple[tuple[int, int], ...], today: dt.date) -> dict[str, Any]:
    data = copy.deepcopy(roadmap)
    for activity, (start, end) in zip(data["activities"], days, strict=True):
        activity["start"] = (today + dt.timedelta(days=start)).isoformat()
        activity["end"] = (today + dt.timedelta(days=end)).isoformat()
    data["start"] = data["activities"][0]["start"]
    data["end"] = max(a["end"] for a in data["activities"])
    for indicator in data["indicators"]:
        indicator.setdefault("verification", data["verification"])
    # The live hoja de ruta keeps lists as lines of text; the parser reads lists.
    for item in (data, *data["activities"], *data["indicators"]):
        for key in LIST_FIELDS:
            if isinstance(item.get(key), str):
                item[key] = [line for line in item[key].splitlines() if line.strip()]
    return data


def follow_up_demo_plan(today: dt.date, now: dt.datetime, actor_id: str) -> Plan:
    """The demo plan as of ``today`` (not published yet: the server publishes it)."""
    role = Role.FACILITATOR
    start, end = today + dt.timedelta(days=PLAN_STARTED), today + dt.timedelta(days=PLAN_ENDS)
    data = FOLLOW_UP_DEMO_PLAN | {"start": start.isoformat(), "end": end.isoformat(), "approved_on": start.isoformat()}
    plan, _ = create_plan(data, plan_id=FOLLOW_UP_DEMO_PLAN_ID, actor_role=role, actor_id=actor_id)
    for commitment_id, title, problem, sheet, roadmap, days in (
        (
            "demo-red",
            "Red de enlaces municipales de gobierno abierto",
            "Desarticulación de los esfuerzos de apertura gubernamental en los municipios.",
            ROADMAP_DEMO_SHEET,
            ROADMAP_DEMO_DRAFT,
            RED_DAYS,
        ),
        (
            "demo-obra",
            "Obra pública en datos abiertos",
            "La ciudadanía no conoce el avance de las obras públicas municipales.",
            OBRA_SHEET,
            OBRA_ROADMAP,
            OBRA_DAYS,
        ),
    ):
        commitment, _ = create_preliminary(
            commitment_id=commitment_id,
            workshop_id="demo",
            alternative_id=f"alt-{commitment_id}",
            decision_id=f"dec-{commitment_id}",
            title=title,
            problem=problem,
            now=now,
            actor_role=role,
            actor_id=actor_id,
        )
        commitment, _ = update_sheet(commitment, SHEET_EXTRAS | sheet, actor_role=role, actor_id=actor_id)
        commitment, _ = advance_status(commitment, "en_revision", actor_role=role, actor_id=actor_id)
        commitment, _ = advance_status(commitment, "definitivo", actor_role=role, actor_id=actor_id)
        agreed, _ = agree_roadmap(
            parse_roadmap(_dated(roadmap, days, today)),
            plan_term=(start, end),
            now=now,
            actor_role=role,
            actor_id=actor_id,
        )
        plan, _ = attach_commitment(
            plan, PlanCommitment(Origin.PROACTIVO, commitment, agreed), actor_role=role, actor_id=actor_id
        )
    return plan
