/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "aduan-error.h"
#include "aduan-hub-auth.h"
#include "aduan-hub-error.h"
#include "aduan-hub-response.h"
#include "aduan-hub-server-private.h"
#include "aduan-hub-workflow.h"
#include "aduan-survey.h"
#include "aduan-tracking-code.h"
#include "aduan-tus-client.h"

/*
 * What devices do: enroll, send complaints and satisfaction surveys, read
 * the change feed.
 */

#define ENROLL_NAME_MAX_CHARS 200
#define CHANGES_DEFAULT_LIMIT 100
#define CHANGES_MAX_LIMIT 500
#define MAX_PREFIX_TRIES 20

/* Parses a non-negative decimal that fits a gint64, strictly. */
static gboolean
parse_count (const char *text,
             gint64      max,
             gint64     *out)
{
  guint64 value;
  char *end = NULL;

  if (text == NULL || !g_ascii_isdigit (*text) || strlen (text) > 18)
    return FALSE;

  value = g_ascii_strtoull (text, &end, 10);
  if (*end != '\0' || value > (guint64) max)
    return FALSE;

  *out = (gint64) value;
  return TRUE;
}

typedef struct
{
  AduanHubServer    *server;      /* (owned) */
  SoupServerMessage *msg;         /* (owned) */
  char              *code_hash;   /* (owned) */
  char              *token;       /* (owned) */
  char              *token_hash;  /* (owned) */
  AduanHubDevice    *device;      /* (owned) */
} EnrollJob;

static void
enroll_job_free (EnrollJob *job)
{
  g_object_unref (job->server);
  g_object_unref (job->msg);
  g_free (job->code_hash);
  g_free (job->token);
  g_free (job->token_hash);
  aduan_hub_device_free (job->device);
  g_free (job);
}

static gboolean
enroll_write (AduanHubStorage  *storage,
              gpointer          data,
              GError          **error)
{
  EnrollJob *job = data;
  g_autofree char *code_name = NULL;
  AduanHubRole role;

  if (!aduan_hub_storage_use_enroll_code (storage, job->code_hash, job->device->created_at,
                                          &code_name, &role, error))
    return FALSE;

  job->device->role = role;
  if (job->device->name == NULL)
    job->device->name = g_steal_pointer (&code_name);
  job->device->id = aduan_hub_auth_new_device_id (role);

  /* A prefix no other device has, so tracking codes never clash across
   * devices; a clash with a taken one is simply drawn again. */
  for (guint i = 0; ; i++)
    {
      g_autoptr(GError) local_error = NULL;

      g_free (job->device->tracking_prefix);
      job->device->tracking_prefix = aduan_tracking_code_make_prefix ();
      if (aduan_hub_storage_add_device (storage, job->device, job->token_hash, &local_error))
        return TRUE;

      if (i >= MAX_PREFIX_TRIES || !g_error_matches (local_error, ADUAN_ERROR, ADUAN_ERROR_CONFLICT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
}

static void
enroll_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  EnrollJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!aduan_hub_writer_submit_finish (ADUAN_HUB_WRITER (source), result, &error))
    {
      aduan_hub_reply_gerror (job->msg, error);
      _aduan_hub_server_unpause (job->server, job->msg);
      return;
    }

  g_message ("Enrolled device %s as %s", job->device->id, aduan_hub_role_to_string (job->device->role));

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "device_id");
  json_builder_add_string_value (builder, job->device->id);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, job->token);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, aduan_hub_role_to_string (job->device->role));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, job->device->name);
  json_builder_set_member_name (builder, "tracking_prefix");
  json_builder_add_string_value (builder, job->device->tracking_prefix);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  aduan_hub_reply_json (job->msg, SOUP_STATUS_CREATED, node);
  _aduan_hub_server_unpause (job->server, job->msg);
}

