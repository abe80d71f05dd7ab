/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sqlite3.h>

#include "aduan-error.h"
#include "aduan-hub-error.h"
#include "aduan-hub-storage-sqlite.h"

/**
 * AduanHubStorageSqlite:
 *
 * The hub's default storage: one SQLite file in the data folder, WAL with
 * `synchronous=FULL`, so a write reported as done survives a power cut.
 * One instance is one connection; the hub opens one for its writer thread
 * and one for reads on the main thread, which WAL lets run side by side.
 */
struct _AduanHubStorageSqlite
{
  GObject     parent_instance;

  sqlite3    *db;          /* (owned) */
  GHashTable *statements;  /* (owned) SQL text → sqlite3_stmt, prepared once */
};

static void aduan_hub_storage_sqlite_iface_init (AduanHubStorageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AduanHubStorageSqlite, aduan_hub_storage_sqlite, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (ADUAN_HUB_TYPE_STORAGE,
                                                      aduan_hub_storage_sqlite_iface_init))

/* Forward-only: each step takes the schema from version i to i + 1. */
static const char * const migrations[] = {
  /* 0 → 1 */
  "CREATE TABLE devices ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  role TEXT NOT NULL,"
  "  agency TEXT,"
  "  tracking_prefix TEXT UNIQUE,"
  "  token_hash TEXT NOT NULL UNIQUE,"
  "  created_at INTEGER NOT NULL,"
  "  revoked_at INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE enroll_codes ("
  "  code_hash TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  role TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  used_at INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE complaints ("
  "  uuid TEXT PRIMARY KEY,"
  "  tracking_code TEXT NOT NULL UNIQUE,"
  "  device_id TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  category TEXT NOT NULL,"
  "  channel TEXT NOT NULL,"
  "  village_code TEXT,"
  "  confidential INTEGER NOT NULL,"
  "  status TEXT NOT NULL,"
  "  agency TEXT,"
  "  received_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  due_at INTEGER NOT NULL DEFAULT 0,"
  "  first_response_at INTEGER NOT NULL DEFAULT 0,"
  "  resolved_at INTEGER NOT NULL DEFAULT 0,"
  "  reject_reason TEXT,"
  "  duplicate_of TEXT"
  ");"
  "CREATE INDEX complaints_by_received ON complaints (received_at);"
  "CREATE TABLE events ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  uuid TEXT NOT NULL REFERENCES complaints (uuid),"
  "  device_id TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  agency TEXT,"
  "  actor TEXT,"
  "  at INTEGER NOT NULL,"
  "  message TEXT,"
  "  reject_reason TEXT,"
  "  duplicate_of TEXT,"
  "  due_at INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX events_by_device ON events (device_id, seq);"
  "CREATE INDEX events_by_complaint ON events (uuid, seq);"
  "CREATE TABLE photos ("
  "  sha256 TEXT PRIMARY KEY,"
  "  size INTEGER NOT NULL,"
  "  content_type TEXT NOT NULL,"
  "  stored_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE complaint_photos ("
  "  uuid TEXT NOT NULL REFERENCES complaints (uuid),"
  "  sha256 TEXT NOT NULL REFERENCES photos (sha256),"
  "  PRIMARY KEY (uuid, sha256)"
  ") WITHOUT ROWID;"
  "CREATE TABLE uploads ("
  "  id TEXT PRIMARY KEY,"
  "  device_id TEXT NOT NULL,"
  "  uuid TEXT NOT NULL,"
  "  sha256 TEXT NOT NULL,"
  "  length INTEGER NOT NULL,"
  "  filename TEXT,"
  "  content_type TEXT NOT NULL,"
  "  metadata TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  completed_at INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX uploads_by_expiry ON uploads (expires_at);"
  "CREATE TABLE catalog ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  json TEXT NOT NULL,"
  "  etag TEXT NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");",
  /* 1 → 2: satisfaction surveys; scores as "4,3,…" in element order,
   * as on the device */
  "CREATE TABLE surveys ("
  "  uuid TEXT PRIMARY KEY,"
  "  device_id TEXT NOT NULL,"
  "  answered_at INTEGER NOT NULL,"
  "  channel TEXT NOT NULL,"
  "  scores TEXT NOT NULL,"
  "  received_at INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE INDEX surveys_by_answered_at ON surveys (answered_at);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == ADUAN_HUB_STORAGE_SQLITE_SCHEMA_VERSION);

static void
set_error (GError     **error,
           sqlite3     *db,
           int          rc,
           const char  *doing)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_CONFLICT,
                   "%s: the record clashes with one already stored (%s)", doing, detail);
      break;

    case SQLITE_FULL:
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_DISK_FULL,
                   "%s: the hub’s disk is full; nothing was changed", doing);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_READ_ONLY,
                   "%s: the hub’s data cannot be written (%s)", doing, detail);
      break;

    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_CORRUPT,
                   "%s: the hub’s database is damaged (%s)", doing, detail);
      break;

    case SQLITE_IOERR:
      if (errno == ENOSPC)
        {
          g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_DISK_FULL,
                       "%s: the hub’s disk is full; nothing was changed", doing);
          break;
        }
      G_GNUC_FALLTHROUGH;

    default:
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_STORAGE,
                   "%s: %s", doing, detail);
      break;
    }
}

