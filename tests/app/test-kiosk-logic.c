/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <cairo-pdf.h>

#include "aduan-catalog.h"
#include "aduan-kiosk-flow-state.h"
#include "aduan-kiosk-pin.h"
#include "aduan-kiosk-receipt.h"
#include "aduan-test-util.h"

/*
 * The kiosk's logic without a display: the flow state and its wipe, the
 * admin PIN and its attempt limit, and the receipt's QR code.
 */

static AduanKioskPlace
kiosk_place (void)
{
  AduanKioskPlace place = { 0 };

  place.has_location = TRUE;
  place.latitude = -7.6298;
  place.longitude = 111.5239;
  place.accuracy_m = 15;
  place.village_code = g_strdup ("35.77.02.1001");
  place.village_label = g_strdup ("Manguharjo, Manguharjo, Kota Madiun");

  return place;
}

/* Each step says what it still needs, in words; going on keeps what was
 * entered; back goes back without losing anything. */
static void
test_flow_steps (void)
{
  g_autoptr(AduanKioskFlowState) state = aduan_kiosk_flow_state_new ();
  g_autoptr(AduanCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  AduanKioskPlace place = kiosk_place ();

  catalog = aduan_catalog_new_default (&error);
  g_assert_no_error (error);

  g_assert_true (aduan_kiosk_flow_state_is_blank (state));
  g_assert_cmpuint (aduan_kiosk_flow_state_get_position (state), ==, 1);
  g_assert_false (aduan_kiosk_flow_state_go_next (state, &place, catalog, &message));
  g_assert_nonnull (message);
  g_clear_pointer (&message, g_free);

  aduan_kiosk_flow_state_set_kind (state, ADUAN_REPORT_KIND_ASPIRATION);
  g_assert_true (aduan_kiosk_flow_state_go_next (state, &place, catalog, NULL));
  g_assert_cmpint (state->step, ==, ADUAN_KIOSK_STEP_CATEGORY);

  aduan_kiosk_flow_state_set_category (state, "no-such-category");
  g_assert_false (aduan_kiosk_flow_state_go_next (state, &place, catalog, &message));
  g_assert_nonnull (message);
  g_clear_pointer (&message, g_free);
  aduan_kiosk_flow_state_set_category (state, "street-lighting");
  g_assert_true (aduan_kiosk_flow_state_go_next (state, &place, catalog, NULL));

  aduan_kiosk_flow_state_set_description (state, "   \n ");
  g_assert_false (aduan_kiosk_flow_state_go_next (state, &place, catalog, NULL));
  aduan_kiosk_flow_state_set_description (state, "Lampu jalan mati.\nSudah dua minggu.");
  g_assert_true (aduan_kiosk_flow_state_go_next (state, &place, catalog, NULL));

  /* Here is the kiosk's place; elsewhere needs a village picked. */
  g_assert_null (aduan_kiosk_flow_state_check_step (state, ADUAN_KIOSK_STEP_WHERE, &place, catalog));
  aduan_kiosk_flow_state_set_here (state, FALSE);
  aduan_kiosk_flow_state_set_village (state, NULL, "mangu");
  g_assert_false (aduan_kiosk_flow_state_go_next (state, &place, catalog, &message));
  g_assert_nonnull (message);
  g_clear_pointer (&message, g_free);
  aduan_kiosk_flow_state_set_village (state, "35.77.02.1001", "Manguharjo, Manguharjo, Kota Madiun");
  g_assert_true (aduan_kiosk_flow_state_go_next (state, &place, catalog, NULL));

  g_assert_false (aduan_kiosk_flow_state_go_next (state, &place, catalog, NULL));
  aduan_kiosk_flow_state_set_reporter (state, "Siti Aminah", "081234567890");
  g_assert_true (aduan_kiosk_flow_state_go_next (state, &place, catalog, NULL));
  g_assert_cmpint (state->step, ==, ADUAN_KIOSK_STEP_REVIEW);
  g_assert_null (aduan_kiosk_flow_state_check_step (state, ADUAN_KIOSK_STEP_REVIEW, &place, catalog));
  /* No step after the review: sending is the window's. */
  g_assert_false (aduan_kiosk_flow_state_go_next (state, &place, catalog, NULL));

  for (guint i = 0; i < 5; i++)
    g_assert_true (aduan_kiosk_flow_state_go_back (state));
  g_assert_false (aduan_kiosk_flow_state_go_back (state));
  g_assert_cmpstr (state->description, ==, "Lampu jalan mati.\nSudah dua minggu.");
  g_assert_cmpstr (state->reporter_name, ==, "Siti Aminah");
  g_assert_cmpstr (state->category, ==, "street-lighting");

  aduan_kiosk_place_clear (&place);
}

/* The complaint made: kiosk channel, the kiosk's place with its fix, a
 * title from the description's first line; anonymous keeps no person. */
static void
test_flow_to_complaint (void)
{
  g_autoptr(AduanKioskFlowState) state = aduan_kiosk_flow_state_new ();
  g_autoptr(AduanComplaint) here = NULL;
  g_autoptr(AduanComplaint) anonymous = NULL;
  AduanKioskPlace place = kiosk_place ();

  aduan_kiosk_flow_state_set_kind (state, ADUAN_REPORT_KIND_COMPLAINT);
  aduan_kiosk_flow_state_set_category (state, "street-lighting");
  aduan_kiosk_flow_state_set_description (state, "Lampu jalan mati.\nSudah dua minggu.");
  aduan_kiosk_flow_state_set_reporter (state, " Siti Aminah ", "081234567890");

  here = aduan_kiosk_flow_state_to_complaint (state, &place, 1000);
  g_assert_cmpint (here->channel, ==, ADUAN_CHANNEL_KIOSK);
  g_assert_cmpstr (here->title, ==, "Lampu jalan mati.");
  g_assert_cmpstr (here->reporter_name, ==, "Siti Aminah");
  g_assert_cmpstr (here->village_code, ==, "35.77.02.1001");
  g_assert_true (here->has_location);
  g_assert_cmpint (here->location_source, ==, ADUAN_LOCATION_SOURCE_KIOSK);
  g_assert_cmpint (here->location_time, ==, 1000);

  aduan_kiosk_flow_state_set_anonymous (state, TRUE);
  g_assert_cmpstr (state->reporter_name, ==, "");
  anonymous = aduan_kiosk_flow_state_to_complaint (state, &place, 1000);
  g_assert_true (anonymous->anonymous);
  g_assert_null (anonymous->reporter_name);
  g_assert_null (anonymous->reporter_phone);

  aduan_kiosk_place_clear (&place);
}

/* The wipe forgets everything, photo included, and starts over. */
static void
test_flow_wipe (void)
{
  g_autoptr(AduanKioskFlowState) state = aduan_kiosk_flow_state_new ();
  g_autoptr(GBytes) jpeg = g_bytes_new_static ("\xff\xd8 not really a photo", 21);

  aduan_kiosk_flow_state_set_kind (state, ADUAN_REPORT_KIND_COMPLAINT);
  aduan_kiosk_flow_state_set_category (state, "waste");
  aduan_kiosk_flow_state_set_title (state, "Sampah");
  aduan_kiosk_flow_state_set_description (state, "Sampah menumpuk");
  aduan_kiosk_flow_state_set_photo (state, jpeg, jpeg);
  aduan_kiosk_flow_state_set_village (state, "35.77.02.1001", "Manguharjo");
  aduan_kiosk_flow_state_set_reporter (state, "Budi", "0812");
  aduan_kiosk_flow_state_set_confidential (state, TRUE);
  state->step = ADUAN_KIOSK_STEP_WHO;
  g_assert_false (aduan_kiosk_flow_state_is_blank (state));
  /* The state's photo is its own copy, not the caller's buffer. */
  g_assert_true (g_bytes_get_data (state->photo, NULL) != g_bytes_get_data (jpeg, NULL));

  aduan_kiosk_flow_state_wipe (state);
  g_assert_true (aduan_kiosk_flow_state_is_blank (state));
  g_assert_null (state->photo);
  g_assert_null (state->photo_thumbnail);
  g_assert_cmpstr (state->village_code, ==, "");
  g_assert_true (state->here);
  g_assert_false (state->confidential);
  /* The caller's bytes are untouched. */
  g_assert_cmpmem (g_bytes_get_data (jpeg, NULL), 4, "\xff\xd8 n", 4);
}

/* PBKDF2-HMAC-SHA256 against RFC 7914's test vectors (first 32 bytes). */
static void
test_pin_pbkdf2 (void)
{
  guint8 out[32];
  g_autoptr(GString) hex = g_string_new (NULL);

  aduan_kiosk_pbkdf2_sha256 ((const guint8 *) "passwd", 6, (const guint8 *) "salt", 4, 1, out);
  for (guint i = 0; i < sizeof out; i++)
    g_string_append_printf (hex, "%02x", out[i]);
  g_assert_cmpstr (hex->str, ==, "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");

  g_string_truncate (hex, 0);
  aduan_kiosk_pbkdf2_sha256 ((const guint8 *) "Password", 8, (const guint8 *) "NaCl", 4, 80000, out);
  for (guint i = 0; i < sizeof out; i++)
    g_string_append_printf (hex, "%02x", out[i]);
  g_assert_cmpstr (hex->str, ==, "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56");
}

/* A PIN is 4 to 12 digits; the hash is salted, verifies only the right
 * PIN, and a damaged stored hash matches nothing. */
static void
test_pin_hash (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *salt = aduan_kiosk_pin_make_salt (&error);
  g_autofree char *other_salt = aduan_kiosk_pin_make_salt (&error);
  g_autofree char *hash = NULL;
  g_autofree char *other = NULL;
  g_autofree char *message = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (strlen (salt), ==, 32);
  g_assert_cmpstr (salt, !=, other_salt);

  g_assert_false (aduan_kiosk_pin_is_acceptable ("123", &message));
  g_assert_nonnull (message);
  g_clear_pointer (&message, g_free);
  g_assert_false (aduan_kiosk_pin_is_acceptable ("12a4", &message));
  g_clear_pointer (&message, g_free);
  g_assert_false (aduan_kiosk_pin_is_acceptable ("1234567890123", NULL));
  g_assert_true (aduan_kiosk_pin_is_acceptable ("2468", NULL));

  hash = aduan_kiosk_pin_hash ("2468", salt, 1000);
  other = aduan_kiosk_pin_hash ("2468", other_salt, 1000);
  g_assert_true (g_str_has_prefix (hash, "pbkdf2-sha256$1000$"));
  g_assert_cmpstr (hash, !=, other);
  g_assert_null (strstr (hash, "2468$"));

  g_assert_true (aduan_kiosk_pin_verify ("2468", salt, hash));
  g_assert_false (aduan_kiosk_pin_verify ("2469", salt, hash));
  g_assert_false (aduan_kiosk_pin_verify ("2468", other_salt, hash));
  g_assert_false (aduan_kiosk_pin_verify ("2468", salt, ""));
  g_assert_false (aduan_kiosk_pin_verify ("2468", salt, "pbkdf2-sha256$x$00"));
  g_assert_false (aduan_kiosk_pin_verify ("2468", "zz", hash));
  g_assert_null (aduan_kiosk_pin_hash ("2468", "not hex", 1000));
}

/* Three wrong PINs lock for 30 s, each further one doubles it up to an
 * hour; the right one forgives; a lock from a clock set back is cut to
 * the longest wait. Times are given, so nothing here waits. */
static void
test_pin_guard (void)
{
  AduanKioskPinGuard guard = { 0 };
  const gint64 now = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC;

  aduan_kiosk_pin_guard_record (&guard, FALSE, now);
  aduan_kiosk_pin_guard_record (&guard, FALSE, now);
  g_assert_cmpint (aduan_kiosk_pin_guard_get_wait (&guard, now), ==, 0);
  aduan_kiosk_pin_guard_record (&guard, FALSE, now);
  g_assert_cmpint (aduan_kiosk_pin_guard_get_wait (&guard, now), ==, 30 * G_USEC_PER_SEC);
  g_assert_cmpint (aduan_kiosk_pin_guard_get_wait (&guard, now + 30 * G_USEC_PER_SEC), ==, 0);

  aduan_kiosk_pin_guard_record (&guard, FALSE, now);
  g_assert_cmpint (aduan_kiosk_pin_guard_get_wait (&guard, now), ==, 60 * G_USEC_PER_SEC);
  for (guint i = 0; i < 20; i++)
    aduan_kiosk_pin_guard_record (&guard, FALSE, now);
  g_assert_cmpint (aduan_kiosk_pin_guard_get_wait (&guard, now), ==, (gint64) ADUAN_KIOSK_PIN_MAX_WAIT_S * G_USEC_PER_SEC);

  aduan_kiosk_pin_guard_record (&guard, TRUE, now);
  g_assert_cmpuint (guard.failures, ==, 0);
  g_assert_cmpint (aduan_kiosk_pin_guard_get_wait (&guard, now), ==, 0);

  guard.locked_until = now + 365 * G_TIME_SPAN_DAY;
  g_assert_cmpint (aduan_kiosk_pin_guard_get_wait (&guard, now), ==, (gint64) ADUAN_KIOSK_PIN_MAX_WAIT_S * G_USEC_PER_SEC);
  g_assert_cmpint (guard.locked_until, ==, now + (gint64) ADUAN_KIOSK_PIN_MAX_WAIT_S * G_USEC_PER_SEC);
}

/* The receipt drawn into a PDF on 58 mm and 80 mm paper: zbarimg reads
 * the tracking URL back from its QR code. */
static void
test_receipt_qr (void)
{
  g_autofree char *root = aduan_test_make_temp_dir ("kiosk-receipt");
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");
  g_autofree char *pdftoppm = g_find_program_in_path ("pdftoppm");
  g_autofree char *url = aduan_kiosk_tracking_url ("https://aduan.madiunkota.go.id//", "ABCD-2345X");
  guint widths[] = { 58, 80 };

  g_assert_cmpstr (url, ==, "https://aduan.madiunkota.go.id/track/ABCD-2345X");
  g_assert_null (aduan_kiosk_tracking_url ("  ", "ABCD-2345X"));

  if (zbarimg == NULL || pdftoppm == NULL)
    {
      g_test_skip ("zbarimg or pdftoppm is not installed");
      return;
    }

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      g_autoptr(AduanKioskReceipt) receipt = aduan_kiosk_receipt_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("receipt-%u", widths[w]);
      g_autofree char *pdf = g_strdup_printf ("%s/%s.pdf", root, name);
      g_autofree char *prefix = g_strdup_printf ("%s/%s", root, name);
      g_autofree char *png = g_strdup_printf ("%s.png", prefix);
      g_autofree char *output = NULL;
      double width = (widths[w] <= 58 ? 48.0 : 72.0) / 25.4 * 72;
      cairo_surface_t *surface;
      cairo_t *cr;
      double height;
      int status = 0;
      const char *render[] = { pdftoppm, "-r", "300", "-png", "-singlefile", pdf, prefix, NULL };
      const char *read[] = { zbarimg, "--quiet", "--raw", png, NULL };

      receipt->tracking_code = g_strdup ("ABCD-2345X");
      receipt->tracking_url = g_strdup (url);
      receipt->place_name = g_strdup ("MPP Kota Madiun");
      receipt->kind_label = g_strdup ("Pengaduan");
      receipt->category_label = g_strdup ("Penerangan jalan");
      receipt->paper_width_mm = widths[w];

      surface = cairo_pdf_surface_create (pdf, width + 20, 1000);
      cr = cairo_create (surface);
      cairo_translate (cr, 10, 10);
      height = aduan_kiosk_receipt_draw (receipt, cr, width);
      g_assert_cmpfloat (height, >, width);
      cairo_destroy (cr);
      cairo_surface_finish (surface);
      g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
      cairo_surface_destroy (surface);

      g_spawn_sync (NULL, (char **) render, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_spawn_sync (NULL, (char **) read, NULL, G_SPAWN_DEFAULT, NULL, NULL, &output, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_cmpstr (g_strstrip (output), ==, url);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/app/kiosk/flow-state/steps", test_flow_steps);
  g_test_add_func ("/app/kiosk/flow-state/to-complaint", test_flow_to_complaint);
  g_test_add_func ("/app/kiosk/flow-state/wipe", test_flow_wipe);
  g_test_add_func ("/app/kiosk/pin/pbkdf2", test_pin_pbkdf2);
  g_test_add_func ("/app/kiosk/pin/hash", test_pin_hash);
  g_test_add_func ("/app/kiosk/pin/guard", test_pin_guard);
  g_test_add_func ("/app/kiosk/receipt/qr", test_receipt_qr);

  return g_test_run ();
}
