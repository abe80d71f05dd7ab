/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "aduan-catalog.h"
#include "aduan-form-state.h"
#include "aduan-format.h"

/* The capture form's logic, without a display: what is kept, what is
 * checked, what is shown, and what survives in a draft. */

static AduanCatalog *
load_catalog (void)
{
  g_autoptr(GError) error = NULL;
  AduanCatalog *catalog = aduan_catalog_new_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  return catalog;
}

static void
fill_valid (AduanFormState *state)
{
  aduan_form_state_set_kind (state, ADUAN_REPORT_KIND_ASPIRATION);
  aduan_form_state_set_text (state, "category", "street-lighting");
  aduan_form_state_set_text (state, "title", "  Lampu jalan mati  ");
  aduan_form_state_set_text (state, "description", "Sudah dua minggu gelap.\n  Mohon diperbaiki.");
  aduan_form_state_set_text (state, "reporter.name", "Siti Aminah");
  aduan_form_state_set_text (state, "reporter.phone", "0812 3456 7890");
  aduan_form_state_set_text (state, "reporter.nik", "3577011234567890");
  aduan_form_state_set_text (state, "reporter.address", "Jl. Pahlawan 1");
  aduan_form_state_set_channel (state, ADUAN_CHANNEL_WHATSAPP);
  aduan_form_state_set_text (state, "latitude", "-7,6298");
  aduan_form_state_set_text (state, "longitude", "111.5239");
  aduan_form_state_set_text (state, "accuracy", "15");
  aduan_form_state_set_location_source (state, ADUAN_LOCATION_SOURCE_GPS);
  aduan_form_state_set_text (state, "occurred-date", "2024-03-17");
  aduan_form_state_set_text (state, "occurred-time", "14.30");
  aduan_form_state_set_text (state, "officer", "Budi");
}

/* A new form holds only defaults and counts as blank. */
static void
test_new_is_blank (void)
{
  g_autoptr(AduanFormState) state = aduan_form_state_new ();

  g_assert_true (aduan_form_state_is_blank (state));
  g_assert_cmpint (state->kind, ==, ADUAN_REPORT_KIND_COMPLAINT);
  g_assert_cmpint (state->channel, ==, ADUAN_CHANNEL_FIELD_VISIT);
  g_assert_null (state->category);
  g_assert_cmpstr (state->title, ==, "");
}

/* Reset takes the officer and channel from the settings and fills in the
 * time now, and still counts as blank (no draft for an untouched form). */
static void
test_reset_defaults (void)
{
  g_autoptr(AduanFormState) state = aduan_form_state_new ();
  g_autoptr(GDateTime) now = g_date_time_new_local (2024, 3, 17, 9, 5, 0);

  aduan_form_state_set_text (state, "title", "Something");
  aduan_form_state_reset (state, "Budi", ADUAN_CHANNEL_SMS,
                          g_date_time_to_unix (now) * G_USEC_PER_SEC);

  g_assert_true (aduan_form_state_is_blank (state));
  g_assert_cmpstr (state->officer, ==, "Budi");
  g_assert_cmpint (state->channel, ==, ADUAN_CHANNEL_SMS);
  g_assert_cmpstr (state->occurred_date, ==, "2024-03-17");
  g_assert_cmpstr (state->occurred_time, ==, "09:05");
  g_assert_cmpstr (state->title, ==, "");
}

/* set_text says whether anything changed, and a field's message shows only
 * once that field was edited, or after Save was tried. */
static void
test_visible_errors (void)
{
  g_autoptr(AduanCatalog) catalog = load_catalog ();
  g_autoptr(AduanFormState) state = aduan_form_state_new ();

  g_assert_true (aduan_form_state_set_text (state, "title", "x"));
  g_assert_false (aduan_form_state_set_text (state, "title", "x"));
  g_assert_true (aduan_form_state_set_text (state, "title", ""));

  g_assert_cmpuint (aduan_form_state_check (state, catalog, NULL), >, 0);
  g_assert_nonnull (aduan_form_state_get_error (state, "title"));
  g_assert_nonnull (aduan_form_state_get_visible_error (state, "title"));
  g_assert_nonnull (aduan_form_state_get_error (state, "category"));
  g_assert_null (aduan_form_state_get_visible_error (state, "category"));
  g_assert_null (aduan_form_state_get_visible_error (state, "description"));

  aduan_form_state_set_show_all_errors (state, TRUE);
  g_assert_nonnull (aduan_form_state_get_visible_error (state, "category"));
  g_assert_nonnull (aduan_form_state_get_visible_error (state, "description"));
  g_assert_nonnull (aduan_form_state_get_visible_error (state, "reporter.name"));
}

