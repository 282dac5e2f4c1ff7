"""Published plans for the follow-up exporters' tests, the screenshots and
the benchmark: a small one with every case the public page shows (verified,
late, returned, awaiting verification, file and link evidence, two
measurements, a six-month and a final review, public history) and a large
generated one."""

from __future__ import annotations

import datetime as dt
import hashlib

from exporters.follow_up_publication import (
    Evidence,
    HistoryEntry,
    PublicActivity,
    PublicCommitment,
    PublicIndicator,
    PublishedPlan,
    Review,
)
from workshops.follow_up import (
    ActivityStatus,
    CommitmentReview,
    Completion,
    FollowUpRole,
    Measurement,
    OpenedGovernment,
    ReviewKind,
    Update,
)
from workshops.plan import Origin
from workshops.roadmap import Direction

UTC = dt.UTC
TODAY = dt.date(2027, 7, 15)
PUBLIC_URL = "https://cocrea.example.mx/p/plan-1"


def at(day: str, hour: int = 17) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def digest(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def sample_plan(note: str = "Se realizó la primera mesa de trabajo con 16 personas.") -> PublishedPlan:
    """Two commitments; activity a-1-2 is late, a-1-3 returned, a-1-4 awaits
    verification, a-1-1 and a-2-1 are verified."""
    c1 = PublicCommitment(
        id="c-1",
        title="Cultura de Gobierno Abierto",
        objective=(
            "Articular las agendas local y municipal de gobierno abierto para convertirlas, con las "
            "organizaciones de la sociedad civil, en una estrategia estatal."
        ),
        problem="Pocos municipios conocen y practican la apertura institucional.",
        origin=Origin.PROACTIVO,
        responsible_position="Directora de Gobierno Abierto",
        responsible_institution="Instituto de Transparencia del Estado",
        organizations=("Colectivo Ciudadano por la Apertura A.C.",),
        result="Una estrategia estatal de apertura acordada con la sociedad civil.",
        start=dt.date(2027, 1, 1),
        end=dt.date(2027, 12, 31),
        activities=(
            PublicActivity(
                "a-1-1",
                "Construir un estudio de las condiciones de apertura institucional a nivel municipal",
                dt.date(2027, 1, 15),
                dt.date(2027, 4, 30),
                30,
                "Dirección de Gobierno Abierto",
                ("Estudio publicado",),
            ),
            PublicActivity(
                "a-1-2",
                "Foros regionales de intercambio de prácticas de apertura",
                dt.date(2027, 3, 1),
                dt.date(2027, 6, 30),
                30,
                "Dirección de Vinculación",
            ),
            PublicActivity(
                "a-1-3",
                "Agenda local de difusión: infografías, micrositio y jornadas",
                dt.date(2027, 2, 1),
                dt.date(2027, 9, 30),
                20,
            ),
            PublicActivity(
                "a-1-4",
                "Firmas de declaratoria conjunta en cuatro municipios",
                dt.date(2027, 5, 1),
                dt.date(2027, 11, 30),
                20,
            ),
        ),
        indicators=(
            PublicIndicator(
                "i-1-1", "Municipios que responden el cuestionario", 60, 110, Direction.ASCENDENTE, "municipios", 2026
            ),
            PublicIndicator(
                "i-1-2", "Días promedio de respuesta a solicitudes", 18, 10, Direction.DESCENDENTE, "días", 2026
            ),
        ),
        conclusions="Se alcanzó el objetivo previsto: la estrategia estatal quedó acordada con la sociedad civil.",
    )
    c2 = PublicCommitment(
        id="c-2",
        title="Presupuesto participativo en línea",
        objective="Publicar en datos abiertos cada etapa del presupuesto participativo.",
        origin=Origin.CO_CREADO,
        responsible_institution="Tesorería Municipal",
        start=dt.date(2027, 1, 1),
        end=dt.date(2027, 12, 31),
        activities=(
            PublicActivity("a-2-1", "Publicar el calendario", dt.date(2027, 1, 1), dt.date(2027, 2, 28), None),
            PublicActivity("a-2-2", "Abrir la consulta", dt.date(2027, 3, 1), dt.date(2027, 10, 31), None),
        ),
    )
    updates = (
        Update(
            "a-1-1", ActivityStatus.INICIADA, "Convocatoria publicada.", (), FollowUpRole.RESPONSABLE, at("2027-01-20")
        ),
        Update(
            "a-1-1",
            ActivityStatus.POR_VERIFICAR,
            note,
            ("https://infoem.example.mx/estudio-apertura.pdf",),
            FollowUpRole.RESPONSABLE,
            at("2027-04-28"),
        ),
        Update("a-1-1", ActivityStatus.VERIFICADA, "", (), FollowUpRole.VERIFIER, at("2027-05-03")),
        Update(
            "a-1-2", ActivityStatus.INICIADA, "Dos foros hechos.", (), FollowUpRole.CORRESPONSABLE, at("2027-04-10")
        ),
        Update(
            "a-1-3",
            ActivityStatus.POR_VERIFICAR,
            "Micrositio en línea.",
            (),
            FollowUpRole.RESPONSABLE,
            at("2027-05-10"),
        ),
        Update(
            "a-1-3",
            ActivityStatus.DEVUELTA,
            "Falta la evidencia de las jornadas.",
            (),
            FollowUpRole.VERIFIER,
            at("2027-05-20"),
        ),
        Update(
            "a-1-4",
            ActivityStatus.POR_VERIFICAR,
            "Firmadas en Chimalhuacán y Villa Guerrero.",
            ("https://infoem.example.mx/firmas",),
            FollowUpRole.RESPONSABLE,
            at("2027-07-01"),
        ),
        Update(
            "a-2-1",
            ActivityStatus.POR_VERIFICAR,
            "Calendario publicado.",
            (),
            FollowUpRole.RESPONSABLE,
            at("2027-02-20"),
        ),
        Update("a-2-1", ActivityStatus.VERIFICADA, "", (), FollowUpRole.EDITOR, at("2027-02-25")),
    )
    evidence = (
        Evidence(
            "a-1-1",
            "estudio-condiciones-apertura.pdf",
            "application/pdf",
            2_345_678,
            digest("estudio"),
            "/api/public/plans/plan-1/evidence/e-1",
            at=at("2027-04-28"),
        ),
        Evidence(
            "a-1-4",
            "firmas.jpg",
            "image/jpeg",
            345_000,
            digest("firmas"),
            "/api/public/plans/plan-1/evidence/e-2",
            at=at("2027-07-01"),
        ),
    )
    measurements = (
        Measurement("i-1-1", "2027-03", 88, "Primera ronda.", at("2027-04-01")),
        Measurement("i-1-1", "2027-06", 117, "117 de 125 municipios.", at("2027-07-01")),
        Measurement("i-1-2", "2027-06", 14, "", at("2027-07-02")),
    )
    reviews = (
        Review(
            ReviewKind.SEGUIMIENTO_SEMESTRAL,
            at("2027-07-05"),
            (
                CommitmentReview("c-1", Completion.SUSTANCIAL, OpenedGovernment.MARGINAL, "Buena", "Alta", "Avanza."),
                CommitmentReview("c-2", Completion.LIMITADO, OpenedGovernment.NO_CAMBIO, "", "", ""),
            ),
        ),
        Review(
            ReviewKind.EVALUACION_FINAL,
            at("2027-07-14"),
            (
                CommitmentReview(
                    "c-1", Completion.COMPLETO, OpenedGovernment.MAYOR, "Alta", "Alta", "Objetivo alcanzado."
                ),
                CommitmentReview("c-2", Completion.SUSTANCIAL, OpenedGovernment.MARGINAL, "", "", ""),
            ),
        ),
    )
    history = (HistoryEntry(at("2027-03-02"), "Se corrigió la fecha de término de la actividad 2 del compromiso 1."),)
    return PublishedPlan(
        id="plan-1",
        title="1er Plan de Acción Local de Gobierno Abierto",
        entity="Estado de México",
        guarantor="Instituto de Transparencia del Estado",
        start=dt.date(2027, 1, 1),
        end=dt.date(2027, 12, 31),
        published_at=at("2026-12-19"),
        public_url=PUBLIC_URL,
        commitments=(c1, c2),
        updates=updates,
        evidence=evidence,
        measurements=measurements,
        reviews=reviews,
        history=history,
    )


def large_plan(commitments: int = 20, activities: int = 10, months: int = 12) -> PublishedPlan:
    """``commitments`` × ``activities``, each activity with an update (and a
    link) every month, the odd ones verified at the end; two indicators per
    commitment measured monthly; a six-month review."""
    start = dt.date(2027, 1, 1)
    shown: list[PublicCommitment] = []
    updates: list[Update] = []
    evidence: list[Evidence] = []
    measurements: list[Measurement] = []
    for c in range(1, commitments + 1):
        acts = []
        for a in range(1, activities + 1):
            aid = f"a-{c}-{a}"
            end = dt.date(2027, 1 + (a % 12), 28)
            acts.append(PublicActivity(aid, f"Actividad {a} del compromiso {c}: " + "texto " * 12, start, end, 10))
            for m in range(1, months + 1):
                status = ActivityStatus.INICIADA if m < months else ActivityStatus.POR_VERIFICAR
                updates.append(
                    Update(
                        aid,
                        status,
                        f"Avance del mes {m}: " + "detalle " * 20,
                        (f"https://ejemplo.gob.mx/{aid}/{m}",),
                        FollowUpRole.RESPONSABLE,
                        at(f"2027-{m:02d}-15"),
                    )
                )
            if a % 2:
                updates.append(Update(aid, ActivityStatus.VERIFICADA, "", (), FollowUpRole.VERIFIER, at("2027-12-20")))
            evidence.append(
                Evidence(aid, f"{aid}.pdf", "application/pdf", 100_000, digest(aid), f"/e/{aid}", at=at("2027-12-15"))
            )
        inds = tuple(
            PublicIndicator(f"i-{c}-{i}", f"Indicador {i}", 10, 50, Direction.ASCENDENTE, "casos") for i in (1, 2)
        )
        for ind in inds:
            for m in range(1, months + 1):
                measurements.append(Measurement(ind.id, f"2027-{m:02d}", 10 + 3 * m, "", at(f"2027-{m:02d}-20")))
        shown.append(
            PublicCommitment(
                id=f"c-{c}",
                title=f"Compromiso de prueba {c}",
                objective="Objetivo " * 20,
                start=start,
                end=dt.date(2027, 12, 31),
                activities=tuple(acts),
                indicators=inds,
            )
        )
    review = Review(
        ReviewKind.SEGUIMIENTO_SEMESTRAL,
        at("2027-07-05"),
        tuple(CommitmentReview(c.id, Completion.LIMITADO, OpenedGovernment.MARGINAL, "q", "r", "n") for c in shown),
    )
    return PublishedPlan(
        id="plan-large",
        title="Plan grande",
        entity="Ente",
        guarantor="Garante",
        start=start,
        end=dt.date(2027, 12, 31),
        published_at=at("2026-12-19"),
        public_url="https://cocrea.example.mx/p/plan-large",
        commitments=tuple(shown),
        updates=tuple(updates),
        evidence=tuple(evidence),
        measurements=tuple(measurements),
        reviews=(review,),
    )
