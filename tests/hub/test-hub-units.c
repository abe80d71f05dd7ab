/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "aduan-error.h"
#include "aduan-hub-auth.h"
#include "aduan-hub-error.h"
#include "aduan-hub-rate-limit.h"
#include "aduan-hub-server-private.h"
#include "aduan-hub-stats.h"
#include "aduan-hub-storage-sqlite.h"
#include "aduan-hub-translation.h"
#include "aduan-hub-workflow.h"
#include "aduan-hub-working-days.h"
#include "aduan-status-event.h"
#include "hub-test-common.h"

static gint64
jakarta (int year,
         int month,
         int day,
         int hour,
         int minute)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+07:00");
  g_autoptr(GDateTime) time = g_date_time_new (zone, year, month, day, hour, minute, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static char *
format_jakarta (gint64 usec)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+07:00");
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

/* Five working days after a Friday end on the next Friday; the day of
 * receipt does not count, weekends never do. */
static void
test_working_days_weekends (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanHubWorkingDays) calendar = aduan_hub_working_days_new (5, "+07:00", &error);
  g_autofree char *from_friday = NULL;
  g_autofree char *from_saturday = NULL;
  g_autofree char *from_monday = NULL;

  g_assert_no_error (error);

  /* 2026-11-20 is a Friday. */
  from_friday = format_jakarta (aduan_hub_working_days_deadline (calendar, jakarta (2026, 11, 20, 16, 55)));
  g_assert_cmpstr (from_friday, ==, "2026-11-27 23:59:59");

  from_saturday = format_jakarta (aduan_hub_working_days_deadline (calendar, jakarta (2026, 11, 21, 9, 0)));
  g_assert_cmpstr (from_saturday, ==, "2026-11-27 23:59:59");

  from_monday = format_jakarta (aduan_hub_working_days_deadline (calendar, jakarta (2026, 11, 23, 0, 1)));
  g_assert_cmpstr (from_monday, ==, "2026-11-30 23:59:59");
}

/* Holidays are skipped like weekends; the file's syntax is checked. */
static void
test_working_days_holidays (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanHubWorkingDays) calendar = aduan_hub_working_days_new (2, "Asia/Jakarta", &error);
  g_autoptr(AduanHubWorkingDays) strict = aduan_hub_working_days_new (2, "Asia/Jakarta", NULL);
  g_autoptr(AduanHubWorkingDays) none = NULL;
  g_autofree char *deadline = NULL;
  GDate date;

  g_assert_no_error (error);
  g_assert_true (aduan_hub_working_days_parse_holidays (calendar,
                                                        "# Libur nasional\n"
                                                        "2026-08-17 Hari Kemerdekaan\n"
                                                        "\n"
                                                        "2026-08-18  # cuti bersama\n", &error));
  g_assert_no_error (error);

  /* Friday 14 August: Monday 17 and Tuesday 18 are off, so Wed, Thu. */
  deadline = format_jakarta (aduan_hub_working_days_deadline (calendar, jakarta (2026, 8, 14, 10, 0)));
  g_assert_cmpstr (deadline, ==, "2026-08-20 23:59:59");

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 17, 8, 2026);
  g_assert_false (aduan_hub_working_days_is_working_day (calendar, &date));
  g_date_set_dmy (&date, 19, 8, 2026);
  g_assert_true (aduan_hub_working_days_is_working_day (calendar, &date));

  g_assert_false (aduan_hub_working_days_parse_holidays (strict, "2026-08-17\n17/08/2026\n", &error));
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_clear_error (&error);
  g_assert_false (aduan_hub_working_days_parse_holidays (strict, "2026-02-30\n", &error));
  g_clear_error (&error);
  /* Nothing of a refused file is kept. */
  g_assert_true (aduan_hub_working_days_is_working_day (strict, &date));

  none = aduan_hub_working_days_new (0, "Asia/Jakarta", &error);
  g_assert_null (none);
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  g_assert_null (aduan_hub_working_days_new (5, "Nowhere/Atlantis", &error));
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD);
}

/* A burst up to the allowance passes, then the limiter says how long to
 * wait; the allowance refills with time, per key. */