/* A complete form has no errors and becomes the complaint it shows:
 * trimmed text, comma decimals, local time, location source kept. */
static void
test_valid_to_complaint (void)
{
  g_autoptr(AduanCatalog) catalog = load_catalog ();
  g_autoptr(AduanFormState) state = aduan_form_state_new ();
  g_autoptr(AduanComplaint) complaint = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GDateTime) expected = g_date_time_new_local (2024, 3, 17, 14, 30, 0);

  fill_valid (state);
  g_assert_cmpuint (aduan_form_state_check (state, catalog, NULL), ==, 0);

  complaint = aduan_form_state_to_complaint (state, &errors);
  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_cmpint (complaint->kind, ==, ADUAN_REPORT_KIND_ASPIRATION);
  g_assert_cmpstr (complaint->category, ==, "street-lighting");
  g_assert_cmpstr (complaint->title, ==, "Lampu jalan mati");
  g_assert_cmpstr (complaint->description, ==, "Sudah dua minggu gelap.\n  Mohon diperbaiki.");
  g_assert_cmpstr (complaint->reporter_nik, ==, "3577011234567890");
  g_assert_cmpint (complaint->channel, ==, ADUAN_CHANNEL_WHATSAPP);
  g_assert_true (complaint->has_location);
  g_assert_cmpfloat_with_epsilon (complaint->latitude, -7.6298, 1e-9);
  g_assert_cmpfloat_with_epsilon (complaint->longitude, 111.5239, 1e-9);
  g_assert_cmpfloat_with_epsilon (complaint->accuracy_m, 15, 1e-9);
  g_assert_cmpint (complaint->location_source, ==, ADUAN_LOCATION_SOURCE_GPS);
  g_assert_cmpint (complaint->occurred_at, ==, g_date_time_to_unix (expected) * G_USEC_PER_SEC);
  g_assert_cmpstr (complaint->officer, ==, "Budi");
  g_assert_null (complaint->uuid);
}

/* Anonymous empties the reporter fields, not just hides them; typing a
 * reporter's detail again makes the report not anonymous. */
static void
test_anonymous_clears_reporter (void)
{
  g_autoptr(AduanCatalog) catalog = load_catalog ();
  g_autoptr(AduanFormState) state = aduan_form_state_new ();
  g_autoptr(AduanComplaint) complaint = NULL;

  fill_valid (state);
  aduan_form_state_set_anonymous (state, TRUE);

  g_assert_cmpstr (state->reporter_name, ==, "");
  g_assert_cmpstr (state->reporter_phone, ==, "");
  g_assert_cmpstr (state->reporter_nik, ==, "");
  g_assert_cmpstr (state->reporter_address, ==, "");
  g_assert_cmpuint (aduan_form_state_check (state, catalog, NULL), ==, 0);

  complaint = aduan_form_state_to_complaint (state, NULL);
  g_assert_true (complaint->anonymous);
  g_assert_null (complaint->reporter_name);
  g_assert_null (complaint->reporter_nik);

  aduan_form_state_set_text (state, "reporter.name", "Siti");
  g_assert_false (state->anonymous);
}

/* Coordinates as typed: either both or neither, numbers only, a positive
 * accuracy; a source is assumed when none was picked. */
static void
test_location (void)
{
  g_autoptr(AduanCatalog) catalog = load_catalog ();
  g_autoptr(AduanFormState) state = aduan_form_state_new ();
  g_autoptr(AduanComplaint) complaint = NULL;
  double value;

  g_assert_true (aduan_parse_coordinate (" -6,2088 ", &value));
  g_assert_cmpfloat_with_epsilon (value, -6.2088, 1e-9);
  g_assert_false (aduan_parse_coordinate ("abc", &value));
  g_assert_false (aduan_parse_coordinate ("1.2.3", &value));
  g_assert_false (aduan_parse_coordinate ("", &value));
  g_assert_false (aduan_parse_coordinate ("nan", &value));

  fill_valid (state);
  aduan_form_state_set_text (state, "longitude", "");
  aduan_form_state_check (state, catalog, NULL);
  g_assert_nonnull (aduan_form_state_get_error (state, "location"));

  aduan_form_state_set_text (state, "longitude", "east");
  aduan_form_state_check (state, catalog, NULL);
  g_assert_nonnull (aduan_form_state_get_error (state, "location"));

  aduan_form_state_set_text (state, "longitude", "111.5");
  aduan_form_state_set_text (state, "accuracy", "-3");
  aduan_form_state_check (state, catalog, NULL);
  g_assert_nonnull (aduan_form_state_get_error (state, "location"));

  /* Out of range is the core's check, filed under the same row. */
  aduan_form_state_set_text (state, "accuracy", "");
  aduan_form_state_set_text (state, "latitude", "95");
  aduan_form_state_check (state, catalog, NULL);
  g_assert_nonnull (aduan_form_state_get_error (state, "location"));

  aduan_form_state_set_text (state, "latitude", "-7.6");
  aduan_form_state_set_location_source (state, ADUAN_LOCATION_SOURCE_NONE);
  g_assert_cmpuint (aduan_form_state_check (state, catalog, NULL), ==, 0);
  complaint = aduan_form_state_to_complaint (state, NULL);
  g_assert_true (complaint->has_location);
  g_assert_cmpint (complaint->location_source, ==, ADUAN_LOCATION_SOURCE_MANUAL);
  g_assert_cmpfloat (complaint->accuracy_m, <, 0);

  aduan_form_state_set_text (state, "latitude", "");
  aduan_form_state_set_text (state, "longitude", "");
  g_clear_pointer (&complaint, aduan_complaint_free);
  complaint = aduan_form_state_to_complaint (state, NULL);
  g_assert_false (complaint->has_location);
}

