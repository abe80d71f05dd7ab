/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <gio/gio.h>

#include "aduan-app-runner.h"
#include "aduan-credentials.h"
#include "aduan-store.h"
#include "aduan-test-util.h"
#include "sync-test-common.h"

/*
 * Sync as an officer sees it, against the real aduan-hub on a free
 * loopback port: enrolling from the menu, the sync indicator, each row's
 * state, the hub's news on the detail view, and a revoked device asked to
 * enroll again.
 */

static AduanComplaint *
save_complaint (const char *data_dir,
                guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanStore) store = aduan_store_open (data_dir, &error);
  g_autoptr(AduanComplaint) complaint = aduan_test_make_complaint (n);

  g_assert_no_error (error);
  g_assert_true (aduan_store_save (store, complaint, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&complaint);
}

/* Enroll from the menu with the hub's one-time code: what waited is sent
 * at once, the indicator says all is sent and each row that the hub has
 * it. The admin verifies one; "Sync Now" brings that news to its row and
 * its detail. The hub then revokes the device: the next sync asks, in the
 * window, for enrolling again, nothing is marked failed, and Preferences
 * name the hub and lead to enrolling again as well. */
static void
test_enroll_and_sync (void)
{
  g_autofree char *root = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *hub_dir = NULL;
  g_autofree char *code = NULL;
  g_autofree char *script = NULL;
  g_autofree char *verify = NULL;
  g_autofree char *enroll_png = aduan_app_runner_screenshot_path ("enroll-dialog.png");
  g_autofree char *sent_png = aduan_app_runner_screenshot_path ("sync-all-sent.png");
  g_autofree char *news_png = aduan_app_runner_screenshot_path ("aduan-sync.png");
  g_autofree char *preferences_png = aduan_app_runner_screenshot_path ("preferences-hub.png");
  g_autofree char *again_png = aduan_app_runner_screenshot_path ("sync-enroll-again.png");
  g_autoptr(SyncTestHub) hub = NULL;
  g_autoptr(AduanComplaint) first = NULL;
  g_autoptr(AduanComplaint) second = NULL;
  g_autoptr(AduanComplaint) third = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(AduanEnrollment) enrollment = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(AduanAppRun) run = { 0 };
  guint http_status = 0;

  if (aduan_app_runner_skip ())
    return;

  root = aduan_test_make_temp_dir ("ui-sync");
  data_dir = g_build_filename (root, "data", NULL);
  hub_dir = g_build_filename (root, "hub", NULL);
  hub = sync_test_hub_start (hub_dir, NULL);
  code = sync_test_hub_enroll_code (hub);
  g_strstrip (code);

  first = save_complaint (data_dir, 1);
  second = save_complaint (data_dir, 2);

  script = g_strdup_printf (
    "resize 1280 760\n"
    "expect-count 2\n"
    "expect-list \"Waiting to send\"\n"
    "action win.enroll\n"
    "expect-visible url_row\n"
    "set url_row %s\n"
    "set code_row %s\n"
    "snapshot-of url_row %s\n"
    /* As Enter in the fields does; the header bar has an enroll_button too. */
    "action-on code_row enroll.enroll\n"
    "expect-text status_label \"All sent\"\n"
    "expect-list \"Received by the hub\"\n"
    "snapshot %s\n"
    "quit\n",
    hub->url, code, enroll_png, sent_png);
  aduan_app_runner_run (data_dir, script, &run);
  g_assert_cmpint (run.status, ==, 0);
  aduan_app_runner_assert_png (sent_png);
  {
    g_autoptr(GHashTable) held = sync_test_hub_list_complaints (hub);

    g_assert_cmpuint (g_hash_table_size (held), ==, 2);
  }

  /* The office verifies the first one. */
  verify = g_strdup_printf ("v1/complaints/%s/verify", first->uuid);
  answer = sync_test_hub_request (hub, "POST", verify, &http_status);
  g_assert_cmpuint (http_status, ==, 200);

  aduan_app_run_clear (&run);
  g_clear_pointer (&script, g_free);
  script = g_strdup_printf (
    "resize 1280 760\n"
    /* No test reaches the internet: nothing answers on the discard port. */
    "setting map-tile-url \"'http://127.0.0.1:9/{z}/{x}/{y}.png'\"\n"
    "expect-count 2\n"
    "action win.sync-now\n"
    "expect-list \"Verified\"\n"
    "activate-row list_view 1\n"
    "expect-text description_label \"nomor 1:\"\n"
    "expect-label history_list \"Verified by the complaint office\"\n"
    "expect-label history_list \"Received by the hub\"\n"
    "expect-text sync_label Verified\n"
    "scroll-to history_list\n"
    "wait 200\n"
    "snapshot %s\n"
    "quit\n",
    news_png);
  aduan_app_runner_run (data_dir, script, &run);
  g_assert_cmpint (run.status, ==, 0);
  aduan_app_runner_assert_png (news_png);

  /* The hub no longer accepts this device. */
  {
    g_autoptr(AduanStore) store = aduan_store_open (data_dir, &error);

    g_assert_no_error (error);
    enrollment = aduan_credentials_get_enrollment (store, &error);
    g_assert_no_error (error);
    g_assert_nonnull (enrollment);
  }
  {
    const char *revoke[] = { "revoke", enrollment->device_id, NULL };
    g_autofree char *out = sync_test_hub_run (hub, revoke);
  }
  third = save_complaint (data_dir, 3);

  aduan_app_run_clear (&run);
  g_clear_pointer (&script, g_free);
  script = g_strdup_printf (
    "resize 1280 760\n"
    "expect-count 3\n"
    "action win.sync-now\n"
    "expect-visible enroll_banner_label\n"
    "expect-text status_label \"Enroll this device again\"\n"
    "expect-list \"Waiting to send\"\n"
    "snapshot %s\n"
    /* Preferences say which hub, and lead to enrolling again too. */
    "action app.preferences\n"
    "expect-text hub_row 127.0.0.1\n"
    "expect-text hub_enroll_button \"Enroll Again\"\n"
    "snapshot-of hub_row %s\n"
    "activate hub_enroll_button\n"
    "expect-visible code_row\n"
    "quit\n",
    again_png, preferences_png);
  aduan_app_runner_run (data_dir, script, &run);
  g_assert_cmpint (run.status, ==, 0);
  aduan_app_runner_assert_png (again_png);
  aduan_app_runner_assert_png (preferences_png);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  aduan_app_runner_keep_system_dirs ();
  sync_test_init (&argc, &argv);
  aduan_app_runner_init (1366, 768);

  g_test_add_func ("/app/sync/enroll-and-sync", test_enroll_and_sync);

  status = g_test_run ();
  aduan_app_runner_shutdown ();

  return status;
}
