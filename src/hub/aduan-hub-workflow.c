/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "aduan-error.h"
#include "aduan-hub-error.h"
#include "aduan-hub-workflow.h"
#include "aduan-tracking-code.h"

/*
 * The follow-up clock: receiving a complaint starts it (the admin's time to
 * verify and dispose), disposing restarts it (the agency's time), a
 * response, a resolution or a rejection stops it, reopening starts it
 * again. While it runs, due_at is its deadline in working days.
 */

static const char * const actions[ADUAN_HUB_ACTION_N] = {
  "verify", "reject", "dispose", "respond", "resolve", "reopen",
};

#define STATUS_MASK(status) (1u << (status))

/* Which statuses each step may start from. */
static const guint allowed_from[ADUAN_HUB_ACTION_N] = {
  [ADUAN_HUB_ACTION_VERIFY] = STATUS_MASK (ADUAN_COMPLAINT_STATUS_RECEIVED),
  [ADUAN_HUB_ACTION_REJECT] = STATUS_MASK (ADUAN_COMPLAINT_STATUS_RECEIVED) |
                              STATUS_MASK (ADUAN_COMPLAINT_STATUS_VERIFIED) |
                              STATUS_MASK (ADUAN_COMPLAINT_STATUS_DISPOSED),
  [ADUAN_HUB_ACTION_DISPOSE] = STATUS_MASK (ADUAN_COMPLAINT_STATUS_RECEIVED) |
                               STATUS_MASK (ADUAN_COMPLAINT_STATUS_VERIFIED) |
                               STATUS_MASK (ADUAN_COMPLAINT_STATUS_DISPOSED) |
                               STATUS_MASK (ADUAN_COMPLAINT_STATUS_IN_PROGRESS),
  [ADUAN_HUB_ACTION_RESPOND] = STATUS_MASK (ADUAN_COMPLAINT_STATUS_VERIFIED) |
                               STATUS_MASK (ADUAN_COMPLAINT_STATUS_DISPOSED) |
                               STATUS_MASK (ADUAN_COMPLAINT_STATUS_IN_PROGRESS),
  [ADUAN_HUB_ACTION_RESOLVE] = STATUS_MASK (ADUAN_COMPLAINT_STATUS_VERIFIED) |
                               STATUS_MASK (ADUAN_COMPLAINT_STATUS_DISPOSED) |
                               STATUS_MASK (ADUAN_COMPLAINT_STATUS_IN_PROGRESS),
  [ADUAN_HUB_ACTION_REOPEN] = STATUS_MASK (ADUAN_COMPLAINT_STATUS_REJECTED) |
                              STATUS_MASK (ADUAN_COMPLAINT_STATUS_RESOLVED),
};

const char *
aduan_hub_action_to_string (AduanHubAction action)
{
  g_return_val_if_fail ((guint) action < ADUAN_HUB_ACTION_N, NULL);

  return actions[action];
}

gboolean
aduan_hub_action_from_string (const char     *str,
                              AduanHubAction *out_action)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < ADUAN_HUB_ACTION_N; i++)
    if (g_str_equal (actions[i], str))
      {
        *out_action = (AduanHubAction) i;
        return TRUE;
      }

  return FALSE;
}

void
aduan_hub_action_request_free (AduanHubActionRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->duplicate_of);
  g_free (request->agency_code);
  g_free (request->message);
  g_free (request);
}

static gboolean
read_string (JsonObject  *object,
             const char  *member,
             char       **out,
             GError     **error)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD, "%s: must be a string", member);
      return FALSE;
    }

  if (*json_node_get_string (node) != '\0')
    *out = g_strdup (json_node_get_string (node));

  return TRUE;
}

