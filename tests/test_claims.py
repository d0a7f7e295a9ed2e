"""Claim records, the qualifier rule, periods, intervals, provenance and verbatim quotes."""

from __future__ import annotations

import dataclasses
import math
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policyts.indicators as pi
from policyts.indicators import (
    DEFAULT_RULE,
    QUALIFIERS,
    UNITS,
    Claim,
    Interval,
    QualifierRule,
    Source,
    derive,
    parse_period,
)
from policyts.indicators._registry import validate_claims
from policyts.indicators._units import unit_info

SEED_SOURCE = Source(key="t-seed", publisher="P", title="T", kind="seed")
REPORT = Source(key="t-report", publisher="P", title="T", date="2017-04-18")


def make(**kw):
    base = dict(
        id="t.x.y",
        indicator="t_ind",
        value=3000,
        unit="count:patents",
        period="2017",
        qualifier="about",
        entity="China",
        source=REPORT,
        quote="",
    )
    base.update(kw)
    return Claim(**base)


# -- the qualifier rule -----------------------------------------------------------------------------


def test_rule_examples_from_the_spec():
    r = DEFAULT_RULE
    iv = r.interval(3000, "about", "count:patents")
    assert (iv.lower, iv.upper) == pytest.approx((2700, 3300))
    iv = r.interval(4000, "more_than", "count:patents")
    assert iv.lower == 4000 and iv.lower_open and math.isinf(iv.upper)
    iv = r.interval(0.40, "nearly", "1")
    assert (iv.lower, iv.upper) == pytest.approx((0.36, 0.40))
    assert not iv.upper_open
    iv = r.interval(2346, "exact", "count:patents")
    assert (iv.lower, iv.upper) == (2346, 2346)
    iv = r.interval(73e9, "at_least", "USD")
    assert iv.lower == 73e9 and not iv.lower_open and math.isinf(iv.upper)
    iv = r.interval(0.15, "less_than", "1")
    assert (iv.lower, iv.upper, iv.upper_open) == (0.0, 0.15, True)
    iv = r.interval(1e12, "target", "CNY")
    assert (iv.lower, iv.upper) == (1e12, 1e12)


def test_rule_clips_to_the_unit():
    # "more than 80 percent" cannot exceed 100 percent; "about 5 %" of a share stays >= 0.
    iv = DEFAULT_RULE.interval(0.80, "more_than", "1")
    assert (iv.lower, iv.upper, iv.lower_open, iv.upper_open) == (0.8, 1.0, True, False)
    iv = QualifierRule(about=0.5).interval(0.95, "about", "1")
    assert iv.upper == 1.0
    iv = DEFAULT_RULE.interval(1990, "less_than", "calendar_year")
    assert math.isinf(iv.lower) and iv.upper == 1990


def test_rule_caps():
    rule = QualifierRule(more_than=0.5, at_least=0.25, less_than=0.2)
    iv = rule.interval(4000, "more_than", "count:patents")
    assert (iv.lower, iv.upper, iv.lower_open, iv.upper_open) == (4000, 6000, True, False)
    assert rule.interval(100, "at_least", "count:firms").upper == 125
    iv = rule.interval(100, "less_than", "count:firms")
    assert (iv.lower, iv.upper, iv.upper_open) == (80, 100, True)


def test_rule_rejects_impossible_open_intervals():
    with pytest.raises(ValueError, match="field 'value': nothing in unit '1' lies above 1"):
        DEFAULT_RULE.interval(1.0, "more_than", "1")
    with pytest.raises(
        ValueError, match="field 'value': nothing in unit 'count:firms' lies below 0"
    ):
        DEFAULT_RULE.interval(0, "less_than", "count:firms")


def test_rule_negative_values_keep_order():
    iv = DEFAULT_RULE.interval(-0.5, "about", "growth_rate")
    assert (iv.lower, iv.upper) == pytest.approx((-0.55, -0.45))


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"about": -0.1}, "about"),
        ({"nearly": 1.0}, "nearly"),
        ({"more_than": -1.0}, "more_than"),
        ({"more_than": 0.0}, "more_than"),
        ({"less_than": 0.0}, "less_than"),
        ({"about": None}, "about"),
        ({"at_least": "x"}, "at_least"),
    ],
)
def test_rule_rejects_bad_bands(kwargs, field):
    with pytest.raises(ValueError, match=f"field '{field}"):
        QualifierRule(**kwargs)


