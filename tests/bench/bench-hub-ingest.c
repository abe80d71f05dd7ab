/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * aduan-hub's intake against the disk it runs on, in the same run:
 *
 *  - complaints ingested per second by the built hub over loopback, eight
 *    devices sending at once (PUT /v1/complaints/{uuid}, each answered
 *    only once durable), next to plain SQLite inserts per second of the
 *    same JSON with the same durability (WAL, synchronous=FULL, one
 *    transaction each);
 *  - photo upload MB/s by tus (creation and one PATCH per photo, eight
 *    devices at once), next to plain write() + fdatasync() of the same
 *    bytes.
 *
 * Target: ingest ≥ 50 % of the plain-insert rate.
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "bench-common.h"
#include "hub-test-common.h"

#define N_CLIENTS 8
#define N_PLAIN_INSERTS 2000
#define N_COMPLAINTS_PER_CLIENT 400
#define N_PHOTOS_PER_CLIENT 3
#define PHOTO_SIZE (4 * 1024 * 1024)

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static double
bench_plain_inserts (const char *dir,
                     const char *prefix,
                     const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) complaints = g_ptr_array_new_with_free_func ((GDestroyNotify) aduan_complaint_free);
  gint64 start;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                                 "CREATE TABLE complaints (uuid TEXT PRIMARY KEY, tracking_code TEXT NOT NULL UNIQUE,"
                                 " device_id TEXT NOT NULL, body TEXT NOT NULL, received_at INTEGER NOT NULL)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO complaints VALUES (?, ?, ?, ?, ?)", -1, &stmt, NULL),
                   ==, SQLITE_OK);

  for (guint i = 0; i < N_PLAIN_INSERTS; i++)
    {
      AduanComplaint *complaint = hub_test_make_complaint (prefix, i + 1);

      g_ptr_array_add (bodies, aduan_complaint_to_json_string (complaint, ADUAN_JSON_WIRE, FALSE));
      g_ptr_array_add (complaints, complaint);
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_PLAIN_INSERTS; i++)
    {
      const AduanComplaint *complaint = g_ptr_array_index (complaints, i);

      g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, complaint->uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, complaint->tracking_code, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, "dev-bench", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, g_ptr_array_index (bodies, i), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, g_get_real_time ());
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
    }

  {
    double rate = N_PLAIN_INSERTS / seconds_since (start);

    sqlite3_finalize (stmt);
    sqlite3_close (db);
    return rate;
  }
}

static double
bench_plain_writes (const char *dir)
{
  g_autoptr(GBytes) photo = hub_test_make_photo (PHOTO_SIZE, 7);
  guint n = N_CLIENTS * N_PHOTOS_PER_CLIENT;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("plain-%u", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

      g_assert_cmpint (fd, >=, 0);
      g_assert_cmpint (write (fd, g_bytes_get_data (photo, NULL), PHOTO_SIZE), ==, PHOTO_SIZE);
      g_assert_cmpint (fdatasync (fd), ==, 0);
      close (fd);
    }

  return n * (PHOTO_SIZE / (1024.0 * 1024.0)) / seconds_since (start);
}

typedef struct
{
  HubTestHub     *hub;
  char           *token;
  char           *prefix;
  guint           client;
  GArray         *latencies_ms;  /* (element-type double) */
  guint           failures;
  AduanComplaint *photo_complaint;  /* lists @photos */
  GPtrArray      *photos;           /* (element-type GBytes) */
} Client;

