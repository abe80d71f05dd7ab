/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "aduan-error.h"
#include "aduan-hub-error.h"
#include "aduan-hub-response.h"
#include "aduan-hub-server-private.h"
#include "aduan-hub-stats.h"
#include "aduan-hub-workflow.h"

/*
 * What offices do with admin and agency tokens: list and act on
 * complaints, look at photos, replace the catalog, read the figures.
 */

#define LIST_DEFAULT_LIMIT 100
#define LIST_MAX_LIMIT 500

static gboolean
parse_uint (const char *text,
            guint       max,
            guint      *out)
{
  guint64 value;
  char *end = NULL;

  if (text == NULL || !g_ascii_isdigit (*text) || strlen (text) > 9)
    return FALSE;

  value = g_ascii_strtoull (text, &end, 10);
  if (*end != '\0' || value > max)
    return FALSE;

  *out = (guint) value;
  return TRUE;
}

/* GET /v1/complaints?status=&overdue=true&agency=&limit=&offset= */
void
_aduan_hub_server_handle_complaints_list (AduanHubServer    *self,
                                          SoupServerMessage *msg,
                                          AduanHubRequest   *request,
                                          GHashTable        *query)
{
  AduanHubRecordQuery filter = ADUAN_HUB_RECORD_QUERY_INIT;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *status = query != NULL ? g_hash_table_lookup (query, "status") : NULL;
  const char *overdue = query != NULL ? g_hash_table_lookup (query, "overdue") : NULL;
  const char *agency = query != NULL ? g_hash_table_lookup (query, "agency") : NULL;
  const char *limit = query != NULL ? g_hash_table_lookup (query, "limit") : NULL;
  const char *offset = query != NULL ? g_hash_table_lookup (query, "offset") : NULL;
  gboolean is_agency = request->device->role == ADUAN_HUB_ROLE_AGENCY;
  gint64 now = _aduan_hub_now ();

  filter.limit = LIST_DEFAULT_LIMIT;

  if (status != NULL)
    {
      AduanComplaintStatus value;

      if (!aduan_complaint_status_from_string (status, &value))
        {
          aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_status",
                                 "status: not a known status");
          return;
        }
      filter.status = value;
    }

  if (overdue != NULL)
    {
      if (g_str_equal (overdue, "true") || g_str_equal (overdue, "1"))
        filter.overdue_at = now;
      else if (!g_str_equal (overdue, "false") && !g_str_equal (overdue, "0"))
        {
          aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_overdue",
                                 "overdue: must be true or false");
          return;
        }
    }

  if ((limit != NULL && (!parse_uint (limit, LIST_MAX_LIMIT, &filter.limit) || filter.limit == 0)) ||
      (offset != NULL && !parse_uint (offset, G_MAXINT32, &filter.offset)))
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_range",
                             "limit must be 1 to %d and offset a number", LIST_MAX_LIMIT);
      return;
    }

  /* An agency sees its own complaints, whatever it asks for. */
  filter.agency_code = is_agency ? request->device->agency_code : agency;
  if (is_agency && filter.agency_code == NULL)
    filter.agency_code = "";

  records = aduan_hub_storage_list_records (self->reader, &filter, &error);
  if (records == NULL)
    {
      aduan_hub_reply_gerror (msg, error);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "complaints");
  json_builder_begin_array (builder);
  for (guint i = 0; i < records->len; i++)
    json_builder_add_value (builder,
                            aduan_hub_record_to_json (g_ptr_array_index (records, i),
                                                      is_agency ? ADUAN_HUB_RECORD_VIEW_AGENCY
                                                                : ADUAN_HUB_RECORD_VIEW_FULL,
                                                      now, NULL, NULL));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "offset");
  json_builder_add_int_value (builder, filter.offset);
  json_builder_set_member_name (builder, "limit");
  json_builder_add_int_value (builder, filter.limit);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  aduan_hub_reply_json (msg, SOUP_STATUS_OK, node);
}

