/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "aduan-error.h"
#include "aduan-store-private.h"
#include "aduan-tracking-code.h"

#define DATABASE_NAME "aduan.sqlite"

/**
 * AduanStore:
 *
 * The complaints on this device, in SQLite. A complaint is saved when
 * aduan_store_save() returns %TRUE: the transaction committed with
 * `synchronous=FULL`, so it survives a kill -9 or a flat battery.
 */
struct _AduanStore
{
  GObject         parent_instance;

  char           *data_dir;       /* (owned) */
  sqlite3        *db;             /* (owned) */
  char           *device_prefix;  /* (owned) */
  gboolean        read_only;
  AduanCatalog   *catalog;        /* (owned) (nullable) */
  AduanAreaIndex *areas;          /* (owned) (nullable) */
  GHashTable     *statements;     /* (owned) SQL → sqlite3_stmt */
  GRecMutex       lock;           /* held by every public call */
};

G_DEFINE_FINAL_TYPE (AduanStore, aduan_store, G_TYPE_OBJECT)

enum {
  SIGNAL_COMPLAINT_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char complaint_columns[] =
  "uuid, tracking_code, kind, category, title, description, "
  "reporter_name, reporter_phone, reporter_nik, reporter_address, "
  "anonymous, confidential, channel, village_code, "
  "latitude, longitude, accuracy_m, location_source, location_time, "
  "occurred_at, created_at, updated_at, officer, sync_state, village_label";

/* The statement that writes a complaint: an upsert, not INSERT OR
 * REPLACE, so the row keeps its rowid and the search index's update
 * trigger sees the change; and only while the complaint still waits to be
 * sent. Built once: it is long. */
static const char *
upsert_sql (void)
{
  static char *sql = NULL;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      g_auto(GStrv) columns = g_strsplit (complaint_columns, ", ", -1);
      GString *text = g_string_new (NULL);

      g_string_append_printf (text, "INSERT INTO complaints (%s) VALUES (", complaint_columns);
      for (guint i = 0; columns[i] != NULL; i++)
        g_string_append (text, i > 0 ? ", ?" : "?");
      g_string_append (text, ") ON CONFLICT (uuid) DO UPDATE SET ");
      for (guint i = 1; columns[i] != NULL; i++)
        g_string_append_printf (text, "%s%s = excluded.%s", i > 1 ? ", " : "", columns[i], columns[i]);
      g_string_append (text, " WHERE complaints.sync_state = 'waiting'");

      sql = g_string_free (text, FALSE);
      g_once_init_leave (&initialized, 1);
    }

  return sql;
}

/* "complaints.uuid, complaints.tracking_code, …": the column list for
 * queries that join the full-text index, whose columns share names. */
static const char *
qualified_columns (void)
{
  static char *columns = NULL;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      g_auto(GStrv) names = g_strsplit (complaint_columns, ", ", -1);
      GString *text = g_string_new (NULL);

      for (guint i = 0; names[i] != NULL; i++)
        g_string_append_printf (text, "%scomplaints.%s", i > 0 ? ", " : "", names[i]);

      columns = g_string_free (text, FALSE);
      g_once_init_leave (&initialized, 1);
    }

  return columns;
}

void
_aduan_store_set_error (GError     **error,
                        sqlite3     *db,
                        int          rc,
                        const char  *doing)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  /* Callers pass N_() text, translated only when something went wrong. */
  doing = _(doing);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_DISK_FULL,
                   _("The disk is full (%s); nothing was changed. Free some space and try again"), doing);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_READ_ONLY,
                   _("The data cannot be written (%s): %s. Check that the data folder is writable"), doing, detail);
      break;

    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_CORRUPT,
                   _("The data file is damaged or is not an Aduan database (%s); it was left untouched"), doing);
      break;

    case SQLITE_IOERR:
      if (errno == ENOSPC)
        {
          g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_DISK_FULL,
                       _("The disk is full (%s); nothing was changed. Free some space and try again"), doing);
          break;
        }
      G_GNUC_FALLTHROUGH;

    default:
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_STORAGE,
                   _("Storage failed while %s: %s"), doing, detail);
      break;
    }
}

gboolean
_aduan_store_exec (sqlite3     *db,
                   const char  *sql,
                   GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _aduan_store_set_error (error, db, rc, N_("updating the data"));
      return FALSE;
    }

  return TRUE;
}

/* Statements are prepared once per store and kept: parsing SQL costs as
 * much as a small insert. A statement goes back to the cache, reset, when
 * the g_autoptr holding it goes out of scope; the store's lock keeps two
 * threads from sharing one. */
