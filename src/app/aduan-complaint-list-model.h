/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "aduan-store.h"

G_BEGIN_DECLS

#define ADUAN_COMPLAINT_LIST_MODEL_PAGE_SIZE 200

#define ADUAN_TYPE_COMPLAINT_LIST_MODEL (aduan_complaint_list_model_get_type ())
G_DECLARE_FINAL_TYPE (AduanComplaintListModel, aduan_complaint_list_model, ADUAN, COMPLAINT_LIST_MODEL, GObject)

AduanComplaintListModel *aduan_complaint_list_model_new         (AduanStore              *store);
AduanStore              *aduan_complaint_list_model_get_store   (AduanComplaintListModel *self);
const char              *aduan_complaint_list_model_get_search  (AduanComplaintListModel *self);
void                     aduan_complaint_list_model_set_search  (AduanComplaintListModel *self,
                                                                 const char              *search);
void                     aduan_complaint_list_model_reload      (AduanComplaintListModel *self);
gboolean                 aduan_complaint_list_model_find        (AduanComplaintListModel *self,
                                                                 const char              *uuid,
                                                                 guint                   *out_position);
guint                    aduan_complaint_list_model_get_pages_loaded (AduanComplaintListModel *self);
const GError            *aduan_complaint_list_model_get_error   (AduanComplaintListModel *self);

G_END_DECLS
