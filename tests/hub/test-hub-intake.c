/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "aduan-status-event.h"
#include "hub-test-common.h"

typedef struct
{
  HubTestHub *hub;
  char       *token;      /* an enrolled officer's */
  char       *device_id;
  char       *prefix;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->hub = hub_test_hub_start (NULL, NULL, NULL);
  fixture->token = hub_test_hub_enroll (fixture->hub, "officer", &fixture->device_id, &fixture->prefix);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  hub_test_hub_stop (fixture->hub);
  g_free (fixture->token);
  g_free (fixture->device_id);
  g_free (fixture->prefix);
}

/* The hub answers on the URL it printed, and says who it is. */
static void
test_serve_health (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(HubTestResponse) root = hub_test_request (fixture->hub, "GET", "/", NULL, NULL, NULL, 0, NULL);
  g_autoptr(HubTestResponse) health = hub_test_request (fixture->hub, "GET", "/v1/health", NULL, NULL, NULL, 0, NULL);

  g_assert_cmpuint (root->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (hub_test_response_object (root), "service"), ==, "aduan-hub");
  g_assert_cmpuint (health->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (hub_test_response_object (health), "status"), ==, "ok");
}

/* An enrollment code works once; the token it gives works, and only a
 * hash of it is stored. */
static void
test_enroll (Fixture       *fixture,
             gconstpointer  user_data)
{
  const char *args[] = { "enroll-code", "--name", "Kiosk MPP", "--role", "kiosk", NULL };
  g_autofree char *code = hub_test_hub_run (fixture->hub, args, NULL);
  g_autofree char *lower = g_ascii_strdown (code, -1);
  g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\", \"name\": \"Kiosk lantai 2\"}", lower);
  g_autofree char *database = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(HubTestResponse) first = NULL;
  g_autoptr(HubTestResponse) again = NULL;
  g_autoptr(HubTestResponse) changes = NULL;
  JsonObject *object;
  const char *token;
  gsize length;

  g_assert_cmpuint (strlen (code), ==, 14);

  /* Typed in lower case: still the code. */
  first = hub_test_request_json (fixture->hub, "POST", "/v1/enroll", NULL, body);
  g_assert_cmpuint (first->status, ==, 201);
  object = hub_test_response_object (first);
  token = json_object_get_string_member (object, "token");
  g_assert_true (g_str_has_prefix (token, "adn_"));
  g_assert_cmpstr (json_object_get_string_member (object, "role"), ==, "kiosk");
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Kiosk lantai 2");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "device_id"), "kiosk-"));
  g_assert_cmpuint (strlen (json_object_get_string_member (object, "tracking_prefix")), ==, 4);

  again = hub_test_request_json (fixture->hub, "POST", "/v1/enroll", NULL, body);
  hub_test_assert_error (again, 401, "code_used");

  changes = hub_test_request (fixture->hub, "GET", "/v1/changes", token, NULL, NULL, 0, NULL);
  g_assert_cmpuint (changes->status, ==, 200);

  database = g_build_filename (fixture->hub->data_dir, "hub.sqlite", NULL);
  g_assert_true (g_file_get_contents (database, &contents, &length, NULL));
  g_assert_null (g_strstr_len (contents, length, token));
}

