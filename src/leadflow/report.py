"""`leadflow report`: one self-contained HTML page (no CDN, no network) with
the pictures a marketing team looks at. It reads only the marts, through a
read-only connection, as a BI tool does. Charts are drawn as inline SVG at
build time; a few lines of inline script only check them and add hover
values."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from leadflow.summary import level_funnel

WIDTH = 760
PALETTE = ("#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#d53f8c", "#718096")


@dataclass
class Chart:
    key: str
    title: str
    caption: str
    svg: str


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _svg(height: int, body: list[str]) -> str:
    return (
        f'<svg viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'xmlns="http://www.w3.org/2000/svg">' + "".join(body) + "</svg>"
    )


def _hbars(rows: list[tuple[str, list[float]]], series: list[str], fmt, label_width=170) -> str:
    """Horizontal bars, one group per row, one bar per series."""
    bar_h, gap = 16, 10
    group_h = bar_h * len(series) + gap
    legend_h = 24 if len(series) > 1 else 0
    height = legend_h + group_h * len(rows) + 10
    top = max((v for _, values in rows for v in values if v is not None), default=0) or 1
    plot_w = WIDTH - label_width - 80
    body: list[str] = []
    for i, name in enumerate(series if len(series) > 1 else []):
        x = label_width + i * 170
        body.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{PALETTE[i]}"/>')
        body.append(f'<text x="{x + 18}" y="15" class="legend">{_esc(name)}</text>')
    for r, (label, values) in enumerate(rows):
        y0 = legend_h + r * group_h
        body.append(
            f'<text x="{label_width - 8}" y="{y0 + group_h / 2}" class="label" '
            f'text-anchor="end">{_esc(label)}</text>'
        )
        for s, value in enumerate(values):
            value = value or 0
            w = max(value / top * plot_w, 1)
            y = y0 + s * bar_h
            body.append(
                f'<rect class="mark" x="{label_width}" y="{y}" width="{w:.1f}" '
                f'height="{bar_h - 2}" fill="{PALETTE[s % len(PALETTE)]}">'
                f"<title>{_esc(label)} {_esc(series[s])}: {_esc(fmt(value))}</title></rect>"
            )
            body.append(
                f'<text x="{label_width + w + 6:.1f}" y="{y + bar_h - 4}" class="value">'
                f"{_esc(fmt(value))}</text>"
            )
    return _svg(height, body)


def _lines(xs: list[str], series: dict[str, list[float | None]], fmt) -> str:
    """Lines over categorical x values (months)."""
    height, left, right, top_pad, bottom = 300, 60, 20, 30, 50
    plot_w, plot_h = WIDTH - left - right, height - top_pad - bottom
    values = [v for vs in series.values() for v in vs if v is not None]
    top = max(values, default=0) or 1
    step = plot_w / max(len(xs) - 1, 1)
    body: list[str] = []
    for k in range(5):
        v = top * k / 4
        y = top_pad + plot_h - v / top * plot_h
        body.append(
            f'<line x1="{left}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
        )
        body.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" class="axis" text-anchor="end">'
            f"{_esc(fmt(v))}</text>"
        )
    for i, x in enumerate(xs):
        if len(xs) <= 13 or i % 2 == 0:
            body.append(
                f'<text x="{left + i * step:.1f}" y="{height - bottom + 18}" '
                f'class="axis" text-anchor="middle">{_esc(x)}</text>'
            )
    for s, (name, vs) in enumerate(series.items()):
        color = PALETTE[s % len(PALETTE)]
        points = [
            (left + i * step, top_pad + plot_h - v / top * plot_h)
            for i, v in enumerate(vs)
            if v is not None
        ]
        if points:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(
                f'<polyline class="mark" points="{path}" fill="none" '
                f'stroke="{color}" stroke-width="2.5"/>'
            )
        for (x, y), v in zip(points, [v for v in vs if v is not None], strict=True):
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}">'
                f"<title>{_esc(name)}: {_esc(fmt(v))}</title></circle>"
            )
        lx = left + s * 200
        body.append(f'<rect x="{lx}" y="6" width="12" height="12" fill="{color}"/>')
        body.append(f'<text x="{lx + 18}" y="17" class="legend">{_esc(name)}</text>')
    return _svg(height, body)


def _boxes(rows: list[tuple[str, float, float, float, float, float, int]]) -> str:
    """One horizontal box plot per row: min, q1, median, q3, max."""
    label_width, row_h = 150, 34
    height = row_h * len(rows) + 40
    low = min((r[1] for r in rows), default=0)
    high = max((r[5] for r in rows), default=1)
    span = (high - low) or 1
    plot_w = WIDTH - label_width - 30

    def sx(v: float) -> float:
        return label_width + (v - low) / span * plot_w

    body: list[str] = []
    for r, (label, lo, q1, med, q3, hi, n) in enumerate(rows):
        y = r * row_h + 10
        mid = y + row_h / 2 - 4
        body.append(
            f'<text x="{label_width - 8}" y="{mid + 4}" class="label" '
            f'text-anchor="end">{_esc(label)} ({n:,})</text>'
        )
        body.append(
            f'<line x1="{sx(lo):.1f}" x2="{sx(hi):.1f}" y1="{mid}" y2="{mid}" class="whisker"/>'
        )
        body.append(
            f'<rect class="mark" x="{sx(q1):.1f}" y="{mid - 9}" '
            f'width="{max(sx(q3) - sx(q1), 1):.1f}" height="18" fill="{PALETTE[r % 6]}" '
            f'fill-opacity="0.75"><title>{_esc(label)}: median {med:g}, middle half '
            f"{q1:g} to {q3:g}, range {lo:g} to {hi:g}</title></rect>"
        )
        body.append(
            f'<line x1="{sx(med):.1f}" x2="{sx(med):.1f}" y1="{mid - 9}" '
            f'y2="{mid + 9}" class="median"/>'
        )
    for k in range(6):
        v = low + span * k / 5
        body.append(
            f'<text x="{sx(v):.1f}" y="{height - 6}" class="axis" '
            f'text-anchor="middle">{v:.0f}</text>'
        )
    return _svg(height, body)


def _pct(v: float) -> str:
    return f"{v * 100:.1f}%"


def _count(v: float) -> str:
    return f"{int(round(v)):,}"


def build_charts(con: duckdb.DuckDBPyConnection) -> list[Chart]:
    charts: list[Chart] = []

    # the main path and its order come from the lifecycle_stages seed (dim_lifecycle_stages)
    funnel = con.execute(
        """
        select stages.stage, count(distinct history.lead_id)
        from marts.dim_lifecycle_stages as stages
        left join marts.fct_lead_stage_history as history on stages.stage = history.stage
        where stages.is_main_path
        group by stages.stage, stages.stage_order
        order by stages.stage_order
        """
    ).fetchall()
    charts.append(
        Chart(
            "funnel",
            "Funnel by stage",
            "Contacts that ever reached each stage of the main path "
            "(skipped stages count as reached).",
            _hbars([(stage, [float(n)]) for stage, n in funnel], ["leads"], _count),
        )
    )

    levels = level_funnel(con)
    charts.append(
        Chart(
            "funnel_by_level",
            "Funnel by qualification level",
            "Share of the leads that entered each stage which reached each of its "
            "qualification levels (qualification_levels seed); a higher level implies "
            "the lower ones.",
            _hbars(
                [
                    (f"{level} ({reached:,} leads)", [reached / entered if entered else 0.0])
                    for _, level, reached, entered, _ in levels
                ],
                ["share of the stage's leads"],
                _pct,
            ),
        )
    )

    by_source = con.execute(
        """
        select lead_source, sum(leads), sum(mqls), sum(customers)
        from marts.rpt_funnel_cohorts
        where lead_source != 'all'
        group by lead_source
        order by sum(leads) desc
        """
    ).fetchall()
    charts.append(
        Chart(
            "conversion_by_source",
            "Conversion by lead source",
            "Share of each source's leads that became MQLs and customers.",
            _hbars(
                [
                    (src, [mqls / leads if leads else 0, won / leads if leads else 0])
                    for src, leads, mqls, won in by_source
                ],
                ["lead to MQL", "lead to customer"],
                _pct,
            ),
        )
    )

    cohorts = con.execute(
        "select strftime(cohort_month, '%Y-%m'), lead_to_mql_rate, mql_to_sql_rate, "
        "sql_to_opportunity_rate from marts.rpt_funnel_cohorts "
        "where lead_source = 'all' order by cohort_month"
    ).fetchall()
    charts.append(
        Chart(
            "cohort_conversion",
            "Cohort conversion over months",
            "For the leads of each month: how many became MQLs, and how MQLs and SQLs "
            "converted onwards. Recent cohorts have had less time to convert.",
            _lines(
                [c[0] for c in cohorts],
                {
                    "lead to MQL": [c[1] for c in cohorts],
                    "MQL to SQL": [c[2] for c in cohorts],
                    "SQL to opportunity": [c[3] for c in cohorts],
                },
                _pct,
            ),
        )
    )

    scores = con.execute(
        """
        select
            leads.current_stage,
            min(leads.score), quantile_cont(leads.score, 0.25), median(leads.score),
            quantile_cont(leads.score, 0.75), max(leads.score), count(*)
        from marts.dim_leads as leads
        inner join marts.dim_lifecycle_stages as stages on leads.current_stage = stages.stage
        group by leads.current_stage, stages.stage_order
        order by stages.stage_order
        """
    ).fetchall()
    charts.append(
        Chart(
            "score_by_stage",
            "Score distribution by current stage",
            "Current score of the leads in each stage: the box holds the middle half, "
            "the line the median, the whisker the full range.",
            _boxes(
                [
                    (s, float(a), float(b), float(c), float(d), float(e), int(n))
                    for s, a, b, c, d, e, n in scores
                ]
            ),
        )
    )

    buckets = con.execute(
        """
        select bucket, count(*)
        from (
            select case
                when days_lead_to_sql < 1 then 0
                when days_lead_to_sql < 7 then 1
                when days_lead_to_sql < 30 then 2
                when days_lead_to_sql < 90 then 3
                when days_lead_to_sql < 180 then 4
                else 5 end as bucket
            from marts.dim_leads
            where days_lead_to_sql is not null
        )
        group by bucket order by bucket
        """
    ).fetchall()
    names = ["under 1 day", "1-7 days", "7-30 days", "30-90 days", "90-180 days", "180+ days"]
    counts = dict(buckets)
    charts.append(
        Chart(
            "time_to_sql",
            "Time to SQL",
            "Days from becoming a lead to the first SQL entry, for leads that got there.",
            _hbars(
                [(name, [float(counts.get(i, 0))]) for i, name in enumerate(names)],
                ["leads"],
                _count,
            ),
        )
    )
    return charts


STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, Segoe UI, sans-serif; color: #1a202c;
       margin: 0 auto; max-width: 820px; padding: 24px; background: #f7fafc; }
h1 { font-size: 24px; margin-bottom: 4px; }
.meta { color: #4a5568; margin-top: 0; }
figure { background: white; border: 1px solid #e2e8f0; border-radius: 8px;
         margin: 20px 0; padding: 16px 20px; }
figcaption h2 { font-size: 17px; margin: 0 0 2px; }
figcaption p { color: #4a5568; margin: 0 0 10px; font-size: 13px; }
svg text { font: 12px system-ui, sans-serif; fill: #2d3748; }
svg .value, svg .axis { fill: #4a5568; font-size: 11px; }
svg .grid { stroke: #edf2f7; }
svg .whisker { stroke: #718096; stroke-width: 1.5; }
svg .median { stroke: #1a202c; stroke-width: 2.5; }
#status { color: #718096; font-size: 12px; }
table { border-collapse: collapse; background: white; font-size: 13px; width: 100%; }
th, td { border-bottom: 1px solid #e2e8f0; padding: 4px 8px; text-align: left; }
td.num { text-align: right; }
"""