typedef struct
{
  AduanHubServer        *server;   /* (owned) */
  SoupServerMessage     *msg;      /* (owned) */
  AduanHubDevice        *actor;    /* (owned) */
  char                  *uuid;     /* (owned) */
  AduanHubActionRequest *action;   /* (owned) */
  AduanHubWorkingDays   *calendar; /* (unowned) */
  gint64                 now;
  AduanHubRecord        *record;   /* (owned) (nullable) after the step */
  GPtrArray             *events;   /* (owned) (nullable) */
} ActionJob;

static void
action_job_free (ActionJob *job)
{
  g_object_unref (job->server);
  g_object_unref (job->msg);
  aduan_hub_device_free (job->actor);
  g_free (job->uuid);
  aduan_hub_action_request_free (job->action);
  g_clear_pointer (&job->record, aduan_hub_record_free);
  g_clear_pointer (&job->events, g_ptr_array_unref);
  g_free (job);
}

/* Runs on the writer thread: reading the status and writing the step are
 * one transaction, so two admins clicking at once cannot both resolve. */
static gboolean
action_write (AduanHubStorage  *storage,
              gpointer          data,
              GError          **error)
{
  ActionJob *job = data;
  g_autoptr(AduanHubRecord) record = NULL;
  g_autoptr(AduanStatusEvent) event = NULL;

  record = aduan_hub_storage_get_record (storage, job->uuid, error);
  if (record == NULL)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, ADUAN_HUB_ERROR, ADUAN_HUB_ERROR_NOT_FOUND, "No complaint %s", job->uuid);
      return FALSE;
    }

  if (job->actor->role == ADUAN_HUB_ROLE_AGENCY &&
      g_strcmp0 (record->agency_code, job->actor->agency_code) != 0)
    {
      g_set_error (error, ADUAN_HUB_ERROR, ADUAN_HUB_ERROR_NOT_FOUND, "No complaint %s", job->uuid);
      return FALSE;
    }

  if (job->action->duplicate_of != NULL)
    {
      g_autoptr(AduanHubRecord) original = NULL;

      original = aduan_hub_storage_get_record_by_code (storage, job->action->duplicate_of, error);
      if (original == NULL)
        {
          if (error == NULL || *error == NULL)
            g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                         "duplicate_of: no complaint has the tracking code %s", job->action->duplicate_of);
          return FALSE;
        }
    }

  event = aduan_hub_workflow_apply (record, job->action, job->actor, job->now, job->calendar, error);
  if (event == NULL ||
      !aduan_hub_storage_update_record_state (storage, record, error) ||
      !aduan_hub_storage_add_event (storage, event, error))
    return FALSE;

  job->events = aduan_hub_storage_list_events (storage, job->uuid, error);
  if (job->events == NULL)
    return FALSE;

  job->record = g_steal_pointer (&record);
  return TRUE;
}

static void
action_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ActionJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!aduan_hub_writer_submit_finish (ADUAN_HUB_WRITER (source), result, &error))
    {
      aduan_hub_reply_gerror (job->msg, error);
      _aduan_hub_server_unpause (job->server, job->msg);
      return;
    }

  g_info ("Complaint %s: %s by %s", job->uuid, aduan_hub_action_to_string (job->action->action), job->actor->id);

  node = aduan_hub_record_to_json (job->record,
                                   job->actor->role == ADUAN_HUB_ROLE_AGENCY ? ADUAN_HUB_RECORD_VIEW_AGENCY
                                                                             : ADUAN_HUB_RECORD_VIEW_FULL,
                                   job->now, job->events, NULL);
  aduan_hub_reply_json (job->msg, SOUP_STATUS_OK, node);
  _aduan_hub_server_unpause (job->server, job->msg);
}

