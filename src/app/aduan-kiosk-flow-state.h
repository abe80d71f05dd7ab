/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "aduan-area-index.h"
#include "aduan-catalog.h"
#include "aduan-complaint.h"

G_BEGIN_DECLS

/**
 * AduanKioskStep:
 *
 * The kiosk's complaint flow, one screen each, in the order a citizen
 * goes through them.
 */
typedef enum {
  ADUAN_KIOSK_STEP_KIND,
  ADUAN_KIOSK_STEP_CATEGORY,
  ADUAN_KIOSK_STEP_WHAT,
  ADUAN_KIOSK_STEP_WHERE,
  ADUAN_KIOSK_STEP_WHO,
  ADUAN_KIOSK_STEP_REVIEW,
  ADUAN_KIOSK_N_STEPS
} AduanKioskStep;

/**
 * AduanKioskPlace:
 *
 * Where the kiosk stands, from its settings: what "here" means.
 */
typedef struct
{
  gboolean  has_location;
  double    latitude;
  double    longitude;
  double    accuracy_m;     /* < 0 when unknown */
  char     *village_code;   /* (owned) (nullable) */
  char     *village_label;  /* (owned) (nullable) */
} AduanKioskPlace;

/**
 * AduanKioskFlowState:
 *
 * What one citizen entered at the kiosk, without any widget: the steps,
 * the values, what each step still needs, and the wipe that forgets it
 * all. Strings are never %NULL, only empty.
 */
typedef struct
{
  AduanKioskStep   step;

  gboolean         kind_chosen;
  AduanReportKind  kind;
  char            *category;        /* (owned) catalog id, or "" */
  char            *title;           /* (owned) */
  char            *description;     /* (owned) */
  GBytes          *photo;           /* (owned) (nullable) the JPEG, kept in memory only */
  GBytes          *photo_thumbnail; /* (owned) (nullable) */

  gboolean         here;            /* the kiosk's own place, not a village picked */
  char            *village_code;    /* (owned) picked, or "" */
  char            *village_label;   /* (owned) as shown or typed */

  gboolean         anonymous;
  gboolean         confidential;
  char            *reporter_name;   /* (owned) */
  char            *reporter_phone;  /* (owned) */
} AduanKioskFlowState;

AduanKioskFlowState *aduan_kiosk_flow_state_new          (void);
void                 aduan_kiosk_flow_state_free         (AduanKioskFlowState *self);
void                 aduan_kiosk_flow_state_wipe         (AduanKioskFlowState *self);
gboolean             aduan_kiosk_flow_state_is_blank     (AduanKioskFlowState *self);

void                 aduan_kiosk_flow_state_set_kind     (AduanKioskFlowState *self,
                                                          AduanReportKind      kind);
void                 aduan_kiosk_flow_state_set_category (AduanKioskFlowState *self,
                                                          const char          *category);
void                 aduan_kiosk_flow_state_set_title    (AduanKioskFlowState *self,
                                                          const char          *title);
void                 aduan_kiosk_flow_state_set_description (AduanKioskFlowState *self,
                                                             const char          *description);
void                 aduan_kiosk_flow_state_set_photo    (AduanKioskFlowState *self,
                                                          GBytes              *jpeg,
                                                          GBytes              *thumbnail);
void                 aduan_kiosk_flow_state_set_here     (AduanKioskFlowState *self,
                                                          gboolean             here);
void                 aduan_kiosk_flow_state_set_village  (AduanKioskFlowState *self,
                                                          const char          *code,
                                                          const char          *label);
void                 aduan_kiosk_flow_state_set_anonymous (AduanKioskFlowState *self,
                                                           gboolean             anonymous);
void                 aduan_kiosk_flow_state_set_confidential (AduanKioskFlowState *self,
                                                              gboolean             confidential);
void                 aduan_kiosk_flow_state_set_reporter (AduanKioskFlowState *self,
                                                          const char          *name,
                                                          const char          *phone);

char                *aduan_kiosk_flow_state_check_step   (AduanKioskFlowState   *self,
                                                          AduanKioskStep         step,
                                                          const AduanKioskPlace *place,
                                                          AduanCatalog          *catalog);
gboolean             aduan_kiosk_flow_state_go_next      (AduanKioskFlowState   *self,
                                                          const AduanKioskPlace *place,
                                                          AduanCatalog          *catalog,
                                                          char                 **out_message);
gboolean             aduan_kiosk_flow_state_go_back      (AduanKioskFlowState *self);
guint                aduan_kiosk_flow_state_get_position (AduanKioskFlowState *self);

AduanComplaint      *aduan_kiosk_flow_state_to_complaint (AduanKioskFlowState   *self,
                                                          const AduanKioskPlace *place,
                                                          gint64                 now_usec);

void                 aduan_kiosk_place_clear             (AduanKioskPlace *place);
gboolean             aduan_kiosk_place_is_known          (const AduanKioskPlace *place);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanKioskFlowState, aduan_kiosk_flow_state_free)

G_END_DECLS
