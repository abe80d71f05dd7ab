/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "aduan-error.h"
#include "aduan-test-util.h"
#include "aduan-tracking-code.h"

static AduanComplaint *
make_identified (guint n)
{
  AduanComplaint *complaint = aduan_test_make_complaint (n);

  complaint->uuid = g_uuid_string_random ();
  complaint->tracking_code = aduan_tracking_code_build ("K7QM", n, NULL);
  complaint->created_at = 1763880000123456;
  complaint->occurred_at = 1763870000000000;
  complaint->village_code = g_strdup ("35.77.01.1001");
  g_ptr_array_add (complaint->photos,
                   aduan_photo_ref_new ("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 123456, "image/jpeg"));
  return complaint;
}

/* What goes on the wire reads back as the same complaint, to the
 * microsecond and the last bit of the coordinates. */
static void
test_json_round_trip (void)
{
  g_autoptr(AduanComplaint) complaint = make_identified (1);
  g_autoptr(AduanComplaint) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;

  complaint->latitude = -7.629812345678901;
  text = aduan_complaint_to_json_string (complaint, ADUAN_JSON_WIRE, FALSE);
  back = aduan_complaint_from_data (text, -1, &error);
  g_assert_no_error (error);

  g_assert_true (aduan_complaint_same_content (complaint, back));
  g_assert_cmpint (back->created_at, ==, complaint->created_at);
  g_assert_cmpfloat (back->latitude, ==, complaint->latitude);
  g_assert_cmpuint (back->photos->len, ==, 1);
  again = aduan_complaint_to_json_string (back, ADUAN_JSON_WIRE, FALSE);
  g_assert_cmpstr (text, ==, again);

  /* Device-side fields never go on the wire. */
  g_assert_null (strstr (text, "sync_state"));
  g_assert_null (strstr (text, "village_label"));
}

/* An anonymous complaint carries no reporter on the wire at all. */
static void
test_json_anonymous (void)
{
  g_autoptr(AduanComplaint) complaint = make_identified (2);
  g_autofree char *text = NULL;

  complaint->anonymous = TRUE;
  text = aduan_complaint_to_json_string (complaint, ADUAN_JSON_WIRE, FALSE);
  g_assert_nonnull (strstr (text, "\"reporter\":null"));
  g_assert_null (strstr (text, "Warga"));
}

/* A different word makes different content; the same text does not. */
static void
test_same_content (void)
{
  g_autoptr(AduanComplaint) a = make_identified (3);
  g_autoptr(AduanComplaint) b = aduan_complaint_copy (a);

  g_assert_true (aduan_complaint_same_content (a, b));
  b->sync_state = ADUAN_SYNC_STATE_SENT;
  b->updated_at = 42;
  g_assert_true (aduan_complaint_same_content (a, b));
  aduan_complaint_set_string (&b->title, "Lain");
  g_assert_false (aduan_complaint_same_content (a, b));
}

static void
assert_rejected (const char   *text,
                 gssize        length,
                 AduanError    code,
                 const char   *field_prefix)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanComplaint) complaint = aduan_complaint_from_data (text, length, &error);

  g_assert_null (complaint);
  g_assert_error (error, ADUAN_ERROR, (gint) code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (field_prefix != NULL && !g_str_has_prefix (error->message, field_prefix))
    g_error ("expected an error about %s, got: %s", field_prefix, error->message);
}

static char *
replace_member (const char *json,
                const char *member,
                const char *value)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) value_parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonObject *object;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  if (value == NULL)
    json_object_remove_member (object, member);
  else
    {
      g_assert_true (json_parser_load_from_data (value_parser, value, -1, NULL));
      json_object_set_member (object, member, json_node_copy (json_parser_get_root (value_parser)));
    }
  json_generator_set_root (generator, json_parser_get_root (parser));
  return json_generator_to_data (generator, NULL);
}

/* Malformed documents, wrong types, missing and oversized fields are each
 * refused with an error that names the field. */
