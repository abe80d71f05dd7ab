/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <gio/gio.h>

#include "aduan-xvfb.h"
#include "bench-common.h"

/*
 * From "Send report" to the receipt on screen, with a webcam photo
 * attached (target: 300 ms). One kiosk run reports several times; the
 * kiosk prints each figure, measured from the action to the first frame
 * painted with the receipt.
 */

#define N_REPORTS 8

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = bench_make_dir ("kiosk");
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *script_path = g_build_filename (dir, "script.txt", NULL);
  g_autofree char *runtime_dir = g_build_filename (dir, "runtime", NULL);
  g_autofree char *dbus = g_find_program_in_path ("dbus-run-session");
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;
  g_autoptr(GString) script = g_string_new (NULL);
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_auto(GStrv) envp = g_get_environ ();
  g_auto(GStrv) lines = NULL;
  const char *app = g_getenv ("ADUAN_APP");
  AduanXvfb *xvfb;
  int status = 0;

  xvfb = aduan_xvfb_start (1280, 800, &error);
  if (xvfb == NULL || app == NULL || dbus == NULL)
    {
      g_print ("kiosk-submit-to-receipt: skipped (%s)\n", error != NULL ? error->message : "no app or dbus");
      return 0;
    }

  g_string_append (script, "setting webcam-source \"'videotestsrc'\"\n"
                           "setting kiosk-village-code \"'35.77.02.1001'\"\n"
                           "setting kiosk-hub-url \"'http://127.0.0.1:9'\"\n"
                           "expect-visible start_button\n");
  for (guint i = 0; i < N_REPORTS; i++)
    g_string_append (script,
                     "action kiosk.start\n"
                     "activate kind-complaint\n"
                     "expect-text step_label \"Step 2 of 6\"\n"
                     "activate category-street-lighting\n"
                     "expect-text step_label \"Step 3 of 6\"\n"
                     "set description_view \"Lampu jalan di depan Pasar Besar mati.\"\n"
                     "action kiosk.take-photo\n"
                     "expect-sensitive capture_button\n"
                     "activate capture_button\n"
                     "expect-visible remove_photo_button\n"
                     "action kiosk.next\n"
                     "action kiosk.next\n"
                     "action kiosk.next\n"
                     "set name_entry \"Siti Aminah\"\n"
                     "action kiosk.next\n"
                     "expect-text step_label \"Step 6 of 6\"\n"
                     "action kiosk.next\n"
                     "expect-visible qr_area\n"
                     "wait 300\n"
                     "action kiosk.done\n"
                     "expect-visible start_button\n");
  g_string_append (script, "quit\n");
  g_file_set_contents (script_path, script->str, -1, &error);
  g_assert_no_error (error);
  g_mkdir_with_parents (runtime_dir, 0700);

  envp = g_environ_setenv (envp, "DISPLAY", aduan_xvfb_get_display (xvfb), TRUE);
  envp = g_environ_setenv (envp, "GDK_BACKEND", "x11", TRUE);
  envp = g_environ_setenv (envp, "ADUAN_TEST_SCRIPT", script_path, TRUE);
  envp = g_environ_setenv (envp, "XDG_RUNTIME_DIR", runtime_dir, TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_DIRS", "/usr/local/share:/usr/share", TRUE);

  {
    const char *args[] = { dbus, "--", app, "--kiosk", "--data-dir", data_dir, NULL };

    g_spawn_sync (NULL, (char **) args, envp, G_SPAWN_DEFAULT, NULL, NULL,
                  &output, &errors, &status, &error);
  }
  aduan_xvfb_stop (xvfb);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("The kiosk failed: %s\n%s%s", error->message, output, errors);

  lines = g_strsplit (output, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "aduan-kiosk-submit-to-receipt-usec "))
      {
        double ms = g_ascii_strtod (lines[i] + strlen ("aduan-kiosk-submit-to-receipt-usec "), NULL) / 1000.0;

        g_array_append_val (samples, ms);
      }

  g_assert_cmpuint (samples->len, ==, N_REPORTS);
  bench_report ("kiosk-submit-to-receipt-with-photo", samples);

  return EXIT_SUCCESS;
}
