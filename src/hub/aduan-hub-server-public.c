/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "aduan-complaint.h"
#include "aduan-hub-open311.h"
#include "aduan-hub-response.h"
#include "aduan-hub-server-private.h"
#include "aduan-tracking-code.h"

/*
 * What anyone may read without a token: the catalog, the tracking page
 * and Open311. None of it carries personal data, and confidential
 * complaints show nothing but their status on the tracking page.
 */

#define HTML_TYPE "text/html; charset=utf-8"
#define MAX_REQUEST_IDS 100

/* GET /v1/catalog, with If-None-Match → 304 so kiosks can poll it cheaply. */
void
_aduan_hub_server_handle_catalog_get (AduanHubServer    *self,
                                      SoupServerMessage *msg,
                                      AduanHubRequest   *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *if_none_match;

  if_none_match = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                       "If-None-Match");

  if (if_none_match != NULL)
    {
      g_auto(GStrv) tags = g_strsplit (if_none_match, ",", -1);

      for (guint i = 0; tags[i] != NULL; i++)
        {
          const char *tag = g_strstrip (tags[i]);

          if (g_str_has_prefix (tag, "W/"))
            tag += 2;
          if (g_str_equal (tag, "*") || g_str_equal (tag, self->catalog_etag))
            {
              soup_message_headers_replace (headers, "ETag", self->catalog_etag);
              soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
              return;
            }
        }
    }

  soup_message_headers_replace (headers, "ETag", self->catalog_etag);
  aduan_hub_reply_text (msg, SOUP_STATUS_OK, ADUAN_HUB_JSON_TYPE, self->catalog_json);
  /* Always revalidate: an admin may replace it at any time. */
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
}

static gboolean
wants_html (SoupServerMessage *msg)
{
  const char *accept = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                            "Accept");

  return accept != NULL && strstr (accept, "text/html") != NULL;
}

static void
reply_html (SoupServerMessage *msg,
            guint              status,
            char              *html)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  aduan_hub_reply_text (msg, status, HTML_TYPE, html);
  soup_message_headers_replace (headers, "Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  g_free (html);
}

/* A browser gets the page with the problem on it; a program gets JSON. */
static void
reply_track_problem (AduanHubServer       *self,
                     SoupServerMessage    *msg,
                     const char           *typed,
                     AduanHubTrackProblem  problem)
{
  guint status = problem == ADUAN_HUB_TRACK_PROBLEM_NOT_FOUND ? SOUP_STATUS_NOT_FOUND : SOUP_STATUS_BAD_REQUEST;

  if (wants_html (msg))
    reply_html (msg, status, aduan_hub_track_page_render_form (self->track_page, typed, problem));
  else if (problem == ADUAN_HUB_TRACK_PROBLEM_NOT_FOUND)
    aduan_hub_reply_error (msg, status, "not_found", "No complaint has this tracking code");
  else
    aduan_hub_reply_error (msg, status, "invalid_tracking_code", "This is not a valid tracking code");
}

