/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/wait.h>

#include <gio/gio.h>

#include "aduan-store.h"
#include "aduan-survey-store.h"
#include "aduan-test-util.h"
#include "aduan-tracking-code.h"
#include "aduan-xvfb.h"

/*
 * `aduan --kiosk` under Xvfb with openbox (a window manager, so that the
 * kiosk really is full screen), driven by ADUAN_TEST_SCRIPT. Screenshots
 * of every step go to $ADUAN_TEST_SCREENSHOT_DIR as kiosk-*.png.
 */

#define HUB_URL "http://127.0.0.1:9"

static AduanXvfb *xvfb;
static GSubprocess *window_manager;
static char *system_data_dirs;
static char *app_path;
static char *screenshot_dir;

typedef struct
{
  int   status;
  char *output;
} AppRun;

static void
app_run_clear (AppRun *run)
{
  g_clear_pointer (&run->output, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AppRun, app_run_clear)

static gboolean
skip_without_display (void)
{
  if (xvfb != NULL)
    return FALSE;

  g_test_skip ("Xvfb is not installed");
  return TRUE;
}

static char *
shot (const char *name)
{
  return g_build_filename (screenshot_dir, name, NULL);
}

/* The kiosk as a service unit would set it up, then the test's steps. */
static const char settings_script[] =
  "setting kiosk-place-name \"'MPP Kota Madiun'\"\n"
  "setting kiosk-village-code \"'35.77.02.1001'\"\n"
  "setting fixed-location \"just (-7.6298, 111.5239, 15.0)\"\n"
  "setting kiosk-hub-url \"'" HUB_URL "/'\"\n"
  "setting webcam-source \"'videotestsrc'\"\n";

static void
run_kiosk (const char *data_dir,
           const char *steps,
           AppRun     *run)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = g_path_get_dirname (data_dir);
  g_autofree char *script_path = g_build_filename (parent, "script.txt", NULL);
  g_autofree char *runtime_dir = g_build_filename (parent, "runtime", NULL);
  g_autofree char *script = g_strconcat (settings_script, steps, NULL);
  g_autofree char *dbus = g_find_program_in_path ("dbus-run-session");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;
  int wait_status = 0;

  g_file_set_contents (script_path, script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (runtime_dir, 0700), ==, 0);

  if (dbus != NULL)
    {
      g_ptr_array_add (argv, dbus);
      g_ptr_array_add (argv, (char *) "--");
    }
  else
    envp = g_environ_unsetenv (envp, "G_DEBUG");
  g_ptr_array_add (argv, app_path);
  g_ptr_array_add (argv, (char *) "--kiosk");
  g_ptr_array_add (argv, (char *) "--data-dir");
  g_ptr_array_add (argv, (char *) data_dir);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_setenv (envp, "DISPLAY", aduan_xvfb_get_display (xvfb), TRUE);
  envp = g_environ_setenv (envp, "GDK_BACKEND", "x11", TRUE);
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = g_environ_setenv (envp, "ADUAN_TEST_SCRIPT", script_path, TRUE);
  envp = g_environ_setenv (envp, "ADUAN_TEST_TIMEOUT_MS", "15000", TRUE);
  envp = g_environ_unsetenv (envp, "ADUAN_DATA_DIR");
  envp = g_environ_unsetenv (envp, "LANGUAGE");
  envp = g_environ_setenv (envp, "XDG_DATA_DIRS", system_data_dirs, TRUE);
  envp = g_environ_setenv (envp, "XDG_RUNTIME_DIR", runtime_dir, TRUE);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT,
                NULL, NULL, &output, &errors, &wait_status, &error);
  g_assert_no_error (error);

  run->output = g_strconcat (output, errors, NULL);
  run->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : 128 + WTERMSIG (wait_status);
  g_test_message ("kiosk exited with %d; it said:\n%s", run->status, run->output);
}

static void
assert_png (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
}