def test_rule_unknown_qualifier_and_derived():
    with pytest.raises(ValueError, match="field 'qualifier'.*unknown qualifier 'roughly'"):
        DEFAULT_RULE.interval(1, "roughly")
    with pytest.raises(ValueError, match="field 'qualifier'.*derived"):
        DEFAULT_RULE.interval(1, "derived")


_value = st.floats(min_value=1e-3, max_value=1e12, allow_nan=False, allow_infinity=False)
_band = st.floats(min_value=0.0, max_value=0.9)


@settings(max_examples=200, deadline=None)
@given(v=_value, q=st.sampled_from([q for q in QUALIFIERS if q != "derived"]), band=_band)
def test_value_lies_in_its_interval(v, q, band):
    cap = max(band, 0.01)  # a cap of 0 is rejected: nothing would lie strictly beyond v
    rule = QualifierRule(about=band, nearly=band, more_than=cap, at_least=band, less_than=cap)
    iv = rule.interval(v, q, "USD")
    assert iv.lower <= v <= iv.upper
    if q in ("exact", "about", "nearly", "at_least", "target"):
        assert iv.contains(v)  # closed at v
    else:
        assert not iv.contains(v)  # "more than v" / "less than v" exclude v


@settings(max_examples=200, deadline=None)
@given(
    v=_value,
    q=st.sampled_from(["about", "nearly", "more_than", "at_least", "less_than"]),
    b1=_band,
    b2=_band,
)
def test_interval_is_monotone_in_the_band(v, q, b1, b2):
    lo, hi = sorted((b1 + 0.001, b2 + 0.001))
    small = QualifierRule(**{"about": 0.1, "nearly": 0.1, q: lo}).interval(v, q, "USD")
    large = QualifierRule(**{"about": 0.1, "nearly": 0.1, q: hi}).interval(v, q, "USD")
    assert large.lower <= small.lower and small.upper <= large.upper
    assert large.width >= small.width


# -- intervals --------------------------------------------------------------------------------------


def test_interval_validation_and_printing():
    with pytest.raises(
        ValueError, match="field 'lower': lower bound 5 is greater than upper bound 3"
    ):
        Interval(5, 3)
    with pytest.raises(ValueError, match="empty"):
        Interval(2, 2, lower_open=True)
    assert str(Interval(4000, math.inf, True, True)) == "(4,000, inf)"
    assert Interval(1, 2).bounds_or_none() == (1, 2)
    assert Interval(1, math.inf).bounds_or_none() == (1, None)


def test_interval_open_ends_decide_overlap():
    nearly_1000 = Interval(900, 1000)
    more_than_1000 = Interval(1000, math.inf, lower_open=True)
    assert not nearly_1000.overlaps(more_than_1000)
    assert Interval(900, 1000).overlaps(Interval(1000, 1200))
    assert Interval(0, 1).intersection(Interval(0.5, 2)) == Interval(0.5, 1)


def test_interval_arithmetic_exact_numbers():
    about_3000 = Interval(2700, 3300)
    more_than_4000 = Interval(4000, math.inf, True)
    s = about_3000 + more_than_4000
    assert (s.lower, s.lower_open, math.isinf(s.upper)) == (6700, True, True)
    q = Interval(900, 1000) / Interval(0.36, 0.44)
    assert (q.lower, q.upper) == pytest.approx((900 / 0.44, 1000 / 0.36))
    assert (Interval(1, 2) - 1).lower == 0
    assert (10 - Interval(1, 2)).upper == 9
    assert (Interval(4, 9) ** 0.5).upper == 3
    with pytest.raises(ValueError, match="contains 0"):
        Interval(1, 2) / Interval(0, 1)


_finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(a=_finite, b=_finite, c=_finite, d=_finite, t=st.floats(0, 1), u=st.floats(0, 1))
def test_interval_arithmetic_encloses_every_result(a, b, c, d, t, u):
    x_iv, y_iv = Interval(min(a, b), max(a, b)), Interval(min(c, d), max(c, d))
    x = x_iv.lower + t * (x_iv.upper - x_iv.lower)
    y = y_iv.lower + u * (y_iv.upper - y_iv.lower)

    def inside(r: float, iv: Interval) -> bool:
        tol = 1e-9 * max(1.0, abs(r))  # rounding of the end points, relative
        return iv.lower - tol <= r <= iv.upper + tol

    assert inside(x + y, x_iv + y_iv)
    assert inside(x - y, x_iv - y_iv)
    assert inside(x * y, x_iv * y_iv)
    if y_iv.lower > 0 and math.isfinite(1 / y_iv.lower):
        assert inside(x / y, x_iv / y_iv)
    elif y_iv.lower > 0:
        with pytest.raises(ValueError, match="too close to 0"):
            x_iv / y_iv


