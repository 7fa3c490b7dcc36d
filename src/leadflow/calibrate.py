"""`leadflow calibrate`: learn point weights and thresholds from the warehouse's
own outcomes, and propose seeds.

Each lead is an example at a decision point (default: N days after it became a
lead), with features read from the history strictly before that point and a
label: did it reach the outcome stage within the horizon after it. Leads are
split by time (the earlier ones train, the later ones judge), a regularised
logistic regression (scikit-learn) is fitted, and its coefficients are scaled
to whole points. Nothing in the project changes until ``--apply``.

The scores compared here (current and proposed weights) are the same linear
formula the warehouse applies: fit points per matched rule, plus engagement
points per active award (within the rule's count cap and expiry, in the
lead's current cycle), plus the active velocity bonuses (bursts of actions,
velocity_rules), each category capped at its maximum. Velocity bonuses are
part of today's score but their points are not learned: the proposal keeps
them.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import math
import re
import shutil
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import numpy as np
import yaml
from scipy import sparse

# Stages an outcome or a decision point may name (dim_leads has `<stage>_at`).
OUTCOME_STAGES = ("mql", "sql", "opportunity", "customer")
# Share of the mature leads (oldest first) that train; the rest are held out.
TRAIN_SHARE = 0.7
# Fewer converted training leads than this and the fit is noise.
MIN_OUTCOMES = 30
# A feature no rule scores yet (an event type, an attribute value) is only
# proposed as a rule when this many training leads carry it.
MIN_SUPPORT = 20
# Proposed rules for event types that have none: how long their points last
# and how many times they count, like the shipped rules of similar weight.
NEW_RULE_EXPIRY_DAYS = 90
NEW_RULE_MAX_COUNT = 5
# The category proposed engagement rules go in (added to score_categories
# without a cap when a proposal needs it).
NEW_RULE_CATEGORY = "calibrated"
# Inverse strengths of the L2 penalty (scikit-learn's C) tried, and the
# time-ordered folds of the training leads that choose among them.
REGULARISATION_GRID = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
CV_FOLDS = 3
# When no lead is at or above the MQL threshold today (so "keep today's MQL
# volume" means nothing), the proposal aims at this share of leads.
FALLBACK_MQL_SHARE = 0.10
# ... and SQL at this share of the MQLs.
FALLBACK_SQL_SHARE_OF_MQL = 0.5
DECILES = 10
# The largest proposed points when today's seeds have no points at all.
DEFAULT_MAX_POINTS = 50

ENGAGEMENT_SEED = Path("seeds/scoring/engagement_rules.csv")
FIT_SEED = Path("seeds/scoring/fit_rules.csv")
CATEGORY_SEED = Path("seeds/scoring/score_categories.csv")
VELOCITY_SEED = Path("seeds/scoring/velocity_rules.csv")
THRESHOLD_VARS = ("mql_score_threshold", "sql_score_threshold", "mql_min_fit_score")


class CalibrationError(Exception):
    """Calibration cannot learn from this warehouse; the message says why."""


@dataclass
class Settings:
    decision: str = "lead"  # "lead": decision_days after lead_at; "mql": at mql_at
    decision_days: int = 30
    horizon_days: int = 180
    outcome: str = "customer"
    split_date: date | None = None
    min_outcomes: int = MIN_OUTCOMES
    mql_share: float | None = None


@dataclass
class Examples:
    lead_ids: list[str]
    lead_at: np.ndarray  # datetime64
    labels: np.ndarray  # bool
    is_train: np.ndarray  # bool
    split_at: datetime
    data_end: datetime


@dataclass
class Features:
    """Feature columns: ("rule", id) active award counts, ("type", event type)
    recent events no rule scores, ("fit", id) a matched fit rule, ("value",
    attribute, value) an attribute value no fit rule matches, ("velocity", id)
    active velocity bonuses (scored, never learned)."""

    columns: list[tuple]
    matrix: sparse.csr_matrix


@dataclass
class Weights:
    rule_points: dict[str, int]
    rule_category: dict[str, str]
    category_cap: dict[str, int | None]
    fit_points: dict[str, int]
    type_points: dict[str, int] = field(default_factory=dict)
    value_points: dict[tuple[str, str], int] = field(default_factory=dict)
    # velocity rules: kept as they are, so that the scores compared are the
    # warehouse's
    velocity_points: dict[str, int] = field(default_factory=dict)
    velocity_category: dict[str, str] = field(default_factory=dict)


# --- reading the project -------------------------------------------------------


def read_seed(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def seed_text(header: list[str], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def project_vars(project: Path) -> dict:
    return yaml.safe_load((project / "dbt_project.yml").read_text())["vars"]


def current_weights(project: Path) -> Weights:
    _, rules = read_seed(project / ENGAGEMENT_SEED)
    _, fit = read_seed(project / FIT_SEED)
    _, categories = read_seed(project / CATEGORY_SEED)
    velocity = read_seed(project / VELOCITY_SEED)[1] if (project / VELOCITY_SEED).exists() else []
    return Weights(
        rule_points={r["rule_id"]: int(r["points"]) for r in rules},
        rule_category={r["rule_id"]: r["category"] for r in rules},
        category_cap={
            c["category"]: int(c["max_active_points"]) if c["max_active_points"] else None
            for c in categories
        },
        fit_points={r["rule_id"]: int(r["points"]) for r in fit},
        velocity_points={r["rule_id"]: int(r["points"]) for r in velocity},
        velocity_category={r["rule_id"]: r["category"] for r in velocity},
    )


# --- examples and features -------------------------------------------------------


def _decision_sql(settings: Settings) -> str:
    if settings.decision == "mql":
        return "mql_at"
    return f"lead_at + interval {int(settings.decision_days)} day"


def load_examples(con: duckdb.DuckDBPyConnection, settings: Settings) -> Examples:
    """The labelled leads, in the temp table calibration_examples, split by time."""
    if settings.outcome not in OUTCOME_STAGES:
        raise CalibrationError(f"outcome must be one of {', '.join(OUTCOME_STAGES)}")
    data_end = con.execute(
        "select greatest(max(lead_at), max(last_activity_at)) from marts.dim_leads"
    ).fetchone()[0]
    if data_end is None:
        raise CalibrationError("the warehouse has no leads: load data and run `leadflow build`")
    decision = _decision_sql(settings)
    horizon = int(settings.horizon_days)
    con.execute(
        f"""
        create or replace temp table calibration_examples as
        with decisions as (
            select lead_id, lead_at, {decision} as decision_at,
                   {settings.outcome}_at as outcome_at
            from marts.dim_leads
            where lead_at is not null
        )
        select
            lead_id,
            lead_at,
            decision_at,
            coalesce(outcome_at <= decision_at + interval {horizon} day, false) as label
        from decisions
        where decision_at is not null
          and decision_at + interval {horizon} day <= ?
          and (outcome_at is null or outcome_at > decision_at)
        """,
        [data_end],
    )
    reached = con.execute(
        f"select count(*) from marts.dim_leads where {decision} <= ?", [data_end]
    ).fetchone()[0]
    point = (
        "the MQL moment"
        if settings.decision == "mql"
        else f"{settings.decision_days} days after becoming a lead"
    )
    if reached == 0:
        raise CalibrationError(
            f"the decision point ({point}) is after the last data ({data_end:%Y-%m-%d}): "
            "no lead has reached it yet"
        )
    rows = con.execute(
        "select lead_id, lead_at, label from calibration_examples order by lead_at, lead_id"
    ).fetchall()
    if not rows:
        raise CalibrationError(
            f"no lead has had its full horizon yet: the decision point ({point}) plus "
            f"{horizon} days is after the last data ({data_end:%Y-%m-%d}) for every lead; "
            "use a shorter --horizon-days or --decision-days"
        )
    lead_ids = [r[0] for r in rows]
    lead_at = np.array([r[1] for r in rows], dtype="datetime64[us]")
    labels = np.array([bool(r[2]) for r in rows])
    if settings.split_date is not None:
        split_at = datetime.combine(settings.split_date, datetime.min.time())
    else:
        split_at = rows[min(len(rows) - 1, int(len(rows) * TRAIN_SHARE))][1]
    is_train = lead_at < np.datetime64(split_at, "us")
    _check_outcomes(labels, is_train, settings, split_at)
    return Examples(lead_ids, lead_at, labels, is_train, split_at, data_end)


def _check_outcomes(labels, is_train, settings: Settings, split_at: datetime) -> None:
    train_outcomes = int(labels[is_train].sum())
    test_outcomes = int(labels[~is_train].sum())
    if train_outcomes < settings.min_outcomes:
        raise CalibrationError(
            f"too few outcomes to learn from: {train_outcomes} training leads (before "
            f"{split_at:%Y-%m-%d}) reached {settings.outcome} within {settings.horizon_days} "
            f"days; at least {settings.min_outcomes} are needed. Use an earlier outcome "
            "(--outcome opportunity or sql), a longer history, or a later --split-date"
        )
    if int((~is_train).sum()) == 0 or test_outcomes == 0:
        raise CalibrationError(
            f"no outcome in the held-out period (leads from {split_at:%Y-%m-%d}): nothing "
            f"to judge the weights on. Use an earlier --split-date or an earlier outcome"
        )


def feature_rows(
    con: duckdb.DuckDBPyConnection, new_rule_expiry_days: int = NEW_RULE_EXPIRY_DAYS
) -> list[tuple]:
    """(lead_id, kind, key, value, count) per example and feature, read from the
    history strictly before each example's decision point
    (temp table calibration_examples: lead_id, decision_at)."""
    attributes = [
        name
        for (name,) in con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'intermediate' and table_name = 'int_contact_versions' "
            "and column_name not in ('lead_id', 'job_title', 'company_size', "
            "'version_number', 'valid_from', 'valid_to') order by ordinal_position"
        ).fetchall()
    ]
    values = " union all ".join(
        f"select lead_id, version_number, '{a}' as attribute, cast(\"{a}\" as varchar) as value "
        f'from intermediate.int_contact_versions where "{a}" is not null'
        for a in attributes
    )
    # the events and contact versions before each decision point, kept as temp
    # tables: each is read twice below, and one statement reading both CTEs
    # twice stalled DuckDB at 100k leads
    con.execute(
        """
        create or replace temp table calibration_events as
        select
            examples.lead_id,
            examples.decision_at,
            scored.rule_id,
            scored.event_type,
            scored.occurred_at,
            scored.expires_at,
            scored.is_over_rule_count
        from intermediate.int_engagement_events_scored as scored
        inner join calibration_examples as examples on scored.lead_id = examples.lead_id
        where scored.occurred_at < examples.decision_at
          -- the lead's cycle then: a recycle before the point reset it. No end
          -- is 'infinity', not `or ... is null`: a condition mixing both
          -- sides in one expression cannot be a hash join
          and coalesce(scored.cycle_ended_at, 'infinity'::timestamp) > examples.decision_at
        """
    )
    con.execute(
        """
        create or replace temp table calibration_versions as
        select versions.lead_id, versions.version_number
        from intermediate.int_contact_versions as versions
        inner join calibration_examples as examples on versions.lead_id = examples.lead_id
        where versions.valid_from < examples.decision_at
          and coalesce(versions.valid_to, 'infinity'::timestamp) >= examples.decision_at
        """
    )
    awards = con.execute(
        """
        select lead_id, 'rule', rule_id, null, count(*)
        from calibration_events
        where rule_id is not null
          and not is_over_rule_count
          and coalesce(expires_at, 'infinity'::timestamp) > decision_at
        group by all
        """
    ).fetchall()
    # bursts completed before the point, in the lead's cycle then, within
    # their rule's count and not yet expired
    velocity = con.execute(
        """
        select bonuses.lead_id, 'velocity', bonuses.rule_id, null, count(*)
        from intermediate.int_engagement_velocity_bonuses as bonuses
        inner join calibration_examples as examples on bonuses.lead_id = examples.lead_id
        where bonuses.occurred_at < examples.decision_at
          and coalesce(bonuses.cycle_ended_at, 'infinity'::timestamp) > examples.decision_at
          and not bonuses.is_over_rule_count
          and coalesce(bonuses.expires_at, 'infinity'::timestamp) > examples.decision_at
        group by all
        """
    ).fetchall()
    unscored = con.execute(
        f"""
        select lead_id, 'type', event_type, null, count(*)
        from calibration_events
        where rule_id is null
          and occurred_at >= decision_at - interval {int(new_rule_expiry_days)} day
        group by all
        """
    ).fetchall()
    fit = con.execute(
        """
        select versions.lead_id, 'fit', points.rule_id, null, 1
        from calibration_versions as versions
        inner join intermediate.int_lead_fit_points as points
            on versions.lead_id = points.lead_id
            and versions.version_number = points.version_number
        """
    ).fetchall()
    unmatched = con.execute(
        f"""
        with matched as (
            select distinct attribute, lower(matched_value) as value
            from intermediate.int_lead_fit_points
        ),
        attribute_values as ({values})
        select versions.lead_id, 'value', attribute_values.attribute,
               lower(attribute_values.value), 1
        from calibration_versions as versions
        inner join attribute_values
            on versions.lead_id = attribute_values.lead_id
            and versions.version_number = attribute_values.version_number
        anti join matched
            on attribute_values.attribute = matched.attribute
            and lower(attribute_values.value) = matched.value
        """
    ).fetchall()
    return awards + velocity + unscored + fit + unmatched


def build_features(
    rows: list[tuple],
    examples: Examples,
    weights: Weights,
    min_support: int = MIN_SUPPORT,
    new_rule_max_count: int = NEW_RULE_MAX_COUNT,
) -> Features:
    """The sparse example x feature matrix. Every current rule is a column;
    event types and attribute values no rule scores are columns only when
    enough training leads carry them."""
    index = {lead: i for i, lead in enumerate(examples.lead_ids)}
    support: dict[tuple, int] = {}
    for lead, kind, key, value, _ in rows:
        if kind in ("type", "value") and examples.is_train[index[lead]]:
            column = (kind, key) if value is None else (kind, key, value)
            support[column] = support.get(column, 0) + 1
    columns = [("rule", r) for r in weights.rule_points] + [("fit", r) for r in weights.fit_points]
    columns += [("velocity", r) for r in weights.velocity_points]
    columns += sorted(c for c, n in support.items() if n >= min_support)
    position = {c: j for j, c in enumerate(columns)}
    data, row_ix, col_ix = [], [], []
    for lead, kind, key, value, n in rows:
        column = (kind, key) if value is None else (kind, key, value)
        j = position.get(column)
        if j is None:
            continue
        row_ix.append(index[lead])
        col_ix.append(j)
        data.append(min(n, new_rule_max_count) if kind == "type" else n)
    matrix = sparse.csr_matrix(
        (np.array(data, dtype=float), (row_ix, col_ix)),
        shape=(len(examples.lead_ids), len(columns)),
    )
    return Features(columns, matrix)


# --- scores ---------------------------------------------------------------------


def scores(features: Features, weights: Weights) -> tuple[np.ndarray, np.ndarray]:
    """(fit score, total score) per example under the given weights."""
    n = features.matrix.shape[0]
    fit = np.zeros(n)
    engagement = np.zeros(n)
    by_category: dict[str, np.ndarray] = {}
    for j, column in enumerate(features.columns):
        kind = column[0]
        if kind == "fit":
            points, bucket = weights.fit_points.get(column[1], 0), None
        elif kind == "value":
            points, bucket = weights.value_points.get((column[1], column[2]), 0), None
        elif kind == "rule":
            points = weights.rule_points.get(column[1], 0)
            bucket = weights.rule_category.get(column[1])
        elif kind == "velocity":
            points = weights.velocity_points.get(column[1], 0)
            bucket = weights.velocity_category.get(column[1])
        else:
            points, bucket = weights.type_points.get(column[1], 0), NEW_RULE_CATEGORY
        if points == 0:
            continue
        contribution = features.matrix[:, j].toarray().ravel() * points
        if bucket is None:
            fit += contribution
        else:
            by_category.setdefault(bucket, np.zeros(n))
            by_category[bucket] += contribution
    for category, total in by_category.items():
        cap = weights.category_cap.get(category)
        engagement += np.minimum(total, cap) if cap is not None else total
    return fit, fit + engagement


def auc(labels: np.ndarray, score: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, score))


def lift_by_decile(labels: np.ndarray, score: np.ndarray) -> list[dict]:
    """Deciles of the score, highest first: conversion and lift over the base rate."""
    order = np.argsort(-score, kind="stable")
    base = labels.mean()
    out = []
    for d, part in enumerate(np.array_split(order, DECILES), start=1):
        if len(part) == 0:
            continue
        rate = float(labels[part].mean())
        out.append(
            {
                "decile": d,
                "leads": len(part),
                "converted": int(labels[part].sum()),
                "conversion_rate": rate,
                "lift": rate / base if base else None,
                "min_score": float(score[part].min()),
            }
        )
    return out


def coefficients_to_points(coefficients: dict, max_points: int) -> dict:
    """Whole points proportional to the coefficients: the largest coefficient
    (in absolute value) becomes +-max_points, and the rest keep their ratio to
    it, rounded half away from zero."""
    top = max((abs(c) for c in coefficients.values()), default=0.0)
    if top == 0:
        return dict.fromkeys(coefficients, 0)
    scale = max_points / top
    return {
        key: int(math.copysign(math.floor(abs(c) * scale + 0.5), c))
        for key, c in coefficients.items()
    }


def _current_points(column: tuple, weights: Weights) -> int:
    if column[0] == "rule":
        return weights.rule_points.get(column[1], 0)
    if column[0] == "fit":
        return weights.fit_points.get(column[1], 0)
    return 0


def learn_weights(features: Features, examples: Examples, current: Weights) -> dict[tuple, float]:
    """Log-odds per unit of each feature: a logistic regression whose features
    are the columns plus today's score. The penalty pulls each column's own
    coefficient to zero, so each weight is (today's points x the score's
    coefficient) + what the data adds: with little evidence the proposal stays
    close to today's weights. The penalty's strength is chosen by
    time-ordered cross-validation on the training leads (AUC). Velocity
    bonuses count in today's score only: they are not learned."""
    from sklearn.linear_model import LogisticRegressionCV
    from sklearn.model_selection import TimeSeriesSplit

    train = examples.is_train
    _, today = scores(features, current)
    spread = float(today[train].std()) or 1.0
    learnable = [j for j, column in enumerate(features.columns) if column[0] != "velocity"]
    columns = [features.columns[j] for j in learnable]
    own_matrix = features.matrix[:, learnable]
    matrix = sparse.hstack([own_matrix, sparse.csr_matrix(today.reshape(-1, 1) / spread)])
    matrix = matrix.tocsr()
    # training leads are in lead_at order, so each fold validates on later leads
    model = LogisticRegressionCV(
        Cs=REGULARISATION_GRID,
        cv=TimeSeriesSplit(n_splits=CV_FOLDS),
        scoring="roc_auc",
        l1_ratios=(0.0,),  # plain L2
        use_legacy_attributes=False,
        max_iter=5000,
    )
    model.fit(matrix[train], examples.labels[train])
    coefficients = model.coef_[0]
    score_weight = coefficients[-1] / spread
    carriers = np.asarray((own_matrix[train] > 0).sum(axis=0)).ravel()
    weights = {}
    for column, own, n in zip(columns, coefficients[:-1], carriers, strict=True):
        # a rule too few training leads carry keeps today's points (in scale)
        learned = own if n >= MIN_SUPPORT else 0.0
        weights[column] = score_weight * _current_points(column, current) + learned
    return weights


