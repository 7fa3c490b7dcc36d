-- One row per qualification level (seed qualification_levels) a lead
-- reached within one of its stage entries. A level is met at the first
-- moment, from the stage entry until the lead leaves the stage, when its
-- score reaches the level's minimum, its fit grade is the level's or
-- better, and it has done an action scored in the required category in
-- the entry's cycle. The entry instant itself always counts, so a stage
-- skipped at one instant still gets the levels met then. Reaching a rank
-- reaches every lower rank of the stage at the latest at that moment
-- (is_inferred when it was not met on its own by then): levels never move
-- a lead backwards. Clock-free; fct_lead_level_history cuts it as of the
-- reference time.
with

stage_entries as (

    select
        stage_entry_id,
        lead_id,
        stage,
        cycle_number,
        entered_at,
        exited_at
    from {{ ref('int_lead_stage_history') }}
    {{ affected_leads_filter() }}

),

intervals as (

    select
        lead_id,
        valid_from,
        valid_to,
        fit_score,
        score
    from {{ ref('int_lead_score_intervals') }}
    {{ affected_leads_filter() }}

),

scored_events as (

    select
        lead_id,
        cycle_number,
        category,
        occurred_at
    from {{ ref('int_engagement_events_scored') }}
    {{ affected_leads_filter() }}

),

levels as (

    select * from {{ ref('stg_rules__qualification_levels') }}

),

grades as (

    select * from {{ ref('stg_rules__fit_grades') }}

),

-- a grade bar is the grade's minimum fit score (the floor grade has none)
level_bars as (

    select
        levels.level,
        levels.stage,
        levels.level_rank,
        levels.min_score,
        levels.required_category,
        grades.min_fit_score
    from levels
    left join grades
        on levels.min_fit_grade = grades.grade

),

-- the first action each category's rules scored, per lead and cycle: the
-- behaviour counts once done, whatever its points
first_category_actions as (

    select
        lead_id,
        cycle_number,
        category,
        min(occurred_at) as first_action_at
    from scored_events
    where category is not null
    group by lead_id, cycle_number, category

),

-- each stage entry with its stage's levels, from the earliest moment the
-- required category allows
level_candidates as (

    select
        stage_entries.stage_entry_id,
        stage_entries.lead_id,
        stage_entries.stage,
        stage_entries.cycle_number,
        stage_entries.entered_at,
        stage_entries.exited_at,
        level_bars.level,
        level_bars.level_rank,
        level_bars.min_score,
        level_bars.min_fit_score,
        level_bars.required_category,
        case
            when level_bars.required_category is null then stage_entries.entered_at
            when first_category_actions.first_action_at is not null
                then greatest(stage_entries.entered_at, first_category_actions.first_action_at)
        end as earliest_at
    from stage_entries
    inner join level_bars
        on stage_entries.stage = level_bars.stage
    left join first_category_actions
        on
            stage_entries.lead_id = first_category_actions.lead_id
            and stage_entries.cycle_number = first_category_actions.cycle_number
            and level_bars.required_category = first_category_actions.category

),

-- the score intervals that meet a level's bars from its earliest moment;
-- the moment met is the first instant of each, before the lead leaves the
-- stage (or at the entry instant)
met_moments as (

    select
        level_candidates.stage_entry_id,
        level_candidates.level,
        greatest(intervals.valid_from, level_candidates.earliest_at) as met_at,
        level_candidates.entered_at,
        level_candidates.exited_at
    from level_candidates
    inner join intervals
        on
            level_candidates.lead_id = intervals.lead_id
            and (intervals.valid_to is null or level_candidates.earliest_at < intervals.valid_to)
    where
        -- null: the required category has no action in the cycle
        level_candidates.earliest_at is not null
        and (level_candidates.min_score is null or intervals.score >= level_candidates.min_score)
        and (
            level_candidates.min_fit_score is null
            or intervals.fit_score >= level_candidates.min_fit_score
        )

),

first_met as (

    select
        stage_entry_id,
        level,
        min(met_at) as met_at
    from met_moments
    where
        exited_at is null
        or met_at < exited_at
        or met_at = entered_at
    group by stage_entry_id, level

),

-- a level is reached when it or any higher level of the stage is met
reached as (

    select
        level_candidates.stage_entry_id,
        level_candidates.lead_id,
        level_candidates.stage,
        level_candidates.level,
        level_candidates.level_rank,
        level_candidates.cycle_number,
        first_met.met_at,
        min(first_met.met_at) over (
            partition by level_candidates.stage_entry_id
            order by level_candidates.level_rank desc
            rows between unbounded preceding and current row
        ) as reached_at
    from level_candidates
    left join first_met
        on
            level_candidates.stage_entry_id = first_met.stage_entry_id
            and level_candidates.level = first_met.level

),

final as (

    select
        -- ids
        {{ dbt.concat(["stage_entry_id", "':'", "level"]) }} as level_entry_id,
        stage_entry_id,
        lead_id,

        -- strings
        stage,
        level,

        -- numerics
        level_rank,
        cast(cycle_number as integer) as cycle_number,

        -- booleans
        coalesce(met_at > reached_at, true) as is_inferred,

        -- timestamps
        reached_at

    from reached
    where reached_at is not null

)

select *{{ lead_bucket_column() }} from final