static SoupMessage *
new_request (Client     *client,
             const char *method,
             const char *path)
{
  g_autofree char *url = g_strconcat (client->hub->url, path, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", client->token, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
  return msg;
}

static gpointer
ingest_thread (gpointer data)
{
  Client *client = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_main_context_push_thread_default (context);
  session = hub_test_session_new ();

  for (guint i = 0; i < N_COMPLAINTS_PER_CLIENT; i++)
    {
      g_autoptr(AduanComplaint) complaint = hub_test_make_complaint (client->prefix, i + 1);

      g_ptr_array_add (bodies, aduan_complaint_to_json_string (complaint, ADUAN_JSON_WIRE, FALSE));
      g_ptr_array_add (paths, g_strconcat ("/v1/complaints/", complaint->uuid, NULL));
    }

  for (guint i = 0; i < N_COMPLAINTS_PER_CLIENT; i++)
    {
      g_autoptr(SoupMessage) msg = new_request (client, "PUT", g_ptr_array_index (paths, i));
      g_autoptr(GBytes) body = g_bytes_new_static (g_ptr_array_index (bodies, i), strlen (g_ptr_array_index (bodies, i)));
      g_autoptr(GBytes) answer = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      soup_message_set_request_body_from_bytes (msg, "application/json", body);
      answer = soup_session_send_and_read (session, msg, NULL, NULL);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      (void) answer;
      g_array_append_val (client->latencies_ms, ms);
      if (soup_message_get_status (msg) != 201)
        client->failures++;
    }

  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
  return NULL;
}

/* Photos and their hashes are made before the clock starts. */
static void
prepare_photos (Client *client)
{
  client->photo_complaint = hub_test_make_complaint (client->prefix, 900);
  client->photos = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (guint i = 0; i < N_PHOTOS_PER_CLIENT; i++)
    {
      GBytes *photo = hub_test_make_photo (PHOTO_SIZE, client->client * 100 + i);

      g_ptr_array_add (client->photos, photo);
      g_ptr_array_add (client->photo_complaint->photos, hub_test_photo_ref (photo));
    }
}

static gpointer
upload_thread (gpointer data)
{
  Client *client = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  AduanComplaint *complaint = client->photo_complaint;
  GPtrArray *photos = client->photos;
  g_autofree char *uuid64 = NULL;

  g_main_context_push_thread_default (context);
  session = hub_test_session_new ();

  {
    g_autofree char *path = g_strconcat ("/v1/complaints/", complaint->uuid, NULL);
    g_autofree char *json = aduan_complaint_to_json_string (complaint, ADUAN_JSON_WIRE, FALSE);
    g_autoptr(SoupMessage) msg = new_request (client, "PUT", path);
    g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
    g_autoptr(GBytes) answer = NULL;

    soup_message_set_request_body_from_bytes (msg, "application/json", body);
    answer = soup_session_send_and_read (session, msg, NULL, NULL);
    if (soup_message_get_status (msg) != 201)
      client->failures++;
  }

  uuid64 = hub_test_base64 (complaint->uuid);
  for (guint i = 0; i < N_PHOTOS_PER_CLIENT; i++)
    {
      GBytes *photo = g_ptr_array_index (photos, i);
      g_autofree char *sha256 = hub_test_sha256 (photo);
      g_autofree char *sha64 = hub_test_base64 (sha256);
      g_autofree char *metadata = g_strdup_printf ("complaint %s,sha256 %s", uuid64, sha64);
      g_autofree char *length = g_strdup_printf ("%d", PHOTO_SIZE);
      g_autoptr(SoupMessage) create = new_request (client, "POST", "/v1/uploads");
      g_autoptr(SoupMessage) patch = NULL;
      g_autoptr(GBytes) created = NULL;
      g_autoptr(GBytes) patched = NULL;
      SoupMessageHeaders *headers = soup_message_get_request_headers (create);

      soup_message_headers_replace (headers, "Tus-Resumable", "1.0.0");
      soup_message_headers_replace (headers, "Upload-Length", length);
      soup_message_headers_replace (headers, "Upload-Metadata", metadata);
      created = soup_session_send_and_read (session, create, NULL, NULL);
      if (soup_message_get_status (create) != 201)
        {
          client->failures++;
          continue;
        }

      patch = new_request (client, "PATCH",
                           soup_message_headers_get_one (soup_message_get_response_headers (create), "Location"));
      headers = soup_message_get_request_headers (patch);
      soup_message_headers_replace (headers, "Tus-Resumable", "1.0.0");
      soup_message_headers_replace (headers, "Upload-Offset", "0");
      soup_message_set_request_body_from_bytes (patch, "application/offset+octet-stream", photo);
      patched = soup_session_send_and_read (session, patch, NULL, NULL);
      if (soup_message_get_status (patch) != 204)
        client->failures++;
    }

  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static double
run_clients (Client      *clients,
             GThreadFunc  func)
{
  GThread *threads[N_CLIENTS];
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < N_CLIENTS; i++)
    threads[i] = g_thread_new ("client", func, &clients[i]);
  for (guint i = 0; i < N_CLIENTS; i++)
    g_thread_join (threads[i]);

  return seconds_since (start);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                   G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFileInfo) owned = info;
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

      remove_tree (child);
    }

  g_remove (path);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = bench_make_dir ("hub-ingest");
  g_autofree char *hub_dir = g_build_filename (dir, "hub", NULL);
  static const char * const unlimited[] = { "--rate-limit", "0", NULL };
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  Client clients[N_CLIENTS];
  HubTestHub *hub;
  double plain_before, plain_after, plain_rate, ingest_seconds, ingest_rate, plain_mb, upload_seconds, upload_mb;
  guint failures = 0;

  g_assert_cmpint (g_mkdir_with_parents (hub_dir, 0700), ==, 0);

  /* The baseline is measured before and after the hub, on the same disk,
   * so a neighbour's load during the run moves both sides alike. */
  plain_before = bench_plain_inserts (dir, "BNCH", "plain-before.sqlite");
  plain_mb = bench_plain_writes (dir);

  hub = hub_test_hub_start (hub_dir, unlimited, NULL);
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      clients[i].hub = hub;
      clients[i].client = i;
      clients[i].token = hub_test_hub_enroll (hub, "officer", NULL, &clients[i].prefix);
      clients[i].latencies_ms = g_array_new (FALSE, FALSE, sizeof (double));
      clients[i].failures = 0;
    }

  ingest_seconds = run_clients (clients, ingest_thread);
  ingest_rate = N_CLIENTS * N_COMPLAINTS_PER_CLIENT / ingest_seconds;

  for (guint i = 0; i < N_CLIENTS; i++)
    prepare_photos (&clients[i]);
  upload_seconds = run_clients (clients, upload_thread);
  upload_mb = N_CLIENTS * N_PHOTOS_PER_CLIENT * (PHOTO_SIZE / (1024.0 * 1024.0)) / upload_seconds;

  for (guint i = 0; i < N_CLIENTS; i++)
    {
      g_array_append_vals (latencies, clients[i].latencies_ms->data, clients[i].latencies_ms->len);
      failures += clients[i].failures;
      g_array_unref (clients[i].latencies_ms);
      aduan_complaint_free (clients[i].photo_complaint);
      g_ptr_array_unref (clients[i].photos);
      g_free (clients[i].token);
      g_free (clients[i].prefix);
    }

  hub_test_hub_stop (hub);
  plain_after = bench_plain_inserts (dir, "BNCH", "plain-after.sqlite");
  plain_rate = (plain_before + plain_after) / 2;
  remove_tree (dir);

  g_print ("hub_clients: %u\n", N_CLIENTS);
  g_print ("plain_sqlite_inserts_per_s: %.0f\n", plain_rate);
  g_print ("plain_sqlite_inserts_before_per_s: %.0f\n", plain_before);
  g_print ("plain_sqlite_inserts_after_per_s: %.0f\n", plain_after);
  g_print ("hub_ingest_complaints_per_s: %.0f\n", ingest_rate);
  g_print ("hub_ingest_ratio_to_plain: %.2f\n", ingest_rate / plain_rate);
  bench_report ("hub_ingest_put", latencies);
  g_print ("plain_write_fdatasync_mb_per_s: %.1f\n", plain_mb);
  g_print ("hub_photo_upload_mb_per_s: %.1f\n", upload_mb);
  g_print ("hub_photo_upload_ratio_to_plain: %.2f\n", upload_mb / plain_mb);
  g_print ("hub_failed_requests: %u\n", failures);
  g_print ("hub_ingest_target_met: %s\n", ingest_rate >= 0.5 * plain_rate ? "yes" : "no");

  return failures == 0 ? 0 : 1;
}