static gboolean
exec (AduanHubStorageSqlite  *self,
      const char             *sql,
      GError                **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_error (error, self->db, rc, "storage");
      return FALSE;
    }

  return TRUE;
}

/* Statements are prepared once per connection and reset after use; the
 * hub runs the same few thousand times a minute. */
static sqlite3_stmt *
statement (AduanHubStorageSqlite  *self,
           const char             *sql,
           GError                **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_error (error, self->db, rc, "preparing a query");
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Runs a statement that returns no rows. */
static gboolean
step_done (AduanHubStorageSqlite  *self,
           sqlite3_stmt           *stmt,
           const char             *doing,
           GError                **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (error, self->db, rc, doing);
      return FALSE;
    }

  return TRUE;
}

static gboolean
storage_begin (AduanHubStorage  *storage,
               GError          **error)
{
  /* IMMEDIATE takes the write lock now, so a busy database is met with the
   * busy timeout here rather than as a failure halfway through. */
  return exec (ADUAN_HUB_STORAGE_SQLITE (storage), "BEGIN IMMEDIATE", error);
}

static gboolean
storage_commit (AduanHubStorage  *storage,
                GError          **error)
{
  return exec (ADUAN_HUB_STORAGE_SQLITE (storage), "COMMIT", error);
}

static void
storage_rollback (AduanHubStorage *storage)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);

  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
storage_savepoint (AduanHubStorage  *storage,
                   GError          **error)
{
  return exec (ADUAN_HUB_STORAGE_SQLITE (storage), "SAVEPOINT job", error);
}

static gboolean
storage_release_savepoint (AduanHubStorage  *storage,
                           GError          **error)
{
  return exec (ADUAN_HUB_STORAGE_SQLITE (storage), "RELEASE job", error);
}

static void
storage_rollback_to_savepoint (AduanHubStorage *storage)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);

  sqlite3_exec (self->db, "ROLLBACK TO job; RELEASE job", NULL, NULL, NULL);
}

static gboolean
storage_add_enroll_code (AduanHubStorage  *storage,
                         const char       *code_hash,
                         const char       *name,
                         AduanHubRole      role,
                         gint64            created_at,
                         gint64            expires_at,
                         GError          **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = statement (self,
                    "INSERT INTO enroll_codes (code_hash, name, role, created_at, expires_at) "
                    "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, code_hash);
  bind_text (stmt, 2, name);
  bind_text (stmt, 3, aduan_hub_role_to_string (role));
  sqlite3_bind_int64 (stmt, 4, created_at);
  sqlite3_bind_int64 (stmt, 5, expires_at);

  return step_done (self, stmt, "storing an enrollment code", error);
}

static gboolean
storage_use_enroll_code (AduanHubStorage  *storage,
                         const char       *code_hash,
                         gint64            now,
                         char            **out_name,
                         AduanHubRole     *out_role,
                         GError          **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  g_autofree char *name = NULL;
  g_autofree char *role = NULL;
  gint64 expires_at, used_at;
  sqlite3_stmt *stmt;
  int rc;

  stmt = statement (self,
                    "SELECT name, role, expires_at, used_at FROM enroll_codes WHERE code_hash = ?",
                    error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, code_hash);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      g_set_error_literal (error, ADUAN_HUB_ERROR, ADUAN_HUB_ERROR_UNAUTHORIZED,
                           "This enrollment code is not known; ask the admin for a new one");
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      set_error (error, self->db, rc, "reading an enrollment code");
      return FALSE;
    }

  name = column_text (stmt, 0);
  role = column_text (stmt, 1);
  expires_at = sqlite3_column_int64 (stmt, 2);
  used_at = sqlite3_column_int64 (stmt, 3);
  sqlite3_reset (stmt);

  if (used_at != 0)
    {
      g_set_error_literal (error, ADUAN_HUB_ERROR, ADUAN_HUB_ERROR_CODE_USED,
                           "This enrollment code was already used; ask the admin for a new one");
      return FALSE;
    }

  if (now >= expires_at)
    {
      g_set_error_literal (error, ADUAN_HUB_ERROR, ADUAN_HUB_ERROR_CODE_EXPIRED,
                           "This enrollment code has expired; ask the admin for a new one");
      return FALSE;
    }

  if (!aduan_hub_role_from_string (role, out_role))
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_CORRUPT,
                           "An enrollment code has an unknown role");
      return FALSE;
    }

  stmt = statement (self, "UPDATE enroll_codes SET used_at = ? WHERE code_hash = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  bind_text (stmt, 2, code_hash);
  if (!step_done (self, stmt, "using an enrollment code", error))
    return FALSE;

  *out_name = g_steal_pointer (&name);
  return TRUE;
}

