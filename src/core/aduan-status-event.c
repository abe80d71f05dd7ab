/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "aduan-complaint.h"
#include "aduan-error.h"
#include "aduan-json.h"
#include "aduan-status-event.h"

G_DEFINE_BOXED_TYPE (AduanStatusEvent, aduan_status_event, aduan_status_event_copy, aduan_status_event_free)

typedef struct
{
  const char *id;     /* stable, on the wire and in the database */
  const char *label;  /* for people, translated */
} EnumEntry;

static const EnumEntry statuses[ADUAN_COMPLAINT_STATUS_N] = {
  { "received", N_("Received") },
  { "verified", N_("Verified") },
  { "rejected", N_("Rejected") },
  { "disposed", N_("Passed to the agency") },
  { "in-progress", N_("Being followed up") },
  { "resolved", N_("Resolved") },
};

static const char * const event_kinds[ADUAN_STATUS_EVENT_N] = {
  "received", "verified", "rejected", "disposed", "responded", "resolved", "reopened",
};

static const char * const reject_reasons[ADUAN_REJECT_REASON_N] = {
  "none", "not-authority", "incomplete", "duplicate",
};

static gboolean
lookup_string (const char * const *strings,
               guint               n_strings,
               const char         *str,
               guint              *out_index)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < n_strings; i++)
    if (g_str_equal (strings[i], str))
      {
        *out_index = i;
        return TRUE;
      }

  return FALSE;
}

const char *
aduan_complaint_status_to_string (AduanComplaintStatus status)
{
  g_return_val_if_fail ((guint) status < ADUAN_COMPLAINT_STATUS_N, NULL);

  return statuses[status].id;
}

gboolean
aduan_complaint_status_from_string (const char           *str,
                                    AduanComplaintStatus *out_status)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < ADUAN_COMPLAINT_STATUS_N; i++)
    if (g_str_equal (statuses[i].id, str))
      {
        *out_status = (AduanComplaintStatus) i;
        return TRUE;
      }

  return FALSE;
}

/**
 * aduan_complaint_status_get_label:
 * @status: a status
 *
 * Returns: (transfer none): the status in words for people, translated
 */
const char *
aduan_complaint_status_get_label (AduanComplaintStatus status)
{
  g_return_val_if_fail ((guint) status < ADUAN_COMPLAINT_STATUS_N, NULL);

  return _(statuses[status].label);
}

/**
 * aduan_complaint_status_is_closed:
 * @status: a status
 *
 * Returns: %TRUE if nobody needs to act on a complaint in @status, which is
 *   also what Open311 calls `closed`
 */
gboolean
aduan_complaint_status_is_closed (AduanComplaintStatus status)
{
  return status == ADUAN_COMPLAINT_STATUS_REJECTED ||
         status == ADUAN_COMPLAINT_STATUS_RESOLVED;
}

const char *
aduan_status_event_kind_to_string (AduanStatusEventKind kind)
{
  g_return_val_if_fail ((guint) kind < ADUAN_STATUS_EVENT_N, NULL);

  return event_kinds[kind];
}

gboolean
aduan_status_event_kind_from_string (const char           *str,
                                     AduanStatusEventKind *out_kind)
{
  guint index;

  if (!lookup_string (event_kinds, ADUAN_STATUS_EVENT_N, str, &index))
    return FALSE;

  *out_kind = (AduanStatusEventKind) index;
  return TRUE;
}

const char *
aduan_reject_reason_to_string (AduanRejectReason reason)
{
  g_return_val_if_fail ((guint) reason < ADUAN_REJECT_REASON_N, NULL);

  return reject_reasons[reason];
}

gboolean
aduan_reject_reason_from_string (const char        *str,
                                 AduanRejectReason *out_reason)
{
  guint index;

  if (!lookup_string (reject_reasons, ADUAN_REJECT_REASON_N, str, &index))
    return FALSE;

  *out_reason = (AduanRejectReason) index;
  return TRUE;
}

/**
 * aduan_status_event_new:
 *
 * Returns: (transfer full): an empty event
 */
AduanStatusEvent *
aduan_status_event_new (void)
{
  return g_new0 (AduanStatusEvent, 1);
}

