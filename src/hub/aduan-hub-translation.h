/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _AduanHubTranslation AduanHubTranslation;

AduanHubTranslation *aduan_hub_translation_new          (void);
void                 aduan_hub_translation_free         (AduanHubTranslation *self);
gboolean             aduan_hub_translation_load_mo      (AduanHubTranslation *self,
                                                         const char          *path,
                                                         GError             **error);
gboolean             aduan_hub_translation_load_default (AduanHubTranslation *self,
                                                         const char          *language);
void                 aduan_hub_translation_add_fallback (AduanHubTranslation *self,
                                                         const char          *msgid,
                                                         const char          *msgstr);
const char          *aduan_hub_translation_get          (AduanHubTranslation *self,
                                                         const char          *msgid);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanHubTranslation, aduan_hub_translation_free)

G_END_DECLS