static gboolean
storage_add_device (AduanHubStorage      *storage,
                    const AduanHubDevice *device,
                    const char           *token_hash,
                    GError              **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = statement (self,
                    "INSERT INTO devices (id, name, role, agency, tracking_prefix, token_hash, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, device->id);
  bind_text (stmt, 2, device->name);
  bind_text (stmt, 3, aduan_hub_role_to_string (device->role));
  bind_text (stmt, 4, device->agency_code);
  bind_text (stmt, 5, device->tracking_prefix);
  bind_text (stmt, 6, token_hash);
  sqlite3_bind_int64 (stmt, 7, device->created_at);

  return step_done (self, stmt, "storing a device", error);
}

#define DEVICE_COLUMNS "id, name, role, agency, tracking_prefix, created_at, revoked_at"

static AduanHubDevice *
read_device (sqlite3_stmt  *stmt,
             GError       **error)
{
  g_autoptr(AduanHubDevice) device = aduan_hub_device_new ();

  device->id = column_text (stmt, 0);
  device->name = column_text (stmt, 1);
  if (!aduan_hub_role_from_string ((const char *) sqlite3_column_text (stmt, 2), &device->role))
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_CORRUPT, "A device has an unknown role");
      return NULL;
    }
  device->agency_code = column_text (stmt, 3);
  device->tracking_prefix = column_text (stmt, 4);
  device->created_at = sqlite3_column_int64 (stmt, 5);
  device->revoked_at = sqlite3_column_int64 (stmt, 6);

  return g_steal_pointer (&device);
}

static AduanHubDevice *
storage_lookup_token (AduanHubStorage  *storage,
                      const char       *token_hash,
                      GError          **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  AduanHubDevice *device = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = statement (self, "SELECT " DEVICE_COLUMNS " FROM devices WHERE token_hash = ?", error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, token_hash);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    device = read_device (stmt, error);
  else if (rc != SQLITE_DONE)
    set_error (error, self->db, rc, "looking up a token");
  sqlite3_reset (stmt);

  return device;
}

static gboolean
storage_revoke_device (AduanHubStorage  *storage,
                       const char       *device_id,
                       gint64            now,
                       GError          **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = statement (self,
                    "UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at = 0",
                    error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now);
  bind_text (stmt, 2, device_id);
  if (!step_done (self, stmt, "revoking a device", error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, ADUAN_HUB_ERROR, ADUAN_HUB_ERROR_NOT_FOUND,
                   "No device %s with a valid token", device_id);
      return FALSE;
    }

  return TRUE;
}

static GPtrArray *
storage_list_devices (AduanHubStorage  *storage,
                      GError          **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func ((GDestroyNotify) aduan_hub_device_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = statement (self, "SELECT " DEVICE_COLUMNS " FROM devices ORDER BY created_at", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AduanHubDevice *device = read_device (stmt, error);

      if (device == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (devices, device);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_error (error, self->db, rc, "listing devices");
      return NULL;
    }

  return g_steal_pointer (&devices);
}

#define RECORD_COLUMNS \
  "body, device_id, status, agency, received_at, updated_at, due_at, " \
  "first_response_at, resolved_at, reject_reason, duplicate_of"

static AduanHubRecord *
read_record (sqlite3_stmt  *stmt,
             GError       **error)
{
  g_autoptr(AduanHubRecord) record = NULL;
  g_autoptr(GError) local_error = NULL;
  AduanComplaint *complaint;
  const char *reason;

  complaint = aduan_complaint_from_data ((const char *) sqlite3_column_text (stmt, 0),
                                         sqlite3_column_bytes (stmt, 0), &local_error);
  if (complaint == NULL)
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_CORRUPT,
                   "A stored complaint cannot be read: %s", local_error->message);
      return NULL;
    }

  record = aduan_hub_record_new (complaint);
  record->device_id = column_text (stmt, 1);
  if (!aduan_complaint_status_from_string ((const char *) sqlite3_column_text (stmt, 2), &record->status))
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_CORRUPT, "A stored complaint has an unknown status");
      return NULL;
    }
  record->agency_code = column_text (stmt, 3);
  record->received_at = sqlite3_column_int64 (stmt, 4);
  record->updated_at = sqlite3_column_int64 (stmt, 5);
  record->due_at = sqlite3_column_int64 (stmt, 6);
  record->first_response_at = sqlite3_column_int64 (stmt, 7);
  record->resolved_at = sqlite3_column_int64 (stmt, 8);
  reason = (const char *) sqlite3_column_text (stmt, 9);
  if (reason != NULL && !aduan_reject_reason_from_string (reason, &record->reject_reason))
    record->reject_reason = ADUAN_REJECT_REASON_NONE;
  record->duplicate_of = column_text (stmt, 10);

  return g_steal_pointer (&record);
}

