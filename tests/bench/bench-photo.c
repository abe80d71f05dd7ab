/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A 12-megapixel phone-like JPEG (4000 × 3000, ~4 MB) to the stored
 * 1600 px JPEG (quality 80, no metadata) and its thumbnail, next to
 * Debian's vipsthumbnail making a 1600 px JPEG Q80 from the same file in
 * the same run. Times are medians of N_RUNS, in this process and, like
 * vipsthumbnail, as a fresh process per photo; peak memory is that fresh
 * process's peak resident set (wait4's ru_maxrss, taken by a small
 * launcher process), measured the same way for both, next to the
 * baseline of a process that loads the same libraries and does nothing.
 * Target: no slower than vipsthumbnail, peak memory under 64 MB.
 */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <turbojpeg.h>

#include "aduan-photo-pipeline.h"
#include "bench-common.h"

#define N_RUNS 10
#define WIDTH  4000
#define HEIGHT 3000

/* Gradients, edges and sensor-like noise, so the file is the size and
 * entropy of a real 12 MP photo, not of a flat test card. */
static GBytes *
make_photo (void)
{
  g_autofree guint8 *rgb = g_malloc ((gsize) WIDTH * HEIGHT * 3);
  guint32 state = 2463534242u;
  tjhandle handle = tjInitCompress ();
  unsigned char *buffer = NULL;
  unsigned long size = 0;
  GBytes *jpeg;

  for (guint y = 0; y < HEIGHT; y++)
    {
      double fy = (double) y / HEIGHT;

      for (guint x = 0; x < WIDTH; x++)
        {
          double fx = (double) x / WIDTH;
          guint8 *p = rgb + ((gsize) y * WIDTH + x) * 3;
          double base[3];

          base[0] = 128 + 80 * sin (fx * 9.0 + fy * 4.0) + 30 * sin (fx * 61.0) * cos (fy * 47.0);
          base[1] = 118 + 70 * cos (fx * 5.0 - fy * 11.0) + 25 * sin ((fx - fy) * 83.0);
          base[2] = 96 + 60 * sin ((fx + fy) * 13.0) + 20 * cos (fy * 71.0);
          if (((x / 211) + (y / 173)) % 5 == 0)
            {
              base[0] *= 0.45;
              base[1] *= 0.5;
              base[2] *= 0.55;
            }

          for (guint c = 0; c < 3; c++)
            {
              state ^= state << 13;
              state ^= state >> 17;
              state ^= state << 5;
              p[c] = (guint8) CLAMP ((int) base[c] + (int) (state % 25) - 12, 0, 255);
            }
        }
    }

  g_assert_cmpint (tjCompress2 (handle, rgb, WIDTH, 0, HEIGHT, TJPF_RGB, &buffer, &size, TJSAMP_420, 93, 0), ==, 0);
  tjDestroy (handle);
  jpeg = g_bytes_new (buffer, size);
  tjFree (buffer);

  return jpeg;
}

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
remove_stored (AduanPhotoStore  *store,
               AduanPhotoImport *import)
{
  g_autofree char *path = aduan_photo_store_get_path (store, import->ref->sha256);
  g_autofree char *thumbnail = aduan_photo_store_get_thumbnail_path (store, import->ref->sha256);

  g_unlink (path);
  g_unlink (thumbnail);
}

/* The child: one photo in a fresh process, so its peak resident set is
 * the pipeline's (plus the program's baseline, measured separately). */
static int
child_main (const char *mode,
            const char *input,
            const char *data_dir)
{
  g_autoptr(AduanPhotoStore) store = aduan_photo_store_new (data_dir);
  g_autoptr(AduanPhotoPipeline) pipeline = aduan_photo_pipeline_new (store);
  g_autoptr(GFile) file = g_file_new_for_path (input);
  g_autoptr(AduanPhotoImport) import = NULL;
  g_autoptr(GError) error = NULL;

  if (g_str_equal (mode, "idle"))
    return 0;

  import = aduan_photo_pipeline_import (pipeline, file, NULL, &error);
  g_assert_no_error (error);
  remove_stored (store, import);

  return 0;
}

typedef struct
{
  double  wall_ms;
  double  max_rss_mb;
} ChildRun;

/* The launcher: a fresh, small process that forks and execs the measured
 * command and prints its wall time and peak resident set. A child forked
 * straight from this big benchmark process would count the parent's
 * pages, resident before the exec, as its own peak. */
static int
launcher_main (char **argv)
{
  struct rusage usage;
  gint64 start = g_get_monotonic_time ();
  int status;
  pid_t pid;

  pid = fork ();
  if (pid < 0)
    return 1;
  if (pid == 0)
    {
      int null = open ("/dev/null", O_WRONLY);

      dup2 (null, STDOUT_FILENO);
      dup2 (null, STDERR_FILENO);
      execv (argv[0], argv);
      _exit (127);
    }

  if (wait4 (pid, &status, 0, &usage) != pid || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    return 1;

  g_print ("%" G_GINT64_FORMAT " %ld\n", g_get_monotonic_time () - start, usage.ru_maxrss);
  return 0;
}

static gboolean
run_child (const char          *self,
           const char * const  *argv,
           ChildRun            *run)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  gint64 wall_us = 0;
  long max_rss_kb = 0;
  int status = 0;

  g_ptr_array_add (args, (char *) self);
  g_ptr_array_add (args, (char *) "--launch");
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (char *) argv[i]);
  g_ptr_array_add (args, NULL);

  if (!g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &output, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, NULL) ||
      sscanf (output, "%" G_GINT64_FORMAT " %ld", &wall_us, &max_rss_kb) != 2)
    return FALSE;

  run->wall_ms = wall_us / 1000.0;
  run->max_rss_mb = max_rss_kb / 1024.0;
  return TRUE;
}