static void
add_time_member (JsonBuilder *builder,
                 const char  *name,
                 gint64       usec)
{
  json_builder_set_member_name (builder, name);
  if (usec != 0)
    {
      g_autofree char *text = aduan_format_time_iso8601 (usec);

      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
}

/* GET /v1/track/{code}: the tracking page's facts for a program, such as
 * a kiosk's "Check my report". No token: the code is the secret, as on
 * the page. The history is what happened and when, never who or what was
 * written; a confidential complaint shows its status only. */
static void
handle_track_json (AduanHubServer    *self,
                   SoupServerMessage *msg,
                   AduanHubRequest   *request)
{
  g_autoptr(AduanHubRecord) record = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *code = NULL;

  code = aduan_tracking_code_normalize (request->param, NULL);
  if (code == NULL)
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_tracking_code",
                             "This is not a valid tracking code");
      return;
    }

  record = aduan_hub_storage_get_record_by_code (self->reader, code, &error);
  if (error != NULL)
    {
      aduan_hub_reply_gerror (msg, error);
      return;
    }
  if (record == NULL)
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No complaint has this tracking code");
      return;
    }

  if (!record->complaint->confidential)
    {
      events = aduan_hub_storage_list_events (self->reader, record->complaint->uuid, &error);
      if (events == NULL)
        {
          aduan_hub_reply_gerror (msg, error);
          return;
        }
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "tracking_code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, aduan_complaint_status_to_string (record->status));
  /* A confidential complaint's last change would date its handling. */
  add_time_member (builder, "updated_at", record->complaint->confidential ? 0 : record->updated_at);
  json_builder_set_member_name (builder, "history");
  json_builder_begin_array (builder);
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      const AduanStatusEvent *event = g_ptr_array_index (events, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "event");
      json_builder_add_string_value (builder, aduan_status_event_kind_to_string (event->kind));
      add_time_member (builder, "at", event->at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  aduan_hub_reply_json (msg, SOUP_STATUS_OK, root);
  /* The status changes; a shared cache must not keep an old one. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
}

/* GET /track, GET /track?code=…, GET /track/{code}, GET /v1/track/{code} */
void
_aduan_hub_server_handle_track (AduanHubServer    *self,
                                SoupServerMessage *msg,
                                AduanHubRequest   *request,
                                GHashTable        *query)
{
  g_autoptr(AduanHubRecord) record = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  const char *typed;

  if (request->route == ADUAN_HUB_ROUTE_TRACK_FORM)
    {
      typed = query != NULL ? g_hash_table_lookup (query, "code") : NULL;
      if (typed == NULL || *typed == '\0')
        {
          reply_html (msg, SOUP_STATUS_OK,
                      aduan_hub_track_page_render_form (self->track_page, NULL, ADUAN_HUB_TRACK_PROBLEM_NONE));
          return;
        }

      code = aduan_tracking_code_normalize (typed, NULL);
      if (code == NULL)
        {
          reply_track_problem (self, msg, typed, ADUAN_HUB_TRACK_PROBLEM_INVALID_CODE);
          return;
        }

      /* The form's answer gets its own address, to bookmark and share. */
      {
        g_autofree char *location = g_strconcat ("/track/", code, NULL);

        soup_server_message_set_redirect (msg, SOUP_STATUS_SEE_OTHER, location);
      }
      return;
    }

  if (g_str_equal (request->segments[0], "v1"))
    {
      handle_track_json (self, msg, request);
      return;
    }

  typed = request->param;
  code = aduan_tracking_code_normalize (typed, NULL);
  if (code == NULL)
    {
      reply_track_problem (self, msg, typed, ADUAN_HUB_TRACK_PROBLEM_INVALID_CODE);
      return;
    }

  record = aduan_hub_storage_get_record_by_code (self->reader, code, &error);
  if (error != NULL)
    {
      aduan_hub_reply_gerror (msg, error);
      return;
    }
  if (record == NULL)
    {
      reply_track_problem (self, msg, code, ADUAN_HUB_TRACK_PROBLEM_NOT_FOUND);
      return;
    }

  if (!record->complaint->confidential)
    {
      events = aduan_hub_storage_list_events (self->reader, record->complaint->uuid, &error);
      if (events == NULL)
        {
          aduan_hub_reply_gerror (msg, error);
          return;
        }
    }

  reply_html (msg, SOUP_STATUS_OK,
              aduan_hub_track_page_render (self->track_page, record, events, self->catalog, _aduan_hub_now ()));
}

static gboolean
parse_date (const char *text,
            GTimeZone  *timezone,
            gint64     *out)
{
  g_autoptr(GDateTime) date = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL) || strlen (text) > 40)
    return FALSE;

  /* GeoReport dates carry their offset; a bare one is read in the hub's
   * zone rather than refused. */
  date = g_date_time_new_from_iso8601 (text, timezone);
  if (date == NULL)
    {
      g_autofree char *midnight = g_strconcat (text, "T00:00:00", NULL);

      date = g_date_time_new_from_iso8601 (midnight, timezone);
    }
  if (date == NULL)
    return FALSE;

  *out = g_date_time_to_unix (date) * G_USEC_PER_SEC;
  return TRUE;
}

static void
reply_requests (AduanHubServer    *self,
                SoupServerMessage *msg,
                GPtrArray         *records)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  GTimeZone *timezone = aduan_hub_working_days_get_timezone (self->calendar);

  json_builder_begin_array (builder);
  for (guint i = 0; i < records->len; i++)
    {
      const AduanHubRecord *record = g_ptr_array_index (records, i);
      g_autoptr(GPtrArray) events = NULL;

      events = aduan_hub_storage_list_events (self->reader, record->complaint->uuid, NULL);
      aduan_hub_open311_add_request (builder, record, events, self->catalog, timezone);
    }
  json_builder_end_array (builder);

  node = json_builder_get_root (builder);
  aduan_hub_reply_json (msg, SOUP_STATUS_OK, node);
}

