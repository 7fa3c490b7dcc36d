-- One row per day: the time spine a metrics layer (MetricFlow) joins
-- metrics to. Its range is set by the time_spine_start / time_spine_end vars.
with

bounds as (

    select
        cast('{{ var("time_spine_start") }}' as date) as first_day,
        cast('{{ var("time_spine_end") }}' as date) as last_day

),

days as (

    {{ day_spine('bounds') }}

)

select * from days
