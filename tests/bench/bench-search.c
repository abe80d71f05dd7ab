/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Full-text search over 100 000 complaints: the first page (50 rows, what
 * the list shows) and the match count, per query as a person types it.
 * Target: ≤ 20 ms.
 */
#include <sqlite3.h>

#include "aduan-store.h"
#include "aduan-tracking-code.h"
#include "bench-common.h"

#define N_COMPLAINTS 100000
#define N_ROUNDS 20

static const char * const subjects[] = {
  "Lampu PJU mati", "Juru parkir liar", "Pohon tumbang", "Drainase tersumbat",
  "Jalan berlubang", "Rumah tidak layak huni", "KTP belum jadi", "Bansos tidak tepat sasaran",
  "Puskesmas tutup", "Sekolah rusak", "Wifi desa mati", "Reklame tanpa izin",
  "Sampah menumpuk", "Pedagang kaki lima", "Banjir genangan",
};

static const char * const places[] = {
  "Jalan Pahlawan", "Pasar Besar", "Alun-alun", "Terminal", "Balai Desa",
  "Jalan Diponegoro", "Kelurahan Klegen", "Stasiun", "Taman Kota", "Jalan Salak",
};

static const char * const villages[] = {
  "Oro-oro Ombo, Kartoharjo, Kota Madiun", "Klegen, Kartoharjo, Kota Madiun",
  "Manguharjo, Manguharjo, Kota Madiun", "Sukosari, Kartoharjo, Kota Madiun",
  "Taman, Taman, Kota Madiun",
};

/* Bulk-loads rows in one transaction: 100 000 durable saves would take
 * minutes and measure the disk, not search. The FTS triggers of the real
 * schema index every row as a save would. */
static void
fill (const char *dir,
      const char *prefix,
      GPtrArray  *codes)
{
  g_autofree char *path = g_build_filename (dir, "aduan.sqlite", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 now = g_get_real_time ();

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO complaints (uuid, tracking_code, kind, category, title, description,"
                                       " reporter_name, anonymous, confidential, channel, created_at, updated_at,"
                                       " sync_state, village_label) VALUES (?, ?, 'complaint', 'other', ?, ?, ?, 0, 0,"
                                       " 'field-visit', ?, ?, 'waiting', ?)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);

  for (guint i = 0; i < N_COMPLAINTS; i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *code = aduan_tracking_code_build (prefix, i, NULL);
      const char *subject = subjects[g_rand_int_range (rand, 0, G_N_ELEMENTS (subjects))];
      const char *place = places[g_rand_int_range (rand, 0, G_N_ELEMENTS (places))];
      g_autofree char *title = g_strdup_printf ("%s di %s", subject, place);
      g_autofree char *description = g_strdup_printf ("Warga melaporkan %s di sekitar %s sejak %u hari lalu; "
                                                      "mohon segera ditindaklanjuti oleh dinas terkait.",
                                                      subject, place, g_rand_int_range (rand, 1, 30));
      g_autofree char *reporter = g_strdup_printf ("Warga %u", i);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, title, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, description, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, reporter, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 6, now - (gint64) i * G_USEC_PER_SEC * 60);
      sqlite3_bind_int64 (stmt, 7, now);
      sqlite3_bind_text (stmt, 8, villages[i % G_N_ELEMENTS (villages)], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);

      if (i % 9973 == 0)
        g_ptr_array_add (codes, g_steal_pointer (&code));
    }

  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
measure (AduanStore *store,
         const char *name,
         const char *text,
         guint       offset)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) page_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *page_name = g_strconcat (name, "_page_only", NULL);
  gint64 count = 0;

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      AduanStoreQuery query = ADUAN_STORE_QUERY_INIT;
      g_autoptr(GPtrArray) page = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      query.search = text;
      query.limit = 50;
      query.offset = offset;
      page = aduan_store_list (store, &query, &error);
      g_assert_no_error (error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (page_samples, ms);
      count = aduan_store_count (store, &query, &error);
      g_assert_no_error (error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (samples, ms);
    }

  g_print ("# %s: “%s” → %" G_GINT64_FORMAT " matches\n", name, text ? text : "", count);
  bench_report (name, samples);
  bench_report (page_name, page_samples);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = bench_make_dir ("search");
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanStore) store = aduan_store_open (dir, &error);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  const char *prefix;
  gint64 start;

  g_assert_no_error (error);
  prefix = aduan_store_get_device_prefix (store);
  start = g_get_monotonic_time ();
  fill (dir, prefix, codes);
  g_print ("fill_100k_s: %.1f\n", (g_get_monotonic_time () - start) / 1e6);
  start = g_get_monotonic_time ();
  g_assert_true (aduan_store_update_search_index (store, &error));
  g_print ("index_100k_s: %.1f\n", (g_get_monotonic_time () - start) / 1e6);

  measure (store, "search_rare_word", "wifi desa", 0);
  measure (store, "search_common_word", "jalan", 0);
  measure (store, "search_prefix_keystroke", "dra", 0);
  measure (store, "search_two_words", "lampu pahlawan", 0);
  measure (store, "search_village", "klegen", 0);
  measure (store, "search_tracking_code", codes->pdata[3], 0);
  measure (store, "search_reporter", "warga 4242", 0);
  measure (store, "list_first_page", NULL, 0);
  measure (store, "list_deep_page", NULL, 99000);

  return 0;
}
