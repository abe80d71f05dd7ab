/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * AduanVillage:
 * @code: the Kemendagri code, `NN.NN.NN.NNNN`
 * @name: the village (desa / kelurahan)
 * @district: the district (kecamatan)
 * @regency: the regency or city (kabupaten / kota)
 * @province: the province
 *
 * One village with the names of the areas it lies in.
 */
typedef struct
{
  char *code;
  char *name;
  char *district;
  char *regency;
  char *province;
} AduanVillage;

AduanVillage *aduan_village_copy      (const AduanVillage *village);
void          aduan_village_free      (AduanVillage       *village);
char         *aduan_village_get_label (const AduanVillage *village);
gboolean      aduan_village_code_is_well_formed (const char *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanVillage, aduan_village_free)

#define ADUAN_TYPE_AREA_INDEX (aduan_area_index_get_type ())
G_DECLARE_FINAL_TYPE (AduanAreaIndex, aduan_area_index, ADUAN, AREA_INDEX, GObject)

AduanAreaIndex *aduan_area_index_open            (const char     *path,
                                                  GError        **error);
AduanAreaIndex *aduan_area_index_open_default    (GError        **error);
GPtrArray      *aduan_area_index_search          (AduanAreaIndex *self,
                                                  const char     *text,
                                                  guint           limit,
                                                  GError        **error);
AduanVillage   *aduan_area_index_lookup          (AduanAreaIndex *self,
                                                  const char     *code,
                                                  GError        **error);
gint64          aduan_area_index_count_villages  (AduanAreaIndex *self);

G_END_DECLS
