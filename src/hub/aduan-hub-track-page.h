/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aduan-catalog.h"
#include "aduan-hub-record.h"
#include "aduan-hub-translation.h"

G_BEGIN_DECLS

/**
 * AduanHubTrackProblem:
 * @ADUAN_HUB_TRACK_PROBLEM_NONE: just the form, nothing asked yet
 * @ADUAN_HUB_TRACK_PROBLEM_INVALID_CODE: the code is malformed or mistyped
 * @ADUAN_HUB_TRACK_PROBLEM_NOT_FOUND: no complaint has the code
 *
 * What the form page says above the form.
 */
typedef enum {
  ADUAN_HUB_TRACK_PROBLEM_NONE,
  ADUAN_HUB_TRACK_PROBLEM_INVALID_CODE,
  ADUAN_HUB_TRACK_PROBLEM_NOT_FOUND,
} AduanHubTrackProblem;

typedef struct _AduanHubTrackPage AduanHubTrackPage;

AduanHubTrackPage   *aduan_hub_track_page_new             (GTimeZone            *timezone);
void                 aduan_hub_track_page_free            (AduanHubTrackPage    *self);
AduanHubTranslation *aduan_hub_track_page_get_translation (AduanHubTrackPage    *self);
char                *aduan_hub_track_page_render_form     (AduanHubTrackPage    *self,
                                                           const char           *typed_code,
                                                           AduanHubTrackProblem  problem);
char                *aduan_hub_track_page_render          (AduanHubTrackPage    *self,
                                                           const AduanHubRecord *record,
                                                           GPtrArray            *events,
                                                           AduanCatalog         *catalog,
                                                           gint64                now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanHubTrackPage, aduan_hub_track_page_free)

G_END_DECLS
