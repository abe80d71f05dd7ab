/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "aduan-format.h"
#include "aduan-sync-labels.h"

/**
 * aduan_sync_describe_last_sync:
 * @last_sync: UTC microseconds of the last pass that reached the hub, 0
 *   for never
 *
 * Returns: (transfer full): "Last sync: 5 minutes ago", or "Never synced"
 */
char *
aduan_sync_describe_last_sync (gint64 last_sync,
                               gint64 now)
{
  g_autofree char *when = NULL;

  if (last_sync <= 0)
    return g_strdup (_("Never synced"));

  when = aduan_format_relative_time (last_sync, now);
  /* Translators: %s is a time such as "5 minutes ago" or "Yesterday, 14:30" */
  return g_strdup_printf (_("Last sync: %s"), when);
}

/**
 * aduan_sync_describe_status:
 *
 * The global indicator in a few words: "Offline · 3 waiting",
 * "All sent", "Sending…".
 *
 * Returns: (transfer full): the text
 */
char *
aduan_sync_describe_status (AduanSyncStatus status,
                            guint           n_waiting,
                            guint           n_failed,
                            gint64          last_sync,
                            gint64          now)
{
  switch (status)
    {
    case ADUAN_SYNC_STATUS_OFFLINE:
      if (n_waiting > 0)
        /* Translators: the hub cannot be reached and %u complaints wait */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Offline · %u waiting", "Offline · %u waiting",
                                             n_waiting), n_waiting);
      return g_strdup (_("Offline"));

    case ADUAN_SYNC_STATUS_WAITING:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u waiting to be sent", "%u waiting to be sent",
                                           n_waiting), n_waiting);

    case ADUAN_SYNC_STATUS_NEEDS_ATTENTION:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u not accepted by the hub",
                                           "%u not accepted by the hub", n_failed), n_failed);

    case ADUAN_SYNC_STATUS_NOT_ENROLLED:
    case ADUAN_SYNC_STATUS_ENROLL_AGAIN:
    case ADUAN_SYNC_STATUS_SYNCING:
    case ADUAN_SYNC_STATUS_ALL_SENT:
    default:
      return g_strdup (aduan_sync_status_get_label (status));
    }
}

static gboolean
status_is_news (AduanComplaintStatus status)
{
  /* "Received" is what the item state says already. */
  return status != ADUAN_COMPLAINT_STATUS_RECEIVED && status < ADUAN_COMPLAINT_STATUS_N;
}

/**
 * aduan_sync_describe_item:
 * @fraction: for %ADUAN_SYNC_ITEM_SENDING, how far, 0 to 1
 * @has_hub_status: whether the hub has told a status for it
 * @hub_status: that status
 * @agency_name: (nullable): the agency holding it, by name
 *
 * One complaint's state on its way to the hub and in the office's
 * workflow, as its row shows it.
 *
 * Returns: (transfer full): "Waiting to send", "Sending 40 %",
 *   "Received by the hub", "Passed to Dinas Perhubungan"…
 */
char *
aduan_sync_describe_item (AduanSyncItemState    state,
                          double                fraction,
                          gboolean              has_hub_status,
                          AduanComplaintStatus  hub_status,
                          const char           *agency_name)
{
  switch (state)
    {
    case ADUAN_SYNC_ITEM_WAITING:
      return g_strdup (_("Waiting to send"));

    case ADUAN_SYNC_ITEM_SENDING:
      {
        int percent = (int) floor (CLAMP (fraction, 0.0, 1.0) * 100.0);

        /* Translators: a complaint being sent; %d is how far, in percent */
        return g_strdup_printf (_("Sending %d %%"), percent);
      }

    case ADUAN_SYNC_ITEM_REFUSED:
      return g_strdup (_("Not accepted by the hub"));

    case ADUAN_SYNC_ITEM_RECEIVED:
    default:
      break;
    }

  if (!has_hub_status || !status_is_news (hub_status))
    return g_strdup (_("Received by the hub"));

  if (agency_name != NULL &&
      (hub_status == ADUAN_COMPLAINT_STATUS_DISPOSED || hub_status == ADUAN_COMPLAINT_STATUS_IN_PROGRESS))
    {
      if (hub_status == ADUAN_COMPLAINT_STATUS_DISPOSED)
        /* Translators: %s is an agency (OPD), e.g. "Dinas Perhubungan" */
        return g_strdup_printf (_("Passed to %s"), agency_name);
      /* Translators: %s is an agency (OPD), e.g. "Dinas Perhubungan" */
      return g_strdup_printf (_("Followed up by %s"), agency_name);
    }

  return g_strdup (aduan_complaint_status_get_label (hub_status));
}

/**
 * aduan_sync_item_css_class:
 *
 * Returns: the style class of the row's tag: sync-waiting, sync-sending,
 *   sync-sent or sync-failed
 */
