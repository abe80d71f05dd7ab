/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "aduan-area-index.h"
#include "aduan-error.h"

/* The tests compile their own small index from tests/data/areas with the
 * build's aduan-areas-compile, so they check the tool and the reader
 * together and do not depend on the ~84 000 villages of the real data. */

typedef struct
{
  char *path;               /* (owned) the compiled fixture index */
  AduanAreaIndex *index;    /* (owned) */
} Fixture;

static char *
compile_tool_path (void)
{
  const char *env = g_getenv ("ADUAN_AREAS_COMPILE");

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  /* G_TEST_BUILDDIR is <build>/tests; the tool is built in <build>/data. */
  return g_test_build_filename (G_TEST_BUILT, "..", "data", "areas",
                                "aduan-areas-compile", NULL);
}

/* Runs the compile tool; returns its exit status and what it printed. */
static int
run_compile_tool (const char  *csv_dir,
                  const char  *output,
                  char       **standard_error)
{
  g_autofree char *tool = compile_tool_path ();
  const char *argv[] = { tool, "--csv-dir", csv_dir, "--output", output, NULL };
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  if (!g_file_test (tool, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("The compile tool %s is missing: build the project first or "
             "set ADUAN_AREAS_COMPILE", tool);

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, standard_error, &wait_status, &error);
  g_assert_no_error (error);

  return g_spawn_check_wait_status (wait_status, NULL) ? 0 : 1;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *csv_dir = g_test_build_filename (G_TEST_DIST, "data", "areas", NULL);
  g_autofree char *standard_error = NULL;
  g_autoptr(GError) error = NULL;

  /* ISOLATE_DIRS gives every test its own, fresh cache folder. */
  fixture->path = g_build_filename (g_get_user_cache_dir (), "areas.sqlite", NULL);
  g_assert_no_errno (g_mkdir_with_parents (g_get_user_cache_dir (), 0700));

  if (run_compile_tool (csv_dir, fixture->path, &standard_error) != 0)
    g_error ("aduan-areas-compile failed on the fixture: %s", standard_error);

  fixture->index = aduan_area_index_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->index);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->index);
  g_clear_pointer (&fixture->path, g_free);
}

static GPtrArray *
search (Fixture    *fixture,
        const char *text,
        guint       limit)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *results = aduan_area_index_search (fixture->index, text, limit, &error);

  g_assert_no_error (error);
  g_assert_nonnull (results);
  return results;
}

static const char *
result_code (GPtrArray *results,
             guint      i)
{
  return ((AduanVillage *) g_ptr_array_index (results, i))->code;
}

