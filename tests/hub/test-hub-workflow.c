/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "aduan-status-event.h"
#include "hub-test-common.h"

typedef struct
{
  HubTestHub *hub;
  char       *token;
  char       *prefix;
  char       *agency;
  char       *other_agency;
  guint       sequence;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->hub = hub_test_hub_start (NULL, user_data, NULL);
  fixture->token = hub_test_hub_enroll (fixture->hub, "officer", NULL, &fixture->prefix);
  fixture->agency = hub_test_hub_token (fixture->hub, "agency", HUB_TEST_AGENCY);
  fixture->other_agency = hub_test_hub_token (fixture->hub, "agency", HUB_TEST_OTHER_AGENCY);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  hub_test_hub_stop (fixture->hub);
  g_free (fixture->token);
  g_free (fixture->prefix);
  g_free (fixture->agency);
  g_free (fixture->other_agency);
}

static AduanComplaint *
send_complaint (Fixture *fixture)
{
  g_autoptr(AduanComplaint) complaint = hub_test_make_complaint (fixture->prefix, ++fixture->sequence);
  g_autoptr(HubTestResponse) put = hub_test_put_complaint (fixture->hub, fixture->token, complaint);

  g_assert_cmpuint (put->status, ==, 201);
  return g_steal_pointer (&complaint);
}

static HubTestResponse *
act (Fixture              *fixture,
     const AduanComplaint *complaint,
     const char           *token,
     const char           *action,
     const char           *json)
{
  g_autofree char *path = g_strdup_printf ("/v1/complaints/%s/%s", complaint->uuid, action);

  return hub_test_request_json (fixture->hub, "POST", path, token, json);
}

static void
assert_status (HubTestResponse *response,
               const char      *status)
{
  if (response->status != 200)
    g_test_message ("Unexpected answer %u: %s", response->status, hub_test_response_text (response));
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (hub_test_response_object (response), "status"), ==, status);
}

/* The whole road: verify, dispose, respond, resolve, reopen; each step an
 * event with who and when, and every one of them reaches the device. */
