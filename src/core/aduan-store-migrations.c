/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aduan-error.h"
#include "aduan-store-private.h"

/*
 * Forward-only migrations. Entry N takes a database from user_version N to
 * N + 1, inside one transaction with the version bump, so a crash leaves
 * either the old schema or the new one. Never edit a migration that has
 * shipped: add a new one and raise ADUAN_STORE_SCHEMA_VERSION.
 */
static const char * const migrations[] = {
  /* 0 → 1: the first schema. */
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ");"
  "CREATE TABLE complaints ("
  "  uuid TEXT PRIMARY KEY,"
  "  tracking_code TEXT NOT NULL UNIQUE,"
  "  kind TEXT NOT NULL,"
  "  category TEXT NOT NULL,"
  "  title TEXT NOT NULL,"
  "  description TEXT NOT NULL,"
  "  reporter_name TEXT,"
  "  reporter_phone TEXT,"
  "  reporter_nik TEXT,"
  "  reporter_address TEXT,"
  "  anonymous INTEGER NOT NULL DEFAULT 0,"
  "  confidential INTEGER NOT NULL DEFAULT 0,"
  "  channel TEXT NOT NULL,"
  "  village_code TEXT,"
  "  latitude REAL,"
  "  longitude REAL,"
  "  accuracy_m REAL,"
  "  location_source TEXT NOT NULL DEFAULT 'none',"
  "  location_time INTEGER NOT NULL DEFAULT 0,"
  "  occurred_at INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  officer TEXT,"
  "  sync_state TEXT NOT NULL DEFAULT 'waiting'"
  ");"
  "CREATE TABLE drafts ("
  "  form_id TEXT PRIMARY KEY,"
  "  json TEXT NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");",

  /* 1 → 2: full-text search, photos, the list's sort order. The village
   * label is kept on the row so search finds "Manguharjo" without the
   * village index at hand. */
  "ALTER TABLE complaints ADD COLUMN village_label TEXT;"
  "CREATE INDEX complaints_created_at ON complaints (created_at DESC, uuid);"
  "CREATE INDEX complaints_sync_state ON complaints (sync_state, created_at DESC);"
  "CREATE TABLE complaint_photos ("
  "  complaint_uuid TEXT NOT NULL REFERENCES complaints (uuid) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  sha256 TEXT NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  content_type TEXT NOT NULL,"
  "  PRIMARY KEY (complaint_uuid, position)"
  ");"
  "CREATE VIRTUAL TABLE complaints_fts USING fts5 ("
  "  title, description, tracking_code, reporter_name, village_label,"
  "  content='complaints', content_rowid='rowid',"
  "  tokenize='unicode61 remove_diacritics 2', prefix='2 3'"
  ");"
  "CREATE TRIGGER complaints_fts_insert AFTER INSERT ON complaints BEGIN"
  "  INSERT INTO complaints_fts (rowid, title, description, tracking_code, reporter_name, village_label)"
  "  VALUES (new.rowid, new.title, new.description, new.tracking_code, new.reporter_name, new.village_label);"
  "END;"
  "CREATE TRIGGER complaints_fts_delete AFTER DELETE ON complaints BEGIN"
  "  INSERT INTO complaints_fts (complaints_fts, rowid, title, description, tracking_code, reporter_name, village_label)"
  "  VALUES ('delete', old.rowid, old.title, old.description, old.tracking_code, old.reporter_name, old.village_label);"
  "END;"
  "CREATE TRIGGER complaints_fts_update AFTER UPDATE OF title, description, tracking_code, reporter_name, village_label ON complaints BEGIN"
  "  INSERT INTO complaints_fts (complaints_fts, rowid, title, description, tracking_code, reporter_name, village_label)"
  "  VALUES ('delete', old.rowid, old.title, old.description, old.tracking_code, old.reporter_name, old.village_label);"
  "  INSERT INTO complaints_fts (rowid, title, description, tracking_code, reporter_name, village_label)"
  "  VALUES (new.rowid, new.title, new.description, new.tracking_code, new.reporter_name, new.village_label);"
  "END;"
  "INSERT INTO complaints_fts (complaints_fts) VALUES ('rebuild');",

  /* 2 → 3: new complaints are indexed for search after their save, not in
   * it (aduan_store_update_search_index()), so a durable save writes only
   * the row. Rows above the mark are not in the index yet; the triggers
   * leave them alone, since removing an entry that was never added would
   * damage an external-content index. */
  "DROP TRIGGER complaints_fts_insert;"
  "DROP TRIGGER complaints_fts_update;"
  "DROP TRIGGER complaints_fts_delete;"
  "INSERT INTO meta (key, value) SELECT 'fts_indexed_rowid', coalesce (max (rowid), 0) FROM complaints;"
  "CREATE TRIGGER complaints_fts_delete AFTER DELETE ON complaints"
  "  WHEN old.rowid <= (SELECT CAST (value AS INTEGER) FROM meta WHERE key = 'fts_indexed_rowid') BEGIN"
  "  INSERT INTO complaints_fts (complaints_fts, rowid, title, description, tracking_code, reporter_name, village_label)"
  "  VALUES ('delete', old.rowid, old.title, old.description, old.tracking_code, old.reporter_name, old.village_label);"
  "END;"
  "CREATE TRIGGER complaints_fts_update AFTER UPDATE OF title, description, tracking_code, reporter_name, village_label ON complaints"
  "  WHEN old.rowid <= (SELECT CAST (value AS INTEGER) FROM meta WHERE key = 'fts_indexed_rowid') BEGIN"
  "  INSERT INTO complaints_fts (complaints_fts, rowid, title, description, tracking_code, reporter_name, village_label)"
  "  VALUES ('delete', old.rowid, old.title, old.description, old.tracking_code, old.reporter_name, old.village_label);"
  "  INSERT INTO complaints_fts (rowid, title, description, tracking_code, reporter_name, village_label)"
  "  VALUES (new.rowid, new.title, new.description, new.tracking_code, new.reporter_name, new.village_label);"
  "END;",

  /* 3 → 4: the way to the hub (aduan-outbox.c). A complaint enters the
   * outbox by trigger, in the transaction that saves it, so nothing saved
   * can be missed by the sync engine; complaints saved before this schema
   * are queued here. Photos are listed for upload when sending starts,
   * after which the complaint cannot change any more. Status comes back
   * from the hub's change feed into status_events; sync_meta holds the
   * hub, the device ID and the feed's cursor, never the token. */
  "CREATE TABLE outbox ("
  "  complaint_uuid TEXT PRIMARY KEY REFERENCES complaints (uuid) ON DELETE CASCADE,"
  "  queued_at INTEGER NOT NULL,"
  "  json_sent INTEGER NOT NULL DEFAULT 0,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at INTEGER NOT NULL DEFAULT 0,"
  "  last_attempt_at INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT,"
  "  last_http_status INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX outbox_order ON outbox (queued_at, complaint_uuid);"
  "CREATE TABLE outbox_photos ("
  "  complaint_uuid TEXT NOT NULL REFERENCES outbox (complaint_uuid) ON DELETE CASCADE,"
  "  sha256 TEXT NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  content_type TEXT NOT NULL,"
  "  upload_url TEXT,"
  "  bytes_sent INTEGER NOT NULL DEFAULT 0,"
  "  done INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (complaint_uuid, sha256)"
  ");"
  "CREATE TRIGGER outbox_enqueue AFTER INSERT ON complaints"
  "  WHEN new.sync_state = 'waiting' BEGIN"
  "  INSERT OR IGNORE INTO outbox (complaint_uuid, queued_at) VALUES (new.uuid, new.updated_at);"
  "END;"
  /* A complaint put back to waiting (edited, or reset by hand) is sent
   * whole again: its JSON may differ from what the hub was sent. */
  "CREATE TRIGGER outbox_requeue AFTER UPDATE OF sync_state ON complaints"
  "  WHEN new.sync_state = 'waiting' BEGIN"
  "  INSERT INTO outbox (complaint_uuid, queued_at) VALUES (new.uuid, new.updated_at)"
  "    ON CONFLICT (complaint_uuid) DO UPDATE SET json_sent = 0;"
  "  DELETE FROM outbox_photos WHERE complaint_uuid = new.uuid AND done = 0;"
  "END;"
  "INSERT OR IGNORE INTO outbox (complaint_uuid, queued_at)"
  "  SELECT uuid, updated_at FROM complaints WHERE sync_state IN ('waiting', 'sending');"
  "CREATE TABLE status_events ("
  "  id INTEGER PRIMARY KEY,"
  "  hub_url TEXT NOT NULL,"
  "  sequence INTEGER NOT NULL DEFAULT 0,"
  "  complaint_uuid TEXT NOT NULL,"
  "  tracking_code TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  agency_code TEXT,"
  "  actor TEXT,"
  "  at INTEGER NOT NULL,"
  "  message TEXT,"
  "  reject_reason TEXT,"
  "  duplicate_of TEXT,"
  "  due_at INTEGER NOT NULL DEFAULT 0,"
  "  received_at INTEGER NOT NULL,"
  "  UNIQUE (complaint_uuid, at, kind, hub_url)"
  ");"
  "CREATE VIEW complaint_hub_status AS"
  "  SELECT e.complaint_uuid, e.status, e.kind, e.agency_code, e.at, e.due_at, e.message"
  "  FROM status_events e"
  "  WHERE e.id = (SELECT l.id FROM status_events l WHERE l.complaint_uuid = e.complaint_uuid"
  "                ORDER BY l.at DESC, l.id DESC LIMIT 1);"
  "CREATE TABLE sync_meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ");",

  /* 4 → 5: satisfaction surveys (SKM) answered at a kiosk
   * (aduan-survey-store.c), sent to the hub like complaints. Nothing in a
   * row says who answered. */
  "CREATE TABLE surveys ("
  "  uuid TEXT PRIMARY KEY,"
  "  answered_at INTEGER NOT NULL,"
  "  channel TEXT NOT NULL,"
  "  scores TEXT NOT NULL,"
  "  sync_state TEXT NOT NULL DEFAULT 'waiting'"
  ");"
  "CREATE INDEX surveys_unsent ON surveys (sync_state, answered_at);",

  /* 5 → 6: a durable save writes only what it must. The queue is
   * complaints.sync_state = 'waiting', committed by the save itself; the
   * outbox row only carries the progress of sending, so the sync side
   * makes it when it first looks (enqueue_saved_locked() in aduan-outbox.c), in a
   * transaction of its own, for every complaint above the mark
   * outbox_enqueued_rowid (complaints are never deleted, so new ones are
   * always above it). The trigger that made it in every save goes, and
   * with it the indexes a save had to write for the sync side alone: the
   * outbox is small and the sync_state filter is rare. Complaints saved
   * before this schema are queued here, so nothing saved is left behind. */
  "DROP TRIGGER outbox_enqueue;"
  "DROP INDEX outbox_order;"
  "DROP INDEX complaints_sync_state;"
  "INSERT OR IGNORE INTO outbox (complaint_uuid, queued_at)"
  "  SELECT uuid, updated_at FROM complaints WHERE sync_state IN ('waiting', 'sending');"
  "INSERT OR REPLACE INTO meta (key, value)"
  "  SELECT 'outbox_enqueued_rowid', coalesce (max (rowid), 0) FROM complaints;",

  /* 6 → 7: the tracking-code sequence is no longer a counter row every
   * save rewrites (one more page in each save's fsync) but the new
   * complaint's place after the newest one: sequence_base + max(rowid) + 1,
   * read inside the save's transaction. Complaints are never deleted, so
   * it only grows; the base is set so that the next code follows the last
   * one the counter gave. The counter goes, so an older Aduan cannot
   * carry on from a stale one (it refuses schema 7). */
  "INSERT OR REPLACE INTO meta (key, value)"
  "  SELECT 'sequence_base',"
  "    coalesce ((SELECT CAST (value AS INTEGER) FROM meta WHERE key = 'next_sequence'),"
  "              (SELECT count (*) FROM complaints))"
  "    - coalesce ((SELECT max (rowid) FROM complaints), 0) - 1;"
  "DELETE FROM meta WHERE key = 'next_sequence';",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == ADUAN_STORE_SCHEMA_VERSION);