static gboolean
results_contain (GPtrArray  *results,
                 const char *code)
{
  for (guint i = 0; i < results->len; i++)
    {
      if (g_strcmp0 (result_code (results, i), code) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The fixture compiles into an index with every row, names title-cased. */
static void
test_compile_fixture (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(AduanVillage) jakarta = NULL;
  g_autoptr(AduanVillage) madiun = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (aduan_area_index_count_villages (fixture->index), ==, 46);

  madiun = aduan_area_index_lookup (fixture->index, "35.77.02.1001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (madiun->name, ==, "Manguharjo");
  g_assert_cmpstr (madiun->district, ==, "Manguharjo");
  g_assert_cmpstr (madiun->regency, ==, "Kota Madiun");
  g_assert_cmpstr (madiun->province, ==, "Jawa Timur");

  jakarta = aduan_area_index_lookup (fixture->index, "31.71.01.1001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jakarta->regency, ==, "Kota Administrasi Jakarta Pusat");
  g_assert_cmpstr (jakarta->province, ==, "DKI Jakarta");
}

/* Broken CSVs fail the build with the file and line, and leave no index. */
static void
test_compile_rejects_bad_csv (void)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", "areas", NULL);
  g_autofree char *csv_dir = g_build_filename (g_get_user_cache_dir (), "csv", NULL);
  g_autofree char *output = g_build_filename (g_get_user_cache_dir (), "bad.sqlite", NULL);
  const char *files[] = { "provinces.csv", "regencies.csv", "districts.csv" };
  g_autofree char *villages = g_build_filename (csv_dir, "villages.csv", NULL);
  g_autofree char *standard_error = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_no_errno (g_mkdir_with_parents (csv_dir, 0700));
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *from = g_build_filename (source, files[i], NULL);
      g_autofree char *to = g_build_filename (csv_dir, files[i], NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_file_get_contents (from, &contents, &length, &error);
      g_assert_no_error (error);
      g_file_set_contents (to, contents, (gssize) length, &error);
      g_assert_no_error (error);
    }

  /* A village in a district that does not exist. */
  g_file_set_contents (villages,
                       "code,district_code,name\n"
                       "35.77.02.1001,35.77.02,Manguharjo\n"
                       "35.77.09.1001,35.77.09,Nowhere\n", -1, &error);
  g_assert_no_error (error);

  g_assert_cmpint (run_compile_tool (csv_dir, output, &standard_error), !=, 0);
  g_assert_nonnull (strstr (standard_error, "villages.csv:3"));
  g_assert_nonnull (strstr (standard_error, "35.77.09"));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  g_clear_pointer (&standard_error, g_free);

  /* A malformed code. */
  g_file_set_contents (villages,
                       "code,district_code,name\n"
                       "35.77.02.101,35.77.02,Manguharjo\n", -1, &error);
  g_assert_no_error (error);

  g_assert_cmpint (run_compile_tool (csv_dir, output, &standard_error), !=, 0);
  g_assert_nonnull (strstr (standard_error, "villages.csv:2"));
  g_assert_nonnull (strstr (standard_error, "NN.NN.NN.NNNN"));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
}

/* Names that start with the text come first, in name order, then the
 * other matches (here, villages of the district Kedungwaru). */
static void
test_search_prefix (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GPtrArray) results = search (fixture, "kedung", 50);
  const char *expected_first[] = {
    "Kedungbanteng", "Kedungcaluk", "Kedungjati", "Kedungmaron", "Kedungrejo", "Kedungrejo",
  };

  g_assert_cmpuint (results->len, ==, G_N_ELEMENTS (expected_first) + 3);

  for (guint i = 0; i < G_N_ELEMENTS (expected_first); i++)
    g_assert_cmpstr (((AduanVillage *) g_ptr_array_index (results, i))->name, ==, expected_first[i]);

  for (guint i = G_N_ELEMENTS (expected_first); i < results->len; i++)
    g_assert_cmpstr (((AduanVillage *) g_ptr_array_index (results, i))->district, ==, "Kedungwaru");

  /* The limit is honoured, keeping the best matches. */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = search (fixture, "kedung", 2);
  g_assert_cmpuint (results->len, ==, 2);
  g_assert_cmpstr (((AduanVillage *) g_ptr_array_index (results, 0))->name, ==, "Kedungbanteng");

  /* The exact name comes before longer names that start with it. */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = search (fixture, "taman", 10);
  g_assert_cmpstr (result_code (results, 0), ==, "35.77.03.1009");
}

/* Every word must match, across village, district and regency. */
static void
test_search_multiple_words (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GPtrArray) results = search (fixture, "manguharjo madiun", 50);

  /* Manguharjo the village first, then the rest of its district. */
  g_assert_cmpuint (results->len, ==, 9);
  g_assert_cmpstr (result_code (results, 0), ==, "35.77.02.1001");
  for (guint i = 0; i < results->len; i++)
    g_assert_true (g_str_has_prefix (result_code (results, i), "35.77.02."));

  /* Two Kedungrejo: the district tells them apart. */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = search (fixture, "kedungrejo pilang", 50);
  g_assert_cmpuint (results->len, ==, 1);
  g_assert_cmpstr (result_code (results, 0), ==, "35.19.13.2004");

  /* A name typed halfway: "Nambangan K" puts Nambangan Kidul first.
   * Nambangan Lor follows: "k" also starts "Kota" of Kota Madiun. */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = search (fixture, "nambangan k", 50);
  g_assert_cmpuint (results->len, ==, 2);
  g_assert_cmpstr (result_code (results, 0), ==, "35.77.02.1009");
  g_assert_cmpstr (result_code (results, 1), ==, "35.77.02.1008");

  /* The regency's own words count: "kota madiun" leaves out Kabupaten Madiun. */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = search (fixture, "kota madiun", 50);
  g_assert_cmpuint (results->len, ==, 27);
  for (guint i = 0; i < results->len; i++)
    g_assert_true (g_str_has_prefix (result_code (results, i), "35.77."));

  /* Words that match nothing together give nothing. */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = search (fixture, "manguharjo aceh", 50);
  g_assert_cmpuint (results->len, ==, 0);
}

/* Case, diacritics and compatibility forms do not matter. */
static void
test_search_case_and_diacritics (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  const char *texts[] = {
    "MANGUHARJO",
    "mánguhàrjô",
    "Ma\xCC\x81nguharjo",                                 /* combining acute */
    "\xEF\xBC\xAD\xEF\xBD\x81\xEF\xBD\x8E\xEF\xBD\x87uharjo", /* full-width Ｍａｎｇ */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GPtrArray) results = search (fixture, texts[i], 5);

      g_test_message ("searching “%s”", texts[i]);
      g_assert_cmpuint (results->len, >=, 1);
      g_assert_cmpstr (result_code (results, 0), ==, "35.77.02.1001");
    }
}

/* Apostrophes and quotes inside names may be typed or left out. */
static void
test_search_apostrophes (Fixture       *fixture,
                         gconstpointer  user_data)
{
  const struct {
    const char *text;
    const char *code;
  } cases[] = {
    { "ba'u", "11.01.02.2018" },
    { "bau", "11.01.02.2018" },
    { "Ba’u", "11.01.02.2018" },
    { "pasi kuala ba", "11.01.02.2018" },
    { "soka\"an", "35.13.15.2017" },
    { "sokaan", "35.13.15.2017" },
    { "soka'a", "35.13.15.2017" },
    { "regapu'u", "53.07.01.2021" },
    { "regapuu", "53.07.01.2021" },
    { "oro-oro", "35.77.01.1001" },
    { "oro oro ombo", "35.77.01.1001" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) results = search (fixture, cases[i].text, 5);

      g_test_message ("searching “%s”", cases[i].text);
      g_assert_cmpuint (results->len, >=, 1);
      g_assert_cmpstr (result_code (results, 0), ==, cases[i].code);
    }
}

/* Whatever a person types, search never fails on FTS5 syntax. */
static void
test_search_punctuation (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *long_text = g_strnfill (5000, 'k');
  g_autofree char *many_words = NULL;
  const char *texts[] = {
    "\"", "*", ":", "(", ")", "^", "-", "+", "\"*:(", "\"madiun", "madiun\"",
    "madiun*", "*madiun", "name:madiun", "name : madiun", "{name regency}: madiun",
    "madiun AND", "AND", "OR", "NOT", "NEAR", "NEAR(madiun taman)", "madiun OR taman",
    "madiun NOT taman", "'; DROP TABLE villages; --", "%", "_", "\\", "\t\n",
    "\xFF\xFE", "ma\xC3", "🙂", "\xE2\x80\x8B", "a\"b\"c", "((((", "))))", long_text,
  };
  GString *words = g_string_new (NULL);

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (words, "w%u ", i);
  many_words = g_string_free (words, FALSE);

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GPtrArray) results = search (fixture, texts[i], 10);

      g_assert_cmpuint (results->len, <=, 10);
    }

  g_ptr_array_unref (search (fixture, many_words, 10));

  /* Operators are words like any other, and punctuation only separates. */
  {
    g_autoptr(GPtrArray) results = search (fixture, "(madiun)*: lor\"", 10);

    g_assert_cmpuint (results->len, ==, 2);
    g_assert_cmpstr (result_code (results, 0), ==, "35.77.02.1006");
    g_assert_true (results_contain (results, "35.77.02.1008"));
  }
}

