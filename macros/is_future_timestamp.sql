{#- True when a parsed timestamp lies after the moment its row landed (or, for
    rows without loaded_at, after now) by more than the tolerance var: an event
    cannot happen after it was synced, so such a row carries a clock error. -#}
{% macro is_future_timestamp(column, loaded_at='loaded_at') -%}
    ({{ column }} > {{ dbt.dateadd(
        'hour',
        var('future_timestamp_tolerance_hours'),
        'coalesce(' ~ loaded_at ~ ', ' ~ leadflow.utc_now() ~ ')'
    ) }})
{%- endmacro %}
