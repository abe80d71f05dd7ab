/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "aduan-location.h"
#include "aduan-status-event.h"
#include "aduan-sync-engine.h"

G_BEGIN_DECLS

/*
 * The words the app shows for sync, status from the hub and location
 * fixes, worked out without a widget so the tests can check them.
 */

char       *aduan_sync_describe_status (AduanSyncStatus       status,
                                        guint                 n_waiting,
                                        guint                 n_failed,
                                        gint64                last_sync,
                                        gint64                now);
char       *aduan_sync_describe_last_sync (gint64             last_sync,
                                           gint64             now);
char       *aduan_sync_describe_item   (AduanSyncItemState    state,
                                        double                fraction,
                                        gboolean              has_hub_status,
                                        AduanComplaintStatus  hub_status,
                                        const char           *agency_name);
const char *aduan_sync_item_css_class  (AduanSyncItemState    state,
                                        gboolean              has_hub_status,
                                        AduanComplaintStatus  hub_status);
char       *aduan_status_event_describe (const AduanStatusEvent *event,
                                         const char             *agency_name);
char       *aduan_location_describe_fix (const AduanLocationFix *fix,
                                         gint64                  now);

G_END_DECLS