/* Unknown, malformed and expired codes are refused. */
static void
test_enroll_refused (Fixture       *fixture,
                     gconstpointer  user_data)
{
  const char *args[] = { "enroll-code", "--name", "Laptop", "--role", "officer", "--expires", "1s", NULL };
  const char *bad_role[] = { "enroll-code", "--name", "Laptop", "--role", "admin", NULL };
  g_autofree char *code = hub_test_hub_run (fixture->hub, args, NULL);
  g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\"}", code);
  g_autofree char *ignored = NULL;
  g_autoptr(HubTestResponse) unknown = NULL;
  g_autoptr(HubTestResponse) malformed = NULL;
  g_autoptr(HubTestResponse) wrong_type = NULL;
  g_autoptr(HubTestResponse) expired = NULL;
  int status = 0;

  unknown = hub_test_request_json (fixture->hub, "POST", "/v1/enroll", NULL, "{\"code\": \"2345-6789-ABCD\"}");
  hub_test_assert_error (unknown, 401, "unauthorized");

  malformed = hub_test_request_json (fixture->hub, "POST", "/v1/enroll", NULL, "{\"code\": \"<script>\"}");
  hub_test_assert_error (malformed, 422, "invalid_field");
  g_assert_cmpstr (json_object_get_string_member (hub_test_response_object (malformed), "field"), ==, "code");

  wrong_type = hub_test_request_json (fixture->hub, "POST", "/v1/enroll", NULL, "{\"code\": 1234}");
  hub_test_assert_error (wrong_type, 422, "invalid_field");

  g_usleep (1500 * 1000);
  expired = hub_test_request_json (fixture->hub, "POST", "/v1/enroll", NULL, body);
  hub_test_assert_error (expired, 401, "code_expired");

  /* Office roles come from `token`, never from enrollment. */
  ignored = hub_test_hub_run (fixture->hub, bad_role, &status);
  g_assert_cmpint (status, !=, 0);
}

/* Missing, forged and revoked tokens get 401; the wrong role gets 403. */
static void
test_tokens (Fixture       *fixture,
             gconstpointer  user_data)
{
  const char *revoke[] = { "revoke", fixture->device_id, NULL };
  const char *devices[] = { "devices", NULL };
  g_autofree char *forged = g_strconcat (fixture->token, "x", NULL);
  g_autofree char *listed = NULL;
  g_autofree char *revoked_out = NULL;
  g_autoptr(HubTestResponse) missing = NULL;
  g_autoptr(HubTestResponse) bad = NULL;
  g_autoptr(HubTestResponse) garbage = NULL;
  g_autoptr(HubTestResponse) forbidden = NULL;
  g_autoptr(HubTestResponse) before = NULL;
  g_autoptr(HubTestResponse) after = NULL;

  missing = hub_test_request (fixture->hub, "GET", "/v1/changes", NULL, NULL, NULL, 0, NULL);
  hub_test_assert_error (missing, 401, "missing_token");
  g_assert_nonnull (soup_message_headers_get_one (missing->headers, "WWW-Authenticate"));

  bad = hub_test_request (fixture->hub, "GET", "/v1/changes", forged, NULL, NULL, 0, NULL);
  hub_test_assert_error (bad, 401, "invalid_token");

  garbage = hub_test_request (fixture->hub, "GET", "/v1/changes", NULL, NULL, NULL, 0,
                              "Authorization", "Basic YWRtaW46YWRtaW4=", NULL);
  hub_test_assert_error (garbage, 401, "invalid_token");

  forbidden = hub_test_request (fixture->hub, "GET", "/v1/stats", fixture->token, NULL, NULL, 0, NULL);
  hub_test_assert_error (forbidden, 403, "forbidden");

  before = hub_test_request (fixture->hub, "GET", "/v1/changes", fixture->token, NULL, NULL, 0, NULL);
  g_assert_cmpuint (before->status, ==, 200);

  listed = hub_test_hub_run (fixture->hub, devices, NULL);
  g_assert_true (g_str_has_prefix (listed, fixture->device_id));

  /* Revoked while the hub runs: the very next request is refused. */
  revoked_out = hub_test_hub_run (fixture->hub, revoke, NULL);
  after = hub_test_request (fixture->hub, "GET", "/v1/changes", fixture->token, NULL, NULL, 0, NULL);
  hub_test_assert_error (after, 401, "token_revoked");
}

/* The first PUT creates (201), the same again answers 200 with the
 * stored record, different content under the same UUID is a 409. */
