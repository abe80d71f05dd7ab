/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>

#include "aduan-app-runner.h"
#include "aduan-catalog.h"
#include "aduan-store.h"
#include "aduan-test-util.h"
#include "aduan-tracking-code.h"

/*
 * The real app, under Xvfb, driven by ADUAN_TEST_SCRIPT (see
 * src/app/aduan-test-script.c). Each test checks what the app shows and
 * then, independently, what it left in the store. Screenshots go to
 * $ADUAN_TEST_SCREENSHOT_DIR.
 */

static char *
find_tracking_code (const char *output)
{
  g_autoptr(GRegex) regex = g_regex_new ("dialog: Complaint Saved.*\\\\n([2-9A-Z]{4}-[2-9A-Z]{5})",
                                         0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (!g_regex_match (regex, output, 0, &match))
    return NULL;

  return g_match_info_fetch (match, 1);
}

static AduanStore *
open_store (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  AduanStore *store = aduan_store_open (data_dir, &error);

  g_assert_no_error (error);
  return store;
}

/* Filling every field and pressing Save stores the complaint, shows its
 * tracking code, empties the form, drops the draft, and the list shows it;
 * picking it in the list shows its detail. */
static void
test_save_and_list (void)
{
  g_autofree char *root = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *form_png = aduan_app_runner_screenshot_path ("form-filled.png");
  g_autofree char *saved_png = aduan_app_runner_screenshot_path ("saved-list.png");
  g_autofree char *detail_png = aduan_app_runner_screenshot_path ("detail.png");
  g_autofree char *script = NULL;
  g_autofree char *code = NULL;
  g_autofree char *draft = NULL;
  g_auto(AduanAppRun) run = { 0 };
  g_autoptr(AduanStore) store = NULL;
  g_autoptr(GPtrArray) complaints = NULL;
  g_autoptr(GError) error = NULL;
  const AduanComplaint *complaint;

  if (aduan_app_runner_skip ())
    return;

  root = aduan_test_make_temp_dir ("ui-save");
  data_dir = g_build_filename (root, "data", NULL);

  script = g_strdup_printf (
    "resize 1280 760\n"
    /* The detail's map: no test reaches the internet. */
    "setting map-tile-url \"'http://127.0.0.1:9/{z}/{x}/{y}.png'\"\n"
    "set kind_dropdown Aspiration\n"
    "set category_dropdown \"Street lighting\"\n"
    "expect-text agency_label \"Goes to:\"\n"
    "set title_entry \"Street light broken near the market\"\n"
    "set description_view \"The street light in front of Pasar Besar has been off for two weeks.\"\n"
    "set channel_dropdown WhatsApp\n"
    "set reporter_name_entry \"Siti Aminah\"\n"
    "set reporter_phone_entry \"0812 3456 7890\"\n"
    "set reporter_nik_entry 3577011234567890\n"
    "type village_picker \"manguharjo madiun\"\n"
    "activate-row results 0\n"
    "expect-text village_picker \"Manguharjo, Manguharjo, Kota Madiun\"\n"
    "set latitude_entry -7,6298\n"
    "set longitude_entry 111.5239\n"
    "set accuracy_entry 12\n"
    "set location_source_dropdown \"GPS receiver\"\n"
    "set officer_entry \"Budi Santoso\"\n"
    "snapshot %s\n"
    "action win.save\n"
    "expect-dialog \"Complaint Saved\"\n"
    "respond close\n"
    "expect-list \"Street light broken near the market\"\n"
    "expect-list Manguharjo\n"
    "expect-count 1\n"
    "expect-text title_entry \"\"\n"
    "expect-text list_title \"1 complaint\"\n"
    "snapshot %s\n"
    "activate-row list_view 0\n"
    "expect-text description_label \"Pasar Besar\"\n"
    "expect-text reporter_nik_row 3577011234567890\n"
    "expect-text content_title \"-\"\n"
    "snapshot %s\n"
    "quit\n",
    form_png, saved_png, detail_png);

  aduan_app_runner_run (data_dir, script, &run);
  g_assert_cmpint (run.status, ==, 0);

  code = find_tracking_code (run.output);
  g_assert_nonnull (code);
  g_assert_true (aduan_tracking_code_is_valid (code));

  aduan_app_runner_assert_png (form_png);
  aduan_app_runner_assert_png (saved_png);
  aduan_app_runner_assert_png (detail_png);

  /* What the store holds, read without the app. */
  store = open_store (data_dir);
  g_assert_cmpint (aduan_store_count (store, NULL, &error), ==, 1);
  complaints = aduan_store_list (store, NULL, &error);
  g_assert_no_error (error);
  complaint = g_ptr_array_index (complaints, 0);
  g_assert_cmpstr (complaint->tracking_code, ==, code);
  g_assert_cmpint (complaint->kind, ==, ADUAN_REPORT_KIND_ASPIRATION);
  g_assert_cmpstr (complaint->category, ==, "street-lighting");
  g_assert_cmpstr (complaint->title, ==, "Street light broken near the market");
  g_assert_cmpint (complaint->channel, ==, ADUAN_CHANNEL_WHATSAPP);
  g_assert_cmpstr (complaint->reporter_name, ==, "Siti Aminah");
  g_assert_cmpstr (complaint->reporter_nik, ==, "3577011234567890");
  g_assert_cmpstr (complaint->village_code, ==, "35.77.02.1001");
  g_assert_true (complaint->has_location);
  g_assert_cmpfloat_with_epsilon (complaint->latitude, -7.6298, 1e-9);
  g_assert_cmpint (complaint->location_source, ==, ADUAN_LOCATION_SOURCE_GPS);
  g_assert_cmpstr (complaint->officer, ==, "Budi Santoso");
  g_assert_cmpint (complaint->sync_state, ==, ADUAN_SYNC_STATE_WAITING);

  draft = aduan_store_load_draft (store, "officer-form", &error);
  g_assert_no_error (error);
  g_assert_null (draft);
}

/* Save with missing fields saves nothing and says, under each field, what
 * is missing; what was typed stays and is kept as a draft. */
static void
test_validation_messages (void)
{
  g_autofree char *root = aduan_test_make_temp_dir ("ui-validate");
  g_autofree char *data_dir = g_build_filename (root, "data", NULL);
  g_autofree char *png = aduan_app_runner_screenshot_path ("validation.png");
  g_autofree char *script = NULL;
  g_autofree char *draft = NULL;
  g_auto(AduanAppRun) run = { 0 };
  g_autoptr(AduanStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (aduan_app_runner_skip ())
    return;

  script = g_strdup_printf (
    "set title_entry \"Only a title\"\n"
    "set reporter_nik_entry 12345\n"
    "expect-text reporter_nik_error \"16 digits\"\n"
    "action win.save\n"
    "expect-text category_error \"Choose a category\"\n"
    "expect-visible description_error\n"
    "expect-visible reporter_name_error\n"
    "expect-count 0\n"
    "set anonymous_switch true\n"
    "expect-text reporter_nik_entry \"\"\n"
    "snapshot %s\n"
    "quit\n",
    png);

  aduan_app_runner_run (data_dir, script, &run);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.output, "Complaint Saved"));
  aduan_app_runner_assert_png (png);

  store = open_store (data_dir);
  g_assert_cmpint (aduan_store_count (store, NULL, &error), ==, 0);
  draft = aduan_store_load_draft (store, "officer-form", &error);
  g_assert_no_error (error);
  g_assert_nonnull (draft);
  g_assert_nonnull (strstr (draft, "Only a title"));
  /* Anonymous emptied the NIK in the draft too. */
  g_assert_null (strstr (draft, "12345"));
}

