/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "aduan-complaint-item.h"

G_BEGIN_DECLS

#define ADUAN_TYPE_COMPLAINT_ROW (aduan_complaint_row_get_type ())
G_DECLARE_FINAL_TYPE (AduanComplaintRow, aduan_complaint_row, ADUAN, COMPLAINT_ROW, GtkWidget)

GtkWidget          *aduan_complaint_row_new      (void);
AduanComplaintItem *aduan_complaint_row_get_item (AduanComplaintRow  *self);
void                aduan_complaint_row_set_item (AduanComplaintRow  *self,
                                                  AduanComplaintItem *item);

G_END_DECLS
