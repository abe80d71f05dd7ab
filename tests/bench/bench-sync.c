/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The sync engine against the built aduan-hub, in one run:
 *
 *  a. wall time to sync N_BULK complaints with two 300 kB photos each over
 *     loopback, straight to a fresh hub, next to libcurl alone sending the
 *     same requests with the same bytes (PUT of the same wire JSON, then a
 *     tus POST and one PATCH per photo, on one kept-alive connection) to
 *     another fresh hub of its own. Both hubs store with the same
 *     durability, so the difference is the engine: its outbox writes on the
 *     device (one fsync'ed per complaint: the lock that keeps a complaint
 *     from being edited once its JSON may be at the hub; the others are
 *     synchronous=NORMAL), the change feed read at the end, and its own
 *     overhead. Each side runs twice, alternating; the best of each
 *     counts.                                          Target ≤ 1.3×.
 *  b. bytes on the wire, both ways, counted by the test's TCP proxy,
 *     over the payload (complaint JSON + photo bytes).   Target ≤ 1.05.
 *  c. through the proxy throttled to 256 kbit/s with 300 ms delay each
 *     way: payload bytes per second as % of the link.  Target ≥ 85 %.
 *  d. a cut halfway through a photo: the bytes sent again, as the hub
 *     received them (the cut run's upstream bytes less those of the same
 *     complaint sent cleanly).                          Target < 64 kB.
 *
 * The figures print as "name: value" lines.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <curl/curl.h>
#include <glib/gstdio.h>

#include "aduan-tus-client.h"
#include "bench-common.h"
#include "sync-test-common.h"

#define PHOTO_SIZE (300 * 1000)
#define N_PHOTOS 2
#define N_BULK 500
#define N_WIRE 50
/* 4 × 2 × 300 kB: 2.4 MB through a 32 000 B/s link, about 80 s. */
#define N_SLOW 4
#define LINK_RATE 32000
#define LINK_DELAY_MS 300

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static GPtrArray *
save_complaints (AduanStore *store,
                 guint       first,
                 guint       n)
{
  GPtrArray *complaints = g_ptr_array_new_with_free_func ((GDestroyNotify) aduan_complaint_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (complaints, sync_test_save_complaint (store, first + i, N_PHOTOS, PHOTO_SIZE));

  return complaints;
}

/* What the complaints are: their wire JSON and their photos' bytes. */
static guint64
payload_bytes (GPtrArray *complaints)
{
  guint64 total = 0;

  for (guint i = 0; i < complaints->len; i++)
    {
      AduanComplaint *complaint = g_ptr_array_index (complaints, i);
      g_autofree char *json = aduan_complaint_to_json_string (complaint, ADUAN_JSON_WIRE, FALSE);

      total += strlen (json);
      for (guint p = 0; p < complaint->photos->len; p++)
        total += ((AduanPhotoRef *) g_ptr_array_index (complaint->photos, p))->size;
    }

  return total;
}

static double
run_engine (AduanStore *store,
            guint       n_expected)
{
  g_autoptr(AduanSyncEngine) engine = sync_test_engine_new (store);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  double seconds;

  aduan_sync_engine_set_timeouts (engine, 10, 30);
  g_assert_true (sync_test_run_pass (engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);
  seconds = seconds_since (start);
  g_assert_cmpuint (sync_test_count_waiting (store), ==, 0);
  (void) n_expected;

  return seconds;
}

/* ---- the baseline: libcurl alone ---------------------------------- */

typedef struct
{
  FILE  *file;
  gsize  left;
} Body;

static size_t
read_file_cb (char   *buffer,
              size_t  size,
              size_t  count,
              void   *user_data)
{
  Body *body = user_data;
  size_t n = fread (buffer, 1, MIN (size * count, body->left), body->file);

  body->left -= n;
  return n;
}

static size_t
write_string_cb (char   *data,
                 size_t  size,
                 size_t  count,
                 void   *user_data)
{
  g_string_append_len (user_data, data, size * count);
  return size * count;
}

static long
perform (CURL *curl)
{
  long status = 0;

  g_assert_cmpint (curl_easy_perform (curl), ==, CURLE_OK);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  return status;
}

static char *
enroll_by_hand (SyncTestHub *hub)
{
  g_autofree char *code = sync_test_hub_enroll_code (hub);
  g_autofree char *url = g_strconcat (hub->url, "v1/enroll", NULL);
  g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\"}", code);
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  struct curl_slist *headers = curl_slist_append (NULL, "Content-Type: application/json");
  CURL *curl = curl_easy_init ();

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_string_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, answer);
  g_assert_cmpint (perform (curl), ==, 201);
  curl_easy_cleanup (curl);
  curl_slist_free_all (headers);

  json_parser_load_from_data (parser, answer->str, answer->len, &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "token"));
}