# -- periods ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, precision, start, end",
    [
        ("2017", "year", "2017-01-01", "2017-12-31"),
        ("2018-04-26", "day", "2018-04-26", "2018-04-26"),
        ("2015-07", "month", "2015-07-01", "2015-07-31"),
        ("2024-02", "month", "2024-02-01", "2024-02-29"),
        ("2023H1", "half", "2023-01-01", "2023-06-30"),
        ("2024Q1", "quarter", "2024-01-01", "2024-03-31"),
        ("2023Q1-Q3", "quarters", "2023-01-01", "2023-09-30"),
        ("2012/2017", "span", "2012-01-01", "2017-12-31"),
        ("2020-07/2020-09", "span", "2020-07-01", "2020-09-30"),
    ],
)
def test_period_grammar(text, precision, start, end):
    p = parse_period(text)
    assert (p.precision, p.start.isoformat(), p.end.isoformat()) == (precision, start, end)
    assert p.year == int(end[:4])


def test_undated_period():
    p = parse_period("undated")
    assert (p.precision, p.start, p.end, p.year, p.is_dated) == ("undated", None, None, None, False)


@pytest.mark.parametrize(
    "text",
    ["2017-13", "2018-02-30", "17", "2023Q3-Q1", "2018/2017", "2023H3", "early 2017", "", 2017],
)
def test_period_errors_name_the_field(text):
    with pytest.raises(ValueError, match="field 'period'"):
        parse_period(text)


@settings(max_examples=100, deadline=None)
@given(
    y1=st.integers(1900, 2100),
    m1=st.integers(1, 12),
    y2=st.integers(1900, 2100),
    m2=st.integers(1, 12),
)
def test_span_requires_order(y1, m1, y2, m2):
    text = f"{y1}-{m1:02d}/{y2}-{m2:02d}"
    if (y1, m1) <= (y2, m2):
        p = parse_period(text)
        assert p.start <= p.end and p.year == y2
    else:
        with pytest.raises(ValueError, match="starts after it ends"):
            parse_period(text)


# -- claim validation: every field ------------------------------------------------------------------


def test_valid_claim_and_its_interval():
    c = make()
    assert c.value == 3000.0 and isinstance(c.value, float)
    assert c.bounds() == pytest.approx((2700, 3300))
    assert c.bounds(QualifierRule(about=0.2)) == pytest.approx((2400, 3600))
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.value = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    "kw, pattern",
    [
        ({"qualifier": "roughly"}, "field 'qualifier': unknown qualifier 'roughly'"),
        ({"unit": "patents"}, "field 'unit': unknown unit 'patents'"),
        ({"unit": "count:widgets"}, "field 'unit': unknown unit 'count:widgets'.*count:<noun>"),
        ({"value": -1}, "field 'value'.*a count cannot be negative"),
        ({"unit": "1", "value": 40}, r"field 'value'.*share must lie in \[0, 1\]"),
        ({"unit": "1", "value": -0.1}, "field 'value'.*share"),
        ({"value": float("nan")}, "field 'value': must be finite"),
        ({"value": True}, "field 'value': expected a number"),
        ({"value": "3000"}, "field 'value': expected a number"),
        ({"period": "early 2017"}, "field 'period': cannot parse period 'early 2017'"),
        ({"period": "2018/2017"}, "field 'period'.*starts after it ends"),
        ({"id": "Bad Id"}, "field 'id'"),
        ({"indicator": ""}, "field 'indicator'"),
        ({"entity": " "}, "field 'entity'"),
        ({"source": "China Daily"}, "field 'source'"),
        ({"status": "RECALLED"}, "field 'status'.*RECALLED"),
        ({"status": "NOT FOUND"}, "field 'status'"),
        ({"source": SEED_SOURCE, "quote": ""}, "field 'quote': a seed claim needs"),
        ({"quote": "One sentence. Another sentence."}, "field 'quote': quote one sentence"),
        ({"quote": "第一句。第二句"}, "field 'quote': quote one sentence"),
        ({"formula": "a + b"}, "field 'formula': only derived claims"),
        ({"qualifier": "derived"}, "field 'status'/'qualifier'"),
        ({"derived_from": ("x",)}, "field 'status'/'qualifier'"),
    ],
)
def test_claim_validation_names_the_field(kw, pattern):
    with pytest.raises(ValueError, match=pattern):
        make(**kw)


