"""The demo workshop: the real problem tree of INFOEM's commitment
"Estrategia de fortalecimiento a la Cultura de Gobierno Abierto"
(shared/seeds/003). The slide lists effects, the central problem and causes
without drawing the links; here every cause leads straight to the problem
and every effect comes straight from it."""

from __future__ import annotations

from .document_schema import KIND_CAUSE, KIND_EFFECT, KIND_PROBLEM

DEMO_WORKSHOP = {
    "title": "Cultura de Gobierno Abierto",
    "entity": "Estado de México",
    "problem_statement": (
        "Desarticulación de los esfuerzos de apertura gubernamental que impiden el desarrollo "
        "de más mecanismos de participación ciudadana en los municipios."
    ),
    "place": "Sala de usos múltiples del Infoem, Metepec",
}

DEMO_PROBLEM = (
    "Desarticulación de los esfuerzos de apertura gubernamental que impiden el desarrollo "
    "de más mecanismos de participación ciudadana en los municipios."
)
DEMO_EFFECTS = (
    "Los ejercicios de participación social que generan los entes públicos se realizan "
    "aisladamente y con un impacto mínimo.",
    "Falta de interés en los ejercicios de gobierno abierto por parte de los sujetos obligados, "
    "sociedad civil y ciudadanía en general.",
)
DEMO_CAUSES = (
    "Falta de consensos sobre las determinaciones que se toman en el ámbito público.",
    "Falta de interacción entre instituciones de Gobierno con la ciudadanía (ejercicios de gobierno abierto).",
    "Inactividad o desconocimiento de ejercicios de gobierno abierto por parte de entes "
    "gubernamentales para activar la participación.",
    "Desconocimiento de los beneficios que trae consigo el gobierno abierto.",
)


def demo_tree() -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """Nodes as (id, kind, text) and edges as (id, source, target)."""
    nodes = [("problem", KIND_PROBLEM, DEMO_PROBLEM)]
    edges = []
    for i, text in enumerate(DEMO_CAUSES, 1):
        nodes.append((f"cause-{i}", KIND_CAUSE, text))
        edges.append((f"edge-cause-{i}", f"cause-{i}", "problem"))
    for i, text in enumerate(DEMO_EFFECTS, 1):
        nodes.append((f"effect-{i}", KIND_EFFECT, text))
        edges.append((f"edge-effect-{i}", "problem", f"effect-{i}"))
    return nodes, edges


# The second demo mesa: the same problem, already at the hoja de ruta, so the
# later phases can be tried without running the whole workshop first.
ROADMAP_DEMO_WORKSHOP = {
    "title": "Municipios abiertos: hoja de ruta",
    "entity": "Estado de México",
    "problem_statement": DEMO_WORKSHOP["problem_statement"],
    "place": DEMO_WORKSHOP["place"],
}
ROADMAP_DEMO_PEOPLE = (
    {"name": "Ana Pérez", "sector": "sociedad_civil", "organization": "Colectivo Ciudadano Toluca"},
    {"name": "Luis Gómez", "sector": "servicio_publico", "organization": "Ayuntamiento de Metepec"},
    {"name": "Marta Ruiz", "sector": "academia", "organization": "Universidad Autónoma del Estado de México"},
    {"name": "Jorge Díaz", "sector": "ciudadania", "organization": ""},
)
ROADMAP_DEMO_ALTERNATIVES = (
    {
        "title": "Red de enlaces municipales de gobierno abierto",
        "description": "Una persona enlace por municipio, con reuniones trimestrales y un tablero público de avances.",
        "addresses": ["cause-1", "cause-2"],
    },
    {
        "title": "Curso en línea de gobierno abierto para personas servidoras públicas",
        "description": "Un curso abierto, con constancia, sobre transparencia proactiva y participación.",
        "addresses": ["cause-3"],
    },
)
ROADMAP_DEMO_SHEET = {
    "description": (
        "Conformar una red de enlaces municipales de gobierno abierto que coordine los esfuerzos de apertura "
        "y publique sus avances."
    ),
    "how_it_helps": (
        "Articula a los municipios alrededor de una agenda común y abre un espacio estable de participación."
    ),
    "ogp_values": ["participacion", "rendicion_de_cuentas"],
    "sdgs": [16],
}

# The demo's hoja de ruta as the mesa has written it so far: everything but
# the indicator's means of verification, which the live check asks for.
ROADMAP_DEMO_DRAFT = {
    "responsible": {
        "name": "Adriana Yadira Cárdenas Tagle",
        "position": "Directora General de Transparencia, Acceso a la Información Pública y Gobierno Abierto",
        "institution": "Ayuntamiento de Toluca",
    },
    "organizations": [
        {"name": "Red Mexiquense de Gobierno Abierto", "contact": "Secretaría técnica de la Red"},
    ],
    "activities": [
        {
            "description": "Instalar la red de enlaces con una persona enlace por municipio participante.",
            "responsible": "Dirección General de Transparencia",
            "start": "2027-01-11",
            "end": "2027-03-31",
            "products": "Acta de instalación\nDirectorio de enlaces",
            "verification": "Acta publicada en el micrositio de gobierno abierto",
            "weight": 30,
        },
        {
            "description": "Capacitar a los enlaces en apertura de datos y participación ciudadana.",
            "responsible": "Unidad de Capacitación",
            "start": "2027-04-05",
            "end": "2027-07-30",
            "products": "Programa de capacitación\nConstancias",
            "verification": "Listas de asistencia\nMemoria fotográfica",
            "weight": 30,
        },
        {
            "description": "Publicar el primer informe de avances de los municipios de la red.",
            "responsible": "Dirección General de Transparencia",
            "start": "2027-08-02",
            "end": "2027-11-12",
            "products": "Informe de avances",
            "verification": "Informe publicado en formatos abiertos",
            "weight": 40,
        },
    ],
    "result": "Una red de enlaces municipales que coordina la apertura y rinde cuentas de sus avances.",
    "products": "Red instalada\nEnlaces capacitados\nInforme anual de avances",
    "indicators": [
        {
            "name": "Municipios con enlace capacitado",
            "definition": "Municipios de la red cuya persona enlace concluyó la capacitación.",
            "method": "(Municipios con enlace capacitado / municipios de la red) × 100",
            "unit": "Porcentaje",
            "frequency": "Trimestral",
            "baseline": {"value": 0, "year": 2026},
            "goal": 80,
            "direction": "ascendente",
        },
    ],
    "verification": "Micrositio de gobierno abierto del Ayuntamiento",
    "start": "2027-01-11",
    "end": "2027-11-19",
}
