/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "aduan-error.h"
#include "aduan-outbox-private.h"
#include "aduan-store-private.h"

/*
 * The outbox: complaints on their way to the hub, in the device store
 * (schemas 4 and 6, see aduan-store-migrations.c). A saved complaint
 * waits in the complaints table; it enters the outbox when the outbox is
 * first read after its save (enqueue_saved_locked()), and leaves
 * it in the transaction that marks it sent. The SQL lives here, on the store's
 * connection, under the store's lock.
 *
 * Only the step that locks a complaint for sending (waiting → sending)
 * is written with synchronous=FULL, because from then on the hub may hold
 * it and it must not change. Every other step here may be lost to a power
 * cut without harm: an upload URL that was not kept costs a new upload, a
 * lost "sent" mark a second, idempotent PUT.
 */

G_DEFINE_BOXED_TYPE (AduanOutboxItem, aduan_outbox_item, aduan_outbox_item_copy, aduan_outbox_item_free)

typedef AduanStore StoreLock;

static StoreLock *
store_lock (AduanStore *store)
{
  _aduan_store_lock (store);
  return store;
}

static void
store_unlock (StoreLock *store)
{
  _aduan_store_unlock (store);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StoreLock, store_unlock)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

AduanOutboxItem *
aduan_outbox_item_copy (const AduanOutboxItem *item)
{
  AduanOutboxItem *copy = g_new (AduanOutboxItem, 1);

  *copy = *item;
  copy->complaint_uuid = g_strdup (item->complaint_uuid);
  copy->tracking_code = g_strdup (item->tracking_code);
  copy->last_error = g_strdup (item->last_error);

  return copy;
}

void
aduan_outbox_item_free (AduanOutboxItem *item)
{
  if (item == NULL)
    return;

  g_free (item->complaint_uuid);
  g_free (item->tracking_code);
  g_free (item->last_error);
  g_free (item);
}

void
_aduan_outbox_photo_free (AduanOutboxPhoto *photo)
{
  if (photo == NULL)
    return;

  g_free (photo->sha256);
  g_free (photo->content_type);
  g_free (photo->upload_url);
  g_free (photo);
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _aduan_store_set_error (error, db, rc, N_("reading the outbox"));
      sqlite3_finalize (stmt);
      return NULL;
    }

  return stmt;
}

static gboolean
step_done (sqlite3       *db,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _aduan_store_set_error (error, db, rc, N_("updating the outbox"));
      return FALSE;
    }

  return TRUE;
}

/* Runs one statement with text parameters (NULL binds NULL). */
static gboolean
run (sqlite3     *db,
     GError     **error,
     const char  *sql,
     guint        n_params,
     ...)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, sql, error);
  va_list args;

  if (stmt == NULL)
    return FALSE;

  va_start (args, n_params);
  for (guint i = 0; i < n_params; i++)
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        sqlite3_bind_text (stmt, (int) i + 1, value, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_null (stmt, (int) i + 1);
    }
  va_end (args);

  return step_done (db, stmt, error);
}

/* A transaction. @durable: commit with synchronous=FULL, else NORMAL,
 * which in WAL mode skips the fsync and may lose the last commits to a
 * power cut, never the database's consistency. */
static gboolean
begin (sqlite3   *db,
       gboolean   durable,
       GError   **error)
{
  if (!durable && !_aduan_store_exec (db, "PRAGMA synchronous = NORMAL", error))
    return FALSE;

  if (!_aduan_store_exec (db, "BEGIN IMMEDIATE", error))
    {
      _aduan_store_exec (db, "PRAGMA synchronous = FULL", NULL);
      return FALSE;
    }

  return TRUE;
}

static gboolean
commit (sqlite3   *db,
        GError   **error)
{
  gboolean ok = _aduan_store_exec (db, "COMMIT", error);

  if (!ok)
    _aduan_store_exec (db, "ROLLBACK", NULL);

  /* Saves need FULL: restore it whatever happened. */
  _aduan_store_exec (db, "PRAGMA synchronous = FULL", NULL);
  return ok;
}

static void
rollback (sqlite3 *db)
{
  _aduan_store_exec (db, "ROLLBACK", NULL);
  _aduan_store_exec (db, "PRAGMA synchronous = FULL", NULL);
}

static char *
column_strdup (sqlite3_stmt *stmt,
               int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup (text) : NULL;
}

/**
 * _aduan_outbox_get_meta:
 * @key: one of the ADUAN_SYNC_META_ keys
 *
 * Returns: (transfer full) (nullable): the value, %NULL (no error) if none
 */
