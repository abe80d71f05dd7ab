/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * App start to first frame: from just before the benchmark spawns `aduan`
 * to the end of the first paint of its window, which the app reports on
 * stdout as CLOCK_MONOTONIC microseconds when ADUAN_BENCH_FIRST_FRAME=1
 * (src/app/aduan-test-script.c). Runs under its own Xvfb unless $DISPLAY is
 * set, with a private session bus as a desktop has, on a store holding
 * 1 000 complaints. Target: ≤ 400 ms.
 *
 * Xvfb has no GPU, so GTK's default GL renderer runs on Mesa's software
 * rasteriser (llvmpipe), slower than any laptop's GPU; the figure is given
 * twice, with the default renderer and with GSK_RENDERER=cairo.
 */
#include <sys/wait.h>

#include "aduan-store.h"
#include "aduan-xvfb.h"
#include "bench-common.h"

#define N_RUNS       15
#define N_COMPLAINTS 1000

static AduanComplaint *
make_complaint (guint n)
{
  AduanComplaint *complaint = aduan_complaint_new ();

  complaint->category = g_strdup ("street-lighting");
  complaint->title = g_strdup_printf ("Lampu PJU mati #%u", n);
  complaint->description = g_strdup ("Lampu jalan mati sejak dua minggu.");
  complaint->anonymous = TRUE;
  complaint->officer = g_strdup ("Petugas Uji");

  return complaint;
}

static void
fill_store (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanStore) store = aduan_store_open (data_dir, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < N_COMPLAINTS; i++)
    {
      g_autoptr(AduanComplaint) complaint = make_complaint (i);

      aduan_store_save (store, complaint, &error);
      g_assert_no_error (error);
    }
}

/* Returns the milliseconds from spawn to first frame, or a negative value. */
static double
run_once (const char  *app,
          const char  *data_dir,
          char       **envp)
{
  g_autofree char *dbus = g_find_program_in_path ("dbus-run-session");
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *line;
  gint64 start, frame;
  int status;

  if (dbus != NULL)
    {
      g_ptr_array_add (argv, dbus);
      g_ptr_array_add (argv, (char *) "--");
    }
  g_ptr_array_add (argv, (char *) app);
  g_ptr_array_add (argv, (char *) "--data-dir");
  g_ptr_array_add (argv, (char *) data_dir);
  g_ptr_array_add (argv, NULL);

  start = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &output, NULL, &status, &error))
    {
      g_printerr ("bench-app-start: %s\n", error->message);
      return -1;
    }

  line = strstr (output, "aduan-first-frame-usec ");
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0 || line == NULL)
    {
      g_printerr ("bench-app-start: the app did not report a first frame\n");
      return -1;
    }

  frame = g_ascii_strtoll (line + strlen ("aduan-first-frame-usec "), NULL, 10);
  return (frame - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  const char *renderers[] = { NULL, "cairo" };
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  AduanXvfb *xvfb = NULL;
  const char *app = g_getenv ("ADUAN_APP");

  if (app == NULL)
    {
      g_printerr ("bench-app-start: set ADUAN_APP to the built aduan\n");
      return 1;
    }

  if (g_getenv ("DISPLAY") == NULL)
    {
      xvfb = aduan_xvfb_start (1366, 768, &error);
      if (xvfb == NULL)
        {
          g_print ("app_start: skipped (%s)\n", error->message);
          return 77;
        }
      envp = g_environ_setenv (envp, "DISPLAY", aduan_xvfb_get_display (xvfb), TRUE);
    }

  envp = g_environ_setenv (envp, "ADUAN_BENCH_FIRST_FRAME", "1", TRUE);
  envp = g_environ_setenv (envp, "GDK_BACKEND", "x11", TRUE);
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = g_environ_unsetenv (envp, "ADUAN_TEST_SCRIPT");
  /* A desktop session has working warnings; the benchmark measures, it does
   * not judge the environment. */
  envp = g_environ_unsetenv (envp, "G_DEBUG");

  data_dir = bench_make_dir ("app-start");
  fill_store (data_dir);

  for (guint r = 0; r < G_N_ELEMENTS (renderers); r++)
    {
      g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *name = NULL;
      g_auto(GStrv) run_envp = g_strdupv (envp);

      if (renderers[r] != NULL)
        run_envp = g_environ_setenv (run_envp, "GSK_RENDERER", renderers[r], TRUE);
      else
        run_envp = g_environ_unsetenv (run_envp, "GSK_RENDERER");

      /* The first start pays for cold caches and the a11y bus; not counted. */
      if (run_once (app, data_dir, run_envp) < 0)
        return 1;

      for (guint i = 0; i < N_RUNS; i++)
        {
          double ms = run_once (app, data_dir, run_envp);

          if (ms < 0)
            return 1;
          g_array_append_val (samples, ms);
        }

      name = renderers[r] != NULL ? g_strdup_printf ("app_start_first_frame_%s", renderers[r])
                                  : g_strdup ("app_start_first_frame");
      bench_report (name, samples);
    }

  g_clear_pointer (&xvfb, aduan_xvfb_stop);
  return 0;
}