/* POST /v1/complaints/{uuid}/{verify|reject|dispose|respond|resolve|reopen} */
void
_aduan_hub_server_handle_action (AduanHubServer    *self,
                                 SoupServerMessage *msg,
                                 AduanHubRequest   *request)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanHubActionRequest) action = NULL;
  AduanHubAction kind;
  ActionJob *job;

  if (!g_uuid_string_is_valid (request->param))
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_uuid",
                             "The path must name the complaint by its UUID");
      return;
    }

  if (!aduan_hub_action_from_string (request->action, &kind))
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_NOT_FOUND, "unknown_action",
                             "The step must be verify, reject, dispose, respond, resolve or reopen");
      return;
    }

  /* What a liaison may never do is refused whatever the complaint. */
  if (request->device->role == ADUAN_HUB_ROLE_AGENCY &&
      kind != ADUAN_HUB_ACTION_RESPOND && kind != ADUAN_HUB_ACTION_RESOLVE)
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                             "An agency token cannot %s a complaint; ask the complaint admin",
                             aduan_hub_action_to_string (kind));
      return;
    }

  node = _aduan_hub_server_parse_json (msg, TRUE, &error);
  if (error != NULL)
    {
      aduan_hub_reply_gerror (msg, error);
      return;
    }

  action = aduan_hub_action_request_from_json (kind, node, &error);
  if (action == NULL)
    {
      aduan_hub_reply_gerror (msg, error);
      return;
    }

  if (action->agency_code != NULL && aduan_catalog_lookup_agency (self->catalog, action->agency_code) == NULL)
    {
      g_set_error (&error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   "agency: “%s” is not an agency in the catalog", action->agency_code);
      aduan_hub_reply_gerror (msg, error);
      return;
    }

  job = g_new0 (ActionJob, 1);
  job->server = g_object_ref (self);
  job->msg = g_object_ref (msg);
  job->actor = aduan_hub_device_copy (request->device);
  job->uuid = g_ascii_strdown (request->param, -1);
  job->action = g_steal_pointer (&action);
  job->calendar = self->calendar;
  job->now = _aduan_hub_now ();

  _aduan_hub_server_pause (self, msg);
  aduan_hub_writer_submit (self->writer, action_write, job, (GDestroyNotify) action_job_free,
                           action_done_cb, NULL);
}

static gboolean
is_sha256_hex (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;

  return TRUE;
}

/* GET /v1/photos/{sha256}: for admins only; photos show faces and homes. */
void
_aduan_hub_server_handle_photo (AduanHubServer    *self,
                                SoupServerMessage *msg,
                                AduanHubRequest   *request)
{
  g_autofree char *content_type = NULL;
  g_autofree char *path = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  if (!is_sha256_hex (request->param))
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_sha256",
                             "A photo is named by its SHA-256 in lower-case hex");
      return;
    }

  content_type = aduan_hub_storage_get_photo_type (self->reader, request->param, &error);
  if (error != NULL)
    {
      aduan_hub_reply_gerror (msg, error);
      return;
    }

  path = g_build_filename (self->photos_dir, request->param, NULL);
  if (content_type != NULL)
    file = g_mapped_file_new (path, FALSE, NULL);
  if (file == NULL)
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "The hub holds no such photo");
      return;
    }

  headers = soup_server_message_get_response_headers (msg);
  etag = g_strdup_printf ("\"%s\"", request->param);
  soup_message_headers_replace (headers, "ETag", etag);
  soup_message_headers_replace (headers, "Cache-Control", "private, max-age=31536000, immutable");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");

  bytes = g_mapped_file_get_bytes (file);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, content_type, NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
}

typedef struct
{
  AduanHubServer    *server;   /* (owned) */
  SoupServerMessage *msg;      /* (owned) */
  AduanCatalog      *catalog;  /* (owned) */
  char              *json;     /* (owned) */
  char              *etag;     /* (owned) */
  gint64             now;
} CatalogJob;

static void
catalog_job_free (CatalogJob *job)
{
  g_object_unref (job->server);
  g_object_unref (job->msg);
  g_object_unref (job->catalog);
  g_free (job->json);
  g_free (job->etag);
  g_free (job);
}

static gboolean
catalog_write (AduanHubStorage  *storage,
               gpointer          data,
               GError          **error)
{
  CatalogJob *job = data;

  return aduan_hub_storage_set_catalog (storage, job->json, job->etag, job->now, error);
}