static sqlite3_stmt *
prepare (AduanStore  *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _aduan_store_set_error (error, self->db, rc, N_("reading the data"));
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

static void
release_statement (sqlite3_stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, release_statement)

static void
aduan_store_finalize (GObject *object)
{
  AduanStore *self = (AduanStore *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_rec_mutex_clear (&self->lock);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->device_prefix, g_free);
  g_clear_object (&self->catalog);
  g_clear_object (&self->areas);

  G_OBJECT_CLASS (aduan_store_parent_class)->finalize (object);
}

static void
aduan_store_class_init (AduanStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aduan_store_finalize;

  /**
   * AduanStore::complaint-saved:
   * @self: the store
   * @uuid: the complaint that was saved or changed
   *
   * Emitted after a complaint's transaction committed.
   */
  signals[SIGNAL_COMPLAINT_SAVED] =
    g_signal_new ("complaint-saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
aduan_store_init (AduanStore *self)
{
  g_rec_mutex_init (&self->lock);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sqlite3_finalize);
}

/**
 * aduan_store_default_data_dir:
 *
 * Returns: (transfer full): `$ADUAN_DATA_DIR` if set, else
 *   `$XDG_DATA_HOME/aduan`
 */
char *
aduan_store_default_data_dir (void)
{
  const char *override = g_getenv ("ADUAN_DATA_DIR");

  if (override != NULL && *override != '\0')
    return g_strdup (override);

  return g_build_filename (g_get_user_data_dir (), "aduan", NULL);
}

static char *
meta_get (AduanStore  *self,
          const char  *key,
          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT value FROM meta WHERE key = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    _aduan_store_set_error (error, self->db, rc, N_("reading the data"));

  return NULL;
}

static gboolean
meta_set (AduanStore  *self,
          const char  *key,
          const char  *value,
          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "INSERT INTO meta (key, value) VALUES (?, ?) "
                                                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                          error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _aduan_store_set_error (error, self->db, rc, N_("saving settings"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
ensure_device_prefix (AduanStore  *self,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *prefix = meta_get (self, "device_prefix", &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (prefix == NULL)
    {
      if (self->read_only)
        {
          g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_READ_ONLY,
                               _("The data file is read-only and was never set up"));
          return FALSE;
        }

      prefix = aduan_tracking_code_make_prefix ();
      if (!meta_set (self, "device_prefix", prefix, error))
        return FALSE;
    }

  self->device_prefix = g_steal_pointer (&prefix);


  return TRUE;
}

/**
 * aduan_store_open:
 * @data_dir: (nullable): the folder for the database and photos; %NULL for
 *   aduan_store_default_data_dir()
 * @error: return location for a #GError
 *
 * Opens the device store, creating and migrating it as needed. A damaged
 * file is reported (%ADUAN_ERROR_CORRUPT) and never overwritten; a file
 * that cannot be written is opened read-only, so its complaints can still
 * be read, and saving reports %ADUAN_ERROR_READ_ONLY.
 *
 * Returns: (transfer full) (nullable): the store
 */
AduanStore *
aduan_store_open (const char  *data_dir,
                  GError     **error)
{
  g_autoptr(AduanStore) self = NULL;
  g_autofree char *path = NULL;
  int version;
  int rc;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (ADUAN_TYPE_STORE, NULL);
  self->data_dir = data_dir != NULL ? g_strdup (data_dir) : aduan_store_default_data_dir ();

  if (g_mkdir_with_parents (self->data_dir, 0700) != 0 &&
      !g_file_test (self->data_dir, G_FILE_TEST_IS_DIR))
    {
      int saved_errno = errno;

      g_set_error (error, ADUAN_ERROR,
                   saved_errno == ENOSPC ? ADUAN_ERROR_DISK_FULL : ADUAN_ERROR_READ_ONLY,
                   _("Cannot create the data folder %s: %s"), self->data_dir, g_strerror (saved_errno));
      return NULL;
    }

  path = g_build_filename (self->data_dir, DATABASE_NAME, NULL);
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      _aduan_store_set_error (error, self->db, rc, N_("opening the data file"));
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 0);
  sqlite3_busy_timeout (self->db, 5000);
  self->read_only = sqlite3_db_readonly (self->db, "main") == 1;

  /* Reading the schema version touches the file header, so a file that is
   * not a database is caught here, before anything writes to it. */
  version = _aduan_store_get_user_version (self->db);
  if (version < 0 && self->read_only)
    {
      g_autofree char *uri = NULL;

      /* A WAL database in a folder we cannot write has no shared-memory
       * file to read through; nobody can change it, so read it as is. */
      sqlite3_close_v2 (self->db);
      self->db = NULL;
      uri = g_strdup_printf ("file:%s?mode=ro&immutable=1", path);
      rc = sqlite3_open_v2 (uri, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX, NULL);
      if (rc != SQLITE_OK)
        {
          _aduan_store_set_error (error, self->db, rc, N_("opening the data file"));
          return NULL;
        }
      version = _aduan_store_get_user_version (self->db);
    }

  if (version < 0)
    {
      _aduan_store_set_error (error, self->db, sqlite3_errcode (self->db), N_("opening the data file"));
      return NULL;
    }

  /* Refuse a newer schema before switching to WAL rewrites the header. */
  if (version > ADUAN_STORE_SCHEMA_VERSION)
    {
      gboolean migrated = _aduan_store_migrate (self->db, error);

      g_assert (!migrated);  /* it reports ADUAN_ERROR_TOO_NEW */
      return NULL;
    }

  if (!self->read_only)
    {
      if (!_aduan_store_exec (self->db, "PRAGMA journal_mode = WAL", error))
        return NULL;
    }

  if (!_aduan_store_exec (self->db,
                          "PRAGMA synchronous = FULL;"
                          "PRAGMA foreign_keys = ON;",
                          error))
    return NULL;

  if (self->read_only)
    {
      if (_aduan_store_get_user_version (self->db) != ADUAN_STORE_SCHEMA_VERSION)
        {
          g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_READ_ONLY,
                               _("The data file is read-only and needs an upgrade; make it writable"));
          return NULL;
        }
    }
  else if (!_aduan_store_migrate (self->db, error))
    return NULL;

  if (!ensure_device_prefix (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* The connection, for the outbox code (aduan-outbox.c); callers hold
 * the lock with _aduan_store_lock() while they use it. */
sqlite3 *
_aduan_store_get_db (AduanStore *self)
{
  g_assert (ADUAN_IS_STORE (self));

  return self->db;
}

void
_aduan_store_lock (AduanStore *self)
{
  g_rec_mutex_lock (&self->lock);
}

void
_aduan_store_unlock (AduanStore *self)
{
  g_rec_mutex_unlock (&self->lock);
}

const char *
aduan_store_get_data_dir (AduanStore *self)
{
  g_return_val_if_fail (ADUAN_IS_STORE (self), NULL);

  return self->data_dir;
}

const char *
aduan_store_get_device_prefix (AduanStore *self)
{
  g_return_val_if_fail (ADUAN_IS_STORE (self), NULL);

  return self->device_prefix;
}

/**
 * aduan_store_is_read_only:
 *
 * Returns: whether saving is impossible because the file cannot be written
 */
gboolean
aduan_store_is_read_only (AduanStore *self)
{
  g_return_val_if_fail (ADUAN_IS_STORE (self), TRUE);

  return self->read_only;
}

/**
 * aduan_store_set_catalog:
 * @catalog: (nullable): categories that saved complaints must use
 */
void
aduan_store_set_catalog (AduanStore   *self,
                         AduanCatalog *catalog)
{
  g_return_if_fail (ADUAN_IS_STORE (self));

  g_set_object (&self->catalog, catalog);
}

/**
 * aduan_store_set_area_index:
 * @areas: (nullable): villages that saved complaints must lie in; also gives
 *   each complaint the village label that search finds
 */
void
aduan_store_set_area_index (AduanStore     *self,
                            AduanAreaIndex *areas)
{
  g_return_if_fail (ADUAN_IS_STORE (self));

  g_set_object (&self->areas, areas);
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static char *
column_strdup (sqlite3_stmt *stmt,
               int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup (text) : NULL;
}

static AduanComplaint *
complaint_from_row (sqlite3_stmt *stmt)
{
  AduanComplaint *complaint = aduan_complaint_new ();
  int i = 0;

  complaint->uuid = column_strdup (stmt, i++);
  complaint->tracking_code = column_strdup (stmt, i++);
  aduan_report_kind_from_string ((const char *) sqlite3_column_text (stmt, i++), &complaint->kind);
  complaint->category = column_strdup (stmt, i++);
  complaint->title = column_strdup (stmt, i++);
  complaint->description = column_strdup (stmt, i++);
  complaint->reporter_name = column_strdup (stmt, i++);
  complaint->reporter_phone = column_strdup (stmt, i++);
  complaint->reporter_nik = column_strdup (stmt, i++);
  complaint->reporter_address = column_strdup (stmt, i++);
  complaint->anonymous = sqlite3_column_int (stmt, i++) != 0;
  complaint->confidential = sqlite3_column_int (stmt, i++) != 0;
  aduan_channel_from_string ((const char *) sqlite3_column_text (stmt, i++), &complaint->channel);
  complaint->village_code = column_strdup (stmt, i++);
  complaint->has_location = sqlite3_column_type (stmt, i) != SQLITE_NULL;
  complaint->latitude = sqlite3_column_double (stmt, i++);
  complaint->longitude = sqlite3_column_double (stmt, i++);
  complaint->accuracy_m = sqlite3_column_type (stmt, i) != SQLITE_NULL ? sqlite3_column_double (stmt, i) : -1;
  i++;
  aduan_location_source_from_string ((const char *) sqlite3_column_text (stmt, i++), &complaint->location_source);
  complaint->location_time = sqlite3_column_int64 (stmt, i++);
  complaint->occurred_at = sqlite3_column_int64 (stmt, i++);
  complaint->created_at = sqlite3_column_int64 (stmt, i++);
  complaint->updated_at = sqlite3_column_int64 (stmt, i++);
  complaint->officer = column_strdup (stmt, i++);
  aduan_sync_state_from_string ((const char *) sqlite3_column_text (stmt, i++), &complaint->sync_state);
  complaint->village_label = column_strdup (stmt, i++);

  return complaint;
}

static gboolean
step_done (AduanStore    *self,
           sqlite3_stmt  *stmt,
           const char    *doing,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      _aduan_store_set_error (error, self->db, rc, doing);
      return FALSE;
    }

  return TRUE;
}

/* BEGIN and COMMIT too go through the statement cache: parsing them anew
 * on every save costs as much as a small insert. */
static gboolean
run_cached (AduanStore  *self,
            const char  *sql,
            const char  *doing,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, sql, error);

  return stmt != NULL && step_done (self, stmt, doing, error);
}

/* Takes the next sequence number in the caller's transaction: one
 * statement, so a save costs little more than its insert. */
static gboolean
next_tracking_code (AduanStore  *self,
                    char       **out_code,
                    GError     **error)
{
  /* Read, not written: the save's own row moves max(rowid) on (schema 7
   * in aduan-store-migrations.c), so a save dirties no counter page. */
  g_autoptr(sqlite3_stmt) stmt = prepare (self,
                                          "SELECT CAST (value AS INTEGER) "
                                          "+ coalesce ((SELECT max (rowid) FROM complaints), 0) + 1 "
                                          "FROM meta WHERE key = 'sequence_base'",
                                          error);
  gint64 sequence;
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_CORRUPT,
                             _("The tracking code counter is missing from the data file"));
      else
        _aduan_store_set_error (error, self->db, rc, N_("saving the complaint"));
      return FALSE;
    }

  sequence = sqlite3_column_int64 (stmt, 0);
  if (sequence < 0 || sequence > G_MAXUINT32)
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_CORRUPT,
                           _("The tracking code counter is damaged"));
      return FALSE;
    }

  *out_code = aduan_tracking_code_build (self->device_prefix, (guint32) sequence, error);
  return *out_code != NULL;
}

static gboolean
write_complaint (AduanStore      *self,
                 AduanComplaint  *complaint,
                 GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) clear_photos = NULL;
  g_autoptr(sqlite3_stmt) add_photo = NULL;
  int i = 1;

  stmt = prepare (self, upsert_sql (), error);
  if (stmt == NULL)
    return FALSE;

  bind_text_or_null (stmt, i++, complaint->uuid);
  bind_text_or_null (stmt, i++, complaint->tracking_code);
  bind_text_or_null (stmt, i++, aduan_report_kind_to_string (complaint->kind));
  bind_text_or_null (stmt, i++, complaint->category);
  bind_text_or_null (stmt, i++, complaint->title);
  bind_text_or_null (stmt, i++, complaint->description);
  bind_text_or_null (stmt, i++, complaint->reporter_name);
  bind_text_or_null (stmt, i++, complaint->reporter_phone);
  bind_text_or_null (stmt, i++, complaint->reporter_nik);
  bind_text_or_null (stmt, i++, complaint->reporter_address);
  sqlite3_bind_int (stmt, i++, complaint->anonymous);
  sqlite3_bind_int (stmt, i++, complaint->confidential);
  bind_text_or_null (stmt, i++, aduan_channel_to_string (complaint->channel));
  bind_text_or_null (stmt, i++, complaint->village_code);
  if (complaint->has_location)
    {
      sqlite3_bind_double (stmt, i++, complaint->latitude);
      sqlite3_bind_double (stmt, i++, complaint->longitude);
      if (complaint->accuracy_m >= 0)
        sqlite3_bind_double (stmt, i++, complaint->accuracy_m);
      else
        sqlite3_bind_null (stmt, i++);
    }
  else
    {
      sqlite3_bind_null (stmt, i++);
      sqlite3_bind_null (stmt, i++);
      sqlite3_bind_null (stmt, i++);
    }
  bind_text_or_null (stmt, i++, aduan_location_source_to_string (complaint->location_source));
  sqlite3_bind_int64 (stmt, i++, complaint->location_time);
  sqlite3_bind_int64 (stmt, i++, complaint->occurred_at);
  sqlite3_bind_int64 (stmt, i++, complaint->created_at);
  sqlite3_bind_int64 (stmt, i++, complaint->updated_at);
  bind_text_or_null (stmt, i++, complaint->officer);
  bind_text_or_null (stmt, i++, aduan_sync_state_to_string (complaint->sync_state));
  bind_text_or_null (stmt, i++, complaint->village_label);

  if (!step_done (self, stmt, N_("saving the complaint"), error))
    return FALSE;

  /* The upsert only touches a complaint still waiting to be sent. */
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_CONFLICT,
                           _("This complaint has already been sent to the hub and can no longer be changed here"));
      return FALSE;
    }

  clear_photos = prepare (self, "DELETE FROM complaint_photos WHERE complaint_uuid = ?", error);
  if (clear_photos == NULL)
    return FALSE;
  sqlite3_bind_text (clear_photos, 1, complaint->uuid, -1, SQLITE_STATIC);
  if (!step_done (self, clear_photos, N_("saving the complaint"), error))
    return FALSE;

  if (complaint->photos == NULL || complaint->photos->len == 0)
    return TRUE;

  add_photo = prepare (self, "INSERT INTO complaint_photos (complaint_uuid, position, sha256, size, content_type) "
                             "VALUES (?, ?, ?, ?, ?)", error);
  if (add_photo == NULL)
    return FALSE;

  for (guint p = 0; p < complaint->photos->len; p++)
    {
      const AduanPhotoRef *ref = g_ptr_array_index (complaint->photos, p);

      sqlite3_reset (add_photo);
      sqlite3_bind_text (add_photo, 1, complaint->uuid, -1, SQLITE_STATIC);
      sqlite3_bind_int (add_photo, 2, (int) p);
      sqlite3_bind_text (add_photo, 3, ref->sha256, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (add_photo, 4, ref->size);
      sqlite3_bind_text (add_photo, 5, ref->content_type, -1, SQLITE_STATIC);
      if (!step_done (self, add_photo, N_("saving the complaint’s photos"), error))
        return FALSE;
    }

  return TRUE;
}