/* The app killed mid-report loses at most the last second: the draft is
 * back, as typed, on the next start. */
static void
test_draft_survives_kill (void)
{
  g_autofree char *root = aduan_test_make_temp_dir ("ui-draft");
  g_autofree char *data_dir = g_build_filename (root, "data", NULL);
  g_autofree char *png = aduan_app_runner_screenshot_path ("draft-restored.png");
  g_autofree char *script = NULL;
  g_autofree char *draft = NULL;
  g_auto(AduanAppRun) first = { 0 };
  g_auto(AduanAppRun) second = { 0 };
  g_autoptr(GError) error = NULL;

  if (aduan_app_runner_skip ())
    return;

  aduan_app_runner_run (data_dir,
           "set title_entry \"Drain blocked by rubbish\"\n"
           "set description_view \"Water floods the road when it rains.\"\n"
           "set latitude_entry -7.62x\n"
           "wait 1800\n"
           "kill\n",
           &first);
  g_assert_cmpint (first.status, ==, 128 + SIGKILL);

  {
    g_autoptr(AduanStore) store = open_store (data_dir);

    draft = aduan_store_load_draft (store, "officer-form", &error);
    g_assert_no_error (error);
    g_assert_nonnull (draft);
    g_assert_nonnull (strstr (draft, "Drain blocked by rubbish"));
  }

  script = g_strdup_printf (
    "expect-text title_entry \"Drain blocked by rubbish\"\n"
    "expect-text description_view \"floods the road\"\n"
    "expect-text latitude_entry -7.62x\n"
    "expect-visible location_error\n"
    "snapshot %s\n"
    "quit\n",
    png);
  aduan_app_runner_run (data_dir, script, &second);
  g_assert_cmpint (second.status, ==, 0);
  aduan_app_runner_assert_png (png);
}

