"""Tests for the policy-event catalogue and the first-affected-period mapping."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import importlib.util
import io
import json
import re
from importlib import resources

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policyts.cli
from policyts import events as E
from policyts._series import as_series
from policyts.events import (
    CATALOGUE,
    Event,
    EventCatalogue,
    ImpreciseEventDateWarning,
    Source,
    first_affected_period,
)

FAP = first_affected_period
SRC = Source(publisher="Publisher", title="Title", date="2020", url="")


def _csv_rows() -> list[dict[str, str]]:
    text = resources.files("policyts").joinpath("events.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


# --------------------------------------------------------------------------- catalogue


def test_csv_loads_every_row():
    rows = _csv_rows()
    assert len(rows) == 44
    assert len(CATALOGUE) == len(rows) == len(E.all_events())
    assert {r["id"] for r in rows} == set(CATALOGUE.ids())


def test_ids_unique_and_snake_case():
    ids = [r["id"] for r in _csv_rows()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids)


def test_kinds_precisions_and_jurisdictions_valid():
    for e in CATALOGUE:
        assert e.kind in ("policy", "statistical", "institutional", "context"), e.id
        assert e.precision in ("day", "month", "quarter", "year"), e.id
        assert re.fullmatch(r"CN(-[A-Z]{2})?", e.jurisdiction), e.id


def test_every_event_has_a_traceable_source():
    for e in CATALOGUE:
        s = e.source
        assert s.url.startswith(("http://", "https://")) or (s.publisher and s.title), e.id
        assert re.fullmatch(r"(\d{4}(-\d{2}(-\d{2})?)?)?", s.date), e.id
        assert e.note, e.id  # every date says what it means


def test_coarse_dates_are_the_first_day_of_their_span():
    for e in CATALOGUE:
        lo, hi = e.span
        assert lo == e.date
        if e.precision == "day":
            assert hi == lo
        elif e.precision == "month":
            assert lo.day == 1 and (hi + dt.timedelta(days=1)).day == 1
        elif e.precision == "year":
            assert (lo.month, lo.day, hi.month, hi.day) == (1, 1, 12, 31)


def test_catalogue_sorted_by_date_then_id():
    keys = [(e.date, e.id) for e in CATALOGUE]
    assert keys == sorted(keys)


REQUIRED = {
    # id: (date, precision, kind)
    "patent_law_1985": ("1985-04-01", "day", "policy"),
    "patent_law_amendment_1992": ("1992-09-04", "day", "policy"),
    "patent_law_amendment_2000": ("2000-08-25", "day", "policy"),
    "patent_law_amendment_2008": ("2008-12-27", "day", "policy"),
    "patent_law_amendment_2008_in_force": ("2009-10-01", "day", "policy"),
    "patent_law_amendment_2020": ("2020-10-17", "day", "policy"),
    "patent_law_amendment_2020_in_force": ("2021-06-01", "day", "policy"),
    "ip_strategy_2008": ("2008-06-05", "day", "policy"),
    "mcf_national_strategy": ("2014-01-01", "year", "policy"),
    "cmc_edd_mcf_guideline_2017": ("2017-02-24", "day", "policy"),
    "state_council_mcf_defence_industry_2017": ("2017-12-05", "day", "policy"),
    "declassified_patents_2017": ("2017-03-01", "month", "policy"),
    "party_congress_19": ("2017-10-01", "month", "institutional"),
    "declassified_patents_2018": ("2018-04-26", "day", "policy"),
    "cnipa_statistical_change_2017": ("2017-01-01", "year", "statistical"),
    "patent_subsidy_end_2021": ("2021-01-01", "year", "policy"),
    # issue 15: dated to the day of 国办发〔2023〕37号 (was 2023-10 at month precision)
    "special_action_patent_transformation_2023": ("2023-10-17", "day", "policy"),
    "cnipa_notice_2025_06_10": ("2025-06-10", "day", "policy"),
    "cnipa_notice_2025_05_21": ("2025-05-21", "day", "policy"),
    "declassified_patents_2017_11": ("2017-11-23", "day", "policy"),
    "china_india_border_conflict_1962": ("1962-01-01", "year", "context"),
    "cae_tsinghua_mcf_conference_2017": ("2017-06-01", "month", "context"),
    "mcf_written_into_constitution_2017": ("2017-01-01", "year", "context"),
    "cctv_documentary_military_science_committee_2017": ("2017-07-24", "day", "context"),
    "tibet_joint_drills_2018_01": ("2018-01-01", "month", "context"),
    "cetc_baidu_joint_lab_2018": ("2018-01-01", "year", "context"),
    "xinhua_declassification_forum_2018_05_08": ("2018-05-08", "day", "context"),
    "tibet_mcf_drill_2018_06": ("2018-06-01", "month", "context"),
    "hikvision_drones_air_force_2019": ("2019-01-01", "year", "context"),
    "c4ads_report_2019_10": ("2019-10-01", "month", "context"),
    "ams_civilian_recruitment_2020_03": ("2020-03-01", "month", "context"),
    "ccimcd_chair_2019_01": ("2019-01-01", "month", "institutional"),
    "ccimcd_established_2017": ("2017-01-22", "day", "institutional"),
}


@pytest.mark.parametrize("ident", sorted(REQUIRED))
def test_required_events(ident):
    date, precision, kind = REQUIRED[ident]
    e = E.get(ident)
    assert (e.date.isoformat(), e.precision, e.kind) == (date, precision, kind)


def test_seed_claim_on_commission_chair_points_to_primary_dating():
    e = E.get("ccimcd_chair_2019_01")
    assert "Uppal" in e.source.publisher
    assert "2017-01-22" in e.note and "ccimcd_established_2017" in e.note


def test_corrections_of_issue_15():
    # the April 2018 batch is no longer labelled the second release: November 2017 came between
    assert not E.get("declassified_patents_2018").title.lower().startswith("second")
    nov = E.get("declassified_patents_2017_11")
    assert nov.source.date == "2017-11-30" and "chinadaily.com.cn" in nov.source.url
    assert "23-25 November 2017" in nov.note
    # the special action plan: 17 October 2023, not the 20 or 22 October candidates
    plan = E.get("special_action_patent_transformation_2023")
    assert plan.label == "2023-10-17" and "37号" in plan.source.title
    # the CNIPA notice: issued 21 May 2025; the seed's 10 June kept, each with its source
    issued, seed_date = E.get("cnipa_notice_2025_05_21"), E.get("cnipa_notice_2025_06_10")
    assert issued.label == "2025-05-21" and "16号" in issued.title
    assert issued.source.url.startswith("http") and "cnipa_notice_2025_06_10" in issued.note
    assert "cnipa_notice_2025_05_21" in seed_date.note
    # context events are seen by the confounder windows
    assert "tibet_mcf_drill_2018_06" in {e.id for e in E.events_in_window(2018, 2018)}
    assert [e.id for e in E.between(2018, 2018, kind="context")] == [
        "cetc_baidu_joint_lab_2018",
        "tibet_joint_drills_2018_01",
        "xinhua_declassification_forum_2018_05_08",
        "tibet_mcf_drill_2018_06",
    ]


def test_labels_follow_precision():
    assert E.get("declassified_patents_2018").label == "2018-04-26"
    assert E.get("declassified_patents_2017").label == "2017-03"
    assert E.get("patent_subsidy_end_2021").label == "2021"
    assert str(E.get("party_congress_19")).startswith("party_congress_19 (2017-10, institutional)")


def test_catalogue_protocol():
    assert "declassified_patents_2018" in CATALOGUE
    assert E.get("declassified_patents_2018") in CATALOGUE
    assert "no_such_event" not in CATALOGUE and 2018 not in CATALOGUE
    assert [e.id for e in CATALOGUE][0] == "china_india_border_conflict_1962"
    assert CATALOGUE.get("party_congress_19") is E.get("party_congress_19")
    assert repr(CATALOGUE) == "EventCatalogue(44 events, 1962 .. 2025-06-10)"


def test_to_frame():
    frame = E.to_frame()
    assert frame.shape == (44, 10)
    assert frame.index.name == "id"
    row = frame.loc["declassified_patents_2018"]
    assert row["date"] == pd.Timestamp("2018-04-26")
    assert row["source_date"] == "2018-04-28"
    assert frame.loc["special_action_patent_transformation_2023", "precision"] == "day"


# --------------------------------------------------------------------------- windows


def test_between_whole_year_and_kind():
    assert [e.id for e in E.between(2018, 2018, kind="policy")] == ["declassified_patents_2018"]
    assert len(E.between(2018, 2018)) == 5  # with the four context events of 2018
    assert [e.id for e in E.between(2017, 2017, kind="statistical")] == [
        "cnipa_statistical_change_2017",
        "fujian_statistical_coverage_2017",
        "sipo_provincial_breakdown_discontinued_2017",
    ]
    assert [e.id for e in E.between(None, 1990)] == [
        "china_india_border_conflict_1962",
        "patent_law_1985",
    ]
    assert [e.id for e in E.between("2025-06-10", None)] == ["cnipa_notice_2025_06_10"]


def test_between_counts_coarse_dates_whose_span_overlaps():
    # one day in 2017 catches the year- and month-dated 2017 events as well
    ids = {e.id for e in E.between("2017-01-22", dt.date(2017, 1, 22))}
    assert ids == {
        "ccimcd_established_2017",
        "cnipa_statistical_change_2017",
        "fujian_statistical_coverage_2017",
        "mcf_written_into_constitution_2017",
        "sipo_provincial_breakdown_discontinued_2017",
    }
    # a window after the month's first day still finds a month-dated event
    assert "declassified_patents_2017" in {e.id for e in E.between("2017-03-20", "2017-03-31")}
    assert "declassified_patents_2017" not in {e.id for e in E.between("2017-04", "2017-12")}


def test_between_accepts_periods_quarters_and_timestamps():
    a = E.between(pd.Period("2018Q2", freq="Q"), "2018Q2")
    b = E.between(pd.Timestamp("2018-04-01"), dt.date(2018, 6, 30))
    assert [e.id for e in a] == [e.id for e in b]
    assert [e.id for e in a] == [
        "cetc_baidu_joint_lab_2018",
        "declassified_patents_2018",
        "xinhua_declassification_forum_2018_05_08",
        "tibet_mcf_drill_2018_06",
    ]


def test_events_in_window_excludes():
    base = {e.id for e in E.events_in_window(2017, 2017)}
    assert base == {
        "cae_tsinghua_mcf_conference_2017",
        "ccimcd_established_2017",
        "cctv_documentary_military_science_committee_2017",
        "cmc_edd_mcf_guideline_2017",
        "cmc_edd_research_funding_2017",
        "cnipa_statistical_change_2017",
        "declassified_patents_2017",
        "declassified_patents_2017_11",
        "fujian_statistical_coverage_2017",
        "mcf_written_into_constitution_2017",
        "party_congress_19",
        "sipo_provincial_breakdown_discontinued_2017",
        "state_council_mcf_defence_industry_2017",
    }
    minus = E.events_in_window(2017, 2017, exclude="declassified_patents_2017")
    assert {e.id for e in minus} == base - {"declassified_patents_2017"}
    minus2 = E.events_in_window(
        2017, 2017, exclude=[E.get("party_congress_19"), "cnipa_statistical_change_2017"]
    )
    assert {e.id for e in minus2} == base - {"party_congress_19", "cnipa_statistical_change_2017"}


# --------------------------------------------------------------------------- mapping


def test_required_annual_mappings():
    assert FAP("declassified_patents_2017", "year") == 2017
    assert FAP("special_action_patent_transformation_2023", "year") == 2024
    assert FAP("special_action_patent_transformation_2023", "year", rule="containing") == 2023
    assert FAP("special_action_patent_transformation_2023", "year", rule="next") == 2024
    assert FAP("patent_subsidy_end_2021", "year") == 2021
    assert FAP("patent_subsidy_end_2021", "year", rule="containing") == 2021
    assert FAP("patent_subsidy_end_2021", "year", rule="next") == 2022
    assert FAP("declassified_patents_2018", "year") == 2018
    assert FAP("state_council_mcf_defence_industry_2017", "year") == 2018
    assert FAP("patent_law_amendment_2008_in_force", "year") == 2010


def test_year_frequency_returns_int_and_event_method_agrees():
    e = E.get("special_action_patent_transformation_2023")
    result = FAP(e, "year")
    assert type(result) is int
    assert e.period("year") == result == 2024
    assert e.period("year", rule="containing") == 2023
    assert FAP("special_action_patent_transformation_2023", "Y") == pd.Period("2024", freq="Y")


@pytest.mark.parametrize("year", [2015, 2016])  # common and leap year
def test_majority_threshold_is_july_2(year):
    assert FAP(dt.date(year, 7, 2), "year") == year
    assert FAP(dt.date(year, 7, 3), "year") == year + 1
    assert FAP(dt.date(year, 1, 1), "year") == year
    assert FAP(dt.date(year, 12, 31), "year") == year + 1


def test_quarterly_majority_counts_days():
    # 2018Q2 has 91 days; from 16 May 46 days remain (2*46 >= 91), from 17 May 45 (2*45 < 91)
    assert FAP("2018-05-16", "Q") == pd.Period("2018Q2", freq="Q")
    assert FAP("2018-05-17", "Q") == pd.Period("2018Q3", freq="Q")
    assert FAP("declassified_patents_2018", "Q") == pd.Period("2018Q2", freq="Q")
    assert FAP("declassified_patents_2018", "Q", rule="next") == pd.Period("2018Q3", freq="Q")
    # March is the last month of 2017Q1: in force for at most 31 of its 90 days
    assert FAP("declassified_patents_2017", "Q") == pd.Period("2017Q2", freq="Q")
    assert FAP("declassified_patents_2017", "Q", rule="containing") == pd.Period("2017Q1", freq="Q")


def test_daily_majority_equals_containing():
    assert FAP("2018-04-26", "D") == pd.Period("2018-04-26", freq="D")
    assert FAP("2018-04-26", "D", rule="next") == pd.Period("2018-04-27", freq="D")


def test_month_precision_on_monthly_series():
    assert FAP("declassified_patents_2017", "M") == pd.Period("2017-03", freq="M")
    assert FAP("declassified_patents_2017", "M", rule="next") == pd.Period("2017-04", freq="M")
    assert FAP("2017Q3", "Q", rule="next") == pd.Period("2017Q4", freq="Q")


@pytest.mark.parametrize(
    ("freq", "expected"),
    [
        ("QS-OCT", pd.Period("2018Q2", freq="Q-DEC")),  # pandas' alias for quarter starts
        ("QS", pd.Period("2018Q2", freq="Q-DEC")),
        ("QE-DEC", pd.Period("2018Q2", freq="Q-DEC")),
        ("Q-SEP", pd.Period("2018Q3", freq="Q-SEP")),  # fiscal labels kept when asked for
        ("MS", pd.Period("2018-05", freq="M")),  # 26 April: 5 of 30 days remain
        ("YS", pd.Period("2018", freq="Y")),
        ("W", pd.Period("2018-04-23/2018-04-29", freq="W-SUN")),
    ],
)
def test_pandas_frequency_aliases(freq, expected):
    assert FAP("declassified_patents_2018", freq) == expected


def test_series_frequencies_from_as_series():
    annual = as_series(pd.Series(range(10), index=range(2012, 2022), dtype=float))
    assert annual.freq == "year"
    first = FAP("patent_subsidy_end_2021", annual.freq)
    assert annual.position(first) == 9
    monthly = as_series(
        pd.Series(range(24), index=pd.period_range("2017-01", periods=24, freq="M"), dtype=float)
    )
    assert monthly.position(FAP("declassified_patents_2018", monthly.freq)) == 16  # 2018-05


def test_imprecise_dates_raise_unless_allowed():
    with pytest.raises(ValueError, match=r"year precision; on a 'M' series .* 2021-01 to 2022-01"):
        FAP("patent_subsidy_end_2021", "M")
    with pytest.warns(ImpreciseEventDateWarning, match="2021-01 to 2022-01"):
        assert FAP("patent_subsidy_end_2021", "M", allow_imprecise=True) == pd.Period(
            "2021-01", freq="M"
        )
    # July straddles the annual half-way point: majority undetermined, the others not
    with pytest.raises(ValueError, match=r"rule 'containing' or 'next' \(determined"):
        FAP("2017-07", "year")
    assert FAP("2017-07", "year", rule="containing") == 2017
    assert FAP("2017-07", "year", rule="next") == 2018
    with pytest.warns(ImpreciseEventDateWarning):
        assert FAP("2017-08", "Q", allow_imprecise=True) == pd.Period("2017Q3", freq="Q")


@settings(max_examples=60, deadline=None)
@given(
    year=st.integers(1950, 2080),
    month=st.integers(1, 12),
    rule=st.sampled_from(["containing", "majority", "next"]),
    freq=st.sampled_from(["year", "Q", "W"]),
)
def test_month_dates_agree_with_every_day_of_the_month(year, month, rule, freq):
    # A month-dated event maps to a period only when every day of the month does.
    n_days = calendar.monthrange(year, month)[1]
    per_day = {FAP(dt.date(year, month, d), freq, rule=rule) for d in range(1, n_days + 1)}
    if len(per_day) == 1:
        assert FAP(f"{year}-{month:02d}", freq, rule=rule) == per_day.pop()
    else:
        with pytest.raises(ValueError, match="month precision"):
            FAP(f"{year}-{month:02d}", freq, rule=rule)


DAYS = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2080, 12, 31))


@settings(max_examples=150, deadline=None)
@given(day=DAYS, freq=st.sampled_from(["year", "Y", "Q", "QS-OCT", "M", "MS", "W", "D"]))
def test_rules_are_ordered_and_one_period_apart(day, freq):
    c = FAP(day, freq, rule="containing")
    m = FAP(day, freq, rule="majority")
    n = FAP(day, freq, rule="next")
    assert c <= m <= n
    assert n == c + 1
    if freq == "year":
        assert c == day.year
    else:
        assert c.start_time.date() <= day <= c.end_time.date()


@settings(max_examples=150, deadline=None)
@given(day=DAYS.filter(lambda d: (d.month, d.day) != (2, 29)))
def test_majority_matches_closed_form_and_shifts_with_the_year(day):
    expected = day.year if (day.month, day.day) <= (7, 2) else day.year + 1
    assert FAP(day, "year") == expected
    later = day.replace(year=day.year + 1)
    for rule in ("containing", "majority", "next"):
        assert FAP(later, "year", rule=rule) == FAP(day, "year", rule=rule) + 1


# --------------------------------------------------------------------------- bad input


def test_unknown_id_lists_close_matches():
    with pytest.raises(
        ValueError, match=r"unknown event id 'patent_law_2008'.*patent_law_amendment_2008"
    ):
        E.get("patent_law_2008")
    with pytest.raises(ValueError, match=r"CATALOGUE\.ids\(\)"):
        FAP("no_such_event", "year")


@pytest.mark.parametrize("bad", ["2017-13-01", "2017/03/01", "17", "2017Q5"])
def test_unparseable_dates(bad):
    with pytest.raises(ValueError, match="cannot parse the date"):
        FAP(bad, "year")


@pytest.mark.parametrize("bad", [None, True, 3.5])
def test_non_dates(bad):
    with pytest.raises(ValueError, match="expected a date|is not a date"):
        FAP(bad, "year")


def test_unknown_rule_freq_kind():
    with pytest.raises(ValueError, match="unknown rule 'first'"):
        FAP("party_congress_19", "year", rule="first")
    with pytest.raises(ValueError, match="unknown frequency 'fortnight'"):
        FAP("party_congress_19", "fortnight")
    with pytest.raises(ValueError, match="multiple"):
        FAP("party_congress_19", "2M")
    with pytest.raises(ValueError, match="not supported"):
        FAP("2018-04-26", "h")
    with pytest.raises(ValueError, match="positional labels"):
        FAP("2018-04-26", "position")
    with pytest.raises(ValueError, match="unknown kind 'law'"):
        E.between(2017, 2018, kind="law")


def test_bad_windows():
    with pytest.raises(ValueError, match="starts .* after it ends"):
        E.between(2018, 2017)
    with pytest.raises(ValueError, match="window start: cannot parse"):
        E.between("sometime", 2017)
    with pytest.raises(ValueError, match="unknown event id 'nope'"):
        E.events_in_window(2017, 2017, exclude="nope")


def test_invalid_events_and_catalogues():
    ok = dict(
        id="x_1",
        date=dt.date(2017, 3, 1),
        precision="month",
        title="t",
        kind="policy",
        jurisdiction="CN",
        source=SRC,
    )
    Event(**ok)
    with pytest.raises(ValueError, match="not snake_case"):
        Event(**{**ok, "id": "Bad-Id"})
    with pytest.raises(ValueError, match="first day of its month"):
        Event(**{**ok, "date": dt.date(2017, 3, 6)})
    with pytest.raises(ValueError, match="event 'x_1': unknown kind 'law'"):
        Event(**{**ok, "kind": "law"})
    with pytest.raises(ValueError, match="needs a URL or both a publisher and a title"):
        Event(**{**ok, "source": Source(publisher="", title="t")})
    with pytest.raises(ValueError, match="duplicate event id 'x_1'"):
        EventCatalogue([Event(**ok), Event(**ok)])


def test_from_csv_reports_the_bad_line(tmp_path):
    header = ",".join(E.CSV_COLUMNS)
    good = "a_1,2017-03-06,day,t,policy,CN,P,T,,,n"
    path = tmp_path / "ev.csv"
    path.write_text(f"{header}\n{good}\nb_2,2017-02-30,day,t,policy,CN,P,T,,,n\n")
    with pytest.raises(ValueError, match=r"line 3 \(id 'b_2'\): date '2017-02-30'"):
        EventCatalogue.from_csv(path)
    path.write_text(f"id,date\n{good}\n")
    with pytest.raises(ValueError, match="columns are"):
        EventCatalogue.from_csv(path)
    path.write_text(f"{header}\n{good}\n")
    own = EventCatalogue.from_csv(path)
    assert own.ids() == ("a_1",) and own.get("a_1").date == dt.date(2017, 3, 6)


# --------------------------------------------------------------------------- CLI


@pytest.fixture
def events_only_cli(monkeypatch):
    # Only this module's subcommand, so the test does not depend on the other registrars.
    monkeypatch.setattr(policyts.cli, "_REGISTRARS", ("policyts.cli.events",))


def test_cli_json(events_only_cli, capsys):
    assert policyts.cli.main(["events", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out) == len(CATALOGUE)
    assert all(
        set(o) == {"id", "date", "precision", "title", "kind", "jurisdiction", "source"}
        for o in out
    )
    row = next(o for o in out if o["id"] == "declassified_patents_2018")
    assert (row["date"], row["precision"], row["kind"]) == ("2018-04-26", "day", "policy")
    assert set(row["source"]) == {"publisher", "title", "date", "url"}
    assert row["source"]["date"] == "2018-04-28"


def test_cli_kind_filter_and_table(events_only_cli, capsys):
    assert policyts.cli.main(["events", "--json", "--kind", "statistical"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [o["id"] for o in out] == [
        "cnipa_statistical_change_2017",
        "fujian_statistical_coverage_2017",
        "sipo_provincial_breakdown_discontinued_2017",
    ]
    assert policyts.cli.main(["events"]) == 0
    text = capsys.readouterr().out
    assert re.search(r"^declassified_patents_2017\s+2017-03\s+month\s+policy\s+CN\s", text, re.M)
    assert "44 event(s)" in text


def test_cli_bad_kind(events_only_cli, capsys):
    assert policyts.cli.main(["events", "--kind", "bogus"]) == 2
    assert "unknown kind 'bogus'" in capsys.readouterr().err


_MISSING = [m for m in policyts.cli._REGISTRARS if importlib.util.find_spec(m) is None]


@pytest.mark.skipif(bool(_MISSING), reason=f"subcommand modules not present yet: {_MISSING}")
def test_cli_json_with_all_subcommands(capsys):
    assert policyts.cli.main(["events", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == len(CATALOGUE)