static AduanHubRecord *
get_record_where (AduanHubStorageSqlite  *self,
                  const char             *sql,
                  const char             *key,
                  GError                **error)
{
  AduanHubRecord *record = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = statement (self, sql, error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    record = read_record (stmt, error);
  else if (rc != SQLITE_DONE)
    set_error (error, self->db, rc, "reading a complaint");
  sqlite3_reset (stmt);

  return record;
}

static AduanHubRecord *
storage_get_record (AduanHubStorage  *storage,
                    const char       *uuid,
                    GError          **error)
{
  return get_record_where (ADUAN_HUB_STORAGE_SQLITE (storage),
                           "SELECT " RECORD_COLUMNS " FROM complaints WHERE uuid = ?",
                           uuid, error);
}

static AduanHubRecord *
storage_get_record_by_code (AduanHubStorage  *storage,
                            const char       *tracking_code,
                            GError          **error)
{
  return get_record_where (ADUAN_HUB_STORAGE_SQLITE (storage),
                           "SELECT " RECORD_COLUMNS " FROM complaints WHERE tracking_code = ?",
                           tracking_code, error);
}

static void
bind_state (sqlite3_stmt         *stmt,
            int                   first,
            const AduanHubRecord *record)
{
  bind_text (stmt, first, aduan_complaint_status_to_string (record->status));
  bind_text (stmt, first + 1, record->agency_code);
  sqlite3_bind_int64 (stmt, first + 2, record->updated_at);
  sqlite3_bind_int64 (stmt, first + 3, record->due_at);
  sqlite3_bind_int64 (stmt, first + 4, record->first_response_at);
  sqlite3_bind_int64 (stmt, first + 5, record->resolved_at);
  bind_text (stmt, first + 6,
             record->reject_reason != ADUAN_REJECT_REASON_NONE
               ? aduan_reject_reason_to_string (record->reject_reason) : NULL);
  bind_text (stmt, first + 7, record->duplicate_of);
}

static gboolean
storage_add_record (AduanHubStorage      *storage,
                    const AduanHubRecord *record,
                    GError              **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  const AduanComplaint *complaint = record->complaint;
  g_autofree char *body = NULL;
  sqlite3_stmt *stmt;

  stmt = statement (self,
                    "INSERT INTO complaints (uuid, tracking_code, device_id, body, category, channel, "
                    "  village_code, confidential, received_at, "
                    "  status, agency, updated_at, due_at, first_response_at, resolved_at, "
                    "  reject_reason, duplicate_of) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  body = aduan_complaint_to_json_string (complaint, ADUAN_JSON_WIRE, FALSE);
  bind_text (stmt, 1, complaint->uuid);
  bind_text (stmt, 2, complaint->tracking_code);
  bind_text (stmt, 3, record->device_id);
  bind_text (stmt, 4, body);
  bind_text (stmt, 5, complaint->category);
  bind_text (stmt, 6, aduan_channel_to_string (complaint->channel));
  bind_text (stmt, 7, complaint->village_code);
  sqlite3_bind_int (stmt, 8, complaint->confidential ? 1 : 0);
  sqlite3_bind_int64 (stmt, 9, record->received_at);
  bind_state (stmt, 10, record);

  return step_done (self, stmt, "storing a complaint", error);
}

static gboolean
storage_update_record_state (AduanHubStorage      *storage,
                             const AduanHubRecord *record,
                             GError              **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = statement (self,
                    "UPDATE complaints SET status = ?, agency = ?, updated_at = ?, due_at = ?, "
                    "  first_response_at = ?, resolved_at = ?, reject_reason = ?, duplicate_of = ? "
                    "WHERE uuid = ?", error);
  if (stmt == NULL)
    return FALSE;

  bind_state (stmt, 1, record);
  bind_text (stmt, 9, record->complaint->uuid);
  if (!step_done (self, stmt, "updating a complaint", error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, ADUAN_HUB_ERROR, ADUAN_HUB_ERROR_NOT_FOUND,
                   "No complaint %s", record->complaint->uuid);
      return FALSE;
    }

  return TRUE;
}

static GPtrArray *
storage_list_records (AduanHubStorage           *storage,
                      const AduanHubRecordQuery *query,
                      GError                   **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) aduan_hub_record_free);
  g_autoptr(GString) sql = g_string_new ("SELECT " RECORD_COLUMNS " FROM complaints WHERE 1");
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;
  int index = 1;
  int rc;

  /* Text binds first, then numbers, each in the order added below. */
  if (query->status >= 0)
    {
      g_string_append (sql, " AND status = ?");
      g_ptr_array_add (texts, (gpointer) aduan_complaint_status_to_string (query->status));
    }
  if (query->agency_code != NULL)
    {
      g_string_append (sql, " AND agency = ?");
      g_ptr_array_add (texts, (gpointer) query->agency_code);
    }
  if (query->service_code != NULL)
    {
      g_string_append (sql, " AND category = ?");
      g_ptr_array_add (texts, (gpointer) query->service_code);
    }
  if (query->tracking_codes != NULL)
    {
      g_string_append (sql, " AND tracking_code IN (NULL");
      for (guint i = 0; query->tracking_codes[i] != NULL; i++)
        {
          g_string_append (sql, ", ?");
          g_ptr_array_add (texts, (gpointer) query->tracking_codes[i]);
        }
      g_string_append (sql, ")");
    }
  if (query->closed == 0)
    g_string_append (sql, " AND status NOT IN ('resolved', 'rejected')");
  else if (query->closed == 1)
    g_string_append (sql, " AND status IN ('resolved', 'rejected')");
  if (query->public_only)
    g_string_append (sql, " AND confidential = 0");
  if (query->overdue_at != 0)
    {
      g_string_append (sql, " AND due_at != 0 AND due_at < ? AND status NOT IN ('resolved', 'rejected')");
      g_array_append_val (numbers, query->overdue_at);
    }
  if (query->received_after != 0)
    {
      g_string_append (sql, " AND received_at >= ?");
      g_array_append_val (numbers, query->received_after);
    }
  if (query->received_before != 0)
    {
      g_string_append (sql, " AND received_at < ?");
      g_array_append_val (numbers, query->received_before);
    }
  g_string_append (sql, " ORDER BY received_at DESC, uuid");
  if (query->limit > 0)
    g_string_append_printf (sql, " LIMIT %u OFFSET %u", query->limit, query->offset);
  else if (query->offset > 0)
    g_string_append_printf (sql, " LIMIT -1 OFFSET %u", query->offset);

  rc = sqlite3_prepare_v2 (self->db, sql->str, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_error (error, self->db, rc, "listing complaints");
      return NULL;
    }

  for (guint i = 0; i < texts->len; i++)
    bind_text (stmt, index++, g_ptr_array_index (texts, i));
  for (guint i = 0; i < numbers->len; i++)
    sqlite3_bind_int64 (stmt, index++, g_array_index (numbers, gint64, i));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AduanHubRecord *record = read_record (stmt, error);

      if (record == NULL)
        {
          sqlite3_finalize (stmt);
          return NULL;
        }
      g_ptr_array_add (records, record);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      set_error (error, self->db, rc, "listing complaints");
      return NULL;
    }

  return g_steal_pointer (&records);
}