# --- thresholds -------------------------------------------------------------------


def _at_or_above(values: np.ndarray, share: float) -> int:
    """The smallest whole threshold that at most `share` of values reach."""
    if share <= 0 or len(values) == 0:
        return int(math.floor(values.max())) + 1 if len(values) else 0
    candidates = np.unique(np.floor(values))
    for t in candidates:
        if (values >= t).mean() <= share:
            return int(t)
    return int(candidates[-1]) + 1


def propose_thresholds(
    current: dict, cur_fit, cur_score, new_fit, new_score, mql_share: float | None
) -> tuple[dict, dict]:
    fit_ok = cur_fit >= current["mql_min_fit_score"]
    fit_share = float(fit_ok.mean())
    today_mql = float((fit_ok & (cur_score >= current["mql_score_threshold"])).mean())
    today_sql = float((fit_ok & (cur_score >= current["sql_score_threshold"])).mean())
    notes = []
    target_mql = mql_share if mql_share is not None else today_mql
    if target_mql == 0:
        target_mql = FALLBACK_MQL_SHARE
        notes.append(
            f"no lead reaches MQL with today's thresholds; the proposal aims at "
            f"{FALLBACK_MQL_SHARE:.0%} of leads (set --mql-share to choose)"
        )
    target_sql = today_sql * (target_mql / today_mql) if today_mql else 0.0
    if target_sql == 0:
        target_sql = target_mql * FALLBACK_SQL_SHARE_OF_MQL
    if fit_share > 0:
        min_fit = _at_or_above(new_fit, fit_share)
    else:
        min_fit = 0
        notes.append(
            "no lead meets today's minimum fit score; the proposed minimum is 0 "
            "(the fit rules could not qualify anyone)"
        )
    gated = new_score[new_fit >= min_fit]
    mql = _at_or_above(gated, target_mql * len(new_score) / max(len(gated), 1))
    sql = max(mql, _at_or_above(gated, target_sql * len(new_score) / max(len(gated), 1)))
    proposed = {
        "mql_score_threshold": mql,
        "sql_score_threshold": sql,
        "mql_min_fit_score": min_fit,
    }
    return proposed, {
        "today_mql_share": today_mql,
        "today_sql_share": today_sql,
        "target_mql_share": target_mql,
        "target_sql_share": target_sql,
        "notes": notes,
    }