AduanStatusEvent *
aduan_status_event_copy (const AduanStatusEvent *event)
{
  AduanStatusEvent *copy;

  g_return_val_if_fail (event != NULL, NULL);

  copy = g_new0 (AduanStatusEvent, 1);
  *copy = *event;
  copy->complaint_uuid = g_strdup (event->complaint_uuid);
  copy->tracking_code = g_strdup (event->tracking_code);
  copy->agency_code = g_strdup (event->agency_code);
  copy->actor = g_strdup (event->actor);
  copy->message = g_strdup (event->message);
  copy->duplicate_of = g_strdup (event->duplicate_of);

  return copy;
}

void
aduan_status_event_free (AduanStatusEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->complaint_uuid);
  g_free (event->tracking_code);
  g_free (event->agency_code);
  g_free (event->actor);
  g_free (event->message);
  g_free (event->duplicate_of);
  g_free (event);
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
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       usec)
{
  g_autofree char *text = usec != 0 ? aduan_format_time_iso8601 (usec) : NULL;

  add_string (builder, name, text);
}

/**
 * aduan_status_event_to_json:
 * @event: an event
 *
 * The wire form of an event, as the change feed carries it. The sequence
 * number is left out: the feed's cursor is what a device keeps.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
aduan_status_event_to_json (const AduanStatusEvent *event)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (event != NULL, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "uuid", event->complaint_uuid);
  add_string (builder, "tracking_code", event->tracking_code);
  add_string (builder, "event", aduan_status_event_kind_to_string (event->kind));
  add_string (builder, "status", aduan_complaint_status_to_string (event->status));
  add_string (builder, "agency", event->agency_code);
  add_string (builder, "actor", event->actor);
  add_time (builder, "at", event->at);
  add_string (builder, "message", event->message);
  add_string (builder, "reject_reason",
              event->reject_reason != ADUAN_REJECT_REASON_NONE
                ? aduan_reject_reason_to_string (event->reject_reason) : NULL);
  add_string (builder, "duplicate_of", event->duplicate_of);
  add_time (builder, "due_at", event->due_at);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
read_string (JsonObject  *object,
             const char  *member,
             gboolean     required,
             char       **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                       _("%s: this field is required"), member);
          return FALSE;
        }
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("%s: must be a string"), member);
      return FALSE;
    }

  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_time (JsonObject  *object,
           const char  *member,
           gboolean     required,
           gint64      *out,
           GError     **error)
{
  g_autofree char *text = NULL;

  if (!read_string (object, member, required, &text, error))
    return FALSE;

  if (text == NULL)
    return TRUE;

  if (!aduan_parse_time_iso8601 (text, out))
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("%s: must be a time such as 2026-11-23T09:30:00+07:00"), member);
      return FALSE;
    }

  return TRUE;
}

/**
 * aduan_status_event_from_json:
 * @node: a JSON object as aduan_status_event_to_json() writes it
 * @error: return location for a #GError
 *
 * Reads an event, strictly: a wrong type or an unknown status is an
 * %ADUAN_ERROR_INVALID_FIELD naming the field. Members it does not know
 * are ignored, so a newer hub can add some.
 *
 * Returns: (transfer full) (nullable): the event
 */
AduanStatusEvent *
aduan_status_event_from_json (JsonNode  *node,
                              GError   **error)
{
  g_autoptr(AduanStatusEvent) event = aduan_status_event_new ();
  g_autofree char *kind = NULL;
  g_autofree char *status = NULL;
  g_autofree char *reason = NULL;
  JsonObject *object;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_JSON,
                           _("A status event must be a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!read_string (object, "uuid", TRUE, &event->complaint_uuid, error) ||
      !read_string (object, "tracking_code", FALSE, &event->tracking_code, error) ||
      !read_string (object, "event", TRUE, &kind, error) ||
      !read_string (object, "status", TRUE, &status, error) ||
      !read_string (object, "agency", FALSE, &event->agency_code, error) ||
      !read_string (object, "actor", FALSE, &event->actor, error) ||
      !read_time (object, "at", TRUE, &event->at, error) ||
      !read_string (object, "message", FALSE, &event->message, error) ||
      !read_string (object, "reject_reason", FALSE, &reason, error) ||
      !read_string (object, "duplicate_of", FALSE, &event->duplicate_of, error) ||
      !read_time (object, "due_at", FALSE, &event->due_at, error))
    return NULL;

  if (!g_uuid_string_is_valid (event->complaint_uuid))
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                           _("uuid: not a valid UUID"));
      return NULL;
    }

  if (!aduan_status_event_kind_from_string (kind, &event->kind))
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                           _("event: not a known kind of event"));
      return NULL;
    }

  if (!aduan_complaint_status_from_string (status, &event->status))
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                           _("status: not a known status"));
      return NULL;
    }

  if (reason != NULL && !aduan_reject_reason_from_string (reason, &event->reject_reason))
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                           _("reject_reason: not a known reason"));
      return NULL;
    }

  return g_steal_pointer (&event);
}

