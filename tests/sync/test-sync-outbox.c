/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>
#include <glib/gstdio.h>

#include "aduan-error.h"
#include "aduan-outbox-private.h"
#include "aduan-sync-http.h"
#include "aduan-test-util.h"
#include "sync-test-common.h"

/* The outbox in the device store, and the pieces of the engine that need
 * no hub. */

static sqlite3 *
open_raw (AduanStore *store)
{
  g_autofree char *path = g_build_filename (aduan_store_get_data_dir (store), "aduan.sqlite", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

/* A save writes only the complaint, as waiting: that is what queues it
 * (schema 6). Whoever first reads the outbox gives it its outbox row, so
 * every reader sees it at once; a save that failed leaves nothing
 * behind. */
static void
test_enqueued_on_save (void)
{
  g_autoptr(AduanStore) store = sync_test_device_new ("outbox");
  g_autoptr(AduanComplaint) complaint = sync_test_save_complaint (store, 1, 2, 1000);
  g_autoptr(AduanComplaint) invalid = aduan_test_make_complaint (2);
  g_autoptr(AduanOutboxItem) item = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  guint waiting = 0, failed = 0;
  sqlite3 *db;

  /* No trigger, no outbox row in the save's transaction. */
  db = open_raw (store);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM sqlite_master WHERE type = 'trigger' "
                                  "AND name = 'outbox_enqueue'"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM complaints WHERE sync_state = 'waiting'"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM outbox"), ==, 0);

  item = aduan_outbox_get (store, complaint->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (item->sync_state, ==, ADUAN_SYNC_STATE_WAITING);
  g_assert_cmpstr (item->tracking_code, ==, complaint->tracking_code);
  g_assert_cmpuint (item->n_photos, ==, 2);
  g_assert_cmpint (item->bytes_total, ==, 2000);
  g_assert_cmpuint (item->attempts, ==, 0);
  g_assert_false (item->json_sent);
  g_assert_cmpint (item->queued_at, ==, complaint->updated_at);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM outbox"), ==, 1);

  /* Refused by the store's checks: no row, no outbox entry. */
  g_free (invalid->category);
  invalid->category = g_strdup ("no-such-category");
  g_assert_false (aduan_store_save (store, invalid, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Saving again while waiting changes the complaint, not the queue. */
  aduan_complaint_set_string (&complaint->title, "Lampu PJU mati, sudah dua minggu");
  aduan_store_save (store, complaint, &error);
  g_assert_no_error (error);

  items = aduan_outbox_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  g_clear_pointer (&items, g_ptr_array_unref);

  /* A complaint saved by another process (aduanctl next to the app) is
   * found too, by every reader. */
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO complaints (uuid, tracking_code, kind, category, "
                                     "title, description, channel, created_at, updated_at) VALUES "
                                     "('00000000-0000-4000-8000-000000000001', 'X', 'complaint', 'trees', "
                                     "'t', 'd', 'kiosk', 1, 1);", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (aduan_outbox_count (store, &waiting, &failed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (waiting, ==, 2);
  g_assert_cmpuint (failed, ==, 0);
  items = aduan_outbox_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM outbox"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT CAST (value AS INTEGER) FROM meta WHERE key = 'outbox_enqueued_rowid'"),
                   ==, query_int (db, "SELECT max (rowid) FROM complaints"));
  sqlite3_close (db);
}

/* Complaints saved before schema 4 (no outbox yet) are queued by the
 * migration: nothing saved is left behind by an upgrade. */
static void
test_migrate_from_v3 (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(AduanStore) reopened = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  sqlite3 *db;

  {
    g_autoptr(AduanStore) store = sync_test_device_new ("v3");
    g_autoptr(AduanComplaint) a = sync_test_save_complaint (store, 1, 1, 100);
    g_autoptr(AduanComplaint) b = sync_test_save_complaint (store, 2, 0, 0);

    dir = g_strdup (aduan_store_get_data_dir (store));
  }

  /* Back to schema 3: as if these were saved by the previous release. */
  path = g_build_filename (dir, "aduan.sqlite", NULL);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "DROP VIEW complaint_hub_status; DROP TABLE status_events; DROP TABLE sync_meta;"
                                 "DROP TRIGGER outbox_requeue;"
                                 "DROP TABLE outbox_photos; DROP TABLE outbox; DROP TABLE surveys;"
                                 "DELETE FROM meta WHERE key = 'outbox_enqueued_rowid';"
                                 "CREATE INDEX complaints_sync_state ON complaints (sync_state, created_at DESC);"
                                 "UPDATE complaints SET sync_state = 'sent' WHERE title LIKE '%#2';"
                                 "PRAGMA user_version = 3;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  reopened = aduan_store_open (dir, &error);
  g_assert_no_error (error);
  items = aduan_outbox_list (reopened, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpuint (((AduanOutboxItem *) g_ptr_array_index (items, 0))->n_photos, ==, 1);
}

/* Schema 5 → 6: the trigger and the indexes only the sync side needed
 * go; complaints still to send are queued by the migration itself, before
 * any reader looks, and the mark starts above them. */
static void
test_migrate_from_v5 (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *first_uuid = NULL;
  g_autoptr(AduanStore) reopened = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  sqlite3 *db;

  {
    g_autoptr(AduanStore) store = sync_test_device_new ("v5");
    g_autoptr(AduanComplaint) a = sync_test_save_complaint (store, 1, 1, 100);
    g_autoptr(AduanComplaint) b = sync_test_save_complaint (store, 2, 0, 0);
    g_autoptr(AduanComplaint) c = sync_test_save_complaint (store, 3, 0, 0);

    dir = g_strdup (aduan_store_get_data_dir (store));
    first_uuid = g_strdup (a->uuid);
  }

  /* Back to schema 5, as the previous release left it: its trigger had
   * queued every save; one was sent since, one was never queued (say, a
   * row written by hand). */
  path = g_build_filename (dir, "aduan.sqlite", NULL);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "DELETE FROM meta WHERE key = 'outbox_enqueued_rowid';"
                                 "CREATE INDEX complaints_sync_state ON complaints (sync_state, created_at DESC);"
                                 "CREATE INDEX outbox_order ON outbox (queued_at, complaint_uuid);"
                                 "CREATE TRIGGER outbox_enqueue AFTER INSERT ON complaints"
                                 "  WHEN new.sync_state = 'waiting' BEGIN"
                                 "  INSERT OR IGNORE INTO outbox (complaint_uuid, queued_at) VALUES (new.uuid, new.updated_at);"
                                 "END;"
                                 "INSERT INTO outbox (complaint_uuid, queued_at) SELECT uuid, updated_at FROM complaints"
                                 "  WHERE title NOT LIKE '%#3';"
                                 "UPDATE complaints SET sync_state = 'sent' WHERE title LIKE '%#2';"
                                 "DELETE FROM outbox WHERE complaint_uuid IN (SELECT uuid FROM complaints WHERE sync_state = 'sent');"
                                 "PRAGMA user_version = 5;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  reopened = aduan_store_open (dir, &error);
  g_assert_no_error (error);

  /* Queued by the migration, not by a reader. */
  db = open_raw (reopened);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, ADUAN_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM sqlite_master WHERE name IN "
                                  "('outbox_enqueue', 'outbox_order', 'complaints_sync_state')"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM outbox"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT CAST (value AS INTEGER) FROM meta WHERE key = 'outbox_enqueued_rowid'"),
                   ==, query_int (db, "SELECT max (rowid) FROM complaints"));
  sqlite3_close (db);

  items = aduan_outbox_list (reopened, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpstr (((AduanOutboxItem *) g_ptr_array_index (items, 0))->complaint_uuid, ==, first_uuid);
  g_assert_cmpuint (((AduanOutboxItem *) g_ptr_array_index (items, 0))->n_photos, ==, 1);
}

/* Once sending began the complaint cannot change on the device: the hub
 * may already hold it. */
static void
test_locked_while_sending (void)
{
  g_autoptr(AduanStore) store = sync_test_device_new ("locked");
  g_autoptr(AduanComplaint) complaint = sync_test_save_complaint (store, 1, 1, 500);
  g_autoptr(AduanComplaint) sending = NULL;
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (_aduan_outbox_begin_sending (store, complaint->uuid, &sending, &photos, &error));
  g_assert_no_error (error);
  g_assert_nonnull (sending);
  g_assert_cmpuint (photos->len, ==, 1);
  g_assert_cmpint (sending->sync_state, ==, ADUAN_SYNC_STATE_SENDING);

  aduan_complaint_set_string (&complaint->title, "Diubah");
  g_assert_false (aduan_store_save (store, complaint, &error));
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_CONFLICT);
}

/* A refusal is kept with its reason, and a retry puts it back in line,
 * still locked. */
static void
test_failed_and_retry (void)
{
  g_autoptr(AduanStore) store = sync_test_device_new ("failed");
  g_autoptr(AduanComplaint) complaint = sync_test_save_complaint (store, 1, 0, 0);
  g_autoptr(AduanComplaint) sending = NULL;
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(AduanOutboxItem) item = NULL;
  g_autoptr(AduanOutboxItem) retried = NULL;
  g_autoptr(GError) error = NULL;
  guint waiting = 0, failed = 0;

  g_assert_true (_aduan_outbox_begin_sending (store, complaint->uuid, &sending, &photos, &error));
  g_assert_true (_aduan_outbox_mark_failed (store, complaint->uuid, 409, "Beda isi", &error));
  g_assert_no_error (error);

  item = aduan_outbox_get (store, complaint->uuid, &error);
  g_assert_cmpint (item->sync_state, ==, ADUAN_SYNC_STATE_FAILED);
  g_assert_cmpstr (item->last_error, ==, "Beda isi");
  g_assert_cmpuint (item->last_http_status, ==, 409);
  g_assert_cmpuint (item->attempts, ==, 1);
  g_assert_true (aduan_outbox_count (store, &waiting, &failed, &error));
  g_assert_cmpuint (waiting, ==, 0);
  g_assert_cmpuint (failed, ==, 1);

  /* A pass leaves refused complaints alone. */
  due = _aduan_outbox_list_due (store, g_get_real_time (), FALSE, &error);
  g_assert_cmpuint (due->len, ==, 0);

  g_assert_true (aduan_outbox_retry (store, complaint->uuid, &error));
  retried = aduan_outbox_get (store, complaint->uuid, &error);
  g_assert_cmpint (retried->sync_state, ==, ADUAN_SYNC_STATE_SENDING);
  g_assert_cmpuint (retried->attempts, ==, 0);
  g_assert_null (retried->last_error);

  g_assert_false (aduan_outbox_retry (store, "00000000-0000-4000-8000-00000000000f", &error));
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_NOT_FOUND);
}

/* Backoff: a complaint that failed waits for its next attempt, unless
 * the pass is asked to try everything. */
static void
test_backoff_due (void)
{
  g_autoptr(AduanStore) store = sync_test_device_new ("due");
  g_autoptr(AduanComplaint) a = sync_test_save_complaint (store, 1, 0, 0);
  g_autoptr(AduanComplaint) b = sync_test_save_complaint (store, 2, 0, 0);
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  guint attempts = 0;

  g_assert_true (_aduan_outbox_schedule_retry (store, a->uuid, 503, "Sibuk", now + 60 * G_USEC_PER_SEC,
                                               &attempts, &error));
  g_assert_cmpuint (attempts, ==, 1);

  due = _aduan_outbox_list_due (store, now, TRUE, &error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (due, 0), ==, b->uuid);

  /* Oldest first. */
  all = _aduan_outbox_list_due (store, now, FALSE, &error);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (all, 0), ==, a->uuid);
}

/* A page of the change feed and its cursor are kept together; a page
 * read twice adds nothing; the latest status is the complaint's. */
static void
test_status_events (void)
{
  g_autoptr(AduanStore) store = sync_test_device_new ("events");
  g_autoptr(AduanComplaint) complaint = sync_test_save_complaint (store, 1, 0, 0);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) aduan_status_event_free);
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GPtrArray) uuids = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  AduanComplaintStatus status;
  const char *kinds[] = { "received", "verified", "rejected" };
  const char *statuses[] = { "received", "verified", "rejected" };

  g_assert_false (aduan_outbox_get_hub_status (store, complaint->uuid, &status, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      AduanStatusEvent *event = aduan_status_event_new ();

      event->sequence = 10 + i;
      event->complaint_uuid = g_strdup (complaint->uuid);
      event->tracking_code = g_strdup (complaint->tracking_code);
      g_assert_true (aduan_status_event_kind_from_string (kinds[i], &event->kind));
      g_assert_true (aduan_complaint_status_from_string (statuses[i], &event->status));
      event->at = g_get_real_time () + i;
      if (i == 2)
        {
          event->reject_reason = ADUAN_REJECT_REASON_INCOMPLETE;
          event->message = g_strdup ("Foto tidak jelas");
        }
      g_ptr_array_add (events, event);
    }

  g_assert_true (_aduan_outbox_store_changes (store, "http://hub.test/", events, "12", &uuids, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (uuids->len, ==, 1);
  cursor = _aduan_outbox_get_meta (store, ADUAN_SYNC_META_CURSOR, &error);
  g_assert_cmpstr (cursor, ==, "12");

  g_assert_true (_aduan_outbox_store_changes (store, "http://hub.test/", events, "12", &again, &error));
  g_assert_cmpuint (again->len, ==, 0);

  stored = aduan_outbox_list_status_events (store, complaint->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 3);
  g_assert_cmpint (((AduanStatusEvent *) g_ptr_array_index (stored, 2))->reject_reason, ==,
                   ADUAN_REJECT_REASON_INCOMPLETE);
  g_assert_cmpstr (((AduanStatusEvent *) g_ptr_array_index (stored, 2))->message, ==, "Foto tidak jelas");

  g_assert_true (aduan_outbox_get_hub_status (store, complaint->uuid, &status, &error));
  g_assert_cmpint (status, ==, ADUAN_COMPLAINT_STATUS_REJECTED);
}

/* Hub addresses as people type them. */
static void
test_normalize_url (void)
{
  const struct { const char *in; const char *out; } cases[] = {
    { "https://aduan.madiunkab.go.id", "https://aduan.madiunkab.go.id/" },
    { "  http://127.0.0.1:8080 ", "http://127.0.0.1:8080/" },
    { "https://kab.go.id/hub", "https://kab.go.id/hub/" },
    { "https://kab.go.id/hub/", "https://kab.go.id/hub/" },
    { "ftp://kab.go.id", NULL },
    { "kab.go.id", NULL },
    { "https://user:pw@kab.go.id", NULL },
    { "https://kab.go.id/?x=1", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = aduan_http_normalize_base_url (cases[i].in, &error);

      g_assert_cmpstr (url, ==, cases[i].out);
      if (cases[i].out == NULL)
        g_assert_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_INVALID_URL);
    }
}

/* Retry-After in seconds or as a date, and nonsense ignored. */
static void
test_retry_after (void)
{
  AduanHttpResponse response = { 0 };
  gint64 now = (gint64) 1700000000 * G_USEC_PER_SEC;

  response.headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_cmpint (aduan_http_response_get_retry_after (&response, now), ==, 0);

  g_hash_table_replace (response.headers, g_strdup ("retry-after"), g_strdup ("120"));
  g_assert_cmpint (aduan_http_response_get_retry_after (&response, now), ==, now + 120 * G_USEC_PER_SEC);

  g_hash_table_replace (response.headers, g_strdup ("retry-after"), g_strdup ("Tue, 14 Nov 2023 22:16:40 GMT"));
  g_assert_cmpint (aduan_http_response_get_retry_after (&response, now), ==, now + 200 * G_USEC_PER_SEC);

  g_hash_table_replace (response.headers, g_strdup ("retry-after"), g_strdup ("soon"));
  g_assert_cmpint (aduan_http_response_get_retry_after (&response, now), ==, 0);

  g_hash_table_unref (response.headers);
}

int
main (int    argc,
      char **argv)
{
  sync_test_init (&argc, &argv);

  g_test_add_func ("/sync/outbox/enqueued-on-save", test_enqueued_on_save);
  g_test_add_func ("/sync/outbox/migrate-from-v3", test_migrate_from_v3);
  g_test_add_func ("/sync/outbox/migrate-from-v5", test_migrate_from_v5);
  g_test_add_func ("/sync/outbox/locked-while-sending", test_locked_while_sending);
  g_test_add_func ("/sync/outbox/failed-and-retry", test_failed_and_retry);
  g_test_add_func ("/sync/outbox/backoff-due", test_backoff_due);
  g_test_add_func ("/sync/outbox/status-events", test_status_events);
  g_test_add_func ("/sync/http/normalize-url", test_normalize_url);
  g_test_add_func ("/sync/http/retry-after", test_retry_after);

  return g_test_run ();
}