/* POST /v1/enroll {"code": "K7QM-B4X9-TQ2R", "name": "…"} */
void
_aduan_hub_server_handle_enroll (AduanHubServer    *self,
                                 SoupServerMessage *msg,
                                 AduanHubRequest   *request)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  JsonObject *object;
  JsonNode *code_node;
  JsonNode *name_node;
  EnrollJob *job;

  node = _aduan_hub_server_parse_json (msg, FALSE, &error);
  if (node == NULL)
    {
      aduan_hub_reply_gerror (msg, error);
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_json", "The body must be a JSON object");
      return;
    }
  object = json_node_get_object (node);

  code_node = json_object_get_member (object, "code");
  if (code_node == NULL || !JSON_NODE_HOLDS_VALUE (code_node) ||
      json_node_get_value_type (code_node) != G_TYPE_STRING ||
      (code = aduan_hub_auth_normalize_code (json_node_get_string (code_node))) == NULL)
    {
      g_set_error_literal (&error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                           "code: give the enrollment code the admin made");
      aduan_hub_reply_gerror (msg, error);
      return;
    }

  name_node = json_object_get_member (object, "name");
  if (name_node != NULL && !JSON_NODE_HOLDS_NULL (name_node) &&
      (!JSON_NODE_HOLDS_VALUE (name_node) || json_node_get_value_type (name_node) != G_TYPE_STRING ||
       g_utf8_strlen (json_node_get_string (name_node), -1) > ENROLL_NAME_MAX_CHARS))
    {
      g_set_error (&error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   "name: must be a string of at most %d characters", ENROLL_NAME_MAX_CHARS);
      aduan_hub_reply_gerror (msg, error);
      return;
    }

  job = g_new0 (EnrollJob, 1);
  job->server = g_object_ref (self);
  job->msg = g_object_ref (msg);
  job->code_hash = aduan_hub_auth_hash_secret (code);
  job->token = aduan_hub_auth_new_token ();
  job->token_hash = aduan_hub_auth_hash_secret (job->token);
  job->device = aduan_hub_device_new ();
  job->device->created_at = _aduan_hub_now ();
  if (name_node != NULL && !JSON_NODE_HOLDS_NULL (name_node) && *json_node_get_string (name_node) != '\0')
    job->device->name = g_strdup (json_node_get_string (name_node));

  _aduan_hub_server_pause (self, msg);
  aduan_hub_writer_submit (self->writer, enroll_write, job, (GDestroyNotify) enroll_job_free,
                           enroll_done_cb, NULL);
}

typedef struct
{
  AduanHubServer      *server;       /* (owned) */
  SoupServerMessage   *msg;          /* (owned) */
  AduanHubDevice      *device;       /* (owned) */
  AduanComplaint      *incoming;     /* (owned) */
  AduanHubWorkingDays *calendar;     /* (unowned) lives as long as the server */
  gint64               now;
  gboolean             created;
  AduanHubRecord      *record;       /* (owned) (nullable) what is stored now */
  GPtrArray           *photos_held;  /* (owned) (nullable) */
  gboolean             offer_uploads;
  gint64               upload_expiry;
  GPtrArray           *offered;      /* (owned) (nullable) AduanHubUpload made for missing photos */
} PutJob;

static void
put_job_free (PutJob *job)
{
  g_object_unref (job->server);
  g_object_unref (job->msg);
  aduan_hub_device_free (job->device);
  aduan_complaint_free (job->incoming);
  g_clear_pointer (&job->record, aduan_hub_record_free);
  g_clear_pointer (&job->photos_held, g_ptr_array_unref);
  g_clear_pointer (&job->offered, g_ptr_array_unref);
  g_free (job);
}

/* Asked with `?uploads=create`: a tus upload for each photo the hub still
 * lacks, made in the same transaction, so the device can PATCH at once
 * instead of spending a round trip on each POST. */
static gboolean
offer_uploads (AduanHubStorage  *storage,
               PutJob           *job,
               GError          **error)
{
  GPtrArray *photos = job->incoming->photos;

  job->offered = g_ptr_array_new_with_free_func ((GDestroyNotify) aduan_hub_upload_free);

  for (guint i = 0; photos != NULL && i < photos->len; i++)
    {
      const AduanPhotoRef *ref = g_ptr_array_index (photos, i);
      g_autoptr(AduanHubUpload) upload = NULL;

      if (g_ptr_array_find_with_equal_func (job->photos_held, ref->sha256, g_str_equal, NULL))
        continue;

      upload = aduan_hub_upload_new ();
      upload->id = aduan_hub_auth_new_id ("", ADUAN_HUB_UPLOAD_ID_BYTES);
      upload->device_id = g_strdup (job->device->id);
      upload->complaint_uuid = g_ascii_strdown (job->incoming->uuid, -1);
      upload->sha256 = g_ascii_strdown (ref->sha256, -1);
      upload->length = ref->size;
      upload->content_type = g_strdup (ref->content_type != NULL ? ref->content_type : "image/jpeg");
      upload->metadata = aduan_tus_build_metadata ("complaint", upload->complaint_uuid,
                                                   "sha256", upload->sha256, NULL);
      upload->created_at = job->now;
      upload->expires_at = job->now + job->upload_expiry;

      if (!aduan_hub_storage_add_upload (storage, upload, error))
        return FALSE;
      g_ptr_array_add (job->offered, g_steal_pointer (&upload));
    }

  return TRUE;
}

