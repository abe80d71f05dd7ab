/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _AduanHubWorkingDays AduanHubWorkingDays;

AduanHubWorkingDays *aduan_hub_working_days_new            (guint                n_days,
                                                            const char          *timezone,
                                                            GError             **error);
void                 aduan_hub_working_days_free           (AduanHubWorkingDays *self);
gboolean             aduan_hub_working_days_load_holidays  (AduanHubWorkingDays *self,
                                                            const char          *path,
                                                            GError             **error);
gboolean             aduan_hub_working_days_parse_holidays (AduanHubWorkingDays *self,
                                                            const char          *text,
                                                            GError             **error);
void                 aduan_hub_working_days_add_holiday    (AduanHubWorkingDays *self,
                                                            GDateYear            year,
                                                            GDateMonth           month,
                                                            GDateDay             day);
gboolean             aduan_hub_working_days_is_working_day (AduanHubWorkingDays *self,
                                                            const GDate         *date);
gint64               aduan_hub_working_days_deadline       (AduanHubWorkingDays *self,
                                                            gint64               start);
guint                aduan_hub_working_days_get_n_days     (AduanHubWorkingDays *self);
GTimeZone           *aduan_hub_working_days_get_timezone   (AduanHubWorkingDays *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanHubWorkingDays, aduan_hub_working_days_free)

G_END_DECLS