/* The hub's "uploads" in a PUT answer: SHA-256 → relative URL. */
static JsonObject *
offered_uploads (JsonParser *parser,
                 GString    *answer)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, answer->str, answer->len, &error);
  g_assert_no_error (error);
  return json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "uploads");
}

/* The same requests the engine makes for these complaints (a PUT asking
 * the hub for the photos' uploads, then one PATCH per photo), by libcurl
 * on one handle, so one kept-alive connection, without Expect: 100. */
static double
run_curl (SyncTestHub *hub,
          AduanStore  *store,
          GPtrArray   *complaints)
{
  g_autofree char *token = enroll_by_hand (hub);
  g_autofree char *authorization = g_strconcat ("Authorization: Bearer ", token, NULL);
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  CURL *curl = curl_easy_init ();
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < complaints->len; i++)
    {
      AduanComplaint *complaint = g_ptr_array_index (complaints, i);
      g_autofree char *json = aduan_complaint_to_json_string (complaint, ADUAN_JSON_WIRE, FALSE);
      g_autofree char *url = g_strconcat (hub->url, "v1/complaints/", complaint->uuid, "?uploads=create", NULL);
      struct curl_slist *headers = NULL;
      JsonObject *uploads;

      headers = curl_slist_append (headers, authorization);
      headers = curl_slist_append (headers, "Content-Type: application/json");
      headers = curl_slist_append (headers, "Expect:");
      curl_easy_reset (curl);
      g_string_truncate (answer, 0);
      curl_easy_setopt (curl, CURLOPT_URL, url);
      curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, "PUT");
      curl_easy_setopt (curl, CURLOPT_POSTFIELDS, json);
      curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
      curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_string_cb);
      curl_easy_setopt (curl, CURLOPT_WRITEDATA, answer);
      g_assert_cmpint (perform (curl), ==, 201);
      curl_slist_free_all (headers);
      uploads = offered_uploads (parser, answer);

      for (guint p = 0; p < complaint->photos->len; p++)
        {
          AduanPhotoRef *ref = g_ptr_array_index (complaint->photos, p);
          g_autofree char *name = g_strconcat (ref->sha256, ".jpg", NULL);
          g_autofree char *path = g_build_filename (aduan_store_get_data_dir (store), "photos", name, NULL);
          g_autofree char *patch_url = NULL;
          Body body = { g_fopen (path, "rb"), ref->size };

          g_assert_nonnull (body.file);
          g_assert_true (json_object_has_member (uploads, ref->sha256));
          patch_url = g_uri_resolve_relative (hub->url, json_object_get_string_member (uploads, ref->sha256),
                                              G_URI_FLAGS_NONE, NULL);
          headers = curl_slist_append (NULL, authorization);
          headers = curl_slist_append (headers, "Tus-Resumable: 1.0.0");
          headers = curl_slist_append (headers, "Upload-Offset: 0");
          headers = curl_slist_append (headers, "Content-Type: application/offset+octet-stream");
          headers = curl_slist_append (headers, "Expect:");
          curl_easy_reset (curl);
          g_string_truncate (answer, 0);
          curl_easy_setopt (curl, CURLOPT_URL, patch_url);
          curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
          curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, "PATCH");
          curl_easy_setopt (curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t) ref->size);
          curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_file_cb);
          curl_easy_setopt (curl, CURLOPT_READDATA, &body);
          curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
          curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_string_cb);
          curl_easy_setopt (curl, CURLOPT_WRITEDATA, answer);
          g_assert_cmpint (perform (curl), ==, 204);
          curl_slist_free_all (headers);
          fclose (body.file);
        }
    }

  curl_easy_cleanup (curl);
  return seconds_since (start);
}

