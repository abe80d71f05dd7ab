/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "aduan-kiosk-receipt.h"

/*
 * The kiosk receipt: one layout, drawn with cairo on screen (the QR code),
 * on a receipt printer through GtkPrintOperation, or into a PDF file when
 * the printer is a file:// URI (for a kiosk without a printer's driver,
 * and for the tests). Receipt rolls are 58 or 80 mm wide, of which a
 * printer prints 48 or 72 mm; the page is as long as the receipt.
 */

#define MARGIN_MM 4.0

AduanKioskReceipt *
aduan_kiosk_receipt_new (void)
{
  AduanKioskReceipt *receipt = g_new0 (AduanKioskReceipt, 1);

  receipt->paper_width_mm = 80;
  return receipt;
}

static AduanKioskReceipt *
receipt_copy (const AduanKioskReceipt *receipt)
{
  AduanKioskReceipt *copy = g_memdup2 (receipt, sizeof *receipt);

  copy->tracking_code = g_strdup (receipt->tracking_code);
  copy->tracking_url = g_strdup (receipt->tracking_url);
  copy->place_name = g_strdup (receipt->place_name);
  copy->kind_label = g_strdup (receipt->kind_label);
  copy->category_label = g_strdup (receipt->category_label);

  return copy;
}

void
aduan_kiosk_receipt_free (AduanKioskReceipt *receipt)
{
  if (receipt == NULL)
    return;

  g_free (receipt->tracking_code);
  g_free (receipt->tracking_url);
  g_free (receipt->place_name);
  g_free (receipt->kind_label);
  g_free (receipt->category_label);
  g_free (receipt);
}

/**
 * aduan_kiosk_tracking_url:
 * @hub_url: (nullable): the hub's public address
 *
 * Returns: (transfer full) (nullable): `<hub>/track/<code>`, or %NULL
 *   without a hub address
 */
char *
aduan_kiosk_tracking_url (const char *hub_url,
                          const char *tracking_code)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (tracking_code != NULL, NULL);

  if (hub_url == NULL)
    return NULL;

  base = g_strstrip (g_strdup (hub_url));
  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  if (*base == '\0')
    return NULL;

  return g_strconcat (base, "/track/", tracking_code, NULL);
}

/**
 * aduan_kiosk_qr_draw:
 * @text: what the code holds
 * @size: the width and height of the code, quiet zone not included
 *
 * Draws @text as a QR code (error correction M) in black, from (@x, @y).
 *
 * Returns: %FALSE if @text is too long for a QR code
 */
gboolean
aduan_kiosk_qr_draw (cairo_t    *cr,
                     const char *text,
                     double      x,
                     double      y,
                     double      size)
{
  QRcode *qr;
  double module;

  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  qr = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, TRUE);
  if (qr == NULL)
    return FALSE;

  module = size / qr->width;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  for (int row = 0; row < qr->width; row++)
    {
      for (int column = 0; column < qr->width; column++)
        {
          /* Bit 0 of each byte: the module is dark. */
          if (qr->data[row * qr->width + column] & 1)
            cairo_rectangle (cr, x + column * module, y + row * module, module, module);
        }
    }
  cairo_fill (cr);
  cairo_restore (cr);

  QRcode_free (qr);
  return TRUE;
}

static double
draw_text (cairo_t              *cr,
           PangoLayout          *layout,
           const char           *text,
           const char           *font,
           double                y,
           double                width,
           PangoAlignment        alignment,
           gboolean              draw)
{
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font);
  int height;

  pango_layout_set_font_description (layout, description);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_size (layout, NULL, &height);

  if (draw)
    {
      cairo_move_to (cr, 0, y);
      pango_cairo_show_layout (cr, layout);
    }

  return y + (double) height / PANGO_SCALE;
}

static double
draw_rule (cairo_t *cr,
           double   y,
           double   width,
           double   gap)
{
  y += gap;
  cairo_save (cr);
  cairo_set_line_width (cr, 0.5);
  cairo_set_dash (cr, (double[]) { 2, 2 }, 2, 0);
  cairo_move_to (cr, 0, y);
  cairo_line_to (cr, width, y);
  cairo_stroke (cr);
  cairo_restore (cr);

  return y + gap;
}

/**
 * aduan_kiosk_receipt_draw:
 * @cr: a cairo context whose unit is the point, origin at the top left of
 *   the printable area
 * @width: the printable width, in points
 *
 * Draws the receipt; with a recording surface, measures it.
 *
 * Returns: the height drawn, in points
 */
