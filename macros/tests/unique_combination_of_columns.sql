{#- Generic test: no two rows share the same values of the listed columns.
    Our own version of the dbt_utils test, since the package hub is out of
    reach. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
    select
        {{ combination_of_columns | join(', ') }},
        count(*) as row_count
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1
{% endtest %}