static gboolean
storage_foreach_summary (AduanHubStorage      *storage,
                         AduanHubSummaryFunc   func,
                         gpointer              user_data,
                         GError              **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  stmt = statement (self,
                    "SELECT status, category, channel, agency, village_code, received_at, "
                    "  due_at, first_response_at, resolved_at FROM complaints", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AduanHubSummary summary = { 0, };

      if (!aduan_complaint_status_from_string ((const char *) sqlite3_column_text (stmt, 0), &summary.status))
        continue;
      summary.category = (const char *) sqlite3_column_text (stmt, 1);
      summary.channel = (const char *) sqlite3_column_text (stmt, 2);
      summary.agency_code = (const char *) sqlite3_column_text (stmt, 3);
      summary.village_code = (const char *) sqlite3_column_text (stmt, 4);
      summary.received_at = sqlite3_column_int64 (stmt, 5);
      summary.due_at = sqlite3_column_int64 (stmt, 6);
      summary.first_response_at = sqlite3_column_int64 (stmt, 7);
      summary.resolved_at = sqlite3_column_int64 (stmt, 8);
      func (&summary, user_data);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_error (error, self->db, rc, "counting complaints");
      return FALSE;
    }

  return TRUE;
}

static gboolean
storage_add_event (AduanHubStorage  *storage,
                   AduanStatusEvent *event,
                   GError          **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = statement (self,
                    "INSERT INTO events (uuid, device_id, kind, status, agency, actor, at, message, "
                    "  reject_reason, duplicate_of, due_at) "
                    "SELECT uuid, device_id, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM complaints WHERE uuid = ?",
                    error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, aduan_status_event_kind_to_string (event->kind));
  bind_text (stmt, 2, aduan_complaint_status_to_string (event->status));
  bind_text (stmt, 3, event->agency_code);
  bind_text (stmt, 4, event->actor);
  sqlite3_bind_int64 (stmt, 5, event->at);
  bind_text (stmt, 6, event->message);
  bind_text (stmt, 7,
             event->reject_reason != ADUAN_REJECT_REASON_NONE
               ? aduan_reject_reason_to_string (event->reject_reason) : NULL);
  bind_text (stmt, 8, event->duplicate_of);
  sqlite3_bind_int64 (stmt, 9, event->due_at);
  bind_text (stmt, 10, event->complaint_uuid);

  if (!step_done (self, stmt, "storing an event", error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, ADUAN_HUB_ERROR, ADUAN_HUB_ERROR_NOT_FOUND,
                   "No complaint %s", event->complaint_uuid);
      return FALSE;
    }

  event->sequence = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

#define EVENT_COLUMNS \
  "e.seq, e.uuid, c.tracking_code, e.kind, e.status, e.agency, e.actor, e.at, " \
  "e.message, e.reject_reason, e.duplicate_of, e.due_at"

static GPtrArray *
read_events (AduanHubStorageSqlite  *self,
             sqlite3_stmt           *stmt,
             GError                **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) aduan_status_event_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(AduanStatusEvent) event = aduan_status_event_new ();
      const char *reason;

      event->sequence = sqlite3_column_int64 (stmt, 0);
      event->complaint_uuid = column_text (stmt, 1);
      event->tracking_code = column_text (stmt, 2);
      if (!aduan_status_event_kind_from_string ((const char *) sqlite3_column_text (stmt, 3), &event->kind) ||
          !aduan_complaint_status_from_string ((const char *) sqlite3_column_text (stmt, 4), &event->status))
        continue;
      event->agency_code = column_text (stmt, 5);
      event->actor = column_text (stmt, 6);
      event->at = sqlite3_column_int64 (stmt, 7);
      event->message = column_text (stmt, 8);
      reason = (const char *) sqlite3_column_text (stmt, 9);
      if (reason != NULL && !aduan_reject_reason_from_string (reason, &event->reject_reason))
        event->reject_reason = ADUAN_REJECT_REASON_NONE;
      event->duplicate_of = column_text (stmt, 10);
      event->due_at = sqlite3_column_int64 (stmt, 11);
      g_ptr_array_add (events, g_steal_pointer (&event));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_error (error, self->db, rc, "reading events");
      return NULL;
    }

  return g_steal_pointer (&events);
}

