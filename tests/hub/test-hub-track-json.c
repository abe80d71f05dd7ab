/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "aduan-tracking-code.h"
#include "hub-test-common.h"

/*
 * GET /v1/track/{code}: the public status of one complaint as JSON, for
 * the kiosk's "Check my report". Anyone may ask, without a token, so it
 * must say nothing a tracking page would not.
 */

typedef struct
{
  HubTestHub     *hub;
  char           *token;
  char           *prefix;
  AduanComplaint *open;          /* disposed and answered */
  AduanComplaint *confidential;  /* disposed too */
} Fixture;

static void
step (Fixture              *fixture,
      const AduanComplaint *complaint,
      const char           *action,
      const char           *json)
{
  g_autofree char *path = g_strdup_printf ("/v1/complaints/%s/%s", complaint->uuid, action);
  g_autoptr(HubTestResponse) response = hub_test_request_json (fixture->hub, "POST", path,
                                                               hub_test_hub_admin (fixture->hub), json);

  g_assert_cmpuint (response->status, ==, 200);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  AduanComplaint *complaints[2];

  fixture->hub = hub_test_hub_start (NULL, NULL, NULL);
  fixture->token = hub_test_hub_enroll (fixture->hub, "officer", NULL, &fixture->prefix);
  fixture->open = hub_test_make_complaint (fixture->prefix, 1);
  fixture->confidential = hub_test_make_complaint (fixture->prefix, 2);
  fixture->confidential->confidential = TRUE;

  complaints[0] = fixture->open;
  complaints[1] = fixture->confidential;
  for (guint i = 0; i < G_N_ELEMENTS (complaints); i++)
    {
      g_autoptr(HubTestResponse) put = hub_test_put_complaint (fixture->hub, fixture->token, complaints[i]);

      g_assert_cmpuint (put->status, ==, 201);
    }

  step (fixture, fixture->open, "dispose", "{\"agency\": \"" HUB_TEST_AGENCY "\"}");
  step (fixture, fixture->open, "respond", "{\"message\": \"Tim PJU menuju lokasi, hubungi Budi.\"}");
  step (fixture, fixture->confidential, "dispose", "{\"agency\": \"" HUB_TEST_AGENCY "\"}");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  hub_test_hub_stop (fixture->hub);
  g_free (fixture->token);
  g_free (fixture->prefix);
  aduan_complaint_free (fixture->open);
  aduan_complaint_free (fixture->confidential);
}

static HubTestResponse *
get_track (Fixture    *fixture,
           const char *code)
{
  g_autofree char *path = g_strconcat ("/v1/track/", code, NULL);

  return hub_test_request (fixture->hub, "GET", path, NULL, NULL, NULL, 0, NULL);
}

static void
assert_error (HubTestResponse *response,
              guint            status,
              const char      *code)
{
  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (json_object_get_string_member (hub_test_response_object (response), "error"), ==, code);
}

/* Without a token, a known code gives its status and the kinds and times
 * of what happened, and nothing that was written or who wrote it. */
static void
test_track_json_open (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(HubTestResponse) response = get_track (fixture, fixture->open->tracking_code);
  g_autofree char *body = NULL;
  JsonObject *object;
  JsonArray *history;

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (response->headers, NULL),
                                   "application/json"));
  object = hub_test_response_object (response);
  g_assert_cmpstr (json_object_get_string_member (object, "tracking_code"), ==, fixture->open->tracking_code);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "in-progress");
  g_assert_nonnull (json_object_get_string_member (object, "updated_at"));

  history = json_object_get_array_member (object, "history");
  g_assert_cmpuint (json_array_get_length (history), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 0), "event"), ==, "received");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 1), "event"), ==, "disposed");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 2), "event"), ==, "responded");
  for (guint i = 0; i < json_array_get_length (history); i++)
    {
      JsonObject *event = json_array_get_object_element (history, i);

      g_assert_cmpuint (json_object_get_size (event), ==, 2);
      g_assert_nonnull (json_object_get_string_member (event, "at"));
    }

  body = g_strndup (g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body));
  g_assert_null (strstr (body, "Budi"));
  g_assert_null (strstr (body, "PJU"));
  g_assert_null (strstr (body, "Siti"));
  g_assert_null (strstr (body, HUB_TEST_AGENCY));
}

/* A confidential complaint shows its status and nothing else. */
static void
test_track_json_confidential (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(HubTestResponse) response = get_track (fixture, fixture->confidential->tracking_code);
  JsonObject *object;

  g_assert_cmpuint (response->status, ==, 200);
  object = hub_test_response_object (response);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "disposed");
  g_assert_true (json_object_get_null_member (object, "updated_at"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "history")), ==, 0);
}

/* A lower-case code without its dash is the same code; a wrong check
 * character is 400; a valid code nobody has is 404. */
static void
test_track_json_problems (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *typed = g_ascii_strdown (fixture->open->tracking_code, -1);
  g_autofree char *unknown = NULL;
  g_autofree char *wrong = g_strdup (fixture->open->tracking_code);
  g_autoptr(HubTestResponse) relaxed = NULL;
  g_autoptr(HubTestResponse) invalid = NULL;
  g_autoptr(HubTestResponse) missing = NULL;
  g_autoptr(HubTestResponse) post = NULL;
  g_autoptr(GError) error = NULL;
  char *dash = strchr (typed, '-');
  char *last = wrong + strlen (wrong) - 1;

  memmove (dash, dash + 1, strlen (dash));
  relaxed = get_track (fixture, typed);
  g_assert_cmpuint (relaxed->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (hub_test_response_object (relaxed), "tracking_code"),
                   ==, fixture->open->tracking_code);

  /* Any other character of the alphabet breaks the check. */
  *last = *last == '2' ? '3' : '2';
  g_assert_false (aduan_tracking_code_is_valid (wrong));
  invalid = get_track (fixture, wrong);
  assert_error (invalid, 400, "invalid_tracking_code");

  unknown = aduan_tracking_code_build (fixture->prefix, 999, &error);
  g_assert_no_error (error);
  missing = get_track (fixture, unknown);
  assert_error (missing, 404, "not_found");

  post = hub_test_request (fixture->hub, "POST", "/v1/track/ABCD-23456", NULL, NULL, NULL, 0, NULL);
  g_assert_cmpuint (post->status, ==, 405);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/hub/track-json/open", test_track_json_open);
  ADD ("/hub/track-json/confidential", test_track_json_confidential);
  ADD ("/hub/track-json/problems", test_track_json_problems);
#undef ADD

  return g_test_run ();
}
