{#- Generic test: a model's row-level invariants checked in one scan, where
    dbt's unique, not_null and accepted_values tests scan the model once
    each; on the 20M-row event tables that is one pass instead of several.
      unique           columns whose combination no two rows share (nulls
                       group together)
      not_null         columns every row fills
      accepted_values  {column: [values]}: the column holds one of them or
                       null (as dbt's accepted_values)
      expressions      boolean SQL every row satisfies (null passes)
    A failure is one row per offending key (or per offending row when there
    is no key) with a count per broken check, so the message names the
    problem. The standard `where` config narrows the rows checked. -#}
{% test valid_rows(model, unique=[], not_null=[], accepted_values={}, expressions=[]) %}

{%- set problems = [] -%}
{%- for column in not_null -%}
    {%- do problems.append((column ~ '_is_null', column ~ ' is null')) -%}
{%- endfor -%}
{%- for column, values in accepted_values.items() -%}
    {%- set listed = [] -%}
    {%- for value in values -%}{%- do listed.append("'" ~ value ~ "'") -%}{%- endfor -%}
    {%- do problems.append(
        (column ~ '_not_accepted', column ~ ' not in (' ~ listed | join(', ') ~ ')')
    ) -%}
{%- endfor -%}
{%- for expression in expressions -%}
    {%- do problems.append(('expression_' ~ loop.index ~ '_false', 'not (' ~ expression ~ ')')) -%}
{%- endfor -%}

{%- if unique %}
select
    {{ unique | join(', ') }},
    count(*) as rows_with_this_key
    {%- for name, condition in problems %},
    sum(case when {{ condition }} then 1 else 0 end) as {{ name }}
    {%- endfor %}
from {{ model }}
group by {{ unique | join(', ') }}
having
    count(*) > 1
    {%- for name, condition in problems %}
    or sum(case when {{ condition }} then 1 else 0 end) > 0
    {%- endfor %}
{%- else %}
select
    *
    {%- for name, condition in problems %},
    coalesce({{ condition }}, false) as {{ name }}
    {%- endfor %}
from {{ model }}
where
    {%- for name, condition in problems %}
    {% if not loop.first %}or {% endif %}coalesce({{ condition }}, false)
    {%- endfor %}
{%- endif %}

{% endtest %}