int
_aduan_store_get_user_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return version;
}

/**
 * _aduan_store_migrate:
 *
 * Brings the schema up to %ADUAN_STORE_SCHEMA_VERSION one step at a time.
 * A database from a newer Aduan is refused rather than guessed at.
 */
gboolean
_aduan_store_migrate (sqlite3  *db,
                      GError  **error)
{
  int version = _aduan_store_get_user_version (db);

  if (version < 0)
    {
      _aduan_store_set_error (error, db, sqlite3_errcode (db), _("reading the schema version"));
      return FALSE;
    }

  if (version > ADUAN_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_TOO_NEW,
                   _("The data was written by a newer version of Aduan (schema %d, this version knows %d); update Aduan"),
                   version, ADUAN_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  for (int step = version; step < ADUAN_STORE_SCHEMA_VERSION; step++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", step + 1);

      if (!_aduan_store_exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;

      if (!_aduan_store_exec (db, migrations[step], error) ||
          !_aduan_store_exec (db, bump, error) ||
          !_aduan_store_exec (db, "COMMIT", error))
        {
          _aduan_store_exec (db, "ROLLBACK", NULL);
          g_prefix_error (error, _("Could not upgrade the data to schema %d: "), step + 1);
          return FALSE;
        }

      g_debug ("Migrated the device store to schema %d", step + 1);
    }

  return TRUE;
}