const char *
aduan_sync_item_css_class (AduanSyncItemState   state,
                           gboolean             has_hub_status,
                           AduanComplaintStatus hub_status)
{
  switch (state)
    {
    case ADUAN_SYNC_ITEM_WAITING:
      return "sync-waiting";
    case ADUAN_SYNC_ITEM_SENDING:
      return "sync-sending";
    case ADUAN_SYNC_ITEM_REFUSED:
      return "sync-failed";
    case ADUAN_SYNC_ITEM_RECEIVED:
    default:
      if (has_hub_status && hub_status == ADUAN_COMPLAINT_STATUS_REJECTED)
        return "sync-failed";
      return "sync-sent";
    }
}

static const char *
reject_reason_label (AduanRejectReason reason)
{
  switch (reason)
    {
    case ADUAN_REJECT_REASON_NOT_AUTHORITY:
      return _("not this region’s authority");
    case ADUAN_REJECT_REASON_INCOMPLETE:
      return _("too little to act on");
    case ADUAN_REJECT_REASON_DUPLICATE:
      return _("the same as another complaint");
    case ADUAN_REJECT_REASON_NONE:
    case ADUAN_REJECT_REASON_N:
    default:
      return NULL;
    }
}

/**
 * aduan_status_event_describe:
 * @event: a step from the hub's change feed
 * @agency_name: (nullable): the agency it names, by name
 *
 * Returns: (transfer full): one line of the status history, such as
 *   "Passed to Dinas Perhubungan" or "Rejected: too little to act on"
 */
char *
aduan_status_event_describe (const AduanStatusEvent *event,
                             const char             *agency_name)
{
  const char *agency;

  g_return_val_if_fail (event != NULL, NULL);

  agency = agency_name != NULL ? agency_name : event->agency_code;

  switch (event->kind)
    {
    case ADUAN_STATUS_EVENT_RECEIVED:
      return g_strdup (_("Received by the hub"));

    case ADUAN_STATUS_EVENT_VERIFIED:
      return g_strdup (_("Verified by the complaint office"));

    case ADUAN_STATUS_EVENT_REJECTED:
      {
        const char *reason = reject_reason_label (event->reject_reason);

        if (event->reject_reason == ADUAN_REJECT_REASON_DUPLICATE && event->duplicate_of != NULL)
          /* Translators: %s is the tracking code of the other complaint */
          return g_strdup_printf (_("Rejected: the same as complaint %s"), event->duplicate_of);
        if (reason != NULL)
          /* Translators: %s is why, e.g. "too little to act on" */
          return g_strdup_printf (_("Rejected: %s"), reason);
        return g_strdup (_("Rejected"));
      }

    case ADUAN_STATUS_EVENT_DISPOSED:
      if (agency != NULL)
        return g_strdup_printf (_("Passed to %s"), agency);
      return g_strdup (_("Passed to the agency"));

    case ADUAN_STATUS_EVENT_RESPONDED:
      if (agency != NULL && event->status == ADUAN_COMPLAINT_STATUS_IN_PROGRESS)
        /* Translators: %s is an agency (OPD) */
        return g_strdup_printf (_("Answered by %s"), agency);
      return g_strdup (_("Answered"));

    case ADUAN_STATUS_EVENT_RESOLVED:
      return g_strdup (_("Resolved"));

    case ADUAN_STATUS_EVENT_REOPENED:
      return g_strdup (_("Opened again"));

    case ADUAN_STATUS_EVENT_N:
    default:
      return g_strdup (aduan_complaint_status_get_label (event->status));
    }
}

static char *
format_age (GTimeSpan age)
{
  gint64 seconds = MAX (0, age / G_USEC_PER_SEC);

  if (seconds < 60)
    return g_strdup (_("just now"));
  if (seconds < 3600)
    {
      int minutes = (int) (seconds / 60);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute old", "%d minutes old", minutes), minutes);
    }
  else
    {
      int hours = (int) (seconds / 3600);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour old", "%d hours old", hours), hours);
    }
}

/**
 * aduan_location_describe_fix:
 * @fix: a position
 * @now: the current time, UTC microseconds
 *
 * Returns: (transfer full): where it came from, how accurate and how old:
 *   "GPS receiver · ± 12 m · 2 minutes old"
 */
char *
aduan_location_describe_fix (const AduanLocationFix *fix,
                             gint64                  now)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (fix != NULL, NULL);

  g_string_append (text, (guint) fix->source < ADUAN_LOCATION_SOURCE_N
                         ? aduan_location_source_get_label (fix->source) : "?");

  g_string_append (text, " · ");
  if (fix->accuracy_m >= 0)
    /* Translators: how accurate a position is, in metres */
    g_string_append_printf (text, _("± %.0f m"), fix->accuracy_m);
  else
    g_string_append (text, _("accuracy unknown"));

  if (fix->time > 0)
    {
      g_autofree char *age = format_age (now - fix->time);

      g_string_append (text, " · ");
      g_string_append (text, age);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