/**
 * aduan_store_save:
 * @self: the store
 * @complaint: (inout): the complaint; a new one gets its UUID, tracking
 *   code and times here
 * @error: return location for a #GError
 *
 * Checks and durably saves a complaint. On any error nothing was written
 * and @complaint's identifiers are as they were: the caller can try again.
 * A complaint the hub already holds cannot be changed any more.
 *
 * Returns: %TRUE once the complaint is on disk
 */
gboolean
aduan_store_save (AduanStore      *self,
                  AduanComplaint  *complaint,
                  GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autoptr(AduanComplaint) draft = NULL;
  g_autoptr(GError) local_error = NULL;
  AduanAreaIndex *areas_to_check;

  g_return_val_if_fail (ADUAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (complaint != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->read_only)
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_READ_ONLY,
                           _("The data file is read-only: the complaint was not saved. Check that the data folder is writable"));
      return FALSE;
    }

  /* Work on a copy so a failed save leaves the caller's record untouched. */
  draft = aduan_complaint_copy (complaint);
  if (draft->anonymous)
    aduan_complaint_clear_reporter (draft);
  if (draft->uuid == NULL)
    draft->uuid = g_uuid_string_random ();
  if (draft->created_at == 0)
    draft->created_at = g_get_real_time ();
  draft->updated_at = g_get_real_time ();
  if (draft->occurred_at == 0)
    draft->occurred_at = draft->created_at;

  g_clear_pointer (&draft->village_label, g_free);
  if (draft->village_code != NULL && self->areas != NULL)
    {
      g_autoptr(AduanVillage) village = aduan_area_index_lookup (self->areas, draft->village_code, NULL);

      if (village != NULL)
        draft->village_label = aduan_village_get_label (village);
    }
  /* A village found just now needs no second look-up in the checks. */
  areas_to_check = draft->village_label != NULL ? NULL : self->areas;

  if (draft->tracking_code != NULL && !aduan_tracking_code_is_valid (draft->tracking_code))
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                           _("tracking_code: the tracking code is not valid"));
      return FALSE;
    }

  if (!aduan_complaint_validate (draft, self->catalog, areas_to_check, error))
    return FALSE;

  if (!run_cached (self, "BEGIN IMMEDIATE", N_("saving the complaint"), error))
    return FALSE;

  if (draft->tracking_code == NULL && !next_tracking_code (self, &draft->tracking_code, &local_error))
    goto fail;

  draft->sync_state = ADUAN_SYNC_STATE_WAITING;
  if (!write_complaint (self, draft, &local_error))
    goto fail;

  if (!run_cached (self, "COMMIT", N_("saving the complaint"), &local_error))
    goto fail;

  g_debug ("Saved complaint %s", draft->uuid);

  aduan_complaint_set_string (&complaint->uuid, draft->uuid);
  aduan_complaint_set_string (&complaint->tracking_code, draft->tracking_code);
  aduan_complaint_set_string (&complaint->village_label, draft->village_label);
  if (draft->anonymous)
    aduan_complaint_clear_reporter (complaint);
  complaint->created_at = draft->created_at;
  complaint->updated_at = draft->updated_at;
  complaint->occurred_at = draft->occurred_at;
  complaint->sync_state = draft->sync_state;

  g_signal_emit (self, signals[SIGNAL_COMPLAINT_SAVED], 0, draft->uuid);
  return TRUE;