static void
test_full_cycle (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(AduanComplaint) complaint = send_complaint (fixture);
  const char *admin = hub_test_hub_admin (fixture->hub);
  g_autoptr(HubTestResponse) verified = act (fixture, complaint, admin, "verify", NULL);
  g_autoptr(HubTestResponse) disposed = act (fixture, complaint, admin, "dispose", "{\"agency\": \"" HUB_TEST_AGENCY "\", \"message\": \"Mohon ditindaklanjuti\"}");
  g_autoptr(HubTestResponse) responded = act (fixture, complaint, fixture->agency, "respond", "{\"message\": \"Perbaikan dijadwalkan Senin.\"}");
  g_autoptr(HubTestResponse) resolved = act (fixture, complaint, fixture->agency, "resolve", "{\"message\": \"Lampu sudah menyala.\"}");
  g_autoptr(HubTestResponse) reopened = act (fixture, complaint, admin, "reopen", "{\"message\": \"Warga melapor mati lagi\"}");
  g_autoptr(HubTestResponse) feed = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  static const AduanStatusEventKind kinds[] = {
    ADUAN_STATUS_EVENT_RECEIVED, ADUAN_STATUS_EVENT_VERIFIED, ADUAN_STATUS_EVENT_DISPOSED,
    ADUAN_STATUS_EVENT_RESPONDED, ADUAN_STATUS_EVENT_RESOLVED, ADUAN_STATUS_EVENT_REOPENED,
  };
  static const AduanComplaintStatus statuses[] = {
    ADUAN_COMPLAINT_STATUS_RECEIVED, ADUAN_COMPLAINT_STATUS_VERIFIED, ADUAN_COMPLAINT_STATUS_DISPOSED,
    ADUAN_COMPLAINT_STATUS_IN_PROGRESS, ADUAN_COMPLAINT_STATUS_RESOLVED, ADUAN_COMPLAINT_STATUS_DISPOSED,
  };
  JsonObject *object;
  JsonArray *history;
  gsize length;
  const char *data;

  assert_status (verified, "verified");
  assert_status (disposed, "disposed");
  object = hub_test_response_object (disposed);
  g_assert_cmpstr (json_object_get_string_member (object, "agency"), ==, HUB_TEST_AGENCY);
  g_assert_nonnull (json_object_get_string_member (object, "due_at"));

  assert_status (responded, "in-progress");
  object = hub_test_response_object (responded);
  g_assert_nonnull (json_object_get_string_member (object, "first_response_at"));
  g_assert_true (json_object_get_null_member (object, "due_at"));

  assert_status (resolved, "resolved");
  g_assert_nonnull (json_object_get_string_member (hub_test_response_object (resolved), "resolved_at"));

  assert_status (reopened, "disposed");
  object = hub_test_response_object (reopened);
  g_assert_true (json_object_get_null_member (object, "resolved_at"));
  g_assert_nonnull (json_object_get_string_member (object, "due_at"));

  history = json_object_get_array_member (object, "events");
  g_assert_cmpuint (json_array_get_length (history), ==, G_N_ELEMENTS (kinds));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_array_get_object_element (history, 1), "actor"), "admin-"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_array_get_object_element (history, 3), "actor"), "agency-"));
  g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (history, 3), "at"));

  feed = hub_test_request (fixture->hub, "GET", "/v1/changes?since=0", fixture->token, NULL, NULL, 0, NULL);
  g_assert_cmpuint (feed->status, ==, 200);
  data = g_bytes_get_data (feed->body, &length);
  g_assert_true (aduan_change_feed_parse (data, length, &events, &next, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, G_N_ELEMENTS (kinds));
  for (guint i = 0; i < events->len; i++)
    {
      const AduanStatusEvent *event = g_ptr_array_index (events, i);

      g_assert_cmpint (event->kind, ==, kinds[i]);
      g_assert_cmpint (event->status, ==, statuses[i]);
      g_assert_cmpstr (event->tracking_code, ==, complaint->tracking_code);
      g_assert_cmpint (event->at, >, 0);
    }
  g_assert_cmpstr (((AduanStatusEvent *) g_ptr_array_index (events, 3))->message, ==, "Perbaikan dijadwalkan Senin.");
  g_assert_cmpstr (((AduanStatusEvent *) g_ptr_array_index (events, 2))->agency_code, ==, HUB_TEST_AGENCY);
}

/* Steps that do not apply, or miss what they need, are refused and
 * change nothing. */
