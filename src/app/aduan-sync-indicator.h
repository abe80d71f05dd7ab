/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "aduan-sync-engine.h"

G_BEGIN_DECLS

#define ADUAN_TYPE_SYNC_INDICATOR (aduan_sync_indicator_get_type ())
G_DECLARE_FINAL_TYPE (AduanSyncIndicator, aduan_sync_indicator, ADUAN, SYNC_INDICATOR, GtkWidget)

GtkWidget *aduan_sync_indicator_new        (void);
void       aduan_sync_indicator_set_engine (AduanSyncIndicator *self,
                                            AduanSyncEngine    *engine);

G_END_DECLS
