/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "aduan-location.h"
#include "aduan-test-util.h"

#define NOW ((gint64) 1795000000 * G_USEC_PER_SEC)

/* A fresh, accurate GPS fix is good and has nothing to warn about. */
static void
test_good (void)
{
  g_autoptr(AduanLocationFix) fix = aduan_location_fix_new (ADUAN_LOCATION_SOURCE_GPS, -7.63, 111.52, 12,
                                                            NOW - 30 * G_USEC_PER_SEC);
  g_autofree char *warning = NULL;

  g_assert_cmpint (aduan_location_fix_check (fix, NULL, NOW, &warning), ==, ADUAN_LOCATION_QUALITY_GOOD);
  g_assert_null (warning);
  g_assert_true (aduan_location_fix_is_valid (fix));
}

/* Worse than 50 m, or older than 5 minutes, is flagged, each with a
 * sentence that gives the figures; both together give both. */
static void
test_inaccurate_and_stale (void)
{
  g_autoptr(AduanLocationFix) coarse = aduan_location_fix_new (ADUAN_LOCATION_SOURCE_GEOCLUE, -7.63, 111.52, 120, NOW);
  g_autoptr(AduanLocationFix) old = aduan_location_fix_new (ADUAN_LOCATION_SOURCE_GPS, -7.63, 111.52, 5,
                                                            NOW - 7 * G_TIME_SPAN_MINUTE);
  g_autoptr(AduanLocationFix) both = aduan_location_fix_new (ADUAN_LOCATION_SOURCE_GPS, -7.63, 111.52, 80,
                                                             NOW - 10 * G_TIME_SPAN_MINUTE);
  g_autofree char *w1 = NULL;
  g_autofree char *w2 = NULL;
  g_autofree char *w3 = NULL;

  g_assert_cmpint (aduan_location_fix_check (coarse, NULL, NOW, &w1), ==, ADUAN_LOCATION_QUALITY_INACCURATE);
  g_assert_nonnull (strstr (w1, "120 m"));
  g_assert_nonnull (strstr (w1, "50 m"));

  g_assert_cmpint (aduan_location_fix_check (old, NULL, NOW, &w2), ==, ADUAN_LOCATION_QUALITY_STALE);
  g_assert_nonnull (strstr (w2, "7 minutes"));
  g_assert_nonnull (strstr (w2, "5 minutes"));

  g_assert_cmpint (aduan_location_fix_check (both, NULL, NOW, &w3), ==,
                   ADUAN_LOCATION_QUALITY_INACCURATE | ADUAN_LOCATION_QUALITY_STALE);
  g_assert_nonnull (strstr (w3, "80 m"));
  g_assert_nonnull (strstr (w3, "10 minutes"));
}

/* The thresholds are the policy's: 10 m and 30 s here. */
static void
test_custom_policy (void)
{
  AduanLocationPolicy policy = { 10, 30 * G_TIME_SPAN_SECOND };
  g_autoptr(AduanLocationFix) fix = aduan_location_fix_new (ADUAN_LOCATION_SOURCE_GPS, -7.63, 111.52, 12,
                                                            NOW - 45 * G_USEC_PER_SEC);
  g_autofree char *warning = NULL;

  g_assert_cmpint (aduan_location_fix_check (fix, &policy, NOW, &warning), ==,
                   ADUAN_LOCATION_QUALITY_INACCURATE | ADUAN_LOCATION_QUALITY_STALE);
  g_assert_nonnull (strstr (warning, "45 seconds"));
}

/* Age only counts for live sources: a two-day-old photo position is not
 * stale, but a measured position without an accuracy says so; a kiosk's
 * configured place needs neither. */
static void
test_sources (void)
{
  g_autoptr(AduanLocationFix) photo = aduan_location_fix_new (ADUAN_LOCATION_SOURCE_PHOTO, -7.63, 111.52, -1,
                                                              NOW - 2 * G_TIME_SPAN_DAY);
  g_autoptr(AduanLocationFix) kiosk = aduan_location_fix_new_kiosk (-7.6298, 111.5239, -1);
  g_autoptr(AduanLocationFix) untimed = aduan_location_fix_new (ADUAN_LOCATION_SOURCE_GPS, -7.63, 111.52, 5, 0);
  g_autofree char *w1 = NULL;
  g_autofree char *w2 = NULL;

  g_assert_cmpint (aduan_location_fix_check (photo, NULL, NOW, &w1), ==, ADUAN_LOCATION_QUALITY_ACCURACY_UNKNOWN);
  g_assert_nonnull (w1);

  g_assert_cmpint (kiosk->source, ==, ADUAN_LOCATION_SOURCE_KIOSK);
  g_assert_cmpint (aduan_location_fix_check (kiosk, NULL, NOW + 365 * G_TIME_SPAN_DAY, NULL), ==,
                   ADUAN_LOCATION_QUALITY_GOOD);

  g_assert_cmpint (aduan_location_fix_check (untimed, NULL, NOW, &w2), ==, ADUAN_LOCATION_QUALITY_TIME_UNKNOWN);
}

/* Coordinates off the Earth are flagged invalid. */
static void
test_invalid (void)
{
  g_autoptr(AduanLocationFix) fix = aduan_location_fix_new (ADUAN_LOCATION_SOURCE_MANUAL, 95, 111.52, 5, NOW);
  g_autoptr(AduanLocationFix) none = aduan_location_fix_new (ADUAN_LOCATION_SOURCE_NONE, 1, 1, 5, NOW);
  g_autoptr(AduanLocationFix) nan_accuracy = aduan_location_fix_new (ADUAN_LOCATION_SOURCE_MAP, 1, 1, NAN, NOW);
  g_autofree char *warning = NULL;

  g_assert_false (aduan_location_fix_is_valid (fix));
  g_assert_true (aduan_location_fix_check (fix, NULL, NOW, &warning) & ADUAN_LOCATION_QUALITY_INVALID);
  g_assert_false (aduan_location_fix_is_valid (none));
  g_assert_cmpfloat (nan_accuracy->accuracy_m, <, 0);
}

/* A fix applied to a complaint carries its source, accuracy and time, and
 * the result passes the complaint's own checks. */
static void
test_apply (void)
{
  g_autoptr(AduanComplaint) complaint = aduan_test_make_complaint (3);
  g_autoptr(AduanLocationFix) fix = aduan_location_fix_new (ADUAN_LOCATION_SOURCE_GEOCLUE, -7.61, 111.53, 25,
                                                            g_get_real_time ());
  g_autoptr(AduanLocationFix) copy = aduan_location_fix_copy (fix);
  g_autoptr(GError) error = NULL;

  aduan_location_fix_apply (copy, complaint);
  g_assert_true (complaint->has_location);
  g_assert_cmpint (complaint->location_source, ==, ADUAN_LOCATION_SOURCE_GEOCLUE);
  g_assert_cmpfloat (complaint->accuracy_m, ==, 25);
  g_assert_cmpint (complaint->location_time, ==, fix->time);
  g_assert_true (aduan_complaint_validate (complaint, NULL, NULL, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/location/fix/good", test_good);
  g_test_add_func ("/core/location/fix/inaccurate-and-stale", test_inaccurate_and_stale);
  g_test_add_func ("/core/location/fix/custom-policy", test_custom_policy);
  g_test_add_func ("/core/location/fix/sources", test_sources);
  g_test_add_func ("/core/location/fix/invalid", test_invalid);
  g_test_add_func ("/core/location/fix/apply", test_apply);

  return g_test_run ();
}
