/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "aduan-hub-track-page.h"
#include "hub-test-common.h"

/* The same Indonesian text the hub uses: its catalogue when built, else
 * its built-in table; so these tests check the page is translated, not
 * how a translator worded it. */
static AduanHubTrackPage *track_page;

static char *
indonesian (const char *msgid,
            const char *value)
{
  const char *text = aduan_hub_translation_get (aduan_hub_track_page_get_translation (track_page), msgid);
  const char *slot = strstr (text, "%s");

  g_assert_cmpstr (text, !=, msgid);
  if (slot == NULL)
    return g_strdup (text);

  return g_strdup_printf ("%.*s%s%s", (int) (slot - text), text, value, slot + 2);
}

static void
assert_indonesian (const char *html,
                   const char *msgid,
                   const char *value)
{
  g_autofree char *text = indonesian (msgid, value);
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (strstr (html, escaped) == NULL)
    g_error ("“%s” (for “%s”) is not on the page", escaped, msgid);
}

typedef struct
{
  HubTestHub     *hub;
  char           *token;
  char           *prefix;
  AduanComplaint *open;          /* disposed and answered */
  AduanComplaint *confidential;  /* only received */
  AduanComplaint *closed;        /* resolved */
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
  AduanComplaint *complaints[3];

  fixture->hub = hub_test_hub_start (NULL, NULL, NULL);
  fixture->token = hub_test_hub_enroll (fixture->hub, "officer", NULL, &fixture->prefix);
  fixture->open = hub_test_make_complaint (fixture->prefix, 1);
  fixture->confidential = hub_test_make_complaint (fixture->prefix, 2);
  fixture->confidential->confidential = TRUE;
  fixture->closed = hub_test_make_complaint (fixture->prefix, 3);
  aduan_complaint_set_string (&fixture->closed->category, "waste");
  fixture->closed->has_location = FALSE;

  complaints[0] = fixture->open;
  complaints[1] = fixture->confidential;
  complaints[2] = fixture->closed;
  for (guint i = 0; i < G_N_ELEMENTS (complaints); i++)
    {
      g_autoptr(HubTestResponse) put = hub_test_put_complaint (fixture->hub, fixture->token, complaints[i]);

      g_assert_cmpuint (put->status, ==, 201);
    }

  step (fixture, fixture->open, "dispose", "{\"agency\": \"" HUB_TEST_AGENCY "\"}");
  step (fixture, fixture->open, "respond", "{\"message\": \"Tim <b>PJU</b> menuju lokasi.\"}");
  step (fixture, fixture->closed, "verify", NULL);
  step (fixture, fixture->closed, "resolve", "{\"message\": \"Sampah sudah diangkut.\"}");
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
  aduan_complaint_free (fixture->closed);
}

static void
assert_no_personal_data (const char *text)
{
  static const char * const personal[] = {
    "Siti", "Rahayu", "0812", "3404011203850002", "Kaliurang", "reporter", "Budi",
  };

  for (guint i = 0; i < G_N_ELEMENTS (personal); i++)
    if (strstr (text, personal[i]) != NULL)
      g_error ("Personal data “%s” on a public page", personal[i]);
}

/* Anyone may read the catalog; its ETag saves the body next time. */
static void
test_catalog_etag (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(HubTestResponse) first = hub_test_request (fixture->hub, "GET", "/v1/catalog", NULL, NULL, NULL, 0, NULL);
  const char *etag = soup_message_headers_get_one (first->headers, "ETag");
  g_autofree char *weak = NULL;
  g_autoptr(HubTestResponse) same = NULL;
  g_autoptr(HubTestResponse) same_weak = NULL;
  g_autoptr(HubTestResponse) other = NULL;
  JsonObject *catalog;

  g_assert_cmpuint (first->status, ==, 200);
  g_assert_nonnull (etag);
  g_assert_true (etag[0] == '"');
  catalog = hub_test_response_object (first);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (catalog, "categories")), >, 0);

  same = hub_test_request (fixture->hub, "GET", "/v1/catalog", NULL, NULL, NULL, 0, "If-None-Match", etag, NULL);
  g_assert_cmpuint (same->status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (same->body), ==, 0);

  weak = g_strconcat ("\"nope\", W/", etag, NULL);
  same_weak = hub_test_request (fixture->hub, "GET", "/v1/catalog", NULL, NULL, NULL, 0, "If-None-Match", weak, NULL);
  g_assert_cmpuint (same_weak->status, ==, 304);

  other = hub_test_request (fixture->hub, "GET", "/v1/catalog", NULL, NULL, NULL, 0, "If-None-Match", "\"old\"", NULL);
  g_assert_cmpuint (other->status, ==, 200);
}

