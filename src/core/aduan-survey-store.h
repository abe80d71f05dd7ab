/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aduan-store.h"
#include "aduan-survey.h"

G_BEGIN_DECLS

gboolean   aduan_survey_store_save        (AduanStore   *store,
                                           AduanSurvey  *survey,
                                           GError      **error);
GPtrArray *aduan_survey_store_list_unsent (AduanStore   *store,
                                           guint         limit,
                                           GError      **error);
gboolean   aduan_survey_store_mark        (AduanStore     *store,
                                           const char     *uuid,
                                           AduanSyncState  state,
                                           GError        **error);
gboolean   aduan_survey_store_compute_ikm (AduanStore   *store,
                                           AduanIkm     *out_ikm,
                                           GError      **error);

G_END_DECLS