double
aduan_kiosk_receipt_draw (AduanKioskReceipt *receipt,
                          cairo_t           *cr,
                          double             width)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(GDateTime) saved = NULL;
  g_autofree char *when = NULL;
  g_autofree char *body_font = NULL;
  g_autofree char *small_font = NULL;
  g_autofree char *title_font = NULL;
  g_autofree char *code_font = NULL;
  g_autofree char *details = NULL;
  /* 8 pt on 48 mm of print, 10 pt on 72 mm. */
  double base = width < 170 ? 8 : 10;
  double y = 0;
  double qr_size;

  g_return_val_if_fail (receipt != NULL, 0);
  g_return_val_if_fail (receipt->tracking_code != NULL, 0);

  layout = pango_cairo_create_layout (cr);
  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72);
  pango_layout_context_changed (layout);

  body_font = g_strdup_printf ("Sans %g", base);
  small_font = g_strdup_printf ("Sans %g", base - 1);
  title_font = g_strdup_printf ("Sans Bold %g", base + 2);
  code_font = g_strdup_printf ("Monospace Bold %g", base * 2.2);

  cairo_set_source_rgb (cr, 0, 0, 0);

  if (receipt->place_name != NULL && *receipt->place_name != '\0')
    y = draw_text (cr, layout, receipt->place_name, body_font, y, width, PANGO_ALIGN_CENTER, TRUE);
  y = draw_text (cr, layout, _("Report Receipt"), title_font, y, width, PANGO_ALIGN_CENTER, TRUE);

  saved = g_date_time_new_from_unix_local (receipt->saved_at / G_USEC_PER_SEC);
  /* Translators: the date and time on a kiosk receipt, see g_date_time_format() */
  when = g_date_time_format (saved, _("%-d %B %Y, %H:%M"));
  y = draw_text (cr, layout, when, small_font, y, width, PANGO_ALIGN_CENTER, TRUE);

  y = draw_rule (cr, y, width, base * 0.6);

  y = draw_text (cr, layout, _("Your tracking code"), body_font, y, width, PANGO_ALIGN_CENTER, TRUE);
  y = draw_text (cr, layout, receipt->tracking_code, code_font, y + base * 0.2, width, PANGO_ALIGN_CENTER, TRUE);

  if (receipt->tracking_url != NULL)
    {
      qr_size = MIN (width * 0.72, 150);
      /* The QR code's quiet zone, four modules of a small code, kept
       * clear of the text around it so that any reader finds it. */
      y += qr_size * 0.12;
      if (!aduan_kiosk_qr_draw (cr, receipt->tracking_url, (width - qr_size) / 2, y, qr_size))
        g_message ("The tracking address is too long for a QR code");
      y += qr_size * 1.12;
      y = draw_text (cr, layout, _("Scan the code to follow your report, or open:"), small_font,
                     y, width, PANGO_ALIGN_CENTER, TRUE);
      y = draw_text (cr, layout, receipt->tracking_url, small_font, y, width, PANGO_ALIGN_CENTER, TRUE);
    }

  y = draw_rule (cr, y, width, base * 0.6);

  if (receipt->kind_label != NULL && receipt->category_label != NULL)
    {
      /* Translators: on the receipt: the report's kind and category */
      details = g_strdup_printf (_("%s about %s"), receipt->kind_label, receipt->category_label);
      y = draw_text (cr, layout, details, body_font, y, width, PANGO_ALIGN_LEFT, TRUE);
    }

  y = draw_text (cr, layout,
                 _("Keep this receipt. Only this code leads to your report: "
                   "nobody can look it up by your name."),
                 small_font, y + base * 0.4, width, PANGO_ALIGN_LEFT, TRUE);
  y = draw_text (cr, layout, _("Thank you."), body_font, y + base * 0.4, width, PANGO_ALIGN_CENTER, TRUE);

  return y;
}

static double
measure (AduanKioskReceipt *receipt,
         double             width)
{
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);
  double height = aduan_kiosk_receipt_draw (receipt, cr, width);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  return height;
}

static double
printable_width_mm (guint paper_width_mm)
{
  /* What receipt printers print of their rolls. */
  return paper_width_mm <= 58 ? 48.0 : 72.0;
}

typedef struct
{
  AduanKioskReceipt *receipt;    /* (owned) */
  GtkPrintOperation *operation;  /* (owned) (nullable) until it is done */
  gboolean           finished;
} PrintData;

static void
print_data_free (PrintData *data)
{
  aduan_kiosk_receipt_free (data->receipt);
  g_clear_object (&data->operation);
  g_free (data);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              GTask             *task)
{
  PrintData *data = g_task_get_task_data (task);

  aduan_kiosk_receipt_draw (data->receipt, gtk_print_context_get_cairo_context (context),
                            gtk_print_context_get_width (context));
}