/* An admin replaces the catalog; the new one is served, checked
 * against, and kept over a restart. */
static void
test_catalog_replace (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(HubTestResponse) current = hub_test_request (fixture->hub, "GET", "/v1/catalog", NULL, NULL, NULL, 0, NULL);
  g_autofree char *old_etag = g_strdup (soup_message_headers_get_one (current->headers, "ETag"));
  g_autoptr(JsonNode) edited = (hub_test_response_object (current), json_node_copy (current->json));
  g_autoptr(JsonNode) flooding = NULL;
  g_autofree char *body = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *admin = NULL;
  g_autoptr(HubTestResponse) officer = NULL;
  g_autoptr(HubTestResponse) garbage = NULL;
  g_autoptr(HubTestResponse) wrong_shape = NULL;
  g_autoptr(HubTestResponse) stale = NULL;
  g_autoptr(HubTestResponse) replaced = NULL;
  g_autoptr(HubTestResponse) served = NULL;
  g_autoptr(HubTestResponse) put = NULL;
  g_autoptr(HubTestResponse) after_restart = NULL;
  g_autoptr(AduanComplaint) flood = hub_test_make_complaint (fixture->prefix, 50);
  JsonArray *categories;

  flooding = json_from_string ("{\"id\": \"flooding\", \"name\": {\"en\": \"Flooding\", \"id\": \"Banjir\"}, "
                               "\"agency\": \"dpupr\", \"icon\": \"weather-showers-symbolic\"}", NULL);
  categories = json_object_get_array_member (json_node_get_object (edited), "categories");
  json_array_add_element (categories, g_steal_pointer (&flooding));
  body = json_to_string (edited, FALSE);

  officer = hub_test_request_json (fixture->hub, "PUT", "/v1/catalog", fixture->token, body);
  hub_test_assert_error (officer, 403, "forbidden");

  garbage = hub_test_request_json (fixture->hub, "PUT", "/v1/catalog", hub_test_hub_admin (fixture->hub), "{categories");
  g_assert_cmpuint (garbage->status / 100, ==, 4);
  hub_test_assert_error (garbage, garbage->status, NULL);

  wrong_shape = hub_test_request_json (fixture->hub, "PUT", "/v1/catalog", hub_test_hub_admin (fixture->hub),
                                       "{\"version\": 1, \"categories\": \"lots\"}");
  g_assert_cmpuint (wrong_shape->status / 100, ==, 4);
  hub_test_assert_error (wrong_shape, wrong_shape->status, NULL);

  stale = hub_test_request (fixture->hub, "PUT", "/v1/catalog", hub_test_hub_admin (fixture->hub), "application/json",
                            body, -1, "If-Match", "\"someone-else\"", NULL);
  hub_test_assert_error (stale, 412, "catalog_changed");

  replaced = hub_test_request (fixture->hub, "PUT", "/v1/catalog", hub_test_hub_admin (fixture->hub), "application/json",
                               body, -1, "If-Match", old_etag, NULL);
  g_assert_cmpuint (replaced->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (replaced->headers, "ETag"), !=, old_etag);

  served = hub_test_request (fixture->hub, "GET", "/v1/catalog", NULL, NULL, NULL, 0, "If-None-Match", old_etag, NULL);
  g_assert_cmpuint (served->status, ==, 200);
  g_assert_nonnull (strstr (hub_test_response_text (served), "Banjir"));

  aduan_complaint_set_string (&flood->category, "flooding");
  put = hub_test_put_complaint (fixture->hub, fixture->token, flood);
  g_assert_cmpuint (put->status, ==, 201);

  data_dir = g_strdup (fixture->hub->data_dir);
  admin = g_strdup (hub_test_hub_admin (fixture->hub));
  hub_test_hub_stop (fixture->hub);
  fixture->hub = hub_test_hub_start (data_dir, NULL, NULL);
  fixture->hub->admin_token = g_steal_pointer (&admin);
  after_restart = hub_test_request (fixture->hub, "GET", "/v1/catalog", NULL, NULL, NULL, 0, NULL);
  g_assert_nonnull (strstr (hub_test_response_text (after_restart), "Banjir"));
}

static HubTestResponse *
track (Fixture    *fixture,
       const char *path,
       gboolean    html)
{
  return hub_test_request (fixture->hub, "GET", path, NULL, NULL, NULL, 0,
                           html ? "Accept" : NULL, "text/html,application/xhtml+xml", NULL);
}

