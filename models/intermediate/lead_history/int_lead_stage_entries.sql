-- One row per stage a lead entered, with why (docs/design.md,
-- "Lifecycle semantics"):
--   * contact from creation; lead from creation unless the email is
--     malformed or the contact is excluded (then disqualified at once);
--   * per cycle, recycled, mql and sql (int_lead_marketing_stage_entries);
--   * opportunity and customer from int_lead_marketing_windows, with mql
--     and sql inferred at the opportunity when the lead's last cycle had
--     not reached them;
--   * a sales disqualification (terminal unless an opportunity follows).
with

leads as (

    select * from {{ ref('int_leads') }}
    {{ affected_leads_filter() }}

),

exclusions as (

    select * from {{ ref('int_lead_exclusions') }}
    {{ affected_leads_filter() }}

),

lead_windows as (

    select * from {{ ref('int_lead_marketing_windows') }}
    {{ affected_leads_filter() }}

),

cycle_stages as (

    select * from {{ ref('int_lead_cycle_qualifications') }}
    {{ affected_leads_filter() }}

),

marketing_entries as (

    select
        lead_id,
        cycle_number,
        stage,
        entered_at,
        reason,
        is_inferred
    from {{ ref('int_lead_marketing_stage_entries') }}
    {{ affected_leads_filter() }}

),

-- the cycle a lead is in when its opportunity is created, and which of
-- mql and sql it reached in that cycle
last_cycles as (

    select
        lead_windows.lead_id,
        max(cycle_stages.cycle_number) as cycle_number
    from lead_windows
    inner join cycle_stages
        on lead_windows.lead_id = cycle_stages.lead_id
    where lead_windows.opportunity_at is not null
    group by lead_windows.lead_id

),

last_cycle_reached as (

    select
        last_cycles.lead_id,
        last_cycles.cycle_number,
        coalesce(bool_or(marketing_entries.stage = 'mql'), false) as has_mql,
        coalesce(bool_or(marketing_entries.stage = 'sql'), false) as has_sql
    from last_cycles
    left join marketing_entries
        on
            last_cycles.lead_id = marketing_entries.lead_id
            and last_cycles.cycle_number = marketing_entries.cycle_number
    group by last_cycles.lead_id, last_cycles.cycle_number

),

sales_entries as (

    select
        lead_windows.lead_id,
        last_cycle_reached.cycle_number,
        'mql' as stage,
        lead_windows.opportunity_at as entered_at,
        'opportunity' as reason,
        true as is_inferred
    from lead_windows
    inner join last_cycle_reached
        on lead_windows.lead_id = last_cycle_reached.lead_id
    where not last_cycle_reached.has_mql

    union all

    select
        lead_windows.lead_id,
        last_cycle_reached.cycle_number,
        'sql' as stage,
        lead_windows.opportunity_at as entered_at,
        'opportunity' as reason,
        true as is_inferred
    from lead_windows
    inner join last_cycle_reached
        on lead_windows.lead_id = last_cycle_reached.lead_id
    where not last_cycle_reached.has_sql

    union all

    select
        lead_windows.lead_id,
        last_cycle_reached.cycle_number,
        'opportunity' as stage,
        lead_windows.opportunity_at as entered_at,
        'opportunity' as reason,
        false as is_inferred
    from lead_windows
    inner join last_cycle_reached
        on lead_windows.lead_id = last_cycle_reached.lead_id

    union all

    select
        lead_windows.lead_id,
        last_cycle_reached.cycle_number,
        'customer' as stage,
        lead_windows.customer_at as entered_at,
        'won' as reason,
        false as is_inferred
    from lead_windows
    inner join last_cycle_reached
        on lead_windows.lead_id = last_cycle_reached.lead_id
    where lead_windows.customer_at is not null

    union all

    select
        lead_id,
        cast(null as integer) as cycle_number,
        'disqualified' as stage,
        disqualified_at as entered_at,
        'sales_disqualified' as reason,
        false as is_inferred
    from lead_windows
    where disqualified_at is not null

),

creation_entries as (

    select
        leads.lead_id,
        0 as cycle_number,
        'contact' as stage,
        leads.created_at as entered_at,
        'created' as reason,
        false as is_inferred
    from leads

    union all

    select
        lead_windows.lead_id,
        0 as cycle_number,
        'lead' as stage,
        lead_windows.lead_at as entered_at,
        'created' as reason,
        false as is_inferred
    from lead_windows

    union all

    select
        exclusions.lead_id,
        0 as cycle_number,
        'disqualified' as stage,
        leads.created_at as entered_at,
        'excluded' as reason,
        false as is_inferred
    from exclusions
    inner join leads
        on exclusions.lead_id = leads.lead_id
    where exclusions.exclusion_reason is not null

),

all_entries as (

    select * from creation_entries
    union all
    select * from marketing_entries
    union all
    select * from sales_entries

),

final as (

    select
        -- ids
        all_entries.lead_id,

        -- strings
        all_entries.stage,
        all_entries.reason,

        -- numerics
        all_entries.cycle_number,
        lifecycle_stages.stage_order,

        -- booleans
        all_entries.is_inferred,

        -- timestamps
        all_entries.entered_at

    from all_entries
    inner join {{ ref('lifecycle_stages') }} as lifecycle_stages
        on all_entries.stage = lifecycle_stages.stage

)

select *{{ lead_bucket_column() }} from final