/**
 * aduan_change_feed_to_json:
 * @events: (element-type AduanStatusEvent): the events of one page, oldest
 *   first
 * @next_cursor: the cursor to ask with next time
 * @more: whether more events wait after this page
 *
 * Builds one page of the hub's change feed:
 * `{"changes": [event…], "next": CURSOR, "more": BOOL}`.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
aduan_change_feed_to_json (GPtrArray  *events,
                           const char *next_cursor,
                           gboolean    more)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (events != NULL, NULL);
  g_return_val_if_fail (next_cursor != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < events->len; i++)
    json_builder_add_value (builder, aduan_status_event_to_json (g_ptr_array_index (events, i)));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "next");
  json_builder_add_string_value (builder, next_cursor);
  json_builder_set_member_name (builder, "more");
  json_builder_add_boolean_value (builder, more);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* json-glib 1.6 recurses once per nesting level: an answer of nothing but
 * "[" from a broken or hostile server would overflow the stack. A feed
 * page nests three deep. */
#define MAX_FEED_DEPTH 16


/**
 * aduan_change_feed_parse:
 * @data: the body of a `GET /v1/changes` answer
 * @length: its length, or -1 if nul-terminated
 * @out_events: (out) (transfer container) (element-type AduanStatusEvent):
 *   the events, oldest first
 * @out_next_cursor: (out) (transfer full): the cursor to store once the
 *   events are stored
 * @out_more: (out) (optional): whether to ask again straight away
 * @error: return location for a #GError
 *
 * Reads one page of the change feed, all or nothing: a device stores the
 * events and the cursor in one transaction, so it must not see half a page.
 *
 * Returns: %TRUE on success
 */
gboolean
aduan_change_feed_parse (const char  *data,
                         gssize       length,
                         GPtrArray  **out_events,
                         char       **out_next_cursor,
                         gboolean    *out_more,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *changes;
  JsonNode *next;
  JsonNode *more;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (out_events != NULL, FALSE);
  g_return_val_if_fail (out_next_cursor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (length < 0)
    length = (gssize) strlen (data);

  if (!aduan_json_check_depth (data, length, MAX_FEED_DEPTH, NULL) ||
      !json_parser_load_from_data (parser, data, length, &local_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_JSON,
                           _("The change feed is not a JSON object"));
      return FALSE;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  changes = json_object_get_member (object, "changes");
  next = json_object_get_member (object, "next");
  more = json_object_get_member (object, "more");

  if (changes == NULL || !JSON_NODE_HOLDS_ARRAY (changes))
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                           _("changes: must be an array"));
      return FALSE;
    }

  if (next == NULL || !JSON_NODE_HOLDS_VALUE (next) || json_node_get_value_type (next) != G_TYPE_STRING)
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                           _("next: must be a string"));
      return FALSE;
    }

  events = g_ptr_array_new_with_free_func ((GDestroyNotify) aduan_status_event_free);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (changes)); i++)
    {
      AduanStatusEvent *event;

      event = aduan_status_event_from_json (json_array_get_element (json_node_get_array (changes), i), error);
      if (event == NULL)
        return FALSE;
      g_ptr_array_add (events, event);
    }

  if (out_more != NULL)
    *out_more = more != NULL && JSON_NODE_HOLDS_VALUE (more) &&
                json_node_get_value_type (more) == G_TYPE_BOOLEAN &&
                json_node_get_boolean (more);
  *out_next_cursor = g_strdup (json_node_get_string (next));
  *out_events = g_steal_pointer (&events);

  return TRUE;
}