char *
_aduan_outbox_get_meta (AduanStore  *store,
                        const char  *key,
                        GError     **error)
{
  g_autoptr(StoreLock) locker = store_lock (store);
  sqlite3 *db = _aduan_store_get_db (store);
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "SELECT value FROM sync_meta WHERE key = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return column_strdup (stmt, 0);
  if (rc != SQLITE_DONE)
    _aduan_store_set_error (error, db, rc, N_("reading the sync settings"));

  return NULL;
}

gint64
_aduan_outbox_get_meta_int (AduanStore *store,
                            const char *key)
{
  g_autofree char *value = _aduan_outbox_get_meta (store, key, NULL);

  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

/**
 * _aduan_outbox_set_meta:
 * @value: (nullable): the new value; %NULL removes the key
 */
gboolean
_aduan_outbox_set_meta (AduanStore  *store,
                        const char  *key,
                        const char  *value,
                        GError     **error)
{
  g_autoptr(StoreLock) locker = store_lock (store);
  sqlite3 *db = _aduan_store_get_db (store);

  if (value == NULL)
    return run (db, error, "DELETE FROM sync_meta WHERE key = ?", 1, key);

  return run (db, error,
              "INSERT INTO sync_meta (key, value) VALUES (?, ?) "
              "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
              2, key, value);
}

gboolean
_aduan_outbox_set_meta_int (AduanStore  *store,
                            const char  *key,
                            gint64       value,
                            GError     **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  return _aduan_outbox_set_meta (store, key, text, error);
}

/* Complaints above this rowid have been looked at for the outbox. */
#define ENQUEUED_MARK \
  "coalesce ((SELECT CAST (value AS INTEGER) FROM meta WHERE key = 'outbox_enqueued_rowid'), 0)"

/* Gives every complaint saved since the last call its outbox row. A save
 * writes only the complaint, as waiting (schema 6): that is what makes it
 * durable and queued. The outbox row, which only tracks the progress of
 * sending it, is made here, in a short transaction of its own, by whoever
 * first reads the outbox; every reader in this file calls this first, so
 * nothing saved is missed, even when the process that saved it was killed
 * before it could sync. The caller holds the store's lock. */
static gboolean
enqueue_saved_locked (AduanStore  *store,
                      GError     **error)
{
  sqlite3 *db = _aduan_store_get_db (store);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(sqlite3_stmt) pending = NULL;
  gboolean own_transaction;
  int rc;

  /* Nobody can send from a store nobody can write. */
  if (aduan_store_is_read_only (store))
    return TRUE;

  /* Mostly there is nothing new: then this read is all it costs. */
  pending = prepare (db, "SELECT EXISTS (SELECT 1 FROM complaints WHERE rowid > " ENQUEUED_MARK ")", error);
  if (pending == NULL)
    return FALSE;
  rc = sqlite3_step (pending);
  if (rc != SQLITE_ROW)
    {
      _aduan_store_set_error (error, db, rc, N_("reading the outbox"));
      return FALSE;
    }
  if (sqlite3_column_int (pending, 0) == 0)
    return TRUE;
  g_clear_pointer (&pending, sqlite3_finalize);

  /* Not durable: the complaint is, as waiting; a queue entry and mark
   * lost to a power cut are lost together and made again next time. */
  own_transaction = sqlite3_get_autocommit (db) != 0;
  if (own_transaction && !begin (db, FALSE, error))
    return FALSE;

  if (!run (db, &local_error,
            "INSERT OR IGNORE INTO outbox (complaint_uuid, queued_at) "
            "SELECT uuid, updated_at FROM complaints WHERE rowid > " ENQUEUED_MARK " "
            "AND sync_state IN ('waiting', 'sending')",
            0) ||
      !run (db, &local_error,
            "INSERT OR REPLACE INTO meta (key, value) "
            "SELECT 'outbox_enqueued_rowid', coalesce (max (rowid), 0) FROM complaints",
            0))
    {
      if (own_transaction)
        rollback (db);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return !own_transaction || commit (db, error);
}

/**
 * _aduan_outbox_list_due:
 * @now: the real time now
 * @due_only: leave out complaints whose next attempt is still to come
 *
 * Returns: (transfer full) (element-type utf8): the UUIDs of the
 *   complaints to send, oldest first; refused ones are left out
 */
GPtrArray *
_aduan_outbox_list_due (AduanStore  *store,
                        gint64       now,
                        gboolean     due_only,
                        GError     **error)
{
  g_autoptr(StoreLock) locker = store_lock (store);
  sqlite3 *db = _aduan_store_get_db (store);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!enqueue_saved_locked (store, error))
    return NULL;

  stmt = prepare (db,
                  "SELECT o.complaint_uuid FROM outbox o JOIN complaints c ON c.uuid = o.complaint_uuid "
                  "WHERE c.sync_state IN ('waiting', 'sending') AND (?1 = 0 OR o.next_attempt_at <= ?2) "
                  "ORDER BY o.queued_at, o.complaint_uuid",
                  error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int (stmt, 1, due_only);
  sqlite3_bind_int64 (stmt, 2, now);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (uuids, column_strdup (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      _aduan_store_set_error (error, db, rc, N_("reading the outbox"));
      return NULL;
    }

  return g_steal_pointer (&uuids);
}

static GPtrArray *
load_photos (sqlite3     *db,
             const char  *uuid,
             GError     **error)
{
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func ((GDestroyNotify) _aduan_outbox_photo_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (db,
                  "SELECT sha256, size, content_type, upload_url, bytes_sent, done FROM outbox_photos "
                  "WHERE complaint_uuid = ? ORDER BY position",
                  error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AduanOutboxPhoto *photo = g_new0 (AduanOutboxPhoto, 1);

      photo->sha256 = column_strdup (stmt, 0);
      photo->size = sqlite3_column_int64 (stmt, 1);
      photo->content_type = column_strdup (stmt, 2);
      photo->upload_url = column_strdup (stmt, 3);
      photo->bytes_sent = sqlite3_column_int64 (stmt, 4);
      photo->done = sqlite3_column_int (stmt, 5) != 0;
      g_ptr_array_add (photos, photo);
    }

  if (rc != SQLITE_DONE)
    {
      _aduan_store_set_error (error, db, rc, N_("reading the outbox"));
      return NULL;
    }

  return g_steal_pointer (&photos);
}

/**
 * _aduan_outbox_lock_for_sending:
 * @uuids: complaints about to be sent, in this pass
 *
 * Locks waiting complaints against changes (state `sending`), several in
 * one durable commit: each lock must be on disk before that complaint's
 * JSON can leave (a complaint changed after the hub got it would be a
 * conflict), and one fsync per batch costs far less than one per
 * complaint. _aduan_outbox_begin_sending() then finds them locked.
 */
gboolean
_aduan_outbox_lock_for_sending (AduanStore          *store,
                                const char * const *uuids,
                                guint               n_uuids,
                                GError            **error)
{
  g_autoptr(StoreLock) locker = store_lock (store);
  sqlite3 *db = _aduan_store_get_db (store);
  g_autoptr(GError) local_error = NULL;

  if (n_uuids == 0)
    return TRUE;

  if (!enqueue_saved_locked (store, error) ||
      !begin (db, TRUE, error))
    return FALSE;

  for (guint i = 0; i < n_uuids; i++)
    if (!run (db, &local_error,
              "UPDATE complaints SET sync_state = 'sending' WHERE uuid = ? AND sync_state = 'waiting' "
              "AND uuid IN (SELECT complaint_uuid FROM outbox)",
              1, uuids[i]))
      {
        rollback (db);
        g_propagate_error (error, g_steal_pointer (&local_error));
        return FALSE;
      }

  return commit (db, error);
}

/**
 * _aduan_outbox_begin_sending:
 * @uuid: a complaint in the outbox
 * @out_complaint: (out) (transfer full) (nullable): the complaint, or
 *   %NULL when it no longer needs sending
 * @out_photos: (out) (transfer full) (element-type AduanOutboxPhoto):
 *   its photos and their uploads
 *
 * Locks a complaint for sending: from now on it cannot be changed on this
 * device, since the hub may hold it. Durable before anything is sent.
 */
gboolean
_aduan_outbox_begin_sending (AduanStore      *store,
                             const char      *uuid,
                             AduanComplaint **out_complaint,
                             GPtrArray      **out_photos,
                             GError         **error)
{
  g_autoptr(StoreLock) locker = store_lock (store);
  sqlite3 *db = _aduan_store_get_db (store);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(AduanComplaint) complaint = NULL;
  g_autoptr(sqlite3_stmt) state = NULL;
  g_autofree char *sync_state = NULL;
  gboolean waiting;
  int rc;

  *out_complaint = NULL;
  *out_photos = NULL;

  if (!enqueue_saved_locked (store, error))
    return FALSE;

  state = prepare (db, "SELECT c.sync_state FROM complaints c JOIN outbox o ON o.complaint_uuid = c.uuid "
                       "WHERE c.uuid = ?", error);
  if (state == NULL)
    return FALSE;
  sqlite3_bind_text (state, 1, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (state);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      _aduan_store_set_error (error, db, rc, N_("reading the outbox"));
      return FALSE;
    }
  sync_state = column_strdup (state, 0);
  g_clear_pointer (&state, sqlite3_finalize);

  waiting = g_strcmp0 (sync_state, "waiting") == 0;
  if (!waiting && g_strcmp0 (sync_state, "sending") != 0)
    return TRUE;

  if (!begin (db, waiting, error))
    return FALSE;

  if ((waiting &&
       !run (db, &local_error, "UPDATE complaints SET sync_state = 'sending' WHERE uuid = ?", 1, uuid)) ||
      !run (db, &local_error,
            "INSERT OR IGNORE INTO outbox_photos (complaint_uuid, sha256, position, size, content_type) "
            "SELECT complaint_uuid, sha256, position, size, content_type FROM complaint_photos "
            "WHERE complaint_uuid = ?",
            1, uuid))
    {
      rollback (db);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!commit (db, error))
    return FALSE;

  complaint = aduan_store_get (store, uuid, error);
  if (complaint == NULL)
    return FALSE;

  *out_photos = load_photos (db, uuid, error);
  if (*out_photos == NULL)
    return FALSE;

  *out_complaint = g_steal_pointer (&complaint);
  return TRUE;
}

/**
 * _aduan_outbox_mark_json_sent:
 * @missing_photos: (nullable) (element-type utf8): the SHA-256 of the
 *   photos the hub said it lacks; the others it holds
 */
gboolean
_aduan_outbox_mark_json_sent (AduanStore  *store,
                              const char  *uuid,
                              GPtrArray   *missing_photos,
                              GError     **error)
{
  g_autoptr(StoreLock) locker = store_lock (store);
  sqlite3 *db = _aduan_store_get_db (store);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) photos = NULL;

  if (!begin (db, FALSE, error))
    return FALSE;

  if (!run (db, &local_error, "UPDATE outbox SET json_sent = 1 WHERE complaint_uuid = ?", 1, uuid))
    goto fail;

  if (missing_photos != NULL)
    {
      photos = load_photos (db, uuid, &local_error);
      if (photos == NULL)
        goto fail;

      for (guint i = 0; i < photos->len; i++)
        {
          AduanOutboxPhoto *photo = g_ptr_array_index (photos, i);

          if (photo->done ||
              g_ptr_array_find_with_equal_func (missing_photos, photo->sha256, g_str_equal, NULL))
            continue;

          if (!run (db, &local_error,
                    "UPDATE outbox_photos SET done = 1 WHERE complaint_uuid = ? AND sha256 = ?",
                    2, uuid, photo->sha256))
            goto fail;
        }
    }

  return commit (db, error);

fail:
  rollback (db);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * _aduan_outbox_save_upload:
 * @upload_url: (nullable): the photo's tus upload, %NULL to start anew
 * @bytes_sent: what the hub held of it when last asked
 */
gboolean
_aduan_outbox_save_upload (AduanStore  *store,
                           const char  *uuid,
                           const char  *sha256,
                           const char  *upload_url,
                           gint64       bytes_sent,
                           GError     **error)
{
  g_autoptr(StoreLock) locker = store_lock (store);
  sqlite3 *db = _aduan_store_get_db (store);
  g_autofree char *bytes = g_strdup_printf ("%" G_GINT64_FORMAT, bytes_sent);
  gboolean ok;

  if (!_aduan_store_exec (db, "PRAGMA synchronous = NORMAL", error))
    return FALSE;

  ok = run (db, error,
            "UPDATE outbox_photos SET upload_url = ?, bytes_sent = CAST (? AS INTEGER) "
            "WHERE complaint_uuid = ? AND sha256 = ?",
            4, upload_url, bytes, uuid, sha256);

  _aduan_store_exec (db, "PRAGMA synchronous = FULL", NULL);
  return ok;
}

gboolean
_aduan_outbox_mark_photo_done (AduanStore  *store,
                               const char  *uuid,
                               const char  *sha256,
                               GError     **error)
{
  g_autoptr(StoreLock) locker = store_lock (store);
  sqlite3 *db = _aduan_store_get_db (store);
  gboolean ok;

  if (!_aduan_store_exec (db, "PRAGMA synchronous = NORMAL", error))
    return FALSE;

  ok = run (db, error,
            "UPDATE outbox_photos SET done = 1, bytes_sent = size, upload_url = NULL "
            "WHERE complaint_uuid = ? AND sha256 = ?",
            2, uuid, sha256);

  _aduan_store_exec (db, "PRAGMA synchronous = FULL", NULL);
  return ok;
}

/**
 * _aduan_outbox_mark_sent:
 *
 * The hub holds the complaint and all its photos: it leaves the outbox.
 */
gboolean
_aduan_outbox_mark_sent (AduanStore  *store,
                         const char  *uuid,
                         GError     **error)
{
  g_autoptr(StoreLock) locker = store_lock (store);
  sqlite3 *db = _aduan_store_get_db (store);
  g_autoptr(GError) local_error = NULL;

  if (!begin (db, FALSE, error))
    return FALSE;

  if (!run (db, &local_error, "UPDATE complaints SET sync_state = 'sent' WHERE uuid = ?", 1, uuid) ||
      !run (db, &local_error, "DELETE FROM outbox WHERE complaint_uuid = ?", 1, uuid))
    {
      rollback (db);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return commit (db, error);
}

static gboolean
record_attempt (AduanStore  *store,
                const char  *uuid,
                gboolean     failed,
                guint        http_status,
                const char  *message,
                gint64       next_attempt_at,
                guint       *out_attempts,
                GError     **error)
{
  g_autoptr(StoreLock) locker = store_lock (store);
  sqlite3 *db = _aduan_store_get_db (store);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!enqueue_saved_locked (store, error) ||
      !begin (db, failed, error))
    return FALSE;

  if (failed && !run (db, &local_error, "UPDATE complaints SET sync_state = 'failed' WHERE uuid = ?", 1, uuid))
    goto fail;

  stmt = prepare (db,
                  "UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?, next_attempt_at = ?, "
                  "last_error = ?, last_http_status = ? WHERE complaint_uuid = ? RETURNING attempts",
                  &local_error);
  if (stmt == NULL)
    goto fail;

  sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
  sqlite3_bind_int64 (stmt, 2, next_attempt_at);
  sqlite3_bind_text (stmt, 3, message, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, (int) http_status);
  sqlite3_bind_text (stmt, 5, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (out_attempts != NULL)
        *out_attempts = (guint) sqlite3_column_int (stmt, 0);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _aduan_store_set_error (&local_error, db, rc, N_("updating the outbox"));
      goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  return commit (db, error);

fail:
  g_clear_pointer (&stmt, sqlite3_finalize);
  rollback (db);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * _aduan_outbox_mark_failed:
 * @message: why, for a person
 *
 * The hub refused the complaint for good: it stays on the device, marked
 * failed, until someone acts on @message and retries it.
 */
gboolean
_aduan_outbox_mark_failed (AduanStore  *store,
                           const char  *uuid,
                           guint        http_status,
                           const char  *message,
                           GError     **error)
{
  return record_attempt (store, uuid, TRUE, http_status, message, 0, NULL, error);
}

/**
 * _aduan_outbox_schedule_retry:
 * @next_attempt_at: not before this (real time, microseconds)
 * @out_attempts: (out) (optional): how many attempts failed, this one too
 */
gboolean
_aduan_outbox_schedule_retry (AduanStore  *store,
                              const char  *uuid,
                              guint        http_status,
                              const char  *message,
                              gint64       next_attempt_at,
                              guint       *out_attempts,
                              GError     **error)
{
  return record_attempt (store, uuid, FALSE, http_status, message, next_attempt_at, out_attempts, error);
}

/**
 * _aduan_outbox_forget_uploads:
 *
 * After enrolling with another hub: whatever the old one held of the
 * complaints still to send, the new one must get all of it.
 */
gboolean
_aduan_outbox_forget_uploads (AduanStore  *store,
                              GError     **error)
{
  g_autoptr(StoreLock) locker = store_lock (store);
  sqlite3 *db = _aduan_store_get_db (store);
  g_autoptr(GError) local_error = NULL;

  if (!begin (db, TRUE, error))
    return FALSE;

  if (!run (db, &local_error, "UPDATE outbox SET json_sent = 0, next_attempt_at = 0", 0) ||
      !run (db, &local_error, "UPDATE outbox_photos SET done = 0, upload_url = NULL, bytes_sent = 0", 0))
    {
      rollback (db);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return commit (db, error);
}

/**
 * _aduan_outbox_store_changes:
 * @hub_url: the hub the events came from
 * @events: (element-type AduanStatusEvent): one page of its change feed
 * @next_cursor: the cursor after them
 * @out_uuids: (out) (transfer full) (element-type utf8): the complaints
 *   that had news
 *
 * Stores a page of the change feed and its cursor in one transaction, so
 * a page is never half kept nor asked for twice.
 */
gboolean
_aduan_outbox_store_changes (AduanStore  *store,
                             const char  *hub_url,
                             GPtrArray   *events,
                             const char  *next_cursor,
                             GPtrArray  **out_uuids,
                             GError     **error)
{
  g_autoptr(StoreLock) locker = store_lock (store);
  sqlite3 *db = _aduan_store_get_db (store);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  gint64 now = g_get_real_time ();

  if (!begin (db, FALSE, error))
    return FALSE;

  insert = prepare (db,
                    "INSERT OR IGNORE INTO status_events (hub_url, sequence, complaint_uuid, tracking_code, kind, "
                    "status, agency_code, actor, at, message, reject_reason, duplicate_of, due_at, received_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    &local_error);
  if (insert == NULL)
    goto fail;

  for (guint i = 0; i < events->len; i++)
    {
      const AduanStatusEvent *event = g_ptr_array_index (events, i);
      int n = 1;

      sqlite3_reset (insert);
      sqlite3_bind_text (insert, n++, hub_url, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, n++, event->sequence);
      sqlite3_bind_text (insert, n++, event->complaint_uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, n++, event->tracking_code != NULL ? event->tracking_code : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, n++, aduan_status_event_kind_to_string (event->kind), -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, n++, aduan_complaint_status_to_string (event->status), -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, n++, event->agency_code, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, n++, event->actor, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, n++, event->at);
      sqlite3_bind_text (insert, n++, event->message, -1, SQLITE_STATIC);
      if (event->reject_reason != ADUAN_REJECT_REASON_NONE)
        sqlite3_bind_text (insert, n++, aduan_reject_reason_to_string (event->reject_reason), -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (insert, n++);
      sqlite3_bind_text (insert, n++, event->duplicate_of, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, n++, event->due_at);
      sqlite3_bind_int64 (insert, n++, now);
      if (!step_done (db, insert, &local_error))
        goto fail;

      if (sqlite3_changes (db) > 0 &&
          !g_ptr_array_find_with_equal_func (uuids, event->complaint_uuid, g_str_equal, NULL))
        g_ptr_array_add (uuids, g_strdup (event->complaint_uuid));
    }
  g_clear_pointer (&insert, sqlite3_finalize);

  if (!run (db, &local_error,
            "INSERT INTO sync_meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            2, ADUAN_SYNC_META_CURSOR, next_cursor))
    goto fail;

  if (!commit (db, error))
    return FALSE;

  if (out_uuids != NULL)
    *out_uuids = g_steal_pointer (&uuids);
  return TRUE;

fail:
  g_clear_pointer (&insert, sqlite3_finalize);
  rollback (db);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * _aduan_outbox_photo_path:
 *
 * Returns: (transfer full): where the photo pipeline keeps a photo:
 *   `<data_dir>/photos/<sha256>.jpg`
 */
char *
_aduan_outbox_photo_path (AduanStore *store,
                          const char *sha256)
{
  g_autofree char *name = g_strconcat (sha256, ".jpg", NULL);

  return g_build_filename (aduan_store_get_data_dir (store), "photos", name, NULL);
}

static const char item_columns[] =
  "o.complaint_uuid, c.tracking_code, c.sync_state, o.json_sent, "
  "(SELECT count (*) FROM complaint_photos p WHERE p.complaint_uuid = o.complaint_uuid), "
  "(SELECT count (*) FROM outbox_photos q WHERE q.complaint_uuid = o.complaint_uuid AND q.done), "
  "(SELECT coalesce (sum (p.size), 0) FROM complaint_photos p WHERE p.complaint_uuid = o.complaint_uuid), "
  "(SELECT coalesce (sum (CASE WHEN q.done THEN q.size ELSE q.bytes_sent END), 0) FROM outbox_photos q "
  "  WHERE q.complaint_uuid = o.complaint_uuid), "
  "o.attempts, o.queued_at, o.last_attempt_at, o.next_attempt_at, o.last_error, o.last_http_status";

static AduanOutboxItem *
item_from_row (sqlite3_stmt *stmt)
{
  AduanOutboxItem *item = g_new0 (AduanOutboxItem, 1);
  int i = 0;

  item->complaint_uuid = column_strdup (stmt, i++);
  item->tracking_code = column_strdup (stmt, i++);
  if (!aduan_sync_state_from_string ((const char *) sqlite3_column_text (stmt, i++), &item->sync_state))
    item->sync_state = ADUAN_SYNC_STATE_WAITING;
  item->json_sent = sqlite3_column_int (stmt, i++) != 0;
  item->n_photos = (guint) sqlite3_column_int (stmt, i++);
  item->n_photos_sent = (guint) sqlite3_column_int (stmt, i++);
  item->bytes_total = sqlite3_column_int64 (stmt, i++);
  item->bytes_sent = sqlite3_column_int64 (stmt, i++);
  item->attempts = (guint) sqlite3_column_int (stmt, i++);
  item->queued_at = sqlite3_column_int64 (stmt, i++);
  item->last_attempt_at = sqlite3_column_int64 (stmt, i++);
  item->next_attempt_at = sqlite3_column_int64 (stmt, i++);
  item->last_error = column_strdup (stmt, i++);
  item->last_http_status = (guint) sqlite3_column_int (stmt, i++);

  return item;
}

/**
 * aduan_outbox_list:
 * @store: the device store
 * @error: return location for a #GError
 *
 * Lists the complaints that have not reached the hub yet: waiting,
 * being sent, or refused by the hub (%ADUAN_SYNC_STATE_FAILED), oldest
 * first.
 *
 * Returns: (transfer full) (element-type AduanOutboxItem): the items
 */
GPtrArray *
aduan_outbox_list (AduanStore  *store,
                   GError     **error)
{
  g_autoptr(StoreLock) locker = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (ADUAN_IS_STORE (store), NULL);

  locker = store_lock (store);
  db = _aduan_store_get_db (store);
  if (!enqueue_saved_locked (store, error))
    return NULL;
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) aduan_outbox_item_free);
  sql = g_strdup_printf ("SELECT %s FROM outbox o JOIN complaints c ON c.uuid = o.complaint_uuid "
                         "ORDER BY o.queued_at, o.complaint_uuid", item_columns);
  stmt = prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, item_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      _aduan_store_set_error (error, db, rc, N_("reading the outbox"));
      return NULL;
    }

  return g_steal_pointer (&items);
}

/**
 * aduan_outbox_get:
 * @store: the device store
 * @uuid: a complaint
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): where the complaint stands on its
 *   way, or %NULL with %ADUAN_ERROR_NOT_FOUND when it is not in the outbox
 *   (the hub holds it, or there is no such complaint)
 */
AduanOutboxItem *
aduan_outbox_get (AduanStore  *store,
                  const char  *uuid,
                  GError     **error)
{
  g_autoptr(StoreLock) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (ADUAN_IS_STORE (store), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  locker = store_lock (store);
  db = _aduan_store_get_db (store);
  if (!enqueue_saved_locked (store, error))
    return NULL;
  sql = g_strdup_printf ("SELECT %s FROM outbox o JOIN complaints c ON c.uuid = o.complaint_uuid "
                         "WHERE o.complaint_uuid = ?", item_columns);
  stmt = prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return item_from_row (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_NOT_FOUND, _("Complaint %s is not waiting to be sent"), uuid);
  else
    _aduan_store_set_error (error, db, rc, N_("reading the outbox"));

  return NULL;
}

/**
 * aduan_outbox_count:
 * @out_waiting: (out) (optional): complaints still to send
 * @out_failed: (out) (optional): complaints the hub refused
 *
 * Returns: %TRUE on success
 */
gboolean
aduan_outbox_count (AduanStore  *store,
                    guint       *out_waiting,
                    guint       *out_failed,
                    GError     **error)
{
  g_autoptr(StoreLock) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (ADUAN_IS_STORE (store), FALSE);

  locker = store_lock (store);
  db = _aduan_store_get_db (store);
  if (!enqueue_saved_locked (store, error))
    return FALSE;
  stmt = prepare (db,
                  "SELECT coalesce (sum (c.sync_state != 'failed'), 0), coalesce (sum (c.sync_state = 'failed'), 0) "
                  "FROM outbox o JOIN complaints c ON c.uuid = o.complaint_uuid",
                  error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _aduan_store_set_error (error, db, rc, N_("reading the outbox"));
      return FALSE;
    }

  if (out_waiting != NULL)
    *out_waiting = (guint) sqlite3_column_int (stmt, 0);
  if (out_failed != NULL)
    *out_failed = (guint) sqlite3_column_int (stmt, 1);

  return TRUE;
}

/**
 * aduan_outbox_retry:
 * @store: the device store
 * @uuid: a complaint the hub refused, or one waiting for its next attempt
 * @error: return location for a #GError
 *
 * Puts a complaint back in line to be sent at the next sync, after the
 * reason it was refused was dealt with (on the hub, usually).
 *
 * Returns: %TRUE on success; %ADUAN_ERROR_NOT_FOUND if it is not in the
 *   outbox
 */
gboolean
aduan_outbox_retry (AduanStore  *store,
                    const char  *uuid,
                    GError     **error)
{
  g_autoptr(StoreLock) locker = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3 *db;

  g_return_val_if_fail (ADUAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  locker = store_lock (store);
  db = _aduan_store_get_db (store);

  if (!enqueue_saved_locked (store, error))
    return FALSE;

  if (!begin (db, TRUE, error))
    return FALSE;

  /* A refused complaint may be partly on the hub: it stays locked. */
  if (!run (db, &local_error,
            "UPDATE complaints SET sync_state = 'sending' WHERE uuid = ? AND sync_state = 'failed'", 1, uuid) ||
      !run (db, &local_error,
            "UPDATE outbox SET attempts = 0, next_attempt_at = 0, last_error = NULL, last_http_status = 0 "
            "WHERE complaint_uuid = ?", 1, uuid))
    {
      rollback (db);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (sqlite3_changes (db) == 0)
    {
      rollback (db);
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_NOT_FOUND, _("Complaint %s is not waiting to be sent"), uuid);
      return FALSE;
    }

  return commit (db, error);
}

/**
 * aduan_outbox_list_status_events:
 * @store: the device store
 * @uuid: a complaint
 * @error: return location for a #GError
 *
 * The complaint's history at the hub, as far as the change feed brought
 * it to this device.
 *
 * Returns: (transfer full) (element-type AduanStatusEvent): the events,
 *   oldest first
 */
GPtrArray *
aduan_outbox_list_status_events (AduanStore  *store,
                                 const char  *uuid,
                                 GError     **error)
{
  g_autoptr(StoreLock) locker = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (ADUAN_IS_STORE (store), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  locker = store_lock (store);
  db = _aduan_store_get_db (store);
  events = g_ptr_array_new_with_free_func ((GDestroyNotify) aduan_status_event_free);
  stmt = prepare (db,
                  "SELECT sequence, complaint_uuid, tracking_code, kind, status, agency_code, actor, at, message, "
                  "reject_reason, duplicate_of, due_at FROM status_events WHERE complaint_uuid = ? "
                  "ORDER BY at, id",
                  error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AduanStatusEvent *event = aduan_status_event_new ();
      int i = 0;

      event->sequence = sqlite3_column_int64 (stmt, i++);
      event->complaint_uuid = column_strdup (stmt, i++);
      event->tracking_code = column_strdup (stmt, i++);
      aduan_status_event_kind_from_string ((const char *) sqlite3_column_text (stmt, i++), &event->kind);
      aduan_complaint_status_from_string ((const char *) sqlite3_column_text (stmt, i++), &event->status);
      event->agency_code = column_strdup (stmt, i++);
      event->actor = column_strdup (stmt, i++);
      event->at = sqlite3_column_int64 (stmt, i++);
      event->message = column_strdup (stmt, i++);
      if (sqlite3_column_type (stmt, i) != SQLITE_NULL)
        aduan_reject_reason_from_string ((const char *) sqlite3_column_text (stmt, i), &event->reject_reason);
      i++;
      event->duplicate_of = column_strdup (stmt, i++);
      event->due_at = sqlite3_column_int64 (stmt, i++);
      g_ptr_array_add (events, event);
    }

  if (rc != SQLITE_DONE)
    {
      _aduan_store_set_error (error, db, rc, N_("reading the status history"));
      return NULL;
    }

  return g_steal_pointer (&events);
}

/**
 * aduan_outbox_get_hub_status:
 * @store: the device store
 * @uuid: a complaint
 * @out_status: (out): its latest status at the hub
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the hub has told this device the complaint's status;
 *   %FALSE without an error if not (yet)
 */
gboolean
aduan_outbox_get_hub_status (AduanStore            *store,
                             const char            *uuid,
                             AduanComplaintStatus  *out_status,
                             GError               **error)
{
  g_autoptr(StoreLock) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (ADUAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (uuid != NULL && out_status != NULL, FALSE);

  locker = store_lock (store);
  db = _aduan_store_get_db (store);
  stmt = prepare (db, "SELECT status FROM complaint_hub_status WHERE complaint_uuid = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return aduan_complaint_status_from_string ((const char *) sqlite3_column_text (stmt, 0), out_status);

  if (rc != SQLITE_DONE)
    _aduan_store_set_error (error, db, rc, N_("reading the status history"));

  return FALSE;
}