static void
test_refused_steps (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(AduanComplaint) complaint = send_complaint (fixture);
  g_autoptr(AduanComplaint) original = send_complaint (fixture);
  const char *admin = hub_test_hub_admin (fixture->hub);
  g_autofree char *self_duplicate = g_strdup_printf ("{\"reason\": \"duplicate\", \"duplicate_of\": \"%s\"}", complaint->tracking_code);
  g_autofree char *duplicate = g_strdup_printf ("{\"reason\": \"duplicate\", \"duplicate_of\": \"%s\"}", original->tracking_code);
  g_autofree char *unknown_path = g_strdup_printf ("/v1/complaints/%s/verify", "8f8e9c1e-7d55-4a4a-9a55-1d9a1c3e5f00");
  static const struct
  {
    const char *action;
    const char *json;
    guint       status;
    const char *code;
    const char *field;
  } cases[] = {
    { "respond", "{\"message\": \"x\"}", 409, "invalid_transition", NULL },
    { "reopen", NULL, 409, "invalid_transition", NULL },
    { "launch", NULL, 404, "unknown_action", NULL },
    { "dispose", NULL, 422, "invalid_field", "agency" },
    { "dispose", "{\"agency\": \"nasa\"}", 422, "invalid_field", "agency" },
    { "dispose", "{\"agency\": 7}", 422, "invalid_field", "agency" },
    { "reject", NULL, 422, "invalid_field", "reason" },
    { "reject", "{\"reason\": \"boring\"}", 422, "invalid_field", "reason" },
    { "reject", "{\"reason\": \"duplicate\"}", 422, "invalid_field", "duplicate_of" },
    { "reject", "{\"reason\": \"duplicate\", \"duplicate_of\": \"2222-22222\"}", 422, "invalid_field", "duplicate_of" },
    { "respond", "{\"message\": \"\\u0007bell\"}", 422, "invalid_field", "message" },
    { "verify", "{\"agency\": \"" HUB_TEST_AGENCY "\"}", 422, "invalid_field", "agency" },
    { "verify", "[1, 2]", 400, "invalid_json", NULL },
    { "verify", "{\"oops\": ", 400, "invalid_json", NULL },
  };
  g_autoptr(HubTestResponse) itself = NULL;
  g_autoptr(HubTestResponse) unknown = NULL;
  g_autoptr(HubTestResponse) invalid_utf8 = NULL;
  g_autoptr(HubTestResponse) rejected = NULL;
  g_autoptr(HubTestResponse) resolve_rejected = NULL;
  g_autoptr(HubTestResponse) verify_again = NULL;
  g_autoptr(HubTestResponse) verified = NULL;
  g_autoptr(HubTestResponse) record = NULL;
  g_autofree char *record_path = g_strconcat ("/v1/complaints/", complaint->uuid, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HubTestResponse) response = act (fixture, complaint, admin, cases[i].action, cases[i].json);

      g_test_message ("%s %s", cases[i].action, cases[i].json);
      hub_test_assert_error (response, cases[i].status, cases[i].code);
      if (cases[i].field != NULL)
        g_assert_cmpstr (json_object_get_string_member (hub_test_response_object (response), "field"), ==,
                         cases[i].field);
    }

  itself = act (fixture, complaint, admin, "reject", self_duplicate);
  hub_test_assert_error (itself, 422, "invalid_field");

  unknown = hub_test_request_json (fixture->hub, "POST", unknown_path, admin, NULL);
  hub_test_assert_error (unknown, 404, "not_found");

  {
    g_autofree char *verify_path = g_strconcat (record_path, "/verify", NULL);

    invalid_utf8 = hub_test_request (fixture->hub, "POST", verify_path, admin, "application/json",
                                     "{\"message\": \"\xff\xfe\"}", -1, NULL);
    hub_test_assert_error (invalid_utf8, 400, "invalid_json");
  }

  /* Nothing above left a trace. */
  record = hub_test_request (fixture->hub, "GET", record_path, admin, NULL, NULL, 0, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (hub_test_response_object (record), "events")), ==, 1);

  verified = act (fixture, complaint, admin, "verify", NULL);
  assert_status (verified, "verified");
  verify_again = act (fixture, complaint, admin, "verify", NULL);
  hub_test_assert_error (verify_again, 409, "invalid_transition");

  rejected = act (fixture, complaint, admin, "reject", duplicate);
  assert_status (rejected, "rejected");
  g_assert_cmpstr (json_object_get_string_member (hub_test_response_object (rejected), "reject_reason"), ==, "duplicate");
  g_assert_cmpstr (json_object_get_string_member (hub_test_response_object (rejected), "duplicate_of"), ==, original->tracking_code);

  resolve_rejected = act (fixture, complaint, admin, "resolve", NULL);
  hub_test_assert_error (resolve_rejected, 409, "invalid_transition");
}

/* An agency answers for its own complaints only, and does not see who
 * reported a confidential one. */
