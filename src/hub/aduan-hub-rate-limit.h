/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _AduanHubRateLimit AduanHubRateLimit;

AduanHubRateLimit *aduan_hub_rate_limit_new   (guint              per_minute);
void               aduan_hub_rate_limit_free  (AduanHubRateLimit *self);
gboolean           aduan_hub_rate_limit_check (AduanHubRateLimit *self,
                                               const char        *key,
                                               gint64             now,
                                               guint             *out_retry_after);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanHubRateLimit, aduan_hub_rate_limit_free)

G_END_DECLS