fail:
  run_cached (self, "ROLLBACK", N_("saving the complaint"), NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
load_photos (AduanStore      *self,
             AduanComplaint  *complaint,
             GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT sha256, size, content_type FROM complaint_photos "
                                                "WHERE complaint_uuid = ? ORDER BY position", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, complaint->uuid, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (complaint->photos,
                     aduan_photo_ref_new ((const char *) sqlite3_column_text (stmt, 0),
                                          sqlite3_column_int64 (stmt, 1),
                                          (const char *) sqlite3_column_text (stmt, 2)));

  if (rc != SQLITE_DONE)
    {
      _aduan_store_set_error (error, self->db, rc, N_("reading the data"));
      return FALSE;
    }

  return TRUE;
}

/**
 * aduan_store_get:
 * @self: the store
 * @uuid_or_code: a complaint's UUID, or its tracking code as a person typed
 *   it (any case, with or without the dash)
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the complaint with its photos;
 *   %ADUAN_ERROR_NOT_FOUND, or %ADUAN_ERROR_INVALID_CODE for a mistyped
 *   code
 */
AduanComplaint *
aduan_store_get (AduanStore  *self,
                 const char  *uuid_or_code,
                 GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autofree char *sql = NULL;
  g_autofree char *code = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(AduanComplaint) complaint = NULL;
  gboolean by_uuid;
  int rc;

  g_return_val_if_fail (ADUAN_IS_STORE (self), NULL);
  g_return_val_if_fail (uuid_or_code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  by_uuid = g_uuid_string_is_valid (uuid_or_code);
  if (!by_uuid)
    {
      code = aduan_tracking_code_normalize (uuid_or_code, error);
      if (code == NULL)
        return NULL;
    }

  sql = g_strdup_printf ("SELECT %s FROM complaints WHERE %s = ?",
                         complaint_columns, by_uuid ? "uuid" : "tracking_code");
  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  if (by_uuid)
    {
      g_autofree char *lower = g_ascii_strdown (uuid_or_code, -1);
      sqlite3_bind_text (stmt, 1, lower, -1, SQLITE_TRANSIENT);
    }
  else
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_NOT_FOUND,
                   _("No complaint %s on this device"), by_uuid ? uuid_or_code : code);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _aduan_store_set_error (error, self->db, rc, N_("reading the data"));
      return NULL;
    }

  complaint = complaint_from_row (stmt);
  if (!load_photos (self, complaint, error))
    return NULL;

  return g_steal_pointer (&complaint);
}