def test_source_validation():
    with pytest.raises(ValueError, match="field 'source.publisher'"):
        Source(key="k", publisher="", title="t")
    with pytest.raises(ValueError, match="field 'source.title'"):
        Source(key="k", publisher="p", title=" ")
    with pytest.raises(ValueError, match="field 'source.kind'"):
        Source(key="k", publisher="p", title="t", kind="blog")
    with pytest.raises(ValueError, match="field 'source.date'"):
        Source(key="k", publisher="p", title="t", date="April 2017")
    assert REPORT.citation() == "P, T, 2017-04-18"


def test_unit_registry():
    assert unit_info("count:patents").is_count
    assert UNITS["1"].lower == 0 and UNITS["1"].upper == 1
    with pytest.raises(ValueError, match="field 'unit'"):
        unit_info("EUR")


# -- derived claims --------------------------------------------------------------------------------


def test_derive_two_year_total_interval_arithmetic():
    a = make(id="t.a", qualifier="about", value=3000, period="2017")
    b = make(id="t.b", qualifier="more_than", value=4000, period="2018")
    d = derive(
        "t.total",
        "t_ind",
        "a + b",
        (a, b),
        unit="count:patents",
        period="2017/2018",
        entity="China",
    )
    assert d.value == 7000 and d.status == "DERIVED" and d.qualifier == "derived"
    assert d.derived_from == ("t.a", "t.b")
    iv = d.interval()
    assert (iv.lower, iv.lower_open, math.isinf(iv.upper)) == (6700, True, True)
    # The interval follows the rule in use.
    assert d.interval(QualifierRule(about=0.2, more_than=0.5)).upper == pytest.approx(3600 + 6000)


def test_derived_claim_validation():
    a = make(id="t.a")
    with pytest.raises(ValueError, match="field 'value'.*does not follow"):
        Claim(
            **{
                **dataclasses.asdict(
                    derive(
                        "t.d",
                        "t_ind",
                        "a * 2",
                        (a,),
                        unit="count:patents",
                        period="2017",
                        entity="China",
                    )
                ),
                "source": pi._claim.DERIVED_SOURCE,
                "inputs": (a,),
                "value": 1.0,
            }
        )
    base = derive(
        "t.d", "t_ind", "a * 2", (a,), unit="count:patents", period="2017", entity="China"
    )
    with pytest.raises(ValueError, match="field 'formula': a derived claim needs"):
        dataclasses.replace(base, formula=None)
    with pytest.raises(ValueError, match="field 'derived_from'.*does not match"):
        dataclasses.replace(base, derived_from=("t.other",))
    with pytest.raises(ValueError, match="field 'formula'.*may use only"):
        derive(
            "t.e",
            "t_ind",
            "__import__('os')",
            (a,),
            unit="count:patents",
            period="2017",
            entity="China",
        )
    with pytest.raises(ValueError, match="field 'formula'.*uses 'b'"):
        derive("t.e", "t_ind", "a + b", (a,), unit="count:patents", period="2017", entity="China")
    bare = dataclasses.replace(base, inputs=())
    with pytest.raises(ValueError, match="field 'inputs'"):
        bare.interval()


def test_registry_validation():
    ind = pi.Indicator("t_ind", "test", "count:patents", "t")
    a = make(id="t.a")
    with pytest.raises(ValueError, match="field 'id': duplicate"):
        validate_claims([a, a], {"t_ind": ind})
    with pytest.raises(ValueError, match="field 'indicator': unknown indicator"):
        validate_claims([a], {})
    with pytest.raises(ValueError, match="field 'unit'.*differs"):
        validate_claims([a], {"t_ind": pi.Indicator("t_ind", "test", "count:firms", "t")})
    d = derive("t.d", "t_ind", "a", (a,), unit="count:patents", period="2017", entity="China")
    with pytest.raises(ValueError, match="field 'derived_from'.*not an earlier claim"):
        validate_claims([d, a], {"t_ind": ind})


# -- the shipped catalogue: provenance ------------------------------------------------------------


