"""The named parameters the SQL files receive: params.py's constants, the
shapes derived from them (pick-table rows, split lists), the seed's lists and
the values of one run."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from types import ModuleType

from leadflow.generate import params as P
from leadflow.project import project_dir

COMPETITOR_SEED = ("seeds", "lifecycle", "competitor_domains.csv")

COMPANY_NAMES = len(P.COMPANY_PREFIXES) * len(P.COMPANY_STEMS) * len(P.COMPANY_SUFFIXES)
assert math.gcd(P.COMPANY_SHUFFLE, COMPANY_NAMES) == 1, "the shuffle must permute the names"
# contacts.sql draws the first hand-raise from three cumulative bounds
assert len(P.HAND_RAISERS) == 3


@cache
def competitor_domains() -> tuple[tuple[str, str], ...]:
    """(email domain, company) of every competitor in the project's seed, in
    its order: the staff who sign up to look around come from these."""
    path = project_dir().joinpath(*COMPETITOR_SEED)
    with path.open(newline="") as handle:
        return tuple((row["domain"], row["competitor"]) for row in csv.DictReader(handle))


@dataclass(frozen=True)
class Run:
    """What one call of generate() varies."""

    contacts: int
    seed: int
    start_sec: int  # every row happens in [start_sec, as_of_sec)
    as_of_sec: int  # ... and has landed by as_of_sec
    source: str  # the _source_file of every row


def pick_rows(
    columns: Sequence[str], items: Sequence[tuple[Sequence[object], Sequence[float]]]
) -> list[dict[str, object]]:
    """The rows of a weighted lookup table (pick_tables.sql): each tier (one
    weight per item per tier) owns PICK_SLOTS consecutive keys, shared out by
    weight; an item's keys are [slot_lo, slot_hi)."""
    rows = []
    for tier in range(len(items[0][1])):
        total = sum(weights[tier] for _, weights in items)
        cumulative, lo = 0.0, 0
        for values, weights in items:
            cumulative += weights[tier]
            hi = round(cumulative / total * P.PICK_SLOTS)
            if hi > lo:
                rows.append(
                    {
                        "tier": tier,
                        "slot_lo": lo,
                        "slot_hi": hi,
                        **dict(zip(columns, values, strict=True)),
                    }
                )
            lo = hi
    return rows


def _pick_tables() -> dict[str, str]:
    pages = [
        ((f"{P.SITE}{section}{page}",), tuple(w / len(pages_in) for w in weights))
        for section, pages_in, weights in P.PAGES
        for page in pages_in
    ]
    tables = {
        "title_rows": pick_rows(
            ("title", "seniority", "persona", "fit"),
            [((t, s, p, f), (w,)) for t, s, p, f, w in P.TITLES],
        ),
        "size_rows": pick_rows(
            ("band", "min_employees", "max_employees", "fit", "acv"),
            [((i, lo, hi, f, acv), (w,)) for i, (lo, hi, f, acv, w) in enumerate(P.COMPANY_SIZES)],
        ),
        "industry_rows": pick_rows(
            ("industry", "fit"), [((n, f), (w,)) for n, f, w in P.INDUSTRIES]
        ),
        "country_rows": pick_rows(("code", "fit"), [((c, f), (w,)) for c, f, w in P.COUNTRIES]),
        "source_rows": pick_rows(
            ("source", "boost", "visitor_rate"),
            [((s, b, v), (w,)) for s, b, v, w in P.LEAD_SOURCES],
        ),
        "tld_rows": pick_rows(("tld",), [((t,), (w,)) for t, w in P.COMPANY_TLDS]),
        "personal_domain_rows": pick_rows(
            ("domain",), [((d,), (w,)) for d, w in P.PERSONAL_DOMAINS]
        ),
        "event_mix_rows": pick_rows(("event_type",), [((e,), w) for e, w in P.EVENT_MIX]),
        "page_rows": pick_rows(("url",), pages),
    }
    return {name: json.dumps(rows) for name, rows in tables.items()}