/* Text without letters or digits, or a limit of 0, finds nothing. */
static void
test_search_empty (Fixture       *fixture,
                   gconstpointer  user_data)
{
  const char *texts[] = { "", " ", "   ", "!!!", "-", "\"\"" };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GPtrArray) results = search (fixture, texts[i], 10);

      g_assert_cmpuint (results->len, ==, 0);
    }

  {
    g_autoptr(GPtrArray) results = search (fixture, "madiun", 0);

    g_assert_cmpuint (results->len, ==, 0);
  }
}

/* No village appears twice, though several tiers of the search find it. */
static void
test_search_no_duplicates (Fixture       *fixture,
                           gconstpointer  user_data)
{
  const char *texts[] = { "k", "m", "madiun", "kedung", "taman", "ka", "manguharjo madiun" };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GPtrArray) results = search (fixture, texts[i], 100);
      g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint j = 0; j < results->len; j++)
        g_assert_true (g_hash_table_add (codes, (gpointer) result_code (results, j)));
    }

  /* "madiun" matches all 27 villages of Kota Madiun and 6 in Kabupaten
   * Madiun; "Madiun Lor" starts with it and comes first. */
  {
    g_autoptr(GPtrArray) results = search (fixture, "madiun", 100);

    g_assert_cmpuint (results->len, ==, 33);
    g_assert_cmpstr (result_code (results, 0), ==, "35.77.02.1006");
  }
}

