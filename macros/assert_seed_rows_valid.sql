{#- Stops the run, before anything downstream is built, when a seed breaks one
    of its rules. Each check is a dict: `when` is a SQL condition true for a
    bad row (it may use `_key_count`, how many rows share the row's key),
    `problem` says what is wrong, and `column` (optional) names the column
    whose value the message quotes. The error names the seed file, the line,
    the row's key and every problem, e.g.
      seeds/scoring/engagement_rules.csv line 4 (rule_id 'web_x'): points 'abc' is not a whole number
    Called at the top of the seed's staging model. -#}
{% macro assert_seed_rows_valid(seed_name, key_column, checks) %}
    {%- if execute -%}
        {%- set seed_node = graph.nodes.values()
            | selectattr('resource_type', 'equalto', 'seed')
            | selectattr('name', 'equalto', seed_name)
            | first -%}
        {%- set problem_queries = [] -%}
        {%- for check in checks -%}
            {%- set message_sql -%}
                {%- if check.get('column') -%}
                    {{ dbt.concat(["'" ~ check.column ~ " '''",
                                   "coalesce(cast(" ~ check.column ~ " as " ~ dbt.type_string() ~ "), '')",
                                   "''' " ~ check.problem ~ "'"]) }}
                {%- else -%}
                    '{{ check.problem }}'
                {%- endif -%}
            {%- endset -%}
            {%- do problem_queries.append(
                "select _line, cast(" ~ key_column ~ " as " ~ dbt.type_string() ~ ") as _key, "
                ~ message_sql ~ " as _problem from seed_rows where " ~ check.when
            ) -%}
        {%- endfor -%}
        {%- set query -%}
            with seed_rows as (
                select
                    *,
                    {{ leadflow.seed_line_number() }} as _line,
                    count(*) over (partition by {{ key_column }}) as _key_count
                from {{ ref(seed_name) }}
            )
            select * from (
                {{ problem_queries | join('\nunion all\n') }}
            ) as problems
            order by _line, _key
        {%- endset -%}
        {%- set problems = run_query(query) -%}
        {%- if problems.rows | length > 0 -%}
            {%- set lines = [] -%}
            {%- for row in problems.rows -%}
                {%- set where = ('line ' ~ row[0] ~ ' ') if row[0] is not none else '' -%}
                {%- do lines.append(seed_node.original_file_path ~ ' ' ~ where
                    ~ '(' ~ key_column ~ ' ' ~ ("'" ~ row[1] ~ "'" if row[1] is not none else 'empty')
                    ~ '): ' ~ row[2]) -%}
            {%- endfor -%}
            {{ exceptions.raise_compiler_error(
                'Seed ' ~ seed_name ~ ' has ' ~ (lines | length) ~ ' problem(s); fix the seed and rerun:\n  '
                ~ (lines | join('\n  '))) }}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