static void
handle_requests (AduanHubServer    *self,
                 SoupServerMessage *msg,
                 GHashTable        *query)
{
  AduanHubRecordQuery filter = ADUAN_HUB_RECORD_QUERY_INIT;
  GTimeZone *timezone = aduan_hub_working_days_get_timezone (self->calendar);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  const char *ids = query != NULL ? g_hash_table_lookup (query, "service_request_id") : NULL;
  const char *service_code = query != NULL ? g_hash_table_lookup (query, "service_code") : NULL;
  const char *start = query != NULL ? g_hash_table_lookup (query, "start_date") : NULL;
  const char *end = query != NULL ? g_hash_table_lookup (query, "end_date") : NULL;
  const char *status = query != NULL ? g_hash_table_lookup (query, "status") : NULL;

  filter.public_only = TRUE;
  filter.limit = ADUAN_HUB_OPEN311_MAX_REQUESTS;

  if (ids != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (ids, ",", MAX_REQUEST_IDS + 1);

      if (g_strv_length (parts) > MAX_REQUEST_IDS)
        {
          aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "too_many_ids",
                                 "Ask for at most %d service_request_id at once", MAX_REQUEST_IDS);
          return;
        }

      for (guint i = 0; parts[i] != NULL; i++)
        {
          char *code = aduan_tracking_code_normalize (g_strstrip (parts[i]), NULL);

          if (code == NULL)
            {
              aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_tracking_code",
                                     "service_request_id: not a list of tracking codes");
              return;
            }
          g_ptr_array_add (codes, code);
        }
      g_ptr_array_add (codes, NULL);
      filter.tracking_codes = (const char * const *) codes->pdata;
    }

  if (service_code != NULL)
    {
      if (aduan_catalog_lookup_category (self->catalog, service_code) == NULL)
        {
          aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_service_code",
                                 "service_code: not a service of this hub");
          return;
        }
      filter.service_code = service_code;
    }

  if ((start != NULL && !parse_date (start, timezone, &filter.received_after)) ||
      (end != NULL && !parse_date (end, timezone, &filter.received_before)))
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_date",
                             "start_date and end_date are dates such as 2026-03-05T00:00:00+07:00");
      return;
    }

  if (status != NULL)
    {
      if (g_str_equal (status, "open"))
        filter.closed = 0;
      else if (g_str_equal (status, "closed"))
        filter.closed = 1;
      else
        {
          aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_status",
                                 "status: must be open or closed");
          return;
        }
    }

  if (ids == NULL && start == NULL && end == NULL)
    filter.received_after = _aduan_hub_now () - (gint64) ADUAN_HUB_OPEN311_DEFAULT_DAYS * 86400 * G_USEC_PER_SEC;

  records = aduan_hub_storage_list_records (self->reader, &filter, &error);
  if (records == NULL)
    {
      aduan_hub_reply_gerror (msg, error);
      return;
    }

  reply_requests (self, msg, records);
}

/* GET /open311/v2/services.json, requests.json, requests/{id}.json */
void
_aduan_hub_server_handle_open311 (AduanHubServer    *self,
                                  SoupServerMessage *msg,
                                  AduanHubRequest   *request,
                                  GHashTable        *query)
{
  switch (request->route)
    {
    case ADUAN_HUB_ROUTE_OPEN311_SERVICES:
      {
        g_autoptr(JsonNode) node = aduan_hub_open311_services (self->catalog);

        aduan_hub_reply_json (msg, SOUP_STATUS_OK, node);
        return;
      }

    case ADUAN_HUB_ROUTE_OPEN311_REQUESTS:
      handle_requests (self, msg, query);
      return;

    case ADUAN_HUB_ROUTE_OPEN311_REQUEST:
      {
        g_autoptr(AduanHubRecord) record = NULL;
        g_autoptr(GPtrArray) records = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *id = NULL;
        g_autofree char *code = NULL;

        if (!g_str_has_suffix (request->param, ".json"))
          {
            aduan_hub_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                                   "This hub serves GeoReport as JSON only: …/requests/ID.json");
            return;
          }

        id = g_strndup (request->param, strlen (request->param) - strlen (".json"));
        code = aduan_tracking_code_normalize (id, NULL);
        if (code == NULL)
          {
            aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_tracking_code",
                                   "service_request_id: not a tracking code");
            return;
          }

        record = aduan_hub_storage_get_record_by_code (self->reader, code, &error);
        if (error != NULL)
          {
            aduan_hub_reply_gerror (msg, error);
            return;
          }

        /* A confidential complaint does not exist as far as Open311 goes. */
        if (record == NULL || record->complaint->confidential)
          {
            aduan_hub_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such service request");
            return;
          }

        records = g_ptr_array_new_with_free_func ((GDestroyNotify) aduan_hub_record_free);
        g_ptr_array_add (records, g_steal_pointer (&record));
        reply_requests (self, msg, records);
        return;
      }

    default:
      g_assert_not_reached ();
    }
}
