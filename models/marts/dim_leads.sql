-- One row per lead (after CRM merges) that exists at the reference time:
-- who it is, where it stands in the funnel and since when, when it first
-- entered each stage, and its current score and grade. "Current" is the
-- score interval and stage entry that contain the reference time (read
-- from the as-of marts); the history itself never depends on the clock.
with

leads as (

    select * from {{ ref('int_leads') }}
    where created_at <= {{ scoring_reference_time() }}

),

-- the scored attributes as of the reference time, so that they agree with
-- fit_score: a version written after it is not shown yet
attributes as (

    select
        lead_id,
        job_title,
        industry,
        country_code,
        company_size
    from {{ ref('int_contact_versions') }}
    where
        valid_from <= {{ scoring_reference_time() }}
        and {{ is_open_as_of('valid_to') }}

),

scores as (

    select
        lead_id,
        fit_grade,
        fit_score,
        engagement_score,
        score,
        valid_from as score_changed_at
    from {{ ref('fct_lead_score_history') }}
    where is_current

),

last_activity as (

    select
        lead_id,
        max(occurred_at) as last_activity_at
    from {{ ref('int_engagement_events_attributed') }}
    where occurred_at <= {{ scoring_reference_time() }}
    group by lead_id

),

exclusions as (

    select * from {{ ref('int_lead_exclusions') }}

),

-- the nurture track period that contains the reference time
nurture_tracks as (

    select
        lead_id,
        nurture_track,
        rule_id as nurture_track_rule_id
    from {{ ref('int_lead_nurture_tracks') }}
    where
        valid_from <= {{ scoring_reference_time() }}
        and {{ is_open_as_of('valid_to') }}

),

stage_history as (

    select * from {{ ref('fct_lead_stage_history') }}

),

-- the highest qualification level reached in the current stage entry
current_levels as (

    select
        lead_id,
        level as current_level,
        reached_at as current_level_reached_at
    from {{ ref('fct_lead_level_history') }}
    where is_current

),

current_stages as (

    select
        lead_id,
        stage as current_stage,
        entered_at as current_stage_entered_at
    from stage_history
    where is_current

),

first_entries as (

    select
        lead_id,
        min(case when stage = 'lead' then entered_at end) as lead_at,
        min(case when stage = 'mql' then entered_at end) as mql_at,
        min(case when stage = 'sql' then entered_at end) as sql_at,
        min(case when stage = 'opportunity' then entered_at end) as opportunity_at,
        min(case when stage = 'customer' then entered_at end) as customer_at,
        min(case when stage = 'recycled' then entered_at end) as recycled_at,
        min(case when stage = 'disqualified' then entered_at end) as disqualified_at,
        sum(case when stage = 'mql' then 1 else 0 end) as mql_entry_count
    from stage_history
    group by lead_id

),

final as (

    select
        -- ids
        leads.lead_id,

        -- strings
        leads.email,
        leads.email_domain,
        leads.first_name,
        leads.last_name,
        leads.company_name,
        attributes.job_title,
        attributes.industry,
        attributes.country_code,
        leads.lead_source,
        current_stages.current_stage,
        current_levels.current_level,
        exclusions.exclusion_reason,
        scores.fit_grade,
        nurture_tracks.nurture_track,
        nurture_tracks.nurture_track_rule_id,

        -- numerics
        attributes.company_size,
        scores.fit_score,
        scores.engagement_score,
        scores.score,
        cast(first_entries.mql_entry_count as integer) as mql_entry_count,
        {{ duration_between('first_entries.lead_at', 'first_entries.sql_at', 'days') }}
            as days_lead_to_sql,
        cast(leads.merged_contact_count as integer) as merged_contact_count,
        cast(leads.visitor_count as integer) as visitor_count,

        -- booleans
        leads.is_email_valid,
        exclusions.is_lead_eligible,

        -- timestamps
        leads.created_at,
        current_stages.current_stage_entered_at,
        current_levels.current_level_reached_at,
        first_entries.lead_at,
        first_entries.mql_at,
        first_entries.sql_at,
        first_entries.opportunity_at,
        first_entries.customer_at,
        first_entries.recycled_at,
        first_entries.disqualified_at,
        scores.score_changed_at,
        last_activity.last_activity_at

    from leads
    inner join attributes
        on leads.lead_id = attributes.lead_id
    inner join scores
        on leads.lead_id = scores.lead_id
    inner join exclusions
        on leads.lead_id = exclusions.lead_id
    inner join current_stages
        on leads.lead_id = current_stages.lead_id
    inner join first_entries
        on leads.lead_id = first_entries.lead_id
    left join last_activity
        on leads.lead_id = last_activity.lead_id
    left join nurture_tracks
        on leads.lead_id = nurture_tracks.lead_id
    left join current_levels
        on leads.lead_id = current_levels.lead_id

)

select * from final
