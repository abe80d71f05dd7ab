/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>

#include "bench-common.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/**
 * bench_percentile:
 * @samples_ms: (element-type double): sorted in place
 * @fraction: 0.5 for the median, 0.95 for p95
 */
double
bench_percentile (GArray *samples_ms,
                  double  fraction)
{
  guint index;

  g_assert (samples_ms->len > 0);
  g_array_sort (samples_ms, compare_doubles);
  index = (guint) (fraction * (samples_ms->len - 1) + 0.5);

  return g_array_index (samples_ms, double, index);
}

void
bench_report (const char *name,
              GArray     *samples_ms)
{
  g_print ("%s_median_ms: %.3f\n", name, bench_percentile (samples_ms, 0.5));
  g_print ("%s_p95_ms: %.3f\n", name, bench_percentile (samples_ms, 0.95));
  g_print ("%s_samples: %u\n", name, samples_ms->len);
}

/* On the real disk, not a tmpfs: durability costs are what we measure. */
char *
bench_make_dir (const char *name)
{
  g_autofree char *template = g_strdup_printf ("aduan-bench-%s-XXXXXX", name);
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}
