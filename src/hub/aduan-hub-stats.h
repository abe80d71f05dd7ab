/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "aduan-hub-record.h"

G_BEGIN_DECLS

typedef struct _AduanHubStats AduanHubStats;

AduanHubStats *aduan_hub_stats_new     (GTimeZone             *timezone,
                                        gint64                 now);
void           aduan_hub_stats_free    (AduanHubStats         *self);
void           aduan_hub_stats_add     (AduanHubStats         *self,
                                        const AduanHubSummary *summary);
JsonNode      *aduan_hub_stats_to_json (AduanHubStats         *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanHubStats, aduan_hub_stats_free)

G_END_DECLS