/* Runs on the writer thread: the lookup and the insert are one
 * transaction, so two devices racing with one UUID cannot both create. */
static gboolean
put_write (AduanHubStorage  *storage,
           gpointer          data,
           GError          **error)
{
  PutJob *job = data;
  g_autoptr(AduanHubRecord) existing = NULL;
  g_autoptr(AduanHubRecord) record = NULL;
  g_autoptr(AduanStatusEvent) event = NULL;
  g_autoptr(GError) local_error = NULL;

  existing = aduan_hub_storage_get_record (storage, job->incoming->uuid, error);
  if (existing == NULL && error != NULL && *error != NULL)
    return FALSE;

  if (existing != NULL)
    {
      if (!aduan_complaint_same_content (existing->complaint, job->incoming))
        {
          g_set_error (error, ADUAN_HUB_ERROR, ADUAN_HUB_ERROR_CONFLICT,
                       "A different complaint is already stored under UUID %s; "
                       "a changed complaint needs a new UUID", job->incoming->uuid);
          return FALSE;
        }

      job->record = g_steal_pointer (&existing);
    }
  else
    {
      record = aduan_hub_record_new (aduan_complaint_copy (job->incoming));
      event = aduan_hub_workflow_receive (record, job->device, job->now, job->calendar);

      if (!aduan_hub_storage_add_record (storage, record, &local_error))
        {
          if (g_error_matches (local_error, ADUAN_ERROR, ADUAN_ERROR_CONFLICT))
            g_set_error (error, ADUAN_HUB_ERROR, ADUAN_HUB_ERROR_CONFLICT,
                         "The tracking code %s already belongs to another complaint",
                         job->incoming->tracking_code);
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      if (!aduan_hub_storage_add_event (storage, event, error))
        return FALSE;

      job->created = TRUE;
      job->record = g_steal_pointer (&record);
    }

  job->photos_held = aduan_hub_storage_list_attached_photos (storage, job->incoming->uuid, error);
  if (job->photos_held == NULL)
    return FALSE;

  return !job->offer_uploads || offer_uploads (storage, job, error);
}

static void
put_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  PutJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!aduan_hub_writer_submit_finish (ADUAN_HUB_WRITER (source), result, &error))
    {
      aduan_hub_reply_gerror (job->msg, error);
      _aduan_hub_server_unpause (job->server, job->msg);
      return;
    }

  if (job->created)
    g_info ("Complaint %s received from device %s", job->incoming->uuid, job->device->id);

  node = aduan_hub_record_to_json (job->record, ADUAN_HUB_RECORD_VIEW_FULL, job->now, NULL, job->photos_held);
  if (job->offered != NULL)
    {
      JsonObject *uploads = json_object_new ();

      /* SHA-256 → the upload's relative URL, as a POST's Location. */
      for (guint i = 0; i < job->offered->len; i++)
        {
          const AduanHubUpload *upload = g_ptr_array_index (job->offered, i);
          g_autofree char *location = g_strconcat ("/v1/uploads/", upload->id, NULL);

          json_object_set_string_member (uploads, upload->sha256, location);
        }
      json_object_set_object_member (json_node_get_object (node), "uploads", uploads);
    }
  aduan_hub_reply_json (job->msg, job->created ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, node);
  _aduan_hub_server_unpause (job->server, job->msg);
}