/* ---- the figures --------------------------------------------------- */

/* Each side runs twice, alternating, each time to a fresh hub: the
 * machine's other load moves both alike, and the best of each is
 * compared. */
static void
bench_bulk (void)
{
  g_autoptr(AduanStore) first = sync_test_device_new ("bench-bulk-1");
  g_autoptr(AduanStore) second = sync_test_device_new ("bench-bulk-2");
  g_autoptr(GPtrArray) first_complaints = save_complaints (first, 1, N_BULK);
  g_autoptr(GPtrArray) second_complaints = save_complaints (second, N_BULK + 1, N_BULK);
  AduanStore *stores[] = { first, second };
  GPtrArray *complaints[] = { first_complaints, second_complaints };
  double curl_seconds[2], engine_seconds[2], curl_best, engine_best;

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(SyncTestHub) curl_hub = sync_test_hub_start (NULL, NULL);
      g_autoptr(SyncTestHub) engine_hub = sync_test_hub_start (NULL, NULL);

      /* The same photo files, read from the same warm page cache. */
      curl_seconds[round] = run_curl (curl_hub, stores[round], complaints[round]);
      sync_test_enroll (stores[round], engine_hub, NULL);
      engine_seconds[round] = run_engine (stores[round], N_BULK);
    }

  curl_best = MIN (curl_seconds[0], curl_seconds[1]);
  engine_best = MIN (engine_seconds[0], engine_seconds[1]);

  g_print ("sync_bulk_complaints: %u\n", N_BULK);
  g_print ("sync_bulk_payload_mb: %.1f\n", payload_bytes (first_complaints) / 1e6);
  g_print ("sync_bulk_engine_runs_s: %.2f %.2f\n", engine_seconds[0], engine_seconds[1]);
  g_print ("sync_bulk_libcurl_runs_s: %.2f %.2f\n", curl_seconds[0], curl_seconds[1]);
  g_print ("sync_bulk_engine_s: %.2f\n", engine_best);
  g_print ("sync_bulk_libcurl_s: %.2f\n", curl_best);
  g_print ("sync_bulk_ratio_to_libcurl: %.2f\n", engine_best / curl_best);
  g_print ("sync_bulk_target_met: %s\n", engine_best <= 1.3 * curl_best ? "yes" : "no");
}

static void
bench_wire (void)
{
  g_autoptr(AduanStore) store = sync_test_device_new ("bench-wire");
  g_autoptr(SyncTestHub) hub = sync_test_hub_start (NULL, NULL);
  g_autoptr(FaultProxy) proxy = fault_proxy_new (hub->port);
  g_autoptr(GPtrArray) complaints = save_complaints (store, 1, N_WIRE);
  g_autofree char *url = fault_proxy_get_url (proxy);
  guint64 up = 0, down = 0, payload = payload_bytes (complaints);

  sync_test_enroll (store, hub, url);
  fault_proxy_reset_counters (proxy);
  run_engine (store, N_WIRE);
  fault_proxy_get_delivered (proxy, &up, &down);

  g_print ("sync_wire_complaints: %u\n", N_WIRE);
  g_print ("sync_wire_payload_bytes: %" G_GUINT64_FORMAT "\n", payload);
  g_print ("sync_wire_up_bytes: %" G_GUINT64_FORMAT "\n", up);
  g_print ("sync_wire_down_bytes: %" G_GUINT64_FORMAT "\n", down);
  g_print ("sync_wire_ratio: %.4f\n", (double) (up + down) / payload);
  g_print ("sync_wire_target_met: %s\n", (double) (up + down) / payload <= 1.05 ? "yes" : "no");
}