/* A damaged database file is reported in a dialog at start, and left
 * exactly as it was. */
static void
test_corrupt_store (void)
{
  g_autofree char *root = aduan_test_make_temp_dir ("ui-corrupt");
  g_autofree char *data_dir = g_build_filename (root, "data", NULL);
  g_autofree char *database = g_build_filename (data_dir, "aduan.sqlite", NULL);
  g_autofree char *png = aduan_app_runner_screenshot_path ("corrupt-store.png");
  g_autofree char *script = NULL;
  g_autofree char *hash_before = NULL;
  g_autofree char *hash_after = NULL;
  g_autoptr(GString) garbage = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_auto(AduanAppRun) run = { 0 };

  if (aduan_app_runner_skip ())
    return;

  for (guint i = 0; i < 512; i++)
    g_string_append (garbage, "this is not a database; ");
  g_assert_cmpint (g_mkdir_with_parents (data_dir, 0700), ==, 0);
  g_file_set_contents (database, garbage->str, garbage->len, &error);
  g_assert_no_error (error);
  hash_before = aduan_test_hash_file (database);

  script = g_strdup_printf (
    "expect-dialog \"Damaged\"\n"
    "expect-text store_error_page \"%s\"\n"
    "snapshot %s\n"
    "respond close\n"
    "quit\n",
    data_dir, png);
  aduan_app_runner_run (data_dir, script, &run);
  g_assert_cmpint (run.status, ==, 0);
  aduan_app_runner_assert_png (png);

  hash_after = aduan_test_hash_file (database);
  g_assert_cmpstr (hash_before, ==, hash_after);
}

/* Search in the header bar narrows the list to what matches. */
static void
test_search (void)
{
  g_autofree char *root = aduan_test_make_temp_dir ("ui-search");
  g_autofree char *data_dir = g_build_filename (root, "data", NULL);
  g_autofree char *png = aduan_app_runner_screenshot_path ("search.png");
  g_autofree char *script = NULL;
  g_auto(AduanAppRun) run = { 0 };

  if (aduan_app_runner_skip ())
    return;

  {
    g_autoptr(AduanStore) store = open_store (data_dir);

    for (guint i = 0; i < 6; i++)
      {
        g_autoptr(AduanComplaint) complaint = aduan_test_make_complaint (i);
        g_autoptr(GError) error = NULL;

        g_assert_true (aduan_store_save (store, complaint, &error));
        g_assert_no_error (error);
      }
  }

  script = g_strdup_printf (
    "expect-count 6\n"
    "action win.search\n"
    "expect-visible search_entry\n"
    "set search_entry tumbang\n"
    "expect-count 1\n"
    "expect-list \"Pohon tumbang\"\n"
    "expect-text list_title \"1 match\"\n"
    "snapshot %s\n"
    "set search_entry \"\"\n"
    "expect-count 6\n"
    "quit\n",
    png);
  aduan_app_runner_run (data_dir, script, &run);
  g_assert_cmpint (run.status, ==, 0);
  aduan_app_runner_assert_png (png);
}