static void
test_put_idempotent (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(AduanComplaint) complaint = hub_test_make_complaint (fixture->prefix, 1);
  g_autoptr(AduanComplaint) changed = NULL;
  g_autoptr(HubTestResponse) created = NULL;
  g_autoptr(HubTestResponse) same = NULL;
  g_autoptr(HubTestResponse) clash = NULL;
  g_autoptr(AduanComplaint) echoed = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  created = hub_test_put_complaint (fixture->hub, fixture->token, complaint);
  g_assert_cmpuint (created->status, ==, 201);
  object = hub_test_response_object (created);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "received");
  g_assert_cmpstr (json_object_get_string_member (object, "device_id"), ==, fixture->device_id);
  g_assert_nonnull (json_object_get_string_member (object, "due_at"));
  g_assert_false (json_object_get_boolean_member (object, "overdue"));
  echoed = aduan_complaint_from_json (json_object_get_member (object, "complaint"), &error);
  g_assert_no_error (error);
  g_assert_true (aduan_complaint_same_content (echoed, complaint));

  same = hub_test_put_complaint (fixture->hub, fixture->token, complaint);
  g_assert_cmpuint (same->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (hub_test_response_object (same), "received_at"), ==,
                   json_object_get_string_member (object, "received_at"));

  changed = aduan_complaint_copy (complaint);
  aduan_complaint_set_string (&changed->title, "Lampu jalan mati total");
  clash = hub_test_put_complaint (fixture->hub, fixture->token, changed);
  hub_test_assert_error (clash, 409, "conflict");
  g_assert_nonnull (strstr (json_object_get_string_member (hub_test_response_object (clash), "message"),
                            complaint->uuid));
}

/* Every kind of invalid complaint is a 422 that names the field. */
static void
test_put_invalid_fields (Fixture       *fixture,
                         gconstpointer  user_data)
{
  static const struct
  {
    const char *member;
    const char *json_value;
    const char *field;
  } cases[] = {
    { "title", "\"\"", "title" },
    { "title", "42", "title" },
    { "category", "\"no-such-category\"", "category" },
    { "kind", "\"rumour\"", "kind" },
    { "channel", "\"pigeon\"", "channel" },
    { "anonymous", "\"yes\"", "anonymous" },
    { "created_at", "\"yesterday\"", "created_at" },
    { "village_code", "\"34-04\"", "village_code" },
    { "tracking_code", "\"AAAA-AAAAA\"", "tracking_code" },
    { "photos", "{}", "photos" },
  };
  g_autoptr(AduanComplaint) complaint = hub_test_make_complaint (fixture->prefix, 2);
  g_autofree char *path = g_strconcat ("/v1/complaints/", complaint->uuid, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = aduan_complaint_to_json (complaint, ADUAN_JSON_WIRE);
      g_autoptr(JsonNode) value = json_from_string (cases[i].json_value, NULL);
      g_autoptr(HubTestResponse) response = NULL;
      g_autofree char *json = NULL;

      json_object_set_member (json_node_get_object (node), cases[i].member, g_steal_pointer (&value));
      json = json_to_string (node, FALSE);
      response = hub_test_request_json (fixture->hub, "PUT", path, fixture->token, json);
      g_test_message ("%s = %s", cases[i].member, cases[i].json_value);
      hub_test_assert_error (response, 422, "invalid_field");
      g_assert_cmpstr (json_object_get_string_member (hub_test_response_object (response), "field"), ==,
                       cases[i].field);
    }

  /* Bad reporter data names the nested field. */
  {
    g_autoptr(AduanComplaint) bad_nik = aduan_complaint_copy (complaint);
    g_autoptr(HubTestResponse) response = NULL;

    aduan_complaint_set_string (&bad_nik->reporter_nik, "12345");
    response = hub_test_put_complaint (fixture->hub, fixture->token, bad_nik);
    hub_test_assert_error (response, 422, "invalid_field");
    g_assert_cmpstr (json_object_get_string_member (hub_test_response_object (response), "field"), ==,
                     "reporter.nik");
  }

  /* The body's UUID must be the path's. */
  {
    g_autoptr(AduanComplaint) other = hub_test_make_complaint (fixture->prefix, 3);
    g_autofree char *json = aduan_complaint_to_json_string (other, ADUAN_JSON_WIRE, FALSE);
    g_autoptr(HubTestResponse) response = hub_test_request_json (fixture->hub, "PUT", path, fixture->token, json);

    hub_test_assert_error (response, 422, "invalid_field");
    g_assert_cmpstr (json_object_get_string_member (hub_test_response_object (response), "field"), ==, "uuid");
  }

  /* Nothing of it was stored. */
  {
    g_autoptr(HubTestResponse) get = hub_test_request (fixture->hub, "GET", path, fixture->token, NULL, NULL, 0, NULL);

    hub_test_assert_error (get, 404, "not_found");
  }
}

