-- One row per MQL entry the stage history holds (a recycled lead that
-- re-qualifies has two): the first sales touch at or after it (an activity
-- or a disposition), and the clock its follow-up SLA is judged on: the
-- working hours (business_hours seed) of the country the lead had when it
-- became an MQL, none when the seed does not list it. Clock-free
-- (docs/as_of.md): MQLs and touches dated after now are here. A table
-- rebuilt whole: sales activities are no input of the lead history.
with

stage_history as (

    select
        stage_entry_id,
        lead_id,
        stage,
        cycle_number,
        reason,
        is_inferred,
        entered_at
    from {{ ref('int_lead_stage_history') }}

),

contact_versions as (

    select * from {{ ref('int_contact_versions') }}

),

business_hours as (

    select * from {{ ref('stg_rules__business_hours') }}

),

mql_entries as (

    select
        stage_entry_id,
        lead_id,
        cycle_number,
        reason,
        is_inferred,
        entered_at as mql_at
    from stage_history
    where stage = 'mql'

),

sales_touches as (

    select
        lead_id,
        occurred_at as touched_at
    from {{ ref('int_sales_activities_attributed') }}

    union all

    select
        lead_id,
        decided_at as touched_at
    from {{ ref('int_lead_dispositions_attributed') }}

),

first_touches as (

    select
        mql_entries.stage_entry_id,
        min(sales_touches.touched_at) as first_touch_at
    from mql_entries
    inner join sales_touches
        on
            mql_entries.lead_id = sales_touches.lead_id
            and mql_entries.mql_at <= sales_touches.touched_at
    group by mql_entries.stage_entry_id

),

-- the country the lead had when it became an MQL (the team it was routed
-- to): the closed version holding the moment, or the open one. Two
-- branches, because a join condition mixing both sides in one expression
-- (`valid_to is null or ...`) cannot be a hash join.
mql_countries as (

    select
        mql_entries.stage_entry_id,
        contact_versions.country_code
    from mql_entries
    inner join contact_versions
        on
            mql_entries.lead_id = contact_versions.lead_id
            and mql_entries.mql_at >= contact_versions.valid_from
            and mql_entries.mql_at < contact_versions.valid_to

    union all

    select
        mql_entries.stage_entry_id,
        contact_versions.country_code
    from mql_entries
    inner join contact_versions
        on
            mql_entries.lead_id = contact_versions.lead_id
            and mql_entries.mql_at >= contact_versions.valid_from
    where contact_versions.valid_to is null

),

-- that country's working hours pick the clock
clocked as (

    select
        mql_entries.stage_entry_id,
        mql_entries.lead_id,
        mql_entries.cycle_number,
        mql_entries.reason,
        mql_entries.is_inferred,
        mql_entries.mql_at,
        first_touches.first_touch_at,
        business_hours.country_code as clock_country_code,
        business_hours.time_zone,
        business_hours.working_days,
        business_hours.day_start_second,
        business_hours.day_end_second
    from mql_entries
    left join first_touches
        on mql_entries.stage_entry_id = first_touches.stage_entry_id
    left join mql_countries
        on mql_entries.stage_entry_id = mql_countries.stage_entry_id
    left join business_hours
        on mql_countries.country_code = business_hours.country_code

)

select * from clocked