def volume(labels, fit, score, thresholds: dict, stage: str) -> dict:
    reached = (fit >= thresholds["mql_min_fit_score"]) & (
        score >= thresholds[f"{stage}_score_threshold"]
    )
    n = int(reached.sum())
    return {
        "leads": n,
        "share": float(reached.mean()) if len(reached) else 0.0,
        "converted": int(labels[reached].sum()),
        "conversion_rate": float(labels[reached].mean()) if n else None,
    }


def bands(labels, fit, score, thresholds: dict) -> list[dict]:
    fit_ok = fit >= thresholds["mql_min_fit_score"]
    mql = fit_ok & (score >= thresholds["mql_score_threshold"])
    sql = fit_ok & (score >= thresholds["sql_score_threshold"])
    out = []
    for name, mask in (
        ("below MQL", ~mql),
        ("MQL, below SQL", mql & ~sql),
        ("SQL and above", sql),
    ):
        n = int(mask.sum())
        out.append(
            {
                "band": name,
                "leads": n,
                "converted": int(labels[mask].sum()),
                "conversion_rate": float(labels[mask].mean()) if n else None,
            }
        )
    return out


def sweep(labels, fit, score, min_fit: int, steps: int = 20) -> list[dict]:
    """MQL volume and conversion for a range of MQL thresholds (fit gate fixed)."""
    gated = score[fit >= min_fit]
    if len(gated) == 0:
        return []
    candidates = sorted({int(t) for t in np.quantile(gated, np.linspace(0.05, 0.95, steps))})
    out = []
    for t in candidates:
        reached = (fit >= min_fit) & (score >= t)
        n = int(reached.sum())
        out.append(
            {
                "mql_score_threshold": t,
                "leads": n,
                "share": float(reached.mean()),
                "conversion_rate": float(labels[reached].mean()) if n else None,
                "captured": float(labels[reached].sum() / labels.sum()) if labels.sum() else None,
            }
        )
    return out