static void
test_agency_permissions (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(AduanComplaint) complaint = hub_test_make_complaint (fixture->prefix, 900);
  g_autoptr(HubTestResponse) put = NULL;
  const char *admin = hub_test_hub_admin (fixture->hub);
  g_autofree char *path = g_strconcat ("/v1/complaints/", complaint->uuid, NULL);
  g_autoptr(HubTestResponse) hidden = NULL;
  g_autoptr(HubTestResponse) verify = NULL;
  g_autoptr(HubTestResponse) disposed = NULL;
  g_autoptr(HubTestResponse) seen = NULL;
  g_autoptr(HubTestResponse) other_respond = NULL;
  g_autoptr(HubTestResponse) other_list = NULL;
  g_autoptr(HubTestResponse) own_list = NULL;
  g_autoptr(HubTestResponse) reject = NULL;
  g_autoptr(HubTestResponse) admin_view = NULL;
  g_autoptr(HubTestResponse) enrolled_put = NULL;
  JsonObject *shown;

  complaint->confidential = TRUE;
  put = hub_test_put_complaint (fixture->hub, fixture->token, complaint);
  g_assert_cmpuint (put->status, ==, 201);

  hidden = hub_test_request (fixture->hub, "GET", path, fixture->agency, NULL, NULL, 0, NULL);
  hub_test_assert_error (hidden, 404, "not_found");

  verify = act (fixture, complaint, fixture->agency, "verify", NULL);
  hub_test_assert_error (verify, 403, "forbidden");

  disposed = act (fixture, complaint, admin, "dispose", "{\"agency\": \"" HUB_TEST_AGENCY "\"}");
  assert_status (disposed, "disposed");

  seen = hub_test_request (fixture->hub, "GET", path, fixture->agency, NULL, NULL, 0, NULL);
  g_assert_cmpuint (seen->status, ==, 200);
  shown = json_object_get_object_member (hub_test_response_object (seen), "complaint");
  g_assert_true (json_object_get_null_member (shown, "reporter"));
  g_assert_null (strstr (hub_test_response_text (seen), "Siti"));
  g_assert_null (strstr (hub_test_response_text (seen), "3404011203850002"));

  admin_view = hub_test_request (fixture->hub, "GET", path, admin, NULL, NULL, 0, NULL);
  g_assert_nonnull (strstr (hub_test_response_text (admin_view), "Siti"));

  reject = act (fixture, complaint, fixture->agency, "reject", "{\"reason\": \"not-authority\"}");
  hub_test_assert_error (reject, 403, "forbidden");

  other_respond = act (fixture, complaint, fixture->other_agency, "respond", "{\"message\": \"bukan kami\"}");
  hub_test_assert_error (other_respond, 404, "not_found");

  other_list = hub_test_request (fixture->hub, "GET", "/v1/complaints?agency=" HUB_TEST_AGENCY, fixture->other_agency, NULL, NULL, 0, NULL);
  g_assert_cmpuint (other_list->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (hub_test_response_object (other_list), "complaints")), ==, 0);

  own_list = hub_test_request (fixture->hub, "GET", "/v1/complaints", fixture->agency, NULL, NULL, 0, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (hub_test_response_object (own_list), "complaints")), ==, 1);

  /* Office tokens do not send complaints. */
  enrolled_put = hub_test_put_complaint (fixture->hub, fixture->agency, complaint);
  hub_test_assert_error (enrolled_put, 403, "forbidden");
}

/* A complaint nobody followed up within the working days is flagged
 * overdue, in its record, the list and the figures, until answered. */
static void
test_overdue (Fixture       *fixture,
              gconstpointer  user_data)
{
  static const char * const later[] = { "ADUAN_HUB_TIME_OFFSET=2592000", NULL };
  g_autoptr(AduanComplaint) complaint = send_complaint (fixture);
  g_autoptr(AduanComplaint) answered = send_complaint (fixture);
  g_autofree char *data_dir = g_strdup (fixture->hub->data_dir);
  g_autofree char *path = g_strconcat ("/v1/complaints/", complaint->uuid, NULL);
  const char *admin = hub_test_hub_admin (fixture->hub);
  g_autofree char *admin_token = g_strdup (admin);
  g_autoptr(HubTestResponse) fresh = hub_test_request (fixture->hub, "GET", path, admin, NULL, NULL, 0, NULL);
  g_autoptr(HubTestResponse) verify = act (fixture, answered, admin, "verify", NULL);
  g_autoptr(HubTestResponse) respond = act (fixture, answered, admin, "respond", "{\"message\": \"Sedang dicek\"}");
  g_autoptr(HubTestResponse) late = NULL;
  g_autoptr(HubTestResponse) list = NULL;
  g_autoptr(HubTestResponse) stats = NULL;
  g_autoptr(HubTestResponse) responded = NULL;
  g_autoptr(HubTestResponse) after = NULL;
  JsonArray *complaints;

  g_assert_false (json_object_get_boolean_member (hub_test_response_object (fresh), "overdue"));
  assert_status (respond, "in-progress");

  /* Thirty days later. */
  hub_test_hub_stop (fixture->hub);
  fixture->hub = hub_test_hub_start (data_dir, NULL, later);
  fixture->hub->admin_token = g_steal_pointer (&admin_token);
  admin = hub_test_hub_admin (fixture->hub);

  late = hub_test_request (fixture->hub, "GET", path, admin, NULL, NULL, 0, NULL);
  g_assert_true (json_object_get_boolean_member (hub_test_response_object (late), "overdue"));

  list = hub_test_request (fixture->hub, "GET", "/v1/complaints?overdue=true", admin, NULL, NULL, 0, NULL);
  complaints = json_object_get_array_member (hub_test_response_object (list), "complaints");
  g_assert_cmpuint (json_array_get_length (complaints), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (complaints, 0), "complaint"), "uuid"),
                   ==, complaint->uuid);

  stats = hub_test_request (fixture->hub, "GET", "/v1/stats", admin, NULL, NULL, 0, NULL);
  g_assert_cmpint (json_object_get_int_member (hub_test_response_object (stats), "overdue"), ==, 1);

  responded = act (fixture, complaint, admin, "verify", NULL);
  g_clear_pointer (&responded, hub_test_response_free);
  responded = act (fixture, complaint, admin, "respond", "{\"message\": \"Maaf terlambat\"}");
  assert_status (responded, "in-progress");
  after = hub_test_request (fixture->hub, "GET", path, admin, NULL, NULL, 0, NULL);
  g_assert_false (json_object_get_boolean_member (hub_test_response_object (after), "overdue"));
}