/* Dates and times a person can type, and those that are not real. */
static void
test_date_time (void)
{
  g_autoptr(AduanCatalog) catalog = load_catalog ();
  g_autoptr(AduanFormState) state = aduan_form_state_new ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (2024, 2, 29, 0, 0, 0);
  gint64 usec = -1;

  g_assert_true (aduan_parse_local_date_time ("", "", &usec));
  g_assert_cmpint (usec, ==, 0);
  g_assert_true (aduan_parse_local_date_time ("2024-02-29", NULL, &usec));
  g_assert_cmpint (usec, ==, g_date_time_to_unix (midnight) * G_USEC_PER_SEC);
  g_assert_true (aduan_parse_local_date_time ("2024-02-29", "07:05", &usec));
  g_assert_false (aduan_parse_local_date_time ("2023-02-29", "07:05", &usec));
  g_assert_false (aduan_parse_local_date_time ("2024-13-01", NULL, &usec));
  g_assert_false (aduan_parse_local_date_time ("17/03/2024", NULL, &usec));
  g_assert_false (aduan_parse_local_date_time ("2024-03-17", "25:00", &usec));
  g_assert_false (aduan_parse_local_date_time ("2024-03-17", "12:60", &usec));
  g_assert_false (aduan_parse_local_date_time ("", "12:00", &usec));
  g_assert_false (aduan_parse_local_date_time ("2024-03-17x", NULL, &usec));

  fill_valid (state);
  aduan_form_state_set_text (state, "occurred-date", "2024-02-30");
  aduan_form_state_check (state, catalog, NULL);
  g_assert_nonnull (aduan_form_state_get_error (state, "occurred_at"));

  /* The future is the core's check. */
  aduan_form_state_set_text (state, "occurred-date", "2999-01-01");
  aduan_form_state_check (state, catalog, NULL);
  g_assert_nonnull (aduan_form_state_get_error (state, "occurred_at"));
}

/* Text typed in the village field but not picked from the list is kept,
 * and the form says to pick it. */
static void
test_village_not_picked (void)
{
  g_autoptr(AduanCatalog) catalog = load_catalog ();
  g_autoptr(AduanFormState) state = aduan_form_state_new ();
  g_autoptr(AduanComplaint) complaint = NULL;

  fill_valid (state);
  aduan_form_state_set_village (state, NULL, "mangu");
  aduan_form_state_check (state, catalog, NULL);
  g_assert_nonnull (aduan_form_state_get_visible_error (state, "village_code"));
  g_assert_false (aduan_form_state_is_blank (state));

  aduan_form_state_set_village (state, "35.77.02.1001", "Manguharjo, Manguharjo, Kota Madiun");
  g_assert_cmpuint (aduan_form_state_check (state, catalog, NULL), ==, 0);
  complaint = aduan_form_state_to_complaint (state, NULL);
  g_assert_cmpstr (complaint->village_code, ==, "35.77.02.1001");
}

/* A draft keeps every field exactly as typed, even what cannot be saved
 * yet, and restoring it shows the problems at once. */
