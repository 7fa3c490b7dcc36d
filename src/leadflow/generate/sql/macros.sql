-- The helpers every later statement uses. A macro body cannot hold a
-- prepared-statement parameter, so the values the macros need are session
-- variables, set here and reset by cleanup.sql.
set variable _leadflow_gen_seed = $seed;
set variable _leadflow_gen_z_timestamp_rate = $z_timestamp_rate;
set variable _leadflow_gen_offset_timestamp_rate = $offset_timestamp_rate;
set variable _leadflow_gen_utc_offset_width = $utc_offset_width;
set variable _leadflow_gen_utc_offset_seconds = $utc_offset_seconds;
set variable _leadflow_gen_utc_offset_texts = $utc_offset_texts;
set variable _leadflow_gen_min_landing_lag_seconds = $min_landing_lag_seconds;
set variable _leadflow_gen_max_landing_lag_hours = $max_landing_lag_hours;
set variable _leadflow_gen_landing_lag_skew = $landing_lag_skew;

-- three independent 21-bit uniforms in [0, 1) from one 64-bit hash
create or replace temp macro _leadflow_gen_u(h, j) as
((h >> (21 * j)::ubigint) & 2097151::ubigint)::double / 2097152.0;

-- hash() combines its arguments with a cheap xor, so draws under two salts
-- would be correlated; hashing the result again mixes them apart
create or replace temp macro _leadflow_gen_h(a, b, salt) as
hash(hash(getvariable('_leadflow_gen_seed')::bigint, a::bigint, b::bigint, salt));

-- a standard normal draw (Box-Muller)
create or replace temp macro _leadflow_gen_z(u1, u2) as
sqrt(-2 * ln(1 - u1)) * cos(2 * pi() * u2);

-- epoch seconds -> raw text: mostly 'YYYY-MM-DD HH:MM:SS' UTC, a share with
-- 'Z' or an offset that denotes the same instant
create or replace temp macro _leadflow_gen_ts(sec, u) as
case
    when u < getvariable('_leadflow_gen_z_timestamp_rate')
        then strftime(epoch_ms(sec::bigint * 1000), '%Y-%m-%dT%H:%M:%SZ')
    when u < getvariable('_leadflow_gen_offset_timestamp_rate')
        then
            strftime(
                epoch_ms((
                    sec::bigint
                    + getvariable('_leadflow_gen_utc_offset_seconds')[
                        1 + floor(
                            (u - getvariable('_leadflow_gen_z_timestamp_rate'))
                            / getvariable('_leadflow_gen_utc_offset_width')
                        )::integer
                    ]
                ) * 1000),
                '%Y-%m-%dT%H:%M:%S'
            )
            || getvariable('_leadflow_gen_utc_offset_texts')[
                1 + floor(
                    (u - getvariable('_leadflow_gen_z_timestamp_rate'))
                    / getvariable('_leadflow_gen_utc_offset_width')
                )::integer
            ]
    else strftime(epoch_ms(sec::bigint * 1000), '%Y-%m-%d %H:%M:%S')
end;

create or replace temp macro _leadflow_gen_plain(sec) as
strftime(epoch_ms(sec::bigint * 1000), '%Y-%m-%d %H:%M:%S');

-- seconds of delay between a thing happening and its row landing
create or replace temp macro _leadflow_gen_lag(u) as
getvariable('_leadflow_gen_min_landing_lag_seconds')
+ floor(
    pow(u, getvariable('_leadflow_gen_landing_lag_skew'))
    * getvariable('_leadflow_gen_max_landing_lag_hours') * 3600
)::bigint;

create or replace temp macro _leadflow_gen_rep(n) as printf('rep_%03d', n);