# --- the proposal --------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "blank"


def _new_rule_id(taken: set[str], *parts: str) -> str:
    """calibrated_<parts>, made unique among the seed's rule ids (and kept)."""
    rule_id = "_".join(["calibrated", *(_slug(p) for p in parts)])
    while rule_id in taken:
        rule_id += "_"
    taken.add(rule_id)
    return rule_id


@dataclass
class Proposal:
    weights: Weights
    seeds: dict[Path, str]  # seed path (relative to the project) -> proposed CSV text
    changes: list[dict]


def propose(
    project: Path,
    features: Features,
    examples: Examples,
    current: Weights,
    learned: dict[tuple, float],
) -> Proposal:
    """Scale the learned weights to whole points (the largest as large as
    today's largest) and write them into copies of the seeds."""
    max_points = (
        max(
            (abs(p) for p in [*current.rule_points.values(), *current.fit_points.values()]),
            default=0,
        )
        or DEFAULT_MAX_POINTS
    )
    points = coefficients_to_points(learned, max_points)
    carriers = np.asarray((features.matrix[examples.is_train] > 0).sum(axis=0)).ravel()
    support = dict(zip(features.columns, carriers.tolist(), strict=True))

    proposed = Weights(
        rule_points=dict(current.rule_points),
        rule_category=dict(current.rule_category),
        category_cap=dict(current.category_cap),
        fit_points=dict(current.fit_points),
        velocity_points=dict(current.velocity_points),
        velocity_category=dict(current.velocity_category),
    )
    changes: list[dict] = []

    def note(seed: str, rule_id: str, before, after, column) -> None:
        changes.append(
            {
                "seed": seed,
                "rule_id": rule_id,
                "current_points": before,
                "proposed_points": after,
                "training_leads": support.get(column, 0),
                "log_odds_per_unit": learned.get(column),
            }
        )

    header, rows = read_seed(project / ENGAGEMENT_SEED)
    for row in rows:
        column = ("rule", row["rule_id"])
        if column in points:
            new = points[column]
            note("engagement_rules", row["rule_id"], int(row["points"]), new, column)
            row["points"] = str(new)
            proposed.rule_points[row["rule_id"]] = new
    # a velocity rule's id may not be an engagement rule's (the seed check)
    taken = {r["rule_id"] for r in rows} | set(current.velocity_points)
    for column, new in points.items():
        if column[0] != "type" or new == 0:
            continue
        rule_id = _new_rule_id(taken, column[1])
        rows.append(
            dict.fromkeys(header, "")
            | {
                "rule_id": rule_id,
                "event_type": column[1],
                "points": str(new),
                "max_count_per_lead": str(NEW_RULE_MAX_COUNT),
                "expires_after_days": str(NEW_RULE_EXPIRY_DAYS),
                "category": NEW_RULE_CATEGORY,
                "priority": "100",
                "description": f"Proposed by leadflow calibrate: {column[1]} events had no rule",
            }
        )
        proposed.type_points[column[1]] = new
        note("engagement_rules", rule_id, None, new, column)
    seeds = {ENGAGEMENT_SEED: seed_text(header, rows)}

    if proposed.type_points:
        cat_header, categories = read_seed(project / CATEGORY_SEED)
        if NEW_RULE_CATEGORY not in {c["category"] for c in categories}:
            categories.append(
                dict.fromkeys(cat_header, "")
                | {
                    "category": NEW_RULE_CATEGORY,
                    "description": "Event types leadflow calibrate found signal in (no cap)",
                }
            )
            proposed.category_cap[NEW_RULE_CATEGORY] = None
        seeds[CATEGORY_SEED] = seed_text(cat_header, categories)

    header, rows = read_seed(project / FIT_SEED)
    dimensions: dict[str, set[str]] = {}
    priorities: dict[str, int] = {}
    for row in rows:
        dimensions.setdefault(row["attribute"], set()).add(row["dimension"])
        priorities[row["dimension"]] = max(
            priorities.get(row["dimension"], 0), int(row["priority"] or 0)
        )
        column = ("fit", row["rule_id"])
        if column in points:
            new = points[column]
            note("fit_rules", row["rule_id"], int(row["points"]), new, column)
            row["points"] = str(new)
            proposed.fit_points[row["rule_id"]] = new
    taken = {r["rule_id"] for r in rows}
    for column, new in sorted(points.items()):
        if column[0] != "value" or new == 0:
            continue
        attribute, value = column[1], column[2]
        owners = dimensions.get(attribute, set())
        dimension = next(iter(owners)) if len(owners) == 1 else attribute
        priorities[dimension] = priorities.get(dimension, 0) + 1
        rule_id = _new_rule_id(taken, attribute, value)
        rows.append(
            dict.fromkeys(header, "")
            | {
                "rule_id": rule_id,
                "dimension": dimension,
                "attribute": attribute,
                "pattern": value,
                "points": str(new),
                "priority": str(priorities[dimension]),
                "description": f"Proposed by leadflow calibrate: {attribute} = {value}",
            }
        )
        proposed.value_points[(attribute, value)] = new
        note("fit_rules", rule_id, None, new, column)
    seeds[FIT_SEED] = seed_text(header, rows)
    return Proposal(proposed, seeds, changes)


