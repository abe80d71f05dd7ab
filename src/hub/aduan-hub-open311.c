/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "aduan-hub-open311.h"

/*
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2), read side:
 * services are the catalog's categories, requests are complaints that are
 * not confidential. Nothing about the reporter is ever written here, nor
 * photos, which can show faces and homes.
 */

static const char *
category_name (const AduanCategory *category)
{
  return category->name_id != NULL ? category->name_id : category->name_en;
}

static const char *
agency_name (AduanCatalog *catalog,
             const char   *code)
{
  const AduanAgency *agency;

  if (code == NULL)
    return NULL;

  agency = catalog != NULL ? aduan_catalog_lookup_agency (catalog, code) : NULL;
  if (agency == NULL)
    return code;

  return agency->name_id != NULL ? agency->name_id : agency->name_en;
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
 * aduan_hub_open311_format_time:
 * @usec: UTC microseconds
 * @timezone: the zone to write it in
 *
 * Returns: (transfer full): W3C date and time with the zone's offset, as
 *   GeoReport wants: `2026-03-05T14:05:00+07:00`
 */
char *
aduan_hub_open311_format_time (gint64     usec,
                               GTimeZone *timezone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return NULL;

  local = g_date_time_to_timezone (utc, timezone);
  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       usec,
          GTimeZone   *timezone)
{
  g_autofree char *text = usec != 0 ? aduan_hub_open311_format_time (usec, timezone) : NULL;

  add_string (builder, name, text);
}

/**
 * aduan_hub_open311_services:
 * @catalog: the catalog
 *
 * Returns: (transfer full): the `services.json` list
 */
JsonNode *
aduan_hub_open311_services (AduanCatalog *catalog)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GPtrArray *categories;

  g_return_val_if_fail (ADUAN_IS_CATALOG (catalog), NULL);

  categories = aduan_catalog_get_categories (catalog);
  json_builder_begin_array (builder);
  for (guint i = 0; categories != NULL && i < categories->len; i++)
    {
      const AduanCategory *category = g_ptr_array_index (categories, i);

      json_builder_begin_object (builder);
      add_string (builder, "service_code", category->id);
      add_string (builder, "service_name", category_name (category));
      add_string (builder, "description", category->name_en);
      json_builder_set_member_name (builder, "metadata");
      json_builder_add_boolean_value (builder, FALSE);
      add_string (builder, "type", "realtime");
      add_string (builder, "keywords", "");
      add_string (builder, "group", agency_name (catalog, category->agency_code));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

/* The latest words the office addressed to the public, for status_notes. */
static const char *
latest_notes (const AduanHubRecord *record,
              GPtrArray            *events)
{
  for (guint i = events != NULL ? events->len : 0; i > 0; i--)
    {
      const AduanStatusEvent *event = g_ptr_array_index (events, i - 1);

      if (event->kind == ADUAN_STATUS_EVENT_REOPENED)
        return NULL;
      if (event->message != NULL &&
          (event->kind == ADUAN_STATUS_EVENT_RESPONDED || event->kind == ADUAN_STATUS_EVENT_RESOLVED))
        return event->message;
    }

  switch (record->reject_reason)
    {
    case ADUAN_REJECT_REASON_NOT_AUTHORITY:
      return "Rejected: not the authority of this region";
    case ADUAN_REJECT_REASON_INCOMPLETE:
      return "Rejected: the report is incomplete";
    case ADUAN_REJECT_REASON_DUPLICATE:
      return "Rejected: a duplicate of another request";
    case ADUAN_REJECT_REASON_NONE:
    case ADUAN_REJECT_REASON_N:
    default:
      return NULL;
    }
}

/**
 * aduan_hub_open311_add_request:
 * @builder: a builder inside an array
 * @record: a complaint that is not confidential
 * @events: (nullable) (element-type AduanStatusEvent): its history, for
 *   the status notes
 * @catalog: (nullable): for names
 * @timezone: the zone to write times in
 *
 * Adds one GeoReport service request. The tracking code is its ID: it is
 * what the citizen holds, and says nothing about the device or the order
 * of arrival.
 */
void
aduan_hub_open311_add_request (JsonBuilder          *builder,
                               const AduanHubRecord *record,
                               GPtrArray            *events,
                               AduanCatalog         *catalog,
                               GTimeZone            *timezone)
{
  const AduanComplaint *complaint;
  const AduanCategory *category;
  const char *duplicate_of;

  g_return_if_fail (record != NULL && record->complaint != NULL);
  g_return_if_fail (!record->complaint->confidential);

  complaint = record->complaint;
  category = catalog != NULL ? aduan_catalog_lookup_category (catalog, complaint->category) : NULL;
  duplicate_of = record->reject_reason == ADUAN_REJECT_REASON_DUPLICATE ? record->duplicate_of : NULL;

  json_builder_begin_object (builder);
  add_string (builder, "service_request_id", complaint->tracking_code);
  add_string (builder, "status", aduan_complaint_status_is_closed (record->status) ? "closed" : "open");
  add_string (builder, "status_notes", latest_notes (record, events));
  add_string (builder, "service_name", category != NULL ? category_name (category) : complaint->category);
  add_string (builder, "service_code", complaint->category);
  add_string (builder, "description", complaint->description);
  add_string (builder, "agency_responsible", agency_name (catalog, record->agency_code));
  add_string (builder, "service_notice", NULL);
  add_time (builder, "requested_datetime", complaint->created_at != 0 ? complaint->created_at : record->received_at, timezone);
  add_time (builder, "updated_datetime", record->updated_at, timezone);
  add_time (builder, "expected_datetime",
            aduan_complaint_status_is_closed (record->status) ? 0 : record->due_at, timezone);
  add_string (builder, "address", NULL);
  add_string (builder, "address_id", complaint->village_code);
  add_string (builder, "zipcode", NULL);
  json_builder_set_member_name (builder, "lat");
  if (complaint->has_location)
    json_builder_add_double_value (builder, complaint->latitude);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "long");
  if (complaint->has_location)
    json_builder_add_double_value (builder, complaint->longitude);
  else
    json_builder_add_null_value (builder);
  add_string (builder, "media_url", NULL);
  /* Not GeoReport, but what LAPOR!-style consumers need to merge duplicates. */
  add_string (builder, "duplicate_of", duplicate_of);
  json_builder_end_object (builder);
}