static gboolean
is_clean_text (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) && c != '\n' && c != '\t' && c != '\r')
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_agency_code (const char *code)
{
  gsize length = 0;

  for (const char *p = code; *p != '\0'; p++, length++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;

  return length > 0 && length <= 64;
}

/**
 * aduan_hub_action_request_from_json:
 * @action: the step, from the URL
 * @node: (nullable): the request body: `{"message", "reason",
 *   "duplicate_of", "agency"}` as the step needs them
 * @error: return location for a #GError
 *
 * Reads and checks a workflow request; a missing or malformed member is an
 * %ADUAN_ERROR_INVALID_FIELD naming it.
 *
 * Returns: (transfer full) (nullable): the request
 */
AduanHubActionRequest *
aduan_hub_action_request_from_json (AduanHubAction   action,
                                    JsonNode        *node,
                                    GError         **error)
{
  g_autoptr(AduanHubActionRequest) request = g_new0 (AduanHubActionRequest, 1);
  g_autofree char *reason = NULL;
  JsonObject *object = NULL;

  g_return_val_if_fail ((guint) action < ADUAN_HUB_ACTION_N, NULL);

  request->action = action;

  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_JSON,
                               "The request body must be a JSON object");
          return NULL;
        }
      object = json_node_get_object (node);
    }

  if (!read_string (object, "message", &request->message, error) ||
      !read_string (object, "reason", &reason, error) ||
      !read_string (object, "duplicate_of", &request->duplicate_of, error) ||
      !read_string (object, "agency", &request->agency_code, error))
    return NULL;

  if (request->message != NULL &&
      (g_utf8_strlen (request->message, -1) > ADUAN_HUB_MESSAGE_MAX_CHARS || !is_clean_text (request->message)))
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   "message: must be at most %d characters of text", ADUAN_HUB_MESSAGE_MAX_CHARS);
      return NULL;
    }

  switch (action)
    {
    case ADUAN_HUB_ACTION_REJECT:
      if (reason == NULL)
        {
          g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                               "reason: say why: not-authority, incomplete or duplicate");
          return NULL;
        }
      if (!aduan_reject_reason_from_string (reason, &request->reject_reason) ||
          request->reject_reason == ADUAN_REJECT_REASON_NONE)
        {
          g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                               "reason: must be not-authority, incomplete or duplicate");
          return NULL;
        }
      if (request->reject_reason == ADUAN_REJECT_REASON_DUPLICATE)
        {
          g_autofree char *code = NULL;

          if (request->duplicate_of == NULL)
            {
              g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                                   "duplicate_of: name the tracking code of the complaint this one repeats");
              return NULL;
            }
          code = aduan_tracking_code_normalize (request->duplicate_of, NULL);
          if (code == NULL)
            {
              g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                                   "duplicate_of: not a valid tracking code");
              return NULL;
            }
          g_free (request->duplicate_of);
          request->duplicate_of = g_steal_pointer (&code);
        }
      else if (request->duplicate_of != NULL)
        {
          g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                               "duplicate_of: only a duplicate names another complaint");
          return NULL;
        }
      break;

    case ADUAN_HUB_ACTION_DISPOSE:
      if (request->agency_code == NULL || !is_agency_code (request->agency_code))
        {
          g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                               "agency: name the agency code to pass the complaint to");
          return NULL;
        }
      break;

    case ADUAN_HUB_ACTION_RESPOND:
      if (request->message == NULL)
        {
          g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                               "message: a response needs its text");
          return NULL;
        }
      break;

    case ADUAN_HUB_ACTION_VERIFY:
    case ADUAN_HUB_ACTION_RESOLVE:
    case ADUAN_HUB_ACTION_REOPEN:
    case ADUAN_HUB_ACTION_N:
    default:
      break;
    }

  if (action != ADUAN_HUB_ACTION_REJECT && reason != NULL)
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                           "reason: only a rejection has a reason");
      return NULL;
    }

  if (action != ADUAN_HUB_ACTION_DISPOSE && request->agency_code != NULL)
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                           "agency: only a disposition names an agency");
      return NULL;
    }

  return g_steal_pointer (&request);
}