static GPtrArray *
storage_list_events (AduanHubStorage  *storage,
                     const char       *uuid,
                     GError          **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = statement (self,
                    "SELECT " EVENT_COLUMNS " FROM events e JOIN complaints c ON c.uuid = e.uuid "
                    "WHERE e.uuid = ? ORDER BY e.seq", error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, uuid);
  return read_events (self, stmt, error);
}

static GPtrArray *
storage_list_changes (AduanHubStorage  *storage,
                      const char       *device_id,
                      gint64            after_sequence,
                      guint             limit,
                      GError          **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = statement (self,
                    "SELECT " EVENT_COLUMNS " FROM events e JOIN complaints c ON c.uuid = e.uuid "
                    "WHERE e.device_id = ? AND e.seq > ? ORDER BY e.seq LIMIT ?", error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, device_id);
  sqlite3_bind_int64 (stmt, 2, after_sequence);
  sqlite3_bind_int64 (stmt, 3, limit);
  return read_events (self, stmt, error);
}

static gboolean
storage_add_photo (AduanHubStorage  *storage,
                   const char       *sha256,
                   gint64            size,
                   const char       *content_type,
                   gint64            now,
                   GError          **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  sqlite3_stmt *stmt;

  /* The same bytes may arrive for several complaints: one row, one file. */
  stmt = statement (self,
                    "INSERT OR IGNORE INTO photos (sha256, size, content_type, stored_at) "
                    "VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, sha256);
  sqlite3_bind_int64 (stmt, 2, size);
  bind_text (stmt, 3, content_type);
  sqlite3_bind_int64 (stmt, 4, now);

  return step_done (self, stmt, "storing a photo", error);
}

static char *
storage_get_photo_type (AduanHubStorage  *storage,
                        const char       *sha256,
                        GError          **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  char *content_type = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = statement (self, "SELECT content_type FROM photos WHERE sha256 = ?", error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, sha256);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    content_type = column_text (stmt, 0);
  else if (rc != SQLITE_DONE)
    set_error (error, self->db, rc, "reading a photo");
  sqlite3_reset (stmt);

  return content_type;
}

static gboolean
storage_attach_photo (AduanHubStorage  *storage,
                      const char       *uuid,
                      const char       *sha256,
                      GError          **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = statement (self, "INSERT OR IGNORE INTO complaint_photos (uuid, sha256) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, uuid);
  bind_text (stmt, 2, sha256);

  return step_done (self, stmt, "attaching a photo", error);
}

static GPtrArray *
storage_list_attached_photos (AduanHubStorage  *storage,
                              const char       *uuid,
                              GError          **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = statement (self, "SELECT sha256 FROM complaint_photos WHERE uuid = ? ORDER BY sha256", error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, uuid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (photos, column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_error (error, self->db, rc, "listing photos");
      return NULL;
    }

  return g_steal_pointer (&photos);
}

static gboolean
storage_add_upload (AduanHubStorage      *storage,
                    const AduanHubUpload *upload,
                    GError              **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = statement (self,
                    "INSERT INTO uploads (id, device_id, uuid, sha256, length, filename, content_type, "
                    "  metadata, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, upload->id);
  bind_text (stmt, 2, upload->device_id);
  bind_text (stmt, 3, upload->complaint_uuid);
  bind_text (stmt, 4, upload->sha256);
  sqlite3_bind_int64 (stmt, 5, upload->length);
  bind_text (stmt, 6, upload->filename);
  bind_text (stmt, 7, upload->content_type);
  bind_text (stmt, 8, upload->metadata);
  sqlite3_bind_int64 (stmt, 9, upload->created_at);
  sqlite3_bind_int64 (stmt, 10, upload->expires_at);

  return step_done (self, stmt, "storing an upload", error);
}

#define UPLOAD_COLUMNS \
  "id, device_id, uuid, sha256, length, filename, content_type, metadata, " \
  "created_at, expires_at, completed_at"

static AduanHubUpload *
read_upload (sqlite3_stmt *stmt)
{
  AduanHubUpload *upload = aduan_hub_upload_new ();

  upload->id = column_text (stmt, 0);
  upload->device_id = column_text (stmt, 1);
  upload->complaint_uuid = column_text (stmt, 2);
  upload->sha256 = column_text (stmt, 3);
  upload->length = sqlite3_column_int64 (stmt, 4);
  upload->filename = column_text (stmt, 5);
  upload->content_type = column_text (stmt, 6);
  upload->metadata = column_text (stmt, 7);
  upload->created_at = sqlite3_column_int64 (stmt, 8);
  upload->expires_at = sqlite3_column_int64 (stmt, 9);
  upload->completed_at = sqlite3_column_int64 (stmt, 10);

  return upload;
}

static AduanHubUpload *
storage_get_upload (AduanHubStorage  *storage,
                    const char       *id,
                    GError          **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  AduanHubUpload *upload = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = statement (self, "SELECT " UPLOAD_COLUMNS " FROM uploads WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    upload = read_upload (stmt);
  else if (rc != SQLITE_DONE)
    set_error (error, self->db, rc, "reading an upload");
  sqlite3_reset (stmt);

  return upload;
}

static gboolean
storage_complete_upload (AduanHubStorage  *storage,
                         const char       *id,
                         gint64            now,
                         GError          **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = statement (self, "UPDATE uploads SET completed_at = ? WHERE id = ? AND completed_at = 0", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now);
  bind_text (stmt, 2, id);

  return step_done (self, stmt, "completing an upload", error);
}

static gboolean
storage_delete_upload (AduanHubStorage  *storage,
                       const char       *id,
                       GError          **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = statement (self, "DELETE FROM uploads WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, id);

  return step_done (self, stmt, "deleting an upload", error);
}

static GPtrArray *
storage_list_expired_uploads (AduanHubStorage  *storage,
                              gint64            now,
                              GError          **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  g_autoptr(GPtrArray) uploads = g_ptr_array_new_with_free_func ((GDestroyNotify) aduan_hub_upload_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = statement (self,
                    "SELECT " UPLOAD_COLUMNS " FROM uploads WHERE completed_at = 0 AND expires_at <= ?",
                    error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, now);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (uploads, read_upload (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_error (error, self->db, rc, "listing expired uploads");
      return NULL;
    }

  return g_steal_pointer (&uploads);
}

static char *
scores_to_text (const guint8 *scores)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < ADUAN_SURVEY_N_ELEMENTS; i++)
    g_string_append_printf (text, "%s%u", i > 0 ? "," : "", scores[i]);

  return g_string_free (text, FALSE);
}

static gboolean
scores_from_text (const char *text,
                  guint8     *scores)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);

  if (g_strv_length (parts) != ADUAN_SURVEY_N_ELEMENTS)
    return FALSE;

  for (guint i = 0; i < ADUAN_SURVEY_N_ELEMENTS; i++)
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (parts[i], 10, ADUAN_SURVEY_MIN_SCORE, ADUAN_SURVEY_MAX_SCORE,
                                       &value, NULL))
        return FALSE;
      scores[i] = (guint8) value;
    }

  return TRUE;
}

static AduanSurvey *
storage_get_survey (AduanHubStorage  *storage,
                    const char       *uuid,
                    GError          **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  g_autoptr(AduanSurvey) survey = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = statement (self, "SELECT uuid, answered_at, channel, scores FROM surveys WHERE uuid = ?", error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      survey = aduan_survey_new ();
      g_free (survey->uuid);
      survey->uuid = column_text (stmt, 0);
      survey->answered_at = sqlite3_column_int64 (stmt, 1);
      if (!aduan_channel_from_string ((const char *) sqlite3_column_text (stmt, 2), &survey->channel) ||
          !scores_from_text ((const char *) sqlite3_column_text (stmt, 3), survey->scores))
        {
          g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_CORRUPT,
                       "reading survey %s: the stored row is damaged", uuid);
          g_clear_pointer (&survey, aduan_survey_free);
        }
    }
  else if (rc != SQLITE_DONE)
    set_error (error, self->db, rc, "reading a survey");
  sqlite3_reset (stmt);

  return g_steal_pointer (&survey);
}

static gboolean
storage_add_survey (AduanHubStorage   *storage,
                    const AduanSurvey *survey,
                    const char        *device_id,
                    gint64             received_at,
                    GError           **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  g_autofree char *scores = scores_to_text (survey->scores);
  sqlite3_stmt *stmt;

  stmt = statement (self,
                    "INSERT INTO surveys (uuid, device_id, answered_at, channel, scores, received_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, survey->uuid);
  bind_text (stmt, 2, device_id);
  sqlite3_bind_int64 (stmt, 3, survey->answered_at);
  bind_text (stmt, 4, aduan_channel_to_string (survey->channel));
  bind_text (stmt, 5, scores);
  sqlite3_bind_int64 (stmt, 6, received_at);

  return step_done (self, stmt, "storing a survey", error);
}

static gboolean
storage_compute_ikm (AduanHubStorage  *storage,
                     AduanIkm         *out_ikm,
                     GError          **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  aduan_ikm_init (out_ikm);
  stmt = statement (self, "SELECT scores FROM surveys", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint8 scores[ADUAN_SURVEY_N_ELEMENTS];

      /* A damaged row cannot be counted; the rest still can. */
      if (scores_from_text ((const char *) sqlite3_column_text (stmt, 0), scores))
        aduan_ikm_add (out_ikm, scores);
      else
        g_message ("A stored survey’s scores are damaged; it is left out of the index");
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_error (error, self->db, rc, "reading the surveys");
      return FALSE;
    }

  aduan_ikm_finish (out_ikm);
  return TRUE;
}

static char *
storage_get_catalog (AduanHubStorage  *storage,
                     char            **out_etag,
                     GError          **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  char *json = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = statement (self, "SELECT json, etag FROM catalog WHERE id = 1", error);
  if (stmt == NULL)
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      json = column_text (stmt, 0);
      if (out_etag != NULL)
        *out_etag = column_text (stmt, 1);
    }
  else if (rc != SQLITE_DONE)
    set_error (error, self->db, rc, "reading the catalog");
  sqlite3_reset (stmt);

  return json;
}

static gboolean
storage_set_catalog (AduanHubStorage  *storage,
                     const char       *json,
                     const char       *etag,
                     gint64            now,
                     GError          **error)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = statement (self,
                    "INSERT INTO catalog (id, json, etag, updated_at) VALUES (1, ?, ?, ?) "
                    "ON CONFLICT (id) DO UPDATE SET json = excluded.json, etag = excluded.etag, "
                    "  updated_at = excluded.updated_at", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, json);
  bind_text (stmt, 2, etag);
  sqlite3_bind_int64 (stmt, 3, now);

  return step_done (self, stmt, "storing the catalog", error);
}

