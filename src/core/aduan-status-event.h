/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * AduanComplaintStatus:
 * @ADUAN_COMPLAINT_STATUS_RECEIVED: the hub holds it; nobody has looked yet
 * @ADUAN_COMPLAINT_STATUS_VERIFIED: an admin checked it is complete and ours
 * @ADUAN_COMPLAINT_STATUS_REJECTED: an admin turned it down, with a reason
 * @ADUAN_COMPLAINT_STATUS_DISPOSED: passed to the responsible agency (OPD)
 * @ADUAN_COMPLAINT_STATUS_IN_PROGRESS: the agency responded and follows it up
 * @ADUAN_COMPLAINT_STATUS_RESOLVED: closed as done
 *
 * Where a complaint stands in the office's workflow.
 */
typedef enum {
  ADUAN_COMPLAINT_STATUS_RECEIVED,
  ADUAN_COMPLAINT_STATUS_VERIFIED,
  ADUAN_COMPLAINT_STATUS_REJECTED,
  ADUAN_COMPLAINT_STATUS_DISPOSED,
  ADUAN_COMPLAINT_STATUS_IN_PROGRESS,
  ADUAN_COMPLAINT_STATUS_RESOLVED,
  ADUAN_COMPLAINT_STATUS_N
} AduanComplaintStatus;

/**
 * AduanStatusEventKind:
 * @ADUAN_STATUS_EVENT_RECEIVED: the hub received the complaint
 * @ADUAN_STATUS_EVENT_VERIFIED: an admin verified it
 * @ADUAN_STATUS_EVENT_REJECTED: an admin rejected it (see the reason)
 * @ADUAN_STATUS_EVENT_DISPOSED: it went to an agency
 * @ADUAN_STATUS_EVENT_RESPONDED: an admin or the agency answered or followed up
 * @ADUAN_STATUS_EVENT_RESOLVED: it was closed as done
 * @ADUAN_STATUS_EVENT_REOPENED: a closed complaint was opened again
 *
 * One step of the workflow.
 */
typedef enum {
  ADUAN_STATUS_EVENT_RECEIVED,
  ADUAN_STATUS_EVENT_VERIFIED,
  ADUAN_STATUS_EVENT_REJECTED,
  ADUAN_STATUS_EVENT_DISPOSED,
  ADUAN_STATUS_EVENT_RESPONDED,
  ADUAN_STATUS_EVENT_RESOLVED,
  ADUAN_STATUS_EVENT_REOPENED,
  ADUAN_STATUS_EVENT_N
} AduanStatusEventKind;

/**
 * AduanRejectReason:
 * @ADUAN_REJECT_REASON_NONE: not rejected
 * @ADUAN_REJECT_REASON_NOT_AUTHORITY: not this region's authority
 * @ADUAN_REJECT_REASON_INCOMPLETE: too little to act on
 * @ADUAN_REJECT_REASON_DUPLICATE: the same as another complaint
 *
 * Why a complaint was rejected.
 */
typedef enum {
  ADUAN_REJECT_REASON_NONE,
  ADUAN_REJECT_REASON_NOT_AUTHORITY,
  ADUAN_REJECT_REASON_INCOMPLETE,
  ADUAN_REJECT_REASON_DUPLICATE,
  ADUAN_REJECT_REASON_N
} AduanRejectReason;

const char *aduan_complaint_status_to_string   (AduanComplaintStatus  status);
gboolean    aduan_complaint_status_from_string (const char           *str,
                                                AduanComplaintStatus *out_status);
const char *aduan_complaint_status_get_label   (AduanComplaintStatus  status);
gboolean    aduan_complaint_status_is_closed   (AduanComplaintStatus  status);

const char *aduan_status_event_kind_to_string   (AduanStatusEventKind  kind);
gboolean    aduan_status_event_kind_from_string (const char           *str,
                                                 AduanStatusEventKind *out_kind);

const char *aduan_reject_reason_to_string   (AduanRejectReason  reason);
gboolean    aduan_reject_reason_from_string (const char        *str,
                                             AduanRejectReason *out_reason);

/**
 * AduanStatusEvent:
 * @sequence: the hub's position of this event in its change feed, 0 when
 *   not yet stored
 * @complaint_uuid: the complaint it happened to
 * @tracking_code: the complaint's tracking code
 * @kind: what happened
 * @status: the complaint's status after the event
 * @agency_code: (nullable): the agency holding the complaint after the event
 * @actor: (nullable): the ID of the device or office token that did it
 * @at: when, UTC microseconds since the epoch
 * @message: (nullable): the response, or the note that came with the step
 * @reject_reason: why it was rejected, for %ADUAN_STATUS_EVENT_REJECTED
 * @duplicate_of: (nullable): the tracking code of the complaint this one
 *   duplicates
 * @due_at: the follow-up deadline after the event, 0 when none is running
 *
 * A change to a complaint's status, agency or responses: what the hub's
 * change feed carries back to the device that recorded the complaint.
 */
typedef struct
{
  gint64                sequence;
  char                 *complaint_uuid;   /* (owned) */
  char                 *tracking_code;    /* (owned) */
  AduanStatusEventKind  kind;
  AduanComplaintStatus  status;
  char                 *agency_code;      /* (owned) (nullable) */
  char                 *actor;            /* (owned) (nullable) */
  gint64                at;
  char                 *message;          /* (owned) (nullable) */
  AduanRejectReason     reject_reason;
  char                 *duplicate_of;     /* (owned) (nullable) */
  gint64                due_at;
} AduanStatusEvent;

#define ADUAN_TYPE_STATUS_EVENT (aduan_status_event_get_type ())
GType             aduan_status_event_get_type  (void) G_GNUC_CONST;

AduanStatusEvent *aduan_status_event_new       (void);
AduanStatusEvent *aduan_status_event_copy      (const AduanStatusEvent *event);
void              aduan_status_event_free      (AduanStatusEvent       *event);

JsonNode         *aduan_status_event_to_json   (const AduanStatusEvent *event);
AduanStatusEvent *aduan_status_event_from_json (JsonNode               *node,
                                                GError                **error);

JsonNode         *aduan_change_feed_to_json    (GPtrArray   *events,
                                                const char  *next_cursor,
                                                gboolean     more);
gboolean          aduan_change_feed_parse      (const char  *data,
                                                gssize       length,
                                                GPtrArray  **out_events,
                                                char       **out_next_cursor,
                                                gboolean    *out_more,
                                                GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanStatusEvent, aduan_status_event_free)

G_END_DECLS
