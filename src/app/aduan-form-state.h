/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "aduan-area-index.h"
#include "aduan-catalog.h"
#include "aduan-complaint.h"
#include "aduan-location.h"

G_BEGIN_DECLS

/**
 * AduanFormState:
 *
 * What the capture form holds, as a person typed it, without any widget:
 * numbers and dates stay text until they are turned into a complaint, so a
 * half-typed latitude survives in the draft exactly as it was typed.
 *
 * Text fields are named as in aduan_form_state_set_text(); errors are keyed
 * by the JSON names aduan_complaint_check() uses ("title", "reporter.nik",
 * "location", "occurred_at", …).
 */
typedef struct
{
  AduanReportKind      kind;
  char                *category;          /* (owned) (nullable) catalog id */
  char                *title;             /* (owned) */
  char                *description;       /* (owned) */
  char                *reporter_name;     /* (owned) */
  char                *reporter_phone;    /* (owned) */
  char                *reporter_nik;      /* (owned) */
  char                *reporter_address;  /* (owned) */
  gboolean             anonymous;
  gboolean             confidential;
  AduanChannel         channel;
  char                *village_code;      /* (owned) (nullable) picked from the index */
  char                *village_label;     /* (owned) (nullable) */
  char                *latitude;          /* (owned) as typed */
  char                *longitude;         /* (owned) as typed */
  char                *accuracy;          /* (owned) as typed, metres */
  AduanLocationSource  location_source;
  gint64               location_time;     /* UTC microseconds of the fix; 0 when typed */
  char                *occurred_date;     /* (owned) YYYY-MM-DD, local time */
  char                *occurred_time;     /* (owned) HH:MM, local time */
  char                *officer;           /* (owned) */
  GPtrArray           *photos;            /* (owned) (element-type AduanPhotoRef) stored, in order */

  /* Bookkeeping: which messages a person should see. */
  GHashTable          *touched;           /* (owned) error field names edited */
  GHashTable          *errors;            /* (owned) error field → message */
  gboolean             show_all_errors;   /* after a Save was tried */
} AduanFormState;

AduanFormState *aduan_form_state_new            (void);
void            aduan_form_state_free           (AduanFormState *self);

void            aduan_form_state_reset          (AduanFormState *self,
                                                 const char     *officer,
                                                 AduanChannel    channel,
                                                 gint64          now_usec);

gboolean        aduan_form_state_set_text       (AduanFormState *self,
                                                 const char     *field,
                                                 const char     *value);
const char     *aduan_form_state_get_text       (AduanFormState *self,
                                                 const char     *field);
const char     *aduan_form_state_error_field_for (const char    *field);

void            aduan_form_state_set_kind       (AduanFormState      *self,
                                                 AduanReportKind      kind);
void            aduan_form_state_set_channel    (AduanFormState      *self,
                                                 AduanChannel         channel);
void            aduan_form_state_set_location_source (AduanFormState      *self,
                                                      AduanLocationSource  source);
void            aduan_form_state_set_anonymous  (AduanFormState *self,
                                                 gboolean        anonymous);
void            aduan_form_state_set_confidential (AduanFormState *self,
                                                   gboolean        confidential);
void            aduan_form_state_set_village    (AduanFormState *self,
                                                 const char     *code,
                                                 const char     *label);

void            aduan_form_state_apply_fix      (AduanFormState         *self,
                                                 const AduanLocationFix *fix);
gboolean        aduan_form_state_add_photo      (AduanFormState      *self,
                                                 const AduanPhotoRef *ref);
gboolean        aduan_form_state_remove_photo   (AduanFormState *self,
                                                 const char     *sha256);
gboolean        aduan_form_state_has_photo      (AduanFormState *self,
                                                 const char     *sha256);
gboolean        aduan_form_state_has_location   (AduanFormState *self);
gboolean        aduan_form_state_has_occurred_at (AduanFormState *self);

gboolean        aduan_form_state_is_blank       (AduanFormState *self);

AduanComplaint *aduan_form_state_to_complaint   (AduanFormState *self,
                                                 GPtrArray     **parse_errors);
guint           aduan_form_state_check          (AduanFormState *self,
                                                 AduanCatalog   *catalog,
                                                 AduanAreaIndex *areas);
const char     *aduan_form_state_get_error      (AduanFormState *self,
                                                 const char     *error_field);
const char     *aduan_form_state_get_visible_error (AduanFormState *self,
                                                    const char     *error_field);
void            aduan_form_state_set_show_all_errors (AduanFormState *self,
                                                      gboolean        show);

char           *aduan_form_state_to_json        (AduanFormState *self);
gboolean        aduan_form_state_load_json      (AduanFormState *self,
                                                 const char     *json,
                                                 GError        **error);

gboolean        aduan_parse_coordinate          (const char     *text,
                                                 double         *out_value);
gboolean        aduan_parse_local_date_time     (const char     *date,
                                                 const char     *time,
                                                 gint64         *out_usec);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanFormState, aduan_form_state_free)

G_END_DECLS