static void
aduan_hub_storage_sqlite_iface_init (AduanHubStorageInterface *iface)
{
  iface->begin = storage_begin;
  iface->commit = storage_commit;
  iface->rollback = storage_rollback;
  iface->savepoint = storage_savepoint;
  iface->release_savepoint = storage_release_savepoint;
  iface->rollback_to_savepoint = storage_rollback_to_savepoint;
  iface->add_enroll_code = storage_add_enroll_code;
  iface->use_enroll_code = storage_use_enroll_code;
  iface->add_device = storage_add_device;
  iface->lookup_token = storage_lookup_token;
  iface->revoke_device = storage_revoke_device;
  iface->list_devices = storage_list_devices;
  iface->get_record = storage_get_record;
  iface->get_record_by_code = storage_get_record_by_code;
  iface->add_record = storage_add_record;
  iface->update_record_state = storage_update_record_state;
  iface->list_records = storage_list_records;
  iface->foreach_summary = storage_foreach_summary;
  iface->add_event = storage_add_event;
  iface->list_events = storage_list_events;
  iface->list_changes = storage_list_changes;
  iface->add_photo = storage_add_photo;
  iface->get_photo_type = storage_get_photo_type;
  iface->attach_photo = storage_attach_photo;
  iface->list_attached_photos = storage_list_attached_photos;
  iface->add_upload = storage_add_upload;
  iface->get_upload = storage_get_upload;
  iface->complete_upload = storage_complete_upload;
  iface->delete_upload = storage_delete_upload;
  iface->list_expired_uploads = storage_list_expired_uploads;
  iface->get_survey = storage_get_survey;
  iface->add_survey = storage_add_survey;
  iface->compute_ikm = storage_compute_ikm;
  iface->get_catalog = storage_get_catalog;
  iface->set_catalog = storage_set_catalog;
}