static void
test_rate_limit (void)
{
  g_autoptr(AduanHubRateLimit) limit = aduan_hub_rate_limit_new (60);
  g_autoptr(AduanHubRateLimit) unlimited = aduan_hub_rate_limit_new (0);
  gint64 now = 1000 * G_USEC_PER_SEC;
  guint retry_after = 0;

  for (guint i = 0; i < 60; i++)
    g_assert_true (aduan_hub_rate_limit_check (limit, "dev-a", now, NULL));
  g_assert_false (aduan_hub_rate_limit_check (limit, "dev-a", now, &retry_after));
  g_assert_cmpuint (retry_after, ==, 1);
  g_assert_true (aduan_hub_rate_limit_check (limit, "dev-b", now, NULL));

  g_assert_true (aduan_hub_rate_limit_check (limit, "dev-a", now + G_USEC_PER_SEC, NULL));
  g_assert_false (aduan_hub_rate_limit_check (limit, "dev-a", now + G_USEC_PER_SEC, NULL));

  for (guint i = 0; i < 10000; i++)
    g_assert_true (aduan_hub_rate_limit_check (unlimited, "dev-a", now, NULL));
}

static AduanHubRecord *
make_record (void)
{
  AduanComplaint *complaint = hub_test_make_complaint ("K7QM", 5);
  AduanHubRecord *record = aduan_hub_record_new (complaint);

  record->device_id = g_strdup ("dev-1");
  return record;
}

static AduanHubDevice *
make_actor (AduanHubRole  role,
            const char   *agency)
{
  AduanHubDevice *actor = aduan_hub_device_new ();

  actor->id = g_strdup (role == ADUAN_HUB_ROLE_ADMIN ? "admin-1" : "agency-1");
  actor->role = role;
  actor->agency_code = g_strdup (agency);
  return actor;
}

static AduanStatusEvent *
apply (AduanHubRecord       *record,
       AduanHubAction        action,
       const char           *json,
       const AduanHubDevice *actor,
       gint64                now,
       AduanHubWorkingDays  *calendar,
       GError              **error)
{
  g_autoptr(JsonNode) node = json != NULL ? json_from_string (json, NULL) : NULL;
  g_autoptr(AduanHubActionRequest) request = aduan_hub_action_request_from_json (action, node, error);

  if (request == NULL)
    return NULL;

  return aduan_hub_workflow_apply (record, request, actor, now, calendar, error);
}

/* Every step moves the status, starts or stops the clock as the table
 * says, and names its actor. */