/* Turns what a person typed into an FTS5 query that cannot be a syntax
 * error: each run of letters and digits becomes a quoted prefix term, and
 * all terms must match. */
static char *
fts_query_from_text (const char *text)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GString) term = g_string_new (NULL);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (term, c);
          continue;
        }

      if (term->len > 0)
        {
          if (query->len > 0)
            g_string_append_c (query, ' ');
          g_string_append_printf (query, "\"%s\"*", term->str);
          g_string_truncate (term, 0);
        }

      if (c == 0)
        break;
    }

  return query->len > 0 ? g_string_free (g_steal_pointer (&query), FALSE) : NULL;
}

/* Without search: newest first by creation time, through its index.
 * With search, full-text matches stream from the index newest-saved
 * first (by rowid), so the first page of a word found in 30 000
 * complaints reads 50 of them, not 30 000. */
static char *
build_query_sql (const char            *columns,
                 const AduanStoreQuery *query,
                 const char            *fts,
                 gboolean               ordered)
{
  GString *sql = g_string_new ("SELECT ");
  gboolean by_state = query != NULL && query->sync_state >= 0;

  g_string_append (sql, columns);
  if (fts != NULL && !ordered && !by_state)
    /* Counting needs only the index. */
    g_string_append (sql, " FROM complaints_fts WHERE complaints_fts MATCH ?1");
  else if (fts != NULL)
    g_string_append (sql, " FROM complaints_fts JOIN complaints ON complaints.rowid = complaints_fts.rowid"
                          " WHERE complaints_fts MATCH ?1");
  else
    g_string_append (sql, " FROM complaints");

  if (by_state)
    g_string_append (sql, fts != NULL ? " AND complaints.sync_state = ?2" : " WHERE complaints.sync_state = ?2");

  if (ordered)
    {
      if (fts != NULL)
        g_string_append (sql, " ORDER BY complaints_fts.rowid DESC");
      else
        g_string_append (sql, " ORDER BY complaints.created_at DESC, complaints.uuid");
      if (query != NULL && query->limit > 0)
        g_string_append (sql, " LIMIT ?3 OFFSET ?4");
    }

  return g_string_free (sql, FALSE);
}