/* The QR code in a PDF, read back by zbarimg from a rendering. */
static char *
decode_pdf_qr (const char *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = g_strconcat (pdf, "-page", NULL);
  g_autofree char *png = g_strconcat (prefix, ".png", NULL);
  g_autofree char *output = NULL;
  int status = 0;
  const char *pdftoppm[] = { "pdftoppm", "-r", "300", "-png", "-singlefile", pdf, prefix, NULL };
  const char *zbarimg[] = { "zbarimg", "--quiet", "--raw", png, NULL };

  g_spawn_sync (NULL, (char **) pdftoppm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  g_spawn_sync (NULL, (char **) zbarimg, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &output, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return g_strstrip (g_steal_pointer (&output));
}

/* The whole flow, a screenshot at every step: the complaint is saved as
 * the officer's form saves one (channel kiosk, the kiosk's place, the
 * photo), the receipt is printed to a PDF whose QR code opens the hub's
 * tracking page for that code, and "Check my report" says plainly that
 * the hub cannot be reached. */
static void
test_flow (void)
{
  g_autofree char *root = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *script = NULL;
  g_autofree char *url = NULL;
  g_autofree char *expected_url = NULL;
  g_autoptr(AduanStore) store = NULL;
  g_autoptr(GPtrArray) complaints = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(AppRun) run = { 0 };
  static const char * const shots[] = {
    "kiosk-welcome.png", "kiosk-1-kind.png", "kiosk-2-category.png", "kiosk-3-camera.png",
    "kiosk-3-what.png", "kiosk-4-where.png", "kiosk-5-who.png", "kiosk-6-review.png",
    "kiosk-receipt.png",
  };
  char *p[G_N_ELEMENTS (shots)];
  const AduanComplaint *complaint;

  if (skip_without_display ())
    return;

  root = aduan_test_make_temp_dir ("kiosk-flow");
  data_dir = g_build_filename (root, "data", NULL);
  pdf = g_build_filename (root, "receipt.pdf", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    p[i] = shot (shots[i]);

  script = g_strdup_printf (
    "setting kiosk-printer \"'file://%s'\"\n"
    "setting kiosk-paper-width 58\n"
    "expect-visible start_button\n"
    "wait 200\n"
    "snapshot %s\n"
    "action kiosk.start\n"
    "expect-text step_label \"Step 1 of 6\"\n"
    "snapshot %s\n"
    "activate kind-complaint\n"
    "expect-text step_label \"Step 2 of 6\"\n"
    "snapshot %s\n"
    "activate category-street-lighting\n"
    "expect-text step_label \"Step 3 of 6\"\n"
    "action kiosk.next\n"
    "expect-text step_error \"Write what happened\"\n"
    "type description_view \"Lampu jalan di depan Pasar Besar mati sudah dua minggu.\"\n"
    "action kiosk.take-photo\n"
    "expect-sensitive capture_button\n"
    "wait 300\n"
    "snapshot %s\n"
    "activate capture_button\n"
    "expect-visible remove_photo_button\n"
    "snapshot %s\n"
    "action kiosk.next\n"
    "expect-text step_label \"Step 4 of 6\"\n"
    "expect-text here_label \"MPP Kota Madiun\"\n"
    "snapshot %s\n"
    "action kiosk.next\n"
    "expect-text step_label \"Step 5 of 6\"\n"
    "type name_entry \"Siti Aminah\"\n"
    "type phone_entry \"081234567890\"\n"
    "activate confidential_button\n"
    "wait 400\n"
    "snapshot %s\n"
    /* Back and forward keep what was typed. */
    "action kiosk.back\n"
    "action kiosk.back\n"
    "expect-text step_label \"Step 3 of 6\"\n"
    "expect-text description_view \"Pasar Besar\"\n"
    "action kiosk.next\n"
    "action kiosk.next\n"
    "expect-text name_entry \"Siti Aminah\"\n"
    "action kiosk.next\n"
    "expect-text step_label \"Step 6 of 6\"\n"
    "expect-text review-who \"kept private\"\n"
    "snapshot %s\n"
    "action kiosk.next\n"
    "expect-visible qr_area\n"
    "expect-text print_status \"printed\"\n"
    "snapshot %s\n"
    "expect-absent \"Siti Aminah\"\n"
    "expect-absent \"Pasar Besar\"\n"
    "action kiosk.done\n"
    "expect-visible start_button\n"
    "action kiosk.check\n"
    "type code_entry \"abcd 2345\"\n"
    "action-on code_entry check.go\n"
    "expect-text check_result \"not right\"\n"
    "quit\n",
    pdf, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]);

  run_kiosk (data_dir, script, &run);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.output, "aduan-kiosk-printed"));

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      assert_png (p[i]);
      g_free (p[i]);
    }

  store = aduan_store_open (data_dir, &error);
  g_assert_no_error (error);
  complaints = aduan_store_list (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (complaints->len, ==, 1);
  complaint = g_ptr_array_index (complaints, 0);
  g_assert_true (aduan_tracking_code_is_valid (complaint->tracking_code));
  g_assert_cmpint (complaint->channel, ==, ADUAN_CHANNEL_KIOSK);
  g_assert_cmpint (complaint->kind, ==, ADUAN_REPORT_KIND_COMPLAINT);
  g_assert_cmpstr (complaint->category, ==, "street-lighting");
  g_assert_cmpstr (complaint->description, ==, "Lampu jalan di depan Pasar Besar mati sudah dua minggu.");
  g_assert_cmpstr (complaint->reporter_name, ==, "Siti Aminah");
  g_assert_true (complaint->confidential);
  g_assert_cmpstr (complaint->village_code, ==, "35.77.02.1001");
  g_assert_true (complaint->has_location);
  g_assert_cmpint (complaint->location_source, ==, ADUAN_LOCATION_SOURCE_KIOSK);
  {
    /* A list leaves photos out; the complaint itself has them. */
    g_autoptr(AduanComplaint) full = aduan_store_get (store, complaint->uuid, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (full->photos->len, ==, 1);
  }
  g_assert_cmpint (complaint->sync_state, ==, ADUAN_SYNC_STATE_WAITING);

  /* The printed receipt's QR code opens this complaint's tracking page. */
  url = decode_pdf_qr (pdf);
  expected_url = g_strconcat (HUB_URL "/track/", complaint->tracking_code, NULL);
  g_assert_cmpstr (url, ==, expected_url);
}

/* The other pages: Check my report (offline: a plain message) and the
 * satisfaction survey, saved in the store. */
static void
test_check_and_survey (void)
{
  g_autofree char *root = aduan_test_make_temp_dir ("kiosk-survey");
  g_autofree char *data_dir = g_build_filename (root, "data", NULL);
  g_autofree char *check_png = shot ("kiosk-check.png");
  g_autofree char *survey_png = shot ("kiosk-survey.png");
  g_autoptr(GString) script = g_string_new (NULL);
  g_autoptr(AduanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_auto(AppRun) run = { 0 };
  static const char * const elements[] = {
    "requirements", "procedure", "completion-time", "cost", "product",
    "competence", "behaviour", "complaint-handling", "facilities",
  };

  if (skip_without_display ())
    return;

  code = aduan_tracking_code_build ("ABCD", 7, &error);
  g_assert_no_error (error);

  g_string_append_printf (script,
                          "expect-visible start_button\n"
                          "action kiosk.check\n"
                          "type code_entry \"%s\"\n"
                          "action-on code_entry check.go\n"
                          "expect-text check_result \"cannot reach\"\n"
                          "snapshot %s\n"
                          "action-on code_entry check.close\n"
                          "expect-visible start_button\n"
                          "expect-absent \"%s\"\n"
                          "action kiosk.survey\n"
                          "expect-visible survey_send_button\n"
                          "action-on survey_send_button survey.send\n"
                          "expect-text survey_error \"every question\"\n",
                          code, check_png, code);
  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    g_string_append_printf (script, "activate survey-%s-%u\n", elements[i], 4 - i % 2);
  g_string_append_printf (script,
                          "wait 400\n"
                          "snapshot %s\n"
                          "action-on survey_send_button survey.send\n"
                          "expect-visible survey_thanks\n"
                          "quit\n",
                          survey_png);

  run_kiosk (data_dir, script->str, &run);
  g_assert_cmpint (run.status, ==, 0);
  assert_png (check_png);
  assert_png (survey_png);

  /* One survey waits to be sent, with the answers given. */
  {
    g_autoptr(GPtrArray) surveys = NULL;
    const AduanSurvey *survey;

    store = aduan_store_open (data_dir, &error);
    g_assert_no_error (error);
    surveys = aduan_survey_store_list_unsent (store, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (surveys->len, ==, 1);
    survey = g_ptr_array_index (surveys, 0);
    g_assert_cmpint (survey->channel, ==, ADUAN_CHANNEL_KIOSK);
    for (guint i = 0; i < ADUAN_SURVEY_N_ELEMENTS; i++)
      g_assert_cmpuint (survey->scores[i], ==, 4 - i % 2);
  }
}

/* Left alone, the kiosk shows a countdown, then forgets everything: no
 * widget holds any of what was typed, nothing was saved. */
static void
test_idle_wipe (void)
{
  g_autofree char *root = aduan_test_make_temp_dir ("kiosk-idle");
  g_autofree char *data_dir = g_build_filename (root, "data", NULL);
  g_autofree char *countdown_png = shot ("kiosk-idle-countdown.png");
  g_autofree char *script = NULL;
  g_autoptr(AduanStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(AppRun) run = { 0 };

  if (skip_without_display ())
    return;

  script = g_strdup_printf (
    "setting kiosk-idle-timeout 5\n"
    "expect-visible start_button\n"
    "action kiosk.start\n"
    "activate kind-aspiration\n"
    "expect-text step_label \"Step 2 of 6\"\n"
    "activate category-waste\n"
    "expect-text step_label \"Step 3 of 6\"\n"
    "type description_view \"Tumpukan sampah Kalirungkut\"\n"
    "type title_entry \"Sampah Wonokromo\"\n"
    "action kiosk.next\n"
    "activate elsewhere_button\n"
    "type village_picker \"manguharjo madiun\"\n"
    "activate-row results 0\n"
    "action kiosk.next\n"
    "expect-text step_label \"Step 5 of 6\"\n"
    "type name_entry \"Bambang Pamungkas\"\n"
    "type phone_entry \"089912345678\"\n"
    "expect-visible idle_label\n"
    "expect-text idle_label \"erased in\"\n"
    "snapshot %s\n"
    "expect-visible start_button\n"
    "expect-absent Kalirungkut\n"
    "expect-absent Wonokromo\n"
    "expect-absent Bambang\n"
    "expect-absent 089912345678\n"
    "expect-absent Manguharjo\n"
    /* The next citizen starts from nothing. */
    "action kiosk.start\n"
    "expect-text step_label \"Step 1 of 6\"\n"
    "quit\n",
    countdown_png);

  run_kiosk (data_dir, script, &run);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.output, "The kiosk was left alone"));
  assert_png (countdown_png);

  store = aduan_store_open (data_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (aduan_store_count (store, NULL, &error), ==, 0);
}

/* The admin PIN: chosen the first time, asked for every time, three
 * wrong ones lock even the right one out, and only with it can one leave
 * kiosk mode for the officer's window. */
static void
test_pin (void)
{
  g_autofree char *root = aduan_test_make_temp_dir ("kiosk-pin");
  g_autofree char *data_dir = g_build_filename (root, "data", NULL);
  g_autofree char *admin_png = shot ("kiosk-admin.png");
  g_autofree char *script = NULL;
  g_auto(AppRun) run = { 0 };

  if (skip_without_display ())
    return;

  script = g_strdup_printf (
    "expect-visible start_button\n"
    "action kiosk.admin\n"
    "expect-visible new_pin_entry\n"
    "set new_pin_entry 12ab\n"
    "set repeat_pin_entry 12ab\n"
    "action-on new_pin_entry admin.choose\n"
    "expect-text choose_message \"only digits\"\n"
    "set new_pin_entry 2468\n"
    "set repeat_pin_entry 2469\n"
    "action-on new_pin_entry admin.choose\n"
    "expect-text choose_message \"not the same\"\n"
    "set new_pin_entry 2468\n"
    "set repeat_pin_entry 2468\n"
    "action-on new_pin_entry admin.choose\n"
    "expect-visible leave_button\n"
    "action-on leave_button admin.close\n"
    "expect-visible start_button\n"
    /* Asked again, every time. */
    "action kiosk.admin\n"
    "expect-visible pin_entry\n"
    "action-on pin_entry admin.leave\n"
    "expect-visible pin_entry\n"
    "set pin_entry 1111\n"
    "action-on pin_entry admin.unlock\n"
    "expect-text pin_message \"Wrong PIN\"\n"
    "expect-text pin_entry \"\"\n"
    "set pin_entry 2468\n"
    "action-on pin_entry admin.unlock\n"
    "expect-visible leave_button\n"
    "snapshot %s\n"
    "action-on leave_button admin.close\n"
    "action kiosk.admin\n"
    "set pin_entry 1111\n"
    "action-on pin_entry admin.unlock\n"
    "set pin_entry 2222\n"
    "action-on pin_entry admin.unlock\n"
    "set pin_entry 3333\n"
    "action-on pin_entry admin.unlock\n"
    "expect-text pin_message \"Too many\"\n"
    "set pin_entry 2468\n"
    "action-on pin_entry admin.unlock\n"
    "expect-text pin_message \"Try again in\"\n"
    "expect-visible pin_entry\n"
    "quit\n",
    admin_png);

  run_kiosk (data_dir, script, &run);
  g_assert_cmpint (run.status, ==, 0);
  assert_png (admin_png);
  g_assert_null (strstr (run.output, "Leaving kiosk mode"));
}

/* With the right PIN, leaving kiosk mode opens the officer's window. */
static void
test_leave (void)
{
  g_autofree char *root = aduan_test_make_temp_dir ("kiosk-leave");
  g_autofree char *data_dir = g_build_filename (root, "data", NULL);
  g_auto(AppRun) run = { 0 };

  if (skip_without_display ())
    return;

  run_kiosk (data_dir,
             "expect-visible start_button\n"
             "action kiosk.admin\n"
             "set new_pin_entry 97531\n"
             "set repeat_pin_entry 97531\n"
             "action-on new_pin_entry admin.choose\n"
             "expect-visible leave_button\n"
             "action-on leave_button admin.leave\n"
             "wait 500\n"
             "quit\n",
             &run);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.output, "Leaving kiosk mode"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  system_data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS"));
  if (system_data_dirs == NULL || *system_data_dirs == '\0')
    {
      g_free (system_data_dirs);
      system_data_dirs = g_strdup ("/usr/local/share:/usr/share");
    }
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  app_path = g_strdup (g_getenv ("ADUAN_APP"));
  screenshot_dir = g_strdup (g_getenv ("ADUAN_TEST_SCREENSHOT_DIR"));
  g_assert_nonnull (app_path);
  if (screenshot_dir == NULL)
    screenshot_dir = g_build_filename (g_get_tmp_dir (), "screenshots", NULL);
  g_mkdir_with_parents (screenshot_dir, 0755);

  xvfb = aduan_xvfb_start (1280, 800, &error);
  if (xvfb == NULL)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      g_test_message ("%s", error->message);
    }
  else
    {
      g_autofree char *openbox = g_find_program_in_path ("openbox");

      /* Full screen needs a window manager; without one the window is
       * simply as large as it asks. */
      if (openbox != NULL)
        {
          g_autoptr(GSubprocessLauncher) launcher =
            g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);

          g_subprocess_launcher_setenv (launcher, "DISPLAY", aduan_xvfb_get_display (xvfb), TRUE);
          window_manager = g_subprocess_launcher_spawn (launcher, &error, openbox, NULL);
          g_assert_no_error (error);
        }
    }

  g_test_add_func ("/app/kiosk/flow", test_flow);
  g_test_add_func ("/app/kiosk/check-and-survey", test_check_and_survey);
  g_test_add_func ("/app/kiosk/idle-wipe", test_idle_wipe);
  g_test_add_func ("/app/kiosk/pin", test_pin);
  g_test_add_func ("/app/kiosk/leave", test_leave);

  status = g_test_run ();

  if (window_manager != NULL)
    {
      g_subprocess_force_exit (window_manager);
      g_subprocess_wait (window_manager, NULL, NULL);
      g_clear_object (&window_manager);
    }
  g_clear_pointer (&xvfb, aduan_xvfb_stop);
  g_free (app_path);
  g_free (screenshot_dir);
  g_free (system_data_dirs);

  return status;
}