static AduanStatusEvent *
make_event (const AduanHubRecord *record,
            AduanStatusEventKind  kind,
            const char           *actor,
            gint64                now,
            const char           *message)
{
  AduanStatusEvent *event = aduan_status_event_new ();

  event->complaint_uuid = g_strdup (record->complaint->uuid);
  event->tracking_code = g_strdup (record->complaint->tracking_code);
  event->kind = kind;
  event->status = record->status;
  event->agency_code = g_strdup (record->agency_code);
  event->actor = g_strdup (actor);
  event->at = now;
  event->message = g_strdup (message);
  event->reject_reason = record->reject_reason;
  event->duplicate_of = g_strdup (record->duplicate_of);
  event->due_at = record->due_at;

  return event;
}

/**
 * aduan_hub_workflow_receive:
 * @record: a complaint the hub is about to store for the first time
 * @device: the device that sent it
 * @now: the time, UTC microseconds
 * @calendar: the working-day calendar
 *
 * Sets a new record's state: received, the follow-up clock started.
 *
 * Returns: (transfer full): the `received` event
 */
AduanStatusEvent *
aduan_hub_workflow_receive (AduanHubRecord       *record,
                            const AduanHubDevice *device,
                            gint64                now,
                            AduanHubWorkingDays  *calendar)
{
  g_return_val_if_fail (record != NULL && device != NULL, NULL);

  g_free (record->device_id);
  record->device_id = g_strdup (device->id);
  record->status = ADUAN_COMPLAINT_STATUS_RECEIVED;
  record->received_at = now;
  record->updated_at = now;
  record->due_at = aduan_hub_working_days_deadline (calendar, now);

  return make_event (record, ADUAN_STATUS_EVENT_RECEIVED, device->id, now, NULL);
}

static AduanStatusEventKind
event_kind_for (AduanHubAction action)
{
  switch (action)
    {
    case ADUAN_HUB_ACTION_VERIFY:
      return ADUAN_STATUS_EVENT_VERIFIED;
    case ADUAN_HUB_ACTION_REJECT:
      return ADUAN_STATUS_EVENT_REJECTED;
    case ADUAN_HUB_ACTION_DISPOSE:
      return ADUAN_STATUS_EVENT_DISPOSED;
    case ADUAN_HUB_ACTION_RESPOND:
      return ADUAN_STATUS_EVENT_RESPONDED;
    case ADUAN_HUB_ACTION_RESOLVE:
      return ADUAN_STATUS_EVENT_RESOLVED;
    case ADUAN_HUB_ACTION_REOPEN:
    case ADUAN_HUB_ACTION_N:
    default:
      return ADUAN_STATUS_EVENT_REOPENED;
    }
}

/**
 * aduan_hub_workflow_apply:
 * @record: the complaint, changed in place on success
 * @request: the step
 * @actor: who takes it: an admin, or the liaison of the agency holding it
 * @now: the time, UTC microseconds
 * @calendar: the working-day calendar
 * @error: return location for a #GError
 *
 * Takes one workflow step. Whether a duplicate's original exists and
 * whether an agency is in the catalog is the caller's to check.
 *
 * Returns: (transfer full) (nullable): the event to store with the
 *   record, or %NULL with %ADUAN_HUB_ERROR_INVALID_TRANSITION or
 *   %ADUAN_HUB_ERROR_FORBIDDEN
 */