def test_no_recalled_figure_ships():
    for c in pi.claims():
        assert c.status in ("SEEN", "DERIVED"), c.id
        assert (c.status == "DERIVED") == bool(c.derived_from) == (c.qualifier == "derived")
    # The recalled size of the National MCF Industry Investment Fund (56 billion yuan) is absent.
    assert not any(c.unit == "CNY" and c.value == 56e9 for c in pi.claims())


def test_every_claim_has_a_source_with_publisher_and_title():
    for c in pi.claims():
        assert c.source.publisher.strip() and c.source.title.strip(), c.id
        if c.source.kind == "seed":
            assert c.quote.strip(), c.id
        if c.status == "DERIVED":
            assert c.source.kind == "derived" and c.formula


def test_sources_cite_publications_not_files():
    fields = []
    for c in pi.claims():
        s = c.source
        fields += [c.note, c.quote, s.publisher, s.title, s.url or "", s.via or ""]
    text = " ".join(fields)
    assert not re.search(r"\d{3}_[0-9a-f]{16}", text)
    assert ".txt" not in text


def test_claim_ids_unique_and_counts():
    ids = [c.id for c in pi.claims()]
    assert len(ids) == len(set(ids)) == 221
    assert sum(c.status == "DERIVED" for c in pi.claims()) == 11
    assert sum(c.source.kind == "seed" for c in pi.claims()) == 67


# -- verbatim quotes --------------------------------------------------------------------------------


def _norm(s: str) -> str:
    for a, b in {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}.items():
        s = s.replace(a, b)
    return " ".join(s.split())


#: A phrase that identifies each seed document by its publication (not by file name).
SEED_MARKERS = {
    "iiss-2018": "China's Declassification of Defence Patents",
    "mcf-innovation-web": "Military-Civil Fusion and Technological Innovation in China",
    "uppal-idst": "boosting its technological and Military Innovation",
    "cheng-drahos-2018": "The Pressure Driving Mechanism",
    "patent-transformation-web-2025": "Accelerating Patent Transformation in China",
}


def _seed_texts() -> dict[str, str]:
    folder = os.environ.get("POLICYTS_SEEDS_DIR")
    if not folder or not Path(folder).is_dir():
        pytest.skip("POLICYTS_SEEDS_DIR is not set")
    texts = [_norm(p.read_text(encoding="utf-8")) for p in sorted(Path(folder).glob("*.txt"))]
    out = {}
    for key, marker in SEED_MARKERS.items():
        hits = [t for t in texts if _norm(marker) in t]
        assert len(hits) == 1, f"the seed of {key} is not identified uniquely"
        out[key] = hits[0]
    return out


def test_seed_quotes_occur_in_their_seed():
    texts = _seed_texts()
    seed_claims = [c for c in pi.claims() if c.source.kind == "seed"]
    assert {c.source.key for c in seed_claims} == set(SEED_MARKERS)
    for c in seed_claims:
        assert _norm(c.quote) in texts[c.source.key], c.id


def test_report_quotes_occur_in_the_research_notes():
    folder = os.environ.get("POLICYTS_SHARED_DIR")
    if not folder or not (Path(folder) / "data-sources.md").is_file():
        pytest.skip("POLICYTS_SHARED_DIR is not set")
    notes = _norm((Path(folder) / "data-sources.md").read_text(encoding="utf-8"))
    for c in pi.claims():
        if c.source.kind == "report" and c.quote and c.id not in QUOTES_CHECKED_ON_THE_PAGE:
            assert _norm(c.quote) in notes, c.id


#: Report claims added from a check against primary pages (issue 15) whose wording is not in the
#: research notes; each quote was checked on the page its source names (the URL below).
QUOTES_CHECKED_ON_THE_PAGE = {
    "dp.declassified_2018_body.defenseworld": "https://www.defenseworld.net/news/22439/",
    "dp.released_2017_11.chinadaily": (
        "http://www.chinadaily.com.cn/cndy/2017-11/30/content_35130433.htm"
    ),
    "sa.inventoried_2025.cnipa": "https://www.gzpscu.com.cn/news/v6018.html",
    "sa.institutions_2025.cnipa": "https://www.gzpscu.com.cn/news/v6018.html",
    "sa.invention_selected_2025.cnipa": "https://www.gzpscu.com.cn/news/v6018.html",
    "sa.smes_2025.cnipa": "https://www.gzpscu.com.cn/news/v6018.html",
    "sa.financing_intentions_2024.cnipa": "https://www.gzpscu.com.cn/news/v6018.html",
    "pi.product_output_2024.cnipa": "https://www.gzpscu.com.cn/news/v6018.html",
}


