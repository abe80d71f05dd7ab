/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "aduan-survey-store.h"
#include "sync-test-common.h"

/* Satisfaction surveys saved on the device travel to the real hub in the
 * same passes as complaints, after them, through the fault proxy. */

typedef struct
{
  SyncTestHub     *hub;
  FaultProxy      *proxy;
  AduanStore      *store;
  AduanSyncEngine *engine;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *url = NULL;

  fixture->hub = sync_test_hub_start (NULL, NULL);
  fixture->proxy = fault_proxy_new (fixture->hub->port);
  fixture->store = sync_test_device_new ("device");
  url = fault_proxy_get_url (fixture->proxy);
  sync_test_enroll (fixture->store, fixture->hub, url);
  fixture->engine = sync_test_engine_new (fixture->store);
  fault_proxy_reset_counters (fixture->proxy);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->engine);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->proxy, fault_proxy_free);
  g_clear_pointer (&fixture->hub, sync_test_hub_free);
}

static AduanSurvey *
save_survey (AduanStore *store,
             guint8      base)
{
  g_autoptr(AduanSurvey) survey = aduan_survey_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < ADUAN_SURVEY_N_ELEMENTS; i++)
    survey->scores[i] = (guint8) (ADUAN_SURVEY_MIN_SCORE + (base + i) % ADUAN_SURVEY_MAX_SCORE);
  g_assert_true (aduan_survey_store_save (store, survey, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&survey);
}

static guint
count_unsent (AduanStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) unsent = aduan_survey_store_list_unsent (store, 0, &error);

  g_assert_no_error (error);
  return unsent->len;
}

/* The hub's IKM, from GET /v1/stats. */
static JsonNode *
hub_ikm (SyncTestHub *hub,
         gint64      *out_responses)
{
  g_autoptr(JsonNode) stats = NULL;
  guint status = 0;
  JsonObject *ikm;

  stats = sync_test_hub_request (hub, "GET", "v1/stats", &status);
  g_assert_cmpuint (status, ==, 200);
  ikm = json_object_get_object_member (json_node_get_object (stats), "ikm");
  g_assert_nonnull (ikm);
  *out_responses = json_object_get_int_member (ikm, "responses");

  return json_node_ref (json_object_get_member (json_node_get_object (stats), "ikm"));
}

/* Surveys go in the pass, after the complaint; the hub's index is the
 * device's; a second pass sends nothing again. */
static void
test_sent_after_complaints (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(AduanComplaint) complaint = sync_test_save_complaint (fixture->store, 1, 1, 20 * 1000);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ikm = NULL;
  g_autoptr(JsonNode) local_ikm = NULL;
  AduanIkm device;
  gint64 responses = 0;

  for (guint8 i = 0; i < 5; i++)
    {
      g_autoptr(AduanSurvey) survey = save_survey (fixture->store, i);
    }

  g_assert_true (sync_test_run_pass (fixture->engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);
  sync_test_hub_assert_holds (fixture->hub, fixture->store, 1);
  g_assert_cmpuint (fault_proxy_count_requests (fixture->proxy, "PUT /v1/surveys/"), ==, 5);
  g_assert_cmpuint (count_unsent (fixture->store), ==, 0);

  ikm = hub_ikm (fixture->hub, &responses);
  g_assert_cmpint (responses, ==, 5);
  g_assert_true (aduan_survey_store_compute_ikm (fixture->store, &device, &error));
  g_assert_no_error (error);
  local_ikm = aduan_ikm_to_json (&device);
  g_assert_true (json_node_equal (json_object_get_member (json_node_get_object (ikm), "elements"),
                                  json_object_get_member (json_node_get_object (local_ikm), "elements")));

  fault_proxy_reset_counters (fixture->proxy);
  g_assert_true (sync_test_run_pass (fixture->engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fault_proxy_count_requests (fixture->proxy, "PUT /v1/surveys/"), ==, 0);
}

/* A survey the hub refuses (another device's survey holds its UUID: 409)
 * is marked failed and not sent again; the others still go, and the pass
 * succeeds. */
static void
test_refused_one (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(AduanStore) other = sync_test_device_new ("other");
  g_autoptr(AduanSyncEngine) other_engine = NULL;
  g_autoptr(AduanSurvey) first = save_survey (fixture->store, 0);
  g_autoptr(AduanSurvey) clash = aduan_survey_copy (first);
  g_autoptr(AduanSurvey) last = save_survey (fixture->store, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ikm = NULL;
  gint64 responses = 0;

  /* The other device sends different answers under the first's UUID. */
  clash->scores[0] = clash->scores[0] == 4 ? 1 : 4;
  g_assert_true (aduan_survey_store_save (other, clash, &error));
  g_assert_no_error (error);
  sync_test_enroll (other, fixture->hub, NULL);
  other_engine = sync_test_engine_new (other);
  g_assert_true (sync_test_run_pass (other_engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);

  g_assert_true (sync_test_run_pass (fixture->engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_unsent (fixture->store), ==, 0);
  ikm = hub_ikm (fixture->hub, &responses);
  g_assert_cmpint (responses, ==, 2);

  fault_proxy_reset_counters (fixture->proxy);
  g_assert_true (sync_test_run_pass (fixture->engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fault_proxy_count_requests (fixture->proxy, "PUT /v1/surveys/"), ==, 0);
}

/* The hub busy (503 with Retry-After) while surveys go: the pass says so,
 * the surveys wait, and the next pass sends them. */
static void
test_busy_then_sent (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(AduanSurvey) first = save_survey (fixture->store, 1);
  g_autoptr(AduanSurvey) second = save_survey (fixture->store, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ikm = NULL;
  gint64 responses = 0;

  fault_proxy_inject (fixture->proxy, "PUT /v1/surveys/", 503, "120", 1);
  g_assert_false (sync_test_run_pass (fixture->engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_HUB_BUSY);
  g_clear_error (&error);
  g_assert_cmpuint (count_unsent (fixture->store), ==, 2);

  g_assert_true (sync_test_run_pass (fixture->engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_unsent (fixture->store), ==, 0);
  ikm = hub_ikm (fixture->hub, &responses);
  g_assert_cmpint (responses, ==, 2);
}

/* A token the hub no longer accepts stops the surveys too, and asks to
 * enroll again; nothing is lost. */
static void
test_revoked (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(AduanSurvey) survey = save_survey (fixture->store, 1);
  g_autoptr(GError) error = NULL;

  fault_proxy_inject (fixture->proxy, "PUT /v1/surveys/", 401, NULL, 1);
  g_assert_false (sync_test_run_pass (fixture->engine, ADUAN_SYNC_FLAGS_NONE, &error));
  g_assert_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_ENROLL_AGAIN);
  g_assert_cmpint (aduan_sync_engine_get_status (fixture->engine), ==, ADUAN_SYNC_STATUS_ENROLL_AGAIN);
  g_assert_cmpuint (count_unsent (fixture->store), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  sync_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sync/surveys/sent-after-complaints", test_sent_after_complaints);
  ADD ("/sync/surveys/refused-one", test_refused_one);
  ADD ("/sync/surveys/busy-then-sent", test_busy_then_sent);
  ADD ("/sync/surveys/revoked", test_revoked);

#undef ADD

  return g_test_run ();
}
