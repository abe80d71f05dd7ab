/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "aduan-area-index.h"
#include "aduan-catalog.h"
#include "aduan-form-state.h"
#include "aduan-photo-pipeline.h"
#include "aduan-store.h"

G_BEGIN_DECLS

/* The form's draft in the store; one per device, the officer's form. */
#define ADUAN_COMPLAINT_FORM_DRAFT_ID "officer-form"

#define ADUAN_TYPE_COMPLAINT_FORM (aduan_complaint_form_get_type ())
G_DECLARE_FINAL_TYPE (AduanComplaintForm, aduan_complaint_form, ADUAN, COMPLAINT_FORM, GtkWidget)

GtkWidget      *aduan_complaint_form_new           (void);
void            aduan_complaint_form_setup         (AduanComplaintForm *self,
                                                    AduanStore         *store,
                                                    AduanCatalog       *catalog,
                                                    AduanAreaIndex     *areas,
                                                    GSettings          *settings);
void            aduan_complaint_form_set_photo_pipeline (AduanComplaintForm *self,
                                                         AduanPhotoPipeline *pipeline);
gboolean        aduan_complaint_form_restore_draft (AduanComplaintForm *self);
gboolean        aduan_complaint_form_save          (AduanComplaintForm *self);
void            aduan_complaint_form_clear         (AduanComplaintForm *self);
void            aduan_complaint_form_flush_draft   (AduanComplaintForm *self);
void            aduan_complaint_form_focus_start   (AduanComplaintForm *self);
gboolean        aduan_complaint_form_is_blank      (AduanComplaintForm *self);
gboolean        aduan_complaint_form_is_at_risk    (AduanComplaintForm *self);
AduanFormState *aduan_complaint_form_get_state     (AduanComplaintForm *self);

G_END_DECLS
