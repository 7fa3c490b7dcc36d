{#- Generic test: a history of intervals [valid_from, valid_to) per key has
    no overlap and no gap, and only its last interval is open - in one
    window pass, which also checks the key: two intervals of a key starting
    at the same moment meet here as an interval whose next one starts where
    it starts (it would have to end there, and end after it starts), so a
    passing history is unique on (partition_by, valid_from) without a
    second scan grouping it.
      partition_by  columns naming whose history a row is (the key)
      valid_from    start column (inclusive)
      valid_to      end column (exclusive; null for the open interval)
      not_null      further columns every row fills
    A failure is one row per offending interval, with its problem named.
    The standard `where` config narrows the rows checked (whole keys only,
    or the first kept interval of a key would look like a gap). -#}
{% test contiguous_intervals(model, partition_by, valid_from='valid_from', valid_to='valid_to', not_null=[]) %}

{%- set key = partition_by | join(', ') -%}

with

sequenced as (

    select
        *,
        lead({{ valid_from }}) over (
            partition by {{ key }} order by {{ valid_from }}
        ) as next_valid_from
    from {{ model }}

),

checked as (

    select
        {{ key }},
        {{ valid_from }},
        {{ valid_to }},
        next_valid_from,
        case
            {%- for column in partition_by + [valid_from] + not_null %}
            when {{ column }} is null then '{{ column }} is null'
            {%- endfor %}
            when next_valid_from is null and {{ valid_to }} is not null
                then 'the last interval is not open'
            when next_valid_from is not null and {{ valid_to }} is null
                then 'an interval before the last is open'
            when {{ valid_to }} <= {{ valid_from }} then 'ends before it starts'
            when {{ valid_to }} != next_valid_from then 'does not end where the next starts'
        end as problem
    from sequenced

)

select * from checked
where problem is not null

{% endtest %}