static void
catalog_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CatalogJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!aduan_hub_writer_submit_finish (ADUAN_HUB_WRITER (source), result, &error))
    {
      aduan_hub_reply_gerror (job->msg, error);
      _aduan_hub_server_unpause (job->server, job->msg);
      return;
    }

  g_message ("Catalog replaced, now %s", job->etag);
  _aduan_hub_server_set_catalog (job->server, job->catalog, job->json, job->etag);
  soup_message_headers_replace (soup_server_message_get_response_headers (job->msg),
                                       "ETag", job->server->catalog_etag);
  aduan_hub_reply_text (job->msg, SOUP_STATUS_OK, ADUAN_HUB_JSON_TYPE, job->server->catalog_json);
  _aduan_hub_server_unpause (job->server, job->msg);
}

/* PUT /v1/catalog: replaces categories and agencies; If-Match guards
 * against two admins overwriting each other. */
void
_aduan_hub_server_handle_catalog_put (AduanHubServer    *self,
                                      SoupServerMessage *msg,
                                      AduanHubRequest   *request)
{
  g_autoptr(GBytes) body = _aduan_hub_server_get_body (msg);
  g_autoptr(AduanCatalog) catalog = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(GError) error = NULL;
  const char *if_match;
  const char *data;
  gsize length;
  CatalogJob *job;

  if_match = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                  "If-Match");
  if (if_match != NULL && !g_str_equal (if_match, "*") && !g_str_equal (if_match, self->catalog_etag))
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_PRECONDITION_FAILED, "catalog_changed",
                             "The catalog changed since you read it; read it again and redo your edit");
      return;
    }

  data = g_bytes_get_data (body, &length);
  if (length == 0)
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_json",
                             "The request needs a catalog as UTF-8 JSON");
      return;
    }

  if (!_aduan_hub_server_check_json (data, length, &error) ||
      (catalog = aduan_catalog_new_from_data (data, length, &error)) == NULL)
    {
      aduan_hub_reply_gerror (msg, error);
      return;
    }

  generator = json_generator_new ();
  node = aduan_catalog_to_json (catalog);
  json_generator_set_root (generator, node);

  job = g_new0 (CatalogJob, 1);
  job->server = g_object_ref (self);
  job->msg = g_object_ref (msg);
  job->catalog = g_steal_pointer (&catalog);
  job->json = json_generator_to_data (generator, NULL);
  job->etag = g_strdup (aduan_catalog_get_etag (job->catalog));
  job->now = _aduan_hub_now ();

  _aduan_hub_server_pause (self, msg);
  aduan_hub_writer_submit (self->writer, catalog_write, job, (GDestroyNotify) catalog_job_free,
                           catalog_done_cb, NULL);
}

static void
add_summary_cb (const AduanHubSummary *summary,
                gpointer               user_data)
{
  aduan_hub_stats_add (user_data, summary);
}

/* GET /v1/stats */
void
_aduan_hub_server_handle_stats (AduanHubServer    *self,
                                SoupServerMessage *msg,
                                AduanHubRequest   *request)
{
  g_autoptr(AduanHubStats) stats = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  AduanIkm ikm;

  stats = aduan_hub_stats_new (aduan_hub_working_days_get_timezone (self->calendar), _aduan_hub_now ());
  if (!aduan_hub_storage_foreach_summary (self->reader, add_summary_cb, stats, &error))
    {
      aduan_hub_reply_gerror (msg, error);
      return;
    }

  /* The community satisfaction index of every survey the hub holds. */
  if (!aduan_hub_storage_compute_ikm (self->reader, &ikm, &error))
    {
      aduan_hub_reply_gerror (msg, error);
      return;
    }

  node = aduan_hub_stats_to_json (stats);
  json_object_set_member (json_node_get_object (node), "ikm", aduan_ikm_to_json (&ikm));
  aduan_hub_reply_json (msg, SOUP_STATUS_OK, node);
}