static void
test_workflow (void)
{
  g_autoptr(AduanHubWorkingDays) calendar = aduan_hub_working_days_new (5, "+07:00", NULL);
  g_autoptr(AduanHubRecord) record = make_record ();
  g_autoptr(AduanHubDevice) device = aduan_hub_device_new ();
  g_autoptr(AduanHubDevice) admin = make_actor (ADUAN_HUB_ROLE_ADMIN, NULL);
  g_autoptr(AduanHubDevice) agency = make_actor (ADUAN_HUB_ROLE_AGENCY, "dishub");
  g_autoptr(AduanHubDevice) other = make_actor (ADUAN_HUB_ROLE_AGENCY, "dlh");
  g_autoptr(AduanStatusEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  gint64 monday = jakarta (2026, 11, 23, 9, 0);
  gint64 due;

  device->id = g_strdup ("dev-1");
  event = aduan_hub_workflow_receive (record, device, monday, calendar);
  g_assert_cmpint (event->kind, ==, ADUAN_STATUS_EVENT_RECEIVED);
  g_assert_cmpint (record->due_at, ==, jakarta (2026, 12, 1, 0, 0) - 1);
  g_clear_pointer (&event, aduan_status_event_free);

  event = apply (record, ADUAN_HUB_ACTION_RESPOND, "{\"message\": \"x\"}", admin, monday, calendar, &error);
  g_assert_error (error, ADUAN_HUB_ERROR, ADUAN_HUB_ERROR_INVALID_TRANSITION);
  g_assert_cmpint (aduan_hub_error_get_status (error), ==, 409);
  g_clear_error (&error);

  event = apply (record, ADUAN_HUB_ACTION_VERIFY, NULL, agency, monday, calendar, &error);
  g_assert_error (error, ADUAN_HUB_ERROR, ADUAN_HUB_ERROR_FORBIDDEN);
  g_clear_error (&error);

  event = apply (record, ADUAN_HUB_ACTION_VERIFY, NULL, admin, monday, calendar, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->status, ==, ADUAN_COMPLAINT_STATUS_VERIFIED);
  g_assert_cmpstr (event->actor, ==, "admin-1");
  g_clear_pointer (&event, aduan_status_event_free);

  /* Disposing restarts the clock for the agency. */
  event = apply (record, ADUAN_HUB_ACTION_DISPOSE, "{\"agency\": \"dishub\"}", admin, monday + 2 * G_TIME_SPAN_DAY, calendar, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->status, ==, ADUAN_COMPLAINT_STATUS_DISPOSED);
  g_assert_cmpint (record->due_at, ==, jakarta (2026, 12, 3, 0, 0) - 1);
  g_assert_cmpstr (event->agency_code, ==, "dishub");
  g_assert_cmpint (event->due_at, ==, record->due_at);
  g_clear_pointer (&event, aduan_status_event_free);
  g_assert_false (aduan_hub_record_is_overdue (record, jakarta (2026, 12, 2, 23, 0)));
  g_assert_true (aduan_hub_record_is_overdue (record, jakarta (2026, 12, 3, 0, 1)));

  event = apply (record, ADUAN_HUB_ACTION_RESPOND, "{\"message\": \"Ditangani\"}", other, monday, calendar, &error);
  g_assert_error (error, ADUAN_HUB_ERROR, ADUAN_HUB_ERROR_FORBIDDEN);
  g_clear_error (&error);

  due = record->due_at;
  event = apply (record, ADUAN_HUB_ACTION_RESPOND, "{\"message\": \"Ditangani\"}", agency, due + 1, calendar, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->status, ==, ADUAN_COMPLAINT_STATUS_IN_PROGRESS);
  g_assert_cmpint (record->first_response_at, ==, due + 1);
  g_assert_cmpint (record->due_at, ==, 0);
  g_assert_false (aduan_hub_record_is_overdue (record, due + G_TIME_SPAN_DAY));
  g_clear_pointer (&event, aduan_status_event_free);

  event = apply (record, ADUAN_HUB_ACTION_RESOLVE, NULL, agency, due + 2, calendar, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->resolved_at, ==, due + 2);
  g_assert_cmpint (record->first_response_at, ==, due + 1);
  g_clear_pointer (&event, aduan_status_event_free);

  event = apply (record, ADUAN_HUB_ACTION_REOPEN, NULL, agency, due + 3, calendar, &error);
  g_assert_error (error, ADUAN_HUB_ERROR, ADUAN_HUB_ERROR_FORBIDDEN);
  g_clear_error (&error);

  event = apply (record, ADUAN_HUB_ACTION_REOPEN, NULL, admin, due + 3, calendar, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->status, ==, ADUAN_COMPLAINT_STATUS_DISPOSED);
  g_assert_cmpint (record->resolved_at, ==, 0);
  g_assert_cmpint (record->due_at, >, due);
  g_clear_pointer (&event, aduan_status_event_free);

  event = apply (record, ADUAN_HUB_ACTION_REJECT, "{\"reason\": \"duplicate\", \"duplicate_of\": \"k7qm-2222\"}", admin, due, calendar, &error);
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD);
  g_clear_error (&error);
}

