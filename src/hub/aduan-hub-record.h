/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "aduan-complaint.h"
#include "aduan-status-event.h"

G_BEGIN_DECLS

/**
 * AduanHubRecord:
 * @complaint: the complaint as the device sent it
 * @device_id: the device that sent it
 * @status: where it stands in the workflow
 * @agency_code: (nullable): the agency it was passed to
 * @received_at: when the hub first stored it
 * @updated_at: when its workflow state last changed
 * @due_at: the follow-up deadline while one is running, else 0
 * @first_response_at: when it was first followed up (responded or
 *   resolved), else 0
 * @resolved_at: when it was last resolved, else 0
 * @reject_reason: why it was rejected, while rejected
 * @duplicate_of: (nullable): the tracking code it duplicates, while
 *   rejected as a duplicate
 *
 * A complaint as the hub holds it: what the device sent, and the office's
 * workflow state around it.
 */
typedef struct
{
  AduanComplaint       *complaint;          /* (owned) */
  char                 *device_id;          /* (owned) */
  AduanComplaintStatus  status;
  char                 *agency_code;        /* (owned) (nullable) */
  gint64                received_at;
  gint64                updated_at;
  gint64                due_at;
  gint64                first_response_at;
  gint64                resolved_at;
  AduanRejectReason     reject_reason;
  char                 *duplicate_of;       /* (owned) (nullable) */
} AduanHubRecord;

AduanHubRecord *aduan_hub_record_new        (AduanComplaint       *complaint);
AduanHubRecord *aduan_hub_record_copy       (const AduanHubRecord *record);
void            aduan_hub_record_free       (AduanHubRecord       *record);
gboolean        aduan_hub_record_is_overdue (const AduanHubRecord *record,
                                             gint64                now);

/**
 * AduanHubRecordView:
 * @ADUAN_HUB_RECORD_VIEW_FULL: everything, for admins and the device that
 *   sent it
 * @ADUAN_HUB_RECORD_VIEW_AGENCY: an agency's view: a confidential report's
 *   reporter is left out
 *
 * How much of a record a caller may see.
 */
typedef enum {
  ADUAN_HUB_RECORD_VIEW_FULL,
  ADUAN_HUB_RECORD_VIEW_AGENCY,
} AduanHubRecordView;

JsonNode       *aduan_hub_record_to_json    (const AduanHubRecord *record,
                                             AduanHubRecordView    view,
                                             gint64                now,
                                             GPtrArray            *events,
                                             GPtrArray            *photos_held);

/**
 * AduanHubRecordQuery:
 * @status: an #AduanComplaintStatus, or -1 for any
 * @closed: 1 for only closed (resolved or rejected) complaints, 0 for only
 *   open ones, -1 for both
 * @agency_code: (nullable): only complaints passed to this agency
 * @tracking_codes: (nullable): only these tracking codes
 * @service_code: (nullable): only this category
 * @public_only: leave out confidential complaints
 * @overdue_at: if not 0, only complaints whose deadline passed before this
 * @received_after: if not 0, only complaints received at or after this
 * @received_before: if not 0, only complaints received before this
 * @offset: how many to skip, newest first
 * @limit: at most this many; 0 for no limit
 *
 * Which records aduan_hub_storage_list_records() returns, newest first.
 */
typedef struct
{
  gint                 status;
  gint                 closed;
  const char          *agency_code;
  const char * const  *tracking_codes;
  const char          *service_code;
  gboolean             public_only;
  gint64               overdue_at;
  gint64               received_after;
  gint64               received_before;
  guint                offset;
  guint                limit;
} AduanHubRecordQuery;

#define ADUAN_HUB_RECORD_QUERY_INIT { -1, -1, NULL, NULL, NULL, FALSE, 0, 0, 0, 0, 0 }

/**
 * AduanHubSummary:
 *
 * The few columns of a record the statistics need, without the complaint
 * itself, so counting a year of complaints does not parse a year of JSON.
 * Strings belong to the storage and are valid during the callback only.
 */
typedef struct
{
  AduanComplaintStatus  status;
  const char           *category;
  const char           *channel;
  const char           *agency_code;   /* (nullable) */
  const char           *village_code;  /* (nullable) */
  gint64                received_at;
  gint64                due_at;
  gint64                first_response_at;
  gint64                resolved_at;
} AduanHubSummary;

typedef void (*AduanHubSummaryFunc) (const AduanHubSummary *summary,
                                     gpointer               user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanHubRecord, aduan_hub_record_free)

G_END_DECLS