/* At 360 px the window shows one pane at a time and the form still works. */
static void
test_narrow_window (void)
{
  g_autofree char *root = aduan_test_make_temp_dir ("ui-narrow");
  g_autofree char *data_dir = g_build_filename (root, "data", NULL);
  g_autofree char *list_png = aduan_app_runner_screenshot_path ("narrow-list.png");
  g_autofree char *form_png = aduan_app_runner_screenshot_path ("narrow-form.png");
  g_autofree char *script = NULL;
  g_auto(AduanAppRun) run = { 0 };

  if (aduan_app_runner_skip ())
    return;

  script = g_strdup_printf (
    "resize 360 720\n"
    "wait 500\n"
    "expect-visible complaint_list\n"
    "snapshot %s\n"
    "action win.new-complaint\n"
    "expect-visible title_entry\n"
    "set title_entry \"Narrow screen\"\n"
    "action win.save\n"
    "expect-visible category_error\n"
    "snapshot %s\n"
    "quit\n",
    list_png, form_png);
  aduan_app_runner_run (data_dir, script, &run);
  g_assert_cmpint (run.status, ==, 0);
  aduan_app_runner_assert_png (list_png);
  aduan_app_runner_assert_png (form_png);
}

/* The disk fills up while a report is being written: Save says so in a
 * dialog, the form keeps every word, and the store holds what it held.
 * The small disk is a tmpfs in a private mount namespace (unshare -m), so
 * nothing outlives the test. */
static const char disk_full_shell[] =
  "set -e\n"
  "mount -t tmpfs -o size=2m tmpfs \"$DATA\"\n"
  "cp -a \"$PRE\"/. \"$DATA\"/\n"
  "( $DBUS \"$APP\" --data-dir \"$DATA\" > \"$ROOT/app.log\" 2>&1; echo $? > \"$ROOT/app.status\" ) &\n"
  "i=0\n"
  "while [ ! -e \"$ROOT/ready.png\" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done\n"
  "dd if=/dev/zero of=\"$DATA/filler\" bs=4096 2>/dev/null || true\n"
  "touch \"$ROOT/full\"\n"
  "wait\n"
  "rm -f \"$DATA/filler\"\n"
  "cp -a \"$DATA\"/. \"$ROOT/out\"/\n"
  "cat \"$ROOT/app.log\"\n"
  "exit \"$(cat \"$ROOT/app.status\")\"\n";

static gboolean
can_mount_privately (const char *unshare,
                     const char *dir)
{
  g_autofree char *probe = g_strdup_printf ("mount -t tmpfs -o size=64k tmpfs '%s'", dir);
  const char *argv[] = { unshare, "--mount", "sh", "-c", probe, NULL };
  const char *user_argv[] = { unshare, "--mount", "--map-root-user", "sh", "-c", probe, NULL };
  int status = -1;

  if (g_spawn_sync (NULL, (char **) (geteuid () == 0 ? argv : user_argv), NULL,
                    G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, NULL, NULL, &status, NULL))
    return WIFEXITED (status) && WEXITSTATUS (status) == 0;

  return FALSE;
}

