/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "aduan-test-util.h"

static const char * const titles[] = {
  "Lampu PJU mati di Jalan Pahlawan",
  "Juru parkir liar di depan pasar",
  "Pohon tumbang menutup jalan desa",
  "Saluran drainase tersumbat sampah",
  "Rumah tidak layak huni milik lansia",
  "KTP elektronik belum jadi tiga bulan",
};

static const char * const categories[] = {
  "street-lighting", "illegal-parking", "trees", "roads-drainage", "uninhabitable-housing", "population-documents",
};

/**
 * aduan_test_make_complaint:
 * @n: which one; different @n give different text
 *
 * Returns: (transfer full): a complaint that passes every check against
 *   the shipped catalog, not yet saved
 */
AduanComplaint *
aduan_test_make_complaint (guint n)
{
  AduanComplaint *complaint = aduan_complaint_new ();

  complaint->kind = (AduanReportKind) (n % ADUAN_REPORT_KIND_N);
  complaint->channel = (AduanChannel) (n % ADUAN_CHANNEL_N);
  complaint->category = g_strdup (categories[n % G_N_ELEMENTS (categories)]);
  complaint->title = g_strdup_printf ("%s #%u", titles[n % G_N_ELEMENTS (titles)], n);
  complaint->description = g_strdup_printf ("Laporan warga nomor %u: mohon segera ditindaklanjuti oleh dinas terkait.", n);
  complaint->reporter_name = g_strdup_printf ("Warga %u", n);
  complaint->reporter_phone = g_strdup ("0812 3456 7890");
  complaint->officer = g_strdup ("Petugas Uji");
  complaint->has_location = TRUE;
  complaint->latitude = -7.6298 + (n % 100) * 0.001;
  complaint->longitude = 111.5239 + (n % 100) * 0.001;
  complaint->accuracy_m = 8;
  complaint->location_source = ADUAN_LOCATION_SOURCE_GPS;
  complaint->location_time = g_get_real_time ();

  return complaint;
}

/**
 * aduan_test_make_temp_dir:
 *
 * Returns: (transfer full): a new empty folder under the test's temporary
 *   folder (isolated per test by %G_TEST_OPTION_ISOLATE_DIRS)
 */
char *
aduan_test_make_temp_dir (const char *name)
{
  g_autofree char *template = g_strdup_printf ("aduan-%s-XXXXXX", name);
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}

char *
aduan_test_hash_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/**
 * aduan_test_find_program:
 * @env_name: an environment variable meson sets to the built program
 * @build_relative: else, its path relative to the build root
 *
 * Returns: (transfer full): the program's path
 */
char *
aduan_test_find_program (const char *env_name,
                         const char *build_relative)
{
  const char *value = g_getenv (env_name);

  if (value != NULL)
    return g_strdup (value);

  return g_test_build_filename (G_TEST_BUILT, "..", "..", build_relative, NULL);
}