/* The deadline is counted in the configured working days. */
static void
test_working_days_option (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(AduanComplaint) complaint = send_complaint (fixture);
  g_autofree char *path = g_strconcat ("/v1/complaints/", complaint->uuid, NULL);
  g_autoptr(HubTestResponse) record = hub_test_request (fixture->hub, "GET", path, hub_test_hub_admin (fixture->hub), NULL, NULL, 0, NULL);
  JsonObject *object = hub_test_response_object (record);
  g_autoptr(GDateTime) received = g_date_time_new_from_iso8601 (json_object_get_string_member (object, "received_at"), NULL);
  g_autoptr(GDateTime) due = g_date_time_new_from_iso8601 (json_object_get_string_member (object, "due_at"), NULL);
  GTimeSpan span = g_date_time_difference (due, received);

  /* 20 working days are at least 26 and at most 34 calendar days away,
   * holidays or not (the test's holiday file has a few). */
  g_assert_cmpint (span, >, 26 * G_TIME_SPAN_DAY);
  g_assert_cmpint (span, <, 40 * G_TIME_SPAN_DAY);
}

/* The figures count by status, category, channel, agency, village and
 * month, and time the follow-up. */
static void
test_stats (Fixture       *fixture,
            gconstpointer  user_data)
{
  const char *admin = hub_test_hub_admin (fixture->hub);
  g_autoptr(AduanComplaint) first = send_complaint (fixture);
  g_autoptr(AduanComplaint) second = send_complaint (fixture);
  g_autoptr(AduanComplaint) third = hub_test_make_complaint (fixture->prefix, 77);
  g_autoptr(HubTestResponse) put = NULL;
  g_autoptr(HubTestResponse) stats = NULL;
  g_autoptr(HubTestResponse) forbidden = NULL;
  g_autoptr(GTimeZone) jakarta = g_time_zone_new_identifier ("Asia/Jakarta");
  g_autoptr(GDateTime) now = g_date_time_new_now (jakarta);
  g_autofree char *month = g_date_time_format (now, "%Y-%m");
  JsonObject *object;
  JsonObject *first_response;
  HubTestResponse *step;

  aduan_complaint_set_string (&third->category, "waste");
  third->channel = ADUAN_CHANNEL_WHATSAPP;
  aduan_complaint_set_string (&third->village_code, NULL);
  put = hub_test_put_complaint (fixture->hub, fixture->token, third);
  g_assert_cmpuint (put->status, ==, 201);

  step = act (fixture, first, admin, "dispose", "{\"agency\": \"" HUB_TEST_AGENCY "\"}");
  hub_test_response_free (step);
  step = act (fixture, first, fixture->agency, "resolve", "{\"message\": \"Selesai\"}");
  hub_test_response_free (step);
  step = act (fixture, second, admin, "reject", "{\"reason\": \"incomplete\"}");
  hub_test_response_free (step);

  stats = hub_test_request (fixture->hub, "GET", "/v1/stats", fixture->agency, NULL, NULL, 0, NULL);
  g_assert_cmpuint (stats->status, ==, 200);
  object = hub_test_response_object (stats);
  g_assert_cmpint (json_object_get_int_member (object, "total"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "by_status"), "resolved"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "by_status"), "rejected"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "by_status"), "received"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "by_status"), "verified"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "by_category"), HUB_TEST_CATEGORY), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "by_category"), "waste"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "by_channel"), "whatsapp"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "by_channel"), "field-visit"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "by_agency"), HUB_TEST_AGENCY), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "by_agency"), "none"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "by_village"), "34.04.01.2001"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "by_village"), "none"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "by_month"), month), ==, 3);

  first_response = json_object_get_object_member (object, "days_to_first_response");
  g_assert_cmpint (json_object_get_int_member (first_response, "count"), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (first_response, "median"), >=, 0);
  g_assert_cmpfloat (json_object_get_double_member (first_response, "median"), <, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "days_to_resolution"), "count"), ==, 1);

  forbidden = hub_test_request (fixture->hub, "GET", "/v1/stats", fixture->token, NULL, NULL, 0, NULL);
  hub_test_assert_error (forbidden, 403, "forbidden");
}