def test_quotes_checked_on_the_page_cite_that_page():
    for cid, url in QUOTES_CHECKED_ON_THE_PAGE.items():
        c = pi.claim_by_id(cid)
        assert c.quote and c.source.kind == "report", cid
        assert (c.source.url or "").startswith(url), cid


# Numbers in the seeds that are not claims, by seed, with the reason (see the README section).
NOT_CLAIMS = {
    "iiss-2018": {
        "19": "ordinal (19th Party Congress)",
        "2017": "date of an event (the Congress, October 2017); the release year is a claim's period",
        "2018": "title of a product (The Military Balance 2018), shop boilerplate",
        "171": "shop boilerplate about The Military Balance",
        "410.00": "shop price",
        "660.00": "shop price",
    },
    "mcf-innovation-web": {},
    "uppal-idst": {
        "5": "designation (5-G)",
        "1": "name (Tianhe-1A)",
        "3": "designation (3D printing, 3D scenarios)",
        "28": "ordinal (28th Research Institute)",
        "2014": "date of a status (Hikvision rated a top-tier supplier), not a happening",
        "1962": "date of an event (china_india_border_conflict_1962)",
        "26": "date of a cited article (Science Net, June 26, 2017)",
        "002415": "stock ticker on the scraped page",
        "1.19": "share-price change on the scraped page",
        "4": "name (C4ADS)",
        "8": "date of a report (event xinhua_declassification_forum_2018_05_08)",
        "24": "date of an event (cctv_documentary_military_science_committee_2017)",
    },
    "cheng-drahos-2018": {
        "13": "ordinal (13th Five-year Guideline)",
        "11": "ordinal (11th Five-year Plan)",
        "12": "ordinal (12th Five-year Guideline)",
        "2016": "date of plans or data, not a quantity",
        "2020": "end of a plan period, not a quantity",
        "2013": "date of a report",
        "2014": "date of a report / of a plan",
        "2015": "date of availability of documents",
        "1985": "start of published annual reports",
        "1997": "year of a cited work",
        "2017": "date of a change in published statistics (January 2017)",
        "1": "number of a cited report (No. 1)",
        "2": "part number of a cited document (Part 2)",
        "3": "paragraph number of a cited document (Para. 3)",
        "19": "paragraph number of a cited document (Para. 19)",
        "51": "paragraph number of a cited document (Para. 51)",
        "49": "journal volume (IIC 49)",
        "5": "page range of the article (5-40)",
        "40": "page range of the article (5-40)",
    },
    "patent-transformation-web-2025": {
        "10": "date of an event (the notice of 10 June 2025)",
    },
}


def _tokens(text: str) -> set[str]:
    # Ordinals ("19th") are names, not quantities.
    return {
        m.group(1).replace(",", "")
        for m in re.finditer(r"(\d+(?:,\d{3})*(?:\.\d+)?)(st|nd|rd|th)?", text)
        if not m.group(2)
    }


def _strip_bibliography(text: str) -> str:
    text = text[: text.find("Ahlers AL, Schubert G (2011)")]  # the reference list
    text = re.sub(r"\b(\d+)\. \1\.", " ", text)  # note labels "17. 17."
    text = re.sub(r"Fig\. \d+", " ", text)
    text = re.sub(r"pp?\. \d+(?:[-–]\d+)?", " ", text)  # page references
    text = re.sub(r"\(\d{4}[a-z]?(?:[,;] ?\d{4}[a-z]?)*(?:[-–]\d{4})?\)", " ", text)  # (2011)
    text = re.sub(r"note \d+", " ", text)
    return re.sub(r"Table \d+", " ", text)


def test_every_seed_number_is_a_claim_or_listed_as_not_a_claim():
    texts = _seed_texts()
    for key, text in texts.items():
        if key == "cheng-drahos-2018":
            text = _strip_bibliography(text)
        covered: set[str] = set()
        for c in pi.claims():
            if c.source.key == key:
                covered |= _tokens(_norm(c.quote)) | _tokens(c.period)
        uncovered = _tokens(text) - covered - set(NOT_CLAIMS[key])
        assert not uncovered, (
            f"{key}: numbers neither encoded nor listed as non-claims: {uncovered}"
        )