def _diff(project: Path, proposal: Proposal, thresholds: dict, current: dict) -> str:
    parts = []
    for path, text in proposal.seeds.items():
        before = (project / path).read_text(encoding="utf-8")
        parts.extend(
            difflib.unified_diff(
                before.splitlines(keepends=True),
                text.splitlines(keepends=True),
                f"a/{path}",
                f"b/{path}",
            )
        )
    lines = [f"  {k}: {current[k]} -> {thresholds[k]}\n" for k in THRESHOLD_VARS]
    return "".join(parts) + "\ndbt_project.yml vars:\n" + "".join(lines)


def apply(project: Path, proposal: Proposal, thresholds: dict) -> None:
    """Write the proposed seeds and threshold vars into the project."""
    config = project / "dbt_project.yml"
    text = config.read_text(encoding="utf-8")
    for name in THRESHOLD_VARS:
        # the vars are edited in place, so the file's comments stay
        text, found = re.subn(
            rf"^(\s+{name}:\s*)[^\s#]+", rf"\g<1>{thresholds[name]}", text, flags=re.M
        )
        if found != 1:
            raise CalibrationError(f"{config}: var {name} is not set once under vars")
    for path, seed in proposal.seeds.items():
        (project / path).write_text(seed, encoding="utf-8")
    config.write_text(text, encoding="utf-8")


