"""The plan as CSV, read back with the ``csv`` module."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest

from exporters.plan_csv import export_plan_csv, neutralize
from exporters.plan_view import ACTIVITY_TABLE_COLUMNS
from tests.exporters.test_plan_view import draft_plan, hostile_plan
from tests.workshops.test_plan import F, seeded_plan
from tests.workshops.test_roadmap import INFOEM_ROADMAP
from workshops.plan_editing import attach_commitment
from workshops.roadmap import parse_roadmap


def read(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    assert tuple(reader.fieldnames or ()) == ACTIVITY_TABLE_COLUMNS
    return list(reader)


def test_utf8_with_bom_and_crlf_line_ends():
    data = export_plan_csv(seeded_plan())
    assert data[:3] == b"\xef\xbb\xbf"
    assert data.endswith(b"\r\n")
    lines = data[3:].split(b"\r\n")
    assert len(lines) == 1 + 8 + 1  # header, 6 + 2 activities, the empty tail
    assert not any(b"\n" in line or b"\r" in line for line in lines)
    assert "Cárdenas".encode() in data


def test_every_activity_of_the_seeded_commitment_is_in_its_row():
    rows = read(export_plan_csv(seeded_plan()))
    infoem = [r for r in rows if r["compromiso_id"] == "k-infoem"]
    assert [r["actividad_num"] for r in infoem] == ["1", "2", "3", "4", "5", "6"]
    for row, source in zip(infoem, INFOEM_ROADMAP["activities"], strict=True):
        assert row["compromiso"] == "Estrategia de fortalecimiento a la Cultura de Gobierno Abierto"
        assert row["tipo_compromiso"] == "Proactivo"
        assert row["actividad"] == source["description"]
        assert row["actividad_responsable"] == source["responsible"]
        assert (row["actividad_inicio"], row["actividad_fin"]) == (source["start"], source["end"])
        assert row["actividad_productos"].split(" | ") == source["products"]
        assert row["actividad_medios_verificacion"].split(" | ") == source["verification"]
        assert row["actividad_peso"] == str(source["weight"])
        assert row["persona_servidora_publica_responsable"] == INFOEM_ROADMAP["responsible"]["name"]
        assert row["cargo"] == INFOEM_ROADMAP["responsible"]["position"]
        assert row["institucion"] == INFOEM_ROADMAP["responsible"]["institution"]
        assert (
            row["osc_corresponsables"] == "Red Mexiquense de Gobierno Abierto (contacto: Secretaría técnica de la Red)"
        )
        assert (row["compromiso_inicio"], row["compromiso_fin"]) == ("2022-01-20", "2023-06-30")
        names = [i.split("; ")[0] for i in row["indicadores"].split(" | ")]
        assert names == [i["name"] for i in INFOEM_ROADMAP["indicators"]]
        assert "línea base: 0 (2021); meta: 80; sentido: ascendente" in row["indicadores"]
        assert (
            row["indicadores_medios_verificacion"] == "Base de datos de respuestas | Memoria fotográfica de los foros"
        )
    assert [r["tipo_compromiso"] for r in rows[6:]] == ["Co-creado", "Co-creado"]


def test_missing_values_are_empty_cells_and_no_commitment_is_lost():
    [row] = read(export_plan_csv(draft_plan()))
    assert row["compromiso"] == "Borrador"
    assert {k for k, v in row.items() if v} == {"compromiso_num", "compromiso_id", "compromiso", "tipo_compromiso"}


def test_decimal_weights_and_multiline_text_read_back():
    data = dict(INFOEM_ROADMAP, activities=[dict(a) for a in INFOEM_ROADMAP["activities"][:3]])
    data["activities"][0].update(weight=33.33, description='Primero.\nSegundo, con «comillas» y "dobles".')
    data["activities"][1]["weight"] = 33.33
    data["activities"][2]["weight"] = 33.34
    entry = seeded_plan().commitments[1]
    plan, _ = attach_commitment(
        seeded_plan(1),
        dataclasses.replace(entry, roadmap=parse_roadmap(data)),
        **F,
    )
    rows = read(export_plan_csv(plan))[6:]
    assert [r["actividad_peso"] for r in rows] == ["33.33", "33.33", "33.34"]
    assert rows[0]["actividad"] == 'Primero.\nSegundo, con «comillas» y "dobles".'


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+52 722 226 1980", "'+52 722 226 1980"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Foro = éxito", "Foro = éxito"),
        ("", ""),
    ],
)
def test_cells_that_look_like_formulas_are_neutralised(cell, shown):
    assert neutralize(cell) == shown


def test_formulas_typed_into_the_plan_come_out_as_text():
    rows = read(export_plan_csv(hostile_plan()))
    assert rows
    for row in rows:
        for column in ("compromiso", "actividad", "persona_servidora_publica_responsable", "indicadores"):
            assert row[column].startswith("'=HYPERLINK("), column
    assert not any(v.startswith(("=", "+", "-", "@")) for row in rows for v in row.values())