static gboolean
update_search_index_locked (AduanStore  *self,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(sqlite3_stmt) pending = NULL;
  g_autoptr(sqlite3_stmt) index = NULL;
  g_autoptr(sqlite3_stmt) mark = NULL;
  int rc;

  /* A store nobody can write was indexed when it last could be. */
  if (self->read_only)
    return TRUE;

  pending = prepare (self,
                     "SELECT EXISTS (SELECT 1 FROM complaints WHERE rowid > "
                     "(SELECT CAST (value AS INTEGER) FROM meta WHERE key = 'fts_indexed_rowid'))",
                     error);
  if (pending == NULL)
    return FALSE;
  rc = sqlite3_step (pending);
  if (rc != SQLITE_ROW)
    {
      _aduan_store_set_error (error, self->db, rc, N_("updating the search index"));
      return FALSE;
    }
  if (sqlite3_column_int (pending, 0) == 0)
    return TRUE;
  sqlite3_reset (pending);

  if (!run_cached (self, "BEGIN IMMEDIATE", N_("updating the search index"), error))
    return FALSE;

  index = prepare (self,
                   "INSERT INTO complaints_fts (rowid, title, description, tracking_code, reporter_name, village_label) "
                   "SELECT rowid, title, description, tracking_code, reporter_name, village_label FROM complaints "
                   "WHERE rowid > (SELECT CAST (value AS INTEGER) FROM meta WHERE key = 'fts_indexed_rowid') "
                   "ORDER BY rowid",
                   &local_error);
  if (index == NULL || !step_done (self, index, N_("updating the search index"), &local_error))
    goto fail;

  mark = prepare (self,
                  "UPDATE meta SET value = (SELECT max (rowid) FROM complaints) WHERE key = 'fts_indexed_rowid'",
                  &local_error);
  if (mark == NULL || !step_done (self, mark, N_("updating the search index"), &local_error))
    goto fail;

  if (!run_cached (self, "COMMIT", N_("updating the search index"), &local_error))
    goto fail;

  return TRUE;

fail:
  run_cached (self, "ROLLBACK", N_("updating the search index"), NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * aduan_store_update_search_index:
 *
 * Adds complaints saved since the last call to the full-text index. A
 * save leaves this out to stay as cheap as one insert; searching calls it
 * first, and the app calls it when idle after a save.
 *
 * Returns: %TRUE when every complaint can be found by search
 */
gboolean
aduan_store_update_search_index (AduanStore  *self,
                                 GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);

  g_return_val_if_fail (ADUAN_IS_STORE (self), FALSE);

  return update_search_index_locked (self, error);
}

static sqlite3_stmt *
prepare_query (AduanStore            *self,
               const char            *columns,
               const AduanStoreQuery *query,
               gboolean               ordered,
               gboolean              *out_empty,
               GError               **error)
{
  g_autofree char *fts = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  *out_empty = FALSE;
  if (query != NULL && query->search != NULL)
    {
      fts = fts_query_from_text (query->search);
      if (fts == NULL && !g_utf8_validate (query->search, -1, NULL))
        {
          g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                               _("The search text is not valid UTF-8"));
          return NULL;
        }
      /* Only punctuation: nothing a word could match, so show everything. */
    }

  if (fts != NULL && !update_search_index_locked (self, error))
    return NULL;

  sql = build_query_sql (columns, query, fts, ordered);
  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  if (fts != NULL)
    sqlite3_bind_text (stmt, 1, fts, -1, SQLITE_TRANSIENT);
  if (query != NULL && query->sync_state >= 0)
    {
      if ((guint) query->sync_state >= ADUAN_SYNC_STATE_N)
        {
          *out_empty = TRUE;
          release_statement (stmt);
          return NULL;
        }
      sqlite3_bind_text (stmt, 2, aduan_sync_state_to_string (query->sync_state), -1, SQLITE_STATIC);
    }
  if (ordered && query != NULL && query->limit > 0)
    {
      sqlite3_bind_int64 (stmt, 3, query->limit);
      sqlite3_bind_int64 (stmt, 4, query->offset);
    }

  return stmt;
}