/* PUT /v1/complaints/{uuid} */
void
_aduan_hub_server_handle_complaint_put (AduanHubServer    *self,
                                        SoupServerMessage *msg,
                                        AduanHubRequest   *request)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(AduanComplaint) complaint = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length;
  PutJob *job;

  if (!g_uuid_string_is_valid (request->param))
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_uuid",
                             "The last part of the path must be the complaint’s UUID");
      return;
    }

  body = _aduan_hub_server_get_body (msg);
  data = g_bytes_get_data (body, &length);
  if (length == 0)
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_json", "The request needs a JSON body");
      return;
    }

  if (!_aduan_hub_server_check_json (data, length, &error) ||
      (complaint = aduan_complaint_from_data (data, length, &error)) == NULL)
    {
      aduan_hub_reply_gerror (msg, error);
      return;
    }

  if (g_ascii_strcasecmp (complaint->uuid, request->param) != 0)
    {
      g_set_error (&error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   "uuid: %s does not match the UUID in the path", complaint->uuid);
      aduan_hub_reply_gerror (msg, error);
      return;
    }

  if (!aduan_complaint_validate (complaint, self->catalog, self->areas, &error))
    {
      aduan_hub_reply_gerror (msg, error);
      return;
    }

  job = g_new0 (PutJob, 1);
  job->server = g_object_ref (self);
  job->msg = g_object_ref (msg);
  job->device = aduan_hub_device_copy (request->device);
  job->incoming = g_steal_pointer (&complaint);
  job->calendar = self->calendar;
  job->now = _aduan_hub_now ();
  job->upload_expiry = self->config->upload_expiry;
  {
    const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
    g_autoptr(GHashTable) params = query != NULL ? g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL)
                                                 : NULL;

    job->offer_uploads = params != NULL && g_strcmp0 (g_hash_table_lookup (params, "uploads"), "create") == 0;
  }

  _aduan_hub_server_pause (self, msg);
  aduan_hub_writer_submit (self->writer, put_write, job, (GDestroyNotify) put_job_free, put_done_cb, NULL);
}

typedef struct
{
  AduanHubServer    *server;    /* (owned) */
  SoupServerMessage *msg;       /* (owned) */
  char              *device_id; /* (owned) */
  AduanSurvey       *incoming;  /* (owned) */
  gint64             now;
  gboolean           created;
} SurveyJob;

static void
survey_job_free (SurveyJob *job)
{
  g_object_unref (job->server);
  g_object_unref (job->msg);
  g_free (job->device_id);
  aduan_survey_free (job->incoming);
  g_free (job);
}

/* On the writer thread: lookup and insert in one transaction, as for
 * complaints. */
static gboolean
survey_write (AduanHubStorage  *storage,
              gpointer          data,
              GError          **error)
{
  SurveyJob *job = data;
  g_autoptr(AduanSurvey) existing = NULL;
  g_autoptr(GError) local_error = NULL;

  existing = aduan_hub_storage_get_survey (storage, job->incoming->uuid, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (existing != NULL)
    {
      if (!aduan_survey_same_content (existing, job->incoming))
        {
          g_set_error (error, ADUAN_HUB_ERROR, ADUAN_HUB_ERROR_CONFLICT,
                       "A different survey is already stored under UUID %s; "
                       "a changed survey needs a new UUID", job->incoming->uuid);
          return FALSE;
        }
      return TRUE;
    }

  if (!aduan_hub_storage_add_survey (storage, job->incoming, job->device_id, job->now, error))
    return FALSE;

  job->created = TRUE;
  return TRUE;
}

static void
survey_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SurveyJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!aduan_hub_writer_submit_finish (ADUAN_HUB_WRITER (source), result, &error))
    {
      aduan_hub_reply_gerror (job->msg, error);
      _aduan_hub_server_unpause (job->server, job->msg);
      return;
    }

  if (job->created)
    g_info ("Survey %s received from device %s", job->incoming->uuid, job->device_id);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "survey");
  json_builder_add_value (builder, aduan_survey_to_json (job->incoming));
  json_builder_set_member_name (builder, "device_id");
  json_builder_add_string_value (builder, job->device_id);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  aduan_hub_reply_json (job->msg, job->created ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, node);
  _aduan_hub_server_unpause (job->server, job->msg);
}

/* PUT /v1/surveys/{uuid}: idempotent like a complaint's PUT. */
void
_aduan_hub_server_handle_survey_put (AduanHubServer    *self,
                                     SoupServerMessage *msg,
                                     AduanHubRequest   *request)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(AduanSurvey) survey = NULL;
  g_autoptr(GError) error = NULL;
  SurveyJob *job;

  if (!g_uuid_string_is_valid (request->param))
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_uuid",
                             "The last part of the path must be the survey’s UUID");
      return;
    }

  root = _aduan_hub_server_parse_json (msg, FALSE, &error);
  if (root == NULL ||
      (survey = aduan_survey_from_json (root, &error)) == NULL ||
      !aduan_survey_validate (survey, &error))
    {
      aduan_hub_reply_gerror (msg, error);
      return;
    }

  if (g_ascii_strcasecmp (survey->uuid, request->param) != 0)
    {
      g_set_error (&error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   "uuid: %s does not match the UUID in the path", survey->uuid);
      aduan_hub_reply_gerror (msg, error);
      return;
    }

  job = g_new0 (SurveyJob, 1);
  job->server = g_object_ref (self);
  job->msg = g_object_ref (msg);
  job->device_id = g_strdup (request->device->id);
  job->incoming = g_steal_pointer (&survey);
  job->now = _aduan_hub_now ();

  _aduan_hub_server_pause (self, msg);
  aduan_hub_writer_submit (self->writer, survey_write, job, (GDestroyNotify) survey_job_free,
                           survey_done_cb, NULL);
}