/* The tracking page is Indonesian, shows status and history, and nothing
 * about the reporter. */
static void
test_track_page (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *lower = g_ascii_strdown (fixture->open->tracking_code, -1);
  g_autofree char *path = g_strconcat ("/track/", lower, NULL);
  g_autoptr(HubTestResponse) page = track (fixture, path, TRUE);
  const char *html;

  g_assert_cmpuint (page->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (page->headers, NULL), ==, "text/html");
  g_assert_nonnull (soup_message_headers_get_one (page->headers, "Content-Security-Policy"));
  html = hub_test_response_text (page);

  g_assert_nonnull (strstr (html, "<html lang=\"id\">"));
  g_assert_nonnull (strstr (html, fixture->open->tracking_code));
  assert_indonesian (html, "Complaint tracking", NULL);
  assert_indonesian (html, "Being followed up", NULL);
  assert_indonesian (html, "The complaint was received", NULL);
  assert_indonesian (html, "Passed to %s", "Dinas Perhubungan");
  assert_indonesian (html, "Response from %s", "Dinas Perhubungan");
  assert_indonesian (html, "History", NULL);
  assert_indonesian (html, "Complaint", NULL);
  g_assert_nonnull (strstr (html, "Penerangan Jalan Umum"));
  /* The response stopped the follow-up clock. */
  {
    g_autofree char *due = indonesian ("Follow-up due by", NULL);

    g_assert_null (strstr (html, due));
  }
  /* The response is shown, escaped. */
  g_assert_nonnull (strstr (html, "Tim &lt;b&gt;PJU&lt;/b&gt; menuju lokasi."));
  g_assert_null (strstr (html, "<b>PJU"));
  g_assert_null (strstr (html, "Complaint tracking"));
  assert_no_personal_data (html);
  g_assert_null (strstr (html, fixture->open->title));
}

/* A confidential report shows its status and nothing else. */
static void
test_track_confidential (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *path = g_strconcat ("/track/", fixture->confidential->tracking_code, NULL);
  g_autoptr(HubTestResponse) page = track (fixture, path, TRUE);
  const char *html;

  g_assert_cmpuint (page->status, ==, 200);
  html = hub_test_response_text (page);
  assert_indonesian (html, "Received", NULL);
  assert_indonesian (html, "This report is confidential, so only its status is shown.", NULL);
  {
    g_autofree char *history = indonesian ("History", NULL);
    g_autofree char *category = indonesian ("Category", NULL);

    g_assert_null (strstr (html, history));
    g_assert_null (strstr (html, category));
  }
  g_assert_null (strstr (html, "Penerangan"));
  assert_no_personal_data (html);
}

/* The form, its redirect, and codes that are wrong or unknown. */
static void
test_track_problems (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *lower = g_ascii_strdown (fixture->open->tracking_code, -1);
  g_autofree char *query = g_strconcat ("/track?code=", lower, NULL);
  g_autofree char *expected = g_strconcat ("/track/", fixture->open->tracking_code, NULL);
  g_autofree char *mistyped = g_strconcat ("/track/", fixture->open->tracking_code, NULL);
  g_autoptr(HubTestResponse) form = track (fixture, "/track", TRUE);
  g_autoptr(HubTestResponse) invalid_html = NULL;
  g_autoptr(HubTestResponse) invalid_json = NULL;
  g_autoptr(HubTestResponse) unknown = NULL;
  g_autoptr(HubTestResponse) query_bad = track (fixture, "/track?code=%3Cscript%3E", TRUE);
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = g_strconcat (fixture->hub->url, query, NULL);
  g_autofree char *unknown_code = NULL;
  g_autofree char *unknown_path = NULL;
  g_autoptr(GBytes) ignored = NULL;

  /* One character mistyped: the check character catches it. */
  mistyped[strlen (mistyped) - 1] = mistyped[strlen (mistyped) - 1] == 'Z' ? 'Y' : 'Z';
  invalid_html = track (fixture, mistyped, TRUE);
  invalid_json = track (fixture, mistyped, FALSE);

  g_assert_cmpuint (form->status, ==, 200);
  assert_indonesian (hub_test_response_text (form), "Track a complaint", NULL);
  assert_indonesian (hub_test_response_text (form), "Tracking code", NULL);

  g_assert_cmpuint (invalid_html->status, ==, 400);
  assert_indonesian (hub_test_response_text (invalid_html),
                     "This is not a valid tracking code. Check it and try again.", NULL);
  hub_test_assert_error (invalid_json, 400, "invalid_tracking_code");

  g_assert_cmpuint (query_bad->status, ==, 400);
  g_assert_null (strstr (hub_test_response_text (query_bad), "<script>"));

  /* A valid code nobody has: the prefix is ours, the number is not. */
  {
    g_autoptr(AduanComplaint) never_sent = hub_test_make_complaint (fixture->prefix, 999);

    unknown_code = g_strdup (never_sent->tracking_code);
  }
  unknown_path = g_strconcat ("/track/", unknown_code, NULL);
  unknown = track (fixture, unknown_path, TRUE);
  g_assert_cmpuint (unknown->status, ==, 404);
  assert_indonesian (hub_test_response_text (unknown),
                     "No complaint has this tracking code. Check the code on your receipt.", NULL);

  msg = soup_message_new ("GET", url);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  ignored = soup_session_send_and_read (fixture->hub->session, msg, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 303);
  g_assert_true (g_str_has_suffix (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location"),
                                   expected));
}

