/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "aduan-hub-record.h"

/**
 * aduan_hub_record_new:
 * @complaint: (transfer full): the complaint as received
 *
 * Returns: (transfer full): a record in status received
 */
AduanHubRecord *
aduan_hub_record_new (AduanComplaint *complaint)
{
  AduanHubRecord *record = g_new0 (AduanHubRecord, 1);

  record->complaint = complaint;
  record->status = ADUAN_COMPLAINT_STATUS_RECEIVED;

  return record;
}

AduanHubRecord *
aduan_hub_record_copy (const AduanHubRecord *record)
{
  AduanHubRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = g_new0 (AduanHubRecord, 1);
  *copy = *record;
  copy->complaint = record->complaint != NULL ? aduan_complaint_copy (record->complaint) : NULL;
  copy->device_id = g_strdup (record->device_id);
  copy->agency_code = g_strdup (record->agency_code);
  copy->duplicate_of = g_strdup (record->duplicate_of);

  return copy;
}

void
aduan_hub_record_free (AduanHubRecord *record)
{
  if (record == NULL)
    return;

  g_clear_pointer (&record->complaint, aduan_complaint_free);
  g_free (record->device_id);
  g_free (record->agency_code);
  g_free (record->duplicate_of);
  g_free (record);
}

/**
 * aduan_hub_record_is_overdue:
 * @record: a record
 * @now: the time to judge by, UTC microseconds
 *
 * Returns: %TRUE if a follow-up deadline is running and has passed
 */
gboolean
aduan_hub_record_is_overdue (const AduanHubRecord *record,
                             gint64                now)
{
  g_return_val_if_fail (record != NULL, FALSE);

  return record->due_at != 0 && now > record->due_at &&
         !aduan_complaint_status_is_closed (record->status);
}

static void
add_time (JsonBuilder *builder,
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

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * aduan_hub_record_to_json:
 * @record: a record
 * @view: how much the caller may see
 * @now: the time to judge the deadline by
 * @events: (nullable) (element-type AduanStatusEvent): its history, if
 *   wanted
 * @photos_held: (nullable) (element-type utf8): the SHA-256 of the photos
 *   the hub holds for it, if wanted
 *
 * The office's view of a complaint: `{"complaint": …, "status": …, …}`,
 * the complaint itself in the one wire form devices send.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
aduan_hub_record_to_json (const AduanHubRecord *record,
                          AduanHubRecordView    view,
                          gint64                now,
                          GPtrArray            *events,
                          GPtrArray            *photos_held)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(AduanComplaint) shown = NULL;
  const AduanComplaint *complaint = record->complaint;

  g_return_val_if_fail (record != NULL && record->complaint != NULL, NULL);

  /* An agency acts on what was reported; who reported a confidential
   * complaint stays with the complaint admin. */
  if (view == ADUAN_HUB_RECORD_VIEW_AGENCY && complaint->confidential)
    {
      shown = aduan_complaint_copy (complaint);
      aduan_complaint_clear_reporter (shown);
      shown->anonymous = TRUE;
      complaint = shown;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "complaint");
  json_builder_add_value (builder, aduan_complaint_to_json (complaint, ADUAN_JSON_WIRE));
  add_string (builder, "status", aduan_complaint_status_to_string (record->status));
  add_string (builder, "agency", record->agency_code);
  add_string (builder, "device_id", record->device_id);
  add_time (builder, "received_at", record->received_at);
  add_time (builder, "updated_at", record->updated_at);
  add_time (builder, "due_at", record->due_at);
  json_builder_set_member_name (builder, "overdue");
  json_builder_add_boolean_value (builder, aduan_hub_record_is_overdue (record, now));
  add_time (builder, "first_response_at", record->first_response_at);
  add_time (builder, "resolved_at", record->resolved_at);
  add_string (builder, "reject_reason",
              record->reject_reason != ADUAN_REJECT_REASON_NONE
                ? aduan_reject_reason_to_string (record->reject_reason) : NULL);
  add_string (builder, "duplicate_of", record->duplicate_of);

  if (photos_held != NULL)
    {
      json_builder_set_member_name (builder, "missing_photos");
      json_builder_begin_array (builder);
      for (guint i = 0; complaint->photos != NULL && i < complaint->photos->len; i++)
        {
          const AduanPhotoRef *ref = g_ptr_array_index (complaint->photos, i);

          if (!g_ptr_array_find_with_equal_func (photos_held, ref->sha256, g_str_equal, NULL))
            json_builder_add_string_value (builder, ref->sha256);
        }
      json_builder_end_array (builder);
    }

  if (events != NULL)
    {
      json_builder_set_member_name (builder, "events");
      json_builder_begin_array (builder);
      for (guint i = 0; i < events->len; i++)
        json_builder_add_value (builder, aduan_status_event_to_json (g_ptr_array_index (events, i)));
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
