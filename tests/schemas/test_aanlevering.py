"""The batch parser against hostile exports: every malformed one is refused naming the place and
the rule (`ExportOnleesbaar`, a 422 at the door), never an unexpected exception; Excel's own
variants (byte-order mark, `;`, CR line endings) are read."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas.aanlevering import ExportOnleesbaar, OnleesbareRij, lees_export
from schemas.grenzen import Grenzen

JSONL = "application/x-ndjson"
CSV = "text/csv"


def weigering(body: bytes, soort: str, grenzen: Grenzen | None = None) -> list[dict[str, Any]]:
    with pytest.raises(ExportOnleesbaar) as fout:
        lees_export(body, soort, grenzen)
    assert fout.value.fouten, "a refusal names at least one place"
    return fout.value.fouten


@pytest.mark.parametrize(
    ("body", "soort", "loc", "type_"),
    [
        (b'{"type":"x","n":' + b"9" * 5000 + b"}", JSONL, ["rijen", 0, "n"], "te_groot"),
        (b"[" * 5000 + b"]" * 5000, JSONL, ["rijen", 0], "te_diep"),
        (b'{"a":' + b"[" * 500 + b"]" * 500 + b"}", JSONL, None, "te_diep"),
        (b'{"a":' + b'{"b":' * 990 + b"1" + b"}" * 991, JSONL, None, "te_diep"),
        (b'{"type":"a\\u0000b"}', JSONL, ["rijen", 0, "type"], "nul_teken"),
        (b'{"type":"x","uren":NaN}', JSONL, ["rijen", 0, "uren"], "geen_getal"),
        (b'{"type":"x","uren":1e999}', JSONL, ["rijen", 0, "uren"], "geen_getal"),
        (b'{"type":"x","maand":9223372036854775808}', JSONL, ["rijen", 0, "maand"], "te_groot"),
        (b'{"type":"\\ud800"}', JSONL, ["rijen", 0, "type"], "geen_unicode"),
        (b'{"type":"' + b"x" * 5000 + b'"}', JSONL, ["rijen", 0, "type"], "te_lang"),
        (b"type," + b".".join([b"dossier"] + [b"a"] * 5000) + b"\nx,1\n", CSV, None, None),
        (b"type," + b".".join([b"dossier"] + [b"a"] * 500) + b"\nx,1\n", CSV, None, "te_diep"),
        (b"type,dossier,dossier.x\nx,1,2\n", CSV, ["kolommen", 3], "kolom_botst"),
        (b"type,dossier.x,dossier\nx,1,2\n", CSV, ["kolommen", 2], "kolom_botst"),
        (b"type,a,a[]\nx,1,2\n", CSV, ["kolommen", 3], "dubbele_kolom"),
        (b"type,a\nx," + b"y" * 140_000 + b"\n", CSV, ["regel", 2], "csv"),
        (b"type,a\nx," + b"y" * 5000 + b"\n", CSV, ["rijen", 0, "a"], "te_lang"),
        (b"type,a\nx,y\x00z\n", CSV, ["rijen", 0, "a"], "nul_teken"),
        ("type,a\nx,café\n".encode("latin-1"), CSV, ["body"], "geen_utf8"),
    ],
    ids=[
        "5000 digits",
        "5000 deep",
        "500 deep",
        "990 deep",
        "NUL",
        "NaN",
        "Infinity",
        "2^63",
        "lone surrogate",
        "long text",
        "5000 dots",
        "500 dots",
        "dossier and dossier.x",
        "dossier.x and dossier",
        "a and a[]",
        "cell over 131072",
        "cell over the limit",
        "NUL in a cell",
        "latin-1",
    ],
)
def test_kwaadaardige_export_wordt_geweigerd_met_plaats_en_regel(body, soort, loc, type_):
    [eerste, *_] = weigering(body, soort)
    if loc is not None:
        assert eerste["loc"] == loc
    if type_ is not None:
        assert eerste["type"] == type_
    assert eerste["msg"]


def test_een_strenger_ingestelde_grens_geldt():
    grenzen = Grenzen(diepte=4, tekst=300, getal=1000)
    assert weigering(b'{"a":{"b":{"c":{"d":[]}}}}', JSONL, grenzen)[0]["type"] == "te_diep"
    assert lees_export(b'{"a":{"b":{"c":[1]}}}', JSONL, grenzen) == [{"a": {"b": {"c": [1]}}}]
    assert weigering(b'{"n":1001}', JSONL, grenzen)[0]["type"] == "te_groot"
    assert weigering(b"a.b.c.d[]\n1\n", CSV, grenzen)[0]["type"] == "te_diep"
    assert lees_export(b"a.b.c.d\n1\n", CSV, grenzen) == [{"a": {"b": {"c": {"d": "1"}}}}]


def test_de_melding_noemt_regel_en_grens():
    body = b'{"type":"x"}\n\n{"type":"y","n":' + b"9" * 30 + b"}\n"
    [fout] = weigering(body, JSONL)
    assert fout["loc"] == ["rijen", 1, "n"]
    assert fout["msg"] == "line 3: a number of 30 digits; at most ±2147483647"


def test_hoogstens_twintig_fouten_in_een_antwoord():
    body = b"\n".join(b'{"type":"a\\u0000"}' for _ in range(500))
    assert len(weigering(body, JSONL)) == 20


CSV_RIJEN = [
    {"type": "fase.afgerond", "deelnemer": "KT-ABCDEFGH23", "dossier": {"sterktes": ["a", "b"]}},
    {"type": "fase.afgerond", "deelnemer": "KT-ABCDEFGH24", "dossier": {"sterktes": ["c"]}},
]


@pytest.mark.parametrize(
    "body",
    [
        b"type,deelnemer,dossier.sterktes[]\nfase.afgerond,KT-ABCDEFGH23,a|b\nfase.afgerond,KT-ABCDEFGH24,c\n",
        b"\xef\xbb\xbftype,deelnemer,dossier.sterktes[]\r\nfase.afgerond,KT-ABCDEFGH23,a|b\r\nfase.afgerond,KT-ABCDEFGH24,c\r\n",
        b"type;deelnemer;dossier.sterktes[]\r\nfase.afgerond;KT-ABCDEFGH23;a|b\r\nfase.afgerond;KT-ABCDEFGH24;c\r\n",
        b"\xef\xbb\xbftype;deelnemer;dossier.sterktes[]\rfase.afgerond;KT-ABCDEFGH23;a|b\rfase.afgerond;KT-ABCDEFGH24;c\r",
        b"type,deelnemer,dossier.sterktes[]\rfase.afgerond,KT-ABCDEFGH23,a|b\rfase.afgerond,KT-ABCDEFGH24,c",
    ],
    ids=["plain", "BOM and CRLF", "semicolons", "BOM, semicolons, CR", "CR only"],
)
def test_excel_varianten_worden_gelezen(body):
    assert lees_export(body, CSV) == CSV_RIJEN


def test_de_kop_beslist_het_scheidingsteken_niet_de_gegevens():
    body = b"type,reden\ntraject.gepauzeerd,ziek; later meer\n"
    assert lees_export(body, CSV) == [{"type": "traject.gepauzeerd", "reden": "ziek; later meer"}]


def test_json_lines_met_bom_cr_en_een_regelscheiding_in_een_tekst():
    body = b'\xef\xbb\xbf{"type":"a"}\r{"type":"b","t":"x\xe2\x80\xa8y"}\r\n{"type":"c"}'
    assert lees_export(body, JSONL) == [
        {"type": "a"},
        {"type": "b", "t": "x\u2028y"},
        {"type": "c"},
    ]


def test_onleesbare_rijen_blijven_rijen():
    rijen = lees_export(b'{"type":"a"}\nkapot\n[1]\n', JSONL)
    assert rijen[0] == {"type": "a"}
    assert [(r.regel, r.reden[:8]) for r in rijen[1:] if isinstance(r, OnleesbareRij)] == [
        (2, "not JSON"),
        (3, "a row mu"),
    ]
    [rij] = lees_export(b"type,a,\nx,1,2\n", CSV)
    assert isinstance(rij, OnleesbareRij) and "column without a name" in rij.reden
    assert lees_export(b"type,a,,\nx,1,,\n", CSV) == [{"type": "x", "a": "1"}]


# Property-based: whatever arrives, the parser answers rows or a refusal, nothing else.

JSON_WAARDEN = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(st.characters(exclude_categories=()), max_size=40),  # lone surrogates and NUL too
    lambda kind: (
        st.lists(kind, max_size=4)
        | st.dictionaries(
            st.text(st.characters(exclude_categories=()), max_size=8), kind, max_size=4
        )
    ),
    max_leaves=40,
)


def _leest_of_weigert(body: bytes, soort: str) -> list[Any]:
    try:
        return lees_export(body, soort, Grenzen(diepte=6, tekst=300))
    except ExportOnleesbaar as exc:
        assert exc.fouten and all({"loc", "msg", "type"} <= f.keys() for f in exc.fouten)
        json.dumps(exc.fouten, ensure_ascii=False).encode("utf-8")  # the 422 can be sent
        return []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.binary(max_size=2000), soort=st.sampled_from([JSONL, CSV]))
def test_willekeurige_bytes_worden_rijen_of_een_weigering(body, soort):
    _leest_of_weigert(body, soort)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(regels=st.lists(JSON_WAARDEN, min_size=1, max_size=5))
def test_willekeurige_json_regels_worden_rijen_of_een_weigering(regels):
    body = "\n".join(json.dumps(r) for r in regels).encode()  # ASCII: a surrogate is escaped
    for rij in _leest_of_weigert(body, JSONL):
        if not isinstance(rij, OnleesbareRij):
            # what passes the door can be stored by any database and walked by any code
            json.dumps(rij, allow_nan=False).encode("utf-8")


CELLEN = st.text(st.characters(codec="utf-8"), max_size=30)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kop=st.lists(st.from_regex(r"[a-z.\[\]]{0,12}", fullmatch=True), min_size=1, max_size=6),
    rijen=st.lists(st.lists(CELLEN, max_size=7), max_size=5),
    scheiding=st.sampled_from([",", ";"]),
    einde=st.sampled_from(["\n", "\r\n", "\r"]),
    bom=st.booleans(),
)
def test_willekeurige_csv_wordt_rijen_of_een_weigering(kop, rijen, scheiding, einde, bom):
    tekst = einde.join(scheiding.join(r) for r in [kop, *rijen])
    body = ("\ufeff" if bom else "").encode() + tekst.encode("utf-8")
    for rij in _leest_of_weigert(body, CSV):
        if not isinstance(rij, OnleesbareRij):
            json.dumps(rij, allow_nan=False).encode("utf-8")
