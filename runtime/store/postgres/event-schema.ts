import type { PostgresMigration, SchemaName } from './schema.js';

/** SQLSTATE the append function raises when the expected version does not hold; DETAIL is the actual version. */
export const EXPECTATION_FAILED = 'OX409';

/** The LISTEN/NOTIFY channel an append notifies on commit, with the new head position as payload. */
export const eventsChannel = (schema: SchemaName): string => `${schema.name}_events`;

/** The advisory-lock key that serializes appends within a schema (the position allocator). */
const appendLockKey = (schema: SchemaName): string => `orchestrix.append.${schema.name}`;

/**
 * The global log and its append function.
 *
 * Gap-free reading rests on a serialized position allocator: `append_events` takes a
 * transaction-scoped advisory lock before it reads the head position, and PostgreSQL releases that
 * lock only after the transaction's commit is visible. So a later appender reads the head only once
 * the earlier one is visible, and every reader that sees position p also sees every position below
 * it: commit order = position order, positions are contiguous, and `position > checkpoint` never
 * skips an event that commits late. Under the same lock the expected-version and idempotency checks
 * are exact; the unique (stream_id, version) key stays as a second line of defence.
 */
export const eventMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    sql: (schema) => `
CREATE TABLE ${schema.table('events')} (
  position bigint PRIMARY KEY,
  stream_id text NOT NULL,
  version integer NOT NULL,
  id text NOT NULL,
  type text NOT NULL,
  source text NOT NULL,
  "time" text NOT NULL,
  schema_version integer NOT NULL,
  -- json, not jsonb: the exact text the codec wrote (key order kept, escaped NUL characters accepted), no conversion on
  -- the way in or out. Cast to jsonb in your own queries or indexes when you need its operators.
  data json NOT NULL,
  metadata json NOT NULL,
  -- The batch's idempotency key, on every event of the batch (NULL when none was given).
  idempotency_key text,
  CONSTRAINT events_stream_version_key UNIQUE (stream_id, version)
);
CREATE INDEX events_idempotency_idx ON ${schema.table('events')} (stream_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- Raises ${EXPECTATION_FAILED} (DETAIL: the actual version) unless a stream at p_current meets p_expected.
CREATE FUNCTION ${schema.table('check_expected_version')}(p_stream text, p_expected text, p_current integer)
RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  IF NOT (p_expected = 'any'
      OR (p_expected = 'no_stream' AND p_current = 0)
      OR (p_expected = 'stream_exists' AND p_current > 0)
      OR p_expected = p_current::text) THEN
    RAISE EXCEPTION USING ERRCODE = '${EXPECTATION_FAILED}', DETAIL = p_current::text,
      MESSAGE = format('stream %s expected version %s but is at %s', p_stream, p_expected, p_current);
  END IF;
END
$fn$;

-- Appends a non-empty batch in one call. The batch comes as parallel arrays, one element per event,
-- data and metadata as JSON text that is only validated (cast to json), never parsed into values.
-- Returns {"version": n, "position": first} (n: the stream's version after the batch) or, when the
-- batch's idempotency key is already stored, {"version": n, "replay": [the events stored under it]}.
CREATE FUNCTION ${schema.table('append_events')}(
  p_stream text, p_expected text, p_key text,
  p_ids text[], p_types text[], p_sources text[], p_times text[], p_schema_versions integer[], p_data text[], p_metadata text[])
RETURNS json LANGUAGE plpgsql AS $fn$
DECLARE
  v_count integer := cardinality(p_ids);
  v_current integer;
  v_head bigint;
  v_replay json;
  v_replay_version integer;
BEGIN
  -- A doomed append fails before queueing for the lock: versions only grow, so an expectation that
  -- fails now fails at this instant (with a key, a stored batch must win over a conflict: skip).
  IF p_key IS NULL AND p_expected <> 'any' THEN
    SELECT coalesce(max(e.version), 0) INTO v_current FROM ${schema.table('events')} e WHERE e.stream_id = p_stream;
    PERFORM ${schema.table('check_expected_version')}(p_stream, p_expected, v_current);
  END IF;
  -- The position allocator; held until commit (see event-schema.ts).
  PERFORM pg_advisory_xact_lock(hashtextextended('${appendLockKey(schema)}', 0));
  SELECT coalesce(max(e.version), 0) INTO v_current FROM ${schema.table('events')} e WHERE e.stream_id = p_stream;
  IF p_key IS NOT NULL THEN
    SELECT json_agg(json_build_object(
        'position', e.position, 'version', e.version, 'id', e.id, 'type', e.type, 'source', e.source,
        'time', e."time", 'schemaVersion', e.schema_version, 'data', e.data, 'metadata', e.metadata) ORDER BY e.version),
        max(e.version)
      INTO v_replay, v_replay_version FROM ${schema.table('events')} e WHERE e.stream_id = p_stream AND e.idempotency_key = p_key;
    IF v_replay IS NOT NULL THEN
      -- The first attempt's result: the version after that batch, not the stream's current one.
      RETURN json_build_object('version', v_replay_version, 'replay', v_replay);
    END IF;
  END IF;
  PERFORM ${schema.table('check_expected_version')}(p_stream, p_expected, v_current);
  SELECT coalesce(max(e.position), 0) INTO v_head FROM ${schema.table('events')} e;
  INSERT INTO ${schema.table('events')} (position, stream_id, version, id, type, source, "time", schema_version, data, metadata, idempotency_key)
  SELECT v_head + b.ord, p_stream, v_current + b.ord, b.id, b.type, b.source, b.time, b.schema_version, b.data::json, b.metadata::json, p_key
  FROM unnest(p_ids, p_types, p_sources, p_times, p_schema_versions, p_data, p_metadata)
       WITH ORDINALITY AS b(id, type, source, time, schema_version, data, metadata, ord);
  PERFORM pg_notify('${eventsChannel(schema)}', (v_head + v_count)::text);
  RETURN json_build_object('version', v_current + v_count, 'position', v_head + 1);
END
$fn$;
`,
  },
];