def _flat_constants(module: ModuleType) -> dict[str, object]:
    """Every upper-case constant that DuckDB takes as it is (a number, a text
    or a flat list of them), under its name in lower case."""
    scalar = (int, float, str, type(None))
    out: dict[str, object] = {}
    for name, value in vars(module).items():
        if not name.isupper():
            continue
        if isinstance(value, scalar):
            out[name.lower()] = value
        elif isinstance(value, tuple) and all(isinstance(v, scalar) for v in value):
            out[name.lower()] = list(value)
    return out


def _derived() -> dict[str, object]:
    """Shapes of params.py's tables that the SQL indexes into."""
    competitors = competitor_domains()
    spelled = dict.fromkeys(code for code, _ in P.COUNTRY_SPELLINGS)
    z_rate = P.OFFSET_TIMESTAMP_RATE * P.Z_SHARE_OF_OFFSET_TIMESTAMPS
    return {
        **_pick_tables(),
        "activity_log_mean": P.ACTIVITY_LOGNORMAL[0],
        "activity_log_sd": P.ACTIVITY_LOGNORMAL[1],
        "company_names": COMPANY_NAMES,
        "company_suffix_names": [name for name, _ in P.COMPANY_SUFFIXES],
        "company_suffix_domains": [domain for _, domain in P.COMPANY_SUFFIXES],
        "academic_domains": [a[0] for a in P.ACADEMIC_DOMAINS],
        "academic_institutions": [a[1] for a in P.ACADEMIC_DOMAINS],
        "academic_countries": [a[2] for a in P.ACADEMIC_DOMAINS],
        "competitor_domains": [domain for domain, _ in competitors],
        "competitor_names": [name for _, name in competitors],
        "country_spelling_codes": list(spelled),
        "country_spellings": [
            [text for c, text in P.COUNTRY_SPELLINGS if c == code] for code in spelled
        ],
        "office_countries": list(P.OFFICE_TIME_ZONES),
        "office_time_zones": list(P.OFFICE_TIME_ZONES.values()),
        "hand_raiser_types": [h[0] for h in P.HAND_RAISERS],
        "hand_raiser_urls": [P.SITE + h[1] for h in P.HAND_RAISERS],
        # upper bounds of the first two kinds; the third takes the rest
        "hand_raiser_cuts": [sum(h[2] for h in P.HAND_RAISERS[: k + 1]) for k in range(2)],
        # the malformed events' kinds share one draw: blank id, unknown type,
        # in the future, unparseable
        "event_mess_cuts": list(
            accumulate(
                (
                    P.NULL_EVENT_ID_RATE,
                    P.UNKNOWN_EVENT_TYPE_RATE,
                    P.FUTURE_EVENT_RATE,
                    P.BAD_TIMESTAMP_RATE,
                )
            )
        ),
        # a draw below UTM_PAGE_VIEW_RATE, scaled to [0, 1), picks the suffix
        "utm_draw_scale": round(1 / P.UTM_PAGE_VIEW_RATE),
        "z_timestamp_rate": z_rate,
        "utc_offset_seconds": [seconds for seconds, _ in P.UTC_OFFSETS],
        "utc_offset_texts": [text for _, text in P.UTC_OFFSETS],
        "utc_offset_width": (P.OFFSET_TIMESTAMP_RATE - z_rate) / len(P.UTC_OFFSETS),
    }


def sql_values(run: Run) -> dict[str, object]:
    """Every named parameter of the SQL files, for one run."""
    window = run.as_of_sec - run.start_sec
    return {
        **_flat_constants(P),
        **_derived(),
        "contacts": run.contacts,
        "seed": run.seed,
        "start_sec": run.start_sec,
        "as_of_sec": run.as_of_sec,
        "window_sec": window,
        "source": run.source,
        "companies": max(1, min(COMPANY_NAMES, math.ceil(run.contacts / P.CONTACTS_PER_COMPANY))),
        "company_shift": run.seed % COMPANY_NAMES,
        "visitors": round(run.contacts * P.ANONYMOUS_VISITORS_PER_CONTACT),
    }