/* Status events survive their JSON form; a bad one names its field. */
static void
test_status_event_codec (void)
{
  g_autoptr(AduanStatusEvent) event = aduan_status_event_new ();
  g_autoptr(AduanStatusEvent) copy = NULL;
  g_autoptr(AduanStatusEvent) read = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) aduan_status_event_free);
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) feed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *next = NULL;
  gboolean more = FALSE;
  static const char * const bad[] = {
    "{\"uuid\": \"x\", \"event\": \"received\", \"status\": \"received\", \"at\": \"2026-11-23T09:00:00Z\"}",
    "{\"uuid\": \"2b1e6d3c-9f3a-4c55-8a1e-0d7f1b2c3d4e\", \"event\": \"exploded\", \"status\": \"received\", \"at\": \"2026-11-23T09:00:00Z\"}",
    "{\"uuid\": \"2b1e6d3c-9f3a-4c55-8a1e-0d7f1b2c3d4e\", \"event\": \"received\", \"status\": 3, \"at\": \"2026-11-23T09:00:00Z\"}",
    "{\"uuid\": \"2b1e6d3c-9f3a-4c55-8a1e-0d7f1b2c3d4e\", \"event\": \"received\", \"status\": \"received\", \"at\": \"tomorrow\"}",
  };

  event->complaint_uuid = g_strdup ("2b1e6d3c-9f3a-4c55-8a1e-0d7f1b2c3d4e");
  event->tracking_code = g_strdup ("K7QM-B4X9T");
  event->kind = ADUAN_STATUS_EVENT_REJECTED;
  event->status = ADUAN_COMPLAINT_STATUS_REJECTED;
  event->actor = g_strdup ("admin-1");
  event->at = jakarta (2026, 11, 23, 9, 0);
  event->message = g_strdup ("Sudah dilaporkan");
  event->reject_reason = ADUAN_REJECT_REASON_DUPLICATE;
  event->duplicate_of = g_strdup ("K7QM-2345X");

  node = aduan_status_event_to_json (event);
  read = aduan_status_event_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->complaint_uuid, ==, event->complaint_uuid);
  g_assert_cmpint (read->kind, ==, event->kind);
  g_assert_cmpint (read->status, ==, event->status);
  g_assert_cmpint (read->at, ==, event->at);
  g_assert_cmpint (read->reject_reason, ==, event->reject_reason);
  g_assert_cmpstr (read->duplicate_of, ==, event->duplicate_of);
  g_assert_cmpint (read->due_at, ==, 0);

  copy = aduan_status_event_copy (event);
  g_ptr_array_add (events, g_steal_pointer (&copy));
  feed = aduan_change_feed_to_json (events, "42", TRUE);
  text = json_to_string (feed, FALSE);
  g_assert_true (aduan_change_feed_parse (text, -1, &parsed, &next, &more, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (parsed->len, ==, 1);
  g_assert_cmpstr (next, ==, "42");
  g_assert_true (more);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) bad_node = json_from_string (bad[i], NULL);
      g_autoptr(AduanStatusEvent) bad_event = aduan_status_event_from_json (bad_node, &error);

      g_assert_null (bad_event);
      g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD);
      g_clear_error (&error);
    }

  g_assert_false (aduan_change_feed_parse ("{\"changes\": []}", -1, &parsed, &next, NULL, &error));
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  g_assert_false (aduan_change_feed_parse ("\xff", 1, &parsed, &next, NULL, &error));
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_JSON);
  g_clear_error (&error);

  /* A feed of nothing but brackets is refused, not a stack overflow. */
  {
    g_autofree char *deep = g_strnfill (500000, '[');

    g_assert_false (aduan_change_feed_parse (deep, -1, &parsed, &next, NULL, &error));
    g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_JSON);
  }
}

/* Tokens, codes and durations: formats people and programs rely on. */
static void
test_auth (void)
{
  g_autofree char *token = aduan_hub_auth_new_token ();
  g_autofree char *other = aduan_hub_auth_new_token ();
  g_autofree char *code = aduan_hub_auth_new_enroll_code ();
  g_autofree char *normalized = aduan_hub_auth_normalize_code ("k7qm b4x9-tq2r");
  g_autofree char *hash = aduan_hub_auth_hash_secret ("secret");
  g_autofree char *device = aduan_hub_auth_new_device_id (ADUAN_HUB_ROLE_KIOSK);
  g_autofree char *header = NULL;
  gint64 duration = 0;

  g_assert_true (g_str_has_prefix (token, "adn_"));
  g_assert_cmpuint (strlen (token), ==, 4 + 43);
  g_assert_cmpstr (token, !=, other);
  header = g_strconcat ("Bearer ", token, NULL);
  g_assert_cmpstr (aduan_hub_auth_parse_bearer (header), ==, token);

  g_assert_cmpuint (strlen (code), ==, 14);
  g_assert_true (code[4] == '-' && code[9] == '-');
  for (const char *p = code; *p != '\0'; p++)
    g_assert_true (*p == '-' || strchr ("23456789ABCDEFGHJKMNPQRSTVWXYZ", *p) != NULL);

  g_assert_cmpstr (normalized, ==, "K7QMB4X9TQ2R");
  g_assert_null (aduan_hub_auth_normalize_code ("K7QM;DROP"));
  g_assert_null (aduan_hub_auth_normalize_code ("--"));

  g_assert_cmpstr (hash, ==, "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b");
  g_assert_true (g_str_has_prefix (device, "kiosk-"));
  g_assert_true (aduan_hub_auth_is_safe_id (device));
  g_assert_false (aduan_hub_auth_is_safe_id ("../etc"));

  g_assert_null (aduan_hub_auth_parse_bearer ("Basic abc"));
  g_assert_null (aduan_hub_auth_parse_bearer ("Bearer "));
  g_assert_null (aduan_hub_auth_parse_bearer ("Bearer a b"));
  g_assert_null (aduan_hub_auth_parse_bearer (NULL));

  g_assert_true (aduan_hub_auth_parse_duration ("30m", &duration));
  g_assert_cmpint (duration, ==, 30 * 60 * G_USEC_PER_SEC);
  g_assert_true (aduan_hub_auth_parse_duration ("7d", &duration));
  g_assert_cmpint (duration, ==, 7 * G_TIME_SPAN_DAY);
  g_assert_true (aduan_hub_auth_parse_duration ("24h", &duration));
  g_assert_false (aduan_hub_auth_parse_duration ("0h", &duration));
  g_assert_false (aduan_hub_auth_parse_duration ("-1h", &duration));
  g_assert_false (aduan_hub_auth_parse_duration ("1w", &duration));
}

