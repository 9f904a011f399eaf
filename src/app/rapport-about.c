/* rapport-about.c
 *
 * The About window, with the versions of the libraries Rapport runs on in
 * its troubleshooting page for bug reports.
 */

#define G_LOG_DOMAIN "rapport-about"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <sqlite3.h>

#include "rapport-about.h"

static char *
dup_debug_info (void)
{
  GString *info = g_string_new (NULL);

  g_string_append_printf (info, "Rapport %s (%s, %s)\n", PACKAGE_VERSION, APP_ID, PROFILE);
  g_string_append_printf (info, "GLib %u.%u.%u\n",
                          glib_major_version, glib_minor_version, glib_micro_version);
  g_string_append_printf (info, "GTK %u.%u.%u\n",
                          gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version ());
  g_string_append_printf (info, "libadwaita %u.%u.%u\n",
                          adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version ());
  g_string_append_printf (info, "SQLite %s\n", sqlite3_libversion ());

  return g_string_free (info, FALSE);
}

void
rapport_show_about (GtkWindow *parent)
{
  static const char *developers[] = {
    "The Rapport developers https://github.com/rapportcrm/rapport",
    NULL
  };
  g_autofree char *debug_info = dup_debug_info ();
  /* Translators: replace with your names, one per line */
  const char *translators = _("translator-credits");
  GtkWidget *about;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-icon", APP_ID,
                        "application-name", _("Rapport"),
                        "developer-name", _("The Rapport developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Keep track of your customers, conversations, follow-ups and renewals."),
                        "website", "https://github.com/rapportcrm/rapport",
                        "issue-url", "https://github.com/rapportcrm/rapport/issues",
                        "developers", developers,
                        "copyright", _("© 2026 The Rapport developers"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "debug-info", debug_info,
                        "debug-info-filename", "rapport-debug-info.txt",
                        NULL);

  if (g_strcmp0 (translators, "translator-credits") != 0)
    adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about), translators);

  gtk_window_present (GTK_WINDOW (about));
}