# --- the whole job ----------------------------------------------------------------------


def calibrate(con: duckdb.DuckDBPyConnection, project: Path, settings: Settings, out: Path) -> dict:
    """Learn, judge, and write the proposal to `out`; return the report."""
    examples = load_examples(con, settings)
    current = current_weights(project)
    features = build_features(feature_rows(con), examples, current)
    learned = learn_weights(features, examples, current)
    proposal = propose(project, features, examples, current, learned)

    config_vars = project_vars(project)
    now = {k: int(config_vars[k]) for k in THRESHOLD_VARS}
    cur_fit, cur_score = scores(features, current)
    new_fit, new_score = scores(features, proposal.weights)
    thresholds, targets = propose_thresholds(
        now, cur_fit, cur_score, new_fit, new_score, settings.mql_share
    )
    test = ~examples.is_train
    labels = examples.labels
    warehouse_score = _warehouse_scores(con, examples)

    report = {
        "made_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": {
            "decision": settings.decision,
            "decision_days": settings.decision_days if settings.decision == "lead" else None,
            "horizon_days": settings.horizon_days,
            "outcome": settings.outcome,
            "split_at": examples.split_at.isoformat(),
            "regularisation_grid": list(REGULARISATION_GRID),
            "min_support": MIN_SUPPORT,
        },
        "data": {
            "last_data_at": examples.data_end.isoformat(),
            "examples": len(labels),
            "train_leads": int(examples.is_train.sum()),
            "train_outcomes": int(labels[examples.is_train].sum()),
            "test_leads": int(test.sum()),
            "test_outcomes": int(labels[test].sum()),
            "features": len(features.columns),
        },
        "auc": {
            "current": auc(labels[test], cur_score[test]),
            "proposed": auc(labels[test], new_score[test]),
            "current_in_warehouse": auc(labels[test], warehouse_score[test]),
        },
        "lift_by_decile": {
            "current": lift_by_decile(labels[test], cur_score[test]),
            "proposed": lift_by_decile(labels[test], new_score[test]),
        },
        "bands": {
            "current": bands(labels[test], cur_fit[test], cur_score[test], now),
            "proposed": bands(labels[test], new_fit[test], new_score[test], thresholds),
        },
        "thresholds": {"current": now, "proposed": thresholds, **targets},
        "mql_volume": {
            "current": volume(labels[test], cur_fit[test], cur_score[test], now, "mql"),
            "proposed": volume(labels[test], new_fit[test], new_score[test], thresholds, "mql"),
        },
        "sweep": sweep(
            labels[test], new_fit[test], new_score[test], thresholds["mql_min_fit_score"]
        ),
        "changes": proposal.changes,
    }
    write_outputs(out, project, proposal, thresholds, now, report)
    report["_proposal"] = proposal
    return report