/**
 * aduan_store_list:
 * @self: the store
 * @query: (nullable): what to list; %NULL for everything
 * @error: return location for a #GError
 *
 * Lists complaints, newest first, without their photos.
 *
 * Returns: (transfer full) (element-type AduanComplaint): the complaints
 */
GPtrArray *
aduan_store_list (AduanStore            *self,
                  const AduanStoreQuery *query,
                  GError               **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) aduan_complaint_free);
  gboolean empty;
  int rc;

  g_return_val_if_fail (ADUAN_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = prepare_query (self, qualified_columns (), query, TRUE, &empty, error);
  if (stmt == NULL)
    return empty ? g_steal_pointer (&result) : NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (result, complaint_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      _aduan_store_set_error (error, self->db, rc, N_("reading the data"));
      return NULL;
    }

  return g_steal_pointer (&result);
}

/**
 * aduan_store_list_uuids:
 *
 * Like aduan_store_list(), but only the UUIDs: cheap enough for 100 000.
 *
 * Returns: (transfer full) (element-type utf8): the UUIDs, newest first
 */
GPtrArray *
aduan_store_list_uuids (AduanStore            *self,
                        const AduanStoreQuery *query,
                        GError               **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_free);
  gboolean empty;
  int rc;

  g_return_val_if_fail (ADUAN_IS_STORE (self), NULL);

  stmt = prepare_query (self, "complaints.uuid", query, TRUE, &empty, error);
  if (stmt == NULL)
    return empty ? g_steal_pointer (&result) : NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (result, column_strdup (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      _aduan_store_set_error (error, self->db, rc, N_("reading the data"));
      return NULL;
    }

  return g_steal_pointer (&result);
}

