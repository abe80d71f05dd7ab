/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aduan-application.h"

G_BEGIN_DECLS

/* aduan-application-sync.c: photos and sync, made once the store opened. */
AduanPhotoPipeline *_aduan_application_make_photo_pipeline (AduanStore *store,
                                                            GSettings  *settings);
AduanSyncEngine    *_aduan_application_make_sync_engine    (AduanStore *store,
                                                            GSettings  *settings);

/* aduan-application-kiosk.c: --kiosk, and the kiosk window instead of the main one. */
void                _aduan_application_init_kiosk          (AduanApplication *self);

G_END_DECLS