static void
aduan_hub_storage_sqlite_finalize (GObject *object)
{
  AduanHubStorageSqlite *self = ADUAN_HUB_STORAGE_SQLITE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);

  G_OBJECT_CLASS (aduan_hub_storage_sqlite_parent_class)->finalize (object);
}

static void
aduan_hub_storage_sqlite_class_init (AduanHubStorageSqliteClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = aduan_hub_storage_sqlite_finalize;
}

static void
aduan_hub_storage_sqlite_init (AduanHubStorageSqlite *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify) sqlite3_finalize);
}

static gboolean
migrate (AduanHubStorageSqlite  *self,
         GError                **error)
{
  sqlite3_stmt *stmt = NULL;
  int version = 0;

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (version > ADUAN_HUB_STORAGE_SQLITE_SCHEMA_VERSION)
    {
      exec (self, "ROLLBACK", NULL);
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_TOO_NEW,
                   "The hub’s database was written by a newer aduan-hub (schema %d, this one knows %d)",
                   version, ADUAN_HUB_STORAGE_SQLITE_SCHEMA_VERSION);
      return FALSE;
    }

  for (; version < ADUAN_HUB_STORAGE_SQLITE_SCHEMA_VERSION; version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      if (!exec (self, migrations[version], error) || !exec (self, bump, error))
        {
          exec (self, "ROLLBACK", NULL);
          return FALSE;
        }
    }

  return exec (self, "COMMIT", error);
}

/**
 * aduan_hub_storage_sqlite_open:
 * @path: the database file; made with the current schema if missing
 * @error: return location for a #GError
 *
 * Opens one connection to the hub's SQLite database, bringing its schema
 * up to date.
 *
 * Returns: (transfer full) (nullable): the storage
 */
AduanHubStorage *
aduan_hub_storage_sqlite_open (const char  *path,
                               GError     **error)
{
  g_autoptr(AduanHubStorageSqlite) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (ADUAN_HUB_TYPE_STORAGE_SQLITE, NULL);

  /* Each connection lives on one thread, so SQLite's own mutex would only
   * cost time. */
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_error (error, self->db, rc, "opening the hub’s database");
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, 5000);

  if (!exec (self, "PRAGMA journal_mode = WAL", error) ||
      !exec (self, "PRAGMA synchronous = FULL", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error) ||
      !migrate (self, error))
    return NULL;

  return ADUAN_HUB_STORAGE (g_steal_pointer (&self));
}
