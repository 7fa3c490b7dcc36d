-- One row per engagement event of a lead and per velocity bonus, with the
-- rule that scored it, its points and what became of them as of the
-- reference time (docs/as_of.md). The scoring models decide every fate;
-- this view only reads it back from them and from the change log, so
-- `leadflow explain` and analysts never work a fate out again.
-- A view: explain reads one lead at a time, and the lead filter reaches
-- every table below (each join and group is by lead).
{{ config(materialized='view') }}

with

events as (

    select * from {{ ref('int_engagement_events_scored') }}

),

event_details as (

    select
        event_id,
        lead_id,
        url,
        campaign,
        attributed_via
    from {{ ref('int_engagement_events_attributed') }}

),

bonuses as (

    select * from {{ ref('int_engagement_velocity_bonuses') }}

),

velocity_rules as (

    select
        rule_id,
        event_type
    from {{ ref('stg_rules__velocity_rules') }}

),

-- what the change log (as of the reference time) did with each award: an
-- event's award row, or a bonus's, and the part a category cap absorbed or
-- released. A bonus's rows carry its completing action's event_id and the
-- velocity rule, so (event, rule) tells an award from a bonus
award_changes as (

    select
        lead_id,
        event_id,
        rule_id,
        sum(case when reason = 'cap' then delta else 0 end) as capped_points,
        bool_or(reason in ('award', 'velocity')) as is_in_score_log
    from {{ ref('fct_lead_score_changes') }}
    where event_id is not null
    group by lead_id, event_id, rule_id

),

-- leads created by the reference time (macros/scoring_reference_time.sql)
existing_leads as (

    {{ leads_existing_as_of() }}

),

scored_events as (

    select
        events.event_id as score_event_id,
        events.lead_id,
        events.event_id,
        events.rule_id,
        'event' as award_kind,
        events.event_type,
        events.category,
        event_details.url,
        event_details.campaign,
        event_details.attributed_via,
        events.cycle_number,
        events.rule_points,
        events.awarded_points,
        events.max_count_per_lead,
        cast(null as integer) as velocity_min_actions,
        cast(null as integer) as velocity_within_days,
        events.is_known_event_type,
        events.is_over_rule_count,
        events.occurred_at,
        events.expires_at,
        events.cycle_ended_at
    from events
    inner join event_details
        on
            events.lead_id = event_details.lead_id
            and events.event_id = event_details.event_id

),

velocity_bonuses as (

    select
        bonuses.velocity_bonus_id as score_event_id,
        bonuses.lead_id,
        bonuses.event_id,
        bonuses.rule_id,
        'velocity_bonus' as award_kind,
        velocity_rules.event_type,
        bonuses.category,
        cast(null as {{ dbt.type_string() }}) as url,
        cast(null as {{ dbt.type_string() }}) as campaign,
        cast(null as {{ dbt.type_string() }}) as attributed_via,
        bonuses.cycle_number,
        bonuses.rule_points,
        bonuses.awarded_points,
        bonuses.max_count_per_lead,
        bonuses.min_actions as velocity_min_actions,
        bonuses.within_days as velocity_within_days,
        true as is_known_event_type,
        bonuses.is_over_rule_count,
        bonuses.occurred_at,
        bonuses.expires_at,
        bonuses.cycle_ended_at
    from bonuses
    inner join velocity_rules
        on bonuses.rule_id = velocity_rules.rule_id

),

awards as (

    select * from scored_events
    union all
    select * from velocity_bonuses

),

with_changes as (

    select
        awards.*,
        coalesce(award_changes.capped_points, 0) as capped_points,
        coalesce(award_changes.is_in_score_log, false) as is_in_score_log
    from awards
    inner join existing_leads
        on awards.lead_id = existing_leads.lead_id
    left join award_changes
        on
            awards.lead_id = award_changes.lead_id
            and awards.event_id = award_changes.event_id
            and awards.rule_id = award_changes.rule_id

),

final as (

    select
        -- ids
        score_event_id,
        lead_id,
        event_id,
        rule_id,

        -- strings
        award_kind,
        event_type,
        category,
        url,
        campaign,
        attributed_via,
        -- in the order the scoring decides: which rule, its count, its
        -- points, then what the log made of them by the reference time
        case
            when rule_id is null then 'unscored'
            when is_over_rule_count then 'over_rule_count'
            when awarded_points = 0 then 'zero_points'
            when occurred_at > {{ scoring_reference_time() }} then 'dated_after_as_of'
            when not is_in_score_log then 'absorbed_by_cap'
            when
                cycle_ended_at <= {{ scoring_reference_time() }}
                and (expires_at is null or expires_at >= cycle_ended_at)
                then 'reset'
            when expires_at <= {{ scoring_reference_time() }} then 'expired'
            else 'active'
        end as status,

        -- numerics
        cast(cycle_number as integer) as cycle_number,
        cast(rule_points as integer) as rule_points,
        cast(awarded_points as integer) as awarded_points,
        cast(capped_points as integer) as capped_points,
        cast(max_count_per_lead as integer) as max_count_per_lead,
        cast(velocity_min_actions as integer) as velocity_min_actions,
        cast(velocity_within_days as integer) as velocity_within_days,

        -- booleans
        is_known_event_type,
        is_over_rule_count,

        -- timestamps
        occurred_at,
        expires_at,
        cycle_ended_at

    from with_changes

)

select * from final
