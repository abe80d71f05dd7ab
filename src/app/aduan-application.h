/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "aduan-area-index.h"
#include "aduan-catalog.h"
#include "aduan-photo-pipeline.h"
#include "aduan-store.h"
#include "aduan-sync-engine.h"

G_BEGIN_DECLS

#define ADUAN_TYPE_APPLICATION (aduan_application_get_type ())
G_DECLARE_FINAL_TYPE (AduanApplication, aduan_application, ADUAN, APPLICATION, AdwApplication)

AduanApplication *aduan_application_new            (void);
AduanStore       *aduan_application_get_store      (AduanApplication *self);
AduanCatalog     *aduan_application_get_catalog    (AduanApplication *self);
AduanAreaIndex   *aduan_application_get_area_index (AduanApplication *self);
GSettings        *aduan_application_get_settings   (AduanApplication *self);
const char       *aduan_application_get_data_dir   (AduanApplication *self);
void              aduan_application_set_exit_status (AduanApplication *self,
                                                     int               status);
int               aduan_application_get_exit_status (AduanApplication *self);
AduanPhotoPipeline *aduan_application_get_photo_pipeline (AduanApplication *self);
AduanSyncEngine  *aduan_application_get_sync_engine (AduanApplication *self);

G_END_DECLS