static void
report_children (const char          *self,
                 const char          *name,
                 const char * const  *argv)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  double peak = 0;

  for (guint i = 0; i < N_RUNS; i++)
    {
      ChildRun run;

      g_assert_true (run_child (self, argv, &run));
      g_array_append_val (times, run.wall_ms);
      peak = MAX (peak, run.max_rss_mb);
    }

  bench_report (name, times);
  g_print ("%s_peak_rss_mb: %.1f\n", name, peak);
}

/* Leaves nothing of the ~4 MB input and the outputs behind. */
static void
clean_up (const char *dir)
{
  const char *files[] = { "IMG_12MP.jpg", "vips-1600.jpg", NULL };
  const char *folders[] = { "data/photos/thumbs", "data/photos", "data", NULL };

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);

      g_unlink (path);
    }
  for (guint i = 0; folders[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, folders[i], NULL);

      g_rmdir (path);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *input = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *self = NULL;
  g_autofree char *vipsthumbnail = NULL;
  g_autoptr(GBytes) photo = NULL;
  g_autoptr(AduanPhotoStore) store = NULL;
  g_autoptr(AduanPhotoPipeline) pipeline = NULL;
  g_autoptr(GArray) process_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) import_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  guint out_width = 0, out_height = 0;
  gsize out_bytes = 0;

  if (argc == 5 && g_str_equal (argv[1], "--child"))
    return child_main (argv[2], argv[3], argv[4]);
  if (argc > 2 && g_str_equal (argv[1], "--launch"))
    return launcher_main (argv + 2);

  dir = bench_make_dir ("photo");
  input = g_build_filename (dir, "IMG_12MP.jpg", NULL);
  data_dir = g_build_filename (dir, "data", NULL);
  photo = make_photo ();
  g_file_set_contents (input, g_bytes_get_data (photo, NULL), (gssize) g_bytes_get_size (photo), &error);
  g_assert_no_error (error);
  g_print ("input_megapixels: %.1f\n", WIDTH * HEIGHT / 1e6);
  g_print ("input_bytes: %" G_GSIZE_FORMAT "\n", g_bytes_get_size (photo));

  store = aduan_photo_store_new (data_dir);
  pipeline = aduan_photo_pipeline_new (store);

  /* In this process: decoding to encoding, then the same plus the
   * durable write (fsync, rename, fsync of the folder). The first run of
   * each warms the page cache and the allocator. */
  for (guint i = 0; i < N_RUNS + 1; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (input);
      g_autoptr(AduanPhotoImport) processed = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      processed = aduan_photo_pipeline_process (pipeline, file, NULL, &error);
      ms = elapsed_ms (start);
      g_assert_no_error (error);
      if (i > 0)
        g_array_append_val (process_ms, ms);
    }
  for (guint i = 0; i < N_RUNS + 1; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (input);
      g_autoptr(AduanPhotoImport) imported = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      imported = aduan_photo_pipeline_import (pipeline, file, NULL, &error);
      ms = elapsed_ms (start);
      g_assert_no_error (error);
      if (i > 0)
        g_array_append_val (import_ms, ms);

      out_width = imported->width;
      out_height = imported->height;
      out_bytes = g_bytes_get_size (imported->jpeg);
      /* So the next run writes again instead of finding it stored. */
      remove_stored (store, imported);
    }

  g_print ("output_size: %ux%u\n", out_width, out_height);
  g_print ("output_bytes: %" G_GSIZE_FORMAT "\n", out_bytes);
  bench_report ("pipeline_process", process_ms);
  bench_report ("pipeline_import", import_ms);

  /* In a fresh process each time, as vipsthumbnail runs. */
  self = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);
  {
    const char *idle[] = { self, "--child", "idle", input, data_dir, NULL };
    const char *import[] = { self, "--child", "import", input, data_dir, NULL };

    report_children (self, "process_baseline", idle);
    report_children (self, "pipeline_child", import);
  }

  vipsthumbnail = g_find_program_in_path ("vipsthumbnail");
  if (vipsthumbnail == NULL)
    {
      g_print ("vipsthumbnail: missing (Debian: libvips-tools)\n");
      clean_up (dir);
      return 0;
    }
  {
    g_autofree char *output = g_build_filename (dir, "vips-1600.jpg[Q=80,strip]", NULL);
    const char *vips[] = { vipsthumbnail, input, "--size", "1600x1600", "-o", output, NULL };
    g_autofree char *made = g_build_filename (dir, "vips-1600.jpg", NULL);
    GStatBuf buf;

    report_children (self, "vipsthumbnail", vips);
    if (g_stat (made, &buf) == 0)
      g_print ("vipsthumbnail_output_bytes: %" G_GINT64_FORMAT "\n", (gint64) buf.st_size);
  }

  clean_up (dir);
  return 0;
}