/* The office's list filters by status and pages. */
static void
test_list (Fixture       *fixture,
           gconstpointer  user_data)
{
  const char *admin = hub_test_hub_admin (fixture->hub);
  g_autoptr(HubTestResponse) step = NULL;
  g_autoptr(HubTestResponse) verified = NULL;
  g_autoptr(HubTestResponse) page = NULL;
  g_autoptr(HubTestResponse) bad_status = NULL;
  g_autoptr(HubTestResponse) bad_limit = NULL;

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(AduanComplaint) complaint = send_complaint (fixture);

      if (i == 0)
        step = act (fixture, complaint, admin, "verify", NULL);
    }

  verified = hub_test_request (fixture->hub, "GET", "/v1/complaints?status=verified", admin, NULL, NULL, 0, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (hub_test_response_object (verified), "complaints")), ==, 1);

  page = hub_test_request (fixture->hub, "GET", "/v1/complaints?limit=3&offset=2", admin, NULL, NULL, 0, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (hub_test_response_object (page), "complaints")), ==, 2);

  bad_status = hub_test_request (fixture->hub, "GET", "/v1/complaints?status=lost", admin, NULL, NULL, 0, NULL);
  hub_test_assert_error (bad_status, 400, "invalid_status");
  bad_limit = hub_test_request (fixture->hub, "GET", "/v1/complaints?limit=0", admin, NULL, NULL, 0, NULL);
  hub_test_assert_error (bad_limit, 400, "invalid_range");
}

int
main (int    argc,
      char **argv)
{
  static const char *working_days[] = { "--working-days", "20", "--holidays", NULL, NULL };
  g_autofree char *holidays = NULL;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  holidays = g_build_filename (g_get_tmp_dir (), "hub-test-holidays-XXXXXX", NULL);
  {
    int fd = g_mkstemp (holidays);
    const char text[] = "# Test holidays\n2026-01-01 Tahun Baru\n2026-08-17 Hari Kemerdekaan\n2026-12-25\n";

    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (write (fd, text, sizeof text - 1), ==, sizeof text - 1);
    close (fd);
  }
  working_days[3] = holidays;

#define ADD(path, data, func) g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/hub/workflow/full-cycle", NULL, test_full_cycle);
  ADD ("/hub/workflow/refused-steps", NULL, test_refused_steps);
  ADD ("/hub/workflow/agency-permissions", NULL, test_agency_permissions);
  ADD ("/hub/workflow/overdue", NULL, test_overdue);
  ADD ("/hub/workflow/working-days-option", working_days, test_working_days_option);
  ADD ("/hub/workflow/stats", NULL, test_stats);
  ADD ("/hub/workflow/list", NULL, test_list);
#undef ADD

  {
    int result = g_test_run ();

    g_unlink (holidays);
    return result;
  }
}
