/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One durable save through AduanStore next to a plain SQLite insert of the
 * same columns with the same pragmas (WAL, synchronous=FULL), one
 * transaction each, in the same run on the same disk.
 * Target: save median ≤ 5 ms and ≤ 1.2 × the plain insert.
 */
#include <sqlite3.h>

#include "aduan-store.h"
#include "aduan-test-util.h"
#include "bench-common.h"

#define N_SAVES 1000

static void
bench_plain_insert (const char *dir,
                    GArray     *samples)
{
  g_autofree char *path = g_build_filename (dir, "plain.sqlite", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
                                 "CREATE TABLE complaints (uuid TEXT PRIMARY KEY, tracking_code TEXT NOT NULL UNIQUE,"
                                 " kind TEXT, category TEXT, title TEXT, description TEXT, reporter_name TEXT,"
                                 " reporter_phone TEXT, latitude REAL, longitude REAL, accuracy_m REAL,"
                                 " created_at INTEGER, updated_at INTEGER, officer TEXT)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO complaints VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);

  for (guint i = 0; i < N_SAVES; i++)
    {
      g_autoptr(AduanComplaint) c = aduan_test_make_complaint (i);
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *code = g_strdup_printf ("P%09u", i);
      gint64 start = g_get_monotonic_time ();
      double ms;

      sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, "complaint", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, c->category, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, c->title, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 6, c->description, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 7, c->reporter_name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 8, c->reporter_phone, -1, SQLITE_TRANSIENT);
      sqlite3_bind_double (stmt, 9, c->latitude);
      sqlite3_bind_double (stmt, 10, c->longitude);
      sqlite3_bind_double (stmt, 11, c->accuracy_m);
      sqlite3_bind_int64 (stmt, 12, g_get_real_time ());
      sqlite3_bind_int64 (stmt, 13, g_get_real_time ());
      sqlite3_bind_text (stmt, 14, c->officer, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (samples, ms);
    }

  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
bench_store_save (const char *dir,
                  GArray     *samples)
{
  g_autofree char *store_dir = g_build_filename (dir, "store", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanStore) store = aduan_store_open (store_dir, &error);
  g_autoptr(AduanCatalog) catalog = aduan_catalog_new_default (&error);
  g_autoptr(AduanAreaIndex) areas = aduan_area_index_open_default (&error);

  g_assert_no_error (error);
  if (g_getenv ("BENCH_FTS_CONFIG"))
    {
      g_autofree char *db_path = g_build_filename (store_dir, "aduan.sqlite", NULL);
      sqlite3 *db = NULL;
      sqlite3_open (db_path, &db);
      g_assert_cmpint (sqlite3_exec (db, g_getenv ("BENCH_FTS_CONFIG"), NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
    }
  aduan_store_set_catalog (store, catalog);
  aduan_store_set_area_index (store, areas);

  for (guint i = 0; i < N_SAVES; i++)
    {
      g_autoptr(AduanComplaint) c = aduan_test_make_complaint (i);
      gint64 start;
      double ms;

      c->village_code = g_strdup ("35.77.01.1001");
      start = g_get_monotonic_time ();
      if (!aduan_store_save (store, c, &error))
        g_error ("save failed: %s", error->message);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (samples, ms);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = bench_make_dir ("save");
  g_autoptr(GArray) plain = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) saves = g_array_new (FALSE, FALSE, sizeof (double));
  double plain_median, save_median;

  /* Interleaving would be fairer to the disk cache, but each run needs a
   * warm file of its own; run the plain one first, then ours. */
  bench_plain_insert (dir, plain);
  bench_store_save (dir, saves);

  bench_report ("plain_insert", plain);
  bench_report ("store_save", saves);
  plain_median = bench_percentile (plain, 0.5);
  save_median = bench_percentile (saves, 0.5);
  g_print ("store_save_over_plain_insert: %.2f\n", save_median / plain_median);
  g_print ("target: save median <= 5 ms and <= 1.2x plain insert: %s\n",
           save_median <= 5.0 && save_median <= 1.2 * plain_median ? "met" : "NOT met");

  return 0;
}
