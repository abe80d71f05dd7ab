/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * bench-typeahead: how long the village typeahead takes per keystroke on
 * the real index (~84 000 villages). It samples village names from the
 * index, types each one a character at a time, as an officer does, the
 * third of them followed by " " and the district's name, and times every
 * aduan_area_index_search() call. The target is 5 ms per keystroke.
 *
 * Prints "key: value" lines, e.g. typeahead_median_ms: 0.42.
 */

#include <stdlib.h>
#include <time.h>

#include <gio/gio.h>
#include <sqlite3.h>

#include "aduan-area-index.h"
#include "aduan-paths.h"
#include "bench-common.h"

typedef struct
{
  double ms;
  char *text;
  guint n_results;
} Keystroke;

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec * 1000.0 + (double) ts.tv_nsec / 1.0e6;
}

static int
compare_keystrokes (gconstpointer a,
                    gconstpointer b)
{
  double x = ((const Keystroke *) a)->ms;
  double y = ((const Keystroke *) b)->ms;

  return (x > y) - (x < y);
}

/* The index API has no "give me village n"; the benchmark reads the names
 * it will type straight from the file, with a fixed seed so that runs
 * compare. */
static GPtrArray *
sample_texts (const char *path,
              guint       count,
              guint32     seed,
              GError    **error)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n_villages = 0;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT max(id) FROM villages", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    goto failed;
  n_villages = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (sqlite3_prepare_v2 (db,
                          "SELECT v.name, d.name FROM villages v"
                          " JOIN districts d ON d.code = v.district_code"
                          " WHERE v.id = ?1", -1, &stmt, NULL) != SQLITE_OK)
    goto failed;

  for (guint i = 0; i < count; i++)
    {
      gint64 id = g_rand_int_range (rand, 1, (gint32) n_villages + 1);

      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        goto failed;

      if (i % 3 == 2)
        g_ptr_array_add (texts, g_strdup_printf ("%s %s",
                                                 (const char *) sqlite3_column_text (stmt, 0),
                                                 (const char *) sqlite3_column_text (stmt, 1)));
      else
        g_ptr_array_add (texts, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_reset (stmt);
    }

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_steal_pointer (&texts);

failed:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path,
               db != NULL ? sqlite3_errmsg (db) : "cannot open");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanAreaIndex) index = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) slowest = g_array_new (FALSE, FALSE, sizeof (Keystroke));
  g_autofree char *path = NULL;
  int count = 200;
  int limit = 10;
  int seed = 1708;
  int show_slowest = 0;
  double started;
  double open_ms;
  double first_ms = 0;
  double total = 0;
  guint results_total = 0;
  const GOptionEntry entries[] = {
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "How many village names to type (200)", "N" },
    { "limit", 'l', 0, G_OPTION_ARG_INT, &limit, "Results per keystroke (10)", "N" },
    { "seed", 's', 0, G_OPTION_ARG_INT, &seed, "Seed for choosing the names (1708)", "N" },
    { "slowest", 0, 0, G_OPTION_ARG_INT, &show_slowest, "Also list the N slowest keystrokes", "N" },
    { NULL }
  };

  context = g_option_context_new ("- time the village typeahead per keystroke");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || count <= 0 || limit <= 0)
    {
      g_printerr ("bench-typeahead: %s\n", error != NULL ? error->message : "bad option");
      return EXIT_FAILURE;
    }

  path = aduan_find_data_file ("areas.sqlite");
  if (path == NULL)
    {
      g_printerr ("bench-typeahead: areas.sqlite not found; build the project "
                  "or set ADUAN_PKGDATADIR\n");
      return EXIT_FAILURE;
    }

  texts = sample_texts (path, (guint) count, (guint32) seed, &error);
  if (texts == NULL)
    {
      g_printerr ("bench-typeahead: %s\n", error->message);
      return EXIT_FAILURE;
    }

  started = now_ms ();
  index = aduan_area_index_open (path, &error);
  open_ms = now_ms () - started;
  if (index == NULL)
    {
      g_printerr ("bench-typeahead: %s\n", error->message);
      return EXIT_FAILURE;
    }

  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts, i);

      for (const char *end = g_utf8_next_char (text); ; end = g_utf8_next_char (end))
        {
          g_autofree char *typed = g_strndup (text, (gsize) (end - text));
          g_autoptr(GPtrArray) results = NULL;
          double elapsed;

          started = now_ms ();
          results = aduan_area_index_search (index, typed, (guint) limit, &error);
          elapsed = now_ms () - started;

          if (results == NULL)
            {
              g_printerr ("bench-typeahead: “%s”: %s\n", typed, error->message);
              return EXIT_FAILURE;
            }

          if (times->len == 0)
            first_ms = elapsed;
          g_array_append_val (times, elapsed);
          if (show_slowest > 0)
            {
              Keystroke keystroke = { elapsed, g_strdup (typed), results->len };
              g_array_append_val (slowest, keystroke);
            }
          total += elapsed;
          results_total += results->len;

          if (*end == '\0')
            break;
        }
    }

  g_print ("typeahead_villages: %" G_GINT64_FORMAT "\n", aduan_area_index_count_villages (index));
  g_print ("typeahead_names: %u\n", texts->len);
  g_print ("typeahead_keystrokes: %u\n", times->len);
  g_print ("typeahead_results_mean: %.1f\n", (double) results_total / times->len);
  g_print ("typeahead_open_ms: %.2f\n", open_ms);
  g_print ("typeahead_first_ms: %.3f\n", first_ms);
  g_print ("typeahead_mean_ms: %.3f\n", total / times->len);
  bench_report ("typeahead", times);
  g_print ("typeahead_p99_ms: %.3f\n", bench_percentile (times, 0.99));
  g_print ("typeahead_max_ms: %.3f\n", bench_percentile (times, 1.0));

  g_array_sort (slowest, compare_keystrokes);
  for (guint i = 0; i < slowest->len; i++)
    {
      Keystroke *keystroke = &g_array_index (slowest, Keystroke, slowest->len - 1 - i);

      if (i < (guint) show_slowest)
        g_print ("# %.3f ms, %u results: “%s”\n", keystroke->ms, keystroke->n_results, keystroke->text);
      g_free (keystroke->text);
    }

  return EXIT_SUCCESS;
}