static void
add_summary (AduanHubStats        *stats,
             AduanComplaintStatus  status,
             const char           *agency,
             gint64                received,
             double                days_to_response,
             double                days_to_resolution)
{
  AduanHubSummary summary = { 0, };

  summary.status = status;
  summary.category = "waste";
  summary.channel = "sms";
  summary.agency_code = agency;
  summary.received_at = received;
  summary.first_response_at = days_to_response > 0 ? received + (gint64) (days_to_response * G_TIME_SPAN_DAY) : 0;
  summary.resolved_at = days_to_resolution > 0 ? received + (gint64) (days_to_resolution * G_TIME_SPAN_DAY) : 0;
  aduan_hub_stats_add (stats, &summary);
}

/* Means and medians in days; months in the hub's zone. */
static void
test_stats (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+07:00");
  g_autoptr(AduanHubStats) stats = aduan_hub_stats_new (zone, jakarta (2026, 12, 1, 0, 0));
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonObject *response;

  /* 30 Nov 23:30 in Jakarta is still November there. */
  add_summary (stats, ADUAN_COMPLAINT_STATUS_RESOLVED, "dlh", jakarta (2026, 11, 30, 23, 30), 1, 3);
  add_summary (stats, ADUAN_COMPLAINT_STATUS_IN_PROGRESS, "dlh", jakarta (2026, 11, 2, 8, 0), 2, 0);
  add_summary (stats, ADUAN_COMPLAINT_STATUS_IN_PROGRESS, NULL, jakarta (2026, 10, 2, 8, 0), 6, 0);
  add_summary (stats, ADUAN_COMPLAINT_STATUS_RECEIVED, NULL, jakarta (2026, 10, 3, 8, 0), 0, 0);

  node = aduan_hub_stats_to_json (stats);
  object = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (object, "total"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "by_month"), "2026-11"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "by_month"), "2026-10"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "by_agency"), "none"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "by_status"), "disposed"), ==, 0);

  response = json_object_get_object_member (object, "days_to_first_response");
  g_assert_cmpint (json_object_get_int_member (response, "count"), ==, 3);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (response, "mean"), 3.0, 0.01);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (response, "median"), 2.0, 0.01);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_object_get_object_member (object, "days_to_resolution"), "median"), 3.0, 0.01);
}

static void
write_po (const char *path)
{
  g_assert_true (g_file_set_contents (path,
                                      "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
                                      "msgid \"Track a complaint\"\nmsgstr \"Lacak pengaduan Anda\"\n\n"
                                      "msgid \"Untranslated\"\nmsgstr \"\"\n", -1, NULL));
}

/* The tracking page's Indonesian comes from the gettext catalogue when
 * there is one, else from its built-in table, else the English stays. */
