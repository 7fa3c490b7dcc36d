-- Weighted lookup tables (key, columns...). Each tier owns $pick_slots
-- consecutive keys, shared out by weight: values.pick_rows turns the weights
-- into slot ranges [slot_lo, slot_hi) and passes them as JSON (far quicker to
-- bind than a list of structs), so `key = tier * $pick_slots +
-- floor(u * $pick_slots)` is a weighted draw that costs one hash join.
-- Fits, boosts and rates are exact decimals, as they were when these tables
-- were SQL literals: a profile whose fit sums to a threshold meets it.

create or replace temp table _leadflow_gen_titles as
with p as (
    select
        unnest(
            from_json(
                $title_rows,
                '[{
                    "tier": "integer", "slot_lo": "integer", "slot_hi": "integer",
                    "title": "varchar", "seniority": "varchar", "persona": "varchar",
                    "fit": "decimal(3, 2)"
                }]'
            ),
            recursive := true
        )
)

select
    (p.tier * $pick_slots + r.slot)::integer as pick_key,
    p.title,
    p.seniority,
    p.persona,
    p.fit
from range($pick_slots) as r (slot)
inner join p
    on r.slot >= p.slot_lo and r.slot < p.slot_hi;

create or replace temp table _leadflow_gen_sizes as
with p as (
    select
        unnest(
            from_json(
                $size_rows,
                '[{
                    "tier": "integer", "slot_lo": "integer", "slot_hi": "integer",
                    "band": "integer", "min_employees": "integer",
                    "max_employees": "integer", "fit": "decimal(3, 2)",
                    "acv": "integer"
                }]'
            ),
            recursive := true
        )
)

select
    (p.tier * $pick_slots + r.slot)::integer as pick_key,
    p.band,
    p.min_employees,
    p.max_employees,
    p.fit,
    p.acv
from range($pick_slots) as r (slot)
inner join p
    on r.slot >= p.slot_lo and r.slot < p.slot_hi;

create or replace temp table _leadflow_gen_industries as
with p as (
    select
        unnest(
            from_json(
                $industry_rows,
                '[{
                    "tier": "integer", "slot_lo": "integer", "slot_hi": "integer",
                    "industry": "varchar", "fit": "decimal(3, 2)"
                }]'
            ),
            recursive := true
        )
)

select
    (p.tier * $pick_slots + r.slot)::integer as pick_key,
    p.industry,
    p.fit
from range($pick_slots) as r (slot)
inner join p
    on r.slot >= p.slot_lo and r.slot < p.slot_hi;

create or replace temp table _leadflow_gen_countries as
with p as (
    select
        unnest(
            from_json(
                $country_rows,
                '[{
                    "tier": "integer", "slot_lo": "integer", "slot_hi": "integer",
                    "code": "varchar", "fit": "decimal(3, 2)"
                }]'
            ),
            recursive := true
        )
)

select
    (p.tier * $pick_slots + r.slot)::integer as pick_key,
    p.code,
    p.fit
from range($pick_slots) as r (slot)
inner join p
    on r.slot >= p.slot_lo and r.slot < p.slot_hi;

create or replace temp table _leadflow_gen_sources as
with p as (
    select
        unnest(
            from_json(
                $source_rows,
                '[{
                    "tier": "integer", "slot_lo": "integer", "slot_hi": "integer",
                    "source": "varchar", "boost": "decimal(3, 2)",
                    "visitor_rate": "decimal(3, 2)"
                }]'
            ),
            recursive := true
        )
)

select
    (p.tier * $pick_slots + r.slot)::integer as pick_key,
    p.source,
    p.boost,
    p.visitor_rate
from range($pick_slots) as r (slot)
inner join p
    on r.slot >= p.slot_lo and r.slot < p.slot_hi;

create or replace temp table _leadflow_gen_tlds as
with p as (
    select
        unnest(
            from_json(
                $tld_rows,
                '[{
                    "tier": "integer", "slot_lo": "integer", "slot_hi": "integer",
                    "tld": "varchar"
                }]'
            ),
            recursive := true
        )
)

select
    (p.tier * $pick_slots + r.slot)::integer as pick_key,
    p.tld
from range($pick_slots) as r (slot)
inner join p
    on r.slot >= p.slot_lo and r.slot < p.slot_hi;

create or replace temp table _leadflow_gen_personal as
with p as (
    select
        unnest(
            from_json(
                $personal_domain_rows,
                '[{
                    "tier": "integer", "slot_lo": "integer", "slot_hi": "integer",
                    "domain": "varchar"
                }]'
            ),
            recursive := true
        )
)

select
    (p.tier * $pick_slots + r.slot)::integer as pick_key,
    p.domain
from range($pick_slots) as r (slot)
inner join p
    on r.slot >= p.slot_lo and r.slot < p.slot_hi;

create or replace temp table _leadflow_gen_event_mix as
with p as (
    select
        unnest(
            from_json(
                $event_mix_rows,
                '[{
                    "tier": "integer", "slot_lo": "integer", "slot_hi": "integer",
                    "event_type": "varchar"
                }]'
            ),
            recursive := true
        )
)

select
    (p.tier * $pick_slots + r.slot)::integer as pick_key,
    p.event_type
from range($pick_slots) as r (slot)
inner join p
    on r.slot >= p.slot_lo and r.slot < p.slot_hi;

create or replace temp table _leadflow_gen_pages as
with p as (
    select
        unnest(
            from_json(
                $page_rows,
                '[{
                    "tier": "integer", "slot_lo": "integer", "slot_hi": "integer",
                    "url": "varchar"
                }]'
            ),
            recursive := true
        )
)

select
    (p.tier * $pick_slots + r.slot)::integer as pick_key,
    p.url
from range($pick_slots) as r (slot)
inner join p
    on r.slot >= p.slot_lo and r.slot < p.slot_hi;
