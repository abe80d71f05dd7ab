/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "aduan-hub-device.h"
#include "aduan-hub-record.h"
#include "aduan-hub-working-days.h"

G_BEGIN_DECLS

#define ADUAN_HUB_MESSAGE_MAX_CHARS 5000

/**
 * AduanHubAction:
 * @ADUAN_HUB_ACTION_VERIFY: check it is complete and the region's to handle
 * @ADUAN_HUB_ACTION_REJECT: turn it down, with a reason
 * @ADUAN_HUB_ACTION_DISPOSE: pass it to an agency
 * @ADUAN_HUB_ACTION_RESPOND: answer or report a follow-up step
 * @ADUAN_HUB_ACTION_RESOLVE: close it as done
 * @ADUAN_HUB_ACTION_REOPEN: open a closed one again
 *
 * The steps an office takes on a complaint.
 */
typedef enum {
  ADUAN_HUB_ACTION_VERIFY,
  ADUAN_HUB_ACTION_REJECT,
  ADUAN_HUB_ACTION_DISPOSE,
  ADUAN_HUB_ACTION_RESPOND,
  ADUAN_HUB_ACTION_RESOLVE,
  ADUAN_HUB_ACTION_REOPEN,
  ADUAN_HUB_ACTION_N
} AduanHubAction;

const char *aduan_hub_action_to_string   (AduanHubAction  action);
gboolean    aduan_hub_action_from_string (const char     *str,
                                          AduanHubAction *out_action);

/**
 * AduanHubActionRequest:
 * @action: the step
 * @reject_reason: for a rejection
 * @duplicate_of: (nullable): for a duplicate, the other complaint's
 *   tracking code
 * @agency_code: (nullable): for a disposition, the agency
 * @message: (nullable): the response, or a note to go with the step
 *
 * One workflow step as an office asked for it.
 */
typedef struct
{
  AduanHubAction     action;
  AduanRejectReason  reject_reason;
  char              *duplicate_of;  /* (owned) (nullable) */
  char              *agency_code;   /* (owned) (nullable) */
  char              *message;       /* (owned) (nullable) */
} AduanHubActionRequest;

AduanHubActionRequest *aduan_hub_action_request_from_json (AduanHubAction          action,
                                                           JsonNode               *node,
                                                           GError                **error);
void                   aduan_hub_action_request_free      (AduanHubActionRequest  *request);

AduanStatusEvent      *aduan_hub_workflow_receive         (AduanHubRecord               *record,
                                                           const AduanHubDevice         *device,
                                                           gint64                        now,
                                                           AduanHubWorkingDays          *calendar);
AduanStatusEvent      *aduan_hub_workflow_apply           (AduanHubRecord               *record,
                                                           const AduanHubActionRequest  *request,
                                                           const AduanHubDevice         *actor,
                                                           gint64                        now,
                                                           AduanHubWorkingDays          *calendar,
                                                           GError                      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanHubActionRequest, aduan_hub_action_request_free)

G_END_DECLS