typedef struct
{
  AduanAreaIndex *index;
  const char *text;
} ThreadData;

static gpointer
search_thread (gpointer user_data)
{
  ThreadData *data = user_data;

  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) results = aduan_area_index_search (data->index, data->text, 10, &error);
      g_autoptr(AduanVillage) village = aduan_area_index_lookup (data->index, "35.77.03.1009", &error);

      g_assert_no_error (error);
      g_assert_cmpuint (results->len, >, 0);
      g_assert_cmpstr (village->name, ==, "Taman");
    }

  return NULL;
}

/* One index may serve searches from several threads at once. */
static void
test_search_threads (Fixture       *fixture,
                     gconstpointer  user_data)
{
  const char *texts[] = { "kedung", "madiun lor", "k", "taman" };
  ThreadData data[G_N_ELEMENTS (texts)];
  GThread *threads[G_N_ELEMENTS (texts)];

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      data[i].index = fixture->index;
      data[i].text = texts[i];
      threads[i] = g_thread_new ("search", search_thread, &data[i]);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    g_thread_join (threads[i]);
}

/* A known code gives its village; its label reads Village, District, Regency. */
static void
test_lookup_known (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanVillage) village = NULL;
  g_autoptr(AduanVillage) copy = NULL;
  g_autofree char *label = NULL;

  village = aduan_area_index_lookup (fixture->index, "35.77.02.1006", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (village->code, ==, "35.77.02.1006");
  g_assert_cmpstr (village->name, ==, "Madiun Lor");

  label = aduan_village_get_label (village);
  g_assert_cmpstr (label, ==, "Madiun Lor, Manguharjo, Kota Madiun");

  copy = aduan_village_copy (village);
  g_assert_true (copy->name != village->name);
  g_assert_cmpstr (copy->province, ==, village->province);
}

/* An unknown code is NOT_FOUND and the message names it. */
static void
test_lookup_unknown (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanVillage) village = NULL;

  village = aduan_area_index_lookup (fixture->index, "35.77.02.9999", &error);
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "35.77.02.9999"));
  g_assert_null (village);
}

/* A malformed code is refused before any lookup. */
static void
test_lookup_malformed (Fixture       *fixture,
                       gconstpointer  user_data)
{
  const char *malformed[] = {
    "", "35", "35.77", "35.77.02", "35.77.02.100", "35.77.02.10011", "35.77.02.100a",
    "35-77-02-1001", "3577021001", " 35.77.02.1001", "35.77.02.1001 ", "35.77.2.01001",
    "\xEF\xBC\x93\xEF\xBC\x95.77.02.1001",
  };

  g_assert_true (aduan_village_code_is_well_formed ("35.77.02.1001"));
  g_assert_true (aduan_village_code_is_well_formed ("00.00.00.0000"));
  g_assert_false (aduan_village_code_is_well_formed (NULL));

  for (gsize i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AduanVillage) village = NULL;

      g_assert_false (aduan_village_code_is_well_formed (malformed[i]));

      village = aduan_area_index_lookup (fixture->index, malformed[i], &error);
      g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD);
      g_assert_null (village);
    }
}

/* A missing index file says which file is missing. */
static void
test_open_missing (void)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "no-such", "areas.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanAreaIndex) index = NULL;

  index = aduan_area_index_open (path, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_null (index);
}

