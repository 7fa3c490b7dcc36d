-- How well the score predicts, per cohort month (the month leads became
-- leads) and score band: each lead is judged by its score just before its
-- decision point (score_quality_decision_days after it became a lead) and
-- counts as converted when it entered the outcome stage within the horizon
-- after that point. Leads already at the outcome by the decision point are
-- left out (nothing left to predict), and a cohort appears once every lead
-- in it has had its full horizon by the reference time. The AUC per cohort
-- is the chance that a converted lead outscored one that did not (ties
-- count half), from the rank-sum (Mann-Whitney) formula.
{%- set settings = score_quality_settings() %}

with

leads as (

    select
        lead_id,
        lead_at,
        {{ settings['outcome_stage'] }}_at as outcome_at
    from {{ ref('dim_leads') }}
    where lead_at is not null

),

score_history as (

    select * from {{ ref('fct_lead_score_history') }}

),

bands as (

    select * from {{ ref('stg_rules__score_bands') }}

),

decisions as (

    select
        lead_id,
        outcome_at,
        cast({{ dbt.date_trunc('month', 'lead_at') }} as date) as cohort_month,
        {{ dbt.dateadd('day', settings['decision_days'], 'lead_at') }} as decision_at
    from leads

),

-- cohorts whose every lead has had its full horizon by the reference time
mature_cohorts as (

    select cohort_month
    from decisions
    group by cohort_month
    having
        max({{ dbt.dateadd('day', settings['horizon_days'], 'decision_at') }})
        <= {{ scoring_reference_time() }}

),

examples as (

    select
        decisions.lead_id,
        decisions.cohort_month,
        decisions.decision_at,
        coalesce(
            decisions.outcome_at
            <= {{ dbt.dateadd('day', settings['horizon_days'], 'decisions.decision_at') }},
            false
        ) as is_converted
    from decisions
    inner join mature_cohorts
        on decisions.cohort_month = mature_cohorts.cohort_month
    where decisions.outcome_at is null or decisions.outcome_at > decisions.decision_at

),

-- the score in force just before the decision point (a change at the very
-- instant is not yet known): the closed interval holding it, or the open
-- one. Two branches, because a join condition that mixes both sides in one
-- expression (`valid_to is null or ...`, a coalesce) cannot be a hash join.
scores_at_decision as (

    select
        examples.lead_id,
        score_history.score
    from examples
    inner join score_history
        on
            examples.lead_id = score_history.lead_id
            and examples.decision_at > score_history.valid_from
            and examples.decision_at <= score_history.valid_to

    union all

    select
        examples.lead_id,
        score_history.score
    from examples
    inner join score_history
        on
            examples.lead_id = score_history.lead_id
            and examples.decision_at > score_history.valid_from
    where score_history.valid_to is null

),

scored as (

    select
        examples.lead_id,
        examples.cohort_month,
        examples.is_converted,
        coalesce(scores_at_decision.score, 0) as score
    from examples
    left join scores_at_decision
        on examples.lead_id = scores_at_decision.lead_id

),

-- average rank of each score within its cohort (ties share their mean rank)
ranked as (

    select
        cohort_month,
        is_converted,
        score,
        rank() over (partition by cohort_month order by score)
        + (count(*) over (partition by cohort_month, score) - 1) / 2.0 as score_rank
    from scored

),

cohorts as (

    select
        cohort_month,
        count(*) as cohort_leads,
        sum(case when is_converted then 1 else 0 end) as cohort_converted,
        sum(case when is_converted then score_rank else 0 end) as converted_rank_sum
    from ranked
    group by cohort_month

),

cohort_auc as (

    select
        *,
        case
            when cohort_converted > 0 and cohort_converted < cohort_leads
                then
                    (converted_rank_sum - cohort_converted * (cohort_converted + 1) / 2.0)
                    / (cohort_converted * (cohort_leads - cohort_converted))
        end as auc
    from cohorts

),

banded as (

    select
        scored.cohort_month,
        bands.score_band,
        count(*) as leads,
        sum(case when scored.is_converted then 1 else 0 end) as converted
    from scored
    inner join bands
        on
            (bands.min_score is null or scored.score >= bands.min_score)
            and (bands.next_min_score is null or scored.score < bands.next_min_score)
    group by scored.cohort_month, bands.score_band

),

-- every band of every cohort, so an empty band shows as zero leads
grid as (

    select
        cohort_auc.cohort_month,
        cohort_auc.cohort_leads,
        cohort_auc.cohort_converted,
        cohort_auc.auc,
        bands.score_band,
        bands.band_order,
        bands.min_score
    from cohort_auc
    cross join bands

),

final as (

    select
        -- dates
        grid.cohort_month,

        -- strings
        grid.score_band,
        cast('{{ settings["outcome_stage"] }}' as {{ dbt.type_string() }}) as outcome_stage,

        -- numerics
        grid.band_order,
        grid.min_score as band_min_score,
        cast(coalesce(banded.leads, 0) as bigint) as leads,
        cast(coalesce(banded.converted, 0) as bigint) as converted,
        cast(banded.converted as double) / nullif(banded.leads, 0) as conversion_rate,
        cast(grid.cohort_leads as bigint) as cohort_leads,
        cast(grid.cohort_converted as bigint) as cohort_converted,
        cast(grid.auc as double) as cohort_auc,
        cast({{ settings['decision_days'] }} as integer) as decision_days,
        cast({{ settings['horizon_days'] }} as integer) as horizon_days

    from grid
    left join banded
        on
            grid.cohort_month = banded.cohort_month
            and grid.score_band = banded.score_band

)

select * from final