/* A tracking code already used by another complaint is a 409. */
static void
test_put_tracking_code_taken (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(AduanComplaint) first = hub_test_make_complaint (fixture->prefix, 7);
  g_autoptr(AduanComplaint) second = hub_test_make_complaint (fixture->prefix, 7);
  g_autoptr(HubTestResponse) created = hub_test_put_complaint (fixture->hub, fixture->token, first);
  g_autoptr(HubTestResponse) clash = hub_test_put_complaint (fixture->hub, fixture->token, second);

  g_assert_cmpuint (created->status, ==, 201);
  hub_test_assert_error (clash, 409, "conflict");
  g_assert_nonnull (strstr (json_object_get_string_member (hub_test_response_object (clash), "message"),
                            "tracking code"));
}

/* A kiosk may send but an office token may not; a device sees only its
 * own complaints. */
static void
test_get_visibility (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *other_prefix = NULL;
  g_autofree char *other = hub_test_hub_enroll (fixture->hub, "kiosk", NULL, &other_prefix);
  g_autofree char *agency = hub_test_hub_token (fixture->hub, "agency", HUB_TEST_AGENCY);
  g_autoptr(AduanComplaint) complaint = hub_test_make_complaint (fixture->prefix, 11);
  g_autoptr(AduanComplaint) kiosk_complaint = hub_test_make_complaint (other_prefix, 1);
  g_autofree char *path = g_strconcat ("/v1/complaints/", complaint->uuid, NULL);
  g_autoptr(HubTestResponse) put = hub_test_put_complaint (fixture->hub, fixture->token, complaint);
  g_autoptr(HubTestResponse) kiosk_put = hub_test_put_complaint (fixture->hub, other, kiosk_complaint);
  g_autoptr(HubTestResponse) admin_put = hub_test_put_complaint (fixture->hub, hub_test_hub_admin (fixture->hub), complaint);
  g_autoptr(HubTestResponse) own = hub_test_request (fixture->hub, "GET", path, fixture->token, NULL, NULL, 0, NULL);
  g_autoptr(HubTestResponse) foreign = hub_test_request (fixture->hub, "GET", path, other, NULL, NULL, 0, NULL);
  g_autoptr(HubTestResponse) admin = hub_test_request (fixture->hub, "GET", path, hub_test_hub_admin (fixture->hub), NULL, NULL, 0, NULL);
  g_autoptr(HubTestResponse) not_yet_agency = hub_test_request (fixture->hub, "GET", path, agency, NULL, NULL, 0, NULL);
  g_autoptr(HubTestResponse) not_uuid = hub_test_request (fixture->hub, "GET", "/v1/complaints/not-a-uuid", fixture->token, NULL, NULL, 0, NULL);
  JsonArray *events;

  g_assert_cmpuint (put->status, ==, 201);
  g_assert_cmpuint (kiosk_put->status, ==, 201);
  hub_test_assert_error (admin_put, 403, "forbidden");

  g_assert_cmpuint (own->status, ==, 200);
  events = json_object_get_array_member (hub_test_response_object (own), "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 0), "event"), ==, "received");

  hub_test_assert_error (foreign, 404, "not_found");
  g_assert_cmpuint (admin->status, ==, 200);
  hub_test_assert_error (not_yet_agency, 404, "not_found");
  hub_test_assert_error (not_uuid, 400, "invalid_uuid");
}

/* The change feed gives a device its own complaints' events, oldest
 * first, in pages, and a cursor to go on from. */
static void
test_changes (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autofree char *other = hub_test_hub_enroll (fixture->hub, "officer", NULL, NULL);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *cursor = g_strdup ("0");
  g_autofree char *next = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HubTestResponse) empty = NULL;
  g_autoptr(HubTestResponse) bad_cursor = NULL;
  g_autoptr(HubTestResponse) bad_limit = NULL;
  guint seen = 0;
  gboolean more = TRUE;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(AduanComplaint) complaint = hub_test_make_complaint (fixture->prefix, 20 + i);
      g_autoptr(HubTestResponse) put = hub_test_put_complaint (fixture->hub, fixture->token, complaint);

      g_assert_cmpuint (put->status, ==, 201);
      g_ptr_array_add (uuids, g_strdup (complaint->uuid));
    }

  while (more)
    {
      g_autofree char *path = g_strdup_printf ("/v1/changes?since=%s&limit=2", cursor);
      g_autoptr(HubTestResponse) page = hub_test_request (fixture->hub, "GET", path, fixture->token, NULL, NULL, 0, NULL);
      gsize length;
      const char *data;

      g_assert_cmpuint (page->status, ==, 200);
      data = g_bytes_get_data (page->body, &length);
      g_clear_pointer (&events, g_ptr_array_unref);
      g_clear_pointer (&next, g_free);
      g_assert_true (aduan_change_feed_parse (data, length, &events, &next, &more, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (events->len, <=, 2);

      for (guint i = 0; i < events->len; i++)
        {
          const AduanStatusEvent *event = g_ptr_array_index (events, i);

          g_assert_cmpstr (event->complaint_uuid, ==, g_ptr_array_index (uuids, seen));
          g_assert_cmpint (event->kind, ==, ADUAN_STATUS_EVENT_RECEIVED);
          g_assert_cmpint (event->status, ==, ADUAN_COMPLAINT_STATUS_RECEIVED);
          g_assert_cmpstr (event->actor, ==, fixture->device_id);
          seen++;
        }

      g_free (cursor);
      cursor = g_strdup (next);
    }
  g_assert_cmpuint (seen, ==, 5);

  /* Nothing for another device. */
  empty = hub_test_request (fixture->hub, "GET", "/v1/changes", other, NULL, NULL, 0, NULL);
  g_assert_cmpuint (empty->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (hub_test_response_object (empty), "changes")), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (hub_test_response_object (empty), "next"), ==, "0");

  bad_cursor = hub_test_request (fixture->hub, "GET", "/v1/changes?since=-1", fixture->token, NULL, NULL, 0, NULL);
  hub_test_assert_error (bad_cursor, 400, "invalid_cursor");
  bad_limit = hub_test_request (fixture->hub, "GET", "/v1/changes?limit=100000", fixture->token, NULL, NULL, 0, NULL);
  hub_test_assert_error (bad_limit, 400, "invalid_limit");
}