/* GET /v1/complaints/{uuid}: the device that sent it, an admin, or the
 * agency it was passed to; anyone else is told it does not exist. */
void
_aduan_hub_server_handle_complaint_get (AduanHubServer    *self,
                                        SoupServerMessage *msg,
                                        AduanHubRequest   *request)
{
  g_autoptr(AduanHubRecord) record = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  const AduanHubDevice *device = request->device;
  gboolean visible;

  if (!g_uuid_string_is_valid (request->param))
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_uuid",
                             "The last part of the path must be the complaint’s UUID");
      return;
    }

  record = aduan_hub_storage_get_record (self->reader, request->param, &error);
  if (error != NULL)
    {
      aduan_hub_reply_gerror (msg, error);
      return;
    }

  switch (device->role)
    {
    case ADUAN_HUB_ROLE_ADMIN:
      visible = record != NULL;
      break;
    case ADUAN_HUB_ROLE_AGENCY:
      visible = record != NULL && g_strcmp0 (record->agency_code, device->agency_code) == 0;
      break;
    case ADUAN_HUB_ROLE_OFFICER:
    case ADUAN_HUB_ROLE_KIOSK:
    case ADUAN_HUB_ROLE_N:
    default:
      visible = record != NULL && g_strcmp0 (record->device_id, device->id) == 0;
      break;
    }

  if (!visible)
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No complaint %s", request->param);
      return;
    }

  events = aduan_hub_storage_list_events (self->reader, request->param, &error);
  if (events != NULL)
    photos = aduan_hub_storage_list_attached_photos (self->reader, request->param, &error);
  if (error != NULL)
    {
      aduan_hub_reply_gerror (msg, error);
      return;
    }

  node = aduan_hub_record_to_json (record,
                                   device->role == ADUAN_HUB_ROLE_AGENCY ? ADUAN_HUB_RECORD_VIEW_AGENCY
                                                                         : ADUAN_HUB_RECORD_VIEW_FULL,
                                   _aduan_hub_now (), events, photos);
  aduan_hub_reply_json (msg, SOUP_STATUS_OK, node);
}

/* GET /v1/changes?since=CURSOR&limit=N: the calling device's news. */
void
_aduan_hub_server_handle_changes (AduanHubServer    *self,
                                  SoupServerMessage *msg,
                                  AduanHubRequest   *request,
                                  GHashTable        *query)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *next = NULL;
  const char *since_text = query != NULL ? g_hash_table_lookup (query, "since") : NULL;
  const char *limit_text = query != NULL ? g_hash_table_lookup (query, "limit") : NULL;
  gint64 since = 0;
  gint64 limit = CHANGES_DEFAULT_LIMIT;
  gboolean more;

  if (since_text != NULL && *since_text != '\0' && !parse_count (since_text, G_MAXINT64, &since))
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_cursor",
                             "since: give the cursor from the last answer’s “next”, or nothing to start");
      return;
    }

  if (limit_text != NULL && (!parse_count (limit_text, CHANGES_MAX_LIMIT, &limit) || limit == 0))
    {
      aduan_hub_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_limit",
                             "limit: must be between 1 and %d", CHANGES_MAX_LIMIT);
      return;
    }

  events = aduan_hub_storage_list_changes (self->reader, request->device->id, since, (guint) limit + 1, &error);
  if (events == NULL)
    {
      aduan_hub_reply_gerror (msg, error);
      return;
    }

  more = events->len > (guint) limit;
  if (more)
    g_ptr_array_set_size (events, (guint) limit);

  if (events->len > 0)
    since = ((AduanStatusEvent *) g_ptr_array_index (events, events->len - 1))->sequence;
  next = g_strdup_printf ("%" G_GINT64_FORMAT, since);

  node = aduan_change_feed_to_json (events, next, more);
  aduan_hub_reply_json (msg, SOUP_STATUS_OK, node);
}