AduanStatusEvent *
aduan_hub_workflow_apply (AduanHubRecord               *record,
                          const AduanHubActionRequest  *request,
                          const AduanHubDevice         *actor,
                          gint64                        now,
                          AduanHubWorkingDays          *calendar,
                          GError                      **error)
{
  g_return_val_if_fail (record != NULL && request != NULL && actor != NULL, NULL);
  g_return_val_if_fail ((guint) request->action < ADUAN_HUB_ACTION_N, NULL);

  if (actor->role == ADUAN_HUB_ROLE_AGENCY)
    {
      /* A liaison answers for the agency's own complaints; verifying,
       * rejecting and disposing stay with the complaint admin. */
      if (request->action != ADUAN_HUB_ACTION_RESPOND && request->action != ADUAN_HUB_ACTION_RESOLVE)
        {
          g_set_error (error, ADUAN_HUB_ERROR, ADUAN_HUB_ERROR_FORBIDDEN,
                       "An agency token cannot %s a complaint; ask the complaint admin",
                       aduan_hub_action_to_string (request->action));
          return NULL;
        }
      if (g_strcmp0 (actor->agency_code, record->agency_code) != 0)
        {
          g_set_error_literal (error, ADUAN_HUB_ERROR, ADUAN_HUB_ERROR_FORBIDDEN,
                               "This complaint was not passed to your agency");
          return NULL;
        }
    }
  else if (actor->role != ADUAN_HUB_ROLE_ADMIN)
    {
      g_set_error_literal (error, ADUAN_HUB_ERROR, ADUAN_HUB_ERROR_FORBIDDEN,
                           "Only office tokens take workflow steps");
      return NULL;
    }

  if ((allowed_from[request->action] & STATUS_MASK (record->status)) == 0)
    {
      g_set_error (error, ADUAN_HUB_ERROR, ADUAN_HUB_ERROR_INVALID_TRANSITION,
                   "A complaint that is %s cannot be %s",
                   aduan_complaint_status_to_string (record->status),
                   request->action == ADUAN_HUB_ACTION_VERIFY ? "verified" :
                   request->action == ADUAN_HUB_ACTION_REJECT ? "rejected" :
                   request->action == ADUAN_HUB_ACTION_DISPOSE ? "disposed" :
                   request->action == ADUAN_HUB_ACTION_RESPOND ? "responded to" :
                   request->action == ADUAN_HUB_ACTION_RESOLVE ? "resolved" : "reopened");
      return NULL;
    }

  if (request->action == ADUAN_HUB_ACTION_REJECT &&
      g_strcmp0 (request->duplicate_of, record->complaint->tracking_code) == 0)
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                           "duplicate_of: a complaint cannot duplicate itself");
      return NULL;
    }

  switch (request->action)
    {
    case ADUAN_HUB_ACTION_VERIFY:
      record->status = ADUAN_COMPLAINT_STATUS_VERIFIED;
      break;

    case ADUAN_HUB_ACTION_REJECT:
      record->status = ADUAN_COMPLAINT_STATUS_REJECTED;
      record->reject_reason = request->reject_reason;
      g_free (record->duplicate_of);
      record->duplicate_of = g_strdup (request->duplicate_of);
      record->due_at = 0;
      break;

    case ADUAN_HUB_ACTION_DISPOSE:
      record->status = ADUAN_COMPLAINT_STATUS_DISPOSED;
      g_free (record->agency_code);
      record->agency_code = g_strdup (request->agency_code);
      record->due_at = aduan_hub_working_days_deadline (calendar, now);
      break;

    case ADUAN_HUB_ACTION_RESPOND:
      record->status = ADUAN_COMPLAINT_STATUS_IN_PROGRESS;
      if (record->first_response_at == 0)
        record->first_response_at = now;
      record->due_at = 0;
      break;

    case ADUAN_HUB_ACTION_RESOLVE:
      record->status = ADUAN_COMPLAINT_STATUS_RESOLVED;
      if (record->first_response_at == 0)
        record->first_response_at = now;
      record->resolved_at = now;
      record->due_at = 0;
      break;

    case ADUAN_HUB_ACTION_REOPEN:
      record->status = record->agency_code != NULL ? ADUAN_COMPLAINT_STATUS_DISPOSED
                                                   : ADUAN_COMPLAINT_STATUS_RECEIVED;
      record->reject_reason = ADUAN_REJECT_REASON_NONE;
      g_clear_pointer (&record->duplicate_of, g_free);
      record->resolved_at = 0;
      record->due_at = aduan_hub_working_days_deadline (calendar, now);
      break;

    case ADUAN_HUB_ACTION_N:
    default:
      g_assert_not_reached ();
    }

  record->updated_at = now;

  return make_event (record, event_kind_for (request->action), actor->id, now, request->message);
}