# Checks every chart has marks and records the result; a script error or an
# empty chart shows in the page (and the browser test reads it).
SCRIPT = """
(function () {
  var charts = document.querySelectorAll('figure[data-chart]');
  var drawn = 0;
  charts.forEach(function (figure) {
    if (figure.querySelectorAll('svg .mark').length > 0) { drawn += 1; }
    else { figure.classList.add('empty'); }
  });
  document.body.setAttribute('data-charts-drawn', String(drawn));
  document.body.setAttribute('data-charts-total', String(charts.length));
  document.getElementById('status').textContent =
    drawn + ' of ' + charts.length + ' charts drawn';
})();
"""


def page(title: str, meta: str, charts: list[Chart], extra_html: str = "") -> str:
    """A self-contained page: the charts as figures, then any extra HTML (tables)."""
    figures = "\n".join(
        f'<figure data-chart="{c.key}"><figcaption><h2>{_esc(c.title)}</h2>'
        f"<p>{_esc(c.caption)}</p></figcaption>{c.svg}</figure>"
        for c in charts
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title)}</title><style>{STYLE}</style></head><body>"
        f'<h1>{_esc(title)}</h1><p class="meta">{_esc(meta)}</p>{figures}{extra_html}'
        f'<p id="status"></p><script>{SCRIPT}</script></body></html>'
    )


def render(con: duckdb.DuckDBPyConnection) -> str:
    charts = build_charts(con)
    leads = con.execute("select count(*) from marts.dim_leads").fetchone()[0]
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return page(
        "leadflow funnel report", f"{leads:,} contacts · made {made} from the marts", charts
    )


def write_report(warehouse: Path, out: Path) -> int:
    """Render the report from a warehouse opened read-only; return chart count."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        page = render(con)
    finally:
        con.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return page.count("<figure ")
