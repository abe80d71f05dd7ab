/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sys/wait.h>

#include "aduan-app-runner.h"
#include "aduan-xvfb.h"

static AduanXvfb *xvfb;
static char *system_data_dirs;
static char *app_path;
static char *screenshot_dir;

/**
 * aduan_app_runner_keep_system_dirs:
 *
 * Call before g_test_init(), which isolates XDG_DATA_DIRS: the app gets
 * the test's own folders except those the system's data lives in, since
 * GTK cannot load its icons without shared-mime-info.
 */
void
aduan_app_runner_keep_system_dirs (void)
{
  const char *dirs = g_getenv ("XDG_DATA_DIRS");

  g_free (system_data_dirs);
  system_data_dirs = g_strdup (dirs != NULL && *dirs != '\0' ? dirs : "/usr/local/share:/usr/share");
}

/**
 * aduan_app_runner_init:
 *
 * Call after g_test_init(): starts Xvfb at @width × @height. Only a missing
 * Xvfb is a reason to skip (aduan_app_runner_skip()); anything else fails.
 */
void
aduan_app_runner_init (int width,
                       int height)
{
  g_autoptr(GError) error = NULL;

  if (system_data_dirs == NULL)
    system_data_dirs = g_strdup ("/usr/local/share:/usr/share");
  app_path = g_strdup (g_getenv ("ADUAN_APP"));
  g_assert_nonnull (app_path);
  screenshot_dir = g_strdup (g_getenv ("ADUAN_TEST_SCREENSHOT_DIR"));
  if (screenshot_dir == NULL)
    screenshot_dir = g_build_filename (g_get_tmp_dir (), "screenshots", NULL);
  g_mkdir_with_parents (screenshot_dir, 0755);

  xvfb = aduan_xvfb_start (width, height, &error);
  if (xvfb == NULL)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      g_test_message ("%s", error->message);
    }
}

void
aduan_app_runner_shutdown (void)
{
  g_clear_pointer (&xvfb, aduan_xvfb_stop);
  g_clear_pointer (&app_path, g_free);
  g_clear_pointer (&screenshot_dir, g_free);
  g_clear_pointer (&system_data_dirs, g_free);
}

gboolean
aduan_app_runner_skip (void)
{
  if (xvfb != NULL)
    return FALSE;

  g_test_skip ("Xvfb is not installed");
  return TRUE;
}

char *
aduan_app_runner_screenshot_path (const char *name)
{
  return g_build_filename (screenshot_dir, name, NULL);
}

void
aduan_app_run_clear (AduanAppRun *run)
{
  g_clear_pointer (&run->output, g_free);
}

const char *
aduan_app_runner_get_app (void)
{
  return app_path;
}

/**
 * aduan_app_runner_environ:
 * @language: (nullable): LANGUAGE for the app, or %NULL for English
 * @script_path: the steps, see src/app/aduan-test-script.c
 *
 * Returns: (transfer full): the app's environment: the test's, on our
 *   display, in the test's isolated folders, with the script
 */
char **
aduan_app_runner_environ (const char *language,
                          const char *script_path,
                          const char *runtime_dir)
{
  g_autofree char *dbus = g_find_program_in_path ("dbus-run-session");
  char **envp = g_get_environ ();

  /* GTK wants a session bus; without one it warns, and warnings are fatal. */
  if (dbus == NULL)
    envp = g_environ_unsetenv (envp, "G_DEBUG");

  envp = g_environ_setenv (envp, "DISPLAY", aduan_xvfb_get_display (xvfb), TRUE);
  envp = g_environ_setenv (envp, "GDK_BACKEND", "x11", TRUE);
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = g_environ_setenv (envp, "ADUAN_TEST_SCRIPT", script_path, TRUE);
  envp = g_environ_setenv (envp, "ADUAN_TEST_TIMEOUT_MS", "20000", TRUE);
  envp = g_environ_unsetenv (envp, "ADUAN_DATA_DIR");
  if (language != NULL)
    envp = g_environ_setenv (envp, "LANGUAGE", language, TRUE);
  else
    envp = g_environ_unsetenv (envp, "LANGUAGE");
  /* The test's isolated folders, as GLib knows them (the environment
   * still holds the /dev/null that g_test_init() put there). */
  envp = g_environ_setenv (envp, "HOME", g_get_home_dir (), TRUE);
  envp = g_environ_setenv (envp, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  envp = g_environ_setenv (envp, "XDG_STATE_HOME", g_get_user_state_dir (), TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_DIRS", system_data_dirs, TRUE);
  envp = g_environ_setenv (envp, "XDG_RUNTIME_DIR", runtime_dir, TRUE);
  /* No portal: the file chooser is GTK's own, which a script can drive. */
  envp = g_environ_setenv (envp, "GTK_USE_PORTAL", "0", TRUE);

  return envp;
}

/**
 * aduan_app_runner_finish:
 * @wait_status: as from waitpid()
 *
 * Fills @run from a finished app.
 */
void
aduan_app_runner_finish (int          wait_status,
                         const char  *output,
                         const char  *errors,
                         AduanAppRun *run)
{
  run->output = g_strconcat (output != NULL ? output : "", errors, NULL);
  if (WIFEXITED (wait_status))
    run->status = WEXITSTATUS (wait_status);
  else if (WIFSIGNALED (wait_status))
    run->status = 128 + WTERMSIG (wait_status);
  else
    run->status = -1;

  g_test_message ("app exited with %d; it said:\n%s", run->status, run->output);
}

/**
 * aduan_app_runner_run_in:
 * @language: (nullable): LANGUAGE for the app, or %NULL for English
 * @data_dir: the app's data folder (--data-dir)
 * @script: the steps, see src/app/aduan-test-script.c
 *
 * Runs the app on its own session bus, in the test's isolated folders
 * (the same cache folder for every run of one test), until it quits.
 */
void
aduan_app_runner_run_in (const char  *language,
                         const char  *data_dir,
                         const char  *script,
                         AduanAppRun *run)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = g_path_get_dirname (data_dir);
  g_autofree char *script_path = g_build_filename (parent, "script.txt", NULL);
  g_autofree char *runtime_dir = g_build_filename (parent, "runtime", NULL);
  g_autofree char *dbus = g_find_program_in_path ("dbus-run-session");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = NULL;
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
  g_ptr_array_add (argv, app_path);
  g_ptr_array_add (argv, (char *) "--data-dir");
  g_ptr_array_add (argv, (char *) data_dir);
  g_ptr_array_add (argv, NULL);

  envp = aduan_app_runner_environ (language, script_path, runtime_dir);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT,
                NULL, NULL, &output, &errors, &wait_status, &error);
  g_assert_no_error (error);

  aduan_app_runner_finish (wait_status, output, errors, run);
}

void
aduan_app_runner_run (const char  *data_dir,
                      const char  *script,
                      AduanAppRun *run)
{
  aduan_app_runner_run_in (NULL, data_dir, script, run);
}

void
aduan_app_runner_assert_png (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
}
