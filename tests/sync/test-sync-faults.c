/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "aduan-outbox.h"
#include "sync-test-common.h"

/* Faults on the way: the device talks to the hub through a TCP proxy the
 * test steers (sync-test-common.c). */

#define PHOTO_SIZE (400 * 1000)

typedef struct
{
  SyncTestHub     *hub;
  FaultProxy      *proxy;
  AduanStore      *store;
  AduanSyncEngine *engine;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *url = NULL;

  fixture->hub = sync_test_hub_start (NULL, NULL);
  fixture->proxy = fault_proxy_new (fixture->hub->port);
  fixture->store = sync_test_device_new ("device");
  url = fault_proxy_get_url (fixture->proxy);
  sync_test_enroll (fixture->store, fixture->hub, url);
  fixture->engine = sync_test_engine_new (fixture->store);
  fault_proxy_reset_counters (fixture->proxy);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->engine);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->proxy, fault_proxy_free);
  g_clear_pointer (&fixture->hub, sync_test_hub_free);
}

/* Cut the connection halfway through a photo: the same pass resumes from
 * the hub's offset (HEAD), and less than 64 kB goes twice. */
static void
test_cut_mid_photo (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(AduanComplaint) complaint = sync_test_save_complaint (fixture->store, 1, 1, PHOTO_SIZE);
  g_autoptr(GError) error = NULL;
  guint64 up = 0;

  fault_proxy_cut_at (fixture->proxy, PHOTO_SIZE / 2);
  g_assert_true (sync_test_run_pass (fixture->engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);

  fault_proxy_get_counters (fixture->proxy, &up, NULL);
  g_test_message ("PUT %u POST %u HEAD %u PATCH %u up %" G_GUINT64_FORMAT,
                  fault_proxy_count_requests (fixture->proxy, "PUT "),
                  fault_proxy_count_requests (fixture->proxy, "POST "),
                  fault_proxy_count_requests (fixture->proxy, "HEAD "),
                  fault_proxy_count_requests (fixture->proxy, "PATCH "), up);
  g_assert_cmpuint (fault_proxy_count_requests (fixture->proxy, "HEAD "), >=, 1);
  /* One upload, made by the hub with the complaint's PUT, resumed after
   * the cut rather than made again. */
  g_assert_cmpuint (fault_proxy_count_requests (fixture->proxy, "POST /v1/uploads"), ==, 0);
  g_assert_cmpuint (fault_proxy_count_requests (fixture->proxy, "PUT /v1/complaints/"), >=, 1);
  {
    g_autofree char *offer = g_strconcat ("PUT /v1/complaints/", complaint->uuid, "?uploads=create ", NULL);

    g_assert_cmpuint (fault_proxy_count_requests (fixture->proxy, offer), ==, 1);
  }
  g_test_message ("%" G_GUINT64_FORMAT " bytes up for a photo of %d", up, PHOTO_SIZE);
  g_assert_cmpuint (up, <, PHOTO_SIZE + 64 * 1000);
  sync_test_hub_assert_holds (fixture->hub, fixture->store, 1);
}

/* The same with checksummed chunks: a chunk cut in the middle is thrown
 * away by the hub and sent again whole. */
static void
test_cut_chunked (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(AduanComplaint) complaint = sync_test_save_complaint (fixture->store, 1, 1, PHOTO_SIZE);
  g_autoptr(GError) error = NULL;
  guint64 up = 0;

  aduan_sync_engine_set_chunk_size (fixture->engine, 64 * 1024);
  fault_proxy_cut_at (fixture->proxy, PHOTO_SIZE / 2);
  g_assert_true (sync_test_run_pass (fixture->engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (fault_proxy_count_requests (fixture->proxy, "PATCH "), >=, 8);
  fault_proxy_get_counters (fixture->proxy, &up, NULL);
  g_assert_cmpuint (up, <, PHOTO_SIZE + 64 * 1024 + 16 * 1000);
  sync_test_hub_assert_holds (fixture->hub, fixture->store, 1);
}

/* A dead link (the connection stays open, nothing moves) is noticed
 * within the stall timeout, and sending resumes on a new connection. */
static void
test_stall (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(AduanComplaint) complaint = sync_test_save_complaint (fixture->store, 1, 1, PHOTO_SIZE);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  fault_proxy_stall_at (fixture->proxy, PHOTO_SIZE / 3);
  g_assert_true (sync_test_run_pass (fixture->engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);
  g_test_message ("Recovered in %.1f s", (g_get_monotonic_time () - start) / 1e6);
  /* No clock in the verdict: a stall never noticed hangs until meson's
   * timeout; noticed, the photo goes on in a second PATCH. */
  g_assert_cmpuint (fault_proxy_count_requests (fixture->proxy, "PATCH "), >=, 2);
  sync_test_hub_assert_holds (fixture->hub, fixture->store, 1);
}

static void
progress_cb (AduanSyncEngine    *engine,
             const char         *uuid,
             AduanSyncItemState  state,
             double              fraction,
             GArray             *fractions)
{
  if (state == ADUAN_SYNC_ITEM_SENDING)
    g_array_append_val (fractions, fraction);
}

/* On a link throttled to 32 kB/s it still gets there, reporting how far
 * it got as it goes, never backwards. */
static void
test_throttled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(AduanComplaint) complaint = sync_test_save_complaint (fixture->store, 1, 1, 64 * 1000);
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  double elapsed;

  fault_proxy_set_link (fixture->proxy, 32 * 1000, 0);
  g_signal_connect (fixture->engine, "item-progress", G_CALLBACK (progress_cb), fractions);
  g_assert_true (sync_test_run_pass (fixture->engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);
  elapsed = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("64 kB at 32 kB/s in %.1f s, %u progress reports", elapsed, fractions->len);

  g_assert_cmpfloat (elapsed, >=, 1.8);
  g_assert_cmpuint (fractions->len, >=, 5);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >=, g_array_index (fractions, double, i - 1));
  sync_test_hub_assert_holds (fixture->hub, fixture->store, 1);
}

/* A 500 in the middle is retried in the same pass. */
static void
test_server_error (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(AduanComplaint) complaint = sync_test_save_complaint (fixture->store, 1, 2, 50 * 1000);
  g_autoptr(GError) error = NULL;

  fault_proxy_inject (fixture->proxy, "PATCH ", 500, NULL, 1);
  g_assert_true (sync_test_run_pass (fixture->engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);
  sync_test_hub_assert_holds (fixture->hub, fixture->store, 1);
}

/* 503 with Retry-After: waited out when short, within the pass. */
static void
test_retry_after_short (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(AduanComplaint) complaint = sync_test_save_complaint (fixture->store, 1, 1, 10 * 1000);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  fault_proxy_inject (fixture->proxy, "PUT ", 503, "2", 1);
  g_assert_true (sync_test_run_pass (fixture->engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 1900 * 1000);
  g_assert_cmpuint (fault_proxy_count_requests (fixture->proxy, "PUT "), ==, 2);
  sync_test_hub_assert_holds (fixture->hub, fixture->store, 1);
}

/* A long Retry-After ends the pass; automatic passes keep away until
 * then, the complaint's next try is when the hub said. */
static void
test_retry_after_long (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(AduanComplaint) complaint = sync_test_save_complaint (fixture->store, 1, 0, 0);
  g_autoptr(AduanOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();

  fault_proxy_inject (fixture->proxy, "PUT ", 503, "120", 1);
  g_assert_false (sync_test_run_pass (fixture->engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_HUB_BUSY);
  g_clear_error (&error);

  item = aduan_outbox_get (fixture->store, complaint->uuid, &error);
  g_assert_cmpuint (item->last_http_status, ==, 503);
  g_assert_cmpint (item->next_attempt_at, >=, now + 119 * G_USEC_PER_SEC);
  g_assert_cmpint (item->next_attempt_at, <=, now + 122 * G_USEC_PER_SEC);
  g_assert_cmpint (aduan_sync_engine_get_status (fixture->engine), ==, ADUAN_SYNC_STATUS_WAITING);

  fault_proxy_reset_counters (fixture->proxy);
  g_assert_false (sync_test_run_pass (fixture->engine, ADUAN_SYNC_FLAGS_DUE_ONLY, &error));
  g_assert_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_HUB_BUSY);
  g_clear_error (&error);
  g_assert_cmpuint (fault_proxy_count_requests (fixture->proxy, ""), ==, 0);

  /* "Sync now" asks anyway. */
  g_assert_true (sync_test_run_pass (fixture->engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);
  sync_test_hub_assert_holds (fixture->hub, fixture->store, 1);
}

static void
kill_hub_cb (FaultProxy *proxy,
             gpointer    user_data)
{
  SyncTestHub *hub = user_data;

  /* In the proxy's thread, mid-PATCH: as a power cut at the hub. */
  kill ((pid_t) g_ascii_strtoll (g_subprocess_get_identifier (hub->process), NULL, 10), SIGKILL);
}

/* The hub is killed (SIGKILL) in the middle of a photo and started again:
 * nothing is lost, nothing is stored twice, the photo is whole. */
static void
test_hub_killed (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(AduanComplaint) first = sync_test_save_complaint (fixture->store, 1, 2, PHOTO_SIZE);
  g_autoptr(AduanComplaint) second = sync_test_save_complaint (fixture->store, 2, 1, PHOTO_SIZE);
  g_autoptr(GError) error = NULL;

  fault_proxy_trigger_at (fixture->proxy, PHOTO_SIZE * 3 / 2, kill_hub_cb, fixture->hub);
  if (!sync_test_run_pass (fixture->engine, ADUAN_SYNC_FLAGS_NONE, &error))
    g_test_message ("Pass with the hub killed: %s", error->message);
  g_clear_error (&error);
  g_assert_cmpuint (sync_test_count_waiting (fixture->store), >, 0);

  sync_test_hub_restart (fixture->hub);
  fault_proxy_set_upstream (fixture->proxy, fixture->hub->port);

  g_assert_true (sync_test_run_pass (fixture->engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sync_test_count_waiting (fixture->store), ==, 0);
  sync_test_hub_assert_holds (fixture->hub, fixture->store, 2);
}

/* One complaint the hub keeps failing on does not hold up the others. */
static void
test_one_bad_item (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(AduanComplaint) bad = sync_test_save_complaint (fixture->store, 1, 1, 5000);
  g_autoptr(AduanOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_strconcat ("PUT /v1/complaints/", bad->uuid, NULL);

  for (guint i = 2; i <= 4; i++)
    {
      g_autoptr(AduanComplaint) good = sync_test_save_complaint (fixture->store, i, 1, 5000);
    }

  fault_proxy_inject (fixture->proxy, line, 500, NULL, 100);
  g_assert_true (sync_test_run_pass (fixture->engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);

  item = aduan_outbox_get (fixture->store, bad->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (item->sync_state, !=, ADUAN_SYNC_STATE_FAILED);
  g_assert_cmpuint (item->attempts, ==, 1);
  g_assert_cmpuint (item->last_http_status, ==, 500);
  g_assert_cmpint (item->next_attempt_at, >, g_get_real_time ());
  g_assert_nonnull (strstr (item->last_error, "tried again automatically"));
  g_assert_cmpuint (sync_test_count_waiting (fixture->store), ==, 1);
  {
    g_autoptr(GHashTable) records = sync_test_hub_list_complaints (fixture->hub);

    g_assert_cmpuint (g_hash_table_size (records), ==, 3);
  }

  fault_proxy_inject (fixture->proxy, NULL, 0, NULL, 0);
  g_assert_true (sync_test_run_pass (fixture->engine, ADUAN_SYNC_FLAGS_NONE, &error));
  sync_test_hub_assert_holds (fixture->hub, fixture->store, 4);
}

/* A complaint the hub refuses as invalid (422) is stopped for good with a
 * sentence that says what to do; the others in the pass still go. */
static void
test_refused_invalid (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(AduanComplaint) before = sync_test_save_complaint (fixture->store, 1, 1, 5000);
  g_autoptr(AduanComplaint) bad = sync_test_save_complaint (fixture->store, 2, 1, 5000);
  g_autoptr(AduanComplaint) after = sync_test_save_complaint (fixture->store, 3, 1, 5000);
  g_autoptr(AduanOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_strconcat ("PUT /v1/complaints/", bad->uuid, NULL);

  fault_proxy_inject (fixture->proxy, line, 422, NULL, 1);
  g_assert_true (sync_test_run_pass (fixture->engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);

  item = aduan_outbox_get (fixture->store, bad->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (item->sync_state, ==, ADUAN_SYNC_STATE_FAILED);
  g_assert_cmpuint (item->last_http_status, ==, 422);
  g_assert_nonnull (strstr (item->last_error, "refused the complaint as invalid"));
  g_assert_nonnull (strstr (item->last_error, "Answered by the test proxy"));
  g_assert_cmpuint (fault_proxy_count_requests (fixture->proxy, line), ==, 1);
  g_assert_cmpuint (aduan_sync_engine_get_n_failed (fixture->engine), ==, 1);
  g_assert_cmpint (aduan_sync_engine_get_status (fixture->engine), ==, ADUAN_SYNC_STATUS_NEEDS_ATTENTION);
  {
    g_autoptr(GHashTable) records = sync_test_hub_list_complaints (fixture->hub);

    g_assert_cmpuint (g_hash_table_size (records), ==, 2);
    g_assert_true (g_hash_table_contains (records, before->uuid));
    g_assert_true (g_hash_table_contains (records, after->uuid));
  }
}

int
main (int    argc,
      char **argv)
{
  sync_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sync/faults/cut-mid-photo", test_cut_mid_photo);
  ADD ("/sync/faults/cut-chunked", test_cut_chunked);
  ADD ("/sync/faults/stall", test_stall);
  ADD ("/sync/faults/refused-invalid", test_refused_invalid);
  ADD ("/sync/faults/throttled", test_throttled);
  ADD ("/sync/faults/server-error", test_server_error);
  ADD ("/sync/faults/retry-after-short", test_retry_after_short);
  ADD ("/sync/faults/retry-after-long", test_retry_after_long);
  ADD ("/sync/faults/hub-killed", test_hub_killed);
  ADD ("/sync/faults/one-bad-item", test_one_bad_item);

#undef ADD

  return g_test_run ();
}
