/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "aduan-survey.h"
#include "hub-test-common.h"

/* Satisfaction surveys (SKM) sent to the built hub: PUT /v1/surveys/{uuid}
 * and the index (IKM) in GET /v1/stats. */

typedef struct
{
  HubTestHub *hub;
  char       *token;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->hub = hub_test_hub_start (NULL, NULL, NULL);
  fixture->token = hub_test_hub_enroll (fixture->hub, "kiosk", NULL, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  hub_test_hub_stop (fixture->hub);
  g_free (fixture->token);
}

static AduanSurvey *
make_survey (guint8 score)
{
  AduanSurvey *survey = aduan_survey_new ();

  for (guint i = 0; i < ADUAN_SURVEY_N_ELEMENTS; i++)
    survey->scores[i] = score;

  return survey;
}

static HubTestResponse *
put_survey (Fixture           *fixture,
            const char        *token,
            const AduanSurvey *survey)
{
  g_autoptr(JsonNode) node = aduan_survey_to_json (survey);
  g_autofree char *json = json_to_string (node, FALSE);
  g_autofree char *path = g_strconcat ("/v1/surveys/", survey->uuid, NULL);

  return hub_test_request_json (fixture->hub, "PUT", path, token, json);
}

static JsonObject *
get_ikm (Fixture          *fixture,
         HubTestResponse **out_response)
{
  *out_response = hub_test_request (fixture->hub, "GET", "/v1/stats", hub_test_hub_admin (fixture->hub),
                                    NULL, NULL, 0, NULL);
  g_assert_cmpuint ((*out_response)->status, ==, 200);

  return json_object_get_object_member (hub_test_response_object (*out_response), "ikm");
}

/* The first PUT stores (201), the same again is 200, other answers under
 * the same UUID are 409; a refused one changes nothing. */
static void
test_put_idempotent (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(AduanSurvey) survey = make_survey (4);
  g_autoptr(AduanSurvey) changed = aduan_survey_copy (survey);
  g_autoptr(HubTestResponse) first = NULL;
  g_autoptr(HubTestResponse) again = NULL;
  g_autoptr(HubTestResponse) conflict = NULL;
  g_autoptr(HubTestResponse) stats = NULL;
  g_autoptr(AduanSurvey) echoed = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *ikm;

  first = put_survey (fixture, fixture->token, survey);
  g_assert_cmpuint (first->status, ==, 201);
  echoed = aduan_survey_from_json (json_object_get_member (hub_test_response_object (first), "survey"), &error);
  g_assert_no_error (error);
  g_assert_true (aduan_survey_same_content (echoed, survey));

  again = put_survey (fixture, fixture->token, survey);
  g_assert_cmpuint (again->status, ==, 200);

  changed->scores[ADUAN_SURVEY_ELEMENT_COST] = 1;
  conflict = put_survey (fixture, fixture->token, changed);
  hub_test_assert_error (conflict, 409, "conflict");

  ikm = get_ikm (fixture, &stats);
  g_assert_cmpint (json_object_get_int_member (ikm, "responses"), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (ikm, "score"), ==, 100.0);
}

/* A bad survey is 422 naming the field; a UUID that differs from the
 * path's is 422 on uuid; a bad path is 400; no token is 401; an admin
 * token (not a device) is 403. */
static void
test_put_invalid (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(AduanSurvey) survey = make_survey (3);
  g_autoptr(HubTestResponse) bad_score = NULL;
  g_autoptr(HubTestResponse) bad_channel = NULL;
  g_autoptr(HubTestResponse) mismatch = NULL;
  g_autoptr(HubTestResponse) bad_path = NULL;
  g_autoptr(HubTestResponse) not_json = NULL;
  g_autoptr(HubTestResponse) anonymous = NULL;
  g_autoptr(HubTestResponse) admin = NULL;
  g_autoptr(HubTestResponse) stats = NULL;
  g_autoptr(JsonNode) node = aduan_survey_to_json (survey);
  g_autofree char *path = g_strconcat ("/v1/surveys/", survey->uuid, NULL);
  g_autofree char *other_path = NULL;
  g_autofree char *json = NULL;
  g_autofree char *other = g_uuid_string_random ();
  JsonObject *object = json_node_get_object (node);
  JsonObject *ikm;

  json_object_set_int_member (json_object_get_object_member (object, "scores"), "cost", 5);
  json = json_to_string (node, FALSE);
  bad_score = hub_test_request_json (fixture->hub, "PUT", path, fixture->token, json);
  hub_test_assert_error (bad_score, 422, "invalid_field");
  g_assert_cmpstr (json_object_get_string_member (hub_test_response_object (bad_score), "field"), ==,
                   "scores.cost");

  json_object_set_int_member (json_object_get_object_member (object, "scores"), "cost", 2);
  json_object_set_string_member (object, "channel", "carrier-pigeon");
  g_free (json);
  json = json_to_string (node, FALSE);
  bad_channel = hub_test_request_json (fixture->hub, "PUT", path, fixture->token, json);
  hub_test_assert_error (bad_channel, 422, "invalid_field");
  g_assert_cmpstr (json_object_get_string_member (hub_test_response_object (bad_channel), "field"), ==,
                   "channel");

  other_path = g_strconcat ("/v1/surveys/", other, NULL);
  g_free (json);
  g_clear_pointer (&node, json_node_unref);
  node = aduan_survey_to_json (survey);
  json = json_to_string (node, FALSE);
  mismatch = hub_test_request_json (fixture->hub, "PUT", other_path, fixture->token, json);
  hub_test_assert_error (mismatch, 422, "invalid_field");
  g_assert_cmpstr (json_object_get_string_member (hub_test_response_object (mismatch), "field"), ==, "uuid");

  bad_path = hub_test_request_json (fixture->hub, "PUT", "/v1/surveys/not-a-uuid", fixture->token, json);
  hub_test_assert_error (bad_path, 400, "invalid_uuid");
  not_json = hub_test_request_json (fixture->hub, "PUT", path, fixture->token, "{\"uuid\": ");
  hub_test_assert_error (not_json, 400, "invalid_json");
  anonymous = hub_test_request_json (fixture->hub, "PUT", path, NULL, json);
  hub_test_assert_error (anonymous, 401, "missing_token");
  admin = hub_test_request_json (fixture->hub, "PUT", path, hub_test_hub_admin (fixture->hub), json);
  hub_test_assert_error (admin, 403, "forbidden");

  /* None of them was stored. */
  ikm = get_ikm (fixture, &stats);
  g_assert_cmpint (json_object_get_int_member (ikm, "responses"), ==, 0);
  g_assert_true (json_object_get_null_member (ikm, "score"));
}

/* The index in the statistics is AduanIkm's over what was sent, also
 * after the hub restarted on the same data. */
static void
test_stats_ikm (Fixture       *fixture,
                gconstpointer  user_data)
{
  static const guint8 answers[][ADUAN_SURVEY_N_ELEMENTS] = {
    { 4, 4, 3, 4, 3, 4, 4, 3, 4 },
    { 3, 3, 3, 2, 3, 4, 4, 3, 3 },
    { 4, 3, 2, 4, 4, 4, 3, 3, 4 },
  };
  g_autofree char *data_dir = g_strdup (fixture->hub->data_dir);
  g_autoptr(HubTestResponse) stats = NULL;
  const char *args[] = { NULL };
  AduanIkm expected;
  JsonObject *ikm, *elements;
  char grade[2];

  aduan_ikm_init (&expected);
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(AduanSurvey) survey = make_survey (1);
      g_autoptr(HubTestResponse) response = NULL;

      memcpy (survey->scores, answers[i], sizeof answers[i]);
      response = put_survey (fixture, fixture->token, survey);
      g_assert_cmpuint (response->status, ==, 201);
      aduan_ikm_add (&expected, answers[i]);
    }
  aduan_ikm_finish (&expected);

  /* The same data after a restart. */
  hub_test_hub_stop (fixture->hub);
  fixture->hub = hub_test_hub_start (data_dir, args, NULL);

  ikm = get_ikm (fixture, &stats);
  g_assert_cmpint (json_object_get_int_member (ikm, "responses"), ==, 3);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (ikm, "index"), expected.index, 0.006);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (ikm, "score"), expected.score, 0.006);
  grade[0] = expected.grade;
  grade[1] = '\0';
  g_assert_cmpstr (json_object_get_string_member (ikm, "grade"), ==, grade);
  elements = json_object_get_object_member (ikm, "elements");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (elements, "requirements"),
                                  expected.element_means[ADUAN_SURVEY_ELEMENT_REQUIREMENTS], 0.006);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (elements, "cost"),
                                  expected.element_means[ADUAN_SURVEY_ELEMENT_COST], 0.006);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/hub/surveys/put-idempotent", Fixture, NULL, fixture_set_up, test_put_idempotent, fixture_tear_down);
  g_test_add ("/hub/surveys/put-invalid", Fixture, NULL, fixture_set_up, test_put_invalid, fixture_tear_down);
  g_test_add ("/hub/surveys/stats-ikm", Fixture, NULL, fixture_set_up, test_stats_ikm, fixture_tear_down);

  return g_test_run ();
}