static void
test_json_bad_input (void)
{
  g_autoptr(AduanComplaint) complaint = make_identified (4);
  g_autofree char *good = aduan_complaint_to_json_string (complaint, ADUAN_JSON_WIRE, FALSE);
  g_autofree char *huge = g_strnfill (ADUAN_DESCRIPTION_MAX_CHARS + 1, 'x');
  g_autofree char *huge_json = g_strdup_printf ("\"%s\"", huge);
  struct { const char *member; const char *value; const char *field; } cases[] = {
    { "title", NULL, "title" },
    { "title", "42", "title" },
    { "title", "\"\"", "title" },
    { "kind", "\"gossip\"", "kind" },
    { "channel", "\"pigeon\"", "channel" },
    { "anonymous", "\"yes\"", "anonymous" },
    { "location", "{\"latitude\":\"-7\",\"longitude\":111,\"source\":\"gps\"}", "location.latitude" },
    { "location", "{\"latitude\":-97,\"longitude\":111,\"source\":\"gps\"}", "location" },
    { "location", "[1,2]", "location" },
    { "reporter", "{\"name\":\"A\",\"nik\":\"12\"}", "reporter.nik" },
    { "occurred_at", "\"yesterday\"", "occurred_at" },
    { "occurred_at", "\"2026-11-23T09:30:00\"", "occurred_at" },
    { "occurred_at", "\"2999-01-01T00:00:00Z\"", "occurred_at" },
    { "uuid", "\"not-a-uuid\"", "uuid" },
    { "tracking_code", "\"K7QM-AAAAA\"", "tracking_code" },
    { "village_code", "\"../../etc\"", "village_code" },
    { "photos", "{}", "photos" },
    { "photos", "[{\"sha256\":\"abc\",\"size\":1}]", "photos" },
    { "description", huge_json, "description" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *bad = replace_member (good, cases[i].member, cases[i].value);

      g_test_message ("%s = %.60s", cases[i].member, cases[i].value ? cases[i].value : "(removed)");
      assert_rejected (bad, -1, ADUAN_ERROR_INVALID_FIELD, cases[i].field);
    }

  assert_rejected ("{\"title\": ", -1, ADUAN_ERROR_INVALID_JSON, NULL);
  assert_rejected ("[]", -1, ADUAN_ERROR_INVALID_JSON, NULL);
  assert_rejected ("null", -1, ADUAN_ERROR_INVALID_JSON, NULL);
  assert_rejected ("", 0, ADUAN_ERROR_INVALID_JSON, NULL);
  assert_rejected ("{\"title\": \"\xff\xfe\"}", -1, ADUAN_ERROR_INVALID_JSON, NULL);
  assert_rejected ("{\"a\":1}\0{\"b\":2}", 15, ADUAN_ERROR_INVALID_JSON, NULL);

  /* Nesting that would overflow json-glib's recursion is refused first. */
  {
    g_autofree char *deep = g_strnfill (1000000, '[');
    assert_rejected (deep, -1, ADUAN_ERROR_INVALID_JSON, NULL);
  }
}

/* Unknown members are ignored, so a newer device can talk to an older hub. */
static void
test_json_unknown_members (void)
{
  g_autoptr(AduanComplaint) complaint = make_identified (5);
  g_autofree char *good = aduan_complaint_to_json_string (complaint, ADUAN_JSON_WIRE, FALSE);
  g_autofree char *extended = replace_member (good, "mood", "\"sunny\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanComplaint) back = aduan_complaint_from_data (extended, -1, &error);

  g_assert_no_error (error);
  g_assert_true (aduan_complaint_same_content (complaint, back));
}

/* Field checks list every problem at once, for the form to show inline. */
static void
test_check_lists_all (void)
{
  g_autoptr(AduanComplaint) complaint = aduan_complaint_new ();
  g_autoptr(GPtrArray) issues = aduan_complaint_check (complaint, NULL, NULL);
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < issues->len; i++)
    g_hash_table_add (fields, ((AduanFieldError *) issues->pdata[i])->field);

  g_assert_true (g_hash_table_contains (fields, "category"));
  g_assert_true (g_hash_table_contains (fields, "title"));
  g_assert_true (g_hash_table_contains (fields, "description"));
  g_assert_true (g_hash_table_contains (fields, "reporter.name"));
}

/* Times read with any offset and are written as UTC. */
static void
test_time (void)
{
  gint64 usec = 0;
  g_autofree char *text = NULL;

  g_assert_true (aduan_parse_time_iso8601 ("2026-11-23T16:30:00.5+07:00", &usec));
  text = aduan_format_time_iso8601 (usec);
  g_assert_cmpstr (text, ==, "2026-11-23T09:30:00.500000Z");
  g_assert_false (aduan_parse_time_iso8601 ("2026-11-23", &usec));
  g_assert_false (aduan_parse_time_iso8601 ("\xff", &usec));
}

/* Every enum value has a stable id that reads back, and a label. */
static void
test_enums (void)
{
  for (guint i = 0; i < ADUAN_CHANNEL_N; i++)
    {
      AduanChannel back;
      g_assert_true (aduan_channel_from_string (aduan_channel_to_string (i), &back));
      g_assert_cmpint (back, ==, i);
      g_assert_nonnull (aduan_channel_get_label (i));
    }
  for (guint i = 0; i < ADUAN_REPORT_KIND_N; i++)
    {
      AduanReportKind back;
      g_assert_true (aduan_report_kind_from_string (aduan_report_kind_to_string (i), &back));
      g_assert_cmpint (back, ==, i);
    }
  g_assert_false (aduan_channel_from_string ("pigeon", NULL));
  g_assert_false (aduan_channel_from_string (NULL, NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/complaint/json/round-trip", test_json_round_trip);
  g_test_add_func ("/core/complaint/json/anonymous", test_json_anonymous);
  g_test_add_func ("/core/complaint/json/bad-input", test_json_bad_input);
  g_test_add_func ("/core/complaint/json/unknown-members", test_json_unknown_members);
  g_test_add_func ("/core/complaint/same-content", test_same_content);
  g_test_add_func ("/core/complaint/check/lists-all", test_check_lists_all);
  g_test_add_func ("/core/complaint/time", test_time);
  g_test_add_func ("/core/complaint/enums", test_enums);

  return g_test_run ();
}
