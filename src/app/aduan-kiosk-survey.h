/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "aduan-store.h"

G_BEGIN_DECLS

#define ADUAN_TYPE_KIOSK_SURVEY (aduan_kiosk_survey_get_type ())
G_DECLARE_FINAL_TYPE (AduanKioskSurvey, aduan_kiosk_survey, ADUAN, KIOSK_SURVEY, AdwBin)

void aduan_kiosk_survey_set_store (AduanKioskSurvey *self,
                                   AduanStore       *store);
void aduan_kiosk_survey_reset     (AduanKioskSurvey *self);

G_END_DECLS
