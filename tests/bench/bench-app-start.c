/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * App start to first frame: from just before the benchmark spawns `aduan`
 * to the end of the first paint of its window, which the app reports on
 * stdout as CLOCK_MONOTONIC microseconds when ADUAN_BENCH_FIRST_FRAME=1
 * (src/app/aduan-test-script.c). Runs under its own Xvfb unless $DISPLAY is
 * set, on one private session bus for all the runs, as a desktop session
 * has (so the accessibility bus is started once, not per run), on a store
 * holding 1 000 complaints. Target: ≤ 400 ms.
 *
 * Xvfb has no GPU, so GTK's default GL renderer runs on Mesa's software
 * rasteriser (llvmpipe), slower than any laptop's GPU; the figure is given
 * twice, with the default renderer and with GSK_RENDERER=cairo.
 */
#include <signal.h>
#include <string.h>
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

/* A session bus for all the runs; NULL when dbus-daemon is missing. */
static GSubprocess *
start_session_bus (char **out_address)
{
  g_autoptr(GSubprocess) bus = NULL;
  g_autoptr(GDataInputStream) input = NULL;
  g_autofree char *address = NULL;

  bus = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL,
                          "dbus-daemon", "--session", "--nofork", "--print-address=1", NULL);
  if (bus == NULL)
    return NULL;

  input = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus));
  address = g_data_input_stream_read_line (input, NULL, NULL, NULL);
  if (address == NULL)
    {
      g_subprocess_force_exit (bus);
      return NULL;
    }

  *out_address = g_steal_pointer (&address);
  return g_steal_pointer (&bus);
}

/* Returns the milliseconds from spawn to first frame, or a negative value. */
static double
run_once (const char  *app,
          const char  *data_dir,
          char       **envp)
{
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { app, "--data-dir", data_dir, NULL };
  const char *line;
  gint64 start, frame;
  int status;

  start = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_STDERR_TO_DEV_NULL,
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
  g_autoptr(GSubprocess) bus = NULL;
  g_autofree char *bus_address = NULL;
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

  bus = start_session_bus (&bus_address);
  if (bus != NULL)
    envp = g_environ_setenv (envp, "DBUS_SESSION_BUS_ADDRESS", bus_address, TRUE);

  envp = g_environ_setenv (envp, "ADUAN_BENCH_FIRST_FRAME", "1", TRUE);
  envp = g_environ_setenv (envp, "GDK_BACKEND", "x11", TRUE);
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = g_environ_unsetenv (envp, "ADUAN_TEST_SCRIPT");
  /* The benchmark measures; it does not judge the environment's warnings. */
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

  if (bus != NULL)
    {
      g_subprocess_send_signal (bus, SIGTERM);
      g_subprocess_wait (bus, NULL, NULL);
    }
  g_clear_pointer (&xvfb, aduan_xvfb_stop);
  return 0;
}