/* GeoReport services are the catalog's categories. */
static void
test_open311_services (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(HubTestResponse) services = hub_test_request (fixture->hub, "GET", "/open311/v2/services.json", NULL, NULL, NULL, 0, NULL);
  JsonArray *array;
  JsonObject *first;

  g_assert_cmpuint (services->status, ==, 200);
  hub_test_response_object (services);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (services->json));
  array = json_node_get_array (services->json);
  first = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "service_code"), ==, HUB_TEST_CATEGORY);
  g_assert_cmpstr (json_object_get_string_member (first, "service_name"), ==, "Penerangan Jalan Umum (PJU)");
  g_assert_cmpstr (json_object_get_string_member (first, "type"), ==, "realtime");
  g_assert_false (json_object_get_boolean_member (first, "metadata"));
  g_assert_cmpstr (json_object_get_string_member (first, "group"), ==, "Dinas Perhubungan");
}

static JsonArray *
requests (HubTestResponse *response)
{
  if (response->status != 200)
    g_test_message ("Unexpected answer %u: %s", response->status, hub_test_response_text (response));
  g_assert_cmpuint (response->status, ==, 200);
  hub_test_response_object (response);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (response->json));

  return json_node_get_array (response->json);
}

/* GeoReport requests: Open311's names, no confidential complaint, no
 * personal data; filters by ID, status, service and date. */
