/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "aduan-credentials.h"
#include "aduan-outbox.h"
#include "aduan-test-util.h"
#include "sync-test-common.h"

/* The engine and aduanctl against the real aduan-hub on loopback. */

typedef struct
{
  SyncTestHub *hub;
  AduanStore  *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->hub = sync_test_hub_start (NULL, NULL);
  fixture->store = sync_test_device_new ("device");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->hub, sync_test_hub_free);
}

/* Runs aduanctl with @unset (names) left out of its environment and
 * @set (NAME=VALUE) added: this process's own environment is not touched,
 * as other threads may read it. */
static int
run_aduanctl_env (const char * const *args,
                  const char * const *unset,
                  const char * const *set,
                  char              **out_stdout,
                  char              **out_stderr)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) sync_test_aduanctl_program ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  for (guint i = 0; unset != NULL && unset[i] != NULL; i++)
    g_subprocess_launcher_unsetenv (launcher, unset[i]);
  for (guint i = 0; set != NULL && set[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (set[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out_stdout, out_stderr, &error);
  g_assert_no_error (error);

  return g_subprocess_get_exit_status (process);
}

static int
run_aduanctl (const char * const *args,
              char              **out_stdout,
              char              **out_stderr)
{
  return run_aduanctl_env (args, NULL, NULL, out_stdout, out_stderr);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;

  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

/* aduanctl enroll gets a token for a one-time code and keeps it in a file
 * only its owner reads, never in the database; a used code is refused
 * with a sentence that says what to do. */
static void
test_enroll_cli (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *data_dir = aduan_store_get_data_dir (fixture->store);
  g_autofree char *code = sync_test_hub_enroll_code (fixture->hub);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_path = g_build_filename (data_dir, "device-token", NULL);
  g_autofree char *db_path = g_build_filename (data_dir, "aduan.sqlite", NULL);
  g_autofree char *wal_path = g_build_filename (data_dir, "aduan.sqlite-wal", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *status;
  GStatBuf info;
  const char *enroll[] = { "enroll", "--data-dir", data_dir, "--json", fixture->hub->url, code, NULL };
  const char *again[] = { "enroll", "--data-dir", data_dir, fixture->hub->url, code, NULL };
  const char *show[] = { "status", "--data-dir", data_dir, "--json", NULL };

  g_assert_cmpint (run_aduanctl (enroll, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "role"),
                   ==, "officer");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                  "token_store"), ==, "file");

  g_assert_cmpint (g_stat (token_path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (token_path, &token, NULL, &error));
  g_strstrip (token);
  g_assert_cmpuint (strlen (token), >=, 20);
  g_assert_false (file_contains (db_path, token));
  g_assert_false (file_contains (wal_path, token));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_aduanctl (again, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "new one"));
  g_assert_null (strstr (err, token));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_aduanctl (show, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  status = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_boolean_member (status, "enrolled"));
  g_assert_cmpstr (json_object_get_string_member (status, "hub_url"), ==, fixture->hub->url);
  g_assert_cmpstr (json_object_get_string_member (status, "status"), ==, "all-sent");
}

static void
count_progress_cb (AduanSyncEngine    *engine,
                   const char         *uuid,
                   AduanSyncItemState  state,
                   double              fraction,
                   GHashTable         *received)
{
  g_assert_cmpfloat (fraction, >=, 0);
  g_assert_cmpfloat (fraction, <=, 1);
  if (state == ADUAN_SYNC_ITEM_RECEIVED)
    g_hash_table_add (received, g_strdup (uuid));
}

static void
record_status_cb (GObject    *object,
                  GParamSpec *pspec,
                  GArray     *statuses)
{
  AduanSyncStatus status = aduan_sync_engine_get_status (ADUAN_SYNC_ENGINE (object));

  g_array_append_val (statuses, status);
}

/* Complaints with photos reach the hub with the same content and the
 * photos byte-identical; the UI sees syncing, then all sent, and every
 * complaint as received. */
static void
test_send_with_photos (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(AduanSyncEngine) engine = NULL;
  g_autoptr(GHashTable) received = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) statuses = g_array_new (FALSE, FALSE, sizeof (AduanSyncStatus));
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(AduanComplaint) complaint = sync_test_save_complaint (fixture->store, i, 2, 100 * 1000 + i);
    }
  sync_test_enroll (fixture->store, fixture->hub, NULL);

  engine = sync_test_engine_new (fixture->store);
  g_assert_cmpint (aduan_sync_engine_get_status (engine), ==, ADUAN_SYNC_STATUS_WAITING);
  g_assert_cmpuint (aduan_sync_engine_get_n_waiting (engine), ==, 5);
  g_signal_connect (engine, "item-progress", G_CALLBACK (count_progress_cb), received);
  g_signal_connect (engine, "notify::status", G_CALLBACK (record_status_cb), statuses);

  g_assert_true (sync_test_run_pass (engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (g_hash_table_size (received), ==, 5);
  g_assert_cmpuint (statuses->len, ==, 2);
  g_assert_cmpint (g_array_index (statuses, AduanSyncStatus, 0), ==, ADUAN_SYNC_STATUS_SYNCING);
  g_assert_cmpint (g_array_index (statuses, AduanSyncStatus, 1), ==, ADUAN_SYNC_STATUS_ALL_SENT);
  g_assert_cmpuint (aduan_sync_engine_get_n_waiting (engine), ==, 0);
  g_assert_cmpint (aduan_sync_engine_get_last_sync (engine), >, 0);
  g_assert_null (aduan_sync_engine_get_last_error (engine));

  sync_test_hub_assert_holds (fixture->hub, fixture->store, 5);
}

/* Syncing again sends nothing twice; a complaint whose "sent" mark was
 * lost (a power cut) is sent again and the hub still holds it once. */
static void
test_idempotent (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(AduanSyncEngine) engine = NULL;
  g_autoptr(AduanComplaint) first = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db;

  first = sync_test_save_complaint (fixture->store, 1, 2, 30 * 1000);
  for (guint i = 2; i <= 3; i++)
    {
      g_autoptr(AduanComplaint) complaint = sync_test_save_complaint (fixture->store, i, 1, 30 * 1000);
    }
  sync_test_enroll (fixture->store, fixture->hub, NULL);
  engine = sync_test_engine_new (fixture->store);

  g_assert_true (sync_test_run_pass (engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_true (sync_test_run_pass (engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);
  sync_test_hub_assert_holds (fixture->hub, fixture->store, 3);

  /* As if the device lost its last commits: sending, photos not done. */
  db_path = g_build_filename (aduan_store_get_data_dir (fixture->store), "aduan.sqlite", NULL);
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  sql = g_strdup_printf ("UPDATE complaints SET sync_state = 'sending' WHERE uuid = '%s';"
                         "INSERT INTO outbox (complaint_uuid, queued_at) VALUES ('%s', 1);",
                         first->uuid, first->uuid);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_true (sync_test_run_pass (engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sync_test_count_waiting (fixture->store), ==, 0);
  sync_test_hub_assert_holds (fixture->hub, fixture->store, 3);
}

static gint64
raw_query_int (const char *db_path,
               const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

/* Saved, then the process killed before it did anything else, sync
 * included: the complaint is on disk as waiting with no outbox row yet
 * (a save writes only the complaint), and the next sync, from another
 * process, finds it and the hub gets it once. */
static void
test_saved_then_killed (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *dir = g_strdup (aduan_store_get_data_dir (fixture->store));
  g_autofree char *db_path = g_build_filename (dir, "aduan.sqlite", NULL);
  g_autoptr(AduanSyncEngine) engine = NULL;
  g_autoptr(AduanCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  pid_t pid;

  /* One complaint queued already: the new one must be found above it. */
  {
    g_autoptr(AduanComplaint) first = sync_test_save_complaint (fixture->store, 1, 1, 10 * 1000);

    g_assert_true (aduan_outbox_count (fixture->store, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  g_clear_object (&fixture->store);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      AduanStore *store = aduan_store_open (dir, NULL);
      AduanCatalog *child_catalog = aduan_catalog_new_default (NULL);
      AduanComplaint *complaint;

      if (store == NULL || child_catalog == NULL)
        _exit (1);
      aduan_store_set_catalog (store, child_catalog);
      complaint = sync_test_save_complaint (store, 2, 1, 10 * 1000);
      if (complaint->tracking_code != NULL)
        raise (SIGKILL);
      _exit (1);
    }

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

  g_assert_cmpint (raw_query_int (db_path, "SELECT count (*) FROM complaints WHERE sync_state = 'waiting'"), ==, 2);
  g_assert_cmpint (raw_query_int (db_path, "SELECT count (*) FROM outbox"), ==, 1);

  fixture->store = aduan_store_open (dir, &error);
  g_assert_no_error (error);
  catalog = aduan_catalog_new_default (&error);
  g_assert_no_error (error);
  aduan_store_set_catalog (fixture->store, catalog);
  sync_test_enroll (fixture->store, fixture->hub, NULL);
  engine = sync_test_engine_new (fixture->store);

  g_assert_true (sync_test_run_pass (engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sync_test_count_waiting (fixture->store), ==, 0);
  sync_test_hub_assert_holds (fixture->hub, fixture->store, 2);
  g_assert_cmpint (raw_query_int (db_path, "SELECT count (*) FROM complaints WHERE sync_state = 'sent'"), ==, 2);
  g_assert_cmpint (raw_query_int (db_path, "SELECT count (*) FROM outbox"), ==, 0);
}

/* A different complaint under a UUID the hub already holds (409) stops
 * only that complaint, with a message that says what to do; the others
 * go through. */
static void
test_conflict (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(AduanStore) other = sync_test_device_new ("other");
  g_autoptr(AduanSyncEngine) engine = NULL;
  g_autoptr(AduanSyncEngine) other_engine = NULL;
  g_autoptr(AduanComplaint) original = sync_test_save_complaint (other, 1, 0, 0);
  g_autoptr(AduanComplaint) clash = aduan_test_make_complaint (7);
  g_autoptr(AduanOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;

  sync_test_enroll (other, fixture->hub, NULL);
  other_engine = sync_test_engine_new (other);
  g_assert_true (sync_test_run_pass (other_engine, ADUAN_SYNC_FLAGS_NONE, &error));

  {
    g_autoptr(AduanComplaint) before = sync_test_save_complaint (fixture->store, 1, 1, 2000);
  }
  clash->uuid = g_strdup (original->uuid);
  aduan_store_save (fixture->store, clash, &error);
  g_assert_no_error (error);
  {
    g_autoptr(AduanComplaint) after = sync_test_save_complaint (fixture->store, 3, 1, 2000);
  }

  sync_test_enroll (fixture->store, fixture->hub, NULL);
  engine = sync_test_engine_new (fixture->store);
  g_assert_true (sync_test_run_pass (engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);

  item = aduan_outbox_get (fixture->store, clash->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (item->sync_state, ==, ADUAN_SYNC_STATE_FAILED);
  g_assert_cmpuint (item->last_http_status, ==, 409);
  g_assert_nonnull (strstr (item->last_error, "different complaint"));
  g_assert_nonnull (strstr (item->last_error, clash->tracking_code));
  g_assert_cmpuint (aduan_sync_engine_get_n_failed (engine), ==, 1);
  g_assert_cmpuint (aduan_sync_engine_get_n_waiting (engine), ==, 0);
  g_assert_cmpint (aduan_sync_engine_get_status (engine), ==, ADUAN_SYNC_STATUS_NEEDS_ATTENTION);

  /* 2 of ours and the other device's one. */
  {
    g_autoptr(GHashTable) records = sync_test_hub_list_complaints (fixture->hub);

    g_assert_cmpuint (g_hash_table_size (records), ==, 3);
  }

  /* Retried, it is refused again, and still only it. */
  g_assert_true (aduan_outbox_retry (fixture->store, clash->uuid, &error));
  g_assert_true (sync_test_run_pass (engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_clear_pointer (&item, aduan_outbox_item_free);
  item = aduan_outbox_get (fixture->store, clash->uuid, &error);
  g_assert_cmpint (item->sync_state, ==, ADUAN_SYNC_STATE_FAILED);
}

/* A revoked device is told to enroll again; its complaints wait, not
 * marked failed, and go once it is enrolled again. */
static void
test_revoked (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(AduanSyncEngine) engine = NULL;
  g_autoptr(AduanEnrollment) enrollment = NULL;
  g_autoptr(AduanOutboxItem) item = NULL;
  g_autoptr(AduanComplaint) complaint = NULL;
  g_autoptr(GError) error = NULL;

  sync_test_enroll (fixture->store, fixture->hub, NULL);
  enrollment = aduan_credentials_get_enrollment (fixture->store, &error);
  {
    const char *revoke[] = { "revoke", enrollment->device_id, NULL };
    g_autofree char *out = sync_test_hub_run (fixture->hub, revoke);
  }

  complaint = sync_test_save_complaint (fixture->store, 1, 1, 5000);
  engine = sync_test_engine_new (fixture->store);
  g_assert_false (sync_test_run_pass (engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_ENROLL_AGAIN);
  g_assert_nonnull (strstr (error->message, "enroll again"));
  g_clear_error (&error);

  g_assert_cmpint (aduan_sync_engine_get_status (engine), ==, ADUAN_SYNC_STATUS_ENROLL_AGAIN);
  g_assert_nonnull (aduan_sync_engine_get_last_error (engine));
  item = aduan_outbox_get (fixture->store, complaint->uuid, &error);
  g_assert_cmpint (item->sync_state, !=, ADUAN_SYNC_STATE_FAILED);
  g_assert_cmpuint (item->attempts, ==, 0);

  /* Automatic passes do not knock again with a refused token. */
  g_assert_false (sync_test_run_pass (engine, ADUAN_SYNC_FLAGS_DUE_ONLY, &error));
  g_assert_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_ENROLL_AGAIN);
  g_clear_error (&error);

  sync_test_enroll (fixture->store, fixture->hub, NULL);
  g_assert_true (sync_test_run_pass (engine, ADUAN_SYNC_FLAGS_DUE_ONLY, &error));
  g_assert_no_error (error);
  g_assert_cmpint (aduan_sync_engine_get_status (engine), ==, ADUAN_SYNC_STATUS_ALL_SENT);
  sync_test_hub_assert_holds (fixture->hub, fixture->store, 1);
}

static void
count_changed_cb (AduanSyncEngine *engine,
                  const char      *uuid,
                  guint           *count)
{
  (*count)++;
}

/* Status comes back: the admin's steps reach the device by the change
 * feed and are kept as the complaint's history. */
static void
test_news (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(AduanSyncEngine) engine = NULL;
  g_autoptr(AduanComplaint) complaint = sync_test_save_complaint (fixture->store, 1, 0, 0);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("v1/complaints/%s/verify", complaint->uuid);
  AduanComplaintStatus status;
  guint changed = 0;
  guint http_status = 0;

  sync_test_enroll (fixture->store, fixture->hub, NULL);
  engine = sync_test_engine_new (fixture->store);
  g_assert_true (sync_test_run_pass (engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_true (aduan_outbox_get_hub_status (fixture->store, complaint->uuid, &status, &error));
  g_assert_cmpint (status, ==, ADUAN_COMPLAINT_STATUS_RECEIVED);

  answer = sync_test_hub_request (fixture->hub, "POST", path, &http_status);
  g_assert_cmpuint (http_status, ==, 200);

  g_signal_connect (engine, "item-changed", G_CALLBACK (count_changed_cb), &changed);
  g_assert_true (sync_test_run_pass (engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);

  g_assert_true (aduan_outbox_get_hub_status (fixture->store, complaint->uuid, &status, &error));
  g_assert_cmpint (status, ==, ADUAN_COMPLAINT_STATUS_VERIFIED);
  events = aduan_outbox_list_status_events (fixture->store, complaint->uuid, &error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpint (((AduanStatusEvent *) g_ptr_array_index (events, 1))->kind, ==, ADUAN_STATUS_EVENT_VERIFIED);
}

/* Without enrollment a pass says so, and the UI shows it. */
static void
test_not_enrolled (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(AduanSyncEngine) engine = sync_test_engine_new (fixture->store);
  g_autoptr(AduanComplaint) complaint = sync_test_save_complaint (fixture->store, 1, 0, 0);
  g_autoptr(GError) error = NULL;

  g_assert_false (sync_test_run_pass (engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_NOT_ENROLLED);
  g_assert_cmpint (aduan_sync_engine_get_status (engine), ==, ADUAN_SYNC_STATUS_NOT_ENROLLED);
}

/* A hub that cannot be reached: offline, and the complaints' attempts are
 * not spent on it. */
static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(AduanSyncEngine) engine = NULL;
  g_autoptr(AduanComplaint) complaint = sync_test_save_complaint (fixture->store, 1, 1, 1000);
  g_autoptr(AduanOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;

  sync_test_enroll (fixture->store, fixture->hub, NULL);
  sync_test_hub_kill (fixture->hub);

  engine = sync_test_engine_new (fixture->store);
  g_assert_false (sync_test_run_pass (engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "Cannot connect"));
  g_assert_cmpint (aduan_sync_engine_get_status (engine), ==, ADUAN_SYNC_STATUS_OFFLINE);

  item = aduan_outbox_get (fixture->store, complaint->uuid, &error);
  g_assert_cmpuint (item->attempts, ==, 0);
}

/* A photo missing from the device fails its complaint, with where it
 * should be; the others are sent. */
static void
test_photo_missing (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(AduanSyncEngine) engine = NULL;
  g_autoptr(AduanComplaint) broken = sync_test_save_complaint (fixture->store, 1, 1, 4000);
  g_autoptr(AduanComplaint) fine = sync_test_save_complaint (fixture->store, 2, 1, 4000);
  g_autoptr(AduanOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strconcat (((AduanPhotoRef *) g_ptr_array_index (broken->photos, 0))->sha256, ".jpg", NULL);
  g_autofree char *path = g_build_filename (aduan_store_get_data_dir (fixture->store), "photos", name, NULL);

  g_assert_cmpint (g_unlink (path), ==, 0);
  sync_test_enroll (fixture->store, fixture->hub, NULL);
  engine = sync_test_engine_new (fixture->store);
  g_assert_true (sync_test_run_pass (engine, ADUAN_SYNC_FLAGS_NONE, &error));

  item = aduan_outbox_get (fixture->store, broken->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (item->sync_state, ==, ADUAN_SYNC_STATE_FAILED);
  g_assert_nonnull (strstr (item->last_error, path));
  g_assert_true (item->json_sent);
  g_clear_pointer (&item, aduan_outbox_item_free);
  item = aduan_outbox_get (fixture->store, fine->uuid, &error);
  g_assert_null (item);
  g_clear_error (&error);
}

/* The app's way: started once, a pass follows each save by itself. */
static void
test_auto_sync (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(AduanSyncEngine) engine = NULL;
  g_autoptr(AduanComplaint) complaint = NULL;
  gint64 deadline;

  sync_test_enroll (fixture->store, fixture->hub, NULL);
  engine = sync_test_engine_new (fixture->store);
  aduan_sync_engine_start (engine);
  g_assert_true (aduan_sync_engine_get_auto_sync (engine));

  complaint = sync_test_save_complaint (fixture->store, 1, 1, 3000);
  g_assert_cmpuint (aduan_sync_engine_get_n_waiting (engine), ==, 1);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (aduan_sync_engine_get_status (engine) != ADUAN_SYNC_STATUS_ALL_SENT &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (aduan_sync_engine_get_status (engine), ==, ADUAN_SYNC_STATUS_ALL_SENT);
  g_assert_cmpint (aduan_sync_engine_get_item_state (engine, complaint->uuid, NULL), ==, ADUAN_SYNC_ITEM_RECEIVED);
  aduan_sync_engine_stop (engine);
  sync_test_hub_assert_holds (fixture->hub, fixture->store, 1);
}

/* aduanctl sync: exit 0 when all is sent; 1 and one line per problem
 * otherwise, or JSON. */
static void
test_cli_sync (Fixture       *fixture,
               gconstpointer  data)
{
  const char *data_dir = aduan_store_get_data_dir (fixture->store);
  g_autoptr(AduanComplaint) broken = sync_test_save_complaint (fixture->store, 1, 1, 4000);
  g_autoptr(AduanComplaint) fine = sync_test_save_complaint (fixture->store, 2, 1, 4000);
  g_autofree char *name = g_strconcat (((AduanPhotoRef *) g_ptr_array_index (broken->photos, 0))->sha256, ".jpg", NULL);
  g_autofree char *path = g_build_filename (data_dir, "photos", name, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *sync[] = { "sync", "--data-dir", data_dir, NULL };
  const char *sync_json[] = { "sync", "--data-dir", data_dir, "--json", NULL };
  const char *status[] = { "status", "--data-dir", data_dir, NULL };
  JsonObject *result;
  JsonArray *problems;

  g_assert_cmpint (run_aduanctl (sync, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "not enrolled"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  sync_test_enroll (fixture->store, fixture->hub, NULL);
  g_assert_cmpint (g_unlink (path), ==, 0);

  g_assert_cmpint (run_aduanctl (sync, &out, &err), ==, 1);
  g_assert_nonnull (strstr (out, "1 sent, 0 waiting, 1 refused"));
  g_assert_nonnull (strstr (err, broken->tracking_code));
  g_assert_null (strstr (err, fine->tracking_code));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_aduanctl (status, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, broken->tracking_code));
  g_assert_nonnull (strstr (out, path));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_aduanctl (sync_json, &out, &err), ==, 1);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  result = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_get_boolean_member (result, "ok"));
  g_assert_cmpint (json_object_get_int_member (result, "failed"), ==, 1);
  problems = json_object_get_array_member (result, "problems");
  g_assert_cmpuint (json_array_get_length (problems), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (problems, 0), "uuid"), ==,
                   broken->uuid);
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_node_get_object (json_parser_get_root (parser));
}

/* aduanctl sync --json, for scripts: exit 0 and "ok" once all is sent;
 * 1 with "ok": false when the hub cannot be reached, the complaint still
 * waiting with a reason; 2 for a usage mistake. */
static void
test_cli_sync_json_exit (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *data_dir = aduan_store_get_data_dir (fixture->store);
  g_autoptr(AduanComplaint) complaint = sync_test_save_complaint (fixture->store, 1, 1, 4000);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FaultProxy) proxy = fault_proxy_new (fixture->hub->port);
  g_autofree char *url = fault_proxy_get_url (proxy);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *sync_json[] = { "sync", "--data-dir", data_dir, "--json", NULL };
  const char *bad_option[] = { "sync", "--data-dir", data_dir, "--json", "--no-such-option", NULL };
  JsonObject *result, *problem;

  sync_test_enroll (fixture->store, fixture->hub, url);

  /* The hub gone: nothing listens behind the proxy. */
  sync_test_hub_kill (fixture->hub);
  g_assert_cmpint (run_aduanctl (sync_json, &out, &err), ==, 1);
  result = parse_object (parser, out);
  g_assert_false (json_object_get_boolean_member (result, "ok"));
  g_assert_cmpint (json_object_get_int_member (result, "sent"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (result, "waiting"), ==, 1);
  /* Through the proxy the link breaks rather than being refused: the
   * complaint waits for its retry and says why. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "problems")), ==, 1);
  problem = json_array_get_object_element (json_object_get_array_member (result, "problems"), 0);
  g_assert_cmpstr (json_object_get_string_member (problem, "uuid"), ==, complaint->uuid);
  g_assert_cmpstr (json_object_get_string_member (problem, "state"), !=, "failed");
  g_assert_cmpuint (strlen (json_object_get_string_member (problem, "message")), >, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  sync_test_hub_restart (fixture->hub);
  fault_proxy_set_upstream (proxy, fixture->hub->port);
  g_assert_cmpint (run_aduanctl (sync_json, &out, &err), ==, 0);
  result = parse_object (parser, out);
  g_assert_true (json_object_get_boolean_member (result, "ok"));
  g_assert_cmpint (json_object_get_int_member (result, "sent"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (result, "waiting"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (result, "failed"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_aduanctl (bad_option, &out, &err), ==, 2);
  sync_test_hub_assert_holds (fixture->hub, fixture->store, 1);
}

/* Without a keyring (none is built in, or no session bus), the token goes
 * to a file only its owner reads; it never appears in the database, nor
 * in anything aduanctl prints, even with every debug message on. */
static void
test_token_never_logged (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *data_dir = aduan_store_get_data_dir (fixture->store);
  g_autoptr(AduanComplaint) complaint = sync_test_save_complaint (fixture->store, 1, 1, 4000);
  g_autofree char *code = sync_test_hub_enroll_code (fixture->hub);
  g_autofree char *token_path = g_build_filename (data_dir, "device-token", NULL);
  g_autofree char *db_path = g_build_filename (data_dir, "aduan.sqlite", NULL);
  g_autofree char *wal_path = g_build_filename (data_dir, "aduan.sqlite-wal", NULL);
  g_autofree char *token = NULL;
  const char * const unset[] = { "ADUAN_TOKEN_STORE", "DBUS_SESSION_BUS_ADDRESS", NULL };
  const char * const set[] = { "G_MESSAGES_DEBUG=all", NULL };
  g_autoptr(GString) printed = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *enroll[] = { "enroll", "--data-dir", data_dir, "--json", fixture->hub->url, code, NULL };
  const char *sync[] = { "sync", "--data-dir", data_dir, NULL };
  const char *show[] = { "status", "--data-dir", data_dir, "--json", NULL };
  const char * const *commands[] = { enroll, sync, show };
  GStatBuf info;

  /* The choice left to aduanctl, with no session bus to find. */
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (run_aduanctl_env (commands[i], unset, set, &out, &err), ==, 0);
      g_string_append_printf (printed, "%s\n%s\n", out, err);
      /* Debug messages go to standard output too: the JSON is the part
       * from the line that opens it. */
      if (i == 0)
        {
          const char *json = g_str_has_prefix (out, "{") ? out : strstr (out, "\n{");

          g_assert_nonnull (json);
          g_assert_cmpstr (json_object_get_string_member (parse_object (parser, json), "token_store"), ==, "file");
        }
    }
  g_assert_nonnull (strstr (printed->str, "DEBUG"));

  g_assert_cmpint (g_stat (token_path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (token_path, &token, NULL, &error));
  g_assert_no_error (error);
  g_strstrip (token);
  g_assert_cmpuint (strlen (token), >=, 20);

  g_assert_null (strstr (printed->str, token));
  g_assert_false (file_contains (db_path, token));
  g_assert_false (file_contains (wal_path, token));
  sync_test_hub_assert_holds (fixture->hub, fixture->store, 1);
}

/* The network coming back starts a pass at once, without waiting for the
 * hub's long Retry-After or the timer. */
static void
test_network_back (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(FaultProxy) proxy = fault_proxy_new (fixture->hub->port);
  g_autofree char *url = fault_proxy_get_url (proxy);
  g_autoptr(AduanSyncEngine) engine = NULL;
  g_autoptr(AduanComplaint) complaint = sync_test_save_complaint (fixture->store, 1, 1, 3000);
  g_autoptr(GError) error = NULL;
  GNetworkMonitor *monitor = g_network_monitor_get_default ();

  sync_test_enroll (fixture->store, fixture->hub, url);
  engine = g_object_new (ADUAN_TYPE_SYNC_ENGINE, "store", fixture->store, "network-monitor", monitor, NULL);
  aduan_sync_engine_set_timeouts (engine, 5, 2);

  /* The hub asks to wait an hour: no automatic pass would go before. */
  fault_proxy_inject (proxy, "PUT ", 503, "3600", 1);
  g_assert_false (sync_test_run_pass (engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_HUB_BUSY);
  g_clear_error (&error);

  /* Started, its first pass is due-only and sends nothing. */
  aduan_sync_engine_start (engine);
  while (aduan_sync_engine_get_syncing (engine) || aduan_sync_engine_get_last_error (engine) == NULL)
    g_main_context_iteration (NULL, TRUE);
  fault_proxy_reset_counters (proxy);

  g_signal_emit_by_name (monitor, "network-changed", TRUE);
  while (aduan_sync_engine_get_status (engine) != ADUAN_SYNC_STATUS_ALL_SENT)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (fault_proxy_count_requests (proxy, "PUT /v1/complaints/"), ==, 1);
  aduan_sync_engine_stop (engine);
  sync_test_hub_assert_holds (fixture->hub, fixture->store, 1);
}

/* Proxies: libcurl's http_proxy by default, or the desktop's settings
 * through a GProxyResolver when the app gives one. */
static void
test_proxies (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(FaultProxy) proxy = fault_proxy_new (fixture->hub->port);
  g_autoptr(AduanSyncEngine) engine = NULL;
  g_autoptr(GProxyResolver) resolver = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *proxy_url = fault_proxy_get_url (proxy);

  sync_test_enroll (fixture->store, fixture->hub, NULL);
  engine = sync_test_engine_new (fixture->store);

  {
    g_autoptr(AduanComplaint) complaint = sync_test_save_complaint (fixture->store, 1, 1, 5000);
  }
  g_setenv ("http_proxy", proxy_url, TRUE);
  g_assert_true (sync_test_run_pass (engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_unsetenv ("http_proxy");
  g_assert_no_error (error);
  g_assert_cmpuint (fault_proxy_count_requests (proxy, "PUT http://127.0.0.1:"), ==, 1);
  g_assert_cmpuint (fault_proxy_count_requests (proxy, "PATCH http://127.0.0.1:"), ==, 1);

  {
    g_autoptr(AduanComplaint) complaint = sync_test_save_complaint (fixture->store, 2, 1, 5000);
  }
  fault_proxy_reset_counters (proxy);
  resolver = g_simple_proxy_resolver_new (proxy_url, NULL);
  aduan_sync_engine_set_proxy_resolver (engine, resolver);
  g_assert_true (sync_test_run_pass (engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fault_proxy_count_requests (proxy, "PUT http://127.0.0.1:"), ==, 1);
  sync_test_hub_assert_holds (fixture->hub, fixture->store, 2);
}

/* A hub with its own certificate: refused by default, with a message that
 * says how to trust it; trusted with --ca-file at enrollment, which later
 * syncs remember. */
static void
test_tls_own_ca (void)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autoptr(SyncTestHub) hub = NULL;
  g_autoptr(AduanStore) store = NULL;
  g_autoptr(AduanSyncEngine) engine = NULL;
  g_autoptr(AduanComplaint) complaint = NULL;
  g_autoptr(GSubprocess) make_cert = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *code = NULL;

  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed to make a certificate");
      return;
    }

  dir = aduan_test_make_temp_dir ("tls");
  cert = g_build_filename (dir, "cert.pem", NULL);
  key = g_build_filename (dir, "key.pem", NULL);
  make_cert = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                                "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                                "-addext", "subjectAltName=IP:127.0.0.1",
                                "-keyout", key, "-out", cert, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (make_cert, NULL, &error));

  {
    const char *args[] = { "--tls-cert", cert, "--tls-key", key, NULL };

    hub = sync_test_hub_start (NULL, args);
  }
  g_assert_true (g_str_has_prefix (hub->url, "https://"));

  store = sync_test_device_new ("device");
  code = sync_test_hub_enroll_code (hub);
  g_assert_false (aduan_credentials_enroll (store, hub->url, code, NULL, NULL, NULL, &error));
  g_assert_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "CA file"));
  g_clear_error (&error);

  aduan_credentials_enroll (store, hub->url, code, NULL, cert, NULL, &error);
  g_assert_no_error (error);

  complaint = sync_test_save_complaint (store, 1, 1, 20000);
  engine = sync_test_engine_new (store);
  g_assert_true (sync_test_run_pass (engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sync_test_count_waiting (store), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  sync_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sync/engine/enroll-cli", test_enroll_cli);
  ADD ("/sync/engine/send-with-photos", test_send_with_photos);
  ADD ("/sync/engine/idempotent", test_idempotent);
  ADD ("/sync/engine/saved-then-killed", test_saved_then_killed);
  ADD ("/sync/engine/conflict", test_conflict);
  ADD ("/sync/engine/revoked", test_revoked);
  ADD ("/sync/engine/news", test_news);
  ADD ("/sync/engine/not-enrolled", test_not_enrolled);
  ADD ("/sync/engine/unreachable", test_unreachable);
  ADD ("/sync/engine/photo-missing", test_photo_missing);
  ADD ("/sync/engine/auto-sync", test_auto_sync);
  ADD ("/sync/engine/proxies", test_proxies);
  ADD ("/sync/cli/sync", test_cli_sync);
  ADD ("/sync/cli/sync-json-exit", test_cli_sync_json_exit);
  ADD ("/sync/engine/token-never-logged", test_token_never_logged);
  ADD ("/sync/engine/network-back", test_network_back);

#undef ADD

  g_test_add_func ("/sync/engine/tls-own-ca", test_tls_own_ca);

  return g_test_run ();
}