static void
assert_open_corrupt (const char   *path,
                     const guint8 *contents,
                     gsize         length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanAreaIndex) index = NULL;

  if (contents != NULL)
    {
      g_file_set_contents (path, (const char *) contents, (gssize) length, &error);
      g_assert_no_error (error);
    }

  index = aduan_area_index_open (path, &error);
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
  g_test_message ("%s", error->message);
  g_assert_null (index);
}

/* Random bytes, an empty file or another program's database are refused
 * at open with a clear error, not at the first search. */
static void
test_open_corrupt (void)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "areas.sqlite", NULL);
  g_autofree guint8 *noise = g_malloc (64 * 1024);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20241123);
  sqlite3 *db = NULL;

  g_assert_no_errno (g_mkdir_with_parents (g_get_user_cache_dir (), 0700));

  for (gsize i = 0; i < 64 * 1024; i++)
    noise[i] = (guint8) g_rand_int_range (rand, 0, 256);
  assert_open_corrupt (path, noise, 64 * 1024);

  assert_open_corrupt (path, (const guint8 *) "", 0);

  /* The SQLite header followed by garbage. */
  memcpy (noise, "SQLite format 3", 16);
  assert_open_corrupt (path, noise, 64 * 1024);

  g_assert_no_errno (g_unlink (path));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE villages (code TEXT)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_open_corrupt (path, NULL, 0);

  /* Our application id on a database without our tables. */
  g_assert_no_errno (g_unlink (path));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA application_id = 1094997313;"
                                     "CREATE TABLE villages (code TEXT)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_open_corrupt (path, NULL, 0);
}

/* The shipped index (built from the full idn-area-data) opens by default. */
static void
test_open_default (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanAreaIndex) index = NULL;
  g_autoptr(AduanVillage) village = NULL;
  g_autoptr(GPtrArray) results = NULL;

  index = aduan_area_index_open_default (&error);
  g_assert_no_error (error);

  g_assert_cmpint (aduan_area_index_count_villages (index), >, 80000);

  village = aduan_area_index_lookup (index, "35.77.02.1001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (village->name, ==, "Manguharjo");
  g_assert_cmpstr (village->regency, ==, "Kota Madiun");

  results = aduan_area_index_search (index, "manguharjo madiun", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, >=, 1);
  g_assert_cmpstr (result_code (results, 0), ==, "35.77.02.1001");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD_FIXTURE_TEST(path, func) \
  g_test_add ((path), Fixture, NULL, fixture_set_up, (func), fixture_tear_down)

  ADD_FIXTURE_TEST ("/core/area-index/compile/fixture", test_compile_fixture);
  g_test_add_func ("/core/area-index/compile/bad-csv", test_compile_rejects_bad_csv);
  ADD_FIXTURE_TEST ("/core/area-index/search/prefix", test_search_prefix);
  ADD_FIXTURE_TEST ("/core/area-index/search/multiple-words", test_search_multiple_words);
  ADD_FIXTURE_TEST ("/core/area-index/search/case-and-diacritics", test_search_case_and_diacritics);
  ADD_FIXTURE_TEST ("/core/area-index/search/apostrophes", test_search_apostrophes);
  ADD_FIXTURE_TEST ("/core/area-index/search/punctuation", test_search_punctuation);
  ADD_FIXTURE_TEST ("/core/area-index/search/empty", test_search_empty);
  ADD_FIXTURE_TEST ("/core/area-index/search/no-duplicates", test_search_no_duplicates);
  ADD_FIXTURE_TEST ("/core/area-index/search/threads", test_search_threads);
  ADD_FIXTURE_TEST ("/core/area-index/lookup/known", test_lookup_known);
  ADD_FIXTURE_TEST ("/core/area-index/lookup/unknown", test_lookup_unknown);
  ADD_FIXTURE_TEST ("/core/area-index/lookup/malformed", test_lookup_malformed);
  g_test_add_func ("/core/area-index/open/missing", test_open_missing);
  g_test_add_func ("/core/area-index/open/corrupt", test_open_corrupt);
  g_test_add_func ("/core/area-index/open/default", test_open_default);

#undef ADD_FIXTURE_TEST

  return g_test_run ();
}
