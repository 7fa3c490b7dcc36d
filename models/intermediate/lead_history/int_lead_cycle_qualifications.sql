-- One row per lead per marketing cycle (int_lead_cycle_signals): the first
-- moment in the cycle the lead met the MQL bar, and the first moment it
-- reached SQL and why, the first of: the score meets the SQL threshold, a
-- hand-raiser event, a sales acceptance (at one instant the reason of
-- lowest precedence in stage_entry_reasons wins). Moments at or after the
-- end of marketing are left out: the opportunity infers those stages.
with

cycle_signals as (

    select
        lead_id,
        cycle_number,
        cycle_started_at,
        marketing_ends_at,
        mql_threshold_at,
        sql_threshold_at,
        hand_raiser_at,
        sales_accepted_at
    from {{ ref('int_lead_cycle_signals') }}
    {{ affected_leads_filter() }}

),

reasons as (

    select * from {{ ref('stage_entry_reasons') }}

),

-- every way a cycle can reach SQL, and the first of them; at one instant
-- the reason of lowest precedence (stage_entry_reasons seed) wins
sql_candidates as (

    select
        lead_id,
        cycle_number,
        sql_threshold_at as entered_at,
        'threshold' as reason
    from cycle_signals
    where sql_threshold_at is not null

    union all

    select
        lead_id,
        cycle_number,
        hand_raiser_at as entered_at,
        'hand_raiser' as reason
    from cycle_signals
    where hand_raiser_at is not null

    union all

    select
        lead_id,
        cycle_number,
        sales_accepted_at as entered_at,
        'sales_accepted' as reason
    from cycle_signals
    where sales_accepted_at is not null

),

first_sql_candidates as (

    select
        sql_candidates.lead_id,
        sql_candidates.cycle_number,
        sql_candidates.entered_at as sql_at,
        sql_candidates.reason as sql_reason,
        row_number() over (
            partition by sql_candidates.lead_id, sql_candidates.cycle_number
            order by sql_candidates.entered_at, reasons.precedence
        ) as candidate_rank
    from sql_candidates
    -- a reason the seed lacks fails the stage history's reason test
    left join reasons
        on sql_candidates.reason = reasons.reason

),

cycle_sql as (

    select
        cycle_signals.lead_id,
        cycle_signals.cycle_number,
        cycle_signals.cycle_started_at,
        cycle_signals.marketing_ends_at,
        cycle_signals.mql_threshold_at,
        first_sql_candidates.sql_at,
        first_sql_candidates.sql_reason
    from cycle_signals
    left join first_sql_candidates
        on
            cycle_signals.lead_id = first_sql_candidates.lead_id
            and cycle_signals.cycle_number = first_sql_candidates.cycle_number
            and first_sql_candidates.candidate_rank = 1

),

-- marketing stages at or after the end of marketing are left to the
-- inference at the opportunity (int_lead_stage_entries)
cycle_stages as (

    select
        lead_id,
        cycle_number,
        cycle_started_at,
        marketing_ends_at,
        case
            when marketing_ends_at is null or sql_at < marketing_ends_at then sql_at
        end as sql_at,
        sql_reason,
        case
            when marketing_ends_at is null or mql_threshold_at < marketing_ends_at
                then mql_threshold_at
        end as mql_threshold_at
    from cycle_sql

)

select *{{ lead_bucket_column() }} from cycle_stages
