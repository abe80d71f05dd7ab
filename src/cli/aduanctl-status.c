/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "aduan-credentials.h"
#include "aduan-outbox.h"
#include "aduan-sync-engine.h"
#include "aduanctl-context.h"

/* aduanctl status: the enrollment, the last sync and the queue. */

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       usec)
{
  g_autofree char *text = usec != 0 ? aduan_format_time_iso8601 (usec) : NULL;

  json_builder_set_member_name (builder, name);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
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

static void
print_json (AduanEnrollment *enrollment,
            AduanSyncEngine *engine,
            GPtrArray       *items)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GEnumClass) statuses = g_type_class_ref (ADUAN_TYPE_SYNC_STATUS);

  json_builder_begin_object (builder);
  add_string (builder, "status",
              g_enum_get_value (statuses, aduan_sync_engine_get_status (engine))->value_nick);
  json_builder_set_member_name (builder, "enrolled");
  json_builder_add_boolean_value (builder, enrollment != NULL);
  add_string (builder, "hub_url", enrollment != NULL ? enrollment->hub_url : NULL);
  add_string (builder, "device_id", enrollment != NULL ? enrollment->device_id : NULL);
  add_string (builder, "role", enrollment != NULL ? enrollment->role : NULL);
  add_string (builder, "token_store", enrollment != NULL ? enrollment->token_store : NULL);
  json_builder_set_member_name (builder, "enroll_again");
  json_builder_add_boolean_value (builder, enrollment != NULL && enrollment->refused);
  add_time (builder, "last_sync", aduan_sync_engine_get_last_sync (engine));
  add_string (builder, "last_error", aduan_sync_engine_get_last_error (engine));
  json_builder_set_member_name (builder, "waiting");
  json_builder_add_int_value (builder, aduan_sync_engine_get_n_waiting (engine));
  json_builder_set_member_name (builder, "failed");
  json_builder_add_int_value (builder, aduan_sync_engine_get_n_failed (engine));

  json_builder_set_member_name (builder, "queue");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      AduanOutboxItem *item = g_ptr_array_index (items, i);

      json_builder_begin_object (builder);
      add_string (builder, "uuid", item->complaint_uuid);
      add_string (builder, "tracking_code", item->tracking_code);
      add_string (builder, "state", aduan_sync_state_to_string (item->sync_state));
      json_builder_set_member_name (builder, "json_sent");
      json_builder_add_boolean_value (builder, item->json_sent);
      json_builder_set_member_name (builder, "photos");
      json_builder_add_int_value (builder, item->n_photos);
      json_builder_set_member_name (builder, "photos_sent");
      json_builder_add_int_value (builder, item->n_photos_sent);
      json_builder_set_member_name (builder, "bytes_total");
      json_builder_add_int_value (builder, item->bytes_total);
      json_builder_set_member_name (builder, "bytes_sent");
      json_builder_add_int_value (builder, item->bytes_sent);
      json_builder_set_member_name (builder, "attempts");
      json_builder_add_int_value (builder, item->attempts);
      add_time (builder, "queued_at", item->queued_at);
      add_time (builder, "last_attempt_at", item->last_attempt_at);
      add_time (builder, "next_attempt_at", item->next_attempt_at);
      add_string (builder, "last_error", item->last_error);
      json_builder_set_member_name (builder, "last_http_status");
      json_builder_add_int_value (builder, item->last_http_status);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  aduanctl_print_json (node);
}

static void
print_text (AduanEnrollment *enrollment,
            AduanSyncEngine *engine,
            GPtrArray       *items)
{
  g_autofree char *last_sync = aduanctl_format_time (aduan_sync_engine_get_last_sync (engine));
  const char *last_error = aduan_sync_engine_get_last_error (engine);

  if (enrollment != NULL)
    {
      g_print (_("Hub:        %s\n"), enrollment->hub_url);
      g_print (_("Device:     %s (%s), token in %s\n"), enrollment->device_id, enrollment->role,
               g_strcmp0 (enrollment->token_store, "keyring") == 0 ? _("the keyring") : _("a private file"));
    }
  g_print (_("Status:     %s\n"), aduan_sync_status_get_label (aduan_sync_engine_get_status (engine)));
  g_print (_("Last sync:  %s\n"), last_sync);
  if (last_error != NULL)
    g_print (_("Last error: %s\n"), last_error);
  g_print (_("Queue:      %u waiting, %u refused by the hub\n"),
           aduan_sync_engine_get_n_waiting (engine), aduan_sync_engine_get_n_failed (engine));

  for (guint i = 0; i < items->len; i++)
    {
      AduanOutboxItem *item = g_ptr_array_index (items, i);
      g_autofree char *next = aduanctl_format_time (item->next_attempt_at);

      g_print ("  %s  %-20s  %s %u/%u  %s %u  %s %s\n", item->tracking_code,
               aduan_sync_state_get_label (item->sync_state),
               _("photos"), item->n_photos_sent, item->n_photos,
               _("attempts"), item->attempts,
               _("next"), item->sync_state == ADUAN_SYNC_STATE_FAILED ? "-" : next);
      if (item->last_error != NULL)
        g_print ("      %s\n", item->last_error);
    }
}

int
aduanctl_command_status (AduanctlContext  *context,
                         int               argc,
                         char            **argv)
{
  g_autoptr(AduanStore) store = NULL;
  g_autoptr(AduanSyncEngine) engine = NULL;
  g_autoptr(AduanEnrollment) enrollment = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!aduanctl_parse_options (context, NULL, NULL,
                               _("Show the hub this device is enrolled with, the last sync and the complaints "
                                 "still to send, with their attempts and last error."),
                               &argc, &argv, &status))
    return status;

  if (argc > 1)
    return aduanctl_usage_error (context, _("unexpected argument “%s”"), argv[1]);

  store = aduanctl_open_store (context, FALSE, &error);
  if (store == NULL)
    return aduanctl_error (context, error);

  enrollment = aduan_credentials_get_enrollment (store, &error);
  if (error != NULL)
    return aduanctl_error (context, error);

  items = aduan_outbox_list (store, &error);
  if (items == NULL)
    return aduanctl_error (context, error);

  engine = aduan_sync_engine_new (store);

  if (context->json)
    print_json (enrollment, engine, items);
  else
    print_text (enrollment, engine, items);

  return ADUANCTL_EXIT_OK;
}