static void
test_open311_requests (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(HubTestResponse) all = hub_test_request (fixture->hub, "GET", "/open311/v2/requests.json", NULL, NULL, NULL, 0, NULL);
  g_autofree char *by_id_path = g_strdup_printf ("/open311/v2/requests.json?service_request_id=%s,%s",
                                                 fixture->closed->tracking_code, fixture->confidential->tracking_code);
  g_autoptr(HubTestResponse) by_id = hub_test_request (fixture->hub, "GET", by_id_path, NULL, NULL, NULL, 0, NULL);
  g_autoptr(HubTestResponse) closed = hub_test_request (fixture->hub, "GET", "/open311/v2/requests.json?status=closed", NULL, NULL, NULL, 0, NULL);
  g_autoptr(HubTestResponse) waste = hub_test_request (fixture->hub, "GET", "/open311/v2/requests.json?service_code=waste", NULL, NULL, NULL, 0, NULL);
  g_autoptr(HubTestResponse) since = hub_test_request (fixture->hub, "GET", "/open311/v2/requests.json?start_date=2000-01-01T00:00:00Z", NULL, NULL, NULL, 0, NULL);
  g_autoptr(HubTestResponse) future = hub_test_request (fixture->hub, "GET", "/open311/v2/requests.json?start_date=2999-01-01", NULL, NULL, NULL, 0, NULL);
  g_autoptr(HubTestResponse) bad_date = hub_test_request (fixture->hub, "GET", "/open311/v2/requests.json?start_date=soon", NULL, NULL, NULL, 0, NULL);
  g_autoptr(HubTestResponse) bad_status = hub_test_request (fixture->hub, "GET", "/open311/v2/requests.json?status=maybe", NULL, NULL, NULL, 0, NULL);
  g_autoptr(HubTestResponse) bad_id = hub_test_request (fixture->hub, "GET", "/open311/v2/requests.json?service_request_id=1;DROP", NULL, NULL, NULL, 0, NULL);
  g_autoptr(HubTestResponse) bad_service = hub_test_request (fixture->hub, "GET", "/open311/v2/requests.json?service_code=rockets", NULL, NULL, NULL, 0, NULL);
  JsonArray *array = requests (all);
  JsonObject *open = NULL;

  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *request = json_array_get_object_element (array, i);

      g_assert_cmpstr (json_object_get_string_member (request, "service_request_id"), !=,
                       fixture->confidential->tracking_code);
      if (g_str_equal (json_object_get_string_member (request, "service_request_id"), fixture->open->tracking_code))
        open = request;
    }
  g_assert_nonnull (open);
  g_assert_cmpstr (json_object_get_string_member (open, "status"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (open, "service_code"), ==, HUB_TEST_CATEGORY);
  g_assert_cmpstr (json_object_get_string_member (open, "service_name"), ==, "Penerangan Jalan Umum (PJU)");
  g_assert_cmpstr (json_object_get_string_member (open, "agency_responsible"), ==, "Dinas Perhubungan");
  g_assert_cmpstr (json_object_get_string_member (open, "description"), ==, fixture->open->description);
  g_assert_cmpstr (json_object_get_string_member (open, "status_notes"), ==, "Tim <b>PJU</b> menuju lokasi.");
  g_assert_cmpstr (json_object_get_string_member (open, "address_id"), ==, "34.04.01.2001");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (open, "lat"), -7.7456, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (open, "long"), 110.3789, 1e-9);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (open, "requested_datetime"), "+07:00"));
  g_assert_nonnull (json_object_get_string_member (open, "updated_datetime"));
  assert_no_personal_data (hub_test_response_text (all));

  g_assert_cmpuint (json_array_get_length (requests (by_id)), ==, 1);
  g_assert_cmpuint (json_array_get_length (requests (closed)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (requests (closed), 0), "status"), ==, "closed");
  g_assert_true (json_object_get_null_member (json_array_get_object_element (requests (closed), 0), "lat"));
  g_assert_cmpuint (json_array_get_length (requests (waste)), ==, 1);
  g_assert_cmpuint (json_array_get_length (requests (since)), ==, 2);
  g_assert_cmpuint (json_array_get_length (requests (future)), ==, 0);

  hub_test_assert_error (bad_date, 400, "invalid_date");
  hub_test_assert_error (bad_status, 400, "invalid_status");
  hub_test_assert_error (bad_id, 400, "invalid_tracking_code");
  hub_test_assert_error (bad_service, 400, "invalid_service_code");
}

/* One request by ID; a confidential one does not exist here. */
static void
test_open311_request (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *path = g_strdup_printf ("/open311/v2/requests/%s.json", fixture->open->tracking_code);
  g_autofree char *secret = g_strdup_printf ("/open311/v2/requests/%s.json", fixture->confidential->tracking_code);
  g_autofree char *xml = g_strdup_printf ("/open311/v2/requests/%s.xml", fixture->open->tracking_code);
  g_autoptr(HubTestResponse) one = hub_test_request (fixture->hub, "GET", path, NULL, NULL, NULL, 0, NULL);
  g_autoptr(HubTestResponse) hidden = hub_test_request (fixture->hub, "GET", secret, NULL, NULL, NULL, 0, NULL);
  g_autoptr(HubTestResponse) as_xml = hub_test_request (fixture->hub, "GET", xml, NULL, NULL, NULL, 0, NULL);
  g_autoptr(HubTestResponse) bad = hub_test_request (fixture->hub, "GET", "/open311/v2/requests/nonsense.json", NULL, NULL, NULL, 0, NULL);

  g_assert_cmpuint (json_array_get_length (requests (one)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (requests (one), 0), "service_request_id"),
                   ==, fixture->open->tracking_code);
  hub_test_assert_error (hidden, 404, "not_found");
  hub_test_assert_error (as_xml, 404, "not_found");
  hub_test_assert_error (bad, 400, "invalid_tracking_code");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Jakarta");
  int result;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  track_page = aduan_hub_track_page_new (zone);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/hub/catalog/etag", test_catalog_etag);
  ADD ("/hub/catalog/replace", test_catalog_replace);
  ADD ("/hub/track/page", test_track_page);
  ADD ("/hub/track/confidential", test_track_confidential);
  ADD ("/hub/track/problems", test_track_problems);
  ADD ("/hub/open311/services", test_open311_services);
  ADD ("/hub/open311/requests", test_open311_requests);
  ADD ("/hub/open311/request", test_open311_request);
#undef ADD

  result = g_test_run ();
  aduan_hub_track_page_free (track_page);
  return result;
}
