{#- Generic test: every row satisfies a boolean SQL expression; the rows that
    do not are returned as failures. Works on a model or on one of its
    columns (the column is then only a label). Use the standard `where`
    config to narrow the rows it checks. -#}
{% test expression_is_true(model, expression, column_name=none) %}
    select *
    from {{ model }}
    where not ({{ expression }})
{% endtest %}
