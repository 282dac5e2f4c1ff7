"""The hoja de ruta: parsing, the live validation rules and the agreement.

The seed is INFOEM's commitment "Estrategia de fortalecimiento a la Cultura
de Gobierno Abierto" (shared/seeds/003), with the activities its final
report lists (shared/seeds/002).
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshops.errors import ConflictError, NotAllowedError, ValidationError
from workshops.roadmap import (
    MAX_ACTIVITIES,
    Activity,
    Baseline,
    Direction,
    Indicator,
    Organization,
    ResponsibleOfficial,
    Roadmap,
    describe,
    one_year_from,
    parse_roadmap,
    roadmap_from_dict,
    roadmap_to_dict,
)
from workshops.roadmap_validation import agree_roadmap, validate_roadmap
from workshops.roles import Role
from workshops.tree_check import Severity
from workshops.workshop import clean_text

NOW = dt.datetime(2022, 1, 14, 18, 30, tzinfo=dt.UTC)
# The 1st Plan de Acción Local of the Estado de México was launched on
# 19 December 2021; INFOEM's report closes in June 2023.
PLAN_TERM = (dt.date(2021, 12, 19), dt.date(2023, 6, 30))
INFOEM_AREA = "Dirección General de Transparencia, Acceso a la Información Pública y Gobierno Abierto"
MICROSITE = "Micrositio de Gobierno Abierto del Infoem"

INFOEM_ROADMAP = {
    "responsible": {
        "name": "Adriana Yadira Cárdenas Tagle",
        "position": "Directora General de Transparencia, Acceso a la Información Pública y Gobierno Abierto",
        "institution": "Instituto de Transparencia, Acceso a la Información Pública y Protección de Datos "
        "Personales del Estado de México y Municipios (Infoem)",
    },
    "organizations": [{"name": "Red Mexiquense de Gobierno Abierto", "contact": "Secretaría técnica de la Red"}],
    "activities": [
        {
            "description": "Emitir la convocatoria pública para integrar un equipo multidisciplinario que genere "
            "el cuestionario sobre las condiciones de apertura en municipios mexiquenses.",
            "responsible": INFOEM_AREA,
            "start": "2022-01-20",
            "end": "2022-02-04",
            "products": ["Convocatoria pública"],
            "verification": [f"Convocatoria publicada en el {MICROSITE}"],
            "weight": 10,
        },
        {
            "description": "Integrar el grupo de trabajo y construir un formulario de 64 reactivos en 5 dimensiones: "
            "Normatividad, Transparencia, Participación Ciudadana, Rendición de Cuentas y TIC.",
            "responsible": INFOEM_AREA,
            "start": "2022-02-18",
            "end": "2022-03-25",
            "products": ["Formulario de 64 reactivos"],
            "verification": ["Lista de asistencia de la primera reunión (16 personas)", "Minutas de las mesas"],
            "weight": 20,
        },
        {
            "description": "Enviar el formulario a los 125 municipios y recibir sus respuestas.",
            "responsible": INFOEM_AREA,
            "start": "2022-06-08",
            "end": "2022-06-20",
            "products": ["Respuestas de 117 municipios (93.6 %)"],
            "verification": ["Oficios de envío a los municipios", "Base de datos de respuestas"],
            "weight": 15,
        },
        {
            "description": "Aprobar y publicar el Estudio de condiciones de apertura institucional a nivel municipal.",
            "responsible": INFOEM_AREA,
            "start": "2023-04-28",
            "end": "2023-04-29",
            "products": ["Estudio de condiciones de apertura"],
            "verification": ["Acta de la 17ª Sesión Ordinaria del Secretariado Técnico Local", "Página del Infoem"],
            "weight": 20,
        },
        {
            "description": "Realizar Foros Regionales de Gobierno Abierto en Chimalhuacán, Cuautitlán Izcalli, "
            "Nicolás Romero y Villa Guerrero.",
            "responsible": INFOEM_AREA,
            "start": "2022-08-01",
            "end": "2022-11-30",
            "products": ["4 Foros Regionales", "Firmas de Declaratoria Conjunta"],
            "verification": ["Memoria fotográfica de los foros", "Declaratorias firmadas"],
            "weight": 20,
        },
        {
            "description": "Realizar las Jornadas de Gobierno Abierto 2023 para articular la agenda estatal "
            "de apertura.",
            "responsible": INFOEM_AREA,
            "start": "2023-06-06",
            "end": "2023-06-08",
            "products": ["Relatoría del networking «Intercambio de Experiencias»"],
            "verification": [f"Relatoría publicada en el {MICROSITE}"],
            "weight": 15,
        },
    ],
    "result": "Una estrategia estatal que articula las agendas local y municipal de gobierno abierto, en "
    "coordinación con las Organizaciones de la Sociedad Civil.",
    "products": [
        "Estudio de condiciones de apertura institucional a nivel municipal",
        "Foros Regionales de Gobierno Abierto",
        "Agenda local para la difusión del gobierno abierto",
    ],
    "indicators": [
        {
            "name": "Porcentaje de municipios que responden el cuestionario de condiciones de apertura",
            "definition": "Mide la cobertura del estudio entre los 125 municipios del Estado de México.",
            "method": "(Municipios que responden / 125) × 100",
            "unit": "Porcentaje",
            "frequency": "Semestral",
            "baseline": {"value": 0, "year": 2021},
            "goal": 80,
            "direction": "ascendente",
            "verification": ["Base de datos de respuestas"],
        },
        {
            "name": "Foros Regionales de Gobierno Abierto realizados",
            "definition": "Foros para difundir los principios de apertura en municipios sin Secretariado Técnico.",
            "method": "Número de foros realizados",
            "unit": "Foro",
            "frequency": "Trimestral",
            "baseline": {"value": 0, "year": 2021},
            "goal": 4,
            "direction": "ascendente",
            "verification": ["Memoria fotográfica de los foros"],
        },
    ],
    "verification": [f"Informe final del compromiso en el {MICROSITE}"],
    "start": "2022-01-20",
    "end": "2023-06-30",
}


def infoem(**changes: object) -> dict:
    data = copy.deepcopy(INFOEM_ROADMAP)
    data.update(changes)
    return data


def with_activity(index: int, **changes: object) -> dict:
    data = infoem()
    data["activities"][index].update(changes)
    return data


def with_indicator(index: int, **changes: object) -> dict:
    data = infoem()
    data["indicators"][index].update(changes)
    return data


def issues_of(data: dict, plan_term=PLAN_TERM) -> list:
    return validate_roadmap(parse_roadmap(data), plan_term=plan_term)


def rules(issues) -> list[tuple[str, str]]:
    return [(i.rule, i.field) for i in issues]


# ------------------------------------------------------------------ parsing


def test_the_infoem_roadmap_reads_into_structures():
    roadmap = parse_roadmap(INFOEM_ROADMAP)
    assert roadmap.responsible == ResponsibleOfficial(
        "Adriana Yadira Cárdenas Tagle",
        "Directora General de Transparencia, Acceso a la Información Pública y Gobierno Abierto",
        INFOEM_ROADMAP["responsible"]["institution"],
    )
    assert roadmap.organizations == (
        Organization("Red Mexiquense de Gobierno Abierto", "Secretaría técnica de la Red"),
    )
    assert len(roadmap.activities) == 6
    third = roadmap.activities[2]
    assert (third.start, third.end, third.weight) == (dt.date(2022, 6, 8), dt.date(2022, 6, 20), 15)
    assert third.verification == ("Oficios de envío a los municipios", "Base de datos de respuestas")
    assert roadmap.indicators[0].baseline == Baseline(0, 2021)
    assert roadmap.indicators[0].direction is Direction.ASCENDENTE
    assert (roadmap.start, roadmap.end) == (dt.date(2022, 1, 20), dt.date(2023, 6, 30))
    assert roadmap.agreed_at is None


def test_a_complete_roadmap_inside_the_plan_term_has_no_issues():
    assert issues_of(INFOEM_ROADMAP) == []


def test_a_draft_may_be_empty_and_lists_what_is_required():
    assert parse_roadmap({}) == Roadmap()
    issues = validate_roadmap(Roadmap())
    assert {i.rule for i in issues} == {"required"}
    assert all(i.severity is Severity.ERROR for i in issues)
    assert [i.field for i in issues] == [
        "responsible.name",
        "responsible.position",
        "responsible.institution",
        "organizations",
        "activities",
        "result",
        "products",
        "indicators",
        "verification",
        "start",
        "end",
    ]
    assert issues[0].message == "Falta completar «Persona servidora pública responsable: nombre»."
    assert issues[3].message == "Falta al menos una organización de la sociedad civil corresponsable."


def test_missing_fields_inside_items_are_named():
    data = with_activity(2, responsible="", products=[], weight=None)
    data["responsible"]["position"] = "  "
    data["organizations"].append({"name": "", "contact": "Ana"})
    data["indicators"][1].update(unit="", frequency=None)
    required = [(i.field, i.message) for i in issues_of(data) if i.rule == "required"]
    assert required == [
        ("responsible.position", "Falta completar «Persona servidora pública responsable: cargo»."),
        ("organizations.1.name", "Falta completar «Organización corresponsable 2: nombre»."),
        ("activities.2.responsible", "Falta completar «Actividad 3: responsable»."),
        ("activities.2.products", "Falta completar «Actividad 3: productos»."),
        ("activities.2.weight", "Falta completar «Actividad 3: peso (%)»."),
        ("indicators.1.unit", "Falta completar «Indicador 2: unidad de medida»."),
        ("indicators.1.frequency", "Falta completar «Indicador 2: frecuencia de medición»."),
    ]


def test_text_is_normalised_and_empty_list_entries_dropped():
    data = infoem(result="  Estrategia estatal \n", products=["", "  Estudio ", "   "])
    roadmap = parse_roadmap(data)
    assert roadmap.result == "Estrategia estatal"
    assert roadmap.products == ("Estudio",)
    assert parse_roadmap(infoem(result="Opinio\u0301n")).result == "Opinión"  # NFC


@pytest.mark.parametrize(
    "value", ["2022-6-20", "20/06/2022", "20220620", "2022-W25-1", "2022-02-30", "2022-06-20T00:00", 20220620, True]
)
def test_dates_must_be_yyyy_mm_dd(value):
    with pytest.raises(ValidationError) as raised:
        parse_roadmap(with_activity(2, end=value))
    assert raised.value.field == "activities.2.end"
    assert "Actividad 3: fecha de término" in raised.value.message and "AAAA-MM-DD" in raised.value.message


def test_an_empty_date_is_a_missing_date():
    assert parse_roadmap(infoem(start="", end=None)).start is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (with_activity(0, weight="10"), "activities.0.weight"),
        (with_activity(0, weight=True), "activities.0.weight"),
        (with_activity(0, weight=-1), "activities.0.weight"),
        (with_activity(0, weight=100.5), "activities.0.weight"),
        (with_activity(0, weight=float("nan")), "activities.0.weight"),
        (with_indicator(1, goal="4"), "indicators.1.goal"),
        (with_indicator(1, goal=float("inf")), "indicators.1.goal"),
        (with_indicator(0, baseline={"value": 0, "year": 2021.5}), "indicators.0.baseline.year"),
        (with_indicator(0, baseline={"value": 0, "year": 1810}), "indicators.0.baseline.year"),
        (with_indicator(0, baseline={"value": [0], "year": 2021}), "indicators.0.baseline.value"),
        (with_indicator(0, direction="hacia arriba"), "indicators.0.direction"),
        (with_indicator(0, direction=1), "indicators.0.direction"),
    ],
)
def test_numbers_and_choices_are_strict(data, field):
    with pytest.raises(ValidationError) as raised:
        parse_roadmap(data)
    assert raised.value.field == field


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (infoem(responsible="Adriana"), "responsible"),
        (infoem(activities={"0": {}}), "activities"),
        (infoem(products="Estudio"), "products"),
        (infoem(products=["Estudio", 3]), "products.1"),
        (infoem(result=["Estrategia"]), "result"),
        (with_activity(1, verification=[None, {"x": 1}]), "activities.1.verification.1"),
        (infoem(indicators=[{"baseline": 0}]), "indicators.0.baseline"),
        (infoem(color="rojo"), "color"),
        (with_activity(4, lugar="Toluca"), "activities.4.lugar"),
        (infoem(agreed_at="2022-01-14T18:30:00+00:00"), "agreed_at"),
    ],
)
def test_types_and_unknown_fields_are_refused(data, field):
    with pytest.raises(ValidationError) as raised:
        parse_roadmap(data)
    assert raised.value.field == field


def test_lengths_are_bounded():
    cases = [
        (infoem(responsible={"name": "A" * 301}), "responsible.name", "300"),
        (with_activity(1, products=["x" * 1001]), "activities.1.products.0", "1000"),
        (infoem(activities=[{}] * (MAX_ACTIVITIES + 1)), "activities", str(MAX_ACTIVITIES)),
        (infoem(result="r" * 4001), "result", "4000"),
        (with_activity(0, description="Foro\x00"), "activities.0.description", "control"),
        (infoem(responsible={"name": "Adriana\nCárdenas"}), "responsible.name", "control"),
    ]
    for data, field, said in cases:
        with pytest.raises(ValidationError) as raised:
            parse_roadmap(data)
        assert (raised.value.field, said in raised.value.message) == (field, True)
    # Multi-line text is allowed where paragraphs make sense.
    assert parse_roadmap(infoem(result="Primero.\nSegundo.")).result == "Primero.\nSegundo."


def test_a_lone_surrogate_is_refused():
    with pytest.raises(ValidationError) as raised:
        parse_roadmap(infoem(result="Estudio \ud800"))
    assert raised.value.field == "result"


def test_describe_names_fields_as_people_read_them():
    assert describe("activities.2.end") == "Actividad 3: fecha de término"
    assert describe("indicators.0.baseline.year") == "Indicador 1: línea base (año)"
    assert describe("activities.1.products.0") == "Actividad 2: productos (1)"
    assert describe("products.1") == "Producto esperado 2"
    assert describe("responsible.institution") == "Persona servidora pública responsable: institución"
    assert describe("start") == "fecha de inicio del compromiso"


# --------------------------------------------------------------- the rules


def test_the_commitment_may_not_end_before_it_starts():
    found = issues_of(infoem(start="2023-06-30", end="2022-01-20"), plan_term=None)
    assert ("commitment_dates_order", "end") in rules(found)
    message = next(i.message for i in found if i.rule == "commitment_dates_order")
    assert message == (
        "La fecha de conclusión del compromiso (20 de enero de 2022) es anterior a la de inicio (30 de junio de 2023)."
    )
    # The facts of the message travel with it, for a client that speaks another language.
    params = next(i.params for i in found if i.rule == "commitment_dates_order")
    assert params == {"start": "2023-06-30", "end": "2022-01-20"}


def test_an_activity_may_not_end_before_it_starts():
    found = issues_of(with_activity(3, start="2023-04-29", end="2023-04-28"))
    assert rules(found) == [("activity_dates_order", "activities.3.end")]
    assert found[0].message.startswith("La actividad 4 termina (28 de abril de 2023) antes de empezar")
    assert found[0].params == {"n": 4, "start": "2023-04-29", "end": "2023-04-28"}
    assert issues_of(with_activity(3, start="2023-04-28", end="2023-04-28")) == []  # one day is fine


def test_activities_stay_inside_the_commitment_dates():
    found = issues_of(with_activity(0, start="2022-01-10"))
    assert rules(found) == [("activity_within_commitment", "activities.0.start")]
    found = issues_of(with_activity(5, end="2023-07-15"))
    assert rules(found) == [("activity_within_commitment", "activities.5.end")]
    assert "después que el compromiso (30 de junio de 2023)" in found[0].message
    assert found[0].params == {"n": 6, "date": "2023-07-15", "limit": "2023-06-30"}


def test_the_commitment_stays_inside_the_plan_term():
    found = issues_of(INFOEM_ROADMAP, plan_term=(dt.date(2022, 2, 1), dt.date(2023, 1, 31)))
    assert rules(found) == [("commitment_within_term", "start"), ("commitment_within_term", "end")]
    assert "vigencia del plan (1 de febrero de 2022 al 31 de enero de 2023)" in found[0].message
    assert found[0].params == {"term_start": "2022-02-01", "term_end": "2023-01-31", "plan_term": True}


def test_without_a_plan_term_a_commitment_lasts_one_year_from_its_start():
    # INFOEM's real commitment ran seventeen months: beyond the one-year default.
    found = issues_of(INFOEM_ROADMAP, plan_term=None)
    assert rules(found) == [("commitment_within_term", "end")]
    assert "vigencia de un año desde su inicio (20 de enero de 2022 al 19 de enero de 2023)" in found[0].message
    data = infoem(end="2023-01-19")
    for activity in data["activities"][3:4] + data["activities"][5:]:
        activity.update(start="2022-12-01", end="2023-01-19")
    assert issues_of(data, plan_term=None) == []
    assert one_year_from(dt.date(2024, 2, 29)) == (dt.date(2024, 2, 29), dt.date(2025, 2, 28))


def test_activity_weights_add_up_to_100():
    found = issues_of(with_activity(5, weight=10))
    assert rules(found) == [("weights_total", "activities")]
    assert found[0].message == "Los pesos de las actividades suman 95 %; deben sumar 100 %."
    assert found[0].params == {"total": 95, "goal": 100}
    thirds = infoem(
        activities=[dict(INFOEM_ROADMAP["activities"][i], weight=w) for i, w in enumerate((33.33, 33.33, 33.34))]
    )
    assert issues_of(thirds) == []
    # A missing weight is a required field, not a wrong total.
    assert rules(issues_of(with_activity(5, weight=None))) == [("required", "activities.5.weight")]


def test_every_indicator_has_a_baseline_and_a_goal():
    found = issues_of(with_indicator(1, baseline={"value": None, "year": None}, goal=None))
    assert rules(found) == [
        ("indicator_baseline", "indicators.1.baseline.value"),
        ("indicator_goal", "indicators.1.goal"),
    ]
    assert found[0].message == (
        "El indicador 2 («Foros Regionales de Gobierno Abierto realizados») no tiene línea base completa: "
        "faltan el valor y el año."
    )
    assert found[0].params == {"n": 2, "name": "Foros Regionales de Gobierno Abierto realizados",
                               "missing": ["value", "year"]}  # fmt: skip
    assert found[1].params == {"n": 2, "name": "Foros Regionales de Gobierno Abierto realizados"}
    found = issues_of(with_indicator(0, baseline={"value": 0}))
    assert rules(found) == [("indicator_baseline", "indicators.0.baseline.year")]
    assert found[0].message.endswith("falta el año.")
    assert all(i.severity is Severity.ERROR for i in found)


def test_a_goal_against_the_direction_is_a_warning():
    found = issues_of(with_indicator(1, baseline={"value": 4, "year": 2021}, goal=2))
    assert [(i.rule, i.severity) for i in found] == [("indicator_direction", Severity.WARNING)]
    assert "es ascendente, pero su meta (2) no va en ese sentido desde la línea base (4)" in found[0].message
    assert found[0].params == {"n": 2, "name": "Foros Regionales de Gobierno Abierto realizados",
                               "direction": "ascendente", "goal": 2, "baseline": 4}  # fmt: skip
    assert issues_of(with_indicator(1, baseline={"value": 4, "year": 2021}, goal=2, direction="descendente")) == []
    # Staying at the baseline is not ascending either.
    assert rules(issues_of(with_indicator(1, baseline={"value": 4, "year": 2021}, goal=4))) == [
        ("indicator_direction", "indicators.1.goal")
    ]
    assert rules(issues_of(with_indicator(1, direction="descendente"))) == [
        ("indicator_direction", "indicators.1.goal")
    ]
    assert issues_of(with_indicator(1, baseline={"value": 4, "year": 2021}, goal=4, direction="constante")) == []
    assert rules(issues_of(with_indicator(1, direction="constante"))) == [("indicator_direction", "indicators.1.goal")]


def test_every_activity_and_indicator_has_a_means_of_verification():
    data = with_activity(1, verification=[])
    data["indicators"][0]["verification"] = ["  "]
    found = issues_of(data)
    assert rules(found) == [
        ("activity_verification", "activities.1.verification"),
        ("indicator_verification", "indicators.0.verification"),
    ]
    assert found[0].message == "La actividad 2 no tiene medio de verificación."
    assert [i.params for i in found] == [{"n": 2}, {"n": 1}]
    assert found[0].to_dict()["params"] == {"n": 2}


# ---------------------------------------------------------------- agreement


def test_the_facilitator_records_the_agreement():
    roadmap = parse_roadmap(INFOEM_ROADMAP)
    agreed, events = agree_roadmap(
        roadmap, actor_role=Role.FACILITATOR, actor_id="f-1", plan_term=PLAN_TERM, now=NOW, commitment_id="k-infoem"
    )
    assert (agreed.agreed_at, agreed.agreed_by) == (NOW, "f-1")
    assert agreed.activities == roadmap.activities
    [event] = events
    assert (event.kind, event.actor_id) == ("roadmap_agreed", "f-1")
    assert event.payload == {
        "commitment_id": "k-infoem",
        "agreed_at": "2022-01-14T18:30:00+00:00",
        "summary": {
            "responsible": INFOEM_ROADMAP["responsible"],
            "organizations": ["Red Mexiquense de Gobierno Abierto"],
            "activities": 6,
            "indicators": [i["name"] for i in INFOEM_ROADMAP["indicators"]],
            "result": INFOEM_ROADMAP["result"],
            "start": "2022-01-20",
            "end": "2023-06-30",
        },
        "warnings": [],
    }
    with pytest.raises(ConflictError):
        agree_roadmap(agreed, actor_role=Role.FACILITATOR, actor_id="f-1", plan_term=PLAN_TERM, now=NOW)


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.OBSERVER])
def test_only_the_facilitator_agrees(role):
    with pytest.raises(NotAllowedError) as raised:
        agree_roadmap(parse_roadmap(INFOEM_ROADMAP), actor_role=role, actor_id="p", plan_term=PLAN_TERM, now=NOW)
    assert raised.value.message == "Solo la persona facilitadora registra el acuerdo de la hoja de ruta."


def test_the_agreement_is_refused_while_errors_remain():
    data = with_activity(5, weight=10)
    data["indicators"][1]["goal"] = None
    with pytest.raises(ValidationError) as raised:
        agree_roadmap(parse_roadmap(data), actor_role=Role.FACILITATOR, actor_id="f", plan_term=PLAN_TERM, now=NOW)
    error = raised.value
    assert error.field == "activities"
    assert error.message.startswith("La hoja de ruta todavía no puede acordarse.")
    assert "suman 95 %" in error.message and "no tiene meta" in error.message
    assert [i["rule"] for i in error.fields["issues"]] == ["weights_total", "indicator_goal"]
    # The default term applies when the plan has none: INFOEM's ran too long.
    with pytest.raises(ValidationError) as raised:
        agree_roadmap(parse_roadmap(INFOEM_ROADMAP), actor_role=Role.FACILITATOR, actor_id="f", plan_term=None, now=NOW)
    assert raised.value.field == "end"


def test_an_empty_draft_lists_ten_problems_and_counts_the_rest():
    with pytest.raises(ValidationError) as raised:
        agree_roadmap(Roadmap(), actor_role=Role.FACILITATOR, actor_id="f", plan_term=None, now=NOW)
    assert raised.value.message.endswith("y 1 pendientes más.")
    assert len(raised.value.fields["issues"]) == 11


def test_warnings_do_not_block_the_agreement_and_are_recorded():
    data = with_indicator(1, baseline={"value": 4, "year": 2021}, goal=2)
    _, [event] = agree_roadmap(
        parse_roadmap(data), actor_role=Role.FACILITATOR, actor_id="f", plan_term=PLAN_TERM, now=NOW
    )
    assert [w["rule"] for w in event.payload["warnings"]] == ["indicator_direction"]
    assert event.payload["commitment_id"] is None


# -------------------------------------------------------------- round trip


def test_the_dict_form_round_trips_with_the_agreement():
    agreed, _ = agree_roadmap(
        parse_roadmap(INFOEM_ROADMAP), actor_role=Role.FACILITATOR, actor_id="f-1", plan_term=PLAN_TERM, now=NOW
    )
    data = roadmap_to_dict(agreed)
    assert data["agreed_at"] == "2022-01-14T18:30:00+00:00"
    assert data["activities"][0]["start"] == "2022-01-20"
    assert roadmap_from_dict(data) == agreed
    assert roadmap_to_dict(roadmap_from_dict(data)) == data
    unagreed = roadmap_to_dict(parse_roadmap(INFOEM_ROADMAP))
    assert {k: v for k, v in unagreed.items() if k not in ("agreed_at", "agreed_by")} == INFOEM_ROADMAP
    with pytest.raises(ValidationError) as raised:
        roadmap_from_dict(dict(data, agreed_at="2022-01-14T18:30:00"))  # no time zone
    assert raised.value.field == "agreed_at"


def clean(text: str, *, multiline: bool = True) -> str:
    return clean_text(text, field="x", max_len=10**6, required=False, multiline=multiline)


# Text as the domain keeps it: no control characters, NFC, trimmed.
TEXT = st.text(st.characters(exclude_categories=("Cc", "Cs", "Co", "Cn")), max_size=30).map(clean)
FILLED = TEXT.filter(bool)
DATES = st.none() | st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))
NUMBERS = st.none() | st.integers(-(10**9), 10**9) | st.floats(-1e9, 1e9, allow_nan=False)
WEIGHTS = st.none() | st.integers(0, 100) | st.floats(0, 100, allow_nan=False)
ITEMS = st.lists(FILLED, max_size=3).map(tuple)

activities = st.builds(
    Activity,
    description=TEXT,
    responsible=TEXT,
    start=DATES,
    end=DATES,
    products=ITEMS,
    verification=ITEMS,
    weight=WEIGHTS,
)
indicators = st.builds(
    Indicator,
    name=TEXT,
    definition=TEXT,
    method=TEXT,
    unit=TEXT,
    frequency=TEXT,
    baseline=st.builds(Baseline, value=NUMBERS, year=st.none() | st.integers(1900, 2100)),
    goal=NUMBERS,
    direction=st.none() | st.sampled_from(Direction),
    verification=ITEMS,
)
roadmaps = st.builds(
    Roadmap,
    responsible=st.builds(ResponsibleOfficial, name=TEXT, position=TEXT, institution=TEXT),
    organizations=st.lists(st.builds(Organization, name=TEXT, contact=TEXT), max_size=2).map(tuple),
    activities=st.lists(activities, max_size=3).map(tuple),
    result=TEXT,
    products=ITEMS,
    indicators=st.lists(indicators, max_size=2).map(tuple),
    verification=ITEMS,
    start=DATES,
    end=DATES,
    agreed_at=st.none() | st.datetimes(min_value=dt.datetime(2000, 1, 1), timezones=st.just(dt.UTC)),
    agreed_by=st.none() | FILLED,
)


@settings(max_examples=150, deadline=None)
@given(roadmaps)
def test_any_roadmap_round_trips_through_its_dict(roadmap):
    data = roadmap_to_dict(roadmap)
    assert roadmap_from_dict(data) == roadmap
    assert roadmap_to_dict(roadmap_from_dict(data)) == data


@settings(max_examples=150, deadline=None)
@given(roadmaps)
def test_validation_never_fails_and_errors_block_agreement(roadmap):
    issues = validate_roadmap(roadmap, plan_term=None)
    assert all(i.field and i.message for i in issues)
    draft = Roadmap(**{k: getattr(roadmap, k) for k in Roadmap.__dataclass_fields__ if not k.startswith("agreed")})
    has_errors = any(i.severity is Severity.ERROR for i in issues)
    try:
        agree_roadmap(draft, actor_role=Role.FACILITATOR, actor_id="f", plan_term=None, now=NOW)
    except ValidationError:
        assert has_errors
    else:
        assert not has_errors