static void
test_draft_round_trip (void)
{
  g_autoptr(AduanCatalog) catalog = load_catalog ();
  g_autoptr(AduanFormState) state = aduan_form_state_new ();
  g_autoptr(AduanFormState) restored = aduan_form_state_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;

  fill_valid (state);
  aduan_form_state_set_text (state, "latitude", "-7.62x");
  aduan_form_state_set_village (state, NULL, "kartoharjo mad");
  aduan_form_state_set_confidential (state, TRUE);
  aduan_form_state_set_text (state, "title", "Judul “kutip” \\ dan emoji 🚧");

  json = aduan_form_state_to_json (state);
  g_assert_true (aduan_form_state_load_json (restored, json, &error));
  g_assert_no_error (error);

  g_assert_cmpint (restored->kind, ==, ADUAN_REPORT_KIND_ASPIRATION);
  g_assert_cmpint (restored->channel, ==, ADUAN_CHANNEL_WHATSAPP);
  g_assert_cmpint (restored->location_source, ==, ADUAN_LOCATION_SOURCE_GPS);
  g_assert_true (restored->confidential);
  g_assert_false (restored->anonymous);
  g_assert_cmpstr (restored->title, ==, "Judul “kutip” \\ dan emoji 🚧");
  g_assert_cmpstr (restored->description, ==, state->description);
  g_assert_cmpstr (restored->latitude, ==, "-7.62x");
  g_assert_null (restored->village_code);
  g_assert_cmpstr (restored->village_label, ==, "kartoharjo mad");
  g_assert_cmpstr (restored->occurred_time, ==, "14.30");

  again = aduan_form_state_to_json (restored);
  g_assert_cmpstr (again, ==, json);

  aduan_form_state_check (restored, catalog, NULL);
  g_assert_nonnull (aduan_form_state_get_visible_error (restored, "location"));
  g_assert_nonnull (aduan_form_state_get_visible_error (restored, "village_code"));
}

/* Something that is not a draft is refused and the form is left alone;
 * members a newer app added are ignored. */
static void
test_draft_bad_input (void)
{
  g_autoptr(AduanFormState) state = aduan_form_state_new ();
  g_autoptr(GError) error = NULL;

  aduan_form_state_set_text (state, "title", "Kept");

  g_assert_false (aduan_form_state_load_json (state, "not json", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (aduan_form_state_load_json (state, "{\"format\": \"something-else\"}", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (aduan_form_state_load_json (state, "[1, 2]", &error));
  g_clear_error (&error);
  g_assert_cmpstr (state->title, ==, "Kept");

  g_assert_true (aduan_form_state_load_json (state,
                                             "{\"format\": \"aduan-form-draft\", \"version\": 9, "
                                             "\"title\": \"New\", \"kind\": \"no-such-kind\", "
                                             "\"photos-to-come\": [1], \"officer\": 42}",
                                             &error));
  g_assert_no_error (error);
  g_assert_cmpstr (state->title, ==, "New");
  g_assert_cmpint (state->kind, ==, ADUAN_REPORT_KIND_COMPLAINT);
  g_assert_cmpstr (state->officer, ==, "");
}

/* The list's times read the way a person says them. */
static void
test_relative_time (void)
{
  gint64 now = g_get_real_time ();
  g_autofree char *just_now = aduan_format_relative_time (now - 20 * G_USEC_PER_SEC, now);
  g_autofree char *minutes = aduan_format_relative_time (now - 5 * 60 * G_USEC_PER_SEC, now);
  g_autofree char *one_minute = aduan_format_relative_time (now - 61 * G_USEC_PER_SEC, now);
  g_autofree char *old = aduan_format_relative_time (now - 30 * G_TIME_SPAN_DAY, now);
  g_autofree char *unknown = aduan_format_relative_time (0, now);
  g_autofree char *future = aduan_format_relative_time (now + G_TIME_SPAN_HOUR, now);
  g_autofree char *coordinates = aduan_format_coordinates (-7.6298, 111.5239, 15);

  g_assert_cmpstr (just_now, ==, "Just now");
  g_assert_cmpstr (minutes, ==, "5 minutes ago");
  g_assert_cmpstr (one_minute, ==, "1 minute ago");
  g_assert_nonnull (strstr (old, " 20"));
  g_assert_cmpstr (unknown, ==, "Unknown time");
  g_assert_cmpstr (future, ==, "Just now");
  g_assert_cmpstr (coordinates, ==, "-7.62980, 111.52390 (± 15 m)");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/app/form-state/new-is-blank", test_new_is_blank);
  g_test_add_func ("/app/form-state/reset-defaults", test_reset_defaults);
  g_test_add_func ("/app/form-state/visible-errors", test_visible_errors);
  g_test_add_func ("/app/form-state/valid-to-complaint", test_valid_to_complaint);
  g_test_add_func ("/app/form-state/anonymous-clears-reporter", test_anonymous_clears_reporter);
  g_test_add_func ("/app/form-state/location", test_location);
  g_test_add_func ("/app/form-state/date-time", test_date_time);
  g_test_add_func ("/app/form-state/village-not-picked", test_village_not_picked);
  g_test_add_func ("/app/form-state/draft/round-trip", test_draft_round_trip);
  g_test_add_func ("/app/form-state/draft/bad-input", test_draft_bad_input);
  g_test_add_func ("/app/format/relative-time", test_relative_time);

  return g_test_run ();
}