static void
test_disk_full (void)
{
  g_autofree char *root = aduan_test_make_temp_dir ("ui-disk-full");
  g_autofree char *pre_dir = g_build_filename (root, "pre", NULL);
  g_autofree char *data_dir = g_build_filename (root, "data", NULL);
  g_autofree char *out_dir = g_build_filename (root, "out", NULL);
  g_autofree char *runtime_dir = g_build_filename (root, "runtime", NULL);
  g_autofree char *script_path = g_build_filename (root, "script.txt", NULL);
  g_autofree char *ready = g_build_filename (root, "ready.png", NULL);
  g_autofree char *full = g_build_filename (root, "full", NULL);
  g_autofree char *png = aduan_app_runner_screenshot_path ("disk-full.png");
  g_autofree char *unshare = g_find_program_in_path ("unshare");
  g_autofree char *dbus = g_find_program_in_path ("dbus-run-session");
  g_autofree char *dbus_prefix = NULL;
  g_autofree char *script = NULL;
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) complaints = NULL;
  g_auto(GStrv) envp = NULL;
  g_auto(AduanAppRun) run = { 0 };
  int wait_status = 0;

  if (aduan_app_runner_skip ())
    return;

  g_assert_cmpint (g_mkdir_with_parents (data_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (runtime_dir, 0700), ==, 0);

  if (unshare == NULL || !can_mount_privately (unshare, data_dir))
    {
      g_test_skip ("cannot mount a small tmpfs in a private mount namespace here");
      return;
    }

  {
    g_autoptr(AduanStore) store = open_store (pre_dir);
    g_autoptr(AduanComplaint) complaint = aduan_test_make_complaint (1);

    g_assert_true (aduan_store_save (store, complaint, &error));
    g_assert_no_error (error);
  }

  script = g_strdup_printf (
    "snapshot %s\n"
    "wait-file %s\n"
    "set category_dropdown \"Street lighting\"\n"
    "set title_entry \"Written when the disk was full\"\n"
    "set description_view \"Every word of this must still be here after Save fails.\"\n"
    "set reporter_name_entry \"Siti Aminah\"\n"
    "action win.save\n"
    "expect-dialog \"The Disk Is Full\"\n"
    "snapshot %s\n"
    "respond close\n"
    "expect-text title_entry \"Written when the disk was full\"\n"
    "expect-text description_view \"Every word of this\"\n"
    "expect-count 1\n"
    "quit\n",
    ready, full, png);
  g_file_set_contents (script_path, script, -1, &error);
  g_assert_no_error (error);

  dbus_prefix = dbus != NULL ? g_strdup_printf ("%s --", dbus) : g_strdup ("");
  envp = aduan_app_runner_environ (NULL, script_path, runtime_dir);
  envp = g_environ_setenv (envp, "DATA", data_dir, TRUE);
  envp = g_environ_setenv (envp, "PRE", pre_dir, TRUE);
  envp = g_environ_setenv (envp, "ROOT", root, TRUE);
  envp = g_environ_setenv (envp, "APP", aduan_app_runner_get_app (), TRUE);
  envp = g_environ_setenv (envp, "DBUS", dbus_prefix, TRUE);

  {
    const char *argv[] = { unshare, "--mount", "sh", "-c", disk_full_shell, NULL };
    const char *user_argv[] = { unshare, "--mount", "--map-root-user", "sh", "-c", disk_full_shell, NULL };

    g_spawn_sync (NULL, (char **) (geteuid () == 0 ? argv : user_argv), envp, G_SPAWN_DEFAULT,
                  NULL, NULL, &output, &errors, &wait_status, &error);
    g_assert_no_error (error);
  }

  aduan_app_runner_finish (wait_status, output, errors, &run);
  g_assert_cmpint (run.status, ==, 0);
  aduan_app_runner_assert_png (png);

  /* The store, copied out of the full disk, is whole and holds only what
   * it held before. */
  {
    g_autoptr(AduanStore) store = open_store (out_dir);

    g_assert_cmpint (aduan_store_count (store, NULL, &error), ==, 1);
    complaints = aduan_store_list (store, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_suffix (((AduanComplaint *) g_ptr_array_index (complaints, 0))->title, "#1"));
  }
}

/* With LANGUAGE=id the app speaks Indonesian, the core's messages too. */
static void
test_indonesian (void)
{
  g_autofree char *root = aduan_test_make_temp_dir ("ui-id");
  g_autofree char *data_dir = g_build_filename (root, "data", NULL);
  g_autofree char *png = aduan_app_runner_screenshot_path ("indonesian.png");
  g_autofree char *script = NULL;
  g_auto(AduanAppRun) run = { 0 };

  if (aduan_app_runner_skip ())
    return;

  if (g_getenv ("ADUAN_LOCALEDIR") == NULL)
    {
      g_test_skip ("ADUAN_LOCALEDIR is not set");
      return;
    }

  script = g_strdup_printf (
    "expect-text content_title \"Pengaduan Baru\"\n"
    "set kind_dropdown Aspirasi\n"
    "set title_entry \"Jalan berlubang\"\n"
    "action win.save\n"
    "expect-text category_error \"Pilih kategori\"\n"
    "expect-text description_error \"wajib diisi\"\n"
    "snapshot %s\n"
    "quit\n",
    png);
  aduan_app_runner_run_in ("id", data_dir, script, &run);
  g_assert_cmpint (run.status, ==, 0);
  aduan_app_runner_assert_png (png);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  aduan_app_runner_keep_system_dirs ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  aduan_app_runner_init (1366, 768);

  g_test_add_func ("/app/ui/save-and-list", test_save_and_list);
  g_test_add_func ("/app/ui/validation-messages", test_validation_messages);
  g_test_add_func ("/app/ui/draft-survives-kill", test_draft_survives_kill);
  g_test_add_func ("/app/ui/corrupt-store", test_corrupt_store);
  g_test_add_func ("/app/ui/disk-full", test_disk_full);
  g_test_add_func ("/app/ui/search", test_search);
  g_test_add_func ("/app/ui/narrow-window", test_narrow_window);
  g_test_add_func ("/app/ui/indonesian", test_indonesian);

  status = g_test_run ();
  aduan_app_runner_shutdown ();

  return status;
}