/**
 * aduan_store_count:
 *
 * Returns: how many complaints @query matches, or -1 on error
 */
gint64
aduan_store_count (AduanStore            *self,
                   const AduanStoreQuery *query,
                   GError               **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean empty;
  int rc;

  g_return_val_if_fail (ADUAN_IS_STORE (self), -1);

  stmt = prepare_query (self, "count(*)", query, FALSE, &empty, error);
  if (stmt == NULL)
    return empty ? 0 : -1;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _aduan_store_set_error (error, self->db, rc, N_("reading the data"));
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

/**
 * aduan_store_set_sync_state:
 *
 * Records where a complaint stands on its way to the hub.
 */
gboolean
aduan_store_set_sync_state (AduanStore      *self,
                            const char      *uuid,
                            AduanSyncState   state,
                            GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ADUAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);
  g_return_val_if_fail ((guint) state < ADUAN_SYNC_STATE_N, FALSE);

  stmt = prepare (self, "UPDATE complaints SET sync_state = ?, updated_at = ? WHERE uuid = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, aduan_sync_state_to_string (state), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  sqlite3_bind_text (stmt, 3, uuid, -1, SQLITE_STATIC);
  if (!step_done (self, stmt, N_("saving the sync state"), error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_NOT_FOUND, _("No complaint %s on this device"), uuid);
      return FALSE;
    }

  g_signal_emit (self, signals[SIGNAL_COMPLAINT_SAVED], 0, uuid);
  return TRUE;
}

/**
 * aduan_store_save_draft:
 * @form_id: which form the draft belongs to, e.g. `officer`
 * @json: what the form holds, as JSON text
 *
 * Keeps what a person is typing, so it survives the app being killed.
 */
gboolean
aduan_store_save_draft (AduanStore  *self,
                        const char  *form_id,
                        const char  *json,
                        GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ADUAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (form_id != NULL && json != NULL, FALSE);

  if (self->read_only)
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_READ_ONLY,
                           _("The data file is read-only: the draft was not saved"));
      return FALSE;
    }

  if (!g_utf8_validate (json, -1, NULL))
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                           _("The draft is not valid UTF-8 text"));
      return FALSE;
    }

  stmt = prepare (self, "INSERT INTO drafts (form_id, json, updated_at) VALUES (?, ?, ?) "
                        "ON CONFLICT (form_id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, form_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, json, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());

  return step_done (self, stmt, N_("saving the draft"), error);
}

/**
 * aduan_store_load_draft:
 *
 * Returns: (transfer full) (nullable): the draft's JSON text, or %NULL
 *   with no error set when there is none
 */
char *
aduan_store_load_draft (AduanStore  *self,
                        const char  *form_id,
                        GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ADUAN_IS_STORE (self), NULL);
  g_return_val_if_fail (form_id != NULL, NULL);

  stmt = prepare (self, "SELECT json FROM drafts WHERE form_id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, form_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return column_strdup (stmt, 0);
  if (rc != SQLITE_DONE)
    _aduan_store_set_error (error, self->db, rc, N_("reading the draft"));

  return NULL;
}

gboolean
aduan_store_delete_draft (AduanStore  *self,
                          const char  *form_id,
                          GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ADUAN_IS_STORE (self), FALSE);
  g_return_val_if_fail (form_id != NULL, FALSE);

  stmt = prepare (self, "DELETE FROM drafts WHERE form_id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, form_id, -1, SQLITE_STATIC);
  return step_done (self, stmt, N_("deleting the draft"), error);
}