/* A restarted hub still has everything: complaints, tokens, the feed. */
static void
test_restart_keeps_data (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(AduanComplaint) complaint = hub_test_make_complaint (fixture->prefix, 40);
  g_autoptr(HubTestResponse) put = hub_test_put_complaint (fixture->hub, fixture->token, complaint);
  g_autoptr(HubTestResponse) again = NULL;
  g_autofree char *data_dir = g_strdup (fixture->hub->data_dir);

  g_assert_cmpuint (put->status, ==, 201);

  hub_test_hub_stop (fixture->hub);
  fixture->hub = hub_test_hub_start (data_dir, NULL, NULL);

  again = hub_test_put_complaint (fixture->hub, fixture->token, complaint);
  g_assert_cmpuint (again->status, ==, 200);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/hub/serve/health", test_serve_health);
  ADD ("/hub/enroll/works-once", test_enroll);
  ADD ("/hub/enroll/refused", test_enroll_refused);
  ADD ("/hub/auth/tokens", test_tokens);
  ADD ("/hub/complaints/put-idempotent", test_put_idempotent);
  ADD ("/hub/complaints/put-invalid-fields", test_put_invalid_fields);
  ADD ("/hub/complaints/tracking-code-taken", test_put_tracking_code_taken);
  ADD ("/hub/complaints/visibility", test_get_visibility);
  ADD ("/hub/changes/pages", test_changes);
  ADD ("/hub/serve/restart-keeps-data", test_restart_keeps_data);
#undef ADD

  return g_test_run ();
}