def _warehouse_scores(con: duckdb.DuckDBPyConnection, examples: Examples) -> np.ndarray:
    """Each example's score in the warehouse just before its decision point
    (as rpt_score_quality reads it), to check the formula against."""
    rows = dict(
        con.execute(
            """
            select examples.lead_id, coalesce(max(history.score), 0)
            from calibration_examples as examples
            left join marts.fct_lead_score_history as history
                on examples.lead_id = history.lead_id
                and examples.decision_at > history.valid_from
                -- no end is 'infinity', not `or valid_to is null`: a condition
                -- mixing both sides in one expression cannot be a hash join
                and examples.decision_at <= coalesce(history.valid_to, 'infinity'::timestamp)
            group by examples.lead_id
            """
        ).fetchall()
    )
    return np.array([rows.get(lead, 0) for lead in examples.lead_ids], dtype=float)


def write_outputs(
    out: Path, project: Path, proposal: Proposal, thresholds: dict, now: dict, report: dict
) -> None:
    if out.exists():
        shutil.rmtree(out)
    for path, text in proposal.seeds.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(text, encoding="utf-8")
    (out / "vars.yml").write_text(
        "# proposed threshold vars: dbt_project.yml or --vars\n"
        + "".join(f"{k}: {thresholds[k]}\n" for k in THRESHOLD_VARS),
        encoding="utf-8",
    )
    (out / "changes.diff").write_text(_diff(project, proposal, thresholds, now), encoding="utf-8")
    (out / "calibration.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (out / "calibration.html").write_text(render_html(report), encoding="utf-8")


def ranks_better(report: dict) -> bool:
    """Whether the proposal ranks the held-out leads better than the current
    weights: the one test `--apply` requires (unless forced)."""
    return report["auc"]["proposed"] > report["auc"]["current"]


def render_text(report: dict, out: Path) -> str:
    a, d, t = report["auc"], report["data"], report["thresholds"]
    changes = report["changes"]
    added = sum(1 for c in changes if c["current_points"] is None)
    changed = sum(1 for c in changes if c["current_points"] not in (None, c["proposed_points"]))
    lines = [
        f"examples: {d['examples']:,} leads ({d['train_leads']:,} train with "
        f"{d['train_outcomes']:,} outcomes, {d['test_leads']:,} held out with "
        f"{d['test_outcomes']:,}); split at {report['settings']['split_at'][:10]}",
        f"held-out AUC  current weights: {a['current']:.3f}  proposed weights: "
        f"{a['proposed']:.3f}  (current, as the warehouse scored it: "
        f"{a['current_in_warehouse']:.3f})",
        (
            "the proposal ranks the held-out leads better than the current weights"
            if ranks_better(report)
            else "the proposal ranks the held-out leads no better than the current weights: "
            "keep them (too little evidence to improve on them)"
        ),
        "thresholds:  "
        + "  ".join(f"{k} {t['current'][k]} -> {t['proposed'][k]}" for k in THRESHOLD_VARS),
        *[f"note: {n}" for n in t["notes"]],
        f"rules changed: {changed}, rules proposed: {added}",
        f"wrote {out}/ (seeds/, vars.yml, changes.diff, calibration.json, calibration.html)",
    ]
    return "\n".join(lines)


def render_html(report: dict) -> str:
    from leadflow.report import Chart, _esc, _hbars, _lines, _pct, page

    lift = report["lift_by_decile"]
    charts = [
        Chart(
            "lift_by_decile",
            "Conversion by score decile, held-out leads",
            "Held-out leads split into ten equal groups by score, highest first; a good score "
            "puts the converters in the first deciles.",
            _hbars(
                [
                    (
                        f"decile {c['decile']}",
                        [c["conversion_rate"], p["conversion_rate"]],
                    )
                    for c, p in zip(lift["current"], lift["proposed"], strict=False)
                ],
                ["current weights", "proposed weights"],
                _pct,
            ),
        ),
        Chart(
            "bands",
            "Conversion by band at each weighting's thresholds",
            "Held-out leads below MQL, MQL and SQL at the decision point.",
            _hbars(
                [
                    (c["band"], [c["conversion_rate"], p["conversion_rate"]])
                    for c, p in zip(
                        report["bands"]["current"], report["bands"]["proposed"], strict=True
                    )
                ],
                ["current weights", "proposed weights"],
                _pct,
            ),
        ),
    ]
    if report["sweep"]:
        charts.append(
            Chart(
                "sweep",
                "MQL threshold sweep (proposed weights)",
                "For each MQL threshold: the share of held-out leads at or above it and how "
                "many of them converted.",
                _lines(
                    [str(s["mql_score_threshold"]) for s in report["sweep"]],
                    {
                        "share of leads at or above": [s["share"] for s in report["sweep"]],
                        "their conversion": [s["conversion_rate"] for s in report["sweep"]],
                    },
                    _pct,
                ),
            )
        )
    rows = "".join(
        f"<tr><td>{_esc(c['seed'])}</td><td>{_esc(c['rule_id'])}</td>"
        f'<td class="num">{_esc("new" if c["current_points"] is None else c["current_points"])}'
        f'</td><td class="num">{c["proposed_points"]}</td>'
        f'<td class="num">{c["training_leads"]:,}</td></tr>'
        for c in report["changes"]
    )
    t = report["thresholds"]
    thresholds = "".join(
        f'<tr><td>{k}</td><td class="num">{t["current"][k]}</td>'
        f'<td class="num">{t["proposed"][k]}</td></tr>'
        for k in THRESHOLD_VARS
    )
    a = report["auc"]
    extra = (
        "<h2>Thresholds</h2><table><tr><th>var</th><th>current</th><th>proposed</th></tr>"
        f"{thresholds}</table><h2>Points per rule</h2><table><tr><th>seed</th><th>rule</th>"
        "<th>current</th><th>proposed</th><th>training leads</th></tr>"
        f"{rows}</table>"
    )
    meta = (
        f"held-out AUC {a['current']:.3f} with current weights, {a['proposed']:.3f} proposed · "
        f"{report['data']['examples']:,} leads, outcome {report['settings']['outcome']} · "
        f"made {report['made_at']}"
    )
    return page("leadflow calibration", meta, charts, extra)
