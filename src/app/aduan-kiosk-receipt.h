/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * AduanKioskReceipt:
 *
 * What a kiosk receipt shows. Nothing about the citizen: a lost receipt
 * gives away no more than the public tracking page does.
 */
typedef struct
{
  char   *tracking_code;   /* (owned) */
  char   *tracking_url;    /* (owned) (nullable) what the QR code holds */
  char   *place_name;      /* (owned) (nullable) */
  char   *kind_label;      /* (owned) (nullable) */
  char   *category_label;  /* (owned) (nullable) */
  gint64  saved_at;        /* UTC microseconds */
  guint   paper_width_mm;  /* 58 or 80 */
} AduanKioskReceipt;

AduanKioskReceipt *aduan_kiosk_receipt_new          (void);
void               aduan_kiosk_receipt_free         (AduanKioskReceipt *receipt);

char              *aduan_kiosk_tracking_url         (const char        *hub_url,
                                                     const char        *tracking_code);

gboolean           aduan_kiosk_qr_draw              (cairo_t           *cr,
                                                     const char        *text,
                                                     double             x,
                                                     double             y,
                                                     double             size);

double             aduan_kiosk_receipt_draw         (AduanKioskReceipt *receipt,
                                                     cairo_t           *cr,
                                                     double             width);

void               aduan_kiosk_receipt_print_async  (AduanKioskReceipt   *receipt,
                                                     GtkWindow           *parent,
                                                     const char          *printer,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean           aduan_kiosk_receipt_print_finish (GAsyncResult        *result,
                                                     GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanKioskReceipt, aduan_kiosk_receipt_free)

G_END_DECLS