static void
bench_slow_link (void)
{
  g_autoptr(AduanStore) store = sync_test_device_new ("bench-slow");
  g_autoptr(SyncTestHub) hub = sync_test_hub_start (NULL, NULL);
  g_autoptr(FaultProxy) proxy = fault_proxy_new (hub->port);
  g_autoptr(GPtrArray) complaints = save_complaints (store, 1, N_SLOW);
  g_autofree char *url = fault_proxy_get_url (proxy);
  guint64 up = 0, down = 0, payload = payload_bytes (complaints);
  double seconds, goodput;

  sync_test_enroll (store, hub, url);
  fault_proxy_set_link (proxy, LINK_RATE, LINK_DELAY_MS);
  fault_proxy_reset_counters (proxy);
  seconds = run_engine (store, N_SLOW);
  fault_proxy_get_delivered (proxy, &up, &down);
  goodput = payload / seconds / LINK_RATE * 100;

  g_print ("sync_slow_link_bytes_per_s: %d\n", LINK_RATE);
  g_print ("sync_slow_link_delay_ms: %d\n", LINK_DELAY_MS);
  g_print ("sync_slow_payload_bytes: %" G_GUINT64_FORMAT "\n", payload);
  g_print ("sync_slow_up_bytes: %" G_GUINT64_FORMAT "\n", up);
  g_print ("sync_slow_s: %.2f\n", seconds);
  g_print ("sync_slow_requests: %u\n", fault_proxy_count_requests (proxy, ""));
  g_print ("sync_slow_goodput_percent: %.1f\n", goodput);
  g_print ("sync_slow_target_met: %s\n", goodput >= 85 ? "yes" : "no");
}

/* One complaint through the proxy to a hub of its own. */
static guint64
send_one (guint    n,
          gboolean cut)
{
  g_autoptr(SyncTestHub) hub = sync_test_hub_start (NULL, NULL);
  g_autoptr(FaultProxy) proxy = fault_proxy_new (hub->port);
  g_autoptr(AduanStore) store = sync_test_device_new ("bench-cut");
  g_autoptr(AduanComplaint) complaint = sync_test_save_complaint (store, n, N_PHOTOS, PHOTO_SIZE);
  g_autofree char *url = fault_proxy_get_url (proxy);
  guint64 up = 0;

  sync_test_enroll (store, hub, url);
  fault_proxy_reset_counters (proxy);
  if (cut)
    fault_proxy_cut_at (proxy, PHOTO_SIZE / 2);
  run_engine (store, 1);
  fault_proxy_get_delivered (proxy, &up, NULL);
  sync_test_hub_assert_holds (hub, store, 1);

  return up;
}

static void
bench_cut (void)
{
  guint64 clean = send_one (1, FALSE);
  guint64 cut = send_one (2, TRUE);
  gint64 resent = (gint64) cut - (gint64) clean;

  g_print ("sync_cut_clean_up_bytes: %" G_GUINT64_FORMAT "\n", clean);
  g_print ("sync_cut_up_bytes: %" G_GUINT64_FORMAT "\n", cut);
  g_print ("sync_cut_resent_bytes: %" G_GINT64_FORMAT "\n", resent);
  g_print ("sync_cut_target_met: %s\n", resent < 64 * 1024 ? "yes" : "no");
}

int
main (int    argc,
      char **argv)
{
  const char *only = argc > 1 ? argv[1] : NULL;

  sync_test_init (&argc, &argv);
  curl_global_init (CURL_GLOBAL_DEFAULT);

  if (only == NULL || g_str_equal (only, "bulk"))
    bench_bulk ();
  if (only == NULL || g_str_equal (only, "wire"))
    bench_wire ();
  if (only == NULL || g_str_equal (only, "cut"))
    bench_cut ();
  if (only == NULL || g_str_equal (only, "slow"))
    bench_slow_link ();

  return 0;
}
