/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "aduan-catalog.h"
#include "aduan-complaint.h"
#include "aduan-sync-engine.h"

G_BEGIN_DECLS

#define ADUAN_TYPE_COMPLAINT_DETAIL (aduan_complaint_detail_get_type ())
G_DECLARE_FINAL_TYPE (AduanComplaintDetail, aduan_complaint_detail, ADUAN, COMPLAINT_DETAIL, GtkWidget)

GtkWidget            *aduan_complaint_detail_new           (void);
void                  aduan_complaint_detail_set_complaint (AduanComplaintDetail *self,
                                                            const AduanComplaint *complaint,
                                                            AduanCatalog         *catalog);
void                  aduan_complaint_detail_setup         (AduanComplaintDetail *self,
                                                            GSettings            *settings,
                                                            AduanSyncEngine      *engine);
const AduanComplaint *aduan_complaint_detail_get_complaint (AduanComplaintDetail *self);

G_END_DECLS