static void
finish (GTask                   *task,
        GtkPrintOperation       *operation,
        GtkPrintOperationResult  result,
        GError                  *error)
{
  g_autoptr(GTask) hold = g_object_ref (task);
  PrintData *data = g_task_get_task_data (task);

  if (data->finished)
    return;
  data->finished = TRUE;

  /* The operation's handlers hold the task: let both go. */
  g_signal_handlers_disconnect_by_data (operation, task);

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      GError *op_error = NULL;

      gtk_print_operation_get_error (operation, &op_error);
      if (error != NULL)
        {
          g_clear_error (&op_error);
          g_task_return_error (task, g_error_copy (error));
        }
      else if (op_error != NULL)
        g_task_return_error (task, op_error);
      else
        g_task_return_new_error (task, GTK_PRINT_ERROR, GTK_PRINT_ERROR_GENERAL, "%s",
                                 _("The receipt could not be printed"));
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_CANCEL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("Printing was cancelled"));
  else
    g_task_return_boolean (task, TRUE);

  g_clear_object (&data->operation);
}

static void
done_cb (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         GTask                   *task)
{
  finish (task, operation, result, NULL);
}

/**
 * aduan_kiosk_receipt_print_async:
 * @printer: a printer's name, or a `file://` URI to write a PDF to
 *
 * Prints the receipt on a page as wide as the roll and as long as the
 * receipt, without a dialog.
 */
void
aduan_kiosk_receipt_print_async (AduanKioskReceipt   *receipt,
                                 GtkWindow           *parent,
                                 const char          *printer,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPrintSettings) settings = NULL;
  g_autoptr(GtkPageSetup) page_setup = NULL;
  g_autoptr(GError) error = NULL;
  GtkPaperSize *paper;
  GtkPrintOperationAction action = GTK_PRINT_OPERATION_ACTION_PRINT;
  GtkPrintOperationResult result;
  PrintData *data;
  GTask *task;
  double width_mm, height_mm;

  g_return_if_fail (receipt != NULL);
  g_return_if_fail (printer != NULL && *printer != '\0');

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, aduan_kiosk_receipt_print_async);
  data = g_new0 (PrintData, 1);
  data->receipt = receipt_copy (receipt);
  g_task_set_task_data (task, data, (GDestroyNotify) print_data_free);

  width_mm = printable_width_mm (receipt->paper_width_mm);
  height_mm = measure (data->receipt, width_mm / 25.4 * 72) * 25.4 / 72 + 2 * MARGIN_MM;

  paper = gtk_paper_size_new_custom (receipt->paper_width_mm <= 58 ? "aduan-receipt-58" : "aduan-receipt-80",
                                     receipt->paper_width_mm <= 58 ? _("Receipt roll 58 mm") : _("Receipt roll 80 mm"),
                                     receipt->paper_width_mm, height_mm, GTK_UNIT_MM);
  page_setup = gtk_page_setup_new ();
  gtk_page_setup_set_paper_size (page_setup, paper);
  gtk_page_setup_set_top_margin (page_setup, MARGIN_MM, GTK_UNIT_MM);
  gtk_page_setup_set_bottom_margin (page_setup, MARGIN_MM, GTK_UNIT_MM);
  gtk_page_setup_set_left_margin (page_setup, (receipt->paper_width_mm - width_mm) / 2, GTK_UNIT_MM);
  gtk_page_setup_set_right_margin (page_setup, (receipt->paper_width_mm - width_mm) / 2, GTK_UNIT_MM);
  gtk_paper_size_free (paper);

  settings = gtk_print_settings_new ();
  operation = gtk_print_operation_new ();

  if (g_str_has_prefix (printer, "file://"))
    {
      g_autofree char *path = g_filename_from_uri (printer, NULL, &error);

      if (path == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
          return;
        }
      gtk_print_operation_set_export_filename (operation, path);
      action = GTK_PRINT_OPERATION_ACTION_EXPORT;
    }
  else
    gtk_print_settings_set_printer (settings, printer);

  gtk_print_settings_set_n_copies (settings, 1);
  gtk_print_operation_set_print_settings (operation, settings);
  gtk_print_operation_set_default_page_setup (operation, page_setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_job_name (operation, _("Report receipt"));
  gtk_print_operation_set_allow_async (operation, TRUE);
  gtk_print_operation_set_show_progress (operation, FALSE);

  /* The operation lives until it is done, printing after this returns. */
  data->operation = g_object_ref (operation);
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (draw_page_cb),
                         g_object_ref (task), (GClosureNotify) g_object_unref, 0);
  g_signal_connect_data (operation, "done", G_CALLBACK (done_cb),
                         g_object_ref (task), (GClosureNotify) g_object_unref, 0);

  result = gtk_print_operation_run (operation, action, parent, &error);
  if (result != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    finish (task, operation, result, error);

  g_object_unref (task);
}

/**
 * aduan_kiosk_receipt_print_finish:
 *
 * Returns: %TRUE once the receipt went to the printer or the file
 */
gboolean
aduan_kiosk_receipt_print_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
