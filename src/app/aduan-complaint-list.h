/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "aduan-complaint-list-model.h"

G_BEGIN_DECLS

#define ADUAN_TYPE_COMPLAINT_LIST (aduan_complaint_list_get_type ())
G_DECLARE_FINAL_TYPE (AduanComplaintList, aduan_complaint_list, ADUAN, COMPLAINT_LIST, GtkWidget)

GtkWidget               *aduan_complaint_list_new        (void);
void                     aduan_complaint_list_set_store  (AduanComplaintList *self,
                                                          AduanStore         *store);
AduanComplaintListModel *aduan_complaint_list_get_model  (AduanComplaintList *self);
void                     aduan_complaint_list_set_search (AduanComplaintList *self,
                                                          const char         *search);
void                     aduan_complaint_list_select     (AduanComplaintList *self,
                                                          const char         *uuid);
void                     aduan_complaint_list_unselect   (AduanComplaintList *self);

G_END_DECLS
