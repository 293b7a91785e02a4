import type { PostgresMigration, SchemaName } from './schema.js';

/** The LISTEN/NOTIFY channel an append notifies on commit, with the new head position as payload. */
export const eventsChannel = (schema: SchemaName): string => `${schema.name}_events`;

/** The advisory-lock key that serializes appends within a schema (the position allocator). */
const appendLockKey = (schema: SchemaName): string => `orchestrix.append.${schema.name}`;

/**
 * The global log and its append function.
 *
 * Gap-free reading rests on a serialized position allocator: `append_batches` takes a
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

-- Whether a stream at p_current meets the writer's expectation ('any', 'no_stream', 'stream_exists', or a version).
CREATE FUNCTION ${schema.table('expectation_holds')}(p_expected text, p_current integer)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $fn$
  SELECT p_expected = 'any'
      OR (p_expected = 'no_stream' AND p_current = 0)
      OR (p_expected = 'stream_exists' AND p_current > 0)
      OR p_expected = p_current::text
$fn$;

-- Appends several independent batches in one transaction (one commit, one WAL flush), each to its
-- own stream with its own expectation and idempotency key; batch i holds the next p_sizes[i] events
-- of the flat event arrays. Data and metadata arrive as json[] parameters: validated (never parsed
-- into values) while the parameters are read, before the lock is taken.
-- Returns a JSON array with one outcome per batch, in order:
--   {"version": n, "position": p}   appended: the stream's version after it, its first position
--   {"version": n, "replay": [...]} its idempotency key was stored: the version after that batch and its events
--   {"conflict": n}                 the expectation failed; n is the stream's version
-- A batch's failure leaves the others alone.
CREATE FUNCTION ${schema.table('append_batches')}(
  p_streams text[], p_expected text[], p_keys text[], p_sizes integer[],
  p_ids text[], p_types text[], p_sources text[], p_times text[], p_schema_versions integer[], p_data json[], p_metadata json[])
RETURNS json LANGUAGE plpgsql AS $fn$
DECLARE
  v_batches integer := cardinality(p_streams);
  v_outcomes json[] := array_fill(NULL::json, ARRAY[v_batches]);
  v_offset integer := 0;
  v_head bigint;
  v_start bigint;
  v_current integer;
  v_size integer;
  v_replay json;
  v_replay_version integer;
  v_doomed integer := 0;
BEGIN
  -- A doomed batch fails before queueing for the lock: versions only grow, so an expectation that
  -- fails now fails at this instant (with a key, a stored batch must win over a conflict: skip those).
  FOR i IN 1 .. v_batches LOOP
    IF p_keys[i] IS NULL AND p_expected[i] <> 'any' THEN
      SELECT coalesce(max(e.version), 0) INTO v_current FROM ${schema.table('events')} e WHERE e.stream_id = p_streams[i];
      IF NOT ${schema.table('expectation_holds')}(p_expected[i], v_current) THEN
        v_outcomes[i] := json_build_object('conflict', v_current);
        v_doomed := v_doomed + 1;
      END IF;
    END IF;
  END LOOP;
  IF v_doomed = v_batches THEN
    RETURN array_to_json(v_outcomes);
  END IF;

  -- The position allocator: held until commit (see event-schema.ts).
  PERFORM pg_advisory_xact_lock(hashtextextended('${appendLockKey(schema)}', 0));
  SELECT coalesce(max(e.position), 0) INTO v_head FROM ${schema.table('events')} e;
  v_start := v_head;
  FOR i IN 1 .. v_batches LOOP
    v_size := p_sizes[i];
    IF v_outcomes[i] IS NULL THEN
      SELECT coalesce(max(e.version), 0) INTO v_current FROM ${schema.table('events')} e WHERE e.stream_id = p_streams[i];
      v_replay := NULL;
      IF p_keys[i] IS NOT NULL THEN
        SELECT json_agg(json_build_object(
            'position', e.position, 'version', e.version, 'id', e.id, 'type', e.type, 'source', e.source,
            'time', e."time", 'schemaVersion', e.schema_version, 'data', e.data, 'metadata', e.metadata) ORDER BY e.version),
            max(e.version)
          INTO v_replay, v_replay_version
          FROM ${schema.table('events')} e WHERE e.stream_id = p_streams[i] AND e.idempotency_key = p_keys[i];
      END IF;
      IF v_replay IS NOT NULL THEN
        -- The first attempt's result: the version after that batch, not the stream's current one.
        v_outcomes[i] := json_build_object('version', v_replay_version, 'replay', v_replay);
      ELSIF NOT ${schema.table('expectation_holds')}(p_expected[i], v_current) THEN
        v_outcomes[i] := json_build_object('conflict', v_current);
      ELSE
        INSERT INTO ${schema.table('events')} (position, stream_id, version, id, type, source, "time", schema_version, data, metadata, idempotency_key)
        SELECT v_head + b.ord, p_streams[i], v_current + b.ord, b.id, b.type, b.source, b.time, b.schema_version, b.data, b.metadata, p_keys[i]
        FROM unnest(p_ids[v_offset + 1 : v_offset + v_size], p_types[v_offset + 1 : v_offset + v_size],
                    p_sources[v_offset + 1 : v_offset + v_size], p_times[v_offset + 1 : v_offset + v_size],
                    p_schema_versions[v_offset + 1 : v_offset + v_size], p_data[v_offset + 1 : v_offset + v_size],
                    p_metadata[v_offset + 1 : v_offset + v_size])
             WITH ORDINALITY AS b(id, type, source, time, schema_version, data, metadata, ord);
        v_outcomes[i] := json_build_object('version', v_current + v_size, 'position', v_head + 1);
        v_head := v_head + v_size;
      END IF;
    END IF;
    v_offset := v_offset + v_size;
  END LOOP;
  IF v_head > v_start THEN
    PERFORM pg_notify('${eventsChannel(schema)}', v_head::text);
  END IF;
  RETURN array_to_json(v_outcomes);
END
$fn$;
`,
  },
];
