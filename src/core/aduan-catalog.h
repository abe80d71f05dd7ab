/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * AduanCategory:
 * @id: stable identifier, e.g. `street-lighting`
 * @name_en: the name in English (source language)
 * @name_id: the name in Indonesian
 * @agency_code: the agency (OPD) a complaint of this category goes to by default
 * @icon_name: a symbolic icon name for the kiosk
 */
typedef struct
{
  char *id;
  char *name_en;
  char *name_id;
  char *agency_code;
  char *icon_name;
} AduanCategory;

/**
 * AduanAgency:
 * @code: stable identifier, e.g. `dishub`
 * @name_en: the name in English
 * @name_id: the name in Indonesian
 */
typedef struct
{
  char *code;
  char *name_en;
  char *name_id;
} AduanAgency;

const char *aduan_category_get_name (const AduanCategory *category);
const char *aduan_agency_get_name   (const AduanAgency   *agency);

#define ADUAN_TYPE_CATALOG (aduan_catalog_get_type ())
G_DECLARE_FINAL_TYPE (AduanCatalog, aduan_catalog, ADUAN, CATALOG, GObject)

AduanCatalog        *aduan_catalog_new_from_data    (const char  *data,
                                                     gssize       length,
                                                     GError     **error);
AduanCatalog        *aduan_catalog_new_from_file    (const char  *path,
                                                     GError     **error);
AduanCatalog        *aduan_catalog_new_default      (GError     **error);

GPtrArray           *aduan_catalog_get_categories   (AduanCatalog *self);
GPtrArray           *aduan_catalog_get_agencies     (AduanCatalog *self);
const AduanCategory *aduan_catalog_lookup_category  (AduanCatalog *self,
                                                     const char   *id);
const AduanAgency   *aduan_catalog_lookup_agency    (AduanCatalog *self,
                                                     const char   *code);
JsonNode            *aduan_catalog_to_json          (AduanCatalog *self);
const char          *aduan_catalog_get_etag         (AduanCatalog *self);

G_END_DECLS