static void
test_translation (void)
{
  g_autofree char *msgfmt = g_find_program_in_path ("msgfmt");
  g_autoptr(AduanHubTranslation) translation = aduan_hub_translation_new ();
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "po", NULL);
  g_autofree char *po = g_build_filename (dir, "id.po", NULL);
  g_autofree char *mo = g_build_filename (dir, "aduan.mo", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.mo", NULL);
  g_autoptr(GError) error = NULL;

  aduan_hub_translation_add_fallback (translation, "Track a complaint", "Lacak aduan");
  aduan_hub_translation_add_fallback (translation, "Track", "Lacak");
  g_assert_cmpstr (aduan_hub_translation_get (translation, "Track a complaint"), ==, "Lacak aduan");
  g_assert_cmpstr (aduan_hub_translation_get (translation, "Nothing"), ==, "Nothing");

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (junk, "\xde\x12\x04\x95\xff\xff\xff\xff\xff\xff\xff\xff", 12, NULL));
  g_assert_false (aduan_hub_translation_load_mo (translation, junk, &error));
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_CORRUPT);
  g_clear_error (&error);

  if (msgfmt == NULL)
    {
      g_test_skip ("msgfmt is not installed");
      return;
    }

  write_po (po);
  {
    g_autoptr(GSubprocess) process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, msgfmt, "-o", mo, po, NULL);

    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait_check (process, NULL, &error));
    g_assert_no_error (error);
  }

  g_assert_true (aduan_hub_translation_load_mo (translation, mo, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (aduan_hub_translation_get (translation, "Track a complaint"), ==, "Lacak pengaduan Anda");
  g_assert_cmpstr (aduan_hub_translation_get (translation, "Track"), ==, "Lacak");
  g_assert_cmpstr (aduan_hub_translation_get (translation, "Untranslated"), ==, "Untranslated");
}

/* Nesting is limited before json-glib's recursive parser sees a body;
 * brackets inside strings do not count. */
static void
test_json_depth (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new (NULL);
  const char *quoted = "{\"a\": \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"[[[[\"}";

  g_assert_true (_aduan_hub_server_check_json (quoted, strlen (quoted), &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 33; i++)
    g_string_append_c (deep, i % 2 ? '[' : '{');
  g_assert_false (_aduan_hub_server_check_json (deep->str, deep->len, &error));
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_JSON);
  g_clear_error (&error);

  g_assert_false (_aduan_hub_server_check_json ("\"\xc3\x28\"", 4, &error));
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_JSON);
}

/* The SQLite storage refuses a database from a newer hub, and a
 * clashing tracking code is a conflict. */
static void
test_storage_sqlite (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "storage", NULL);
  g_autofree char *path = g_build_filename (dir, "hub.sqlite", NULL);
  g_autoptr(AduanHubStorage) storage = NULL;
  g_autoptr(AduanHubStorage) again = NULL;
  g_autoptr(AduanHubRecord) record = make_record ();
  g_autoptr(AduanHubRecord) clash = make_record ();
  g_autoptr(AduanHubRecord) read = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  storage = aduan_hub_storage_sqlite_open (path, &error);
  g_assert_no_error (error);

  record->received_at = record->updated_at = 1;
  g_assert_true (aduan_hub_storage_add_record (storage, record, &error));
  g_assert_no_error (error);

  aduan_complaint_set_string (&clash->complaint->title, "Another");
  g_assert_false (aduan_hub_storage_add_record (storage, clash, &error));
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_CONFLICT);
  g_clear_error (&error);

  read = aduan_hub_storage_get_record_by_code (storage, record->complaint->tracking_code, &error);
  g_assert_no_error (error);
  g_assert_true (aduan_complaint_same_content (read->complaint, record->complaint));
  g_clear_object (&storage);

  /* Pretend a newer hub migrated it. */
  {
    g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", ADUAN_HUB_STORAGE_SQLITE_SCHEMA_VERSION + 1);
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }

  again = aduan_hub_storage_sqlite_open (path, &error);
  g_assert_null (again);
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_TOO_NEW);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hub/units/working-days/weekends", test_working_days_weekends);
  g_test_add_func ("/hub/units/working-days/holidays", test_working_days_holidays);
  g_test_add_func ("/hub/units/rate-limit", test_rate_limit);
  g_test_add_func ("/hub/units/workflow", test_workflow);
  g_test_add_func ("/hub/units/status-event-codec", test_status_event_codec);
  g_test_add_func ("/hub/units/auth", test_auth);
  g_test_add_func ("/hub/units/stats", test_stats);
  g_test_add_func ("/hub/units/translation", test_translation);
  g_test_add_func ("/hub/units/json-depth", test_json_depth);
  g_test_add_func ("/hub/units/storage-sqlite", test_storage_sqlite);

  return g_test_run ();
}
